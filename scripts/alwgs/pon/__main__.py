"""python -m alwgs.pon build|extend ... (./alwgs pon)."""

import sys

from alwgs.pon.cli import main

sys.exit(main())
