"""./alwgs reference on the real 40-kb GRCh38 window (tests/data/realdata/sarek_chr22_window,
real Ensembl GFF3 and UCSC-style cytoband) with small gnomAD- and ClinVar-like VCFs named as
the real downloads are (22, MT), then intake and a dry run of a batch config that names only
the bundle: the workflow takes every reference file, database, contig role and index from it,
builds no index again and has no accuracy step."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pysam
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WINDOW = REPO / "tests/data/realdata/sarek_chr22_window"
ENV = {**os.environ, "PATH": f"{REPO / '.venv/bin'}:{os.environ['PATH']}"}


def vcf(path: Path, rows: list[str], info: str, header: str = "") -> Path:
    plain = path.with_suffix("")
    plain.write_text(
        "##fileformat=VCFv4.2\n##reference=GRCh38\n"
        + header
        + info
        + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
        + "".join(r + "\n" for r in rows)
    )
    with open(path, "wb") as out:
        subprocess.run(["bgzip", "-c", str(plain)], stdout=out, check=True)
    plain.unlink()
    subprocess.run(["tabix", "-f", "-p", "vcf", str(path)], check=True)
    return path


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    """The window's files, its GFF3 named as Ensembl names chromosomes (22), and VCFs in
    Ensembl naming with records on a contig the FASTA lacks (MT)."""
    d = tmp_path_factory.mktemp("downloads")
    for name in ("genome.fa", "cytobands.tsv"):
        shutil.copy(WINDOW / name, d / name)
    text = (WINDOW / "genes.gff3").read_text()
    (d / "genes.gff3").write_text(text.replace("chr22", "22"))
    seq = pysam.FastaFile(str(d / "genome.fa")).fetch("chr22")
    common, clin = [], []
    for i, pos in enumerate(range(300, 39_000, 250)):
        ref = seq[pos - 1].upper()
        alt = "A" if ref != "A" else "G"
        af = 0.3 if i % 2 == 0 else 0.001
        common.append(f"22\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\tAF={af};AC=7;vep=x")
        if i % 20 == 0:
            clin.append(
                f"22\t{pos}\t{i}\t{ref}\t{alt}\t.\t.\tCLNSIG=Benign;CLNREVSTAT=x;GENEINFO=G"
            )
    common.append("MT\t100\t.\tA\tG\t.\tPASS\tAF=0.5;AC=9;vep=x")
    clin.append("MT\t100\t99\tA\tG\t.\t.\tCLNSIG=Benign;CLNREVSTAT=x;GENEINFO=MT-X")
    gnomad_info = (
        '##INFO=<ID=AF,Number=A,Type=Float,Description="AF">\n'
        '##INFO=<ID=AC,Number=A,Type=Integer,Description="AC">\n'
        '##INFO=<ID=vep,Number=.,Type=String,Description="vep">\n'
    )
    contigs = "##contig=<ID=22,length=40001>\n##contig=<ID=MT,length=16569>\n"
    vcf(d / "gnomad.chr22.vcf.bgz", common, gnomad_info, contigs)
    clin_info = "".join(
        f'##INFO=<ID={k},Number=.,Type=String,Description="{k}">\n'
        for k in ("CLNSIG", "CLNREVSTAT", "GENEINFO")
    )
    vcf(d / "clinvar.vcf.gz", clin, clin_info)
    return d


def alwgs_reference(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(REPO / "alwgs"), "reference", *args], cwd=cwd, env=ENV, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def bundle(downloads: Path) -> Path:
    out = downloads.parent / "bundle"
    # relative file arguments are taken from the caller's directory
    run = alwgs_reference(
        downloads,
        "--fasta",
        "genome.fa",
        "--gff3",
        "genes.gff3",
        "--cytobands",
        "cytobands.tsv",
        "--clinvar",
        "clinvar.vcf.gz",
        "--gnomad",
        "gnomad.chr22.vcf.bgz",
        "--build",
        "GRCh38",
        "--autosomes",
        "chr22",
        "--identity-spacing",
        "1000",
        "--out",
        str(out),
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return out


@pytest.fixture(scope="module")
def batch(bundle: Path) -> Path:
    root = bundle.parent / "batch"
    root.mkdir()
    (root / "samples.tsv").write_text(
        "sample\tpatient\ttype\tsex\tdiagnosis\n"
        "testT\tP1\ttumor\tunknown\tunknown\ntestN\tP1\tnormal\tunknown\tunknown\n"
    )
    units = ["sample\tunit\tplatform\tfq1\tfq2"]
    for sample, stem in (("testT", "test2"), ("testN", "test")):
        units.append(
            f"{sample}\tL1\tILLUMINA\t{WINDOW}/{stem}_R1.fastq.gz\t{WINDOW}/{stem}_R2.fastq.gz"
        )
    (root / "units.tsv").write_text("\n".join(units) + "\n")
    config = {
        "batch_dir": str(root / "out"),
        "samples": str(root / "samples.tsv"),
        "units": str(root / "units.tsv"),
        "bundle": str(bundle),
    }
    (root / "batch.yaml").write_text(yaml.safe_dump(config))
    return root / "batch.yaml"


def test_bundle_of_the_real_window(bundle: Path):
    doc = yaml.safe_load((bundle / "bundle.yaml").read_text())
    assert doc["build"] == "GRCh38" and doc["build_check"].startswith("not verified")
    assert doc["reference"]["autosomes"] == ["chr22"]
    src = doc["sources"]
    assert src["gff3"]["renamed"] == {"22": "chr22"} and src["gff3"]["dropped"] == 0
    assert src["population_af"]["renamed"] == {"22": "chr22"}
    assert src["population_af"]["dropped_contigs"] == ["MT"]  # the window has no chrM
    assert (src["clinvar"]["dropped"], src["clinvar"]["dropped_contigs"]) == (1, ["MT"])
    assert src["identity_sites"]["sites"] > 10
    gff3 = (bundle / "genes.gff3").read_text()
    assert gff3 == (WINDOW / "genes.gff3").read_text()  # renamed back to the FASTA's chr22
    check = subprocess.run([str(REPO / "alwgs"), "reference", "--verify", str(bundle)], env=ENV)
    assert check.returncode == 0


def test_intake_of_a_batch_that_names_only_the_bundle(batch: Path, bundle: Path):
    run = subprocess.run(
        [sys.executable, "-m", "alwgs.intake", str(batch)],
        cwd=REPO,
        env={**ENV, "PYTHONPATH": str(REPO / "scripts")},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    # batch_dir, reference cache, truth_dir (none), umask (the default)
    assert run.stdout.splitlines() == [
        str(batch.parent / "out"),
        str(bundle / "cache"),
        "",
        "0027",
    ]


def test_dry_run_takes_the_bundle_indexes_and_has_no_accuracy_step(batch: Path, bundle: Path):
    run = subprocess.run(
        [
            str(REPO / ".venv/bin/snakemake"),
            "-n",
            "--snakefile",
            str(REPO / "Snakefile"),
            "--configfile",
            str(batch),
            "--cores",
            "1",
            "--rerun-triggers",
            "mtime",
            "--quiet",
            "rules",
        ],
        cwd=REPO,
        env=ENV,
        capture_output=True,
        text=True,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-3000:]
    jobs = {line.split()[0] for line in output.splitlines() if line[:1].isalpha() and " " in line}
    assert "callable_regions" in jobs and "qc_gate" in jobs  # the DAG was listed
    assert not jobs & {"bwa_index", "faidx", "sequence_dict", "reference_link", "accuracy"}
    assert "demo/" not in output


def test_whole_chromosome_gff3_stops_the_bundle(downloads: Path, tmp_path: Path):
    """The window's annotation as downloaded, in whole-chromosome coordinates."""
    shifted = []
    for line in (WINDOW / "genes.gff3").read_text().splitlines():
        f = line.split("\t")
        if len(f) == 9:
            f[3], f[4] = str(int(f[3]) + 16_569_999), str(int(f[4]) + 16_569_999)
        shifted.append("\t".join(f))
    (tmp_path / "whole.gff3").write_text("\n".join(shifted) + "\n")
    run = alwgs_reference(
        tmp_path,
        "--fasta",
        str(downloads / "genome.fa"),
        "--gff3",
        "whole.gff3",
        "--autosomes",
        "chr22",
        "--out",
        "bundle",
    )
    assert run.returncode == 1
    assert (
        "alwgs reference error: whole.gff3 line 3, field 'end': pseudogene ends at 16,574,637,"
        " beyond the end of contig chr22 (40,001 bp): the annotation is in other coordinates"
    ) in run.stderr
    assert not (tmp_path / "bundle").exists()
