"""'Not assessed' carried from the SV callers to the report and batch summary: the header
line format, its readers in the SV and CNV tables, the report context (banner, sections,
summary, limitations) and the batch summary column. The lines are the ones the pipeline wrote
on the thin real-data tumor (tests/integration/test_thin_sample.py)."""

import gzip

from alwgs import not_assessed
from alwgs.cnv.svtable import read_sv_table as cnv_read_sv_table
from alwgs.not_assessed import NotAssessed
from alwgs.report.batch import summary_rows
from alwgs.report.context import build_context
from alwgs.sv.merge import SV_COLUMNS, SvEvent, read_sv_table, write_sv_table
from report_fixtures import FUSIONS_TSV, META, SETTINGS, SV_TSV, qc_gate, write_batch

DELLY_REASON = (
    "delly could not estimate the library parameters (insert size) of S1-T: too few usable "
    "read pairs (delly: 'Sample has not enough data to estimate library parameters')"
)
TIDDIT_REASON = (
    "tiddit 3.5.2 stopped without writing calls for S1-T: no SV candidate reached its scoring "
    "step, where it takes a percentile of an empty list (a stop is not read as 'no SV')"
)
DELLY = NotAssessed("sv", "delly", "S1-T", DELLY_REASON)
TIDDIT = NotAssessed("sv", "tiddit", "S1-T", TIDDIT_REASON)


def test_line_round_trip_keeps_quotes_and_commas():
    entry = NotAssessed("sv", "delly", "P01-T", 'a "quoted", reason, with = signs')
    line = entry.line()
    assert line.startswith("##alwgs_not_assessed=<analysis=sv,caller=delly,sample=P01-T,")
    assert not_assessed.parse_line(line) == entry
    assert not_assessed.parse_line('##alwgs_sv_note="x"') is None


def test_read_from_plain_and_gzipped_headers(tmp_path):
    text = f"##fileformat=VCFv4.2\n{DELLY.line()}\n#CHROM\tPOS\n{TIDDIT.line()}\n"
    plain, gz = tmp_path / "a.vcf", tmp_path / "a.vcf.gz"
    plain.write_text(text)
    with gzip.open(gz, "wt") as fh:
        fh.write(text)
    # only the leading ## lines count
    assert not_assessed.read(plain) == not_assessed.read(gz) == [DELLY]
    assert not_assessed.read(tmp_path / "absent.vcf") == [] and not_assessed.read(None) == []


def test_whole_analysis_only_when_every_caller_failed():
    assert not_assessed.whole_analysis("sv", "S1-T", [DELLY], ["delly", "tiddit"]) is None
    whole = not_assessed.whole_analysis("sv", "S1-T", [DELLY, TIDDIT], ["delly", "tiddit"], "SV")
    assert whole.whole and whole.sample == "S1-T"
    assert whole.reason.startswith("no SV caller could run (delly on S1-T: delly could not")


def whole_lines() -> list[str]:
    whole = not_assessed.whole_analysis("sv", "S1-T", [DELLY, TIDDIT], ["delly", "tiddit"], "SV")
    return [DELLY.line(), TIDDIT.line(), whole.line()]


def test_sv_tables_with_not_assessed_lines_are_read_by_every_reader(tmp_path):
    path = tmp_path / "S1-T.sv.tsv"
    event = SvEvent("SV1", "DEL", "chr7", 10, "+", "chr7", 5000, "-", ["delly"], 3, 4)
    write_sv_table([event], path, whole_lines())
    lines = path.read_text().splitlines()
    assert lines[3] == "\t".join(SV_COLUMNS)
    assert [e.id for e in read_sv_table(path)] == ["SV1"]
    assert [s.id for s in cnv_read_sv_table(path)] == ["SV1"]
    assert [e.caller for e in not_assessed.read(path)] == ["delly", "tiddit", "all"]


def vcf_not_assessed(tmp_path, caller: str, entry: NotAssessed) -> str:
    # in a folder of its own: write_batch writes its own caller VCFs next to its tables
    (tmp_path / "sv").mkdir(exist_ok=True)
    path = tmp_path / "sv" / f"S1-T.{caller}.vcf.gz"
    with gzip.open(path, "wt") as fh:
        fh.write(
            "##fileformat=VCFv4.2\n"
            f"##alwgs_sv_mode=<caller={caller},mode=not_assessed,normal=S1-N>\n"
            f'##alwgs_sv_note="not assessed: {entry.reason}"\n'
            f"{entry.line()}\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1-T\n"
        )
    return str(path)


def thin_context(tmp_path):
    vcfs = [
        vcf_not_assessed(tmp_path, "delly", DELLY),
        vcf_not_assessed(tmp_path, "tiddit", TIDDIT),
    ]
    header = whole_lines()
    inputs = write_batch(
        tmp_path,
        fusions=header + FUSIONS_TSV[:1],
        sv_table=header + SV_TSV[:1],
        sv_vcfs=vcfs,
    )
    return build_context(inputs, SETTINGS, META)


def test_report_never_reads_not_assessed_as_no_fusion(tmp_path):
    r = thin_context(tmp_path)
    fusions = r["fusions"]
    assert fusions["not_assessed"].startswith("no SV caller could run (delly on S1-T")
    assert fusions["callers_not_assessed"] == ["delly", "tiddit"]
    assert [c["mode"] for c in fusions["callers"]] == ["not assessed", "not assessed"]
    assert r["tandem_duplications"]["ptd_not_assessed"] == fusions["not_assessed"]
    banners = [b["text"] for b in r["status"]["banners"]]
    assert any(
        t.startswith("Not assessed: structural variants and fusions of S1-T") for t in banners
    )
    assert r["summary"]["not_assessed"][0].startswith("structural variants and fusions of S1-T")
    first = r["limitations"][0]
    assert first.startswith("Not assessed: structural variants and fusions of S1-T")
    assert "may be missed" in first
    whole = [e for e in r["not_assessed"] if e["caller"] == "all"]
    assert len(whole) == 1 and whole[0]["sample"] == "S1-T"


def test_report_with_one_caller_not_assessed_says_which(tmp_path):
    vcfs = [vcf_not_assessed(tmp_path, "delly", DELLY)]
    tiddit = tmp_path / "sv" / "S1-T.tiddit.vcf.gz"
    with gzip.open(tiddit, "wt") as fh:
        fh.write(
            "##fileformat=VCFv4.2\n##alwgs_sv_mode=<caller=tiddit,mode=paired,normal=S1-N>\n"
            "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
        )
    inputs = write_batch(
        tmp_path, fusions=[DELLY.line()] + FUSIONS_TSV[:1], sv_vcfs=[*vcfs, str(tiddit)]
    )
    r = build_context(inputs, SETTINGS, META)
    assert r["fusions"]["not_assessed"] is None  # tiddit ran: the section is assessed
    assert r["fusions"]["callers_not_assessed"] == ["delly"]
    assert any(t.startswith("Structural variants: delly not assessed") for t in r["limitations"])
    assert r["summary"]["not_assessed"] == []


def test_identity_not_assessed_is_shown_and_listed(tmp_path):
    gate = qc_gate("S1-T", "WARN")
    reason = "only 12 informative sites (minimum 50)"
    gate["checks"].append(
        {"id": "identity", "metric": "identity", "value": None, "status": "WARN",
         "not_assessed": reason, "warn": 0.02, "fail": 0.05, "source": "s"}
    )  # fmt: skip
    r = build_context(write_batch(tmp_path, qc_tumor=gate), SETTINGS, META)
    check = next(c for c in r["qc"]["tumor"]["checks"] if c["key"] == "identity")
    assert check["status"] == "WARN" and check["not_assessed"] == reason
    entry = next(e for e in r["not_assessed"] if e["analysis"] == "identity")
    assert entry["sample"] == "S1-T" and entry["reason"] == reason
    assert any("same person" in t for t in r["limitations"])


def test_batch_summary_column_names_the_sample(tmp_path):
    r = thin_context(tmp_path)
    samples = [
        {"sample": "S1-T", "patient": "S1", "type": "tumor", "diagnosis": "AML"},
        {"sample": "S1-N", "patient": "S1", "type": "normal", "diagnosis": "AML"},
    ]
    gate = qc_gate("S1-T")
    gate["checks"].append({"metric": "identity", "not_assessed": "only 3 informative sites"})
    rows = {
        row["sample"]: row
        for row in summary_rows(samples, {"S1-T": gate, "S1-N": qc_gate("S1-N")}, {"S1-T": r}, {})
    }
    cell = rows["S1-T"]["not_assessed"]
    assert cell.startswith("identity: only 3 informative sites; sv: no SV caller could run")
    assert "sv (delly)" not in cell  # the whole analysis names its callers once
    assert rows["S1-N"]["not_assessed"] == "none"
    germline = NotAssessed("sv_germline_filter", "delly", "S1-N", "normal too thin")
    r["not_assessed"].append(germline.to_json())
    rows = {row["sample"]: row for row in summary_rows(samples, {}, {"S1-T": r}, {})}
    assert rows["S1-N"]["not_assessed"] == "sv_germline_filter (delly): normal too thin"


# ------------------------------------------------------------------ copy number of a thin tumor
def test_reads_per_bin_from_cnvkit_coverage(tmp_path):
    from alwgs.cnv.depth import average_read_length, median_reads_per_bin, too_thin

    stats = tmp_path / "t.samtools_stats.txt"
    stats.write_text("SN\traw total sequences:\t544\nSN\taverage length:\t119\n")
    assert average_read_length(stats) == 119.0
    # cnvkit.py coverage output: chromosome start end gene depth log2 (depth per base)
    cnn = tmp_path / "t.targetcoverage.cnn"
    rows = [("chr22", i * 500, i * 500 + 500, 0.0 if i % 3 else 2.38) for i in range(9)]
    cnn.write_text(
        "chromosome\tstart\tend\tgene\tdepth\tlog2\n"
        + "".join(f"{c}\t{s}\t{e}\t-\t{d}\t-20\n" for c, s, e, d in rows)
    )
    assert median_reads_per_bin(cnn, 119) == 0.0  # most bins empty
    full = tmp_path / "full.cnn"
    full.write_text(cnn.read_text().replace("\t0.0\t", "\t4.76\t"))
    assert median_reads_per_bin(full, 119) == 20.0  # 4.76 x 500 / 119
    assert too_thin("T", 20.0, 20) is None
    reason = too_thin("thinT", 6.7, 20)
    assert reason.startswith("thinT has a median of 6.7 reads per copy-number bin (minimum 20)")


def test_events_table_not_assessed_is_read_as_no_event(tmp_path):
    from alwgs.cnv.events import read_events, write_events

    entry = NotAssessed("cnv", "cnvkit", "thinT", "thinT has a median of 0.0 reads per bin")
    path = tmp_path / "thinT.events.tsv"
    write_events([], path, [entry.line()])
    assert read_events(path) == [] and not_assessed.read(path) == [entry]


def test_report_copy_number_not_assessed(tmp_path):
    from report_fixtures import EVENTS_TSV

    entry = NotAssessed("cnv", "cnvkit", "S1-T", "S1-T has a median of 1.2 reads per bin")
    karyotype = {
        "karyotype": None,
        "abnormalities": [],
        "not_assessed": [{**entry.to_json(), "analysis": "karyotype"}],
    }
    inputs = write_batch(tmp_path, events=[entry.line(), EVENTS_TSV[0]], karyotype=karyotype)
    r = build_context(inputs, SETTINGS, META)
    cn = r["copy_number"]
    assert cn["not_assessed"] == entry.reason and cn["rows"] == []
    assert not any("Translocations" in n for n in cn["notes"])
    assert any(
        t.startswith("Not assessed: copy number and karyotype of S1-T") for t in r["limitations"]
    )
    assert any("copy number and karyotype" in b["text"] for b in r["status"]["banners"])
