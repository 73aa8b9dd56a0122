"""What batches 2026-12-02h (70 texts) and -02i (44) taught the explainer, at the edges of each reading."""

from __future__ import annotations

from torchenv_magic import explain
from torchenv_magic.explainer.text import strip_log_prefixes

from .ranking import top as _top


def _frame(path: str, code: str) -> str:
    return f'  File "{path}", line 3, in <module>\n    {code}\n'


def test_generic_package_missing_its_submodule_from_a_projects_own_file() -> None:
    # numz/ComfyUI-SeedVR2_VideoUpscaler#29: the node's own src\__init__.py asks for src.utils.downloads
    own = _frame(r"D:\ComfyUI\custom_nodes\SeedVR2\src\__init__.py", "from src.utils.downloads import (")
    text = own + "ModuleNotFoundError: No module named 'src.utils.downloads'"
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "shadowed_module" and finding.confidence >= 0.7
    # Asked from a file outside any folder of that name: the same reading, weaker.
    elsewhere = _frame(r"G:\ComfyUI\custom_nodes\reactor\nodes.py", "import scripts.reactor_version")
    weaker = explain(elsewhere + "ModuleNotFoundError: No module named 'scripts.reactor_version'", platform="windows")[0]
    assert weaker.cause == "shadowed_module" and weaker.confidence < finding.confidence
    # A package's own name (not a generic one) missing a submodule is not this reading.
    named = _frame("/home/u/proj/train.py", "from mylib.core import x") + "ModuleNotFoundError: No module named 'mylib.core'"
    assert _top(named, platform="linux") != "shadowed_module"
    # Asked from inside site-packages: an installed package's own import, not the project's.
    installed = _frame("/env/lib/python3.10/site-packages/pkg/a.py", "from utils.x import y")
    assert _top(installed + "ModuleNotFoundError: No module named 'utils.x'", platform="linux") != "shadowed_module"


def test_project_import_entering_an_installed_module_of_its_name() -> None:
    # Plachtaa/seed-vc#117: an egg's top-level "modules" package answered the project's `from modules.commons import`
    user = _frame(r"D:\projects\seed-vc\app.py", "from modules.commons import build_model")
    egg = _frame(r"D:\conda\envs\e\lib\site-packages\msda-1.0-py3.10-win-amd64.egg\modules\__init__.py", "from .x import y")
    assert _top(user + egg + "ModuleNotFoundError: No module named 'src.utils'", platform="windows") == "shadowed_module"
    # CompVis/stable-diffusion#488: PyPI's single-file ldm.py answered `from ldm.util import`
    script = _frame("scripts/txt2img.py", "from ldm.util import instantiate_from_config")
    single = '  File "C:\\env\\lib\\site-packages\\ldm.py", line 20\n    print self.x\n'
    assert _top(script + single + "SyntaxError: Missing parentheses in call to 'print'.", platform="windows") == "shadowed_module"
    # An installed package's own folder entered by a plain import of a non-generic package is how imports work.
    plain = _frame("/home/u/a.py", "from diffusers.models import x") + _frame(
        "/env/lib/python3.10/site-packages/diffusers/__init__.py", "from .a import b"
    )
    assert _top(plain + "ImportError: cannot import name 'b'", platform="linux") != "shadowed_module"


def test_name_missing_from_an_installed_single_file_module() -> None:
    # afiaka87/glid-3#3: PyPI's ldm.py in ~/.local answered glid-3's `from ldm import instantiate_from_config`
    asker = _frame("/home/b/glid-3/sample.py", "from ldm import instantiate_from_config")
    line = "ImportError: cannot import name 'instantiate_from_config' from 'ldm' (/home/b/.local/lib/python3.10/site-packages/ldm.py)"
    finding = explain(asker + line, platform="linux")[0]
    assert finding.cause == "shadowed_module" and finding.confidence <= 0.5
    # A widely installed single-file module lacking a name is an old release, not another project's.
    six = "ImportError: cannot import name 'x' from 'yaml' (/env/lib/python3.10/site-packages/yaml.py)"
    assert _top(asker.replace("ldm", "yaml") + six, platform="linux") != "shadowed_module"
    # Asked from an installed file: that package's own dependency.
    inside = _frame("/env/lib/python3.10/site-packages/pkg/a.py", "from ldm import instantiate_from_config")
    assert _top(inside + line, platform="linux") != "shadowed_module"


def test_conda_gcc_headers_and_its_conda_fix() -> None:
    text = (  # lab4d-org/lab4d#10
        "/home/t/miniconda3/envs/lab4d/x86_64-conda-linux-gnu/include/c++/11.4.0/bits/std_function.h:435:145: "
        "error: parameter packs not expanded with '...'"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and finding.fix is not None
    assert finding.fix.kind == "conda" and finding.fix.code == "conda install -c conda-forge gcc_linux-64=10 gxx_linux-64=10"
    system = explain("/usr/include/c++/11/bits/std_function.h:435:145: error: parameter packs not expanded with '...'", platform="linux")
    assert system[0].fix is not None and "apt install gcc-10" in system[0].fix.code


def test_stylegan_custom_ops_without_msvc() -> None:
    text = "Could not find MSVC/GCC/CLANG installation on this computer."  # XingangPan/DragGAN#314
    assert _top(text, platform="windows") == "build_toolchain_missing"


def test_cuda_header_missing_in_msvcs_words_and_translations() -> None:
    translated = "THCGeneral.h(12): fatal error C1083: can not open or include such file: “cuda.h”: No such file or directory"
    assert _top(translated, platform="windows") == "build_toolchain_missing"  # pytorch/pytorch#8329
    english = "x.cu(1): fatal error C1083: Cannot open include file: 'cuda_runtime.h': No such file or directory"
    assert _top(english, platform="windows") == "build_toolchain_missing"
    # gcc's wording of the same, and a header that is not CUDA's is not this reading (the project's own include path).
    assert _top("fatal error: cuda.h: No such file or directory", platform="linux") == "build_toolchain_missing"
    assert _top("x.cpp:1:10: fatal error: mylib.h: No such file or directory", platform="linux") == "other"


def test_no_kernel_image_wrapped_over_two_lines() -> None:
    text = "RuntimeError: Error transcribing file: CUDA error: no kernel image is available for\nexecution on the device"
    assert _top(text, platform="linux") == "gpu_arch_unsupported"  # jhj0517/Whisper-WebUI#653


def test_an_addons_c_failing_to_load_on_windows() -> None:
    # facebookresearch/detectron2#6: Python 3.7 names no module; the add-on's own import line says whose
    old = "    from detectron2 import _C\nImportError: DLL load failed: The specified procedure could not be found."
    assert _top(old, platform="windows") == "extension_abi_mismatch"
    assert _top("    from torch import _C\nImportError: DLL load failed: The specified procedure could not be found.") != (
        "extension_abi_mismatch"
    )
    # opendatalab/PDF-Extract-Kit#5: an installed add-on's _C with a dependent DLL not found (126, in Chinese)
    installed = _frame(r"C:\Users\x\miniconda3\lib\site-packages\detectron2\layers\deform_conv.py", "from detectron2 import _C")
    found = explain(installed + "ImportError: DLL load failed while importing _C: 找不到指定的模块。", platform="windows")
    assert found[0].cause == "extension_abi_mismatch" and "missing_vc_redist" in [f.cause for f in found[:3]]
    # torch's own _C failing the same way stays a DLL-dependency reading.
    torch_c = _frame(r"C:\env\lib\site-packages\torch\__init__.py", "from torch._C import *")
    assert _top(torch_c + "ImportError: DLL load failed while importing _C: 找不到指定的模块。", platform="windows") != (
        "extension_abi_mismatch"
    )


def test_torch_library_could_not_find_torchvisions_operator() -> None:
    text = "ValueError: Could not find the operator torchvision::nms. Please make sure you have already registered the operator"
    assert _top(text, platform="linux") == "torchvision_torch_mismatch"  # GoogleCloudPlatform/ml-testing-accelerators#994


def test_bundled_glibc_part_and_its_fix() -> None:
    path = "/home/j/R/library/torch/lib/librt.so.1"
    text = f"/lib/x86_64-linux-gnu/libpthread.so.0: version `GLIBC_PRIVATE' not found (required by {path})"
    finding = explain(text, platform="linux")[0]  # mlverse/torch#1360
    assert finding.cause == "lib_version_conflict" and finding.fix is not None
    assert finding.fix.kind == "python" and f"Path({path!r})" in finding.fix.code and "'.bak'" in finding.fix.code
    compile(finding.fix.code, "<fix>", "exec")
    # The system's own librt asking is a broken system, not a bundled copy.
    system = "/lib/x86_64-linux-gnu/libpthread.so.0: version `GLIBC_PRIVATE' not found (required by /lib/x86_64-linux-gnu/librt.so.1)"
    assert _top(system, platform="linux") != "lib_version_conflict"


def test_comfyui_says_torchaudio_missing() -> None:
    text = "pytorch version: 2.8.0+cu129\ntorchaudio missing, ACE model will be broken"  # comfyanonymous/ComfyUI#9690
    finding = explain(text, platform="linux", packages={"torch": "2.8.0+cu129"})[0]
    assert finding.cause == "torchvision_torch_mismatch" and finding.fix is not None
    assert "torchaudio==2.8.0+cu129" in finding.fix.code
    assert _top("torchaudio missing", platform="linux") != "torchvision_torch_mismatch"


def test_numpy_abi_version_form_either_way() -> None:
    text = "RuntimeError: module compiled against ABI version 0x1000009 but this version of numpy is 0x2000000"
    finding = explain(text, platform="linux")[0]  # Emerge-Lab/gpudrive#373
    assert finding.cause == "numpy_abi_mismatch" and "NumPy 1.x" in finding.title
    assert finding.fix is not None and 'numpy<2' in finding.fix.code
    newer = explain("module compiled against API version 0x10 but this version of numpy is 0xd", platform="linux")[0]
    assert newer.cause == "numpy_abi_mismatch" and newer.fix is not None and "--upgrade numpy" in newer.fix.code


def test_log_prefixes_are_stripped_where_most_lines_carry_them() -> None:
    journal = (  # unslothai/unsloth#8580
        "Aug 12 10:38:34 fileserver unsloth[4073658]: WARNING[XFORMERS]: xFormers can't load C++/CUDA extensions. "
        "xFormers was built for:\n"
        "Aug 12 10:38:34 fileserver unsloth[4073658]:     PyTorch 2.10.0+cu128 with CUDA 1208 (you have 2.11.0+cu130)\n"
        "Aug 12 10:38:34 fileserver unsloth[4073658]:     Python  3.10.19 (you have 3.13.9)"
    )
    assert strip_log_prefixes(journal).splitlines()[1] == "    PyTorch 2.10.0+cu128 with CUDA 1208 (you have 2.11.0+cu130)"
    assert _top(journal, platform="linux") == "extension_abi_mismatch"
    compose = "app-1  | Traceback (most recent call last):\napp-1  | ModuleNotFoundError: No module named 'torch'"
    assert strip_log_prefixes(compose) == "Traceback (most recent call last):\nModuleNotFoundError: No module named 'torch'"
    # One such line among many is a quotation, not a log's prefix.
    once = "Aug 12 10:38:34 host app[1]: started\nline two\nline three\nline four"
    assert strip_log_prefixes(once) == once


def test_an_addons_compiled_part_named_for_cuda_asks_for_another_cuda() -> None:
    text = "from vllm import cuda_utils\nImportError: libcudart.so.12: cannot open shared object file: No such file or directory"
    assert _top(text, platform="linux") == "extension_abi_mismatch"  # vllm-project/vllm#1718
    # A plain library import above it is not a compiled part: torch's own runtime is what is missing.
    plain = text.replace("from vllm import cuda_utils", "from transformers import AutoModel")
    assert _top(plain, platform="linux") == "missing_cuda_runtime_lib"


def test_a_private_compiled_module_lacking_torchs_procedure() -> None:
    text = "ImportError: DLL load failed while importing _fused: The specified procedure could not be found."
    finding = explain(text, platform="windows")[0]  # thu-ml/SageAttention#71
    assert finding.cause == "extension_abi_mismatch" and finding.fix is not None and finding.fix.kind == "manual"
    assert "_fused" in finding.fix.code and "pip install _fused" not in finding.fix.code
    # torch's own _C with the same code stays a DLL-conflict reading.
    own = "ImportError: DLL load failed while importing _C: The specified procedure could not be found."
    assert _top(own, platform="windows") != "extension_abi_mismatch"
