"""Readings written before batch-2026-12-02d from what shadowing *is*, not from any one thread: a file of the user's
answering the name of a package the user installed. Each test checks the edges the reading depends on."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import top as _top


def _frame(path: str, code: str, line: int = 1) -> str:
    return f'  File "{path}", line {line}, in <module>\n    {code}\n'


def test_python_names_a_plain_file_that_answered_a_package() -> None:
    text = (
        "Traceback (most recent call last):\n"
        + _frame("/home/u/proj/train.py", "from transformers import AutoModel")
        + "ImportError: cannot import name 'AutoModel' from 'transformers' (/home/u/proj/transformers.py)\n"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "shadowed_module" and finding.confidence == 0.85
    assert "transformers.py" in finding.title and finding.fix is not None
    windows = "ImportError: cannot import name 'transforms' from 'torchvision' (C:\\Users\\u\\Desktop\\torchvision.py)"
    assert _top(windows, platform="windows") == "shadowed_module"


def test_the_installed_package_or_a_project_module_is_no_shadow() -> None:
    installed = "ImportError: cannot import name 'AutoModel' from 'transformers' (/v/lib/python3.10/site-packages/transformers.py)"
    assert _top(installed, platform="linux") != "shadowed_module"
    # A module of the project's own, named like no installed package: the project's code lacks the name.
    own = "ImportError: cannot import name 'build_model' from 'segmenter' (/home/u/proj/segmenter.py)"
    assert _top(own, platform="linux") != "shadowed_module"
    # ...unless the text shows a package of that name installed.
    shown = own + '\n  File "/v/lib/python3.10/site-packages/segmenter/__init__.py", line 1'
    assert _top(shown, platform="linux") == "shadowed_module"


def test_a_standard_name_counts_when_the_standard_library_or_a_package_asked() -> None:
    asked_by_torch = (
        _frame("/v/lib/python3.10/site-packages/torch/_dynamo/utils.py", "from typing import Self")
        + "ImportError: cannot import name 'Self' from 'typing' (/home/u/proj/typing.py)\n"
    )
    finding = explain(asked_by_torch, platform="linux")[0]
    assert finding.cause == "shadowed_module" and "standard-library" in finding.title
    # The project's own parser.py imported by its own script is the project's module.
    asked_by_user = _frame("/home/u/proj/run.py", "from parser import Parser") + (
        "ImportError: cannot import name 'Parser' from 'parser' (/home/u/proj/parser.py)\n"
    )
    assert _top(asked_by_user, platform="linux") != "shadowed_module"


def test_the_users_import_ran_the_users_file_of_a_package_name() -> None:
    text = (
        "Traceback (most recent call last):\n"
        + _frame("/home/k/proj/run.py", "import numpy as np", 4)
        + _frame("/home/k/proj/numpy.py", "a = np.zeros(3)", 5)
        + "NameError: name 'np' is not defined\n"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "shadowed_module" and finding.confidence == 0.8 and "numpy" in finding.title


def test_a_bundled_package_folder_or_a_project_module_is_no_shadow() -> None:
    bundled = (  # an app's own dependencies folder holds the real torch (carson-katri/dream-textures#293's shape)
        _frame("C:\\addons\\dream\\generate.py", "import torch", 7)
        + _frame("C:\\addons\\dream\\.python_dependencies\\torch\\__init__.py", "raise err", 137)
        + "OSError: [WinError 126] The specified module could not be found.\n"
    )
    assert "shadowed_module" not in [f.cause for f in explain(bundled, platform="windows")]
    project = _frame("/home/k/proj/run.py", "import segmenter") + _frame("/home/k/proj/segmenter.py", "x = y") + (
        "NameError: name 'y' is not defined\n"
    )
    assert _top(project, platform="linux") != "shadowed_module"
