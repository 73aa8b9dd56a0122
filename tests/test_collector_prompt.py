"""scripts/make_collector_prompt.py: every area fills the template whole, and bad arguments get a clear refusal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "make_collector_prompt.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=60)


def test_every_area_fills_the_template_whole() -> None:
    for area in range(1, 9):
        made = _run(str(area), "/tmp/batch-x/s1", "batch-2026-12-09x", "75")
        assert made.returncode == 0, made.stderr
        text = made.stdout
        assert "/tmp/batch-x/s1/<short-slug>" in text and "# split: batch-2026-12-09x" in text and "At most 75 look-ups" in text
        for placeholder in ("BATCHDIR", "LETTERN", "SPLIT", "BUDGET", "AREA"):
            assert placeholder not in text, (area, placeholder)
        # The cause table the collectors label by is the design's, with the corpus's reading of TensorFlow op libraries.
        assert "| extension_abi_mismatch |" in text and "tensorflow-addons, tensorflow-io" in text


def test_bad_arguments_are_refused_with_the_usage() -> None:
    assert _run("9", "/tmp/b/s1", "batch-2026-12-09x", "75").stderr.startswith("no area 9")
    refused = _run("1", "/tmp/b/s1", "not-a-split", "75")
    assert refused.returncode == 2 and "make_collector_prompt.py <area number>" in refused.stderr
