# alwgs: acute leukemia whole-genome sequencing, FASTQ to report.
# This file only validates the batch, includes one rule file per stage and names the targets.
import os
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError

# Rule scripts find the alwgs package themselves: Snakemake puts a local script's directory
# on sys.path.
sys.path.insert(0, str(Path(workflow.basedir) / "scripts"))
from alwgs.intake import IntakeError, load_batch  # noqa: E402

# config/config.yaml (the pipeline's defaults) is laid under the batch config by load_batch,
# from the repository's own directory, with the files it names taken from the repository: a
# cluster job parsing this file again inside batch_dir reads the same defaults.


# Relative paths of the config are resolved against the directory the workflow is started
# from. A cluster job parses this file again inside batch_dir; it inherits the variable.
LAUNCH_DIR = Path(os.environ.setdefault("ALWGS_LAUNCH_DIR", str(Path.cwd())))

try:
    BATCH = load_batch(config, LAUNCH_DIR)
except IntakeError as err:
    raise WorkflowError(f"alwgs input error: {err}") from None

CFG = BATCH.config
# Outputs hold patient data: created with the config's umask (default 0027, group-readable
# only). Jobs run locally inherit it; a cluster job parses this file again and sets it too.
os.umask(int(CFG["umask"], 8))
Path(CFG["batch_dir"]).mkdir(parents=True, exist_ok=True)


workdir: CFG["batch_dir"]


include: "rules/common.smk"


wildcard_constraints:
    sample="|".join(SAMPLES) or "NONE",
    unit="[A-Za-z0-9][A-Za-z0-9._-]*",


include: "rules/reference.smk"
include: "rules/bam_input.smk"
include: "rules/input_checks.smk"
include: "rules/read_qc.smk"
include: "rules/align.smk"
include: "rules/align_split.smk"
include: "rules/alignment_qc.smk"
include: "rules/qc_gate.smk"
include: "rules/small_variants.smk"
include: "rules/itd.smk"
include: "rules/structural_variants.smk"
include: "rules/copy_number.smk"
include: "rules/annotation.smk"
include: "rules/interpretation.smk"
include: "rules/report.smk"
include: "rules/accuracy.smk"
include: "rules/batch.smk"


rule all:
    input:
        "results/batch_status.json",
