"""Find, read and validate the policy file (`.qe.yml` or `[tool.qe]` in pyproject.toml) against the shipped schema."""

from __future__ import annotations

import difflib
import json
import re
import sys
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from qe_actions.gate.metrics import METRICS
from qe_actions.gate.policy import DEFAULT_POLICY, Policy, policy_from_document
from qe_actions.gate.policy_yaml import MAX_DEPTH, MAX_POLICY_BYTES, PolicyError, bounded_loader
from qe_actions.numbers import finite_problem, json_number_problem

SCHEMA_RESOURCE = "qe-policy.schema.json"
MAX_PROBLEM_CHARS = 300  # a policy value is quoted in its problem, cut (a 250 KB string stays one short line)
_PLAIN_KEY = re.compile(r"[A-Za-z_$][A-Za-z0-9_$-]{0,63}")
YAML_NAMES = (".qe.yml", ".qe.yaml")


def schema_text() -> str:
    """The policy JSON Schema shipped in the package (for validation and for editors)."""
    return _schema_resource(SCHEMA_RESOURCE)


def _schema_resource(name: str) -> str:
    return resources.files("qe_actions").joinpath("schemas").joinpath(name).read_text(encoding="utf-8")


def find_policy_file(root: Path) -> Path | None:
    """`.qe.yml`/`.qe.yaml` at the root, else a pyproject.toml that has `[tool.qe]`, else None."""
    for name in YAML_NAMES:
        if (root / name).is_file():
            return root / name
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and "qe" in _read_toml(pyproject, "pyproject.toml").get("tool", {}):
        return pyproject
    return None


def load_policy(path: Path | None, root: Path, cwd: Path | None = None) -> Policy:
    """The policy from `path` (relative to `cwd`), else the one found under `root`, else the built-in default."""
    shown = str(path) if path is not None else ""
    if path is None:
        path = find_policy_file(root)
        if path is None:
            return DEFAULT_POLICY
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    else:
        path = (cwd or Path.cwd()) / path
        if not path.is_file():
            raise PolicyError(f"{shown}: no such policy file")
    document, prefix = _read_document(path, shown)
    check_bounds(document, shown, prefix)
    validate_document(document, shown, prefix)
    return policy_from_document(document, shown)


def policy_document(root: Path) -> tuple[dict[str, Any], str] | None:
    """The validated policy document found under `root` and its name, or None without a policy file (for
    commands that read their own section of it, such as `qe release`)."""
    path = find_policy_file(root)
    if path is None:
        return None
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    document, prefix = _read_document(path, shown)
    check_bounds(document, shown, prefix)
    validate_document(document, shown, prefix)
    return (document if isinstance(document, dict) else {}), shown


def _read_document(path: Path, shown: str) -> tuple[Any, str]:
    if path.suffix == ".toml":
        data = _read_toml(path, shown)
        if "qe" not in data.get("tool", {}):
            raise PolicyError(f"{shown}: has no [tool.qe] table")
        return data["tool"]["qe"], "tool.qe"
    return _read_yaml(path, shown), ""


def _read_toml(path: Path, shown: str = "") -> dict[str, Any]:
    shown = shown or str(path)
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found, no-redef, unused-ignore]
    text = _read_text(path, shown)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{shown}: not valid TOML: {exc}") from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise PolicyError(f"{shown}: not valid TOML: {json_number_problem(exc) or exc}") from None
    except RecursionError:
        raise PolicyError(f"{shown}: not valid TOML: nested too deeply") from None
    return data


def _read_text(path: Path, shown: str) -> str:
    """The policy file's text, refused beyond MAX_POLICY_BYTES (a policy is a few hundred bytes)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_POLICY_BYTES + 1)
        if len(raw) > MAX_POLICY_BYTES:
            raise PolicyError(f"{shown}: larger than {MAX_POLICY_BYTES} bytes, too large for a policy file")
        return raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{shown}: cannot read: {exc}") from None


def _read_yaml(path: Path, shown: str) -> Any:
    import yaml

    text = _read_text(path, shown)
    try:
        document = yaml.load(text, Loader=bounded_loader(shown))  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        hint = " (quote operators in YAML: operator: '>=')" if ">" in text or "<" in text else ""
        raise PolicyError(f"{shown}: {where}not valid YAML: {problem}{hint}") from None
    except RecursionError:  # a safety net: the loader's depth bound comes first
        raise PolicyError(f"{shown}: nested more than {MAX_DEPTH} levels deep") from None
    return {} if document is None else document


def check_bounds(document: Any, shown: str, prefix: str = "") -> None:
    """Before validation: nesting depth, and every number finite and in range (`.nan`, `inf`, 1e999 are refused)."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(document, ())]
    while stack:
        value, where = stack.pop()
        if len(where) > MAX_DEPTH:
            raise PolicyError(f"{shown}: {dotted_path(where[:3], prefix)}...: nested more than {MAX_DEPTH} levels deep")
        if isinstance(value, dict):
            stack.extend((v, (*where, str(k))) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, (*where, i)) for i, v in enumerate(value))
        else:
            problem = finite_problem(value)
            if problem:
                raise PolicyError(f"{shown}: {dotted_path(where, prefix)}: {problem}")


def dotted_path(parts: Iterable[Any], prefix: str = "") -> str:
    """`gate.conditions[2].threshold` from a jsonschema error path."""
    text = prefix
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not _PLAIN_KEY.fullmatch(str(part)):  # a hostile key is quoted and cut, never raw
            text += f"[{json.dumps(_cut(str(part), 40))}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(error: Any, prefix: str) -> str:
    where = dotted_path(error.absolute_path, prefix)
    schema, value = error.schema, error.instance
    if error.validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        unknown = sorted(k for k in value if k not in allowed)
        key = unknown[0] if unknown else "?"
        near = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else f" (allowed: {', '.join(allowed)})"
        return f"{dotted_path([*error.absolute_path, key], prefix)}: unknown key {key!r}{hint}"
    if error.validator == "enum":
        choices = [str(c) for c in error.validator_value]
        near = [c for c in choices if sorted(c) == sorted(str(value))] or difflib.get_close_matches(
            str(value), choices, n=1
        )
        hint = f"did you mean {near[0]!r}?" if near else f"expected one of {', '.join(choices)}"
        return f"{where}: {value!r} is not allowed ({hint})"
    if error.validator == "type":
        return f"{where}: expected {error.validator_value}, got {json.dumps(value, default=str)}"
    if error.validator == "required":
        return f"{where}: {error.message.replace(' is a required property', '')} is required"
    return f"{where}: {error.message}"


def validate_document(document: Any, filename: str, prefix: str = "") -> None:
    """Raise PolicyError naming the file, the path inside it and the problem, for the first of any errors."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
    errors = sorted(validator.iter_errors(document), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    leaves = _leaf_errors(errors)
    problems = [_describe(leaves[0], prefix)] * len(leaves) if leaves else _scope_problems(document, prefix)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise PolicyError(f"{filename}: {_cut(problems[0], MAX_PROBLEM_CHARS)}{more}")


def _leaf_errors(errors: list[Any]) -> list[Any]:
    """Prefer the specific errors inside a `oneOf` over its summary."""
    leaves: list[Any] = []
    for error in errors:
        if error.context:
            leaves.append(min(error.context, key=lambda e: (-len(e.absolute_path), str(e.validator))))
        else:
            leaves.append(error)
    return leaves


def _scope_problems(document: Any, prefix: str) -> list[str]:
    problems = []
    for index, raw in enumerate(document.get("gate", {}).get("conditions", ())):
        spec = METRICS[raw["metric"]]
        if "scope" in raw and raw["scope"] not in spec.scopes:
            where = dotted_path(["gate", "conditions", index, "scope"], prefix)
            problems.append(f"{where}: {spec.name} has no scope {raw['scope']!r} (allowed: {', '.join(spec.scopes)})")
    return problems
