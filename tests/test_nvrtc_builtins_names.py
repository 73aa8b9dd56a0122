"""NVRTC's builtins shipped under another name than NVRTC opens (compat.nvrtc_builtins_unversioned cites the reports):
the fix adds the name beside the file instead of reinstalling the same build, and only where the build is known to."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from torchenv_magic import compat, explain

_NVRTC = (
    "RuntimeError: nvrtc: error: failed to open libnvrtc-builtins.so.11.1.\n"
    "  Make sure that libnvrtc-builtins.so.11.1 is installed correctly.\n"
)


def test_the_18_cu111_wheels_get_a_link_under_the_name_nvrtc_opens(tmp_path: Path) -> None:
    finding = explain(_NVRTC, packages={"torch": "1.8.1+cu111"})[0]
    assert finding.cause == "missing_cuda_runtime_lib" and "not under the name libnvrtc-builtins.so.11.1" in finding.title
    assert finding.fix is not None and finding.fix.kind == "shell"
    assert "ln -sf libnvrtc-builtins.so libnvrtc-builtins.so.11.1" in finding.fix.code
    # The command, run by a real shell against a torch folder laid out as the 1.8.1+cu111 wheel's, adds the link there.
    lib = tmp_path / "torch" / "lib"
    lib.mkdir(parents=True)
    (tmp_path / "torch" / "__init__.py").write_text("")
    (lib / "libnvrtc-builtins.so").write_bytes(b"")
    python = Path(os.sys.executable).parent  # "python" in the command: this interpreter's folder first on PATH
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "PATH": f"{python}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(["bash", "-c", finding.fix.code], check=True, env=env, cwd=tmp_path)
    assert os.readlink(lib / "libnvrtc-builtins.so.11.1") == "libnvrtc-builtins.so"


def test_libtorch_in_a_native_program_gets_the_link_in_its_own_lib_folder() -> None:
    # wenet-e2e/wenet#1335: a C++ program's uncaught exception, LibTorch's hashed libnvrtc-builtins-4730a239.so.11.3.
    message = _NVRTC.replace("11.1", "11.3").removeprefix("RuntimeError: ")
    text = "terminate called after throwing an instance of 'std::runtime_error'\n  what():  " + message
    finding = explain(text)[0]
    assert finding.title.startswith("LibTorch's download") and finding.fix is not None
    assert "ln -sf libnvrtc-builtins-*.so.11.3 libnvrtc-builtins.so.11.3" in finding.fix.code


def test_other_builds_keep_the_reinstall() -> None:
    # torch 2.x brings NVRTC from the nvidia-cuda-nvrtc wheel under its own name: a missing one is a missing wheel.
    assert not compat.nvrtc_builtins_unversioned("2.1.0") and compat.nvrtc_builtins_unversioned("1.8.2")
    finding = explain(_NVRTC, packages={"torch": "2.1.0"})[0]
    assert finding.cause == "missing_cuda_runtime_lib" and "ln -sf" not in (finding.fix.code if finding.fix else "")
