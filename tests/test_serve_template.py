"""A template built for a check server: ``build-template`` / ``new --server-url URL --server-token T``.

* the URL and the token land in the 设置 sheet (and nowhere the rules look: the findings are those of the same
  form without them, and ``dump`` → ``new`` keeps them); a bad URL or token is a Chinese error, exit 2, no file;
* end to end as far as Linux goes: the workbook built for the real server (``xlperf serve --token-file``), read
  the way its 校验 button reads it (the 设置 cells → endpoint and ``Authorization: Bearer``; the payload built as
  Remote.bas builds it) and posted, leaves the same marks and 校验结果 as the RunPython path (xlperf.excel,
  recorded by xlwings' own remote engine) and as ``check --annotate``; 清除标记 restores it; without the token the
  server answers a Chinese alert. What the VBA itself sends is run in LibreOffice in tests/test_vba_remote.py.
"""
from __future__ import annotations

import json

import pytest
from conftest import EXAMPLE_JSON
from python_calamine import CalamineWorkbook
from serve_client import execute, post_json, post_json_headers, refusal, running_server
from test_cli import run
from test_serve_xlwings import marks, results
from xlwings_payload import payload_from_workbook

from xlperf.form import layout as L
from xlperf.template import standard_modules
from xlperf.template.vba.project import read_module_sources

TOKEN = "k3y-For_the.bureau"


def settings_rows(path) -> dict[str, str]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(L.SETTINGS_SHEET).to_python()
    return {str(r[0]): r[1] for r in rows[1:] if r and r[0]}


def test_build_template_with_a_server(tmp_path):
    out = tmp_path / "模板.xlsm"
    result = run("build-template", "--server-url", "https://jixiao.czj.local:8443/", "--server-token", TOKEN,
                 "-o", out)
    assert result.returncode == 0, result.stderr
    rows = settings_rows(out)
    assert rows[L.SERVER_URL_KEY] == "https://jixiao.czj.local:8443" and rows[L.SERVER_TOKEN_KEY] == TOKEN
    sources = read_module_sources(out.read_bytes())
    assert sources["xlperf_macros"] == next(m.source for m in standard_modules() if m.name == "xlperf_macros")
    macros = sources["xlperf_macros"]
    assert 'RunWhereConfigured "/xlwings/check"' in macros and 'RunWhereConfigured "/xlwings/clear"' in macros
    assert "CallServer url & endpoint" in macros
    assert 'Application.Run "RunServerPython", endpoint, auth' in macros and 'auth = "Bearer " & token' in macros
    assert {"Remote", "WebHelpers", "WebClient", "WebRequest", "WebResponse", "IWebAuthenticator",
            "Dictionary"} <= set(sources)
    plain = tmp_path / "plain.xlsm"
    assert run("build-template", "-o", plain).returncode == 0
    assert settings_rows(plain)[L.SERVER_URL_KEY] == "" and settings_rows(plain)[L.SERVER_TOKEN_KEY] == ""


@pytest.mark.parametrize("options, message", [
    (["--server-url", "ftp://jixiao.czj.local"], "校验服务器地址“ftp://jixiao.czj.local”无效：应为 http:// 或 https:// 开头的网址"),
    (["--server-url", "jixiao.czj.local"], "校验服务器地址“jixiao.czj.local”无效"),
    (["--server-url", "http://"], "校验服务器地址“http://”无效"),
    (["--server-url", "http://财政局.local"], "无效"),
    (["--server-url", "http://a.local/x?y=1"], "无效"),
    (["--server-url", "http://a.local:99999"], "无效"),
    (["--server-url", "http://a.local", "--server-token", "有 空格"], "校验令牌无效"),
])
@pytest.mark.parametrize("command", ["build-template", "new"])
def test_a_bad_server_url_or_token_is_a_chinese_error(tmp_path, options, message, command):
    out = tmp_path / "out.xlsm"
    args = (["new", EXAMPLE_JSON] if command == "new" else ["build-template"]) + options + ["-o", out]
    result = run(*args)
    assert result.returncode == 2 and result.stderr.startswith("错误：") and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_the_settings_rows_are_not_checked_and_round_trip(tmp_path):
    plain, served = tmp_path / "plain.xlsm", tmp_path / "served.xlsm"
    assert run("new", EXAMPLE_JSON, "-o", plain).returncode == 0
    assert run("new", EXAMPLE_JSON, "--server-url", "http://10.0.0.5:8000", "--server-token", TOKEN,
               "-o", served).returncode == 0

    def findings(path):
        result = run("check", path, "--format", "json")
        return [{k: f[k] for k in ("code", "severity", "sheet", "cell", "message")}
                for f in json.loads(result.stdout)["files"][0]["findings"]]

    assert findings(served) == findings(plain) and findings(plain)
    dumped = tmp_path / "form.json"
    assert run("dump", served, "-o", dumped).returncode == 0
    settings = json.loads(dumped.read_text(encoding="utf-8"))["settings"]
    assert settings[L.SERVER_URL_KEY] == "http://10.0.0.5:8000" and settings[L.SERVER_TOKEN_KEY] == TOKEN
    again = tmp_path / "again.xlsm"
    assert run("new", dumped, "-o", again).returncode == 0
    assert settings_rows(again) == settings_rows(served)


@pytest.fixture(scope="module")
def token_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("token-server")
    (folder / "token").write_text(TOKEN + "\n", encoding="utf-8")
    with running_server("--token-file", str(folder / "token"), log=folder / "server.log") as url:
        yield url


def what_the_button_sends(path):
    """The endpoint and headers the 校验 button's VBA builds from the 设置 sheet (xlperf_macros.RunChecks →
    CallServer → RunServerPython's auth), and the payload Remote.bas builds from the sheets."""
    rows = settings_rows(path)
    url = rows[L.SERVER_URL_KEY].strip().rstrip("/")
    token = rows[L.SERVER_TOKEN_KEY].strip()
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return url, headers, payload_from_workbook(path, name=path.name)


def test_the_server_path_equals_the_runpython_path(token_server, tmp_path, monkeypatch):
    from test_excel_macro import remote_xlwings
    from test_excel_macro import run as run_macro

    from xlperf.files.annotate import annotate_bytes
    from xlperf.rulebook.registry import RULESET_VERSION
    from xlperf.services.check import check_bytes

    book = tmp_path / "2021-高新区科技局.xlsm"
    assert run("new", EXAMPLE_JSON, "--server-url", token_server + "/", "--server-token", TOKEN,
               "-o", book).returncode == 0
    url, headers, payload = what_the_button_sends(book)
    assert url == token_server and headers == {"Authorization": f"Bearer {TOKEN}"}

    status, answer = post_json(url + "/xlwings/check", payload, headers)
    assert status == 200 and [a["func"] for a in answer["actions"]][-2:] == ["activateSheet", "alert"]
    by_server, alerts = execute(payload, answer["actions"])
    assert alerts[0][0].startswith("校验完成：")

    by_python, _ = execute(payload, run_macro(remote_xlwings(monkeypatch), payload))
    assert marks(by_server) == marks(by_python) and any(any(m.values()) for m in marks(by_server).values())
    assert results(by_server) == results(by_python)
    data = book.read_bytes()
    annotated = payload_from_workbook(annotate_bytes(data, check_bytes(data, book.name).findings, RULESET_VERSION))
    assert marks(by_server) == marks(annotated) and results(by_server) == results(annotated)

    status, cleared = post_json(url + "/xlwings/clear", by_server, headers)
    restored, _ = execute(by_server, cleared["actions"])
    assert status == 200 and marks(restored) == marks(payload)
    assert results(restored)[0][0] == L.RESULTS_NOT_RUN and len(results(restored)) == 2


def test_without_the_token_the_button_shows_a_chinese_refusal(token_server, tmp_path):
    book = tmp_path / "book.xlsm"
    assert run("new", EXAMPLE_JSON, "--server-url", token_server, "-o", book).returncode == 0
    url, headers, payload = what_the_button_sends(book)
    assert headers == {}
    refused, message = refusal(*post_json_headers(url + "/xlwings/check", payload, headers))
    assert refused == 401 and "令牌" in message
    wrong = {"Authorization": "Bearer not-the-token"}
    assert refusal(*post_json_headers(url + "/xlwings/check", payload, wrong))[0] == 401
