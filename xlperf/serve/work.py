"""The work of one request, done in a separate checking process (``Checker``), so that a check past the time
limit can be stopped (the process is killed and replaced) and a hostile file can never take the web worker
with it. ``do(kind, body, content_type)`` returns an ``Answer``: status, media type, body, findings count.

Every failure gets a Chinese message in the endpoint's own form, never a traceback. The API answers a 4xx
(``{"error": …}`` or the CLI's JSON with its ``error``; 500 for an unexpected exception). The xlwings endpoints
answer **200** with one ``alert`` action: Remote.bas executes actions only on HTTP 200 and shows any other
answer's raw body in a bare "Error" box, so a refusal must be a 200 to reach staff as a Chinese message; the
status it stands for (400, 401, 409, 413, 422, 500, 503) travels in ``Answer.refused``, which the app sends as
the ``X-Xlperf-Refused`` header and logs.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import PurePath

from ..form.errors import XlperfError

log = logging.getLogger("xlperf.serve")
JSON = "application/json; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSM = "application/vnd.ms-excel.sheet.macroEnabled.12"
INTERNAL = "校验服务器内部出错（{kind}）。您的工作簿没有被修改。请把本提示截图发给财政部门。"
UPLOAD_NAME = "上传的工作簿.xlsx"


@dataclass
class Answer:
    status: int
    media_type: str
    body: bytes
    findings: int | None = None
    filename: str | None = None  # for a download
    refused: int | None = None  # an xlwings refusal answered 200: the status it stands for


def json_answer(status: int, data, findings: int | None = None) -> Answer:
    return Answer(status, JSON, json.dumps(data, ensure_ascii=False).encode("utf-8"), findings)


def error_answer(kind: str, status: int, message: str) -> Answer:
    """An error in the form of the endpoint ``kind`` (for the xlwings endpoints: 200, one alert, ``refused``)."""
    if kind.startswith("xlwings"):
        from .remote import alert

        answer = json_answer(200, {"actions": [alert(message, "critical")]})
        answer.refused = status
        return answer
    return json_answer(status, {"error": message})


def do(kind: str, body: bytes, content_type: str = "") -> Answer:
    """Run one request's work (in the checking process)."""
    from .remote import PayloadError

    try:
        return _KINDS[kind](body, content_type)
    except PayloadError as err:
        return error_answer(kind, err.status, err.message)
    except Exception as exc:  # the client gets a Chinese message, the log the kind (no content)
        log.exception("内部错误：%s", kind)
        return error_answer(kind, 500, INTERNAL.format(kind=type(exc).__name__))


def _xlwings(body: bytes, clear: bool) -> Answer:
    from .remote import PayloadError, answer

    try:
        payload = json.loads(body)
    except ValueError:
        raise PayloadError("请求数据不是有效的 JSON（可能在传输中被截断）。请重新点击“校验”。") from None
    try:
        actions, findings = answer(payload, clear)
    except XlperfError as err:
        raise PayloadError(err.message, 422) from None
    return json_answer(200, {"actions": actions}, len(findings))


def _upload(body: bytes, content_type: str) -> tuple[str, bytes]:
    from .upload import file_field

    name, data = file_field(body, content_type)
    return PurePath(name.replace("\\", "/")).name or UPLOAD_NAME, data


def _api_check(body: bytes, content_type: str) -> Answer:
    from ..rulebook.registry import RULESET_VERSION
    from ..services.check import check_bytes
    from ..services.report import BookResult, render_json

    name, data = _upload(body, content_type)
    try:
        result = BookResult(name, check_bytes(data, name).findings)
    except XlperfError as err:
        return Answer(422, JSON, render_json([BookResult(name, error=err.message)], RULESET_VERSION).encode())
    return Answer(200, JSON, render_json([result], RULESET_VERSION).encode("utf-8"), len(result.findings))


def _api_annotate(body: bytes, content_type: str) -> Answer:
    from ..files.annotate import annotate_bytes
    from ..rulebook.registry import RULESET_VERSION
    from ..services.check import check_bytes

    name, data = _upload(body, content_type)
    try:
        checked = check_bytes(data, name)
    except XlperfError as err:
        return json_answer(422, {"error": err.message})
    marked = annotate_bytes(checked.data, checked.findings, RULESET_VERSION)
    stem, suffix = PurePath(name).stem, PurePath(name).suffix.lower()
    media = XLSM if suffix == ".xlsm" else XLSX
    return Answer(200, media, marked, len(checked.findings), f"{stem}（已标注）{suffix or '.xlsx'}")


_KINDS = {
    "xlwings-check": lambda body, _ct: _xlwings(body, False),
    "xlwings-clear": lambda body, _ct: _xlwings(body, True),
    "api-check": _api_check,
    "api-annotate": _api_annotate,
}


def warm_up() -> None:
    """Import the checking code once when the checking process starts (not on the first request)."""
    from .. import checks  # noqa: F401
    from ..files import annotate, reader  # noqa: F401
    from ..services import check, report  # noqa: F401
    from . import remote, upload  # noqa: F401
