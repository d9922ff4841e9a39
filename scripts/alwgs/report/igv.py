"""Read-review page of one tumor (igv-reports): the sites to show (every tier I/II small
variant, ITD, fusion and PTD breakpoint, germline finding) and an igv-reports template that
carries igv.js inline, so the page is built and viewed with no network."""

from __future__ import annotations

import re
from pathlib import Path

VENDOR = Path(__file__).resolve().parent / "vendor"
IGV_JS = VENDOR / "igv-3.5.3.min.js"
# The one line of igv-reports' variant template that loads igv.js from a CDN.
_CDN_SCRIPT = re.compile(r'^\s*<script[^>]*src="https?://[^"]*igv[^"]*\.js"[^>]*>\s*</script>\s*$')
# igv.js fetches its list of hosted genomes (igv.org) on start unless told not to; the page
# carries its own reference slices, so the list is never needed.
_OPTIONS_ANCHOR = "search: false"


def _bed_name(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\t", " ")).strip()


def sites(interp: dict, itd_rows: list[dict] | None, fusion_rows: list[dict] | None) -> list:
    """BED rows (chrom, start0, end, name) of everything a reviewer must see in the reads, in
    the report's order (small variants, ITDs, fusion and PTD breakpoints, germline findings),
    one row per locus (names of the same locus merged)."""
    rows: dict[tuple, str] = {}

    def add(chrom, start0, end, name):
        key = (chrom, int(start0), int(end))
        rows[key] = rows[key] + "; " + name if key in rows and name not in rows[key] else name

    def add_small(v: dict, gene: str, label: str) -> None:
        """A small variant's REF span, named by gene, HGVS (or the variant) and label."""
        pos, ref = int(v["pos"]), v.get("ref", "N")
        change = v.get("hgvsp") or v.get("hgvsc") or v.get("variant", "")
        add(v["chrom"], pos - 1, pos - 1 + max(len(ref), 1), f"{gene} {change} {label}")

    for v in interp.get("variants", []):
        if v.get("tier") not in ("I", "II") or v.get("itd_target"):
            continue
        add_small(v, v.get("gene", ""), f"tier {v['tier']}")
    for r in itd_rows or []:
        pos, length = int(r["pos"]), int(float(r["length"]))
        add(r["chrom"], pos - 1, pos + length, f"{r['target']} {length} bp")
    for r in fusion_rows or []:
        name = r["fusion"]
        for end, chrom, pos, gene in (
            ("5'", r["chrom1"], r["pos1"], r["gene5"]),
            ("3'", r["chrom2"], r["pos2"], r["gene3"]),
        ):
            if r.get("event") == "PTD":
                label = "start breakpoint" if end == "5'" else "end breakpoint"
            else:
                label = f"{end} breakpoint ({gene})"
            add(chrom, int(pos) - 1, int(pos), f"{name} {label}")
    for g in interp.get("germline", []):
        for e in g.get("evidence", []):
            add_small(e, g["gene"], f"germline ({g.get('sample', '')})")
    return [(c, s, e, _bed_name(n)) for (c, s, e), n in rows.items()]


def transcripts_bed12(transcripts: list[dict]) -> list[str]:
    """BED12 lines of the preferred transcripts (results/annotation/preferred_transcripts.tsv):
    a small gene track for the read-review page, where a whole-genome GFF3 would be parsed
    for every site."""
    lines = []
    for t in sorted(transcripts, key=lambda t: (t["chrom"], t["exons"])):
        exons = [tuple(map(int, e.split("-"))) for e in t["exons"].split(",") if e]
        if not exons:
            continue
        exons.sort()
        start, end = exons[0][0] - 1, exons[-1][1]
        cds = [tuple(map(int, c.split("-"))) for c in (t.get("cds") or "").split(",") if "-" in c]
        thick = (min(c[0] for c in cds) - 1, max(c[1] for c in cds)) if cds else (start, start)
        sizes = ",".join(str(b - a + 1) for a, b in exons)
        starts = ",".join(str(a - 1 - start) for a, _ in exons)
        fields = [t["chrom"], start, end, f"{t['gene']} ({t['transcript']})", 0, t["strand"]]
        fields += [thick[0], thick[1], 0, len(exons), sizes, starts]
        lines.append("\t".join(map(str, fields)))
    return lines


def write_sites(rows: list, path: str | Path) -> None:
    with open(path, "w") as out:
        for chrom, start, end, name in rows:
            out.write(f"{chrom}\t{start}\t{end}\t{name}\n")


def offline_template(igv_reports_template: str | Path, out_path: str | Path, igv_js=IGV_JS) -> None:
    """igv-reports' own variant template with the CDN script tag replaced by the vendored igv.js
    inline and the genome-list fetch switched off. Fails loudly if the template changed shape
    (another igv-reports version), rather than writing a page that needs the network."""
    lines = Path(igv_reports_template).read_text().splitlines(keepends=True)
    cdn = [i for i, line in enumerate(lines) if _CDN_SCRIPT.match(line)]
    if len(cdn) != 1:
        raise ValueError(
            f"{igv_reports_template}: expected one CDN igv.js script tag, found {len(cdn)}"
        )
    js = Path(igv_js).read_text()
    if "</script" in js.lower():
        raise ValueError(f"{igv_js}: contains '</script', cannot be inlined")
    lines[cdn[0]] = (
        f"<script>\n/* igv.js inlined by alwgs from {Path(igv_js).name} */\n{js}\n</script>\n"
    )
    text = "".join(lines)
    if text.count(_OPTIONS_ANCHOR) != 1:
        raise ValueError(
            f"{igv_reports_template}: igv options ('{_OPTIONS_ANCHOR}') not found once"
        )
    text = text.replace(_OPTIONS_ANCHOR, _OPTIONS_ANCHOR + ", loadDefaultGenomes: false")
    Path(out_path).write_text(text)


def external_resources(html: str) -> list[str]:
    """src/href attributes of a page that point at the network (script, link, img, iframe)."""
    found = re.findall(
        r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*"(https?:[^"]*)"',
        html,
        re.IGNORECASE,
    )
    return sorted(set(found))


def placeholder_page(sample: str, reason: str) -> str:
    """The page of a sample with nothing to review (igv-reports cannot build an empty page)."""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<title>{sample}: read review</title></head><body style="font-family: sans-serif">'
        f"<h1>{sample}: read review</h1><p>{reason}</p></body></html>\n"
    )


def header_html(sample: str, n_sites: int, tracks: list[str]) -> str:
    """A short header igv-reports puts above its table (--header)."""
    return (
        f'<div style="font-family: sans-serif; margin: 6px 0 10px">'
        f'<h2 style="margin: 0">{sample}: read review</h2>'
        f'<p style="margin: 4px 0">{n_sites} sites: every tier I/II small variant, ITD, fusion and '
        f"PTD breakpoint and germline finding of the report. Tracks: {', '.join(tracks)}. "
        "Reads and reference are embedded in this file; it works offline.</p></div>\n"
    )
