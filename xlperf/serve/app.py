"""The ASGI app (Starlette): routes, the token, the body limit, one log line per request.

Configuration comes from the environment (``XLPERF_SERVE_*``, set by ``xlperf serve`` before uvicorn starts its
worker processes), so every worker builds the same app: ``uvicorn --factory xlperf.serve.app:create_app``.
Stateless: a request's bytes live in memory for the request only; nothing is written to disk, and the log
names the client, sizes, status, findings count and time — never a file name or content.
"""
from __future__ import annotations

import contextlib
import hmac
import logging
import os
import time
from importlib import resources
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from .checker import Checker
from .work import Answer, error_answer

log = logging.getLogger("xlperf.serve")
TOO_LARGE = "上传的内容超过 {mb:g} MB 的上限。请确认选对了文件；表格本身通常不到 1 MB。"
UNAUTHORIZED = "需要有效的访问令牌（Authorization: Bearer …）。请使用财政部门下发的模板或地址。"
KINDS = {"/xlwings/check": "xlwings-check", "/xlwings/clear": "xlwings-clear",
         "/api/check": "api-check", "/api/annotate": "api-annotate"}


def settings_from_env() -> dict:
    token_file = os.environ.get("XLPERF_SERVE_TOKEN_FILE") or ""
    token = Path(token_file).read_text(encoding="utf-8").strip() if token_file else ""
    return {"max_bytes": int(float(os.environ.get("XLPERF_SERVE_MAX_UPLOAD_MB", "20")) * 1024 * 1024),
            "timeout": float(os.environ.get("XLPERF_SERVE_TIMEOUT", "30")),
            "queue": int(os.environ.get("XLPERF_SERVE_QUEUE", "16")),
            "token": token}


def create_app(settings: dict | None = None) -> Starlette:
    from . import configure_logging

    configure_logging()  # in each worker process: uvicorn spawns them without our logging set up
    settings = settings or settings_from_env()
    state: dict = {}

    @contextlib.asynccontextmanager
    async def lifespan(app):
        state["checker"] = Checker(settings["timeout"], settings["queue"])
        try:
            yield
        finally:
            state.pop("checker").close()

    async def work(request: Request) -> Response:
        kind = KINDS[request.url.path]
        body = await _read_limited(request, settings["max_bytes"])
        if body is None:
            answer = error_answer(kind, 413, TOO_LARGE.format(mb=settings["max_bytes"] / 1024 / 1024))
        else:
            answer = await state["checker"].run(kind, body, request.headers.get("content-type", ""))
        request.scope["xlperf.findings"] = answer.findings
        return _response(answer)

    routes = [Route("/", page), Route("/healthz", healthz)] + [Route(p, work, methods=["POST"]) for p in KINDS]
    app = Starlette(routes=routes, lifespan=lifespan)
    return Gate(app, settings["token"])


async def page(request: Request) -> Response:
    html = resources.files(__package__).joinpath("page.html").read_text(encoding="utf-8")
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


async def _read_limited(request: Request, limit: int) -> bytes | None:
    """The body, or None as soon as it exceeds ``limit`` (by its Content-Length, or while streaming)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        request.scope["xlperf.bytes"] = size
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _response(answer: Answer) -> Response:
    headers = {"Cache-Control": "no-store"}
    if answer.refused:
        headers["X-Xlperf-Refused"] = str(answer.refused)
    if answer.filename:
        from urllib.parse import quote

        headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(answer.filename)}"
    return Response(answer.body, answer.status, headers=headers, media_type=answer.media_type)


class Gate:
    """Outermost ASGI layer: the bearer token (all but /healthz; constant-time comparison) and the log line."""

    def __init__(self, app, token: str):
        self.app, self.token = app, token.encode("utf-8")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start, status, refused = time.perf_counter(), [0], [""]

        async def sending(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                refused[0] = dict(message.get("headers") or []).get(b"x-xlperf-refused", b"").decode()
            await send(message)

        try:
            if self.token and scope["path"] != "/healthz" and not self._authorized(scope):
                kind = KINDS.get(scope["path"], "api")
                answer = error_answer(kind, 401, UNAUTHORIZED)
                await _response(answer)(scope, receive, sending)
            else:
                await self.app(scope, receive, sending)
        finally:
            client = scope.get("client") or ("-", 0)
            log.info("%s:%s %s %s bytes=%d status=%d%s findings=%s ms=%.0f", client[0], client[1], scope["method"],
                     scope["path"], scope.get("xlperf.bytes", 0), status[0],
                     f" refused={refused[0]}" if refused[0] else "",
                     "-" if scope.get("xlperf.findings") is None else scope["xlperf.findings"],
                     (time.perf_counter() - start) * 1000)

    def _authorized(self, scope) -> bool:
        given = dict(scope["headers"]).get(b"authorization", b"")
        return hmac.compare_digest(given, b"Bearer " + self.token)
