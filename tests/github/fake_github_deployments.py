"""The fake GitHub's Deployments endpoints (deployments and their statuses), as GitHub documents them:
newest first, `sha` resolved from the ref, and `auto_inactive` marking earlier successful deployments of the
same environment `inactive` (only non-transient, non-production ones in the success state: "Create a
deployment status" docs)."""

from __future__ import annotations

import re
from typing import Any

try:
    from . import github_contract as contract
except ImportError:  # run as a script, or imported with tests/github on sys.path
    import github_contract as contract  # type: ignore[no-redef]

_HEX40 = re.compile(r"[0-9a-f]{40}")
CREATOR = {"login": "github-actions[bot]", "type": "Bot", "id": 41898282}


def _time(n: int) -> str:
    """A strictly increasing timestamp per object created (one second apart)."""
    return f"2026-01-01T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}Z"


class DeploymentEndpoints:
    """Mixed into the fake's Api: `self.s` is its State; deployments live in `self.s.deployments`."""

    s: Any

    def _store(self) -> list[dict[str, Any]]:
        return self.s.__dict__.setdefault("deployments", [])

    def _clock(self) -> int:
        self.s.__dict__["deploy_clock"] = self.s.__dict__.get("deploy_clock", 0) + 1
        return int(self.s.__dict__["deploy_clock"])

    def _deploy_shape(self, schema: str, overlay: dict[str, Any]) -> dict[str, Any]:
        return contract.rest_instance(schema, overlay, self.s.description) if self.s.contract else overlay

    def _creator(self) -> dict[str, Any]:
        return self._deploy_shape("simple-user", {**CREATOR, "url": f"{self.s.base}/users/github-actions%5Bbot%5D"})

    def deployment_json(self, item: dict[str, Any]) -> dict[str, Any]:
        url = f"{self.s.base}/repos/{self.s.repo}/deployments/{item['id']}"
        overlay = {
            "id": item["id"],
            "node_id": f"DE_{item['id']}",
            "url": url,
            "sha": item["sha"],
            "ref": item["ref"],
            "task": item["task"],
            "payload": item["payload"],
            "environment": item["environment"],
            "original_environment": item["environment"],
            "description": item["description"],
            "creator": self._creator(),
            "created_at": item["created_at"],
            "updated_at": item["created_at"],
            "statuses_url": url + "/statuses",
            "repository_url": f"{self.s.base}/repos/{self.s.repo}",
            "transient_environment": item["transient"],
            "production_environment": item["production"],
        }
        return self._deploy_shape("deployment", overlay)

    def status_json(self, item: dict[str, Any], status: dict[str, Any]) -> dict[str, Any]:
        url = f"{self.s.base}/repos/{self.s.repo}/deployments/{item['id']}"
        overlay = {
            "id": status["id"],
            "node_id": f"DES_{status['id']}",
            "url": f"{url}/statuses/{status['id']}",
            "state": status["state"],
            "creator": self._creator(),
            "description": status["description"],
            "environment": item["environment"],
            "target_url": status["target_url"],
            "log_url": status["log_url"],
            "environment_url": status["environment_url"],
            "created_at": status["created_at"],
            "updated_at": status["created_at"],
            "deployment_url": url,
            "repository_url": f"{self.s.base}/repos/{self.s.repo}",
        }
        return self._deploy_shape("deployment-status", overlay)

    def _find(self, deployment_id: str) -> dict[str, Any] | None:
        return next((d for d in self._store() if d["id"] == int(deployment_id)), None)

    def create_deployment(self, params: dict[str, str], query: Any, body: dict[str, Any]):
        if "no_deployments" in self.s.permissions:
            return 403, None, {}
        ref = body["ref"]
        sha = ref if _HEX40.fullmatch(ref) else self.s.__dict__.get("refs", {}).get(ref)
        if sha is None:
            return 422, {"message": f"No ref found for: {ref}"}, {}
        environment = body.get("environment", "production")
        item = {
            "id": self.s.new_id(),
            "sha": sha,
            "ref": ref,
            "task": body.get("task", "deploy"),
            "payload": body.get("payload") or {},
            "environment": environment,
            "description": body.get("description"),
            "created_at": _time(self._clock()),
            "transient": bool(body.get("transient_environment", False)),
            "production": bool(body.get("production_environment", environment == "production")),
            "statuses": [],
        }
        self._store().append(item)
        return 201, self.deployment_json(item), {}

    def list_deployments(self, params: dict[str, str], query: dict[str, list[str]], body: Any):
        wanted = {k: (query.get(k) or [None])[0] for k in ("sha", "ref", "task", "environment")}
        items = [d for d in reversed(self._store()) if all(v is None or d[k] == v for k, v in wanted.items())]
        per_page = int((query.get("per_page") or ["30"])[0])
        page = int((query.get("page") or ["1"])[0])
        return 200, [self.deployment_json(d) for d in items[(page - 1) * per_page : page * per_page]], {}

    def get_deployment(self, params: dict[str, str], query: Any, body: Any):
        item = self._find(params["deployment_id"])
        return (404, None, {}) if item is None else (200, self.deployment_json(item), {})

    def create_deployment_status(self, params: dict[str, str], query: Any, body: dict[str, Any]):
        item = self._find(params["deployment_id"])
        if item is None:
            return 404, None, {}
        status = self._add_status(item, body["state"], body)
        if body["state"] == "success" and body.get("auto_inactive", True):
            for other in self._store():
                done = [s["state"] for s in other["statuses"]]
                if (
                    other is not item
                    and other["environment"] == item["environment"]
                    and not other["transient"]
                    and not other["production"]
                    and done
                    and done[-1] == "success"
                ):
                    self._add_status(other, "inactive", {"description": "auto_inactive"})
        return 201, self.status_json(item, status), {}

    def _add_status(self, item: dict[str, Any], state: str, body: dict[str, Any]) -> dict[str, Any]:
        status = {
            "id": self.s.new_id(),
            "state": state,
            "description": body.get("description") or "",
            "target_url": body.get("target_url") or body.get("log_url") or "",
            "log_url": body.get("log_url") or "",
            "environment_url": body.get("environment_url") or "",
            "created_at": _time(self._clock()),
        }
        item["statuses"].append(status)
        return status

    def list_deployment_statuses(self, params: dict[str, str], query: dict[str, list[str]], body: Any):
        item = self._find(params["deployment_id"])
        if item is None:
            return 404, None, {}
        per_page = int((query.get("per_page") or ["30"])[0])
        page = int((query.get("page") or ["1"])[0])
        newest = list(reversed(item["statuses"]))[(page - 1) * per_page : page * per_page]
        return 200, [self.status_json(item, s) for s in newest], {}


_REPO = r"/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)"
DEPLOYMENT_ROUTES = [
    ("POST", _REPO + r"/deployments", "create_deployment"),
    ("GET", _REPO + r"/deployments", "list_deployments"),
    ("GET", _REPO + r"/deployments/(?P<deployment_id>\d+)", "get_deployment"),
    ("POST", _REPO + r"/deployments/(?P<deployment_id>\d+)/statuses", "create_deployment_status"),
    ("GET", _REPO + r"/deployments/(?P<deployment_id>\d+)/statuses", "list_deployment_statuses"),
]


def seed_deployment(
    state: Any, sha: str, environment: str, states: list[str], ref: str | None = None, production: bool = False
) -> int:
    """An earlier deployment with its statuses (oldest first), as if another run had made it."""
    endpoints = DeploymentEndpoints()
    endpoints.s = state
    if ref:
        state.__dict__.setdefault("refs", {})[ref] = sha
    status, data, _ = endpoints.create_deployment(
        {}, {}, {"ref": ref or sha, "environment": environment, "production_environment": production}
    )
    assert status == 201, data
    item = endpoints._find(str(data["id"]))
    assert item is not None
    item["sha"] = sha
    for name in states:
        endpoints._add_status(item, name, {"description": f"seeded {name}"})
    return int(data["id"])
