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

__all__ = ["wilson_interval", "TargetCheck", "assess_target", "target_statistic",
           "chunked_quantiles"]

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


# -- exact quantiles of paths seen chunk by chunk ---------------------------------------------
#: Most values gathered for one order statistic; a wider bracket is narrowed first.
SELECT_MAX_GATHER = 1 << 20
#: Half-width of the pilot's bracket around an order statistic, in standard deviations.
_PILOT_SDS = 6.0
#: Sub-intervals of a bracket narrowed by a counting pass, and the most such passes.
_SPLIT, _MAX_NARROWING = 4096, 40


def _linear_positions(n: int, q: np.ndarray):
    """numpy's ``method="linear"`` positions: (previous rank, next rank, gamma).

    The same arithmetic as ``numpy.quantile`` (virtual index ``(n - 1) q``; an index
    above the last is taken as -1 when gamma is formed), so that interpolating the same
    order statistics gives the same bits.
    """
    vi = (n - 1) * q
    prev = np.floor(vi)
    above, below = vi >= n - 1, vi < 0
    lo = np.where(above, n - 1, np.where(below, 0, prev)).astype(np.int64)
    hi = np.where(above, n - 1, np.where(below, 0, prev + 1)).astype(np.int64)
    return lo, hi, vi - np.where(above, -1.0, np.where(below, 0.0, prev))


def _lerp(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """numpy's quantile interpolation, with the same operations."""
    diff = b - a
    return np.where(t >= 0.5, b - diff * (1 - t), a + diff * t)


def _inside(x: np.ndarray, lo: float | None, hi: float | None) -> np.ndarray:
    """Values strictly between two edges; None is no edge (that side is unbounded)."""
    mask = np.ones(x.shape, dtype=bool) if lo is None else x > lo
    return mask if hi is None else mask & (x < hi)


def _split(lo: float | None, hi: float | None, low: float, high: float) -> np.ndarray:
    """Edges that cut (lo, hi) finely within the column's finite range [low, high].

    A missing edge becomes an edge at -inf or inf, so that infinities are counted.
    """
    a = low if lo is None else max(lo, low)
    b = high if hi is None else min(hi, high)
    ends = [e for e, none in ((-np.inf, lo is None), (np.inf, hi is None)) if none]
    if not (np.isfinite(a) and np.isfinite(b) and a < b):
        return np.array([*ends, *(e for e in (a, b) if np.isfinite(e))])
    t = np.linspace(0.0, 1.0, _SPLIT + 1)
    cut = a + (b - a) * t if np.isfinite(b - a) else 2 * (a / 2 + (b / 2 - a / 2) * t)
    return np.concatenate([ends, cut])


def chunked_quantiles(chunks, n: int, q) -> np.ndarray:
    """``numpy.quantile(data, q, axis=0)`` of data seen only chunk by chunk, exactly.

    Parameters
    ----------
    chunks : callable
        ``chunks()`` returns a fresh iterator over the rows of ``data`` (n, k) in
        consecutive 2-D arrays (m, k); it is called once per pass.
    n : int
        The number of rows.
    q : sequence of float
        Probabilities.

    Returns
    -------
    numpy.ndarray
        Shape (len(q), k): the numbers ``numpy.quantile`` (method "linear") gives on the
        whole array, NaN for a column holding NaN.

    Notes
    -----
    A selection in two passes, in memory bounded by the chunk size. The first chunk (the
    pilot) brackets each order statistic needed between pilot values six standard
    errors either side; a counting pass places it exactly, on a pilot value or between
    two neighbouring ones; a last pass gathers the values strictly between those two
    and selects the one needed. A bracket holding more than :data:`SELECT_MAX_GATHER`
    values (a pilot far off, or tens of billions of paths) is first narrowed by further
    counting passes.
    """
    q = np.asarray(q, dtype=float)
    lo_rank, hi_rank, gamma = _linear_positions(n, q)
    ranks = np.unique(np.concatenate([lo_rank, hi_rank]))
    rest = iter(chunks())
    pilot = next(rest)
    m0, k = pilot.shape
    p = ranks / max(n - 1, 1)
    half = _PILOT_SDS * np.sqrt(m0 * p * (1 - p)) + 8
    first = np.clip(np.floor(p * (m0 - 1) - half), 0, m0 - 1).astype(np.int64)
    last = np.clip(np.ceil(p * (m0 - 1) + half), 0, m0 - 1).astype(np.int64)
    window = np.unique(np.concatenate([np.arange(a, b + 1) for a, b in zip(first, last)]))
    edges = {j: np.unique(np.sort(pilot[:, j])[window]) for j in range(k)}
    pending = {j: ranks for j in range(k)}
    value: dict[tuple[int, int], float] = {}
    gather: dict[int, dict] = {}  # column -> {(lo, hi): [(rank, offset among them)]}
    nan_cols: set[int] = set()
    for attempt in range(_MAX_NARROWING + 1):
        if not edges:
            break
        lt = {j: np.zeros(len(e), dtype=np.int64) for j, e in edges.items()}
        le = {j: np.zeros(len(e), dtype=np.int64) for j, e in edges.items()}
        low = dict.fromkeys(edges, np.inf)
        high = dict.fromkeys(edges, -np.inf)
        for chunk in (_prepend(pilot, rest) if pilot is not None else chunks()):
            for j, e in edges.items():
                x = np.sort(chunk[:, j])
                if np.isnan(x[-1]):
                    nan_cols.add(j)
                fin = x[np.isfinite(x)]
                if len(fin):
                    low[j], high[j] = min(low[j], fin[0]), max(high[j], fin[-1])
                lt[j] += np.searchsorted(x, e, "left")
                le[j] += np.searchsorted(x, e, "right")
        pilot = None
        narrow: dict[int, list] = {}
        for j, e in edges.items():
            if j in nan_cols:
                continue
            for r in pending[j]:
                i = int(np.searchsorted(le[j], r, "right"))  # le[i-1] <= r < le[i]
                if i < len(e) and lt[j][i] <= r:
                    value[(j, int(r))] = float(e[i])  # the value equals edge i
                    continue
                # r lies strictly between edges i - 1 and i (None: no edge that side)
                below = int(le[j][i - 1]) if i else 0
                lo = float(e[i - 1]) if i else None
                hi = float(e[i]) if i < len(e) else None
                count = (int(lt[j][i]) if i < len(e) else n) - below
                if count > SELECT_MAX_GATHER and attempt < _MAX_NARROWING:
                    narrow.setdefault(j, []).append((r, lo, hi))
                else:
                    gather.setdefault(j, {}).setdefault((lo, hi), []).append(
                        (int(r), int(r) - below))
        edges = {j: np.unique(np.concatenate([_split(lo, hi, low[j], high[j])
                                              for _, lo, hi in items]))
                 for j, items in narrow.items()}
        pending = {j: [r for r, _, _ in items] for j, items in narrow.items()}
    gather = {j: bins for j, bins in gather.items() if j not in nan_cols}
    if gather:
        parts = {(j, b): [] for j, bins in gather.items() for b in bins}
        for chunk in chunks():
            for j, bins in gather.items():
                x = chunk[:, j]
                for b in bins:
                    parts[(j, b)].append(x[_inside(x, *b)])
        for j, bins in gather.items():
            for b, wanted in bins.items():
                vals = np.concatenate(parts.pop((j, b)))
                for r, off in wanted:
                    value[(j, r)] = float(np.partition(vals, off)[off])
    out = np.full((len(q), k), np.nan)
    for j in set(range(k)) - nan_cols:
        a = np.array([value[(j, int(r))] for r in lo_rank])
        b = np.array([value[(j, int(r))] for r in hi_rank])
        out[:, j] = _lerp(a, b, gamma)
    return out


def _prepend(first, rest):
    yield first
    yield from rest
