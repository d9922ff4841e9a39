"""The genome-wide plot is written as a PNG, with and without allele counts."""

from alwgs.cnv.baf import Snp
from alwgs.cnv.events import Event
from alwgs.cnv.plot import offsets, plot_genome
from cnv_fixtures import CHROMS, LENGTH, neutral_genome

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_offsets_are_cumulative():
    assert offsets(["chr1", "chr2"], {"chr1": 10, "chr2": 5}) == {"chr1": 0, "chr2": 10}


def test_plot_writes_png(tmp_path):
    points = [(c, p, 0.0) for c in CHROMS for p in range(500, LENGTH, 1000)]
    events = [Event("chr7", 0, LENGTH, 1, "-7", "chromosome", "loss", "pq")]
    snps = [Snp("chr1", p, 0.5, 40) for p in range(1, LENGTH, 2000)]
    for name, s in (("with_baf.png", snps), ("without_baf.png", [])):
        out = tmp_path / name
        plot_genome(
            out, "test", CHROMS, {c: LENGTH for c in CHROMS}, points, neutral_genome(), s, events
        )
        data = out.read_bytes()
        assert data.startswith(PNG_MAGIC)
        assert len(data) > 10_000
