"""Validated batch intake: config, resources and batch sheets, checked before any job runs.

Every problem is raised as one IntakeError whose message names the file, the line and the
field, so that a user can fix a sheet without reading a traceback. Formats are fixed in
docs/CONTRACTS.md ("Paths", "Batch sheets").

One module per job; the names below are re-exported so callers import from alwgs.intake:

- ``errors``: IntakeError and the wording of its messages.
- ``paths``: paths made absolute; input files and writable directories checked.
- ``yamltext``: YAML parsed with file and line in errors; the line of a key.
- ``schemas``: where the JSON schemas are (SCHEMA_DIR) and reading one.
- ``config``: the merged config: defaults of config/config.yaml laid under it, bundle applied,
  checked, paths resolved.
- ``bundle``: a reference bundle (``bundle:``) applied to the config and checked cheaply.
- ``knowledge``: the knowledge files (QC, filters, panel, interpretation) read and checked.
- ``reference``: FASTA and reference cache checked; contig names and lengths of a FASTA
  (unique names) and the contig roles among them.
- ``gff3``: every GFF3 seqid a FASTA contig, every feature inside its contig.
- ``cytobands``: cytoband contigs are FASTA contigs, their bands end at the contig's end.
- ``tool_options``: the tool options of the config (small_variants.freebayes) checked against
  an allow-list of options and value types; the words a rule passes to the tool.
- ``resources``: resources.yaml and the resources of a rule.
- ``sheets``: the TSV reader and row check shared by samples.tsv and units.tsv.
- ``samples``: samples.tsv and the matched normal of each tumor.
- ``units``: units.tsv and its FASTQ pairs or BAM/CRAM files.
- ``fastq``: the intake check of one FASTQ file.
- ``bam``: the intake check of one BAM/CRAM file (header and first read).
- ``readgroups``: the units of a BAM/CRAM's read groups; the @RG line bwa writes for a unit.
- ``batch``: the Batch object and load_batch.
- ``cli``: ``python -m alwgs.intake BATCH.yaml`` (merged_config, main).

A constant read at call time (SCHEMA_DIR, FASTA_BLOCK) is changed in the module that owns it,
e.g. alwgs.intake.schemas.SCHEMA_DIR: setting the re-exported name here changes nothing.
"""

from alwgs.intake.batch import Batch, load_batch
from alwgs.intake.cli import main, merged_config
from alwgs.intake.config import DATABASE_KEYS, REFERENCE_KEYS, load_config
from alwgs.intake.errors import SAFE_ID_TEXT, IntakeError
from alwgs.intake.reference import FASTA_BLOCK, fasta_contigs, fasta_lengths
from alwgs.intake.resources import BUILTIN_RESOURCES, load_resources, resources_for
from alwgs.intake.samples import SAMPLE_COLUMNS, SAMPLE_REQUIRED, load_samples
from alwgs.intake.schemas import SCHEMA_DIR
from alwgs.intake.units import UNIT_COLUMNS, UNIT_REQUIRED, load_units

__all__ = [
    "BUILTIN_RESOURCES",
    "DATABASE_KEYS",
    "FASTA_BLOCK",
    "REFERENCE_KEYS",
    "SAFE_ID_TEXT",
    "SAMPLE_COLUMNS",
    "SAMPLE_REQUIRED",
    "SCHEMA_DIR",
    "UNIT_COLUMNS",
    "UNIT_REQUIRED",
    "Batch",
    "IntakeError",
    "fasta_contigs",
    "fasta_lengths",
    "load_batch",
    "load_config",
    "load_resources",
    "load_samples",
    "load_units",
    "main",
    "merged_config",
    "resources_for",
]
