"""Readings learned from batch-2026-12-02m's first run (docs/accuracy-runs/batch-2026-12-02m.firstrun.txt), each
checked at the edges it depends on; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import causes


def _frame(path: str, code: str, line: int = 1) -> str:
    return f'  File "{path}", line {line}, in <module>\n    {code}\n'


def _submodule_missing(folder: str) -> str:
    return (
        "Traceback (most recent call last):\n"
        + _frame("<string>", "import lead_lag")
        + _frame(f"{folder}/lead_lag/__init__.py", "from .lead_lag import *")
        + _frame(f"{folder}/lead_lag/contrast.py", "from lead_lag.lead_lag_impl import shifted_modified_hy_estimator")
        + "ModuleNotFoundError: No module named 'lead_lag.lead_lag_impl'\n"
    )


def test_a_checkout_folder_named_with_a_hyphen_is_the_packages_checkout() -> None:
    # philipperemy/lead-lag#5: the repository's folder is lead-lag, its package lead_lag.
    finding = explain(_submodule_missing("/private/tmp/lead-lag"), platform="macos")[0]
    assert finding.cause == "shadowed_module" and "/private/tmp/lead-lag" in (finding.fix.code if finding.fix else "")
    # The installed package lacking a submodule is not a checkout, nor is a folder named otherwise.
    assert "shadowed_module" not in causes(_submodule_missing("/env/lib/python3.11/site-packages"))[:1]
    assert "shadowed_module" not in causes(_submodule_missing("/home/me/projects"))[:1]


def _bare_private_name(folder: str, name: str = "_implicit") -> str:
    return (
        "ImportError                               Traceback (most recent call last)\n"
        "<ipython-input-1-9eae7608d57c> in <module>()\n----> 1 import implicit\n\n"
        f"{folder}/implicit/__init__.py in <module>()\n----> 1 from .implicit import alternating_least_squares\n\n"
        f"{folder}/implicit/implicit.py in <module>()\n----> 6 from . import {name}\n\n"
        f"ImportError: cannot import name '{name}'\n"
    )


def test_a_bare_private_name_missing_in_a_checkout_is_its_unbuilt_compiled_part() -> None:
    # benfred/implicit#15: IPython started in the checkout's parent, whose implicit/ was never built in place.
    finding = explain(_bare_private_name("/home/me/soft/implicit"), platform="linux")[0]
    assert finding.cause == "shadowed_module" and finding.fix is not None and "build it in place" in finding.fix.code
    # Installed, or a public name, or a folder not named like the package: not this reading.
    assert "shadowed_module" not in causes(_bare_private_name("/env/lib/python3.8/site-packages"))[:1]
    assert "shadowed_module" not in causes(_bare_private_name("/home/me/soft/implicit", "alternating"))[:1]
    assert "shadowed_module" not in causes(_bare_private_name("/home/me/soft/recsys"))[:1]


def test_a_package_saying_it_found_no_cuda_toolkit_lacks_nvcc() -> None:
    # nerfstudio-project/nerfacc#89: its CUDA part is built on first use, with nvcc.
    text = "NerfAcc: No CUDA toolkit found. NerfAcc will be disabled.\n\nAttributeError: 'NoneType' object has no attribute 'X'"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "nvcc" in finding.title
    # The words inside a sentence, not a package's own line, are not this reading.
    assert "build_toolchain_missing" not in causes("We tried it and said: No CUDA toolkit found there, oddly.")[:1]
