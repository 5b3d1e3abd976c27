"""How many HTTP requests a big publish takes: 1,000 annotations and a PR with 250 comments. The minimum is
1 + ceil(1000 / 50) = 21 for the check run (we need 20: the create carries the first 50) and the pages of
comments (3 at 100 per page) plus one write for the comment. `bench/bench_publish.py` reports the times."""

from __future__ import annotations

import math

from fake_github_state import BOT
from publish_fixtures import annotations, event_env, fast_settings, report

from qe_actions.github.comment import marker
from qe_actions.github.publish import publish_report

ANNOTATIONS, COMMENTS = 1000, 250


def test_request_counts_for_1000_annotations_and_250_comments(tmp_path, fake, record_property) -> None:
    fake.state.seed_comments(7, COMMENTS - 1)
    fake.state.seed_comments(7, 1, author=BOT, body=marker("qe") + "\nthe previous report")  # last page
    data = report("fail.json", annotations=annotations(ANNOTATIONS))
    outcome = publish_report(
        data, fast_settings(event_env(tmp_path, fake.api_url), channels=frozenset({"check", "comment"}))
    )
    assert not outcome.failed
    check_requests = len(fake.requests(None, "/check-runs"))
    comment_requests = len(fake.requests(None, "/comments"))
    pages = math.ceil(COMMENTS / 100)
    assert check_requests == math.ceil(ANNOTATIONS / 50) <= 1 + math.ceil(ANNOTATIONS / 50)
    assert comment_requests == pages + 1
    assert len(fake.state.received) == check_requests + comment_requests == 24
    [run] = fake.state.check_runs.values()
    assert len(run["annotations"]) == ANNOTATIONS and len(fake.state.comments[7]) == COMMENTS
    record_property("check_run_requests", check_requests)
    record_property("comment_requests", comment_requests)
