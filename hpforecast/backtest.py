"""Rolling-origin backtests: have forecasts made this way been right before?

At each origin year ``T`` the model is refitted with :func:`hpforecast.calibrate` on the
record up to ``T`` only, turned into a scenario and simulated by the engine; its forecasts
of the next ``horizon`` years are then scored against what happened, next to naive
benchmarks that get a spread from their own past errors:

- ``naive_last``: growth stays at last year's rate;
- ``naive_mean``: growth is the historical mean up to ``T``;
- ``plan``: the official plan for ``T + 1`` (one year ahead only, where a plan exists).

Each benchmark's forecast is Normal(point, rms of the same rule's errors on outcomes known
at ``T``), so that coverage and CRPS compare like with like.

Scores: coverage of the central 50/80/90 % bands, PIT values ``u = F̂(y)`` (uniform when
the forecasts are calibrated) and the CRPS, ``E|X − y| − ½ E|X − X'|``.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special

from . import _validation as V
from .calibration import MODELS, _collect, _plan_gaps_spliced, calibrate
from .engine import simulate
from .scenario import DRIVERS

__all__ = ["backtest", "Backtest", "crps_ensemble", "crps_normal", "BENCHMARKS"]

#: Naive benchmarks offered.
BENCHMARKS = ("naive_last", "naive_mean", "plan")
_LEVELS = (0.50, 0.80, 0.90)
_QUANTILES = (0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95)
_INV_SQRT_PI = 1.0 / math.sqrt(math.pi)
# Placeholder drivers for series that are not the engine's (levels start at 1.0; only
# growth is scored). grdp_nominal is left out: it cannot sit next to grdp_real.
_PLACEHOLDERS = tuple(d for d in DRIVERS if d != "grdp_nominal")


def crps_ensemble(ensemble, observation) -> np.ndarray:
    """CRPS of an ensemble forecast, ``E|X − y| − ½ E|X − X'|`` over its members.

    Uses the sorted-sample identity ``E|X − X'| = (2 / m²) Σ_i (2i − m − 1) x_(i)``, so
    the cost is that of a sort, ``O(m log m)``.

    Parameters
    ----------
    ensemble : array_like
        Members on the last axis, shape ``(..., m)``.
    observation : array_like
        Outcomes, shape ``(...)`` (broadcast against the ensemble without its last axis).

    Returns
    -------
    numpy.ndarray
        CRPS, shape ``(...)``, in the unit of the data (lower is better).

    Examples
    --------
    >>> from hpforecast.backtest import crps_ensemble
    >>> float(crps_ensemble([0.0, 1.0], 0.0))
    0.25
    """
    x = np.sort(np.asarray(ensemble, dtype=float), axis=-1)
    y = np.asarray(observation, dtype=float)
    m = x.shape[-1]
    if m < 1:
        raise ValueError("ensemble must have at least one member.")
    term1 = np.mean(np.abs(x - y[..., None]), axis=-1)
    w = 2.0 * np.arange(1, m + 1) - m - 1
    term2 = 2.0 * np.sum(w * x, axis=-1) / m ** 2
    return term1 - 0.5 * term2


def crps_normal(mean, sd, observation) -> np.ndarray:
    """Closed-form CRPS of a Normal forecast: ``σ [z (2Φ(z) − 1) + 2φ(z) − 1/√π]``.

    Examples
    --------
    >>> from hpforecast.backtest import crps_normal
    >>> round(float(crps_normal(0.0, 1.0, 0.0)), 4)
    0.2337
    """
    mean, sd, y = (np.asarray(a, dtype=float) for a in (mean, sd, observation))
    z = (y - mean) / sd
    pdf = np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    return sd * (z * (2 * special.ndtr(z) - 1) + 2 * pdf - _INV_SQRT_PI)


def _score_ensemble(x: np.ndarray, y: float) -> dict:
    q = np.quantile(x, _QUANTILES)
    row = {f"q{int(round(100 * p)):02d}": v for p, v in zip(_QUANTILES, q)}
    row.update(mean=float(x.mean()), sd=float(x.std(ddof=1)), pit=float(np.mean(x <= y)),
               crps=float(crps_ensemble(x, y)))
    for c in _LEVELS:
        lo, hi = np.quantile(x, [(1 - c) / 2, (1 + c) / 2])
        row[f"in_{int(100 * c)}"] = bool(lo <= y <= hi)
    return row


def _score_normal(mu: float, sd: float, y: float) -> dict:
    row = {f"q{int(round(100 * p)):02d}": mu + sd * special.ndtri(p) for p in _QUANTILES}
    z = (y - mu) / sd
    row.update(mean=mu, sd=sd, pit=float(special.ndtr(z)), crps=float(crps_normal(mu, sd, y)))
    for c in _LEVELS:
        row[f"in_{int(100 * c)}"] = bool(abs(z) <= special.ndtri((1 + c) / 2))
    return row


@dataclass(frozen=True, eq=False)
class Backtest:
    """Per-origin forecasts and their scores, from :func:`backtest`.

    Attributes
    ----------
    forecasts : pandas.DataFrame
        One row per model, origin, horizon and target: ``model, origin, horizon, year,
        target`` (``"growth"``: yearly growth in ``year``; ``"level"``: the level in
        ``year`` relative to the origin's, as cumulative growth), ``outcome, mean, sd,
        q05 … q95, pit, crps, in_50, in_80, in_90``. Fractions.
    model : str
    indicator : str
    horizon : int
    seed : int
    notes : tuple of str
        Origins skipped and warnings raised by the refits.
    """

    forecasts: pd.DataFrame = field(repr=False)
    model: str
    indicator: str
    horizon: int
    parameter_uncertainty: bool
    n_paths: int
    seed: int
    notes: tuple = ()

    def summarise(self, target: str = "growth", *, by_horizon: bool = False) -> pd.DataFrame:
        """Coverage, CRPS and counts per model (and horizon).

        Parameters
        ----------
        target : {"growth", "level"}, default "growth"
        by_horizon : bool, default False

        Returns
        -------
        pandas.DataFrame
            Indexed by ``model`` (and ``horizon``): ``coverage_50, coverage_80,
            coverage_90`` (share of outcomes inside the central band), ``crps`` (mean),
            ``n_forecasts``, ``mean_pit`` (0.5 when unbiased), ``bias`` (mean outcome −
            median).
        """
        V.check_choice(target, "target", ("growth", "level"))
        f = self.forecasts[self.forecasts["target"] == target]
        keys = ["model", "horizon"] if by_horizon else ["model"]
        order = {m: i for i, m in enumerate([self.model, *BENCHMARKS])}
        g = f.assign(err=f["outcome"] - f["q50"]).groupby(keys, sort=False)
        out = pd.DataFrame({
            "coverage_50": g["in_50"].mean(), "coverage_80": g["in_80"].mean(),
            "coverage_90": g["in_90"].mean(), "crps": g["crps"].mean(),
            "n_forecasts": g.size(), "mean_pit": g["pit"].mean(), "bias": g["err"].mean()})
        out = out.sort_index(key=lambda idx: idx.map(lambda m: order.get(m, 99))
                             if idx.name == "model" else idx)
        return out

    @property
    def summary(self) -> pd.DataFrame:
        """:meth:`summarise` on yearly growth: one row per model (the chosen one first)."""
        return self.summarise("growth")

    def pit(self, model: str | None = None, target: str = "growth") -> pd.Series:
        """PIT values of one model's forecasts, indexed by ``origin`` and ``horizon``.

        Uniform on (0, 1) when the forecasts are calibrated; plot them as a histogram.
        """
        model = self.model if model is None else model
        known = sorted(set(self.forecasts["model"]))
        V.check_choice(model, "model", known)
        V.check_choice(target, "target", ("growth", "level"))
        f = self.forecasts[(self.forecasts["model"] == model)
                           & (self.forecasts["target"] == target)]
        return f.set_index(["origin", "horizon"])["pit"].rename(f"pit_{model}")

    def __repr__(self) -> str:
        s = self.summary
        return (f"Backtest(model={self.model!r}, indicator={self.indicator!r}, "
                f"horizon={self.horizon}, n_forecasts={dict(s['n_forecasts'])})")

    def _repr_html_(self) -> str:
        f = self.forecasts
        mine = f[f["model"] == self.model]
        head = (f"<p><b>Backtest</b> of <code>{self.model}</code> on {self.indicator}: "
                f"{mine['origin'].nunique()} origins "
                f"({int(mine['origin'].min()) if len(mine) else '–'}–"
                f"{int(mine['origin'].max()) if len(mine) else '–'}), horizons 1–"
                f"{self.horizon}; refitted at each origin on the record known then. Scored "
                "on yearly growth; coverage should be near 0.5 / 0.8 / 0.9.</p>")
        notes = "".join(f"<li>{n}</li>" for n in self.notes)
        return (head + self.summary.to_html(float_format=lambda x: f"{x:.3f}")
                + (f"<ul>{notes}</ul>" if notes else ""))


def _benchmark_rows(name: str, g: pd.Series, origin: int, horizon: int,
                    plans: pd.Series | None, min_errors: int) -> list[dict]:
    """Forecast rows of one naive rule at one origin, for every horizon and target."""
    years = g.index
    rows = []

    def point(t: int, h: int, target: str) -> float | None:
        if name == "naive_last":
            p = g.get(t)
        elif name == "naive_mean":
            past = g[years <= t]
            p = past.mean() if len(past) else None
        else:
            if h != 1 or plans is None or (t + 1) not in plans.index:
                return None
            p = plans[t + 1]
        if p is None or pd.isna(p):
            return None
        return float(p) if target == "growth" else float((1 + p) ** h - 1)

    def outcome(t: int, h: int, target: str) -> float | None:
        if target == "growth":
            return float(g[t + h]) if (t + h) in years else None
        need = [t + j for j in range(1, h + 1)]
        if not all(y in years for y in need):
            return None
        return float(np.prod(1 + g[need].to_numpy()) - 1)

    for h in range(1, horizon + 1):
        if name == "plan" and h > 1:
            break
        for target in ("growth", "level"):
            y = outcome(origin, h, target)
            p = point(origin, h, target)
            if y is None or p is None:
                continue
            errors = []
            for t in range(int(years.min()), origin - h + 1):
                pt, yt = point(t, h, target), outcome(t, h, target)
                if pt is not None and yt is not None:
                    errors.append(yt - pt)
            if len(errors) < min_errors:
                continue
            sd = math.sqrt(float(np.mean(np.square(errors))))
            if sd <= 0:
                continue
            rows.append({"model": name, "origin": origin, "horizon": h, "year": origin + h,
                         "target": target, "outcome": y, **_score_normal(p, sd, y),
                         "n_train": len(errors)})
    return rows


def backtest(
    data: pd.DataFrame | pd.Series | None = None,
    *,
    model: str = "ar1",
    indicator: str | None = None,
    indicators: Sequence[str] | None = None,
    origins: Sequence[int] | None = None,
    horizon: int = 1,
    min_train: int | None = None,
    start: int | None = None,
    parameter_uncertainty: bool = True,
    n_paths: int = 2000,
    n_draws: int = 2000,
    benchmarks: Sequence[str] = BENCHMARKS,
    plans: pd.Series | None = None,
    min_errors: int = 3,
    boundary: str = "spliced",
    seed: int = 2030,
) -> Backtest:
    """Rolling-origin evaluation of a calibrated model against naive benchmarks.

    At each origin ``T`` the model is refitted on growth up to ``T`` only (nothing later
    is used), turned into a scenario from ``T`` to ``T + horizon`` and simulated by the
    engine; outcomes are scored on yearly growth (and on the level at each horizon,
    relative to the origin's level).

    Parameters
    ----------
    data : DataFrame or Series, optional
        As for :func:`hpforecast.calibrate` (default: the embedded history).
    model : {"iid", "ar1", "var"}, default "ar1"
    indicator : str, optional
        The series scored (default: the Series' name, ``grdp_real`` in the history, or
        the first of ``indicators``).
    indicators : list of str, optional
        For ``"var"``: the indicators of the VAR (must include ``indicator``).
    origins : sequence of int, optional
        Origin years (the last year known). Default: every year with at least
        ``min_train`` years of growth up to it and an outcome after it.
    horizon : int, default 1
        Years ahead scored from each origin (1 to 10).
    min_train : int, optional
        Fewest years of growth to fit at an origin (default 5 for ``iid`` and ``ar1``,
        4 + 2 per indicator for ``var``); origins with fewer are skipped.
    start : int, optional
        First year of growth used.
    parameter_uncertainty : bool, default True
    n_paths : int, default 2000
        Paths simulated per origin.
    n_draws : int, default 2000
        Parameter draws per refit.
    benchmarks : sequence of str, default all of :data:`BENCHMARKS`
    plans : Series, optional
        Official plan figures of the indicator's growth by year (fractions), for the
        ``plan`` benchmark; default from the history's plan rows (spliced boundary) when
        ``data`` is a history table.
    min_errors : int, default 3
        Fewest past errors that give a benchmark its spread; earlier origins are not
        scored for that benchmark.
    boundary : str, default "spliced"
    seed : int, default 2030

    Returns
    -------
    Backtest
        ``forecasts`` (DataFrame), ``summary`` (one row per model: ``coverage_50,
        coverage_80, coverage_90, crps, n_forecasts, mean_pit, bias``), ``pit()``,
        ``summarise(target="level", by_horizon=True)``.

    Raises
    ------
    ValueError
        For an unknown model or benchmark, a horizon outside 1–10, origins outside the
        record, or no origin that can be scored.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> bt = hpf.backtest(hpf.load_history(), model="iid", n_paths=500, n_draws=500)
    >>> list(bt.summary.columns[:5])
    ['coverage_50', 'coverage_80', 'coverage_90', 'crps', 'n_forecasts']
    >>> int(bt.summary.loc["iid", "n_forecasts"])
    4
    """
    V.check_choice(model, "model", MODELS)
    horizon = V.check_int(horizon, "horizon", low=1)
    if horizon > 10:
        raise ValueError(f"horizon must be between 1 and 10 years; got {horizon}.")
    n_paths = V.check_int(n_paths, "n_paths", low=100)
    n_draws = V.check_int(n_draws, "n_draws", low=100)
    min_errors = V.check_int(min_errors, "min_errors", low=1)
    seed = V.check_int(seed, "seed", low=0)
    if isinstance(benchmarks, str):
        benchmarks = [benchmarks]
    for b in benchmarks:
        V.check_choice(b, "benchmarks", BENCHMARKS)
    if not isinstance(parameter_uncertainty, bool):
        raise TypeError(f"parameter_uncertainty must be True or False; got "
                        f"{parameter_uncertainty!r}.")

    if model == "var":
        names = list(indicators) if indicators is not None else None
        if names is None or len(names) < 2:
            raise ValueError(f"model 'var' needs indicators= with at least two names; got "
                             f"{indicators!r}.")
        indicator = indicator or names[0]
        if indicator not in names:
            raise ValueError(f"indicator {indicator!r} must be one of indicators {names}.")
    else:
        names = None if indicator is None else [indicator]
    series, label = _collect(data, names, boundary, model)
    by_name = {s.name: s for s in series}
    indicator = indicator or series[0].name
    fit_names = [s.name for s in series]
    g = by_name[indicator].growth.copy()
    g.index = g.index.astype(int)
    if start is not None:
        g = g[g.index >= V.check_int(start, "start")]
    if len(g) < 2:
        raise ValueError(f"the record of {indicator!r} has {len(g)} years of growth; a "
                         "backtest needs at least two.")
    k = len(fit_names)
    min_train = (5 if model != "var" else 4 + 2 * k) if min_train is None else \
        V.check_int(min_train, "min_train", low=2)
    if model == "var":
        common = pd.concat({s.name: s.growth for s in series}, axis=1).dropna().index
        avail = pd.Index(sorted(int(y) for y in common))
    else:
        avail = g.index
    if origins is None:
        origins = [int(t) for t in avail if (avail <= t).sum() >= min_train
                   and any((t + h) in g.index for h in range(1, horizon + 1))]
    else:
        origins = [V.check_int(t, "origins") for t in origins]
        bad = [t for t in origins if t not in avail or t >= int(g.index.max())]
        if bad:
            raise ValueError(f"origins must be years of the record before its last year "
                             f"({int(avail.min())}–{int(g.index.max()) - 1}); got {bad}.")
    if not origins:
        raise ValueError(f"no origin has {min_train} years of growth before it and an "
                         f"outcome after it ({indicator!r}: {int(g.index.min())}–"
                         f"{int(g.index.max())}); lower min_train.")

    if plans is None and "plan" in benchmarks and isinstance(data, pd.DataFrame | None) \
            and label in ("embedded history", "history table"):
        from .calibration import GROWTH_SERIES, _catalogue

        gname = indicator if indicator in _catalogue().index and \
            _catalogue().at[indicator, "measure"] == "growth" else GROWTH_SERIES.get(indicator)
        if gname:
            hist = None if data is None else _collect_hist(data)
            gaps = _plan_gaps_spliced(gname, hist)
            plans = gaps["plan"].dropna() if len(gaps) else None
    if plans is not None:
        if not isinstance(plans, pd.Series):
            raise TypeError(f"plans must be a Series of plan growth by year; got "
                            f"{type(plans).__name__}.")
        plans = plans.dropna().astype(float)
        plans.index = plans.index.astype(int)

    placeholder = {n: _PLACEHOLDERS[i] for i, n in enumerate(fit_names)}
    rows, notes, caught_all = [], [], []
    for origin in origins:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                fit = calibrate(data, indicators=fit_names, model=model, start=start,
                                end=origin, parameter_uncertainty=parameter_uncertainty,
                                boundary=boundary, n_draws=n_draws, seed=seed + origin)
            except ValueError as exc:
                notes.append(f"origin {origin} skipped: {exc}")
                continue
        caught_all.extend(str(w.message) for w in caught)
        if fit.last_year != origin:
            notes.append(f"origin {origin} skipped: the record of the fit ends in "
                         f"{fit.last_year}.")
            continue
        n_train = len(fit.growth[indicator].dropna())
        if n_train < min_train:
            notes.append(f"origin {origin} skipped: {n_train} years of growth < min_train.")
            continue
        sc = fit.scenario(base_year=origin, end_year=origin + horizon, driver=placeholder)
        sc = sc.replace(base_values={d: 1.0 for d in placeholder.values()})
        sim = simulate(sc, n_paths=n_paths, seed=seed + origin)
        paths = sim.growth_paths(placeholder[indicator])
        for h in range(1, horizon + 1):
            y = origin + h
            if y in g.index:
                rows.append({"model": model, "origin": origin, "horizon": h, "year": y,
                             "target": "growth", "outcome": float(g[y]),
                             **_score_ensemble(paths[:, h - 1], float(g[y])),
                             "n_train": n_train})
            need = list(range(origin + 1, y + 1))
            if all(t in g.index for t in need):
                out = float(np.prod(1 + g[need].to_numpy()) - 1)
                ens = np.prod(1 + paths[:, :h], axis=1) - 1
                rows.append({"model": model, "origin": origin, "horizon": h, "year": y,
                             "target": "level", "outcome": out, **_score_ensemble(ens, out),
                             "n_train": n_train})
        for b in benchmarks:
            rows.extend(_benchmark_rows(b, g[g.index <= int(g.index.max())], origin, horizon,
                                        plans, min_errors))
    if caught_all:
        kinds = sorted({m.split(":")[0] for m in caught_all})
        notes.append(f"{len(caught_all)} warnings from the refits ({'; '.join(kinds)}).")
    if not any(r["model"] == model for r in rows):
        raise ValueError(f"no origin could be scored for model {model!r}: "
                         + " ".join(notes[:3]))
    cols = ["model", "origin", "horizon", "year", "target", "outcome", "mean", "sd",
            *[f"q{int(round(100 * p)):02d}" for p in _QUANTILES], "pit", "crps",
            "in_50", "in_80", "in_90", "n_train"]
    forecasts = pd.DataFrame(rows, columns=cols)
    return Backtest(forecasts=forecasts, model=model, indicator=indicator, horizon=horizon,
                    parameter_uncertainty=parameter_uncertainty, n_paths=n_paths, seed=seed,
                    notes=tuple(notes))


def _collect_hist(data: pd.DataFrame) -> pd.DataFrame:
    from .data import HISTORY_COLUMNS, read_history

    if set(HISTORY_COLUMNS) <= set(data.columns) and data["preferred"].dtype == bool:
        return data
    return read_history(data)
