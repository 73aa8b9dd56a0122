"""capture: exception chains, traceback files, torch-family detection, module state."""

from __future__ import annotations

import sys
from types import ModuleType

from torchenv_magic.capture import (
    MAX_CHAIN,
    MAX_MESSAGE,
    capture_exception,
    during_import,
    exception_chain,
    family_names,
    module_state,
    torch_family_error,
    traceback_files,
)


def raised(code: str, filename: str = "<test>") -> BaseException:
    """The exception that running ``code`` (compiled as ``filename``) really raises."""
    try:
        exec(compile(code, filename, "exec"), {})
    except BaseException as exc:  # noqa: BLE001 - the test wants whatever it raised
        return exc
    raise AssertionError("no exception")


def test_chain_follows_cause_and_context_newest_first() -> None:
    exc = raised("try:\n    raise OSError('libc10.so: cannot open')\nexcept OSError as e:\n    raise ImportError('torch failed') from e")
    chain = exception_chain(exc)
    assert [(link["relation"], link["type"]) for link in chain] == [("raised", "ImportError"), ("cause", "OSError")]
    assert capture_exception(exc)["text"] == "ImportError: torch failed\nOSError: libc10.so: cannot open"


def test_chain_is_cycle_safe_and_bounded() -> None:
    first, second = ValueError("a"), ValueError("b")
    first.__context__, second.__context__ = second, first
    assert len(exception_chain(first)) == 2
    links = [RuntimeError(str(i)) for i in range(50)]
    for newer, older in zip(links, links[1:]):
        newer.__cause__ = older
    assert len(exception_chain(links[0])) == MAX_CHAIN


def test_messages_are_bounded_and_broken_str_survives() -> None:
    class Broken(Exception):
        def __str__(self) -> str:
            raise RuntimeError("no")

    assert len(capture_exception(ValueError("x" * 10_000_000))["message"]) == MAX_MESSAGE
    assert capture_exception(Broken())["message"] == "<unprintable>"


def test_traceback_files_of_the_whole_chain() -> None:
    exc = raised("raise RuntimeError('boom')", "/env/lib/python3.11/site-packages/torch/nn/modules/module.py")
    assert traceback_files(exc)[-1] == "/env/lib/python3.11/site-packages/torch/nn/modules/module.py"


def test_torch_family_by_type_name_message_or_frames() -> None:
    assert torch_family_error(ModuleNotFoundError("No module named 'torchvision'", name="torchvision"))
    assert torch_family_error(RuntimeError("operator torchvision::nms does not exist"))
    assert torch_family_error(OSError("libcudnn.so.9: cannot open shared object file: No such file or directory"))
    assert torch_family_error(raised("raise ValueError('shape')", "/v/lib/python3.11/site-packages/torchvision/ops/boxes.py"))
    assert not torch_family_error(ZeroDivisionError("division by zero"))
    assert not torch_family_error(KeyError("torchlight"))  # a word that merely starts like torch


def test_during_import_from_import_machinery_frames() -> None:
    assert during_import({"type": "ModuleNotFoundError", "tb_files": []})
    assert during_import({"type": "AttributeError", "tb_files": ["<frozen importlib._bootstrap>", "/x/torch/__init__.py"]})
    assert not during_import({"type": "RuntimeError", "tb_files": ["/x/notebook.py"]})


def half_imported_torch() -> dict[str, ModuleType]:
    torch = ModuleType("torch")
    torch.__file__ = "/env/site-packages/torch/__init__.py"
    torch.__spec__ = type("Spec", (), {"_initializing": True})()  # type: ignore[assignment]
    return {"torch": torch, "torch._C": ModuleType("torch._C"), "torch.nn": ModuleType("torch.nn"), "json": sys.modules["json"]}


def test_module_state_of_a_half_imported_torch() -> None:
    state = module_state(half_imported_torch())
    assert state["count"] == 3
    torch = state["packages"]["torch"]
    assert torch["present"] and torch["initialising"] and torch["c_extension"]
    assert torch["version"] is None and torch["submodules"] == 2


def test_module_state_after_a_failed_import_keeps_the_leftovers() -> None:
    modules = half_imported_torch()
    del modules["torch"]  # importlib removes the failed package itself
    torch = module_state(modules)["packages"]["torch"]
    assert torch == {"present": False, "submodules": 2, "c_extension": True}


def test_capture_with_before_snapshot_names_what_the_import_added() -> None:
    before = family_names()
    sys.modules["torchtext.fake_leftover"] = ModuleType("torchtext.fake_leftover")
    try:
        capture = capture_exception(ImportError("x"), before=before)
    finally:
        del sys.modules["torchtext.fake_leftover"]
    assert capture["modules_added"] == {"count": 1, "sample": ["torchtext.fake_leftover"]}
