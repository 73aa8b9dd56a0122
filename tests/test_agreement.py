"""One situation, one answer: a pasted error and the same failure in a live kernel.

Every corpus text (tests/corpus, real reports with their sources) goes through
``explain()`` (stated platform and packages + the pasted text) and through the live path
(``diagnose_facts``: probe-shaped facts recorded for that situation + the text as the
captured exception). Both run the same rules, so the top cause and the top fix must be
the same; the fix differs only in how pip is invoked (``pip`` for a pasted text, this
interpreter's ``-m pip`` live).
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

import pytest

from torchenv_magic import explain
from torchenv_magic.diagnosis import diagnose_facts
from torchenv_magic.explainer import stated_facts
from torchenv_magic.explainer.text import dedent_paste, strip_log_prefixes
from torchenv_magic.fixes import shell_path
from torchenv_magic.model import Finding

from .test_explain_corpus import ACCURACY, CORPUS, _id

CASES = ACCURACY.load_corpus(CORPUS)
_FRAME = re.compile(r'File "([^"\n]{1,400})", line \d+')
# Python 3 quotes the name, Python 2 does not ("No module named torch": TextGAN-PyTorch#6); an editor's language
# server says it for the interpreter it checks against (microsoft/pylance-release#1594).
# Python 2 names a dotted import whole when its top package is missing ("No module named torch.utils.cpp_extension").
_TORCH_NOT_FOUND = re.compile(
    r"No module named (?:'torch'|torch\b(?![\w.]))|Import \"torch\" could not be resolved"
    r"|^ImportError: No module named torch\.(?!_)[\w.]{1,80}\s{0,4}$",
    re.M,
)
# Python 2 leaves the name unquoted ("/usr/bin/python: No module named IPython": ipython/ipython#9896), and names a
# dotted import whole when its top package is missing ("No module named torch_geometric.nn": NeBula-Autonomy/LAMP#2).
_MODULE_NOT_FOUND = re.compile(
    r"No module named (?:'([\w]{1,80})'|([\w]{1,80})(?![\w.']))|^ImportError: No module named ([\w]{1,80})\.[\w.]{1,80}\s{0,4}$", re.M
)
_FINAL = re.compile(r"^(\w{1,80}(?:Error|Exception|Warning|Interrupt)): (.{0,2000})$", re.M)
_TYPED_IMPORT_FIRST = re.compile(r"\A\s{0,4}(?:from [\w.]{1,80} )?import [\w., ]{1,200}\n(?=\s{0,8}File \")")


def recorded_facts(platform: str | None, packages: dict[str, str], text: str) -> dict[str, Any]:
    """Facts the probes would read in the environment the text came from, as far as it shows."""
    facts = stated_facts(platform, packages)
    if _TORCH_NOT_FOUND.search(text):
        # Versions stated beside that error were read by another interpreter (pip's, pytorch/pytorch#172808).
        facts.pop("torch_build", None)
        (facts.get("packages") or {}).get("installed", {}).pop("torch", None)
    for quoted, bare, dotted in _MODULE_NOT_FOUND.findall(text):  # the same for any module the failing Python lacks
        missing = quoted or bare or dotted
        (facts.get("packages") or {}).get("installed", {}).pop(missing.lower().replace("_", "-"), None)
    for entries in (facts.get("packages") or {}).get("installed", {}).values():
        for entry in entries:
            entry["location"] = "/env/lib/python3.11/site-packages"
    if "torch_build" not in facts and not _TORCH_NOT_FOUND.search(text):
        facts["torch_build"] = {"found": True}  # torch is installed (the text is its failure); its version unknown
    return facts


def live_capture(text: str) -> dict[str, Any]:
    """The text as :func:`torchenv_magic.capture.capture_exception` would record the exception: a live traceback has
    no log prefix, quote marker or indent of a paste (matplotlib/matplotlib#12983's is quoted), so those go first."""
    text = dedent_paste(strip_log_prefixes(text))
    # The import the user typed above a pasted traceback ("from PIL import Image", then the frames: python-pillow/
    # Pillow#5573) is not in a live capture, whose frames diagnosis puts first: there it would read as the code line
    # of the first frame.
    text = _TYPED_IMPORT_FIRST.sub("", text, count=1)
    finals = _FINAL.findall(text)
    kind, message = finals[-1] if finals else ("Exception", text.strip().splitlines()[-1] if text.strip() else "")
    return {"type": kind, "message": message, "name": None, "chain": [], "tb_files": _FRAME.findall(text), "text": text}


def portable_code(finding: Finding | None) -> tuple[str, str] | None:
    """(kind, code) with this interpreter's ``-m pip`` written as plain ``pip``, and the home folder as ``~``: a live
    capture's text is redacted (the home folder becomes ``~``, which the fix then expands) where a pasted one is not."""
    if finding is None or finding.fix is None:
        return None
    code = finding.fix.code.replace(f"{shell_path(sys.executable)} -m pip ", "pip ")
    code = code.replace(f"'{os.path.expanduser('~')}/", "'~/").replace("').expanduser()", "')")
    # A path the fix names as text (a folder to delete, a checkout to install), where the shell expands ~ itself.
    code = re.sub(rf"(?<![\w'/]){re.escape(os.path.expanduser('~'))}/", "~/", code)
    return finding.fix.kind, code


# Texts whose reading rests on a package being installed that the text never shows, so the facts recorded from it lack
# what the live probe would find: Colab's transformers asking for accelerate>=0.20.1 after a cell upgraded accelerate
# (huggingface/transformers#29174). Pasted, the notebook reading is the install under the running kernel; live with these
# facts (no accelerate at all), it is accelerate missing from the kernel, which a real probe there would not find.
PACKAGE_NOT_SHOWN = {"stale_module_after_upgrade/colab-accelerate-upgraded-after-import-transformers-29174.txt"}


@pytest.mark.parametrize("case", [case for case in CASES if _id(case) not in PACKAGE_NOT_SHOWN], ids=_id)
def test_pasted_and_live_give_the_same_answer(case: Any) -> None:
    pasted = explain(case.text, platform=case.platform, packages=case.packages)
    facts = recorded_facts(case.platform, case.packages, case.text)
    live = diagnose_facts(facts, live_capture(case.text)).findings
    if not live and pasted[0].cause == "other" and pasted[0].severity == "info":
        pytest.skip("a text nothing reads: explain's no-match note, no live finding")
    assert live, _id(case)
    assert (live[0].cause, portable_code(live[0])) == (pasted[0].cause, portable_code(pasted[0])), _id(case)
