"""python -m alwgs.intake BATCH.yaml (run by ./alwgs run): see alwgs.intake.cli."""

import sys

from alwgs.intake.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
