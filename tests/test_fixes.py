from __future__ import annotations

import sys

from torchenv_magic.fixes import install_fix, restart_fix, shell_path, uninstall_fix


def test_kernel_fix_uses_percent_pip_never_bang_pip() -> None:
    fix = install_fix(["torch>=2.2", "torchvision"], in_kernel=True, index_url="https://download.pytorch.org/whl/cpu")
    assert fix.code == "%pip install 'torch>=2.2' torchvision --index-url https://download.pytorch.org/whl/cpu"
    assert fix.kind == "pip"


def test_terminal_fix_uses_this_interpreter() -> None:
    fix = install_fix(["torch"], in_kernel=False)
    assert fix.code == f"{shell_path(sys.executable)} -m pip install torch"


def test_uv_environment_fix() -> None:
    fix = install_fix(["torch"], in_kernel=False, installer="uv")
    assert fix.code == f"uv pip install --python {shell_path(sys.executable)} torch"
    assert uninstall_fix(["torch"], in_kernel=True, installer="uv").code.startswith("!uv pip uninstall --python ")


def test_restart_is_said_where_needed() -> None:
    fix = install_fix(["torchvision==0.28.0"], in_kernel=True, reinstall=True, restart_kernel=True)
    assert fix.code == "%pip install --force-reinstall torchvision==0.28.0"
    assert fix.restart_kernel and "restart the kernel" in fix.note
    assert restart_fix().restart_kernel


def test_paths_keep_tilde_expandable_and_quote_spaces() -> None:
    import os

    home = os.path.expanduser("~")
    assert shell_path(f"{home}/my envs/bin/python") == "~/'my envs/bin/python'"
    assert shell_path("/opt/py/bin/python") == "/opt/py/bin/python"
