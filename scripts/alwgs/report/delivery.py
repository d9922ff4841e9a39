"""Numbered, immutable deliveries: results/delivery/<batch>/v1/, v2/, ... A delivered file is
never changed. A run whose deliverables have the same content as the newest version writes
nothing new; a run whose content differs writes the next version in full, and each tumor
report in it that differs from the previous version is an amended report: it says so, with
the reason and the sha256 of the report it replaces. Every version holds its own manifest
(delivery.json) and md5sums.txt; the folder's md5sums.txt and deliveries.tsv list every
version and are rebuilt from the versions, never the other way round.

"Same content" ignores what differs between two identical runs by design (seen on two runs of
one batch): the time a report was created (in its JSON and HTML), the PDF printed from the
HTML (weasyprint stamps its own date), the compressed bytes and indexes of the VCFs and their
tool command lines (dates, temporary folders), and MultiQC's run id and times."""

from __future__ import annotations

import base64
import datetime
import gzip
import hashlib
import json
import re
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

from alwgs.checksums import file_sha256 as sha256_file
from alwgs.report.batch import CHECKSUMS, checksum_lines

MANIFEST = "delivery.json"
HISTORY = "deliveries.tsv"
HISTORY_COLUMNS = ["version", "folder", "created", "replaces", "amended_reports", "reason"]
VERSION = re.compile(r"^v([1-9][0-9]*)$")
PARTIAL = re.compile(r"^\.v[0-9]+\.partial$")
WRITE_BITS = 0o222
# The three forms of a tumor's report in the delivery (folder reports/).
REPORT_FORMS = {"html": ".html", "pdf": ".pdf", "json": ".report.json"}
# The cell of the report page that holds its creation time (report.html.j2, identifiers).
CREATED_CELL = re.compile(r"(<th>Report created</th><td>)[^<]*(</td>)")
# What the delivery step adds to an amended report page (report.html.j2): the banner and the
# label in the running header. Removed to compare a delivered page with a new one.
AMENDMENT_BANNER = re.compile(r'<div class="banner banner-amended".*?</div></div>\n', re.DOTALL)
AMENDMENT_LABEL = re.compile(r" \| Amended report \(version [0-9]+\)(?=</div>)")
# VCF header lines that record how and when the file was made, not what it holds: each tool's
# command line (with its date and temporary paths: bcftools, bcftools/csq) and the file date.
VCF_RUN_LINES = re.compile(rb"^##(?:[^=\n]*Command=|fileDate=)")
# MultiQC's page: an id and two times that are new on every run, and its data as gzip+base64
# (the gzip header holds a time; the data inside is compared).
MULTIQC_VOLATILE = re.compile(
    r'(reportUuid = ")[^"]*(")|(configCreationDate = ")[^"]*(")|(generated on )[^<\n]*'
)
MULTIQC_BLOB = re.compile(r"H4sI[A-Za-z0-9+/=]+")


@dataclass
class Delivery:
    version: int
    folder: Path
    new: bool
    changed: list[str] = field(default_factory=list)
    amended: list[str] = field(default_factory=list)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def report_json_content(context: dict) -> bytes:
    """The report's content without its creation time and amendment (both say when and
    how it was delivered, not what it reports)."""
    context = json.loads(json.dumps(context))
    context.get("identifiers", {}).pop("report_created", None)
    context.pop("amendment", None)
    return json.dumps(context, sort_keys=True, ensure_ascii=False).encode()


def multiqc_content(page: str) -> str:
    """A MultiQC page without what is new on every run."""

    def blob(match: re.Match) -> str:
        try:
            return "gzip:" + _sha256(gzip.decompress(base64.b64decode(match.group(0))))
        except (ValueError, OSError, EOFError):
            return match.group(0)

    return MULTIQC_VOLATILE.sub(r"\1\2\3\4\5", MULTIQC_BLOB.sub(blob, page))


def content_digest(src: str | Path) -> str:
    """sha256 of what a deliverable says, for deciding whether a run changed it."""
    src = str(src)
    if src.endswith(".report.json"):
        with open(src) as fh:
            return _sha256(report_json_content(json.load(fh)))
    if src.endswith(".pdf"):
        # printed from the report page beside it; weasyprint stamps its own creation date
        return "pdf-of:" + content_digest(src[: -len(".pdf")] + ".html")
    if src.endswith(".tbi"):
        # an index of the file beside it (its bytes depend on the compressed blocks)
        return "index-of:" + content_digest(src[: -len(".tbi")])
    if src.endswith(".vcf.gz"):
        with gzip.open(src, "rb") as fh:
            return _sha256(b"".join(line for line in fh if not VCF_RUN_LINES.match(line)))
    if Path(src).name == "multiqc_report.html":
        return _sha256(multiqc_content(Path(src).read_text(errors="replace")).encode())
    if src.endswith(".html") and not src.endswith(".igv.html"):
        text = Path(src).read_text(errors="replace")
        text = AMENDMENT_LABEL.sub("", AMENDMENT_BANNER.sub("", text, count=1), count=1)
        return _sha256(CREATED_CELL.sub(r"\1\2", text).encode())
    return sha256_file(src)


def versions(root: str | Path) -> list[int]:
    root = Path(root)
    if not root.is_dir():
        return []
    found = (VERSION.match(p.name) for p in root.iterdir() if p.is_dir())
    return sorted(int(m.group(1)) for m in found if m)


def read_manifest(root: str | Path, version: int) -> dict:
    with open(Path(root) / f"v{version}" / MANIFEST) as fh:
        return json.load(fh)


def _tumor_of_report(rel: str) -> str | None:
    """reports/<tumor>.html|.pdf|.report.json -> tumor (the read-review page is not one)."""
    if not rel.startswith("reports/") or rel.endswith(".igv.html"):
        return None
    name = rel.removeprefix("reports/")
    for suffix in sorted(REPORT_FORMS.values(), key=len, reverse=True):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return None


def _changed_fields(old: dict, new: dict, limit: int = 12) -> list[str]:
    """Dotted keys (two levels) whose values differ between two report contexts."""
    out = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a == b or key in ("amendment",):
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            sub = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
            sub = [k for k in sub if (key, k) != ("identifiers", "report_created")]
            out.extend(f"{key}.{k}" for k in sub)
        else:
            out.append(key)
    return out if len(out) <= limit else out[:limit] + [f"and {len(out) - limit} more"]


def amendment_reason(
    tumor: str, changed: list[str], old_context: dict, new_context: dict, given: str
) -> str:
    """Why a report is amended: the reason given on the command line, the report fields that
    changed, and the tumor's other deliverables that changed."""
    parts = [given.strip()] if given.strip() else []
    fields = _changed_fields(old_context, new_context)
    if fields:
        parts.append("report fields changed: " + ", ".join(fields))
    own = [
        rel
        for rel in changed
        if Path(rel).name.startswith(f"{tumor}.") and _tumor_of_report(rel) is None
    ]
    if own:
        parts.append("deliverables changed: " + ", ".join(own))
    if not fields and not own:
        parts.append("the report's presentation changed (same data)")
    return "; ".join(parts)


def _write_amended_report(
    folder: Path, tumor: str, sources: dict[str, str], amendment: dict
) -> None:
    """The tumor's report in its three forms, rendered again from its JSON context with the
    amendment added (the page, the PDF printed from it, and the JSON carry the same text)."""
    from alwgs.report.render import render_html, write_json, write_pdf

    with open(sources[f"reports/{tumor}.report.json"]) as fh:
        context = json.load(fh)
    context["amendment"] = amendment
    html = render_html(context, sources.get(f"cnv/{tumor}.cnv.png"))
    (folder / "reports" / f"{tumor}.html").write_text(html)
    write_pdf(html, folder / "reports" / f"{tumor}.pdf")
    write_json(context, folder / "reports" / f"{tumor}.report.json")


def check_intact(path: Path, sha256: str) -> None:
    """A delivered file is as it was delivered (its sha256 in the version's delivery.json)."""
    if not path.is_file():
        raise RuntimeError(
            f"{path}: delivered file is missing; delivered files must stay as they were"
            " (restore it from the lab's copy, then run again)"
        )
    found = sha256_file(path)
    if found != sha256:
        raise RuntimeError(
            f"{path}: changed after it was delivered (sha256 {found}, delivery.json says"
            f" {sha256}); delivered files must stay as they were (restore it from the lab's"
            " copy, then run again)"
        )


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def deliver_version(
    plan: list[tuple[str, str]], root: str | Path, reason: str = "", created: str | None = None
) -> Delivery:
    """Deliver the plan's (source, destination) pairs (destinations below `root`, as
    alwgs.report.batch.delivery_plan makes them) as a new version of the delivery folder,
    unless the newest version already holds the same content. The version is written in a
    hidden folder, made read-only and then renamed, so a run killed half-way leaves no
    partial version (the leftover is removed by the next run)."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    for leftover in root.iterdir():
        if leftover.is_dir() and PARTIAL.match(leftover.name):
            shutil.rmtree(leftover)
    sources = {Path(dest).relative_to(root).as_posix(): src for src, dest in plan}
    content = {rel: content_digest(src) for rel, src in sources.items()}
    done = versions(root)
    previous = read_manifest(root, done[-1]) if done else None
    last = root / f"v{done[-1]}" if done else None
    # the newest version's files read again with today's rules (not the digests its manifest
    # stored), so a change of these rules does not by itself make a new version
    for rel, entry in (previous or {}).get("files", {}).items():
        check_intact(last / rel, entry["sha256"])
    before = {rel: content_digest(last / rel) for rel in (previous or {}).get("files", {})}
    if previous is not None and before == content:
        return Delivery(done[-1], root / f"v{done[-1]}", new=False)

    version = done[-1] + 1 if done else 1
    changed = sorted(rel for rel in content if before.get(rel) != content[rel])
    removed = sorted(set(before) - set(content))
    amend = sorted(
        {t for rel in changed if (t := _tumor_of_report(rel)) and f"reports/{t}.html" in before}
    )
    tmp = root / f".v{version}.partial"
    tmp.mkdir()
    reasons = {}
    for rel, src in sources.items():
        dest = tmp / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if _tumor_of_report(rel) in amend:
            continue  # written below, with the amendment
        # unchanged content: the previous version's bytes, so the two copies are identical
        shutil.copyfile(last / rel if before.get(rel) == content[rel] else src, dest)
    for tumor in amend:
        with open(last / "reports" / f"{tumor}.report.json") as fh:
            old_context = json.load(fh)
        with open(sources[f"reports/{tumor}.report.json"]) as fh:
            new_context = json.load(fh)
        reasons[tumor] = amendment_reason(tumor, changed, old_context, new_context, reason)
        amendment = {
            "version": version,
            "label": f"Amended report (version {version})",
            "reason": reasons[tumor],
            "replaces": {
                "version": version - 1,
                **{
                    f"{form}_sha256": sha256_file(last / "reports" / f"{tumor}{suffix}")
                    for form, suffix in REPORT_FORMS.items()
                },
            },
        }
        _write_amended_report(tmp, tumor, sources, amendment)
    manifest = {
        "version": version,
        "created": created or _now(),
        "replaces": version - 1 if previous else None,
        "replaces_md5sums_sha256": sha256_file(last / CHECKSUMS) if previous else None,
        "reason": reason.strip(),
        "changed": changed if previous else [],
        "removed": removed,
        "amended_reports": reasons,
        "files": {
            rel: {"source": sources[rel], "content": content[rel], "sha256": sha256_file(tmp / rel)}
            for rel in sorted(sources)
        },
    }
    with open(tmp / MANIFEST, "w") as fh:
        json.dump(manifest, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    files = sorted(p for p in tmp.rglob("*") if p.is_file())
    (tmp / CHECKSUMS).write_text("\n".join(checksum_lines(tmp, files)) + "\n")
    for path in tmp.rglob("*"):
        if path.is_file():
            # no write bits; the read bits stay as the umask made them (group-only if so set)
            path.chmod(stat.S_IMODE(path.stat().st_mode) & ~WRITE_BITS)
    tmp.rename(root / f"v{version}")
    return Delivery(version, root / f"v{version}", True, changed if previous else [], amend)


def _index_key(rel: Path) -> tuple[int, str]:
    match = VERSION.match(rel.parts[0]) if len(rel.parts) > 1 else None
    return (int(match.group(1)) if match else 0, rel.as_posix())


def index_lines(root: str | Path) -> list[str]:
    """md5sum lines of every delivered file of every version (and of files an older alwgs
    delivered in the folder itself), version by version; `md5sum -c md5sums.txt` in the
    folder checks them all."""
    root = Path(root)
    own = {CHECKSUMS, HISTORY}
    files = [
        p.relative_to(root)
        for p in root.rglob("*")
        if p.is_file()
        and not (p.parent == root and p.name in own)
        and not PARTIAL.match(p.relative_to(root).parts[0])
    ]
    return [
        line for rel in sorted(files, key=_index_key) for line in checksum_lines(root, [root / rel])
    ]


def history_rows(root: str | Path) -> list[dict]:
    """One row per version, from its manifest (HISTORY_COLUMNS)."""
    rows = []
    for version in versions(root):
        m = read_manifest(root, version)
        rows.append(
            {
                "version": version,
                "folder": f"v{version}",
                "created": m["created"],
                "replaces": m["replaces"] or "",
                "amended_reports": ",".join(m["amended_reports"]) or "none",
                "reason": _history_reason(m),
            }
        )
    return rows


def _history_reason(manifest: dict) -> str:
    if manifest["replaces"] is None:
        return "first delivery"
    parts = [manifest["reason"]] if manifest["reason"] else []
    parts.append(f"{len(manifest['changed'])} files changed")
    if manifest["removed"]:
        parts.append(f"{len(manifest['removed'])} no longer delivered")
    return "; ".join(parts).replace("\t", " ").replace("\n", " ")


def write_history(root: str | Path, path: str | Path) -> list[dict]:
    rows = history_rows(root)
    with open(path, "w") as out:
        out.write("\t".join(HISTORY_COLUMNS) + "\n")
        for row in rows:
            out.write("\t".join(str(row[c]) for c in HISTORY_COLUMNS) + "\n")
    return rows


def current_folder(history: str | Path) -> str:
    """The newest version's folder name, from deliveries.tsv."""
    with open(history) as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh][1:]
    if not rows:
        raise ValueError(f"{history}: no delivery listed")
    return rows[-1][HISTORY_COLUMNS.index("folder")]
