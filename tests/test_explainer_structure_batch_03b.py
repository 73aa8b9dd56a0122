"""Readings learned from batch-2026-12-03b's first run (docs/accuracy-runs/batch-2026-12-03b.firstrun.txt), each
checked at the edges it depends on; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import causes


def _frame(path: str, code: str, line: int = 1) -> str:
    return f'  File "{path}", line {line}, in <module>\n    {code}\n'


def test_a_projects_partially_initialized_package_without_its_compiled_part() -> None:
    # Tramac/awesome-semantic-segmentation-pytorch#175: `python setup.py build develop` not run.
    line = "ImportError: cannot import name '_C' from partially initialized module 'core.nn' "
    line += "(most likely due to a circular import) ({})"
    assert explain(line.format("/backup/m/seg/core/nn/__init__.py"), platform="linux")[0].cause == "build_toolchain_missing"
    installed = line.format("/env/lib/python3.8/site-packages/core/nn/__init__.py")
    assert causes(installed)[:1] != ["build_toolchain_missing"]


def test_a_relative_import_of_a_compiled_module_that_is_not_there() -> None:
    # JimmyChame/SADNet#1: dcn/deform_conv.py's `from . import deform_conv_cuda`, never compiled.
    text = (
        "Traceback (most recent call last):\n"
        + _frame("/userhome/s/SADNet/dcn/__init__.py", "from .deform_conv import DeformConv")
        + _frame("/userhome/s/SADNet/dcn/deform_conv.py", "from . import deform_conv_cuda", 10)
        + "ImportError: cannot import name 'deform_conv_cuda'\n"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and finding.title.startswith("deform_conv_cuda")
    # A plain name is no compiled part.
    assert causes(text.replace("deform_conv_cuda", "deform_conv_utils"))[:1] != ["build_toolchain_missing"]


def test_a_module_named_after_its_importers_folder_is_that_folders_build() -> None:
    # graspnet/graspnet-baseline#2: knn/knn_modules.py importing knn_pytorch, built by the knn folder's setup.py.
    text = (
        "Traceback (most recent call last):\n"
        + _frame("/home/w/graspnet-baseline/utils/label_generation.py", "from knn_modules import knn", 14)
        + _frame("/home/w/graspnet-baseline/knn/knn_modules.py", "from knn_pytorch import knn_pytorch", 7)
        + "ModuleNotFoundError: No module named 'knn_pytorch'\n"
    )
    assert explain(text, platform="linux")[0].cause == "build_toolchain_missing"
    # Another package's name, or the same import from an installed file, is a missing install.
    assert causes(text.replace("knn_pytorch", "scipy_extra"))[:1] != ["build_toolchain_missing"]
    installed = text.replace("/home/w/graspnet-baseline/knn/", "/env/lib/python3.8/site-packages/knn/")
    assert causes(installed)[:1] != ["build_toolchain_missing"]


def test_a_jit_extension_with_no_pyd_on_windows() -> None:
    # BlinkDL/RWKV-LM#169: cpp_extension's "Loading extension module" right above the DLL load failure.
    failed = "ImportError: DLL load failed while importing wkv_512: The specified module could not be found."
    text = f"Loading extension module wkv_512...\n{failed}"
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "build_toolchain_missing" and finding.fix is not None and "%LOCALAPPDATA%" in finding.fix.code
    assert causes(failed)[:1] != ["build_toolchain_missing"]


def test_k2s_own_cuda_mismatch_words() -> None:
    text = "AssertionError: PyTorch is built with CUDA version: 11.7.\nThe current running CUDA version is: 10.2.89"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "10.2.89" in finding.title and "11.7" in finding.title


def test_extension_sources_and_builds_for_another_torch() -> None:
    # xinntao/EDVR#105 (nvcc's words) and b-flo/warp-transducer#99 (a locale's quotes around THC.h).
    scalar = 'src/k.cu(258): error: no suitable constructor exists to convert from "c10::ScalarType" to "at::Type"'
    assert explain(scalar, platform="linux")[0].cause == "extension_abi_mismatch"
    thc = "src/binding.cpp:8:14: fatal error:THC.h\u201d: No such file or directory\n #include \"THC.h\""
    assert explain(thc, platform="linux")[0].cause == "extension_abi_mismatch"
    # clang's own quotes around a c10 header stay a toolchain reading (open-mmlab/mmcv#2218).
    clang = "MPSLibrary.mm:2:10: fatal error: 'c10/util/CallOnce.h' file not found"
    assert causes(clang)[:1] != ["extension_abi_mismatch"]


def test_add_ons_own_words_for_another_torch() -> None:
    graphbolt = explain("ImportError: Cannot load Graphbolt C++ library", platform="linux")[0]  # graeter-group/grappa#20
    assert graphbolt.cause == "extension_abi_mismatch" and graphbolt.fix is not None and "DGL" in graphbolt.fix.code
    cast = "RuntimeError: Unable to cast Python instance of type <class 'torch._C.ScriptModule'> to C++ type "
    cast += "'torch::jit::script::Module'"
    finding = explain(cast, platform="linux")[0]  # hengyuan-hu/hanabi_SAD#8
    assert finding.cause == "extension_abi_mismatch" and finding.fix is not None and "pybind11" in finding.fix.code


def test_pypis_utils_answering_alone() -> None:
    # itschasa/LuxuryNitro-Reseller#6: the last line alone, PyPI's utils in site-packages.
    text = "ImportError: cannot import name 'config' from 'utils' (/home/c/.local/lib/python3.11/site-packages/utils/__init__.py)"
    assert explain(text, platform="linux")[0].cause == "shadowed_module"
