"""Small DNA helpers shared by the simulator modules."""

import numpy as np

BASES = np.frombuffer(b"ACGTN", dtype=np.uint8)
_COMP = bytes.maketrans(b"ACGTNacgtn", b"TGCANtgcan")

CODON_TABLE = {
    a + b + c: aa
    for (a, b, c), aa in zip(
        [(x, y, z) for x in "TCAG" for y in "TCAG" for z in "TCAG"],
        "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG",
        strict=True,
    )
}
SYNONYMS: dict[str, list[str]] = {}
for _codon, _aa in sorted(CODON_TABLE.items()):
    SYNONYMS.setdefault(_aa, []).append(_codon)


def revcomp(seq: str) -> str:
    return seq.encode().translate(_COMP)[::-1].decode()


def translate(cds: str) -> str:
    return "".join(CODON_TABLE.get(cds[i : i + 3], "X") for i in range(0, len(cds) - 2, 3))


def random_dna(rng: np.random.Generator, n: int, gc: float = 0.42) -> str:
    p = [(1 - gc) / 2, gc / 2, gc / 2, (1 - gc) / 2]
    return BASES[rng.choice(4, size=n, p=p)].tobytes().decode()


def mutate(rng: np.random.Generator, seq: str, divergence: float) -> str:
    """Point substitutions at the given rate: copies of a repeat that differ a little."""
    arr = np.frombuffer(seq.encode(), dtype=np.uint8).copy()
    hit = rng.random(len(arr)) < divergence
    arr[hit] = BASES[rng.integers(0, 4, int(hit.sum()))]
    return arr.tobytes().decode()


def seeded(seed: int, *names: str) -> np.random.Generator:
    """A generator that depends only on the seed and the names, never on call order."""
    import zlib

    keys = [seed] + [zlib.crc32(n.encode()) for n in names]
    return np.random.default_rng(np.random.SeedSequence(keys))
