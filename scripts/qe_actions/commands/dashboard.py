"""`qe dashboard`: a static page of the history's trends (index.html + data), for file://, a data branch or Pages."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from pathlib import Path

from qe_actions.errors import UsageError
from qe_actions.numbers import bounded_int

DEFAULT_MAX_RUNS = 1000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Where the runs come from, which ones, and where the page goes."""
    parser.add_argument("--store", default=".qe/history", help="folder or git:BRANCH (default: .qe/history)")
    parser.add_argument("--output", "-o", default="qe-dashboard", metavar="DIR", help="default: qe-dashboard")
    parser.add_argument("--ref", help="only runs of this ref (default: every run that is not a pull request's)")
    parser.add_argument(
        "--max-runs", type=bounded_int, default=DEFAULT_MAX_RUNS, metavar="N", help="newest N runs (default 1000)"
    )
    parser.add_argument("--title", help="page title (default: 'Quality history' and the repository)")
    parser.add_argument(
        "--repo-url",
        metavar="URL",
        help="each point links to URL/commit/SHA (default: GITHUB_SERVER_URL/GITHUB_REPOSITORY when set)",
    )
    parser.add_argument(
        "--to-branch",
        metavar="BRANCH",
        help="also commit the page under dashboard/ on this git data branch and push it (e.g. qe-history)",
    )


def _repo_url(args: argparse.Namespace, env: Mapping[str, str]) -> str | None:
    from qe_actions.dashboard.data import check_repo_url

    given = args.repo_url
    if given is None and env.get("GITHUB_REPOSITORY"):
        given = f"{env.get('GITHUB_SERVER_URL') or 'https://github.com'}/{env['GITHUB_REPOSITORY']}"
    url = check_repo_url(given)
    if args.repo_url is not None and url is None:
        raise UsageError(f"--repo-url {args.repo_url[:80]!r}: give a plain http(s) URL like https://github.com/o/r")
    return url


def run(args: argparse.Namespace, cwd: Path | None = None, env: Mapping[str, str] | None = None) -> int:
    """Read the store, build the document, write the folder; 0 written, 3 bad usage or store."""
    from qe_actions.dashboard.data import build_document
    from qe_actions.dashboard.site import site_files, write_site
    from qe_actions.history.flaky import known_flaky
    from qe_actions.history.record import utc_now
    from qe_actions.history.store import open_store

    here = cwd or Path.cwd()
    env = dict(os.environ) if env is None else env
    if args.max_runs < 1:
        raise UsageError("--max-runs: at least 1")
    store = open_store(args.store, str(here))
    newest = store.runs(args.ref)
    if args.ref is None:
        newest = [r for r in newest if r.pr is None]
    newest = newest[: args.max_runs]
    refs = {args.ref} if args.ref else {r.ref for r in newest}
    flaky = [
        {"test_id": f.test_id, "reason": f.reason, "failures": f.failures, "runs": f.runs}
        for f in known_flaky(newest, refs).values()
    ]
    repository = env.get("GITHUB_REPOSITORY")
    title = args.title or ("Quality history" + (f": {repository}" if repository else ""))
    document = build_document(
        list(reversed(newest)), title=title, repo_url=_repo_url(args, env), generated=utc_now(), flaky=flaky
    )
    files = site_files(document)
    names = write_site(files, str(here / args.output))
    print(f"wrote {args.output}/index.html ({len(newest)} runs, {len(document['charts'])} charts; {', '.join(names)})")
    if args.to_branch:
        from qe_actions.sitebranch import publish_folder

        data = {name: text.encode("utf-8") for name, text in files.items()}
        sha = env.get("GITHUB_SHA", "")[:12]
        commit = publish_folder(args.to_branch, str(here), "dashboard", data, f"qe dashboard {sha}".strip(), env=env)
        print(f"pushed dashboard/ to {args.to_branch}" if commit else f"dashboard/ on {args.to_branch}: not changed")
    return 0
