"""The bundle's FASTA and its index cache.

The FASTA is the naming authority: every other file is renamed to its contig names. It is
stored in the bundle as plain genome.fa (a gzipped download is decompressed; a plain one is
hard-linked when it can be, else copied), so the bundle is self-contained and its manifest
covers the sequence the batches align to. The cache (cache/) holds what the workflow's
reference_cache step would build (rules/reference.smk): a link genome.fa, its .fai, .dict and
bwa index, made with the same commands, each written under a temporary name and moved into
place; the workflow then finds them up to date.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
from pathlib import Path

from alwgs.bundle.errors import BundleError
from alwgs.intake.reference import _scan_fasta

BWA_SUFFIXES = (".amb", ".ann", ".bwt", ".pac", ".sa")


def import_fasta(source: Path, target: Path) -> None:
    """source (plain or gzipped FASTA) as the plain FASTA target."""
    with open(source, "rb") as fh:
        head = fh.read(2)
    if head == b"\x1f\x8b":
        with gzip.open(source, "rb") as src, open(target, "wb") as out:
            shutil.copyfileobj(src, out, 1 << 24)
    else:
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
    with open(target, "rb") as fh:
        if fh.read(1) != b">":
            raise BundleError(source, "is not a FASTA (does not start with '>')")


def contig_lengths(fasta: Path, label: str) -> dict[str, int]:
    """Contig -> length, read from the FASTA itself; a duplicated name stops the bundle."""
    lengths: dict[str, int] = {}
    for name, length in _scan_fasta(str(fasta)):
        if name in lengths:
            raise BundleError(label, f"has two contigs named '{name}': names must be unique")
        lengths[name] = length
    if not lengths:
        raise BundleError(label, "has no contig")
    return lengths


def _run(command: list[str], log: Path, what: str) -> None:
    with open(log, "a") as fh:
        fh.write("$ " + " ".join(command) + "\n")
        fh.flush()
        done = subprocess.run(command, stdout=fh, stderr=subprocess.STDOUT, check=False)
    if done.returncode:
        raise BundleError(str(log), f"{what} failed (exit {done.returncode}): see this log")


def build_cache(bundle: Path) -> Path:
    """cache/ with genome.fa (a relative link, so the bundle can move as a whole), .fai, .dict
    and the bwa index, as rules/reference.smk builds them."""
    cache = bundle / "cache"
    logs = cache / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    link = cache / "genome.fa"
    link.symlink_to(Path("..") / "genome.fa")
    fai = cache / "genome.fa.fai"
    _run(["samtools", "faidx", str(link), "--fai-idx", f"{fai}.tmp"], logs / "faidx.log", "faidx")
    os.replace(f"{fai}.tmp", fai)
    seq_dict = cache / "genome.dict"
    _run(
        ["samtools", "dict", str(link), "-o", f"{seq_dict}.tmp"], logs / "sequence_dict.log", "dict"
    )
    os.replace(f"{seq_dict}.tmp", seq_dict)
    tmp = cache / "bwa_index.tmp"
    tmp.mkdir()
    _run(["bwa", "index", "-p", str(tmp / "genome.fa"), str(link)], logs / "bwa_index.log", "bwa")
    for suffix in BWA_SUFFIXES:
        os.replace(tmp / f"genome.fa{suffix}", cache / f"genome.fa{suffix}")
    tmp.rmdir()
    return cache
