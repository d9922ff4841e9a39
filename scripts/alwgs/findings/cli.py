"""./alwgs interpret --findings FILE.yaml [--out DIR]: findings made elsewhere through the
workflow's interpretation and report. Per document (case) of the file, in DIR:
<case>.interpretation.json, <case>.html, <case>.pdf and <case>.report.json.

Every document is read and checked (and every output name checked free) before anything is
written; a bad input stops with one line naming file, line and field. Outputs are written to a
temporary name and renamed, and existing outputs are never overwritten (--force replaces
them)."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import tempfile
from pathlib import Path

import yaml

from alwgs.findings.reader import interpret_findings, read_findings
from alwgs.findings.report import build_findings_context
from alwgs.findings.resources import REPO, load_resources
from alwgs.intake.errors import IntakeError
from alwgs.report.inputs import pipeline_version
from alwgs.report.render import render_html, write_pdf

OUTPUTS = ("interpretation.json", "html", "pdf", "report.json")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="alwgs interpret",
        description="Interpret findings made elsewhere (docs/FINDINGS.md) with the workflow's "
        "interpretation chain and report.",
    )
    p.add_argument("--findings", required=True, help="findings file (YAML: one document or a list)")
    p.add_argument("--out", default=".", help="output directory (default: the current one)")
    p.add_argument(
        "--config",
        help="YAML whose interpretation/annotation/small_variants/sv/cnv/itd/report keys replace "
        "the defaults of config/config.yaml (e.g. a batch config with the lab's knowledge files)",
    )
    p.add_argument(
        "--cytobands",
        action="append",
        default=[],
        metavar="BUILD=FILE",
        help="cytoband file (UCSC layout) of a build other than GRCh38, for segments and bands",
    )
    p.add_argument(
        "--genes",
        action="append",
        default=[],
        metavar="BUILD=FILE",
        help="gene table (layout of config/reference/genes.GRCh38.tsv) of a build, replacing the"
        " shipped GRCh38 one: the genes of segments that do not name theirs",
    )
    p.add_argument("--no-pdf", action="store_true", help="write HTML and JSON only")
    p.add_argument("--force", action="store_true", help="replace existing outputs")
    return p.parse_args(argv)


def _build_files(option: str, items: list[str]) -> dict[str, str]:
    """BUILD=FILE arguments of an option, each file present."""
    out = {}
    for item in items:
        build, sep, path = item.partition("=")
        if not sep or not build or not path:
            raise IntakeError(option, None, None, f"'{item}' is not BUILD=FILE")
        if not Path(path).is_file():
            raise IntakeError(option, None, None, f"{path} does not exist")
        out[build] = path
    return out


def _write(path: Path, write) -> None:
    """Write through a temporary file in the same directory, then rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; results are shared files
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    res = load_resources(
        args.config,
        _build_files("--cytobands", args.cytobands),
        genes=_build_files("--genes", args.genes),
    )
    findings = read_findings(args.findings, res)
    names = {f.info.sample: f for f in findings}
    if len(names) != len(findings):
        raise IntakeError(args.findings, None, "sample.id", "two documents name the same sample")
    targets = {
        f.info.sample: {kind: out / f"{f.info.sample}.{kind}" for kind in OUTPUTS} for f in findings
    }
    if not args.force:
        taken = [p for paths in targets.values() for p in paths.values() if p.exists()]
        if taken:
            raise IntakeError(
                taken[0], None, None, "exists: earlier results are not overwritten (--force)"
            )
    out.mkdir(parents=True, exist_ok=True)
    defaults = yaml.safe_load((REPO / "config" / "config.yaml").read_text())
    settings = defaults["report"]
    meta = {
        "created": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "pipeline_version": pipeline_version(REPO),
    }
    for f in findings:
        paths = targets[f.info.sample]
        interp = interpret_findings(f, res)
        context = build_findings_context(interp, f, res, settings, meta)
        html = render_html(context, None)
        _write(paths["interpretation.json"], lambda p, d=interp: _json(d, p))
        _write(paths["report.json"], lambda p, d=context: _json(d, p))
        _write(paths["html"], lambda p, h=html: p.write_text(h))
        if not args.no_pdf:
            _write(paths["pdf"], lambda p, h=html: write_pdf(h, p))
        eln = interp["eln2022"]
        expected = (
            " (expected block present: checked by tests/guideline, not here)"
            if ("expected" in f.doc.data)
            else ""
        )
        print(
            f"{f.info.sample}: ELN 2022 {eln['group'] or 'none'} ({eln['rule_id']}); WHO 2022"
            f" {interp['who2022']['entity'] or 'none'}; ICC 2022"
            f" {interp['icc2022']['entity'] or 'none'} -> {paths['html']}{expected}"
        )
    return 0


def _json(data: dict, path: Path) -> None:
    with open(path, "w") as fh:
        json.dump(data, fh, indent=1, ensure_ascii=False)
        fh.write("\n")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return run(args)
    except IntakeError as err:
        print(f"alwgs input error: {err}", file=sys.stderr)
        return 1
    except (ValueError, OSError) as err:
        print(f"alwgs input error: {err}", file=sys.stderr)
        return 1
