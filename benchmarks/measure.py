"""The five measurements of issue 7, each against a baseline taken in the same run.

Every number comes from a fresh process of the measured environment's own interpreter
(``benchmarks/child.py``, or the real commands ``python -m torchenv_magic --json`` and
``python -m torch.utils.collect_env``). Runs of the thing and of its baseline alternate,
so a burst of load on this 2-core machine lands on both sides instead of one.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .fields import compare, missing_needed
from .stats import median, percentile, ratio, summary

ROOT = Path(__file__).resolve().parents[1]
CHILD = Path(__file__).with_name("child.py")
CORPUS = ROOT / "tests" / "corpus"


class BenchError(RuntimeError):
    """A measured process failed: the benchmark reports it instead of a number."""


@dataclass(frozen=True)
class Settings:
    """How many samples; --quick shrinks all of them (a smoke test, not a measurement)."""

    processes: int = 15  # fresh processes per side for %load_ext
    diag_runs: int = 7  # CLI / in-process / collect_env processes per environment
    collect_env_inproc: int = 2  # in-process collect_env runs (fields, spawns, cold/warm)
    cell_rounds: int = 1000  # short blocks, many rounds: a burst of load spoils few pairs
    cells_per_block: int = 20
    explain_repeats: int = 5

    @classmethod
    def quick(cls) -> Settings:
        return cls(processes=2, diag_runs=1, collect_env_inproc=1, cell_rounds=50, cells_per_block=20, explain_repeats=1)


@dataclass
class Env:
    """An interpreter to measure: a tests/envs.py base environment or this one ("self")."""

    name: str
    python: str
    has_torch: bool = False
    torch_version: str | None = None
    notes: list[str] = field(default_factory=list)


class Runner:
    """Starts measured processes with a clean environment and a scratch IPython dir."""

    def __init__(self) -> None:
        self._scratch = tempfile.TemporaryDirectory(prefix="torchenv-bench-")
        self.cwd = Path(self._scratch.name) / "cwd"  # empty: nothing there can shadow torch
        self.cwd.mkdir()
        # PYTHONDONTWRITEBYTECODE (set in some shells and CI) would recompile torchenv_magic from
        # source in every process: an installed package has its .pyc files, so measure that.
        dropped = ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONSTARTUP", "PYTHONDONTWRITEBYTECODE")
        self.environ = {k: v for k, v in os.environ.items() if k not in dropped}
        # A private, pre-created profile: no first-run profile creation inside a timing.
        self.environ["IPYTHONDIR"] = str(Path(self._scratch.name) / "ipython")
        self.environ["PYTHONWARNINGS"] = "ignore"
        self.cpu_s = 0.0

    def close(self) -> None:
        self._scratch.cleanup()

    def process(self, argv: list[str], timeout: float = 600) -> tuple[subprocess.CompletedProcess[str], float]:
        """Run argv; return the result and its wall time (interpreter start-up included).

        The CPU time (user + sys) of the process and of every process it waited for is
        kept in ``self.cpu_s``: on a shared 2-core machine it shifts far less with other
        people's load than wall time does, so it backs up a wall-time ratio.
        """
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(argv, cwd=self.cwd, env=self.environ, capture_output=True, text=True, timeout=timeout)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return result, wall

    def child(self, env: Env, mode: str, *args: str) -> tuple[dict[str, Any], float]:
        result, wall = self.process([env.python, str(CHILD), mode, *map(str, args)])
        if result.returncode != 0:
            raise BenchError(f"{env.name}: child {mode} exited {result.returncode}: {_tail(result.stderr)}")
        lines = [line for line in result.stdout.splitlines() if line.strip()]
        return json.loads(lines[-1]), wall


def _tail(text: str, lines: int = 6) -> str:
    return " | ".join(text.strip().splitlines()[-lines:])


def describe_env(runner: Runner, env: Env) -> Env:
    """Fill in whether torch is installed there (collect_env needs it), without importing it."""
    code = "import importlib.metadata as m\ntry: print(m.version('torch'))\nexcept m.PackageNotFoundError: print('')"
    result, _ = runner.process([env.python, "-c", code])
    env.torch_version = result.stdout.strip() or None
    env.has_torch = env.torch_version is not None
    return env


# --- 1. %load_ext ----------------------------------------------------------------------------


def bench_load(runner: Runner, env: Env, settings: Settings) -> dict[str, Any]:
    """%load_ext in fresh processes vs fresh processes that only start the shell."""
    runner.child(env, "shell", "load")  # warm the page cache and .pyc files; not counted
    samples: dict[str, list[dict[str, Any]]] = {"base": [], "load": []}
    for index in range(settings.processes):
        for side in ("base", "load") if index % 2 == 0 else ("load", "base"):
            data, wall = runner.child(env, "shell", side)
            samples[side].append({**data, "wall_s": wall, "cpu_s": runner.cpu_s})
    load, base = samples["load"], samples["base"]
    load_s = [s["load_s"] for s in load]
    shell_s = [s["shell_s"] for s in base]
    return {
        "env": env.name,
        "load_s": summary(load_s),
        "shell_s": summary(shell_s),
        "ratio_to_shell": ratio(median(load_s), median(shell_s)),
        "wall_load_s": summary([s["wall_s"] for s in load]),
        "wall_base_s": summary([s["wall_s"] for s in base]),
        "wall_ratio": ratio(median([s["wall_s"] for s in load]), median([s["wall_s"] for s in base])),
        "cpu_load_s": summary([s["cpu_s"] for s in load]),
        "cpu_base_s": summary([s["cpu_s"] for s in base]),
        "cpu_ratio": ratio(median([s["cpu_s"] for s in load]), median([s["cpu_s"] for s in base])),
        "heavy_new": sorted({name for s in load for name in s["heavy_new"]}),
        "new_modules": median([s["new_modules"] for s in load]),
        "registered": all(s["registered"] for s in load),
    }


# --- 2. per-cell overhead ----------------------------------------------------------------------


def bench_cells(runner: Runner, env: Env, settings: Settings) -> dict[str, Any]:
    data, _ = runner.child(env, "cells", settings.cell_rounds, settings.cells_per_block)
    without, with_ext = data["without_ns"], data["with_ns"]
    diffs_us = [(w - wo) / 1000 for w, wo in zip(with_ext, without)]  # paired per round
    return {
        "env": env.name,
        "rounds": len(diffs_us),
        "cells_per_block": settings.cells_per_block,
        "with_us": median(with_ext) / 1000,
        "without_us": median(without) / 1000,
        "overhead_us": median(diffs_us),
        "overhead_p25_us": percentile(diffs_us, 0.25),
        "overhead_p75_us": percentile(diffs_us, 0.75),
        # From the paired overhead, not the two medians: those come from different blocks,
        # and on a loaded machine they differ by more than the overhead itself.
        "ratio": ratio(median(without) / 1000 + median(diffs_us), median(without) / 1000),
        # Fastest block of each side: the floor, least touched by other people's load.
        "min_with_us": min(with_ext) / 1000,
        "min_without_us": min(without) / 1000,
        "callbacks_ns": data["callbacks"],
        "cell_errors": data["errors"],
    }


# --- 3 and 5. the live diagnosis, collect_env, subprocesses, memory -------------------------------


def bench_diagnosis(runner: Runner, env: Env, settings: Settings) -> dict[str, Any]:
    """CLI and in-process diagnosis vs collect_env, interleaved, plus the field map."""
    cli_argv = [env.python, "-m", "torchenv_magic", "--json"]
    report = _cli_report(runner, cli_argv)  # also warms caches before the timed runs
    ce_argv = [env.python, "-m", "torch.utils.collect_env"]
    if env.has_torch:
        _timed_ok(runner, ce_argv)  # warm the page cache for torch's files too; not counted
    walls: dict[str, list[float]] = {"cli": [], "collect_env": [], "cli_cpu": [], "collect_env_cpu": []}
    inproc: list[dict[str, Any]] = []
    for index in range(settings.diag_runs):
        steps = ["cli", "inproc", "collect_env"] if env.has_torch else ["cli", "inproc"]
        for step in steps[index % len(steps) :] + steps[: index % len(steps)]:  # rotate the order
            if step == "inproc":
                inproc.append(runner.child(env, "diagnose")[0])
            else:
                walls[step].append(_timed_ok(runner, cli_argv if step == "cli" else ce_argv))
                walls[f"{step}_cpu"].append(runner.cpu_s)
    audit, _ = runner.child(env, "audit")
    theirs = [runner.child(env, "collect_env")[0] for _ in range(settings.collect_env_inproc)] if env.has_torch else []
    return _diagnosis_result(env, report, walls, inproc, audit, theirs)


def _cli_report(runner: Runner, argv: list[str]) -> dict[str, Any]:
    result, _ = runner.process(argv)
    if result.returncode != 0:
        raise BenchError(f"{' '.join(argv[1:])} exited {result.returncode}: {_tail(result.stderr)}")
    return json.loads(result.stdout)


def _timed_ok(runner: Runner, argv: list[str]) -> float:
    result, wall = runner.process(argv)
    if result.returncode != 0:
        raise BenchError(f"{' '.join(argv[1:])} exited {result.returncode}: {_tail(result.stderr)}")
    return wall


def _diagnosis_result(
    env: Env,
    report: dict[str, Any],
    walls: dict[str, list[float]],
    inproc: list[dict[str, Any]],
    audit: dict[str, Any],
    theirs: list[dict[str, Any]],
) -> dict[str, Any]:
    cold = [d["cold_s"] for d in inproc]
    warm = [d["warm_s"] for d in inproc]
    ce_cold = [t["elapsed_s"] for t in theirs]
    ce_warm = [t["warm_s"] for t in theirs]
    rows = compare(theirs[0]["fields"] if theirs else None, report)
    return {
        "env": env.name,
        "torch": env.torch_version,
        "cli_s": summary(walls["cli"]),
        "collect_env_s": summary(walls["collect_env"]),
        "process_speedup": ratio(median(walls["collect_env"]), median(walls["cli"])),
        "cli_cpu_s": summary(walls["cli_cpu"]),
        "collect_env_cpu_s": summary(walls["collect_env_cpu"]),
        "cpu_speedup": ratio(median(walls["collect_env_cpu"]), median(walls["cli_cpu"])),
        "cold_s": summary(cold),
        "warm_s": summary(warm),
        "collect_env_cold_s": summary(ce_cold),
        "collect_env_warm_s": summary(ce_warm),
        "cold_speedup": ratio(median(ce_cold), median(cold)),
        "warm_speedup": ratio(median(ce_warm), median(warm)),
        "spawns": audit["spawns"],
        "spawn_events": audit["events"],
        "collect_env_spawns": theirs[0]["spawns"] if theirs else None,
        "collect_env_spawn_events": theirs[0]["events"] if theirs else [],
        "tracemalloc_peak_bytes": audit["tracemalloc_peak_bytes"],
        "maxrss_delta_kib": audit["maxrss_delta_kib"],
        "collect_env_maxrss_delta_kib": theirs[0]["maxrss_delta_kib"] if theirs else None,
        "findings": inproc[0]["findings"] if inproc else [],
        "heavy_present": sorted({name for d in inproc for name in d["heavy_present"]}),
        "api_callable_after_first_call": all(d["api_callable_after_first_call"] for d in inproc),
        "fields": rows,
        "missing_needed": missing_needed(rows),
        "facts_probes": sorted(report.get("facts", {})),
    }


# --- 4. explain --------------------------------------------------------------------------------


def bench_explain(runner: Runner, env: Env, settings: Settings) -> dict[str, Any]:
    if not any(CORPUS.glob("*/*.txt")):
        return {"skipped": f"no real-error corpus under {CORPUS.relative_to(ROOT)} yet"}
    data, _ = runner.child(env, "explain", CORPUS, settings.explain_repeats)
    if "skipped" in data:
        return data
    cases = data["cases"]
    per_case = [median(case["times_s"]) for case in cases]  # each error's own median
    slowest = max(cases, key=lambda case: median(case["times_s"]))
    return {
        "env": env.name,
        "errors": len(cases),
        "repeats": settings.explain_repeats,
        "median_s": median(per_case),
        "p95_s": percentile(per_case, 0.95),
        "max_s": max(per_case),
        "slowest": slowest["name"],
        "first_call_s": data["first_call_s"],
        "top1_agrees": sum(case["top"] == case["expected"] for case in cases),
        "api_callable_after_first_call": data.get("api_callable_after_first_call"),
    }


def profile(runner: Runner, env: Env, target: str) -> str:
    """cProfile text of one target in a fresh process (for a budget that failed)."""
    try:
        data, _ = runner.child(env, "profile", target, CORPUS)
    except BenchError as exc:
        return f"profile {target} failed: {exc}"
    return str(data["text"])


def python_version(runner: Runner, env: Env) -> str:
    result, _ = runner.process([env.python, "-c", "import platform; print(platform.python_version())"])
    return result.stdout.strip() or sys.version.split()[0]
