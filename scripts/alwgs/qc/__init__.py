"""Alignment QC for alwgs: tool-output parsers, sex check, tumor/normal identity and the QC gate.

- ``metrics``: samtools stats, mosdepth and fastp outputs -> flat dicts of metric values.
- ``sex``: inferred sex from chrX/chrY depth relative to the autosomes.
- ``identity``: tumor/normal genotype discordance at common SNP sites.
- ``gate``: evaluates a sample's metrics against the rules in config/qc.yaml.
"""
