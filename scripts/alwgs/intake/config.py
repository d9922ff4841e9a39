"""The merged config: defaults laid under it, a reference bundle applied, checked against its
schema, every path made absolute, and the reference and knowledge files it names checked.
Formats are fixed in docs/CONTRACTS.md ("Paths", "Reference bundle")."""

from __future__ import annotations

import copy
from pathlib import Path

import jsonschema

from alwgs.intake import schemas
from alwgs.intake.batchdir import _check_batch_not_cache, _check_batch_place
from alwgs.intake.bundle import _apply_bundle
from alwgs.intake.cytobands import _check_cytobands
from alwgs.intake.errors import IntakeError, _describe, _first_error
from alwgs.intake.exclude_bed import FIELD as EXCLUDE_FIELD
from alwgs.intake.exclude_bed import check_exclude_bed
from alwgs.intake.gff3 import _check_gff3
from alwgs.intake.knowledge import _load_knowledge
from alwgs.intake.panel_of_normals import check_panel_of_normals
from alwgs.intake.paths import _abspath, _check_directory, _check_input_file
from alwgs.intake.reference import (
    _check_cache_link,
    _check_fasta,
    _check_roles,
    _contig_lengths,
)
from alwgs.intake.tool_options import check_tool_options

REFERENCE_KEYS = ("fasta", "gff3", "cytobands")
DATABASE_KEYS = ("population_af", "clinvar", "panel_of_normals", "identity_sites")
# Keys every batch config must set: config/config.yaml has no default for them.
BATCH_KEYS = ("batch_dir", "samples", "units")


def load_config(config: dict, base_dir: Path) -> dict:
    """Validate the merged config and return a copy with every path absolute.

    config/config.yaml (next to the schemas) is laid under the given config first, so a
    config that leaves a setting out gets the one default there is. A ``bundle`` fills the
    reference.* and databases.* keys the config does not set. Then: databases entries that
    are absent or null become "" (not used), reference.build defaults to "unknown", contig
    roles to "not known", and an empty reference.cache_dir becomes <fasta>.alwgs_cache.
    The config's own key "bundle_id" is set to the bundle's id ("" without a bundle).
    """
    cfg = _with_defaults(config)
    base_dir = Path(base_dir)
    bundled, bundle_id = _apply_bundle(cfg, base_dir)
    _check_required(cfg)
    error = _first_error(
        jsonschema.Draft202012Validator(schemas._load_schema("config.schema.yaml")), cfg
    )
    if error is not None:
        path, message = _describe(error)
        raise IntakeError("config", None, ".".join(path) or None, message)
    check_tool_options(cfg, config)
    cfg["bundle_id"] = bundle_id

    # A YAML block left empty loads as null; treat it like an absent entry.
    cfg["databases"] = dict(cfg.get("databases") or {})
    for key in DATABASE_KEYS:
        cfg["databases"][key] = cfg["databases"].get(key) or ""
    cfg["truth_dir"] = cfg.get("truth_dir") or ""
    ref = cfg["reference"]
    ref["cache_dir"] = ref.get("cache_dir") or ""
    ref["build"] = ref.get("build") or "unknown"
    ref["autosomes"] = list(ref.get("autosomes") or [])
    ref["chrX"] = ref.get("chrX") or ""
    ref["chrY"] = ref.get("chrY") or ""
    ref["par"] = list(ref.get("par") or [])
    given = {key: ref[key] for key in (*REFERENCE_KEYS, "cache_dir")}

    for key in ("batch_dir", "samples", "units", "resources"):
        cfg[key] = _abspath(cfg[key], base_dir)
    if cfg["truth_dir"]:
        cfg["truth_dir"] = _abspath(cfg["truth_dir"], base_dir)

    _check_batch_place(config.get("batch_dir", ""), cfg["batch_dir"])
    _check_directory("batch_dir", config.get("batch_dir", ""), cfg["batch_dir"], "")
    for key in REFERENCE_KEYS:
        ref[key] = _abspath(given[key], base_dir)
        _check_input_file("config", None, f"reference.{key}", given[key], ref[key])
    _check_fasta(ref["fasta"], given["fasta"])
    if given["cache_dir"]:
        ref["cache_dir"] = _abspath(given["cache_dir"], base_dir)
        shown, hint = given["cache_dir"], ""
    else:
        ref["cache_dir"] = ref["fasta"] + ".alwgs_cache"
        shown = given["fasta"] + ".alwgs_cache"
        hint = " (the default next to reference.fasta: set reference.cache_dir elsewhere)"
    _check_directory("reference.cache_dir", shown, ref["cache_dir"], hint)
    _check_cache_link(ref["cache_dir"], ref["fasta"])
    _check_batch_not_cache(config.get("batch_dir", ""), cfg["batch_dir"], ref["cache_dir"])
    lengths = _contig_lengths(ref["fasta"], given["fasta"], ref["cache_dir"])
    _check_roles(ref, lengths)
    # Files of a bundle whose FASTA is the bundle's own were checked against it when the
    # bundle was made, and its manifest says they have not changed since.
    checked = {"gff3", "cytobands"} <= bundled and "fasta" in bundled
    if not checked:
        _check_gff3(ref["gff3"], given["gff3"], lengths)
        _check_cytobands(ref["cytobands"], given["cytobands"], lengths)
    _check_itd_targets(cfg)
    _check_exclude_bed(cfg, base_dir, lengths)

    given_databases = dict(cfg["databases"])
    for key in DATABASE_KEYS:
        path = cfg["databases"][key]
        if path:
            cfg["databases"][key] = _abspath(path, base_dir)
            _check_input_file("config", None, f"databases.{key}", path, cfg["databases"][key])
    if cfg["databases"]["panel_of_normals"]:
        check_panel_of_normals(
            given_databases.get("panel_of_normals", ""),
            cfg["databases"]["panel_of_normals"],
            lengths,
        )
    _load_knowledge(cfg, base_dir)
    return cfg


def _check_exclude_bed(cfg: dict, base_dir: Path, lengths: dict[str, int]) -> None:
    """small_variants.depth_guard.exclude_bed made absolute and checked; "" or null: none."""
    guard = (cfg.get("small_variants") or {}).get("depth_guard")
    if guard is None:
        return
    given = guard.get("exclude_bed")
    if not given:
        guard["exclude_bed"] = None
        return
    guard["exclude_bed"] = _abspath(given, base_dir)
    _check_input_file("config", None, EXCLUDE_FIELD, given, guard["exclude_bed"])
    check_exclude_bed(guard["exclude_bed"], given, lengths)


def _with_defaults(config: dict) -> dict:
    """A deep copy of config over config/config.yaml, merged as Snakemake merges --configfile
    files (mappings key by key, everything else replaced). Laying it twice changes nothing."""
    from snakemake.utils import update_config

    root = schemas.SCHEMA_DIR.parents[1]
    merged = _shipped_paths_from_repository(schemas._load_defaults(), root)
    update_config(merged, copy.deepcopy(dict(config)))
    return merged


def _shipped_paths_from_repository(defaults: dict, root: Path) -> dict:
    """config/config.yaml with the files it names (config/qc.yaml, the knowledge files …) made
    absolute against the repository root: they are the repository's own, wherever ./alwgs is
    launched from. A path a batch config gives is read from the launch directory, like every
    other path of the batch config."""
    out = {}
    for key, value in defaults.items():
        if isinstance(value, dict):
            value = _shipped_paths_from_repository(value, root)
        elif isinstance(value, str) and value.startswith("config/"):
            value = str(root / value)
        out[key] = value
    return out


def _check_required(cfg: dict) -> None:
    """The keys only a batch config (or its bundle) can give, each named when it is missing."""
    for key in BATCH_KEYS:
        if cfg.get(key) in (None, ""):
            raise IntakeError(
                "config",
                None,
                key,
                "required: the batch config must set it (config/config.yaml has no default)",
            )
    reference = cfg.get("reference")
    if reference is not None and not isinstance(reference, dict):
        return  # the schema names the wrong type
    for key in REFERENCE_KEYS:
        if (reference or {}).get(key) in (None, ""):
            raise IntakeError(
                "config",
                None,
                f"reference.{key}",
                "required: set it in the batch config, or set bundle: to a reference bundle"
                " made by ./alwgs reference",
            )


def _check_itd_targets(cfg: dict) -> None:
    for i, target in enumerate((cfg.get("itd") or {}).get("targets") or []):
        if target["first_codon"] > target["last_codon"]:
            raise IntakeError(
                "config",
                None,
                f"itd.targets.{i}.last_codon",
                f"{target['last_codon']} is before first_codon {target['first_codon']}",
            )
