"""Benchmark of the check server (not a test): ``xlperf serve --workers 2`` on loopback, the example's
RunServerPython payload POSTed to /xlwings/check by 16 concurrent clients, a bounded number of requests.

Prints p50/p95/p99 latency, throughput, errors, peak RSS per web worker (with its checking process), and the
server's p50 beside the in-process time of the same check (``remote.answer`` on the same payload).

    PYTHONPATH=. python bench/bench_serve.py [--requests 2000] [--clients 16] [--workers 2]
"""
from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from serve_client import running_server
from xlwings_payload import payload_from_workbook


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):  # peak resident set size
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        out += [int(c) for c in text]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    payload = payload_from_workbook(ROOT / "examples" / "2021-高新区科技局.xlsm", name="2021-高新区科技局.xlsm")
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")

    from xlperf.serve.remote import answer

    answer(payload)
    runs = []
    for _ in range(50):
        start = time.perf_counter()
        answer(json.loads(body))
        runs.append(time.perf_counter() - start)
    in_process = statistics.median(runs)

    with running_server("--workers", str(args.workers), "--queue", str(args.clients)) as url:
        port = int(url.rsplit(":", 1)[1])
        latencies, errors, lock, counter = [], [], threading.Lock(), iter(range(args.requests))

        def client():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            while True:
                with lock:
                    if next(counter, None) is None:
                        return
                start = time.perf_counter()
                try:
                    conn.request("POST", "/xlwings/check", body, {"Content-Type": "application/json"})
                    response = conn.getresponse()
                    data = response.read()
                    ok = response.status == 200 and b'"alert"' in data
                except OSError as err:
                    ok, data = False, str(err).encode()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                elapsed = time.perf_counter() - start
                with lock:
                    (latencies if ok else errors).append(elapsed)

        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        wall = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - wall
        server = [p for p in children_of_session(url)
                  if b"resource_tracker" not in Path(f"/proc/{p}/cmdline").read_bytes()]
        single = []
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(200):  # one client alone: the protocol's own cost, no queueing
            start = time.perf_counter()
            conn.request("POST", "/xlwings/check", body, {"Content-Type": "application/json"})
            conn.getresponse().read()
            single.append(time.perf_counter() - start)
        peaks = {pid: rss_kb(pid) + sum(rss_kb(c) for c in children(pid)) for pid in server}

    q = statistics.quantiles(latencies, n=100)
    p50 = statistics.median(latencies)
    print(f"requests {len(latencies) + len(errors)}, clients {args.clients}, web workers {args.workers}, "
          f"payload {len(body) / 1024:.0f} KB")
    print(f"latency ms: p50 {p50 * 1000:.1f}  p95 {q[94] * 1000:.1f}  p99 {q[98] * 1000:.1f}")
    print(f"throughput {len(latencies) / wall:.1f} checks/s, errors {len(errors)}")
    for pid, kb in peaks.items():
        print(f"peak RSS web worker {pid} + its checking process: {kb / 1024:.0f} MB")
    print(f"in-process check of the same payload (median of 50): {in_process * 1000:.1f} ms; "
          f"server p50 / in-process = {p50 / in_process:.2f} under {args.clients} clients, "
          f"{statistics.median(single) / in_process:.2f} for one client alone "
          f"(p50 {statistics.median(single) * 1000:.1f} ms)")


def children_of_session(url: str) -> list[int]:
    """The uvicorn worker processes: children of the `xlperf serve` process listening on ``url``'s port."""
    port = url.rsplit(":", 1)[1]
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"serve" in cmd and b"--port" in cmd and port.encode() in cmd:
                return children(int(proc.name))
    return []


if __name__ == "__main__":
    main()
