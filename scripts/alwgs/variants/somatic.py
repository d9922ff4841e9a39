"""Somatic-status evidence added to every record as INFO tags, so that the filters in
config/filters/small_variants.yaml can be plain bcftools expressions over them.

Tags: T_DP, T_AO, T_VAF (tumor), N_DP, N_AO, N_VAF (matched normal), SOMATIC_P (one-sided
Fisher test that the tumor alt fraction exceeds the normal's), GERMLINE_P / GERMLINE_CLASS /
LOCAL_CN (tumor-only: posterior probability of germline from purity and local copy number,
alwgs.variants.germline), GERMLINE_VAF (flag: GERMLINE_CLASS is germline), PANEL (flag:
inside a gene of the leukemia panel; filters spare these instead of dropping them); with the
sample's depth rule (alwgs.variants.power) also T_POWER and N_POWER.
"""

import math
from collections.abc import Iterable
from pathlib import Path

import pysam

from alwgs.pon.panel import INFO_LINES as PON_HEADER
from alwgs.variants.germline import CopyNumber, Model, germline_probability
from alwgs.variants.power import HEADER as POWER_HEADER
from alwgs.variants.power import DepthPower, floor4

HEADER = [
    '##INFO=<ID=T_DP,Number=1,Type=Integer,Description="Tumor depth (ref + alt reads, AD)">',
    '##INFO=<ID=T_AO,Number=1,Type=Integer,Description="Tumor alt reads (AD)">',
    '##INFO=<ID=T_VAF,Number=1,Type=Float,Description="Tumor alt read fraction">',
    '##INFO=<ID=N_DP,Number=1,Type=Integer,Description="Matched-normal depth (AD)">',
    '##INFO=<ID=N_AO,Number=1,Type=Integer,Description="Matched-normal alt reads (AD)">',
    '##INFO=<ID=N_VAF,Number=1,Type=Float,Description="Matched-normal alt read fraction">',
    '##INFO=<ID=SOMATIC_P,Number=1,Type=Float,Description="One-sided Fisher p: tumor alt '
    'fraction > normal alt fraction">',
    '##INFO=<ID=GERMLINE_VAF,Number=0,Type=Flag,Description="Tumor-only: GERMLINE_CLASS is '
    'germline (the VAF fits a germline allele at the purity and local copy number)">',
    '##INFO=<ID=GERMLINE_P,Number=1,Type=Float,Description="Tumor-only: posterior probability '
    "that the allele is germline (binomial likelihoods of germline het/hom and somatic VAFs "
    'expected at the purity and local copy number; prior from the population AF)">',
    '##INFO=<ID=GERMLINE_CLASS,Number=1,Type=String,Description="Tumor-only: germline, '
    'somatic or uncertain, from GERMLINE_P and the class threshold of the germline model">',
    '##INFO=<ID=LOCAL_CN,Number=1,Type=Integer,Description="Tumor-only: tumor copy number at '
    'the site used by GERMLINE_P (CNVkit call segments; normal copy number outside them)">',
    '##INFO=<ID=EXP_VAF_GERMLINE,Number=1,Type=Float,Description="Tumor-only: expected VAF of '
    'a germline heterozygous allele at the purity and local copy number">',
    '##INFO=<ID=EXP_VAF_SOMATIC,Number=1,Type=Float,Description="Tumor-only: expected VAF of '
    'a clonal somatic allele on one tumor copy at the purity and local copy number">',
    '##INFO=<ID=PANEL,Number=0,Type=Flag,Description="In a gene of the leukemia gene panel">',
    '##INFO=<ID=PANEL_GENE,Number=1,Type=String,Description="Leukemia panel gene hit">',
    '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Alt read fraction of the sample (AD)">',
]
# Declared even without a population database, so filters that test it simply never match.
POP_AF_HEADER = [
    '##INFO=<ID=POP_AF,Number=A,Type=Float,Description="Population allele frequency">',
]


def fisher_greater(t_alt: int, t_ref: int, n_alt: int, n_ref: int) -> float:
    """P(tumor alt count >= observed) under the hypergeometric null of equal fractions."""
    total_alt, t_total = t_alt + n_alt, t_alt + t_ref
    total = t_total + n_alt + n_ref
    denom = math.comb(total, t_total)
    if denom == 0:
        return 1.0
    p = 0.0
    for k in range(t_alt, min(total_alt, t_total) + 1):
        p += math.comb(total_alt, k) * math.comb(total - total_alt, t_total - k)
    return min(1.0, p / denom)


class GeneIndex:
    """Gene spans of a panel, for 'is this position in a panel gene' lookups."""

    def __init__(self, spans: Iterable[tuple[str, int, int, str]]):
        self.by_chrom: dict[str, list[tuple[int, int, str]]] = {}
        for chrom, s, e, name in spans:
            self.by_chrom.setdefault(chrom, []).append((s, e, name))

    def gene_at(self, chrom: str, pos0: int) -> str | None:
        for s, e, name in self.by_chrom.get(chrom, ()):
            if s <= pos0 < e:
                return name
        return None


def read_panel(path: str | Path) -> set[str]:
    """Genes of the leukemia panel file (gene<TAB>panels, '#' comments); a malformed file
    raises ValueError naming the row, so intake can stop the batch on it."""
    with open(path) as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh if not line.startswith("#")]
    if not rows or rows[0][:2] != ["gene", "panels"]:
        raise ValueError(f"{path}: the header must start with the columns gene, panels")
    for n, row in enumerate(rows[1:], start=2):
        if len(row) < 2 or not row[0]:
            raise ValueError(f"{path}: data row {n}: expected gene<TAB>panels")
    return {r[0] for r in rows[1:]}


def gene_spans(gff3: str | Path, genes: set[str]) -> list[tuple[str, int, int, str]]:
    spans = []
    with open(gff3) as fh:
        for line in fh:
            f = line.split("\t")
            if len(f) < 9 or f[2] != "gene":
                continue
            attrs = dict(kv.split("=", 1) for kv in f[8].strip().split(";") if "=" in kv)
            name = attrs.get("Name", "")
            if name in genes:
                spans.append((f[0], int(f[3]) - 1, int(f[4]), name))
    return spans


def _counts(rec, sample: str) -> tuple[int, int]:
    ad = rec.samples[sample].get("AD")
    if not ad or ad[0] is None or len(ad) < 2 or ad[1] is None:
        return 0, 0
    return int(ad[0]), int(ad[1])


def annotate(
    vcf_in: str,
    vcf_out: str,
    tumor: str,
    normal: str | None,
    purity: float | None,
    panel: GeneIndex,
    *,
    depth: DepthPower | None = None,
    germline_model: Model | None = None,
    copy_number: CopyNumber | None = None,
) -> None:
    """Stream a normalised (biallelic) VCF and add the evidence tags."""
    model = germline_model or Model()
    copy_number = copy_number or CopyNumber(None)
    with pysam.VariantFile(vcf_in) as src:
        has_database = "POP_AF" in src.header.info
        # POP_AF and the panel-of-normals counts are declared even without their source, so
        # the OR halves of GermlineSuspect that test them simply never match.
        optional = [] if "POP_AF" in src.header.info else POP_AF_HEADER
        optional += [] if "PON_N" in src.header.info else PON_HEADER
        for line in HEADER + optional:
            src.header.add_line(line)
        for line in POWER_HEADER if depth else []:
            src.header.add_line(line)
        with pysam.VariantFile(vcf_out, "w", header=src.header) as out:
            for rec in src:
                for name in rec.samples:
                    ref, alt = _counts(rec, name)
                    rec.samples[name]["AF"] = (round(alt / (ref + alt), 4) if ref + alt else 0.0,)
                t_ref, t_alt = _counts(rec, tumor)
                t_dp = t_ref + t_alt
                rec.info["T_DP"], rec.info["T_AO"] = t_dp, t_alt
                rec.info["T_VAF"] = round(t_alt / t_dp, 4) if t_dp else 0.0
                if depth:
                    rec.info["T_POWER"] = floor4(depth.tumor_power(t_dp))
                if normal:
                    n_ref, n_alt = _counts(rec, normal)
                    n_dp = n_ref + n_alt
                    rec.info["N_DP"], rec.info["N_AO"] = n_dp, n_alt
                    rec.info["N_VAF"] = round(n_alt / n_dp, 4) if n_dp else 0.0
                    if depth:
                        rec.info["N_POWER"] = floor4(depth.normal_power(n_dp))
                    rec.info["SOMATIC_P"] = float(
                        f"{fisher_greater(t_alt, t_ref, n_alt, n_ref):.3g}"
                    )
                else:
                    _germline_tags(rec, t_alt, t_dp, purity, model, copy_number, has_database)
                gene = panel.gene_at(rec.chrom, rec.pos - 1)
                if gene:
                    rec.info["PANEL"] = True
                    rec.info["PANEL_GENE"] = gene
                out.write(rec)


def _germline_tags(rec, ao, dp, purity, model, copy_number, has_database) -> None:
    """Tumor-only: GERMLINE_P and its class at the local copy number (none at low depth)."""
    locus, _ = copy_number.at(rec.chrom, rec.pos - 1)
    pop = rec.info.get("POP_AF") if "POP_AF" in rec.info else None
    pop_af = pop[0] if isinstance(pop, tuple) else pop
    call = germline_probability(ao, dp, purity, locus, model, pop_af, has_database)
    rec.info["LOCAL_CN"] = locus.cn
    if call is None:
        return
    rec.info["GERMLINE_P"] = float(f"{call.p_germline:.3g}")
    rec.info["GERMLINE_CLASS"] = call.cls
    if call.cls == "germline":
        rec.info["GERMLINE_VAF"] = True
    if "het" in call.expected:
        rec.info["EXP_VAF_GERMLINE"] = call.expected["het"]
    if "somatic" in call.expected:
        rec.info["EXP_VAF_SOMATIC"] = call.expected["somatic"]
