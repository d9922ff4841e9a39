"""The Batch (config, samples, units and resources of one checked batch, with the lookups the
rules make) and load_batch, which checks all of it."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path

import pandas as pd

from alwgs.intake.batchdir import _check_batch_owner
from alwgs.intake.config import load_config
from alwgs.intake.resources import load_resources, resources_for
from alwgs.intake.samples import load_samples
from alwgs.intake.units import load_units


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
        """Where a unit is written in units.tsv, for messages that name sheet and line. A
        BAM/CRAM unit adds 'bam' (as written); its fq1/fq2 then name the mates converted
        from it."""
        row = self.unit_row(sample, unit)
        where = {
            "sheet": self.units.attrs.get("path", "units.tsv"),
            "line": int(row["line"]),
            "fq1": row["fq1_given"],
            "fq2": row["fq2_given"],
        }
        if row["bam"]:
            given = row["bam_given"]
            where.update(bam=given, fq1=f"{given} (read 1)", fq2=f"{given} (read 2)")
        return where

    def is_bam_unit(self, sample: str, unit: str) -> bool:
        """Whether the unit's reads come from a BAM/CRAM (converted to FASTQ by a job)."""
        return bool(self._unit_rows[(sample, unit)]["bam"])

    def resources_for(self, rule: str) -> dict:
        return resources_for(self.resources, rule)


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
    _check_batch_owner(
        given("batch_dir", resolved["batch_dir"]),
        resolved["batch_dir"],
        samples["sample"].tolist(),
        given("samples", resolved["samples"]),
    )
    units = load_units(
        resolved["units"],
        samples,
        label=given("units", resolved["units"]),
        reference=resolved["reference"],
    )
    return Batch(config=resolved, samples=samples, units=units, resources=resources)
