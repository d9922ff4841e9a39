"""alwgs: reusable logic of the acute leukemia WGS pipeline."""
