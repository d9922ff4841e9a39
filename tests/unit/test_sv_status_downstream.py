"""The SV somatic status downstream of its stage: the SV table round trip, the fusion row's
combined status, interpretation (a germline SV is no lesion), the copy-number stage's SV
reader and the report's per-row sentence."""

from alwgs.cnv.svtable import read_sv_table as read_cnv_svs
from alwgs.interpret.knowledge import load_tiers
from alwgs.interpret.lesions import fusion_lesions
from alwgs.report.context.structural import somatic_status_text
from alwgs.sv.merge import SV_COLUMNS, SvEvent, read_sv_table, write_sv_table
from alwgs.sv.normal_support import STATUS_COLUMNS
from interp_fixtures import KNOWLEDGE

TIERS = load_tiers(KNOWLEDGE / "amp_tiers.yaml")


def status(label, frags="0", expected="6.40", depth="8.0", power="0.988", reason="r"):
    return dict(
        zip(
            STATUS_COLUMNS,
            [label, frags, "0", frags, depth, "20", "25.0", expected, power, reason],
            strict=True,
        )
    )


def event(sv_id, st=None):
    return SvEvent(
        sv_id, "BND", "chr9", 165085, "-", "chr22", 32883, "+", ["delly"], 10, 10,
        genes1=["ABL1"], genes2=["BCR"], status=st or {},
    )  # fmt: skip


def test_sv_table_round_trip_with_and_without_status(tmp_path):
    plain, full = tmp_path / "merged.tsv", tmp_path / "sv.tsv"
    write_sv_table([event("SV0001")], plain)
    assert plain.read_text().splitlines()[0].split("\t") == SV_COLUMNS
    assert read_sv_table(plain)[0].status == {}
    write_sv_table([event("SV0001", status("germline", "4"))], full, with_status=True)
    assert full.read_text().splitlines()[0].split("\t") == SV_COLUMNS + STATUS_COLUMNS
    (back,) = read_sv_table(full)
    assert back.status["somatic_status"] == "germline"
    assert back.status["normal_fragments"] == "4"
    cnv = read_cnv_svs(full)
    assert cnv[0].somatic_status == "germline" and not cnv[0].passed  # no somatic edge
    write_sv_table([event("SV0001", status("somatic"))], full, with_status=True)
    assert read_cnv_svs(full)[0].passed


def fusion_row(st):
    return {
        "chrom1": "chr22", "pos1": "32883", "chrom2": "chr9", "pos2": "165085",
        "gene5": "BCR", "gene3": "ABL1", "fusion": "BCR::ABL1", "event": "translocation",
        "known": "yes", "orientation_ok": "yes", "mechanism": "chimeric", "disease": "",
        "source": "", "callers": "delly", "split_reads": "10", "paired_reads": "10",
        "sv_ids": "SV0001", **{k: st[k] for k in ("somatic_status", "normal_fragments",
        "expected_normal_fragments", "normal_depth", "power", "status_reason")},
    }  # fmt: skip


def test_germline_fusion_is_not_a_lesion():
    lesions, others = fusion_lesions([fusion_row(status("germline", "4"))], TIERS)
    assert lesions == []
    assert others[0]["tier_rule"] == "GERMLINE-SV"
    assert others[0]["somatic_status"] == "germline"
    lesions, _ = fusion_lesions([fusion_row(status("somatic"))], TIERS)
    assert [le.id for le in lesions] == ["BCR::ABL1"]
    assert lesions[0].evidence[0]["power"] == "0.988"
    # not assessable stays a lesion: the call is the tumor's, its origin unproven
    lesions, _ = fusion_lesions([fusion_row(status("not_assessable"))], TIERS)
    assert [le.id for le in lesions] == ["BCR::ABL1"]


def test_report_sentence_per_status():
    assert somatic_status_text(fusion_row(status("somatic"))) == (
        "somatic (0 of 6.40 expected supporting fragments in the normal, power 0.988)"
    )
    assert somatic_status_text(fusion_row(status("germline", "4", depth="9.0"))) == (
        "germline (4 supporting fragments in the normal at depth 9.0; not a somatic lesion)"
    )
    row = fusion_row(status("not_assessable", reason="no matched normal"))
    assert somatic_status_text(row) == "somatic status not assessable: no matched normal"
    assert somatic_status_text({"fusion": "A::B"}) != somatic_status_text(row)
