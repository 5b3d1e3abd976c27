"""Retries for GitHub requests: backoff on 5xx and dropped connections, GitHub's rules on rate limits
(`retry-after`, then `x-ratelimit-reset`), one bound on the total time spent waiting, and the publish deadline
(no sleep past it, no request after it)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from qe_actions.errors import QeError
from qe_actions.github.deadline import Deadline, DeadlinePassed
from qe_actions.github.settings import RetryPolicy

T = TypeVar("T")
RETRYABLE = frozenset({"rate_limit", "server", "dropped"})


class ApiError(QeError):
    """A request that failed for good; `kind` says why (permission, auth, not_found, validation, rate_limit,
    server, dropped, answer, deadline, other). The message never holds the token: it is built here from the
    status and GitHub's text, redacted before it is cut."""

    def __init__(self, kind: str, message: str, status: int | None = None, wait: float | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.wait = wait

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def _keep(text: str) -> str:
    return text


def _http_error(
    status: int,
    headers: Mapping[str, str],
    data: Any,
    now: float,
    policy: RetryPolicy,
    redact: Callable[[str], str] = _keep,
) -> ApiError:
    message = data.get("message") if isinstance(data, dict) else None
    text = f"HTTP {status}" + (f": {redact(str(message))[:200]}" if message else "")
    if status in (403, 429):
        retry_after = _number(headers.get("retry-after"))
        if retry_after is not None:
            return ApiError("rate_limit", f"{text} (retry-after {retry_after:g} s)", status, retry_after)
        reset = _number(headers.get("x-ratelimit-reset"))
        if headers.get("x-ratelimit-remaining") == "0" and reset is not None:
            return ApiError(
                "rate_limit",
                f"{text} (rate limit resets in {max(0.0, reset - now):.0f} s)",
                status,
                max(0.0, reset - now),
            )
        if status == 429 or "rate limit" in str(message or "").lower():
            return ApiError("rate_limit", text, status, policy.secondary_wait)
        return ApiError("permission", text, status)
    kinds = {401: "auth", 404: "not_found", 410: "not_found", 422: "validation"}
    if status in kinds:
        return ApiError(kinds[status], text, status)
    return ApiError("server" if status >= 500 else "other", text, status)


def classify(exc: BaseException, policy: RetryPolicy, redact: Callable[[str], str] = _keep) -> ApiError:
    """Our ApiError for anything a request raised (PyGithub's GithubException, requests' connection errors,
    our transport's refusals); GitHub's text is redacted before it is cut."""
    from qe_actions.github.transport import AnswerRefused

    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, DeadlinePassed):
        return ApiError("deadline", f"gave up: {exc}")
    if isinstance(exc, AnswerRefused):
        return ApiError("answer", redact(str(exc)))
    status = getattr(exc, "status", None)
    if isinstance(status, int) and not isinstance(status, bool):
        headers = {str(k).lower(): str(v) for k, v in (getattr(exc, "headers", None) or {}).items()}
        return _http_error(status, headers, getattr(exc, "data", None), policy.clock(), policy, redact)
    import requests  # only here: classification is needed only once something failed

    if isinstance(
        exc,
        (
            requests.exceptions.ConnectionError,
            requests.exceptions.Timeout,
            requests.exceptions.ChunkedEncodingError,
            ConnectionError,
            TimeoutError,
        ),
    ):
        return ApiError("dropped", f"connection failed ({type(exc).__name__})")
    return ApiError("other", f"{type(exc).__name__} while talking to GitHub")


class Retrier:
    """Runs requests under one RetryPolicy and keeps the total wait of a whole publish within its bound and
    every request and sleep within the publish deadline."""

    def __init__(
        self, policy: RetryPolicy, deadline: Deadline | None = None, redact: Callable[[str], str] = _keep
    ) -> None:
        self.policy = policy
        self.deadline = deadline if deadline is not None else Deadline(float("inf"))
        self.redact = redact
        self.waited = 0.0
        self.retries = 0

    def call(self, what: str, operation: Callable[[], T], recover: Callable[[], T | None] | None = None) -> T:
        """`operation()` with retries. After a dropped connection, `recover()` first looks for the effect of a
        request that may have reached GitHub (so a retried POST does not create a second object)."""
        attempt = 0
        while True:
            attempt += 1
            try:
                self.deadline.check()
                return operation()
            except Exception as exc:  # noqa: BLE001 - every failure is classified below
                error = classify(exc, self.policy, self.redact)
            if not error.retryable or attempt >= self.policy.attempts:
                raise ApiError(error.kind, f"{what}: {error}", error.status)
            if error.kind == "dropped" and recover is not None:
                try:
                    found = recover()
                except Exception:  # noqa: BLE001 - recovery is best effort; the retry below still runs
                    found = None
                if found is not None:
                    return found
            wait = error.wait if error.wait is not None else self.policy.backoff(attempt)
            if self.waited + wait > self.policy.total_wait:
                raise ApiError(
                    error.kind,
                    f"{what}: {error}; gave up: waiting {wait:.0f} s more would pass the "
                    f"{self.policy.total_wait:.0f} s bound on retry waits",
                    error.status,
                )
            if wait >= self.deadline.left():
                raise ApiError(
                    "deadline",
                    f"{what}: {error}; gave up: waiting {wait:.0f} s more would pass the "
                    f"{self.deadline.seconds:g} s publish deadline",
                    error.status,
                )
            self.policy.sleep(wait)
            self.waited += wait
            self.retries += 1
