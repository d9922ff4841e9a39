"""Deliveries are immutable: the first run delivers v1; a rerun with the same content (another
creation time, another PDF timestamp) writes nothing; a rerun with other content writes v2,
whose changed reports say "Amended report (version 2)" with the reason and the sha256 of the
reports they replace, while v1 stays byte for byte; delivered files have no write bits; the
folder's md5sums.txt and deliveries.tsv cover every version; a half-written version is never
visible."""

import base64
import gzip
import hashlib
import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from alwgs.report.batch import delivery_plan
from alwgs.report.context import build_context
from alwgs.report.delivery import (
    content_digest,
    current_folder,
    deliver_version,
    index_lines,
    write_history,
)
from alwgs.report.render import render_html, write_json, write_pdf
from report_fixtures import META, SETTINGS, interpretation, write_batch

ROOT = "results/delivery/b1"
# a 1x1 grey PNG (the copy-number plot of the test report)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg=="
)
TUMOR = "S1-T"
NORMAL = "S1-N"


def write_sources(tmp: Path, created: str = META["created"], **interp_changes) -> list:
    """Every source file of a one-tumor batch: the report in its three real forms (rendered
    from a test context), plain files for the rest."""
    context = build_context(
        write_batch(tmp / "inputs", interpretation(**interp_changes)),
        SETTINGS,
        {**META, "created": created},
    )
    plan = delivery_plan([TUMOR], [NORMAL], ROOT)
    plot = tmp / f"results/cnv/{TUMOR}.cnv.png"
    plot.parent.mkdir(parents=True, exist_ok=True)
    plot.write_bytes(PNG)
    for src, _ in plan:
        path = tmp / src
        path.parent.mkdir(parents=True, exist_ok=True)
        if src.endswith(".report.json"):
            write_json(context, path)
        elif src == f"results/report/{TUMOR}.html":
            # as the workflow renders it: with the copy-number plot embedded
            path.write_text(render_html(context, plot))
        elif src.endswith(".pdf"):
            write_pdf(render_html(context, plot), path)
        elif src.endswith(".vcf.gz"):
            with gzip.open(path, "wt") as fh:
                fh.write(f"##fileformat=VCFv4.2\n# {Path(src).name}\n")
        elif not path.exists():
            path.write_text(f"{Path(src).name}\n")
    return plan


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(folder: Path) -> dict:
    return {
        p.relative_to(folder).as_posix(): (sha256(p), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def md5sum_check(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["md5sum", "-c", "--quiet", "md5sums.txt"], cwd=folder, capture_output=True, text=True
    )


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    return " ".join(out.stdout.split())


@pytest.fixture
def batch(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_first_delivery_is_version_1_read_only_and_checked(batch):
    plan = write_sources(batch)
    done = deliver_version(plan, ROOT, created="2026-01-02T03:05:00+00:00")
    v1 = batch / ROOT / "v1"
    assert done.new and done.version == 1 and done.folder == Path(ROOT) / "v1"
    for src, dest in plan:
        copy = v1 / Path(dest).relative_to(ROOT)
        assert copy.read_bytes() == (batch / src).read_bytes(), dest
        assert not copy.is_symlink()
    assert "Amended" not in (v1 / "reports" / f"{TUMOR}.html").read_text()
    for path in v1.rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) & 0o222 == 0, f"{path} is writable"
    assert md5sum_check(v1).returncode == 0
    manifest = json.loads((v1 / "delivery.json").read_text())
    assert manifest["version"] == 1 and manifest["replaces"] is None
    assert set(manifest["files"]) == {str(Path(d).relative_to(ROOT)) for _, d in plan}
    rows = write_history(ROOT, batch / ROOT / "deliveries.tsv")
    assert [r["version"] for r in rows] == [1] and rows[0]["reason"] == "first delivery"
    assert current_folder(batch / ROOT / "deliveries.tsv") == "v1"


def test_identical_rerun_writes_no_new_version(batch):
    """--force renders the report again: another creation time in the HTML and JSON, another
    PDF (weasyprint's timestamp). The content is the same, so v1 is the delivery."""
    plan = write_sources(batch)
    deliver_version(plan, ROOT)
    before = snapshot(batch / ROOT)
    pdf_before = (batch / f"results/report/{TUMOR}.pdf").read_bytes()
    write_sources(batch, created="2026-03-04 05:06 UTC")
    assert (batch / f"results/report/{TUMOR}.html").read_text().count("2026-03-04 05:06 UTC")
    assert (batch / f"results/report/{TUMOR}.pdf").read_bytes() != pdf_before
    again = deliver_version(plan, ROOT)
    assert not again.new and again.version == 1
    assert snapshot(batch / ROOT) == before
    assert not (batch / ROOT / "v2").exists()


def test_changed_report_is_a_new_amended_version_and_v1_stays(batch):
    """A corrected diagnosis reaches the report: v2 is written, the report in it is marked
    amended (page, PDF and JSON) with the field that changed, the reason given on the command
    line and the sha256 of the three files it replaces; v1 is unchanged byte for byte."""
    plan = write_sources(batch)
    deliver_version(plan, ROOT)
    v1 = batch / ROOT / "v1"
    before = snapshot(v1)
    replaced = {
        f: sha256(v1 / "reports" / f"{TUMOR}{f}") for f in (".html", ".pdf", ".report.json")
    }

    write_sources(batch, created="2026-03-04 05:06 UTC", diagnosis="B-ALL")
    done = deliver_version(plan, ROOT, reason="sample sheet corrected (diagnosis)")

    assert done.new and done.version == 2 and done.amended == [TUMOR]
    assert f"reports/{TUMOR}.report.json" in done.changed
    assert snapshot(v1) == before
    v2 = batch / ROOT / "v2"
    report = json.loads((v2 / "reports" / f"{TUMOR}.report.json").read_text())
    amendment = report["amendment"]
    assert amendment["label"] == "Amended report (version 2)"
    assert amendment["replaces"] == {
        "version": 1,
        "html_sha256": replaced[".html"],
        "pdf_sha256": replaced[".pdf"],
        "json_sha256": replaced[".report.json"],
    }
    assert "sample sheet corrected (diagnosis)" in amendment["reason"]
    assert "identifiers.diagnosis" in amendment["reason"]
    assert report["identifiers"]["diagnosis"] == "B-ALL"
    html = (v2 / "reports" / f"{TUMOR}.html").read_text()
    assert "Amended report (version 2)" in html and replaced[".html"] in html
    assert "identifiers.diagnosis" in html
    if shutil.which("pdftotext"):
        text = pdf_text(v2 / "reports" / f"{TUMOR}.pdf")
        assert "Amended report (version 2)" in text and "sample sheet corrected" in text
    assert md5sum_check(v2).returncode == 0
    for path in v2.rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) & 0o222 == 0, f"{path} is writable"
    # the files whose content did not change are the same bytes as in v1
    assert (v2 / "variants" / f"{TUMOR}.somatic.tsv").read_bytes() == (
        v1 / "variants" / f"{TUMOR}.somatic.tsv"
    ).read_bytes()


def test_folder_checksums_and_history_cover_every_version(batch):
    plan = write_sources(batch)
    deliver_version(plan, ROOT)
    write_sources(batch, diagnosis="B-ALL")
    deliver_version(plan, ROOT)
    root = batch / ROOT
    (root / "md5sums.txt").write_text("\n".join(index_lines(ROOT)) + "\n")
    rows = write_history(ROOT, root / "deliveries.tsv")
    listed = [line.split("  ", 1)[1] for line in (root / "md5sums.txt").read_text().splitlines()]
    present = {
        p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.parent != root
    }
    assert set(listed) == present and len(listed) == len(present)
    assert any(p.startswith("v1/") for p in listed) and any(p.startswith("v2/") for p in listed)
    # version by version: every v1 line comes before the first v2 line
    assert max(i for i, p in enumerate(listed) if p.startswith("v1/")) < min(
        i for i, p in enumerate(listed) if p.startswith("v2/")
    )
    assert md5sum_check(root).returncode == 0
    assert [r["version"] for r in rows] == [1, 2]
    assert rows[1]["replaces"] == 1 and rows[1]["amended_reports"] == TUMOR
    assert current_folder(root / "deliveries.tsv") == "v2"


def test_changed_table_without_report_change_is_a_new_version_without_amendment(batch):
    plan = write_sources(batch)
    deliver_version(plan, ROOT)
    (batch / "results/batch_summary.tsv").write_text("sample\tqc_status\nS1-T\tWARN\n")
    done = deliver_version(plan, ROOT, reason="QC thresholds corrected")
    assert done.new and done.version == 2 and done.amended == []
    assert done.changed == ["batch_summary.tsv"]
    v1, v2 = batch / ROOT / "v1", batch / ROOT / "v2"
    for form in (".html", ".pdf", ".report.json"):
        name = f"reports/{TUMOR}{form}"
        assert (v2 / name).read_bytes() == (v1 / name).read_bytes()
    manifest = json.loads((v2 / "delivery.json").read_text())
    assert manifest["reason"] == "QC thresholds corrected"
    assert manifest["replaces_md5sums_sha256"] == sha256(v1 / "md5sums.txt")


def test_report_changed_twice_names_the_version_it_replaces(batch):
    plan = write_sources(batch)
    deliver_version(plan, ROOT)
    write_sources(batch, diagnosis="B-ALL")
    deliver_version(plan, ROOT)
    v2_json = batch / ROOT / "v2" / "reports" / f"{TUMOR}.report.json"
    write_sources(batch, diagnosis="T-ALL")
    done = deliver_version(plan, ROOT)
    assert done.version == 3
    report = json.loads((batch / ROOT / "v3" / "reports" / f"{TUMOR}.report.json").read_text())
    assert report["amendment"]["label"] == "Amended report (version 3)"
    assert report["amendment"]["replaces"]["version"] == 2
    assert report["amendment"]["replaces"]["json_sha256"] == sha256(v2_json)
    # the same content again: v3 stays the newest
    assert not deliver_version(plan, ROOT).new


def test_half_written_version_is_removed_and_not_counted(batch):
    """A run killed while writing v2 leaves only a hidden .v2.partial folder: the next run
    removes it and writes v2 in full."""
    plan = write_sources(batch)
    deliver_version(plan, ROOT)
    partial = batch / ROOT / ".v2.partial" / "reports"
    partial.mkdir(parents=True)
    (partial / f"{TUMOR}.html").write_text("half")
    assert not any(line.startswith(".v2") for line in index_lines(ROOT))
    write_sources(batch, diagnosis="B-ALL")
    done = deliver_version(plan, ROOT)
    assert done.version == 2
    assert not (batch / ROOT / ".v2.partial").exists()
    assert md5sum_check(batch / ROOT / "v2").returncode == 0


@pytest.mark.parametrize("args", [["--reason"], ["--reason", ""]])
def test_run_reason_needs_a_text(repo_root, tmp_path, args):
    """./alwgs run --reason TEXT: the text amended reports print; without one, a clear error
    before anything is read or run."""
    config = tmp_path / "batch.yaml"
    config.write_text(f"batch_dir: {tmp_path / 'run'}\n")
    out = subprocess.run(
        [str(repo_root / "alwgs"), "run", "--config", str(config), *args],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert "alwgs run: --reason needs a text (why the batch is delivered again)" in out.stderr
    assert not (tmp_path / "run").exists()


def test_vcf_content_ignores_the_run_lines_not_the_records(tmp_path):
    """Two runs of the same calls differ in bcftools' command lines (date, temporary folder)
    and, on another day, in ##fileDate; the records decide."""

    def vcf(name, run, record):
        path = tmp_path / name
        with gzip.open(path, "wt") as fh:
            fh.write(
                "##fileformat=VCFv4.2\n"
                f"##fileDate=2026120{run}\n"
                f"##bcftools_normCommand=norm -o .tmp_filter_{run}/x.vcf.gz; Date=Mon Dec  {run}\n"
                f"##bcftools/csqCommand=csq -o .tmp_{run}/y; Date=Mon Dec  {run}\n"
                "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
                f"chr1\t{record}\t.\tA\tG\t50\tPASS\t.\n"
            )
        return path

    first = content_digest(vcf("a.vcf.gz", 1, 100))
    assert content_digest(vcf("b.vcf.gz", 2, 100)) == first
    assert content_digest(vcf("c.vcf.gz", 2, 101)) != first


def test_multiqc_content_ignores_its_id_times_and_gzip_header(tmp_path):
    """MultiQC writes a new id and time on every run and its data gzip'ed with a time in the
    header; the data decides."""

    def page(folder, mtime, uuid, when, data):
        blob = base64.b64encode(gzip.compress(data, mtime=mtime)).decode()
        path = tmp_path / folder / "multiqc_report.html"
        path.parent.mkdir()
        path.write_text(
            f'<script>reportUuid = "{uuid}";\nconfigCreationDate = "{when}";\n'
            f'var data = "{blob}";</script>\n<p>generated on {when}\n</p>\n'
        )
        return path

    first = content_digest(page("a", 1, "30a4", "07 Dec 2026, 06:06 UTC", b'{"d": 1}'))
    assert content_digest(page("b", 9, "0a9a", "08 Dec 2026, 07:15 UTC", b'{"d": 1}')) == first
    assert content_digest(page("c", 9, "0a9a", "08 Dec 2026, 07:15 UTC", b'{"d": 2}')) != first


def test_comparison_reads_the_delivered_files_not_the_stored_digests(batch):
    """The newest version is compared by reading its files with today's rules: digests an
    older alwgs stored (other rules for "same content") do not make a new version."""
    plan = write_sources(batch)
    deliver_version(plan, ROOT)
    manifest = batch / ROOT / "v1" / "delivery.json"
    data = json.loads(manifest.read_text())
    for entry in data["files"].values():
        entry["content"] = "from-older-rules"
    manifest.chmod(0o644)
    manifest.write_text(json.dumps(data))
    assert not deliver_version(plan, ROOT).new


@pytest.mark.parametrize("damage", ["changed", "missing"])
def test_a_changed_or_missing_delivered_file_stops_the_delivery(batch, damage):
    plan = write_sources(batch)
    deliver_version(plan, ROOT)
    delivered = batch / ROOT / "v1" / "variants" / f"{TUMOR}.somatic.tsv"
    if damage == "changed":
        delivered.chmod(0o644)
        delivered.write_text("edited by hand\n")
    else:
        delivered.unlink()
    write_sources(batch, diagnosis="B-ALL")
    expected = "changed after it was delivered" if damage == "changed" else "is missing"
    with pytest.raises(RuntimeError, match=expected):
        deliver_version(plan, ROOT)
    assert not (batch / ROOT / "v2").exists()


def test_read_only_keeps_the_read_bits_the_umask_gave(batch):
    """A lab that keeps patient files group-readable only (umask 027) gets delivered files
    readable by the group and by no one else, and writable by no one."""
    old = os.umask(0o027)
    try:
        deliver_version(write_sources(batch), ROOT)
    finally:
        os.umask(old)
    modes = {
        stat.S_IMODE(p.stat().st_mode) for p in (batch / ROOT / "v1").rglob("*") if p.is_file()
    }
    assert modes == {0o440}
