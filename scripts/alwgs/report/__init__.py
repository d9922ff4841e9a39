"""The per-sample clinical report (HTML, PDF, JSON for a LIMS), its read-review page (igv-reports)
and the batch deliverables (summary table, delivery folder, checksums).

One module per job: inputs (readers of the pipeline outputs), coverage (panel genes below the
depth floor), context (everything a report shows, as one JSON-ready dict; a package with one
module per report section), render (HTML, PDF, JSON), igv (sites and the offline igv-reports
template), batch (summary, delivery, checksums).
"""
