"""Entity-level accuracy of a validation batch, the way ChromoSeq reports its concordance with
the karyotype: for each patient, the expected WHO 2022 and ICC 2022 entity, ELN 2022 group (AML)
and defining lesions against what the pipeline reported, found/expected per group and overall.

Inputs (nothing here is read by a pipeline stage):
  truth       ``<truth_dir>/<tumor>.clinical.yaml``: entity (row label), group (AML | B-ALL |
              T-ALL), eln2022, defining_lesions, who2022, icc2022, needs_rna, hard
              (docs/CONTRACTS.md "Demo generator output"). A truth without entity/group (the
              ci demo's) falls back to who2022 for the label and diagnosis for the group.
  calls       ``<batch_dir>/results/interpretation/<tumor>.json`` (alwgs.interpret.output).
  failures    the batch's Snakemake logs (alwgs.accuracy.failed_jobs): a patient without an
              interpretation JSON is "not run: <job> failed", never a crash of the table.

Scoring (one unit per expected value; nothing tuned, the same rules as class classification):
  * WHO / ICC entity: found when the reported ``entity`` equals the truth's, compared with
    whitespace collapsed and case ignored. A truth without the key has no unit.
  * ELN 2022 group: one unit when the truth's eln2022 is not null (AML), found when equal
    (case ignored).
  * Each defining lesion: found when its id is among the JSON's ``lesions`` ids.
  * Each ``absent_lesions`` id (a lesion the guideline excludes here although the reads hold
    its parts, e.g. IKZF1plus with BCR::ABL1): found when it is NOT among those ids.
  * A miss carries the pipeline's own reason where the JSON gives one (an entity not
    assessable and which inputs, requires RNA, the blast threshold, a gene or analysis not
    assessed, a call listed but not made a lesion), else "not reported". Only what bears on
    the lesion's kind counts (lesion_kind, ANALYSES): a copy-number lesion (+4, del(5q),
    high_hyperdiploidy) is explained by the copy-number stage and its rows on that
    chromosome, never by an SV caller's failure; a fusion by the SV stage.
  * A missed copy-number lesion with a copy-number-changing truth segment (``<tumor>.cna.bed``,
    event = the lesion id) also gets what ``results/cnv/<tumor>.cnr``/``.cns`` held over that
    segment (alwgs.accuracy.cn_evidence): a signal lost by the pipeline, or one below noise.
  * A patient with ``needs_rna`` (DNA cannot show the entity) is counted apart, never as found:
    its row says what DNA shows instead.
  * A patient whose jobs failed counts as expected and not found.

Outputs: a TSV (one row per unit, then totals rows: sample ``ALL``, result ``total``) and a
markdown page with the date, the exact command, the batch and the git commit at its top.
Run: ``python -m alwgs.accuracy.entities --help`` (``./alwgs cohort`` calls it).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from alwgs.accuracy.classification import _ids
from alwgs.accuracy.cn_evidence import lesion_evidence
from alwgs.accuracy.failed_jobs import FailedJob, failed_for, failed_jobs
from alwgs.accuracy.tables import read_samples

GROUPS = ("AML", "B-ALL", "T-ALL")
SYSTEMS = (("who2022", "WHO 2022"), ("icc2022", "ICC 2022"))
NOT_ASSESSABLE = "not_assessable"  # alwgs.interpret.who_icc.NOT_ASSESSABLE
TSV_COLUMNS = ["group", "sample", "entity", "unit", "expected", "reported", "result", "reason"]
FOUND, MISSED, NEEDS_RNA, NOT_RUN, TOTAL = "found", "missed", "needs_rna", "not_run", "total"


# Units counted with the lesions: a defining lesion found, an excluded one left out.
LESION_UNITS = ("lesion:", "absent:")


# ------------------------------------------------------------------------------ per patient
@dataclass
class Unit:
    unit: str  # who2022 | icc2022 | eln2022 | lesion:<id> | absent:<id>
    expected: str
    reported: str
    found: bool
    reason: str = ""


@dataclass
class Patient:
    sample: str
    group: str
    entity: str
    hard: str = ""
    needs_rna: str = ""  # why DNA cannot show the entity (truth), "" when it can
    not_run: str = ""  # "not run: <job> failed", "" when the interpretation exists
    dna_shows: str = ""  # what the pipeline reported (for needs_rna rows)
    units: list[Unit] = field(default_factory=list)

    def result(self, u: Unit) -> str:
        if self.not_run:
            return NOT_RUN
        if self.needs_rna:
            return NEEDS_RNA
        return FOUND if u.found else MISSED


def _norm(s) -> str:
    return re.sub(r"\s+", " ", str(s or "")).strip().casefold()


def _text(x) -> str:
    return "" if x is None else " ".join(str(x).split())


# Derived lesions that read copy number alone (config/knowledge/who_icc2022.yaml
# derived_lesions: the ploidy groups read the karyotype's chromosome count and the masked
# (doubled) hypodiploid count, iAMP21 the copy number over RUNX1). Others (PAR1_deletion: a
# P2RY8::CRLF2 junction or a focal loss; complex and monosomal karyotype: translocations too)
# stay "derived", explained by copy number and structural variants both.
COPY_NUMBER_LESIONS = frozenset(
    {"high_hyperdiploidy", "near_haploid", "low_hypodiploid", "high_hypodiploid", "iAMP21"}
)
# A copy-number event named as the events stage names it: -7, +8, +X, del(5q), dup(1q),
# del(5)(q21.3q34), dup(4)(p1q31.3); the chromosome is the first group.
CN_EVENT = re.compile(r"[+-](\d+|X|Y)|(?:del|dup)\((\d+|X|Y)(?:[pq]\)|\)\(.+\))")


def lesion_kind(lesion_id: str) -> tuple[str, list[str]]:
    """(kind, genes) of a lesion id as the interpretation names them (alwgs.interpret.lesions):
    GENE5::GENE3 fusion, <GENE>_mut / _TKD / hotspot mutation, <GENE>_ITD, <GENE>_PTD,
    <GENE>_del focal deletion; a whole-chromosome, arm or band event (-7, +8, del(5q)) and the
    derived lesions of COPY_NUMBER_LESIONS are copy_number; anything else (PAR1_deletion,
    complex_karyotype ...) is derived from copy number and structural variants."""
    if "::" in lesion_id:
        return "fusion", [g for g in lesion_id.split("::") if g]
    m = re.fullmatch(r"([A-Za-z0-9.]+(?:-[A-Za-z0-9.]+)*)_(mut|TKD|ITD|PTD|del)", lesion_id)
    if m and m.group(1).upper() == m.group(1):
        kind = {"ITD": "itd", "PTD": "ptd", "del": "focal_deletion"}.get(m.group(2), "mutation")
        return kind, [m.group(1)]
    if lesion_id in COPY_NUMBER_LESIONS or CN_EVENT.fullmatch(lesion_id):
        return "copy_number", []
    return "derived", []


def _event_chrom(lesion_id: str) -> str:
    """'4' of +4, '5' of del(5q) / del(5)(q21.3q34); '' of any other id."""
    m = CN_EVENT.fullmatch(lesion_id)
    return (m.group(1) or m.group(2)) if m else ""


# The analyses (assessment.not_assessed `analysis`, top-level not_assessed `analysis`) whose
# absence explains a missed lesion of each kind.
ANALYSES = {
    "fusion": ("structural_variants", "sv"),
    "ptd": ("structural_variants", "sv"),
    "mutation": ("small_variants",),
    "itd": ("itd", "small_variants"),
    "focal_deletion": ("copy_number", "cnv"),
    "copy_number": ("copy_number", "cnv"),
    "derived": ("copy_number", "cnv", "structural_variants", "sv"),
}


# What a missing-input sentence must say was not assessed to explain a lesion of each kind (a
# focal deletion of IKZF1 is not explained by "IKZF1 mutation: small variants not assessed");
# empty: any input (derived lesions read copy number and structural variants).
READS = {
    "fusion": ("structural variants",),
    "ptd": ("structural variants",),
    "mutation": ("small variants", "not assessable"),
    "itd": ("itd", "not assessable"),
    "focal_deletion": ("copy number",),
    "copy_number": ("copy number",),
    "derived": (),
}


def _missing_inputs(pred: dict) -> list[str]:
    """Every 'input not assessed' sentence of the classifications, without repeats."""
    out: list[str] = []
    for key in ("who2022", "icc2022", "eln2022", "eln2024"):
        c = pred.get(key) or {}
        whys = list(c.get("missing_inputs") or [])
        for u in (c.get("undetermined_entities") or []) + (c.get("undetermined_markers") or []):
            whys += u.get("missing") or []
        out += [_text(w) for w in whys if _text(w) and _text(w) not in out]
    return out


def _split_missing(text: str) -> tuple[str, str, str] | None:
    """('NPM1 mutation', 'small variants not assessed', why) of one missing-input sentence
    (alwgs.interpret.conditions.missing_input: '<what>: <input> not assessed|assessable
    (<why>)'), the why's nested parentheses kept; None for another shape."""
    m = re.search(r": ([^:;]*?not assess(?:ed|able)) \(", text)
    if not m:
        return None
    depth, start = 0, m.end() - 1
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return text[: m.start()], m.group(1), text[start + 1 : i]
    return None


def condense(missing: list[str], shown: int = 3) -> str:
    """The missing-input sentences grouped by their reason, each reason once: a QC FAIL
    otherwise repeats its whole text for each of dozens of inputs."""
    groups: dict[str, dict[str, list[str]]] = {}
    first: dict[str, str] = {}  # a reason's first sentence, shown as it is when alone
    other: list[str] = []
    for text in missing:
        parts = _split_missing(text)
        if parts is None:
            other.append(text)
            continue
        what, how, why = parts
        first.setdefault(why, text)
        names = groups.setdefault(why, {}).setdefault(how, [])
        if what not in names:
            names.append(what)
    out = []
    for why, hows in groups.items():
        if sum(len(n) for n in hows.values()) == 1:
            out.append(first[why])
            continue
        items = []
        for how, names in hows.items():
            more = f" and {len(names) - shown} more" if len(names) > shown else ""
            items.append(f"{how} ({', '.join(names[:shown])}{more})")
        out.append(f"{why}: {'; '.join(items)}")
    return "; ".join(out + other)


def _mentions(text: str, lesion_id: str, genes: list[str]) -> bool:
    words = [lesion_id] + genes
    return any(re.search(rf"(?<![A-Za-z0-9]){re.escape(w)}(?![A-Za-z0-9])", text) for w in words)


def _listed_calls(pred: dict, genes: list[str], kind: str, chrom: str = "") -> list[str]:
    """Calls of the lesion's genes (a copy-number event: of its chromosome) the JSON lists
    without making them this lesion."""
    out: list[str] = []
    if kind in ("mutation", "itd"):
        for v in pred.get("variants") or []:
            # a protein or splice change of the gene (not its intronic passengers)
            coding = v.get("hgvsp") or "splice" in str(v.get("consequence"))
            if v.get("gene") in genes and coding:
                change = v.get("hgvsp") or v.get("hgvsc") or v.get("variant")
                out.append(
                    f"{v['gene']} {change} listed (tier {v.get('tier')}, filter"
                    f" {v.get('filter')}, VAF {v.get('vaf')}), not made this lesion"
                )
    if kind in ("fusion", "ptd"):
        for sv in pred.get("structural_variants") or []:
            names = {sv.get("gene5"), sv.get("gene3")} | set(str(sv.get("fusion", "")).split("::"))
            if set(genes) & names:
                out.append(f"SV {sv.get('fusion') or sv.get('event')} listed, not made this lesion")
    if kind == "focal_deletion":
        for cn in pred.get("copy_number") or []:
            if set(genes) & set(str(cn.get("genes", "")).split(",")):
                out.append(f"copy number {cn.get('event')} listed, not made this lesion")
    if kind == "copy_number" and chrom:
        for cn in pred.get("copy_number") or []:
            if re.sub(r"^chr", "", str(cn.get("chrom", ""))) == chrom and cn.get("event"):
                out.append(
                    f"copy number {cn['event']} ({cn.get('level')}, {cn.get('chrom')}:"
                    f"{cn.get('start')}-{cn.get('end')}) listed, not made this lesion"
                )
    return out


def lesion_reason(pred: dict, lesion_id: str) -> str:
    """Why the pipeline did not report `lesion_id`, from its own output, else 'not reported'."""
    kind, genes = lesion_kind(lesion_id)
    for why in _missing_inputs(pred):
        parts = _split_missing(why)
        fits = not READS[kind] or (parts and any(r in parts[1] for r in READS[kind]))
        if fits and _mentions(why, lesion_id, genes):
            return f"not assessable: {why}"
    assessment = pred.get("assessment") or {}
    if kind in ("mutation", "itd"):
        reasons = assessment.get("gene_reasons") or {}
        for g in genes:
            if g in (assessment.get("genes_not_covered") or []):
                return f"not assessable: {g} {reasons.get(g, 'not covered')}"
    for entry in assessment.get("not_assessed") or []:
        if entry.get("analysis") in ANALYSES[kind] and not entry.get("region"):
            why = _text(entry.get("reason"))
            return f"not assessable: {entry['analysis']} not assessed ({why})"
    listed = _listed_calls(pred, genes, kind, _event_chrom(lesion_id))
    if listed:
        more = f"; and {len(listed) - 3} more" if len(listed) > 3 else ""
        return "; ".join(listed[:3]) + more
    partial = [
        f"{e.get('caller')} on {e.get('sample')}: {_text(e.get('reason'))}"
        for e in pred.get("not_assessed") or []
        if e.get("analysis") in ANALYSES[kind]
    ]
    if partial:
        return "not reported (partly assessed: " + "; ".join(partial) + ")"
    return "not reported"


def entity_reason(c: dict, missed_lesions: list[str]) -> str:
    """Why a classification's entity is not the expected one, from its own fields."""
    entity = _text(c.get("entity"))
    notes = [_text(n) for n in c.get("notes") or []]
    blasts = [n for n in notes if "blasts" in n and "below" in n]
    parts: list[str] = []
    if not c:
        parts.append("no classification in the interpretation JSON")
    elif entity == NOT_ASSESSABLE:
        missing = [_text(m) for m in c.get("missing_inputs") or []]
        parts.append("not assessable because " + (condense(missing) or "an input not assessed"))
    elif entity.startswith("requires RNA"):
        whys = [f"{r.get('entity')}: {_text(r.get('why'))}" for r in c.get("requires_rna") or []]
        parts.append("requires RNA: " + ("; ".join(whys) or entity))
    elif not entity:
        parts.append("no entity of this classification fits")
    else:
        on = ", ".join(c.get("lesions") or []) or "no defining lesion"
        parts.append(f"reported {entity} ({c.get('rule_id')}, on {on})")
    if blasts:
        parts.append("below_min_blasts: " + "; ".join(blasts))
    if missed_lesions:
        parts.append("defining lesions missed: " + ", ".join(missed_lesions))
    return "; ".join(parts)


def eln_reason(c: dict) -> str:
    """Why the ELN 2022 group is not the expected one, from its own fields."""
    group = _text(c.get("group")) or "no group"
    if group == NOT_ASSESSABLE and c.get("missing_inputs"):
        possible = " or ".join(c.get("possible_groups") or []) or "?"
        missing = condense([_text(m) for m in c["missing_inputs"]])
        return f"not assessable (could be {possible}) because {missing}"
    return _text(c.get("reason")) or f"reported {group}"


def _dna_shows(pred: dict) -> str:
    who = _text((pred.get("who2022") or {}).get("entity")) or "no WHO entity"
    ids = _ids(pred.get("lesions")) or ["no lesion"]
    return f"DNA shows {who}; lesions {', '.join(ids)}"


def score_patient(
    sample: str, truth: dict, pred: dict | None, diagnosis: str = "", failed: list | None = None
) -> Patient:
    """One row of the table: truth (a clinical.yaml as a dict), pred (the interpretation JSON
    as a dict, None when it does not exist), diagnosis (samples.tsv), failed (FailedJob of the
    patient's samples, for a row that was not run)."""
    group = _text(truth.get("group") or truth.get("diagnosis") or diagnosis) or "unknown"
    entity = _text(truth.get("entity") or truth.get("who2022")) or sample
    p = Patient(sample, group, entity, _text(truth.get("hard")), _text(truth.get("needs_rna")))
    if pred is None:
        jobs = [j.describe() for j in failed or []]
        p.not_run = (
            f"not run: {'; '.join(jobs)} failed" if jobs else "not run: no interpretation JSON"
        )
        pred = {}
    else:
        p.dna_shows = _dna_shows(pred)
    reported_ids = _ids(pred.get("lesions"))
    missed: list[str] = []
    lesion_units: list[Unit] = []
    for lid in _ids(truth.get("defining_lesions")):
        ok = lid in reported_ids
        reason = "" if ok or p.not_run else lesion_reason(pred, lid)
        lesion_units.append(Unit(f"lesion:{lid}", lid, lid if ok else "", ok, reason))
        if not ok:
            missed.append(lid)
    # Lesions the guideline excludes although the reads hold their parts (IKZF1plus with
    # BCR::ABL1): found when the pipeline leaves them out.
    for lid in _ids(truth.get("absent_lesions")):
        ok = not p.not_run and lid not in reported_ids
        reason = "" if ok or p.not_run else "reported although the guideline excludes it here"
        lesion_units.append(Unit(f"absent:{lid}", f"{lid} excluded", "" if ok else lid, ok, reason))
    for key, _ in SYSTEMS:
        expected = _text(truth.get(key))
        if not expected:
            continue
        c = pred.get(key) or {}
        reported = _text(c.get("entity"))
        ok = bool(reported) and _norm(reported) == _norm(expected)
        reason = "" if ok or p.not_run else entity_reason(c, missed)
        p.units.append(Unit(key, expected, reported, ok, reason))
    eln = truth.get("eln2022")
    eln = eln.get("group") if isinstance(eln, dict) else eln
    if _text(eln):
        c = pred.get("eln2022") or {}
        reported = _text(c.get("group"))
        ok = _norm(reported) == _norm(eln)
        reason = "" if ok or p.not_run else eln_reason(c)
        p.units.append(Unit("eln2022", _text(eln), reported, ok, reason))
    p.units += lesion_units
    return p


# ------------------------------------------------------------------------------- the batch
def _load_yaml(path: Path) -> dict:
    if not path.exists():
        return {}
    with open(path) as fh:
        return yaml.safe_load(fh) or {}


def _load_json(path: Path) -> dict | None:
    if not path.exists():
        return None
    with open(path) as fh:
        return json.load(fh) or {}


def score_batch(batch_dir: Path, truth_dir: Path, samples_tsv: Path) -> list[Patient]:
    """Every tumor of samples.tsv that has a truth file, in sheet order."""
    samples = read_samples(samples_tsv)
    failures: list[FailedJob] | None = None
    out: list[Patient] = []
    for s in samples:
        if s.type != "tumor":
            continue
        truth_path = truth_dir / f"{s.sample}.clinical.yaml"
        if not truth_path.exists():
            continue
        pred = _load_json(batch_dir / "results" / "interpretation" / f"{s.sample}.json")
        failed: list[FailedJob] = []
        if pred is None:
            if failures is None:
                failures = failed_jobs(batch_dir)
            mates = [o.sample for o in samples if s.patient and o.patient == s.patient]
            failed = failed_for(failures, mates or [s.sample])
        truth = _load_yaml(truth_path)
        p = score_patient(s.sample, truth, pred, s.diagnosis, failed)
        if pred is not None:
            add_cn_evidence(p, batch_dir, truth_dir, truth.get("purity"), s.sex)
        out.append(p)
    return out


def add_cn_evidence(p: Patient, batch_dir: Path, truth_dir: Path, purity, sex: str) -> None:
    """A missed copy-number lesion's reason gains what the tumor's bins held over its truth
    segment (alwgs.accuracy.cn_evidence): a signal the pipeline lost, or one below the noise."""
    missed = [
        u
        for u in p.units
        if u.unit.startswith("lesion:")
        and not u.found
        and lesion_kind(u.expected)[0] in ("copy_number", "focal_deletion")
    ]
    if not missed:
        return
    cnv = batch_dir / "results" / "cnv"
    evidence = lesion_evidence(
        truth_dir / f"{p.sample}.cna.bed",
        cnv / f"{p.sample}.cnr",
        cnv / f"{p.sample}.cns",
        float(purity) if isinstance(purity, (int, float)) else None,
        sex,
    )
    for u in missed:
        if u.expected in evidence:
            u.reason = f"{u.reason}; {evidence[u.expected]}" if u.reason else evidence[u.expected]


# ---------------------------------------------------------------------------------- totals
@dataclass
class Total:
    patients: int = 0
    not_run: int = 0
    needs_rna: int = 0
    counts: dict[str, list[int]] = field(default_factory=dict)  # kind -> [found, expected]

    def add(self, kind: str, found: bool) -> None:
        c = self.counts.setdefault(kind, [0, 0])
        c[0] += int(found)
        c[1] += 1

    def cell(self, kind: str) -> str:
        found, expected = self.counts.get(kind, [0, 0])
        if not expected:
            return "-"
        return f"{found}/{expected} ({100 * found / expected:.0f}%)"


TOTAL_KINDS = (("lesions", "Lesions"), ("who2022", "WHO 2022"), ("icc2022", "ICC 2022"))
TOTAL_KINDS += (("eln2022", "ELN 2022"),)


def totals(patients: list[Patient]) -> dict[str, Total]:
    """Per group (AML, B-ALL, T-ALL, then any other) and 'all'. needs_rna patients are counted
    apart and add nothing to found/expected."""
    groups = list(GROUPS) + sorted({p.group for p in patients} - set(GROUPS))
    out = {g: Total() for g in groups if any(p.group == g for p in patients)}
    out["all"] = Total()
    for p in patients:
        for t in (out[p.group], out["all"]):
            t.patients += 1
            t.not_run += bool(p.not_run)
            if p.needs_rna:
                t.needs_rna += 1
                continue
            for u in p.units:
                kind = "lesions" if u.unit.startswith(LESION_UNITS) else u.unit
                t.add(kind, u.found and not p.not_run)
    return out


# --------------------------------------------------------------------------------- writing
def write_tsv(patients: list[Patient], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(TSV_COLUMNS)
        for p in patients:
            note = p.not_run or (f"needs RNA ({p.needs_rna}): {p.dna_shows}" if p.needs_rna else "")
            for u in p.units:
                reason = note if (p.not_run or p.needs_rna) else u.reason
                w.writerow(
                    [p.group, p.sample, p.entity, u.unit, u.expected, u.reported, p.result(u)]
                    + [reason]
                )
        for group, t in totals(patients).items():
            for kind, _ in TOTAL_KINDS:
                found, expected = t.counts.get(kind, [0, 0])
                w.writerow([group, "ALL", "", kind, expected, found, TOTAL, ""])
            w.writerow([group, "ALL", "", "patients", t.patients, "", TOTAL, ""])
            w.writerow([group, "ALL", "", NEEDS_RNA, t.needs_rna, "", TOTAL, ""])
            w.writerow([group, "ALL", "", NOT_RUN, t.not_run, "", TOTAL, ""])


def _md(s: str) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


def _unit_cell(p: Patient, key: str) -> str:
    u = next((u for u in p.units if u.unit == key), None)
    if u is None:
        return "-"
    if p.not_run:
        return f"{u.expected}: not run"
    if u.found:
        return f"{u.expected}: found"
    return f"{u.expected}: **missed** (reported {u.reported or 'nothing'})"


def _lesion_cell(u: Unit) -> str:
    if u.unit.startswith("absent:"):
        return f"{u.expected} {'(left out)' if u.found else '**reported**'}"
    return f"{u.expected} {'found' if u.found else '**missed**'}"


def markdown(patients: list[Patient], header: dict[str, str]) -> str:
    """The page: header (date, command, batch, commit ...), how to read it, totals, patients."""
    lines = ["# Validation cohort: entity-level accuracy", ""]
    lines += [f"- {k}: {v}" for k, v in header.items()]
    lines += [
        "",
        "Found/expected per patient of the batch against its truth (`<truth_dir>/<tumor>"
        ".clinical.yaml`), the way ChromoSeq reports concordance with the karyotype: the WHO"
        " 2022 and ICC 2022 entity (the exact name), the ELN 2022 group (AML) and each defining"
        " lesion (its id among the interpretation's lesions). A miss names the pipeline's own"
        ' reason where its interpretation JSON gives one, else "not reported"; a missed'
        " copy-number lesion also says what the tumor's bins held over its truth segment (mean"
        " log2 and its standard error, the clonal value at the truth's purity, CNVkit's"
        " segment there; scripts/alwgs/accuracy/cn_evidence.py). Patients whose"
        " entity only RNA can show (needs RNA) are counted apart, never as found; a patient"
        " whose jobs failed counts as expected and not found. Scoring rules: module docstring"
        " of scripts/alwgs/accuracy/entities.py.",
        "",
        "## Totals",
        "",
        "| Group | Patients | Lesions | WHO 2022 | ICC 2022 | ELN 2022 | Needs RNA | Not run |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for group, t in totals(patients).items():
        cells = [t.cell(k) for k, _ in TOTAL_KINDS]
        name = "**all**" if group == "all" else group
        lines.append(
            f"| {name} | {t.patients} | " + " | ".join(cells) + f" | {t.needs_rna} | {t.not_run} |"
        )
    lines += [
        "",
        "## Patients",
        "",
        "| Patient | Group | Entity | WHO 2022 | ICC 2022 | ELN 2022 | Defining lesions"
        " | Missed: why (the pipeline's words) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for p in patients:
        lesions = [u for u in p.units if u.unit.startswith(LESION_UNITS)]
        if p.not_run:
            found = ", ".join(u.expected for u in lesions) + ": not run" if lesions else "-"
            why = p.not_run
        else:
            found = ", ".join(_lesion_cell(u) for u in lesions) or "-"
            why = "<br>".join(
                f"{u.expected if u.unit.startswith(LESION_UNITS) else u.unit}: {u.reason}"
                for u in p.units
                if not u.found and u.reason
            )
            if p.needs_rna:
                why = f"needs RNA ({p.needs_rna}): {p.dna_shows}" + (f"<br>{why}" if why else "")
        cells = [p.sample, p.group, p.entity]
        cells += [_unit_cell(p, "who2022"), _unit_cell(p, "icc2022"), _unit_cell(p, "eln2022")]
        cells += [found, why or "-"]
        lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    hard = [p for p in patients if p.hard]
    if hard:
        lines += ["", "## What makes each patient hard (truth `hard`)", ""]
        lines += [f"- {p.sample} ({p.entity}): {_md(p.hard)}" for p in hard]
    return "\n".join(lines) + "\n"


def git_commit(repo: Path, outputs: tuple[Path, ...] = ()) -> str:
    """Short commit of the checkout, '+ uncommitted changes' when a tracked file differs from
    it (the table's own output files apart: a table written before is no change of code)."""
    skip = []
    for out in outputs:
        try:
            skip.append(f":!{out.resolve().relative_to(repo.resolve())}")
        except ValueError:
            continue
    git = ["git", "-C", str(repo)]
    try:
        head = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            [*git, "status", "--porcelain", "--untracked-files=no", "--", ".", *skip],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return head + (" + uncommitted changes" if dirty else "")


def _batch_paths(config: Path) -> dict[str, Path]:
    """batch_dir, truth_dir and samples of a batch.yaml, relative paths read from the
    directory the command runs in (as ./alwgs run does with ALWGS_LAUNCH_DIR)."""
    cfg = _load_yaml(config)
    missing = [k for k in ("batch_dir", "truth_dir", "samples") if not cfg.get(k)]
    if missing:
        raise SystemExit(f"alwgs entities: {config}: key(s) {', '.join(missing)} missing")
    return {k: Path(cfg[k]) for k in ("batch_dir", "truth_dir", "samples")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m alwgs.accuracy.entities",
        description="Entity-level accuracy table (found/expected) of a finished batch with a"
        " truth_dir. Paths are read from --config, or given one by one.",
    )
    ap.add_argument("--config", type=Path, help="the batch.yaml (batch_dir, truth_dir, samples)")
    ap.add_argument("--batch-dir", type=Path)
    ap.add_argument("--truth-dir", type=Path)
    ap.add_argument("--samples", type=Path, help="samples.tsv of the batch")
    ap.add_argument("--tsv", type=Path, required=True, help="TSV to write")
    ap.add_argument("--md", type=Path, required=True, help="markdown page to write")
    ap.add_argument(
        "--command", help="the command the page names as its origin (default: this one)"
    )
    ap.add_argument("--run-note", default="", help="a line about the run (e.g. its wall time)")
    args = ap.parse_args(argv)
    paths = _batch_paths(args.config) if args.config else {}
    for key in ("batch_dir", "truth_dir", "samples"):
        given = getattr(args, key)
        if given is not None:
            paths[key] = given
        if key not in paths:
            ap.error(f"--{key.replace('_', '-')} or --config is required")
    if not paths["samples"].exists():
        ap.error(f"samples sheet {paths['samples']} does not exist")
    patients = score_batch(paths["batch_dir"], paths["truth_dir"], paths["samples"])
    if not patients:
        print(
            f"alwgs entities: no tumor of {paths['samples']} has a truth file in"
            f" {paths['truth_dir']} (<tumor>.clinical.yaml)",
            file=sys.stderr,
        )
        return 1
    repo = Path(__file__).resolve().parents[3]
    command = args.command or "python -m alwgs.accuracy.entities " + " ".join(
        argv if argv is not None else sys.argv[1:]
    )
    header = {
        "Date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "Command": f"`{command}`",
        "Batch": f"`{paths['batch_dir']}` (truth `{paths['truth_dir']}`,"
        f" samples `{paths['samples']}`)",
        "Git commit": git_commit(repo, (args.md, args.tsv)),
    }
    if args.run_note:
        header["Run"] = args.run_note
    write_tsv(patients, args.tsv)
    args.md.parent.mkdir(parents=True, exist_ok=True)
    args.md.write_text(markdown(patients, header))
    t = totals(patients)["all"]
    print(
        f"alwgs entities: {t.patients} patients; lesions {t.cell('lesions')}, WHO 2022"
        f" {t.cell('who2022')}, ICC 2022 {t.cell('icc2022')}, ELN 2022 {t.cell('eln2022')};"
        f" needs RNA {t.needs_rna}, not run {t.not_run}: {args.md}, {args.tsv}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
