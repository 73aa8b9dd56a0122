"""%load_ext / %torchenv / %unload_ext in a real IPython shell."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output


@pytest.fixture
def shell() -> Iterator[InteractiveShell]:
    ip = InteractiveShell.instance()
    yield ip
    if "torchenv_magic" in ip.extension_manager.loaded:
        ip.run_line_magic("unload_ext", "torchenv_magic")
    InteractiveShell.clear_instance()


def callback_counts(ip: InteractiveShell) -> dict[str, int]:
    return {name: len(callbacks) for name, callbacks in ip.events.callbacks.items()}


def test_load_registers_magic(shell: InteractiveShell) -> None:
    shell.run_line_magic("load_ext", "torchenv_magic")
    assert "torchenv" in shell.magics_manager.magics["line"]


def test_torchenv_shows_report_as_text_and_html(shell: InteractiveShell) -> None:
    shell.run_line_magic("load_ext", "torchenv_magic")
    with capture_output() as captured:
        shell.run_line_magic("torchenv", "")
    assert captured.outputs, "nothing displayed"
    bundle = captured.outputs[0].data
    assert bundle["text/plain"].startswith("torchenv: ")
    assert "<div class='torchenv-report'>" in bundle["text/html"]
    assert "Environment" in bundle["text/plain"]


def test_torchenv_json_is_the_contract(shell: InteractiveShell) -> None:
    shell.run_line_magic("load_ext", "torchenv_magic")
    data = shell.run_line_magic("torchenv", "--json")
    assert data["schema_version"] == 1
    assert set(data) == {"schema_version", "findings", "facts"}
    json.dumps(data)  # serialisable as it is


def test_bad_arguments_raise_usage_error(shell: InteractiveShell) -> None:
    shell.run_line_magic("load_ext", "torchenv_magic")
    with pytest.raises(UsageError):
        shell.run_line_magic("torchenv", "--no-such-option")
    with pytest.raises(UsageError):
        shell.run_line_magic("torchenv", "--json --markdown")


def test_unload_removes_everything_and_reload_doubles_nothing(shell: InteractiveShell) -> None:
    before = callback_counts(shell)
    shell.run_line_magic("load_ext", "torchenv_magic")
    loaded = callback_counts(shell)
    shell.run_line_magic("reload_ext", "torchenv_magic")
    shell.run_line_magic("reload_ext", "torchenv_magic")
    assert callback_counts(shell) == loaded
    shell.run_line_magic("unload_ext", "torchenv_magic")
    assert callback_counts(shell) == before
    assert "torchenv" not in shell.magics_manager.magics["line"]
    shell.run_line_magic("load_ext", "torchenv_magic")
    assert callback_counts(shell) == loaded


HEAVY = ("torch", "torchvision", "torchaudio", "pandas", "ipywidgets", "pynvml", "numpy")


def test_loading_imports_no_heavy_module() -> None:
    code = (
        "import sys\n"
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "before = set(sys.modules)\n"
        "import torchenv_magic\n"
        "torchenv_magic.load_ipython_extension(InteractiveShell.instance())\n"
        f"print(sorted(m for m in set(sys.modules) - before if m.split('.')[0] in {HEAVY!r}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
