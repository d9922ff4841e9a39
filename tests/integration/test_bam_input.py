"""A batch whose reads come as BAM files (units.tsv column bam), on the real reads of the GRCh38
window in tests/data/realdata/sarek_chr22_window: the tumor from an archived aligned,
coordinate-sorted, duplicate-marked BAM, the normal from an unaligned BAM (samtools import).

The batch must finish, keep each file's read group (LB, PU, PL, CN), and align exactly as a
run of the same reads from FASTQ does (alignments, primary mapped reads, duplicates)."""

import json
import shutil
import subprocess
from pathlib import Path

import pysam
import pytest
import realdata
import yaml
from realdata import WINDOW
from snakemake_runs import run_snakemake

pytestmark = pytest.mark.integration

BATCH = "batches/test-bam-input"
TUMOR_RG = {"ID": "HK3TW.2", "SM": "archived-T", "LB": "libT-7", "PL": "ILLUMINA"}
TUMOR_RG.update(PU="HK3TW.2.ACGTAC", CN="Sequencing Centre B", DT="2021-03-04")
NORMAL_RG = {"ID": "run9", "SM": "archived-N", "LB": "libN-2", "PL": "ILLUMINA", "PU": "HK9.1"}
SAMPLES = "sample\tpatient\ttype\tsex\tdiagnosis\tpurity\ntestT\tP1\ttumor\tunknown\tAML\t\n"
SAMPLES += "testN\tP1\tnormal\tunknown\tunknown\t\n"


def sh(*cmd: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, capture_output=True, **kwargs)


def archived_bam(window: Path, work: Path, target: Path) -> None:
    """The tumor reads as a lab's archive holds them: aligned by another pipeline (its own
    copy of the window), sorted by coordinate, duplicates marked."""
    ref = work / "aligner" / "genome.fa"
    ref.parent.mkdir(parents=True)
    shutil.copy(window / "genome.fa", ref)
    sh("bwa", "index", str(ref))
    rg = "@RG\\t" + "\\t".join(f"{k}:{v}" for k, v in TUMOR_RG.items())
    fq = [str(window / f"test2_R{m}.fastq.gz") for m in (1, 2)]
    pipeline = (
        f"bwa mem -t 2 -R '{rg}' {ref} {fq[0]} {fq[1]} | samtools fixmate -m -u - -"
        f" | samtools sort -u -T {work}/sort - | samtools markdup - {target}"
    )
    sh("bash", "-o", "pipefail", "-c", pipeline)


def unaligned_bam(window: Path, target: Path) -> None:
    fields = [x for k, v in NORMAL_RG.items() for x in ("-r", f"{k}:{v}")]
    fq = [str(window / f"test_R{m}.fastq.gz") for m in (1, 2)]
    sh("samtools", "import", "-1", fq[0], "-2", fq[1], *fields, "-o", str(target))


def batch_config(root: Path, name: str, units: str) -> Path:
    """Every key the batch needs (tests/integration/realdata.py), the window copied to ref/."""
    config = realdata.batch_config(
        f"{BATCH}/{name}",
        f"{BATCH}/samples.tsv",
        f"{BATCH}/{units}",
        f"{BATCH}/ref",
        f"{BATCH}/ref/cache",
    )
    path = root / f"{name}.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


@pytest.fixture(scope="module")
def runs(repo_root: Path) -> dict:
    """The BAM batch run to the end; the same reads from FASTQ run to the final BAMs."""
    root = repo_root / BATCH
    shutil.rmtree(root, ignore_errors=True)
    window = repo_root / WINDOW
    (root / "ref").mkdir(parents=True)
    for name in ("genome.fa", "genes.gff3", "cytobands.tsv"):
        shutil.copy(window / name, root / "ref" / name)
    (root / "archive").mkdir()
    archived_bam(window, root / "work", root / "archive" / "testT.aligned.bam")
    unaligned_bam(window, root / "archive" / "testN.unaligned.bam")
    (root / "samples.tsv").write_text(SAMPLES)
    (root / "units_bam.tsv").write_text(
        "sample\tunit\tplatform\tbam\n"
        "testT\tA1\tILLUMINA\tarchive/testT.aligned.bam\n"
        "testN\tA1\tILLUMINA\tarchive/testN.unaligned.bam\n"
    )
    fq = f"../../{WINDOW}"
    (root / "units_fastq.tsv").write_text(
        "sample\tunit\tplatform\tfq1\tfq2\tlibrary\n"
        f"testT\tA1\tILLUMINA\t{fq}/test2_R1.fastq.gz\t{fq}/test2_R2.fastq.gz\tlibT-7\n"
        f"testN\tA1\tILLUMINA\t{fq}/test_R1.fastq.gz\t{fq}/test_R2.fastq.gz\tlibN-2\n"
    )
    bam_config = batch_config(root, "run-bam", "units_bam.tsv")
    fastq_config = batch_config(root, "run-fastq", "units_fastq.tsv")
    bam_run = subprocess.run(
        [str(repo_root / "alwgs"), "run", "--config", str(bam_config), "--cores", "2"],
        cwd=repo_root,
        capture_output=True,
        text=True,
    )
    targets = [f"results/align/{s}.bam" for s in ("testT", "testN")]
    targets += [f"results/read_qc/{s}/A1.fastq_check.json" for s in ("testT", "testN")]
    fastq_run = run_snakemake(repo_root, fastq_config, *targets)
    return {
        "bam": root / "run-bam",
        "fastq": root / "run-fastq",
        "bam_run": bam_run,
        "fastq_run": fastq_run,
    }


def alignments(path: Path) -> tuple[list[tuple], int, int]:
    """Primary alignments (name, flag, contig, position, CIGAR), primary mapped reads and
    duplicates of a final BAM."""
    records, mapped, duplicates = [], 0, 0
    with pysam.AlignmentFile(str(path)) as bam:
        for r in bam:
            if r.is_secondary or r.is_supplementary:
                continue
            records.append(
                (r.query_name, r.flag, r.reference_name, r.reference_start, r.cigarstring)
            )
            mapped += not r.is_unmapped
            duplicates += r.is_duplicate
    return sorted(records), mapped, duplicates


def read_group(path: Path) -> list[dict]:
    with pysam.AlignmentFile(str(path)) as bam:
        return bam.header.to_dict()["RG"]


def test_bam_batch_finishes(runs):
    run = runs["bam_run"]
    assert (runs["bam"] / "results" / "batch_status.json").exists(), (
        run.stdout[-3000:] + run.stderr[-5000:]
    )
    assert (runs["bam"] / "results" / "report" / "testT.html").exists()
    # The converted FASTQ pairs are temporary: gone once fastp and the check read them.
    assert not list((runs["bam"] / "results" / "bam_input").rglob("*.fastq.gz"))


@pytest.mark.parametrize(
    ("sample", "kept"), [("testT", TUMOR_RG), ("testN", NORMAL_RG)], ids=["aligned", "unaligned"]
)
def test_final_bam_keeps_the_files_read_group(runs, sample, kept):
    rg = read_group(runs["bam"] / "results" / "align" / f"{sample}.bam")
    expected = {k: v for k, v in kept.items() if k not in ("ID", "SM")}
    assert rg == [{"ID": f"{sample}.A1", "SM": sample, **expected}]


@pytest.mark.parametrize("sample", ["testT", "testN"])
def test_alignments_match_a_fastq_run_of_the_same_reads(runs, sample):
    run = runs["fastq_run"]
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    from_bam = alignments(runs["bam"] / "results" / "align" / f"{sample}.bam")
    from_fastq = alignments(runs["fastq"] / "results" / "align" / f"{sample}.bam")
    records, mapped, duplicates = from_bam
    assert mapped > 5000 and duplicates > 1000  # ~2.7k pairs per sample, many duplicates
    assert (mapped, duplicates) == from_fastq[1:]
    assert records == from_fastq[0]


@pytest.mark.parametrize("sample", ["testT", "testN"])
def test_conversion_counts_every_read_pair(runs, sample):
    converted = json.loads(
        (runs["bam"] / "results" / "bam_input" / sample / "A1.bam_to_fastq.json").read_text()
    )
    checked = json.loads(
        (runs["fastq"] / "results" / "read_qc" / sample / "A1.fastq_check.json").read_text()
    )
    assert converted["read_pairs"] == checked["read_pairs"] > 2000
    assert (converted["singletons"], converted["unpaired"], converted["format"]) == (0, 0, "bam")
    bam_check = json.loads(
        (runs["bam"] / "results" / "read_qc" / sample / "A1.fastq_check.json").read_text()
    )
    assert bam_check["read_pairs"] == converted["read_pairs"]
    assert bam_check["fq1"].startswith("archive/") and bam_check["fq1"].endswith(" (read 1)")
