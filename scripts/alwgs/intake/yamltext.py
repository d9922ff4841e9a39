"""YAML text for intake: parsed so that a syntax error names file and line, and the line of a
key found for messages about its value."""

from __future__ import annotations

import os
from typing import Any

import yaml

from alwgs.intake.errors import IntakeError


def _parse_yaml(text: str, label: str | os.PathLike) -> Any:
    """YAML text as data ({} for an empty file); a syntax error names file and line."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "is not valid YAML"
        raise IntakeError(label, row, None, f"invalid YAML: {problem}") from None
    return {} if data is None else data


def _yaml_line(text: str, keys: list[str]) -> int | None:
    """1-based line of the deepest key of keys that exists in the YAML text."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return None
    line = None
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            break
        for key_node, value_node in node.value:
            if key_node.value == key:
                line = key_node.start_mark.line + 1
                node = value_node
                break
        else:
            break
    return line
