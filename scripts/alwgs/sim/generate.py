"""Writes the whole demo batch: reference, databases, FASTQs, sheets, truth, manifest."""

import hashlib
import shutil
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import yaml

from . import databases, demo_settings, reads, slippage, truth
from .cells import Population, SmallVariant, materialize
from .cohort import define_cohort
from .dna import seeded
from .genome import Genome, build_genome
from .patients import (
    Patient,
    add_passengers,
    build_clones,
    define_patients,
    plant_germline_deletion,
    populations,
)
from .reference_files import write_cytobands, write_fasta, write_gff3
from .scales import SCALES, Scale
from .variants import PopulationSite, population_sites, tract_population_sites

SEED = 20261121
PRIVATE_GERMLINE_PER_BASE = 1 / 40_000


def _buckets(v: SmallVariant, margin: int = 60) -> set:
    lo, hi = v.pos - margin, v.pos + len(v.ref) + len(v.alt) + margin
    return {(v.chrom, b) for b in range(lo // 50, hi // 50 + 1)}


def _germline(
    rng, p: Patient, genome: Genome, pool: list[PopulationSite], busy: set, tracts=((), None)
):
    """The patient's germline alleles: pool alleles drawn at their AF per haplotype, private
    SNVs, and tract length alleles (`tracts`: sites and their own random stream, so adding
    them left the draws of the other alleles as they were)."""
    copies = _copies(p, genome)
    out = []
    tract_sites, tract_rng = tracts
    for sites, r in ((pool, rng), (tract_sites, tract_rng)):
        for s in sites:
            for hap in range(copies[s.chrom]):
                if r.random() < s.af:
                    kind = "SNV" if len(s.ref) == len(s.alt) == 1 else "INDEL"
                    out.append(SmallVariant(s.chrom, s.pos, s.ref, s.alt, hap, "germline", kind))
    names = list(genome.contigs)
    for chrom in names:
        c = genome.contigs[chrom]
        n_private = int(c.length * PRIVATE_GERMLINE_PER_BASE) if copies[chrom] else 0
        for pos in rng.integers(2000, c.length - 2000, n_private).tolist():
            if (chrom, pos // 50) in busy or c.seq[pos] == "N":
                continue
            ref = c.seq[pos]
            alt = "ACGT".replace(ref, "")[rng.integers(0, 3)]
            out.append(
                SmallVariant(
                    chrom, pos, ref, alt, int(rng.integers(0, copies[chrom])), "germline", "SNV"
                )
            )
    return out + p.germline_extra


def _copies(p: Patient, genome: Genome) -> dict[str, int]:
    male = p.sex == "male"
    return {
        n: (1 if male else 0) if n == "chrY" else (1 if male else 2) if n == "chrX" else 2
        for n in genome.contigs
    }


def _variant_map(variants: list[SmallVariant], clones: tuple[str, ...]):
    vmap: dict[tuple[str, int], list[SmallVariant]] = {}
    for v in variants:
        if v.clone == "germline" or v.clone in clones:
            vmap.setdefault((v.chrom, v.hap), []).append(v)
    for key, vs in vmap.items():
        vs.sort(key=lambda v: v.pos)
        for a, b in zip(vs, vs[1:], strict=False):
            assert b.pos >= a.pos + len(a.ref), f"overlapping variants {a} {b} on {key}"
    return vmap


def yield_factor(pops: list[Population]) -> float:
    """Per-copy depth factor that keeps a sample's read count at that of normal cells: the
    normal cell's DNA over the sample's mean DNA per cell (pops[0] is the normal cells)."""
    normal = pops[0].genome.length()
    mean = sum(p.weight * p.genome.length() for p in pops) / sum(p.weight for p in pops)
    return normal / mean


def _simulate_sample(
    out: Path,
    sample: str,
    lanes: int,
    depth: float,
    pops: list[Population],
    variants: list[SmallVariant],
    genome: Genome,
    seed: int,
    fixed_yield: bool = False,
) -> list[Path]:
    reference = {n: c.seq for n, c in genome.contigs.items()}
    per_copy = depth / 2 * (yield_factor(pops) if fixed_yield else 1.0)
    r1s, r2s = [], []
    for pop in pops:
        vmap = _variant_map(variants, pop.clones)
        for i, der in enumerate(pop.genome.chromosomes):
            seq = materialize(der, reference, vmap)
            rng = seeded(seed, "fragments", sample, pop.name, str(i))
            r1, r2 = reads.fragments(rng, seq, per_copy * pop.weight, pad=slippage.PAD)
            # Slippage on each read on its own: a sequencing error, not a molecule's.
            slip_rng = seeded(seed, "slippage", sample, pop.name, str(i))
            r1s.append(slippage.slip(slip_rng, r1))
            r2s.append(slippage.slip(slip_rng, r2))
    r1, r2 = np.concatenate(r1s), np.concatenate(r2s)
    rng = seeded(seed, "order", sample)
    order = rng.permutation(len(r1))
    bounds = np.linspace(0, len(r1), lanes + 1).astype(int) if lanes > 1 else [0, len(r1)]
    bounds = np.asarray(bounds)
    if lanes > 1:  # lanes rarely yield the same number of reads
        bounds[1:-1] = (bounds[1:-1] * rng.uniform(0.9, 1.1, lanes - 1)).astype(int)
    written = []
    for lane in range(lanes):
        idx = order[bounds[lane] : bounds[lane + 1]]
        names = reads.read_names(f"FC{sample.replace('-', '')}", lane + 1, len(idx))
        for mate, mat in ((1, r1), (2, r2)):
            err_rng = seeded(seed, "errors", sample, str(lane), str(mate))
            seqs, quals = reads.sequence_errors(err_rng, mat[idx], mate)
            path = out / "fastq" / f"{sample}_L{lane + 1}_R{mate}.fastq.gz"
            reads.write_fastq(path, names, seqs, quals, mate)
            written.append(path)
    return written


def _simulate_job(args) -> list[Path]:
    return _simulate_sample(*args)


def generate(out: Path, scale: Scale, seed: int = SEED, log=print, workers: int = 2) -> None:
    # A regenerated batch must not keep files of an earlier one: stale FASTQs, truth, or a
    # reference cache (bwa index) built for another genome.
    for sub in ("reference", "fastq", "truth"):
        shutil.rmtree(out / sub, ignore_errors=True)
        (out / sub).mkdir(parents=True)
    genome = build_genome(seed, scale)
    ref = out / "reference"
    write_fasta(genome, ref / "genome.fa")
    write_gff3(genome, ref / "genes.gff3")
    write_cytobands(genome, ref / "cytobands.tsv")
    total = sum(c.length for c in genome.contigs.values())
    log(
        f"[sim] reference: {len(genome.contigs)} contigs, {total / 1e6:.2f} Mb, "
        f"{len(genome.genes)} genes"
    )

    patients = define_cohort(genome) if scale.cohort_genes else define_patients(genome)
    avoid: set = set()
    for p in patients:
        build_clones(p, genome)
        for v in p.somatic + p.germline_extra:
            avoid |= _buckets(v)
    for m in genome.genes.values():
        for codon in m.spec.codons:
            g = m.cds_to_genome(3 * codon - 1)
            avoid |= {(m.spec.chrom, b) for b in range((g - 60) // 50, (g + 60) // 50 + 1)}
    pool = population_sites(seeded(seed, "population"), genome, avoid)
    tract_pool = tract_population_sites(seeded(seed, "population-tracts"), genome, avoid, pool)
    databases.write_population(genome, pool + tract_pool, ref / "population_af.vcf.gz")
    busy = avoid | {(s.chrom, s.pos // 50 + k) for s in pool + tract_pool for k in (-1, 0, 1)}
    extra = [p.germline_extra[0] for p in patients if p.germline_extra]
    extra += [v for p in patients for v in p.somatic if v.label.startswith("NPM1")]
    databases.write_clinvar(genome, pool, extra, ref / "clinvar.vcf.gz")

    jobs = []
    samples = ["sample\tpatient\ttype\tsex\tdiagnosis\tpurity"]
    units = ["sample\tunit\tplatform\tfq1\tfq2\tlibrary"]
    for p in patients:
        germ = _germline(
            seeded(seed, "germline", p.id),
            p,
            genome,
            pool,
            busy,
            (tract_pool, seeded(seed, "germline-tracts", p.id)),
        )
        plant_germline_deletion(p, genome, germ)
        tumor_pops = populations(p, genome, tumor=True)
        add_passengers(seeded(seed, "passengers", p.id), p, genome, scale, busy, tumor_pops)
        if scale.patients and p.id not in scale.patients:
            continue  # built (the shared sites it took stay taken), not written
        truth.write_germline(
            genome, germ, _copies(p, genome), p.id, out / "truth" / f"{p.id}.germline.vcf"
        )
        runs = [(p.tumor, "tumor", 2, scale.tumor_depth, tumor_pops)]
        if p.has_normal:
            runs.append(
                (p.normal, "normal", 1, scale.normal_depth, populations(p, genome, tumor=False))
            )
        for sample, kind, lanes, depth, pops in runs:
            jobs.append(
                (out, sample, lanes, depth, pops, germ + p.somatic, genome, seed, scale.fixed_yield)
            )
            purity = "" if (kind == "normal" or not p.purity_reported) else f"{p.purity}"
            samples.append(f"{sample}\t{p.id}\t{kind}\t{p.sex}\t{p.diagnosis}\t{purity}")
            for lane in range(1, lanes + 1):
                units.append(
                    f"{sample}\tL{lane}\tILLUMINA\tfastq/{sample}_L{lane}_R1.fastq.gz\t"
                    f"fastq/{sample}_L{lane}_R2.fastq.gz\t{sample}-lib1"
                )
        t = out / "truth"
        truth.write_small_variants(
            genome, p.somatic, tumor_pops, t / f"{p.tumor}.small_variants.vcf"
        )
        truth.write_itd(genome, p.somatic, tumor_pops, t / f"{p.tumor}.itd.tsv")
        truth.write_sv(p.structural, t / f"{p.tumor}.sv.bedpe", p.germline_structural)
        truth.write_cna(genome, p.structural, t / f"{p.tumor}.cna.bed")
        truth.write_clinical(p, p.tumor, t / f"{p.tumor}.clinical.yaml")
    # Samples are independent and seeded by name: simulate them in parallel processes.
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool_:
        for job, _ in zip(jobs, pool_.map(_simulate_job, jobs), strict=True):
            log(f"[sim] {job[1]}: {job[2]} lane(s), {job[3]:.0f}x")
    (out / "samples.tsv").write_text("\n".join(samples) + "\n")
    (out / "units.tsv").write_text("\n".join(units) + "\n")
    _batch_config(out, scale, list(genome.contigs), genome.par_regions())
    _manifest(out)


def _batch_config(out: Path, scale: Scale, contigs: list[str], par: list = ()) -> None:
    """batch.yaml and resources.yaml of the demo: its files, its contig roles, its PAR1 (the
    cohort genome's; config key reference.par) and the settings its mini genome needs
    (demo_settings; config/config.yaml holds human-genome defaults)."""
    r = out / "reference"
    regions = {chrom: f"{chrom}:{start}-{end}" for chrom, start, end in par}
    config = {
        "batch_dir": f"batches/{scale.name}",
        "samples": f"{out}/samples.tsv",
        "units": f"{out}/units.tsv",
        "reference": {
            "fasta": f"{r}/genome.fa",
            "gff3": f"{r}/genes.gff3",
            "cytobands": f"{r}/cytobands.tsv",
            "build": f"alwgs-mini-{scale.name}",
            "cache_dir": "",
            **demo_settings.contig_roles(contigs),
            **(
                {"par": [{"name": "PAR1", "x": regions["chrX"], "y": regions["chrY"]}]}
                if par
                else {}
            ),
        },
        "databases": {
            "population_af": f"{r}/population_af.vcf.gz",
            "clinvar": f"{r}/clinvar.vcf.gz",
        },
        "truth_dir": f"{out}/truth",
        "resources": f"{out}/resources.yaml",
        **demo_settings.ANALYSIS,
    }
    head = f"# Batch config of the simulated '{scale.name}' demo (written by alwgs.sim).\n"
    (out / "batch.yaml").write_text(head + yaml.safe_dump(config, sort_keys=False))
    (out / "resources.yaml").write_text(
        f"# Resources of the simulated '{scale.name}' demo's jobs (written by alwgs.sim).\n"
        + yaml.safe_dump(demo_settings.RESOURCES, sort_keys=False, default_flow_style=None)
    )


def _manifest(out: Path) -> None:
    """Checksums of the generated data (not the batch's config, batch.yaml and resources.yaml,
    which record the output path, nor indexes a workflow later builds next to the reference)."""
    lines = []
    data = [out / "samples.tsv", out / "units.tsv"]
    data += [f for sub in ("reference", "fastq", "truth") for f in (out / sub).iterdir()]
    for f in sorted(data):
        if f.is_file():
            digest = hashlib.sha256(f.read_bytes()).hexdigest()
            lines.append(f"{digest}  {f.relative_to(out)}")
    (out / "MANIFEST.sha256").write_text("\n".join(lines) + "\n")


def scale_named(name: str) -> Scale:
    return SCALES[name]
