"""Readers of the interpretation inputs (formats in docs/CONTRACTS.md): annotated VCFs (pysam,
streaming, keeping only the calls a rule can use), fusions.tsv, events.tsv, karyotype.json and
the QC gate JSON. A missing optional file reads as empty."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pysam

from alwgs.annotate.evidence import allele_evidence
from alwgs.interpret.model import Call


def _info(rec, key):
    if key not in rec.info:
        return None
    value = rec.info[key]
    if isinstance(value, tuple):
        value = value[0] if value else None
    return value


def _clnsig(rec) -> list[str]:
    if "CLNSIG" not in rec.info:
        return []
    value = rec.info["CLNSIG"]
    items = value if isinstance(value, tuple) else (value,)
    out = []
    for item in items:
        out += [x for x in str(item).replace("|", ",").split(",") if x and x != "."]
    return out


def read_calls(
    path: str | Path, sample: str, keep: Callable[[Call], bool] | None = None
) -> Iterator[Call]:
    """Calls of an annotated VCF (one per record, first ALT), for the sample's read support."""
    with pysam.VariantFile(str(path)) as vf:
        for rec in vf:
            if not rec.alts:
                continue
            ev = allele_evidence(rec, sample)
            pop = _info(rec, "POP_AF")
            call = Call(
                chrom=rec.chrom,
                pos=rec.pos,
                ref=rec.ref,
                alt=rec.alts[0],
                filters=[f for f in rec.filter.keys() if f != "PASS"],
                gene=_info(rec, "GENE") or "",
                transcript=_info(rec, "TRANSCRIPT") or "",
                consequence=_info(rec, "CONSEQUENCE") or "",
                hgvsc=_info(rec, "HGVSc") or "",
                hgvsp=_info(rec, "HGVSp") or "",
                protein_start=_info(rec, "PROTEIN_START"),
                protein_end=_info(rec, "PROTEIN_END"),
                hotspot=_info(rec, "HOTSPOT") or "",
                panels=list(rec.info["PANELS"]) if "PANELS" in rec.info else [],
                vaf=ev["vaf"],
                alt_reads=ev["alt_reads"],
                depth=ev["depth"],
                normal_vaf=ev["normal_vaf"],
                genotype=ev["genotype"],
                pop_af=None if pop is None else float(pop),
                clnsig=_clnsig(rec),
                clnrevstat=",".join(rec.info["CLNREVSTAT"])
                if "CLNREVSTAT" in rec.info and isinstance(rec.info["CLNREVSTAT"], tuple)
                else str(_info(rec, "CLNREVSTAT") or ""),
                itd="ITD" in rec.info,
                itd_target=_info(rec, "ITD_TARGET") or "",
                germline_vaf_flag="GERMLINE_VAF" in rec.info,
                germline_p=_info(rec, "GERMLINE_P"),
                germline_class=_info(rec, "GERMLINE_CLASS") or "",
            )
            if keep is None or keep(call):
                yield call


def read_tsv(path: str | Path | None) -> list[dict]:
    if not path or not Path(path).exists():
        return []
    with open(path, newline="") as fh:
        lines = [line for line in fh if not line.startswith("##")]
    if lines and lines[0].startswith("#"):
        lines[0] = lines[0][1:]
    return list(csv.DictReader(lines, delimiter="\t"))


def read_json(path: str | Path | None) -> dict:
    if not path or not Path(path).exists():
        return {}
    with open(path) as fh:
        return json.load(fh) or {}


def input_names(paths: dict[str, str | None], paired: bool) -> dict[str, str]:
    """The JSON's `inputs`: input name -> file name, or "missing" (germline_vcf only when the
    tumor has a matched normal)."""
    return {
        name: (Path(p).name if p and Path(p).exists() else "missing")
        for name, p in paths.items()
        if name != "germline_vcf" or paired
    }
