"""The JSON schemas in config/schemas/ that the config, resources.yaml and the sheets are
checked against, and config/config.yaml next to them, which holds every default setting."""

from __future__ import annotations

from pathlib import Path

import yaml

# The repository's config/schemas (this file is scripts/alwgs/intake/schemas.py). The other
# modules read schemas.SCHEMA_DIR when called, not a copy made at import, so pointing it
# elsewhere (a test's copy of the schemas) moves the config, the sheets and the command line.
SCHEMA_DIR = Path(__file__).resolve().parents[3] / "config" / "schemas"


def _load_schema(name: str) -> dict:
    with open(SCHEMA_DIR / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _load_defaults() -> dict:
    """config/config.yaml, the one source of default settings (next to the schemas)."""
    with open(SCHEMA_DIR.parent / "config.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}
