"""The check server as the tests (and bench/bench_serve.py) use it: started for real with uvicorn on 127.0.0.1 and
an ephemeral port, stopped by itself; small HTTP helpers (stdlib only); and ``execute``, which applies an answer's
actions to a payload the way Remote.bas's VBA handlers apply them to the open workbook."""
from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(*args: str, log: Path | None = None):
    """``xlperf serve *args`` on a free loopback port; yields its base URL; always stopped (its own process group)."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen([sys.executable, "-m", "xlperf", "serve", "--port", str(port), *args], cwd=ROOT, env=env,
                            stdout=out, stderr=out, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if request(url + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None, "the server exited at start"
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        yield url
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # the group we started: workers and checking processes
        proc.wait(10)
        if log:
            out.close()


def request(url: str, body: bytes | None = None, headers: dict | None = None, timeout: float = 60):
    """(status, headers, body) of one request; HTTP errors are answers too."""
    req = urllib.request.Request(url, data=body, headers=headers or {}, method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def multipart(name: str, data: bytes, field: str = "file") -> tuple[bytes, dict]:
    boundary = uuid.uuid4().hex
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def upload(url: str, name: str, data: bytes, headers: dict | None = None):
    body, head = multipart(name, data)
    return request(url, body, {**head, **(headers or {})})


def post_json(url: str, payload, headers: dict | None = None):
    return post_json_headers(url, payload, headers)[::2]


def post_json_headers(url: str, payload, headers: dict | None = None):
    """(status, response headers with lower-case names, parsed body)."""
    status, head, body = request(url, json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                                 {"Content-Type": "application/json", **(headers or {})})
    return status, {k.lower(): v for k, v in head.items()}, json.loads(body)


def refusal(status: int, headers: dict, answer: dict) -> tuple[int, str]:
    """An /xlwings/ refusal as Remote.bas needs it (HTTP 200, one critical alert): (the status it stands for, the
    message staff see)."""
    assert status == 200 and [a["func"] for a in answer["actions"]] == ["alert"]
    message, title, _buttons, mode, _callback = answer["actions"][0]["args"]
    assert title == "xlperf 校验" and mode == "critical" and "Traceback" not in message
    return int({k.lower(): v for k, v in headers.items()}["x-xlperf-refused"]), message


def execute(payload: dict, actions: list[dict]) -> tuple[dict, list[list]]:
    """Apply ``actions`` as Remote.bas does (``setValues``: the range from the 0-based start, the grid growing as
    the sheet would; ``alert``: a message box, recorded; ``activateSheet``: no value changes). Returns (the payload after, the alerts' args)."""
    from xlwings_payload import apply_actions

    known = {"setValues", "alert", "activateSheet"}  # activateSheet changes no value
    assert {a["func"] for a in actions} <= known, "an action the template does not expect"
    for a in actions:
        if a["func"] == "setValues":
            assert a["row_count"] == len(a["values"]) and a["column_count"] == len(a["values"][0])
    return apply_actions(payload, actions), [a["args"] for a in actions if a["func"] == "alert"]
