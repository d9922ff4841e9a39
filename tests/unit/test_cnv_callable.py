"""Chromosome- and arm-level copy-number events judged on callable sequence: fractions over
callable bp, a minimum below which the level is not_assessable, and what that means for the
karyotype and the lesions. Fixtures are shaped like real references: GRCh38 cytobands of
chromosomes 13, 21 and Y (UCSC hg38 cytoBand rows) with bins where GRCh38 has sequence, and an
N-padded contig run through cnvkit access and target."""

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from alwgs.cnv.callable_sequence import (
    ChromCallable,
    Minimum,
    callable_units,
    read_units,
    write_units,
)
from alwgs.cnv.cytobands import Band, Cytobands
from alwgs.cnv.events import (
    EVENT_COLUMNS,
    Segment,
    Settings,
    call_events,
    read_bins,
    read_events,
    write_events,
)
from alwgs.cnv.karyotype import build, load_rules
from alwgs.contig_roles import ContigRoles
from alwgs.interpret.knowledge import load_focal, load_tiers
from alwgs.interpret.lesions import cna_lesions
from interp_fixtures import KNOWLEDGE

REPO = Path(__file__).resolve().parents[2]
RULES = load_rules(REPO / "config/knowledge/karyotype.yaml")
GRCH38 = Settings()  # the dataclass defaults are the schema's (checked below)
MB = 1_000_000
BIN = 10_000
# cnvkit.py on PATH, else next to this interpreter (the virtualenv's bin/)
CNVKIT = shutil.which("cnvkit.py") or shutil.which(
    "cnvkit.py", path=str(Path(sys.executable).parent)
)

# UCSC hg38 cytoBand rows (chrom start end band stain).
CHR13 = [
    (0, 4_600_000, "p13", "gvar"),
    (4_600_000, 10_100_000, "p12", "stalk"),
    (10_100_000, 16_500_000, "p11.2", "gvar"),
    (16_500_000, 17_700_000, "p11.1", "acen"),
    (17_700_000, 18_900_000, "q11", "acen"),
    (18_900_000, 31_600_000, "q12.3", "gneg"),  # q12.11-q12.3 joined: arms are what counts
    (31_600_000, 54_700_000, "q14.3", "gneg"),
    (54_700_000, 114_364_328, "q34", "gneg"),
]
CHR21 = [
    (0, 3_100_000, "p13", "gvar"),
    (3_100_000, 7_000_000, "p12", "stalk"),
    (7_000_000, 10_900_000, "p11.2", "gvar"),
    (10_900_000, 12_000_000, "p11.1", "acen"),
    (12_000_000, 13_000_000, "q11.1", "acen"),
    (13_000_000, 15_000_000, "q11.2", "gneg"),
    (15_000_000, 34_400_000, "q22.11", "gneg"),
    (34_400_000, 46_709_983, "q22.3", "gneg"),
]
CHRY = [
    (0, 300_000, "p11.32", "gneg"),
    (300_000, 10_300_000, "p11.2", "gneg"),
    (10_300_000, 10_400_000, "p11.1", "acen"),
    (10_400_000, 10_600_000, "q11.1", "acen"),
    (10_600_000, 26_600_000, "q11.23", "gneg"),
    (26_600_000, 57_227_415, "q12", "gvar"),
]


def bands(**chroms) -> Cytobands:
    return Cytobands([Band(c, s, e, n, st) for c, rows in chroms.items() for s, e, n, st in rows])


def grid(start: int, end: int, width: int = BIN) -> list[tuple[int, int]]:
    return [(s, min(s + width, end)) for s in range(start, end, width)]


# Where GRCh38 has sequence, at most: chr13 and chr14 start with 16 Mb of N, chr21 with
# 5.01 Mb; chrY of the analysis sets has PAR1 (to 2.78 Mb) masked and N beyond 26.6 Mb.
# Every base after the leading N is taken as callable: the worst case for the short arms.
GRCH38_BINS = {
    "chr13": grid(16_000_000, 114_364_328),
    "chr21": grid(5_010_000, 46_709_983),
    "chrY": grid(2_790_000, 26_600_000),
}
GRCH38_BANDS = bands(chr13=CHR13, chr21=CHR21, chrY=CHRY)
# Contig roles as the config (or the reference bundle) declares them for these contigs.
GRCH38_ROLES = ContigRoles(autosomes=("chr13", "chr21"), x="", y="chrY")


def segment(chrom, start, end, cn, bins) -> Segment:
    n = sum(1 for s, e in bins[chrom] if start <= (s + e) // 2 < end)
    return Segment(chrom, start, end, -1.0 if cn < 2 else 0.58 if cn > 2 else 0.0, cn, n)


def genome(bins, changed: dict[str, list[tuple[int, int, int]]], sex="female") -> list[Segment]:
    """One segment per chromosome of ``bins`` at the baseline, except the ``changed``
    chromosomes, given as (start, end, copy number) pieces."""
    out = []
    for chrom, b in bins.items():
        if chrom in changed:
            out += [segment(chrom, s, e, cn, bins) for s, e, cn in changed[chrom]]
        elif chrom == "chrY":
            if sex == "male":
                out.append(segment(chrom, b[0][0], b[-1][1], 1, bins))
        else:
            out.append(segment(chrom, b[0][0], b[-1][1], 2, bins))
    return out


def test_settings_default_is_the_schema_default_and_config_value():
    schema = yaml.safe_load((REPO / "config/schemas/config.schema.yaml").read_text())
    config = yaml.safe_load((REPO / "config/config.yaml").read_text())
    cnv = schema["properties"]["cnv"]["properties"]
    # config/config.yaml is the one source of defaults; the schema holds types and ranges
    assert "default" not in cnv["min_callable_bp"]
    assert config["cnv"]["min_callable_bp"] == GRCH38.min_callable_bp == 7 * MB


# ------------------------------------------------------------------------------ GRCh38 shapes


def test_grch38_acrocentric_short_arms_are_not_assessable_the_rest_is():
    units = {u.region: u for u in callable_units(GRCH38_BINS, GRCH38_BANDS, GRCH38.minimum())}
    # 13p: 16.0-17.7 Mb; 21p: 5.01-12.0 Mb even with no internal gap
    assert units["13p"].callable_bp == 1_700_000 and not units["13p"].assessable
    assert units["21p"].callable_bp == 6_990_000 and not units["21p"].assessable
    assert "below cnv.min_callable_bp (7,000,000)" in units["21p"].reason
    for region in ("13", "13q", "21", "21q", "Y", "Yq"):
        assert units[region].assessable, units[region]
    # the smallest arm with unique sequence: Yp without PAR1 (~7.6 Mb)
    assert units["Yp"].assessable and units["Yp"].callable_bp == 7_610_000


def test_loss_of_21p_is_not_an_arm_event_but_21q_and_the_whole_21_are():
    p_only = call_events(
        genome(GRCH38_BINS, {"chr21": [(5_010_000, 12_000_000, 1), (12_000_000, 46_709_983, 2)]}),
        GRCH38_BINS,
        GRCH38_BANDS,
        "female",
        GRCH38,
    )
    (e,) = p_only
    assert (e.event, e.level, e.callable_bp) == ("loss(21p)", "not_assessable", 6_990_000)
    assert e.note.startswith("21p not assessable: 6,990,000 callable bp")
    q_only = call_events(
        genome(GRCH38_BINS, {"chr21": [(5_010_000, 12_000_000, 2), (12_000_000, 46_709_983, 1)]}),
        GRCH38_BINS,
        GRCH38_BANDS,
        "female",
        GRCH38,
    )
    assert [(e.event, e.level, e.callable_bp) for e in q_only] == [
        ("del(21q)", "arm", 46_709_983 - 12_000_000)
    ]
    whole = call_events(
        genome(GRCH38_BINS, {"chr21": [(5_010_000, 46_709_983, 3)]}),
        GRCH38_BINS,
        GRCH38_BANDS,
        "female",
        GRCH38,
    )
    assert [(e.event, e.level, e.start, e.end) for e in whole] == [
        ("+21", "chromosome", 0, 46_709_983)
    ]


# ------------------------------------------------------------------------------ the N-padded 13
# The case found on a real reference: chromosome 13 kept at its GRCh38 length and bands but N
# except 6.5 kb, which cnvkit split into 9 bins; a gain over them read as +13, a tier II lesion,
# and the karyotype as 47,+13.
PADDED_BINS = {"chr13": grid(32_315_000, 32_321_500, 723)}


def padded_13_gain(settings=GRCH38):
    assert len(PADDED_BINS["chr13"]) == 9
    segs = [segment("chr13", 32_315_000, 32_321_500, 3, PADDED_BINS)]
    return call_events(segs, PADDED_BINS, bands(chr13=CHR13), "female", settings)


def test_a_gain_over_6_5_kb_of_an_n_padded_chromosome_is_not_plus_13():
    (e,) = padded_13_gain()
    assert (e.level, e.event, e.callable_bp) == ("not_assessable", "gain(13)", 6_500)
    assert e.note == "13 not assessable: 6,500 callable bp, below cnv.min_callable_bp (7,000,000)"
    # a demo-sized minimum does not make it assessable either
    (e,) = padded_13_gain(replace(GRCH38, min_callable_bp=10_000))
    assert e.level == "not_assessable"


def test_the_n_padded_13_leaves_the_karyotype_at_46_and_is_listed():
    events = padded_13_gain()
    units = callable_units(PADDED_BINS, bands(chr13=CHR13), GRCH38.minimum())
    doc = build(events, [], bands(chr13=CHR13), "female", RULES, 0.05, units=units)
    assert doc["karyotype"] == "46,XX" and doc["chromosome_count"] == 46
    assert doc["abnormality_count"] == 0
    # the chromosome stands for its arms
    assert doc["not_assessable"] == [
        {
            "region": "13",
            "level": "chromosome",
            "callable_bp": 6_500,
            "bins": 9,
            "reason": "6,500 callable bp, below cnv.min_callable_bp (7,000,000)",
        }
    ]


def test_the_n_padded_13_is_no_lesion(tmp_path):
    path = tmp_path / "events.tsv"
    write_events(padded_13_gain(), path)
    with open(path) as fh:
        header = fh.readline().rstrip("\n").split("\t")
        rows = [dict(zip(header, line.rstrip("\n").split("\t"), strict=True)) for line in fh]
    tiers = load_tiers(KNOWLEDGE / "amp_tiers.yaml")
    lesions, listing = cna_lesions(
        rows, tiers, load_focal(KNOWLEDGE / "focal_deletions.tsv"), "AML", RULES["arm_lesions"]
    )
    assert lesions == []
    assert listing[0]["level"] == "not_assessable" and listing[0]["callable_bp"] == "6500"
    # the same row named as the old code named it is a lesion: the level is what keeps it out
    row = dict(rows[0], event="+13", level="chromosome")
    assert [le.id for le in cna_lesions([row], tiers, {}, "AML", [])[0]] == ["+13"]


@pytest.mark.parametrize(
    "minimum,level,event",
    [(6_500, "chromosome", "+13"), (6_501, "not_assessable", "gain(13)")],
    ids=["at the minimum", "1 bp below it"],
)
def test_chromosome_just_at_or_below_the_minimum(minimum, level, event):
    (e,) = padded_13_gain(replace(GRCH38, min_callable_bp=minimum))
    assert (e.level, e.event) == (level, event)


@pytest.mark.skipif(CNVKIT is None, reason="cnvkit.py not installed")
def test_cnvkit_bins_of_an_n_padded_contig_hold_only_its_sequence(tmp_path):
    """cnvkit access + target --split on a contig that is N but for 6.5 kb: the bins the event
    step reads hold exactly that sequence, however many bins it is cut into."""
    seq = "ACGTTGCAAGGCTTACCGATCGATTGCA" * 300
    fa = tmp_path / "padded.fa"
    body = "N" * 150_000 + seq[:6_500] + "N" * 143_500
    fa.write_text(">chr13\n" + "\n".join(body[i : i + 60] for i in range(0, len(body), 60)) + "\n")
    access, target = tmp_path / "access.bed", tmp_path / "bins.bed"
    for cmd in (
        [CNVKIT, "access", str(fa), "-s", "100", "-o", str(access)],
        [CNVKIT, "target", str(access), "--split", "--avg-size", "720", "-o", str(target)],
    ):
        subprocess.run(cmd, check=True, capture_output=True)
    cnr = tmp_path / "t.cnr"
    cnr.write_text(
        "chromosome\tstart\tend\tgene\tlog2\n"
        + "".join(
            f"{line.split()[0]}\t{line.split()[1]}\t{line.split()[2]}\t-\t0.58\n"
            for line in target.read_text().splitlines()
        )
    )
    bins = read_bins(cnr)
    padded = bands(chr13=[(0, 100_000, "p11.2", "gneg"), (100_000, 300_000, "q12", "gneg")])
    (unit, _, q) = callable_units(bins, padded, Minimum(10_000, 8))
    assert (unit.callable_bp, unit.bins, q.callable_bp) == (6_500, 9, 6_500)
    assert not unit.assessable
    segs = [Segment("chr13", bins["chr13"][0][0], bins["chr13"][-1][1], 0.58, 3, 9)]
    (e,) = call_events(segs, bins, padded, "female", replace(GRCH38, min_callable_bp=10_000))
    assert (e.event, e.level) == ("gain(13)", "not_assessable")


# ------------------------------------------------------------------------------ definitions


def test_fraction_is_over_callable_bp_not_over_bins():
    """q arm 40 kb in 40 bins; p arm fragmented between N gaps: 40 bins of 100 bp. A loss of
    all of q is 91% of the callable sequence (a whole-chromosome loss) though only half of
    the bins."""
    chrom = [(0, 50_000, "p13", "gneg"), (50_000, 100_000, "q21", "gneg")]
    b = {"chr7": [(s, s + 100) for s in range(5_000, 45_000, 1_000)] + grid(55_000, 95_000, 1_000)}
    segs = [segment("chr7", 5_000, 45_000, 2, b), segment("chr7", 55_000, 95_000, 1, b)]
    small = replace(GRCH38, min_callable_bp=1_000)
    (e,) = call_events(segs, b, bands(chr7=chrom), "female", small)
    assert (e.event, e.level, e.callable_bp) == ("-7", "chromosome", 44_000)


def test_an_arm_with_too_few_bins_is_not_assessable():
    """Coarse bins: the p arm holds 10 Mb in 5 bins, fewer than cnv.min_bins; a loss of it
    (and a little of q) is not del(7p)."""
    chrom = [(0, 10 * MB, "p13", "gneg"), (10 * MB, 60 * MB, "q21", "gneg")]
    b = {"chr7": grid(0, 10 * MB, 2 * MB) + grid(10 * MB, 60 * MB, 100_000)}
    segs = [segment("chr7", 0, 11 * MB, 1, b), segment("chr7", 11 * MB, 60 * MB, 2, b)]
    (e,) = call_events(segs, b, bands(chr7=chrom), "female", GRCH38)
    assert (e.event, e.level) == ("loss(7p)", "not_assessable")
    assert e.note == "7p not assessable: 5 bins, below cnv.min_bins (8)"


def test_an_arm_the_cytobands_do_not_show_is_not_assessable():
    cc = ChromCallable(
        "chrUn", grid(0, 9 * MB), bands(chrUn=[(0, 9 * MB, "q11", "gneg")]), GRCH38.minimum()
    )
    assert cc.unit("p").reason == "no p band in the cytoband file"
    assert cc.unit("").assessable


def test_callable_table_round_trip(tmp_path):
    units = callable_units(GRCH38_BINS, GRCH38_BANDS, GRCH38.minimum())
    path = tmp_path / "t.callable.tsv"
    write_units(units, path)
    assert path.read_text().splitlines()[1].split("\t") == [
        "chr13",
        "13",
        "chromosome",
        "0",
        "114364328",
        "98364328",
        "9837",
        "yes",
        ".",
    ]
    assert read_units(path) == units


def test_events_table_carries_callable_bp_and_note(tmp_path):
    path = tmp_path / "events.tsv"
    write_events(padded_13_gain(), path)
    header, row = (line.split("\t") for line in path.read_text().splitlines())
    assert header == EVENT_COLUMNS and header[-2:] == ["callable_bp", "note"]
    assert row[-2] == "6500" and row[-1].startswith("13 not assessable")
    (back,) = read_events(path)
    assert (back.level, back.callable_bp, back.note) == ("not_assessable", 6_500, row[-1])


def test_karyotype_lists_unassessable_arms_but_not_a_females_y_or_unplaced_contigs():
    # an unplaced contig as a UCSC cytoBand file lists it: one row, no band name
    with_un = bands(
        chr13=CHR13, chr21=CHR21, chrY=CHRY, chrUn_KI270742v1=[(0, 186_739, "", "gneg")]
    )
    units = callable_units(
        {**GRCH38_BINS, "chrUn_KI270742v1": grid(0, 186_739)}, with_un, GRCH38.minimum()
    )
    assert not next(u for u in units if u.chrom == "chrUn_KI270742v1").assessable
    female = build([], [], with_un, "female", RULES, 0.05, GRCH38_ROLES, units)
    assert [u["region"] for u in female["not_assessable"]] == ["13p", "21p"]
    assert female["karyotype"] == "46,XX"
    no_y = {c: b for c, b in GRCH38_BINS.items() if c != "chrY"}
    male = build(
        [],
        [],
        GRCH38_BANDS,
        "male",
        RULES,
        0.05,
        GRCH38_ROLES,
        callable_units(no_y, GRCH38_BANDS, GRCH38.minimum()),
    )
    # a male's Y with no callable bin (e.g. all dropped by cnvkit fix) is listed, alone
    assert [u["region"] for u in male["not_assessable"]] == ["13p", "21p", "Y"]
