"""Hand-made pipeline outputs of one tumor/normal pair for the report tests, in the formats of
docs/CONTRACTS.md: interpretation JSON, QC gate JSONs, ITD/fusion/SV/event tables, karyotype,
coverage tables and versions. `write_batch` writes them to a folder and returns ReportInputs;
keyword arguments replace any part (e.g. a QC FAIL gate, no lesions)."""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path

from alwgs.report.context import ReportInputs

SETTINGS = {
    "lab": "Test lab",
    "assay": "Acute leukemia WGS (test)",
    "disclaimer": "Test disclaimer.",
    "limitations": ["Assay limitation A."],
    "coverage": {
        "tumor_min_depth": 20,
        "normal_min_depth": 15,
        "min_fraction": 0.9,
        "splice_pad": 2,
    },
    "list_noncoding_tier3": False,
    "igv": {"flanking": 1000},
    "delivery_name": "",
}
META = {
    "sample": "S1-T",
    "batch": "batch-1",
    "created": "2026-01-02 03:04 UTC",
    "pipeline_version": "0.1.0 (commit abc)",
    "reference": {"build": "GRCh38", "fasta": "genome.fa", "gff3": "genes.gff3"},
    "itd_targets": ["FLT3-ITD", "UBTF-TD"],
    "cnv_reference_note": "matched normal S1-N",
    "method_steps": ["Step one."],
    "igv_page": "S1-T.igv.html",
    "igv_sites": 4,
}
SOURCES = {
    "clinvar": {"used": "yes", "file": "clinvar.vcf.gz", "version": "2025-01"},
    "population_af": {"used": "yes", "file": "gnomad.vcf.gz", "version": "4.1"},
    "transcripts": {"used": "yes", "file": "preferred_transcripts.tsv", "version": "version: 1"},
}


def variant(gene, tier, hgvsp, pos, consequence="missense", **kw):
    v = {
        "source": "small_variants",
        "variant": f"chr1:{pos}:C>T",
        "chrom": "chr1",
        "pos": pos,
        "ref": "C",
        "alt": "T",
        "gene": gene,
        "transcript": f"{gene}-201",
        "consequence": consequence,
        "hgvsc": f"c.{pos}C>T",
        "hgvsp": hgvsp,
        "vaf": 0.31,
        "alt_reads": 31,
        "depth": 100,
        "normal_vaf": 0.0,
        "filter": "PASS",
        "population_af": None,
        "clinvar": "Pathogenic" if tier == "I" else "",
        "hotspot": "",
        "tier": tier,
        "level": {"I": "A", "II": "C"}.get(tier),
        "tier_rule": f"RULE-{tier}",
        "lesion": tier in ("I", "II"),
    }
    v.update(kw)
    return v


NPM1 = variant(
    "NPM1",
    "I",
    "p.(Trp288CysfsTer12)",
    500,
    "frameshift",
    oncogenicity={
        "class": "likely_oncogenic",
        "points": 7,
        "codes": [
            {"code": "OS2", "points": 4, "detail": "FE-NPM1-EXON12-FRAMESHIFT"},
            {"code": "OM1", "points": 2, "detail": "NPM1 C-terminal region"},
            {"code": "OP4", "points": 1, "detail": "absent from the population database"},
        ],
        "not_evaluated": [{"code": "OP1", "reason": "no computational predictor"}],
        "excluded": [],
    },
)
DNMT3A = variant("DNMT3A", "II", "p.(Arg882His)", 300)
ABL1_T3 = variant("ABL1", "III", "p.(Val194Glu)", 700)
SF3B1_T3_INTRON = variant("SF3B1", "III", "", 900, "intron")
BCR_T4 = variant("BCR", "IV", "p.(Ser1Leu)", 1100, population_af=0.2)
ITD_VARIANT = variant(
    "FLT3", "I", "p.(His591_Tyr610dup)", 2000, "inframe_insertion", itd_target="FLT3-ITD"
)
ITD_VARIANT["chrom"] = "chr13"
ITD_VARIANT["hgvsc"] = "c.1771_1830dup"

INTERPRETATION = {
    "alwgs_interpretation": 1,
    "sample": "S1-T",
    "patient": "S1",
    "diagnosis": "AML",
    "sex": "male",
    "blast_fraction": 0.8,
    "mode": "paired",
    "matched_normal": "S1-N",
    "status": "complete",
    "qc": {"status": "PASS", "reasons": []},
    "karyotype": "46,XY,-7",
    "karyotype_detail": {"chromosome_count": 45, "complex": False, "monosomal": False},
    "eln2022": {
        "guideline": "ELN 2022",
        "year": 2022,
        "version": "1",
        "group": "adverse",
        "rule_id": "ELN-ADV-7",
        "decided_by": [
            {"rule_id": "ELN-ADV-7", "marker": "-7", "group": "adverse", "lesions": ["-7"]}
        ],
        "exceptions": [],
        "notes": [],
        "reason": None,
    },
    "who2022": {
        "entity": "AML with NPM1 mutation",
        "rule_id": "WHO-NPM1",
        "lesions": ["NPM1_mut"],
        "notes": [],
        "qualifiers": [],
    },
    "icc2022": {
        "entity": "AML with mutated NPM1",
        "rule_id": "ICC-NPM1",
        "lesions": ["NPM1_mut"],
        "notes": [],
        "qualifiers": [],
    },
    "who_icc_concordant": True,
    "lesions": [
        {
            "id": "NPM1_mut",
            "kind": "mutation",
            "genes": ["NPM1"],
            "tier": "I",
            "level": "A",
            "rule_id": "AMP-HOTSPOT",
            "description": "NPM1 exon 12",
            "evidence": [dict(NPM1)],
            "classification": [
                {"rule_id": "WHO-NPM1", "guideline": "WHO", "year": 2022, "role": "defining lesion"}
            ],
            "vaf": 0.31,
        },
        {
            "id": "FLT3_ITD",
            "kind": "itd",
            "genes": ["FLT3"],
            "tier": "I",
            "level": "A",
            "rule_id": "AMP-T1-FLT3-ITD",
            "description": "FLT3-ITD",
            "evidence": [dict(ITD_VARIANT)],
            "classification": [],
            "vaf": 0.3,
        },
        {
            "id": "DNMT3A_mut",
            "kind": "mutation",
            "genes": ["DNMT3A"],
            "tier": "II",
            "level": "C",
            "rule_id": "AMP-HOTSPOT",
            "description": "DNMT3A R882",
            "evidence": [dict(DNMT3A)],
            "classification": [],
            "vaf": 0.31,
        },
        {
            "id": "-7",
            "kind": "cna",
            "genes": [],
            "tier": "I",
            "level": "A",
            "rule_id": "AMP-T2-CNA",
            "description": "monosomy 7",
            "evidence": [
                {"source": "cnv", "chrom": "chr7", "start": "0", "end": "1000", "event": "-7"}
            ],
            "classification": [
                {
                    "rule_id": "ELN-ADV-7",
                    "guideline": "ELN",
                    "year": 2022,
                    "role": "decided the group",
                }
            ],
        },
    ],
    "germline": [],
    "germline_confirmation": [],
    "variants": [BCR_T4, ABL1_T3, SF3B1_T3_INTRON, DNMT3A, NPM1, ITD_VARIANT],
    "structural_variants": [],
    "copy_number": [],
    "annotation_sources": SOURCES,
    "knowledge": {"eln": {"file": "eln2022.yaml", "version": "2026.11-1", "source": "ELN"}},
}


def qc_gate(sample: str, status: str = "PASS", kind: str = "tumor") -> dict:
    depth = {"tumor": (60.0, 40.0), "normal": (25.0, 15.0)}[kind]
    value = {"PASS": 80.0, "WARN": 50.0, "FAIL": 30.0}[status]
    reasons = (
        []
        if status == "PASS"
        else [f"mean_depth {value} < {depth[0 if status == 'WARN' else 1]} ({status.lower()})"]
    )
    return {
        "sample": sample,
        "type": kind,
        "status": status,
        "reasons": reasons,
        "checks": [
            {
                "id": "percent_mapped",
                "metric": "percent_mapped",
                "value": 99.5,
                "warn": 97.0,
                "fail": 95.0,
                "status": "PASS",
            },
            {
                "id": f"mean_depth_{kind}",
                "metric": "mean_depth",
                "value": value,
                "warn": depth[0],
                "fail": depth[1],
                "status": status,
            },
            {
                "id": "sex_check",
                "metric": "sex_check",
                "value": "male",
                "warn": None,
                "fail": None,
                "status": "PASS",
            },
        ],
        "metrics": {},
    }


ITD_TSV = [
    "sample\ttarget\tchrom\tpos\tlength\tinsertion_seq\titd_fragments\twt_fragments\tspanning_fragments\tvaf\tvaf_ci_low\tvaf_ci_high\tallelic_ratio\tar_ci_low\tar_ci_high\titd_records\tsequence_duplicates\titd_evidence\tdetected_by\tscanitd_af\tscanitd_vaf_difference\tnote",
    "S1-T\tFLT3-ITD\tchr13\t2000\t60\tACGT\t20\t47.5\t67.5\t0.2963\t0.2015\t0.4132\t0.4211"
    "\t0.2523\t0.7041\t31\t0\tinsertion:12,softclip:8\tboth\t0.14\t0.1563\tScanITD AF 0.140 "
    "differs from the fragment VAF 0.296 by 0.156 (more than 0.05); ScanITD's AR 0.16 is "
    "outside the 95% interval",
]
FUSIONS_TSV = [
    "chrom1\tpos1\tchrom2\tpos2\tgene5\tgene3\tfusion\tevent\tknown\torientation_ok\tmechanism\tdisease\tsource\tcallers\tsplit_reads\tpaired_reads\tsv_ids\tsomatic_status\tnormal_fragments\texpected_normal_fragments\tnormal_depth\tpower\tstatus_reason",
    "chr11\t100\tchr11\t900\tKMT2A\tKMT2A\tKMT2A-PTD\tPTD\tyes\tyes\tptd\tAML\tWHO\tdelly\t19\t14\tSV0002\tsomatic\t0\t6.20\t30.1\t0.985\tr",
    "chr3\t50\tchr5\t60\tGENEA\tGENEB\tGENEA::GENEB\ttranslocation\tno\tyes\tchimeric\t.\t.\tdelly\t8\t3\tSV0003\tnot_assessable\t0\t1.20\t2.2\t0.337\t"
    "0 supporting fragment(s) in the normal, but its depth 2.2 gives 1.2 expected for a"
    " germline junction, power 0.33 < 0.95",
]
SV_TSV = [
    "id\tsvtype\tchrom1\tpos1\tstrand1\tchrom2\tpos2\tstrand2\tcallers\tsplit_reads\tpaired_reads\tfilter\tgenes1\tgenes2\tsomatic_status",
    "SV0001\tDEL\tchr7\t10\t+\tchr7\t900\t-\tdelly\t5\t5\tPASS\t.\t.\tgermline",
    "SV0002\tDUP\tchr11\t100\t-\tchr11\t900\t+\tdelly\t19\t14\tPASS\tKMT2A\tKMT2A\tsomatic",
    "SV0003\tBND\tchr3\t50\t+\tchr5\t60\t-\tdelly\t8\t3\tPASS\tGENEA\tGENEB\tnot_assessable",
    "SV0004\tBND\tchr3\t50\t+\tchr5\t60\t-\tdelly\t1\t0\tMinSupport\t.\t.\tsomatic",
]
EVENTS_TSV = [
    "chrom\tstart\tend\tcopy_number\tevent\tlevel\ttype\tarm\tgenes\tlog2\tbaf\tbins\tsv_support",
    "chr7\t0\t1000\t1\t-7\tchromosome\tloss\tpq\tIKZF1,CDKN2A\t-0.99\t0.78\t200\t.",
    "chr11\t99\t900\t3\tdup(11)(q23.3)\tfocal\tgain\tq\tKMT2A\t0.54\t.\t37\tSV0002",
]
KARYOTYPE = {
    "karyotype": "45,XY,-7",
    "chromosome_count": 45,
    "abnormality_count": 1,
    "complex": False,
    "monosomal": False,
    "ploidy_group": "near-diploid",
}
COVERAGE_HEADER = "\t".join(
    "sample gene panels transcript chrom bases mean_depth min_depth pct_at_min_depth status"
    " failed_exons".split()
)
NO_TRANSCRIPT = "no transcript in the reference annotation"
COVERAGE_TUMOR = [
    COVERAGE_HEADER,
    "S1-T\tNPM1\tmyeloid\tNPM1-201\tchr5\t900\t80.0\t20\t100.0\tPASS\t",
    "S1-T\tCDKN2A\tlymphoid\tCDKN2A-201\tchr7\t400\t2.0\t20\t0.0\tINSUFFICIENT\texon 1 (0.0%)",
    "S1-T\tTP53\tmyeloid,germline\tTP53-201\tchr17\t1200\t70.0\t20\t95.0\tPASS\texon 4 (80.0%)",
    f"S1-T\tWT1\tmyeloid\t.\t.\t0\t.\t20\t.\tNOT_ASSESSED\t{NO_TRANSCRIPT}",
]
COVERAGE_NORMAL = [
    COVERAGE_HEADER,
    "S1-N\tTP53\tmyeloid,germline\tTP53-201\tchr17\t1200\t30.0\t15\t100.0\tPASS\t",
    "S1-N\tNPM1\tmyeloid\tNPM1-201\tchr5\t900\t30.0\t15\t100.0\tPASS\t",
    f"S1-N\tANKRD26\tgermline\t.\t.\t0\t.\t15\t.\tNOT_ASSESSED\t{NO_TRANSCRIPT}",
]
VERSIONS = ["tool\tversion", "bwa\t0.7.17", "weasyprint\t70.0"]
GERMLINE_RULES = (
    "version: '1'\ngenes:\n"
    "  - {gene: TP53, mechanism: loss_of_function, category: x}\n"
    "  - {gene: ANKRD26, mechanism: other, category: y}\n"
)
DELLY_VCF = (
    "##fileformat=VCFv4.2\n##alwgs_sv_mode=<caller=delly,mode=paired,normal=S1-N>\n"
    '##alwgs_sv_note="somatic filter against S1-N"\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n'
    "chr7\t10\tSV0001\tN\t<DEL>\t.\tPASS\t.\n"
)
TIDDIT_VCF = (
    "##fileformat=VCFv4.2\n##alwgs_sv_mode=<caller=tiddit,mode=paired,normal=S1-N>\n"
    '##alwgs_sv_note="tiddit stopped: no tiddit calls"\n'
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
)
# A 1x1 PNG (the report embeds whatever plot it is given).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def interpretation(**changes) -> dict:
    interp = copy.deepcopy(INTERPRETATION)
    interp.update(changes)
    return interp


def write_batch(tmp: Path, interp: dict | None = None, **override) -> ReportInputs:
    """Every input of one report in `tmp`. override: a name of ReportInputs -> None (missing)
    or replacement content (dict for JSON, list of lines for TSV)."""
    tmp.mkdir(parents=True, exist_ok=True)
    files = {
        "interpretation": interp if interp is not None else interpretation(),
        "qc_tumor": qc_gate("S1-T"),
        "qc_normal": qc_gate("S1-N", "WARN", "normal"),
        "itd": ITD_TSV,
        "fusions": FUSIONS_TSV,
        "sv_table": SV_TSV,
        "events": EVENTS_TSV,
        "karyotype": KARYOTYPE,
        "coverage_tumor": COVERAGE_TUMOR,
        "coverage_normal": COVERAGE_NORMAL,
        "versions": VERSIONS,
    }
    files.update({k: v for k, v in override.items() if k in files})
    paths: dict[str, str | None] = {}
    for name, content in files.items():
        if content is None:
            paths[name] = None
            continue
        path = tmp / (f"{name}.json" if isinstance(content, dict) else f"{name}.tsv")
        if isinstance(content, dict):
            path.write_text(json.dumps(content))
        else:
            path.write_text("\n".join(content) + "\n")
        paths[name] = str(path)
    plot = tmp / "S1-T.cnv.png"
    plot.write_bytes(PNG)
    (tmp / "germline.yaml").write_text(GERMLINE_RULES)
    (tmp / "qc.yaml").write_text("version: '2.0'\n")
    (tmp / "known_fusions.tsv").write_text("# version: 3\ngene5\tgene3\n")
    (tmp / "genome.fa.fai").write_text("chr1\t1000\t6\t60\t61\nchr2\t500\t1100\t60\t61\n")
    (tmp / "genome.dict").write_text(
        "@HD\tVN:1.0\n@SQ\tSN:chr1\tLN:1000\tM5:aaa\n@SQ\tSN:chr2\tLN:500\tM5:bbb\n"
    )
    vcfs = []
    for name, text in (("S1-T.delly.vcf.gz", DELLY_VCF), ("S1-T.tiddit.vcf.gz", TIDDIT_VCF)):
        with gzip.open(tmp / name, "wt") as fh:
            fh.write(text)
        vcfs.append(str(tmp / name))
    return ReportInputs(
        interpretation=paths["interpretation"],
        qc_tumor=paths["qc_tumor"],
        qc_normal=paths["qc_normal"],
        itd=paths["itd"],
        fusions=paths["fusions"],
        sv_table=paths["sv_table"],
        sv_vcfs=override.get("sv_vcfs", vcfs),
        events=paths["events"],
        karyotype=paths["karyotype"],
        cnv_plot=override.get("cnv_plot", str(plot)),
        coverage_tumor=paths["coverage_tumor"],
        coverage_normal=paths["coverage_normal"],
        versions=paths["versions"],
        reference_fai=str(tmp / "genome.fa.fai"),
        reference_dict=str(tmp / "genome.dict"),
        germline_rules=str(tmp / "germline.yaml"),
        knowledge={
            "QC thresholds": str(tmp / "qc.yaml"),
            "known fusions": str(tmp / "known_fusions.tsv"),
        },
    )
