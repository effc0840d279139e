"""Driver kinds beyond compounding growth: levels and flows, and links between drivers.

A :class:`~hpforecast.Scenario` states most drivers as yearly growth (a marginal per
year, compounding from the base level). Two more kinds say what economists assume of
other indicators:

- :class:`Level` — the indicator's level in each year is drawn around a median path,
  ``median × (1 + trend)^(t − base_year) × exp(sd × u_t)``, with ``u`` standard normal,
  AR(1) across years with the given persistence and taking part in the scenario's
  correlation (the Gaussian copula on the normal scores, as for growth). Right for a
  volatile yearly flow such as registered FDI, which does not compound.
- :class:`Link` — the driver's growth follows another driver or a derived indicator:
  ``g = elasticity × g_source + own``, ``own`` being the driver's own growth assumption
  (the residual; none means 0). Revenue buoyancy on nominal GRDP is the case
  ``Link("grdp_nominal", elasticity=β)``.

Examples
--------
>>> import hpforecast as hpf
>>> fdi = hpf.Level(median=4.0, sd=0.3, persistence=0.2)
>>> round(fdi.at(2).median, 3), fdi.at(2).sd
(4.0, 0.3)
>>> hpf.Link("grdp_real", elasticity=0.8).elasticity
0.8
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import _validation as V

__all__ = ["Level", "Link", "LevelYear"]


@dataclass(frozen=True)
class Level:
    """A driver stated as its level in each year (a flow or a volatile level).

    The level in year ``t`` is ``median × (1 + trend)^(t − base_year) × exp(sd × u_t)``,
    ``u_t`` standard normal with ``corr(u_t, u_{t+1}) = persistence`` (AR(1) on the
    normal scores), correlated with other drivers through the scenario's
    ``correlation``. The level is log-normal: its median is the median path, its mean
    ``median × exp(sd² / 2)``.

    Parameters
    ----------
    median : float
        The median level in the base year's terms, in the indicator's unit (> 0).
    sd : float
        Standard deviation of the log level (≥ 0): 0.3 means the level is within a
        factor ``exp(0.3) ≈ 1.35`` of the median path about two thirds of the time.
    trend : float, default 0.0
        Growth of the median path, a fraction per year.
    persistence : float, default 0.0
        Year-to-year correlation of the normal scores, in (−1, 1).

    Raises
    ------
    TypeError, ValueError
        Naming the parameter and echoing the bad value.
    """

    median: float
    sd: float
    trend: float = 0.0
    persistence: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "median", V.check_number(self.median, "median", low=0.0,
                                                          low_inclusive=False))
        object.__setattr__(self, "sd", V.check_number(self.sd, "sd", low=0.0, high=5.0))
        object.__setattr__(self, "trend", V.check_fraction_growth(self.trend, "trend"))
        object.__setattr__(self, "persistence", V.check_number(
            self.persistence, "persistence", low=-1.0, high=1.0, low_inclusive=False,
            high_inclusive=False))

    def at(self, years_after_base: int) -> LevelYear:
        """The marginal of the level ``years_after_base`` years after the base year."""
        return LevelYear(self.median * (1.0 + self.trend) ** years_after_base, self.sd)

    def to_dict(self) -> dict:
        return {"median": self.median, "sd": self.sd, "trend": self.trend,
                "persistence": self.persistence}


@dataclass(frozen=True)
class LevelYear:
    """The log-normal marginal of a :class:`Level` in one year (used by the engine)."""

    median: float
    sd: float

    @property
    def is_degenerate(self) -> bool:
        return self.sd == 0.0

    @property
    def mean(self) -> float:
        return self.median * math.exp(self.sd ** 2 / 2)

    @property
    def std(self) -> float:
        return self.mean * math.sqrt(math.expm1(self.sd ** 2))

    def from_normal_scores(self, z) -> np.ndarray:
        """The level for normal scores ``z``: ``median × exp(sd × z)``."""
        return self.median * np.exp(self.sd * np.asarray(z, dtype=float))


@dataclass(frozen=True)
class Link:
    """A driver's growth tied to another indicator's: ``g = elasticity × g_source + own``.

    Parameters
    ----------
    source : str
        Any driver of the scenario or a derived indicator it can compute
        (``grdp_real``, ``grdp_nominal``, ``grdp_usd`` …). The linked driver's own
        ``growth`` entry, if any, is the residual ``own`` (default 0).
    elasticity : float, default 1.0
        In [−10, 10].
    """

    source: str
    elasticity: float = 1.0

    def __post_init__(self) -> None:
        V.check_str(self.source, "source")
        object.__setattr__(self, "elasticity", V.check_number(
            self.elasticity, "elasticity", low=-10.0, high=10.0))

    def to_dict(self) -> dict:
        return {"source": self.source, "elasticity": self.elasticity}
