"""Render one run's results as Markdown tables (readable as-is in a terminal too)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .budgets import Budget
from .stats import fmt_mib, fmt_ms, fmt_ratio, fmt_us


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[str(c) for c in headers], *[[str(c).replace("|", "\\|") for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def render(results: dict[str, Any], budgets: list[Budget]) -> str:
    parts = [
        _machine(results["machine"]),
        _load(results.get("load")),
        _cells(results.get("cells")),
        *[_diagnosis(d) for d in results.get("diagnosis", [])],
        _fields(results.get("diagnosis", [])),
        _explain(results.get("explain")),
        _budgets(budgets),
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def _machine(machine: dict[str, Any]) -> str:
    rows = [[key, value] for key, value in machine.items()]
    return "### Machine\n\n" + table(["machine", ""], rows)


def _skipped(title: str, section: dict[str, Any] | None) -> str | None:
    if section is None:
        return f"### {title}\n\nnot run"
    reason = section.get("error") or section.get("skipped")
    return f"### {title}\n\nSKIPPED: {reason}" if reason else None


def _load(load: dict[str, Any] | None) -> str:
    title = "1. `%load_ext torchenv_magic` in a fresh process"
    if (skipped := _skipped(title, load)) is not None:
        return skipped
    assert load is not None
    n = load["load_s"]["n"]
    rows = [
        [
            "in-process: `%load_ext` vs starting InteractiveShell",
            fmt_ms(load["load_s"]["median"]),
            fmt_ms(load["shell_s"]["median"]),
            fmt_ratio(load["ratio_to_shell"]),
            n,
        ],
        [
            "whole process: shell + load vs shell alone",
            fmt_ms(load["wall_load_s"]["median"]),
            fmt_ms(load["wall_base_s"]["median"]),
            fmt_ratio(load["wall_ratio"]),
            n,
        ],
        [
            "CPU time (user + sys): shell + load vs shell alone",
            fmt_ms(load["cpu_load_s"]["median"]),
            fmt_ms(load["cpu_base_s"]["median"]),
            fmt_ratio(load["cpu_ratio"]),
            n,
        ],
    ]
    heavy = ", ".join(load["heavy_new"]) or "none"
    return (
        f"### {title} (env `{load['env']}`)\n\n"
        + table(["median", "torchenv_magic", "baseline", "ratio", "n"], rows)
        + f"\n\nHeavy modules imported by the load: **{heavy}** (checked: torch, torchvision, torchaudio, pandas,"
        f" ipywidgets, pynvml, numpy); modules added: {load['new_modules']:.0f}."
    )


def _cells(cells: dict[str, Any] | None) -> str:
    title = "2. Overhead per successful cell (`InteractiveShell.run_cell`)"
    if (skipped := _skipped(title, cells)) is not None:
        return skipped
    assert cells is not None
    rows = [
        [
            "µs per trivial cell",
            f"{cells['with_us']:.1f}",
            f"{cells['without_us']:.1f}",
            fmt_us(cells["overhead_us"]),
            f"{fmt_us(cells['overhead_p25_us'])} .. {fmt_us(cells['overhead_p75_us'])}",
            fmt_ratio(cells["ratio"]),
        ]
    ]
    floor = (
        f"Fastest block: {cells['min_with_us']:.1f} µs loaded vs {cells['min_without_us']:.1f} µs not loaded"
        f" ({fmt_us(cells['min_with_us'] - cells['min_without_us'])})."
    )
    callbacks = ", ".join(f"`{name}` {ns / 1000:.2f} µs" for name, ns in cells["callbacks_ns"].items()) or "none registered"
    return (
        f"### {title} (env `{cells['env']}`, {cells['rounds']} interleaved rounds x {cells['cells_per_block']} cells)\n\n"
        + table(["median", "loaded", "not loaded", "overhead (paired)", "p25 .. p75", "ratio"], rows)
        + f"\n\n{floor} Callbacks the extension registers, cost per call on a successful cell: {callbacks}."
    )


def _diagnosis(diag: dict[str, Any]) -> str:
    torch = diag.get("torch") or "not installed"
    title = f"3/5. Live diagnosis vs `python -m torch.utils.collect_env` (env `{diag['env']}`, torch {torch})"
    if (skipped := _skipped(title, diag)) is not None:
        return skipped
    n, n_ce = diag["cli_s"]["n"], diag["collect_env_cold_s"]["n"]
    rows = [
        [
            "process: `-m torchenv_magic --json` vs `-m torch.utils.collect_env`",
            fmt_ms(diag["cli_s"]["median"]),
            fmt_ms(diag["collect_env_s"]["median"]),
            fmt_ratio(diag["process_speedup"]),
            f"{n} / {diag['collect_env_s']['n']}",
        ],
        [
            "process CPU time (user + sys, with its subprocesses)",
            fmt_ms(diag["cli_cpu_s"]["median"]),
            fmt_ms(diag["collect_env_cpu_s"]["median"]),
            fmt_ratio(diag["cpu_speedup"]),
            f"{n} / {diag['collect_env_s']['n']}",
        ],
        [
            "in-process cold: import + `diagnose()` vs import torch + `get_env_info()`",
            fmt_ms(diag["cold_s"]["median"]),
            fmt_ms(diag["collect_env_cold_s"]["median"]),
            fmt_ratio(diag["cold_speedup"]),
            f"{diag['cold_s']['n']} / {n_ce}",
        ],
        [
            "in-process warm: second call",
            fmt_ms(diag["warm_s"]["median"]),
            fmt_ms(diag["collect_env_warm_s"]["median"]),
            fmt_ratio(diag["warm_speedup"]),
            f"{diag['warm_s']['n']} / {n_ce}",
        ],
        ["subprocesses started (audit hook)", diag["spawns"], _or_dash(diag["collect_env_spawns"]), "", "1 / 1"],
        ["peak memory: tracemalloc", fmt_mib(diag["tracemalloc_peak_bytes"]), "-", "", "1"],
        [
            "peak memory: ru_maxrss delta",
            fmt_mib(diag["maxrss_delta_kib"] * 1024),
            fmt_mib((diag["collect_env_maxrss_delta_kib"] or float("nan")) * 1024),
            "",
            "1 / 1",
        ],
    ]
    notes = [
        f"Findings on this environment: {', '.join(diag['findings']) or 'none'}.",
        f"Probes in the report: {', '.join(diag['facts_probes'])}.",
    ]
    if diag["heavy_present"]:
        notes.append(f"Modules loaded by the diagnosis: {', '.join(diag['heavy_present'])}.")
    if diag["spawn_events"]:
        notes.append("Processes started: " + "; ".join(diag["spawn_events"]) + ".")
    if not diag["api_callable_after_first_call"]:
        notes.append(
            "**Bug:** after the first call `torchenv_magic.diagnose` is the submodule, not the function"
            " (a second `torchenv_magic.diagnose()` raises TypeError)."
        )
    return f"### {title}\n\n" + table(["median", "torchenv_magic", "collect_env", "speed-up", "n"], rows) + "\n\n" + " ".join(notes)


def _or_dash(value: Any) -> Any:
    return "-" if value is None else value


def _fields(diagnoses: list[dict[str, Any]]) -> str:
    runs = [d for d in diagnoses if "fields" in d]
    if not runs:
        return ""
    headers = ["collect_env field", "matters", *[f"`{d['env']}`" for d in runs], "our JSON path", "why it matters (or not)"]
    rows = []
    for index, row in enumerate(runs[0]["fields"]):
        statuses = [d["fields"][index]["status"] for d in runs]
        path = next((d["fields"][index]["path"] for d in runs if d["fields"][index]["path"]), None)
        rows.append([row["field"], "yes" if row["matters"] else "no", *statuses, f"`{path}`" if path else "not given", row["why"]])
    return (
        "### collect_env's 26 fields in our report\n\n"
        "`given`: our report has it; `n/a`: collect_env collected nothing for it here either;"
        " `not given`: collect_env has a value and we do not; `absent`: not in our report, and collect_env could"
        " not run there (no torch).\n\n" + table(headers, rows)
    )


def _explain(explain: dict[str, Any] | None) -> str:
    title = "4. `explain` on the real-error corpus (tests/corpus)"
    if (skipped := _skipped(title, explain)) is not None:
        return skipped
    assert explain is not None
    rows = [
        [
            fmt_ms(explain["median_s"]),
            fmt_ms(explain["p95_s"]),
            fmt_ms(explain["max_s"]),
            fmt_ms(explain["first_call_s"]),
            f"{explain['top1_agrees']}/{explain['errors']}",
        ]
    ]
    note = (
        f"Per error: median of {explain['repeats']} calls, one in each pass over the corpus;"
        f" slowest: `{explain['slowest']}`. First call includes importing the explainer."
    )
    if explain.get("api_callable_after_first_call") is False:
        note += " **Bug:** after the first call `torchenv_magic.explain` is the submodule, not the function."
    return (
        f"### {title} (env `{explain['env']}`, {explain['errors']} errors)\n\n"
        + table(["median", "p95", "max", "first call", "top finding = expected cause"], rows)
        + "\n\n"
        + note
    )


def _budgets(budgets: list[Budget]) -> str:
    rows = [[b.status, b.name, b.measured, b.limit] for b in budgets]
    return "### Budgets\n\n" + table(["", "budget", "measured", "limit"], rows)
