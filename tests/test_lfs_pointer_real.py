"""A real clone without its Git LFS files, read by explain() and fixed by its own commands.

alimama-creative/SDXL_EcomID_ComfyUI#5 for real: a repository keeps its Python files in Git LFS; cloned without
git-lfs fetching them (GIT_LFS_SKIP_SMUDGE=1, as a machine without git-lfs leaves it), each file is a pointer, and
importing the package stops at the pointer (at its "oid sha256:" line; Python 3.9 stops at its first line). The fix
explain() gives (git lfs install; git -C <folder> lfs pull), run as shown, puts the real file in place and the import
works.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from torchenv_magic import explain

if shutil.which("git-lfs") is None:
    # scripts/system_deps.sh installs git-lfs where it runs as root (CI): only a machine it could not set up skips.
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.fail("git-lfs is missing: run bash scripts/system_deps.sh", pytrace=False)
    pytest.skip("git-lfs is not installed (bash scripts/system_deps.sh installs it as root)", allow_module_level=True)


def _git(*args: str, cwd: Path, home: Path, skip_smudge: bool = False) -> str:
    env = {**os.environ, "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    if skip_smudge:
        env["GIT_LFS_SKIP_SMUDGE"] = "1"
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_clone_without_its_lfs_files_is_explained_and_fixed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    origin = tmp_path / "origin"
    (origin / "custom_node").mkdir(parents=True)
    _git("init", "-q", cwd=origin, home=home)
    _git("lfs", "install", "--local", cwd=origin, home=home)
    _git("lfs", "track", "*.py", cwd=origin, home=home)
    (origin / "custom_node" / "__init__.py").write_text("ANSWER = 42\n")
    _git("add", ".", cwd=origin, home=home)
    _git("commit", "-q", "-m", "node", cwd=origin, home=home)

    clone = tmp_path / "ComfyUI" / "custom_nodes" / "node_repo"
    _git("clone", "-q", str(origin), str(clone), cwd=tmp_path, home=home, skip_smudge=True)
    pointer = (clone / "custom_node" / "__init__.py").read_text()
    assert pointer.startswith("version https://git-lfs.github.com/spec/v1")

    def load() -> subprocess.CompletedProcess[str]:
        code = "import custom_node; print(custom_node.ANSWER)"
        return subprocess.run([sys.executable, "-c", code], cwd=clone, capture_output=True, text=True, timeout=60)

    failed = load()
    # Python 3.9's parser stops at the pointer's first line ("version https://git-lfs..."), 3.11's at its "oid sha256:".
    assert failed.returncode != 0 and "SyntaxError" in failed.stderr
    assert "oid sha256:" in failed.stderr or "version https://git-lfs.github.com/spec/v1" in failed.stderr

    finding = explain(failed.stderr, platform="linux")[0]
    assert finding.cause == "corrupted_install" and "Git LFS" in finding.title
    assert finding.fix is not None and finding.fix.kind == "shell"
    assert f'git -C "{clone / "custom_node"}" lfs pull' in finding.fix.code

    # The fix as shown, each line run by a real shell (the same two lines in bash, cmd.exe and PowerShell).
    env = {**os.environ, "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1"}
    for line in finding.fix.code.splitlines():
        subprocess.run(line, shell=True, cwd=tmp_path, env=env, check=True, timeout=120)

    fixed = load()
    assert fixed.returncode == 0 and fixed.stdout.strip() == "42"


def _clone_with_library_in_lfs(tmp_path: Path, home: Path) -> Path:
    """A repository that keeps a compiled library in Git LFS, cloned as a machine without git-lfs leaves it."""
    origin = tmp_path / "origin"
    origin.mkdir()
    _git("init", "-q", cwd=origin, home=home)
    _git("lfs", "install", "--local", cwd=origin, home=home)
    _git("lfs", "track", "*.so", cwd=origin, home=home)
    (origin / "answer.c").write_text("int answer(void) { return 42; }\n")
    subprocess.run(["gcc", "-shared", "-fPIC", "answer.c", "-o", "libanswer.so"], cwd=origin, check=True, timeout=120)
    _git("add", ".gitattributes", "libanswer.so", cwd=origin, home=home)
    _git("commit", "-q", "-m", "library", cwd=origin, home=home)
    clone = tmp_path / "clone"
    _git("clone", "-q", str(origin), str(clone), cwd=tmp_path, home=home, skip_smudge=True)
    assert (clone / "libanswer.so").read_text().startswith("version https://git-lfs.github.com/spec/v1")
    return clone


def test_a_library_left_as_its_pointer_stops_the_linker_and_the_fix_fetches_it(tmp_path: Path) -> None:
    # NVIDIA-AI-IOT/Lidar_AI_Solution#66 for real: GNU ld reads the pointer in the library's place as a linker script.
    # The fix as shown, each line run by bash in the folder the link ran in, fetches the library; the link then works.
    if shutil.which("gcc") is None:
        pytest.skip("gcc is not installed on this machine")
    home = tmp_path / "home"
    home.mkdir()
    clone = _clone_with_library_in_lfs(tmp_path, home)
    (clone / "main.c").write_text("int answer(void);\nint main(void) { return answer() == 42 ? 0 : 1; }\n")

    def link() -> subprocess.CompletedProcess[str]:
        command = ["gcc", "main.c", "-L.", "-lanswer", "-o", "main"]
        return subprocess.run(command, cwd=clone, capture_output=True, text=True, timeout=120)

    failed = link()
    assert failed.returncode != 0 and "file format not recognized; treating as linker script" in failed.stderr
    finding = explain(failed.stderr, platform="linux")[0]
    assert finding.cause == "corrupted_install" and "Git LFS" in finding.title
    assert finding.fix is not None and finding.fix.kind == "shell"
    env = {**os.environ, "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1"}
    for line in finding.fix.code.splitlines():
        subprocess.run(["bash", "-c", line], cwd=clone, env=env, check=True, timeout=120)
    assert (clone / "libanswer.so").read_bytes()[:4] == b"\x7fELF"
    assert link().returncode == 0


def test_the_loader_refusing_a_pointer_printed_beside_its_words(tmp_path: Path) -> None:
    # Nesvilab/FragPipe#2639's shape: the pointer printed, then the loader's "invalid ELF header" for it; the fix pulls in
    # the library's own folder, not a reinstall of torch.
    if shutil.which("gcc") is None:
        pytest.skip("gcc is not installed on this machine")
    home = tmp_path / "home"
    home.mkdir()
    clone = _clone_with_library_in_lfs(tmp_path, home)
    load = [sys.executable, "-c", f"import ctypes; ctypes.CDLL({str(clone / 'libanswer.so')!r})"]
    failed = subprocess.run(load, capture_output=True, text=True, timeout=120)
    assert failed.returncode == 1 and "invalid ELF header" in failed.stderr, failed.stderr
    finding = explain((clone / "libanswer.so").read_text() + failed.stderr, platform="linux")[0]
    assert "Git LFS" in finding.title and finding.fix is not None
    assert finding.fix.code.splitlines()[-1] == f'git -C "{clone}" lfs pull'
