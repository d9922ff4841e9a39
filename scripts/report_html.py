"""Rule script: one tumor's report as self-contained HTML and as JSON for a LIMS (the same
content: the JSON is the context the HTML renders)."""

import datetime

from alwgs.report.context import ReportInputs, build_context
from alwgs.report.digest import input_digest
from alwgs.report.inputs import pipeline_version
from alwgs.report.methods import method_steps
from alwgs.report.render import render_html, write_json


def first(value) -> str | None:
    """A rule input that may be absent: Snakemake gives a path or an empty list."""
    if isinstance(value, str):
        return value
    return str(value[0]) if value else None


def main(sm) -> None:
    inp = sm.input
    inputs = ReportInputs(
        interpretation=inp.interpretation,
        qc_tumor=inp.qc_tumor,
        qc_normal=first(inp.qc_normal),
        itd=inp.itd,
        itd_targets=inp.itd_targets,
        fusions=inp.fusions,
        sv_table=inp.sv_table,
        sv_vcfs=list(inp.sv_vcfs),
        events=inp.events,
        karyotype=inp.karyotype,
        cnv_plot=inp.cnv_plot,
        coverage_tumor=inp.coverage_tumor,
        coverage_normal=first(inp.coverage_normal),
        versions=inp.versions,
        reference_fai=inp.fai,
        reference_dict=inp.seq_dict,
        germline_rules=inp.germline_rules,
        depth_guard=inp.depth_guard,
        knowledge={label: inp[key] for key, label in sm.params.knowledge.items()},
    )
    sample = sm.wildcards.sample
    with open(inp.igv_sites) as fh:
        n_sites = sum(1 for line in fh if line.strip())
    meta = dict(sm.params.meta)
    meta.update(
        {
            "sample": sample,
            "created": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "pipeline_version": pipeline_version(sm.params.repo),
            "method_steps": method_steps(sm.params.method_config),
            "igv_page": f"{sample}.igv.html",
            "igv_sites": n_sites,
            # every input file by its role, and the settings (params) this report used; the
            # repository path (params.repo) names where the code is, not what it read
            "input_digest": input_digest(
                dict(inp.items()),
                {
                    key: getattr(sm.params, key)
                    for key in ("settings", "knowledge", "meta", "method_config")
                },
            ),
        }
    )
    context = build_context(inputs, sm.params.settings, meta)
    with open(sm.output.html, "w") as fh:
        fh.write(render_html(context, inp.cnv_plot))
    write_json(context, sm.output.json)
    with open(sm.log[0], "w") as log:
        s = context["summary"]
        log.write(
            f"{sample}: QC {context['status']['qc']}; ELN 2022 {s['eln2022']['group_text']};"
            f" findings {', '.join(f['label'] for f in s['findings']) or 'none'}\n"
        )


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
