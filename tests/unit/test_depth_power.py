"""Depth filters from the sample's depth: binomial power, the sample's median depth, and the
LowDepth / NormalLowDepth decisions of the shipped filter file at 16x and 90x."""

import re
import shlex
import subprocess
from fractions import Fraction
from math import comb
from pathlib import Path

import pysam
import pytest
import yaml
from alwgs.variants.filters import active, bcftools_commands, header_lines, load_filters, render
from alwgs.variants.power import (
    DepthPower,
    check_parameters,
    detection_vaf,
    floor4,
    median_depth,
    min_depth,
    power,
)
from alwgs.variants.somatic import GeneIndex, annotate

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "config" / "filters" / "small_variants.yaml"
TAGS = {
    "T_DP", "T_AO", "T_VAF", "T_POWER", "N_DP", "N_AO", "N_VAF", "N_POWER", "SOMATIC_P",
    "GERMLINE_VAF", "PANEL", "POP_AF",
}  # fmt: skip


@pytest.fixture(scope="module")
def shipped():
    return load_filters(SHIPPED)


def rule(shipped, tumor_median, normal_median):
    params = check_parameters(shipped["depth_power"], "shipped")
    return DepthPower(**params, tumor_median_depth=tumor_median, normal_median_depth=normal_median)


# ---------------------------------------------------------------------------- power
def exact_power(depth, vaf, min_alt):
    """1 - P(X < min_alt) with rational arithmetic, term by term."""
    f = Fraction(vaf)
    return 1 - sum(comb(depth, k) * f**k * (1 - f) ** (depth - k) for k in range(min_alt))


def test_power_exact_values():
    # a germline het in the normal: P(>= 2 of n reads) = 1 - (1 + n) / 2^n
    assert power(4, 0.5, 2) == 0.6875
    assert power(5, 0.5, 2) == 0.8125
    assert power(10, 0.5, 2) == 1 - 11 / 1024
    # a 5% variant at 16x: 1 - 0.95^16 - 16 0.05 0.95^15 - 120 0.05^2 0.95^14
    expected = 1 - 0.95**16 - 16 * 0.05 * 0.95**15 - 120 * 0.05**2 * 0.95**14
    assert power(16, 0.05, 3) == pytest.approx(expected, rel=1e-12)
    assert power(16, 0.05, 3) == pytest.approx(0.042938, abs=1e-6)
    # a 5% variant at 90x
    expected = 1 - 0.95**90 - 90 * 0.05 * 0.95**89 - 4005 * 0.05**2 * 0.95**88
    assert power(90, 0.05, 3) == pytest.approx(expected, rel=1e-12)
    assert power(90, 0.05, 3) == pytest.approx(0.833569, abs=1e-6)


@pytest.mark.parametrize(
    "depth,vaf,min_alt",
    [(16, 0.4, 3), (30, 0.1, 3), (90, 0.05, 5), (300, 0.02, 3), (7, 0.5, 2), (3, 0.9, 3)],
)
def test_power_matches_rational_sum(depth, vaf, min_alt):
    assert power(depth, vaf, min_alt) == pytest.approx(
        float(exact_power(depth, vaf, min_alt)), rel=1e-9
    )


def test_power_edges():
    assert power(2, 0.5, 3) == 0.0  # fewer reads than the alt reads asked for
    assert power(50, 0.0, 1) == 0.0
    assert power(3, 1.0, 3) == 1.0
    assert power(0, 0.3, 0) == 1.0
    assert power(20, 0.3, 3) < power(21, 0.3, 3) < power(21, 0.31, 3)  # monotone


def test_floor4_never_rounds_up_to_the_threshold():
    assert floor4(0.79996) == 0.7999
    assert floor4(0.8) == 0.8
    assert floor4(1.0) == 1.0


def test_detection_vaf_and_min_depth():
    vaf = detection_vaf(15, 3, 0.8, 0.05)  # 0.2 x a 76x median
    assert power(15, vaf, 3) >= 0.8 > power(15, vaf - 1e-4, 3)
    assert detection_vaf(300, 3, 0.8, 0.05) == 0.05  # deep: the reporting floor binds
    assert detection_vaf(2, 3, 0.8, 0.05) == 1.0  # too few reads to ever see 3
    assert min_depth(0.5, 2, 0.8) == 5  # 0.6875 at 4 reads, 0.8125 at 5
    assert min_depth(0.05, 3, 0.8) == 85  # a 5% variant needs 85 reads for 80% power
    assert power(84, 0.05, 3) < 0.8 <= power(85, 0.05, 3)


# ---------------------------------------------------------------------------- median depth
def write_dist(path, counts, genome):
    """A mosdepth global distribution of a genome whose callable bases have the depths in
    `counts` ({depth: bases}) and whose other bases are N (depth 0)."""
    top = max(counts)
    rows = []
    for d in range(top, -1, -1):
        at_least = genome if d == 0 else sum(n for depth, n in counts.items() if depth >= d)
        rows.append(f"chr1\t{d}\t{at_least / genome:.2f}")
        rows.append(f"total\t{d}\t{at_least / genome:.2f}")
    path.write_text("\n".join(rows) + "\n")


def test_median_depth_over_callable_sequence(tmp_path):
    dist = tmp_path / "s.mosdepth.global.dist.txt"
    # 1000 bases: 200 N, 350 callable at 10x, 450 at 20x. Over the callable 800 the median is
    # 20x; over the whole genome (N counted as depth 0) it would be 10x.
    write_dist(dist, {10: 350, 20: 450}, 1000)
    assert median_depth(dist, 1000, 800) == 20
    assert median_depth(dist, 1000, 1000) == 10


def test_median_depth_errors(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("chr1\t10\n")
    with pytest.raises(ValueError, match=r"bad.txt: line 1: expected chrom, depth, fraction"):
        median_depth(bad, 100, 50)
    only_chrom = tmp_path / "chrom.txt"
    only_chrom.write_text("chr1\t1\t1.00\n")
    with pytest.raises(ValueError, match="no 'total' rows"):
        median_depth(only_chrom, 100, 50)
    with pytest.raises(ValueError, match="callable bases"):
        median_depth(only_chrom, 100, 200)


def test_median_depth_from_mosdepth(tmp_path):
    """mosdepth itself on reads of known depth: 1000-bp contig, 200 N bases, reads stacked so
    that 350 callable bases have 6 reads and 450 have 12 (duplicates and MAPQ 0 left out)."""
    seq = "ACGT" * 200 + "N" * 200
    ref = tmp_path / "ref.fa"
    ref.write_text(">chr1\n" + seq + "\n")
    pysam.faidx(str(ref))
    header = {"HD": {"VN": "1.6", "SO": "coordinate"}, "SQ": [{"SN": "chr1", "LN": 1000}]}
    reads = []
    # bases 0-349: 6 reads of 50 bp each; 350-799: 12 reads
    for start, end, depth in ((0, 350, 6), (350, 800, 12)):
        for s in range(start, end, 50):
            reads += [(s, 0)] * depth
    reads += [(0, 1024)] * 5 + [(400, 0)]  # duplicates: not counted
    bam = tmp_path / "s.bam"
    with pysam.AlignmentFile(str(bam), "wb", header=header) as out:
        for i, (s, flag) in enumerate(sorted(reads)):
            a = pysam.AlignedSegment()
            a.query_name, a.flag, a.reference_id, a.reference_start = f"r{i}", flag, 0, s
            a.mapping_quality = 0 if (s, flag) == (400, 0) and i == len(reads) - 1 else 60
            a.cigarstring = "50M"
            a.query_sequence = seq[s : s + 50]
            a.query_qualities = pysam.qualitystring_to_array("I" * 50)
            out.write(a)
    pysam.index(str(bam))
    prefix = tmp_path / "s"
    subprocess.run(
        ["mosdepth", "-n", "--fast-mode", "-Q", "20", "-f", str(ref), str(prefix), str(bam)],
        check=True,
        capture_output=True,
    )
    dist = Path(f"{prefix}.mosdepth.global.dist.txt")
    assert median_depth(dist, 1000, 800) == 12
    assert median_depth(dist, 1000, 1000) == 6  # the N run would pull the median down


# ---------------------------------------------------------------------------- parameters
def test_shipped_parameters(shipped):
    params = check_parameters(shipped["depth_power"], "shipped")
    assert params["reporting_vaf"] == 0.05 and params["min_power"] == 0.8
    # the power counts the alt reads freebayes needs to make a call at all
    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
    found = re.search(r"--min-alternate-count (\d+)", config["small_variants"]["freebayes"])
    assert int(found.group(1)) == params["min_alt_reads"]
    # LowAltReads and NormalSupport count the same reads as the power
    by_name = {f["name"]: f for f in shipped["filters"]}
    assert by_name["LowAltReads"]["expression"] == "INFO/T_AO<{min_alt_reads}"
    assert "INFO/N_AO>={normal_min_alt_reads}" in by_name["NormalSupport"]["expression"]
    assert "T_DP" not in by_name["LowDepth"]["expression"]  # no fixed depth floor


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("min_power", 1.5, r"field 'min_power' must be in \(0.0, 1.0\]"),
        ("min_alt_reads", 2.5, "field 'min_alt_reads' must be a whole number"),
        ("reporting_vaf", "5%", "field 'reporting_vaf' must be a number"),
        ("dropout_fraction", None, "field 'dropout_fraction' must be a number"),
    ],
)
def test_parameter_errors_name_the_field(tmp_path, field, value, message):
    doc = yaml.safe_load(SHIPPED.read_text())
    doc["depth_power"][field] = value
    path = tmp_path / "filters.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    with pytest.raises(ValueError, match=message):
        load_filters(path)


def test_unknown_placeholder_is_an_error(tmp_path):
    doc = yaml.safe_load(SHIPPED.read_text())
    doc["filters"][0]["expression"] = "INFO/T_POWER<{min_powr}"
    path = tmp_path / "filters.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    with pytest.raises(ValueError, match=r"filters\[0\]: field 'expression' names an unknown"):
        load_filters(path)
    del doc["depth_power"]
    doc["filters"][0]["expression"] = "INFO/T_POWER<{min_power}"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    with pytest.raises(ValueError, match="missing top-level field 'depth_power'"):
        load_filters(path)


# ---------------------------------------------------------------------------- decisions
VCF_HEADER = """\
##fileformat=VCFv4.2
##contig=<ID=chr1,length=100000>
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">
"""


def filter_chain(tmp_path, shipped, depth, rows):
    """annotate() then the shipped paired filters, as scripts/somatic_filter.py runs them;
    rows are (id, tumor AD, normal AD). Returns ({id: FILTER set}, {FILTER: description},
    header text)."""
    vcf = tmp_path / "in.vcf"
    lines = [VCF_HEADER + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\tNORMAL"]
    for i, (name, t_ad, n_ad) in enumerate(rows):
        lines.append(
            f"chr1\t{100 * (i + 1)}\t{name}\tA\tG\t50\t.\t.\tGT:AD\t0/1:{t_ad}\t0/0:{n_ad}"
        )
    vcf.write_text("\n".join(lines) + "\n")
    evidence = str(tmp_path / "evidence.vcf.gz")
    annotate(str(vcf), evidence, "TUMOR", "NORMAL", None, GeneIndex([]), depth=depth)
    chosen = render(active(shipped, "paired", TAGS), depth.values())
    hdr = tmp_path / "filters.hdr"
    hdr.write_text("\n".join(header_lines(chosen) + [depth.header_line()]) + "\n")
    out = tmp_path / "out.vcf"
    steps = [f"bcftools annotate -h {hdr} {evidence} -Ou"]
    steps += [shlex.join([*cmd, "-"]) for cmd in bcftools_commands(chosen)]
    steps.append(f"bcftools view -Ov -o {out}")
    subprocess.run(["bash", "-o", "pipefail", "-c", " | ".join(steps)], check=True)
    with pysam.VariantFile(str(out)) as result:
        filters = {r.id: set(r.filter.keys()) for r in result}
        descriptions = {k: v.description for k, v in result.header.filters.items()}
        text = str(result.header)
    return filters, descriptions, text


def test_decisions_at_16x(tmp_path, shipped):
    """A ~16x tumor with a ~8x normal: no fixed floor of 20 reads; a site fails only when it
    cannot show the calling minimum, and the normal only when it cannot show a het."""
    depth = rule(shipped, 16, 8)
    assert depth.values()["tumor_min_depth"] == 3 and depth.values()["normal_min_depth"] == 5
    filters, _, _ = filter_chain(
        tmp_path,
        shipped,
        depth,
        [
            ("vaf40_6reads", "9,6", "8,0"),  # 40% with 6 reads at 15x: passes
            ("vaf25_3reads", "9,3", "6,0"),  # 3 of 12 reads: the calling minimum, passes
            ("thin_site", "0,2", "7,0"),  # 2 reads: cannot show 3 alt reads
            ("thin_normal", "10,5", "4,0"),  # normal 4 reads: 0.69 power to see a het
            ("normal_at_5", "10,5", "5,0"),  # normal 5 reads: 0.81, enough
            ("germline", "8,7", "3,3"),  # the normal's reads show the het
        ],
    )
    assert filters["vaf40_6reads"] == {"PASS"}
    assert filters["vaf25_3reads"] == {"PASS"}
    assert filters["thin_site"] == {"LowDepth", "LowAltReads"}
    assert filters["thin_normal"] == {"NormalLowDepth"}
    assert filters["normal_at_5"] == {"PASS"}
    assert "NormalSupport" in filters["germline"]


def test_decisions_at_90x(tmp_path, shipped):
    """A ~90x tumor with a ~30x normal: a 5% variant with 3 reads passes; a site far below the
    sample's depth (a dropout) fails LowDepth even with many alt reads."""
    depth = rule(shipped, 90, 30)
    v = depth.values()
    assert v["tumor_min_depth"] == 18 and v["tumor_detection_vaf"] == pytest.approx(0.223)
    filters, _, _ = filter_chain(
        tmp_path,
        shipped,
        depth,
        [
            ("vaf5_3reads", "57,3", "30,0"),  # 5% of 60 reads
            ("vaf2_2reads", "88,2", "30,0"),  # below the calling minimum and the VAF floor
            ("dropout", "9,8", "30,0"),  # 17 reads where the sample has 90
            ("at_min_depth", "10,8", "30,0"),  # 18 reads: power 0.80
        ],
    )
    assert filters["vaf5_3reads"] == {"PASS"}
    assert filters["vaf2_2reads"] == {"LowAltReads", "LowVAF"}
    assert filters["dropout"] == {"LowDepth"}
    assert filters["at_min_depth"] == {"PASS"}


def test_header_names_the_rule_and_its_numbers(tmp_path, shipped):
    depth = rule(shipped, 90, 30)
    _, descriptions, text = filter_chain(tmp_path, shipped, depth, [("x", "15,5", "6,0")])
    low = descriptions["LowDepth"]
    for part in (
        "under 0.8 power",
        ">= 3 alt reads",
        "at VAF 0.223",
        "0.2 x the tumor median depth 90",
        "reporting floor 0.05",
        "tumor depth below 18",
    ):
        assert part in low, part
    normal = descriptions["NormalLowDepth"]
    for part in ("germline heterozygous allele (VAF 0.5)", ">= 2 alt reads", "below 5", "30"):
        assert part in normal, part
    assert descriptions["LowAltReads"].startswith("Fewer than 3 tumor reads")
    assert "##alwgs_depth_power=<" in text and "tumor_median_depth=90" in text
    assert "##INFO=<ID=T_POWER," in text and "##INFO=<ID=N_POWER," in text
    with pysam.VariantFile(str(tmp_path / "out.vcf")) as result:
        rec = next(iter(result))
        # stored as VCF floats (32 bits): 20 tumor reads at VAF 0.223, 6 normal reads at 0.5
        assert rec.info["T_POWER"] == pytest.approx(floor4(power(20, 0.223, 3)), rel=1e-6)
        assert rec.info["N_POWER"] == pytest.approx(floor4(1 - 7 / 64), rel=1e-6)


def test_render_needs_every_value(shipped):
    depth = rule(shipped, 40, None)
    values = depth.values()
    assert "normal_median_depth" not in values
    tumor_only = render(active(shipped, "tumor_only", TAGS), values)  # no normal needed
    assert tumor_only[0]["expression"] == "INFO/T_POWER<0.8"
    with pytest.raises(ValueError, match=r"NormalLowDepth: no value for \{normal_median_depth\}"):
        render(active(shipped, "paired", TAGS), values)


def test_annotate_without_a_depth_rule_writes_no_power(tmp_path):
    vcf = tmp_path / "in.vcf"
    vcf.write_text(
        VCF_HEADER + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\tNORMAL\n"
        "chr1\t100\tx\tA\tG\t50\t.\t.\tGT:AD\t0/1:10,5\t0/0:8,0\n"
    )
    out = str(tmp_path / "out.vcf.gz")
    annotate(str(vcf), out, "TUMOR", "NORMAL", None, GeneIndex([]))
    with pysam.VariantFile(out) as result:
        assert "T_POWER" not in result.header.info and "N_POWER" not in result.header.info
        rec = next(iter(result))
        assert rec.info["T_DP"] == 15 and "T_POWER" not in rec.info
