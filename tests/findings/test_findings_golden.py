"""Golden files for every byte `qe findings` renders (text, Markdown, JSON, SARIF) from one fixed set of inputs.

Regenerate with `QE_REGEN_GOLDEN=1 python -m pytest tests/findings -q` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sarif_schema import validate_sarif

from qe_actions.cli import main
from tests.golden import assert_golden

SEMGREP_LIKE = {
    "version": "2.1.0",
    "runs": [
        {
            "tool": {
                "driver": {
                    "name": "Semgrep OSS",
                    "rules": [
                        {
                            "id": "py.sql",
                            "name": "py.sql",
                            "defaultConfiguration": {"level": "error"},
                            "properties": {"security-severity": "8.8"},
                            "helpUri": "https://semgrep.dev/r/py.sql",
                        },
                        {
                            "id": "py.shell",
                            "defaultConfiguration": {"level": "error"},
                            "properties": {"security-severity": "9.1"},
                        },
                        {"id": "py.print", "defaultConfiguration": {"level": "note"}},
                    ],
                }
            },
            "results": [
                {
                    "ruleId": "py.sql",
                    "ruleIndex": 0,
                    "message": {"text": "SQL built with % formatting"},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": "app/db.py", "uriBaseId": "%SRCROOT%"},
                                "region": {"startLine": 16, "startColumn": 5, "endLine": 17, "endColumn": 23},
                            }
                        }
                    ],
                },
                {
                    "ruleId": "py.shell",
                    "ruleIndex": 1,
                    "message": {"text": "subprocess with shell=True"},
                    "locations": [
                        {"physicalLocation": {"artifactLocation": {"uri": "app/shell.py"}, "region": {"startLine": 7}}}
                    ],
                },
                {
                    "ruleId": "py.print",
                    "ruleIndex": 2,
                    "message": {"text": "print() in library code"},
                    "locations": [
                        {"physicalLocation": {"artifactLocation": {"uri": "app/db.py"}, "region": {"startLine": 31}}}
                    ],
                },
                {
                    "ruleId": "py.print",
                    "ruleIndex": 2,
                    "message": {"text": "suppressed one"},
                    "suppressions": [{"kind": "inSource"}],
                    "locations": [
                        {"physicalLocation": {"artifactLocation": {"uri": "app/db.py"}, "region": {"startLine": 40}}}
                    ],
                },
            ],
        }
    ],
}
RUFF = [
    {
        "code": "F401",
        "message": "`os` imported but unused",
        "filename": "/home/runner/work/p/p/app/db.py",
        "location": {"row": 2, "column": 8},
        "end_location": {"row": 2, "column": 10},
        "name": "unused-import",
        "url": "https://docs.astral.sh/ruff/rules/unused-import",
        "severity": "error",
        "fix": None,
        "noqa_row": 2,
    },
    {
        "code": "E741",
        "message": "Ambiguous variable name: `l`",
        "filename": "/home/runner/work/p/p/app/db.py",
        "location": {"row": 30, "column": 5},
        "end_location": {"row": 30, "column": 6},
        "name": "ambiguous-variable-name",
        "url": "https://docs.astral.sh/ruff/rules/ambiguous-variable-name",
        "fix": None,
        "noqa_row": 30,
    },
]
DIFF = "--- a/app/db.py\n+++ b/app/db.py\n@@ -14,2 +14,4 @@\n x\n+y\n+z\n x\n@@ -29,1 +31,2 @@\n x\n+w\n"


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "semgrep.sarif").write_text(json.dumps(SEMGREP_LIKE), encoding="utf-8")
    (tmp_path / "reports" / "ruff.json").write_text(json.dumps(RUFF), encoding="utf-8")
    (tmp_path / "change.diff").write_text(DIFF, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("text", "report.txt"), ("markdown", "report.md"), ("json", "report.json"), ("sarif", "report.sarif")],
)
def test_rendered_outputs_match_golden_files(inputs: Path, fmt: str, name: str) -> None:
    out = inputs / name
    code = main(
        [
            "findings",
            "reports/*",
            "--diff-file",
            "change.diff",
            "--fail-on",
            "high",
            "--format",
            fmt,
            "--output",
            str(out),
            "--cwd",
            str(inputs),
        ]
    )
    assert code == 1
    text = out.read_text(encoding="utf-8")
    if fmt == "sarif":
        validate_sarif(json.loads(text))
    assert_golden(f"findings/{name}", text)
