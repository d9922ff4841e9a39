"""The panel-of-normals VCF: one record per allele seen in at least one normal, with
INFO/PON_N (normals with the allele), PON_ASSESSED (normals with enough depth there) and
PON_MAX_VAF; the header names every normal (sample, batch, digest of its input) and the panel
version (docs/CONTRACTS.md, "Panel of normals")."""

from __future__ import annotations

import datetime
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pysam

from alwgs.pon.batches import Normal, PonError

# An allele is in a normal when this many of its reads show it (NormalSupport's N_AO >= 2 of
# config/filters/small_variants.yaml); a normal is assessed at a site with this many reads
# (NormalLowDepth's N_DP >= 8). Both written into the panel's header.
MIN_ALT_READS = 2
MIN_DEPTH = 8
# Depth counted as freebayes counts it (config small_variants.freebayes).
MIN_MAPQ = 20
MIN_BASEQ = 20

INFO_LINES = [
    '##INFO=<ID=PON_N,Number=1,Type=Integer,Description="Normals of the panel of normals with '
    "the allele (alt reads >= min_alt_reads in the pair's joint call)\">",
    '##INFO=<ID=PON_ASSESSED,Number=1,Type=Integer,Description="Normals of the panel of normals '
    'with at least min_depth reads at the site">',
    '##INFO=<ID=PON_MAX_VAF,Number=1,Type=Float,Description="Highest alt read fraction among '
    'the normals of the panel of normals with the allele">',
]

Key = tuple[str, int, str, str]


@dataclass
class Site:
    n: int = 0
    assessed: int = 0
    max_vaf: float = 0.0


@dataclass
class Panel:
    version: int = 0
    normals: list[dict] = field(default_factory=list)  # header fields of each normal
    contigs: dict[str, int | None] = field(default_factory=dict)
    sites: dict[Key, Site] = field(default_factory=dict)
    min_alt_reads: int = MIN_ALT_READS
    min_depth: int = MIN_DEPTH


def normal_alleles(normal: Normal, min_alt_reads: int) -> dict[Key, float]:
    """Alleles of the normal's column with enough alt reads: key -> alt fraction."""
    out = {}
    with pysam.VariantFile(normal.vcf) as fh:
        for rec in fh:
            ad = rec.samples[normal.sample].get("AD")
            if not ad or len(ad) < 2 or ad[0] is None or ad[1] is None or not rec.alts:
                continue
            if ad[1] >= min_alt_reads:
                out[(rec.chrom, rec.pos, rec.ref, rec.alts[0])] = round(ad[1] / (ad[0] + ad[1]), 4)
    return out


def depth_at(bam: str, positions: list[tuple[str, int]], min_depth: int) -> set[tuple[str, int]]:
    """Positions (1-based) where the BAM has at least min_depth reads (samtools depth)."""
    if not positions:
        return set()
    with tempfile.NamedTemporaryFile("w", suffix=".bed", delete=False) as bed:
        for chrom, pos in sorted(set(positions)):
            bed.write(f"{chrom}\t{pos - 1}\t{pos}\n")
    try:
        out = subprocess.run(
            ["samtools", "depth", "-a", "-b", bed.name, "-q", str(MIN_BASEQ), "-Q", str(MIN_MAPQ),
             bam],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    except subprocess.CalledProcessError as err:
        raise PonError(f"{bam}: samtools depth failed: {err.stderr.strip()}") from None
    finally:
        os.unlink(bed.name)
    covered = set()
    for line in out.splitlines():
        chrom, pos, depth = line.split("\t")
        if int(depth) >= min_depth:
            covered.add((chrom, int(pos)))
    return covered


def add_normals(panel: Panel, normals: list[Normal], version: int, log=print) -> Panel:
    """A new panel: the old one's sites and counts plus the new normals. Old normals' depth at
    sites new to the panel is read from their BAM when it is still where the header says."""
    sites = {k: Site(v.n, v.assessed, v.max_vaf) for k, v in panel.sites.items()}
    found = {}
    for normal in normals:
        found[normal.sample] = normal_alleles(normal, panel.min_alt_reads)
        log(f"[pon] {normal.sample} ({normal.batch}): {len(found[normal.sample])} alleles")
    new_keys = {k for alleles in found.values() for k in alleles} - set(sites)
    for key in new_keys:
        sites[key] = Site()
    positions_all = [(k[0], k[1]) for k in sites]
    positions_new = [(k[0], k[1]) for k in new_keys]
    for old in panel.normals:
        bam = old.get("bam", "")
        if not positions_new:
            break
        if bam and Path(bam).is_file():
            covered = depth_at(bam, positions_new, panel.min_depth)
            for key in new_keys:
                sites[key].assessed += (key[0], key[1]) in covered
        else:
            log(f"[pon] {old['ID']}: BAM no longer at {bam or '?'}; not counted as assessed at"
                f" the {len(new_keys)} sites new to this version")  # fmt: skip
    for normal in normals:
        covered = depth_at(normal.bam, positions_all, panel.min_depth)
        for key, site in sites.items():
            site.assessed += (key[0], key[1]) in covered
            vaf = found[normal.sample].get(key)
            if vaf is not None:
                site.n += 1
                site.max_vaf = max(site.max_vaf, vaf)
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    added = [
        {"ID": n.sample, "batch": n.batch, "digest": f"sha256:{n.digest}", "added": str(version),
         "date": now, "input": n.vcf, "bam": n.bam}
        for n in normals
    ]  # fmt: skip
    return Panel(version, panel.normals + added, panel.contigs, sites, panel.min_alt_reads,
                 panel.min_depth)  # fmt: skip


def _field(value: str) -> str:
    return str(value).replace(",", "%2C").replace(">", "%3E").replace('"', "%22")


def write_panel(panel: Panel, out: str | Path, previous: str = "") -> None:
    """Bgzipped, tabix-indexed VCF, written under a temporary name and renamed."""
    lines = ["##fileformat=VCFv4.2", "##source=alwgs pon"]
    extra = f",previous={_field(previous)}" if previous else ""
    lines.append(
        f"##alwgs_panel_of_normals=<version={panel.version},normals={len(panel.normals)},"
        f"min_alt_reads={panel.min_alt_reads},min_depth={panel.min_depth}{extra}>"
    )
    for n in panel.normals:
        lines.append(
            "##alwgs_pon_normal=<" + ",".join(f"{k}={_field(v)}" for k, v in n.items()) + ">"
        )
    for name, length in panel.contigs.items():
        lines.append(f"##contig=<ID={name}" + (f",length={length}>" if length else ">"))
    lines += INFO_LINES
    lines.append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO")
    order = {name: i for i, name in enumerate(panel.contigs)}
    body = [
        f"{c}\t{p}\t.\t{r}\t{a}\t.\t.\tPON_N={s.n};PON_ASSESSED={s.assessed};"
        f"PON_MAX_VAF={s.max_vaf:.4g}"
        for (c, p, r, a), s in sorted(
            panel.sites.items(), key=lambda kv: (order.get(kv[0][0], 1 << 30), kv[0][1:])
        )
        if s.n > 0
    ]
    out = Path(out)
    tmp = out.with_name(f".{out.name}.tmp.vcf")
    tmp.write_text("\n".join(lines + body) + "\n")
    part = out.with_name(f".{out.name}.part")
    pysam.tabix_compress(str(tmp), str(part), force=True)
    tmp.unlink()
    pysam.tabix_index(str(part), preset="vcf", force=True)
    os.replace(f"{part}.tbi", f"{out}.tbi")
    os.replace(part, out)


def _unquote(value: str) -> str:
    return value.replace("%2C", ",").replace("%3E", ">").replace("%22", '"')


def _fields(line: str) -> dict[str, str]:
    inner = line.split("=<", 1)[1].rstrip(">")
    return dict((kv.split("=", 1) + [""])[:2] for kv in inner.split(","))


def read_panel(path: str | Path) -> Panel:
    """An existing panel (its header and counts); errors name the file."""
    if not Path(path).is_file():
        raise PonError(f"{path}: no such panel")
    try:
        fh = pysam.VariantFile(str(path))
    except (OSError, ValueError) as err:
        raise PonError(f"{path}: not a readable VCF ({err})") from None
    with fh:
        meta, normals = None, []
        for rec in fh.header.records:
            text = str(rec).strip()
            if text.startswith("##alwgs_panel_of_normals=<"):
                meta = _fields(text)
            elif text.startswith("##alwgs_pon_normal=<"):
                normals.append({k: _unquote(v) for k, v in _fields(text).items()})
        if meta is None:
            raise PonError(f"{path}: no ##alwgs_panel_of_normals header: not a panel of normals")
        for tag in ("PON_N", "PON_ASSESSED", "PON_MAX_VAF"):
            if tag not in fh.header.info:
                raise PonError(f"{path}: INFO/{tag} is not declared")
        panel = Panel(
            int(meta.get("version", "0")),
            normals,
            {n: c.length for n, c in fh.header.contigs.items()},
            min_alt_reads=int(meta.get("min_alt_reads", MIN_ALT_READS)),
            min_depth=int(meta.get("min_depth", MIN_DEPTH)),
        )
        for rec in fh:
            panel.sites[(rec.chrom, rec.pos, rec.ref, rec.alts[0])] = Site(
                int(rec.info["PON_N"]), int(rec.info["PON_ASSESSED"]),
                float(rec.info["PON_MAX_VAF"]),
            )  # fmt: skip
    return panel
