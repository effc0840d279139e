"""Summaries of simulated paths: target statistics, probabilities and their errors.

Pure functions; :class:`~hpforecast.results.Simulation` calls them chunk by chunk.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .data import MERGER_YEAR, _embedded_history, preferred_value
from .targets import GROWTH_OF, Target

__all__ = ["wilson_interval", "TargetCheck", "assess_target", "target_statistic"]

Z95 = 1.959963984540054
#: Growth series whose product chains a level's growth through recorded years.
_GROWTH_SERIES = {level: growth for growth, level in GROWTH_OF.items()}


def wilson_interval(p: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion ``p`` observed on ``n`` trials.

    ``(p + z²/2n ± z sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n)``

    Examples
    --------
    >>> from hpforecast.analysis import wilson_interval
    >>> [round(x, 4) for x in wilson_interval(0.5, 100)]
    [0.4038, 0.5962]
    """
    if n <= 0 or not math.isfinite(n):
        return (math.nan, math.nan)
    denom = 1 + z * z / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(max(p * (1 - p) / n + z * z / (4 * n * n), 0.0))
    lo, hi = (centre - half) / denom, (centre + half) / denom
    # Rounding can put the bound a hair inside p at p = 0 or 1; the interval contains p.
    return (max(0.0, min(lo, p)), min(1.0, max(hi, p)))


@dataclass
class TargetCheck:
    """Whether a target can be evaluated on a simulation, and the recorded parts it needs."""

    target: Target
    ok: bool
    reason: str = ""
    base_year: int = 0
    warning: str = ""
    hist_factor: float | None = None      # average growth: recorded growth factor start→base
    hist_sum: float | None = None         # cumulative: recorded part of the sum
    hist_value: float | None = None       # a target entirely in the past
    notes: list = field(default_factory=list)


def _spliced_growth(year: int, history: pd.DataFrame, indicator: str) -> float | None:
    bnd = "old_city" if year < MERGER_YEAR else "merged_city"
    return preferred_value(indicator, year, bnd, history)


def assess_target(target: Target, *, base_year: int, end_year: int, boundary: str,
                  indicators: tuple[str, ...], history: pd.DataFrame | None) -> TargetCheck:
    """Decide whether ``target`` can be evaluated and gather its recorded part."""
    hist = _embedded_history() if history is None else history
    t = target
    if not t.evaluable:
        return TargetCheck(t, False, t.reason or "marked not evaluable")
    if t.year > end_year:
        return TargetCheck(t, False, f"target year {t.year} is after the simulation's end "
                                     f"year {end_year}")
    first_needed = min(t.years_needed)
    if t.indicator not in indicators and t.year >= base_year:
        return TargetCheck(t, False, f"the scenario has no assumption that drives "
                                     f"{t.indicator!r}")
    warning = ""
    if t.boundary and t.boundary != boundary:
        warning = f"set for {t.boundary}, evaluated on {boundary} paths"
    check = TargetCheck(t, True, warning=warning, base_year=base_year)

    if t.year < base_year:  # entirely recorded
        if t.measure == "level":
            val = preferred_value(t.indicator, t.year, t.boundary or boundary, hist)
        elif t.measure == "average_growth":
            fac = _hist_factor(t.indicator, t.start, t.year, t.boundary or boundary, hist)
            val = None if fac is None else fac ** (1 / (t.year - t.start)) - 1
        else:
            vals = [preferred_value(t.indicator, y, t.boundary or boundary, hist)
                    for y in range(t.start, t.year + 1)]
            val = None if any(v is None for v in vals) else float(sum(vals))
        if val is None:
            return TargetCheck(t, False, f"target year {t.year} is before the simulated "
                                         f"years and the history lacks the values needed")
        check.hist_value = val
        check.notes.append("recorded outcome")
        return check

    if first_needed < base_year:
        if t.measure == "average_growth":
            fac = _hist_factor(t.indicator, t.start, base_year, boundary, hist)
            if fac is None:
                return TargetCheck(t, False, f"the history lacks {t.indicator!r} growth for "
                                             f"{t.start + 1}–{base_year}")
            check.hist_factor = fac
            check.notes.append(f"{t.start + 1}–{base_year} from the record")
        elif t.measure == "cumulative":
            # Recorded years before the merger are the old city's, as for growth rates.
            vals = [preferred_value(t.indicator, y,
                                "old_city" if y < MERGER_YEAR else boundary, hist)
                    for y in range(t.start, base_year)]
            if any(v is None for v in vals):
                return TargetCheck(t, False, f"the history lacks {t.indicator!r} for some of "
                                             f"{t.start}–{base_year - 1}")
            check.hist_sum = float(sum(vals))
            check.notes.append(f"{t.start}–{base_year - 1} from the record"
                               + (" (old city before 2025)" if t.start < MERGER_YEAR
                                  and boundary != "old_city" else ""))
        else:  # pragma: no cover - a level target reads one year
            pass
    return check


def _hist_factor(indicator: str, start: int, end: int, boundary: str,
                 hist: pd.DataFrame) -> float | None:
    """Recorded growth factor level_end / level_start, chaining growth rates if needed."""
    series = _GROWTH_SERIES.get(indicator)
    if series is not None:
        fac = 1.0
        for y in range(start + 1, end + 1):
            g = _spliced_growth(y, hist, series)
            if g is None:
                break
            fac *= 1 + g
        else:
            return fac
    a = preferred_value(indicator, start, boundary, hist)
    b = preferred_value(indicator, end, boundary, hist)
    if a is None or b is None or a <= 0:
        return None
    return b / a


def target_statistic(check: TargetCheck, level_at) -> np.ndarray:
    """Per-path value of the target's statistic; ``level_at(year)`` gives simulated levels."""
    t = check.target
    if check.hist_value is not None:
        return np.asarray(check.hist_value)
    if t.measure == "average_growth" and check.hist_factor is not None:
        ratio = check.hist_factor * level_at(t.year) / level_at(check.base_year)
        return ratio ** (1.0 / (t.year - t.start)) - 1.0
    if t.measure == "cumulative" and check.hist_sum is not None:
        total = check.hist_sum
        for y in range(check.base_year, t.year + 1):
            total = total + level_at(y)
        return total
    return t.statistic(level_at)
