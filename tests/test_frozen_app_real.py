"""A frozen app whose bundle lacks a module it imports, made for real: PyInstaller (the [test] extra) freezes a small
script whose package imports a submodule by a name made at run time, which PyInstaller's analysis cannot see, so
the bundle lacks it; the bundle's real bootloader and importer word the failure (pyinstaller/pyinstaller#7160 is
the report this mirrors: torch._C not collected by auto-py-to-exe, answered with --hidden-import). explain() reads
it as the bundle's, not as a local folder (its frames are relative to the bundle), and the fix as it reads
(--hidden-import) makes the app run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from torchenv_magic import explain

pytestmark = pytest.mark.slow
PyInstaller = pytest.importorskip("PyInstaller")


def _freeze(src: Path, work: Path, *options: str) -> Path:
    """The one-folder app PyInstaller builds from src/app.py, and its executable."""
    command = [sys.executable, "-m", "PyInstaller", "-y", "--log-level", "WARN", "--onedir", *options]
    command += ["--distpath", str(work / "dist"), "--workpath", str(work / "build"), "--specpath", str(work / "build"), "app.py"]
    subprocess.run(command, cwd=src, check=True, capture_output=True, timeout=300)
    return work / "dist" / "app" / ("app.exe" if sys.platform == "win32" else "app")


def test_a_module_left_out_of_a_pyinstaller_bundle_reads_as_the_bundles(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "mypkg").mkdir(parents=True)
    # A name made at run time, as compiled modules and plugin loaders import theirs: PyInstaller's analysis misses it.
    (src / "mypkg" / "__init__.py").write_text('import importlib\n_core = importlib.import_module(__name__ + "._core")\n')
    (src / "mypkg" / "_core.py").write_text("VALUE = 42\n")
    (src / "app.py").write_text("import mypkg\nprint(mypkg._core.VALUE)\n")

    app = _freeze(src, tmp_path / "without")
    run = subprocess.run([str(app)], capture_output=True, text=True, timeout=120)
    assert run.returncode != 0 and "No module named 'mypkg._core'" in run.stderr

    finding = explain(run.stderr, platform="linux")[0]
    assert finding.cause == "corrupted_install" and finding.title == "The app's PyInstaller bundle was built without mypkg._core"
    assert finding.fix is not None and "--hidden-import mypkg._core" in finding.fix.code
    assert not any(f.cause == "shadowed_module" and f.confidence >= 0.5 for f in explain(run.stderr, platform="linux"))

    # The fix as it reads: the same build with --hidden-import for the module named.
    fixed = _freeze(src, tmp_path / "with", "--hidden-import", "mypkg._core")
    assert subprocess.run([str(fixed)], capture_output=True, text=True, timeout=120).stdout.strip() == "42"
