"""Publishing cost: HTTP requests and time for a gate with 1,000 annotations on a PR with 250 comments.

    python bench/bench_publish.py [--annotations 1000] [--comments 250] [--runs 3] [--contract]

Runs against the fake GitHub server on 127.0.0.1 (tests/github/fake_github.py; `--contract` also checks every
request against GitHub's REST description, which the server then spends most of the time on). Compared in one
run with the same job written with PyGithub's defaults (`per_page` 30, its built-in pacing switched off for the
timing), and with the least possible number (1 + ceil(annotations / 50) for the check run, comment pages + 1 write).
The pacing GitHub recommends (PyGithub's default: 1 s between writes) is reported apart: it is waiting, not work.
"""

from __future__ import annotations

import argparse
import io
import math
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "github"))
sys.path.insert(0, str(ROOT / "scripts"))

from fake_github import FakeGitHub  # noqa: E402
from fake_github_state import BOT  # noqa: E402
from publish_fixtures import EVENTS, TOKEN, annotations, report  # noqa: E402

from qe_actions.github.api import API_VERSION  # noqa: E402
from qe_actions.github.comment import marker  # noqa: E402
from qe_actions.github.publish import publish_report  # noqa: E402
from qe_actions.github.settings import PublishSettings  # noqa: E402


def _server(comments: int, contract: bool) -> FakeGitHub:
    fake = FakeGitHub(contract_checks=contract)
    fake.state.seed_comments(7, comments - 1)
    fake.state.seed_comments(7, 1, author=BOT, body=marker("qe") + "\nprevious")
    return fake


def _env(api_url: str, event: Path) -> dict[str, str]:
    return {
        "GITHUB_REPOSITORY": "octo/repo",
        "GITHUB_API_URL": api_url,
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_SHA": "c" * 40,
    }


def run_qe(data: dict, comments: int, contract: bool) -> tuple[int, float]:
    with _server(comments, contract) as fake:
        settings = PublishSettings(
            env=_env(fake.api_url, EVENTS / "pull_request.json"),
            channels=frozenset({"check", "comment"}),
            seconds_between_requests=0,
            seconds_between_writes=0,
            stdout=io.StringIO(),
            log=io.StringIO(),
        )
        start = time.perf_counter()
        outcome = publish_report(data, settings)
        elapsed = time.perf_counter() - start
        assert not outcome.failed, outcome
        return len(fake.state.received), elapsed


def run_pygithub_defaults(data: dict, comments: int, contract: bool) -> tuple[int, float]:
    """The same job as a PyGithub user writes it with the library's defaults (30 per page)."""
    from github import Auth, Github

    notes = [
        {
            "path": a["path"],
            "start_line": a["start_line"],
            "end_line": a["end_line"],
            "annotation_level": a["level"],
            "message": a["message"],
            "title": a["title"],
        }
        for a in data["annotations"]
    ]
    with _server(comments, contract) as fake:
        start = time.perf_counter()
        # The version header is not a PyGithub default, but the fake server (like GitHub's guidance) asks for it.
        gh = Github(
            auth=Auth.Token(TOKEN),
            base_url=fake.api_url,
            seconds_between_requests=None,
            seconds_between_writes=None,
            lazy=True,
            api_version=API_VERSION,
        )
        repo = gh.get_repo("octo/repo")
        output = {"title": data["title"], "summary": data["markdown"]}
        run = repo.create_check_run(
            "qe-actions", "a" * 40, conclusion="failure", output={**output, "annotations": notes[:50]}
        )
        for i in range(50, len(notes), 50):
            run.edit(output={**output, "annotations": notes[i : i + 50]})
        issue = repo.get_issue(7)
        mine = [c for c in issue.get_comments() if c.body.startswith(marker("qe"))]
        mine[0].edit(marker("qe") + "\n" + data["markdown"]) if mine else issue.create_comment(data["markdown"])
        elapsed = time.perf_counter() - start
        gh.close()
        return len(fake.state.received), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=250)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--contract", action="store_true", help="also check requests against the REST description")
    args = parser.parse_args()
    data = report("fail.json", annotations=annotations(args.annotations))
    minimum = 1 + math.ceil(args.annotations / 50) + math.ceil(args.comments / 100) + 1
    jobs = (("qe-actions", run_qe), ("PyGithub defaults", run_pygithub_defaults))
    for _, job in jobs:  # warm-up: imports, the REST description, connection code paths
        job(data, args.comments, args.contract)
    results: dict[str, list[tuple[int, float]]] = {name: [] for name, _ in jobs}
    for _ in range(args.runs):  # interleaved, so load on the machine hits both alike
        for name, job in jobs:
            results[name].append(job(data, args.comments, args.contract))
    rows = [(name, runs[0][0], statistics.median(t for _, t in runs)) for name, runs in results.items()]
    print(
        f"{args.annotations} annotations, PR with {args.comments} comments (ours on the last page), "
        f"median of {args.runs} runs, fake server on 127.0.0.1, contract checks {'on' if args.contract else 'off'}"
    )
    print(f"least possible: {minimum} requests (1 + ceil(n/50) check run, ceil(comments/100) pages + 1 write)")
    print(f"{'':20} {'requests':>9} {'vs minimum':>11} {'time':>9} {'time ratio':>11}")
    base_time = rows[0][2]
    for name, requests, elapsed in rows:
        ratio = elapsed / base_time
        print(f"{name:20} {requests:9d} {requests / minimum:10.2f}x {elapsed * 1000:7.0f}ms {ratio:10.2f}x")
    writes = math.ceil(args.annotations / 50) + 1
    print(
        f"with GitHub's recommended pacing (1 s between writes, PyGithub's default) add about {writes - 1} s "
        f"to either ({writes} writes)"
    )


if __name__ == "__main__":
    main()
