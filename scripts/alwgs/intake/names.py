"""Sample and patient IDs checked against each other and against the file names they make.

A sample ID becomes the stem of every file of the sample (results/align/X.bam,
results/align/X.merged.bam, reports/X.html ...), a read group, a VCF sample name and a
Snakemake wildcard. Two IDs that make the same file name, or that a case-insensitive file
system (macOS, Windows shares, many NAS exports) holds as one, would overwrite each other's
files or fail later inside Snakemake; patient IDs that differ only by case are almost always
one patient typed twice, which would silently analyse a tumor without its normal.
"""

from __future__ import annotations

from alwgs.intake.errors import IntakeError

# Longest sample ID accepted. The longest file name a sample makes is its ID plus about
# 30 characters (X.tiddit_somatic.vcf.gz.tbi, X.mosdepth.global.dist.txt); 64 keeps every
# one far below the 255-byte name limit of common file systems, fits a report header line and
# a PDF table cell, and is longer than any laboratory's accession format seen so far.
MAX_SAMPLE_ID = 64


def _check_ids(rows: list[dict], label: str) -> None:
    """rows: the checked samples.tsv rows (sample, patient, type, line) in file order."""
    by_folded: dict[str, dict] = {}
    for row in rows:
        sample, line = row["sample"], row["line"]
        if len(sample) > MAX_SAMPLE_ID:
            raise IntakeError(
                label,
                line,
                "sample",
                f"'{sample[:20]}...' is {len(sample)} characters long, at most {MAX_SAMPLE_ID}"
                " are accepted (the ID is the stem of every file name of the sample)",
            )
        if sample.endswith("."):
            raise IntakeError(
                label, line, "sample", f"'{sample}' ends with '.' (file names would hold '..')"
            )
        other = by_folded.get(sample.casefold())
        if other is not None:
            raise IntakeError(
                label,
                line,
                "sample",
                f"'{sample}' differs from '{other['sample']}' (line {other['line']}) only by"
                " case: on a case-insensitive file system their files are the same files",
            )
        by_folded[sample.casefold()] = row
    _check_prefixes(rows, label)
    _check_patients(rows, label)


def _check_prefixes(rows: list[dict], label: str) -> None:
    """'X' and 'X.merged': the file X.merged.bam of sample X is the BAM of sample X.merged,
    and Snakemake cannot tell which sample such a file belongs to."""
    by_folded = {row["sample"].casefold(): row for row in rows}
    for row in rows:
        parts = row["sample"].split(".")
        for cut in range(1, len(parts)):
            stem = ".".join(parts[:cut])
            other = by_folded.get(stem.casefold())
            if other is None:
                continue
            rest = ".".join(parts[cut:])
            raise IntakeError(
                label,
                row["line"],
                "sample",
                f"'{row['sample']}' is sample '{other['sample']}' (line {other['line']}) followed"
                f" by '.{rest}': file names of one would be taken for files of the other"
                f" (e.g. {other['sample']}.{rest}.bam); rename one of them",
            )


def _check_patients(rows: list[dict], label: str) -> None:
    """One spelling per patient: 'P01' and 'p01' are not paired (a tumor would be analysed
    without its normal), so they are stopped here instead of being read as two patients."""
    first: dict[str, dict] = {}
    for row in rows:
        patient = row["patient"]
        other = first.setdefault(patient.casefold(), row)
        if other["patient"] != patient:
            raise IntakeError(
                label,
                row["line"],
                "patient",
                f"'{patient}' differs from patient '{other['patient']}' of sample"
                f" '{other['sample']}' (line {other['line']}) only by case: write one patient"
                " ID the same way on every row (they are not paired as written)",
            )
