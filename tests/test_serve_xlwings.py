"""校验 / 清除标记 through the check server: what RunServerPython (Remote.bas) posts in, actions out.

The state after 校验 through the server equals what ``xlperf check --annotate`` leaves (same marks, same 校验结果
rows), the actions equal what the RunPython macro records through xlwings' own remote engine, 清除标记
restores the workbook, and a request that is not ours gets a Chinese alert and a 4xx.
"""
from __future__ import annotations

import copy
import re

import pytest
from conftest import EXAMPLE_BOOK, TEMPLATE
from serve_client import execute, post_json, post_json_headers, refusal, request
from xlwings_payload import payload_from_workbook

from xlperf.form import layout as L
from xlperf.services.marking import MARK_ORDER

TIME = re.compile(r"^校验时间：[^；]*；")


def sheet(payload, name):
    return next(s["values"] for s in payload["sheets"] if s["name"] == name)


def marks(payload) -> dict:
    """{sheet: {severity: text}} of the sheets carrying mark cells."""
    out = {}
    for s in payload["sheets"]:
        values = s["values"]
        if len(values) > L.MARK_TAG_ROW and len(values[L.MARK_TAG_ROW]) > L.MARK_COL \
                and values[L.MARK_TAG_ROW][L.MARK_COL] == L.MARK_TAG:
            out[s["name"]] = {sev: values[L.MARK_ROWS[sev]][L.MARK_COL] or "" for sev in MARK_ORDER}
    return out


def results(payload) -> list[list]:
    """校验结果 from the status row down, as displayed: links as their text, numbers as numbers, no time, no
    trailing blank rows."""
    rows = []
    for row in sheet(payload, L.RESULTS_SHEET)[L.RESULTS_STATUS_CELL[0]:]:
        shown = []
        for v in row[:len(L.RESULTS_HEADER)]:
            if isinstance(v, str) and v.startswith("=HYPERLINK("):
                v = re.search(r',"([^"]*)"\)$', v).group(1)
            elif isinstance(v, float) and v.is_integer():
                v = int(v)
            shown.append(TIME.sub("", v) if isinstance(v, str) else v)
        rows.append(shown + [""] * (len(L.RESULTS_HEADER) - len(shown)))
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


@pytest.fixture(scope="module")
def example_payload():
    return payload_from_workbook(EXAMPLE_BOOK, name=EXAMPLE_BOOK.name)


def test_the_pinned_xlwings_version():
    import xlwings

    from xlperf.serve.remote import XLWINGS_VERSION
    from xlperf.template.vba.xlwings_modules import PINNED_XLWINGS

    assert XLWINGS_VERSION == PINNED_XLWINGS == xlwings.__version__


def test_check_through_the_server_equals_check_annotate(serve_url, example_payload, tmp_path):
    from xlperf.files.annotate import annotate_bytes
    from xlperf.rulebook.registry import RULESET_VERSION
    from xlperf.services.check import check_bytes

    status, answer = post_json(serve_url + "/xlwings/check", example_payload)
    assert status == 200
    actions = answer["actions"]
    after, alerts = execute(example_payload, actions)
    # bounded by the sheets: one write per changed mark sheet, one 校验结果 block, showing 校验结果, one message box
    assert len(actions) <= len(example_payload["sheets"]) + 3
    assert [a["func"] for a in actions].count("setValues") == len(actions) - 2
    assert [a["func"] for a in actions][-2:] == ["activateSheet", "alert"]
    assert len(alerts) == 1 and alerts[0][0].startswith("校验完成：") and alerts[0][1:4] == ["xlperf 校验", "ok", "info"]

    data = EXAMPLE_BOOK.read_bytes()
    checked = check_bytes(data, EXAMPLE_BOOK.name)
    annotated = payload_from_workbook(annotate_bytes(data, checked.findings, RULESET_VERSION))
    assert marks(after) == marks(annotated) and any(any(t.values()) for t in marks(after).values())
    assert results(after) == results(annotated)
    assert len(results(after)) == len(checked.findings) + 2

    # 清除标记 restores the workbook as it was before 校验
    status, cleared = post_json(serve_url + "/xlwings/clear", after)
    assert status == 200 and all(a["func"] == "setValues" for a in cleared["actions"])
    restored, _ = execute(after, cleared["actions"])
    assert marks(restored) == marks(example_payload)
    assert results(restored)[0][0] == L.RESULTS_NOT_RUN and results(restored)[1] == list(L.RESULTS_HEADER)
    assert len(results(restored)) == 2
    # and 校验 again on the restored workbook gives the same state as the first time
    again, _ = execute(restored, post_json(serve_url + "/xlwings/check", restored)[1]["actions"])
    assert marks(again) == marks(after) and results(again) == results(after)


def test_the_server_answers_what_the_runpython_macro_writes(serve_url, example_payload, monkeypatch):
    """The same actions as xlperf.excel.run_checks records through xlwings' remote engine (the status time aside)."""
    from test_excel_macro import remote_xlwings, run

    xw = remote_xlwings(monkeypatch)
    expected = run(xw, example_payload)
    got = post_json(serve_url + "/xlwings/check", example_payload)[1]["actions"]

    def untimed(actions):
        actions = copy.deepcopy(actions)
        for a in actions:
            if a["func"] == "setValues" and a["start_column"] == 0:
                a["values"][0][0] = TIME.sub("", a["values"][0][0])
        return actions

    assert untimed(got) == untimed(expected)
    cleared = execute(example_payload, got)[0]
    assert post_json(serve_url + "/xlwings/clear", cleared)[1]["actions"] == run(xw, cleared, "clear_marks")


def test_the_template_checks(serve_url):
    payload = payload_from_workbook(TEMPLATE)
    status, answer = post_json(serve_url + "/xlwings/check", payload)
    assert status == 200 and answer["actions"][-1]["func"] == "alert"


def test_an_edited_workbook(serve_url, example_payload):
    """Staff fix 项目1's code and a stale mark sits on 补助测算: the fixed cell loses its mark, the stale one goes."""
    after = execute(example_payload, post_json(serve_url + "/xlwings/check", example_payload)[1]["actions"])[0]
    assert "|B2|" in "".join(marks(after)["项目1"].values())
    sheet(after, "项目1")[1][1] = "130200210000000001"
    sheet(after, L.FUNDING_SHEET)[L.MARK_ROWS["错误"]][L.MARK_COL] = "|C5|"
    actions = post_json(serve_url + "/xlwings/check", after)[1]["actions"]
    written = {after["sheets"][a["sheet_position"]]["name"] for a in actions
               if a["func"] == "setValues" and a["start_column"] == L.MARK_COL}
    assert written == {"项目1", L.FUNDING_SHEET}  # unchanged sheets: no write
    second = execute(after, actions)[0]
    assert "|B2|" not in "".join(marks(second)["项目1"].values())
    assert marks(second)[L.FUNDING_SHEET] == {s: "" for s in MARK_ORDER}


def test_not_our_form_wrong_version_and_broken_payloads(serve_url, example_payload):
    """Refusals reach staff as a Chinese message box: HTTP 200 with one alert (Remote.bas runs actions only on 200
    and shows any other body raw); the status they stand for is in X-Xlperf-Refused."""
    other = {"client": "VBA", "version": example_payload["version"], "book": {"name": "别的表.xlsx"}, "names": [],
             "sheets": [{"name": "Sheet1", "values": [["姓名", "电话"], ["张三", 123]]}]}
    refused, message = refusal(*post_json_headers(serve_url + "/xlwings/check", other))
    assert refused == 422 and "这不是预算绩效目标填报表" in message

    old = dict(example_payload, version="0.30.0")
    refused, message = refusal(*post_json_headers(serve_url + "/xlwings/check", old))
    assert refused == 409 and "版本" in message

    for broken in ({"hello": 1}, [], {**other, "sheets": [{"name": 1, "values": 2}]},
                   {**other, "sheets": [{"name": "S", "values": [[{"x": 1}]]}]}):
        assert refusal(*post_json_headers(serve_url + "/xlwings/clear", broken))[0] == 400
    status, headers, body = request(serve_url + "/xlwings/check", b'{"client": "VBA", "vers',
                                    {"Content-Type": "application/json"})
    import json

    refused, message = refusal(status, headers, json.loads(body))
    assert refused == 400 and "JSON" in message
