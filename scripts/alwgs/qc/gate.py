"""QC gate: a sample's metrics against the rules of config/qc.yaml -> PASS, WARN or FAIL.

Rule fields: id, metric, applies_to (tumor|normal|all), op, warn, fail, unit, description,
source. op is ``min`` (value below a threshold is bad), ``max`` (value above is bad) or
``match`` (categorical: the sex check, no thresholds). Thresholds themselves pass: with
fail 95, a value of exactly 95 is not a failure, matching "mapped >= 95 %" in the sources.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from pathlib import Path

import yaml

from alwgs.contig_roles import UNKNOWN, ContigRoles
from alwgs.qc import metrics as qc_metrics
from alwgs.qc import sex as qc_sex

APPLIES_TO = ("tumor", "normal", "all")
OPS = ("min", "max", "match")
RULE_FIELDS = ("id", "metric", "applies_to", "op", "warn", "fail", "unit", "description", "source")
_SEVERITY = {"PASS": 0, "NA": 0, "WARN": 1, "FAIL": 2}


# ---------------------------------------------------------------------------- rules file
def _is_number(value) -> bool:
    # bool is an int subclass; "warn: yes" must not pass as 1
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _validate_rule(index: int, rule, where: str) -> dict:
    def bad(field: str, why: str) -> ValueError:
        rid = rule.get("id") if isinstance(rule, dict) else None
        label = f"rules[{index}]" + (f" ({rid})" if rid else "")
        return ValueError(f"{where}: {label}: field '{field}' {why}")

    if not isinstance(rule, dict):
        raise ValueError(f"{where}: rules[{index}]: must be a mapping, got {type(rule).__name__}")
    for field in RULE_FIELDS:
        if field not in rule:
            raise bad(field, "is missing")
    for field in ("id", "metric", "source", "description"):
        if not isinstance(rule[field], str) or not rule[field].strip():
            raise bad(field, "must be a non-empty string")
    if not isinstance(rule["unit"], str):
        raise bad("unit", "must be a string")
    if rule["applies_to"] not in APPLIES_TO:
        raise bad(
            "applies_to", f"must be one of {', '.join(APPLIES_TO)}, got {rule['applies_to']!r}"
        )
    op = rule["op"]
    if op not in OPS:
        raise bad("op", f"must be one of {', '.join(OPS)}, got {op!r}")
    warn, fail = rule["warn"], rule["fail"]
    if op == "match":
        for field in ("warn", "fail"):
            if rule[field] is not None:
                raise bad(field, "must be null for op 'match'")
    else:
        for field in ("warn", "fail"):
            if rule[field] is not None and not _is_number(rule[field]):
                raise bad(field, f"must be a number or null, got {rule[field]!r}")
        if warn is None and fail is None:
            raise bad("warn", "and 'fail' are both null: the rule could never trigger")
        # the warning level must sit on the good side of the failure level
        if warn is not None and fail is not None:
            if op == "min" and warn < fail:
                raise bad("warn", f"({warn}) must be >= fail ({fail}) for op 'min'")
            if op == "max" and warn > fail:
                raise bad("warn", f"({warn}) must be <= fail ({fail}) for op 'max'")
    out = {field: rule[field] for field in RULE_FIELDS}
    for field in ("warn", "fail"):
        if out[field] is not None:
            out[field] = float(out[field])
    return out


# Settings of the identity check (qc.yaml, top-level `identity`; reasons in
# scripts/alwgs/qc/identity.py): used when the file leaves one out.
IDENTITY_DEFAULTS = {"min_sites": 50, "min_depth": 10, "germline_min_fraction": 0.3}


def identity_settings(doc: dict, where: str) -> dict:
    """The `identity` block of a QC thresholds file, checked, with defaults filled."""
    block = doc.get("identity")
    if block is None:
        return dict(IDENTITY_DEFAULTS)
    if not isinstance(block, dict):
        raise ValueError(f"{where}: 'identity' must be a mapping")
    out = dict(IDENTITY_DEFAULTS)
    for key, value in block.items():
        if key == "source":
            continue
        if key not in IDENTITY_DEFAULTS:
            known = ", ".join(IDENTITY_DEFAULTS)
            raise ValueError(f"{where}: identity: unknown field '{key}' (known: {known})")
        if key == "germline_min_fraction":
            if not _is_number(value) or not 0 < value < 1:
                raise ValueError(f"{where}: identity: field '{key}' must be in (0, 1)")
            out[key] = float(value)
        else:
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{where}: identity: field '{key}' must be an integer >= 1")
            out[key] = value
    return out


def load_identity_settings(path: str | Path) -> dict:
    """min_sites, min_depth and germline_min_fraction of the identity check (qc.yaml)."""
    with open(path) as fh:
        doc = yaml.safe_load(fh)
    return identity_settings(doc if isinstance(doc, dict) else {}, str(path))


def load_rules(path: str | Path) -> list[dict]:
    """Read and validate the rules of a QC thresholds file (config/qc.yaml).

    Raises ValueError naming the rule index, its id and the field when a rule is malformed.
    """
    with open(path) as fh:
        doc = yaml.safe_load(fh)
    where = str(path)
    if not isinstance(doc, dict):
        raise ValueError(f"{where}: must be a mapping with 'version', 'source_note' and 'rules'")
    for key in ("version", "source_note"):
        if key not in doc:
            raise ValueError(f"{where}: top-level '{key}' is missing")
    rules = doc.get("rules")
    if not isinstance(rules, list) or not rules:
        raise ValueError(f"{where}: 'rules' must be a non-empty list")
    identity_settings(doc, where)  # checked here so intake reports a bad block
    validated = [_validate_rule(i, rule, where) for i, rule in enumerate(rules)]
    seen: set[str] = set()
    for i, rule in enumerate(validated):
        if rule["id"] in seen:
            raise ValueError(f"{where}: rules[{i}]: field 'id' {rule['id']!r} is not unique")
        seen.add(rule["id"])
    return validated


# ---------------------------------------------------------------------------- evaluation
def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e6 else f"{value:.0f}"
    return str(value)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _as_number(metric: str, value) -> float:
    if isinstance(value, bool):
        raise ValueError(f"metric {metric!r}: boolean {value!r} is not a measurement")
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"metric {metric!r}: {value!r} is not a number") from exc


def _threshold_status(rule: dict, value: float) -> tuple[str, str | None]:
    """PASS/WARN/FAIL of a number, with the reason text for WARN/FAIL."""
    sign = "<" if rule["op"] == "min" else ">"

    def worse(threshold) -> bool:
        if threshold is None:
            return False
        return value < threshold if rule["op"] == "min" else value > threshold

    for level in ("fail", "warn"):
        if worse(rule[level]):
            return level.upper(), f"{rule['metric']} {_fmt(value)} {sign} {_fmt(rule[level])}"
    return "PASS", None


def _check_sex(rule: dict, value, sample_info: dict) -> tuple[str, object, str | None]:
    # A check the reference's contig roles did not allow is a warning with its reason: the
    # sample is not vouched for, but nothing says it is wrong either.
    if isinstance(value, dict) and value.get("not_assessed"):
        return "WARN", "not assessed", f"{rule['metric']} not assessed: {value['not_assessed']}"
    # the sample sheet is the declaration of record; the metric's own "declared" is a fallback
    inferred = value if isinstance(value, str) else value.get("inferred")
    declared = (sample_info.get("sex") or "unknown").lower()
    if declared == "unknown" and isinstance(value, dict):
        declared = (value.get("declared") or "unknown").lower()
    if _missing(inferred):
        return "NA", None, None
    inferred = str(inferred).lower()
    if declared == "unknown" or declared == inferred:
        return "PASS", inferred, None
    text = f"{rule['metric']} declared {declared}, inferred {inferred}"
    # "ambiguous" is what loss of X or Y in the blasts looks like: confirm, don't reject
    return ("WARN" if inferred == "ambiguous" else "FAIL"), inferred, text


NOT_ASSESSED_STATUSES = ("NOT_ASSESSED", "NA")


def _check_identity(rule: dict, value: dict) -> tuple[str, object, str | None, str | None]:
    """(status, value, reason text, not-assessed reason) of the identity check. A pair the
    check could not judge (too few informative sites) is WARN "not assessed": nothing vouches
    that the normal is the patient's, so it must never read as a pass."""
    disc = value.get("discordance")
    status = str(value.get("status", "NA")).upper()
    detail = f"with normal {value.get('normal', '?')}"
    if value.get("best_match"):  # none at the pair's own sites: only the pair was compared
        detail += f", best match {value['best_match']}"
    if status in NOT_ASSESSED_STATUSES:
        why = value.get("reason") or value.get("note") or "too few informative sites"
        return "WARN", None, f"{rule['metric']} not assessed: {why}", why
    if not _missing(disc):
        level, text = _threshold_status(rule, _as_number(rule["metric"], disc))
        return level, float(disc), (f"{text} {detail}" if text else None), None
    # no number (only a verdict was passed on): use the verdict as given
    if status not in _SEVERITY:
        raise ValueError(f"metric {rule['metric']!r}: unknown status {status!r}")
    text = f"{rule['metric']} {status} {detail}" if status in ("WARN", "FAIL") else None
    return status, None, text, None


def evaluate(sample_info: dict, metrics: dict, rules: list[dict]) -> dict:
    """Gate one sample.

    sample_info: {"sample", "type" (tumor|normal), "sex"}; metrics: flat dict of metric values,
    plus the structured "sex_check" ({"declared", "inferred", ...} or just the inferred sex;
    the declared sex is sample_info["sex"], the entry's "declared" only when that is unknown)
    and "identity" (pair_check() output) entries. Rules whose applies_to is neither "all" nor
    the sample's type are skipped. A metric absent (or None/NaN) gives an "NA" check, which
    does not change the sample status (a check that does not apply: identity of a tumor without
    a normal); an identity entry the check could not judge (too few sites) is WARN with
    `not_assessed` set to the reason; a sample none of whose checks could be evaluated is
    WARN, since nothing vouches for it.

    Returns {"sample", "type", "status", "checks", "reasons", "metrics"} where checks are
    {id, metric, value, warn, fail, status, description, source[, not_assessed]} and reasons
    read like "percent_mapped 91.2 < 95 (fail)".
    """
    stype = sample_info.get("type")
    checks, reasons = [], []
    for rule in rules:
        if rule["applies_to"] not in ("all", stype):
            continue
        raw = metrics.get(rule["metric"])
        not_assessed = None
        if _missing(raw):
            status, value, text = "NA", None, None
        elif rule["op"] == "match":
            status, value, text = _check_sex(rule, raw, sample_info)
        elif isinstance(raw, dict):
            status, value, text, not_assessed = _check_identity(rule, raw)
        else:
            value = _as_number(rule["metric"], raw)
            status, text = _threshold_status(rule, value)
        if text:
            reasons.append(f"{text} ({status.lower()})")
        checks.append(
            {
                "id": rule["id"],
                "metric": rule["metric"],
                "value": value,
                "warn": rule["warn"],
                "fail": rule["fail"],
                "status": status,
                "description": rule["description"],
                "source": rule["source"],
                **({"not_assessed": not_assessed} if not_assessed else {}),
            }
        )
    evaluated = [c["status"] for c in checks if c["status"] != "NA"]
    overall = max(evaluated, key=_SEVERITY.__getitem__, default="PASS")
    if not evaluated:
        overall = "WARN"
        reasons.append("no QC metric could be evaluated (warn)")
    scalars = {k: v for k, v in metrics.items() if not isinstance(v, dict | list)}
    return {
        "sample": sample_info.get("sample"),
        "type": stype,
        "status": overall,
        "checks": checks,
        "reasons": reasons,
        "metrics": scalars,
    }


# ---------------------------------------------------------------------------- inputs/outputs
def collect_metrics(
    samtools_stats: str | Path | None = None,
    mosdepth_summary: str | Path | None = None,
    mosdepth_dist: str | Path | None = None,
    fastp_jsons: Iterable[str | Path] = (),
    declared_sex: str | None = None,
    identity: dict | None = None,
    contig_lengths: dict[str, int] | None = None,
    roles: ContigRoles = UNKNOWN,
) -> dict:
    """One sample's flat metrics dict from its tool outputs (any of them may be left out).

    Adds "sex_check" = {"declared", "inferred", "x_ratio", "y_ratio"} when the mosdepth
    summary is given ("inferred" None and "not_assessed" with the reason when the contig
    roles do not allow the check), and "identity" (a pair_check() result) when given.
    contig_lengths (e.g. from the reference .fai) lets the sex check see a Y without a
    single read, which mosdepth leaves out of its summary. roles: the reference's autosomes,
    X and Y (config reference.autosomes/chrX/chrY).
    """
    out: dict = {}
    fastp_jsons = list(fastp_jsons)
    if fastp_jsons:
        out.update(qc_metrics.combine_fastp([qc_metrics.parse_fastp_json(p) for p in fastp_jsons]))
    if samtools_stats:
        out.update(qc_metrics.parse_samtools_stats(samtools_stats))
    if mosdepth_summary:
        summary = qc_metrics.parse_mosdepth_summary(mosdepth_summary)
        out["mean_depth"] = summary["mean_depth"]
        lengths = {**(contig_lengths or {}), **summary["lengths"]}
        sex = qc_sex.infer_sex(summary["per_chrom"], roles, lengths=lengths)
        out["sex_check"] = {"declared": declared_sex or "unknown", **sex}
    if mosdepth_dist:
        out.update(qc_metrics.parse_mosdepth_dist(mosdepth_dist))
    if identity is not None:
        out["identity"] = identity
    return out


def _cell(value) -> str:
    if _missing(value):
        return "NA"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def write_batch_table(results: list[dict], path: str | Path) -> None:
    """TSV of a batch: sample, type, status, reasons (";"-joined), then one column per metric.

    Gated metrics come first in rule order (sex_check shows the inferred sex, identity the
    discordance), then the remaining scalar metrics; a value a sample lacks is "NA".
    """
    columns: list[str] = []
    rows = []
    for res in results:
        values = dict(res.get("metrics", {}))
        for check in res["checks"]:
            values[check["metric"]] = check["value"]
            if check["metric"] not in columns:
                columns.append(check["metric"])
        rows.append((res, values))
    for _res, values in rows:
        columns += [k for k in values if k not in columns]
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(["sample", "type", "status", "reasons", *columns])
        for res, values in rows:
            writer.writerow(
                [res["sample"], res.get("type") or "NA", res["status"], "; ".join(res["reasons"])]
                + [_cell(values.get(c)) for c in columns]
            )
