"""``%torchenv``: a thin adapter from IPython to :func:`torchenv_magic.diagnose`.

    In [1]: %load_ext torchenv_magic
    In [2]: %torchenv                  # the live report of this kernel
    In [3]: %torchenv --json           # the report as a dict (also the cell's value)
    In [4]: %torchenv --markdown       # for a GitHub issue, secrets and home redacted

Sub-commands are routed by :data:`SUBCOMMANDS`; each parses its own arguments.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from typing import Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_magic, magics_class

SubCommand = Callable[["TorchenvMagics", list[str]], Any]
SUBCOMMANDS: dict[str, SubCommand] = {}

USAGE = """%torchenv [--json | --markdown] [--import-torch]
%torchenv SUBCOMMAND ...   (see %torchenv? for the list)"""


def subcommand(name: str) -> Callable[[SubCommand], SubCommand]:
    def register(func: SubCommand) -> SubCommand:
        SUBCOMMANDS[name] = func
        return func

    return register


@magics_class
class TorchenvMagics(Magics):
    @line_magic
    def torchenv(self, line: str = "") -> Any:
        """Explain why torch (or torchvision, torchaudio, detectron2) fails here.

        Usage::

          %torchenv                 full report of this kernel (findings, fix, environment)
          %torchenv --json          the report as a dict (JSON contract, schema_version 1)
          %torchenv --markdown      the report as Markdown for a GitHub issue
          %torchenv --import-torch  also import torch (guarded) to read CUDA availability
          %torchenv fix             put the top fix in a new cell below (review, then run it)
          %torchenv fix --check     first dry-run it with pip's resolver: what it would install,
                                    replace or leave; a fix that changes nothing is not inserted
          %torchenv import MOD      import MOD, and if it fails show why (refused if a failed
                                    import left torch's C++ core loaded: restart instead)
          %torchenv reset           clear torch modules after a failed import, when that is safe
          %torchenv require REQ... [-f FILE] [--gpu] [--python SPEC] [--import] [--json]
                                    workshop preflight: each requirement pass/fail, with the fix
          %torchenv verify [--json] check every torch-family file (and torch's nvidia-* wheels)
                                    against its RECORD: missing, changed, extra, and the
                                    reinstall that repairs each; Ctrl-C stops it cleanly
        """
        try:
            words = shlex.split(line)
        except ValueError as exc:
            raise UsageError(f"%torchenv: {exc}") from None
        if words and words[0] in SUBCOMMANDS:
            return SUBCOMMANDS[words[0]](self, words[1:])
        return show_report(self, words)


@subcommand("require")
def require(magics: TorchenvMagics, words: list[str]) -> Any:
    """``%torchenv require "torch>=2.2" torchvision --gpu``: see :mod:`torchenv_magic.require`."""
    from .require.run import run_magic

    return run_magic(words)


def show_report(magics: TorchenvMagics, words: list[str]) -> Any:
    options = {"--json", "--markdown", "--import-torch"}
    unknown = [word for word in words if word not in options]
    if unknown or ("--json" in words and "--markdown" in words):
        raise UsageError(f"%torchenv: unexpected {' '.join(unknown) or '--json with --markdown'}\n{USAGE}")
    from .controller import diagnose_with_progress
    from .hint import last_failure
    from .render.frontend import displayable

    # Right after a failed cell the report explains that failure (the hint promised it).
    failure = last_failure()
    report = diagnose_with_progress(magics.shell, exc=failure, import_torch="--import-torch" in words)
    from .controller import close_the_loop

    close_the_loop(report, failed=failure is not None)
    if "--json" in words:
        return report.to_dict()
    if "--markdown" in words:
        from IPython.display import Markdown, display

        from .render.markdown import report_to_markdown

        display(Markdown(report_to_markdown(report)))
        return None
    from IPython.display import display

    display(displayable(report, magics.shell))  # the widget panel where a frontend can show it
    return None


@subcommand("verify")
def verify_subcommand(magics: TorchenvMagics, words: list[str]) -> Any:
    """``%torchenv verify [--json]``: see :mod:`torchenv_magic.verify` (imported only here)."""
    from .verify import run_magic

    return run_magic(magics.shell, words)


@subcommand("fix")
def fix_subcommand(magics: TorchenvMagics, words: list[str]) -> None:
    """Put the top fix in the next cell (``set_next_input``: only honoured after a cell that succeeds).

    ``--check`` first dry-runs it with pip's resolver and shows what it would change.
    """
    if words not in ([], ["--check"]):
        raise UsageError(f"%torchenv fix takes only --check\n{USAGE}")
    from .controller import fix_cell

    print(fix_cell(magics.shell, check=words == ["--check"]))


@subcommand("import")
def import_subcommand(magics: TorchenvMagics, words: list[str]) -> None:
    """``%torchenv import torchvision``: a guarded import; on failure, the diagnosis of it."""
    if len(words) != 1 or not all(part.isidentifier() for part in words[0].split(".")):
        raise UsageError(f"%torchenv import takes one module name, e.g. %torchenv import torchvision\n{USAGE}")
    from IPython.display import display

    from .hint import import_guarded

    outcome = import_guarded(words[0], getattr(magics.shell, "user_ns", None))
    if outcome.report is None:
        print(f"torchenv: imported {words[0]} {getattr(outcome.module, '__version__', '')}".rstrip())
        return
    if outcome.refused:
        print(f"torchenv: not importing {words[0]}: an earlier import left torch half-loaded; restart the kernel.")
    display(outcome.report)


@subcommand("reset")
def reset_subcommand(magics: TorchenvMagics, words: list[str]) -> None:
    """``%torchenv reset``: clear the torch family from sys.modules if safe, else say restart."""
    if words:
        raise UsageError(f"%torchenv reset takes no arguments\n{USAGE}")
    from IPython.display import display

    from .reset import reset_modules

    display(reset_modules(getattr(magics.shell, "user_ns", None)))


# IPython connectivity: load and unload are symmetric, so %reload_ext doubles nothing.


def load(ipython: Any) -> None:
    ipython.register_magics(TorchenvMagics)
    for name, callback in _event_callbacks().items():
        if callback not in ipython.events.callbacks[name]:
            ipython.events.register(name, callback)
    _recall_last_failure(ipython)


def _recall_last_failure(ipython: Any) -> None:
    """Last session's diagnosed failure: gone or still there? (One stat when there is none.)

    Not while the kernel itself is starting (``c.InteractiveShellApp.extensions``): a frontend
    drops what is shown then, so the record waits for the next ``%torchenv``.
    """
    from .memory import remembered

    get_parent = getattr(getattr(ipython, "kernel", None), "get_parent", None)
    if not remembered() or (callable(get_parent) and not get_parent("shell")):
        return
    try:
        from .controller import close_the_loop

        close_the_loop()
    except Exception as exc:  # noqa: BLE001 - outermost guard: loading the extension must not fail
        print(f"torchenv: could not check last session's failure ({type(exc).__name__}); try %torchenv")


def unload(ipython: Any) -> None:
    ipython.magics_manager.magics["line"].pop("torchenv", None)
    ipython.magics_manager.registry.pop("TorchenvMagics", None)
    for name, callback in _event_callbacks().items():
        if callback in ipython.events.callbacks[name]:
            ipython.events.unregister(name, callback)


def _event_callbacks() -> dict[str, Callable[..., None]]:
    """Event name -> module-level callback (module-level, so identity survives reloads)."""
    from .breadcrumbs import pre_run_cell
    from .hint import post_run_cell

    return {"pre_run_cell": pre_run_cell, "post_run_cell": post_run_cell}
