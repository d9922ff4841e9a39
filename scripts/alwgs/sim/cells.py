"""Genomes of cell populations as derivative chromosomes built from reference haplotypes.

A derivative chromosome is a list of pieces (chrom, hap, start, end) of the reference's
haplotypes; structural events cut and join pieces, so every read that is later sampled across
a join is a real split read or discordant pair, and every copy number follows from the pieces.
"""

from dataclasses import dataclass

from .dna import revcomp

Piece = tuple[str, int, int, int]  # chrom, haplotype, 0-based start, end (half-open)


class Inverted(int):
    """Haplotype index of a piece that is read reverse-complemented (an inverted segment:
    inversion, a translocation between a p and a q arm, a fold-back). It equals and hashes as
    the plain index, so copy counts and variant lookups see the piece's haplotype."""

    def __repr__(self) -> str:
        return f"Inverted({int(self)})"


def _flip(pieces: list[Piece]) -> list[Piece]:
    """The same DNA read from the other strand: order reversed, each piece's orientation
    toggled."""
    return [
        (c, int(h) if isinstance(h, Inverted) else Inverted(h), s, e)
        for c, h, s, e in reversed(pieces)
    ]


@dataclass(frozen=True)
class SmallVariant:
    chrom: str
    pos: int  # 0-based position of REF's first base
    ref: str
    alt: str
    hap: int
    clone: str  # germline | founder | sub1 | sub2
    kind: str  # SNV | INDEL | ITD
    gene: str = ""
    label: str = ""  # clinical name, e.g. DNMT3A p.R882H


CLONES = ("founder", "sub1", "sub2")


class CellGenome:
    def __init__(self, chromosomes: list[list[Piece]]):
        self.chromosomes = [list(c) for c in chromosomes]

    @classmethod
    def germline(cls, lengths: dict[str, int], sex: str, par_end: int = 0) -> "CellGenome":
        """Constitutional chromosomes. With a PAR1 (par_end > 0) a male's Y begins with
        chrX[0:par_end] as haplotype 1 of chrX: the reference hard-masks Y's PAR1, so its
        reads are chrX's second PAR1 copy (2 copies there in a male, as on GRCh38)."""
        chroms = []
        for name, length in lengths.items():
            if name == "chrY":
                copies = 1 if sex == "male" else 0
            elif name == "chrX":
                copies = 1 if sex == "male" else 2
            else:
                copies = 2
            if name == "chrY" and copies and par_end:
                chroms.append([("chrX", 1, 0, par_end), ("chrY", 0, par_end, length)])
                continue
            chroms += [[(name, hap, 0, length)] for hap in range(copies)]
        return cls(chroms)

    def copy(self) -> "CellGenome":
        return CellGenome(self.chromosomes)

    def _locate(self, chrom: str, hap: int, pos: int) -> tuple[int, int]:
        for i, der in enumerate(self.chromosomes):
            for j, (c, h, s, e) in enumerate(der):
                if c == chrom and h == hap and s <= pos < e:
                    return i, j
        raise ValueError(f"{chrom} hap {hap} position {pos} is not in this genome")

    def _whole(self, chrom: str, hap: int) -> int:
        """The chromosome holding the homolog's first base (or, for a Y that begins with
        chrX's PAR1, its first piece of its own)."""
        try:
            return self._locate(chrom, hap, 0)[0]
        except ValueError:
            firsts = [
                (s, i)
                for i, der in enumerate(self.chromosomes)
                for c, h, s, _ in der
                if c == chrom and h == hap
            ]
            if not firsts:
                raise
            return min(firsts)[1]

    def lose(self, chrom: str, hap: int) -> None:
        del self.chromosomes[self._whole(chrom, hap)]

    def gain(self, chrom: str, hap: int) -> None:
        self.chromosomes.append(list(self.chromosomes[self._whole(chrom, hap)]))

    def uniparental(self, chrom: str, hap: int) -> None:
        """Whole-chromosome copy-neutral LOH (uniparental isodisomy): the other homolog is
        lost and homolog `hap` gained, two copies of one parent's chromosome."""
        self.lose(chrom, 1 - hap)
        self.gain(chrom, hap)

    def rebuild(self, chrom: str, hap: int, segments: list[tuple[int, int, bool]]) -> None:
        """Replace the intact homolog (chrom, hap) by a derivative made of its own segments
        (start, end, inverted) in order: amplified, deleted and folded-back regions of one
        chromosome (e.g. iAMP21)."""
        i, _ = self._locate(chrom, hap, 0)
        self.chromosomes[i] = [
            (chrom, Inverted(hap) if inv else hap, s, e) for s, e, inv in segments
        ]

    def invert(self, chrom: str, hap: int, start: int, end: int) -> None:
        self._replace(
            chrom,
            hap,
            start,
            end,
            lambda c, h, s, e: [(c, h, s, start), (c, Inverted(h), start, end), (c, h, end, e)],
        )

    def _replace(self, chrom, hap, start, end, make) -> None:
        i, j = self._locate(chrom, hap, start)
        c, h, s, e = self.chromosomes[i][j]
        if isinstance(h, Inverted):
            raise ValueError(f"{chrom}:{start}-{end}: events inside an inverted piece")
        if end > e:
            raise ValueError(f"{chrom}:{start}-{end} crosses a junction")
        new = [p for p in make(c, h, s, e) if p[3] > p[2]]
        self.chromosomes[i][j : j + 1] = new

    def delete(self, chrom: str, hap: int, start: int, end: int) -> None:
        self._replace(chrom, hap, start, end, lambda c, h, s, e: [(c, h, s, start), (c, h, end, e)])

    def tandem_duplicate(self, chrom: str, hap: int, start: int, end: int) -> None:
        self._replace(
            chrom,
            hap,
            start,
            end,
            lambda c, h, s, e: [(c, h, s, end), (c, h, start, end), (c, h, end, e)],
        )

    def insert(
        self, chrom: str, hap: int, pos: int, src_chrom: str, src_hap: int, start: int, end: int
    ) -> None:
        """Insertion of a copy of src[start:end) (same orientation) before `pos` of chrom:
        two junctions, chrom[pos-1]->src[start] and src[end-1]->chrom[pos]; the source keeps
        its sequence (a copy-number gain of the inserted stretch)."""
        self._replace(
            chrom,
            hap,
            pos,
            pos,
            lambda c, h, s, e: [(c, h, s, pos), (src_chrom, src_hap, start, end), (c, h, pos, e)],
        )

    def translocate(
        self,
        chrom_a: str,
        hap_a: int,
        a: int,
        chrom_b: str,
        hap_b: int,
        b: int,
        inverted: bool = False,
    ):
        """Reciprocal translocation: der(A) = A[:a] + B[b:], der(B) = B[:b] + A[a:]; with
        `inverted` (a p arm exchanged with a q arm, each derivative keeping one centromere)
        der(A) = A[:a] + rev(B[:b]), der(B) = rev(A[a:]) + B[b:]."""
        left_a, right_a = self._split(chrom_a, hap_a, a)
        left_b, right_b = self._split(chrom_b, hap_b, b)
        if inverted:
            self.chromosomes.append(left_a + _flip(left_b))
            self.chromosomes.append(_flip(right_a) + right_b)
            return
        self.chromosomes.append(left_a + right_b)
        self.chromosomes.append(left_b + right_a)

    def _split(self, chrom, hap, pos):
        i, j = self._locate(chrom, hap, pos)
        der = self.chromosomes.pop(i)
        c, h, s, e = der[j]
        if isinstance(h, Inverted):
            raise ValueError(f"{chrom}:{pos}: a break inside an inverted piece")
        return der[:j] + [(c, h, s, pos)], [(c, h, pos, e)] + der[j + 1 :]

    def length(self) -> int:
        """DNA content of one cell, in bases (all derivative chromosomes)."""
        return sum(e - s for der in self.chromosomes for _c, _h, s, e in der)

    def copies_at(self, chrom: str, pos: int, hap: int | None = None) -> int:
        return sum(
            1
            for der in self.chromosomes
            for c, h, s, e in der
            if c == chrom and s <= pos < e and (hap is None or h == hap)
        )


def materialize(
    pieces: list[Piece],
    reference: dict[str, str],
    variants: dict[tuple[str, int], list[SmallVariant]],
) -> str:
    """Sequence of a derivative chromosome with the population's small variants applied."""
    out = []
    for chrom, hap, s, e in pieces:
        cursor = s
        part = []
        for v in variants.get((chrom, hap), []):
            if v.pos < s or v.pos + len(v.ref) > e:
                continue
            part.append(reference[chrom][cursor : v.pos])
            part.append(v.alt)
            cursor = v.pos + len(v.ref)
        part.append(reference[chrom][cursor:e])
        out.append(revcomp("".join(part)) if isinstance(hap, Inverted) else "".join(part))
    return "".join(out)


@dataclass
class Population:
    name: str
    weight: float  # fraction of the sample's cells
    genome: CellGenome
    clones: tuple[str, ...]  # somatic clones present in these cells (lineage)


def expected_vaf(v: SmallVariant, populations: list[Population]) -> float:
    """Alt fraction of reads at the variant: copies weighted by each population's share."""
    alt = total = 0.0
    for p in populations:
        n = p.genome.copies_at(v.chrom, v.pos)
        total += p.weight * n
        if v.clone == "germline" or v.clone in p.clones:
            alt += p.weight * p.genome.copies_at(v.chrom, v.pos, v.hap)
    return alt / total if total else 0.0
