"""GRCh38-shaped copy-number fixtures: the real UCSC hg38 bands (config/reference/
cytobands.GRCh38.tsv), 100-kb bins over every chromosome, CNVkit-like segments and
heterozygous SNPs, and the chain from events to the interpretation's lesions and readings.
Coordinates are GRCh38's, so band names are the ones a cytogeneticist would write."""

from __future__ import annotations

import json
import math
from pathlib import Path

from alwgs.cnv.baf import Snp
from alwgs.cnv.cytobands import Cytobands
from alwgs.cnv.events import Segment, Settings, call_events, write_events
from alwgs.cnv.karyotype import build, load_rules
from alwgs.contig_roles import ContigRoles
from alwgs.interpret import eln as eln_engine
from alwgs.interpret import who_icc as who_icc_engine
from alwgs.interpret.inputs import read_tsv
from alwgs.interpret.knowledge import load_knowledge
from alwgs.interpret.lesions import LesionRules, find_lesions
from alwgs.interpret.model import SampleInfo
from alwgs.interpret.tiers import Tiered
from interp_fixtures import shipped_knowledge

REPO = Path(__file__).resolve().parents[2]
CYTOBAND_FILE = REPO / "config/reference/cytobands.GRCh38.tsv"
KNOWLEDGE = REPO / "config/knowledge"
BANDS = Cytobands.from_file(CYTOBAND_FILE)
RULES = load_rules(KNOWLEDGE / "karyotype.yaml")
MB = 1_000_000
BIN = 100_000
CHROMS = BANDS.chromosomes()
AUTOSOMES = [c for c in CHROMS if c not in ("chrX", "chrY")]
ROLES = ContigRoles(tuple(AUTOSOMES), "chrX", "chrY")
# config/config.yaml's GRCh38 values (min_bins 8, min_callable_bp 7 Mb, banding_min_bp 5 Mb,
# snap window 4 bins)
SETTINGS = Settings()


def length(chrom: str) -> int:
    return BANDS.length(chrom)


def bins() -> dict[str, list[tuple[int, int]]]:
    return {c: [(s, min(s + BIN, length(c))) for s in range(0, length(c), BIN)] for c in CHROMS}


def segment(chrom: str, start: int, end: int, cn: int) -> Segment:
    """A CNVkit called segment at purity 1 (log2 of cn/2; 0 copies read -5)."""
    log2 = math.log2(cn / 2) if cn else -5.0
    return Segment(chrom, start, end, log2, cn, math.ceil((end - start) / BIN))


def genome(sex: str = "female", changes: dict | None = None) -> list[Segment]:
    """Segments of every chromosome: the baseline (a male's X and Y one copy, a female's Y
    none) with ``changes`` {chrom: [(start, end, cn), ...]} laid over it, the rest filled."""
    out = []
    for chrom in CHROMS:
        base = 1 if sex == "male" and chrom in ("chrX", "chrY") else 2
        if chrom == "chrY" and sex != "male":
            base = 0
        pos = 0
        for start, end, cn in sorted((changes or {}).get(chrom, [])):
            if start > pos:
                out.append(segment(chrom, pos, start, base))
            out.append(segment(chrom, start, end, cn))
            pos = end
        if pos < length(chrom):
            out.append(segment(chrom, pos, length(chrom), base))
    return out


def snps(allelic: dict | None = None, step: int = MB) -> list[Snp]:
    """Heterozygous SNPs every ``step`` bp of every autosome and X, with the tumor's B-allele
    fraction: 0.5 (both alleles, balanced), or per chromosome in ``allelic``: 'loh' (one
    parent only, 0.98/0.02), 'trisomy' (2:1, 0.667/0.333). Small alternation around each
    value, as real sites scatter."""
    out = []
    for chrom in AUTOSOMES + ["chrX"]:
        state = (allelic or {}).get(chrom, "het")
        for i, pos in enumerate(range(step // 2, length(chrom), step)):
            up = i % 2 == 0
            baf = {
                "het": 0.52 if up else 0.48,
                "loh": 0.98 if up else 0.02,
                "trisomy": 0.667 if up else 0.333,
            }[state]
            out.append(Snp(chrom, pos, baf, 60))
    return out


def call(segments, sex="female", svs=(), snp_list=None, settings=SETTINGS):
    return call_events(
        segments,
        bins(),
        BANDS,
        sex,
        settings,
        svs=list(svs),
        snps=snp_list or [],
        roles=ROLES,
    )


def karyotype(events, sex="female", svs=(), loh_not_assessed=None) -> dict:
    """karyotype.json as the workflow writes it (JSON round trip)."""
    doc = build(events, list(svs), BANDS, sex, RULES, 0.05, ROLES, [], loh_not_assessed)
    return json.loads(json.dumps(doc))


def knowledge():
    return load_knowledge(shipped_knowledge())


def interpret(tmp_path, events, kar, diagnosis="AML", blasts=0.3, kb=None):
    """The lesion link and the ELN / WHO / ICC readings of events.tsv and karyotype.json,
    as the workflow runs them (the events table written and read back)."""
    kb = kb or knowledge()
    path = tmp_path / "events.tsv"
    write_events(events, path)
    info = SampleInfo("S-T", "S", diagnosis, "female", blasts, None)
    rules = LesionRules(kb.tiers, kb.hotspots, kb.focal, kb.eln, kb.who_icc, kb.karyotype)
    found = find_lesions(Tiered([]), info, [], read_tsv(str(path)), kar, rules)
    ctx = found.context
    return ctx, eln_engine.classify(kb.eln, ctx), who_icc_engine.classify(kb.who_icc, ctx)
