"""The validation cohort (scale `cohort`): one simulated patient per entity of AML, B-ALL and
T-ALL, each planted the way the genome makes it hard. The entity lists live in one module per
group; this module only joins them."""

from .cohort_ball_repeats import define_ball_repeats
from .genome import Genome
from .patients import Patient


def define_cohort(genome: Genome) -> list[Patient]:
    return [*define_ball_repeats(genome)]
