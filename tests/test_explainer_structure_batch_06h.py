"""What batch-2026-12-06h taught (docs/accuracy-runs/batch-2026-12-06h.firstrun.txt), each reading checked at its edges."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from torchenv_magic import explain

_EGG_EXTENSION = (
    '  File "/home/u/miniconda3/envs/ccl/lib/python3.8/site-packages/torch_ccl-1.1.0+3141686-py3.8-linux-x86_64.egg/torch_ccl/'
    '__init__.py", line 11, in <module>\n'
    "    from . import _C as ccl_lib\n"
    "ImportError: /home/u/miniconda3/envs/ccl/lib/python3.8/site-packages/torch_ccl-1.1.0+3141686-py3.8-linux-x86_64.egg/"
    "torch_ccl/lib/{library}: undefined symbol: _ZN3c105ErrorC1ENS_14SourceLocationENSt7__cxx1112basic_stringIcSt11char_"
    "traitsIcESaIcEEE"
)


def test_a_library_named_after_torch_in_another_packages_egg_is_that_packages_build() -> None:
    # intel/torch-ccl#16: libtorch_ccl.so built with the C++11 ABI under a pip torch without it.
    finding = explain(_EGG_EXTENSION.format(library="libtorch_ccl.so"), packages={"torch": "1.8.1"})[0]
    assert finding.cause == "extension_abi_mismatch" and "torch_ccl" in finding.title
    # Built from a checkout (an .egg): the fix rebuilds it there, not a PyPI package of the folder's name.
    assert finding.fix is not None and finding.fix.kind == "manual" and "source checkout" in finding.fix.code
    # torch's own library keeps its reading: another copy of a library it links was loaded.
    own = explain("ImportError: /env/lib/python3.8/site-packages/torch/lib/libtorch_cuda.so: undefined symbol: cudaGraphLaunch")
    assert own[0].cause == "lib_version_conflict" and "extension_abi_mismatch" not in [item.cause for item in own[:3]]


def test_a_companions_library_named_alone_is_that_companion_for_another_torch() -> None:
    # Lightning-AI/torchmetrics#2188: no folder named, only libtorchaudio.so.
    text = "OSError libtorchaudio.so: undefined symbol: _ZN3c104cuda20CUDACachingAllocator9allocatorE"
    findings = explain(text)
    assert findings[0].cause == "torchvision_torch_mismatch" and "torchaudio" in findings[0].title
    assert "lib_version_conflict" not in [finding.cause for finding in findings[:3]]
    # torchcodec's core links FFmpeg too: an FFmpeg function missing is another FFmpeg build, not another torch.
    ffmpeg = explain("OSError: /v/site-packages/torchcodec/libtorchcodec_core6.so: undefined symbol: av_frame_alloc")[0]
    assert ffmpeg.cause == "lib_version_conflict" and "FFmpeg" in ffmpeg.title and "torch's" not in ffmpeg.title


def test_a_hard_wrapped_standard_module_attribute_is_still_read() -> None:
    # curie-eng/curie PR 2015: a script select.py hiding the standard select, pasted wrapped before the name.
    finding = explain("AttributeError: module 'select' has no attribute\n'select'")[0]
    assert finding.cause == "shadowed_module" and "select" in finding.title


_STARTUP = """\
Fatal Python error: init_sys_streams: can't initialize sys standard streams
Traceback (most recent call last):
  File "{path}", line 21, in <module>
ModuleNotFoundError: No module named 'blackbird'
Aborted (core dumped)
"""


def test_a_file_named_like_a_standard_module_failing_at_startup_shadows_it() -> None:
    # XanaduAI/strawberryfields PR 475: pip run inside the package folder, whose io.py Python took for the standard io.
    finding = explain(_STARTUP.format(path="/strawberryfields/strawberryfields/io.py"))[0]
    assert finding.cause == "shadowed_module" and "io" in finding.title
    # The file may be a package's own module: the fix starts Python elsewhere rather than renaming it.
    assert finding.fix is not None and "another folder" in finding.fix.code
    # The standard library's own io.py at start-up is no shadow.
    own = explain(_STARTUP.format(path="/usr/lib/python3.8/io.py"))
    assert "shadowed_module" not in [item.cause for item in own[:1]]


def test_pybind11_registering_a_type_again_is_a_module_initialised_twice() -> None:
    # pybind/pybind11#357: the test module's init failed part-way, and a later import registered its types again.
    text = (
        ">       from pybind11_tests.issues import ElementList, ElementA\n"
        'E       ImportError: generic_type: type "ConstructorStats" is already registered!\n'
    )
    finding = explain(text)[0]
    assert finding.cause == "partial_import_state" and "pybind11_tests" in finding.title


def test_the_base_glibc_version_undefined_at_link_time_is_the_linker_not_glibc() -> None:
    # abetlen/llama-cpp-python#1639: conda's compiler_compat/ld finding no system libc.
    text = (
        "/env/compiler_compat/ld: warning: libdl.so.2, needed by ggml/src/libggml.so, not found (try using -rpath or -rpath-link)\n"
        "/env/compiler_compat/ld: /usr/local/cuda-11.7/lib64/libcudart.so.11.0: undefined reference to `dlsym@GLIBC_2.2.5'\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "build_toolchain_missing" and "linker" in finding.title
    # A newer version missing at link time is glibc too old (pytorch/pytorch#166101: libtorch needing 2.35 on 2.34).
    newer = "ld: thirdparty/libtorch/lib/libtorch_cpu.so: undefined reference to `hypot@GLIBC_2.35'"
    assert explain(newer)[0].cause == "glibc_libstdcxx_too_old"


def test_jaxlibs_unable_to_load_cudnn_is_cudnn_not_loaded() -> None:
    # jcbmrshll/turbozero#19: jax[cuda12_pip] 0.4.24, fixed by jax and NVIDIA's wheels pinned together again.
    text = "CUDA backend failed to initialize: Unable to load cuDNN. Is it installed? (Set TF_CPP_MIN_LOG_LEVEL=0 and rerun for more info.)"
    finding = explain(text)[0]
    assert finding.cause == "missing_cuda_runtime_lib" and "JAX" in finding.title
    assert finding.fix is not None and "jax[cuda12]" in finding.fix.code


def test_old_bitsandbytes_setup_report_on_windows_is_a_release_without_windows_builds() -> None:
    # bitsandbytes-foundation/bitsandbytes#1104: before 0.43.0 its CUDA setup looked for Linux's libcudart.so on Windows.
    text = (
        "The following directories listed in your path were found to be non-existent: {WindowsPath('C')}\n"
        "CUDA_SETUP: WARNING! libcudart.so not found in any environmental path. Searching in backup paths...\n"
        "DEBUG: Possible options found for libcudart.so: set()\n"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "wheel_platform_mismatch"
    assert finding.fix is not None and "bitsandbytes>=0.43.0" in finding.fix.code
    # The same warning on Linux, with no Windows folder, is not read as a Windows release.
    linux = "CUDA_SETUP: WARNING! libcudart.so not found in any environmental path. Searching in backup paths...\n"
    assert explain(linux, platform="linux")[0].cause != "wheel_platform_mismatch"


_RELEASES_APART = "Two installed packages are of releases that do not go together"
_BARE_NAME = """\
Traceback (most recent call last):
  File "/usr/local/lib/python3.4/dist-packages/notebook/nbextensions.py", line 27, in <module>
    from {module} import ensure_dir_exists
ImportError: cannot import name 'ensure_dir_exists'
"""


def test_pythons_bare_cannot_import_name_reads_the_statement_above_it() -> None:
    # jupyter/notebook#4168: notebook 5.7 asking an older jupyter_core for ensure_dir_exists (Python 3.4 names no module).
    finding = explain(_BARE_NAME.format(module="jupyter_core.utils"))[0]
    assert finding.cause == "other" and finding.title == _RELEASES_APART
    # The asker's own submodule is not another package's release.
    own = explain(_BARE_NAME.format(module="notebook.utils"))
    assert own[0].title != _RELEASES_APART


def test_a_real_startup_failure_on_a_file_named_io_is_read_as_shadowing(tmp_path: Path) -> None:
    # Made for real: Python 3.9 with the folder on PYTHONPATH imports its io.py while initialising sys.stdout
    # ("Fatal Python error: init_sys_streams"); 3.11 and later import io frozen, before PYTHONPATH is read.
    (tmp_path / "io.py").write_text("import blackbird_not_installed\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", "pass"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    if "Fatal Python error" not in run.stderr:
        pytest.skip(f"Python {sys.version_info[:2]} imports io frozen at start-up: no file of that name can answer it")
    finding = explain(run.stderr)[0]
    assert finding.cause == "shadowed_module" and "io" in finding.title
    assert finding.fix is not None and str(tmp_path) in finding.fix.code


@pytest.mark.skipif(
    sys.platform != "linux" or platform.machine() != "x86_64" or shutil.which("gcc") is None, reason="needs gcc on x86-64 Linux"
)
def test_a_real_link_whose_linker_finds_no_system_libc_is_the_linker(tmp_path: Path) -> None:
    # Made for real: a linker searching only its own sysroot (as conda's compiler_compat/ld does) cannot find the libc a
    # library it links needs: "libc.so.6, needed by ./libfoo.so, not found", then "undefined reference to `puts@GLIBC_2.2.5'".
    (tmp_path / "foo.c").write_text('#include <stdio.h>\nvoid foo(void) { puts("x"); }\n', encoding="utf-8")
    (tmp_path / "main.c").write_text("void foo(void);\nint main(void) { foo(); return 0; }\n", encoding="utf-8")
    subprocess.run(["gcc", "-shared", "-fPIC", "foo.c", "-o", "libfoo.so"], cwd=tmp_path, check=True, timeout=120)
    link = ["gcc", "main.c", "-L.", "-lfoo", "-nostdlib", "-e", "main", "--sysroot=/nonexistent", "-o", "main"]
    run = subprocess.run(link, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode != 0 and "GLIBC_2.2.5" in run.stderr, run.stderr
    finding = explain(run.stderr, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "linker" in finding.title


def test_linking_libcuda_is_the_drivers_library_not_the_toolkits() -> None:
    # triton-lang/triton#3053 (conda's ld) and #1981: Triton's launcher links -lcuda; a driver installs only libcuda.so.1.
    finding = explain("../x86_64-conda-linux-gnu/bin/ld: cannot find -lcuda: No such file or directory", platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "driver" in finding.title
    assert finding.fix is not None and finding.fix.kind == "shell" and "ldconfig -p" in finding.fix.code
    assert "LIBRARY_PATH" in finding.fix.code and "Toolkit" not in finding.fix.code
    # The toolkit's own runtime library keeps the toolkit's reading.
    cudart = explain("/usr/bin/ld: cannot find -lcudart: No such file or directory", platform="linux")[0]
    assert cudart.cause == "build_toolchain_missing" and "driver" not in cudart.title
