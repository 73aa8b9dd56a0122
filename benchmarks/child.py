"""One measurement, run inside the interpreter being measured; prints one JSON line.

    python benchmarks/child.py MODE [ARGS...]

Run by :mod:`benchmarks.run` with an environment's own interpreter (tests/envs.py), so it
imports only the standard library, IPython and torchenv_magic - never the benchmark
package, which is not on that interpreter's path. Each mode measures one thing and keeps
its own clock inside the process, so interpreter start-up noise stays out of the numbers
that do not ask for it (the parent times whole processes separately).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Modules a diagnostic extension loaded in every notebook must never import by itself:
# each costs 0.1-4 s, and numpy/torch may be the broken part (design.md section 6).
HEAVY = ("torch", "torchvision", "torchaudio", "pandas", "ipywidgets", "pynvml", "numpy")

# Audit events that start another program (docs.python.org/3/library/audit_events.html).
SPAWN_EVENTS = ("subprocess.Popen", "os.posix_spawn", "os.exec", "os.system", "os.spawn", "os.fork", "os.forkpty", "os.startfile")

TRIVIAL_CELLS = ("x = 1", "y = x + 1", "z = [x, y]", "pass")


def _emit(data: dict[str, Any]) -> None:
    sys.stdout.write("\n" + json.dumps(data, default=str) + "\n")
    sys.stdout.flush()


def _heavy_loaded(modules: set[str]) -> list[str]:
    return sorted({name.split(".", 1)[0] for name in modules} & set(HEAVY))


def _new_shell() -> Any:
    """A real InteractiveShell with history in memory: no sqlite file I/O in the timings."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    return InteractiveShell.instance(config=config)


# --- 1. %load_ext cost -------------------------------------------------------------------


def mode_shell(load: str) -> dict[str, Any]:
    """Start IPython's shell; with load == "load" also run %load_ext torchenv_magic."""
    start = time.perf_counter()
    shell = _new_shell()
    started = time.perf_counter()
    before = set(sys.modules)
    if load == "load":
        shell.run_line_magic("load_ext", "torchenv_magic")
    loaded = time.perf_counter()
    new = set(sys.modules) - before
    return {
        "shell_s": started - start,
        "load_s": loaded - started,
        "new_modules": len(new),
        "heavy_new": _heavy_loaded(new),
        "heavy_present": _heavy_loaded(set(sys.modules)),
        "registered": "torchenv" in shell.magics_manager.magics["line"],
    }


# --- 2. per-cell overhead ----------------------------------------------------------------


def mode_cells(rounds: str, per_block: str) -> dict[str, Any]:
    """Alternate blocks of trivial cells without/with the extension; ns per cell per block.

    The order inside each round flips (AB, BA, ...) so slow drift (CPU frequency, the other
    core's load) hits both sides equally; the parent takes paired differences per round.
    """
    shell = _new_shell()
    n_rounds, size = int(rounds), int(per_block)
    _run_block(shell, size * 2)  # warm-up: compile caches, first display hook, etc.
    shell.run_line_magic("load_ext", "torchenv_magic")
    _run_block(shell, size)
    shell.run_line_magic("unload_ext", "torchenv_magic")
    without, with_ext = [], []
    for index in range(n_rounds):
        for loaded in (False, True) if index % 2 == 0 else (True, False):
            _set_loaded(shell, loaded)
            (with_ext if loaded else without).append(_run_block(shell, size))
    _set_loaded(shell, True)
    return {
        "without_ns": without,
        "with_ns": with_ext,
        "callbacks": _callback_costs(shell),
        "errors": [r for r in _run_results(shell) if r],
    }


def _set_loaded(shell: Any, loaded: bool) -> None:
    if loaded != ("torchenv_magic" in shell.extension_manager.loaded):
        shell.run_line_magic("load_ext" if loaded else "unload_ext", "torchenv_magic")


def _run_block(shell: Any, size: int) -> float:
    # No gc.collect() here: at ~20 ms each it would dominate the run, and the collector's
    # pauses land on both sides alike (real cells have them too).
    cells = TRIVIAL_CELLS
    start = time.perf_counter_ns()
    for index in range(size):
        shell.run_cell(cells[index % len(cells)], store_history=True)
    return (time.perf_counter_ns() - start) / size


def _run_results(shell: Any) -> list[str]:
    """Errors of one more cell of each kind: a benchmark of failing cells would be wrong."""
    errors = []
    for cell in TRIVIAL_CELLS:
        result = shell.run_cell(cell, store_history=True)
        errors.append("" if result.success else f"{cell!r}: {result.error_in_exec or result.error_before_exec!r}")
    return errors


def _callback_costs(shell: Any) -> dict[str, float]:
    """ns per call of each callback the extension registered, given a successful cell.

    The same work as in run_cell, without run_cell's ~100 us of its own: a precise check
    of the block timings above.
    """
    from IPython.core.interactiveshell import ExecutionInfo, ExecutionResult

    from torchenv_magic import magic

    info = ExecutionInfo("x = 1", store_history=True, silent=False, shell_futures=True, cell_id=None)
    result = ExecutionResult(info)
    result.result = None
    args = {"pre_run_cell": (info,), "post_run_cell": (result,), "pre_execute": (), "post_execute": ()}
    costs = {}
    for event, callback in magic._event_callbacks().items():
        costs[f"{event}:{getattr(callback, '__qualname__', callback)}"] = _ns_per_call(callback, args.get(event, ()))
    return costs


def _ns_per_call(func: Callable[..., Any], args: tuple[Any, ...], calls: int = 20000) -> float:
    best = float("inf")
    for _ in range(5):  # best of 5: the floor is the callback's own cost
        start = time.perf_counter_ns()
        for _ in range(calls):
            func(*args)
        best = min(best, (time.perf_counter_ns() - start) / calls)
    return best


# --- 3. the live diagnosis -----------------------------------------------------------------


def mode_diagnose(dump: str = "") -> dict[str, Any]:
    """Cold: import + first diagnose() in this fresh process; warm: the second call."""
    start = time.perf_counter()
    import torchenv_magic

    diagnose = torchenv_magic.diagnose  # held: the first call may rebind the attribute (see below)
    report = diagnose()
    cold = time.perf_counter() - start
    start = time.perf_counter()
    diagnose()
    warm = time.perf_counter() - start
    data: dict[str, Any] = {"cold_s": cold, "warm_s": warm, "findings": [f.cause for f in report.findings]}
    # `from .diagnose import ...` inside the package's diagnose() binds the submodule over the
    # function on first use, so a second `torchenv_magic.diagnose()` would raise TypeError.
    data["api_callable_after_first_call"] = callable(torchenv_magic.diagnose)
    data["heavy_present"] = _heavy_loaded(set(sys.modules))
    if dump:
        data["report"] = report.to_dict()
    return data


# --- 5. subprocesses and memory --------------------------------------------------------------


class SpawnAudit:
    """Count process starts seen by an audit hook (process-wide: probe threads included)."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if event in SPAWN_EVENTS:
            first = args[0] if args else ""
            self.events.append(f"{event} {first!r}"[:160])


def mode_audit() -> dict[str, Any]:
    """Subprocesses started and memory used by one default diagnosis (tracemalloc is slow: no timing here)."""
    import tracemalloc

    audit = SpawnAudit()
    sys.addaudithook(audit)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    import torchenv_magic

    torchenv_magic.diagnose()
    _join_probe_threads()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "spawns": len(audit.events),
        "events": audit.events,
        "tracemalloc_peak_bytes": peak,
        "maxrss_delta_kib": rss_after - rss_before,  # Linux reports KiB
        "maxrss_kib": rss_after,
    }


def _join_probe_threads(timeout_s: float = 10.0) -> None:
    """A timed-out probe keeps running in its thread; wait so its spawns are counted too."""
    deadline = time.monotonic() + timeout_s
    for thread in threading.enumerate():
        if thread.name.startswith("torchenv-probe-"):
            thread.join(max(deadline - time.monotonic(), 0.0))


def mode_collect_env() -> dict[str, Any]:
    """torch's collect_env in-process: its fields, its time, the processes it starts."""
    audit = SpawnAudit()
    sys.addaudithook(audit)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    from torch.utils import collect_env

    info = collect_env.get_env_info()
    elapsed = time.perf_counter() - start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    spawns = list(audit.events)
    start = time.perf_counter()
    collect_env.get_env_info()  # warm: torch already imported, the same subprocesses again
    warm = time.perf_counter() - start
    return {
        "elapsed_s": elapsed,
        "warm_s": warm,
        "fields": {key: _short(value) for key, value in info._asdict().items()},
        "spawns": len(spawns),
        "events": spawns,
        "maxrss_delta_kib": rss_after - rss_before,
    }


def _short(value: Any, limit: int = 300) -> Any:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "..."


# --- 4. explain on the real-error corpus ---------------------------------------------------


def mode_explain(corpus: str, repeats: str) -> dict[str, Any]:
    cases = [_read_case(path) for path in sorted(Path(corpus).glob("*/*.txt"))]
    if not cases:
        return {"skipped": f"no corpus files under {corpus}"}
    import torchenv_magic

    explain = torchenv_magic.explain  # held, as in mode_diagnose
    start = time.perf_counter()
    try:
        explain(cases[0]["text"], platform=cases[0]["platform"], packages=cases[0]["packages"])
    except ImportError as exc:  # the explainer is being written: say so, measure nothing
        return {"skipped": f"torchenv_magic.explain is not there yet ({exc})"}
    first = time.perf_counter() - start  # includes importing the explainer and its data
    return {
        "first_call_s": first,
        "cases": _time_cases(explain, cases, int(repeats)),
        "api_callable_after_first_call": callable(torchenv_magic.explain),
    }


def _read_case(path: Path) -> dict[str, Any]:
    raw = path.read_text(encoding="utf-8", errors="replace")
    header, _, text = raw.partition("\n---\n")
    meta = {}
    for line in header.splitlines():
        key, sep, value = line.lstrip("# ").partition(":")
        if sep:
            meta[key.strip()] = value.strip()
    platform = meta.get("platform") if meta.get("platform") in ("windows", "linux", "macos") else None
    packages = dict(item.split("=", 1) for item in meta.get("packages", "").split() if "=" in item)
    return {
        "name": f"{path.parent.name}/{path.name}",
        "text": text,
        "platform": platform,
        "packages": packages or None,
        "expected": meta.get("expected"),
    }


def _time_cases(explain: Callable[..., Any], cases: list[dict[str, Any]], passes: int) -> list[dict[str, Any]]:
    """Each case's times over `passes` passes through the whole corpus.

    Why passes, not one case's calls back to back: on a shared 2-vCPU machine another
    process's stall of a few tens of ms spans several consecutive calls, and then a case's
    median is the stall, not explain. Across passes, minutes apart, a stall lands on one of
    the case's samples at most, and the median drops it.
    """
    times: list[list[float]] = [[] for _ in cases]
    tops: list[Any] = [None for _ in cases]
    for _ in range(passes):
        for index, case in enumerate(cases):
            start = time.perf_counter()
            findings = explain(case["text"], platform=case["platform"], packages=case["packages"])
            times[index].append(time.perf_counter() - start)
            tops[index] = findings[0].cause if findings else None
    return [
        {"name": case["name"], "times_s": case_times, "top": top, "expected": case["expected"], "chars": len(case["text"])}
        for case, case_times, top in zip(cases, times, tops)
    ]


# --- profiling, for budgets that fail -----------------------------------------------------


def mode_profile(target: str, corpus: str = "") -> dict[str, Any]:
    """cProfile of one target, top functions by cumulative time, as text."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    _PROFILE_TARGETS[target](corpus)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(80)
    # The import machinery's frames repeat every import's cost; the modules themselves stay.
    noise = ("<frozen importlib", "builtins.exec}", "builtins.__import__}", "List reduced from")
    lines = [line for line in out.getvalue().splitlines() if line.strip() and not any(n in line for n in noise)]
    return {"target": target, "text": "\n".join(lines[:35])}


def _profile_load(_: str) -> None:
    _new_shell().run_line_magic("load_ext", "torchenv_magic")


def _profile_diagnose(_: str) -> None:
    from torchenv_magic import diagnose

    diagnose()


def _profile_cli(_: str) -> None:
    """What ``python -m torchenv_magic --json`` runs: parser, diagnosis, JSON (output dropped)."""
    import contextlib
    import io

    from torchenv_magic.cli import main

    with contextlib.redirect_stdout(io.StringIO()):
        main(["--json"])


def _profile_explain(corpus: str) -> None:
    from torchenv_magic import explain

    for path in sorted(Path(corpus).glob("*/*.txt")):
        case = _read_case(path)
        explain(case["text"], platform=case["platform"], packages=case["packages"])


_PROFILE_TARGETS: dict[str, Callable[[str], None]] = {
    "load": _profile_load,
    "diagnose": _profile_diagnose,
    "cli": _profile_cli,
    "explain": _profile_explain,
}

MODES: dict[str, Callable[..., dict[str, Any]]] = {
    "shell": mode_shell,
    "cells": mode_cells,
    "diagnose": mode_diagnose,
    "audit": mode_audit,
    "collect_env": mode_collect_env,
    "explain": mode_explain,
    "profile": mode_profile,
}


def main(argv: list[str]) -> int:
    # The script's own folder must not shadow anything the measured code imports.
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or ".") != here]
    _emit(MODES[argv[0]](*argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
