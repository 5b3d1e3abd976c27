"""A fake GitHub REST API on 127.0.0.1 for tests: serves the endpoints qe-actions publishes with, checks every
request against GitHub's REST description (and every answer too), pages with Link headers, and injects faults
from a script. Also runs standalone for end-to-end tests:

    python tests/github/fake_github.py --port-file PORT --record REQUESTS.jsonl [--token T] [--repo o/r]
"""

from __future__ import annotations

import argparse
import json
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

try:
    from . import github_contract as contract
    from .fake_github_state import STATUS_TEXT, Api, Fault, Received, State, _route
except ImportError:  # run as a script, or imported with tests/github on sys.path
    import github_contract as contract  # type: ignore[no-redef]
    from fake_github_state import STATUS_TEXT, Api, Fault, Received, State, _route  # type: ignore[no-redef]

__all__ = ["Fault", "FakeGitHub", "FakeGitHubServer", "Received", "State", "main"]


class Handler(BaseHTTPRequestHandler):
    """One request: contract check, fault script, authentication, then the endpoint."""

    protocol_version = "HTTP/1.1"
    server: FakeGitHubServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests assert on `received`
        pass

    def setup(self) -> None:
        super().setup()
        # Headers and body leave in two writes; without this, Nagle + delayed ACK add ~40 ms per request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def _send(self, status: int, payload: Any, headers: dict[str, str], fault: Fault | None = None) -> None:
        if isinstance(payload, bytes):  # a hostile answer's body, sent as it is
            data, kind = payload, headers.pop("Content-Type", "text/html; charset=utf-8")
        else:
            data = b"" if payload is None and status == 204 else json.dumps(payload).encode("utf-8")
            kind = "application/json; charset=utf-8"
        slow = fault.kind if fault is not None and fault.kind in ("slow", "trickle") else None
        try:
            if slow == "slow":
                time.sleep(fault.delay)  # type: ignore[union-attr]
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-GitHub-Api-Version-Selected", "2022-11-28")
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            if slow == "trickle":
                self.wfile.flush()
                for i in range(len(data)):
                    self.wfile.write(data[i : i + 1])
                    self.wfile.flush()
                    time.sleep(fault.delay)  # type: ignore[union-attr]
            else:
                self.wfile.write(data)
        except OSError:  # the client gave up (its deadline passed): nothing more to send
            self.close_connection = True

    def _drop(self) -> None:
        """Close the connection abruptly (RST), as a proxy or a restarting server would."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.rfile.close()
            self.connection.close()
        except OSError:
            pass

    def finish(self) -> None:
        try:
            super().finish()
        except OSError:
            pass

    def _fault_response(self, fault: Fault) -> tuple[int, Any, dict[str, str]]:
        if fault.kind == "secondary":
            return (
                403,
                {
                    "message": "You have exceeded a secondary rate limit. Please wait a few minutes before "
                    "you try again.",
                    "documentation_url": "https://docs.github.com/rest",
                },
                {"Retry-After": str(fault.retry_after)},
            )
        if fault.kind == "primary":
            reset = int(time.time()) + fault.reset_in
            return (
                403,
                {"message": "API rate limit exceeded for installation ID 1."},
                {"X-RateLimit-Remaining": "0", "X-RateLimit-Limit": "1000", "X-RateLimit-Reset": str(reset)},
            )
        if fault.kind == "redirect":
            return fault.status, b"", {"Location": fault.location, "Content-Type": "text/html"}
        if fault.kind == "html":
            return 200, b"<!DOCTYPE html><html><body><h1>Sign in to continue</h1></body></html>", {}
        if fault.kind == "empty-list":
            return 200, [], {}
        status = int(fault.kind)
        message = fault.message if fault.message is not None else STATUS_TEXT.get(status, "Error")
        return status, {"message": message, "documentation_url": "https://docs.github.com"}, {}

    def _handle(self, method: str) -> None:
        state = self.server.state
        split = urlsplit(self.path)
        query = parse_qs(split.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        item = Received(method, split.path, query, None)
        self.fault: Fault | None = None
        with state.lock:
            try:
                status, payload, headers = self._respond(state, method, split.path, query, raw, item)
            except _Dropped:
                state.log(item)
                self._drop()
                return
            except Exception as exc:  # noqa: BLE001 - a bug here must show up as a violation, not a hang
                item.violations.append(f"the fake server failed: {type(exc).__name__}: {exc}")
                status, payload, headers = 500, {"message": "fake server error"}, {}
            item.status = status
            state.log(item)
        self._send(status, payload, headers, self.fault)

    def _respond(
        self, state: State, method: str, path: str, query: dict[str, list[str]], raw: bytes, item: Received
    ) -> tuple[int, Any, dict[str, str]]:
        if state.prefix and not path.startswith(state.prefix + "/"):
            item.violations.append(f"path outside the API prefix {state.prefix}")
            return 404, {"message": "Not Found"}, {}
        api_path = path[len(state.prefix) :]
        try:
            item.body = json.loads(raw) if raw else None
        except ValueError:
            item.violations.append("request body is not JSON")
            return 400, {"message": "Problems parsing JSON"}, {}
        if state.contract:
            item.violations += contract.check_request(method, api_path, query, item.body, bool(raw), state.description)
        if self.headers.get("X-GitHub-Api-Version") != "2022-11-28":
            item.violations.append("no X-GitHub-Api-Version: 2022-11-28 header (GitHub asks clients to send it)")
        if self.headers.get("Authorization") not in (f"token {state.token}", f"Bearer {state.token}"):
            return 401, {"message": "Bad credentials"}, {}
        fault = state.take_fault(method, api_path)
        item.fault = fault.kind if fault else None
        self.fault = fault
        if fault and fault.kind == "reset":
            raise _Dropped
        if fault and fault.kind not in ACTING_FAULTS:
            return self._fault_response(fault)
        route = _route(method, api_path)
        if route is None or f"{route[1]['owner']}/{route[1]['repo']}".lower() != state.repo.lower():
            return 404, {"message": "Not Found"}, {}
        if item.violations:  # GitHub validates too: dorny's 51 annotations got "Invalid request"
            return (
                422,
                {
                    "message": "Invalid request.\n\n" + "\n".join(item.violations[:3]),
                    "documentation_url": "https://docs.github.com/rest",
                },
                {},
            )
        try:
            status, payload, headers = getattr(Api(state), route[0])(route[1], query, item.body or {})
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            item.violations.append(f"the fake server could not handle the request ({type(exc).__name__}: {exc})")
            return 500, {"message": "Server Error"}, {}
        if payload is None and status != 204:
            payload = {"message": STATUS_TEXT.get(status, "Error")}
        if fault and fault.kind == "reset-after":
            raise _Dropped
        if state.contract:  # answers of every status, errors included, as GitHub describes them
            item.violations += contract.check_response(method, api_path, status, payload, state.description)
        if fault and fault.kind == "tamper" and isinstance(payload, dict):
            payload = {**payload, "html_url": fault.location.format(token=state.token)}
        return status, payload, headers


ACTING_FAULTS = ("reset-after", "slow", "trickle", "tamper")  # the request is served; the answer is the fault


class _Dropped(Exception):
    """Raised inside a request to drop its connection without an answer."""


class FakeGitHubServer(ThreadingHTTPServer):
    """The server; `state` holds the repository, the fault script and every request received."""

    daemon_threads = True

    def __init__(self, state: State, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.state = state
        state.base = f"http://127.0.0.1:{self.server_address[1]}{state.prefix}"

    @property
    def api_url(self) -> str:
        return self.state.base


class FakeGitHub:
    """Context manager for tests: `with FakeGitHub() as gh: ... gh.api_url, gh.state.received`."""

    def __init__(self, **state_options: Any) -> None:
        self.state = State(**state_options)
        self.server = FakeGitHubServer(self.state)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def api_url(self) -> str:
        return self.server.api_url

    def __enter__(self) -> FakeGitHub:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def requests(self, method: str | None = None, contains: str = "") -> list[Received]:
        return [r for r in self.state.received if (method in (None, r.method)) and contains in r.path]


def main(argv: list[str] | None = None) -> int:
    """Standalone: serve until killed; the port goes to --port-file, each request to --record (JSON lines)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--record", help="append each request (JSON line) to this file")
    parser.add_argument("--token", default="test-token")
    parser.add_argument("--repo", default="octo/repo")
    parser.add_argument("--prefix", default="", help="API path prefix, e.g. /api/v3 for GitHub Enterprise Server")
    parser.add_argument(
        "--description",
        help="REST description to check against (api.github.com or ghes-3.17; "
        "default: ghes-3.17 with --prefix /api/v3)",
    )
    parser.add_argument("--permissions", default="checks,pull_requests,issues")
    parser.add_argument("--comments", type=int, default=0, help="seed this many comments on --pr")
    parser.add_argument("--pr", type=int, default=1)
    parser.add_argument("--faults", default="[]", help='JSON list of faults, e.g. [{"kind": "502", "times": 2}]')
    args = parser.parse_args(argv)
    state = State(
        repo=args.repo,
        token=args.token,
        prefix=args.prefix,
        record=args.record,
        permissions=tuple(p for p in args.permissions.split(",") if p),
        description=args.description,
    )
    state.seed_comments(args.pr, args.comments)
    state.faults = [Fault(**f) for f in json.loads(args.faults)]
    server = FakeGitHubServer(state, args.port)
    Path(args.port_file).write_text(str(server.server_address[1]), encoding="utf-8")
    print(
        f"fake GitHub API on {server.api_url} (contract checks {'on' if state.contract else 'off'})",
        file=sys.stderr,
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
