"""The fake server's own checks can fail: requests that break GitHub's REST description are caught, and the
server's answers satisfy it."""

from __future__ import annotations

import github_contract as contract
import pytest
import requests
from fake_github import FakeGitHub

AUTH = {"Authorization": "token test-token", "X-GitHub-Api-Version": "2022-11-28"}


def _annotation(**changes):
    return {"path": "a.py", "start_line": 1, "end_line": 1, "annotation_level": "warning", "message": "m", **changes}


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    [
        (
            "POST",
            "/repos/octo/repo/check-runs",
            {
                "name": "n",
                "head_sha": "s",
                "output": {"title": "t", "summary": "s", "annotations": [_annotation()] * 51},
            },
            "maxItems=50",
        ),
        ("POST", "/repos/octo/repo/check-runs", {"name": "n"}, "'head_sha' is a required property"),
        (
            "POST",
            "/repos/octo/repo/check-runs",
            {"name": "n", "head_sha": "s", "conclusion": "green"},
            "'green' is not one of",
        ),
        (
            "POST",
            "/repos/octo/repo/check-runs",
            {
                "name": "n",
                "head_sha": "s",
                "output": {"title": "t", "summary": "s", "annotations": [_annotation(annotation_level="error")]},
            },
            "'error' is not one of",
        ),
        (
            "POST",
            "/repos/octo/repo/check-runs",
            {"name": "n", "head_sha": "s", "output": {"title": "t"}},
            "'summary' is a required property",
        ),
        (
            "POST",
            "/repos/octo/repo/check-runs",
            {"name": "n", "head_sha": "s", "output": {"title": "t", "summary": "x" * 65536}},
            "maxLength",
        ),
        (
            "PATCH",
            "/repos/octo/repo/check-runs/1",
            {"status": "completed"},
            "is not valid under any of the given schemas",
        ),
        ("POST", "/repos/octo/repo/issues/7/comments", {"text": "hi"}, "'body' is a required property"),
        ("POST", "/repos/octo/repo/issues/7/comments", {"body": 5}, "5 is not of type 'string'"),
        ("GET", "/repos/octo/repo/issues/7/comments?per_page=500", None, "documented maximum of 100"),
        ("GET", "/repos/octo/repo/issues/seven/comments", None, "is not an integer"),
        ("GET", "/repos/octo/repo/pulls?state=merged", None, "'merged' is not one of"),
        ("PUT", "/repos/octo/repo/issues/7/comments", {"body": "x"}, "no such operation"),
    ],
)
def test_requests_that_break_the_description_are_caught(method, path, body, expected) -> None:
    with FakeGitHub() as fake:
        fake.state.check_runs[1] = {"id": 1, "name": "n", "head_sha": "s", "annotations": []}
        answer = requests.request(method, fake.api_url + path, json=body, headers=AUTH, timeout=10)
        assert any(expected in v for v in fake.state.violations), fake.state.violations
        assert answer.status_code in (404, 422)  # refused, as GitHub refuses an invalid request


def test_a_conforming_request_has_no_violation_and_the_answer_conforms() -> None:
    with FakeGitHub() as fake:
        fake.state.seed_comments(7, 3)
        answer = requests.get(fake.api_url + "/repos/octo/repo/issues/7/comments?per_page=2", headers=AUTH, timeout=10)
        assert answer.status_code == 200 and len(answer.json()) == 2
        assert 'rel="next"' in answer.headers["Link"] and "page=2" in answer.headers["Link"]
        assert contract.check_response("GET", "/repos/octo/repo/issues/7/comments", 200, answer.json()) == []
        assert fake.state.violations == []


def test_the_response_check_itself_can_fail() -> None:
    assert contract.check_response("POST", "/repos/o/r/issues/1/comments", 201, {"id": "one"})


def test_unknown_repository_and_bad_token_are_refused() -> None:
    with FakeGitHub() as fake:
        assert requests.get(fake.api_url + "/repos/other/repo/pulls", headers=AUTH, timeout=10).status_code == 404
        assert requests.get(fake.api_url + "/repos/octo/repo/pulls", timeout=10).status_code == 401
