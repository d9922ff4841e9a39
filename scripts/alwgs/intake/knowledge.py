"""Knowledge files (QC thresholds, filters, panel, annotation and interpretation rules), read at
intake so that a malformed rule stops the batch before any job, with the file, the line and
the rule named."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from alwgs.intake.errors import IntakeError, _first_line
from alwgs.intake.paths import _abspath, _check_input_file


def _load_knowledge(cfg: dict, base_dir: Path) -> None:
    """Knowledge files (QC thresholds, filters, panel) are read now, so a malformed rule stops
    the batch before any job, with the file and the rule named."""
    from alwgs.qc.gate import load_rules
    from alwgs.variants.filters import load_filters
    from alwgs.variants.germline import load_model
    from alwgs.variants.germline_filter import load_germline_filters
    from alwgs.variants.somatic import read_panel

    knowledge = [(("qc", "thresholds"), load_rules)]
    if "small_variants" in cfg:
        knowledge += [
            (("small_variants", "filters"), load_filters),
            (("small_variants", "panel"), read_panel),
        ]
        if "germline_filters" in cfg["small_variants"]:
            knowledge.append((("small_variants", "germline_filters"), load_germline_filters))
        if "germline_model" in cfg["small_variants"]:
            knowledge.append((("small_variants", "germline_model"), load_model))
    if "karyotype_rules" in (cfg.get("cnv") or {}):
        from alwgs.cnv.karyotype import load_rules as load_karyotype_rules

        knowledge.append((("cnv", "karyotype_rules"), load_karyotype_rules))
    knowledge += _interpretation_knowledge(cfg)
    for (section, key), loader in knowledge:
        given = cfg[section][key]
        cfg[section][key] = _abspath(given, base_dir)
        _check_input_file("config", None, f"{section}.{key}", given, cfg[section][key])
        try:
            loader(cfg[section][key])
        except (ValueError, KeyError, TypeError, yaml.YAMLError) as err:
            raise _knowledge_error(given, cfg[section][key], err) from None
    _check_interpretation_set(cfg)


def _knowledge_error(given: str, path: str, err: Exception) -> IntakeError:
    """The loader's message, with the file as the user wrote it, and the line and field of the
    malformed rule when the message lets them be found."""
    text = _first_line(str(err))
    for prefix in (path, given):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    row = None
    if found := re.match(r":(\d+)\b", text):  # a YAML syntax error: "<path>:<line> ..."
        row = int(found.group(1))
    text = text.lstrip(": ").replace(path, given)
    if row is None and (found := re.search(r"\bline (\d+)", text)):
        row = int(found.group(1))
    found = re.search(r"\b(?:field|column) '([^']+)'", text)
    field = found.group(1) if found else None
    if row is None and path.endswith((".yaml", ".yml")):
        row = _rule_line(path, text, field)
    return IntakeError(given, row, field, text)


def _rule_line(path: str, text: str, field: str | None) -> int | None:
    """Line of the rule a knowledge message names: 'rules[3]' (the list item; its field's own
    line when the item has that key) or 'rule ID'."""
    try:
        source = Path(path).read_text(encoding="utf-8")
    except OSError:
        return None
    if item := re.search(r"\b([A-Za-z_]+)\[(\d+)\]", text):
        try:
            node = yaml.compose(source)
        except yaml.YAMLError:
            return None
        return _item_line(node, item.group(1), int(item.group(2)), field)
    if rule := re.search(r"\brule ([^\s:]+)", text):
        pattern = re.compile(rf"^\s*(?:-\s*)?id:\s*['\"]?{re.escape(rule.group(1))}['\"]?\s*$")
        for number, line in enumerate(source.splitlines(), start=1):
            if pattern.match(line):
                return number
    return None


def _item_line(node: yaml.Node | None, key: str, index: int, field: str | None) -> int | None:
    """1-based line of item index of the first list stored under key (at any depth)."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if key_node.value == key and isinstance(value, yaml.SequenceNode):
                if index >= len(value.value):
                    return None
                item = value.value[index]
                if isinstance(item, yaml.MappingNode):
                    for item_key, _ in item.value:
                        if item_key.value == field:
                            return item_key.start_mark.line + 1
                return item.start_mark.line + 1
            if (found := _item_line(value, key, index, field)) is not None:
                return found
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if (found := _item_line(item, key, index, field)) is not None:
                return found
    return None


def _interpretation_knowledge(cfg: dict) -> list:
    """Annotation and interpretation knowledge files, each checked on its own (the references
    between them are checked by _check_interpretation_set)."""
    from alwgs.annotate.hotspots import load_hotspots
    from alwgs.annotate.transcripts import read_preferred_list
    from alwgs.interpret import knowledge as kb
    from alwgs.interpret import oncogenicity_kb as onc

    out = []
    if "annotation" in cfg:
        out += [
            (("annotation", "transcripts"), read_preferred_list),
            (("annotation", "hotspots"), load_hotspots),
        ]
    if "interpretation" in cfg:
        # ELN 2024 (added 2026.12): a batch config written before it names the ELN 2022 file
        # only; the ELN 2024 file beside it is then the one read.
        interp = cfg["interpretation"]
        if "eln" in interp and "eln2024" not in interp:
            interp["eln2024"] = str(Path(interp["eln"]).with_name("eln2024.yaml"))
        out += [
            (("interpretation", "tiers"), kb.load_tiers),
            (("interpretation", "eln"), kb.load_eln),
            (("interpretation", "eln2024"), kb.load_eln2024),
            (("interpretation", "who_icc"), kb.load_who_icc),
            (("interpretation", "germline"), kb.load_germline),
            (("interpretation", "focal_genes"), kb.load_focal),
            (("interpretation", "oncogenicity"), onc.load_rules),
            (("interpretation", "gene_roles"), onc.load_roles),
            (("interpretation", "functional_domains"), onc.load_domains),
            (("interpretation", "hotspot_counts"), onc.load_counts),
        ]
    return out


def _check_interpretation_set(cfg: dict) -> None:
    """Rules that name a hotspot id or a consequence class of another file."""
    if "interpretation" not in cfg or "annotation" not in cfg:
        return
    from alwgs.interpret.knowledge import load_knowledge

    paths = dict(cfg["interpretation"])
    paths["hotspots"] = cfg["annotation"]["hotspots"]
    paths["panel"] = cfg["small_variants"]["panel"]
    # the arm lesions of band-named deletions (lesion link) live with the karyotype rules
    karyotype_rules = (cfg.get("cnv") or {}).get("karyotype_rules")
    if not karyotype_rules:
        raise IntakeError(
            "config",
            None,
            "cnv.karyotype_rules",
            "missing: the interpretation reads its arm_lesions (config/knowledge/karyotype.yaml)",
        )
    paths["karyotype_rules"] = karyotype_rules
    try:
        load_knowledge(paths)
    except (ValueError, KeyError, TypeError, yaml.YAMLError) as err:
        raise IntakeError("config", None, "interpretation", _first_line(str(err))) from None
