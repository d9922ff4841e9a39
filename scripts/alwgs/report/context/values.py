"""Small value formatters shared by the report sections: a TSV cell as a number, and a read
count as 'alt/depth'."""

from __future__ import annotations

from alwgs.report.labels import NOT_AVAILABLE


def number(value):
    """A TSV cell as a number (int when whole), None when empty or '.'."""
    if value is None or value in ("", ".", "NA", "nan"):
        return None
    try:
        as_float = float(value)
    except (TypeError, ValueError):
        return None
    return int(as_float) if as_float.is_integer() and "." not in str(value) else as_float


def reads_text(variant: dict) -> str:
    """'31/100' (alt reads / depth) of a variant, "not available" when either count is missing."""
    return (
        f"{variant['alt_reads']}/{variant['depth']}"
        if variant.get("alt_reads") is not None and variant.get("depth") is not None
        else NOT_AVAILABLE
    )
