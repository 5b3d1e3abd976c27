"""Where a run happened: its commit, ref, pull request, run id and attempt, and the repository's default branch.

`qe history record` and `qe gate --record` both ask these questions; answering them in one place keeps the two
records of one run identical (same run id, same default branch, hence the same retention).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from qe_actions.errors import UsageError
from qe_actions.ghevent import event_payload

GUESSED_DEFAULT = ("refs/heads/main", "refs/heads/master")  # when neither the event nor origin/HEAD says
LOCAL_RUN = "local"  # the run id of a run outside GitHub Actions


@dataclass(frozen=True, slots=True)
class RunIdentity:
    sha: str
    ref: str
    pr: int | None
    run_id: str
    attempt: int


def pr_of_ref(ref: str) -> int | None:
    """The pull request a `refs/pull/N/merge` (or `/head`) ref names; None for any other ref."""
    match = re.fullmatch(r"refs/pull/(\d+)/(?:merge|head)", ref)
    return int(match.group(1)) if match else None


def git_output(args: list[str], cwd: str) -> str:
    """`git ARGS`' stdout, stripped; "" when git fails or is missing."""
    from qe_actions.gitrun import GitError, run

    try:
        done = run(args, cwd, check=False)
    except GitError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def run_identity(
    env: Mapping[str, str], cwd: str, sha: str | None = None, ref: str | None = None, pr: int | None = None
) -> RunIdentity:
    """The given values, else the GitHub environment and event, else git; a UsageError when no commit is known."""
    sha = sha or env.get("GITHUB_SHA") or git_output(["rev-parse", "HEAD"], cwd)
    ref = ref or env.get("GITHUB_REF") or git_output(["symbolic-ref", "-q", "HEAD"], cwd) or "HEAD"
    if pr is None:
        number = (event_payload(env).get("pull_request") or {}).get("number")
        pr = number if isinstance(number, int) and not isinstance(number, bool) else pr_of_ref(ref)
    if not re.fullmatch(r"[0-9a-fA-F]{7,64}", sha or ""):
        raise UsageError("no commit to record: give --sha (GITHUB_SHA is unset and git has no HEAD here)")
    attempt = env.get("GITHUB_RUN_ATTEMPT", "1")
    return RunIdentity(
        sha=sha.lower(),
        ref=ref,
        pr=pr,
        run_id=env.get("GITHUB_RUN_ID") or LOCAL_RUN,
        attempt=int(attempt) if attempt.isdigit() and int(attempt) > 0 else 1,
    )


def default_branch(env: Mapping[str, str], cwd: str) -> str | None:
    """The repository's default branch (`main`, `release/2.x`): the event's, else origin/HEAD's; None if unknown."""
    named = (event_payload(env).get("repository") or {}).get("default_branch")
    if isinstance(named, str) and named:
        return named
    head = git_output(["symbolic-ref", "-q", "refs/remotes/origin/HEAD"], cwd)  # refs/remotes/origin/<branch>
    parts = head.split("/", 3)
    return parts[3] if len(parts) == 4 and parts[:2] == ["refs", "remotes"] else None


def default_refs(env: Mapping[str, str], cwd: str) -> tuple[str, ...]:
    """The refs of the line a pull request is compared with: its base branch, the default branch, else guesses."""
    refs: list[str] = []
    for branch in (env.get("GITHUB_BASE_REF"), default_branch(env, cwd)):
        if branch and f"refs/heads/{branch}" not in refs:
            refs.append(f"refs/heads/{branch}")
    return tuple(refs) or GUESSED_DEFAULT
