"""Progress for slow work, so a cell that diagnoses for seconds never looks frozen.

A diagnosis is usually well under a second, but NVML can take seconds and
``--import-torch`` imports torch (1-4 s here, far more on a network drive). The work runs
in a worker thread while the cell's thread shows what it is doing:

- in a kernel with ipywidgets: a progress bar and a label, removed when the work is done;
- in a kernel without them: one HTML/text line, updated in place (``display_id``) and
  blanked at the end;
- in terminal IPython or plain Python: nothing (a terminal shows no flicker-free updates).

Work that knows how far it is (``%torchenv verify`` hashing gigabytes) drives a
:class:`Meter` itself (:func:`meter_for`): the same widget or line with a fraction, and in
a terminal one stderr line rewritten in place.

Nothing is shown at all when the work ends within ``delay_s``: a flash of progress for a
fast report would be noise.
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
from collections.abc import Callable
from html import escape
from typing import Any, Generic, Protocol, TextIO, TypeVar

T = TypeVar("T")


class Indicator(Protocol):
    def update(self, elapsed_s: float) -> None: ...
    def close(self) -> None: ...


class Meter(Protocol):
    """Determinate progress: ``show`` the fraction done (0..1) and a line of text."""

    def show(self, fraction: float, text: str) -> None: ...
    def close(self) -> None: ...


class _Worker(threading.Thread, Generic[T]):
    def __init__(self, func: Callable[[], T]) -> None:
        super().__init__(name="torchenv-progress", daemon=True)
        self.func = func
        self.result: T | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.func()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            self.error = exc


def run_with_progress(
    func: Callable[[], T],
    label: str,
    *,
    shell: Any = None,
    delay_s: float = 0.4,
    interval_s: float = 0.2,
    indicator: Callable[[str], Indicator] | None = None,
) -> T:
    """``func()``, showing ``label`` and the elapsed time while it runs past ``delay_s``.

    Exceptions from ``func`` are raised here, in the caller's thread, as if called directly.
    """
    worker = _Worker(func)
    started = time.monotonic()
    worker.start()
    worker.join(delay_s)
    shown: Indicator | None = None
    try:
        while worker.is_alive():
            if shown is None:
                make = indicator or _indicator_for(shell)
                shown = make(label) if make is not None else _Silent()
            shown.update(time.monotonic() - started)
            worker.join(interval_s)
    finally:
        if shown is not None:
            shown.close()
    if worker.error is not None:
        raise worker.error
    return worker.result  # type: ignore[return-value]  # set whenever error is None


def _indicator_for(shell: Any) -> Callable[[str], Indicator] | None:
    """Widgets where a kernel (and so a frontend) is attached, a text line otherwise."""
    if getattr(shell, "kernel", None) is None:
        return None
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return LineIndicator
    return WidgetIndicator


def meter_for(shell: Any, label: str, stream: TextIO | None = None) -> Meter:
    """A widget bar or a display line in a kernel (as :func:`run_with_progress` picks), one
    rewritten line on a terminal's stderr, else only ``label`` once (a log gets no updates)."""
    if getattr(shell, "kernel", None) is not None:
        try:
            import ipywidgets  # noqa: F401
        except ImportError:
            return LineIndicator(label)
        return WidgetIndicator(label)
    stream = stream or sys.stderr
    isatty = getattr(stream, "isatty", None)
    if callable(isatty) and isatty():
        return TerminalLine(label, stream)
    stream.write(f"torchenv: {label}…\n")
    return _Silent()


class _Silent:
    def update(self, elapsed_s: float) -> None:
        pass

    def show(self, fraction: float, text: str) -> None:
        pass

    def close(self) -> None:
        pass


class LineIndicator:
    """One output line updated in place; blanked (not removed: outputs cannot be) at the end."""

    def __init__(self, label: str) -> None:
        from IPython.display import display

        self.label = label
        self.handle = display(self._bundle(0.0), raw=True, display_id=True)  # type: ignore[no-untyped-call]

    def _bundle(self, elapsed_s: float) -> dict[str, str]:
        text = f"torchenv: {self.label} ({elapsed_s:.1f} s)"
        return {"text/plain": text, "text/html": f"<small>{escape(text)}</small>"}

    def update(self, elapsed_s: float) -> None:
        if self.handle is not None:
            self.handle.update(self._bundle(elapsed_s), raw=True)

    def show(self, fraction: float, text: str) -> None:
        if self.handle is not None:
            line = f"torchenv: {self.label} {fraction:.0%}  {text}"
            self.handle.update({"text/plain": line, "text/html": f"<small>{escape(line)}</small>"}, raw=True)

    def close(self) -> None:
        if self.handle is not None:
            self.handle.update({"text/plain": ""}, raw=True)


class WidgetIndicator:
    """An indeterminate-looking bar that fills over ``expected_s`` and a label with seconds."""

    def __init__(self, label: str, expected_s: float = 5.0) -> None:
        import ipywidgets as widgets
        from IPython.display import display

        self.label, self.expected_s = label, expected_s
        self.bar = widgets.FloatProgress(value=0.0, min=0.0, max=1.0, bar_style="info")
        self.text = widgets.Label(value=f"torchenv: {label}")
        self.box = widgets.HBox([self.bar, self.text])
        self.handle = display(self.box, display_id=True)  # type: ignore[no-untyped-call]

    def update(self, elapsed_s: float) -> None:
        # Probes have no fine-grained progress: show time against a typical worst case,
        # capped below full so the bar never claims to be done while work goes on.
        self.bar.value = min(elapsed_s / self.expected_s, 0.95)
        self.text.value = f"torchenv: {self.label} ({elapsed_s:.1f} s)"

    def show(self, fraction: float, text: str) -> None:
        self.bar.value = min(max(fraction, 0.0), 1.0)
        self.text.value = f"torchenv: {self.label} {text}"

    def close(self) -> None:
        self.box.close()
        if self.handle is not None:
            self.handle.update({"text/plain": ""}, raw=True)


class TerminalLine:
    """One line on a terminal, rewritten in place (``\\r``) and erased at the end."""

    def __init__(self, label: str, stream: TextIO) -> None:
        self.label, self.stream = label, stream

    def show(self, fraction: float, text: str) -> None:
        width = shutil.get_terminal_size((80, 24)).columns - 1
        line = f"torchenv: {self.label} {fraction:4.0%}  {text}"
        self.stream.write("\r" + line[:width] + "\x1b[K")
        self.stream.flush()

    def update(self, elapsed_s: float) -> None:
        self.show(0.0, f"({elapsed_s:.1f} s)")

    def close(self) -> None:
        self.stream.write("\r\x1b[K")
        self.stream.flush()
