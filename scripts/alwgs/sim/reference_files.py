"""Writes the mini reference: FASTA, Ensembl-style GFF3 and a UCSC-style cytoband file."""

from pathlib import Path

from .genome import Genome


def write_fasta(genome: Genome, path: Path) -> None:
    with open(path, "w") as out:
        for c in genome.contigs.values():
            out.write(f">{c.name}\n")
            for i in range(0, c.length, 60):
                out.write(c.seq[i : i + 60] + "\n")


def write_gff3(genome: Genome, path: Path) -> None:
    """GFF3 in the Ensembl shape bcftools csq reads (ID=gene:/transcript:, biotype)."""
    lines = ["##gff-version 3"]
    lines += [f"##sequence-region {c.name} 1 {c.length}" for c in genome.contigs.values()]
    for c in genome.contigs.values():
        for m in sorted(c.genes, key=lambda g: g.start):
            gid, tid, s = f"gene:{m.name}", f"transcript:{m.name}-201", m.strand
            bt = m.spec.biotype
            common = f"{c.name}\talwgs-sim"
            lines.append(
                f"{common}\tgene\t{m.start + 1}\t{m.end}\t.\t{s}\t.\tID={gid};"
                f"Name={m.name};biotype={bt};gene_id={m.name}"
            )
            lines.append(
                f"{common}\tmRNA\t{m.start + 1}\t{m.end}\t.\t{s}\t.\tID={tid};"
                f"Parent={gid};Name={m.name}-201;biotype={bt};"
                f"transcript_id={m.name}-201;tag=MANE_Select"
            )
            cds_a, cds_b = m.cds_start_tx, m.cds_start_tx + m.cds_len
            done = 0
            for rank, (ts, te) in enumerate(m.exons_tx, start=1):
                gs, ge = sorted((m.tx_to_genome(ts), m.tx_to_genome(te - 1)))
                lines.append(
                    f"{common}\texon\t{gs + 1}\t{ge + 1}\t.\t{s}\t.\t"
                    f"Parent={tid};Name={m.name}-E{rank};rank={rank}"
                )
                for kind, a, b in (
                    ("five_prime_UTR", ts, min(te, cds_a)),
                    ("CDS", max(ts, cds_a), min(te, cds_b)),
                    ("three_prime_UTR", max(ts, cds_b), te),
                ):
                    if a >= b:
                        continue
                    x, y = sorted((m.tx_to_genome(a), m.tx_to_genome(b - 1)))
                    if kind == "CDS":
                        phase = (3 - done % 3) % 3
                        done += b - a
                        lines.append(
                            f"{common}\tCDS\t{x + 1}\t{y + 1}\t.\t{s}\t{phase}\t"
                            f"ID=CDS:{m.name}-P1;Parent={tid};protein_id={m.name}-P1"
                        )
                    else:
                        lines.append(f"{common}\t{kind}\t{x + 1}\t{y + 1}\t.\t{s}\t.\tParent={tid}")
    Path(path).write_text("\n".join(lines) + "\n")


def cytobands(genome: Genome) -> list[tuple[str, int, int, str, str]]:
    """Bands named after the real band of the genes they hold; `acen` at the centromere.

    Boundaries lie halfway between genes, so a breakpoint inside a gene gets that gene's
    real band, as it would on GRCh38.
    """
    rows = []
    for c in genome.contigs.values():
        mid = (c.cen_start + c.cen_end) // 2
        for arm, lo, hi in (("p", 0, c.cen_start), ("q", c.cen_end, c.length)):
            genes = sorted((g for g in c.genes if lo <= g.start < hi), key=lambda g: g.start)
            names, centers = [], []
            for g in genes:
                if names and names[-1] == g.spec.band:
                    centers[-1] = (centers[-1] + g.start + g.span // 2) // 2
                    continue
                names.append(g.spec.band)
                centers.append(g.start + g.span // 2)
            if not names:
                names = [f"{arm}1"]
            cuts = [lo] + [(a + b) // 2 for a, b in zip(centers, centers[1:], strict=False)] + [hi]
            for i, name in enumerate(names):
                stain = "gpos50" if i % 2 else "gneg"
                rows.append((c.name, cuts[i], cuts[i + 1], name, stain))
        rows.append((c.name, c.cen_start, mid, "p11.1", "acen"))
        rows.append((c.name, mid, c.cen_end, "q11.1", "acen"))
    rows.sort(key=lambda r: (list(genome.contigs).index(r[0]), r[1]))
    return rows


def write_cytobands(genome: Genome, path: Path) -> None:
    rows = cytobands(genome)
    Path(path).write_text("".join("\t".join(map(str, r)) + "\n" for r in rows))
