"""Benchmark torchenv_magic against its budgets, side by side with torch's collect_env.

    python benchmarks/run.py                       # full run (about 2-3 minutes here)
    python benchmarks/run.py --quick --envs self   # smoke test: this interpreter, few samples
    python benchmarks/run.py --write docs/performance.md --strict

Measures, in real environments built by tests/envs.py (``cpu``: torch 2.13.0 CPU;
``cuda``: torch 2.14.1 CUDA 13, used only when already built), each against a baseline
taken in the same run: the cost of ``%load_ext``, the overhead per successful cell, the
live diagnosis (cold, warm, as a process) against ``python -m torch.utils.collect_env``,
which collect_env fields our report gives, ``explain`` on the real-error corpus, and
the subprocesses and memory of one diagnosis. Exit status 0 when it ran; with
``--strict``, 1 when a budget failed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` and `tests` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import budgets as budget_checks
from benchmarks import measure
from benchmarks.measure import ROOT, BenchError, Env, Runner, Settings
from benchmarks.report import render

MARK_BEGIN = "<!-- benchmark results: begin (written by benchmarks/run.py --write) -->"
MARK_END = "<!-- benchmark results: end -->"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="benchmarks/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few samples: checks that it runs, numbers are rough")
    parser.add_argument(
        "--envs",
        default="cpu,cuda",
        help="comma list of tests/envs.py bases (cpu, cuda) or 'self' for this interpreter (default: cpu,cuda)",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget fails")
    parser.add_argument("--write", metavar="FILE", help="write the results into FILE (Markdown), keeping text outside the markers")
    parser.add_argument("--json", metavar="FILE", help="also dump the raw results as JSON")
    parser.add_argument(
        "--profile",
        choices=["auto", "always", "never"],
        default="auto",
        help="cProfile what a failed budget measures (auto: not with --quick; always: with --quick too)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings.quick() if args.quick else Settings()
    runner = Runner()
    try:
        results = run_all(runner, resolve_envs(runner, args.envs), settings)
        checked = budget_checks.check(results)
        text = render(results, checked)
        sys.stdout.write(text)
        if _should_profile(args, checked):
            profile_text = profiles(runner, results, checked)
            sys.stdout.write(profile_text)
            text += profile_text  # a failed budget's profile belongs with the results
    finally:
        runner.close()
    if args.write:
        write_markdown(Path(args.write), text)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str) + "\n")
    return 1 if args.strict and any(b.failed for b in checked) else 0


# --- environments ---------------------------------------------------------------------------


def resolve_envs(runner: Runner, spec: str) -> list[Env]:
    envs = []
    for name in [part.strip() for part in spec.split(",") if part.strip()]:
        env = _env(name)
        if env is None:
            sys.stderr.write(f"benchmark: environment {name!r} is not built; skipped (tests/envs.py base_env({name!r}) builds it)\n")
            continue
        envs.append(measure.describe_env(runner, env))
    if not envs:
        envs.append(measure.describe_env(runner, Env("self", sys.executable)))
    return envs


def _env(name: str) -> Env | None:
    if name == "self":
        return Env("self", sys.executable)
    from tests import envs

    if name not in envs.BASES:
        raise SystemExit(f"benchmark: unknown environment {name!r} (known: self, {', '.join(envs.BASES)})")
    if name != "cpu" and not (envs.CACHE / name / ".torchenv-stamp.json").is_file():
        return None  # only the CPU base is cheap enough to build here; the CUDA one is 5.5 GB
    return Env(name, str(envs.python_of(envs.base_env(name))))


# --- the run -----------------------------------------------------------------------------------


def run_all(runner: Runner, envs: list[Env], settings: Settings) -> dict[str, Any]:
    first = envs[0]  # %load_ext, cells and explain: one environment is enough
    results: dict[str, Any] = {"machine": machine_info(runner, envs), "settings": vars(settings)}
    results["envs"] = [vars(env) for env in envs]
    results["load"] = _guarded(lambda: measure.bench_load(runner, first, settings))
    results["cells"] = _guarded(lambda: measure.bench_cells(runner, first, settings))
    results["diagnosis"] = [_guarded(lambda env=env: measure.bench_diagnosis(runner, env, settings), env=env.name) for env in envs]
    results["explain"] = _guarded(lambda: measure.bench_explain(runner, first, settings))
    return results


def _guarded(func: Callable[[], dict[str, Any]], **context: Any) -> dict[str, Any]:
    """A measurement whose process failed becomes an error row, not a crashed benchmark."""
    try:
        return func()
    except (BenchError, subprocess.TimeoutExpired, OSError, ValueError) as exc:
        return {**context, "error": f"{type(exc).__name__}: {exc}"}


def machine_info(runner: Runner, envs: list[Env]) -> dict[str, str]:
    return {
        "CPU": _cpu_model(),
        "cores": f"{os.cpu_count()} online, {len(os.sched_getaffinity(0))} usable",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": ", ".join(f"{env.name}: {measure.python_version(runner, env)}" for env in envs),
        "environments": "; ".join(f"{env.name}: {_home(env.python)} (torch {env.torch_version or 'not installed'})" for env in envs),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
    }


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _home(path: str) -> str:
    try:
        return str(Path(path).relative_to(ROOT))
    except ValueError:
        return path


def _commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=normal", "--", "torchenv_magic")
    return f"{head} + uncommitted changes in torchenv_magic/" if dirty else head


# --- profiling failed budgets ------------------------------------------------------------------


def _should_profile(args: argparse.Namespace, checked: list[budget_checks.Budget]) -> bool:
    if args.profile == "never" or (args.profile == "auto" and args.quick):
        return False
    return any(b.failed for b in checked)


def profiles(runner: Runner, results: dict[str, Any], checked: list[budget_checks.Budget]) -> str:
    """cProfile, top functions by cumulative time, of what each failed budget measures.

    Budgets without a profile target (per-cell overhead: the callback timings say it;
    collect_env fields: not a matter of speed) are not profiled.
    """
    envs = {env["name"]: Env(**env) for env in results["envs"]}
    out = []
    for budget in checked:
        if not (budget.failed and budget.profile and budget.env in envs):
            continue
        text = measure.profile(runner, envs[budget.env], budget.profile).strip()
        out.append(f"\n### cProfile: {budget.profile} (env `{budget.env}`), for the failed budget '{budget.name}'\n\n```\n{text}\n```\n")
    return "".join(out)


# --- docs -------------------------------------------------------------------------------------


def write_markdown(path: Path, text: str) -> None:
    """Replace the generated block of ``path``; hand-written analysis around it stays."""
    block = f"{MARK_BEGIN}\n\n{text.strip()}\n\n{MARK_END}"
    old = path.read_text(encoding="utf-8") if path.is_file() else f"# Performance\n\n{MARK_BEGIN}\n{MARK_END}\n"
    if MARK_BEGIN in old and MARK_END in old:
        head, _, rest = old.partition(MARK_BEGIN)
        _, _, tail = rest.partition(MARK_END)
        new = head + block + tail
    else:
        new = old.rstrip() + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
