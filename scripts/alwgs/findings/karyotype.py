"""A karyotype given in a findings file, as the inputs the interpretation chain reads:

- the karyotype JSON (docs/CONTRACTS.md "Copy number"), counted by the copy-number stage's own
  code (alwgs.cnv.karyotype.summarise) from the stemline's acquired abnormalities, with the
  modal number and sex chromosomes as written;
- copy-number rows (events.tsv layout) of what each abnormality gains or loses: -7 a chromosome,
  del(5)(q13q33) 5q13-q33, i(17)(q10) 17p lost and 17q gained, der(7)t(1;7)(q10;p10) 7q lost and
  1q gained. A karyotype abnormality is visible by banding by definition, so its rows are
  chromosome- or arm-level (an arm-level row per arm touched) whatever share of the arm it
  covers; balanced rearrangements, markers and rings without bands change no row;
- fusion rows (fusions.tsv layout) of the translocations, inversions and insertions whose
  breakpoints agree with a recurrent rearrangement of config/knowledge/karyotype_rearrangements.tsv
  or of the ISCN column of config/knowledge/known_fusions.tsv."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from alwgs.annotate.tables import read_table
from alwgs.cnv import karyotype as cnv_karyotype
from alwgs.findings.bands import BandMap
from alwgs.findings.iscn import (
    Aberration,
    Clone,
    IscnError,
    Karyotype,
    band_compatible,
    parse_aberration,
    same_region,
)

REARRANGEMENT_COLUMNS = ["iscn", "gene5", "gene3", "source"]
ANY = "v"  # a variable partner in ISCN (t(v;11q23.3))
_VARIABLE = re.compile(r"^t\((?:v;)?(?P<chrom>\d{1,2}|X|Y)(?P<band>[pq]\d+(?:\.\d+)?)(?:;v)?\)$")
FUSING = ("t", "inv", "ins")  # rearrangements that can join two genes
EVENT_OF = {"t": "translocation", "inv": "inversion", "ins": "insertion"}
# Aberrations that make one chromosome of several (whole-arm derivatives, dicentrics).
JOINING = ("dic", "tdic", "rob", "der")


# ------------------------------------------------------------------------- rearrangements
@dataclass(frozen=True)
class Rearrangement:
    """A recurrent rearrangement: its breakpoints ((chrom, band), ...) or, for a variable
    partner, the one named breakpoint; the genes it joins (ANY for a variable partner)."""

    iscn: str
    gene5: str
    gene3: str
    source: str
    breakpoints: tuple[tuple[str, str], ...]
    variable: bool

    @property
    def genes(self) -> tuple[str, ...]:
        return tuple(g for g in (self.gene5, self.gene3) if g != ANY)


def breakpoints(ab: Aberration) -> tuple[tuple[str, str], ...]:
    return tuple(
        (chrom, band)
        for chrom, bands in zip(ab.chromosomes, ab.bands, strict=False)
        for band in bands
    )


def load_rearrangements(path: str | Path, known_fusions: list | None = None) -> list:
    """Rows of karyotype_rearrangements.tsv (ValueError naming file, line and column), then
    the known fusions (alwgs.sv.known_fusions.KnownFusion) whose iscn column reads as one or
    more translocations or inversions ('/' separates alternatives; other text is skipped)."""
    table = read_table(path, REARRANGEMENT_COLUMNS)
    out = []
    for n, row in table.rows:
        where = f"{path}: line {n}, column 'iscn'"
        m = _VARIABLE.match(row["iscn"])
        if m:
            if ANY not in (row["gene5"], row["gene3"]):
                raise ValueError(f"{where}: a variable partner (v) needs gene5 or gene3 'v'")
            bps = ((m.group("chrom"), m.group("band")),)
            out.append(
                Rearrangement(row["iscn"], row["gene5"], row["gene3"], row["source"], bps, True)
            )
            continue
        try:
            ab = parse_aberration(row["iscn"])
        except IscnError as err:
            raise ValueError(f"{where}: {err}") from None
        if ab.type not in FUSING:
            raise ValueError(f"{where}: must be a translocation, inversion or insertion")
        out.append(
            Rearrangement(
                row["iscn"], row["gene5"], row["gene3"], row["source"], breakpoints(ab), False
            )
        )
    for kf in known_fusions or []:
        for alternative in kf.iscn.split("/"):
            try:
                ab = parse_aberration(alternative.strip())
            except IscnError:
                continue  # a description in words (cryptic insertion ...)
            if ab.type in FUSING:
                out.append(
                    Rearrangement(
                        alternative.strip(),
                        kf.gene5,
                        kf.gene3,
                        f"known_fusions.tsv ({kf.source})",
                        breakpoints(ab),
                        False,
                    )
                )
    return out


def _agree(listed: tuple, given: tuple, test) -> bool:
    """Every listed breakpoint has its own given breakpoint on the same chromosome whose band
    passes `test`, and there are as many of each."""
    if len(listed) != len(given):
        return False
    free = list(given)
    for chrom, band in listed:
        hit = next((g for g in free if g[0] == chrom and test(g[1], band)), None)
        if hit is None:
            return False
        free.remove(hit)
    return True


@dataclass(frozen=True)
class Match:
    gene5: str
    gene3: str
    how: str  # what the finding's note says about the match


def match_rearrangement(ab: Aberration, table: list[Rearrangement]) -> Match | None:
    """The fusion a balanced rearrangement makes: rows whose bands agree (sub-band level),
    else one whose bands agree at region level, else a gene at a breakpoint of a row with a
    variable partner. Several rows of different fusions that share a gene make that gene's
    rearrangement with an unknown partner ('?')."""
    given = breakpoints(ab)
    specific = [r for r in table if not r.variable]
    for test, level in ((band_compatible, "bands"), (same_region, "band regions")):
        hits = [r for r in specific if _agree(r.breakpoints, given, test)]
        pairs = {(r.gene5, r.gene3) for r in hits}
        if len(pairs) == 1:
            r = hits[0]
            how = f"{ab.text}: {level} agree with {r.iscn} ({r.source})"
            return Match(r.gene5, r.gene3, how)
        if pairs:
            shared = set.intersection(*(set(p) for p in pairs))
            if shared:
                gene = sorted(shared)[0]
                names = ", ".join(sorted(f"{a}::{b}" for a, b in pairs))
                how = f"{ab.text}: {level} agree with {names}; partner of {gene} not decided"
                return Match(gene, "?", how)
    for r in table:
        if not r.variable:
            continue
        (chrom, band) = r.breakpoints[0]
        if any(c == chrom and band_compatible(b, band) for c, b in given):
            gene = r.genes[0]
            return Match(
                gene, "?", f"{ab.text}: breakpoint at {chrom}{band}, {r.iscn} ({r.source})"
            )
    return None


def fusing_aberrations(clone: Clone) -> list[tuple[Aberration, Aberration]]:
    """(abnormality, rearrangement) of the translocations, inversions and insertions of a
    clone, including those a derivative chromosome is made of (der(22)t(9;22)(q34;q11.2))."""
    out = []
    for ab in clone.acquired:
        if ab.type in FUSING:
            out.append((ab, ab))
        out += [(ab, p) for p in ab.parts if p.type in FUSING]
    return out


def fusion_rows(clone: Clone, table: list[Rearrangement], known: dict) -> tuple[list, list]:
    """(fusions.tsv rows, notes): one row per fusion the clone's rearrangements make; a note
    for each rearrangement that matches none. known: frozenset({gene5, gene3}) -> the known
    fusion (its order names the fusion, as the SV stage names it)."""
    rows: dict[str, dict] = {}
    notes = []
    for ab, part in fusing_aberrations(clone):
        m = match_rearrangement(part, table)
        if m is None:
            notes.append(
                f"{ab.text}: no recurrent rearrangement of the knowledge agrees with its bands"
                " (give the fusion under fusions: if one was found)"
            )
            continue
        kf = known.get(frozenset((m.gene5, m.gene3)))
        g5, g3 = (kf.gene5, kf.gene3) if kf else (m.gene5, m.gene3)
        name = f"{g5}::{g3}"
        row = rows.get(name)
        if row is not None:
            row["callers"] += f"; karyotype {ab.text}"
            continue
        rows[name] = fusion_row(
            g5, g3, EVENT_OF.get(part.type, part.type), f"karyotype {ab.text}", kf, m.how
        )
    return list(rows.values()), notes


def fusion_row(g5: str, g3: str, event: str, caller: str, kf, note: str = "") -> dict:
    """A fusions.tsv row of a fusion given without coordinates (docs/CONTRACTS.md); `known`
    is yes for a pair of the known-fusion list (kf). `note` says where it came from."""
    return {
        "chrom1": "",
        "pos1": "",
        "chrom2": "",
        "pos2": "",
        "gene5": g5,
        "gene3": g3,
        "fusion": f"{g5}::{g3}",
        "event": event,
        "known": "yes" if kf else "no",
        # The assay that found it says the genes are joined: the orientation is not in doubt.
        "orientation_ok": "yes",
        "mechanism": kf.mechanism if kf else "",
        "disease": kf.disease if kf else "",
        "source": kf.source if kf else "",
        "callers": caller,
        "split_reads": "",
        "paired_reads": "",
        "sv_ids": "",
        "note": note,
    }


# ------------------------------------------------------------------------- copy number
Interval = tuple[str, int, int]  # ISCN chromosome, start, end


def _minus(intervals: list[Interval], chrom: str, start: int, end: int) -> list[Interval]:
    out = []
    for c, s, e in intervals:
        if c != chrom or e <= start or s >= end:
            out.append((c, s, e))
            continue
        if s < start:
            out.append((c, s, start))
        if e > end:
            out.append((c, end, e))
    return out


def _kept(bm: BandMap, chrom: str, band: str) -> tuple[int, int]:
    """What a chromosome broken in `band` keeps when it is joined to another one: the side
    holding its centromere (p10 / q10: the named arm)."""
    if band == "p10":
        return 0, bm.centromere(chrom)
    if band == "q10":
        return bm.centromere(chrom), bm.length(chrom)
    lost = bm.distal(chrom, band)
    return (lost[1], bm.length(chrom)) if lost[0] == 0 else (0, lost[0])


def _deleted(bm: BandMap, chrom: str, bands: tuple[str, ...]) -> tuple[int, int]:
    if len(bands) == 1:
        return bm.distal(chrom, bands[0])
    return bm.between(chrom, bands[0], bands[-1])


def _apply_part(content: list[Interval], chrom: str, part: Aberration, bm: BandMap) -> list:
    """A rearrangement a derivative of `chrom` is made of, applied to its content."""
    bands = dict(zip(part.chromosomes, part.bands, strict=False))
    if part.type == "del" and chrom in bands:
        return _minus(content, chrom, *_deleted(bm, chrom, bands[chrom]))
    if part.type == "add" and chrom in bands:
        return _minus(content, chrom, *bm.distal(chrom, bands[chrom][0]))
    if part.type in ("dup", "trp"):
        extra = 1 if part.type == "dup" else 2
        region = bm.between(chrom, bands[chrom][0], bands[chrom][-1])
        return content + [(chrom, *region)] * extra
    if part.type == "t":
        chroms = part.chromosomes
        for i, c in enumerate(chroms):
            if c != chrom:
                continue
            content = _minus(content, chrom, *bm.distal(chrom, part.bands[i][0]))
            donor = chroms[i - 1]  # t(A;B;C): A's end goes to B, B's to C, C's to A
            if donor != "?":
                content = content + [(donor, *bm.distal(donor, part.bands[i - 1][0]))]
        return content
    if part.type == "ins" and len(part.chromosomes) == 2:
        site, donor = part.chromosomes
        if site == chrom and donor != "?":
            b = part.bands[1]
            return content + [(donor, *bm.between(donor, b[0], b[-1]))]
        if donor == chrom:
            b = part.bands[1]
            return _minus(content, chrom, *bm.between(chrom, b[0], b[-1]))
    return content


def content(ab: Aberration, bm: BandMap) -> tuple[list[Interval], list[str]] | None:
    """(the sequence one copy of the abnormal chromosome carries, the normal chromosomes it
    replaces); None when that is not known (markers, rings without bands, hsr, dmin) or the
    aberration is balanced."""
    c = ab.chromosomes[0] if ab.chromosomes else "?"
    if "?" in ab.chromosomes:
        return None
    whole = [(x, 0, bm.length(x)) for x in ab.chromosomes]
    t = ab.type
    if t in ("gain", "loss"):
        return whole, []
    if t == "del":
        return _minus(whole, c, *_deleted(bm, c, ab.bands[0])), [c]
    if t == "add":
        return _minus(whole, c, *bm.distal(c, ab.bands[0][0])), [c]
    if t in ("dup", "trp", "qdp"):
        extra = {"dup": 1, "trp": 2, "qdp": 3}[t]
        region = bm.between(c, ab.bands[0][0], ab.bands[0][-1])
        return whole + [(c, *region)] * extra, [c]
    if t == "i" and ab.bands[0][0] in ("p10", "q10"):
        arm = ab.bands[0][0][0]
        return [(c, *bm.arm(c, arm))] * 2, [c]
    if t in ("i", "idic"):
        kept = _kept(bm, c, ab.bands[0][0])
        return [(c, *kept)] * 2, [c]
    if t == "r" and ab.bands:
        return [(c, *bm.between(c, ab.bands[0][0], ab.bands[0][-1]))], [c]
    if t in ("dic", "tdic", "rob") or (t == "der" and ab.bands):
        kept = [
            (x, *_kept(bm, x, bands[0])) for x, bands in zip(ab.chromosomes, ab.bands, strict=True)
        ]
        return kept, list(ab.chromosomes)
    if t in ("der", "rec", "ider"):
        if t == "ider" and ab.bands:
            arm = ab.bands[0][0][0]
            body = [(c, *bm.arm(c, arm))] * 2
        else:
            body = [(c, 0, bm.length(c))]
        for part in ab.parts:
            body = _apply_part(body, c, part, bm)
        return body, [c]
    return None  # t, inv, ins (balanced), mar, r without bands, hsr, dmin, fra, ...


def net_change(ab: Aberration, bm: BandMap) -> dict[str, list[tuple[int, int, int]]]:
    """ISCN chromosome -> [(start, end, copies gained (+) or lost (-))] of one aberration."""
    got = content(ab, bm)
    if got is None:
        return {}
    body, replaced = got
    if ab.type == "loss":
        body, replaced = [], [ab.chromosomes[0]]
    sign = -1 if ab.sign == "-" and ab.type != "loss" else 1
    if ab.sign in ("+", "-") and ab.type not in ("gain", "loss"):
        replaced = []
    points: dict[str, dict[int, int]] = {}
    for chrom, s, e in body:
        if e > s:
            points.setdefault(chrom, {})
            points[chrom][s] = points[chrom].get(s, 0) + sign
            points[chrom][e] = points[chrom].get(e, 0) - sign
    for chrom in replaced:
        points.setdefault(chrom, {})
        end = bm.length(chrom)
        points[chrom][0] = points[chrom].get(0, 0) - 1
        points[chrom][end] = points[chrom].get(end, 0) + 1
    out: dict[str, list[tuple[int, int, int]]] = {}
    for chrom, deltas in points.items():
        level, last, runs = 0, None, []
        for pos in sorted(deltas):
            if last is not None and level and pos > last:
                if runs and runs[-1][1] == last and runs[-1][2] == level:
                    runs[-1] = (runs[-1][0], pos, level)
                else:
                    runs.append((last, pos, level))
            level += deltas[pos]
            last = pos
        if runs:
            out[chrom] = [(s, e, d * ab.copies) for s, e, d in runs]
    return out


def baseline(chrom: str, sex: str, ploidy: int) -> int:
    """Copies of a chromosome in the clone's normal set: ploidy for autosomes; X and Y by sex
    (ploidy/2 copies of each in a male, all X in a female)."""
    if chrom == "X":
        return ploidy if sex == "female" else max(1, ploidy // 2)
    if chrom == "Y":
        return max(1, ploidy // 2) if sex == "male" else 0
    return ploidy


Piece = tuple[str, str, int, int, int]  # ISCN chromosome, arm, start, end, copies +/-


def pieces(ab: Aberration, bm: BandMap) -> list[Piece]:
    """What one aberration gains and loses, split at the centromere; intervals without
    sequence (acrocentric short arms, heterochromatin) left out."""
    out = []
    for chrom, runs in sorted(net_change(ab, bm).items()):
        cen = bm.centromere(chrom)
        for s, e, delta in runs:
            for arm, lo, hi in (("p", s, min(e, cen)), ("q", max(s, cen), e)):
                if hi > lo and _has_sequence(bm, chrom, lo, hi):
                    out.append((chrom, arm, lo, hi, delta))
    return out


def piece_names(ab: Aberration, parts: list[Piece], bm: BandMap) -> list[str]:
    """The event name of each piece: the aberration as written when it is one change (or a
    whole chromosome), else '<aberration>: loss of 17p' (bands when an arm has two pieces)."""
    if ab.kind == "numerical" or len(parts) == 1:
        return [ab.text] * len(parts)
    what = [f"{'loss' if d < 0 else 'gain'} of {c}{arm}" for c, arm, _, _, d in parts]
    out = []
    for (chrom, _, lo, hi, delta), w in zip(parts, what, strict=True):
        if what.count(w) > 1:
            band = bm.bands.band_range(bm.contig(chrom), lo, hi)
            w = f"{'loss' if delta < 0 else 'gain'} of {chrom}{band}"
        out.append(f"{ab.text}: {w}")
    return out


def copy_number_rows(clone: Clone, bm: BandMap, sex: str) -> list[dict]:
    """events.tsv rows of what the clone's acquired abnormalities gain and lose: a whole
    chromosome for +N/-N, else one arm-level row per arm a change touches."""
    rows = []
    for ab in clone.acquired:
        parts = pieces(ab, bm)
        numerical = ab.kind == "numerical"
        if numerical:
            parts = parts[:1]  # one row for the whole chromosome
        for (chrom, arm, lo, hi, delta), event in zip(
            parts, piece_names(ab, parts, bm), strict=True
        ):
            rows.append(
                {
                    "chrom": bm.contig(chrom),
                    "start": str(0 if numerical else lo),
                    "end": str(bm.length(chrom) if numerical else hi),
                    "copy_number": str(max(0, baseline(chrom, sex, clone.ploidy) + delta)),
                    "event": event,
                    "level": "chromosome" if numerical else "arm",
                    "type": "loss" if delta < 0 else "gain",
                    "arm": "pq" if numerical else arm,
                    "genes": ".",
                    "log2": ".",
                    "baf": ".",
                    "bins": ".",
                    "sv_support": ".",
                    "callable_bp": ".",
                    "note": f"karyotype {ab.text}" + (" (uncertain: ?)" if ab.uncertain else ""),
                }
            )
    return rows


def _has_sequence(bm: BandMap, chrom: str, start: int, end: int) -> bool:
    contig = bm.contig(chrom)
    return any(
        b.start < end and b.end > start and b.stain not in ("acen", "gvar", "stalk")
        for b in bm.bands.by_chrom[contig]
    )


# ------------------------------------------------------------------------- karyotype JSON
def clone_sex(clone: Clone, sample_sex: str) -> str:
    """The sample's sex when given, else what the clone's sex chromosomes show."""
    if sample_sex in ("male", "female"):
        return sample_sex
    if "Y" in clone.sex:
        return "male"
    return "female" if clone.sex.count("X") >= 2 else "unknown"


def written_count(clone: Clone) -> int:
    """The chromosome count the clone's sex chromosomes and abnormalities add up to (ISCN: a
    lost sex chromosome is left out of the sex chromosomes and also written as a loss; a
    structurally abnormal one is left out of them and written as its abnormality,
    46,X,idic(X)(q13))."""
    total = 22 * clone.ploidy + len(clone.sex)
    for ab in clone.aberrations:
        if ab.type == "gain" or (ab.sign == "+" and ab.type != "dmin"):
            total += ab.copies
        elif ab.type == "loss" and ab.chrom not in ("X", "Y"):
            total -= ab.copies
        elif not ab.sign and ab.kind == "structural" and ab.type not in ("mar", "dmin"):
            if ab.chrom in ("X", "Y"):
                total += ab.copies
            if ab.type in JOINING and len(ab.chromosomes) > 1:
                # one chromosome made of two (or three): der(1;7)(q10;p10), rob(13;21)(q10;q10)
                total -= (len(ab.chromosomes) - 1) * ab.copies
    return total


def records(clone: Clone) -> list[dict]:
    """The clone's abnormalities as typed records (JSON)."""

    def one(ab: Aberration) -> dict:
        out = {
            "text": ab.text,
            "type": ab.type,
            "kind": ab.kind,
            "chromosomes": list(ab.chromosomes),
            "bands": [list(b) for b in ab.bands],
            "sign": ab.sign,
            "copies": ab.copies,
            "constitutional": ab.constitutional,
            "uncertain": ab.uncertain,
        }
        if ab.parts:
            out["parts"] = [one(p) for p in ab.parts]
        return out

    return [one(ab) for ab in clone.aberrations]


def written_bands(ab) -> str:
    """The breakpoint bands as the karyotype writes them: 'q21.3q34' for del(5)(q21.3q34),
    'q34;q11.2' for t(9;22)(q34;q11.2), those of its rearrangements for a derivative ('' for a
    whole-chromosome change)."""
    if ab.bands:
        return ";".join("".join(b) for b in ab.bands)
    return ", ".join(filter(None, (written_bands(p) for p in getattr(ab, "parts", ()) or ())))


def karyotype_document(kt: Karyotype, sample_sex: str, rules: dict) -> dict:
    """karyotype.json of a written karyotype: abnormalities, counts and the complex and
    monosomal flags from alwgs.cnv.karyotype.summarise over the acquired abnormalities of the
    whole clonal karyotype (Karyotype.clonal; one record per copy of a whole-chromosome change
    or marker); the stemline's modal number and sex chromosomes as written."""
    stem, clonal = kt.stemline, kt.clonal or kt.stemline
    abn = []
    for ab in clonal.acquired:
        text = ab.text if ab.copies == 1 else re.sub(r"x\d+$", "", ab.text)
        n = ab.copies if ab.kind == "numerical" or ab.type == "mar" else 1
        item = cnv_karyotype.Abnormality(
            text, ab.kind, ab.chrom, "karyotype", bands=written_bands(ab)
        )
        abn += [item] * n
    sex = clone_sex(stem, sample_sex)
    doc = cnv_karyotype.summarise(abn, sex, rules)
    notes = list(kt.notes)
    if stem.count is not None and written_count(stem) != stem.count:
        notes.append(
            f"chromosome count {stem.count} as written; the sex chromosomes and abnormalities"
            f" add up to {written_count(stem)}"
        )
    constitutional = [ab.text for ab in stem.aberrations if ab.constitutional]
    if constitutional:
        notes.append(f"constitutional (c), not counted: {', '.join(constitutional)}")
    doc.update(
        {
            "karyotype": kt.text,
            "chromosome_count": stem.count,
            "sex_chromosomes": stem.sex,
            "ploidy_group": (
                cnv_karyotype.ploidy_group(stem.count, rules["ploidy_groups"])
                if stem.count is not None
                else None
            ),
            "stemline": stem.text,
            "aberrations": records(clonal),
            "notes": notes,
            "source": "karyotype given in the findings file (ISCN)",
        }
    )
    return doc
