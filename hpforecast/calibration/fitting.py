"""Fitting: the models of yearly growth, fitted with statsmodels, and calibrate().

This module owns :func:`hpforecast.calibrate`: which model it uses when none is given
(:func:`default_model`), which sample a model is fitted to (each series' last run of
consecutive years, the fewest and the advised numbers of points), the fits themselves
(``iid``: mean and sample sd; ``ar1``: statsmodels ``ARIMA(1, 0, 0)``; ``var``:
statsmodels ``VAR(1)``; ``rtm``: the record filtered with the panel parameters of
:mod:`hpforecast.calibration.rtm`) and the estimated sampling distribution of their
parameters. It makes the :class:`~hpforecast.calibration.Calibration` result; the result
never calls back here.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from .. import _validation as V
from .._warnings import DegenerateFitWarning, ShortSampleWarning
from ..data import catalogue
from .draws import ParameterDistribution, seed_as_int, shock_correlation, var_parts
from .result import Calibration
from .rtm import RTMDistribution, RTMParameters, check_reference, rtm_parameters
from .series import GrowthSeries, check_year, collect_series, is_history_table, years_of

__all__ = ["MODELS", "calibrate", "default_model"]

#: Models offered by :func:`calibrate`.
MODELS = ("iid", "ar1", "var", "rtm")
#: Fewest growth points a model can be fitted to, and the fewest for a reliable fit
#: (``var``: 2K + 2 and 8 + 4K for K indicators, see :func:`_points_needed`; ``rtm``
#: pools a short record toward its reference, so 5 points are enough to use).
_MIN_POINTS = {"iid": 2, "ar1": 4, "rtm": 2}
_ADVISED_POINTS = {"iid": 8, "ar1": 15, "rtm": 5}
#: Catalogue indicators that are real output: the ``rtm`` panel (real GDP) applies.
_REAL_OUTPUT = ("grdp_real", "grdp_growth_real")


def default_model(indicators: Sequence[str], *, horizon: int | None = None) -> str:
    """The model :func:`calibrate` and :func:`hpforecast.backtest` use without ``model=``.

    ``"rtm"`` (regression to the mean, estimated on a panel of economies) for questions
    beyond one year about one series of real output: ``grdp_real`` (or its growth), or
    a series the catalogue does not know (a user's real GDP). Otherwise the defaults
    are as before issue 13: ``"iid"`` for :func:`calibrate` (``horizon=None``) and
    ``"ar1"`` for a backtest, which one year ahead keeps ``"ar1"`` for every series —
    the panel evaluation found the existing models' one-year bands about right and
    ``rtm``'s a little wide there.

    Parameters
    ----------
    indicators : sequence of str
        The indicators to be fitted.
    horizon : int, optional
        Years ahead being scored (a backtest); None for a calibration, whose scenario
        runs several years (to 2030 by default).

    Returns
    -------
    str

    Examples
    --------
    >>> from hpforecast.calibration import default_model
    >>> default_model(["grdp_real"]), default_model(["grdp_real"], horizon=1)
    ('rtm', 'ar1')
    >>> default_model(["grdp_deflator"]), default_model(["grdp_real", "grdp_deflator"])
    ('iid', 'iid')
    """
    names = list(indicators)
    cat = catalogue()
    output = len(names) == 1 and (names[0] in _REAL_OUTPUT or names[0] not in cat.index)
    if output and (horizon is None or horizon > 1):
        return "rtm"
    return "iid" if horizon is None else "ar1"


def calibrate(
    data: pd.DataFrame | pd.Series | None = None,
    *,
    indicators: str | Sequence[str] | None = None,
    model: str | None = None,
    start: int | None = None,
    end: int | None = None,
    parameter_uncertainty: bool = True,
    boundary: str = "spliced",
    n_draws: int = 4000,
    seed: int | np.random.Generator | None = 2030,
    reference: float | str | pd.Series | None = None,
    panel: str | RTMParameters = "pwt91",
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
    model : {"rtm", "iid", "ar1", "var"}, optional
        ``rtm``: regression to the mean — the long-run mean pooled toward a reference
        growth, regressing toward it as a panel of economies shows
        (:mod:`hpforecast.calibration.rtm`); one series of real output. ``iid``: mean and
        sample sd of yearly growth. ``ar1``: statsmodels ``ARIMA(order=(1, 0, 0))``,
        forecasts from the last observed growth. ``var``: statsmodels ``VAR`` with one
        lag across several indicators. Default :func:`default_model`: ``rtm`` for one
        series of real output, else ``iid``.
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
    reference : float, str or Series, optional
        ``rtm``: what the long-run mean regresses toward. None: the panel's (all
        economies, 3.4 %/yr on PWT 9.1); a growth rate; a boundary of the history
        (``"vietnam"``) or a Series of yearly growth: that record's own outlook, drawn
        per path (a province toward its country).
    panel : str or RTMParameters, default "pwt91"
        ``rtm``: its panel parameters (:func:`~hpforecast.calibration.rtm_parameters`).

    Returns
    -------
    Calibration
        With ``summary`` (a DataFrame), ``band_widening()``, ``scenario()`` and
        ``predictive_paths()``; renders as HTML in a notebook.

    Raises
    ------
    ValueError
        For an unknown model or indicator (listing the known ones), too few points for
        the model to be fitted at all (2 for ``iid`` and ``rtm``, 4 for ``ar1``, 2K + 2
        common points for a ``var`` of K indicators), a Series with missing,
        non-positive or non-annual values, ``start`` after ``end``, ``rtm`` with several
        indicators, ``reference`` without ``model="rtm"`` or a reference record that
        does not reach the fit's last year.
    TypeError
        For data of the wrong type.

    Warns
    -----
    ShortSampleWarning
        When the sample is short for the model (fewer than 8 points for ``iid``, 15 for
        ``ar1``, 5 for ``rtm``, 8 + 4 per indicator for ``var``), when gaps shorten it,
        or when fewer than 4 common years leave the correlation of several series at 0.
    DegenerateFitWarning
        When an indicator's growth is constant (sd ≈ 0), the AR(1) likelihood
        optimisation did not converge, the VAR is explosive, or the VAR's shock
        covariance cannot be drawn and is held at its estimate.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> fit = hpf.calibrate(hpf.load_history(), indicators="grdp_real", model="iid")
    >>> fit.summary.loc[("grdp_real", "mean"), "estimate"].round(4)
    np.float64(0.1292)
    >>> fit.summary.loc[("grdp_real", "mean"), "n"]
    np.int64(9)
    >>> hpf.calibrate().model                      # one series of real output
    'rtm'
    """
    start, end, n_draws = _check_arguments(model, parameter_uncertainty, start, end, n_draws)
    seed_int = seed_as_int(seed)
    series, label = collect_series(data, indicators, boundary, model or "iid")
    model = model or default_model([s.name for s in series])
    _check_model(model, [s.name for s in series], reference)
    kept = _sample(series, model, start, end)
    _check_sample(kept, model, parameter_uncertainty)
    if model == "var":
        est = _fit_var(kept, parameter_uncertainty)
    elif model == "rtm":
        ref, ref_label = _reference_record(reference, data, series[0].name, start, kept)
        est = _fit_rtm(kept, _panel_parameters(panel), ref, ref_label)
    else:
        est = _fit_univariate(kept, model)
    return _calibration(model, series, label, kept, est, parameter_uncertainty, n_draws,
                        seed_int)


def _check_arguments(model, parameter_uncertainty, start, end, n_draws) -> tuple:
    """calibrate()'s model name, flag, years and number of draws, checked."""
    if model is not None:
        V.check_choice(model, "model", MODELS)
    if not isinstance(parameter_uncertainty, bool):
        raise TypeError(f"parameter_uncertainty must be True or False; got "
                        f"{parameter_uncertainty!r}.")
    start, end = check_year(start, "start"), check_year(end, "end")
    if start is not None and end is not None and start > end:
        raise ValueError(f"start must not be after end; got start={start}, end={end}.")
    return start, end, V.check_int(n_draws, "n_draws", low=100)


def _check_model(model: str, names: list[str], reference: object) -> None:
    """Refuse a model the indicators or the reference do not fit."""
    if model == "var" and len(names) < 2:
        raise ValueError(f"model 'var' needs at least two indicators; got {names!r}. Use "
                         "'ar1' for one.")
    if model == "rtm" and len(names) != 1:
        raise ValueError(f"model 'rtm' fits one indicator (real output growth); got "
                         f"{names!r}. Fit them one at a time, or use 'var' for several "
                         "together.")
    if model != "rtm" and reference is not None:
        raise ValueError(f"reference is for model 'rtm' (what the long-run mean regresses "
                         f"toward); got reference={reference!r} with model {model!r}.")


def _calibration(model: str, series: Sequence[GrowthSeries], label: str,
                 kept: Mapping[str, pd.Series], est: _Estimates, parameter_uncertainty: bool,
                 n_draws: int, seed: int) -> Calibration:
    """The result of a fit: estimates, the sample and where it came from."""
    names = list(kept)
    growth = pd.concat(kept, axis=1)
    growth.index.name = "year"
    params = pd.DataFrame(est.rows).set_index(["indicator", "parameter"])
    source = {s.name: s.source for s in series}
    params["source"] = [source[i] for i in params.index.get_level_values(0)]
    return Calibration(
        model=model, indicators=tuple(names),
        drivers=MappingProxyType({s.name: s.driver for s in series}), growth=growth,
        mean=est.mean, A=est.A, sigma=est.sigma,
        last=np.array([kept[n].iloc[-1] for n in names]),
        last_year=int(kept[names[0]].index[-1]), parameter_uncertainty=parameter_uncertainty,
        n_draws=n_draws, seed=seed,
        sources=MappingProxyType(source),
        levels=MappingProxyType({s.name: s.levels for s in series}), data_label=label,
        params=params, results=MappingProxyType(est.results),
        parameter_distribution=est.distribution)


# ------------------------------------------------------------------------ the sample


def _sample(series: Sequence[GrowthSeries], model: str, start: int | None,
            end: int | None) -> dict[str, pd.Series]:
    """Each series' growth in ``start``–``end`` (common years only for a VAR); AR models
    and VARs keep each series' last run of consecutive years, with a warning for gaps."""
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
    kept = {}
    for n in names:
        col = table[n].dropna()
        if model != "iid":
            col, dropped = _contiguous_tail(col)
            if dropped:
                warnings.warn(f"{n!r}: the record has gaps; the {model} fit uses "
                              f"{int(col.index[0])}–{int(col.index[-1])} only "
                              f"({len(dropped)} earlier years left out).", ShortSampleWarning,
                              stacklevel=3)
        kept[n] = col
    return kept


def _contiguous_tail(growth: pd.Series) -> tuple[pd.Series, list[int]]:
    """The last run of consecutive years without gaps; and the years dropped."""
    years = growth.index.to_numpy()
    if len(years) < 2:
        return growth, []
    gaps = np.where(np.diff(years) != 1)[0]
    if not len(gaps):
        return growth, []
    first = gaps[-1] + 1
    return growth.iloc[first:], list(years[:first])


def _points_needed(model: str, k: int) -> tuple[int, int]:
    """(fewest, advised) growth points for ``model`` with ``k`` indicators.

    VAR(1) with K indicators on n growth points: T = n − 1 observations and K + 1
    coefficients per equation, so the residual covariance has T − 1 − K degrees of
    freedom and is singular unless T − 1 − K ≥ K, i.e. n ≥ 2K + 2.
    """
    return _MIN_POINTS.get(model, 2 * k + 2), _ADVISED_POINTS.get(model, 8 + 4 * k)


def _check_sample(kept: Mapping[str, pd.Series], model: str,
                  parameter_uncertainty: bool) -> None:
    """Refuse a sample too short to fit or whose series end in different years; warn
    when it is short or a series is constant."""
    k = len(kept)
    hard, advised = _points_needed(model, k)
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
                      f"{model} fit says nothing about uncertainty.", DegenerateFitWarning,
                      stacklevel=3)
    short = {n: len(c) for n, c in kept.items() if len(c) < advised}
    if short:
        warnings.warn(f"short sample for model {model!r}: "
                      + ", ".join(f"{n} has {m} years" for n, m in short.items())
                      + f" (at least {advised} advised); the estimates are very uncertain"
                      + (" — parameter uncertainty is on and widens the bands accordingly."
                         if parameter_uncertainty else
                         " and parameter uncertainty is off, so the bands are too narrow."),
                      ShortSampleWarning, stacklevel=3)
    last_years = {int(c.index[-1]) for c in kept.values()}
    if len(last_years) > 1:
        raise ValueError(f"the indicators' records end in different years "
                         f"({', '.join(f'{n}: {int(c.index[-1])}' for n, c in kept.items())}); "
                         "give end= a year all of them reach.")


# ---------------------------------------------------------------------- the fits


@dataclass(frozen=True)
class _Estimates:
    """What a fit hands to :class:`Calibration`: point estimates, the summary rows, the
    statsmodels results and the sampling distribution of the parameters."""

    mean: np.ndarray
    A: np.ndarray
    sigma: np.ndarray
    rows: list
    results: dict
    distribution: ParameterDistribution | RTMDistribution


def _fit_univariate(kept: Mapping[str, pd.Series], model: str) -> _Estimates:
    """``iid`` or ``ar1`` fitted to each series; shocks correlated as their residuals."""
    rows, estimates, results = [], {}, {}
    for n, col in kept.items():
        y = col.to_numpy()
        est = _fit_iid(y) if model == "iid" else _fit_ar1(y, n)
        est["n"] = len(y)
        estimates[n] = est
        results[n] = est["result"]
        for p, e, se, lo, hi in est["rows"]:
            rows.append({"indicator": n, "parameter": p, "estimate": e, "std_err": se,
                         "ci_low": lo, "ci_high": hi, "n": len(y),
                         "start": int(col.index[0]), "end": int(col.index[-1])})
    names = list(kept)
    mean = np.array([estimates[n]["mean"] for n in names])
    A = np.diag([estimates[n]["phi"] for n in names])
    sds = np.array([math.sqrt(estimates[n].get("s2_point", estimates[n]["s2"]))
                    for n in names])
    sigma = _residual_correlation(kept, estimates) * np.outer(sds, sds)
    return _Estimates(mean, A, sigma, rows, results,
                      ParameterDistribution(model, estimates, shock_correlation(sigma)))


def _residual_correlation(kept: Mapping[str, pd.Series], estimates: Mapping) -> np.ndarray:
    """Correlation of the series' residuals in their common years (identity for one
    series, and with a warning for fewer than 4 common years)."""
    names = list(kept)
    if len(names) == 1:
        return np.eye(1)
    res = pd.DataFrame({n: pd.Series(estimates[n]["resid"],
                                     index=kept[n].index[-len(estimates[n]["resid"]):])
                        for n in names}).dropna()
    if len(res) >= 4:
        return np.corrcoef(res.to_numpy().T)
    warnings.warn(f"fewer than 4 common years for the correlation of "
                  f"{', '.join(names)}; taken as 0.", ShortSampleWarning, stacklevel=4)
    return np.eye(len(names))


def _fit_iid(y: np.ndarray) -> dict:
    """Mean and sample sd, with t and χ² intervals."""
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
    """statsmodels ``ARIMA(1, 0, 0)`` with a constant; a DegenerateFitWarning when its
    likelihood optimisation did not converge."""
    from statsmodels.tools.sm_exceptions import ConvergenceWarning
    from statsmodels.tsa.arima.model import ARIMA

    with warnings.catch_warnings():
        # Reported below from the result, with the series named, instead.
        warnings.simplefilter("ignore", ConvergenceWarning)
        res = ARIMA(y, order=(1, 0, 0), trend="c").fit(cov_type="oim")
    if not (getattr(res, "mle_retvals", None) or {}).get("converged", True):
        warnings.warn(f"AR(1) fit of {name!r}: statsmodels' maximum-likelihood "
                      f"optimisation did not converge (see fit.results[{name!r}]"
                      ".mle_retvals); the estimates may be poor.", DegenerateFitWarning,
                      stacklevel=4)
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


def _fit_var(kept: Mapping[str, pd.Series], parameter_uncertainty: bool) -> _Estimates:
    """statsmodels ``VAR(1)`` with a constant on the years common to every series."""
    from scipy import stats
    from statsmodels.tsa.api import VAR

    growth = pd.concat(kept, axis=1)
    names, k = list(kept), len(kept)
    res = VAR(growth.to_numpy()).fit(1, trend="c")
    _, A, mean = var_parts(res)
    if np.max(np.abs(np.linalg.eigvals(A))) >= 1:
        warnings.warn("the fitted VAR is explosive (an eigenvalue of A is ≥ 1 in "
                      "modulus); its forecasts diverge.", DegenerateFitWarning, stacklevel=3)
    sigma = np.asarray(res.sigma_u, dtype=float)
    if parameter_uncertainty and int(res.nobs) - 1 - k < k + 2:
        warnings.warn(f"the VAR has {int(res.nobs)} observations for {k} indicators: too "
                      "few to draw the shock covariance (inverse Wishart needs "
                      f"{2 * k + 3}); it is held at its estimate and only the "
                      "coefficients are drawn.", DegenerateFitWarning, stacklevel=3)
    bse = np.asarray(res.bse, dtype=float)
    B = np.asarray(res.params, dtype=float)
    tq = stats.t.ppf(0.975, max(int(res.nobs) - B.shape[0], 1))
    rows = []
    for i, n in enumerate(names):
        for j, p in enumerate(["const"] + [f"L1.{m}" for m in names]):
            rows.append({"indicator": n, "parameter": p, "estimate": B[j, i],
                         "std_err": bse[j, i], "ci_low": B[j, i] - tq * bse[j, i],
                         "ci_high": B[j, i] + tq * bse[j, i]})
        rows.append({"indicator": n, "parameter": "mean", "estimate": mean[i]})
        rows.append({"indicator": n, "parameter": "sigma", "estimate": math.sqrt(sigma[i, i])})
    for r in rows:
        r.update(n=len(growth), start=int(growth.index[0]), end=int(growth.index[-1]))
    return _Estimates(mean, A, sigma, rows, {"var": res},
                      ParameterDistribution("var", {}, shock_correlation(sigma),
                                            var_result=res))


# ------------------------------------------------------------------------- rtm


def _panel_parameters(panel: object) -> RTMParameters:
    """``panel=`` as the rtm panel parameters."""
    if isinstance(panel, RTMParameters):
        return panel
    if not isinstance(panel, str):
        raise TypeError(f"panel must be a shipped panel name ('pwt91', 'pwt56') or an "
                        f"RTMParameters; got {panel!r} of type {type(panel).__name__}.")
    return rtm_parameters(panel)


def _reference_record(reference: object, data: object, name: str, start: int | None,
                      kept: Mapping[str, pd.Series]) -> tuple[object, str]:
    """``reference=`` of an rtm fit as None, a growth rate or a record of growth rates
    (ending in the fit's last year: nothing later is used), and its description."""
    end = int(kept[name].index[-1])
    if reference is None or isinstance(reference, (int, float, np.integer, np.floating)):
        ref = check_reference(reference)
        return ref, ("all economies of the panel" if ref is None
                     else f"{100 * ref:.2f} %/yr (given)")
    if isinstance(reference, str):
        if data is not None and not is_history_table(data):
            raise ValueError(f"reference={reference!r} names a boundary of the history; "
                             "with a Series or a wide table give the reference record as a "
                             "Series of yearly growth indexed by year.")
        series, _ = collect_series(data, [name], reference, "rtm")
        growth, where = series[0].growth, f"{reference} ({series[0].source})"
    elif isinstance(reference, pd.Series):
        growth = pd.Series(pd.to_numeric(reference, errors="coerce").to_numpy(float),
                           index=years_of(reference.index, "reference")).dropna()
        where = f"the Series {reference.name!r}" if reference.name else "the Series given"
    else:
        raise TypeError(f"reference must be None, a growth rate, a boundary of the history "
                        f"('vietnam') or a Series of yearly growth; got {reference!r}.")
    growth = growth.sort_index()
    growth.index = growth.index.astype(int)
    growth = growth[(growth.index <= end) & (growth.index >= (start or -10 ** 6))]
    if not len(growth) or int(growth.index[-1]) != end:
        raise ValueError(f"reference: the reference record must reach the fit's last year "
                         f"{end} (nothing later is used); {where} has "
                         f"{', '.join(map(str, growth.index)) or 'no years'}.")
    years = growth.index.to_numpy()
    first = np.where(np.diff(years) != 1)[0]
    if len(first):
        growth = growth.iloc[first[-1] + 1:]
    rec = check_reference(growth.to_numpy())
    return rec, (f"its own rtm outlook, drawn per path, from {where} "
                 f"{int(growth.index[0])}–{end}")


def _fit_rtm(kept: Mapping[str, pd.Series], parameters: RTMParameters, reference: object,
             reference_label: str) -> _Estimates:
    """The record and the panel parameters of ``rtm``; summary rows of both."""
    (name, col), = kept.items()
    y = col.to_numpy(dtype=float)
    dist = RTMDistribution(check_reference(y), parameters, reference, reference_label)
    long_run, share = dist.long_run()
    ref = math.expm1(dist.median_reference())
    common = {"indicator": name, "n": len(y), "start": int(col.index[0]),
              "end": int(col.index[-1])}
    rows = [{**common, "parameter": k, "estimate": parameters.estimate[k],
             "std_err": parameters.std_err[k], "ci_low": parameters.ci_low[k],
             "ci_high": parameters.ci_high[k]} for k in parameters.estimate]
    rows += [{**common, "parameter": "reference", "estimate": ref},
             {**common, "parameter": "long_run_mean", "estimate": long_run},
             {**common, "parameter": "share_kept", "estimate": share}]
    p = parameters.estimate
    return _Estimates(mean=np.array([long_run]), A=np.array([[p["rho"]]]),
                      sigma=np.array([[p["sigma"] ** 2]]), rows=rows,
                      results={name: None}, distribution=dist)
