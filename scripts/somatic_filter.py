"""Rule script: normalise the raw calls, add population AF and somatic evidence, then apply
the configured filters as soft filters (every step a streaming bcftools or pysam pass)."""

import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pysam
from alwgs import par
from alwgs.variants.filters import active, bcftools_commands, header_lines, load_filters, render
from alwgs.variants.germline import CopyNumber, load_model
from alwgs.variants.germline_filter import annotate_repeats
from alwgs.variants.power import DepthPower, bed_bases, check_parameters, fai_bases, median_depth
from alwgs.variants.somatic import GeneIndex, annotate, gene_spans, read_panel

# Counts the panel of normals carries per allele (docs/CONTRACTS.md, panel of normals).
PON_TAGS = ("PON_N", "PON_ASSESSED", "PON_MAX_VAF")


def run(cmd: str, log) -> None:
    log.write(f"$ {cmd}\n")
    log.flush()
    subprocess.run(["bash", "-o", "pipefail", "-c", cmd], check=True, stderr=log)


def depth_rule(sm, doc: dict, normal: str | None) -> DepthPower:
    """The sample's depth rule: the filter file's depth_power parameters and the median depths
    over the callable sequence, from the mosdepth distributions of alignment QC."""
    genome, callable_bases = fai_bases(sm.input.fai), bed_bases(sm.input.callable)

    def median(dist):
        return median_depth(dist, genome, callable_bases)

    return DepthPower(
        **check_parameters(doc.get("depth_power"), sm.params.filters),
        tumor_median_depth=median(sm.input.tumor_depth),
        normal_median_depth=median(sm.input.normal_depth) if normal else None,
    )


def panel_version(pon: str) -> str:
    """The panel's own version line, so the filtered VCF says which panel judged it."""
    with pysam.VariantFile(pon) as fh:
        for rec in fh.header.records:
            if str(rec).startswith("##alwgs_panel_of_normals="):
                return (
                    str(rec)
                    .strip()
                    .replace(
                        "##alwgs_panel_of_normals=<",
                        "##alwgs_panel_of_normals=<file=" + Path(pon).name + ",",
                        1,
                    )
                )
    return f"##alwgs_panel_of_normals=<file={Path(pon).name},version=unknown>"


def main(sm) -> None:
    tmp = Path(tempfile.mkdtemp(dir=Path(sm.output.vcf).parent, prefix=".tmp_filter_"))
    normal = sm.params.normal or None
    mode = "paired" if normal else "tumor_only"
    with open(sm.log[0], "w") as log:
        population = sm.input.population if sm.input.population else None
        split = tmp / "split.vcf.gz"
        # Split multi-allelic records and left-align, so each allele is judged on its own.
        run(
            f"bcftools norm -f {sm.input.ref} -m -both {sm.input.vcf} -Oz -o {split}"
            f" && tabix -f -p vcf {split}",
            log,
        )
        norm = split
        if population:
            # annotate -a reads through an index, so its input is a file, not a pipe.
            norm = tmp / "norm.vcf.gz"
            run(
                f"bcftools annotate -a {population} -c INFO/POP_AF:=INFO/AF {split}"
                f" -Oz -o {norm} && tabix -f -p vcf {norm}",
                log,
            )
        pon = sm.input.panel_of_normals if sm.input.panel_of_normals else None
        if pon:
            # Alleles of the panel of normals (same CHROM, POS, REF and ALT): flag and counts.
            marked = tmp / "pon.vcf.gz"
            columns = ",".join(f"INFO/{tag}" for tag in PON_TAGS)
            run(
                f"bcftools annotate -a {pon} --pair-logic exact -m +PON -c {columns} {norm}"
                f" -Oz -o {marked} && tabix -f -p vcf {marked}",
                log,
            )
            norm = marked
        panel = GeneIndex(gene_spans(sm.input.gff3, read_panel(sm.params.panel)))
        doc = load_filters(sm.params.filters)
        depth = depth_rule(sm, doc, normal)
        log.write(f"depth rule: {depth.header_line()}\n")
        evidence = tmp / "evidence.vcf.gz"
        model = load_model(sm.input.germline_model)
        # Tumor-only: the tumor's copy-number segments, for the germline VAF expected there.
        segments = sm.input.copy_number if sm.input.copy_number else None
        copy_number = CopyNumber(
            segments, dict(sm.params.normal_cn), par.from_config(sm.params.par)
        )
        annotate(
            str(norm),
            str(evidence),
            sm.params.tumor,
            normal,
            sm.params.purity,
            panel,
            depth=depth,
            germline_model=model,
            copy_number=copy_number,
        )
        # Repeat context (INFO HRUN, STR_UNIT, STR_LEN, REPEAT) for the slippage filters.
        repeats = tmp / "repeats.vcf.gz"
        annotate_repeats(evidence, sm.input.ref, repeats)
        evidence = repeats
        tags = (
            {
                "T_DP",
                "T_AO",
                "T_VAF",
                "T_POWER",
                "N_DP",
                "N_AO",
                "N_VAF",
                "N_POWER",
                "SOMATIC_P",
                "GERMLINE_VAF",
                "GERMLINE_P",
                "PANEL",
                "HRUN",
                "STR_LEN",
                "REPEAT",
            }
            | ({"POP_AF"} if population else set())
            | ({"PON", *PON_TAGS} if pon else set())
        )
        # Placeholders are filled for this sample, so each description names its numbers.
        chosen = render(active(doc, mode, tags), depth.values())
        log.write(f"mode {mode}; filters: {', '.join(f['name'] for f in chosen)}\n")
        headers = tmp / "filters.hdr"
        headers.write_text(
            "\n".join(
                header_lines(chosen)
                + [depth.header_line()]
                + [
                    f"##alwgs_filters=<file={Path(sm.params.filters).name},version={doc['version']},"
                    f"mode={mode}>",
                    f"##alwgs_germline_model=<file={Path(sm.input.germline_model).name},"
                    f"version={model.version},copy_number={'yes' if segments else 'no'}>",
                ]
                + ([panel_version(pon)] if pon else [])
            )
            + "\n"
        )
        steps = [f"bcftools annotate -h {headers} {evidence} -Ou"]
        steps += [shlex.join([*cmd, "-"]) for cmd in bcftools_commands(chosen)]
        steps.append(f"bcftools view -Oz -o {sm.output.vcf}")
        run(" | ".join(steps) + f" && tabix -f -p vcf {sm.output.vcf}", log)
    shutil.rmtree(tmp)


if __name__ == "__main__" and "snakemake" in globals():
    try:
        main(snakemake)  # noqa: F821 (injected by Snakemake)
    except subprocess.CalledProcessError as err:
        sys.exit(f"somatic_filter: a bcftools step failed ({err}); see the rule log")
