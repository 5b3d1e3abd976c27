"""The actions' interpreter bootstrap: reuse a Python that has the dependencies, else build a cached venv once."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.actions.metadata import PROJECT

_SPEC = importlib.util.spec_from_file_location("qe_bootstrap", PROJECT / "actions/lib/bootstrap.py")
bootstrap = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bootstrap)


def test_reads_the_same_dependencies_as_a_toml_parser():
    tomllib = pytest.importorskip("tomllib")
    pyproject = PROJECT / "pyproject.toml"
    expected = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    assert bootstrap.read_dependencies(pyproject) == expected


def test_markers_on_the_python_version():
    here = f"{sys.version_info[0]}.{sys.version_info[1]}"
    assert bootstrap.applies("x>=1") is True
    assert bootstrap.applies(f"x>=1; python_version < '{here}'") is False
    assert bootstrap.applies(f"x>=1; python_version >= '{here}'") is True
    assert bootstrap.applies("x; sys_platform == 'win32'") is True  # unknown: let pip decide


def test_satisfied_checks_presence_and_minimum_version():
    assert bootstrap.satisfied("pytest>=1.0")
    assert not bootstrap.satisfied("pytest>=999.0")
    assert not bootstrap.satisfied("surely-not-installed-qe-package>=1")
    assert bootstrap.satisfied("surely-not-installed-qe-package>=1; python_version < '3.0'")


def test_venv_key_follows_dependencies_and_python(tmp_path):
    one = bootstrap.venv_dir(tmp_path, ["a>=1", "b>=2"])
    assert one == bootstrap.venv_dir(tmp_path, ["b>=2", "a>=1"])
    assert one != bootstrap.venv_dir(tmp_path, ["a>=1", "b>=3"])
    assert f"{sys.version_info[0]}.{sys.version_info[1]}" in one.name


def test_cache_root_prefers_the_runner_tool_cache(tmp_path):
    assert bootstrap.cache_root({"RUNNER_TOOL_CACHE": "/t", "RUNNER_TEMP": "/r"}) == Path("/t/qe-actions")
    assert bootstrap.cache_root({"RUNNER_TEMP": "/r"}) == Path("/r/qe-actions")


def test_reuses_this_python_when_it_has_everything(tmp_path):
    python, how = bootstrap.choose_python(PROJECT, {"RUNNER_TOOL_CACHE": str(tmp_path)}, force_venv=False)
    assert python == Path(sys.executable) and "already" in how
    assert not any(tmp_path.iterdir()), "no venv built"


def _tiny_wheel(directory: Path) -> str:
    """A real (hand-made) wheel of a one-module distribution, so pip can install it with no index."""
    name, version = "qe_tiny_dep", "1.0"
    files = {
        f"{name}.py": b"VALUE = 42\n",
        f"{name}-{version}.dist-info/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode(),
        f"{name}-{version}.dist-info/WHEEL":
            b"Wheel-Version: 1.0\nGenerator: qe-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = [
        f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},{len(data)}"
        for path, data in files.items()
    ]
    record.append(f"{name}-{version}.dist-info/RECORD,,")
    files[f"{name}-{version}.dist-info/RECORD"] = ("\n".join(record) + "\n").encode()
    with zipfile.ZipFile(directory / f"{name}-{version}-py3-none-any.whl", "w") as wheel:
        for path, data in files.items():
            wheel.writestr(path, data)
    return f"{name}>=1.0"


@pytest.mark.parametrize("installer", ["pip", "uv"])
def test_builds_the_venv_once_then_reuses_it(tmp_path, monkeypatch, installer):
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    requirement = _tiny_wheel(wheels)
    source = tmp_path / "qe-actions"
    source.mkdir()
    (source / "pyproject.toml").write_text(f'[project]\nname = "x"\ndependencies = [\n    "{requirement}",\n]\n')
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(wheels))
    if installer == "uv":
        if shutil.which("uv") is None:
            pytest.skip("uv is not installed (the bootstrap then uses pip, tested above)")
        monkeypatch.setenv("UV_NO_INDEX", "1")
        monkeypatch.setenv("UV_FIND_LINKS", str(wheels))
        monkeypatch.setenv("UV_CACHE_DIR", str(tmp_path / "uv-cache"))
    env = {"RUNNER_TOOL_CACHE": str(tmp_path / "cache")}

    choice = "auto" if installer == "uv" else "pip"
    python, how = bootstrap.choose_python(source, env, force_venv=True, installer=choice)
    assert how.startswith("new venv")
    done = subprocess.run([str(python), "-c", "import qe_tiny_dep; print(qe_tiny_dep.VALUE)"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "42"
    venvs = sorted(p.name for p in (tmp_path / "cache" / "qe-actions").iterdir() if p.name.startswith("venv-"))
    assert len(venvs) == 1 and ".partial-" not in venvs[0], "built beside, renamed into place"

    again, how_again = bootstrap.choose_python(source, env, force_venv=True, installer="pip")
    assert again == python and how_again.startswith("cached venv")


def test_writes_step_outputs(tmp_path, monkeypatch):
    output = tmp_path / "github_output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    monkeypatch.delenv("QE_ACTIONS_VENV", raising=False)
    assert bootstrap.main(["--source", str(PROJECT)]) == 0
    lines = dict(line.split("=", 1) for line in output.read_text().splitlines())
    assert lines["python"] == sys.executable and lines["pythonpath"] == str(PROJECT / "scripts")

