"""A findings document converted into exactly the inputs the interpretation chain takes from
the workflow's files (alwgs.interpret.chain.ChainInputs): somatic calls, fusions.tsv rows,
events.tsv rows, the karyotype JSON, the QC status, the matched normal's calls, what was
assessed (Assessment) and the not-assessed entries. A problem raises the document's
IntakeError at the field (file, line, field)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from alwgs.cnv import karyotype as cnv_karyotype
from alwgs.cnv.events import event_from_row
from alwgs.findings.bands import BandError
from alwgs.findings.copy_number import EventError, named_rows, segment_row
from alwgs.findings.document import FORMAT_VERSION, Document
from alwgs.findings.iscn import IscnError, parse_karyotype
from alwgs.findings.karyotype import (
    copy_number_rows,
    fusion_row,
    fusion_rows,
    karyotype_document,
)
from alwgs.findings.resources import Resources
from alwgs.findings.variants import VariantError, to_call
from alwgs.interpret.chain import ChainInputs
from alwgs.interpret.model import Assessment, SampleInfo
from alwgs.interpret.variants import Variants

DEFAULT_BUILD = "GRCh38"
# assessed.<key> -> (Assessment analysis, the not-assessed analysis name of the workflow's files)
FLAGS = {
    "small_variants": ("small_variants", "small_variants"),
    "itd": ("itd", "itd"),
    "structural_variants": ("structural_variants", "sv"),
    "copy_number": ("copy_number", "cnv"),
}
EXTERNAL = "findings given externally (no reads)"


@dataclass
class Findings:
    """One findings document, converted."""

    doc: Document
    info: SampleInfo
    data: ChainInputs
    build: str
    notes: list[str] = field(default_factory=list)


def _flag_reason(key: str) -> str:
    return f"not assessed (the findings file says assessed.{key}: false)"


def convert(doc: Document, res: Resources) -> Findings:
    d = doc.data
    sample = d["sample"]
    sid = sample.get("id") or doc.case
    sex = sample.get("sex", "unknown")
    paired = bool(sample.get("matched_normal", False))
    assessed = d.get("assessed") or {}
    flags = {key: bool(assessed.get(key, True)) for key in FLAGS}
    build = d.get("build", DEFAULT_BUILD)
    notes: list[str] = []

    calls, ptd_rows = _variants(doc, res, flags)
    fusions = ptd_rows + _fusions(doc, res, flags)
    events = _copy_number(doc, res, flags, build, sex)
    karyotype: dict = {}
    if d.get("karyotype"):
        karyotype, k_events, k_fusions = _karyotype(doc, res, build, sex)
        events += _new_changes(k_events, events)
        fusions = _merge_fusions(fusions, k_fusions)
        notes += karyotype.get("notes", [])
    elif flags["copy_number"]:
        karyotype = _karyotype_of_events(events, res, build, sex)
        notes += karyotype["notes"]
    if karyotype:
        _check_masked_hypodiploidy(karyotype, events, res, build, sex, _loh_not_assessed(d, flags))

    genes = {
        g: "coverage insufficient (assessed.genes_not_covered in the findings file)"
        for g in assessed.get("genes_not_covered", [])
    }
    qc_status = sample.get("qc", "missing")
    # The same Assessment the workflow builds from its files (assessment.from_workflow): an
    # analysis not assessed as a whole, the genes not covered, the QC status. A karyotype
    # string adds findings, not an assessment: with copy_number false, a change it does not
    # show stays unknown (docs/FINDINGS.md "Assessed").
    assessment = Assessment(
        qc_status=qc_status,
        not_assessed=[
            {"analysis": FLAGS[k][0], "reason": _flag_reason(k)}
            for k, ok in flags.items()
            if not ok
        ],
        genes_not_covered=list(genes),
        gene_reasons=genes,
        origin="findings",
    )
    not_assessed = [
        {"analysis": FLAGS[k][1], "caller": "all", "sample": sid, "reason": _flag_reason(k)}
        for k, ok in flags.items()
        if not ok
    ]
    name = Path(doc.file).name
    normal = f"{sid} matched normal" if paired else None
    normal_calls = _germline(doc, res, paired)
    info = SampleInfo(
        sample=sid,
        patient=sample.get("patient"),
        diagnosis=sample["diagnosis"],
        sex=sex,
        purity=sample.get("blasts"),
        normal=normal,
        therapy_context=sample.get("therapy_context", "unknown"),
    )
    origin = {
        "file": name,
        "sha256": doc.sha256,
        "format": FORMAT_VERSION,
        "case": doc.case,
        "document": doc.index,
        "source": d.get("source"),
        "note": d.get("note"),
        "build": build,
        "therapy_context": info.therapy_context,
        "assessed": {k: flags[k] for k in FLAGS},
        "genes_not_covered": sorted(genes),
        # where the genes of segments without a `genes` list came from (null: none listed)
        "gene_table": table.describe() if (table := res.gene_table(build)) else None,
        "qc": qc_status,
        "notes": notes,
    }
    data = ChainInputs(
        variants=Variants(calls, _sources(doc, res)),
        fusions=fusions,
        events=events,
        karyotype=karyotype,
        qc={"sample": sid, "status": qc_status, "reasons": []} if "qc" in sample else {},
        normal_calls=normal_calls,
        assessment=assessment,
        not_assessed=not_assessed,
        inputs={"findings": name},
        germline_reads_checked=False,
        origin=origin,
    )
    return Findings(doc, info, data, build, notes)


# ------------------------------------------------------------------------------ parts
def _variants(doc: Document, res: Resources, flags: dict) -> tuple[list, list]:
    kb = res.kb
    calls, ptds = [], []
    for i, v in enumerate(doc.data.get("variants") or []):
        kind = v.get("type", "small")
        needed = {"small": "small_variants", "ITD": "itd", "PTD": "structural_variants"}[kind]
        if not flags[needed]:
            raise doc.error(
                ["variants", i], f"a {kind} variant is given, but assessed.{needed} is false"
            )
        if kind == "PTD":
            ptds.append(_ptd_row(v["gene"], res, "findings file (variants)"))
            continue
        try:
            calls.append(to_call(v, kb.hotspots, kb.panels, res.itd_targets))
        except VariantError as err:
            raise doc.error(["variants", i, err.field], str(err)) from None
    return calls, ptds


def _ptd_row(gene: str, res: Resources, caller: str) -> dict:
    row = fusion_row(gene, gene, "PTD", caller, None, "")
    row.update(
        fusion=f"{gene}-PTD",
        known="yes" if gene in res.ptd_genes else "no",
        mechanism="ptd",
    )
    return row


def _fusions(doc: Document, res: Resources, flags: dict) -> list[dict]:
    rows = []
    for i, f in enumerate(doc.data.get("fusions") or []):
        where = ["fusions", i]
        if not flags["structural_variants"]:
            raise doc.error(where, "a fusion is given, but assessed.structural_variants is false")
        keys = set(f) - {"event"}
        if keys == {"five_prime", "three_prime"}:
            g5, g3 = f["five_prime"], f["three_prime"]
            if g5 == g3:
                raise doc.error(
                    where + ["three_prime"], f"both partners are {g5} (a PTD is {{ptd: {g5}}})"
                )
        elif keys == {"ptd"}:
            rows.append(_ptd_row(f["ptd"], res, "findings file"))
            continue
        elif keys in ({"rearranged"}, {"rearranged", "partner"}):
            g5, g3 = f["rearranged"], f.get("partner", "?")
            if g3 == "unknown":
                g3 = "?"
        else:
            raise doc.error(
                where,
                "a fusion is {five_prime, three_prime}, {ptd} or {rearranged[, partner]}"
                f" (given: {', '.join(sorted(f))})",
            )
        known = res.known_fusions.get(frozenset((g5, g3)))
        note = ""
        if known and (known.gene5, known.gene3) != (g5, g3):
            note = f"given as {g5}::{g3}; named in the order of the known-fusion list"
            g5, g3 = known.gene5, known.gene3
        event = f.get("event", "rearrangement")
        rows.append(fusion_row(g5, g3, event, "findings file", known, note))
    return rows


def _copy_number(doc: Document, res: Resources, flags: dict, build: str, sex: str) -> list:
    entries = doc.data.get("copy_number") or []
    if entries and not flags["copy_number"]:
        raise doc.error(
            ["copy_number", 0], "copy-number events are given, but assessed.copy_number is false"
        )
    if not entries:
        return []
    bm = _bands(doc, res, build, ["copy_number"])
    rows = []
    for i, e in enumerate(entries):
        where = ["copy_number", i]
        keys = set(e) - {"copy_number", "genes", "type"}
        try:
            if keys == {"event"}:
                rows += named_rows(e, bm, sex, res.cnv)
            elif keys == {"chrom", "start", "end"}:
                rows.append(segment_row(e, bm, sex, res.cnv, res.gene_table(build)))
            else:
                raise doc.error(
                    where,
                    "a copy-number entry is {event} or {chrom, start, end} (with type or"
                    f" copy_number, genes; given: {', '.join(sorted(e))})",
                )
        except EventError as err:
            raise doc.error(where + [err.field], str(err)) from None
    return rows


def _bands(doc: Document, res: Resources, build: str, where: list):
    try:
        return res.bands(build)
    except ValueError as err:
        raise doc.error(["build"] if "build" in doc.data else where, str(err)) from None


def _karyotype(doc: Document, res: Resources, build: str, sex: str):
    text = doc.data["karyotype"]
    try:
        kt = parse_karyotype(text)
    except IscnError as err:
        raise doc.error(["karyotype"], f"cannot read the ISCN karyotype: token {err}") from None
    bm = _bands(doc, res, build, ["karyotype"])
    stem_sex = sex if sex in ("male", "female") else _sex_of(kt.stemline.sex)
    try:
        events = copy_number_rows(kt.clonal, bm, stem_sex)
    except BandError as err:
        raise doc.error(["karyotype"], f"{err} (karyotype {text})") from None
    fusions, fusion_notes = fusion_rows(kt.clonal, res.rearrangements, res.known_fusions)
    document = karyotype_document(kt, sex, res.karyotype_rules)
    document["notes"] = document["notes"] + fusion_notes
    if sex in ("male", "female") and ("Y" in kt.stemline.sex) != (sex == "male"):
        if not (sex == "male" and any(a.text.startswith("-Y") for a in kt.stemline.aberrations)):
            document["notes"].append(
                f"the karyotype's sex chromosomes ({kt.stemline.sex}) and sample.sex ({sex}) differ"
            )
    return document, events, fusions


def _sex_of(sex_chromosomes: str) -> str:
    if "Y" in sex_chromosomes:
        return "male"
    return "female" if sex_chromosomes.count("X") >= 2 else "unknown"


def _extent(row: dict) -> tuple[str, str, str]:
    return row["chrom"], row["type"], "chromosome" if row["level"] == "chromosome" else row["arm"]


def _new_changes(karyotype_rows: list[dict], given: list[dict]) -> list[dict]:
    """The karyotype's copy-number rows that the given copy-number events do not already show
    at chromosome or arm level (same chromosome, change and extent)."""
    shown = {_extent(r) for r in given if r["level"] in ("chromosome", "arm")}
    return [r for r in karyotype_rows if _extent(r) not in shown]


def _merge_fusions(given: list[dict], from_karyotype: list[dict]) -> list[dict]:
    """A fusion both given and read from the karyotype is one row (the karyotype is named
    among its callers)."""
    by_name = {r["fusion"]: r for r in given}
    out = list(given)
    for row in from_karyotype:
        if row["fusion"] in by_name:
            by_name[row["fusion"]]["callers"] += f"; {row['callers']}"
        else:
            out.append(row)
    return out


def _karyotype_of_events(events: list[dict], res: Resources, build: str, sex: str) -> dict:
    """Without a karyotype string: the karyotype the copy-number stage derives from the
    chromosome- and arm-level events (alwgs.cnv.karyotype), without translocations."""
    ev = [event_from_row(r) for r in events]
    from alwgs.findings.copy_number import roles

    bm = res.bands(build)
    role = roles(bm)
    abn = cnv_karyotype.numerical_from_events(ev, sex, role) if events else []
    abn += cnv_karyotype.structural_from_events(ev, bm.bands, role)
    doc = cnv_karyotype.summarise(abn, sex, res.karyotype_rules)
    doc["notes"] = [
        "karyotype derived from the copy-number events of the findings file: translocations"
        " and inversions are not in it"
    ]
    doc["source"] = "copy-number events of the findings file"
    return doc


def _loh_not_assessed(d: dict, flags: dict) -> str | None:
    """Why loss of heterozygosity is unknown for a findings file (None when its copy-number
    events, which list copy-neutral LOH, were assessed and given)."""
    if not flags["copy_number"]:
        return "copy number not assessed in the findings file"
    if "copy_number" not in d:
        return "no copy-number events given (a karyotype does not show LOH)"
    return None


def _check_masked_hypodiploidy(
    karyotype: dict, events: list[dict], res: Resources, build: str, sex: str, loh: str | None
) -> None:
    """The copy-number stage's masked-hypodiploidy check (alwgs.cnv.ploidy) over the events of
    the findings file (given and read from the karyotype): a doubled hypodiploid clone takes the
    ploidy group of its count before doubling, as in the workflow's karyotype.json."""
    from alwgs.cnv.ploidy import masked_hypodiploidy
    from alwgs.findings.copy_number import roles

    rules = res.karyotype_rules
    count = karyotype.get("chromosome_count")
    role = roles(res.bands(build)) if events else cnv_karyotype.UNKNOWN
    masked = masked_hypodiploidy(events, count, sex, rules, role, loh)
    if masked["status"] == "detected":
        masked["observed_group"] = karyotype.get("ploidy_group")
        karyotype["ploidy_group"] = masked["group"]
    karyotype["masked_hypodiploidy"] = masked


def _germline(doc: Document, res: Resources, paired: bool):
    entries = doc.data.get("germline") or []
    if entries and not paired:
        raise doc.error(["germline", 0], "germline variants need sample.matched_normal: true")
    if not paired:
        return None
    kb = res.kb
    calls = []
    for i, v in enumerate(entries):
        try:
            calls.append(to_call(v, kb.hotspots, kb.panels, res.itd_targets, germline=True))
        except VariantError as err:
            raise doc.error(["germline", i, err.field], str(err)) from None
    return calls


def _sources(doc: Document, res: Resources) -> dict[str, dict]:
    """The annotation sources of the calls, in the ##alwgs_annotation layout the report reads:
    ClinVar and population AF as the findings file gives them (or not), hotspots and panels
    from the knowledge."""
    name = Path(doc.file).name
    variants = (doc.data.get("variants") or []) + (doc.data.get("germline") or [])

    def given(key: str, label: str) -> dict:
        """Used when every variant states it: a variant without the key would otherwise read
        "not in ClinVar" / "absent" in the report, which the file did not say."""
        if variants and all(key in v for v in variants):
            return {
                "used": "yes",
                "file": name,
                "version": f"as given in the findings file ({label})",
            }
        some = " for every variant" if any(key in v for v in variants) else ""
        return {"used": "no", "note": f"not given in the findings file{some} ({label})"}

    kb = res.kb
    return {
        "findings": {"used": "yes", "file": name, "version": f"alwgs_findings {FORMAT_VERSION}"},
        "clinvar": given("clinvar", "clinvar"),
        "population_af": given("population_af", "population_af"),
        "hotspots": {
            "used": "yes",
            "file": Path(res.paths["hotspots"]).name,
            "version": kb.hotspots.version,
        },
        "panels": {
            "used": "yes",
            "file": Path(res.paths["panel"]).name,
            "version": "not stated in the file",
        },
    }
