"""The budgets of issue 7, checked against one run's results."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .stats import fmt_ms, fmt_ratio

LOAD_MS = 30.0
CELL_US = 20.0
SPEEDUP = 10.0
EXPLAIN_MS = 5.0


@dataclass(frozen=True)
class Budget:
    name: str
    status: str  # PASS, FAIL or SKIP
    measured: str
    limit: str
    profile: str | None = None  # child.py profile target that explains a failure
    env: str | None = None  # the environment it was measured in

    @property
    def failed(self) -> bool:
        return self.status == "FAIL"


def check(results: dict[str, Any]) -> list[Budget]:
    budgets = [_load(results.get("load")), _cells(results.get("cells"))]
    for diagnosis in results.get("diagnosis", []):
        budgets.extend(_diagnosis(diagnosis))
    budgets.append(_explain(results.get("explain")))
    return budgets


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _load(load: dict[str, Any] | None) -> Budget:
    if not load or "error" in load:
        return Budget("load", "SKIP", (load or {}).get("error", "not run"), f"< {LOAD_MS:g} ms, no heavy module")
    median_s = load["load_s"]["median"]
    heavy = ", ".join(load["heavy_new"]) or "none"
    ok = median_s * 1000 < LOAD_MS and not load["heavy_new"] and load["registered"]
    measured = f"{fmt_ms(median_s)}; heavy modules imported: {heavy}"
    return Budget("load", _verdict(ok), measured, f"< {LOAD_MS:g} ms, none imported", "load", load["env"])


def _cells(cells: dict[str, Any] | None) -> Budget:
    if not cells or "error" in cells:
        return Budget("per-cell overhead", "SKIP", (cells or {}).get("error", "not run"), f"< {CELL_US:g} µs")
    overhead = cells["overhead_us"]
    ok = overhead < CELL_US and not cells["cell_errors"]
    return Budget("per-cell overhead", _verdict(ok), f"{overhead:+.1f} µs per cell", f"< {CELL_US:g} µs")


def _diagnosis(diag: dict[str, Any]) -> list[Budget]:
    env = diag["env"]
    if "error" in diag:
        return [Budget(f"diagnosis [{env}]", "SKIP", diag["error"], "")]
    spawns = Budget(f"no subprocess [{env}]", _verdict(diag["spawns"] == 0), f"{diag['spawns']} started", "0")
    speedup = diag["process_speedup"]
    if math.isnan(speedup):
        fast = Budget(f">= {SPEEDUP:g}x faster than collect_env [{env}]", "SKIP", "no torch here: collect_env cannot run", "")
    else:
        fast = Budget(
            f">= {SPEEDUP:g}x faster than collect_env [{env}]",
            _verdict(speedup >= SPEEDUP),
            f"{fmt_ratio(speedup)} (CLI {fmt_ms(diag['cli_s']['median'])} vs {fmt_ms(diag['collect_env_s']['median'])};"
            f" CPU time {fmt_ratio(diag['cpu_speedup'])})",
            f">= {SPEEDUP:g}x",
            "cli",
            env,
        )
    missing = diag["missing_needed"]
    if diag["collect_env_spawns"] is None:  # collect_env did not run: nothing to compare with
        fields = Budget(f"collect_env fields that matter [{env}]", "SKIP", "no torch here: collect_env cannot run", "all given")
        return [spawns, fast, fields]
    fields = Budget(
        f"collect_env fields that matter [{env}]",
        _verdict(not missing),
        "all given" if not missing else "missing: " + ", ".join(missing),
        "all given",
    )
    return [spawns, fast, fields]


def _explain(explain: dict[str, Any] | None) -> Budget:
    if not explain or "skipped" in explain or "error" in explain:
        why = (explain or {}).get("skipped") or (explain or {}).get("error") or "not run"
        return Budget("explain per error", "SKIP", why, f"< {EXPLAIN_MS:g} ms")
    worst = explain["max_s"] * 1000
    return Budget(
        "explain per error",
        _verdict(worst < EXPLAIN_MS),
        f"max {worst:.2f} ms, p95 {explain['p95_s'] * 1000:.2f} ms over {explain['errors']} errors",
        f"< {EXPLAIN_MS:g} ms each",
        "explain",
        explain["env"],
    )
