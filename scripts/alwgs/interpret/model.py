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
    """The sample's row of samples.tsv (or the `sample` block of a findings file), as
    interpretation uses it."""

    sample: str
    patient: str
    diagnosis: str
    sex: str
    purity: float | None
    normal: str | None
    # ELN 2024 applicability: intensive | less_intensive | prior_hma | unknown (samples.tsv
    # column therapy_context, docs/FINDINGS.md sample.therapy_context)
    therapy_context: str = "unknown"


# The analyses whose absence a classification can depend on (the `assessed` keys of
# docs/FINDINGS.md). Each lesion condition reads one of them (conditions.inputs_of).
ANALYSES = ("small_variants", "itd", "structural_variants", "copy_number")
ANALYSIS_NAMES = {
    "small_variants": "small variants",
    "itd": "tandem duplications (FLT3-ITD)",
    "structural_variants": "structural variants (fusions, rearrangements)",
    "copy_number": "copy number",
}


@dataclass
class Assessment:
    """What was assessed for the sample: the QC gate, the analyses that did not run (as a whole,
    or for some chromosomes/arms of copy number) and the panel genes whose coverage was
    insufficient. A classification reads `not_assessable` when an input it needs is listed
    here (docs/CONTRACTS.md, "Not assessable"). The default is "everything assessed"."""

    qc_status: str = "PASS"  # PASS | WARN | FAIL | missing
    qc_reasons: list[str] = field(default_factory=list)
    # [{"analysis": one of ANALYSES, "reason": str, "region": "7" | "17p" (copy number only)}]
    not_assessed: list[dict] = field(default_factory=list)
    genes_not_covered: list[str] = field(default_factory=list)
    gene_reasons: dict[str, str] = field(default_factory=dict)  # gene -> why (optional)
    # workflow: built from the workflow's files (alwgs.interpret.assessment.from_workflow);
    # findings: from a findings file's `assessed` block and sample.qc (alwgs.findings), where
    # no reads are behind what it says
    origin: str = "workflow"

    @property
    def failed(self) -> bool:
        """A QC FAIL sample: what was not found is no evidence of absence."""
        return self.qc_status == "FAIL"

    def whole(self, analysis: str) -> str | None:
        """The reason `analysis` was not assessed at all, else None."""
        if self.failed:
            return f"QC FAIL ({'; '.join(self.qc_reasons) or 'QC gate'})"
        for e in self.not_assessed:
            if e["analysis"] == analysis and not e.get("region"):
                return e.get("reason") or "not assessed"
        return None

    def region(self, chrom: str, extents: list[str]) -> str | None:
        """The reason copy number of chromosome `chrom` (or its arms in `extents`) could not be
        judged, else None. A listed chromosome stands for both arms."""
        chrom = norm_chrom(chrom)
        wanted = {chrom} | {chrom + e for e in extents if e in ("p", "q")}
        if "chromosome" in extents:
            wanted |= {chrom + "p", chrom + "q"}
        for e in self.not_assessed:
            reg = str(e.get("region") or "")
            if e["analysis"] == "copy_number" and reg and (reg in wanted or reg == chrom):
                return f"{reg}: {e.get('reason') or 'not assessable'}"
        return None

    def gene(self, gene: str) -> str | None:
        """The reason small variants of `gene` were not assessed, else None."""
        if gene in self.genes_not_covered:
            return self.gene_reasons.get(gene, "coverage insufficient")
        return None

    def to_json(self) -> dict:
        return {
            "qc_status": self.qc_status,
            "qc_reasons": list(self.qc_reasons),
            "not_assessed": [dict(e) for e in self.not_assessed],
            "genes_not_covered": sorted(self.genes_not_covered),
            **(
                {"gene_reasons": dict(sorted(self.gene_reasons.items()))}
                if self.gene_reasons
                else {}
            ),
            **({"origin": self.origin} if self.origin != "workflow" else {}),
        }


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
    # Tumor-only: probability that the allele is germline and its class (INFO/GERMLINE_P,
    # GERMLINE_CLASS of the somatic filter); None / "" when not assessed (paired, low depth).
    germline_p: float | None = None
    germline_class: str = ""
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
            **(
                {"germline_p": self.germline_p, "germline_class": self.germline_class}
                if self.germline_class
                else {}
            ),
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
    therapy_context: str = "unknown"  # ELN 2024 applicability (SampleInfo.therapy_context)
    assessment: Assessment = field(default_factory=Assessment)
    # lesion ids a deriving engine could not decide for want of an input: id -> reasons
    # (complex karyotype when copy number was not assessed, IKZF1plus, focal deletions, ...)
    undetermined: dict[str, list[str]] = field(default_factory=dict)

    def lesion_ids(self) -> set[str]:
        return {le.id for le in self.lesions}
