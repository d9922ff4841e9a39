"""Knowledge tables (TSV) of config/knowledge/: '#' comment lines on top carry
``# version: ...`` and ``# source: ...`` (one or more), then a header row, then data rows.
The same layout as the fusion stage's tables, so a lab edits them all the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Table:
    path: str
    version: str
    sources: list[str]
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (file line, row)


def read_table(path: str | Path, columns: list[str], required: list[str] | None = None) -> Table:
    """Read a knowledge TSV; the header must be exactly ``columns``. Cells of ``required``
    columns may not be empty. Errors raise ValueError naming the file, line and column."""
    required = columns if required is None else required
    version, sources, rows, header = "", [], [], None
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            text = line.rstrip("\n")
            if text.startswith("#"):
                key, sep, value = text.lstrip("#").strip().partition(":")
                if sep and key.strip().lower() == "version":
                    version = value.strip()
                elif sep and key.strip().lower() == "source":
                    sources.append(value.strip())
                continue
            if not text.strip():
                continue
            cells = [c.strip() for c in text.split("\t")]
            if header is None:
                if cells != columns:
                    raise ValueError(
                        f"{path}: line {n}: header must be {' '.join(columns)} (tab-separated),"
                        f" got {' '.join(cells)}"
                    )
                header = cells
                continue
            if len(cells) != len(columns):
                raise ValueError(
                    f"{path}: line {n}: has {len(cells)} fields, the header has {len(columns)}"
                )
            row = dict(zip(columns, cells, strict=True))
            for name in required:
                if not row[name]:
                    raise ValueError(f"{path}: line {n}, column '{name}': is empty")
            rows.append((n, row))
    if header is None:
        raise ValueError(f"{path}: the header row is missing")
    if not version:
        raise ValueError(f"{path}: a '# version: ...' comment line is missing")
    if not sources:
        raise ValueError(f"{path}: a '# source: ...' comment line is missing")
    return Table(str(path), version, sources, rows)
