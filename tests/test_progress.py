"""Progress for slow work: shown only past a delay, updated, always closed, errors re-raised."""

from __future__ import annotations

import time
from typing import ClassVar

import pytest

from torchenv_magic.render.progress import LineIndicator, WidgetIndicator, run_with_progress


class Recorded:
    instances: ClassVar[list[Recorded]] = []

    def __init__(self, label: str) -> None:
        self.label, self.updates, self.closed = label, [], False
        Recorded.instances.append(self)

    def update(self, elapsed_s: float) -> None:
        self.updates.append(elapsed_s)

    def close(self) -> None:
        self.closed = True


@pytest.fixture(autouse=True)
def _fresh() -> None:
    Recorded.instances = []


def test_fast_work_shows_nothing() -> None:
    assert run_with_progress(lambda: 42, "x", delay_s=1.0, indicator=Recorded) == 42
    assert Recorded.instances == []


def test_slow_work_shows_progress_then_closes() -> None:
    assert run_with_progress(lambda: time.sleep(0.3) or "done", "probing", delay_s=0.05, interval_s=0.05, indicator=Recorded) == "done"
    (shown,) = Recorded.instances
    assert shown.label == "probing" and shown.closed
    assert len(shown.updates) >= 2 and shown.updates == sorted(shown.updates)


def test_errors_are_raised_in_the_caller_and_the_indicator_closed() -> None:
    def fail() -> None:
        time.sleep(0.2)
        raise ValueError("probe broke")

    with pytest.raises(ValueError, match="probe broke"):
        run_with_progress(fail, "x", delay_s=0.01, interval_s=0.05, indicator=Recorded)
    assert Recorded.instances[0].closed


def test_no_kernel_means_no_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_with_progress(lambda: time.sleep(0.1) or 1, "x", shell=object(), delay_s=0.01) == 1
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("kind", [LineIndicator, WidgetIndicator])
def test_indicators_work_without_a_frontend(kind: type) -> None:
    shown = kind("probing")
    shown.update(1.5)
    shown.close()
