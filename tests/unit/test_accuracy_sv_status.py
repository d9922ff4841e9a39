"""Accuracy class sv_status (alwgs.accuracy.sv_status): each rule of the module docstring."""

import pytest
from alwgs.accuracy.sv_status import judge, read_truth_status


@pytest.mark.parametrize(
    "truth, got, near, paired, kinds",
    [
        ("somatic", "somatic", True, True, ["tp"]),
        ("germline", "germline", True, True, ["tp"]),
        ("germline", "somatic", True, True, ["fp", "fn"]),  # a germline SV read as somatic
        ("somatic", "germline", True, True, ["fp", "fn"]),
        ("somatic", "not_assessable", True, True, ["fn"]),
        ("somatic", "", True, True, ["fn"]),  # a table without the status columns
        ("somatic", "", False, True, ["fn"]),
        ("germline", "", False, True, ["tp"]),  # not in the calls: not reported as somatic
        ("somatic", "not_assessable", True, False, ["tp"]),  # tumor-only: the only answer
        ("somatic", "somatic", True, False, ["fp"]),  # a status claimed without a normal
        ("somatic", "", True, False, ["fn"]),  # tumor-only, table without the status
        ("somatic", "", False, False, []),
    ],
)
def test_judge(truth, got, near, paired, kinds):
    assert judge(truth, got, near, paired, "SV0001")[0] == kinds


def test_truth_without_status_column_is_somatic(tmp_path):
    path = tmp_path / "T.sv.bedpe"
    path.write_text(
        "#chrom1\tpos1\tchrom2\tpos2\tname\tsvtype\tstrand1\tstrand2\tgene1\tgene2\tfusion\n"
        "chr15\t1000\tchr17\t2000\tsv1\tBND\t+\t-\tPML\tRARA\tPML::RARA\n"
    )
    (t,) = read_truth_status(path)
    assert t.status == "somatic"
    path.write_text(path.read_text().replace("fusion\n", "fusion\tstatus\n").replace(
        "PML::RARA\n", "PML::RARA\tmosaic\n"))  # fmt: skip
    with pytest.raises(ValueError, match="not somatic or germline"):
        read_truth_status(path)
