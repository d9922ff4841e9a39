"""Readers of the report: knowledge-file versions, VCF header notes, the reference digest,
the pipeline version, and the names a clinician reads for lesions."""

import gzip
from pathlib import Path

import pytest
from alwgs.report.inputs import (
    knowledge_version,
    pipeline_version,
    read_tsv,
    reference_summary,
    vcf_header_lines,
    vcf_record_count,
)
from alwgs.report.labels import lesion_label, pct
from alwgs.report.methods import method_steps


def test_knowledge_version_yaml_tsv_and_none(tmp_path):
    (tmp_path / "a.yaml").write_text("version: 2026.11-1\nrules: []\n")
    (tmp_path / "b.tsv").write_text("# a comment\n# version: 7\ngene\tx\n")
    (tmp_path / "c.tsv").write_text(
        "gene\tx\n# version: 9\n"
    )  # after the header: not a version line
    assert knowledge_version(tmp_path / "a.yaml") == "2026.11-1"
    assert knowledge_version(tmp_path / "b.tsv") == "7"
    assert knowledge_version(tmp_path / "c.tsv") is None
    assert knowledge_version(tmp_path / "missing.yaml") is None
    assert knowledge_version(None) is None


def test_a_byte_identical_table_states_its_version_in_its_provenance_file():
    shipped = Path(__file__).resolve().parents[2] / "config/reference/cytobands.GRCh38.tsv"
    assert knowledge_version(shipped) == "UCSC hg38 cytoBand via bioframe 0.8.0"


def test_read_tsv_skips_comments_and_missing_is_none(tmp_path):
    (tmp_path / "t.tsv").write_text("# note\na\tb\n1\t2\n")
    assert read_tsv(tmp_path / "t.tsv") == [{"a": "1", "b": "2"}]
    assert read_tsv(tmp_path / "nope.tsv") is None


def test_vcf_header_lines_and_records(tmp_path):
    vcf = tmp_path / "x.vcf.gz"
    with gzip.open(vcf, "wt") as fh:
        fh.write(
            '##fileformat=VCFv4.2\n##alwgs_sv_note="a b"\n##alwgs_sv_note="c"\n#CHROM\n1\t2\n1\t3\n'
        )
    assert vcf_header_lines(vcf, "alwgs_sv_note") == ['"a b"', '"c"']
    assert vcf_record_count(vcf) == 2
    assert vcf_header_lines(None, "x") == [] and vcf_record_count(tmp_path / "none.vcf") is None


def test_reference_digest_ignores_dictionary_order(tmp_path):
    a, b = tmp_path / "a.dict", tmp_path / "b.dict"
    a.write_text("@HD\tVN:1.0\n@SQ\tSN:chr1\tLN:10\tM5:x1\n@SQ\tSN:chr2\tLN:5\tM5:x2\n")
    b.write_text("@HD\tVN:1.0\n@SQ\tSN:chr2\tLN:5\tM5:x2\n@SQ\tSN:chr1\tLN:10\tM5:x1\n")
    fai = tmp_path / "g.fai"
    fai.write_text("chr1\t10\t0\t60\t61\nchr2\t5\t20\t60\t61\n")
    ra, rb = reference_summary(fai, a), reference_summary(None, b)
    assert ra["digest"] == rb["digest"] and len(ra["digest"]) == 32
    assert (ra["sequences"], ra["bases"]) == (2, 15) and rb["sequences"] is None
    b.write_text("@SQ\tSN:chr1\tLN:10\tM5:other\n")
    assert reference_summary(None, b)["digest"] != ra["digest"]


def test_pipeline_version(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "alwgs"\nversion = "1.2.3"\n')
    assert pipeline_version(tmp_path).startswith("1.2.3 (commit ")


@pytest.mark.parametrize(
    "lesion, label",
    [
        (
            {
                "id": "NPM1_mut",
                "kind": "mutation",
                "evidence": [{"source": "small_variants", "gene": "NPM1", "hgvsp": "p.(W288fs)"}],
            },
            "NPM1 p.(W288fs)",
        ),
        (
            {
                "id": "TP53_mut",
                "kind": "mutation",
                "evidence": [
                    {"source": "small_variants", "gene": "TP53", "hgvsp": "", "hgvsc": "c.1A>G"}
                ],
            },
            "TP53 c.1A>G",
        ),
        ({"id": "FLT3_ITD", "kind": "itd", "evidence": []}, "FLT3-ITD"),
        ({"id": "KMT2A_PTD", "kind": "ptd", "evidence": []}, "KMT2A-PTD"),
        (
            {"id": "IKZF1_del", "kind": "focal_deletion", "evidence": [{"event": "del(7)(p12.2)"}]},
            "IKZF1 deletion (del(7)(p12.2))",
        ),
        ({"id": "complex_karyotype", "kind": "karyotype", "evidence": []}, "Complex karyotype"),
        ({"id": "high_hyperdiploidy", "kind": "ploidy", "evidence": []}, "High hyperdiploidy"),
        ({"id": "PML::RARA", "kind": "fusion", "evidence": []}, "PML::RARA"),
        ({"id": "del(5q)", "kind": "cna", "evidence": []}, "del(5q)"),
    ],
)
def test_lesion_label(lesion, label):
    assert lesion_label(lesion) == label


def test_pct():
    assert (pct(0.3714), pct(None), pct(0.8, 0)) == ("37.1%", "not available", "80%")


def test_method_steps_take_the_config_values():
    steps = method_steps(
        {
            "small_variants": {
                "freebayes": "--min-alternate-fraction 0.05 --min-alternate-count 4",
                "depth_guard": {"max_depth_x_median": 20, "exclude_bed": "/refs/black.bed"},
            },
            "itd": {"min_vaf": 0.02, "targets": [{"name": "FLT3-ITD"}]},
            "sv": {"callers": ["delly"], "merge_distance": 300, "min_supporting_reads": 6},
            "report": {"coverage": {"tumor_min_depth": 25, "normal_min_depth": 12}},
        }
    )
    text = " ".join(steps)
    assert "minimum alternate fraction 0.05, minimum 4 alternate reads" in text
    assert (
        "regions whose depth exceeds 20x the sample's median or in the configured exclusion "
        "BED not called, and sites above that depth skipped)" in text
    )
    assert "targets FLT3-ITD (minimum VAF 0.02;" in text and "delly, merged within 300 bp" in text
    assert "floors tumor 25x, normal 12x" in text


def test_method_steps_name_only_the_databases_the_config_gives():
    configured = " ".join(
        method_steps(
            {"databases": {"clinvar": "/refs/clinvar.vcf.gz", "population_af": "af.vcf.gz"}}
        )
    )
    assert "on the preferred transcript, ClinVar, population AF and hotspots." in configured
    left_out = " ".join(method_steps({"databases": {"clinvar": "", "population_af": None}}))
    assert "ClinVar, population AF and" not in left_out
    assert (
        "on the preferred transcript and hotspots (ClinVar and population AF: not configured)."
        in left_out
    )
    assert "(population AF: not configured)" in " ".join(
        method_steps({"databases": {"clinvar": "clinvar.vcf.gz"}})
    )
