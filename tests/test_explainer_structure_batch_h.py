"""What batch-2026-12-01h (96 texts) taught the explainer, checked at the edges each reading depends on."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import top as _top


def test_conda_safety_error_names_the_damaged_package() -> None:
    text = (  # pytorch/vision#717
        "SafetyError: The package for torchvision located at /home/v/anaconda3/pkgs/torchvision-0.2.1-py_2\n"
        "appears to be corrupted. The path 'site-packages/torchvision/transforms/transforms.py'\n"
        "has an incorrect size."
    )
    finding = explain(text)[0]
    assert finding.cause == "corrupted_install" and "torchvision" in finding.explanation
    assert "conda clean" in finding.fix.code and "pip install" not in finding.fix.code  # a pip torch over conda's: two installs
    other_package = text.replace("package for torchvision", "package for jpeg")
    assert _top(other_package) != "corrupted_install"


def test_a_cut_off_download_is_a_damaged_install() -> None:
    text = "pip._vendor.urllib3.exceptions.IncompleteRead: IncompleteRead(1236162304 bytes read, 1672243669 more expected)"
    assert _top(text) == "corrupted_install"  # patientx/ComfyUI-Zluda#467


def test_null_bytes_in_an_installed_module_name_the_module_it_imported() -> None:
    text = (  # hacksider/Deep-Live-Cam#301
        '  File "C:\\Users\\u\\local-packages\\Python310\\site-packages\\torch\\serialization.py", line 17, in <module>\n'
        "    from typing_extensions import TypeAlias  # Python 3.10+\n"
        "ValueError: source code string cannot contain null bytes"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "corrupted_install" and "typing_extensions" in finding.fix.code
    users_file = text.replace("C:\\Users\\u\\local-packages\\Python310\\site-packages\\torch\\", "C:\\work\\project\\")
    assert _top(users_file, platform="windows") != "corrupted_install"  # the user's own file: not an install


def test_collect_env_of_a_cpu_build_beside_an_nvidia_gpu() -> None:
    text = (  # pytorch/pytorch#122924
        "PyTorch version: 2.2.2\n"
        "CUDA used to build PyTorch: Could not collect\n"
        "Is CUDA available: False\n"
        "GPU models and configuration: GPU 0: NVIDIA GeForce RTX 4080 Laptop GPU\n"
        "Nvidia driver version: 551.86\n"
    )
    assert _top(text) == "cpu_only_build"
    cuda_build = text.replace("Could not collect", "12.1")
    assert _top(cuda_build) != "cpu_only_build"
    no_gpu = text.replace("GPU 0: NVIDIA GeForce RTX 4080 Laptop GPU", "Could not collect").replace("551.86", "Could not collect")
    assert explain(no_gpu)[0].confidence < 0.5  # a CPU build alone is only likely to be the problem (batch -01i)


def test_old_xformers_build_line_without_cuda() -> None:
    text = (  # facebookresearch/xformers#874
        "WARNING[XFORMERS]: xFormers can't load C++/CUDA extensions. xFormers was built for:\n"
        "    PyTorch 2.0.1 (you have 2.1.0+cu121)\n"
        "    Python  3.11.5 (you have 3.11.5)"
    )
    assert _top(text) == "extension_abi_mismatch"


def test_an_editor_that_cannot_resolve_torch_checks_another_interpreter() -> None:
    assert _top('Import "torch" could not be resolvedPylancereportMissingImports') == "module_not_installed_in_kernel_env"
    assert _top('Import "numpy" could not be resolved') != "module_not_installed_in_kernel_env"


def test_a_pip_launcher_made_for_another_python() -> None:
    text = (  # Comfy-Org/ComfyUI#6998
        "Fatal error in launcher: Unable to create process using '\"D:\\a\\ComfyUI\\python_embeded\\python.exe\"  "
        "\"F:\\ComfyUI\\python_embeded\\Scripts\\pip3.exe\" install torch': The system cannot find the file specified."
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and "python -m pip" in finding.fix.code


def test_torchvisions_own_root_folder_warning() -> None:
    text = (  # timesler/facenet-pytorch#143
        "torchvision\\__init__.py:26: UserWarning: You are importing torchvision within its own root folder "
        "(C:\\Projects\\App\\dist\\cli). This is not expected to work and may give errors."
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "shadowed_module" and "C:/Projects/App/dist/cli/torchvision" in finding.fix.code


def test_a_domain_librarys_own_import_from_torch_failing_is_the_library() -> None:
    text = (  # chanzuckerberg/cellxgene-census#1110
        '  File "/tmp/env/lib/python3.12/site-packages/torchdata/datapipes/iter/util/cacheholder.py", line 24, in <module>\n'
        "    from torch.utils.data.datapipes.utils.common import _check_unpickable_fn, DILL_AVAILABLE\n"
        "ImportError: cannot import name 'DILL_AVAILABLE' from 'torch.utils.data.datapipes.utils.common' "
        "(/tmp/env/lib/python3.12/site-packages/torch/utils/data/datapipes/utils/common.py)"
    )
    finding = explain(text, packages={"torch": "2.3.0"})[0]
    assert finding.cause == "torchvision_torch_mismatch" and finding.title.startswith("torchdata ")
    users_file = text.replace("/tmp/env/lib/python3.12/site-packages/torchdata/", "/home/u/project/")
    assert _top(users_file) != "torchvision_torch_mismatch"


def test_a_companions_typed_import_asking_for_another_cuda_runtime() -> None:
    text = (  # pytorch/vision#3261
        ">>> from torchvision import _C\n"
        "Traceback (most recent call last):\n"
        '  File "<stdin>", line 1, in <module>\n'
        "ImportError: libcudart.so.10.1: cannot open shared object file: No such file or directory.\n"
        "\nPyTorch version: 1.1.0\nCUDA used to build PyTorch: 10.0.130\n"
    )
    assert _top(text) == "torchvision_torch_mismatch"
    same_cuda = text.replace("10.0.130", "10.1.243")
    assert _top(same_cuda) == "missing_cuda_runtime_lib"


def test_a_companion_library_named_by_its_file_failing_with_a_missing_procedure() -> None:
    text = (  # bencevans/CameraTrapDetector#7 (torch for R)
        "Error in inDL(x, as.logical(local), as.logical(now), ...) :\n"
        "  unable to load shared object 'C:/Users/m/AppData/Local/App/Cache/torchvision.dll':\n"
        "  LoadLibrary failure:  The specified procedure could not be found."
    )
    assert _top(text, platform="windows") == "torchvision_torch_mismatch"
    other_library = text.replace("torchvision.dll", "lantern.dll")
    assert _top(other_library, platform="windows") != "torchvision_torch_mismatch"


def test_a_companion_loaded_through_a_relative_ctypes_frame() -> None:
    text = (  # lllyasviel/stable-diffusion-webui-forge#252 (Windows prints ctypes' frame without its folder)
        '  File "C:\\Users\\b\\AppData\\Roaming\\Python\\Python310\\site-packages\\torchaudio\\_extension\\utils.py", line 61\n'
        "    torch.ops.load_library(path)\n"
        '  File "D:\\Forge\\system\\python\\lib\\site-packages\\torch\\_ops.py", line 852, in load_library\n'
        "    ctypes.CDLL(path)\n"
        '  File "ctypes\\__init__.py", line 374, in __init__\n'
        "OSError: [WinError 127] The specified procedure could not be found"
    )
    assert _top(text, platform="windows") == "torchvision_torch_mismatch"


def test_a_cuda_dll_failing_under_zluda_is_the_dll_search_path() -> None:
    text = (  # patientx/ComfyUI-Zluda#7
        "OSError: [WinError 126] The specified module could not be found. Error loading "
        '"C:\\SD\\ComfyUI-Zluda\\venv\\lib\\site-packages\\torch\\lib\\caffe2_nvrtc.dll" or one of its dependencies'
    )
    assert _top(text, platform="windows") == "windows_dll_dependency"
    plain_cuda = text.replace("ComfyUI-Zluda", "ComfyUI").replace("caffe2_nvrtc.dll", "cublas64_12.dll")
    # Without ZLUDA, a CUDA DLL that torch\lib ships failing to load reads as a damaged install first, the CUDA library
    # second (learned from batch-2026-12-02j: tests/test_explainer_structure_batch_02j.py).
    assert [item.cause for item in explain(plain_cuda, platform="windows")][:2] == ["corrupted_install", "missing_cuda_runtime_lib"]
    under_zluda = text.replace("caffe2_nvrtc.dll", "cublas64_12.dll")
    assert _top(under_zluda, platform="windows") == "windows_dll_dependency"


def test_torchtexts_fix_is_the_release_pinned_to_the_installed_torch() -> None:
    text = (  # Project-MONAI/tutorials#530 shape: torchtext's library lacking a torch symbol
        "OSError: /opt/conda/lib/python3.8/site-packages/torchtext/lib/libtorchtext.so: undefined symbol: "
        "_ZNK3c104Type14isSubtypeOfExtERKSt10shared_ptrIS0_EPSo"
    )
    finding = explain(text, packages={"torch": "1.10.2"})[0]
    assert finding.cause == "torchvision_torch_mismatch" and finding.title.startswith("torchtext ")
    assert "torchtext==0.11.2" in finding.fix.code  # torchtext 0.11.2's METADATA pins torch==1.10.2
    newer_torch = explain(text, packages={"torch": "2.4.0"})[0]
    assert newer_torch.fix.kind == "manual" and "0.18.0" in newer_torch.fix.code  # no torchtext after 0.18


TORCHDATA_TOO_OLD = (  # chanzuckerberg/cellxgene-census#1110: torchdata 0.7 under torch 2.3.0
    '  File "/tmp/env/lib/python3.12/site-packages/torchdata/datapipes/iter/util/cacheholder.py", line 24, in <module>\n'
    "    from torch.utils.data.datapipes.utils.common import _check_unpickable_fn, DILL_AVAILABLE\n"
    "ImportError: cannot import name 'DILL_AVAILABLE' from 'torch.utils.data.datapipes.utils.common' "
    "(/tmp/env/lib/python3.12/site-packages/torch/utils/data/datapipes/utils/common.py)"
)


def test_torchdatas_fix_is_the_release_made_for_the_installed_torch() -> None:
    fix = explain(TORCHDATA_TOO_OLD, packages={"torch": "2.0.1"})[0].fix
    assert fix.code == "pip install torchdata==0.6.1"  # torchdata 0.6.1's METADATA pins torch==2.0.1
    newest = explain(TORCHDATA_TOO_OLD, packages={"torch": "2.9.1+cu128"})[0].fix
    assert newest.code == "pip install torchdata==0.11.0" and "made for torch 2.6.0" in newest.note
    assert "no torchdata.datapipes" in newest.note  # 0.10 dropped the DataPipes the failing code imports
    paused = explain(TORCHDATA_TOO_OLD, packages={"torch": "2.3.0"})[0].fix
    assert paused.kind == "manual" and "No torchdata was released for torch 2.3.0" in paused.code
    already = explain(TORCHDATA_TOO_OLD, packages={"torch": "2.0.1", "torchdata": "0.6.1"})[0].fix
    assert "torchdata==" not in already.code  # that pin is what is installed: it would change nothing


def test_xformers_fix_is_the_release_pinned_to_the_installed_torch() -> None:
    text = (  # facebookresearch/xformers#874
        "WARNING[XFORMERS]: xFormers can't load C++/CUDA extensions. xFormers was built for:\n"
        "    PyTorch 2.0.1 (you have 2.1.0+cu121)\n"
    )
    fix = explain(text)[0].fix
    assert fix.code == "pip install xformers==0.0.22.post7 --no-deps"  # its METADATA pins torch==2.1.0
    assert "--index-url https://download.pytorch.org/whl/cu121" in fix.note
    same_release = text.replace("PyTorch 2.0.1 (", "PyTorch 2.1.0+cu118 (")  # only the CUDA build differs
    assert "xformers==" not in explain(same_release)[0].fix.code  # that pin is already installed: no change
