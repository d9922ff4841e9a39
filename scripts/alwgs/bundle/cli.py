"""./alwgs reference (python -m alwgs.bundle): make a reference bundle, or verify one.

    ./alwgs reference --fasta F [--gff3 G] [--cytobands C] [--clinvar V] [--gnomad V [V ...]]
                      [--build B] [--autosomes C [C ...]] [--chrX C] [--chrY C]
                      [--identity-spacing BP] --out DIR
    ./alwgs reference --verify DIR

The bundle is written to a temporary folder next to DIR and renamed to DIR only when every
check passed: a failed run leaves nothing a batch could take for a bundle, and an existing
bundle is never overwritten (reports cite it by its id).
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import sys
from pathlib import Path

import yaml

from alwgs.bundle import annotation, assemblies, fasta, manifest, naming, vcf
from alwgs.bundle.errors import BundleError
from alwgs.contig_roles import ContigRoles

# The bundle's settings, with their reasons (--settings replaces the file).
SETTINGS = Path(__file__).resolve().parents[3] / "config" / "reference" / "bundle.yaml"


def load_settings(path: Path) -> dict:
    try:
        doc = yaml.safe_load(Path(path).read_text())
        sites, check = doc["identity_sites"], doc["ref_check"]
        for key in ("min_af", "max_af", "spacing"):
            float(sites[key])
        for key in ("records_per_contig", "max_mismatch_fraction"):
            float(check[key])
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise BundleError(path, f"is not a bundle settings file ({exc})") from None
    return doc


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="./alwgs reference",
        description="Make a reference bundle from downloaded public files, or verify one.",
    )
    ap.add_argument("--verify", metavar="DIR", help="hash every file of bundle DIR again")
    ap.add_argument("--fasta", help="reference FASTA (plain or gzipped): names the contigs")
    ap.add_argument("--gff3", help="gene annotation (Ensembl GFF3, plain or gzipped)")
    ap.add_argument("--cytobands", help="UCSC cytoBand.txt (plain or gzipped)")
    ap.add_argument("--clinvar", help="ClinVar VCF (bgzipped)")
    ap.add_argument(
        "--gnomad", nargs="+", metavar="VCF", help="gnomAD sites VCF(s), e.g. one per chromosome"
    )
    ap.add_argument(
        "--build",
        default="",
        help="build the FASTA must be (e.g. GRCh38); checked by contig lengths",
    )
    ap.add_argument(
        "--autosomes",
        nargs="*",
        metavar="CONTIG",
        help="autosome contigs (default: recognised by length)",
    )
    ap.add_argument("--chrX", help="the X contig (default: recognised by length; '' = none)")
    ap.add_argument("--chrY", help="the Y contig (default: recognised by length; '' = none)")
    ap.add_argument(
        "--identity-spacing",
        type=int,
        metavar="BP",
        help="least distance between identity sites (default: identity_sites.spacing of the"
        " settings)",
    )
    ap.add_argument(
        "--settings",
        default=str(SETTINGS),
        help="settings file (default config/reference/bundle.yaml)",
    )
    ap.add_argument("--out", help="bundle directory to create (must not exist or be empty)")
    return ap


def main(argv: list[str]) -> int:
    ap = parser()
    args = ap.parse_args(argv)
    try:
        if args.verify:
            return verify(Path(args.verify))
        if not args.fasta or not args.out:
            ap.error("--fasta and --out are required (or --verify DIR)")
        make(args)
    except BundleError as err:
        print(f"alwgs reference error: {err}", file=sys.stderr)
        return 1
    return 0


def verify(bundle: Path) -> int:
    problems = manifest.full_check(bundle)
    for problem in problems:
        print(f"alwgs reference error: {bundle}: {problem}", file=sys.stderr)
    if problems:
        return 1
    doc = manifest.read_bundle(bundle)
    print(f"[alwgs] bundle {bundle}: every file matches {manifest.MANIFEST} ({doc['bundle_id']})")
    return 0


def _roles(args, assembly: assemblies.Assembly, lengths: dict[str, int]) -> ContigRoles:
    found = assembly.roles()
    roles = ContigRoles(
        tuple(args.autosomes) if args.autosomes is not None else found.autosomes,
        args.chrX if args.chrX is not None else found.x,
        args.chrY if args.chrY is not None else found.y,
    )
    for option, contig in [("--autosomes", c) for c in roles.autosomes] + [
        ("--chrX", roles.x),
        ("--chrY", roles.y),
    ]:
        if contig and contig not in lengths:
            raise BundleError(option, f"'{contig}' is not a contig of the FASTA")
    return roles


def _input(path: str | None, option: str) -> Path | None:
    if path is None:
        return None
    p = Path(path)
    if not p.is_file():
        raise BundleError(option, f"'{path}' does not exist")
    return p


def make(args) -> Path:
    out = Path(args.out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BundleError(
            "--out",
            f"'{out}' exists: a bundle is never overwritten (batches cite it); choose"
            " a new directory",
        )
    sources = {
        "fasta": _input(args.fasta, "--fasta"),
        "gff3": _input(args.gff3, "--gff3"),
        "cytobands": _input(args.cytobands, "--cytobands"),
        "clinvar": _input(args.clinvar, "--clinvar"),
    }
    gnomad = [_input(p, "--gnomad") for p in args.gnomad or []]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.partial-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        doc = _build(tmp, sources, gnomad, args)
        if out.exists():
            out.rmdir()
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _report(out, doc)
    return out


def _build(tmp: Path, sources: dict, gnomad: list[Path], args) -> dict:
    say = lambda text: print(f"[alwgs] {text}", flush=True)  # noqa: E731
    settings = load_settings(Path(args.settings))
    sites = dict(settings["identity_sites"])
    if args.identity_spacing is not None:
        sites["spacing"] = args.identity_spacing
    work = tmp / "work"
    work.mkdir()
    genome = tmp / "genome.fa"
    say(f"FASTA: {sources['fasta']}")
    fasta.import_fasta(sources["fasta"], genome)
    lengths = fasta.contig_lengths(genome, str(sources["fasta"]))
    assembly = assemblies.recognise(lengths, args.build)
    roles = _roles(args, assembly, lengths)
    say(f"build {assembly.build} ({assembly.check}); {len(lengths)} contigs")
    say("index cache: samtools faidx, samtools dict, bwa index")
    fasta.build_cache(tmp)
    to_fasta = naming.to_fasta(lengths)
    reference = {"fasta": "genome.fa"}
    databases: dict[str, str] = {}
    report = {
        "fasta": {
            "file": sources["fasta"].name,
            "contigs": len(lengths),
            "bases": sum(lengths.values()),
        }
    }
    files = ["genome.fa"]
    if sources["gff3"]:
        say(f"GFF3: {sources['gff3']}")
        report["gff3"] = annotation.bundle_gff3(
            sources["gff3"], tmp / "genes.gff3", lengths, to_fasta
        )
        reference["gff3"] = "genes.gff3"
        files.append("genes.gff3")
    if sources["cytobands"]:
        say(f"cytobands: {sources['cytobands']}")
        report["cytobands"] = annotation.bundle_cytobands(
            sources["cytobands"], tmp / "cytobands.tsv", lengths, to_fasta
        )
        reference["cytobands"] = "cytobands.tsv"
        files.append("cytobands.tsv")
    common = {
        "fasta": genome,
        "lengths": lengths,
        "to_fasta": to_fasta,
        "build": assembly.build,
        "work": work,
        "ref_check": settings["ref_check"],
    }
    if sources["clinvar"]:
        say(f"ClinVar: {sources['clinvar']}")
        report["clinvar"] = vcf.extract(
            sources["clinvar"],
            tmp / "clinvar.vcf.gz",
            label=str(sources["clinvar"]),
            keep_info=vcf.CLINVAR_INFO,
            view_args="",
            **common,
        )
        databases["clinvar"] = "clinvar.vcf.gz"
    if gnomad:
        report["population_af"] = _gnomad(gnomad, tmp / "population_af.vcf.gz", common, say)
        databases["population_af"] = "population_af.vcf.gz"
        say(f"identity sites: common biallelic SNPs at least {sites['spacing']} bp apart")
        report["identity_sites"] = vcf.identity_sites(
            tmp / "population_af.vcf.gz",
            tmp / "identity_sites.vcf.gz",
            int(sites["spacing"]),
            float(sites["min_af"]),
            float(sites["max_af"]),
            "identity sites",
        )
        databases["identity_sites"] = "identity_sites.vcf.gz"
    for name in databases.values():
        files += [name, name + ".tbi"]
    shutil.rmtree(work)
    bundle_id = manifest.write_manifest(tmp, files)
    doc = {
        "alwgs_bundle": manifest.FORMAT,
        "bundle_id": bundle_id,
        "created": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "build": assembly.build,
        "build_check": assembly.check,
        "reference": {
            **reference,
            "build": assembly.build,
            "cache_dir": "cache",
            "autosomes": list(roles.autosomes),
            "chrX": roles.x,
            "chrY": roles.y,
            # pseudoautosomal regions of the recognised build (config/reference/par.tsv)
            "par": assemblies.par_config(assembly, roles),
        },
        "databases": databases,
        "sources": report,
        "settings": {"identity_sites": sites, "ref_check": settings["ref_check"]},
        "files": manifest.stamps(tmp, files),
    }
    manifest.write_bundle_yaml(tmp, doc)
    return doc


def _gnomad(parts: list[Path], target: Path, common: dict, say) -> dict:
    """Each gnomAD file extracted (INFO/AF, PASS, biallelic), then concatenated in the FASTA's
    contig order."""
    order = {c: i for i, c in enumerate(common["lengths"])}
    done = []
    summary = {"files": [], "kept": 0, "dropped": 0, "renamed": {}, "dropped_contigs": []}
    for i, part in enumerate(parts):
        say(f"gnomAD: {part}")
        out = common["work"] / f"gnomad_{i:03d}.vcf.gz"
        stats = vcf.extract(
            part,
            out,
            label=str(part),
            keep_info=vcf.GNOMAD_INFO,
            view_args="-f .,PASS -m2 -M2",
            **common,
        )
        summary["files"].append(stats["file"])
        summary["kept"] += stats["kept"]
        summary["dropped"] += stats["dropped"]
        summary["renamed"].update(stats["renamed"])
        summary["dropped_contigs"] += stats["dropped_contigs"]
        first = min((order[c] for c in vcf.contig_counts(out, str(part))), default=len(order))
        done.append((first, out))
    ordered = [str(p) for _, p in sorted(done)]
    vcf._run(
        "bcftools concat --no-version "
        + " ".join(vcf._q(p) for p in ordered)
        + f" -Oz -o {vcf._q(target)} && tabix -f -p vcf {vcf._q(target)}",
        "--gnomad",
        "concatenation",
    )
    return summary


def _report(out: Path, doc: dict) -> None:
    say = lambda text: print(f"[alwgs] {text}", flush=True)  # noqa: E731
    ref = doc["reference"]
    autosomes = ref["autosomes"]
    shown = f"{len(autosomes)} ({autosomes[0]}..{autosomes[-1]})" if autosomes else "not known"
    say(f"bundle {out}: {doc['bundle_id']}")
    say(f"build {doc['build']} ({doc['build_check']})")
    say(f"autosomes {shown}; X {ref['chrX'] or 'not known'}; Y {ref['chrY'] or 'not known'}")
    pars = ", ".join(p["name"] for p in ref.get("par") or []) or "none (build not recognised)"
    say(f"pseudoautosomal regions: {pars}")
    for key, source in doc["sources"].items():
        if "dropped" in source:
            renamed = len(source.get("renamed") or {})
            say(
                f"{key}: {source['kept']:,} kept, {source['dropped']:,} dropped on contigs the"
                f" FASTA lacks ({len(source['dropped_contigs'])}), {renamed} contigs renamed"
            )
        elif "sites" in source:
            say(f"{key}: {source['sites']:,} sites")
    say(f"use it in a batch config:  bundle: {out}")
