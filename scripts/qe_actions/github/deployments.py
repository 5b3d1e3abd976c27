"""GitHub's Deployments API for `qe deploy`: create a deployment, add statuses, read an environment's history
and the commit's gate check run; through PyGithub's requester (our transport: deadline, answer checks) under
the shared Retrier, so a dropped POST is looked up before it is sent again (no duplicate deployment or status)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from qe_actions import __version__
from qe_actions.deploy.model import Deployment, Status
from qe_actions.github.context import GitHubContext
from qe_actions.github.deadline import Deadline
from qe_actions.github.retry import ApiError, Retrier
from qe_actions.github.settings import RetryPolicy

API_VERSION = "2022-11-28"
HISTORY_PAGE = 100  # deployments of an environment read for a rollback target (newest first)


def _deployment(data: Any) -> Deployment:
    payload = data.get("payload")
    return Deployment(
        id=int(data["id"]),
        sha=str(data.get("sha") or ""),
        ref=str(data.get("ref") or ""),
        environment=str(data.get("environment") or ""),
        created_at=str(data.get("created_at") or ""),
        payload=payload if isinstance(payload, dict) else {},
    )


def _status(data: Any) -> Status:
    return Status(
        id=int(data["id"]),
        state=str(data.get("state") or ""),
        description=str(data.get("description") or ""),
        environment_url=str(data.get("environment_url") or ""),
    )


class DeploymentsApi:
    """One repository, one token, one deadline for every request and retry wait of a deploy."""

    def __init__(
        self,
        context: GitHubContext,
        policy: RetryPolicy,
        deadline: float = 300.0,
        timeout: float = 30.0,
        seconds_between_writes: float = 1.0,
    ) -> None:
        if not context.repository:
            raise ApiError("auth", "GITHUB_REPOSITORY is not set (not in GitHub Actions?)")
        if context.token is None:
            raise ApiError("auth", "no token: set GITHUB_TOKEN (or the action's token input)")
        from github import Auth, Github  # PyGithub, imported only when deploying

        self.retrier = Retrier(policy, Deadline(deadline), redact=context.token.redact)
        self._gh = Github(
            auth=Auth.Token(context.token.reveal()),
            base_url=context.api_url,
            timeout=max(1, int(timeout)),
            user_agent=f"qe-actions/{__version__}",
            retry=None,  # the Retrier owns retries
            seconds_between_requests=0.25 if seconds_between_writes else None,  # GitHub's secondary-limit advice
            seconds_between_writes=seconds_between_writes or None,
            lazy=True,
            api_version=API_VERSION,
        )
        from qe_actions.github.transport import install

        install(self._gh.requester, self.retrier.deadline, timeout)
        self._base = f"{context.api_url}/repos/{context.repository}"

    def close(self) -> None:
        self._gh.close()

    def _call(self, verb: str, path: str, parameters: dict[str, Any] | None = None, body: Any = None) -> Any:
        _, data = self._gh.requester.requestJsonAndCheck(verb, self._base + path, parameters=parameters, input=body)
        return data

    def gate_conclusion(self, sha: str, check_name: str) -> str | None:
        """The conclusion of the newest check run named `check_name` on `sha` (None: none, or not finished)."""

        def fetch() -> str | None:
            data = self._call(
                "GET", f"/commits/{quote(sha)}/check-runs", {"check_name": check_name, "filter": "latest"}
            )
            runs = [r for r in data.get("check_runs") or () if r.get("name") == check_name]
            return str(runs[0].get("conclusion") or "") or None if runs else None

        return self.retrier.call(f"read the {check_name} check run of {sha[:12]}", fetch)

    def deployments(self, environment: str, sha: str | None = None) -> list[Deployment]:
        """The environment's deployments, newest first (one page of 100)."""
        parameters: dict[str, Any] = {"environment": environment, "per_page": HISTORY_PAGE}
        if sha:
            parameters["sha"] = sha

        def fetch() -> list[Deployment]:
            return [_deployment(d) for d in self._call("GET", "/deployments", parameters)]

        return self.retrier.call(f"list the deployments of {environment}", fetch)

    def statuses(self, deployment: Deployment) -> list[Status]:
        """A deployment's statuses, newest first (one page of 100)."""

        def fetch() -> list[Status]:
            return [_status(s) for s in self._call("GET", f"/deployments/{deployment.id}/statuses", {"per_page": 100})]

        return self.retrier.call(f"list the statuses of deployment {deployment.id}", fetch)

    def create(self, fields: dict[str, Any], key: str) -> Deployment:
        """POST a deployment whose payload carries `key`; after a dropped connection, adopt the deployment
        GitHub made with that key instead of making a second one."""
        body = {**fields, "payload": {**fields.get("payload", {}), "qe_key": key}}

        def create() -> Deployment:
            return _deployment(self._call("POST", "/deployments", body=body))

        def recover() -> Deployment | None:
            for found in self.deployments(fields["environment"]):
                if found.payload.get("qe_key") == key:
                    return found
            return None

        return self.retrier.call(f"create a deployment to {fields['environment']}", create, recover)

    def add_status(self, deployment: Deployment, fields: dict[str, Any]) -> Status:
        """POST a status; after a dropped connection, adopt it when the newest status already is this one."""

        def create() -> Status:
            return _status(self._call("POST", f"/deployments/{deployment.id}/statuses", body=fields))

        def recover() -> Status | None:
            newest = self.statuses(deployment)[:1]
            same = newest and newest[0].state == fields["state"]
            return newest[0] if same and newest[0].description == fields.get("description", "") else None

        return self.retrier.call(f"set deployment {deployment.id} {fields['state']}", create, recover)
