"""Turn "install X" into the command that is right for *this* interpreter and *this* shell.

In a kernel that is ``%pip install`` (IPython's magic runs the kernel's own interpreter,
unlike ``!pip``, which runs whatever ``pip`` is first on PATH). In a terminal it is the
interpreter's own ``-m pip``, written for the user's shell: POSIX quoting on Linux and
macOS, cmd.exe on Windows (the note gives the PowerShell form); in a uv environment without
pip it is ``uv pip --python``. Fixes are text for the user to run: nothing here executes them.

Every pin must change what is installed (issue 13): ``torchvision==0.28.0`` is satisfied by
the CUDA build ``0.28.0`` that is already there, so pip answers "Requirement already
satisfied". A pin to a PyTorch wheel index therefore carries that index's local tag
(``torchvision==0.28.0+cpu``), and a pin that the installed build still satisfies is
reinstalled with ``--force-reinstall --no-deps`` (``--no-deps``: only what the fix names moves).
"""

from __future__ import annotations

import re
import shlex
import sys
from collections.abc import Mapping

from .model import Fix
from .redact import home_to_tilde

PYTORCH_INDEX = "https://download.pytorch.org/whl"
CPU_INDEX = f"{PYTORCH_INDEX}/cpu"
# Local version tags that name a wheel index of PYTORCH_INDEX: cpu, cu124, rocm6.2.
_INDEX_TAG = re.compile(r"cpu$|cu\d{2,3}$|rocm")
# Words every shell (bash, zsh, cmd.exe, PowerShell) and IPython's magics take as they are.
_PLAIN_WORD = re.compile(r"[A-Za-z0-9_./:=+@,-]+")
REINSTALL = ["--force-reinstall", "--no-deps"]


def install_fix(
    requirements: list[str],
    *,
    in_kernel: bool,
    installer: str = "pip",
    index_url: str | None = None,
    reinstall: bool = False,
    restart_kernel: bool = False,
    note: str = "",
    installed: Mapping[str, str] | None = None,
    platform: str | None = None,
    shell_platform: str | None = None,
) -> Fix:
    """``%pip install ...`` (or the terminal form) whose pins change what ``installed`` holds.

    ``installed`` maps distribution name to the version its metadata says (what pip sees);
    ``platform`` ('windows', 'linux' or 'macos') decides which wheels the pins name, and
    ``shell_platform`` (default: this process's, whose interpreter the command runs) how the
    terminal command is quoted.
    """
    shell_platform = shell_platform or this_platform()
    words = install_words(
        requirements, index_url=index_url, reinstall=reinstall, installed=installed or {}, platform=platform or shell_platform
    )
    command = pip_command("install", words, in_kernel=in_kernel, installer=installer, platform=shell_platform)
    note = _join(note, powershell_note("install", words, in_kernel=in_kernel, installer=installer, platform=shell_platform))
    if restart_kernel and in_kernel:
        note = _join(note, "Then restart the kernel (Kernel > Restart) and import again.")
    return Fix(kind="pip", code=command, note=note, restart_kernel=restart_kernel)


def install_words(
    requirements: list[str],
    *,
    index_url: str | None,
    reinstall: bool,
    installed: Mapping[str, str],
    platform: str | None,
) -> list[str]:
    """The words after ``pip install``: the requirements with their index's tag, the index, and
    ``--force-reinstall`` only where a pin is already satisfied (a pin that is not makes pip
    replace the package anyway, with the dependencies the new build needs) or unknown."""
    pins = [tagged_pin(req, index_url, platform) for req in requirements if req not in REINSTALL]
    pinned = [req for req in pins if "==" in req]
    satisfied = any(already_satisfied(req, installed) for req in pinned)
    # A reinstall asked for a package whose installed version is not known is done as asked.
    # Nothing pinned (``torch``, a git URL): the installed copy satisfies it, so only a forced reinstall moves it.
    force = satisfied or (reinstall and (not pinned or not all(_installed_version(req, installed) for req in pinned)))
    # A reinstall the caller did not ask for (a companion's build swap) moves only what it names;
    # one it asked for keeps its own choice (a damaged download may be a dependency's file).
    no_deps = "--no-deps" in requirements or (satisfied and not reinstall)
    flags = (["--force-reinstall"] if force else []), (["--no-deps"] if no_deps else [])
    return flags[0] + pins + flags[1] + (["--index-url", index_url] if index_url else [])


def tagged_pin(requirement: str, index_url: str | None, platform: str | None) -> str:
    """``torchvision==0.28.0`` -> ``torchvision==0.28.0+cpu`` for the CPU index.

    PyTorch's indexes serve Linux and Windows wheels with the variant as local tag
    (``torch-2.5.1+cpu-cp311-cp311-win_amd64.whl``); their macOS wheels carry none, so a
    macOS pin stays as it is (and is reinstalled when the installed build satisfies it).
    Source: https://pytorch.org/get-started/previous-versions/ (pytorch/pytorch.github.io,
    ``_get_started/previous-versions.md``): "Linux and Windows ... pip install
    torch==1.13.1+cpu torchvision==0.14.1+cpu ... whl/cpu", "OSX ... pip install torch==1.13.1".
    """
    tag = (index_url or "").rstrip("/").rpartition("/")[2] if (index_url or "").startswith(PYTORCH_INDEX) else ""
    if not tag or not _INDEX_TAG.match(tag) or platform == "macos":
        return requirement
    name, equals, version = requirement.partition("==")
    if not equals or "+" in version or not re.fullmatch(r"[0-9][0-9.]*", version):
        return requirement  # not an exact release pin ('==0.22.*', a range): nothing to tag
    return f"{name}=={version}+{tag}"


def already_satisfied(requirement: str, installed: Mapping[str, str]) -> bool:
    """Whether ``installed`` already satisfies ``requirement`` as pip judges it (PEP 440,
    local tags included: ``0.28.0+cu130`` satisfies ``==0.28.0``; ``0.28.0`` not ``==0.28.0+cpu``)."""
    version = _installed_version(requirement, installed)
    if version is None:  # not installed: nothing satisfies it (and no requirement parser to import)
        return False
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        req = Requirement(requirement)
    except InvalidRequirement:
        return False  # a flag or a URL: pip decides
    return req.specifier.contains(version, prereleases=True)


def requirement_name(requirement: str) -> str:
    """The project a requirement names, as written: "torch" for "torch==2.5.1" or "torch>=2"; an option stays itself."""
    return re.split(r"[<>=!~;\[ @]", requirement, maxsplit=1)[0]


def _installed_version(requirement: str, installed: Mapping[str, str]) -> str | None:
    from packaging.utils import canonicalize_name

    name = requirement_name(requirement)
    versions = {canonicalize_name(key): version for key, version in installed.items()}
    return versions.get(canonicalize_name(name))


def uninstall_fix(packages: list[str], *, in_kernel: bool, installer: str = "pip", note: str = "", platform: str | None = None) -> Fix:
    platform = platform or this_platform()
    words = ([] if installer == "uv" else ["-y"]) + packages
    code = pip_command("uninstall", words, in_kernel=in_kernel, installer=installer, platform=platform)
    note = _join(note, powershell_note("uninstall", words, in_kernel=in_kernel, installer=installer, platform=platform))
    return Fix(kind="pip", code=code, note=note)


def restart_fix(note: str = "") -> Fix:
    text = "Restart the kernel (Kernel > Restart Kernel), then run the import once."
    return Fix(kind="manual", code=text, note=note, restart_kernel=True)


# --- commands for a kernel, a POSIX shell, cmd.exe and PowerShell -------------------------


def this_platform() -> str:
    return "windows" if sys.platform == "win32" else "macos" if sys.platform == "darwin" else "linux"


def pip_command(
    verb: str,
    words: list[str],
    *,
    in_kernel: bool,
    installer: str = "pip",
    platform: str | None = None,
    shell: str | None = None,
    python: str | None = None,
) -> str:
    """``%pip install ...`` in a kernel; else ``<python> -m pip install ...`` for ``shell``.

    ``shell`` is 'posix', 'cmd' or 'powershell' (default: cmd.exe on Windows, else POSIX).
    uv environments have no pip module, so there uv is told which interpreter to install into.
    ``python`` (default: this interpreter) is the one the command installs into.
    """
    platform, python = platform or this_platform(), python or sys.executable
    shell = shell or ("cmd" if platform == "windows" else "posix")
    args = " ".join(quote_word(word, shell) for word in words)
    if installer == "uv":
        command = f"uv pip {verb} --python {interpreter(python, shell)} {args}"
        return f"!{command}" if in_kernel else command
    if in_kernel:
        return f"%pip {verb} {args}"  # IPython runs it with the kernel's own interpreter
    return f"{interpreter(python, shell)} -m pip {verb} {args}"


def powershell_note(verb: str, words: list[str], *, in_kernel: bool, installer: str, platform: str | None) -> str:
    """On Windows, the terminal command is for cmd.exe: say so, and give the PowerShell form."""
    if in_kernel or (platform or this_platform()) != "windows":
        return ""
    powershell = pip_command(verb, words, in_kernel=False, installer=installer, platform="windows", shell="powershell")
    return f"For cmd.exe; in PowerShell: {powershell}"


def interpreter(path: str, shell: str) -> str:
    """The interpreter as the first word of a command: ``& "C:\\...\\python.exe"`` in PowerShell
    (a quoted string alone is not run there), double quotes in cmd.exe, POSIX quoting else."""
    if shell == "posix":
        return shell_path(path)
    quoted = windows_quote(path, always=True)
    return f"& {quoted}" if shell == "powershell" else quoted


def quote_word(word: str, shell: str = "posix") -> str:
    """One argument, quoted so that bash, zsh, cmd.exe, PowerShell and ``%pip`` all pass it on
    unchanged: plain words as they are, others (``numpy<2``) in double quotes, which all of
    them read the same way as long as the word has no ``"``, ``$``, backquote, ``%`` or ``\\``."""
    if _PLAIN_WORD.fullmatch(word):
        return word
    if shell != "posix":
        return windows_quote(word)
    if re.search(r'["$`\\%!]', word):
        return shlex.quote(word)  # POSIX-only text (a path with `$`): single quotes are exact there
    return f'"{word}"'


def windows_quote(word: str, *, always: bool = False) -> str:
    """A word for a Windows command line: as it is when plain, else in double quotes.

    Follows the rules CommandLineToArgvW and the C runtime use to split a command line
    (``subprocess.list2cmdline`` writes the same ones): backslashes before a quote are
    doubled, a quote is written ``\\"``. Quoted, ``<``, ``>``, ``|`` and ``&`` are text in
    cmd.exe too, so ``"numpy<2"`` reaches pip as ``numpy<2``.
    """
    if not always and _PLAIN_WORD.fullmatch(word):
        return word
    out, slashes = [], 0
    for char in word:
        if char == "\\":
            slashes += 1
            continue
        out.append("\\" * (slashes * 2 + 1) + '"' if char == '"' else "\\" * slashes + char)
        slashes = 0
    return '"' + "".join(out) + "\\" * (slashes * 2) + '"'


def shell_path(path: str) -> str:
    """A path as the user may type it in a POSIX shell: home as ``~`` (still expands) and quoted if needed."""
    shown = home_to_tilde(path)
    if shown.startswith("~/"):
        return "~/" + shlex.quote(shown[2:])
    return shlex.quote(shown)


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def index_for_variant(variant: str | None) -> str | None:
    """PyTorch's wheel index of a build variant: 'cu124' -> .../whl/cu124 ('cpu', 'rocm6.2' alike).

    None (PyPI) for an untagged build and for a local tag that names no index: a source or
    vendor build such as NGC's ``2.4.0a0+3bcc3cddb5.nv24.07``.
    """
    return f"{PYTORCH_INDEX}/{variant}" if variant and _INDEX_TAG.match(variant) else None


def release_pin(name: str, version: str | None) -> str | None:
    """``name==version`` when ``version`` is a full release ('0.20.1'); None for a minor-only
    answer of the compatibility table ('0.22': no patch release is sourced) or none."""
    return f"{name}=={version}" if version and version.count(".") >= 2 else None


# --- Fixes shared by the live rules and the error-text explainer -----------------------

# Microsoft's permanent link to the latest supported x64 Visual C++ 2015-2022
# redistributable (https://learn.microsoft.com/cpp/windows/latest-supported-vc-redist).
VC_REDIST_URL = "https://aka.ms/vs/17/release/vc_redist.x64.exe"
KERNEL_NOTE = "In a Jupyter notebook run it as `%pip install ...` (it installs into the kernel's own Python), then restart the kernel."


def portable_install_fix(
    requirements: list[str],
    *,
    index_url: str | None = None,
    reinstall: bool = False,
    note: str = "",
    installed: Mapping[str, str] | None = None,
    platform: str | None = None,
) -> Fix:
    """``pip install ...`` for an interpreter we cannot see (an error pasted from elsewhere).

    Unlike :func:`install_fix` it names no executable; the note says how to run it in a kernel.
    ``installed`` holds the versions the user stated, ``platform`` the one the text points to
    (None: unknown, so pins keep the index's tag, as on Linux and Windows).
    """
    words = install_words(requirements, index_url=index_url, reinstall=reinstall, installed=installed or {}, platform=platform)
    code = "pip install " + " ".join(quote_word(word) for word in words)
    return Fix(kind="pip", code=code, note=_join(note, KERNEL_NOTE), restart_kernel=True)


def vc_redist_fix(note: str = "") -> Fix:
    code = f"Download and run {VC_REDIST_URL} (Microsoft Visual C++ 2015-2022 Redistributable, x64), then restart the kernel."
    return Fix(kind="manual", code=code, note=note, restart_kernel=True)


def paging_file_fix(note: str = "") -> Fix:
    steps = (
        "Windows: Settings > System > About > Advanced system settings > Performance: Settings > Advanced >\n"
        "Virtual memory: Change... > tick 'Automatically manage paging file size for all drives'\n"
        "(or give the system drive a custom size of several GB), OK, then reboot."
    )
    return Fix(kind="manual", code=steps, note=note, restart_kernel=True)


def rename_fix(path: str, note: str = "") -> Fix:
    """Rename a local file or folder that shadows an installed package."""
    stem, dot, ext = path.rstrip("/\\").rpartition(".")
    target = f"{stem}_local.{ext}" if dot and ext == "py" else path.rstrip("/\\") + "_local"
    code = f"mv {shell_path(path)} {shell_path(target)}  # any name that is not an installed package"
    return Fix(kind="shell", code=code, note=note, restart_kernel=True)
