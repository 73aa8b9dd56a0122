"""Real broken environments: the top fix is dry-run checked by pip's resolver, then applied.

Issue 13: a fix must change the environment, and only the packages it names. Each test
breaks a hard-linked copy of a base env (tests/envs.py), lets the env's own interpreter fail
the import and diagnose it as a terminal user would (``in_kernel=False``: the command names
that interpreter), checks the top fix with :func:`torchenv_magic.fixcheck.check_fix`, runs
the command exactly as printed (``shlex.split``), and imports again. pip unlinks what it
replaces, so the base stays intact. Wheels come from this machine's disk (pip.conf's
find-links and local indexes); ``--index-url download.pytorch.org`` is unreachable here,
which pip reports as a warning and the local wheels still serve.
"""

from __future__ import annotations

import json
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.envs import SHELL_DRIVER, pip, run_python, site_packages, variant_env

pytestmark = pytest.mark.e2e

CPU_INDEX = "https://download.pytorch.org/whl/cpu"
# The child: import a module; on failure, diagnose it and check the top fix (a dry run).
CHILD = r"""
import json, sys
try:
    __import__(sys.argv[1])
    result = {"error": None}
except BaseException as exc:
    from torchenv_magic.diagnosis import diagnose
    from torchenv_magic.fixcheck import check_fix
    top = diagnose(exc, in_kernel=False).findings[0]
    result = {
        "error": f"{type(exc).__name__}: {str(exc)[:200]}",
        "cause": top.cause,
        "kind": top.fix.kind if top.fix else None,
        "fix": top.fix.code if top.fix else None,
        "check": check_fix(top.fix).to_dict() if top.fix else None,
    }
print("RESULT " + json.dumps(result))
"""


def diagnose_import(env: Path, module: str) -> dict[str, Any]:
    done = run_python(env, "-c", CHILD, module)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, done.stderr
    return dict(json.loads(lines[-1][len("RESULT ") :]))


def apply(command: str) -> subprocess.CompletedProcess[str]:
    """Run the printed terminal command as the user would paste it into bash."""
    words = shlex.split(command)
    done = subprocess.run(words, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def works(env: Path, code: str) -> str:
    done = run_python(env, "-W", "ignore", "-c", code)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_torch_reinstall_is_checked_then_repairs_a_deleted_library(cpu_env: Path) -> None:
    env = variant_env("cpu", "fix-apply-torch-reinstall")
    (site_packages(env) / "torch" / "lib" / "libtorch_cpu.so").unlink()
    result = diagnose_import(env, "torch")
    assert result["cause"] == "corrupted_install" and result["kind"] == "pip", result
    words = shlex.split(result["fix"])
    assert words[0] == str(env / "bin" / "python") and words[1:4] == ["-m", "pip", "install"]
    assert "torch==2.13.0+cpu" in words and "--force-reinstall" in words and "--no-deps" in words
    check = result["check"]
    # The resolver would rewrite torch (same build, fresh files) and nothing else.
    assert check["status"] == "changes", check
    assert check["changes"] == [{"name": "torch", "before": "2.13.0+cpu", "after": "2.13.0+cpu"}] and check["unnamed"] == []
    apply(result["fix"])
    assert works(env, "import torch; print(torch.randn(2, 2).shape, torch.__version__)") == "torch.Size([2, 2]) 2.13.0+cpu"


def shell_session(env: Path, *cells: str) -> str:
    """Everything one real IPython session of ``env`` printed, from ``%load_ext`` on."""
    done = run_python(env, str(SHELL_DRIVER), json.dumps(list(cells)))
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.slow
def test_torchvision_pair_is_checked_then_fixed_without_moving_torch(cuda_env: Path) -> None:
    """torch 2.14.1 (PyPI CUDA build) with torchvision 0.28.0: `operator torchvision::nms does not exist`.

    Also the loop of issue 13 point 7: the session that failed remembers it, and the next
    session of that interpreter, after the fix, says that it is gone.
    """
    env = variant_env("cuda", "fix-apply-torchvision-pair")
    pip(env, "install", "--quiet", "--no-deps", "torchvision==0.28.0")
    assert "nms" in shell_session(env, "import torchvision")  # the failure, with its hint
    result = diagnose_import(env, "torchvision")
    assert result["cause"] == "torchvision_torch_mismatch", result
    # torch came from PyPI (its metadata has no local tag): its torchvision comes from PyPI too.
    assert shlex.split(result["fix"])[3:] == ["install", "torchvision==0.29.1"]
    check = result["check"]
    assert check["status"] == "changes", check
    assert check["changes"] == [{"name": "torchvision", "before": "0.28.0", "after": "0.29.1"}] and check["unnamed"] == []
    apply(result["fix"])
    code = "import torch, torchvision; print(torch.__version__, torchvision.__version__, torchvision.ops.nms is not None)"
    assert works(env, code) == "2.14.1+cu130 0.29.1+cu130 True"
    said = shell_session(env, "import torchvision").splitlines()[0]
    assert said.startswith("torchenv: last time: torchvision 0.28.0") and said.endswith("fixed now (torchvision 0.29.1)."), said
    assert "last time" not in shell_session(env, "import torchvision")  # said once


@pytest.mark.slow
def test_missing_cuda_library_wheel_is_checked_then_installed(cuda_env: Path) -> None:
    """The CUDA build with nvidia-cublas uninstalled (libcublas.so.13 cannot be opened): the fix
    installs that one wheel, in the release series torch requires, and nothing else moves."""
    env = variant_env("cuda", "fix-apply-cublas")
    pip(env, "uninstall", "--yes", "--quiet", "nvidia-cublas")
    result = diagnose_import(env, "torch")
    assert result["cause"] == "missing_cuda_runtime_lib" and result["kind"] == "pip", result
    assert shlex.split(result["fix"])[3:] == ["install", "nvidia-cublas==13.1.1.3.*"]
    check = result["check"]
    assert check["status"] == "changes", check
    assert [(change["name"], change["before"]) for change in check["changes"]] == [("nvidia-cublas", None)]
    assert check["unnamed"] == []
    apply(result["fix"])
    assert works(env, "import torch; print(torch.__version__, torch.randn(2).shape)") == "2.14.1+cu130 torch.Size([2])"


def test_cpu_torch_with_a_foreign_torchvision_gets_the_tagged_pin(cpu_tv29_env: Path) -> None:
    """torch 2.13.0+cpu with torchvision 0.29.1: the fix pins the +cpu build of 0.28.0 and
    names nothing else. That wheel is not on this machine, so the check must say the resolver
    could not find it (offline), clearly, without raising."""
    env = variant_env("cpu-tv29", "fix-check-tagged-pin")
    result = diagnose_import(env, "torchvision")
    assert result["cause"] == "torchvision_torch_mismatch", result
    assert shlex.split(result["fix"])[3:] == ["install", "torchvision==0.28.0+cpu", "--index-url", CPU_INDEX]
    check = result["check"]
    assert check["status"] == "error" and "torchvision==0.28.0+cpu" in check["message"], check


def test_the_plain_pin_issue_13_replaced_was_a_no_op(cpu_env: Path) -> None:
    """What the old fix did (design.md section 6): with the CUDA build 0.28.0 installed, the
    untagged pin changes nothing, and the check says so."""
    env = variant_env("cpu", "fix-check-no-op")
    pip(env, "install", "--quiet", "torchvision==0.28.0")  # its torch==2.13.0 is satisfied by 2.13.0+cpu
    code = (
        "from torchenv_magic.fixcheck import check_fix; from torchenv_magic.model import Fix; "
        "print(check_fix(Fix('pip', '%pip install torchvision==0.28.0')).status)"
    )
    assert works(env, code) == "no_change"


def test_require_pins_a_missing_torchvision_to_the_installed_torch(cpu_env: Path) -> None:
    """`torchenv require torchvision` with torch 2.13.0+cpu: never an unpinned torchvision
    (pip's resolver would take the newest and replace torch to satisfy it)."""
    done = run_python(cpu_env, "-m", "torchenv_magic", "require", "torchvision", "--json")
    data = json.loads(done.stdout)
    fix = data["fixes"][0]["code"]
    assert shlex.split(fix)[3:] == ["install", "torchvision==0.28.0+cpu", "--index-url", CPU_INDEX], fix
