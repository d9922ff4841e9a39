"""samples.tsv: one row per sample with its purity, and the matched normal of each tumor."""

from __future__ import annotations

import math
import os
from typing import Any

import jsonschema
import pandas as pd

from alwgs.intake.errors import IntakeError
from alwgs.intake.names import _check_ids
from alwgs.intake.schemas import _load_schema
from alwgs.intake.sheets import _check_row, _read_sheet

SAMPLE_COLUMNS = [
    "sample",
    "patient",
    "type",
    "sex",
    "diagnosis",
    "purity",
    "matched_normal",
    "therapy_context",
]
SAMPLE_REQUIRED = ["sample", "patient", "type", "sex", "diagnosis"]


def load_samples(path: str | os.PathLike, label: str | None = None) -> pd.DataFrame:
    """Read and check samples.tsv.

    Returns one row per sample, indexed by sample ID (the column is kept), with purity as
    float (NaN = unknown), 'normal' = the matched normal's ID for tumors ('' otherwise) and
    'line' = the line in the file. label is the path shown in messages (default: path).
    A tumor's matched normal is its matched_normal cell, or else the normal of its patient.
    """
    label = str(path) if label is None else label
    frame = _read_sheet(path, label, SAMPLE_REQUIRED, SAMPLE_COLUMNS)
    validator = jsonschema.Draft202012Validator(_load_schema("samples.schema.yaml"))

    first_line: dict[str, int] = {}
    normal_of_patient: dict[str, str] = {}
    normal_line: dict[str, int] = {}
    purity: list[float] = []
    for raw in frame.to_dict("records"):
        line = raw.pop("line")
        row: dict[str, Any] = {
            k: v
            for k, v in raw.items()
            if k != "purity" and not (k in ("matched_normal", "therapy_context") and v == "")
        }
        value = _as_number(raw["purity"])
        if raw["purity"] != "":
            row["purity"] = value
        _check_row(validator, row, raw, label, line, SAMPLE_COLUMNS)
        purity.append(value if isinstance(value, float) else math.nan)

        sample = row["sample"]
        if sample in first_line:
            raise IntakeError(
                label, line, "sample", f"'{sample}' is already used on line {first_line[sample]}"
            )
        first_line[sample] = line
        if row["type"] == "normal":
            patient = row["patient"]
            if patient in normal_of_patient:
                raise IntakeError(
                    label,
                    line,
                    "patient",
                    f"patient '{patient}' already has a normal "
                    f"('{normal_of_patient[patient]}', line {normal_line[patient]})",
                )
            normal_of_patient[patient] = sample
            normal_line[patient] = line

    _check_ids(frame[["sample", "patient", "line"]].to_dict("records"), label)
    frame["purity"] = pd.Series(purity, index=frame.index, dtype=float)
    rows = {r["sample"]: r for r in frame.to_dict("records")}
    frame["normal"] = [_matched_normal(r, rows, normal_of_patient, label) for r in rows.values()]
    frame = frame.set_index("sample", drop=False)
    frame.index.name = None
    frame.attrs["path"] = label
    return frame


def _matched_normal(row: dict, rows: dict, normal_of_patient: dict, label: str) -> str:
    named = row["matched_normal"]
    if not named:
        return normal_of_patient.get(row["patient"], "") if row["type"] == "tumor" else ""

    def bad(message: str) -> IntakeError:
        return IntakeError(label, row["line"], "matched_normal", message)

    if row["type"] != "tumor":
        raise bad("only a tumor row names a matched normal")
    other = rows.get(named)
    if other is None:
        raise bad(f"'{named}' is not a sample of this sheet")
    if other["type"] != "normal":
        raise bad(f"'{named}' (line {other['line']}) is a {other['type']}, not a normal")
    if other["patient"] != row["patient"]:
        raise bad(
            f"'{named}' (line {other['line']}) belongs to patient '{other['patient']}',"
            f" not '{row['patient']}'"
        )
    return named


def _as_number(text: str) -> float | str:
    # "nan"/"inf" parse as floats but pass every numeric bound, so they stay strings and
    # fail the type check instead.
    try:
        value = float(text)
    except ValueError:
        return text
    return value if math.isfinite(value) else text
