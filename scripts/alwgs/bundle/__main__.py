"""python -m alwgs.bundle (run by ./alwgs reference): see alwgs.bundle.cli."""

import sys

from alwgs.bundle.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
