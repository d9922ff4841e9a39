"""A somatic VCF of N records for the streaming benchmark: the header and the INFO/FORMAT of
the records of a real somatic VCF of the pipeline (templates, cycled), at positions spread
evenly over the reference's N-free bases, with REF read from the reference.

python bench/stream_vcf.py --template SOMATIC.vcf.gz --fasta genome.fa --records N --out OUT.vcf.gz
"""

from __future__ import annotations

import argparse
import gzip
import subprocess

import numpy as np
import pysam

BASES = "ACGT"


def templates(path: str) -> tuple[list[str], list[list[str]]]:
    header, body = [], []
    with gzip.open(path, "rt") as fh:
        for line in fh:
            if line.startswith("#"):
                header.append(line.rstrip("\n"))
                continue
            f = line.rstrip("\n").split("\t")
            # one ALT, a plain sequence (ITD records and multi-allelic sites left out)
            if "," in f[4] or not set(f[4]) <= set(BASES) or not set(f[3]) <= set(BASES):
                continue
            body.append(f)
    if not body:
        raise SystemExit(f"{path}: no usable record")
    return header, body


def shaped(seq: str, i: int, f: list[str]) -> tuple[str, str] | None:
    """REF/ALT of the template's kind (SNV, deletion, insertion) at seq[i]."""
    ref, alt = f[3], f[4]
    if len(ref) > len(alt):  # deletion
        r = seq[i : i + len(ref) - len(alt) + 1]
        return (r, r[0]) if "N" not in r and len(r) > 1 else None
    b = seq[i]
    if b not in BASES:
        return None
    if len(alt) > len(ref):  # insertion
        return b, b + alt[len(ref) :]
    return b, BASES[(BASES.index(b) + 1 + i % 3) % 4]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--template", required=True)
    ap.add_argument("--fasta", required=True)
    ap.add_argument("--records", type=int, required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    header, body = templates(args.template)
    fasta = pysam.FastaFile(args.fasta)
    contigs = [(c, fasta.get_reference_length(c)) for c in fasta.references]
    total = sum(n for _, n in contigs)
    plain = args.out.removesuffix(".gz")
    written = 0
    with open(plain, "w") as out:
        out.write("\n".join(header) + "\n")
        for k, (chrom, length) in enumerate(contigs):
            want = (
                args.records - written
                if k == len(contigs) - 1
                else round(args.records * length / total)
            )
            seq = fasta.fetch(chrom).upper()
            ok = np.frombuffer(seq.encode(), dtype=np.uint8) != ord("N")
            idx = np.flatnonzero(ok[:-60])  # room for a deletion at the end
            picks = idx[np.linspace(0, len(idx) - 1, max(want * 2, 1)).astype(int)]
            n = 0
            for j, i in enumerate(picks.tolist()):
                if n == want:
                    break
                f = body[(written + n) % len(body)]
                ra = shaped(seq, i, f)
                if ra is None or j % 2:  # every other candidate: spare ones for N edges
                    continue
                out.write("\t".join([chrom, str(i + 1), ".", ra[0], ra[1], *f[5:]]) + "\n")
                n += 1
            written += n
    subprocess.run(["bgzip", "-f", plain], check=True)
    subprocess.run(["tabix", "-f", "-p", "vcf", args.out], check=True)
    print(f"{written} records written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
