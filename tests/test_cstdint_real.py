"""A real g++ refusing sources that use uint32_t and std::uintptr_t without <cstdint>, read by explain() and fixed as
its fix says.

GCC 13 stopped including <cstdint> from other standard headers, which broke graphdeco's diff-gaussian-rasterization
(xg-chu/GAGAvatar#55, ashawkey/diff-gaussian-rasterization PR 22). This machine's g++ may be older than 13, so the
source here leaves out every include: the compiler's words for the missing types are the same.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from torchenv_magic import explain

pytestmark = pytest.mark.skipif(shutil.which("g++") is None, reason="needs g++")

SOURCE = "struct Buffers { uint32_t* offsets; };\nstd::uintptr_t address(void* p) { return reinterpret_cast<std::uintptr_t>(p); }\n"


def _compile(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    return subprocess.run(["g++", "-c", "rasterizer_impl.cpp"], cwd=folder, env=env, capture_output=True, text=True, timeout=120)


def test_missing_cstdint_is_read_and_the_include_it_names_fixes_the_build(tmp_path: Path) -> None:
    source = tmp_path / "rasterizer_impl.cpp"
    source.write_text(SOURCE)
    failed = _compile(tmp_path)
    assert failed.returncode != 0 and "uint32_t" in failed.stderr

    finding = explain(failed.stderr, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "<cstdint>" in finding.title
    assert finding.fix is not None
    named = re.search(r"Add #include <cstdint> at the top of (\S+?),", finding.fix.code)
    assert named and named.group(1) == "rasterizer_impl.cpp"

    # The fix as it reads: the include at the top of the file it names.
    target = tmp_path / named.group(1)
    target.write_text("#include <cstdint>\n" + target.read_text())
    assert _compile(tmp_path).returncode == 0
