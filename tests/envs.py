"""Real Python environments with real torch wheels, built once and shared by the tests.

Base environments are full venvs under ``.cache/envs`` (reused across runs when their
stamp matches). Broken variants are hard-linked copies (``cp -al``) of a base, each broken
in one way; pip uninstall and ``rm`` unlink files, so the base stays intact.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("TORCHENV_TEST_ENVS", ROOT / ".cache" / "envs"))

# The wheels that lie on this machine's disk (see DEVELOPERS.md / design.md section 6).
BASES: dict[str, list[str]] = {
    "bare": [],
    "cpu": ["torch==2.13.0"],
    "cpu-tv29": ["torch==2.13.0"],  # torchvision 0.29.1 added with --no-deps below
    "cuda": ["torch==2.14.1", "torchvision==0.29.1"],
}
NO_DEPS: dict[str, list[str]] = {"cpu-tv29": ["torchvision==0.29.1"]}
# What every environment needs to run the extension itself (its CLI and IPython).
TOOLING = ["ipython", "packaging", "nvidia-ml-py"]


def python_of(env: Path) -> Path:
    return env / "bin" / "python"


def base_env(name: str) -> Path:
    """Build (or reuse) base environment ``name`` and return its folder.

    Several test sessions (and engineers) share ``.cache/envs``: a lock per base keeps
    two of them from building or deleting the same venv at once.
    """
    with file_lock(f"base-{name}"):
        return _build_base(name)


@contextlib.contextmanager
def file_lock(name: str) -> Iterator[None]:
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f".{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_base(name: str) -> Path:
    env = CACHE / name
    stamp = env / ".torchenv-stamp.json"
    wanted = {"packages": BASES[name], "no_deps": NO_DEPS.get(name, []), "tooling": TOOLING}
    if stamp.is_file() and json.loads(stamp.read_text()) == wanted:
        return env
    shutil.rmtree(env, ignore_errors=True)
    env.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
    pip = [str(python_of(env)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, *TOOLING, *BASES[name]], check=True)
    if NO_DEPS.get(name):
        subprocess.run([*pip, "--no-deps", *NO_DEPS[name]], check=True)
    _link_project(env)
    stamp.write_text(json.dumps(wanted))
    return env


def _link_project(env: Path) -> None:
    """Make this checkout importable in ``env`` (what an editable install does, offline)."""
    site = next((env / "lib").glob("python*/site-packages"))
    (site / "torchenv_magic_checkout.pth").write_text(str(ROOT) + "\n")


def variant_env(base: str, name: str) -> Path:
    """A fresh hard-linked copy of base ``base`` to break in one way (rebuilt each call)."""
    return clone_env(base_env(base), name)


def clone_env(source: Path, name: str) -> Path:
    """A fresh hard-linked copy of the environment ``source`` as variant ``name`` (rebuilt each call)."""
    target = CACHE / "variants" / name
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cp", "-al", str(source), str(target)], check=True)
    return target


def run_python(env: Path, *args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the environment's interpreter (never its bin/ scripts: copies keep old shebangs)."""
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(python_of(env)), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=environ)


def diagnose_json(env: Path, *extra: str, cwd: Path | None = None) -> dict:
    """``python -m torchenv_magic --json`` run by that environment's interpreter."""
    result = run_python(env, "-m", "torchenv_magic", "--json", *extra, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def site_packages(env: Path) -> Path:
    return next((env / "lib").glob("python*/site-packages"))


SHELL_DRIVER = ROOT / "tests" / "e2e" / "shell_driver.py"


def shell_cells(env: Path, cells: list[str], cwd: Path | None = None, timeout: float = 300) -> list[dict]:
    """Run ``cells`` in a real IPython shell of ``env`` (extension loaded); per cell its error and output."""
    result = run_python(env, str(SHELL_DRIVER), json.dumps(cells), cwd=cwd, timeout=timeout)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def pip(env: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """pip of ``env`` (offline, from the wheels on disk), checked."""
    result = run_python(env, "-m", "pip", "--disable-pip-version-check", *args)
    assert result.returncode == 0, result.stderr
    return result


def add_ghost_dist_info(env: Path, name: str, version: str) -> Path:
    """A second ``name`` dist-info claiming ``version`` beside the real one (what an
    interrupted upgrade or a partial uninstall leaves): a copy with its Version rewritten."""
    site = site_packages(env)
    real = next(site.glob(f"{name}-*.dist-info"))
    ghost = site / f"{name}-{version}.dist-info"
    shutil.copytree(real, ghost)  # a real copy, not hard links: METADATA is rewritten below
    metadata = ghost / "METADATA"
    lines = metadata.read_text().splitlines(keepends=True)
    metadata.unlink()
    metadata.write_text("".join(f"Version: {version}\n" if line.startswith("Version:") else line for line in lines))
    return ghost
