"""Checks of a finished batch's reports and deliverables, as a person would look at them:
each report rendered in headless Chromium (text and screenshot), each PDF turned into PNG
pages (pdftoppm) and text (pdftotext), each read-review page opened with the network blocked.

The functions take any batch directory, so they run on the ci batch of the integration tests
and, by hand, on a development batch:
    python tests/integration/report_checks.py BATCH_DIR TRUTH_DIR OUT_DIR
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

CHROMIUM = shutil.which("chromium") or "chromium"
# Hosts Chromium itself calls (updates, time, accounts) even with background networking off;
# they are not requests of the page.
BROWSER_HOSTS = re.compile(r"^https?://([a-z0-9-]+\.)*(google\.com|googleapis\.com|gvt1\.com)/")


REPORT_SECTIONS = [
    "1. Sample and analysis",
    "2. Quality control",
    "3. Summary",
    "4. Small variants",
    "5. FLT3-ITD and other tandem duplications",
    "6. Fusions and structural variants",
    "7. Copy number",
    "8. Germline findings",
    "9. Regions and genes with insufficient coverage",
    "10. Methods",
    "11. Limitations",
    "12. Review and sign-off",
]
"""Section headings of every report, in their order."""


def _chromium(args: list[str], timeout: int = 120) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        cmd = [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={profile}",
            "--hide-scrollbars",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-default-apps",
            *args,
        ]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def render(page: Path, out_png: Path, height: int = 4000, wait_ms: int = 0) -> str:
    """Screenshot (1280 x height) and DOM of a page after it ran; returns the DOM."""
    extra = [f"--virtual-time-budget={wait_ms}"] if wait_ms else []
    shot = _chromium(
        [*extra, f"--window-size=1280,{height}", f"--screenshot={out_png}", page.resolve().as_uri()]
    )
    assert out_png.is_file() and out_png.stat().st_size > 10_000, shot.stderr[-2000:]
    dom = _chromium([*extra, "--dump-dom", page.resolve().as_uri()])
    assert dom.returncode == 0 and "<html" in dom.stdout, dom.stderr[-2000:]
    return dom.stdout


def visible_text(dom: str) -> str:
    """Text of a DOM without scripts, styles and elements hidden with display:none."""
    dom = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S | re.I)
    dom = re.sub(r'<div class="running-id">.*?</div>', " ", dom, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", dom))
    return re.sub(r"\s+", " ", text)


def expected_strings(truth: dict) -> dict[str, list[str]]:
    """What a reader must see for each lesion of a truth clinical.yaml (independent of the
    report code: derived from the lesion ids of docs/CONTRACTS.md)."""
    out: dict[str, list[str]] = {}
    for lid in truth.get("defining_lesions", []):
        if lid.endswith("_mut"):
            out[lid] = [lid.removesuffix("_mut"), "p.("]
        elif lid == "FLT3_ITD":
            out[lid] = ["FLT3-ITD"]
        elif lid == "FLT3_TKD":
            out[lid] = ["FLT3", "p.(Asp835"]
        elif lid.endswith("_PTD"):
            out[lid] = [lid.replace("_PTD", "-PTD")]
        elif lid.endswith("_del"):
            out[lid] = [f"{lid.removesuffix('_del')} deletion"]
        elif lid in ("complex_karyotype", "monosomal_karyotype"):
            out[lid] = [lid.replace("_", " ").capitalize()]
        elif lid == "complex_karyotype_who2022":
            out[lid] = ["Complex karyotype", "WHO 2022"]
        else:
            out[lid] = [lid]  # fusions and ISCN events are shown as named
    for gid in truth.get("germline_findings", []):
        out[gid] = [gid.removesuffix("_germline"), "Germline finding"]
    return out


def eln_text(group: str | None) -> str:
    """A truth without an ELN group (APL, not AML) reads 'Not applicable' in the report."""
    return group.capitalize() if group else "Not applicable"


def check_report_html(batch: Path, sample: str, truth: dict, out_dir: Path) -> str:
    """The report renders; ELN group, WHO/ICC entities, karyotype and every planted lesion
    are visible; nothing is fetched; no value is left blank. Returns the visible text."""
    page = batch / "results" / "report" / f"{sample}.html"
    source = page.read_text()
    assert not re.search(r'<(script|link|img|iframe)\b[^>]*(src|href)="https?:', source), sample
    assert "<script" not in source, f"{sample}: the report must need no script"
    text = visible_text(render(page, out_dir / f"{sample}.png", height=5200))
    assert f"{sample}" in text
    assert eln_text(truth.get("eln2022")) in text, (sample, truth.get("eln2022"))
    assert truth["karyotype"] in text, (sample, truth["karyotype"])
    for lesion, strings in expected_strings(truth).items():
        for s in strings:
            assert s in text, f"{sample}: lesion {lesion}: '{s}' not visible"
    order = [text.find(h) for h in REPORT_SECTIONS]
    assert -1 not in order and order == sorted(order), f"{sample}: sections missing or out of order"
    assert "None" not in text.split(), f"{sample}: a Python None leaked into the page"
    return text


def check_report_pdf(batch: Path, sample: str, truth: dict, out_dir: Path) -> int:
    """PDF pages as PNG (pdftoppm) and text (pdftotext): A4 pages, key content present.
    Returns the page count."""
    pdf = batch / "results" / "report" / f"{sample}.pdf"
    prefix = out_dir / f"{sample}.page"
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(prefix)], check=True)
    pages = sorted(out_dir.glob(f"{sample}.page-*.png"))
    assert 2 <= len(pages) <= 12, f"{sample}: {len(pages)} PDF pages"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"Page size:\s+595\.\d* x 841\.\d*", info.stdout), info.stdout  # A4
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", " ", text)
    assert sample in flat and eln_text(truth.get("eln2022")) in flat, sample
    for lesion, strings in expected_strings(truth).items():
        for s in strings:
            assert s in flat, f"{sample} PDF: lesion {lesion}: '{s}' missing"
    assert f"Page 1 of {len(pages)}" in flat, f"{sample}: page numbers missing"
    return len(pages)


def check_report_json(batch: Path, sample: str, truth: dict) -> dict:
    report = json.loads((batch / "results" / "report" / f"{sample}.report.json").read_text())
    assert report["alwgs_report"] == 1
    assert report["summary"]["eln2022"]["group"] == (truth.get("eln2022") or "not_applicable"), (
        sample
    )
    ids = {f["id"] for f in report["summary"]["findings"]}
    assert set(truth["defining_lesions"]) <= ids, (sample, ids)
    return report


def check_igv_page(batch: Path, sample: str, out_dir: Path) -> None:
    """The read-review page has no network resource and draws igv.js with DNS blocked; the
    browser log holds no request of the page."""
    page = batch / "results" / "report" / f"{sample}.igv.html"
    source = page.read_text()
    assert not re.search(r'<(script|link)\b[^>]*(src|href)="https?:', source), sample
    if "igv.createBrowser" not in source:  # a sample with nothing to review
        assert "nothing to review" in source
        return
    netlog = out_dir / f"{sample}.igv.netlog.json"
    shot = _chromium(
        [
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--log-net-log={netlog}",
            "--virtual-time-budget=8000",
            "--window-size=1280,1400",
            f"--screenshot={out_dir / f'{sample}.igv.png'}",
            page.resolve().as_uri(),
        ]
    )
    assert shot.returncode == 0, shot.stderr[-2000:]
    urls = set(re.findall(r'"url":"([^"]+)"', netlog.read_text()))
    page_requests = {u for u in urls if u.startswith("http") and not BROWSER_HOSTS.match(u)}
    assert not page_requests, f"{sample}: the page asked the network for {page_requests}"
    dom = _chromium(
        [
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--virtual-time-budget=8000",
            "--dump-dom",
            page.resolve().as_uri(),
        ]
    ).stdout
    assert "igv-track" in dom or "igv-root" in dom, f"{sample}: igv.js drew nothing"
    sites = (batch / "results" / "report" / "igv" / f"{sample}.sites.bed").read_text().splitlines()
    for line in sites:
        assert line.split("\t")[3].split(" ")[0] in visible_text(dom), (sample, line)


def check_delivery(batch: Path) -> list[str]:
    """md5sum -c passes in the delivery folder and it holds exactly the listed files (plus
    md5sums.txt). Returns the delivered paths."""
    status = json.loads((batch / "results" / "batch_status.json").read_text())
    root = batch / status["delivery"]
    check = subprocess.run(
        ["md5sum", "-c", "--quiet", "md5sums.txt"], cwd=root, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    listed = {line.split("  ", 1)[1] for line in (root / "md5sums.txt").read_text().splitlines()}
    present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert present - {"md5sums.txt"} == listed, present ^ listed
    assert status["status"] == "complete"
    assert (root / "md5sums.txt").stat().st_mtime <= (
        batch / "results" / "batch_status.json"
    ).stat().st_mtime, "batch_status.json must be written last"
    return sorted(listed)


def check_batch_summary(batch: Path, truths: dict[str, dict]) -> None:
    rows = (batch / "results" / "batch_summary.tsv").read_text().splitlines()
    header = rows[0].split("\t")
    table = {r.split("\t")[0]: dict(zip(header, r.split("\t"), strict=True)) for r in rows[1:]}
    for sample, truth in truths.items():
        row = table[sample]
        assert row["eln2022_group"] == (truth.get("eln2022") or "not_applicable"), (sample, row)
        assert row["qc_status"] in ("PASS", "WARN", "FAIL"), row


def load_truths(truth_dir: Path) -> dict[str, dict]:
    return {
        p.name.removesuffix(".clinical.yaml"): yaml.safe_load(p.read_text())
        for p in sorted(truth_dir.glob("*.clinical.yaml"))
    }


def check_batch(batch: Path, truth_dir: Path, out_dir: Path) -> dict:
    """Every check on every tumor of a batch; returns a short account (pages per PDF)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    truths = load_truths(truth_dir)
    account = {}
    for sample, truth in truths.items():
        check_report_html(batch, sample, truth, out_dir)
        check_report_json(batch, sample, truth)
        account[sample] = check_report_pdf(batch, sample, truth, out_dir)
        check_igv_page(batch, sample, out_dir)
    check_batch_summary(batch, truths)
    account["delivered"] = len(check_delivery(batch))
    return account


if __name__ == "__main__":
    print(check_batch(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])))


def report_inputs(batch: Path, sample: str, normal: str | None, repo: Path, cache: Path):
    """ReportInputs of one tumor of a finished batch (to render variants of its report);
    `cache` is the reference cache folder (.fai, .dict)."""
    from alwgs.report.context import ReportInputs

    res = batch / "results"
    cov = res / "report" / "coverage"
    return ReportInputs(
        interpretation=str(res / "interpretation" / f"{sample}.json"),
        qc_tumor=str(res / "qc" / "gate" / f"{sample}.qc.json"),
        qc_normal=str(res / "qc" / "gate" / f"{normal}.qc.json") if normal else None,
        itd=str(res / "small_variants" / f"{sample}.itd.tsv"),
        itd_targets=str(res / "small_variants" / "itd" / "targets.bed"),
        fusions=str(res / "sv" / f"{sample}.fusions.tsv"),
        sv_table=str(res / "sv" / f"{sample}.sv.tsv"),
        sv_vcfs=[str(res / "sv" / f"{sample}.{c}.vcf.gz") for c in ("delly", "tiddit")],
        events=str(res / "cnv" / f"{sample}.events.tsv"),
        karyotype=str(res / "cnv" / f"{sample}.karyotype.json"),
        cnv_plot=str(res / "cnv" / f"{sample}.cnv.png"),
        coverage_tumor=str(cov / f"{sample}.genes.tsv"),
        coverage_normal=str(cov / f"{normal}.genes.tsv") if normal else None,
        versions=str(res / "versions.tsv"),
        reference_fai=str(cache / "genome.fa.fai"),
        reference_dict=str(cache / "genome.dict"),
        germline_rules=str(repo / "config" / "knowledge" / "germline_predisposition.yaml"),
        knowledge={"QC thresholds": str(repo / "config" / "qc.yaml")},
    )


def render_variant(inputs, out_dir: Path, name: str, settings: dict) -> tuple[str, str]:
    """Render a report from (modified) inputs as HTML and PDF; returns (visible HTML text, PDF
    text) after Chromium and pdftotext read them."""
    from alwgs.report.context import build_context
    from alwgs.report.render import render_html, write_pdf

    meta = {"sample": name, "batch": "test", "created": "test", "itd_targets": ["FLT3-ITD"]}
    ctx = build_context(inputs, settings, meta)
    page = out_dir / f"{name}.html"
    page.write_text(render_html(ctx, inputs.cnv_plot))
    write_pdf(page.read_text(), out_dir / f"{name}.pdf")
    pdf_text = subprocess.run(
        ["pdftotext", str(out_dir / f"{name}.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    return visible_text(render(page, out_dir / f"{name}.png")), re.sub(r"\s+", " ", pdf_text)
