"""Tab-separated batch sheets: read with the file line of every row, and one row checked
against the sheet's schema. Formats are fixed in docs/CONTRACTS.md ("Batch sheets")."""

from __future__ import annotations

import os

import jsonschema
import pandas as pd

from alwgs.intake.errors import IntakeError, _describe, _first_error


def _read_sheet(
    path: str | os.PathLike, label: str, required: list[str], known: list[str]
) -> pd.DataFrame:
    """Read a TSV as strings with the file line of every row in column 'line'; every known
    column is present (empty when the file lacks it), attrs['header'] lists the file's own.

    Parsed by hand rather than with read_csv so that blank lines and quote characters cannot
    shift the reported line numbers.
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            lines = fh.read().splitlines()
    except FileNotFoundError:
        raise IntakeError(label, None, None, "file does not exist") from None
    except UnicodeDecodeError:
        raise IntakeError(label, None, None, "is not UTF-8 text") from None
    except OSError as exc:
        raise IntakeError(label, None, None, f"cannot be read ({exc.strerror})") from None
    if not lines or not lines[0].strip():
        raise IntakeError(label, 1, None, "header line is missing")

    header = lines[0].split("\t")
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise IntakeError(label, 1, name, "column appears twice in the header")
        seen.add(name)
        if name not in known:
            # A space-separated sheet arrives as one long column name.
            hint = "; the sheet must be tab-separated" if " " in name else ""
            raise IntakeError(label, 1, name, f"unknown column (known: {', '.join(known)}){hint}")
    for name in required:
        if name not in seen:
            raise IntakeError(label, 1, name, "required column is missing")

    records = []
    for number, text in enumerate(lines[1:], start=2):
        if not text.strip():
            continue
        cells = text.split("\t")
        if len(cells) != len(header):
            raise IntakeError(
                label, number, None, f"has {len(cells)} fields, the header has {len(header)}"
            )
        record = dict(zip(header, cells, strict=True))
        record["line"] = number
        records.append(record)
    if not records:
        raise IntakeError(label, None, None, "has no data rows")

    frame = pd.DataFrame(records)
    for name in known:
        if name not in frame.columns:
            frame[name] = ""
    for name in known:
        frame[name] = frame[name].astype(str)
    frame["line"] = frame["line"].astype(int)
    frame = frame[known + ["line"]]
    frame.attrs["header"] = header  # the columns the file has (absent ones are filled "")
    return frame


def _check_row(
    validator: jsonschema.protocols.Validator,
    row: dict,
    raw: dict,
    label: str,
    line: int,
    order: list[str],
) -> None:
    error = _first_error(validator, row, order)
    if error is None:
        return
    path = [str(p) for p in error.absolute_path]
    column = path[0] if path else None
    keys, message = _describe(error, raw.get(column) if column else None)
    raise IntakeError(label, line, keys[0] if keys else None, message)
