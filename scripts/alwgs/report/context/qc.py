"""The QC section and the banners above everything else: each sample's QC gate as a block of
checks, the tumor's and the normal's checks side by side, and the QC FAIL/WARN or missing-input
messages."""

from __future__ import annotations

from alwgs.report.labels import METRIC_NAMES, NOT_ASSESSED, NOT_AVAILABLE, metric_name


def qc_block(qc: dict | None, sample: str | None, role: str) -> dict:
    """One sample's QC gate as the report shows it: its checks under readable metric names, the
    failing and warning ones, and its reasons (no gate: "not assessed")."""
    if qc is None:
        return {
            "sample": sample or NOT_AVAILABLE,
            "role": role,
            "status": NOT_ASSESSED,
            "checks": [],
            "failing": [],
            "warning": [],
            "reasons": [],
        }
    checks = []
    for c in qc.get("checks", []):
        checks.append(
            {
                "id": c.get("id"),
                "key": c.get("metric", c.get("id", "")),
                "metric": metric_name(c.get("metric", c.get("id", ""))),
                "value": c.get("value"),
                "warn": c.get("warn"),
                "fail": c.get("fail"),
                # the gate writes NA for a check it could not make (identity without a normal)
                "status": NOT_ASSESSED if c.get("status") in (None, "NA") else c["status"],
                "source": c.get("source", ""),
                # the reason a check the gate had to make could not be made (identity with too
                # few sites): shown, and it makes the check WARN
                "not_assessed": c.get("not_assessed"),
            }
        )
    return {
        "sample": qc.get("sample", sample),
        "role": role,
        "status": qc.get("status", NOT_ASSESSED),
        "checks": checks,
        "failing": [c for c in checks if c["status"] == "FAIL"],
        "warning": [c for c in checks if c["status"] == "WARN"],
        "reasons": [_reason_text(r) for r in qc.get("reasons", [])],
    }


def qc_rows(blocks: list[dict]) -> list[dict]:
    """The checks of the tumor and its normal side by side: one row per metric (in the gate's
    order), one cell per sample (None when the gate has no such check for it)."""
    keys: list[str] = []
    for b in blocks:
        keys += [c["key"] for c in b["checks"] if c["key"] not in keys]
    rows = []
    for key in keys:
        cells = [next((c for c in b["checks"] if c["key"] == key), None) for b in blocks]
        rows.append({"key": key, "metric": metric_name(key), "cells": cells})
    return rows


def _reason_text(reason: str) -> str:
    """'mean_depth 24.35 < 25 (warn)' -> 'Mean depth 24.35 < 25 (warn)'."""
    head, _, rest = reason.partition(" ")
    return f"{metric_name(head)} {rest}".strip() if head in METRIC_NAMES else reason


def report_banners(interp: dict | None, qc_t: dict, qc_n: dict | None) -> list[dict]:
    """Messages shown above everything else: QC FAIL (red), QC WARN or missing input (amber)."""
    out = []
    if interp is None:
        out.append(
            {
                "level": "fail",
                "text": "The interpretation of this sample is missing: no finding can be "
                "reported. The report lists the QC only.",
            }
        )
    if qc_t["status"] == "FAIL":
        reasons = "; ".join(qc_t["reasons"]) or "see the QC section"
        out.append(
            {
                "level": "fail",
                "text": f"QC FAIL for {qc_t['sample']}: {reasons}. All results below are "
                "provisional and must not be used for clinical decisions without review "
                "and repeat testing.",
            }
        )
    elif qc_t["status"] == NOT_ASSESSED:
        out.append({"level": "warn", "text": "The QC gate of the tumor was not assessed."})
    elif qc_t["status"] == "WARN":
        reasons = "; ".join(qc_t["reasons"])
        out.append({"level": "warn", "text": f"QC WARN for {qc_t['sample']}: {reasons}."})
    if qc_n is not None and qc_n["status"] == "FAIL":
        reasons = "; ".join(qc_n["reasons"]) or "see the QC section"
        out.append(
            {
                "level": "fail",
                "text": f"The matched normal {qc_n['sample']} FAILED QC: {reasons}. Somatic "
                "filtering and germline findings rest on it and are provisional.",
            }
        )
    elif qc_n is not None and qc_n["status"] == "WARN":
        reasons = "; ".join(qc_n["reasons"])
        out.append(
            {
                "level": "warn",
                "text": f"QC WARN for the matched normal {qc_n['sample']}: {reasons}.",
            }
        )
    return out
