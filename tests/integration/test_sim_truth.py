"""The planted truth of the ci demo batch is really in its reads.

Alignment-free: exact k-mer probes (reference and alternative allele of every somatic and P01
germline variant, fusion and duplication junctions) are counted in every sample's FASTQs with
one `zcat | grep -o -F -f probes | sort | uniq -c` pass per sample. Copy number of P03-T is
checked with a small bwa mem alignment of a read subsample.
"""

from __future__ import annotations

import csv
import itertools
import math
import os
import shutil
import statistics
import subprocess
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from alwgs.sim import slippage

pytestmark = pytest.mark.integration

READ_LEN = 150
FLANK = 10  # bases of unique sequence on each side of the variable part of an allele probe
JUNCTION_SIDE = 20  # bases on each side of a structural junction
MAX_PROBE = 60
MIN_SOMATIC_VAF = 0.05
MIN_READS = 8  # fewer reads holding a probe (either allele) say nothing about the fraction
CN_PAIRS_PER_LANE = 50_000
_COMP = str.maketrans("ACGTN", "TGCAN")


def revcomp(s: str) -> str:
    return s.translate(_COMP)[::-1]


# --------------------------------------------------------------------------- truth parsing


@dataclass(frozen=True)
class Variant:
    chrom: str
    pos: int  # 0-based position of REF's first base
    ref: str
    alt: str
    info: dict = field(default_factory=dict, compare=False, hash=False)
    gt: str = ""

    @property
    def end(self) -> int:
        return self.pos + len(self.ref)

    def __str__(self) -> str:
        label = self.info.get("LABEL", "")
        return f"{self.chrom}:{self.pos + 1} {self.ref}>{self.alt}" + (
            f" ({label})" if label else ""
        )


def read_vcf(path: Path) -> list[Variant]:
    out = []
    for line in path.read_text().splitlines():
        if line.startswith("#"):
            continue
        f = line.split("\t")
        info = dict(kv.split("=", 1) if "=" in kv else (kv, True) for kv in f[7].split(";"))
        info.pop(".", None)
        gt = f[9] if len(f) > 9 else ""
        out.append(Variant(f[0], int(f[1]) - 1, f[3], f[4], info, gt))
    return out


def read_tsv(path: Path) -> list[dict]:
    lines = [ln.lstrip("#") for ln in path.read_text().splitlines() if ln.strip()]
    return list(csv.DictReader(lines, delimiter="\t"))


def read_fasta(path: Path) -> dict[str, str]:
    seqs: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if line.startswith(">"):
            cur = seqs.setdefault(line[1:].split()[0], [])
        else:
            cur.append(line.strip().upper())
    return {k: "".join(v) for k, v in seqs.items()}


# --------------------------------------------------------------------------- probes


@dataclass
class AlleleProbe:
    variant: Variant
    ref: str
    alt: str
    chrom: str
    start: int  # genomic window covered by the reference probe (0-based, half-open)
    end: int


def allele_probes(contig: str, v: Variant, flank: int = FLANK) -> AlleleProbe | None:
    """Reference and alternative probes that span the whole ambiguous (repeat) region of the
    variant plus `flank` bases each side; None when that is not possible."""
    assert contig[v.pos : v.end] == v.ref, f"{v}: REF does not match genome.fa"
    margin = 80 + len(v.ref) + len(v.alt)
    w0 = max(0, v.pos - margin)
    r = contig[w0 : v.end + margin]
    a = contig[w0 : v.pos] + v.alt + contig[v.end : v.end + margin]
    p = next((i for i, (x, y) in enumerate(zip(r, a, strict=False)) if x != y), min(len(r), len(a)))
    s = next(
        (i for i, (x, y) in enumerate(zip(r[::-1], a[::-1], strict=False)) if x != y),
        min(len(r), len(a)),
    )
    lo = min(p, len(r) - s, len(a) - s)  # leftmost base that may differ
    hi = min(s, len(r) - p, len(a) - p)  # length of the suffix that never differs
    if lo < flank or hi < flank:
        return None
    rp = r[lo - flank : len(r) - hi + flank]
    ap = a[lo - flank : len(a) - hi + flank]
    if max(len(rp), len(ap)) > MAX_PROBE or "N" in rp + ap or rp in a or ap in r:
        return None
    return AlleleProbe(v, rp, ap, v.chrom, w0 + lo - flank, w0 + len(r) - hi + flank)


def genome_occurrences(genome: dict[str, str], probes: set[str], k: int = 20) -> Counter:
    """Occurrences (both strands, overlapping ones too) of each probe in the genome, via a
    numpy index of k-mers; every probe must be at least k long."""
    assert min(map(len, probes)) >= k
    code = np.full(256, 255, dtype=np.uint8)
    for i, b in enumerate(b"ACGT"):
        code[b] = i

    def kmers(seq: str) -> np.ndarray:
        c = code[np.frombuffer(seq.encode(), dtype=np.uint8)].astype(np.uint64)
        bad = np.convolve(c == 255, np.ones(k, dtype=int), mode="valid") > 0
        c[c == 255] = 0
        h = np.zeros(len(seq) - k + 1, dtype=np.uint64)
        for j in range(k):
            h = (h << np.uint64(2)) | c[j : j + len(h)]
        h[bad] = np.uint64(2**63)
        return h

    by_prefix: dict[str, list[str]] = defaultdict(list)
    for p in probes:
        by_prefix[p[:k]].append(p)
    want = np.array(sorted(kmers(q)[0] for q in by_prefix), dtype=np.uint64)
    counts: Counter = Counter()
    for seq in genome.values():
        for strand in (seq, revcomp(seq)):
            for i in np.flatnonzero(np.isin(kmers(strand), want)).tolist():
                for p in by_prefix.get(strand[i : i + k], ()):
                    if strand.startswith(p, i):
                        counts[p] += 1
    return counts


def haplotype_versions(contig: str, start: int, end: int, germline: list[Variant]) -> list[str]:
    """contig[start:end] with each subset of the germline variants (of this contig) that lie
    inside it applied: the sequences the patient's haplotypes may have there."""
    inside = [v for v in germline if start <= v.pos and v.end <= end]
    out = []
    for n in range(len(inside) + 1):
        for subset in itertools.combinations(inside, n):
            seq, cursor = [], start
            for v in sorted(subset, key=lambda v: v.pos):
                seq += [contig[cursor : v.pos], v.alt]
                cursor = v.end
            seq.append(contig[cursor:end])
            out.append("".join(seq))
    return out


def junction_versions(
    genome: dict[str, str], row: dict, germline: list[Variant], side: int = JUNCTION_SIDE
) -> tuple[list[str], list[tuple[str, int, int]]]:
    """Junction sequence(s) of a bedpe row (CONTRACTS.md: strand1 '+' = sequence left of
    pos1 joined, strand2 '-' = sequence right of pos2 joined), one per combination of the
    patient's germline variants near it; plus the genomic windows the junction covers."""
    c1, c2 = genome[row["chrom1"]], genome[row["chrom2"]]
    p1, p2 = int(row["pos1"]), int(row["pos2"])
    g1 = [v for v in germline if v.chrom == row["chrom1"]]
    g2 = [v for v in germline if v.chrom == row["chrom2"]]
    span = 3 * side
    if row["strand1"] == "+":  # ... pos1] joined: read towards the junction
        w1 = (p1 - span, p1)
        sides1 = [s[-side:] for s in haplotype_versions(c1, *w1, g1)]
    else:  # [pos1 ... joined: its reverse complement reads towards the junction
        w1 = (p1 - 1, p1 - 1 + span)
        sides1 = [revcomp(s[:side]) for s in haplotype_versions(c1, *w1, g1)]
    if row["strand2"] == "-":  # [pos2 ... joined: read away from the junction
        w2 = (p2 - 1, p2 - 1 + span)
        sides2 = [s[:side] for s in haplotype_versions(c2, *w2, g2)]
    else:
        w2 = (p2 - span, p2)
        sides2 = [revcomp(s[-side:]) for s in haplotype_versions(c2, *w2, g2)]
    versions = sorted({a + b for a in sides1 for b in sides2})
    windows = [(row["chrom1"], *w1), (row["chrom2"], *w2)]
    return versions, windows


# --------------------------------------------------------------------------- the batch


@dataclass
class Batch:
    root: Path
    genome: dict[str, str]
    samples: list[dict]
    fastqs: dict[str, list[Path]]
    germline: dict[str, list[Variant]]  # patient -> variants
    somatic: dict[str, list[Variant]]  # tumor -> variants

    def patient(self, sample: str) -> str:
        return next(s["patient"] for s in self.samples if s["sample"] == sample)

    def normal_of(self, tumor: str) -> str | None:
        pid = self.patient(tumor)
        return next(
            (s["sample"] for s in self.samples if s["patient"] == pid and s["type"] == "normal"),
            None,
        )

    @property
    def tumors(self) -> list[str]:
        return [s["sample"] for s in self.samples if s["type"] == "tumor"]


@pytest.fixture(scope="module")
def batch(ci_data: Path) -> Batch:
    root = Path(ci_data)
    samples = read_tsv(root / "samples.tsv")
    fastqs: dict[str, list[Path]] = defaultdict(list)
    for u in read_tsv(root / "units.tsv"):
        fastqs[u["sample"]] += [root / u["fq1"], root / u["fq2"]]
    patients = sorted({s["patient"] for s in samples})
    tumors = [s["sample"] for s in samples if s["type"] == "tumor"]
    return Batch(
        root,
        read_fasta(root / "reference/genome.fa"),
        samples,
        dict(fastqs),
        {p: read_vcf(root / "truth" / f"{p}.germline.vcf") for p in patients},
        {t: read_vcf(root / "truth" / f"{t}.small_variants.vcf") for t in tumors},
    )


@dataclass
class ProbeSet:
    somatic: dict[str, list[AlleleProbe]]  # tumor -> probes (SNV/INDEL, VAF >= 0.05)
    somatic_skipped: dict[str, list[tuple[Variant, str]]]
    germline_p01: list[AlleleProbe]
    junctions: dict[str, list[tuple[dict, list[str]]]]  # tumor -> [(bedpe row, versions)]
    itd: list[tuple[dict, str]]  # P01-T FLT3-ITD junctions
    ptd: list[tuple[dict, list[str]]]  # P06-T KMT2A-PTD junctions

    def all_strings(self) -> set[str]:
        out: set[str] = set()
        for p in itertools.chain(*self.somatic.values(), self.germline_p01):
            out |= {p.ref, p.alt}
        for _, versions in itertools.chain(*self.junctions.values(), self.ptd):
            out |= set(versions)
        out |= {j for _, j in self.itd}
        return out


def _overlaps(a: tuple[str, int, int], b: tuple[str, int, int], pad: int = 0) -> bool:
    return a[0] == b[0] and a[1] < b[2] + pad and b[1] < a[2] + pad


@pytest.fixture(scope="module")
def probes(batch: Batch) -> ProbeSet:
    g = batch.genome
    taken: list[tuple[str, int, int]] = []  # genomic windows of every probe kept so far

    def free(window) -> bool:
        # grep -o reports non-overlapping matches only: probes must never share read bases
        return not any(_overlaps(window, t) for t in taken)

    junctions, ptd, itd = {}, [], []
    for tumor in batch.tumors:
        germ = batch.germline[batch.patient(tumor)]
        rows = read_tsv(batch.root / "truth" / f"{tumor}.sv.bedpe")
        junctions[tumor] = []
        for row in rows:
            versions, windows = junction_versions(g, row, germ)
            taken += windows
            if row["svtype"] == "BND":
                junctions[tumor].append((row, versions))
            elif row["svtype"] == "DUP" and row["gene1"] == "KMT2A":
                ptd.append((row, versions))
        for row in read_tsv(batch.root / "truth" / f"{tumor}.itd.tsv"):
            chrom, pos, ins = row["chrom"], int(row["pos"]), row["insertion_seq"]
            c = g[chrom]
            assert len(ins) == int(row["length"]), f"{tumor} ITD {row}: length"
            assert c[pos : pos + len(ins)] == ins, (
                f"{tumor} ITD at {chrom}:{pos} is not a tandem duplication of the next bases"
            )
            # alt haplotype ...[anchor] INS INS' ... : the end of the inserted copy joined to
            # the start of the original one
            window = (chrom, pos - 1, pos + len(ins) + JUNCTION_SIDE)
            near = [v for v in germ if _overlaps(window, (v.chrom, v.pos, v.end))]
            assert not near, f"{tumor} ITD: germline {near} in the junction (not handled here)"
            itd.append((row, ins[-JUNCTION_SIDE:] + c[pos : pos + JUNCTION_SIDE]))
            taken.append(window)

    somatic, skipped = {}, {}
    for tumor in batch.tumors:
        germ = batch.germline[batch.patient(tumor)]
        somatic[tumor], skipped[tumor] = [], []
        for v in batch.somatic[tumor]:
            if v.info["VARTYPE"] not in ("SNV", "INDEL"):
                continue
            if float(v.info["EXPECTED_VAF"]) < MIN_SOMATIC_VAF:
                continue
            probe = allele_probes(g[v.chrom], v)
            if probe is None:
                skipped[tumor].append((v, "no unique flanks"))
                continue
            window = (v.chrom, probe.start, probe.end)
            others = [o for o in germ + batch.somatic[tumor] if o is not v]
            if any(_overlaps(window, (o.chrom, o.pos, o.end), pad=1) for o in others):
                skipped[tumor].append((v, "another variant of the patient in the probe"))
                continue
            if not free(window):
                skipped[tumor].append((v, "probe overlaps another probe"))
                continue
            taken.append(window)
            somatic[tumor].append(probe)

    germline = []
    germ = batch.germline["P01"]
    for v in germ:
        probe = allele_probes(g[v.chrom], v)
        if probe is None:
            continue
        window = (v.chrom, probe.start, probe.end)
        if any(_overlaps(window, (o.chrom, o.pos, o.end), pad=1) for o in germ if o is not v):
            continue
        if free(window):
            taken.append(window)
            germline.append(probe)

    # probes must be specific: reference probes unique, alternative and junction probes
    # absent from the reference genome
    occ = genome_occurrences(
        g, {p for pr in [*somatic.values(), germline] for x in pr for p in (x.ref, x.alt)}
    )
    for tumor in somatic:
        keep = []
        for p in somatic[tumor]:
            if occ[p.ref] == 1 and occ[p.alt] == 0 and p.ref != revcomp(p.ref):
                keep.append(p)
            else:
                skipped[tumor].append((p.variant, "probe not unique in the genome"))
        somatic[tumor] = keep
    germline = [p for p in germline if occ[p.ref] == 1 and occ[p.alt] == 0]
    return ProbeSet(somatic, skipped, germline, junctions, itd, ptd)


def _count_sample(fastqs: list[Path], patterns: Path) -> Counter:
    files = " ".join(f"'{f}'" for f in fastqs)
    cmd = f"zcat {files} | sed -n '2~4p' | grep -o -F -f '{patterns}' | sort | uniq -c"
    res = subprocess.run(
        ["bash", "-o", "pipefail", "-c", cmd],
        capture_output=True,
        text=True,
        env=dict(os.environ, LC_ALL="C"),
    )
    assert res.returncode == 0, f"k-mer count of {fastqs} failed: {res.stderr}"
    counts: Counter = Counter()
    for line in res.stdout.splitlines():
        n, seq = line.split()
        counts[seq] += int(n)
    return counts


@pytest.fixture(scope="module")
def hits(batch: Batch, probes: ProbeSet, tmp_path_factory) -> dict[str, Counter]:
    """sample -> probe -> reads containing it on either strand."""
    strings = probes.all_strings()
    patterns = tmp_path_factory.mktemp("probes") / "patterns.txt"
    patterns.write_text("".join(f"{s}\n{revcomp(s)}\n" for s in sorted(strings)))
    samples = sorted(batch.fastqs, key=lambda s: -sum(f.stat().st_size for f in batch.fastqs[s]))
    with ThreadPoolExecutor(max_workers=2) as pool:
        counted = pool.map(lambda s: _count_sample(batch.fastqs[s], patterns), samples)
        raw = dict(zip(samples, counted, strict=True))
    return {
        s: Counter({p: c[p] + c[revcomp(p)] for p in strings if c[p] + c[revcomp(p)]})
        for s, c in raw.items()
    }


# --------------------------------------------------------------------------- tests


def _alt_fraction(p: AlleleProbe, counts: Counter) -> tuple[float, int, int, int]:
    """Alt fraction with the probe counts weighted by the read positions that can hold each
    probe (longer probes fit in fewer read offsets)."""
    a, r = counts[p.alt], counts[p.ref]
    wa, wr = READ_LEN - len(p.alt) + 1, READ_LEN - len(p.ref) + 1
    if a + r == 0:
        return float("nan"), a, r, 0
    return (a / wa) / (a / wa + r / wr), a, r, a + r


def test_somatic_vaf_in_tumor_reads(batch, probes, hits):
    failures, checked, thin = [], 0, []
    for tumor in batch.tumors:
        eligible = [
            v
            for v in batch.somatic[tumor]
            if v.info["VARTYPE"] in ("SNV", "INDEL")
            and float(v.info["EXPECTED_VAF"]) >= MIN_SOMATIC_VAF
        ]
        kept = probes.somatic[tumor]
        assert len(kept) >= 0.8 * len(eligible), (
            f"{tumor}: only {len(kept)} of {len(eligible)} variants got probes; skipped "
            + "; ".join(f"{v} ({why})" for v, why in probes.somatic_skipped[tumor])
        )
        labelled = {str(v) for v in eligible if "LABEL" in v.info}
        missing = labelled - {str(p.variant) for p in kept}
        assert not missing, f"{tumor}: clinical variants without probes: {missing}"
        alt_sum = exp_sum = var_sum = 0.0
        for p in kept:
            exp = float(p.variant.info["EXPECTED_VAF"])
            obs, a, r, n = _alt_fraction(p, hits[tumor])
            if n < MIN_READS:  # e.g. next to an assembly gap, where fragments are lost
                thin.append(f"{tumor} {p.variant} ({n} reads)")
                continue
            checked += 1
            sd = math.sqrt(exp * (1 - exp) / n)
            if abs(obs - exp) > 4 * sd + 0.03:
                failures.append(
                    f"{tumor} {p.variant}: alt fraction {obs:.3f} ({a} alt, {r} ref), "
                    f"expected {exp:.3f} +- {4 * sd + 0.03:.3f}"
                )
            elif a == 0 and n * exp >= 12:  # P(no alt read) < 1e-5
                failures.append(f"{tumor} {p.variant}: no alt read among {n}, expected {exp:.3f}")
            if len(p.ref) == len(p.alt):
                alt_sum += a
                exp_sum += n * exp
                var_sum += n * exp * (1 - exp)
        # pooled over the tumor's SNVs: the sum of alt reads is much tighter than any one
        # variant (variance doubled for duplicates and overlapping mates)
        sd = math.sqrt(2 * var_sum)
        if abs(alt_sum - exp_sum) > 4 * sd:
            failures.append(
                f"{tumor}: {alt_sum:.0f} alt reads over all SNVs, "
                f"expected {exp_sum:.0f} +- {4 * sd:.0f}"
            )
    assert len(thin) <= 0.05 * (checked + len(thin)), f"too few reads at: {thin}"
    assert checked >= 150, f"only {checked} somatic variants checked"
    assert not failures, "\n".join(failures)


def test_somatic_alleles_absent_from_matched_normal(batch, probes, hits):
    failures, checked, ref_reads = [], 0, 0
    for tumor in batch.tumors:
        normal = batch.normal_of(tumor)
        if normal is None:
            continue
        for p in probes.somatic[tumor]:
            checked += 1
            a, r = hits[normal][p.alt], hits[normal][p.ref]
            ref_reads += r
            if a > 1:  # one read may carry the allele by a sequencing error
                failures.append(f"{normal}: {a} reads carry somatic {p.variant} of {tumor}")
    assert checked >= 100, f"only {checked} somatic variants checked in normals"
    # the probes do see the normals' reads (30x: ~25 reads per diploid site)
    assert ref_reads >= 15 * checked, f"{ref_reads} reference reads at {checked} sites"
    assert not failures, "\n".join(failures)


def _hom_ref_reads_allowed(p: AlleleProbe, n: int) -> float:
    """Reference-looking reads a homozygous site may show. One read may carry the reference
    base by a sequencing error. A homozygous indel in a repeat tract also gets reads in which
    polymerase slippage put the unit back (alwgs.sim.slippage: up to HP_CAP/STR_CAP per read,
    of which 1 - DEL_SHARE are insertions): allow the mean of that plus four sd."""
    if len(p.variant.ref) == len(p.variant.alt):
        return 1
    lam = n * max(slippage.HP_CAP, slippage.STR_CAP) * (1 - slippage.DEL_SHARE)
    return 1 + lam + 4 * math.sqrt(lam)


def test_p01_germline_genotypes_in_normal_reads(probes, hits):
    het, hom, failures, thin = [], [], [], []
    for p in probes.germline_p01:
        obs, a, r, n = _alt_fraction(p, hits["P01-N"])
        if n < MIN_READS:  # next to an assembly gap, or one X/Y copy at 30x
            thin.append(f"{p.variant} ({n} reads)")
            continue
        if p.variant.gt == "0/1":
            het.append(obs)
            tolerance = 4 * math.sqrt(0.25 / n) + 0.03
            if abs(obs - 0.5) > tolerance or (n >= 15 and min(a, r) == 0):
                failures.append(f"P01-N het {p.variant}: {a} alt, {r} ref")
        else:
            assert p.variant.gt in ("1/1", "1"), p.variant.gt
            hom.append(obs)
            if r > _hom_ref_reads_allowed(p, n):
                failures.append(f"P01-N hom {p.variant} ({p.variant.gt}): {r} ref reads")
    assert not failures, "\n".join(failures)
    assert 0.4 <= statistics.median(het) <= 0.6, f"median het fraction {statistics.median(het)}"
    assert statistics.median(hom) >= 0.97, f"median hom fraction {statistics.median(hom)}"
    assert len(thin) <= 0.05 * len(probes.germline_p01), f"too few reads at: {thin}"
    assert len(het) >= 200 and len(hom) >= 100, f"{len(het)} het, {len(hom)} hom sites probed"


def test_translocation_junctions(batch, probes, hits):
    failures, checked = [], 0
    for tumor, rows in probes.junctions.items():
        pid = batch.patient(tumor)
        for row, versions in rows:
            checked += 1
            name = (
                f"{tumor} {row['fusion']} "
                f"{row['chrom1']}:{row['pos1']}-{row['chrom2']}:{row['pos2']}"
            )
            n = sum(hits[tumor][j] for j in versions)
            if n < 5:
                failures.append(f"{name}: junction in {n} tumor reads")
            for other in batch.fastqs:
                if batch.patient(other) != pid:
                    m = sum(hits[other][j] for j in versions)
                    if m:
                        failures.append(f"{name}: junction in {m} reads of {other}")
    assert checked >= 3, f"only {checked} translocations in the truth"
    assert not failures, "\n".join(failures)


def test_junction_probes_are_novel(batch, probes):
    strings = {j for _, j in probes.itd}
    for _, versions in itertools.chain(*probes.junctions.values(), probes.ptd):
        strings |= set(versions)
    occ = genome_occurrences(batch.genome, strings)
    assert not occ, f"junction probes found in the reference: {dict(occ)}"


def test_flt3_itd_junction(batch, probes, hits):
    (row, junction), *rest = probes.itd
    assert not rest and row["gene"] == "FLT3", probes.itd
    n_tumor, n_normal = hits["P01-T"][junction], hits["P01-N"][junction]
    assert n_tumor >= 5, f"FLT3-ITD junction in only {n_tumor} P01-T reads"
    assert n_normal == 0, f"FLT3-ITD junction in {n_normal} P01-N reads"


def test_kmt2a_ptd_junction(batch, probes, hits):
    (row, versions), *rest = probes.ptd
    assert not rest, probes.ptd
    # the tandem junction from first principles: end of the segment joined to its start
    c = batch.genome[row["chrom1"]]
    start, end = int(row["pos1"]) - 1, int(row["pos2"])
    direct = c[end - JUNCTION_SIDE : end] + c[start : start + JUNCTION_SIDE]
    assert {direct, revcomp(direct)} & set(versions), "bedpe strands disagree with a DUP"
    n = sum(hits["P06-T"][j] for j in versions)
    assert n >= 5, f"KMT2A-PTD junction in only {n} P06-T reads"
    n_normal = sum(hits["P06-N"][j] for j in versions)
    assert n_normal == 0, f"KMT2A-PTD junction in {n_normal} P06-N reads"


def test_p03_copy_number_by_read_density(batch, tmp_path):
    for tool in ("bwa", "samtools"):
        assert shutil.which(tool), f"{tool} not on PATH"
    ref = tmp_path / "genome.fa"
    shutil.copy(batch.root / "reference/genome.fa", ref)
    subprocess.run(["bwa", "index", str(ref)], check=True, capture_output=True)
    mates: dict[int, list[Path]] = {1: [], 2: []}
    for fq in batch.fastqs["P03-T"]:
        mate = 1 if fq.name.endswith("_R1.fastq.gz") else 2
        sub = tmp_path / fq.name.replace(".gz", "")
        subprocess.run(
            f"zcat '{fq}' | head -n {4 * CN_PAIRS_PER_LANE} > '{sub}'",
            shell=True,
            check=True,
        )
        mates[mate].append(sub)
    r1, r2 = tmp_path / "R1.fq", tmp_path / "R2.fq"
    for out, parts in ((r1, mates[1]), (r2, mates[2])):
        with open(out, "wb") as fh:
            for part in sorted(parts):
                fh.write(part.read_bytes())
    bam = tmp_path / "P03-T.bam"
    subprocess.run(
        f"bwa mem -t 2 '{ref}' '{r1}' '{r2}' 2>/dev/null | samtools view -u -F 0x904 - "
        f"| samtools sort -o '{bam}' - 2>/dev/null && samtools index '{bam}'",
        shell=True,
        check=True,
        executable="/bin/bash",
    )
    stats = subprocess.run(
        ["samtools", "idxstats", str(bam)], check=True, capture_output=True, text=True
    ).stdout
    density = {}
    for line in stats.splitlines():
        chrom, _, mapped, _ = line.split("\t")
        if chrom in batch.genome:
            acgt = len(batch.genome[chrom]) - batch.genome[chrom].count("N")
            density[chrom] = int(mapped) / acgt
    autosomes = [c for c in density if c not in ("chrX", "chrY")]
    median = statistics.median(density[c] for c in autosomes)
    sample = next(s for s in batch.samples if s["sample"] == "P03-T")
    purity = float(sample["purity"])
    cna = read_tsv(batch.root / "truth/P03-T.cna.bed")
    whole = {
        r["chrom"]: int(r["copy_number"])
        for r in cna
        if int(r["start"]) == 0 and int(r["end"]) == len(batch.genome[r["chrom"]])
    }
    assert {"chr7": 1, "chr8": 3}.items() <= whole.items(), f"P03-T cna.bed: {cna}"
    report = {c: round(density[c] / median, 3) for c in density}
    for chrom, cn in whole.items():  # monosomy 7 and trisomy 8
        expected = ((1 - purity) * 2 + purity * cn) / 2
        got = density[chrom] / median
        assert abs(got - expected) <= 0.08, (
            f"P03-T {chrom}: read density {got:.3f} x autosome median, expected {expected:.3f} "
            f"(purity {purity}, copy number {cn}); all: {report}"
        )
    # every autosome, partial events (del(5q), del(17p)) included: the mean over its bases
    # of the expected relative depth
    expected = {}
    for chrom in autosomes:
        seq = np.frombuffer(batch.genome[chrom].encode(), dtype=np.uint8)
        cn = np.full(len(seq), 2.0)
        for r in cna:
            if r["chrom"] == chrom:
                cn[int(r["start"]) : int(r["end"])] = float(r["copy_number"])
        depth = ((1 - purity) * 2 + purity * cn) / 2
        expected[chrom] = float(depth[seq != ord("N")].mean())
    norm = statistics.median(expected.values())
    # one X and one Y in a male, two X in a female: the same in tumor and normal cells
    sex_copies = {"chrX": 1, "chrY": 1} if sample["sex"] == "male" else {"chrX": 2}
    expected.update({c: n / 2 * norm for c, n in sex_copies.items()})
    for chrom in autosomes + list(sex_copies):
        want, got = expected[chrom] / norm, density[chrom] / median
        assert abs(got - want) <= 0.08, (
            f"P03-T {chrom}: read density {got:.3f} x autosome median, expected {want:.3f} "
            f"from cna.bed; all: {report}"
        )


def test_passengers_stay_off_exons_and_splice_sites(batch):
    # A random passenger in a gene's exon or splice site would be a real lesion (e.g. a BCOR
    # splice variant is AML-MR defining) that the truth's expected reading does not list.
    exons: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for line in (batch.root / "reference/genes.gff3").read_text().splitlines():
        f = line.split("\t")
        if len(f) > 4 and f[2] == "exon":
            exons[f[0]].append((int(f[3]) - 1 - 2, int(f[4]) + 2))  # 0-based, +/- splice
    assert exons, "no exon in genes.gff3"
    hits = [
        f"{tumor} {v}"
        for tumor, variants in batch.somatic.items()
        for v in variants
        # passengers are the variants without a clinical LABEL (GENE only names the gene hit)
        if "LABEL" not in v.info and any(a < v.end and v.pos < b for a, b in exons[v.chrom])
    ]
    assert not hits, hits
