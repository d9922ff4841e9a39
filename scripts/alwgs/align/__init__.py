"""Alignment helpers for alwgs.

- ``split``: a unit's trimmed FASTQ pair cut into chunks of N read pairs (mates kept in
  step), so that a cluster aligns each chunk as its own job (config alignment.split_read_pairs).
"""
