"""Run probes with a time budget each, so one hung call cannot freeze the report.

A probe runs in a daemon thread; if it has not finished by its deadline the report goes
on without it and records that it timed out. The thread is left to finish on its own
(a hung NVML or filesystem call cannot be cancelled from Python), and being a daemon it
never keeps the interpreter alive.

A probe still hung from an earlier report is not started again: in a kernel, each
``%torchenv`` or failure hint would otherwise leave one more thread stuck in the same
driver call. It is reported as timed out at once, at no cost to the new report.

A thread cannot bound a call that holds the GIL while it blocks (a C extension that does
not release it); NVML through ctypes, file reads and ``time.sleep`` all release it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Task:
    name: str
    func: Callable[[], Any]
    budget_s: float


class _Runner(threading.Thread):
    def __init__(self, task: Task) -> None:
        super().__init__(name=f"torchenv-probe-{task.name}", daemon=True)
        self.task = task
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.task.func()
        except BaseException as exc:  # noqa: BLE001 - a probe must never take the report down
            self.error = exc


# Every budget is multiplied by this. 1 in a kernel; tests that diagnose one failure twice and
# compare the two (the hint against %torchenv, a live report against explain()) raise it, so a
# probe that merely runs slow on a loaded CI machine or under Wine cannot make them disagree.
BUDGET_SCALE = 1.0

# (name, func) -> the runner of an earlier report that ran past its budget.
_HUNG: dict[tuple[str, Callable[[], Any]], _Runner] = {}
_HUNG_LOCK = threading.Lock()


def run_all(tasks: Iterable[Task]) -> dict[str, Any]:
    """Run every task concurrently; return ``{name: result}``.

    A task that raised gives ``{"probe_error": "<Type>: <message>"}``; one that ran past its
    budget gives ``{"probe_error": "timed out after N s", "timed_out": True}``, and so does one
    whose earlier run is still hung (``"still_running": True`` added; not started again).
    """
    results: dict[str, Any] = {}
    runners: list[_Runner] = []
    for task in tasks:
        if _still_hung(task):
            results[task.name] = {"probe_error": f"timed out after {_budget(task):g} s", "timed_out": True, "still_running": True}
        else:
            runners.append(_Runner(task))
    started = time.monotonic()
    for runner in runners:
        _start(runner)
    for runner in runners:
        remaining = _budget(runner.task) - (time.monotonic() - started)
        runner.join(max(remaining, 0.0))
        results[runner.task.name] = _outcome(runner)
        if runner.is_alive():
            with _HUNG_LOCK:
                _HUNG[(runner.task.name, runner.task.func)] = runner
    return results


def _budget(task: Task) -> float:
    return task.budget_s * BUDGET_SCALE


def _still_hung(task: Task) -> bool:
    key = (task.name, task.func)
    with _HUNG_LOCK:
        runner = _HUNG.get(key)
        if runner is not None and not runner.is_alive():
            del _HUNG[key]
            return False
    return runner is not None


def _start(runner: _Runner) -> None:
    try:
        runner.start()
    except RuntimeError as exc:  # "can't start new thread": out of threads or shutting down
        runner.error = exc


def _outcome(runner: _Runner) -> Any:
    if runner.error is None and runner.is_alive():
        return {"probe_error": f"timed out after {_budget(runner.task):g} s", "timed_out": True}
    if runner.error is not None:
        return {"probe_error": f"{type(runner.error).__name__}: {_safe_str(runner.error)}"}
    return runner.result


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception:  # noqa: BLE001 - a broken __str__ must not break the report
        return "<unprintable>"
