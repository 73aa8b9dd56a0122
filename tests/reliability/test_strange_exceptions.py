"""Capture and diagnosis never raise, whatever the user's cell raised.

Non-str args, ``__str__``/``__repr__`` that raise (or return non-str, or recurse), cyclic
``__cause__``/``__context__`` chains, tracebacks thousands of frames deep, huge messages,
exceptions raised from C code (json, struct, ctypes, codecs), BaseException subclasses.
"""

from __future__ import annotations

import builtins
import ctypes
import importlib
import json
import struct
import sys
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from torchenv_magic.capture import capture_exception, exception_chain, torch_family_error
from torchenv_magic.diagnosis import diagnose
from torchenv_magic.render.html import report_to_html
from torchenv_magic.render.markdown import report_to_markdown
from torchenv_magic.render.text import report_to_text


class BrokenStr(Exception):
    def __str__(self) -> str:
        raise RuntimeError("__str__ is broken")

    def __repr__(self) -> str:
        raise RuntimeError("__repr__ is broken")


class NonStrStr(Exception):
    def __str__(self) -> str:
        return 42  # type: ignore[return-value]


class RecursiveStr(Exception):
    def __str__(self) -> str:
        return str(self)


class RaisesBaseException(Exception):
    def __str__(self) -> str:
        raise KeyboardInterrupt


class WeirdName(ImportError):
    @property  # type: ignore[override]
    def name(self) -> str:
        raise AttributeError("no name for you")


class HostileAttrs(Exception):
    def __getattribute__(self, item: str) -> object:
        if item in ("args", "name", "__notes__", "msg"):
            raise RuntimeError(f"no {item}")
        return super().__getattribute__(item)


def _raised(func: Callable[[], object]) -> BaseException:
    try:
        func()
    except BaseException as exc:  # noqa: BLE001 - the exception is the test input
        return exc
    raise AssertionError("did not raise")


def _deep(n: int) -> None:
    if n == 0:
        raise RuntimeError("torch deep in user code")
    _deep(n - 1)


def _recursion() -> None:
    def f() -> None:
        f()

    f()


def cyclic_cause() -> BaseException:
    a, b = RuntimeError("a (torch)"), ValueError("b")
    a.__cause__, b.__cause__ = b, a
    return a


def cyclic_context() -> BaseException:
    a, b, c = OSError("a"), ImportError("b", name="torch"), TypeError("c")
    a.__context__, b.__context__, c.__context__ = b, c, a
    return a


def self_cycle() -> BaseException:
    a = RuntimeError("self")
    a.__cause__ = a
    a.__context__ = a
    return a


def long_chain() -> BaseException:
    exc: BaseException = RuntimeError("0")
    for index in range(10_000):
        nxt = RuntimeError(str(index + 1))
        nxt.__cause__ = exc
        exc = nxt
    return exc


def from_ctypes() -> BaseException:
    return _raised(lambda: ctypes.CDLL("libtorch_cuda_does_not_exist.so"))


def group() -> BaseException:
    # Built in from Python 3.11; before, the `exceptiongroup` backport (a dependency of pytest
    # there, and of anyio/trio in a kernel) raises the same shape.
    exception_group = getattr(builtins, "ExceptionGroup", None) or importlib.import_module("exceptiongroup").ExceptionGroup
    return exception_group("many", [ImportError("No module named 'torch'", name="torch"), BrokenStr(), ValueError(b"\xff")])


STRANGE: dict[str, Callable[[], BaseException]] = {
    "non_str_args": lambda: RuntimeError(b"\xff\xfe bytes", 3, None, object()),
    "no_args": lambda: RuntimeError(),
    "broken_str_repr": lambda: BrokenStr("x"),
    "non_str_str": lambda: NonStrStr(),
    "recursive_str": lambda: RecursiveStr(),
    "importerror_name_property_raises": lambda: WeirdName("No module named 'torch'"),
    "hostile_getattribute": lambda: HostileAttrs("torch"),
    "importerror_non_str_name": lambda: ImportError("x", name=42),  # type: ignore[arg-type]
    "cyclic_cause": cyclic_cause,
    "cyclic_context": cyclic_context,
    "self_cycle": self_cycle,
    "long_chain": long_chain,
    "deep_traceback": lambda: _raised(lambda: _deep(sys.getrecursionlimit() - 60)),
    "recursion_error": lambda: _raised(_recursion),
    "huge_message": lambda: RuntimeError("libtorch_cpu.so " * 1_000_000),
    "surrogates_nul": lambda: OSError(2, "\udcff\x00\u202e", "/tmp/\udcff\x00"),
    "json_from_c": lambda: _raised(lambda: json.loads("{bad")),
    "struct_from_c": lambda: _raised(lambda: struct.unpack("<Q", b"\x00")),
    "ctypes_dlopen": from_ctypes,
    "codec_from_c": lambda: _raised(lambda: b"\xff".decode("utf-8")),
    "memory_error": lambda: MemoryError(),
    "keyboard_interrupt": lambda: KeyboardInterrupt(),
    "system_exit": lambda: SystemExit("bye"),
    "exception_group": group,
    "exception_with_notes": lambda: _with_notes(),
}


def _with_notes() -> BaseException:
    exc = ImportError("No module named 'torch'", name="torch")
    if sys.version_info >= (3, 11):
        exc.add_note("note 1")
    else:  # what add_note does, and what the exceptiongroup backport sets before 3.11
        exc.__notes__ = ["note 1"]  # type: ignore[attr-defined]
    exc.__notes__ = [b"\xff", 3]  # type: ignore[list-item] - non-str notes, as some libraries add
    return exc


@pytest.mark.parametrize("name", sorted(STRANGE))
def test_capture_and_diagnose_never_raise(name: str) -> None:
    exc = STRANGE[name]()
    capture = capture_exception(exc)
    json.dumps(capture, default=str)
    assert len(exception_chain(exc)) <= 8
    torch_family_error(exc)  # the hint's filter: a bool, never an exception
    report = diagnose(exc, in_kernel=True)
    assert isinstance(report.facts["capture"]["message"], str)
    for render in (report_to_text, report_to_markdown, report_to_html):
        render(report)
    json.dumps(report.to_dict(), default=str)


def test_deep_traceback_capture_is_bounded_and_fast() -> None:
    import time

    exc = STRANGE["deep_traceback"]()
    started = time.monotonic()
    capture = capture_exception(exc)
    assert time.monotonic() - started < 0.5
    assert len(capture["tb_files"]) <= 40


def test_capture_inside_a_nearly_exhausted_stack() -> None:
    """The hint runs right after a RecursionError: the stack is fine again, but a capture
    called deep in a stack must still not raise."""
    exc = STRANGE["recursion_error"]()
    results: list[object] = []

    def near_limit(depth: int) -> None:
        if depth <= 0:
            try:
                results.append(capture_exception(exc))
            except RecursionError as err:  # recorded, asserted below
                results.append(err)
            return
        near_limit(depth - 1)

    near_limit(sys.getrecursionlimit() - 150)
    assert isinstance(results[0], dict), results[0]


messages = st.one_of(st.text(max_size=200), st.binary(max_size=50), st.integers(), st.none(), st.floats(allow_nan=True))
kinds = st.sampled_from([RuntimeError, ImportError, ModuleNotFoundError, OSError, AttributeError, ValueError, BrokenStr, NonStrStr])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=kinds, args=st.lists(messages, max_size=3), links=st.lists(st.tuples(kinds, st.sampled_from(["cause", "context"])), max_size=4))
def test_random_chains_never_break_capture(kind: type[BaseException], args: list[object], links: list[tuple[type, str]]) -> None:
    exc = kind(*args)
    current = exc
    for link_kind, relation in links:
        nxt = link_kind("linked torch")
        setattr(current, f"__{relation}__", nxt)
        current = nxt
    if links:
        current.__context__ = exc  # close the loop
    capture = capture_exception(exc)
    json.dumps(capture, default=str)
    torch_family_error(exc)
