"""Calibrate scenarios from the record with statsmodels, and measure how realistic plans are.

This is the only module that imports statsmodels, and it does so inside the functions that
need it, so ``import hpforecast`` stays light.

- :func:`calibrate` fits a model of yearly growth — ``"iid"`` (mean and sample sd),
  ``"ar1"`` (statsmodels ``ARIMA(1, 0, 0)``) or ``"var"`` (statsmodels ``VAR(1)``) — to
  the embedded history, your own history table, a wide year × indicator table or a plain
  Series of annual levels, and turns the fit into a :class:`~hpforecast.Scenario` with
  :meth:`Calibration.scenario`.
- :func:`fit_buoyancy` estimates revenue buoyancy by OLS of revenue growth on nominal
  GRDP growth, usable as the scenario's revenue link.
- :func:`plan_realism` gives the distribution of outcome − plan gaps (the optimism bias
  and the plan's uncertainty) used by :func:`hpforecast.scenarios.plan_adjusted`.

What is exact and what is approximate
-------------------------------------
A :class:`~hpforecast.Scenario` has one marginal per driver and year, a Gaussian copula
across drivers and AR(1)-type dependence of each driver's normal scores along the years.

* ``iid`` without parameter uncertainty: exact (Normal(mean, sd) each year, independent).
* ``ar1`` without parameter uncertainty, one indicator: exact. Year ``h`` after the last
  observation ``g_T`` is Normal(m_h, s_h) with ``m_h = mu + phi^h (g_T - mu)``,
  ``s_h = sigma sqrt((1 - phi^(2h)) / (1 - phi^2))`` and the persistence into year
  ``h + 1`` is ``phi s_h / s_(h+1)``: the joint distribution of the scenario's yearly
  growth is that of statsmodels' forecast paths.
* ``var`` without parameter uncertainty: each year's marginal is exact; the same-year
  correlation is that of the residuals (exact in the first simulated year only); each
  driver's persistence is chosen so that the variance of its cumulative growth (sum of
  yearly growth) matches the VAR's at every horizon. Cross-lag effects beyond that are
  not represented.
* With parameter uncertainty (the default) the parameters are drawn per path from their
  estimated sampling distribution (below) and the predictive paths simulated directly
  (:meth:`Calibration.predictive_paths`). A scenario cannot hold per-path parameters,
  so :meth:`Calibration.scenario` summarises those paths: each year's marginal is a
  Student t (or a Normal when the tails are normal) matching the predictive median and
  its 10–90 % and 2.5–97.5 % ranges; the persistence into each year is chosen so that
  the 10–90 % band of cumulative growth (the level relative to the base year) matches
  the predictive paths at every horizon. The Gaussian copula cannot carry the tail
  dependence that shared parameter draws create, so the outer quantiles are
  approximate: with the default 4000 draws, the 5–95 % quantiles of 5-year cumulative
  growth agree with the direct simulation to about 3 % of their range for ``iid`` and
  ``ar1`` and about 6 % for a VAR fitted to a few years (tested with 4 % and 8 %).

Parameter draws: ``iid`` — sigma² ~ s² ν / χ²_ν (ν = n − 1), mean ~ N(ȳ, sigma² / n),
the Normal–inverse-χ² posterior, whose one-year predictive is Student t with n − 1
degrees of freedom; ``ar1`` — sigma² ~ s² ν / χ²_ν (s² = SSR / ν, ν = n − 2) and
(mu, phi) ~ N(estimate, covariance from statsmodels × sigma² / s²), redrawn while
|phi| ≥ 0.999 (up to 200 times; a draw still outside is clipped to ±0.999); ``var`` —
Σ ~ inverse Wishart(ν, SSR), ν = T − K − 1 (held at its estimate when ν < K + 2),
coefficients ~ matrix normal(estimate, (X'X)⁻¹, Σ), redrawn while an eigenvalue of A is
≥ 0.999 in modulus (up to 200 times; a draw still outside takes the point estimate).
A VAR needs at least 2K + 2 growth points for K indicators, so that the residual
covariance (T − 1 − K ≥ K degrees of freedom, T = points − 1) is non-singular.
"""

from __future__ import annotations

import difflib
import math
import numbers
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
from scipy import special  # scipy.stats and optimize are imported where used (slow)

from . import _validation as V
from .data import (HISTORY_COLUMNS, MERGER_YEAR, _catalogue, _embedded_history,
                   plan_record, read_history)
from .distributions import Normal, StudentT
from .scenario import DRIVERS, Scenario

__all__ = ["calibrate", "Calibration", "fit_buoyancy", "Buoyancy", "plan_realism",
           "PlanRealism", "MODELS"]

#: Models offered by :func:`calibrate`.
MODELS = ("iid", "ar1", "var")
#: Recorded growth series of the engine's drivers.
GROWTH_SERIES = {"grdp_real": "grdp_growth_real", "budget_revenue": "budget_revenue_growth",
                 "budget_revenue_domestic": "budget_revenue_domestic_growth",
                 "grdp_deflator": "gdp_deflator_growth"}
_DRIVER_OF_GROWTH = {g: d for d, g in GROWTH_SERIES.items()}
#: Where a driver's levels are found in the history: driver -> (indicator, boundary).
_LEVELS_FROM = {"national_gdp_nominal": ("grdp_nominal", "vietnam")}
#: Fewest growth points a model can be fitted to, and the fewest for a reliable fit.
_MIN_POINTS = {"iid": 2, "ar1": 4}
_ADVISED_POINTS = {"iid": 8, "ar1": 15}
#: Coverage of the band reported by the summary.
_BAND = (0.10, 0.90)


# ============================================================================ data


def _years_of(index: pd.Index, what: str) -> np.ndarray:
    """Integer years of an annual index; ValueError for anything else."""
    if isinstance(index, pd.DatetimeIndex):
        years = index.year.to_numpy()
    elif isinstance(index, pd.PeriodIndex):
        if not str(index.freqstr).upper().startswith(("Y", "A")):
            raise ValueError(f"{what} must be annual, indexed by year; got a PeriodIndex "
                             f"with frequency {index.freqstr!r}. Aggregate to years first, "
                             "e.g. series.groupby(series.index.year).sum().")
        years = index.year.to_numpy()
    else:
        vals = np.asarray(index)
        if vals.dtype.kind not in "iuf" or (vals.dtype.kind == "f"
                                            and not np.all(np.mod(vals, 1) == 0)):
            raise ValueError(f"{what} must be indexed by year (integers like 2017); got an "
                             f"index of {index.dtype} starting {list(index[:3])!r}.")
        years = vals.astype(int)
    if len(np.unique(years)) != len(years):
        dup = pd.Series(years).value_counts()
        dup = dup[dup > 1]
        raise ValueError(f"{what} must be annual, one value per year; got {int(dup.iloc[0])} "
                         f"values in {int(dup.index[0])}. Aggregate to years first, e.g. "
                         "series.groupby(series.index.year).sum().")
    if len(years) and (years.min() < 1000 or years.max() > 3000):
        raise ValueError(f"{what} must be indexed by calendar year; got years from "
                         f"{years.min()} to {years.max()}.")
    return years


def _growth_from_levels(levels: pd.Series, skip: Sequence[int] = ()) -> pd.Series:
    """Growth between consecutive recorded years (levels indexed by int year)."""
    lv = levels.dropna().sort_index()
    out = {int(y): float(lv[y] / lv[y - 1] - 1.0) for y in lv.index
           if y - 1 in lv.index and y not in skip}
    return pd.Series(out, dtype=float)


def _check_levels(levels: pd.Series, what: str, *, allow_nan: bool) -> None:
    vals = levels.to_numpy(dtype=float)
    if not allow_nan and np.isnan(vals).any():
        bad = levels.index[np.isnan(vals)]
        raise ValueError(f"{what} has missing values in {', '.join(map(str, bad[:5]))}; "
                         "drop or fill them first.")
    bad = levels.index[(vals <= 0) | np.isinf(vals)]
    if len(bad):
        raise ValueError(f"{what} must hold positive annual levels; got "
                         f"{float(levels[bad[0]])!r} in {bad[0]}. Growth rates are computed from "
                         "levels; give a wide table with a growth column instead if your "
                         "series is already growth.")


def _driver_of(name: str) -> str | None:
    if name in DRIVERS:
        return name
    return _DRIVER_OF_GROWTH.get(name)


@dataclass(frozen=True)
class _Series:
    """One indicator's yearly growth as used for a fit."""

    name: str
    driver: str | None
    growth: pd.Series          # int year -> growth (fraction), sorted
    levels: pd.Series          # int year -> level (may be empty)
    source: str


def _spliced_boundary(year: int) -> str:
    return "old_city" if year < MERGER_YEAR else "merged_city"


def _history_series(hist: pd.DataFrame, name: str, boundary: str) -> _Series:
    cat = _catalogue()
    driver = _driver_of(name)
    annual = hist[hist["preferred"] & hist["start_year"].isna() & hist["kind"].ne("plan")]
    have = set(annual["indicator"])
    if name not in cat.index and driver is None:
        known = sorted({d for d in DRIVERS} | set(_DRIVER_OF_GROWTH))
        raise ValueError(f"indicators: {name!r} is not a known indicator. Known indicators: "
                         f"{', '.join(known)}.")
    if name in cat.index and cat.at[name, "measure"] == "growth":
        growth_ind = name
    else:
        growth_ind = GROWTH_SERIES.get(driver) if driver else None
    level_name = driver or name
    if level_name in _LEVELS_FROM:
        level_ind, level_bnd = _LEVELS_FROM[level_name]
    elif level_name in cat.index and cat.at[level_name, "measure"] != "growth":
        level_ind, level_bnd = level_name, None
    else:
        level_ind, level_bnd = None, None
    used = [i for i in (growth_ind, level_ind) if i is not None and i in have]
    if not used:
        raise ValueError(f"indicators: the history has no annual values for {name!r} "
                         f"(looked for {', '.join(i for i in (growth_ind, level_ind) if i)}).")
    rows = annual[annual["indicator"].isin(used)]

    def bnd_of(year: int, forced: str | None) -> str:
        if forced is not None:
            return forced
        return _spliced_boundary(year) if boundary == "spliced" else boundary

    forced = level_bnd
    in_rule = rows[[bnd_of(int(y), forced) == b for y, b in zip(rows["year"], rows["boundary"])]]
    if in_rule.empty:
        others = sorted(set(rows["boundary"]))
        if len(others) == 1:
            forced = others[0]
        else:
            raise ValueError(f"boundary: the history has no values of {name!r} for boundary "
                             f"{boundary!r}; give boundary= one of {', '.join(others)}.")
    growth, levels, source = {}, pd.Series(dtype=float), []
    if growth_ind in used:
        g = rows[rows["indicator"] == growth_ind]
        for y, b, v in zip(g["year"], g["boundary"], g["value"]):
            if b == bnd_of(int(y), forced):
                growth[int(y)] = float(v)
        if growth:
            source.append(f"recorded {growth_ind}")
    if level_ind in used:
        lv = rows[rows["indicator"] == level_ind].pivot_table(
            index="year", columns="boundary", values="value", aggfunc="first")
        filled = []
        for y in lv.index:
            b = bnd_of(int(y), forced)
            if int(y) not in growth and b in lv.columns and y - 1 in lv.index:
                a, c = lv.at[y - 1, b], lv.at[y, b]
                if pd.notna(a) and pd.notna(c) and a > 0:
                    growth[int(y)] = float(c / a - 1.0)
                    filled.append(int(y))
        levels = pd.Series({int(y): lv.at[y, bnd_of(int(y), forced)] for y in lv.index
                            if bnd_of(int(y), forced) in lv.columns}, dtype=float).dropna()
        if filled:
            source.append(f"growth of {level_ind} levels ({len(filled)} years)")
    where = (forced if forced is not None else
             "old city to 2024, merged city from 2025" if boundary == "spliced" else boundary)
    g = pd.Series(growth, dtype=float).sort_index()
    return _Series(name, driver, g, levels.sort_index(),
                   f"{' + '.join(source) or 'none'}; {where}")


def _wide_series(table: pd.DataFrame, name: str) -> _Series:
    cat = _catalogue()
    years = _years_of(table.index, "data")
    table = table.set_axis(years).sort_index()
    breaks = [table.attrs["boundary_break"]] if "boundary_break" in table.attrs else []
    driver = _driver_of(name)
    growth_col = None
    if name in table.columns and name in cat.index and cat.at[name, "measure"] == "growth":
        growth_col = name
    elif driver and GROWTH_SERIES.get(driver) in table.columns:
        growth_col = GROWTH_SERIES[driver]
    level_col = name if name in table.columns and name != growth_col else None
    if growth_col is None and level_col is None:
        raise ValueError(f"indicators: {name!r} is not a column of data; columns: "
                         f"{', '.join(map(str, table.columns))}.")
    growth, source, levels = pd.Series(dtype=float), [], pd.Series(dtype=float)
    if growth_col is not None:
        growth = _numeric_column(table, growth_col).dropna()
        if (growth.abs() > 1).any():
            raise ValueError(f"data[{growth_col!r}] must be growth as a fraction per year, "
                             f"like 0.13; got {growth[growth.abs() > 1].iloc[0]!r}. Did you "
                             "give a percentage?")
        source.append(f"column {growth_col!r} (growth)")
    if level_col is not None:
        levels = _numeric_column(table, level_col)
        _check_levels(levels.dropna(), f"data[{level_col!r}]", allow_nan=True)
        levels = levels.dropna()
        from_lv = _growth_from_levels(levels, skip=breaks)
        new = from_lv[~from_lv.index.isin(growth.index)]
        if len(new):
            source.append(f"growth of column {level_col!r}")
            growth = pd.concat([growth, new])
    growth.index = growth.index.astype(int)
    return _Series(name, driver, growth.sort_index(), levels, "; ".join(source))


def _numeric_column(table: pd.DataFrame, col) -> pd.Series:
    """A wide table's column as floats; TypeError naming the column for text."""
    raw = table[col]
    num = pd.to_numeric(raw, errors="coerce")
    bad = num.isna() & raw.notna()
    if bad.any():
        year = raw.index[bad.to_numpy()][0]
        raise TypeError(f"data[{col!r}] must hold numbers; got {raw[year]!r} in {year}.")
    return num.astype(float)


def _is_history_table(data) -> bool:
    return isinstance(data, pd.DataFrame) and {"indicator", "year", "value"} <= set(data.columns)


def _as_history(data: pd.DataFrame) -> pd.DataFrame:
    """A tidy history table, checked by :func:`hpforecast.read_history` unless typed."""
    if set(HISTORY_COLUMNS) <= set(data.columns) and data["preferred"].dtype == bool:
        return data
    return read_history(data)


def _as_names(indicators) -> list[str] | None:
    """``indicators`` as a list of names (a single str is one name), or None."""
    if indicators is None:
        return None
    if isinstance(indicators, str):
        return [indicators]
    if not isinstance(indicators, Sequence) or not all(isinstance(i, str) for i in indicators):
        raise TypeError(f"indicators must be a name or a list of names; got {indicators!r}.")
    return list(indicators)


def _collect(data, indicators, boundary: str, model: str) -> tuple[list[_Series], str]:
    """The growth series asked for, and a label of the data."""
    indicators = _as_names(indicators)
    if indicators is not None:
        if len(set(indicators)) != len(indicators):
            raise ValueError(f"indicators must not repeat a name; got {indicators!r}.")
        if not indicators:
            raise ValueError("indicators is empty; give at least one indicator.")
    if data is None or (isinstance(data, pd.DataFrame) and {"indicator", "year", "value"}
                        <= set(data.columns)):
        if data is None:
            hist, label = _embedded_history(), "embedded history"
        elif set(HISTORY_COLUMNS) <= set(data.columns) and data["preferred"].dtype == bool:
            hist, label = data, "history table"
        else:
            hist, label = read_history(data), "history table"
        V.check_choice(boundary, "boundary",
                       ["spliced", *sorted(set(hist["boundary"]))])
        names = indicators or (["grdp_real", "grdp_deflator"] if model == "var"
                               else ["grdp_real"])
        return [_history_series(hist, n, boundary) for n in names], label
    if isinstance(data, pd.Series):
        name = data.name if indicators is None else indicators[0]
        if indicators is not None and len(indicators) > 1:
            raise ValueError(f"indicators: a Series holds one indicator; got {indicators!r}.")
        if not isinstance(name, str) or not name:
            raise ValueError("data: name the Series after its indicator (series.name = "
                             "'grdp_real', or any label) or give indicators='...'; got name "
                             f"{data.name!r}.")
        years = _years_of(data.index, "data")
        levels = pd.Series(pd.to_numeric(data, errors="coerce").to_numpy(dtype=float),
                           index=years).sort_index()
        if levels.isna().any() and not pd.isna(data).all():
            bad = levels.index[levels.isna()]
            if not pd.isna(data.to_numpy()[np.isin(years, bad)]).all():
                raise TypeError(f"data must hold numbers; got {data[data.index[0]]!r}.")
        _check_levels(levels, "data", allow_nan=False)
        steps = np.diff(levels.index.to_numpy())
        if len(steps) and (steps != 1).any():
            gap = int(levels.index[1:][steps != 1][0])
            raise ValueError(f"data must have one value for every year; years before {gap} "
                             "are missing. Fill them or trim the series.")
        return [_Series(name, _driver_of(name), _growth_from_levels(levels), levels,
                        "growth of the series' levels")], f"series {name!r}"
    if isinstance(data, pd.DataFrame):
        names = indicators or [str(c) for c in data.columns]
        return [_wide_series(data, n) for n in names], "table"
    raise TypeError(f"data must be a history table, a wide year × indicator DataFrame or a "
                    f"Series of annual levels; got {type(data).__name__}.")


def _check_year(value, name):
    if value is None:
        return None
    return V.check_int(value, name)


def _contiguous_tail(growth: pd.DataFrame) -> tuple[pd.DataFrame, list[int]]:
    """The last run of consecutive years without gaps; and the years dropped."""
    years = growth.index.to_numpy()
    if len(years) < 2:
        return growth, []
    gaps = np.where(np.diff(years) != 1)[0]
    if not len(gaps):
        return growth, []
    first = gaps[-1] + 1
    return growth.iloc[first:], list(years[:first])


# ====================================================================== the model


@dataclass(frozen=True)
class _Draws:
    """Parameters of ``y_t = mu + A (y_{t-1} - mu) + L e_t``; arrays over draws (axis 0)."""

    mu: np.ndarray     # (n, k)
    A: np.ndarray      # (n, k, k)
    L: np.ndarray      # (n, k, k), L L' = innovation covariance


def _simulate_draws(d: _Draws, last: np.ndarray, steps: int, rng: np.random.Generator,
                    n: int) -> np.ndarray:
    """Paths of yearly growth, shape (n, steps, k); draws are recycled if fewer than n."""
    idx = np.arange(n) % d.mu.shape[0]
    mu, A, L = d.mu[idx], d.A[idx], d.L[idx]
    k = mu.shape[1]
    y = np.broadcast_to(last, (n, k)).copy()
    out = np.empty((n, steps, k))
    for s in range(steps):
        e = rng.standard_normal((n, k))
        y = mu + np.einsum("nij,nj->ni", A, y - mu) + np.einsum("nij,nj->ni", L, e)
        out[:, s] = y
    return out


def _analytic(mu, A, Sigma, last, steps):
    """Mean (steps, k) and covariance (steps, k, steps, k) of the forecast, known params."""
    k = len(mu)
    powers = [np.eye(k)]
    for _ in range(steps):
        powers.append(A @ powers[-1])
    mean = np.array([mu + powers[s] @ (last - mu) for s in range(1, steps + 1)])
    M = np.zeros((steps * k, steps * k))
    for s in range(steps):
        for j in range(s + 1):
            M[s * k:(s + 1) * k, j * k:(j + 1) * k] = powers[s - j]
    cov = M @ np.kron(np.eye(steps), Sigma) @ M.T
    return mean, cov.reshape(steps, k, steps, k)


def _match_persistence(sd: np.ndarray, target: np.ndarray) -> np.ndarray:
    """ρ_t (t = 1..H−1) so that Var(Σ_{j≤t} sd_j z_j) equals ``target[t]`` for every t.

    ``z`` are unit-variance scores with corr(z_j, z_t) = ρ_{j+1} ⋯ ρ_t (the engine's
    persistence); each step is linear in ρ_t, so it is solved exactly, then clipped to
    ±0.98.
    """
    H = len(sd)
    rho = np.zeros(max(H - 1, 0))
    corr = np.array([1.0])          # corr(z_j, z_{t-1}), j <= t-1
    var = sd[0] ** 2
    for t in range(1, H):
        b = float(np.dot(sd[:t], corr))
        r = (target[t] - var - sd[t] ** 2) / (2 * sd[t] * b) if abs(b) > 1e-15 else 0.0
        r = float(np.clip(r, -0.98, 0.98)) if np.isfinite(r) else 0.0
        rho[t - 1] = r
        var = var + sd[t] ** 2 + 2 * sd[t] * r * b
        corr = np.append(corr * r, 1.0)
    return rho


def _match_band(marginals: Sequence, cum: np.ndarray, rng: np.random.Generator,
                n: int = 10_000) -> np.ndarray:
    """ρ_t so that the engine's 10–90 % band of cumulative growth matches ``cum``'s.

    ``marginals[t]`` are the yearly marginals; ``cum`` (paths × years) the target
    cumulative growth ``Π (1 + g) − 1``. The engine's dependence is reproduced on ``n``
    fixed normal paths (common random numbers make the band width smooth and, in
    practice, increasing in ρ_t), and each ρ_t is found by bisection in [−0.98, 0.98].
    """
    H = len(marginals)
    target = np.diff(np.quantile(cum, _BAND, axis=0), axis=0)[0]
    e = rng.standard_normal((n, H))
    z = e[:, 0]
    c = marginals[0].from_normal_scores(z)
    rho = np.zeros(max(H - 1, 0))

    def width(r, t):
        zt = r * z + math.sqrt(1 - r * r) * e[:, t]
        ct = (1 + c) * (1 + marginals[t].from_normal_scores(zt)) - 1
        lo, hi = np.quantile(ct, _BAND)
        return hi - lo, zt, ct

    for t in range(1, H):
        lo, hi = -0.98, 0.98
        w_lo, w_hi = width(lo, t)[0], width(hi, t)[0]
        if target[t] <= w_lo:
            r = lo
        elif target[t] >= w_hi:
            r = hi
        else:
            for _ in range(30):
                mid = 0.5 * (lo + hi)
                if width(mid, t)[0] < target[t]:
                    lo = mid
                else:
                    hi = mid
                if hi - lo < 1e-3:
                    break
            r = 0.5 * (lo + hi)
        rho[t - 1] = r
        _, z, c = width(r, t)
    return rho


def _t_from_quantiles(sample: np.ndarray):
    """A Normal or Student t with the sample's median, 10–90 % and 2.5–97.5 % ranges."""
    q = np.quantile(sample, [0.025, 0.10, 0.5, 0.90, 0.975])
    inner, outer = q[3] - q[1], q[4] - q[0]
    z90, z975 = special.ndtri(0.90), special.ndtri(0.975)
    if inner <= 0:
        return Normal(float(q[2]), 0.0)
    ratio = outer / inner
    if ratio <= (z975 / z90) * 1.005:
        return Normal(float(q[2]), float(inner / (2 * z90)))

    from scipy import optimize, stats

    def gap(df):
        return stats.t.ppf(0.975, df) / stats.t.ppf(0.90, df) - ratio
    lo, hi = 2.05, 1000.0
    df = lo if gap(lo) < 0 else (hi if gap(hi) > 0 else optimize.brentq(gap, lo, hi))
    df = max(df, 2.05)
    scale = inner / (2 * stats.t.ppf(0.90, df))
    return StudentT(float(q[2]), float(scale), float(round(df, 3)))


# ================================================================= the Calibration


@dataclass(frozen=True, eq=False)
class Calibration:
    """A model of yearly growth fitted to the record, ready to become a scenario.

    Made by :func:`calibrate`; see there for the models. Growth rates are fractions.

    Attributes
    ----------
    model : str
        ``"iid"``, ``"ar1"`` or ``"var"``.
    indicators : tuple of str
        The fitted series, in order.
    drivers : mapping
        Indicator → engine driver it maps to (None when it does not map to one).
    growth : pandas.DataFrame
        The sample: yearly growth indexed by ``year``, one column per indicator.
    mean, A, sigma : numpy.ndarray
        Point estimates of ``g_t = mean + A (g_{t-1} − mean) + u_t``, ``u_t ~ N(0,
        sigma)``: shapes ``(k,)``, ``(k, k)`` (zero for ``iid``, diagonal for ``ar1``)
        and ``(k, k)``.
    last : numpy.ndarray
        The last observed growth ``g_T``, shape ``(k,)``; the forecasts start from it.
    last_year : int
    parameter_uncertainty : bool
    n_draws : int
        Parameter draws behind :meth:`scenario` with parameter uncertainty.
    seed : int
        Reproduces the draws.
    results : dict
        The statsmodels results, by indicator (``"var"``: one entry, key ``"var"``).
    """

    model: str
    indicators: tuple
    drivers: Mapping
    growth: pd.DataFrame
    mean: np.ndarray
    A: np.ndarray
    sigma: np.ndarray
    last: np.ndarray
    last_year: int
    parameter_uncertainty: bool
    n_draws: int
    seed: int
    sources: Mapping
    levels: Mapping
    data_label: str
    params: pd.DataFrame = field(repr=False)
    results: Mapping = field(repr=False)
    _draws: _Draws = field(repr=False)
    _point: _Draws = field(repr=False)
    _estimates: Mapping = field(repr=False, default_factory=dict)

    # -- summaries -----------------------------------------------------------------
    @property
    def correlation(self) -> pd.DataFrame:
        """Correlation of the yearly shocks (from ``sigma``), indicator × indicator."""
        sd = np.sqrt(np.diag(self.sigma))
        corr = self.sigma / np.outer(sd, sd)
        names = list(self.indicators)
        return pd.DataFrame(corr, index=names, columns=names)

    @property
    def summary(self) -> pd.DataFrame:
        """The estimates: one row per indicator and parameter.

        Columns ``estimate, std_err, ci_low, ci_high`` (95 %, from statsmodels where it
        gives them), ``n`` (growth points), ``start``, ``end``, ``source``. Growth and
        its sd are fractions per year.
        """
        return self.params.copy()

    def default_end_year(self) -> int:
        """2030 for a record ending in the 2020s, else five years after the record."""
        return 2030 if 2020 <= self.last_year < 2030 else self.last_year + 5

    def band_widening(self, end_year: int | None = None, *, n_paths: int = 20_000,
                      seed: int | None = None) -> pd.DataFrame:
        """How much wider parameter uncertainty makes the band of cumulative growth.

        Parameters
        ----------
        end_year : int, optional
            Default :meth:`default_end_year` (2030 for the embedded record).
        n_paths : int, default 20_000
            Paths of each direct simulation (at least 100).
        seed : int or Generator, optional
            Default: the fit's seed.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``indicator``: ``year``, ``band80_without`` and ``band80_with``
            (width of the 10–90 % band of growth from ``last_year`` to ``year``,
            fraction), ``widening`` (``with / without − 1``).
        """
        end = self.default_end_year() if end_year is None else V.check_int(end_year,
                                                                           "end_year")
        if end <= self.last_year:
            raise ValueError(f"end_year must be after the last observed year "
                             f"{self.last_year}; got {end}.")
        steps = end - self.last_year
        n_paths = V.check_int(n_paths, "n_paths", low=100)
        if seed is None:
            seed = self.seed
        else:
            gen = V.check_seed(seed)
            seed = int(seed) if isinstance(seed, numbers.Integral) else int(
                gen.integers(0, 2 ** 63 - 1))
        rows = []
        widths = {}
        for pu in (False, True):
            rng = np.random.default_rng([seed, 7, int(pu)])
            d = self._draws_for(pu, n_paths, rng)
            paths = _simulate_draws(d, self.last, steps, rng, n_paths)
            cum = np.prod(1 + paths, axis=1) - 1
            lo, hi = np.quantile(cum, _BAND, axis=0)
            widths[pu] = hi - lo
        for i, name in enumerate(self.indicators):
            rows.append({"indicator": name, "year": end, "band80_without": widths[False][i],
                         "band80_with": widths[True][i],
                         "widening": widths[True][i] / widths[False][i] - 1.0})
        return pd.DataFrame(rows).set_index("indicator")

    def _repr_html_(self) -> str:
        g = self.growth
        head = (f"<p><b>Calibration</b>: model <code>{self.model}</code> fitted to "
                f"{self.data_label}, {int(g.index.min())}–{int(g.index.max())} "
                f"({len(g)} years); parameter uncertainty "
                f"{'on' if self.parameter_uncertainty else 'off'} "
                f"({self.n_draws} draws, seed {self.seed}).</p>")
        wid = self.band_widening(n_paths=5_000)
        lines = "; ".join(f"{k}: {100 * r.widening:+.0f} % ({100 * r.band80_without:.1f} → "
                          f"{100 * r.band80_with:.1f} points)" for k, r in wid.iterrows())
        head += (f"<p>Parameter uncertainty widens the 10–90 % band of cumulative growth "
                 f"{self.last_year}–{int(wid['year'].iloc[0])}: {lines}.</p>")
        out = head + self.params.to_html(float_format=lambda x: f"{x:.4g}", na_rep="")
        if len(self.indicators) > 1:
            out += "<p>Correlation of the yearly shocks:</p>" + self.correlation.to_html(
                float_format=lambda x: f"{x:.2f}")
        return out

    def __repr__(self) -> str:
        g = self.growth
        return (f"Calibration(model={self.model!r}, indicators={list(self.indicators)}, "
                f"years={int(g.index.min())}–{int(g.index.max())}, n={len(g)}, "
                f"parameter_uncertainty={self.parameter_uncertainty})")

    # -- simulation ----------------------------------------------------------------
    def _draws_for(self, pu: bool, n: int, rng: np.random.Generator) -> _Draws:
        if not pu:
            return self._point
        if n <= self._draws.mu.shape[0]:
            return _Draws(self._draws.mu[:n], self._draws.A[:n], self._draws.L[:n])
        return _draw_parameters(self, n, rng)

    def _years(self, base_year, end_year) -> tuple[int, int]:
        base = self.last_year if base_year is None else V.check_int(base_year, "base_year")
        if base < self.last_year:
            raise ValueError(f"base_year must be at or after the last observed year "
                             f"{self.last_year} (forecasts start from it); got {base}.")
        end = (self.default_end_year() if base == self.last_year else base + 5) \
            if end_year is None else V.check_int(end_year, "end_year")
        if end <= base:
            raise ValueError(f"end_year must be after base_year ({base}); got {end}.")
        return base, end

    def predictive_paths(self, base_year: int | None = None, end_year: int | None = None, *,
                         n_paths: int = 10_000, seed: int | np.random.Generator | None = None,
                         parameter_uncertainty: bool | None = None) -> dict[str, np.ndarray]:
        """Simulate the fitted model directly, drawing its parameters per path.

        This is the predictive distribution that :meth:`scenario` summarises; use it to
        check the scenario (exact without parameter uncertainty for ``iid`` and ``ar1``).

        Parameters
        ----------
        base_year, end_year : int, optional
            As in :meth:`scenario`.
        n_paths : int, default 10_000
        seed : int or Generator, optional
        parameter_uncertainty : bool, optional
            Default: the fit's setting.

        Returns
        -------
        dict
            Indicator → yearly growth, shape ``(n_paths, end_year − base_year)``, years
            ``base_year + 1 … end_year``.
        """
        base, end = self._years(base_year, end_year)
        n = V.check_int(n_paths, "n_paths", low=1)
        rng = V.check_seed(seed)
        pu = self.parameter_uncertainty if parameter_uncertainty is None else \
            bool(parameter_uncertainty)
        d = self._point if not pu else _draw_parameters(self, n, rng)
        paths = _simulate_draws(d, self.last, end - self.last_year, rng, n)
        paths = paths[:, base - self.last_year:]
        return {name: paths[:, :, i] for i, name in enumerate(self.indicators)}

    def scenario(self, base_year: int | None = None, end_year: int | None = None, *,
                 driver: str | Mapping | None = None, name: str | None = None,
                 buoyancy: Buoyancy | Sequence | None = None,
                 description: str | None = None) -> Scenario:
        """The fitted model as a :class:`~hpforecast.Scenario` the engine simulates.

        Parameters
        ----------
        base_year : int, optional
            Simulated paths start from this year's levels. Default: the last observed
            year. A later year is allowed: its forecast is then ``base_year −
            last_year`` steps further out.
        end_year : int, optional
            Default :meth:`default_end_year` (2030 for the embedded record).
        driver : str or dict, optional
            The engine driver an indicator stands for, when its name is not one
            (a user's Series named ``"gdp"``): a driver name for a single indicator,
            else a dict indicator → driver. Its base level is the series' level in
            ``base_year`` when the data have it.
        name : str, optional
            Scenario name (default ``"calibrated <model>"``).
        buoyancy : Buoyancy or list of Buoyancy, optional
            Revenue links from :func:`fit_buoyancy`: the indicator grows by
            ``beta × nominal GRDP growth + own``; needs ``grdp_real`` and
            ``grdp_deflator`` (or ``grdp_nominal``) among the fitted drivers.
        description : str, optional

        Returns
        -------
        Scenario

        Raises
        ------
        ValueError
            For years before the record's end, an indicator that is not a driver (with
            the driver to map it to), a driver given twice.

        Examples
        --------
        >>> import hpforecast as hpf
        >>> fit = hpf.calibrate(hpf.load_history(), indicators="grdp_real", model="iid",
        ...                     parameter_uncertainty=False)
        >>> sc = fit.scenario()
        >>> sc.years[0], sc.years[-1]
        (2025, 2030)
        >>> round(sc.growth["grdp_real"][2030].mean, 4)
        0.1292
        """
        base, end = self._years(base_year, end_year)
        dmap = self._driver_map(driver)
        marg, pers, corr = self._summarise(base, end)
        growth = {dmap[n]: marg[n] for n in self.indicators}
        persistence = {dmap[n]: pers[n] for n in self.indicators}
        if all(isinstance(p, float) and p == 0.0 for p in persistence.values()):
            persistence = 0.0
        correlation = {(dmap[a], dmap[b]): float(corr.loc[a, b])
                       for i, a in enumerate(self.indicators)
                       for b in self.indicators[i + 1:] if abs(corr.loc[a, b]) > 1e-12}
        base_values = {}
        for n in self.indicators:
            lv = self.levels.get(n)
            if lv is not None and base in lv.index and (self.data_label != "embedded history"
                                                        or self.drivers.get(n) is None):
                base_values[dmap[n]] = float(lv[base])
        buoy = {}
        if buoyancy is None:
            links = []
        elif isinstance(buoyancy, Buoyancy):
            links = [buoyancy]
        elif isinstance(buoyancy, Sequence) and not isinstance(buoyancy, str):
            links = list(buoyancy)
        else:
            raise TypeError(f"buoyancy must be a Buoyancy from fit_buoyancy() or a list of "
                            f"them; got {buoyancy!r} of type {type(buoyancy).__name__}.")
        for b in links:
            if not isinstance(b, Buoyancy):
                raise TypeError(f"buoyancy must be a Buoyancy from fit_buoyancy() or a list "
                                f"of them; got {type(b).__name__}.")
            if b.indicator in growth:
                raise ValueError(f"buoyancy: {b.indicator!r} is also a fitted indicator; "
                                 "link it by buoyancy or fit it, not both.")
            buoy[b.indicator] = b.beta
            growth[b.indicator] = b.own_growth(self.parameter_uncertainty)
        kind = {"iid": "independent yearly growth", "ar1": "AR(1) in yearly growth",
                "var": "VAR(1) in yearly growth"}[self.model]
        desc = description or (
            f"Calibrated: {kind} fitted by statsmodels to {self.data_label} "
            f"{int(self.growth.index.min())}–{self.last_year} ({len(self.growth)} years; "
            + "; ".join(f"{k}: {v}" for k, v in self.sources.items()) + "); parameter "
            + ("uncertainty from " + f"{self.n_draws} parameter draws (marginals and "
               "persistence summarise the predictive paths)" if self.parameter_uncertainty
               else "uncertainty left out") + ".")
        if buoy:
            desc += " Buoyancy by OLS: " + ", ".join(f"{k} β = {v:.3f}"
                                                     for k, v in buoy.items()) + "."
        kwargs = dict(name=name or f"calibrated {self.model}", base_year=base,
                      end_year=end, growth=growth, persistence=persistence,
                      base_values=base_values, buoyancy=buoy, description=desc)
        try:
            return Scenario(correlation=correlation, **kwargs)
        except ValueError as exc:
            if "positive semi-definite" not in str(exc) or not correlation:
                raise
        # The fitted correlation is PSD, but combined with very different persistence
        # (ρ_a ≈ 0.98, ρ_b ≈ −0.98) the innovation correlation the engine needs may not
        # be. Shrink the correlation toward the identity by the largest factor in [0, 1]
        # that the engine accepts (bisection; factor 0, the identity, is always valid).
        lo, hi = 0.0, 1.0
        while hi - lo > 1e-4:
            mid = 0.5 * (lo + hi)
            try:
                Scenario(correlation={k: v * mid for k, v in correlation.items()}, **kwargs)
                lo = mid
            except ValueError as exc:
                if "positive semi-definite" not in str(exc):
                    raise
                hi = mid
        warnings.warn(
            f"the fitted same-year correlation of {', '.join(self.indicators)} cannot be "
            f"combined with their persistence in the engine; the scenario's correlation is "
            f"fit.correlation × {lo:.4f} (shrunk toward independence by the largest factor "
            "that is valid).", UserWarning, stacklevel=2)
        return Scenario(correlation={k: v * lo for k, v in correlation.items()}, **kwargs)

    def _driver_map(self, driver) -> dict[str, str]:
        given: dict = {}
        if isinstance(driver, str):
            if len(self.indicators) != 1:
                raise ValueError(f"driver: give a dict indicator -> driver for several "
                                 f"indicators {list(self.indicators)}; got {driver!r}.")
            given = {self.indicators[0]: driver}
        elif isinstance(driver, Mapping):
            given = dict(driver)
        elif driver is not None:
            raise TypeError(f"driver must be a driver name or a dict indicator -> driver; "
                            f"got {driver!r}.")
        out = {}
        for n in self.indicators:
            d = given.pop(n, None) or self.drivers.get(n)
            if d is None:
                guess = (difflib.get_close_matches(n, DRIVERS, n=1, cutoff=0.4)
                         or ["grdp_real"])[0]
                raise ValueError(
                    f"{n!r} is not one of the engine's drivers; say which one it stands "
                    f"for with driver={guess!r} (or driver={{{n!r}: ...}}). Drivers: "
                    f"{', '.join(DRIVERS)}.")
            if d not in DRIVERS:
                raise ValueError(f"driver: {d!r} is not one of the engine's drivers: "
                                 f"{', '.join(DRIVERS)}.")
            out[n] = d
        if given:
            raise ValueError(f"driver: {', '.join(map(repr, given))} not among the fitted "
                             f"indicators {list(self.indicators)}.")
        if len(set(out.values())) != len(out):
            raise ValueError(f"driver: two indicators map to the same driver: {out}.")
        return out

    def _summarise(self, base: int, end: int):
        """Per-indicator {year: marginal}, {year: ρ} (or 0.0), and the correlation."""
        years = list(range(base + 1, end + 1))
        off = base - self.last_year
        steps = end - self.last_year
        k = len(self.indicators)
        marg, pers = {}, {}
        corr = self.correlation
        if not self.parameter_uncertainty:
            mean, cov = _analytic(self.mean, self.A, self.sigma, self.last, steps)
            for i, n in enumerate(self.indicators):
                m = mean[off:, i]
                c = cov[off:, i, off:, i]
                sd = np.sqrt(np.diag(c))
                marg[n] = {y: Normal(float(m[j]), float(sd[j])) for j, y in enumerate(years)}
                if self.model == "iid":
                    pers[n] = 0.0
                    continue
                if k == 1 or np.allclose(self.A, np.diag(np.diag(self.A))):
                    # Markov: the exact AR(1) correlation of consecutive forecast errors.
                    rho = c[np.arange(len(years) - 1), np.arange(1, len(years))] / (
                        sd[:-1] * sd[1:])
                else:
                    target = np.array([c[:t + 1, :t + 1].sum() for t in range(len(years))])
                    rho = _match_persistence(sd, target)
                pers[n] = {y: float(np.clip(r, -0.98, 0.98)) for y, r in zip(years[1:], rho)}
            return marg, pers, corr
        rng = np.random.default_rng([self.seed, 11, base, end])
        paths = _simulate_draws(self._draws, self.last, steps, rng, self.n_draws)[:, off:]
        for i, n in enumerate(self.indicators):
            g = paths[:, :, i]
            ms = []
            for j, y in enumerate(years):
                q = np.quantile(g[:, j], [0.1, 0.9])
                if q[1] - q[0] > 2.0:
                    raise ValueError(
                        f"the predictive 10–90 % range of {n!r} growth in {y} is "
                        f"{q[0]:+.2f} to {q[1]:+.2f}: the {self.model} fit is too uncertain "
                        "to simulate. Use a simpler model, more years, or "
                        "parameter_uncertainty=False.")
                ms.append(_t_from_quantiles(g[:, j]))
            marg[n] = dict(zip(years, ms))
            cum = np.cumprod(1 + g, axis=1) - 1
            rho = _match_band(ms, cum, np.random.default_rng([self.seed, 13]))
            pers[n] = {y: float(r) for y, r in zip(years[1:], rho)}
        return marg, pers, corr


# ============================================================ fitting and drawing


def _fit_iid(y: np.ndarray) -> dict:
    n = len(y)
    mu, sd = float(np.mean(y)), float(np.std(y, ddof=1))
    se_mu = sd / math.sqrt(n)
    from scipy import stats
    t = stats.t.ppf(0.975, n - 1)
    chi = stats.chi2.ppf([0.975, 0.025], n - 1)
    sd_ci = np.sqrt((n - 1) * sd ** 2 / chi)
    rows = [("mean", mu, se_mu, mu - t * se_mu, mu + t * se_mu),
            ("sd", sd, sd / math.sqrt(2 * (n - 1)), sd_ci[0], sd_ci[1])]
    return {"mean": mu, "phi": 0.0, "s2": sd ** 2, "nu": n - 1, "cov": None, "rows": rows,
            "resid": y - mu, "result": None}


def _fit_ar1(y: np.ndarray, name: str) -> dict:
    from statsmodels.tsa.arima.model import ARIMA

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = ARIMA(y, order=(1, 0, 0), trend="c").fit(cov_type="oim")
    trouble = [w for w in caught if "converge" in str(w.message).lower()
               or "non-stationary" in str(w.message).lower()]
    if trouble:
        warnings.warn(f"AR(1) fit of {name!r}: statsmodels reports "
                      f"{str(trouble[0].message).strip()!r}; the estimates may be poor.",
                      UserWarning, stacklevel=4)
    params = np.asarray(res.params, dtype=float)
    bse = np.asarray(res.bse, dtype=float)
    ci = np.asarray(res.conf_int(0.05), dtype=float)
    mu, phi, s2_mle = params
    n = len(y)
    nu = max(n - 2, 1)
    s2 = s2_mle * n / nu                      # SSR / ν
    sig = math.sqrt(s2_mle)
    se_sig = bse[2] / (2 * sig)
    rows = [("mean", mu, bse[0], ci[0, 0], ci[0, 1]), ("phi", phi, bse[1], ci[1, 0], ci[1, 1]),
            ("sigma", sig, se_sig, math.sqrt(max(ci[2, 0], 0.0)), math.sqrt(ci[2, 1]))]
    cov = np.asarray(res.cov_params(), dtype=float)[:2, :2]
    return {"mean": float(mu), "phi": float(phi), "s2": float(s2), "s2_point": float(s2_mle),
            "nu": nu, "cov": cov, "rows": rows, "resid": np.asarray(res.resid)[1:],
            "result": res}


def _draw_parameters(fit: Calibration, n: int, rng: np.random.Generator) -> _Draws:
    """Per-path parameters from their estimated sampling distribution (see module doc)."""
    k = len(fit.indicators)
    if fit.model == "var":
        return _draw_var(fit.results["var"], n, rng)
    corr = fit.correlation.to_numpy()
    Lc = np.linalg.cholesky(corr + 1e-12 * np.eye(k))
    mu = np.empty((n, k))
    A = np.zeros((n, k, k))
    sig = np.empty((n, k))
    for i, name in enumerate(fit.indicators):
        est = fit._estimates[name]
        nu = est["nu"]
        s2 = est["s2"] * nu / rng.chisquare(nu, size=n)
        sig[:, i] = np.sqrt(s2)
        if fit.model == "iid":
            mu[:, i] = est["mean"] + rng.standard_normal(n) * np.sqrt(s2 / est["n"])
            continue
        C = np.linalg.cholesky(est["cov"] + 1e-15 * np.eye(2))
        scale = np.sqrt(s2 / est["s2"])
        theta = np.empty((n, 2))
        todo = np.arange(n)
        for _ in range(200):
            z = rng.standard_normal((len(todo), 2)) @ C.T
            theta[todo] = np.array([est["mean"], est["phi"]]) + z * scale[todo, None]
            todo = todo[np.abs(theta[todo, 1]) >= 0.999]
            if not len(todo):
                break
        theta[todo, 1] = np.clip(theta[todo, 1], -0.999, 0.999)
        mu[:, i], A[:, i, i] = theta[:, 0], theta[:, 1]
    L = sig[:, :, None] * Lc[None, :, :]
    return _Draws(mu, A, L)


def _var_parts(res):
    B = np.asarray(res.params, dtype=float)          # (1 + K, K)
    K = B.shape[1]
    c, A = B[0], B[1:].T
    mu = np.linalg.solve(np.eye(K) - A, c)
    return c, A, mu


def _draw_var(res, n: int, rng: np.random.Generator) -> _Draws:
    B = np.asarray(res.params, dtype=float)
    K = B.shape[1]
    X = np.asarray(res.endog_lagged, dtype=float)
    XtXi = np.linalg.inv(X.T @ X)
    Lx = np.linalg.cholesky(XtXi)
    T, m = X.shape
    nu = T - m
    Su = np.asarray(res.sigma_u, dtype=float)
    if nu >= K + 2:
        from scipy import stats
        S = stats.invwishart.rvs(df=nu, scale=Su * nu, size=n, random_state=rng)
        S = np.reshape(S, (n, K, K))
    else:
        S = np.broadcast_to(Su, (n, K, K)).copy()
    Ls = np.linalg.cholesky(S)
    mu = np.empty((n, K))
    A = np.empty((n, K, K))
    todo = np.arange(n)
    for _ in range(200):
        Z = rng.standard_normal((len(todo), m, K))
        Bd = B + np.einsum("ij,njk,nlk->nil", Lx, Z, Ls[todo])
        Ad = np.transpose(Bd[:, 1:, :], (0, 2, 1))
        ok = np.max(np.abs(np.linalg.eigvals(Ad)), axis=1) < 0.999
        good = todo[ok]
        A[good] = Ad[ok]
        mu[good] = np.linalg.solve(np.eye(K)[None] - Ad[ok], Bd[ok, 0, :][..., None])[..., 0]
        todo = todo[~ok]
        if not len(todo):
            break
    if len(todo):   # pragma: no cover - only for nearly explosive fits
        _, A0, mu0 = _var_parts(res)
        A[todo], mu[todo] = A0, mu0
    return _Draws(mu, A, Ls)


def calibrate(
    data: pd.DataFrame | pd.Series | None = None,
    *,
    indicators: str | Sequence[str] | None = None,
    model: str = "iid",
    start: int | None = None,
    end: int | None = None,
    parameter_uncertainty: bool = True,
    boundary: str = "spliced",
    n_draws: int = 4000,
    seed: int | np.random.Generator | None = 2030,
) -> Calibration:
    """Fit a model of yearly growth to the record (statsmodels) for a scenario.

    Parameters
    ----------
    data : DataFrame or Series, optional
        The history table (:func:`hpforecast.load_history`, or your own in its schema;
        default the embedded one): an indicator's growth is taken from its recorded
        growth series (``grdp_growth_real`` for ``grdp_real``) and otherwise computed from
        its levels between consecutive years of the same boundary. Or a wide table
        (index year, one column per indicator; columns are levels unless the catalogue
        says growth; growth across ``attrs["boundary_break"]`` is not computed from
        levels). Or a Series of positive annual levels indexed by year (integers, annual
        DatetimeIndex or PeriodIndex), named after its indicator.
    indicators : str or list of str, optional
        What to fit, e.g. ``"grdp_real"`` or ``["grdp_real", "grdp_deflator"]``. Default:
        the Series' name; a wide table's columns; ``grdp_real`` in the history (with
        ``grdp_deflator`` for ``"var"``).
    model : {"iid", "ar1", "var"}, default "iid"
        ``iid``: mean and sample sd of yearly growth. ``ar1``: AR(1) in growth,
        statsmodels ``ARIMA(order=(1, 0, 0))``; forecasts start from the last observed
        growth, as statsmodels' do. ``var``: statsmodels ``VAR`` with one lag across
        several indicators; its residual covariance sets the correlation.
    start, end : int, optional
        First and last year of growth to use.
    parameter_uncertainty : bool, default True
        Draw the parameters per path from their estimated sampling distribution (see
        the module notes); with False, the point estimates are used (statsmodels'
        intervals).
    boundary : str, default "spliced"
        Territory of the history's values: the old city to 2024 and the merged city from
        2025, or one boundary. Indicators recorded only for Viet Nam (exchange rate,
        national deflator) use those.
    n_draws : int, default 4000
        Parameter draws (and predictive paths) behind the scenario.
    seed : int or Generator, default 2030
        For the parameter draws; recorded in the fit.

    Returns
    -------
    Calibration
        With ``summary`` (a DataFrame), ``band_widening()``, ``scenario()`` and
        ``predictive_paths()``; renders as HTML in a notebook.

    Raises
    ------
    ValueError
        For an unknown model or indicator (listing the known ones), too few points for
        the model to be fitted at all (2 for ``iid``, 4 for ``ar1``, 2K + 2 common
        points for a ``var`` of K indicators), a Series with missing, non-positive or non-annual
        values, ``start`` after ``end``.
    TypeError
        For data of the wrong type.

    Warns
    -----
    UserWarning
        When the sample is short for the model (fewer than 8 points for ``iid``, 15 for
        ``ar1``, 8 + 4 per indicator for ``var``), when gaps in the record shorten it, or
        when an indicator's growth is constant (sd ≈ 0).

    Examples
    --------
    >>> import hpforecast as hpf
    >>> fit = hpf.calibrate(hpf.load_history(), indicators="grdp_real", model="iid")
    >>> fit.summary.loc[("grdp_real", "mean"), "estimate"].round(4)
    np.float64(0.1292)
    >>> fit.summary.loc[("grdp_real", "mean"), "n"]
    np.int64(9)
    """
    V.check_choice(model, "model", MODELS)
    if not isinstance(parameter_uncertainty, bool):
        raise TypeError(f"parameter_uncertainty must be True or False; got "
                        f"{parameter_uncertainty!r}.")
    start, end = _check_year(start, "start"), _check_year(end, "end")
    if start is not None and end is not None and start > end:
        raise ValueError(f"start must not be after end; got start={start}, end={end}.")
    n_draws = V.check_int(n_draws, "n_draws", low=100)
    rng = V.check_seed(seed)
    seed_int = int(seed) if isinstance(seed, numbers.Integral) else int(
        rng.integers(0, 2 ** 63 - 1))
    series, label = _collect(data, indicators, boundary, model)
    if model == "var" and len(series) < 2:
        raise ValueError(f"model 'var' needs at least two indicators; got "
                         f"{[s.name for s in series]!r}. Use 'ar1' for one.")
    names = [s.name for s in series]
    table = pd.concat({s.name: s.growth for s in series}, axis=1).sort_index()
    table.index = table.index.astype(int)
    table.index.name = "year"
    if start is not None:
        table = table[table.index >= start]
    if end is not None:
        table = table[table.index <= end]
    if model == "var":
        table = table.dropna()
    for n in names:
        if table[n].notna().sum() == 0:
            raise ValueError(f"indicators: no growth of {n!r} in the years asked "
                             f"({start or 'first'}–{end or 'last'}).")
    # Each series keeps its own last run of consecutive years (AR models need it).
    kept = {}
    for n in names:
        col = table[n].dropna()
        if model != "iid":
            col, dropped = _contiguous_tail(col.to_frame())
            col = col[n]
            if dropped:
                warnings.warn(f"{n!r}: the record has gaps; the {model} fit uses "
                              f"{int(col.index[0])}–{int(col.index[-1])} only "
                              f"({len(dropped)} earlier years left out).", UserWarning,
                              stacklevel=2)
        kept[n] = col
    k = len(names)
    # VAR(1) with K indicators on n growth points: T = n − 1 observations and K + 1
    # coefficients per equation, so the residual covariance has T − 1 − K degrees of
    # freedom and is singular unless T − 1 − K ≥ K, i.e. n ≥ 2K + 2.
    hard = _MIN_POINTS.get(model, 2 * k + 2)
    advised = _ADVISED_POINTS.get(model, 8 + 4 * k)
    for n, col in kept.items():
        if len(col) < hard:
            why = (f" common to all {k} indicators (a VAR(1) of {k} indicators needs "
                   f"2 × {k} + 2 = {hard} for a non-singular residual covariance)"
                   if model == "var" else "")
            raise ValueError(f"model {model!r} needs at least {hard} years of growth of "
                             f"{n!r}{why}; got {len(col)} ({', '.join(map(str, col.index))}).")
    flat = [n for n, col in kept.items()
            if float(col.std(ddof=1)) <= 1e-9 * max(1.0, float(col.abs().max()))]
    if flat:
        warnings.warn(f"the growth of {', '.join(map(repr, flat))} is constant (sd ≈ 0) in "
                      f"the sample: the fitted spread is zero or degenerate, and the "
                      f"{model} fit says nothing about uncertainty.", UserWarning,
                      stacklevel=2)
    short = {n: len(c) for n, c in kept.items() if len(c) < advised}
    if short:
        warnings.warn(f"short sample for model {model!r}: "
                      + ", ".join(f"{n} has {m} years" for n, m in short.items())
                      + f" (at least {advised} advised); the estimates are very uncertain"
                      + (" — parameter uncertainty is on and widens the bands accordingly."
                         if parameter_uncertainty else
                         " and parameter uncertainty is off, so the bands are too narrow."),
                      UserWarning, stacklevel=2)
    last_years = {int(c.index[-1]) for c in kept.values()}
    if len(last_years) > 1:
        raise ValueError(f"the indicators' records end in different years "
                         f"({', '.join(f'{n}: {int(c.index[-1])}' for n, c in kept.items())}); "
                         "give end= a year all of them reach.")
    last_year = last_years.pop()
    growth = pd.concat(kept, axis=1)
    growth.index.name = "year"
    last = np.array([kept[n].iloc[-1] for n in names])

    rows, estimates, results = [], {}, {}
    if model in ("iid", "ar1"):
        for n in names:
            y = kept[n].to_numpy()
            est = _fit_iid(y) if model == "iid" else _fit_ar1(y, n)
            est["n"] = len(y)
            estimates[n] = est
            results[n] = est["result"]
            for p, e, se, lo, hi in est["rows"]:
                rows.append({"indicator": n, "parameter": p, "estimate": e, "std_err": se,
                             "ci_low": lo, "ci_high": hi, "n": len(y),
                             "start": int(kept[n].index[0]), "end": int(kept[n].index[-1])})
        mean = np.array([estimates[n]["mean"] for n in names])
        A = np.diag([estimates[n]["phi"] for n in names])
        sds = np.array([math.sqrt(estimates[n].get("s2_point", estimates[n]["s2"]))
                        for n in names])
        R = np.eye(k)
        if k > 1:
            res = pd.DataFrame({n: pd.Series(estimates[n]["resid"],
                                             index=kept[n].index[-len(estimates[n]["resid"]):])
                                for n in names}).dropna()
            if len(res) >= 4:
                R = np.corrcoef(res.to_numpy().T)
            else:
                warnings.warn(f"fewer than 4 common years for the correlation of "
                              f"{', '.join(names)}; taken as 0.", UserWarning, stacklevel=2)
        sigma = R * np.outer(sds, sds)
    else:
        from statsmodels.tsa.api import VAR

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = VAR(growth.to_numpy()).fit(1, trend="c")
        results["var"] = res
        c, A, mean = _var_parts(res)
        if np.max(np.abs(np.linalg.eigvals(A))) >= 1:
            warnings.warn("the fitted VAR is explosive (an eigenvalue of A is ≥ 1 in "
                          "modulus); its forecasts diverge.", UserWarning, stacklevel=2)
        sigma = np.asarray(res.sigma_u, dtype=float)
        if parameter_uncertainty and int(res.nobs) - 1 - k < k + 2:
            warnings.warn(f"the VAR has {int(res.nobs)} observations for {k} indicators: too "
                          "few to draw the shock covariance (inverse Wishart needs "
                          f"{2 * k + 3}); it is held at its estimate and only the "
                          "coefficients are drawn.", UserWarning, stacklevel=2)
        bse = np.asarray(res.bse, dtype=float)
        B = np.asarray(res.params, dtype=float)
        T = int(res.nobs)
        from scipy import stats
        tq = stats.t.ppf(0.975, max(T - B.shape[0], 1))
        pnames = ["const"] + [f"L1.{n}" for n in names]
        for i, n in enumerate(names):
            for j, p in enumerate(pnames):
                rows.append({"indicator": n, "parameter": p, "estimate": B[j, i],
                             "std_err": bse[j, i], "ci_low": B[j, i] - tq * bse[j, i],
                             "ci_high": B[j, i] + tq * bse[j, i]})
            rows.append({"indicator": n, "parameter": "mean", "estimate": mean[i]})
            rows.append({"indicator": n, "parameter": "sigma",
                         "estimate": math.sqrt(sigma[i, i])})
        for r in rows:
            r.update(n=len(growth), start=int(growth.index[0]), end=int(growth.index[-1]))
    params = pd.DataFrame(rows).set_index(["indicator", "parameter"])
    params["source"] = [dict((s.name, s.source) for s in series)[i]
                        for i in params.index.get_level_values(0)]

    point = _Draws(mean[None, :], A[None, :, :], np.linalg.cholesky(
        sigma + 1e-14 * np.eye(k))[None, :, :])
    fit = Calibration(
        model=model, indicators=tuple(names),
        drivers=MappingProxyType({s.name: s.driver for s in series}), growth=growth,
        mean=mean, A=A, sigma=sigma, last=last, last_year=last_year,
        parameter_uncertainty=parameter_uncertainty, n_draws=n_draws, seed=seed_int,
        sources=MappingProxyType({s.name: s.source for s in series}),
        levels=MappingProxyType({s.name: s.levels for s in series}), data_label=label,
        params=params, results=MappingProxyType(results), _draws=point, _point=point,
        _estimates=estimates)
    object.__setattr__(fit, "_draws", _draw_parameters(fit, n_draws,
                                                       np.random.default_rng([seed_int, 3])))
    return fit


# ==================================================================== buoyancy


@dataclass(frozen=True, eq=False)
class Buoyancy:
    """Revenue buoyancy: OLS of an indicator's growth on nominal GRDP growth.

    ``g_revenue = intercept + beta × g_nominal + u``. In a scenario the indicator then
    grows by ``beta × g_nominal + own`` with ``own`` ~ the intercept plus the residual.

    Attributes
    ----------
    indicator : str
    beta, beta_se, intercept, intercept_se, resid_sd, r_squared : float
    n : int
    data : pandas.DataFrame
        The sample: ``indicator`` growth and ``grdp_nominal`` growth by year.
    nominal_source : str
        Where nominal GRDP growth came from.
    result : statsmodels RegressionResults
    """

    indicator: str
    beta: float
    beta_se: float
    intercept: float
    intercept_se: float
    resid_sd: float
    r_squared: float
    n: int
    data: pd.DataFrame = field(repr=False)
    nominal_source: str = ""
    result: Any = field(default=None, repr=False)

    @property
    def summary(self) -> pd.DataFrame:
        """Estimates with 95 % intervals, indexed by ``parameter``."""
        from scipy import stats
        tq = stats.t.ppf(0.975, max(self.n - 2, 1))
        rows = [("beta", self.beta, self.beta_se), ("intercept", self.intercept,
                                                     self.intercept_se)]
        out = pd.DataFrame([{"parameter": p, "estimate": e, "std_err": s,
                             "ci_low": e - tq * s, "ci_high": e + tq * s} for p, e, s in rows])
        out = out.set_index("parameter")
        out.loc["resid_sd", "estimate"] = self.resid_sd
        out["n"] = self.n
        return out

    def own_growth(self, parameter_uncertainty: bool = True):
        """The indicator's own growth term for a scenario (fraction per year).

        Without parameter uncertainty: Normal(intercept, residual sd). With it: Student t
        with n − 2 degrees of freedom, scale ``resid_sd × sqrt(1 + 1/n)`` (β is held at
        its estimate; the engine has one β for all paths).
        """
        if not parameter_uncertainty or self.n <= 4:
            return Normal(self.intercept, self.resid_sd)
        return StudentT(self.intercept, self.resid_sd * math.sqrt(1 + 1 / self.n),
                        float(self.n - 2))

    def _repr_html_(self) -> str:
        return (f"<p><b>Buoyancy</b> of {self.indicator} to nominal GRDP: β = "
                f"{self.beta:.3f} (se {self.beta_se:.3f}), R² = {self.r_squared:.2f}, "
                f"n = {self.n}; nominal growth: {self.nominal_source}.</p>"
                + self.summary.to_html(float_format=lambda x: f"{x:.4g}", na_rep=""))


def fit_buoyancy(
    data: pd.DataFrame | None = None,
    *,
    indicator: str = "budget_revenue",
    start: int | None = None,
    end: int | None = None,
    boundary: str = "spliced",
) -> Buoyancy:
    """Revenue buoyancy: OLS (statsmodels) of revenue growth on nominal GRDP growth.

    Parameters
    ----------
    data : DataFrame, optional
        History table (default embedded) or a wide table with the indicator and
        ``grdp_nominal`` (levels) columns. A Series is refused (TypeError): it holds one
        indicator, not both sides of the regression.
    indicator : str, default "budget_revenue"
        Not nominal GRDP itself.
    start, end : int, optional
        Years of growth to use.
    boundary : str, default "spliced"

    Returns
    -------
    Buoyancy
        Use it as ``fit.scenario(buoyancy=...)``.

    Notes
    -----
    Nominal GRDP growth comes from ``grdp_nominal`` levels in consecutive years where
    there are at least three; otherwise it is composed as ``(1 + real growth) × (1 +
    deflator growth) − 1`` from ``grdp_real`` and ``grdp_deflator`` (for the embedded
    data: the city's real growth and, lacking a city deflator, Viet Nam's GDP deflator).

    Examples
    --------
    >>> import warnings, hpforecast as hpf
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     b = hpf.calibration.fit_buoyancy()
    >>> b.n, bool(b.beta > 0)
    (6, True)
    """
    from statsmodels.api import OLS, add_constant

    if data is not None and not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a history table or a wide year × indicator DataFrame "
                        f"holding {indicator!r} and nominal GRDP (or real GRDP and the "
                        f"deflator); got {type(data).__name__}. A Series holds one indicator "
                        "and cannot give both sides of the regression.")
    if not isinstance(indicator, str):
        raise TypeError(f"indicator must be an indicator name (str); got {indicator!r}.")
    if indicator == "grdp_nominal" or _driver_of(indicator) == "grdp_nominal":
        raise ValueError(f"indicator {indicator!r} is nominal GRDP itself; buoyancy "
                         "regresses another indicator (revenue) on nominal GRDP growth.")
    start, end = _check_year(start, "start"), _check_year(end, "end")
    series, _ = _collect(data, [indicator], boundary, "iid")
    rev = series[0].growth
    try:
        nom = _collect(data, ["grdp_nominal"], boundary, "iid")[0][0]
        nominal, how = nom.growth, nom.source
    except ValueError:
        nominal, how = pd.Series(dtype=float), ""
    if len(nominal) < 3:
        try:
            real, defl = (_collect(data, [n], boundary, "iid")[0][0]
                          for n in ("grdp_real", "grdp_deflator"))
        except ValueError as exc:
            raise ValueError(f"buoyancy of {indicator!r} needs nominal GRDP growth: "
                             "grdp_nominal levels in at least three consecutive years, or "
                             f"grdp_real and grdp_deflator ({exc})") from None
        nominal = ((1 + real.growth) * (1 + defl.growth) - 1).dropna()
        how = (f"(1 + real growth) × (1 + deflator growth) − 1; real: {real.source}; "
               f"deflator: {defl.source}")
    df = pd.concat({indicator: rev, "grdp_nominal": nominal}, axis=1).dropna()
    if len(df) and np.allclose(df[indicator].to_numpy(), df["grdp_nominal"].to_numpy(),
                               rtol=0, atol=1e-12):
        raise ValueError(f"the nominal GRDP growth found ({how}) is the growth of "
                         f"{indicator!r} itself; give data with a separate grdp_nominal "
                         "column (levels) or grdp_real and grdp_deflator.")
    if start is not None:
        df = df[df.index >= start]
    if end is not None:
        df = df[df.index <= end]
    df.index.name = "year"
    if len(df) < 3:
        raise ValueError(f"buoyancy of {indicator!r} needs at least 3 years with both "
                         f"its growth and nominal GRDP growth; got {len(df)}.")
    if len(df) < 10:
        warnings.warn(f"short sample for the buoyancy of {indicator!r}: {len(df)} years "
                      f"({int(df.index[0])}–{int(df.index[-1])}); β is very uncertain.",
                      UserWarning, stacklevel=2)
    res = OLS(df[indicator].to_numpy(), add_constant(df["grdp_nominal"].to_numpy())).fit()
    params, bse = np.asarray(res.params), np.asarray(res.bse)
    return Buoyancy(indicator=indicator, beta=float(params[1]), beta_se=float(bse[1]),
                    intercept=float(params[0]), intercept_se=float(bse[0]),
                    resid_sd=float(math.sqrt(res.scale)), r_squared=float(res.rsquared),
                    n=len(df), data=df, nominal_source=how, result=res)


# ================================================================= plan realism


@dataclass(frozen=True, eq=False)
class PlanRealism:
    """How outcomes have compared with official plans: the outcome − plan gaps.

    Attributes
    ----------
    indicator : str
    record : pandas.DataFrame
        The rows of :func:`hpforecast.plan_record` used (one per year).
    gaps : pandas.Series
        Outcome − plan by year (fractions for growth indicators).
    """

    indicator: str
    record: pd.DataFrame = field(repr=False)
    gaps: pd.Series = field(repr=False)

    @property
    def n(self) -> int:
        """Number of years with both a plan and an outcome."""
        return int(self.gaps.size)

    @property
    def mean(self) -> float:
        """Mean gap: the optimism bias (negative when plans overshoot outcomes)."""
        return float(self.gaps.mean())

    @property
    def sd(self) -> float:
        """Sample sd (n − 1) of the gaps: the plan's uncertainty."""
        return float(self.gaps.std(ddof=1))

    @property
    def se(self) -> float:
        """Standard error of the mean gap."""
        return self.sd / math.sqrt(self.n)

    def distribution(self) -> Normal:
        """Normal(mean gap, sd of gaps)."""
        return Normal(self.mean, self.sd)

    def adjust(self, plan: float) -> Normal:
        """A plan figure corrected by the record: Normal(plan + mean gap, sd of gaps)."""
        p = V.check_fraction_growth(plan, "plan")
        return Normal(p + self.mean, self.sd)

    @property
    def summary(self) -> pd.DataFrame:
        """One row: ``indicator, mean_gap, sd_gap, se_mean, n, share_met, start, end``."""
        met = self.record.loc[self.gaps.index, "met"].astype(bool)
        return pd.DataFrame([{"indicator": self.indicator, "mean_gap": self.mean,
                              "sd_gap": self.sd, "se_mean": self.se, "n": self.n,
                              "share_met": float(met.mean()),
                              "start": int(self.gaps.index.min()),
                              "end": int(self.gaps.index.max())}]).set_index("indicator")

    def __repr__(self) -> str:
        return (f"PlanRealism({self.indicator!r}, mean gap {self.mean:+.4f}, sd {self.sd:.4f}, "
                f"n={self.n})")

    def _repr_html_(self) -> str:
        return (f"<p><b>Plan realism</b> of {self.indicator}: outcomes were on average "
                f"{self.mean:+.4f} from plan (sd {self.sd:.4f}, n = {self.n}).</p>"
                + self.record.loc[self.gaps.index, ["boundary", "plan", "outcome", "gap",
                                                    "met"]].to_html(na_rep=""))


def plan_realism(
    indicator: str = "grdp_growth_real",
    *,
    start: int | None = None,
    end: int | None = None,
    history: pd.DataFrame | None = None,
) -> PlanRealism:
    """The distribution of outcome − plan gaps, from :func:`hpforecast.plan_record`.

    Its mean is the optimism bias, its spread the plan's uncertainty (the practice of the
    UK Office for Budget Responsibility, which sizes fan charts from past errors).

    Parameters
    ----------
    indicator : str, default "grdp_growth_real"
        A growth indicator with plan rows (catalogue measure ``growth``). Level
        indicators (``budget_revenue``, ``fdi_registered``, ...) are refused: their
        outcome − plan gaps are in the indicator's unit and grow with its scale, so
        their mean and sd are not a distribution to correct a plan by.
    start, end : int, optional
        Years to use (default: every year with a plan and an outcome).
    history : DataFrame, optional
        A tidy history table (default: the embedded one).

    Returns
    -------
    PlanRealism
        ``mean``, ``sd``, ``n``, ``gaps``, ``summary``, ``distribution()``,
        ``adjust(plan)``.

    Raises
    ------
    ValueError
        For an indicator that is not a growth rate, an indicator without plans (from
        :func:`hpforecast.plan_record`) or fewer than two years with both a plan and an
        outcome.
    TypeError
        For ``history`` that is not a DataFrame.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> pr = hpf.plan_realism()
    >>> pr.n, round(pr.mean, 4), round(pr.sd, 4)
    (9, -0.007, 0.0231)
    """
    start, end = _check_year(start, "start"), _check_year(end, "end")
    if history is not None:
        if not isinstance(history, pd.DataFrame):
            raise TypeError(f"history must be a tidy history table (DataFrame) or None; "
                            f"got {type(history).__name__}.")
        history = _as_history(history)
    if not isinstance(indicator, str):
        raise TypeError(f"indicator must be an indicator name (str); got {indicator!r}.")
    cat = _catalogue()
    if indicator in cat.index and cat.at[indicator, "measure"] != "growth":
        growth = sorted(i for i in cat.index if cat.at[i, "measure"] == "growth")
        raise ValueError(f"plan realism needs a growth indicator; {indicator!r} is a "
                         f"{cat.at[indicator, 'measure']} (unit {cat.at[indicator, 'unit']}), "
                         "whose outcome − plan gaps scale with its size. Growth indicators: "
                         f"{', '.join(growth)}.")
    rec = plan_record(indicator, history=history)
    rec = rec[rec["outcome"].notna()]
    if start is not None:
        rec = rec[rec.index >= start]
    if end is not None:
        rec = rec[rec.index <= end]
    if len(rec) < 2:
        raise ValueError(f"plan realism of {indicator!r} needs at least two years with a "
                         f"plan and an outcome; got {len(rec)}.")
    gaps = rec["gap"].astype(float).rename("gap")
    return PlanRealism(indicator=indicator, record=rec, gaps=gaps)


def _plan_gaps_spliced(indicator: str, history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Plan, outcome and gap by year on the spliced boundary (old city, then merged).

    :func:`hpforecast.plan_record` with ``boundary="spliced"``: the plan is the one for
    the same territory as the spliced outcome series (used by the backtest's plan
    benchmark); with no plan rows, an empty table (columns ``boundary, plan, outcome,
    gap``).
    """
    try:
        rec = plan_record(indicator, boundary="spliced", history=history)
    except ValueError as exc:
        if "no plan record" not in str(exc):
            raise
        return pd.DataFrame(columns=["boundary", "plan", "outcome", "gap"])
    return rec[["boundary", "plan", "outcome", "gap"]].astype(
        {"plan": float, "outcome": float, "gap": float})
