"""resources.yaml: threads, memory and runtime per rule, checked against its schema."""

from __future__ import annotations

import os
from pathlib import Path

import jsonschema

from alwgs.intake.errors import IntakeError, _describe, _first_error
from alwgs.intake.schemas import _load_schema
from alwgs.intake.yamltext import _parse_yaml, _yaml_line

# Used when resources.yaml has no "default" entry for a key, so resources_for() never returns
# a partial dict even for a hand-built resources mapping.
BUILTIN_RESOURCES = {"threads": 1, "mem_mb": 2000, "runtime": 30}


def load_resources(path: str | os.PathLike, label: str | None = None) -> dict:
    """Read and validate resources.yaml; label is the path shown in messages."""
    label = str(path) if label is None else label
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise IntakeError(label, None, None, "file does not exist") from None
    except OSError as exc:
        raise IntakeError(label, None, None, f"cannot be read ({exc.strerror})") from None
    data = _parse_yaml(text, label)
    validator = jsonschema.Draft202012Validator(_load_schema("resources.schema.yaml"))
    error = _first_error(validator, data)
    if error is not None:
        keys, message = _describe(error)
        raise IntakeError(label, _yaml_line(text, keys), ".".join(keys) or None, message)
    return data


def resources_for(resources: dict, rule: str) -> dict:
    """threads, mem_mb, runtime (minutes) for a rule: its entry over default over built-ins."""
    merged = dict(BUILTIN_RESOURCES)
    merged.update(resources.get("default") or {})
    merged.update(resources.get(rule) or {})
    return {key: merged[key] for key in BUILTIN_RESOURCES}
