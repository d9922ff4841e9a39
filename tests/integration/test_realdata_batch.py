"""A real batch end to end: the real tumor/normal reads of tests/data/realdata/sarek_chr22_window
(testT, testN; README there) on their real 40-kb GRCh38 window, with its Ensembl GFF3 and
cytoband, run with `./alwgs run` as a lab runs a batch, in a clone where the demo exists.

The batch config names only copies of the window's files and sets every batch key itself
(tests/integration/realdata.py: no bundle, no database, no truth; the settings a 40-kb
reference needs, each with its reason). The whole run is traced with strace: no process of
it touches a path under demo/ or batches/, and no output, log, benchmark or VCF/BCF header of
the batch names one.

There is no truth here. What a correct run on these reads must show, and only that: the
batch finishes with a report per tumor; depth is below the clinical floors (QC not PASS);
the sex check is "not assessed" with the reason the contig roles give; the identity check is
"not assessed" below its minimum of sites, never a silent pass; no tier I/II lesion and no
ELN/WHO/ICC defining lesion; annotation with this GFF3; databases "not used (not
configured)"; no accuracy step; no chromosome-level copy-number claim.

The same run is made twice: with the window's own contig chr22 (declared an autosome: the
window is a piece of chromosome 22; no X and no Y are declared because the reference holds
none), and with the contig renamed seq1 in the FASTA, GFF3 and cytoband (no role known).
65-85 s per run on 2 shared cores, strace included (README, "Tests")."""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pysam
import pytest
import yaml
from alwgs import not_assessed
from alwgs.contig_roles import ContigRoles
from alwgs.qc.identity import too_few_sites
from realdata import DATABASES, WINDOW, batch_config
from report_checks import REPORT_SECTIONS, visible_text
from traced_paths import STRACE, command_lines, forbidden, touched

pytestmark = pytest.mark.integration

TUMOR, NORMAL = "testT", "testN"
FASTQ = {TUMOR: "test2", NORMAL: "test"}  # sample -> file stem in the window folder
NOT_CONFIGURED = "not used (not configured)"


@dataclass(frozen=True)
class Reference:
    contig: str
    roles: dict  # reference.autosomes, chrX, chrY of the batch config


REFERENCES = [
    Reference("chr22", {"autosomes": ["chr22"], "chrX": "", "chrY": ""}),
    Reference("seq1", {"autosomes": [], "chrX": "", "chrY": ""}),
]


def copy_window(dest: Path, contig: str) -> None:
    """The window's FASTA, GFF3, cytoband and FASTQs in dest, the contig named ``contig``."""
    dest.mkdir(parents=True)
    for name in ("genome.fa", "genes.gff3", "cytobands.tsv"):
        text = (WINDOW / name).read_text()
        if contig != "chr22":
            text = re.sub(r"(?m)^(>|##sequence-region )?chr22\b", rf"\1{contig}", text)
            assert "chr22" not in text, name
        (dest / name).write_text(text)
    for stem in FASTQ.values():
        for read in ("R1", "R2"):
            shutil.copy(WINDOW / f"{stem}_{read}.fastq.gz", dest)
    (dest / "samples.tsv").write_text(
        "sample\tpatient\ttype\tsex\tdiagnosis\tpurity\n"
        f"{TUMOR}\tP1\ttumor\tunknown\tAML\t\n{NORMAL}\tP1\tnormal\tunknown\tAML\t\n"
    )
    (dest / "units.tsv").write_text(
        "sample\tunit\tplatform\tfq1\tfq2\tlibrary\n"
        + "".join(
            f"{s}\tL1\tILLUMINA\t{stem}_R1.fastq.gz\t{stem}_R2.fastq.gz\t\n"
            for s, stem in FASTQ.items()
        )
    )


@dataclass(frozen=True)
class Run:
    ref: Reference
    inputs: Path  # copies of the window's files, the sheets
    batch: Path
    output: str
    trace: Path


@pytest.fixture(scope="module", params=REFERENCES, ids=lambda r: r.contig)
def run(request, repo_root: Path, tiny_data: Path, tmp_path_factory) -> Iterator[Run]:
    """./alwgs run of the window under strace, in a clone holding the tiny demo."""
    assert (tiny_data / "batch.yaml").is_file()  # the demo is within reach of the run
    assert shutil.which("strace"), "strace is missing: ./alwgs setup installs it"
    ref = request.param
    root = tmp_path_factory.mktemp(f"realdata-{ref.contig}")
    copy_window(root / "in", ref.contig)
    config = batch_config(
        root / "run", root / "in/samples.tsv", root / "in/units.tsv", root / "in", root / "cache"
    )
    config["reference"].update(ref.roles)
    (root / "batch.yaml").write_text(yaml.safe_dump(config))
    trace = root / "trace.txt"
    cmd = [*STRACE, "-o", str(trace), str(repo_root / "alwgs"), "run"]
    cmd += ["--config", str(root / "batch.yaml"), "--cores", "2"]
    env = dict(os.environ, PATH=f"{repo_root / '.venv/bin'}:{os.environ['PATH']}")
    start = time.monotonic()
    done = subprocess.run(cmd, cwd=repo_root, capture_output=True, text=True, env=env)
    output = done.stdout + done.stderr
    (root / "run.log").write_text(output + f"\n# {time.monotonic() - start:.0f} s\n")
    assert done.returncode == 0, output[-5000:]
    yield Run(ref, root / "in", root / "run", output, trace)
    trace.unlink()  # ~100 MB, read by the tests of this run


def results(run: Run) -> Path:
    return run.batch / "results"


def gate(run: Run, sample: str) -> dict:
    return json.loads((results(run) / f"qc/gate/{sample}.qc.json").read_text())


def check(gate_json: dict, check_id: str) -> dict:
    return next(c for c in gate_json["checks"] if c["id"] == check_id)


def report(run: Run) -> dict:
    return json.loads((results(run) / f"report/{TUMOR}.report.json").read_text())


def html_text(run: Run) -> str:
    return visible_text((results(run) / f"report/{TUMOR}.html").read_text())


def summary_rows(run: Run) -> dict[str, dict]:
    with open(results(run) / "batch_summary.tsv") as fh:
        return {r["sample"]: r for r in csv.DictReader(fh, delimiter="\t")}


def test_batch_finishes_with_every_report(run):
    status = json.loads((results(run) / "batch_status.json").read_text())
    assert status["status"] == "complete" and set(status["samples"]) == {TUMOR, NORMAL}
    assert status["samples"][TUMOR]["report"] == f"reports/{TUMOR}.html"
    rep = results(run) / "report"
    assert report(run)["alwgs_report"] == 1
    assert (rep / f"{TUMOR}.pdf").read_bytes()[:5] == b"%PDF-"
    text = html_text(run)
    order = [text.find(h) for h in REPORT_SECTIONS]
    assert -1 not in order and order == sorted(order)
    pdf = subprocess.run(
        ["pdftotext", str(rep / f"{TUMOR}.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert TUMOR in pdf and "Page 1 of" in pdf and "QC FAIL" in pdf
    assert set(summary_rows(run)) == {TUMOR, NORMAL}


def test_the_run_touches_no_demo_file(run, repo_root: Path):
    """Every path every process of the run touched (strace), none under demo/ or batches/."""
    absolute, relative = touched(run.trace, repo_root)
    # The trace saw the run: the batch's inputs were read and the tools ran.
    for name in ("genome.fa", "genes.gff3", "test2_R1.fastq.gz", "test_R2.fastq.gz"):
        assert str(run.inputs / name) in absolute, name
    for tool in ("bwa", "freebayes", "delly", "tiddit", "mosdepth", "bcftools"):
        assert any(p.endswith(f"/bin/{tool}") for p in absolute), tool
    assert str(repo_root / "Snakefile") in absolute
    roots = [repo_root / "demo", repo_root / "batches"]
    assert forbidden(absolute, relative, roots, allowed=run.batch) == []
    # nor does a command line name one (a path inside a shell command is not a file name)
    mention = re.compile(rf"(?<![\w.-])demo/|{re.escape(str(repo_root))}/(demo|batches)\b")
    assert command_lines(run.trace, mention) == []


def test_the_trace_check_sees_a_demo_read(repo_root: Path, tiny_data: Path, tmp_path: Path):
    """The check of the test above on a command that reads the demo (relative names, from
    the clone and after a cd), so that it cannot pass by seeing nothing."""
    trace = tmp_path / "trace.txt"
    script = "cat demo/data/tiny/samples.tsv > /dev/null; cd demo/data && wc -c tiny/batch.yaml"
    subprocess.run([*STRACE, "-o", str(trace), "bash", "-c", script], cwd=repo_root, check=True)
    absolute, relative = touched(trace, repo_root)
    found = forbidden(absolute, relative, [repo_root / "demo"], allowed=tmp_path)
    assert str(tiny_data / "samples.tsv") in found and str(tiny_data / "batch.yaml") in found
    assert command_lines(trace, re.compile(r"(?<![\w.-])demo/"))


def plain_contents(path: Path) -> bytes:
    """A file's bytes as a reader sees them: gzip/BGZF (VCF, BCF, BAM, indexes) decompressed,
    a PDF as its text."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    if data[:5] == b"%PDF-":
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True).stdout
    return data


def test_no_output_or_log_names_a_demo_path(run, repo_root: Path):
    """Every file of the batch directory (results, logs, benchmarks, Snakemake's metadata),
    decompressed, the console output and the Snakemake logs it names."""
    pattern = re.compile(rb"(?<![\w.-])demo/|(?<![\w.-])batches/")
    logs = [Path(p) for p in re.findall(r"Complete log\(s\): (\S+)", run.output)]
    assert logs and all(p.is_file() for p in logs)
    files = [p for p in run.batch.rglob("*") if p.is_file()] + logs
    assert len(files) > 200
    named = {str(p): m.group() for p in files if (m := pattern.search(plain_contents(p)))}
    assert named == {}
    assert not pattern.search(run.output.encode())
    # compressed files were read as text: a VCF header, the PDF's words
    vcf = plain_contents(results(run) / f"annotation/{TUMOR}.somatic.vcf.gz")
    assert vcf.startswith(b"##fileformat=VCF") and b"bcftools/csqCommand" in vcf
    assert TUMOR.encode() in plain_contents(results(run) / f"report/{TUMOR}.pdf")


def test_depth_is_below_the_clinical_floors(run, repo_root: Path):
    rules = yaml.safe_load((repo_root / "config/qc.yaml").read_text())["rules"]
    for sample, rule_id in ((TUMOR, "mean_depth_tumor"), (NORMAL, "mean_depth_normal")):
        rule = next(r for r in rules if r["id"] == rule_id)
        g = gate(run, sample)
        depth = check(g, rule_id)
        assert depth["status"] in ("WARN", "FAIL") and depth["value"] < rule["warn"], depth
        assert g["status"] != "PASS" and summary_rows(run)[sample]["qc_status"] != "PASS"
    assert report(run)["status"]["qc"] != "PASS"


def test_sex_is_not_assessed_with_the_reason_of_the_roles(run):
    reason = ContigRoles.from_config(run.ref.roles).sex_check_gap()
    assert reason  # neither reference declares an X
    for sample in (TUMOR, NORMAL):
        g = gate(run, sample)
        sex = check(g, "sex_check")
        assert (sex["status"], sex["value"]) == ("WARN", "not assessed")
        assert f"sex_check not assessed: {reason} (warn)" in g["reasons"]
    assert reason in html_text(run)


def test_identity_is_never_a_silent_pass(run):
    identity = json.loads((results(run) / "qc/identity/identity.json").read_text())
    pair = identity["pairs"][TUMOR]
    minimum = identity["settings"]["min_sites"]
    gate_check = check(gate(run, TUMOR), "identity")
    assert pair["normal"] == NORMAL and identity["source"] == "pair"  # no site list given
    if pair["sites"] < minimum:
        assert pair["status"] == "NOT_ASSESSED"
        assert pair["reason"] == too_few_sites(pair["sites"], minimum)
        assert gate_check["status"] == "WARN" and gate_check["not_assessed"] == pair["reason"]
        assert summary_rows(run)[TUMOR]["not_assessed"].startswith(f"identity: {pair['reason']}")
        assert f"identity (discordance) of {TUMOR}: {pair['reason']}" in html_text(run)
    else:  # enough sites: a measured value, judged by the thresholds
        assert isinstance(pair["discordance"], float) and gate_check["value"] is not None


def test_no_reportable_lesion_is_claimed(run):
    rep = report(run)
    tiers = {t["tier"]: t["rows"] for t in rep["small_variants"]["tiers"]}
    assert tiers["I"] == [] and tiers["II"] == []
    summary = rep["summary"]
    assert summary["findings"] == []
    assert summary["eln2022"]["decided_by"] == []
    assert summary["who2022"]["lesions"] == [] and summary["icc2022"]["lesions"] == []
    interp = json.loads((results(run) / f"interpretation/{TUMOR}.json").read_text())
    assert interp["lesions"] == [] and interp["eln2022"]["markers"] == []
    assert summary_rows(run)[TUMOR]["key_lesions"] == "none"


def header_lines(vcf: Path, key: str) -> list[str]:
    with pysam.VariantFile(str(vcf)) as fh:
        return [str(r).strip() for r in fh.header.records if r.key == key]


def gff3_gene_names(gff3: Path) -> set[str]:
    """Name of every gene record (ID=gene:...) of a GFF3."""
    names = set()
    for line in gff3.read_text().splitlines():
        fields = line.split("\t")
        if len(fields) != 9:
            continue
        attrs = dict(kv.split("=", 1) for kv in fields[8].split(";") if "=" in kv)
        if attrs.get("ID", "").startswith("gene:") and "Name" in attrs:
            names.add(attrs["Name"])
    return names


def test_annotation_used_the_window_gff3(run):
    gff3 = run.inputs / "genes.gff3"
    for vcf in (f"{TUMOR}.somatic.vcf.gz", f"{NORMAL}.germline.vcf.gz"):
        path = results(run) / "annotation" / vcf
        (consequence,) = [
            h for h in header_lines(path, "alwgs_annotation") if "ID=consequence" in h
        ]
        assert 'used="yes"' in consequence and 'file="genes.gff3"' in consequence
        (csq,) = header_lines(path, "bcftools/csqCommand")
        assert f" -g {gff3} " in csq
    with open(results(run) / f"annotation/{TUMOR}.somatic.tsv") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert {r["chrom"] for r in rows} <= {run.ref.contig}
    if rows:  # at least one call got a gene of this GFF3
        assert {r["gene"] for r in rows} & gff3_gene_names(gff3)


def test_databases_read_not_used(run):
    rep = report(run)
    rows = {d["name"]: d["used"] for d in rep["methods"]["databases"]}
    assert {name: rows[name] for name in DATABASES} == dict.fromkeys(DATABASES, NOT_CONFIGURED)
    assert rows["consequence"] == "yes"
    assert html_text(run).count(NOT_CONFIGURED) >= len(DATABASES)
    steps = " ".join(rep["methods"]["steps"])
    assert "ClinVar and population AF: not configured" in steps and "ClinVar, " not in steps
    somatic = results(run) / f"annotation/{TUMOR}.somatic.vcf.gz"
    for db in ("clinvar", "population_af"):
        (line,) = [h for h in header_lines(somatic, "alwgs_annotation") if f"ID={db}," in h]
        assert f'used="no",note="not configured (databases.{db})"' in line


def test_no_accuracy_step(run):
    for folder in ("results", "logs", "benchmarks"):
        assert not (run.batch / folder / "accuracy").exists()
    assert "rule accuracy" not in run.output
    last = [line for line in run.output.splitlines() if line.startswith("[alwgs]")][-1]
    assert last.startswith("[alwgs] batch finished:")
    tail = "\n".join(run.output.splitlines()[-5:]).lower()
    assert "truth" not in tail and "accuracy" not in tail


def test_copy_number_claims_no_chromosome_event(run):
    events = results(run) / f"cnv/{TUMOR}.events.tsv"
    with open(events) as fh:
        rows = list(
            csv.DictReader((line for line in fh if not line.startswith("##")), delimiter="\t")
        )
    assert not [r for r in rows if r["level"] in ("chromosome", "arm")]
    karyotype = json.loads((results(run) / f"cnv/{TUMOR}.karyotype.json").read_text())
    assert karyotype["abnormalities"] == []
    stopped = not_assessed.read(events)
    if stopped:  # the reads lie within ~3 kb of the 40: most bins are empty
        assert [(e.analysis, e.sample) for e in stopped] == [("cnv", TUMOR)]
        assert karyotype["karyotype"] is None
        assert report(run)["copy_number"]["karyotype"] == "not assessed"
    assert not [f for f in report(run)["summary"]["findings"] if f["kind"] in ("cna", "karyotype")]
