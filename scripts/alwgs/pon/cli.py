"""./alwgs pon build --out PANEL.vcf.gz BATCH_DIR...
./alwgs pon extend --panel PANEL.vcf.gz [--out NEW.vcf.gz] BATCH_DIR...

build: a panel of normals from the normals of finished batches (version 1). extend: a new
file (version + 1, default name <panel>.v<N>.vcf.gz next to the old one) with the old panel's
counts plus new normals; the old file is never rewritten, and a normal already in the panel is
refused. Every batch and the panel are checked (finished, normals present, same contigs and
lengths) before any count is made."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from alwgs.pon.batches import Normal, PonError, batch_normals, contigs
from alwgs.pon.panel import Panel, add_normals, read_panel, write_panel


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="alwgs pon", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="a new panel from the normals of finished batches")
    b.add_argument("--out", required=True, help="panel VCF to write (.vcf.gz; must not exist)")
    b.add_argument("batches", nargs="+", metavar="BATCH_DIR", help="finished batch folders")
    e = sub.add_parser("extend", help="a new version of a panel with more normals")
    e.add_argument("--panel", required=True, help="the current panel (left as it is)")
    e.add_argument("--out", help="new panel (default <panel>.v<N>.vcf.gz next to it)")
    e.add_argument("batches", nargs="+", metavar="BATCH_DIR", help="finished batch folders")
    return p.parse_args(argv)


def _check_out(out: str) -> None:
    if not out.endswith(".vcf.gz"):
        raise PonError(f"--out {out}: the panel is a bgzipped VCF: name it *.vcf.gz")
    if Path(out).exists() or Path(out + ".tbi").exists():
        raise PonError(f"--out {out}: exists; a panel is never overwritten (choose a new name)")
    if not Path(out).resolve().parent.is_dir():
        raise PonError(f"--out {out}: its folder does not exist")


def versioned_name(panel: str, version: int) -> str:
    stem = re.sub(r"(\.v\d+)?\.vcf\.gz$", "", panel)
    return f"{stem}.v{version}.vcf.gz"


def _check_contigs(expected: dict, name: str, normals: list[Normal]) -> dict:
    """Every normal's VCF with the same contig names and lengths as the first (or panel)."""
    for n in normals:
        got = contigs(n.vcf)
        if not expected:
            expected, name = got, n.vcf
            continue
        if got != expected:
            diff = sorted(
                f"{c}: {expected.get(c, 'absent')} vs {got.get(c, 'absent')}"
                for c in set(expected) | set(got)
                if expected.get(c) != got.get(c)
            )
            raise PonError(
                f"{n.vcf}: reference differs from {name} (contig lengths: {'; '.join(diff[:5])})"
                ": a panel holds the normals of one reference"
            )
    return expected


def _check_new(panel: Panel, normals: list[Normal]) -> None:
    """Refuse a normal already in the panel, or given twice."""
    seen: dict[str, Normal] = {}
    for n in normals:
        if n.sample in seen:
            raise PonError(
                f"normal {n.sample} is in {seen[n.sample].batch_dir} and {n.batch_dir}: one"
                " person counted twice would weigh double; give one batch"
            )
        seen[n.sample] = n
        for old in panel.normals:
            same_id = old.get("ID") == n.sample
            same_digest = old.get("digest") == f"sha256:{n.digest}"
            if same_id and same_digest:
                raise PonError(
                    f"normal {n.sample} of batch {n.batch} is already in the panel (version"
                    f" {old.get('added')}, same sample and same input digest): nothing to add"
                )
            if same_id or same_digest:
                raise PonError(
                    f"normal {n.sample} of batch {n.batch}: the panel already holds"
                    f" {old.get('ID')} of batch {old.get('batch')} with the same"
                    f" {'sample id' if same_id else 'input digest'}; one person counted twice"
                    " would weigh double"
                )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        if args.command == "build":
            _check_out(args.out)
            old, previous = Panel(), ""
        else:
            old, previous = read_panel(args.panel), args.panel
            args.out = args.out or versioned_name(args.panel, old.version + 1)
            _check_out(args.out)
        normals = [n for batch in args.batches for n in batch_normals(batch)]
        _check_new(old, normals)
        old.contigs = _check_contigs(old.contigs, previous, normals)
        panel = add_normals(old, normals, old.version + 1, log=lambda m: print(m, file=sys.stderr))
        write_panel(panel, args.out, previous=Path(previous).name if previous else "")
    except PonError as err:
        print(f"alwgs pon: {err}", file=sys.stderr)
        return 2
    kept = sum(1 for s in panel.sites.values() if s.n > 0)
    print(
        f"[pon] {args.out}: version {panel.version}, {len(panel.normals)} normals, {kept} alleles"
    )
    return 0
