"""Per-tumor choices of the copy-number rules (rules/copy_number.smk): which CNVkit reference,
which call arguments, which optional inputs. Kept here, out of the rule file, so they are
tested without Snakemake.

Reference convention: every CNVkit reference is built with the default diploid-X convention
(never --male-reference) and each sample's known sex is given with -x, so a male's X reads
log2 -1 against any reference (paired, pooled or flat) and ``call`` gives it one copy;
events.expected_log2 relies on this.

Pseudoautosomal regions (reference.par): when they are exactly GRCh38's or GRCh37's on a
contig CNVkit recognises as X (chrX or X), every reference, fix and call gets
``--diploid-parx-genome grch38|grch37``: CNVkit then neither shifts a male normal's PAR nor
expects one copy there, and its calls agree with the events stage's PAR reading
(par_copy.py). Other PARs (another build, a test genome) CNVkit cannot take; the events
stage alone reads them, and the .call.cns keeps CNVkit's X reading there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REFERENCE_DIR = "results/cnv/reference"
# The identity check's site list (rules/alignment_qc.smk): the allele VCF's sites, with
# INFO/AF when they come from the population database.
IDENTITY_SITES = "results/qc/identity/sites.vcf.gz"
# Contig names CNVkit 0.9.14 takes for X (skgenome.chromnames.infer_sex_chrom_labels).
CNVKIT_X_NAMES = ("chrX", "X")


def cnvkit_par_genome(roles) -> str:
    """'grch38' / 'grch37' when the declared PARs (ContigRoles.par) on X are exactly those of
    that build (config/reference/par.tsv; CNVkit has the same coordinates) and X has a name
    CNVkit recognises; '' otherwise (CNVkit's PAR handling is then not used)."""
    from alwgs.bundle.assemblies import load_par_table

    if not roles.par or roles.x not in CNVKIT_X_NAMES:
        return ""
    declared = sorted((p.x.start + 1, p.x.end) for p in roles.par)
    for build, pars in load_par_table().items():
        if declared == sorted((p["x_start"], p["x_end"]) for p in pars):
            return build.lower()
    return ""


def sex_arg(sexes: list[str]) -> str:
    """'-x <sex>' when all samples share a known sex; '' lets CNVkit infer each one."""
    known = set(sexes)
    if len(known) == 1 and known <= {"male", "female"}:
        return f"-x {known.pop()}"
    return ""


def paired_reference_coverage(normal_coverage: str) -> list[str]:
    """The coverage files of a matched normal's CNVkit reference: the normal's, given twice.

    CNVkit 0.9.14 puts one "flat" pseudo-sample (log2 0) beside the normals of every
    reference (cnvlib/reference.py, "Pseudocount of 1 flat sample"; etal/cnvkit#845) and
    takes each bin's biweight location. With the one normal that is the midpoint of flat and
    the normal: a bin the normal reads at log2 -0.8 (an array whose reads are mostly below
    cnv.min_mapq, a germline deletion) is -0.4 in the reference, and the tumor, which reads
    the same -0.8 there, keeps -0.4: a one-copy loss at every such place. Given twice, the
    normal is the majority and the location is exactly its own bias-corrected log2, so the
    tumor is read against its normal as the design says. Its spread is then 0 (one normal has
    none): CNVkit weighs bins as for a flat reference, by size and the tumor's own scatter.
    tests/unit/test_cnv_paired_reference.py runs CNVkit both ways."""
    return [normal_coverage, normal_coverage]


def knowledge_path(value: str, start_dir: str | Path, reader) -> str:
    """Absolute path of a knowledge file given relative to the start directory (like every
    config path), read once so a malformed file stops the batch before any job."""
    path = Path(value)
    if not path.is_absolute():
        path = Path(start_dir) / path
    try:
        reader(path)
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ValueError(f"{value}: {err}") from None
    return str(path)


@dataclass
class CnvPlan:
    sex: dict[str, str]  # every sample
    purity: dict[str, float | None]  # every sample; None = unknown
    normal_of: dict[str, str | None]  # every tumor
    normals: list[str]
    tumor_only_reference: str = "pooled_normals"  # or flat
    allele_vcf: str = ""  # multi-sample VCF with FORMAT/AD, '' when there is none
    # whole-chromosome LOH of a tumor-only sample from its heterozygosity deficit
    # (cnv.tumor_only_loh.enabled; alwgs/cnv/heterozygosity.py)
    tumor_only_loh: bool = False
    sv_breakpoints: bool = True
    min_variant_depth: int = 15
    par_genome: str = ""  # cnvkit_par_genome(): CNVkit's --diploid-parx-genome, '' = none

    def par_arg(self) -> str:
        """CNVkit's PAR option for reference, fix and call ('' when not used)."""
        return f"--diploid-parx-genome {self.par_genome}" if self.par_genome else ""

    def reference(self, tumor: str) -> str:
        """The tumor's matched normal, else all normals pooled, else (configured, or no
        normal in the batch) a flat reference."""
        normal = self.normal_of.get(tumor)
        if normal:
            return f"{REFERENCE_DIR}/paired/{normal}.cnn"
        if self.tumor_only_reference == "pooled_normals" and self.normals:
            return f"{REFERENCE_DIR}/pooled_normals.cnn"
        return f"{REFERENCE_DIR}/flat.cnn"

    def reference_note(self, tumor: str) -> str:
        """One line for the fix log: which reference and why."""
        normal = self.normal_of.get(tumor)
        if normal:
            return f"matched normal {normal}"
        if self.tumor_only_reference == "pooled_normals":
            if self.normals:
                return f"tumor-only: pooled normals of the batch ({', '.join(self.normals)})"
            return "tumor-only: pooled_normals configured but the batch has no normal; flat"
        return "tumor-only: flat reference (cnv.tumor_only_reference)"

    def reference_sex_arg(self, normals: list[str]) -> str:
        """Sex (-x) of the normals of a reference, with the PAR option."""
        return " ".join(a for a in (sex_arg([self.sex[n] for n in normals]), self.par_arg()) if a)

    def call_args(self, tumor: str) -> str:
        """clonal calling at the sheet's purity, else CNVkit's log2 thresholds; the tumor's
        sex; allele counts (-v) for BAF, with the matched normal's genotypes when paired."""
        purity = self.purity.get(tumor)
        args = [f"-m clonal --purity {purity}" if purity else "-m threshold"]
        args.append(sex_arg([self.sex[tumor]]))
        args.append(self.par_arg())
        if self.allele_vcf:
            args.append(f"-v {self.allele_vcf} -i {tumor}")
            normal = self.normal_of.get(tumor)
            if normal:
                args.append(f"-n {normal}")
            args.append(f"--min-variant-depth {self.min_variant_depth}")
        return " ".join(a for a in args if a)

    def loh_not_assessed(self, tumor: str, require_normal: bool) -> str:
        """Why whole-chromosome LOH cannot be called for the tumor ('' when it can): it needs
        the allele counts, and a matched normal's heterozygous SNPs unless the config allows
        the tumor's own (cnv.cnloh.require_normal) or reads the heterozygosity deficit
        (cnv.tumor_only_loh). The karyotype's masked-hypodiploidy check reads it."""
        if not self.allele_vcf:
            return "no allele counts at SNPs (no population database configured)"
        if require_normal and not self.normal_of.get(tumor) and not self.tumor_only_loh:
            return "tumor-only: LOH is called only with a matched normal (cnv.cnloh.require_normal)"
        return ""

    def loh_method(self, tumor: str, require_normal: bool) -> str:
        """How LOH was assessed for the tumor ('' when it was not): the karyotype states it
        next to the masked-hypodiploidy check."""
        if self.loh_not_assessed(tumor, require_normal):
            return ""
        if self.normal_of.get(tumor):
            return "BAF at the matched normal's heterozygous SNPs (whole-chromosome and focal)"
        if require_normal:
            return (
                "tumor-only: whole-chromosome LOH assessed from the heterozygosity deficit at"
                " common SNPs (cnv.tumor_only_loh); focal cnLOH needs a matched normal"
                " (cnv.cnloh.require_normal)"
            )
        method = "tumor-only: BAF at the tumor's own heterozygous SNPs"
        if self.tumor_only_loh:
            method += ", and the heterozygosity deficit of whole chromosomes at common SNPs"
        return method

    def population_input(self, population: str) -> list[str]:
        """Population allele frequencies for the heterozygosity deficit: the identity sites
        (INFO/AF when taken from the population database), then the database itself for
        sites they lack; [] when the method is off."""
        if not (self.tumor_only_loh and self.allele_vcf):
            return []
        return [IDENTITY_SITES] + ([population] if population else [])

    # Optional rule inputs: a path, or [] (no input) when switched off.
    def sv_table(self, tumor: str) -> str | list:
        return f"results/sv/{tumor}.sv.tsv" if self.sv_breakpoints else []

    def allele_input(self) -> str | list:
        return self.allele_vcf or []


def optional_input(value) -> str:
    """A rule script's optional input (Snakemake gives a path, or an empty list when the rule
    had none): its path, or ''."""
    if isinstance(value, str):
        return value
    return str(value[0]) if value else ""
