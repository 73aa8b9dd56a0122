"""design.md section 4: the public names stay the functions, whatever got imported since."""

from __future__ import annotations

import importlib
import pkgutil

import torchenv_magic


def test_public_functions_survive_importing_every_submodule() -> None:
    for info in pkgutil.walk_packages(torchenv_magic.__path__, "torchenv_magic."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    report = torchenv_magic.diagnose()
    assert callable(torchenv_magic.diagnose) and callable(torchenv_magic.explain)
    assert torchenv_magic.diagnose().to_dict()["schema_version"] == report.to_dict()["schema_version"] == 1
    assert torchenv_magic.explain("ModuleNotFoundError: No module named 'torch'")[0].cause == "module_not_installed_in_kernel_env"
    assert torchenv_magic.explain("   ") == []


def test_compat_api_answers() -> None:
    from torchenv_magic import compat

    assert compat.torchvision_for("2.5.1") == "0.20.1"
    assert compat.compute_capability("NVIDIA GeForce RTX 3090") == "8.6"
    assert isinstance(compat.cuda_variants_for("2.5.1"), list)
