"""Gene panels (config/panels/leukemia_genes.tsv): gene -> the panels it belongs to (myeloid,
lymphoid, germline). The file is shared with the small-variant stage."""

from __future__ import annotations

from pathlib import Path

from alwgs.variants.somatic import read_panel


def read_panels(path: str | Path) -> dict[str, set[str]]:
    read_panel(path)  # the same checks as the small-variant stage (header, row shape)
    out: dict[str, set[str]] = {}
    with open(path) as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh if not line.startswith("#")]
    for row in rows[1:]:
        if row and row[0]:
            out[row[0]] = {p.strip() for p in row[1].split(",") if p.strip()}
    return out
