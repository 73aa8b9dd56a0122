"""An installed distribution's top-level module of a generic name (models/, utils/) answering a project's own import:
the reading at its edges, and its fix run for real against a real installed wheel in a throwaway venv.

Written before batch-2026-12-02j from what this shadowing is (PyPI's unrelated `utils` 1.0.2 installs a top-level
utils/ package; checked here with `pip install utils==1.0.2`), not from a thread of that batch."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from torchenv_magic import explain

from .ranking import top

SITE = "/home/u/.local/lib/python3.10/site-packages"


def _asked(asker: str, module: str, answered: str) -> str:
    return (
        "Traceback (most recent call last):\n"
        f'  File "{asker}", line 3, in <module>\n'
        f"    from {module} import Conv\n"
        f"ImportError: cannot import name 'Conv' from '{module}' ({answered})\n"
    )


def test_a_projects_import_answered_by_an_installed_generic_package() -> None:
    finding = explain(_asked("/home/u/proj/train.py", "models.common", f"{SITE}/models/common.py"), platform="linux")[0]
    assert finding.cause == "shadowed_module" and finding.confidence == 0.6
    assert finding.title == "An installed package named models hides this project's own models"
    assert f"{SITE}/models" in finding.explanation
    assert finding.fix is not None and finding.fix.kind == "python" and "'models'" in finding.fix.code
    windows = _asked("C:\\proj\\main.py", "utils", "C:\\Python310\\lib\\site-packages\\utils\\__init__.py")
    assert top(windows, platform="windows") == "shadowed_module"


def test_an_installed_package_asking_its_own_module_or_a_specific_name_is_not_this() -> None:
    # An installed package asking its own generic module: a version question between installed packages.
    installed_asker = _asked(f"{SITE}/yolo/train.py", "models.common", f"{SITE}/models/common.py")
    assert all(f.title != "An installed package named models hides this project's own models" for f in explain(installed_asker))
    # A name that is no generic folder name: an installed package lacking a name is an old or new release.
    specific = _asked("/home/u/proj/train.py", "ultralytics.nn", f"{SITE}/ultralytics/nn/__init__.py")
    assert top(specific, platform="linux") != "shadowed_module"


def _wheel(folder: Path) -> Path:
    """A real wheel of a distribution 'junk-models' whose top-level package is models/ (as PyPI's generic ones are)."""
    files = {
        "models/__init__.py": b"",
        "models/common.py": b"NAME = 'junk'\n",
        "junk_models-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: junk-models\nVersion: 1.0\n",
        "junk_models-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for name, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record.append("junk_models-1.0.dist-info/RECORD,,")
    path = folder / "junk_models-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr("junk_models-1.0.dist-info/RECORD", "\n".join(record) + "\n")
    return path


def test_the_fix_uninstalls_the_distribution_that_installed_the_folder(tmp_path: Path) -> None:
    venv.EnvBuilder(with_pip=True).create(tmp_path / "env")
    python = str(tmp_path / "env" / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python"))
    pip = [python, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--no-index", str(_wheel(tmp_path))], check=True)
    answered = subprocess.run([python, "-c", "import models.common as m; print(m.__file__)"], capture_output=True, text=True, check=True)
    finding = explain(_asked(str(tmp_path / "proj" / "train.py"), "models.common", answered.stdout.strip()))[0]
    assert finding.fix is not None and finding.fix.kind == "python"
    ran = subprocess.run([python, "-c", finding.fix.code], capture_output=True, text=True)
    assert ran.returncode == 0 and "installed by: ['junk-models']" in ran.stdout, ran.stdout + ran.stderr
    gone = subprocess.run([python, "-c", "import models"], capture_output=True, text=True)
    assert "No module named 'models'" in gone.stderr
    again = subprocess.run([python, "-c", finding.fix.code], capture_output=True, text=True, check=True)
    assert "no distribution" in again.stdout  # nothing left to uninstall: it says so, and pip is not called
