"""Tumor/normal identity: directional genotype discordance and the pair check."""

import random
from pathlib import Path

import pytest
from alwgs.qc import identity

DATA = Path(__file__).resolve().parents[1] / "data" / "qc"

HEADER = """##fileformat=VCFv4.2
##contig=<ID=chr1,length=100000>
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">
##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ttumor\tnormal\tunrelated
"""

# tumor = the patient's leukemia (LOH at sites 3, 6, 11), normal = the patient's own normal,
# unrelated = someone else. Site 8: tumor too shallow; site 9: tumor not called; site 10 has
# no FORMAT/DP, so depth comes from AD.
HAND_WRITTEN = [
    "chr1\t100\t.\tA\tG\t50\t.\t.\tGT:DP\t0/1:30\t0/1:30\t0/0:30",
    "chr1\t200\t.\tA\tG\t50\t.\t.\tGT:DP\t0/0:30\t0/0:30\t1/1:30",
    "chr1\t300\t.\tA\tG\t50\t.\t.\tGT:DP\t1/1:30\t0/1:30\t0/1:30",
    "chr1\t400\t.\tA\tG\t50\t.\t.\tGT:DP\t0/1:30\t0/1:30\t0/1:30",
    "chr1\t500\t.\tA\tG\t50\t.\t.\tGT:DP\t1/1:30\t1/1:30\t0/0:30",
    "chr1\t600\t.\tA\tG\t50\t.\t.\tGT:DP\t0/0:30\t0/1:30\t0/1:30",
    "chr1\t700\t.\tA\tG\t50\t.\t.\tGT:DP\t0/1:30\t0/1:30\t1/1:30",
    "chr1\t800\t.\tA\tG\t50\t.\t.\tGT:DP\t0/0:5\t0/1:30\t1/1:30",
    "chr1\t900\t.\tA\tG\t50\t.\t.\tGT:DP\t./.:30\t0/0:30\t0/0:30",
    "chr1\t1000\t.\tA\tG\t50\t.\t.\tGT:AD\t0/1:12,14\t0/1:10,9\t0/0:20,0",
    "chr1\t1100\t.\tA\tC,T\t50\t.\t.\tGT:DP\t1/1:30\t1/2:30\t0/2:30",
    "chr1\t1200\t.\tA\tG\t50\t.\t.\tGT:DP\t0/0:30\t0/0:30\t0/0:30",
]


def write_vcf(path: Path, records: list[str], samples=("tumor", "normal", "unrelated")) -> Path:
    header = HEADER.replace("\ttumor\tnormal\tunrelated", "".join(f"\t{s}" for s in samples))
    path.write_text(header + "\n".join(records) + "\n")
    return path


@pytest.fixture
def hand_written(tmp_path):
    return identity.genotype_discordance(write_vcf(tmp_path / "trio.vcf", HAND_WRITTEN))


def test_hand_written_counts(hand_written):
    tn = hand_written[("tumor", "normal")]
    # sites 1-7, 10, 11, 12 are informative for tumor/normal (8: DP 5 < 10; 9: no call)
    assert tn["sites"] == 10
    assert tn["discordance"] == 0.0  # LOH never gives the tumor an allele the normal lacks
    assert tn["full_discordance"] == pytest.approx(3 / 10)  # the three LOH sites
    assert tn["opposite_hom"] == 0.0

    tu = hand_written[("tumor", "unrelated")]
    assert tu["sites"] == 10
    assert tu["discordance"] == pytest.approx(6 / 10)  # sites 1, 2, 5, 7, 10, 11
    assert tu["full_discordance"] == pytest.approx(8 / 10)
    assert tu["opposite_hom"] == pytest.approx(2 / 10)  # sites 2 and 5

    # normal/unrelated: all 12 sites informative (site 10 depth from AD: 19 and 20)
    assert hand_written[("normal", "unrelated")]["sites"] == 12
    assert hand_written[("normal", "unrelated")]["discordance"] == pytest.approx(7 / 12)


def test_measure_is_directional(hand_written):
    # the normal carries the alleles the tumor lost: counted in this direction only
    assert hand_written[("normal", "tumor")]["discordance"] == pytest.approx(3 / 10)
    assert hand_written[("normal", "tumor")]["full_discordance"] == pytest.approx(3 / 10)


def test_min_depth_changes_informative_sites(tmp_path):
    d = identity.genotype_discordance(write_vcf(tmp_path / "t.vcf", HAND_WRITTEN), min_depth=0)
    tn = d[("tumor", "normal")]
    assert tn["sites"] == 11  # site 8 (tumor DP 5) now counts
    # site 8 is tumor 0/0 vs normal 0/1: LOH-like, so only the plain mismatch goes up
    assert tn["discordance"] == 0.0
    assert tn["full_discordance"] == pytest.approx(4 / 11)


def test_call_without_any_depth_is_not_informative(tmp_path):
    # GT alone (no DP, no AD): the depth floor cannot be checked, so the site is not used
    records = ["chr1\t100\t.\tA\tG\t50\t.\t.\tGT\t0/0\t1/1\t0/1"]
    d = identity.genotype_discordance(write_vcf(tmp_path / "gt.vcf", records))
    assert d[("tumor", "normal")]["sites"] == 0
    assert d[("tumor", "normal")]["discordance"] is None
    d = identity.genotype_discordance(tmp_path / "gt.vcf", min_depth=0)
    assert d[("tumor", "normal")] == {
        "sites": 1, "discordance": 1.0, "full_discordance": 1.0, "opposite_hom": 1.0,
    }  # fmt: skip


def test_pair_check_own_normal_passes(hand_written):
    res = identity.pair_check(hand_written, "tumor", "normal", 0.05, min_sites=5)
    assert res["status"] == "PASS"
    assert res["discordance"] == 0.0
    assert res["sites"] == 10
    assert res["best_match"] == "normal"


def test_pair_check_unrelated_fails_and_names_the_real_normal(hand_written):
    res = identity.pair_check(hand_written, "tumor", "unrelated", 0.05, min_sites=5)
    assert res["status"] == "FAIL"
    assert res["discordance"] == pytest.approx(0.6)
    assert res["normal"] == "unrelated"
    assert res["best_match"] == "normal"
    assert res["best_match_discordance"] == 0.0


def test_pair_check_too_few_sites_is_not_assessed(hand_written):
    res = identity.pair_check(hand_written, "tumor", "unrelated", 0.05, min_sites=20)
    assert res["status"] == "NOT_ASSESSED"
    assert res["reason"] == "only 10 informative sites (minimum 20)"
    assert res["best_match"] is None  # no candidate has 20 sites either


def test_pair_check_unknown_pair_raises(hand_written):
    with pytest.raises(ValueError, match="tumor 'tumor' vs normal 'ghost'"):
        identity.pair_check(hand_written, "tumor", "ghost", 0.05)


def test_real_bcftools_calls_with_loh_on_ten_percent():
    # toy_trio.calls.vcf: bcftools mpileup | call -m on simulated reads; the tumor has
    # copy-neutral LOH over 10 % of the autosomes (tests/data/qc/README.md)
    d = identity.genotype_discordance(DATA / "toy_trio.calls.vcf")
    own, other = d[("tumor", "normal")], d[("tumor", "unrelated")]
    assert own["sites"] == 184 and other["sites"] == 183
    assert own["discordance"] == 0.0
    assert other["discordance"] == pytest.approx(56 / 183)  # 0.306
    assert own["full_discordance"] == pytest.approx(5 / 184)  # LOH shows in the plain measure
    assert other["full_discordance"] == pytest.approx(92 / 183)  # 0.50
    res = identity.pair_check(d, "tumor", "unrelated", 0.05)
    assert res["status"] == "FAIL" and res["best_match"] == "normal"
    assert identity.pair_check(d, "tumor", "normal", 0.05)["status"] == "PASS"


def _hwe_genotype(rng, p):
    return tuple(sorted(int(rng.random() < p) for _ in range(2)))


def test_extensive_loh_does_not_break_identity(tmp_path):
    # Near-haploid ALL-like tumor: 70 % of the genome lost one parental copy. The plain
    # genotype mismatch rises to ~0.25 (close to "unrelated"); the directional measure
    # stays at 0. 2000 sites, AF uniform in [0.05, 0.95].
    rng = random.Random(1)
    records = []
    for i in range(2000):
        p = rng.uniform(0.05, 0.95)
        normal, other = _hwe_genotype(rng, p), _hwe_genotype(rng, p)
        tumor = (normal[0], normal[0]) if i < 1400 else normal
        cells = "\t".join(f"{g[0]}/{g[1]}:30" for g in (tumor, normal, other))
        records.append(f"chr1\t{i + 1}\t.\tA\tG\t50\t.\t.\tGT:DP\t{cells}")
    d = identity.genotype_discordance(write_vcf(tmp_path / "loh.vcf", records))
    own, other = d[("tumor", "normal")], d[("tumor", "unrelated")]
    assert own["discordance"] == 0.0
    assert own["full_discordance"] > 0.2
    assert other["discordance"] > 0.2
    assert identity.pair_check(d, "tumor", "normal", 0.05)["status"] == "PASS"


# ------------------------------------------------------------------ the pair's own sites
# freebayes' own header and FORMAT (GT:DP:AD:RO:QR:AO:QA:GL, as in results/small_variants/
# <tumor>.freebayes.raw.vcf.gz); the pair check reads FORMAT/AD only.
FREEBAYES_HEADER = """##fileformat=VCFv4.2
##source=freeBayes v1.3.6
##contig=<ID=chr22,length=40001>
##INFO=<ID=TYPE,Number=A,Type=String,Description="The type of allele">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read Depth">
##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Number of observation for each allele">
##FORMAT=<ID=RO,Number=1,Type=Integer,Description="Reference allele observation count">
##FORMAT=<ID=AO,Number=A,Type=Integer,Description="Alternate allele observation count">
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ttestN\ttestT
"""


def fb(pos: int, ref: str, alt: str, normal: tuple, tumor: tuple) -> str:
    """A freebayes record; normal/tumor are allele depths (ref, alt[, alt2])."""

    def call(ad):
        return f"0/1:{sum(ad)}:{','.join(map(str, ad))}:{ad[0]}:{','.join(map(str, ad[1:]))}"

    kind = "snp" if len(ref) == len(alt.split(",")[0]) == 1 else "complex"
    return (
        f"chr22\t{pos}\t.\t{ref}\t{alt}\t50\t.\tTYPE={kind}\tGT:DP:AD:RO:AO\t"
        f"{call(normal)}\t{call(tumor)}"
    )


PAIR_RECORDS = [
    fb(100, "A", "G", (15, 15), (20, 18)),  # germline het in both: informative, concordant
    fb(200, "A", "G", (14, 16), (0, 40)),  # LOH to ALT in the tumor: concordant
    fb(300, "C", "T", (16, 14), (38, 0)),  # LOH to REF: concordant (REF carried by both)
    fb(400, "G", "A", (30, 0), (22, 18)),  # somatic at 0.45: the tumor's ALT is absent
    fb(500, "T", "C", (0, 25), (20, 20)),  # normal hom-ALT, tumor het: the tumor's REF is absent
    fb(600, "A", "G", (15, 15), (4, 4)),  # tumor depth 8 < 10: not used
    fb(700, "A", "G", (29, 1), (38, 2)),  # errors only (ALT < 0.3 in both): not a site
    fb(800, "A", "G", (30, 0), (36, 4)),  # small clone at 0.1: not a site
    fb(900, "A", "G,T", (10, 10, 0), (10, 10, 10)),  # multi-allelic: not used
    fb(1000, "AT", "A", (15, 15), (0, 30)),  # indel: not used
    fb(1100, "G", "C", (0, 30), (0, 30)),  # hom-ALT in both: informative, concordant
]


def test_pair_sites_count_only_what_the_tumor_carries_and_the_normal_lacks(tmp_path):
    path = tmp_path / "pair.vcf"
    path.write_text(FREEBAYES_HEADER + "\n".join(PAIR_RECORDS) + "\n")
    res = identity.pair_site_discordance(path, "testT", "testN")
    # informative: 100, 200, 300, 400, 500, 1100; discordant: 400 (somatic), 500 (REF absent)
    assert res == {"sites": 6, "discordant": 2, "discordance": pytest.approx(2 / 6)}
    # LOH alone never makes a site discordant
    loh = identity.pair_site_discordance(
        write_vcf_text(tmp_path / "loh.vcf", [PAIR_RECORDS[i] for i in (0, 1, 2, 10)]),
        "testT",
        "testN",
    )
    assert loh == {"sites": 4, "discordant": 0, "discordance": 0.0}
    # a stricter depth drops the thin sites, a looser allele fraction admits the small clone
    assert identity.pair_site_discordance(path, "testT", "testN", min_depth=26)["sites"] == 5
    loose = identity.pair_site_discordance(path, "testT", "testN", germline_min_fraction=0.1)
    assert loose["sites"] == 7 and loose["discordant"] == 3  # + 800 (clone at 0.1)


def write_vcf_text(path, records):
    path.write_text(FREEBAYES_HEADER + "\n".join(records) + "\n")
    return path


def test_pair_sites_need_both_samples(tmp_path):
    path = write_vcf_text(tmp_path / "pair.vcf", PAIR_RECORDS[:1])
    with pytest.raises(ValueError, match="sample 'ghost' is not in"):
        identity.pair_site_discordance(path, "testT", "ghost")


def test_pair_sites_too_few_are_not_assessed(tmp_path):
    path = write_vcf_text(tmp_path / "pair.vcf", PAIR_RECORDS)
    entry = identity.pair_site_discordance(path, "testT", "testN")
    res = identity.pair_check({("testT", "testN"): entry}, "testT", "testN", 0.05, 50)
    assert res["status"] == "NOT_ASSESSED" and res["sites"] == 6
    assert res["reason"] == "only 6 informative sites (minimum 50)"
    assert identity.too_few_sites(1, 50) == "only 1 informative site (minimum 50)"


def test_min_sites_bound_is_what_the_config_says():
    # qc.yaml identity.min_sites = 50: an unrelated pair (discordance 0.25) reads <= 0.05 by
    # chance with p < 1e-4 at 50 sites, but not at 20 (binomial, as the comment there says)
    from math import comb

    def p_pass(n, d=0.25, limit=0.05):
        return sum(comb(n, k) * d**k * (1 - d) ** (n - k) for k in range(int(limit * n) + 1))

    assert p_pass(20) > 0.02 and p_pass(40) < 1.1e-3 and p_pass(50) < 1e-4
