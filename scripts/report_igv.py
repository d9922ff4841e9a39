"""Rule script: the read-review page of one tumor with igv-reports (create_report), built and
viewed offline: the reads and reference slices are embedded by igv-reports, igv.js is inlined
from the vendored copy (alwgs.report.igv.offline_template)."""

import subprocess
import tempfile
from pathlib import Path

import igv_reports
from alwgs.report.igv import (
    external_resources,
    header_html,
    offline_template,
    placeholder_page,
    transcripts_bed12,
)
from alwgs.report.inputs import read_tsv


def main(sm) -> None:
    sample = sm.wildcards.sample
    out = Path(sm.output[0])
    n_sites = sum(1 for line in open(sm.input.sites) if line.strip())
    with open(sm.log[0], "w") as log:
        if n_sites == 0:
            out.write_text(
                placeholder_page(
                    sample,
                    "No tier I/II small variant, ITD, fusion or PTD breakpoint and no germline "
                    "finding: there is nothing to review in the reads.",
                )
            )
            log.write("no sites: placeholder page written\n")
            return
        package_template = Path(igv_reports.__file__).parent / "templates" / "variant_template.html"
        with tempfile.TemporaryDirectory() as tmp:
            template = Path(tmp) / "variant_template.offline.html"
            offline_template(package_template, template)
            genes = Path(tmp) / "preferred_transcripts.bed"
            genes.write_text("\n".join(transcripts_bed12(read_tsv(sm.input.transcripts))) + "\n")
            header = Path(tmp) / "header.html"
            tracks = [Path(a).name.split(".")[0] for a in sm.input.aln]
            header.write_text(header_html(sample, n_sites, tracks + ["preferred transcripts"]))
            cmd = [
                "create_report",
                sm.input.sites,
                "--fasta",
                sm.input.ref,
                "--tracks",
                *sm.input.aln,
                str(genes),
                "--flanking",
                str(sm.params.flanking),
                "--template",
                str(template),
                "--header",
                str(header),
                "--title",
                f"{sample}: read review",
                "--output",
                str(out),
            ]
            log.write(" ".join(cmd) + "\n")
            log.flush()
            subprocess.run(cmd, check=True, stdout=log, stderr=subprocess.STDOUT)
        remote = external_resources(out.read_text())
        if remote:
            out.unlink()
            raise RuntimeError(f"{out}: the page would load {remote} from the network")
        log.write(f"{n_sites} sites; no network resource in the page\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
