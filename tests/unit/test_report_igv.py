"""Read-review page inputs: the sites of a tumor, the gene track, and the offline igv-reports
template (igv.js inline, no CDN, no genome-list fetch)."""

from pathlib import Path

import igv_reports
import pytest
from alwgs.report.igv import (
    IGV_JS,
    external_resources,
    offline_template,
    sites,
    transcripts_bed12,
)
from report_fixtures import FUSIONS_TSV, ITD_TSV, interpretation

PACKAGE_TEMPLATE = Path(igv_reports.__file__).parent / "templates" / "variant_template.html"


def rows(lines):
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def test_sites_cover_tier_i_ii_itd_fusion_and_germline():
    interp = interpretation()
    interp["germline"] = [
        {
            "gene": "DDX41",
            "sample": "S1-N",
            "evidence": [{"chrom": "chr5", "pos": 40, "ref": "T", "hgvsc": "c.415_418dup"}],
        }
    ]
    got = sites(interp, rows(ITD_TSV), rows(FUSIONS_TSV))
    names = [s[3] for s in got]
    assert "NPM1 p.(Trp288CysfsTer12) tier I" in names
    assert "DNMT3A p.(Arg882His) tier II" in names
    assert not any(n.startswith(("ABL1", "SF3B1", "BCR ")) for n in names)  # tier III/IV
    assert ("chr13", 1999, 2060, "FLT3-ITD 60 bp") in got  # the ITD variant row is not repeated
    assert ("chr3", 49, 50, "GENEA::GENEB 5' breakpoint (GENEA)") in got
    assert ("chr5", 59, 60, "GENEA::GENEB 3' breakpoint (GENEB)") in got
    assert ("chr11", 99, 100, "KMT2A-PTD start breakpoint") in got
    assert ("chr11", 899, 900, "KMT2A-PTD end breakpoint") in got
    assert ("chr5", 39, 40, "DDX41 c.415_418dup germline (S1-N)") in got
    # the report's order: small variants, ITD, fusions, germline
    assert [n.split()[0] for n in names] == [
        "DNMT3A",
        "NPM1",
        "FLT3-ITD",
        "KMT2A-PTD",
        "KMT2A-PTD",
        "GENEA::GENEB",
        "GENEA::GENEB",
        "DDX41",
    ]


def test_sites_merge_names_at_one_locus():
    interp = interpretation(variants=[], germline=[])
    fusions = rows(
        FUSIONS_TSV[:1]
        + [
            "chr3\t50\tchr5\t60\tA\tB\tA::B\ttranslocation\tyes\tyes\tc\t.\t.\td\t1\t1\tS"
            "\tsomatic\t0\t5.00\t30.0\t0.990\tr",
            "chr3\t50\tchr5\t60\tC\tD\tC::D\ttranslocation\tyes\tyes\tc\t.\t.\td\t1\t1\tS"
            "\tsomatic\t0\t5.00\t30.0\t0.990\tr",
        ]
    )
    got = sites(interp, [], fusions)
    assert got[0] == ("chr3", 49, 50, "A::B 5' breakpoint (A); C::D 5' breakpoint (C)")
    assert sites(interpretation(variants=[], germline=[]), None, None) == []


def test_offline_template_inlines_igv_and_stops_the_genome_list(tmp_path):
    out = tmp_path / "t.html"
    offline_template(PACKAGE_TEMPLATE, out)
    text = out.read_text()
    assert external_resources(text) == []
    assert "cdn.jsdelivr" not in text
    assert IGV_JS.read_text()[:200] in text
    assert "loadDefaultGenomes: false" in text
    # the placeholders igv-reports fills are still there
    assert '"@TABLE_JSON@"' in text and '"@SESSION_DICTIONARY@"' in text


def test_offline_template_refuses_an_unknown_template(tmp_path):
    template = tmp_path / "other.html"
    template.write_text("<html><head></head><body>search: false</body></html>\n")
    with pytest.raises(ValueError, match="CDN igv.js script tag"):
        offline_template(template, tmp_path / "out.html")


def test_external_resources_finds_network_tags():
    page = (
        '<script src="https://cdn.x/igv.js"></script><link rel="stylesheet" href="http://a/b.css">'
        '<img src="data:image/png;base64,AAA"><a href="https://docs">docs</a>'
    )
    assert external_resources(page) == ["http://a/b.css", "https://cdn.x/igv.js"]


def test_transcripts_bed12():
    line = transcripts_bed12(
        [
            {
                "gene": "G",
                "transcript": "G-201",
                "chrom": "chr1",
                "strand": "-",
                "exons": "301-400,101-200",
                "cds": "151-200,301-350",
            }
        ]
    )[0].split("\t")
    assert line[:8] == ["chr1", "100", "400", "G (G-201)", "0", "-", "150", "350"]
    assert line[9:] == ["2", "100,100", "0,200"]


def test_rule_script_writes_a_placeholder_without_sites(tmp_path):
    from types import SimpleNamespace

    import report_igv

    (tmp_path / "sites.bed").write_text("")
    sm = SimpleNamespace(
        wildcards=SimpleNamespace(sample="S9-T"),
        input=SimpleNamespace(sites=str(tmp_path / "sites.bed")),
        output=[str(tmp_path / "S9-T.igv.html")],
        log=[str(tmp_path / "igv.log")],
    )
    report_igv.main(sm)
    page = (tmp_path / "S9-T.igv.html").read_text()
    assert "S9-T: read review" in page and "nothing to review" in page
    assert external_resources(page) == [] and "<script" not in page
