"""A .pyw script named like the library it imports, run by a real Windows CPython under Wine.

Windows' importlib also imports .pyw files as modules (SOURCE_SUFFIXES there), so a script glooey.pyw answers its own
`import glooey` (kalekundert/glooey#19). The traceback Python prints is read by explain(), and the fix it gives, run
by the same Windows Python, renames the script so that the import no longer finds it.
"""

from __future__ import annotations

from pathlib import Path

from tests.windows import winenv
from torchenv_magic import explain

SCRIPT = "import glooey\nprint('answered by', glooey.__file__)\nclass MyLabel(glooey.Label):\n    pass\n"


def _windows_path(path: Path) -> str:
    return "Z:" + str(path).replace("/", "\\")


def test_a_pyw_script_answering_its_own_import(windows_python: Path, tmp_path: Path) -> None:
    script = tmp_path / "glooey.pyw"
    script.write_text(SCRIPT)
    ran = winenv.run(windows_python, _windows_path(script), cwd=tmp_path, timeout=120)
    assert ran.returncode == 1 and f"answered by {_windows_path(script)}" in ran.stdout, ran.stderr
    assert "has no attribute 'Label'" in ran.stderr, ran.stderr

    finding = explain(ran.stderr, platform="windows")[0]
    assert finding.cause == "shadowed_module" and finding.title == "A local glooey.pyw hides the real glooey"
    assert finding.fix is not None and finding.fix.kind == "python"
    assert "glooey_local.pyw" in finding.fix.code

    fix = tmp_path / "fix.py"
    fix.write_text(finding.fix.code)
    renamed = winenv.run(windows_python, _windows_path(fix), cwd=tmp_path, timeout=120)
    assert renamed.returncode == 0, renamed.stderr
    assert not script.exists() and (tmp_path / "glooey_local.pyw").exists()
    # With the script renamed, nothing answers `import glooey` (no glooey is installed in this Python).
    again = winenv.run(windows_python, "-c", "import glooey", cwd=tmp_path, timeout=120)
    assert "No module named 'glooey'" in again.stderr, again.stderr
