"""What reading and interpreting a findings file needs besides the file: the interpretation
knowledge the workflow reads (the same config keys: interpretation.*, annotation.hotspots,
small_variants.panel), the known fusions and PTD genes, the recurrent rearrangements of
karyotypes, the karyotype rules, the ITD targets, the copy-number level settings, the
cytobands of the build and its gene spans (for segments that do not name their genes).
Everything is loaded and checked before any findings file is read."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from alwgs.cnv.cytobands import Cytobands
from alwgs.cnv.events import Settings
from alwgs.cnv.karyotype import load_rules
from alwgs.findings.bands import BandMap
from alwgs.findings.genes import GeneTable, read_gene_table
from alwgs.findings.karyotype import Rearrangement, load_rearrangements
from alwgs.interpret.knowledge import Knowledge, load_knowledge
from alwgs.sv.known_fusions import KnownFusion, read_known_fusions, read_ptd_genes

REPO = Path(__file__).resolve().parents[3]
DEFAULTS = REPO / "config" / "config.yaml"
SHIPPED_CYTOBANDS = {"GRCh38": REPO / "config" / "reference" / "cytobands.GRCh38.tsv"}
# Gene spans of the genes the knowledge names (config/reference/genes.GRCh38.tsv: its header
# says where they were copied from).
SHIPPED_GENES = {"GRCh38": REPO / "config" / "reference" / "genes.GRCh38.tsv"}
REARRANGEMENTS = REPO / "config" / "knowledge" / "karyotype_rearrangements.tsv"


@dataclass
class Resources:
    kb: Knowledge
    known_fusions: dict[frozenset, KnownFusion]  # {gene5, gene3} -> the listed fusion
    ptd_genes: set[str]
    rearrangements: list[Rearrangement]
    karyotype_rules: dict
    itd_targets: dict[str, str]  # gene -> target name (FLT3 -> FLT3-ITD)
    cnv: Settings
    paths: dict[str, str]  # knowledge file of each key, for the report's methods
    cytobands: dict[str, Path] = field(default_factory=dict)  # build -> cytoband file
    genes: dict[str, GeneTable] = field(default_factory=dict)  # build -> gene spans
    _bands: dict[str, BandMap] = field(default_factory=dict)

    def bands(self, build: str) -> BandMap:
        """The band map of a build (ValueError when the build has no cytoband file)."""
        if build not in self._bands:
            if build not in self.cytobands:
                known = ", ".join(sorted(self.cytobands)) or "none"
                raise ValueError(
                    f"build {build!r} has no cytoband file (shipped or given with --cytobands:"
                    f" {known})"
                )
            self._bands[build] = BandMap(Cytobands.from_file(self.cytobands[build]))
        return self._bands[build]

    def gene_table(self, build: str) -> GeneTable | None:
        """The gene spans of a build, or None (its segments then list only the genes the
        findings file names)."""
        return self.genes.get(build)


def _overlay(base: dict, top: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in (top or {}).items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _overlay(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _path(given: str, base: Path) -> str:
    p = Path(given).expanduser()
    return str(p if p.is_absolute() else base / p)


def load_resources(
    config: str | Path | None = None,
    cytobands: dict[str, str | Path] | None = None,
    launch_dir: str | Path | None = None,
    genes: dict[str, str | Path] | None = None,
) -> Resources:
    """config/config.yaml, with the sections of `config` (a batch config or any YAML holding
    interpretation, annotation, small_variants, sv, cnv, itd keys) laid over it; the files it
    names relative to the repository (shipped) or to `launch_dir` (the config's own).
    cytobands: build -> cytoband file, besides the shipped GRCh38 bands; genes: build -> gene
    table (alwgs.findings.genes), besides or instead of the shipped GRCh38 table."""
    defaults = yaml.safe_load(DEFAULTS.read_text()) or {}
    given = {}
    if config:
        given = yaml.safe_load(Path(config).read_text()) or {}
        if not isinstance(given, dict):
            raise ValueError(f"{config}: must be a YAML mapping")
    launch = Path(launch_dir or Path.cwd())
    cfg = _overlay(defaults, given)

    def where(section: str, key: str) -> str:
        own = given.get(section, {}) if isinstance(given.get(section), dict) else {}
        return _path(cfg[section][key], launch if key in own else REPO)

    paths = {key: where("interpretation", key) for key in cfg["interpretation"]}
    paths["hotspots"] = where("annotation", "hotspots")
    paths["panel"] = where("small_variants", "panel")
    paths["karyotype_rules"] = where("cnv", "karyotype_rules")
    kb = load_knowledge(paths)
    known = read_known_fusions(where("sv", "known_fusions")).rows
    karyotype_rules = where("cnv", "karyotype_rules")
    bands = dict(SHIPPED_CYTOBANDS)
    for build, path in (cytobands or {}).items():
        bands[build] = Path(path)
    tables = {**SHIPPED_GENES, **{b: Path(p) for b, p in (genes or {}).items()}}
    return Resources(
        kb=kb,
        known_fusions={frozenset((k.gene5, k.gene3)): k for k in known},
        ptd_genes={p.gene for p in read_ptd_genes(where("sv", "ptd_genes")).rows},
        rearrangements=load_rearrangements(REARRANGEMENTS, known),
        karyotype_rules=load_rules(karyotype_rules),
        itd_targets={t["gene"]: t["name"] for t in cfg["itd"]["targets"]},
        cnv=Settings.from_config(cfg["cnv"]),
        paths={
            **paths,
            "known_fusions": where("sv", "known_fusions"),
            "ptd_genes": where("sv", "ptd_genes"),
            "karyotype_rules": karyotype_rules,
            "karyotype_rearrangements": str(REARRANGEMENTS),
        },
        cytobands=bands,
        genes={build: read_gene_table(path) for build, path in tables.items()},
    )
