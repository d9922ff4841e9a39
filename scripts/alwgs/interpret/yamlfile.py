"""Reading a knowledge YAML file: one error that names the file and line of a syntax error, and
the same check that the document is a mapping, for every knowledge loader."""

from __future__ import annotations

from pathlib import Path

import yaml


def read_mapping(path: str | Path) -> dict:
    """The YAML mapping of `path` (ValueError naming file and line when it is not one)."""
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise ValueError(f"{path}:{line} invalid YAML ({getattr(err, 'problem', err)})") from None
    if not isinstance(doc, dict):
        raise ValueError(f"{path}: must be a YAML mapping")
    return doc
