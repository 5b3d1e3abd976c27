"""Give the actions a Python that runs qe-actions, fast: reuse what is there, else a cached venv with our package.

Run by every composite action before `qe`: `python3 bootstrap.py --source <checkout of qe-actions>`.
When the Python on PATH already has our runtime dependencies, `qe` runs from the action's checkout through
PYTHONPATH (nothing is built; the JUnit reader runs in pure Python). Otherwise the action's checkout is
pip-installed, as a user installs it, into a venv in the runner's tool cache (kept between jobs on self-hosted
runners, between the steps of one job everywhere); pip builds the optional C JUnit reader when a compiler is at
hand and `qe_actions.accel` decides at run time whether it is used. The venv is keyed on the Python, the
dependencies and our package's source, built beside its final place and renamed into it, so a half-built venv
is never used. Standard library only: this runs before any dependency exists. Writes `python` and `pythonpath`
(empty for the venv) to GITHUB_OUTPUT and one line saying what it did.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import time
import venv
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

READY_MARK = ".qe-ready"
PIP_QUIET = ["--disable-pip-version-check", "--no-input", "--quiet", "--prefer-binary", "--no-compile"]
# What pip needs to build our package (pyproject.toml's metadata, the readme it names, the code); caches,
# build output and an in-place built extension are left out.
PACKAGE_FILES = ("pyproject.toml", "README.md")
PACKAGE_DIR = "scripts"
SKIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.so", "*.pyd", "*.egg-info", "build")


def read_dependencies(pyproject: Path) -> list[str]:
    """The `[project] dependencies` strings of pyproject.toml (a tiny reader: tomllib is 3.11+ only)."""
    text = pyproject.read_text(encoding="utf-8")
    project = re.search(r"^\[project\]\s*$(.*?)(?=^\[|\Z)", text, re.MULTILINE | re.DOTALL)
    block = re.search(r"^dependencies\s*=\s*\[(.*?)\]", project.group(1) if project else "", re.MULTILINE | re.DOTALL)
    if block is None:
        raise SystemExit(f"qe-actions: {pyproject}: no [project] dependencies list found")
    return [m.group(1) or m.group(2) for m in re.finditer(r'"([^"]*)"|\'([^\']*)\'', block.group(1))]


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def applies(requirement: str) -> bool:
    """Whether a requirement's marker holds here; only `python_version <|<=|>|>= 'x.y'` is understood."""
    if ";" not in requirement:
        return True
    marker = requirement.split(";", 1)[1]
    match = re.fullmatch(r"\s*python_version\s*(<=|>=|<|>)\s*[\"']([0-9.]+)[\"']\s*", marker)
    if match is None:
        return True  # unknown marker: install it and let pip decide
    here, there = sys.version_info[:2], _version_tuple(match.group(2))
    return {"<": here < there, "<=": here <= there, ">": here > there, ">=": here >= there}[match.group(1)]


def satisfied(requirement: str) -> bool:
    """Whether this interpreter already has `name>=x.y` (the only specifier form we use) installed."""
    if not applies(requirement):
        return True
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(?:>=\s*([0-9.]+))?\s*", requirement.split(";", 1)[0])
    if match is None:
        return False
    name, minimum = match.group(1), match.group(2)
    try:
        installed = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return minimum is None or _version_tuple(installed) >= _version_tuple(minimum)


def cache_root(env: dict[str, str]) -> Path:
    """Where venvs are kept: the runner tool cache, else the job's temp dir, else the user cache."""
    for name in ("RUNNER_TOOL_CACHE", "RUNNER_TEMP"):
        if env.get(name):
            return Path(env[name]) / "qe-actions"
    return Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "qe-actions"


def _package_paths(source: Path) -> list[Path]:
    """The files the venv's copy of our package is built from, in a fixed order (README.md only feeds the
    metadata, so it is copied but not part of the key)."""
    found = [source / "pyproject.toml"]
    for folder, dirs, files in os.walk(source / PACKAGE_DIR):
        dirs[:] = sorted(name for name in dirs if not SKIPPED(folder, [name]))
        found += [Path(folder) / name for name in sorted(files) if not SKIPPED(folder, [name])]
    return found


def source_digest(source: Path) -> str:
    """A digest of our package's source (pyproject.toml and `scripts/`): a changed action gets a new venv."""
    digest = hashlib.sha256()
    for path in _package_paths(source):
        digest.update(path.relative_to(source).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def venv_dir(root: Path, dependencies: list[str], package: str = "") -> Path:
    """The venv for these dependencies, this package source digest and this Python (major.minor, implementation)."""
    tag = f"{sys.implementation.name}{sys.version_info[0]}.{sys.version_info[1]}"
    digest = hashlib.sha256(("\n".join(sorted(dependencies)) + "\n" + package).encode()).hexdigest()[:16]
    return root / f"venv-{tag}-{digest}"


def venv_python(path: Path) -> Path:
    return path / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def find_uv() -> str | None:
    """uv when the runner has it on PATH (e.g. after astral-sh/setup-uv). Measured with empty caches: uv
    installs qe-actions in about 4 s where pip takes about 10 s, but pip-installing uv first (a 15 MB wheel,
    6 s) costs about what it saves, so without uv on PATH we use pip."""
    return shutil.which("uv")


def _host_pip() -> tuple[int, ...]:
    """The version of this interpreter's pip (asked in process: no second interpreter start), or () without one."""
    try:
        return _version_tuple(importlib.metadata.version("pip"))
    except importlib.metadata.PackageNotFoundError:
        return ()


def _pip(target: Path) -> tuple[list[str], Path]:
    """The pip command that installs into the venv `target`, and the interpreter whose pip builds our wheel: this
    one's (`--python`, pip >= 22.3), else the venv's own after ensurepip (same Python, so the same wheel tags)."""
    if _host_pip() >= (22, 3):
        return [sys.executable, "-m", "pip", "--python", str(venv_python(target)), "install", *PIP_QUIET], \
            Path(sys.executable)
    subprocess.run([str(venv_python(target)), "-m", "ensurepip", "--default-pip"], check=True,
                   stdout=subprocess.DEVNULL)
    return [str(venv_python(target)), "-m", "pip", "install", *PIP_QUIET], venv_python(target)


def _build_wheel(package: Path, python: Path) -> Path:
    """Our package built into a wheel by pip, as `pip install <dir>` does first (pip builds the optional C
    extension when a compiler is at hand); `python` is the venv's base or the venv, so the wheel fits the venv."""
    out = package / "dist"
    options = [option for option in PIP_QUIET if option != "--no-compile"]  # `pip wheel` has no --no-compile
    subprocess.run([str(python), "-m", "pip", "wheel", *options, "--no-deps", "--wheel-dir", str(out), str(package)],
                   check=True)
    return next(out.glob("*.whl"))


def _install(target: Path, package: Path, dependencies: list[str], uv: str | None) -> str:
    """Install our package and its dependencies into the venv `target`; returns which installer did it.
    With uv (when on PATH) one `uv pip install <dir>`. With pip the same in two halves at once: the dependencies
    install while pip builds our wheel (a cold start is mostly download time), then the wheel goes in."""
    if uv:
        done = subprocess.run([uv, "pip", "install", "--quiet", "--python", str(venv_python(target)), str(package)],
                              check=False)
        if done.returncode == 0:
            return "uv"
        print("qe-actions: uv could not install the package; trying pip", file=sys.stderr)
    pip, builder = _pip(target)
    with ThreadPoolExecutor(max_workers=1) as pool:
        wheel = pool.submit(_build_wheel, package, builder)
        subprocess.run([*pip, *dependencies], check=True)
        built = wheel.result()
    subprocess.run([*pip, "--no-deps", str(built)], check=True)
    return "pip"


def beside(final: Path) -> Path:
    """An unused work path next to `final` (same file system, so renaming it into place is atomic)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.with_name(f"{final.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    return partial


def copy_package(source: Path, target: Path) -> Path:
    """Our package's build inputs copied to `target`: pip builds in the source tree, and the action's checkout
    is not ours to write build output into."""
    target.mkdir(parents=True)
    for name in PACKAGE_FILES:
        if (source / name).is_file():
            shutil.copy2(source / name, target / name)
    shutil.copytree(source / PACKAGE_DIR, target / PACKAGE_DIR, ignore=SKIPPED)
    return target


def extension_state(venv_root: Path) -> str:
    """Whether pip put the C JUnit reader into the venv: `C` or `pure Python` (a look at the installed files, no
    interpreter start; `qe_actions.accel` still decides at run time)."""
    patterns = ("lib/python*/site-packages/qe_actions/_junitfast*", "Lib/site-packages/qe_actions/_junitfast*")
    built = [path for pattern in patterns for path in venv_root.glob(pattern) if path.suffix in {".so", ".pyd"}]
    return "C" if built else "pure Python"


def build_venv(final: Path, source: Path, installer: str = "auto") -> str:
    """pip-install our package (and so its dependencies) into a venv built beside `final`, then rename it into
    place, so readers never see a partial one. `installer`: auto (uv when on PATH, else pip) or pip.
    Returns the words for the log line: the installer and the JUnit reader the venv ended up with."""
    partial = beside(final)
    package = partial.with_name(partial.name + "-src")
    shutil.rmtree(package, ignore_errors=True)
    try:
        venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(partial)
        used = _install(partial, copy_package(source, package), read_dependencies(source / "pyproject.toml"),
                        find_uv() if installer == "auto" else None)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(package, ignore_errors=True)
    reader = extension_state(partial)
    (partial / READY_MARK).write_text(f"JUnit reader: {reader}\n", encoding="utf-8")
    try:
        partial.rename(final)
    except OSError:  # another job built it first: use theirs
        shutil.rmtree(partial, ignore_errors=True)
    return f"{used}; JUnit reader: {reader}"


def choose_python(source: Path, env: dict[str, str], force_venv: bool,
                  installer: str = "auto") -> tuple[Path, str, str]:
    """The interpreter to run `qe` with, the PYTHONPATH it needs (empty: the package is installed) and a few
    words on how it was obtained."""
    dependencies = read_dependencies(source / "pyproject.toml")
    if not force_venv and all(satisfied(req) for req in dependencies):
        how = "this Python already has the dependencies: qe runs from the action's checkout in pure Python"
        return Path(sys.executable), str(source / PACKAGE_DIR), how
    target = venv_dir(cache_root(env), dependencies, source_digest(source))
    mark = target / READY_MARK
    if mark.is_file():
        return venv_python(target), "", f"cached venv {target}; {mark.read_text(encoding='utf-8').strip()}"
    started = time.monotonic()
    how = build_venv(target, source, installer)
    return venv_python(target), "", f"new venv {target} built in {time.monotonic() - started:.1f} s with {how}"


def write_outputs(path: str | None, values: dict[str, str]) -> None:
    """Append step outputs (single-line values) to GITHUB_OUTPUT, or print them outside a runner."""
    lines = "".join(f"{key}={value}\n" for key, value in values.items())
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(lines)
    else:
        sys.stdout.write(lines)


def main(argv: list[str] | None = None) -> int:
    """Pick or build the interpreter and report it as step outputs."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--source", required=True, help="root of the qe-actions checkout")
    args = parser.parse_args(argv)
    source = Path(args.source).resolve()
    env = dict(os.environ)
    force_venv = env.get("QE_ACTIONS_VENV", "auto").lower() in {"always", "true", "1"}
    installer = "pip" if env.get("QE_ACTIONS_INSTALLER", "auto").lower() == "pip" else "auto"
    python, pythonpath, how = choose_python(source, env, force_venv, installer)
    print(f"qe-actions: Python {python} ({how})")
    write_outputs(env.get("GITHUB_OUTPUT"), {"python": str(python), "pythonpath": pythonpath})
    return 0


if __name__ == "__main__":
    sys.exit(main())
