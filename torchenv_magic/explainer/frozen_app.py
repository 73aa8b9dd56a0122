"""A frozen app (PyInstaller) that runs without a module its bundle should hold.

PyInstaller collects the modules its analysis finds imported; a compiled module imported only from C code or by a
name built at run time is not found, and the bundle lacks it ("No module named 'torch._C'" under
PyInstaller/loader/pyimod02_importers.py frames: pyinstaller/pyinstaller#7160, whose maintainer answered
--hidden-import). Its frames are relative to the bundle ("torch\\nn\\__init__.py"), which would otherwise read as a
local torch folder: frozen_app() tells the shadowing readings so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .signals import Signal, extractor, signal
from .text import ErrorText

# PyInstaller's own loader frames (pyimod01_os_path ... pyimod03_importers over releases; PyInstaller 6 prints the bare
# file name, "File "pyimod02_importers.py", line 457, in exec_module"), its one-file unpack folder (_MEI<digits>, under
# the temporary folder), and its bootloader's last line ("[PYI-27068:ERROR] Failed to execute script 'app' due to
# unhandled exception!", "[3972] Failed to execute script ..." before 6.0).
_PYINSTALLER = re.compile(
    r"(?:PyInstaller[\\/]loader[\\/])?pyimod0\d_\w{1,30}\.py|[\\/]_MEI\d{2,12}[\\/]"
    r"|\[(?:PYI-)?\d{1,8}(?::ERROR)?\] Failed to execute script"
)


def frozen_app(err: ErrorText) -> bool:
    """The traceback is a PyInstaller bundle's: its loader's frames, its unpack folder or its bootloader's line."""
    text = err.text
    return ("pyimod0" in text or "_MEI" in text or "Failed to execute script" in text) and err.search(_PYINSTALLER) is not None


@extractor
def module_left_out_of_bundle(err: ErrorText) -> Iterator[Signal]:
    quoted = err.quoted_missing(120)
    missing = quoted[-1] if quoted else None
    if missing and frozen_app(err):
        module = missing.name
        said = f"the app runs from a PyInstaller bundle, which was built without {module}"
        yield signal("corrupted_install", 0.85, [err.evidence(missing.match), said], reason="frozen_app", module=module)
