"""Check a fix before running it: what would pip install, replace or leave?

    In [1]: %torchenv fix --check      # or the panel's "Check" button, or `torchenv fix --check`
    torchenv: checked with pip's resolver (dry run, nothing installed):
      torchvision 0.28.0 -> 0.28.0+cpu

Runs ``<this interpreter> -m pip install --dry-run --report FILE --quiet ...`` with the fix's
own arguments, time-boxed, only when asked (never on load, never in the hint). pip's report
lists what it would install; what it would replace is that list against the installed
versions. A fix that would change nothing is said to be one. In a uv environment
``uv pip install --dry-run`` does the same when uv is on PATH; conda has no equivalent here
that is cheap and offline, so conda fixes say why they cannot be checked. A resolver error
(no network, no such version) comes back as a result, never as an exception.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from html import escape
from typing import Any, Literal

from .model import Fix

Status = Literal["changes", "no_change", "error", "cannot_check"]
# pip's dry run reaches the index (or the find-links folders); a dead network must not hang the
# cell: one retry and a short socket timeout, within a wall-clock limit for the whole run.
TIMEOUT_S = 90.0
_PIP_NET = ["--retries", "1", "--timeout", "15", "--disable-pip-version-check"]


@dataclass(frozen=True)
class Change:
    """One distribution the fix would touch: ``before`` None is a new install, equal versions a reinstall."""

    name: str
    before: str | None
    after: str | None

    def line(self) -> str:
        if self.after is None:
            return f"{self.name} {self.before}: would be removed"
        if self.before is None:
            return f"{self.name}: would be installed ({self.after})"
        if self.before == self.after:
            return f"{self.name} {self.after}: would be reinstalled (same version, fresh files)"
        return f"{self.name} {self.before} -> {self.after}"


@dataclass(frozen=True)
class FixCheck:
    """The outcome of checking one fix; ``lines()`` for a terminal, a mime bundle for a notebook."""

    status: Status
    message: str
    changes: list[Change] = field(default_factory=list)
    unnamed: list[str] = field(default_factory=list)  # changed, though the fix does not name them
    command: list[str] = field(default_factory=list)

    @property
    def would_change(self) -> bool:
        return self.status == "changes"

    def lines(self) -> list[str]:
        out = [f"torchenv: {self.message}"]
        out += [f"  {change.line()}" for change in self.changes]
        if self.unnamed:
            out.append(f"  careful: it would also change {', '.join(self.unnamed)}, which the fix does not name")
        return out

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **_: Any) -> dict[str, str]:
        items = "".join(f"<li><code>{escape(change.line())}</code></li>" for change in self.changes)
        extra = f"<p>Careful: it would also change {escape(', '.join(self.unnamed))}.</p>" if self.unnamed else ""
        html = f"<div class='torchenv-fixcheck torchenv-fixcheck-{self.status}'><p>{escape(self.message)}</p><ul>{items}</ul>{extra}</div>"
        return {"text/plain": "\n".join(self.lines()), "text/html": html}


def check_fix(fix: Fix, *, python: str | None = None, timeout: float = TIMEOUT_S) -> FixCheck:
    """Dry-run ``fix`` for ``python`` (default: this interpreter); never raises, never installs."""
    try:
        return _check(fix, python or sys.executable, timeout)
    except Exception as exc:  # noqa: BLE001 - outermost guard: a check must never break the cell
        return FixCheck("error", f"could not check the fix ({type(exc).__name__}: {exc})")


def _check(fix: Fix, python: str, timeout: float) -> FixCheck:
    if fix.kind == "conda":
        return FixCheck("cannot_check", "cannot check a conda command here: conda has no offline dry run of the kernel's env to ask.")
    parsed = pip_words(fix.code) if fix.kind == "pip" else None
    if parsed is None:
        return FixCheck("cannot_check", f"cannot check this fix: it is a {fix.kind} step, not a pip install.")
    tool, verb, words = parsed
    if verb == "uninstall":
        return _uninstall(words, python)
    if verb != "install":
        return FixCheck("cannot_check", f"cannot check `pip {verb}`: only installs have a dry run.")
    if tool == "uv":
        return _uv_dry_run(words, python, timeout)
    return _pip_dry_run(words, python, timeout)


def pip_words(code: str) -> tuple[str, str, list[str]] | None:
    """('pip' | 'uv', verb, the words after the verb) of a one-line pip command, else None.

    Reads ``%pip install ...``, ``<python> -m pip install ...``, ``pip install ...``,
    ``[!]uv pip install --python X ...`` and PowerShell's ``& "python.exe" -m pip ...``.
    """
    if "\n" in code.strip():
        return None
    try:
        words = shlex.split(code.strip().lstrip("!%&").strip(), posix=True)
    except ValueError:
        return None
    if words[:1] == ["uv"] and words[1:2] == ["pip"] and len(words) > 2:
        rest = words[3:]
        if rest[:1] == ["--python"]:
            rest = rest[2:]  # the interpreter is the one being checked
        return "uv", words[2], rest
    for start in range(len(words) - 1):
        if words[start : start + 2] == ["-m", "pip"] and len(words) > start + 2:
            return "pip", words[start + 2], words[start + 3 :]
    if words[:1] == ["pip"] and len(words) > 1:
        return "pip", words[1], words[2:]
    return None


def _pip_dry_run(words: list[str], python: str, timeout: float) -> FixCheck:
    handle, report = tempfile.mkstemp(prefix="torchenv-pip-report-", suffix=".json")
    os.close(handle)
    command = [python, "-m", "pip", "install", "--dry-run", "--report", report, "--quiet", *_PIP_NET, *words]
    try:
        done = _run(command, timeout)
        if isinstance(done, FixCheck):
            return done
        if done.returncode != 0:
            return FixCheck("error", f"pip's resolver refused it: {_last_error(done.stderr or done.stdout)}", command=command)
        with open(report, encoding="utf-8") as file:
            installs = json.load(file).get("install") or []
    finally:
        os.unlink(report)
    after = {str(item["metadata"]["name"]): str(item["metadata"]["version"]) for item in installs}
    return _outcome(after, {}, words, command, python)


def _uv_dry_run(words: list[str], python: str, timeout: float) -> FixCheck:
    uv = shutil.which("uv")
    if uv is None:
        return FixCheck("cannot_check", "cannot check here: this is a uv environment and `uv` is not on PATH.")
    command = [uv, "pip", "install", "--dry-run", "--python", python, *words]
    done = _run(command, timeout)
    if isinstance(done, FixCheck):
        return done
    if done.returncode != 0:
        return FixCheck("error", f"uv's resolver refused it: {_last_error(done.stderr or done.stdout)}", command=command)
    # uv writes " + name==version" for each install and " - name==version" for each removal.
    lines = (done.stderr + done.stdout).splitlines()
    plus = dict(re.findall(r"^\s*\+\s*([A-Za-z0-9_.-]+)==(\S+)", "\n".join(lines), re.M))
    minus = dict(re.findall(r"^\s*-\s*([A-Za-z0-9_.-]+)==(\S+)", "\n".join(lines), re.M))
    return _outcome(plus, minus, words, command, python)


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess[str] | FixCheck:
    environ = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=environ, check=False)
    except subprocess.TimeoutExpired:
        return FixCheck("error", f"the resolver did not finish within {timeout:.0f} s (slow or no network?): not checked.", command=command)
    except OSError as exc:
        return FixCheck("error", f"could not run {command[0]}: {exc.strerror or exc}", command=command)


def _outcome(after: dict[str, str], removed: dict[str, str], words: list[str], command: list[str], python: str) -> FixCheck:
    before = installed_versions([*after, *removed], python)
    changes = [Change(name, before.get(_key(name)), version) for name, version in sorted(after.items())]
    changes += [Change(name, version, None) for name, version in sorted(removed.items()) if _key(name) not in map(_key, after)]
    if not changes:
        return FixCheck("no_change", "this fix would change nothing: everything it asks for is already installed.", command=command)
    named = {_key(name) for name in requirement_names(words)}
    unnamed = [change.name for change in changes if _key(change.name) not in named and change.before is not None]
    message = "checked with the resolver (dry run, nothing installed); the fix would change:"
    return FixCheck("changes", message, changes, unnamed, command)


def _uninstall(words: list[str], python: str) -> FixCheck:
    names = [word for word in words if not word.startswith("-")]
    present = installed_versions(names, python)
    changes = [Change(name, present[_key(name)], None) for name in names if present.get(_key(name))]
    if not changes:
        return FixCheck("no_change", "this fix would change nothing: none of those packages is installed.")
    return FixCheck("changes", "checked against the installed packages; the fix would remove:", changes)


def installed_versions(names: list[str], python: str) -> dict[str, str]:
    """Normalised name -> installed version, read in ``python`` itself (another env's interpreter
    sees other packages; this one is read in-process, which costs nothing)."""
    keys = sorted({_key(name) for name in names})
    if not keys:
        return {}
    if os.path.realpath(python) == os.path.realpath(sys.executable):
        return _versions_here(keys)
    script = (
        "import importlib.metadata as m, json, sys\n"
        "out = {}\n"
        "for n in sys.argv[1:]:\n"
        "    try: out[n] = m.version(n)\n"
        "    except m.PackageNotFoundError: pass\n"
        "print(json.dumps(out))"
    )
    done = _run([python, "-c", script, *keys], 30)
    return json.loads(done.stdout) if isinstance(done, subprocess.CompletedProcess) and done.returncode == 0 else {}


def _versions_here(keys: list[str]) -> dict[str, str]:
    import importlib.metadata as metadata

    found = {}
    for key in keys:
        try:
            found[key] = metadata.version(key)
        except metadata.PackageNotFoundError:
            continue
    return found


def requirement_names(words: list[str]) -> list[str]:
    """The distributions a pip command names (its options and their values left out)."""
    from packaging.requirements import InvalidRequirement, Requirement

    names, skip = [], False
    for word in words:
        if skip:
            skip = False
            continue
        if word.startswith("-"):
            skip = word in ("--index-url", "-i", "--extra-index-url", "-f", "--find-links", "-c", "-r", "--python", "--target")
            continue
        try:
            names.append(Requirement(word).name)
        except InvalidRequirement:
            continue
    return names


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _last_error(text: str) -> str:
    """pip's own reason, in one line: "No matching distribution ..." where it says so, else its
    first ERROR line (the later ones point to help pages), without the list of versions."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith(("ERROR", "error"))]
    best = [line for line in errors if "No matching distribution" in line] or errors[:1] or lines[-1:] or ["no output"]
    return re.sub(r" \(from versions: [^)]*\)?", "", best[0])[:300]
