"""What batches 2026-12-02d (77 texts), -02e (64), -02f (64) and -02g (57) taught the explainer, at the edges of each reading."""

from __future__ import annotations

from torchenv_magic import explain
from torchenv_magic.explainer.text import unframe_panels

from .ranking import top as _top


def test_nvcc_missing_at_its_path_without_the_errno() -> None:
    text = "installation problem: No such file or directory: '/usr/local/cuda/bin/nvcc'"  # microsoft/DeepSpeed#4553
    assert _top(text, platform="linux") == "build_toolchain_missing"
    assert _top("No such file or directory: '/usr/local/cuda/bin/nvprof'", platform="linux") != "build_toolchain_missing"


def test_not_compiled_with_gpu_in_a_users_words() -> None:
    text = 'when I run the image, I still get "Not compiled with gpu" error.'  # facebookresearch/pytorch3d#318
    assert _top(text, platform="linux") == "build_toolchain_missing"
    assert _top("Torch not compiled with CUDA enabled", platform="linux") == "cpu_only_build"


def test_gcc11_std_function_under_old_nvcc() -> None:
    text = "/usr/include/c++/11/bits/std_function.h:435:145: error: parameter packs not expanded with '...':"
    finding = explain(text, platform="linux")[0]  # pierotofy/OpenSplat#61
    assert finding.cause == "build_toolchain_missing" and "gcc 10 or older" in finding.title


def test_torchs_own_relative_import_without_frames() -> None:
    text = "from ._utils import _import_dotted_name, classproperty\nModuleNotFoundError: No module named 'torch._utils'"
    assert _top(text, platform="linux") == "corrupted_install"  # zai-org/GLM-4#419
    # A source tree's frames make it the checkout's (shadowing), not a damaged install.
    tree = '  File "/workspace/torch/__init__.py", line 5, in <module>\n' + text
    assert _top(tree, platform="linux") != "corrupted_install"
    # Another module's own relative import is not torch's.
    other = "from ._utils import x\nModuleNotFoundError: No module named 'torch.utils.foo'"
    assert _top(other, platform="linux") != "corrupted_install"


def test_rich_panels_are_unframed_and_soft_wraps_joined() -> None:
    panel = (
        "│ ImportError: /x/_C.cpython-312-x86_64-linux-gnu.so: undefined        │\n"
        "│ symbol: _ZNR5torch7Library4_defE                                             │\n"
        "│ next line here                                                               │"
    )
    assert unframe_panels(panel).splitlines() == [
        "ImportError: /x/_C.cpython-312-x86_64-linux-gnu.so: undefined symbol: _ZNR5torch7Library4_defE",
        "next line here",
    ]
    # A short line with room for the next word was a real line break.
    kept = "│ first line                                │\n│ second line                               │"
    assert unframe_panels(kept).splitlines() == ["first line", "second line"]
    assert unframe_panels("no panel here") == "no panel here"


def test_xformers_report_lines_without_their_header() -> None:
    text = (  # Lightricks/LTX-Desktop#23
        "    PyTorch 2.9.0+cu128 with CUDA 1208 (you have 2.10.0+cu128)\n"
        "    Python  3.10.11 (you have 3.13.12)\n"
        "  Please reinstall xformers (see https://github.com/facebookresearch/xformers#installing-xformers)\n"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "extension_abi_mismatch" and "xformers" in finding.title
    assert _top("PyTorch 2.9.0+cu128 with CUDA 1208 (you have 2.10.0+cu128)", platform="linux") != "extension_abi_mismatch"


def test_a_bare_dll_failure_of_an_addons_suffixed_module() -> None:
    text = "DLL load failed while importing custom_rasterizer_kernel"  # kijai/ComfyUI-Hunyuan3DWrapper#37
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "extension_abi_mismatch" and finding.confidence == 0.6
    assert _top("DLL load failed while importing cv2", platform="windows") != "extension_abi_mismatch"


def test_a_package_without_its_version_is_a_folder_of_that_name() -> None:
    text = "AttributeError: module 'datasets' has no attribute '__version__'"  # huggingface/transformers#7430
    assert _top(text, platform="linux") == "shadowed_module"
    assert _top("AttributeError: module 'os' has no attribute '__version__'", platform="linux") != "shadowed_module"


def test_versioned_symbol_with_glibcs_comma() -> None:
    text = (  # tomotwin-cryoet#42
        "ImportError: /env/lib/python3.10/site-packages/cuml/../libcublas.so.11: symbol cublasLtHSHMatmulAlgoInit, "
        "version libcublasLt.so.11 not defined in file libcublasLt.so.11 with link time reference"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "lib_version_conflict" and "an older a " not in finding.title


def test_torchvisions_custom_ops_sentence_alone() -> None:
    assert _top("RuntimeError: Couldn't load custom C++ ops.", platform="linux") == "torchvision_torch_mismatch"


def test_isolated_build_env_pulling_another_torch() -> None:
    text = (  # toshas/torch-discounted-cumsum#9
        "Collecting torch-discounted-cumsum\n  Running command pip subprocess to install build dependencies\n"
        "  Collecting torch>=1.5\n    Using cached torch-1.11.0-cp37-cp37m-manylinux1_x86_64.whl (750.6 MB)\n"
    )
    finding = explain(text, platform="linux", packages={"torch": "1.8.1"})[0]
    assert finding.cause == "extension_abi_mismatch" and "torch-discounted-cumsum" in finding.title
    # The same torch in the build environment is no mismatch; nothing stated, nothing to compare.
    assert _top(text, platform="linux", packages={"torch": "1.11.0"}) != "extension_abi_mismatch"
    assert _top(text, platform="linux") != "extension_abi_mismatch"


def test_a_companion_refusing_the_cuda_device() -> None:
    text = (  # pytorch/torchcodec#442
        '  File "/v/lib/python3.10/site-packages/torchcodec/decoders/_video_decoder.py", line 96, in __init__\n'
        "    core.add_video_stream(\n"
        '  File "/v/lib/python3.10/site-packages/torch/_ops.py", line 716, in __call__\n'
        "    return self._op(*args, **kwargs)\n"
        "RuntimeError: Unsupported device: cuda\n"
    )
    assert _top(text, platform="linux") == "torchvision_torch_mismatch"
    assert _top("RuntimeError: Unsupported device: cuda", platform="linux") != "torchvision_torch_mismatch"


def test_mac_binaries_for_another_arch_or_a_newer_macos() -> None:
    link = (
        "ld: warning: ignoring file ../libtorch/lib/libtorch_cpu.dylib, building for macOS-arm64 but attempting to link "
        "with file built for macOS-x86_64"
    )
    finding = explain(link, platform="macos")[0]  # pytorch/pytorch#63558
    assert finding.cause == "wheel_platform_mismatch" and "x86_64" in finding.title
    pillow = (  # pytorch/vision#516
        "venv/lib/python3.6/site-packages/PIL/_imaging.cpython-36m-darwin.so, 2): Symbol not found: _clock_gettime\n"
        "  Referenced from: venv/lib/python3.6/site-packages/PIL/.dylibs/liblzma.5.dylib (which was built for Mac OS X 10.12)\n"
    )
    finding = explain(pillow, platform="macos")[0]
    assert finding.cause == "wheel_platform_mismatch" and "pillow" in finding.title and "10.12" in finding.fix.code  # type: ignore[union-attr]


# --- batch-2026-12-02e ----------------------------------------------------------------------------------------------


def test_cuda_launch_calls_undefined_are_an_nvcc_of_another_cuda() -> None:
    text = "ImportError: /x/lib/roi_pooling/_roi_pooling.so: undefined symbol: __cudaPopCallConfiguration"
    findings = explain(text, platform="linux")  # jwyang/faster-rcnn.pytorch#190
    # One finding since batch-2026-12-05o: the extension built against another CUDA, whose fix is the toolkit of torch's
    # CUDA and a rebuild (docs/explain-accuracy.md, "What -05o missed").
    assert findings[0].cause == "extension_abi_mismatch" and "build_toolchain_missing" not in [f.cause for f in findings]
    assert "another CUDA release" in findings[0].title
    torch_symbol = "ImportError: /x/_ext.so: undefined symbol: _ZN3c1019UndefinedTensorImpl10_singletonE"
    assert _top(torch_symbol, platform="linux") == "extension_abi_mismatch"


def test_cpp_extensions_compiler_check_naming_a_path() -> None:
    text = (  # icg_net#3: conda's compiler
        "RuntimeError: The current installed version of /home/u/anaconda3/envs/e/bin/x86_64-conda-linux-gnu-c++ (11.2.0) is "
        "greater than the maximum required version by CUDA 11.3 (10.0.0). Please make sure to use an adequate version of "
        "/home/u/anaconda3/envs/e/bin/x86_64-conda-linux-gnu-c++ (>=5.0.0, <=10.0.0)."
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "gcc 10 or older" in finding.title


def test_spconv_without_cuda_gets_spconvs_own_fix() -> None:
    text = "ValueError: /io/include/tensorview/tensor.h(171)\ndon't compiled with cuda"  # traveller59/spconv#423
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "extension_abi_mismatch" and finding.fix is not None and "spconv-cu118" in finding.fix.code


def test_mambas_solver_on_a_companion_pinned_to_another_torch() -> None:
    text = (  # conda-forge/pytorch-cpu-feedstock#463
        "    ├─ pytorch =2.8 * is requested and can be installed;\n"
        "    └─ torchcodec =0.7 * is not installable because it requires\n"
        "       └─ pytorch >=2.7.1,<2.8.0a0 *, which conflicts with any installable versions previously reported.\n"
    )
    assert _top(text, platform="macos") == "torchvision_torch_mismatch"


def test_generic_project_module_names_lacking_a_name() -> None:
    bare = "ImportError: cannot import name 'path_to_image' from 'utils'"  # ComfyUI-BiRefNet-ZHO#39
    finding = explain(bare, platform="linux")[0]
    assert finding.cause == "shadowed_module" and finding.confidence == 0.55
    assert _top("AttributeError: module 'utils' has no attribute 'kaiming_normal_'", platform="linux") == "shadowed_module"
    assert _top("AttributeError: module 'segmenter' has no attribute 'build'", platform="linux") != "shadowed_module"
    hub = (  # Medical-SAM-Adapter#116: yolov5's hubconf.py answered by another project's models package
        '  File "M:\\Dev\\yolov5\\hubconf.py", line 34, in _create\n    from models.common import AutoShape\n'
        "ImportError: cannot import name 'AutoShape' from 'models.common' (M:\\Dev\\Medical-SAM-Adapter\\models\\common\\__init__.py)\n"
    )
    finding = explain(hub, platform="windows")[0]
    assert finding.cause == "shadowed_module" and finding.confidence == 0.75


def test_a_package_run_from_its_own_checkout() -> None:
    text = (  # daniilidis-group/neural_renderer#17
        '  File "/foo/bar/neural_renderer/neural_renderer/load_obj.py", line 8, in <module>\n'
        "    import neural_renderer.cuda.load_textures as load_textures_cuda\n"
        "ImportError: No module named 'neural_renderer.cuda.load_textures'\n"
    )
    assert _top(text, platform="linux") == "shadowed_module"
    installed = text.replace("/foo/bar/neural_renderer/neural_renderer/", "/v/lib/python3.8/site-packages/neural_renderer/")
    assert _top(installed, platform="linux") != "shadowed_module"


def test_torchs_cuda_bindings_missing_from_its_core() -> None:
    text = (  # pytorch/pytorch#13718: the +cpu wheel
        '  File "/v/lib/python3.5/site-packages/torch/cuda/__init__.py", line 262, in set_device\n'
        "    torch._C._cuda_setDevice(device)\n"
        "AttributeError: module 'torch._C' has no attribute '_cuda_setDevice'\n"
    )
    assert _top(text, platform="linux") == "cpu_only_build"


def test_a_windows_pythons_lower_case_lib_folder_is_the_standard_library() -> None:
    from torchenv_magic.explainer.text import standard_library_frame

    assert standard_library_frame(r"C:\Program Files\Python39\lib\contextlib.py")  # Medical-SAM-Adapter#116
    assert standard_library_frame(r"C:\Users\u\anaconda3\envs\x\lib\contextlib.py")
    assert not standard_library_frame(r"C:\Users\u\anaconda3\envs\x\lib\site-packages\torch\hub.py")
    assert not standard_library_frame("/home/u/proj/lib/utils.py")


# --- batch-2026-12-02f ----------------------------------------------------------------------------------------------


def test_an_addon_aborting_inside_load_library() -> None:
    text = (  # pytorch/ao#2901
        '$ python -c "import torchao"\nAborted (core dumped)\nFatal Python error: Aborted\n\n'
        "Current thread 0x00007f95ab528740 (most recent call first):\n"
        '  File "/e/lib/python3.11/ctypes/__init__.py", line 376 in __init__\n'
        '  File "/e/lib/python3.11/site-packages/torch/_ops.py", line 1487 in load_library\n'
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "extension_abi_mismatch" and "torchao" in finding.title
    assert _top("Fatal Python error: Aborted\n", platform="linux") != "extension_abi_mismatch"


def test_a_private_cuda_pyd_names_no_package_to_pip_install() -> None:
    text = "FileNotFoundError: Could not find module .... _scatter_cuda.pyd (or one of its dependencies)"
    finding = explain(text, platform="windows")[0]  # rusty1s/pytorch_scatter#296
    assert finding.cause == "extension_abi_mismatch" and finding.fix is not None
    assert finding.fix.kind == "manual" and "pip install scatter" not in finding.fix.code
    bare = explain("DLL load failed while importing custom_rasterizer_kernel", platform="windows")[0]
    assert bare.fix is not None and bare.fix.kind == "manual"  # a name read from a file name is never pip-installed


def test_a_wrapped_undefined_symbol_with_its_library_version() -> None:
    text = (  # apache/mahout#1330
        "ImportError: /v/site-packages/torch/lib/libc10_cuda.so: undefined symbol:\n"
        "    cudaGetDriverEntryPointByVersion, version libcudart.so.12\n"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "lib_version_conflict" and finding.title.startswith("libc10_cuda.so")


def test_ctranslate2s_loader_listing_cudnn_names() -> None:
    text = "Unable to load any of {libcudnn_cnn.so.9.1.0, libcudnn_cnn.so.9.1, libcudnn_cnn.so.9, libcudnn_cnn.so}"
    assert _top(text, platform="linux") == "missing_cuda_runtime_lib"  # OpenNMT/CTranslate2#1826


def test_torch_lacking_its_core_api_reads_damaged_second() -> None:
    text = "AttributeError: module 'torch' has no attribute 'Tensor'"  # microsoft/BatteryML#50
    assert [f.cause for f in explain(text, platform="windows")[:2]] == ["shadowed_module", "corrupted_install"]


def test_a_project_folder_named_torch_is_no_torch_package() -> None:
    text = (  # NVlabs/tiny-cuda-nn#284: bindings/torch/ holds the tinycudann package
        '  File "/h/tiny-cuda-nn/bindings/torch/tinycudann/__init__.py", line 9, in <module>\n'
        "    from tinycudann.modules import Network\n"
        '  File "/h/tiny-cuda-nn/bindings/torch/tinycudann/modules.py", line 50, in <module>\n'
        '    _C = importlib.import_module(f"tinycudann_bindings._{cc}_C")\n'
        "ImportError: /h/lib/python3.8/site-packages/tinycudann_bindings/_86_C.cpython-38-x86_64-linux-gnu.so: undefined "
        "symbol: _ZNSt15__exception_ptr13exception_ptr9_M_addrefEv\n"
    )
    findings = explain(text, platform="linux")
    assert "shadowed_module" not in [f.cause for f in findings]
    assert [f.cause for f in findings[:2]] == ["glibc_libstdcxx_too_old", "build_toolchain_missing"]
    assert "newer C++ compiler" in findings[1].title
    # A torch source tree with its own __init__.py frame is still a local torch.
    tree = '  File "/h/pytorch/torch/__init__.py", line 1, in <module>\n    from torch.nn import x\n' + (
        '  File "/h/pytorch/torch/nn/__init__.py", line 1, in <module>\n    from torch._C import y\n'
        "ModuleNotFoundError: No module named 'torch._C'\n"
    )
    assert _top(tree, platform="linux") == "shadowed_module"


def test_a_cuda_extension_built_under_a_cpu_torchs_build_folder() -> None:
    text = (  # sunset1995/DirectVoxGO#55
        "No CUDA runtime is found, using CUDA_HOME='/usr/local/cuda-11.4'\n"
        "Using /home/c/.cache/torch_extensions/py37_cpu as PyTorch extensions root...\nDetected CUDA files, patching ldflags\n"
    )
    assert _top(text, platform="linux") == "cpu_only_build"
    cuda_build = text.replace("py37_cpu", "py37_cu117")
    assert _top(cuda_build, platform="linux") != "cpu_only_build"


# --- batch-2026-12-02g ----------------------------------------------------------------------------------------------


def test_cuda8s_misspelt_host_compiler_check() -> None:
    text = (
        "/opt/lib/cuda-8.0/bin/..//include/host_config.h:115:2 #error -- unsupported GUN version ! gcc version later "
        "than 5.3 are not supported!"
    )
    finding = explain(text, platform="linux")[0]  # k2-fsa/fast_rnnt#9
    assert finding.cause == "build_toolchain_missing" and "gcc 5 or older" in finding.title


def test_pip_25s_failed_to_build_summary_is_an_isolated_build() -> None:
    text = (  # gridfm/gridfm-graphkit PR 95
        "ModuleNotFoundError: No module named 'torch'\n"
        "ERROR: Failed to build 'torch-scatter' when getting requirements to build wheel\n"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "torch-scatter" in finding.title


def test_core_cuda_bindings_missing_whoever_called_torch_cuda() -> None:
    text = (  # explosion/spaCy#8697: thinc's frame is the last one shown
        "AttributeError: module 'torch._C' has no attribute '_cuda_setDevice'\n"
        "c:\\v\\lib\\site-packages\\thinc\\util.py in set_active_gpu(gpu_id)\n"
        "--> 151         torch.cuda.set_device(gpu_id)\n"
    )
    assert _top(text, platform="windows") == "cpu_only_build"
    other = "AttributeError: module 'torch._C' has no attribute '_cuda_someNewBinding'"
    assert _top(other, platform="linux") != "cpu_only_build"


def test_a_std_symbol_missing_reads_as_an_old_cpp_runtime() -> None:
    text = (  # pyg-team/pytorch_geometric#506
        "OSError: /c/envs/e/lib/python3.7/site-packages/torch_scatter/_version.so: undefined symbol: "
        "_ZNSt13runtime_errorC1EPKc\n"
    )
    findings = explain(text, platform="linux")
    assert [f.cause for f in findings[:2]] == ["glibc_libstdcxx_too_old", "build_toolchain_missing"]
    assert findings[0].fix is not None and "libstdcxx-ng" in findings[0].fix.code


def test_an_addons_own_compiled_import_names_the_loader() -> None:
    text = (  # lxxue/FRNN#18
        "line 7, in <module>\n    from frnn import _C\n"
        "    ImportError: libtorch_cuda_cu.so: cannot open shared object file: No such file or directory\n"
    )
    assert _top(text, platform="linux", packages={"torch": "2.2.0"}) == "extension_abi_mismatch"


def test_python2s_dotted_name_means_torch_is_missing() -> None:
    text = (  # Ultra-Fast-Lane-Detection-v2#131: `sudo sh build.sh` ran the system's Python 2
        '  File "setup.py", line 2, in <module>\n    from torch.utils.cpp_extension import BuildExtension\n'
        "ImportError: No module named torch.utils.cpp_extension\n"
    )
    assert _top(text, platform="linux") == "module_not_installed_in_kernel_env"
