"""One checking process per web worker, a bounded queue in front of it, and a time limit per request.

The web worker only moves bytes; the check runs in a process of its own (``multiprocessing``, spawned and warmed
up once, fed through a pipe). At most one check runs per web worker (checks are CPU-bound: more would only share
the core) and at most ``queue`` more wait; the next request is answered 503 at once, so memory stays bounded
however many clients call. A check past ``timeout`` seconds is answered 503 and stopped: its process is killed
and a fresh one takes its place.
"""
from __future__ import annotations

import asyncio
import multiprocessing

from .work import Answer, do, error_answer, warm_up

BUSY = "校验服务器正忙（同时校验的请求过多），请稍后再试。"
TIMEOUT = "校验超时（超过 {seconds:g} 秒），已停止。请稍后再试；仍超时请联系财政部门。"
CRASHED = "校验进程意外退出，已重新启动。请重新提交；仍不行请联系财政部门。"


def _serve(conn) -> None:
    """The checking process: one request at a time from the pipe, its ``Answer`` back."""
    warm_up()
    while True:
        try:
            kind, body, content_type = conn.recv()
        except EOFError:
            return
        conn.send(do(kind, body, content_type))


class Checker:
    def __init__(self, timeout: float, queue: int):
        self.timeout, self.queue = timeout, queue
        self._slot = asyncio.Semaphore(1)
        self._admitted = 0  # running + waiting
        self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), daemon=True, name="xlperf-check")
        self._process.start()
        child.close()

    async def run(self, kind: str, body: bytes, content_type: str = "") -> Answer:
        if self._admitted > self.queue:
            return error_answer(kind, 503, BUSY)
        self._admitted += 1
        try:
            async with self._slot:
                return await self._run(kind, body, content_type)
        finally:
            self._admitted -= 1

    async def _run(self, kind: str, body: bytes, content_type: str) -> Answer:
        loop = asyncio.get_running_loop()
        conn = self._conn
        try:
            await loop.run_in_executor(None, conn.send, (kind, body, content_type))
            return await asyncio.wait_for(loop.run_in_executor(None, conn.recv), self.timeout)
        except asyncio.TimeoutError:
            self._restart()
            return error_answer(kind, 503, TIMEOUT.format(seconds=self.timeout))
        except (EOFError, OSError):
            self._restart()
            return error_answer(kind, 503, CRASHED)

    def _restart(self) -> None:
        """Kill the checking process (its pending ``recv`` in the executor thread ends with EOFError)."""
        self._process.kill()
        self._process.join()
        self._conn.close()
        self._start()

    def close(self) -> None:
        self._process.kill()
        self._process.join()
        self._conn.close()
