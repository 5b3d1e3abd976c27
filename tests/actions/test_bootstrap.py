"""The actions' interpreter bootstrap: reuse a Python that has the dependencies, else pip-install our package into a
cached venv once (pip builds the optional C reader there; nothing of ours compiles it)."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import inspect
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


def test_venv_key_follows_dependencies_package_and_python(tmp_path):
    one = bootstrap.venv_dir(tmp_path, ["a>=1", "b>=2"], "digest-1")
    assert one == bootstrap.venv_dir(tmp_path, ["b>=2", "a>=1"], "digest-1")
    assert one != bootstrap.venv_dir(tmp_path, ["a>=1", "b>=3"], "digest-1")
    assert one != bootstrap.venv_dir(tmp_path, ["a>=1", "b>=2"], "digest-2"), "a changed action gets a new venv"
    assert f"{sys.version_info[0]}.{sys.version_info[1]}" in one.name


def _source_tree(root: Path) -> Path:
    (root / "scripts" / "pkg").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "x"\ndependencies = []\n', encoding="utf-8")
    (root / "README.md").write_text("readme\n", encoding="utf-8")
    (root / "scripts" / "pkg" / "mod.py").write_text("A = 1\n", encoding="utf-8")
    return root


def test_source_digest_follows_the_code_not_caches_or_build_output(tmp_path):
    source = _source_tree(tmp_path / "src")
    digest = bootstrap.source_digest(source)
    for junk in (
        "pkg/__pycache__/mod.cpython-311.pyc",
        "pkg/_fast.cpython-311-x86_64-linux-gnu.so",
        "pkg.egg-info/PKG-INFO",
        "build/lib/pkg/mod.py",
    ):
        (source / "scripts" / junk).parent.mkdir(parents=True, exist_ok=True)
        (source / "scripts" / junk).write_text("junk", encoding="utf-8")
    (source / "README.md").write_text("the readme only feeds the metadata\n", encoding="utf-8")
    assert bootstrap.source_digest(source) == digest
    copied = bootstrap.copy_package(source, tmp_path / "copy")
    files = sorted(p.relative_to(copied).as_posix() for p in copied.rglob("*") if p.is_file())
    assert files == ["README.md", "pyproject.toml", "scripts/pkg/mod.py"], "no caches or build output copied"
    (source / "scripts" / "pkg" / "mod.py").write_text("A = 2\n", encoding="utf-8")
    assert bootstrap.source_digest(source) != digest


def test_cache_root_prefers_the_runner_tool_cache(tmp_path):
    assert bootstrap.cache_root({"RUNNER_TOOL_CACHE": "/t", "RUNNER_TEMP": "/r"}) == Path("/t/qe-actions")
    assert bootstrap.cache_root({"RUNNER_TEMP": "/r"}) == Path("/r/qe-actions")


def test_reuses_this_python_when_it_has_everything(tmp_path):
    python, pythonpath, how = bootstrap.choose_python(PROJECT, {"RUNNER_TOOL_CACHE": str(tmp_path)}, force_venv=False)
    assert python == Path(sys.executable) and pythonpath == str(PROJECT / "scripts") and "already" in how
    assert not any(tmp_path.iterdir()), "no venv built"


def _wheel(directory: Path, name: str, files: dict[str, bytes], requires: str = "") -> Path:
    """A real wheel of a one-module distribution (pure Python), written by hand so no build tool is needed."""
    version = "1.0"
    info = f"{name}-{version}.dist-info"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n" + (
        f"Requires-Dist: {requires}\n" if requires else ""
    )
    files = {
        **files,
        f"{info}/METADATA": metadata.encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: qe-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = [
        f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},{len(data)}"
        for path, data in files.items()
    ]
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    target = directory / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(target, "w") as wheel:
        for path, data in files.items():
            wheel.writestr(path, data)
    return target


# A PEP 517 backend inside the package's own tree (`backend-path`), so pip builds it offline, with no setuptools.
TINY_BACKEND = """\
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from wheel_maker import make


def get_requires_for_build_wheel(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    if (Path(__file__).parent / "FAIL").exists():
        raise RuntimeError("the build fails on purpose")
    return make(Path(wheel_directory)).name
"""


def _tiny_project(tmp_path: Path) -> tuple[Path, Path]:
    """A source tree shaped like ours (pyproject.toml, scripts/) whose package `qe_tiny_pkg` needs `qe_tiny_dep`
    from a local wheel directory; returns (source, wheels)."""
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    _wheel(wheels, "qe_tiny_dep", {"qe_tiny_dep.py": b"VALUE = 42\n"})
    source = tmp_path / "qe-actions"
    (source / "scripts").mkdir(parents=True)
    (source / "pyproject.toml").write_text(
        '[build-system]\nrequires = []\nbuild-backend = "tiny_backend"\nbackend-path = ["scripts"]\n\n'
        '[project]\nname = "qe_tiny_pkg"\ndependencies = [\n    "qe_tiny_dep>=1.0",\n]\n',
        encoding="utf-8",
    )
    (source / "scripts" / "tiny_backend.py").write_text(TINY_BACKEND, encoding="utf-8")
    maker = inspect.getsource(_wheel)
    (source / "scripts" / "wheel_maker.py").write_text(
        "import base64, hashlib, zipfile\nfrom pathlib import Path\n\n\n"
        + maker
        + "\n\ndef make(directory):\n    return _wheel(directory, 'qe_tiny_pkg', "
        "{'qe_tiny_pkg.py': b'from qe_tiny_dep import VALUE\\n'}, 'qe_tiny_dep>=1.0')\n",
        encoding="utf-8",
    )
    return source, wheels


def _offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, wheels: Path, installer: str) -> None:
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(wheels))
    if installer == "uv":
        if shutil.which("uv") is None:
            pytest.skip("uv is not installed (the bootstrap then uses pip, tested above)")
        monkeypatch.setenv("UV_NO_INDEX", "1")
        monkeypatch.setenv("UV_FIND_LINKS", str(wheels))
        monkeypatch.setenv("UV_CACHE_DIR", str(tmp_path / "uv-cache"))


@pytest.mark.parametrize("installer", ["pip", "pip before 22.3", "uv"])
def test_installs_the_package_into_a_venv_once_then_reuses_it(tmp_path, monkeypatch, installer):
    source, wheels = _tiny_project(tmp_path)
    _offline(monkeypatch, tmp_path, wheels, installer)
    if installer == "pip before 22.3":  # no `pip --python`: the venv gets its own pip, which also builds the wheel
        monkeypatch.setattr(bootstrap, "_host_pip", lambda: (22, 2))
    env = {"RUNNER_TOOL_CACHE": str(tmp_path / "cache")}

    choice = "auto" if installer == "uv" else "pip"
    python, pythonpath, how = bootstrap.choose_python(source, env, force_venv=True, installer=choice)
    used = installer.split()[0]
    assert how.startswith("new venv") and f"with {used}; JUnit reader: pure Python" in how, how
    assert pythonpath == "", "the package is installed in the venv: nothing runs from the checkout"
    done = subprocess.run(
        [str(python), "-I", "-c", "import qe_tiny_pkg; print(qe_tiny_pkg.VALUE)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert done.stdout.strip() == "42", "the package and its dependency, as pip installed them"
    made = sorted(p.name for p in (tmp_path / "cache" / "qe-actions").iterdir())
    assert len(made) == 1 and made[0].startswith("venv-"), f"built beside, renamed into place, no leftovers: {made}"
    assert not any(p.name in {"build", "dist"} or p.name.endswith(".egg-info") for p in source.rglob("*")), (
        "the action's checkout is not written to"
    )

    again, _, how_again = bootstrap.choose_python(source, env, force_venv=True, installer="pip")
    assert again == python and how_again.startswith("cached venv") and how_again.endswith("JUnit reader: pure Python")


def test_a_failed_install_leaves_no_venv_behind(tmp_path, monkeypatch):
    source, wheels = _tiny_project(tmp_path)
    (source / "scripts" / "FAIL").write_text("", encoding="utf-8")
    _offline(monkeypatch, tmp_path, wheels, "pip")
    env = {"RUNNER_TOOL_CACHE": str(tmp_path / "cache")}
    with pytest.raises(subprocess.CalledProcessError):
        bootstrap.choose_python(source, env, force_venv=True, installer="pip")
    assert list((tmp_path / "cache" / "qe-actions").iterdir()) == [], "no partial venv or source copy is left"


def test_writes_step_outputs(tmp_path, monkeypatch):
    output = tmp_path / "github_output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    monkeypatch.setenv("RUNNER_TOOL_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("QE_ACTIONS_VENV", raising=False)
    assert bootstrap.main(["--source", str(PROJECT)]) == 0
    lines = dict(line.split("=", 1) for line in output.read_text().splitlines())
    assert lines == {"python": sys.executable, "pythonpath": str(PROJECT / "scripts")}


def test_the_bootstrap_compiles_nothing_itself():
    """The C reader is pip's to build (issue 13): no compiler driver, no extension path passed around."""
    text = (PROJECT / "actions/lib/bootstrap.py").read_text(encoding="utf-8")
    for word in ("sysconfig", "LDSHARED", "CCSHARED", "EXT_SUFFIX", "QE_JUNITFAST", "junitfast="):
        assert word not in text, word


def test_extension_state_looks_for_the_built_reader_in_the_venv(tmp_path):
    site = tmp_path / "lib" / "python3.11" / "site-packages" / "qe_actions"
    site.mkdir(parents=True)
    (site / "_junitfast.c").write_text("", encoding="utf-8")  # a source file is not a built reader
    assert bootstrap.extension_state(tmp_path) == "pure Python"
    (site / "_junitfast.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")
    assert bootstrap.extension_state(tmp_path) == "C"
