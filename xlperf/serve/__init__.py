"""The finance bureau's check server (``xlperf serve``): a front door like ``cli`` and ``excel``, over the one
check pipeline.

* ``POST /xlwings/check``, ``POST /xlwings/clear``: the 校验 / 清除标记 buttons through xlwings'
  RunServerPython (``remote``): the workbook's values in, ``{"actions": […]}`` out;
* ``GET /``: the upload page (``page.html``, no external assets); ``POST /api/check``: the JSON of
  ``xlperf check --format json``; ``POST /api/annotate``: the marked copy (what ``check --annotate`` writes);
* ``GET /healthz``.

``run`` starts uvicorn with worker processes; ``app.create_app`` is the ASGI app each worker builds; each
request's work runs in the worker's checking process (``checker``, ``work``).
"""
from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass


@dataclass
class Options:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    max_upload_mb: float = 20
    token_file: str | None = None
    timeout: float = 30
    queue: int = 16


def environment(options: Options) -> dict[str, str]:
    """What the worker processes read (``app.settings_from_env``)."""
    return {"XLPERF_SERVE_MAX_UPLOAD_MB": str(options.max_upload_mb), "XLPERF_SERVE_TIMEOUT": str(options.timeout),
            "XLPERF_SERVE_QUEUE": str(options.queue), "XLPERF_SERVE_TOKEN_FILE": options.token_file or ""}


def configure_logging() -> None:
    """One line per message on stderr, with the time (a no-op when logging is already configured)."""
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(name)s %(message)s")


def run(options: Options) -> None:
    """Serve until interrupted (uvicorn; ``options.workers`` processes sharing the socket)."""
    import uvicorn

    os.environ.update(environment(options))
    configure_logging()
    uvicorn.run("xlperf.serve.app:create_app", factory=True, host=options.host, port=options.port,
                workers=options.workers, access_log=False, log_config=None, server_header=False,
                timeout_graceful_shutdown=10)
