"""Warm diagnoses reuse what was parsed from RECORD and METADATA until those files change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.test_probes import make_dist
from torchenv_magic.probes import cuda_wheels, dists, install_files

RECORD = "torch/__init__.py,sha256=x,10\ntorch/lib/libtorch_cpu.so,sha256=y,20\ntorch/nn/modules/linear.py,sha256=z,30\n"


@pytest.fixture
def torch_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_dist(tmp_path, "torch", "2.13.0")
    (tmp_path / "torch-2.13.0.dist-info" / "RECORD").write_text(RECORD)
    (tmp_path / "torch" / "lib").mkdir(parents=True)
    (tmp_path / "torch" / "__init__.py").write_text("")
    (tmp_path / "torch" / "lib" / "libtorch_cpu.so").write_bytes(b"\x7fELF")
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def count_calls(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[object]:
    calls: list[object] = []
    original = getattr(module, name)

    def counting(*args: object) -> object:
        calls.append(args)
        return original(*args)

    monkeypatch.setattr(module, name, counting)
    return calls


def bump_mtime(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_record_is_read_once_until_it_changes(torch_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = count_calls(monkeypatch, install_files, "_record_paths")
    first = install_files.probe()["torch"]
    assert (first["checked"], first["missing"]) == (2, [])
    assert install_files.probe()["torch"] == first
    assert len(reads) == 1  # the warm call did not re-read RECORD

    # A deleted library shows up at once: only the parse is cached, never the existence checks.
    (torch_site / "torch" / "lib" / "libtorch_cpu.so").unlink()
    assert install_files.probe()["torch"]["missing"] == ["torch/lib/libtorch_cpu.so"]
    assert len(reads) == 1

    # RECORD's mtime moves (a reinstall, an edit): read again.
    record = torch_site / "torch-2.13.0.dist-info" / "RECORD"
    record.write_text(RECORD + "torch/_C.cpython-311-x86_64-linux-gnu.so,sha256=w,40\n")
    bump_mtime(record)
    again = install_files.probe()["torch"]
    assert len(reads) == 2
    assert again["checked"] == 3 and again["missing_count"] == 2


def test_record_mtime_alone_invalidates(torch_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = count_calls(monkeypatch, install_files, "_record_paths")
    install_files.probe()
    install_files.probe()
    bump_mtime(torch_site / "torch-2.13.0.dist-info" / "RECORD")
    install_files.probe()
    assert len(reads) == 2


def test_metadata_change_re_parses_requirements(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_dist(tmp_path, "torch", "2.14.1", ("nvidia-cudnn-cu13==9.24.0.43", "filelock"))
    monkeypatch.syspath_prepend(str(tmp_path))
    parses = count_calls(monkeypatch, cuda_wheels, "_applicable")
    assert cuda_wheels.probe()["required"] == {"nvidia-cudnn-cu13": "nvidia-cudnn-cu13==9.24.0.43"}
    assert cuda_wheels.probe()["required"] == {"nvidia-cudnn-cu13": "nvidia-cudnn-cu13==9.24.0.43"}
    assert len(parses) == 1
    metadata = tmp_path / "torch-2.14.1.dist-info" / "METADATA"
    metadata.write_text(metadata.read_text().replace("9.24.0.43", "9.30.0.1"))
    bump_mtime(metadata)
    assert cuda_wheels.probe()["required"] == {"nvidia-cudnn-cu13": "nvidia-cudnn-cu13==9.30.0.1"}
    assert len(parses) == 2


def test_a_replaced_dist_info_folder_is_not_served_from_the_cache(tmp_path: Path) -> None:
    make_dist(tmp_path, "torch", "2.13.0")
    cache: dists.FileCache[str] = dists.FileCache("METADATA")
    (dist,) = (d for d in dists.metadata.distributions(path=[str(tmp_path)]))
    assert cache.get(dist, "k", lambda d: "first") == "first"
    assert cache.get(dist, "k", lambda d: "second") == "first"
    (tmp_path / "torch-2.13.0.dist-info" / "INSTALLER").write_text("pip\n")  # the folder's mtime moves
    bump_mtime(tmp_path / "torch-2.13.0.dist-info")
    assert cache.get(dist, "k", lambda d: "third") == "third"
    (tmp_path / "torch-2.13.0.dist-info" / "METADATA").unlink()  # no file to stat: never cached
    assert cache.get(dist, "k", lambda d: "fourth") == "fourth"
    assert cache.get(dist, "k", lambda d: "fifth") == "fifth"


def test_record_paths_keeps_only_the_packages_code() -> None:
    """The substring pre-filter must keep exactly what _is_code keeps, on RECORD's odd lines."""
    record = "\n".join(
        [
            "torch/__init__.py,sha256=a,10",
            "torch/lib/c10.DLL,sha256=b, 20 ",
            "torch/lib/libgomp.so.1,sha256=c,30",
            "torch/a,b.py,sha256=d,40",  # a comma in the path: the last two fields are hash and size
            "torch/two_fields.py,sha256=e",
            "torch/include/ATen/ATen.h,sha256=f,50",
            "torch/x.pyc,,",
            "torch/x.py.bak,sha256=g,60",
            "torchvision/__init__.py,sha256=h,70",
            "torch-2.13.0.dist-info/RECORD,,",
            "torch/_C.cpython-311-x86_64-linux-gnu.so,sha256=i,",
        ]
    )
    assert install_files._record_paths(record, "torch") == [
        ("torch/__init__.py", 10),
        ("torch/lib/c10.DLL", 20),
        ("torch/lib/libgomp.so.1", 30),
        ("torch/a,b.py", 40),
        ("torch/two_fields.py", None),
        ("torch/_C.cpython-311-x86_64-linux-gnu.so", None),
    ]
