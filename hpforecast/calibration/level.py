"""Calibrate a :class:`~hpforecast.Level` (a volatile yearly flow such as FDI) from the record.

The log of the recorded yearly values is modelled as a mean plus AR(1) deviations:
``log x_t = mu + u_t``, ``u_t = rho u_{t-1} + e_t``. Estimates:

- ``mu`` and ``sd``: mean and sample sd (n − 1) of the log values;
- ``rho``: the lag-one correlation of the demeaned log values over consecutive recorded
  years (pairs across a gap are left out), clipped to [0, 0.9]; with fewer than three
  pairs it is set to 0 and the fit says so;
- parameter uncertainty: the Level's sd is the predictive spread of a new log value —
  ``sd × sqrt(1 + 1/n)`` for the uncertain mean, times ``t(0.9, n − 1) / z(0.9)`` so that
  the normal's 10–90 % range matches the Student t predictive's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import _validation as V
from ..data import embedded_history
from ..drivers import Level

__all__ = ["LevelFit", "fit_level"]


@dataclass(frozen=True)
class LevelFit:
    """A log-level fit of one indicator's record (see the module notes).

    Attributes
    ----------
    indicator, boundary : str
    values : pandas.Series
        The recorded values used, by year.
    log_mean, log_sd, persistence : float
        The estimates; ``persistence`` is the lag-one correlation of the log values.
    n, n_pairs : int
        Values used, and consecutive pairs behind ``persistence``.
    predictive_sd : float
        The Level's sd with parameter uncertainty (or ``log_sd`` without).
    parameter_uncertainty : bool
    """

    indicator: str
    boundary: str
    values: pd.Series
    log_mean: float
    log_sd: float
    persistence: float
    n: int
    n_pairs: int
    predictive_sd: float
    parameter_uncertainty: bool

    @property
    def median(self) -> float:
        """``exp(log_mean)``: the median of the fitted level, in the indicator's unit."""
        return math.exp(self.log_mean)

    def level(self, *, scale: float = 1.0, trend: float = 0.0) -> Level:
        """The fit as a :class:`~hpforecast.Level`, its median times ``scale``.

        ``scale`` carries the fit to another territory (the merged city: the record's
        merged ÷ old-city ratio in a year both have).
        """
        s = V.check_number(scale, "scale", low=0.0, low_inclusive=False)
        return Level(median=self.median * s, sd=self.predictive_sd, trend=trend,
                     persistence=self.persistence)

    @property
    def summary(self) -> pd.DataFrame:
        """The estimates as a one-row-per-parameter table."""
        rows = [("log_mean", self.log_mean), ("log_sd", self.log_sd),
                ("persistence", self.persistence), ("predictive_sd", self.predictive_sd),
                ("median", self.median)]
        out = pd.DataFrame(rows, columns=["parameter", "estimate"]).set_index("parameter")
        out["n"] = self.n
        out.attrs.update(years=list(self.values.index), boundary=self.boundary,
                         n_pairs=self.n_pairs)
        return out


def fit_level(indicator: str = "fdi_registered", *, start: int = 2017, end: int = 2025,
              boundary: str = "old_city", history: pd.DataFrame | None = None,
              parameter_uncertainty: bool = True) -> LevelFit:
    """Fit a log-level model to an indicator's recorded yearly values.

    Parameters
    ----------
    indicator : str, default "fdi_registered"
    start, end : int
        Years of the record to use (the preferred annual values of ``boundary``).
    boundary : str, default "old_city"
    history : DataFrame, optional
        A tidy history table (default: the embedded one).
    parameter_uncertainty : bool, default True

    Returns
    -------
    LevelFit

    Raises
    ------
    ValueError
        Fewer than three recorded values, or non-positive ones.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> fit = hpf.calibration.fit_level("fdi_registered")
    >>> fit.n, round(fit.median, 2)
    (6, 2.69)
    """
    V.check_str(indicator, "indicator")
    start, end = V.check_int(start, "start"), V.check_int(end, "end")
    V.check_bool(parameter_uncertainty, "parameter_uncertainty")
    hist = embedded_history() if history is None else history
    sel = hist[(hist["indicator"] == indicator) & (hist["boundary"] == boundary)
               & hist["preferred"] & hist["start_year"].isna() & hist["kind"].ne("plan")
               & hist["year"].between(start, end)]
    values = sel.set_index("year")["value"].astype(float).sort_index()
    if len(values) < 3:
        raise ValueError(f"fit_level needs at least 3 recorded values of {indicator!r} "
                         f"({boundary}, {start}–{end}); got {len(values)}.")
    if (values <= 0).any():
        raise ValueError(f"fit_level: {indicator!r} must be positive; got "
                         f"{values[values <= 0].iloc[0]!r}.")
    logs = np.log(values.to_numpy())
    n = len(logs)
    mu, sd = float(logs.mean()), float(logs.std(ddof=1))
    years = values.index.to_numpy()
    dev = logs - mu
    pairs = [(dev[i], dev[i + 1]) for i in range(n - 1) if years[i + 1] - years[i] == 1]
    rho = 0.0
    if len(pairs) >= 3:
        a, b = np.array(pairs).T
        rho = float(np.clip(np.sum(a * b) / np.sum(dev ** 2) * n / len(pairs), 0.0, 0.9))
    pred = sd
    if parameter_uncertainty:
        from scipy.stats import norm, t

        pred = sd * math.sqrt(1 + 1 / n) * float(t.ppf(0.9, n - 1) / norm.ppf(0.9))
    return LevelFit(indicator=indicator, boundary=boundary, values=values, log_mean=mu,
                    log_sd=sd, persistence=rho, n=n, n_pairs=len(pairs),
                    predictive_sd=float(pred), parameter_uncertainty=parameter_uncertainty)
