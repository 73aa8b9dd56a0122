"""The host C++ compiler an extension build would use, and its version, read from files only.

Real layouts: this machine's /usr/bin/c++ (Debian alternatives: c++ -> /etc/alternatives/c++
-> /usr/bin/g++ -> x86_64-linux-gnu-g++-12), and symlink trees built under tmp_path the way
Debian, Fedora, conda and LLVM lay them out.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from torchenv_magic.probes import toolchain
from torchenv_magic.render.summary import environment_rows

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="cl.exe is what Windows builds use")
NATIVE = f"{platform.machine()}-linux-gnu"


def executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x7fELF")
    path.chmod(0o755)
    return path


def link(path: Path, target: str | Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    return path


def only(path: Path) -> object:
    return lambda name: str(path) if name == path.name else None


def compiler_row(facts: dict[str, object]) -> str:
    return dict(environment_rows({"toolchain": facts}))["C++ compiler (extension builds)"]


@pytest.mark.skipif(shutil.which("c++") is None, reason="no c++ on this machine")
def test_this_machine_agrees_with_the_compiler_itself() -> None:
    facts = toolchain.probe()["compiler"]
    assert facts["command"] == "c++" or os.environ.get("CXX")
    assert facts["path"] and facts["resolved"] and facts["version"]
    # What `c++ -dumpversion` says (the test may run it; the probe never does).
    dumped = subprocess.run([shutil.which("c++") or "c++", "-dumpversion"], capture_output=True, text=True, check=True).stdout
    assert facts["version"].split(".")[0] == dumped.strip().split(".")[0]


@pytest.mark.skipif(not os.path.islink("/usr/bin/c++"), reason="no Debian-style /usr/bin/c++ alternative here")
def test_this_machines_alternatives_chain() -> None:
    chain = toolchain.symlink_chain("/usr/bin/c++")
    assert chain[:2] == ["/usr/bin/c++", "/etc/alternatives/c++"]
    assert os.path.realpath(chain[-1]) == os.path.realpath("/usr/bin/c++")


def test_debian_alternatives_chain(tmp_path: Path) -> None:
    real = executable(tmp_path / "usr/bin/x86_64-linux-gnu-g++-12")
    link(tmp_path / "usr/bin/g++", "x86_64-linux-gnu-g++-12")  # relative, as Debian ships it
    link(tmp_path / "etc/alternatives/c++", tmp_path / "usr/bin/g++")
    cxx = link(tmp_path / "usr/bin/c++", tmp_path / "etc/alternatives/c++")
    facts = toolchain.find_compiler({}, which=only(cxx))
    assert facts == {
        "command": "c++",
        "source": "default (c++ on PATH)",
        "path": str(cxx),
        "resolved": str(real),
        "kind": "gcc",
        "version": "12",
        "version_source": "name x86_64-linux-gnu-g++-12",
    }
    assert compiler_row({"compiler": facts}) == f"gcc 12 ({cxx} -> {real})"


def test_version_from_the_gcc_folder_when_the_name_has_none(tmp_path: Path) -> None:
    gxx = executable(tmp_path / "usr/bin/g++")  # Fedora: /usr/bin/g++ is the binary itself
    (tmp_path / f"usr/lib/gcc/{NATIVE}/13").mkdir(parents=True)
    (tmp_path / "usr/lib/gcc/not-this-host-linux-gnu/9").mkdir(parents=True)  # a cross compiler's
    facts = toolchain.find_compiler({}, which=only(gxx))
    assert (facts["command"], facts["source"]) == ("g++", "g++ on PATH (no c++)")
    assert (facts["kind"], facts["version"]) == ("gcc", "13")
    assert facts["version_source"] == str(tmp_path / f"usr/lib/gcc/{NATIVE}/13")
    (tmp_path / f"usr/lib/gcc/{NATIVE}/14").mkdir()  # two gcc majors: the name cannot tell which
    assert toolchain.find_compiler({}, which=only(gxx))["version"] is None


def test_conda_compiler_from_cxx(tmp_path: Path) -> None:
    cxx = executable(tmp_path / "conda/bin/x86_64-conda-linux-gnu-c++")
    (tmp_path / "conda/lib/gcc/x86_64-conda-linux-gnu/12.3.0").mkdir(parents=True)
    facts = toolchain.find_compiler({"CXX": str(cxx)}, which=lambda name: name if os.path.isfile(name) else None)
    assert (facts["source"], facts["path"], facts["kind"], facts["version"]) == ("$CXX", str(cxx), "gcc", "12.3.0")


def test_cxx_with_a_launcher_and_cxx_missing(tmp_path: Path) -> None:
    gxx = executable(tmp_path / "bin/g++-11")
    executable(tmp_path / "bin/ccache")
    which = lambda name: str(tmp_path / "bin" / name) if (tmp_path / "bin" / name).is_file() else None  # noqa: E731
    facts = toolchain.find_compiler({"CXX": "ccache g++-11"}, which=which)
    assert (facts["command"], facts["path"], facts["version"]) == ("ccache g++-11", str(gxx), "11")
    missing = toolchain.find_compiler({"CXX": "g++-99"}, which=which)
    assert (missing["path"], missing["version"]) == (None, None)
    assert compiler_row({"compiler": missing}) == "not found ($CXX=g++-99)"
    assert compiler_row({"compiler": toolchain.find_compiler({}, which=lambda name: None)}) == "not found (no c++ or g++ on PATH)"


def test_clang_by_name_and_by_folder(tmp_path: Path) -> None:
    clang = executable(tmp_path / "usr/lib/llvm-17/bin/clang++")
    (tmp_path / "usr/lib/llvm-17/lib/clang/17").mkdir(parents=True)
    cxx = link(tmp_path / "usr/bin/c++", clang)
    facts = toolchain.find_compiler({}, which=only(cxx))
    assert (facts["kind"], facts["version"]) == ("clang", "17")
    versioned = link(tmp_path / "usr/bin/clang++-18", executable(tmp_path / "opt/clang++-18.1"))
    assert toolchain.compiler_version(str(versioned))["version"] == "18.1"


def test_unknown_and_broken_links_do_not_raise(tmp_path: Path) -> None:
    plain = executable(tmp_path / "bin/c++")  # macOS-style: no link, no version anywhere
    assert toolchain.compiler_version(str(plain)) == {"resolved": str(plain), "kind": None, "version": None, "version_source": None}
    loop = link(tmp_path / "loop/c++", tmp_path / "loop/c++")
    assert toolchain.compiler_version(str(loop))["version"] is None
    assert len(toolchain.symlink_chain(str(loop))) <= 41
    dangling = link(tmp_path / "dangling/g++", tmp_path / "dangling/x86_64-linux-gnu-g++-10")
    assert toolchain.compiler_version(str(dangling))["version"] == "10"  # the name still says it


def test_windows_rows_show_cl() -> None:
    assert compiler_row({"msvc_cl": r"C:\VS\bin\cl.exe"}) == r"cl.exe (C:\VS\bin\cl.exe)"
    assert compiler_row({"msvc_cl": None}).startswith("cl.exe not found")
