"""Revenue buoyancy: OLS of an indicator's growth on nominal GRDP growth (statsmodels).

This module owns :func:`hpforecast.fit_buoyancy` and its result :class:`Buoyancy`, the
revenue link a calibrated scenario can carry (``fit.scenario(buoyancy=...)``), including
how nominal GRDP growth is found when the data have no nominal levels.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._warnings import ShortSampleWarning
from ..distributions import Normal, StudentT
from .series import GrowthSeries, check_year, collect_series, driver_of

__all__ = ["Buoyancy", "fit_buoyancy", "fit_link"]


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
    source: str = "grdp_nominal"

    def link(self):
        """The fit as a :class:`~hpforecast.Link` (the elasticity at its estimate)."""
        from ..drivers import Link

        return Link(self.source, float(np.clip(self.beta, -10.0, 10.0)))

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

    Warns
    -----
    ShortSampleWarning
        With fewer than 10 years of both growth rates.

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
    ...     warnings.simplefilter("ignore", hpf.ShortSampleWarning)
    ...     b = hpf.calibration.fit_buoyancy()
    >>> b.n, bool(b.beta > 0)
    (6, True)
    """
    return fit_link(indicator, "grdp_nominal", data=data, start=start, end=end,
                    boundary=boundary, _stacklevel=3)


def fit_link(
    indicator: str,
    source: str,
    *,
    data: pd.DataFrame | None = None,
    start: int | None = None,
    end: int | None = None,
    boundary: str = "spliced",
    _stacklevel: int = 2,
) -> Buoyancy:
    """The elasticity of one indicator's growth to another's: OLS (statsmodels).

    ``g_indicator = intercept + elasticity × g_source + u``, on the years where the
    record has both. Generalises :func:`fit_buoyancy` (the case ``source =
    "grdp_nominal"``). Use the result in a scenario as ``links={indicator:
    fit.link()}`` with ``growth={indicator: fit.own_growth()}`` for the residual.

    Parameters
    ----------
    indicator, source : str
        Indicators with a growth series or levels in the data (``grdp_nominal`` may be
        composed from real growth and the deflator).
    data : DataFrame, optional
        History table (default embedded) or a wide year × indicator table.
    start, end : int, optional
    boundary : str, default "spliced"

    Returns
    -------
    Buoyancy
        ``beta`` is the elasticity, with ``beta_se``; ``source`` names the source.

    Raises
    ------
    ValueError
        The two are the same series, or fewer than 3 common years.

    Warns
    -----
    ShortSampleWarning
        Fewer than 10 common years.

    Examples
    --------
    >>> import warnings, hpforecast as hpf
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", hpf.ShortSampleWarning)
    ...     fit = hpf.fit_link("port_cargo", "grdp_real")
    >>> fit.source, fit.link().source
    ('grdp_real', 'grdp_real')
    """
    from statsmodels.api import OLS, add_constant

    if data is not None and not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a history table or a wide year × indicator DataFrame "
                        f"holding {indicator!r} and {source!r}; got {type(data).__name__}. "
                        "A Series holds one indicator and cannot give both sides of the "
                        "regression.")
    for name, value in (("indicator", indicator), ("source", source)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be an indicator name (str); got {value!r}.")
    what = ("buoyancy" if source == "grdp_nominal" else "link") + f" of {indicator!r}"
    if indicator == source or driver_of(indicator) == source:
        itself = "nominal GRDP itself" if source == "grdp_nominal" else "the source itself"
        raise ValueError(f"indicator {indicator!r} is {itself}; a link regresses another "
                         f"indicator on {source}'s growth.")
    start, end = check_year(start, "start"), check_year(end, "end")
    own = _growth_of(data, indicator, boundary).growth
    if source == "grdp_nominal":
        src, how = _nominal_growth(data, indicator, boundary)
    else:
        ser = _growth_of(data, source, boundary)
        src, how = ser.growth, ser.source
    df = pd.concat({indicator: own, source: src}, axis=1).dropna()
    if len(df) and np.allclose(df[indicator].to_numpy(), df[source].to_numpy(),
                               rtol=0, atol=1e-12):
        raise ValueError(f"the {source} growth found ({how}) is the growth of "
                         f"{indicator!r} itself; give data with a separate series.")
    if start is not None:
        df = df[df.index >= start]
    if end is not None:
        df = df[df.index <= end]
    df.index.name = "year"
    if len(df) < 3:
        raise ValueError(f"the {what} to {source} needs at least 3 years with both "
                         f"growth rates; got {len(df)}.")
    if len(df) < 10:
        warnings.warn(f"short sample for the {what} to {source}: {len(df)} years "
                      f"({int(df.index[0])}–{int(df.index[-1])}); the elasticity is very "
                      "uncertain.", ShortSampleWarning, stacklevel=_stacklevel)
    res = OLS(df[indicator].to_numpy(), add_constant(df[source].to_numpy())).fit()
    params, bse = np.asarray(res.params), np.asarray(res.bse)
    return Buoyancy(indicator=indicator, beta=float(params[1]), beta_se=float(bse[1]),
                    intercept=float(params[0]), intercept_se=float(bse[0]),
                    resid_sd=float(math.sqrt(res.scale)), r_squared=float(res.rsquared),
                    n=len(df), data=df, nominal_source=how, result=res, source=source)


def _growth_of(data, name: str, boundary: str) -> GrowthSeries:
    return collect_series(data, [name], boundary, "iid")[0][0]


def _nominal_growth(data, indicator: str, boundary: str) -> tuple[pd.Series, str]:
    """Nominal GRDP growth and where it came from: from ``grdp_nominal`` levels where
    there are at least three growth points, else composed from real growth and the
    deflator."""
    try:
        nom = _growth_of(data, "grdp_nominal", boundary)
        nominal, how = nom.growth, nom.source
    except ValueError:
        nominal, how = pd.Series(dtype=float), ""
    if len(nominal) >= 3:
        return nominal, how
    try:
        real, defl = (_growth_of(data, n, boundary) for n in ("grdp_real", "grdp_deflator"))
    except ValueError as exc:
        raise ValueError(f"buoyancy of {indicator!r} needs nominal GRDP growth: "
                         "grdp_nominal levels in at least three consecutive years, or "
                         f"grdp_real and grdp_deflator ({exc})") from None
    nominal = ((1 + real.growth) * (1 + defl.growth) - 1).dropna()
    how = (f"(1 + real growth) × (1 + deflator growth) − 1; real: {real.source}; "
           f"deflator: {defl.source}")
    return nominal, how
