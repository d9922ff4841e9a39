"""IntakeError, the one exception intake raises, and the helpers that word its messages.

Every problem is raised as one IntakeError whose message names the file, the line and the
field, so that a user can fix a sheet without reading a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

import jsonschema

SAFE_ID_TEXT = "has characters other than letters, digits, '-', '_', '.'"


class IntakeError(Exception):
    """A bad config value or sheet cell; str() is one line naming file, line and field."""

    def __init__(
        self, file: str | os.PathLike, row: int | None, field: str | None, message: str
    ) -> None:
        self.file = str(file)
        self.row = row
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __reduce__(self):
        # Keeps the error intact when it crosses a process boundary (pickle).
        return (type(self), (self.file, self.row, self.field, self.message))

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" line {self.row}"
        if self.field is not None:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


def _shown(given: str, resolved: str) -> str:
    """The path as the user wrote it, plus where it was looked for when that differs."""
    return f"'{given}'" if given == resolved else f"'{given}' ({resolved})"


def _first_line(text: str, limit: int = 160) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _describe(error: jsonschema.ValidationError, shown: Any = None) -> tuple[list[str], str]:
    """(key path, short message) for a schema error; shown replaces the value in the text."""
    path = [str(p) for p in error.absolute_path]
    value = error.instance if shown is None else shown
    kind = error.validator
    if kind == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed]
        key = str(extra[0]) if extra else "?"
        known = ", ".join(sorted(allowed))
        return path + [key], f"unknown key '{key}' (known here: {known})"
    if kind == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        key = str(missing[0]) if missing else "?"
        return path + [key], "required key is missing"
    if kind == "propertyNames":
        return path + [str(error.instance)], "is not a valid rule name"
    # A key whose format needs saying (umask) states it in the schema ("x-format").
    if kind in ("pattern", "type") and error.schema.get("x-format"):
        return path, f"{value!r} is not {error.schema['x-format']}"
    if value == "" and kind in ("pattern", "minLength", "enum"):
        return path, "is empty"
    if kind == "pattern":
        if all(c.isascii() and (c.isalnum() or c in "._-") for c in str(value)):
            return path, f"'{value}' must start with a letter or digit"
        return path, f"'{value}' {SAFE_ID_TEXT}"
    if kind == "enum":
        choices = ", ".join(str(c) for c in error.validator_value)
        return path, f"{value!r} is not one of: {choices}"
    if kind == "type":
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else [w for w in wanted if w != "null"]
        names = " or ".join(f"{'an' if w[0] in 'aeiou' else 'a'} {w}" for w in wanted)
        return path, f"{value!r} is not {names}"
    bounds = {
        "exclusiveMinimum": "greater than",
        "minimum": "at least",
        "maximum": "at most",
        "exclusiveMaximum": "less than",
    }
    if kind in bounds:
        return path, f"{value} must be {bounds[kind]} {error.validator_value}"
    return path, _first_line(error.message)


def _first_error(
    validator: jsonschema.protocols.Validator, instance: Any, order: Iterable[str] = ()
) -> jsonschema.ValidationError | None:
    # Deterministic choice (sheet column order, then path) so a message does not change
    # between runs when a row has several problems.
    rank = {name: i for i, name in enumerate(order)}
    errors = list(validator.iter_errors(instance))
    if not errors:
        return None

    def key(err: jsonschema.ValidationError) -> tuple:
        path = [str(p) for p in err.absolute_path]
        head = path[0] if path else ""
        return (rank.get(head, len(rank)), path)

    return min(errors, key=key)
