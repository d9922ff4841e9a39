"""The validation cohort's AML and copy-number-defined B-ALL patients (scripts/alwgs/sim/
cohort_aml.py, cohort_ball_cn.py) on the cohort genome, without reads: each patient's truth
names guideline entities and known lesion ids, the planted cell genomes hold what the truth
says (chromosome counts in the guideline's ranges, LOH of one homolog where doubled, fusion
transcripts in 5'->3' order on one derivative), and the new event kinds build the sequences
they claim (hand-made references with their expected answers in comments).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from alwgs.sim.catalog import GENE_BY_NAME
from alwgs.sim.cells import CellGenome, materialize
from alwgs.sim.cohort_aml import define_aml
from alwgs.sim.cohort_ball_cn import chromosome_count, define_ball_cn, iamp21_segments
from alwgs.sim.dna import revcomp
from alwgs.sim.genome import Genome
from alwgs.sim.patients import Patient, build_clones
from alwgs.sim.truth import segment_junctions, write_cna, write_sv
from sim_fixtures import KNOWLEDGE, cohort_genome, derivatives, exon_seq, knowledge_tsv

SCHEMAS = Path(__file__).resolve().parents[2] / "config" / "schemas"


@pytest.fixture(scope="module")
def genome() -> Genome:
    return cohort_genome()


@pytest.fixture(scope="module")
def patients(genome) -> dict[str, Patient]:
    out = {}
    for p in define_aml(genome) + define_ball_cn(genome):
        build_clones(p, genome)
        out[p.id] = p
    return out


@pytest.fixture(scope="module")
def who_icc() -> dict:
    return yaml.safe_load((KNOWLEDGE / "who_icc2022.yaml").read_text())


# ------------------------------------------------------------------------- event kinds

# A hand-made reference: chrA = 0..9 A-block, chrB distinct letters, so every join shows.
REF = {"chrA": "AAAAACCCCCGGGGGTTTTT", "chrB": "ACGTACGTAATTGGCCAAGG"}


def test_invert_reverse_complements_the_segment():
    cells = CellGenome([[("chrA", 0, 0, 20)]])
    cells.invert("chrA", 0, 5, 15)
    # 0-4 AAAAA, then revcomp(CCCCCGGGGG) = CCCCCGGGGG, then TTTTT
    assert materialize(cells.chromosomes[0], REF, {}) == "AAAAA" + revcomp("CCCCCGGGGG") + "TTTTT"
    # copy number is unchanged by a balanced inversion
    assert all(cells.copies_at("chrA", p) == 1 for p in range(20))


def test_inverted_translocation_keeps_one_centromere_side_each():
    cells = CellGenome([[("chrA", 0, 0, 20)], [("chrB", 0, 0, 20)]])
    cells.translocate("chrA", 0, 10, "chrB", 0, 8, inverted=True)
    der_a, der_b = (materialize(d, REF, {}) for d in cells.chromosomes)
    # der(A) = A[:10] + revcomp(B[:8]); der(B) = revcomp(A[10:]) + B[8:]
    assert der_a == REF["chrA"][:10] + revcomp(REF["chrB"][:8])
    assert der_b == revcomp(REF["chrA"][10:]) + REF["chrB"][8:]


def test_uniparental_keeps_two_copies_of_one_homolog():
    cells = CellGenome.germline({"chrA": 20}, "female")
    cells.uniparental("chrA", 1)
    assert cells.copies_at("chrA", 3) == 2 and cells.copies_at("chrA", 3, hap=0) == 0


def test_rebuild_and_its_junctions():
    cells = CellGenome([[("chrB", 0, 0, 20)]])
    segments = [(0, 4, False), (8, 16, False), (10, 14, True)]
    cells.rebuild("chrB", 0, segments)
    # ACGT + AATTGGCC + revcomp(TTGG)
    assert materialize(cells.chromosomes[0], REF, {}) == "ACGT" + "AATTGGCC" + "CCAA"
    # 4|9: a deletion (left of 4, right of 9); 16|14: a fold-back, both sides left-joined
    assert segment_junctions(segments) == [(4, "+", 9, "-", "DEL"), (14, "+", 16, "+", "INV")]


# ------------------------------------------------------------------------------ truth


def test_samples_diagnosis_is_one_intake_accepts(patients):
    schema = yaml.safe_load((SCHEMAS / "samples.schema.yaml").read_text())
    accepted = schema["properties"]["diagnosis"]["enum"]
    assert "T-ALL" in accepted
    for p in patients.values():
        assert p.diagnosis in accepted and p.clinical["group"] == p.diagnosis, p.id


def test_ids_purity_and_pairing_vary(patients):
    assert all(re.fullmatch(r"A\d\d", i) or re.fullmatch(r"B\d\d", i) for i in patients)
    purities = [p.purity for p in patients.values()]
    assert min(purities) >= 0.3 and max(purities) <= 0.9 and len(set(purities)) > 5
    paired = {p.has_normal for p in patients.values()}
    assert paired == {True, False}
    # subclonal lesions: structural ones and labelled (clinical) small variants
    assert any(e["clone"] == "sub1" for p in patients.values() for e in p.structural)
    assert any(v.clone == "sub1" for p in patients.values() for v in p.somatic if v.label)


def test_entities_are_the_guideline_names(patients, who_icc):
    for p in patients.values():
        table = who_icc["classifications"][p.diagnosis]
        for key in ("who2022", "icc2022"):
            names = {row["entity"] for row in table[key]}
            assert p.clinical[key] in names, (p.id, key, p.clinical[key])
        keys = {
            "entity",
            "group",
            "eln2022",
            "defining_lesions",
            "who2022",
            "icc2022",
            "needs_rna",
            "hard",
            "germline_findings",
        }
        assert keys <= set(p.clinical), p.id
        assert p.clinical["hard"]
        if p.diagnosis == "AML":
            assert p.clinical["eln2022"] in ("favorable", "intermediate", "adverse"), p.id
        else:
            assert p.clinical["eln2022"] is None, p.id


def _known_lesion_ids(who_icc) -> tuple[set, set, set]:
    fusions = {f"{r['gene5']}::{r['gene3']}" for r in knowledge_tsv("known_fusions.tsv")}
    focal = {r["lesion"] for r in knowledge_tsv("focal_deletions.tsv")}
    derived = {d["lesion"] for d in who_icc["derived_lesions"]}
    eln = yaml.safe_load((KNOWLEDGE / "eln2022.yaml").read_text())["definitions"]
    derived |= {eln["complex_karyotype"]["lesion"], eln["monosomal_karyotype"]["lesion"]}
    karyotype = yaml.safe_load((KNOWLEDGE / "karyotype.yaml").read_text())
    arms = {r["lesion"] for r in karyotype["arm_lesions"]}
    return fusions, focal | arms, derived


def test_lesion_ids_are_known_ids(patients, who_icc):
    fusions, named, derived = _known_lesion_ids(who_icc)
    for p in patients.values():
        events = {e.get("event") for e in p.structural}
        for lid in p.clinical["defining_lesions"]:
            if "::" in lid:
                assert lid in fusions, (p.id, lid)  # gene5::gene3 as known_fusions.tsv orders
                assert any(e.get("fusion") == lid for e in p.structural), (p.id, lid)
            elif lid.endswith("_mut"):
                gene = lid.removesuffix("_mut")
                assert gene in GENE_BY_NAME, (p.id, lid)
                assert any(v.gene == gene for v in p.somatic), (p.id, lid)
            elif lid == "FLT3_ITD":
                assert any(v.kind == "ITD" for v in p.somatic), p.id
            elif re.fullmatch(r"[+-](\d+|X|Y)", lid):
                assert lid in events, (p.id, lid)  # a planted whole-chromosome event
            elif lid.endswith("_del") or lid.startswith("del("):
                assert lid in named, (p.id, lid)
                assert any(
                    (e.get("event") or "").endswith(lid.removesuffix("_del"))
                    or e.get("event") == lid
                    for e in p.structural
                ), (p.id, lid)
            else:
                assert lid in derived, (p.id, lid)
        for lid in p.clinical.get("absent_lesions", []):
            assert lid in derived and lid not in p.clinical["defining_lesions"], (p.id, lid)
    # B07 holds IKZF1plus' deletions with BCR::ABL1: IKZF1plus must not be reported
    assert patients["B07"].clinical["absent_lesions"] == ["IKZF1plus"]


def _range(who_icc, lesion: str, key: str = "chromosome_count") -> tuple[int, int]:
    d = next(x for x in who_icc["derived_lesions"] if x["lesion"] == lesion)
    conds = d["when"].get("all") or d["when"].get("any") or [d["when"]]
    r = next(c[key] for c in conds if key in c)
    return r["min"], r["max"]


def test_ploidy_patients_fall_in_the_guideline_ranges(patients, who_icc):
    count = {i: chromosome_count(p.tumor_cells["founder"]) for i, p in patients.items()}
    lo, hi = _range(who_icc, "high_hyperdiploidy")
    assert lo <= count["B01"] <= hi and count["B01"] == 55
    lo, hi = _range(who_icc, "near_haploid")
    assert lo <= count["B02"] <= hi and count["B02"] == 27
    lo, hi = _range(who_icc, "near_haploid", "masked_hypodiploid")
    rules = yaml.safe_load((KNOWLEDGE / "karyotype.yaml").read_text())["masked_hypodiploidy"]
    assert count["B03"] >= rules["min_chromosome_count"] and lo <= count["B03"] // 2 <= hi
    lo, hi = _range(who_icc, "low_hypodiploid")
    assert lo <= count["B04"] <= hi
    # every stated karyotype starts with the planted founder clone's chromosome count
    for i, p in patients.items():
        if p.clinical.get("karyotype"):
            assert int(p.clinical["karyotype"].split(",")[0]) == count[i], i


def _homologs(cells: CellGenome, chrom: str) -> list[set]:
    return [
        {int(h) for c, h, _, _ in der if c == chrom}
        for der in cells.chromosomes
        if any(c == chrom for c, *_ in der)
    ]


def test_masked_hypodiploid_doubles_one_homolog(patients):
    p = patients["B03"]
    cells = p.tumor_cells["founder"]
    loh = [e["chrom"] for e in p.structural if e["kind"] == "uniparental"]
    rules = yaml.safe_load((KNOWLEDGE / "karyotype.yaml").read_text())["masked_hypodiploidy"]
    assert len(loh) >= rules["min_whole_chromosome_loh"]
    for chrom in loh:
        homologs = _homologs(cells, chrom)
        assert len(homologs) == 2 and len(set().union(*homologs)) == 1, chrom
    for chrom in ("chrX", "chr14", "chr18", "chr21"):  # tetrasomic: both homologs, 2:2
        assert sorted(h for s in _homologs(cells, chrom) for h in s) == [0, 0, 1, 1], chrom


def test_hyperdiploid_gains_keep_both_parental_alleles(patients):
    cells = patients["B01"].tumor_cells["founder"]
    for e in patients["B01"].structural:
        assert {h for s in _homologs(cells, e["chrom"]) for h in s} == {0, 1}, e["chrom"]


def test_iamp21_levels_and_runx1_copies(patients, genome):
    cells = patients["B05"].tumor_cells["founder"]
    runx1, u2af1 = genome.gene("RUNX1"), genome.gene("U2AF1")
    assert cells.copies_at("chr21", (runx1.start + runx1.end) // 2) >= 5
    assert cells.copies_at("chr21", u2af1.start) == 1  # distal 21q lost
    c = genome.contigs["chr21"]
    levels = {cells.copies_at("chr21", pos) for pos in range(c.cen_end, c.length, 200)}
    assert levels == {1, 2, 3, 6}
    _, rows = iamp21_segments(genome)
    for start, end, cn, _ in rows:  # the truth rows state the planted copy number, all along
        assert {cells.copies_at("chr21", pos) for pos in range(start, end, 50)} == {cn}
        assert end - start >= 3000


@pytest.mark.parametrize(
    "pid, gene5, gene3",
    [
        ("A02", "CBFB", "MYH11"),
        ("A04", "KMT2A", "MLLT3"),
        ("A05", "DEK", "NUP214"),
        ("A09", "BCR", "ABL1"),
        ("B06", "ETV6", "RUNX1"),
        ("B07", "BCR", "ABL1"),
    ],
)
def test_fusion_transcript_on_one_derivative(patients, genome, pid, gene5, gene3):
    """Some derivative holds gene5's first exon and gene3's last exon on one strand, in that
    order (the chimeric gene the fusion names), and neither gene is whole on it."""
    first, last = exon_seq(genome, gene5, 0), exon_seq(genome, gene3, -1)
    found = False
    for seq in derivatives(genome, patients[pid]):
        for strand in (seq, revcomp(seq)):
            i, j = strand.find(first), strand.find(last)
            if i >= 0 and j > i:
                found = True
                assert strand.find(exon_seq(genome, gene5, -1)) < 0  # gene5 3' part not here
    assert found, (pid, gene5, gene3)


def test_gata2_upstream_lands_next_to_mecom(patients, genome):
    """inv(3): the sequence 5' of GATA2 (its distal enhancer's side) is moved beside MECOM,
    while GATA2 and MECOM themselves stay whole."""
    p = patients["A03"]
    inv = next(e for e in p.structural if e["kind"] == "invert")
    gata2, mecom = genome.gene("GATA2"), genome.gene("MECOM")
    assert gata2.end < inv["start"] < inv["end"] < mecom.start
    reference = {n: c.seq for n, c in genome.contigs.items()}
    der = next(
        d
        for d in p.tumor_cells["founder"].chromosomes
        if any(c == "chr3" and type(h) is not int for c, h, *_ in d)
    )
    seq = materialize(der, reference, {})
    enhancer_side = reference["chr3"][inv["start"] : inv["start"] + 300]  # inside the inversion
    mecom_3p = reference["chr3"][mecom.start : mecom.start + 300]
    i, j = seq.find(revcomp(enhancer_side)), seq.find(mecom_3p)
    # ...revcomp(enhancer side) | ref[end:] up to MECOM: now (end -> MECOM) + 300 bp away,
    # where it was (start -> MECOM) before
    assert i >= 0 and j - i == 300 + mecom.start - inv["end"] < mecom.start - inv["start"]


def test_truth_files_list_the_new_events(patients, genome, tmp_path):
    write_sv(patients["A02"].structural, tmp_path / "a02.bedpe")
    rows = [r.split("\t") for r in (tmp_path / "a02.bedpe").read_text().splitlines()[1:]]
    assert [(r[5], r[6], r[7], r[10]) for r in rows] == [("INV", "+", "+", "CBFB::MYH11")]
    write_sv(patients["B05"].structural, tmp_path / "b05.bedpe")
    rows = [r.split("\t") for r in (tmp_path / "b05.bedpe").read_text().splitlines()[1:]]
    assert sorted(r[5] for r in rows) == ["DEL", "DUP", "INV"]  # tandem copies: one junction
    write_cna(genome, patients["B03"].structural, tmp_path / "b03.bed")
    rows = [r.split("\t") for r in (tmp_path / "b03.bed").read_text().splitlines()[1:]]
    assert sum(r[4].startswith("cnLOH(") and r[3] == "2" for r in rows) == 19
    assert sum(r[3] == "4" for r in rows) == 4
    write_cna(genome, patients["B05"].structural, tmp_path / "b05.bed")
    rows = [r.split("\t") for r in (tmp_path / "b05.bed").read_text().splitlines()[1:]]
    assert [r[3] for r in rows] == ["1", "6", "3", "1"]


def test_ci_patients_entities_are_the_guideline_names(who_icc):
    """The ci/demo patients' truth names the entities as the knowledge file does (P02 had
    'APL with t(15;17)', short of the ICC name, so a scorer would have counted it missed)."""
    from alwgs.sim.generate import SEED
    from alwgs.sim.genome import build_genome
    from alwgs.sim.patients import define_patients
    from alwgs.sim.scales import SCALES

    for p in define_patients(build_genome(SEED, SCALES["tiny"])):
        table = who_icc["classifications"][p.diagnosis]
        for key in ("who2022", "icc2022"):
            if p.clinical.get(key):
                assert p.clinical[key] in {row["entity"] for row in table[key]}, (p.id, key)
