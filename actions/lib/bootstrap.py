"""Give the actions a Python that can run qe-actions, fast: reuse what is there, else a cached venv of its deps.

Run by every composite action before `qe`: `python3 bootstrap.py --source <checkout of qe-actions>`.
Our own code is never built or installed: it runs from the action's checkout through PYTHONPATH, so the
venv holds only the third-party runtime dependencies and is keyed on them plus the Python version.
The venv lives in the runner's tool cache (kept between jobs on self-hosted runners, between the steps of
one job everywhere), built beside its final place and renamed into it, so a half-built venv is never used.
Standard library only: this runs before any dependency exists. Writes `python` and `pythonpath` to
GITHUB_OUTPUT and one line saying what it did.
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
from pathlib import Path

READY_MARK = ".qe-ready"
PIP_QUIET = ["--disable-pip-version-check", "--no-input", "--quiet", "--prefer-binary", "--no-compile"]


def read_dependencies(pyproject: Path) -> list[str]:
    """The `[project] dependencies` strings of pyproject.toml (a tiny reader: tomllib is 3.11+ only)."""
    text = pyproject.read_text(encoding="utf-8")
    project = re.search(r"^\[project\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
    block = re.search(r"^dependencies\s*=\s*\[(.*?)\]", project.group(1) if project else "", re.M | re.S)
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


def venv_dir(root: Path, dependencies: list[str]) -> Path:
    """The venv for these dependencies and this Python (major.minor and implementation)."""
    tag = f"{sys.implementation.name}{sys.version_info[0]}.{sys.version_info[1]}"
    digest = hashlib.sha256("\n".join(sorted(dependencies)).encode()).hexdigest()[:16]
    return root / f"venv-{tag}-{digest}"


def venv_python(path: Path) -> Path:
    return path / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def find_uv() -> str | None:
    """uv when the runner has it on PATH (e.g. after astral-sh/setup-uv). Measured with empty caches: uv
    installs our dependencies in about 2 s where pip takes about 9 s, but pip-installing uv first (a 15 MB
    wheel, 6 s) costs about what it saves, so without uv on PATH we use pip."""
    return shutil.which("uv")


def _install(target: Path, dependencies: list[str], uv: str | None) -> str:
    """Install into `target` with uv when there is one, else this interpreter's pip (`--python`, pip >= 22.3),
    else the venv's own pip; returns which one did it."""
    if uv:
        done = subprocess.run([uv, "pip", "install", "--quiet", "--python", str(venv_python(target)), *dependencies])
        if done.returncode == 0:
            return "uv"
        print("qe-actions: uv could not install the dependencies; trying pip", file=sys.stderr)
    host_pip = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True, text=True)
    pip_version = _version_tuple(host_pip.stdout.split()[1]) if host_pip.returncode == 0 else ()
    if pip_version >= (22, 3):
        command = [sys.executable, "-m", "pip", "--python", str(venv_python(target)), "install", *PIP_QUIET]
    else:
        subprocess.run([str(venv_python(target)), "-m", "ensurepip", "--default-pip"], check=True,
                       stdout=subprocess.DEVNULL)
        command = [str(venv_python(target)), "-m", "pip", "install", *PIP_QUIET]
    subprocess.run([*command, *dependencies], check=True)
    return "pip"


def build_venv(final: Path, dependencies: list[str], installer: str = "auto") -> str:
    """Build the venv beside `final` and rename it into place, so readers never see a partial one.
    `installer`: auto (uv when on PATH, else pip) or pip."""
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.with_name(f"{final.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(partial)
    used = _install(partial, dependencies, find_uv() if installer == "auto" else None)
    (partial / READY_MARK).write_text(" ".join(dependencies) + "\n", encoding="utf-8")
    try:
        partial.rename(final)
    except OSError:  # another job built it first: use theirs
        shutil.rmtree(partial, ignore_errors=True)
    return used


def choose_python(source: Path, env: dict[str, str], force_venv: bool, installer: str = "auto") -> tuple[Path, str]:
    """The interpreter to run `qe` with, and a few words on how it was obtained."""
    dependencies = read_dependencies(source / "pyproject.toml")
    if not force_venv and all(satisfied(req) for req in dependencies):
        return Path(sys.executable), "this Python already has the dependencies"
    target = venv_dir(cache_root(env), dependencies)
    if (target / READY_MARK).is_file():
        return venv_python(target), f"cached venv {target}"
    started = time.monotonic()
    used = build_venv(target, dependencies, installer)
    return venv_python(target), f"new venv {target} built with {used} in {time.monotonic() - started:.1f} s"


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True, help="root of the qe-actions checkout")
    args = parser.parse_args(argv)
    source = Path(args.source).resolve()
    env = dict(os.environ)
    force_venv = env.get("QE_ACTIONS_VENV", "auto").lower() in {"always", "true", "1"}
    installer = "pip" if env.get("QE_ACTIONS_INSTALLER", "auto").lower() == "pip" else "auto"
    python, how = choose_python(source, env, force_venv, installer)
    print(f"qe-actions: Python {python} ({how})")
    write_outputs(env.get("GITHUB_OUTPUT"), {"python": str(python), "pythonpath": str(source / "scripts")})
    return 0


if __name__ == "__main__":
    sys.exit(main())
