"""The GitHub REST calls of `qe release publish`: git refs (the release tag and the moving major tag) and releases,
through the same client as publishing (PyGithub's requester under our transport: deadline, answer checks, the
token only in the Authorization header) and the same Retrier.

A ref name holds a slash (`tags/v1`); it is sent percent-encoded as one path segment (`tags%2Fv1`), as Octokit
does, so the request matches GitHub's REST description of `/git/ref/{ref}` exactly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from qe_actions.github.api import GitHubApi
from qe_actions.github.context import GitHubContext
from qe_actions.github.retry import ApiError, Retrier
from qe_actions.github.settings import PublishSettings

MAX_TAG_DEPTH = 5  # a tag of a tag of ... a commit: git allows it; five levels is more than anyone uses


@dataclass(frozen=True, slots=True)
class Release:
    """A GitHub release as far as publishing needs it."""

    id: int
    tag: str
    html_url: str
    draft: bool


def _release(data: Any) -> Release:
    return Release(
        id=int(data["id"]),
        tag=str(data.get("tag_name") or ""),
        html_url=str(data.get("html_url") or ""),
        draft=bool(data.get("draft")),
    )


class ReleaseApi(GitHubApi):
    """Refs and releases of one repository (the repository and token of GitHubApi)."""

    def __init__(self, context: GitHubContext, settings: PublishSettings, retrier: Retrier) -> None:
        super().__init__(context, settings, retrier)
        self._path = f"/repos/{context.repository}"

    def _call(self, verb: str, path: str, body: dict[str, Any] | None = None) -> Any:
        _, data = self._gh.requester.requestJsonAndCheck(verb, self._path + path, input=body)
        return data

    def ref_sha(self, ref: str) -> str | None:
        """The commit a ref (`tags/v1`) points at (through annotated tag objects), or None when it does not exist."""

        def fetch() -> str | None:
            target = self._call("GET", f"/git/ref/{quote(ref, safe='')}")["object"]
            for _ in range(MAX_TAG_DEPTH):  # an annotated tag points at a tag object: follow it to the commit
                if target.get("type") != "tag":
                    break
                target = self._call("GET", f"/git/tags/{quote(str(target['sha']), safe='')}")["object"]
            return str(target["sha"])

        try:
            return self.retrier.call(f"read ref {ref}", fetch)
        except ApiError as exc:
            if exc.kind == "not_found":
                return None
            raise

    def create_ref(self, ref: str, sha: str) -> None:
        """Create `refs/<ref>` at `sha`; after a dropped connection, accept the ref if GitHub made it."""

        def create() -> bool:
            self._call("POST", "/git/refs", {"ref": f"refs/{ref}", "sha": sha})
            return True

        def recover() -> bool | None:
            return True if self.ref_sha(ref) == sha else None

        self.retrier.call(f"create ref {ref}", create, recover)

    def move_ref(self, ref: str, sha: str) -> None:
        """Point an existing ref at `sha` (forced: a major tag moves to each release)."""

        def move() -> bool:
            self._call("PATCH", f"/git/refs/{quote(ref, safe='')}", {"sha": sha, "force": True})
            return True

        self.retrier.call(f"move ref {ref}", move)

    def release_for_tag(self, tag: str) -> Release | None:
        """The published release of `tag`, or None (drafts are not found by tag on GitHub)."""
        try:
            return self.retrier.call(
                f"read the release of {tag}",
                lambda: _release(self._call("GET", f"/releases/tags/{quote(tag, safe='')}")),
            )
        except ApiError as exc:
            if exc.kind == "not_found":
                return None
            raise

    def create_release(self, tag: str, name: str, body: str, draft: bool) -> Release:
        """Create the release of an existing tag; after a dropped connection, adopt the release if it exists."""
        fields = {"tag_name": tag, "name": name, "body": body, "draft": draft, "prerelease": False}
        if not draft:
            fields["make_latest"] = "true"

        def create() -> Release:
            return _release(self._call("POST", "/releases", fields))

        def recover() -> Release | None:
            return None if draft else self.release_for_tag(tag)

        return self.retrier.call(f"create the release {tag}", create, recover)
