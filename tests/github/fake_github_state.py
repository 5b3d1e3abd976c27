"""The fake GitHub's repository state, fault script, request log and endpoints (served by fake_github.py)."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import quote

try:
    from . import github_contract as contract
    from .fake_github_deployments import DEPLOYMENT_ROUTES, DeploymentEndpoints
    from .fake_github_git import GIT_ROUTES, GitEndpoints
except ImportError:  # run as a script, or imported with tests/github on sys.path
    import github_contract as contract  # type: ignore[no-redef]
    from fake_github_deployments import DEPLOYMENT_ROUTES, DeploymentEndpoints  # type: ignore[no-redef]
    from fake_github_git import GIT_ROUTES, GitEndpoints  # type: ignore[no-redef]

BOT = {"login": "github-actions[bot]", "type": "Bot", "id": 41898282}
STATUS_TEXT = {
    401: "Bad credentials",
    403: "Resource not accessible by integration",
    404: "Not Found",
    422: "Validation Failed",
    500: "Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}
# Limits GitHub enforces beyond the schema (documented in the REST docs and seen in 422 answers).
BODY_MAX_CHARS = 65536
SUMMARY_MAX_BYTES = 65535
TITLE_MAX = 255
DETAILS_MAX_BYTES = 64 * 1024


@dataclass
class Fault:
    """Answer the next `times` requests that match (method and a regex on the path) with `kind`:
    500/502/503/422/403 (status), `secondary` (403 + retry-after), `primary` (403, x-ratelimit-remaining 0),
    `reset` (drop the connection before acting) or `reset-after` (act, then drop the connection).
    Hostile answers (issue 12): `redirect` (`status` 302/307 to `location` on another host, nothing done),
    `html` (200 with an HTML page), `empty-list` (200 with `[]`), `slow` (act, answer after `delay` s),
    `trickle` (act, send the body one byte every `delay` s), `tamper` (act, answer with `html_url` set to
    `location` formatted with the token). `message` replaces GitHub's text in a status fault."""

    kind: str
    method: str | None = None
    path: str | None = None
    times: int = 1
    retry_after: int = 1
    reset_in: int = 2
    skip: int = 0  # let this many matching requests through first (e.g. fail page 2, not page 1)
    status: int = 302
    location: str = "http://elsewhere.invalid/landing"
    delay: float = 0.0
    message: str | None = None

    def matches(self, method: str, path: str) -> bool:
        return self.times > 0 and (self.method in (None, method)) and (self.path is None or re.search(self.path, path))


@dataclass
class Received:
    """One request as the server saw it (the Authorization header is never kept)."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    status: int = 0
    fault: str | None = None
    violations: list[str] = field(default_factory=list)


class State:
    """Repository contents and the request log, shared by the handler threads."""

    def __init__(
        self,
        repo: str = "octo/repo",
        token: str = "test-token",
        prefix: str = "",
        permissions: tuple[str, ...] = ("checks", "pull_requests", "issues"),
        record: str | None = None,
        contract_checks: bool = True,
        description: str | None = None,
    ):
        self.repo, self.token, self.prefix = repo, token, prefix.rstrip("/")
        self.permissions = set(permissions)
        self.check_runs: dict[int, dict[str, Any]] = {}
        self.comments: dict[int, list[dict[str, Any]]] = {}
        self.pulls: list[dict[str, Any]] = []
        self.faults: list[Fault] = []
        self.received: list[Received] = []
        self.record = record
        # The REST description to check against: GitHub Enterprise Server's under /api/v3, else github.com's.
        self.description = description or (contract.GHES if self.prefix == "/api/v3" else contract.DOTCOM)
        self.contract = contract_checks and contract.available(self.description)
        self.lock = threading.Lock()
        self.next_id = 1000
        self.base = ""

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def take_fault(self, method: str, path: str) -> Fault | None:
        for fault in self.faults:
            if fault.matches(method, path):
                if fault.skip > 0:
                    fault.skip -= 1
                    return None
                fault.times -= 1
                return fault
        return None

    def log(self, item: Received) -> None:
        self.received.append(item)
        if self.record:
            with open(self.record, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(asdict(item)) + "\n")

    @property
    def violations(self) -> list[str]:
        return [f"{r.method} {r.path}: {v}" for r in self.received for v in r.violations]

    def seed_comments(
        self, number: int, count: int, author: dict[str, Any] | None = None, body: str = "an earlier comment {i}"
    ) -> None:
        user = author or {"login": "alice", "type": "User", "id": 7}
        for i in range(count):
            self.comments.setdefault(number, []).append(
                {"id": self.new_id(), "body": body.format(i=i), "user": dict(user)}
            )

    def add_pull(self, number: int, head_sha: str, head_owner: str, head_ref: str, state: str = "open") -> None:
        self.pulls.append({"number": number, "sha": head_sha, "owner": head_owner, "ref": head_ref, "state": state})


def _shape(schema: str, overlay: dict[str, Any], state: State) -> dict[str, Any]:
    return contract.rest_instance(schema, overlay, state.description) if state.contract else overlay


class Api(DeploymentEndpoints, GitEndpoints):  # deployments; git refs and releases (fake_github_git.py)
    """The endpoints: each takes (state, params, query, body) and returns (status, payload, headers)."""

    def __init__(self, state: State) -> None:
        self.s = state

    def _user(self, user: dict[str, Any]) -> dict[str, Any]:
        return _shape("simple-user", {**user, "url": f"{self.s.base}/users/{quote(user['login'])}"}, self.s)

    def check_run(self, run: dict[str, Any]) -> dict[str, Any]:
        url = f"{self.s.base}/repos/{self.s.repo}/check-runs/{run['id']}"
        overlay = {
            "id": run["id"],
            "name": run["name"],
            "head_sha": run["head_sha"],
            "url": url,
            "html_url": f"http://github.invalid/{self.s.repo}/runs/{run['id']}",
            "details_url": run.get("details_url"),
            "external_id": run.get("external_id"),
            "status": run.get("status", "queued"),
            "conclusion": run.get("conclusion"),
            "started_at": "2026-01-01T00:00:00Z",
            "completed_at": run.get("completed_at"),
            "output": {
                "title": run.get("title"),
                "summary": run.get("summary"),
                "text": None,
                "annotations_count": len(run["annotations"]),
                "annotations_url": url + "/annotations",
            },
            "pull_requests": [],
        }
        return _shape("check-run", overlay, self.s)

    def comment(self, number: int, item: dict[str, Any]) -> dict[str, Any]:
        overlay = {
            "id": item["id"],
            "node_id": f"IC_{item['id']}",
            "body": item["body"],
            "user": self._user(item["user"]),
            "url": f"{self.s.base}/repos/{self.s.repo}/issues/comments/{item['id']}",
            "html_url": f"http://github.invalid/{self.s.repo}/pull/{number}#issuecomment-{item['id']}",
            "issue_url": f"{self.s.base}/repos/{self.s.repo}/issues/{number}",
            "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00Z",
        }
        return _shape("issue-comment", overlay, self.s)

    def _limits(self, body: dict[str, Any]) -> list[str]:
        output = body.get("output") or {}
        problems = []
        for key in ("summary", "text"):
            if isinstance(output.get(key), str) and len(output[key].encode("utf-8")) > SUMMARY_MAX_BYTES:
                problems.append(f"output.{key} exceeds a maximum bytesize of {SUMMARY_MAX_BYTES}")
        for note in output.get("annotations") or []:
            if not isinstance(note, dict):
                continue
            if len(note.get("title") or "") > TITLE_MAX:
                problems.append(f"annotation title longer than {TITLE_MAX} characters")
            for key in ("message", "raw_details"):
                text = note.get(key) or ""
                if len(text.encode("utf-8", "surrogatepass")) > DETAILS_MAX_BYTES:
                    problems.append(f"annotation {key} larger than 64 KB")
                if any(ord(ch) > 0xFFFF for ch in text + (note.get("title") or "")):
                    problems.append("annotation holds characters above U+FFFF")
            if "start_column" in note and note.get("start_line") != note.get("end_line"):
                problems.append("start_column given although start_line != end_line")
        return problems

    def create_check_run(self, params: dict[str, str], query: Any, body: dict[str, Any]):
        if "checks" not in self.s.permissions:
            return 403, None, {}
        run = {
            "id": self.s.new_id(),
            "annotations": [],
            **{
                k: body.get(k)
                for k in ("name", "head_sha", "status", "conclusion", "details_url", "external_id", "completed_at")
            },
        }
        return self._apply_output(run, body, 201)

    def _apply_output(self, run: dict[str, Any], body: dict[str, Any], status: int):
        problems = self._limits(body)
        if problems:
            return 422, {"message": "Validation Failed", "errors": problems}, {}
        for key in ("status", "conclusion", "details_url", "external_id", "name"):
            if body.get(key) is not None:
                run[key] = body[key]
        if run.get("conclusion") and not run.get("completed_at"):
            run["status"], run["completed_at"] = "completed", "2026-01-01T00:00:01Z"
        output = body.get("output") or {}
        run["title"], run["summary"] = output.get("title", run.get("title")), output.get("summary", run.get("summary"))
        run["annotations"].extend(output.get("annotations") or [])
        self.s.check_runs[run["id"]] = run
        return status, self.check_run(run), {}

    def update_check_run(self, params: dict[str, str], query: Any, body: dict[str, Any]):
        run = self.s.check_runs.get(int(params["check_run_id"]))
        if run is None:
            return 404, None, {}
        if "checks" not in self.s.permissions:
            return 403, None, {}
        return self._apply_output(run, body, 200)

    def get_check_run(self, params: dict[str, str], query: Any, body: Any):
        run = self.s.check_runs.get(int(params["check_run_id"]))
        return (404, None, {}) if run is None else (200, self.check_run(run), {})

    def list_check_runs_for_ref(self, params: dict[str, str], query: dict[str, list[str]], body: Any):
        name = (query.get("check_name") or [None])[0]
        runs = [
            self.check_run(r)
            for r in self.s.check_runs.values()
            if r["head_sha"] == params["ref"] and (name is None or r["name"] == name)
        ]
        return 200, {"total_count": len(runs), "check_runs": runs}, {}

    def list_comments(self, params: dict[str, str], query: dict[str, list[str]], body: Any):
        number = int(params["issue_number"])
        items = self.s.comments.get(number, [])
        per_page = int((query.get("per_page") or ["30"])[0])
        page = int((query.get("page") or ["1"])[0])
        chunk = items[(page - 1) * per_page : page * per_page]
        last = max(1, -(-len(items) // per_page))
        links = []
        url = f"{self.s.base}/repos/{self.s.repo}/issues/{number}/comments?per_page={per_page}&page="
        if page < last:
            links += [f'<{url}{page + 1}>; rel="next"', f'<{url}{last}>; rel="last"']
        if page > 1:
            links += [f'<{url}1>; rel="first"', f'<{url}{page - 1}>; rel="prev"']
        headers = {"Link": ", ".join(links)} if links else {}
        return 200, [self.comment(number, c) for c in chunk], headers

    def _comment_write_refused(self, body: dict[str, Any]):
        """GitHub's answer to a comment write without the permission or with a body over the limit (else None)."""
        if not self.s.permissions & {"pull_requests", "issues"}:
            return 403, None, {}
        if len(body.get("body", "")) > BODY_MAX_CHARS:
            return 422, {"message": f"Body is too long (maximum is {BODY_MAX_CHARS} characters)"}, {}
        return None

    def create_comment(self, params: dict[str, str], query: Any, body: dict[str, Any]):
        refused = self._comment_write_refused(body)
        if refused:
            return refused
        number = int(params["issue_number"])
        item = {"id": self.s.new_id(), "body": body["body"], "user": dict(BOT)}
        self.s.comments.setdefault(number, []).append(item)
        return 201, self.comment(number, item), {}

    def _find_comment(self, comment_id: int) -> tuple[int, dict[str, Any]] | None:
        for number, items in self.s.comments.items():
            for item in items:
                if item["id"] == comment_id:
                    return number, item
        return None

    def update_comment(self, params: dict[str, str], query: Any, body: dict[str, Any]):
        found = self._find_comment(int(params["comment_id"]))
        if found is None:
            return 404, None, {}
        refused = self._comment_write_refused(body)
        if refused:
            return refused
        found[1]["body"] = body["body"]
        return 200, self.comment(*found), {}

    def delete_comment(self, params: dict[str, str], query: Any, body: Any):
        found = self._find_comment(int(params["comment_id"]))
        if found is None:
            return 404, None, {}
        self.s.comments[found[0]].remove(found[1])
        return 204, None, {}

    def list_pulls(self, params: dict[str, str], query: dict[str, list[str]], body: Any):
        state = (query.get("state") or ["open"])[0]
        head = (query.get("head") or [None])[0]
        out = []
        for pull in self.s.pulls:
            if state != "all" and pull["state"] != state:
                continue
            if head is not None and head != f"{pull['owner']}:{pull['ref']}":
                continue
            overlay = {
                "number": pull["number"],
                "state": pull["state"],
                "url": f"{self.s.base}/repos/{self.s.repo}/pulls/{pull['number']}",
                "head": {"sha": pull["sha"], "ref": pull["ref"], "label": f"{pull['owner']}:{pull['ref']}"},
            }
            out.append(_shape("pull-request-simple", overlay, self.s))
        return 200, out, {}


REPO = r"/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)"
ROUTES = [
    ("POST", REPO + r"/check-runs", "create_check_run"),
    ("PATCH", REPO + r"/check-runs/(?P<check_run_id>\d+)", "update_check_run"),
    ("GET", REPO + r"/check-runs/(?P<check_run_id>\d+)", "get_check_run"),
    ("GET", REPO + r"/commits/(?P<ref>[^/]+)/check-runs", "list_check_runs_for_ref"),
    ("GET", REPO + r"/issues/(?P<issue_number>\d+)/comments", "list_comments"),
    ("POST", REPO + r"/issues/(?P<issue_number>\d+)/comments", "create_comment"),
    ("PATCH", REPO + r"/issues/comments/(?P<comment_id>\d+)", "update_comment"),
    ("DELETE", REPO + r"/issues/comments/(?P<comment_id>\d+)", "delete_comment"),
    ("GET", REPO + r"/pulls", "list_pulls"),
    *DEPLOYMENT_ROUTES,
    *GIT_ROUTES,
]


def _route(method: str, path: str) -> tuple[str, dict[str, str]] | None:
    for verb, pattern, name in ROUTES:
        match = re.fullmatch(pattern, path)
        if verb == method and match:
            return name, match.groupdict()
    return None
