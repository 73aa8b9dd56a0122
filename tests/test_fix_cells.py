"""Every fix is a cell that runs as written (issue 13, points 3 to 6).

The fixes of every rule, over every real error of the corpus (tests/corpus: pasted texts),
every recorded real system (tests/recorded: NVML readings, Windows listings, a 32-bit
Python) in a kernel and in a terminal, and a few live situations built from facts:

- no placeholder (``<the DLL named in the error>``) and no comment line (``#``, ``::``)
  inside the code: explanations belong in the note;
- no ``!mv`` / ``!rm``: renaming or deleting is Python, which runs the same on Windows;
- every pip / conda / shell line splits with ``shlex`` into plain words (no literal quotes
  handed to pip), every Python fix compiles;
- ``conda`` only in a conda environment.

Then the ranking ("try this first"), the fixes dropped where they cannot work, and
detectron2's install commands word by word.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from tests.recorded import facts as recorded
from tests.test_explain_corpus import CASES
from torchenv_magic import explain
from torchenv_magic.diagnosis import diagnose_facts
from torchenv_magic.model import Finding, Fix, rank
from torchenv_magic.render.text import finding_to_text
from torchenv_magic.rules import Context, load_all, run_rules

# A C or C++ include directive names a real header (#include <cstdint>), not a placeholder.
PLACEHOLDER = re.compile(r"(?<!#include )<[A-Za-z][^<>\n]*>")
SITE = "/env/lib/python3.11/site-packages"
TORCH_CPU = {"name": "torch", "version": "2.13.0+cpu", "location": f"{SITE}/torch-2.13.0+cpu.dist-info", "requires": []}


def problems(fix: Fix) -> list[str]:
    """What makes ``fix`` a cell that does not run as written ([] when nothing does)."""
    found = []
    if PLACEHOLDER.search(fix.code):
        found.append(f"placeholder {PLACEHOLDER.search(fix.code)}")
    lines = [line.strip() for line in fix.code.splitlines() if line.strip()]
    if any(line.startswith(("#", "::", "REM ")) for line in lines):
        found.append("comment line")
    if any(re.match(r"!?(mv|rm)\s", line) for line in lines):
        found.append("shell mv/rm")
    if fix.kind != "python" and any(re.search(r"\s#\s", line) for line in lines):
        found.append("inline shell comment")
    if fix.kind in ("pip", "conda", "shell"):
        found += _shell_problems(fix, lines)
    if fix.kind == "python":
        found += _python_problems(fix.code)
    return found


def _shell_problems(fix: Fix, lines: list[str]) -> list[str]:
    found = []
    for line in lines:
        try:
            words = shlex.split(line.lstrip("%!"))
        except ValueError as exc:
            found.append(f"shlex: {exc}: {line}")
            continue
        if fix.kind in ("pip", "conda") and any("'" in word or '"' in word for word in words):
            found.append(f"literal quotes reach the installer: {words}")
    return found


def _python_problems(cell: str) -> list[str]:
    code = "\n".join(line for line in cell.splitlines() if not line.lstrip().startswith(("%", "!")))
    try:
        compile(code, "<fix>", "exec")
    except SyntaxError as exc:
        return [f"does not compile: {exc}"]
    return []


# --- the situations --------------------------------------------------------------------------


def _corpus_findings() -> list[tuple[str, Finding]]:
    return [
        (str(case.path.name), finding) for case in CASES for finding in explain(case.text, platform=case.platform, packages=case.packages)
    ]


def _recorded_contexts() -> list[tuple[str, Context]]:
    return [
        (f"{name} kernel={in_kernel}", recorded.context(recorded.load(name), in_kernel=in_kernel))
        for name in recorded.all_files()
        for in_kernel in (True, False)
    ]


def _live(capture: str | None = None, *, in_kernel: bool = True, env_kind: str = "venv", **facts: Any) -> Context:
    python = {"installer": "pip", "executable": "/env/bin/python", "prefix": "/env", "env_kind": env_kind, "os": "Linux", "bits": 64}
    base: dict[str, Any] = {"packages": {"installed": {"torch": [TORCH_CPU]}}, "python": python}
    return Context(facts={**base, **facts}, capture={"text": capture} if capture else None, in_kernel=in_kernel)


OMP = "OMP: Error #15: Initializing libiomp5md.dll, but found libiomp5md.dll already initialized."
IJIT = "ImportError: /env/lib/python3.11/site-packages/torch/lib/libtorch_cpu.so: undefined symbol: iJIT_NotifyEvent"
GLIBCXX = "ImportError: /usr/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.30' not found"

LIVE = {
    "shadow file": _live(modules={"packages": {}, "origins": {"torch": "/home/u/nb/torch.py"}}),
    "shadow folder": _live(modules={"packages": {}, "origins": {"torch": "/home/u/nb/torch/__init__.py"}}),
    "ghost dist-info": _live(
        torch_build={"found": True, "version_file": {"__version__": "2.13.0+cpu", "cuda": None}},
        packages={"installed": {"torch": [{**TORCH_CPU, "version": "2.14.1", "location": f"{SITE}/torch-2.14.1.dist-info"}, TORCH_CPU]}},
    ),
    "omp in a venv": _live(OMP),
    "omp in conda": _live(OMP, env_kind="conda"),
    "mkl itt in a venv": _live(IJIT),
    "mkl itt in conda": _live(IJIT, env_kind="conda", in_kernel=False),
    "libstdc++ in a venv": _live(GLIBCXX),
    "libstdc++ in conda": _live(GLIBCXX, env_kind="conda"),
    "detectron2 missing": _live("ModuleNotFoundError: No module named 'detectron2'"),
}


def _findings(context: Context) -> list[Finding]:
    found, _notes = run_rules(context, load_all())
    return rank(found)


FIXES = (
    [(f"corpus {name} {f.cause}", f) for name, f in _corpus_findings() if f.fix]
    + [(f"recorded {name} {f.cause}", f) for name, context in _recorded_contexts() for f in _findings(context) if f.fix]
    + [(f"live {name} {f.cause}", f) for name, context in LIVE.items() for f in _findings(context) if f.fix]
)


def test_the_walk_covers_every_fix_kind() -> None:
    assert len(FIXES) >= 150
    assert {f.fix.kind for _, f in FIXES if f.fix} == {"pip", "conda", "shell", "python", "manual"}


@pytest.mark.parametrize(("where", "finding"), FIXES, ids=[where for where, _ in FIXES])
def test_fix_runs_as_written(where: str, finding: Finding) -> None:
    assert finding.fix is not None
    assert problems(finding.fix) == [], (where, finding.fix.code)


def test_conda_only_in_conda_environments() -> None:
    venv = [(name, f) for name, context in LIVE.items() if context.fact("python")["env_kind"] != "conda" for f in _findings(context)]
    assert venv and all(f.fix is None or f.fix.kind != "conda" for _, f in venv)
    conda = {name: f.fix for name, context in LIVE.items() if name.endswith("in conda") for f in _findings(context)[:1]}
    assert conda["omp in conda"] == Fix(kind="conda", code="%conda install nomkl", note=conda["omp in conda"].note, restart_kernel=True)
    assert conda["mkl itt in conda"] is not None and conda["mkl itt in conda"].code == "conda install -p /env mkl==2024.0"
    assert conda["libstdc++ in conda"] is not None and conda["libstdc++ in conda"].code.startswith(
        "%conda install -c conda-forge 'libstdcxx-ng>="
    )


def test_omp_outside_conda_says_what_to_remove_and_never_hides_the_error() -> None:
    fix = _findings(LIVE["omp in a venv"])[0].fix
    assert fix is not None and fix.kind == "manual" and "libiomp5md.dll" in fix.code
    assert "KMP_DUPLICATE_LIB_OK=TRUE only hides the error" in fix.note


# --- the shadowed-file fix, run for real -----------------------------------------------------


def test_shadow_fix_renames_the_file_and_its_bytecode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "torch.py").write_text("import torch\n")
    cache = tmp_path / "__pycache__"
    cache.mkdir()
    (cache / "torch.cpython-311.pyc").write_bytes(b"stale")
    (cache / "other.cpython-311.pyc").write_bytes(b"kept")
    origin = str(tmp_path / "torch.py")
    fix = _findings(_live(modules={"packages": {}, "origins": {"torch": origin}}))[0].fix
    assert fix is not None and fix.kind == "python" and fix.restart_kernel
    exec(compile(fix.code, "<fix>", "exec"), {})  # the fix, as the user would run it
    assert (tmp_path / "torch_local.py").read_text() == "import torch\n" and not (tmp_path / "torch.py").exists()
    assert sorted(p.name for p in cache.iterdir()) == ["other.cpython-311.pyc"]


def test_shadow_fix_of_a_windows_path_is_a_python_string() -> None:
    text = (
        'Traceback (most recent call last):\n  File "C:\\Users\\me\\proj\\torch.py", line 1, in <module>\n    import torch\n'
        "AttributeError: partially initialized module 'torch' has no attribute 'tensor' (most likely due to a circular import)"
    )
    fix = explain(text, platform="windows")[0].fix
    assert fix is not None and fix.kind == "python"
    namespace: dict[str, Any] = {}
    exec(compile(fix.code.split("\n")[0] + "\n" + fix.code.split("\n")[1], "<fix>", "exec"), namespace)  # only the path: no rename
    assert str(namespace["shadow"]).endswith("torch.py") and "C:\\Users\\me\\proj" in str(namespace["shadow"])


# --- one to try first ------------------------------------------------------------------------


def _manual(cause: str, confidence: float, title: str) -> Finding:
    return Finding(cause, "error", title, "why", fix=Fix(kind="manual", code=f"do {title}"), confidence=confidence)


def test_two_manual_fixes_the_more_likely_is_tried_first_and_says_why() -> None:
    first, second = rank([_manual("missing_vc_redist", 0.45, "VC++"), _manual("windows_dll_dependency", 0.55, "DLL copies")])
    assert first.title == "DLL copies" and second.try_first == ""
    assert first.try_first == "Try this first: the most likely cause (55%; next: 'VC++', 45%)."
    assert first.to_dict()["try_first"] == first.try_first and json.dumps(first.to_dict())
    assert f"<- {first.try_first}" in "\n".join(finding_to_text(first, 1))


def test_a_cheaper_fix_of_a_cause_about_as_likely_goes_first() -> None:
    driver = _manual("driver_too_old", 0.9, "update the driver")
    cell = Finding("cpu_only_build", "error", "reinstall", "why", fix=Fix(kind="pip", code="%pip install torch"), confidence=0.85)
    ranked = rank([driver, cell])
    assert [f.title for f in ranked] == ["update the driver", "reinstall"]  # the order stays: most likely first
    assert ranked[0].try_first == "" and ranked[1].try_first.startswith("Try this first: about as likely as 'update the driver'")


def test_a_reset_of_what_a_failure_left_behind_is_not_tried_before_the_cause() -> None:
    cause = _manual("missing_vc_redist", 0.9, "install the VC++ runtime")
    reset = Finding("partial_import_state", "error", "reset", "why", fix=Fix(kind="python", code="%torchenv reset"), confidence=0.85)
    assert rank([cause, reset])[0].try_first.startswith("Try this first: the most likely cause")


def test_the_toolchain_goes_before_the_source_build_that_needs_it() -> None:
    build = Finding(
        "module_not_installed_in_kernel_env",
        "error",
        "detectron2 missing",
        "why",
        confidence=0.9,
        fix=Fix(kind="pip", code="%pip install --no-build-isolation git+https://github.com/facebookresearch/detectron2.git"),
    )
    nvcc = _manual("build_toolchain_missing", 0.85, "no nvcc")
    ranked = rank([build, nvcc])
    assert ranked[1].cause == "build_toolchain_missing" and "compiles code and needs this toolchain" in ranked[1].try_first


def test_a_single_fix_gets_no_mark_and_ranking_twice_keeps_one() -> None:
    assert rank([_manual("other", 0.5, "only")])[0].try_first == ""
    ranked = rank(rank([_manual("missing_vc_redist", 0.45, "a"), _manual("windows_dll_dependency", 0.55, "b")]))
    assert sum(bool(f.try_first) for f in ranked) == 1


def test_the_report_json_carries_the_mark_and_its_contract_holds() -> None:
    report = diagnose_facts(
        recorded.context(recorded.load("windows_conda_where_msvcp140.json")).facts, {"text": "ImportError: DLL load failed"}
    )
    data = report.to_dict()
    assert set(data) == {"schema_version", "findings", "facts"} and data["schema_version"] == 1
    for finding in data["findings"]:
        assert {"cause", "severity", "title", "explanation", "evidence", "fix", "confidence", "try_first"} <= set(finding)


# --- fixes that cannot work here are not offered ---------------------------------------------


def test_32bit_python_gets_no_install_torch_finding() -> None:
    for in_kernel in (True, False):
        causes = [f.cause for f in _findings(recorded.context(recorded.load("python_32bit_windows.json"), in_kernel=in_kernel))]
        assert causes[:1] == ["wheel_platform_mismatch"] and "module_not_installed_in_kernel_env" not in causes


def test_no_gpu_no_cuda_build() -> None:
    """'Torch not compiled with CUDA enabled' on a machine whose NVML finds no driver: no CUDA reinstall."""
    no_driver = {"available": False, "error": "NVMLError_LibraryNotFound", "meaning": "no NVIDIA driver is installed"}
    context = _live(
        "AssertionError: Torch not compiled with CUDA enabled",
        nvml=no_driver,
        torch_build={"found": True, "version_file": {"__version__": "2.13.0+cpu", "cuda": None}},
    )
    finding = next(f for f in _findings(context) if f.cause == "cpu_only_build")
    assert finding.fix is None and "install the driver first" in finding.explanation
    # nvidia-ml-py missing proves nothing: the CUDA build stays on offer.
    unknown = {"available": False, "error": "ImportError", "meaning": "nvidia-ml-py is not installed"}
    context = _live(context.error_text, nvml=unknown, torch_build=context.facts["torch_build"])
    fix = next(f for f in _findings(context) if f.cause == "cpu_only_build").fix
    assert fix is not None and "/whl/cu" in fix.code


# --- detectron2 ------------------------------------------------------------------------------

D2_GIT = "git+https://github.com/facebookresearch/detectron2.git"
NO_D2 = "ModuleNotFoundError: No module named 'detectron2'"


def _words(fix: Fix | None) -> list[str]:
    assert fix is not None
    return shlex.split(fix.code)


@pytest.mark.parametrize("platform", ["linux", "windows"])
def test_missing_detectron2_is_built_from_source_in_plain_words(platform: str) -> None:
    finding = explain(NO_D2, platform=platform, packages={"torch": "1.13.1+cu116"})[0]
    assert finding.cause == "module_not_installed_in_kernel_env"
    assert _words(finding.fix) == ["pip", "install", "--no-build-isolation", D2_GIT]
    assert finding.fix is not None and "not on PyPI" in finding.fix.note
    assert "CUDA 11.x toolkit" in finding.fix.note and "cuda-12.4" not in finding.fix.note and "12.4" not in finding.fix.note
    assert ("v11.6" if platform == "windows" else "/usr/local/cuda-11.6") in finding.fix.note  # torch's own CUDA


def test_missing_detectron2_uses_the_prebuilt_index_only_where_its_table_has_one() -> None:
    linux = explain(NO_D2, platform="linux", packages={"torch": "1.10.0+cu113"})[0].fix
    url = "https://dl.fbaipublicfiles.com/detectron2/wheels/cu113/torch1.10/index.html"
    assert _words(linux) == ["pip", "install", "detectron2==0.6", "-f", url]
    windows = explain(NO_D2, platform="windows", packages={"torch": "1.10.0+cu113"})[0].fix  # the wheels are Linux only
    assert _words(windows) == ["pip", "install", "--no-build-isolation", D2_GIT]


def test_missing_detectron2_in_a_kernel_checks_the_probed_toolchain_first() -> None:
    tools = {
        "compiler": {"command": "c++", "path": "/usr/bin/c++", "kind": "gcc", "version": "12"},
        "nvcc": {"path": "/usr/local/cuda-12.4/bin/nvcc", "version": "12.4"},
    }
    context = _live(
        NO_D2,
        toolchain=tools,
        torch_build={"found": True, "version_file": {"__version__": "2.13.0+cu118", "cuda": "11.8"}},
        packages={"installed": {"torch": [{**TORCH_CPU, "version": "2.13.0+cu118"}]}},
    )
    fix = next(f for f in _findings(context) if f.cause == "module_not_installed_in_kernel_env").fix
    assert _words(fix) == ["%pip", "install", "--no-build-isolation", D2_GIT]
    assert fix is not None and "Compiler found: gcc 12 (/usr/bin/c++)." in fix.note
    assert (
        "nvcc here is CUDA 12.4, torch is CUDA 11.8: point CUDA_HOME at a CUDA 11.x toolkit (for example CUDA_HOME=/usr/local/cuda-11.8)"
        in fix.note
    )


LINUX_ONLY = re.compile(r"\b(apt|apt-get|dnf|yum)\s+install\b|LD_LIBRARY_PATH|/usr/local/cuda", re.MULTILINE)
# export/unset are POSIX shell: right in macOS's zsh and bash, wrong in cmd.exe and PowerShell.
POSIX_SHELL = re.compile(r"^export\s|^unset\s", re.MULTILINE)


@pytest.mark.parametrize("platform", ["windows", "macos"])
def test_no_linux_commands_for_other_platforms(platform: str) -> None:
    """A pasted Windows or macOS error never gets apt or Linux paths as its fix; Windows never gets export/unset."""
    cases = [case for case in CASES if case.platform == platform]
    assert cases
    for case in cases:
        for finding in explain(case.text, platform=case.platform, packages=case.packages):
            if finding.fix is not None and finding.fix.kind != "manual":
                assert not LINUX_ONLY.search(finding.fix.code), (case.path.name, finding.fix.code)
                if platform == "windows":
                    assert not POSIX_SHELL.search(finding.fix.code), (case.path.name, finding.fix.code)


def test_the_marked_fix_is_the_one_the_panel_and_fix_command_offer() -> None:
    from torchenv_magic.model import Report
    from torchenv_magic.render.html import finding_to_html
    from torchenv_magic.render.summary import top_fix

    driver = _manual("driver_too_old", 0.9, "update the driver")
    cell = Finding("cpu_only_build", "error", "reinstall", "why", fix=Fix(kind="pip", code="%pip install torch"), confidence=0.85)
    ranked = rank([driver, cell])
    assert top_fix(Report(findings=ranked, facts={})) is ranked[1]
    assert "torchenv-try-first" in finding_to_html(ranked[1]) and "torchenv-try-first" not in finding_to_html(ranked[0])


def test_a_detectron2_built_for_another_torch_is_rebuilt_not_left_satisfied() -> None:
    """pip leaves an installed detectron2 alone for the same git URL: the rebuild must be forced."""
    case = next(case for case in CASES if case.path.name == "detectron2-libtorch-cpu-pytorch-43604.txt")
    finding = explain(case.text, platform=case.platform, packages=case.packages)[0]
    assert finding.cause == "extension_abi_mismatch"
    assert _words(finding.fix) == ["pip", "install", "--force-reinstall", "--no-build-isolation", D2_GIT]
