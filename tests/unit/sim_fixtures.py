"""Helpers of the simulator's cohort tests (test_sim_cohort, test_sim_plain, test_sim_repeats):
the cohort genome built once per test process, the knowledge tables the truth is checked
against, and the sequences a planted event leaves."""

import csv
from functools import cache
from pathlib import Path

from alwgs.sim.cells import materialize
from alwgs.sim.generate import SEED
from alwgs.sim.genome import Genome, build_genome
from alwgs.sim.scales import SCALES

KNOWLEDGE = Path(__file__).resolve().parents[2] / "config" / "knowledge"


@cache
def cohort_genome() -> Genome:
    """The cohort scale's genome (deterministic; tests only read it)."""
    return build_genome(SEED, SCALES["cohort"])


def knowledge_tsv(name: str) -> list[dict]:
    """Rows of config/knowledge/<name>, its comment lines left out."""
    lines = [x for x in (KNOWLEDGE / name).read_text().splitlines() if not x.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def exon_seq(genome: Genome, gene: str, index: int) -> str:
    """Exon `index` (transcript order) of `gene`, as transcribed."""
    m = genome.gene(gene)
    s, e = m.exons_tx[index]
    return m.transcript[s:e]


def derivatives(genome: Genome, patient, clone: str = "founder") -> list[str]:
    """Sequences of the clone's chromosomes (no small variants)."""
    reference = {n: c.seq for n, c in genome.contigs.items()}
    return [materialize(der, reference, {}) for der in patient.tumor_cells[clone].chromosomes]
