"""A FASTQ named in units.tsv, checked at intake without reading its reads: a readable,
non-empty gzip file that starts like a FASTQ. The data check of a whole pair is a job
(rules/input_checks.smk)."""

from __future__ import annotations

import gzip
import os
import zlib

from alwgs.intake.errors import IntakeError, _shown
from alwgs.intake.paths import _check_input_file


def _check_fastq(label: str, line: int, field: str, given: str, fastq: str) -> None:
    _check_input_file(label, line, field, given, fastq)
    shown = _shown(given, fastq)
    if os.path.getsize(fastq) == 0:
        raise IntakeError(label, line, field, f"{shown} is empty")
    # Only the first byte is decompressed: enough to catch an empty or non-gzip FASTQ
    # without reading a whole genome's worth of reads at intake.
    try:
        with gzip.open(fastq, "rb") as fh:
            first = fh.read(1)
    except (gzip.BadGzipFile, EOFError, zlib.error):
        raise IntakeError(label, line, field, f"{shown} is not a gzip-compressed FASTQ") from None
    if first == b"":
        raise IntakeError(label, line, field, f"{shown} is empty (no reads)")
    if first != b"@":
        raise IntakeError(label, line, field, f"{shown} is not FASTQ (does not start with '@')")
