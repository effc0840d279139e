"""Calibrate scenarios from the record with statsmodels, and measure how realistic plans are.

This package is the only part of hpforecast that imports statsmodels, and it does so
inside the functions that need it, so ``import hpforecast`` stays light.

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

Layout (a model makes its result; the result never calls back into fitting)
-------------------------------------------------------------------------------
* :mod:`~hpforecast.calibration.series` — growth series from history tables, wide tables
  and Series (:func:`collect_series`, :func:`growth_from_levels`, :func:`years_of`, ...).
* :mod:`~hpforecast.calibration.fitting` — :func:`calibrate`: the sample, the iid / AR(1) /
  VAR fits and the sampling distribution of their parameters.
* :mod:`~hpforecast.calibration.draws` — parameter draws, predictive paths and exact
  forecast moments of the fitted model.
* :mod:`~hpforecast.calibration.matching` — a scenario's marginals and persistence
  matched to a forecast distribution.
* :mod:`~hpforecast.calibration.result` — :class:`Calibration` and its ``scenario()``.
* :mod:`~hpforecast.calibration.buoyancy` — :func:`fit_buoyancy` and :class:`Buoyancy`.
* :mod:`~hpforecast.calibration.realism` — :func:`plan_realism`, :class:`PlanRealism`
  and :func:`spliced_plan_gaps`.
"""

from .buoyancy import Buoyancy, fit_buoyancy, fit_link
from .level import LevelFit, fit_level
from .draws import ParameterDistribution, ParameterDraws
from .fitting import MODELS, calibrate, default_model
from .panel import PanelWindows, check_panel, fastest_quarter, panel_fingerprint, panel_windows
from .realism import PlanRealism, plan_realism, spliced_plan_gaps
from .result import Calibration
from .rtm import (
    RTM_PARAMETERS,
    RTMDistribution,
    RTMDraws,
    RTMParameters,
    estimate_rtm_parameters,
    rtm_moments,
    rtm_panel_paths,
    rtm_parameters,
    rtm_paths,
)
from .series import (
    DRIVER_OF_GROWTH,
    GROWTH_SERIES,
    GrowthSeries,
    checked_history,
    collect_series,
    growth_from_levels,
    growth_series_of,
    is_history_table,
    names_of,
    years_of,
)

__all__ = ["calibrate", "Calibration", "fit_buoyancy", "fit_link", "fit_level", "LevelFit",
           "Buoyancy", "plan_realism",
           "PlanRealism", "MODELS", "GROWTH_SERIES", "DRIVER_OF_GROWTH", "GrowthSeries",
           "ParameterDistribution", "ParameterDraws", "checked_history", "collect_series",
           "growth_from_levels", "growth_series_of", "is_history_table", "names_of",
           "spliced_plan_gaps", "years_of", "default_model", "PanelWindows", "check_panel",
           "fastest_quarter", "panel_fingerprint", "panel_windows", "RTM_PARAMETERS",
           "RTMDistribution", "RTMDraws", "RTMParameters", "estimate_rtm_parameters",
           "rtm_moments", "rtm_panel_paths", "rtm_parameters", "rtm_paths"]
