"""Tool options the config passes to a command line, checked against an allow-list per tool.

The config holds one free-text option string: small_variants.freebayes. It is never pasted
into a shell: intake splits it into words, and every word must be an allowed option of the
tool or the value of the option before it, of that option's type. The rule then passes the
words as quoted arguments (``freebayes_args``). So "$(touch x)", "; rm", a quote or a path
cannot reach the shell or the tool, and the report's Methods line (alwgs.report.methods),
which reads the options by their long names, describes the settings that ran.

Every other setting a rule gives a tool is a structured key (a number, an enum, a pattern)
checked by config/schemas/config.schema.yaml.
"""

from __future__ import annotations

import difflib
import re

from alwgs.intake.errors import IntakeError

# Value kinds: what follows the option, and how it is described in a message.
KINDS = {
    "flag": "no value",
    "int": "a whole number >= 0",
    "fraction": "a number from 0 to 1",
    "number": "a number >= 0",
    "int_pair": "two whole numbers >= 0 joined by a comma (e.g. 100,60)",
}
_INT = re.compile(r"\d+")
_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
_INT_PAIR = re.compile(r"\d+,\d+")

# freebayes 1.3.6 (`freebayes --help`): the options that change how candidates are found,
# genotyped and reported, with their value kind. Left out on purpose: options naming files,
# regions, samples or the output (-b -L -c -f -t -r -s --populations -A -v -@
# --haplotype-basis-alleles --observation-bias --contamination-estimates), which the workflow
# sets or which would read a file it does not track; and options that change the form of the
# output the later stages read (--gvcf, --gvcf-chunk, --gvcf-dont-use-chunk,
# --report-monomorphic, --only-use-input-alleles, --strict-vcf, --debug, --help, --version).
FREEBAYES_OPTIONS = {
    # population model
    "--theta": "number",
    "--ploidy": "int",
    "--pooled-discrete": "flag",
    "--pooled-continuous": "flag",
    # reporting
    "--pvar": "fraction",
    "--report-all-haplotype-alleles": "flag",
    "--report-genotype-likelihood-max": "flag",
    # allele scope
    "--use-reference-allele": "flag",
    "--reference-quality": "int_pair",
    "--use-best-n-alleles": "int",
    "--max-complex-gap": "int",
    "--haplotype-length": "int",
    "--min-repeat-size": "int",
    "--min-repeat-entropy": "number",
    "--no-partial-observations": "flag",
    "--dont-left-align-indels": "flag",
    "--trim-complex-tail": "flag",
    # read and base filters
    "--use-duplicate-reads": "flag",
    "--min-mapping-quality": "int",
    "--min-base-quality": "int",
    "--min-supporting-allele-qsum": "int",
    "--min-supporting-mapping-qsum": "int",
    "--mismatch-base-quality-threshold": "int",
    "--read-mismatch-limit": "int",
    "--read-max-mismatch-fraction": "fraction",
    "--read-snp-limit": "int",
    "--read-indel-limit": "int",
    "--standard-filters": "flag",
    "--min-alternate-fraction": "fraction",
    "--min-alternate-count": "int",
    "--min-alternate-qsum": "int",
    "--min-alternate-total": "int",
    "--min-coverage": "int",
    "--limit-coverage": "int",
    # priors and genotype likelihoods
    "--no-population-priors": "flag",
    "--hwe-priors-off": "flag",
    "--binomial-obs-priors-off": "flag",
    "--allele-balance-priors-off": "flag",
    "--base-quality-cap": "int",
    "--prob-contamination": "fraction",
    "--legacy-gls": "flag",
    # genotyping
    "--genotyping-max-iterations": "int",
    "--genotyping-max-banddepth": "int",
    "--posterior-integration-limits": "int_pair",
    "--exclude-unobserved-genotypes": "flag",
    "--genotype-variant-threshold": "number",
    "--use-mapping-quality": "flag",
    "--harmonic-indel-quality": "flag",
    "--read-dependence-factor": "fraction",
    "--genotype-qualities": "flag",
}
# Short names of the allowed options, only to name the long one in a message.
FREEBAYES_SHORT = {
    "-T": "--theta",
    "-p": "--ploidy",
    "-J": "--pooled-discrete",
    "-K": "--pooled-continuous",
    "-P": "--pvar",
    "-Z": "--use-reference-allele",
    "-n": "--use-best-n-alleles",
    "-E": "--max-complex-gap",
    "-O": "--dont-left-align-indels",
    "-4": "--use-duplicate-reads",
    "-m": "--min-mapping-quality",
    "-q": "--min-base-quality",
    "-R": "--min-supporting-allele-qsum",
    "-Y": "--min-supporting-mapping-qsum",
    "-Q": "--mismatch-base-quality-threshold",
    "-U": "--read-mismatch-limit",
    "-z": "--read-max-mismatch-fraction",
    "-$": "--read-snp-limit",
    "-e": "--read-indel-limit",
    "-0": "--standard-filters",
    "-F": "--min-alternate-fraction",
    "-C": "--min-alternate-count",
    "-3": "--min-alternate-qsum",
    "-G": "--min-alternate-total",
    "-k": "--no-population-priors",
    "-w": "--hwe-priors-off",
    "-V": "--binomial-obs-priors-off",
    "-a": "--allele-balance-priors-off",
    "-B": "--genotyping-max-iterations",
    "-W": "--posterior-integration-limits",
    "-N": "--exclude-unobserved-genotypes",
    "-S": "--genotype-variant-threshold",
    "-j": "--use-mapping-quality",
    "-H": "--harmonic-indel-quality",
    "-D": "--read-dependence-factor",
    "-=": "--genotype-qualities",
}

# Config key (section, key) -> (tool, allowed options, short names).
TOOL_OPTION_KEYS = {
    ("small_variants", "freebayes"): ("freebayes", FREEBAYES_OPTIONS, FREEBAYES_SHORT),
}


def option_words(text: str, tool: str, allowed: dict, short: dict | None = None) -> list[str]:
    """The words of an option string, each an allowed option or its value; ValueError names
    the first rejected word and why. Only whitespace separates words: no option takes free
    text, so quotes are never needed and are rejected like any other unexpected character."""
    words = str(text).split()
    i = 0
    seen = set()
    while i < len(words):
        word = words[i]
        option, _, inline = word.partition("=")
        if option in allowed and inline:
            raise ValueError(
                f"rejected '{word}': write the value as the next word ('{option} {inline}')"
            )
        if word not in allowed:
            raise ValueError(f"rejected '{word}': {_why_not(word, tool, allowed, short or {})}")
        if word in seen:
            raise ValueError(f"rejected '{word}': given twice (keep one)")
        seen.add(word)
        kind = allowed[word]
        i += 1
        if kind == "flag":
            continue
        if i == len(words) or (words[i].startswith("--") and not _valid(words[i], kind)):
            raise ValueError(f"rejected '{word}': needs a value, {KINDS[kind]}")
        if not _valid(words[i], kind):
            raise ValueError(f"rejected '{words[i]}': the value of {word} must be {KINDS[kind]}")
        i += 1
    return words


def _valid(value: str, kind: str) -> bool:
    if kind == "int":
        return bool(_INT.fullmatch(value))
    if kind == "int_pair":
        return bool(_INT_PAIR.fullmatch(value))
    if not _NUMBER.fullmatch(value):
        return False
    return kind == "number" or float(value) <= 1


# Options the workflow itself sets, with the config key that sets them instead.
WORKFLOW_SET = {
    "--skip-coverage": "small_variants.depth_guard.max_depth_x_median (the depth guard)",
    "-g": "small_variants.depth_guard.max_depth_x_median (the depth guard)",
}


def _why_not(word: str, tool: str, allowed: dict, short: dict) -> str:
    if word in WORKFLOW_SET:
        return f"set by the workflow from {WORKFLOW_SET[word]}"
    if word in short:
        return f"write the long name {short[word]} (the report reads options by long name)"
    if not word.startswith("--"):
        return f"not an option of {tool} this config may set (options start with '--')"
    close = difflib.get_close_matches(word, list(allowed), n=1)
    hint = f"; did you mean {close[0]}?" if close else ""
    return (
        f"not an option of {tool} this config may set (files, regions and output are set by"
        f" the workflow; README 'Tool options' lists the allowed ones){hint}"
    )


def check_tool_options(cfg: dict, given: dict) -> None:
    """Every option string of TOOL_OPTION_KEYS in the merged config is allowed. `given` is the
    config before the defaults were laid under it: a value it does not hold came from
    config/config.yaml, which the message then names."""
    for (section, key), (tool, allowed, short) in TOOL_OPTION_KEYS.items():
        text = (cfg.get(section) or {}).get(key)
        if text is None:
            continue
        from_batch = key in ((given or {}).get(section) or {})
        source = "config" if from_batch else "config/config.yaml"
        try:
            option_words(text, tool, allowed, short)
        except ValueError as err:
            raise IntakeError(source, None, f"{section}.{key}", str(err)) from None


def freebayes_args(text: str) -> list[str]:
    """small_variants.freebayes as the argument list of the freebayes rule (checked again, so
    that no path around intake can pass an unchecked word)."""
    return option_words(text, "freebayes", FREEBAYES_OPTIONS, FREEBAYES_SHORT)
