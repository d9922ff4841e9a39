"""units.tsv: one row per read group of a sample of samples.tsv, with its FASTQ pair (fq1, fq2)
or its BAM/CRAM (bam) resolved and checked. A BAM/CRAM of several read groups becomes one
unit per read group."""

from __future__ import annotations

import os
from pathlib import Path

import jsonschema
import pandas as pd

from alwgs.intake.bam import _check_alignment_file
from alwgs.intake.errors import IntakeError, _shown
from alwgs.intake.fastq import _check_fastq
from alwgs.intake.fastq_head import _check_phred33, _fastq_head, _file_head_digest
from alwgs.intake.paths import _abspath, _check_input_file
from alwgs.intake.readgroups import split_read_groups
from alwgs.intake.schemas import _load_schema
from alwgs.intake.sheets import _check_row, _read_sheet

UNIT_COLUMNS = ["sample", "unit", "platform", "fq1", "fq2", "library", "bam", "cram_reference"]
UNIT_REQUIRED = ["sample", "unit", "platform"]
# Cells that may be left empty (left out of the row the schema checks).
OPTIONAL = ("fq1", "fq2", "library", "bam", "cram_reference")


def load_units(
    path: str | os.PathLike,
    samples_df: pd.DataFrame,
    label: str | None = None,
    reference: dict | None = None,
) -> pd.DataFrame:
    """Read and check units.tsv against the samples returned by load_samples().

    Returns one row per read group, indexed by (sample, unit) (columns kept), with fq1/fq2,
    bam and cram_reference replaced by absolute paths (relative ones are taken from the
    folder of units.tsv), the sheet values kept in <column>_given, library filled (the
    sheet's, else a BAM's @RG LB, else the sample ID) and 'line' = the line in the file.
    A BAM/CRAM unit also has bam_format ('bam' or 'cram'), read_group (the @RG ID its reads
    are selected by, '' = all reads) and rg_fields (the file's @RG fields it keeps); a FASTQ
    unit has '' and {} there. reference is the config's reference section (resolved): a
    CRAM without cram_reference is decoded with reference.fasta. label is the path shown in
    messages (default: path).
    """
    label = str(path) if label is None else label
    samples_label = samples_df.attrs.get("path", "samples.tsv")
    frame = _read_sheet(path, label, UNIT_REQUIRED, UNIT_COLUMNS)
    _check_read_columns(frame.attrs["header"], label)
    validator = jsonschema.Draft202012Validator(_load_schema("units.schema.yaml"))
    units_dir = Path(os.path.abspath(path)).parent
    known_samples = set(samples_df["sample"])

    unit_line: dict[tuple[str, str], int] = {}
    used_files = _UsedFiles(label)
    records: list[dict] = []
    for raw in frame.to_dict("records"):
        line = raw.pop("line")
        _check_read_cells(raw, label, line)
        row = {k: v for k, v in raw.items() if not (k in OPTIONAL and v == "")}
        _check_row(validator, row, raw, label, line, UNIT_COLUMNS)

        sample, unit = row["sample"], row["unit"]
        if sample not in known_samples:
            raise IntakeError(label, line, "sample", f"'{sample}' is not in {samples_label}")
        if not raw["bam"] and (sample, unit) in unit_line:
            # Named before its files are read: the row is a copy, whatever its files hold.
            raise IntakeError(
                label,
                line,
                "unit",
                f"'{unit}' of sample '{sample}' is already used on line {unit_line[sample, unit]}",
            )
        if raw["bam"]:
            units = _bam_units(raw, line, label, units_dir, reference or {}, used_files)
        else:
            units = [_fastq_unit(raw, line, label, units_dir, used_files)]
        for record in units:
            name = record["unit"]
            if (sample, name) in unit_line:
                made = "" if name == unit else f" (read group '{record['read_group']}')"
                raise IntakeError(
                    label,
                    line,
                    "unit",
                    f"'{name}'{made} of sample '{sample}' is already used on line"
                    f" {unit_line[sample, name]}",
                )
            unit_line[sample, name] = line
            records.append(record)

    with_units = {sample for sample, _ in unit_line}
    for sample, line in zip(samples_df["sample"], samples_df["line"], strict=True):
        if sample not in with_units:
            tumors = samples_df.index[samples_df["normal"] == sample].tolist()
            paired = f" (the matched normal of {', '.join(tumors)})" if tumors else ""
            raise IntakeError(
                samples_label, int(line), "sample", f"'{sample}' has no unit in {label}{paired}"
            )

    units_df = pd.DataFrame(records, columns=list(records[0]))
    units_df = units_df.set_index(["sample", "unit"], drop=False)
    units_df.index.names = [None, None]
    units_df.attrs["path"] = label
    return units_df


def _check_read_columns(header: list[str], label: str) -> None:
    """The header names fq1 and fq2, or bam (or all three: each row then uses one kind)."""
    has = set(header)
    if "bam" not in has and not {"fq1", "fq2"} & has:
        raise IntakeError(
            label, 1, "fq1", "required column is missing (give fq1 and fq2, or bam, per row)"
        )
    for one, other in (("fq1", "fq2"), ("fq2", "fq1")):
        if one in has and other not in has:
            raise IntakeError(label, 1, other, f"required column is missing (with {one})")
    if "cram_reference" in has and "bam" not in has:
        raise IntakeError(label, 1, "cram_reference", "belongs with a bam column")


def _check_read_cells(raw: dict, label: str, line: int) -> None:
    """A row names its reads once: fq1 and fq2, or bam (with cram_reference for a CRAM)."""
    if raw["bam"]:
        for field in ("fq1", "fq2"):
            if raw[field]:
                raise IntakeError(
                    label,
                    line,
                    "bam",
                    f"a row names fq1 and fq2 or a bam, not both ({field} is '{raw[field]}')",
                )
        return
    if raw["cram_reference"]:
        raise IntakeError(label, line, "cram_reference", "is given on a row without a bam")
    for field in ("fq1", "fq2"):
        if not raw[field]:
            raise IntakeError(label, line, field, "is empty (a row names fq1 and fq2, or a bam)")


class _UsedFiles:
    """Input files already named by the sheet: the same path, another path to the same file
    (a link), or a copy of it (the same first reads) on two cells would read the same reads
    twice."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.by_path: dict[str, tuple[int, str, str]] = {}
        self.by_inode: dict[tuple[int, int], tuple[int, str, str]] = {}
        self.by_content: dict[str, tuple[int, str, str]] = {}

    def add(self, line: int, field: str, given: str, path: str, content: str = "") -> None:
        """content: a digest of the file's first reads ('' = not compared)."""
        stat = os.stat(path)
        key = (stat.st_dev, stat.st_ino)
        if path in self.by_path:
            other_line, other_field, _ = self.by_path[path]
            if other_line == line:
                message = f"'{given}' is the same file as {other_field}"
            else:
                message = f"'{given}' is already used on line {other_line} ({other_field})"
            raise IntakeError(self.label, line, field, message)
        if key in self.by_inode:
            other_line, other_field, other_given = self.by_inode[key]
            where = "" if other_line == line else f" on line {other_line}"
            raise IntakeError(
                self.label,
                line,
                field,
                f"'{given}' is the same file as '{other_given}'{where} ({other_field})",
            )
        if content and content in self.by_content:
            other_line, other_field, other_given = self.by_content[content]
            where = "" if other_line == line else f" on line {other_line}"
            raise IntakeError(
                self.label,
                line,
                field,
                f"'{given}' holds the same data as '{other_given}'{where} ({other_field}):"
                " their first reads are identical, a copy of one file under two names",
            )
        self.by_path[path] = self.by_inode[key] = (line, field, given)
        if content:
            self.by_content[content] = (line, field, given)


def _fastq_unit(raw: dict, line: int, label: str, units_dir: Path, used_files: _UsedFiles) -> dict:
    record = _unit_record(raw, line)
    for field in ("fq1", "fq2"):
        given = raw[field]
        fastq = _abspath(given, units_dir)
        _check_fastq(label, line, field, given, fastq)
        digest, qualities = _fastq_head(fastq)
        used_files.add(line, field, given, fastq, digest)
        _check_phred33(label, line, field, given, fastq, qualities)
        record[field] = fastq
        record[f"{field}_given"] = given
    return record


def _bam_units(
    raw: dict,
    line: int,
    label: str,
    units_dir: Path,
    reference: dict,
    used_files: _UsedFiles,
) -> list[dict]:
    given = raw["bam"]
    bam = _abspath(given, units_dir)
    _check_input_file(label, line, "bam", given, bam)
    used_files.add(line, "bam", given, bam, _file_head_digest(bam))
    ref_given = raw["cram_reference"]
    if ref_given:
        ref = _abspath(ref_given, units_dir)
        _check_input_file(label, line, "cram_reference", ref_given, ref)
        decode_with, decode_shown = ref, f"cram_reference {_shown(ref_given, ref)}"
    else:
        ref = ""
        decode_with = _batch_reference(reference)
        decode_shown = "reference.fasta (the batch's reference)"
    header = _check_alignment_file(label, line, given, bam, decode_with, decode_shown)
    if ref_given and header.format == "bam":
        raise IntakeError(
            label,
            line,
            "cram_reference",
            f"is given, but {_shown(given, bam)} is a BAM: only a CRAM needs its reference",
        )

    records = []
    for unit, rg_id, kept in split_read_groups(
        label,
        line,
        raw["sample"],
        raw["unit"],
        raw["platform"],
        _shown(given, bam),
        header.read_groups,
        header.first_read_group,
    ):
        record = _unit_record(raw, line)
        record.update(
            unit=unit,
            library=raw["library"] or kept.get("LB") or raw["sample"],
            bam=bam,
            bam_given=given,
            cram_reference=ref,
            cram_reference_given=ref_given,
            bam_format=header.format,
            read_group=rg_id,
            rg_fields=kept,
        )
        records.append(record)
    return records


def _unit_record(raw: dict, line: int) -> dict:
    """A unit's row of the returned table, with the fields of the other kind of input empty."""
    return {
        "sample": raw["sample"],
        "unit": raw["unit"],
        "platform": raw["platform"],
        "fq1": "",
        "fq2": "",
        "library": raw["library"] or raw["sample"],
        "bam": "",
        "cram_reference": "",
        "line": line,
        "fq1_given": "",
        "fq2_given": "",
        "bam_given": "",
        "cram_reference_given": "",
        "bam_format": "",
        "read_group": "",
        "rg_fields": {},
    }


def _batch_reference(reference: dict) -> str:
    """The batch FASTA as a CRAM is decoded with at intake: through the reference cache's link
    when only the cache holds its .fai (htslib would otherwise build one)."""
    fasta = reference.get("fasta", "")
    cached = os.path.join(reference.get("cache_dir") or "", "genome.fa")
    if fasta and not os.path.exists(fasta + ".fai") and os.path.exists(cached + ".fai"):
        return cached
    return fasta
