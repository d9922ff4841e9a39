"""The copy-number section: the called events (with their lesion, and the fusion or PTD an
event is the footprint of), the karyotype and its counts, the CNV plot and the notes on what
was not called."""

from __future__ import annotations

from pathlib import Path

from alwgs.report.context.values import number
from alwgs.report.labels import NOT_ASSESSED, NOT_AVAILABLE


def copy_number_section(
    interp: dict,
    events: list[dict] | None,
    karyo: dict | None,
    plot,
    ref_note,
    fusions,
    not_assessed_reason: str | None = None,
):
    """`not_assessed_reason`: why copy number could not be measured (a tumor too thin for its
    bins; events.tsv header), shown instead of an empty event list."""
    # An event whose edges were snapped to an SV that makes a fusion or PTD is that event's
    # copy-number footprint (a KMT2A-PTD reads as a focal gain): name it.
    fusion_of_sv = {
        sid: r["fusion"] for r in fusions or [] for sid in (r.get("sv_ids") or "").split(",") if sid
    }
    lesion_of = {}
    for le in interp.get("lesions", []):
        if le.get("kind") in ("cna", "focal_deletion"):
            for e in le.get("evidence", []):
                lesion_of[(e.get("chrom"), str(e.get("start")), str(e.get("end")))] = le
    rows = []
    for r in events or []:
        lesion = lesion_of.get((r["chrom"], str(r["start"]), str(r["end"])))
        start, end = number(r["start"]), number(r["end"])
        rows.append(
            {
                "event": r["event"],
                "level": r.get("level", ""),
                "type": r.get("type", ""),
                "region": f"{r['chrom']}:{start + 1}-{end}",
                "size": end - start,
                "copy_number": number(r.get("copy_number")),
                "log2": number(r.get("log2")),
                "baf": number(r.get("baf")),
                "baf_text": r.get("baf") if r.get("baf") not in (None, "", ".") else NOT_AVAILABLE,
                "bins": number(r.get("bins")),
                "genes": (r.get("genes") or "").replace(",", ", ") or "none",
                "sv_support": r.get("sv_support") if r.get("sv_support") not in ("", ".") else "",
                "tier": lesion.get("tier") if lesion else "",
                "lesion": lesion["id"] if lesion else "",
                "same_event_as": fusion_of_sv.get(r.get("sv_support") or "", ""),
                # why a change is not_assessable (too little callable sequence)
                "note": r.get("note") if r.get("note") not in (None, "", ".") else "",
            }
        )
    karyotype = (karyo or {}).get("karyotype") or interp.get("karyotype")
    detail = karyo or interp.get("karyotype_detail") or {}
    notes = []
    method = (detail.get("masked_hypodiploidy") or {}).get("loh_method") or ""
    if interp.get("mode") == "tumor_only" and "heterozygosity deficit" in method:
        notes.append(
            "Copy-neutral LOH without a matched normal: whole chromosomes only, from the"
            " heterozygosity deficit at common SNPs (cnLOH rows say so); focal cnLOH is not"
            " called."
        )
    elif interp.get("mode") == "tumor_only":
        notes.append("Copy-neutral LOH is not called without a matched normal.")
    if interp.get("blast_fraction") is None:
        notes.append("Blast fraction not given: copy numbers are not purity-adjusted.")
    for e in (karyo or {}).get("not_assessed", []):
        if e.get("analysis") == "translocations_inversions":
            notes.append(
                "Translocations and inversions are not in the karyotype: not assessed on "
                f"{e.get('sample')} ({e.get('reason')})."
            )
    unassessable = [u["region"] for u in detail.get("not_assessable") or []]
    if unassessable:
        notes.append(
            "Not assessable for chromosome- or arm-level changes (too little callable "
            f"sequence; the karyotype says nothing about them): {', '.join(unassessable)}."
        )
    masked = detail.get("masked_hypodiploidy") or {}
    if masked.get("status") == "detected":
        notes.append(
            f"Masked (doubled) hypodiploidy: {masked.get('reason')}; the ploidy group is that"
            f" of the clone before doubling (observed count: {masked.get('observed_group')})."
            + (f" Note: {masked['note']}." if masked.get("note") else "")
        )
    elif masked.get("status") == "not_assessed" and karyotype:
        notes.append(f"Masked hypodiploidy not checked: {masked.get('reason')}.")
    return {
        "assessed": events is not None,
        "not_assessed": not_assessed_reason,
        "karyotype": karyotype or NOT_ASSESSED,
        "chromosome_count": detail.get("chromosome_count"),
        "abnormality_count": detail.get("abnormality_count"),
        # each abnormality of the karyotype with its bands and how it was counted (ISCN)
        "abnormalities": [
            {
                "id": a.get("id", ""),
                "type": (a.get("type") or a.get("kind") or "").replace("_", " "),
                "bands": a.get("bands")
                or ("whole chromosome" if a.get("kind") == "numerical" else ""),
                "changes": "; ".join(a.get("changes") or []),
                "counted_as": a.get("counted_as") or NOT_AVAILABLE,
            }
            for a in detail.get("abnormalities") or []
        ],
        "complex_reason": detail.get("complex_reason") or "",
        "complex": detail.get("complex"),
        "monosomal": detail.get("monosomal"),
        "ploidy_group": detail.get("ploidy_group") or NOT_AVAILABLE,
        # a group that differs from the count's own (a doubled hypodiploid clone) says why
        "ploidy_basis": (
            f"masked hypodiploidy: a doubled clone of about {masked.get('hypodiploid_count')}"
            f" chromosomes, whole-chromosome LOH of {len(masked.get('loh_chromosomes') or [])};"
            " see the notes below"
            if masked.get("status") == "detected"
            else ""
        ),
        "rows": rows,
        "plot": Path(plot).name if plot else None,
        "reference_note": ref_note or NOT_AVAILABLE,
        "notes": notes,
    }
