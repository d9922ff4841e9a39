"""ReportInputs: the paths of the files one report reads. (The readers of those files are in
alwgs.report.inputs.)"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ReportInputs:
    """Paths of the files one report reads (None or a missing file: not assessed)."""

    interpretation: str | None
    qc_tumor: str | None
    qc_normal: str | None = None
    itd: str | None = None
    itd_targets: str | None = None  # the targets the ITD stage could place (BED, name column)
    fusions: str | None = None
    sv_table: str | None = None
    sv_vcfs: list[str] = field(default_factory=list)
    events: str | None = None
    karyotype: str | None = None
    cnv_plot: str | None = None
    coverage_tumor: str | None = None
    coverage_normal: str | None = None
    versions: str | None = None
    reference_fai: str | None = None
    reference_dict: str | None = None
    germline_rules: str | None = None
    depth_guard: str | None = None  # the small-variant depth guard's guard.json
    knowledge: dict[str, str] = field(default_factory=dict)  # label -> path
