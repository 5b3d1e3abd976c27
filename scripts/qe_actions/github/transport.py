"""The HTTP layer under PyGithub: each request gets at most the publish deadline's time left (connect and every
read), the body is read in small steps so a trickling answer ends at the deadline, no redirect to another place
is followed, and a 2xx answer must be the JSON the operation returns before anyone calls it done."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from qe_actions.github.deadline import Deadline

MAX_ANSWER_BYTES = 32 * 1024 * 1024  # a page of 100 comments of 65,536 characters fits; more is not GitHub
READ_STEP = 64 * 1024
_REPO = r"/repos/[^/]+/[^/]+"
# (method, path pattern, expected shape): "list" of objects, "runs" ({"check_runs": [...]}), "created" (an
# object with an id and a page), "ref" (a git ref), "object" (an object with an id), "empty" (DELETE's 204).
SHAPES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("GET", re.compile(_REPO + r"/issues/\d+/comments$"), "list"),
    ("GET", re.compile(_REPO + r"/pulls$"), "list"),
    ("GET", re.compile(_REPO + r"/commits/[^/]+/check-runs$"), "runs"),
    ("GET", re.compile(_REPO + r"/deployments(/\d+/statuses)?$"), "list"),
    ("POST", re.compile(_REPO + r"/(issues/\d+/comments|check-runs)$"), "created"),
    ("DELETE", re.compile(r".*"), "empty"),
    # git refs have no id: a ref name and the object it points at (qe release publish)
    ("GET", re.compile(_REPO + r"/git/ref/[^/]+$"), "ref"),
    ("POST", re.compile(_REPO + r"/git/refs$"), "ref"),
    ("PATCH", re.compile(_REPO + r"/git/refs/[^/]+$"), "ref"),
    ("GET", re.compile(_REPO + r"/git/tags/[^/]+$"), "ref"),  # an annotated tag object: `tag` instead of `ref`
    ("POST", re.compile(_REPO + r"/releases$"), "created"),
)


class AnswerRefused(Exception):
    """GitHub's answer is not what the request must return (a redirect elsewhere, HTML, a wrong JSON shape)."""


def _has_id(item: Any) -> bool:
    return isinstance(item, dict) and isinstance(item.get("id"), int) and not isinstance(item.get("id"), bool)


def _web_url(value: Any) -> bool:
    return isinstance(value, str) and urlsplit(value).scheme in ("http", "https") and bool(urlsplit(value).netloc)


def expected_shape(method: str, path: str) -> str:
    """What a 2xx answer to `method path` must be."""
    for verb, pattern, shape in SHAPES:
        if verb == method and pattern.search(path):
            return shape
    return "object"


def check_answer(method: str, path: str, status: int, body: bytes) -> None:
    """Raise AnswerRefused unless a 2xx answer has the shape the operation returns."""
    shape = expected_shape(method, path.split("?", 1)[0])
    if shape == "empty" or status == 204:
        return
    what = f"{method} {path.split('?', 1)[0]} answered HTTP {status}"
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise AnswerRefused(f"{what} with a body that is not JSON ({len(body)} bytes): not GitHub's answer") from None
    if shape == "list":
        ok = isinstance(data, list) and all(_has_id(item) for item in data)
        wanted = "a list of objects with an id"
    elif shape == "runs":
        runs = data.get("check_runs") if isinstance(data, dict) else None
        ok = isinstance(runs, list) and all(_has_id(item) for item in runs)
        wanted = "an object with a check_runs list"
    elif shape == "ref":
        target = data.get("object") if isinstance(data, dict) else None
        name = (data.get("ref") or data.get("tag")) if isinstance(data, dict) else None
        ok = isinstance(name, str) and isinstance(target.get("sha") if isinstance(target, dict) else None, str)
        wanted = "a git ref (or tag object) with its object's sha"
    elif shape == "created":
        ok = _has_id(data) and _web_url(data.get("html_url"))
        wanted = "the created object with an id and an html_url"
    else:
        ok = _has_id(data)
        wanted = "an object with an id"
    if not ok:
        raise AnswerRefused(f"{what} with {type(data).__name__} JSON, not {wanted}")


def check_redirect(status: int, location: str, protocol: str, host: str, port: int | None) -> None:
    """Only a 301 within the same scheme, host and port is left to PyGithub to follow; other 3xx are refused."""
    if not 300 <= status < 400:
        return
    target = urlsplit(location)
    same = target.scheme == protocol and target.hostname == host and (target.port or port) == port
    if status == 301 and (same or not target.netloc):
        return
    shown = target.hostname or "the same host"
    raise AnswerRefused(f"HTTP {status} redirect to {shown[:100]} not followed: nothing was published there")


def read_body(raw: Any, deadline: Deadline) -> bytes:
    """The whole body, one socket read at a time, checking the deadline and the size after each read."""
    chunks: list[bytes] = []
    size = 0
    read = getattr(raw, "read1", None) or raw.read
    while True:
        deadline.check()
        chunk = read(READ_STEP, decode_content=True)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            raise AnswerRefused(f"answer larger than {MAX_ANSWER_BYTES} bytes: not GitHub's answer")
        chunks.append(chunk)


def connection_class(base: type, deadline: Deadline, request_timeout: float) -> type:
    """A subclass of PyGithub's requests connection whose requests obey the deadline and the answer checks."""

    class DeadlineConnection(base):
        def getresponse(self) -> Any:
            from github.Requester import RequestsResponse

            timeout = min(request_timeout, deadline.check())
            url = f"{self.protocol}://{self.host}:{self.port}{self.url}"
            response = self.session.request(
                self.verb,
                url,
                headers=self.headers,
                data=self.input,
                timeout=(timeout, timeout),
                verify=self.verify,
                allow_redirects=False,
                stream=True,
            )
            try:
                check_redirect(
                    response.status_code, response.headers.get("location", ""), self.protocol, self.host, self.port
                )
                body = read_body(response.raw, deadline)
                response._content = body  # what requests keeps after reading; PyGithub reads `.text`
                response._content_consumed = True  # so close() returns the connection to the pool
            finally:
                response.close()
            if 200 <= response.status_code < 300:
                check_answer(self.verb.upper(), self.url, response.status_code, body)
            return RequestsResponse(response)

    return DeadlineConnection


def install(requester: Any, deadline: Deadline, request_timeout: float) -> None:
    """Make a PyGithub Requester send through the deadline connection (its class is chosen per instance)."""
    attribute = "_Requester__connectionClass"
    base = getattr(requester, attribute, None)
    if base is None:
        raise RuntimeError("PyGithub changed: its Requester has no connection class to extend")
    setattr(requester, attribute, connection_class(base, deadline, request_timeout))
