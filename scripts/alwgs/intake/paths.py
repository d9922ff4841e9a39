"""Paths given in the config and sheets: made absolute, and checked as readable input files or
as directories alwgs can write into."""

from __future__ import annotations

import os
from pathlib import Path

from alwgs.intake.errors import IntakeError, _shown


def _abspath(value: str, base_dir: Path) -> str:
    # abspath, not resolve(): symlinked data folders must keep the path the user chose.
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = Path(base_dir) / path
    return os.path.abspath(path)


def _check_input_file(file: str, row: int | None, field: str, given: str, resolved: str) -> None:
    shown = _shown(given, resolved)
    if not os.path.exists(resolved):
        raise IntakeError(file, row, field, f"{shown} does not exist")
    if not os.path.isfile(resolved):
        raise IntakeError(file, row, field, f"{shown} is not a regular file")
    if not os.access(resolved, os.R_OK):
        raise IntakeError(file, row, field, f"{shown} is not readable")


def _check_directory(field: str, given: str, path: str, hint: str) -> None:
    """A directory alwgs writes into: it exists and is writable, or it can be created."""
    shown = _shown(given, path)
    target = Path(path)
    if target.exists():
        if not target.is_dir():
            raise IntakeError("config", None, field, f"{shown} exists and is not a directory")
        if not os.access(target, os.W_OK | os.X_OK):
            raise IntakeError("config", None, field, f"{shown} is not writable{hint}")
        return
    parent = target.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise IntakeError(
            "config", None, field, f"{shown} cannot be created: {parent} is not a directory"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise IntakeError(
            "config", None, field, f"{shown} cannot be created: {parent} is not writable{hint}"
        )
