"""torchvision/torchaudio built for another torch release or build variant.

``operator torchvision::nms does not exist`` (torchvision >= 0.17, from its
``_meta_registrations``) hides the real load error of ``torchvision/_C.so`` (design.md
section 6, reproduced with torch 2.13.0+cpu + torchvision 0.29.1); older releases said
``No such operator torchvision::nms`` or printed "Couldn't load custom C++ ops".

A companion's compiled module that misses a symbol of torch's (``undefined symbol`` on
Linux, dyld's ``Symbol not found`` on macOS) was built for another torch. Whose module it
is comes from the file the loader names, or from the companion file that imported it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import versions
from .runtime import NO_SOURCE
from .signals import Signal, extractor, signal
from .text import ErrorText

# torch.library's own words when a fake (meta) kernel is registered for an operator nobody loaded: torchvision's
# _meta_registrations under a torch its _C was not built for (GoogleCloudPlatform/ml-testing-accelerators#994).
_NMS = re.compile(
    r"operator torchvision::(\w{1,40}) does not exist|No such operator torchvision::(\w{1,40})"
    r"|Could not find the operator torchvision::(\w{1,40})"
)
# The operator exists but has no kernel for the tensors' backend: torchvision's _C registered
# only part of its kernels against this torch (torchvision 0.19.1 on torch 2.5.1 under Wine, issue
# 15: 'CPU' missing), or a CPU-only torchvision with CUDA tensors. Called a torch/torchvision
# version mismatch in Comfy-Org/ComfyUI#2747 and ltdrdata/ComfyUI-Impact-Pack#915.
# torchcodec's ops (namespace torchcodec_ns) the same way when its core library did not load into this torch
# (pytorch/torchcodec#336 and #493: each torchcodec release needs one torch release).
# With no tensor argument the dispatcher says it another way (pytorch/torchcodec#671: torchcodec 0.3 on a torch 2.8
# nightly, "no fallback function is registered for schema torchcodec_ns::create_from_file").
_NO_KERNEL = re.compile(
    r"Could not run '(torchvision|torchaudio|torchcodec_ns)::(\w{1,60})' with arguments from the '(\w{1,40})' backend"
    r"|no fallback function is registered for schema (torchvision|torchaudio|torchcodec_ns)::(\w{1,60})"
)
# Pasted through a word processor or a forum the apostrophe becomes ’ (AUTOMATIC1111/stable-diffusion-webui#564).
# The first sentence alone is torchvision's too (torchvision/extension.py), as a title or a truncated log (Xilinx/Vitis-AI#943).
_CUSTOM_OPS = re.compile(r"Couldn[’']t load custom C\+\+ ops\.")
# The sentence wraps in pasted logs ("different\nCUDA versions") and torchaudio spells itself
# "TorchAudio" (mli/autocut#106, acheong08/Diffusion-ColabUI#108).
_CUDA_MAJOR = re.compile(
    r"Detected that PyTorch and (torchvision|torchaudio) were compiled\s{1,4}with\s{1,4}different"
    r"\s{1,4}CUDA\s{1,4}(?:major\s{1,4})?versions",
    re.I,
)
# torchvision's _meta_registrations registers fake kernels that a torch built from another source
# (a master/nightly build) already registers itself: a prebuilt torchvision on a self-built torch
# (intel/torch-xpu-ops#1545: "Need to build Torchvision by yourself").
# torch 1.4's ONNX registry rejects the name torchvision 0.6 registers (`_new_empty_tensor_op`: no leading
# underscore allowed), so a torchvision newer than torch fails at import (pytorch/pytorch#33116, ultralytics/yolov5#148,
# alievk/avatarify-python#105: "a wrong version of torchvision").
_ONNX_NAME_REJECTED = re.compile(r"Failed to register operator torchvision::(\w{1,40})")
# torchvision's own warning when its image extension does not load, with the loader's reason: a torch library
# or symbol that this torch lacks means a torchvision built for another torch (Vision-CAIR/MiniGPT-4#45:
# libtorch_cuda_cu.so, which only torch 1.8-1.13 had, under torch 2.0.0+cu117). Other reasons (libjpeg, libpng)
# are the image libraries', not a mismatch. Windows says the same with WinError 127, a procedure torch's DLLs do not
# export (Comfy-Org/ComfyUI#6861: the cu128 portable build after its dependency update re-resolved torch). A paste
# wrapped at the terminal's width breaks "cannot open" over two lines (pytorch/vision#6453).
_IMAGE_EXTENSION = re.compile(
    r"Failed to load image Python extension: ?'?[^\n']{0,200}?(lib(?:torch\w{0,20}|c10\w{0,10})\.so[.\d]{0,12}: cannot\s{1,4}open"
    r"|undefined symbol: _?_?Z\w{0,10}(?:3c10|2at|5torch)|\[WinError 127\])"
)
_META_TWICE = re.compile(r"the operator torchvision::(\w{1,40}) already has an? DispatchKey::Meta implementation")
# torch.ops.load_library words its failure "Could not load this library: <path>" (torch/_ops.py), the library named after it.
_AUDIO = re.compile(
    r"torchaudio[^\n]{0,200}(?:undefined symbol|cannot open shared object|Could not load this library)|Failed to load torchaudio"
    r"|Could not load this library: [^\n]{0,300}[/\\]torchaudio[/\\]"
)
# A pasted log may wrap the line after "undefined symbol:" (googlecolab output in chenfei-wu/TaskMatrix#25).
# macOS 12+'s dyld words it "symbol not found in flat namespace '<symbol>'" (parlance/ctcdecode#208).
SYMBOL_MISSING = re.compile(
    r"undefined symbol:\s{0,3}([^\s,]{1,300})|Symbol not found: ([^\s,]{1,300})|symbol not found in flat namespace '([^'\s]{1,300})'"
)
# The file the loader names: dyld's `dlopen(<file>, 6)` / `Referenced from: <uuid> <file>`, ld.so's `<file>: undefined symbol`.
_LOADED_FILE = re.compile(r"dlopen\(([^,()\n]{1,400}), |Referenced from: (?:<[\w-]{1,60}> )?([^\n]{1,400})")
# "<file>.so: undefined symbol", searched as the phrase first and the file read back from it: a lazy \S{1,400}? before
# ".so" tried at every offset made this the slowest search of a companion's text.
_UNDEFINED_AT = re.compile(r":\s{0,3}undefined symbol")
_SO_FILE = re.compile(r"\.so(?:\.\w{1,12}){0,4}$")
# Symbols of torch's own C++ namespaces (c10, at, torch, caffe2) and its C ABI, as Linux and
# macOS (one more leading underscore) print them.
TORCH_SYMBOL = re.compile(r"_{0,2}(?:Z(?:TI|TV|TS)?NK?(?:3c10|2at|5torch|6caffe2|10onnx_torch|4thpp)|torch_|TH[A-Z])")
_COMPANION_DIR = re.compile(r"/(torchvision|torchaudio|torchtext)/")
# Compiled companion modules that live outside the package folder: torchaudio < 0.5 built
# `_torch_sox` as a top-level module (pytorch/audio setup.py: CppExtension('_torch_sox', ...)).
_COMPANION_MODULES = {
    "_torch_sox": "torchaudio",
    "_torchaudio": "torchaudio",
    "libtorchaudio": "torchaudio",
    "libtorchvision": "torchvision",
}


@extractor
def torchvision_messages(err: ErrorText) -> Iterator[Signal]:
    """``package``: the companion whose compiled part did not load; ``operator`` when named."""
    cuda_major = err.search(_CUDA_MAJOR)
    if cuda_major:
        package = cuda_major.group(1).lower()
        yield signal("torchvision_torch_mismatch", 0.95, [err.evidence(cuda_major)], package=package, reason="cuda_major")
        return
    no_kernel = err.search(_NO_KERNEL)
    if no_kernel:
        package = (no_kernel.group(1) or no_kernel.group(4)).removesuffix("_ns")
        operator = no_kernel.group(2) or no_kernel.group(5)
        yield signal("torchvision_torch_mismatch", 0.8, [err.evidence(no_kernel)], package=package, operator=operator)
        return
    image = err.search(_IMAGE_EXTENSION)
    if image:
        yield signal("torchvision_torch_mismatch", 0.85, [err.evidence(image)], package="torchvision", reason="image_extension")
        return
    rejected = err.search(_ONNX_NAME_REJECTED)
    if rejected:
        yield signal("torchvision_torch_mismatch", 0.85, [err.evidence(rejected)], package="torchvision", operator=rejected.group(1))
        return
    meta = err.search(_META_TWICE)
    if meta:
        yield signal("torchvision_torch_mismatch", 0.75, [err.evidence(meta)], package="torchvision", operator=meta.group(1))
        yield signal("partial_import_state", 0.35, [err.evidence(meta)], module="torchvision", reason="reimport")
        return
    ops = err.search(_NMS) or err.search(_CUSTOM_OPS)
    if ops:
        operator = ops.group(1) or ops.group(2) or ops.group(3) if ops.re is _NMS else None
        yield signal("torchvision_torch_mismatch", 0.9, [err.evidence(ops)], package="torchvision", operator=operator)
        # The same message when the pair on disk matches but a running kernel still holds the torch it
        # imported before an install changed it (unslothai/notebooks#337): the weaker reading.
        yield signal("stale_module_after_upgrade", 0.3, [err.evidence(ops)], reason="companion_after_change")


# ComfyUI's own line when `import torchaudio` raised at start-up (comfy/ldm/ace/..., printed for any exception): in a
# ComfyUI whose torch was just replaced, most often a torchaudio from another index or release than that torch
# (comfyanonymous/ComfyUI#9690: torch 2.8.0+cu129 with a torchaudio requirements.txt pulled, fixed by taking both
# from the cu129 index). It does not say whether torchaudio is missing or fails, so this reads moderately.
_COMFYUI_TORCHAUDIO = re.compile(r"^torchaudio missing, ACE model will be broken", re.M)


@extractor
def comfyui_without_torchaudio(err: ErrorText) -> Iterator[Signal]:
    said = err.search(_COMFYUI_TORCHAUDIO)
    if said:
        reading = "ComfyUI could not import torchaudio: one for another torch than this one, or none at all"
        yield signal("torchvision_torch_mismatch", 0.6, [err.evidence(said), reading], package="torchaudio", reason="app_import")


# A traceback cut off right where a companion's own file imports its compiled module (pytorch/pytorch#23585:
# torchvision 0.3.0's ops/boxes.py at `from torchvision import _C` under a newer torch): that load is what failed.
_COMPILED_IMPORT_LAST = re.compile(
    r"^\s{0,12}from (torchvision|torchaudio) import _C\s{0,4}\Z|^\s{0,12}import (torchvision|torchaudio)\._C\s{0,4}\Z", re.M
)


@extractor
def cut_at_compiled_import(err: ErrorText) -> Iterator[Signal]:
    """The traceback ends at a companion's import of its own ``_C``, with no message after it."""
    match = err.search(_COMPILED_IMPORT_LAST)
    frames = err.frames_before(match.start()) if match else []
    package = (match.group(1) or match.group(2)) if match else None
    if match and frames and f"/{package}/" in frames[-1].replace("\\", "/"):
        yield signal("torchvision_torch_mismatch", 0.5, [err.evidence(match)], package=package, reason="own_import_failed")


@extractor
def torchaudio_messages(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_AUDIO)
    if match:
        yield signal("torchvision_torch_mismatch", 0.8, [err.evidence(match)], package="torchaudio")


def companion_of(path: str | None) -> str | None:
    """'torchvision'/'torchaudio'/'torchtext' when ``path`` is one of their files, else None."""
    norm = (path or "").replace("\\", "/").strip("'\" ")
    folder = _COMPANION_DIR.search(norm)
    if folder:
        return folder.group(1)
    return _COMPANION_MODULES.get(norm.rsplit("/", 1)[-1].split(".", 1)[0])


def loaded_files(err: ErrorText, match: re.Match[str]) -> list[str]:
    """The files the loader's message around ``match`` names (the failing file first)."""
    window = err.text[max(0, match.start() - 600) : match.end() + 800]
    found = [(hit.start(), path) for hit in _LOADED_FILE.finditer(window) for path in hit.groups() if path]
    for hit in _UNDEFINED_AT.finditer(window):
        words = window[max(0, hit.start() - 400) : hit.start()].split()
        if words and window[hit.start() - 1 : hit.start()].strip() and _SO_FILE.search(words[-1]):
            found.append((hit.start() - len(words[-1]), words[-1]))
    return [path.strip("'\" ") for _, path in sorted(found)]


@extractor
def companion_symbol_missing(err: ErrorText) -> Iterator[Signal]:
    """A companion's compiled module lacks a symbol: ``package`` from the file, or the companion file importing it."""
    match = err.search(SYMBOL_MISSING)
    if not match:
        return
    symbol, files = match.group(1) or match.group(2) or match.group(3), loaded_files(err, match)
    importer = err.importer(match.start()) if TORCH_SYMBOL.match(symbol) else None
    package = next((name for name in map(companion_of, [*files, importer]) if name), None)
    evidence = [err.evidence(match)]
    if package:
        yield signal("torchvision_torch_mismatch", 0.9, evidence, package=package, symbol=symbol)
    elif not files and TORCH_SYMBOL.match(symbol):
        # A torch symbol that a compiled add-on lacks, the add-on unnamed: the companions are the
        # add-ons every install has, an extension (detectron2, mmcv) the other candidate.
        yield signal("torchvision_torch_mismatch", 0.5, evidence, package=None, symbol=symbol)
        yield signal("extension_abi_mismatch", 0.45, evidence, extension=None, library=None, symbol=symbol)


# A companion's compiled module named with its symbol cut off where the paste ends (pytorch/pytorch PR #20865's CI
# log: ".../torchvision/_C.cpython-36m-x86_64-linux-gnu.so: undefined symbol: " after torch master moved on).
# Searched by its end, the file read from the line before it: a leading run tried at every offset would be slow.
_SYMBOL_CUT = re.compile(r"undefined symbol:\s{0,4}\Z")
_LIBRARY_FILE = re.compile(r"\.(?:so|pyd|dylib)(?:\.\w{1,12}){0,4}$")
# TorchScript compiling a companion's own function at import and failing (pytorch/audio#171: a torchaudio built from
# master uses annotations torch 1.1 cannot parse, "NameError: name 'Optional' is not defined"): the companion's code
# was written for another torch.
_JIT_FRAME = re.compile(r"/torch/jit/")


@extractor
def companion_cut_or_scripted(err: ErrorText) -> Iterator[Signal]:
    cut = err.search(_SYMBOL_CUT)
    word = err.word_before(cut.start()).rstrip(":") if cut else ""
    library = word if _LIBRARY_FILE.search(word) else None
    package = companion_of(library) if library else None
    if cut and package:
        yield signal("torchvision_torch_mismatch", 0.8, [err.evidence(cut)], package=package)
        return
    if err.search(NO_SOURCE):
        return  # TorchScript without the .py sources (a frozen app): runtime.py's reading
    frames = [path.replace("\\", "/") for path in err.frames_before(len(err.text))]
    first = next((i for i, path in enumerate(frames) if companion_of(path)), None)
    if first is None:
        return
    # TorchScript's frames after the companion's, or (a chained report) in the exception the companion's import handled.
    handled = err.text.find(_HANDLING)
    inner = err.frames_before(handled) if handled > 0 else []
    jit_inside = any(_JIT_FRAME.search(path) for path in frames[first + 1 :])
    jit_before = any(_JIT_FRAME.search(path) for path in inner) and not any(companion_of(path) for path in inner)
    if jit_inside or jit_before:
        evidence = [f"TorchScript failed compiling {frames[first]} at import"]
        yield signal("torchvision_torch_mismatch", 0.75, evidence, package=companion_of(frames[first]))


_HANDLING = "During handling of the above exception, another exception occurred"


# pip's resolver reporting a companion pinned to another torch than the one it is installing, in its old and
# new words: "torchvision 0.6.1+cu101 has requirement torch==1.5.1, but you'll have torch 0.4.0 which is
# incompatible" (a Colab notebook installing torch 0.4.0 over the preinstalled pair: ultralytics/yolov3 Colab#3),
# "torchvision 0.16.0 requires torch==2.1.0, but you have torch 2.2.0 which is incompatible"; PyTorch's other domain
# libraries pin torch the same way ("torchrl 0.7.2 requires torch>=2.6.0, but you have torch 2.0.1": NavRL#14).
_RESOLVER_COMPANION = re.compile(
    r"\b(torchvision|torchaudio|torchtext|torchdata|torchcodec|torchrl) ([\w.+]{1,40}) (?:has requirement|requires) "
    r"torch[=<>!~]=?([\w.+*]{1,40})"
    r"[^\n]{0,20}, but you(?:'ll)? have torch ([\w.+]{1,40}) which is incompatible"
)


# pip's ResolutionImpossible report: "torchvision 0.8.2 depends on torch==1.7.1" beside another requested torch
# (the corpus text pip-resolutionimpossible-torchvision082-torch110), or torch and several torchvision candidates
# that cannot go together (vladmandic/automatic#3197).
_DEPENDS_ON_TORCH = re.compile(r"\b(torchvision|torchaudio|torchtext) ([\w.+]{1,40}) depends on torch[=<>!~]=?([\w.+*]{1,40})")
_CANNOT_INSTALL_PAIR = re.compile(
    r"Cannot install [^\n]{0,300}?\btorch==[\w.+]{1,40},[\s\S]{0,600}?\b(torchvision|torchaudio)==[\s\S]{0,600}?"
    r"because these package versions have conflicting\s{1,40}dependencies"
)
# conda's and mamba's solver on a companion whose every release needs another torch than the one pinned
# (RosettaCommons/RFdiffusion via yao#8: "torchaudio 2.5.1 would require pytorch >=2.5.1,<2.5.2.0a0, which conflicts with
# any installable versions previously reported", the environment file pinning pytorch >=1.9,<2.0).
# mamba 2 words it "torchcodec =0.7 * is not installable because it requires ... pytorch >=2.7.1,<2.8.0a0 *, which
# conflicts" (conda-forge/pytorch-cpu-feedstock#463); torchcodec and torchdata pin torch the same way.
_CONDA_COMPANION_CONFLICT = re.compile(
    r"\b(torchvision|torchaudio|torchtext|torchcodec|torchdata) =?([\d.]{1,20})(?: \*)? (?:would require|is not installable because "
    r"it requires)\s{1,40}(?:[│├└─]{1,4}\s{0,4}){0,2}pytorch ([^\n]{1,60}?) ?, which conflicts"
)
# setuptools' own check (setup.py install / develop resolving dependencies): "error: torch 2.0.0a0+gite7ace1f is
# installed but torch==1.13.1 is required by {'torchdata'}" (pytorch/text#2045: the torchdata release torchtext
# depends on pins another torch than the source-built one).
_SETUPTOOLS_COMPANION = re.compile(
    r"\btorch ([\w.+]{1,40}) is installed but torch[=<>!~]=?([\w.+*]{1,40}) is required by "
    r"\{'(torchvision|torchaudio|torchtext|torchdata|torchcodec)'"
)
# torchvision registers its fake (meta) kernels through torch.library; a torch older than the torchvision
# lacks the functions it calls (register_fake is torch 2.4's: the Colab text colab-register-fake-torch231).
_TORCH_LIBRARY_API = re.compile(r"module 'torch\.library' has no attribute '(\w{1,60})'")


@extractor
def resolver_companion_conflict(err: ErrorText) -> Iterator[Signal]:
    """pip says the installed companion needs another torch than the one now installed."""
    depends = err.search(_DEPENDS_ON_TORCH) or err.search(_CANNOT_INSTALL_PAIR) or err.search(_CONDA_COMPANION_CONFLICT)
    if depends:
        yield signal("torchvision_torch_mismatch", 0.8, [err.evidence(depends)], package=depends.group(1), reason="resolver")
        return
    pinned = err.search(_SETUPTOOLS_COMPANION)
    if pinned:
        said = f"{pinned.group(3)} needs torch {pinned.group(2)}; torch {pinned.group(1)} is installed"
        yield signal("torchvision_torch_mismatch", 0.8, [err.evidence(pinned), said], package=pinned.group(3), reason="resolver")
        return
    library_api = err.search(_TORCH_LIBRARY_API)
    if library_api:
        # The companion's registration is the commonest caller; an add-on newer than torch, or the torch loaded
        # before an install changed it, are the weaker readings (stale_module_after_upgrade from imports.py).
        yield signal("torchvision_torch_mismatch", 0.55, [err.evidence(library_api)], package=None, reason="torch_api_missing")
    match = err.search(_RESOLVER_COMPANION)
    if match:
        package = match.group(1)
        said = f"{package} {match.group(2)} needs torch {match.group(3)}; torch {match.group(4)} is installed"
        yield signal("torchvision_torch_mismatch", 0.85, [err.evidence(match), said], package=package, reason="resolver")


# torch.ops.torchvision lacks an operator that torchvision's compiled part registers: that part never loaded.
# Both corpus texts of this line were a torchvision source folder imported instead of the install
# (pytorch/vision#2228, #2239); a companion built for another torch is the other reading.
_OPS_NOT_REGISTERED = re.compile(r"^(?:RuntimeError: )?object has no attribute (nms|roi_align|roi_pool|deform_conv2d|ps_roi_align)\b", re.M)


@extractor
def torchvision_ops_not_registered(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_OPS_NOT_REGISTERED)
    if match and not err.frames_before(match.start()):  # with frames, source_tree.py reads whose folder it was
        evidence = [err.evidence(match), f"torch.ops.torchvision has no {match.group(1)}: torchvision's compiled part is not loaded"]
        yield signal("shadowed_module", 0.5, evidence, module="torchvision", path=None, intruder=False)
        yield signal("torchvision_torch_mismatch", 0.45, evidence, package="torchvision", operator=match.group(1))


# A C++ exception out of a companion's own operator call at import (torchvision's extension.py calling
# torch.ops.torchvision._cuda_version() and getting "MemoryError: std::bad_alloc" under another nightly torch:
# pytorch/pytorch#31597, gone with the torch nightly the torchvision one was built with): its compiled ops misread
# the C++ types of a torch they were not built for.
_CPP_BAD_ALLOC = re.compile(r"^(?:MemoryError|RuntimeError): std::bad_alloc", re.M)


# torchcodec aborting the process at import with the same C++ exception uncaught (pytorch/torchcodec#962: 0.7.0 fine
# beside torch 2.8.0+cu128, aborting beside 2.9.0+cpu; #995: 0.8 beside torch 2.8.0): the text names torchcodec, by the
# import typed or the versions stated, since no frame is printed.
_UNCAUGHT_BAD_ALLOC = re.compile(r"terminate called after throwing an instance of 'std::bad_alloc'")
_IMPORT_TORCHCODEC = re.compile(r"^(?:>>> |In \[\d{1,5}\]: )?(?:import|from) torchcodec\b", re.M)


@extractor
def companion_op_threw(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_CPP_BAD_ALLOC)
    frames = err.frames_before(match.start()) if match else []
    package = companion_of(frames[-1]) if frames else None
    if match and package:
        yield signal("torchvision_torch_mismatch", 0.75, [err.evidence(match)], package=package, reason="own_import_failed")
        return
    aborted = err.search(_UNCAUGHT_BAD_ALLOC)
    if aborted and (err.package("torchcodec") or err.search(_IMPORT_TORCHCODEC)):
        said = "the process aborted while torchcodec loaded its core library into this torch"
        yield signal("torchvision_torch_mismatch", 0.7, [err.evidence(aborted), said], package="torchcodec", reason="own_import_failed")


# torchcodec's own loader message ("Could not load libtorchcodec. Likely causes: 1. FFmpeg is not properly installed
# ... 2. The PyTorch version ... is not compatible with this version of TorchCodec") with each core library's failure
# after it. A symbol torch does not export (an undefined symbol: ace-step/ACE-Step-1.5#1018; dyld's "Symbol not found"
# and "Expected in: .../torch/lib/libtorch_cpu.dylib": ComfyUI-F5-TTS PR 74, torchcodec 0.11 on torch 2.10) is a
# torchcodec built for another torch; a missing FFmpeg library is its first cause, not this one.
_TORCHCODEC_LOAD = re.compile(r"Could not load libtorchcodec|\[start of libtorchcodec loading traceback\]")
# A wrapped log may break the line after the library's name (meta-llama/llama-cookbook#259's Colab paste).
_TORCHCODEC_SYMBOL = re.compile(r"libtorchcodec_core\d{0,2}\.(?:so|dylib)\)?:\s{1,12}(?:undefined symbol|Symbol not found)")
# Windows' words, a C++ name of torch's (MSVC-mangled, in c10, at or torch) that the core DLL asks for and the torch
# loaded lacks: "Procedure ?decref_pyobject@TensorImpl@c10@@UEBAXXZ not found in DLL: ...\torchcodec\libtorchcodec_core4.dll"
# (ComfyUI-Whisper#37, fixed by the torchcodec release made for the installed torch).
_TORCHCODEC_PROCEDURE = re.compile(
    r"Procedure \?\w{1,200}@(?:[\w@]{0,200}@)?(?:c10|at|torch)@@\S{0,200} not found in DLL: [^\n]{0,300}libtorchcodec_core\d{0,2}\.dll"
)


# The loader names the running torch ("2. The PyTorch version (2.8.0a0+5228986c39.nv25.06) is not compatible"): a
# pre-release, source or vendor build (NGC's a0+...nv) is one no torchcodec release was made for
# (pytorch/torchcodec#795, fixed with the pre-release torchcodec). FFmpeg's own libraries failing is the other cause.
_TORCHCODEC_TORCH = re.compile(r"The PyTorch version \(([^()\s]{1,60})\) is not compatible")
_WHEEL_TAG = re.compile(r"cpu$|cu\d{2,3}$|rocm|xpu$")  # the local tags of PyTorch's own wheel indexes
_FFMPEG_LIBRARY = re.compile(r"lib(?:avutil|avcodec|avformat|avdevice|avfilter|swscale|swresample)[\w.-]{0,20}")


@extractor
def torchcodec_for_another_torch(err: ErrorText) -> Iterator[Signal]:
    loading = err.search(_TORCHCODEC_LOAD)
    symbol = _TORCHCODEC_SYMBOL.search(err.text, loading.start()) if loading else None
    if loading and symbol:
        evidence = [err.evidence(loading), err.line_at(symbol.start())]
        yield signal("torchvision_torch_mismatch", 0.85, evidence, package="torchcodec", reason="torch_symbol_missing")
        return
    procedure = err.search(_TORCHCODEC_PROCEDURE)
    if procedure:
        said = "torchcodec's core DLL asks for a C++ function of torch's that the installed torch does not have"
        evidence = [err.evidence(procedure), said]
        yield signal("torchvision_torch_mismatch", 0.8, evidence, package="torchcodec", reason="torch_symbol_missing")
        return
    bare = err.search(_TORCHCODEC_SYMBOL) if not loading else None
    named = SYMBOL_MISSING.search(err.text, bare.start()) if bare else None
    if bare and named and TORCH_SYMBOL.match(next(group for group in named.groups() if group)):
        # The loader's line alone, without torchcodec's banner: its core library lacks a symbol of torch's, so it was
        # built for another torch (huggingface/lerobot#4393: torchcodec 0.11, which needs torch >= 2.9, under 2.7.1).
        yield signal("torchvision_torch_mismatch", 0.8, [err.evidence(bare)], package="torchcodec", reason="torch_symbol_missing")
        return
    torch_named = _TORCHCODEC_TORCH.search(err.text, loading.start()) if loading else None
    if loading and torch_named and not _FFMPEG_LIBRARY.search(err.text, loading.start()):
        version = versions.parse(torch_named.group(1))
        unreleased = version is not None and (version.is_prerelease or not _WHEEL_TAG.match(version.local or "cpu"))
        evidence = [err.evidence(loading), err.line_at(torch_named.start())]
        confidence = 0.8 if unreleased else 0.55
        yield signal("torchvision_torch_mismatch", confidence, evidence, package="torchcodec", reason="torch_symbol_missing")

