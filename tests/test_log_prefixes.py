"""A log's per-line prefix is not part of the error: a docker build's BuildKit step and time, a CI runner's timestamp,
a logger's timestamp and level. Pasted with one on every line, a report must read as it does without (every tenth corpus
text, each right answer kept), and what follows the prefix (a traceback's indent, a message's own WARNING:) stays."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from torchenv_magic import explain, similar
from torchenv_magic.explainer.text import strip_log_prefixes, strip_pytest_marks, unwrap_console

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import explain_accuracy as ea

PREFIXES = {
    "buildkit": "#12 3.456 ",
    "ci_runner": "2024-05-01T10:00:00.1234567Z ",
    "logger": "2024-05-01 10:00:00,123 - ERROR - ",
    "bracketed": "[2024-05-01 10:00:00] [ERROR] ",
}
# Texts that already carry a per-line prefix of their own (a rich panel's borders, a journal's): a second one on top is
# no paste anyone makes.
ALREADY_PREFIXED = {
    "extension_abi_mismatch/torch-harmonics-wheel-built-oldest-torch-on-torch212-library-def-torch-harmonics-226.txt",
    "module_not_installed_in_kernel_env/yaml-systemd-root-not-user-garageqtpi-31.txt",
}
SAMPLE = [case for case in ea.load_corpus()[::10] if str(case.path.relative_to(ea.CORPUS)) not in ALREADY_PREFIXED]


def _top(case: ea.Case, text: str) -> str:
    with similar.excluding(ea.sources_by_split().get(case.split, frozenset()) | {case.source}):
        return explain(text, platform=case.platform, packages=case.packages)[0].cause


@pytest.mark.parametrize("prefix", PREFIXES.values(), ids=list(PREFIXES))
def test_a_prefix_on_every_line_keeps_each_right_answer(prefix: str) -> None:
    lost = [
        str(case.path.relative_to(ea.CORPUS))
        for case in SAMPLE
        if _top(case, case.text) == case.expected
        and _top(case, "\n".join(prefix + line for line in case.text.split("\n"))) != case.expected
    ]
    assert not lost, lost


def test_what_follows_the_prefix_stays() -> None:
    log = (
        "2024-05-01 10:00:00,123 - ERROR - Traceback (most recent call last):\n"
        '2024-05-01 10:00:00,123 - ERROR -   File "/app/run.py", line 1, in <module>\n'
        "2024-05-01 10:00:00,123 - ERROR - WARNING: Failed to find CUDA."
    )
    assert strip_log_prefixes(log).splitlines() == [
        "Traceback (most recent call last):",
        '  File "/app/run.py", line 1, in <module>',
        "WARNING: Failed to find CUDA.",
    ]
    runner = '2024-05-01T10:00:00.1234567Z Traceback (most recent call last):\n2024-05-01T10:00:00.1234567Z   File "x.py"'
    assert strip_log_prefixes(runner).splitlines()[1] == '  File "x.py"'


def test_a_timestamp_on_one_line_of_many_is_the_texts_own() -> None:
    text = '2024-05-01 10:00:00 started\nTraceback (most recent call last):\n  File "x.py"\nImportError: no'
    assert strip_log_prefixes(text) == text


def test_pytests_mark_of_the_exception_lines_is_read_past() -> None:
    report = (  # the shape of pytest's report of a failed collection (a test module importing torch)
        "tests/test_model.py:3: in <module>\n    import torch\n"
        "E   ImportError: libcudnn.so.9: cannot open shared object file: No such file or directory"
    )
    assert strip_pytest_marks(report).splitlines()[-1].startswith("ImportError: libcudnn.so.9")
    assert explain(report, platform="linux")[0].cause == "missing_cuda_runtime_lib"


def test_lines_cut_at_the_consoles_width_are_joined() -> None:
    whole = (
        'Traceback (most recent call last):\n  File "C:\\\\Users\\\\me\\\\project\\\\run.py", line 1, in <module>\n    import torch\n'
        '  File "C:\\\\Users\\\\me\\\\conda\\\\envs\\\\work\\\\lib\\\\site-packages\\\\torch\\\\__init__.py", line 141, in <module>\n'
        "    raise err\n"
        "OSError: [WinError 126] The specified module could not be found. Error loading "
        '"C:\\\\Users\\\\me\\\\conda\\\\envs\\\\work\\\\lib\\\\site-packages\\\\torch\\\\lib\\\\fbgemm.dll" or one of its dependencies.'
    )
    cut = "\n".join(line[i : i + 60] for line in whole.split("\n") for i in range(0, max(len(line), 1), 60))
    assert unwrap_console(cut) == whole


def test_lines_of_one_length_that_end_where_they_should_are_not_joined() -> None:
    # The shape of a real paste (awesome-semantic-segmentation-pytorch#25): three frames of one length by chance, each
    # followed by the indented source line Python prints under a frame.
    frame = '  File "E:\\\\project-master\\\\project-master\\\\core\\\\nn\\\\__init__.py", line 4, in <module>'
    text = "\n".join([frame, "    from .ca_block import *", frame, "    from core.nn import _C", frame, "    import x", "ImportError: y"])
    assert unwrap_console(text) == text


def test_a_messages_own_level_word_behind_a_ci_timestamp_stays() -> None:
    # pip's own "ERROR:" behind a CI runner's timestamp is the message's, not a logger's level (pytorch-ts#56's text under
    # GitHub Actions' prefix); a logger's level on every line still goes.
    log = "2024-05-01T10:00:00.1234567Z Uninstalling torch-1.6.0:\n2024-05-01T10:00:00.1234567Z ERROR: Could not install packages"
    assert strip_log_prefixes(log) == "Uninstalling torch-1.6.0:\nERROR: Could not install packages"
    logger = "2024-05-01 10:00:00,123 - ERROR - first\n2024-05-01 10:00:00,124 - ERROR - second"
    assert strip_log_prefixes(logger) == "first\nsecond"
