"""Germline filters of config/filters/germline.yaml applied by bcftools (alwgs.variants.
germline_filter) to hand-made records of a 30x normal, each built to fail one filter (or
none); the median depth read from a mosdepth distribution; malformed filter files."""

from __future__ import annotations

from pathlib import Path

import pysam
import pytest
from alwgs.variants.germline_filter import (
    apply_filters,
    expressions,
    load_germline_filters,
    median_depth,
)
from alwgs.variants.repeat_context import HEADER

CONFIG = Path(__file__).resolve().parents[2] / "config" / "filters" / "germline.yaml"

_HEAD = [
    "##fileformat=VCFv4.2",
    "##contig=<ID=c1,length=100000>",
    '##INFO=<ID=MQ,Number=1,Type=Integer,Description="Mean mapping quality">',
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">',
    '##FORMAT=<ID=SP,Number=1,Type=Integer,Description="Phred strand bias P-value">',
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
    *HEADER,
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tN",
]

# (pos, ref, alt, qual, MQ, GT, DP, SP, AD ref, AD alt, repeat, the filters it must fail)
RECORDS = [
    (100, "A", "G", 200, 60, "0/1", 30, 0, 15, 15, "none", set()),
    (200, "A", "G", 19, 60, "0/1", 9, 0, 5, 4, "none", {"LowQual"}),
    (300, "A", "G", 50, 60, "0/1", 30, 0, 15, 15, "none", {"LowQualByDepth"}),
    (400, "A", "G", 200, 30, "0/1", 30, 0, 15, 15, "none", {"LowMappingQuality"}),
    (500, "A", "G", 60, 60, "0/1", 6, 0, 3, 3, "none", {"LowDepth"}),
    (600, "A", "G", 300, 60, "0/1", 60, 0, 30, 30, "none", {"HighDepth"}),
    (700, "A", "G", 200, 60, "0/1", 30, 70, 15, 15, "none", {"StrandBiasSNV"}),
    (800, "AT", "A", 200, 60, "0/1", 30, 70, 15, 15, "none", set()),  # indel: SP 70 is fine
    (900, "AT", "A", 200, 60, "0/1", 30, 210, 15, 15, "none", {"StrandBiasIndel"}),
    (1000, "A", "G", 70, 60, "0/1", 30, 0, 26, 4, "none", {"HetAlleleBalance"}),
    (1100, "AT", "A", 100, 60, "0/1", 30, 0, 22, 8, "homopolymer", {"RepeatIndelLowFraction"}),
    (1200, "AT", "A", 100, 60, "0/1", 30, 0, 22, 8, "str", {"RepeatIndelLowFraction"}),
    (1300, "AT", "A", 100, 60, "0/1", 30, 0, 22, 8, "none", set()),  # not in a repeat
    (1400, "AT", "A", 200, 60, "0/1", 30, 0, 16, 14, "homopolymer", set()),  # a real het
    (1500, "A", "G", 200, 60, "1/1", 30, 0, 0, 30, "none", set()),
    (1600, "A", "G", 15, 30, "0/1", 30, 0, 27, 3, "none",
     {"LowQual", "LowQualByDepth", "LowMappingQuality", "HetAlleleBalance"}),
]  # fmt: skip


def _vcf(path: Path) -> None:
    lines = list(_HEAD)
    for pos, ref, alt, qual, mq, gt, dp, sp, ar, aa, rep, _ in RECORDS:
        info = f"MQ={mq};HRUN={8 if rep == 'homopolymer' else 1};STR_UNIT=.;STR_LEN=0;REPEAT={rep}"
        fmt = f"{gt}:{dp}:{sp}:{ar},{aa}"
        lines.append(f"c1\t{pos}\t.\t{ref}\t{alt}\t{qual}\t.\t{info}\tGT:DP:SP:AD\t{fmt}")
    path.write_text("\n".join(lines) + "\n")


def test_each_filter_decides_on_its_own_record(tmp_path):
    src = tmp_path / "calls.vcf"
    _vcf(src)
    out = tmp_path / "filtered.vcf.gz"
    doc = load_germline_filters(CONFIG)
    apply_filters(src, out, doc, 30.0)
    with pysam.VariantFile(str(out)) as vf:
        got = {r.pos: set(r.filter.keys()) - {"PASS"} for r in vf}
        described = set(vf.header.filters.keys())
        applied = [r for r in vf.header.records if r.key == "alwgs_germline_filters"]
    assert got == {r[0]: r[-1] for r in RECORDS}
    # Every filter of the file was exercised and declared in the header.
    names = {f["name"] for f in doc["filters"]}
    assert names <= set().union(*(r[-1] for r in RECORDS))
    assert names <= described
    assert [str(r).strip() for r in applied] == [
        f"##alwgs_germline_filters=<file=germline.yaml,version={doc['version']},median_depth=30>"
    ]


def test_depth_limits_follow_the_median_depth():
    doc = load_germline_filters(CONFIG)
    at30 = dict(expressions(doc, 30.0))
    at90 = dict(expressions(doc, 90.0))
    assert at30["LowDepth"] == "FORMAT/DP<0.25*30"
    assert at90["LowDepth"] == "FORMAT/DP<0.25*90"
    assert at90["HighDepth"] == "FORMAT/DP>90+4*9.487"


def test_median_depth_from_mosdepth_distribution(tmp_path):
    dist = tmp_path / "n.mosdepth.global.dist.txt"
    # Fractions of bases covered at least that deep; half the genome is covered >= 29x.
    rows = [("c1", 31, 0.2), ("total", 31, 0.3), ("total", 30, 0.45), ("total", 29, 0.55)]
    rows += [("total", d, 0.6 + d / 100) for d in range(28, -1, -1)]
    dist.write_text("".join(f"{c}\t{d}\t{f}\n" for c, d, f in rows))
    assert median_depth(dist) == 29.0
    bad = tmp_path / "bad.txt"
    bad.write_text("c1\t10\t0.5\n")
    with pytest.raises(ValueError, match="no 'total' rows"):
        median_depth(bad)


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda f: f.pop("source"), r"filters\[0\]: missing field 'source'"),
        (lambda f: f.update(name="PASS"), "not a valid FILTER ID"),
        (lambda f: f.update(expression="DP<{mean_depth}"), "unknown value"),
        (
            lambda f: f.update(description='say "x"'),
            r"filters\[0\]: field 'description' may not contain double quotes",
        ),
    ],
)
def test_malformed_filter_files_are_named(tmp_path, edit, message):
    import yaml

    doc = yaml.safe_load(CONFIG.read_text())
    edit(doc["filters"][0])
    path = tmp_path / "germline.yaml"
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(ValueError, match=message):
        load_germline_filters(path)


def test_germline_filter_names_are_used_once(tmp_path):
    import yaml

    doc = yaml.safe_load(CONFIG.read_text())
    assert len(doc["filters"]) >= 2 and all("modes" not in f for f in doc["filters"])
    doc["filters"][1]["name"] = doc["filters"][0]["name"]
    path = tmp_path / "germline.yaml"
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(ValueError, match=r"filters\[1\]: field 'name' .* is used twice"):
        load_germline_filters(path)
