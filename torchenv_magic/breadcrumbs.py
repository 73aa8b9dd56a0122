"""Explain a kernel death on the next start: a breadcrumb around cells that import torch.

A truncated ``libc10.so`` (SIGBUS), a CPU without the instructions the build needs
("Illegal instruction") or two OpenMP runtimes kill the process during ``import torch``:
"the kernel appears to have died", and no hint can run. So, while a cell that imports a
torch-family module runs, a breadcrumb (pid, process identity, ``sys.prefix``, the
cell's import line, time) lies in the user's cache directory and :mod:`faulthandler`
writes into a file beside it. The cell finishes: both are removed, faulthandler is
restored. The process dies instead: the next kernel of the same environment says so::

    In [1]: %load_ext torchenv_magic
    torchenv: the previous kernel died while running `import torch` (2026-12-01 04:30:56 UTC, pid 20381)
      Fatal Python error: Bus error
      last frames (most recent first):
        torch/__init__.py:445 in <module>
      the diagnosis of this environment follows (a damaged file, the CPU, two OpenMP runtimes)
    torchenv: ERROR: torch 2.13.0+cpu is damaged: files it installed are missing or cut short

Cells without ``import`` cost one substring search, other cells that do not mention a
torch-family name three: 0.1 µs for a short cell, 1.4 µs for 1,300 characters here. The
folder is ``$XDG_CACHE_HOME/torchenv_magic`` (``~/.cache/torchenv_magic``; on Windows
``%LOCALAPPDATA%\\torchenv_magic\\Cache``), never the project folder; one file per pid,
so several kernels at once never mix; a live process's breadcrumb is never reported.
"""

from __future__ import annotations

import atexit
import faulthandler
import json
import os
import re
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

_FAMILY = r"(?:torch(?:vision|audio|text)?|detectron2)\b"
# `import torch`, `import numpy as np, torch`, `from torch.nn import X`, `%time import torch`
_IMPORT = (  # compiled on first use (re's own cache): loading the extension stays cheap
    rf"(?:^|;)[ \t]*(?:%{{1,2}}\w+[ \t]+)?(?:from[ \t]+{_FAMILY}|import[ \t]+(?:[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*,[ \t]*)*{_FAMILY})"
)
MAX_FRAMES = 8
STALE_S = 30 * 24 * 3600  # another environment's breadcrumb this old is removed unreported


def cache_dir() -> Path:
    """The user's cache folder for torchenv_magic (created on first write, not here)."""
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "torchenv_magic" / "Cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "torchenv_magic"


def import_line(source: str) -> str | None:
    """The cell's first line importing a torch-family module, or None (cheaply, for most cells)."""
    if "torch" not in source and "detectron2" not in source:
        return None
    match = re.search(_IMPORT, source, re.MULTILINE)
    if match is None:
        return None
    statement = source[match.start() :].split("\n", 1)[0].lstrip(";").split(";", 1)[0]
    return statement.strip()[:200]  # the import statement alone: nothing else of the cell is kept


# --- while a cell runs ---------------------------------------------------------------------------


class _Active:
    """The breadcrumb of the cell running now, and the faulthandler state to restore."""

    crumb: Path | None = None
    log: IO[bytes] | None = None
    was_enabled: bool = False
    pending_shell: Any = None  # a death to report in the first cell (the kernel was starting)


def pre_run_cell(info: Any) -> None:
    """IPython ``pre_run_cell`` callback: leave a breadcrumb when the cell imports torch."""
    if _Active.pending_shell is not None:  # loaded while the kernel started: the note goes in the first cell
        _show_pending()
    source = getattr(info, "raw_cell", None)
    if not source or "import" not in source or ("torch" not in source and "detectron2" not in source):
        return  # the common case: one substring search (most cells import nothing)
    try:
        line = import_line(source)
        if line is not None:
            begin(line)
    except Exception as exc:  # noqa: BLE001 - outermost guard of a callback
        print(f"torchenv: could not leave a breadcrumb for this cell ({type(exc).__name__}: {exc})", file=sys.stderr)


def begin(line: str, folder: Path | None = None) -> Path:
    """Write this process's breadcrumb and send faulthandler's output beside it."""
    finish()
    folder = cache_dir() if folder is None else folder
    folder.mkdir(parents=True, exist_ok=True)
    pid = os.getpid()
    crumb = folder / f"crumb-{pid}.json"
    log = open(folder / f"fault-{pid}.log", "wb")  # noqa: SIM115 - kept open for the cell's duration
    _Active.crumb, _Active.log, _Active.was_enabled = crumb, log, faulthandler.is_enabled()
    faulthandler.enable(file=log, all_threads=True)
    record = {
        "pid": pid,
        "identity": process_identity(pid),
        "host": _host(),  # a home folder shared by several machines (NFS, a cluster) holds theirs too
        "prefix": sys.prefix,
        "import_line": line,
        "time": time.time(),
    }
    crumb.write_text(json.dumps(record), encoding="utf-8")
    return crumb


def finish() -> None:
    """The cell ended (normally or with a Python exception): remove the breadcrumb, restore faulthandler."""
    crumb, log = _Active.crumb, _Active.log
    if crumb is None:
        return
    _Active.crumb = _Active.log = None
    _restore_faulthandler(_Active.was_enabled)
    if log is not None:
        log.close()
    _remove(crumb)


def active() -> bool:
    """Whether a breadcrumb is down for the cell running now (post_run_cell's cheap check)."""
    return _Active.crumb is not None


def _restore_faulthandler(was_enabled: bool) -> None:
    """Back to the state before the cell: enabled to stderr (the only target we can name) or off."""
    if not was_enabled:
        faulthandler.disable()
        return
    try:
        faulthandler.enable(file=sys.__stderr__, all_threads=True)  # type: ignore[arg-type]
    except (AttributeError, ValueError, OSError, RuntimeError):  # no usable stderr (pythonw)
        faulthandler.disable()


def _remove(crumb: Path) -> None:
    for path in (crumb, _log_of(crumb)):
        path.unlink(missing_ok=True)


def _log_of(crumb: Path) -> Path:
    return crumb.with_name(crumb.name.replace("crumb-", "fault-", 1).replace(".json", ".log"))


# --- is that process gone? -------------------------------------------------------------------------


def process_identity(pid: int) -> dict[str, Any]:
    """What tells this process from a later one with the same pid (Linux: boot id, start ticks; Windows: the
    process's creation time, since Windows hands a dead process's pid to new ones, and Wine at once)."""
    if os.name == "nt":
        created = _windows_creation_time(pid)
        return {} if created is None else {"created": created}
    stat = _proc_stat(pid)
    if stat is None:
        return {}
    return {"boot_id": _boot_id(), "start_ticks": stat[19]}


def _proc_stat(pid: int) -> list[str] | None:
    """The fields of ``/proc/PID/stat`` after the command name (state first), or None."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rpartition(")")[2].split()


def _host() -> str:
    """This machine's name (``os.uname`` where it exists: no ``platform`` import at load)."""
    uname = getattr(os, "uname", None)
    return uname().nodename if uname is not None else os.environ.get("COMPUTERNAME", "")


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def is_alive(record: dict[str, Any]) -> bool:
    """Whether the process that wrote ``record`` still runs (a reused pid or a zombie is gone)."""
    pid = int(record["pid"])
    if Path("/proc/self/stat").exists():
        stat = _proc_stat(pid)
        if stat is None or stat[0] in ("Z", "X"):
            return False
        recorded = record.get("identity") or {}
        return all(recorded.get(key) == value for key, value in process_identity(pid).items() if key in recorded)
    if os.name == "nt":
        created = (record.get("identity") or {}).get("created")
        return _windows_alive(pid) and (created is None or _windows_creation_time(pid) == created)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _windows_alive(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return bool(ctypes.get_last_error() == 5)  # type: ignore[attr-defined,unused-ignore] # access denied: it exists
    code = ctypes.c_ulong()
    try:
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
    finally:
        kernel32.CloseHandle(handle)
    return code.value == 259  # STILL_ACTIVE


def _windows_creation_time(pid: int) -> int | None:
    """The process's creation time (a FILETIME, 100 ns ticks), or None when it cannot be opened."""
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return None
    created, exited, kernel, user = (ctypes.c_ulonglong() for _ in range(4))
    try:
        ok = kernel32.GetProcessTimes(handle, *(ctypes.byref(value) for value in (created, exited, kernel, user)))
    finally:
        kernel32.CloseHandle(handle)
    return int(created.value) if ok else None


# --- on the next start -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Death:
    """A process of this environment that died while a cell imported torch."""

    pid: int
    time: float
    import_line: str
    fatal: str
    frames: tuple[str, ...]

    def when(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(self.time))

    def lines(self) -> list[str]:
        lines = [f"torchenv: the previous kernel died while running `{self.import_line}` ({self.when()}, pid {self.pid})"]
        if self.fatal:
            lines.append(f"  {self.fatal}")
        if self.frames:
            lines.append("  last frames (most recent first):")
            lines += [f"    {frame}" for frame in self.frames]
        else:
            lines.append("  no stack was left: the process was killed (SIGKILL: out of memory, or a restart while the cell ran)")
        lines.append("  the diagnosis of this environment follows (a damaged file, the CPU, two OpenMP runtimes)")
        return lines

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["frames"] = list(self.frames)
        return data

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **_: Any) -> dict[str, str]:
        import html

        text = "\n".join(self.lines())
        return {"text/plain": text, "text/html": f"<pre class='torchenv-death'>{html.escape(text)}</pre>"}

    def __repr__(self) -> str:
        return "\n".join(self.lines())


def death_capture(death: dict[str, Any]) -> dict[str, Any]:
    """The death of a previous kernel as a capture for the diagnosis (``Death.to_dict()``'s form).

    No exception survived it, so the capture names the module whose import killed the kernel;
    with it the integrity check of that package runs (probes/install_files.check_failure), as
    after a failed import, and a damaged file of torch is named after the restart too.
    """
    from .capture import FAMILY, installed_files_check

    line = str(death.get("import_line") or "")
    module = next((word for word in re.findall(r"[A-Za-z_][\w.]*", line) if word.split(".")[0] in FAMILY), "torch")
    message = f"the previous kernel died while running `{line}`" + (f": {death['fatal']}" if death.get("fatal") else "")
    capture: dict[str, Any] = {"type": "KernelDeath", "module": "", "message": message, "name": module, "chain": []}
    capture.update(tb_files=[], text="KernelDeath: " + message, modules={"count": 0, "sample": [], "packages": {}})
    capture["install_files"] = installed_files_check(capture)
    return capture


def take_deaths(folder: Path | None = None, prefix: str | None = None) -> list[Death]:
    """Deaths of this environment's processes, oldest first; their breadcrumbs are removed (shown once)."""
    folder = cache_dir() if folder is None else folder
    prefix = sys.prefix if prefix is None else prefix
    try:
        crumbs = sorted(folder.glob("crumb-*.json"))
    except OSError:
        return []
    deaths = [death for death in (_take(crumb, prefix) for crumb in crumbs) if death is not None]
    return sorted(deaths, key=lambda death: death.time)


def _take(crumb: Path, prefix: str) -> Death | None:
    """The death a breadcrumb records (removing it), or None when it is alive or another env's."""
    try:
        record = json.loads(crumb.read_text(encoding="utf-8"))
        pid, started = int(record["pid"]), float(record["time"])
    except (OSError, ValueError, KeyError, TypeError):  # unreadable or half-written: drop it
        _remove(crumb)
        return None
    if crumb == _Active.crumb or record.get("host", _host()) != _host() or is_alive(record):
        return None  # alive, or another machine's process: not ours to judge
    if record.get("prefix") != prefix:
        if time.time() - started > STALE_S:
            _remove(crumb)
        return None
    fatal, frames = parse_fault_log(_read_log(_log_of(crumb)))
    _remove(crumb)
    return Death(pid, started, str(record.get("import_line") or "import torch"), fatal, frames)


def _read_log(path: Path) -> str:
    try:
        return path.read_bytes()[:65536].decode("utf-8", "replace")
    except OSError:
        return ""


_FRAME = r'^\s+File "(?P<path>[^"]*)", line (?P<line>\d+) in (?P<func>.*)$'


def parse_fault_log(text: str) -> tuple[str, tuple[str, ...]]:
    """faulthandler's output -> ("Fatal Python error: Bus error", the current thread's last frames, shortened)."""
    lines = text.splitlines()
    fatal = next((line.strip() for line in lines if line.startswith("Fatal Python error")), "")
    # With all_threads, the thread that died is "Current thread 0x... (most recent call first):".
    start = next((index for index, line in enumerate(lines) if line.startswith("Current thread")), None)
    if start is None:
        start = next((index for index, line in enumerate(lines) if re.match(_FRAME, line)), len(lines)) - 1
    frames: list[str] = []
    for line in lines[start + 1 :]:
        match = re.match(_FRAME, line)
        if match is None:
            break
        if match["path"].startswith("<frozen "):  # importlib's own frames say nothing here
            continue
        frames.append(f"{_short(match['path'])}:{match['line']} in {match['func']}")
    return fatal, tuple(frames[:MAX_FRAMES])


def _short(path: str) -> str:
    """``.../site-packages/torch/__init__.py`` -> ``torch/__init__.py``; else the last two parts."""
    for marker in ("site-packages/", "site-packages\\", "dist-packages/"):
        if marker in path:
            return path.rpartition(marker)[2]
    parts = path.replace("\\", "/").split("/")
    return "/".join(parts[-2:])


# --- IPython connectivity: load and unload are symmetric -----------------------------------------


def load(ipython: Any) -> None:
    """Arm the clean-exit hook and explain a death of this environment's last kernel.

    ``pre_run_cell`` itself is registered with the other event callbacks (magic._event_callbacks).
    """
    atexit.unregister(finish)  # registered once, whatever the number of loads
    atexit.register(finish)  # a clean exit in the middle of a cell is no death
    if not _has_crumbs():
        return
    if _kernel_starting(ipython):  # no cell yet: a frontend would drop what is shown now
        _Active.pending_shell = ipython
    else:
        _explain(ipython)


def unload(ipython: Any) -> None:
    atexit.unregister(finish)
    _Active.pending_shell = None
    finish()


def _kernel_starting(shell: Any) -> bool:
    """Loaded by the kernel's own start-up (``c.InteractiveShellApp.extensions``), not by a cell."""
    get_parent = getattr(getattr(shell, "kernel", None), "get_parent", None)
    return callable(get_parent) and not get_parent("shell")


def _show_pending() -> None:
    shell, _Active.pending_shell = _Active.pending_shell, None
    _explain(shell)


def _explain(shell: Any) -> None:
    """The death note and the diagnosis (never raising: loading must not fail because of it)."""
    try:
        from .controller import show_previous_death

        show_previous_death(shell)
    except Exception as exc:  # noqa: BLE001 - outermost guard of a callback
        print(f"torchenv: could not explain the previous kernel's death ({type(exc).__name__}: {exc}); try %torchenv", file=sys.stderr)


def _has_crumbs() -> bool:
    """Cheap check for the load path: any breadcrumb at all (whose, is decided later)."""
    try:
        return any(cache_dir().glob("crumb-*.json"))
    except OSError:
        return False
