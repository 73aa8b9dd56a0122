from __future__ import annotations

import sys

from torchenv_magic.fixes import index_for_variant, install_fix, release_pin, restart_fix, shell_path, uninstall_fix


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


def test_wheel_index_only_for_tags_that_name_one() -> None:
    assert index_for_variant("cu124") == "https://download.pytorch.org/whl/cu124"
    assert index_for_variant("cpu") == "https://download.pytorch.org/whl/cpu"
    assert index_for_variant("rocm6.2") == "https://download.pytorch.org/whl/rocm6.2"
    assert [index_for_variant(tag) for tag in (None, "", "3bcc3cddb5.nv24.07", "git1a2b3c", "cpu.cxx11.abi")] == [None] * 5


def test_release_pin_only_for_a_full_release() -> None:
    assert release_pin("torchvision", "0.20.1") == "torchvision==0.20.1"
    assert [release_pin("torchvision", version) for version in ("0.22", "", None)] == [None, None, None]
