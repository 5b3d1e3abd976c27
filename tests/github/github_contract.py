"""GitHub's REST and webhook descriptions (tests/github/openapi, copied from GitHub's published
rest-api-description) as checks: does a request match an operation (method, path, parameters, body schema),
does a response or event payload match its schema, and minimal instances of a schema to build schema-valid
responses and payloads from."""

from __future__ import annotations

import copy
import gzip
import json
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

HERE = Path(__file__).resolve().parent
DOTCOM = "api.github.com"
GHES = "ghes-3.17"  # GitHub Enterprise Server 3.17, served under /api/v3
DESCRIPTIONS = HERE / "openapi"
WEBHOOKS_FILE = DESCRIPTIONS / "webhooks.api.github.com.json.gz"
PER_PAGE_MAX = 100  # "The number of results per page (max 100)" (parameter description)


def available(api: str = DOTCOM) -> bool:
    """Whether the descriptions ship with the checkout; they do, so a missing one fails the contract tests."""
    missing = [str(p) for p in (_rest_file(api), WEBHOOKS_FILE) if not p.exists()]
    assert not missing, f"GitHub's REST description is missing from the repository: {missing}"
    return True


def _rest_file(api: str) -> Path:
    return DESCRIPTIONS / f"{api}.json.gz"


def _nullable_to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 `nullable: true` as plain JSON Schema (a `null` type, or `anyOf` with null)."""
    if isinstance(node, list):
        return [_nullable_to_json_schema(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _nullable_to_json_schema(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable") is True:
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = list(out["enum"]) + [None]
        elif any(k in out for k in ("oneOf", "anyOf", "allOf", "$ref")):
            return {"anyOf": [out, {"type": "null"}]}
    return out


@cache
def rest(api: str = DOTCOM) -> dict[str, Any]:
    """A REST description (`api.github.com` or `ghes-3.17`) with `nullable` turned into JSON Schema."""
    with gzip.open(_rest_file(api), "rt", encoding="utf-8") as handle:
        return _nullable_to_json_schema(json.load(handle))


@cache
def webhooks() -> dict[str, Any]:
    with gzip.open(WEBHOOKS_FILE, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _pointer(path: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in path)


def _resolve(doc: dict[str, Any], node: Any) -> Any:
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 20:
        target: Any = doc
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node, seen = target, seen + 1
    return node


@cache
def _validator(which: str, pointer: str) -> Any:
    """A cached JSON Schema validator for the schema at `pointer` inside the REST (3.0) or webhook (3.1) doc."""
    from jsonschema import Draft7Validator, Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7, DRAFT202012

    doc, spec, cls = (
        (webhooks(), DRAFT202012, Draft202012Validator)
        if which == "webhooks"
        else (rest(which), DRAFT7, Draft7Validator)
    )
    registry = Registry().with_resource(f"urn:{which}", Resource(contents=doc, specification=spec))
    return cls({"$ref": f"urn:{which}#{pointer}"}, registry=registry)


def _errors(which: str, pointer: str, instance: Any, label: str) -> list[str]:
    errors = sorted(_validator(which, pointer).iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"{label}: {'/'.join(map(str, e.absolute_path)) or '(root)'}: {_message(e)}" for e in errors[:5]]


def _message(error: Any) -> str:
    """The validator's message, or just the rule broken when the message would repeat a large instance."""
    return error.message if len(error.message) <= 200 else f"fails {error.validator}={error.validator_value!r}"


@cache
def _routes(api: str) -> list[tuple[re.Pattern[str], str]]:
    routes = []
    for template in rest(api)["paths"]:
        regex = re.sub(r"\\\{([a-z_]+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
        routes.append((re.compile(f"^{regex}$"), template))
    # Literal segments beat parameters: /issues/comments/{id} must not match /issues/{issue_number}/...
    routes.sort(key=lambda r: (r[1].count("{"), -len(r[1])))
    return routes


def find_operation(method: str, path: str, api: str = DOTCOM) -> tuple[str, dict[str, str]] | None:
    """The description's path template and path parameters for a request, or None when GitHub has no such route."""
    for regex, template in _routes(api):
        match = regex.match(path)
        if match and method.lower() in rest(api)["paths"][template]:
            return template, {k: unquote(v) for k, v in match.groupdict().items()}
    return None


def _strict(schema: Any) -> Any:
    """Request bodies: unknown properties are errors here (GitHub ignores them, which hides typos)."""
    if not isinstance(schema, dict):
        return schema
    out = dict(schema)
    if isinstance(out.get("properties"), dict):
        out["properties"] = {k: _strict(v) for k, v in out["properties"].items()}
        out.setdefault("additionalProperties", False)
    if isinstance(out.get("items"), dict):
        out["items"] = _strict(out["items"])
    return out


def _param_errors(value: str, schema: dict[str, Any], label: str) -> list[str]:
    kind = schema.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind == "integer" and not re.fullmatch(r"-?[0-9]+", value):
        return [f"{label}: {value!r} is not an integer"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{label}: {value!r} is not one of {schema['enum']}"]
    if kind == "boolean" and value not in ("true", "false"):
        return [f"{label}: {value!r} is not a boolean"]
    return []


@cache
def _body_validator(api: str, method: str, template: str) -> Any:
    """The operation's request-body schema, made strict, as a cached validator."""
    from jsonschema import Draft7Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    doc = rest(api)
    schema = _resolve(doc, doc["paths"][template][method]["requestBody"])["content"]["application/json"]["schema"]
    strict = json.loads(json.dumps(_strict(_resolve(doc, schema))).replace('"$ref": "#/', f'"$ref": "urn:{api}#/'))
    registry = Registry().with_resource(f"urn:{api}", Resource(contents=doc, specification=DRAFT7))
    return Draft7Validator(strict, registry=registry)


def check_request(
    method: str, path: str, query: dict[str, list[str]], body: Any, has_body: bool, api: str = DOTCOM
) -> list[str]:
    """Every way the request departs from GitHub's description of its operation (empty list: it conforms)."""
    found = find_operation(method, path, api)
    if found is None:
        return [f"{method} {path}: no such operation in GitHub's REST description ({api})"]
    template, path_params = found
    doc = rest(api)
    operation = doc["paths"][template][method.lower()]
    problems = []
    params = [_resolve(doc, p) for p in operation.get("parameters", [])]
    declared = {p["name"]: p for p in params if p["in"] == "query"}
    for p in params:
        if p["in"] == "path":
            problems += _param_errors(path_params.get(p["name"], ""), p.get("schema", {}), f"path {p['name']}")
        elif p["in"] == "query" and p.get("required") and p["name"] not in query:
            problems.append(f"query {p['name']}: required")
    for name, values in query.items():
        if name not in declared:
            problems.append(f"query {name}: not a parameter of {method} {template}")
            continue
        for value in values:
            problems += _param_errors(value, declared[name].get("schema", {}), f"query {name}")
        if name == "per_page" and any(v.isdigit() and int(v) > PER_PAGE_MAX for v in values):
            problems.append(f"query per_page: above the documented maximum of {PER_PAGE_MAX}")
    request_body = _resolve(doc, operation.get("requestBody"))
    if request_body is None:
        if has_body:
            problems.append(f"{method} {template} takes no request body")
        return problems
    if not has_body:
        return problems + (["request body: required"] if request_body.get("required") else [])
    for error in list(_body_validator(api, method.lower(), template).iter_errors(body))[:5]:
        where = "/".join(map(str, error.absolute_path)) or "(root)"
        problems.append(f"request body: {where}: {_message(error)}")
    return problems


def response_pointer(method: str, template: str, status: int, api: str = DOTCOM) -> str | None:
    responses = rest(api)["paths"][template][method.lower()]["responses"]
    raw = responses.get(str(status))
    response = _resolve(rest(api), raw)
    if not response or "application/json" not in response.get("content", {}):
        return None
    if isinstance(raw, dict) and "$ref" in raw:  # a shared response such as #/components/responses/forbidden
        return raw["$ref"][1:] + "/content/application~1json/schema"
    return "/" + _pointer(
        ["paths", template, method.lower(), "responses", str(status), "content", "application/json", "schema"]
    )


def check_response(method: str, path: str, status: int, body: Any, api: str = DOTCOM) -> list[str]:
    """Whether the body the fake server sends is one GitHub's description allows for this status."""
    found = find_operation(method, path, api)
    if found is None:
        return []
    pointer = response_pointer(method, found[0], status, api)
    if pointer is None:
        return []
    return _errors(api, pointer, body, f"response {status}")


def check_webhook(event_key: str, payload: Any) -> list[str]:
    """Whether an event payload (`pull-request-opened`, `push`, ...) matches the webhook description."""
    pointer = "/" + _pointer(["webhooks", event_key, "post", "requestBody", "content", "application/json", "schema"])
    return _errors("webhooks", pointer, payload, event_key)


def instance(doc: dict[str, Any], schema: Any, depth: int = 0) -> Any:
    """A small value valid for `schema`: required properties only, first enum value, non-null where possible."""
    schema = _resolve(doc, schema)
    if not isinstance(schema, dict) or depth > 12:
        return None
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = instance(doc, part, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [o for o in schema[key] if _resolve(doc, o).get("type") != "null"] or schema[key]
            return instance(doc, options[0], depth + 1)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return next((v for v in schema["enum"] if v is not None), None)
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    kind = next((k for k in kinds if k != "null"), None)
    if kind is None and "null" in kinds:
        return None
    if kind == "object" or (kind is None and "properties" in schema):
        props = schema.get("properties", {})
        return {name: instance(doc, props.get(name, {}), depth + 1) for name in schema.get("required", [])}
    if kind == "array":
        return [instance(doc, schema.get("items", {}), depth + 1) for _ in range(schema.get("minItems", 0))]
    if kind in ("integer", "number"):
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if kind == "string":
        fmt = schema.get("format")
        return {
            "date-time": "2026-01-01T00:00:00Z",
            "uri": "https://example.invalid/x",
            "email": "a@example.invalid",
            "uri-template": "https://example.invalid/{x}",
        }.get(fmt, "x" * max(1, schema.get("minLength", 1)))
    return None


def merged(base: Any, overlay: Any) -> Any:
    """`base` with `overlay` laid over it, dictionaries merged key by key."""
    if isinstance(base, dict) and isinstance(overlay, dict):
        out = copy.copy(base)
        for key, value in overlay.items():
            out[key] = merged(base.get(key), value)
        return out
    return copy.deepcopy(overlay)


def rest_instance(schema_name: str, overlay: dict[str, Any], api: str = DOTCOM) -> dict[str, Any]:
    """A REST object (`check-run`, `issue-comment`, ...) valid per the description, with `overlay` applied."""
    doc = rest(api)
    return merged(instance(doc, doc["components"]["schemas"][schema_name]), overlay)


def webhook_instance(event_key: str, overlay: dict[str, Any]) -> dict[str, Any]:
    """An event payload valid per the webhook description, with `overlay` applied."""
    doc = webhooks()
    schema = doc["webhooks"][event_key]["post"]["requestBody"]["content"]["application/json"]["schema"]
    return merged(instance(doc, schema), overlay)
