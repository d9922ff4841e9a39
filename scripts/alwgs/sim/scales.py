"""Size parameters of the simulated batches: `tiny` (generator tests), `ci` (minutes on 2
cores), `demo` (default) and `cohort` (the validation cohort: one patient per entity)."""

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Scale:
    name: str
    kb_per_mb: float  # mini contig length per Mb of the real chromosome
    min_contig_kb: int
    gene_gap_kb: int  # smallest intergenic distance (room for focal deletions)
    intron_bp: tuple[int, int]
    tumor_depth: float
    normal_depth: float
    passenger_snvs: int  # random somatic SNVs per tumor, on top of the clinical lesions
    passenger_indels: int
    # The validation cohort's genome: the ci genome plus the chromosomes and genes only its
    # patients need (catalog COHORT_CHROMOSOMES, cohort_genes.COHORT_GENES); off for the other
    # scales, whose data stay byte-identical.
    cohort_genes: bool = False
    # A sequencer yields the reads a lab orders, whatever the tumor's ploidy: with
    # `fixed_yield` a sample's read count is set by the depth over a normal cell's DNA, so a
    # near-haploid tumor gets the same reads as a diploid one (at a higher depth per copy).
    # Off for tiny/ci/demo, whose data stay byte-identical (per-copy depth: their tumors
    # differ from diploid by a few gains and losses only).
    fixed_yield: bool = False
    # Patients whose samples are written (empty: all). Every patient is still built, so the
    # reference, databases and the chosen patients' reads are the full scale's, byte for byte.
    patients: tuple[str, ...] = ()


SCALES = {
    # tiny: same genome and events as ci at 4x/2x depth, for fast generator tests only.
    "tiny": Scale("tiny", 0.25, 50, 12, (250, 900), 4.0, 2.0, 10, 3),
    # Tumor 90x / normal 30x: the depth of clinical acute leukemia WGS (GMS; Berglund et al.,
    # Front Med 2022); 60x left 5-10% VAF variants with 2-4 alt reads.
    "ci": Scale("ci", 0.25, 50, 12, (250, 900), 90.0, 30.0, 30, 8),
    "demo": Scale("demo", 1.0, 100, 20, (400, 2000), 90.0, 30.0, 40, 10),
    # cohort: one patient per entity of AML, B-ALL and T-ALL (patients in cohort.py), on the
    # ci genome with the cohort's extra chromosomes and genes. Tumor 60x / normal 30x: the
    # depth of WGS-instead-of-karyotype assays (ChromoSeq: ~60x tumor; Duncavage et al., J Mol
    # Diagn 2021), enough for the copy-number and SV lesions that define most entities.
    "cohort": Scale(
        "cohort", 0.25, 50, 12, (250, 900), 60.0, 30.0, 15, 4, cohort_genes=True, fixed_yield=True
    ),
}
# cohort-ci: the cohort's hardest detections, run by CI (tests/integration/test_cohort_hard.py):
# IGH::DUX4 inside the D4Z4-like array (B20), P2RY8::CRLF2 from a PAR1 deletion on a male's Y
# (B27), masked hypodiploidy seen only as whole-chromosome LOH (B03). Same genome and reads
# as the cohort's for these patients.
SCALES["cohort-ci"] = replace(SCALES["cohort"], name="cohort-ci", patients=("B03", "B20", "B27"))
