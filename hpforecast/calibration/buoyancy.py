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

__all__ = ["Buoyancy", "fit_buoyancy"]


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
    from statsmodels.api import OLS, add_constant

    if data is not None and not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a history table or a wide year × indicator DataFrame "
                        f"holding {indicator!r} and nominal GRDP (or real GRDP and the "
                        f"deflator); got {type(data).__name__}. A Series holds one indicator "
                        "and cannot give both sides of the regression.")
    if not isinstance(indicator, str):
        raise TypeError(f"indicator must be an indicator name (str); got {indicator!r}.")
    if indicator == "grdp_nominal" or driver_of(indicator) == "grdp_nominal":
        raise ValueError(f"indicator {indicator!r} is nominal GRDP itself; buoyancy "
                         "regresses another indicator (revenue) on nominal GRDP growth.")
    start, end = check_year(start, "start"), check_year(end, "end")
    rev = _growth_of(data, indicator, boundary).growth
    nominal, how = _nominal_growth(data, indicator, boundary)
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
                      ShortSampleWarning, stacklevel=2)
    res = OLS(df[indicator].to_numpy(), add_constant(df["grdp_nominal"].to_numpy())).fit()
    params, bse = np.asarray(res.params), np.asarray(res.bse)
    return Buoyancy(indicator=indicator, beta=float(params[1]), beta_se=float(bse[1]),
                    intercept=float(params[0]), intercept_se=float(bse[0]),
                    resid_sd=float(math.sqrt(res.scale)), r_squared=float(res.rsquared),
                    n=len(df), data=df, nominal_source=how, result=res)


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
