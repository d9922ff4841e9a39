"""Small-variant logic: somatic status annotation, filters, ITD records."""
