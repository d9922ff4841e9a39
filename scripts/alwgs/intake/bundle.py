"""A batch config's ``bundle:``: the reference bundle made by ./alwgs reference fills the
reference.* and databases.* keys the config does not set itself (a key set to "" keeps a
database out). The bundle is checked cheaply first: its manifest still hashes to its id and
every file has the size and mtime it had when the bundle was made (docs/CONTRACTS.md,
"Reference bundle")."""

from __future__ import annotations

import os
from pathlib import Path

from alwgs.intake.errors import IntakeError, _shown
from alwgs.intake.paths import _abspath

# bundle.yaml keys that are paths (relative to the bundle), the others are values.
_PATHS = {"fasta", "gff3", "cytobands", "cache_dir"}


def _apply_bundle(cfg: dict, base_dir: Path) -> tuple[set[str], str]:
    """Fill cfg from its bundle; returns (the reference keys taken from it, the bundle id)."""
    from alwgs.bundle.errors import BundleError
    from alwgs.bundle.manifest import cheap_check, read_bundle

    given = cfg.get("bundle")
    if not given:
        return set(), ""
    if not isinstance(given, str):
        raise IntakeError("config", None, "bundle", f"{given!r} is not a string")
    path = Path(_abspath(given, base_dir))
    shown = _shown(given, str(path))
    try:
        doc = read_bundle(path)
    except BundleError as err:
        raise IntakeError("config", None, "bundle", f"{shown}: {err.message}") from None
    problem = cheap_check(path, doc)
    if problem:
        raise IntakeError(
            "config",
            None,
            "bundle",
            f"{shown}: {problem}; run ./alwgs reference --verify {given} (it hashes every file"
            " again, and records a copied bundle's new mtimes when all match)",
        )
    taken: set[str] = set()
    if not isinstance(cfg.get("reference"), dict):
        cfg["reference"] = {} if cfg.get("reference") is None else cfg["reference"]
    if isinstance(cfg["reference"], dict):
        for key, value in (doc.get("reference") or {}).items():
            if cfg["reference"].get(key) is None:
                cfg["reference"][key] = os.path.join(path, value) if key in _PATHS else value
                taken.add(key)
    databases = cfg.get("databases")
    if databases is None:
        databases = cfg["databases"] = {}
    if isinstance(databases, dict):
        for key, value in (doc.get("databases") or {}).items():
            if databases.get(key) is None:
                databases[key] = os.path.join(path, value)
    cfg["bundle"] = str(path)
    return taken, str(doc["bundle_id"])
