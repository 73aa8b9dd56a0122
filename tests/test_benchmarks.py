"""benchmarks/run.py runs and prints its table (a smoke test: nothing here is timed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_benchmark(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


def test_quick_run_prints_every_section_and_the_budgets(tmp_path: Path) -> None:
    # "self": this interpreter, which has IPython but no torch, so no environment is built.
    out = tmp_path / "performance.md"
    result = run_benchmark("--quick", "--envs", "self", "--write", str(out))
    assert result.returncode == 0, result.stderr
    text = result.stdout
    for heading in (
        "### Machine",
        "### 1. `%load_ext",
        "### 2. Overhead per successful cell",
        "### 3/5. Live diagnosis",
        "### 4. `explain`",
    ):
        assert heading in text
    assert "### Budgets" in text
    for budget in ("load", "per-cell overhead", "no subprocess [self]", "explain per error"):
        assert any(
            line.split("|")[2].strip() == budget
            for line in text.splitlines()
            if line.startswith("| PASS") or line.startswith("| FAIL") or line.startswith("| SKIP")
        )
    # Without torch collect_env cannot run: its comparison is skipped, not failed.
    assert "| SKIP | >= 10x faster than collect_env [self]" in text
    written = out.read_text()
    assert "AMD" in written or "CPU" in written
    assert written.count("benchmark results: begin") == 1


def test_write_keeps_hand_written_text(tmp_path: Path) -> None:
    from benchmarks.run import MARK_BEGIN, MARK_END, write_markdown

    out = tmp_path / "performance.md"
    out.write_text(f"# Performance\n\nintro\n\n{MARK_BEGIN}\nold\n{MARK_END}\n\n## Analysis\n\nkept\n")
    write_markdown(out, "new table")
    text = out.read_text()
    assert "intro" in text and "## Analysis\n\nkept" in text
    assert "new table" in text and "old" not in text


def test_strict_exits_1_exactly_when_a_budget_failed() -> None:
    result = run_benchmark("--quick", "--envs", "self", "--strict")
    failed = any(line.startswith("| FAIL") for line in result.stdout.splitlines())
    assert result.returncode == (1 if failed else 0), result.stderr
