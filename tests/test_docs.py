"""The docs: they build strictly, the generated catalogue is current, and their examples run.

- ``mkdocs build --strict``: broken links, pages missing from the nav, bad anchors fail.
- docs/causes.md equals what scripts/gen_cause_catalogue.py generates from the registries.
- Every ``$ torchenv ...`` line in a ```console block runs (in a folder holding the files the
  examples name) without a usage error or a traceback; when the block shows output, its
  first line's prefix is what the command prints.
- Every ``%torchenv`` / ``%load_ext`` line in an ```ipython block runs in a real IPython
  shell without a usage error.
- The user guide names every ``%torchenv`` sub-command and every CLI option.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.M | re.S)
# The files the examples name, as a participant would have them in the current folder.
EXAMPLE_FILES = {
    "workshop.toml": ROOT / "examples" / "workshop.toml",
    "requirements-workshop.txt": ROOT / "examples" / "requirements-workshop.txt",
    "error.txt": ROOT / "tests" / "corpus" / "missing_vc_redist" / "fbgemm-pytorch-131662.txt",
}


def blocks(language: str) -> Iterator[tuple[str, str]]:
    for page in sorted(DOCS.glob("*.md")):
        for match in FENCE.finditer(page.read_text(encoding="utf-8")):
            if match.group(1) == language:
                yield page.name, match.group(2)


def console_examples() -> list[tuple[str, str, str | None]]:
    """(page, command, first line of the output shown under it, or None)."""
    examples = []
    for page, body in blocks("console"):
        lines = body.splitlines()
        for index, line in enumerate(lines):
            if line.startswith("$ "):
                shown = lines[index + 1] if index + 1 < len(lines) and not lines[index + 1].startswith("$ ") else None
                examples.append((page, line[2:], shown))
    return examples


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent)) or "mkdocs"
    result = subprocess.run(
        [mkdocs, "build", "--strict", "--site-dir", str(tmp_path / "site")], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "causes" / "index.html").is_file()


def test_cause_catalogue_is_current() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/gen_cause_catalogue.py", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_catalogue_lists_every_cause_and_rule() -> None:
    from torchenv_magic.causes import CAUSES
    from torchenv_magic.rules import load_all

    text = (DOCS / "causes.md").read_text(encoding="utf-8")
    for cause in CAUSES:
        assert f"\n## {cause}\n" in text
    for name, func in load_all().items():
        assert f"`{func.__module__.removeprefix('torchenv_magic.')}.{name}`" in text, name


@pytest.mark.parametrize(("page", "command", "shown"), console_examples(), ids=lambda value: str(value)[:50])
def test_console_example_runs(tmp_path: Path, page: str, command: str, shown: str | None) -> None:
    for name, source in EXAMPLE_FILES.items():
        shutil.copy(source, tmp_path / name)
    environ = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=120, env=environ)
    assert result.returncode in (0, 1), f"{page}: `{command}` exited {result.returncode}\n{result.stderr}"
    assert "Traceback" not in result.stderr, f"{page}: `{command}`\n{result.stderr}"
    if shown is not None:
        prefix = shown.split(":")[0].split("...")[0].strip()
        assert result.stdout.lstrip().startswith(prefix), f"{page}: `{command}` printed {result.stdout[:200]!r}, docs show {shown!r}"


def test_console_examples_cover_every_command() -> None:
    commands = " ".join(command for _, command, _ in console_examples())
    for sub in ("torchenv explain", "torchenv require", "torchenv --json"):
        assert sub in commands


@pytest.fixture
def shell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[InteractiveShell]:
    for name, source in EXAMPLE_FILES.items():
        shutil.copy(source, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    ip = InteractiveShell.instance()
    yield ip
    if "torchenv_magic" in ip.extension_manager.loaded:
        ip.run_line_magic("unload_ext", "torchenv_magic")
    InteractiveShell.clear_instance()


def magic_lines() -> list[tuple[str, str]]:
    return [
        (page, line.strip())
        for page, body in blocks("ipython")
        for line in body.splitlines()
        if line.strip().startswith(("%torchenv", "%load_ext torchenv_magic"))
    ]


@pytest.mark.parametrize(("page", "line"), magic_lines(), ids=lambda value: str(value)[:50])
def test_ipython_example_runs(shell: InteractiveShell, page: str, line: str) -> None:
    shell.run_line_magic("load_ext", "torchenv_magic")
    name, _, rest = line[1:].partition(" ")
    try:
        shell.run_line_magic(name, rest)
    except UsageError as exc:
        pytest.fail(f"{page}: `{line}` is a usage error: {exc}")


def test_user_guide_names_every_subcommand_and_option() -> None:
    from torchenv_magic.cli import build_parser
    from torchenv_magic.magic import SUBCOMMANDS

    guide = (DOCS / "user-guide.md").read_text(encoding="utf-8")
    for name in SUBCOMMANDS:
        assert f"%torchenv {name}" in guide, name
    for option in cli_options(build_parser()):
        assert f"`{option}" in guide or f" {option}" in guide, option


def cli_options(parser: argparse.ArgumentParser) -> Iterator[str]:
    """Every option string and sub-command name, recursively (``-h`` aside)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield f"torchenv {name}"
                yield from cli_options(sub)
        else:
            yield from (option for option in action.option_strings if option not in ("-h", "--help"))
