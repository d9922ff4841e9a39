"""Knowledge files of the fusion stage (config/knowledge/), read and checked.

Each is a TSV with '#' comment lines on top that carry ``# version: ...`` and one or more
``# source: ...`` lines, then a header row. A malformed file raises ValueError naming the
file, the row and the field, so the workflow stops before any job.

- known_fusions.tsv: gene5 gene3 mechanism disease iscn flank_bp source
- ptd_genes.tsv:     gene disease source
- gene_loci.tsv:     locus member_pattern source
- targeted_rearrangements.tsv: name anchor partner partner_pattern min_anchor_mapq margin_bp
  source (each name a fusion of known_fusions.tsv; its anchor a locus of gene_loci.tsv or a
  gene name)
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

MECHANISMS = ("chimeric", "enhancer")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class KnownFusion:
    gene5: str
    gene3: str
    mechanism: str  # chimeric: a 5'->3' fusion transcript; enhancer: a gene moved next to one
    disease: str
    iscn: str
    flank_bp: int  # a breakpoint this far outside a partner's span still counts
    source: str

    @property
    def name(self) -> str:
        return f"{self.gene5}::{self.gene3}"


@dataclass(frozen=True)
class PtdGene:
    gene: str
    disease: str
    source: str


@dataclass(frozen=True)
class GeneLocus:
    locus: str
    member_pattern: str
    source: str


@dataclass(frozen=True)
class TargetedRearrangement:
    """A known fusion tested by counting read pairs (alwgs.sv.targeted_counts)."""

    name: str  # GENE5::GENE3 of known_fusions.tsv
    anchor: str  # locus of gene_loci.tsv or gene name: the uniquely mappable side
    partner: str  # the other gene of the fusion, which lies in a repeat
    partner_pattern: str  # re.search against annotation gene names: the partner's copies
    min_anchor_mapq: int
    margin_bp: int
    source: str
    line: int = 0  # of the file, for messages


@dataclass
class Knowledge:
    """Rows of one knowledge file with its version and sources."""

    path: str
    version: str
    sources: list[str]
    rows: list = field(default_factory=list)


def _read(path: str | Path, columns: list[str]) -> tuple[str, list[str], list[tuple[int, dict]]]:
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
                        f"{path}: line {n}: header must be {' '.join(columns)},"
                        f" got {' '.join(cells)}"
                    )
                header = cells
                continue
            if len(cells) != len(header):
                raise ValueError(
                    f"{path}: line {n}: {len(cells)} fields, expected {len(header)} (tab-separated)"
                )
            rows.append((n, dict(zip(header, cells, strict=True))))
    if header is None:
        raise ValueError(f"{path}: no header row ({' '.join(columns)})")
    if not version:
        raise ValueError(f"{path}: no '# version:' line")
    if not sources:
        raise ValueError(f"{path}: no '# source:' line")
    return version, sources, rows


def _name(path, n: int, field_name: str, value: str) -> str:
    if not _NAME.match(value):
        raise ValueError(f"{path}: line {n}: {field_name} {value!r} is not a gene name")
    return value


def _nonempty(path, n: int, field_name: str, value: str) -> str:
    if not value:
        raise ValueError(f"{path}: line {n}: {field_name} is empty")
    return value


def read_known_fusions(path: str | Path) -> Knowledge:
    columns = ["gene5", "gene3", "mechanism", "disease", "iscn", "flank_bp", "source"]
    version, sources, raw = _read(path, columns)
    entries, seen = [], {}
    for n, r in raw:
        g5 = _name(path, n, "gene5", r["gene5"])
        g3 = _name(path, n, "gene3", r["gene3"])
        if g5 == g3:
            raise ValueError(f"{path}: line {n}: gene5 and gene3 are both {g5}")
        if r["mechanism"] not in MECHANISMS:
            raise ValueError(
                f"{path}: line {n}: mechanism {r['mechanism']!r} is not one of {MECHANISMS}"
            )
        try:
            flank = int(r["flank_bp"])
        except ValueError:
            flank = -1
        if flank < 0:
            raise ValueError(f"{path}: line {n}: flank_bp {r['flank_bp']!r} is not an integer >= 0")
        pair = frozenset((g5, g3))
        if pair in seen:
            raise ValueError(f"{path}: line {n}: {g5}::{g3} repeats line {seen[pair]}")
        seen[pair] = n
        entries.append(
            KnownFusion(
                g5,
                g3,
                r["mechanism"],
                _nonempty(path, n, "disease", r["disease"]),
                _nonempty(path, n, "iscn", r["iscn"]),
                flank,
                _nonempty(path, n, "source", r["source"]),
            )
        )
    return Knowledge(str(path), version, sources, entries)


def read_ptd_genes(path: str | Path) -> Knowledge:
    version, sources, raw = _read(path, ["gene", "disease", "source"])
    rows = []
    for n, r in raw:
        rows.append(
            PtdGene(
                _name(path, n, "gene", r["gene"]),
                _nonempty(path, n, "disease", r["disease"]),
                _nonempty(path, n, "source", r["source"]),
            )
        )
    return Knowledge(str(path), version, sources, rows)


def read_gene_loci(path: str | Path) -> Knowledge:
    version, sources, raw = _read(path, ["locus", "member_pattern", "source"])
    rows = []
    for n, r in raw:
        try:
            re.compile(r["member_pattern"])
        except re.error as err:
            raise ValueError(f"{path}: line {n}: member_pattern: {err}") from None
        rows.append(
            GeneLocus(
                _name(path, n, "locus", r["locus"]),
                _nonempty(path, n, "member_pattern", r["member_pattern"]),
                _nonempty(path, n, "source", r["source"]),
            )
        )
    return Knowledge(str(path), version, sources, rows)


def _int(path, n: int, field_name: str, value: str, lo: int, hi: int | None = None) -> int:
    try:
        x = int(value)
    except ValueError:
        x = None
    if x is None or x < lo or (hi is not None and x > hi):
        top = f" and <= {hi}" if hi is not None else ""
        raise ValueError(f"{path}: line {n}: {field_name} {value!r} is not an integer >= {lo}{top}")
    return x


def read_targeted_rearrangements(path: str | Path) -> Knowledge:
    columns = [
        "name",
        "anchor",
        "partner",
        "partner_pattern",
        "min_anchor_mapq",
        "margin_bp",
        "source",
    ]
    version, sources, raw = _read(path, columns)
    rows, seen = [], {}
    for n, r in raw:
        name = r["name"]
        g5, sep, g3 = name.partition("::")
        if not sep or not _NAME.match(g5) or not _NAME.match(g3):
            raise ValueError(f"{path}: line {n}: name {name!r} is not GENE5::GENE3")
        anchor = _name(path, n, "anchor", r["anchor"])
        partner = _name(path, n, "partner", r["partner"])
        if {anchor, partner} != {g5, g3}:
            raise ValueError(
                f"{path}: line {n}: anchor {anchor} and partner {partner} must be the two genes"
                f" of {name}"
            )
        pattern = _nonempty(path, n, "partner_pattern", r["partner_pattern"])
        try:
            rx = re.compile(pattern)
        except re.error as err:
            raise ValueError(f"{path}: line {n}: partner_pattern: {err}") from None
        if not rx.search(partner):
            raise ValueError(
                f"{path}: line {n}: partner_pattern {pattern!r} does not match the partner"
                f" {partner} itself"
            )
        if rx.search(anchor):
            raise ValueError(
                f"{path}: line {n}: partner_pattern {pattern!r} also matches the anchor {anchor}"
            )
        if name in seen:
            raise ValueError(f"{path}: line {n}: {name} repeats line {seen[name]}")
        seen[name] = n
        rows.append(
            TargetedRearrangement(
                name,
                anchor,
                partner,
                pattern,
                _int(path, n, "min_anchor_mapq", r["min_anchor_mapq"], 0, 255),
                _int(path, n, "margin_bp", r["margin_bp"], 0),
                _nonempty(path, n, "source", r["source"]),
                n,
            )
        )
    return Knowledge(str(path), version, sources, rows)


def check_targeted(targeted: Knowledge, known: Knowledge) -> None:
    """Each targeted row must name a fusion of the known list in its order (the lesion it
    supports takes that entry's mechanism, disease and source)."""
    names = {k.name for k in known.rows}
    for row in targeted.rows:
        if row.name not in names:
            raise ValueError(
                f"{targeted.path}: line {row.line}: name {row.name} is not a fusion of {known.path}"
                " (GENE5::GENE3 in the known list's order)"
            )


READERS = {
    "known_fusions": read_known_fusions,
    "ptd_genes": read_ptd_genes,
    "gene_loci": read_gene_loci,
    "targeted_rearrangements": read_targeted_rearrangements,
}


def knowledge_paths(sv_config: dict, base_dir: str | Path) -> dict[str, str]:
    """Absolute paths of the sv knowledge files of the config (relative ones resolved against
    the start directory, like every config path), each read once so that a missing or
    malformed file stops the batch before any job (ValueError naming the key)."""
    paths, read = {}, {}
    for key, reader in READERS.items():
        path = Path(base_dir) / sv_config[key]  # an absolute path replaces base_dir
        try:
            read[key] = reader(path)
        except OSError as err:
            raise ValueError(f"config sv.{key}: {err}") from None
        except ValueError as err:
            raise ValueError(f"config sv.{key}: {err}") from None
        paths[key] = str(path)
    try:
        check_targeted(read["targeted_rearrangements"], read["known_fusions"])
    except ValueError as err:
        raise ValueError(f"config sv.targeted_rearrangements: {err}") from None
    return paths
