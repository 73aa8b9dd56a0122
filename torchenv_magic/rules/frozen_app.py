"""A frozen app's bundle without a module it imports (explainer/frozen_app.py reads the text): build it again with it.

corrupted_install (rules/live_install.py) hands its frozen-app signal here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Finding, Fix

if TYPE_CHECKING:
    from ..explainer.signals import Signal


def frozen_app_finding(item: Signal, said: list[str]) -> Finding:
    """PyInstaller's own ways to add a module its analysis missed: --hidden-import, or every module of the package."""
    module = str(item.get("module"))
    package = module.split(".")[0]
    return Finding(
        cause="corrupted_install",
        severity="error",
        title=f"The app's PyInstaller bundle was built without {module}",
        verdict=f"The frozen app lacks {module}; build it again with that module included.",
        explanation=(
            "PyInstaller bundles the modules its analysis sees imported. A compiled module, or one imported only by "
            "C code or by a name made at run time, can be missed, and the app then stops where it is first needed. "
            "The Python environment the app was built from is not at fault; reinstalling there changes nothing."
        ),
        evidence=said,
        fix=Fix(
            kind="manual",
            code=f"Build the app again with --hidden-import {module} added to the pyinstaller (or auto-py-to-exe) command, "
            f"or --collect-all {package} to bundle every module and data file of {package}.",
            note=f"In a .spec file: hiddenimports=['{module}'] in Analysis(...), then pyinstaller the .spec again.",
        ),
        confidence=item.confidence,
    )
