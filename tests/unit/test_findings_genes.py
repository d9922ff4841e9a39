"""The shipped GRCh38 gene table (config/reference/genes.GRCh38.tsv) and how findings segments
take their genes from it: the table is checked against itself and the shipped cytobands, a bad
table names file, line and field, a segment's own `genes` list wins, and a segment given only by
coordinates becomes the gene's lesion (iAMP21 over RUNX1, a focal deletion of CDKN2A)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from alwgs.cnv.cytobands import Cytobands
from alwgs.findings.copy_number import segment_row
from alwgs.findings.genes import GeneTableError, read_gene_table
from alwgs.findings.reader import interpret_findings, read_findings
from alwgs.findings.resources import SHIPPED_CYTOBANDS, SHIPPED_GENES, load_resources

TABLE = read_gene_table(SHIPPED_GENES["GRCh38"])
BANDS = Cytobands.from_file(SHIPPED_CYTOBANDS["GRCh38"])
RES = load_resources()
HEADER = "# version: test-1\ngene\tchrom\tstart\tend\tsource_id\n"


def table_file(tmp_path: Path, rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "genes.tsv"
    path.write_text(header + rows)
    return path


# --------------------------------------------------------------------------- the shipped table
def test_the_shipped_table_reads_and_says_its_source():
    text = SHIPPED_GENES["GRCh38"].read_text()
    assert "# source: GENCODE release 44" in text
    assert "oicr-gsi/djerba (" in text and "65054696544c1dfe13da421810d8e71a5cef4f5d" in text
    assert TABLE.version.startswith("2026.12-") and "GENCODE 44" in TABLE.version
    assert "genes.GRCh38.tsv" in TABLE.describe()
    assert f"this version holds {len(TABLE.spans)} of the knowledge genes" in text


def test_no_gene_is_both_a_row_and_listed_as_not_copied():
    text = SHIPPED_GENES["GRCh38"].read_text()
    (line,) = [x for x in text.splitlines() if x.startswith("# not yet copied")]
    said = line.split("): ", 1)[1].split()
    assert said, "the line lists the genes not yet copied, or says none"
    waiting = set() if said == ["none"] else set(said)
    assert not waiting & {s.gene for s in TABLE.spans}


def test_rows_of_a_chromosome_are_in_the_source_order_by_start_and_by_id():
    """The source is sorted by chromosome and start and numbers its rows gene1, gene2, ...: a row
    copied with a wrong start or from the wrong line breaks the order."""
    rows = [
        line.split("\t")
        for line in SHIPPED_GENES["GRCh38"].read_text().splitlines()
        if line and not line.startswith(("#", "gene\t"))
    ]
    ids = [int(r[4].removeprefix("gene")) for r in rows]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    for chrom in {r[1] for r in rows}:
        starts = [int(r[2]) for r in rows if r[1] == chrom]  # rows are written in id order
        assert starts == sorted(starts), chrom
    chroms = [r[1] for r in rows]  # one block per chromosome, in the source's order
    blocks = sum(1 for i, c in enumerate(chroms) if i == 0 or chroms[i - 1] != c)
    assert blocks == len(set(chroms))


@pytest.mark.parametrize(
    ("gene", "band"),
    [
        ("RUNX1", "21q22.12"),
        ("IKZF1", "7p12.2"),
        ("CDKN2A", "9p21.3"),
        ("PAX5", "9p13.2"),
        ("ETV6", "12p13.2"),
        ("ERG", "21q22.2"),
        ("BTG1", "12q21.33"),
        ("RB1", "13q14.2"),
        ("PTEN", "10q23.31"),
    ],
)
def test_genes_lie_in_their_cytogenetic_band(gene, band):
    (span,) = [s for s in TABLE.spans if s.gene == gene]
    chrom, name = band.split("p" if "p" in band else "q", 1)
    arm = "p" if "p" in band else "q"
    (b,) = [x for x in BANDS.by_chrom[f"chr{chrom}"] if x.name == arm + name]
    assert span.chrom == chrom and b.start <= span.start < span.end <= b.end


# --------------------------------------------------------------------------- the reader
def test_overlap_is_half_open_and_any_contig_naming(tmp_path):
    t = read_gene_table(table_file(tmp_path, "A\tchr3\t100\t200\tgene1\nB\t3\t300\t400\tgene2\n"))
    assert t.overlapping("chr3", 0, 100) == []  # ends where A starts
    assert t.overlapping("3", 199, 300) == ["A"]  # one base of A, B starts at the end
    assert t.overlapping("chr3", 150, 350) == ["A", "B"] and t.overlapping("chr4", 0, 999) == []
    assert t.version == "test-1"


@pytest.mark.parametrize(
    ("rows", "header", "words"),
    [
        ("A\t1\t1\t2\tgene1\n", "gene\tchrom\tstart\tend\n", "line 1: header must be"),
        ("A\t1\t10\n", HEADER, "line 3: 3 fields, expected 5"),
        ("A\t1\tten\t20\tgene1\n", HEADER, "line 3: field start: 'ten' is not a whole number"),
        ("A\t1\t20\t20\tgene1\n", HEADER, "line 3: field end: 20 is not after 20"),
        ("A\t\t1\t2\tgene1\n", HEADER, "line 3: field chrom is empty"),
        ("A\t1\t1\t2\tgene1\nA\t1\t5\t6\tgene2\n", HEADER, "line 4: field gene: A is already"),
        ("", "# only comments\n", "no header line"),
    ],
)
def test_a_bad_table_names_file_line_and_field(tmp_path, rows, header, words):
    path = table_file(tmp_path, rows, header)
    with pytest.raises(GeneTableError) as err:
        read_gene_table(path)
    assert str(err.value).startswith(str(path)) and words in str(err.value)


# --------------------------------------------------------------------------- segments
BM = RES.bands("GRCh38")
SETTINGS = RES.cnv  # the copy-number level settings of config/config.yaml
RUNX1_GAIN = {"chrom": "chr21", "start": 30_200_000, "end": 38_300_000, "copy_number": 6}


def test_a_segment_without_genes_takes_the_tables_and_says_so():
    row = segment_row(dict(RUNX1_GAIN), BM, "male", SETTINGS, TABLE)
    assert "RUNX1" in row["genes"].split(",") and "ERG" not in row["genes"].split(",")
    assert f"genes overlapped in genes.GRCh38.tsv ({TABLE.version}" in row["note"]


@pytest.mark.parametrize(("given", "expected"), [([], "."), (["ERG"], "ERG")])
def test_the_files_own_genes_win(given, expected):
    row = segment_row({**RUNX1_GAIN, "genes": given}, BM, "male", SETTINGS, TABLE)
    assert row["genes"] == expected and "genes as the findings file names them" in row["note"]


def test_without_a_table_no_gene_is_listed():
    row = segment_row(dict(RUNX1_GAIN), BM, "male", SETTINGS, None)
    assert row["genes"] == "." and "no gene table for this build" in row["note"]


FINDINGS = """\
alwgs_findings: 1
case: GENES-1
build: GRCh38
sample: {diagnosis: B-ALL, blasts: 0.8, sex: male, matched_normal: true, qc: PASS}
copy_number:
  - {chrom: chr21, start: 30200000, end: 38300000, type: gain, copy_number: 6}
  - {chrom: chr9, start: 21900000, end: 22100000, type: loss, copy_number: 0}
"""


def test_coordinates_alone_make_iamp21_and_the_focal_deletion(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text(FINDINGS)
    (f,) = read_findings(path, RES)
    out = interpret_findings(f, RES)
    ids = {le["id"] for le in out["lesions"]}
    assert {"iAMP21", "CDKN2A_del", "CDKN2B_del"} <= ids
    assert out["icc2022"]["entity"] == "B-ALL with iAMP21"
    assert out["findings"]["gene_table"] == f"genes.GRCh38.tsv ({TABLE.version})"


def test_a_lab_table_replaces_the_shipped_one(tmp_path):
    lab = table_file(tmp_path, "RUNX1\tchr21\t1000\t2000\tlab1\n")
    res = load_resources(genes={"GRCh38": lab})
    path = tmp_path / "f.yaml"
    path.write_text(FINDINGS)
    (f,) = read_findings(path, res)
    out = interpret_findings(f, res)
    assert "iAMP21" not in {le["id"] for le in out["lesions"]}  # RUNX1 is elsewhere in it
    assert out["findings"]["gene_table"] == "genes.tsv (test-1)"


# --------------------------------------------------------------------------- coverage
KNOWLEDGE = Path(__file__).resolve().parents[2] / "config"
RULE_KEYS = {"fusion", "rearranged", "mutated", "itd", "ptd", "deleted", "gene", "genes", "gene_in"}


def _rule_genes(node, out: set) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in RULE_KEYS:
                items = value if isinstance(value, list) else [value]
                out.update(v for v in items if isinstance(v, str))
            _rule_genes(value, out)
    elif isinstance(node, list):
        for item in node:
            _rule_genes(item, out)


def _knowledge_genes() -> set:
    """Every gene a panel, a knowledge table or a classification rule names."""
    genes: set = set()
    tables = {
        "knowledge/focal_deletions.tsv": ("gene",),
        "knowledge/known_fusions.tsv": ("gene5", "gene3"),
        "knowledge/gene_roles.tsv": ("gene",),
        "knowledge/hotspots.tsv": ("gene",),
        "knowledge/functional_domains.tsv": ("gene",),
        "knowledge/ptd_genes.tsv": ("gene",),
        **{f"panels/{p.name}": ("gene",) for p in (KNOWLEDGE / "panels").glob("*.tsv")},
    }
    for name, columns in tables.items():
        lines = [x for x in (KNOWLEDGE / name).read_text().splitlines() if not x.startswith("#")]
        header = lines[0].split("\t")
        for line in lines[1:]:
            row = dict(zip(header, line.split("\t"), strict=False))
            genes.update(row[c] for c in columns if row.get(c))
    for name in (
        "who_icc2022",
        "eln2022",
        "eln2024",
        "amp_tiers",
        "germline_predisposition",
        "oncogenicity",
        "karyotype",
    ):
        _rule_genes(yaml.safe_load((KNOWLEDGE / "knowledge" / f"{name}.yaml").read_text()), genes)
    return {g for g in genes if isinstance(g, str) and g[:1].isupper() and " " not in g}


def test_every_knowledge_gene_is_in_the_table_or_said_missing():
    """A gene added to the knowledge must get a row, or be named in the header's lists."""
    text = SHIPPED_GENES["GRCh38"].read_text()
    said = " ".join(x for x in text.splitlines() if x.startswith("# not "))
    listed = {s.gene for s in TABLE.spans}
    absent = sorted(
        g for g in _knowledge_genes() - listed if g not in said.replace(",", " ").split()
    )
    assert not absent, absent
    assert {
        "RUNX1",
        "IKZF1",
        "CDKN2A",
        "PAX5",
        "ETV6",
        "ERG",
        "TP53",
        "NF1",
        "BTG1",
        "RB1",
        "PTEN",
    } <= listed
