"""Real broken environments, diagnosed live: the CLI and the hint in a real IPython shell.

Each test breaks a hard-linked copy of a base environment (tests/envs.py) in one way, then
checks that ``python -m torchenv_magic --json`` run by that environment's interpreter, and
the hint under the failing cell in an IPython shell run by that same interpreter, rank the
right cause first with the right fix.
"""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.envs import add_ghost_dist_info, base_env, diagnose_json, pip, python_of, run_python, shell_cells, site_packages, variant_env

pytestmark = pytest.mark.e2e

CPU_INDEX = "--index-url https://download.pytorch.org/whl/cpu"


def top(report: dict[str, Any]) -> dict[str, Any]:
    assert report["findings"], "no findings"
    return dict(report["findings"][0])


def hint_of(cell: dict[str, Any]) -> str:
    """The hint under a cell's traceback (asserting the traceback is still shown above it)."""
    output = str(cell["output"])
    assert "torchenv: " in output, output[-2000:]
    before, _, hint = output.partition("torchenv: ")
    assert "Traceback" in before or "Error" in before, "the traceback must stay visible above the hint"
    return "torchenv: " + hint


# --- torchvision 0.29.1 (built for torch 2.14.1, CUDA) on torch 2.13.0+cpu ---------------------


def test_torchvision_built_for_another_torch(cpu_tv29_env: Path) -> None:
    finding = top(diagnose_json(cpu_tv29_env))
    assert finding["cause"] == "torchvision_torch_mismatch"
    assert finding["fix"]["code"].endswith(f"-m pip install torchvision==0.28.0+cpu {CPU_INDEX}")

    cell = shell_cells(cpu_tv29_env, ["import torchvision"])[0]
    assert cell["error"] == "RuntimeError"
    assert "operator torchvision::nms does not exist" in cell["output"]
    hint = hint_of(cell)
    assert hint.startswith("torchenv: torchvision 0.29.1 (CUDA 13.0 build) does not match torch 2.13.0 (CPU build)")
    assert f"fix: %pip install torchvision==0.28.0+cpu {CPU_INDEX}" in hint
    assert "%torchenv for the full report" in hint
    report = shell_cells(cpu_tv29_env, ["import torchvision", "%torchenv --json"])[1]["value"]
    assert any("operator torchvision::nms does not exist" in line for line in top(report)["evidence"])


def test_torch_installed_for_another_kernel_only(cpu_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bare env has no torch; a Jupyter kernelspec points at the cpu env, which has it."""
    spec = tmp_path / "kernels" / "workshop"
    spec.mkdir(parents=True)
    argv = [str(python_of(cpu_env)), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(__import__("json").dumps({"argv": argv, "display_name": "Workshop", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    bare = base_env("bare")

    finding = top(diagnose_json(bare))
    assert finding["cause"] == "module_not_installed_in_kernel_env"
    assert f"torch 2.13.0+cpu is installed for {python_of(cpu_env)} (Jupyter kernel 'workshop'), not for this kernel" in finding["evidence"]

    cell = shell_cells(bare, ["import torch"])[0]
    assert cell["error"] == "ModuleNotFoundError"
    assert hint_of(cell).startswith("torchenv: torch is not installed for this kernel's Python")


def test_hint_in_terminal_ipython(cpu_tv29_env: Path) -> None:
    """The real `ipython` application (terminal shell, piped input), not a driver script."""
    script = "%load_ext torchenv_magic\nimport torchvision\n"
    result = subprocess.run(
        [str(python_of(cpu_tv29_env)), "-m", "IPython", "--no-banner", "--colors=nocolor", "--HistoryManager.enabled=False"],
        input=script,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert "RuntimeError: operator torchvision::nms does not exist" in output
    assert output.index("operator torchvision::nms") < output.index("torchenv: torchvision 0.29.1 (CUDA 13.0 build) does not match")
    assert f"fix: %pip install torchvision==0.28.0+cpu {CPU_INDEX}" in output


# --- torch/lib/libtorch_cpu.so deleted ----------------------------------------------------------


def test_deleted_libtorch_cpu(cpu_env: Path) -> None:
    env = variant_env("cpu", "no-libtorch-cpu")
    (site_packages(env) / "torch" / "lib" / "libtorch_cpu.so").unlink()

    finding = top(diagnose_json(env))
    assert finding["cause"] == "corrupted_install"
    assert "missing: torch/lib/libtorch_cpu.so" in finding["evidence"]
    assert finding["fix"]["code"].endswith(f"-m pip install --force-reinstall torch==2.13.0+cpu --no-deps {CPU_INDEX}")

    cells = shell_cells(env, ["import torch", "import torch"])
    for cell in cells:  # the failure came before torch._C loaded: a retry fails the same way
        assert cell["error"] == "ImportError"
        hint = hint_of(cell)
        assert hint.startswith("torchenv: torch 2.13.0+cpu is incomplete: files it installed are missing")
        assert f"fix: %pip install --force-reinstall torch==2.13.0+cpu --no-deps {CPU_INDEX}" in hint


# --- a torch.py in the working directory ----------------------------------------------------------


def test_local_torch_py_shadows_torch(cpu_env: Path, tmp_path: Path) -> None:
    # A user's experiment saved as torch.py: `import torch` now imports the file itself.
    (tmp_path / "torch.py").write_text("import torch\n\nx = torch.tensor([1.0, 2.0])\n")

    finding = top(diagnose_json(cpu_env, cwd=tmp_path))
    assert finding["cause"] == "shadowed_module"
    fix = finding["fix"]
    assert fix["kind"] == "python" and f"Path({str(tmp_path / 'torch.py')!r})" in fix["code"]  # no !mv: runs on Windows too

    cell = shell_cells(cpu_env, ["import torch"], cwd=tmp_path)[0]
    assert cell["error"] == "AttributeError"
    assert "partially initialized module 'torch' has no attribute 'tensor'" in cell["output"]
    hint = hint_of(cell)
    assert hint.startswith("torchenv: A local torch.py hides the real torch")
    assert "fix: from pathlib import Path" in hint

    # The fix, run for real by the env's interpreter: then the real torch imports.
    applied = run_python(cpu_env, "-c", fix["code"], cwd=tmp_path)
    assert applied.returncode == 0, applied.stderr
    assert (tmp_path / "torch_local.py").is_file() and not (tmp_path / "torch.py").exists()
    after = run_python(cpu_env, "-c", "import torch; print(torch.tensor([1.0, 2.0]).sum().item())", cwd=tmp_path)
    assert after.returncode == 0 and after.stdout.strip() == "3.0", after.stderr


# --- a failed import repeated in one process ------------------------------------------------------

INTERRUPT_AFTER_C = '''
import os, signal, sys

class InterruptOnce:
    """Ctrl-C once torch's C++ core has loaded, as a user stopping a slow first import does."""

    fired = False

    def find_spec(self, name, path=None, target=None):
        if not InterruptOnce.fired and "torch._C" in sys.modules and name == "torch.nn":
            InterruptOnce.fired = True
            os.kill(os.getpid(), signal.SIGINT)  # a real SIGINT, as "interrupt kernel" sends
        return None

# Whatever SIGINT disposition the test run inherited (a background job starts with SIGINT
# ignored), the kernel's own: KeyboardInterrupt.
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.meta_path.insert(0, InterruptOnce())
'''

FAIL_AFTER_C = '''
import sys

class FailOnce:
    """Any failure after torch._C loaded (here: one submodule cannot be imported, once)."""

    fired = False

    def find_spec(self, name, path=None, target=None):
        if not FailOnce.fired and "torch._C" in sys.modules and name == "torch.nn":
            FailOnce.fired = True
            raise ImportError("simulated failure of torch.nn")
        return None

sys.meta_path.insert(0, FailOnce())
'''


@pytest.mark.parametrize(("setup", "first_error"), [(INTERRUPT_AFTER_C, "KeyboardInterrupt"), (FAIL_AFTER_C, "ImportError")])
def test_import_repeated_after_failure_past_torch_c(cpu_env: Path, setup: str, first_error: str) -> None:
    cells = shell_cells(cpu_env, [setup, "import torch", "import torch", "%torchenv --json", "%torchenv reset", "%torchenv import torch"])
    _, first, second, report, reset, guarded = cells
    assert first["error"] == first_error
    # The second import fails with a message that points elsewhere; the state says why.
    assert second["error"] in ("AttributeError", "ImportError", "RuntimeError")
    # The cell that failed is named as such: "this import", then "an earlier import" on the retry.
    first_hint, second_hint = hint_of(first), hint_of(second)
    assert first_hint.startswith("torchenv: This `import torch` stopped half-way, after torch's C++ core had loaded"), first_hint
    assert second_hint.startswith("torchenv: An earlier `import torch` failed or was interrupted after torch's C++ core loaded"), (
        second["output"][-3000:]
    )
    for hint in (first_hint, second_hint):
        assert "fix: Restart the kernel" in hint
    finding = top(report["value"])
    assert finding["cause"] == "partial_import_state"
    assert any("torch._C" in line for line in finding["evidence"])
    assert "Only a kernel restart is safe" in reset["output"]
    assert "libtorch_cpu.so" in reset["output"]
    assert "not importing torch" in guarded["output"]

    # A fresh process (the CLI) sees a healthy torch: the state belonged to the old process.
    assert "partial_import_state" not in [f["cause"] for f in diagnose_json(cpu_env)["findings"]]


def test_failed_import_before_torch_c_can_be_reset(cpu_env: Path) -> None:
    env = variant_env("cpu", "reset-before-c")
    libtorch = site_packages(env) / "torch" / "lib" / "libtorch_cpu.so"
    moved = libtorch.with_name("libtorch_cpu.so.away")
    libtorch.rename(moved)
    restore = f"import os; os.rename({str(moved)!r}, {str(libtorch)!r})"
    cells = shell_cells(env, ["import torch", restore, "%torchenv reset", "import torch; print(torch.__version__)"])
    assert cells[0]["error"] == "ImportError"
    assert "cleared" in cells[2]["output"]
    assert cells[3]["error"] is None
    assert "2.13.0+cpu" in cells[3]["output"]


# --- torch upgraded on disk under a running process -----------------------------------------------

UPGRADE_PROBE = textwrap.dedent(
    """
    import json, os, sys
    sys.path[0] = ""
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance(colors="nocolor")
    shell.run_line_magic("load_ext", "torchenv_magic")
    shell.run_cell("import torch")
    print("loaded", flush=True)
    sys.stdin.readline()  # the test upgrades torch on disk meanwhile
    from torchenv_magic import diagnose
    report = diagnose().to_dict()
    shell.run_cell("import torch._dynamo")  # a lazily imported submodule, now from the new files
    print(json.dumps(report), flush=True)
    os._exit(0)
    """
)


def test_torch_upgraded_under_running_process(cpu_env: Path, tmp_path: Path) -> None:
    env = variant_env("cpu", "upgraded-under-process")
    script = tmp_path / "probe.py"
    script.write_text(UPGRADE_PROBE)
    process = subprocess.Popen([str(python_of(env)), str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=tmp_path)
    assert process.stdout is not None and process.stdin is not None
    assert process.stdout.readline().strip() == "loaded"
    pip(env, "install", "--quiet", "--no-deps", "torch==2.14.1")  # from a second process
    output, _ = process.communicate("go\n", timeout=300)
    lines = output.splitlines()
    report = __import__("json").loads(lines[-1])

    finding = top(report)
    assert finding["cause"] == "stale_module_after_upgrade"
    assert finding["title"] == "torch on disk changed after this process loaded torch 2.13.0+cpu"
    assert "on disk: torch/version.py says 2.14.1+cu130" in finding["evidence"]
    assert any("deleted" in line and "libtorch_cpu.so" in line for line in finding["evidence"])
    assert finding["fix"]["restart_kernel"] is True

    hint = "\n".join(lines[:-1])
    assert "torchenv: torch on disk changed after this process loaded torch 2.13.0+cpu" in hint
    # torch 2.14.1 went in --no-deps, so its cuDNN wheel is missing too: the hint shows the fix to try
    # first (the one `%torchenv fix` inserts, model.mark_try_first), then says to restart the kernel.
    assert "  try first: CUDA library libcudnn.so is missing: the nvidia-cudnn-cu13 wheel is not installed (about as likely" in hint
    assert "  fix: %pip install nvidia-cudnn-cu13==" in hint
    assert "  then restart the kernel · %torchenv for the full report" in hint


def test_same_release_of_cuda_build_is_not_stale(cuda_env: Path) -> None:
    """torch.__version__ '2.14.1+cu130' vs metadata '2.14.1' is one release (design.md section 6)."""
    result = run_python(cuda_env, "-c", "import json, torch; from torchenv_magic import diagnose; print(json.dumps(diagnose().to_dict()))")
    assert result.returncode == 0, result.stderr
    report = __import__("json").loads(result.stdout.splitlines()[-1])
    assert report["facts"]["modules"]["packages"]["torch"]["version"] == "2.14.1+cu130"
    assert "stale_module_after_upgrade" not in [f["cause"] for f in report["findings"]]


# --- two dist-info folders ------------------------------------------------------------------------


def test_two_dist_info_folders(cpu_env: Path) -> None:
    env = variant_env("cpu", "two-dist-info")
    ghost = add_ghost_dist_info(env, "torch", "2.14.1")

    finding = top(diagnose_json(env))
    assert finding["cause"] == "duplicate_installations"
    assert finding["title"].startswith("2 installations of torch in one environment")
    fix = finding["fix"]
    assert fix["kind"] == "python" and f"shutil.rmtree(Path({str(ghost)!r}).expanduser())" in fix["code"]  # no rm -r: runs on Windows too

    check = (
        "import torch, importlib.metadata as md\n"
        "found = sorted(d.version for d in md.distributions() if d.metadata['Name'] == 'torch')\n"
        "assert found == [torch.__version__], f'torch metadata says {found}, torch says {torch.__version__}'"
    )
    cells = shell_cells(env, [check, "%torchenv --json"])
    assert cells[0]["error"] == "AssertionError"
    hint = hint_of(cells[0])
    assert hint.startswith("torchenv: 2 installations of torch in one environment")
    assert "fix: import shutil" in hint
    assert top(cells[1]["value"])["cause"] == "duplicate_installations"

    # The fix, run for real: one torch distribution is left, the one whose files are on disk.
    applied = run_python(env, "-c", fix["code"])
    assert applied.returncode == 0, applied.stderr
    assert not ghost.exists()
    assert run_python(env, "-c", check).returncode == 0


# --- the CUDA build with one nvidia-* wheel uninstalled --------------------------------------------


@pytest.mark.slow
def test_cuda_build_without_cublas(cuda_env: Path) -> None:
    env = variant_env("cuda", "no-cublas")
    pip(env, "uninstall", "--yes", "--quiet", "nvidia-cublas")
    # cuBLAS is needed at import and, unlike libcudart, has no copy in this machine's
    # loader cache (design.md section 6), so the import really fails.
    assert b"libcublas.so" not in Path("/etc/ld.so.cache").read_bytes()

    report = diagnose_json(env)
    finding = top(report)
    assert finding["cause"] == "missing_cuda_runtime_lib"
    assert "nvidia-cublas" in finding["title"]
    assert finding["fix"]["code"].endswith('-m pip install "nvidia-cublas==13.1.1.3.*"')

    cell = shell_cells(env, ["import torch"])[0]
    assert cell["error"] == "ImportError"
    assert "libcublas.so.13: cannot open shared object file" in cell["output"]
    hint = hint_of(cell)
    assert hint.startswith("torchenv: CUDA library libcublas.so.13 is missing: the nvidia-cublas wheel is not installed")
    assert 'fix: %pip install "nvidia-cublas==13.1.1.3.*"' in hint
