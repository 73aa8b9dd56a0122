"""Run probes with a time budget each, so one hung call cannot freeze the report.

A probe runs in a daemon thread; if it has not finished by its deadline the report goes
on without it and records that it timed out. The thread is left to finish on its own
(a hung NVML or filesystem call cannot be cancelled from Python), and being a daemon it
never keeps the interpreter alive.
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


def run_all(tasks: Iterable[Task]) -> dict[str, Any]:
    """Run every task concurrently; return ``{name: result}``.

    A task that raised gives ``{"error": "<Type>: <message>"}``; one that ran past its
    budget gives ``{"error": "timed out after N s", "timed_out": True}``.
    """
    runners = [_Runner(task) for task in tasks]
    started = time.monotonic()
    for runner in runners:
        runner.start()
    results: dict[str, Any] = {}
    for runner in runners:
        remaining = runner.task.budget_s - (time.monotonic() - started)
        runner.join(max(remaining, 0.0))
        results[runner.task.name] = _outcome(runner)
    return results


def _outcome(runner: _Runner) -> Any:
    if runner.is_alive():
        return {"error": f"timed out after {runner.task.budget_s:g} s", "timed_out": True}
    if runner.error is not None:
        return {"error": f"{type(runner.error).__name__}: {_safe_str(runner.error)}"}
    return runner.result


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception:  # noqa: BLE001 - a broken __str__ must not break the report
        return "<unprintable>"
