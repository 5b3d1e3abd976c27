"""Policy files: schema validation errors name file, path and problem; extends, defaults and overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qe_actions.gate.metrics import METRICS
from qe_actions.gate.policy import DEFAULT_POLICY, apply_overrides, make_condition
from qe_actions.gate.policy_file import PolicyError, find_policy_file, load_policy, schema_text


def _load(tmp_path: Path, text: str, name: str = ".qe.yml"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return load_policy(None, tmp_path)


def _error(tmp_path: Path, text: str, name: str = ".qe.yml") -> str:
    with pytest.raises(PolicyError) as info:
        _load(tmp_path, text, name)
    return str(info.value)


CONDITIONS = """gate:
  conditions:
    - metric: line_coverage
      operator: ">="
      threshold: 80
    - metric: tests
      operator: ">="
      threshold: 1
"""


def test_schema_has_an_id_and_lists_every_metric() -> None:
    schema = json.loads(schema_text())
    assert schema["$id"].startswith("urn:qe-actions:")
    metric = schema["$defs"]["condition"]["properties"]["metric"]
    assert metric["enum"] == list(METRICS)
    assert len(metric["markdownEnumDescriptions"]) == len(METRICS)


def test_no_file_gives_the_default_policy(tmp_path: Path) -> None:
    assert load_policy(None, tmp_path) is DEFAULT_POLICY
    keys = [(c.metric, c.operator, c.threshold, c.level, c.scope) for c in DEFAULT_POLICY.conditions]
    assert keys == [
        ("failed_tests", "<=", 0, "fail", "overall"),
        ("diff_coverage", ">=", 80, "fail", "new"),
        ("critical_findings", "<=", 0, "fail", "new"),
        ("high_findings", "<=", 0, "fail", "new"),
        ("coverage", ">=", 75, "warn", "overall"),
    ]
    assert DEFAULT_POLICY.min_changed_lines == 20


def test_a_policy_without_extends_has_only_its_own_conditions(tmp_path: Path) -> None:
    policy = _load(tmp_path, CONDITIONS)
    assert [(c.metric, c.threshold) for c in policy.conditions] == [("line_coverage", 80), ("tests", 1)]
    assert policy.source == ".qe.yml"


def test_extends_default_replaces_default_conditions_on_the_same_metric_and_scope(tmp_path: Path) -> None:
    policy = _load(tmp_path, "extends: default\n" + CONDITIONS)
    metrics = [(c.metric, c.threshold, c.level) for c in policy.conditions]
    assert ("coverage", 75, "warn") in metrics
    assert metrics[-2:] == [("line_coverage", 80, "fail"), ("tests", 1, "fail")]
    assert ("diff_coverage", 80, "fail") in metrics


def test_pyproject_tool_qe_is_read_and_errors_carry_the_tool_qe_path(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.qe]\nextends = "default"\n\n[[tool.qe.gate.conditions]]\n'
        'metric = "pass_rate"\noperator = ">="\nthreshold = 99.5\n',
        encoding="utf-8",
    )
    policy = load_policy(None, tmp_path)
    assert policy.source == "pyproject.toml"
    assert policy.conditions[-1] == make_condition("pass_rate", ">=", 99.5)
    (tmp_path / "pyproject.toml").write_text('[tool.qe.gate]\nmin_changed_lines = "ten"\n', encoding="utf-8")
    with pytest.raises(
        PolicyError, match=r'^pyproject.toml: tool\.qe\.gate\.min_changed_lines: expected integer, got "ten"$'
    ):
        load_policy(None, tmp_path)


def test_yml_wins_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.qe]\n", encoding="utf-8")
    (tmp_path / ".qe.yml").write_text("{}\n", encoding="utf-8")
    assert find_policy_file(tmp_path) == tmp_path / ".qe.yml"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            CONDITIONS.replace("threshold: 80", 'threshold: "80%"'),
            '.qe.yml: gate.conditions[0].threshold: expected number, got "80%"',
        ),
        (
            CONDITIONS + "      colour: red\n",
            ".qe.yml: gate.conditions[1].colour: unknown key 'colour' (allowed: level, metric, min_changed_lines, "
            "operator, required, scope, threshold)",
        ),
        ("gate:\n  conditons: []\n", ".qe.yml: gate.conditons: unknown key 'conditons' (did you mean 'conditions'?)"),
        (
            "thresholds: {}\n",
            ".qe.yml: thresholds: unknown key 'thresholds' (allowed: $schema, badges, diff, extends, gate, inputs, perf, release)",  # noqa: E501
        ),
        (
            CONDITIONS.replace("line_coverage", "line_covrage"),
            ".qe.yml: gate.conditions[0].metric: 'line_covrage' is not allowed (did you mean 'line_coverage'?)",
        ),
        (
            CONDITIONS.replace('">="', '"=>"', 1),
            ".qe.yml: gate.conditions[0].operator: '=>' is not allowed (did you mean '>='?)",
        ),
        (
            "gate:\n  conditions:\n    - metric: tests\n      threshold: 3\n",
            ".qe.yml: gate.conditions[0]: 'operator' is required",
        ),
        ("extends: sonar-way\n", ".qe.yml: extends: 'sonar-way' is not allowed (expected one of default)"),
        ("inputs:\n  tests: 3\n", ".qe.yml: inputs.tests: expected string, got 3"),
        (
            CONDITIONS.replace("metric: tests", "metric: diff_coverage\n      scope: overall"),
            ".qe.yml: gate.conditions[1].scope: diff_coverage has no scope 'overall' (allowed: new)",
        ),
        ("- metric: tests\n", '.qe.yml: (top level): expected object, got [{"metric": "tests"}]'),
    ],
)
def test_schema_errors_name_the_file_the_path_and_the_problem(tmp_path: Path, text: str, expected: str) -> None:
    assert _error(tmp_path, text) == expected


def test_several_errors_are_counted(tmp_path: Path) -> None:
    text = CONDITIONS.replace("threshold: 80", "threshold: high").replace("threshold: 1", "threshold: low")
    assert _error(tmp_path, text).endswith('expected number, got "high" (and 1 more)')


def test_unquoted_yaml_operator_gets_a_hint(tmp_path: Path) -> None:
    message = _error(tmp_path, CONDITIONS.replace('">="', ">=", 1))
    assert message.startswith(".qe.yml: line 4, column 18: not valid YAML")
    assert message.endswith("(quote operators in YAML: operator: '>=')")


def test_duplicate_keys_are_refused(tmp_path: Path) -> None:
    assert _error(tmp_path, "extends: default\nextends: default\n") == ".qe.yml: line 2: key 'extends' appears twice"


def test_bad_toml_and_missing_config(tmp_path: Path) -> None:
    (tmp_path / "p.toml").write_text("[tool.qe\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"^p\.toml: not valid TOML"):
        load_policy(Path("p.toml"), tmp_path, tmp_path)
    with pytest.raises(PolicyError, match=r"^nope\.yml: no such policy file$"):
        load_policy(Path("nope.yml"), tmp_path, tmp_path)


def test_policy_inputs_and_diff_are_read(tmp_path: Path) -> None:
    policy = _load(
        tmp_path, "inputs:\n  tests: 'reports/*.xml'\n  findings: [a.sarif, b.sarif]\ndiff:\n  base: origin/dev\n"
    )
    assert policy.inputs.tests == ("reports/*.xml",)
    assert policy.inputs.findings == ("a.sarif", "b.sarif")
    assert policy.notes == ()
    assert policy.diff_base == "origin/dev"
    assert policy.conditions == DEFAULT_POLICY.conditions  # no conditions key: the default gate
    assert _load(tmp_path, "gate:\n  conditions: []\n").conditions == ()  # explicitly none: always passes


def test_policy_inputs_sarif_is_the_deprecated_word_for_findings(tmp_path: Path) -> None:
    """A `.qe.yml` written before the rename keeps working: `sarif:` is read as `findings:`, with a note."""
    policy = _load(tmp_path, "inputs:\n  sarif: a.sarif\n  findings: b.sarif\n")
    assert policy.inputs.findings == ("b.sarif", "a.sarif")
    assert len(policy.notes) == 1 and "`inputs: sarif:` is deprecated, call it `findings:`" in policy.notes[0]


def test_command_line_thresholds_replace_conditions_on_their_metric_keeping_scope() -> None:
    policy = apply_overrides(
        DEFAULT_POLICY,
        {"min_coverage": 90.0, "max_high_vulns": 2, "max_medium_vulns": 5, "min_diff_coverage": None},
    )
    by_metric = {c.metric: c for c in policy.conditions}
    assert by_metric["coverage"] == make_condition("coverage", ">=", 90.0)  # warn became fail
    assert by_metric["high_findings"] == make_condition("high_findings", "<=", 2, scope="new")
    assert by_metric["medium_findings"] == make_condition("medium_findings", "<=", 5)  # added
    assert by_metric["diff_coverage"].threshold == 80  # None leaves it alone
    assert [c.metric for c in policy.conditions][:2] == ["failed_tests", "diff_coverage"]
    assert len(policy.conditions) == len(DEFAULT_POLICY.conditions) + 1
