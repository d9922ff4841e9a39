"""Link 1 of the interpretation chain: the somatic calls interpretation reads from the annotated
VCF (a gene, and only FILTERs amp_tiers.yaml interprets), with the VCF's annotation sources."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pysam

from alwgs.interpret.inputs import read_calls
from alwgs.interpret.model import Call


@dataclass
class Variants:
    calls: list[Call]  # in VCF order
    sources: dict[str, dict]  # the ##alwgs_annotation header lines, by ID


def annotation_sources(vcf: str | Path) -> dict[str, dict]:
    """The ##alwgs_annotation lines of an annotated VCF header."""
    out: dict[str, dict] = {}
    with pysam.VariantFile(str(vcf)) as vf:
        for rec in vf.header.records:
            if rec.key == "alwgs_annotation":
                items = {k: v.strip('"') for k, v in rec.items()}
                out[items.pop("ID", "?")] = items
    return out


def read_variants(vcf: str | Path, sample: str, filters: Iterable[str]) -> Variants:
    """filters: the interpreted FILTER values (amp_tiers.yaml reportable.filters); PASS when
    a record has none."""
    allowed = set(filters)
    calls = read_calls(
        vcf, sample, keep=lambda c: bool(c.gene) and set(c.filters or ["PASS"]) <= allowed
    )
    return Variants(list(calls), annotation_sources(vcf))
