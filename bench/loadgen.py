"""A small HTTP load generator for when wrk is not installed: threads with keep-alive-less
http.client connections (like wrk against gunicorn's sync workers), bounded in time and count.

Python's GIL makes it slower than wrk at high rates, so figures from it are lower bounds.
"""

import http.client
import threading
import time
from urllib.parse import urlsplit

MAX_REQUESTS = 500_000


def run(url, connections=16, duration=15.0, headers=None, max_requests=MAX_REQUESTS):
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    deadline = time.perf_counter() + duration
    latencies, errors, lock = [], [0], threading.Lock()
    sent = [0]

    def worker():
        local, local_errors = [], 0
        while time.perf_counter() < deadline:
            with lock:
                if sent[0] >= max_requests:
                    break
                sent[0] += 1
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                conn.request("GET", path, headers=headers or {})
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status >= 400:
                    local_errors += 1
            except OSError:
                local_errors += 1
                continue
            local.append(time.perf_counter() - started)
        with lock:
            latencies.extend(local)
            errors[0] += local_errors

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 15)
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p):
        if not latencies:
            return None
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000

    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "errors": errors[0],
        "tool": "python",
    }
