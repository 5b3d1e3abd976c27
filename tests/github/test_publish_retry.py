"""How failures are classified and waited for: GitHub's rate-limit rules in order (retry-after, then
x-ratelimit-reset, then a minute), permissions, dropped connections; PyGithub's and requests' real exceptions."""

from __future__ import annotations

import pytest
import requests

from github import GithubException
from qe_actions.github.retry import ApiError, Retrier, classify
from qe_actions.github.settings import RetryPolicy

NOW = 1_800_000_000.0
POLICY = RetryPolicy(backoff_base=1.0, secondary_wait=60.0, total_wait=100.0, clock=lambda: NOW)


def _http(status: int, message: str = "", **headers: str) -> GithubException:
    return GithubException(status, {"message": message} if message else None, headers)


@pytest.mark.parametrize(
    ("error", "kind", "wait"),
    [
        (
            _http(
                403,
                "You have exceeded a secondary rate limit",
                **{"Retry-After": "30", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW) + 900)},
            ),
            "rate_limit",
            30.0,
        ),  # retry-after wins over the reset
        (
            _http(
                403,
                "API rate limit exceeded",
                **{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW) + 45)},
            ),
            "rate_limit",
            45.0,
        ),
        (_http(403, "You have exceeded a secondary rate limit"), "rate_limit", 60.0),
        (_http(429), "rate_limit", 60.0),
        (_http(403, "Resource not accessible by integration"), "permission", None),
        (_http(403, "", **{"X-RateLimit-Remaining": "12"}), "permission", None),
        (_http(401, "Bad credentials"), "auth", None),
        (_http(404, "Not Found"), "not_found", None),
        (_http(422, "Validation Failed"), "validation", None),
        (_http(502), "server", None),
        (requests.exceptions.ConnectionError("Connection reset by peer"), "dropped", None),
        (requests.exceptions.ReadTimeout("read timed out"), "dropped", None),
        (ValueError("odd JSON"), "other", None),
    ],
)
def test_classification(error: BaseException, kind: str, wait: float | None) -> None:
    classified = classify(error, POLICY)
    assert (classified.kind, classified.wait) == (kind, wait)
    assert classified.retryable == (kind in ("rate_limit", "server", "dropped"))


def test_backoff_doubles_up_to_its_cap() -> None:
    policy = RetryPolicy(backoff_base=1.0, backoff_max=5.0)
    assert [policy.backoff(n) for n in range(1, 6)] == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_the_total_wait_is_shared_by_every_request_of_a_publish() -> None:
    sleeps: list[float] = []
    retrier = Retrier(RetryPolicy(attempts=10, backoff_base=4.0, backoff_max=4.0, total_wait=10.0, sleep=sleeps.append))
    attempts = []

    def flaky() -> str:
        attempts.append(1)
        raise _http(503)

    with pytest.raises(ApiError, match="10 s bound on retry waits") as caught:
        retrier.call("first", flaky)
    assert sleeps == [4.0, 4.0] and len(attempts) == 3 and caught.value.kind == "server"
    with pytest.raises(ApiError, match="bound"):
        retrier.call("second", flaky)  # the budget is spent: no more sleeping
    assert sleeps == [4.0, 4.0]


def test_recovery_after_a_dropped_connection_replaces_the_retry() -> None:
    calls: list[str] = []

    def post() -> str:
        calls.append("post")
        raise requests.exceptions.ConnectionError("reset")

    assert Retrier(RetryPolicy(sleep=lambda s: None)).call("create", post, lambda: "found it") == "found it"
    assert calls == ["post"]


def test_messages_name_the_request_and_never_the_exception_text() -> None:
    def fail() -> None:
        raise requests.exceptions.ConnectionError("https://x-access-token:SECRET@example.invalid/")

    with pytest.raises(ApiError) as caught:
        Retrier(RetryPolicy(attempts=1)).call("list comments of #7", fail)
    assert str(caught.value) == "list comments of #7: connection failed (ConnectionError)"
