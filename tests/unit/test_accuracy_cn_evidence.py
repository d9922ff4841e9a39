"""Unit tests of the copy-number measurement the entity table gives a missed copy-number
lesion (scripts/alwgs/accuracy/cn_evidence.py), on bins with known noise and shift."""

from __future__ import annotations

import json
import math
import random

import pytest
import yaml
from alwgs.accuracy import cn_evidence as ev
from alwgs.accuracy import entities as ent


def noisy_bins(chrom: str, n: int, sd: float, shift=lambda i: 0.0, seed: int = 7) -> list[ev.Bin]:
    rng = random.Random(seed)
    return [ev.Bin(chrom, i * 500, (i + 1) * 500, rng.gauss(shift(i), sd)) for i in range(n)]


def test_bin_noise_is_robust_to_an_event():
    # 2,000 bins of SD 0.2 with a one-copy loss (-1.0) over 200 of them: the event moves two
    # differences only, so the estimate stays at the bins' own SD.
    bins = noisy_bins("chr1", 2000, 0.2, lambda i: -1.0 if 900 <= i < 1100 else 0.0)
    assert ev.bin_noise_sd(bins) == pytest.approx(0.2, rel=0.1)
    # no-coverage bins (CNVkit writes -20) and chromosome joins are not differences
    bins += [ev.Bin("chr2", 0, 500, -20.0)] + noisy_bins("chr2", 10, 0.2, seed=3)
    assert ev.bin_noise_sd(bins) == pytest.approx(0.2, rel=0.1)
    assert ev.bin_noise_sd(bins[:5]) is None


def test_clonal_log2_and_cell_fraction_invert_each_other():
    # one-copy loss at purity 0.65: (0.65 * 1 + 0.35 * 2) / 2 = 0.675
    assert ev.clonal_log2(0.65, 1, 2) == pytest.approx(math.log2(0.675))
    assert ev.cell_fraction(math.log2(0.675), 1, 2) == pytest.approx(0.65)
    # a gain of chrX in a male (1 -> 2 copies) at purity 0.5: ratio 1.5
    assert ev.clonal_log2(0.5, 2, 1) == pytest.approx(math.log2(1.5))
    assert ev.normal_copies("chrX", "male") == 1 and ev.normal_copies("chrX", "female") == 2
    assert ev.clonal_log2(1.0, 0, 2) == -math.inf
    assert ev.cell_fraction(0.0, 2, 2) is None


def test_describe_a_subclonal_loss_left_in_one_segment():
    # 20 bins at -0.15 (one copy lost in 20% of cells) under noise SD 0.2, segmented flat
    bins = noisy_bins("chr9", 400, 0.2, lambda i: -0.15 if 100 <= i < 120 else 0.0)
    segments = [ev.Bin("chr9", 0, 200_000, -0.01)]
    text = ev.describe(bins, segments, "chr9", 50_000, 60_000, 1, 0.65, "male")
    assert text.startswith("measured in the .cnr: 20 bins, mean log2 ")
    mean = sum(b.log2 for b in bins[100:120]) / 20
    assert f"mean log2 {mean:+.2f} ± " in text
    assert "clonal at purity 0.65 would read -0.57" in text
    assert f"about {(2**mean - 1) * 2 / (1 - 2):.0%} of cells carry it" in text
    assert text.endswith("segmented as chr9:0-200000 at log2 -0.01")


def test_describe_says_when_the_mean_is_not_shifted_the_lesions_way():
    bins = noisy_bins("chr9", 400, 0.05, lambda i: 0.3 if 100 <= i < 120 else 0.0)
    text = ev.describe(bins, [], "chr9", 50_000, 60_000, 1, 0.8, "female")
    assert "the mean is not shifted that way" in text and "segmented" not in text


def test_copy_neutral_and_binless_segments():
    bins = noisy_bins("chr9", 400, 0.2)
    assert ev.describe(bins, [], "chr9", 0, 200_000, 2, 0.9, "female") == ""  # cnLOH
    assert ev.describe(bins, [], "chrX", 0, 200_000, 1, 0.9, "male") == ""  # male X, 1 copy
    text = ev.describe(bins, [], "chr9", 10, 400, 1, 0.9, "female")
    assert text == "measured: no bin of the .cnr lies inside chr9:10-400"


def write_cnr(path, bins: list[ev.Bin]) -> None:
    rows = ["chromosome\tstart\tend\tgene\tlog2\tdepth\tweight"]
    rows += [f"{b.chrom}\t{b.start}\t{b.end}\t-\t{b.log2:.5f}\t50\t1" for b in bins]
    path.write_text("\n".join(rows) + "\n")


def test_the_entity_table_adds_the_measurement_to_a_missed_deletion_only(tmp_path):
    batch, truth = tmp_path / "batch", tmp_path / "truth"
    (batch / "results/interpretation").mkdir(parents=True)
    (batch / "results/cnv").mkdir()
    truth.mkdir()
    (truth / "B07-T.clinical.yaml").write_text(
        yaml.safe_dump(
            {
                "group": "B-ALL",
                "entity": "B-ALL, BCR::ABL1",
                "purity": 0.65,
                "defining_lesions": ["BCR::ABL1", "CDKN2A_del", "PAX5_del"],
            }
        )
    )
    (truth / "B07-T.cna.bed").write_text(
        "#chrom\tstart\tend\tcopy_number\tevent\n"
        "chr9\t20000\t30000\t0\tCDKN2A_del\n"
        "chr9\t50000\t60000\t1\tPAX5_del\n"
    )
    bins = noisy_bins("chr9", 400, 0.2, lambda i: -0.15 if 100 <= i < 120 else 0.0)
    write_cnr(batch / "results/cnv/B07-T.cnr", bins)
    pred = {
        "lesions": [{"id": "BCR::ABL1"}, {"id": "CDKN2A_del"}],
        "who2022": {},
        "icc2022": {},
        "assessment": {},
    }
    (batch / "results/interpretation/B07-T.json").write_text(json.dumps(pred))
    sheet = tmp_path / "samples.tsv"
    sheet.write_text("sample\tpatient\ttype\tsex\tdiagnosis\nB07-T\tB07\ttumor\tmale\tB-ALL\n")
    (p,) = ent.score_batch(batch, truth, sheet)
    units = {u.unit: u for u in p.units}
    assert units["lesion:CDKN2A_del"].found and units["lesion:CDKN2A_del"].reason == ""
    pax5 = units["lesion:PAX5_del"]
    assert not pax5.found
    assert pax5.reason.startswith("not reported; measured in the .cnr: 20 bins, mean log2 ")
    assert "clonal at purity 0.65 would read -0.57" in pax5.reason
    assert "segmented" not in pax5.reason  # no .cns written
