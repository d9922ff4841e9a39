"""The report context rendered three ways: one self-contained HTML file (inline CSS, the copy-
number plot as a data URI, no script and nothing fetched at view time), the same HTML printed to
PDF with weasyprint, and the context itself as JSON for a LIMS."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import jinja2

from alwgs.report.labels import NOT_AVAILABLE

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _na(value, text: str = NOT_AVAILABLE):
    return text if value is None or value == "" else value


def _fixed(value, digits: int = 2):
    if value is None or value == "":
        return NOT_AVAILABLE
    return f"{float(value):.{digits}f}"


def _thousands(value):
    if value is None or value == "" or isinstance(value, str):
        return _na(value)
    return f"{value:,}".replace(",", "\u2009")


def _qc_value(value, metric_id: str | None = None):
    """QC values as the gate stores them: fractions for the duplicate rate, percents elsewhere."""
    if value is None:
        return NOT_AVAILABLE
    if isinstance(value, str):
        return value
    if metric_id == "duplicate_rate":
        return f"{100 * value:.1f}%"
    if metric_id in ("identity",):
        return f"{value:.3f}"
    if metric_id and metric_id.startswith(("percent_", "pct_")):
        return f"{value:.1f}%"
    if metric_id and metric_id.startswith("mean_depth"):
        return f"{value:.1f}x"
    return f"{value:g}"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(na=_na, fixed=_fixed, thousands=_thousands, qc_value=_qc_value)
    return env


def data_uri(png: str | Path | None) -> str | None:
    if not png or not Path(png).is_file():
        return None
    return "data:image/png;base64," + base64.b64encode(Path(png).read_bytes()).decode("ascii")


def render_html(context: dict, plot_png: str | Path | None = None) -> str:
    """The report page. The plot PNG is embedded (data URI) so the file stands alone."""
    env = environment()
    css = (TEMPLATES / "report.css").read_text()
    return env.get_template("report.html.j2").render(
        r=context, css=css, plot_uri=data_uri(plot_png)
    )


def write_pdf(html: str, pdf_path: str | Path) -> None:
    """Print the report HTML to an A4 PDF (the CSS's @page and print rules)."""
    import weasyprint  # imported here: the HTML and JSON jobs do not need it

    weasyprint.HTML(string=html, base_url=str(Path(pdf_path).parent)).write_pdf(str(pdf_path))


def write_json(context: dict, path: str | Path) -> None:
    with open(path, "w") as fh:
        json.dump(context, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
