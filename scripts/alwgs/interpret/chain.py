"""One sample's interpretation as the chain it is: variants -> oncogenicity -> tiers -> lesions
(with germline beside them) -> classifications (ELN 2022, ELN 2024, WHO / ICC) -> JSON. Each
link is one module taking the previous link's output and only the part of the knowledge it
reads; what was assessed (model.Assessment) travels with the lesions, so a classification whose
inputs were not assessed reads "not_assessable".

The chain runs on data (ChainInputs): the workflow reads its result files into it
(workflow_inputs), a findings file made elsewhere is converted into it (alwgs.findings), and
both then go through exactly the same links (run_chain)."""

from __future__ import annotations

from dataclasses import dataclass, field

from alwgs.interpret.assessment import from_workflow
from alwgs.interpret.classify import GuidelineRules, classify
from alwgs.interpret.germline import examine, read_normal_calls
from alwgs.interpret.inputs import input_names, read_json, read_tsv
from alwgs.interpret.knowledge import Knowledge
from alwgs.interpret.lesions import LesionRules, find_lesions
from alwgs.interpret.model import Assessment, Call, SampleInfo
from alwgs.interpret.oncogenicity import assess
from alwgs.interpret.output import assemble, not_assessed_entries
from alwgs.interpret.tiers import TierRules, tier_variants
from alwgs.interpret.variants import Variants, read_variants


@dataclass
class ChainInputs:
    """Everything the chain reads, as data (formats of docs/CONTRACTS.md)."""

    variants: Variants  # the somatic calls a rule can use, with their annotation sources
    fusions: list[dict]  # rows of fusions.tsv
    events: list[dict]  # rows of events.tsv
    karyotype: dict  # karyotype.json ({} when absent)
    qc: dict  # the QC gate JSON ({} when absent)
    normal_calls: list[Call] | None  # the matched normal's calls; None: none were read
    # what was assessed (workflow: assessment.from_workflow; findings: alwgs.findings.convert)
    assessment: Assessment = field(default_factory=Assessment)
    not_assessed: list[dict] = field(default_factory=list)  # the JSON's `not_assessed`
    inputs: dict[str, str] = field(default_factory=dict)  # the JSON's `inputs`
    # Read-support floors of the germline rules apply (False for calls made elsewhere).
    germline_reads_checked: bool = True
    origin: dict | None = None  # findings file made elsewhere: the JSON's `findings` block


def interpret(
    info: SampleInfo,
    kb: Knowledge,
    somatic_vcf: str,
    fusions_tsv: str | None,
    events_tsv: str | None,
    karyotype_json: str | None,
    qc_json: str | None,
    germline_vcf: str | None = None,
    coverage_tsv: str | None = None,
    assessment: Assessment | None = None,
) -> dict:
    """The interpretation JSON (docs/CONTRACTS.md); a missing optional file reads as empty.
    assessment: what was assessed; by default built from the QC JSON, the not-assessed lines of
    the fusions and events, karyotype.json and the coverage table."""
    data = workflow_inputs(
        info,
        kb,
        somatic_vcf,
        fusions_tsv,
        events_tsv,
        karyotype_json,
        qc_json,
        germline_vcf,
        coverage_tsv,
        assessment,
    )
    return run_chain(info, kb, data)


def workflow_inputs(
    info: SampleInfo,
    kb: Knowledge,
    somatic_vcf: str,
    fusions_tsv: str | None,
    events_tsv: str | None,
    karyotype_json: str | None,
    qc_json: str | None,
    germline_vcf: str | None = None,
    coverage_tsv: str | None = None,
    assessment: Assessment | None = None,
) -> ChainInputs:
    """The workflow's result files of one tumor, read into the chain's inputs."""
    paths = {
        "somatic_vcf": somatic_vcf,
        "fusions": fusions_tsv,
        "events": events_tsv,
        "karyotype": karyotype_json,
        "qc": qc_json,
        "coverage": coverage_tsv,
        "germline_vcf": germline_vcf,
    }
    paired = bool(info.normal and germline_vcf)
    karyotype, qc = read_json(karyotype_json), read_json(qc_json)
    if assessment is None:
        assessment = from_workflow(qc, fusions_tsv, events_tsv, karyotype, coverage_tsv)
    return ChainInputs(
        variants=read_variants(somatic_vcf, info.sample, kb.tiers["reportable"]["filters"]),
        fusions=read_tsv(fusions_tsv),
        events=read_tsv(events_tsv),
        karyotype=karyotype,
        qc=qc,
        normal_calls=read_normal_calls(germline_vcf, info.normal, kb.germline) if paired else None,
        assessment=assessment,
        not_assessed=not_assessed_entries(fusions_tsv, events_tsv),
        inputs=input_names(paths, bool(info.normal)),
    )


def run_chain(info: SampleInfo, kb: Knowledge, data: ChainInputs) -> dict:
    """The interpretation JSON of the chain's inputs."""
    variants = data.variants
    assessed = assess(variants, kb.oncogenicity, info.diagnosis)
    tiered = tier_variants(assessed, TierRules(kb.tiers, kb.hotspots, kb.panels), info.diagnosis)
    lesions = find_lesions(
        tiered,
        info,
        data.fusions,
        data.events,
        data.karyotype,
        LesionRules(kb.tiers, kb.hotspots, kb.focal, kb.eln, kb.who_icc, kb.karyotype),
        data.assessment,
    )
    germline = examine(
        info, data.normal_calls, tiered, kb.germline, kb.tiers, data.germline_reads_checked
    )
    marker_tier = kb.tiers["structural"]["guideline"]
    amp = (kb.tiers["guideline"], kb.tiers["year"])
    rules = GuidelineRules(kb.eln, kb.who_icc, marker_tier, amp, kb.eln2024)
    classified = classify(lesions, germline, rules)
    out = assemble(
        info,
        variants,
        tiered,
        lesions,
        germline,
        classified,
        data.qc,
        data.inputs,
        data.not_assessed,
        kb.versions(),
    )
    if data.origin is not None:
        out["findings"] = data.origin
    return out
