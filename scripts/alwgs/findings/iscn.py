"""An ISCN karyotype string, as laboratories write it, parsed into typed aberration records.

Read (ISCN 2020, short system): the modal number (``47``, a range ``45~48``, a ploidy level
``69<3n>``), the sex chromosomes (``XY``, ``X``, ``XXY``; ``c`` constitutional), numerical
changes (``+8``, ``-7``, ``+8x2``), structural ones by their name, chromosomes and bands
(``del(5)(q13q33)``, ``dup``, ``trp``, ``add``, ``i(17)(q10)``, ``idic``, ``dic``, ``ider``,
``der(7)t(1;7)(q10;p10)``, ``der(1;7)(q10;p10)``, ``t(9;22)(q34;q11.2)``, three-way
``t(1;5;9)(...)``, ``inv``, ``ins``, ``r``, ``rob``, ``hsr``, ``fra``), the short forms
``del(5q)``, ``i(17q)``, ``dup(1q)``, ``add(17p)`` (an arm without a band), markers (``mar``,
``+mar``, ``+2mar``, ``+mar1``), double minutes (``dmin``, ``25~30dmin``), ``?`` (uncertain),
``c`` (constitutional), ``inc`` (incomplete karyotype), clone sizes (``[20]``, ``[cp10]``) and
clones separated by ``/`` (``//`` for chimeras), with ``idem``, ``sl``, ``sdl``.

A karyotype of several clones is read in full (every clone must parse). Its stemline is the
first clone with an abnormality (ISCN lists the stemline first and a normal clone last) and
gives the modal number, ploidy level and sex chromosomes; the abnormalities are those of the
whole clonal karyotype, every clone's counted once (``Karyotype.clonal``: ELN and ISCN count the
abnormalities of the stemline and its sidelines together). In a chimera (``//``) only the cell
lines before ``//`` are read (ISCN lists the recipient first); ``Karyotype.notes`` says so.
Anything else, the detailed system (``::``, arrows), FISH (``ish``, ``nuc ish``) and a token
of none of these forms, raises IscnError naming the token. What an aberration does to copy
number, which fusion a translocation makes and how abnormalities are counted are left to the
modules that read these records (alwgs.findings.karyotype, alwgs.cnv.karyotype).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

CHROMOSOMES = tuple(str(n) for n in range(1, 23)) + ("X", "Y")
# Structural aberrations: name -> what the name means (for messages and the typed record).
STRUCTURAL = {
    "del": "deletion",
    "dup": "duplication",
    "trp": "triplication",
    "qdp": "quadruplication",
    "add": "additional material of unknown origin",
    "i": "isochromosome",
    "idic": "isodicentric chromosome",
    "ider": "isoderivative chromosome",
    "dic": "dicentric chromosome",
    "tdic": "tricentric chromosome",
    "der": "derivative chromosome",
    "rec": "recombinant chromosome",
    "t": "translocation",
    "inv": "inversion",
    "ins": "insertion",
    "r": "ring chromosome",
    "rob": "Robertsonian translocation",
    "hsr": "homogeneously staining region",
    "fra": "fragile site",
    "fis": "fission",
    "tas": "telomeric association",
}
# Names written before the parts they derive from: der(9)del(9)(p12)t(9;22)(q34;q11.2).
DERIVATIVES = ("der", "ider", "rec")
_NAMES = "|".join(sorted(STRUCTURAL, key=len, reverse=True))
_UNIT = re.compile(rf"(?P<name>{_NAMES})\((?P<chroms>[^()]*)\)(?:\((?P<bands>[^()]*)\))?")
_BAND = re.compile(r"(?:[pq](?:\d+(?:\.\d+)?|ter)?|cen|\?)")
_CHROM = re.compile(r"^(?:\d{1,2}|X|Y|\?)$")
_SHORT_ARM = re.compile(r"^(\d{1,2}|X|Y)([pq])$")  # del(5q), i(17q)
_COUNT = re.compile(r"^(?P<low>\d{1,3})(?:~(?P<high>\d{1,3}))?(?:<(?P<ploidy>\d)n>)?$")
_SEX = re.compile(r"^(?P<sex>[XY]+)(?P<c>c)?$")
_CLONE_SIZE = re.compile(r"\[(?P<cp>cp)?(?P<n>\d+)\]$")
_MARKER = re.compile(r"^(?P<n>\d*)mar(?P<id>\d*)$")
_DMIN = re.compile(r"^(?:\d+(?:~\d+)?)?dmin$")
_COPIES = re.compile(r"x(?P<n>\d+)$")
_SUBLINE = re.compile(r"^(?:idem|sl|sdl\d*)$")
# Ploidy level of a modal number (ISCN: near-haploid <= 34, then 35-57 diploid, 58-80
# triploid, 81-103 tetraploid): the level a karyotype's gains and losses are written against.
PLOIDY_BY_COUNT = ((34, 1), (57, 2), (80, 3), (103, 4))
BANDS_HINT = (
    "ISCN writes them in a second parenthesis, one field per chromosome, e.g. t(8;21)(q22;q22.1)"
)


DASHES = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-"})


class IscnError(ValueError):
    """A karyotype token that cannot be read; ``token`` is the token as written."""

    def __init__(self, token: str, message: str) -> None:
        self.token = token
        self.message = message
        super().__init__(f"'{token}': {message}")


@dataclass(frozen=True)
class Aberration:
    """One abnormality of a karyotype, as written.

    type: gain | loss (a whole normal chromosome), a key of STRUCTURAL, mar (marker) or dmin.
    chromosomes: ISCN names in the written order ('?' for an unknown one); bands: one entry per
    chromosome, each the tuple of its breakpoints ('q10' is the centromere on the q side; an
    arm written without a band, as in del(5q), is 'q'; an unknown band is '?').
    sign: '+' an additional chromosome, '-' a lost one, '' one that replaces a normal homolog.
    parts: the rearrangements a derivative is made of. copies: the xN multiplier."""

    text: str
    type: str
    kind: str  # numerical | structural
    chromosomes: tuple[str, ...] = ()
    bands: tuple[tuple[str, ...], ...] = ()
    sign: str = ""
    copies: int = 1
    constitutional: bool = False
    uncertain: bool = False
    parts: tuple[Aberration, ...] = ()

    @property
    def chrom(self) -> str:
        """The chromosome it sorts under (ISCN: the first named)."""
        return next((c for c in self.chromosomes if c != "?"), "?")


@dataclass(frozen=True)
class Clone:
    text: str
    count: int | None  # modal number; None when a range is written
    count_range: tuple[int, int] | None
    ploidy: int  # ploidy level the gains and losses are written against (2 = diploid)
    sex: str  # sex chromosomes as written ('' when the clone says idem/sl/sdl)
    sex_constitutional: bool
    aberrations: tuple[Aberration, ...]
    cells: int | None  # clone size [n]
    composite: bool  # [cpN]
    incomplete: bool  # 'inc'

    @property
    def acquired(self) -> tuple[Aberration, ...]:
        return tuple(a for a in self.aberrations if not a.constitutional)


@dataclass(frozen=True)
class Karyotype:
    text: str  # as written, whitespace removed
    clones: tuple[Clone, ...]
    stemline: Clone
    notes: tuple[str, ...] = field(default_factory=tuple)
    # the stemline with the abnormalities of every clone read (each once, stemline's first)
    clonal: Clone | None = None


def parse_karyotype(text: str) -> Karyotype:
    """The karyotype of an ISCN string; IscnError names the first token that cannot be read."""
    # Typeset karyotypes use the minus sign (U+2212) or dashes for losses.
    written = re.sub(r"\s+", "", str(text or "")).translate(DASHES)
    if not written:
        raise IscnError(str(text), "is empty")
    if "ish" in written:
        at = written.index("ish")
        start = written.rfind(".", 0, at)
        raise IscnError(
            written[start if start >= 0 else at :],
            "FISH nomenclature (ish) is not read: give FISH results as fusions or copy_number",
        )
    chimera = "//" in written
    clone_texts = [c for c in re.split(r"//|/", written)]
    if any(not c for c in clone_texts):
        raise IscnError(written, "has an empty clone between '/' separators")
    clones: list[Clone] = []
    for ct in clone_texts:
        clones.append(_clone(ct, clones[0] if clones else None, clones[-1] if clones else None))
    # The sample's own cell lines: in a chimera, those before '//' (the recipient's).
    own = clones[: len(re.split(r"/", written.split("//")[0]))]
    stem = next((c for c in own if c.acquired), own[0])
    clonal = _clonal(stem, own)
    notes = []
    if len(own) > 1:
        added = [a.text for a in clonal.aberrations[len(stem.aberrations) :]]
        notes.append(
            f"{len(own)} clones: stemline {stem.text} (modal number, sex chromosomes);"
            " the abnormalities of every clone counted once each"
            + (f" (from the other clones: {', '.join(added)})" if added else "")
        )
    if chimera:
        notes.append(
            "chimera (//): the cell lines after // (the donor's) are not used:"
            f" {', '.join(c.text for c in clones[len(own) :])}"
        )
    if stem.incomplete:
        notes.append("incomplete karyotype (inc): some abnormalities were not identified")
    if stem.count is None and stem.count_range:
        low, high = stem.count_range
        notes.append(f"modal number written as a range {low}~{high}: no chromosome count taken")
    return Karyotype(written, tuple(clones), stem, tuple(notes), clonal)


def _clonal(stem: Clone, clones: list[Clone]) -> Clone:
    """The stemline with the acquired abnormalities of the other clones appended, each
    abnormality once (a sideline written with idem repeats the stemline's)."""
    seen = {a.text for a in stem.aberrations}
    extra = []
    for clone in clones:
        for ab in clone.acquired:
            if ab.text not in seen:
                seen.add(ab.text)
                extra.append(ab)
    if not extra:
        return stem
    return replace(stem, aberrations=stem.aberrations + tuple(extra))


def _clone(text: str, stemline: Clone | None, previous: Clone | None) -> Clone:
    body, cells, composite = text, None, False
    size = _CLONE_SIZE.search(body)
    if size:
        cells, composite = int(size.group("n")), bool(size.group("cp"))
        body = body[: size.start()]
    tokens = _split_top(body)
    if not tokens or not tokens[0]:
        raise IscnError(text, "a clone starts with its chromosome count, e.g. 46,XY")
    count, count_range, ploidy = _count(tokens[0], text)
    rest = tokens[1:]
    sex, sex_c, inherited = "", False, ()
    if rest and _SUBLINE.match(rest[0]):
        base = stemline if rest[0] in ("idem", "sl") else previous
        if base is None:
            raise IscnError(rest[0], "refers to a stemline, but this is the first clone")
        sex, sex_c, inherited = base.sex, base.sex_constitutional, base.aberrations
        rest = rest[1:]
    elif rest and (m := _SEX.match(rest[0])):
        sex, sex_c = m.group("sex"), bool(m.group("c"))
        rest = rest[1:]
    elif rest:
        raise IscnError(
            rest[0], "expected the sex chromosomes (e.g. XY, XX, X) after the chromosome count"
        )
    incomplete = False
    aberrations = list(inherited)
    for token in rest:
        if token == "inc":
            incomplete = True
            continue
        aberrations.append(parse_aberration(token))
    return Clone(
        text=text,
        count=count,
        count_range=count_range,
        ploidy=ploidy,
        sex=sex,
        sex_constitutional=sex_c,
        aberrations=tuple(aberrations),
        cells=cells,
        composite=composite,
        incomplete=incomplete,
    )


def _count(token: str, clone: str) -> tuple[int | None, tuple[int, int] | None, int]:
    m = _COUNT.match(token)
    if not m:
        raise IscnError(token, f"is not a chromosome count (clone {clone})")
    low, high = int(m.group("low")), m.group("high")
    if m.group("ploidy"):
        ploidy = int(m.group("ploidy"))
    else:
        ploidy = next(level for top, level in PLOIDY_BY_COUNT if low <= top) if low <= 103 else 4
    if high is not None:
        if int(high) < low:
            raise IscnError(token, "the range's upper end is below its lower end")
        return None, (low, int(high)), ploidy
    return low, None, ploidy


def _split_top(text: str) -> list[str]:
    """Comma-separated tokens, ignoring commas inside parentheses."""
    out, depth, cur = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise IscnError(text, "has a ')' without its '('")
        if ch == "," and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    if depth:
        raise IscnError(text, "has a '(' without its ')'")
    out.append("".join(cur))
    if any(t == "" for t in out):
        raise IscnError(text, "has an empty field between commas")
    return out


def parse_aberration(token: str) -> Aberration:
    """One comma-separated abnormality of a clone."""
    token = token.translate(DASHES)
    if "::" in token or "->" in token or "→" in token:
        raise IscnError(token, "the detailed system (:: and arrows) is not read: use the short one")
    body = token
    uncertain = False
    if body.startswith("?"):
        uncertain, body = True, body[1:]
    sign = ""
    if body[:1] in "+-":
        sign, body = body[0], body[1:]
    constitutional = False
    if body.endswith("c") and not body.endswith("dmin"):
        constitutional, body = True, body[:-1]
    copies = 1
    if m := _COPIES.search(body):
        copies, body = int(m.group("n")), body[: m.start()]
        if copies < 1:
            raise IscnError(token, "a multiplier xN needs N >= 1")
    if body.endswith("?"):
        uncertain, body = True, body[:-1]
    common = {
        "text": token,
        "sign": sign,
        "copies": copies,
        "constitutional": constitutional,
        "uncertain": uncertain,
    }
    if body in CHROMOSOMES:
        if not sign:
            raise IscnError(token, "a whole chromosome needs + (gain) or - (loss)")
        return Aberration(
            type="gain" if sign == "+" else "loss",
            kind="numerical",
            chromosomes=(body,),
            **common,
        )
    if m := _MARKER.match(body):
        if sign == "-":
            raise IscnError(token, "a marker chromosome cannot be lost")
        if m.group("n"):
            common["copies"] = copies * int(m.group("n"))
        return Aberration(type="mar", kind="structural", **common)
    if _DMIN.match(body):
        return Aberration(type="dmin", kind="structural", **common)
    if body == "r":  # a ring of unknown origin
        return Aberration(type="r", kind="structural", **common)
    if re.match(r"^(\d{1,2}|X|Y)[pq]-$", body):
        raise IscnError(
            token, f"is the old notation: write del({body[:-2]}{body[-2]}) or the ISCN bands"
        )
    units = _units(body, token)
    head = units[0]
    if len(units) > 1 and head.type not in DERIVATIVES:
        raise IscnError(
            token, f"several rearrangements in one token must follow der(...), not {head.type}"
        )
    if head.type in DERIVATIVES and len(units) > 1:
        if head.bands and head.type != "ider":
            raise IscnError(token, f"{head.type}(...) with bands takes no further rearrangement")
        return Aberration(
            type=head.type,
            kind="structural",
            chromosomes=head.chromosomes,
            bands=head.bands,
            parts=tuple(units[1:]),
            **common,
        )
    if head.type in DERIVATIVES and not head.bands:
        raise IscnError(token, f"{head.type}({','.join(head.chromosomes)}) names no rearrangement")
    return Aberration(
        type=head.type,
        kind="structural",
        chromosomes=head.chromosomes,
        bands=head.bands,
        **common,
    )


def _units(body: str, token: str) -> list[Aberration]:
    units, pos = [], 0
    while pos < len(body):
        m = _UNIT.match(body, pos)
        if not m:
            rest = body[pos:]
            raise IscnError(
                token,
                f"cannot read '{rest}' (expected e.g. +8, -7, del(5)(q13q33), "
                "t(9;22)(q34;q11.2), der(7)t(1;7)(q10;p10), i(17)(q10), +mar)",
            )
        units.append(_unit(m, token))
        pos = m.end()
    return units


def _unit(m: re.Match, token: str) -> Aberration:
    name, chroms_text, bands_text = m.group("name"), m.group("chroms"), m.group("bands")
    short = _SHORT_ARM.match(chroms_text)
    if short and bands_text is None:
        if name not in ("del", "dup", "add", "i", "trp", "idic"):
            raise IscnError(token, f"{name}({chroms_text}) needs its bands: {BANDS_HINT}")
        arm = short.group(2)
        band = f"{arm}10" if name in ("i", "idic") else arm
        return Aberration(m.group(0), name, "structural", (short.group(1),), ((band,),))
    chroms = tuple(chroms_text.split(";"))
    for c in chroms:
        if not _CHROM.match(c):
            raise IscnError(token, f"'{c}' in {name}({chroms_text}) is not a chromosome")
    if bands_text is None:
        if name not in DERIVATIVES and name not in ("r", "mar"):
            raise IscnError(token, f"{name}({chroms_text}) needs its bands: {BANDS_HINT}")
        return Aberration(m.group(0), name, "structural", chroms, ())
    fields = bands_text.split(";")
    if len(fields) != len(chroms):
        raise IscnError(
            token, f"{name}({chroms_text})({bands_text}): one band field per chromosome needed"
        )
    bands = tuple(_bands(f, token) for f in fields)
    if name in ("t", "dic", "rob", "tdic") and len(chroms) < 2:
        raise IscnError(token, f"{name}(...) joins at least two chromosomes")
    if name == "ins" and len(chroms) == 1 and len(bands[0]) != 3:
        raise IscnError(token, "ins(N)(...) takes three bands: the site, then the inserted segment")
    return Aberration(m.group(0), name, "structural", chroms, bands)


def _bands(text: str, token: str) -> tuple[str, ...]:
    """'p13.1q22' -> ('p13.1', 'q22'); 'q21~q23' takes the first of a range."""
    text = re.sub(r"~[pq]?\d+(?:\.\d+)?", "", text)
    out, pos = [], 0
    while pos < len(text):
        m = _BAND.match(text, pos)
        if not m or not m.group(0):
            raise IscnError(token, f"cannot read the band '{text[pos:]}'")
        out.append(m.group(0))
        pos = m.end()
    if not out:
        raise IscnError(token, "has an empty band field")
    return tuple(out)


def band_compatible(given: str, listed: str) -> bool:
    """Whether two band names can be the same band at different resolutions: 'q22' and
    'q22.1', 'q23' and 'q23.3', 'p13' and 'p13.3' (one is the other's region or sub-band)."""
    if not _named_band(given) or not _named_band(listed):
        return False
    return given.startswith(listed) or listed.startswith(given)


def same_abnormality(given: Aberration, listed: Aberration) -> bool:
    """Whether a written abnormality is the one a guideline names, at any band resolution:
    same kind of aberration, sign and chromosomes, and each breakpoint the listed band or one
    of its sub-bands or region (idic(X)(q13.1) is idic(X)(q13); i(17q) is i(17)(q10)); a
    derivative's parts agree the same way."""
    if (given.type, given.sign, given.chromosomes) != (
        listed.type,
        listed.sign,
        listed.chromosomes,
    ):
        return False
    if [len(b) for b in given.bands] != [len(b) for b in listed.bands]:
        return False
    for g, want in zip(given.bands, listed.bands, strict=True):
        for a, b in zip(g, want, strict=True):
            if a != b and not band_compatible(a, b):
                return False
    if len(given.parts) != len(listed.parts):
        return False
    return all(same_abnormality(a, b) for a, b in zip(given.parts, listed.parts, strict=True))


def same_region(given: str, listed: str) -> bool:
    """Whether two band names lie in the same region of the same arm ('q22' and 'q24.1' are
    both region q2): band names that changed between ISCN editions and assemblies (PML 15q22
    then 15q24.1, DEK 6p23 then 6p22.3) still agree at this level."""
    if not _named_band(given) or not _named_band(listed):
        return False
    return given[:2] == listed[:2]


def _named_band(band: str) -> bool:
    return len(band) >= 2 and band[0] in "pq" and band[1].isdigit()
