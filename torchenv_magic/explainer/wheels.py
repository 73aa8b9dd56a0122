"""No wheel for this interpreter: pip's ``No matching distribution found for torch`` and
``... is not a supported wheel on this platform`` (Poetry's and uv's words for the same), or
an installed binary of another CPU architecture than the process (dyld's ``incompatible
architecture``).

Signals carry ``kind`` ('no_distribution', 'unsupported_wheel' or 'architecture') and what the text names:
the package and version asked for (``spec``), whether pip saw no version at all
(``none_found``), and a wheel's Python and platform tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

from .. import compat
from .build import PIP_WHEEL_BUILD_FAILED
from .packaging_rules import TORCH_FAMILY
from .signals import Signal, extractor, signal
from .text import DISTRIBUTION_OF, ErrorText

_NO_DIST = re.compile(
    rf"(?:No matching distribution found for|Could not find a version that satisfies the requirement) ({TORCH_FAMILY})\b([^\s()]{{0,60}})",
    re.I,
)
_FROM_VERSIONS = re.compile(r"\(from versions: ([^)\n]{0,400})\)")
_NOT_SUPPORTED = re.compile(r" is not a supported wheel on this platform")
# The file name, without a quote the user put before it ('"numpy-1.18.5-cp38-...whl is not a supported wheel ..."':
# tensorflow/tensorflow_macos#89 quoting pip's line).
_WHEEL_BEFORE = re.compile(r"([^\s\"'“‘`]{1,200}\.whl)$")
_WHEEL_TAGS = re.compile(r"-(cp\d{2,3})-[\w]{1,10}-([\w.]{1,60})\.whl$")
# The glibc a PEP 600 platform tag asks for (manylinux_2_28_x86_64: glibc 2.28); the lowest of a wheel's tags counts.
_MANYLINUX_GLIBC = re.compile(r"manylinux_2_(\d{1,2})_")
# Other installers' words for "no wheel of that release fits this interpreter":
# Poetry's "Unable to find installation candidates for torch (2.5.1)" with "wheel(s) were skipped
# as your project's environment does not support the identified abi tags" (mindverse/Second-Me#32:
# torch 2.5.1 on an Intel Mac), uv's "Distribution `torch==2.5.1 @ registry+...` can't be installed
# because it doesn't have a source distribution or wheel for the current platform" and "has no
# wheels with a matching platform tag" (astral-sh/uv#10085, #10236).
_OTHER_INSTALLERS = re.compile(
    rf"Unable to find installation candidates for ({TORCH_FAMILY}) \(([^)\s]{{1,40}})\)"
    # uv 0.2 writes it in lower case without backticks
    # ("error: distribution torch==2.3.1+cpu @ registry+...": astral-sh/uv#5182)
    # (the line may wrap after "can't be": fredericchai/bili2text#95)
    rf"|[Dd]istribution `?({TORCH_FAMILY})==([^\s`@]{{1,40}})[^`\n]{{0,200}}?`? can't be\s{{1,12}}installed\s{{1,12}}"
    r"because it doesn't have a source"
    # uv writes a requirement's environment marker after the name (vllm-project/vllm-metal#379:
    # "torch{platform_machine == 'aarch64' or ...}==2.11.0+cpu").
    rf"|Because ({TORCH_FAMILY})(?:\{{[^}}\n]{{0,300}}\}})?==([^\s]{{1,40}}) has no wheels with a matching (?:platform|Python ABI) tag"
    # uv >= 0.8: "You're on macOS (`macosx_15_0_arm64`), but `torch` (v2.8.0+cu128) only has wheels for the
    # following platforms: `manylinux_2_28_x86_64`, `win_amd64`" (tbp verifiers#553: no macOS CUDA build).
    # Pasted without uv's backticks too (debpalash/voicestudio#889: "but torch (v2.8.0) only has wheels for macosx_11_0_arm64").
    rf"|`?({TORCH_FAMILY})`? \(v([^)\s]{{1,40}})\) only has wheels for"
    # uv names a range when the requirement had one ("torch>=2.6.0,<=2.10.0+cpu has no wheels with a matching
    # platform tag (e.g., `macosx_26_0_x86_64`)": unslothai/unsloth#5187, an x86_64 Python under Rosetta).
    rf"|\b({TORCH_FAMILY})((?:[<>=!~]=?[\w.+*]{{1,40}},?){{1,4}}) has no wheels with a matching"
    r"\s{1,12}(?:platform|Python ABI)\s{1,12}tag"
)
# The platform tag an installer names for the running Python: an Intel macOS one (uv's "(e.g., `macosx_26_0_x86_64`)").
_INTEL_MAC_TAG = re.compile(r"`?macosx_\d{1,2}_\d{1,2}_x86_64`?")
# dyld names the macOS a torch library was built for when the running one is older: "libc10.dylib (which
# was built for Mac OS X 10.13)" on OS X 10.11 (pytorch/pytorch#126679: torch >= 2.1 needs 10.13+).
# Any package's library says it the same way (Pillow 5.1.0's bundled liblzma "built for Mac OS X 10.12" on 10.11:
# pytorch/vision#516), and a Python extension module too (open3d.cpython-36m-darwin.so "built for Mac OS X 10.15" on
# 10.13/10.14: isl-org/Open3D#1421, fixed by open3d 0.8.0); newer dyld says "macOS 11.0". The folder under site-packages
# names the package.
_BUILT_FOR_MACOS = re.compile(r"\.(?:dylib|so) \(which was built for (?:Mac OS X|macOS) (\d{1,2}\.\d{1,2})\)")
_SITE_PACKAGE = re.compile(r"(?:site|dist)-packages/([A-Za-z_]\w{0,60})/")
# dyld: a Mach-O file of the other CPU architecture (an arm64 torch on an Intel Mac, an x86_64 torch
# under an arm64 Python): "(mach-o file, but is an incompatible architecture (have 'x86_64', need
# 'arm64'))" (invoke-ai/InvokeAI#2152, carson-katri/dream-textures#346). Linux's loader says
# "wrong ELF class: ELFCLASS32" for a 32-bit library in a 64-bit process.
# Apple's linker says it its own way when a native build links torch's libraries (LaurentMazare/tch-rs#881:
# "found architecture 'x86_64', required architecture 'arm64'"). A pasted dyld message may be wrapped between the two words
# (rusty1s/pytorch_sparse#199).
_ARCHITECTURE = re.compile(
    r"incompatible\s{1,12}architecture \(have \(?'?(\w{1,12})'?\)?, need \(?'?(\w{1,12})'?\)?\)|wrong ELF class: (ELFCLASS\d{2})"
    r"|found architecture '(\w{1,12})', required architecture '(\w{1,12})'"
    # ld linking an x86_64-only libtorch into an arm64 build on an M1 Mac (pytorch/pytorch#63558).
    r"|building for macOS-(\w{1,12}) but attempting to link with file built for macOS-(\w{1,12})"
)
# dyld's shorter words, naming neither ("tokenizers.cpython-311-darwin.so: mach-o, but wrong architecture":
# huggingface/tokenizers#1447, an x86_64 wheel under an arm64 Homebrew Python); read only where the longer ones are not.
_WRONG_ARCHITECTURE = re.compile(r"mach-o(?: file)?, but (?:wrong|is an incompatible) architecture")


# conda's own "not available" for the torch family, with the channels it searched: their platform subdirectory
# (osx-arm64, linux-aarch64, win-32) has no such package (conda-forge/miniforge#80: no osx-arm64 pytorch in 2020).
_CONDA_NOT_FOUND = re.compile(
    rf"PackagesNotFoundError: The following packages are not available from current channels:\s{{1,12}}-\s{{1,4}}((?:py)?{TORCH_FAMILY})\b"
)
_CONDA_CHANNEL_PLATFORM = re.compile(r"^\s{0,8}-\s{1,4}\S{1,200}/((?:osx|linux|win)-[\w]{1,12})\s*$", re.M)
# conda 23.10+ (libmamba) says the same as "nothing provides <what> needed by pytorch-1.11.0-..." or "nothing provides
# requested pytorch", and names the platform it solved for on its own line ("Platform: osx-arm64"): the torch build asked
# for, or something it needs (MKL's blas), has no package in that subdirectory (thousandbrainsproject/tbp.monty#95:
# pytorch 1.11.0's MKL build on an M1 Mac, fixed by solving for osx-64 under Rosetta).
_CONDA_NOTHING_PROVIDES = re.compile(
    rf"nothing provides (?:requested (?:[\w-]{{1,40}}::)?((?:py)?{TORCH_FAMILY})\b|[^\n]{{1,120}}? needed by ((?:py)?{TORCH_FAMILY})-\d)"
)
_CONDA_SOLVED_PLATFORM = re.compile(r"^\s{0,8}Platform: ((?:osx|linux|win)-\w{1,12})\s*$", re.M)


def _torch_missing_for_platform(err: ErrorText) -> tuple[re.Match[str], re.Match[str]] | None:
    """conda's words that a torch-family package is missing, and the platform its channels were searched for."""
    missing = err.search(_CONDA_NOT_FOUND) or err.search(_CONDA_NOTHING_PROVIDES)
    platform = (err.search(_CONDA_CHANNEL_PLATFORM) or err.search(_CONDA_SOLVED_PLATFORM)) if missing else None
    return (missing, platform) if missing and platform else None


@extractor
def conda_package_not_for_platform(err: ErrorText) -> Iterator[Signal]:
    found = _torch_missing_for_platform(err)
    if found:
        missing, platform = found
        package = next(group for group in missing.groups() if group)
        evidence = [err.evidence(missing), f"conda searched the {platform.group(1)} channels"]
        detail = {"kind": "no_distribution", "package": package, "spec": "", "none_found": True}
        yield signal("wheel_platform_mismatch", 0.75, evidence, conda_platform=platform.group(1), **detail)


# conda's "ResolvePackageNotFound" (conda env create) or "PackagesNotFoundError" listing, unless it names torch with the
# channels' platform (conda_package_not_for_platform's reading), where what it lists exists for some systems only: a
# build string of a CUDA build ("torchvision==0.11.1=py39_cu113", "pytorch==1.10.0=py3.9_cuda11.3_cudnn8.2.0_0"), which
# an environment file exported with builds pins for the system it was exported on (conda's docs, "Exporting an
# environment file across platforms": build strings are platform-specific; --from-history leaves them out); or a CUDA
# package, which macOS has none of ("MacOS Binaries dont support CUDA", pytorch.org/get-started/locally), NCCL built for
# Linux only (docs.nvidia.com/deeplearning/nccl, "NCCL ... Linux"), and pytorch-cpu/torchvision-cpu, the CPU packages up
# to 1.0/1.1, replaced by the cpuonly package from 1.2 on (pytorch.org/get-started/previous-versions). Reports:
# shape-design/prisma#1 (cu113 pins on macOS 13), togethercomputer/OpenChatKit#19 (nccl on Windows), mli/new-docs#46
# (pytorch-cpu on a Mac).
_CONDA_LISTING = re.compile(
    r"(?:ResolvePackageNotFound:|PackagesNotFoundError: The following packages are not available from current channels:)"
    r"[ \t]*\n((?:[ \t]*\n)?(?:[ \t]{0,8}-[ \t]{1,4}[^\n]{1,200}\n?){1,30})"
)
_CONDA_BUILD_FOR_CUDA = re.compile(r"^([\w.-]{1,60})==?[\w.*]{1,30}=[\w.]{0,40}(?:_cu\d{2,3}|_cuda\d{1,2}(?:\.\d)?)[\w.]{0,40}$")
_CONDA_SOME_SYSTEMS_ONLY = re.compile(
    r"^((?:cudatoolkit(?:-dev)?|pytorch-cuda|cuda-toolkit|nccl|cudnn|magma-cuda\d{2,3}|(?:pytorch|torchvision)-cpu))\b"
)


@extractor
def conda_listing_for_other_systems(err: ErrorText) -> Iterator[Signal]:
    listing = err.search(_CONDA_LISTING)
    if not listing or _torch_missing_for_platform(err):
        return  # torch named with the channels' platform is conda_package_not_for_platform's reading
    items = [line.strip()[1:].strip() for line in listing.group(1).splitlines() if line.strip().startswith("-")]
    pinned = [match.group(1) for match in map(_CONDA_BUILD_FOR_CUDA.match, items) if match]
    only_some = [match.group(1) for match in map(_CONDA_SOME_SYSTEMS_ONLY.match, items) if match]
    if pinned or only_some:
        packages = ", ".join(dict.fromkeys(pinned + only_some))
        said = f"the listing names {packages}, built for some systems only"
        kind = "conda_cuda_builds_pinned" if pinned else "conda_package_some_systems"
        yield signal("wheel_platform_mismatch", 0.7, [err.evidence(listing), said], kind=kind, packages=packages)


# A shell variable left in the requirement (cs224u#139: `torch==2.1.2+${DEVICE}` in a Colab cell that never set it).
_UNEXPANDED = re.compile(r"\$\{?\w{1,40}\}?|%\w{1,40}%")
# The same in the address pip looked in ("Looking in links: https://pytorch-geometric.com/whl/torch-1.8.0+${CUDA}.html":
# pyg-team/pytorch_geometric#2216, the README's ${CUDA} copied as it stood): no page, so no version at all.
_LOOKED_IN = re.compile(r"Looking in (?:links|indexes): ([^\n]{1,400})")


def _unexpanded_variable(err: ErrorText, missing: re.Match[str], spec: str) -> Signal | None:
    """The 'other' signal when the version asked for, or the address pip looked in, holds a variable never filled in."""
    if _UNEXPANDED.search(spec):  # the command, not the platform: a variable its shell never filled in
        return signal("other", 0.7, [err.evidence(missing)], kind="unexpanded_variable")
    looked_in = err.search(_LOOKED_IN)
    if looked_in and _UNEXPANDED.search(looked_in.group(1)):
        return signal("other", 0.9, [err.evidence(looked_in), err.evidence(missing)], kind="unexpanded_variable")
    return None


@extractor
def no_matching_distribution(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NO_DIST)
    if not match:
        return
    name, spec = match.group(1), match.group(2)
    unexpanded = _unexpanded_variable(err, match, spec)
    if unexpanded:
        yield unexpanded
        return
    nightly_pin = _companion_pins_a_nightly(err, match, name, spec)
    if nightly_pin:
        yield nightly_pin
        return
    evidence, none_found = _versions_pip_saw(err, match)
    confidence = 0.9 if _module_was_missing(err, name) else 0.85
    yield signal("wheel_platform_mismatch", confidence, evidence, kind="no_distribution", package=name, spec=spec, none_found=none_found)


# A torch nightly (".dev20200319") that a companion requires, asked of an index without PyTorch's nightlies: a nightly
# torchvision pins the nightly torch it was built with, which PyPI never has (tianzhi0549/FCOS#248: "No matching
# distribution found for torch==1.5.0.dev20200319 (from torchvision->fcos==0.1.9)", fixed by a released torchvision).
# Not the platform: every release pip listed may fit it.
_NIGHTLY_SPEC = re.compile(r"==\d{1,2}\.\d{1,3}\.\d{1,3}\.dev\d{8}")
_REQUIRED_BY = re.compile(r"\(from (torchvision|torchaudio|torchtext)\b")
_NIGHTLY_INDEX = "download.pytorch.org/whl/nightly"


def _companion_pins_a_nightly(err: ErrorText, missing: re.Match[str], name: str, spec: str) -> Signal | None:
    required_by = _REQUIRED_BY.search(err.line_at(missing.start()))
    if name != "torch" or not _NIGHTLY_SPEC.match(spec) or not required_by or _NIGHTLY_INDEX in err.text:
        return None
    companion = required_by.group(1)
    said = f"the {companion} being installed is a nightly that pins torch{spec}, a nightly PyPI never has"
    return signal("torchvision_torch_mismatch", 0.85, [err.evidence(missing), said], package=companion, reason="nightly_pin")


# pip asked one of PyTorch's variant indexes (its "Looking in indexes:" line; the nightly indexes differ) for a torch
# release that PyTorch did not build for that variant (compat.index_variant_lacking): the index, not the platform.
_PYTORCH_VARIANT_INDEX = re.compile(r"https://download\.pytorch\.org/whl/(cu\d{2,3}|rocm\d[\d.]{0,8}\d|rocm\d)\b(?![/.\w])")
_TORCH_RELEASE_ASKED = re.compile(r"(?:satisfies the requirement|No matching distribution found for) torch==(\d{1,2}\.\d{1,3}\.\d{1,3})\b")


@extractor
def torch_release_not_on_that_index(err: ErrorText) -> Iterator[Signal]:
    asked, index = err.search(_TORCH_RELEASE_ASKED), err.search(_PYTORCH_VARIANT_INDEX)
    other = compat.index_variant_lacking(index.group(1), asked.group(1)) if asked and index else None
    if asked and index and other:
        version, tag = asked.group(1), index.group(1)
        said = f"PyTorch built torch {version} for no {tag} variant; its nearest is {other}"
        index_url = f"https://download.pytorch.org/whl/{other}"
        evidence = [err.evidence(asked), err.evidence(index), said]
        yield signal("other", 0.92, evidence, kind="torch_not_on_that_index", requirement=f"torch=={version}", index_url=index_url)


# pip ignoring the index it was told to use: a plain-HTTP address it does not trust ("The repository located at
# pypi.v2ex.com is not a trusted or secure host and is being ignored"), so it saw no release at all and reports none
# (pytorch/pytorch#9124: a private mirror configured for pip; the maintainer: the index, not the platform).
_INDEX_IGNORED = re.compile(r"The repository located at (\S{1,200}?) is not a trusted or secure host and is being ignored")


@extractor
def index_ignored_as_untrusted(err: ErrorText) -> Iterator[Signal]:
    ignored = err.search(_INDEX_IGNORED)
    asked = err.search(_ANY_NO_DIST) if ignored else None
    if ignored and asked:
        # pip's two lines name the requirement; the release asked for may be in one of them only.
        asked = next((m for m in _ANY_NO_DIST.finditer(err.text) if m.group(1) == asked.group(1) and m.group(2)), asked)
        host, package, spec = ignored.group(1), asked.group(1), asked.group(2) or ""
        said = f"pip ignored {host}, the index it was given (plain HTTP, not trusted), so it saw no {package} release there"
        requirement = f'"{package}{spec}"' if spec else package  # the release asked for, quoted for the shell
        command = f"pip install {requirement} --index-url https://pypi.org/simple"
        yield signal("other", 0.9, [err.evidence(asked), err.evidence(ignored), said], kind="index_ignored", command=command)


def _versions_pip_saw(err: ErrorText, missing: re.Match[str]) -> tuple[list[str], bool]:
    """The evidence of pip's refusal, and whether pip saw no version of the package at all ("from versions: none")."""
    versions_seen = err.search(_FROM_VERSIONS)
    evidence = [err.evidence(missing)] + ([err.evidence(versions_seen)] if versions_seen else [])
    return evidence, versions_seen is not None and versions_seen.group(1).strip() in ("none", "")


def _module_was_missing(err: ErrorText, package: str) -> bool:
    """The module a script could not import is the one pip then found no wheel of (StableTuner#110): the platform first."""
    module = package.replace("-", "_")
    return bool(re.search(rf"No module named '{re.escape(module)}'", err.text, re.I))


# pip's own reason: the releases that would fit need another Python ("Ignored the following versions that require a
# different python version: 0.0.13 Requires-Python <=3.11,>=3.8; ...", then "No matching distribution found for
# insanely-fast-whisper==0.0.13" under Python 3.12: Vaibhavs10/insanely-fast-whisper#182). Said for any package.
_PYTHON_EXCLUDED = re.compile(r"Ignored the following versions that require a different python version: ([^\n]{1,3000})")
_REQUIRES_PYTHON = re.compile(r"([\w.+!-]{1,40}) Requires-Python ([^;\s]{1,60})")
# pip's first line of the two, alone where a paste stops there ("Could not find a version that satisfies the requirement
# mlx==0.0.3 (from versions: none)": mlx on Windows, miniseconds#6).
_ANY_NO_DIST = re.compile(
    r"(?:No matching distribution found for|Could not find a version that satisfies the requirement) ([A-Za-z][\w.-]{0,80})"
    r"(==[\w.+!-]{1,40})?"
)


@extractor
def python_version_excluded(err: ErrorText) -> Iterator[Signal]:
    excluded, missing = err.search(_PYTHON_EXCLUDED), err.search(_ANY_NO_DIST)
    if not (excluded and missing) or re.fullmatch(TORCH_FAMILY, missing.group(1), re.I):
        return  # torch's own "no matching distribution" is no_matching_distribution's, with compat's Python ranges
    ranges = {version: spec for version, spec in _REQUIRES_PYTHON.findall(excluded.group(1))}
    wanted = (missing.group(2) or "==")[2:]
    requires = ranges.get(wanted) or next(iter(ranges.values()), None)
    if requires:
        evidence = [err.evidence(missing), f"{missing.group(1)} {wanted or ''} requires Python {requires}".replace("  ", " ")]
        detail = {"kind": "no_distribution", "package": missing.group(1), "spec": missing.group(2) or "", "none_found": False}
        yield signal("wheel_platform_mismatch", 0.85, evidence, requires_python=requires, **detail)


# The same for any other package, without pip's reason ("ERROR: No matching distribution found for tensorflow" under
# Python 3.12 before TensorFlow published 3.12 wheels: tensorflow/tensorflow#62054; "from versions: none" for a 32-bit
# Python: #41262; decord on Apple silicon: MiniCPM-V#412). No wheel fits this Python or platform, unless pip could not
# reach the index at all, which its network errors say.
_PIP_NETWORK = re.compile(
    r"Could not fetch URL|ProxyError|SSLError|Temporary failure in name resolution|Failed to establish a new connection"
    r"|Retrying \(Retry\(|No route to host|Name or service not known|Could not resolve host"
)


# pip building a package from its source archive, and failing: the package it names.
_SOURCE_BUILD_FAILED = re.compile(
    PIP_WHEEL_BUILD_FAILED
    + r"|Encountered error while trying to install package\.\s{0,12}╰─> ([A-Za-z][\w.-]{0,60})"
    r"|(?:Using cached|Downloading) (?:\S{0,300}/)?([A-Za-z][\w.]{0,60})-\d[\w.]{0,30}\.tar\.gz(?=[\s\S]{0,3000}?"
    r"(?:Getting requirements to build wheel \.\.\. error|subprocess-exited-with-error))"
)


@extractor
def source_built_for_missing_wheel(err: ErrorText) -> Iterator[Signal]:
    """A package that ships wheels built from source, and failing: no wheel of the release pip chose fits here."""
    if not any(word in err.text for word in ("Failed building wheel", "Could not build wheels", "╰─>", ".tar.gz")):
        return  # none of pip's words for a source build: skip the costlier search
    for match in _SOURCE_BUILD_FAILED.finditer(err.text):
        package = next(group for group in match.groups() if group)
        if compat.publishes_wheels(package):
            said = f"{package} publishes wheels: pip built its source because none of that release fits this Python or platform"
            yield signal("wheel_platform_mismatch", 0.6, [err.evidence(match), said], kind="source_built", package=package)
            return


@extractor
def no_wheel_of_another_package(err: ErrorText) -> Iterator[Signal]:
    missing = err.search_last(_ANY_NO_DIST)
    if not missing or re.fullmatch(TORCH_FAMILY, missing.group(1), re.I) or err.search(_PYTHON_EXCLUDED) or err.search(_PIP_NETWORK):
        return  # torch's own and pip's stated reason are read above; a network failure is no platform's
    unexpanded = _unexpanded_variable(err, missing, missing.group(2) or "")
    if unexpanded:
        yield unexpanded
        return
    evidence, none_found = _versions_pip_saw(err, missing)
    confidence = 0.9 if _module_was_missing(err, missing.group(1)) else 0.75 if none_found else 0.6
    if none_found and compat.build_tool_on_every_platform(missing.group(1)):
        said = f"PyPI has {missing.group(1)} for every Python and platform: the index pip asked has none"
        yield signal("build_toolchain_missing", 0.7, [*evidence, said], kind="build_tool_unavailable", tool=missing.group(1))
        confidence = 0.45
    detail = {"kind": "no_distribution", "package": missing.group(1), "spec": missing.group(2) or "", "none_found": none_found}
    yield signal("wheel_platform_mismatch", confidence, evidence, **detail)


# A linker handed a library built for another system or CPU: GNU ld's "libtorch.so: error adding symbols: file in wrong
# format" (an x86_64 LibTorch download linked on a Raspberry Pi's arm64: pytorch/pytorch#43464, where the maintainers
# said no LibTorch download is built for it), or Apple's ld skipping "libtorch.so, file was built for unsupported file
# format ( 0x7F 0x45 0x4C 0x46 ...)" -- the ELF magic, a Linux library (LibTorch's Linux zip unpacked on a Mac:
# pytorch/pytorch#14892, where the answer was the macOS download). Older binutils capitalise "File in wrong format" (an
# x86 LibTorch linked on a Jetson TX2: pytorch/pytorch#22116). "File format not recognized; treating as linker script" is
# a text file, not another system's library (lfs_pointers.git_lfs_pointer_loaded).
_LINKED_WRONG_FORMAT = re.compile(
    r"([^\s:'\"]{1,300}\.(?:so|a|dylib)(?:\.\d{1,4}){0,3}): (?:error adding symbols: )?"
    r"[Ff]ile (?:in wrong format|format not recognized(?!; treating))"
    r"|ignoring file ([^\s,]{1,300}), file was built for unsupported file format \( ?(0x7F 0x45 0x4C 0x46)?"
)


@extractor
def linked_library_of_another_system(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_LINKED_WRONG_FORMAT)
    if not match:
        return
    path = (match.group(1) or match.group(2)).replace("\\", "/")
    library = path.rsplit("/", 1)[-1]
    libtorch = "/libtorch/" in path.lower() or library.startswith(("libtorch", "libc10", "libcaffe2"))
    built_for = "a Linux (ELF) library" if match.group(3) else "built for another system or CPU"
    said = f"{library} is {built_for}: this linker cannot use it"
    detail = {"kind": "linked_other_system", "library": library, "libtorch": libtorch, "elf": bool(match.group(3))}
    yield signal("wheel_platform_mismatch", 0.85, [err.evidence(match), said], **detail)


# Apple's linker refusing a library built for another of Apple's platforms: "Building for 'iOS-simulator', but linking
# in object file (/x/Pods/LibTorch/install/lib/libtorch.a[arm64][2](empty.cpp.o)) built for 'iOS'" (Xcode's wording;
# newer ld: "building for iOS Simulator, but linking in object file built for iOS, file '/x/libtorch.a'"). LibTorch's
# CocoaPods build has an arm64 slice for devices only, so an Apple-silicon simulator build fails
# (abdelaziz-mahdy/pytorch_lite#74: fixed by excluding arm64 for the simulator).
_APPLE_PLATFORM_LINK = re.compile(r"[Bb]uilding for '?([\w -]{2,30}?)'?, but linking in (?:object file|dylib)")
_APPLE_BUILT_FOR = re.compile(r"built for '?([\w -]{2,30}?)'?(?:[,)\s]|$)")
_APPLE_LIBRARY = re.compile(r"[^\s'(]{1,300}?\.(?:a|dylib|tbd)\b")


@extractor
def linked_library_of_another_apple_platform(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_APPLE_PLATFORM_LINK)
    rest = err.raw_line_at(match.start())[match.end() - match.start() :] if match else ""
    built, path = _APPLE_BUILT_FOR.search(rest), _APPLE_LIBRARY.search(rest)
    if match and built and path:
        library = path.group().rsplit("/", 1)[-1]
        said = f"{library} was built for {built.group(1)}; this build is for {match.group(1)}"
        libtorch = "/libtorch/" in path.group().lower() or library.startswith(("libtorch", "libc10"))
        platforms = {"building": match.group(1), "built": built.group(1)}
        detail = {"kind": "linked_other_system", "library": library, "libtorch": libtorch, **platforms}
        yield signal("wheel_platform_mismatch", 0.85, [err.evidence(match), said], **detail)


# bitsandbytes releases that hold Linux libraries only (compat.first_native_build), failing on Windows in their own loader
# or loading a Linux .so on macOS.
_BNB_WINDOWS_PATH = re.compile(r"argument of type 'WindowsPath' is not iterable")
# Its own setup report on Windows (WindowsPath folders near it) looking for the Linux runtime's file name, libcudart.so:
# a release before Windows builds (bitsandbytes-foundation/bitsandbytes#1104, fixed by bitsandbytes>=0.43.0).
_BNB_SETUP_NO_CUDART = re.compile(r"CUDA_?SETUP: WARNING! libcudart\.so not found")
_WINDOWS_PATH_OBJECT = re.compile(r"WindowsPath\(")
_BNB_FRAME = re.compile(r"bitsandbytes[\\/](?:cextension|cuda_setup)")
_BNB_LINUX_LIBRARY_ON_MAC = re.compile(r"/Users/\S{0,300}?bitsandbytes/(libbitsandbytes_\w{1,40}\.so)\b")


# bitsandbytes' own functions start with "c" (cadam32bit_grad_fp32, cquantize_blockwise_fp16, cget_managed_ptr); asked
# of its library handle while that is None, its loader found no library it could load (maitrix-org/llm-reasoners#45 on
# a Mac, where the maintainer said bitsandbytes' kernels are for NVIDIA GPUs).
_BNB_LIBRARY_NONE = re.compile(
    r"'NoneType' object has no attribute '(c(?:adam|quantize|dequantize|get_managed|gemm|lion|momentum|rmsprop)\w{0,60})'"
    # Windows' ctypes words a library without the function "function 'x' not found": there, after bitsandbytes said it
    # was "compiled without GPU support", the library it loaded has none of its CUDA functions (bitsandbytes-foundation/
    # bitsandbytes#879: fixed by a copy that had the Windows CUDA binaries).
    r"|(?<=function ')(c(?:adam|quantize|dequantize|get_managed|gemm|lion|momentum|rmsprop)\w{0,60})' not found"
)


# The Windows builds of bitsandbytes 0.37 to 0.41 that web UIs installed (jllllll's bitsandbytes-windows wheels) hold a
# CPU library and CUDA ones, and log the one they load ("bin ...\bitsandbytes\libbitsandbytes_cpu.dll"); they take the
# CPU one when torch.cuda.is_available() is False (oobabooga/text-generation-webui#2405: `pip install -U xformers` had
# replaced the installer's CUDA torch with torch 2.0.1 from PyPI, whose Windows wheels are CPU builds).
_BNB_CPU_DLL = re.compile(r"[\\/]bitsandbytes[\\/]libbitsandbytes_cpu\.dll")


def _bnb_setup_on_windows(err: ErrorText) -> re.Match[str] | None:
    """bitsandbytes' setup report not finding libcudart.so, with Windows' path objects within 3,000 characters of it."""
    setup = err.search(_BNB_SETUP_NO_CUDART)
    if setup and _WINDOWS_PATH_OBJECT.search(err.text, max(0, setup.start() - 3000), setup.end() + 3000):
        return setup
    return None


@extractor
def bitsandbytes_without_native_build(err: ErrorText) -> Iterator[Signal]:
    in_its_loader = err.search(_BNB_WINDOWS_PATH) if err.search(_BNB_FRAME) else None
    windows_path = in_its_loader or _bnb_setup_on_windows(err)
    if windows_path:
        said = "this bitsandbytes release holds Linux libraries only: its loader fails on Windows"
        detail = {"kind": "no_native_build", "package": "bitsandbytes", "system": "windows"}
        yield signal("wheel_platform_mismatch", 0.85, [err.evidence(windows_path), said], **detail)
        return
    on_mac = err.search(_BNB_LINUX_LIBRARY_ON_MAC) if err.platform in ("macos", None) else None
    if on_mac:
        said = f"{on_mac.group(1)} is a Linux library: this bitsandbytes release has none for macOS"
        detail = {"kind": "no_native_build", "package": "bitsandbytes", "system": "macos"}
        yield signal("wheel_platform_mismatch", 0.85, [err.evidence(on_mac), said], **detail)
        return
    no_library = err.search(_BNB_LIBRARY_NONE) if err.platform in ("macos", "windows") else None
    cpu_dll = err.search(_BNB_CPU_DLL) if no_library else None
    if cpu_dll:
        # A Windows build of bitsandbytes, then: it chose its CPU library because torch reports no CUDA.
        said = "bitsandbytes has Windows libraries and loaded its CPU one: torch reported no CUDA, as a CPU build of torch does"
        yield signal("cpu_only_build", 0.7, [err.evidence(cpu_dll), said])
        return
    if no_library and (no_library.group(1) or (err.platform == "windows" and "compiled without GPU support" in err.text)):
        system = "windows" if err.platform == "windows" else "macos"
        function = no_library.group(1) or no_library.group(2)
        said = f"bitsandbytes asked its library for {function}, but loaded none: this release has no build for {system}"
        detail = {"kind": "no_native_build", "package": "bitsandbytes", "system": system}
        yield signal("wheel_platform_mismatch", 0.7, [err.evidence(no_library), said], **detail)


# Windows refusing a Linux library: "[WinError 193] %1 is not a valid Win32 application" where the file loaded is a .so
# (bitsandbytes 0.3x shipped only libbitsandbytes.so, and ctypes loaded it on Windows: facebookresearch/bitsandbytes#7).
# A .so name alone on Windows is no such sign: TensorFlow's op libraries keep it there (tensorflow-quantum 0.3.1's
# win_amd64 wheel holds _tfq_simulate_ops.so, which `file` reads as a PE32+ DLL), so only Windows' refusal counts.
_NOT_WIN32 = re.compile(r"WinError 193\]|is not a valid Win32 application")
_LINUX_LIBRARY = re.compile(r"([\w.-]{1,120}\.so(?:\.\d{1,4}){0,3})(?![\w.])")
_CTYPES_LOADS_SO = re.compile(r"(?:LoadLibrary|CDLL|WinDLL)\([^\n]{0,300}?" + _LINUX_LIBRARY.pattern)


@extractor
def linux_library_on_windows(err: ErrorText) -> Iterator[Signal]:
    refused = err.search(_NOT_WIN32)
    library = _LINUX_LIBRARY.search(err.raw_line_at(refused.start())) if refused else None
    if refused and not library:
        # A real traceback names the file in the code that loaded it (`ct.cdll.LoadLibrary(... + '/libx.so')`), not on
        # the error line, which Wine words "[WinError 193] Bad EXE format for %1" (tests/windows/test_windows_linux_library.py).
        codes = [code for _path, code in err.frame_code() if code]
        library = next((found for code in reversed(codes) if (found := _LINUX_LIBRARY.search(code))), None)
    if refused and not library:
        # A paste that kept the loading line and not its frame (zb12138/OctAttention#11: `lib = cdll.LoadLibrary(... +
        # '/Octree_python_lib.so')` right above the Chinese Windows' words for 193; the maintainer: Linux only).
        loads = list(_CTYPES_LOADS_SO.finditer(err.text, max(0, refused.start() - 1500), refused.start()))
        library = loads[-1] if loads else None
    if refused and library:
        said = f"{library.group(1)} is a Linux shared library; Windows loads DLLs"
        # The same finding as bitsandbytes' own loader failing on Windows: one wheel of Linux libraries for every system.
        package = compat.package_of_linux_library(library.group(1))
        detail = {"kind": "no_native_build", "package": package, "system": "windows", "library": library.group(1)}
        yield signal("wheel_platform_mismatch", 0.8, [err.evidence(refused), said], **detail)


# DeepSpeed's async_io op, built from source on Windows: it needs Linux's libaio, so the link finds no aio.lib ("LINK :
# fatal error LNK1181: cannot open input file 'aio.lib'"), and the build stops ("Unable to pre-compile async_io").
# deepspeedai/DeepSpeed#3145 (pip building 0.8.3's source; the maintainer pointed to the Windows wheels since published) and
# ssbuild/chatglm_finetuning#175 (setup.py install with DS_BUILD_OPS=1; answered: DeepSpeed's async_io needs Linux).
# The link line alone is DeepSpeed's harmless probe at import (unslothai/unsloth#1909), not a failure.
_DEEPSPEED_AIO_FAILED = re.compile(r"Unable to pre-compile async_io")
_AIO_LIB_MISSING = re.compile(r"LNK1181[^\n]{0,80}\baio\.lib")
# Within pip's build of DeepSpeed's source package the link line is the build's own, not the probe (deepspeedai/DeepSpeed
# #6465: `pip install deepspeed` on Windows' Python 3.10, which had no wheel, building deepspeed-0.15.4.tar.gz; the
# maintainer pointed to the published Windows wheel).
_DEEPSPEED_SOURCE_PACKAGE = re.compile(r"\bdeepspeed-[\d.]{1,20}\.tar\.gz\b")


@extractor
def deepspeed_linux_op_on_windows(err: ErrorText) -> Iterator[Signal]:
    failed = err.search(_DEEPSPEED_AIO_FAILED) or err.search(_DEEPSPEED_SOURCE_PACKAGE)
    link = err.search(_AIO_LIB_MISSING) if failed else None
    if failed and (link or (err.platform == "windows" and failed.re is _DEEPSPEED_AIO_FAILED)):
        said = "DeepSpeed's async_io op links Linux's libaio, which Windows does not have"
        evidence = [err.evidence(failed), *([err.evidence(link)] if link else []), said]
        yield signal("wheel_platform_mismatch", 0.8, evidence, kind="deepspeed_windows", package="deepspeed")


# musl's own loader words (ldso/dynlink.c: "Error loading shared library %s: %m (needed by %s)", "Error relocating %s: %s:
# symbol not found"): a musl system (Alpine) loading a glibc build, which asks for glibc's loader (ld-linux-x86-64.so.2)
# or its private symbols (__strtod_internal). torch's Linux wheels are manylinux (glibc) only (pytorch/pytorch#1618:
# Alpine in Docker; soumith: build from source, or use a glibc system).
_MUSL_LOADER = re.compile(
    r"Error loading shared library (?:ld-linux[\w.-]{0,40}|libc\.so\.6|libdl\.so\.2|libpthread\.so\.0)\b"
    r"|Error relocating [^\n:]{1,400}: \w{1,120}: symbol not found"
)


# Android's own loader (bionic) words: "dlopen failed: library "libgomp.so.1" not found" (a glibc Linux aarch64 wheel
# pip-installed in Termux: termux/termux-app#2219, where the wheels' maintainer called Termux no standard Linux), and
# "... libtorch_global_deps.so" is for EM_X86_64 (62) instead of EM_AARCH64 (183)" (an x86_64 torch bundled into an
# Android app: kivy/buildozer#1538). PyPI's torch is built for glibc Linux; Termux builds its own (python-torch:
# termux/termux-packages#19153), and an app needs a python-for-android recipe cross-compiled for the device.
_ANDROID_LOADER = re.compile(
    r'dlopen failed: library "([^"\n]{1,200})" not found|" is for EM_(\w{1,20}) \(\d{1,4}\) instead of EM_(\w{1,20})'
)


@extractor
def glibc_build_on_android(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_ANDROID_LOADER)
    if match:
        have, need = (match.group(2) or "").lower() or None, (match.group(3) or "").lower() or None
        built = f"{have}, not {need}" if have else "glibc Linux"
        said = f"these are Android's loader words (bionic): the build loaded was made for {built}"
        yield signal("wheel_platform_mismatch", 0.85, [err.evidence(match), said], kind="android", have=have, need=need)


# An installer's own refusal of the CPU architecture: it has prebuilt binaries for others only. torch for R's
# install_torch() on a Raspberry Pi: "Currently only `x86_64` systems are supported for automatic installation." and
# "Architecture "aarch64" is not supported in this OS" (mlverse/torch#1339: built from source on aarch64 instead).
_INSTALLER_REFUSES_ARCH = re.compile(
    r"Currently only `?(x86_64|amd64|arm64|aarch64)`? systems are supported"
    r"|Architecture \W?(\w{1,20})\W? is not supported in this OS"
)


@extractor
def installer_refuses_architecture(err: ErrorText) -> Iterator[Signal]:
    refusals = list(_INSTALLER_REFUSES_ARCH.finditer(err.text)) if err.search(_INSTALLER_REFUSES_ARCH) else []
    if refusals:
        running = next((match.group(2) for match in refusals if match.group(2)), None)
        supported = next((match.group(1) for match in refusals if match.group(1)), None)
        detail = {"kind": "installer_architecture", "have": running, "need": supported}
        yield signal("wheel_platform_mismatch", 0.85, [err.evidence(refusals[0])], **detail)


@extractor
def glibc_build_on_musl(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_MUSL_LOADER)
    if match:
        said = "these are musl's loader words (Alpine): the build loaded was made for glibc systems"
        yield signal("wheel_platform_mismatch", 0.85, [err.evidence(match), said], kind="musl")


# What `python --version` prints, alone on its line or after a shell prompt ("E:\\ComfyUI\\python_embeded>python --version"
# followed by "Python 3.12.7").
_PYTHON_VERSION_SHOWN = re.compile(r"^Python 3\.(\d{1,2})\.\d{1,2}\s{0,4}$", re.M)
_WINDOWS_PATH = re.compile(r"(?<![\w/])[A-Za-z]:\\")


# The pip command that was refused, as typed after a prompt ("E:\\ComfyUI\\python_embeded>pip install "C:\\dl\\x.whl""
# or "$ pip3 install x.whl"): its arguments are what `python -m pip install` must be given again.
_PIP_INSTALL_TYPED = re.compile(r"^[^\n]{0,200}?(?:^|[>$#]\s{0,4})pip3?(?:\.exe)?\s{1,4}install\s{1,4}([^\n]{1,400}?)\s{0,4}$", re.M)


def _pip_arguments_typed(err: ErrorText, refused: re.Match[str], wheel: str) -> str | None:
    """The arguments of the last ``pip install`` typed before the refusal, when they name the refused wheel."""
    typed = err.search_last(_PIP_INSTALL_TYPED, refused.start())
    return typed.group(1) if typed and wheel in typed.group(1) else None


def _python_shown_for(err: ErrorText, refused: re.Match[str], tags: re.Match[str] | None) -> re.Match[str] | None:
    """The `python --version` line above pip's refusal when it shows the Python the wheel is tagged for, and the wheel's
    platform is the one the paste is from (a Windows path or prompt for a win_ wheel, none for the others)."""
    shown = err.search_last(_PYTHON_VERSION_SHOWN)
    if not (tags and shown and shown.start() < refused.start() and tags.group(1) == f"cp3{shown.group(1)}"):
        return None
    return shown if bool(err.search(_WINDOWS_PATH)) == tags.group(2).startswith("win") else None


@extractor
def unsupported_wheel(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NOT_SUPPORTED)
    wheel_match = _WHEEL_BEFORE.search(err.before(match)) if match else None
    if not (match and wheel_match):
        return
    wheel = wheel_match.group(1).rsplit("/", 1)[-1]
    tags = _WHEEL_TAGS.search(wheel)
    shown = _python_shown_for(err, match, tags)
    if shown:
        # `python --version` printed the very Python the wheel is tagged for, yet pip refused it: the `pip` that ran
        # belongs to another Python (woct0rdho/triton-windows#32: a system Python 3.10's pip in ComfyUI's python_embeded
        # folder, whose python.exe is 3.12; `python -m pip` installed it).
        said = f"`python --version` shows {shown.group(0).strip()}, the Python {wheel} is made for: the pip that ran is another Python's"
        evidence = [err.evidence(match), said]
        typed = _pip_arguments_typed(err, match, wheel)
        yield signal(
            "module_not_installed_in_kernel_env", 0.85, evidence, module=wheel.split("-")[0], reason="other_pip", wheel=wheel, typed=typed
        )
    elif tags and tags.group(1).startswith("cp") and (typed := _pip_arguments_typed(err, match, wheel)):
        # A bare `pip` refusing a wheel for one CPython, with no `python --version` to say which Python is meant: the wheel
        # may be wrong for this Python, or right for the Python the user means while `pip` is another's (Gourieff/
        # comfyui-reactor-node#29: a cp311 wheel for ComfyUI's embedded 3.11 given to the system Python's pip; the jetson
        # tensorflow-2.3.1-cp36 wheel given to Python 3.8's pip3). The second reading, weaker, comes after.
        said = f"a bare `pip` ran: if the Python meant is the {tags.group(1)} one, this pip belongs to another Python"
        evidence = [err.evidence(match), said]
        detail = {"module": wheel.split("-")[0], "reason": "other_pip", "wheel": wheel, "typed": typed, "shown": False}
        yield signal("module_not_installed_in_kernel_env", 0.3, evidence, **detail)
    glibc = _MANYLINUX_GLIBC.search(tags.group(2)) if tags else None
    if glibc and int(glibc.group(1)) > 17:
        # A manylinux_2_N wheel refused on Linux: pip before 20.3 knows no such tag (mlc-ai/mlc-llm#1281, fixed by
        # upgrading pip), or the system's glibc is older than 2.N (Farama-Foundation/Arcade-Learning-Environment#478:
        # ale-py 0.8's manylinux_2_28 wheels on CentOS 7's glibc 2.17, the maintainer's answer). The text says neither.
        needed = f"2.{glibc.group(1)}"
        said = f"{wheel} is tagged manylinux_2_{glibc.group(1)}: it needs glibc {needed} or newer"
        yield signal("glibc_libstdcxx_too_old", 0.45, [err.evidence(match), said], kind="manylinux_tag", glibc=needed, wheel=wheel)
    yield signal(
        "wheel_platform_mismatch",
        0.5 if shown else 0.9,
        [err.evidence(match)],
        kind="unsupported_wheel",
        wheel=wheel,
        python_tag=tags.group(1) if tags else None,
        platform_tag=tags.group(2) if tags else None,
    )


# uv's words for a wheel URL whose tags do not fit this platform (PozzettiAndrea/ComfyUI-TRELLIS2#67: an installer that
# picked flash-attn's linux_x86_64 wheel on Windows; fixed by the Windows wheel).
_UV_URL_INCOMPATIBLE = re.compile(r"A URL dependency is incompatible with the current platform: (\S{1,400}?\.whl)\b")


@extractor
def url_wheel_for_another_platform(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_UV_URL_INCOMPATIBLE)
    if not match:
        return
    wheel = unquote(match.group(1).rsplit("/", 1)[-1])
    tags = _WHEEL_TAGS.search(wheel)
    detail = {"wheel": wheel, "python_tag": tags.group(1) if tags else None, "platform_tag": tags.group(2) if tags else None}
    yield signal("wheel_platform_mismatch", 0.85, [err.evidence(match)], kind="unsupported_wheel", **detail)


# torch.compile's inductor finding no usable Triton: "Cannot find a working triton installation. Either the package is
# not installed or it is too old". On Windows no official Triton wheel exists at all; the community's triton-windows on
# PyPI is the one that installs (pytorch/pytorch#136361: torch.compile under a 2.6 nightly on Windows).
_NO_WORKING_TRITON = re.compile(r"Cannot find a working triton installation")
# The import itself failing on Windows, raised as the error (smthemex/EchoMimicV2's ComfyUI nodes, antgroup/echomimic_v2#39;
# StableTuner#110: pip finds no triton version there): not a kernel that missed an install, pip has none to give.
# Only raised, not xformers' or kohya's logged "No module named 'triton'" warnings, which Windows users can ignore.
_TRITON_IMPORT_FAILED = re.compile(r"(?:ModuleNotFoundError|ImportError): No module named '?triton'?(?![.\w])")


@extractor
def no_triton_on_windows(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_NO_WORKING_TRITON) or err.search(_TRITON_IMPORT_FAILED)
    if match and err.platform == "windows":
        said = "no official Triton wheel exists for Windows"
        yield signal("wheel_platform_mismatch", 0.9, [err.evidence(match), said], kind="no_triton_windows")


# A package refusing the system it runs on in its own words ("AssertionError: vLLM only supports Linux platform (including
# WSL)": RUC-NLPIR/FlashRAG#5 on a Mac). Only an operating system may follow: "only supported on CUDA 11.6 and above"
# (flash-attn's setup.py) is a toolkit's floor, read by the build readings.
_ONLY_ON_SYSTEM = re.compile(
    r"\b([A-Za-z][\w.-]{1,40}) (?:only supports?|is only supported on|can only (?:run|be used) on) (?:the )?"
    r"(Linux|Windows|macOS|Mac OS X|Mac)\b(?! ?\d)"
)
# torch's words for a device type its build has no backend for: MPS (Apple's GPU) exists only in torch's macOS builds
# (PyTorch's "MPS backend" notes: macOS 12.3+ on Apple silicon or AMD GPUs), so off a Mac the code, not the install, is
# what does not fit (jankais3r/LLaMA_MPS#6: torch 1.13.1+cu117 on Linux). torch 2.x says it as a missing backend for the
# first operator ("Could not run 'aten::empty.memory_format' with arguments from the 'MPS' backend": torch 2.13.0+cpu on
# Linux, tests/e2e/test_batch_05a_real.py); on a Mac those words are an operator MPS lacks, which this does not read.
_MPS_NOT_LINKED = re.compile(r"PyTorch is not linked with support for mps devices|with arguments from the 'MPS' backend")
# A module that only has Linux GPU builds (compat.linux_gpu_only), asked for on a Mac: an import, or transformers'
# "requires the following packages that were not found in your environment: flash_attn" (xorbitsai/inference#298).
# Its build asking for CUDA's compiler on a Mac ("flash_attn was requested, but nvcc was not found": replit/ReplitLM#8, where
# the maintainers' answer was torch's own attention) says the same.
_LINUX_GPU_MODULE = re.compile(
    rf"(?:No module named '|not found in your environment: )({'|'.join(compat.linux_gpu_only_modules())})\b"
    rf"|\b({'|'.join(compat.linux_gpu_only_modules())})\b[^\n]{{0,120}}\b(?:nvcc|CUDA_HOME)\b"
)
# The package's own code running where it has no build: its frames under a Windows site-packages (zai-org/Open-AutoGLM#54:
# vllm\entrypoints\openai\api_server.py failing on uvloop, which has no Windows build; the answer was WSL or Docker).
_LINUX_GPU_FRAME = re.compile(rf"site-packages[\\/]({'|'.join(compat.linux_gpu_only_modules())})[\\/]", re.I)


@extractor
def built_for_another_system(err: ErrorText) -> Iterator[Signal]:
    """Code that needs another operating system than the one running it: no install here can give it what it asks."""
    refused = err.search(_ONLY_ON_SYSTEM)
    running = err.platform
    if refused and not (running and refused.group(2).lower().startswith(running[:3])):
        evidence = [err.evidence(refused)]
        yield signal("wheel_platform_mismatch", 0.75, evidence, kind="system_only", package=refused.group(1), system=refused.group(2))
        return
    module = (err.search(_LINUX_GPU_MODULE) or err.search(_LINUX_GPU_FRAME)) if running in ("macos", "windows") else None
    name = next((group for group in module.groups() if group), "") if module else ""
    package = compat.linux_only_on(name, running)
    if module and package:
        said = f"{package} publishes builds for Linux GPUs only, none for {'macOS' if running == 'macos' else 'Windows'}"
        # Its build asking for nvcc is surer than the compiler reading: "CUDA 10.2 ... is the last release to support macOS"
        # (NVIDIA CUDA 10.2 release notes), and no macOS CUDA ever ran these packages.
        confidence = 0.92 if module.re is _LINUX_GPU_MODULE and module.group(2) else 0.7
        evidence = [err.evidence(module), said]
        yield signal("wheel_platform_mismatch", confidence, evidence, kind="system_only", package=package, system="Linux")


@extractor
def other_installer_no_wheel(err: ErrorText) -> Iterator[Signal]:
    """Poetry's and uv's "no candidate fits": the same as pip's "No matching distribution"."""
    match = err.search(_OTHER_INSTALLERS)
    if not match:
        return
    name, wanted = next((match.group(i), match.group(i + 1)) for i in (1, 3, 5, 7, 9) if match.group(i))
    spec = wanted if wanted[0] in "<>=!~" else f"=={wanted}"
    # uv names the running platform after its error line, or (">=0.8: You're on macOS (macosx_15_0_x86_64), but...")
    # just before the package on the hint line.
    intel_mac = _INTEL_MAC_TAG.search(err.text, max(0, match.start() - 120), match.end() + 400)
    if intel_mac:  # torch has no Intel-Mac wheel after 2.2.2: the Python's CPU is the point, not its version
        yield signal("wheel_platform_mismatch", 0.85, [err.evidence(match), err.evidence(intel_mac)], kind="intel_mac_python")
        return
    yield signal("wheel_platform_mismatch", 0.85, [err.evidence(match)], kind="no_distribution", package=name, spec=spec, none_found=False)


# collect_env of an Intel (x86_64) Python on Apple silicon: the platform line says x86_64 (macOS reports 10.16 to
# such a process) while the CPU is an Apple M chip (pytorch/pytorch#146236: Anaconda's x86_64 Python on an M2 Pro).
_X86_PYTHON_ON_MAC = re.compile(r"^(?:Python platform: macOS-[\d.]{1,12}-x86_64|OS: macOS [\d.]{1,12} \(x86_64\))", re.M)
_APPLE_SILICON = re.compile(r"^\s{0,4}(?:CPU: )?Apple M\d", re.M)


# jaxlib's own check: "This version of jaxlib was built using AVX instructions, which your CPU and/or operating system
# do not support. This error is frequently encountered on macOS when running an x86 Python installation on ARM
# hardware" (yxlllc/vocal-separate#15 and Lux-Design-S3#21: an Intel Python under Rosetta on an M-series Mac, fixed by
# an arm64 Python). On Linux or Windows the same words mean a CPU without AVX, which this reading leaves alone.
_JAXLIB_AVX = re.compile(r"This version of jaxlib was built using AVX instructions")


@extractor
def jaxlib_under_rosetta(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_JAXLIB_AVX)
    if match and err.platform in ("macos", None):
        confidence = 0.85 if err.platform == "macos" else 0.6
        yield signal("wheel_platform_mismatch", confidence, [err.evidence(match)], kind="rosetta", package="jax")


@extractor
def intel_python_on_apple_silicon(err: ErrorText) -> Iterator[Signal]:
    intel, apple = err.search(_X86_PYTHON_ON_MAC), err.search(_APPLE_SILICON)
    if intel and apple:
        yield signal("wheel_platform_mismatch", 0.8, [err.evidence(intel), err.evidence(apple)], kind="rosetta")


@extractor
def wrong_architecture(err: ErrorText) -> Iterator[Signal]:
    """A native library built for another CPU architecture than the process: ``have`` and ``need`` as dyld says."""
    match = err.search(_ARCHITECTURE)
    if not match:
        unnamed = err.search(_WRONG_ARCHITECTURE)
        if unnamed:
            detail = {"kind": "architecture", "have": None, "need": None, "package": _package_on_line(err, unnamed)}
            yield signal("wheel_platform_mismatch", 0.9, [err.evidence(unnamed)], **detail)
        return
    if match.group(6):  # ld names what it builds for first
        have, need = match.group(7), match.group(6)
    else:
        have, need = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(5))
    have = have or match.group(3)
    package = _package_on_line(err, match)
    yield signal("wheel_platform_mismatch", 0.9, [err.evidence(match)], kind="architecture", have=have, need=need, package=package)


# TensorFlow's op loader (tf.load_op_library) naming a package's own library, which pip installed, as missing: glibc's
# loader says "cannot open shared object file: No such file or directory" of a library that exists but is built for
# another CPU (ctypes loading PyPI's aarch64 markupsafe library on this x86_64 machine printed exactly that), and
# TensorFlow's op libraries ship prebuilt, never compiled on first use (tensorflow/decision-forests#238: its x86_64
# inference.so on an ARM machine; the maintainer: no Arm64 build is published). A damaged install reads the same, so weakly.
_PACKAGE_LIBRARY_MISSING = re.compile(
    r"(?:site|dist)-packages/([A-Za-z_]\w{0,60})/\S{1,300}?\.so: cannot open shared object file: No such file or directory"
)


@extractor
def op_library_of_another_cpu(err: ErrorText) -> Iterator[Signal]:
    found = (m for m in _PACKAGE_LIBRARY_MISSING.finditer(err.text) if err.tensorflow_op_loader_at(m.start()))
    match = next(found, None)
    if match:
        package = DISTRIBUTION_OF.get(match.group(1), match.group(1))
        said = f"{package} installed this library; the loader says the same of a library built for another CPU"
        detail = {"kind": "architecture", "have": None, "need": None, "package": package}
        yield signal("wheel_platform_mismatch", 0.5, [err.evidence(match), said], **detail)


# glibc refusing a library whose loadable segments are aligned for smaller memory pages than the kernel uses
# ("ELF load command alignment not page-aligned"; glibc 2.36 words it "address/offset not page-aligned", made here with
# gcc -Wl,-z,max-page-size=0x400 under 4 KB pages): a build linked for 4 KB pages on an aarch64 kernel with 64 KB
# pages (pytorch/pytorch#53597: torch 1.8.0's aarch64 wheels on CentOS 8; pytorch/builder#682 relinked them with
# -z max-page-size=0x10000). Read in PyPI's cp38 manylinux2014_aarch64 wheels with readelf -l: 1.8.0's
# libtorch_global_deps.so has a LOAD segment aligned to 0x1000, 1.8.1's and 2.5.1's are all 0x10000, so the next
# release is the fix.
_PAGE_ALIGNMENT = re.compile(r"ELF load command (?:alignment|address/offset) not page-aligned")


@extractor
def built_for_smaller_pages(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_PAGE_ALIGNMENT)
    if match:
        package = _package_on_line(err, match) if _SITE_PACKAGE.search(err.line_at(match.start())) else None
        said = "the loader's words for a library linked for smaller memory pages than this kernel's"
        yield signal("wheel_platform_mismatch", 0.85, [err.evidence(match), said], kind="page_size", package=package)


def _package_on_line(err: ErrorText, match: re.Match[str]) -> str:
    """The distribution whose site-packages folder the loader's line names (torch when it names none)."""
    folder = _SITE_PACKAGE.search(err.line_at(match.start()))
    return DISTRIBUTION_OF.get(folder.group(1), folder.group(1)) if folder else "torch"


# dyld failing to find one of macOS's own frameworks (/System/Library/Frameworks/X.framework) that a package's library
# links: the framework came with a newer macOS than this one (tensorflow/io#1651: tensorflow-io 0.24.0's library
# linking AVFAudio, "image not found"; fixed by the previous tensorflow-io release).
_SYSTEM_FRAMEWORK_MISSING = re.compile(r"Library not loaded: /System/Library/Frameworks/(\w{1,60})\.framework/")
_LIBRARY_IN_PACKAGE = re.compile(r"(?:site|dist)-packages/([A-Za-z_]\w{0,60})/[^\s,'\"]{0,300}?\.(?:so|dylib)\b")


# Windows 7 lacks the API set api-ms-win-core-path-l1-1-0.dll, which came with Windows 8 (abbodi1406/vcredist#12: no VC++
# redistributable brings it) and which python3X.dll links from Python 3.9 on: Python 3.9 and newer do not run on Windows 7
# (python/cpython#84917, closed as not a bug; PEP 11). A program frozen with such a Python fails the same way
# (Purfview/whisper-standalone-win#383: its newer builds on Windows 7 x64; the last build for Windows 7 was an older one).
# PyInstaller's "lib not found: ... dependency of python39.dll" while freezing on Windows 10 is only a warning: not read.
_WINDOWS8_API_SET_MISSING = re.compile(
    r"api-ms-win-core-path-l1-1-0\.dll (?:is missing|was not found|could not be found)|missing api-ms-win-core-path-l1-1-0\.dll", re.I
)


@extractor
def windows_too_old_for_python(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_WINDOWS8_API_SET_MISSING)
    if match:
        said = "api-ms-win-core-path-l1-1-0.dll is part of Windows 8 and newer; Python 3.9 and newer need it"
        yield signal("wheel_platform_mismatch", 0.8, [err.evidence(match), said], kind="windows_too_old")


@extractor
def system_framework_missing(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_SYSTEM_FRAMEWORK_MISSING)
    folder = _LIBRARY_IN_PACKAGE.search(err.text) if match else None
    if match and folder:
        package = DISTRIBUTION_OF.get(folder.group(1), folder.group(1))
        said = f"{package}'s library links {match.group(1)}.framework, which this macOS release does not have"
        detail = {"kind": "macos_too_old", "package": package, "needs": None, "framework": match.group(1)}
        yield signal("wheel_platform_mismatch", 0.7, [err.evidence(match), said], **detail)


@extractor
def built_for_newer_macos(err: ErrorText) -> Iterator[Signal]:
    """A torch library built for a newer macOS than the one running it: no wheel of this release fits."""
    match = err.search(_BUILT_FOR_MACOS)
    if match:
        folder = _SITE_PACKAGE.search(err.line_at(match.start()))
        package = DISTRIBUTION_OF.get(folder.group(1), folder.group(1)) if folder else "torch"
        evidence = [err.evidence(match), f"the library needs macOS {match.group(1)} or newer"]
        yield signal("wheel_platform_mismatch", 0.85, evidence, kind="macos_too_old", package=package, needs=match.group(1))


# torch/mps refuses an older macOS with this sentence (fastai/fastbook#671; pytorch/pytorch#139425, where torch 2.5.1
# said 12.3+ though it needs 13.0); a session showing MPS built but not available is the same wall, read more weakly.
_MPS_OS = re.compile(r"The MPS backend is supported on MacOS (\d{1,2}(?:\.\d{1,2})?)\+")
_MPS_BUILT = re.compile(r"mps\.is_built\(\)[^\n]{0,80}\n?[^\n]{0,80}\bTrue\b", re.I)
_MPS_UNAVAILABLE = re.compile(r"mps\.is_available\(\)[^\n]{0,80}\n?[^\n]{0,80}\bFalse\b", re.I)


@extractor
def macos_too_old_for_mps(err: ErrorText) -> Iterator[Signal]:
    """The MPS (Apple GPU) backend cannot run on this macOS release: ``needs`` is the version torch names."""
    refused = err.search(_MPS_OS)
    if refused:
        yield signal("wheel_platform_mismatch", 0.9, [err.evidence(refused)], kind="mps_macos", needs=refused.group(1))
        return
    built, unavailable = err.search(_MPS_BUILT), err.search(_MPS_UNAVAILABLE)
    if built and unavailable:
        evidence = [err.evidence(built), err.evidence(unavailable)]
        yield signal("wheel_platform_mismatch", 0.6, evidence, kind="mps_macos", needs=None)


# MPS asked for off macOS: Apple's GPU backend runs on Metal, which only macOS has, so under Linux it is never available,
# even in Docker on a Mac, whose containers run in a Linux VM (Docker Desktop's "linuxkit" kernel) given no GPU
# (sonoisa/arm64-docker-pytorch-tensorflow#3 and #1: "Metal/MPS is not available inside Docker", the maintainer's answer).
_DOCKER_DESKTOP_KERNEL = re.compile(r"-linuxkit-")


@extractor
def mps_off_macos(err: ErrorText) -> Iterator[Signal]:
    # torch for Linux or Windows words it as a build without MPS (jankais3r/LLaMA_MPS#6: "PyTorch is not linked with
    # support for mps devices" on Linux): the same situation, one answer.
    unavailable = err.search(_MPS_UNAVAILABLE) or err.search(_MPS_NOT_LINKED)
    docker_vm = err.search(_DOCKER_DESKTOP_KERNEL)
    if unavailable and (docker_vm or err.platform in ("linux", "windows")):
        said = "MPS runs on Apple's Metal, which only macOS has" + (": this is Docker Desktop's Linux VM" if docker_vm else "")
        evidence = [err.evidence(unavailable), *([err.evidence(docker_vm)] if docker_vm else []), said]
        yield signal("no_driver_or_gpu", 0.7, evidence, kind="mps_off_macos", docker_vm=bool(docker_vm))


# The 0.1.2 placeholder that pip falls back to when no torch wheel fits the platform (a musl Alpine image:
# docker-library/python#341): its setup.py only prints this.
# pip names the placeholder itself when it picks it: its sdist file, or the yanked candidate it warns about
# (pytorch/pytorch#51854: a native arm64 Python before torch had macOS arm64 wheels).
# Its setup.py running, as pip's failed-build log prints it: setup(name="torch", version="0.1.2.post2" (a 32-bit
# Python 3.8 on Windows: pytorch/pytorch#37379).
# Its setup.py failing on the tools it never shipped ("No module named 'tools.nnwrap'"), and pip building torch from a
# source archive at all, which on PyPI is only that placeholder: torch's releases come as wheels (1adrianb/
# face-alignment#170 and rosinality/stylegan2-pytorch#13, both Windows in 2020, fixed by PyTorch's own index).
_PLACEHOLDER = re.compile(
    r"PyTorch does not currently provide packages for PyPI|\btorch-0\.1\.2(?:\.post\d)?\.tar\.gz"
    r"|yanked version: 'torch' candidate \(version 0\.1\.2|setup\(name=.torch., version=.0\.1\.2"
    r"|No module named '?tools\.nnwrap'?|(?:Building wheel for|Running setup\.py install for) torch(?![\w-])[^\n]{0,40}error"
)
# A loader that does not know a load command of the binary: it was linked for a newer macOS (torch's bundled
# libomp on macOS 10.14: pytorch/pytorch#78938).
_UNKNOWN_LOAD_COMMAND = re.compile(r"load command 0x[0-9a-f]{1,8} is unknown")
# torch's Python binding needs a Python C-API function the running interpreter lacks: a wheel for another
# Python release (PySlice_Unpack is 3.6.1+: pytorch/pytorch#17237).
_PYTHON_API_MISSING = re.compile(r"(?:Symbol not found: _|undefined symbol: ?)(Py[A-Z]\w{1,60})")
_TORCH_BINDING = re.compile(r"(?:site|dist)-packages/torch/(?:lib/libtorch_python|_C)[\w.-]{0,60}\.(?:so|dylib)")


@extractor
def no_wheel_for_platform(err: ErrorText) -> Iterator[Signal]:
    """Signs that no torch binary fits this platform: pip's placeholder sdist, a loader too old for the binary."""
    match = err.search(_PLACEHOLDER) or err.search(_UNKNOWN_LOAD_COMMAND)
    if match:
        detail = {"kind": "no_distribution", "package": "torch", "spec": "", "none_found": True}
        yield signal("wheel_platform_mismatch", 0.8, [err.evidence(match)], **detail)


@extractor
def python_api_missing(err: ErrorText) -> Iterator[Signal]:
    """An installed torch binding lacks a ``Py*`` function of this interpreter: built for another Python."""
    match = err.search(_PYTHON_API_MISSING)
    window = err.text[max(0, match.start() - 600) : match.end() + 600] if match else ""
    if match and _TORCH_BINDING.search(window):
        evidence = [err.evidence(match), f"{match.group(1)} is part of the Python C API: this interpreter lacks it"]
        yield signal("wheel_platform_mismatch", 0.8, evidence, kind="no_distribution", package="torch", spec="", none_found=False)


# Open3D's own words when its ML module finds no compiled ops for the framework asked for: Open3D's Windows packages are
# built without its PyTorch and TensorFlow ops (isl-org/Open3D-ML#139, #205 and #232, isl-org/Open3D#2507: the
# maintainers' answer each time was Linux or WSL, or a source build with the ops turned on). On another system the same
# words can mean a build made without them, so only a Windows text (or one naming no system) is read so.
_OPEN3D_NO_ML_OPS = re.compile(r"Open3D was not built with (PyTorch|TensorFlow) support!")


@extractor
def open3d_without_ml_ops(err: ErrorText) -> Iterator[Signal]:
    match = err.search(_OPEN3D_NO_ML_OPS)
    if match and err.platform in ("windows", None):
        framework = match.group(1)
        said = f"Open3D's Windows packages are built without its {framework} ops"
        confidence = 0.8 if err.platform == "windows" else 0.5
        yield signal("wheel_platform_mismatch", confidence, [err.evidence(match), said], kind="open3d_ml_ops", framework=framework)
