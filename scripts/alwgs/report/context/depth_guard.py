"""The limitation the depth guard of small-variant calling implies (alwgs.variants.depth_guard):
which sequence was not called for SNVs and indels, and which panel genes it touches."""

from __future__ import annotations

from pathlib import Path

from alwgs.report.inputs import read_json

LISTED = 5  # regions named in the sentence; the rest are counted


def depth_guard_limitations(path: str | Path | None) -> list[str]:
    """One limitation when the guard skipped anything, none when it skipped nothing; a
    missing guard file says the skipped sequence is not known."""
    doc = read_json(path)
    if doc is None:
        return [
            "The depth guard of small-variant calling is not available: the sequence left out "
            "of SNV/indel calling for excessive depth is not known."
        ]
    cap = (
        f" freebayes also skipped any site above {doc['freebayes_skip_coverage']} reads "
        "(tumor + normal), which the pipeline cannot list."
    )
    if not doc["skipped_regions"]:
        return []
    regions = doc["regions"]
    named = ", ".join(
        f"{r['chrom']}:{r['start'] + 1:,}-{r['end']:,} ({r['reason'].replace('_', ' ')})"
        for r in regions[:LISTED]
    )
    more = f" and {len(regions) - LISTED} more" if len(regions) > LISTED else ""
    genes = doc.get("panel_genes") or []
    panel = (
        f" These overlap panel genes: {', '.join(genes)}; a variant there would be missed."
        if genes
        else " None overlaps a panel gene."
    )
    return [
        f"SNVs and indels were not called in {doc['skipped_regions']} region(s), "
        f"{doc['skipped_bp']:,} bp, whose depth exceeded {doc['max_depth_x_median']:g}x the "
        f"sample's median or that the configured exclusion BED lists: {named}{more}." + panel + cap
    ]
