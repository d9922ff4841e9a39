"""units.tsv: one row per read group of a sample of samples.tsv, with its FASTQ pair resolved
and checked."""

from __future__ import annotations

import os
from pathlib import Path

import jsonschema
import pandas as pd

from alwgs.intake.errors import IntakeError
from alwgs.intake.fastq import _check_fastq
from alwgs.intake.paths import _abspath
from alwgs.intake.schemas import _load_schema
from alwgs.intake.sheets import _check_row, _read_sheet

UNIT_COLUMNS = ["sample", "unit", "platform", "fq1", "fq2", "library"]
UNIT_REQUIRED = ["sample", "unit", "platform", "fq1", "fq2"]


def load_units(
    path: str | os.PathLike, samples_df: pd.DataFrame, label: str | None = None
) -> pd.DataFrame:
    """Read and check units.tsv against the samples returned by load_samples().

    Returns one row per read group, indexed by (sample, unit) (columns kept), with fq1/fq2
    replaced by absolute paths (relative ones are taken from the folder of units.tsv), the
    sheet values kept in fq1_given/fq2_given, library filled with the sample ID when empty
    and 'line' = the line in the file. label is the path shown in messages (default: path).
    """
    label = str(path) if label is None else label
    samples_label = samples_df.attrs.get("path", "samples.tsv")
    frame = _read_sheet(path, label, UNIT_REQUIRED, UNIT_COLUMNS)
    validator = jsonschema.Draft202012Validator(_load_schema("units.schema.yaml"))
    units_dir = Path(os.path.abspath(path)).parent
    known_samples = set(samples_df["sample"])

    unit_line: dict[tuple[str, str], int] = {}
    fastq_line: dict[str, tuple[int, str]] = {}
    resolved: dict[str, list[str]] = {"fq1": [], "fq2": []}
    for raw in frame.to_dict("records"):
        line = raw.pop("line")
        row = {k: v for k, v in raw.items() if not (k == "library" and v == "")}
        _check_row(validator, row, raw, label, line, UNIT_COLUMNS)

        sample, unit = row["sample"], row["unit"]
        if sample not in known_samples:
            raise IntakeError(label, line, "sample", f"'{sample}' is not in {samples_label}")
        if (sample, unit) in unit_line:
            raise IntakeError(
                label,
                line,
                "unit",
                f"'{unit}' of sample '{sample}' is already used on line {unit_line[sample, unit]}",
            )
        unit_line[sample, unit] = line

        for field in ("fq1", "fq2"):
            given = row[field]
            fastq = _abspath(given, units_dir)
            _check_fastq(label, line, field, given, fastq)
            if fastq in fastq_line:
                other_line, other_field = fastq_line[fastq]
                if other_line == line:
                    raise IntakeError(label, line, field, f"'{given}' is the same file as fq1")
                raise IntakeError(
                    label,
                    line,
                    field,
                    f"'{given}' is already used on line {other_line} ({other_field})",
                )
            fastq_line[fastq] = (line, field)
            resolved[field].append(fastq)

    with_units = {sample for sample, _ in unit_line}
    for sample, line in zip(samples_df["sample"], samples_df["line"], strict=True):
        if sample not in with_units:
            tumors = samples_df.index[samples_df["normal"] == sample].tolist()
            paired = f" (the matched normal of {', '.join(tumors)})" if tumors else ""
            raise IntakeError(
                samples_label, int(line), "sample", f"'{sample}' has no unit in {label}{paired}"
            )

    frame["fq1_given"] = frame["fq1"]
    frame["fq2_given"] = frame["fq2"]
    frame["fq1"] = resolved["fq1"]
    frame["fq2"] = resolved["fq2"]
    frame["library"] = frame["library"].where(frame["library"] != "", frame["sample"])
    frame = frame.set_index(["sample", "unit"], drop=False)
    frame.index.names = [None, None]
    frame.attrs["path"] = label
    return frame
