"""Rolling-origin backtests: have forecasts made this way been right before?

At each origin year ``T`` the model is refitted with :func:`hpforecast.calibrate` on the
record up to ``T`` only, turned into a scenario and simulated by the engine; its forecasts
of the next ``horizon`` years are then scored against what happened, next to naive
benchmarks that get a spread from their own past errors:

- ``naive_last``: growth stays at last year's rate;
- ``naive_mean``: growth is the historical mean up to ``T``;
- ``plan``: the official plan for ``T + 1`` (one year ahead only, where a plan exists
  that was adopted by the end of ``T``: see below).

Each benchmark's forecast is Normal(point, rms of the same rule's errors on outcomes known
at ``T``), so that coverage and CRPS compare like with like.

The plan benchmark's plans are given by ``plans=`` (each taken as known at the end of the
year before the year it is for) or, when ``data`` is a history table, taken from its plan
rows on the spliced boundary (:func:`hpforecast.calibration.spliced_plan_gaps`). A
history plan for year ``Y`` is used at origin ``Y − 1`` only if it was adopted by the end
of ``Y − 1``, by the document date of the matching annual plan in the embedded targets
(so the merged city's 2025 plan, NQ 42/NQ-HĐND of July 2025, and the Government's NQ
25/NQ-CP of February 2025 are not used at origin 2024); a plan without a known date is
assumed adopted in the December before its year. The backtest's ``notes`` list both cases.

Scores: coverage of the central 50/80/90 % bands, PIT values ``u = F̂(y)`` (uniform when
the forecasts are calibrated) and the CRPS, ``E|X − y| − ½ E|X − X'|``.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special

from . import _validation as V
from ._warnings import IgnoredArgumentWarning
from .calibration import (
    DRIVER_OF_GROWTH,
    MODELS,
    GrowthSeries,
    calibrate,
    checked_history,
    collect_series,
    default_model,
    growth_series_of,
    is_history_table,
    names_of,
    spliced_plan_gaps,
    years_of,
)
from .progress import check_progress, progress_bar
from .simulation import simulate
from .scenario import DRIVERS

__all__ = ["backtest", "Backtest", "crps_ensemble", "crps_normal", "BENCHMARKS"]

#: Naive benchmarks offered.
BENCHMARKS = ("naive_last", "naive_mean", "plan")
_LEVELS = (0.50, 0.80, 0.90)
_QUANTILES = (0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95)
_INV_SQRT_PI = 1.0 / math.sqrt(math.pi)
#: Columns of :attr:`Backtest.forecasts`.
_COLUMNS = ["model", "origin", "horizon", "year", "target", "outcome", "mean", "sd",
            *[f"q{int(round(100 * p)):02d}" for p in _QUANTILES], "pit", "crps",
            "in_50", "in_80", "in_90", "n_train"]
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

    With ``sd = 0`` (a point forecast) the CRPS is the absolute error ``|y − μ|``.

    Raises
    ------
    ValueError
        For a negative or non-finite ``sd``.

    Examples
    --------
    >>> from hpforecast.backtest import crps_normal
    >>> round(float(crps_normal(0.0, 1.0, 0.0)), 4)
    0.2337
    >>> round(float(crps_normal(0.1, 0.0, 0.13)), 4)
    0.03
    """
    mean, sd, y = (np.asarray(a, dtype=float) for a in (mean, sd, observation))
    if np.any(~np.isfinite(sd)) or np.any(sd < 0):
        bad = sd[~(np.isfinite(sd) & (sd >= 0))] if sd.ndim else sd
        raise ValueError(f"sd must be finite and >= 0; got {float(np.ravel(bad)[0])!r}.")
    pos = sd > 0
    safe = np.where(pos, sd, 1.0)
    z = (y - mean) / safe
    pdf = np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    val = safe * (z * (2 * special.ndtr(z) - 1) + 2 * pdf - _INV_SQRT_PI)
    return np.where(pos, val, np.abs(y - mean))


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

    def summarise(self, target: str = "growth", *, by_horizon: bool = False,
                  common: bool = True) -> pd.DataFrame:
        """Coverage, CRPS and counts per model (and horizon), on a shared forecast set.

        Models do not forecast the same (origin, horizon) pairs: a benchmark needs
        ``min_errors`` past errors before its first forecast, and ``plan`` forecasts one
        year ahead only, where a plan was known. Scores over different pairs are not
        comparable, so by default (``common=True``) every model is scored on the same
        pairs:

        * ``by_horizon=False``: the models in the table are the chosen model and the
          benchmarks that forecast at every horizon it does; a model that lacks whole
          horizons (``plan`` when ``horizon > 1``) is left out of this table and shown,
          at the horizons it has, by ``by_horizon=True``. Each row is computed on the
          (origin, horizon) pairs that all models in the table have.
        * ``by_horizon=True``: at each horizon, the models with forecasts at that
          horizon, each scored on the origins they all share there.

        If the models share no pair, the benchmark with the fewest forecasts is left out
        (repeatedly) until they do; the chosen model is always kept. ``common=False``
        scores each model on all of its own forecasts (not comparable across rows).

        Parameters
        ----------
        target : {"growth", "level"}, default "growth"
        by_horizon : bool, default False
        common : bool, default True

        Returns
        -------
        pandas.DataFrame
            Indexed by ``model`` (and ``horizon``): ``coverage_50, coverage_80,
            coverage_90`` (share of outcomes inside the central band), ``crps`` (mean),
            ``n_forecasts`` (the shared count when ``common``), ``mean_pit`` (0.5 when
            unbiased), ``bias`` (mean outcome − median), ``pairs`` (``"shared"`` or
            ``"own"``).
        """
        V.check_choice(target, "target", ("growth", "level"))
        for val, nm in ((by_horizon, "by_horizon"), (common, "common")):
            if not isinstance(val, bool):
                raise TypeError(f"{nm} must be True or False; got {val!r}.")
        f = self.forecasts[self.forecasts["target"] == target]
        if common:
            f = _shared_pairs(f, self.model, by_horizon)
        keys = ["model", "horizon"] if by_horizon else ["model"]
        order = {m: i for i, m in enumerate([self.model, *BENCHMARKS])}
        g = f.assign(err=f["outcome"] - f["q50"]).groupby(keys, sort=False)
        out = pd.DataFrame({
            "coverage_50": g["in_50"].mean(), "coverage_80": g["in_80"].mean(),
            "coverage_90": g["in_90"].mean(), "crps": g["crps"].mean(),
            "n_forecasts": g.size(), "mean_pit": g["pit"].mean(), "bias": g["err"].mean()})
        out["pairs"] = "shared" if common else "own"
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


def _common_origins(sets: dict, chosen: str) -> tuple[list, set]:
    """Models kept and the pairs they all share; drop the smallest benchmark until any."""
    models = list(sets)
    while True:
        shared = set.intersection(*(sets[m] for m in models)) if models else set()
        if shared or len(models) <= 1:
            return models, shared
        others = [m for m in models if m != chosen] or models
        models.remove(min(others, key=lambda m: len(sets[m])))


def _shared_pairs(f: pd.DataFrame, chosen: str, by_horizon: bool) -> pd.DataFrame:
    """The rows of ``f`` on the (origin, horizon) pairs shared by the compared models."""
    if f.empty:
        return f
    if by_horizon:
        parts = []
        for _, fh in f.groupby("horizon", sort=True):
            sets = {m: set(d["origin"]) for m, d in fh.groupby("model", sort=False)}
            models, shared = _common_origins(sets, chosen)
            parts.append(fh[fh["model"].isin(models) & fh["origin"].isin(shared)])
        return pd.concat(parts)
    pairs = {m: set(zip(d["origin"], d["horizon"])) for m, d in f.groupby("model", sort=False)}
    hs = {h for _, h in pairs.get(chosen, set())} or set(f["horizon"])
    full = {m: p for m, p in pairs.items() if {h for _, h in p} >= hs}
    models, shared = _common_origins(full, chosen)
    in_shared = np.array([p in shared for p in zip(f["origin"], f["horizon"])], dtype=bool)
    return f[f["model"].isin(models).to_numpy() & in_shared]


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
    model: str | None = None,
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
    progress: bool | None = None,
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
    model : {"rtm", "iid", "ar1", "var"}, optional
        Default (:func:`hpforecast.calibration.default_model`): ``"rtm"`` for real output
        when ``horizon > 1``; otherwise ``"ar1"`` as before (one year ahead the panel
        evaluation found its bands about right).
    indicator : str, optional
        The series scored (default: the Series' name, ``grdp_real`` in the history, a
        wide table's first column, or the first of ``indicators``). For ``"iid"`` and
        ``"ar1"`` only this series is fitted; other columns of a wide table are ignored.
    indicators : str or list of str, optional
        For ``"var"``: the indicators of the VAR (at least two; must include
        ``indicator``). Given for another model, an :class:`~hpforecast.IgnoredArgumentWarning`
        says that only one indicator (``indicator``, else the first of these) is used.
    origins : int or sequence of int, optional
        Origin years (the last year known). Default: every year from ``start`` with at
        least ``min_train`` years of growth up to it and an outcome after it.
    horizon : int, default 1
        Years ahead scored from each origin (1 to 10).
    min_train : int, optional
        Fewest years of growth to fit at an origin (default 5 for ``iid`` and ``ar1``,
        4 + 2 per indicator for ``var``); origins with fewer are skipped.
    start : int, optional
        First year of growth used.
    parameter_uncertainty : bool, default True
    n_paths, n_draws : int, default 2000
        Paths simulated per origin; parameter draws per refit.
    benchmarks : sequence of str, default all of :data:`BENCHMARKS`
    plans : Series, optional
        Plan figures of the indicator's growth by year (fractions, integer year index)
        for the ``plan`` benchmark. Default: the history's plans, each used only once it
        was adopted (see the module notes).
    min_errors : int, default 3
        Fewest past errors that give a benchmark its spread; earlier origins are not
        scored for that benchmark.
    boundary : str, default "spliced"
    seed : int, default 2030
    progress : bool or None, default None
        A bar over the origins: None only in a terminal or a notebook, True, False.

    Returns
    -------
    Backtest
        ``forecasts``, ``summary`` (every model scored on the same (origin, horizon)
        pairs: see :meth:`Backtest.summarise`), ``pit()``, ``notes``: origins whose refit,
        scenario or simulation failed (``"origin T skipped: <reason>"``) and the refits'
        warnings, counted by class.

    Raises
    ------
    ValueError, TypeError
        For an unknown model or benchmark, a horizon outside 1–10, origins outside the
        record, no origin that can be scored, or arguments of the wrong type (named).

    Examples
    --------
    >>> import hpforecast as hpf
    >>> bt = hpf.backtest(hpf.load_history(), model="iid", n_paths=500, n_draws=500)
    >>> list(bt.summary.columns[:5])
    ['coverage_50', 'coverage_80', 'coverage_90', 'crps', 'n_forecasts']
    >>> bt.summary["n_forecasts"].tolist()      # shared by all four models
    [3, 3, 3, 3]
    """
    if model is not None:
        V.check_choice(model, "model", MODELS)
    horizon, n_paths, n_draws, min_errors, seed, start = _check_sizes(
        horizon, n_paths, n_draws, min_errors, seed, start)
    benchmarks = _check_benchmarks(benchmarks)
    _check_flags(parameter_uncertainty, indicator)
    indicators = names_of(indicators)
    origins = _check_origins(origins)
    indicator, names = _names_to_fit(data, model, indicator, indicators)
    series, _ = collect_series(data, names, boundary, model or "ar1")
    indicator = indicator or series[0].name
    model = model or default_model([indicator], horizon=horizon)
    g = _scored_growth(series, indicator, start)
    min_train = (5 if model != "var" else 4 + 2 * len(series)) if min_train is None else \
        V.check_int(min_train, "min_train", low=2)
    origins = _origin_years(origins, series, g, model, start, min_train, horizon, indicator)
    plans, notes = _plan_benchmark(data, indicator, plans, benchmarks)
    refit = _Refit(data=data, names=[s.name for s in series], indicator=indicator,
                   model=model, start=start, parameter_uncertainty=parameter_uncertainty,
                   boundary=boundary, n_draws=n_draws, n_paths=n_paths, seed=seed,
                   min_train=min_train, horizon=horizon)
    rows = _forecast_rows(refit, origins, g, benchmarks, plans, min_errors, notes,
                          check_progress(progress))
    return Backtest(forecasts=pd.DataFrame(rows, columns=_COLUMNS), model=model,
                    indicator=indicator, horizon=horizon,
                    parameter_uncertainty=parameter_uncertainty, n_paths=n_paths, seed=seed,
                    notes=tuple(notes))


# ------------------------------------------------------------- checks and choices


def _check_sizes(horizon, n_paths, n_draws, min_errors, seed, start) -> tuple:
    horizon = V.check_int(horizon, "horizon", low=1)
    if horizon > 10:
        raise ValueError(f"horizon must be between 1 and 10 years; got {horizon}.")
    return (horizon, V.check_int(n_paths, "n_paths", low=100),
            V.check_int(n_draws, "n_draws", low=100),
            V.check_int(min_errors, "min_errors", low=1), V.check_int(seed, "seed", low=0),
            None if start is None else V.check_int(start, "start"))


def _check_benchmarks(benchmarks) -> list[str]:
    if isinstance(benchmarks, str):
        benchmarks = [benchmarks]
    if not isinstance(benchmarks, Sequence):
        raise TypeError(f"benchmarks must be a name or a list of names from "
                        f"{', '.join(BENCHMARKS)}; got {benchmarks!r}.")
    for b in benchmarks:
        V.check_choice(b, "benchmarks", BENCHMARKS)
    return list(benchmarks)


def _check_flags(parameter_uncertainty, indicator) -> None:
    if not isinstance(parameter_uncertainty, bool):
        raise TypeError(f"parameter_uncertainty must be True or False; got "
                        f"{parameter_uncertainty!r}.")
    if indicator is not None and not isinstance(indicator, str):
        raise TypeError(f"indicator must be an indicator name (str); got {indicator!r} of "
                        f"type {type(indicator).__name__}.")


def _check_origins(origins) -> list | None:
    if isinstance(origins, numbers.Integral) and not isinstance(origins, bool):
        return [int(origins)]
    if origins is not None and (not isinstance(origins, Sequence | np.ndarray | pd.Index)
                                or isinstance(origins, str)):
        raise TypeError(f"origins must be a year or a list of years; got {origins!r}.")
    return origins


def _names_to_fit(data, model: str | None, indicator: str | None,
                  indicators: list[str] | None) -> tuple[str | None, list[str] | None]:
    """The scored indicator (None: the data's default) and the indicators to fit."""
    if model == "var":
        if indicators is None or len(indicators) < 2:
            raise ValueError(f"model 'var' needs indicators= with at least two names; got "
                             f"{indicators!r}.")
        if len(indicators) > len(_PLACEHOLDERS):
            raise ValueError(f"model 'var' can backtest at most {len(_PLACEHOLDERS)} "
                             f"indicators; got {len(indicators)}.")
        indicator = indicator or indicators[0]
        if indicator not in indicators:
            raise ValueError(f"indicator {indicator!r} must be one of indicators "
                             f"{indicators}.")
        return indicator, indicators
    if indicators is not None:
        used = indicator or indicators[0]
        which = f"model {model!r}" if model else "the default model"
        warnings.warn(f"indicators= is for model 'var'; {which} is backtested on "
                      f"one indicator, {used!r}" + (f" (ignored: {indicators[1:]})"
                                                    if len(indicators) > 1 else "")
                      + ".", IgnoredArgumentWarning, stacklevel=3)
        indicator = used
    if indicator is None and isinstance(data, pd.DataFrame) and not is_history_table(data):
        if data.shape[1] == 0:
            raise ValueError("data has no columns.")
        indicator = str(data.columns[0])
    # Only the scored series is fitted: other columns of a wide table are ignored.
    return indicator, None if indicator is None else [indicator]


def _scored_growth(series: Sequence[GrowthSeries], indicator: str,
                   start: int | None) -> pd.Series:
    """Yearly growth of the scored indicator from ``start`` (at least two years)."""
    g = {s.name: s for s in series}[indicator].growth.copy()
    g.index = g.index.astype(int)
    if start is not None:
        g = g[g.index >= start]
    if len(g) < 2:
        raise ValueError(f"the record of {indicator!r} has {len(g)} years of growth; a "
                         "backtest needs at least two.")
    return g


def _origin_years(origins, series: Sequence[GrowthSeries], g: pd.Series, model: str,
                  start: int | None, min_train: int, horizon: int,
                  indicator: str) -> list[int]:
    """The origins asked (checked against the record) or every origin that can be scored."""
    if model == "var":
        common = pd.concat({s.name: s.growth for s in series}, axis=1).dropna().index
        avail = pd.Index(sorted(int(y) for y in common if start is None or int(y) >= start))
    else:
        avail = g.index
    if origins is None:
        origins = [int(t) for t in avail if (avail <= t).sum() >= min_train
                   and any((t + h) in g.index for h in range(1, horizon + 1))]
    else:
        origins = [V.check_int(t, "origins") for t in origins]
        bad = [t for t in origins if t not in avail or t >= int(g.index.max())]
        if bad:
            lo = int(avail.min()) if len(avail) else int(g.index.min())
            raise ValueError(f"origins must be years of the record before its last year "
                             f"({lo}–{int(g.index.max()) - 1}); got {bad}.")
    if not origins:
        raise ValueError(f"no origin has {min_train} years of growth before it and an "
                         f"outcome after it ({indicator!r}: {int(g.index.min())}–"
                         f"{int(g.index.max())}); lower min_train.")
    return origins


def _plan_benchmark(data, indicator: str, plans, benchmarks: Sequence[str]
                    ) -> tuple[pd.Series | None, list[str]]:
    """The plans of the ``plan`` benchmark (None: none), and notes on how they were
    chosen."""
    notes: list[str] = []
    if plans is None and "plan" in benchmarks and (data is None or is_history_table(data)):
        gname = growth_series_of(indicator)
        if gname:
            gaps = spliced_plan_gaps(gname, None if data is None else checked_history(data))
            if len(gaps):
                plans, plan_notes = _plans_known_in_time(gname, gaps)
                notes.extend(plan_notes)
    elif plans is not None:
        plans = _check_plans(plans)
        notes.append("plan benchmark: the plans given are taken as known at the end of the "
                     "year before the year they are for.")
    if plans is not None and plans.empty:
        plans = None
    return plans, notes


# ----------------------------------------------------------- refits and forecasts


@dataclass(frozen=True)
class _Refit:
    """How the model is refitted, turned into a scenario and simulated at an origin."""

    data: object
    names: list
    indicator: str
    model: str
    start: int | None
    parameter_uncertainty: bool
    boundary: str
    n_draws: int
    n_paths: int
    seed: int
    min_train: int
    horizon: int

    def paths(self, origin: int) -> tuple[np.ndarray, int]:
        """Simulated yearly growth of the scored indicator, ``(n_paths, horizon)``, and
        the years of growth the fit used; ValueError when the origin cannot be scored."""
        # Placeholder drivers for series that are not the engine's (levels start at 1.0;
        # only growth is scored).
        placeholder = {n: _PLACEHOLDERS[i] for i, n in enumerate(self.names)}
        fit = calibrate(self.data, indicators=self.names, model=self.model, start=self.start,
                        end=origin, parameter_uncertainty=self.parameter_uncertainty,
                        boundary=self.boundary, n_draws=self.n_draws, seed=self.seed + origin)
        if fit.last_year != origin:
            raise ValueError(f"the record of the fit ends in {fit.last_year}.")
        n_train = len(fit.growth[self.indicator].dropna())
        if n_train < self.min_train:
            raise ValueError(f"{n_train} years of growth < min_train.")
        sc = fit.scenario(base_year=origin, end_year=origin + self.horizon,
                          driver=placeholder)
        sc = sc.replace(base_values={d: 1.0 for d in placeholder.values()})
        sim = simulate(sc, n_paths=self.n_paths, seed=self.seed + origin)
        return sim.growth_paths(placeholder[self.indicator]), n_train


def _forecast_rows(refit: _Refit, origins: Sequence[int], g: pd.Series,
                   benchmarks: Sequence[str], plans: pd.Series | None, min_errors: int,
                   notes: list[str], progress: bool | None = None) -> list[dict]:
    """Scored forecasts of the model and the benchmarks at every origin the model
    could be refitted at; skipped origins and the refits' warnings go to ``notes``."""
    rows, caught_all = [], []
    for origin in progress_bar(origins, desc=f"backtest {refit.model}", progress=progress,
                               unit="origin"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                paths, n_train = refit.paths(origin)
            except ValueError as exc:     # includes numpy's LinAlgError
                notes.append(f"origin {origin} skipped: {exc}")
                paths = None
        # Warnings of every refit, including those that then failed.
        caught_all.extend((origin, record) for record in caught)
        if paths is None:
            continue
        rows.extend(_model_rows(refit.model, origin, paths, g, refit.horizon, n_train))
        for b in benchmarks:
            rows.extend(_benchmark_rows(b, g, origin, refit.horizon, plans, min_errors))
    if caught_all:
        notes.append(_warnings_note(caught_all))
    if not any(r["model"] == refit.model for r in rows):
        raise ValueError(f"no origin could be scored for model {refit.model!r}: "
                         + " ".join(notes[:3]))
    return rows


def _model_rows(model: str, origin: int, paths: np.ndarray, g: pd.Series, horizon: int,
                n_train: int) -> list[dict]:
    """Scored rows of the model's simulated paths at one origin: yearly growth and the
    level relative to the origin's, at every horizon with an outcome."""
    rows = []
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
    return rows


def _warnings_note(caught: Sequence[tuple[int, warnings.WarningMessage]]) -> str:
    """One note counting the refits' warnings by class, with the first of each."""
    by_class: dict[str, list[str]] = {}
    for origin, record in caught:
        by_class.setdefault(record.category.__name__, []).append(
            f"origin {origin}: {record.message}")
    kinds = "; ".join(f"{name} ×{len(texts)} (first: {texts[0]})"
                      for name, texts in by_class.items())
    return f"{len(caught)} warnings from the refits: {kinds}."


def _check_plans(plans) -> pd.Series:
    """User plans: a Series of growth fractions indexed by integer year."""
    if not isinstance(plans, pd.Series):
        raise TypeError(f"plans must be a Series of plan growth by year; got "
                        f"{type(plans).__name__}.")
    years = years_of(plans.index, "plans")
    vals = pd.to_numeric(plans, errors="coerce")
    bad = vals.isna() & plans.notna()
    if bad.any():
        raise TypeError(f"plans must hold numbers; got {plans[bad].iloc[0]!r}.")
    out = pd.Series(vals.to_numpy(dtype=float), index=years).dropna().sort_index()
    if (out.abs() > 1).any():
        raise ValueError(f"plans must be growth as a fraction per year, like 0.13; got "
                         f"{out[out.abs() > 1].iloc[0]!r}. Did you give a percentage?")
    return out


def _plans_known_in_time(gname: str, gaps: pd.DataFrame) -> tuple[pd.Series, list[str]]:
    """The history's plans, each kept only if adopted by the end of the year before it.

    A plan for year ``Y`` is the plan benchmark's forecast from origin ``Y − 1``: it
    must have been known then. Adoption dates come from the ``document_date`` of the
    matching annual plan in the embedded targets (same indicator, year, boundary and
    value); a plan without one is assumed adopted in the December before its year (the
    HĐND's practice), and the notes say which.
    """
    from .targets import load_targets

    driver = DRIVER_OF_GROWTH.get(gname, gname)
    dates: dict[int, tuple[int, str]] = {}
    for t in load_targets():
        if t.indicator not in (gname, driver) or t.measure != "average_growth" \
                or t.start != t.year - 1 or not t.document_date[:4].isdigit():
            continue
        if t.year in gaps.index and t.boundary == gaps.at[t.year, "boundary"] \
                and math.isclose(t.threshold, float(gaps.at[t.year, "plan"]), abs_tol=1e-9):
            dates[int(t.year)] = (int(t.document_date[:4]),
                                  f"{t.document}, {t.document_date}")
    keep, late, assumed = {}, [], []
    for y, p in gaps["plan"].dropna().items():
        y = int(y)
        if y in dates and dates[y][0] > y - 1:
            late.append(f"{y} ({dates[y][1]})")
            continue
        if y not in dates:
            assumed.append(y)
        keep[y] = float(p)
    notes = []
    if late:
        notes.append("plan benchmark: plans adopted after the end of the origin year are "
                     "not used (look-ahead): " + "; ".join(late) + ".")
    if assumed:
        notes.append("plan benchmark: no adoption date found for the plans of "
                     f"{', '.join(map(str, assumed))}; assumed adopted by the end of the "
                     "year before.")
    return pd.Series(keep, dtype=float).sort_index(), notes
