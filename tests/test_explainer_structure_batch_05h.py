"""What batch-2026-12-05h taught (docs/accuracy-runs/batch-2026-12-05h.firstrun.txt), each reading checked at its edges.

The texts are short forms of the batch's own (sources named beside each); the corpus holds them whole.
"""

from __future__ import annotations

from tests.test_explainer_structure_batch_05d import read_by_rules
from torchenv_magic import compat, explain
from torchenv_magic.explainer.source_tree import name_missing_from_the_repository_checkout
from torchenv_magic.explainer.text import ErrorText


def _read(text: str, platform: str = "linux") -> list[str]:
    return read_by_rules(text, platform)


def test_torch_1_0s_words_for_a_cpu_build_asked_for_cuda() -> None:
    # galsang/BIMPM-pytorch#6 (a Mac), minar09/cp-vton#1 (a VM without a GPU).
    text = (
        "RuntimeError: Cannot initialize CUDA without ATen_cuda library. PyTorch splits its backend into two shared "
        "libraries: a CPU library and a CUDA library"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "cpu_only_build" and finding.confidence >= 0.8
    # ATen named alone is no CPU build.
    assert "cpu_only_build" not in _read("RuntimeError: ATen error in aten/src/ATen/native/Foo.cpp")


def test_a_compiled_part_lacking_its_cuda_entry_was_built_without_cuda() -> None:
    # zyc00/Point-SAM#10: torkit3d's _C built with no CUDA, rebuilt with FORCE_CUDA=1.
    text = "AttributeError: module 'torkit3d._C' has no attribute 'sample_farthest_points_cuda'"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "without CUDA" in finding.title
    assert finding.fix is not None and "FORCE_CUDA=1" in finding.fix.code
    # A function that is not CUDA's: the part was built from older sources (johnsmith0031/alpaca_lora_4bit#147).
    stale = "AttributeError: module 'alpaca_lora_4bit.quant_cuda' has no attribute 'vecquant4recons_v2'"
    assert _read(stale)[0] == "extension_abi_mismatch"
    # torch's own _C lacking a CUDA function is a CPU build of torch (read elsewhere), not an add-on's build.
    assert "build_toolchain_missing" not in _read("AttributeError: module 'torch._C' has no attribute '_cuda_setDevice'")[:1]


def test_a_linker_given_a_library_of_another_system() -> None:
    # pytorch/pytorch#43464 (GNU ld on a Raspberry Pi) and #14892 (Apple's ld given LibTorch's Linux zip).
    gnu = "/usr/bin/ld: /home/ubuntu/libtorch/lib/libtorch.so: error adding symbols: file in wrong format"
    finding = explain(gnu, platform="linux")[0]
    assert finding.cause == "wheel_platform_mismatch" and "LibTorch" in finding.title
    assert finding.fix is not None and "torch.utils.cmake_prefix_path" in finding.fix.code
    apple = (
        "ld: warning: ignoring file /Users/hzq/libtorch/lib/libc10.so, file was built for unsupported file format "
        "( 0x7F 0x45 0x4C 0x46 0x02 0x01 0x01 0x03 ) which is not the architecture being linked (x86_64)"
    )
    finding = explain(apple, platform="macos")[0]
    assert finding.cause == "wheel_platform_mismatch" and "ELF" in finding.title
    # Any other library: the same reading without LibTorch's download advice.
    other = "/usr/bin/ld: ./markupsafe/_speedups.cpython-311-aarch64-linux-gnu.so: error adding symbols: file in wrong format"
    finding = explain(other, platform="linux")[0]
    assert finding.cause == "wheel_platform_mismatch" and "LibTorch" not in finding.title
    # A missing library is not one of another format.
    assert "wheel_platform_mismatch" not in _read("/usr/bin/ld: cannot find -ltorch: No such file or directory")[:1]


def test_an_extension_asking_for_data_ptr_of_long() -> None:
    # KAIST-VCLAB nerfacc#141 (MSVC) and pytorch/pytorch#84339 (macOS): long is not int64_t there.
    msvc = (
        'pack.cuda.o : error LNK2019: unresolved external symbol "public: long * __cdecl at::TensorBase::data_ptr<long>(void)'
        'const " (??$data_ptr@J@TensorBase@at@@QEBAPEAJXZ) referenced in function "unpack_info"'
    )
    mac = (
        "ImportError: dlopen(/Users/m1/ext.cpython-38-darwin.so, 0x0002): symbol not found in flat namespace "
        "(__ZNK2at10TensorBase8data_ptrIlEEPT_v)"
    )
    for text, platform in ((msvc, "windows"), (mac, "macos")):
        finding = explain(text, platform=platform)[0]
        assert finding.cause == "other" and "int64_t" in finding.title
    # data_ptr<float> or int64_t's own (long long: IxEE, _J) is another failure.
    assert "int64_t" not in explain(mac.replace("IlEE", "IxEE"), platform="macos")[0].title
    assert "int64_t" not in explain(msvc.replace("<long>", "<float>").replace("@J@", "@M@"), platform="windows")[0].title


def test_same_day_nightlies_are_a_pair() -> None:
    # pytorch/vision#6715: torch 1.13.0.dev20221006 with torchvision 0.15.0.dev20221006, image.pyd's DLLs not found.
    assert compat.nightlies_built_together("1.13.0.dev20221006", "0.15.0.dev20221006")
    assert compat.nightlies_built_together("2.6.0.dev20241001+cu124", "0.20.0.dev20241001+cu124")
    # Two dates, two variants (pytorch/pytorch#90272: +cu117 with +cpu) or a release are not built together.
    assert not compat.nightlies_built_together("1.13.0.dev20221006", "0.15.0.dev20221007")
    assert not compat.nightlies_built_together("1.14.0.dev20221205+cu117", "0.15.0.dev20221205+cpu")
    assert not compat.nightlies_built_together("1.13.0", "0.14.0")
    text = (
        "UserWarning: Failed to load image Python extension: Could not find module "
        "'C:\\Miniconda\\Lib\\site-packages\\torchvision\\image.pyd' (or one of its dependencies). Try using the full path"
    )
    nightlies = {"torch": "1.13.0.dev20221006", "torchvision": "0.15.0.dev20221006"}
    findings = explain(text, platform="windows", packages=nightlies)
    assert findings[0].cause == "windows_dll_dependency"
    mismatch = next(f for f in findings if f.cause == "torchvision_torch_mismatch")
    assert mismatch.confidence <= 0.35 and "nightlies of one date" in mismatch.title
    # A released pair that differs stays a mismatch.
    released = explain(text, platform="windows", packages={"torch": "1.13.0", "torchvision": "0.15.0"})[0]
    assert released.cause == "torchvision_torch_mismatch"


def test_a_runtime_of_torchs_own_cuda_asked_for_by_another_package() -> None:
    # Project-MONAI/monai-deploy-app-sdk#461: holoscan loaded before torch 2.0.1+cu117, libcudart.so.11.0 not on the path.
    text = (
        'File "/home/u/envs/m/lib/python3.8/site-packages/holoscan/graphs/__init__.py", line 24, in <module>\n'
        "    from ._graphs import FragmentFlowGraph\n"
        "ImportError: libcudart.so.11.0: cannot open shared object file: No such file or directory"
    )
    assert _cause(text, {"torch": "2.0.1+cu117"}) == "missing_cuda_runtime_lib"
    # Another CUDA's runtime is a build for another CUDA (cudacanvas wheels for CUDA 12 beside torch cu113).
    assert _cause(text.replace("11.0", "12"), {"torch": "1.12.1+cu113"}) == "extension_abi_mismatch"


def _cause(text: str, packages: dict[str, str]) -> str:
    return explain(text, platform="linux", packages=packages)[0].cause


def test_bitsandbytes_releases_with_linux_libraries_only() -> None:
    # bitsandbytes-foundation/bitsandbytes#32 (Windows) and #485 (macOS); compat.first_native_build.
    windows = (
        'File "C:\\text-gen\\env\\lib\\site-packages\\bitsandbytes\\cextension.py", line 31, in initialize\n'
        "    self.lib = ct.cdll.LoadLibrary(binary_path)\n"
        "TypeError: argument of type 'WindowsPath' is not iterable"
    )
    finding = explain(windows, platform="windows")[0]
    assert finding.cause == "wheel_platform_mismatch" and "no Windows build" in finding.title
    assert finding.fix is not None and '"bitsandbytes>=0.43.0"' in finding.fix.code
    mac = (
        "CUDA SETUP: Loading binary /Users/p/miniconda3/envs/g/lib/python3.10/site-packages/bitsandbytes/"
        "libbitsandbytes_cpu.so...\n'NoneType' object has no attribute 'cadam32bit_grad_fp32'"
    )
    finding = explain(mac, platform="macos")[0]
    assert finding.cause == "wheel_platform_mismatch" and "no macOS build" in finding.title
    assert finding.fix is not None and "bitsandbytes>=0.49.0" in finding.fix.code
    # The same message without bitsandbytes' loader is not read so; nor is its CPU library on Linux.
    assert "wheel_platform_mismatch" not in _read("TypeError: argument of type 'WindowsPath' is not iterable", "windows")[:1]
    assert "no macOS" not in explain(mac.replace("/Users/p", "/home/p"), platform="linux")[0].title


def test_a_script_named_like_a_standard_module_with_the_exception_cut_off() -> None:
    # pfnet/pytorch-pfn-extras#109: /repo/profile.py; IPython imports cProfile, which imports profile.
    text = (
        "Traceback (most recent call last):\n"
        '  File "/repo/profile.py", line 1, in <module>\n    import pytorch_pfn_extras\n'
        '  File "/usr/local/lib/python3.7/dist-packages/pytorch_pfn_extras/__init__.py", line 7, in <module>\n'
        "    from pytorch_pfn_extras import training\n"
        '  File "/home/user/.local/lib/python3.7/site-packages/IPython/__init__.py", line 56, in <module>\n'
        "    from .terminal.embed import embed\n"
    )
    assert _read(text)[0] == "shadowed_module"
    # Python's own runpy printed bare under `python -m` is no user's script.
    assert "shadowed_module" not in _read(text.replace("/repo/profile.py", "runpy.py"))
    # With an exception shown that says otherwise, the name alone is not the reading.
    assert _read(text + "RuntimeError: CUDA error: out of memory\n")[:1] != ["shadowed_module"]


def test_a_package_imported_from_the_repository_it_was_unzipped_as() -> None:
    # ibarrond/Pyfhel#107: run inside Pyfhel-master; Markdown ate __init__'s underscores.
    text = "Import Error: cannot import name 'PyPtxt' from 'Pyfhel' (/home/ali/Downloads/Pyfhel-master/Pyfhel/init.py)"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "shadowed_module" and "Pyfhel" in finding.title
    # A folder not named for the package, an install, or a compiled part (a build not done) are other readings.
    assert "shadowed_module" not in _read(text.replace("Pyfhel-master", "work"))[:1]
    assert "shadowed_module" not in _read(text.replace("Downloads/Pyfhel-master", "lib/python3.8/site-packages"))[:1]
    # A compiled part missing from the repository is a build not done there: left to that reading (_COMPILED_PART_FROM).
    unbuilt = ErrorText.build("cannot import name '_C' from 'cvpods' (/home/u/cvpods-main/cvpods/__init__.py)")
    assert list(name_missing_from_the_repository_checkout(unbuilt)) == []


def test_a_32_bit_python_read_from_the_text_only_where_the_text_is_about_torch() -> None:
    # pypa/pip#8263: pip's own leftover files under Python38-32; torch is not in the text.
    pip = (
        'File "c:\\users\\ibm\\appdata\\local\\programs\\python\\python38-32\\lib\\site-packages\\pip\\_internal\\'
        'cli\\main_parser.py", line 11, in <module>\n    from pip._internal.commands import ('
    )
    assert "wheel_platform_mismatch" not in _read(pip, "windows")[:1]
    # pytorch/pytorch#37379: the same folder under a failed torch install is the missing 32-bit wheel.
    torch = "C:\\Program Files (x86)\\Python38-32\\Scripts\\pip.exe install torch\nERROR: No matching distribution found for torch"
    assert _read(torch, "windows")[0] == "wheel_platform_mismatch"


def test_a_private_glibc_name_is_no_torch_abi() -> None:
    # PaddlePaddle/Paddle#50056: an older Paddle's core_avx.so on Ubuntu 22.04.
    text = (
        "ImportError: /home/u/anaconda3/lib/python3.9/site-packages/paddle/fluid/core_avx.so: undefined symbol: _dl_sym, "
        "version GLIBC_PRIVATE"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "other" and "private glibc" in finding.title
    # Without the version tag, an extension's unknown C name stays the extension's ABI reading.
    assert _read(text.replace(", version GLIBC_PRIVATE", ""))[0] == "extension_abi_mismatch"


def test_an_undefined_egl_or_opengl_function_is_the_systems_graphics_library() -> None:
    # NVlabs/nvdiffrast#2: the JIT-built plugin without the EGL libraries nvdiffrast's Dockerfile installs.
    text = "ImportError: /tmp/torch_extensions/nvdiffrast_plugin/nvdiffrast_plugin.so: undefined symbol: eglCreateContext"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "other" and finding.fix is not None and "libegl1 libegl-dev" in finding.fix.code
    assert compat.graphics_library_of_symbol("glXCreateContext") == ("libGL.so.1", "libgl1 libgl-dev")
    # A lower-case name that only starts like one is not EGL's or OpenGL's.
    assert compat.graphics_library_of_symbol("global_init") is None and compat.graphics_library_of_symbol("eglib") is None


def test_tf_keras_is_pinned_to_the_tensorflow_release_known() -> None:
    # Review of -05f's Keras 3 reading: unpinned, `pip install tf-keras` resolves to the newest tf-keras and upgrades
    # TensorFlow with it (pip's resolver); tf-keras X.Y requires tensorflow X.Y (its metadata).
    text = (
        "ValueError: Your currently installed version of Keras is Keras 3, but this is not yet supported in Transformers. "
        "Please install the backwards-compatible tf-keras package with `pip install tf-keras`."
    )
    pinned = explain(text, platform="linux", packages={"tensorflow": "2.17.1"})[0]
    assert pinned.fix is not None and '"tf-keras~=2.17.0"' in pinned.fix.code
    unknown = explain(text, platform="linux")[0]
    assert unknown.fix is not None and unknown.fix.code.endswith("pip install tf-keras")
    assert compat.requirement_matching("numpy", {"tensorflow": "2.17.1"}) == "numpy"
