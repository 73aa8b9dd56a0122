"""Real kernels killed in ``import torch`` cells for the two other common reasons, explained by the next one.

- **OMP: Error #15**: two copies of the real Intel OpenMP runtime (``libiomp5.so`` from
  the ``intel-openmp`` wheel on PyPI): one where that wheel installs it (``<env>/lib``),
  one vendored into another wheel's ``.libs`` folder as auditwheel does. The cell loads
  both after ``import torch``, and the second one's start-up aborts the process, exactly
  as a second runtime loaded by a library does. The next kernel has no OMP message (it
  went to the dead kernel's stderr) and finds the copies on disk.
- **Illegal instruction**: this machine's CPU has AVX2 and AVX-512, so no build here dies
  of a missing instruction; the cell raises a real SIGILL in the kernel instead (the same
  signal, faulthandler and breadcrumb path). The next kernel reads the CPU's features and
  says the library was built for a newer CPU; the other CPU cases (a VM without AVX,
  Rosetta) are tested on recorded CPU facts in tests/test_process_death.py.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from jupyter_client.manager import KernelManager

from tests.e2e.test_kernel_death import death_note, die, run, start, started_kernels, text_of, use_kernel_env
from tests.envs import CACHE, clone_env, file_lock, site_packages
from tests.notebooks.kernels import kernel_env

pytestmark = pytest.mark.e2e

INTEL_OPENMP = "intel-openmp==2026.2.0"  # manylinux_2_28 wheel: data/lib/libiomp5.so
VENDORED = "faiss.libs/libiomp5-4c5b6d2e.so"


def real_libiomp5() -> Path:
    """``libiomp5.so`` from the intel-openmp wheel (downloaded once into the test cache)."""
    target = CACHE / "wheels" / "libiomp5.so"
    with file_lock("intel-openmp"):
        if not target.exists():
            folder = CACHE / "wheels" / "intel-openmp"
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", INTEL_OPENMP, "-d", str(folder)],
                check=True,
            )
            wheel = next(folder.glob("intel_openmp-*.whl"))
            with zipfile.ZipFile(wheel) as archive:
                name = next(item for item in archive.namelist() if item.endswith("/data/lib/libiomp5.so"))
                target.write_bytes(archive.read(name))
    return target


@pytest.fixture
def env_with_two_openmp() -> Iterator[Path]:
    target = clone_env(kernel_env("cpu"), "kernel-death-omp")
    runtime = real_libiomp5()
    for place in (target / "lib" / "libiomp5.so", site_packages(target) / VENDORED):
        place.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(runtime, place)  # two files: two copies of the runtime, as two installers leave them
    yield target
    shutil.rmtree(target, ignore_errors=True)


@pytest.fixture
def kernels() -> Iterator[list[KernelManager]]:
    with started_kernels() as started:
        yield started


def test_kernel_aborted_by_a_second_openmp_runtime(
    env_with_two_openmp: Path, kernels: list[KernelManager], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_kernel_env(env_with_two_openmp, tmp_path, monkeypatch)
    site = site_packages(env_with_two_openmp)
    cell = (
        "import torch, ctypes, sys\n"
        f"ctypes.CDLL(sys.prefix + '/lib/libiomp5.so').omp_get_max_threads()\n"
        f"ctypes.CDLL({str(site / VENDORED)!r}).omp_get_max_threads()\n"
    )
    assert die(kernels, cell) == -signal.SIGABRT

    _, client = start(kernels)
    reply, outputs = run(client, "%load_ext torchenv_magic")
    assert reply["content"]["status"] == "ok", outputs
    note = death_note(outputs)
    assert "died while running `import torch, ctypes, sys`" in note
    assert "Fatal Python error: Aborted" in note
    shown = text_of(outputs)
    assert "Two OpenMP runtimes were loaded into one process (OMP: Error #15)" in shown
    assert "libiomp5-4c5b6d2e.so" in shown or "faiss.libs" in shown
    client.stop_channels()


@pytest.fixture
def cpu_env() -> Path:
    return kernel_env("cpu")


def test_kernel_killed_by_an_illegal_instruction(
    cpu_env: Path, kernels: list[KernelManager], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_kernel_env(cpu_env, tmp_path, monkeypatch)
    assert die(kernels, "import torch, os, signal\nos.kill(os.getpid(), signal.SIGILL)") == -signal.SIGILL

    _, client = start(kernels)
    reply, outputs = run(client, "%load_ext torchenv_magic")
    assert reply["content"]["status"] == "ok", outputs
    assert "Fatal Python error: Illegal instruction" in death_note(outputs)
    shown = text_of(outputs)
    if "avx2" in Path("/proc/cpuinfo").read_text(errors="replace"):
        assert "A library torch loaded was built for a newer CPU than this one" in shown
        assert "cpu probe (/proc/cpuinfo):" in shown
    client.stop_channels()
