"""python -m alwgs.findings --findings FILE.yaml [--out DIR] (./alwgs interpret)."""

import sys

from alwgs.findings.cli import main

sys.exit(main())
