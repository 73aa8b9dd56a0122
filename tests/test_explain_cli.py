"""``python -m torchenv_magic explain``: file and stdin input, --json schema, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from torchenv_magic.cli import main

NMS = "RuntimeError: operator torchvision::nms does not exist\n"
FINDING_KEYS = {"cause", "severity", "title", "explanation", "evidence", "fix", "confidence"}


def test_json_schema_from_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    error = tmp_path / "error.txt"
    error.write_text(NMS, encoding="utf-8")
    assert main(["explain", str(error), "--package", "torch=2.5.1+cu124", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema_version"] == 1 and set(data) == {"schema_version", "findings"}
    first = data["findings"][0]
    assert set(first) >= FINDING_KEYS
    assert first["cause"] == "torchvision_torch_mismatch"
    assert set(first["fix"]) >= {"kind", "code", "note"} and "torchvision==0.20.1" in first["fix"]["code"]
    assert 0 <= first["confidence"] <= 1


def test_stdin_dash_and_platform() -> None:
    text = 'OSError: [WinError 126] 找不到指定的模块。 Error loading "C:\\e\\torch\\lib\\fbgemm.dll" or one of its dependencies.\n'
    result = subprocess.run(
        [sys.executable, "-m", "torchenv_magic", "explain", "-", "--platform", "windows", "--json"],
        input=text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["findings"][0]["cause"] == "missing_vc_redist"


def test_plain_text_output_and_empty_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    error = tmp_path / "e.txt"
    error.write_text(NMS, encoding="utf-8")
    assert main(["explain", str(error)]) == 0
    assert "torchvision" in capsys.readouterr().out
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["explain", str(empty), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"schema_version": 1, "findings": []}


@pytest.mark.parametrize(
    "argv",
    [
        ["explain", "--platform", "bsd", "-"],
        ["explain", "--package", "torch", "/dev/null"],
        ["explain", "--package", "=1.0", "/dev/null"],
        ["explain", "/no/such/file.txt"],
        ["explain", "-", "--json", "--markdown"],
    ],
)
def test_bad_usage_exits_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2


def test_public_name_stays_callable_after_the_package_is_imported() -> None:
    import torchenv_magic
    import torchenv_magic.explainer.text  # a sub-package import must not shadow the function

    assert torchenv_magic.explain("No module named 'torch'")[0].cause == "module_not_installed_in_kernel_env"
    from torchenv_magic import explain

    assert explain("Torch not compiled with CUDA enabled")[0].cause == "cpu_only_build"
