"""Knowledge files of the fusion stage, the GFF3 gene reader and gene loci (IGH)."""

import pytest
from alwgs.sv.fusions import FusionAnnotator
from alwgs.sv.genes import Gene, GeneIndex, read_genes
from alwgs.sv.known_fusions import (
    KnownFusion,
    knowledge_paths,
    read_gene_loci,
    read_known_fusions,
    read_ptd_genes,
)
from alwgs.sv.merge import SvEvent

REQUIRED = [
    "PML::RARA", "RUNX1::RUNX1T1", "CBFB::MYH11", "BCR::ABL1", "KMT2A::MLLT3", "KMT2A::AFF1",
    "KMT2A::MLLT10", "KMT2A::ELL", "KMT2A::MLLT1", "DEK::NUP214", "GATA2::MECOM",
    "ETV6::RUNX1", "TCF3::PBX1", "NUP98::NSD1", "NUP98::KDM5A", "IGH::DUX4", "P2RY8::CRLF2",
    "RBM15::MRTFA", "KAT6A::CREBBP",
]  # fmt: skip


def test_shipped_known_fusion_list(repo_root):
    known = read_known_fusions(repo_root / "config/knowledge/known_fusions.tsv")
    names = {k.name: k for k in known.rows}
    assert set(REQUIRED) <= set(names)
    assert known.version
    assert any("Khoury" in s for s in known.sources)
    assert any("Arber" in s for s in known.sources)
    assert any("Döhner" in s for s in known.sources)
    assert names["GATA2::MECOM"].mechanism == "enhancer"
    assert names["IGH::DUX4"].mechanism == "enhancer" and names["IGH::DUX4"].flank_bp > 0
    assert names["PML::RARA"].flank_bp == 0
    # Every source code used in a row is defined in a source line.
    codes = {s.split("=")[0].strip() for s in known.sources if "=" in s}
    for k in known.rows:
        assert set(k.source.split(";")) <= codes, k.name


def test_shipped_ptd_and_loci_files(repo_root):
    ptd = read_ptd_genes(repo_root / "config/knowledge/ptd_genes.tsv")
    assert [p.gene for p in ptd.rows] == ["KMT2A"]
    loci = read_gene_loci(repo_root / "config/knowledge/gene_loci.tsv")
    assert "IGH" in {locus.locus for locus in loci.rows}


HEAD = (
    "# version: 1\n# source: X = test\ngene5\tgene3\tmechanism\tdisease\tiscn\tflank_bp\tsource\n"
)


@pytest.mark.parametrize(
    "body, message",
    [
        ("A\tB\tfusion\tAML\tt(1;2)\t0\tX\n", "mechanism"),
        ("A\tB\tchimeric\tAML\tt(1;2)\t-5\tX\n", "flank_bp"),
        ("A\tA\tchimeric\tAML\tt(1;2)\t0\tX\n", "both A"),
        ("A\tB\tchimeric\tAML\tt(1;2)\t0\tX\nB\tA\tenhancer\tAML\tt(1;2)\t0\tX\n", "repeats"),
        ("A\tB\tchimeric\tAML\tt(1;2)\t0\n", "fields"),
        ("A B\tC\tchimeric\tAML\tt(1;2)\t0\tX\n", "gene name"),
    ],
)
def test_known_fusion_errors_name_the_line(tmp_path, body, message):
    path = tmp_path / "k.tsv"
    path.write_text(HEAD + body)
    with pytest.raises(ValueError, match=message) as err:
        read_known_fusions(path)
    assert "line " in str(err.value)


def test_known_fusions_need_version_source_and_header(tmp_path):
    path = tmp_path / "k.tsv"
    path.write_text(HEAD.replace("# version: 1\n", ""))
    with pytest.raises(ValueError, match="version"):
        read_known_fusions(path)
    path.write_text("# version: 1\n# source: X = y\ngene5\tgene3\n")
    with pytest.raises(ValueError, match="header"):
        read_known_fusions(path)


def test_gene_loci_pattern_must_compile(tmp_path):
    path = tmp_path / "l.tsv"
    path.write_text("# version: 1\n# source: HGNC\nlocus\tmember_pattern\tsource\nIGH\tIGH(\tX\n")
    with pytest.raises(ValueError, match="member_pattern"):
        read_gene_loci(path)


GFF3 = """##gff-version 3
chr14\tens\tgene\t1000\t2000\t.\t-\t.\tID=gene:E1;Name=IGHM;biotype=IG_C_gene
chr14\tens\tgene\t5000\t5300\t.\t-\t.\tID=gene:E2;Name=IGHV1-2;biotype=IG_V_gene
chr14\tens\tgene\t3000\t3050\t.\t-\t.\tID=gene:E3;Name=IGHJ4;biotype=IG_J_gene
chr15\tens\tgene\t900\t1200\t.\t+\t.\tID=gene:E4;Name=IGHV1OR15-1;biotype=IG_V_pseudogene
chr11\tens\tgene\t100\t9000\t.\t+\t.\tID=gene:E5;Name=IGHMBP2;biotype=protein_coding
chr4\tens\tgene\t20000\t21000\t.\t+\t.\tID=gene:E6;Name=DUX4;biotype=protein_coding
chr4\tens\tmRNA\t20000\t21000\t.\t+\t.\tID=transcript:T6;Parent=gene:E6;Name=DUX4-201
chr4\tens\tncRNA_gene\t30000\t31000\t.\t-\t.\tID=gene:E7;biotype=lncRNA;gene_id=E7
"""


def test_read_genes_of_an_ensembl_gff3(tmp_path):
    path = tmp_path / "g.gff3"
    path.write_text(GFF3)
    genes = {g.name: g for g in read_genes(path)}
    assert set(genes) == {"IGHM", "IGHV1-2", "IGHJ4", "IGHV1OR15-1", "IGHMBP2", "DUX4", "E7"}
    assert (genes["DUX4"].start, genes["DUX4"].end, genes["DUX4"].strand) == (20000, 21000, "+")
    assert genes["E7"].biotype == "lncRNA"
    index = GeneIndex.from_gff3(path)
    assert index.names_at("chr14", 1500) == ["IGHM"]
    assert index.names_at("chr14", 2500) == []
    assert [g.name for g in index.at("chr4", 30500, ["protein_coding"])] == []


def test_locus_spans_its_members_on_their_main_chromosome(tmp_path):
    path = tmp_path / "g.gff3"
    path.write_text(GFF3)
    index = GeneIndex.from_gff3(path)
    igh = index.add_locus("IGH", r"IGH([VDJ][0-9].*|M|D|E|G[1-4]|GP|A[12])")
    assert (igh.chrom, igh.start, igh.end, igh.strand) == ("chr14", 1000, 5300, "-")
    assert index.names_at("chr14", 2500) == []  # loci are not breakpoint genes
    assert index.add_locus("IGK", r"IGK([VJ][0-9].*|C)") is None
    # IGH::DUX4 (enhancer, 50-kb flank) now matches a junction between the two.
    entry = KnownFusion("IGH", "DUX4", "enhancer", "B-ALL", ".", 50000, "X")
    annotator = FusionAnnotator(index, [entry], [])
    sv = SvEvent("SV1", "BND", "chr4", 19000, "+", "chr14", 2500, "-", ["delly"], 5, 5)
    call = annotator.interpret(sv)
    assert (call.fusion, call.known, call.orientation_ok) == ("IGH::DUX4", True, True)


def test_knowledge_paths_resolve_and_check_every_file(repo_root, tmp_path):
    sv = {
        "known_fusions": "config/knowledge/known_fusions.tsv",
        "ptd_genes": "config/knowledge/ptd_genes.tsv",
        "gene_loci": str(repo_root / "config/knowledge/gene_loci.tsv"),  # absolute stays
        "targeted_rearrangements": "config/knowledge/targeted_rearrangements.tsv",
    }
    paths = knowledge_paths(sv, repo_root)
    assert paths["known_fusions"] == str(repo_root / "config/knowledge/known_fusions.tsv")
    assert paths["gene_loci"] == sv["gene_loci"]
    with pytest.raises(ValueError, match="sv.ptd_genes"):
        knowledge_paths(dict(sv, ptd_genes=str(tmp_path / "missing.tsv")), repo_root)
    bad = tmp_path / "bad.tsv"
    bad.write_text("gene\tdisease\tsource\nKMT2A\tAML\tX\n")  # no version line
    with pytest.raises(ValueError, match="sv.ptd_genes.*version"):
        knowledge_paths(dict(sv, ptd_genes=str(bad)), repo_root)


@pytest.mark.parametrize(
    ("genes", "deletion", "fusion"),
    [
        # PAR1 deletion on X (or Y: reads cannot tell, all align to X in an analysis set):
        # from just upstream of CRLF2 (within the entry's 20-kb flank) into P2RY8 intron 1
        (
            [
                Gene("CRLF2", "chrX", 1190489, 1212723, "-"),
                Gene("P2RY8", "chrX", 1462580, 1537185, "-"),
            ],
            ("chrX", 1213500, 1530000),
            "P2RY8::CRLF2",
        ),
        # the same mechanism on chr1 (T-ALL): upstream of TAL1 into STIL intron 1
        (
            [
                Gene("TAL1", "chr1", 47216289, 47232225, "-"),
                Gene("STIL", "chr1", 47250138, 47314892, "-"),
            ],
            ("chr1", 47233000, 47300000),
            "STIL::TAL1",
        ),
    ],
)  # fmt: skip
def test_interstitial_deletion_joining_known_partners_is_the_known_fusion(
    repo_root, genes, deletion, fusion
):
    """GRCh38 gene spans and strands (config/reference/genes.GRCh38.tsv); the shipped known
    fusion list. A deletion (+ -) keeps the left side of its first end and the right side of
    its second: the 3' partner whole (its 5' end lies just right of the first end) and the
    5' partner's first exon."""
    known = read_known_fusions(repo_root / "config/knowledge/known_fusions.tsv").rows
    index = GeneIndex(genes)
    chrom, start, end = deletion
    sv = SvEvent("D1", "DEL", chrom, start, "+", chrom, end, "-", ["delly"], 8, 8)
    call = FusionAnnotator(index, known).interpret(sv)
    assert (call.fusion, call.known, call.orientation_ok) == (fusion, True, True)
    assert call.event == "deletion" and call.mechanism == "chimeric"
    # the same breakpoints outside the entry's flank name no known fusion
    far = SvEvent("D2", "DEL", chrom, start - 60_000, "+", chrom, end, "-", ["delly"], 8, 8)
    far_call = FusionAnnotator(index, known).interpret(far)
    assert far_call is None or far_call.fusion != fusion
