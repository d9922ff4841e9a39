"""Homopolymer/STR tracts of the simulator's genome (scripts/alwgs/sim/microsatellites.py)
and their length polymorphisms in the population pool (variants.tract_population_sites)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from alwgs.sim import microsatellites as ms
from alwgs.sim.generate import SEED
from alwgs.sim.genome import build_genome
from alwgs.sim.scales import SCALES
from alwgs.sim.variants import left_align, population_sites, tract_population_sites


@pytest.fixture(scope="module")
def genome():
    return build_genome(SEED, SCALES["tiny"])


def test_tracts_are_written_where_recorded_and_away_from_exons(genome):
    n = 0
    for c in genome.contigs.values():
        exons = [(a, b) for m in c.genes for a, b in m.exon_genomic()]
        for t in c.tracts:
            n += 1
            seq = c.seq[t.pos : t.end]
            assert seq == (t.unit * t.length)[: t.length]
            # the flanks do not extend the tract
            assert c.seq[t.pos - 1] != seq[-1] and c.seq[t.end] != seq[0]
            assert all(t.end + ms.EXON_MARGIN <= a or t.pos >= b + ms.EXON_MARGIN
                       for a, b in exons)  # fmt: skip
            assert c.masked[t.pos : t.end].all()
    assert n > 300


def test_density_is_human_like(genome):
    # Recalled human figures: a homopolymer >= 10 bp every ~3 kb, an STR every ~2 kb.
    seq = "|".join(c.seq for c in genome.contigs.values())
    n_hp10 = len(re.findall(r"A{10,}|C{10,}|G{10,}|T{10,}", seq))
    n_di = len(re.findall(r"([ACGT]{2})\1{5,}", seq))
    assert 1500 < len(seq) / n_hp10 < 6000
    assert 1000 < len(seq) / n_di < 5000


def test_homopolymer_lengths_follow_the_tail():
    rng = np.random.default_rng(3)
    lengths = np.array([ms.homopolymer_length(rng) for _ in range(20000)])
    assert lengths.min() == ms.HOMOPOLYMER_MIN and lengths.max() <= ms.HOMOPOLYMER_MAX
    assert 0.4 < (lengths >= 10).mean() < 0.6  # P(L >= 10) = 1.25 ** -3.1 = 0.50
    assert 0.1 < (lengths >= 15).mean() < 0.2  # 1.875 ** -3.1 = 0.14


def test_tract_alleles_are_one_unit_left_aligned(genome):
    from alwgs.sim.dna import seeded

    pool = population_sites(seeded(SEED, "population"), genome, set())
    sites = tract_population_sites(seeded(SEED, "population-tracts"), genome, set(), pool)
    tracts = {(t.chrom, t.pos - 1): t for c in genome.contigs.values() for t in c.tracts}
    assert len(sites) > 0.15 * len(tracts)
    for s in sites:
        t = tracts[(s.chrom, s.pos)]
        seq = genome.contigs[s.chrom].seq
        assert seq[s.pos : s.pos + len(s.ref)] == s.ref
        assert abs(len(s.ref) - len(s.alt)) == len(t.unit)
        assert left_align(seq, s.pos, s.ref, s.alt) == (s.pos, s.ref, s.alt)
