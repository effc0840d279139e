"""This year's outturn from the releases so far: bridge equations on partial-year figures.

Every July and October the statistics office publishes the cumulative growth of the first
half (H1) and of the first nine months (9M); in April, of the first quarter (Q1). A
*bridge* regresses the annual outturn on that figure over past years (Baffigi, Golinelli
& Parigi 2004) and gives the year's distribution given what is known:

- :func:`fit_bridge` fits the bridge (statsmodels OLS) on the embedded releases
  (:func:`hpforecast.load_partial_year`) and the annual record;
- :func:`nowcast` turns a partial figure into a :class:`Nowcast`: the year's
  distribution (OLS predictive Student t: parameter uncertainty plus the residual
  error), the probability of the annual plan, and what the remaining months must
  deliver;
- :meth:`Nowcast.scenario` (built on :func:`condition_on_first_year`) puts the nowcast
  into a five-year scenario, so every 2026–2030 probability updates with the half-year
  figure; :meth:`Nowcast.update` tabulates the change;
- :func:`nowcast_backtest` scores the bridge year by year, leaving each year out.

Vintage. The partial-year figures are first releases, and they track the year's *first*
annual estimate far better than the revised series (the revision from first to final is
itself a few tenths of a point). The bridge therefore predicts the first annual estimate
by default (``vintage="first"``): the figure the city announces in December or January
and judges its annual plan on. ``vintage="preferred"`` predicts the record's preferred
series instead (revised where a revision is recorded). The regressor is always the first
release of the partial figure, what a user knows at the time.

This module imports statsmodels (inside :func:`fit_bridge`), like
:mod:`hpforecast.calibration`.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
from scipy import special, stats

from . import _i18n as L
from . import _validation as V
from ._warnings import BoundaryWarning, ShortSampleWarning
from .data import (
    PERIODS,
    VINTAGES,
    annual_record,
    boundary_for,
    embedded_history,
    has_plan_record,
    partial_record,
    plan_record,
    unit_of,
)
from .distributions import Normal, StudentT
from .scenario import Scenario

__all__ = [
    "ADVISED_YEARS",
    "INDICATORS",
    "MIN_YEARS",
    "MODELS",
    "REMAINING",
    "Bridge",
    "Nowcast",
    "check_known",
    "NowcastBacktest",
    "PeriodWeight",
    "condition_on_first_year",
    "crps_student_t",
    "fit_bridge",
    "nowcast",
    "nowcast_backtest",
    "period_weight",
]

#: What can be nowcast: driver -> (history indicator of the annual outturn, kind).
#: ``growth``: the known value is the cumulative growth so far (a fraction);
#: ``flow``: the known value is the amount so far (catalogue unit of the driver).
INDICATORS = {
    "grdp_real": ("grdp_growth_real", "growth"),
    "budget_revenue": ("budget_revenue", "flow"),
    "fdi_registered": ("fdi_registered", "flow"),
    "port_cargo": ("port_cargo", "flow"),
}
#: Bridge models: ``gap`` (growth; the year = the partial figure + a mean gap, OLS on a
#: constant), ``slope`` (growth; OLS of the year on the partial figure, intercept and
#: slope), ``ratio`` (flows; the remaining months as a multiple of the months so far).
MODELS = {"growth": ("gap", "slope"), "flow": ("ratio",)}
#: The months still to come after each period.
REMAINING = {"Q1": "Q2–Q4", "H1": "H2", "9M": "Q4"}
#: Fewest past years a bridge is fitted on (fewer: ValueError).
MIN_YEARS = 3
#: Fewer past years than this: a ShortSampleWarning.
ADVISED_YEARS = 10
_FIT_BOUNDARIES = ("old_city", "hai_duong", "merged_city")


# --------------------------------------------------------------------------- scores


def crps_student_t(loc, scale, df, observation) -> np.ndarray:
    """CRPS of a Student t forecast (location ``loc``, scale, ``df`` > 1), closed form.

    ``scale * [z (2 F(z) - 1) + 2 f(z) (df + z²) / (df - 1)
    - 2 sqrt(df) B(1/2, df - 1/2) / ((df - 1) B(1/2, df/2)²)]`` with ``z = (y - loc) /
    scale`` and F, f the standard t (Jordan, Krüger & Lerch 2019, scoringRules); a point
    forecast (scale 0) scores ``|y - loc|``. Units of ``observation``.

    Examples
    --------
    >>> from hpforecast.nowcast import crps_student_t
    >>> round(float(crps_student_t(0.0, 1.0, 1e6, 0.0)), 4)  # the normal's 0.2337
    0.2337
    >>> float(crps_student_t(0.1, 0.0, 5, 0.13)).__round__(4)
    0.03
    """
    loc, scale, df, y = np.broadcast_arrays(*(np.asarray(a, dtype=float)
                                              for a in (loc, scale, df, observation)))
    if np.any(df <= 1):
        raise ValueError(f"df must be above 1 for the CRPS to exist; got {df.min()!r}.")
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (y - loc) / scale
        body = (z * (2 * stats.t.cdf(z, df) - 1) + 2 * stats.t.pdf(z, df) * (df + z * z)
                / (df - 1) - 2 * np.sqrt(df) * special.beta(0.5, df - 0.5)
                / ((df - 1) * special.beta(0.5, df / 2) ** 2))
        out = np.where(scale > 0, scale * body, np.abs(y - loc))
    return out[()] if out.ndim == 0 else out


# --------------------------------------------------------------------------- the weight


@dataclass(frozen=True)
class PeriodWeight:
    """The share of a period in the year's output: the weight of the cumulative arithmetic.

    With cumulative growth ``h`` of the months so far and ``r`` of the remaining months,
    the year's growth is ``g = w h + (1 - w) r``, where ``w`` is the share of the months
    so far in the *previous* year's output (both growth rates compare with the same
    months of that year). So the remaining months must deliver ``r = (g - w h) / (1 - w)``.

    Attributes
    ----------
    period : str
    value : float
        ``w``, a fraction.
    years : tuple of int
        The years it is measured on.
    how : str
        The computation and its data.
    """

    period: str
    value: float
    years: tuple[int, ...]
    how: str

    def remaining_growth(self, year_growth: float, so_far: float) -> float:
        """Growth of the remaining months that gives ``year_growth``: ``(g - w h) / (1 - w)``.

        Examples
        --------
        >>> from hpforecast.nowcast import PeriodWeight
        >>> PeriodWeight("H1", 0.5, (2018,), "").remaining_growth(0.13, 0.118)
        0.142
        """
        return round((year_growth - self.value * so_far) / (1.0 - self.value), 12)


def period_weight(period: str = "H1") -> PeriodWeight:
    """The share of the months so far in the previous year's real output, from the record.

    The releases of 2018 print the period's cumulative output at 2010 prices beside its
    growth (``grdp_real`` rows of :func:`hpforecast.load_partial_year`); divided by
    ``1 + growth`` that is the same months' output of 2017, and divided by 2017's annual
    output (``grdp_real`` in the history, on the same pre-revaluation basis) the share.
    Old city; no year of the merged city or of Hai Duong prints its levels, so the same
    shares serve them. Where several years are recorded the mean is used.

    Parameters
    ----------
    period : {"Q1", "H1", "9M"}

    Returns
    -------
    PeriodWeight

    Raises
    ------
    ValueError
        An unknown period, or no year with the levels needed.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> w = hpf.period_weight("H1")
    >>> round(w.value, 3), w.years
    (0.5, (2018,))
    """
    V.check_choice(period, "period", list(PERIODS))
    hist = embedded_history()
    shares, years, parts = [], [], []
    levels = partial_record("grdp_real", period, boundary="old_city", vintage="preferred")
    growth = partial_record("grdp_growth_real", period, boundary="old_city",
                            vintage="preferred")
    annual = annual_record("grdp_real", boundary="old_city", history=hist)
    for year, level in levels.items():
        if year in growth.index and year - 1 in annual.index:
            before = level / (1.0 + growth[year])
            shares.append(before / annual[year - 1])
            years.append(int(year))
            parts.append(f"{year}: {level:,.1f} / {1 + growth[year]:.4f} / "
                         f"{annual[year - 1]:,.1f} ({year - 1} output)")
    if not shares:
        raise ValueError(f"no year of the record gives the output of {period} and of the "
                         "year before; give weight= yourself.")
    how = ("share of the same months in the previous year's real output, old city, "
           "2010 prices before the December 2019 revaluation: " + "; ".join(parts))
    return PeriodWeight(period, float(np.mean(shares)), tuple(years), how)


# --------------------------------------------------------------------------- the bridge


@dataclass(frozen=True)
class Bridge:
    """A fitted bridge: the annual outturn on a partial-year figure (:func:`fit_bridge`).

    Attributes
    ----------
    indicator, period, vintage, model : str
        What was fitted (see :func:`fit_bridge`).
    fit_on : str
        The boundaries of the sample (``"spliced"`` or a comma-joined list).
    data : pandas.DataFrame
        The sample, indexed by ``year``: ``boundary``, ``partial`` (first release),
        ``annual`` (the vintage predicted) and ``response`` (what OLS regressed:
        ``annual − partial`` for ``gap``, ``annual`` for ``slope``, ``annual / partial −
        1`` for ``ratio``).
    params, bse : dict
        Estimates and standard errors: ``intercept`` (the mean gap, or the mean
        remaining-to-so-far ratio) and, for ``slope``, ``slope``.
    resid_sd : float
        Residual standard deviation (sqrt of OLS ``scale``).
    df : int
        Residual degrees of freedom, ``n - k``.
    n : int
    result : statsmodels RegressionResults
        The fit itself (``result.get_prediction`` reproduces :meth:`predict`).
    """

    indicator: str
    period: str
    vintage: str
    model: str
    fit_on: str
    data: pd.DataFrame = field(repr=False)
    params: Mapping
    bse: Mapping
    resid_sd: float
    df: int
    n: int
    result: Any = field(default=None, repr=False, compare=False)

    @property
    def years(self) -> tuple[int, ...]:
        """The sample's years."""
        return tuple(int(y) for y in self.data.index)

    def exog(self, partial: float) -> np.ndarray:
        """The regressors of a new year with ``partial`` known: ``[1]`` or ``[1, partial]``."""
        return np.array([1.0, partial]) if self.model == "slope" else np.array([1.0])

    def predict(self, partial: float) -> StudentT:
        """The predictive distribution of the year given the partial figure ``partial``.

        OLS predictive Student t: location ``x0'b``, scale ``sqrt(s² + x0' Cov(b) x0)``
        (residual error plus parameter uncertainty), ``n - k`` degrees of freedom — the
        observation interval of statsmodels' ``get_prediction(x0).summary_frame()``.
        Growth: the year's growth (``gap`` adds ``partial``). Flows: the year's total,
        ``partial × (1 + ratio)``.

        Examples
        --------
        >>> import hpforecast as hpf
        >>> b = hpf.fit_bridge("grdp_real", "H1")
        >>> d = b.predict(0.118)
        >>> round(d.mean - 0.118, 4) == round(b.params["intercept"], 4), d.df == b.n - 1
        (True, True)
        """
        x0 = self.exog(partial)
        cov = np.asarray(self.result.cov_params())
        loc = float(x0 @ np.array(list(self.params.values())))
        scale = math.sqrt(self.resid_sd ** 2 + float(x0 @ cov @ x0))
        if self.model == "gap":
            return StudentT(loc + partial, scale, float(self.df))
        if self.model == "ratio":
            return StudentT(partial * (1.0 + loc), partial * scale, float(self.df))
        return StudentT(loc, scale, float(self.df))

    def summary(self) -> pd.DataFrame:
        """Estimates: one row per parameter (``estimate``, ``se``), then ``resid_sd``, ``n``.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``term``; ``attrs`` hold the model, period, vintage and years.
        """
        rows = [{"term": k, "estimate": float(v), "se": float(self.bse[k])}
                for k, v in self.params.items()]
        rows += [{"term": "resid_sd", "estimate": self.resid_sd, "se": math.nan},
                 {"term": "n", "estimate": float(self.n), "se": math.nan}]
        out = pd.DataFrame(rows).set_index("term")
        out.attrs.update(model=self.model, period=self.period, vintage=self.vintage,
                         years=self.years, indicator=self.indicator, fit_on=self.fit_on)
        return out

    def _repr_html_(self) -> str:
        head = (f"<p>Bridge of {self.indicator} on {self.period} ({self.model}, "
                f"{self.vintage} vintage), {self.n} years {_years_text(self.years)}</p>")
        return head + self.summary().to_html(float_format=lambda x: f"{x:.4g}")


def _years_text(years: Sequence[int]) -> str:
    return ", ".join(str(y) for y in years)


def _check_indicator(indicator: object) -> str:
    if indicator in INDICATORS:
        return indicator  # type: ignore[return-value]
    hint = (" (the nowcast of real growth is indicator='grdp_real', the driver)"
            if indicator == "grdp_growth_real" else "")
    raise ValueError(f"indicator must be one of {', '.join(map(repr, INDICATORS))}; got "
                     f"{indicator!r}{hint}.")


def _check_model(model: object, kind: str) -> str:
    if model is None:
        return MODELS[kind][0]
    if model not in MODELS[kind]:
        raise ValueError(f"model must be one of {', '.join(map(repr, MODELS[kind]))} for a "
                         f"{kind} indicator; got {model!r}.")
    return model  # type: ignore[return-value]


def _check_fit_on(fit_on: object, boundary: str | None = None) -> tuple[str, ...] | str:
    if fit_on is None:
        return "spliced" if boundary in (None, "old_city", "merged_city") else (boundary,)
    if fit_on == "spliced":
        return "spliced"
    items = (fit_on,) if isinstance(fit_on, str) else fit_on
    if not isinstance(items, Sequence) or not items:
        raise TypeError(f"fit_on must be 'spliced', a boundary or a list of boundaries; "
                        f"got {fit_on!r}.")
    for b in items:
        V.check_choice(b, "fit_on", _FIT_BOUNDARIES)
    return tuple(dict.fromkeys(items))


def _sample(indicator: str, period: str, vintage: str, fit_on) -> pd.DataFrame:
    """Years with both a first partial release and an annual outturn, on ``fit_on``."""
    hist_ind, _ = INDICATORS[indicator]
    frames = []
    for b in (("spliced",) if fit_on == "spliced" else fit_on):
        part = partial_record(hist_ind, period, boundary=b, vintage="first")
        year = annual_record(hist_ind, boundary=b, vintage=vintage)
        both = pd.DataFrame({"partial": part, "annual": year}).dropna()
        both["boundary"] = [part.attrs["boundary"][y] for y in both.index]
        frames.append(both)
    out = pd.concat(frames).sort_index() if frames else pd.DataFrame()
    out.index.name = "year"
    return out[["boundary", "partial", "annual"]]


def fit_bridge(
    indicator: str = "grdp_real",
    period: str = "H1",
    *,
    vintage: str = "first",
    model: str | None = None,
    fit_on: str | Sequence[str] = "spliced",
    exclude: Sequence[int] = (),
    _stacklevel: int = 2,
) -> Bridge:
    """Fit the bridge of the annual outturn on a partial-year figure (statsmodels OLS).

    The sample: every year with both a first release of the period's figure
    (:func:`hpforecast.data.partial_record`) and an annual outturn in the vintage asked
    (:func:`hpforecast.data.annual_record`), on the boundaries of ``fit_on``.

    Models:

    - ``"gap"`` (growth, the default): ``annual − partial = a + e``, OLS on a constant.
      The slope on the partial figure is held at 1, as the arithmetic of cumulative
      growth suggests when nothing is known of the remaining months; with 7–12 years a
      fitted slope is poorly determined (with this record it scores worse than the naive
      rule in the leave-one-year-out backtest, :func:`nowcast_backtest`).
    - ``"slope"`` (growth): ``annual = a + b partial + e``.
    - ``"ratio"`` (flows, the only one): ``annual / partial − 1 = a + e``, the remaining
      months' flow as a multiple of the months so far (the record's seasonality).

    Parameters
    ----------
    indicator : {"grdp_real", "budget_revenue", "fdi_registered", "port_cargo"}
    period : {"Q1", "H1", "9M"}, default "H1"
    vintage : {"first", "preferred"}, default "first"
        The annual figure predicted: the first estimate, or the record's preferred
        (revised) value.
    model : str, optional
        See above; default ``"gap"`` for growth, ``"ratio"`` for flows.
    fit_on : "spliced", a boundary or a list of boundaries, default "spliced"
        ``"spliced"``: the old city to 2024 and the merged city from 2025 (the record of
        Hai Phong as it was each year). A list pools boundaries (``("old_city",
        "hai_duong", "merged_city")``).
    exclude : sequence of int
        Years left out (the year being nowcast; the backtest's held-out year).

    Returns
    -------
    Bridge

    Raises
    ------
    ValueError
        An unknown indicator, period, vintage, model or boundary, or fewer than
        :data:`MIN_YEARS` years in the sample (the message names the periods that have
        enough).

    Warns
    -----
    ShortSampleWarning
        Fewer than :data:`ADVISED_YEARS` years: the spread is itself very uncertain.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> b = hpf.fit_bridge("grdp_real", "H1")
    >>> b.n, b.years[0], b.years[-1]
    (7, 2018, 2025)
    """
    from statsmodels.api import OLS

    indicator = _check_indicator(indicator)
    kind = INDICATORS[indicator][1]
    V.check_choice(period, "period", list(PERIODS))
    V.check_choice(vintage, "vintage", VINTAGES)
    model = _check_model(model, kind)
    fit_on = _check_fit_on(fit_on)
    drop = {V.check_int(y, "exclude") for y in exclude}
    data = _sample(indicator, period, vintage, fit_on)
    drop &= set(data.index)
    data = data[~data.index.isin(drop)]
    where = fit_on if fit_on == "spliced" else ", ".join(fit_on)
    shown = ("the spliced record (old city to 2024, merged city from 2025)"
             if fit_on == "spliced" else where)
    k = 2 if model == "slope" else 1
    if len(data) < max(MIN_YEARS, k + 2):
        enough = [p for p in PERIODS if p != period and len(
            _sample(indicator, p, vintage, fit_on).drop(index=list(drop), errors="ignore"))
            >= MIN_YEARS]
        raise ValueError(
            f"the {period} bridge of {indicator!r} has {len(data)} year(s) with both the "
            f"{period} release and the annual outturn on {shown}"
            f"{': ' + _years_text(data.index) if len(data) else ''}"
            f"{', leaving out ' + _years_text(sorted(drop)) if drop else ''}; it needs at "
            f"least {max(MIN_YEARS, k + 2)}. Periods with enough years: "
            f"{', '.join(enough) or 'none'}.")
    if len(data) < ADVISED_YEARS:
        warnings.warn(f"short sample for the {period} bridge of {indicator!r}: {len(data)} "
                      f"years ({_years_text(data.index)}); its spread is itself very "
                      "uncertain.", ShortSampleWarning, stacklevel=_stacklevel)
    x = data["partial"].to_numpy()
    y = data["annual"].to_numpy()
    response = {"gap": y - x, "slope": y, "ratio": y / x - 1.0}[model]
    exog = np.column_stack([np.ones_like(x), x]) if model == "slope" else np.ones((len(x), 1))
    res = OLS(response, exog).fit()
    names = ("intercept", "slope")[:exog.shape[1]]
    data = data.assign(response=response)
    return Bridge(indicator=indicator, period=period, vintage=vintage, model=model,
                  fit_on=where, data=data,
                  params=MappingProxyType(dict(zip(names, map(float, res.params)))),
                  bse=MappingProxyType(dict(zip(names, map(float, res.bse)))),
                  resid_sd=float(math.sqrt(res.scale)), df=int(res.df_resid), n=len(data),
                  result=res)


# --------------------------------------------------------------------------- the nowcast


@dataclass(frozen=True)
class Nowcast:
    """The year's outturn given the partial-year figures known (:func:`nowcast`).

    Attributes
    ----------
    year, indicator, boundary : int, str, str
    known : Mapping
        Everything given, period -> value; the bridge uses :attr:`period`, the latest.
    period : str
        The period the bridge is fitted on (``"Q1"``, ``"H1"`` or ``"9M"``).
    value : float
        The known figure of :attr:`period`: cumulative growth (a fraction) or the
        amount so far (catalogue unit).
    bridge : Bridge
    outcome : StudentT
        The year's distribution: its growth (``grdp_real``, a fraction) or its total
        (flows, in the catalogue unit).
    threshold : float
        The target: the city's annual plan (lower end of a range) unless given.
    threshold_source : str
    weight : PeriodWeight or None
        Growth: the period's share of the year's output (the arithmetic of the
        remaining months). None for flows.
    previous : float
        Flows: last year's recorded total on the same boundary (NaN if not recorded);
        growth: NaN.
    previous_partial : float
        Flows: last year's figure for the same period (NaN if not recorded).
    outturn : float
        The recorded annual value in the bridge's vintage, when the year is recorded
        (a past year, for checking), else NaN.
    """

    year: int
    indicator: str
    boundary: str
    known: Mapping
    period: str
    value: float
    bridge: Bridge = field(repr=False)
    outcome: StudentT
    threshold: float
    threshold_source: str
    weight: PeriodWeight | None = field(repr=False)
    previous: float = math.nan
    previous_partial: float = math.nan
    outturn: float = math.nan

    # -- the distribution ------------------------------------------------------------
    @property
    def kind(self) -> str:
        """``"growth"`` or ``"flow"``."""
        return INDICATORS[self.indicator][1]

    @property
    def unit(self) -> str:
        """Unit of :attr:`outcome`: ``fraction per year`` or the flow's catalogue unit."""
        return "fraction per year" if self.kind == "growth" else unit_of(self.indicator)

    @property
    def marginal(self) -> StudentT | None:
        """The year's growth as an hpforecast distribution (a fraction per year).

        Growth: :attr:`outcome`. Flows: ``total / previous − 1`` (None when last year's
        total is not recorded; :meth:`scenario` then uses the scenario's base level).
        """
        if self.kind == "growth":
            return self.outcome
        if not math.isfinite(self.previous):
            return None
        return StudentT(self.outcome.mean / self.previous - 1.0,
                        self.outcome.scale / self.previous, self.outcome.df)

    def probability(self, threshold: float | None = None) -> float:
        """P(the year's outcome ≥ ``threshold``), default :attr:`threshold`.

        Examples
        --------
        >>> import hpforecast as hpf
        >>> nc = hpf.nowcast(2026, {"H1": 0.118})
        >>> nc.probability(nc.outcome.mean)
        0.5
        """
        thr = self.threshold if threshold is None else V.check_number(threshold, "threshold")
        return round(float(1.0 - self.outcome.cdf(thr)), 15)

    def interval(self, coverage: float = 0.8) -> tuple[float, float]:
        """Equal-tailed interval of the year's outcome (units of :attr:`outcome`)."""
        return self.outcome.interval(coverage)

    def density(self, x) -> np.ndarray:
        """Density of :attr:`outcome` at ``x`` (what :func:`hpforecast.plot.nowcast_chart`
        draws)."""
        d = self.outcome
        return stats.t.pdf(np.asarray(x, dtype=float), d.df, loc=d.mean, scale=d.scale)

    def grid(self, n: int = 201) -> np.ndarray:
        """``n`` points spanning the 0.5 %–99.5 % quantiles, the plan and the known value."""
        lo, hi = self.interval(0.99)
        pts = [lo, hi, self.threshold] + ([self.value] if self.kind == "growth" else [])
        a, b = min(pts), max(pts)
        pad = 0.05 * (b - a)
        return np.linspace(a - pad, b + pad, V.check_int(n, "n", low=2))

    # -- what the remaining months must deliver --------------------------------------------
    def remaining(self, probabilities: Sequence[float] = (0.5, 0.8)) -> pd.DataFrame:
        """What the remaining months must deliver for the plan: exactly, and with a chance.

        Growth. The arithmetic of cumulative growth (:class:`PeriodWeight`): the year's
        growth is ``w h + (1 − w) r`` for growth ``h`` so far and ``r`` of the remaining
        months, so the plan ``g`` needs ``r = (g − w h) / (1 − w)``. With a chance ``p``:
        the year's distribution keeps the bridge's spread ``s`` and its centre must be
        ``g + s t_p`` (``t_p`` the Student t quantile), so ``r_p = (g + s t_p − w h) /
        (1 − w)`` — the central growth of the remaining months at which the plan is met
        with probability ``p``, as :func:`hpforecast.growth_needed` defines it for a
        driver. With a symmetric error the 50 % case equals the deterministic one.

        Flows. The remaining months must bring ``plan − so far`` (and ``+ s t_p`` for a
        chance ``p``); ``remaining_growth`` compares that with the same months of last
        year (NaN where last year's figures are not recorded).

        Parameters
        ----------
        probabilities : sequence of float
            Chances asked, each in (0, 1).

        Returns
        -------
        pandas.DataFrame
            Indexed by ``case``: ``"deterministic"``, ``"p=0.5"``, ``"p=0.8"`` … and
            ``"expected"`` (the bridge's own median). Columns ``year`` (the year's
            outcome the case centres on), ``remaining_growth`` (growth of the remaining
            months on the same months a year before, fraction), ``probability`` (of the
            plan in that case; NaN for the deterministic one) and, for flows,
            ``remaining_amount``.

        Examples
        --------
        >>> import hpforecast as hpf
        >>> nc = hpf.nowcast(2026, {"H1": 0.118})
        >>> r = nc.remaining()
        >>> bool(r.loc["p=0.8", "remaining_growth"] > r.loc["deterministic", "remaining_growth"])
        True
        """
        ps = [V.check_probability(p, "probabilities") for p in probabilities]
        s, df, T = self.outcome.scale, self.outcome.df, self.threshold
        cases = {"deterministic": (T, math.nan)}
        cases.update({f"p={p:g}": (T + s * float(stats.t.ppf(p, df)), p) for p in ps})
        cases["expected"] = (self.outcome.median, self.probability())
        rows = []
        for case, (centre, prob) in cases.items():
            row = {"case": case, "year": centre, "probability": prob}
            if self.kind == "growth":
                row["remaining_growth"] = self.weight.remaining_growth(centre, self.value)
            else:
                amount = centre - self.value
                last = self.previous - self.previous_partial
                row["remaining_amount"] = amount
                row["remaining_growth"] = amount / last - 1.0 if last > 0 else math.nan
            rows.append(row)
        cols = ["year", "remaining_growth", "probability"]
        if self.kind == "flow":
            cols.insert(1, "remaining_amount")
        return pd.DataFrame(rows).set_index("case")[cols]

    # -- what a user reads -----------------------------------------------------------------
    @property
    def summary(self) -> pd.DataFrame:
        """The nowcast in one table: what is known, the year, the plan, the remaining months.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``item``: ``value`` and ``unit`` (``fraction`` for growth rates and
            probabilities, else the flow's unit).
        """
        lo, hi = self.interval(0.8)
        unit = "fraction" if self.kind == "growth" else self.unit
        rest = REMAINING[self.period]
        rem = self.remaining()
        rows = [(f"known: {self.period}", self.value, unit),
                ("year: median", self.outcome.median, unit),
                ("year: 80 % interval, low", lo, unit),
                ("year: 80 % interval, high", hi, unit),
                ("annual plan", self.threshold, unit),
                ("probability of the plan", self.probability(), "fraction")]
        if self.kind == "flow" and self.marginal is not None:
            rows.append(("year: median growth", self.marginal.median, "fraction"))
        for case, label in (("deterministic", "to reach the plan exactly"),
                            ("p=0.5", "for a 50 % chance"), ("p=0.8", "for an 80 % chance"),
                            ("expected", "expected by the bridge")):
            if self.kind == "flow":
                rows.append((f"{rest} amount {label}", rem.loc[case, "remaining_amount"], unit))
            rows.append((f"{rest} growth {label}", rem.loc[case, "remaining_growth"],
                         "fraction"))
        if self.weight is not None:
            rows.append((f"weight of {self.period} in the year", self.weight.value, "fraction"))
        rows += [("bridge: years", float(self.bridge.n), "years"),
                 ("bridge: residual sd", self.bridge.resid_sd,
                  "fraction" if self.kind == "growth" else "ratio")]
        if math.isfinite(self.outturn):
            rows.append(("recorded outturn", self.outturn, unit))
        out = pd.DataFrame(rows, columns=["item", "value", "unit"]).set_index("item")
        out.attrs.update(year=self.year, indicator=self.indicator, boundary=self.boundary,
                         vintage=self.bridge.vintage, model=self.bridge.model,
                         threshold_source=self.threshold_source)
        return out

    def _fmt(self, x: float, lang: str, *, growth: bool | None = None) -> str:
        growth = self.kind == "growth" if growth is None else growth
        if growth:
            return L.fmt_percent(x, lang, 2)
        return f"{L.fmt_number(x, lang)} {L.indicator_unit(self.indicator, lang)}"

    def lines(self, lang: str = "en") -> list[str]:
        """The nowcast in sentences (English or Vietnamese), as the command line prints it.

        Examples
        --------
        >>> import hpforecast as hpf
        >>> nc = hpf.nowcast(2026, {"H1": 0.118})
        >>> len(nc.lines("vi")) == len(nc.lines("en")) == 8
        True
        """
        lang = L.check_lang(lang)
        period = L.text(f"period_{self.period}", lang)
        rest = L.text(f"rest_{self.period}", lang)
        name = L.indicator_name(INDICATORS[self.indicator][0], lang)
        name = L.lower_first(name)
        lo, hi = self.interval(0.8)
        rem = self.remaining()
        out = [L.text("nc_head", lang, name=name, year=self.year, period=period,
                      boundary=L.boundary_name(self.boundary, lang),
                      value=self._fmt(self.value, lang)),
               L.text("nc_line_median", lang, median=self._fmt(self.outcome.median, lang),
                      lo=self._fmt(lo, lang), hi=self._fmt(hi, lang)),
               L.text("nc_line_prob", lang, target=self._fmt(self.threshold, lang),
                      p=L.fmt_percent(self.probability(), lang))]

        def needed(case):
            growth = rem.loc[case, "remaining_growth"]
            g = L.fmt_percent(growth, lang, 2)
            if self.kind == "growth":
                return g
            amount = self._fmt(rem.loc[case, "remaining_amount"], lang)
            return (L.text("nc_amount", lang, amount=amount, growth=g)
                    if math.isfinite(growth) else amount)

        if self.kind == "growth":
            out.append(L.text("nc_line_det", lang, rest=rest, value=needed("deterministic"),
                              period=period, w=L.fmt_percent(self.weight.value, lang)))
        else:
            out.append(L.text("nc_line_det_flow", lang, value=needed("deterministic")))
        out += [L.text("nc_line_p", lang, p=L.fmt_percent(p, lang, 0), rest=rest,
                       value=needed(f"p={p:g}")) for p in (0.5, 0.8)]
        out.append(L.text("nc_line_exp", lang, rest=rest, value=needed("expected")))
        out.append(L.text("nc_line_bridge", lang, model=L.text(f"model_{self.bridge.model}",
                                                                 lang),
                          n=self.bridge.n, years=_years_text(self.bridge.years),
                          vintage=L.text(f"vintage_{self.bridge.vintage}", lang)))
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines("en"))

    def _repr_html_(self) -> str:
        table = self.summary.copy()
        shown = [L.fmt_percent(v, "en", 2) if u == "fraction" else f"{v:,.4g} {u}"
                 for v, u in zip(table["value"], table["unit"])]
        body = pd.DataFrame({"value": shown}, index=table.index).to_html()
        return f"<p>{self.lines('en')[0]}</p>" + body

    # -- into the five-year question --------------------------------------------------------
    def scenario(self, scenario: Scenario, *, driver: str | None = None,
                 name: str | None = None) -> Scenario:
        """The scenario with its first simulated year replaced by this nowcast.

        The first year's growth of ``driver`` becomes :attr:`marginal` (flows: the total's
        distribution over the scenario's base level, so the first year's level is the
        nowcast's); the later years follow that year only through the scenario's own
        persistence (:func:`condition_on_first_year`). Everything else — the other
        drivers, the correlations, levels, links and base values — is kept.

        Parameters
        ----------
        scenario : Scenario
            Its first simulated year (``base_year + 1``) must be :attr:`year`.
        driver : str, optional
            Default :attr:`indicator`.
        name : str, optional
            Default ``"<scenario> + <period> <year>"``.

        Returns
        -------
        Scenario
            Built with :meth:`Scenario.assign` (:meth:`Scenario.describe` shows what
            changed).

        Raises
        ------
        ValueError
            The scenario starts in another year, the driver is a level or a linked driver
            in it, or the nowcast's variance is infinite (``df <= 2``).

        Warns
        -----
        BoundaryWarning
            The scenario simulates another boundary than the nowcast's.

        Examples
        --------
        >>> import hpforecast as hpf
        >>> nc = hpf.nowcast(2026, {"H1": 0.118})
        >>> sc = nc.scenario(hpf.scenarios.plan())
        >>> sc.growth["grdp_real"][2026] == nc.marginal, sc.name
        (True, 'plan + H1 2026')
        """
        V.check_type(scenario, "scenario", Scenario, "an hpforecast.Scenario")
        driver = self.indicator if driver is None else driver
        first = scenario.base_year + 1
        if first != self.year:
            raise ValueError(f"year: the nowcast is for {self.year} but the scenario's first "
                             f"simulated year is {first} (base_year {scenario.base_year}); "
                             f"nowcast {first}, or give a scenario with "
                             f"base_year={self.year - 1}.")
        if scenario.boundary != self.boundary:
            warnings.warn(f"the nowcast is for {self.boundary} but the scenario simulates "
                          f"{scenario.boundary}.", BoundaryWarning, stacklevel=2)
        marginal = self.marginal
        if self.kind == "flow":
            base = scenario.base_levels()[driver] if driver in scenario.drivers else math.nan
            if not (math.isfinite(base) and base > 0):
                raise ValueError(f"driver {driver!r} has no base level in the scenario to "
                                 "turn the nowcast's total into growth.")
            d = self.outcome
            marginal = StudentT(d.mean / base - 1.0, d.scale / base, d.df)
        label = f"{self.period} {self.year}"
        return condition_on_first_year(
            scenario, driver, marginal, name=name or f"{scenario.name} + {label}",
            note=f"First year's {driver} growth from the nowcast of {label} "
                 f"({self.period} = {self.value:g}, bridge {self.bridge.model}, "
                 f"{self.bridge.n} years); later years follow it through the scenario's "
                 "persistence.")

    def left_as_assumed(self, scenario: Scenario, driver: str | None = None) -> tuple[str, ...]:
        """The drivers the scenario correlates with the nowcast's driver that keep their own
        assumptions in :meth:`scenario` (only the driver and what is computed from it move).

        Examples
        --------
        >>> import hpforecast as hpf
        >>> hpf.nowcast(2026, {"H1": 0.118}).left_as_assumed(hpf.scenarios.plan())
        ('grdp_deflator', 'national_gdp_nominal', 'port_cargo')
        """
        V.check_type(scenario, "scenario", Scenario, "an hpforecast.Scenario")
        driver = self.indicator if driver is None else driver
        others = {b if a == driver else a for (a, b), r in scenario.correlation.items()
                  if driver in (a, b) and r != 0}
        return tuple(sorted(others & set(scenario.random_drivers)))

    def update(self, scenario: Scenario, targets=None, *, n_paths: int = 20_000,
               seed: int = 2030) -> pd.DataFrame:
        """Each target's probability before and after the nowcast, with the change's error.

        Both scenarios are simulated with the same seed and paths (common random numbers),
        so the change comes with its own standard error (:func:`hpforecast.compare`).

        Parameters
        ----------
        scenario : Scenario
            The scenario before the nowcast (its first simulated year is :attr:`year`).
        targets : Target, TargetSet or list, optional
            Default: the headline targets of the scenario's end year for its boundary
            (:func:`hpforecast.targets.headline_targets`), after the annual plan targets
            of :attr:`year` for the indicator.
        n_paths, seed : int

        Returns
        -------
        pandas.DataFrame
            Indexed by ``target``: ``before``, ``after``, ``change``, ``se_change``,
            ``se_before``, ``se_after``; ``attrs`` hold ``n_paths``, ``seed``, the two
            scenario names and the simulated years.
        """
        from .targets import distinct_targets, headline_targets, load_targets
        from .whatif import compare

        after = self.scenario(scenario)
        if targets is None:
            ts = load_targets()
            own = [t for t in ts if t.evaluable and t.year == self.year
                   and t.indicator == self.indicator and t.boundary in (None, self.boundary)
                   and t.measure in ("average_growth", "level")
                   and (t.start is None or t.start == self.year - 1)]
            targets = distinct_targets(
                own + headline_targets(ts, scenario.boundary, scenario.end_year))
        table = compare([scenario, after], targets, n_paths=n_paths, seed=seed)
        a = table.xs(scenario.name, level="scenario")
        b = table.xs(after.name, level="scenario")
        out = pd.DataFrame({"before": a["probability"], "after": b["probability"],
                            "change": b["diff_from_baseline"], "se_change": b["se_diff"],
                            "se_before": a["se"], "se_after": b["se"]})
        out.index.name = "target"
        out.attrs.update(n_paths=n_paths, seed=seed, before=scenario.name, after=after.name,
                         years=(scenario.base_year + 1, scenario.end_year), year=self.year)
        return out


# --------------------------------------------------------------------------- the scenario


def _score_loading(first) -> float:
    """E[U(Z) Z] for Z standard normal and U the standardised ``first.from_normal_scores(Z)``.

    1 for a normal; a little below 1 for a Student t (its quantile function is not linear
    in the normal score). Gauss–Hermite quadrature, 121 nodes.
    """
    z, w = np.polynomial.hermite_e.hermegauss(121)
    w = w / w.sum()
    g = np.asarray(first.from_normal_scores(z), dtype=float)
    mean, sd = float(w @ g), math.sqrt(float(w @ (g - w @ g) ** 2))
    return float(w @ ((g - mean) / sd * z)) if sd > 0 else 1.0


def _moved(marginal, shift_scores: float, var_scores: float):
    """A year's marginal with its normal score ``N(shift, var)`` instead of ``N(0, 1)``.

    Exact for a Normal (``Normal(mean + sd shift, sd sqrt(var))``); for the other families
    the location moves by ``std × shift`` and the spread is scaled by ``sqrt(var)``.
    """
    if isinstance(marginal, Normal):
        return Normal(marginal.mean + marginal.sd * shift_scores,
                      marginal.sd * math.sqrt(var_scores))
    moved = marginal.shift(marginal.std * shift_scores)
    return moved.with_spread(moved.spread * math.sqrt(var_scores))


def condition_on_first_year(
    scenario: Scenario,
    driver: str,
    first,
    *,
    name: str | None = None,
    note: str = "",
) -> Scenario:
    """The scenario with ``driver``'s first simulated year drawn from ``first``.

    A scenario's growth is ``g_t = μ_t + σ_t z_t`` with AR(1) scores ``z_t = ρ_t z_{t-1} +
    sqrt(1 − ρ_t²) e_t``. Knowing more about the first year (a nowcast ``first`` with mean
    ``m`` and sd ``s``) makes its score ``z_1* = (g_1 − μ_1) / σ_1`` have mean ``δ = (m −
    μ_1) / σ_1`` and variance ``V_1 = (s / σ_1)²``; the later years follow it through the
    persistence only: ``M_t = ρ_t M_{t-1}`` and ``V_t = ρ_t² V_{t-1} + 1 − ρ_t²``. So year
    ``t`` becomes ``Normal(μ_t + σ_t M_t, σ_t sqrt(V_t))`` and the engine's persistence
    ``ρ_t sqrt(V_{t-1} / V_t)`` (for the second year divided by the first marginal's score
    loading, ``E[U(Z) Z]``, so that the covariance with a Student t first year is exact).
    Means, variances and every covariance of the driver's years are then those of the
    scenario's own model given the first year; with no persistence the later years are
    unchanged. The other drivers, the correlations (same-year, kept as stated), levels,
    links and base values are left alone.

    Parameters
    ----------
    scenario : Scenario
    driver : str
        A driver with a growth assumption (not a :class:`~hpforecast.Level` nor linked).
    first : Normal or StudentT
        The first simulated year's growth; finite variance (Student t: ``df > 2``).
    name : str, optional
        Default: ``"<scenario> + first year"``.
    note : str
        Added to the description.

    Returns
    -------
    Scenario

    Raises
    ------
    TypeError, ValueError
        A driver without a growth assumption, a level or a linked driver, or a ``first``
        with infinite variance.

    Notes
    -----
    For a driver whose marginals are not normal the later years keep their family, with
    the location moved by ``std × M_t`` and the spread scaled by ``sqrt(V_t)`` (an
    approximation).

    Examples
    --------
    >>> import hpforecast as hpf
    >>> from hpforecast.nowcast import condition_on_first_year
    >>> sc = condition_on_first_year(hpf.scenarios.plan(), "grdp_real",
    ...                              hpf.Normal(0.115, 0.008))
    >>> round(sc.growth["grdp_real"][2027].mean, 4)  # 0.13 + 0.3 × (0.115 − 0.13)
    0.1255
    """
    V.check_type(scenario, "scenario", Scenario, "an hpforecast.Scenario")
    if driver in scenario.levels or driver in scenario.all_links or \
            driver not in scenario.growth:
        how = ("a Level" if driver in scenario.levels else "linked to "
               f"{scenario.all_links[driver].source}" if driver in scenario.all_links
               else "not a driver")
        raise ValueError(f"driver {driver!r} is {how} in scenario {scenario.name!r}; only a "
                         "driver with its own growth assumption can take a first year's "
                         "distribution.")
    first = first.check_growth(f"first year of {driver!r}")
    if not math.isfinite(first.std):
        raise ValueError(f"the first year's distribution of {driver!r} has infinite variance "
                         f"({first!r}); the later years cannot follow it. Fit the bridge on "
                         "more years (a Student t needs df > 2).")
    years = scenario.years[1:]
    table = scenario.growth[driver]
    mu1, sd1 = table[years[0]].mean, table[years[0]].std
    shift, var = ((first.mean - mu1) / sd1, (first.std / sd1) ** 2) if sd1 > 0 else (0.0, 1.0)
    loading = _score_loading(first)
    rho = scenario.persistence_vector()[:, scenario.random_drivers.index(driver)]
    growth, engine_rho = {years[0]: first}, {}
    for k, year in enumerate(years[1:]):
        r = float(rho[k])
        new_shift, new_var = r * shift, r * r * var + 1.0 - r * r
        r_engine = r * math.sqrt(var / new_var) / (loading if k == 0 else 1.0)
        engine_rho[year] = float(np.clip(r_engine, -0.999, 0.999)) if sd1 > 0 else 0.0
        growth[year] = _moved(table[year], new_shift, new_var)
        shift, var = new_shift, new_var
    old = scenario.persistence
    persistence = {d: (old.get(d, 0.0) if isinstance(old, Mapping) else old)
                   for d in scenario.growth}
    persistence[driver] = engine_rho
    return scenario.assign(
        name=name or f"{scenario.name} + first year", growth={driver: growth},
        persistence=persistence,
        description=(scenario.description + " " + note).strip())


# --------------------------------------------------------------------------- nowcast()


def check_known(known: object, kind: str = "growth", *, name: str = "known") -> dict[str, float]:
    """Partial-year figures checked: a non-empty dict period (``"Q1"``, ``"H1"``,
    ``"9M"``) → value, the value a fraction for growth (``0.118``), positive for a flow.

    The one check of such a dict, for :func:`nowcast` and for ``write_report(nowcast=)``;
    errors name ``name`` and echo the bad value.

    Examples
    --------
    >>> from hpforecast.nowcast import check_known
    >>> check_known({"H1": 0.118})
    {'H1': 0.118}
    >>> check_known({"H1": 11.8}, name="nowcast")
    Traceback (most recent call last):
    ...
    ValueError: nowcast['H1'] must be the growth so far as a fraction, like 0.118 for 11.8 %; got 11.8. Did you give a percentage?
    """
    V.check_choice(kind, "kind", ("growth", "flow"))
    if not isinstance(known, Mapping) or not known:
        raise TypeError(f"{name} must be a non-empty dict period -> value, like "
                        f"{{'H1': 0.118}}; got {known!r}.")
    out = {}
    for period, value in known.items():
        if period not in PERIODS:
            raise ValueError(f"{name}: period {period!r} is not one of "
                             f"{', '.join(map(repr, PERIODS))} (cumulative from January; "
                             f"9M = the first nine months); got {dict(known)!r}.")
        x = V.check_number(value, f"{name}[{period!r}]")
        if kind == "growth" and abs(x) >= 1:
            raise ValueError(f"{name}[{period!r}] must be the growth so far as a fraction, "
                             f"like 0.118 for 11.8 %; got {value!r}. Did you give a "
                             "percentage?")
        if kind == "flow" and not x > 0:
            raise ValueError(f"{name}[{period!r}] must be the positive amount so far in the "
                             f"year; got {value!r}.")
        out[period] = x
    return out


def _threshold(threshold, indicator: str, year: int, boundary: str) -> tuple[float, str]:
    hist_ind, kind = INDICATORS[indicator]
    if threshold is not None:
        value = (V.check_fraction_growth(threshold, "threshold") if kind == "growth"
                 else V.check_number(threshold, "threshold", low=0.0))
        return value, "given"
    plans = (plan_record(hist_ind, boundary=boundary)
             if has_plan_record(hist_ind, boundary=boundary) else pd.DataFrame())
    if year not in plans.index:
        raise ValueError(f"threshold: there is no annual plan for {hist_ind!r} in {year} "
                         f"({boundary}) in the record; give threshold=... (the target for "
                         "the year).")
    row = plans.loc[year]
    rng = "" if row["plan_high"] == row["plan"] else " (lower end of the plan's range)"
    return float(row["plan"]), f"annual plan{rng}: {row['plan_source']}"


def nowcast(
    year: int,
    known: Mapping[str, float],
    *,
    indicator: str = "grdp_real",
    boundary: str | None = None,
    threshold: float | None = None,
    vintage: str = "first",
    model: str | None = None,
    fit_on: str | Sequence[str] | None = None,
    weight: float | None = None,
) -> Nowcast:
    """The year's outturn given the partial-year figures known so far.

    The bridge (:func:`fit_bridge`, fitted on every recorded year but ``year``) turns the
    latest known figure into the year's predictive distribution — a Student t that
    carries the residual error and the parameter uncertainty — from which come the
    probability of the annual plan and what the remaining months must deliver.

    Parameters
    ----------
    year : int
    known : dict
        Period -> value: ``{"H1": 0.118}`` (cumulative growth so far, a fraction) for
        ``grdp_real``; the amount so far for a flow (``{"H1": 100_000}`` bn VND of
        revenue). Periods ``"Q1"``, ``"H1"``, ``"9M"``; the latest one given is used.
    indicator : {"grdp_real", "budget_revenue", "fdi_registered", "port_cargo"}
    boundary : str, optional
        The territory; default :func:`hpforecast.data.boundary_for` (``merged_city``
        from 2025).
    threshold : float, optional
        The target for the year; default the city's annual plan in the record (lower end
        of a range).
    vintage : {"first", "preferred"}, default "first"
        The annual figure predicted (see the module notes): the first estimate, or the
        record's preferred (revised) series.
    model : str, optional
        ``"gap"`` (default for growth), ``"slope"``; ``"ratio"`` for flows.
    fit_on : optional
        The boundaries the bridge is fitted on; default ``"spliced"`` for the old and the
        merged city, the boundary itself otherwise (``"hai_duong"``).
    weight : float, optional
        Share of the known months in the previous year's output, for the arithmetic of
        the remaining months; default :func:`period_weight`.

    Returns
    -------
    Nowcast

    Raises
    ------
    ValueError, TypeError
        Naming the parameter: an unknown period or indicator, a percentage given for a
        fraction, a year with too few past years of data for the bridge, no annual plan
        and no ``threshold``.

    Warns
    -----
    ShortSampleWarning
        The bridge has fewer than :data:`ADVISED_YEARS` years (always, with the record
        to 2025).

    Examples
    --------
    >>> import warnings, hpforecast as hpf
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", hpf.ShortSampleWarning)
    ...     nc = hpf.nowcast(2026, {"H1": 0.118})
    >>> nc.period, nc.threshold, nc.bridge.n
    ('H1', 0.13, 7)
    >>> 0.0 < nc.probability() < 0.5
    True
    >>> nc.marginal.df
    6.0
    """
    year = V.check_int(year, "year")
    if not 1990 <= year <= 2100:
        raise ValueError(f"year must be between 1990 and 2100; got {year}.")
    indicator = _check_indicator(indicator)
    hist_ind, kind = INDICATORS[indicator]
    values = check_known(known, kind)
    boundary = boundary_for(year) if boundary is None else V.check_choice(
        boundary, "boundary", _FIT_BOUNDARIES)
    period = max(values, key=lambda p: PERIODS[p])
    fit = _check_fit_on(fit_on, boundary)
    thr, thr_source = _threshold(threshold, indicator, year, boundary)
    try:
        bridge = fit_bridge(indicator, period, vintage=vintage, model=model, fit_on=fit,
                            exclude=(year,), _stacklevel=3)
    except ValueError as exc:
        raise ValueError(f"nowcast(year={year}, indicator={indicator!r}): {exc}") from None
    w = None
    if kind == "growth":
        w = (period_weight(period) if weight is None else PeriodWeight(
            period, V.check_number(weight, "weight", low=0.0, high=1.0, low_inclusive=False,
                                   high_inclusive=False), (), "given"))
    outturn = annual_record(hist_ind, boundary=boundary, vintage=bridge.vintage).get(year)
    prev = prev_part = math.nan
    if kind == "flow":
        prev = annual_record(hist_ind, boundary=boundary).get(year - 1, math.nan)
        prev_part = partial_record(hist_ind, period, boundary=boundary,
                                   vintage="preferred").get(year - 1, math.nan)
    return Nowcast(year=year, indicator=indicator, boundary=boundary,
                   known=MappingProxyType(values), period=period, value=values[period],
                   bridge=bridge, outcome=bridge.predict(values[period]), threshold=thr,
                   threshold_source=thr_source, weight=w, previous=float(prev),
                   previous_partial=float(prev_part),
                   outturn=math.nan if outturn is None else float(outturn))


# --------------------------------------------------------------------------- the backtest


@dataclass(frozen=True)
class NowcastBacktest:
    """Leave-one-year-out scores of a bridge (:func:`nowcast_backtest`).

    Attributes
    ----------
    table : pandas.DataFrame
        Indexed by ``year``: ``boundary``, ``partial`` (the year's own first release),
        ``outturn`` (the annual figure in the bridge's vintage), ``mean``, ``scale``,
        ``df`` (the predictive Student t from the other years), ``low``, ``high`` (its
        central interval of :attr:`coverage`), ``covered``, ``pit`` (the predictive CDF
        at the outturn), ``crps`` and ``crps_naive`` (of the rule "the year equals the
        partial figure": ``|outturn − partial|``). Fractions for growth, units for flows.
    coverage : float
        The interval's nominal coverage.
    indicator, period, vintage, model, fit_on : str
    """

    table: pd.DataFrame
    coverage: float
    indicator: str
    period: str
    vintage: str
    model: str
    fit_on: str

    @property
    def summary(self) -> pd.DataFrame:
        """One row: ``n``, ``coverage`` (share of outturns inside the interval),
        ``nominal``, ``crps``, ``crps_naive``, ``skill`` (1 − crps / crps_naive),
        ``mean_error`` (outturn − mean) and ``years``."""
        t = self.table
        crps, naive = float(t["crps"].mean()), float(t["crps_naive"].mean())
        row = {"n": len(t), "coverage": float(t["covered"].mean()), "nominal": self.coverage,
               "crps": crps, "crps_naive": naive,
               "skill": 1.0 - crps / naive if naive > 0 else math.nan,
               "mean_error": float((t["outturn"] - t["mean"]).mean()),
               "years": _years_text(t.index)}
        name = f"{self.indicator} {self.period} ({self.model}, {self.vintage})"
        return pd.DataFrame([row], index=pd.Index([name], name="bridge"))

    def __repr__(self) -> str:
        s = self.summary.iloc[0]
        return (f"NowcastBacktest({self.indicator}, {self.period}, {self.model}, "
                f"{self.vintage}: n={s['n']}, coverage {s['coverage']:.2f} of "
                f"{self.coverage:.2f}, CRPS {s['crps']:.4g} vs naive {s['crps_naive']:.4g})")

    def _repr_html_(self) -> str:
        return (self.summary.to_html(float_format=lambda x: f"{x:.4g}")
                + self.table.to_html(float_format=lambda x: f"{x:.4g}"))


def nowcast_backtest(
    *,
    period: str = "H1",
    indicator: str = "grdp_real",
    vintage: str = "first",
    model: str | None = None,
    fit_on: str | Sequence[str] = "spliced",
    coverage: float = 0.8,
) -> NowcastBacktest:
    """Leave-one-year-out backtest of the bridge: each past year from its own figure.

    For every year of the bridge's sample, the bridge is fitted on the other years
    (:func:`fit_bridge` with ``exclude=(year,)``; all boundaries of that year are left
    out) and the year is predicted from its own first release of ``period``. Scores:
    coverage of the central ``coverage`` interval, PIT, and CRPS (closed form,
    :func:`crps_student_t`) against the naive rule "the year equals the partial-year
    figure" (a point forecast, CRPS ``|outturn − partial|``). For a flow, where the amount
    so far is no forecast of the year, the naive rule is the bridge's own centre as a
    point forecast (``partial × (1 + mean ratio of the other years)``), so the comparison
    asks whether the stated spread is worth having.

    Parameters
    ----------
    period, indicator, vintage, model, fit_on
        As for :func:`fit_bridge`.
    coverage : float, default 0.8

    Returns
    -------
    NowcastBacktest

    Raises
    ------
    ValueError
        Fewer than ``MIN_YEARS + 1`` years in the sample.

    Warns
    -----
    ShortSampleWarning
        Once, when the sample has fewer than :data:`ADVISED_YEARS` years.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> bt = hpf.nowcast_backtest(period="H1")
    >>> s = bt.summary.iloc[0]
    >>> bool(0.65 <= s["coverage"] <= 0.95), bool(s["crps"] < s["crps_naive"])
    (True, True)
    """
    cov = V.check_probability(coverage, "coverage")
    full = fit_bridge(indicator, period, vintage=vintage, model=model, fit_on=fit_on,
                      _stacklevel=3)
    if full.n < MIN_YEARS + 1:
        raise ValueError(f"the {period} bridge of {indicator!r} has {full.n} years; leaving "
                         f"one out needs at least {MIN_YEARS + 1}.")
    years = sorted(set(full.years))
    rows = []
    for year in years:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ShortSampleWarning)  # said once, above
            fit = fit_bridge(indicator, period, vintage=vintage, model=full.model,
                             fit_on=fit_on, exclude=(year,))
        for _, obs in full.data.loc[[year]].iterrows():
            d = fit.predict(float(obs["partial"]))
            lo, hi = d.interval(cov)
            y = float(obs["annual"])
            naive = (obs["partial"] if full.model != "ratio"
                     else obs["partial"] * (1.0 + fit.params["intercept"]))
            rows.append({"year": year, "boundary": obs["boundary"], "partial": obs["partial"],
                         "outturn": y, "mean": d.mean, "scale": d.scale, "df": d.df,
                         "low": lo, "high": hi, "covered": bool(lo <= y <= hi),
                         "pit": float(d.cdf(y)),
                         "crps": float(crps_student_t(d.mean, d.scale, d.df, y)),
                         "crps_naive": float(abs(y - naive))})
    table = pd.DataFrame(rows).set_index("year")
    return NowcastBacktest(table=table, coverage=cov, indicator=full.indicator,
                           period=period, vintage=vintage, model=full.model,
                           fit_on=full.fit_on)
