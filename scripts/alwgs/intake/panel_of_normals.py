"""databases.panel_of_normals: a panel made by ./alwgs pon (per-allele counts PON_N, which the
PanelOfNormals filter tests) on the batch's reference. A VCF without the counts would let every
allele pass that filter silently; a panel of another reference would match nothing."""

from __future__ import annotations

from pathlib import Path

from alwgs.intake.errors import IntakeError, _shown
from alwgs.pon.batches import PonError
from alwgs.pon.panel import read_panel

FIELD = "databases.panel_of_normals"


def check_panel_of_normals(given: str, path: str, lengths: dict[str, int]) -> None:
    shown = _shown(given, path)
    if not Path(f"{path}.tbi").is_file() and not Path(f"{path}.csi").is_file():
        raise IntakeError("config", None, FIELD, f"{shown} has no index (.tbi): tabix -p vcf it")
    try:
        panel = read_panel(path)
    except PonError as err:
        message = str(err).replace(path, shown)
        raise IntakeError(
            "config", None, FIELD, f"{message}; build one with ./alwgs pon build"
        ) from None
    for name, length in panel.contigs.items():
        if name in lengths and length and length != lengths[name]:
            raise IntakeError(
                "config",
                None,
                FIELD,
                f"{shown}: contig {name} has length {length}, reference.fasta {lengths[name]}:"
                " the panel was built on another reference",
            )
    if panel.contigs and not set(panel.contigs) & set(lengths):
        raise IntakeError(
            "config", None, FIELD, f"{shown}: no contig of the panel is in reference.fasta"
        )
