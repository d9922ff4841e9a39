"""Checksums of files, read in blocks (a BAM or a bundle's FASTA never sits in memory whole).

One place for the file digests that bundles, deliveries, reports and the panel of normals
record, so they are computed the same way everywhere.
"""

import hashlib
from pathlib import Path

BLOCK = 1 << 20


def file_digest(path: str | Path, algorithm: str = "sha256") -> str:
    """Hex digest of a file's bytes."""
    digest = hashlib.new(algorithm)
    with open(path, "rb") as fh:
        while block := fh.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()


def file_sha256(path: str | Path) -> str:
    return file_digest(path, "sha256")


def file_md5(path: str | Path) -> str:
    return file_digest(path, "md5")
