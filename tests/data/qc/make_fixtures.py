"""Regenerate the QC parser fixtures in this folder from a toy genome with the real tools.

    .venv/bin/python tests/data/qc/make_fixtures.py

Needs bwa, samtools, bcftools, mosdepth, fastp, bgzip and tabix on PATH (made with samtools and
bcftools 1.16, mosdepth 0.3.3, fastp 0.23.2). Simulates a random 20 kb genome (chr1 9 kb,
chr2 6 kb, chrX 3.5 kb, chrY 1.5 kb) with 186 common SNP sites and three samples: "normal"
(male, ~30x), "tumor" (the same man, ~40x, copy-neutral LOH over chr2:1-1500, i.e. 10 % of
the autosomes) and "unrelated" (a woman, ~30x). Reads are 2x100 with a degrading quality
tail, 5 % short inserts (adapter read-through), 8 % PCR duplicates and 2 % unmappable pairs.
Large outputs are cut to what the parsers read (README.md); the work runs in a temp folder.
"""

import gzip
import json
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent
CONTIGS = {"chr1": 9000, "chr2": 6000, "chrX": 3500, "chrY": 1500}
AUTOSOMES = ("chr1", "chr2")
BASES = "ACGT"
ADAPTER1 = "AGATCGGAAGAGCACACGTCTGAACTCCAGTCA"  # Illumina TruSeq read-through sequences
ADAPTER2 = "AGATCGGAAGAGCGTCGTGTAGGGAAAGAGTGT"
READ_LEN = 100


def revcomp(seq: str) -> str:
    return seq.translate(str.maketrans("ACGTN", "TGCAN"))[::-1]


def make_reference(work: Path, rng: random.Random) -> dict[str, str]:
    ref = {c: "".join(rng.choice(BASES) for _ in range(n)) for c, n in CONTIGS.items()}
    with open(work / "ref.fa", "w") as fh:
        for name, seq in ref.items():
            fh.write(f">{name}\n")
            for i in range(0, len(seq), 60):
                fh.write(seq[i : i + 60] + "\n")
    return ref


def make_sites(work: Path, ref: dict[str, str], rng: random.Random) -> list[tuple]:
    """A common SNP every 80 bp of the autosomes, AF uniform in [0.05, 0.95]."""
    sites = []
    for chrom in AUTOSOMES:
        for pos in range(50, CONTIGS[chrom] - 50, 80):
            alt = rng.choice([b for b in BASES if b != ref[chrom][pos]])
            sites.append((chrom, pos, ref[chrom][pos], alt, round(rng.uniform(0.05, 0.95), 3)))
    with open(work / "sites.vcf", "w") as fh:
        fh.write("##fileformat=VCFv4.2\n")
        for name, length in CONTIGS.items():
            fh.write(f"##contig=<ID={name},length={length}>\n")
        fh.write('##INFO=<ID=AF,Number=A,Type=Float,Description="Population AF">\n')
        fh.write("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n")
        for chrom, pos, refb, alt, af in sites:
            fh.write(f"{chrom}\t{pos + 1}\t.\t{refb}\t{alt}\t.\t.\tAF={af}\n")
    return sites


def haplotypes(ref: dict[str, str], sites: list[tuple], seed: int) -> dict[str, list[list[str]]]:
    rng = random.Random(seed)
    haps = {c: [list(ref[c]), list(ref[c])] for c in AUTOSOMES}
    for chrom, pos, _refb, alt, af in sites:
        for hap in haps[chrom]:
            if rng.random() < af:
                hap[pos] = alt
    return haps


def genome(ref, haps, sex: str, loh: tuple[str, int, int] | None = None) -> list[str]:
    """Sequences of every chromosome copy; loh copies haplotype 0 over haplotype 1."""
    copies = []
    for chrom in AUTOSOMES:
        h0, h1 = "".join(haps[chrom][0]), "".join(haps[chrom][1])
        if loh and loh[0] == chrom:
            h1 = h1[: loh[1]] + h0[loh[1] : loh[2]] + h1[loh[2] :]
        copies += [h0, h1]
    copies.append(ref["chrX"])
    copies.append(ref["chrY"] if sex == "male" else ref["chrX"])
    return copies


def qualities(rng: random.Random) -> list[int]:
    # good start, worse tail: Q30 ends up near 79 %, as in a mediocre real run
    mean = [38 if i < 70 else 38 - (i - 70) * 0.8 for i in range(READ_LEN)]
    return [max(2, min(41, int(rng.gauss(m, 4)))) for m in mean]


def with_errors(seq: str, quals: list[int], rng: random.Random) -> str:
    return "".join(
        rng.choice([x for x in BASES if x != b]) if rng.random() < 10 ** (-q / 10) else b
        for b, q in zip(seq, quals, strict=True)
    )


def simulate_reads(work: Path, name: str, copies: list[str], n_pairs: int, seed: int) -> None:
    rng = random.Random(seed)
    weights = [len(s) for s in copies]
    frags: list[str] = []
    while len(frags) < n_pairs:
        u = rng.random()
        if u < 0.02:  # unmappable pair (contaminant)
            frag = "".join(rng.choice(BASES) for _ in range(300))
        else:
            seq = rng.choices(copies, weights=weights)[0]
            size = int(rng.gauss(320, 40)) if u > 0.05 else rng.randint(60, 99)
            size = max(60, min(len(seq) - 1, size))
            start = rng.randrange(0, len(seq) - size)
            frag = seq[start : start + size]
            if rng.random() < 0.5:
                frag = revcomp(frag)
        frags.append(frag)
        if rng.random() < 0.08:  # PCR duplicate
            frags.append(frag)
    r1_path, r2_path = work / f"{name}_R1.fastq.gz", work / f"{name}_R2.fastq.gz"
    with gzip.open(r1_path, "wt") as f1, gzip.open(r2_path, "wt") as f2:
        for i, frag in enumerate(frags[:n_pairs]):
            r1 = (frag + ADAPTER1 + "A" * READ_LEN)[:READ_LEN]
            r2 = (revcomp(frag) + ADAPTER2 + "A" * READ_LEN)[:READ_LEN]
            for fh, seq in ((f1, r1), (f2, r2)):
                quals = qualities(rng)
                fh.write(f"@{name}:{i}\n{with_errors(seq, quals, rng)}\n+\n")
                fh.write("".join(chr(q + 33) for q in quals) + "\n")


def run(cmd: str, cwd: Path) -> None:
    subprocess.run(["bash", "-euo", "pipefail", "-c", cmd], cwd=cwd, check=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rng = random.Random(7)
        ref = make_reference(work, rng)
        sites = make_sites(work, ref, rng)
        man, woman = haplotypes(ref, sites, 11), haplotypes(ref, sites, 12)
        simulate_reads(work, "tumor", genome(ref, man, "male", ("chr2", 0, 1500)), 4000, 21)
        simulate_reads(work, "normal", genome(ref, man, "male"), 3000, 22)
        simulate_reads(work, "unrelated", genome(ref, woman, "female"), 3000, 23)

        run("bgzip -f sites.vcf && tabix -p vcf sites.vcf.gz", work)
        run("bwa index ref.fa 2>/dev/null && samtools faidx ref.fa", work)
        for s in ("tumor", "normal", "unrelated"):
            run(
                f"fastp -w 1 -i {s}_R1.fastq.gz -I {s}_R2.fastq.gz -o {s}.t1.fq.gz "
                f"-O {s}.t2.fq.gz -j {s}.fastp.json -h {s}.fastp.html 2>/dev/null\n"
                f"bwa mem -t 1 -R '@RG\\tID:{s}\\tSM:{s}\\tPL:ILLUMINA' ref.fa "
                f"{s}.t1.fq.gz {s}.t2.fq.gz 2>/dev/null | samtools fixmate -m - - "
                f"| samtools sort -o {s}.sorted.bam -\n"
                f"samtools markdup {s}.sorted.bam {s}.bam && samtools index {s}.bam\n"
                f"samtools stats {s}.bam > {s}.stats.txt\n"
                f"mosdepth -n --fast-mode {s} {s}.bam\n"
                f"mosdepth -n --fast-mode --by 1000 {s}.by1000 {s}.bam",
                work,
            )
        run(
            "bcftools mpileup -f ref.fa -R sites.vcf.gz -a AD,DP tumor.bam normal.bam "
            "unrelated.bam 2>/dev/null | bcftools call -m 2>/dev/null "
            "| bcftools annotate -x INFO,^FORMAT/GT,FORMAT/DP,FORMAT/AD -o calls.vcf",
            work,
        )

        # samtools stats: header, checksum and SN section (the per-cycle tables are ~50 kB)
        stats = (work / "tumor.stats.txt").read_text().splitlines(keepends=True)
        with open(OUT / "toy_tumor.samtools_stats.txt", "w") as out:
            for line in stats:
                if line.startswith("# First Fragment Qualities"):
                    break
                out.write(line)
        # fastp: only the summary sections; the per-cycle curves are ~95 kB
        report = json.loads((work / "tumor.fastp.json").read_text())
        keep = ("summary", "filtering_result", "duplication", "adapter_cutting", "command")
        report = {k: report[k] for k in keep if k in report}
        (OUT / "toy_tumor.fastp.json").write_text(json.dumps(report, indent=1) + "\n")
        for src, dst in (
            ("tumor.by1000.mosdepth.summary.txt", "toy_tumor.by1000.mosdepth.summary.txt"),
            ("tumor.mosdepth.global.dist.txt", "toy_tumor.mosdepth.global.dist.txt"),
            ("unrelated.mosdepth.summary.txt", "toy_unrelated_female.mosdepth.summary.txt"),
            ("calls.vcf", "toy_trio.calls.vcf"),
        ):
            shutil.copy(work / src, OUT / dst)


if __name__ == "__main__":
    main()
