"""Deterministic simulator of the alwgs demo batch: mini reference, patients, reads, truth.

Only the demo generator and the accuracy harness know what is planted here; no pipeline
stage imports this package.
"""
