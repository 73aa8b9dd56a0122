"""Generate docs/causes.md from the code's own registries, so the catalogue cannot drift.

Sources, all read from the package itself:
- ``torchenv_magic.causes.CAUSES``: every cause id and its one-line meaning;
- ``torchenv_magic.rules.RULES``: the one rule set, run by the live diagnosis (``%torchenv``,
  the hint, ``torchenv``) and by ``torchenv explain`` alike;
- ``torchenv_magic.explainer.signals.EXTRACTORS``: which message shapes of an error text
  point to which cause (``signal(...)`` calls).

For each rule, the ``Finding(...)`` calls in its source (and in the module-level helpers
it calls) give the cause, severity, title, explanation and fix; text computed at run time
is shown as ``‹…›``. tests/test_docs.py regenerates the page and fails
when the committed one differs.

    python scripts/gen_cause_catalogue.py          # rewrite docs/causes.md
    python scripts/gen_cause_catalogue.py --check  # exit 1 if docs/causes.md is stale
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import pkgutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "causes.md"
HOLE = "‹…›"

# Positional parameters of the two finding constructors.
FINDING_ARGS = {
    "Finding": ["cause", "severity", "title", "explanation", "evidence", "fix", "confidence"],
    "finding": ["cause", "title", "explanation", "evidence", "fix", "confidence", "severity"],
}
# Fix builders of torchenv_magic.fixes (and the explainer's), described once for readers.
FIX_BUILDERS = {
    "install_fix": "an install command for this interpreter (`%pip install ...` in a kernel, `python -m pip install ...` "
    "in a terminal, `uv pip` where there is no pip), from the right wheel index",
    "portable_install_fix": "an install command (`pip install ...`), from the wheel index of the stated build variant",
    "uninstall_fix": "an uninstall command for this interpreter",
    "restart_fix": "restart the kernel, then import once",
    "install": "an install command for the interpreter that failed (`%pip install ...` in a kernel, `python -m pip install ...` "
    "in a terminal, `uv pip` where there is no pip, plain `pip install ...` for a pasted error), from the right wheel index",
}


@dataclass(frozen=True)
class Produced:
    """One place where a rule creates a finding of some cause."""

    cause: str
    rule: str
    severity: str
    title: str
    explanation: str
    fix: str
    verdict: str = ""  # the rule's own plain-words sentence, when it gives one (else the cause's, PLAIN)


RULES_SECTION = "Rules (the live diagnosis and `torchenv explain` alike)"


def registries() -> list[tuple[str, dict[str, Callable[..., Any]]]]:
    from torchenv_magic.rules import load_all

    return [(RULES_SECTION, dict(load_all()))]


def extractors() -> dict[str, Callable[..., Any]]:
    """The signal extractors, after importing every module that registers some."""
    package = importlib.import_module("torchenv_magic.explainer")
    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"torchenv_magic.explainer.{info.name}")
    return dict(importlib.import_module("torchenv_magic.explainer.signals").EXTRACTORS)


def signalled_by() -> dict[str, list[str]]:
    """cause -> the extractors (``module.function``) whose ``signal(...)`` calls name it."""
    found: dict[str, list[str]] = {}
    for func in extractors().values():
        functions = _module_functions(sys.modules[func.__module__])
        label = f"`{func.__module__.removeprefix('torchenv_magic.')}.{func.__name__}`"
        for call in _calls(functions, func.__name__, set(), ("signal",), follow_imports=True):
            cause = call.args[0] if call.args else None
            if isinstance(cause, ast.Constant) and label not in found.setdefault(str(cause.value), []):
                found[str(cause.value)].append(label)
    return found


def produced_by(func: Callable[..., Any]) -> Iterator[Produced]:
    module = sys.modules[func.__module__]
    functions = _module_functions(module)
    label = f"{func.__module__.removeprefix('torchenv_magic.')}.{func.__name__}"
    for call in _calls(functions, func.__name__, set(), tuple(FINDING_ARGS)):
        fields = _fields(call)
        cause = fields.get("cause")
        if isinstance(cause, ast.Constant):
            yield Produced(
                cause=str(cause.value),
                rule=label,
                severity=_literal(fields.get("severity"), "error" if _name(call) == "finding" else "?"),
                title=render(fields.get("title")),
                explanation=render(fields.get("explanation")),
                fix=render_fix(fields.get("fix"), functions),
                verdict=render(fields["verdict"]) if "verdict" in fields else "",
            )


class Functions(dict[str, ast.FunctionDef]):
    """A module's top-level functions by name, remembering the module to follow its imports."""

    def __init__(self, module: ModuleType) -> None:
        tree = ast.parse(inspect.getsource(module))
        super().__init__((node.name, node) for node in tree.body if isinstance(node, ast.FunctionDef))
        self.module = module


def _module_functions(module: ModuleType) -> Functions:
    return Functions(module)


def _helper(functions: dict[str, ast.FunctionDef], name: str) -> tuple[ast.FunctionDef | None, dict[str, ast.FunctionDef]]:
    """Function ``name`` as seen from a module: its own, or one it imported from this package."""
    if name in functions:
        return functions[name], functions
    target = getattr(getattr(functions, "module", None), name, None)
    source = sys.modules.get(getattr(target, "__module__", "") or "")
    if source is None or not source.__name__.startswith("torchenv_magic"):
        return None, functions
    others = _module_functions(source)
    return others.get(name), others


def _calls(
    functions: dict[str, ast.FunctionDef], name: str, seen: set[str], wanted: tuple[str, ...], follow_imports: bool = False
) -> Iterator[ast.Call]:
    """Calls of ``wanted`` in function ``name`` and, depth first, in the module helpers it calls (with
    ``follow_imports``, also the package's helpers it imported, such as torch_files.second_install)."""
    function, scope = _helper(functions, name) if follow_imports else (functions.get(name), functions)
    key = f"{getattr(getattr(scope, 'module', None), '__name__', '')}.{name}"
    if function is None or key in seen:
        return
    seen.add(key)
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and _name(node) in wanted:
            yield node
        elif isinstance(node, ast.Call) and (follow_imports or _name(node) in functions):
            yield from _calls(scope, _name(node), seen, wanted, follow_imports)


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _fields(call: ast.Call) -> dict[str, ast.expr]:
    names = FINDING_ARGS.get(_name(call), [])
    fields = dict(zip(names, call.args))
    fields.update({kw.arg: kw.value for kw in call.keywords if kw.arg})
    return fields


def _literal(node: ast.expr | None, default: str) -> str:
    return str(node.value) if isinstance(node, ast.Constant) else default


def render(node: ast.expr | None) -> str:
    """Source text of a string expression, with the parts computed at run time as ‹…›."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(render(part) if isinstance(part, ast.Constant) else HOLE for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return render(node.left) + render(node.right)
    if isinstance(node, ast.IfExp):
        return render(node.body)
    return HOLE


def render_fix(node: ast.expr | None, functions: dict[str, ast.FunctionDef], depth: int = 0) -> str:
    """What a ``fix=`` expression gives: a literal command, a builder's meaning, or a helper's returns."""
    if node is None or (isinstance(node, ast.Constant) and node.value is None):
        return "none (for information)"
    if isinstance(node, ast.IfExp):
        return " or ".join(dict.fromkeys([render_fix(node.body, functions, depth), render_fix(node.orelse, functions, depth)]))
    if not isinstance(node, ast.Call):
        return "computed from the facts"
    name = _name(node)
    if name == "Fix":
        fields = dict(zip(["kind", "code"], node.args))
        fields.update({kw.arg: kw.value for kw in node.keywords if kw.arg})
        return f"{_literal(fields.get('kind'), '?')}: `{render(fields.get('code'))}`"
    if name in FIX_BUILDERS:
        return FIX_BUILDERS[name]
    helper, helper_functions = _helper(functions, name)
    if helper is None or depth > 3:
        return f"computed from the facts (`{name}`)"
    doc = ast.get_docstring(helper)
    if doc:
        return doc.splitlines()[0]
    returns = [render_fix(ret.value, helper_functions, depth + 1) for ret in ast.walk(helper) if isinstance(ret, ast.Return)]
    return " or ".join(dict.fromkeys(returns)) or f"computed from the facts (`{name}`)"


def catalogue() -> str:
    from torchenv_magic.causes import CAUSES, PLAIN

    found: dict[str, dict[str, list[Produced]]] = {cause: {} for cause in CAUSES}
    for section, rules in registries():
        for func in rules.values():
            for item in produced_by(func):
                found.setdefault(item.cause, {}).setdefault(section, []).append(item)
    signals = signalled_by()
    lines = [*HEADER, ""]
    lines += [f"- [`{cause}`](#{cause}): {CAUSES.get(cause, 'not in causes.CAUSES')}" for cause in found]
    for cause, sections in found.items():
        lines += ["", f"## {cause}", "", CAUSES.get(cause, "**Not listed in `torchenv_magic.causes.CAUSES`.**")]
        if cause in PLAIN:
            lines += ["", f"In plain words (what a finding says first, unless its rule says more): {_md(PLAIN[cause])}"]
        if signals.get(cause):
            lines += ["", "Read from an error text by: " + ", ".join(signals[cause]) + "."]
        lines += _sections(sections) if sections else ["", "No rule produces this cause yet."]
    return "\n".join(lines) + "\n"


def _sections(sections: dict[str, list[Produced]]) -> list[str]:
    lines: list[str] = []
    for section, items in sections.items():
        lines += ["", f"**{section}**", ""]
        for item in _unique(items):
            lines.append(f"- `{item.rule}` ({item.severity}): {_md(item.title)}")
            if item.verdict:
                lines.append(f"    - *In short*: {_md(item.verdict)}")
            lines.append(f"    - *Why*: {_md(item.explanation)}")
            lines.append(f"    - *Fix*: {_md(item.fix)}")
    return lines


def _unique(items: list[Produced]) -> list[Produced]:
    return list(dict.fromkeys(items))


def _md(text: str) -> str:
    """One Markdown line: no newlines; ``<`` escaped so MkDocs does not read it as HTML."""
    return " ".join(text.split()).replace("<", "&lt;")


HEADER = [
    "# Cause catalogue",
    "",
    "<!-- Generated by scripts/gen_cause_catalogue.py from the code's registries; do not edit by hand. -->",
    "",
    "Every finding names one of these causes. For each, the signal extractors that read it from an",
    "error text, the rule that reports it (the same rule for `%torchenv`, the hint and `torchenv",
    "explain`), what it says and the fix it gives; text computed at run time from the facts",
    f"(versions, paths, the right wheel index) is shown as {HOLE}. `%torchenv --json` and",
    "`torchenv explain --json` report the cause id in each finding's `cause` field.",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/causes.md differs from the generated page")
    args = parser.parse_args(argv)
    text = catalogue()
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.is_file() else ""
        if current != text:
            sys.stderr.write("docs/causes.md is stale: run python scripts/gen_cause_catalogue.py\n")
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
