"""Classes classification and karyotype: a tumor's interpretation and its karyotype against
the clinical truth ``<sample>.clinical.yaml``.

classification  (calls ``results/interpretation/<sample>.json``)
  * Truth units: the eln2022 group (when not null), each defining lesion, each germline
    finding, the karyotype (when given). TP = unit agreeing with the prediction (eln group
    compared case-insensitively, lesion/germline ids exactly, karyotype with all whitespace
    removed); FN = unit absent or different; FP = predicted lesion ids not among the truth
    defining lesions.

karyotype  (truth key ``karyotype``, calls ``results/cnv/<sample>.karyotype.json`` key
``karyotype``, the CNV stage's ISCN-like summary)
  * One unit per sample: TP when the strings agree with all whitespace removed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from alwgs.accuracy.model import ClassResult, DetailRow, Emit
from alwgs.accuracy.tables import all_missing


def _ids(items) -> list[str]:
    """Ids of a list of {id: ...} objects (plain strings accepted), order kept, no duplicates."""
    out: list[str] = []
    for it in items or []:
        v = it.get("id") if isinstance(it, dict) else it
        if v is None:
            continue
        v = str(v).strip()
        if v and v not in out:
            out.append(v)
    return out


def _nospace(s) -> str:
    return re.sub(r"\s+", "", str(s))


def truth_classification_units(truth: dict) -> list[tuple[str, str]]:
    """(key, truth value) of every unit of a clinical.yaml."""
    units: list[tuple[str, str]] = []
    group = truth.get("eln2022")
    if isinstance(group, dict):
        group = group.get("group")
    if group not in (None, ""):
        units.append(("eln2022", str(group).strip()))
    for lesion in _ids(truth.get("defining_lesions")):
        units.append((f"lesion:{lesion}", lesion))
    for finding in _ids(truth.get("germline_findings")):
        units.append((f"germline:{finding}", finding))
    karyotype = truth.get("karyotype")
    if karyotype not in (None, ""):
        units.append(("karyotype", str(karyotype).strip()))
    return units


def score_classification(
    sample: str, truth_path: Path, calls_path: Path, emit: Emit
) -> ClassResult:
    truth: dict = {}
    if truth_path.exists():
        with open(truth_path) as fh:
            truth = yaml.safe_load(fh) or {}
    units = truth_classification_units(truth)
    res = ClassResult()
    if not calls_path.exists():
        return all_missing(res, sample, "classification", calls_path, units, emit)
    with open(calls_path) as fh:
        pred = json.load(fh) or {}

    group = pred.get("eln2022")
    if isinstance(group, dict):
        group = group.get("group")
    pred_group = "" if group is None else str(group).strip()
    pred_lesions = _ids(pred.get("lesions"))
    pred_germline = _ids(pred.get("germline"))
    pred_karyotype = pred.get("karyotype")
    pred_karyotype = "" if pred_karyotype is None else str(pred_karyotype).strip()

    for key, value in units:
        if key == "eln2022":
            called, ok = pred_group, pred_group.casefold() == value.casefold()
        elif key.startswith("lesion:"):
            called, ok = (value if value in pred_lesions else ""), value in pred_lesions
        elif key.startswith("germline:"):
            called, ok = (value if value in pred_germline else ""), value in pred_germline
        else:
            called, ok = pred_karyotype, _nospace(pred_karyotype) == _nospace(value)
        res.add("tp" if ok else "fn", None)
        emit(DetailRow(sample, "classification", "TP" if ok else "FN", key, value, called))

    truth_lesions = {v for k, v in units if k.startswith("lesion:")}
    for lesion in pred_lesions:
        if lesion not in truth_lesions:
            res.add("fp", None)
            emit(DetailRow(sample, "classification", "FP", f"lesion:{lesion}", "", lesion))
    return res


# --------------------------------------------------------------------------------------------
# Karyotype (the CNV stage's ISCN-like summary)


def score_karyotype(sample: str, truth_path: Path, calls_path: Path, emit: Emit) -> ClassResult:
    """One unit per sample with a truth karyotype: TP when the strings agree (whitespace
    ignored), else FN (and the called string as FP when one was written)."""
    truth: dict = {}
    if truth_path.exists():
        with open(truth_path) as fh:
            truth = yaml.safe_load(fh) or {}
    expected = truth.get("karyotype")
    res = ClassResult()
    if expected in (None, ""):
        return res
    expected = str(expected).strip()
    if not calls_path.exists():
        return all_missing(res, sample, "karyotype", calls_path, [("karyotype", expected)], emit)
    with open(calls_path) as fh:
        called = str((json.load(fh) or {}).get("karyotype") or "").strip()
    if called and _nospace(called) == _nospace(expected):
        res.add("tp", None)
        emit(DetailRow(sample, "karyotype", "TP", "karyotype", expected, called))
    else:
        res.add("fn", None)
        emit(DetailRow(sample, "karyotype", "FN", "karyotype", expected, called))
        if called:
            res.add("fp", None)
            emit(DetailRow(sample, "karyotype", "FP", "karyotype", "", called))
    return res
