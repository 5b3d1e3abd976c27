"""`qe health-check URL`: poll until the URL answers with an expected status (and body text), with exponential
backoff and jitter; exit 0 healthy, 1 not healthy in time, 3 bad usage."""

from __future__ import annotations

import argparse
import sys
from urllib.parse import urlsplit

from qe_actions.deploy.backoff import Backoff
from qe_actions.deploy.health import HealthSpec, check
from qe_actions.errors import UsageError


def seconds(text: str) -> float:
    """An argparse type: a number of seconds in (0, 86400]."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a number of seconds") from None
    if not 0 < value <= 86400:
        raise argparse.ArgumentTypeError("seconds must be above 0 and at most 86400")
    return value


def parse_statuses(text: str) -> frozenset[int]:
    """`200,204` (or `2xx`-style ranges are not taken: name each status)."""
    found: set[int] = set()
    for part in text.replace(" ", ",").split(","):
        if not part:
            continue
        if not part.isdigit() or not 100 <= int(part) <= 599:
            raise UsageError(f"--expect-status: {part[:10]!r} is not an HTTP status (100-599)")
        found.add(int(part))
    if not found:
        raise UsageError("--expect-status: give at least one status, e.g. 200,204")
    return frozenset(found)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The interface of issue 18: URL, --expect-status, --expect-body, --timeout, --interval."""
    parser.add_argument("url", help="http(s) URL to GET")
    parser.add_argument("--expect-status", default="200", help="healthy statuses, comma-separated (default 200)")
    parser.add_argument("--expect-body", help="text the body must contain")
    parser.add_argument("--timeout", type=seconds, default=60.0, help="give up after this many seconds (60)")
    parser.add_argument("--interval", type=seconds, default=2.0, help="first wait between attempts (2); doubles")
    parser.add_argument("--max-interval", type=seconds, default=30.0, help="longest wait between attempts (30)")
    parser.add_argument("--attempt-timeout", type=seconds, default=10.0, help="one request at most (10)")
    parser.add_argument("--follow-redirects", action="store_true", help="follow 3xx (default: a 3xx is its status)")


def spec_from(args: argparse.Namespace) -> HealthSpec:
    """The HealthSpec of the command line (also used by `qe deploy`)."""
    parts = urlsplit(args.url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{args.url[:100]!r} is not an http(s) URL")
    return HealthSpec(
        url=args.url,
        statuses=parse_statuses(args.expect_status),
        body=args.expect_body,
        timeout=args.timeout,
        attempt_timeout=args.attempt_timeout,
        backoff=Backoff(interval=args.interval, max_interval=max(args.interval, args.max_interval)),
        follow_redirects=args.follow_redirects,
    )


def _print(line: str) -> None:
    print(line, flush=True)


def run(args: argparse.Namespace) -> int:
    spec = spec_from(args)
    parts = urlsplit(spec.url)
    port = f":{parts.port}" if parts.port else ""
    shown = f"{parts.scheme}://{parts.hostname}{port}{parts.path}"  # no user:password@, no query (tokens)
    print(f"qe health-check: GET {shown} until status {args.expect_status} (timeout {spec.timeout:g} s)", flush=True)
    result = check(spec, _print)
    if result.healthy:
        print(f"healthy after {len(result.attempts)} attempt(s) in {result.elapsed:.1f} s", flush=True)
        return 0
    last = result.attempts[-1]
    print(
        f"not healthy: {len(result.attempts)} attempt(s) in {result.elapsed:.1f} s, last: {last.problem}",
        file=sys.stderr,
        flush=True,
    )
    return 1
