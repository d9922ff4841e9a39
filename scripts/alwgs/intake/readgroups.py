"""Read groups: the units a BAM/CRAM row of units.tsv becomes (one per @RG of the file), what
each keeps of its @RG, and the @RG line bwa mem writes for any unit (FASTQ or BAM).

Our ID and SM are always <sample>.<unit> and <sample>; a unit from a BAM/CRAM keeps the other
fields of its @RG (LB unless the sheet's library overrides it, PU, CN, DT, DS, ...)."""

from __future__ import annotations

import re

from alwgs.intake.errors import IntakeError

# Fields bwa's line gets from the sheet and the unit's name, never from the file.
OWN_FIELDS = ("ID", "SM", "LB", "PL")

# Names the SAM spec (1.6, @RG PL) and vendors use for the platforms of the units schema,
# compared case-insensitively with a file's PL: MGI's instruments are DNBSEQ (formerly BGI).
PLATFORM_NAMES = {"ILLUMINA": {"ILLUMINA"}, "MGI": {"MGI", "DNBSEQ", "BGI", "BGISEQ"}}


def unit_suffix(rg_id: str) -> str:
    """The part a read group adds to its row's unit name: the ID with every character other
    than letters, digits, '.', '_' and '-' replaced by '_' (unit names become file names)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", rg_id)


def split_read_groups(
    label: str,
    line: int,
    sample: str,
    unit: str,
    platform: str,
    shown: str,
    read_groups: list[dict[str, str]],
    first_read_group: str,
) -> list[tuple[str, str, dict[str, str]]]:
    """The units of a BAM/CRAM row: (unit name, @RG ID to select or '' for all reads, the
    file's @RG fields to keep). One @RG or none: the row's own unit; several: one unit
    <unit>.<ID> per read group. shown names the file in messages."""
    samples = sorted({rg.get("SM", "") for rg in read_groups} - {""})
    if len(samples) > 1:
        raise IntakeError(
            label,
            line,
            "bam",
            f"{shown} holds the reads of {len(samples)} samples (@RG SM: {', '.join(samples)}):"
            " a row of units.tsv is one sample's reads",
        )
    for rg in read_groups:
        file_platform = rg.get("PL", "")
        if file_platform and file_platform.upper() not in PLATFORM_NAMES[platform]:
            raise IntakeError(
                label,
                line,
                "platform",
                f"'{platform}', but read group '{rg.get('ID', '')}' of {shown} has PL"
                f" '{file_platform}': give the platform the reads come from",
            )
    if len(read_groups) <= 1:
        kept = _kept_fields(read_groups[0]) if read_groups else {}
        return [(unit, "", kept)]
    if not first_read_group:
        raise IntakeError(
            label,
            line,
            "bam",
            f"{shown} has {len(read_groups)} read groups but its first read has no RG tag:"
            " its reads cannot be assigned to their read group",
        )
    units: list[tuple[str, str, dict[str, str]]] = []
    named: dict[str, str] = {}
    for rg in read_groups:
        rg_id = rg.get("ID", "")
        name = f"{unit}.{unit_suffix(rg_id)}"
        if name in named:
            raise IntakeError(
                label,
                line,
                "bam",
                f"{shown}: read groups '{named[name]}' and '{rg_id}' both become unit"
                f" '{name}' (characters other than letters, digits, '.', '_', '-' become '_')",
            )
        named[name] = rg_id
        units.append((name, rg_id, _kept_fields(rg)))
    return units


def _kept_fields(rg: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in rg.items() if k not in ("ID", "SM", "PL")}


def read_group_line(sample: str, unit: str, row: dict) -> str:
    """The -R argument of bwa mem for a unit (rules/align.smk quotes it as one word): tabs as
    '\\t' (bwa expands them). bwa 0.7.17 cannot write a backslash (it drops it, or cuts the
    field after it), so one in a file's value becomes '/'. A FASTQ unit's fields are safe
    IDs: its line is @RG ID SM LB PL PU with nothing changed."""
    kept = dict(row.get("rg_fields") or {})
    kept.pop("LB", None)  # the unit's library (sheet, else the file's LB, else the sample)
    fields = [
        ("ID", f"{sample}.{unit}"),
        ("SM", sample),
        ("LB", row["library"]),
        ("PL", row["platform"]),
        ("PU", kept.pop("PU", f"{sample}.{unit}")),
        *kept.items(),
    ]
    return "@RG" + "".join(f"\\t{tag}:{_escaped(value)}" for tag, value in fields)


def _escaped(value: str) -> str:
    return value.replace("\\", "/")
