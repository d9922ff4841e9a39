"""The objects the interpretation engines share: the sample being interpreted, what was assessed
for it, a small-variant call read from an annotated VCF (or given in a findings file), a lesion
(what a report lists), and the context the rule conditions are evaluated in."""

from __future__ import annotations

from dataclasses import dataclass, field


def norm_chrom(chrom: str | None) -> str:
    """'chr7' and '7' are the same chromosome to a rule."""
    text = str(chrom or "")
    return text[3:] if text.lower().startswith("chr") else text


@dataclass
class SampleInfo:
    """The sample's row of samples.tsv, as interpretation uses it. therapy_context: intensive |
    less_intensive | prior_hma | unknown (ELN 2024 applicability; given by a findings file)."""

    sample: str
    patient: str
    diagnosis: str
    sex: str
    purity: float | None
    normal: str | None
    therapy_context: str = "unknown"


# The analyses an Assessment names (keys of its `analyses`), in report order.
ANALYSES = ("small_variants", "itd", "structural_variants", "copy_number", "karyotype")


@dataclass(frozen=True)
class Assessment:
    """What was assessed for the sample, so that a classification whose inputs were not assessed
    can say "not assessable" with the reasons instead of reading an empty input as "none found".

    analyses: analysis -> None when it was assessed, else the reason it was not (one sentence).
    Analyses: small_variants (SNVs/indels of the panel genes), itd (tandem duplications of the
    ITD targets), structural_variants (fusions, rearrangements, PTDs), copy_number (gains,
    losses, cnLOH), karyotype (a karyotype: from copy number and SVs in the workflow, or an
    ISCN string in a findings file). genes_not_covered: panel genes whose small variants could
    not be assessed (coverage too low), each with its reason. qc_status: the sequencing QC gate
    (PASS | WARN | FAIL | missing). origin: workflow | findings (given externally, no reads).
    The workflow builds it from the not-assessed lines of fusions.tsv and events.tsv, the
    karyotype JSON and the QC gate (alwgs.interpret.inputs.workflow_assessment); a findings file
    from its `assessed` block and `sample.qc` (alwgs.findings)."""

    analyses: tuple[tuple[str, str | None], ...] = tuple((a, None) for a in ANALYSES)
    genes_not_covered: tuple[tuple[str, str], ...] = ()
    qc_status: str = "PASS"
    origin: str = "workflow"

    @classmethod
    def of(
        cls,
        reasons: dict[str, str | None] | None = None,
        genes_not_covered: dict[str, str] | None = None,
        qc_status: str = "PASS",
        origin: str = "workflow",
    ) -> Assessment:
        """reasons: analysis -> why it was not assessed (None or absent: assessed)."""
        reasons = reasons or {}
        unknown = set(reasons) - set(ANALYSES)
        if unknown:
            raise ValueError(f"unknown analysis {sorted(unknown)[0]!r} (known: {ANALYSES})")
        return cls(
            tuple((a, reasons.get(a)) for a in ANALYSES),
            tuple(sorted((genes_not_covered or {}).items())),
            qc_status,
            origin,
        )

    def reason(self, analysis: str) -> str | None:
        """Why the analysis was not assessed; None when it was (or is not known here)."""
        return dict(self.analyses).get(analysis)

    def assessed(self, analysis: str) -> bool:
        return self.reason(analysis) is None

    def gene_reason(self, gene: str) -> str | None:
        """Why small variants of the gene were not assessed (the whole analysis, or its
        coverage); None when they were."""
        whole = self.reason("small_variants")
        return whole if whole is not None else dict(self.genes_not_covered).get(gene)

    def not_assessed(self) -> list[dict]:
        """[{analysis, reason}] of every analysis that was not assessed, then of every gene."""
        out = [{"analysis": a, "reason": r} for a, r in self.analyses if r is not None]
        return out + [
            {"analysis": "small_variants", "gene": g, "reason": r}
            for g, r in self.genes_not_covered
        ]


@dataclass
class Call:
    """One allele of an annotated VCF (fields of rules/annotation.smk's INFO tags), or a variant
    given in a findings file (no coordinates needed: `label` then names it)."""

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
    # How the evidence names a variant without coordinates (findings file): "TP53 c.743G>A".
    label: str = ""

    @property
    def terms(self) -> set[str]:
        return {t for t in self.consequence.split("&") if t}

    @property
    def filter_text(self) -> str:
        return ";".join(self.filters) or "PASS"

    def evidence(self) -> dict:
        return {
            "source": "small_variants",
            "variant": self.label or f"{self.chrom}:{self.pos}:{self.ref}>{self.alt}",
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
    assessment: Assessment = field(default_factory=Assessment)
    therapy_context: str = "unknown"  # SampleInfo.therapy_context (ELN 2024 applicability)

    def lesion_ids(self) -> set[str]:
        return {le.id for le in self.lesions}
