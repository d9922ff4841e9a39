"""Truth files of the demo batch (formats in docs/CONTRACTS.md)."""

from pathlib import Path

import yaml

from .cells import Population, SmallVariant, expected_vaf
from .genome import Genome


def gene_at(genome: Genome, chrom: str, pos: int) -> str:
    for m in genome.genes.values():
        if m.spec.chrom == chrom and m.start <= pos < m.end:
            return m.name
    return ""


def _vcf_header(genome: Genome, extra: list[str], samples: list[str]) -> str:
    lines = ["##fileformat=VCFv4.2", "##source=alwgs-sim truth"]
    lines += [f"##contig=<ID={c.name},length={c.length}>" for c in genome.contigs.values()]
    lines += extra
    cols = ["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO"]
    if samples:
        cols += ["FORMAT", *samples]
    return "\n".join(lines + ["\t".join(cols)]) + "\n"


def _sorted(genome: Genome, variants):
    rank = {n: i for i, n in enumerate(genome.contigs)}
    return sorted(variants, key=lambda v: (rank[v.chrom], v.pos))


def write_small_variants(
    genome: Genome, variants: list[SmallVariant], pops: list[Population], path: Path
) -> None:
    info = [
        '##INFO=<ID=VARTYPE,Number=1,Type=String,Description="SNV, INDEL or ITD">',
        '##INFO=<ID=EXPECTED_VAF,Number=1,Type=Float,Description="Expected alt read fraction">',
        '##INFO=<ID=GENE,Number=1,Type=String,Description="Gene hit">',
        '##INFO=<ID=CLONE,Number=1,Type=String,Description="founder, sub1 or sub2">',
        '##INFO=<ID=LABEL,Number=1,Type=String,Description="Clinical name">',
    ]
    rows = []
    for v in _sorted(genome, variants):
        gene = v.gene or gene_at(genome, v.chrom, v.pos)
        fields = [
            f"VARTYPE={v.kind}",
            f"EXPECTED_VAF={expected_vaf(v, pops):.4f}",
            f"CLONE={v.clone}",
        ]
        if gene:
            fields.append(f"GENE={gene}")
        if v.label:
            fields.append("LABEL=" + v.label.replace(" ", "_").replace(";", "_"))
        rows.append(f"{v.chrom}\t{v.pos + 1}\t.\t{v.ref}\t{v.alt}\t.\tPASS\t{';'.join(fields)}")
    Path(path).write_text(_vcf_header(genome, info, []) + "".join(r + "\n" for r in rows))


def write_germline(
    genome: Genome, variants: list[SmallVariant], copies: dict, patient: str, path: Path
) -> None:
    """Germline genotypes; `copies` maps chrom to the number of haplotypes of the patient."""
    by_site: dict[tuple, set] = {}
    for v in variants:
        by_site.setdefault((v.chrom, v.pos, v.ref, v.alt), set()).add(v.hap)
    rank = {n: i for i, n in enumerate(genome.contigs)}
    fmt = ['##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">']
    rows = []
    for (chrom, pos, ref, alt), haps in sorted(
        by_site.items(), key=lambda kv: (rank[kv[0][0]], kv[0][1])
    ):
        n = copies[chrom]
        if chrom == "chrX" and n == 1 and pos < genome.par_end:
            n = 2  # a male's PAR1: the Y's copy (reference alleles unless drawn) is the 2nd
        gt = "1" if n == 1 else ("1/1" if len(haps) == 2 else "0/1")
        rows.append(f"{chrom}\t{pos + 1}\t.\t{ref}\t{alt}\t.\tPASS\t.\tGT\t{gt}")
    Path(path).write_text(_vcf_header(genome, fmt, [patient]) + "".join(r + "\n" for r in rows))


def write_itd(genome: Genome, variants: list[SmallVariant], pops: list[Population], path: Path):
    lines = ["chrom\tpos\tlength\tinsertion_seq\tgene\texpected_vaf\tallelic_ratio"]
    for v in _sorted(genome, [v for v in variants if v.kind == "ITD"]):
        vaf = expected_vaf(v, pops)
        lines.append(
            f"{v.chrom}\t{v.pos + 1}\t{len(v.alt) - len(v.ref)}\t{v.alt[1:]}\t"
            f"{v.gene}\t{vaf:.4f}\t{vaf / (1 - vaf):.4f}"
        )
    Path(path).write_text("\n".join(lines) + "\n")


def write_sv(structural: list[dict], path: Path, germline: list[dict] = ()) -> None:
    """The tumor's SV junctions (BEDPE-like, docs/CONTRACTS.md); `status` says whether the
    junction is somatic or inherited (germline deletions: in tumor and normal alike)."""
    header = "#chrom1\tpos1\tchrom2\tpos2\tname\tsvtype\tstrand1\tstrand2\tgene1\tgene2\tfusion"
    lines = [header + "\tstatus"]
    for ev in structural:
        if ev["kind"] == "translocation" and ev.get("inverted"):
            # der(A) = A[:a] + rev(B[:b]): the sequence left of both breakpoints is joined
            (ca, _, a), (cb, _, b) = ev["a"], ev["b"]
            ga, gb = ev["genes"]
            lines.append(
                f"{ca}\t{a}\t{cb}\t{b}\t{ev['name']}\tBND\t+\t+\t{ga}\t{gb}\t{ev['fusion']}"
                "\tsomatic"
            )
        elif ev["kind"] == "translocation":
            (ca, _, a), (cb, _, b) = ev["a"], ev["b"]
            ga, gb = ev["genes"]
            lines.append(
                f"{ca}\t{a}\t{cb}\t{b + 1}\t{ev['name']}\tBND\t+\t-\t{ga}\t{gb}\t{ev['fusion']}"
                "\tsomatic"
            )
        elif ev["kind"] == "invert":
            # the left junction: the base before the inversion joined to its last base
            g1, g2 = ev["genes"]
            lines.append(
                f"{ev['chrom']}\t{ev['start']}\t{ev['chrom']}\t{ev['end']}\t{ev['name']}\t"
                f"INV\t+\t+\t{g1}\t{g2}\t{ev['fusion']}\tsomatic"
            )
        elif ev["kind"] == "rebuild":
            # a junction repeated in an amplicon (tandem copies) is one junction sequence
            for pos1, s1, pos2, s2, svtype in dict.fromkeys(segment_junctions(ev["segments"])):
                c = ev["chrom"]
                lines.append(
                    f"{c}\t{pos1}\t{c}\t{pos2}\t{ev['name']}\t{svtype}\t{s1}\t{s2}\t.\t.\t.\tsomatic"
                )
        elif ev["kind"] == "tandem_duplicate":
            g = ev["gene"]
            lines.append(
                f"{ev['chrom']}\t{ev['start'] + 1}\t{ev['chrom']}\t{ev['end']}\t"
                f"{ev['event']}\tDUP\t-\t+\t{g}\t{g}\t{ev['fusion']}\tsomatic"
            )
        elif ev["kind"] == "delete" and ev.get("fusion"):
            # a deletion that joins two genes (STIL::TAL1, SET::NUP214, P2RY8::CRLF2): pos1 the
            # last base kept left of it, pos2 the first kept right of it (plain deletions: CNA
            # truth only)
            g1, g2 = ev["genes"]
            lines.append(
                f"{ev['chrom']}\t{ev['start']}\t{ev['chrom']}\t{ev['end'] + 1}\t{ev['name']}\t"
                f"DEL\t+\t-\t{g1}\t{g2}\t{ev['fusion']}\tsomatic"
            )
        elif ev["kind"] == "insert":
            # two junctions: the recipient's base before the insertion -> the inserted copy's
            # first base, and its last base -> the recipient's next base
            (rc, _, pos), (sc, _, a, b) = ev["at"], ev["source"]
            rg, sg = ev["genes"]
            for row in (
                (rc, pos, sc, a + 1, "+", "-", rg, sg, ev["fusion"]),
                (sc, b, rc, pos + 1, "+", "-", sg, rg, "."),
            ):
                lines.append(
                    "\t".join(map(str, row[:4]))
                    + f"\t{ev['name']}\tBND\t"
                    + "\t".join(map(str, row[4:]))
                    + "\tsomatic"
                )
    for ev in germline:
        # pos1 the last base kept left of the deletion, pos2 the first kept right of it
        lines.append(
            f"{ev['chrom']}\t{ev['start']}\t{ev['chrom']}\t{ev['end'] + 1}\t{ev['event']}\t"
            "DEL\t+\t-\t.\t.\t.\tgermline"
        )
    Path(path).write_text("\n".join(lines) + "\n")


def segment_junctions(segments: list[tuple[int, int, bool]]) -> list[tuple]:
    """Junctions of a derivative made of one chromosome's segments (start, end, inverted),
    as BEDPE (pos1, strand1, pos2, strand2, svtype), 1-based, pos1 <= pos2: '+' = the
    sequence left of the position is joined, '-' = the sequence right of it."""
    out = []
    for (s1, e1, inv1), (s2, e2, inv2) in zip(segments, segments[1:], strict=False):
        left = (s1 + 1, "-") if inv1 else (e1, "+")  # last base of the first segment
        right = (e2, "+") if inv2 else (s2 + 1, "-")  # first base of the next one
        (p1, st1), (p2, st2) = sorted([left, right])
        svtype = "INV" if st1 == st2 else ("DEL" if st1 == "+" else "DUP")
        out.append((p1, st1, p2, st2, svtype))
    return out


def write_cna(genome: Genome, structural: list[dict], path: Path) -> None:
    lines = ["#chrom\tstart\tend\tcopy_number\tevent"]
    rank = {n: i for i, n in enumerate(genome.contigs)}
    rows = []
    for ev in structural:
        # a rearranged chromosome of several copy-number levels lists its segments itself
        rows += [(ev["chrom"], *r) for r in ev.get("cna_rows", [])]
        if not ev.get("event") or ev["kind"] == "translocation":
            continue
        chrom = ev["chrom"]
        start, end = ev.get("start", 0), ev.get("end", genome.contigs[chrom].length)
        rows.append((chrom, start, end, ev["cn"], ev["event"]))
    rows.sort(key=lambda r: (rank[r[0]], r[1]))
    lines += ["\t".join(map(str, r)) for r in rows]
    Path(path).write_text("\n".join(lines) + "\n")


def write_clinical(patient, sample: str, path: Path) -> None:
    doc = {
        "sample": sample,
        "patient": patient.id,
        "diagnosis": patient.diagnosis,
        "purity": patient.purity,
        **patient.clinical,
    }
    Path(path).write_text(yaml.safe_dump(doc, sort_keys=False))
