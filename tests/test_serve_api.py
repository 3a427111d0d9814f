"""The upload page's endpoints: /api/check answers exactly ``xlperf check --format json``; /api/annotate answers
what ``xlperf check --annotate`` writes; the page itself is Chinese and self-contained; the log has no content."""
from __future__ import annotations

import json
import re
import subprocess
import sys

from conftest import ROOT
from serve_client import request, running_server, upload
from test_example_findings import expected


def cli_json(path, cwd) -> dict:
    run = subprocess.run([sys.executable, "-m", "xlperf", "check", "--format", "json", path.name], cwd=cwd,
                         capture_output=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, check=False)
    assert run.returncode in (0, 1, 2), run.stderr
    return json.loads(run.stdout)


def test_api_check_is_the_cli_json(serve_url, example_book, tmp_path):
    status, headers, body = upload(serve_url + "/api/check", example_book.name, example_book.read_bytes())
    assert status == 200 and headers["content-type"].startswith("application/json")
    assert json.loads(body) == cli_json(example_book, example_book.parent)


def test_api_check_of_a_file_that_is_not_a_workbook_is_the_cli_json_with_its_error(serve_url, tmp_path):
    path = tmp_path / "说明.xlsx"
    path.write_bytes("一级指标,二级指标\n".encode("gb18030"))
    status, _, body = upload(serve_url + "/api/check", path.name, path.read_bytes())
    assert status == 422 and json.loads(body) == cli_json(path, tmp_path)
    assert "不是 Excel 工作簿" in json.loads(body)["files"][0]["error"]


def test_api_annotate_is_what_check_annotate_writes(serve_url, example_book, tmp_path):
    import zipfile

    status, headers, marked = upload(serve_url + "/api/annotate", example_book.name, example_book.read_bytes())
    assert status == 200 and "attachment" in headers["content-disposition"]
    assert "%EF%BC%88%E5%B7%B2%E6%A0%87%E6%B3%A8%EF%BC%89.xlsm" in headers["content-disposition"]  # （已标注）.xlsm
    out = tmp_path / "cli.xlsm"
    subprocess.run([sys.executable, "-m", "xlperf", "check", str(example_book), "--annotate", str(out)],
                   env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, capture_output=True, check=False)
    served, written = zipfile.ZipFile(__import__("io").BytesIO(marked)), zipfile.ZipFile(out)
    assert served.namelist() == written.namelist()
    time = re.compile(rb"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")  # the status line's minute
    differing = [n for n in served.namelist() if time.sub(b"", served.read(n)) != time.sub(b"", written.read(n))]
    assert differing == []


def test_the_upload_page(serve_url):
    status, headers, body = request(serve_url + "/")
    page = body.decode("utf-8")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "预算绩效目标表 在线校验" in page and "下载标注副本" in page and 'fetch("api/check"' in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # no external assets: offices are offline
    assert "http://" not in page and "https://" not in page


def test_healthz_and_one_log_line_per_request_without_content(tmp_path, example_book):
    log = tmp_path / "server.log"
    with running_server(log=log) as url:
        assert request(url + "/healthz")[:3:2] == (200, b"ok")
        assert upload(url + "/api/check", "秘密项目.xlsm", example_book.read_bytes())[0] == 200
        assert request(url + "/xlwings/check", b"{}", {"Content-Type": "application/json"})[0] == 200  # a refusal
    lines = [line for line in log.read_text("utf-8").splitlines() if " xlperf.serve " in line]
    assert all(" GET /healthz bytes=0 status=200 findings=- " in line for line in lines[:-2])  # start-up polls too
    assert re.search(rf"127\.0\.0\.1:\d+ POST /api/check bytes=\d+ status=200 findings={len(expected())} ms=\d+$",
                     lines[-2])
    # an /xlwings/ refusal is answered 200 (for Remote.bas); the log keeps the status it stands for
    assert re.search(r" POST /xlwings/check bytes=2 status=200 refused=400 findings=- ms=\d+$", lines[-1])
    assert "秘密" not in log.read_text("utf-8")
