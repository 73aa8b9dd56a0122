"""Real damaged installs: one torch file deleted or a native library cut short, diagnosed live.

What a sync tool, an antivirus, a full disk or an interrupted ``pip install`` leaves behind
(issue 14). Each trial damages a hard-linked copy of the ``cpu`` base (unlink first, then
write the damaged copy, so the base stays intact), imports torch twice in one process (the
first import, then the retry a user runs next) and diagnoses each failure as the hint does.
``corrupted_install`` must be the top finding at least 9 times in 10, on both imports, and
after a library that kills the process (SIGBUS) on the next start (a fresh diagnosis).
"""

from __future__ import annotations

import collections
import json
import os
import random
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.envs import run_python, shell_cells, site_packages, variant_env

pytestmark = pytest.mark.e2e

SEED = 14
DELETED_FILES = 16  # .py files, one per subpackage, from those `import torch` loads
# The child: import torch, then again in the same process; each failure diagnosed as the hint does.
CHILD = r"""
import json, sys
for attempt in ("first", "retry"):
    try:
        import torch
        outcome = {"attempt": attempt, "error": None}
    except BaseException as exc:
        from torchenv_magic.diagnosis import diagnose
        report = diagnose(exc, in_kernel=True)
        top = report.findings[0] if report.findings else None
        outcome = {
            "attempt": attempt,
            "error": f"{type(exc).__name__}: {str(exc)[:150]}",
            "top": top.cause if top else None,
            "evidence": top.evidence if top else [],
            "fix": top.fix.code if top and top.fix else None,
            "check_ms": ((report.facts.get("capture") or {}).get("install_files") or {}).get("ms"),
        }
    # One line per import, at once: a retried import can kill the process (SIGABRT, SIGSEGV).
    sys.stdout.write("RESULT " + json.dumps(outcome) + "\n")
    sys.stdout.flush()
"""


def loaded_torch_files(env: Path) -> list[str]:
    """The torch .py files a healthy ``import torch`` loads, relative to site-packages."""
    code = "import json, sys, torch; print(json.dumps(sorted({getattr(m, '__file__', None) or '' for m in list(sys.modules.values())})))"
    result = run_python(env, "-W", "ignore", "-c", code)
    assert result.returncode == 0, result.stderr
    site = str(site_packages(env)) + os.sep
    return [name[len(site) :] for name in json.loads(result.stdout) if name.startswith(site + "torch" + os.sep) and name.endswith(".py")]


def spread_sample(files: list[str], count: int, rng: random.Random) -> list[str]:
    """One file from each of ``count`` subpackages ('torch/nn', 'torch/_decomp', torch's top level...)."""
    groups: dict[str, list[str]] = collections.defaultdict(list)
    for name in files:
        parts = name.split("/")
        groups["/".join(parts[:2]) if len(parts) > 2 else "torch"].append(name)
    return [rng.choice(sorted(groups[group])) for group in rng.sample(sorted(groups), count)]


def replace_file(base: Path, clone: Path, relative: str, content: bytes | None) -> None:
    """Unlink the clone's hard link, then write ``content`` there (None: leave it deleted)."""
    target = clone / relative
    target.unlink()
    if content is not None:
        target.write_bytes(content)


def restore_file(base: Path, clone: Path, relative: str) -> None:
    target = clone / relative
    if target.exists():
        target.unlink()
    os.link(base / relative, target)


def truncated(data: bytes, how: str) -> bytes:
    if how == "empty":
        return b""
    if how == "garbage header":  # same size, not a library: 'invalid ELF header'
        return b"\0" * 64 + data[64:]
    return data[: len(data) // 2]  # half: loading it crashes the process (SIGBUS)


# What the next kernel of that environment does after a death (breadcrumbs.py finds the
# crumb on %load_ext): the death, as a capture, is diagnosed like a failed import.
AFTER_DEATH = r"""
import json
from torchenv_magic.breadcrumbs import death_capture
from torchenv_magic.diagnosis import diagnose
top = diagnose(capture=death_capture({"import_line": "import torch", "fatal": "Fatal Python error: Aborted"})).findings[0]
print("RESULT " + json.dumps({"cause": top.cause, "evidence": top.evidence}))
"""


def after_death(env: Path, returncode: int) -> dict[str, Any]:
    result = run_python(env, "-W", "ignore", "-c", AFTER_DEATH, timeout=120)
    line = next((line for line in result.stdout.splitlines() if line.startswith("RESULT ")), "RESULT {}")
    top = json.loads(line[7:])
    return {"attempt": "after death", "error": f"retry exit {returncode}", "top": top.get("cause"), "evidence": top.get("evidence")}


def run_trial(env: Path, base_site: Path, site: Path, relative: str, how: str | None) -> dict[str, Any]:
    """Damage one file of the clone, import torch twice, restore the file."""
    replace_file(base_site, site, relative, None if how is None else truncated((base_site / relative).read_bytes(), how))
    try:
        result = run_python(env, "-W", "ignore", "-c", CHILD, timeout=120)
        outcomes = [json.loads(line[7:]) for line in result.stdout.splitlines() if line.startswith("RESULT ")]
        trial: dict[str, Any] = {"file": relative, "how": how or "deleted", "returncode": result.returncode, "outcomes": outcomes}
        if not outcomes:  # the process died loading the library (SIGBUS): the next start diagnoses it
            fresh = run_python(env, "-m", "torchenv_magic", "--json", timeout=120)
            top = (json.loads(fresh.stdout)["findings"] or [{}])[0] if fresh.returncode == 0 else {}
            crash = {"attempt": "after crash", "error": f"exit {result.returncode}"}
            outcomes.append({**crash, "top": top.get("cause"), "evidence": top.get("evidence")})
        elif len(outcomes) == 1 and result.returncode != 0:  # the retry killed the process: the next kernel explains it
            trial["retry_died"] = result.returncode
            outcomes.append(after_death(env, result.returncode))
        return trial
    finally:
        restore_file(base_site, site, relative)


@pytest.fixture(scope="module")
def clones(cpu_env: Path) -> Iterator[list[Path]]:
    """Two hard-linked copies of the cpu base: one per worker."""
    made = [variant_env("cpu", f"damaged-{index}") for index in range(2)]
    yield made
    for path in made:
        shutil.rmtree(path, ignore_errors=True)


def test_damaged_torch_files_are_named_as_the_cause(cpu_env: Path, clones: list[Path]) -> None:
    base_site = site_packages(cpu_env)
    rng = random.Random(SEED)
    cases: list[tuple[str, str | None]] = [(name, None) for name in spread_sample(loaded_torch_files(cpu_env), DELETED_FILES, rng)]
    native = "torch/lib/libc10.so"
    python_c = next(name for name in (n.relative_to(base_site).as_posix() for n in (base_site / "torch").glob("_C.*so")))
    cases += [(native, "empty"), (python_c, "garbage header"), ("torch/lib/libtorch_python.so", "half"), (native, None)]

    def work(index: int) -> list[dict[str, Any]]:
        env = clones[index]
        return [run_trial(env, base_site, site_packages(env), name, how) for name, how in cases[index::2]]

    with ThreadPoolExecutor(max_workers=2) as pool:
        trials = [trial for chunk in pool.map(work, range(2)) for trial in chunk]

    diagnosed = [(trial, outcome) for trial in trials for outcome in trial["outcomes"] if outcome.get("error")]
    imported = [trial["file"] for trial in trials if all(not outcome.get("error") for outcome in trial["outcomes"])]
    hits = [outcome for _, outcome in diagnosed if outcome["top"] == "corrupted_install"]
    rate = len(hits) / max(len(diagnosed), 1)
    by_attempt = collections.Counter((outcome["attempt"], outcome["top"] == "corrupted_install") for _, outcome in diagnosed)
    costs = sorted(outcome["check_ms"] for _, outcome in diagnosed if outcome.get("check_ms") is not None)
    print(f"\ncorrupted_install top in {len(hits)}/{len(diagnosed)} diagnosed failures ({rate:.0%}); per attempt: {dict(by_attempt)}")
    median, worst = (costs[len(costs) // 2], costs[-1]) if costs else (None, None)
    print(f"files checked against RECORD on a failure: median {median} ms, max {worst} ms")
    print(f"retried import killed the process (diagnosed by the next kernel): {[t['file'] for t in trials if 'retry_died' in t]}")
    print(f"imported fine despite the damage (nothing to explain): {imported}")
    for trial, outcome in diagnosed:
        if outcome["top"] != "corrupted_install":
            print(f"  MISS {trial['file']} ({trial['how']}, {outcome['attempt']}): {outcome['error']} -> {outcome['top']}")

    assert len(diagnosed) >= 24, trials  # most damage makes `import torch` fail
    assert rate >= 0.9, [outcome for _, outcome in diagnosed if outcome["top"] != "corrupted_install"]
    for attempt in ("first", "retry"):
        outcomes = [outcome for _, outcome in diagnosed if outcome["attempt"] == attempt]
        assert sum(outcome["top"] == "corrupted_install" for outcome in outcomes) >= 0.9 * len(outcomes), attempt
    deaths = [outcome for _, outcome in diagnosed if outcome["attempt"] == "after death"]
    assert all(outcome["top"] == "corrupted_install" for outcome in deaths), deaths
    crashed = [outcome for _, outcome in diagnosed if outcome["attempt"] == "after crash"]
    assert len(crashed) == 1 and crashed[0]["top"] == "corrupted_install", crashed  # libtorch_python.so cut in half
    assert "truncated: torch/lib/libtorch_python.so" in " ".join(crashed[0]["evidence"])
    for _, outcome in diagnosed:
        if outcome["top"] == "corrupted_install" and outcome["attempt"] not in ("after crash", "after death"):
            assert outcome["fix"].endswith("torch==2.13.0+cpu --no-deps --index-url https://download.pytorch.org/whl/cpu")
            assert "--force-reinstall" in outcome["fix"]


def test_hint_names_the_missing_module_on_both_imports(cpu_env: Path) -> None:
    """In a real IPython shell: the hint under the first and the retried import names the deleted file."""
    env = variant_env("cpu", "damaged-kl")
    try:
        relative = "torch/distributions/kl.py"
        replace_file(site_packages(cpu_env), site_packages(env), relative, None)
        first, second, report = shell_cells(env, ["import torch", "import torch", "%torchenv --json"])
        for cell in (first, second):
            assert cell["error"] == "ModuleNotFoundError"
            hint = str(cell["output"]).partition("torchenv: ")[2]
            assert hint.startswith("torch 2.13.0+cpu is incomplete: files it installed are missing"), cell["output"][-1500:]
            assert "fix: %pip install --force-reinstall torch==2.13.0+cpu --no-deps" in hint
        top = report["value"]["findings"][0]
        assert top["cause"] == "corrupted_install"
        assert f"missing: {relative} (the error names it)" in top["evidence"]
    finally:
        shutil.rmtree(env, ignore_errors=True)


def test_base_env_is_intact(cpu_env: Path) -> None:
    """The trials unlinked and relinked files of clones only: the base still imports."""
    result = run_python(cpu_env, "-W", "ignore", "-c", "import torch; print(torch.__version__)")
    assert result.returncode == 0 and result.stdout.strip() == "2.13.0+cpu", result.stderr[-2000:]
