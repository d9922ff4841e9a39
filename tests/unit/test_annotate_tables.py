"""bcftools BCSQ parsing and choice, hotspot matching, preferred-transcript choice, and the
knowledge-table checks that stop a batch on a malformed row."""

import gzip
from pathlib import Path

import pytest
from alwgs.annotate import bcsq
from alwgs.annotate.hotspots import load_hotspots
from alwgs.annotate.tables import read_table
from alwgs.annotate.transcripts import (
    choose_transcripts,
    read_models,
    read_models_table,
    read_preferred_list,
    unversioned,
    write_models,
)

SHIPPED_HOTSPOTS = Path(__file__).resolve().parents[2] / "config" / "knowledge" / "hotspots.tsv"


# ------------------------------------------------------------------------------- BCSQ
def test_parse_skips_references_and_splits_compound_terms():
    entries = bcsq.parse(
        (
            "missense&inframe_altering|FLT3|FLT3-201|protein_coding|-|835D>835Y|31175C>A",
            "@31170",
            "*missense|X|X-1|protein_coding|+|1A>1V|1C>T",
            "intron|FLT3||protein_coding",
        )
    )
    assert [e.gene for e in entries] == ["FLT3", "FLT3"]
    assert entries[0].terms == ("missense", "inframe_altering")
    assert entries[0].aa_start == 835 and entries[1].aa_start is None


def test_choose_prefers_the_preferred_transcript_then_the_gene_entry():
    entries = bcsq.parse(
        (
            "stop_gained|G|G-202|protein_coding|+|5W>5*|1G>A",
            "missense|G|G-201|protein_coding|+|5W>5C|1G>T",
            "intron|G||protein_coding",
        )
    )
    assert bcsq.choose(entries, "G", "G-201").transcript == "G-201"
    # The preferred transcript is not among them: the transcript-less (intron) entry.
    assert bcsq.choose(entries, "G", "G-999").terms == ("intron",)
    assert bcsq.choose(entries, "OTHER", None) is None


def test_primary_gene_is_a_panel_gene_first_then_the_most_severe():
    entries = bcsq.parse(
        (
            "stop_gained|ZZZ|Z-1|protein_coding|+|5W>5*|1G>A",
            "intron|FLT3||protein_coding",
        )
    )
    assert bcsq.primary_gene(entries, {"FLT3"}) == "FLT3"
    assert bcsq.primary_gene(entries, set()) == "ZZZ"
    assert bcsq.primary_gene([], {"FLT3"}) is None


# ------------------------------------------------------------------------------- hotspots
@pytest.fixture(scope="module")
def hotspots():
    return load_hotspots(SHIPPED_HOTSPOTS)


HOTSPOT_CASES = [
    ("FLT3 D835Y is the TKD lesion", ("FLT3", {"missense"}, 835, 835), "HS-FLT3-TKD"),
    ("FLT3 I836del", ("FLT3", {"inframe_deletion"}, 836, 836), "HS-FLT3-TKD"),
    ("NPM1 exon 12 frameshift", ("NPM1", {"frameshift"}, 288, 288), "HS-NPM1-EX12"),
    ("NPM1 frameshift at codon 87 is no hotspot", ("NPM1", {"frameshift"}, 87, 87), None),
    ("NPM1 missense in exon 12 is no hotspot", ("NPM1", {"missense"}, 288, 288), None),
    ("CEBPA bZIP in-frame insertion", ("CEBPA", {"inframe_insertion"}, 310, 311), "HS-CEBPA-BZIP"),
    ("CEBPA frameshift in bZIP is not in-frame", ("CEBPA", {"frameshift"}, 310, 310), None),
    ("DDX41 R525H", ("DDX41", {"missense"}, 525, 525), "HS-DDX41-R525"),
    ("KIT D816V", ("KIT", {"missense"}, 816, 816), "HS-KIT-D816"),
    ("a range overlapping the codon counts", ("IDH1", {"missense"}, 131, 133), "HS-IDH1-R132"),
    ("other gene, same codon", ("IDH2", {"missense"}, 132, 132), None),
    ("no protein position", ("FLT3", {"missense"}, None, None), None),
]


@pytest.mark.parametrize("case,query,expected", HOTSPOT_CASES, ids=[c[0] for c in HOTSPOT_CASES])
def test_hotspot_matching(hotspots, case, query, expected):
    hit = hotspots.match(*query)
    assert (hit.id if hit else None) == expected


def test_shipped_hotspots_name_their_lesions_and_tiers(hotspots):
    assert hotspots.version and hotspots.sources
    assert hotspots.by_id("HS-FLT3-TKD").lesion == "FLT3_TKD"
    assert hotspots.by_id("HS-NPM1-EX12").lesion == "NPM1_mut"  # empty column -> <GENE>_mut
    assert {h.tier for h in hotspots.rows} <= {"I", "II"}
    assert len({h.id for h in hotspots.rows}) == len(hotspots.rows)


def test_every_tier_i_hotspot_names_the_diagnoses_its_tier_is_for(hotspots):
    # A tier I A row is tier I only where its guideline or approved therapy applies.
    for h in hotspots.rows:
        assert h.diseases and "any" not in h.diseases or h.tier == "II", h.id
    assert hotspots.by_id("HS-IDH1-R132").diseases == {"AML"}
    assert hotspots.by_id("HS-PAX5-P80").diseases == {"B-ALL"}
    assert hotspots.by_id("HS-IDH1-R132").holds_in("AML")
    assert not hotspots.by_id("HS-IDH1-R132").holds_in("B-ALL")
    assert hotspots.by_id("HS-KRAS-G12G13").holds_in("T-ALL")  # any


def test_hotspot_diseases_are_the_diagnoses_of_samples_tsv():
    from alwgs.annotate.hotspots import DISEASES
    from alwgs.interpret.knowledge import DIAGNOSES

    assert DISEASES == DIAGNOSES


def _hotspot_file(tmp_path, row):
    text = SHIPPED_HOTSPOTS.read_text().splitlines()
    header_at = next(i for i, line in enumerate(text) if line.startswith("id\t"))
    path = tmp_path / "hotspots.tsv"
    path.write_text("\n".join(text[: header_at + 1] + [row]) + "\n")
    return path


BAD_HOTSPOTS = [
    ("unknown consequence", "HS-X\tFLT3\t835\t835\tmisense\t\tI\tA\tAML\tx\ty", "misense"),
    ("reversed codons", "HS-X\tFLT3\t836\t835\tmissense\t\tI\tA\tAML\tx\ty", "codon range"),
    (
        "tier III is not a hotspot tier",
        "HS-X\tFLT3\t835\t835\tmissense\t\tIII\tA\tAML\tx\ty",
        "tier",
    ),
    ("bad level", "HS-X\tFLT3\t835\t835\tmissense\t\tI\tE\tAML\tx\ty", "level"),
    ("unknown disease", "HS-X\tFLT3\t835\t835\tmissense\t\tI\tA\tMDS\tx\ty", "'diseases'"),
    ("no disease", "HS-X\tFLT3\t835\t835\tmissense\t\tI\tA\t\tx\ty", "'diseases'"),
    ("missing source", "HS-X\tFLT3\t835\t835\tmissense\t\tI\tA\tAML\tx\t", "'source'"),
    ("too few fields", "HS-X\tFLT3\t835", "fields"),
]


@pytest.mark.parametrize("case,row,needle", BAD_HOTSPOTS, ids=[c[0] for c in BAD_HOTSPOTS])
def test_malformed_hotspot_row_names_file_and_line(tmp_path, case, row, needle):
    path = _hotspot_file(tmp_path, row)
    with pytest.raises(ValueError) as err:
        load_hotspots(path)
    assert str(path) in str(err.value) and "line" in str(err.value) and needle in str(err.value)


def test_table_needs_version_and_source(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("# source: x\ngene\ttranscript\treason\n")
    with pytest.raises(ValueError, match="version"):
        read_table(path, ["gene", "transcript", "reason"])
    path.write_text("# version: 1\ngene\ttranscript\treason\n")
    with pytest.raises(ValueError, match="source"):
        read_table(path, ["gene", "transcript", "reason"])


# ------------------------------------------------------------------------------- transcripts
GFF3 = """##gff-version 3
chr1\tt\tgene\t100\t900\t.\t+\t.\tID=gene:G1;Name=AAA;biotype=protein_coding
chr1\tt\tmRNA\t100\t900\t.\t+\t.\tID=transcript:T1;Parent=gene:G1;biotype=protein_coding;tag=basic
chr1\tt\texon\t100\t300\t.\t+\t.\tParent=transcript:T1
chr1\tt\tCDS\t150\t300\t.\t+\t0\tParent=transcript:T1
chr1\tt\tmRNA\t100\t900\t.\t+\t.\tID=transcript:T2;Parent=gene:G1;biotype=protein_coding;tag=basic,MANE_Select
chr1\tt\texon\t100\t200\t.\t+\t.\tParent=transcript:T2
chr1\tt\tCDS\t150\t200\t.\t+\t0\tParent=transcript:T2
chr1\tt\tgene\t1000\t2000\t.\t-\t.\tID=gene:G2;Name=BBB;biotype=protein_coding
chr1\tt\tmRNA\t1000\t2000\t.\t-\t.\tID=transcript:T3.4;Parent=gene:G2;biotype=protein_coding;tag=Ensembl_canonical
chr1\tt\texon\t1000\t1100\t.\t-\t.\tParent=transcript:T3.4
chr1\tt\tCDS\t1000\t1090\t.\t-\t0\tParent=transcript:T3.4
chr1\tt\tmRNA\t1000\t2000\t.\t-\t.\tID=transcript:T4;Parent=gene:G2;biotype=protein_coding
chr1\tt\texon\t1000\t1900\t.\t-\t.\tParent=transcript:T4
chr1\tt\tCDS\t1000\t1800\t.\t-\t0\tParent=transcript:T4
chr1\tt\tgene\t3000\t4000\t.\t+\t.\tID=gene:G3;Name=CCC;biotype=protein_coding
chr1\tt\tmRNA\t3000\t4000\t.\t+\t.\tID=transcript:T5;Parent=gene:G3;biotype=protein_coding
chr1\tt\texon\t3000\t3100\t.\t+\t.\tParent=transcript:T5
chr1\tt\tCDS\t3000\t3090\t.\t+\t0\tParent=transcript:T5
chr1\tt\tmRNA\t3000\t4000\t.\t+\t.\tID=transcript:T6;Parent=gene:G3;biotype=protein_coding
chr1\tt\texon\t3000\t3500\t.\t+\t.\tParent=transcript:T6
chr1\tt\tCDS\t3000\t3400\t.\t+\t0\tParent=transcript:T6
chr1\tt\tncRNA_gene\t5000\t6000\t.\t+\t.\tID=gene:G4;Name=DDD;biotype=lncRNA
chr1\tt\tlnc_RNA\t5000\t6000\t.\t+\t.\tID=transcript:T7;Parent=gene:G4;biotype=lncRNA
chr1\tt\texon\t5000\t6000\t.\t+\t.\tParent=transcript:T7
"""


@pytest.fixture
def gff3(tmp_path):
    path = tmp_path / "genes.gff3.gz"
    with gzip.open(path, "wt") as fh:
        fh.write(GFF3)
    return path


def test_transcript_choice_order(gff3):
    chosen, warnings = choose_transcripts(gff3, {})
    by_gene = {gene: (tx, why) for tx, (gene, why) in chosen.items()}
    assert by_gene["AAA"] == ("T2", "MANE_Select")  # MANE over a longer CDS
    assert by_gene["BBB"] == ("T3.4", "Ensembl_canonical")
    assert by_gene["CCC"] == ("T6", "longest_cds")
    assert "DDD" not in by_gene  # no CDS: not a protein-coding choice
    assert warnings == []


def test_listed_transcript_wins_and_versions_are_ignored(gff3):
    chosen, warnings = choose_transcripts(gff3, {"AAA": "T1", "BBB": "T4.9", "CCC": "T99"})
    by_gene = {gene: (tx, why) for tx, (gene, why) in chosen.items()}
    assert by_gene["AAA"] == ("T1", "listed")
    assert by_gene["BBB"] == ("T4", "listed")
    assert by_gene["CCC"][0] == "T6" and "T99 not in the annotation" in by_gene["CCC"][1]
    assert any("CCC" in w for w in warnings)
    assert unversioned("ENST00000269305.9") == "ENST00000269305"


def test_models_round_trip_through_the_table(gff3, tmp_path):
    chosen, _ = choose_transcripts(gff3, {})
    models = read_models(gff3, chosen)
    write_models(models, tmp_path / "m.tsv")
    again = read_models_table(tmp_path / "m.tsv")
    m = again[("BBB", "chr1")]
    assert (m.transcript, m.strand, m.exons, m.cds) == ("T3.4", "-", [(1000, 1100)], [(1000, 1090)])
    assert m.c_pos(1090) == "1" and m.c_pos(1100) == "-10"


def test_preferred_list_rejects_a_gene_listed_twice(tmp_path):
    path = tmp_path / "p.tsv"
    path.write_text("# version: 1\n# source: x\ngene\ttranscript\treason\nA\tT1\t\nA\tT2\t\n")
    with pytest.raises(ValueError, match="listed twice"):
        read_preferred_list(path)
