"""explain() on extension builds, CUDA run-time messages and CUDA libraries, read as structure.

Every text is a verbatim excerpt of a public report: a tests/corpus file (its header names
the source) or a line quoted here with its source beside it. The tests check what the
reading generalises on: a CUDA_HOME of several folders wherever nvcc's path shows it, an
isolated build environment around ``No module named 'torch'``, the frame that really loaded a
library (importlib and ctypes only pass the load on) and the stated versions.
"""

from __future__ import annotations

from pathlib import Path

from torchenv_magic import explain
from torchenv_magic.explainer import ErrorText
from torchenv_magic.explainer.build import cuda_home_malformed
from torchenv_magic.model import Finding

CORPUS = Path(__file__).resolve().parent / "corpus"


def corpus(name: str) -> str:
    """The verbatim text of a corpus case (after its header)."""
    return (CORPUS / name).read_text(encoding="utf-8").partition("\n---\n")[2]


def top(text: str, platform: str | None = "linux", packages: dict[str, str] | None = None) -> Finding:
    return explain(text, platform=platform, packages=packages)[0]


# --- extension builds ----------------------------------------------------------------------

# rusty1s/pytorch_cluster#55: CUDA_HOME="/usr/local/cuda:" (a trailing ':')
TRAILING_COLON = "unable to execute '/usr/local/cuda:/bin/nvcc': No such file or directory"
# pytorch/extension-cpp#48: CUDA_HOME=":/usr/local/cuda-9.0" (a leading ':')
LEADING_COLON = "error: command ':/usr/local/cuda-9.0/bin/nvcc' failed with exit status 1"
# facebookresearch/detectron2#1991: collect_env shows it
COLLECT_ENV = "GPU 0                   GeForce GTX 1070 (arch=6.1)\nCUDA_HOME               :/usr/local/cuda\nPillow                  7.2.0"


def test_a_cuda_home_of_several_folders_is_named_and_fixed_to_one_folder() -> None:
    for text, folder in ((TRAILING_COLON, "/usr/local/cuda"), (LEADING_COLON, "/usr/local/cuda-9.0"), (COLLECT_ENV, "/usr/local/cuda")):
        finding = top(text)
        assert finding.cause == "build_toolchain_missing", text
        assert "not one folder" in finding.title
        assert finding.fix is not None and f"export CUDA_HOME={folder}\n" in finding.fix.code


def test_a_windows_drive_letter_is_not_a_joined_cuda_home() -> None:
    # AlexeyAB/darknet#8584 (the start of its nvcc command line)
    text = (
        '"C:\\Program Files\\NVIDIA GPU Computing Toolkit\\CUDA\\v11.7\\bin\\nvcc.exe" '
        '-gencode=arch=compute_61,code=\\"sm_61,compute_61\\" -gencode=arch=compute_52,code=\\"sm_52,compute_52\\" '
        '--use-local-env -ccbin "D:\\Software\\VisualStudio\\VC\\Tools\\MSVC\\14.32.31326\\bin\\HostX64\\x64"'
    )
    assert list(cuda_home_malformed(ErrorText.build(text))) == []


def test_the_cuda_mismatch_message_is_read_when_wrapped_or_cut() -> None:
    # torch's message wrapped with a 4-space indent
    finding = top(corpus("build_toolchain_missing/detected-cuda-122-vs-113-embodiedocc2-6.txt"))
    assert finding.cause == "build_toolchain_missing"
    assert finding.title == "nvcc is CUDA 12.2 but torch was built with CUDA 11.3"
    # the same report cut after its first line still names nvcc's CUDA; torch's comes from the stated version
    cut = "The detected CUDA version (12.2) mismatches the version that was used to compile"
    assert top(cut, packages={"torch": "1.12.1+cu113"}).title == "nvcc is CUDA 12.2 but torch was built with CUDA 11.3"


def test_deepspeeds_op_builder_says_the_same_in_its_own_words() -> None:
    # thinhlpg/vixtts-demo#12 and JIA-Lab-research/MGM#91 (solved by aligning the CUDA versions)
    home = "deepspeed.ops.op_builder.builder.MissingCUDAException: CUDA_HOME does not exist, unable to compile CUDA op(s)"
    assert top(home).title.startswith("CUDA_HOME is not set")
    mismatch = top(
        "deepspeed.ops.op_builder.builder.CUDAMismatchException: >- DeepSpeed Op Builder: Installed CUDA version 12.2 does not "
        "match the version torch was compiled with 11.7, unable to compile cuda/cpp extensions without a matching cuda version."
    )
    assert mismatch.title == "nvcc is CUDA 12.2 but torch was built with CUDA 11.7"


def test_nvcc_too_old_for_the_gpu_and_gcc_too_new_for_nvcc_are_told_apart() -> None:
    arch = top(corpus("build_toolchain_missing/compute86-inplace-abn-192.txt"))
    assert (arch.cause, arch.title.split(":")[0]) == ("build_toolchain_missing", "This nvcc cannot compile for compute_86")
    # zju3dv/NeuralRecon#119: the older wording of the same nvcc error
    value = top("nvcc fatal   : Value 'sm_86' is not defined for option 'gpu-architecture'")
    assert value.title.startswith("This nvcc cannot compile for sm_86")
    # Dao-AILab/flash-attention (via haotian-liu/LLaVA#1140): the package checks nvcc's version itself
    flash = top(
        "      RuntimeError: FlashAttention is only supported on CUDA 11.6 and above.  Note: make sure nvcc has a supported "
        "version by running nvcc -V.",
        packages={"torch": "2.0.1+cu117"},
    )
    assert flash.cause == "build_toolchain_missing" and "CUDA 11.6 or newer" in flash.title
    gcc = top(corpus("build_toolchain_missing/gnu-version-gcc6-fcos-37.txt"))
    assert gcc.cause == "build_toolchain_missing" and "gcc 6 or older" in gcc.title
    assert gcc.fix is not None and "export CC=gcc-6 CXX=g++-6" in gcc.fix.code


def test_visual_studio_too_new_for_nvcc_is_the_windows_host_compiler_check() -> None:
    # nerfstudio-project/nerfstudio#3171 (CUDA 11.8 with a newer Visual Studio 2022)
    text = (
        "C:\\Program Files\\NVIDIA GPU Computing Toolkit\\CUDA\\v11.8\\include\\crt/host_config.h(153): fatal error C1189: "
        "#error:  -- unsupported Microsoft Visual Studio version! Only the versions between 2017 and 2022 (inclusive) are supported!"
    )
    finding = top(text, platform="windows")
    assert finding.cause == "build_toolchain_missing" and finding.title.startswith("Visual Studio is newer than this CUDA toolkit")


def test_no_torch_inside_an_isolated_build_is_a_build_problem_not_a_missing_torch() -> None:
    pip = top(corpus("build_toolchain_missing/build-isolation-no-torch-windows-pointnext-1.txt"), platform="windows")
    assert pip.cause == "build_toolchain_missing" and "isolated build environment" in pip.title
    uv = top(corpus("build_toolchain_missing/build-isolation-uv-flash-attn-lckv-17.txt"))
    assert uv.cause == "build_toolchain_missing" and uv.title.startswith("flash-attn ")
    assert uv.fix is not None and uv.fix.code.split()[-2:] == ["--no-build-isolation", "flash-attn"]
    # without a build around it, the same message still means torch is not installed for that Python
    assert top("ModuleNotFoundError: No module named 'torch'").cause == "module_not_installed_in_kernel_env"


def test_not_compiled_with_gpu_support_names_the_extension_that_raised_it() -> None:
    # facebookresearch/detectron2#257 (its title: the C++ source location names the package)
    text = (
        "RuntimeError: Not compiled with GPU support (ROIAlign_forward at "
        "/projectnb2/dnn-motion/shukai/detectron2/detectron2/layers/csrc/ROIAlign/ROIAlign.h:73)"
    )
    finding = top(text)
    assert (finding.cause, finding.title) == ("build_toolchain_missing", "detectron2 was compiled without CUDA support")


def test_apex_without_its_cuda_extensions_is_named() -> None:
    # NVIDIA/apex#499 (fixed by building apex with --cpp_ext --cuda_ext)
    finding = top("ModuleNotFoundError: No module named 'fused_layer_norm_cuda'")
    assert (finding.cause, finding.title) == ("build_toolchain_missing", "apex was compiled without CUDA support")
    assert finding.fix is not None and "--cuda_ext" in finding.fix.code


# --- CUDA libraries: who asked for them ------------------------------------------------------

# open-mmlab/mmsegmentation#943 (Colab): no frames before the message
BARE = "ImportError: libcudart.so.10.2: cannot open shared object file: No such file or directory"


def test_a_cuda_library_an_extension_cannot_find_is_that_extensions_build() -> None:
    # open-mmlab/mmtracking#603: mmcv's _ext, loaded through importlib
    finding = top(corpus("extension_abi_mismatch/libcudart102-mmcv-mmtracking-603.txt"))
    assert (finding.cause, finding.title) == ("extension_abi_mismatch", "mmcv was built against a different torch or CUDA")


def test_code_that_dlopens_the_bare_runtime_name_needs_a_cuda_toolkit_not_a_rebuild() -> None:
    # nvidia-cosmos/cosmos-transfer2.5#151: the project's own ctypes.CDLL("libcudart.so") (its last line, cut in the
    # stored copy after "OSError: lib", completed from the title)
    text = (
        '[rank6]:   File "/work/home/ac0xf2jf13/cyun/cosmos-transfer2.5/cosmos_transfer2/_src/imaginaire/utils/distributed.py", '
        "line 77, in init\n"
        '[rank6]:     _libcudart = ctypes.CDLL("libcudart.so")\n'
        '[rank6]:   File "/work/home/ac0xf2jf13/cyun/uv-x86_64-unknown-linux-gnu/cpython-3.10.19-linux-x86_64-gnu/lib/python3.10/'
        'ctypes/__init__.py", line 374, in __init__\n'
        "[rank6]:     self._handle = _dlopen(self._name, mode)\n"
        "[rank6]: OSError: libcudart.so: cannot open shared object file: No such file or directory"
    )
    assert top(text).cause == "missing_cuda_runtime_lib"


def test_torch_loading_its_own_cuda_library_through_ctypes_is_a_missing_library() -> None:
    # pytorch/pytorch#131284: torch's own _load_global_deps, loaded through ctypes (IPython 8 frames)
    text = corpus("missing_cuda_runtime_lib/libcudart12-bazel-pytorch-131284.txt")
    assert top(text, packages={"torch": "2.3.1+cu121"}).cause == "missing_cuda_runtime_lib"


def test_without_frames_the_stated_versions_say_whose_runtime_it_is() -> None:
    other_cuda = explain(BARE, platform="linux", packages={"torch": "1.9.0+cu111"})
    assert other_cuda[0].cause == "extension_abi_mismatch"
    assert any("CUDA 11.1 build" in line for line in other_cuda[0].evidence)
    assert top(BARE, packages={"torch": "1.9.0+cu102"}).cause == "missing_cuda_runtime_lib"
    assert top(BARE, packages={"torch": "1.9.0", "mmcv-full": "1.3.14"}).title.startswith("mmcv-full ")
    # nothing stated: the library is torch's to find first, an extension's second
    assert [f.cause for f in explain(BARE, platform="linux")][:2] == ["missing_cuda_runtime_lib", "extension_abi_mismatch"]


def test_extensions_checking_themselves_against_torch_name_the_extension() -> None:
    # rusty1s/pytorch_scatter#237 (fixed by the torch-scatter build for that torch)
    pyg = top(
        "RuntimeError: Detected that PyTorch and torch_scatter were compiled with different CUDA versions. PyTorch has CUDA "
        "version 10.1 and torch_scatter has CUDA version 10.2. Please reinstall the torch_scatter that matches your PyTorch install."
    )
    assert (pyg.cause, pyg.title) == ("extension_abi_mismatch", "torch_scatter was built against a different torch or CUDA")
    # Engineer-of-Stuff/stable-diffusion-paperspace#111: xFormers built for another torch release
    other = top(
        "WARNING[XFORMERS]: xFormers can't load C++/CUDA extensions. xFormers was built for:\n"
        "PyTorch 2.1.0+cu121 with CUDA 1201 (you have 2.0.1+cu118)\nPython  3.10.13 (you have 3.10.10)"
    )
    assert other.cause == "extension_abi_mismatch" and other.title.startswith("xformers ")
    # facebookresearch/xformers#982 (and open-mmlab/PIA#30, where the fix was a CUDA build of torch): a CPU torch
    cpu = explain(
        "WARNING[XFORMERS]: xFormers can't load C++/CUDA extensions. xFormers was built for:\n"
        "    PyTorch 2.2.0+cu121 with CUDA 1201 (you have 2.2.0+cpu)\n    Python  3.11.7 (you have 3.11.0)",
        platform="linux",
    )
    assert [f.cause for f in cpu][:2] == ["cpu_only_build", "extension_abi_mismatch"]


def test_another_cudnn_found_first_is_a_library_conflict() -> None:
    # YoungSeng/SRD-VC#16 (torch >= 1.12 wording) and xingyizhou/CenterNet#119 (older wording; fixed with the matching cuDNN)
    new = (
        "RuntimeError: cuDNN version incompatibility: PyTorch was compiled  against (8, 3, 2) but found runtime version "
        "(8, 2, 1). PyTorch already comes bundled with cuDNN."
    )
    old = "RuntimeError: cuDNN version mismatch: PyTorch was compiled against 7102 but linked against 7605"
    for text in (new, old):
        finding = top(text)
        assert finding.cause == "lib_version_conflict" and finding.title.startswith("torch was built with cuDNN ")


def test_numpy_struct_size_checks_say_which_side_is_newer() -> None:
    # automl/Auto-PyTorch#276 (fixed with a newer NumPy) and mjhydri/BeatNet#6 (maintainer: update NumPy)
    for text in (
        "ValueError: numpy.ndarray size changed, may indicate binary incompatibility. Expected 88 from C header, got 80 from PyObject",
        "ValueError: numpy.ndarray size changed, may indicate binary incompatibility. \nExpected 96 from C header, got 88 from PyObject!",
    ):
        finding = top(text)
        assert finding.cause == "numpy_abi_mismatch" and "newer NumPy" in finding.title
        assert finding.fix is not None and "--upgrade numpy" in finding.fix.code


# --- CUDA at run time -------------------------------------------------------------------------


def test_run_time_cuda_messages_across_versions() -> None:
    # old torch's numbered form of cudaErrorInvalidDeviceFunction
    old = corpus("gpu_arch_unsupported/invalid-device-function-860m-pytorch-scripts-18.txt")
    assert top(old, platform="windows").cause == "gpu_arch_unsupported"
    # pytorch/pytorch#47658: RTX 3090 with torch's NVRTC of CUDA 11.0
    assert top("RuntimeError: nvrtc: error: invalid value for --gpu-architecture (-arch)").cause == "gpu_arch_unsupported"
    # yerfor/GeneFacePlusPlus#192: fixed by updating the driver from 510 to 515
    ptx = "RuntimeError: CUDA error: the provided PTX was compiled with an unsupported toolchain."
    assert top(ptx).cause == "driver_too_old"
    # DeepVAC/TorchPod#43 (a container's CUDA above the host driver; AIR-DISCOVER/ICRA2024-Sim2Real-AXS#5: fixed by a newer driver)
    compat = (
        "/opt/conda/lib/python3.8/site-packages/torch/cuda/__init__.py:52: UserWarning: CUDA initialization: Unexpected error from "
        "cudaGetDeviceCount(). Did you run some cuda functions before calling NumCudaDevices() that might have already set an error? "
        "Error 804: forward compatibility was attempted on non supported HW (Triggered internally at  "
        "/opt/conda/conda-bld/pytorch_1623448278899/work/c10/cuda/CUDAFunctions.cpp:115.)"
    )
    assert top(compat).cause == "driver_too_old"
    # gpustack/gpustack#1254: an NVSwitch system without nvidia-fabricmanager has no usable GPU
    assert top("Error 802: system not yet initialized").cause == "no_driver_or_gpu"
