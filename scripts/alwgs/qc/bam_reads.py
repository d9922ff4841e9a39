"""A BAM/CRAM unit's reads back to a FASTQ pair: the samtools commands and the read counts.

The reads are grouped by name (samtools collate: a coordinate-sorted file has its mates apart),
then written by samtools fastq:
- primary records only (-F 0x900): a secondary or supplementary record repeats part of a read
  that its primary record holds whole, and would give the read twice;
- the original qualities (-O: the OQ tag where a record has one, else QUAL). OQ holds the
  instrument's qualities from before base-quality recalibration (GATK BQSR); fastp's trimming
  and the callers' quality floors are set for instrument qualities, as a FASTQ run sees them;
- read names without /1 and /2 (-n), as the mates of a FASTQ pair carry the same name;
- mates whose partner is absent (-s) and reads flagged neither or both first and second
  (-0) go to files of their own, counted here: a file of whole read pairs has none, so more
  than a small share means reads were filtered out (by region, by mapping) or cut off.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import asdict, dataclass

PRIMARY_ONLY = "0x900"  # not secondary (0x100), not supplementary (0x800)
COLLATE_READS = 100_000  # reads samtools collate -f holds while it waits for their mates


@dataclass(frozen=True)
class ReadCounts:
    """Primary reads of a unit as samtools fastq wrote them."""

    reads: int  # primary reads (both mates counted)
    read_pairs: int  # pairs written to R1/R2
    singletons: int  # mates whose partner is not in the file (written to neither R1 nor R2)
    unpaired: int  # reads flagged neither or both first and second mate

    @property
    def without_mate(self) -> int:
        return self.singletons + self.unpaired

    @property
    def orphan_fraction(self) -> float:
        return self.without_mate / self.reads if self.reads else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "orphan_fraction": round(self.orphan_fraction, 6)}


def conversion_commands(
    aln: str,
    read_group: str,
    reference: str,
    collate_prefix: str,
    r1: str,
    r2: str,
    singletons: str,
    unpaired: str,
    threads: int,
) -> list[list[str]]:
    """The piped commands: [samtools view -r ID,] samtools collate, samtools fastq.
    read_group '' takes every read; reference '' for a BAM."""
    ref = ["--reference", reference] if reference else []
    commands = []
    source = aln
    if read_group:
        commands.append(["samtools", "view", "-u", *ref, "-r", read_group, aln])
        source, ref = "-", []
    # -f: primary reads only (all samtools fastq keeps), a pair written as soon as both
    # mates are seen, up to -r reads held (~70 MB) and the rest collated through temporary
    # files as without -f: 2.3 s instead of 7.1 s on 186k pairs of a coordinate-sorted BAM,
    # the same pairs (also with -r 100). No -@: samtools 1.16 collate with threads stops at a
    # damaged block with exit 0, passing on the reads before it (tests/unit/test_bam_to_fastq).
    commands.append(
        ["samtools", "collate", "-f", "-r", str(COLLATE_READS), "-u", "-O", *ref, source]
        + [collate_prefix]
    )
    commands.append(
        ["samtools", "fastq", "-n", "-O", "-F", PRIMARY_ONLY, "-c", "1"]
        + ["-@", str(max(threads - 1, 0))]
        + ["-1", r1, "-2", r2, "-s", singletons, "-0", unpaired, "-"]
    )
    return commands


def processed_reads(fastq_stderr: str) -> int | None:
    """The reads samtools fastq wrote, from its '[M::bam2fq_mainloop] processed N reads'
    line (None when absent)."""
    found = re.findall(r"processed (\d+) reads", fastq_stderr)
    return int(found[-1]) if found else None


def count_records(path: str) -> int:
    """FASTQ records of a gzip (or BGZF) file."""
    lines = 0
    with gzip.open(path, "rb") as fh:
        while block := fh.read(1 << 22):
            lines += block.count(b"\n")
    return lines // 4


def read_counts(processed: int | None, r1: str, singletons: str, unpaired: str) -> ReadCounts:
    """The counts of a conversion; R1 is read only when samtools did not print its total."""
    single = count_records(singletons)
    other = count_records(unpaired)
    if processed is None:
        pairs = count_records(r1)
        processed = 2 * pairs + single + other
    else:
        pairs = (processed - single - other) // 2
    return ReadCounts(reads=processed, read_pairs=pairs, singletons=single, unpaired=other)


def counts_problem(counts: ReadCounts, max_orphan_fraction: float) -> str | None:
    """Why the converted reads cannot be used, or None."""
    if counts.reads == 0:
        return "holds no primary reads"
    if counts.read_pairs == 0:
        return (
            f"holds no read pairs ({counts.without_mate} reads without a mate):"
            " alwgs analyses paired-end reads"
        )
    if counts.orphan_fraction > max_orphan_fraction:
        return (
            f"{counts.without_mate} of {counts.reads} primary reads"
            f" ({100 * counts.orphan_fraction:.2f}%) have no mate in the file"
            f" ({counts.singletons} mates without their partner, {counts.unpaired} unpaired);"
            f" at most {100 * max_orphan_fraction:g}% is accepted"
            " (bam_input.max_orphan_fraction): the file lacks reads (filtered by region or"
            " mapping, or cut short), give the complete file"
        )
    return None
