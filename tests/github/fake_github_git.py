"""The fake GitHub's git refs and releases (for `qe release publish`): create, read and move tag refs, create
releases and find them by tag, with GitHub's answers to a ref that exists, a release that exists and a token
without `contents: write`. Hooked into fake_github_state.Api and its ROUTES."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote

try:
    from . import github_contract as contract
except ImportError:  # run as a script, or imported with tests/github on sys.path
    import github_contract as contract  # type: ignore[no-redef]

REPO = r"/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)"
# A ref is one path segment (`tags%2Fv1`, as Octokit sends it); the contract check refuses a raw slash there.
GIT_ROUTES = [
    ("GET", REPO + r"/git/ref/(?P<ref>[^/]+)", "get_git_ref"),
    ("POST", REPO + r"/git/refs", "create_git_ref"),
    ("PATCH", REPO + r"/git/refs/(?P<ref>[^/]+)", "update_git_ref"),
    ("GET", REPO + r"/git/tags/(?P<tag_sha>[0-9a-f]{40})", "get_git_tag"),
    ("GET", REPO + r"/releases/tags/(?P<tag>[^/]+)", "get_release_by_tag"),
    ("POST", REPO + r"/releases", "create_release"),
]


def git_data(state: Any) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """The refs (`refs/tags/v1` -> sha) and releases of the fake repository, made on first use; annotated tag
    objects are `state.git_tags` (tag object sha -> (tag name, the commit it points at))."""
    if not hasattr(state, "git_refs"):
        state.git_refs, state.releases = {}, []
    if not hasattr(state, "git_tags"):
        state.git_tags = {}
    return state.git_refs, state.releases


class GitEndpoints:
    """Mixed into the fake's Api (which provides `self.s`, the State)."""

    s: Any

    def _shape(self, schema: str, overlay: dict[str, Any]) -> dict[str, Any]:
        return contract.rest_instance(schema, overlay, self.s.description) if self.s.contract else overlay

    def _git_ref(self, ref: str, sha: str) -> dict[str, Any]:
        url = f"{self.s.base}/repos/{self.s.repo}/git/{quote(ref, safe='/')}"
        kind = "tag" if sha in self.s.git_tags else "commit"
        return self._shape(
            "git-ref",
            {
                "ref": ref,
                "node_id": f"REF_{ref}",
                "url": url,
                "object": {"type": kind, "sha": sha, "url": f"{self.s.base}/repos/{self.s.repo}/git/{kind}s/{sha}"},
            },
        )

    def get_git_tag(self, params: dict[str, str], query: Any, body: Any):
        git_data(self.s)
        found = self.s.git_tags.get(params["tag_sha"])
        if found is None:
            return 404, None, {}
        name, commit = found
        base = f"{self.s.base}/repos/{self.s.repo}/git"
        return (
            200,
            self._shape(
                "git-tag",
                {
                    "sha": params["tag_sha"],
                    "tag": name,
                    "message": f"release {name}",
                    "node_id": f"TAG_{name}",
                    "url": f"{base}/tags/{params['tag_sha']}",
                    "object": {"type": "commit", "sha": commit, "url": f"{base}/commits/{commit}"},
                },
            ),
            {},
        )

    def _release(self, item: dict[str, Any]) -> dict[str, Any]:
        base = f"{self.s.base}/repos/{self.s.repo}/releases/{item['id']}"
        return self._shape(
            "release",
            {
                "id": item["id"],
                "tag_name": item["tag_name"],
                "name": item["name"],
                "body": item["body"],
                "draft": item["draft"],
                "prerelease": item["prerelease"],
                "target_commitish": "main",
                "url": base,
                "html_url": f"http://github.invalid/{self.s.repo}/releases/tag/{quote(item['tag_name'])}",
                "assets_url": base + "/assets",
                "upload_url": base + "/assets{?name,label}",
                "published_at": None if item["draft"] else "2026-01-01T00:00:00Z",
                "assets": [],
            },
        )

    def _writable(self) -> bool:
        return "contents" in self.s.permissions

    def get_git_ref(self, params: dict[str, str], query: Any, body: Any):
        refs, _ = git_data(self.s)  # also makes git_tags
        name = "refs/" + unquote(params["ref"])
        return (200, self._git_ref(name, refs[name]), {}) if name in refs else (404, None, {})

    def create_git_ref(self, params: dict[str, str], query: Any, body: dict[str, Any]):
        if not self._writable():
            return 403, None, {}
        refs, _ = git_data(self.s)
        name = body["ref"]
        if not name.startswith("refs/") or name.count("/") < 2:
            return 422, {"message": "Reference name must start with 'refs/' and have at least two slashes."}, {}
        if name in refs:
            return 422, {"message": "Reference already exists"}, {}
        refs[name] = body["sha"]
        return 201, self._git_ref(name, body["sha"]), {}

    def update_git_ref(self, params: dict[str, str], query: Any, body: dict[str, Any]):
        if not self._writable():
            return 403, None, {}
        refs, _ = git_data(self.s)
        name = "refs/" + unquote(params["ref"])
        if name not in refs:
            return 422, {"message": "Reference does not exist"}, {}
        if refs[name] != body["sha"] and not body.get("force"):
            return 422, {"message": "Update is not a fast forward"}, {}  # the fake keeps no history: force it
        refs[name] = body["sha"]
        return 200, self._git_ref(name, body["sha"]), {}

    def get_release_by_tag(self, params: dict[str, str], query: Any, body: Any):
        _, releases = git_data(self.s)
        tag = unquote(params["tag"])
        found = [r for r in releases if r["tag_name"] == tag and not r["draft"]]
        return (200, self._release(found[0]), {}) if found else (404, None, {})

    def create_release(self, params: dict[str, str], query: Any, body: dict[str, Any]):
        if not self._writable():
            return 403, None, {}
        refs, releases = git_data(self.s)
        tag = body["tag_name"]
        if any(r["tag_name"] == tag and not r["draft"] for r in releases):
            return (
                422,
                {
                    "message": "Validation Failed",
                    "errors": [{"resource": "Release", "code": "already_exists", "field": "tag_name"}],
                },
                {},
            )
        item = {
            "id": self.s.new_id(),
            "tag_name": tag,
            "name": body.get("name") or tag,
            "body": body.get("body"),
            "draft": bool(body.get("draft")),
            "prerelease": bool(body.get("prerelease")),
            "make_latest": body.get("make_latest"),
        }
        if not item["draft"] and f"refs/tags/{tag}" not in refs:
            refs[f"refs/tags/{tag}"] = body.get("target_commitish") or "0" * 40  # GitHub tags the default branch
        releases.append(item)
        return 201, self._release(item), {}
