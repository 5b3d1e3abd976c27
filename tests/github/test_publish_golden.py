"""Golden files for what publishing renders: the PR comment body and the check-run request
(regenerate with QE_REGEN_GOLDEN=1 python -m pytest -q, then review the diff)."""

from __future__ import annotations

import json

from publish_fixtures import HEAD_SHA, annotations, report

from qe_actions.github.checks import plan_check_run
from qe_actions.github.comment import comment_body
from qe_actions.github.report import parse_report
from tests.golden import assert_golden


def test_comment_body() -> None:
    assert_golden("publish/comment_fail.md", comment_body(parse_report(report("fail.json")), "qe"))
    assert_golden("publish/comment_pass_backend.md", comment_body(parse_report(report("pass.json")), "backend"))


def test_check_run_requests() -> None:
    parsed = parse_report(report("fail.json", annotations=report("fail.json")["annotations"] + annotations(52)))
    plan = plan_check_run(
        parsed,
        "qe-actions",
        HEAD_SHA,
        "http://github.invalid/octo/repo/actions/runs/99",
        external_id="qe-actions:fixed",
    )
    text = json.dumps({"create": plan.create, "updates": plan.updates}, indent=1, ensure_ascii=False)
    assert_golden("publish/check_run_requests.json", text + "\n")
    assert [len(u["annotations"]) for u in plan.updates] == [5]
