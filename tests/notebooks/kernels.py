"""Jupyter kernels whose Python has a real, broken torch install, for nbclient and the browser.

A kernel needs ipykernel (and ipywidgets for the panel) in its environment, which the
shared base environments of :mod:`tests.envs` do not carry. So the kernel environment is
a hard-linked variant of a base plus those two packages, cached under ``.cache/envs`` and
rebuilt only when the base or the package list changes. Its kernelspec is written into a
folder that the caller puts on ``JUPYTER_PATH``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.envs import CACHE, base_env, file_lock, python_of, variant_env

KERNEL_TOOLING = ["ipykernel", "ipywidgets"]
BROKEN_KERNEL = "torchenv-cpu-tv29"  # torch 2.13.0 CPU + torchvision 0.29.1: `import torchvision` fails
BROKEN_BASE = "cpu-tv29"


def kernel_env(base: str = BROKEN_BASE) -> Path:
    """A variant of base ``base`` with ipykernel and ipywidgets installed (cached)."""
    name = f"kernel-{base}"
    with file_lock(f"variant-{name}"):
        source = base_env(base)
        target = CACHE / "variants" / name
        stamp = target / ".torchenv-kernel-stamp.json"
        wanted = {"base": json.loads((source / ".torchenv-stamp.json").read_text()), "tooling": KERNEL_TOOLING}
        if stamp.is_file() and json.loads(stamp.read_text()) == wanted:
            return target
        variant_env(base, name)
        pip = [str(python_of(target)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, *KERNEL_TOOLING], check=True, timeout=600)
        stamp.write_text(json.dumps(wanted))
        return target


def write_kernelspec(env: Path, kernels_root: Path, name: str = BROKEN_KERNEL) -> Path:
    """``<kernels_root>/kernels/<name>/kernel.json`` running ``env``'s interpreter.

    Returns ``kernels_root``, the folder to put on ``JUPYTER_PATH``.
    """
    folder = kernels_root / "kernels" / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    spec = {
        "argv": [str(python_of(env)), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python (broken torch: 2.13.0 CPU + torchvision 0.29.1)",
        "language": "python",
        # The test environment's own variables must not leak into the broken one.
        "env": {"PYTHONPATH": "", "VIRTUAL_ENV": str(env)},
    }
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1))
    return kernels_root
