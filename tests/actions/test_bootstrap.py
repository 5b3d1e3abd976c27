"""The actions' interpreter bootstrap: reuse a Python that has the dependencies, else build a cached venv once."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import time
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
    monkeypatch.setenv("RUNNER_TOOL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("QE_ACTIONS_EXTENSION", "off")  # the build is tested below
    monkeypatch.delenv("QE_ACTIONS_VENV", raising=False)
    assert bootstrap.main(["--source", str(PROJECT)]) == 0
    lines = dict(line.split("=", 1) for line in output.read_text().splitlines())
    assert lines["python"] == sys.executable and lines["pythonpath"] == str(PROJECT / "scripts")
    assert lines["junitfast"] == ""


# --- the C JUnit reader, built into the tool cache for the interpreter that runs qe ---

def _compiler_missing() -> str | None:
    """Why this machine cannot build the extension (then the real-compile tests skip), or None."""
    compiler = shlex.split(sysconfig.get_config_var("CC") or "")
    if os.name == "nt" or not compiler or shutil.which(compiler[0]) is None:
        return f"no C compiler for this Python ({compiler[:1]})"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").is_file():
        return "no Python.h for this Python"
    return None


needs_compiler = pytest.mark.skipif(_compiler_missing() is not None, reason=str(_compiler_missing()))
QUIET_ENV = {"QE_ACTIONS_EXTENSION", "QE_PURE_PYTHON", "QE_JUNITFAST", "CC", "LDSHARED", "QE_ACTIONS_VENV"}


def _package_without_extension(tmp_path: Path) -> Path:
    """Our package's Python files alone (the dev tree has an in-place built .so that would win over QE_JUNITFAST)."""
    root = tmp_path / "scripts"
    shutil.copytree(PROJECT / "scripts" / "qe_actions", root / "qe_actions",
                    ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"))
    return root


def _loaded_by_qe(pythonpath: Path, junitfast: str, cwd: Path) -> list[str]:
    """What `qe_actions.accel.junitfast()` loads in a fresh interpreter: [accel's file, the module's file or None]."""
    env = {key: value for key, value in os.environ.items() if key not in QUIET_ENV}
    env.update(PYTHONPATH=str(pythonpath), QE_JUNITFAST=junitfast)
    code = ("from qe_actions import accel; m = accel.junitfast(); "
            "print(accel.__file__); print(m.__file__ if m is not None and hasattr(m, 'FastParser') else None)")
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


@needs_compiler
def test_builds_the_c_reader_once_and_qe_loads_it_from_the_cache(tmp_path):
    cache = tmp_path / "cache"
    path, how = bootstrap.build_extension(Path(sys.executable), PROJECT, cache, {})
    assert how.startswith("C JUnit reader built in ") and how.endswith(" s"), how
    assert path is not None and path.is_file() and path.parent == cache
    assert path.name.endswith(sysconfig.get_config_var("EXT_SUFFIX"))
    assert [p.name for p in cache.iterdir()] == [path.name], "built beside, renamed in, nothing left over"

    package = _package_without_extension(tmp_path)
    accel_file, module_file = _loaded_by_qe(package, str(path), tmp_path)
    assert Path(accel_file).is_relative_to(package), "qe_actions came from the copy, not the dev tree"
    assert module_file == str(path)
    assert _loaded_by_qe(package, "", tmp_path)[1] == "None", "without QE_JUNITFAST the copy runs in pure Python"

    before = path.stat()
    again, how_again = bootstrap.build_extension(Path(sys.executable), PROJECT, cache, {})
    assert again == path and how_again == "C JUnit reader cached"
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns), "not rebuilt"


def _fake_compiler(directory: Path, body: str) -> Path:
    directory.mkdir(exist_ok=True)
    script = directory / "cc"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return script


@pytest.mark.skipif(os.name == "nt", reason="the extension is not built on Windows")
@pytest.mark.parametrize("case", ["no compiler on PATH", "compiler fails"])
def test_a_failed_build_is_one_line_and_the_step_still_succeeds(tmp_path, case):
    env = {key: value for key, value in os.environ.items() if key not in QUIET_ENV}
    env.update(RUNNER_TOOL_CACHE=str(tmp_path / "cache"), GITHUB_OUTPUT=str(tmp_path / "github_output"))
    if case == "no compiler on PATH":
        env["PATH"] = str(tmp_path / "empty")
        expected = "JUnit reader in pure Python: no C compiler ("
    else:
        failing = 'echo "warning: fine"; echo "cc: error: broken on purpose" >&2; exit 1'
        env["CC"] = str(_fake_compiler(tmp_path / "bin", failing))
        expected = "JUnit reader in pure Python: cc failed: cc: error: broken on purpose"
    done = subprocess.run([sys.executable, str(PROJECT / "actions/lib/bootstrap.py"), "--source", str(PROJECT)],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 1 and expected in done.stdout, done.stdout
    lines = dict(line.split("=", 1) for line in (tmp_path / "github_output").read_text().splitlines())
    assert lines["junitfast"] == "" and lines["python"] == sys.executable
    assert not any(p.name.startswith("junitfast-") for p in (tmp_path / "cache" / "qe-actions").glob("*"))


@pytest.mark.skipif(os.name == "nt", reason="the extension is not built on Windows")
def test_a_slow_compiler_is_stopped_with_its_children(tmp_path):
    compiler = _fake_compiler(tmp_path / "bin", "sleep 30\nexit 0")  # a driver whose child holds the pipe
    started = time.monotonic()
    path, how = bootstrap.build_extension(Path(sys.executable), PROJECT, tmp_path / "cache", {"CC": str(compiler)},
                                          timeout=0.5)
    assert time.monotonic() - started < 10
    assert path is None and how == "JUnit reader in pure Python: the build took longer than 0.5 s"
    assert not any((tmp_path / "cache").iterdir()), "the partial build is removed"


def test_off_switch_builds_nothing(tmp_path):
    path, how = bootstrap.build_extension(Path(sys.executable), PROJECT, tmp_path / "cache",
                                          {"QE_ACTIONS_EXTENSION": "off"})
    assert path is None and how == "JUnit reader in pure Python: QE_ACTIONS_EXTENSION=off"
    assert not (tmp_path / "cache").exists()


def test_cache_key_follows_source_interpreter_and_compiler(tmp_path):
    settings = {"CC": "gcc", "CFLAGS": "-O2", "CCSHARED": "-fPIC", "LDSHARED": "gcc -shared", "include": "/inc",
                "EXT_SUFFIX": ".cpython-311-x86_64-linux-gnu.so", "cache_tag": "cpython-311",
                "platform": "linux-x86_64"}
    one = bootstrap.extension_path(tmp_path, settings, b"int x;")
    assert one == bootstrap.extension_path(tmp_path, dict(settings), b"int x;")
    assert one.name.startswith("junitfast-cpython-311-") and one.name.endswith(settings["EXT_SUFFIX"])
    changes = [{"cache_tag": "cpython-312"}, {"EXT_SUFFIX": ".cpython-311-aarch64-linux-gnu.so"},
               {"platform": "linux-aarch64"}, {"CC": "clang"}, {"CFLAGS": "-O3"}, {"include": "/other"}]
    for change in changes:
        assert bootstrap.extension_path(tmp_path, {**settings, **change}, b"int x;") != one, change
    assert bootstrap.extension_path(tmp_path, settings, b"int y;") != one


@pytest.mark.skipif(os.name == "nt", reason="the extension is not built on Windows")
def test_environment_compiler_replaces_the_one_in_ldshared():
    settings = bootstrap.build_settings(Path(sys.executable), {"CC": "/opt/cc"})
    original = sysconfig.get_config_var("LDSHARED") or ""
    if original.startswith(sysconfig.get_config_var("CC") or "\0"):
        assert settings["LDSHARED"].startswith("/opt/cc")
    assert settings["CC"] == "/opt/cc" and settings["EXT_SUFFIX"] == sysconfig.get_config_var("EXT_SUFFIX")
    assert settings["include"] == sysconfig.get_paths()["include"]

