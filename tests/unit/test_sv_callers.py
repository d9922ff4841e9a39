"""Caller steps: delly command lines, the classified stops of delly and tiddit on thin data
(real tool output in tests/data/sv/, README there), germline subtraction of tiddit calls."""

import gzip
from pathlib import Path

from alwgs.sv.callers import (
    delly_call,
    delly_failure,
    delly_samples_tsv,
    delly_somatic_filter,
    empty_vcf,
    germline_match,
    split_germline,
    tiddit_command,
    tiddit_failure,
    tiddit_outcome,
)
from alwgs.sv.vcf_breakends import Breakends, read_vcf

FMT = "GT:CN:COV:DV:RV:LQ:RR:DR"
RANKS = {"chr5": 0, "chr9": 1, "chr22": 2}


DATA = Path(__file__).resolve().parents[1] / "data" / "sv"


def fixture(name: str) -> str:
    return (DATA / name).read_text()


def test_delly_thin_tumor_names_the_tumor_not_the_normal():
    # the joint call of a thin tumor with its normal: delly names the tumor's BAM (and warns
    # about the normal's layout, which is not the stop)
    text = fixture("delly_thin_tumor.txt")
    failure = delly_failure(text, {"thinT.bam": "thinT", "testN.bam": "testN"})
    assert failure.sample == "thinT" and failure.kind == "library_parameters"
    assert "thinT" in failure.reason and "testN" not in failure.reason
    # paths as the rule gives them, whatever their directory
    bams = {"results/align/thinT.bam": "thinT", "results/align/testN.bam": "testN"}
    assert delly_failure(text, bams).sample == "thinT"


def test_delly_thin_normal_names_the_normal():
    text = fixture("delly_thin_normal.txt")
    failure = delly_failure(text, {"testT.bam": "testT", "thinT.bam": "thinT"})
    assert failure.sample == "thinT"


def test_delly_other_failures_are_not_classified():
    bams = {"t.bam": "T", "n.bam": "N"}
    assert delly_failure("Error: Fasta index file is missing", bams) is None
    # errors of the pipeline itself stay errors (real delly output)
    assert delly_failure(fixture("delly_missing_bam.txt"), {"missing.bam": "T"}) is None
    assert delly_failure(fixture("delly_missing_ref.txt"), {"thinT.bam": "T"}) is None
    # a file delly was not given is not this failure
    text = "Sample has not enough data to estimate library parameters! File: other.bam\n"
    assert delly_failure(text, bams) is None
    # an older delly without the file: only a single BAM can be named
    old = "Sample has not enough data to estimate library parameters!\n"
    assert delly_failure(old, {"t.bam": "T"}).sample == "T"
    assert delly_failure(old, bams).sample == ""


def test_delly_command_lines():
    assert delly_call("ref.fa", "o.bcf", ["t.bam", "n.bam"]) == [
        "delly", "call", "-g", "ref.fa", "-o", "o.bcf", "t.bam", "n.bam",
    ]  # fmt: skip
    cmd = delly_somatic_filter("in.bcf", "out.bcf", "s.tsv", 0.05)
    assert cmd[:4] == ["delly", "filter", "-f", "somatic"]
    assert cmd[cmd.index("-c") + 1] == "0.05" and cmd[cmd.index("-s") + 1] == "s.tsv"
    assert "-p" in cmd and cmd[-1] == "in.bcf"
    assert delly_samples_tsv("P01-T", "P01-N") == "P01-T\ttumor\nP01-N\tcontrol\n"


def test_tiddit_command_skips_assembly():
    cmd = tiddit_command("t.bam", "genome.fa", "out/t", 2)
    assert "--skip_assembly" in cmd and cmd[cmd.index("--threads") + 1] == "2"
    assert cmd[cmd.index("--ref") + 1] == "genome.fa"


def test_tiddit_outcomes(tmp_path):
    vcf = tmp_path / "t.vcf"
    assert tiddit_outcome(0, vcf, "") == "no_vcf"
    vcf.write_text("##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n")
    assert tiddit_outcome(0, vcf, "") == "ok"
    assert tiddit_outcome(1, vcf, fixture("tiddit_scoring_stop.txt")) == "scoring_stop"
    assert tiddit_outcome(1, vcf, fixture("tiddit_library_statistics.txt")) == (
        "library_statistics"
    )
    assert tiddit_outcome(1, vcf, "TypeError in get_gc") == "crashed"
    # a BAM that is not there: tiddit exits 0 without a VCF, a pipeline error
    missing = tmp_path / "miss.vcf"
    assert tiddit_outcome(0, missing, fixture("tiddit_missing_bam.txt")) == "no_vcf"


def test_tiddit_stops_are_not_assessed_for_their_sample():
    failure = tiddit_failure("library_statistics", "t0")
    assert failure.sample == "t0" and "insert size" in failure.reason
    # the scoring stop loses candidates: never read as "no SV"
    failure = tiddit_failure("scoring_stop", "thinT")
    assert failure.sample == "thinT" and "without writing calls" in failure.reason
    assert "split-read support" not in failure.reason
    # real errors are not classified
    assert tiddit_failure("crashed", "thinT") is None
    assert tiddit_failure("no_vcf", "thinT") is None


def test_empty_vcf_is_a_readable_vcf(tmp_path):
    path = tmp_path / "e.vcf"
    path.write_text(empty_vcf("P01-N", {"chr1": 1000}, ['##alwgs_sv_note="no calls"']))
    assert list(read_vcf(path, "tiddit")) == []
    text = path.read_text()
    assert '##alwgs_sv_note="no calls"' in text and text.splitlines()[-1].endswith("\tP01-N")


def normal_call(**kw):
    return Breakends("chr5", 28670, "+", "chr5", 57139, "-", "tiddit", **kw)


def test_germline_match_respects_the_normal_fraction():
    tumor = Breakends("chr5", 28680, "+", "chr5", 57100, "-", "tiddit")
    assert germline_match(tumor, [normal_call(alt_fraction=0.1)], 500, 0.0)
    assert germline_match(tumor, [normal_call(alt_fraction=0.1)], 500, 0.2) is None
    assert germline_match(tumor, [normal_call(alt_fraction=None)], 500, 0.2)  # no counts
    far = Breakends("chr5", 30000, "+", "chr5", 57100, "-", "tiddit")
    assert germline_match(far, [normal_call(alt_fraction=0.5)], 500, 0.0) is None


def test_germline_match_ignores_strands_the_caller_did_not_measure():
    tumor = Breakends("chr9", 100, "+", "chr22", 200, "-", "tiddit", strands_known=False)
    normal = Breakends("chr9", 110, "-", "chr22", 210, "+", "tiddit", strands_known=False,
                       alt_fraction=0.4)  # fmt: skip
    assert germline_match(tumor, [normal], 500, 0.0)
    oriented = Breakends("chr9", 110, "-", "chr22", 210, "+", "delly", alt_fraction=0.4)
    tumor_oriented = Breakends("chr9", 100, "+", "chr22", 200, "-", "delly")
    assert germline_match(tumor_oriented, [oriented], 500, 0.0) is None


def test_split_germline_drops_records_seen_in_the_normal_and_sorts(tmp_path):
    tumor = tmp_path / "t.vcf"
    tumor.write_text(
        "##fileformat=VCFv4.2\n"
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tP03-T\n"
        f"chr9\t500\tSV_1_1\tN\t<DEL>\t80\tPASS\tSVTYPE=DEL;END=9000\t{FMT}\t0/1:1:9,9,9:20:20:0,0:9,9:9,9\n"
        f"chr5\t28670\tSV_1_1\tN\t<DEL>\t80\tPASS\tSVTYPE=DEL;END=57139\t{FMT}\t0/1:1:9,9,9:20:20:0,0:9,9:9,9\n"
    )  # fmt: skip
    normal = [normal_call(alt_fraction=0.3)]
    header, kept, dropped = split_germline(tumor, normal, RANKS, 500, 0.0, sample="P03-T")
    assert header[-1].startswith("#CHROM")
    assert [line.split("\t")[:2] for line in kept] == [["chr9", "500"]]
    assert [line.split("\t")[:2] for line in dropped] == [["chr5", "28670"]]
    # Kept records come out in reference order.
    _, kept_all, _ = split_germline(tumor, [], RANKS, 500, 0.0)
    assert [line.split("\t")[0] for line in kept_all] == ["chr5", "chr9"]


def run_tiddit_somatic(tmp_path, tumor_text: str, normal_text: str):
    """scripts/sv_tiddit_somatic.py on two per-BAM tiddit VCFs, as Snakemake would call it."""
    import importlib.util
    from types import SimpleNamespace

    spec = importlib.util.spec_from_file_location(
        "sv_tiddit_somatic", Path(__file__).resolve().parents[2] / "scripts/sv_tiddit_somatic.py"
    )
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    (tmp_path / "tumor.vcf").write_text(tumor_text)
    (tmp_path / "normal.vcf").write_text(normal_text)
    (tmp_path / "ref.fa.fai").write_text("chr5\t200000\t6\t60\t61\nchr9\t200000\t9\t60\t61\n")
    sm = SimpleNamespace(
        input=SimpleNamespace(
            tumor=str(tmp_path / "tumor.vcf"),
            normal=[str(tmp_path / "normal.vcf")],
            fai=str(tmp_path / "ref.fa.fai"),
        ),
        output=SimpleNamespace(vcf=str(tmp_path / "P03-T.tiddit.vcf.gz")),
        log=[str(tmp_path / "log.txt")],
        params=SimpleNamespace(
            tumor="P03-T", normal="P03-N", merge_distance=500, max_normal_af=0.0
        ),
    )
    script.main(sm)
    return tmp_path / "P03-T.tiddit.vcf.gz"


TUMOR_VCF = (
    "##fileformat=VCFv4.2\n"
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tP03-T\n"
    f"chr9\t500\tSV_1_1\tN\t<DEL>\t80\tPASS\tSVTYPE=DEL;END=9000\t{FMT}\t0/1:1:9,9,9:20:20:0,0:9,9:9,9\n"
)  # fmt: skip


def test_tiddit_normal_not_assessed_keeps_tumor_calls_and_names_the_normal(tmp_path):
    from alwgs import not_assessed
    from alwgs.not_assessed import NotAssessed

    stop = tiddit_failure("scoring_stop", "P03-N")
    normal = empty_vcf(
        "P03-N", {"chr5": 200000}, [NotAssessed("sv", "tiddit", "P03-N", stop.reason).line()]
    )
    out = run_tiddit_somatic(tmp_path, TUMOR_VCF, normal)
    (entry,) = not_assessed.read(out)
    assert (entry.analysis, entry.caller, entry.sample) == ("sv_germline_filter", "tiddit", "P03-N")
    text = gzip.open(out, "rt").read()
    assert "mode=tumor_only_fallback,normal=P03-N" in text
    assert len([line for line in text.splitlines() if not line.startswith("#")]) == 1


def test_tiddit_tumor_not_assessed_stays_not_assessed(tmp_path):
    from alwgs import not_assessed
    from alwgs.not_assessed import NotAssessed

    stop = tiddit_failure("scoring_stop", "P03-T")
    tumor = empty_vcf(
        "P03-T", {"chr5": 200000}, [NotAssessed("sv", "tiddit", "P03-T", stop.reason).line()]
    )
    normal = TUMOR_VCF.replace("P03-T", "P03-N")
    out = run_tiddit_somatic(tmp_path, tumor, normal)
    (entry,) = not_assessed.read(out)
    assert (entry.analysis, entry.sample) == ("sv", "P03-T")
    assert "mode=not_assessed" in gzip.open(out, "rt").read()
