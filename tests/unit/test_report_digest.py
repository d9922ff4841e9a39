"""The report's input digest (alwgs.report.digest): one sha256 that changes with any input
file's content or any setting the report used, and with nothing else (not where the files
lie); the report prints it in its methods, HTML and JSON."""

import dataclasses

from alwgs.report.context import build_context
from alwgs.report.digest import input_digest
from alwgs.report.render import render_html
from report_fixtures import META, SETTINGS, write_batch


def files_in(folder, texts: dict[str, str]) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text)
        paths[name] = str(folder / f"{name}.txt")
    return paths


INPUTS = {"interpretation": '{"diagnosis": "AML", "sex": "male"}', "qc": "PASS\n"}
PARAMS = {"settings": {"lab": "lab A"}, "method_config": {"panel": "/x/config/panel.tsv"}}


def test_same_files_elsewhere_give_the_same_digest(tmp_path):
    one = input_digest(files_in(tmp_path / "a", INPUTS), PARAMS)
    moved = {"settings": {"lab": "lab A"}, "method_config": {"panel": "/y/z/panel.tsv"}}
    two = input_digest(files_in(tmp_path / "b", INPUTS), moved)
    assert one["sha256"] == two["sha256"]
    assert one["files"] == 2 and len(one["sha256"]) == 64


def test_a_corrected_interpretation_input_changes_the_digest(tmp_path):
    before = input_digest(files_in(tmp_path / "a", INPUTS), PARAMS)
    corrected = dict(INPUTS, interpretation='{"diagnosis": "B-ALL", "sex": "male"}')
    after = input_digest(files_in(tmp_path / "b", corrected), PARAMS)
    assert before["sha256"] != after["sha256"]


def test_a_changed_setting_changes_the_digest(tmp_path):
    files = files_in(tmp_path, INPUTS)
    changed = dict(PARAMS, settings={"lab": "lab B"})
    assert input_digest(files, PARAMS)["sha256"] != input_digest(files, changed)["sha256"]


def test_files_count_by_their_role(tmp_path):
    files = files_in(tmp_path, {"a": "1\n", "b": "2\n"})
    swapped = {"a": files["b"], "b": files["a"]}
    assert input_digest(files, PARAMS)["sha256"] != input_digest(swapped, PARAMS)["sha256"]


def test_list_inputs_count_each_file(tmp_path):
    files = files_in(tmp_path, {"x": "1\n", "y": "2\n"})
    digest = input_digest({"vcfs": [files["x"], files["y"]]}, PARAMS)
    assert digest["files"] == 2


def test_report_methods_print_the_digest(tmp_path):
    inputs = write_batch(tmp_path)
    paths = {f.name: str(getattr(inputs, f.name)) for f in dataclasses.fields(inputs)}
    named = {k: v for k, v in paths.items() if v.startswith("/") and "[" not in v}
    digest = input_digest(named, {"settings": SETTINGS})
    ctx = build_context(inputs, SETTINGS, dict(META, input_digest=digest))
    assert ctx["methods"]["input_digest"]["sha256"] == digest["sha256"]
    html = render_html(ctx, inputs.cnv_plot)
    assert digest["sha256"] in html and "Input digest" in html


def test_a_report_without_a_digest_says_not_available(tmp_path):
    inputs = write_batch(tmp_path)
    ctx = build_context(inputs, SETTINGS, META)
    assert ctx["methods"]["input_digest"]["sha256"] == "not available"
