from __future__ import annotations

import threading
import time

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
