"""explain() on the real-error corpus (tests/corpus): every case ranks its cause in the top 3,
and top-1 accuracy stays above the measured level (docs/explain-accuracy.md).

Some cases are known misses: the error text alone cannot show that a wheel shipped without
its CUDA DLLs (it reads like any WinError 126), or holds nothing the explainer reads (the
cause is only in the thread). They are listed, with the reason, so a fix that catches them
turns the xfail into a failure to update this list.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from torchenv_magic import explain
from torchenv_magic.causes import CAUSES

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
# A fresh batch is named after the day it was collected; it is run once before any rule
# learns from it (docs/explain-accuracy.md), and each of its cases names its family.
BATCH_SPLIT = re.compile(r"batch-\d{4}-\d{2}-\d{2}[a-z]?")  # a second batch of one day: batch-2026-12-01b
FAMILIES = {
    "companions",
    "extension-builds",
    "shadowing",
    "mixed-damaged",
    "gpu-driver",
    "cuda-libs",
    "numpy-abi",
    "glibc",
    "kernel-env",
    "other",
    # batch-2026-12-01b
    "windows-dll",
    "vc-redist",
    "paging-file",
    "macos",
    "wheel-platform",
    "notebook-env",
    "partial-import",
    "stale-upgrade",
    "duplicates",
    "cpu-build",
    "no-gpu",
    "not-env",
    "numpy2",
    # batch-2026-12-01k: Windows DLLs and the rest of a platform's failures, each text's cause in its header
    "windows",
    "misc",
}
# Measured 91.21% (5,344 of 5,859 cases on Python 3.11, after learning from batch-2026-12-06x; 5,338 of 5,859 with -06x
# added and nothing learned from it, 5,304 of 5,811 before it);
# 91.22% at 5,811 (after learning from batch-2026-12-06v and adding -06w's one text);
# 91.47% at 5,742 (after learning from batch-2026-12-06u);
# 91.68% at 5,676 (after learning from batch-2026-12-06t);
# 91.65% at 5,614 (-06r and -06s); 91.68% at 5,552 (-06p and -06q); 91.73% at 5,476 (-06n and -06o);
# 91.81% at 5,398 (-06l and -06m); 91.69% at 5,333 (-06j and -06k);
# 91.71% at 5,258 (-06h and -06i);
# 91.76% at 5,193 (-06f and -06g); 91.89% at 5,106 (-06d and -06e); 91.92% at 5,026 (-06c); 91.96%
# at 5,011 (-06b); 92.12% at 4,939 (-06a);
# 92.14% at 4,872 (-05n
# and -05o), 91.98% at 4,787 (-05m), 91.99% at 4,695 (-05k), 92.17% at 4,600 (-05i), 92.18% at 4,512 (-05g),
# 92.54% at 4,292 (-05b), 92.7% at 4,190
# (-04p), 95.9% at 908 (-01g).
# Fresh batches stay in the corpus with what was
# not learned from them: texts that do not show their cause and labels that disagree with earlier ones (the top-3
# misses are KNOWN_MISSES, with reasons), so each batch lowers the share a little. The floor sits about 15 texts under
# the measure (5,326 of 5,859, 18 under the 5,344 measured), so that a Python whose standard-library
# list differs (3.9 has no sys.stdlib_module_names) cannot fail it by a text or two while a real regression still does.
# A regression guard, not the figure to quote, which is the latest batch's first run (docs/explain-accuracy.md).
TOP1_THRESHOLD = 0.909
KNOWN_MISSES = {
    # batch-2026-12-02 to -02c: what is left after learning from them
    "extension_abi_mismatch/torchrec-nightly-fbgemm-on-torch112-stable-torchrec-557.txt": (
        "one line, 'File fbgemm_gpu_py.so not found': that it is a nightly fbgemm_gpu under a stable torch is the maintainer's"
    ),
    "torchvision_torch_mismatch/windows-torch140-latest-torchvision-script-if-tracing-pytorch-59528.txt": (
        "torch.jit lacking _script_if_tracing, no frame: which caller asked (torchvision's ops) is only in the thread"
    ),
        "corrupted_install/torch110-cu100-wheel-imports-old-cuda8-libcurand-pytorch-20750.txt": (
        "torch._C asking for libcurand.so.8.0 reads as CUDA 8's library missing; that a torch 1.1.0 wheel never links CUDA 8, "
        "so an older torch's files were loaded, is the maintainers' reading"
    ),
    "other/chamfer-ext-import-before-torch-undefined-singleton-3d-coded-4.txt": (
        "an extension's undefined at:: symbol reads as one built against another torch; that importing torch first was all "
        "it needed is only in the reporter's reply"
    ),
    "other/flownet2-cuda-ext-imported-before-torch-undefined-singleton-flownet2-116.txt": (
        "an extension's undefined c10 symbol reads as one built against another torch; that importing torch first was all "
        "it needed is only in the replies"
    ),
    "other/webui-old-torch1121-no-concatenate-pez-dispenser-1.txt": (
        "torch lacking torch.concatenate reads as a torch loaded before an upgrade; that the webui's torch 1.12.1 is simply "
        "older than the extension's code is the maintainer's word"
    ),
    "other/ffi-ext-undefined-symbol-state-torch02-binary-bug-extension-ffi-14.txt": (
        "an extension's undefined symbol reads as one built against another torch; that torch 0.2's own binaries stopped "
        "exporting THCState's 'state' that night is the maintainer's word"
    ),
    "other/mmcv-1318-pypi-missing-points-in-boxes-symbol-mmcv-1556.txt": (
        "mmcv's _ext lacking one of its own functions reads as a partial or stale build (the library mixes two builds); "
        "that the build was the PyPI upload of 1.3.18 itself, labelled other, is the maintainer's word"
    ),
    "shadowed_module/script-named-tensorflow-py-macos-tensorflow-28213.txt": (
        "one line, \"module 'tensorflow' has no attribute 'keras'\": a release without keras reads the same; the user's "
        "tensorflow.py is only in the thread"
    ),
    "missing_cuda_runtime_lib/ci-package-needs-cuda8-cudnn6-dll-load-failed-pytorch-scripts-26.txt": (
        "a bare 'DLL load failed' on torch._C of a stated torch 0.3.1 reads as the VC++ runtime or the DLL search path; "
        "that those early Windows packages needed CUDA 8 and cuDNN 6.1 installed beside them is only in the maintainer's reply"
    ),
    "torchvision_torch_mismatch/pyro-1880-travis-pip-torchvision030-libcudart90.txt": (
        "a bare 'libcudart.so.9.0: cannot open shared object file' reads as CUDA 9.0's runtime missing; that torchvision's "
        "default CUDA wheel asked for it beside a CPU torch on CI is only in the pull request"
    ),
    "duplicate_installations/old-caffe2-libs-in-usr-local-lib-libcurand90-pytorch-13964.txt": (
        "torch._C asking for CUDA 9.0's libcurand.so.9.0 reads as that CUDA library missing; that an old caffe2 source "
        "install had left its own libraries in /usr/local/lib, loaded before the new build's, is only in the thread"
    ),
    "module_not_installed_in_kernel_env/ipython-from-removed-conda2-mkl-missing-pytorch-1621.txt": (
        "IPython on Python 2.7 importing torch from a source folder (/home/u/pytorch/torch) without libmkl reads as that "
        "checkout shadowing the install; that the ipython command was an old conda 2 one, not the conda 3 Python torch "
        "was built for, is only in the reporter's reply"
    ),
    "shadowed_module/import-inside-source-tree-after-setup-install-pytorch-3389.txt": (
        "a bare \"No module named 'torch'\" at <stdin>: that the shell stood in the source checkout after setup.py "
        "install is only in the maintainer's reply"
    ),
    "torchvision_torch_mismatch/audio-43-torchaudio-on-pytorch031-no-hann-window.txt": (
        "one line, module 'torch' has no attribute 'hann_window', beside a stated torch 0.3.1: that torchaudio asked for "
        "it (a torchaudio made for torch 0.4) is only in the thread"
    ),
    "build_toolchain_missing/renderutils-plugin-jit-dll-load-cuda-sdk-mismatch-nvdiffmodeling-32.txt": (
        "one line, 'DLL load failed while importing renderutils_plugin', no code: that this is a JIT build by "
        "cpp_extension.load against a CUDA SDK other than torch's is only in the maintainer's reply"
    ),
    "wheel_platform_mismatch/win7-shm-dll-torch26-27-pytorch-156159.txt": (
        "shm.dll failing on a stated Windows 7: PyTorch's own install page listed Windows 7 as supported for years, and "
        "that 2.6/2.7 need Windows 10 is a maintainer's guess in the thread, so the OS alone is no reading"
    ),
    "missing_cuda_runtime_lib/wheel-missing-cublas-pytorch-29356.txt": "the text gives no DLL name: the wheel lacked cublas64_100.dll",
    "stale_module_after_upgrade/monai-1040-colab-ignite-restart.txt": (
        "MONAI's optional-import note names only a missing ignite; that ignite was installed after monai was imported "
        "in the running Colab runtime is only in the thread"
    ),
    # batch-2026-12-01c
    "duplicate_installations/pip-and-conda-torch-pytree-transformers-29022.txt": (
        "prose only, no error line: that a pip torch and a conda torch sat in one environment is the reporter's account"
    ),
    "duplicate_installations/system-site-rocm-torch-shadowed-webui-14994.txt": (
        "no error line: cuda.is_available() turns False inside a --system-site-packages venv; that pip put a second "
        "torch ahead of the system ROCm one is only in the thread"
    ),
    "duplicate_installations/user-site-over-central-pytorch-56126.txt": (
        "the excerpt stops at `>>> import torch` with no error line; the failure (module 'torch._C' ...) is only in the title"
    ),
    "no_driver_or_gpu/docker-windows-host-detectron2-3107.txt": (
        "a traceback with no error line, ending at model.to(device); that the container sees no NVIDIA driver is only in the thread"
    ),
    # batch-2026-12-01d
    "corrupted_install/two-triton-dists-one-dir-physical-ai-studio-978.txt": (
        "one line, module 'triton' has no attribute 'language': that two triton distributions wrote into one folder "
        "is only in the merged PR"
    ),
    "duplicate_installations/libtorch-ld-library-path-torch-scatter-pytorch-102272.txt": (
        "torch_scatter lacking a torch symbol reads as an extension built for another torch; that a libtorch folder "
        "on LD_LIBRARY_PATH answered the lookup is only in the thread"
    ),
    "duplicate_installations/user-site-modules-outside-venv-kohya-1008.txt": (
        "kohya_ss's own banner about modules outside the virtual environment names no package and no error"
    ),
    # batch-2026-12-01e
    "duplicate_installations/torch-dlls-in-system32-windows-pytorch-29279.txt": (
        "a localised 'DLL load failed' on torch._C names no DLL: that copies of torch's DLLs sat in System32 is only "
        "in the maintainer's reply"
    ),
    # batch-2026-12-01g
    "other/backends-mps-is-available-typo-pytorch-deep-learning-239.txt": (
        "one line, a torch submodule lacking a name, reads (at 40%) as a torch older than its caller; that the name "
        "never existed (a typo in the user's code) is only in the thread"
    ),
    "other/torch-mps-is-available-windows-seedvr2-pr-248.txt": (
        "one line, torch.mps lacking is_available, reads (at 40%) as a torch older than its caller; that the code "
        "called an API torch.mps never had is only in the pull request"
    ),
    # batch-2026-12-01f
    "partial_import_state/cov-module-reimport-torchvision-meta-torchgeo-2541.txt": (
        "the stored excerpt stops mid-sentence ('This is not allowed since there's already'); that coverage re-imported "
        "torchvision in one process is only in coveragepy/coveragepy#1925"
    ),
    # batch-2026-12-01h
    "module_not_installed_in_kernel_env/pip-installs-into-system-python-not-embedded-windows-comfyui-6197.txt": (
        "a clean pip log installing into a system Python's site-packages; that the reporter meant the portable "
        "bundle's python_embeded (another interpreter) is only in the thread"
    ),
    "duplicate_installations/user-site-cpu-torch-ahead-of-venv-rocm-windows-comfyui-rocm-131.txt": (
        "the traceback and the stated +cpu build read as a CPU-only torch in the bundle's own environment; that a "
        "second, per-user CPU torch came first on sys.path is the reporter's later finding in the thread"
    ),
    # batch-2026-12-01i
    "stale_module_after_upgrade/torchtext-symbol-not-found-restart-fixed-eat-pytorch-22.txt": (
        "torchtext's library lacking a torch symbol reads as a torchtext built for another torch (90%); that a "
        "restart alone fixed it is only in the reporter's reply"
    ),
    # batch-2026-12-01j
    # batch-2026-12-01k
    # batch-2026-12-01l
    # batch-2026-12-01m
    "shadowed_module/repo-select-py-subprocess-radiancemapping-1.txt": (
        "the excerpt ends at subprocess's `import select` with no error line; that the repository's select.py answered "
        "it is only in the thread"
    ),
    # batch-2026-12-02j: what is left after learning from it
    # batch-2026-12-02k: what is left after learning from it
    "build_toolchain_missing/gcc48-incompatible-scn-missing-metadata-SparseConvNet-61.txt": (
        "'module sparseconvnet.SCN has no attribute Metadata_2' from the project's own checkout reads as a shadowing "
        "folder; that gcc 4.8 built an SCN missing those classes is only the reporter's later finding"
    ),
    "module_not_installed_in_kernel_env/launcher-runs-python2-package-installed-for-python3-linux-torchpack-9.txt": (
        "one line, 'No module named torchpack.launch.assets', no interpreter named: that the launcher started Python 2 "
        "while the package was installed for Python 3 is only in the thread"
    ),
    # batch-2026-12-02m: what is left after learning from it
    "shadowed_module/pypi-utils-package-answers-repo-utils-import-multi-label-soft-f1-4.txt": (
        "one line, \"NameError: name 'download_parallel' is not defined\": that PyPI's utils answered the repository's "
        "`from utils import *` is only in the thread"
    ),
    # batch-2026-12-02n: what is left after learning from it
    "corrupted_install/dream-factory-conda-env-incomplete-torch-shm-dll-dream-factory-20.txt": (
        "WinError 126 on torch\\lib\\shm.dll reads as a missing DLL dependency (the earlier texts' label); that the "
        "env's torch install was incomplete is the maintainer's reading after a reinstall"
    ),
    # batch-2026-12-03a: what is left after learning from it
    "corrupted_install/pytorch-directml-torch-folder-gutted-by-uninstall-torch-DirectML-189.txt": (
        "torchvision's own extension.py finding no torch.ops reads as a torchvision made for another torch; that "
        "uninstalling one torch build had gutted the folder the other used is the repository's own later fix"
    ),
    "extension_abi_mismatch/comfyui-exllama-nodes-prebuilt-ext-not-matching-torch222-zuellni-26.txt": (
        "ComfyUI's one line, \"name 'exllamav2_ext' is not defined\", with torch 2.2.2 below it: that exllamav2's "
        "prebuilt extension failed to load for another torch is the maintainer's reading of its ext.py"
    ),
    # batch-2026-12-03c: what is left after learning from it
    "build_toolchain_missing/dll-load-failed-importing-knn-windows-knn-cuda-19.txt": (
        "a bare \"DLL load failed while importing knn\" reads as a DLL the extension needs (the VC++ runtime first); that "
        "the JIT build had never finished until run from cmd.exe instead of PowerShell is only in the thread"
    ),
    "duplicate_installations/dml-device-string-stock-torch-directml-177.txt": (
        "torch's device-string error naming 'dml': that the stock torch torchvision pulled in had replaced "
        "pytorch-directml's is a commenter's reading of the install order"
    ),
    "duplicate_installations/libcudart-10-0-mmcv-and-mmcv-full-mmdetection-3346.txt": (
        "mmcv's _ext asking for libcudart.so.10.0 reads as mmcv built for another CUDA (the corpus's other mmcv texts); "
        "that mmcv and mmcv-full were both installed is the maintainer's answer from the install docs"
    ),
    "module_not_installed_in_kernel_env/isaacsim-bundled-torch-py37-omnidrones-53.txt": (
        "torch's own 'loaded the torch/_C folder' message reads as a source checkout; that the folder is Isaac Sim's "
        "bundled torch built for Python 3.10, run from a Python 3.7 env, is the commenters' reading"
    ),
    "shadowed_module/cray-utils-shadow-singularity-542.txt": (
        "Python 2's \"cannot import name get_fullpath\" under `from utils import (`, with no path: a system utils package "
        "under /opt/cray on sys.path is only in the thread"
    ),
    "shadowed_module/src-package-name-clash-review_object_detection_metrics-124.txt": (
        "\"No module named 'src'\" from run.py: that another src package came first is a commenter's reading, and the "
        "message itself says no src was found at all"
    ),
    "torchvision_torch_mismatch/typemeta-undefined-stereo-rcnn-36.txt": (
        "the project's own model/_C.so missing a caffe2 TypeMeta symbol reads as the project's extension built for "
        "another torch; that reinstalling torchvision fixed it is the reporter's finding"
    ),
    # batch-2026-12-03d: what is left after learning from it
    "build_toolchain_missing/k2-aarch64-pip-no-compiled-k2-1275.txt": (
        "k2's own `from _k2 import` finding no _k2 reads as a k2 build for another Python or platform (k2-fsa/k2#513's "
        "label); that no aarch64 build exists, so the fix is building from source, is the maintainer's answer"
    ),
    "other/yolox-setup-imports-c-before-build-topictrack-2.txt": (
        "a vendored YOLOX's setup.py importing yolox._C before building it reads as the checkout's compiled part never "
        "built or shadowing; the label follows the maintainer's fix to the repository's own files"
    ),
    "shadowed_module/apiai-py-shadow-dialogflow-python-client-29.txt": (
        "Python 2's \"'module' object has no attribute 'ApiAI'\" under `apiai.ApiAI(...)`, no path: a local apiai.py is "
        "the maintainer's question, confirmed by the reporter"
    ),
    # batch-2026-12-03e: what is left after learning from it
    "build_toolchain_missing/cpu-gemm-undefined-not-compiled-minkowskiengine-36.txt": (
        "MinkowskiEngineBackend lacking one of its own functions reads as a partial or stale build (open-mmlab/OpenPCDet#216's "
        "label, corrupted_install); that make had to build that part first is the maintainer's answer: both fixes rebuild"
    ),
    "build_toolchain_missing/cxx11-abi-gcc-warp-ctc-103.txt": (
        "one line, an extension lacking c10::Error's pre-C++11-ABI constructor (RKSs): twenty corpus texts with that symbol "
        "are an extension built for another torch; that gcc 4.9's default ABI was the cause is the reporter's finding"
    ),
    "build_toolchain_missing/gcc49-abi-mmaction-89.txt": (
        "one line, nms_cuda lacking c10::Error's pre-C++11-ABI constructor: read as the extension built for another torch "
        "(the corpus's label for that symbol); that switching gcc 4.9 for 5 fixed it is the reporter's finding"
    ),
    "build_toolchain_missing/emutls-symbol-source-build-macos-pytorch-691.txt": (
        "a source-built torch 0.x on macOS lacking ___emutls_get_address from libSystem: the maintainer's fix (the conda "
        "binary instead of the build) names no message shape a rule can read"
    ),
    "missing_cuda_runtime_lib/bnb-no-gpu-libcudart-kohya_ss-linux-8.txt": (
        "bitsandbytes' 'compiled without GPU support' alone, with stray paste text: that its CUDA setup found no "
        "libcudart on LD_LIBRARY_PATH is the reporter's later finding, not in the text"
    ),
    "module_not_installed_in_kernel_env/exllama-kernel-wrong-env-autogptq-249.txt": (
        "AutoGPTQ's own warning says its exllama kernels were not compiled; that the server ran outside the conda env "
        "they were built in is a commenter's finding"
    ),
    "other/cpu-build-error35-binary-bug-pytorch-1159.txt": (
        "cuda runtime error (35), driver insufficient, is the driver's message; that the 2017 binaries were broken on "
        "GPU-less machines is the maintainer's reading"
    ),
    "other/main-py-run-inside-package-subs2cia-2.txt": (
        "main.py's `from subs2cia.argparser import` finding no subs2cia reads as a package not installed for this "
        "Python (installing it was the reporter's own way out); that main.py sat inside the package's folder is only "
        "in the maintainer's reply, and the label follows the maintainer's fix, a relative import"
    ),
    "other/nvte-symbol-import-order-transformerengine-115.txt": (
        "one line, transformer_engine_extensions lacking nvte_layernorm_bwd: that the module needs transformer_engine "
        "imported first to load its core library is the maintainer's answer, not in the text"
    ),
    "duplicate_installations/dup-opencv-numpy2-comfyui-vnccs-79.txt": (
        "two lines, '_ARRAY_API not found' and 'numpy.core.multiarray failed to import': NumPy 2 under a module built "
        "for NumPy 1 (the corpus's label for them); that opencv-python and opencv-python-headless both wrote cv2/ is "
        "the reporter's finding, not in the text"
    ),
    "shadowed_module/utils-dir-shadows-utils-py-django-feedreader-15.txt": (
        "\"cannot import name build_context\" from feedreader's own `from .utils import`: that a utils/ folder beside "
        "utils.py hides the module is the maintainer's reading; no path in the text shows the folder"
    ),
    "shadowed_module/utils-dir-shadows-utils-py-photutils-148.txt": (
        "\"cannot import name skycoord_to_pixel\" from photutils' own `from .utils import`: that a utils/ folder beside "
        "utils.py hides the module is the PR author's reading; no path in the text shows the folder"
    ),
    "torchvision_torch_mismatch/torchao-cpp-skip-ai-toolkit-987.txt": (
        "torchao skipping its C++ extensions for an older torch is read as an add-on built for another torch, the "
        "corpus's label for that line in five texts; this thread's collector labelled it a companion"
    ),
    # batch-2026-12-03i: what is left after learning from it
    "build_toolchain_missing/tts-install-failed-no-cpp-tools-audio-webui-72.txt": (
        "an installer's own 'InstallFailException: Install failed!' names nothing: that TTS needed the C++ build tools is "
        "the reporter's later word"
    ),
    "other/error802-fabricmanager-dstack-2348.txt": (
        "Error 802 is read as no usable GPU, with Fabric Manager named in the title and the fix; the collector labelled it "
        "'other' because no cause id names Fabric Manager"
    ),
    "other/triton-xpu-failed-find-c-compiler-windows-intel-xpu-backend-for-triton-4707.txt": (
        "Triton's 'Failed to find C compiler' reads as a missing compiler, as its words say; that intel-xpu-backend's "
        "Windows build had a bug fixed on main is the maintainer's answer"
    ),
    # batch-2026-12-03j: what is left after learning from it
    "other/ctc-decode-undefined-symbol-import-order-ctcdecode-92.txt": (
        "an extension's undefined at:: symbol reads as an extension built for another torch; that importing torch first "
        "was all it needed is a commenter's finding, and nothing in the text says torch was not imported"
    ),
    "torchvision_torch_mismatch/torchaudio-src-needs-newer-torch-macos-audio-1186.txt": (
        "clang rejecting TORCH_LIBRARY_FRAGMENT(torchaudio, m) in torchaudio's sources: that the macro is newer than the "
        "installed torch 1.7.1 is the maintainer's answer; no reading knows when torch's macros appeared"
    ),
    # batch-2026-12-03k: what is left after learning from it
    "build_toolchain_missing/ext-never-built-geotransformer-33.txt": (
        "importlib's 'No module named geotransformer.ext' from a checkout reads as the checkout answering; an `ext` "
        "submodule is not named like a compiled part (flask.ext is a removed Python package), and that it was never "
        "built is the reporter's later word"
    ),
    "shadowed_module/types-py-shadow-mypy-2525.txt": (
        "mypy's own report ('Module 'types' has no attribute ...' from typeshed stubs), not a Python traceback: that a "
        "user's types.py is what mypy read is the maintainer's reading"
    ),
    # batch-2026-12-03l: what is left after learning from it
    "build_toolchain_missing/xcode-clt-missing-deps-unbuilt-deeplabcut-668.txt": (
        "'No module named pandas' from a checkout reads as pandas not installed, which it was not; that its install "
        "failed for want of the Xcode command line tools is only in the reporter's reply"
    ),
    "duplicate_installations/monai-and-monai-weekly-both-installed-monai-1902.txt": (
        "MONAI's own file failing to import a name from its own package reads as a release older than its caller; that "
        "monai and monai-weekly share one folder is the maintainer's reproduction"
    ),
    "duplicate_installations/monai-weekly-duplicate-instantiate-monai-3973.txt": (
        "one line, cannot import name 'instantiate' from 'monai.utils', no path: nothing names the second distribution"
    ),
    "module_not_installed_in_kernel_env/jetson-python2-python3-mismatch-jetson-inference-370.txt": (
        "easy_install finding no torch>=1.1.0 reads as no wheel for this platform; that torch went into Python 2 while "
        "torchvision was built for Python 3 is the maintainer's answer"
    ),
    "module_not_installed_in_kernel_env/system-pip-not-octoprint-venv-octoprint-anywhere-14.txt": (
        "a plugin's own setup message ('Could not import OctoPrint's setuptools') is read by no rule; that OctoPrint "
        "runs in its own virtualenv is in the thread"
    ),
    "shadowed_module/installed-combinators-shadows-internal-module-fuzzylogic-8.txt": (
        "an installed package's absolute `from combinators import` answered by another installed package of that name: "
        "both are installed files, so no frame is the user's"
    ),
    "shadowed_module/pip-websocket-shadows-websocket-client-pyhmmm-1.txt": (
        "module 'websocket' lacking WebSocketApp reads as an older websocket; that the PyPI 'websocket' distribution "
        "took websocket-client's import name is the reporter's finding"
    ),
    "stale_module_after_upgrade/pydantic-upgraded-kernel-not-restarted-instructor-120.txt": (
        "one line, cannot import name 'FieldValidationInfo' from 'pydantic': that the kernel still held pydantic 1.10 "
        "after an upgrade is only in the reporter's words"
    ),
    # batch-2026-12-03m: what is left after learning from it
    "shadowed_module/run-inside-source-checkout-pyalign-5.txt": (
        "pyalign's own 'none of [...] is available' names no folder: that the checkout's pyalign/ was imported instead "
        "of the installed build is the maintainer's reading"
    ),
    "stale_module_after_upgrade/colab-old-tornado-loaded-dataprep-245.txt": (
        "one line, cannot import name 'future_set_exc_info' with no module or path: that Colab still held an old "
        "tornado is the maintainer's answer"
    ),
    # batch-2026-12-04a: what is left after learning from it
    "build_toolchain_missing/bnb-no-binary-for-cuda122-bitsandbytes-551.txt": (
        "bitsandbytes' 'Required library version not found: libbitsandbytes_cuda122.so' reads (since -05b) as its "
        "fallback to the CPU-only library, upgrade bitsandbytes; the reporter's fix, another CUDA install, is not one "
        "this text points to"
    ),
    "driver_too_old/is-available-false-driver-410-torch13-pytorch-31243.txt": (
        "torch.cuda.is_available() printing False, with no driver version or torch build in the text: driver 410 "
        "below torch 1.3's 418 is the maintainer's question and answer"
    ),
    "duplicate_installations/numpy-api-version-a-two-numpy-installs-tflearn-1.txt": (
        "'numpy.core.multiarray failed to import' reads as a NumPy ABI mismatch; that apt's python-numpy sat beside "
        "pip's is only in the reporter's words"
    ),
    "extension_abi_mismatch/awq-kernels-not-usable-reinstall-from-source-llamafactory-4241.txt": (
        "AutoAWQ's 'auto-awq kernels is needed to be installed' reads as kernels never built; that the installed "
        "kernels were built for another torch is the maintainer's reading"
    ),
    "gpu_arch_unsupported/tinycudann-89-c-dll-load-failed-windows-tiny-cuda-nn-314.txt": (
        "'DLL load failed while importing _89_C: The specified procedure could not be found' reads as a build for "
        "another torch; that the architectures compiled were the point is the reporter's later finding"
    ),
    "missing_vc_redist/onnxruntime-cannot-import-runoptions-vc-runtime-onnxruntime-1127.txt": (
        "one line, cannot import name 'RunOptions' from onnxruntime's pybind state, with no platform or DLL named: "
        "the Visual C++ runtime is the reporter's later finding"
    ),
    "other/nvdiffrast-egl-missing-use-cuda-context-threestudio-231.txt": (
        "a missing EGL/egl.h reads as a build without its headers; the confirmed fix avoided OpenGL altogether "
        "(nvdiffrast's CUDA context), which the text does not point to"
    ),
    "shadowed_module/xgboost-py-script-cannot-import-xgbclassifier-xgboost-3740.txt": (
        "one line, cannot import name 'XGBClassifier' with no module or path: that the script itself was named "
        "xgboost.py is only in the reporter's words"
    ),
    # batch-2026-12-04c: its first run's misses (6 texts, not learned from)
    "extension_abi_mismatch/no-kernel-image-fvdb-gridbatch-scube-7.txt": (
        "'no kernel image is available' from fvdb's compiled call reads as the GPU missing from the build's list; that "
        "an A800 is in every build's list and a torch downgrade fixed it is the collector's reading of the thread"
    ),
    # batch-2026-12-04b: what is left after learning from it
    "extension_abi_mismatch/open3d-ml-torch-113-typeerror-version-check-open3d-5882.txt": (
        "a TypeError in open3d.ml.torch's own version check: that its ops support only torch 1.12 is in the thread"
    ),
    "shadowed_module/idlelib-tree-shadows-dm-tree-tree-19.txt": (
        "one line, cannot import name '_assert_shallow_structure' from 'tree' with no path: that IDLE's idlelib/tree.py "
        "came first on sys.path is the maintainer's reading"
    ),
    # batch-2026-12-04d: what is left after learning from it
    "build_toolchain_missing/built-wheel-not-installed-spconv-312.txt": (
        "spconv imported from its source tree without spconv_utils reads as that tree hiding the package (its fix, "
        "building in place, is the thread's); that the wheel was built but never installed is the reporter's words"
    ),
    "build_toolchain_missing/fused-dense-lib-not-built-flash-attention-97.txt": (
        "a sentence naming 'No module named fused_dense_lib': that flash-attn builds it from csrc/ separately is the "
        "maintainer's reading"
    ),
    "cpu_only_build/flash-attn-dll-load-cpu-torch-flash-attention-982.txt": (
        "DLL load failed for flash_attn_2_cuda on Windows: that the torch beside it was a CPU build is not in the text"
    ),
    "extension_abi_mismatch/tfq-simulate-ops-not-found-tf-2-2-quantum-800.txt": (
        "TensorFlow's NotFoundError for an op library's .so: that TensorFlow Quantum 0.3.1 pins TensorFlow 2.1 is in "
        "the thread's requirements, not the text"
    ),
    "shadowed_module/local-spconv-folder-shadows-one-thing-one-click-11.txt": (
        "cannot import name 'spconv_utils' from a project's own spconv folder reads as that package missing a part; that "
        "the folder is a stale copy of a built spconv is the maintainer's reading"
    ),
    "shadowed_module/orphan-pyc-folder-cannot-import-spatial-markov-pysal-110.txt": (
        "Python 2's cannot import name Spatial_Markov from an __init__.pyc: that a deleted folder survived as .pyc files "
        "is the reporter's reading"
    ),
    "wheel_platform_mismatch/xformers-sdist-build-fails-windows-use-pytorch-index-xformers-1118.txt": (
        "an nvcc/MSVC build failure of xformers reads as the build; that pip built it only because PyPI had no Windows "
        "wheel for that release is the thread's"
    ),
    "shadowed_module/stale-pyc-after-upgrade-no-module-parser-pyg-86.txt": (
        "Python 2's 'No module named parser.parser' inside pyg's egg: that .pyc files of the previous install answered "
        "is the reporter's finding (at -04d's run only a similar-report guess had it third; the index grew since)"
    ),
    # batch-2026-12-04e: what is left after learning from it
    "corrupted_install/libopenblas-missing-minkowskiengine-494.txt": (
        "libopenblas.so.0 missing under MinkowskiEngineBackend._C reads as nothing known: that reinstalling OpenBLAS into "
        "the environment fixed it is the reporter's"
    ),
    "driver_too_old/jax-no-kernel-image-driver-470-cuda-116-jax-11967.txt": (
        "'no kernel image' from jax reads as the GPU missing from the build; that driver 470 was older than the CUDA "
        "11.6 ptxas jaxlib used is in the thread only"
    ),
    "lib_version_conflict/ctranslate2-cudnn-ops64-9-windows-alltalk-tts-391.txt": (
        "'Cannot load symbol cudnnCreateTensorDescriptor' after cudnn_ops64_9.dll loaded reads as cuDNN missing; that "
        "CTranslate2 4.5's cuDNN 9 build clashed with torch's cuDNN copy is the maintainer's reading"
    ),
    "missing_cuda_runtime_lib/libleapct-dll-cufft64-10-missing-leap-32.txt": (
        "'Could not find module libleapct.dll (or one of its dependencies)' names no dependency: that it was "
        "cufft64_10.dll, which CUDA 12 does not ship, is the reporter's finding"
    ),
    "shadowed_module/tokenizers-folder-shadows-hf-ham2pose-5.txt": (
        "transformers failing on 'No module named tokenizers.pre_tokenizers': that the project's own tokenizers folder "
        "came first is the thread's"
    ),
    # batch-2026-12-04f: its first run's one miss outside the first three
    "glibc_libstdcxx_too_old/onnxruntime-glibc-227-rhel7-no-wheel-py4cast-89.txt": (
        "pip offering onnxruntime only up to 1.16.3 reads as no wheel for this platform: that the newer wheels need "
        "glibc 2.28 and RHEL 7 has 2.27 is the reporter's finding"
    ),
    # batch-2026-12-04g, after learning from its first run:
    "build_toolchain_missing/source-build-anaconda-gcc-symbol-not-found-pytorch-1228.txt": (
        "macOS 'Symbol not found: __ZNSs4_Rep20_S_empty_rep_storageE' in torch/_C.so names GCC's libstdc++ string; that "
        "the source build had used Anaconda's gcc instead of clang is the reporter's finding"
    ),
    "corrupted_install/paddle-double-requirement-two-wheels-paddle-418.txt": (
        "pip's 'Double requirement given' for two paddle wheels in one folder is a packaging mistake of that image, in "
        "no cause's words"
    ),
    "extension_abi_mismatch/flashinfer-wheel-index-wrong-torch-flashinfer-1002.txt": (
        "pip's conflict over flashinfer-python +cu124torch2.5 wheels names no installed torch: that torch 2.6 was "
        "installed is the reporter's words"
    ),
    "extension_abi_mismatch/tfa-0-6-gelu-invalid-name-tf-2-0-0b1-addons-655.txt": (
        "TensorFlow's 'Invalid name: Addons>Gelu (Did you use CamelCase?)' from TF_LoadLibrary: that tensorflow-addons "
        "0.6 needs TensorFlow 2.0 final, not 2.0.0b1, is the maintainer's knowledge"
    ),
    "module_not_installed_in_kernel_env/torch-cluster-missing-knn-graph-pytorch-geometric-7783.txt": (
        "\"'NoneType' object has no attribute 'knn_graph'\" under torch_geometric: that PyG sets torch_cluster to None "
        "when it is not installed is PyG's own code, not in the text"
    ),
    "shadowed_module/stale-pyc-get-anonymous-weblate-2078.txt": (
        "Django's 'cannot import name get_anonymous' names no file: that old .pyc files of a removed module answered "
        "is the maintainer's finding"
    ),
    "wheel_platform_mismatch/torch-scatter-no-binary-cl-c1083-pytorch-geometric-1958.txt": (
        "MSVC's 'fatal error C1083: Cannot open compiler generated file' building torch-scatter reads as a build "
        "failure; that no prebuilt wheel existed for torch 1.7.1 is the maintainer's knowledge"
    ),
    "wheel_platform_mismatch/vllm-windows-unsupported-vllm-179.txt": (
        "one line, 'No CUDA runtime is found, using CUDA_HOME=C:\\...', names no package: that vLLM was being built on "
        "Windows, which it does not support, is the thread's"
    ),
    # batch-2026-12-04h, after learning from its first run:
    "other/onnxruntime-pybind11-procedure-not-found-onnxruntime-16116.txt": (
        "onnxruntime_pybind11_state's 'The specified procedure could not be found' reads as a DLL conflict; that "
        "onnxruntime 1.15.0's own build was at fault, fixed in 1.15.1, is only in the thread"
    ),
    # batch-2026-12-04i, after learning from its first run:
    "build_toolchain_missing/spconv-type-not-registered-gcc7-spconv-plus-6.txt": (
        "pybind11's 'could not convert default argument ... (type not registered yet?)' in spconv's core_cc reads as "
        "an extension built against something else; that gcc 7 was too old is the reporter's finding"
    ),
    "corrupted_install/bitsandbytes-0454-missing-cpu-lib-bitsandbytes-1584.txt": (
        "bitsandbytes' own libbitsandbytes_cpu.so not found reads as its native library missing a CUDA library; that "
        "the 0.45.4 wheel shipped without it is the maintainers' answer"
    ),
    "duplicate_installations/tfp-nightly-and-tfp-both-installed-probability-850.txt": (
        "TensorFlow Probability asking for a newer TensorFlow reads as the two releases apart ('other'); that a "
        "tfp-nightly installed beside it was the one imported is the maintainer's reading of the user's pip list"
    ),
    "shadowed_module/stale-pycache-after-update-hermes-agent-60242.txt": (
        "'cannot import name X from hermes_constants' with the path elided names no stale bytecode; that __pycache__ "
        "held an older build of the module is the reporter's finding"
    ),
    # batch-2026-12-04j, after learning from its first run:
    "stale_module_after_upgrade/accelerate-installed-restart-needed-x-stable-diffusion-15.txt": (
        "diffusers' 'Please install the accelerate library' names no install in the running session; that accelerate "
        "had been installed into the running Colab kernel is the maintainer's reading"
    ),
    # batch-2026-12-04l, after learning from its first run:
    "build_toolchain_missing/knn-jit-build-needs-ninja-colab-knn-cuda-4.txt": (
        "one line, \"No module named 'knn'\": that knn is compiled on first use and ninja was missing is only in the "
        "maintainer's reply"
    ),
    "build_toolchain_missing/te-pytorch-extra-not-installed-transformerengine-1379.txt": (
        "'module transformer_engine has no attribute pytorch' in the reporter's sentence: that a plain pip install "
        "leaves out the [pytorch] extra is the maintainer's answer"
    ),
    "extension_abi_mismatch/mmcv-full-wrong-build-msda-import-same-1.txt": (
        "'cannot import name MultiScaleDeformableAttention from mmcv.cnn.bricks.transformer' names no compiled file: "
        "that PyCharm had installed the wrong mmcv-full build is the reporter's later finding"
    ),
    "missing_cuda_runtime_lib/ld-cannot-find-lcuda-triton-mamba-123.txt": (
        "'ld: cannot find -lcuda' while Triton builds reads as the build's link step, as three corpus texts with those "
        "words are labelled (tiny-cuda-nn#183, #408, seg-zero#63); this thread's label names the library instead"
    ),
    "other/torch-cluster-knn-cuda-no-such-module-pytorch-cluster-93.txt": (
        "'No module named torch_cluster.knn_cuda' reads as torch-cluster's CUDA part never built; that no such module "
        "is meant to be imported (the public `from torch_cluster import knn` serves both) is the maintainer's answer"
    ),
    "shadowed_module/parser-source-checkout-shadows-pypostal-6.txt": (
        "one line, \"cannot import name '_parser'\", names no folder: that Python ran from pypostal's checkout is the "
        "maintainer's reading"
    ),
    "shadowed_module/source-tree-shadows-te-wheel-transformerengine-1109.txt": (
        "TransformerEngine's own assertion 'Could not find libtransformer_engine.so' from /home/ved/TransformerEngine: "
        "a checkout of an unbuilt tree and a failed build read alike; that a wheel was installed and the checkout hid "
        "it is the reporter's finding"
    ),
    "stale_module_after_upgrade/msda-egg-needs-runtime-restart-colab-dino-62.txt": (
        "'No module named MultiScaleDeformableAttention' after make.sh in Colab reads as not installed for this "
        "kernel; that the egg was installed and the runtime only needed a restart is the reporter's finding"
    ),
    # batch-2026-12-04m, after learning from its first run:
    "extension_abi_mismatch/ksp-so-invalid-elf-header-stale-build-pyksp-1.txt": (
        "'pyKSP/ksp.so: invalid ELF header' reads as a damaged file, as every other corpus text with those words is "
        "labelled; that the project's own .so was a stale build to delete and remake is the thread's finding"
    ),
    "other/diff-gaussian-rasterization-c4-missing-3dgs-dr-2.txt": (
        "\"No module named 'diff_gaussian_rasterization_c4'\" reads as a module not installed; that the project "
        "imported a module it never shipped (a bug in its code) is the maintainer's fix"
    ),
    "other/pypi-simple-knn-wrong-package-torch-splatting-9.txt": (
        "\"No module named 'simple_knn'\" reads as the project's submodule never built, with its build as the fix and "
        "a warning that PyPI's simple-knn is an unrelated package: that warning is this thread's cause, which the "
        "collector labelled 'other'; the answer's fix is the thread's"
    ),
    # batch-2026-12-04n, after learning from its first run:
    "duplicate_installations/ort-cpu-gpu-both-installed-onnxsim-162.txt": (
        "\"module 'onnxruntime' has no attribute 'SessionOptions'\" reads as the onnxruntime folder emptied by "
        "uninstalling one of its two wheels over the other, with both out and one back in as the fix, which is the "
        "thread's; its collector labelled the two wheels installed at once"
    ),
    "duplicate_installations/tensorboard-nightly-and-stable-both-installed-tensorboard-2226.txt": (
        "one line, \"Line magic function `%tensorboard` not found\", names no package twice: that tb-nightly sat "
        "beside tensorboard is the maintainer's reading of the notebook"
    ),
    "duplicate_installations/tf-nightly-and-tensorflow-gpu-both-bigdata-127.txt": (
        "\"cannot import name 'abs'\" inside tensorflow's keras names neither distribution: that tf-nightly-gpu and "
        "tensorflow-gpu shared the tensorflow folder is the reporter's finding"
    ),
    "missing_cuda_runtime_lib/triton-libcuda-so-missing-comfyui-wanvideowrapper-1168.txt": (
        "a C compiler's '-lcuda' command cut before its error reads as a build toolchain's failure, as three corpus "
        "texts with 'cannot find -lcuda' are labelled; that only the unversioned libcuda.so link was missing is the "
        "reporter's finding"
    ),
    "module_not_installed_in_kernel_env/sudo-wrong-python-dcnv2-latest-56.txt": (
        "'ATen/ceil_div.h: No such file' reads as sources newer than the torch they build against; that sudo ran the "
        "system Python's older torch instead of the conda one is the thread's finding, which the text does not show"
    ),
    "other/conda-osx-arm64-repodata-broken-pytorch-82483.txt": (
        "conda's PackagesNotFoundError for torchaudio on osx-arm64 reads as a platform without that package; that the "
        "channel's index was broken on the server is the maintainers' finding"
    ),
    "other/old-dcnv2-source-newer-torch-trades-2.txt": (
        "'THFloatBlas_gemv was not declared' reads as a build against the wrong torch, as the corpus's DCNv2 text with "
        "the same words is labelled (extension_abi_mismatch); its collector labelled it 'other' (old source)"
    ),
    "other/tfa-source-built-tf-kaggle-docker-python-668.txt": (
        "an undefined symbol in tensorflow_addons' op library reads as an extension built for another TensorFlow, as 5 "
        "of 7 corpus texts with such symbols are labelled; its collector labelled it 'other'"
    ),
    "wheel_platform_mismatch/bitsandbytes-no-windows-binary-bitsandbytes-505.txt": (
        "bitsandbytes' 'CUDA Setup failed despite GPU being available' on Windows reads as its CUDA runtime not found, "
        "as the corpus's other Windows text with those words is labelled; that the release had no Windows binary is "
        "this thread's answer"
    ),
    "wheel_platform_mismatch/pytorch3d-placeholder-wheel-apple-silicon-pytorch3d-1348.txt": (
        "\"No module named 'pytorch3d'\" in IPython reads as not installed for this kernel; that pip had installed "
        "PyPI's empty 0.0.1 placeholder for want of an Apple-silicon wheel is the reporter's finding"
    ),
    # batch-2026-12-04o, after learning from its first run:
    "other/msdeformattn-make-sh-missing-semask-segmentation-17.txt": (
        "MultiScaleDeformableAttention not importable reads as its op never built; that the repository lacked the "
        "make.sh its README names is the thread's finding (labelled 'other')"
    ),
    "other/tf-sentencepiece-conda-tensorflow-sentencepiece-293.txt": (
        "an undefined symbol in tf_sentencepiece's op library reads as an op library built for another TensorFlow, as "
        "5 of 7 earlier corpus texts are labelled; its collector labelled it 'other', as the collection prompt's "
        "example of a companion outside torch's family said to"
    ),
    "other/tfio-plugins-tf-2-18-io-2104.txt": (
        "tensorflow-io's plugin library with an undefined TensorFlow symbol reads as built for another TensorFlow, as "
        "most corpus texts of TensorFlow op libraries are labelled; its collector labelled it 'other'"
    ),
    "shadowed_module/torch-npu-source-dir-shadows-ascend-pytorch-24.txt": (
        "\"No module named 'torch_npu._C'\" from /data/package/pytorch/torch_npu reads as a checkout never built; that "
        "an installed torch_npu existed and the checkout hid it is the maintainer's question, which the text cannot show"
    ),
    "windows_dll_dependency/cudnn-dll-msstore-python-paddle-52865.txt": (
        "one line, 'Could not locate cudnn_ops_infer64_8.dll.', reads as cuDNN missing; that the Microsoft Store's "
        "Python kept it from being found is the reporter's finding, which the line does not show"
    ),
    # batch-2026-12-05a, after learning from its first run:
    "corrupted_install/keras-from-git-missing-api-keras-hub-1279.txt": (
        "keras_nlp asking keras for config reads as a keras of another release; that Keras installed from git lacks the "
        "API its build script exports is the maintainer's finding"
    ),
    "corrupted_install/tf-upgrade-leftover-keras-impl-files-tensorflow-20778.txt": (
        "two lines, \"cannot import name 'abs'\" from TensorFlow's private keras module: that files of the previous "
        "release were left in its folder is the maintainer's finding"
    ),
    "duplicate_installations/tf-nightly-alongside-tf2-preview-probability-465.txt": (
        "tf.Module lacking a private name reads as no known shape; that tf-nightly was installed beside "
        "tf-nightly-2.0-preview is the reporter's answer to the maintainer's question"
    ),
    "missing_cuda_runtime_lib/libcuda-symlink-triton-1981.txt": (
        "'cannot find -lcuda' reads as a build's linker without the driver's library, as 9 of 11 corpus texts of it "
        "are labelled (build_toolchain_missing); this pull request's label is the library"
    ),
    "no_driver_or_gpu/error-804-restart-fooocus-api-45.txt": (
        "CUDA error 804 reads as a driver older than the build's CUDA, as the corpus's 10 other texts of it are "
        "labelled; that a reboot mended a driver left half-updated is the reporter's finding"
    ),
    "other/torch2trt-needs-newer-torch-jetracer-27.txt": (
        "one line, torch without reciprocal_, reads as a torch older than the code or loaded before an upgrade; the "
        "thread labels a torch too old for torch2trt 'other'"
    ),
    "stale_module_after_upgrade/pykeen-entrypoints-colab-restart-pykeen-373.txt": (
        "PyKEEN's own 'Please reinstall' message: that the running process had not picked up the new entry points is "
        "the reporter's finding"
    ),
    "wheel_platform_mismatch/bnb-windowspath-kohya-ss-1000.txt": (
        "\"argument of type 'WindowsPath' is not iterable\" with no bitsandbytes frame in the excerpt: that it is "
        "bitsandbytes' Linux-only CUDA setup is the thread's"
    ),
    # batch-2026-12-05b, after learning from its first run:
    "extension_abi_mismatch/bnb-no-cuda122-binary-h2o-llmstudio-339.txt": (
        "bitsandbytes' 'Required library version not found: libbitsandbytes_cuda122.so' reads as the repository reads "
        "its undefined symbol in libbitsandbytes_cpu.so, bitsandbytes falling back to its CPU-only library (upgrade it); "
        "the corpus labels the same lines build_toolchain_missing once (bitsandbytes#551) and this text an extension"
    ),
    # read since 2026-12-05's pass over the corpus texts no rule read:
    "other/march-native-apple-clang-m1-hnswlib-363.txt": (
        "pip's 'Could not build wheels for hnswlib' after clang refusing -march=native reads as a build that lacks what "
        "it needs (build_toolchain_missing), as the corpus labels the same clang words for arbor#1494; this thread's "
        "label is the package's own flag ('other')"
    ),
    # batch-2026-12-05c, after learning from its first run:
    "extension_abi_mismatch/bnb-cpu-lib-cget-col-row-stats-bitsandbytes-459.txt": (
        "an undefined symbol in libbitsandbytes_cpu.so reads as bitsandbytes falling back to its CPU-only library "
        "(upgrade it), the maintainer's own fix; its collector labelled it an extension, as -05b's h2o-llmstudio text"
    ),
    "extension_abi_mismatch/cublas-grouped-gemm-symbol-cuequivariance-131.txt": (
        "one line, cublasGemmGroupedBatchedEx of libcublas.so.12 undefined, reads as an older cuBLAS found first (it is "
        "new in cuBLAS 12.5, the system's toolkit was 12.2); the reporter's fix was an older cuEquivariance built for it"
    ),
    # batch-2026-12-05d, after learning from its first run:
    "duplicate_installations/second-tf-in-opt-conda-kernel-lib-alphafold-124.txt": (
        "TensorFlow's own kernel library asking for a TensorFlow symbol reads as two TensorFlow releases mixed; that "
        "the second was a separate install in /opt/conda beside the pinned one is the maintainer's"
    ),
    "gpu_arch_unsupported/rdna3-rocm52-torch-not-able-to-use-gpu-stable-diffusion-webui-6032.txt": (
        "webui's 'Torch is not able to use GPU' with a ROCm 5.2 index names no GPU: that an RDNA3 card (gfx1100) has no "
        "kernels before ROCm 5.5 is the merged pull request's"
    ),
    "lib_version_conflict/conda-forge-mkl-dll-load-failed-conda-forge-github-io-963.txt": (
        "'The operating system cannot run %1' (WinError 182) reads as a DLL conflict, as the corpus's seven other texts "
        "with these words are labelled (windows_dll_dependency); its collector labelled it a library version conflict"
    ),
    "lib_version_conflict/cudnn-arch-mismatch-system32-cudnn-dll-pytorch-20202.txt": (
        "CUDNN_STATUS_ARCH_MISMATCH reads as a GPU older than cuDNN supports; that a cudnn64_7.dll copied into System32 "
        "was loaded instead of torch's is the maintainer's reading of torch.backends.cudnn.version()"
    ),
    "other/torchvision-root-folder-warning-model-path-deepmosaics-136.txt": (
        "torchvision's 'importing torchvision within its own root folder' warning reads as a shadowing folder, as in the "
        "corpus's PyInstaller text; that the app's bundled copy was fine and a model path was wrong is the commenter's"
    ),
    # batch-2026-12-05e, after learning from its first run:
    "duplicate_installations/nvrtcmode-two-cumm-spconv-508.txt": (
        "spconv's traceback stops at `from cumm.gemm.constants import NVRTCMode` with no error line: that two cumm "
        "distributions were installed side by side is in other users' replies"
    ),
    "wheel_platform_mismatch/libglew-missing-open3d-498.txt": (
        "one line, libGLEW.so.1.13 not found, names a system library: that Open3D's early pip package relied on the "
        "system's GLEW, which Ubuntu 18.04 does not ship, is the maintainer's answer"
    ),
    # batch-2026-12-05f, after learning from its first run:
    "stale_module_after_upgrade/restart-runtime-numpy-dtype-scnet-5.txt": (
        "one line, 'Expected 96 from C header, got 88': a module built for NumPy 2 under NumPy 1.x (8 of the corpus's 15 "
        "such texts are labelled so); that it was Colab after an install cell is only in the thread. A similar-reports "
        "guess had put the restart third until batch-2026-12-05f's texts joined the index"
    ),
    # batch-2026-12-05g, after learning from its first run:
    "build_toolchain_missing/paddle-built-against-python2-py-zerostruct-paddle-32000.txt": (
        "Paddle's core_noavx.so lacking Python 2's _Py_ZeroStruct reads as a library built for another Python or torch "
        "(extension_abi_mismatch); that Paddle's own build had picked up Python 2's headers is the maintainer's answer"
    ),
    "other/mmcv-lite-no-ext-mmdetection-3272.txt": (
        "one line, \"No module named 'mmcv._ext'\", reads as mmcv's compiled ops never built; that the lite mmcv "
        "package (no ops) was installed instead of mmcv-full is only in the thread"
    ),
    "duplicate_installations/paddle-pypi-package-over-paddlepaddle-paddle-43207.txt": (
        "\"No module named 'paddle.utils'\" with paddle and paddlepaddle-gpu stated: that the unrelated 'paddle' 1.0.2 "
        "distribution installs a paddle module over the framework's is only in the thread"
    ),
    "module_not_installed_in_kernel_env/paddlex-without-paddlepaddle-paddlex-4687.txt": (
        "\"module 'paddle' has no attribute 'device'\" from paddlex's frames: that only paddlex was installed, and some "
        "other 'paddle' answered, is the reporter's finding"
    ),
    "other/keras-preprocessing-missing-great-courses-ml-72.txt": (
        "keras 2.8's own import of keras_preprocessing reads as a module not installed; that keras 2.8 does not go with "
        "Colab's TensorFlow 2.13 (keras 2.13.1 fixed it) is the reporter's finding"
    ),
    "other/paddlehub-needs-paddle2-paddleformers-1175.txt": (
        "\"module 'paddle' has no attribute 'Tensor'\" from a PaddleHub 2.0 checkout: that PaddleHub 2.0 needs "
        "PaddlePaddle 2.0 is the maintainer's answer"
    ),
    "shadowed_module/gradio-py-shadow-pytorch-lightning-16201.txt": (
        "one line, \"module 'gradio' has no attribute 'Interface'\": that Lightning's own gradio.py hid the package is "
        "only in the pull request"
    ),
    "stale_module_after_upgrade/nemo-stale-after-reinstall-speech-1572.txt": (
        "one line, \"No module named 'transformers.tokenization_bert'\", with no notebook shown: that NeMo was reinstalled "
        "in a running notebook is only in the thread"
    ),
    "wheel_platform_mismatch/open3d-no-py37-windows-build-open3d-377.txt": (
        "'DLL load failed' alone reads as a DLL missing; that open3d-python 0.3 had no Python 3.7 build for Windows is "
        "the maintainer's answer"
    ),
    # batch-2026-12-05h, after learning from its first run:
    "corrupted_install/leftover-pip-files-packagefinder-pip-8263.txt": (
        "pip's own traceback cut inside `from pip._internal.commands import (`, no exception shown: that files of the "
        "previous pip were left behind by a half-failed uninstall is the pip maintainer's answer"
    ),
    "cpu_only_build/device-type-cpu-invokeai-1202.txt": (
        "InvokeAI's start-up log with '>> Using device_type cpu' and no error: that setup had installed a torch without "
        "CUDA is the reporter's finding"
    ),
    # batch-2026-12-05i, after learning from its first run:
    "other/jetson-numpy-openblas-illegal-instruction-jetson-nano-ubuntu-20-image-13.txt": (
        "'Illegal instruction' on import torch reads as a build for another CPU, as earlier batches label it; that "
        "NumPy's bundled OpenBLAS was what died, fixed by an older NumPy, is the thread's finding (a label disagreement)"
    ),
    # batch-2026-12-05j, after learning from its first run:
    "corrupted_install/modelbuilder-stale-torch-runtime-cache-machinelearning-modelbuilder-2398.txt": (
        ".NET's one line, \"Unable to load DLL 'LibTorchSharp'\" (0x8007007E): that a torch runtime of another version "
        "cached under %temp%\\ModelBuilder was loaded is the reporter's finding"
    ),
    "corrupted_install/pdm-install-cache-nvidia-symlink-libcufft-pdm-2445.txt": (
        "torch's own 'libcufft.so.11: cannot open shared object file' reads as a CUDA library missing; that PDM's install "
        "cache had linked the whole nvidia folder as one symlink is the PDM maintainers' answer"
    ),
    "duplicate_installations/nvdiffrast-old-copy-no-rasterizecudacontext-nvdiffrast-189.txt": (
        "'nvdiffrast.torch has no attribute RasterizeCudaContext' reads as an nvdiffrast older than the code; that `python "
        "setup.py install` had left an older copy imported first is only in the thread"
    ),
    "other/keras-nightly-tf-keras-import-bug-keras-19875.txt": (
        "keras' own `from keras.api import _tf_keras` failing reads as files of two keras releases; that this keras-nightly "
        "shipped the import broken, fixed in keras#19890, is the maintainers' answer"
    ),
    "shadowed_module/vendored-diffq-folder-shadows-bitpack-ultimatevocalremovergui-232.txt": (
        "one line, \"cannot import name 'bitpack' from 'diffq'\", no path: that the repository's own diffq folder (with a "
        "Windows-only module) answered the import is only in the thread"
    ),
    "wheel_platform_mismatch/tf-sentencepiece-windows-unsupported-sentencepiece-309.txt": (
        "TensorFlow's NotFoundError naming an op library .so on Windows: TensorFlow's Windows op libraries keep that name "
        "(tensorflow-quantum 0.3.1's win_amd64 wheel holds PE DLLs named .so), so that tf_sentencepiece has no Windows "
        "build is only the maintainer's word"
    ),
    "windows_dll_dependency/torchsharp-aspnet-netfx-native-load-torchsharp-1264.txt": (
        "TorchSharp's 'doesn't contain a reference to libtorch-cpu-win-x64' while the DLLs were in the app's bin folder: "
        "that its native loading failed from an ASP.NET (.NET Framework) host is only in the thread"
    ),
    # batch-2026-12-05k, after learning from its first run:
    # batch-2026-12-05l, after learning from its first run:
    "build_toolchain_missing/triton-ptx-version-cuda128-unsupported-comfyui-hunyuanvideowrapper-324.txt": (
        "Triton's 'only support CUDA 10.0 or higher, but got CUDA version: 12.8' misreports a CUDA newer than that Triton "
        "release handles; that Triton did not support CUDA 12.8 yet is only the maintainer's answer"
    ),
    "duplicate_installations/jaxlib-two-dist-info-mlir-initializer-jax-12829.txt": (
        "jaxlib's 'Error importing mlir initializer' names no second install; the two jaxlib dist-info folders in one "
        "conda environment are only in the reporter's later comment"
    ),
    "lib_version_conflict/wsl-rocm-bundled-libhsa-cuda-false-howto-7900xtx-win-rocm-4.txt": (
        "torch.cuda.is_available() printing False under a ROCm torch says nothing of WSL; that the wheel's own "
        "libhsa-runtime64.so cannot reach WSL2's GPU is only in the reporter's write-up"
    ),
    "lib_version_conflict/wsl-rocm-hiperrornodevice-stock-wheel-libhsa-hip-3710.txt": (
        "HIP's log of hipErrorNoDevice names no WSL and no library; that the stock wheel's bundled libhsa-runtime64.so "
        "was the copy that failed under WSL2 is only in the thread"
    ),
    "missing_cuda_runtime_lib/nightly-torch-cpu-needs-cudart-cupti-dll-vision-4483.txt": (
        "WinError 126 on caffe2_detectron_ops_gpu.dll reads as the VC++ runtime or a DLL of torch's missing, as the "
        "corpus's texts of those words are; that a nightly's torch_cpu asked for CUDA's cudart and cupti DLLs is the "
        "maintainer's finding in the thread"
    ),
    "shadowed_module/stale-pycache-after-update-hermes-agent-3819.txt": (
        "a one-line 'cannot import name' from a project's own module names no file; the stale __pycache__ left by the "
        "update is only in the maintainer's pull request"
    ),
    # batch-2026-12-05n, after learning from its first run:
    "shadowed_module/zipformer-profile-py-stdlib-clash-icefall-1423.txt": (
        "the text is a shell's 'Aborted (core dumped)' alone; that zipformer/profile.py answered cProfile's `import "
        "profile` is only in the maintainer's fix"
    ),
    # batch-2026-12-05o, after learning from its first run:
    "corrupted_install/mxnet-egg-missing-gluon-mxnet-7103.txt": (
        "'cannot import name gluon' from the installed egg's own __init__ reads like a part never built, as a package's "
        "own compiled part does (gsplat's csrc); that the setup.py-built egg left the gluon folder out is the reporter's finding"
    ),
    "duplicate_installations/cupy-two-packages-no-random-cupy-3541.txt": (
        "\"module 'cupy' has no attribute 'random'\" names no second package; that a Gohlke cupy wheel sat beside "
        "cupy-cudaxxx is only in the reporter's reply"
    ),
    "module_not_installed_in_kernel_env/tf-outside-virtualenv-cudnn-neural-style-26.txt": (
        "TensorFlow's cuDNN check (compiled with 4007, 5103 loaded) reads as the cuDNN release it names; that Python ran "
        "outside the virtualenv holding the intended TensorFlow is only the reporter's answer"
    ),
    "other/egl-gl-plugin-build-nvdiffrast-92.txt": (
        "ninja's failed build of nvdiffrast's OpenGL plugin, without the compiler's own error, reads as a build tool "
        "problem; that the system lacks OpenGL/EGL's development files is the maintainer's reading"
    ),
    "other/iou-loss-ext-not-built-mutr3d-6.txt": (
        "the missing iou_loss_ext reads as a CUDA op never built, which the build step would fix if setup.py listed it; "
        "that setup.py never did (the code's own bug, the label's reason) is only in the reporter's patch"
    ),
    # batch-2026-12-06a, after learning from its first run:
    "missing_cuda_runtime_lib/dlib-cuda-dll-load-failed-cudnn-path-dlib-1094.txt": (
        "the reporter's retyped 'Import Error: DLL failed. The specified module could not be found.' names no DLL and no "
        "CUDA; that cuDNN's folder was missing from PATH for dlib's CUDA build is only in the maintainer's reply"
    ),
    "torchvision_torch_mismatch/torchvision-master-built-against-stable-torch-vision-1278.txt": (
        "gcc's 'expected primary-expression before >' at torchvision's own data_ptr<scalar_t>() names no torch API as "
        "missing; that torchvision's master then needed a torch nightly is the maintainer's answer"
    ),
    # batch-2026-12-06b, after learning from its first run:
    "corrupted_install/stale-build-tree-bit-generator-numpy-15888.txt": (
        "a traceback inside a numpy source checkout missing its own compiled bit_generator reads as the checkout shadowing "
        "the install; that the build tree held stale files from an earlier build (fixed by git clean -xfd) is the thread's"
    ),
    "extension_abi_mismatch/llava-import-llavallamaforcausallm-flash-attn-llava-1034.txt": (
        "LLaVA's package __init__ swallows its model modules' ImportError, so only 'cannot import name "
        "LlavaLlamaForCausalLM' shows; the flash-attn build behind it is only in the thread"
    ),
    "no_driver_or_gpu/winerror126-cuda-build-no-gpu-tierpsy-tracker-46.txt": (
        "one line, '[WinError 126] The specified module could not be found', naming no DLL; that the machine had no "
        "NVIDIA GPU for the CUDA build is only in the pull request"
    ),
    "shadowed_module/tests-random-py-shadows-stdlib-yellowbrick-572.txt": (
        "pip's own imports ending in \"module 'numpy' has no attribute 'core'\" show no frame of the user's random.py; that "
        "the command ran in yellowbrick/tests, where random.py shadows the standard library, is the reporter's"
    ),
    "stale_module_after_upgrade/colab-pandas-numpy-reload-sygil-webui-1637.txt": (
        "pandas' own 'incompatible with numpy < 1.20.3 your numpy version is 1.19.2' reads as versions installed together; "
        "that a fresh Colab session (an old numpy still loaded) fixed it is the thread's"
    ),
    "stale_module_after_upgrade/pip-user-needs-kernel-restart-jupyterhub-2539.txt": (
        "'No module named pandas' in a notebook reads as the module missing for the kernel; that pip install --user put it "
        "in a folder the running kernel had not added to sys.path until restarted is the thread's"
    ),
    "torchvision_torch_mismatch/libcudart100-missing-torchvision-reinstall-yolact-66.txt": (
        "one line, 'libcudart.so.10.0: cannot open shared object file', naming no module that asked; that reinstalling "
        "torchvision fixed it is only the reporter's reply"
    ),
    # batch-2026-12-06c, run once on what -06b taught (not learned from):
    "missing_cuda_runtime_lib/jaxlib-bin-without-cudnn-conv-algorithm-nixpkgs-158186.txt": (
        "XLA's 'Failed to determine best cudnn convolution algorithm' names no library (GPU memory gives it too); that "
        "nixpkgs' jaxlib-bin lacked cuDNN is only in the merged pull request"
    ),
    # batch-2026-12-06d, after learning from its first run:
    "duplicate_installations/two-torch-installs-detectron2-593.txt": (
        "detectron2's _C lacking c10::Error's old-ABI constructor reads as detectron2 built against another torch (85%, the "
        "corpus's label for that shape); that a pip torch and a conda torch sat side by side is only in the thread"
    ),
    "extension_abi_mismatch/pypi-wheel-built-other-torch-chamferdist-8.txt": (
        "one line, \"cannot import name '_C'\", naming no package (the corpus labels it four ways); that chamferdist's PyPI "
        "wheel was built for torch 1.6 is the maintainer's"
    ),
    "extension_abi_mismatch/scatter-cuda-wheel-cpu-torch-pytorch_scatter-201.txt": (
        "'cannot import name scatter_mean from torch_scatter (unknown location)' reads as a folder without __init__.py; that a "
        "CUDA wheel went into a CPU torch's environment is the maintainer's reading of the wheel's name, not in the text"
    ),
    "no_driver_or_gpu/hip-invalid-device-not-in-video-group-hip-337.txt": (
        "a HIP sample's bare 'hipErrorInvalidDevice'(1010), which an invalid device number gives too; that the user was "
        "not in the video group is the thread's"
    ),
    # batch-2026-12-06f, after learning from its first run:
    "build_toolchain_missing/half-type-torch0112-cuda9-atlasnet-7.txt": (
        "three lines of torch 0.1.12's THC header failing on 'half': that CUDA 9's toolkit redefines half, which torch "
        "0.1.12 (built for CUDA 8) does not expect, is the maintainer's knowledge of that release"
    ),
    "duplicate_installations/tf-no-version-attr-two-tensorflows-mask-rcnn-795.txt": (
        "\"module 'tensorflow' has no attribute '__version__'\" reads as a folder named tensorflow hiding the package, the "
        "label of the corpus's three other texts of it; that a leftover of an uninstalled TensorFlow was that folder is "
        "the thread's"
    ),
    "extension_abi_mismatch/flash-attn-kernel-image-invalid-verl-5876.txt": (
        "one line, 'device kernel image is invalid', which the corpus labels a driver too old twice; that flash-attn's "
        "wheel was built for another torch is only the reporter's fix"
    ),
    "extension_abi_mismatch/pyd-could-not-find-module-pip-sparse-pytorch-geometric-1994.txt": (
        "torch_sparse's .pyd 'or one of its dependencies' not found reads as a DLL it needs missing (the VC++ runtime "
        "first); that PyPI's build was not the one for the installed torch is the reporter's fix"
    ),
    "missing_cuda_runtime_lib/turbomind-dll-cuda-runtime-lmdeploy-1146.txt": (
        "one line, 'DLL load failed while importing _turbomind' in Chinese: that a CUDA toolkit's runtime DLLs were "
        "missing is the maintainer's checklist"
    ),
    "other/uv-cached-glibc-manylinux227-torch-uv-14268.txt": (
        "uv finding no wheel for manylinux_2_27 reads as the system being too old for the wheels; that uv had cached the "
        "glibc of before an upgrade is the maintainer's"
    ),
    "shadowed_module/stale-package-dir-shadows-module-iblenv-239.txt": (
        "a package's own module failing to import a name from its sibling reads as a damaged install; that the wheel "
        "shipped a stale folder beside the new module is the reporter's finding"
    ),
    # batch-2026-12-06h, after learning from its first run:
    "duplicate_installations/two-torch-installs-trt-build-jetson-tensorrt-762.txt": (
        "a compile error in Torch-TensorRT's own source (an invalid conversion to OperationCreator) reads as no known "
        "failure; that two torch installs, one in ~/.local, gave it the headers of another torch is the thread's"
    ),
    "missing_cuda_runtime_lib/shm-dll-conda-no-cudatoolkit-storm-net-8.txt": (
        "shm.dll's WinError 126 in a conda environment reads as a DLL dependency of torch's found wrong or missing (then "
        "the VC++ runtime), the label of the corpus's 17 other texts of it; that the environment lacked conda's "
        "cudatoolkit is the maintainer's"
    ),
    "no_driver_or_gpu/dll-load-failed-no-cuda-card-pytorch-14193.txt": (
        "the bare 'DLL load failed' under `from torch._C import *`, which the VC++ runtime and missing CUDA DLLs give "
        "too; that the machine had no CUDA card is the reporter's"
    ),
    "other/triton-ld-cannot-find-lcuda-triton-3053.txt": (
        "one line, conda's ld not finding -lcuda, which the corpus labels a toolchain or a missing libcuda.so; that a "
        "Triton release stopped passing libcuda's folder to the link is the pull request's"
    ),
    # batch-2026-12-06j, after learning from its first run:
    "driver_too_old/libcuda-not-found-cuda-10-2-driver-418-hpc-trixie-41.txt": (
        "TensorFlow's diagnostics not finding libcuda.so beside kernel driver 418.67 read as a driver library found "
        "wrong or missing; that CUDA 10.2 needs a newer driver than 418 is the cluster admin's, and no CUDA release shows"
    ),
    "lib_version_conflict/old-system-mkldnn-shadows-torch-pytorch-15412.txt": (
        "a gdb backtrace of Xbyak's 'internal error' in /usr/local/lib/libmkldnn.so.0 during import torch names no known "
        "failure; that an old system MKL-DNN was loaded into torch's process is the maintainer's"
    ),
    # batch-2026-12-06l, after learning from its first run:
    "other/jaxlib-cuda-wheel-spec-jax-22522.txt": (
        "pip finding no 'jaxlib==0.4.29+cuda12.cudnn88' reads as no wheel for that tag here; that the local version was "
        "the wrong way to ask for JAX's CUDA build (jax[cuda12] is) is the maintainer's answer, labelled other"
    ),
    "other/libtorch-cuda-import-order-extension-cpp-127.txt": (
        "one line, 'libtorch_cuda.so: cannot open shared object file', reads as a companion asking for a CUDA torch; that "
        "the extension's _C was imported before torch is only in the pull request"
    ),
    # batch-2026-12-06n, after learning from its first run:
    "duplicate_installations/tf-gpu-over-colab-tf-keras-export-dfl-colab-27.txt": (
        "one line, \"cannot import name 'keras_export'\": that tensorflow-gpu was installed over Colab's tensorflow, whose "
        "files then clashed in one folder, is the maintainer's answer only"
    ),
    "duplicate_installations/tf-gpu-over-tf-export-saved-model-colabtools-1089.txt": (
        "one line, \"cannot import name 'export_saved_model'\": that tensorflow-gpu 1.14 went over Colab's tensorflow 2.2 "
        "without uninstalling it is the maintainer's answer only"
    ),
    "extension_abi_mismatch/bnb-039-no-binary-compile-cuda114-firefly-26.txt": (
        "bitsandbytes' 'CUDA Setup failed despite GPU being available' alone (labelled three ways in the corpus): that "
        "0.39.0 had no binary for CUDA 11.4 is in the thread only"
    ),
    "extension_abi_mismatch/old-bnb-no-cuda124-binary-bitsandbytes-1518.txt": (
        "bitsandbytes' libcudart search, cut before its verdict, reads as the CUDA runtime not found; that the release "
        "had no build for CUDA 12.4 is the maintainers' answer"
    ),
    "no_driver_or_gpu/cuda-build-intel-hd-no-nvidia-pytorch-39723.txt": (
        "WinError 126 loading torch's DLLs in torch/__init__.py reads as a missing DLL dependency; that the PC had only "
        "Intel graphics, no NVIDIA driver for the CUDA build, is in the thread only"
    ),
    "other/wrong-metadata-torch-pin-pytorch-dlprim-99.txt": (
        "pip finding no torch==2.4 wheel (from 2.5.0 on: a Python 3.13) reads as no wheel for this Python; that the "
        "pin was a mistake in pytorch-ocl's metadata, fixed by re-uploaded wheels, is the maintainer's"
    ),
    "shadowed_module/source-dir-import-pfnet-29.txt": (
        "dyld's 'Symbol not found ... Expected in: ~/git/PFNET/lib/libpfnet.so' names a library in a checkout, not the "
        "working directory; that the source folder Python started in took precedence is in the thread only"
    ),
    "other/ptx-version-86-cuda126-triton-4576.txt": (
        "ptxas refusing PTX 8.6 ('current version is 8.5') reads as a ptxas older than the compiler that wrote the PTX, "
        "as triton-lang/triton#322 is labelled; that Triton 3.x asked CUDA 12.6 for the wrong PTX version (a bug in its "
        "table) is the maintainers' finding"
    ),
    "partial_import_state/plugin-restart-subinterpreter-reimport-segfault-domoticz-6586.txt": (
        "a segfault under a plugin's import with faulthandler's frames and Domoticz's log names no module and no "
        "re-import; that a plugin restart recreated its sub-interpreter while C extensions stayed loaded is the "
        "maintainer's finding"
    ),
    # batch-2026-12-06r, after learning from its first run:
    "missing_cuda_runtime_lib/vllm-flash-attn-libcudart12-missing-vllm-7112.txt": (
        "vLLM's one-line warning that its vllm_flash_attn package 'is not found' names no library; that its import "
        "failed on libcudart.so.12 under CUDA 11.8 is the commenters' finding"
    ),
    "module_not_installed_in_kernel_env/flowtorch-data-not-in-venv-ml-cfd-lecture-37.txt": (
        "one line, \"No module named 'flowtorch.data'\": a package found without one of its parts reads as a local "
        "folder of that name first; that flowtorch was not installed in the notebook's venv is the maintainer's"
    ),
    "module_not_installed_in_kernel_env/numpy-missing-multiarray-pytorch-1755.txt": (
        "'numpy.core.multiarray failed to import' under Python 2.7 reads as a NumPy older than torch's build, the "
        "corpus's label for the message (an upgrade installs NumPy either way); that none was installed is the thread's"
    ),
    "numpy_abi_mismatch/numpy2-segfault-open3d-6840.txt": (
        "gdb's 'SIGSEGV ... 0x0000000000000000 in ?? ()' names no module; that open3d 0.18 was built for NumPy 1.x "
        "while numpy 2.0 ran is in the thread (the stated numpy 2.0 alone does not say which module crashed)"
    ),
    "other/paddle-torch-gpudeviceproperties-paddle-62166.txt": (
        "pybind11's 'type \"_gpuDeviceProperties\" is already registered' reads as a module imported twice; that "
        "torch's and paddle's GPU builds clash in one process is the developer's answer (torch is not in the text)"
    ),
    "other/tfa-nightly-wheel-missing-ensure-tf-install-addons-996.txt": (
        "\"No module named 'tensorflow_addons.utils.ensure_tf_install'\" reads as a package missing one of its parts; "
        "that the nightly wheel was built without that new module is the maintainer's finding"
    ),
    "shadowed_module/tf-pywrap-source-dir-tensorflow-3217.txt": (
        "'cannot import name pywrap_tensorflow' with site-packages frames reads as TensorFlow's files of two releases; "
        "that Python started inside the TensorFlow source tree is a commenter's answer, which the frames do not show"
    ),
    # batch-2026-12-06t
    "other/no-cuda-gpus-colab-reinstall-crfl-1.txt": (
        "'No CUDA GPUs are available' on Colab reads as a runtime without a GPU; the reporter's reinstall at the authors' "
        "versions, with no cause named, is all the thread says"
    ),
    "other/openblas-sigill-arm64-numpy-18131.txt": (
        "SIGILL in OpenBLAS's start-up reads as a binary built for CPU features this CPU lacks; that numpy 1.19.5's "
        "OpenBLAS had a CPU-detection bug is the maintainers' finding"
    ),
    "other/sigill-sse41-pytorch-116623.txt": (
        "an illegal instruction in libtorch_cpu reads as a build needing CPU features the CPU lacks; that oneDNN's code "
        "path was a bug, fixed in a nightly, is the developers' finding"
    ),
    "wheel_platform_mismatch/winerror193-dll-bitness-2048-ai-79.txt": (
        "WinError 193 for a project's own DLL reads as a damaged or wrong DLL; that it was built for the other bitness is "
        "the maintainer's diagnosis, which the text does not show"
    ),
    # batch-2026-12-01e, in the top 3 only through the similar-reports guess until -06u's texts joined the index
    "wheel_platform_mismatch/macos-m1-intel-conda-mps-unavailable-lightning-14634.txt": (
        "MPS unavailable under an Intel conda on an M1 Mac: no rule reads the x86-64 Python from these words; the closest "
        "reports' vote, which had named the wheel's platform third, names other causes since -06u's texts joined the index"
    ),
    # batch-2026-12-06u: its first run's misses, not learned from (the session ended after the first run)
    "corrupted_install/no-kernel-image-scatter-max-pytorch-scatter-247.txt": (
        "'no kernel image is available' reads as a GPU the build has no code for; the reporter's reinstall fixed it, with no cause named"
    ),
    "duplicate_installations/ort-cpu-and-gpu-share-folder-reactor-236.txt": (
        "onnxruntime's CUDA provider failing reads as a missing CUDA library; that onnxruntime and onnxruntime-gpu share one "
        "folder is the maintainer's answer, which the text does not show"
    ),
    "extension_abi_mismatch/dgl-dll-torch210-dgl-6445.txt": (
        "a DGL DLL that does not load on Windows reads as the VC++ runtime or a DLL's dependency; that DGL had no build for torch"
        " 2.1.0 is the reporter's own guess"
    ),
    "glibc_libstdcxx_too_old/pillow-clock-gettime-classificaio-2.txt": (
        "a macOS symbol missing from libSystem reads as a wheel for another platform; that the macOS release is older than the "
        "wheel's is the thread's reading"
    ),
    "gpu_arch_unsupported/triton-pascal-shfl-sync-x-portrait-nodes-10.txt": (
        "Triton's PTX error about shfl.sync on a Pascal GPU, one line, matches no rule yet"
    ),
    "partial_import_state/failed-notebook-import-left-in-sys-modules-fuzzingbook-191.txt": (
        "a module left in sys.modules by a notebook's failed import reads as a module not installed for the kernel"
    ),
    "shadowed_module/queue-py-in-notebook-folder-jupyter-console-297.txt": (
        "a queue.py beside the notebook is not named in the excerpt's frames, which stop before the exception"
    ),
    "shadowed_module/stale-pyc-after-update-hermes-agent-56717.txt": (
        "stale bytecode left by an update, one message, matches no rule yet"
    ),
    "shadowed_module/triton-folder-in-workdir-dynamo-pytorch-130723.txt": (
        "a triton folder in the working directory; the excerpt's frames stop before the exception"
    ),
    "stale_module_after_upgrade/colab-pandas-numpy-reinstall-restart-colabtools-5205.txt": (
        "pandas failing after NumPy was reinstalled in Colab reads as NumPy's ABI; the restart that fixed it is the thread's "
        "answer, and the excerpt stops before the exception"
    ),
    "stale_module_after_upgrade/datalab-pip-install-needs-session-reset-training-data-analyst-133.txt": (
        "one line from an issue title, with nothing that says a package was installed in the running session"
    ),
    "stale_module_after_upgrade/stale-utils-module-in-updater-hermes-agent-114804.txt": (
        "an updater importing its old utils module reads as a shadowing module; that the running process kept the old one is the "
        "pull request's reading"
    ),
    # batch-2026-12-06v: what is left after learning from it
    "corrupted_install/stale-plugin-files-circular-import-krita-ai-diffusion-156.txt": (
        "a plugin's circular import reads as a file shadowing its module; that the installed files did not match the "
        "release (a fresh copy worked) is the reporter's finding, which the text does not show"
    ),
    "corrupted_install/tf-cannot-import-abs-stale-files-colab-tensorflow-19435.txt": (
        "one line from the title, 'cannot import name abs', names no package or file"
    ),
    "corrupted_install/tf-plugin-leftover-libimf-tensorflow-58545.txt": (
        "libimf.so not found reads as a runtime library missing; that it was a GPU plugin's leftover files in "
        "tensorflow-plugins is the reporter's finding"
    ),
    "duplicate_installations/mindspore-dev-and-release-both-installed-mindspore-320.txt": (
        "a package's compiled submodule missing reads as a local folder hiding the package; the nightly and release "
        "packages installed together is the maintainer's guess, which the one line does not show"
    ),
    "extension_abi_mismatch/jit-compiling-kernels-not-found-curobo-75.txt": (
        "cuRobo's 'not found, JIT compiling' warnings are no failure; that its kernels were built with another torch than "
        "Isaac Sim's is the reporter's finding"
    ),
    "extension_abi_mismatch/torch-directml-torch-replaced-by-requirements-directml-432.txt": (
        "torch_directml_native missing reads as a module not installed; that a requirement replaced the torch "
        "torch-directml was built for is the maintainer's answer"
    ),
    "gpu_arch_unsupported/sm20-gpu-unsupported-warp-ctc-28.txt": (
        "warp-ctc's 'execution failed' names no GPU or architecture; the GTX 580's compute capability 2.0 is the "
        "maintainer's answer"
    ),
    "other/dcnv2-registeroperators-api-centernet2torchscript-6.txt": (
        "a compile error in the extension's source against torch's API reads as an extension for another torch, as "
        "the corpus's other texts of old sources under a newer torch are labelled"
    ),
    "other/import-order-undefined-symbol-ssd-125.txt": (
        "an at:: symbol undefined in an extension reads as one built for another torch; that importing torch first "
        "fixed it is the pull request's finding"
    ),
    "other/optimum-habana-newer-than-synapse-deep-learning-habana-huggingface-3.txt": (
        "a package's submodule missing reads as a local folder hiding the package; that optimum-habana needed a newer "
        "SynapseAI image is the reporter's finding"
    ),
    "other/pyncnn-built-for-python27-symbol-not-found-ncnn-2654.txt": (
        "a Python C-API name missing reads as a module compiled for another Python, the extension_abi_mismatch that "
        "the corpus's other texts of it are labelled (UPSNet#71, faster_rcnn#258); this one is labelled other"
    ),
    "shadowed_module/select-py-shadows-stdlib-kernel-start-vscode-jupyter-9672.txt": (
        "the log shows only the user's select.py importing numpy, not the standard library importing select.py"
    ),
    "shadowed_module/wrong-version-pyc-in-loader-pyinstaller-527.txt": (
        "PyInstaller's 'wrong version .pyc found' warnings, one frozen program's words, match no rule yet"
    ),
    "wheel_platform_mismatch/dll-init-no-avx-cpu-koboldcpp-599.txt": (
        "WinError 1114 on a DLL reads as the C++ runtime; that the Xeon X5690 lacks AVX is the maintainer's answer"
    ),
    "wheel_platform_mismatch/no-m1-wheels-segfault-pytorch-geometric-5553.txt": (
        "exit code 139 alone names no package or platform"
    ),
    "wheel_platform_mismatch/py2-extension-in-py3-anaconda-pyo-131.txt": (
        "a Python 2 module under Python 3 reads as a module compiled for another Python (extension_abi_mismatch, as "
        "the corpus's Cython modules built under Python 2 are labelled); this one is labelled a wheel for another Python"
    ),
    "wheel_platform_mismatch/py3-built-knn-on-python2-densefusion-2.txt": (
        "a module built with Python 3 under Python 2 reads as compiled for another Python (extension_abi_mismatch, as "
        "the corpus's other such texts are labelled); this one is labelled a wheel for another Python"
    ),
    "wheel_platform_mismatch/pycast-built-for-newer-python-cast-36.txt": (
        "a module built for a newer Python reads as compiled for another Python (extension_abi_mismatch, as the corpus's "
        "other such texts are labelled); this one is labelled a wheel for another Python"
    ),
    # batch-2026-12-06x: what is left after learning from it
    "module_not_installed_in_kernel_env/diffusers-system-python-not-embedded-comfyui-easy-use-88.txt": (
        "one line in a node pack's own words, \"Module 'diffusers' not installed.\": that the upgrade went into the system "
        "Python and not ComfyUI's python_embeded is the maintainer's"
    ),
    "other/comfy-missing-pth-entry-embedded-py311-comfyui-6553.txt": (
        "'No module named comfy' from ComfyUI's own main.py reads as a package not installed; that a swapped-in "
        "embeddable Python's ._pth left the ComfyUI folder off sys.path is only in the thread"
    ),
    "wheel_platform_mismatch/cudart-win7-winerror126-stable-diffusion-webui-7379.txt": (
        "WinError 126 on torch\\lib's own cudart64_110.dll reads as a damaged install; that Windows 7 cannot load CUDA "
        "11.7's runtime is only in the thread"
    ),
    "wheel_platform_mismatch/invalid-elf-header-wrong-wheel-tensorflow-1711.txt": (
        "invalid ELF header on a package's module reads as a damaged file; that it was the macOS wheel installed on Linux "
        "is a second user's account in the thread"
    ),
    "wheel_platform_mismatch/linux-so-on-windows7-winerror193-openke-67.txt": (
        "one line, WinError 193 with no file named: that the project loads a Linux library is only the maintainer's "
        "'use Linux'"
    ),
    "windows_dll_dependency/cudnn-entry-point-second-copy-tensorrt-webui-143.txt": (
        "a retyped dialog ('prodecure entry point') in nvidia-cudnn-cu11's folder: that it is a second cuDNN beside "
        "torch's own is in the same project's other threads"
    ),
}


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("explain_accuracy", ROOT / "scripts" / "explain_accuracy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["explain_accuracy"] = module
    spec.loader.exec_module(module)
    return module


ACCURACY = _script()
CASES = ACCURACY.load_corpus(CORPUS)


def _id(case: object) -> str:
    return str(case.path.relative_to(CORPUS))  # type: ignore[attr-defined]


def test_corpus_headers_are_complete() -> None:
    for case in CASES:
        assert case.source.startswith("https://"), case.path
        assert case.platform in ("windows", "linux", "macos"), case.path
        assert case.expected in CAUSES and case.path.parent.name == case.expected, case.path
        assert case.confirmed_fix and case.text.strip(), case.path
        assert case.split in ("dev", "holdout") or BATCH_SPLIT.fullmatch(case.split), case.path


def test_batch_cases_name_their_family() -> None:
    batch = [case for case in CASES if BATCH_SPLIT.fullmatch(case.split)]
    for case in batch:
        assert case.family in FAMILIES, (case.path, case.family)


def test_corpus_covers_every_cause() -> None:
    assert {case.expected for case in CASES} == set(CAUSES)
    assert len(CASES) >= 80


def test_every_known_miss_is_a_corpus_text() -> None:
    # A text moved to another label's folder leaves its old entry matching nothing (ChamferDistancePytorch#12 did).
    names = {_id(case) for case in CASES}
    assert sorted(set(KNOWN_MISSES) - names) == []


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_expected_cause_in_top_3(case: object) -> None:
    name = _id(case)
    ranked = [f.cause for f in ACCURACY.explain_unseen(case)]
    if name in KNOWN_MISSES:
        # A miss that a change now ranks in the top 3 fails here, so the list stays true.
        assert case.expected not in ranked[:3], f"{name} is now in the top 3: remove it from KNOWN_MISSES"  # type: ignore[attr-defined]
        pytest.xfail(KNOWN_MISSES[name])
    assert case.expected in ranked[:3], (name, ranked)  # type: ignore[attr-defined]


def test_top1_accuracy_above_threshold() -> None:
    hits = sum([f.cause for f in ACCURACY.explain_unseen(c)][:1] == [c.expected] for c in CASES)
    assert hits / len(CASES) >= TOP1_THRESHOLD


# --- Calibration: a confidence means something (issue 12) -------------------------------------

# Bins of the top finding's confidence at or above this edge must be right at least as often as
# the edge says (measured on 411 cases: 70-80% right 84.8%, 80-90% right 96.6%, 90-100% 99.5%).
CALIBRATED_FROM = 0.7
# No wrong top answer above this, except those listed (measured: the next one is 88%).
CONFIDENT_WRONG_CEILING = 0.9
KNOWN_CONFIDENT_MISSES = {
    "corrupted_install/a1111-torchaudio-upgrade-winerror5-tilde-rch-asmjit-stable-diffusion-webui-13605.txt": (
        "'Torch not compiled with CUDA enabled' reads as a CPU-only torch (95%); pip's log above it, removing torch 2.0.1 "
        "and failing to write 2.1.0, is the second reading (85%): which torch the webui ran after that is not in the text"
    ),
    "stale_module_after_upgrade/unsloth-notebooks-337-live-kernel-vs-disk.txt": (
        "the stated torchvision 0.24.1 really does not match torch 2.11.0 (95%); that the kernel still held the "
        "torch imported before uv pinned the pair on disk is only in the thread"
    ),
    "duplicate_installations/user-site-cpu-torch-ahead-of-venv-rocm-windows-comfyui-rocm-131.txt": (
        "torch's own 'Torch not compiled with CUDA enabled' beside a stated 2.13.0+cpu is a CPU-only torch (95%); that "
        "it was a second, per-user install ahead of the bundle's ROCm torch is only in the thread"
    ),
    "duplicate_installations/numpy-api-version-a-two-numpy-installs-tflearn-1.txt": (
        "NumPy's 'module compiled against API version a but this version of numpy is 9' is a module built for a newer "
        "NumPy than the one that answered (95%; read so since older NumPy's versions without 0x are read); that the older "
        "one was apt's python-numpy ahead of pip's is only in the thread"
    ),
    "lib_version_conflict/error803-cuda-compat-order-vllm-33116.txt": (
        "Error 803, 'unsupported display driver / cuda driver combination', reads as a driver older than the build (95%, "
        "the corpus's commoner label); that nvidia-smi's driver 580 supports CUDA 13.0 and the image's compat libcuda was "
        "loaded ahead of it is the merged pull request's reading"
    ),
    "wheel_platform_mismatch/py39-no-wheel-source-build-cuda-00-pytorch-sparse-99.txt": (
        "PyG's own check, 'torch_scatter has CUDA version 0.0', reads as an extension built for another CUDA (92%, the "
        "label of pytorch_sparse#41's same line); that pip built it from its source archive because the wheel page had no "
        "Python 3.9 wheel yet is pip's log above it, which no reading weighs against the check (ranked second)"
    ),
}
ANSWERS = [ACCURACY.top_answer(case) for case in CASES]


def test_confident_bins_are_right_as_often_as_they_claim() -> None:
    for low, answers in ACCURACY.calibration(ANSWERS).items():
        if low >= CALIBRATED_FROM and answers:
            share = sum(answer.right for answer in answers) / len(answers)
            assert share >= low, (ACCURACY.bin_label(low), share, [a.name for a in answers if not a.right])


def test_no_confident_wrong_answer_beyond_the_known_ones() -> None:
    confident_wrong = {a.name for a in ANSWERS if not a.right and a.confidence > CONFIDENT_WRONG_CEILING}
    assert confident_wrong == set(KNOWN_CONFIDENT_MISSES)


# 'other' readings with a kind of their own, confident and wrong by the label, each with its reason.
KNOWN_CONFIDENT_OTHER = {
    "corrupted_install/libopenblas-missing-minkowskiengine-494.txt": (
        "libopenblas.so.0 not found reads as a system library the build links (its fix installs OpenBLAS, from conda-forge "
        "in a conda environment); the collector labelled reinstalling OpenBLAS in the conda environment a damaged install, "
        "where the JetPack and Raspberry Pi texts of the same shape are labelled other"
    ),
    "extension_abi_mismatch/custom-op-thpvariableclass-torch15-harmoniclowering-1.txt": (
        "an egg's own .so lacking THPVariableClass reads as an extension imported before torch (90%, as pytorch_scatter#6 and "
        "extension-cpp#6 were fixed); that this op was built for torch before 1.5 is the maintainer's reading, and the "
        "extension finding is second (85%)"
    ),
    "no_driver_or_gpu/devices-busy-or-unavailable-a5000-stable-diffusion-webui-2986.txt": (
        "'all CUDA-capable devices are busy or unavailable' reads first as a GPU another process holds (60%), as the "
        "corpus's three other texts with these words are labelled; that a badly installed driver gave it on this Windows "
        "machine is the reporter's finding, the second answer"
    ),
}


def test_a_wrong_other_is_never_confident() -> None:
    """'other' as the top answer where a cause was expected is the honest 'I do not know': low confidence."""
    wrong_other = [a for a in ANSWERS if a.cause == "other" and not a.right and a.name not in KNOWN_CONFIDENT_OTHER]
    assert all(a.confidence < 0.2 for a in wrong_other), wrong_other


# Real tracebacks that have nothing to do with installing torch; explain() must say 'other',
# with low confidence, and not guess an install cause from their site-packages frames.
UNRELATED_TRACEBACKS = {
    # https://github.com/pandas-dev/pandas/issues/33395 (pytest's rendering)
    "pandas-keyerror": (
        "pandas/core/indexes/base.py:2821: in get_loc\n"
        "    return self._engine.get_loc(key)\n"
        "pandas/_libs/index.pyx:103: in pandas._libs.index.IndexEngine.get_loc\n"
        "    cpdef get_loc(self, object val):\n"
        "pandas/_libs/index.pyx:127: in pandas._libs.index.IndexEngine.get_loc\n"
        "    return self.mapping.get_item(val)\n"
        "pandas/_libs/hashtable_class_helper.pxi:1614: in pandas._libs.hashtable.PyObjectHashTable.get_item\n"
        "    raise KeyError(val)\n"
        "E   KeyError: 'one'\n"
    ),
    # https://github.com/grantjenks/python-sortedcollections/issues/21 (Windows, Anaconda, Jupyter)
    "jupyter-pandas-keyerror-windows": (
        "KeyError                                  Traceback (most recent call last)\n"
        "~\\anaconda3\\lib\\site-packages\\pandas\\core\\indexes\\base.py in get_loc(self, key, method, tolerance)\n"
        "   2894             try:\n"
        "-> 2895                 return self._engine.get_loc(casted_key)\n"
        "   2896             except KeyError as err:\n"
        "\n"
        "pandas\\_libs\\index.pyx in pandas._libs.index.IndexEngine.get_loc()\n"
        "\n"
        "pandas\\_libs\\hashtable_class_helper.pxi in pandas._libs.hashtable.PyObjectHashTable.get_item()\n"
        "\n"
        "KeyError: 10\n"
    ),
    # https://github.com/jupyter/notebook/issues/6247
    "jupyter-config-json": (
        "Exception while loading config file /etc/jupyter/jupyter_notebook_config.json\n"
        "    Traceback (most recent call last):\n"
        '      File "/usr/lib/python3.9/site-packages/traitlets/config/application.py", line 738, in _load_config_files\n'
        "        config = loader.load_config()\n"
        '      File "/usr/lib/python3.9/json/decoder.py", line 355, in raw_decode\n'
        '        raise JSONDecodeError("Expecting value", s, err.value) from None\n'
        "    json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)\n"
    ),
    # https://github.com/bowang-lab/BLEEP/issues/3 (a model download without network)
    "huggingface-no-network": (
        "'(MaxRetryError(\"HTTPSConnectionPool(host='huggingface.co', port=443): Max retries exceeded with url: "
        "/timm/resnet50.a1_in1k/resolve/main/model.safetensors (Caused by ConnectTimeoutError("
        "<urllib3.connection.HTTPSConnection object at 0x7f25703e0580>, 'Connection to huggingface.co timed out. "
        "(connect timeout=10)'))\"), '(Request ID: 3e6c756e-3f31-4f2a-9b7a-d628e43e8017)')' thrown while requesting "
        "HEAD https://huggingface.co/timm/resnet50.a1_in1k/resolve/main/model.safetensors\n"
    ),
}


@pytest.mark.parametrize("name", sorted(UNRELATED_TRACEBACKS))
def test_unrelated_traceback_is_other_with_low_confidence(name: str) -> None:
    found = explain(UNRELATED_TRACEBACKS[name])
    assert [f.cause for f in found] == ["other"] and found[0].confidence < 0.2, [(f.cause, f.confidence) for f in found]


# Speed is not asserted here: a timed unit test fails on a busy machine (6.5 ms under a parallel CI run on
# 2026-12-01, 2.9 ms alone). benchmarks/run.py measures explain per error against its 5 ms budget.
