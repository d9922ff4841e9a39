"""One sample's interpretation: lesions with evidence and tier, ELN 2022 group, WHO/ICC 2022
entities, germline findings; the JSON layout is fixed in docs/CONTRACTS.md ("Annotation and
interpretation")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pysam

from alwgs import not_assessed
from alwgs.interpret import eln as eln_engine
from alwgs.interpret import germline as germline_engine
from alwgs.interpret import who_icc as who_icc_engine
from alwgs.interpret.inputs import read_calls, read_json, read_tsv
from alwgs.interpret.knowledge import Knowledge
from alwgs.interpret.lesions import cna_lesions, fusion_lesions, mutation_lesions
from alwgs.interpret.model import Call, Context, Lesion
from alwgs.interpret.tiers import ORDER, reportable, tier_of

FORMAT_VERSION = 1
KIND_ORDER = ["fusion", "ptd", "mutation", "itd", "cna", "focal_deletion", "karyotype", "ploidy"]
_SOURCE = re.compile(r'(\w+)="?([^",>]*)"?')


@dataclass
class SampleInfo:
    sample: str
    patient: str
    diagnosis: str
    sex: str
    purity: float | None
    normal: str | None


def annotation_sources(vcf: str | Path) -> dict[str, dict]:
    """The ##alwgs_annotation lines of an annotated VCF header."""
    out: dict[str, dict] = {}
    with pysam.VariantFile(str(vcf)) as vf:
        for rec in vf.header.records:
            if rec.key == "alwgs_annotation":
                items = {k: v.strip('"') for k, v in rec.items()}
                out[items.pop("ID", "?")] = items
    return out


def _listed(call: Call, tier, kb: Knowledge) -> bool:
    coding = set().union(
        *(
            set(kb.tiers["consequence_classes"][c])
            for c in ("truncating", "protein_altering", "splice_region")
        )
    )
    return call.gene in kb.panels or ORDER[tier.tier] <= 2 or bool(call.terms & coding)


def _cite(lesions: list[Lesion], ids: list[str], ref: dict) -> None:
    """Record on each lesion the classification rule that used it (once per rule)."""
    for le in lesions:
        if le.id in ids and all(c["rule_id"] != ref["rule_id"] for c in le.classification):
            le.classification.append(ref)


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
    tiers = kb.tiers
    # --- small variants: tier every interpreted call of a gene
    allowed = set(tiers["reportable"]["filters"])
    calls = list(
        read_calls(
            somatic_vcf,
            info.sample,
            keep=lambda c: bool(c.gene) and set(c.filters or ["PASS"]) <= allowed,
        )
    )
    tiered = [(c, tier_of(c, tiers, kb.hotspots)) for c in calls]
    lesion_calls = [(c, t) for c, t in tiered if reportable(c, t, tiers, kb.panels)]
    lesions = mutation_lesions(lesion_calls, kb.hotspots)
    variants = [
        c.evidence()
        | {
            "tier": t.tier,
            "level": t.level,
            "tier_rule": t.rule_id,
            "lesion": any(c is lc for lc, _ in lesion_calls),
        }
        for c, t in tiered
        if _listed(c, t, kb)
    ]

    # --- structural variants and copy number
    sv_lesions, other_sv = fusion_lesions(read_tsv(fusions_tsv), tiers)
    cn_lesions, copy_number = cna_lesions(read_tsv(events_tsv), tiers, kb.focal, info.diagnosis)
    lesions += sv_lesions + cn_lesions
    karyotype = read_json(karyotype_json)
    ctx = Context(
        diagnosis=info.diagnosis,
        lesions=lesions,
        karyotype=karyotype,
        events=read_tsv(events_tsv),
        blasts=info.purity,
    )
    karyo_entry = tiers["structural"]["karyotype"]
    ctx.lesions += eln_engine.karyotype_lesions(kb.eln, ctx, karyo_entry)
    ctx.lesions += who_icc_engine.derived_lesions(kb.who_icc, ctx, karyo_entry)

    # --- germline
    germline: list[dict] = []
    confirm: list[dict] = []
    if info.normal and germline_vcf:
        genes = germline_engine.gene_table(kb.germline)
        normal_calls = list(read_calls(germline_vcf, info.normal, keep=lambda c: c.gene in genes))
        germline = germline_engine.findings(normal_calls, kb.germline, tiers, info.normal)
    else:
        confirm = germline_engine.confirmation(tiered, kb.germline, tiers)
    ctx.germline_genes = {g["gene"] for g in germline}
    genes = germline_engine.gene_table(kb.germline)
    germline_specs = [
        {"gene": g["gene"], "category": genes[g["gene"]]["category"]} for g in germline
    ]

    # --- classifications
    eln = eln_engine.classify(kb.eln, ctx)
    who_icc = who_icc_engine.classify(kb.who_icc, ctx, germline_specs)
    for item in eln.get("decided_by", []):
        _cite(
            ctx.lesions,
            item["lesions"],
            {
                "rule_id": item["rule_id"],
                "guideline": "ELN",
                "year": 2022,
                "role": "decided the group",
            },
        )
    for item in eln.get("markers", []):
        _cite(
            ctx.lesions,
            item["lesions"],
            {"rule_id": item["rule_id"], "guideline": "ELN", "year": 2022, "role": "risk marker"},
        )
    for item in eln.get("notes", []):
        _cite(
            ctx.lesions,
            item["lesions"],
            {"rule_id": item["rule_id"], "guideline": "ELN", "year": 2022, "role": "note"},
        )
    for system in ("who2022", "icc2022"):
        entry = who_icc[system]
        if entry["rule_id"]:
            _cite(
                ctx.lesions,
                entry["lesions"],
                {
                    "rule_id": entry["rule_id"],
                    "guideline": entry["guideline"],
                    "year": entry["year"],
                    "role": "defining lesion",
                },
            )
    guideline = tiers["structural"]["guideline"]
    for le in ctx.lesions:
        cited = [c for c in le.classification if c["role"] != "note"]
        if cited and le.tier != guideline["tier"]:
            le.notes.append(
                f"tier {le.tier} by {le.rule_id}; tier {guideline['tier']} as a guideline marker"
            )
            le.tier, le.level, le.rule_id = guideline["tier"], guideline["level"], guideline["id"]
            le.description = " ".join(guideline["description"].split())
            le.guideline, le.year = tiers["guideline"], tiers["year"]

    qc = read_json(qc_json)
    qc_status = qc.get("status", "missing")
    ordered = sorted(
        ctx.lesions,
        key=lambda le: (
            KIND_ORDER.index(le.kind) if le.kind in KIND_ORDER else 99,
            ORDER.get(le.tier, 9),
            le.id,
        ),
    )
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
        "karyotype_detail": {
            k: karyotype.get(k)
            for k in (
                "chromosome_count",
                "sex_chromosomes",
                "abnormalities",
                "abnormality_count",
                "complex",
                "monosomal",
                "ploidy_group",
            )
            if k in karyotype
        },
        "eln2022": eln,
        "who2022": who_icc["who2022"],
        "icc2022": who_icc["icc2022"],
        "who_icc_concordant": who_icc["concordant"],
        **({"who_icc_difference": who_icc["difference"]} if "difference" in who_icc else {}),
        "lesions": [le.to_json() for le in ordered],
        "germline": germline,
        "germline_confirmation": confirm,
        "variants": variants,
        "structural_variants": other_sv,
        "copy_number": copy_number,
        "inputs": {
            name: (Path(p).name if p and Path(p).exists() else "missing")
            for name, p in (
                ("somatic_vcf", somatic_vcf),
                ("fusions", fusions_tsv),
                ("events", events_tsv),
                ("karyotype", karyotype_json),
                ("qc", qc_json),
                ("germline_vcf", germline_vcf),
            )
            if name != "germline_vcf" or info.normal
        },
        # Analyses that could not run on this tumor or its normal (SV callers, copy number),
        # carried from the headers of fusions.tsv and events.tsv: an empty list of fusions or
        # events then does not mean "none".
        "not_assessed": [
            e.to_json() for e in not_assessed.read(fusions_tsv) + not_assessed.read(events_tsv)
        ],
        "annotation_sources": annotation_sources(somatic_vcf),
        "knowledge": kb.versions(),
    }
