"""Reading a findings file (alwgs.findings): every problem names file, line and field before
anything is interpreted; a good file becomes exactly the inputs the chain reads from the
workflow's files."""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

import pytest
from alwgs.findings.convert import convert
from alwgs.findings.document import read_documents
from alwgs.findings.reader import interpret_findings, read_findings
from alwgs.findings.resources import load_resources
from alwgs.intake.errors import IntakeError
from alwgs.interpret.model import Assessment

RES = load_resources()

GOOD = """\
alwgs_findings: 1
case: C1
sample: {diagnosis: AML, blasts: 0.5, sex: female}
"""


def write(tmp_path: Path, text: str, name: str = "f.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def error_of(path: Path) -> IntakeError:
    with pytest.raises(IntakeError) as err:
        read_findings(path, RES)
    return err.value


def where(err: IntakeError) -> tuple:
    return Path(err.file).name, err.row, err.field


# --------------------------------------------------------------------------- error paths
def test_missing_file(tmp_path):
    err = error_of(tmp_path / "nope.yaml")
    assert where(err) == ("nope.yaml", None, None) and "does not exist" in err.message


def test_not_utf8(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_bytes(b"case: \xff\xfe\n")
    assert "not UTF-8" in error_of(path).message


def test_yaml_syntax_names_the_line(tmp_path):
    path = write(tmp_path, GOOD + "variants: [{gene: TP53\n")
    err = error_of(path)
    assert err.file.endswith("f.yaml") and err.row == 5 and "invalid YAML" in err.message


@pytest.mark.parametrize("text", ["just text\n", "[]\n", "- 3\n"])
def test_not_a_document(tmp_path, text):
    err = error_of(write(tmp_path, text))
    assert err.row == 1 and "mapping" in err.message


CASES = [
    # (text appended to or replacing GOOD, line, field, words of the message)
    (GOOD + "colour: blue\n", 4, "colour", "unknown key 'colour'"),
    (
        GOOD
        + "variants:\n  - {gene: NPM1, hgvsp: p.W288Cfs*12}\n"
        + "  - {gene: TP53, hgvsp: p.R248Q, color: x}\n",
        6,
        "variants[1].color",
        "unknown key 'color'",
    ),
    ("alwgs_findings: 1\ncase: C1\nsample: {blasts: 0.5}\n", 3, "sample.diagnosis", "required"),
    (GOOD.replace("AML", "CML"), 3, "sample.diagnosis", "'CML' is not one of"),
    (
        GOOD + "variants:\n  - {gene: TP53, hgvsp: p.R248Q, vaf: 46}\n",
        5,
        "variants[0].vaf",
        "at most 1",
    ),
    (GOOD.replace("alwgs_findings: 1", "alwgs_findings: 2"), 1, "alwgs_findings", ""),
    (GOOD.replace("case: C1", "case: C 1"), 2, "case", "characters other than"),
    (
        GOOD + "variants:\n  - {gene: TP53, hgvsp: R248Q}\n",
        5,
        "variants[0].hgvsp",
        "not an HGVS protein change",
    ),
    (
        GOOD + "variants:\n  - {gene: TP53, hgvsp: p.R248Q, consequence: missense}\n",
        None,
        None,
        "",
    ),  # csq terms are accepted: no error (checked below)
    (
        GOOD + "variants:\n  - {gene: TP53, hgvsp: p.R248Q, consequence: misssense_variant}\n",
        5,
        "variants[0].consequence",
        "'misssense_variant'",
    ),
    (GOOD + "variants:\n  - {gene: TP53, vaf: 0.4}\n", 5, "variants[0].hgvsp", "hgvsp or hgvsc"),
    (
        GOOD + "variants:\n  - {gene: TP53, hgvsc: c.743G>A}\n",
        5,
        "variants[0].consequence",
        "give the consequence",
    ),
    (
        GOOD + "assessed: {small_variants: false}\nvariants:\n  - {gene: TP53, hgvsp: p.R248Q}\n",
        6,
        "variants[0]",
        "assessed.small_variants is false",
    ),
    (
        GOOD + "assessed: {itd: false}\nvariants:\n  - {gene: FLT3, type: ITD}\n",
        6,
        "variants[0]",
        "assessed.itd is false",
    ),
    (GOOD + "fusions:\n  - {five_prime: PML}\n", 5, "fusions[0]", "five_prime, three_prime"),
    (
        GOOD + "fusions:\n  - {five_prime: KMT2A, three_prime: KMT2A}\n",
        5,
        "fusions[0].three_prime",
        "both partners",
    ),
    (
        GOOD + "assessed: {structural_variants: false}\nfusions:\n  - {ptd: KMT2A}\n",
        6,
        "fusions[0]",
        "structural_variants is false",
    ),
    (
        GOOD + "copy_number:\n  - {chrom: chr5, start: 1, end: 999999999, type: loss}\n",
        5,
        "copy_number[0].end",
        "past the end of chr5",
    ),
    (
        GOOD + "copy_number:\n  - {chrom: chr99, start: 1, end: 100, type: loss}\n",
        5,
        "copy_number[0].chrom",
        "chr99",
    ),
    (
        GOOD + "copy_number:\n  - {chrom: chr5, start: 1000, end: 100, type: loss}\n",
        5,
        "copy_number[0].end",
        "not after start",
    ),
    (
        GOOD
        + "copy_number:\n  - {chrom: chr5, start: 0, end: 9000000, type: gain, copy_number: 1}\n",
        5,
        "copy_number[0].copy_number",
        "is a loss",
    ),
    (
        GOOD + "copy_number:\n  - {chrom: chr5, start: 0, end: 9000000}\n",
        5,
        "copy_number[0].type",
        "give type",
    ),
    (GOOD + "copy_number:\n  - {event: 5q-}\n", 5, "copy_number[0].event", "5q-"),
    (
        GOOD + "copy_number:\n  - {event: t(8;21)(q22;q22)}\n",
        5,
        "copy_number[0].event",
        "changes no copy number",
    ),
    (
        GOOD + "copy_number:\n  - {event: '-7', start: 3}\n",
        5,
        "copy_number[0]",
        "{event} or {chrom, start, end}",
    ),
    (
        GOOD + "assessed: {copy_number: false}\ncopy_number:\n  - {event: '-7'}\n",
        6,
        "copy_number[0]",
        "assessed.copy_number is false",
    ),
    (
        GOOD + "karyotype: '46,XX,t(8;21)(q22;q22),5q-'\n",
        4,
        "karyotype",
        "token '5q-'",
    ),
    (GOOD + "karyotype: '46,XX,del(5)(q37)'\n", 4, "karyotype", "5q37"),
    (
        GOOD + "germline:\n  - {gene: DDX41, hgvsp: 'p.M1?', vaf: 0.5}\n",
        5,
        "germline[0]",
        "matched_normal: true",
    ),
    (
        GOOD.replace("sex: female", "sex: female, matched_normal: true")
        + "germline:\n  - {gene: FLT3, type: ITD}\n",
        5,
        "germline[0].type",
        "cannot be an ITD",
    ),
    (
        GOOD + "build: hg19\ncopy_number:\n  - {chrom: chr5, start: 0, end: 100, type: loss}\n",
        4,
        "build",
        "no cytoband file",
    ),
    (GOOD + "expected: {eln2022: high}\n", 4, "expected.eln2022", "'high' is not one of"),
    (GOOD + "expected: {tiers: {TP53 p.R248Q: V}}\n", 4, "expected.tiers.TP53 p.R248Q", ""),
]


@pytest.mark.parametrize("text,line,field,words", CASES)
def test_error_names_file_line_and_field(tmp_path, text, line, field, words):
    path = write(tmp_path, text)
    if line is None:
        read_findings(path, RES)  # no error
        return
    err = error_of(path)
    assert where(err) == ("f.yaml", line, field), str(err)
    assert words in err.message, str(err)
    assert str(err).startswith(f"{path} line {line}, field '{field}':")


def test_an_error_in_the_second_document_of_a_list(tmp_path):
    text = "- " + GOOD.replace("\n", "\n  ").rstrip() + "\n"
    text += "- " + GOOD.replace("C1", "C2").replace("\n", "\n  ").rstrip() + "\n"
    text += "  variants:\n    - {gene: TP53, hgvsp: p.R248Q, vaf: 2}\n"
    err = error_of(write(tmp_path, text))
    assert where(err) == ("f.yaml", 8, "variants[0].vaf")


def test_a_case_twice(tmp_path):
    text = "- " + GOOD.replace("\n", "\n  ").rstrip() + "\n"
    text += "- " + GOOD.replace("\n", "\n  ").rstrip() + "\n"
    err = error_of(write(tmp_path, text))
    assert where(err) == ("f.yaml", 5, "case") and "first at line 2" in err.message


# --------------------------------------------------------------------------- conversion
FULL = """\
alwgs_findings: 1
case: FULL-1
source: hand-made for the reader test
note: every part of the format once
sample: {diagnosis: AML, blasts: 0.35, sex: male, matched_normal: true, qc: WARN,
         therapy_context: less_intensive}
assessed: {structural_variants: true, genes_not_covered: [RUNX1]}
variants:
  - {gene: NPM1, hgvsp: p.W288Cfs*12, vaf: 0.4, depth: 200}
  - {gene: FLT3, type: ITD, length: 60, allelic_ratio: 0.5}
  - {gene: FLT3, type: PTD}
  - {gene: TP53, hgvsp: p.R248Q, consequence: missense_variant, vaf: 0.3,
     clinvar: Likely pathogenic, clinvar_review: "criteria provided, single submitter"}
fusions:
  - {five_prime: MLLT3, three_prime: KMT2A}
  - {rearranged: MECOM}
copy_number:
  - {event: "-7"}
  - {event: "del(5q)"}
  - {chrom: chr9, start: 21960000, end: 22000000, copy_number: 0, genes: [CDKN2A]}
karyotype: "46,XY,t(9;11)(p22;q23),-7,del(5)(q13q33),+8[18]/46,XY[2]"
germline:
  - {gene: DDX41, hgvsc: c.415_418dup, consequence: frameshift_variant, vaf: 0.5}
"""


def test_variants_become_calls_with_the_annotation_stage_hotspots(tmp_path):
    (f,) = read_findings(write(tmp_path, FULL), RES)
    npm1, itd, tp53 = f.data.variants.calls
    assert (npm1.hgvsp, npm1.consequence, npm1.protein_start, npm1.hotspot) == (
        "p.Trp288CysfsTer12",
        "frameshift",
        288,
        "HS-NPM1-EX12",
    )
    assert npm1.alt_reads == 80 and npm1.label == "NPM1 p.Trp288CysfsTer12"
    assert itd.itd and itd.itd_target == "FLT3-ITD" and itd.vaf == pytest.approx(1 / 3)
    assert tp53.clnsig == ["Likely_pathogenic"]
    assert tp53.clnrevstat == "criteria_provided,_single_submitter"
    assert "myeloid" in npm1.panels


def test_fusions_ptds_and_the_karyotype_fusion_merge(tmp_path):
    (f,) = read_findings(write(tmp_path, FULL), RES)
    by_name = {r["fusion"]: r for r in f.data.fusions}
    assert set(by_name) == {"FLT3-PTD", "KMT2A::MLLT3", "MECOM::?"}
    assert by_name["FLT3-PTD"]["known"] == "no"  # FLT3 is not a PTD gene of ptd_genes.tsv
    assert by_name["KMT2A::MLLT3"]["callers"] == "findings file; karyotype t(9;11)(p22;q23)"
    assert "named in the order of the known-fusion list" in by_name["KMT2A::MLLT3"]["note"]


def test_copy_number_rows_and_the_karyotype_rows_they_already_show(tmp_path):
    (f,) = read_findings(write(tmp_path, FULL), RES)
    events = [(r["event"], r["level"], r["type"], r["note"].split(" ")[0]) for r in f.data.events]
    assert events == [
        ("-7", "chromosome", "loss", "named"),
        ("del(5q)", "arm", "loss", "named"),
        ("del(9)(p21.3)", "focal", "loss", "segment"),
        ("+8", "chromosome", "gain", "karyotype"),  # -7 and del(5q) are not repeated
    ]


def test_karyotype_and_assessment(tmp_path):
    (f,) = read_findings(write(tmp_path, FULL), RES)
    k = f.data.karyotype
    assert k["chromosome_count"] == 46 and k["abnormality_count"] == 4
    assert any("stemline" in n for n in k["notes"])
    a = f.data.assessment
    assert isinstance(a, Assessment) and a.origin == "findings" and a.qc_status == "WARN"
    why = "coverage insufficient (assessed.genes_not_covered in the findings file)"
    assert a.not_assessed == [] and a.genes_not_covered == ["RUNX1"]
    assert a.gene("RUNX1") == why and a.gene("TP53") is None
    assert a.whole("small_variants") is None and a.whole("copy_number") is None
    assert a.to_json()["origin"] == "findings"
    assert f.info.therapy_context == "less_intensive"


def test_not_assessed_analyses_reach_the_assessment_and_the_json(tmp_path):
    text = GOOD + "assessed: {copy_number: false, structural_variants: false}\n"
    (f,) = read_findings(write(tmp_path, text), RES)
    a = f.data.assessment
    flag = "not assessed (the findings file says assessed.{}: false)"
    assert a.whole("copy_number") == flag.format("copy_number")
    assert a.whole("structural_variants") == flag.format("structural_variants")
    assert a.whole("small_variants") is None and a.whole("itd") is None
    assert a.qc_status == "missing" and not a.failed
    out = interpret_findings(f, RES)
    assert [e["analysis"] for e in out["not_assessed"]] == ["sv", "cnv"]
    assert out["karyotype"] is None and out["karyotype_detail"] == {}
    assert out["assessment"]["not_assessed"] == [
        {"analysis": "structural_variants", "reason": flag.format("structural_variants")},
        {"analysis": "copy_number", "reason": flag.format("copy_number")},
    ]
    assert out["eln2022"]["group"] == "not_assessable"


def test_without_a_karyotype_the_copy_number_events_make_one(tmp_path):
    text = GOOD + "copy_number:\n  - {event: '-7'}\n  - {event: '+8'}\n"
    (f,) = read_findings(write(tmp_path, text), RES)
    assert f.data.karyotype["karyotype"] == "46,XX,-7,+8"
    assert "translocations and inversions are not in it" in f.data.karyotype["notes"][0]


BAND_SEGMENTS = """\
copy_number:
  - {chrom: chr5, start: 105500000, end: 162000000, type: loss, copy_number: 1}
  - {chrom: chr7, start: 99500000, end: 111500000, copy_number: 1}
  - {event: "del(12)(p12.1p13.1)"}
  - {chrom: chr3, start: 60000000, end: 61000000, copy_number: 1}
"""


def test_segments_banding_sees_are_named_by_their_bands_and_counted(tmp_path):
    """A 56.5-Mb interstitial 5q loss (43% of the arm), a 12-Mb 7q loss and a named 12p
    deletion are no arm events but G-banding sees them: level band, named by their bands, in
    the karyotype and its count, read as del(5q)/del(7q)/del(12p) (karyotype.yaml
    arm_lesions); a 1-Mb loss stays focal and out of the karyotype. Issue 14."""
    (f,) = read_findings(write(tmp_path, GOOD + BAND_SEGMENTS), RES)
    events = [(r["event"], r["level"]) for r in f.data.events]
    assert events == [
        ("del(5)(q21.3q34)", "band"),
        ("del(7)(q22.1q31.1)", "band"),
        ("del(12)(p12.1p13.1)", "band"),
        ("del(3)(p14.2)", "focal"),
    ]
    k = f.data.karyotype
    assert k["karyotype"] == "46,XX,del(5)(q21.3q34),del(7)(q22.1q31.1),del(12)(p12.1p13.1)"
    assert k["abnormality_count"] == 3
    out = interpret_findings(f, RES)
    lesions = {le["id"]: le for le in out["lesions"]}
    assert {"del(5)(q21.3q34)", "del(7)(q22.1q31.1)", "del(12)(p12.1p13.1)"} <= set(lesions)
    assert out["eln2022"]["group"] == "adverse"  # del(5q); ELN names no 7q or 12p deletion
    assert out["who2022"]["entity"] == "AML, myelodysplasia-related"


def test_the_findings_and_the_workflow_judge_a_segment_with_the_same_code():
    """The findings reader's level of a segment is alwgs.cnv.events.given_level on
    alwgs.cnv.events.band_callable (one implementation, also behind segment_event)."""
    from alwgs.cnv.events import segment_event
    from alwgs.findings.copy_number import roles, segment_row

    bm = RES.bands("GRCh38")
    for chrom, start, end in (
        ("chr5", 105_500_000, 162_000_000),
        ("chr7", 99_500_000, 111_500_000),
        ("chr9", 21_900_000, 22_000_000),
        ("chr17", 0, 20_000_000),
    ):
        row = segment_row(
            {"chrom": chrom, "start": start, "end": end, "copy_number": 1}, bm, "male", RES.cnv
        )
        e = segment_event(chrom, start, end, 1, "male", bm.bands, RES.cnv, roles(bm))
        assert (row["event"], row["level"], row["start"], row["end"]) == (
            e.event,
            e.level,
            str(e.start),
            str(e.end),
        )


def test_the_interpretation_json_says_where_the_findings_came_from(tmp_path):
    path = write(tmp_path, FULL)
    (f,) = read_findings(path, RES)
    out = interpret_findings(f, RES)
    assert out["inputs"] == {"findings": "f.yaml"}
    assert out["findings"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert out["findings"]["genes_not_covered"] == ["RUNX1"]
    assert out["findings"]["note"] == "every part of the format once"
    assert out["mode"] == "paired" and out["qc"]["status"] == "WARN"
    assert [g["id"] for g in out["germline"]] == ["DDX41_germline"]
    ids = {le["id"] for le in out["lesions"]}
    assert {"NPM1_mut", "FLT3_ITD", "KMT2A::MLLT3", "MECOM::?", "-7", "del(5q)", "+8"} <= ids
    assert "CDKN2A_del" in ids and "FLT3_PTD" in ids
    assert out["eln2022"]["group"] == "adverse"


def test_a_list_of_documents_reads_every_case(tmp_path):
    text = "- " + GOOD.replace("\n", "\n  ").rstrip() + "\n"
    text += "- " + GOOD.replace("C1", "C2").replace("\n", "\n  ").rstrip() + "\n"
    docs = read_documents(write(tmp_path, text))
    assert [d.case for d in docs] == ["C1", "C2"] and [d.index for d in docs] == [0, 1]
    assert [convert(d, RES).info.sample for d in docs] == ["C1", "C2"]


def test_the_rule_context_sees_the_assessment_and_the_therapy_context(tmp_path):
    from alwgs.interpret.lesions import LesionRules, find_lesions
    from alwgs.interpret.oncogenicity import assess
    from alwgs.interpret.tiers import TierRules, tier_variants

    (f,) = read_findings(write(tmp_path, FULL), RES)
    kb = RES.kb
    assessed = assess(f.data.variants, kb.oncogenicity, f.info.diagnosis)
    tiered = tier_variants(assessed, TierRules(kb.tiers, kb.hotspots, kb.panels), f.info.diagnosis)
    rules = LesionRules(kb.tiers, kb.hotspots, kb.focal, kb.eln, kb.who_icc, kb.karyotype)
    found = find_lesions(
        tiered, f.info, f.data.fusions, f.data.events, f.data.karyotype, rules, f.data.assessment
    )
    assert found.context.assessment is f.data.assessment
    assert found.context.therapy_context == "less_intensive"


def test_the_documented_example_reads(tmp_path):
    """docs/FINDINGS.md's example document (every key of the format) is a valid findings file."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "FINDINGS.md").read_text()
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    (f,) = read_findings(write(tmp_path, example), RES)
    out = interpret_findings(f, RES)
    assert out["findings"]["source"].startswith("Döhner H et al. Blood 2022")
    assert out["findings"]["note"] == "VAF 0.46 is above the 10% of footnote ‡"
    assert out["sample"] == "ELN22-ADV-TP53-01" and out["findings"]["assessed"]["itd"] is True
