"""The quality gate has one definition (`actions/quality-gate/action.yml`); the root `action.yml` and
`quality-gate/action.yml` are generated from it by `actions/lib/gen_copies.py`, and may not drift."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

from tests.actions.metadata import PROJECT, load

_SPEC = importlib.util.spec_from_file_location("qe_gen_copies", PROJECT / "actions/lib/gen_copies.py")
assert _SPEC is not None and _SPEC.loader is not None
gen_copies = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(gen_copies)


def test_the_copies_are_what_the_generator_writes():
    assert gen_copies.drifted(PROJECT) == [], "run: python actions/lib/gen_copies.py"


def test_check_mode_names_a_drifted_copy_and_writing_repairs_it(tmp_path):
    for name in (gen_copies.SOURCE, *gen_copies.COPIES):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PROJECT / name, tmp_path / name)
    assert gen_copies.drifted(tmp_path) == []
    copy = tmp_path / "quality-gate/action.yml"
    copy.write_text(copy.read_text(encoding="utf-8").replace("default: fail\n", "default: never\n"), encoding="utf-8")
    (tmp_path / "action.yml").unlink()
    assert gen_copies.drifted(tmp_path) == ["action.yml", "quality-gate/action.yml"]

    script = tmp_path / "actions/lib/gen_copies.py"
    script.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / "actions/lib/gen_copies.py", script)
    check = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, check=False)
    assert check.returncode == 1 and "quality-gate/action.yml: differs from" in check.stderr
    assert subprocess.run([sys.executable, str(script)], check=False).returncode == 0
    assert gen_copies.drifted(tmp_path) == []


def _without_paths(path: Path) -> list[str]:
    """The file's lines, with the generated-file header and every `$GITHUB_ACTION_PATH/...` path blanked."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines and lines[0].startswith("# Generated from "):
        lines = lines[1:]
    return [line.split("$GITHUB_ACTION_PATH")[0] for line in lines]


def test_copies_differ_from_the_source_only_in_the_paths_to_the_scripts():
    source = PROJECT / gen_copies.SOURCE
    for copy in gen_copies.COPIES:
        assert _without_paths(PROJECT / copy) == _without_paths(source), copy
        assert load(PROJECT / copy)["inputs"] == load(source)["inputs"]


def test_each_copy_reaches_the_scripts_from_its_own_folder():
    """Every `$GITHUB_ACTION_PATH/...` path in a copy, resolved from that copy's folder, exists in the checkout."""
    for name in (gen_copies.SOURCE, *gen_copies.COPIES):
        folder = (PROJECT / name).parent
        text = (PROJECT / name).read_text(encoding="utf-8")
        paths = [part.split('"')[0] for part in text.split("$GITHUB_ACTION_PATH")[1:]]
        assert paths, name
        for relative in paths:
            target = (folder / relative.lstrip("/")).resolve()
            assert target.exists(), f"{name}: $GITHUB_ACTION_PATH{relative} does not exist"
            assert target == PROJECT or target.is_relative_to(PROJECT / "actions/lib"), f"{name}: {relative}"
