"""The normals of a finished batch: where their calls and reads are, checked before any work.

A normal's alleles are read from its column of the pair's joint freebayes call after the
somatic filter's normalisation (results/small_variants/<tumor>.snv_indel.vcf.gz, every record
kept, FORMAT/AD per sample): the same caller, options, read filters and allele representation
as the tumor calls the panel is compared with, and freebayes evaluates a site when 3 reads and
3% of ONE sample show an allele, so low-fraction artefacts of the normal are called even where
the tumor has none. The normal's germline VCF (bcftools call -mv) genotypes such sites 0/0 and
drops them, and represents indels its own way."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pysam

from alwgs.checksums import file_sha256 as sha256


class PonError(Exception):
    """Bad input: the message names the file and what is wrong."""


@dataclass(frozen=True)
class Normal:
    sample: str
    batch: str
    batch_dir: str
    vcf: str  # the pair's normalised joint call
    bam: str  # the normal's alignment (depth: was the site assessed)
    digest: str  # sha256 of the VCF the panel read


def contigs(vcf: str | Path) -> dict[str, int | None]:
    with pysam.VariantFile(str(vcf)) as fh:
        return {name: c.length for name, c in fh.header.contigs.items()}


def batch_normals(batch_dir: str) -> list[Normal]:
    """Normals of one finished batch; errors name the file and the reason."""
    root = Path(batch_dir)
    status_path = root / "results" / "batch_status.json"
    if not status_path.is_file():
        raise PonError(f"{batch_dir}: not a finished batch (no results/batch_status.json)")
    try:
        status = json.loads(status_path.read_text())
    except ValueError as err:
        raise PonError(f"{status_path}: not readable JSON ({err})") from None
    if status.get("status") != "complete":
        raise PonError(f"{status_path}: field 'status' is {status.get('status')!r}, not 'complete'")
    delivery = Path(str(status.get("delivery") or ""))
    batch = delivery.parent.name if delivery.parent.name else root.resolve().name
    qc = {s: (v or {}).get("qc") for s, v in (status.get("samples") or {}).items()}
    normals = []
    for vcf in sorted((root / "results" / "small_variants").glob("*.snv_indel.vcf.gz")):
        tumor = vcf.name.removesuffix(".snv_indel.vcf.gz")
        with pysam.VariantFile(str(vcf)) as fh:
            samples = list(fh.header.samples)
        for sample in samples:
            if sample == tumor or any(n.sample == sample for n in normals):
                continue  # a normal of two tumors (diagnosis, relapse) counts once
            if qc.get(sample) == "FAIL":
                raise PonError(
                    f"{status_path}: normal {sample} failed QC; a failed normal does not go into"
                    " a panel"
                )
            bam = next(
                (str(p) for p in (root / "results" / "align").glob(f"{sample}.bam") if p.is_file()),
                "",
            )
            if not bam or not Path(bam + ".bai").is_file():
                raise PonError(
                    f"{root / 'results' / 'align'}: no indexed BAM of normal {sample}"
                    f" ({sample}.bam + .bai): its depth decides where it was assessed"
                )
            normals.append(Normal(sample, batch, str(root.resolve()), str(vcf.resolve()), bam,
                                  sha256(vcf)))  # fmt: skip
    if not normals:
        raise PonError(
            f"{batch_dir}: no normals (no pair VCF results/small_variants/<tumor>.snv_indel.vcf.gz"
            " with a second sample): a tumor-only batch adds nothing to a panel"
        )
    return normals
