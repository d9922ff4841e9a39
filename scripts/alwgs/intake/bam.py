"""A BAM or CRAM named in units.tsv, checked at intake from its header and first read only: the
file's kind by its magic bytes, an intact end (the end-of-file marker), a header that parses,
at least one read, paired-end reads, a CRAM that decodes with its reference, and its read
groups. Converting the reads to FASTQ is a job (rules/bam_input.smk)."""

from __future__ import annotations

import contextlib
import os
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from alwgs.intake.errors import IntakeError, _first_line, _shown

# The last bytes of an intact file: the empty BGZF block that ends a BAM (SAM spec 4.1.2)
# and the EOF container of CRAM 3.x and 2.1 (CRAM spec 9). A copy cut short lacks them;
# htslib itself only warns, or reports "truncated file" on the first read of a CRAM.
BAM_EOF = bytes.fromhex("1f8b08040000000000ff0600424302001b0003000000000000000000")
CRAM_EOF = {
    3: bytes.fromhex(
        "0f000000ffffffff0fe0454f4600000000010005bdd94f0001000606010001000100ee63014b"
    ),
    2: bytes.fromhex("0b000000ffffffff0fe0454f460000000001000001000606010001000100"),
}


@dataclass(frozen=True)
class AlignmentHeader:
    """What intake learns of a BAM/CRAM: its format ('bam' or 'cram'), its @RG lines (tag ->
    value, in file order) and the read group of its first read ('' when untagged)."""

    format: str
    read_groups: list[dict[str, str]]
    first_read_group: str


def _check_alignment_file(
    label: str,
    line: int,
    given: str,
    path: str,
    reference: str,
    reference_shown: str,
) -> AlignmentHeader:
    """Check the file of a 'bam' cell; reference is the FASTA a CRAM is decoded with and
    reference_shown how messages name it. Raises IntakeError naming the 'bam' field."""
    import pysam

    shown = _shown(given, path)

    def bad(message: str) -> IntakeError:
        return IntakeError(label, line, "bam", f"{shown} {message}")

    if os.path.getsize(path) == 0:
        raise bad("is empty")
    kind = _sniff(path)
    if kind in ("fastq", "gzip", "sam", "other"):
        raise bad(
            {
                "fastq": "is a gzip-compressed FASTQ, not a BAM or CRAM: name FASTQ files in"
                " fq1 and fq2",
                "gzip": "is gzip-compressed but not a BAM (no 'BAM\\1' magic)",
                "sam": "is SAM text, not a BAM or CRAM: convert it (samtools view -b)",
                "other": "is not a BAM or CRAM (neither the BAM nor the CRAM magic bytes)",
            }[kind]
        )
    fmt, version = kind
    with open(path, "rb") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        eof = BAM_EOF if fmt == "bam" else CRAM_EOF.get(version, b"")
        fh.seek(max(0, size - len(eof)))
        if eof and fh.read() != eof:
            raise bad("is truncated (it lacks the end-of-file marker): copy it again")

    mode = "rb" if fmt == "bam" else "rc"
    previous = pysam.set_verbosity(0)  # htslib's own stderr lines would repeat our message
    try:
        with _no_remote_references(), _indexed_reference(reference if fmt == "cram" else "") as ref:
            try:
                aln = pysam.AlignmentFile(path, mode, check_sq=False, reference_filename=ref)
            except (OSError, ValueError) as exc:
                raise bad(f"has a header that cannot be read ({_first_line(exc)})") from None
            with aln:
                read_groups = [
                    {str(k): str(v) for k, v in rg.items()}
                    for rg in aln.header.to_dict().get("RG", [])
                ]
                try:
                    first = next(aln.fetch(until_eof=True), None)
                except (OSError, ValueError) as exc:
                    if fmt == "cram" and _cram_record_readable(path):
                        raise bad(
                            f"cannot be decoded with {reference_shown}: give the FASTA it was"
                            " encoded against in cram_reference"
                        ) from None
                    raise bad(
                        f"has a first read that cannot be read ({_first_line(exc)})"
                    ) from None
    finally:
        pysam.set_verbosity(previous)
    if first is None:
        raise bad("holds no reads (a header only)")
    if not first.is_paired:
        raise bad(
            f"holds single-end reads (its first read, '{first.query_name}', is not paired):"
            " alwgs analyses paired-end reads"
        )
    first_rg = str(first.get_tag("RG")) if first.has_tag("RG") else ""
    return AlignmentHeader(format=fmt, read_groups=read_groups, first_read_group=first_rg)


def _sniff(path: str) -> tuple[str, int] | str:
    """('bam', 1) or ('cram', major version) by the magic bytes, else what the file looks
    like: 'fastq' (gzipped), 'gzip', 'sam' or 'other'."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    if head[:4] == b"CRAM" and len(head) >= 6:
        return "cram", head[4]
    if head[:2] == b"\x1f\x8b":
        try:
            text = zlib.decompressobj(31).decompress(head, 4)
        except zlib.error:
            return "gzip"
        if text == b"BAM\x01":
            return "bam", 1
        return "fastq" if text[:1] == b"@" else "gzip"
    if head[:4] in (b"@HD\t", b"@SQ\t", b"@RG\t", b"@PG\t", b"@CO\t"):
        return "sam"
    return "other"


def _cram_record_readable(path: str) -> bool:
    """Whether the first record of a CRAM reads when its bases are not rebuilt (no reference
    needed): then a failure with the bases is the reference's, not damage of the file."""
    import pysam

    try:
        with pysam.AlignmentFile(
            path, "rc", check_sq=False, format_options=[b"required_fields=0x3"]
        ) as aln:
            return next(aln.fetch(until_eof=True), None) is not None
    except (OSError, ValueError):
        return False


@contextlib.contextmanager
def _indexed_reference(fasta: str) -> Iterator[str | None]:
    """A path htslib can read the FASTA through without writing next to it: the FASTA itself
    when its .fai exists, else a link in a temporary folder, where htslib builds the .fai
    (reading the FASTA once) instead of in the lab's reference folder."""
    if not fasta:
        yield None
        return
    if os.path.exists(fasta + ".fai"):
        yield fasta
        return
    with tempfile.TemporaryDirectory(prefix="alwgs-reference-") as tmp:
        link = os.path.join(tmp, os.path.basename(fasta))
        os.symlink(os.path.abspath(fasta), link)
        yield link


@contextlib.contextmanager
def _no_remote_references() -> Iterator[None]:
    """htslib looks a CRAM reference it lacks up by MD5 in REF_PATH, which defaults (htslib
    < 1.22) to the EBI server: point REF_PATH and REF_CACHE at an empty folder so that
    nothing is downloaded (alwgs runs offline)."""
    saved = {k: os.environ.get(k) for k in ("REF_PATH", "REF_CACHE")}
    with tempfile.TemporaryDirectory(prefix="alwgs-refpath-") as tmp:
        os.environ["REF_PATH"] = os.environ["REF_CACHE"] = os.path.join(tmp, "%s")
        try:
            yield
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
