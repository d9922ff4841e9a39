"""The objects the interpretation engines share: the sample being interpreted, a small-variant
call read from an annotated VCF, a lesion (what a report lists), and the context the rule
conditions are evaluated in."""

from __future__ import annotations

from dataclasses import dataclass, field


def norm_chrom(chrom: str | None) -> str:
    """'chr7' and '7' are the same chromosome to a rule."""
    text = str(chrom or "")
    return text[3:] if text.lower().startswith("chr") else text


@dataclass
class SampleInfo:
    """The sample's row of samples.tsv, as interpretation uses it."""

    sample: str
    patient: str
    diagnosis: str
    sex: str
    purity: float | None
    normal: str | None


@dataclass
class Call:
    """One allele of an annotated VCF (fields of rules/annotation.smk's INFO tags)."""

    chrom: str
    pos: int
    ref: str
    alt: str
    filters: list[str]
    gene: str = ""
    transcript: str = ""
    consequence: str = ""
    hgvsc: str = ""
    hgvsp: str = ""
    protein_start: int | None = None
    protein_end: int | None = None
    hotspot: str = ""
    panels: list[str] = field(default_factory=list)
    vaf: float | None = None
    alt_reads: int | None = None
    depth: int | None = None
    normal_vaf: float | None = None
    genotype: str = ""
    pop_af: float | None = None
    clnsig: list[str] = field(default_factory=list)
    clnrevstat: str = ""
    itd: bool = False
    itd_target: str = ""
    germline_vaf_flag: bool = False

    @property
    def terms(self) -> set[str]:
        return {t for t in self.consequence.split("&") if t}

    @property
    def filter_text(self) -> str:
        return ";".join(self.filters) or "PASS"

    def evidence(self) -> dict:
        return {
            "source": "small_variants",
            "variant": f"{self.chrom}:{self.pos}:{self.ref}>{self.alt}",
            "chrom": self.chrom,
            "pos": self.pos,
            "ref": self.ref,
            "alt": self.alt if len(self.alt) <= 50 else self.alt[:47] + "...",
            "gene": self.gene,
            "transcript": self.transcript,
            "consequence": self.consequence,
            "hgvsc": self.hgvsc,
            "hgvsp": self.hgvsp,
            "vaf": self.vaf,
            "alt_reads": self.alt_reads,
            "depth": self.depth,
            "normal_vaf": self.normal_vaf,
            "filter": self.filter_text,
            "population_af": self.pop_af,
            "clinvar": ",".join(self.clnsig),
            "clinvar_review": self.clnrevstat,
            "hotspot": self.hotspot,
            **({"itd_target": self.itd_target} if self.itd else {}),
        }


@dataclass
class Lesion:
    """A reported genetic lesion: its id (the report's name for it), what kind of lesion it is,
    the genes or chromosome it concerns, the tier and rule that made it a lesion, and its
    evidence (variants, junctions or segments with their read support)."""

    id: str
    kind: str  # mutation | itd | fusion | ptd | cna | focal_deletion | karyotype | ploidy
    genes: tuple[str, ...] = ()
    tier: str = ""
    level: str | None = None
    rule_id: str = ""
    guideline: str = ""
    year: int | None = None
    description: str = ""
    evidence: list[dict] = field(default_factory=list)
    features: set[str] = field(default_factory=set)
    chrom: str = ""
    extent: str = ""  # chromosome | p | q (cna)
    change: str = ""  # loss | gain (cna)
    vaf: float | None = None
    classification: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # small variants: the best oncogenicity class of its calls (Horak 2022 SOP), '' for others
    oncogenicity: str = ""

    def to_json(self) -> dict:
        out = {
            "id": self.id,
            "kind": self.kind,
            "genes": list(self.genes),
            "tier": self.tier,
            "level": self.level,
            "rule_id": self.rule_id,
            "guideline": self.guideline,
            "year": self.year,
            "description": self.description,
            "evidence": self.evidence,
            "classification": self.classification,
        }
        if self.vaf is not None:
            out["vaf"] = self.vaf
        if self.oncogenicity:
            out["oncogenicity"] = self.oncogenicity
        if self.kind == "cna":
            out.update(chrom=self.chrom, extent=self.extent, change=self.change)
        if self.notes:
            out["notes"] = self.notes
        return out


@dataclass
class Context:
    """What rule conditions can see."""

    diagnosis: str
    lesions: list[Lesion] = field(default_factory=list)
    karyotype: dict = field(default_factory=dict)
    events: list[dict] = field(default_factory=list)
    blasts: float | None = None

    def lesion_ids(self) -> set[str]:
        return {le.id for le in self.lesions}
