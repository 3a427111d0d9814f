"""The check server under bad input and abuse: the hostile corpus, oversize bodies, slow checks, too many
requests at once, and the bearer token. Never a 500, never a traceback; every refusal in Chinese."""
from __future__ import annotations

import http.client
import json
import threading
import urllib.parse

import pytest
from conftest import EXAMPLE_BOOK
from hostile import CORPUS
from serve_client import post_json_headers, refusal, request, running_server, upload
from xlwings_payload import payload_from_workbook


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_hostile_corpus(serve_url, tmp_path, case):
    maker, _error, word = CORPUS[case]
    path = maker(tmp_path)
    for endpoint in ("/api/check", "/api/annotate"):
        status, _, body = upload(serve_url + endpoint, path.name, path.read_bytes())
        answer = json.loads(body)
        message = answer.get("error") or answer["files"][0]["error"]
        assert 400 <= status < 500 and word in message, (endpoint, status, message)
        assert "Traceback" not in message


def test_a_request_without_a_file(serve_url):
    status, _, body = request(serve_url + "/api/check", b"x=1", {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and "请选择要校验的工作簿" in json.loads(body)["error"]


def _raw(url, path, headers, parts):
    """Send ``parts`` of a body one by one; the answer as soon as the server gives one (it may not read the rest)."""
    host = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    conn.putrequest("POST", path)
    for key, value in headers.items():
        conn.putheader(key, value)
    conn.endheaders()
    try:
        for part in parts:
            conn.send(part)
    except (BrokenPipeError, ConnectionResetError):
        pass
    response = conn.getresponse()
    return response.status, dict(response.getheaders()), response.read()


def test_oversize_is_413_before_the_body_is_read(serve_url):
    limit = 20 * 1024 * 1024
    # declared too large: answered from the headers, with 1 KB of the body sent and the rest never
    status, _, body = _raw(serve_url, "/api/check", {"Content-Length": str(limit + 1), "Content-Type": "x"},
                        [b"0" * 1024])
    assert status == 413 and "上限" in json.loads(body)["error"]
    # not declared (chunked): stopped once the limit is passed
    chunk = b"0" * (1024 * 1024)
    framed = [b"%x\r\n%s\r\n" % (len(chunk), chunk)] * 21 + [b"0\r\n\r\n"]
    status, headers, body = _raw(serve_url, "/xlwings/check", {"Transfer-Encoding": "chunked"}, framed)
    assert refusal(status, headers, json.loads(body)) == (413, "上传的内容超过 20 MB 的上限。请确认选对了文件；表格本身通常不到 1 MB。")


def test_a_check_past_the_time_limit_is_stopped_with_503():
    with running_server("--timeout", "0.005") as url:
        status, _, body = upload(url + "/api/check", EXAMPLE_BOOK.name, EXAMPLE_BOOK.read_bytes())
        assert status == 503 and "超时" in json.loads(body)["error"]
        refused, message = refusal(*post_json_headers(url + "/xlwings/check", payload_from_workbook(EXAMPLE_BOOK)))
        assert refused == 503 and "超时" in message
        assert request(url + "/healthz")[0] == 200  # the server itself is fine


def test_too_many_requests_at_once_queue_then_503():
    data = EXAMPLE_BOOK.read_bytes()
    with running_server("--workers", "1", "--queue", "1") as url:
        barrier, statuses = threading.Barrier(12), []

        def client():
            barrier.wait()
            statuses.append(upload(url + "/api/annotate", EXAMPLE_BOOK.name, data)[0])

        threads = [threading.Thread(target=client) for _ in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert len(statuses) == 12 and set(statuses) <= {200, 503}
        assert 2 <= statuses.count(200) < 12 and statuses.count(503) >= 1
        assert upload(url + "/api/check", EXAMPLE_BOOK.name, data)[0] == 200  # and it recovers


def test_bearer_token(tmp_path):
    token = tmp_path / "token"
    token.write_text("s3cret-令牌-ignored-newline\n".encode().decode("utf-8"), encoding="utf-8")
    secret = token.read_text("utf-8").strip()
    good = {"Authorization": f"Bearer {secret}".encode().decode("latin-1")}
    with running_server("--token-file", str(token)) as url:
        assert request(url + "/healthz")[0] == 200
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": secret.encode().decode("latin-1")}):
            status, _, body = upload(url + "/api/check", EXAMPLE_BOOK.name, EXAMPLE_BOOK.read_bytes(), headers)
            assert status == 401 and "令牌" in json.loads(body)["error"] and secret not in body.decode()
            refused, message = refusal(*post_json_headers(url + "/xlwings/check", {}, headers))
            assert refused == 401 and "令牌" in message and secret not in message
            assert request(url + "/", headers=headers)[0] == 401
        assert upload(url + "/api/check", EXAMPLE_BOOK.name, EXAMPLE_BOOK.read_bytes(), good)[0] == 200
        assert request(url + "/", headers=good)[0] == 200
