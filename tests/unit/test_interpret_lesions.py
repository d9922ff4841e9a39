"""Lesions from each input (fusions, copy-number events, tiered small variants), and the whole
interpretation of two hand-made samples scored by the accuracy harness."""

import json

import pytest
import yaml
from alwgs.accuracy import score_classification
from alwgs.annotate.hotspots import load_hotspots
from alwgs.cnv.karyotype import load_rules
from alwgs.interpret.knowledge import load_focal, load_knowledge, load_tiers
from alwgs.interpret.lesions import cna_lesions, fusion_lesions, mutation_lesions
from alwgs.interpret.model import Call
from alwgs.interpret.oncogenicity import classify_call
from alwgs.interpret.report import SampleInfo, interpret
from alwgs.interpret.tiers import TieredCall, tier_of
from interp_fixtures import KNOWLEDGE, shipped_knowledge, write_vcf

TIERS = load_tiers(KNOWLEDGE / "amp_tiers.yaml")
FOCAL = load_focal(KNOWLEDGE / "focal_deletions.tsv")
ARM_LESIONS = load_rules(KNOWLEDGE / "karyotype.yaml")["arm_lesions"]
HOTSPOTS = load_hotspots(KNOWLEDGE / "hotspots.tsv")
FUSION_COLS = (
    "chrom1 pos1 chrom2 pos2 gene5 gene3 fusion event known orientation_ok mechanism"
    " disease source callers split_reads paired_reads sv_ids"
).split()
EVENT_COLS = (
    "chrom start end copy_number event level type arm genes log2 baf bins sv_support".split()
)


def frow(fusion, event="translocation", known="yes", ok="yes", g5="", g3=""):
    a, _, b = fusion.partition("::")
    return dict(
        zip(
            FUSION_COLS,
            [
                "chr1",
                "10",
                "chr2",
                "20",
                g5 or a,
                g3 or b,
                fusion,
                event,
                known,
                ok,
                "chimeric",
                "AML",
                "x",
                "delly",
                "5",
                "9",
                "SV1",
            ],
            strict=True,
        )
    )


def erow(event, chrom, level, change, arm=".", genes=".", cn="1"):
    return dict(
        zip(
            EVENT_COLS,
            [chrom, "0", "1000", cn, event, level, change, arm, genes, "-1", ".", "10", "."],
            strict=True,
        )
    )


# ------------------------------------------------------------------------------ fusions
FUSION_CASES = [
    ("known fusion", frow("PML::RARA"), "PML::RARA", "fusion", "AMP-T2-FUSION-KNOWN"),
    (
        "partial tandem duplication",
        frow("KMT2A-PTD", event="PTD", g5="KMT2A", g3="KMT2A"),
        "KMT2A_PTD",
        "ptd",
        "AMP-T2-PTD",
    ),
    (
        "unlisted partner of a driver gene",
        frow("KMT2A::XYZ1", known="no"),
        "KMT2A::XYZ1",
        "fusion",
        "AMP-T2-REARRANGED",
    ),
    (
        "driver gene but the ends cannot make the transcript",
        frow("KMT2A::XYZ1", known="no", ok="no"),
        None,
        None,
        None,
    ),
    ("two passenger genes", frow("AAA1::BBB2", known="no"), None, None, None),
]


@pytest.mark.parametrize("case,row,lid,kind,rule", FUSION_CASES, ids=[c[0] for c in FUSION_CASES])
def test_fusion_rows(case, row, lid, kind, rule):
    lesions, others = fusion_lesions([row], TIERS)
    if lid is None:
        assert lesions == [] and others[0]["tier"] == "III"
        return
    (le,) = lesions
    assert (le.id, le.kind, le.rule_id) == (lid, kind, rule)
    assert le.evidence[0]["split_reads"] == "5" and le.evidence[0]["sv_ids"] == "SV1"


def test_known_fusion_with_wrong_orientation_is_kept_with_a_note():
    (le,), _ = fusion_lesions([frow("RUNX1::RUNX1T1", ok="no")], TIERS)
    assert le.id == "RUNX1::RUNX1T1" and "review" in le.notes[0]


# ------------------------------------------------------------------------------ copy number
CNA_CASES = [
    (
        "arm loss",
        erow("del(5q)", "chr5", "arm", "loss", "q", "NPM1"),
        "AML",
        [("del(5q)", "cna", "5", "q")],
    ),
    (
        "whole chromosome, its genes are not focal deletions",
        erow("-7", "chr7", "chromosome", "loss", "pq", "IKZF1,EZH2"),
        "AML",
        [("-7", "cna", "7", "chromosome")],
    ),
    (
        "gain",
        erow("+8", "8", "chromosome", "gain", "pq", cn="3"),
        "AML",
        [("+8", "cna", "8", "chromosome")],
    ),
    (
        "focal deletion of a listed gene",
        erow("del(7)(p12.2)", "chr7", "focal", "loss", "p", "IKZF1"),
        "B-ALL",
        [("IKZF1_del", "focal_deletion", "", "")],
    ),
    (
        "focal deletion of two listed genes",
        erow("del(9)(p21.3)", "chr9", "focal", "loss", "p", "CDKN2A,CDKN2B,MTAP"),
        "B-ALL",
        [("CDKN2A_del", "focal_deletion", "", ""), ("CDKN2B_del", "focal_deletion", "", "")],
    ),
    (
        "focal deletion of an unlisted gene",
        erow("del(3)(p14)", "chr3", "focal", "loss", "p", "FHIT"),
        "AML",
        [],
    ),
    (
        "a disease-specific gene in another disease",
        erow("del(21)(q22)", "chr21", "focal", "loss", "q", "ERG"),
        "AML",
        [],
    ),
    (
        "focal gain (a PTD seen by depth)",
        erow("dup(11)(q23.3)", "chr11", "focal", "gain", "q", "KMT2A", cn="3"),
        "AML",
        [],
    ),
    ("copy-neutral LOH", erow("upd(17p)", "chr17", "arm", "cnloh", "p", "TP53", cn="2"), "AML", []),
    (
        # a PAR1 deletion as alwgs.cnv.events names it (reads cannot tell X from Y)
        "PAR1 deletion",
        erow("del(X)(p22.33)/del(Y)(p11.2)", "chrX", "focal", "loss", "p", "CSF2RA,IL3RA"),
        "B-ALL",
        [("CSF2RA_del", "focal_deletion", "", ""), ("IL3RA_del", "focal_deletion", "", "")],
    ),
]


@pytest.mark.parametrize("case,row,diagnosis,expected", CNA_CASES, ids=[c[0] for c in CNA_CASES])
def test_copy_number_rows(case, row, diagnosis, expected):
    lesions, listing = cna_lesions([row], TIERS, FOCAL, diagnosis, ARM_LESIONS)
    assert [(le.id, le.kind, le.chrom, le.extent) for le in lesions] == expected
    assert len(listing) == 1 and listing[0]["event"] == row["event"]
    for le in lesions:
        assert le.evidence[0]["source"] == "cnv" and le.rule_id.startswith("AMP-T2")


# ------------------------------------------------------------------------------ small variants
def call(gene, consequence, vaf, **kw):
    return Call(
        "chr1",
        100,
        "A",
        "T",
        kw.pop("filters", []),
        gene=gene,
        consequence=consequence,
        vaf=vaf,
        depth=100,
        alt_reads=int(vaf * 100),
        **kw,
    )


def test_calls_of_one_gene_are_one_lesion_with_all_evidence():
    calls = [
        call("TP53", "missense", 0.05),
        call("TP53", "stop_gained", 0.42),
        call("FLT3", "missense", 0.1, hotspot="HS-FLT3-TKD"),
        call("FLT3", "inframe_insertion", 0.2, itd=True, itd_target="FLT3-ITD"),
        call("RUNX1", "frameshift", 0.45, filters=["GermlineSuspect"]),
        call("ASXL1", "frameshift", 0.12, filters=["RepeatIndelReview"]),
    ]
    onc = load_knowledge(shipped_knowledge()).oncogenicity
    tiered = []
    for c in calls:
        o = classify_call(c, onc)
        tiered.append(
            TieredCall(c, tier_of(c, TIERS, HOTSPOTS, None, o.cls, diagnosis="AML"), True, True, o)
        )
    lesions = {le.id: le for le in mutation_lesions(tiered, HOTSPOTS)}
    assert set(lesions) == {"TP53_mut", "FLT3_TKD", "FLT3_ITD", "RUNX1_mut", "ASXL1_mut"}
    # a panel-gene indel that slippage could have made is interpreted, with a review note
    assert any("RepeatIndelReview" in n for n in lesions["ASXL1_mut"].notes)
    tp53 = lesions["TP53_mut"]
    assert len(tp53.evidence) == 2 and tp53.vaf == 0.42 and tp53.tier == "I"
    assert lesions["FLT3_TKD"].features == {"HS-FLT3-TKD"} and lesions["FLT3_TKD"].genes == (
        "FLT3",
    )
    assert lesions["FLT3_ITD"].kind == "itd"
    assert "germline" in lesions["RUNX1_mut"].notes[0]


# ------------------------------------------------------------------------------ end to end
@pytest.fixture(scope="module")
def kb():
    return load_knowledge(shipped_knowledge())


ANN_HEADER = [
    f'##INFO=<ID={k},Number={n},Type={t},Description="{k}">'
    for k, n, t in (
        ("GENE", 1, "String"),
        ("TRANSCRIPT", 1, "String"),
        ("CONSEQUENCE", 1, "String"),
        ("HGVSc", 1, "String"),
        ("HGVSp", 1, "String"),
        ("PROTEIN_START", 1, "Integer"),
        ("PROTEIN_END", 1, "Integer"),
        ("HOTSPOT", 1, "String"),
        ("PANELS", ".", "String"),
    )
] + ['##alwgs_annotation=<ID=clinvar,used="yes",file="clinvar.vcf.gz">']


def rec(pos, gene, csq, vaf, filt=("PASS",), **info):
    base = {"GENE": gene, "CONSEQUENCE": csq, "T_VAF": vaf, "T_AO": int(vaf * 100), "T_DP": 100}
    return {
        "chrom": "chr5",
        "pos": pos,
        "ref": "C",
        "alt": "T",
        "filter": list(filt),
        "info": base | info,
    }


def write_sample(folder, name, somatic, fusions, events, karyotype, normal_recs=None):
    contigs = {"chr5": 100000}
    write_vcf(folder / f"{name}.somatic.vcf.gz", somatic, [name], contigs, ANN_HEADER)
    (folder / f"{name}.fusions.tsv").write_text(
        "\t".join(FUSION_COLS) + "\n" + "".join("\t".join(r.values()) + "\n" for r in fusions)
    )
    (folder / f"{name}.events.tsv").write_text(
        "\t".join(EVENT_COLS) + "\n" + "".join("\t".join(r.values()) + "\n" for r in events)
    )
    (folder / f"{name}.karyotype.json").write_text(json.dumps(karyotype))
    (folder / f"{name}.qc.json").write_text(json.dumps({"status": "PASS", "reasons": []}))
    if normal_recs is not None:
        write_vcf(folder / "N.germline.vcf.gz", normal_recs, ["N"], contigs, ANN_HEADER)


def run(folder, kb, name, info):
    g = folder / "N.germline.vcf.gz" if info.normal else None
    return interpret(
        info,
        kb,
        str(folder / f"{name}.somatic.vcf.gz"),
        str(folder / f"{name}.fusions.tsv"),
        str(folder / f"{name}.events.tsv"),
        str(folder / f"{name}.karyotype.json"),
        str(folder / f"{name}.qc.json"),
        str(g) if g else None,
    )


def score(tmp_path, name, result, truth):
    (tmp_path / f"{name}.json").write_text(json.dumps(result))
    (tmp_path / f"{name}.clinical.yaml").write_text(yaml.safe_dump(truth))
    rows = []
    res = score_classification(
        name, tmp_path / f"{name}.clinical.yaml", tmp_path / f"{name}.json", rows.append
    )
    return res.bins["all"], rows


def test_paired_sample_with_germline_ddx41(tmp_path, kb):
    somatic = [
        rec(1000, "DDX41", "missense", 0.12, HOTSPOT="HS-DDX41-R525", HGVSp="p.(Arg525His)"),
        rec(2000, "NRAS", "missense", 0.3),  # a VUS: listed, not a lesion
        rec(3000, "DDX41", "frameshift", 0.5, filt=("NormalSupport",)),  # the germline allele
    ]
    normal = [
        {
            "chrom": "chr5",
            "pos": 3000,
            "ref": "C",
            "alt": "T",
            "info": {
                "GENE": "DDX41",
                "CONSEQUENCE": "frameshift",
                "CLNSIG": ("Pathogenic",),
                "CLNREVSTAT": ("criteria_provided", "_single_submitter"),
            },
            "fmt": {"N": {"GT": (0, 1), "AD": (15, 16)}},
        }
    ]
    write_sample(
        tmp_path,
        "T",
        somatic,
        [frow("KMT2A-PTD", event="PTD", g5="KMT2A", g3="KMT2A")],
        [erow("dup(11)(q23.3)", "chr11", "focal", "gain", "q", "KMT2A", cn="3")],
        {"karyotype": "46,XX", "chromosome_count": 46, "abnormalities": []},
        normal,
    )
    result = run(tmp_path, kb, "T", SampleInfo("T", "P", "AML", "female", 0.6, "N"))
    assert result["eln2022"]["group"] == "intermediate"
    assert [le["id"] for le in result["lesions"]] == ["KMT2A_PTD", "DDX41_mut"]
    assert [g["id"] for g in result["germline"]] == ["DDX41_germline"]
    assert result["germline"][0]["evidence"][0]["vaf"] == round(16 / 31, 4)
    assert result["icc2022"]["qualifiers"] and result["mode"] == "paired"
    assert {v["gene"]: v["lesion"] for v in result["variants"]} == {"DDX41": True, "NRAS": False}
    ddx41 = next(le for le in result["lesions"] if le["id"] == "DDX41_mut")
    # a hotspot lesion; ELN 2024 (DDX41 favorable) cites it, so it is a guideline marker
    assert ddx41["evidence"][0]["hgvsp"] == "p.(Arg525His)"
    assert ddx41["rule_id"] == "AMP-T1-GUIDELINE" and "AMP-HOTSPOT" in ddx41["notes"][0]
    assert result["eln2024"]["group"] == "favorable"
    assert result["eln2024"]["rule_id"] == "ELN24-FAV-DDX41"
    # KMT2A-PTD is cited by an ELN note only: it stays tier II.
    ptd = result["lesions"][0]
    assert [c["rule_id"] for c in ptd["classification"]] == ["ELN-EXC-KMT2A-PTD"]
    assert (ptd["tier"], ptd["rule_id"]) == ("II", "AMP-T2-PTD")
    assert result["annotation_sources"]["clinvar"]["used"] == "yes"
    assert set(result["knowledge"]) >= {"tiers", "eln", "who_icc", "germline", "hotspots"}
    counts, rows = score(
        tmp_path,
        "T",
        result,
        {
            "eln2022": "intermediate",
            "defining_lesions": ["DDX41_mut", "KMT2A_PTD"],
            "germline_findings": ["DDX41_germline"],
            "karyotype": "46,XX",
        },
    )
    assert (counts.tp, counts.fp, counts.fn) == (5, 0, 0), rows


def test_tumor_only_apl(tmp_path, kb):
    somatic = [
        rec(1000, "FLT3", "missense", 0.08, HOTSPOT="HS-FLT3-TKD"),
        rec(2000, "KIT", "missense", 1.0, filt=("GermlineSuspect",), POP_AF=(0.78,)),
        rec(3000, "EZH2", "missense", 0.05),
    ]
    write_sample(
        tmp_path,
        "A",
        somatic,
        [frow("PML::RARA")],
        [],
        {
            "karyotype": "46,XX,t(15;17)(q24.1;q21.2)",
            "chromosome_count": 46,
            "abnormalities": [{"id": "t(15;17)", "kind": "structural", "chrom": "15"}],
        },
    )
    result = run(tmp_path, kb, "A", SampleInfo("A", "P", "AML", "female", 0.85, None))
    assert result["eln2022"]["group"] == "not_applicable"
    assert result["eln2022"]["rule_id"] == "ELN-APL"
    assert [le["id"] for le in result["lesions"]] == ["PML::RARA", "FLT3_TKD"]
    assert result["who2022"]["entity"] == "APL with PML::RARA fusion"
    assert result["germline"] == [] and result["germline_confirmation"] == []
    pml = result["lesions"][0]
    assert pml["tier"] == "I" and pml["rule_id"] == "AMP-T1-GUIDELINE"
    assert {c["rule_id"] for c in pml["classification"]} >= {"ELN-APL", "WHO-AML-PML-RARA"}
    counts, _ = score(
        tmp_path,
        "A",
        result,
        {
            "eln2022": None,
            "defining_lesions": ["PML::RARA", "FLT3_TKD"],
            "germline_findings": [],
            "karyotype": "46,XX,t(15;17)(q24.1;q21.2)",
        },
    )
    assert (counts.tp, counts.fp, counts.fn) == (3, 0, 0)
