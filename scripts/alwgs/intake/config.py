"""The merged config: checked against its schema, defaults filled, every path made absolute,
and the reference and knowledge files it names checked. Formats are fixed in
docs/CONTRACTS.md ("Paths")."""

from __future__ import annotations

import copy
from pathlib import Path

import jsonschema

from alwgs.intake import schemas
from alwgs.intake.errors import IntakeError, _describe, _first_line
from alwgs.intake.knowledge import _load_knowledge
from alwgs.intake.paths import _abspath, _check_directory, _check_input_file
from alwgs.intake.reference import _check_cache_link, _check_fasta, _check_gff3_contigs

REFERENCE_KEYS = ("fasta", "gff3", "cytobands")
DATABASE_KEYS = ("population_af", "clinvar", "panel_of_normals", "identity_sites")


def load_config(config: dict, base_dir: Path) -> dict:
    """Validate the merged config and return a copy with every path absolute.

    Also fills defaults: missing optional keys get the schema default, databases entries
    that are absent or null become "", and an empty reference.cache_dir becomes
    <fasta>.alwgs_cache.
    """
    from snakemake.exceptions import WorkflowError
    from snakemake.utils import validate

    cfg = copy.deepcopy(dict(config))
    try:
        validate(cfg, str(schemas.SCHEMA_DIR / "config.schema.yaml"), set_default=True)
    except WorkflowError as exc:
        cause = exc.__context__
        if isinstance(cause, jsonschema.ValidationError):
            path, message = _describe(cause)
            raise IntakeError("config", None, ".".join(path) or None, message) from None
        raise IntakeError("config", None, None, _first_line(exc)) from None

    base_dir = Path(base_dir)
    # A YAML block left empty loads as null; treat it like an absent entry.
    cfg["databases"] = dict(cfg.get("databases") or {})
    for key in DATABASE_KEYS:
        cfg["databases"][key] = cfg["databases"].get(key) or ""
    cfg["truth_dir"] = cfg.get("truth_dir") or ""
    cfg["reference"]["cache_dir"] = cfg["reference"].get("cache_dir") or ""

    for key in ("batch_dir", "samples", "units", "resources"):
        cfg[key] = _abspath(cfg[key], base_dir)
    if cfg["truth_dir"]:
        cfg["truth_dir"] = _abspath(cfg["truth_dir"], base_dir)

    _check_directory("batch_dir", config.get("batch_dir", ""), cfg["batch_dir"], "")
    for key in REFERENCE_KEYS:
        given = cfg["reference"][key]
        cfg["reference"][key] = _abspath(given, base_dir)
        _check_input_file("config", None, f"reference.{key}", given, cfg["reference"][key])
    _check_fasta(cfg["reference"]["fasta"], config["reference"]["fasta"])
    given_cache = cfg["reference"]["cache_dir"]
    if given_cache:
        cfg["reference"]["cache_dir"] = _abspath(given_cache, base_dir)
        hint = ""
    else:
        cfg["reference"]["cache_dir"] = cfg["reference"]["fasta"] + ".alwgs_cache"
        given_cache = config["reference"]["fasta"] + ".alwgs_cache"
        hint = " (the default next to reference.fasta: set reference.cache_dir elsewhere)"
    _check_directory("reference.cache_dir", given_cache, cfg["reference"]["cache_dir"], hint)
    _check_cache_link(cfg["reference"]["cache_dir"], cfg["reference"]["fasta"])
    _check_gff3_contigs(cfg["reference"], config["reference"]["gff3"])
    _check_itd_targets(cfg)

    for key in DATABASE_KEYS:
        given = cfg["databases"][key]
        if given:
            cfg["databases"][key] = _abspath(given, base_dir)
            _check_input_file("config", None, f"databases.{key}", given, cfg["databases"][key])
    _load_knowledge(cfg, base_dir)
    return cfg


def _check_itd_targets(cfg: dict) -> None:
    for i, target in enumerate((cfg.get("itd") or {}).get("targets") or []):
        if target["first_codon"] > target["last_codon"]:
            raise IntakeError(
                "config",
                None,
                f"itd.targets.{i}.last_codon",
                f"{target['last_codon']} is before first_codon {target['first_codon']}",
            )
