"""MANIFEST.sha256, the bundle id and bundle.yaml, and the two checks of a bundle.

- MANIFEST.sha256 lists the sha256 of every data file of the bundle (sha256sum format, paths
  relative to the bundle: ``sha256sum -c MANIFEST.sha256`` in the bundle checks it). The index
  cache is left out: it is derived, and the workflow rebuilds what is missing.
- The bundle id is ``sha256:`` + the sha256 of MANIFEST.sha256 itself: one value that names
  exactly these files. Every report cites it.
- bundle.yaml holds the build, the contig roles, the paths (relative to the bundle), what
  each source gave (renamed, dropped), the id, and the size and mtime of every manifest file.
- The cheap check (intake, every batch): the manifest still hashes to the id and every file
  has its recorded size and mtime. The full check (``./alwgs reference --verify DIR``) hashes
  every file again; when all match, it records the files' current mtimes (a copied bundle).
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from alwgs.bundle.errors import BundleError
from alwgs.checksums import file_sha256 as sha256_file

MANIFEST = "MANIFEST.sha256"
BUNDLE_YAML = "bundle.yaml"
FORMAT = 1


def bundle_id(bundle: Path) -> str:
    return "sha256:" + sha256_file(bundle / MANIFEST)


def write_manifest(bundle: Path, files: list[str]) -> str:
    """MANIFEST.sha256 of files (relative paths, sorted); returns the bundle id."""
    lines = [f"{sha256_file(bundle / rel)}  {rel}" for rel in sorted(files)]
    (bundle / MANIFEST).write_text("\n".join(lines) + "\n")
    return bundle_id(bundle)


def manifest_files(bundle: Path) -> list[tuple[str, str]]:
    """(sha256, relative path) of every manifest row."""
    rows = []
    for line in (bundle / MANIFEST).read_text().splitlines():
        digest, _, rel = line.partition("  ")
        rows.append((digest, rel))
    return rows


def stamps(bundle: Path, files: list[str]) -> dict[str, dict]:
    out = {}
    for rel in sorted(files):
        st = os.stat(bundle / rel)
        out[rel] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns}
    return out


def write_bundle_yaml(bundle: Path, doc: dict) -> None:
    head = (
        "# Reference bundle made by ./alwgs reference (docs/CONTRACTS.md, 'Reference bundle').\n"
        "# Paths are relative to this folder. Do not edit: intake checks the files against\n"
        "# MANIFEST.sha256 and bundle_id; ./alwgs reference --verify DIR checks them in full.\n"
    )
    (bundle / BUNDLE_YAML).write_text(head + yaml.safe_dump(doc, sort_keys=False))


def read_bundle(bundle: Path) -> dict:
    """bundle.yaml of a bundle directory; BundleError when it is not one."""
    path = bundle / BUNDLE_YAML
    if not path.is_file():
        raise BundleError(
            bundle, "is not a reference bundle (no bundle.yaml): make one with ./alwgs reference"
        )
    try:
        doc = yaml.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        raise BundleError(path, f"is not valid YAML ({exc})") from None
    if not isinstance(doc, dict) or doc.get("alwgs_bundle") != FORMAT:
        raise BundleError(path, f"is not a bundle.yaml of format {FORMAT}")
    return doc


def cheap_check(bundle: Path, doc: dict) -> str | None:
    """Why the bundle is not as it was made (manifest id, sizes, mtimes), or None."""
    if not (bundle / MANIFEST).is_file():
        return f"{MANIFEST} is missing"
    if bundle_id(bundle) != doc.get("bundle_id"):
        return f"{MANIFEST} does not hash to bundle_id {doc.get('bundle_id')}: it was changed"
    recorded = doc.get("files") or {}
    listed = {rel for _, rel in manifest_files(bundle)}
    if set(recorded) != listed:
        return f"bundle.yaml and {MANIFEST} list different files"
    for rel, want in recorded.items():
        path = bundle / rel
        if not path.is_file():
            return f"{rel} is missing"
        st = os.stat(path)
        if st.st_size != want["size"]:
            size = f"{st.st_size} bytes, was {want['size']}"
            return f"{rel} has changed since the bundle was made ({size})"
        if st.st_mtime_ns != want["mtime_ns"]:
            return f"{rel} was modified or copied since the bundle was made (its mtime differs)"
    return None


def full_check(bundle: Path) -> list[str]:
    """Every manifest file hashed again: the problems found (empty when none). When all
    match, the recorded sizes and mtimes are refreshed (a bundle copied without -p)."""
    doc = read_bundle(bundle)
    problems = []
    if bundle_id(bundle) != doc.get("bundle_id"):
        problems.append(f"{MANIFEST} does not hash to bundle_id {doc.get('bundle_id')}")
    rows = manifest_files(bundle)
    for digest, rel in rows:
        path = bundle / rel
        if not path.is_file():
            problems.append(f"{rel}: missing")
        elif sha256_file(path) != digest:
            problems.append(f"{rel}: checksum differs from {MANIFEST}")
    if not problems:
        doc["files"] = stamps(bundle, [rel for _, rel in rows])
        write_bundle_yaml(bundle, doc)
    return problems
