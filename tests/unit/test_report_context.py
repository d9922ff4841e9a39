"""The report context (what a report shows) from hand-made pipeline outputs: tier grouping and
sorting, missing inputs shown as "not assessed", the QC FAIL banner, a sample with no
reportable lesion, tumor-only and coverage limitations."""

import pytest
from alwgs.report.context import build_context
from report_fixtures import META, SETTINGS, interpretation, qc_gate, write_batch


def context(tmp_path, interp=None, settings=SETTINGS, meta=META, **override):
    return build_context(write_batch(tmp_path, interp, **override), settings, meta)


def test_identifiers_and_summary(tmp_path):
    r = context(tmp_path)
    ident = r["identifiers"]
    assert (ident["sample"], ident["patient"], ident["batch"]) == ("S1-T", "S1", "batch-1")
    assert ident["blast_fraction"] == "80%" and ident["mode"] == "tumor/normal"
    assert ident["pipeline_version"] == "0.1.0 (commit abc)"
    eln = r["summary"]["eln2022"]
    assert eln["group_text"] == "Adverse" and eln["guideline"] == "ELN 2022"
    assert eln["decided_by"] == [{"rule_id": "ELN-ADV-7", "marker": "-7", "lesions": ["-7"]}]
    labels = [f["label"] for f in r["summary"]["findings"]]
    # tier I first (in the interpretation's order), then tier II
    assert labels == ["NPM1 p.(Trp288CysfsTer12)", "FLT3-ITD", "-7", "DNMT3A p.(Arg882His)"]
    assert r["summary"]["who2022"]["lesions"] == ["NPM1 p.(Trp288CysfsTer12)"]
    assert r["status"] == {
        "report": "complete",
        "qc": "PASS",
        "interpretation": "complete",
        "banners": r["status"]["banners"],
        "signoff": "awaiting review",
    }


def test_small_variants_grouped_by_tier_and_sorted(tmp_path):
    extra = [
        {**v, "gene": g, "pos": p}
        for v, g, p in [
            (interpretation()["variants"][3], "ASXL1", 50),  # a second tier II, sorts first
        ]
    ]
    interp = interpretation()
    interp["variants"] = interp["variants"] + extra
    sv = context(tmp_path, interp)["small_variants"]
    assert [t["tier"] for t in sv["tiers"]] == ["I", "II", "III"]
    genes = {t["tier"]: [row["gene"] for row in t["rows"]] for t in sv["tiers"]}
    # the ITD is not a small variant row (section 5); tier II sorted by gene
    assert genes == {"I": ["NPM1"], "II": ["ASXL1", "DNMT3A"], "III": ["ABL1"]}
    assert sv["tier3_not_listed"] == 1 and sv["tier4_count"] == 1
    assert any("1 tier IV" in n for n in sv["notes"])
    npm1 = sv["tiers"][0]["rows"][0]
    assert (npm1["vaf_text"], npm1["reads_text"], npm1["population_af_text"]) == (
        "31.0%",
        "31/100",
        "absent",
    )
    assert npm1["clinvar"] == "Pathogenic" and npm1["lesion"] is True
    # Each variant shows its oncogenicity class with the codes and points that made it.
    assert npm1["oncogenicity"] == "likely oncogenic"
    assert npm1["oncogenicity_codes"] == "OS2 +4, OM1 +2, OP4 +1 = 7 points"
    assert npm1["oncogenicity_not_evaluated"] == ["OP1"]
    # An interpretation written before the oncogenicity link says so rather than guessing.
    abl1 = sv["tiers"][2]["rows"][0]
    assert (abl1["oncogenicity"], abl1["oncogenicity_codes"]) == ("not available", "")


def test_noncoding_tier3_listed_when_configured(tmp_path):
    settings = {**SETTINGS, "list_noncoding_tier3": True}
    sv = context(tmp_path, settings=settings)["small_variants"]
    assert [row["gene"] for row in sv["tiers"][2]["rows"]] == ["ABL1", "SF3B1"]
    assert sv["tier3_not_listed"] == 0


def test_empty_tier_does_not_deny_unlisted_variants(tmp_path):
    interp = interpretation()
    # only the noncoding tier III variant (SF3B1) is left: the tier is empty as listed
    interp["variants"] = [v for v in interp["variants"] if v.get("gene") != "ABL1"]
    sv = context(tmp_path, interp)["small_variants"]
    tier3 = sv["tiers"][2]
    assert tier3["rows"] == [] and sv["tier3_not_listed"] == 1
    assert tier3["empty"] == "No tier III variant in the coding sequence or splice sites."
    assert sv["tiers"][0]["empty"] == "No tier I variant."


def test_databases_not_used_are_not_assessed(tmp_path):
    interp = interpretation()
    interp["annotation_sources"] = {"clinvar": {"used": "no"}, "population_af": {"used": "no"}}
    row = context(tmp_path, interp)["small_variants"]["tiers"][0]["rows"][0]
    assert row["clinvar"] == "not assessed" and row["population_af_text"] == "not assessed"


def test_databases_left_out_read_not_used_not_configured(tmp_path):
    """Each database the batch config leaves out says so in the methods, one row each (the
    annotation's own sources, then the databases only the config knows)."""
    interp = interpretation()
    note = {"used": "no", "note": "not configured (databases.clinvar)"}
    interp["annotation_sources"] = {**interp["annotation_sources"], "clinvar": note}
    meta = {
        **META,
        "databases": {
            "clinvar": "",
            "population_af": "gnomad.vcf.gz",
            "panel_of_normals": "",
            "identity_sites": "sites.vcf.gz",
        },
    }
    rows = {d["name"]: d for d in context(tmp_path, interp, meta=meta)["methods"]["databases"]}
    assert (rows["clinvar"]["used"], rows["clinvar"]["file"]) == (
        "not used (not configured)",
        "none",
    )
    assert rows["population_af"]["used"] == "yes"
    assert rows["panel_of_normals"]["used"] == "not used (not configured)"
    assert (rows["identity_sites"]["used"], rows["identity_sites"]["file"]) == (
        "yes",
        "sites.vcf.gz",
    )


def test_methods_cite_the_reference_bundle(tmp_path):
    bundle = "sha256:" + "ab" * 32
    meta = {**META, "reference": {**META["reference"], "bundle_id": bundle}}
    assert context(tmp_path, meta=meta)["methods"]["reference"]["bundle_id"] == bundle
    without = context(tmp_path)["methods"]["reference"]["bundle_id"]
    assert without.startswith("none (reference files named one by one")


def test_tandem_duplications_and_fusions(tmp_path):
    r = context(tmp_path)
    td = r["tandem_duplications"]
    assert td["targets"] == [
        {"name": "FLT3-ITD", "result": "detected"},
        {"name": "UBTF-TD", "result": "not detected"},
    ]
    itd = td["rows"][0]
    assert (itd["length"], itd["vaf_text"], itd["allelic_ratio_text"], itd["tier"]) == (
        60,
        "29.6%",
        "0.42 (95% CI 0.25–0.70; 20 ITD / 48 wild-type fragments)",
        "I",
    )
    assert itd["scanitd_af_text"] == "0.140" and itd["note"].startswith("ScanITD AF 0.140 differs")
    assert itd["hgvsc"] == "c.1771_1830dup" and itd["lesion"] == "FLT3_ITD"
    assert [p["name"] for p in td["ptds"]] == ["KMT2A-PTD"] and td["ptds"][0]["span"] == 801
    assert td["ptds"][0]["somatic_status_text"] == (
        "somatic (0 of 6.20 expected supporting fragments in the normal, power 0.985)"
    )
    fu = r["fusions"]
    # the PTD is listed with the tandem duplications, not again as a fusion
    assert [f["fusion"] for f in fu["rows"]] == ["GENEA::GENEB"] and fu["rows"][0]["tier"] == "III"
    assert fu["rows"][0]["somatic_status_text"] == (
        "somatic status not assessable: 0 supporting fragment(s) in the normal, but its depth"
        " 2.2 gives 1.2 expected for a germline junction, power 0.33 < 0.95"
    )
    assert (fu["sv_pass"], fu["sv_other"]) == (3, 1)
    # the filtered SV0004 is not counted
    assert fu["sv_status_counts"] == {"somatic": 1, "germline": 1, "not_assessable": 1}
    assert [(c["caller"], c["records"]) for c in fu["callers"]] == [("delly", 1), ("tiddit", 0)]
    assert any("tiddit reported no call" in lim for lim in r["limitations"])


def test_itd_target_the_stage_could_not_place_is_not_searched(tmp_path):
    inputs = write_batch(tmp_path)
    (tmp_path / "targets.bed").write_text("chr13\t100\t500\tFLT3-ITD\n")
    inputs.itd_targets = str(tmp_path / "targets.bed")
    r = build_context(inputs, SETTINGS, META)
    assert r["tandem_duplications"]["targets"] == [
        {"name": "FLT3-ITD", "result": "detected"},
        {"name": "UBTF-TD", "result": "not searched (gene not in the reference annotation)"},
    ]
    assert (
        "UBTF-TD was not searched: its gene is not in the reference annotation."
        in (r["limitations"])
    )


def test_copy_number_links_events_to_lesions_and_fusions(tmp_path):
    cn = context(tmp_path)["copy_number"]
    assert cn["karyotype"] == "45,XY,-7" and cn["chromosome_count"] == 45
    minus7, dup = cn["rows"]
    assert (minus7["lesion"], minus7["tier"], minus7["region"]) == ("-7", "I", "chr7:1-1000")
    assert dup["lesion"] == "" and dup["same_event_as"] == "KMT2A-PTD"
    assert dup["baf_text"] == "not available"
    assert cn["plot"] == "S1-T.cnv.png"


def test_not_assessable_rows_and_regions_are_shown_as_such(tmp_path):
    header = EVENTS_EMPTY[0] + "\tcallable_bp\tnote"
    note = "13 not assessable: 6,500 callable bp, below cnv.min_callable_bp (7,000,000)"
    events = [
        header,
        f"chr13\t0\t6500\t3\tgain(13)\tnot_assessable\tgain\tq\t.\t0.58\t.\t9\t.\t6500\t{note}",
    ]
    karyotype = {
        "karyotype": "46,XX",
        "chromosome_count": 46,
        "not_assessable": [{"region": "13", "level": "chromosome", "callable_bp": 6500}],
    }
    cn = context(tmp_path, events=events, karyotype=karyotype)["copy_number"]
    (row,) = cn["rows"]
    assert (row["event"], row["level"], row["note"], row["lesion"]) == (
        "gain(13)",
        "not_assessable",
        note,
        "",
    )
    assert any(n.endswith("the karyotype says nothing about them): 13.") for n in cn["notes"])


def test_missing_inputs_say_not_assessed(tmp_path):
    r = context(
        tmp_path,
        qc_tumor=None,
        qc_normal=None,
        itd=None,
        fusions=None,
        sv_table=None,
        events=None,
        karyotype=None,
        coverage_tumor=None,
        coverage_normal=None,
        versions=None,
        sv_vcfs=[],
        cnv_plot=None,
    )
    assert r["status"]["qc"] == "not assessed"
    assert r["qc"]["tumor"]["status"] == "not assessed" and r["qc"]["rows"] == []
    assert all(t["result"] == "not assessed" for t in r["tandem_duplications"]["targets"])
    assert r["tandem_duplications"]["ptd_assessed"] is False
    assert r["fusions"]["assessed"] is False and r["fusions"]["sv_assessed"] is False
    assert r["copy_number"]["assessed"] is False and r["copy_number"]["plot"] is None
    # the karyotype string then comes from the interpretation
    assert r["copy_number"]["karyotype"] == "46,XY,-7"
    assert [c["assessed"] for c in r["coverage"]["blocks"]] == [False, False]
    assert r["methods"]["tools"] == [] and r["methods"]["tools_assessed"] is False
    assert any("not assessed" in b["text"] for b in r["status"]["banners"])
    assert any("Coverage of the panel genes was not assessed" in x for x in r["limitations"])


def test_missing_interpretation_still_reports_the_qc(tmp_path):
    r = context(tmp_path, interpretation=None)
    assert r["status"]["banners"][0]["level"] == "fail"
    assert "interpretation of this sample is missing" in r["status"]["banners"][0]["text"]
    assert r["summary"]["findings"] == [] and r["summary"]["eln2022"]["group"] is None
    assert r["qc"]["tumor"]["status"] == "PASS"


def test_qc_fail_is_the_first_banner_and_makes_the_report_provisional(tmp_path):
    interp = interpretation(status="provisional (QC FAIL)")
    r = context(tmp_path, interp, qc_tumor=qc_gate("S1-T", "FAIL"))
    assert r["status"]["report"] == "provisional (QC FAIL)"
    first = r["status"]["banners"][0]
    assert first["level"] == "fail" and first["text"].startswith(
        "QC FAIL for S1-T: Mean depth 30.0"
    )
    assert [c["metric"] for c in r["qc"]["tumor"]["failing"]] == ["Mean depth"]
    assert any(lim.startswith("QC FAIL for S1-T") for lim in r["limitations"])


def test_qc_check_the_gate_could_not_make_is_not_assessed(tmp_path):
    gate = qc_gate("S1-T")
    gate["checks"].append({"id": "identity", "metric": "identity", "value": None, "status": "NA"})
    r = context(tmp_path, qc_tumor=gate)
    identity = next(c for c in r["qc"]["tumor"]["checks"] if c["key"] == "identity")
    assert identity["status"] == "not assessed" and r["qc"]["tumor"]["status"] == "PASS"


def test_normal_qc_fail_is_named(tmp_path):
    r = context(tmp_path, qc_normal=qc_gate("S1-N", "FAIL", "normal"))
    texts = [b["text"] for b in r["status"]["banners"] if b["level"] == "fail"]
    assert texts and texts[0].startswith("The matched normal S1-N FAILED QC")
    assert r["status"]["report"] == "complete"  # the tumor passed


def test_a_provisional_icc_entity_says_so(tmp_path):
    interp = interpretation(
        lesions=[],
        variants=[],
        who2022={"entity": "T-ALL, NOS", "lesions": []},
        icc2022={"entity": "T-ALL with TLX3 rearrangement", "provisional": True, "lesions": []},
        karyotype="46,XY",
    )
    r = context(tmp_path, interp, itd=ITD_EMPTY, fusions=FUSIONS_EMPTY, events=EVENTS_EMPTY)
    assert r["summary"]["icc2022"]["entity"] == (
        "T-ALL with TLX3 rearrangement (provisional entity)"
    )
    assert r["summary"]["who2022"]["entity"] == "T-ALL, NOS"


def test_no_reportable_variant(tmp_path):
    interp = interpretation(
        lesions=[],
        variants=[],
        eln2022={
            "guideline": "ELN 2022",
            "year": 2022,
            "group": "intermediate",
            "rule_id": "ELN-INT-OTHER",
            "decided_by": [],
            "reason": "Neither favorable nor adverse",
        },
        who2022={"entity": None, "lesions": [], "notes": ["no defining lesion"]},
        icc2022={"entity": None, "lesions": []},
        karyotype="46,XY",
    )
    r = context(tmp_path, interp, itd=ITD_EMPTY, fusions=FUSIONS_EMPTY, events=EVENTS_EMPTY)
    assert r["summary"]["findings"] == []
    assert r["summary"]["eln2022"]["reason"] == "Neither favorable nor adverse"
    assert r["summary"]["who2022"]["has_entity"] is False
    assert all(t["rows"] == [] for t in r["small_variants"]["tiers"])
    assert r["small_variants"]["reportable_count"] == 0
    assert r["tandem_duplications"]["rows"] == [] and r["fusions"]["rows"] == []
    assert r["copy_number"]["rows"] == []


ITD_EMPTY = [
    "sample\ttarget\tchrom\tpos\tlength\tinsertion_seq\titd_fragments\twt_fragments\tspanning_fragments\tvaf\tvaf_ci_low\tvaf_ci_high\tallelic_ratio\tar_ci_low\tar_ci_high\titd_records\tsequence_duplicates\titd_evidence\tdetected_by\tscanitd_af\tscanitd_vaf_difference\tnote"
]
FUSIONS_EMPTY = [
    "chrom1\tpos1\tchrom2\tpos2\tgene5\tgene3\tfusion\tevent\tknown\torientation_ok\tmechanism\tdisease\tsource\tcallers\tsplit_reads\tpaired_reads\tsv_ids"
]
EVENTS_EMPTY = [
    "chrom\tstart\tend\tcopy_number\tevent\tlevel\ttype\tarm\tgenes\tlog2\tbaf\tbins\tsv_support"
]


def test_tumor_only(tmp_path):
    interp = interpretation(mode="tumor_only", matched_normal=None, blast_fraction=None)
    interp["germline_confirmation"] = [
        {"gene": "TP53", "reason": "VAF near 50%", "evidence": [{"hgvsc": "c.1A>G", "vaf": 0.49}]}
    ]
    r = context(tmp_path, interp)
    assert r["qc"]["normal"] is None and len(r["coverage"]["blocks"]) == 1
    assert r["germline"]["assessed"] is False
    assert r["germline"]["confirmation"][0]["vaf_text"] == "49.0%"
    assert r["identifiers"]["blast_fraction"] == "not given"
    assert any(lim.startswith("Tumor-only analysis") for lim in r["limitations"])
    assert any("Blast fraction not given" in lim for lim in r["limitations"])
    assert "Copy-neutral LOH is not called without a matched normal." in r["copy_number"]["notes"]


def test_tumor_only_with_loh_from_the_heterozygosity_deficit_says_what_it_covers(tmp_path):
    interp = interpretation(mode="tumor_only", matched_normal=None)
    method = (
        "tumor-only: whole-chromosome LOH assessed from the heterozygosity deficit at common"
        " SNPs (cnv.tumor_only_loh); focal cnLOH needs a matched normal"
    )
    karyotype = {
        "karyotype": "46,XX",
        "chromosome_count": 46,
        "masked_hypodiploidy": {"status": "not_applicable", "loh_method": method},
    }
    notes = context(tmp_path, interp, karyotype=karyotype)["copy_number"]["notes"]
    assert "Copy-neutral LOH is not called without a matched normal." not in notes
    assert any(n.startswith("Copy-neutral LOH without a matched normal: whole") for n in notes)


def test_a_doubled_hypodiploid_clone_says_why_its_group_differs_from_its_count(tmp_path):
    masked = {
        "status": "detected", "observed_count": 54, "hypodiploid_count": 27,
        "group": "near-haploid", "observed_group": "high hyperdiploid",
        "loh_chromosomes": [{"chrom": c} for c in ("1", "2", "3", "4", "5")],
        "reason": "54 chromosomes with whole-chromosome LOH of 5 (1, 2, 3, 4, 5)",
    }  # fmt: skip
    karyotype = {"karyotype": "54,XX,+X,+X", "chromosome_count": 54,
                 "ploidy_group": "near-haploid", "masked_hypodiploidy": masked}  # fmt: skip
    cn = context(tmp_path, interpretation(), karyotype=karyotype)["copy_number"]
    assert cn["ploidy_group"] == "near-haploid"
    assert cn["ploidy_basis"] == (
        "masked hypodiploidy: a doubled clone of about 27 chromosomes, whole-chromosome LOH"
        " of 5; see the notes below"
    )
    assert any(n.startswith("Masked (doubled) hypodiploidy: 54 chromosomes") for n in cn["notes"])
    # a group read from the count itself needs no basis
    plain = {"karyotype": "54,XX", "chromosome_count": 54, "ploidy_group": "high hyperdiploid",
             "masked_hypodiploidy": {"status": "not_detected"}}  # fmt: skip
    assert context(tmp_path, interpretation(), karyotype=plain)["copy_number"]["ploidy_basis"] == ""


def test_tumor_only_confirmation_evidence_as_the_interpretation_writes_it(tmp_path):
    # alwgs.interpret.germline gives a confirmation request one evidence dict, not a list
    interp = interpretation(mode="tumor_only", matched_normal=None)
    interp["germline_confirmation"] = [
        {"gene": "GATA2", "reason": "GL-NULL-LOF",
         "evidence": {"variant": "chr3:60053:T>TGC", "hgvsc": "c.401_402insGC", "vaf": 0.5694}}
    ]  # fmt: skip
    confirm = context(tmp_path, interp)["germline"]["confirmation"][0]
    assert (confirm["hgvsc"], confirm["vaf_text"]) == ("c.401_402insGC", "56.9%")


def test_germline_findings_and_screened_genes(tmp_path):
    interp = interpretation()
    interp["germline"] = [
        {
            "gene": "TP53",
            "sample": "S1-N",
            "rule_id": "GL-CLINVAR-PLP",
            "classification": "pathogenic",
            "category": "no prior disorder",
            "recommendation": "refer",
            "evidence": [
                {
                    "hgvsc": "c.1A>G",
                    "hgvsp": "",
                    "genotype": "0/1",
                    "vaf": 0.5,
                    "alt_reads": 15,
                    "depth": 30,
                    "clinvar": "Pathogenic",
                }
            ],
        }
    ]
    g = context(tmp_path, interp)["germline"]
    assert g["assessed"] is True and g["genes"] == ["TP53"]
    assert g["genes_not_screened"] == ["ANKRD26"]  # no transcript in the annotation
    f = g["findings"][0]
    assert (f["gene"], f["genotype"], f["reads_text"], f["hgvsp"]) == (
        "TP53",
        "0/1",
        "15/30",
        "no protein change",
    )


def test_coverage_flags_explains_and_lists_not_assessable(tmp_path):
    r = context(tmp_path)
    tumor, normal = r["coverage"]["blocks"]
    assert tumor["genes"] == 3 and tumor["genes_insufficient"] == 1
    flagged = {x["gene"]: x for x in tumor["insufficient"]}
    # a gene below the floor and a passing gene with one exon below it are both listed
    assert set(flagged) == {"CDKN2A", "TP53"} and flagged["TP53"]["status"] == "PASS"
    assert "in the called loss -7 (1 copies" in flagged["CDKN2A"]["explained_by"]
    assert tumor["not_assessable"] == ["WT1"]
    # the normal block covers the germline predisposition genes only
    assert normal["genes"] == 1 and normal["not_assessable"] == ["ANKRD26"]
    assert any("Not assessable in S1-T" in lim and "WT1" in lim for lim in r["limitations"])


def test_methods_versions_and_knowledge(tmp_path):
    m = context(tmp_path)["methods"]
    assert m["tools"] == [
        {"tool": "bwa", "version": "0.7.17"},
        {"tool": "weasyprint", "version": "70.0"},
    ]
    assert (m["reference"]["sequences"], m["reference"]["bases"]) == (2, 1500)
    assert len(m["reference"]["digest"]) == 32
    versions = {k["file"]: k["version"] for k in m["knowledge"]}
    assert versions == {"eln2022.yaml": "2026.11-1", "qc.yaml": "2.0", "known_fusions.tsv": "3"}
    assert {d["name"]: d["version"] for d in m["databases"]}["transcripts"] == "1"


def test_who_icc_difference_uses_report_names(tmp_path):
    interp = interpretation(who_icc_concordant=False)
    interp["icc2022"] = {"entity": "AML with mutated TP53", "lesions": ["-7"]}
    text = context(tmp_path, interp)["summary"]["who_icc_difference"]
    assert text == (
        "WHO 2022 (AML with NPM1 mutation) rests on NPM1 p.(Trp288CysfsTer12); "
        "ICC 2022 (AML with mutated TP53) rests on -7"
    )


@pytest.mark.parametrize(
    "group, text", [("favorable", "Favorable"), (None, "no ELN 2022 risk group")]
)
def test_eln_group_text(tmp_path, group, text):
    interp = interpretation()
    interp["eln2022"] = {**interp["eln2022"], "group": group}
    assert context(tmp_path, interp)["summary"]["eln2022"]["group_text"] == text


@pytest.mark.parametrize(
    "group, text", [("not_applicable", "Not applicable"), ("not_assessable", "Not assessable")]
)
def test_eln_answers_that_are_not_groups(tmp_path, group, text):
    interp = interpretation()
    interp["eln2022"] = {**interp["eln2022"], "group": group, "reason": "Not assessable: x"}
    eln = context(tmp_path, interp)["summary"]["eln2022"]
    assert eln["group_text"] == text and eln["reason"] == "Not assessable: x"


def test_eln2024_and_assessment_are_shown(tmp_path):
    interp = interpretation()
    interp["eln2024"] = {
        "guideline": "ELN 2024 (less-intensive therapy)",
        "year": 2024,
        "group": "favorable",
        "rule_id": "ELN24-FAV-NPM1",
        "decided_by": [{"rule_id": "ELN24-FAV-NPM1", "marker": "NPM1", "lesions": ["NPM1_mut"]}],
        "notes": [],
        "exceptions": [],
        "therapy_context": "less_intensive",
    }
    interp["icc2022"] = {
        **interp["icc2022"],
        "entity": "not_assessable",
        "possible_entities": ["AML with mutated NPM1", "AML with mutated TP53"],
    }
    interp["assessment"] = {
        "qc_status": "FAIL",
        "qc_reasons": ["mean depth 7x"],
        "not_assessed": [
            {"analysis": "structural_variants", "reason": "delly failed"},
            {"analysis": "copy_number", "region": "7", "reason": "few bins"},
        ],
        "genes_not_covered": ["TP53"],
        "gene_reasons": {"TP53": "coverage insufficient"},
    }
    r = context(tmp_path, interp)
    s = r["summary"]
    assert s["eln2024"]["group_text"] == "Favorable"
    assert s["eln2024"]["guideline"] == "ELN 2024 (less-intensive therapy)"
    assert s["icc2022"]["entity"].startswith("Not assessable (possible: AML with mutated NPM1")
    assert not s["icc2022"]["has_entity"]
    assert s["assessment"] == [
        "QC FAIL: nothing not found counts as absent (mean depth 7x)",
        "structural variants: delly failed",
        "copy number not assessable for 7 (few bins)",
        "panel genes not assessable: TP53 (coverage insufficient)",
    ]
