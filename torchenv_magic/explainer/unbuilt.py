"""Compiled parts that were never built: the file an import asks for does not exist because its build failed, was
skipped or never ran (as opposed to a built part that does not match torch, shared_libs' and build's readings).

Also CUDA's own headers meeting a newer glibc's, which stops every nvcc build on new distributions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import compat
from .imports import CIRCULAR_IMPORT_FILE, COMPANIONS, STDLIB_NAMES, installed_file, owner
from .signals import Signal, extractor, signal
from .text import ErrorText

_FAMILY = ("torch", *COMPANIONS)

# torch.utils.cpp_extension.load compiles an extension on first use into <build dir>/<name>/<name>.so (torch's
# extensions cache, ~/.cache/torch_extensions/py310_cu117/<name>/, or a package's own build folder) and then loads it:
# that file missing means the build never produced it (turboderp/exllama#148: CUDA development libraries missing;
# yuxumin/PoinTr#8: KNN_CUDA's knn.so, ninja missing). The build's own output says why.
_JIT_SO_MISSING = re.compile(r"([^\s'\"]{0,300})/(\w{1,80})/\2\.so: cannot open shared object file: No such file or directory")


# On Windows the same build leaves no .pyd, and cpp_extension's own "Loading extension module wkv_512..." comes right
# before Python's "DLL load failed while importing wkv_512" (BlinkDL/RWKV-LM#169: the MSVC build had failed).
_JIT_PYD_MISSING = re.compile(
    r"Loading extension module (\w{1,80})\.\.\.\s{0,8}\n(?:[^\n]{0,300}\n){0,3}?[^\n]{0,80}DLL load failed while importing \1\b"
)


# DeepSpeed's CPU optimizers build their op (cpu_adam, cpu_adagrad, cpu_lion) the same way on first use unless
# DeepSpeed was installed with it prebuilt; when that build fails, the optimizer's __del__ then asks for the op it never
# got: "'DeepSpeedCPUAdam' object has no attribute 'ds_opt_adam'" (ymcui/Chinese-LLaMA-Alpaca#368: Python's headers
# missing, fixed by python3-dev and DS_BUILD_CPU_ADAM=1; microsoft/DeepSpeed#2682 shows the failed build above it).
_DEEPSPEED_CPU_OP = re.compile(r"'DeepSpeedCPU(Adam|Adagrad|Lion)' object has no attribute 'ds_opt_\w{1,20}'")


# NVlabs' custom_ops (StyleGAN2-ADA, StyleGAN3, EG3D) build each plugin with torch.utils.cpp_extension on first use and
# say only this when the build fails ('Setting up PyTorch plugin "bias_act_plugin"... Failed!'): ninja, a compiler or
# nvcc missing (NVlabs/stylegan2-ada-pytorch#37: fixed by installing ninja; NVlabs/stylegan3#202: no MSVC found).
_NVLABS_PLUGIN_FAILED = re.compile(r'Setting up PyTorch plugin "(\w{1,80})"\.\.\. Failed!')


@extractor
def jit_extension_never_built(err: ErrorText) -> Iterator[Signal]:
    deepspeed = err.search(_DEEPSPEED_CPU_OP)
    if deepspeed:
        name = f"cpu_{deepspeed.group(1).lower()}"
        said = f"DeepSpeed's {name} op, compiled on first use, never loaded: its build failed before this"
        detail = {"kind": "jit_not_built", "extension": name, "folder": None, "deepspeed": True}
        yield signal("build_toolchain_missing", 0.7, [err.evidence(deepspeed), said], **detail)
        return
    match = err.search(_JIT_SO_MISSING)
    if match and match.group(2) not in _FAMILY and not err.tensorflow_op_loader_at(match.start()):
        name, folder = match.group(2), f"{match.group(1)}/{match.group(2)}/"
        said = f"{name}.so, which is compiled on first use into {folder}, does not exist: that build did not finish"
        yield signal("build_toolchain_missing", 0.75, [err.evidence(match), said], kind="jit_not_built", extension=name, folder=folder)
        return
    for pattern, confidence, words in _FIRST_USE_BUILD_FAILED:
        found = err.search(pattern)
        if found:
            name = found.group(1)
            said = words.format(name=name)
            detail = {"kind": "jit_not_built", "extension": name, "folder": None}
            yield signal("build_toolchain_missing", confidence, [err.evidence(found), said], **detail)
            return


# The same failed first-use build, said without the build folder's path: what says it, how surely, and the evidence line.
_FIRST_USE_BUILD_FAILED = (
    (
        _JIT_PYD_MISSING,
        0.75,
        "torch.utils.cpp_extension built {name} on first use and found no {name}.pyd to load: that build did not finish",
    ),
    (_NVLABS_PLUGIN_FAILED, 0.7, "{name} is compiled on first use (torch.utils.cpp_extension), and that build failed"),
)


# A Gaussian-splatting project's rasteriser or KNN part, which it builds from its own git submodules and no index
# publishes: "No module named 'diff_gaussian_rasterization'" means that build never ran or failed, whatever the frame
# (graphdeco-inria/gaussian-splatting#140: the submodule folder was there, the maintainer's fix was installing it;
# luciddreamer-cvlab/LucidDreamer#33: simple_knn's build had failed for want of the C++ build tools).
_SUBMODULE_PART_MISSING = re.compile(rf"No module named '?({'|'.join(compat.project_submodule_modules())})\b")


@extractor
def project_submodule_never_built(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_SUBMODULE_PART_MISSING)
    if match:
        module = match.group(1)
        folder, namesake = compat.project_submodule_of(module) or (module, None)
        said = f"{module} is built from the project's submodules/{folder}: that build did not run or failed"
        detail = {"kind": "submodule_not_built", "extension": module, "folder": f"submodules/{folder}", "namesake": namesake}
        yield signal("build_toolchain_missing", 0.75, [err.evidence(match), said], **detail)


# A project's own file importing its compiled part, which is not there: `from core.nn import _C` failing with the bare
# "cannot import name '_C'" (Tramac/awesome-semantic-segmentation-pytorch#25: `python setup.py build develop` had not
# been run), or a compiled op module by its usual name ("No module named 'ops.voxel_op'": zhulf0804/PointPillars#3).
# A checkout named like an installed package is source_tree's reading (run from the checkout instead of the install).
# The names such parts go by: _C, _ext, or a name ending like deform_conv_cuda, voxel_op, knn_ext.
COMPILED_NAME = r"(?:_C|_ext|_cuda|_cpp|\w{1,60}_(?:op|ops|cuda|ext|cpp|kernels?))"
# Python 3.7+ adds the package and its file: "cannot import name 'deform_conv_cuda' from 'dcn' (/x/SADNet/dcn/__init__.py)"
# (csjunxu/SADNet#4: the dcn op was never compiled).
_BARE_COMPILED_NAME = re.compile(
    rf"^ImportError: cannot import name '?({COMPILED_NAME})'?(?: from '[\w.]{{1,120}}' \([^)\n]{{1,300}}\))?\s{{0,4}}$", re.M
)
# `from core.nn import _C`, or the relative `from . import deform_conv_cuda` (SADNet#1's dcn/deform_conv.py).
_OWN_COMPILED_IMPORT = re.compile(rf"^\s{{0,12}}from ([A-Za-z_][\w.]{{0,120}}|\.{{1,4}}[\w.]{{0,120}}) import {COMPILED_NAME}\b", re.M)
# Also a package's own _C or _ext ("No module named 'mmcv._ext'": mmcv's ops were never compiled, zhipeixu/FakeShield#64), a bare
# top-level op module ("No module named 'attn_core_inplace_cuda'": OpenFold not built, aqlaboratory/openfold#445), and
# the ms_deform_attn sources' module, which Deformable-DETR's models/ops/setup.py (and the DETR family's copies of it,
# transformers' deformable_detr kernel loader among them) builds as MultiScaleDeformableAttention.
# A top-level "<project>_C" too: ColossalAI's colossal_C, built only when CUDA_HOME is set at install (hpcaitech/
# ColossalAI#1773: the toolkit was missing). The capital C is the extension convention (apex's amp_C, fused_layer_norm_C
# are its siblings); a lower-case "_c" is left alone.
_COMPILED_OP_MISSING = re.compile(
    r"No module named '((?:[A-Za-z_]\w{0,60}\.){0,6})"
    r"(\w{1,60}_(?:op|ops|cuda|ext|cpp|kernels?|C)|(?<=\.)(?:_C|_ext)|MultiScaleDeformableAttention)'"
)
# Python 3.8+: "cannot import name '_C' from partially initialized module 'core.nn' (most likely due to a circular
# import) (/.../core/nn/__init__.py)": the project's package asked for its own compiled part before it was built
# (Tramac/awesome-semantic-segmentation-pytorch#175).
# The same words naming the package and its file: a project's own package outside site-packages whose compiled part is
# not there (BorderDet's cvpods, hawp's parsing). torch's family is left to the shadowing and companion readings (its
# _C missing is a checkout of it, or a build for another torch), and so is a clone of a package's own repository.
_PACKAGE_COMPILED_MISSING = re.compile(
    rf"cannot import name '({COMPILED_NAME})' from '([A-Za-z_][\w.]{{0,120}})'(?: \(([^()\n]{{1,300}})\))?(?=\s|$)"
)
_PARTIAL_COMPILED = re.compile(
    rf"cannot import name '({COMPILED_NAME})' from partially initialized module '([A-Za-z_][\w.]{{0,120}})' " + CIRCULAR_IMPORT_FILE.pattern
)
# A top-level module a project's own file imports, named as its compiled part or after the file's own folder
# (knn/knn_modules.py importing knn_pytorch: graspnet/graspnet-baseline#2; pointnet2/pointnet2_utils.py importing
# pointnet2_cuda): the part that folder's setup.py builds, never installed.
_TOP_MISSING = re.compile(r"No module named '([A-Za-z_]\w{1,60})'")
# "(unknown location)": Python found the compiled part's name only as a folder without __init__.py (a namespace
# package), the folder of sources it is built from, so nothing was built or installed (jllllll/exllama#11: "cannot
# import name 'make_q4' from 'exllama_ext' (unknown location)", fixed by installing the package, which builds it).
_COMPILED_PART_ONLY_SOURCES = re.compile(
    rf"cannot import name '?\w{{1,80}}'? from '((?:[A-Za-z_]\w{{0,60}}\.){{0,6}}{COMPILED_NAME})' \(unknown location\)"
)


_FFI_PART_MISSING = re.compile(
    r"^\s{0,12}from \.(\w{1,60}) import lib as _lib, ffi as _ffi\s{0,4}\n\w{0,20}(?:Import|ModuleNotFound)Error: "
    r"No module named '?[\w.]{0,120}\.\1'?",
    re.M,
)


@extractor
def projects_compiled_part_never_built(err: ErrorText) -> Iterator[Signal]:
    unbuilt = err.search_last(_PACKAGE_COMPILED_MISSING)
    if unbuilt and unbuilt.group(3) and _project_package_unbuilt(unbuilt.group(2), unbuilt.group(3)):
        said = f"{unbuilt.group(2)} ({unbuilt.group(3)}) has no compiled {unbuilt.group(1)}: the project's build never made it"
        yield signal("build_toolchain_missing", 0.75, [err.evidence(unbuilt), said], kind="never_built", extension=unbuilt.group(2))
        return
    if unbuilt and not unbuilt.group(3) and not err.frames_before(unbuilt.start()) and unbuilt.group(2).split(".")[0] not in _FAMILY:
        # The same words with no file named and no frame (a pasted line): the package that answered is its source checkout, where
        # Python starts (facebookresearch/detectron2#2752, gone once run from another folder), or a checkout never built
        # (detectron2#538's frames in ~/tmp/detectron2/detectron2): either way its sources, without the compiled part.
        package = unbuilt.group(2).split(".")[0]
        evidence = [err.evidence(unbuilt), f"{unbuilt.group(2)} has no compiled {unbuilt.group(1)}: its source tree answered"]
        yield signal("shadowed_module", 0.55, evidence, module=package, path=None, intruder=False, reason="source_checkout")
        yield signal("build_toolchain_missing", 0.45, evidence, kind="never_built", extension=package)
        return
    bare = err.search_last(_BARE_COMPILED_NAME)
    own_line = _own_compiled_import(err, bare) if bare else None
    if bare and own_line:
        said = f"the project's own `{own_line.group(0).strip()}` found no compiled {bare.group(1)}: it was never built"
        package = own_line.group(1)
        extension = bare.group(1) if package.startswith(".") else package  # a relative import names no package
        yield signal("build_toolchain_missing", 0.6, [err.evidence(bare), said], kind="never_built", extension=extension)
        return
    partial = err.search(_PARTIAL_COMPILED)
    if partial and not installed_file(partial.group(3)) and partial.group(2).split(".")[0] not in _FAMILY:
        said = f"{partial.group(2)}, the project's own package ({partial.group(3)}), has no compiled {partial.group(1)}"
        yield signal("build_toolchain_missing", 0.7, [err.evidence(partial), said], kind="never_built", extension=partial.group(2))
        return
    sources = err.search(_COMPILED_PART_ONLY_SOURCES)
    if sources and sources.group(1).split(".")[0] not in _FAMILY:
        said = f"{sources.group(1)} is only a folder (its sources), not a built module: it was never built or installed"
        yield signal("build_toolchain_missing", 0.7, [err.evidence(sources), said], kind="never_built", extension=sources.group(1))
        return
    op = err.search(_COMPILED_OP_MISSING)
    frames = err.frames_before(op.start()) if op else []
    top = op.group(1).split(".")[0] if op else ""
    if op and top not in _FAMILY and top not in STDLIB_NAMES and not (frames and installed_file(frames[-1])):
        module = op.group(1) + op.group(2)
        said = f"{module} is named like a compiled op module, which the project builds from its sources"
        yield signal("build_toolchain_missing", 0.55, [err.evidence(op), said], kind="never_built", extension=module)
        return
    ffi = err.search(_FFI_PART_MISSING)
    if ffi:
        # The __init__.py that torch.utils.ffi's create_extension writes beside the part it builds (torch <= 0.4): the
        # folder is there, the part is not, so the project's build.py never ran (PointGLR#6, fixed by running it).
        said = f"{ffi.group(1)} is the part torch.utils.ffi builds (torch 0.4 and older); the project's build step never made it"
        yield signal("build_toolchain_missing", 0.7, [err.evidence(ffi), said], kind="never_built", extension=ffi.group(1))
        return
    yield from _folders_own_part_missing(err)
    yield from _installed_cuda_part_missing(err)


# An installed package whose own file imports its CUDA part, which is not there while the rest of it is: it was built
# where no CUDA toolkit was found, so only the CPU part was compiled ("No module named 'torch_cluster.graclus_cuda'":
# rusty1s/pytorch_cluster#20, rebuilt with the toolkit). AutoGPTQ imports its kernels in a try block and fails later
# on the unbound name ("name 'autogptq_cuda_256' is not defined": AutoGPTQ/AutoGPTQ#193, reinstalled with its CUDA
# extension built).
_PACKAGE_CUDA_MISSING = re.compile(r"No module named '([A-Za-z_]\w{0,60})\.(\w{1,60}_cuda)'")
# The same unbound name from a project's own kernels, pasted without frames: "NameError: name 'selective_scan_cuda_core'
# is not defined" (UNetMamba#6: the repository's kernels/selective_scan package was never pip-installed). AutoAWQ's
# awq_ext likewise (QwenLM/Qwen3#221): its kernels package imported in a try block.
_CUDA_NAME_UNBOUND = re.compile(r"NameError: name '([A-Za-z_]\w{0,60}_(?:cuda(?:_\w{1,20})?|ext))' is not defined")
# AutoGPTQ's own warning when that import failed, all a user may paste ("CUDA extension not installed.": its kernels
# need nvcc to build, and installing the CUDA toolkit then reinstalling cleared it: AutoGPTQ/AutoGPTQ#239).
_AUTOGPTQ_NO_KERNELS = re.compile(r"^\W{0,4}(?:WARNING[^\n]{0,80})?CUDA extension not installed(?:\.|$)", re.M | re.I)


def _project_package_unbuilt(package: str, path: str) -> bool:
    """A package of a project's own, not torch's family, outside site-packages, and not a clone of that package's own
    repository (detectron2/detectron2/__init__.py: the checkout may hide an installed build, detectron2's INSTALL.md
    says, which the shadowing reading gives first)."""
    top = package.split(".")[0]
    parts = [part.lower() for part in re.split(r"[\\/]", path)]
    clone = len(parts) >= 3 and parts[-2] == top.lower() and parts[-3].startswith(top.lower())
    return top not in _FAMILY and not installed_file(path) and not clone


def _installed_cuda_part_missing(err: ErrorText) -> Iterator[Signal]:
    warned = err.search(_AUTOGPTQ_NO_KERNELS)
    if warned:
        said = "auto_gptq says its CUDA kernels were not built"
        yield signal("build_toolchain_missing", 0.6, [err.evidence(warned), said], kind="built_without_cuda", extension="auto_gptq")
        return
    match = err.search(_PACKAGE_CUDA_MISSING) or err.search(_CUDA_NAME_UNBOUND)
    frames = err.frames_before(match.start()) if match else []
    package = owner(frames[-1]) if frames else None
    if match and not frames and match.re is _CUDA_NAME_UNBOUND:
        said = f"{match.group(1)} is named like a compiled CUDA module, imported in a try block that failed: it was never built"
        yield signal("build_toolchain_missing", 0.5, [err.evidence(match), said], kind="never_built", extension=match.group(1))
        return
    if not match or not package or package in _FAMILY:
        return
    if match.re is _PACKAGE_CUDA_MISSING and match.group(1) != package:
        return
    part = match.group(match.lastindex or 1)
    if part.endswith("_ext"):  # a kernels module of its own (awq_ext): not loaded, whatever its build was
        said = f"{package} is installed, but its compiled part {part} did not load: it was never built here, or failed"
        yield signal("build_toolchain_missing", 0.6, [err.evidence(match), said], kind="part_not_built", extension=part, package=package)
        return
    said = f"{package} is installed, but its CUDA part {part} is not: it was built without CUDA"
    yield signal("build_toolchain_missing", 0.6, [err.evidence(match), said], kind="built_without_cuda", extension=package)


def _folders_own_part_missing(err: ErrorText) -> Iterator[Signal]:
    missing = err.search_last(_TOP_MISSING)
    frames = err.frames_before(missing.start()) if missing else []
    if not missing or not frames or frames[-1].startswith("<"):
        return
    name, importer = missing.group(1), frames[-1]
    if name in STDLIB_NAMES or name in _FAMILY:
        return
    package = owner(importer)
    if package in _FAMILY:
        return
    compiled = re.fullmatch(COMPILED_NAME, name) is not None
    if package:  # an installed package's own file: its separately built part is missing, never a folder's
        if compiled or _named_after(name, _installed_names(importer)):
            said = f"{package}'s own {importer} imports {name}, its compiled part, which was never built or installed"
            detail = {"kind": "part_not_built", "extension": name, "package": package}
            yield signal("build_toolchain_missing", 0.6, [err.evidence(missing), said], **detail)
        return
    if compiled or _named_after(name, _project_names(importer)):
        said = f"{importer} imports {name}, the compiled part its folder's build makes, which is not installed"
        yield signal("build_toolchain_missing", 0.6, [err.evidence(missing), said], kind="never_built", extension=name)


# A compiled part is often named after the code that imports it: torch-ngp's raymarching/ folder imports
# _raymarching_face (yerfor/GeneFace#262), flash_attn/layers/rotary.py imports rotary_emb, built from csrc/rotary
# (Dao-AILab/flash-attention#160), gptq/quant.py imports quant_cuda (henrywoo/pyllama#30), llm-awq's awq package imports
# awq_inference_engine, built in awq/kernels (mit-han-lab/llm-awq#140), ktransformers imports KTransformersOps
# (kvcache-ai/ktransformers#544). A project's file is read by its folders only, an installed package's by its stem only.
# The name goes on after the importer's own name at a word's start ('_', or a capital), so quant.py importing a missing
# 'quantization' is not read as one.
def _named_after(name: str, names: list[str]) -> bool:
    bare = name.lstrip("_")
    for own in (n.lower() for n in names if len(n) > 2):
        if bare.lower() == own and name.startswith("_"):
            return True
        rest = bare[len(own) :]
        if bare.lower().startswith(own) and rest and (rest[0] == "_" or rest[0].isupper()):
            return True
    return False


def _project_names(path: str) -> list[str]:
    """A project file's folder and the folder above: its package's names. Not its own stem, which a project's own
    modules share (app.py beside app_config.py), nor folders higher up, which are the user's."""
    return path.replace("\\", "/").split("/")[-3:-1]


def _installed_names(path: str) -> list[str]:
    """An installed file's own stem. Not its package's name: companion distributions are named after the package they
    serve (tensorboard imports tensorboard_data_server), and one missing is an install, not a build."""
    return [_stem(path.replace("\\", "/").rsplit("/", 1)[-1])]


def _stem(file_name: str) -> str:
    return re.sub(r"\.pyw?$|\.pyx$", "", file_name)


def _own_compiled_import(err: ErrorText, bare: re.Match[str]) -> re.Match[str] | None:
    """The `from P import _C` line of the project's own file (not installed, not torch's) right above ``bare``.

    Pasted without its frames, the line right above the message is read alone (mega.pytorch#34: `from mega_core import
    _C` over Python 3.7's bare "cannot import name '_C'"; the project was never built)."""
    frames = err.frames_before(bare.start())
    if frames and installed_file(frames[-1]):
        return None
    start = err.text.rfind(frames[-1], 0, bare.start()) if frames else err.text.rfind("\n", 0, max(0, bare.start() - 1)) + 1
    line = _OWN_COMPILED_IMPORT.search(err.text, start, bare.start())
    return line if line and line.group(1).split(".")[0] not in _FAMILY else None


# glibc 2.41 declares C23's cospi/sinpi/rsqrt with noexcept; the crt/math_functions.h of CUDA 12.9 and older declares
# them without, so nvcc's host pass stops on any .cu file (thu-ml/SageAttention#240 on Fedora 42, NVIDIA/nccl#1700 on
# Ubuntu 25.04, NVIDIA/cuda-samples#378 with CUDA 12.9; opencv/opencv#27111 quotes NVIDIA's forum patch, which adds the
# noexcept to CUDA's declarations; JustVugg/colibri PR 630: CUDA 12.9 and older clash).
_GLIBC_C23_MATH = re.compile(
    r"exception specification is incompatible with that of previous function \"(cospi|sinpi|rsqrt)f?\""
    r"\s{0,4}\(declared at line \d{1,6} of\s{0,4}[^)\n]{0,300}crt/math_functions\.h\)"
)


@extractor
def cuda_headers_older_than_glibc(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_GLIBC_C23_MATH)
    if match:
        said = "glibc 2.41+ declares cospi/sinpi/rsqrt noexcept; CUDA 12.9's and older headers declare them without"
        yield signal("build_toolchain_missing", 0.9, [err.evidence(match), said], kind="glibc_c23_math")


# GCC 13's libstdc++ headers stopped including <cstdint> from other headers ("Header dependency changes",
# https://gcc.gnu.org/gcc-13/porting_to.html): sources that used uint32_t or std::uintptr_t without including it stop
# compiling under GCC 13 and newer, through nvcc too (graphdeco's diff-gaussian-rasterization: xg-chu/GAGAvatar#55,
# ashawkey/diff-gaussian-rasterization PR 22; both fixed by adding #include <cstdint>).
_CSTDINT_MISSING = re.compile(
    r"(?:identifier|namespace \"std\" has no member) \"(u?int(?:8|16|32|64|ptr)_t)\"(?: is undefined)?"
    r"|[‘'`](?:std::)?(u?int(?:8|16|32|64|ptr)_t)[’'] "
    r"(?:was not declared in this scope|does not name a type|is not a member of [‘'`]std[’'])"
)
_ERROR_FILE = re.compile(r"([\w./\\-]{1,300}\.(?:h|hh|hpp|cuh|cu|cpp|cc|cxx))[(:]\d{1,6}")


@extractor
def sources_missing_cstdint(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_CSTDINT_MISSING)
    if match:
        typename = match.group(1) or match.group(2)
        where = _ERROR_FILE.search(err.raw_line_at(match.start()))
        said = f"{typename} comes from <cstdint>, which GCC 13's headers no longer include for the sources"
        detail = {"kind": "cstdint", "typename": typename, "file": where.group(1) if where else None}
        yield signal("build_toolchain_missing", 0.8, [err.evidence(match), said], **detail)


# CUB's own check, from the CUB a newer CUDA toolkit ships: sources that wrap CUB in their own namespace with
# CUB_NS_PREFIX/CUB_NS_POSTFIX (as CUB 1.x asked) stop at "#error CUB requires a definition of CUB_NS_QUALIFIER when
# CUB_NS_PREFIX/POSTFIX are defined" (NVlabs/AutoDMP#8: DREAMPlace's ops under CUDA 12.3; they built with CUDA 11.4).
_CUB_NS_QUALIFIER = re.compile(r"CUB requires a definition of CUB_NS_QUALIFIER when CUB_NS_PREFIX/POSTFIX are defined")


@extractor
def sources_older_than_cub(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_CUB_NS_QUALIFIER)
    if match:
        said = "the CUB of this CUDA toolkit asks for CUB_NS_QUALIFIER, which sources written for CUB 1.x do not define"
        yield signal("build_toolchain_missing", 0.85, [err.evidence(match), said], kind="cub_namespace")


# A package that finds its compiled library by file name (PyG's torch_scatter, torch_sparse, torch_cluster:
# `torch.ops.load_library(importlib.machinery.PathFinder().find_spec(f"{library}_{suffix}", [dirname(__file__)]).origin)`)
# gets None when no built library lies beside it: a source checkout whose build was never run or failed there
# (rusty1s/pytorch_scatter#183: on an Apple M1, rebuilt with clang and MACOSX_DEPLOYMENT_TARGET=11.1).
_FIND_SPEC_NONE = re.compile(r"find_spec\([^\n]{0,300}\n(?:[^\n]{0,300}\n){0,6}?[^\n]{0,40}'NoneType' object has no attribute 'origin'")


@extractor
def checkout_library_not_found(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_FIND_SPEC_NONE)
    frames = err.frames_before(match.end()) if match else []
    own = next((path for path in reversed(frames) if not path.startswith("<")), None)
    if match and own and not installed_file(own):
        parts = own.replace("\\", "/").split("/")
        package = parts[-2] if len(parts) > 1 else None
        said = f"{own} looks for its compiled library beside it and finds none: it was never built there"
        yield signal("build_toolchain_missing", 0.6, [err.evidence(match), said], kind="never_built", extension=package)
