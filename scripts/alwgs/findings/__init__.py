"""Findings made elsewhere (docs/FINDINGS.md): a findings file of variants, fusions, copy-number
events, a karyotype and germline variants called by another pipeline or assay, read and run
through the same interpretation chain and report as the workflow's own results
(./alwgs interpret --findings FILE.yaml).

One module per job: document (YAML, schema, lines for messages), protein (HGVS p. and
consequence terms), variants (calls), iscn (the ISCN karyotype parser), bands (bands as
intervals of a build), karyotype (a karyotype's counts, copy-number changes and fusions),
copy_number (named events and segments), resources (knowledge and settings), convert (a
document as the chain's inputs), reader, report (the report context), cli."""
