"""Live rules over facts recorded from the real environments of tests/e2e (paths shortened)."""

from __future__ import annotations

from typing import Any

import pytest

from torchenv_magic import explain
from torchenv_magic.explainer.signals import Signal, signal
from torchenv_magic.model import Finding, rank
from torchenv_magic.probes.loaded_libs import probe as loaded_libs_probe
from torchenv_magic.probes.loaded_libs import read_proc_maps
from torchenv_magic.rules import Context, install, libraries, live, live_install, load_all, run_rules

SITE = "/env/lib/python3.11/site-packages"
TORCH_CPU = {"name": "torch", "version": "2.13.0+cpu", "local": "cpu", "location": f"{SITE}/torch-2.13.0+cpu.dist-info", "requires": []}
# /proc/self/maps lines recorded after `pip install torch==2.14.1` under a running process:
# pip first moves the old package folder to its '~orch' stash, then deletes it.
MAPS_AFTER_UPGRADE = f"""\
7f1c2a000000-7f1c2b000000 r-xp 00000000 fd:01 123 {SITE}/~orch/lib/libtorch_cpu.so (deleted)
7f1c2c000000-7f1c2c100000 r-xp 00000000 fd:01 124 {SITE}/~orch/_C.cpython-311-x86_64-linux-gnu.so (deleted)
7f1c2d000000-7f1c2d100000 r-xp 00000000 fd:01 125 /usr/lib/x86_64-linux-gnu/libc.so.6
7ffd1a000000-7ffd1a021000 rw-p 00000000 00:00 0 [stack]
"""


def ctx(capture: dict[str, Any] | None = None, **facts: Any) -> Context:
    base: dict[str, Any] = {"packages": {"installed": {"torch": [TORCH_CPU]}}, "python": {"installer": "pip"}}
    return Context(facts={**base, **facts}, capture=capture, in_kernel=True)


def torch_state(**torch: Any) -> dict[str, Any]:
    return {"packages": {"torch": {"present": False, "submodules": 308, "c_extension": False, **torch}}, "origins": {}}


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


def test_proc_maps_parsing_and_deleted_marks() -> None:
    mapped = read_proc_maps(MAPS_AFTER_UPGRADE)
    assert [m.deleted for m in mapped] == [True, True, False]
    facts = loaded_libs_probe(lambda: mapped)
    assert facts["core_torch_loaded"] is True
    assert len(facts["deleted"]) == 2 and facts["count"] == 3


def test_partial_import_with_native_core_says_restart() -> None:
    loaded = loaded_libs_probe(lambda: read_proc_maps(MAPS_AFTER_UPGRADE.replace("~orch", "torch").replace(" (deleted)", "")))
    finding = only(
        list(live.partial_import_state(ctx({"type": "KeyboardInterrupt"}, modules=torch_state(c_extension=True), loaded_libs=loaded)))
    )
    assert (finding.cause, finding.severity) == ("partial_import_state", "error")
    assert finding.fix is not None and finding.fix.restart_kernel
    assert "this failure is a KeyboardInterrupt: the import was interrupted" in finding.evidence


def test_partial_import_before_native_core_offers_reset() -> None:
    finding = only(list(live.partial_import_state(ctx(modules=torch_state(submodules=11)))))
    assert finding.severity == "info" and finding.fix is not None and finding.fix.code == "%torchenv reset"


def test_fully_loaded_or_local_torch_is_no_partial_state() -> None:
    loaded = torch_state(present=True, initialising=False, version="2.13.0+cpu", file=f"{SITE}/torch/__init__.py")
    local = torch_state(present=True, initialising=False, version=None, file="/home/u/nb/torch.py")
    assert list(live.partial_import_state(ctx(modules=loaded))) == []
    assert list(live.partial_import_state(ctx(modules=local))) == []


def loaded_torch(version: str) -> dict[str, Any]:
    return torch_state(present=True, initialising=False, version=version, file=f"{SITE}/torch/__init__.py", c_extension=True)


def test_cuda_build_local_tag_is_not_stale() -> None:
    cuda = {**TORCH_CPU, "version": "2.14.1", "local": None}
    facts = ctx(modules=loaded_torch("2.14.1+cu130"), torch_build={"version_file": {"__version__": "2.14.1+cu130"}})
    facts.facts["packages"] = {"installed": {"torch": [cuda]}}
    assert list(live.stale_module_after_upgrade(facts)) == []


def test_upgrade_under_the_process_is_stale() -> None:
    facts = ctx(
        modules=loaded_torch("2.13.0+cpu"),
        torch_build={"version_file": {"__version__": "2.14.1+cu130"}},
        loaded_libs=loaded_libs_probe(lambda: read_proc_maps(MAPS_AFTER_UPGRADE)),
    )
    finding = only(list(live.stale_module_after_upgrade(facts)))
    assert "on disk: torch/version.py says 2.14.1+cu130" in finding.evidence
    assert any("libtorch_cpu.so" in line and "deleted" in line for line in finding.evidence)


def test_reinstall_of_same_version_is_stale_through_deleted_maps() -> None:
    facts = ctx(modules=loaded_torch("2.13.0+cpu"), torch_build={"version_file": {"__version__": "2.13.0+cpu"}})
    assert list(live.stale_module_after_upgrade(facts)) == []
    facts.facts["loaded_libs"] = loaded_libs_probe(lambda: read_proc_maps(MAPS_AFTER_UPGRADE))
    assert only(list(live.stale_module_after_upgrade(facts))).cause == "stale_module_after_upgrade"


def test_shadowed_by_local_file() -> None:
    modules = {"packages": {}, "origins": {"torch": "/home/u/nb/torch.py", "torchvision": f"{SITE}/torchvision/__init__.py"}}
    finding = only(list(live.shadowed_module(ctx(modules=modules))))
    assert finding.title == "A local torch.py hides the real torch"
    assert finding.fix is not None and finding.fix.kind == "python"  # runs the same on Windows: no !mv
    assert "shadow = Path('/home/u/nb/torch.py')\nshadow.rename(shadow.with_name('torch_local.py'))" in finding.fix.code


def test_shadowed_by_local_folder() -> None:
    modules = {"packages": {}, "origins": {"torch": "/home/u/nb/torch/__init__.py"}}
    finding = only(list(live.shadowed_module(ctx(modules=modules))))
    assert finding.title == "A local torch/ folder hides the real torch"
    assert finding.fix is not None and finding.fix.kind == "python"
    assert "shadow = Path('/home/u/nb/torch')\nshadow.rename(shadow.with_name('torch_local'))" in finding.fix.code


def test_duplicate_dist_info_names_the_ghost() -> None:
    ghost = {**TORCH_CPU, "version": "2.14.1", "location": f"{SITE}/torch-2.14.1.dist-info"}
    facts = ctx(torch_build={"version_file": {"__version__": "2.13.0+cpu"}})
    facts.facts["packages"] = {"installed": {"torch": [ghost, TORCH_CPU]}}
    finding = only(list(live_install.duplicate_installations(facts)))
    assert finding.severity == "error"
    assert finding.fix is not None and finding.fix.kind == "python"  # shutil, not !rm: runs on Windows too
    assert f"shutil.rmtree(Path('{SITE}/torch-2.14.1.dist-info').expanduser())" in finding.fix.code


def test_corrupted_install_reinstalls_the_same_build() -> None:
    files = {"torch": {"version": "2.13.0+cpu", "checked": 56, "missing_count": 1, "missing": ["torch/lib/libtorch_cpu.so"]}}
    capture = {"text": "ImportError: libtorch_cpu.so: cannot open shared object file: No such file or directory"}
    finding = only(list(live_install.corrupted_install(ctx(capture, install_files=files))))
    assert finding.confidence == 0.97 and "missing: torch/lib/libtorch_cpu.so (the error names it)" in finding.evidence
    assert finding.fix is not None
    assert finding.fix.code == "%pip install --force-reinstall torch==2.13.0+cpu --no-deps --index-url https://download.pytorch.org/whl/cpu"


def test_a_missing_module_outranks_the_partial_import_it_leaves_behind() -> None:
    """A retried import: the message names something else, the failure's file check finds the deleted module."""
    checked = {
        "torch": {
            "version": "2.13.0+cpu",
            "checked": 2297,
            "damaged_count": 1,
            "damaged": [{"path": "torch/futures/__init__.py", "problem": "missing", "link": "package"}],
        },
        "ms": 10.3,
    }
    capture = {
        "type": "RuntimeError",
        "text": 'RuntimeError: generic_type: cannot initialize type "RpcBackendOptions": an object with that name is already defined',
        "install_files": checked,
    }
    facts = {"modules": torch_state(c_extension=True), "torch_build": {"version_file": {"__version__": "2.13.0+cpu"}}}
    findings = rank(run_rules(ctx(capture, **facts), load_all())[0])
    assert [f.cause for f in findings[:2]] == ["corrupted_install", "partial_import_state"]
    top = findings[0]
    assert top.title == "torch 2.13.0+cpu is incomplete: files it installed are missing"
    assert "missing: torch/futures/__init__.py (its package was being imported)" in top.evidence
    assert top.fix is not None
    assert top.fix.code == "%pip install --force-reinstall torch==2.13.0+cpu --no-deps --index-url https://download.pytorch.org/whl/cpu"
    # Without the damaged file the same state is the partial import's, first.
    alone = rank(run_rules(ctx({**capture, "install_files": {"ms": 9.0}}, **facts), load_all())[0])
    assert alone[0].cause == "partial_import_state" and alone[0].confidence == 0.95


def test_a_truncated_library_is_damage_not_just_missing() -> None:
    files = {
        "torch": {
            "version": "2.13.0+cpu",
            "checked": 56,
            "missing_count": 0,
            "missing": [],
            "damaged_count": 1,
            "damaged": [{"path": "torch/lib/libc10.so", "problem": "short", "size": 762564, "expected": 1525128}],
        }
    }
    finding = only(list(live_install.corrupted_install(ctx(install_files=files))))
    assert finding.title == "torch 2.13.0+cpu is damaged: files it installed are missing or cut short"
    assert "truncated: torch/lib/libc10.so (762,564 of 1,525,128 bytes)" in finding.evidence
    assert finding.confidence == 0.9


def test_corrupted_vendor_build_gets_no_made_up_wheel_index() -> None:
    # NGC's torch: its local tag names no download.pytorch.org index (that URL would 404).
    files = {"torch": {"version": "2.4.0a0+3bcc3cddb5.nv24.07", "checked": 56, "missing_count": 1, "missing": ["torch/lib/libc10.so"]}}
    facts = ctx(install_files=files)
    ngc = {**TORCH_CPU, "version": "2.4.0a0+3bcc3cddb5.nv24.07", "local": "3bcc3cddb5.nv24.07"}
    facts.facts["packages"] = {"installed": {"torch": [ngc]}}
    finding = only(list(live_install.corrupted_install(facts)))
    assert finding.fix is not None
    assert finding.fix.code == "%pip install --force-reinstall torch==2.4.0a0+3bcc3cddb5.nv24.07 --no-deps"


def test_missing_cudnn_from_the_error_text_pins_the_required_wheel() -> None:
    # The probe lists the wheel as missing: it is required but not installed (listed and present would be "incomplete").
    entry = {"name": "nvidia-cudnn-cu13", "requirement": "nvidia-cudnn-cu13==9.24.0.43", "libs": ["libcudnn"]}
    cuda = {"required": {"nvidia-cudnn-cu13": "nvidia-cudnn-cu13==9.24.0.43"}, "missing": [entry]}
    capture = {"text": "ImportError: libcudnn.so.9: cannot open shared object file: No such file or directory"}
    finding = only(list(libraries.missing_cuda_runtime_lib(ctx(capture, cuda_wheels=cuda))))
    assert finding.title == "CUDA library libcudnn.so.9 is missing: the nvidia-cudnn-cu13 wheel is not installed"
    assert finding.fix is not None and finding.fix.code == "%pip install nvidia-cudnn-cu13==9.24.0.43"


def test_missing_cudart_with_a_system_copy_is_only_a_warning() -> None:
    entry = {
        "name": "nvidia-cuda-runtime",
        "requirement": "nvidia-cuda-runtime==13.0.96.*",
        "libs": ["libcudart"],
        "in_loader_cache": ["libcudart"],
    }
    cuda = {"required": {"nvidia-cuda-runtime": "nvidia-cuda-runtime==13.0.96.*"}, "missing": [entry]}
    finding = only(list(libraries.missing_cuda_runtime_lib(ctx(cuda_wheels=cuda))))
    assert finding.severity == "warning"


def test_torchvision_not_installed_here_but_elsewhere() -> None:
    capture = {"type": "ModuleNotFoundError", "name": "torchvision", "text": "ModuleNotFoundError: No module named 'torchvision'"}
    other = {"interpreters": [{"source": "`pip` first on PATH", "executable": "/usr/bin/python3", "packages": {"torchvision": "0.28.0"}}]}
    finding = only(list(install.module_not_installed_in_kernel_env(ctx(capture, other_envs=other))))
    assert "torchvision 0.28.0 is installed for /usr/bin/python3 (`pip` first on PATH), not for this kernel" in finding.evidence
    assert (
        finding.fix is not None and finding.fix.code == "%pip install torchvision==0.28.0+cpu --index-url https://download.pytorch.org/whl/cpu"
    )


def test_torchvision_ops_failure_is_a_mismatch_even_when_versions_look_right() -> None:
    """torchvision 0.28.0 pins torch==2.13.0, so metadata cannot tell; the live failure can."""
    vision = {
        "name": "torchvision",
        "version": "0.28.0",
        "local": None,
        "location": f"{SITE}/torchvision-0.28.0.dist-info",
        "requires": ["torch==2.13.0"],
    }
    facts = ctx(torch_build={"version_file": {"__version__": "2.13.0+cpu"}})
    facts.facts["packages"] = {"installed": {"torch": [TORCH_CPU], "torchvision": [vision]}}
    assert list(install.torchvision_torch_mismatch(facts)) == []
    live_ctx = Context(facts=facts.facts, capture={"text": "RuntimeError: operator torchvision::nms does not exist"}, in_kernel=True)
    finding = only(list(install.torchvision_torch_mismatch(live_ctx)))
    assert finding.confidence == 0.95
    assert finding.fix is not None and finding.fix.code.endswith("--index-url https://download.pytorch.org/whl/cpu")


def test_torchvision_of_another_build_of_the_same_release_is_reinstalled() -> None:
    """torch 2.13.0+cpu with the CUDA build of torchvision 0.28.0: `pip check` is happy, the import is not."""
    vision = {"name": "torchvision", "version": "0.28.0", "location": f"{SITE}/torchvision-0.28.0.dist-info", "requires": ["torch==2.13.0"]}
    facts = ctx(
        {"text": "RuntimeError: operator torchvision::nms does not exist"}, torch_build={"version_file": {"__version__": "2.13.0+cpu"}}
    )
    facts.facts["packages"] = {"installed": {"torch": [TORCH_CPU], "torchvision": [vision]}}
    finding = only(list(install.torchvision_torch_mismatch(facts)))
    # A plain `torchvision==0.28.0` pin would answer "Requirement already satisfied" (design.md section 6).
    assert finding.fix is not None
    assert (
        finding.fix.code == "%pip install torchvision==0.28.0+cpu --no-deps --index-url https://download.pytorch.org/whl/cpu"
    )


# --- Facts confirm or overrule what the error text says -----------------------------------------


def with_signals(context: Context, *signals: Signal) -> Context:
    """``context`` with the error's signals given as they are (details other extractors may add)."""
    context.__dict__["all_signals"] = list(signals)  # the cached_property's own slot
    return context


def test_no_module_named_is_overruled_when_this_interpreter_has_the_package() -> None:
    vision = {"name": "torchvision", "version": "0.28.0", "location": f"{SITE}/torchvision-0.28.0.dist-info", "requires": []}
    capture = {"type": "ModuleNotFoundError", "name": "torchvision", "text": "ModuleNotFoundError: No module named 'torchvision'"}
    facts = ctx(capture)
    facts.facts["packages"] = {"installed": {"torch": [TORCH_CPU], "torchvision": [vision]}}
    assert list(install.module_not_installed_in_kernel_env(facts)) == []


def test_torch_absent_from_the_probes_is_not_installed_even_without_an_error() -> None:
    facts = Context(
        facts={"packages": {"installed": {}}, "python": {"os": "Linux", "prefix": "/env"}, "nvml": {"available": False}}, in_kernel=True
    )
    finding = only(list(install.module_not_installed_in_kernel_env(facts)))
    assert finding.title == "torch is not installed for this kernel's Python"
    assert "importlib.metadata: no 'torch' distribution" in finding.evidence
    assert finding.fix is not None and finding.fix.code == "%pip install torch torchvision --index-url https://download.pytorch.org/whl/cpu"
    timed_out = Context(facts={"packages": {"probe_error": "timed out"}}, in_kernel=True)
    assert list(install.module_not_installed_in_kernel_env(timed_out)) == []


def test_partially_initialized_torch_with_a_local_torch_py_is_shadowing_not_a_retry() -> None:
    text = "AttributeError: partially initialized module 'torch' has no attribute 'tensor' (most likely due to a circular import)"
    modules = {"packages": {"torch": {"present": True, "file": "/home/u/nb/torch.py"}}, "origins": {"torch": "/home/u/nb/torch.py"}}
    facts = ctx({"type": "AttributeError", "text": text}, modules=modules)
    assert list(live.partial_import_state(facts)) == []
    finding = only(list(live.shadowed_module(facts)))
    assert finding.title == "A local torch.py hides the real torch" and finding.confidence == 0.95
    assert text in finding.evidence and "`import torch` resolves to /home/u/nb/torch.py" in finding.evidence


def test_a_guessed_local_file_is_overruled_when_the_import_finds_site_packages() -> None:
    text = "AttributeError: partially initialized module 'torch' has no attribute 'version' (most likely due to a circular import)"
    modules = {"packages": {}, "origins": {"torch": f"{SITE}/torch/__init__.py"}}
    assert list(live.shadowed_module(ctx({"text": text}, modules=modules))) == []
    assert only(list(live.shadowed_module(ctx({"text": text})))).title == "A local torch.py or torch/ folder may hide the real torch"


def test_stale_text_and_facts_give_one_finding_with_both() -> None:
    text = (
        "Successfully installed torch-2.14.1\n"
        "Note: you may need to restart the kernel to use updated packages.\n"
        "ImportError: cannot import name 'x'"
    )
    facts = ctx({"text": text}, modules=loaded_torch("2.13.0+cpu"), torch_build={"version_file": {"__version__": "2.14.1+cu130"}})
    finding = only(list(live.stale_module_after_upgrade(facts)))
    assert finding.title == "torch on disk changed after this process loaded torch 2.13.0+cpu"
    assert "on disk: torch/version.py says 2.14.1+cu130" in finding.evidence
    assert "Note: you may need to restart the kernel to use updated packages." in finding.evidence


def test_pip_leftover_warning_in_a_cell_is_duplicate_metadata() -> None:
    text = f"WARNING: Ignoring invalid distribution -orch ({SITE})"
    finding = only(list(live_install.duplicate_installations(ctx({"text": text}))))
    assert finding.title == "pip found a leftover '~orch' folder from an interrupted install or uninstall"
    assert (
        finding.fix is not None and finding.fix.code.startswith("import site; print(site.getsitepackages())") and SITE in finding.fix.note
    )


def test_any_corrupted_install_signal_becomes_a_finding() -> None:
    """Other extractors (DLL, shared libraries) add details this rule does not know: it still answers."""
    said = signal(
        "corrupted_install",
        0.8,
        ["OSError: [WinError 193] <no description> ... torch\\lib\\c10.dll"],
        library="c10.dll",
        package="torch",
        winerror=193,
    )
    finding = only(list(live_install.corrupted_install(with_signals(ctx(), said))))
    assert finding.title == "torch's own c10.dll is missing or damaged" and finding.confidence == 0.8
    assert finding.fix is not None
    assert finding.fix.code == "%pip install --force-reinstall torch==2.13.0+cpu --no-deps --index-url https://download.pytorch.org/whl/cpu"


def test_any_companion_signal_becomes_a_finding() -> None:
    said = signal(
        "torchvision_torch_mismatch",
        0.85,
        ["OSError: libtorchaudio.so: undefined symbol: _ZN3c10"],
        package="torchaudio",
        library="libtorchaudio.so",
    )
    audio = {"name": "torchaudio", "version": "2.4.0", "location": f"{SITE}/torchaudio-2.4.0.dist-info", "requires": []}
    facts = ctx(torch_build={"version_file": {"__version__": "2.5.1+cu124"}})
    facts.facts["packages"] = {"installed": {"torch": [{**TORCH_CPU, "version": "2.5.1+cu124"}], "torchaudio": [audio]}}
    finding = only(list(install.torchvision_torch_mismatch(with_signals(facts, said))))
    assert finding.title == "torchaudio 2.4.0 does not match torch 2.5.1 (CUDA 12.4 build)" and finding.confidence == 0.95
    assert (
        finding.fix is not None and finding.fix.code == "%pip install torchaudio==2.5.1+cu124 --index-url https://download.pytorch.org/whl/cu124"
    )
    unknown = signal("torchvision_torch_mismatch", 0.55, ["torchvision/_C.so: cannot open shared object file"], flavour="new")
    assert only(list(install.torchvision_torch_mismatch(with_signals(ctx(), unknown)))).cause == "torchvision_torch_mismatch"


# --- Same situation, same answer: a pasted text with stated packages, and the live failure ---------

VISION_29 = {
    "name": "torchvision",
    "version": "0.29.1+cu130",
    "location": f"{SITE}/torchvision-0.29.1.dist-info",
    "requires": ["torch==2.14.1"],
}
LIVE_PACKAGES = {"installed": {"torch": [TORCH_CPU], "torchvision": [VISION_29]}}
SAME_SITUATIONS = [
    ("RuntimeError: operator torchvision::nms does not exist", [], {"packages": LIVE_PACKAGES}),
    (
        "AttributeError: partially initialized module 'torch' has no attribute 'tensor' (most likely due to a circular import)",
        ["/home/u/nb/torch.py"],
        {"modules": {"packages": {}, "origins": {"torch": "/home/u/nb/torch.py"}}},
    ),
    ("ModuleNotFoundError: No module named 'torchvision'", [], {}),
    ("RuntimeError: function 'abs' already has a docstring", [], {"modules": torch_state(c_extension=True)}),
    ("zipfile.BadZipFile: Bad CRC-32 for file 'torch/lib/libtorch_cpu.so'", [], {}),
    ("WARNING: The following packages were previously imported in this runtime:\n  [torch]", [], {}),
]


def pasted(text: str, frames: list[str]) -> str:
    return "Traceback (most recent call last):\n" + "".join(f'  File "{name}", line 1, in <module>\n' for name in frames) + text


@pytest.mark.parametrize(("text", "frames", "facts"), SAME_SITUATIONS, ids=lambda value: str(value)[:30])
def test_pasted_and_live_give_the_same_cause_and_fix(text: str, frames: list[str], facts: dict[str, Any]) -> None:
    stated = explain(pasted(text, frames), platform="linux", packages={"torch": "2.13.0+cpu", "torchvision": "0.29.1+cu130"})
    torch_build = {"found": True, "version_file": {"__version__": "2.13.0+cpu"}}
    probed = {"torch_build": torch_build, "python": {"os": "Linux"}, **facts}
    capture = {"type": text.split(":")[0], "text": text, "tb_files": frames}
    live_findings = rank(run_rules(ctx(capture, **probed), load_all())[0])
    assert stated[0].cause == live_findings[0].cause
    assert stated[0].fix is not None and live_findings[0].fix is not None
    assert command(stated[0].fix.code) == command(live_findings[0].fix.code)


def command(code: str) -> str:
    """A fix without what differs by where it runs: `%pip`/`pip`/`!` in front."""
    return code.removeprefix("%").removeprefix("!").removeprefix("pip ")
