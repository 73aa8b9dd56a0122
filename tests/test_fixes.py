from __future__ import annotations

import itertools
import os
import shlex
import sys

import pytest

from torchenv_magic import explain
from torchenv_magic.fixcheck import pip_words, requirement_names
from torchenv_magic.fixes import (
    already_satisfied,
    index_for_variant,
    install_fix,
    pip_command,
    portable_install_fix,
    quote_word,
    release_pin,
    restart_fix,
    shell_path,
    tagged_pin,
    uninstall_fix,
    windows_quote,
)
from torchenv_magic.model import Finding
from torchenv_magic.rules import Context, load_all, run_rules

CPU = "https://download.pytorch.org/whl/cpu"
WIN_PYTHON = r"C:\Users\Ada Lovelace\miniconda3\envs\ws\python.exe"


def test_kernel_fix_uses_percent_pip_never_bang_pip() -> None:
    fix = install_fix(["torch>=2.2", "torchvision"], in_kernel=True, index_url=CPU)
    assert fix.code == f'%pip install "torch>=2.2" torchvision --index-url {CPU}'
    assert fix.kind == "pip"
    windows = install_fix(["numpy<2"], in_kernel=True, shell_platform="windows")
    assert windows.code == '%pip install "numpy<2"' and "PowerShell" not in windows.note  # %pip is the same everywhere


def test_terminal_fix_uses_this_interpreter() -> None:
    fix = install_fix(["torch"], in_kernel=False, shell_platform="linux")
    assert fix.code == f"{shell_path(sys.executable)} -m pip install torch"


def test_uv_environment_fix() -> None:
    fix = install_fix(["torch"], in_kernel=False, installer="uv", shell_platform="linux")
    assert fix.code == f"uv pip install --python {shell_path(sys.executable)} torch"
    assert uninstall_fix(["torch"], in_kernel=True, installer="uv").code.startswith("!uv pip uninstall --python ")


def test_restart_is_said_where_needed() -> None:
    fix = install_fix(["torchvision==0.28.0"], in_kernel=True, reinstall=True, restart_kernel=True)
    assert fix.code == "%pip install --force-reinstall torchvision==0.28.0"  # nothing known installed: as asked
    assert fix.restart_kernel and "restart the kernel" in fix.note
    assert restart_fix().restart_kernel


def test_paths_keep_tilde_expandable_and_quote_spaces() -> None:
    home = os.path.expanduser("~")
    assert shell_path(f"{home}/my envs/bin/python") == "~/'my envs/bin/python'"
    assert shell_path("/opt/py/bin/python") == "/opt/py/bin/python"


def test_wheel_index_only_for_tags_that_name_one() -> None:
    assert index_for_variant("cu124") == "https://download.pytorch.org/whl/cu124"
    assert index_for_variant("cpu") == CPU
    assert index_for_variant("rocm6.2") == "https://download.pytorch.org/whl/rocm6.2"
    assert [index_for_variant(tag) for tag in (None, "", "3bcc3cddb5.nv24.07", "git1a2b3c", "cpu.cxx11.abi")] == [None] * 5


def test_release_pin_only_for_a_full_release() -> None:
    assert release_pin("torchvision", "0.20.1") == "torchvision==0.20.1"
    assert [release_pin("torchvision", version) for version in ("0.22", "", None)] == [None, None, None]


# --- issue 13 point 1: a pin changes what is installed, and nothing else -----------------


def test_a_pin_on_a_pytorch_index_carries_its_tag_except_on_macos() -> None:
    assert tagged_pin("torchvision==0.28.0", CPU, "linux") == "torchvision==0.28.0+cpu"
    assert tagged_pin("torch==2.5.1", "https://download.pytorch.org/whl/cu124", "windows") == "torch==2.5.1+cu124"
    assert tagged_pin("torch==2.5.1", CPU, "macos") == "torch==2.5.1"  # macOS wheels there carry no tag
    untouched = ["torchvision==0.22.*", "torch>=2.2", "torch==2.5.1+cu121", "torchvision"]
    assert [tagged_pin(req, CPU, "linux") for req in untouched] == untouched
    assert tagged_pin("torch==2.5.1", None, "linux") == tagged_pin("torch==2.5.1", "https://pypi.org/simple", "linux") == "torch==2.5.1"


def test_satisfied_is_judged_as_pip_judges_it() -> None:
    # design.md section 6: `==0.28.0` is satisfied by the CUDA build 0.28.0; `==0.28.0+cpu` is not.
    assert already_satisfied("torchvision==0.28.0", {"torchvision": "0.28.0"})
    assert already_satisfied("torchvision==0.28.0", {"torchvision": "0.28.0+cu130"})
    assert not already_satisfied("torchvision==0.28.0+cpu", {"torchvision": "0.28.0"})
    assert not already_satisfied("torch-vision==0.29.1", {"Torch_Vision": "0.28.0"})
    assert not already_satisfied("--no-deps", {"torch": "2.5.1"}) and not already_satisfied("torch", {})


def test_the_workshop_case_pins_the_tag_instead_of_a_no_op() -> None:
    """torch 2.13.0+cpu with the PyPI (CUDA) build of torchvision 0.28.0 (issue 13)."""
    installed = {"torch": "2.13.0+cpu", "torchvision": "0.28.0"}
    fix = install_fix(["torchvision==0.28.0"], in_kernel=True, index_url=CPU, installed=installed)
    assert fix.code == f"%pip install torchvision==0.28.0+cpu --index-url {CPU}"
    on_mac = install_fix(["torchvision==0.28.0"], in_kernel=True, index_url=CPU, installed=installed, platform="macos")
    assert on_mac.code == f"%pip install --force-reinstall torchvision==0.28.0 --no-deps --index-url {CPU}"


def test_a_satisfied_pin_is_reinstalled_alone_and_a_new_build_with_its_dependencies() -> None:
    installed = {"torch": "2.13.0+cpu"}
    same = install_fix(["torch==2.13.0"], in_kernel=True, index_url=CPU, installed=installed)
    assert same.code == f"%pip install --force-reinstall torch==2.13.0+cpu --no-deps --index-url {CPU}"
    # Another build replaces the installed one by itself, and needs its own nvidia-* wheels.
    other = install_fix(["torch==2.13.0"], in_kernel=True, index_url=index_for_variant("cu126"), installed=installed, reinstall=True)
    assert other.code == "%pip install torch==2.13.0+cu126 --index-url https://download.pytorch.org/whl/cu126"


def test_portable_fix_uses_the_stated_versions() -> None:
    fix = portable_install_fix(["torchvision==0.28.0"], index_url=CPU, installed={"torchvision": "0.28.0"}, platform="windows")
    assert fix.code == f"pip install torchvision==0.28.0+cpu --index-url {CPU}"


# Texts whose fixes are pip commands, each with the versions a user would state (all real
# messages from tests/corpus and design.md section 6).
TEXTS = [
    "RuntimeError: operator torchvision::nms does not exist",
    "ModuleNotFoundError: No module named 'torchvision'",
    "ModuleNotFoundError: No module named 'torchaudio'",
    "OSError: libtorchaudio.so: undefined symbol: _ZN3c1017RegisterOperatorsD1Ev",
    "ImportError: libcudart.so.12: cannot open shared object file: No such file or directory",
    "ImportError: /e/site-packages/torch/lib/libtorch_cpu.so: undefined symbol: mkl_blas_dgemm",
    "AssertionError: Torch not compiled with CUDA enabled",
    "RuntimeError: The NVIDIA driver on your system is too old (found version 11040).",
    "ImportError: /e/site-packages/detectron2/_C.so: undefined symbol: _ZN3c1012CUDATensorIdEv",
]
STATED = [
    {"torch": "2.13.0+cpu", "torchvision": "0.28.0"},
    {"torch": "2.13.0+cpu", "torchvision": "0.29.1"},
    {"torch": "2.14.1", "torchvision": "0.28.0"},
    {"torch": "2.5.1+cu124", "torchvision": "0.20.1", "torchaudio": "2.5.1"},
    {"torch": "2.5.1+cu124", "torchvision": "0.21.0+cu124", "torchaudio": "2.4.0"},
]
# Causes whose fix is about a companion or an extension: torch itself must stay as it is.
COMPANION_CAUSES = {"torchvision_torch_mismatch", "extension_abi_mismatch"}


def live_findings(text: str, packages: dict[str, str], platform: str) -> list[Finding]:
    """The live rules over probe-shaped facts: these distributions installed (metadata
    versions), torch's version.py saying the same, the failed cell's text as the capture."""
    installed = {
        name: [{"name": name, "version": version, "location": f"/e/{name}-{version}.dist-info"}] for name, version in packages.items()
    }
    facts = {
        "packages": {"installed": installed},
        "python": {"os": {"linux": "Linux", "windows": "Windows"}[platform], "installer": "pip"},
        "torch_build": {"found": True, "version_file": {"__version__": packages["torch"]}},
    }
    findings, _ = run_rules(Context(facts=facts, capture={"text": text}, in_kernel=True), load_all())
    return findings


@pytest.mark.parametrize(("text", "packages"), list(itertools.product(TEXTS, STATED)))
@pytest.mark.parametrize("platform", ["linux", "windows"])
@pytest.mark.parametrize("way", ["pasted", "live"])
def test_every_pip_fix_changes_what_it_names_and_leaves_torch(text: str, packages: dict[str, str], platform: str, way: str) -> None:
    """Over every rule that builds a pip fix, from a pasted text and from live facts: no pin is
    already satisfied without a reinstall, and a companion's fix never names torch (so the
    resolver keeps the installed one) and pins each companion it names."""
    findings = explain(text, platform=platform, packages=packages) if way == "pasted" else live_findings(text, packages, platform)
    for finding in findings:
        if finding.fix is None or finding.fix.kind != "pip":
            continue
        parsed = pip_words(finding.fix.code)
        assert parsed is not None, finding.fix.code
        _, verb, words = parsed
        if verb != "install":
            continue
        pins = [word for word in words if "==" in word and not word.startswith("-")]
        satisfied = [pin for pin in pins if already_satisfied(pin, packages)]
        assert not satisfied or "--force-reinstall" in words, (finding.cause, finding.fix.code)
        if finding.cause in COMPANION_CAUSES:
            assert "torch" not in [name.lower() for name in requirement_names(words)], (finding.cause, finding.fix.code)
            assert "--upgrade" not in words and "-U" not in words, finding.fix.code
            assert all("==" in word for word in words if word in ("torchvision", "torchaudio")), finding.fix.code


# --- issue 13 point 3: commands for the user's shell -------------------------------------


@pytest.mark.parametrize("word", ["numpy<2", "torch>=2.2,<3", "torch!=2.0.0", "torch==2.5.1+cu124", "a b", "x|y", "p&q"])
def test_a_word_reaches_pip_unchanged_in_bash_cmd_and_powershell(word: str) -> None:
    posix = quote_word(word)
    assert shlex.split(posix) == [word]
    windows = quote_word(word, "cmd")
    assert windows_split(windows) == [word]
    if any(char in word for char in "<>|& "):
        assert posix == windows == f'"{word}"'  # double quotes: read the same by all three shells


def test_windows_terminal_command_for_cmd_with_the_powershell_form_in_the_note() -> None:
    cmd = pip_command("install", ["numpy<2"], in_kernel=False, platform="windows", python=WIN_PYTHON)
    assert cmd == f'"{WIN_PYTHON}" -m pip install "numpy<2"'
    assert windows_split(cmd) == [WIN_PYTHON, "-m", "pip", "install", "numpy<2"]
    powershell = pip_command("install", ["numpy<2"], in_kernel=False, platform="windows", shell="powershell", python=WIN_PYTHON)
    assert powershell == f'& "{WIN_PYTHON}" -m pip install "numpy<2"'
    fix = install_fix(["numpy<2"], in_kernel=False, shell_platform="windows")
    assert fix.note.startswith("For cmd.exe; in PowerShell: & ") and fix.code.startswith('"')


def test_posix_terminal_command_parses_into_the_intended_words() -> None:
    command = pip_command("install", ["torch>=2.2", "--index-url", CPU], in_kernel=False, platform="linux", python="/opt/my env/bin/python")
    assert shlex.split(command) == ["/opt/my env/bin/python", "-m", "pip", "install", "torch>=2.2", "--index-url", CPU]


def test_windows_quote_follows_the_c_runtime_rules() -> None:
    assert windows_quote("plain") == "plain"
    assert windows_quote("C:\\dir with space\\") == '"C:\\dir with space\\\\"'  # a trailing backslash is doubled
    assert windows_split(windows_quote('say "hi"')) == ['say "hi"']


def windows_split(line: str) -> list[str]:
    """Split a command line as CommandLineToArgvW does (the rules subprocess.list2cmdline writes for)."""
    words: list[str] = []
    word, quoted, slashes, started = [], False, 0, False
    for char in line + " ":
        if char == "\\":
            slashes += 1
            continue
        if char == '"':
            word.append("\\" * (slashes // 2))
            if slashes % 2:
                word.append('"')
            else:
                quoted = not quoted
            slashes, started = 0, True
            continue
        word.append("\\" * slashes)
        slashes = 0
        if char in " \t" and not quoted:
            if started or "".join(word):
                words.append("".join(word))
            word, started = [], False
            continue
        word.append(char)
        started = True
    return words
