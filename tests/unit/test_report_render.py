"""The report rendered: one self-contained HTML page (no script, nothing fetched, plot as a data
URI, sections in the issue's order), the same as an A4 PDF, and the JSON for a LIMS; a QC FAIL
banner on top and a sample without reportable findings both render and say so."""

import html as html_lib
import json
import re
import shutil
import subprocess

import pytest
from alwgs.report.context import build_context
from alwgs.report.render import render_html, write_json, write_pdf
from report_fixtures import META, SETTINGS, interpretation, qc_gate, write_batch

HEADINGS = [
    "1. Sample and analysis",
    "2. Quality control",
    "3. Summary",
    "4. Small variants",
    "5. FLT3-ITD and other tandem duplications",
    "6. Fusions and structural variants",
    "7. Copy number and karyotype",
    "8. Germline findings",
    "9. Regions and genes with insufficient coverage",
    "10. Methods",
    "11. Limitations",
    "12. Review and sign-off",
]


def page(tmp_path, interp=None, **override):
    inputs = write_batch(tmp_path, interp, **override)
    ctx = build_context(inputs, SETTINGS, META)
    return ctx, render_html(ctx, inputs.cnv_plot)


def text_of(html):
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_page_is_self_contained_and_ordered(tmp_path):
    _, html = page(tmp_path)
    assert "<script" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert 'src="data:image/png;base64,' in html
    assert "<style>" in html and "@page" in html
    text = text_of(html)
    positions = [text.find(h) for h in HEADINGS]
    assert -1 not in positions and positions == sorted(positions)
    for shown in ("Adverse", "NPM1", "p.(Trp288CysfsTer12)", "FLT3-ITD", "KMT2A-PTD", "45,XY,-7"):
        assert shown in text, shown
    assert "None" not in text.split()
    assert 'href="S1-T.igv.html"' in html
    # The ITD's ratio with its interval and fragment counts, ScanITD's AF and the disagreement.
    assert "0.42 (95% CI 0.25–0.70; 20 ITD / 48 wild-type fragments)" in text
    assert "ScanITD AF 0.140 differs from the fragment VAF 0.296 by 0.156" in text
    # each PTD/fusion row says what the matched normal's reads showed
    assert "somatic (0 of 6.20 expected supporting fragments in the normal, power 0.985)" in text
    assert "somatic status not assessable: 0 supporting fragment(s) in the normal" in text
    assert "germline SVs" not in text
    assert (
        "Somatic status from the matched normal's reads: 1 somatic, 1 germline, 1 not assessable."
        in text
    )


def test_qc_fail_banner_is_on_top(tmp_path):
    ctx, html = page(
        tmp_path, interpretation(status="provisional (QC FAIL)"), qc_tumor=qc_gate("S1-T", "FAIL")
    )
    text = text_of(html)
    banner = text.find("QC FAIL for S1-T")
    assert 0 <= banner < text.find("1. Sample and analysis")
    assert "Report provisional (QC FAIL)" in text
    assert 'class="banner banner-fail"' in html


def test_no_reportable_lesion_says_so(tmp_path):
    interp = interpretation(lesions=[], variants=[], who_icc_concordant=True)
    interp["who2022"] = {"entity": None, "lesions": []}
    empty = {
        "itd": [
            "sample\ttarget\tchrom\tpos\tlength\tinsertion_seq\titd_fragments\twt_fragments\tspanning_fragments\tvaf\tvaf_ci_low\tvaf_ci_high\tallelic_ratio\tar_ci_low\tar_ci_high\titd_records\tsequence_duplicates\titd_evidence\tdetected_by\tscanitd_af\tscanitd_vaf_difference\tnote"
        ],
        "fusions": [
            "chrom1\tpos1\tchrom2\tpos2\tgene5\tgene3\tfusion\tevent\tknown\torientation_ok\tmechanism\tdisease\tsource\tcallers\tsplit_reads\tpaired_reads\tsv_ids"
        ],
    }
    _, html = page(tmp_path, interp, **empty)
    text = text_of(html)
    assert "No reportable lesion was found" in text
    for tier in ("I", "II", "III"):
        assert f"No tier {tier} variant." in text
    assert "FLT3-ITD: not detected" in text and "No gene fusion detected." in text
    assert "No entity assigned" in text


def test_missing_inputs_render_not_assessed(tmp_path):
    _, html = page(
        tmp_path,
        itd=None,
        fusions=None,
        events=None,
        coverage_tumor=None,
        versions=None,
        cnv_plot=None,
    )
    text = text_of(html)
    assert "FLT3-ITD: not assessed" in text
    assert "Not assessed (the structural-variant result is missing)." in text
    assert "Copy-number events not assessed" in text and "Copy-number plot not available." in text
    assert "Coverage not assessed" in text and "Tool versions not available." in text


def test_not_assessable_event_renders_as_such(tmp_path):
    note = "13 not assessable: 6,500 callable bp, below cnv.min_callable_bp (7,000,000)"
    events = [
        "chrom\tstart\tend\tcopy_number\tevent\tlevel\ttype\tarm\tgenes\tlog2\tbaf\tbins"
        "\tsv_support\tcallable_bp\tnote",
        f"chr13\t0\t6500\t3\tgain(13)\tnot_assessable\tgain\tq\t.\t0.58\t.\t9\t.\t6500\t{note}",
    ]
    karyotype = {"karyotype": "46,XX", "not_assessable": [{"region": "13"}]}
    _, html = page(tmp_path, events=events, karyotype=karyotype)
    text = text_of(html)
    assert f"gain(13) not assessable {note}" in text and "not a lesion" in text
    assert "the karyotype says nothing about them): 13." in text


def test_each_karyotype_abnormality_shows_its_bands_and_how_it_was_counted(tmp_path):
    events = [
        "chrom\tstart\tend\tcopy_number\tevent\tlevel\ttype\tarm\tgenes\tlog2\tbaf\tbins"
        "\tsv_support\tcallable_bp\tnote",
        "chr6\t131020001\t170805979\t1\tdel(6)(q23.2)\tband\tloss\tq\t.\t-1.0\t.\t398\tSV7\t.\t.",
        "chr8\t0\t145138636\t3\t+8\tchromosome\tgain\tpq\t.\t0.58\t.\t1452\t.\t145138636\t.",
        "chr10\t100480001\t133797422\t3\tdup(10)(q24.31)\tband\tgain\tq\t.\t0.58\t.\t334\tSV7\t.\t.",
    ]
    der = (
        "1 (unbalanced derivative der(6)t(6;10): loss of 6q23.2\u21926qter and gain of"
        " 10q24.31\u219210qter; one abnormality, not one per chromosome arm it changes)"
    )
    karyotype = {
        "karyotype": "47,XX,der(6)t(6;10)(q23.2;q24.31),+8",
        "chromosome_count": 47,
        "abnormality_count": 2,
        "complex": False,
        "complex_reason": "2 abnormalities, fewer than 3",
        "abnormalities": [
            {
                "id": "der(6)t(6;10)(q23.2;q24.31)",
                "kind": "structural",
                "type": "derivative",
                "bands": "q23.2;q24.31",
                "changes": ["loss of 6q23.2\u21926qter", "gain of 10q24.31\u219210qter"],
                "count": 1,
                "counted_as": der,
            },
            {
                "id": "+8",
                "kind": "numerical",
                "type": "gain",
                "bands": "",
                "changes": [],
                "count": 1,
                "counted_as": "1 (numerical: gain of one chromosome 8)",
            },
        ],
    }
    ctx, html = page(tmp_path, events=events, karyotype=karyotype)
    text = text_of(html)
    assert "Karyotype abnormality Type Bands Counted as (ISCN)" in text
    assert "der(6)t(6;10)(q23.2;q24.31) derivative loss of 6q23.2\u21926qter" in text
    assert f"q23.2;q24.31 {der}" in text
    assert "+8 gain whole chromosome 1 (numerical: gain of one chromosome 8)" in text
    assert "complex karyotype: no (2 abnormalities, fewer than 3)" in text
    assert ctx["copy_number"]["abnormalities"][0]["counted_as"] == der
    assert "del(6)(q23.2) band loss" in text


def test_json_is_the_context(tmp_path):
    ctx, _ = page(tmp_path)
    write_json(ctx, tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text())
    assert data == json.loads(json.dumps(ctx))
    assert data["summary"]["eln2022"]["group"] == "adverse"
    assert data["signoff"]["reviewed_by"] is None
    npm1 = data["small_variants"]["tiers"][0]["rows"][0]
    assert (npm1["oncogenicity"], npm1["oncogenicity_codes"]) == (
        "likely oncogenic",
        "OS2 +4, OM1 +2, OP4 +1 = 7 points",
    )


def test_small_variant_table_prints_the_oncogenicity_codes(tmp_path):
    _, html = page(tmp_path)
    text = text_of(html)
    assert "Oncogenicity" in text and "Horak et al. 2022" in text
    assert "likely oncogenic OS2 +4, OM1 +2, OP4 +1 = 7 points" in text


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_has_the_same_content_on_a4_pages(tmp_path):
    ctx, html = page(tmp_path, qc_tumor=qc_gate("S1-T", "FAIL"))
    pdf = tmp_path / "r.pdf"
    write_pdf(html, pdf)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d* x 841\.\d*", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 3
    text = re.sub(
        r"\s+",
        " ",
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout,
    )
    assert "QC FAIL for S1-T" in text and "Adverse" in text and "KMT2A-PTD" in text
    assert f"Page 1 of {pages}" in text and "S1-T (S1)" in text  # running header and footer


def test_methods_print_the_bundle_id_and_databases_left_out(tmp_path):
    inputs = write_batch(tmp_path)
    bundle = "sha256:" + "0f" * 32
    meta = {**META, "reference": {**META["reference"], "bundle_id": bundle}}
    meta["databases"] = {"panel_of_normals": "", "identity_sites": ""}
    ctx = build_context(inputs, SETTINGS, meta)
    text = text_of(render_html(ctx, inputs.cnv_plot))
    assert f"Reference bundle {bundle}" in text
    assert "panel of normals not used (not configured) none" in text
    write_json(ctx, tmp_path / "r.json")
    saved = json.loads((tmp_path / "r.json").read_text())
    assert saved["methods"]["reference"]["bundle_id"] == bundle


def test_eln2024_and_not_assessable_render_with_their_labels(tmp_path):
    interp = interpretation()
    interp["eln2022"] = {
        **interp["eln2022"],
        "group": "not_assessable",
        "decided_by": [],
        "reason": "Not assessable: the group could be favorable or adverse; inputs not assessed:"
        " TP53 mutation: TP53 not assessable (coverage insufficient)",
    }
    interp["eln2024"] = {
        "guideline": "ELN 2024 (less-intensive therapy)",
        "year": 2024,
        "group": "not_applicable",
        "rule_id": "ELN24-PRIOR-HMA",
        "reason": "does not apply after prior hypomethylating-agent therapy",
        "decided_by": [],
        "notes": [],
        "exceptions": [],
    }
    interp["assessment"] = {"qc_status": "PASS", "not_assessed": [], "genes_not_covered": ["TP53"]}
    _, html = page(tmp_path, interp)
    text = text_of(html)
    assert "ELN 2022: Not assessable" in text
    assert "ELN 2024 (less-intensive therapy): Not applicable" in text
    assert "ELN 2024 (less-intensive therapy) genetic risk" in text
    assert "TP53 not assessable (coverage insufficient)" in text
    assert "Not assessable for the classifications: panel genes not assessable: TP53" in text


def test_tumor_only_rows_show_germline_or_somatic_with_its_probability(tmp_path):
    interp = interpretation(mode="tumor_only", matched_normal=None)
    classes = {"NPM1": ("somatic", 0.0004), "DNMT3A": ("uncertain", 0.71)}
    for v in interp["variants"]:
        if v.get("gene") in classes and not v.get("itd_target"):
            v["germline_class"], v["germline_p"] = classes[v["gene"]]
    ctx, html = page(tmp_path, interp)
    rows = [row for t in ctx["small_variants"]["tiers"] for row in t["rows"]]
    shown = {row["origin_text"] for row in rows}
    assert "somatic (P germline < 0.01)" in shown and "uncertain (P germline 0.71)" in shown
    text = html_lib.unescape(text_of(html))
    assert "Germline or somatic" in text and "Normal VAF" not in text
    assert "somatic (P germline < 0.01)" in text
    # paired reports keep the normal's VAF column and no class
    _, paired = page(tmp_path / "paired")
    assert "Normal VAF" in text_of(paired) and "Germline or somatic" not in text_of(paired)
