"""The reference bundle (./alwgs reference): build and contig roles from the known chromosome
lengths, contig names of downloads mapped to the FASTA's, GFF3/cytobands/VCFs checked,
renamed and reduced with bcftools, the manifest and its id, and the bundle applied at intake.

Fixtures are built in tmp_path: a FASTA of three random contigs named like UCSC (chr1, chr2,
chrM), and downloads named like Ensembl and NCBI (1, 2, MT, scaffolds the FASTA lacks)."""

import gzip
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from alwgs import intake
from alwgs.bundle import assemblies, cli, manifest, naming, vcf
from alwgs.bundle.errors import BundleError
from alwgs.contig_roles import ContigRoles
from alwgs.intake import IntakeError
from alwgs.par import check as par_check

REPO = Path(__file__).resolve().parents[2]
LENGTHS = {"chr1": 6000, "chr2": 4000, "chrM": 1000}


def random_fasta(path: Path, lengths: dict[str, int] = LENGTHS, seed: int = 7) -> dict[str, str]:
    rng = random.Random(seed)
    seqs = {c: "".join(rng.choice("ACGT") for _ in range(n)) for c, n in lengths.items()}
    with open(path, "w") as fh:
        for name, seq in seqs.items():
            fh.write(f">{name}\n")
            fh.writelines(seq[i : i + 60] + "\n" for i in range(0, len(seq), 60))
    return seqs


def gff3_text(seqids=("1", "2", "KI270728.1")) -> str:
    lines = ["##gff-version 3", "##sequence-region 1 1 6000", "##sequence-region 2 1 4000"]
    for seqid in seqids:
        lines += [
            f"{seqid}\tensembl\tgene\t100\t900\t.\t+\t.\tID=gene:G{seqid};Name=G{seqid}",
            f"{seqid}\tensembl\tmRNA\t100\t900\t.\t+\t.\tID=transcript:T{seqid};Parent=gene:G{seqid}",
        ]
    return "\n".join(lines) + "\n"


CYTOBANDS = (
    "chr1\t0\t3000\tp11\tacen\nchr1\t3000\t6000\tq11\tacen\n"
    "chr2\t0\t4000\tq11\tgneg\nchr1_KI270762v1_alt\t0\t354444\t\tgneg\n"
)


def write_vcf(path: Path, info_header: list[str], rows: list[str], header: list[str] = ()):
    text = "##fileformat=VCFv4.2\n" + "".join(h + "\n" for h in header)
    types = {"AF": ("A", "Float"), "AC": ("A", "Integer")}
    for i in info_header:
        number, kind = types.get(i, (".", "String"))
        text += f'##INFO=<ID={i},Number={number},Type={kind},Description="{i}">\n'
    text += "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n" + "".join(r + "\n" for r in rows)
    plain = path.with_suffix("")
    plain.write_text(text)
    subprocess.run(["bgzip", "-f", str(plain)], check=True)
    subprocess.run(["tabix", "-f", "-p", "vcf", str(path)], check=True)
    return path


def clinvar_like(path: Path, seqs: dict[str, str]) -> Path:
    """Ensembl-named ClinVar-like records: 4 on '1', 1 on 'MT', 2 on a contig the FASTA lacks."""
    rows = []
    for name, contig, positions in (("1", "chr1", (100, 200, 300, 400)), ("MT", "chrM", (50,))):
        for pos in positions:
            ref = seqs[contig][pos - 1]
            alt = "A" if ref != "A" else "C"
            rows.append(
                f"{name}\t{pos}\t.\t{ref}\t{alt}\t.\t.\tCLNSIG=Benign;CLNREVSTAT=x;GENEINFO=G:1"
            )
    rows += [
        "NW_009646201.1\t5\t.\tA\tG\t.\t.\tCLNSIG=Benign",
        "NW_009646201.1\t9\t.\tA\tG\t.\t.\tCLNSIG=Benign",
    ]
    info = ["CLNSIG", "CLNREVSTAT", "GENEINFO"]
    return write_vcf(path, info, rows, ["##reference=GRCh38"])


def gnomad_like(path: Path, seqs: dict[str, str], naming_prefix: str = "chr") -> Path:
    """A gnomAD-like sites VCF: common SNPs every 500 bp on chr1/chr2 (AF 0.3), a rare SNP,
    a multi-allelic site, a non-PASS record, an extra INFO field to be dropped."""
    rows = []
    for contig in ("chr1", "chr2"):
        name = naming_prefix + contig[3:]
        for pos in range(500, len(seqs[contig]), 500):
            ref = seqs[contig][pos - 1]
            alt = "T" if ref != "T" else "G"
            rows.append(f"{name}\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\tAF=0.3;AC=5")
            rows.append(f"{name}\t{pos + 1}\t.\t{seqs[contig][pos]}\tA\t.\tPASS\tAF=0.0001;AC=1")
    ref = seqs["chr1"][1999]
    rows.append(f"{naming_prefix}1\t2000\t.\t{ref}\tA,C\t.\tPASS\tAF=0.2,0.1;AC=1")
    rows.append(f"{naming_prefix}1\t2002\t.\t{seqs['chr1'][2001]}\tA\t.\tAC0\tAF=0.5;AC=0")
    rows.sort(key=lambda r: (r.split("\t")[0], int(r.split("\t")[1])))
    header = [
        f"##contig=<ID={naming_prefix}1,length=6000>",
        f"##contig=<ID={naming_prefix}2,length=4000>",
        '##FILTER=<ID=AC0,Description="no high-quality genotype">',
    ]
    return write_vcf(path, ["AF", "AC"], rows, header)


@pytest.fixture
def downloads(tmp_path) -> dict:
    d = tmp_path / "downloads"
    d.mkdir()
    seqs = random_fasta(d / "genome.fa")
    (d / "genes.gff3").write_bytes(gzip.compress(gff3_text().encode()))
    (d / "cytoBand.txt").write_text(CYTOBANDS)
    return {
        "dir": d,
        "seqs": seqs,
        "fasta": d / "genome.fa",
        "gff3": d / "genes.gff3",
        "cytobands": d / "cytoBand.txt",
        "clinvar": clinvar_like(d / "clinvar.vcf.gz", seqs),
        "gnomad": gnomad_like(d / "gnomad.vcf.gz", seqs, naming_prefix=""),
    }


def make(downloads: dict, out: Path, *extra: str) -> int:
    args = ["--fasta", str(downloads["fasta"]), "--gff3", str(downloads["gff3"])]
    args += ["--cytobands", str(downloads["cytobands"]), "--clinvar", str(downloads["clinvar"])]
    args += ["--gnomad", str(downloads["gnomad"]), "--autosomes", "chr1", "chr2"]
    args += ["--identity-spacing", "1000", "--out", str(out), *extra]
    return cli.main(args)


def records(path: Path) -> list[list[str]]:
    out = subprocess.run(["bcftools", "view", "-H", str(path)], capture_output=True, text=True)
    return [line.split("\t") for line in out.stdout.splitlines()]


# --------------------------------------------------------------------------- contig names


def test_contig_names_map_both_ways_and_only_to_existing_contigs():
    ucsc = naming.to_fasta(["chr1", "chrX", "chrM", "chr1_KI270706v1_random", "chrUn_GL000220v1"])
    assert [ucsc(n) for n in ("1", "X", "MT", "chr1", "KI270706.1", "GL000220.1")] == [
        "chr1",
        "chrX",
        "chrM",
        "chr1",
        "chr1_KI270706v1_random",
        "chrUn_GL000220v1",
    ]
    assert ucsc("2") is None and ucsc("KI270707.1") is None and ucsc("NW_009646201.1") is None
    ensembl = naming.to_fasta(["1", "X", "MT", "KI270706.1"])
    assert [ensembl(n) for n in ("chr1", "chrX", "chrM", "chr1_KI270706v1_random")] == [
        "1",
        "X",
        "MT",
        "KI270706.1",
    ]


# --------------------------------------------------------------------------- build and roles

TABLE = assemblies.load_table()


def grch(build: str, names=None) -> dict[str, int]:
    chroms = TABLE[build]
    names = names or {c: f"chr{c}" for c in chroms}
    return {names[c]: n for c, n in chroms.items()}


def test_table_has_both_builds_with_24_chromosomes():
    assert {b: len(c) for b, c in TABLE.items()} == {"GRCh38": 24, "GRCh37": 24}
    assert TABLE["GRCh38"]["1"] == 248_956_422 and TABLE["GRCh37"]["1"] == 249_250_621


def test_grch38_recognised_and_roles_from_lengths_whatever_the_names():
    lengths = {**grch("GRCh38", {c: f"seq{c}" for c in TABLE["GRCh38"]}), "chrM": 16569}
    found = assemblies.recognise(lengths, "GRCh38")
    assert found.build == "GRCh38" and "24 of 24" in found.check
    roles = found.roles()
    assert roles.autosomes == tuple(f"seq{n}" for n in range(1, 23))
    assert (roles.x, roles.y) == ("seqX", "seqY")
    assert assemblies.recognise(lengths).build == "GRCh38"  # recognised without --build too
    assert assemblies.recognise(lengths, "hg38").build == "GRCh38"


def test_recognised_build_writes_its_pseudoautosomal_regions_on_the_fasta_names():
    lengths = grch("GRCh38", {c: f"seq{c}" for c in TABLE["GRCh38"]})
    found = assemblies.recognise(lengths, "GRCh38")
    par = assemblies.par_config(found, found.roles())
    assert par == [
        {"name": "PAR1", "x": "seqX:10001-2781479", "y": "seqY:10001-2781479"},
        {"name": "PAR2", "x": "seqX:155701383-156030895", "y": "seqY:56887903-57217415"},
    ]
    # what the bundle writes passes the intake check against the same contigs
    assert par_check(par, lengths, "seqX", "seqY") == []
    # no Y declared: the X copies only
    no_y = assemblies.par_config(found, ContigRoles(found.roles().autosomes, "seqX", ""))
    assert [p["y"] for p in no_y] == ["", ""]
    # GRCh37 has its own coordinates
    found37 = assemblies.recognise(grch("GRCh37"))
    assert assemblies.par_config(found37, found37.roles())[0]["x"] == "chrX:60001-2699520"
    # a slice (build not verified) gets none: the user gives them
    sliced = assemblies.recognise({"chr22": 40_001}, "GRCh38")
    assert assemblies.par_config(sliced, sliced.roles()) == []


def test_fasta_of_another_build_is_rejected():
    with pytest.raises(BundleError, match="lengths are those of GRCh37 .* not GRCh38"):
        assemblies.recognise(grch("GRCh37"), "GRCh38")


def test_mixed_builds_and_edited_chromosomes_are_rejected():
    mixed = {**grch("GRCh38"), "chr7": TABLE["GRCh37"]["7"]}
    with pytest.raises(BundleError, match="more than one build"):
        assemblies.recognise(mixed)
    edited = {**grch("GRCh38"), "chr7": 1000}
    with pytest.raises(BundleError, match="contig chr7 is 1,000 bp, GRCh38 chromosome 7 is"):
        assemblies.recognise(edited)
    swapped = {**grch("GRCh38"), "chr1": TABLE["GRCh38"]["2"], "chr2": TABLE["GRCh38"]["1"]}
    with pytest.raises(BundleError, match="contig chr1 has the length of GRCh38 chromosome 2"):
        assemblies.recognise(swapped)


def test_a_slice_has_no_verifiable_build():
    found = assemblies.recognise({"chr22": 40_001}, "GRCh38")
    assert found.build == "GRCh38" and found.check.startswith("not verified")
    assert found.roles() == ContigRoles()


# --------------------------------------------------------------------------- a whole bundle


def test_bundle_renames_drops_extracts_and_seals(downloads, tmp_path, capsys):
    out = tmp_path / "bundle"
    assert make(downloads, out) == 0
    doc = yaml.safe_load((out / "bundle.yaml").read_text())
    assert doc["reference"]["autosomes"] == ["chr1", "chr2"]
    assert (doc["reference"]["chrX"], doc["reference"]["chrY"]) == ("", "")
    assert doc["reference"]["par"] == []  # no recognised build, no X: no PAR
    assert doc["build_check"].startswith("not verified")
    # GFF3: Ensembl seqids renamed, the scaffold the FASTA lacks dropped with its features
    gff3 = (out / "genes.gff3").read_text()
    assert doc["sources"]["gff3"]["renamed"] == {"1": "chr1", "2": "chr2"}
    assert doc["sources"]["gff3"]["dropped_contigs"] == ["KI270728.1"]
    assert (doc["sources"]["gff3"]["kept"], doc["sources"]["gff3"]["dropped"]) == (4, 2)
    assert "##sequence-region chr1 1 6000" in gff3 and "KI270728" not in gff3
    assert {line.split("\t")[0] for line in gff3.splitlines() if not line.startswith("#")} == {
        "chr1",
        "chr2",
    }
    # cytobands: the alt contig's row dropped
    assert (out / "cytobands.tsv").read_text() == CYTOBANDS.rsplit("chr1_KI270762", 1)[0]
    # ClinVar: 1 -> chr1, MT -> chrM, the NW_ contig's 2 records dropped; CLNSIG/CLNREVSTAT only
    clinvar = doc["sources"]["clinvar"]
    assert (clinvar["kept"], clinvar["dropped"], clinvar["dropped_contigs"]) == (
        5,
        2,
        ["NW_009646201.1"],
    )
    rows = records(out / "clinvar.vcf.gz")
    assert {r[0] for r in rows} == {"chr1", "chrM"}
    assert all(
        r[7].startswith("CLNSIG=Benign;CLNREVSTAT=x") and "GENEINFO" not in r[7] for r in rows
    )
    # gnomAD: INFO/AF only, PASS, biallelic; renamed 1 -> chr1
    pop = records(out / "population_af.vcf.gz")
    assert pop and all(r[7].startswith("AF=") and ";" not in r[7] for r in pop)
    assert all("," not in r[4] and r[6] == "PASS" for r in pop)
    assert {r[0] for r in pop} == {"chr1", "chr2"}
    # identity sites: common SNPs (AF 0.05-0.95) at least 1000 bp apart
    sites = records(out / "identity_sites.vcf.gz")
    assert sites and all(r[7] == "AF=0.3" for r in sites)
    for a, b in zip(sites, sites[1:], strict=False):
        assert a[0] != b[0] or int(b[1]) - int(a[1]) >= 1000
    assert doc["sources"]["identity_sites"]["sites"] == len(sites)
    header = subprocess.run(
        ["bcftools", "view", "--no-version", "-h", str(out / "population_af.vcf.gz")],
        capture_output=True,
        text=True,
    ).stdout
    assert "##contig=<ID=chr1,length=6000>" in header and "##contig=<ID=1," not in header
    assert str(tmp_path) not in header  # no path of this machine in what batches read
    # manifest, id, index cache
    listed = {rel for _, rel in manifest.manifest_files(out)}
    assert (
        listed == set(doc["files"])
        and "genome.fa" in listed
        and "cache/genome.fa.fai" not in listed
    )
    assert doc["bundle_id"] == manifest.bundle_id(out)
    assert (
        subprocess.run(["sha256sum", "-c", "--quiet", "MANIFEST.sha256"], cwd=out).returncode == 0
    )
    for suffix in (".fai", ".bwt", ".sa"):
        assert (out / "cache" / f"genome.fa{suffix}").stat().st_size > 0
    assert os.readlink(out / "cache/genome.fa") == "../genome.fa"
    assert f"bundle {out}: {doc['bundle_id']}" in capsys.readouterr().out
    assert not list(tmp_path.glob(".bundle.partial-*"))


def test_bundle_is_never_overwritten_and_a_failed_one_leaves_nothing(downloads, tmp_path, capsys):
    out = tmp_path / "bundle"
    out.mkdir()
    (out / "keep.txt").write_text("earlier\n")
    assert make(downloads, out) == 1
    assert "a bundle is never overwritten" in capsys.readouterr().err
    assert (out / "keep.txt").read_text() == "earlier\n"
    # a GFF3 in other coordinates stops the bundle; no partial folder is left
    (downloads["gff3"]).write_text(gff3_text().replace("\t100\t900\t", "\t100\t16574637\t"))
    assert make(downloads, tmp_path / "other") == 1
    err = capsys.readouterr().err
    assert (
        f"{downloads['gff3']} line 4, field 'end': gene ends at 16,574,637, beyond the end" in err
    )
    assert not (tmp_path / "other").exists() and not list(tmp_path.glob(".other.partial-*"))


def test_ucsc_named_vcf_on_an_ensembl_named_fasta(tmp_path):
    """The other direction: a FASTA named 1, 2, MT and UCSC-named downloads."""
    d = tmp_path / "dl"
    d.mkdir()
    seqs = random_fasta(d / "genome.fa", {"1": 6000, "2": 4000, "MT": 1000})
    ucsc_seqs = {"chr1": seqs["1"], "chr2": seqs["2"]}
    gnomad = gnomad_like(d / "gnomad.vcf.gz", ucsc_seqs, naming_prefix="chr")
    out = tmp_path / "bundle"
    args = ["--fasta", str(d / "genome.fa"), "--gnomad", str(gnomad), "--out", str(out)]
    assert cli.main(args) == 0
    assert {r[0] for r in records(out / "population_af.vcf.gz")} == {"1", "2"}


def gnomad_with(downloads: dict, rows_edit=None, header_edit=None) -> Path:
    path = downloads["dir"] / "bad.vcf.gz"
    text = gzip.decompress(downloads["gnomad"].read_bytes()).decode()
    lines = text.splitlines()
    if header_edit:
        lines = [header_edit(x) if x.startswith("##") else x for x in lines]
    if rows_edit:
        lines = [x if x.startswith("#") else rows_edit(x) for x in lines]
    path.with_suffix("").write_text("\n".join(lines) + "\n")
    subprocess.run(["bgzip", "-f", str(path.with_suffix(""))], check=True)
    subprocess.run(["tabix", "-f", "-p", "vcf", str(path)], check=True)
    return path


def test_vcf_of_another_build_is_rejected_by_its_contig_lengths(downloads, tmp_path, capsys):
    downloads["gnomad"] = gnomad_with(
        downloads, header_edit=lambda x: x.replace("ID=1,length=6000", "ID=1,length=248956422")
    )
    assert make(downloads, tmp_path / "bundle") == 1
    err = capsys.readouterr().err
    assert "bad.vcf.gz line 2, field 'contig': contig 1 is declared 248,956,422 bp" in err
    assert "the VCF belongs to another build" in err


def test_vcf_of_another_build_is_rejected_by_its_ref_alleles(downloads, tmp_path, capsys):
    """Same contig names and lengths, other sequence: REF alleles do not match the FASTA."""
    other = random_fasta(tmp_path / "other.fa", seed=99)
    downloads["gnomad"] = gnomad_like(downloads["dir"] / "other.vcf.gz", other, naming_prefix="")
    assert make(downloads, tmp_path / "bundle") == 1
    assert "REF alleles of" in capsys.readouterr().err


def test_vcf_record_beyond_its_contig_is_rejected(downloads, tmp_path, capsys):
    def beyond(row):
        f = row.split("\t")
        return "\t".join([f[0], str(int(f[1]) + 5500), *f[2:]]) if f[0] == "2" else row

    downloads["gnomad"] = gnomad_with(
        downloads, beyond, lambda x: x.replace("ID=2,length=4000", "ID=2")
    )
    assert make(downloads, tmp_path / "bundle") == 1
    assert "lies beyond the end of contig chr2 (4,000 bp)" in capsys.readouterr().err


def test_vcf_reference_line_of_the_other_build(tmp_path):
    path = write_vcf(
        tmp_path / "v.vcf.gz",
        ["AF"],
        ["1\t5\t.\tA\tG\t.\t.\tAF=0.1"],
        ["##reference=file:///ref/hs37d5.fa"],
    )
    to_fasta = naming.to_fasta(["chr1"])
    with pytest.raises(BundleError, match="line 2, field 'reference'.*another build than"):
        vcf.check_header(path, str(path), {"chr1": 10}, to_fasta, "GRCh38")
    vcf.check_header(path, str(path), {"chr1": 10}, to_fasta, "GRCh37")  # its own build


# --------------------------------------------------------------------------- checks of a bundle


def test_verify_and_cheap_check(downloads, tmp_path, capsys):
    out = tmp_path / "bundle"
    assert make(downloads, out) == 0
    doc = manifest.read_bundle(out)
    assert manifest.cheap_check(out, doc) is None
    assert cli.main(["--verify", str(out)]) == 0
    # a copy without -p has new mtimes: the cheap check says so; --verify re-stamps it
    copy = tmp_path / "copy"
    shutil.copytree(out, copy, symlinks=True, copy_function=shutil.copyfile)
    problem = manifest.cheap_check(copy, manifest.read_bundle(copy))
    assert problem and "mtime differs" in problem
    assert cli.main(["--verify", str(copy)]) == 0
    assert manifest.cheap_check(copy, manifest.read_bundle(copy)) is None
    # a changed file: same size and mtime would fool the cheap check, not the full one
    gff3 = copy / "genes.gff3"
    st = gff3.stat()
    gff3.write_text(gff3.read_text().replace("Name=G1", "Name=X1"))
    os.utime(gff3, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert manifest.cheap_check(copy, manifest.read_bundle(copy)) is None
    assert cli.main(["--verify", str(copy)]) == 1
    assert "genes.gff3: checksum differs from MANIFEST.sha256" in capsys.readouterr().err


# --------------------------------------------------------------------------- bundle at intake


def bundle_batch(root: Path, bundle: Path, **extra) -> dict:
    """A batch of one tumor whose config names only the bundle."""
    batch = root / "batch"
    batch.mkdir(exist_ok=True)
    with gzip.open(batch / "r1.fq.gz", "wt") as fh:
        fh.write("@r1\nACGT\n+\nIIII\n")
    shutil.copy(batch / "r1.fq.gz", batch / "r2.fq.gz")
    (batch / "samples.tsv").write_text(
        "sample\tpatient\ttype\tsex\tdiagnosis\nT1\tP1\ttumor\tunknown\tAML\n"
    )
    (batch / "units.tsv").write_text(
        "sample\tunit\tplatform\tfq1\tfq2\nT1\tL1\tILLUMINA\tr1.fq.gz\tr2.fq.gz\n"
    )
    return {
        "batch_dir": str(root / "out"),
        "samples": str(batch / "samples.tsv"),
        "units": str(batch / "units.tsv"),
        "bundle": str(bundle),
        **extra,
    }


def test_intake_fills_reference_and_databases_from_the_bundle(downloads, tmp_path):
    out = tmp_path / "bundle"
    assert make(downloads, out) == 0
    cfg = intake.load_config(bundle_batch(tmp_path, out), REPO)
    ref = cfg["reference"]
    assert ref["fasta"] == str(out / "genome.fa") and ref["cache_dir"] == str(out / "cache")
    assert ref["autosomes"] == ["chr1", "chr2"] and ref["chrX"] == ""
    assert cfg["databases"]["clinvar"] == str(out / "clinvar.vcf.gz")
    assert cfg["databases"]["identity_sites"] == str(out / "identity_sites.vcf.gz")
    assert cfg["databases"]["panel_of_normals"] == ""
    assert cfg["bundle_id"] == manifest.bundle_id(out)
    # the batch config wins: "" keeps a database out, a value of its own replaces the bundle's
    own = bundle_batch(tmp_path, out, databases={"clinvar": ""}, reference={"build": "mine"})
    cfg = intake.load_config(own, REPO)
    assert cfg["databases"]["clinvar"] == "" and cfg["reference"]["build"] == "mine"
    assert cfg["databases"]["population_af"] == str(out / "population_af.vcf.gz")


def test_intake_stops_on_a_changed_or_missing_bundle(downloads, tmp_path):
    out = tmp_path / "bundle"
    assert make(downloads, out) == 0
    (out / "cytobands.tsv").write_text(CYTOBANDS + "chr2\t4000\t4001\tq12\tgneg\n")
    with pytest.raises(IntakeError) as info:
        intake.load_config(bundle_batch(tmp_path, out), REPO)
    assert (info.value.file, info.value.field) == ("config", "bundle")
    assert "cytobands.tsv has changed since the bundle was made" in info.value.message
    assert f"run ./alwgs reference --verify {out}" in info.value.message
    with pytest.raises(IntakeError, match="is not a reference bundle"):
        intake.load_config(bundle_batch(tmp_path, tmp_path / "downloads"), REPO)


def test_settings_file_decides_the_identity_sites_and_is_recorded(downloads, tmp_path, capsys):
    settings = yaml.safe_load((REPO / "config/reference/bundle.yaml").read_text())
    settings["identity_sites"].update({"min_af": 0.4, "spacing": 700})
    path = tmp_path / "settings.yaml"
    path.write_text(yaml.safe_dump(settings))
    out = tmp_path / "bundle"
    args = ["--fasta", str(downloads["fasta"]), "--gnomad", str(downloads["gnomad"])]
    assert cli.main([*args, "--settings", str(path), "--out", str(out)]) == 0
    doc = yaml.safe_load((out / "bundle.yaml").read_text())
    assert doc["settings"]["identity_sites"] == {"min_af": 0.4, "max_af": 0.95, "spacing": 700}
    assert records(out / "identity_sites.vcf.gz") == []  # every common SNP has AF 0.3
    path.write_text("identity_sites: {}\n")
    assert cli.main([*args, "--settings", str(path), "--out", str(tmp_path / "b2")]) == 1
    assert "is not a bundle settings file" in capsys.readouterr().err
