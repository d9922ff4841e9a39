"""Filters as data: load config/filters/small_variants.yaml and build the bcftools commands
that apply them as soft filters (FILTER column + header description).

An expression or description may name a value of the sample's depth rule as {placeholder}
(alwgs.variants.power.PLACEHOLDERS: the depth_power parameters and the sample's median depth,
detection VAF and minimum depths); render() fills them in for one sample, so the VCF header
says which rule applied with which numbers."""

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from alwgs.variants.power import PLACEHOLDERS, check_parameters

NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
MODES = {"paired", "tumor_only"}
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def checked_filters(
    doc: dict, path: str | Path, fields: tuple[str, ...]
) -> Iterator[tuple[str, dict]]:
    """(where, filter) of each filter of a filter file, after the checks every filter file
    shares: top-level version, source and filters; each filter a mapping holding every one of
    ``fields``, a valid FILTER ID as name, used once, modes within MODES (when required) and a
    description without double quotes. Errors name the file, the filter's index and field.

    A generator, so the caller's own checks of filter i run before filter i+1 is checked and
    the first error of a file is the one in file order."""
    for key in ("version", "source", "filters"):
        if key not in doc:
            raise ValueError(f"{path}: missing top-level field '{key}'")
    seen = set()
    for i, f in enumerate(doc["filters"]):
        where = f"{path}: filters[{i}]"
        if not isinstance(f, dict):
            raise ValueError(f"{where}: not a mapping")
        for field in fields:
            if not f.get(field):
                raise ValueError(f"{where}: missing field '{field}'")
        if not NAME.match(str(f["name"])) or f["name"] in ("PASS", "."):
            raise ValueError(f"{where}: field 'name' {f['name']!r} is not a valid FILTER ID")
        if f["name"] in seen:
            raise ValueError(f"{where}: field 'name' {f['name']!r} is used twice")
        seen.add(f["name"])
        if "modes" in fields and not set(f["modes"]) <= MODES:
            raise ValueError(f"{where}: field 'modes' must be within {sorted(MODES)}")
        if '"' in f["description"]:
            raise ValueError(f"{where}: field 'description' may not contain double quotes")
        yield where, f


def load_filters(path: str | Path) -> dict:
    """Read and check the filter file; errors name the filter's index and field."""
    doc = yaml.safe_load(Path(path).read_text()) or {}
    for where, f in checked_filters(doc, path, ("name", "modes", "expression", "description")):
        for field in ("expression", "description"):
            for name in PLACEHOLDER.findall(str(f[field])):
                if name not in PLACEHOLDERS:
                    raise ValueError(f"{where}: field '{field}' names an unknown value {{{name}}}")
        requires = f.get("requires")
        if requires is not None and (
            not isinstance(requires, list) or not all(NAME.match(str(t)) for t in requires)
        ):
            raise ValueError(f"{where}: field 'requires' must be a list of INFO tag names")
    if any(PLACEHOLDER.search(f"{f['expression']} {f['description']}") for f in doc["filters"]):
        check_parameters(doc.get("depth_power"), str(path))
    return doc


def render(filters: list[dict], values: dict) -> list[dict]:
    """The filters with their {placeholders} filled from one sample's values."""

    def fill(f: dict, field: str) -> str:
        def one(m: re.Match) -> str:
            if m.group(1) not in values:
                raise ValueError(f"filter {f['name']}: no value for {{{m.group(1)}}} in {field}")
            return str(values[m.group(1)])

        return PLACEHOLDER.sub(one, str(f[field]))

    return [
        {**f, "expression": fill(f, "expression"), "description": fill(f, "description")}
        for f in filters
    ]


def active(doc: dict, mode: str, available_tags: set[str] | None = None) -> list[dict]:
    """Filters of a mode; a filter that needs a tag no source provides (e.g. POP_AF without a
    population database) is left out rather than silently passing everything. A filter's
    'requires' names the tags it needs when the others are optional halves of an OR (declared
    but empty without their source, so they never match)."""
    out = []
    for f in doc["filters"]:
        if mode not in f["modes"]:
            continue
        tags = set(
            f.get("requires") or re.findall(r"INFO/([A-Za-z_][A-Za-z0-9_]*)", f["expression"])
        )
        if available_tags is not None and not tags <= available_tags:
            continue
        out.append(f)
    return out


def header_lines(filters: list[dict]) -> list[str]:
    return [f'##FILTER=<ID={f["name"]},Description="{f["description"]}">' for f in filters]


def bcftools_commands(filters: list[dict]) -> list[list[str]]:
    """One soft-filter step per filter (-m + keeps earlier FILTER values)."""
    return [
        ["bcftools", "filter", "-m", "+", "-s", f["name"], "-e", f["expression"], "-Ou"]
        for f in filters
    ]
