"""Issue 12 cases 13-16, in process against the fake server: the token and its long fragments reach no output,
an answer that is not what the operation returns is never reported done, and one deadline bounds the whole
publish (connect, read, trickled body, retry sleeps)."""

from __future__ import annotations

import os
import string
import time

import pytest
from fake_github import FakeGitHub, Fault
from hypothesis import given, settings
from hypothesis import strategies as st
from publish_fixtures import annotations, event_env, fast_settings, report

from qe_actions.github.publish import publish_report
from qe_actions.github.redact import Redactor
from qe_actions.github.settings import RetryPolicy

SECRET = "ghs_Zq8Lk2Pn5Wx7Rt1Yv4Bc6Df9Gh3Jm0NsQa2Wd5E"  # 44 characters, as in the issue
API = frozenset({"check", "comment"})
EVERYTHING = frozenset({"summary", "check", "comment", "annotations", "outputs"})


def _fragments(text: str, secret: str = SECRET, width: int = 8) -> list[str]:
    """Every piece of `secret` of `width` characters that occurs in `text`."""
    return sorted({secret[i : i + width] for i in range(len(secret) - width + 1) if secret[i : i + width] in text})


def _texts(tmp_path, settings, outcome) -> list[str]:
    """Everything that left the process: log, stdout, files written, results."""
    texts = [settings.log.getvalue(), settings.stdout.getvalue(), repr(outcome)]
    texts += [p.read_text(encoding="utf-8") for p in tmp_path.rglob("*") if p.is_file()]
    return texts


def _publish(tmp_path, fake, data=None, **changes):
    env = event_env(tmp_path, fake.api_url, GITHUB_TOKEN=fake.state.token)
    settings = fast_settings(env, channels=changes.pop("channels", EVERYTHING), **changes)
    start = time.monotonic()
    outcome = publish_report(data or report("fail.json"), settings)
    return outcome, settings, time.monotonic() - start


# Case 13: redact first, then cut; long fragments too ----------------------------------------------------------
def test_redactor_masks_the_token_and_every_long_fragment_but_not_short_ones() -> None:
    redact = Redactor(SECRET)
    assert redact(f"a{SECRET}b") == "a***b"
    assert redact(("x" * 160 + SECRET)[:200]) == "x" * 160 + "***"  # the 39 of 44 characters
    assert redact(f"<{SECRET[10:18]}>") == "<***>" and redact(SECRET[30:]) == "***"
    assert redact(f"{SECRET[:7]} ok") == f"{SECRET[:7]} ok"  # 7 characters: ordinary text, kept
    assert redact(f"{SECRET}{SECRET}") == "***" and redact("") == "" and Redactor(None)("x" + SECRET) == "x" + SECRET
    assert redact.value({"k": [SECRET, 1, {SECRET: None}]}) == {"k": ["***", 1, {"***": None}]}


def test_redactor_is_linear_on_a_large_text() -> None:
    redact = Redactor(SECRET)
    text = (SECRET[:12] + "-" + "ab" * 500) * 1000  # about 1 MiB with 1000 fragments
    start = time.monotonic()
    masked = redact(text)
    assert time.monotonic() - start < 2.0 and masked.count("***") == 1000 and not _fragments(masked)


def test_13_a_403_message_holding_the_token_after_160_characters_leaks_no_fragment(tmp_path) -> None:
    with FakeGitHub(token=SECRET) as fake:
        fake.state.faults = [
            Fault("403", "POST", "check-runs", message="x" * 160 + SECRET),
            Fault("422", "POST", "comments", message="y" * 190 + SECRET),
        ]
        outcome, settings, _ = _publish(tmp_path, fake, write_bundle=str(tmp_path / "bundle"))
    assert {r.channel: r.status for r in outcome.results}["comment"] == "failed"
    assert "x" * 160 + "***" in settings.log.getvalue()  # the message is still shown, masked
    assert [_fragments(text) for text in _texts(tmp_path, settings, outcome) if _fragments(text)] == []


def test_13_a_token_printed_into_the_report_is_masked_before_any_limit_cuts_it(tmp_path) -> None:
    """A pull request's test can print the token into the report; nothing we send, print or write keeps it."""
    cut = "z" * (65535 - 40) + SECRET  # the check-run summary limit falls inside the token
    notes = annotations(12)
    notes[0]["message"] = f"env: GITHUB_TOKEN={SECRET}"
    with FakeGitHub(token=SECRET) as fake:
        outcome, settings, _ = _publish(
            tmp_path, fake, report("fail.json", markdown=cut, annotations=notes, title=f"t {SECRET}")
        )
        [run] = fake.state.check_runs.values()
        sent = [str(run), str(fake.state.comments)]
    assert not outcome.failed
    assert [_fragments(text) for text in sent + _texts(tmp_path, settings, outcome) if _fragments(text)] == []


# Case 14: answers holding the token go through redaction too ------------------------------------------------
def test_14_an_html_url_holding_the_token_is_masked_in_outputs_and_logs(tmp_path) -> None:
    with FakeGitHub(token=SECRET) as fake:
        fake.state.faults = [
            Fault("tamper", "POST", "check-runs", location="https://github.invalid/{token}/runs/1"),
            Fault("tamper", "POST", "comments", location="https://github.invalid/c?t={token}"),
        ]
        outcome, settings, _ = _publish(tmp_path, fake, report("fail.json", annotations=annotations(15)))
    assert not outcome.failed
    output = (tmp_path / "github_output.txt").read_text(encoding="utf-8")
    assert "https://github.invalid/***/runs/1" in output and "https://github.invalid/c?t=***" in output
    assert "see https://github.invalid/***/runs/1" in settings.stdout.getvalue()  # the held-back note
    assert [_fragments(text) for text in _texts(tmp_path, settings, outcome) if _fragments(text)] == []


# Case 15: check what came back before saying done -----------------------------------------------------------
@pytest.mark.parametrize("status", [302, 307])
def test_15_a_redirect_to_another_host_is_neither_followed_nor_done(tmp_path, fake, status: int) -> None:
    fake.state.faults = [
        Fault("redirect", "POST", "check-runs", status=status),
        Fault("redirect", "POST", "comments", status=status),
    ]
    outcome, settings, _ = _publish(tmp_path, fake, channels=frozenset({"check", "comment", "outputs"}))
    status_of = {r.channel: r for r in outcome.results}
    assert status_of["check"].status == status_of["comment"].status == "failed"
    assert f"HTTP {status} redirect to elsewhere.invalid not followed" in status_of["check"].detail
    assert not fake.state.check_runs and not fake.state.comments.get(7)
    assert len(fake.requests("POST")) == 2  # refused at once, not retried
    assert "check-run-url<<" in (output := (tmp_path / "github_output.txt").read_text(encoding="utf-8"))
    assert "elsewhere.invalid" not in output and "comment: done" not in settings.log.getvalue()


@pytest.mark.parametrize(("kind", "says"), [("html", "not JSON"), ("empty-list", "list JSON, not the created")])
def test_15_a_200_that_is_not_the_created_object_is_not_done(tmp_path, fake, kind: str, says: str) -> None:
    fake.state.faults = [Fault(kind, "POST", "check-runs"), Fault(kind, "POST", "comments")]
    outcome, settings, _ = _publish(tmp_path, fake, channels=API)
    assert [r.status for r in outcome.results] == ["failed", "failed"], outcome
    assert all(says in r.detail for r in outcome.results), outcome
    assert "done" not in settings.log.getvalue()


@pytest.mark.parametrize("kind", ["html", "redirect"])
def test_15_a_list_answer_that_is_not_a_list_fails_the_comment(tmp_path, fake, kind: str) -> None:
    fake.state.faults = [Fault(kind, "GET", "/issues/7/comments")]
    outcome, _, _ = _publish(tmp_path, fake, channels=frozenset({"comment"}))
    assert outcome.results[0].status == "failed" and not fake.state.comments.get(7)


def test_15_an_empty_list_is_a_valid_list_answer(tmp_path, fake) -> None:
    fake.state.faults = [Fault("empty-list", "GET", "/issues/7/comments")]
    outcome, _, _ = _publish(tmp_path, fake, channels=frozenset({"comment"}))
    assert outcome.results[0].status == "done" and len(fake.state.comments[7]) == 1


# Case 16: one deadline for the whole publish ----------------------------------------------------------------
def test_16_a_slow_server_ends_at_the_deadline_and_files_still_publish(tmp_path, fake) -> None:
    fake.state.faults = [Fault("slow", None, None, times=99, delay=4.0)]
    outcome, settings, elapsed = _publish(tmp_path, fake, deadline=1.0, timeout=30)
    status = {r.channel: r.status for r in outcome.results}
    assert status == {
        "summary": "done",
        "check": "failed",
        "comment": "failed",
        "annotations": "done",
        "outputs": "done",
    }
    assert elapsed < 2.5, elapsed  # before: 14 requests x the 30 s timeout
    assert "1 s publish deadline" in settings.log.getvalue()


def test_16_a_trickled_body_ends_at_the_deadline(tmp_path, fake) -> None:
    fake.state.faults = [Fault("trickle", "GET", "/issues/7/comments", times=99, delay=0.02)]
    fake.state.seed_comments(7, 3)  # about 4 KB at 50 bytes/s: minutes without a total bound
    outcome, _, elapsed = _publish(tmp_path, fake, channels=frozenset({"comment"}), deadline=1.0, timeout=30)
    assert outcome.results[0].status == "failed" and "deadline" in outcome.results[0].detail
    assert elapsed < 2.5, elapsed


def test_16_retry_sleeps_count_against_the_deadline(tmp_path, fake) -> None:
    fake.state.faults = [Fault("secondary", "POST", "check-runs", retry_after=5)]
    sleeps: list[float] = []
    policy = RetryPolicy(backoff_base=0.01, total_wait=300.0, sleep=sleeps.append)
    outcome, _, _ = _publish(tmp_path, fake, channels=frozenset({"check"}), retry=policy, deadline=2.0)
    assert sleeps == [] and "would pass the 2 s publish deadline" in outcome.results[0].detail


def test_16_a_fast_trickle_within_the_deadline_still_publishes(tmp_path, fake) -> None:
    fake.state.faults = [Fault("trickle", "POST", "check-runs", delay=0.0005)]
    outcome, _, _ = _publish(tmp_path, fake, channels=frozenset({"check"}), deadline=20.0)
    assert outcome.results[0].status == "done" and len(fake.state.check_runs) == 1


@settings(max_examples=int(os.environ.get("QE_FUZZ_EXAMPLES", "50")), deadline=None)
@given(
    secret=st.text(alphabet=string.ascii_letters + string.digits + "_-", min_size=8, max_size=64),
    pieces=st.lists(st.one_of(st.text(max_size=40), st.tuples(st.integers(0, 63), st.integers(8, 64))), max_size=12),
)
def test_redaction_property_no_piece_of_8_survives_and_nothing_else_changes(secret, pieces) -> None:
    """Text mixed from random strings and random 8+ character slices of a random token."""
    text = "".join(p if isinstance(p, str) else secret[p[0] : p[0] + p[1]] for p in pieces)
    masked = Redactor(secret)(text)
    assert not _fragments(masked, secret) and len(masked) <= len(text)
    if not _fragments(text, secret):
        assert masked == text
