"""Whole-chromosome loss of heterozygosity without a matched normal: the heterozygosity
deficit at common SNPs.

A tumor-only sample has no normal genotypes to say which SNPs were heterozygous, but the
population allele frequency p of each common SNP says how many should be: a fraction
2p(1-p) under Hardy-Weinberg. A chromosome that kept both parental copies shows about that
many heterozygous sites (alt fraction 1/2 at two copies, 1/3-2/3 at three, 1/4-3/4 at
four); a chromosome that lost one parent's copy in most cells shows almost none (alt
fraction near 0 or 1, plus the normal cells' share of the lost allele). Per chromosome:

    ratio = observed heterozygous sites / sum of 2p(1-p) over the same sites

about 1 when heterozygosity is retained, about 0 with LOH. This is how SNP-array
laboratories unmask doubled hypodiploid clones (Carroll et al., Cancer Genet 2019;238:62-68;
Safavi & Paulsson, Blood 2017;129:420-423); it needs no normal and no copy-number baseline.
It sees only whole chromosomes (thousands of sites pooled), never focal LOH, and not LOH
in few cells: the lost allele of the normal cells is (1-p)/(2-p) of the reads at one tumor
copy and (1-p)/2 at two copies of one parent (p = purity), and once that reaches the lower
edge of ``het_fraction`` the lost allele reads heterozygous again (config/config.yaml,
cnv.tumor_only_loh, gives the purity floor).

Pure functions over counts; ``read_sites`` (pysam) is the only file reader.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from alwgs.contig_roles import UNKNOWN, ContigRoles

from .baf import allele_depths, is_biallelic_snv
from .callable_sequence import Unit
from .cytobands import chrom_name, chrom_rank
from .events import Event, baseline_cn, genes_in

LOH, RETAINED, UNDETERMINED, NOT_ASSESSABLE = "loh", "retained", "undetermined", "not_assessable"
# The mark of an events.tsv row (note column) whose LOH came from this method; the
# masked-hypodiploidy check (alwgs.cnv.ploidy) and the report read it.
METHOD = "heterozygosity deficit"


@dataclass(frozen=True)
class Settings:
    min_depth: int = 20
    het_low: float = 0.15
    het_high: float = 0.85
    min_expected_het: float = 15.0
    max_loh_ratio: float = 0.35
    min_retained_ratio: float = 0.65

    @classmethod
    def from_config(cls, cfg: Mapping) -> Settings:
        """From config cnv.tumor_only_loh."""
        lo, hi = cfg.get("het_fraction", (cls.het_low, cls.het_high))
        return cls(
            min_depth=int(cfg.get("min_depth", cls.min_depth)),
            het_low=float(lo),
            het_high=float(hi),
            min_expected_het=float(cfg.get("min_expected_het", cls.min_expected_het)),
            max_loh_ratio=float(cfg.get("max_loh_ratio", cls.max_loh_ratio)),
            min_retained_ratio=float(cfg.get("min_retained_ratio", cls.min_retained_ratio)),
        )


@dataclass(frozen=True)
class Site:
    """One common SNP of the tumor: population alt allele frequency, tumor read counts."""

    chrom: str
    pos: int  # 1-based
    af: float
    ref_reads: int
    alt_reads: int

    @property
    def depth(self) -> int:
        return self.ref_reads + self.alt_reads


@dataclass(frozen=True)
class ChromHet:
    """Heterozygosity of one chromosome: sites with enough depth, heterozygous sites seen,
    heterozygous sites expected under Hardy-Weinberg, and the call."""

    chrom: str
    sites: int
    observed: int
    expected: float
    call: str  # loh | retained | undetermined | not_assessable
    reason: str = ""

    @property
    def ratio(self) -> float | None:
        return self.observed / self.expected if self.expected > 0 else None

    def text(self) -> str:
        """The evidence, as the events.tsv note and the report quote it."""
        ratio = "." if self.ratio is None else f"{self.ratio:.2f}"
        return (
            f"{METHOD}: {self.observed} heterozygous of {self.expected:.1f} expected at"
            f" {self.sites} common SNPs (ratio {ratio}); no matched normal"
        )


def is_heterozygous(site: Site, settings: Settings) -> bool:
    """Both alleles present: the alt fraction inside ``het_fraction``."""
    if site.depth == 0:
        return False
    return settings.het_low <= site.alt_reads / site.depth <= settings.het_high


def call(chrom: str, sites: Iterable[Site], settings: Settings) -> ChromHet:
    """The chromosome's heterozygosity ratio and call. Too few expected heterozygous sites
    to tell LOH from chance: not_assessable, never LOH."""
    used = [s for s in sites if s.depth >= settings.min_depth and 0.0 < s.af < 1.0]
    observed = sum(is_heterozygous(s, settings) for s in used)
    expected = sum(2.0 * s.af * (1.0 - s.af) for s in used)
    if expected < settings.min_expected_het:
        reason = (
            f"{expected:.1f} heterozygous SNPs expected at {len(used)} sites with"
            f" >= {settings.min_depth} reads, fewer than {settings.min_expected_het:g}"
        )
        return ChromHet(chrom, len(used), observed, expected, NOT_ASSESSABLE, reason)
    ratio = observed / expected
    if ratio <= settings.max_loh_ratio:
        verdict = LOH
    elif ratio >= settings.min_retained_ratio:
        verdict = RETAINED
    else:
        verdict = UNDETERMINED
    return ChromHet(chrom, len(used), observed, expected, verdict)


def chromosomes_assessed(contigs: Iterable[str], roles: ContigRoles, sex: str) -> list[str]:
    """The contigs whose heterozygosity means something: the declared autosomes, and X in a
    female (a male's X and Y are single: nothing to lose). Without declared roles, none."""
    out = []
    for c in contigs:
        if c in roles.autosomes or (sex == "female" and roles.is_x(c)):
            out.append(c)
    return out


def by_chromosome(
    sites: Iterable[Site], settings: Settings, roles: ContigRoles = UNKNOWN, sex: str = ""
) -> list[ChromHet]:
    """One ChromHet per assessed chromosome that has sites, in the order first seen. A
    female's X is taken whole (its PARs are two-copy like the rest of it)."""
    grouped: dict[str, list[Site]] = {}
    for s in sites:
        grouped.setdefault(s.chrom, []).append(s)
    return [call(c, grouped[c], settings) for c in chromosomes_assessed(grouped, roles, sex)]


def loh_events(
    events: list[Event],
    calls: Iterable[ChromHet],
    units: Iterable[Unit],
    lengths: Mapping[str, int],
    sex: str,
    roles: ContigRoles = UNKNOWN,
    genes: Mapping[str, list[tuple[int, int, str]]] | None = None,
    panel: set[str] | None = None,
) -> tuple[list[Event], list[str]]:
    """``events`` with the whole-chromosome LOH of ``calls`` added, and one log line per
    chromosome called LOH. A chromosome at its baseline copy number (no whole-chromosome
    gain or loss) gets a row cnLOH(N), level chromosome, type cnloh, as a matched normal's
    BAF would give it; a whole-chromosome gain gets the evidence in its note (copy-gain
    LOH); a whole-chromosome loss already implies it. The note names the method
    (``METHOD``), so events.tsv and the report tell it from BAF runs against a normal. A
    chromosome whose copy number was not assessable (callable sequence) gets nothing."""
    genes = genes or {}
    whole = {u.chrom: u for u in units if not u.arm}
    out = list(events)
    log = []
    for c in calls:
        if c.call != LOH:
            continue
        at_level = [i for i, e in enumerate(out) if e.chrom == c.chrom and e.level == "chromosome"]
        gains = [i for i in at_level if out[i].type == "gain"]
        unit = whole.get(c.chrom)
        if any(out[i].type == "loss" for i in at_level):
            log.append(f"{c.chrom}: LOH with a whole-chromosome loss (already implied)")
        elif gains:
            for i in gains:
                note = c.text() if out[i].note in ("", ".") else f"{out[i].note}; {c.text()}"
                out[i] = replace(out[i], note=note)
            log.append(f"{c.chrom}: whole-chromosome gain with LOH ({c.text()})")
        elif any(out[i].type == "cnloh" for i in at_level):
            log.append(f"{c.chrom}: LOH already called")
        elif unit is None or not unit.assessable or c.chrom not in lengths:
            why = unit.reason if unit is not None else "no callable sequence"
            log.append(f"{c.chrom}: LOH not reported, copy number not assessable ({why})")
        else:
            base = baseline_cn(c.chrom, sex, roles)
            length = lengths[c.chrom]
            name = chrom_name(c.chrom)  # as events.event_name names a whole chromosome
            out.append(
                Event(
                    c.chrom,
                    0,
                    length,
                    base if base is not None else 2,
                    f"cnLOH({name})",
                    "chromosome",
                    "cnloh",
                    "pq",
                    genes_in(genes, c.chrom, 0, length, panel),
                    bins=unit.bins,
                    callable_bp=unit.callable_bp,
                    note=c.text(),
                )
            )
            log.append(f"{c.chrom}: cnLOH({name}) ({c.text()})")
    out.sort(key=lambda e: (chrom_rank(e.chrom), e.start))
    return out, log


def read_sites(genotypes_vcf: str, sample: str, af_vcfs: Iterable[str]) -> list[Site]:
    """The sample's read counts (FORMAT/AD) at the biallelic SNPs of ``genotypes_vcf``, with
    the population alt allele frequency (INFO/AF) of the first of ``af_vcfs`` that has the
    same SNP. The first (the identity sites: the allele VCF's own site list) is read one
    chromosome at a time into memory; the others (a genome-wide population database) are
    looked up one site at a time, so they are never read whole. A SNP without a population
    AF is left out."""
    import pysam  # only the rule script needs it

    readers = [pysam.VariantFile(p) for p in af_vcfs if p]
    # the first only when it has AF (a site list of its own may not): never the database
    bulk = readers[0] if readers and "AF" in readers[0].header.info else None
    single = [r for r in readers[1:] if "AF" in r.header.info]
    try:
        out = []
        loaded: tuple[str, dict] = ("", {})
        with pysam.VariantFile(genotypes_vcf) as vcf:
            if sample not in vcf.header.samples:
                return []
            for rec in vcf:
                if not is_biallelic_snv(rec):
                    continue
                ad = allele_depths(rec.samples[sample])
                if ad is None:
                    continue
                key = (rec.pos, rec.ref, rec.alts[0])
                af = None
                if bulk is not None:
                    if loaded[0] != rec.chrom:
                        loaded = (rec.chrom, _chromosome_af(bulk, rec.chrom))
                    af = loaded[1].get(key)
                for reader in single:
                    if af is not None:
                        break
                    af = _chromosome_af(reader, rec.chrom, rec.pos).get(key)
                if af is not None:
                    out.append(Site(rec.chrom, rec.pos, af, *ad))
        return out
    finally:
        for r in readers:
            r.close()


def _chromosome_af(reader, chrom: str, pos: int | None = None) -> dict:
    """{(pos, ref, alt): AF} of the reader's records on ``chrom`` (at ``pos`` only when
    given); the first record of a SNP wins."""
    if chrom not in reader.header.contigs:
        return {}
    rows = reader.fetch(chrom) if pos is None else reader.fetch(chrom, pos - 1, pos)
    out = {}
    for rec in rows:
        afs = rec.info.get("AF")
        if afs is None:
            continue
        afs = afs if isinstance(afs, tuple) else (afs,)
        for alt, af in zip(rec.alts or (), afs, strict=False):
            if af is not None:
                out.setdefault((rec.pos, rec.ref, alt), float(af))
    return out
