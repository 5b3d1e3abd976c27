"""Meta-tests of every action.yml, workflow and template: the rules zizmor and actionlint do not enforce."""

from __future__ import annotations

import json
import re

import pytest

from tests.actions.metadata import PROJECT, action_files, load, steps_of, workflow_files

KEBAB = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
SHA_PIN = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}")
OWN = re.compile(r"example-org/qe-actions(?:/quality-gate|/actions/[a-z-]+)?@v1")
ACTIONS = action_files()
WORKFLOWS = workflow_files()


def _id(path):
    return path.relative_to(PROJECT).as_posix()


@pytest.mark.parametrize("path", ACTIONS, ids=_id)
def test_action_has_the_metadata_marketplace_needs(path):
    action = load(path)
    assert action["name"] and action["description"]
    assert action["runs"]["using"] == "composite"
    assert action["branding"]["icon"] and action["branding"]["color"]


@pytest.mark.parametrize("path", ACTIONS, ids=_id)
def test_inputs_are_kebab_case_described_with_string_defaults(path):
    for name, spec in load(path).get("inputs", {}).items():
        assert KEBAB.fullmatch(name), f"{name}: not kebab-case"
        assert spec.get("description", "").strip(), f"{name}: no description"
        assert isinstance(spec.get("default"), str), f"{name}: default must be a string"


@pytest.mark.parametrize("path", ACTIONS, ids=_id)
def test_token_input_defaults_to_the_job_token(path):
    inputs = load(path)["inputs"]
    # deploy: the Deployments API; release: git refs and releases
    if "publish" not in inputs and path.parent.name not in ("publish", "deploy", "release"):
        assert "token" not in inputs, "an action that calls no API takes no token"
        return
    assert inputs["token"]["default"] == "${{ github.token }}"


@pytest.mark.parametrize("path", ACTIONS, ids=_id)
def test_every_input_reaches_a_step_through_env(path):
    action = load(path)
    steps = steps_of(action)
    # `with:` forwards an input to a composed action (docker-build hands its build inputs to build-push-action)
    forwarded = json.dumps(
        [[step.get("env", {}), step.get("working-directory"), step.get("with", {})] for step in steps]
    )
    conditions = " ".join(str(step.get("if", "")) for step in steps)
    for name in action.get("inputs", {}):
        used = f"inputs.{name} }}}}" in forwarded or f"inputs.{name} " in conditions
        assert used, f"{name}: never forwarded through env (or working-directory, with, or a step's if)"


@pytest.mark.parametrize("path", ACTIONS + WORKFLOWS, ids=_id)
def test_no_expression_inside_run(path):
    for step in steps_of(load(path)):
        assert "${{" not in step.get("run", ""), f"expression inside run: {step.get('run')!r}"


@pytest.mark.parametrize("path", ACTIONS, ids=_id)
def test_outputs_are_kebab_case_and_described(path):
    for name, spec in load(path).get("outputs", {}).items():
        assert KEBAB.fullmatch(name), name
        assert spec["description"].strip() and spec["value"].startswith("${{ steps.")


@pytest.mark.parametrize("path", ACTIONS, ids=_id)
def test_actions_never_call_siblings_through_dot_slash(path):
    for step in steps_of(load(path)):
        uses = step.get("uses", "")
        assert not uses.startswith("./"), "./ resolves against the caller's workspace"
        assert not uses or SHA_PIN.fullmatch(uses), f"{uses}: pin third-party actions by full SHA"


@pytest.mark.parametrize("path", WORKFLOWS, ids=_id)
def test_workflows_pin_third_party_actions_and_drop_credentials(path):
    text = path.read_text(encoding="utf-8")
    for step in steps_of(load(path)):
        uses = step.get("uses")
        if not uses or uses.startswith("./") or OWN.fullmatch(uses):
            continue
        assert SHA_PIN.fullmatch(uses), f"{uses}: not pinned by full SHA"
        assert re.search(re.escape(uses) + r" # v\d+\.\d+\.\d+", text), f"{uses}: no `# vX.Y.Z` comment"
        if uses.startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


@pytest.mark.parametrize("path", WORKFLOWS, ids=_id)
def test_workflows_grant_least_privilege_per_job(path):
    workflow = load(path)
    assert workflow["permissions"] == {}, "start from no permissions at the workflow level"
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"job {name}: no permissions"
        assert all(level in {"read", "write", "none"} for level in job["permissions"].values())
        writes = {scope for scope, level in job["permissions"].items() if level == "write"}
        uses = [str(step.get("uses", "")) for step in job.get("steps", [])]
        releases = any(u.endswith("actions/release") or "/actions/release@" in u for u in uses)
        if "contents" in writes and releases:
            writes.discard("contents")  # the release action creates the tag, the release and the major tag
        if "contents" in writes:  # only to record the history: on pushes, never on pull requests
            assert "github.event_name == 'push'" in job.get("if", ""), f"job {name}: contents: write beyond pushes"
            assert any((step.get("with") or {}).get("record") is True for step in job["steps"]), name
            writes.discard("contents")
        # packages: a container job's push to ghcr.io; deployments: the deploy job's statuses (issue 18)
        allowed = {"checks", "pull-requests", "security-events", "packages", "deployments"}
        if "id-token" in writes and "twine upload" in json.dumps(job):
            assert not any(u.startswith("actions/checkout@") for u in uses), f"job {name}: OIDC beside our code"
            writes.discard("id-token")  # PyPI trusted publishing, in a job that runs none of the repository's code
        assert writes <= allowed, f"job {name}: {writes}"


@pytest.mark.parametrize("path", sorted(PROJECT.glob("workflow-templates/*.yml")), ids=_id)
def test_templates_have_properties(path):
    properties = json.loads(path.with_suffix(".properties.json").read_text(encoding="utf-8"))
    assert set(properties) >= {"name", "description", "iconName", "categories", "filePatterns"}
    assert properties["categories"] and properties["filePatterns"]
    for pattern in properties["filePatterns"]:
        re.compile(pattern)


def test_templates_gate_job_is_the_single_required_check():
    workflow = load(PROJECT / "workflow-templates/qe-python-ci.yml")
    gates = {
        "qe-gate": "always() && github.event_name != 'push'",
        "qe-gate-record": "always() && github.event_name == 'push'",
    }
    for name, condition in gates.items():  # exactly one of the two runs for any event, after every other job
        gate = workflow["jobs"][name]
        assert gate["if"] == condition and set(gate["needs"]) == set(workflow["jobs"]) - set(gates)
        step = next(step for step in gate["steps"] if step.get("id") == "gate")
        assert step["with"]["history"] == "git:qe-history" and step["with"].get("record", False) is (name != "qe-gate")
        assert step["with"]["matrix"] == "${{ needs.plan.outputs.matrix }}"  # the gate checks every planned cell
    assert "contents" not in workflow["jobs"]["qe-gate"]["permissions"] or (
        workflow["jobs"]["qe-gate"]["permissions"]["contents"] == "read"
    )
    # the matrix is planned from pyproject.toml by the test-matrix action
    assert workflow["jobs"]["test"]["strategy"]["matrix"] == "${{ fromJSON(needs.plan.outputs.matrix) }}"


@pytest.mark.parametrize("path", sorted(PROJECT.glob("tests/actions/test_act_*.py")), ids=_id)
def test_act_end_to_end_modules_are_marked_slow(path):
    """Every act test runs a real runner: `pytest -m "not slow"` must leave them all out."""
    text = path.read_text(encoding="utf-8")
    assert "pytest.mark.slow" in text.split("\ndef ", 1)[0], "pytestmark must include pytest.mark.slow"
