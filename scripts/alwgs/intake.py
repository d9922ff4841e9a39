"""Validated batch intake: config, resources and batch sheets, checked before any job runs.

Every problem is raised as one IntakeError whose message names the file, the line and the
field, so that a user can fix a sheet without reading a traceback. Formats are fixed in
docs/CONTRACTS.md ("Paths", "Batch sheets").
"""

from __future__ import annotations

import copy
import gzip
import math
import os
import re
import sys
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd
import yaml

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "config" / "schemas"

SAMPLE_COLUMNS = ["sample", "patient", "type", "sex", "diagnosis", "purity", "matched_normal"]
SAMPLE_REQUIRED = ["sample", "patient", "type", "sex", "diagnosis"]
UNIT_COLUMNS = ["sample", "unit", "platform", "fq1", "fq2", "library"]
UNIT_REQUIRED = ["sample", "unit", "platform", "fq1", "fq2"]

REFERENCE_KEYS = ("fasta", "gff3", "cytobands")
DATABASE_KEYS = ("population_af", "clinvar", "panel_of_normals")

# Used when resources.yaml has no "default" entry for a key, so resources_for() never returns
# a partial dict even for a hand-built resources mapping.
BUILTIN_RESOURCES = {"threads": 1, "mem_mb": 2000, "runtime": 30}

# Bytes of a FASTA read at a time when its contig names come from the '>' lines.
FASTA_BLOCK = 1 << 24

SAFE_ID_TEXT = "has characters other than letters, digits, '-', '_', '.'"


class IntakeError(Exception):
    """A bad config value or sheet cell; str() is one line naming file, line and field."""

    def __init__(
        self, file: str | os.PathLike, row: int | None, field: str | None, message: str
    ) -> None:
        self.file = str(file)
        self.row = row
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __reduce__(self):
        # Keeps the error intact when it crosses a process boundary (pickle).
        return (type(self), (self.file, self.row, self.field, self.message))

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" line {self.row}"
        if self.field is not None:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


@dataclass
class Batch:
    """One validated batch. samples is indexed by sample ID, units by (sample, unit)."""

    config: dict
    samples: pd.DataFrame
    units: pd.DataFrame
    resources: dict
    # Input functions ask for a sample's units thousands of times while the job graph of a
    # large batch is built: answer from dicts made once instead of filtering the tables.
    _units_by_sample: dict = dataclass_field(init=False, repr=False, compare=False)
    _unit_rows: dict = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._units_by_sample = {}
        for sample, unit in zip(self.units["sample"], self.units["unit"], strict=True):
            self._units_by_sample.setdefault(sample, []).append(unit)
        self._unit_rows = self.units.to_dict("index")

    def tumors(self) -> list[str]:
        return self.samples.loc[self.samples["type"] == "tumor", "sample"].tolist()

    def normals(self) -> list[str]:
        return self.samples.loc[self.samples["type"] == "normal", "sample"].tolist()

    def normal_of(self, sample: str) -> str | None:
        normal = self.samples.at[sample, "normal"]
        return normal or None

    def units_of(self, sample: str) -> list[str]:
        return list(self._units_by_sample.get(sample, []))

    def unit_row(self, sample: str, unit: str) -> dict:
        return dict(self._unit_rows[(sample, unit)])

    def unit_sheet_row(self, sample: str, unit: str) -> dict:
        """Where a unit is written in units.tsv, for messages that name sheet and line."""
        row = self.unit_row(sample, unit)
        return {
            "sheet": self.units.attrs.get("path", "units.tsv"),
            "line": int(row["line"]),
            "fq1": row["fq1_given"],
            "fq2": row["fq2_given"],
        }

    def resources_for(self, rule: str) -> dict:
        return resources_for(self.resources, rule)


# --------------------------------------------------------------------------- helpers


def _load_schema(name: str) -> dict:
    with open(SCHEMA_DIR / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _abspath(value: str, base_dir: Path) -> str:
    # abspath, not resolve(): symlinked data folders must keep the path the user chose.
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = Path(base_dir) / path
    return os.path.abspath(path)


def _shown(given: str, resolved: str) -> str:
    """The path as the user wrote it, plus where it was looked for when that differs."""
    return f"'{given}'" if given == resolved else f"'{given}' ({resolved})"


def _first_line(text: str, limit: int = 160) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _describe(error: jsonschema.ValidationError, shown: Any = None) -> tuple[list[str], str]:
    """(key path, short message) for a schema error; shown replaces the value in the text."""
    path = [str(p) for p in error.absolute_path]
    value = error.instance if shown is None else shown
    kind = error.validator
    if kind == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed]
        key = str(extra[0]) if extra else "?"
        known = ", ".join(sorted(allowed))
        return path + [key], f"unknown key '{key}' (known here: {known})"
    if kind == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        key = str(missing[0]) if missing else "?"
        return path + [key], "required key is missing"
    if kind == "propertyNames":
        return path + [str(error.instance)], "is not a valid rule name"
    if value == "" and kind in ("pattern", "minLength", "enum"):
        return path, "is empty"
    if kind == "pattern":
        if all(c.isascii() and (c.isalnum() or c in "._-") for c in str(value)):
            return path, f"'{value}' must start with a letter or digit"
        return path, f"'{value}' {SAFE_ID_TEXT}"
    if kind == "enum":
        choices = ", ".join(str(c) for c in error.validator_value)
        return path, f"{value!r} is not one of: {choices}"
    if kind == "type":
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else [w for w in wanted if w != "null"]
        names = " or ".join(f"{'an' if w[0] in 'aeiou' else 'a'} {w}" for w in wanted)
        return path, f"{value!r} is not {names}"
    bounds = {
        "exclusiveMinimum": "greater than",
        "minimum": "at least",
        "maximum": "at most",
        "exclusiveMaximum": "less than",
    }
    if kind in bounds:
        return path, f"{value} must be {bounds[kind]} {error.validator_value}"
    return path, _first_line(error.message)


def _first_error(
    validator: jsonschema.protocols.Validator, instance: Any, order: Iterable[str] = ()
) -> jsonschema.ValidationError | None:
    # Deterministic choice (sheet column order, then path) so a message does not change
    # between runs when a row has several problems.
    rank = {name: i for i, name in enumerate(order)}
    errors = list(validator.iter_errors(instance))
    if not errors:
        return None

    def key(err: jsonschema.ValidationError) -> tuple:
        path = [str(p) for p in err.absolute_path]
        head = path[0] if path else ""
        return (rank.get(head, len(rank)), path)

    return min(errors, key=key)


# --------------------------------------------------------------------------- config


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
        validate(cfg, str(SCHEMA_DIR / "config.schema.yaml"), set_default=True)
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


def _load_knowledge(cfg: dict, base_dir: Path) -> None:
    """Knowledge files (QC thresholds, filters, panel) are read now, so a malformed rule stops
    the batch before any job, with the file and the rule named."""
    from alwgs.qc.gate import load_rules
    from alwgs.variants.filters import load_filters
    from alwgs.variants.somatic import read_panel

    knowledge = [(("qc", "thresholds"), load_rules)]
    if "small_variants" in cfg:
        knowledge += [
            (("small_variants", "filters"), load_filters),
            (("small_variants", "panel"), read_panel),
        ]
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

    out = []
    if "annotation" in cfg:
        out += [
            (("annotation", "transcripts"), read_preferred_list),
            (("annotation", "hotspots"), load_hotspots),
        ]
    if "interpretation" in cfg:
        out += [
            (("interpretation", "tiers"), kb.load_tiers),
            (("interpretation", "eln"), kb.load_eln),
            (("interpretation", "who_icc"), kb.load_who_icc),
            (("interpretation", "germline"), kb.load_germline),
            (("interpretation", "focal_genes"), kb.load_focal),
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
    try:
        load_knowledge(paths)
    except (ValueError, KeyError, TypeError, yaml.YAMLError) as err:
        raise IntakeError("config", None, "interpretation", _first_line(str(err))) from None


def _check_directory(field: str, given: str, path: str, hint: str) -> None:
    """A directory alwgs writes into: it exists and is writable, or it can be created."""
    shown = _shown(given, path)
    target = Path(path)
    if target.exists():
        if not target.is_dir():
            raise IntakeError("config", None, field, f"{shown} exists and is not a directory")
        if not os.access(target, os.W_OK | os.X_OK):
            raise IntakeError("config", None, field, f"{shown} is not writable{hint}")
        return
    parent = target.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise IntakeError(
            "config", None, field, f"{shown} cannot be created: {parent} is not a directory"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise IntakeError(
            "config", None, field, f"{shown} cannot be created: {parent} is not writable{hint}"
        )


def _check_fasta(path: str, given: str) -> None:
    shown = _shown(given, path)
    with open(path, "rb") as fh:
        head = fh.read(2)
    if not head:
        raise IntakeError("config", None, "reference.fasta", f"{shown} is empty")
    if head == b"\x1f\x8b":
        # tiddit and the index rules need the plain file (TOOLING.md).
        raise IntakeError(
            "config", None, "reference.fasta", f"{shown} is compressed: give the plain FASTA"
        )
    if head[:1] != b">":
        raise IntakeError(
            "config", None, "reference.fasta", f"{shown} is not a FASTA (does not start with '>')"
        )


def _check_cache_link(cache_dir: str, fasta: str) -> None:
    """A cache holds the indexes of one FASTA: a second reference must not overwrite them."""
    link = Path(cache_dir) / "genome.fa"
    if not link.is_symlink():
        return
    target = os.path.join(link.parent, os.readlink(link))
    if not (os.path.exists(target) and os.path.samefile(target, fasta)):
        raise IntakeError(
            "config",
            None,
            "reference.cache_dir",
            f"'{cache_dir}' holds the indexes of another FASTA ({os.readlink(link)}):"
            " give each reference its own cache_dir",
        )


def fasta_contigs(fasta: str, cache_dir: str = "") -> list[str]:
    """Contig names of a plain FASTA: from a .fai no older than the FASTA (next to it or in
    the reference cache), else from its '>' lines (read in large blocks: GRCh38 is 3 GB)."""
    for fai in (fasta + ".fai", os.path.join(cache_dir, "genome.fa.fai") if cache_dir else ""):
        if fai and os.path.isfile(fai) and os.path.getmtime(fai) >= os.path.getmtime(fasta):
            with open(fai, "rb") as fh:
                return [ln.split(b"\t", 1)[0].decode() for ln in fh if ln.strip()]
    names: list[str] = []
    carry = b""  # a header line cut by the end of the previous block
    line_start = True  # the next block starts a line
    with open(fasta, "rb") as fh:
        while block := fh.read(FASTA_BLOCK):
            data = carry + block
            starts_line = line_start or bool(carry)
            end = data.rfind(b"\n")  # headers are read up to the last complete line
            starts = [0] if starts_line and data.startswith(b">") and end >= 0 else []
            hit = data.find(b"\n>", 0, end + 1)
            while hit != -1:
                starts.append(hit + 1)
                hit = data.find(b"\n>", hit + 1, end + 1)
            for pos in starts:
                header = data[pos + 1 : data.find(b"\n", pos)].split(None, 1)
                names.append(header[0].decode(errors="replace") if header else "")
            rest = data[end + 1 :]
            at_start = end >= 0 or starts_line
            carry = rest if at_start and rest.startswith(b">") else b""
            line_start = not rest
    if carry:
        header = carry[1:].split(None, 1)
        names.append(header[0].decode(errors="replace") if header else "")
    return names


def _check_gff3_contigs(reference: dict, given: str) -> None:
    """Every GFF3 seqid must be a contig of the FASTA: an annotation of another build or
    naming ('1' vs 'chr1') would otherwise annotate nothing, silently."""
    path = reference["gff3"]
    ordered = fasta_contigs(reference["fasta"], reference.get("cache_dir", ""))
    contigs = set(ordered)
    seen: dict[bytes, int] = {}
    unknown: list[tuple[int, bytes]] = []
    previous = b""
    try:
        with open(path, "rb") as raw:
            gzipped = raw.read(2) == b"\x1f\x8b"
        with (gzip.open if gzipped else open)(path, "rb") as fh:
            for number, line in enumerate(fh, start=1):
                if line.startswith(b"#"):
                    if line.startswith(b"##FASTA"):
                        break
                    continue
                seqid = line[: line.find(b"\t")] if b"\t" in line else line.strip()
                # Features come grouped by seqid: most lines repeat the previous one.
                if seqid == previous or not seqid or seqid in seen:
                    continue
                previous = seqid
                seen[seqid] = number
                if seqid.decode(errors="replace") not in contigs:
                    unknown.append((number, seqid))
    except (OSError, EOFError, zlib.error) as exc:
        raise IntakeError(given, None, None, f"cannot be read ({exc})") from None
    if not seen:
        raise IntakeError(given, None, None, "has no feature lines")
    if len(unknown) == len(seen):
        first_line = min(seen.values())
        gff = ", ".join(repr(s.decode(errors="replace")) for s in list(seen)[:3])
        fa = ", ".join(repr(c) for c in ordered[:3])
        raise IntakeError(
            given,
            first_line,
            "seqid",
            f"no seqid is a contig of reference.fasta (GFF3: {gff}...; FASTA: {fa}...):"
            " the annotation belongs to another reference or names contigs differently",
        )
    if unknown:
        number, seqid = unknown[0]
        raise IntakeError(
            given,
            number,
            "seqid",
            f"'{seqid.decode(errors='replace')}' is not a contig of reference.fasta"
            f" ({len(unknown)} of {len(seen)} seqids are not):"
            " use the annotation of this reference",
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


def _check_input_file(file: str, row: int | None, field: str, given: str, resolved: str) -> None:
    shown = _shown(given, resolved)
    if not os.path.exists(resolved):
        raise IntakeError(file, row, field, f"{shown} does not exist")
    if not os.path.isfile(resolved):
        raise IntakeError(file, row, field, f"{shown} is not a regular file")
    if not os.access(resolved, os.R_OK):
        raise IntakeError(file, row, field, f"{shown} is not readable")


# --------------------------------------------------------------------------- resources


def _yaml_line(text: str, keys: list[str]) -> int | None:
    """1-based line of the deepest key of keys that exists in the YAML text."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return None
    line = None
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            break
        for key_node, value_node in node.value:
            if key_node.value == key:
                line = key_node.start_mark.line + 1
                node = value_node
                break
        else:
            break
    return line


def _parse_yaml(text: str, label: str | os.PathLike) -> Any:
    """YAML text as data ({} for an empty file); a syntax error names file and line."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "is not valid YAML"
        raise IntakeError(label, row, None, f"invalid YAML: {problem}") from None
    return {} if data is None else data


def load_resources(path: str | os.PathLike, label: str | None = None) -> dict:
    """Read and validate resources.yaml; label is the path shown in messages."""
    label = str(path) if label is None else label
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise IntakeError(label, None, None, "file does not exist") from None
    except OSError as exc:
        raise IntakeError(label, None, None, f"cannot be read ({exc.strerror})") from None
    data = _parse_yaml(text, label)
    validator = jsonschema.Draft202012Validator(_load_schema("resources.schema.yaml"))
    error = _first_error(validator, data)
    if error is not None:
        keys, message = _describe(error)
        raise IntakeError(label, _yaml_line(text, keys), ".".join(keys) or None, message)
    return data


def resources_for(resources: dict, rule: str) -> dict:
    """threads, mem_mb, runtime (minutes) for a rule: its entry over default over built-ins."""
    merged = dict(BUILTIN_RESOURCES)
    merged.update(resources.get("default") or {})
    merged.update(resources.get(rule) or {})
    return {key: merged[key] for key in BUILTIN_RESOURCES}


# --------------------------------------------------------------------------- sheets


def _read_sheet(
    path: str | os.PathLike, label: str, required: list[str], known: list[str]
) -> pd.DataFrame:
    """Read a TSV as strings with the file line of every row in column 'line'.

    Parsed by hand rather than with read_csv so that blank lines and quote characters cannot
    shift the reported line numbers.
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            lines = fh.read().splitlines()
    except FileNotFoundError:
        raise IntakeError(label, None, None, "file does not exist") from None
    except UnicodeDecodeError:
        raise IntakeError(label, None, None, "is not UTF-8 text") from None
    except OSError as exc:
        raise IntakeError(label, None, None, f"cannot be read ({exc.strerror})") from None
    if not lines or not lines[0].strip():
        raise IntakeError(label, 1, None, "header line is missing")

    header = lines[0].split("\t")
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise IntakeError(label, 1, name, "column appears twice in the header")
        seen.add(name)
        if name not in known:
            # A space-separated sheet arrives as one long column name.
            hint = "; the sheet must be tab-separated" if " " in name else ""
            raise IntakeError(label, 1, name, f"unknown column (known: {', '.join(known)}){hint}")
    for name in required:
        if name not in seen:
            raise IntakeError(label, 1, name, "required column is missing")

    records = []
    for number, text in enumerate(lines[1:], start=2):
        if not text.strip():
            continue
        cells = text.split("\t")
        if len(cells) != len(header):
            raise IntakeError(
                label, number, None, f"has {len(cells)} fields, the header has {len(header)}"
            )
        record = dict(zip(header, cells, strict=True))
        record["line"] = number
        records.append(record)
    if not records:
        raise IntakeError(label, None, None, "has no data rows")

    frame = pd.DataFrame(records)
    for name in known:
        if name not in frame.columns:
            frame[name] = ""
    for name in known:
        frame[name] = frame[name].astype(str)
    frame["line"] = frame["line"].astype(int)
    return frame[known + ["line"]]


def _check_row(
    validator: jsonschema.protocols.Validator,
    row: dict,
    raw: dict,
    label: str,
    line: int,
    order: list[str],
) -> None:
    error = _first_error(validator, row, order)
    if error is None:
        return
    path = [str(p) for p in error.absolute_path]
    column = path[0] if path else None
    keys, message = _describe(error, raw.get(column) if column else None)
    raise IntakeError(label, line, keys[0] if keys else None, message)


def load_samples(path: str | os.PathLike, label: str | None = None) -> pd.DataFrame:
    """Read and check samples.tsv.

    Returns one row per sample, indexed by sample ID (the column is kept), with purity as
    float (NaN = unknown), 'normal' = the matched normal's ID for tumors ('' otherwise) and
    'line' = the line in the file. label is the path shown in messages (default: path).
    A tumor's matched normal is its matched_normal cell, or else the normal of its patient.
    """
    label = str(path) if label is None else label
    frame = _read_sheet(path, label, SAMPLE_REQUIRED, SAMPLE_COLUMNS)
    validator = jsonschema.Draft202012Validator(_load_schema("samples.schema.yaml"))

    first_line: dict[str, int] = {}
    normal_of_patient: dict[str, str] = {}
    normal_line: dict[str, int] = {}
    purity: list[float] = []
    for raw in frame.to_dict("records"):
        line = raw.pop("line")
        row: dict[str, Any] = {
            k: v
            for k, v in raw.items()
            if k != "purity" and not (k == "matched_normal" and v == "")
        }
        value = _as_number(raw["purity"])
        if raw["purity"] != "":
            row["purity"] = value
        _check_row(validator, row, raw, label, line, SAMPLE_COLUMNS)
        purity.append(value if isinstance(value, float) else math.nan)

        sample = row["sample"]
        if sample in first_line:
            raise IntakeError(
                label, line, "sample", f"'{sample}' is already used on line {first_line[sample]}"
            )
        first_line[sample] = line
        if row["type"] == "normal":
            patient = row["patient"]
            if patient in normal_of_patient:
                raise IntakeError(
                    label,
                    line,
                    "patient",
                    f"patient '{patient}' already has a normal "
                    f"('{normal_of_patient[patient]}', line {normal_line[patient]})",
                )
            normal_of_patient[patient] = sample
            normal_line[patient] = line

    frame["purity"] = pd.Series(purity, index=frame.index, dtype=float)
    rows = {r["sample"]: r for r in frame.to_dict("records")}
    frame["normal"] = [_matched_normal(r, rows, normal_of_patient, label) for r in rows.values()]
    frame = frame.set_index("sample", drop=False)
    frame.index.name = None
    frame.attrs["path"] = label
    return frame


def _matched_normal(row: dict, rows: dict, normal_of_patient: dict, label: str) -> str:
    named = row["matched_normal"]
    if not named:
        return normal_of_patient.get(row["patient"], "") if row["type"] == "tumor" else ""

    def bad(message: str) -> IntakeError:
        return IntakeError(label, row["line"], "matched_normal", message)

    if row["type"] != "tumor":
        raise bad("only a tumor row names a matched normal")
    other = rows.get(named)
    if other is None:
        raise bad(f"'{named}' is not a sample of this sheet")
    if other["type"] != "normal":
        raise bad(f"'{named}' (line {other['line']}) is a {other['type']}, not a normal")
    if other["patient"] != row["patient"]:
        raise bad(
            f"'{named}' (line {other['line']}) belongs to patient '{other['patient']}',"
            f" not '{row['patient']}'"
        )
    return named


def _as_number(text: str) -> float | str:
    # "nan"/"inf" parse as floats but pass every numeric bound, so they stay strings and
    # fail the type check instead.
    try:
        value = float(text)
    except ValueError:
        return text
    return value if math.isfinite(value) else text


def load_units(
    path: str | os.PathLike, samples_df: pd.DataFrame, label: str | None = None
) -> pd.DataFrame:
    """Read and check units.tsv against the samples returned by load_samples().

    Returns one row per read group, indexed by (sample, unit) (columns kept), with fq1/fq2
    replaced by absolute paths (relative ones are taken from the folder of units.tsv), the
    sheet values kept in fq1_given/fq2_given, library filled with the sample ID when empty
    and 'line' = the line in the file. label is the path shown in messages (default: path).
    """
    label = str(path) if label is None else label
    samples_label = samples_df.attrs.get("path", "samples.tsv")
    frame = _read_sheet(path, label, UNIT_REQUIRED, UNIT_COLUMNS)
    validator = jsonschema.Draft202012Validator(_load_schema("units.schema.yaml"))
    units_dir = Path(os.path.abspath(path)).parent
    known_samples = set(samples_df["sample"])

    unit_line: dict[tuple[str, str], int] = {}
    fastq_line: dict[str, tuple[int, str]] = {}
    resolved: dict[str, list[str]] = {"fq1": [], "fq2": []}
    for raw in frame.to_dict("records"):
        line = raw.pop("line")
        row = {k: v for k, v in raw.items() if not (k == "library" and v == "")}
        _check_row(validator, row, raw, label, line, UNIT_COLUMNS)

        sample, unit = row["sample"], row["unit"]
        if sample not in known_samples:
            raise IntakeError(label, line, "sample", f"'{sample}' is not in {samples_label}")
        if (sample, unit) in unit_line:
            raise IntakeError(
                label,
                line,
                "unit",
                f"'{unit}' of sample '{sample}' is already used on line {unit_line[sample, unit]}",
            )
        unit_line[sample, unit] = line

        for field in ("fq1", "fq2"):
            given = row[field]
            fastq = _abspath(given, units_dir)
            _check_fastq(label, line, field, given, fastq)
            if fastq in fastq_line:
                other_line, other_field = fastq_line[fastq]
                if other_line == line:
                    raise IntakeError(label, line, field, f"'{given}' is the same file as fq1")
                raise IntakeError(
                    label,
                    line,
                    field,
                    f"'{given}' is already used on line {other_line} ({other_field})",
                )
            fastq_line[fastq] = (line, field)
            resolved[field].append(fastq)

    with_units = {sample for sample, _ in unit_line}
    for sample, line in zip(samples_df["sample"], samples_df["line"], strict=True):
        if sample not in with_units:
            tumors = samples_df.index[samples_df["normal"] == sample].tolist()
            paired = f" (the matched normal of {', '.join(tumors)})" if tumors else ""
            raise IntakeError(
                samples_label, int(line), "sample", f"'{sample}' has no unit in {label}{paired}"
            )

    frame["fq1_given"] = frame["fq1"]
    frame["fq2_given"] = frame["fq2"]
    frame["fq1"] = resolved["fq1"]
    frame["fq2"] = resolved["fq2"]
    frame["library"] = frame["library"].where(frame["library"] != "", frame["sample"])
    frame = frame.set_index(["sample", "unit"], drop=False)
    frame.index.names = [None, None]
    frame.attrs["path"] = label
    return frame


def _check_fastq(label: str, line: int, field: str, given: str, fastq: str) -> None:
    _check_input_file(label, line, field, given, fastq)
    shown = _shown(given, fastq)
    if os.path.getsize(fastq) == 0:
        raise IntakeError(label, line, field, f"{shown} is empty")
    # Only the first byte is decompressed: enough to catch an empty or non-gzip FASTQ
    # without reading a whole genome's worth of reads at intake.
    try:
        with gzip.open(fastq, "rb") as fh:
            first = fh.read(1)
    except (gzip.BadGzipFile, EOFError, zlib.error):
        raise IntakeError(label, line, field, f"{shown} is not a gzip-compressed FASTQ") from None
    if first == b"":
        raise IntakeError(label, line, field, f"{shown} is empty (no reads)")
    if first != b"@":
        raise IntakeError(label, line, field, f"{shown} is not FASTQ (does not start with '@')")


# --------------------------------------------------------------------------- batch


def load_batch(config: dict, base_dir: Path) -> Batch:
    """Check a whole batch (config, resources, samples, units) and return it resolved.

    Messages name the sheets by the path written in the config, not the absolute one.
    """
    resolved = load_config(config, base_dir)

    def given(key: str, fallback: str) -> str:
        value = config.get(key)
        return value if isinstance(value, str) and value else fallback

    resources = load_resources(
        resolved["resources"], label=given("resources", "config/resources.yaml")
    )
    samples = load_samples(resolved["samples"], label=given("samples", resolved["samples"]))
    units = load_units(resolved["units"], samples, label=given("units", resolved["units"]))
    return Batch(config=resolved, samples=samples, units=units, resources=resources)


# --------------------------------------------------------------------------- command line


def merged_config(batch_file: str | os.PathLike, base_file: str | os.PathLike) -> dict:
    """config/config.yaml overridden by a batch file, merged as Snakemake merges them."""
    from snakemake.utils import update_config

    merged: dict = {}
    for path in (base_file, batch_file):
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise IntakeError(path, None, None, f"cannot be read ({exc.strerror})") from None
        data = _parse_yaml(text, path)
        if not isinstance(data, dict):
            raise IntakeError(path, None, None, "must be a YAML mapping of config keys")
        update_config(merged, data)
    return merged


def main(argv: list[str]) -> int:
    """python -m alwgs.intake BATCH.yaml: check the batch as the workflow will, before
    anything is created; print its batch_dir and reference cache_dir (one per line)."""
    if len(argv) != 1:
        print("usage: python -m alwgs.intake BATCH.yaml", file=sys.stderr)
        return 2
    base_dir = Path(os.environ.get("ALWGS_LAUNCH_DIR", os.getcwd()))
    try:
        config = merged_config(argv[0], SCHEMA_DIR.parent / "config.yaml")
        batch = load_batch(config, base_dir)
    except IntakeError as err:
        print(f"alwgs input error: {err}", file=sys.stderr)
        return 1
    print(batch.config["batch_dir"])
    print(batch.config["reference"]["cache_dir"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
