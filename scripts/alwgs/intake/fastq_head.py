"""The first reads of a FASTQ (or first bytes of a BAM/CRAM), read at intake: a digest that
finds the same data under two names, and the quality encoding of the reads.

A copy, a symlink or a hard link of one file named twice (two patients given the same
FASTQ, R1 and R2 the same file) passed intake while duplicates were compared by path. Links are
caught by device and inode (units._UsedFiles); a copy is caught here, by the digest of its
first reads. Phred+64 FASTQ (Illumina pipelines before 1.8) passed every check: fastp read
'h' as Q71, a lane reported Q30 = 1.0 and the caller saw inflated base qualities.
"""

from __future__ import annotations

import gzip
import hashlib
import zlib

from alwgs.intake.errors import IntakeError, _shown

# Reads compared and whose qualities are read (about 300 kB of text at 150 bp): two different
# runs never share their first thousand read names, and a thousand reads hold low-quality
# bases enough to tell the encodings apart.
HEAD_READS = 1000
# Bytes of a BAM/CRAM compared (its header and first reads: a copy is byte-identical).
HEAD_BYTES = 1 << 20

# Quality characters (Phred+33 unless said): below ';' (Q26) only Phred+33 can be; Phred+64
# starts at '@' (Q0; Solexa at ';'), and its good bases lie above 'K' ('h' = Q40). Phred+33
# reads reach above 'K' too (the real reads of tests/data/realdata reach 'N', Q45), but
# always with values below ';' among a thousand reads; only both together reject a file.
LOWEST_PHRED64 = ord(";")
PHRED64_GOOD_ABOVE = ord("K")


def _fastq_head(fastq: str) -> tuple[str, bytes]:
    """(sha256 of the first HEAD_READS records, their quality characters). A file damaged
    within them gives what was read: the data check job names the damage and its record."""
    lines: list[bytes] = []
    try:
        with gzip.open(fastq, "rb") as fh:
            for _ in range(4 * HEAD_READS):
                line = fh.readline()
                if not line:
                    break
                lines.append(line)
    except (OSError, EOFError, zlib.error):
        pass
    digest = hashlib.sha256(b"".join(lines)).hexdigest()
    qualities = b"".join(line.rstrip(b"\r\n") for line in lines[3::4])
    return digest, qualities


def _file_head_digest(path: str) -> str:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read(HEAD_BYTES)).hexdigest()


def _check_phred33(label: str, line: int, field: str, given: str, fastq: str, qualities: bytes):
    """Phred+33 is required; Phred+64 is rejected, not converted: the lab keeps the files the
    report was made from, and learns that the instrument's output is not what alwgs reads."""
    if not qualities:
        return
    low, high = min(qualities), max(qualities)
    if low < LOWEST_PHRED64 or high <= PHRED64_GOOD_ABOVE:
        return  # Phred+33, or too few distinct values to tell (read as Phred+33)
    raise IntakeError(
        label,
        line,
        field,
        f"{_shown(given, fastq)} has Phred+64 quality values (its first {HEAD_READS:,} reads"
        f" use '{chr(low)}' to '{chr(high)}': none below '{chr(LOWEST_PHRED64)}', as Phred+33"
        f" reads have, and some above '{chr(PHRED64_GOOD_ABOVE)}', as Phred+64 reads of"
        " good bases have): alwgs reads Phred+33 only; convert the file first, e.g."
        " seqtk seq -Q64 -V IN.fastq.gz | gzip > OUT.fastq.gz",
    )
