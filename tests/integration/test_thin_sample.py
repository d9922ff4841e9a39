"""Thin samples never stop the batch. Real reads (tests/data/realdata/sarek_chr22_window):
patient P1 is a tumor cut to every 10th read pair (~1.6x over the 40-kb window, as many reads
as a 5-kb slice at 16x) with the real normal; patient P2 is the real tumor with a normal cut
the same way. delly and tiddit cannot run on the thin tumor; the batch finishes, its SV results
say "not assessed" with the reason naming the tumor (not its normal), the report and
batch_summary.tsv carry it, the identity check reads "not assessed" (QC WARN), and P2 is
unaffected by P1. P2's delly falls back to the tumor alone, naming its thin normal.

The batch config names every key the run needs, with the window settings of
tests/integration/realdata.py: ~1 min on 2 cores."""

import csv
import gzip
import json
import os
import shutil
import subprocess
from pathlib import Path

import pysam
import pytest
import yaml
from alwgs import not_assessed
from alwgs.qc.identity import too_few_sites
from realdata import WINDOW as REALDATA
from realdata import batch_config

pytestmark = pytest.mark.integration

BATCH = Path("batches/test-thin")


def every_tenth_pair(src: Path, dest: Path) -> int:
    """Every 10th record of a FASTQ (R1 and R2 alike keep the same pairs)."""
    with gzip.open(src, "rt") as fh:
        lines = fh.read().splitlines()
    records = [lines[i : i + 4] for i in range(0, len(lines), 4)]
    kept = records[::10]
    with gzip.open(dest, "wt") as out:
        out.writelines("\n".join(r) + "\n" for r in kept)
    return len(kept)


@pytest.fixture(scope="module")
def thin_batch(repo_root: Path) -> Path:
    folder = repo_root / BATCH
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    data = repo_root / REALDATA
    for src, name, n in (("test2", "thinT", 272), ("test", "thinN", 283)):
        for r in ("R1", "R2"):
            kept = every_tenth_pair(data / f"{src}_{r}.fastq.gz", folder / f"{name}_{r}.fastq.gz")
            assert kept == n
    (folder / "samples.tsv").write_text(
        "sample\tpatient\ttype\tsex\tdiagnosis\tpurity\n"
        "thinT\tP1\ttumor\tmale\tAML\t\n"
        "testN\tP1\tnormal\tmale\tAML\t\n"
        "testT\tP2\ttumor\tmale\tAML\t\n"
        "thinN\tP2\tnormal\tmale\tAML\t\n"
    )
    (folder / "units.tsv").write_text(
        "sample\tunit\tplatform\tfq1\tfq2\tlibrary\n"
        "thinT\tL1\tILLUMINA\tthinT_R1.fastq.gz\tthinT_R2.fastq.gz\t\n"
        "thinN\tL1\tILLUMINA\tthinN_R1.fastq.gz\tthinN_R2.fastq.gz\t\n"
        f"testN\tL1\tILLUMINA\t{data}/test_R1.fastq.gz\t{data}/test_R2.fastq.gz\t\n"
        f"testT\tL1\tILLUMINA\t{data}/test2_R1.fastq.gz\t{data}/test2_R2.fastq.gz\t\n"
    )
    config = batch_config(
        f"{BATCH}/run", f"{BATCH}/samples.tsv", f"{BATCH}/units.tsv", REALDATA, f"{BATCH}/cache"
    )
    (folder / "batch.yaml").write_text(yaml.safe_dump(config))
    run = subprocess.run(
        [str(repo_root / "alwgs"), "run", "--config", str(folder / "batch.yaml"), "--cores", "2"],
        cwd=repo_root,
        capture_output=True,
        text=True,
        env=dict(os.environ),
    )
    (folder / "run.log").write_text(run.stdout + run.stderr)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return folder / "run"


def entries(path: Path) -> list[not_assessed.NotAssessed]:
    return not_assessed.read(path)


def test_batch_finishes(thin_batch):
    status = json.loads((thin_batch / "results/batch_status.json").read_text())
    assert status["status"] and set(status["samples"]) == {"thinT", "testN", "testT", "thinN"}


def test_delly_names_the_thin_tumor_not_its_normal(thin_batch):
    vcf = thin_batch / "results/sv/thinT.delly.vcf.gz"
    with pysam.VariantFile(str(vcf)) as fh:  # a valid VCF, headed, without records
        assert list(fh.header.samples) == ["thinT"] and not list(fh)
    (entry,) = entries(vcf)
    assert (entry.analysis, entry.caller, entry.sample) == ("sv", "delly", "thinT")
    assert "not enough data to estimate library parameters" in entry.reason
    assert "testN" not in entry.reason
    log = (thin_batch / "logs/sv/thinT.delly.log").read_text()
    assert "File: results/align/thinT.bam" in log and "matched normal testN has" not in log


def test_tiddit_on_the_thin_tumor_is_not_read_as_no_sv(thin_batch):
    (entry,) = entries(thin_batch / "results/sv/thinT.tiddit.vcf.gz")
    assert (entry.caller, entry.sample) == ("tiddit", "thinT")
    assert "without writing calls" in entry.reason
    assert "split-read support" not in entry.reason


def test_sv_tables_carry_not_assessed(thin_batch):
    for table in ("sv", "fusions"):
        path = thin_batch / f"results/sv/thinT.{table}.tsv"
        found = entries(path)
        whole = [e for e in found if e.whole]
        assert len(whole) == 1 and whole[0].sample == "thinT" and whole[0].analysis == "sv"
        assert {e.caller for e in found} == {"delly", "tiddit", "all"}
        rows = [line for line in path.read_text().splitlines() if not line.startswith("#")]
        assert len(rows) == 1  # the column header, no call
    karyotype = json.loads((thin_batch / "results/cnv/thinT.karyotype.json").read_text())
    assert karyotype["not_assessed"][0]["sample"] == "thinT"
    interp = json.loads((thin_batch / "results/interpretation/thinT.json").read_text())
    assert {e["caller"] for e in interp["not_assessed"]} == {"delly", "tiddit", "all", "cnvkit"}


def test_report_says_not_assessed_naming_the_tumor(thin_batch):
    report = json.loads((thin_batch / "results/report/thinT.report.json").read_text())
    fusions = report["fusions"]
    assert fusions["not_assessed"] and "thinT" in fusions["not_assessed"]
    assert "delly" in fusions["not_assessed"] and "tiddit" in fusions["not_assessed"]
    assert report["tandem_duplications"]["ptd_not_assessed"] == fusions["not_assessed"]
    summary = report["summary"]["not_assessed"]
    assert any("structural variants" in t and "thinT" in t for t in summary)
    assert any(t.startswith("Not assessed: structural variants") for t in report["limitations"])
    html = (thin_batch / "results/report/thinT.html").read_text()
    assert "Not assessed:" in html and "No gene fusion detected" not in html
    assert "in the analyses that ran" in html  # "no reportable lesion" is qualified


def test_copy_number_of_the_thin_tumor_is_not_assessed(thin_batch):
    res = thin_batch / "results"
    (entry,) = entries(res / "cnv/thinT.events.tsv")
    assert (entry.analysis, entry.sample) == ("cnv", "thinT")
    assert "reads per copy-number bin (minimum 20)" in entry.reason
    karyotype = json.loads((res / "cnv/thinT.karyotype.json").read_text())
    assert karyotype["karyotype"] is None and karyotype["not_assessed"][0]["sample"] == "thinT"
    report = json.loads((res / "report/thinT.report.json").read_text())
    assert report["copy_number"]["not_assessed"] == entry.reason
    assert report["copy_number"]["karyotype"] == "not assessed"
    assert not [f for f in report["summary"]["findings"] if f["kind"] in ("cna", "karyotype")]


def test_identity_is_not_assessed_and_warns(thin_batch):
    identity = json.loads((thin_batch / "results/qc/identity/identity.json").read_text())
    pair = identity["pairs"]["thinT"]
    assert identity["source"] == "pair" and pair["status"] == "NOT_ASSESSED"
    assert pair["reason"] == too_few_sites(pair["sites"], 50) and pair["sites"] < 50
    gate = json.loads((thin_batch / "results/qc/gate/thinT.qc.json").read_text())
    check = next(c for c in gate["checks"] if c["id"] == "identity")
    assert check["status"] == "WARN" and check["not_assessed"] == pair["reason"]


def test_batch_summary_lists_what_was_not_assessed(thin_batch):
    with open(thin_batch / "results/batch_summary.tsv") as fh:
        rows = {r["sample"]: r for r in csv.DictReader(fh, delimiter="\t")}
    thin = rows["thinT"]["not_assessed"]
    assert (
        thin.startswith("identity: only") and "sv: no SV caller could run (delly on thinT" in thin
    )
    assert "testN" not in thin
    # the thin tumor's own failure: nothing is put on its normal's row
    assert rows["testN"]["not_assessed"] == "none"
    # P2: the thin normal's row names what could not be done with it
    assert "sv_germline_filter (delly): delly could not estimate" in rows["thinN"]["not_assessed"]
    assert "thinT" not in rows["testT"]["not_assessed"] + rows["thinN"]["not_assessed"]


def header_record(vcf: Path, key: str) -> str:
    with pysam.VariantFile(str(vcf)) as fh:
        return next(str(r) for r in fh.header.records if r.key == key)


def test_thin_normal_makes_delly_call_the_tumor_alone(thin_batch):
    vcf = thin_batch / "results/sv/testT.delly.vcf.gz"
    assert "mode=tumor_only_fallback,normal=thinN" in header_record(vcf, "alwgs_sv_mode")
    (entry,) = entries(vcf)
    assert (entry.analysis, entry.sample) == ("sv_germline_filter", "thinN")
    assert "of thinN" in entry.reason
    report = json.loads((thin_batch / "results/report/testT.report.json").read_text())
    assert any("without its matched normal" in t for t in report["limitations"])


def test_other_patient_is_unaffected(thin_batch):
    res = thin_batch / "results"
    report = json.loads((res / "report/testT.report.json").read_text())
    assert not any(e["sample"] in ("thinT", "testN") for e in report["not_assessed"])
    assert report["identifiers"]["matched_normal"] == "thinN"
    for path in ("report/testT.pdf", "cnv/testT.events.tsv", "annotation/testT.somatic.tsv"):
        assert (res / path).stat().st_size > 0


def test_thin_normal_is_read_for_the_somatic_status(thin_batch):
    """delly could not use thinN, yet the status stage reads its reads (insert window from
    its own ~280 pairs) and testT's SV table carries the status columns."""
    from alwgs.sv.merge import SV_COLUMNS
    from alwgs.sv.normal_support import STATUS_COLUMNS

    table = (thin_batch / "results/sv/testT.sv.tsv").read_text().splitlines()
    header = next(line for line in table if not line.startswith("##"))
    assert header.split("\t") == SV_COLUMNS + STATUS_COLUMNS
    log = (thin_batch / "logs/sv/testT.sv_normal_support.log").read_text()
    assert "normal thinN" in log
    pairs = int(log.split("normal window")[1].split(" pairs")[0].split()[-1])
    assert 100 <= pairs < 300  # measured on the thin normal itself, not the default window
