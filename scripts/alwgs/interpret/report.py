"""One sample's interpretation JSON; the chain that builds it is in chain.py, one module per
link. This module keeps the names the rule script and the tests import."""

from alwgs.interpret.chain import interpret
from alwgs.interpret.model import SampleInfo
from alwgs.interpret.variants import annotation_sources

__all__ = ["SampleInfo", "annotation_sources", "interpret"]
