"""The coverage section: per sample, the panel genes below the depth floor (a tumor gene inside
a called loss is explained by it) and the genes that could not be assessed. The per-gene table
it reads is made by alwgs.report.coverage."""

from __future__ import annotations

from alwgs.report.context.values import number


def coverage_block(
    rows: list[dict] | None, panels: tuple[str, ...] | None, role: str, sample: str | None
) -> dict:
    """One sample's gene coverage table as the report shows it (`panels`: keep only the genes
    of these panels; None keeps all)."""
    if rows is None:
        return {
            "role": role,
            "assessed": False,
            "sample": sample,
            "genes": 0,
            "min_depth": None,
            "insufficient": [],
            "genes_insufficient": 0,
            "not_assessable": [],
        }
    if panels:
        rows = [r for r in rows if set(r["panels"].split(",")) & set(panels)]
    missing = [r["gene"] for r in rows if r["status"] == "NOT_ASSESSED"]
    rows = [r for r in rows if r["status"] != "NOT_ASSESSED"]
    flagged = [r for r in rows if r["status"] != "PASS" or r["failed_exons"]]
    return {
        "role": role,
        "assessed": True,
        "sample": sample,
        "genes": len(rows),
        "min_depth": number(rows[0]["min_depth"]) if rows else None,
        "insufficient": [
            {
                "gene": r["gene"],
                "transcript": r["transcript"],
                "bases": number(r["bases"]),
                "mean_depth": number(r["mean_depth"]),
                "pct": number(r["pct_at_min_depth"]),
                "status": r["status"],
                "failed_exons": r["failed_exons"] or "none",
                "explained_by": "",
            }
            for r in flagged
        ],
        "genes_insufficient": sum(1 for r in rows if r["status"] != "PASS"),
        "not_assessable": missing,
    }


def explain_by_deletions(block: dict, events: list[dict] | None) -> None:
    """A tumor gene below the floor that lies in a called loss is expected to be: say so."""
    for row in block["insufficient"]:
        losses = [
            e
            for e in events or []
            if e.get("type") == "loss" and row["gene"] in (e.get("genes") or "").split(",")
        ]
        row["explained_by"] = "; ".join(
            f"in the called loss {e['event']} ({e['copy_number']} copies, section 7)"
            for e in losses
        )


def coverage_section(blocks: list[dict], settings: dict) -> dict:
    """The coverage blocks (tumor, then the matched normal) with the floor and what was measured;
    `settings` is the config's report coverage section."""
    return {
        "blocks": blocks,
        "min_fraction": settings.get("min_fraction"),
        "definition": "coding exons of the preferred transcript of each panel gene, with "
        f"{settings.get('splice_pad', 0)} bp of each exon-intron boundary",
    }
