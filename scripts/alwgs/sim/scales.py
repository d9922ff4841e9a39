"""Size parameters of the two demo scales: `ci` (minutes on 2 cores) and `demo` (default)."""

from dataclasses import dataclass


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


SCALES = {
    # tiny: same genome and events as ci at 4x/2x depth, for fast generator tests only.
    "tiny": Scale("tiny", 0.25, 50, 12, (250, 900), 4.0, 2.0, 10, 3),
    # Tumor 90x / normal 30x: the depth of clinical acute leukemia WGS (GMS; Berglund et al.,
    # Front Med 2022); 60x left 5-10% VAF variants with 2-4 alt reads.
    "ci": Scale("ci", 0.25, 50, 12, (250, 900), 90.0, 30.0, 30, 8),
    "demo": Scale("demo", 1.0, 100, 20, (400, 2000), 90.0, 30.0, 40, 10),
}
