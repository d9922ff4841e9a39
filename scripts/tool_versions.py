"""Rule script: the version of every tool the workflow runs, as printed by the tool itself."""

import re
import subprocess

# tool: (command, regex that captures the version from stdout+stderr)
TOOLS = {
    "fastp": (["fastp", "--version"], r"fastp ([\d.]+)"),
    "bwa": (["bwa"], r"Version: (\S+)"),
    "samtools": (["samtools", "--version"], r"samtools ([\d.]+)"),
    "bcftools": (["bcftools", "--version"], r"bcftools ([\d.]+)"),
    "mosdepth": (["mosdepth", "--version"], r"mosdepth ([\d.]+)"),
    "freebayes": (["freebayes", "--version"], r"version:\s*v?([\d.]+)"),
    "scanitd": (["scanitd", "--version"], r"([\d]+\.[\d.]+)"),
    "delly": (["delly", "--version"], r"Delly version: v?([\d.]+)"),
    "tiddit": (["tiddit", "--version"], r"tiddit-([\d.]+)"),
    "cnvkit": (["cnvkit.py", "version"], r"([\d]+\.[\d.]+)"),
    "multiqc": (["multiqc", "--version"], r"version ([\d.]+\S*)"),
    "igv-reports": (["create_report", "--version"], r"([\d]+\.[\d.]+)"),
    "weasyprint": (["weasyprint", "--version"], r"version ([\d.]+)"),
    "snakemake": (["snakemake", "--version"], r"([\d.]+)"),
}


def tool_version(cmd: list[str], pattern: str) -> str:
    try:
        run = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=60)
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"unavailable ({err.__class__.__name__})"
    found = re.search(pattern, run.stdout + run.stderr)
    return found.group(1) if found else "unknown"


def main(out_path: str) -> None:
    with open(out_path, "w") as out:
        out.write("tool\tversion\n")
        for tool, (cmd, pattern) in TOOLS.items():
            out.write(f"{tool}\t{tool_version(cmd, pattern)}\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake.output[0])  # noqa: F821 (injected by Snakemake)
