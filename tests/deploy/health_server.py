"""A scripted HTTP server on 127.0.0.1 for health-check tests: each request takes the next behaviour."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class Script:
    """Behaviours in order (the last repeats): (status, body), ("hang", seconds), ("redirect", location),
    ("file", path): 200 `ok` while the file exists, else 503 (a deploy or rollback command creates it)."""

    def __init__(self, *steps: tuple[Any, Any]) -> None:
        self.steps = list(steps)
        self.hits = 0
        self.lock = threading.Lock()

    def next(self) -> tuple[Any, Any]:
        with self.lock:
            step = self.steps[min(self.hits, len(self.steps) - 1)]
            self.hits += 1
            return step


class _Handler(BaseHTTPRequestHandler):
    server: HealthServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        kind, value = self.server.script.next()
        if kind == "file":
            kind, value = ("200", "ok") if Path(value).exists() else ("503", "down")
        if kind == "hang":
            time.sleep(value)
            return
        if kind == "redirect":
            self.send_response(302)
            self.send_header("Location", value)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = str(value).encode("utf-8")
        self.send_response(int(kind))
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class HealthServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, script: Script) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = script
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> HealthServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.shutdown()
        self.server_close()
