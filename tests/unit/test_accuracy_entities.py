"""Unit tests of the entity-level accuracy table (scripts/alwgs/accuracy/entities.py) and the
failed-job reader it uses (failed_jobs.py), on hand-written truth and interpretation JSON.

The interpretation fixtures carry every top-level key of a real interpretation JSON
(alwgs.interpret.output.assemble, checked below against its source) with the nested shapes the
pipeline writes (who_icc.py, eln.py, assessment.py); expected counts are worked out in the
comments next to the patients that produce them."""

from __future__ import annotations

import ast
import csv
import json
from pathlib import Path

import yaml
from alwgs.accuracy import entities as ent
from alwgs.accuracy.failed_jobs import failed_jobs, parse_log

OUTPUT_PY = Path(__file__).resolve().parents[2] / "scripts/alwgs/interpret/output.py"


def lesion(lid: str, kind: str, genes: list[str]) -> dict:
    return {
        "id": lid, "kind": kind, "genes": genes, "tier": "I", "level": "A",
        "rule_id": "AMP-T1-GUIDELINE", "guideline": "AMP/ASCO/CAP", "year": 2017,
        "description": "Cited by an ELN 2022, WHO 2022 or ICC 2022 rule.", "evidence": [],
        "classification": [],
    }  # fmt: skip


def entity(system: str, name: str | None, lesions: list[str], **extra) -> dict:
    guideline = "WHO" if system == "who2022" else "ICC"
    return {
        "guideline": guideline, "year": 2022, "entity": name, "provisional": False,
        "rule_id": f"{guideline}-X", "lesions": lesions, "requires_rna": [], "notes": [],
        "qualifiers": [],
    } | extra  # fmt: skip


def not_assessable(system: str, missing: list[str], possible: list[str]) -> dict:
    """who_icc._not_assessable's answer."""
    return {
        "guideline": "WHO" if system == "who2022" else "ICC", "year": 2022,
        "entity": "not_assessable", "rule_id": None, "lesions": [],
        "possible_entities": possible,
        "undetermined_entities": [{"rule_id": "R", "entity": possible[0], "missing": missing}],
        "missing_inputs": missing,
        "notes": ["Not assessable: an entity that takes precedence could not be excluded ("
                  + "; ".join(missing) + ")"],
        "qualifiers": [],
    }  # fmt: skip


def eln(group: str, **extra) -> dict:
    return {
        "guideline": "ELN 2022", "year": 2022, "version": "2026.12-1", "exceptions": [],
        "notes": [], "markers": [], "missing_inputs": [], "group": group, "rule_id": "ELN-X",
        "decided_by": [],
    } | extra  # fmt: skip


def interpretation(sample: str, diagnosis: str, who: dict, icc: dict, eln2022: dict,
                   lesions: list[dict], **over) -> dict:  # fmt: skip
    """An interpretation JSON with every top-level key output.assemble writes."""
    return {
        "alwgs_interpretation": 1, "sample": sample, "patient": sample.split("-")[0],
        "diagnosis": diagnosis, "sex": "female", "blast_fraction": 0.6, "mode": "paired",
        "matched_normal": sample.replace("-T", "-N"), "status": "complete",
        "qc": {"status": "PASS", "reasons": []}, "karyotype": "46,XX",
        "karyotype_detail": {"chromosome_count": 46}, "therapy_context": "unknown",
        "assessment": {"qc_status": "PASS", "qc_reasons": [], "not_assessed": [],
                       "genes_not_covered": [], "gene_reasons": {}},
        "eln2022": eln2022, "who2022": who, "icc2022": icc, "who_icc_concordant": True,
        "lesions": lesions, "germline": [], "germline_confirmation": [], "variants": [],
        "structural_variants": [], "copy_number": [], "inputs": {}, "not_assessed": [],
        "annotation_sources": {}, "knowledge": {},
    } | over  # fmt: skip


def test_fixture_has_the_keys_of_the_real_output():
    """The fixture's top-level keys are those output.assemble returns (its dict literal, the
    optional eln2024/who_icc_difference apart), so a renamed key breaks this test."""
    tree = ast.parse(OUTPUT_PY.read_text())
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "assemble")
    ret = next(n for n in ast.walk(fn) if isinstance(n, ast.Return))
    keys = {k.value for k in ret.value.keys if isinstance(k, ast.Constant)}
    assert keys == set(interpretation("X-T", "AML", {}, {}, {}, []))


# ----------------------------------------------------------------------------- the cohort
# A01 AML, found: WHO, ICC, ELN and 2 lesions all found.                    5 units, 5 found
# A02 AML, missed: ICC entity other (blasts below threshold), NPM1 found, FLT3_ITD missed
#     (FLT3 coverage insufficient), KMT2A::MLLT3 missed (SV listed but not a lesion),
#     WHO not_assessable, ELN wrong.            lesions 1/3, WHO 0/1, ICC 0/1, ELN 0/1
# B01 B-ALL, missed: high_hyperdiploidy missed (copy number not assessed), WHO/ICC missed;
#     CDKN2A_del missed with no reason given.   lesions 0/2, WHO 0/1, ICC 0/1
# B02 B-ALL needs_rna: counted apart (its lesion IS reported, still never found)
# T01 T-ALL not run: its normal's tiddit failed; 1 lesion, WHO, ICC expected, 0 found
TRUTH = {
    "A01-T": {"entity": "AML with NPM1 mutation", "group": "AML", "eln2022": "favorable",
              "defining_lesions": ["NPM1_mut", "DNMT3A_mut"],
              "who2022": "AML with NPM1 mutation", "icc2022": "AML with mutated NPM1",
              "needs_rna": None, "hard": "none"},
    "A02-T": {"entity": "AML with KMT2A rearrangement", "group": "AML", "eln2022": "intermediate",
              "defining_lesions": ["NPM1_mut", "FLT3_ITD", "KMT2A::MLLT3"],
              "who2022": "AML with KMT2A rearrangement",
              "icc2022": "AML with t(9;11)(p21.3;q23.3)/MLLT3::KMT2A",
              "needs_rna": None, "hard": "reciprocal only"},
    "B01-T": {"entity": "B-ALL, high hyperdiploid", "group": "B-ALL", "eln2022": None,
              "defining_lesions": ["high_hyperdiploidy", "CDKN2A_del"],
              "who2022": "B-lymphoblastic leukaemia/lymphoma with hyperdiploidy",
              "icc2022": "B-ALL, hyperdiploid", "needs_rna": None,
              "hard": "blasts 0.3"},
    "B02-T": {"entity": "B-ALL, PAX5alt", "group": "B-ALL", "eln2022": None,
              "defining_lesions": ["PAX5_del"], "who2022": None,
              "icc2022": "B-ALL, PAX5alt", "needs_rna": "PAX5alt is an expression class",
              "hard": "expression only"},
    "T01-T": {"entity": "T-ALL, TLX3", "group": "T-ALL", "eln2022": None,
              "defining_lesions": ["BCL11B::TLX3"], "who2022": "T-ALL",
              "icc2022": "T-ALL, TLX3", "needs_rna": None, "hard": "tiddit fails"},
}  # fmt: skip

MISSING_CN = "high_hyperdiploidy: copy number not assessed (too few bins)"
PRED = {
    "A01-T": interpretation(
        "A01-T", "AML",
        entity("who2022", "AML with NPM1 mutation", ["NPM1_mut"]),
        entity("icc2022", "AML with mutated NPM1", ["NPM1_mut"]),
        eln("favorable"),
        [lesion("NPM1_mut", "mutation", ["NPM1"]), lesion("DNMT3A_mut", "mutation", ["DNMT3A"]),
         lesion("TP53_mut", "mutation", ["TP53"])],
    ),
    "A02-T": interpretation(
        "A02-T", "AML",
        not_assessable("who2022", ["UBTF-ITD: UBTF not assessable (not in the reference"
                                   " annotation)"], ["AML with other defined genetic alterations"]),
        entity("icc2022", "MDS/AML with mutated NPM1", ["NPM1_mut"],
               notes=["ICC-AML-NPM1: blasts 15% below 20%"]),
        eln("favorable", reason="NPM1 without FLT3-ITD"),
        [lesion("NPM1_mut", "mutation", ["NPM1"])],
        assessment={"qc_status": "PASS", "qc_reasons": [], "not_assessed": [],
                    "genes_not_covered": ["FLT3"],
                    "gene_reasons": {"FLT3": "coverage insufficient"}},
        structural_variants=[{"source": "sv", "gene5": "MLLT3", "gene3": "KMT2A",
                              "fusion": "MLLT3::KMT2A", "event": "translocation"}],
    ),
    "B01-T": interpretation(
        "B01-T", "B-ALL",
        not_assessable("who2022", [MISSING_CN], ["B-ALL with hyperdiploidy"]),
        not_assessable("icc2022", [MISSING_CN], ["B-ALL, hyperdiploid"]),
        eln("not_applicable"),
        [],
        assessment={"qc_status": "PASS", "qc_reasons": [], "genes_not_covered": [],
                    "gene_reasons": {},
                    "not_assessed": [{"analysis": "copy_number", "reason": "too few bins"}]},
    ),
    "B02-T": interpretation(
        "B02-T", "B-ALL",
        entity("who2022", "requires RNA: B-ALL, PAX5alt (otherwise B-ALL, NOS)", [],
               requires_rna=[{"rule_id": "R", "entity": "B-ALL, PAX5alt",
                              "why": "expression profile"}]),
        entity("icc2022", "requires RNA: B-ALL, PAX5alt (otherwise B-ALL, NOS)", []),
        eln("not_applicable"),
        [lesion("PAX5_del", "focal_deletion", ["PAX5"])],
    ),
}  # fmt: skip

SAMPLES = [
    ("A01-T", "A01", "tumor", "AML"), ("A01-N", "A01", "normal", "AML"),
    ("A02-T", "A02", "tumor", "AML"),
    ("B01-T", "B01", "tumor", "B-ALL"), ("B02-T", "B02", "tumor", "B-ALL"),
    ("T01-T", "T01", "tumor", "T-ALL"), ("T01-N", "T01", "normal", "T-ALL"),
    ("T02-T", "T02", "tumor", "T-ALL"),  # no truth file: not in the table
]  # fmt: skip

SNAKEMAKE_LOG = """\
[Mon Dec  7 11:52:58 2026]
Error in rule tiddit:
    message: None
    jobid: 0
    input: results/align/T01-N.bam, results/align/T01-N.bam.bai
    output: results/sv/tiddit/T01-N.vcf
    log: logs/sv/T01-N.tiddit.log (check log file(s) for error details)
Trying to restart job 0.
Error in rule tiddit:
    message: None
    jobid: 0
    input: results/align/T01-N.bam, results/align/T01-N.bam.bai
    output: results/sv/tiddit/T01-N.vcf
    log: logs/sv/T01-N.tiddit.log (check log file(s) for error details)
Error in rule fastp:
    message: None
    jobid: 3
    output: results/read_qc/A01-T/L1_R1.fastq.gz, results/read_qc/A01-T/L1_R2.fastq.gz
    log: logs/fastp/A01-T/L1.log (check log file(s) for error details)
Exiting because a job execution failed. Look above for error messages
"""


def write_batch(tmp_path: Path) -> tuple[Path, Path, Path]:
    batch, truth = tmp_path / "batch", tmp_path / "truth"
    (batch / "results/interpretation").mkdir(parents=True)
    truth.mkdir()
    for sample, t in TRUTH.items():
        (truth / f"{sample}.clinical.yaml").write_text(yaml.safe_dump(t))
    for sample, p in PRED.items():
        (batch / f"results/interpretation/{sample}.json").write_text(json.dumps(p))
    sheet = tmp_path / "samples.tsv"
    rows = ["sample\tpatient\ttype\tsex\tdiagnosis\tpurity"]
    rows += [f"{s}\t{p}\t{t}\tfemale\t{d}\t" for s, p, t, d in SAMPLES]
    sheet.write_text("\n".join(rows) + "\n")
    log = batch / ".snakemake/log/2026-12-07T115257.343754.snakemake.log"
    log.parent.mkdir(parents=True)
    log.write_text(SNAKEMAKE_LOG)
    # A01-T's fastp failed once but its outputs are there now (redone): not a failure
    for mate in (1, 2):
        out = batch / f"results/read_qc/A01-T/L1_R{mate}.fastq.gz"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(b"")
    return batch, truth, sheet


def by_sample(tmp_path: Path) -> dict[str, ent.Patient]:
    batch, truth, sheet = write_batch(tmp_path)
    return {p.sample: p for p in ent.score_batch(batch, truth, sheet)}


def unit(p: ent.Patient, key: str) -> ent.Unit:
    return next(u for u in p.units if u.unit == key)


def test_found_patient(tmp_path):
    p = by_sample(tmp_path)["A01-T"]
    assert [u.unit for u in p.units] == [
        "who2022", "icc2022", "eln2022", "lesion:NPM1_mut", "lesion:DNMT3A_mut",
    ]  # fmt: skip
    assert all(u.found and not u.reason for u in p.units)
    assert p.result(p.units[0]) == ent.FOUND and not p.not_run


def test_missed_with_the_pipelines_reasons(tmp_path):
    p = by_sample(tmp_path)["A02-T"]
    assert unit(p, "lesion:NPM1_mut").found
    itd = unit(p, "lesion:FLT3_ITD")
    assert not itd.found and itd.reason == "not assessable: FLT3 coverage insufficient"
    fusion = unit(p, "lesion:KMT2A::MLLT3")
    assert not fusion.found
    assert fusion.reason == "SV MLLT3::KMT2A listed, not made this lesion"
    who = unit(p, "who2022")
    assert who.reported == "not_assessable"
    assert who.reason.startswith("not assessable because UBTF-ITD: UBTF not assessable")
    assert "defining lesions missed: FLT3_ITD, KMT2A::MLLT3" in who.reason
    icc = unit(p, "icc2022")
    assert icc.reported == "MDS/AML with mutated NPM1" and not icc.found
    assert "below_min_blasts: ICC-AML-NPM1: blasts 15% below 20%" in icc.reason
    e = unit(p, "eln2022")
    assert (e.expected, e.reported, e.found) == ("intermediate", "favorable", False)
    assert e.reason == "NPM1 without FLT3-ITD"
    b = by_sample(tmp_path / "again")["B01-T"]
    hh = unit(b, "lesion:high_hyperdiploidy")
    assert hh.reason == f"not assessable: {MISSING_CN}"
    # no missing input names CDKN2A; the whole copy number analysis was not assessed
    assert unit(b, "lesion:CDKN2A_del").reason == (
        "not assessable: copy_number not assessed (too few bins)"
    )
    assert b.result(hh) == ent.MISSED


def test_a_listed_variant_not_made_the_lesion():
    truth = {"group": "AML", "defining_lesions": ["IDH2_mut"]}
    variants = [
        {"gene": "IDH2", "hgvsp": "", "hgvsc": "c.100+5del", "consequence": "intron"},
        {"gene": "IDH2", "hgvsp": "p.(Arg140Gln)", "consequence": "missense", "tier": "III",
         "filter": "LowVAF", "vaf": 0.03},
    ]  # fmt: skip
    pred = interpretation("X-T", "AML", {}, {}, eln("x"), [], variants=variants)
    p = ent.score_patient("X-T", truth, pred)
    assert unit(p, "lesion:IDH2_mut").reason == (
        "IDH2 p.(Arg140Gln) listed (tier III, filter LowVAF, VAF 0.03), not made this lesion"
    )


QC = "QC FAIL (mean_depth 3.25 < 40 (fail); pct_genome_20x 0 < 80 (fail))"


def test_a_qc_fail_reason_is_condensed_and_fits_the_lesion_kind():
    missing = [f"{what}: {how} ({QC})" for what, how in (
        ("PML::RARA", "structural variants not assessed"),
        ("BCR::ABL1", "structural variants not assessed"),
        ("RUNX1::RUNX1T1", "structural variants not assessed"),
        ("KMT2A rearranged", "structural variants not assessed"),
        ("IKZF1 mutation", "small variants not assessed"),
    )] + ["UBTF-ITD: UBTF not assessable (not in the reference annotation)"]  # fmt: skip
    assert ent.condense(missing) == (
        f"{QC}: structural variants not assessed (PML::RARA, BCR::ABL1, RUNX1::RUNX1T1 and 1"
        " more); small variants not assessed (IKZF1 mutation);"
        " UBTF-ITD: UBTF not assessable (not in the reference annotation)"
    )
    truth = {"group": "B-ALL", "defining_lesions": ["IKZF1_del", "BCR::ABL1"], "who2022": "W"}
    pred = interpretation("X-T", "B-ALL", not_assessable("who2022", missing, ["W"]), {}, {}, [])
    p = ent.score_patient("X-T", truth, pred)
    # the deletion is not explained by the IKZF1 mutation's small variants
    assert unit(p, "lesion:IKZF1_del").reason == "not reported"
    assert unit(p, "lesion:BCR::ABL1").reason == f"not assessable: {missing[1]}"
    assert unit(p, "who2022").reason.startswith(f"not assessable because {QC}: structural")


def test_not_reported_when_the_output_gives_no_reason():
    truth = {"group": "AML", "defining_lesions": ["IDH1_mut"], "who2022": "AML"}
    pred = interpretation("X-T", "AML", entity("who2022", "AML", []), {}, eln("x"), [])
    p = ent.score_patient("X-T", truth, pred)
    assert unit(p, "lesion:IDH1_mut").reason == "not reported"
    assert unit(p, "who2022").found  # same name, any case and spacing
    p = ent.score_patient("X-T", truth | {"who2022": "  aml "}, pred)
    assert unit(p, "who2022").found


TIDDIT = {
    "analysis": "sv", "caller": "tiddit", "sample": "X-T",
    "reason": "tiddit 3.5.2 stopped in its scoring step without writing calls for X-T",
}  # fmt: skip


def cn_row(event: str, chrom: str, start: int, end: int, level: str, change: str) -> dict:
    """A copy_number row of the interpretation JSON (the events.tsv row, as strings)."""
    return {
        "source": "cnv", "chrom": chrom, "start": str(start), "end": str(end),
        "copy_number": "3" if change == "gain" else "1", "event": event, "level": level,
        "type": change, "arm": "pq", "genes": ".", "log2": "0.5", "baf": ".", "bins": "80",
        "sv_support": ".", "callable_bp": ".", "note": ".",
    }  # fmt: skip


def test_an_sv_callers_note_does_not_explain_a_copy_number_lesion():
    """B01-T of the cohort run: +4 and +10 missed while tiddit had failed on the tumor; the
    tiddit note is no reason for a whole-chromosome gain, the copy-number rows of chr4 are."""
    truth = {"group": "B-ALL", "defining_lesions": ["+4", "+10", "high_hyperdiploidy", "BCR::ABL1"]}
    rows = [
        cn_row("dup(4)(p1q31.3)", "chr4", 0, 143922, "arm", "gain"),
        cn_row("del(4)(q31.3q35.2)", "chr4", 151416, 180392, "focal", "loss"),
        cn_row("+14", "chr14", 0, 142000, "chromosome", "gain"),
    ]
    pred = interpretation("X-T", "B-ALL", {}, {}, {}, [], copy_number=rows, not_assessed=[TIDDIT])
    p = ent.score_patient("X-T", truth, pred)
    assert unit(p, "lesion:+4").reason == (
        "copy number dup(4)(p1q31.3) (arm, chr4:0-143922) listed, not made this lesion;"
        " copy number del(4)(q31.3q35.2) (focal, chr4:151416-180392) listed, not made this lesion"
    )
    assert unit(p, "lesion:+10").reason == "not reported"  # nothing on chr10, tiddit irrelevant
    assert unit(p, "lesion:high_hyperdiploidy").reason == "not reported"
    # a fusion keeps the SV caller's note
    assert unit(p, "lesion:BCR::ABL1").reason == (
        f"not reported (partly assessed: tiddit on X-T: {TIDDIT['reason']})"
    )
    # and a copy-number lesion the copy-number stage's own note
    cnv = {"analysis": "cnv", "caller": "cnvkit", "sample": "X-T", "reason": "too thin"}
    pred["not_assessed"] = [TIDDIT, cnv]
    p = ent.score_patient("X-T", truth, pred)
    assert unit(p, "lesion:+10").reason == "not reported (partly assessed: cnvkit on X-T: too thin)"


def test_needs_rna_is_never_found(tmp_path):
    p = by_sample(tmp_path)["B02-T"]
    assert p.needs_rna == "PAX5alt is an expression class"
    lesion_unit = unit(p, "lesion:PAX5_del")
    assert lesion_unit.found  # the DNA lesion is there ...
    assert p.result(lesion_unit) == ent.NEEDS_RNA  # ... and still not counted as found
    assert p.dna_shows == (
        "DNA shows requires RNA: B-ALL, PAX5alt (otherwise B-ALL, NOS); lesions PAX5_del"
    )
    assert [u.unit for u in p.units if u.unit.startswith("who")] == []  # who2022: null


def test_failed_patient_is_a_not_run_row(tmp_path):
    patients = by_sample(tmp_path)
    assert "T02-T" not in patients  # no truth file
    p = patients["T01-T"]
    assert p.not_run == "not run: tiddit (logs/sv/T01-N.tiddit.log) failed"
    assert all(not u.found and p.result(u) == ent.NOT_RUN for u in p.units)
    assert not patients["A01-T"].not_run  # its fastp failure was redone


def test_totals_per_group_and_overall(tmp_path):
    t = ent.totals(list(by_sample(tmp_path).values()))
    assert list(t) == ["AML", "B-ALL", "T-ALL", "all"]
    # AML: A01 lesions 2/2, A02 1/3 -> 3/5; WHO 1/2, ICC 1/2, ELN 1/2
    assert t["AML"].counts == {"lesions": [3, 5], "who2022": [1, 2], "icc2022": [1, 2],
                               "eln2022": [1, 2]}  # fmt: skip
    # B-ALL: B01 only (B02 needs RNA): lesions 0/2, WHO 0/1, ICC 0/1; no ELN unit
    assert t["B-ALL"].counts == {"lesions": [0, 2], "who2022": [0, 1], "icc2022": [0, 1]}
    assert (t["B-ALL"].patients, t["B-ALL"].needs_rna) == (2, 1)
    # T-ALL: T01 not run: expected, not found
    assert t["T-ALL"].counts == {"lesions": [0, 1], "who2022": [0, 1], "icc2022": [0, 1]}
    assert t["T-ALL"].not_run == 1
    a = t["all"]
    assert a.counts == {"lesions": [3, 8], "who2022": [1, 4], "icc2022": [1, 4],
                        "eln2022": [1, 2]}  # fmt: skip
    assert (a.patients, a.needs_rna, a.not_run) == (5, 1, 1)
    assert a.cell("lesions") == "3/8 (38%)" and ent.Total().cell("lesions") == "-"


def test_ci_truth_falls_back_to_diagnosis_and_who2022():
    """The ci demo's truth has no entity/group/needs_rna/hard keys."""
    truth = {"sample": "P01-T", "diagnosis": "AML", "eln2022": "intermediate",
             "defining_lesions": ["NPM1_mut"], "who2022": "AML with NPM1 mutation",
             "icc2022": "AML with mutated NPM1", "karyotype": "46,XY"}  # fmt: skip
    p = ent.score_patient("P01-T", truth, None)
    assert (p.group, p.entity, p.needs_rna) == ("AML", "AML with NPM1 mutation", "")
    assert p.not_run == "not run: no interpretation JSON"
    p = ent.score_patient("P01-T", {"defining_lesions": []}, None, diagnosis="T-ALL")
    assert (p.group, p.entity) == ("T-ALL", "P01-T")


def test_lesion_kind():
    assert ent.lesion_kind("IGH::DUX4") == ("fusion", ["IGH", "DUX4"])
    assert ent.lesion_kind("FLT3_ITD") == ("itd", ["FLT3"])
    assert ent.lesion_kind("KMT2A_PTD") == ("ptd", ["KMT2A"])
    assert ent.lesion_kind("IKZF1_del") == ("focal_deletion", ["IKZF1"])
    assert ent.lesion_kind("FLT3_TKD") == ("mutation", ["FLT3"])
    # copy number alone explains these; PAR1_deletion (a junction or a loss) and the complex
    # karyotype (translocations too) read copy number and structural variants
    cn = ["+4", "-7", "+X", "del(5q)", "dup(10p)", "del(5)(q21.3q34)", "high_hyperdiploidy"]
    for lid in cn + ["iAMP21", "near_haploid"]:
        assert ent.lesion_kind(lid) == ("copy_number", [])
    for derived in ("PAR1_deletion", "complex_karyotype", "IKZF1plus"):
        assert ent.lesion_kind(derived) == ("derived", [])
    assert [ent._event_chrom(i) for i in cn] == ["4", "7", "X", "5", "10", "5", ""]


def test_parse_log_and_failed_jobs(tmp_path):
    jobs = parse_log(SNAKEMAKE_LOG)
    assert [j.rule for j in jobs] == ["tiddit", "tiddit", "fastp"]
    assert jobs[0].outputs == ("results/sv/tiddit/T01-N.vcf",)
    assert jobs[0].logs == ("logs/sv/T01-N.tiddit.log",)
    assert jobs[0].mentions("T01-N") and not jobs[0].mentions("T01")
    assert jobs[2].mentions("A01-T") and not jobs[2].mentions("A01-N")
    batch, _, _ = write_batch(tmp_path)
    assert [j.rule for j in failed_jobs(batch)] == ["tiddit"]  # repeat and redone dropped


def test_command_writes_tsv_and_markdown(tmp_path):
    batch, truth, sheet = write_batch(tmp_path)
    md, tsv = tmp_path / "out/COHORT.md", tmp_path / "out/entities.tsv"
    args = ["--batch-dir", str(batch), "--truth-dir", str(truth), "--samples", str(sheet)]
    args += ["--md", str(md), "--tsv", str(tsv), "--command", "./alwgs cohort"]
    assert ent.main(args + ["--run-note", "3600 s wall"]) == 0
    text = md.read_text()
    head = text.split("\n\n")[1].splitlines()
    assert head[0].startswith("- Date: 20") and head[0].endswith(" UTC")
    assert head[1] == "- Command: `./alwgs cohort`"
    assert head[2].startswith(f"- Batch: `{batch}`")
    assert head[3].startswith("- Git commit: ")
    assert head[4] == "- Run: 3600 s wall"
    assert "| **all** | 5 | 3/8 (38%) | 1/4 (25%) | 1/4 (25%) | 1/2 (50%) | 1 | 1 |" in text
    assert "not run: tiddit (logs/sv/T01-N.tiddit.log) failed" in text
    assert "needs RNA (PAX5alt is an expression class): DNA shows" in text
    with open(tsv) as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert list(rows[0]) == ent.TSV_COLUMNS
    row = next(r for r in rows if r["sample"] == "A02-T" and r["unit"] == "lesion:FLT3_ITD")
    assert row["result"] == "missed"
    assert row["reason"] == "not assessable: FLT3 coverage insufficient"
    total = next(r for r in rows if r["group"] == "all" and r["unit"] == "lesions")
    assert (total["sample"], total["expected"], total["reported"], total["result"]) == (
        "ALL",
        "8",
        "3",
        "total",
    )
    assert {r["result"] for r in rows if r["sample"] == "B02-T"} == {"needs_rna"}


def test_command_without_truth_fails_clearly(tmp_path, capsys):
    batch, _, sheet = write_batch(tmp_path)
    empty = tmp_path / "no_truth"
    empty.mkdir()
    args = ["--batch-dir", str(batch), "--truth-dir", str(empty), "--samples", str(sheet)]
    assert ent.main(args + ["--md", str(tmp_path / "a.md"), "--tsv", str(tmp_path / "a.tsv")]) == 1
    assert "has a truth file" in capsys.readouterr().err


def test_an_absent_lesion_is_found_only_when_left_out():
    """B07's truth: IKZF1plus must not be reported with BCR::ABL1 (Stanulla 2018)."""
    truth = {"group": "B-ALL", "defining_lesions": ["BCR::ABL1"], "absent_lesions": ["IKZF1plus"]}
    fusion = lesion("BCR::ABL1", "fusion", ["BCR", "ABL1"])
    pred = interpretation("X-T", "B-ALL", {}, {}, {}, [fusion])
    u = unit(ent.score_patient("X-T", truth, pred), "absent:IKZF1plus")
    assert (u.found, u.expected, u.reported, u.reason) == (True, "IKZF1plus excluded", "", "")
    pred = interpretation("X-T", "B-ALL", {}, {}, {}, [fusion, lesion("IKZF1plus", "profile", [])])
    u = unit(ent.score_patient("X-T", truth, pred), "absent:IKZF1plus")
    assert not u.found and u.reported == "IKZF1plus"
    assert u.reason == "reported although the guideline excludes it here"
    assert "IKZF1plus excluded **reported**" in ent.markdown(
        [ent.score_patient("X-T", truth, pred)], {}
    )
    # a patient that was not run has found nothing
    u = unit(ent.score_patient("X-T", truth, None), "absent:IKZF1plus")
    assert not u.found
