"""An extension built for another torch gets the rebuild its project publishes (data/extension_distributions.csv), never a
pip command with a guessed name: PyPI holds nothing under custom_rasterizer, an unrelated project under nunchaku, and only
prebuilt wheels for torch_xla (a reinstall brings back the same build)."""

from __future__ import annotations

import csv
import io
from importlib import resources

import pytest

from torchenv_magic import compat, explain
from torchenv_magic.compat import strip_comment_header


def _rows() -> list[dict[str, str]]:
    text = (resources.files("torchenv_magic") / "data" / "extension_distributions.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(strip_comment_header(text))))


def _symbol_error(folder: str, module: str = "_C") -> str:
    # The loader's words for a library built against another torch (pytorch/xla#4133, nunchaku-tech/nunchaku#410).
    return (
        f"ImportError: /home/u/env/lib/python3.10/site-packages/{folder}/{module}.cpython-310-x86_64-linux-gnu.so: "
        "undefined symbol: _ZN3c106detail23torchInternalAssertFailEPKcS2_jS2_RKSs\n"
    )


def _top(text: str):  # type: ignore[no-untyped-def]
    finding = explain(text)[0]
    assert finding.cause == "extension_abi_mismatch", finding.title
    assert finding.fix is not None
    return finding


def test_every_row_says_where_it_was_read_and_what_pypi_publishes() -> None:
    rows = _rows()
    assert len(rows) > 40
    for row in rows:
        assert row["source"].strip(), row
        assert row["pypi"] in ("source", "source_and_wheels", "wheels", "git", "other_project"), row
        assert row["host"] in ("torch", "tensorflow"), row
        assert bool(row["install"]) == (row["pypi"] == "git"), row
        assert row["name"] == row["name"].lower() and "_" not in row["name"], row


def test_names_match_as_folders_are_written() -> None:
    assert (compat.extension_distribution("torch_scatter") or {}).get("distribution") == "torch-scatter"
    assert (compat.extension_distribution("MinkowskiEngineBackend") or {}).get("distribution") == "MinkowskiEngine"
    # tiny-cuda-nn installs one module per compute capability.
    assert (compat.extension_distribution("tinycudann_bindings_86_") or {}).get("pypi") == "git"
    assert compat.extension_distribution("custom_rasterizer") is None


def test_a_source_release_on_pypi_is_rebuilt_by_its_distribution_name() -> None:
    fix = _top(_symbol_error("torch_scatter", "_scatter_cuda")).fix
    assert fix.kind == "pip" and "--no-build-isolation" in fix.code and "torch-scatter" in fix.code
    # The module's folder is not the distribution's name: PyPI's neural-renderer-pytorch builds neural_renderer.
    assert "neural-renderer-pytorch" in _top(_symbol_error("neural_renderer", "cuda/load_textures")).fix.code


def test_a_release_with_wheels_too_is_built_only_when_pip_is_told_so() -> None:
    code = _top(_symbol_error("auto_gptq", "exllama_kernels")).fix.code
    assert "--no-binary auto-gptq" in code


def test_a_project_built_from_git_gets_its_repository() -> None:
    # facebookresearch/pytorch3d: PyPI has a macOS wheel only; INSTALL.md builds from git.
    code = _top(_symbol_error("pytorch3d")).fix.code
    assert "git+https://github.com/facebookresearch/pytorch3d.git@stable" in code
    assert "pip install --force-reinstall" in code and " pytorch3d " not in f" {code} "


def test_a_wheels_only_release_is_matched_not_reinstalled() -> None:
    fix = _top(_symbol_error("torch_xla")).fix
    assert fix.kind == "manual" and "torch-xla release built for the installed torch" in fix.code
    assert "same build" in fix.note


def test_a_name_nobody_lists_gets_a_rebuild_from_its_source_not_a_guess() -> None:
    fix = _top(_symbol_error("custom_rasterizer", "custom_rasterizer_kernel")).fix
    assert fix.kind == "manual" and "pip install custom" not in fix.code and "custom-rasterizer" not in fix.code
    assert "from the source it was installed from" in fix.code


def test_pypis_namesake_of_an_extension_is_named_as_unrelated() -> None:
    fix = _top(_symbol_error("nunchaku")).fix
    assert fix.kind == "manual" and "is another project" in fix.note and "do not install it by name" in fix.note


def test_a_tensorflow_add_on_known_by_its_folder_is_built_against_tensorflow() -> None:
    # dlio_benchmark#305: tensorflow_io's plugin library under TensorFlow 2.20.
    text = (
        "caused by: ['/home/u/env/lib/python3.12/site-packages/tensorflow_io/python/ops/libtensorflow_io_plugins.so: "
        "undefined symbol: _ZN3tsl5mutex6unlockEv']\n"
    )
    finding = _top(text)
    assert "TensorFlow" in finding.title and "torch" not in finding.title


@pytest.mark.parametrize("name", ["torch"])
def test_torch_itself_is_reinstalled_not_built(name: str) -> None:
    from torchenv_magic.rules import Context
    from torchenv_magic.rules.extensions import _rebuild_fix

    fix = _rebuild_fix(Context(facts={}, stated=True), name)
    assert fix.kind == "pip" and "--force-reinstall" in fix.code and "--no-build-isolation" not in fix.code


def test_a_windows_cuda_dll_of_an_unknown_torch_gets_a_cuda_build_not_pypis_cpu_torch() -> None:
    # lllyasviel/stable-diffusion-webui-forge#2798: cuDNN 8's loader words on Windows, no torch version shown. PyPI's Windows
    # torch is a CPU build: `pip install --force-reinstall torch` would remove the DLLs rather than bring them.
    text = "Could not locate cudnn_ops_infer64_8.dll. Please make sure it is in your library path!\n"
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and finding.fix is not None
    assert "torch==2.3.1+cu118" in finding.fix.code and "download.pytorch.org/whl/cu118" in finding.fix.code
    # A stated torch keeps its own build's reinstall (its variant's index), and Linux keeps PyPI's CUDA torch.
    stated = explain(text, platform="windows", packages={"torch": "2.1.2+cu121"})[0].fix
    assert stated is not None and "2.1.2" in stated.code and "cu121" in stated.code
    linux = explain("OSError: libcudnn_ops_infer.so.8: cannot open shared object file: No such file or directory\n")[0].fix
    assert linux is not None and "2.3.1" not in linux.code


def test_the_newest_official_build_bringing_a_release() -> None:
    # torch_cudnn.csv: cuDNN 8 last in torch 2.3 (cu118 8.7, cu121 8.9); torch_wheel_variants.csv: cu118 last in 2.7.1.
    assert compat.newest_torch_build_with("cuDNN", 8) == ("2.3.1", "11.8")
    assert compat.newest_torch_build_with("CUDA", 11) == ("2.7.1", "11.8")
    assert compat.newest_torch_build_with("cuDNN", 7) is None


def test_a_torch_install_from_pypi_on_windows_says_it_is_the_cpu_build() -> None:
    # PyPI's torch for Windows is a CPU build (its win_amd64 wheels have no CUDA DLLs); a fix that installs torch there
    # without PyTorch's CUDA index says so, and names how to get the CUDA build.
    text = 'OSError: [WinError 126] The specified module could not be found. Error loading "C:\\\\p\\\\torch\\\\lib\\\\c10.dll"\n'
    stated = explain(text, platform="windows", packages={"torch": "2.5.1"})
    fixes = [f.fix for f in stated if f.fix is not None and f.fix.kind == "pip" and "torch" in f.fix.code]
    windows = explain("Could not locate zlibwapi.dll. Please make sure it is in your library path!\n", platform="windows")[0].fix
    assert windows is not None and "pip install" in windows.code and "index-url" not in windows.code
    assert "PyPI's torch for Windows is the CPU build" in windows.note
    # With PyTorch's CUDA index in the command, or on Linux, nothing is added.
    linux = explain("OSError: libcudnn_ops_infer.so.8: cannot open shared object file: No such file or directory\n")[0].fix
    assert linux is not None and "CPU build" not in linux.note
    assert all("CPU build" not in f.note for f in fixes if "index-url" in f.code)
