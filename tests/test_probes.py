"""The probes on this very machine (Linux, no NVIDIA driver) and on real metadata layouts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from torchenv_magic.probes import collect_facts, install_files, interpreter, nvml, packages, torch_build


def test_interpreter_facts() -> None:
    facts = interpreter.probe()
    assert facts["version"] == ".".join(map(str, sys.version_info[:3]))
    assert facts["bits"] == 64
    assert facts["os"] == "Linux"
    assert facts["env_kind"] == "venv"  # the tests run in .venv-test
    assert not facts["executable"].startswith(str(Path.home()) + "/")


def test_nvml_absent_is_reported_as_such() -> None:
    # nvidia-ml-py is installed here, but the machine has no NVIDIA driver (design.md section 6).
    facts = nvml.probe()
    assert facts["available"] is False
    assert facts["error"] == "NVMLError_LibraryNotFound"
    assert "no NVIDIA driver" in facts["meaning"]


def make_dist(site: Path, name: str, version: str, requires: tuple[str, ...] = ()) -> None:
    info = site / f"{name}-{version}.dist-info"
    info.mkdir(parents=True)
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}", *(f"Requires-Dist: {r}" for r in requires)]
    (info / "METADATA").write_text("\n".join(lines) + "\n")


def test_two_dist_info_folders_are_both_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_dist(tmp_path, "torch", "2.13.0")
    make_dist(tmp_path, "torch", "2.14.1")
    make_dist(tmp_path, "torchvision", "0.29.1", ("torch>=2.14.0", "scipy; extra == 'scipy'"))
    monkeypatch.syspath_prepend(str(tmp_path))
    installed = packages.probe()["installed"]
    assert sorted(entry["version"] for entry in installed["torch"]) == ["2.13.0", "2.14.1"]
    assert installed["torchvision"][0]["requires"] == ["torch>=2.14.0"]


def test_torch_version_file_is_read_without_importing(tmp_path: Path) -> None:
    # The generated file exactly as the torch 2.14.1 wheel on this disk ships it.
    (tmp_path / "version.py").write_text(
        "from typing import Optional\n\n__all__ = ['__version__', 'debug', 'cuda']\n"
        "__version__ = '2.14.1+cu130'\ndebug = False\ncuda: Optional[str] = '13.0'\n"
        "git_version = '5c4886908584029761b579af026dcfb627c84070'\nhip: Optional[str] = None\n"
    )
    values = torch_build.read_assignments(tmp_path / "version.py")
    assert values == {
        "__all__": ["__version__", "debug", "cuda"],
        "__version__": "2.14.1+cu130",
        "debug": False,
        "cuda": "13.0",
        "git_version": "5c4886908584029761b579af026dcfb627c84070",
        "hip": None,
    }
    assert "torch" not in sys.modules


def test_unreadable_version_file_gives_empty_facts(tmp_path: Path) -> None:
    (tmp_path / "version.py").write_bytes(b"\xff\xfe __version__ = (")
    assert torch_build.read_assignments(tmp_path / "version.py") == {}


def test_collect_facts_runs_every_probe() -> None:
    facts = collect_facts()
    assert set(facts) >= {"python", "packages", "torch_build", "torch_live", "nvml", "environment"}
    assert facts["torch_live"] == {"loaded": False}


def test_environment_kind_from_real_layouts(tmp_path: Path) -> None:
    conda = tmp_path / "conda"
    (conda / "conda-meta").mkdir(parents=True)
    uv = tmp_path / "uv"
    uv.mkdir()
    # uv writes these keys into pyvenv.cfg (uv venv 0.x); python -m venv writes no "uv =" line.
    (uv / "pyvenv.cfg").write_text("home = /usr/bin\nimplementation = CPython\nuv = 0.9.5\nversion_info = 3.11.7\n")
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.7\n")
    assert interpreter.environment_kind(str(conda)) == "conda"
    assert interpreter.environment_kind(str(uv)) == "uv"
    assert interpreter.environment_kind(str(venv)) == "venv"
    assert interpreter.environment_kind(str(tmp_path)) == "system"
    assert interpreter.installer_for_environment(str(uv)) == "uv"  # no pip inside: fixes use `uv pip`


def test_packages_judges_distributions_by_folder_name_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_dist(tmp_path, "requests", "2.32.0")
    make_dist(tmp_path, "nvidia_cudnn_cu13", "9.24.0.43")  # wheels write the name with underscores
    legacy = tmp_path / "mmcv_full-1.7.0-py3.11.egg-info"  # setuptools' develop/egg layout
    legacy.mkdir()
    (legacy / "PKG-INFO").write_text("Metadata-Version: 1.0\nName: mmcv-full\nVersion: 1.7.0\n")
    egg = tmp_path / "torchvision-0.29.1-py3.11.egg"  # an egg on sys.path: its EGG-INFO names nothing
    (egg / "EGG-INFO").mkdir(parents=True)
    (egg / "EGG-INFO" / "PKG-INFO").write_text("Metadata-Version: 1.0\nName: torchvision\nVersion: 0.29.1\n")
    monkeypatch.syspath_prepend(str(egg))
    monkeypatch.syspath_prepend(str(tmp_path))
    parsed: list[str] = []
    entry = packages._entry

    def spy(dist: packages.metadata.Distribution) -> dict[str, object] | None:
        parsed.append(str(getattr(dist, "_path", "")))
        return entry(dist)

    monkeypatch.setattr(packages, "_entry", spy)
    installed = packages.probe()["installed"]
    assert installed["nvidia-cudnn-cu13"][0]["version"] == "9.24.0.43"
    assert installed["mmcv-full"][0]["version"] == "1.7.0"
    assert installed["torchvision"][0]["version"] == "0.29.1"
    assert "requests" not in installed
    assert not [path for path in parsed if "requests" in path]  # its METADATA was never parsed
    assert [path for path in parsed if path.endswith("EGG-INFO")]  # no name in the folder: METADATA decides


def test_packages_reads_metadata_when_the_folder_name_is_not_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = Path(os.fsdecode(os.fsencode(tmp_path) + b"/xformers\xff\xfe-0.0.1.dist-info"))
    folder.mkdir()
    (folder / "METADATA").write_text("Metadata-Version: 2.1\nName: xformers\nVersion: 0.0.1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert packages.probe()["installed"]["xformers"][0]["version"] == "0.0.1"


def test_nvml_without_a_driver_does_not_import_pynvml() -> None:
    # nvidia-ml-py is installed here and libnvidia-ml.so.1 is not: the same CDLL pynvml would
    # try fails first, and the answer is the one pynvml gives, without its ~20 ms import.
    code = "import sys\nfrom torchenv_magic.probes import nvml\nprint(nvml.probe()['error'], 'pynvml' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.split() == ["NVMLError_LibraryNotFound", "False"]


def test_nvml_another_pynvml_first_on_the_path_is_still_called(tmp_path: Path) -> None:
    # A pynvml that is not nvidia-ml-py's (an old pynvml package, a stand-in) gets no short cut.
    (tmp_path / "pynvml.py").write_text(
        "class NVMLError(Exception):\n    pass\nclass NVMLError_DriverNotLoaded(NVMLError):\n    pass\n"
        "def nvmlInit():\n    raise NVMLError_DriverNotLoaded('stand-in')\n"
    )
    code = "from torchenv_magic.probes import nvml\nprint(nvml.probe()['error'])"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True, env=env)
    assert result.stdout.strip() == "NVMLError_DriverNotLoaded"


# --- install_files: the torch family's files against RECORD --------------------------------------

ELF = b"\x7fELF" + b"\0" * 60


def torch_with_record(site: Path, files: dict[str, bytes]) -> None:
    """A torch install whose RECORD lists ``files`` with their sizes, all present and whole."""
    make_dist(site, "torch", "2.13.0+cpu")
    rows = []
    for relative, data in files.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_bytes(data)
        rows.append(f"{relative},sha256=x,{len(data)}")
    (site / "torch-2.13.0+cpu.dist-info" / "RECORD").write_text("\n".join(rows) + "\ntorch-2.13.0+cpu.dist-info/RECORD,,\n")


TORCH_FILES = {
    "torch/__init__.py": b"import torch.distributions\n",
    "torch/functional.py": b"x = 1\n" * 10,
    "torch/distributions/__init__.py": b"from .kl import kl_divergence\n",
    "torch/distributions/kl.py": b"def kl_divergence(): ...\n",
    "torch/distributions/normal.py": b"y = 2\n",
    "torch/_inductor/codegen/wrapper.py": b"z = 3\n",
    "torch/lib/libc10.so": ELF * 4,
    "torch/_C.cpython-311-x86_64-linux-gnu.so": ELF,
    "torch/include/c10/core/Device.h": b"#pragma once\n",
}


def test_key_files_are_checked_for_size_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    torch_with_record(tmp_path, TORCH_FILES)
    monkeypatch.syspath_prepend(str(tmp_path))
    healthy = install_files.probe()["torch"]
    assert (healthy["checked"], healthy["missing"], healthy["damaged"]) == (4, [], [])  # libs and top-level modules
    # Cut short (what SIGBUS-es the process that loads it: only the next diagnosis can see it).
    library = tmp_path / "torch" / "lib" / "libc10.so"
    library.unlink()
    library.write_bytes(ELF)
    damaged = install_files.probe()["torch"]
    assert damaged["missing"] == [] and damaged["damaged_count"] == 1
    assert damaged["damaged"] == [{"path": "torch/lib/libc10.so", "problem": "short", "size": 64, "expected": 256}]


def test_a_failure_checks_every_module_and_says_how_each_relates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    torch_with_record(tmp_path, TORCH_FILES)
    monkeypatch.syspath_prepend(str(tmp_path))
    for relative in ("torch/distributions/kl.py", "torch/_inductor/codegen/wrapper.py", "torch/functional.py"):
        (tmp_path / relative).unlink()
    header = tmp_path / "torch" / "_C.cpython-311-x86_64-linux-gnu.so"
    header.write_bytes(b"\0" * 64)  # the right size, not a library: 'invalid ELF header'
    capture = {
        "type": "ModuleNotFoundError",
        "name": "torch.distributions.kl",
        "text": "ModuleNotFoundError: No module named 'torch.distributions.kl'",
    }
    checked = install_files.check_failure(capture, modules=["torch.distributions.normal", "torch._C"])
    assert checked["torch"]["checked"] == 8  # modules and native libraries, not headers
    assert checked["torch"]["damaged"] == [
        {"path": "torch/distributions/kl.py", "problem": "missing", "link": "named"},
        {"path": "torch/_C.cpython-311-x86_64-linux-gnu.so", "problem": "not_a_library", "size": 64, "link": "native"},
        {"path": "torch/functional.py", "problem": "missing", "link": "package"},  # torch.* was being imported
        # Its package never was, but the import of torch failed on its way: perhaps there.
        {"path": "torch/_inductor/codegen/wrapper.py", "problem": "missing", "link": "import"},
    ]
    assert [path for _, item in install_files.explaining(checked) for path in [item["path"]]][:3] == [
        "torch/distributions/kl.py",
        "torch/_C.cpython-311-x86_64-linux-gnu.so",
        "torch/functional.py",
    ]
    assert isinstance(checked["ms"], float)


def test_a_missing_package_init_is_named_by_its_namespace_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    torch_with_record(tmp_path, TORCH_FILES)
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "torch" / "distributions" / "__init__.py").unlink()
    # Without its __init__.py the package imports as an empty namespace; then 'cannot import name'.
    capture = {
        "name": "torch.distributions",
        "text": "ImportError: cannot import name 'Normal' from 'torch.distributions' (unknown location)",
    }
    damaged = install_files.check_failure(capture, modules=[])["torch"]["damaged"]
    assert damaged == [{"path": "torch/distributions/__init__.py", "problem": "missing", "link": "named"}]


def test_failure_names_and_module_paths() -> None:
    text = (
        "ImportError: cannot import name 'nn' from partially initialized module 'torch' (most likely due to a circular import)\n"
        "AttributeError: module 'torch.jit' has no attribute '_script'"
    )
    names, _ = install_files.failure_names({"text": text, "chain": [{"name": "torch._C"}]})
    assert names == {"torch", "torch.nn", "torch.jit", "torch.jit._script", "torch._C"}
    assert install_files.module_of("torch/nn/__init__.py") == "torch.nn"
    assert install_files.module_of("torch/_C.cpython-311-x86_64-linux-gnu.so") == "torch._C"


def test_a_package_that_finished_importing_is_not_where_the_failure_went(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    torch_with_record(tmp_path, TORCH_FILES)
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "torch" / "functional.py").unlink()
    (tmp_path / "torch" / "lib" / "libc10.so").write_bytes(b"")  # (a test library, say, never loaded)
    capture = {
        "text": "RuntimeError: CUDA error: no kernel image",
        "modules": {"packages": {"torch": {"present": True, "version": "2.13.0"}}},
    }
    damaged = install_files.check_failure(capture, modules=["torch", "torch.nn"])["torch"]["damaged"]
    assert damaged == [
        {"path": "torch/functional.py", "problem": "missing", "link": None},
        {"path": "torch/lib/libc10.so", "problem": "short", "size": 0, "expected": 256, "link": None},
    ]


def test_a_retried_import_still_finds_the_file_an_earlier_failure_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    torch_with_record(tmp_path, TORCH_FILES)
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "torch" / "_inductor" / "codegen" / "wrapper.py").unlink()
    first = {"name": "torch._inductor.codegen.wrapper", "text": "No module named 'torch._inductor.codegen.wrapper'"}
    assert install_files.check_failure(first, modules=["torch._C"])["torch"]["damaged"][0]["link"] == "named"
    # The retry fails earlier, with a message that names nothing of it; an interrupt is its own cause.
    retry = {"type": "KeyboardInterrupt", "text": "KeyboardInterrupt: "}
    assert install_files.check_failure(retry, modules=["torch._C"])["torch"]["damaged"][0]["link"] == "earlier"
    install_files._EARLIER.clear()
    assert install_files.check_failure(retry, modules=["torch._C"])["torch"]["damaged"][0]["link"] is None
