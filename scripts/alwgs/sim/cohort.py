"""The validation cohort (scale `cohort`): one simulated patient per entity of AML, B-ALL and
T-ALL, each planted the way the genome makes it hard. The entity lists live in one module per
group; this module only joins them."""

from .cohort_aml import define_aml
from .cohort_ball_cn import define_ball_cn
from .cohort_ball_repeats import define_ball_repeats
from .cohort_plain import define_plain
from .genome import Genome
from .patients import Patient


def define_cohort(genome: Genome) -> list[Patient]:
    return [
        *define_aml(genome),
        *define_ball_cn(genome),
        *define_plain(genome),
        *define_ball_repeats(genome),
    ]
