"""Reference bundle: the public files a lab downloads (GRCh38 FASTA, Ensembl GFF3, UCSC
cytoBand, ClinVar and gnomAD sites VCFs) checked against the FASTA, renamed to its contig
names, reduced to what the pipeline reads, indexed once, and sealed with a manifest whose
checksum every report cites. Made by ``./alwgs reference`` (python -m alwgs.bundle); a batch
config names it with ``bundle:`` (docs/CONTRACTS.md, "Reference bundle").

One module per job:

- ``errors``: BundleError, the one exception, worded like intake's (file, line, field).
- ``assemblies``: the known GRCh38/GRCh37 chromosome lengths; build and contig roles of a FASTA.
- ``naming``: contig names of another file mapped to the FASTA's (1 <-> chr1, MT <-> chrM, ...).
- ``fasta``: the FASTA copied into the bundle, its contigs, and the index cache.
- ``annotation``: GFF3 and cytobands renamed, reduced to the FASTA's contigs and checked.
- ``vcf``: ClinVar and gnomAD checked and extracted with bcftools; the identity site list.
- ``manifest``: MANIFEST.sha256, the bundle id, bundle.yaml, and the cheap and full checks.
- ``cli``: the command line (make a bundle, or --verify one).
"""
