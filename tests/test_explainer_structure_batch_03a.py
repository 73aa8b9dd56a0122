"""Readings learned from batch-2026-12-03a's first run (docs/accuracy-runs/batch-2026-12-03a.firstrun.txt), each
checked at the edges it depends on; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import causes


def _frame(path: str, code: str, line: int = 1) -> str:
    return f'  File "{path}", line {line}, in <module>\n    {code}\n'


def test_a_jit_extension_whose_so_was_never_made() -> None:
    # turboderp/exllama#148: torch.utils.cpp_extension.load's <dir>/<name>/<name>.so never produced.
    folder = "/root/.cache/torch_extensions/py310_cu117/exllama_ext"
    text = f"ImportError: {folder}/exllama_ext.so: cannot open shared object file: No such file or directory"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and finding.fix is not None and f"{folder}/" in finding.fix.code
    # A library named otherwise (a dependency's soname) is another reading.
    other = "ImportError: libcudart.so.11.0: cannot open shared object file: No such file or directory"
    assert "build_toolchain_missing" not in causes(other)[:1]


def test_a_projects_own_compiled_import_that_finds_nothing_was_never_built() -> None:
    # Tramac/awesome-semantic-segmentation-pytorch#25: `python setup.py build develop` had not been run.
    text = (
        "Traceback (most recent call last):\n"
        + _frame("E:/seg/scripts/demo.py", "from core.utils.visualize import get_color_pallete", 12)
        + _frame("E:\\seg\\core\\nn\\ca_block.py", "from core.nn import _C", 6)
        + "ImportError: cannot import name '_C'\n"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "build_toolchain_missing" and "core.nn" in finding.title
    installed = text.replace("E:\\seg\\core", "C:\\Python37\\lib\\site-packages\\core")
    assert causes(installed)[:1] != ["build_toolchain_missing"]


def test_an_op_module_by_its_usual_name_missing_was_never_built() -> None:
    # zhulf0804/PointPillars#3: the ops folder's voxel_op is built by the project's setup.py.
    assert explain("ModuleNotFoundError: No module named 'ops.voxel_op'", platform="linux")[0].cause == "build_toolchain_missing"
    assert causes("ModuleNotFoundError: No module named 'ops.voxel_layers'")[:1] != ["build_toolchain_missing"]


def test_cuda_headers_older_than_glibc_stop_nvcc() -> None:
    # thu-ml/SageAttention#240 (Fedora 42's glibc 2.41 with CUDA 12.8).
    text = (
        '/usr/include/bits/mathcalls.h(79): error: exception specification is incompatible with that of previous function "cospi" '
        "(declared at line 2601 of /usr/local/cuda/include/crt/math_functions.h)"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "glibc" in finding.title
    assert finding.fix is not None and "math_functions.h" in finding.fix.code


def test_pips_summary_naming_a_local_checkout_is_an_isolated_build() -> None:
    # deepbeepmeep/Wan2GP#1732: `pip install -e SageAttention` without --no-build-isolation.
    text = (
        "  ModuleNotFoundError: No module named 'torch'\n\n"
        "  ERROR: Failed to build 'file:///root/Wan2GP/SageAttention' when getting requirements to build editable\n"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and finding.fix is not None
    assert finding.fix.code.endswith("--no-build-isolation /root/Wan2GP/SageAttention")


def test_what_torch_demands_of_old_extension_sources() -> None:
    cxx = "torch/include/c10/util/C++17.h:24:2: error: #error You need C++14 to compile PyTorch"  # flownet2-pytorch#196
    finding = explain(cxx, platform="linux")[0]
    assert finding.cause == "extension_abi_mismatch" and finding.fix is not None and "-std=c++14" in finding.fix.code
    ffi = "ImportError: torch.utils.ffi is deprecated. Please use cpp extensions instead"  # j96w/DenseFusion#20
    assert explain(ffi, platform="linux")[0].cause == "extension_abi_mismatch"
    at_check = 'error: identifier "AT_CHECK" is undefined'  # aim-uofa/FCOS#276 (nvcc's words)
    assert explain(at_check, platform="linux")[0].cause == "extension_abi_mismatch"


def test_pypis_apex_and_standard_module_backports() -> None:
    # facebookresearch/vissl#279: PyPI's apex (a Pyramid toolkit) importing pyramid.
    apex = (
        _frame("/usr/local/lib/python3.7/dist-packages/apex/__init__.py", "from pyramid.session import Factory", 13)
        + "ImportError: cannot import name 'Factory' from 'pyramid.session' (unknown location)\n"
    )
    finding = explain(apex, platform="linux")[0]
    assert finding.cause == "shadowed_module" and finding.fix is not None and "NVIDIA/apex" in finding.fix.code
    # DynamicRouting#27: PyPI's typing backport in site-packages on Python 3.7; enum34 lacks re.py's IntFlag.
    typing = _frame("/env/lib/python3.7/site-packages/typing.py", "class Callable(extra=collections_abc.Callable):", 1359)
    finding = explain(typing + "AttributeError: type object 'Callable' has no attribute '_abc_registry'\n", platform="linux")[0]
    assert finding.cause == "shadowed_module" and finding.fix is not None and finding.fix.code == "pip uninstall -y typing"
    enum = _frame("/usr/lib/python3.6/re.py", "class RegexFlag(enum.IntFlag):", 142)
    enum += "AttributeError: module 'enum' has no attribute 'IntFlag'\n"
    assert explain(enum, platform="linux")[0].fix.code == "pip uninstall -y enum34"  # type: ignore[union-attr]


def test_a_private_torch_module_missing_alone_is_a_damaged_torch() -> None:
    # Ragnar#2: fixed by reinstalling torch.
    assert explain("No module named 'torch._prims_common'", platform="windows")[0].cause == "corrupted_install"
    # torchvision's usual ask of a newer torch stays the companion's reading.
    assert explain("No module named 'torch._custom_ops'", platform="linux")[0].cause == "torchvision_torch_mismatch"


def test_a_wrapped_dyld_architecture_message() -> None:
    # rusty1s/pytorch_sparse#199: the pasted message wraps between "incompatible" and "architecture".
    text = (
        "OSError: dlopen(/opt/homebrew/lib/python3.9/site-packages/torch_spline_conv/_version_cpu.so, 0x0006): tried: "
        "'/opt/homebrew/lib/python3.9/site-packages/torch_spline_conv/_version_cpu.so' (mach-o file, but is an incompatible   \n\n"
        "architecture (have 'x86_64', need 'arm64e'))"
    )
    assert explain(text, platform="macos")[0].cause == "wheel_platform_mismatch"
