"""The terminal face: python -m torchenv_magic, run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys

from torchenv_magic.causes import CAUSES


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "torchenv_magic", *args], capture_output=True, text=True, input=stdin, timeout=60)


def test_json_report_contract() -> None:
    result = run_cli("--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    for finding in data["findings"]:
        assert finding["cause"] in CAUSES
        assert finding["severity"] in ("error", "warning", "info")
        assert isinstance(finding["evidence"], list)
        assert 0 <= finding["confidence"] <= 1
        assert finding["fix"] is None or finding["fix"]["kind"] in ("pip", "conda", "shell", "python", "manual")
    assert {"python", "packages", "torch_build", "torch_live", "nvml", "environment"} <= set(data["facts"])


def test_text_and_markdown_reports() -> None:
    text = run_cli()
    assert text.returncode == 0
    assert text.stdout.startswith("torchenv: ")
    markdown = run_cli("--markdown")
    assert markdown.returncode == 0
    assert markdown.stdout.startswith("### torchenv: ")
    assert "| Python |" in markdown.stdout


def test_bad_usage_exits_2() -> None:
    assert run_cli("--no-such-flag").returncode == 2
    assert run_cli("--json", "--markdown").returncode == 2
    assert run_cli("explain", "/no/such/file").returncode == 2
    assert run_cli("explain", "-", "--package", "torch").returncode == 2


def test_torch_missing_here_is_reported_with_this_interpreter() -> None:
    # The test venv deliberately has no torch: the report must say so and target this Python.
    data = json.loads(run_cli("--json").stdout)
    top = data["findings"][0]
    assert top["cause"] == "module_not_installed_in_kernel_env"
    assert "-m pip install torch" in top["fix"]["code"]
    assert "--index-url https://download.pytorch.org/whl/cpu" in top["fix"]["code"]  # Linux, no NVIDIA driver


def modules_after_plain_report(*prefixes: str) -> set[str]:
    """The modules whose names start with one of ``prefixes`` that a fresh Python holds after the plain JSON report."""
    code = (
        "import contextlib, io, json, sys\nfrom torchenv_magic.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    main(['--json'])\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({prefixes!r}))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    return set(json.loads(result.stdout))


def test_plain_report_imports_neither_require_nor_requirement_parsing() -> None:
    # Declaring the `require` sub-command imports only its arguments, not the rest of
    # torchenv_magic.require (and packaging's requirement parser, ~30 ms together): they are
    # needed only when the sub-command runs.
    loaded = modules_after_plain_report("torchenv_magic.require.", "packaging.requirements")
    assert loaded == {"torchenv_magic.require.args"}
    # ... and the sub-command still declares every argument.
    assert all(option in run_cli("require", "--help").stdout for option in ("--file", "--gpu", "--python", "--import", "--json"))


def test_plain_report_imports_no_explainer_extractor() -> None:
    # The rules read the facts without the explainer's extractors (~90 ms of regular expressions to compile): a rule that
    # needs a pattern of theirs must find it in a module the report loads anyway (explainer.text), or the CLI slows
    # below its budget (benchmarks/run.py: 8.2x against collect_env when rules/wheels.py imported explainer.windows_dll).
    loaded = modules_after_plain_report("torchenv_magic.explainer.")
    light = {"text", "signals", "prefilter", "runtime"}
    assert loaded <= {f"torchenv_magic.explainer.{name}" for name in light}, loaded


def test_explain_markdown_shows_no_environment_it_never_read() -> None:
    result = run_cli("explain", "-", "--markdown", stdin="ModuleNotFoundError: No module named 'torch'\n")
    assert result.returncode == 0
    assert result.stdout.startswith("### torchenv: ")
    assert "module_not_installed_in_kernel_env" in result.stdout
    assert "Environment" not in result.stdout  # a pasted text says nothing about this machine
