"""Small statistics and number formatting for the benchmark tables.

Medians, not means: on a 2-core machine shared with other work one slow sample is normal,
and a mean would report the neighbour's load instead of ours.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 94 values is the 90th smallest): no interpolation."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(math.ceil(fraction * len(ordered)), 1)
    return ordered[rank - 1]


def summary(values: Sequence[float]) -> dict[str, float]:
    """median, p25, p75, min, max, n of ``values``."""
    return {
        "median": median(values),
        "p25": percentile(values, 0.25),
        "p75": percentile(values, 0.75),
        "min": min(values) if values else math.nan,
        "max": max(values) if values else math.nan,
        "n": len(values),
    }


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator and not math.isnan(denominator) else math.nan


def fmt_ms(seconds: float) -> str:
    if math.isnan(seconds):
        return "-"
    ms = seconds * 1000
    return f"{ms:.2f} ms" if ms < 10 else f"{ms:.0f} ms" if ms >= 100 else f"{ms:.1f} ms"


def fmt_us(microseconds: float) -> str:
    return "-" if math.isnan(microseconds) else f"{microseconds:+.1f} µs" if abs(microseconds) < 100 else f"{microseconds:+.0f} µs"


def fmt_ratio(value: float) -> str:
    if math.isnan(value):
        return "-"
    return f"{value:.3f}x" if value < 0.1 else f"{value:.2f}x" if value < 10 else f"{value:.1f}x"


def fmt_mib(n_bytes: float) -> str:
    return "-" if math.isnan(n_bytes) else f"{n_bytes / 2**20:.1f} MiB"
