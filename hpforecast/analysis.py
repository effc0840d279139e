"""Summaries of simulated paths: target statistics, probabilities and their errors.

Pure functions; :class:`~hpforecast.Simulation` calls them chunk by chunk.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .data import embedded_history, boundary_for, preferred_value
from .targets import GROWTH_OF, Target

__all__ = ["wilson_interval", "TargetCheck", "assess_target", "target_statistic",
           "sampling_units", "mean_and_se", "chunked_quantiles"]

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
    scale: float = 1.0                    # simulated level × scale = the target boundary's
    notes: list = field(default_factory=list)
    fallbacks: list = field(default_factory=list)  # recorded years read from another boundary


def _years_text(years) -> str:
    years = sorted(years)
    return f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _pct(x: float) -> str:
    return f"{100 * x:.2f} %"


def _boundary_scale(t: Target, boundary: str, base_year: int, ratio, hist: pd.DataFrame
                    ) -> tuple[float | None, str]:
    """The factor taking the simulated boundary's level to the target's, and how.

    ``ratio``: None (not scored), ``"record"`` (the ratio of the two boundaries' values of
    the target's indicator in the latest year both are recorded, up to the base year) or
    a dict indicator → ratio.
    """
    if ratio is None:
        return None, ""
    if isinstance(ratio, str):
        for y in range(base_year, base_year - 30, -1):
            a = preferred_value(t.indicator, y, t.boundary, hist)
            b = preferred_value(t.indicator, y, boundary, hist)
            if a is not None and b is not None and b > 0:
                f = a / b
                return f, (f"scored as {boundary} paths × {f:.3f}, the {t.boundary} ÷ "
                           f"{boundary} ratio of {t.indicator} in {y} (from the record)")
        return None, (f"the record has no year with {t.indicator!r} for both {t.boundary} "
                      f"and {boundary}, so boundary_ratio='record' cannot scale it")
    if t.indicator not in ratio:
        return None, ""
    f = float(ratio[t.indicator])
    return f, (f"scored as {boundary} paths × {f:g}, the {t.boundary} ÷ {boundary} ratio "
               f"given in boundary_ratio")


def assess_target(target: Target, *, base_year: int, end_year: int, boundary: str,
                  indicators: tuple[str, ...], history: pd.DataFrame | None,
                  assumed_bases: Mapping[str, float] | None = None,
                  inputs_of=None, boundary_ratio=None, missing_of=None,
                  unknown_bases=None) -> TargetCheck:
    """Decide whether ``target`` can be evaluated and gather its recorded part.

    Parameters
    ----------
    assumed_bases : dict, optional
        Drivers whose base-year level is an assumption of the scenario (``base_values``),
        not a record, with the value assumed.
    inputs_of : callable, optional
        indicator → the drivers it is computed from (for the assumed-base check).
    unknown_bases : collection, optional
        Drivers with no base-year level (a Level with no recorded value).
    missing_of : callable, optional
        indicator → the drivers the scenario lacks to compute it (named in the reason).
    boundary_ratio : None, "record" or dict
        The opt-in that scores a level, share or sum target set for another boundary
        than the simulation's (see :meth:`hpforecast.Simulation.probability`).
    """
    hist = embedded_history() if history is None else history
    t = target
    if not t.evaluable:
        return TargetCheck(t, False, t.reason or "marked not evaluable")
    if t.year > end_year:
        return TargetCheck(t, False, f"target year {t.year} is after the simulation's end "
                                     f"year {end_year}")
    first_needed = min(t.years_needed)
    if t.indicator not in indicators and t.year >= base_year:
        missing = missing_of(t.indicator) if missing_of is not None else ()
        need = (f"; it needs {' and '.join(missing)}" if missing
                and tuple(missing) != (t.indicator,) else "")
        return TargetCheck(t, False, f"the scenario has no assumption that drives "
                                     f"{t.indicator!r}{need}")
    own = t.boundary or boundary
    warning, scale, notes = "", 1.0, []
    if t.boundary and t.boundary != boundary:
        if t.measure == "average_growth":
            warning = f"set for {t.boundary}, evaluated on {boundary} paths"
        elif t.year >= base_year:
            f, how = _boundary_scale(t, boundary, base_year, boundary_ratio, hist)
            if f is None:
                return TargetCheck(t, False, how or (
                    f"set for {t.boundary}, while the simulation is of {boundary}: levels, "
                    f"shares and sums do not carry across a boundary change (opt in with "
                    f"boundary_ratio=... to score it on scaled paths)"))
            scale = f
            notes.append(how)
    check = TargetCheck(t, True, warning=warning, base_year=base_year, scale=scale,
                        notes=notes)

    if t.year < base_year:  # entirely recorded
        if t.measure == "level":
            val = preferred_value(t.indicator, t.year, own, hist)
        elif t.measure == "average_growth":
            fac = _recorded_factor(check, t.indicator, t.start, t.year, own, hist)
            val = None if fac is None else fac ** (1 / (t.year - t.start)) - 1
        else:
            vals = [preferred_value(t.indicator, y, own, hist)
                    for y in range(t.start, t.year + 1)]
            val = None if any(v is None for v in vals) else float(sum(vals))
        if val is None:
            return TargetCheck(t, False, f"target year {t.year} is before the simulated "
                                         f"years and the history lacks the values needed")
        check.hist_value = val
        check.notes.append("recorded outcome")
        return check

    unknown = [d for d in (inputs_of(t.indicator) if inputs_of else (t.indicator,))
               if d in (unknown_bases or ())]
    if unknown and (base_year in t.years_needed or t.measure == "average_growth"):
        return TargetCheck(t, False, f"the scenario has no {base_year} value of "
                                     f"{', '.join(unknown)} (none recorded; give "
                                     f"base_values=...), which this target reads")
    assumed = _assumed_inputs(t.indicator, assumed_bases, inputs_of)
    if assumed and base_year in t.years_needed and t.measure != "average_growth":
        what = ", ".join(f"{d} = {v:g}" for d, v in assumed.items())
        if t.measure == "level":
            return TargetCheck(t, False, f"its {base_year} value is assumed by the scenario "
                                         f"(base_values: {what}), not recorded")
        check.notes.append(f"the {base_year} value is assumed (base_values: {what}), not "
                           "recorded")

    if first_needed < base_year:
        if t.measure == "average_growth":
            fac = _recorded_factor(check, t.indicator, t.start, base_year, own, hist)
            if fac is None:
                return TargetCheck(t, False, f"the history lacks {t.indicator!r} growth for "
                                             f"{t.start + 1}–{base_year}")
            check.hist_factor = fac
        elif t.measure == "cumulative":
            years = range(t.start, base_year)
            vals = {y: preferred_value(t.indicator, y, own, hist) for y in years}
            missing = [y for y, v in vals.items() if v is None]
            if missing:
                return TargetCheck(t, False, f"the history lacks {t.indicator!r} for {own} "
                                             f"in {', '.join(map(str, missing))}")
            check.hist_sum = float(sum(vals.values()))
            check.notes.append(f"{_years_text(years)} from the {own} record")
        else:  # pragma: no cover - a level target reads one year
            pass
    return check


def _assumed_inputs(indicator: str, assumed_bases, inputs_of) -> dict:
    if not assumed_bases:
        return {}
    drivers = inputs_of(indicator) if inputs_of is not None else (indicator,)
    return {d: assumed_bases[d] for d in drivers if d in assumed_bases}


def _recorded_factor(check: TargetCheck, indicator: str, start: int, end: int,
                     boundary: str, hist: pd.DataFrame) -> float | None:
    """Recorded growth factor level_end / level_start, for the target's own boundary.

    In order: the preferred period figure for exactly the window (the official average
    growth ``start + 1``–``end``); the annual growth rates of that boundary, a year the
    boundary lacks being read from the spliced record (old city before 2025, merged city
    after) and listed in ``check.fallbacks``; the ratio of recorded levels. Appends a note
    saying which was used.
    """
    years = range(start + 1, end + 1)
    series = _GROWTH_SERIES.get(indicator)
    if series is not None:
        g = preferred_value(series, end, boundary, hist, start_year=start + 1)
        if g is not None:
            check.notes.append(f"{_years_text(years)} from the record: the official period "
                               f"figure {_pct(g)} a year ({boundary})")
            return (1 + g) ** len(years)
        fac, used = 1.0, {}
        for y in years:
            v = preferred_value(series, y, boundary, hist)
            src = boundary
            if v is None:
                src = boundary_for(y)
                v = preferred_value(series, y, src, hist)
            if v is None:
                break
            fac *= 1 + v
            used.setdefault(src, []).append(y)
        else:
            parts = [f"{_years_text(ys)} {b}" for b, ys in used.items()]
            check.notes.append(f"{_years_text(years)} from the record ("
                               + ", ".join(parts) + " growth)")
            other = {b: ys for b, ys in used.items() if b != boundary}
            for b, ys in other.items():
                check.fallbacks.append(f"no {boundary} growth for {_years_text(ys)}: the "
                                       f"{b} figure is used")
            return fac
    a = preferred_value(indicator, start, boundary, hist)
    b = preferred_value(indicator, end, boundary, hist)
    if a is None or b is None or a <= 0:
        return None
    check.notes.append(f"{_years_text(years)} from recorded {boundary} levels")
    return b / a


def target_statistic(check: TargetCheck, level_at) -> np.ndarray:
    """Per-path value of the target's statistic; ``level_at(year)`` gives simulated levels."""
    t = check.target
    if check.hist_value is not None:
        return np.asarray(check.hist_value)
    if check.scale != 1.0:
        unscaled = level_at
        level_at = lambda y: check.scale * unscaled(y)  # noqa: E731
    if t.measure == "average_growth" and check.hist_factor is not None:
        ratio = check.hist_factor * level_at(t.year) / level_at(check.base_year)
        return ratio ** (1.0 / (t.year - t.start)) - 1.0
    if t.measure == "cumulative" and check.hist_sum is not None:
        total = check.hist_sum
        for y in range(check.base_year, t.year + 1):
            total = total + level_at(y)
        return total
    return t.statistic(level_at)


def sampling_units(n: int, sampler: str, block: int) -> np.ndarray:
    """The independent sampling unit of each path, for standard errors: shape (n,).

    Plain Monte Carlo: every path. Antithetic: the pair ``(i, i + m/2)`` within each
    block of ``block`` paths (``m`` the block's size). Sobol: each complete block (an
    independent scramble); paths of an incomplete last block get unit −1 (left out of
    error estimates, as in the probability's own standard error).
    """
    idx = np.arange(n)
    if sampler == "mc":
        return idx
    b, pos = np.divmod(idx, block)
    if sampler == "sobol":
        full = n // block
        return np.where(b < full, b, -1)
    size = np.minimum(block, n - b * block)       # paths in each path's block
    half = size // 2
    return b * (block // 2) + np.where(pos < half, pos, pos - half)


def mean_and_se(values: np.ndarray, units: np.ndarray) -> tuple[float, float]:
    """Mean of ``values`` and its standard error from the spread of unit means.

    ``units`` from :func:`sampling_units`; NaN when fewer than two units.
    """
    values = np.asarray(values, dtype=float)
    mean = float(values.mean())
    keep = units >= 0
    ids, inv = np.unique(units[keep], return_inverse=True)
    if len(ids) < 2:
        return mean, math.nan
    sums = np.bincount(inv, weights=values[keep])
    counts = np.bincount(inv)
    unit_means = sums / counts
    return mean, float(unit_means.std(ddof=1) / math.sqrt(len(ids)))


def batch_se(stat_fn, units: np.ndarray, n_batches: int = 20) -> float:
    """Standard error of a statistic by batch means over groups of sampling units.

    ``stat_fn(mask)`` computes the statistic on the paths selected by a boolean mask;
    the units are split into up to ``n_batches`` contiguous groups. NaN with fewer than
    two groups.
    """
    ids = np.unique(units[units >= 0])
    k = min(n_batches, len(ids))
    if k < 2:
        return math.nan
    group = np.full(units.shape, -1)
    pos = np.searchsorted(ids, units)
    ok = units >= 0
    group[ok] = pos[ok] * k // len(ids)
    vals = np.array([stat_fn(group == g) for g in range(k)])
    return float(vals.std(ddof=1) / math.sqrt(k))


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
