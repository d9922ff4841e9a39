"""Batch intake: one good batch, then one test per kind of bad input."""

import gzip
import os
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from alwgs import intake
from alwgs.intake import IntakeError, load_batch, load_resources, resources_for

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
    for name in ("genome.fa", "genes.gff3", "cytobands.tsv", "clinvar.vcf.gz"):
        (ref / name).write_text("x\n")
    batch = root / "batch"
    batch.mkdir()
    units = UNITS if units is None else units
    for row in units:
        for fq in row[3:5]:
            if fq and not (batch / fq).exists():
                write_fastq(batch / fq)
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
        "config/knowledge/who_icc2022.yaml",
        "config/knowledge/germline_predisposition.yaml",
        "config/knowledge/focal_deletions.tsv",
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
        "qc": {"thresholds": "config/qc.yaml"},
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
    assert cfg["databases"] == {"population_af": "", "clinvar": "", "panel_of_normals": ""}
    assert cfg["truth_dir"] == ""
    assert cfg["alignment"] == {"output_format": "bam", "platform": "ILLUMINA"}
    assert cfg["qc"]["thresholds"] == str(tmp_path / "config/qc.yaml")


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
    assert resources_for(resources, "bwa_mem") == {"threads": 2, "mem_mb": 6000, "runtime": 120}
    schema = yaml.safe_load((REPO / "config/schemas/config.schema.yaml").read_text())
    config = yaml.safe_load((REPO / "config/config.yaml").read_text())
    jsonschema.Draft202012Validator(schema).validate(config)


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
