"""Annotation of small-variant VCFs: bcftools csq consequences on a preferred transcript per
gene, HGVS c./p., ClinVar and population AF (added by bcftools annotate upstream), hotspots and
gene panels. Everything streams record by record."""
