"""Every shell command of rules/*.smk quotes what it interpolates (config values, params,
wildcards, paths), so no value of a batch reaches the shell as shell text; and a path with
spaces and quotes reaches the tool as one argument (the freebayes rule, run for real)."""

import ast
import re
import string
import subprocess
from pathlib import Path

import pysam
import pytest
import yaml
from snakemake.utils import format as snakemake_format
from test_intake import REPO
from test_intake_bam import write_aligned, write_reference

RULES = sorted((REPO / "rules").glob("*.smk"))
# Snakemake sets threads to an int (from config/resources.yaml, an integer in its schema).
UNQUOTED_ALLOWED = {"threads"}


def shell_commands() -> dict[str, str]:
    """rule name -> its shell command as Snakemake formats it (the adjacent string literals of
    the shell: block joined, comments dropped)."""
    commands = {}
    for path in RULES:
        lines = path.read_text(encoding="utf-8").splitlines()
        rule = None
        for i, line in enumerate(lines):
            found = re.match(r"(?:rule|checkpoint) (\w+):", line)
            if found:
                rule = found.group(1)
            if line.strip() != "shell:":
                continue
            indent = len(line) - len(line.lstrip())
            body = []
            for follow in lines[i + 1 :]:
                if follow.strip() and len(follow) - len(follow.lstrip()) <= indent:
                    break
                if not follow.strip().startswith("#"):
                    body.append(follow.strip())
            commands[f"{path.name}:{rule}"] = ast.literal_eval("(" + "\n".join(body) + ")")
    return commands


COMMANDS = shell_commands()


def test_the_rule_files_hold_the_shell_commands_looked_at():
    # Guards the parser: a format change of the rule files must not make the test vacuous.
    assert len(COMMANDS) >= 30
    assert "small_variants.smk:freebayes" in COMMANDS
    assert "read_qc.smk:fastp" in COMMANDS
    text = "".join(p.read_text(encoding="utf-8") for p in RULES)
    assert text.count("    shell:\n") == len(COMMANDS)
    assert "    run:\n" not in text  # a run: block would need shlex.quote itself


@pytest.mark.parametrize("rule", sorted(COMMANDS))
def test_every_interpolated_value_is_quoted(rule):
    unquoted = [
        "{" + field + (":" + spec if spec else "") + "}"
        for _, field, spec, _ in string.Formatter().parse(COMMANDS[rule])
        if field is not None and field not in UNQUOTED_ALLOWED and not (spec or "").endswith("q")
    ]
    assert unquoted == [], f"{rule}: unquoted {unquoted}"


def test_freebayes_gets_an_awkward_path_as_one_argument(tmp_path):
    """The freebayes rule's own command, formatted as Snakemake formats it, with every file
    in a directory whose name has spaces, quotes and '$(...)', and the shipped options."""
    work = tmp_path / 'it\'s a "lab" dir $(touch injected)'
    work.mkdir()
    sequence = write_reference(work / "ref genome.fa")
    pysam.faidx(str(work / "ref genome.fa"))
    bam = write_aligned(work / "tumor 1.bam", sequence, [{"ID": "rg1", "SM": "T1"}])
    pysam.index(str(bam))
    (work / "chunk 0.bed").write_text(f"chr1\t0\t{len(sequence)}\n")
    config = yaml.safe_load((REPO / "config/config.yaml").read_text(encoding="utf-8"))

    from alwgs.intake.tool_options import freebayes_args

    class Files(list):
        """input/output/log as Snakemake gives them: a list with named entries."""

        def __init__(self, items, **named):
            super().__init__(items)
            self.__dict__.update(named)

    # the depth guard's options file (rule depth_guard writes only "--skip-coverage N")
    (work / "freebayes options.txt").write_text("--skip-coverage 1000\n")
    files = {
        "ref": str(work / "ref genome.fa"),
        "bed": str(work / "chunk 0.bed"),
        "options": str(work / "freebayes options.txt"),
    }
    command = snakemake_format(
        COMMANDS["small_variants.smk:freebayes"],
        input=Files([*files.values(), str(bam)], aln=[str(bam)], **files),
        output=Files([str(work / "calls 1.vcf")]),
        log=Files([str(work / "free bayes.log")]),
        params=Files([], extra=freebayes_args(config["small_variants"]["freebayes"])),
        threads=1,
    )
    done = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, (work / "free bayes.log").read_text()
    assert not (tmp_path / "injected").exists()
    header = [ln for ln in (work / "calls 1.vcf").read_text().splitlines() if ln.startswith("##")]
    commandline = next(ln for ln in header if ln.startswith("##commandline="))
    assert f"-f {work}/ref genome.fa" in commandline
    assert "--min-alternate-fraction 0.03 --min-alternate-count 3" in commandline
    assert "--skip-coverage 1000" in commandline
    assert commandline.rstrip('"').endswith(f"{work}/tumor 1.bam")
    assert Path(work / "free bayes.log").exists()
