"""Another package's compiled module that links torch's DLLs, imported before torch, in a real Windows CPython under Wine.

Since Python 3.8, Windows looks for an extension module's DLLs in its own folder, the system folders and the folders
added with os.add_dll_directory, not PATH; `import torch` is what adds torch\\lib. A module built against torch and
imported first fails with a bare "DLL load failed while importing _C" (facebookresearch/pytorch3d#1919,
kijai/ComfyUI-Hunyuan3DWrapper#112). Here the add-on is a package of its own whose _C.pyd is a copy of torchvision
0.20.1's real one, which links c10.dll and torch_cpu.dll of torch\\lib. Windows' loader really refuses it; explain()
reads the traceback Python prints, and the finding's fix, run first, really lets the loader find every DLL.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.windows import winenv
from torchenv_magic import explain

IMPORT_ADDON = "import sys\nsys.path.insert(0, r'{folder}')\nimport rasterizer_like\n"


def _addon(windows_python: Path, tmp_path: Path) -> str:
    package = tmp_path / "Lib" / "site-packages" / "rasterizer_like"
    package.mkdir(parents=True)
    shutil.copy(windows_python / "Lib" / "site-packages" / "torchvision" / "_C.pyd", package / "_C.pyd")
    (package / "__init__.py").write_text("from . import _C\n")
    return "Z:" + str(package.parent).replace("/", "\\")


def test_an_addon_imported_before_torch_and_the_fix_that_loads_it(windows_python: Path, tmp_path: Path) -> None:
    script = IMPORT_ADDON.format(folder=_addon(windows_python, tmp_path))
    failed = winenv.run(windows_python, "-c", script, cwd=tmp_path, timeout=120)
    assert failed.returncode == 1 and "DLL load failed while importing _C" in failed.stderr, failed.stderr

    finding = explain(failed.stderr, platform="windows")[0]
    assert finding.cause == "windows_dll_dependency", failed.stderr
    assert finding.title == "A DLL that rasterizer_like's _C needs is not on the DLL search path"
    assert finding.fix is not None and finding.fix.kind == "python" and "import torch" in finding.fix.code

    fixed = winenv.run(windows_python, "-c", finding.fix.code + "\n" + script, cwd=tmp_path, timeout=180)
    # Every DLL the module links is found now. torchvision's Windows _C.pyd is loaded by torch.ops.load_library, not
    # imported, and its PyInit__C returns NULL by design (pytorch/vision, torchvision/csrc/vision.cpp), so Python's
    # import stops one step later, at the module's initialisation, with the DLL loaded.
    assert "DLL load failed" not in fixed.stderr, fixed.stderr
    assert "initialization of _C failed without raising an exception" in fixed.stderr, fixed.stderr
