"""Filters as data: the shipped filter file, its validation, and the bcftools soft filters."""

import shlex
import subprocess
from pathlib import Path

import pysam
import pytest
import yaml
from alwgs.pon.panel import INFO_LINES as PON_HEADER
from alwgs.variants.filters import (
    active,
    bcftools_commands,
    header_lines,
    load_filters,
    render,
)
from alwgs.variants.power import HEADER as POWER_HEADER
from alwgs.variants.power import DepthPower, check_parameters, floor4
from alwgs.variants.repeat_context import HEADER as REPEAT_HEADER
from alwgs.variants.somatic import HEADER as EVIDENCE_HEADER

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "config" / "filters" / "small_variants.yaml"
ALL_TAGS = {
    "T_DP", "T_AO", "T_VAF", "N_DP", "N_AO", "N_VAF", "SOMATIC_P", "GERMLINE_VAF", "GERMLINE_P",
    "PANEL", "POP_AF", "T_POWER", "N_POWER", "HRUN", "STR_LEN", "REPEAT",
}  # fmt: skip


@pytest.fixture(scope="module")
def shipped():
    return load_filters(SHIPPED)


# ---------------------------------------------------------------------------- load_filters
def test_shipped_file_loads(shipped):
    names = [f["name"] for f in shipped["filters"]]
    assert len(names) == len(set(names)) >= 5
    assert shipped["version"] and shipped["source"]
    for f in shipped["filters"]:
        assert set(f["modes"]) <= {"paired", "tumor_only"}
        assert '"' not in f["description"]
    for mode in ("paired", "tumor_only"):
        assert active(shipped, mode), mode


def write_doc(tmp_path, doc):
    path = tmp_path / "filters.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def base_doc():
    return {
        "version": "t1",
        "source": "test",
        "filters": [
            {"name": "LowDepth", "modes": ["paired", "tumor_only"],
             "expression": "INFO/T_DP<20", "description": "Fewer than 20 reads"},
            {"name": "NormalLowDepth", "modes": ["paired"],
             "expression": "INFO/N_DP<8", "description": "Thin normal"},
            {"name": "GermlineVAF", "modes": ["tumor_only"],
             "expression": "INFO/GERMLINE_VAF=1 && INFO/PANEL=0",
             "description": "Germline-like VAF"},
        ],
    }  # fmt: skip


def test_base_doc_is_valid(tmp_path):
    assert load_filters(write_doc(tmp_path, base_doc())) == base_doc()


def _missing_expression(doc):
    del doc["filters"][1]["expression"]


def _empty_description(doc):
    doc["filters"][0]["description"] = ""


def _pass_name(doc):
    doc["filters"][2]["name"] = "PASS"


def _dot_name(doc):
    doc["filters"][0]["name"] = "."


def _name_with_space(doc):
    doc["filters"][1]["name"] = "Low depth"


def _name_starting_with_digit(doc):
    doc["filters"][1]["name"] = "2Low"


def _duplicate_name(doc):
    doc["filters"][2]["name"] = "LowDepth"


def _unknown_mode(doc):
    doc["filters"][1]["modes"] = ["paired", "tumour_only"]


def _mode_as_string(doc):
    doc["filters"][2]["modes"] = "paired"


def _quote_in_description(doc):
    doc["filters"][2]["description"] = 'VAF "looks" germline'


def _not_a_mapping(doc):
    doc["filters"][1] = "LowDepth"


@pytest.mark.parametrize(
    ("mutate", "where", "field"),
    [
        (_missing_expression, "filters[1]", "'expression'"),
        (_empty_description, "filters[0]", "'description'"),
        (_pass_name, "filters[2]", "'name'"),
        (_dot_name, "filters[0]", "'name'"),
        (_name_with_space, "filters[1]", "'name'"),
        (_name_starting_with_digit, "filters[1]", "'name'"),
        (_duplicate_name, "filters[2]", "'name'"),
        (_unknown_mode, "filters[1]", "'modes'"),
        (_mode_as_string, "filters[2]", "'modes'"),
        (_quote_in_description, "filters[2]", "'description'"),
        (_not_a_mapping, "filters[1]", "mapping"),
    ],
)
def test_malformed_filter(tmp_path, mutate, where, field):
    doc = base_doc()
    mutate(doc)
    path = write_doc(tmp_path, doc)
    with pytest.raises(ValueError) as err:
        load_filters(path)
    message = str(err.value)
    assert f"{path}: {where}" in message
    assert field in message


@pytest.mark.parametrize("key", ["version", "source", "filters"])
def test_missing_top_level_field(tmp_path, key):
    doc = base_doc()
    del doc[key]
    with pytest.raises(ValueError, match=f"missing top-level field '{key}'"):
        load_filters(write_doc(tmp_path, doc))


def test_empty_file(tmp_path):
    path = tmp_path / "filters.yaml"
    path.write_text("# nothing\n")
    with pytest.raises(ValueError, match="missing top-level field 'version'"):
        load_filters(path)


def test_errors_come_in_file_order(tmp_path):
    # filters[0] names an unknown value (load_filters' own check), filters[2] repeats a name
    # (the shared check): the first filter's error is the one reported.
    doc = base_doc()
    doc["filters"][0]["expression"] = "INFO/T_DP<{no_such_value}"
    doc["filters"][2]["name"] = "NormalLowDepth"
    path = write_doc(tmp_path, doc)
    with pytest.raises(ValueError, match=r"filters\[0\]: field 'expression' names an unknown"):
        load_filters(path)


# ---------------------------------------------------------------------------- active
def test_active_per_mode():
    doc = base_doc()
    assert [f["name"] for f in active(doc, "paired")] == ["LowDepth", "NormalLowDepth"]
    assert [f["name"] for f in active(doc, "tumor_only")] == ["LowDepth", "GermlineVAF"]
    assert active(doc, "germline") == []


def test_active_leaves_out_filters_with_missing_tags():
    doc = {
        "filters": [
            {"name": "LowQual", "modes": ["paired"], "expression": "QUAL<1"},
            {"name": "NormalAD", "modes": ["paired"], "expression": "FMT/AD[1:1]>2"},
            {"name": "PopulationAF", "modes": ["paired", "tumor_only"],
             "expression": "INFO/POP_AF>0.01 && INFO/PANEL=0"},
            {"name": "LowDepth", "modes": ["paired"], "expression": "INFO/T_DP<20"},
        ]
    }  # fmt: skip
    names = lambda mode, tags: [f["name"] for f in active(doc, mode, tags)]  # noqa: E731
    assert names("paired", None) == ["LowQual", "NormalAD", "PopulationAF", "LowDepth"]
    assert names("paired", {"T_DP", "PANEL"}) == ["LowQual", "NormalAD", "LowDepth"]
    assert names("paired", {"POP_AF", "T_DP"}) == ["LowQual", "NormalAD", "LowDepth"]
    assert names("paired", {"POP_AF", "PANEL", "T_DP"}) == [
        "LowQual", "NormalAD", "PopulationAF", "LowDepth",
    ]  # fmt: skip
    assert names("paired", set()) == ["LowQual", "NormalAD"]
    assert names("tumor_only", ALL_TAGS - {"POP_AF"}) == []


def test_active_shipped_without_population(shipped):
    for mode in ("paired", "tumor_only"):
        with_pop = [f["name"] for f in active(shipped, mode, ALL_TAGS)]
        without = [f["name"] for f in active(shipped, mode, ALL_TAGS - {"POP_AF"})]
        assert "PopulationAF" in with_pop and "PopulationAF" not in without
        assert "LowDepth" in without
        expression = {f["name"]: f["expression"] for f in shipped["filters"]}
        requires = {f["name"]: f.get("requires") for f in shipped["filters"]}
        assert without == [
            n
            for n in with_pop
            if "INFO/POP_AF" not in expression[n] or "POP_AF" not in (requires[n] or ["POP_AF"])
        ]
    # tumor-only, panel genes: GermlineSuspect stays active without population database/panel
    for tags in (ALL_TAGS - {"POP_AF"}, ALL_TAGS):
        assert "GermlineSuspect" in [f["name"] for f in active(shipped, "tumor_only", tags)]
    assert "GermlineVAF" in [f["name"] for f in active(shipped, "tumor_only", ALL_TAGS)]
    assert "GermlineVAF" not in [f["name"] for f in active(shipped, "paired", ALL_TAGS)]
    assert "NormalLowDepth" not in [f["name"] for f in active(shipped, "tumor_only", ALL_TAGS)]


# ---------------------------------------------------------------------------- header/commands
def test_header_lines():
    doc = base_doc()
    assert header_lines(doc["filters"][:2]) == [
        '##FILTER=<ID=LowDepth,Description="Fewer than 20 reads">',
        '##FILTER=<ID=NormalLowDepth,Description="Thin normal">',
    ]
    assert header_lines([]) == []


def test_bcftools_commands():
    doc = base_doc()
    assert bcftools_commands(doc["filters"][2:]) == [
        ["bcftools", "filter", "-m", "+", "-s", "GermlineVAF", "-e",
         "INFO/GERMLINE_VAF=1 && INFO/PANEL=0", "-Ou"],
    ]  # fmt: skip


# ---------------------------------------------------------------------------- bcftools
# One record per filter, named by its ID column, with the filters it must fail. Records
# carry only the tags somatic.annotate writes in that mode (no N_* in tumor-only mode).
CLEAN_PAIRED = "T_DP=100;T_AO=30;T_VAF=0.3;N_DP=40;N_AO=0;N_VAF=0;SOMATIC_P=1e-09"
PAIRED = [
    ("clean", CLEAN_PAIRED, set()),
    ("at_floors", "T_DP=20;T_AO=3;T_VAF=0.15;N_DP=8;N_AO=0;N_VAF=0;SOMATIC_P=0.01", set()),
    ("low_depth", "T_DP=19;T_AO=8;T_VAF=0.42;N_DP=40;N_AO=0;N_VAF=0;SOMATIC_P=1e-05",
     {"LowDepth"}),
    ("low_alt", "T_DP=40;T_AO=2;T_VAF=0.05;N_DP=40;N_AO=0;N_VAF=0;SOMATIC_P=0.2", {"LowAltReads"}),
    ("low_vaf", "T_DP=200;T_AO=6;T_VAF=0.03;N_DP=40;N_AO=0;N_VAF=0;SOMATIC_P=0.3", {"LowVAF"}),
    ("thin_normal", "T_DP=100;T_AO=30;T_VAF=0.3;N_DP=4;N_AO=0;N_VAF=0;SOMATIC_P=0.04",
     {"NormalLowDepth"}),
    ("normal_support", "T_DP=100;T_AO=40;T_VAF=0.4;N_DP=40;N_AO=4;N_VAF=0.1;SOMATIC_P=1e-05",
     {"NormalSupport"}),
    ("not_somatic", "T_DP=100;T_AO=5;T_VAF=0.05;N_DP=100;N_AO=1;N_VAF=0.01;SOMATIC_P=0.11",
     {"NotSomatic"}),
    ("population", CLEAN_PAIRED + ";POP_AF=0.05", {"PopulationAF"}),
    ("rare", CLEAN_PAIRED + ";POP_AF=0.0001", set()),
    ("population_panel", CLEAN_PAIRED + ";POP_AF=0.05;PANEL;PANEL_GENE=FLT3", set()),
    ("many", "T_DP=10;T_AO=2;T_VAF=0.2;N_DP=4;N_AO=2;N_VAF=0.5;SOMATIC_P=0.6;POP_AF=0.2",
     {"LowDepth", "LowAltReads", "NormalLowDepth", "NormalSupport", "NotSomatic",
      "PopulationAF"}),
    # Indels (records named indel_* are written as AT>A) and their repeat context.
    ("indel_clean", CLEAN_PAIRED + ";HRUN=1;STR_LEN=0;REPEAT=none", set()),
    ("indel_hp_slippage", CLEAN_PAIRED.replace("T_VAF=0.3", "T_VAF=0.1") + ";HRUN=10;STR_LEN=0",
     {"RepeatIndelSlippage"}),
    ("indel_str_slippage", CLEAN_PAIRED.replace("T_VAF=0.3", "T_VAF=0.1") + ";HRUN=1;STR_LEN=24",
     {"RepeatIndelSlippage"}),
    ("indel_hp_real", CLEAN_PAIRED + ";HRUN=10;STR_LEN=0", set()),
    # ASXL1 c.1934dup sits in a G8 run: in a panel gene a low-fraction repeat indel is kept
    # for review, never dropped.
    ("indel_hp_panel", CLEAN_PAIRED.replace("T_VAF=0.3", "T_VAF=0.1")
     + ";HRUN=8;STR_LEN=0;PANEL;PANEL_GENE=ASXL1", {"RepeatIndelReview"}),
    ("indel_hp7", CLEAN_PAIRED.replace("T_VAF=0.3", "T_VAF=0.1") + ";HRUN=7;STR_LEN=0", set()),
    ("indel_long_hp", CLEAN_PAIRED + ";HRUN=25;STR_LEN=0", {"LongRepeatIndel"}),
    ("snv_in_hp", CLEAN_PAIRED.replace("T_VAF=0.3", "T_VAF=0.1") + ";HRUN=25;STR_LEN=0", set()),
]  # fmt: skip
CLEAN_TO = "T_DP=100;T_AO=30;T_VAF=0.3"
TUMOR_ONLY = [
    ("clean", CLEAN_TO, set()),
    ("clean_panel", CLEAN_TO + ";PANEL;PANEL_GENE=NPM1", set()),
    ("at_floors", "T_DP=20;T_AO=3;T_VAF=0.15", set()),
    ("low_depth", "T_DP=19;T_AO=8;T_VAF=0.42", {"LowDepth"}),
    ("low_alt", "T_DP=40;T_AO=2;T_VAF=0.05", {"LowAltReads"}),
    ("low_vaf", "T_DP=200;T_AO=6;T_VAF=0.03", {"LowVAF"}),
    ("population", CLEAN_TO + ";POP_AF=0.05", {"PopulationAF"}),
    ("rare", CLEAN_TO + ";POP_AF=0.0001", set()),
    ("germline_vaf", "T_DP=100;T_AO=50;T_VAF=0.5;GERMLINE_P=0.97;GERMLINE_VAF", {"GermlineVAF"}),
    ("germline_at_threshold", "T_DP=100;T_AO=50;T_VAF=0.5;GERMLINE_P=0.9", {"GermlineVAF"}),
    ("germline_uncertain", "T_DP=100;T_AO=45;T_VAF=0.45;GERMLINE_P=0.89", set()),
    ("population_panel", CLEAN_TO + ";POP_AF=0.05;PANEL;PANEL_GENE=FLT3", {"GermlineSuspect"}),
    ("germline_vaf_panel", "T_DP=100;T_AO=50;T_VAF=0.5;GERMLINE_P=0.99;PANEL;PANEL_GENE=FLT3",
     {"GermlineSuspect"}),
    ("uncertain_panel", "T_DP=100;T_AO=45;T_VAF=0.45;GERMLINE_P=0.5;PANEL;PANEL_GENE=FLT3",
     set()),
    ("many", "T_DP=10;T_AO=1;T_VAF=0.02;POP_AF=0.3;GERMLINE_P=1;GERMLINE_VAF",
     {"LowDepth", "LowAltReads", "LowVAF", "PopulationAF", "GermlineVAF"}),
    ("indel_hp_slippage", "T_DP=100;T_AO=10;T_VAF=0.1;HRUN=12;STR_LEN=0",
     {"RepeatIndelSlippage"}),
    ("indel_long_str", "T_DP=100;T_AO=30;T_VAF=0.3;HRUN=1;STR_LEN=44", {"LongRepeatIndel"}),
    ("indel_hp_panel", "T_DP=100;T_AO=10;T_VAF=0.1;HRUN=8;STR_LEN=0;PANEL;PANEL_GENE=ASXL1",
     {"RepeatIndelReview"}),
]  # fmt: skip
EXPECTED = {"paired": PAIRED, "tumor_only": TUMOR_ONLY}
# The depth rule of a 100x tumor with a 30x normal: LowDepth below 20 tumor reads (power at
# the detection VAF of 0.2 x 100 reads), NormalLowDepth below 5 normal reads.
DEPTH = DepthPower(
    **check_parameters(yaml.safe_load(SHIPPED.read_text())["depth_power"], "shipped"),
    tumor_median_depth=100,
    normal_median_depth=30,
)


def with_power(info):
    """The row's INFO with T_POWER / N_POWER as somatic.annotate writes them from the depths."""
    tags = dict(kv.split("=", 1) for kv in info.split(";") if "=" in kv)
    extra = [f"T_POWER={floor4(DEPTH.tumor_power(int(tags['T_DP'])))}"]
    if "N_DP" in tags:
        extra.append(f"N_POWER={floor4(DEPTH.normal_power(int(tags['N_DP'])))}")
    return ";".join([info, *extra])


def write_vcf(path, rows):
    lines = [
        "##fileformat=VCFv4.2",
        "##contig=<ID=chr1,length=100000>",
        *[line for line in EVIDENCE_HEADER + POWER_HEADER if line.startswith("##INFO")],
        '##INFO=<ID=POP_AF,Number=1,Type=Float,Description="Population allele frequency">',
        *PON_HEADER,
        *REPEAT_HEADER,
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO",
    ]
    for i, (name, info, _) in enumerate(rows):
        ref, alt = ("AT", "A") if name.startswith("indel_") else ("A", "G")
        lines.append(f"chr1\t{100 * (i + 1)}\t{name}\t{ref}\t{alt}\t50\t.\t{with_power(info)}")
    path.write_text("\n".join(lines) + "\n")


def run_chain(tmp_path, doc, mode, rows, tags):
    vcf_in, hdr, vcf_out = (tmp_path / f"{mode}.{x}" for x in ("in.vcf", "hdr", "out.vcf"))
    write_vcf(vcf_in, rows)
    chosen = render(active(doc, mode, tags), DEPTH.values())
    hdr.write_text("\n".join(header_lines(chosen)) + "\n")
    # the same pipe as scripts/somatic_filter.py
    steps = [f"bcftools annotate -h {hdr} {vcf_in} -Ou"]
    steps += [shlex.join([*cmd, "-"]) for cmd in bcftools_commands(chosen)]
    steps.append(f"bcftools view -Ov -o {vcf_out}")
    subprocess.run(
        ["bash", "-o", "pipefail", "-c", " | ".join(steps)], check=True, capture_output=True
    )
    with pysam.VariantFile(str(vcf_out)) as vcf:
        descriptions = {k: v.description for k, v in vcf.header.filters.items()}
        filters = {rec.id: list(rec.filter.keys()) for rec in vcf}
    return chosen, descriptions, filters


@pytest.mark.parametrize("mode", ["paired", "tumor_only"])
def test_bcftools_soft_filters(tmp_path, shipped, mode):
    rows = EXPECTED[mode]
    chosen, descriptions, filters = run_chain(tmp_path, shipped, mode, rows, ALL_TAGS)
    names = {f["name"] for f in chosen}
    # every filter of the mode has a record that must fail it (a new filter needs one here)
    assert names == set().union(*(expected for _, _, expected in rows))
    for f in chosen:
        assert descriptions[f["name"]] == f["description"]
    assert len(filters) == len(rows)
    for name, _, expected in rows:
        assert set(filters[name]) == (expected or {"PASS"}), name
        assert len(filters[name]) == len(set(filters[name])), name


def test_bcftools_soft_filters_without_population(tmp_path, shipped):
    rows = [(name, info, expected - {"PopulationAF"}) for name, info, expected in PAIRED]
    chosen, descriptions, filters = run_chain(
        tmp_path, shipped, "paired", rows, ALL_TAGS - {"POP_AF"}
    )
    assert "PopulationAF" not in descriptions
    assert filters["population"] == ["PASS"]
    for name, _, expected in rows:
        assert set(filters[name]) == (expected or {"PASS"}), name


def test_tumor_only_without_population_still_marks_panel_germline(tmp_path, shipped):
    # Without a population database somatic_filter.py still declares POP_AF (left empty), so
    # every filter stays active and the POP_AF half of an expression simply never matches.
    rows = [(name, info, set()) for name, info, _ in TUMOR_ONLY if "POP_AF" not in info]
    _, _, filters = run_chain(tmp_path, shipped, "tumor_only", rows, ALL_TAGS)
    assert filters["germline_vaf"] == ["GermlineVAF"]  # holds today
    assert filters["germline_vaf_panel"] != ["PASS"]


# ---------------------------------------------------------------------------- panel of normals
def test_panel_of_normals_counts_exactly_matching_alleles(tmp_path, shipped):
    """The annotate + filter steps of scripts/somatic_filter.py with a panel of normals: only
    the same CHROM/POS/REF/ALT takes the panel's counts; an allele seen in >= 2 normals is
    dropped outside the leukemia-panel genes and kept for review (GermlineSuspect) inside."""
    rows = [
        ("in_two", CLEAN_TO, {"PanelOfNormals"}),
        ("other_alt", CLEAN_TO, set()),
        ("in_one", CLEAN_TO, set()),
        ("in_five_panel_gene", CLEAN_TO + ";GERMLINE_P=0.01;PANEL;PANEL_GENE=DNMT3A",
         {"GermlineSuspect"}),
        ("in_one_panel_gene", CLEAN_TO + ";GERMLINE_P=0.01;PANEL;PANEL_GENE=DNMT3A", set()),
    ]  # fmt: skip
    calls = tmp_path / "calls.vcf"
    write_vcf(calls, rows)
    text = calls.read_text().replace("chr1\t200\tother_alt\tA\tG", "chr1\t200\tother_alt\tA\tT")
    calls.write_text(text)
    pon = tmp_path / "pon.vcf"
    info = "".join(
        f'##INFO=<ID={tag},Number=1,Type={kind},Description="{tag}">\n'
        for tag, kind in (
            ("PON_N", "Integer"),
            ("PON_ASSESSED", "Integer"),
            ("PON_MAX_VAF", "Float"),
        )
    )
    pon.write_text(
        "##fileformat=VCFv4.2\n##contig=<ID=chr1,length=100000>\n" + info
        + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
        "chr1\t100\t.\tA\tG\t.\t.\tPON_N=2;PON_ASSESSED=4;PON_MAX_VAF=0.05\n"
        "chr1\t200\t.\tA\tG\t.\t.\tPON_N=4;PON_ASSESSED=4;PON_MAX_VAF=0.5\n"
        "chr1\t300\t.\tA\tG\t.\t.\tPON_N=1;PON_ASSESSED=4;PON_MAX_VAF=0.5\n"
        "chr1\t400\t.\tA\tG\t.\t.\tPON_N=5;PON_ASSESSED=5;PON_MAX_VAF=0.04\n"
        "chr1\t500\t.\tA\tG\t.\t.\tPON_N=1;PON_ASSESSED=5;PON_MAX_VAF=0.04\n"
    )  # fmt: skip
    for path in (calls, pon):
        subprocess.run(["bgzip", "-f", str(path)], check=True)
        subprocess.run(["tabix", "-f", "-p", "vcf", f"{path}.gz"], check=True)
    marked = tmp_path / "marked.vcf.gz"
    subprocess.run(
        f"bcftools annotate -a {pon}.gz --pair-logic exact -m +PON"
        f" -c INFO/PON_N,INFO/PON_ASSESSED,INFO/PON_MAX_VAF {calls}.gz -Oz -o {marked}",
        shell=True,
        check=True,
    )
    pon_tags = {"PON", "PON_N", "PON_ASSESSED"}
    assert "PanelOfNormals" not in [f["name"] for f in active(shipped, "paired", ALL_TAGS)]
    chosen = render(active(shipped, "tumor_only", ALL_TAGS | pon_tags), DEPTH.values())
    assert "PanelOfNormals" in [f["name"] for f in chosen]
    out = tmp_path / "out.vcf"
    steps = [f"bcftools view {marked} -Ou"]
    steps += [shlex.join([*cmd, "-"]) for cmd in bcftools_commands(chosen)]
    steps.append(f"bcftools view -Ov -o {out}")
    subprocess.run(["bash", "-o", "pipefail", "-c", " | ".join(steps)], check=True)
    with pysam.VariantFile(str(out)) as vcf:
        assert "PON_ASSESSED" in vcf.header.info  # the panel's definitions come along
        recs = {rec.id: rec for rec in vcf}
    filters = {name: set(rec.filter.keys()) for name, rec in recs.items()}
    assert filters == {
        "in_two": {"PanelOfNormals"},
        "other_alt": {"PASS"},
        "in_one": {"PASS"},
        "in_five_panel_gene": {"GermlineSuspect"},
        "in_one_panel_gene": {"PASS"},
    }
    assert "PON_N" not in recs["other_alt"].info
    assert (recs["in_two"].info["PON_N"], recs["in_two"].info["PON_ASSESSED"]) == (2, 4)


def test_requires_names_the_tags_a_filter_needs(tmp_path):
    doc = base_doc()
    doc["filters"][2]["expression"] = "INFO/GERMLINE_P>=0.9 || INFO/PON_N>=2"
    assert [f["name"] for f in active(doc, "tumor_only", {"T_DP", "GERMLINE_P"})] == ["LowDepth"]
    doc["filters"][2]["requires"] = ["GERMLINE_P"]
    path = write_doc(tmp_path, doc)
    chosen = active(load_filters(path), "tumor_only", {"T_DP", "GERMLINE_P"})
    assert [f["name"] for f in chosen] == ["LowDepth", "GermlineVAF"]
    doc["filters"][2]["requires"] = "GERMLINE_P"
    with pytest.raises(ValueError, match=r"filters\[2\]: field 'requires'"):
        load_filters(write_doc(tmp_path, doc))
