"""``torchenv verify`` in a real torch 2.13.0+cpu environment, damaged in a hard-linked copy.

The copy (``cp -al``) shares every file with the base; a damaged file is first unlinked,
then written anew, so the base stays intact.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.envs import python_of, run_python, site_packages, variant_env

pytestmark = pytest.mark.e2e

DELETED = "torch/distributions/kl.py"
TRUNCATED = "torch/lib/libc10.so"


def test_verify_names_exactly_the_damaged_files(cpu_env: Path) -> None:
    env = variant_env("cpu", "verify-damaged")
    site = site_packages(env)
    (site / DELETED).unlink()
    library = site / TRUNCATED
    head = library.read_bytes()[:4096]
    library.unlink()  # unlink first: the base's copy of the file stays whole
    library.write_bytes(head)

    result = run_python(env, "-m", "torchenv_magic", "verify", "--json")
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert (data["ok"], data["interrupted"]) == (False, False)
    (torch,) = [dist for dist in data["distributions"] if dist["name"] == "torch"]
    assert torch["missing"] == [DELETED]
    assert [(c["path"], c["reason"], c["actual_size"]) for c in torch["changed"]] == [(TRUNCATED, "size", 4096)]
    assert torch["extra"] == []
    assert torch["checked"] == torch["files"] > 10_000
    assert "--force-reinstall torch==2.13.0+cpu --no-deps --index-url https://download.pytorch.org/whl/cpu" in torch["fix"]["code"]
    assert all(dist["status"] == "ok" for dist in data["distributions"] if dist["name"] != "torch")

    text = run_python(env, "-m", "torchenv_magic", "verify")
    assert text.returncode == 1 and "Traceback" not in text.stderr
    assert f"missing  {DELETED}" in text.stdout and f"changed  {TRUNCATED}: 4,096 bytes" in text.stdout

    base = run_python(cpu_env, "-m", "torchenv_magic", "verify")  # the base is untouched
    assert base.returncode == 0, base.stdout + base.stderr
    assert base.stdout.startswith("torchenv verify: OK: all ")


def test_ctrl_c_stops_with_a_partial_summary(cpu_env: Path) -> None:
    """A real SIGINT during the check: a summary that says so, exit status 130, no traceback."""
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    process = subprocess.Popen(
        [str(python_of(cpu_env)), "-m", "torchenv_magic", "verify"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environ,
        # The test run may have SIGINT ignored (a background job): the child must not inherit that.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stderr is not None
    assert process.stderr.readline().startswith("torchenv: verify…")  # printed as the check starts
    time.sleep(0.15)  # reading the RECORDs takes ~0.1 s, hashing 0.7 GB at least 0.4 s more
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert "Traceback" not in err
    assert process.returncode == 130, out + err
    assert out.startswith("torchenv verify: INTERRUPTED ")
