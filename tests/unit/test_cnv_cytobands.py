"""Arms, centromere, band names and chromosome order from a cytoband file."""

import pytest
from alwgs.cnv.cytobands import Cytobands, chrom_name, chrom_rank
from cnv_fixtures import cytobands


def test_centromere_is_the_p_q_boundary_inside_acen():
    bands = cytobands()
    assert bands.centromere("chr9") == 50_000
    assert bands.arms("chr9") == {"p": (0, 50_000), "q": (50_000, 100_000)}
    assert bands.arm_at("chr9", 49_999) == "p"
    assert bands.arm_at("chr9", 50_000) == "q"


def test_band_at_and_band_range():
    bands = cytobands()
    assert bands.band_at("chr9", 0) == "p22"
    assert bands.band_at("chr9", 20_000) == "p13"
    assert bands.band_at("chr9", 99_999) == "q34"
    assert bands.band_at("chr9", 150_000) == "q34"  # past the end: last band
    assert bands.band_range("chr9", 21_000, 30_000) == "p13"
    assert bands.band_range("chr9", 10_000, 30_000) == "p22p13"
    assert bands.band_range("chr9", 10_000, 20_000) == "p22"  # end is exclusive


def test_band_at_unknown_chromosome_raises():
    with pytest.raises(KeyError):
        cytobands().band_at("chr3", 10)


def test_reads_ucsc_file_and_orders_chromosomes(tmp_path):
    path = tmp_path / "cytobands.tsv"
    path.write_text(
        "chrX\t0\t100\tp11\tgneg\nchrX\t100\t110\tp11.1\tacen\nchrX\t110\t120\tq11.1\tacen\n"
        "chrX\t120\t300\tq21\tgneg\n"
        "chr10\t0\t50\tp12\tgneg\nchr10\t50\t60\tp11.1\tacen\nchr10\t60\t70\tq11.1\tacen\n"
        "chr10\t70\t200\tq22\tgneg\n"
        "chr2\t0\t10\tp25\tgneg\nchr2\t10\t20\tp11.1\tacen\nchr2\t20\t30\tq11.1\tacen\n"
        "chr2\t30\t90\tq37\tgneg\n"
    )
    bands = Cytobands.from_file(path)
    assert bands.chromosomes() == ["chr2", "chr10", "chrX"]
    assert bands.length("chrX") == 300
    assert bands.centromere("chr10") == 60


def test_chromosome_without_acen_splits_at_last_p_band():
    from alwgs.cnv.cytobands import Band

    bands = Cytobands([Band("chr1", 0, 40, "p1", "gneg"), Band("chr1", 40, 100, "q1", "gneg")])
    assert bands.centromere("chr1") == 40


def test_chrom_names_and_rank():
    assert chrom_name("chr9") == "9"
    assert chrom_name("X") == "X"
    assert sorted(["chrX", "chr10", "chr2", "chrY", "chr1"], key=chrom_rank) == [
        "chr1",
        "chr2",
        "chr10",
        "chrX",
        "chrY",
    ]
