"""Capture a failure while the process still shows its cause.

What the rules need from a failed cell or import, as plain data:

- the exception: type, message, the ``__cause__``/``__context__`` chain (cycle-safe and
  bounded: chains can loop, and a message can be megabytes), the traceback's files, and
  the module name an ``ImportError`` names;
- the torch family in ``sys.modules``: which entries exist, which are still marked as
  initialising (``__spec__._initializing``), their ``__file__``; for a guarded import,
  the difference before/after;
- for a torch-family failure, the family's modules and native libraries against their
  RECORD (missing, cut short, not a library), each related to the failure while
  ``sys.modules`` still shows how far the import got (probes/install_files.py, ~10 ms).
- for a compiled module of a site-packages folder outside the family, the distribution that
  owns the folder and where pip installed it from (probes/owners.py).

The loaded native libraries are read by :mod:`torchenv_magic.probes.loaded_libs`.
Nothing here imports torch or calls into a torch module: after a failed import, touching
a half-initialised torch can crash the process (pytorch/pytorch#194172).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from types import ModuleType, TracebackType
from typing import Any

from .redact import home_to_tilde

FAMILY = ("torch", "torchvision", "torchaudio", "torchtext", "detectron2")
MAX_CHAIN = 8
MAX_MESSAGE = 2000
MAX_TB_FILES = 40
MAX_SAMPLE = 10
_FAMILY_WORD = re.compile(
    r"\b(torch|torchvision|torchaudio|torchtext|detectron2)\b|\blib(torch|c10)\w*|\blib(cudart|cudnn|cublas|nccl|nvrtc)"
)
_FAMILY_PATH = re.compile(r"[/\\](site|dist)-packages[/\\](torch|torchvision|torchaudio|torchtext|detectron2|nvidia)[/\\]")
IMPORT_MACHINERY = "<frozen importlib._bootstrap>"


def family_root(name: str | None) -> str | None:
    """'torch.nn.functional' -> 'torch'; None for names outside the family."""
    # Not always a str: ImportError(name=...) and __module__ can hold anything a library set.
    root = name.split(".", 1)[0] if isinstance(name, str) else ""
    return root if root in FAMILY else None


def capture_exception(exc: BaseException, *, before: set[str] | None = None) -> dict[str, Any]:
    """Everything the rules read from one failure, as JSON-ready data."""
    chain = exception_chain(exc)
    capture: dict[str, Any] = {**chain[0], "chain": chain[1:], "tb_files": traceback_files(exc)}
    capture["text"] = "\n".join(f"{link['type']}: {link['message']}" for link in chain)
    capture["modules"] = module_state()
    if before is not None:
        added = sorted(family_names() - before)
        capture["modules_added"] = {"count": len(added), "sample": added[:MAX_SAMPLE]}
    if _from_family(chain, capture["tb_files"]):  # the chain and files just described, not walked again
        capture["install_files"] = installed_files_check(capture)
        if capture.get("winerror") in (126, 193, 1114):  # Windows: the DLL it names, against RECORD
            capture["windows_dll"] = failed_dll_check(capture)
    folders = native_module_folders(capture["text"])
    if folders:  # a compiled module outside the family failed: whose distribution it is, for a rebuild (rules/extensions.py)
        capture["folder_owners"] = folder_owners_check(folders)
    return capture


# A compiled module (.so, .pyd) inside a site-packages folder: an extension's, whose folder name need not be its
# distribution's (MinkowskiEngineBackend is MinkowskiEngine's).
_NATIVE_MODULE_FOLDER = re.compile(r"[/\\](?:site|dist)-packages[/\\]([\w.-]{1,120})[/\\][^\s'\"]{0,300}?\.(?:so|pyd)\b", re.I)


def native_module_folders(text: str) -> set[str]:
    """The site-packages folders, outside the torch family, of the compiled modules a failure's text names (lower case)."""
    return {folder.lower() for folder in _NATIVE_MODULE_FOLDER.findall(text)} - set(FAMILY)


def folder_owners_check(folders: set[str]) -> dict[str, Any]:
    """The distributions owning ``folders`` and where pip installed them from (probes/owners.py), time-boxed."""
    from .probes.owners import probe
    from .timebox import Task, run_all

    return dict(run_all([Task("folder_owners", lambda: probe(folders), 1.0)])["folder_owners"])


def failed_dll_check(capture: dict[str, Any]) -> dict[str, Any]:
    """The DLL a WinError names and its neighbours against RECORD (probes/windows.py), time-boxed."""
    from .probes.windows import check_failed_dll
    from .timebox import Task, run_all

    return dict(run_all([Task("windows_dll", lambda: check_failed_dll(capture), 2.0)])["windows_dll"])


def installed_files_check(capture: dict[str, Any]) -> dict[str, Any]:
    """The torch family's modules and native libraries against RECORD, while ``sys.modules`` still
    shows how far the failed import got (probes/install_files.py); time-boxed like a probe."""
    from .probes.install_files import check_failure
    from .timebox import Task, run_all

    return dict(run_all([Task("install_files", lambda: check_failure(capture), 1.0)])["install_files"])


def exception_chain(exc: BaseException) -> list[dict[str, Any]]:
    """``exc`` and the exceptions it was raised from, newest first (at most MAX_CHAIN)."""
    return [{"relation": relation, **describe(link)} for link, relation in _walk_chain(exc)]


def _walk_chain(exc: BaseException) -> Iterator[tuple[BaseException, str]]:
    """(exception, how it is linked) along the chain: cycle-safe, at most MAX_CHAIN links."""
    seen: set[int] = set()
    current: BaseException | None = exc
    relation = "raised"
    while current is not None and id(current) not in seen and len(seen) < MAX_CHAIN:
        seen.add(id(current))
        yield current, relation
        current, relation = _next_link(current)


def _next_link(exc: BaseException) -> tuple[BaseException | None, str]:
    if exc.__cause__ is not None:
        return exc.__cause__, "cause"
    if exc.__context__ is not None and not exc.__suppress_context__:
        return exc.__context__, "context"
    return None, ""


def describe(exc: BaseException) -> dict[str, Any]:
    kind = type(exc)
    return {
        "type": kind.__name__,
        "module": kind.__module__,
        "message": safe_message(exc),
        "name": getattr(exc, "name", None) if isinstance(exc, ImportError) else None,
        # Windows OSError: the code, which says what failed whatever the message's language
        **({"winerror": code} if isinstance(code := getattr(exc, "winerror", None), int) else {}),
    }


def safe_message(exc: BaseException) -> str:
    try:
        text = str(exc)
    except Exception:  # noqa: BLE001 - a broken __str__ must not break the capture
        return "<unprintable>"
    return home_to_tilde(text[:MAX_MESSAGE])


def traceback_files(exc: BaseException) -> list[str]:
    """Files of the traceback frames of the whole chain, innermost last, unique, bounded."""
    files: list[str] = []
    for link, _ in _walk_chain(exc):
        for filename in _frames(link.__traceback__):
            if filename not in files:
                files.append(filename)
    return [home_to_tilde(name) for name in files[-MAX_TB_FILES:]]


def _frames(tb: TracebackType | None) -> list[str]:
    names: list[str] = []
    while tb is not None and len(names) < 1000:
        names.append(tb.tb_frame.f_code.co_filename)
        tb = tb.tb_next
    return names


def family_names() -> set[str]:
    """Names of the torch family in ``sys.modules`` now (the "before" of a guarded import)."""
    return {name for name in list(sys.modules) if family_root(name)}


def module_state(modules: dict[str, ModuleType] | None = None) -> dict[str, Any]:
    """The torch family in ``sys.modules``: how many entries, and per top-level package its state."""
    modules = dict(sys.modules if modules is None else modules)  # copy: threads import too
    names = sorted(name for name in modules if family_root(name))
    packages = {root: _module_facts(modules.get(root), modules, root) for root in FAMILY if _has_any(names, root)}
    return {"count": len(names), "sample": names[:MAX_SAMPLE], "packages": packages}


def _has_any(names: list[str], root: str) -> bool:
    return any(name == root or name.startswith(root + ".") for name in names)


def _module_facts(module: ModuleType | None, modules: dict[str, ModuleType], root: str) -> dict[str, Any]:
    submodules = sum(1 for name in modules if name.startswith(root + "."))
    facts: dict[str, Any] = {"present": module is not None, "submodules": submodules, "c_extension": f"{root}._C" in modules}
    if module is None:
        return facts
    facts["initialising"] = _initialising(module)
    facts["file"] = home_to_tilde(str(getattr(module, "__file__", None) or ""))
    # Read with getattr on the module dict only: no attribute hooks of a half-imported torch.
    version = module.__dict__.get("__version__")
    facts["version"] = str(version) if version is not None else None
    return facts


def _initialising(module: ModuleType) -> bool:
    spec = module.__dict__.get("__spec__")
    return bool(getattr(spec, "_initializing", False))


def torch_family_error(exc: BaseException) -> bool:
    """Whether an error comes from the torch family: its type, ImportError name, message or frames."""
    return _from_family(exception_chain(exc), traceback_files(exc))


def _from_family(chain: list[dict[str, Any]], files: list[str]) -> bool:
    """:func:`torch_family_error` over a chain and traceback files already described."""
    for link in chain:
        if family_root(link["module"]) or family_root(link["name"]) or _FAMILY_WORD.search(link["message"]):
            return True
    return any(_FAMILY_PATH.search(name) for name in files)


def during_import(capture: dict[str, Any]) -> bool:
    """Whether the failure happened inside an ``import`` statement (import machinery frames)."""
    return IMPORT_MACHINERY in capture.get("tb_files", []) or capture.get("type") in ("ImportError", "ModuleNotFoundError")
