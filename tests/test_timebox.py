from __future__ import annotations

import threading
import time

import pytest

from torchenv_magic.timebox import Task, run_all


def test_results_errors_and_timeouts() -> None:
    release = threading.Event()

    def boom() -> None:
        raise RuntimeError("broken probe")

    started = time.monotonic()
    results = run_all([Task("ok", lambda: 42, 1.0), Task("boom", boom, 1.0), Task("hang", release.wait, 0.2)])
    elapsed = time.monotonic() - started
    release.set()
    assert results["ok"] == 42
    assert results["boom"] == {"probe_error": "RuntimeError: broken probe"}
    assert results["hang"] == {"probe_error": "timed out after 0.2 s", "timed_out": True}
    assert elapsed < 1.0  # the hung probe cost its budget, not more


def test_budget_scale_lengthens_every_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """BUDGET_SCALE (raised by tests that compare two diagnoses) lets a slow probe finish, and a hung one
    is reported with the budget it was really given."""
    from torchenv_magic import timebox

    monkeypatch.setattr(timebox, "BUDGET_SCALE", 5.0)
    release = threading.Event()
    results = run_all([Task("slow", lambda: time.sleep(0.15) or "done", 0.05), Task("hang", release.wait, 0.04)])
    release.set()
    assert results["slow"] == "done"
    assert results["hang"] == {"probe_error": "timed out after 0.2 s", "timed_out": True}
