"""Readers of the pipeline outputs a report shows. Every reader takes a path or None and returns
None when the file is absent, so the report can say "not assessed" instead of failing."""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import re
import subprocess
from pathlib import Path

import yaml

_VERSION_LINE = re.compile(r"^#\s*version:\s*(\S+)", re.IGNORECASE)


def present(path: str | Path | None) -> Path | None:
    """The path when it names an existing file, else None."""
    if not path:
        return None
    p = Path(path)
    return p if p.is_file() else None


def read_json(path: str | Path | None) -> dict | None:
    p = present(path)
    if p is None:
        return None
    with open(p) as fh:
        return json.load(fh)


def read_tsv(path: str | Path | None) -> list[dict] | None:
    """Rows of a tab-separated table with a header row ('#' comment lines skipped)."""
    p = present(path)
    if p is None:
        return None
    with open(p) as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def read_versions(path: str | Path | None) -> list[dict] | None:
    """results/versions.tsv: [{tool, version}]."""
    rows = read_tsv(path)
    if rows is None:
        return None
    return [{"tool": r["tool"], "version": r["version"]} for r in rows]


def knowledge_version(path: str | Path | None) -> str | None:
    """The version a knowledge file states: a top-level `version:` of a YAML file, a
    `# version:` comment line of a TSV, or, for a file kept byte-identical to its source (no
    room for a comment), a `version:` line of the `<name>.provenance.md` beside it. None when
    none is stated (or the file is absent)."""
    p = present(path)
    if p is None:
        return None
    if p.suffix in (".yaml", ".yml"):
        with open(p) as fh:
            data = yaml.safe_load(fh) or {}
        version = data.get("version") if isinstance(data, dict) else None
        return None if version is None else str(version)
    with open(p) as fh:
        for line in fh:
            if not line.startswith("#"):
                break
            found = _VERSION_LINE.match(line)
            if found:
                return found.group(1)
    provenance = p.with_name(f"{p.stem}.provenance.md")
    if provenance.is_file():
        for line in provenance.read_text(encoding="utf-8").splitlines():
            text = line.strip().lstrip("-* ").strip()
            if text.lower().startswith("version:"):
                return text.split(":", 1)[1].strip() or None
    return None


def vcf_header_lines(path: str | Path | None, key: str) -> list[str]:
    """Values of the `##<key>=` header lines of a (bgzipped) VCF; [] when absent."""
    p = present(path)
    if p is None:
        return []
    opener = gzip.open if p.suffix == ".gz" else open
    prefix = f"##{key}="
    out = []
    with opener(p, "rt") as fh:
        for line in fh:
            if not line.startswith("##"):
                break
            if line.startswith(prefix):
                out.append(line[len(prefix) :].strip())
    return out


def vcf_record_count(path: str | Path | None) -> int | None:
    """Number of records of a (bgzipped) VCF; None when absent."""
    p = present(path)
    if p is None:
        return None
    opener = gzip.open if p.suffix == ".gz" else open
    with opener(p, "rt") as fh:
        return sum(1 for line in fh if line.strip() and not line.startswith("#"))


def reference_summary(fai: str | Path | None, seq_dict: str | Path | None) -> dict:
    """Number of sequences and bases (from the .fai) and a digest of the reference: md5 of the
    sorted `name:M5` pairs of the sequence dictionary (samtools dict), so two references with
    the same sequences give the same digest without reading the FASTA again."""
    out: dict = {"sequences": None, "bases": None, "digest": None}
    p = present(fai)
    if p is not None:
        lengths = [int(line.split("\t")[1]) for line in p.read_text().splitlines() if line]
        out["sequences"] = len(lengths)
        out["bases"] = sum(lengths)
    d = present(seq_dict)
    if d is not None:
        pairs = []
        for line in d.read_text().splitlines():
            if not line.startswith("@SQ"):
                continue
            fields = dict(f.split(":", 1) for f in line.split("\t")[1:] if ":" in f)
            if "SN" in fields and "M5" in fields:
                pairs.append(f"{fields['SN']}:{fields['M5']}")
        if pairs:
            out["digest"] = hashlib.md5("\n".join(sorted(pairs)).encode()).hexdigest()
    return out


def pipeline_version(repo: str | Path) -> str:
    """alwgs version from pyproject.toml plus the git commit when the code is a git checkout
    ('-dirty' when it has uncommitted changes)."""
    repo = Path(repo)
    version = "unknown"
    pyproject = repo / "pyproject.toml"
    if pyproject.is_file():
        found = re.search(r'^version\s*=\s*"([^"]+)"', pyproject.read_text(), re.MULTILINE)
        if found:
            version = found.group(1)
    try:
        run = subprocess.run(
            ["git", "-C", str(repo), "describe", "--always", "--dirty", "--abbrev=10"],
            capture_output=True,
            text=True,
            timeout=20,
        )
        commit = run.stdout.strip() if run.returncode == 0 else ""
    except (OSError, subprocess.TimeoutExpired):
        commit = ""
    return f"{version} (commit {commit})" if commit else f"{version} (commit not available)"
