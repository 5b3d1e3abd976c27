"""`qe health-check`'s loop: one HTTP GET per attempt (bounded in time and size), judged against the expected
statuses and body text, retried with backoff and jitter until healthy or the overall timeout."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from qe_actions.deploy.backoff import Backoff, next_wait

MAX_BODY = 1024 * 1024  # the expected text is looked for in the first MiB
READ_STEP = 16 * 1024


@dataclass(frozen=True, slots=True)
class HealthSpec:
    """What healthy means and how long to try."""

    url: str
    statuses: frozenset[int] = frozenset({200})
    body: str | None = None
    timeout: float = 60.0  # the whole check
    attempt_timeout: float = 10.0  # one request at most (and never past the whole check)
    backoff: Backoff = field(default_factory=Backoff)
    follow_redirects: bool = False


@dataclass(frozen=True, slots=True)
class Attempt:
    """One try: the HTTP status (None: no answer), its latency, and why it is not healthy (None: healthy)."""

    number: int
    status: int | None
    latency: float
    problem: str | None
    location: str | None = None

    def line(self) -> str:
        """`attempt 2: HTTP 503 in 12 ms: status not in 200,204`."""
        what = f"HTTP {self.status}" if self.status is not None else "no answer"
        where = f" -> {self.location[:200]}" if self.location else ""
        verdict = "healthy" if self.problem is None else self.problem
        return f"attempt {self.number}: {what}{where} in {self.latency * 1000:.0f} ms: {verdict}"


@dataclass(frozen=True, slots=True)
class HealthResult:
    healthy: bool
    attempts: tuple[Attempt, ...]
    elapsed: float


def judge(spec: HealthSpec, status: int, body: bytes) -> str | None:
    """Why an answer is not healthy, or None."""
    if status not in spec.statuses:
        wanted = ",".join(str(s) for s in sorted(spec.statuses))
        return f"status {status} is not {wanted}"
    if spec.body is not None and spec.body.encode("utf-8") not in body:
        return f"body does not contain {spec.body[:60]!r}"
    return None


def probe(spec: HealthSpec, number: int, budget: float, clock: Callable[[], float]) -> Attempt:
    """One GET with at most `budget` seconds for connect, each read and the whole body."""
    import requests  # only when a check runs

    start = clock()
    limit = max(0.05, min(spec.attempt_timeout, budget))
    try:
        with requests.get(
            spec.url,
            timeout=(limit, limit),
            allow_redirects=spec.follow_redirects,
            stream=True,
            headers={"User-Agent": "qe-actions health-check", "Cache-Control": "no-cache"},
        ) as response:
            body = b""
            for chunk in response.iter_content(READ_STEP):
                body += chunk
                if len(body) >= MAX_BODY or clock() - start > limit:
                    break
            status = response.status_code
            location = response.headers.get("location") if 300 <= status < 400 else None
    except requests.exceptions.Timeout:
        return Attempt(number, None, clock() - start, f"timed out after {limit:.1f} s")
    except requests.exceptions.TooManyRedirects:
        return Attempt(number, None, clock() - start, "too many redirects")
    except requests.exceptions.RequestException as exc:
        reason = "connection refused" if "refused" in str(exc).lower() else f"{type(exc).__name__}"
        return Attempt(number, None, clock() - start, reason)
    if clock() - start > limit:
        return Attempt(number, status, clock() - start, f"answer not complete within {limit:.1f} s")
    return Attempt(number, status, clock() - start, judge(spec, status, body), location)


def check(
    spec: HealthSpec,
    report: Callable[[str], None],
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    draw: Callable[[], float] = random.random,
    attempt: Callable[[HealthSpec, int, float, Callable[[], float]], Attempt] = probe,
) -> HealthResult:
    """Attempts until one is healthy or `spec.timeout` has passed; every attempt is reported as a line."""
    start = clock()
    attempts: list[Attempt] = []
    number = 0
    while True:
        number += 1
        left = spec.timeout - (clock() - start)
        done = attempt(spec, number, left, clock)
        attempts.append(done)
        if done.problem is None:
            report(done.line())
            return HealthResult(True, tuple(attempts), clock() - start)
        wait = next_wait(spec.backoff, number, spec.timeout - (clock() - start), draw)
        report(done.line() + (f"; next attempt in {wait:.1f} s" if wait is not None else ""))
        if wait is None:
            return HealthResult(False, tuple(attempts), clock() - start)
        sleep(wait)
