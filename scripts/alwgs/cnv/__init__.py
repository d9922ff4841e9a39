"""Copy number: CNVkit segments to named events (chromosome, arm, focal, cnLOH) and an
ISCN-like karyotype summary. Pure logic here; the rule scripts scripts/cnv_*.py adapt it."""
