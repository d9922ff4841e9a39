"""Whole-chromosome LOH of a tumor-only sample from its heterozygosity deficit at common SNPs
(alwgs.cnv.heterozygosity): retained vs LOH vs too few sites, a male's X, gains that keep
both alleles (1/3, 1/4 fractions) never read as LOH, and a tumor-only doubled near-haploid
clone read as B-ALL with hypodiploidy through the events, the karyotype and WHO/ICC."""

import random

import pytest
from alwgs.cnv import heterozygosity as het
from alwgs.cnv.callable_sequence import callable_units
from alwgs.cnv.ploidy import masked_hypodiploidy
from grch38_fixtures import (
    AUTOSOMES,
    BANDS,
    ROLES,
    RULES,
    SETTINGS,
    bins,
    call,
    genome,
    interpret,
    karyotype,
    knowledge,
    length,
)

S = het.Settings()  # config/config.yaml's values


def sites(chrom, tumor, n=300, purity=0.9, depth=30, seed=1):
    """Common SNPs of one chromosome drawn as the demo simulator and real genomes have them:
    population AF p, the two parental haplotypes drawn at p (Hardy-Weinberg), reads binomial
    around the mix of the tumor's copies and the normal cells' two. ``tumor``: which
    parental copies the tumor cells hold, e.g. (0, 1) retained disomy, (0,) one copy (LOH),
    (0, 0) two copies of one parent, (0, 0, 1) trisomy 2:1, (0, 0, 0, 1) tetrasomy 3:1."""
    rng = random.Random(f"{chrom}-{seed}")
    out = []
    for i in range(n):
        p = rng.uniform(0.05, 0.95)
        hap = [int(rng.random() < p), int(rng.random() < p)]
        alt = purity * sum(hap[h] for h in tumor) + (1 - purity) * sum(hap)
        frac = alt / (purity * len(tumor) + (1 - purity) * 2)
        k = sum(rng.random() < frac for _ in range(depth))
        out.append(het.Site(chrom, 1000 * (i + 1), p, depth - k, k))
    return out


def test_retained_disomy_reads_about_one_and_retained():
    c = het.call("chr1", sites("chr1", (0, 1)), S)
    assert c.call == het.RETAINED and 0.8 < c.ratio < 1.2
    assert c.sites == 300 and c.expected > 100


def test_single_copy_and_copy_neutral_loh_read_near_zero():
    one = het.call("chr2", sites("chr2", (0,), purity=0.9), S)
    two = het.call("chr3", sites("chr3", (0, 0), purity=0.8), S)
    assert one.call == het.LOH and one.ratio < 0.25
    assert two.call == het.LOH and two.ratio < 0.25
    assert "heterozygosity deficit" in one.text() and "no matched normal" in one.text()


@pytest.mark.parametrize("tumor", [(0, 0, 1), (0, 1, 1), (0, 0, 0, 1), (0, 0, 1, 1)])
def test_gains_that_keep_both_alleles_are_never_loh(tumor):
    # high hyperdiploidy: trisomies at 1/3-2/3, tetrasomies at 1/4-3/4 or 1/2
    c = het.call("chr4", sites("chr4", tumor, purity=0.95), S)
    assert c.call == het.RETAINED, (tumor, c)


def test_below_the_purity_floor_loh_is_missed_never_invented():
    # purity 0.5: the normal cells' allele is a third of the reads at one tumor copy
    c = het.call("chr5", sites("chr5", (0,), purity=0.5), S)
    assert c.call != het.LOH and c.ratio > S.max_loh_ratio


def test_too_few_sites_is_not_assessable_even_with_no_heterozygous_site():
    c = het.call("chr21", sites("chr21", (0,), n=20, purity=1.0), S)
    assert c.observed == 0 and c.ratio == 0 and c.expected < S.min_expected_het
    assert c.call == het.NOT_ASSESSABLE and "fewer than 15" in c.reason


def test_shallow_sites_and_monomorphic_af_do_not_count():
    shallow = [het.Site("chr1", i, 0.5, 5, 5) for i in range(500)]
    mono = [het.Site("chr1", i, 0.0, 30, 0) for i in range(500)]
    c = het.call("chr1", shallow + mono, S)
    assert (c.sites, c.observed, c.expected) == (0, 0, 0.0) and c.ratio is None


def test_a_males_x_and_y_are_not_assessed_a_females_x_is():
    data = sites("chrX", (0,)) + sites("chrY", (0,)) + sites("chr7", (0, 1))
    male = het.by_chromosome(data, S, ROLES, "male")
    female = het.by_chromosome(data, S, ROLES, "female")
    assert [c.chrom for c in male] == ["chr7"]
    assert [(c.chrom, c.call) for c in female] == [("chrX", het.LOH), ("chr7", het.RETAINED)]


def test_settings_from_config():
    cfg = {"min_depth": 25, "het_fraction": [0.2, 0.8], "min_expected_het": 30}
    s = het.Settings.from_config(cfg | {"max_loh_ratio": 0.3, "min_retained_ratio": 0.7})
    assert (s.min_depth, s.het_low, s.het_high, s.min_expected_het) == (25, 0.2, 0.8, 30)
    assert (s.max_loh_ratio, s.min_retained_ratio) == (0.3, 0.7)


# ------------------------------------------------------------------------------------------
# Into the events, the karyotype and the interpretation (GRCh38 shapes)

KEPT_PAIRS = ("chr10", "chr14", "chr18", "chr21")


def near_haploid_calls():
    """The heterozygosity calls of a near-haploid clone (27: one of each chromosome, a
    second 10, 14, 18, 21 and X kept as pairs) at purity 0.9, tumor-only."""
    data = []
    for c in AUTOSOMES + ["chrX"]:
        data += sites(c, (0, 1) if c in KEPT_PAIRS + ("chrX",) else (0,))
    return het.by_chromosome(data, S, ROLES, "female")


def tumor_only_near_haploid():
    """Relative copy number puts the 18 single chromosomes at the baseline (2) and the kept
    pairs at 4; no BAF runs without a normal, so no cnLOH from the event caller."""
    changes = {c: [(0, length(c), 4)] for c in KEPT_PAIRS + ("chrX",)}
    events = call(genome("female", changes))
    assert not [e for e in events if e.type == "cnloh"]
    units = callable_units(bins(), BANDS, SETTINGS.minimum())
    lengths = {c: length(c) for c in BANDS.chromosomes()}
    return het.loh_events(events, near_haploid_calls(), units, lengths, "female", ROLES)


def test_loh_chromosomes_at_the_baseline_become_whole_chromosome_cnloh_rows():
    events, log = tumor_only_near_haploid()
    rows = [e for e in events if e.type == "cnloh"]
    assert len(rows) == 18 and len(log) == 18
    first = rows[0]
    assert (first.chrom, first.start, first.end) == ("chr1", 0, length("chr1"))
    assert (first.event, first.level, first.copy_number, first.arm) == (
        "cnLOH(1)",
        "chromosome",
        2,
        "pq",
    )
    assert first.note.startswith("heterozygosity deficit:") and first.baf is None
    assert {e.chrom for e in rows}.isdisjoint(KEPT_PAIRS + ("chrX",))


def test_tumor_only_doubled_near_haploid_reads_b_all_with_hypodiploidy(tmp_path):
    events, _ = tumor_only_near_haploid()
    kar = karyotype(events)
    assert kar["chromosome_count"] == 56  # 46 + two per kept pair, X among them
    m = kar["masked_hypodiploidy"]
    assert m["status"] == "detected" and len(m["loh_chromosomes"]) == 18
    assert "heterozygosity deficit" in m["loh_chromosomes"][0]["evidence"]
    assert m["hypodiploid_count"] == 28 and kar["ploidy_group"] == "near-haploid"
    ctx, _, who_icc = interpret(tmp_path, events, kar, diagnosis="B-ALL", kb=knowledge())
    assert "high_hyperdiploidy" not in ctx.lesion_ids()
    assert who_icc["who2022"]["entity"] == "B-ALL with hypodiploidy"
    assert who_icc["icc2022"]["entity"] == "B-ALL, near haploid"


def test_a_gain_with_loh_gets_the_evidence_and_counts_a_loss_is_left_alone():
    events = call(
        genome("female", {"chr5": [(0, length("chr5"), 3)], "chr7": [(0, length("chr7"), 1)]})
    )
    calls = [het.call(c, sites(c, (0,)), S) for c in ("chr5", "chr7")]
    units = callable_units(bins(), BANDS, SETTINGS.minimum())
    lengths = {c: length(c) for c in BANDS.chromosomes()}
    out, log = het.loh_events(events, calls, units, lengths, "female", ROLES)
    assert [e.event for e in out] == ["+5", "-7"]
    assert "heterozygosity deficit" in out[0].note and out[1].note == events[1].note
    assert "already implied" in log[1]
    found = masked_hypodiploidy(out, 52, "female", RULES, ROLES)
    assert found["loh_chromosomes"] == [
        {"chrom": "5", "evidence": f"copy-gain LOH (3 copies; {calls[0].text()})"}
    ]


def test_a_chromosome_not_assessable_for_copy_number_gets_no_row():
    events = call(genome("female"))
    units = [u for u in callable_units(bins(), BANDS, SETTINGS.minimum()) if u.chrom != "chr9"]
    lengths = {c: length(c) for c in BANDS.chromosomes()}
    calls = [het.call("chr9", sites("chr9", (0,)), S)]
    out, log = het.loh_events(events, calls, units, lengths, "female", ROLES)
    assert out == events and "not assessable" in log[0]


def test_true_high_hyperdiploidy_from_the_deficit_is_not_masked():
    # trisomies 2:1 and a tetrasomy 21 2:2: every chromosome keeps heterozygosity
    gained = {"chr4": (0, 0, 1), "chr6": (0, 1, 1), "chr10": (0, 0, 1), "chr21": (0, 0, 1, 1)}
    data = []
    for c in AUTOSOMES + ["chrX"]:
        data += sites(c, gained.get(c, (0, 1)), purity=0.85)
    calls = het.by_chromosome(data, S, ROLES, "female")
    assert {c.call for c in calls} == {het.RETAINED}


def test_read_sites_takes_af_from_the_first_vcf_that_has_it(tmp_path):
    pysam = pytest.importorskip("pysam")

    def vcf(path, header_lines, rows):
        text = "##fileformat=VCFv4.2\n##contig=<ID=chr1,length=100000>\n"
        text += "".join(f"{h}\n" for h in header_lines)
        cols = ["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO"]
        text += "\t".join(cols + (["FORMAT", "T1"] if "AD" in "".join(header_lines) else []))
        text += "\n" + "".join("\t".join(map(str, r)) + "\n" for r in rows)
        plain = tmp_path / path
        plain.write_text(text)
        out = pysam.tabix_index(str(plain), preset="vcf", force=True)
        return out

    af = '##INFO=<ID=AF,Number=A,Type=Float,Description="AF">'
    ad = '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="AD">'
    geno = vcf(
        "g.vcf",
        [ad],
        [
            ("chr1", 100, ".", "A", "G", ".", ".", ".", "AD", "10,12"),
            ("chr1", 200, ".", "C", "T", ".", ".", ".", "AD", "30,0"),
            ("chr1", 300, ".", "G", "A", ".", ".", ".", "AD", "5,5"),  # AF nowhere: left out
            ("chr1", 400, ".", "AT", "A", ".", ".", ".", "AD", "5,5"),  # not a SNP
        ],
    )
    first = vcf("s.vcf", [af], [("chr1", 100, ".", "A", "G", ".", ".", "AF=0.25")])
    second = vcf(
        "p.vcf",
        [af],
        [
            ("chr1", 100, ".", "A", "G", ".", ".", "AF=0.5"),
            ("chr1", 200, ".", "C", "T", ".", ".", "AF=0.75"),
        ],
    )
    got = het.read_sites(geno, "T1", [first, second])
    assert got == [het.Site("chr1", 100, 0.25, 10, 12), het.Site("chr1", 200, 0.75, 30, 0)]
    assert het.read_sites(geno, "nobody", [first]) == []
    # a site list without AF (databases.identity_sites) is passed over for the database
    bare = vcf("b.vcf", [], [("chr1", 100, ".", "A", "G", ".", ".", ".")])
    got = het.read_sites(geno, "T1", [bare, second])
    assert [(s.pos, s.af) for s in got] == [(100, 0.5), (200, 0.75)]
