"""Structural variants and gene fusions: caller records as breakend pairs, merging of the
callers, gene partners of each junction, known-fusion and PTD matching."""
