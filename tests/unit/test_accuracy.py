"""Unit tests of the accuracy harness (scripts/alwgs/accuracy/, scripts/score_accuracy.py).

Tiny truth and result files are written to tmp_path; every expected count is worked out by hand
in the comments next to the records that produce it.
"""

from __future__ import annotations

import json
import runpy
from pathlib import Path
from types import SimpleNamespace

import pysam
import pytest
import score_accuracy
from alwgs import accuracy as acc

ITD30 = "ACGTACGTACGTACGTACGTACGTACGTAC"  # 30 bp
ITD60 = ITD30 * 2

VCF_HEADER = """##fileformat=VCFv4.2
##FILTER=<ID=PASS,Description="All filters passed">
##FILTER=<ID=LowQual,Description="Low quality">
##INFO=<ID=AF,Number=A,Type=Float,Description="Allele fraction">
##INFO=<ID=ITD,Number=0,Type=Flag,Description="Internal tandem duplication">
##INFO=<ID=SVTYPE,Number=1,Type=String,Description="SV type">
##INFO=<ID=SVLEN,Number=A,Type=Integer,Description="SV length">
##INFO=<ID=AR,Number=1,Type=Float,Description="Allelic ratio">
##INFO=<ID=AR_CI,Number=2,Type=Float,Description="95% interval of AR">
##INFO=<ID=ITD_VAF,Number=1,Type=Float,Description="ITD fraction">
##INFO=<ID=SCANITD_AF,Number=1,Type=Float,Description="ScanITD AF">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fraction">
##contig=<ID=chr1,length=100000>
##contig=<ID=chr11,length=100000>
##contig=<ID=chr13,length=100000>
"""

TRUTH_VCF_HEADER = """##fileformat=VCFv4.2
##INFO=<ID=VARTYPE,Number=1,Type=String,Description="SNV, INDEL or ITD">
##INFO=<ID=EXPECTED_VAF,Number=1,Type=Float,Description="Expected VAF">
##INFO=<ID=GENE,Number=1,Type=String,Description="Gene">
##INFO=<ID=CLONE,Number=1,Type=String,Description="Clone">
##contig=<ID=chr1,length=100000>
##contig=<ID=chr13,length=100000>
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO
"""


def write_vcf_gz(path: Path, body: list[str], samples: list[str]) -> Path:
    """Write a VCF (records already sorted), bgzip it and build its tabix index."""
    cols = "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO"
    if samples:
        cols += "\tFORMAT\t" + "\t".join(samples)
    plain = path.with_suffix("")  # x.vcf.gz -> x.vcf
    plain.write_text(VCF_HEADER + cols + "\n" + "".join(line + "\n" for line in body))
    return Path(pysam.tabix_index(str(plain), preset="vcf", force=True))


def write_tsv(path: Path, header: str, rows: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "\n" + "".join(r + "\n" for r in rows))


@pytest.fixture
def batch(tmp_path: Path) -> dict[str, Path]:
    truth = tmp_path / "truth"
    res = tmp_path / "batch"
    truth.mkdir()
    (res / "results" / "small_variants").mkdir(parents=True)

    samples = tmp_path / "samples.tsv"
    write_tsv(
        samples,
        "sample\tpatient\ttype\tsex\tdiagnosis\tpurity",
        [
            "T1\tP1\ttumor\tmale\tAML\t0.8",
            "N1\tP1\tnormal\tmale\tAML\t",
            "T2\tP2\ttumor\tfemale\tB-ALL\t",  # every pipeline output missing
        ],
    )

    # ---- T1 small variants -----------------------------------------------------------------
    (truth / "T1.small_variants.vcf").write_text(
        TRUTH_VCF_HEADER
        + "\n".join(
            [
                # SNV, called PASS -> TP in >=0.25
                "chr1\t100\t.\tA\tG\t.\t.\tVARTYPE=SNV;EXPECTED_VAF=0.4;GENE=X",
                # SNV at VAF 0.03, not called -> FN in <0.05
                "chr1\t200\t.\tC\tT\t.\t.\tVARTYPE=SNV;EXPECTED_VAF=0.03",
                # deletion of AG in CAGAG; called one base right as GA -> fallback TP (0.10-0.25)
                "chr1\t300\t.\tCAG\tC\t.\t.\tVARTYPE=INDEL;EXPECTED_VAF=0.15",
                # SNV called only with FILTER LowQual -> FN in 0.10-0.25, and no FP
                "chr1\t400\t.\tG\tT\t.\t.\tVARTYPE=SNV;EXPECTED_VAF=0.2",
                # 1 bp deletion, called inside a padded multi-allelic record -> TP (>=0.25)
                "chr1\t600\t.\tAT\tA\t.\t.\tVARTYPE=INDEL;EXPECTED_VAF=0.3",
                # ITD: scored in class itd; the same allele in somatic.vcf must not be an FP
                f"chr13\t1000\t.\tA\tA{ITD30}\t.\t.\tVARTYPE=ITD;EXPECTED_VAF=0.3;GENE=FLT3",
            ]
        )
        + "\n"
    )
    write_vcf_gz(
        res / "results" / "small_variants" / "T1.somatic.vcf.gz",
        [
            "chr1\t100\t.\tA\tG\t50\tPASS\t.\tGT:AF\t0/1:0.38\t0/0:0",
            "chr1\t301\t.\tAGA\tA\t50\tPASS\t.\tGT:AF\t0/1:0.14\t0/0:0",
            "chr1\t400\t.\tG\tT\t5\tLowQual\t.\tGT:AF\t0/1:0.2\t0/0:0",
            # FP binned by the tumor column (0.07), not by the normal column (0.5)
            "chr1\t500\t.\tT\tC\t50\tPASS\t.\tGT:AF\t0/1:0.07\t0/1:0.5",
            # split: ATT>AT == AT>A (TP), ATT>A is a 2 bp deletion (FP at 0.02, <0.05)
            "chr1\t600\t.\tATT\tAT,A\t50\t.\t.\tGT:AF\t1/2:0.3,0.02\t0/0:0,0",
            # the truth ITD, unflagged and placed 20 bp further along the duplication: no FP
            f"chr13\t1020\t.\tT\tT{ITD30[20:] + ITD30[:20]}\t50\tPASS\t.\tGT:AF\t0/1:0.3\t0/0:0",
            "chr13\t2000\t.\tA\t<DUP>\t50\tPASS\tSVTYPE=DUP\tGT:AF\t0/1:0.3\t0/0:0",
        ],
        ["T1", "N1"],
    )

    # ---- T1 ITD: one within 3 bp (TP), one 5 bp off (FN + FP) --------------------------------
    write_tsv(
        truth / "T1.itd.tsv",
        "chrom\tpos\tlength\tinsertion_seq\tgene\texpected_vaf\tallelic_ratio",
        [
            f"chr13\t1000\t30\t{ITD30}\tFLT3\t0.3\t0.43",
            f"chr13\t5000\t60\t{ITD60}\tFLT3\t0.1\t0.11",
        ],
    )
    write_vcf_gz(
        res / "results" / "small_variants" / "T1.itd.vcf.gz",
        [
            "chr13\t1010\t.\tA\t<DUP>\t50\tPASS\tSVTYPE=DUP;SVLEN=32;AR=0.4;ITD_VAF=0.2857;"
            "AR_CI=0.25,0.62;SCANITD_AF=0.2",
            "chr13\t5000\t.\tA\t<DUP>\t50\tPASS\tSVTYPE=DUP;SVLEN=65;AR=0.1",
        ],
        [],
    )

    # ---- T1 SV -------------------------------------------------------------------------------
    write_tsv(
        truth / "T1.sv.bedpe",
        "#chrom1\tpos1\tchrom2\tpos2\tname\tsvtype\tstrand1\tstrand2\tgene1\tgene2\tfusion\tstatus",
        [
            "chr15\t1000\tchr17\t2000\tsv1\tBND\t+\t-\tPML\tRARA\tPML::RARA\tsomatic",
            "chr22\t100\tchr9\t200\tsv2\tBND\t+\t-\tBCR\tABL1\tBCR::ABL1\tsomatic",
            "chr11\t3000\tchr11\t8000\tsv3\tDUP\t-\t+\tKMT2A\tKMT2A\t.\tsomatic",
            # inherited: no somatic SV (class sv), labelled germline in sv.tsv -> sv_status TP
            "chr2\t40500\tchr2\t43001\tgdel\tDEL\t+\t-\t.\t.\t.\tgermline",
        ],
    )
    # sv_status: sv1 somatic (TP), sv2 not assessable (FN), sv3 germline (wrong: FP + FN; its
    # second junction SV0004 is the FILTERed row, not used), gdel germline (TP)
    sv_head = "id svtype chrom1 pos1 strand1 chrom2 pos2 strand2 callers split_reads"
    sv_head += " paired_reads filter genes1 genes2 somatic_status normal_split"
    sv_head += " normal_discordant normal_fragments normal_depth tumor_fragments tumor_depth"
    sv_head += " expected_normal_fragments power status_reason"
    write_tsv(
        res / "results" / "sv" / "T1.sv.tsv",
        sv_head.replace(" ", "\t"),
        [
            "\t".join(f.split())
            for f in [
                "SV0001 BND chr15 990 + chr17 2010 - delly 5 5 PASS PML RARA somatic 0 0 0"
                " 30.0 20 60.0 10.00 1.000 r",
                "SV0002 BND chr9 210 - chr22 90 + delly 5 5 PASS ABL1 BCR not_assessable . ."
                " . . . . . . r",
                "SV0003 DUP chr11 3000 - chr11 8000 + delly 5 5 PASS KMT2A KMT2A germline 4 0"
                " 4 30.0 20 60.0 10.00 1.000 r",
                "SV0004 DUP chr11 3010 - chr11 8010 + delly 5 5 MinSupport KMT2A KMT2A somatic"
                " 0 0 0 30.0 20 60.0 10.00 1.000 r",
                "SV0005 DEL chr2 40500 + chr2 43001 - tiddit 5 5 PASS . . germline 4 0 4 30.0"
                " 20 60.0 10.00 1.000 r",
            ]
        ],
    )
    write_tsv(
        res / "results" / "sv" / "T1.fusions.tsv",
        "chrom1\tpos1\tchrom2\tpos2\tgene5\tgene3\tfusion",
        [
            # right place, partners swapped -> not PML::RARA: FN + FP
            "chr17\t2100\tchr15\t900\tRARA\tPML\tRARA::PML",
            # breakpoints in the other order, within 500 bp -> TP
            "chr9\t250\tchr22\t80\tBCR\tABL1\tBCR::ABL1",
            # KMT2A partial tandem duplication -> TP
            "chr11\t3100\tchr11\t8050\tKMT2A\tKMT2A\tKMT2A-PTD",
        ],
    )

    # ---- T1 CNA (male) -----------------------------------------------------------------------
    write_tsv(
        truth / "T1.cna.bed",
        "#chrom\tstart\tend\tcopy_number\tevent",
        [
            "chr7\t0\t10000\t1\t-7",
            "chr8\t0\t10000\t3\t+8",
            "chrX\t0\t5000\t2\t+X",  # a gain in a male: baseline of chrX is 1
        ],
    )
    write_tsv(
        res / "results" / "cnv" / "T1.events.tsv",
        "chrom\tstart\tend\tcopy_number\tevent",
        [
            "chr7\t500\t9800\t1.1\t-7",  # start 5% off -> TP
            "chr8\t2000\t10000\t3\t+8",  # start 20% off -> FN + FP
            "chrX\t0\t5000\t2\t+X",  # TP only because the sex is taken into account
        ],
    )

    # ---- T1 classification: one lesion missed, one lesion wrong -------------------------------
    (truth / "T1.clinical.yaml").write_text(
        "diagnosis: AML\n"
        "eln2022: adverse\n"
        "defining_lesions: [PML::RARA, FLT3-ITD]\n"
        "germline_findings: [DDX41 p.M1I]\n"
        "karyotype: 46,XY,t(15;17)(q24;q21)\n"
    )
    (res / "results" / "interpretation").mkdir(parents=True)
    (res / "results" / "interpretation" / "T1.json").write_text(
        json.dumps(
            {
                "eln2022": {"group": "adverse"},
                "lesions": [{"id": "PML::RARA"}, {"id": "NPM1"}],
                "germline": [{"id": "DDX41 p.M1I"}],
                "karyotype": "46,XY, t(15;17)(q24;q21)",
            }
        )
    )

    # ---- T2: truth only (no itd.tsv, no cna.bed), no pipeline outputs at all -----------------
    (truth / "T2.small_variants.vcf").write_text(
        TRUTH_VCF_HEADER
        + "chr1\t100\t.\tA\tG\t.\t.\tVARTYPE=SNV;EXPECTED_VAF=0.5\n"
        + "chr1\t300\t.\tCAG\tC\t.\t.\tVARTYPE=INDEL;EXPECTED_VAF=0.07\n"
    )
    write_tsv(
        truth / "T2.sv.bedpe",
        "#chrom1\tpos1\tchrom2\tpos2\tname\tsvtype\tstrand1\tstrand2\tgene1\tgene2\tfusion",
        ["chr12\t100\tchr21\t200\tsv1\tBND\t+\t-\tETV6\tRUNX1\tETV6::RUNX1"],
    )
    (truth / "T2.clinical.yaml").write_text(
        "diagnosis: B-ALL\neln2022: null\ndefining_lesions: [ETV6::RUNX1]\n"
        "germline_findings: []\nkaryotype: 46,XX\n"
    )
    return {"truth": truth, "results": res, "samples": samples, "out": tmp_path / "acc.tsv"}


def run_batch(batch: dict[str, Path]) -> tuple[dict, list[dict[str, str]], list[dict]]:
    _, summary = acc.run(batch["truth"], batch["results"], batch["samples"], batch["out"])
    rows = acc.read_accuracy(batch["out"])
    table = {(r["sample"], r["class"], r["vaf_bin"]): r for r in rows}
    details = acc.read_accuracy(batch["out"].with_name("acc.details.tsv"))
    return table, rows, details


def counts(table: dict, sample: str, cls: str, vbin: str = "all") -> tuple[int, int, int]:
    r = table[(sample, cls, vbin)]
    return int(r["tp"]), int(r["fp"]), int(r["fn"])


def test_table_layout(batch):
    table, rows, _ = run_batch(batch)
    header = batch["out"].read_text().splitlines()[0]
    assert header == "sample\tclass\tvaf_bin\ttp\tfp\tfn\trecall\tprecision\tf1"
    # The normal is not scored here: its germline calls are, when the truth has them
    # (tests/unit/test_accuracy_germline.py).
    assert {r["sample"] for r in rows} == {"T1", "T2"}
    bins = ["all", ">=0.25", "0.10-0.25", "0.05-0.10", "<0.05"]
    t1 = [(r["class"], r["vaf_bin"]) for r in rows if r["sample"] == "T1"]
    assert t1 == [("snv", b) for b in bins] + [("indel", b) for b in bins] + [
        ("itd", "all"),
        ("sv", "all"),
        ("sv_status", "all"),
        ("sv_status", "status=somatic"),
        ("sv_status", "status=germline"),
        ("cna", "all"),
        ("karyotype", "all"),
        ("classification", "all"),
    ]


def test_snv(batch):
    table, _, details = run_batch(batch)
    assert counts(table, "T1", "snv") == (1, 1, 2)
    assert counts(table, "T1", "snv", ">=0.25") == (1, 0, 0)
    assert counts(table, "T1", "snv", "0.10-0.25") == (0, 0, 1)  # the filtered call's truth
    assert counts(table, "T1", "snv", "0.05-0.10") == (0, 1, 0)  # FP by tumor-column VAF
    assert counts(table, "T1", "snv", "<0.05") == (0, 0, 1)  # low-VAF FN
    r = table[("T1", "snv", "all")]
    assert (r["recall"], r["precision"], r["f1"]) == ("0.3333", "0.5000", "0.4000")
    assert table[("T1", "snv", "0.10-0.25")]["precision"] == "NA"
    fps = [d["key"] for d in details if d["class"] == "snv" and d["status"] == "FP"]
    assert fps == ["chr1:500 T>C"]  # the LowQual call at chr1:400 is not an FP


def test_indel(batch):
    table, _, details = run_batch(batch)
    # shifted AG/GA deletion + split multi-allelic TP; ATT>A FP; the ITD allele is not an FP
    assert counts(table, "T1", "indel") == (2, 1, 0)
    assert counts(table, "T1", "indel", ">=0.25") == (1, 0, 0)
    assert counts(table, "T1", "indel", "0.10-0.25") == (1, 0, 0)
    assert counts(table, "T1", "indel", "<0.05") == (0, 1, 0)
    shifted = [d for d in details if d["key"] == "chr1:300 CAG>C"]
    assert shifted[0]["status"] == "TP" and "shifted" in shifted[0]["note"]


def test_itd(batch):
    table, _, details = run_batch(batch)
    assert counts(table, "T1", "itd") == (1, 1, 1)
    tp = next(d for d in details if d["class"] == "itd" and d["status"] == "TP")
    assert "len_err=+2" in tp["note"] and "ar_err=-0.0300" in tp["note"]


def test_itd_metrics_table(batch):
    run_batch(batch)
    path = batch["out"].with_name("acc.metrics.tsv")
    assert path.read_text().splitlines()[0] == "sample\tmetric\tvalue\texpected\tobserved"
    rows = [
        (r["sample"], r["metric"], r["value"], r["expected"], r["observed"])
        for r in acc.read_accuracy(path)
    ]
    # truth AR 0.43 (VAF 0.43/1.43 = 0.3007), called AR 0.4, VAF 0.2857, ScanITD AF 0.2;
    # the 60-bp truth ITD was not found (called 65 bp: FN + FP).
    assert rows == [
        ("T1", "itd_ar_abs_error", "0.0300", "0.4300", "0.4000"),
        ("T1", "itd_vaf_abs_error", "0.0150", "0.3007", "0.2857"),
        ("T1", "itd_vaf_abs_error_vs_scanitd", "0.0857", "0.2000", "0.2857"),
        ("T1", "itd_ar_abs_error", "NA", "0.1100", "not called"),
        ("T1", "itd_vaf_abs_error", "NA", "0.0991", "not called"),
    ]


def test_itd_metrics_against_the_reads():
    from alwgs.accuracy.itd import CalledQuantity, itd_metrics

    rows = []
    called = CalledQuantity(vaf=0.25, ar=1 / 3, ar_ci=(0.2, 0.5), scanitd_af=None)
    itd_metrics("S", 0.33, called, 0.55, rows.append)  # reads carry AR 0.55: VAF 0.3548
    got = {r.metric: r.fields()[2:] for r in rows}
    assert got["itd_ar_abs_error_vs_reads"] == ["0.2167", "0.5500", "0.3333"]
    assert got["itd_vaf_abs_error_vs_reads"] == ["0.1048", "0.3548", "0.2500"]
    assert got["itd_ar_in_ci_vs_reads"] == ["0.0000", "0.5500", "0.2000-0.5000"]
    assert "itd_vaf_abs_error_vs_scanitd" not in got
    rows.clear()
    itd_metrics("S", 0.33, called, 0.3, rows.append)
    assert {r.metric: r.value for r in rows}["itd_ar_in_ci_vs_reads"] == 1.0


def test_sv(batch):
    table, _, details = run_batch(batch)
    assert counts(table, "T1", "sv") == (2, 1, 1)
    fn = next(d for d in details if d["class"] == "sv" and d["status"] == "FN")
    assert fn["truth_value"] == "PML::RARA" and "RARA::PML" in fn["note"]


def test_cna(batch):
    table, _, _ = run_batch(batch)
    assert counts(table, "T1", "cna") == (2, 1, 1)


def test_classification(batch):
    table, _, details = run_batch(batch)
    # eln2022, PML::RARA, germline DDX41 and the karyotype (spaces ignored) agree
    assert counts(table, "T1", "classification") == (4, 1, 1)
    cls = {(d["status"], d["key"]) for d in details if d["class"] == "classification"}
    assert ("FN", "lesion:FLT3-ITD") in cls and ("FP", "lesion:NPM1") in cls


def test_all_outputs_missing(batch):
    table, _, details = run_batch(batch)
    assert counts(table, "T2", "snv") == (0, 0, 1)
    assert counts(table, "T2", "snv", ">=0.25") == (0, 0, 1)
    assert counts(table, "T2", "indel", "0.05-0.10") == (0, 0, 1)
    assert counts(table, "T2", "sv") == (0, 0, 1)
    assert counts(table, "T2", "itd") == (0, 0, 0)  # no truth file: 0 truth items
    assert counts(table, "T2", "cna") == (0, 0, 0)
    assert counts(table, "T2", "classification") == (0, 0, 2)  # lesion + karyotype
    r = table[("T2", "snv", "all")]
    assert (r["recall"], r["precision"]) == ("0.0000", "NA")
    r = table[("T2", "itd", "all")]
    assert (r["recall"], r["precision"]) == ("NA", "NA")
    missing = {d["class"] for d in details if d["sample"] == "T2" and d["status"] == "MISSING"}
    assert missing == set(acc.CLASSES)  # every class carries its note, with or without truth


def test_cli_and_summary(batch, capsys):
    rc = score_accuracy.main(
        [
            "--truth-dir",
            str(batch["truth"]),
            "--results-dir",
            str(batch["results"]),
            "--samples",
            str(batch["samples"]),
            "--out",
            str(batch["out"]),
            "--vaf-bins",
            "0.25,0.10,0.05",
            "--sv-tolerance",
            "50",  # the BCR::ABL1 call is 50 bp off at one end, the KMT2A-PTD 100 bp
            "--cna-tolerance",
            "0.25",  # now the chr8 call 20% off matches
        ]
    )
    assert rc == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == [
        "class",
        "samples",
        "missing",
        "tp",
        "fp",
        "fn",
        "recall",
        "precision",
    ]
    table = {(r["sample"], r["class"], r["vaf_bin"]): r for r in acc.read_accuracy(batch["out"])}
    assert counts(table, "T1", "sv") == (1, 2, 2)
    assert counts(table, "T1", "cna") == (3, 0, 0)
    assert batch["out"].with_name("acc.details.tsv").exists()
    snv_line = next(line for line in out.splitlines() if line.startswith("snv"))
    assert snv_line.split()[1:6] == ["2", "1", "1", "1", "3"]  # 2 samples, T2 missing


@pytest.mark.parametrize(
    ("vaf", "label"),
    [(0.25, ">=0.25"), (0.2499, "0.10-0.25"), (0.10, "0.10-0.25"), (0.05, "0.05-0.10"),
     (0.0499, "<0.05"), (None, None)],
)  # fmt: skip
def test_vaf_bins(vaf, label):
    assert acc.vaf_bin(vaf, acc.DEFAULT_VAF_BINS) == label


def test_allele_helpers():
    assert acc.minimal_allele(600, "ATT", "AT") == (600, "AT", "A")
    assert acc.minimal_allele(10, "CAGT", "CGGT") == (11, "A", "G")
    assert acc.same_up_to_rotation("AG", "GA") and not acc.same_up_to_rotation("AG", "AC")


def test_count_row_is_the_main_table_row_of_tumors_and_normals():
    from alwgs.accuracy.tables import count_row

    # tp 1, fp 1, fn 2: recall 1/3, precision 1/2, f1 2/(2+1+2).
    row = count_row("S", "snv", "all", acc.Counts(tp=1, fp=1, fn=2))
    assert row == ["S", "snv", "all", "1", "1", "2", "0.3333", "0.5000", "0.4000"]
    # No truth: recall undefined, so f1 too; precision 0 of 3 calls.
    assert count_row("N", "germline_snv", "str", acc.Counts(fp=3))[6:] == ["NA", "0.0000", "NA"]
    assert len(row) == len(acc.MAIN_COLUMNS)


class _Namedlist(list):
    """Stand-in for snakemake.io.Namedlist: a list whose items also have names."""

    def __init__(self, **named):
        super().__init__(named.values())
        for k, v in named.items():
            setattr(self, k, v)


def test_snakemake_script_mode(batch, tmp_path):
    out = tmp_path / "acc" / "accuracy.tsv"
    details = tmp_path / "acc" / "other.details.tsv"
    log = tmp_path / "acc.log"
    sm = SimpleNamespace(
        input=_Namedlist(samples=str(batch["samples"])),
        output=_Namedlist(tsv=str(out), details=str(details)),
        params=_Namedlist(
            truth_dir=str(batch["truth"]),
            results_dir=str(batch["results"]),
            vaf_bins=[0.2],
            sv_tolerance=500,
            cna_tolerance=0.1,
        ),
        log=_Namedlist(log=str(log)),
    )
    script = Path(score_accuracy.__file__)
    runpy.run_path(str(script), init_globals={"snakemake": sm}, run_name="__main__")
    table = {(r["sample"], r["class"], r["vaf_bin"]): r for r in acc.read_accuracy(out)}
    assert counts(table, "T1", "snv", ">=0.20") == (1, 0, 1)
    assert counts(table, "T1", "snv", "<0.20") == (0, 1, 1)
    assert details.exists() and log.read_text().startswith("class")
    missing = [d for d in acc.read_accuracy(details) if d["status"] == "MISSING"]
    assert "results/small_variants/T2.somatic.vcf.gz" in [d["key"] for d in missing]


def test_sv_status_class(batch):
    table, _, details = run_batch(batch)
    # sv1 somatic right, sv2 not assessable, sv3 somatic read as germline, gdel germline right
    assert counts(table, "T1", "sv_status") == (2, 1, 2)
    assert counts(table, "T1", "sv_status", "status=somatic") == (1, 1, 2)
    assert counts(table, "T1", "sv_status", "status=germline") == (1, 0, 0)
    # tumor-only without calls: nothing to judge (detection is the sv class's question)
    assert counts(table, "T2", "sv_status") == (0, 0, 0)
    rows = {d["key"]: d for d in details if d["class"] == "sv_status" and d["sample"] == "T1"}
    assert rows["sv3 chr11:3000-chr11:8000"]["status"] == "FP"
    assert rows["sv3 chr11:3000-chr11:8000"]["called_value"] == "germline"
    assert rows["sv2 chr22:100-chr9:200"]["note"].startswith("labelled not_assessable")
    # the germline truth row is no somatic SV: class sv still has its 3 somatic rows only
    assert sum(counts(table, "T1", "sv")) == 4  # 2 TP, 1 FP, 1 FN as before
