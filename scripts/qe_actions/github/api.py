"""The GitHub REST calls publishing makes, through PyGithub (imported here, and this module is imported only
when a channel needs the API), each under the retry policy, sent through our transport (deadline, answer
checks) and with the token only in the Authorization header."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from qe_actions import __version__
from qe_actions.github.context import GitHubContext
from qe_actions.github.retry import ApiError, Retrier
from qe_actions.github.settings import PublishSettings

API_VERSION = "2022-11-28"


@dataclass(frozen=True, slots=True)
class Comment:
    """An issue comment as far as the sticky comment needs it."""

    id: int
    body: str
    author: str
    author_type: str
    url: str
    handle: Any  # the PyGithub object, to edit or delete it


@dataclass(frozen=True, slots=True)
class CheckRun:
    """A check run we created: its id, page, and how many annotations GitHub holds for it."""

    id: int
    html_url: str
    annotations_count: int
    handle: Any


def _check_run(obj: Any) -> CheckRun:
    output = obj.output
    count = getattr(output, "annotations_count", None) if output is not None else None
    return CheckRun(id=obj.id, html_url=obj.html_url or "", annotations_count=int(count or 0), handle=obj)


class GitHubApi:
    """One repository, one token; every call retried by the shared Retrier."""

    def __init__(self, context: GitHubContext, settings: PublishSettings, retrier: Retrier) -> None:
        if not context.repository:
            raise ApiError("auth", "GITHUB_REPOSITORY is not set (not in GitHub Actions?)")
        if context.token is None:
            raise ApiError("auth", "no token: set GITHUB_TOKEN (or GH_TOKEN, or the action's token input)")
        from github import Auth, Github  # PyGithub: imported only when publishing (and only with a token)

        self.retrier = retrier
        self._gh = Github(
            auth=Auth.Token(context.token.reveal()),
            base_url=context.api_url,
            timeout=max(1, int(settings.timeout)),
            user_agent=f"qe-actions/{__version__}",
            per_page=100,
            retry=None,  # our Retrier owns retries, waits and their bound
            seconds_between_requests=settings.seconds_between_requests or None,
            seconds_between_writes=settings.seconds_between_writes or None,
            lazy=True,
            api_version=API_VERSION,  # GitHub asks clients to name the REST version they were written for
        )
        from qe_actions.github.transport import install

        install(self._gh.requester, retrier.deadline, settings.timeout)
        self._repo = self._gh.get_repo(context.repository)  # lazy (set on Github): no GET

    def close(self) -> None:
        self._gh.close()

    # Check runs -------------------------------------------------------------------------------------------
    def create_check_run(self, fields: dict[str, Any]) -> CheckRun:
        """POST a check run; after a dropped connection, adopt the run if GitHub created it (same external_id)."""

        def create() -> CheckRun:
            return _check_run(self._repo.create_check_run(**fields))

        def recover() -> CheckRun | None:
            return self.find_check_run(fields["head_sha"], fields["name"], fields.get("external_id"))

        return self.retrier.call("create check run", create, recover if fields.get("external_id") else None)

    def find_check_run(self, sha: str, name: str, external_id: str | None) -> CheckRun | None:
        runs = self._repo.get_commit(sha).get_check_runs(check_name=name, filter="latest")
        for run in runs:
            if external_id and run.external_id == external_id:
                return _check_run(run)
        return None

    def update_check_run(self, run: CheckRun, fields: dict[str, Any], expected_count: int) -> CheckRun:
        """PATCH a check run (annotations are appended); after a dropped connection, skip the retry when GitHub
        already counts the annotations of this request."""

        def update() -> CheckRun:
            run.handle.edit(**fields)
            return _check_run(run.handle)

        def recover() -> CheckRun | None:
            fresh = _check_run(self._repo.get_check_run(run.id))
            return fresh if fresh.annotations_count >= expected_count else None

        return self.retrier.call(f"update check run {run.id}", update, recover)

    # Issue comments ---------------------------------------------------------------------------------------
    def list_comments(self, number: int) -> list[Comment]:
        """Every comment of the issue or PR, following the Link header page by page (100 per page)."""

        def fetch() -> list[Comment]:
            return [_comment(c) for c in self._repo.get_issue(number).get_comments()]

        return self.retrier.call(f"list comments of #{number}", fetch)

    def create_comment(self, number: int, body: str, ours: Callable[[Comment], bool]) -> Comment:
        """POST a comment; after a dropped connection, adopt our comment if GitHub created it (no second POST)."""

        def create() -> Comment:
            return _comment(self._repo.get_issue(number).create_comment(body))

        def recover() -> Comment | None:
            return next((c for c in self.list_comments(number) if ours(c)), None)

        return self.retrier.call(f"create comment on #{number}", create, recover)

    def edit_comment(self, comment: Comment, body: str) -> Comment:
        def edit() -> Comment:
            comment.handle.edit(body)
            return _comment(comment.handle)

        return self.retrier.call(f"update comment {comment.id}", edit)

    def delete_comment(self, comment: Comment) -> None:
        self.retrier.call(f"delete duplicate comment {comment.id}", comment.handle.delete)

    # Pull requests ----------------------------------------------------------------------------------------
    def open_pulls_with_head(self, owner: str, branch: str) -> list[tuple[int, str]]:
        """(number, head sha) of open PRs whose head is `owner:branch` (workflow_run events omit fork PRs)."""

        def fetch() -> list[tuple[int, str]]:
            return [(p.number, p.head.sha) for p in self._repo.get_pulls(state="open", head=f"{owner}:{branch}")]

        return self.retrier.call(f"find the pull request of {owner}:{branch}", fetch)


def _comment(obj: Any) -> Comment:
    user = obj.user
    return Comment(
        id=obj.id,
        body=obj.body or "",
        author=getattr(user, "login", "") or "",
        author_type=getattr(user, "type", "") or "",
        url=obj.html_url or "",
        handle=obj,
    )
