"""Last link of the interpretation chain: the interpretation JSON, whose layout is fixed in
docs/CONTRACTS.md ("Annotation and interpretation")."""

from __future__ import annotations

from alwgs import not_assessed
from alwgs.interpret.classify import Classified
from alwgs.interpret.germline import Germline
from alwgs.interpret.lesions import Lesions
from alwgs.interpret.model import Lesion, SampleInfo
from alwgs.interpret.tiers import ORDER, Tiered
from alwgs.interpret.variants import Variants

FORMAT_VERSION = 1
KIND_ORDER = [
    "fusion",
    "ptd",
    "mutation",
    "itd",
    "cna",
    "focal_deletion",
    "karyotype",
    "ploidy",
    "profile",
]
KARYOTYPE_DETAIL = (
    "chromosome_count",
    "sex_chromosomes",
    "abnormalities",
    "abnormality_count",
    "complex",
    "monosomal",
    "ploidy_group",
    "masked_hypodiploidy",
)


def assemble(
    info: SampleInfo,
    variants: Variants,
    tiered: Tiered,
    lesions: Lesions,
    germline: Germline,
    classified: Classified,
    qc: dict,
    inputs: dict[str, str],
    not_assessed: list[dict],
    knowledge: dict,
) -> dict:
    """qc: the QC gate JSON; inputs: input name -> file name or "missing" (input_names);
    not_assessed: the entries of not_assessed_entries (or of a findings file);
    knowledge: Knowledge.versions()."""
    karyotype = lesions.context.karyotype
    who_icc = classified.who_icc
    qc_status = qc.get("status", "missing")
    return {
        "alwgs_interpretation": FORMAT_VERSION,
        "sample": info.sample,
        "patient": info.patient,
        "diagnosis": info.diagnosis,
        "sex": info.sex,
        "blast_fraction": info.purity,
        "mode": "paired" if info.normal else "tumor_only",
        "matched_normal": info.normal,
        "status": "provisional (QC FAIL)" if qc_status == "FAIL" else "complete",
        "qc": {"status": qc_status, "reasons": qc.get("reasons", [])},
        "karyotype": karyotype.get("karyotype"),
        "karyotype_detail": {k: karyotype.get(k) for k in KARYOTYPE_DETAIL if k in karyotype},
        "therapy_context": info.therapy_context,
        # what was assessed: the QC gate, analyses not run, chromosomes/arms of copy number not
        # assessable, panel genes not covered; a classification that needed them reads
        # not_assessable (README "Not assessable is an answer")
        "assessment": lesions.context.assessment.to_json(),
        "eln2022": classified.eln2022,
        **({"eln2024": classified.eln2024} if classified.eln2024 is not None else {}),
        "who2022": who_icc["who2022"],
        "icc2022": who_icc["icc2022"],
        "who_icc_concordant": who_icc["concordant"],
        **({"who_icc_difference": who_icc["difference"]} if "difference" in who_icc else {}),
        "lesions": [le.to_json() for le in sorted(classified.lesions, key=_report_order)],
        "germline": germline.findings,
        "germline_confirmation": germline.confirmation,
        "variants": [
            t.call.evidence()
            | {
                "tier": t.tier.tier,
                "level": t.tier.level,
                "tier_rule": t.tier.rule_id,
                "lesion": t.lesion,
                **({"oncogenicity": t.oncogenicity.to_json()} if t.oncogenicity else {}),
            }
            for t in tiered.calls
            if t.listed
        ],
        "structural_variants": lesions.structural_variants,
        "copy_number": lesions.copy_number,
        "inputs": inputs,
        # Analyses that could not run on this tumor or its normal (SV callers, copy number):
        # an empty list of fusions or events then does not mean "none".
        "not_assessed": not_assessed,
        "annotation_sources": variants.sources,
        "knowledge": knowledge,
    }


def not_assessed_entries(fusions_tsv: str | None, events_tsv: str | None) -> list[dict]:
    """The not-assessed lines of the headers of fusions.tsv and events.tsv, as JSON."""
    return [e.to_json() for e in not_assessed.read(fusions_tsv) + not_assessed.read(events_tsv)]


def _report_order(le: Lesion) -> tuple:
    kind = KIND_ORDER.index(le.kind) if le.kind in KIND_ORDER else 99
    return kind, ORDER.get(le.tier, 9), le.id
