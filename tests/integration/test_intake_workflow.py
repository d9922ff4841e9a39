"""Bad input stops `./alwgs run` before any job, with the file, line and field named, and
without creating or changing anything: the batch directory keeps exactly the results of an
earlier run, and the reference cache is not created.

Each case edits a copy of the tiny demo batch (sheets, config, reference files) in one way
and states the place the message must name and a piece of its text."""

import gzip
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.bad_input

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Batch:
    """A copy of the tiny batch being edited: sheets as rows of cells (header first)."""

    root: Path
    samples: list[list[str]]
    units: list[list[str]]
    config: dict
    files: dict[str, Path] = field(default_factory=dict)

    def cell(self, sheet: str, line: int, column: str, value: str) -> None:
        rows = getattr(self, sheet)
        rows[line - 1][rows[0].index(column)] = value

    def copy_of(self, source: Path, name: str) -> Path:
        """A copy of a file below root, e.g. to damage it without touching the original."""
        target = self.root / "inputs" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
        return target


CASES: dict[str, Callable[[Batch], tuple[str, str]]] = {}


def case(function: Callable[[Batch], tuple[str, str]]):
    """A bad-input case: edits the batch, returns (where the message points, text in it)."""
    CASES[function.__name__] = function
    return function


# --------------------------------------------------------------------------- sheets


@case
def samples_column_missing(b: Batch):
    column = b.samples[0].index("sex")
    b.samples = [row[:column] + row[column + 1 :] for row in b.samples]
    return "samples.tsv line 1, field 'sex'", "required column is missing"


@case
def units_column_unknown(b: Batch):
    b.units = [row + ["x"] for row in b.units]
    b.units[0][-1] = "lane"
    return "units.tsv line 1, field 'lane'", "unknown column (known: sample, unit"


@case
def sheet_separated_by_spaces(b: Batch):
    b.samples[0] = [" ".join(b.samples[0])]
    return "samples.tsv line 1, field 'sample patient", "the sheet must be tab-separated"


@case
def sample_id_duplicated(b: Batch):
    b.cell("samples", 3, "sample", "P01-T")
    return "samples.tsv line 3, field 'sample'", "'P01-T' is already used on line 2"


@case
def sample_id_with_shell_metacharacter(b: Batch):
    b.cell("samples", 2, "sample", "P01-T;rm")
    return "samples.tsv line 2, field 'sample'", "has characters other than letters"


@case
def patient_id_with_command_substitution(b: Batch):
    b.cell("samples", 4, "patient", "$(id)")
    return "samples.tsv line 4, field 'patient'", "'$(id)' has characters other than"


@case
def sample_id_with_path_separator(b: Batch):
    b.cell("samples", 2, "sample", "P01/T")
    return "samples.tsv line 2, field 'sample'", "'P01/T' has characters other than"


@case
def diagnosis_unknown(b: Batch):
    b.cell("samples", 5, "diagnosis", "AML-M4")
    return "samples.tsv line 5, field 'diagnosis'", "'AML-M4' is not one of: AML, B-ALL"


@case
def sex_unknown(b: Batch):
    b.cell("samples", 3, "sex", "M")
    return "samples.tsv line 3, field 'sex'", "'M' is not one of: male, female, unknown"


@case
def purity_out_of_range(b: Batch):
    b.cell("samples", 4, "purity", "1.5")
    return "samples.tsv line 4, field 'purity'", "1.5 must be at most 1"


@case
def patient_with_two_normals(b: Batch):
    b.samples.append(["P01-N2", "P01", "normal", "male", "AML", ""])
    return "samples.tsv line 12, field 'patient'", "patient 'P01' already has a normal ('P01-N'"


@case
def normal_without_units(b: Batch):
    b.units = [row for row in b.units if row[0] != "P01-N"]
    return "samples.tsv line 3, field 'sample'", "'P01-N' has no unit in"


@case
def matched_normal_of_another_patient(b: Batch):
    b.samples = [row + ["matched_normal" if i == 0 else ""] for i, row in enumerate(b.samples)]
    b.cell("samples", 4, "matched_normal", "P01-N")  # P02-T, patient P02
    return (
        "samples.tsv line 4, field 'matched_normal'",
        "'P01-N' (line 3) belongs to patient 'P01', not 'P02'",
    )


@case
def matched_normal_not_in_the_sheet(b: Batch):
    b.samples = [row + ["matched_normal" if i == 0 else ""] for i, row in enumerate(b.samples)]
    b.cell("samples", 2, "matched_normal", "P01-N-old")
    return "samples.tsv line 2, field 'matched_normal'", "'P01-N-old' is not a sample"


@case
def unit_duplicated(b: Batch):
    b.units.append(list(b.units[1]))
    b.units[-1][3:5] = ["fq/a_R1.fq.gz", "fq/a_R2.fq.gz"]
    return "units.tsv line 18, field 'unit'", "'L1' of sample 'P01-T' is already used on line 2"


@case
def fastq_missing(b: Batch):
    b.cell("units", 4, "fq1", "/nonexistent/x_R1.fastq.gz")
    return "units.tsv line 4, field 'fq1'", "'/nonexistent/x_R1.fastq.gz' does not exist"


@case
def fastq_empty_file(b: Batch):
    empty = b.root / "inputs" / "empty_R2.fastq.gz"
    empty.parent.mkdir(parents=True, exist_ok=True)
    empty.write_bytes(b"")
    b.cell("units", 3, "fq2", str(empty))
    return "units.tsv line 3, field 'fq2'", "empty_R2.fastq.gz' is empty"


@case
def fastq_without_reads(b: Batch):
    empty = b.root / "inputs" / "noreads_R1.fastq.gz"
    empty.parent.mkdir(parents=True, exist_ok=True)
    empty.write_bytes(gzip.compress(b""))
    b.cell("units", 5, "fq1", str(empty))
    return "units.tsv line 5, field 'fq1'", "noreads_R1.fastq.gz' is empty (no reads)"


@case
def fastq_not_gzipped(b: Batch):
    plain = b.root / "inputs" / "plain_R1.fastq.gz"
    plain.parent.mkdir(parents=True, exist_ok=True)
    plain.write_bytes(b"@r1\nACGT\n+\nIIII\n")
    b.cell("units", 2, "fq1", str(plain))
    return "units.tsv line 2, field 'fq1'", "plain_R1.fastq.gz' is not a gzip-compressed FASTQ"


@case
def fastq_in_phred64(b: Batch):
    # Passed intake, the data check and fastp, which reported Q30 = 1.0.
    source = Path(b.units[2][4])  # line 3, fq2
    records = gzip.decompress(source.read_bytes()).splitlines(keepends=True)
    for i in range(3, len(records), 4):
        records[i] = bytes(c + 31 if c > 32 else c for c in records[i])
    target = b.root / "inputs" / "phred64_R2.fastq.gz"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(gzip.compress(b"".join(records), mtime=0))
    b.cell("units", 3, "fq2", str(target))
    return "units.tsv line 3, field 'fq2'", "has Phred+64 quality values"


@case
def fastq_copied_to_another_patient(b: Batch):
    # A copy under another name (a link is caught by device and inode).
    copy = b.copy_of(Path(b.units[1][3]), "copy_R1.fastq.gz")  # line 2's fq1
    b.cell("units", 5, "fq1", str(copy))
    return "units.tsv line 5, field 'fq1'", "holds the same data as"


def with_bam_column(b: Batch) -> None:
    b.units = [row + ["bam" if i == 0 else ""] for i, row in enumerate(b.units)]


@case
def bam_and_fastq_on_one_row(b: Batch):
    with_bam_column(b)
    b.cell("units", 3, "bam", b.units[2][3])
    return "units.tsv line 3, field 'bam'", "a row names fq1 and fq2 or a bam, not both"


@case
def bam_that_is_a_fastq(b: Batch):
    with_bam_column(b)
    fastq = b.units[3][3]
    b.cell("units", 4, "fq1", "")
    b.cell("units", 4, "fq2", "")
    b.cell("units", 4, "bam", fastq)
    return "units.tsv line 4, field 'bam'", "is a gzip-compressed FASTQ, not a BAM or CRAM"


@case
def bam_truncated(b: Batch):
    with_bam_column(b)
    bam = b.root / "inputs" / "unaligned.bam"
    bam.parent.mkdir(parents=True, exist_ok=True)
    r1, r2 = b.units[4][3:5]
    subprocess.run(["samtools", "import", "-1", r1, "-2", r2, "-o", str(bam)], check=True)
    bam.write_bytes(bam.read_bytes()[:-100])  # a copy cut short
    b.cell("units", 5, "fq1", "")
    b.cell("units", 5, "fq2", "")
    b.cell("units", 5, "bam", str(bam))
    return "units.tsv line 5, field 'bam'", "is truncated (it lacks the end-of-file marker)"


# --------------------------------------------------------------------------- reference


@case
def reference_fasta_missing(b: Batch):
    b.config["reference"]["fasta"] = str(b.root / "inputs" / "GRCh99.fa")
    return "config, field 'reference.fasta'", "GRCh99.fa' does not exist"


@case
def reference_fasta_compressed(b: Batch):
    fasta = b.root / "inputs" / "genome.fa"
    fasta.parent.mkdir(parents=True, exist_ok=True)
    fasta.write_bytes(gzip.compress(b.files["fasta"].read_bytes()[:1000]))
    b.config["reference"]["fasta"] = str(fasta)
    return "config, field 'reference.fasta'", "genome.fa' is compressed: give the plain FASTA"


@case
def reference_cache_dir_cannot_be_created(b: Batch):
    blocker = b.root / "inputs" / "not-a-dir"
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("x\n")
    b.config["reference"]["cache_dir"] = str(blocker / "cache")
    return "config, field 'reference.cache_dir'", f"cannot be created: {blocker} is not a directory"


@case
def patient_id_in_another_case(b: Batch):
    b.cell("samples", 3, "patient", "p01")  # P01-N; its tumor P01-T (line 2) says P01
    return (
        "samples.tsv line 3, field 'patient'",
        "'p01' differs from patient 'P01' of sample 'P01-T' (line 2) only by case",
    )


@case
def sample_id_that_is_another_with_a_suffix(b: Batch):
    b.cell("samples", 4, "sample", "P01-T.merged")
    b.units = [[c if c != "P02-T" else "P01-T.merged" for c in r] for r in b.units]
    return "samples.tsv line 4, field 'sample'", "'P01-T.merged' is sample 'P01-T' (line 2)"


@case
def batch_dir_that_is_the_reference_cache(b: Batch):
    # Hung forever "waiting for another batch that is preparing the reference cache".
    b.config["batch_dir"] = b.config["reference"]["cache_dir"]
    return "config, field 'batch_dir'", "is the reference cache or inside it"


@case
def batch_dir_of_another_finished_batch(b: Batch):
    # Ended "nothing to do", exit 0, having analysed nothing.
    status = b.root / "batch" / "results" / "batch_status.json"
    status.write_text(json.dumps({"status": "complete", "samples": {"X01-T": {}}}))
    return "config, field 'batch_dir'", "holds the finished results of another batch"


@case
def reference_cache_dir_of_another_fasta(b: Batch):
    other = b.copy_of(b.files["fasta"], "other.fa")
    cache = Path(b.config["reference"]["cache_dir"])
    cache.mkdir(parents=True)
    (cache / "genome.fa").symlink_to(other)
    return "config, field 'reference.cache_dir'", "holds the indexes of another FASTA"


@case
def gff3_seqid_not_in_the_fasta(b: Batch):
    gff3 = b.copy_of(b.files["gff3"], "genes.gff3")
    lines = gff3.read_text().splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("chr7\t"))
    lines = [line.replace("chr7\t", "chr7_alt\t", 1) for line in lines]
    gff3.write_text("\n".join(lines) + "\n")
    b.config["reference"]["gff3"] = str(gff3)
    return f"genes.gff3 line {number}, field 'seqid'", "'chr7_alt' is not a contig of reference"


@case
def gff3_of_another_naming(b: Batch):
    gff3 = b.copy_of(b.files["gff3"], "genes.gff3")
    lines = gff3.read_text().splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("chr"))
    gff3.write_text("\n".join(line.removeprefix("chr") for line in lines) + "\n")
    b.config["reference"]["gff3"] = str(gff3)
    return f"genes.gff3 line {number}, field 'seqid'", "no seqid is a contig of reference.fasta"


@case
def gff3_feature_beyond_its_contig(b: Batch):
    """An annotation in other coordinates (a whole chromosome's on a slice of it)."""
    gff3 = b.copy_of(b.files["gff3"], "genes.gff3")
    lines = gff3.read_text().splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("chr7\t"))
    fields = lines[number - 1].split("\t")
    fields[4] = str(int(fields[4]) + 160_000_000)
    lines[number - 1] = "\t".join(fields)
    gff3.write_text("\n".join(lines) + "\n")
    b.config["reference"]["gff3"] = str(gff3)
    return f"genes.gff3 line {number}, field 'end'", "beyond the end of contig chr7"


@case
def gff3_cds_outside_its_exons(b: Batch):
    gff3 = b.copy_of(b.files["gff3"], "genes.gff3")
    lines = gff3.read_text().splitlines()
    number = next(i for i, line in enumerate(lines, 1) if "\tCDS\t" in line)
    fields = lines[number - 1].split("\t")
    parent = fields[8].split("Parent=")[1].split(";")[0]
    exon_end = max(
        int(f[4])
        for f in (line.split("\t") for line in lines)
        if len(f) == 9
        and f[2] == "exon"
        and f"Parent={parent}" in f[8]
        and int(f[3]) <= int(fields[3]) <= int(f[4])
    )
    fields[3:5] = [str(exon_end + 1), str(exon_end + 2)]  # just past the end of its exon
    lines[number - 1] = "\t".join(fields)
    gff3.write_text("\n".join(lines) + "\n")
    b.config["reference"]["gff3"] = str(gff3)
    return f"genes.gff3 line {number}, field 'start'", "lies in none of its exons"


@case
def cytobands_of_another_build(b: Batch):
    bands = b.copy_of(Path(b.config["reference"]["cytobands"]), "cytobands.tsv")
    lines = bands.read_text().splitlines()
    number = max(i for i, line in enumerate(lines, 1) if line.startswith("chr7\t"))
    fields = lines[number - 1].split("\t")
    fields[2] = str(int(fields[2]) + 1000)
    lines[number - 1] = "\t".join(fields)
    bands.write_text("\n".join(lines) + "\n")
    b.config["reference"]["cytobands"] = str(bands)
    return f"cytobands.tsv line {number}, field 'end'", "the cytobands belong to another build"


@case
def fasta_with_a_duplicated_contig(b: Batch):
    fasta = b.copy_of(b.files["fasta"], "genome.fa")
    with open(fasta, "a") as fh:
        fh.write(">chr7\nACGTACGT\n")
    b.config["reference"]["fasta"] = str(fasta)
    return "config, field 'reference.fasta'", "has two contigs named 'chr7'"


@case
def contig_role_not_in_the_fasta(b: Batch):
    b.config["reference"]["chrX"] = "X"
    return "config, field 'reference.chrX'", "'X' is not a contig of reference.fasta"


@case
def reference_left_out_of_the_batch_config(b: Batch):
    """config/config.yaml names no reference: the batch config must (or its bundle)."""
    del b.config["reference"]["gff3"]
    return "config, field 'reference.gff3'", "required: set it in the batch config, or set bundle"


# --------------------------------------------------------------------------- config


@case
def config_value_of_wrong_type(b: Batch):
    b.config["small_variants"] = {"chunks": "four"}
    return "config, field 'small_variants.chunks'", "'four' is not an integer"


@case
def config_threshold_out_of_range(b: Batch):
    b.config["cnv"] = {"chromosome_fraction": 1.5}
    return "config, field 'cnv.chromosome_fraction'", "1.5 must be at most 1"


@case
def config_key_misspelt(b: Batch):
    b.config["read_qc"] = {"min_lenght": 40}
    return "config, field 'read_qc.min_lenght'", "unknown key 'min_lenght'"


@case
def itd_target_codons_reversed(b: Batch):
    target = {"name": "FLT3-ITD", "gene": "FLT3", "first_codon": 640, "last_codon": 560}
    b.config["itd"] = {"targets": [target]}
    return "config, field 'itd.targets.0.last_codon'", "560 is before first_codon 640"


@case
def qc_thresholds_with_a_malformed_rule(b: Batch):
    qc = b.copy_of(REPO / "config/qc.yaml", "qc.yaml")
    lines = qc.read_text().splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.strip() == "op: min")
    lines[number - 1] = lines[number - 1].replace("op: min", "op: between")
    qc.write_text("\n".join(lines) + "\n")
    b.config["qc"] = {"thresholds": str(qc)}
    return f"qc.yaml line {number}, field 'op'", "rules[0] (percent_mapped): field 'op' must be"


@case
def filter_without_expression(b: Batch):
    filters = b.copy_of(REPO / "config/filters/small_variants.yaml", "filters.yaml")
    doc = yaml.safe_load(filters.read_text())
    del doc["filters"][1]["expression"]
    filters.write_text(yaml.safe_dump(doc, sort_keys=False))
    b.config["small_variants"] = {"filters": str(filters)}
    number = [
        i for i, line in enumerate(filters.read_text().splitlines(), 1) if line.startswith("- ")
    ][1]
    return f"filters.yaml line {number}, field 'expression'", "filters[1]: missing field"


@case
def resources_with_zero_threads(b: Batch):
    resources = b.copy_of(REPO / "config/resources.yaml", "resources.yaml")
    lines = resources.read_text().splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("fastp:"))
    lines[number - 1] = "fastp: {threads: 0, mem_mb: 2000, runtime: 60}"
    resources.write_text("\n".join(lines) + "\n")
    b.config["resources"] = str(resources)
    return f"resources.yaml line {number}, field 'fastp.threads'", "0 must be at least 1"


# --------------------------------------------------------------------------- running


def make_batch(tmp_path: Path, data: Path) -> Batch:
    rows = [line.split("\t") for line in (data / "units.tsv").read_text().splitlines()]
    for row in rows[1:]:
        row[3:5] = [str((data / f).resolve()) for f in row[3:5]]
    config = yaml.safe_load((data / "batch.yaml").read_text())
    config["batch_dir"] = str(tmp_path / "batch")
    config["reference"]["cache_dir"] = str(tmp_path / "cache")
    return Batch(
        root=tmp_path,
        samples=[line.split("\t") for line in (data / "samples.tsv").read_text().splitlines()],
        units=rows,
        config=config,
        files={k: Path(config["reference"][k]) for k in ("fasta", "gff3")},
    )


def write(batch: Batch) -> Path:
    sheets = batch.root / "sheets"
    sheets.mkdir(exist_ok=True)
    for name in ("samples", "units"):
        rows = getattr(batch, name)
        (sheets / f"{name}.tsv").write_text("\n".join("\t".join(r) for r in rows) + "\n")
        batch.config[name] = str(sheets / f"{name}.tsv")
    path = batch.root / "batch.yaml"
    path.write_text(yaml.safe_dump(batch.config))
    return path


def snapshot(folder: Path) -> dict:
    return {
        p.relative_to(folder): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run_alwgs(repo_root: Path, config: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(repo_root / "alwgs"), "run", "--config", str(config), "--cores", "1"],
        cwd=repo_root,
        capture_output=True,
        text=True,
        env=dict(os.environ),
    )


@pytest.fixture
def earlier_results(tmp_path: Path) -> Path:
    """A batch directory holding results of an earlier run, which a bad run must not touch."""
    batch = tmp_path / "batch"
    (batch / "results" / "qc").mkdir(parents=True)
    (batch / "results" / "qc" / "qc_gate.tsv").write_text("sample\tstatus\nP01-T\tPASS\n")
    (batch / "logs").mkdir()
    (batch / "logs" / "earlier.log").write_text("an earlier run\n")
    return batch


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_stops_before_any_job(name, tmp_path, repo_root, tiny_data, earlier_results):
    batch = make_batch(tmp_path, tiny_data)
    where, text = CASES[name](batch)
    config = write(batch)
    before = snapshot(earlier_results)
    cache = tmp_path / "cache"
    cache_before = snapshot(cache) if cache.exists() else None

    result = run_alwgs(repo_root, config)

    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    errors = [line for line in output.splitlines() if line.startswith("alwgs input error: ")]
    assert len(errors) == 1, output[-3000:]
    assert where in errors[0] and text in errors[0], errors[0]
    # Nothing ran: no Snakemake banner, no job, no file created or changed.
    assert "Building DAG" not in output
    assert snapshot(earlier_results) == before
    assert (snapshot(cache) if cache.exists() else None) == cache_before


def test_the_matrix_covers_the_issue(tmp_path):
    """At least 20 cases, each with a distinct place named."""
    assert len(CASES) >= 20
