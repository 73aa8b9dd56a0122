"""Readings learned from batch-2026-12-03m's first run (docs/accuracy-runs/batch-2026-12-03m.firstrun.txt), each
checked at the edges it depends on; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import causes


def test_a_traceback_printed_twice_is_not_a_script_importing_itself() -> None:
    # OpenSourceEcon/BootCamp2019#21: setup.py's failed `import numpy`, printed twice by the install script.
    once = (
        'Traceback (most recent call last):\n  File "setup.py", line 25, in <module>\n    import numpy\n'
        "ImportError: No module named numpy\n"
    )
    assert causes(once + once, platform="linux")[:1] == ["module_not_installed_in_kernel_env"]
    # The script answering its own import, within one traceback, stays a shadow (pandas-dev/pandas#9979's shape).
    itself = (
        'Traceback (most recent call last):\n  File "/home/u/pandas.py", line 1, in <module>\n    import pandas as pd\n'
        '  File "/home/u/pandas.py", line 2, in <module>\n    pd.read_csv("x")\n'
        "AttributeError: module 'pandas' has no attribute 'read_csv'"
    )
    assert causes(itself, platform="linux")[:1] == ["shadowed_module"]


def test_typographic_quotes_around_a_standard_modules_missing_name() -> None:
    # Grid2op/grid2op#194: its own platform.py hiding the standard module, pasted through rich text.
    for line in (
        "AttributeError : module ‘platform’ has no attribute ‘python_implementation’",
        "AttributeError: module 'platform' has no attribute 'python_implementation'",
    ):
        assert causes(line, platform="windows")[:1] == ["shadowed_module"]


def test_a_shipped_tests_package_answering_the_projects_tests() -> None:
    # nominal-io/instro#43 (pyaardvark 0.8.1) and thyra PR 116 (msalign 0.2.0).
    finding = explain("ModuleNotFoundError: No module named 'tests.ethernetip_fakes'", platform="linux")[0]
    assert finding.cause == "shadowed_module" and finding.fix is not None
    assert finding.fix.code == "python -c \"open('tests/__init__.py', 'a').close()\""
    # Another generic package keeps its own fix (uninstall the distribution that shipped it).
    other = explain("ModuleNotFoundError: No module named 'utils.downloads'", platform="linux")
    assert not other or other[0].fix is None or "tests/__init__.py" not in other[0].fix.code
    # An installed package's own file asking for its tests is no project's.
    installed = (
        '  File "/env/lib/python3.11/site-packages/somepkg/check.py", line 3, in <module>\n    import tests.helpers\n'
        "ModuleNotFoundError: No module named 'tests.helpers'"
    )
    assert "tests/__init__.py" not in " ".join(f.fix.code for f in explain(installed, platform="linux") if f.fix)


def test_an_installed_package_lacking_a_class_the_users_code_imports() -> None:
    # openai/openai-python#685: openai 0.27.8 still loaded in the kernel after 1.1.0 was installed.
    text = (
        "Cell In[6], line 2\n----> 2 from openai import OpenAI\n\n"
        "ImportError: cannot import name 'OpenAI' from 'openai' (/usr/local/lib/python3.11/site-packages/openai/__init__.py)"
    )
    assert causes(text, platform="linux")[:1] == ["stale_module_after_upgrade"]
    # A standard module's file inside torch's folder (pytorch/pytorch#19943) is a shadow, not an old release.
    inside = "ImportError: cannot import name 'Random' from 'random' (/env/lib/python3.8/site-packages/torch/random.py)"
    assert "stale_module_after_upgrade" not in causes(inside, platform="linux")
    # A lower-case function name is no class the code expects of a release.
    function = "ImportError: cannot import name 'helper' from 'somepkg' (/env/lib/python3.11/site-packages/somepkg/__init__.py)"
    assert "stale_module_after_upgrade" not in causes(function, platform="linux")


def test_a_user_site_script_run_by_another_user() -> None:
    # caronc/apprise#188: run by root and cron; the paste lost the closing quote.
    text = (
        '  File "/home/user/.local/bin/apprise", line 6, in <module>\n    from apprise.cli import main\n'
        "ModuleNotFoundError: No module named 'apprise"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "module_not_installed_in_kernel_env" and "pip --user" in finding.title
    assert finding.fix is not None and "python3 -m pip install apprise" in finding.fix.code
    # A venv's own script is not a --user install.
    venv = text.replace("/home/user/.local/bin/apprise", "/home/user/venv/bin/apprise")
    assert "pip --user" not in explain(venv, platform="linux")[0].title


def test_the_driver_too_old_sentence_wrapped() -> None:
    # andimarafioti/faster-qwen3-tts PR 113: a terminal's wrap inside the sentence.
    text = (
        "UserWarning: CUDA initialization: The NVIDIA driver on your\nsystem is too old (found version 12040). ...\n"
        "AssertionError: CUDA not available"
    )
    assert causes(text, platform="linux")[:1] == ["driver_too_old"]


def test_another_frameworks_cudnn_check() -> None:
    # jax-ml/jax#18032: torch imported first loaded its older cuDNN; JAX first serves both.
    jax = "CUDA backend failed to initialize: Found cuDNN version 8700, but JAX was built against version 8800, which is newer."
    finding = explain(jax, platform="linux")[0]
    assert finding.cause == "lib_version_conflict" and finding.fix is not None
    assert finding.fix.code.splitlines() == ["import jax", "jax.devices()  # JAX loads its cuDNN first", "import torch"]
    # AI-Hypercomputer/maxtext PR 1509: XLA's own words, which JAX and TensorFlow both print.
    xla = "Loaded runtime CuDNN library: 9.1.0 but source was compiled with: 9.8.0.  CuDNN library needs to have matching major version"
    found = explain(xla, platform="linux")[0]
    assert found.cause == "lib_version_conflict" and "cuDNN 9.8.0" in found.title and found.fix is not None
    assert found.fix.kind == "manual"


def test_cudas_stub_library() -> None:
    # fredi-python/stable-diffusion-docker#22: the toolkit's stubs folder on the image's LD_LIBRARY_PATH.
    text = "UserWarning: CUDA initialization: Unexpected error from cudaGetDeviceCount(). Error 34: CUDA driver is a stub library"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "lib_version_conflict" and finding.fix is not None and "stubs" in finding.fix.code
