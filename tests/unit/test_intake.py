"""Batch intake: one good batch, then one test per kind of bad input."""

import gzip
import os
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from alwgs import intake
from alwgs.intake import IntakeError, load_batch, load_resources, reference, resources_for, schemas

REPO = Path(__file__).resolve().parents[2]

SAMPLES_HEADER = ["sample", "patient", "type", "sex", "diagnosis", "purity"]
SAMPLES = [
    ["P1-T", "P1", "tumor", "female", "AML", "0.8"],  # line 2
    ["P1-N", "P1", "normal", "female", "unknown", ""],  # line 3
    ["P2-T", "P2", "tumor", "male", "B-ALL", ""],  # line 4
]
UNITS_HEADER = ["sample", "unit", "platform", "fq1", "fq2", "library"]
UNITS = [
    ["P1-T", "L1", "ILLUMINA", "fastq/P1-T_L1_R1.fastq.gz", "fastq/P1-T_L1_R2.fastq.gz", "lib7"],
    ["P1-T", "L2", "ILLUMINA", "fastq/P1-T_L2_R1.fastq.gz", "fastq/P1-T_L2_R2.fastq.gz", ""],
    ["P1-N", "L1", "MGI", "fastq/P1-N_L1_R1.fastq.gz", "fastq/P1-N_L1_R2.fastq.gz", ""],
    ["P2-T", "L1", "ILLUMINA", "fastq/P2-T_L1_R1.fastq.gz", "fastq/P2-T_L1_R2.fastq.gz", ""],
]
RESOURCES = {
    "default": {"threads": 1, "mem_mb": 2000, "runtime": 30},
    "bwa_mem": {"threads": 2, "mem_mb": 6000, "runtime": 120},
    "fastp": {"threads": 2},
}
READ = b"@r1\nACGT\n+\nIIII\n"
FASTA = ">chr1 first\nACGTACGTAC\nACGT\n>chr2\nGGGG\n"
GFF3 = (
    "##gff-version 3\n"
    "##sequence-region chr1 1 14\n"
    "chr1\tx\tgene\t1\t10\t.\t+\t.\tID=gene:G1;Name=G1;biotype=protein_coding\n"  # line 3
    "chr1\tx\tmRNA\t1\t10\t.\t+\t.\tID=transcript:T1;Parent=gene:G1\n"
    "chr2\tx\tgene\t1\t4\t.\t+\t.\tID=gene:G2;Name=G2;biotype=protein_coding\n"  # line 5
)

CYTOBANDS = "chr1\t0\t6\tp11\tacen\nchr1\t6\t14\tq11\tacen\nchr2\t0\t4\tq11\tgneg\n"


def write_tsv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.write_text("\n".join("\t".join(r) for r in [header, *rows]) + "\n")


def write_fastq(path: Path, content: bytes = READ) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the files byte-identical between runs.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write(content)


def make_batch(
    root: Path,
    samples: list[list[str]] | None = None,
    units: list[list[str]] | None = None,
    samples_header: list[str] | None = None,
    units_header: list[str] | None = None,
    resources: dict | None = None,
) -> dict:
    """Write a small batch below root and return its config (paths relative to root)."""
    ref = root / "ref"
    ref.mkdir()
    (ref / "genome.fa").write_text(FASTA)
    (ref / "genes.gff3").write_text(GFF3)
    (ref / "cytobands.tsv").write_text(CYTOBANDS)
    (ref / "clinvar.vcf.gz").write_text("x\n")
    batch = root / "batch"
    batch.mkdir()
    units = UNITS if units is None else units
    for row in units:
        for fq in row[3:5]:
            if fq and not (batch / fq).exists():
                # Each file its own reads: identical first reads are a copy (an error).
                write_fastq(batch / fq, READ.replace(b"@r1", f"@{Path(fq).stem}".encode()))
    write_tsv(
        batch / "samples.tsv",
        samples_header or SAMPLES_HEADER,
        SAMPLES if samples is None else samples,
    )
    write_tsv(batch / "units.tsv", units_header or UNITS_HEADER, units)
    (root / "resources.yaml").write_text(
        yaml.safe_dump(RESOURCES if resources is None else resources)
    )
    # The shipped knowledge files, so intake can read them as it does for a real batch.
    for rel in (
        "config/qc.yaml",
        "config/filters/small_variants.yaml",
        "config/panels/leukemia_genes.tsv",
        "config/knowledge/preferred_transcripts.tsv",
        "config/knowledge/hotspots.tsv",
        "config/knowledge/amp_tiers.yaml",
        "config/knowledge/eln2022.yaml",
        "config/knowledge/eln2024.yaml",
        "config/knowledge/who_icc2022.yaml",
        "config/knowledge/germline_predisposition.yaml",
        "config/knowledge/focal_deletions.tsv",
        "config/knowledge/oncogenicity.yaml",
        "config/knowledge/gene_roles.tsv",
        "config/knowledge/functional_domains.tsv",
        "config/knowledge/hotspot_counts.tsv",
        "config/knowledge/karyotype.yaml",
    ):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / rel, root / rel)
    return {
        "batch_dir": "out",
        "samples": "batch/samples.tsv",
        "units": "batch/units.tsv",
        "reference": {
            "fasta": "ref/genome.fa",
            "gff3": "ref/genes.gff3",
            "cytobands": "ref/cytobands.tsv",
            "build": "mini",
            "cache_dir": "",
        },
        "databases": {"population_af": "", "clinvar": "ref/clinvar.vcf.gz"},
        "truth_dir": "",
        "alignment": {"output_format": "bam", "platform": "ILLUMINA"},
        # The batch's own copies of the knowledge files, as a lab names its edited copies
        # (a file config/config.yaml names is read from the repository).
        "qc": {"thresholds": "config/qc.yaml"},
        "small_variants": {
            "filters": "config/filters/small_variants.yaml",
            "panel": "config/panels/leukemia_genes.tsv",
        },
        "annotation": {
            "transcripts": "config/knowledge/preferred_transcripts.tsv",
            "hotspots": "config/knowledge/hotspots.tsv",
        },
        "interpretation": {
            "tiers": "config/knowledge/amp_tiers.yaml",
            "eln": "config/knowledge/eln2022.yaml",
            "who_icc": "config/knowledge/who_icc2022.yaml",
            "germline": "config/knowledge/germline_predisposition.yaml",
            "focal_genes": "config/knowledge/focal_deletions.tsv",
            "oncogenicity": "config/knowledge/oncogenicity.yaml",
            "gene_roles": "config/knowledge/gene_roles.tsv",
            "functional_domains": "config/knowledge/functional_domains.tsv",
            "hotspot_counts": "config/knowledge/hotspot_counts.tsv",
        },
        "cnv": {"karyotype_rules": "config/knowledge/karyotype.yaml"},
        "resources": "resources.yaml",
    }


def intake_error(root: Path, config: dict) -> IntakeError:
    with pytest.raises(IntakeError) as info:
        load_batch(config, root)
    err = info.value
    # Every message is one line and names file, line and field as the attributes say.
    assert "\n" not in str(err)
    assert str(err).startswith(err.file)
    if err.row is not None:
        assert f"line {err.row}" in str(err)
    if err.field is not None:
        assert f"field '{err.field}'" in str(err)
    return err


def where(err: IntakeError) -> tuple:
    return err.file, err.row, err.field


# --------------------------------------------------------------------------- good input


def test_good_batch_loads(tmp_path):
    batch = load_batch(make_batch(tmp_path), tmp_path)

    assert batch.tumors() == ["P1-T", "P2-T"]
    assert batch.normals() == ["P1-N"]
    assert batch.normal_of("P1-T") == "P1-N"
    assert batch.normal_of("P2-T") is None  # tumor-only is allowed
    assert batch.normal_of("P1-N") is None
    assert batch.samples.loc["P1-T", "normal"] == "P1-N"
    assert batch.samples.loc["P2-T", "normal"] == ""
    assert batch.samples.loc["P1-T", "purity"] == pytest.approx(0.8)
    assert batch.samples["purity"].isna().tolist() == [False, True, True]
    assert batch.units_of("P1-T") == ["L1", "L2"]
    batch.units_of("P1-T").append("L9")  # callers get a copy of the cached lookup
    assert batch.units_of("P1-T") == ["L1", "L2"]
    assert batch.units_of("P9-T") == []

    row = batch.unit_row("P1-T", "L2")
    assert row["fq1"] == str(tmp_path / "batch/fastq/P1-T_L2_R1.fastq.gz")
    assert row["fq1_given"] == "fastq/P1-T_L2_R1.fastq.gz"
    assert row["library"] == "P1-T"  # empty library defaults to the sample
    assert batch.unit_row("P1-T", "L1")["library"] == "lib7"
    assert row["line"] == 3

    cfg = batch.config
    for value in (
        cfg["batch_dir"],
        cfg["samples"],
        cfg["units"],
        cfg["resources"],
        cfg["qc"]["thresholds"],
        *(cfg["reference"][k] for k in ("fasta", "gff3", "cytobands", "cache_dir")),
        cfg["databases"]["clinvar"],
    ):
        assert os.path.isabs(value), value
    assert cfg["reference"]["cache_dir"] == str(tmp_path / "ref/genome.fa") + ".alwgs_cache"
    assert cfg["databases"]["population_af"] == ""
    assert batch.resources_for("bwa_mem") == {"threads": 2, "mem_mb": 6000, "runtime": 120}


def test_config_defaults_and_absent_databases(tmp_path):
    config = make_batch(tmp_path)
    for key in ("databases", "truth_dir", "alignment", "qc"):
        del config[key]
    original = yaml.safe_dump(config)
    cfg = intake.load_config(config, tmp_path)

    assert yaml.safe_dump(config) == original  # the caller's dict is not modified
    assert cfg["databases"] == {
        "population_af": "",
        "clinvar": "",
        "panel_of_normals": "",
        "identity_sites": "",
    }
    assert cfg["truth_dir"] == ""
    assert cfg["alignment"] == {
        "output_format": "bam",
        "platform": "ILLUMINA",
        "split_read_pairs": 0,
    }
    # a file config/config.yaml names is the repository's own, wherever the batch is launched
    assert cfg["qc"]["thresholds"] == str(REPO / "config/qc.yaml")


def test_umask_defaults_to_group_readable_only(tmp_path, monkeypatch, capsys):
    """Outputs hold patient data: created readable by the group, never by others; the intake
    command line hands the mask to the launcher (4th line, after batch, cache and truth)."""
    config = make_batch(tmp_path)
    assert intake.load_config(config, tmp_path)["umask"] == "0027"
    path = tmp_path / "batch.yaml"
    path.write_text(yaml.safe_dump(dict(config, umask="0077")))
    monkeypatch.setenv("ALWGS_LAUNCH_DIR", str(tmp_path))
    from alwgs.intake import cli

    assert cli.main([str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[3] == "0077"


@pytest.mark.bad_input
@pytest.mark.parametrize("mask", ["0777", "0227", 23, "rw-r-----", ""])
def test_umask_that_is_not_a_quoted_octal_keeping_the_owners_rights(tmp_path, mask):
    config = dict(make_batch(tmp_path), umask=mask)
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, "umask")
    assert "is not a quoted octal mask that keeps the owner's rights" in err.message


def test_absolute_fastq_and_blank_lines(tmp_path):
    units = [list(r) for r in UNITS]
    write_fastq(tmp_path / "elsewhere" / "r1.fq.gz")
    units[3][3] = str(tmp_path / "elsewhere" / "r1.fq.gz")
    config = make_batch(tmp_path, units=units)
    units_tsv = tmp_path / "batch/units.tsv"
    text = units_tsv.read_text().splitlines()
    # A blank line must not shift the line numbers used in messages.
    units_tsv.write_text("\n".join(text[:2] + [""] + text[2:]) + "\n")

    batch = load_batch(config, tmp_path)
    assert batch.unit_row("P2-T", "L1")["fq1"] == str(tmp_path / "elsewhere" / "r1.fq.gz")
    assert batch.unit_row("P2-T", "L1")["line"] == 6


def test_resources_for_fills_defaults(tmp_path):
    resources = {"default": {"threads": 1, "mem_mb": 2000, "runtime": 30}, "fastp": {"threads": 2}}
    assert resources_for(resources, "fastp") == {"threads": 2, "mem_mb": 2000, "runtime": 30}
    assert resources_for(resources, "no_such_rule") == resources["default"]


def test_shipped_resources_and_config_match_schemas():
    resources = load_resources(REPO / "config/resources.yaml")
    assert resources_for(resources, "bwa_mem") == {"threads": 32, "mem_mb": 40000, "runtime": 720}
    schema = yaml.safe_load((REPO / "config/schemas/config.schema.yaml").read_text())
    config = yaml.safe_load((REPO / "config/config.yaml").read_text())
    batch = {"batch_dir": "b", "samples": "s", "units": "u"}
    batch["reference"] = {"fasta": "f", "gff3": "g", "cytobands": "c"}
    jsonschema.Draft202012Validator(schema).validate({**config, **batch})


def test_config_yaml_is_the_one_source_of_defaults_for_a_human_genome():
    """config/config.yaml names no batch or demo file and holds human-genome values; the
    schema holds no default that could disagree with it."""
    text = (REPO / "config/config.yaml").read_text()
    config = yaml.safe_load(text)
    for key in ("batch_dir", "samples", "units", "reference", "databases", "truth_dir"):
        assert key not in config, key
    assert "demo/" not in text and "batches/" not in text
    assert config["cnv"]["bin_size"] >= 5000 and config["cnv"]["access_min_gap"] == 5000
    assert config["small_variants"]["chunks"] >= 50
    schema_text = (REPO / "config/schemas/config.schema.yaml").read_text()
    assert "default:" not in schema_text


@pytest.mark.bad_input
@pytest.mark.parametrize(
    ("key", "field"),
    [
        ("batch_dir", "batch_dir"),
        ("samples", "samples"),
        ("units", "units"),
        ("fasta", "reference.fasta"),
        ("gff3", "reference.gff3"),
        ("cytobands", "reference.cytobands"),
    ],
)
def test_required_keys_are_named_when_missing(tmp_path, key, field):
    """config/config.yaml gives no batch file: a batch config that leaves one out stops with
    the key named and what to do, not with a demo file or a missing-file error."""
    config = make_batch(tmp_path)
    if "." in field:
        del config["reference"][key]
    else:
        del config[key]
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, field)
    assert err.message.startswith("required: ")
    if "." in field:
        assert "bundle: to a reference bundle made by ./alwgs reference" in err.message


def test_error_message_format():
    err = IntakeError("config/samples.tsv", 4, "sample", "'P1 T' is bad")
    assert str(err) == "config/samples.tsv line 4, field 'sample': 'P1 T' is bad"
    assert str(IntakeError("config", None, "qc", "x")) == "config, field 'qc': x"


# --------------------------------------------------------------------------- bad sheets

SAMPLES_TSV = "batch/samples.tsv"
UNITS_TSV = "batch/units.tsv"


def with_row(rows: list[list[str]], index: int, column: int, value: str) -> list[list[str]]:
    rows = [list(r) for r in rows]
    rows[index][column] = value
    return rows


@pytest.mark.bad_input
def test_missing_column(tmp_path):
    samples = [r[:3] + r[4:] for r in SAMPLES]
    header = SAMPLES_HEADER[:3] + SAMPLES_HEADER[4:]
    err = intake_error(tmp_path, make_batch(tmp_path, samples=samples, samples_header=header))
    assert where(err) == (SAMPLES_TSV, 1, "sex")


@pytest.mark.bad_input
def test_unknown_column(tmp_path):
    units = [r + ["x"] for r in UNITS]
    config = make_batch(tmp_path, units=units, units_header=UNITS_HEADER + ["lane"])
    err = intake_error(tmp_path, config)
    assert where(err) == (UNITS_TSV, 1, "lane")


@pytest.mark.bad_input
def test_duplicate_sample(tmp_path):
    samples = SAMPLES + [["P1-T", "P3", "tumor", "male", "AML", ""]]
    err = intake_error(tmp_path, make_batch(tmp_path, samples=samples))
    assert where(err) == (SAMPLES_TSV, 5, "sample")
    assert "line 2" in err.message


@pytest.mark.bad_input
@pytest.mark.parametrize("bad_id", ["P2 T", "P2/T", "P2;T"])
def test_sample_id_with_unsafe_character(tmp_path, bad_id):
    err = intake_error(tmp_path, make_batch(tmp_path, samples=with_row(SAMPLES, 2, 0, bad_id)))
    assert where(err) == (SAMPLES_TSV, 4, "sample")
    assert repr(bad_id) in err.message


@pytest.mark.bad_input
def test_patient_id_starting_with_dot(tmp_path):
    err = intake_error(tmp_path, make_batch(tmp_path, samples=with_row(SAMPLES, 2, 1, ".P2")))
    assert where(err) == (SAMPLES_TSV, 4, "patient")


@pytest.mark.bad_input
@pytest.mark.parametrize(
    ("column", "field", "value"),
    [(2, "type", "tumour"), (3, "sex", "M"), (4, "diagnosis", "ALL")],
)
def test_unknown_enum_value(tmp_path, column, field, value):
    config = make_batch(tmp_path, samples=with_row(SAMPLES, 1, column, value))
    err = intake_error(tmp_path, config)
    assert where(err) == (SAMPLES_TSV, 3, field)
    assert repr(value) in err.message


@pytest.mark.bad_input
@pytest.mark.parametrize("purity", ["0", "1.5", "abc", "nan"])
def test_bad_purity(tmp_path, purity):
    err = intake_error(tmp_path, make_batch(tmp_path, samples=with_row(SAMPLES, 2, 5, purity)))
    assert where(err) == (SAMPLES_TSV, 4, "purity")
    assert purity in err.message


@pytest.mark.bad_input
def test_patient_with_two_normals(tmp_path):
    samples = SAMPLES + [["P1-N2", "P1", "normal", "female", "unknown", ""]]
    err = intake_error(tmp_path, make_batch(tmp_path, samples=samples))
    assert where(err) == (SAMPLES_TSV, 5, "patient")


@pytest.mark.bad_input
def test_wrong_number_of_fields(tmp_path):
    samples = [list(r) for r in SAMPLES]
    samples[1] = samples[1][:4]
    err = intake_error(tmp_path, make_batch(tmp_path, samples=samples))
    assert where(err) == (SAMPLES_TSV, 3, None)


@pytest.mark.bad_input
def test_unit_of_unknown_sample(tmp_path):
    units = UNITS + [["P9-T", "L1", "ILLUMINA", "fastq/x_R1.fq.gz", "fastq/x_R2.fq.gz", ""]]
    err = intake_error(tmp_path, make_batch(tmp_path, units=units))
    assert where(err) == (UNITS_TSV, 6, "sample")


@pytest.mark.bad_input
def test_duplicate_unit(tmp_path):
    units = UNITS + [["P1-T", "L2", "ILLUMINA", "fastq/x_R1.fq.gz", "fastq/x_R2.fq.gz", ""]]
    err = intake_error(tmp_path, make_batch(tmp_path, units=units))
    assert where(err) == (UNITS_TSV, 6, "unit")
    assert "line 3" in err.message


@pytest.mark.bad_input
def test_sample_without_unit(tmp_path):
    err = intake_error(tmp_path, make_batch(tmp_path, units=UNITS[:3]))
    assert where(err) == (SAMPLES_TSV, 4, "sample")
    assert "P2-T" in err.message


@pytest.mark.bad_input
def test_missing_fastq(tmp_path):
    config = make_batch(tmp_path)
    (tmp_path / "batch/fastq/P1-N_L1_R2.fastq.gz").unlink()
    err = intake_error(tmp_path, config)
    assert where(err) == (UNITS_TSV, 4, "fq2")
    assert "does not exist" in err.message


@pytest.mark.bad_input
@pytest.mark.parametrize("content", [None, b""], ids=["zero-bytes", "gzip-of-nothing"])
def test_empty_fastq(tmp_path, content):
    config = make_batch(tmp_path)
    fastq = tmp_path / "batch/fastq/P2-T_L1_R1.fastq.gz"
    if content is None:
        fastq.write_bytes(b"")
    else:
        write_fastq(fastq, content)
    err = intake_error(tmp_path, config)
    assert where(err) == (UNITS_TSV, 5, "fq1")
    assert "empty" in err.message


@pytest.mark.bad_input
def test_fastq_not_gzipped(tmp_path):
    config = make_batch(tmp_path)
    (tmp_path / "batch/fastq/P2-T_L1_R1.fastq.gz").write_bytes(READ)
    err = intake_error(tmp_path, config)
    assert where(err) == (UNITS_TSV, 5, "fq1")


@pytest.mark.bad_input
def test_fq1_equals_fq2(tmp_path):
    units = with_row(UNITS, 1, 4, UNITS[1][3])
    err = intake_error(tmp_path, make_batch(tmp_path, units=units))
    assert where(err) == (UNITS_TSV, 3, "fq2")


@pytest.mark.bad_input
def test_fastq_used_by_two_units(tmp_path):
    units = with_row(UNITS, 3, 3, UNITS[0][3])
    err = intake_error(tmp_path, make_batch(tmp_path, units=units))
    assert where(err) == (UNITS_TSV, 5, "fq1")
    assert "line 2" in err.message


# --------------------------------------------------------------------------- bad config


@pytest.mark.bad_input
def test_config_value_of_wrong_type(tmp_path):
    config = make_batch(tmp_path)
    config["alignment"]["output_format"] = 3
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, "alignment.output_format")


@pytest.mark.bad_input
def test_config_value_not_in_enum(tmp_path):
    config = make_batch(tmp_path)
    config["alignment"]["output_format"] = "sam"
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, "alignment.output_format")
    assert "'sam'" in err.message


@pytest.mark.bad_input
@pytest.mark.parametrize(
    ("parent", "key", "field"),
    [(None, "batchdir", "batchdir"), ("reference", "fasat", "reference.fasat")],
)
def test_unknown_config_key(tmp_path, parent, key, field):
    config = make_batch(tmp_path)
    (config[parent] if parent else config)[key] = "x"
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, field)


@pytest.mark.bad_input
def test_missing_required_config_key(tmp_path):
    config = make_batch(tmp_path)
    del config["reference"]["cytobands"]
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, "reference.cytobands")


@pytest.mark.bad_input
def test_missing_reference_file(tmp_path):
    config = make_batch(tmp_path)
    (tmp_path / "ref/genes.gff3").unlink()
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, "reference.gff3")
    assert "'ref/genes.gff3'" in err.message


@pytest.mark.bad_input
def test_missing_database_file(tmp_path):
    config = make_batch(tmp_path)
    config["databases"]["population_af"] = "ref/gnomad.vcf.gz"
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, "databases.population_af")


@pytest.mark.bad_input
def test_resources_with_zero_threads(tmp_path):
    resources = {**RESOURCES, "fastp": {"threads": 0}}
    err = intake_error(tmp_path, make_batch(tmp_path, resources=resources))
    assert err.file == "resources.yaml"
    assert err.field == "fastp.threads"
    text = (tmp_path / "resources.yaml").read_text().splitlines()
    assert text[err.row - 1].strip().startswith("threads: 0")


@pytest.mark.bad_input
def test_resources_with_unknown_key(tmp_path):
    resources = {**RESOURCES, "bwa_mem": {"threads": 2, "memory": 100}}
    err = intake_error(tmp_path, make_batch(tmp_path, resources=resources))
    assert (err.file, err.field) == ("resources.yaml", "bwa_mem.memory")


@pytest.mark.bad_input
def test_filter_file_with_a_malformed_rule(tmp_path):
    config = make_batch(tmp_path)
    path = tmp_path / "config/filters/small_variants.yaml"
    doc = yaml.safe_load(path.read_text())
    del doc["filters"][1]["expression"]
    path.write_text(yaml.safe_dump(doc))
    config["small_variants"] = {"filters": "config/filters/small_variants.yaml"}
    err = intake_error(tmp_path, config)
    assert err.file == "config/filters/small_variants.yaml"
    assert "filters[1]" in str(err) and "'expression'" in str(err)


@pytest.mark.bad_input
def test_qc_thresholds_with_a_malformed_rule(tmp_path):
    config = make_batch(tmp_path)
    path = tmp_path / "config/qc.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["rules"][0]["op"] = "between"
    path.write_text(yaml.safe_dump(doc))
    err = intake_error(tmp_path, config)
    assert err.file == "config/qc.yaml" and "'op'" in str(err)


# --------------------------------------------------------------------------- pairing

PAIRED_HEADER = SAMPLES_HEADER + ["matched_normal"]


def paired(rows: list[list[str]]) -> list[list[str]]:
    """SAMPLES with a matched_normal column; rows gives (index, value) edits."""
    out = [r + [""] for r in SAMPLES]
    for index, value in rows:
        out[index][6] = value
    return out


def test_matched_normal_names_the_pair(tmp_path):
    config = make_batch(tmp_path, samples=paired([(0, "P1-N")]), samples_header=PAIRED_HEADER)
    batch = load_batch(config, tmp_path)
    assert batch.normal_of("P1-T") == "P1-N"
    assert batch.normal_of("P2-T") is None


@pytest.mark.bad_input
@pytest.mark.parametrize(
    ("edits", "extra", "row", "text"),
    [
        ([(2, "P1-N")], [], 4, "'P1-N' (line 3) belongs to patient 'P1', not 'P2'"),
        ([(0, "P1-X")], [], 2, "'P1-X' is not a sample of this sheet"),
        ([(0, "P2-T")], [], 2, "'P2-T' (line 4) is a tumor, not a normal"),
        ([(1, "P1-N")], [], 3, "only a tumor row names a matched normal"),
    ],
    ids=["other-patient", "unknown-sample", "names-a-tumor", "on-a-normal-row"],
)
def test_bad_matched_normal(tmp_path, edits, extra, row, text):
    config = make_batch(tmp_path, samples=paired(edits) + extra, samples_header=PAIRED_HEADER)
    err = intake_error(tmp_path, config)
    assert where(err) == (SAMPLES_TSV, row, "matched_normal")
    assert err.message == text


@pytest.mark.bad_input
def test_normal_without_units_names_its_tumor(tmp_path):
    units = [UNITS[0], UNITS[1], UNITS[3]]
    err = intake_error(tmp_path, make_batch(tmp_path, units=units))
    assert where(err) == (SAMPLES_TSV, 3, "sample")
    assert err.message == "'P1-N' has no unit in batch/units.tsv (the matched normal of P1-T)"


# --------------------------------------------------------------------------- reference


@pytest.mark.bad_input
@pytest.mark.parametrize(
    ("content", "text"),
    [
        (None, "does not exist"),
        (b"", "is empty"),
        (gzip.compress(FASTA.encode()), "is compressed: give the plain FASTA"),
        (b"chr1 ACGT\n", "is not a FASTA (does not start with '>')"),
    ],
    ids=["missing", "empty", "gzipped", "not-fasta"],
)
def test_bad_reference_fasta(tmp_path, content, text):
    config = make_batch(tmp_path)
    fasta = tmp_path / "ref/genome.fa"
    if content is None:
        fasta.unlink()
    else:
        fasta.write_bytes(content)
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, "reference.fasta")
    assert err.message.startswith("'ref/genome.fa' (") and err.message.endswith(text)


@pytest.mark.bad_input
def test_cache_dir_that_cannot_be_created(tmp_path):
    config = make_batch(tmp_path)
    config["reference"]["cache_dir"] = "ref/genes.gff3/cache"
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, "reference.cache_dir")
    assert err.message.endswith(
        f"cannot be created: {tmp_path / 'ref/genes.gff3'} is not a directory"
    )


@pytest.mark.bad_input
def test_cache_dir_that_is_a_file(tmp_path):
    config = make_batch(tmp_path)
    config["reference"]["cache_dir"] = "ref/cytobands.tsv"
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, "reference.cache_dir")
    assert err.message.endswith("exists and is not a directory")


def deny_writes(monkeypatch, path: Path) -> None:
    """Make path read-only: chmod for a normal user; root writes anyway, so for root the
    permission answer is replaced (the check asks os.access, as a normal user's run would)."""
    path.chmod(0o555)
    if os.geteuid() == 0:
        real = os.access

        def access(target, mode, *args, **kwargs):
            if Path(target) == path and mode & os.W_OK:
                return False
            return real(target, mode, *args, **kwargs)

        monkeypatch.setattr(os, "access", access)


@pytest.mark.bad_input
def test_default_cache_dir_without_write_permission(tmp_path, monkeypatch):
    """A FASTA in a read-only folder: its default index cache cannot be made next to it."""
    config = make_batch(tmp_path)
    deny_writes(monkeypatch, tmp_path / "ref")
    try:
        err = intake_error(tmp_path, config)
    finally:
        (tmp_path / "ref").chmod(0o755)
    assert where(err) == ("config", None, "reference.cache_dir")
    assert err.message.startswith("'ref/genome.fa.alwgs_cache' (")
    assert "is not writable (the default next to reference.fasta" in err.message


@pytest.mark.bad_input
def test_cache_dir_without_write_permission(tmp_path, monkeypatch):
    config = make_batch(tmp_path)
    (tmp_path / "cache").mkdir()
    config["reference"]["cache_dir"] = "cache"
    deny_writes(monkeypatch, tmp_path / "cache")
    try:
        err = intake_error(tmp_path, config)
    finally:
        (tmp_path / "cache").chmod(0o755)
    assert where(err) == ("config", None, "reference.cache_dir")
    assert err.message.endswith("is not writable")


@pytest.mark.bad_input
def test_cache_dir_of_another_fasta(tmp_path):
    config = make_batch(tmp_path)
    cache = tmp_path / "ref/genome.fa.alwgs_cache"
    cache.mkdir()
    (tmp_path / "other.fa").write_text(FASTA)
    (cache / "genome.fa").symlink_to(tmp_path / "other.fa")
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, "reference.cache_dir")
    assert "holds the indexes of another FASTA" in err.message


@pytest.mark.bad_input
def test_batch_dir_that_is_a_file(tmp_path):
    config = make_batch(tmp_path)
    config["batch_dir"] = "batch/samples.tsv"
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, "batch_dir")


# --------------------------------------------------------------------------- annotation


@pytest.mark.bad_input
def test_gff3_seqid_that_is_not_a_fasta_contig(tmp_path):
    config = make_batch(tmp_path)
    gff3 = tmp_path / "ref/genes.gff3"
    gff3.write_text(GFF3.replace("chr2\t", "chr2_alt\t"))
    err = intake_error(tmp_path, config)
    assert where(err) == ("ref/genes.gff3", 5, "seqid")
    assert err.message.startswith("'chr2_alt' is not a contig of reference.fasta (1 of 2 seqids")


@pytest.mark.bad_input
def test_gff3_of_another_naming(tmp_path):
    config = make_batch(tmp_path)
    (tmp_path / "ref/genes.gff3").write_text(GFF3.replace("chr", ""))
    err = intake_error(tmp_path, config)
    assert where(err) == ("ref/genes.gff3", 3, "seqid")
    assert err.message.startswith("no seqid is a contig of reference.fasta (GFF3: '1', '2'")
    assert "FASTA: 'chr1', 'chr2'" in err.message


@pytest.mark.bad_input
def test_gff3_without_features(tmp_path):
    config = make_batch(tmp_path)
    (tmp_path / "ref/genes.gff3").write_text("##gff-version 3\n")
    err = intake_error(tmp_path, config)
    assert where(err) == ("ref/genes.gff3", None, None)
    assert err.message == "has no feature lines"


def test_gff3_gzipped_with_fasta_section_and_contigs_from_the_index(tmp_path):
    config = make_batch(tmp_path)
    # The FASTA section's lines are sequence, not features; a .fai replaces reading the FASTA.
    text = GFF3 + "##FASTA\n>chr9\nACGT\n"
    (tmp_path / "ref/genes.gff3").write_bytes(gzip.compress(text.encode()))
    load_batch(config, tmp_path)
    (tmp_path / "ref/genome.fa.fai").write_text("chr1\t14\t12\t10\t11\n")  # chr2 left out
    err = intake_error(tmp_path, config)
    assert where(err) == ("ref/genes.gff3", 5, "seqid")


def test_fasta_contigs_across_read_blocks(tmp_path, monkeypatch):
    fasta = tmp_path / "g.fa"
    fasta.write_bytes(b">a one\nACGTACGT\nAC\n>bb\n\n>c\nA")
    for block in (1, 2, 3, 5, 8, 64):
        monkeypatch.setattr(reference, "FASTA_BLOCK", block)
        assert intake.fasta_contigs(str(fasta)) == ["a", "bb", "c"], block


def test_fasta_lengths_across_read_blocks_and_line_ends(tmp_path, monkeypatch):
    """Lengths counted from the sequence lines match samtools' .fai, whatever the block size
    and with Windows line ends; a .fai no older than the FASTA is read instead."""
    fasta = tmp_path / "g.fa"
    fasta.write_bytes(b">a one\r\nACGTACGT\r\nAC\r\n>bb\n\n>c\nACG\nTN\n>d\n")
    want = [("a", 10), ("bb", 0), ("c", 5), ("d", 0)]
    for block in (1, 2, 3, 5, 8, 64):
        monkeypatch.setattr(reference, "FASTA_BLOCK", block)
        assert intake.fasta_lengths(str(fasta)) == want, block
    (tmp_path / "g.fa.fai").write_text("a\t10\t8\t8\t10\nc\t5\t30\t3\t4\n")
    assert intake.fasta_lengths(str(fasta)) == [("a", 10), ("c", 5)]


# --------------------------------------------------------------------------- reference checks

# The real 40-kb GRCh38 slice (chr22:16,570,000-16,610,000) and its Ensembl GFF3 in window
# coordinates (tests/data/realdata/sarek_chr22_window, MIT licence).
REALDATA = REPO / "tests/data/realdata/sarek_chr22_window"
WINDOW_SHIFT = 16_569_999  # window position 1 = chr22:16,570,000


def use_realdata_reference(root: Path, config: dict, gff3_text: str | None = None) -> None:
    for name in ("genome.fa", "cytobands.tsv"):
        shutil.copy(REALDATA / name, root / "ref" / name)
    text = (REALDATA / "genes.gff3").read_text() if gff3_text is None else gff3_text
    (root / "ref/genes.gff3").write_text(text)


def whole_chromosome_gff3() -> tuple[str, int, int]:
    """The window's GFF3 shifted back to whole-chromosome coordinates (+16,569,999), as the
    original download is: (text, line of the first feature, its end)."""
    out, first = [], None
    for number, line in enumerate((REALDATA / "genes.gff3").read_text().splitlines(), 1):
        f = line.split("\t")
        if len(f) == 9:
            f[3], f[4] = str(int(f[3]) + WINDOW_SHIFT), str(int(f[4]) + WINDOW_SHIFT)
            first = first or (number, int(f[4]))
        out.append("\t".join(f))
    return "\n".join(out) + "\n", first[0], first[1]


def test_realdata_window_passes_the_reference_checks(tmp_path):
    config = make_batch(tmp_path)
    use_realdata_reference(tmp_path, config)
    cfg = intake.load_config(config, tmp_path)
    assert cfg["reference"]["build"] == "mini"


@pytest.mark.bad_input
def test_gff3_in_whole_chromosome_coordinates_on_a_slice(tmp_path):
    """The issue's case: the window's annotation as downloaded (whole-chromosome
    coordinates) passed intake and then annotated 0 of 102 variants."""
    config = make_batch(tmp_path)
    text, line, end = whole_chromosome_gff3()
    use_realdata_reference(tmp_path, config, text)
    err = intake_error(tmp_path, config)
    assert where(err) == ("ref/genes.gff3", line, "end")
    assert err.message.startswith(
        f"pseudogene ends at {end:,}, beyond the end of contig chr22 (40,001 bp):"
        " the annotation is in other coordinates ("
    )
    assert end == 16_574_637


@pytest.mark.bad_input
def test_gff3_sequence_region_of_another_length(tmp_path):
    config = make_batch(tmp_path)
    (tmp_path / "ref/genes.gff3").write_text(GFF3.replace("chr1 1 14", "chr1 1 248956422"))
    err = intake_error(tmp_path, config)
    assert where(err) == ("ref/genes.gff3", 2, "sequence-region")
    assert "chr1 is declared 248,956,422 bp long, contig chr1 of the FASTA is 14 bp" in err.message


@pytest.mark.bad_input
def test_gff3_end_that_is_not_a_number(tmp_path):
    config = make_batch(tmp_path)
    (tmp_path / "ref/genes.gff3").write_text(GFF3.replace("\t1\t4\t", "\t1\tfour\t"))
    err = intake_error(tmp_path, config)
    assert where(err) == ("ref/genes.gff3", 5, "end")
    assert err.message == "'four' is not a position"


@pytest.mark.bad_input
def test_cytobands_of_a_contig_the_fasta_lacks(tmp_path):
    """UCSC's hg38 cytoBand.txt holds rows of alt contigs a no-alt FASTA lacks."""
    config = make_batch(tmp_path)
    (tmp_path / "ref/cytobands.tsv").write_text(
        CYTOBANDS + "chr1_KI270762v1_alt\t0\t354444\t\tgneg\n"
    )
    err = intake_error(tmp_path, config)
    assert where(err) == ("ref/cytobands.tsv", 4, "chrom")
    assert err.message.startswith("'chr1_KI270762v1_alt' is not a contig of the FASTA (1 of 3")


@pytest.mark.bad_input
def test_cytobands_of_another_build(tmp_path):
    """Bands ending elsewhere than the contig: hg19 bands on a GRCh38 FASTA."""
    config = make_batch(tmp_path)
    (tmp_path / "ref/cytobands.tsv").write_text(CYTOBANDS.replace("6\t14\tq11", "6\t15\tq11"))
    err = intake_error(tmp_path, config)
    assert where(err) == ("ref/cytobands.tsv", 2, "end")
    assert err.message == (
        "the bands of chr1 end at 15, contig chr1 of the FASTA is 14 bp: the cytobands belong"
        " to another build"
    )


@pytest.mark.bad_input
def test_cytobands_gzipped(tmp_path):
    config = make_batch(tmp_path)
    (tmp_path / "ref/cytobands.tsv").write_bytes(gzip.compress(CYTOBANDS.encode()))
    err = intake_error(tmp_path, config)
    assert where(err) == ("ref/cytobands.tsv", None, None)
    assert err.message == "is gzip-compressed: give the plain file"


@pytest.mark.bad_input
def test_fasta_with_a_duplicated_contig_name(tmp_path):
    config = make_batch(tmp_path)
    (tmp_path / "ref/genome.fa").write_text(FASTA + ">chr1\nAAAA\n")
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, "reference.fasta")
    assert err.message.endswith("has two contigs named 'chr1': contig names must be unique")


def test_contig_roles_are_checked_against_the_fasta(tmp_path):
    config = make_batch(tmp_path)
    config["reference"].update({"autosomes": ["chr1"], "chrX": "chr2"})
    cfg = intake.load_config(config, tmp_path)
    assert (cfg["reference"]["autosomes"], cfg["reference"]["chrX"]) == (["chr1"], "chr2")
    assert cfg["reference"]["chrY"] == ""


@pytest.mark.bad_input
@pytest.mark.parametrize(
    ("roles", "field", "text"),
    [
        ({"autosomes": ["chr1", "chr7"]}, "reference.autosomes.1", "'chr7' is not a contig of"),
        ({"chrX": "X"}, "reference.chrX", "'X' is not a contig of reference.fasta (chr1, chr2)"),
        ({"autosomes": ["chr1"], "chrY": "chr1"}, "reference.chrY", "already declared as"),
    ],
)
def test_contig_roles_that_are_not_fasta_contigs(tmp_path, roles, field, text):
    config = make_batch(tmp_path)
    config["reference"].update(roles)
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, field)
    assert text in err.message


def test_pseudoautosomal_regions_are_checked_and_kept(tmp_path):
    config = make_batch(tmp_path)
    par = [{"name": "PAR1", "x": "chr1:1-3", "y": "chr2:2-4"}]
    config["reference"].update({"chrX": "chr1", "chrY": "chr2", "par": par})
    cfg = intake.load_config(config, tmp_path)
    assert cfg["reference"]["par"] == par
    # absent = [] (no PAR handling)
    del config["reference"]["par"]
    assert intake.load_config(config, tmp_path)["reference"]["par"] == []


@pytest.mark.bad_input
@pytest.mark.parametrize(
    ("par", "field", "text"),
    [
        (
            {"x": "chr2:1-3"},
            "reference.par.0.x",
            "is on 'chr2', not on the declared reference.chrX",
        ),
        ({"x": "chr1:1-20"}, "reference.par.0.x", "ends past the end of chr1 (14 bp)"),
        ({"x": "chr1:5-3"}, "reference.par.0.x", "end >= start"),
        ({"x": "chr1 1-3"}, "reference.par.0.x", "is not contig:start-end"),
        ({"x": "chr1:1-3", "y": "chr1:4-6"}, "reference.par.0.y", "not on the declared"),
        ({"x": "chr1:1-3", "y": "chr2:1-4"}, "reference.par.0.y", "one sequence"),
        ({"y": "chr2:1-3"}, "reference.par.0.x", "required key is missing"),
    ],
)
def test_pseudoautosomal_regions_off_their_contigs(tmp_path, par, field, text):
    config = make_batch(tmp_path)
    config["reference"].update({"chrX": "chr1", "chrY": "chr2", "par": [par]})
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, field)
    assert text in err.message


@pytest.mark.bad_input
def test_pseudoautosomal_region_without_a_declared_x(tmp_path):
    config = make_batch(tmp_path)
    config["reference"].update({"par": [{"x": "chr1:1-3"}]})
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, "reference.par.0.x")
    assert "reference.chrX is empty" in err.message


# --------------------------------------------------------------------------- config values


@pytest.mark.bad_input
@pytest.mark.parametrize(
    ("section", "key", "value", "text"),
    [
        ("small_variants", "chunks", "four", "'four' is not an integer"),
        ("itd", "min_vaf", 1.5, "1.5 must be at most 1"),
        ("itd", "min_vaf", 0, "0 must be greater than 0"),
        ("sv", "min_supporting_reads", -1, "-1 must be at least 0"),
        ("cnv", "segment_method", "cbs", "'cbs' is not one of: hmm, haar"),
    ],
)
def test_config_value_out_of_range(tmp_path, section, key, value, text):
    config = make_batch(tmp_path)
    config[section] = {key: value}
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, f"{section}.{key}")
    assert err.message == text


@pytest.mark.bad_input
def test_itd_target_with_codons_reversed(tmp_path):
    config = make_batch(tmp_path)
    config["itd"] = {
        "targets": [{"name": "FLT3-ITD", "gene": "FLT3", "first_codon": 640, "last_codon": 560}]
    }
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, "itd.targets.0.last_codon")
    assert err.message == "560 is before first_codon 640"


@pytest.mark.bad_input
def test_malformed_knowledge_rule_names_its_line_and_field(tmp_path):
    config = make_batch(tmp_path)
    path = tmp_path / "config/qc.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["rules"][2]["op"] = "between"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    err = intake_error(tmp_path, config)
    assert (err.file, err.field) == ("config/qc.yaml", "op")
    assert path.read_text().splitlines()[err.row - 1] == "  op: between"
    assert err.message.startswith("rules[2] (duplicate_rate): field 'op' must be one of")
    assert str(tmp_path) not in str(err)  # the file as the config names it, once


# --------------------------------------------------------------------------- command line


def test_command_line_prints_batch_and_cache_dir(tmp_path, monkeypatch, capsys):
    config = make_batch(tmp_path)
    monkeypatch.setenv("ALWGS_LAUNCH_DIR", str(tmp_path))
    # a repository-like layout: config/config.yaml next to config/schemas
    monkeypatch.setattr(schemas, "SCHEMA_DIR", tmp_path / "config/schemas")
    (tmp_path / "config/config.yaml").write_text(yaml.safe_dump(dict(config, umask="0027")))
    (tmp_path / "batch.yaml").write_text(yaml.safe_dump({"batch_dir": "elsewhere"}))
    shutil.copytree(REPO / "config/schemas", tmp_path / "config/schemas")
    assert intake.main([str(tmp_path / "batch.yaml")]) == 0
    out = capsys.readouterr().out.splitlines()
    cache = str(tmp_path / "ref/genome.fa.alwgs_cache")
    assert out == [str(tmp_path / "elsewhere"), cache, "", "0027"]
    assert not (tmp_path / "elsewhere").exists()  # checking creates nothing

    (tmp_path / "batch.yaml").write_text("batch_dir: [x\n")
    assert intake.main([str(tmp_path / "batch.yaml")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"alwgs input error: {tmp_path / 'batch.yaml'} line 2: invalid YAML")

    (tmp_path / "batch.yaml").write_text(yaml.safe_dump({"samples": "nowhere.tsv"}))
    assert intake.main([str(tmp_path / "batch.yaml")]) == 1
    assert capsys.readouterr().err.startswith("alwgs input error: nowhere.tsv: file does not exist")


def test_unit_sheet_row_names_where_a_unit_is_written(tmp_path):
    batch = load_batch(make_batch(tmp_path), tmp_path)
    assert batch.unit_sheet_row("P1-T", "L2") == {
        "sheet": "batch/units.tsv",
        "line": 3,
        "fq1": "fastq/P1-T_L2_R1.fastq.gz",
        "fq2": "fastq/P1-T_L2_R2.fastq.gz",
    }


THERAPY_HEADER = SAMPLES_HEADER + ["therapy_context"]


def test_therapy_context_column_is_read(tmp_path):
    """ELN 2024 applicability (samples.tsv therapy_context): a value, or empty = unknown."""
    rows = [r + [v] for r, v in zip(SAMPLES, ["prior_hma", "", ""], strict=True)]
    batch = load_batch(make_batch(tmp_path, samples=rows, samples_header=THERAPY_HEADER), tmp_path)
    assert batch.samples.loc["P1-T", "therapy_context"] == "prior_hma"
    assert batch.samples.loc["P2-T", "therapy_context"] == ""


@pytest.mark.bad_input
def test_bad_therapy_context(tmp_path):
    rows = [r + [v] for r, v in zip(SAMPLES, ["", "", "azacitidine"], strict=True)]
    err = intake_error(tmp_path, make_batch(tmp_path, samples=rows, samples_header=THERAPY_HEADER))
    assert where(err) == (SAMPLES_TSV, 4, "therapy_context")
    assert "azacitidine" in err.message


def write_panel_of_normals(path: Path, chr1_length: int, counts: bool = True) -> None:
    """A panel as ./alwgs pon writes it (or, counts=False, a bare sites VCF without PON_N)."""
    from alwgs.pon.panel import INFO_LINES, Panel, Site, write_panel

    if counts:
        panel = Panel(
            1, [], {"chr1": chr1_length, "chr2": 4}, {("chr1", 3, "G", "T"): Site(2, 3, 0.1)}
        )
        write_panel(panel, path)
        return
    text = (
        "##fileformat=VCFv4.2\n##contig=<ID=chr1,length=14>\n" + INFO_LINES[0] + "\n"
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\nchr1\t3\t.\tG\tT\t.\t.\t.\n"
    )
    plain = path.with_suffix("")
    plain.write_text(text)
    import pysam

    pysam.tabix_compress(str(plain), str(path), force=True)
    pysam.tabix_index(str(path), preset="vcf", force=True)


def test_panel_of_normals_is_checked_at_intake(tmp_path):
    config = make_batch(tmp_path)
    config["databases"]["panel_of_normals"] = "ref/pon.vcf.gz"
    write_panel_of_normals(tmp_path / "ref" / "pon.vcf.gz", 14)
    cfg = load_batch(config, tmp_path).config
    assert cfg["databases"]["panel_of_normals"] == str(tmp_path / "ref" / "pon.vcf.gz")


@pytest.mark.bad_input
@pytest.mark.parametrize(
    ("length", "counts", "text"),
    [
        (14, False, "no ##alwgs_panel_of_normals header: not a panel of normals"),
        (99, True, "contig chr1 has length 99, reference.fasta 14"),
    ],
)
def test_panel_of_normals_without_counts_or_of_another_reference(tmp_path, length, counts, text):
    config = make_batch(tmp_path)
    config["databases"]["panel_of_normals"] = "ref/pon.vcf.gz"
    write_panel_of_normals(tmp_path / "ref" / "pon.vcf.gz", length, counts)
    err = intake_error(tmp_path, config)
    assert where(err) == ("config", None, "databases.panel_of_normals")
    assert text in str(err) and "ref/pon.vcf.gz" in str(err)
