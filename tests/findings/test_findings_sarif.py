"""SARIF 2.1.0 reader rules, each on a small log written here: rules, levels, bands, URIs, suppressions, identity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from findings_fuzz import fuzz_settings
from hypothesis import given
from hypothesis import strategies as st

from qe_actions.errors import InputError
from qe_actions.model.findings import meets, parse_security_severity, security_band
from qe_actions.readers.findings.common import ReadContext
from qe_actions.readers.findings.sarif import read_sarif


def log(*runs: dict) -> dict:
    return {"version": "2.1.0", "runs": list(runs)}


def run(results: list[dict], rules: list[dict] | None = None, **extra: object) -> dict:
    return {"tool": {"driver": {"name": "Scanner", "rules": rules or []}}, "results": results, **extra}


def result(rule_id: str | None = "R1", line: int = 3, uri: str = "src/app.py", **extra: object) -> dict:
    out: dict = {
        "message": {"text": f"finding of {rule_id}"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": line}}}],
        **extra,
    }
    if rule_id is not None:
        out["ruleId"] = rule_id
    return out


def read(tmp_path: Path, doc: dict, cwd: Path | None = None):
    path = tmp_path / "in.sarif"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return read_sarif(str(path), ReadContext(str(cwd or tmp_path)))


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (10.0, "critical"),
        (9.1, "critical"),
        (9.0, "high"),
        (8.9, "high"),
        (7.0, "high"),
        (6.9, "medium"),
        (4.0, "medium"),
        (3.9, "low"),
        (0.1, "low"),
        (None, None),
    ],
)
def test_github_security_bands(score: float | None, band: str | None) -> None:
    assert security_band(score) == band


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("8.8", 8.8),
        (" 5 ", 5.0),
        (7, 7.0),
        ("Medium", None),
        ("", None),
        ("0.0", None),
        ("11", None),
        ("nan", None),
        (True, None),
        (None, None),
        ([], None),
    ],
)
def test_security_severity_parsing_never_crashes(raw: object, parsed: float | None) -> None:
    assert parse_security_severity(raw) == parsed


def test_rule_found_by_index_then_id_then_hierarchical_id(tmp_path: Path) -> None:
    rules = [
        {"id": "A", "name": "alpha", "helpUri": "https://x/a"},
        {"id": "B", "name": "beta"},
        {"id": "C", "name": "gamma"},
    ]
    doc = log(
        run(
            [
                {**result(None), "ruleIndex": 1},  # index only
                result("C"),  # id only
                result("A/sub"),  # hierarchical id falls back to A
                {**result("B"), "ruleIndex": 0},  # ruleIndex wins for the descriptor, ruleId is kept as written
            ],
            rules,
        )
    )
    findings = read(tmp_path, doc).findings
    assert [(f.rule, f.rule_name) for f in findings] == [
        ("B", "beta"),
        ("C", "gamma"),
        ("A/sub", "alpha"),
        ("B", "alpha"),
    ]
    assert findings[2].help_uri == "https://x/a"


def test_rule_found_in_tool_extensions(tmp_path: Path) -> None:
    doc = log(
        {
            "tool": {
                "driver": {"name": "CodeQL", "rules": []},
                "extensions": [
                    {"name": "pack-a", "rules": [{"id": "py/x", "properties": {"security-severity": "9.8"}}]},
                    {"name": "pack-b", "rules": [{"id": "py/y", "defaultConfiguration": {"level": "note"}}]},
                ],
            },
            "results": [
                {**result("py/x"), "rule": {"id": "py/x", "index": 0, "toolComponent": {"index": 0}}},
                {**result(None), "rule": {"index": 0, "toolComponent": {"name": "pack-b"}}},
                result("py/y"),  # by id through the extensions
            ],
        }
    )
    findings = read(tmp_path, doc).findings
    assert [(f.rule, f.severity) for f in findings] == [("py/x", "critical"), ("py/y", "note"), ("py/y", "note")]


def test_level_from_result_then_rule_default_then_warning(tmp_path: Path) -> None:
    rules = [{"id": "E", "defaultConfiguration": {"level": "error"}}, {"id": "N"}]
    doc = log(
        run(
            [
                {**result("E"), "level": "note"},
                result("E"),
                result("N"),
                result("unknown-rule"),
                {**result("N"), "kind": "pass"},
                {**result("N"), "level": "bogus"},
            ],
            rules,
        )
    )
    assert [f.level for f in read(tmp_path, doc).findings] == ["note", "error", "warning", "warning", "none", "warning"]


def test_security_severity_on_result_overrides_rule_and_bad_values_are_noted(tmp_path: Path) -> None:
    rules = [
        {"id": "S", "properties": {"security-severity": "5.0"}},
        {"id": "T", "properties": {"security-severity": "High"}},
    ]
    doc = log(
        run(
            [
                result("S"),
                {**result("S"), "properties": {"security-severity": "9.5"}},
                {**result("S"), "properties": {"security-severity": "n/a"}},
                result("T"),
            ],
            rules,
        )
    )
    out = read(tmp_path, doc)
    assert [f.severity for f in out.findings] == ["medium", "critical", "medium", "warning"]
    assert any("'High'" in note for note in out.notes) and any("'n/a'" in note for note in out.notes)
    assert meets(out.findings[1], "high") and not meets(out.findings[0], "high")
    assert not meets(out.findings[3], "low") and meets(out.findings[3], "warning")


def test_uris_mapped_to_repository_paths(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    bases = {"SRC": {"uri": root.as_uri() + "/"}, "LIB": {"uri": "lib/", "uriBaseId": "SRC"}}
    doc = log(
        run(
            [
                result(uri="src/a%20b.py"),
                result(uri="x.py", **{})
                | {"locations": [{"physicalLocation": {"artifactLocation": {"uri": "m.py", "uriBaseId": "SRC"}}}]},
                result()
                | {"locations": [{"physicalLocation": {"artifactLocation": {"uri": "n.py", "uriBaseId": "LIB"}}}]},
                result()
                | {
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "k.py", "uriBaseId": "%SRCROOT%"}}}]
                },
                result(uri=(root / "deep" / "f.py").as_uri()),
                result(uri="file:///home/runner/work/proj/proj/pkg/g.py"),
                result(uri="./pkg/./h.py"),
                result() | {"locations": [{"physicalLocation": {"artifactLocation": {"index": 0}}}]},
                result(uri="../../etc/passwd"),
            ],
            originalUriBaseIds=bases,
            artifacts=[{"location": {"uri": "art.py", "uriBaseId": "SRC"}}],
        )
    )
    paths = [f.path for f in read(tmp_path, doc, cwd=root).findings]
    assert paths == [
        "src/a b.py",
        "m.py",
        "lib/n.py",
        "k.py",
        "deep/f.py",
        "pkg/g.py",
        "pkg/h.py",
        "art.py",
        "../../etc/passwd",
    ]


def test_suppressed_results_are_counted_not_kept(tmp_path: Path) -> None:
    doc = log(
        run(
            [
                {**result("R", 1), "suppressions": [{"kind": "inSource"}]},
                {**result("R", 2), "suppressions": [{"kind": "external", "status": "accepted"}]},
                {**result("R", 3), "suppressions": [{"kind": "external", "status": "underReview"}]},
                {**result("R", 4), "suppressions": [{"kind": "external", "status": "rejected"}]},
                {**result("R", 5), "suppressions": []},
                {**result("R", 6), "baselineState": "absent"},
            ]
        )
    )
    out = read(tmp_path, doc)
    assert out.suppressed == 2
    assert [f.line for f in out.findings] == [3, 4, 5]


def test_several_runs_and_message_strings(tmp_path: Path) -> None:
    rules = [{"id": "M", "messageStrings": {"default": {"text": "'{0}' is used {1} times {2}"}}}]
    first = run([{**result("M"), "message": {"id": "default", "arguments": ["x", "3"]}}], rules)
    second = {"tool": {"driver": {"name": "Other"}}, "results": [{**result("Q"), "message": {"text": "a \\[b\\] c"}}]}
    findings = read(tmp_path, log(first, second)).findings
    assert [(f.tool, f.message) for f in findings] == [("Scanner", "'x' is used 3 times {2}"), ("Other", "a [b] c")]


def test_partial_fingerprints_are_used_when_present(tmp_path: Path) -> None:
    doc = log(
        run(
            [
                {**result(), "partialFingerprints": {"primaryLocationLineHash": "abc:1", "other": "z"}},
                {**result(), "partialFingerprints": {"b": "2", "a": "1"}},
            ]
        )
    )
    assert [f.fingerprint for f in read(tmp_path, doc).findings] == ["abc:1", "a=1"]


def test_fingerprint_survives_shifted_lines_and_reindent(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "app.py").write_text("import os\n\ndef f():\n    eval(x)\n", encoding="utf-8")
    before = read(tmp_path, log(run([result("R1", line=4)]))).findings[0].fingerprint
    (src / "app.py").write_text(
        "import os\nimport sys\n\n\nclass K:\n    def f(self):\n        eval(x)\n", encoding="utf-8"
    )
    after = read(tmp_path, log(run([result("R1", line=7)]))).findings[0].fingerprint
    other_line = read(tmp_path, log(run([result("R1", line=1)]))).findings[0].fingerprint
    assert before == after
    assert other_line != before


def test_identical_findings_in_one_file_keep_distinct_fingerprints(tmp_path: Path) -> None:
    doc = log(run([result("R", 1, uri="gone.py"), result("R", 1, uri="gone.py")]))
    a, b = read(tmp_path, doc).findings
    assert a.fingerprint != b.fingerprint and a.fingerprint.split(":")[0] == b.fingerprint.split(":")[0]


def test_path_outside_the_checkout_is_never_opened(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET LINE\n", encoding="utf-8")
    via_dots = read(tmp_path, log(run([result("R", 1, uri="../secret.txt")])), cwd=root).findings[0]
    assert via_dots.path == "../secret.txt"
    # The fingerprint comes from the message (no line text): the file beside the checkout was not read.
    ctx = ReadContext(str(root))
    assert via_dots.fingerprint == ctx.fingerprint("Scanner", "R", "../secret.txt", None, "", "finding of R")
    assert ctx.source_line("../secret.txt", 1) is None
    assert ctx.source_line(str(secret), 1) is None
    (root / "link.txt").symlink_to(secret)
    assert ctx.source_line("link.txt", 1) is None  # a symlink out of the checkout is not followed


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "is not valid JSON"),
        ('{"version": "2.1.0"}', "no 'runs' array"),
        ('{"version": "2.0.0", "runs": []}', "only 2.1.0"),
        ('{"version": "2.1.0", "runs": [{"results": {}}]}', "'results' is not an array"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
    ],
)
def test_bad_sarif_is_one_clear_error(tmp_path: Path, content: str | bytes, problem: str) -> None:
    path = tmp_path / "bad.sarif"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(InputError) as err:
        read_sarif(str(path), ReadContext(str(tmp_path)))
    assert problem in str(err.value) and str(path) in str(err.value)


def test_empty_runs_and_missing_results_give_nothing(tmp_path: Path) -> None:
    assert read(tmp_path, {"version": "2.1.0", "runs": []}).findings == []
    assert read(tmp_path, log({"tool": {"driver": {"name": "T"}}})).findings == []


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 5) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "ruleId",
                    "ruleIndex",
                    "rule",
                    "level",
                    "kind",
                    "message",
                    "text",
                    "id",
                    "arguments",
                    "locations",
                    "physicalLocation",
                    "artifactLocation",
                    "uri",
                    "uriBaseId",
                    "index",
                    "region",
                    "startLine",
                    "snippet",
                    "properties",
                    "security-severity",
                    "suppressions",
                    "status",
                    "partialFingerprints",
                    "toolComponent",
                    "rules",
                    "defaultConfiguration",
                    "messageStrings",
                    "baselineState",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@given(results=_JSON, rules=_JSON, bases=_JSON, artifacts=_JSON)
@fuzz_settings(200)
def test_malformed_sarif_never_crashes(
    tmp_path_factory: pytest.TempPathFactory, results, rules, bases, artifacts
) -> None:
    """Whatever shape the values take, reading gives findings or one InputError, never another exception."""
    tmp = tmp_path_factory.mktemp("fuzz")
    doc = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "F", "rules": rules}},
                "results": [results, results],
                "originalUriBaseIds": bases,
                "artifacts": artifacts,
            }
        ],
    }
    try:
        out = read(tmp, doc)
    except InputError:
        return
    for finding in out.findings:
        assert (
            isinstance(finding.rule, str)
            and isinstance(finding.path, str)
            and finding.level in ("error", "warning", "note", "none")
        )


def test_tool_failures_reported_in_the_log_make_the_scan_incomplete(tmp_path: Path) -> None:
    invocation = {
        "executionSuccessful": False,
        "toolExecutionNotifications": [
            {"level": "error", "message": {"text": "could not parse x.py"}},
            {"level": "warning", "message": {"text": "slow"}},
        ],
        "toolConfigurationNotifications": [{"level": "error", "message": {"text": "bad rule"}}],
    }
    out = read(tmp_path, log(run([result()], invocations=[invocation])))
    assert len(out.findings) == 1
    # Each error notification is one gap (the warning is not); the failed run is implied by them.
    assert [g.split(": ", 1)[1] for g in out.incomplete] == ["could not parse x.py", "bad rule"]


def test_a_failed_run_without_notifications_is_still_incomplete(tmp_path: Path) -> None:
    out = read(tmp_path, log(run([], invocations=[{"executionSuccessful": False}])))
    assert out.findings == [] and len(out.incomplete) == 1
    assert "executionSuccessful: false" in out.incomplete[0]


def test_a_notification_names_the_file_it_is_about(tmp_path: Path) -> None:
    where = {"physicalLocation": {"artifactLocation": {"uri": "src/broken.js"}, "region": {"startLine": 2}}}
    note = {"level": "error", "message": {"text": "Parsing error: Unexpected token {"}, "locations": [where]}
    invocation = {"executionSuccessful": False, "toolConfigurationNotifications": [note]}
    out = read(tmp_path, log(run([], invocations=[invocation])))
    assert out.incomplete[0].endswith("src/broken.js:2: Parsing error: Unexpected token {")
