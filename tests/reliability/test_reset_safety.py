"""``%torchenv reset`` never loses user state, and never resets over loaded native torch code.

In-process, with a real IPython shell: the user namespace keeps every key and every object
identity (hostile objects included). In the real CPU torch environment (tests/envs.py,
torch 2.13.0+cpu): after a real ``import torch``, reset refuses, and ``sys.modules`` still
holds the very same torch, which still works; the same when a failed import has already
dropped ``torch`` from ``sys.modules`` but its libraries stay mapped.
"""

from __future__ import annotations

import json
import sys
import types
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from torchenv_magic.reset import reset_modules


class Hostile:
    """A user object that raises from every attribute lookup, even ``__class__``."""

    def __getattribute__(self, name: str) -> Any:
        raise RuntimeError(f"no {name}")


class FakeTensor:
    pass


@pytest.fixture
def leftover_torch(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, types.ModuleType]]:
    """What a failed ``import torch`` that never reached torch._C leaves: Python modules only."""
    modules = {name: types.ModuleType(name) for name in ("torch", "torch.nn", "torch._utils", "torchvision")}
    FakeTensor.__module__ = "torch"
    for name, module in modules.items():
        monkeypatch.setitem(sys.modules, name, module)
    yield modules
    for name in modules:
        sys.modules.pop(name, None)




def snapshot(namespace: dict[str, Any]) -> dict[str, int]:
    return {name: id(value) for name, value in namespace.items()}


def test_reset_keeps_every_user_variable(shell: InteractiveShell, leftover_torch: dict[str, types.ModuleType]) -> None:
    user_ns = shell.user_ns
    user_ns.update(
        {
            "torch": leftover_torch["torch"],
            "nn": leftover_torch["torch.nn"],
            "t": FakeTensor(),
            "data": list(range(10)),
            "hostile": Hostile(),
            "model_cls": type("Model", (FakeTensor,), {}),
            "weird_module_attr": types.SimpleNamespace(__module__=42),
            "_private": object(),
        }
    )
    before = snapshot(user_ns)
    with capture_output() as captured:
        shell.run_line_magic("torchenv", "reset")
    assert snapshot(user_ns) == before  # same names, same objects
    assert "torch" not in sys.modules and "torch.nn" not in sys.modules  # the leftovers are gone
    text = captured.outputs[0].data["text/plain"]
    assert "cleared 4 torch-family modules" in text
    # The variables that still hold old torch objects are named, not touched.
    assert "model_cls, nn, t, torch" in text


def test_reset_api_never_writes_to_the_namespace(leftover_torch: dict[str, types.ModuleType]) -> None:
    class Recording(dict):  # type: ignore[type-arg]
        writes: ClassVar[list[str]] = []

        def __setitem__(self, key: str, value: Any) -> None:
            self.writes.append(key)
            super().__setitem__(key, value)

        def __delitem__(self, key: str) -> None:
            self.writes.append(f"del {key}")
            super().__delitem__(key)

        def pop(self, *args: Any) -> Any:
            self.writes.append(f"pop {args[0]}")
            return super().pop(*args)

    namespace = Recording(torch=leftover_torch["torch"], x=1)
    result = reset_modules(namespace)
    assert result.done
    assert Recording.writes == []
    assert dict(namespace) == {"torch": leftover_torch["torch"], "x": 1}


# --- the real CPU torch environment -----------------------------------------------------------

REAL_SCRIPT = r"""
import json, sys
import torch
from torchenv_magic.reset import reset_modules
user_ns = {"torch": torch, "t": torch.ones(3), "x": 41}
before_ids = {k: id(v) for k, v in user_ns.items()}
torch_id, count = id(sys.modules["torch"]), sum(1 for n in sys.modules if n == "torch" or n.startswith("torch."))
first = reset_modules(user_ns)
# A failed import would have dropped torch from sys.modules while libtorch stays mapped:
saved = {n: m for n, m in sys.modules.items() if n == "torch" or n.startswith("torch.")}
for name in saved:
    del sys.modules[name]
second = reset_modules(user_ns)
sys.modules.update(saved)
print(json.dumps({
    "first": {"done": first.done, "native": first.native_libs, "holders": first.user_variables, "text": first.to_text()},
    "second": {"done": second.done, "native": second.native_libs},
    "same_torch": id(sys.modules["torch"]) == torch_id,
    "count_same": count == sum(1 for n in sys.modules if n == "torch" or n.startswith("torch.")),
    "ns_same": before_ids == {k: id(v) for k, v in user_ns.items()},
    "still_works": float((torch.ones(2) * 2).sum()),
}))
"""

MAGIC_SCRIPT = r"""
import sys
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
ip = InteractiveShell.instance(colors="nocolor")
ip.run_line_magic("load_ext", "torchenv_magic")
ip.run_cell("import torch; t = torch.zeros(2)")
keys = {k: id(v) for k, v in ip.user_ns.items()}
with capture_output() as captured:
    ip.run_line_magic("torchenv", "reset")
print("REFUSED" if "Only a kernel restart is safe" in captured.outputs[0].data["text/plain"] else "RESET")
print("NS_SAME" if keys == {k: id(v) for k, v in ip.user_ns.items()} else "NS_CHANGED")
print("TORCH_KEPT" if sys.modules.get("torch") is ip.user_ns["torch"] else "TORCH_GONE")
"""


@pytest.mark.e2e
def test_real_torch_loaded_reset_refuses_and_keeps_everything() -> None:
    from tests.envs import base_env, run_python

    result = run_python(base_env("cpu"), "-c", REAL_SCRIPT, timeout=120)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert data["first"]["done"] is False
    assert "torch._C" in data["first"]["native"]
    assert any(lib.startswith("libtorch") for lib in data["first"]["native"]), data["first"]["native"]
    assert "restart" in data["first"]["text"].lower()
    assert data["first"]["holders"] == ["t", "torch"]
    # torch._C no longer in sys.modules, but libtorch_cpu.so is still mapped: still refused.
    assert data["second"]["done"] is False
    assert any(lib.startswith("libtorch") for lib in data["second"]["native"]), data["second"]["native"]
    assert data["same_torch"] and data["count_same"] and data["ns_same"]
    assert data["still_works"] == 4.0


@pytest.mark.e2e
def test_real_torch_loaded_magic_reset_refuses_in_a_shell() -> None:
    from tests.envs import base_env, run_python

    result = run_python(base_env("cpu"), "-c", MAGIC_SCRIPT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["REFUSED", "NS_SAME", "TORCH_KEPT"]
