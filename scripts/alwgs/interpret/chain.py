"""One sample's interpretation as the chain it is: variants -> oncogenicity -> tiers -> lesions
(with germline beside them) -> classifications (ELN / WHO / ICC) -> JSON. Each link is one
module taking the previous link's output and only the part of the knowledge it reads."""

from __future__ import annotations

from alwgs.interpret.classify import GuidelineRules, classify
from alwgs.interpret.germline import examine
from alwgs.interpret.inputs import read_json, read_tsv
from alwgs.interpret.knowledge import Knowledge
from alwgs.interpret.lesions import LesionRules, find_lesions
from alwgs.interpret.model import SampleInfo
from alwgs.interpret.oncogenicity import assess
from alwgs.interpret.output import assemble
from alwgs.interpret.tiers import TierRules, tier_variants
from alwgs.interpret.variants import read_variants


def interpret(
    info: SampleInfo,
    kb: Knowledge,
    somatic_vcf: str,
    fusions_tsv: str | None,
    events_tsv: str | None,
    karyotype_json: str | None,
    qc_json: str | None,
    germline_vcf: str | None = None,
) -> dict:
    """The interpretation JSON (docs/CONTRACTS.md); a missing optional file reads as empty."""
    variants = read_variants(somatic_vcf, info.sample, kb.tiers["reportable"]["filters"])
    assessed = assess(variants)
    tiered = tier_variants(assessed, TierRules(kb.tiers, kb.hotspots, kb.panels))
    lesions = find_lesions(
        tiered,
        info,
        read_tsv(fusions_tsv),
        read_tsv(events_tsv),
        read_json(karyotype_json),
        LesionRules(kb.tiers, kb.hotspots, kb.focal, kb.eln, kb.who_icc, kb.karyotype),
    )
    germline = examine(info, germline_vcf, tiered, kb.germline, kb.tiers)
    marker_tier = kb.tiers["structural"]["guideline"]
    amp = (kb.tiers["guideline"], kb.tiers["year"])
    classified = classify(lesions, germline, GuidelineRules(kb.eln, kb.who_icc, marker_tier, amp))
    inputs = {
        "somatic_vcf": somatic_vcf,
        "fusions": fusions_tsv,
        "events": events_tsv,
        "karyotype": karyotype_json,
        "qc": qc_json,
        "germline_vcf": germline_vcf,
    }
    return assemble(
        info,
        variants,
        tiered,
        lesions,
        germline,
        classified,
        read_json(qc_json),
        inputs,
        kb.versions(),
    )
