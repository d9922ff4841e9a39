"""Per-tumor choices of the copy-number rules: reference, call arguments, optional inputs."""

import pytest
from alwgs.cnv.plan import CnvPlan, knowledge_path, optional_input, sex_arg

SEX = {"T1": "male", "N1": "male", "T2": "female", "N3": "female", "T4": "unknown"}


def plan(**kw):
    base = dict(
        sex=SEX,
        purity={"T1": 0.7, "T2": None, "T4": None},
        normal_of={"T1": "N1", "T2": None, "T4": None},
        normals=["N1", "N3"],
        allele_vcf="results/qc/identity/genotypes.vcf.gz",
    )
    return CnvPlan(**(base | kw))


def test_paired_tumor_uses_its_normal():
    p = plan()
    assert p.reference("T1") == "results/cnv/reference/paired/N1.cnn"
    assert p.reference_note("T1") == "matched normal N1"


def test_tumor_only_uses_pooled_normals_or_flat():
    assert plan().reference("T2") == "results/cnv/reference/pooled_normals.cnn"
    flat = plan(tumor_only_reference="flat")
    assert flat.reference("T2") == "results/cnv/reference/flat.cnn"
    assert "flat" in flat.reference_note("T2")


def test_no_normal_in_batch_falls_back_to_flat_and_says_so():
    p = plan(normals=[])
    assert p.reference("T2") == "results/cnv/reference/flat.cnn"
    assert "no normal" in p.reference_note("T2")


def test_sex_argument_only_for_one_known_sex():
    assert sex_arg(["male"]) == "-x male"
    assert sex_arg(["female", "female"]) == "-x female"
    assert sex_arg(["male", "female"]) == ""
    assert sex_arg(["unknown"]) == ""
    assert plan().reference_sex_arg(["N1", "N3"]) == ""


def test_call_arguments():
    p = plan()
    assert p.call_args("T1") == (
        "-m clonal --purity 0.7 -x male -v results/qc/identity/genotypes.vcf.gz -i T1 -n N1"
        " --min-variant-depth 15"
    )
    assert p.call_args("T2").startswith("-m threshold -x female -v ")
    assert " -n " not in p.call_args("T2")
    assert plan(allele_vcf="").call_args("T4") == "-m threshold"
    assert plan(allele_vcf="").allele_input() == []
    assert plan().allele_input() == "results/qc/identity/genotypes.vcf.gz"


def test_sv_table_is_optional():
    assert plan().sv_table("T1") == "results/sv/T1.sv.tsv"
    assert plan(sv_breakpoints=False).sv_table("T1") == []


def test_knowledge_path_resolves_and_reads(tmp_path):
    (tmp_path / "k.yaml").write_text("x: 1\n")
    assert knowledge_path("k.yaml", tmp_path, lambda p: p.read_text()) == str(tmp_path / "k.yaml")
    with pytest.raises(ValueError, match="missing.yaml"):
        knowledge_path("missing.yaml", tmp_path, lambda p: p.read_text())


def test_optional_input_accepts_path_or_empty_list():
    assert optional_input("a.vcf") == "a.vcf"
    assert optional_input(["a.vcf"]) == "a.vcf"
    assert optional_input([]) == ""


def test_loh_is_not_assessed_without_allele_counts_or_a_normal():
    # the masked-hypodiploidy check of the karyotype needs LOH calls and says why it has none
    assert plan(allele_vcf="g.vcf.gz").loh_not_assessed("T1", True) == ""
    assert "tumor-only" in plan(allele_vcf="g.vcf.gz").loh_not_assessed("T2", True)
    assert plan(allele_vcf="g.vcf.gz").loh_not_assessed("T2", False) == ""
    assert "no allele counts" in plan(allele_vcf="").loh_not_assessed("T1", True)


def test_tumor_only_loh_from_the_heterozygosity_deficit_is_assessed_and_says_how():
    on = plan(tumor_only_loh=True)
    assert on.loh_not_assessed("T2", True) == ""
    assert "heterozygosity deficit" in on.loh_method("T2", True)
    assert "focal cnLOH needs a matched normal" in on.loh_method("T2", True)
    assert "matched normal" in on.loh_method("T1", True)
    assert plan().loh_method("T2", True) == ""  # off: not assessed, no method
    assert "no allele counts" in plan(allele_vcf="", tumor_only_loh=True).loh_not_assessed(
        "T2", True
    )
    # AF from the identity sites, then the population database; nothing when off
    assert on.population_input("db/pop.vcf.gz") == [
        "results/qc/identity/sites.vcf.gz",
        "db/pop.vcf.gz",
    ]
    assert plan().population_input("db/pop.vcf.gz") == []
    assert plan(allele_vcf="", tumor_only_loh=True).population_input("") == []


def test_cnvkit_par_option_only_for_the_builds_cnvkit_knows():
    from alwgs.bundle.assemblies import Assembly, par_config
    from alwgs.cnv.plan import cnvkit_par_genome
    from alwgs.contig_roles import ContigRoles

    def roles(build, x="chrX", y="chrY"):
        assembly = Assembly(build, "test", {x: "X", y: "Y"})
        return ContigRoles.from_config(
            {"chrX": x, "chrY": y, "par": par_config(assembly, ContigRoles((), x, y))}
        )

    assert cnvkit_par_genome(roles("GRCh38")) == "grch38"
    assert cnvkit_par_genome(roles("GRCh37", "X", "Y")) == "grch37"
    # a name CNVkit does not take for X, a PAR of a test genome, no PAR: not used
    assert cnvkit_par_genome(roles("GRCh38", "NC_000023.11", "NC_000024.10")) == ""
    small = ContigRoles.from_config({"chrX": "chrX", "par": [{"x": "chrX:1-30000"}]})
    assert cnvkit_par_genome(small) == ""
    assert cnvkit_par_genome(ContigRoles((), "chrX", "chrY")) == ""
    p = plan(par_genome="grch38")
    assert p.call_args("T2").startswith("-m threshold -x female --diploid-parx-genome grch38 -v")
    assert p.reference_sex_arg(["N1"]) == "-x male --diploid-parx-genome grch38"
    assert p.reference_sex_arg(["N1", "N3"]) == "--diploid-parx-genome grch38"
    assert plan().par_arg() == "" and "parx" not in plan().call_args("T1")
