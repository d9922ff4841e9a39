"""HGVS c. and p. descriptions of a VCF allele on one transcript (HGVS nomenclature v21).

bcftools csq names the consequence but writes no HGVS, so the description is computed here from
the transcript model and the reference sequence:
- c.: substitutions, deletions, duplications, insertions and delins; indels are shifted to their
  most 3' position in transcript orientation (the HGVS 3' rule), insertions of a copy of the
  preceding sequence are written as dup; intronic and UTR positions as c.123+4, c.-12, c.*40.
- p. (predicted, so in parentheses): missense, nonsense, synonymous (=), in-frame del/ins/dup/
  delins, frameshift with the new stop (fsTer12, fsTer? when none is found), stop loss (ext),
  start loss (Met1?), and p.? when the allele overlaps the CDS only partly.
"""

from __future__ import annotations

from dataclasses import dataclass

from alwgs.annotate.transcripts import Transcript

CODONS = {
    f"{a}{b}{c}": aa
    for (a, b, c), aa in zip(
        ((a, b, c) for a in "TCAG" for b in "TCAG" for c in "TCAG"),
        "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG",
        strict=True,
    )
}
THREE = {
    "A": "Ala",
    "R": "Arg",
    "N": "Asn",
    "D": "Asp",
    "C": "Cys",
    "Q": "Gln",
    "E": "Glu",
    "G": "Gly",
    "H": "His",
    "I": "Ile",
    "L": "Leu",
    "K": "Lys",
    "M": "Met",
    "F": "Phe",
    "P": "Pro",
    "S": "Ser",
    "T": "Thr",
    "W": "Trp",
    "Y": "Tyr",
    "V": "Val",
    "*": "Ter",
    "X": "Xaa",
}
_COMP = str.maketrans("ACGTNacgtn", "TGCANtgcan")
MAX_SHIFT = 5000  # bases an indel may move under the 3' rule
DOWNSTREAM = 3000  # bases read past the transcript end when a frameshift runs off it


def revcomp(seq: str) -> str:
    return seq.translate(_COMP)[::-1]


def translate(seq: str, to_stop: bool = False) -> str:
    out = []
    for i in range(0, len(seq) - 2, 3):
        aa = CODONS.get(seq[i : i + 3].upper(), "X")
        out.append(aa)
        if to_stop and aa == "*":
            break
    return "".join(out)


class Sequence:
    """Cached access to one contig of an indexed FASTA (pysam.FastaFile or alike)."""

    BLOCK = 4096

    def __init__(self, fasta, chrom: str):
        self.fasta, self.chrom = fasta, chrom
        self.length = fasta.get_reference_length(chrom)
        self._blocks: dict[int, str] = {}

    def base(self, pos: int) -> str:
        """Base at a 1-based position; '' outside the contig."""
        if pos < 1 or pos > self.length:
            return ""
        b = (pos - 1) // self.BLOCK
        if b not in self._blocks:
            if len(self._blocks) > 64:
                self._blocks.clear()
            start = b * self.BLOCK
            self._blocks[b] = self.fasta.fetch(self.chrom, start, start + self.BLOCK).upper()
        return self._blocks[b][(pos - 1) % self.BLOCK]

    def span(self, start: int, end: int) -> str:
        """Bases start..end (1-based, inclusive)."""
        return "".join(self.base(p) for p in range(start, end + 1))


@dataclass
class Hgvs:
    c: str = ""
    p: str = ""
    protein_start: int | None = None
    protein_end: int | None = None


def trim(pos: int, ref: str, alt: str) -> tuple[int, str, str]:
    """Minimal allele: drop shared suffix, then shared prefix. Returns (start, deleted,
    inserted); a pure insertion lies between start-1 and start."""
    ref, alt = ref.upper(), alt.upper()
    while ref and alt and ref[-1] == alt[-1]:
        ref, alt = ref[:-1], alt[:-1]
    k = 0
    while k < len(ref) and k < len(alt) and ref[k] == alt[k]:
        k += 1
    return pos + k, ref[k:], alt[k:]


def shift_3prime(
    seq: Sequence, strand: str, start: int, deleted: str, inserted: str
) -> tuple[int, str, str]:
    """Move a pure deletion or insertion to its most 3' position in transcript orientation
    (right on the + strand, left on the - strand). Substitutions and delins stay put."""
    if deleted and inserted:
        return start, deleted, inserted
    unit = deleted or inserted
    for _ in range(MAX_SHIFT):
        if strand == "+":
            nxt = seq.base(start + len(deleted))
            if not nxt or nxt != unit[0]:
                break
            unit, start = unit[1:] + nxt, start + 1
        else:
            prv = seq.base(start - 1)
            if not prv or prv != unit[-1]:
                break
            unit, start = prv + unit[:-1], start - 1
    return (start, unit, "") if deleted else (start, "", unit)


def _range(tx: Transcript, first: int, last: int) -> str:
    """c. range of genomic first..last, in transcript order."""
    a, b = (first, last) if tx.strand == "+" else (last, first)
    return tx.c_pos(a) if a == b else f"{tx.c_pos(a)}_{tx.c_pos(b)}"


def hgvs_c(tx: Transcript, seq: Sequence, pos: int, ref: str, alt: str) -> str:
    start, deleted, inserted = trim(pos, ref, alt)
    if not deleted and not inserted:
        return ""
    start, deleted, inserted = shift_3prime(seq, tx.strand, start, deleted, inserted)
    oriented = (lambda s: s) if tx.strand == "+" else revcomp
    name = "c."
    if len(deleted) == 1 and len(inserted) == 1:
        return f"{name}{tx.c_pos(start)}{oriented(deleted)}>{oriented(inserted)}"
    if deleted and not inserted:
        return f"{name}{_range(tx, start, start + len(deleted) - 1)}del"
    if inserted and not deleted:
        n = len(inserted)
        if tx.strand == "+":
            before = seq.span(start - n, start - 1)
            if before == inserted:
                return f"{name}{_range(tx, start - n, start - 1)}dup"
            return f"{name}{tx.c_pos(start - 1)}_{tx.c_pos(start)}ins{inserted}"
        after = seq.span(start, start + n - 1)
        if after == inserted:
            return f"{name}{_range(tx, start, start + n - 1)}dup"
        return f"{name}{tx.c_pos(start)}_{tx.c_pos(start - 1)}ins{revcomp(inserted)}"
    return f"{name}{_range(tx, start, start + len(deleted) - 1)}delins{oriented(inserted)}"


# ------------------------------------------------------------------------------- protein
class _Coding:
    """Reference CDS of a transcript and the genomic position of each of its bases."""

    def __init__(self, tx: Transcript, seq: Sequence):
        self.coords = tx.cds_coords()
        self.index = {g: i for i, g in enumerate(self.coords)}
        bases = "".join(seq.base(g) for g in self.coords)
        self.cds = bases if tx.strand == "+" else bases.translate(_COMP)
        after = tx.exonic_coords_after_cds()
        tail = "".join(seq.base(g) for g in after)
        last = after[-1] if after else self.coords[-1]
        step = 1 if tx.strand == "+" else -1
        beyond = "".join(seq.base(last + step * k) for k in range(1, DOWNSTREAM + 1))
        tail += beyond
        self.downstream = tail if tx.strand == "+" else tail.translate(_COMP)


_CODING_CACHE: dict[str, _Coding] = {}


def _coding(tx: Transcript, seq: Sequence) -> _Coding:
    key = f"{tx.transcript}@{tx.chrom}"
    if key not in _CODING_CACHE:
        if len(_CODING_CACHE) > 32:
            _CODING_CACHE.clear()
        _CODING_CACHE[key] = _Coding(tx, seq)
    return _CODING_CACHE[key]


def _aa(res: str) -> str:
    return "".join(THREE.get(r, "Xaa") for r in res)


def hgvs_p(tx: Transcript, seq: Sequence, pos: int, ref: str, alt: str) -> Hgvs:
    """Predicted protein change; empty when the allele does not touch the CDS."""
    start, deleted, inserted = trim(pos, ref, alt)
    if not deleted and not inserted:
        return Hgvs()
    coding = _coding(tx, seq)
    idx = coding.index
    oriented = inserted if tx.strand == "+" else revcomp(inserted)
    if deleted:
        span = range(start, start + len(deleted))
        inside = [idx[g] for g in span if g in idx]
        if not inside:
            return Hgvs()
        lo, hi = min(inside), max(inside)
        if len(inside) != len(deleted) or hi - lo + 1 != len(deleted):
            return Hgvs(p="p.?", protein_start=lo // 3 + 1, protein_end=hi // 3 + 1)
        alt_cds = coding.cds[:lo] + oriented + coding.cds[hi + 1 :]
    else:
        left, right = start - 1, start  # genomic neighbours of the insertion point
        if left not in idx or right not in idx:
            if left in idx or right in idx:
                i = idx.get(left, idx.get(right))
                return Hgvs(p="p.?", protein_start=i // 3 + 1, protein_end=i // 3 + 1)
            return Hgvs()
        a, b = sorted((idx[left], idx[right]))
        if b != a + 1:
            return Hgvs(p="p.?", protein_start=a // 3 + 1, protein_end=b // 3 + 1)
        lo, hi = b, a  # inserted before CDS index b
        alt_cds = coding.cds[:b] + oriented + coding.cds[b:]
    return _describe_protein(coding, alt_cds, lo, hi)


def _describe_protein(coding: _Coding, alt_cds: str, lo: int, hi: int) -> Hgvs:
    ref_prot = translate(coding.cds)
    delta = len(alt_cds) - len(coding.cds)
    first_codon = lo // 3 + 1
    if delta % 3 != 0:
        return _frameshift(coding, ref_prot, alt_cds, first_codon)
    alt_prot = translate(alt_cds)
    if alt_prot == ref_prot:
        codon = lo // 3
        aa = ref_prot[codon] if codon < len(ref_prot) else "X"
        return Hgvs(p=f"p.({_aa(aa)}{codon + 1}=)", protein_start=codon + 1, protein_end=codon + 1)
    p = 0
    while p < min(len(ref_prot), len(alt_prot)) and ref_prot[p] == alt_prot[p]:
        p += 1
    s = 0
    while (
        s < min(len(ref_prot), len(alt_prot)) - p
        and ref_prot[len(ref_prot) - 1 - s] == alt_prot[len(alt_prot) - 1 - s]
    ):
        s += 1
    removed, added = ref_prot[p : len(ref_prot) - s], alt_prot[p : len(alt_prot) - s]
    first, last = p + 1, p + len(removed)
    if p == 0 and ref_prot[:1] == "M":
        return Hgvs(p="p.(Met1?)", protein_start=1, protein_end=1)
    if "*" in added:  # a new stop in frame: describe up to it
        cut = added.index("*")
        if cut == 0:
            return Hgvs(
                p=f"p.({_aa(removed[:1] or 'X')}{first}Ter)", protein_start=first, protein_end=first
            )
        added = added[: cut + 1]
        if removed:  # an insertion (nothing removed) is described below, up to its stop
            span = f"{_aa(removed[0])}{first}" + (
                f"_{_aa(removed[-1])}{last}" if last > first else ""
            )
            return Hgvs(p=f"p.({span}delins{_aa(added)})", protein_start=first, protein_end=last)
    if "*" in removed:  # the stop codon is lost: the protein runs on
        return _extension(coding, alt_cds, ref_prot, first)
    if len(removed) == 1 and len(added) == 1:
        return Hgvs(
            p=f"p.({_aa(removed)}{first}{_aa(added)})", protein_start=first, protein_end=first
        )
    if not removed:  # insertion between residues p and p+1
        n = len(added)
        if p - n >= 0 and ref_prot[p - n : p] == added:
            a, b = p - n + 1, p
            text = f"{_aa(ref_prot[a - 1])}{a}" + (f"_{_aa(ref_prot[b - 1])}{b}" if b > a else "")
            return Hgvs(p=f"p.({text}dup)", protein_start=a, protein_end=b)
        return Hgvs(
            p=f"p.({_aa(ref_prot[p - 1])}{p}_{_aa(ref_prot[p])}{p + 1}ins{_aa(added)})",
            protein_start=p,
            protein_end=p + 1,
        )
    span = f"{_aa(removed[0])}{first}" + (f"_{_aa(removed[-1])}{last}" if last > first else "")
    if not added:
        return Hgvs(p=f"p.({span}del)", protein_start=first, protein_end=last)
    return Hgvs(p=f"p.({span}delins{_aa(added)})", protein_start=first, protein_end=last)


def _frameshift(coding: _Coding, ref_prot: str, alt_cds: str, first_codon: int) -> Hgvs:
    alt_prot = translate(alt_cds + coding.downstream, to_stop=True)
    p = 0
    while p < min(len(ref_prot), len(alt_prot)) and ref_prot[p] == alt_prot[p]:
        p += 1
    if p >= len(alt_prot) or p >= len(ref_prot):
        return Hgvs(p="p.?", protein_start=first_codon, protein_end=first_codon)
    if p == 0 and ref_prot[:1] == "M":
        return Hgvs(p="p.(Met1?)", protein_start=1, protein_end=1)
    if alt_prot[p] == "*":
        return Hgvs(p=f"p.({_aa(ref_prot[p])}{p + 1}Ter)", protein_start=p + 1, protein_end=p + 1)
    ter = f"Ter{len(alt_prot) - p}" if alt_prot.endswith("*") else "Ter?"
    return Hgvs(
        p=f"p.({_aa(ref_prot[p])}{p + 1}{_aa(alt_prot[p])}fs{ter})",
        protein_start=p + 1,
        protein_end=p + 1,
    )


def _extension(coding: _Coding, alt_cds: str, ref_prot: str, first: int) -> Hgvs:
    stop = ref_prot.index("*") + 1
    alt_prot = translate(alt_cds + coding.downstream, to_stop=True)
    if len(alt_prot) < stop:
        return Hgvs(p="p.?", protein_start=first, protein_end=first)
    new = alt_prot[stop - 1]
    # The residue replacing the stop is position 1 of the extension (HGVS p.Ter110GlnextTer17).
    ter = f"Ter{len(alt_prot) - stop + 1}" if alt_prot.endswith("*") else "Ter?"
    return Hgvs(p=f"p.(Ter{stop}{_aa(new)}ext{ter})", protein_start=stop, protein_end=stop)


def describe(tx: Transcript, seq: Sequence, pos: int, ref: str, alt: str) -> Hgvs:
    """c. and p. of a VCF allele (REF/ALT as in the VCF) on a transcript."""
    if not alt or alt.startswith("<") or "*" in alt or "[" in alt or "]" in alt:
        return Hgvs()
    prot = hgvs_p(tx, seq, pos, ref, alt)
    prot.c = hgvs_c(tx, seq, pos, ref, alt)
    return prot
