"""The Calibration result: a fitted model of yearly growth, and the scenario it implies.

:func:`hpforecast.calibrate` makes a :class:`Calibration`; the result summarises the fit
(``summary``, ``correlation``, ``band_widening()``), simulates it directly
(``predictive_paths()``) and turns it into a :class:`~hpforecast.Scenario`
(``scenario()``). It draws parameters from the fit's
:class:`~hpforecast.calibration.draws.ParameterDistribution` and never calls back into
fitting.
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import _validation as V
from .._warnings import CorrelationShrunkWarning
from ..distributions import Normal
from ..scenario import DRIVERS, Scenario, dependence_is_valid
from .buoyancy import Buoyancy
from .draws import (
    ParameterDistribution,
    ParameterDraws,
    forecast_moments,
    point_draws,
    seed_as_int,
    shock_correlation,
)
from .matching import (
    BAND,
    match_band,
    match_persistence,
    t_from_quantiles,
    two_piece_from_quantiles,
)
from .rtm import RTMDistribution

__all__ = ["Calibration"]

#: How each model is described in a scenario's description.
_MODEL_TEXT = {"iid": "independent yearly growth", "ar1": "AR(1) in yearly growth",
               "var": "VAR(1) in yearly growth",
               "rtm": "regression to the mean (long-run mean pooled toward a reference)"}


@dataclass(frozen=True, eq=False)
class Calibration:
    """A model of yearly growth fitted to the record, ready to become a scenario.

    Made by :func:`calibrate`; see there for the models. Growth rates are fractions.

    Attributes
    ----------
    model : str
        ``"rtm"``, ``"iid"``, ``"ar1"`` or ``"var"``.
    indicators : tuple of str
        The fitted series, in order.
    drivers : mapping
        Indicator → engine driver it maps to (None when it does not map to one).
    growth : pandas.DataFrame
        The sample: yearly growth indexed by ``year``, one column per indicator.
    mean, A, sigma : numpy.ndarray
        Point estimates of ``g_t = mean + A (g_{t-1} − mean) + u_t``, ``u_t ~ N(0,
        sigma)``: shapes ``(k,)``, ``(k, k)`` (zero for ``iid``, diagonal for ``ar1``)
        and ``(k, k)``. For ``rtm`` (not of that form): ``mean`` is the record's filtered
        long-run mean (growth fraction a year, at the panel estimates), ``A`` the
        persistence ``rho`` of the long-run mean and ``sigma`` the panel's deviation
        variance (log growth); its forecasts condition on the whole record.
    last : numpy.ndarray
        The last observed growth ``g_T``, shape ``(k,)``; the forecasts start from it.
    last_year : int
    parameter_uncertainty : bool
    n_draws : int
        Parameter draws behind :meth:`scenario` with parameter uncertainty.
    seed : int
        Reproduces the draws.
    sources : mapping
        Indicator → where its growth came from.
    levels : mapping
        Indicator → its levels by year (empty when the data hold growth only).
    data_label : str
        What was fitted (``"embedded history"``, ``"table"``, ...).
    params : pandas.DataFrame
        The table behind :attr:`summary`.
    results : dict
        The statsmodels results, by indicator (``"var"``: one entry, key ``"var"``;
        ``rtm``: None).
    parameter_distribution : ParameterDistribution or RTMDistribution
        The estimated sampling distribution of the parameters (``.draw(n, rng)``); for
        ``rtm`` the record, the panel parameters and the reference.
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
    parameter_distribution: ParameterDistribution | RTMDistribution = field(repr=False)
    _point: ParameterDraws = field(init=False, repr=False)
    _draws: ParameterDraws = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # The point estimates as one draw (rtm: n_draws at the panel estimates, each with
        # its own reference draw), and the draws behind scenario() (seeded).
        if self.model == "rtm":
            point = self.parameter_distribution.draw(
                self.n_draws, np.random.default_rng([self.seed, 5]),
                parameter_uncertainty=False)
        else:
            point = point_draws(self.mean, self.A, self.sigma)
        object.__setattr__(self, "_point", point)
        object.__setattr__(self, "_draws", self.parameter_distribution.draw(
            self.n_draws, np.random.default_rng([self.seed, 3])))

    # -- summaries -----------------------------------------------------------------
    @property
    def correlation(self) -> pd.DataFrame:
        """Correlation of the yearly shocks (from ``sigma``), indicator × indicator."""
        names = list(self.indicators)
        return pd.DataFrame(shock_correlation(self.sigma), index=names, columns=names)

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
        seed = self.seed if seed is None else seed_as_int(seed)
        rows = []
        widths = {}
        for pu in (False, True):
            rng = np.random.default_rng([seed, 7, int(pu)])
            d = self._draws_for(pu, n_paths, rng)
            paths = d.simulate(self.last, steps, rng, n_paths)
            cum = np.prod(1 + paths, axis=1) - 1
            lo, hi = np.quantile(cum, BAND, axis=0)
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
    def _draws_for(self, pu: bool, n: int, rng: np.random.Generator) -> ParameterDraws:
        if not pu and self.model == "rtm" and n > self._point.n:
            return self.parameter_distribution.draw(n, rng, parameter_uncertainty=False)
        if not pu:
            return self._point
        if n <= self._draws.n:
            return self._draws.head(n)
        return self.parameter_distribution.draw(n, rng)

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
        if self.model == "rtm":
            d = self.parameter_distribution.draw(n, rng, parameter_uncertainty=pu)
        else:
            d = self._point if not pu else self.parameter_distribution.draw(n, rng)
        paths = d.simulate(self.last, end - self.last_year, rng, n)
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

        Warns
        -----
        CorrelationShrunkWarning
            When the fitted correlation cannot be simulated with the fitted persistence
            and is shrunk toward independence (by the largest valid factor).

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
        buoy = {}
        for b in _buoyancy_links(buoyancy):
            if b.indicator in growth:
                raise ValueError(f"buoyancy: {b.indicator!r} is also a fitted indicator; "
                                 "link it by buoyancy or fit it, not both.")
            buoy[b.indicator] = b.beta
            growth[b.indicator] = b.own_growth(self.parameter_uncertainty)
        kwargs = {"name": name or f"calibrated {self.model}", "base_year": base,
                  "end_year": end, "growth": growth, "persistence": persistence,
                  "base_values": self._base_values(base, dmap), "buoyancy": buoy,
                  "description": description or self._description(buoy)}
        return self._scenario_with(correlation, kwargs)

    def _base_values(self, base: int, dmap: Mapping) -> dict[str, float]:
        """Base levels from the fitted data (the embedded history's drivers: from the
        scenario's own record instead)."""
        out = {}
        for n in self.indicators:
            lv = self.levels.get(n)
            if lv is not None and base in lv.index and (self.data_label != "embedded history"
                                                        or self.drivers.get(n) is None):
                out[dmap[n]] = float(lv[base])
        return out

    def _description(self, buoy: Mapping) -> str:
        if self.model == "rtm":
            return self._description_rtm(buoy)
        desc = (
            f"Calibrated: {_MODEL_TEXT[self.model]} fitted by statsmodels to {self.data_label} "
            f"{int(self.growth.index.min())}–{self.last_year} ({len(self.growth)} years; "
            + "; ".join(f"{k}: {v}" for k, v in self.sources.items()) + "); parameter "
            + ("uncertainty from " + f"{self.n_draws} parameter draws (marginals and "
               "persistence summarise the predictive paths)" if self.parameter_uncertainty
               else "uncertainty left out") + ".")
        if buoy:
            desc += " Buoyancy by OLS: " + ", ".join(f"{k} β = {v:.3f}"
                                                     for k, v in buoy.items()) + "."
        return desc

    def _description_rtm(self, buoy: Mapping) -> str:
        dist = self.parameter_distribution
        par = dist.parameters
        prov = par.provenance
        est = self.params.xs(self.indicators[0], level="indicator")["estimate"]
        desc = (
            f"Calibrated: {_MODEL_TEXT['rtm']} (rtm) of {self.data_label} "
            f"{int(self.growth.index.min())}–{self.last_year} ({len(self.growth)} years; "
            + "; ".join(f"{k}: {v}" for k, v in self.sources.items()) + "). The long-run "
            f"mean (now {100 * est['long_run_mean']:.1f} %/yr) regresses toward the reference"
            f" — {dist.reference_label} (median {100 * est['reference']:.1f} %/yr) — at "
            f"rho = {par.estimate['rho']:.3f} a year (half-life {par.half_life:.1f} years); "
            f"panel parameters estimated on {par.label} ({prov.get('n_windows')} windows of "
            f"{prov.get('n_economies')} economies; hpf.calibration.rtm_parameters()); "
            + (f"parameter uncertainty from {self.n_draws} parameter draws"
               if self.parameter_uncertainty else "panel parameters at their estimates")
            + " (marginals and persistence summarise the predictive paths).")
        if buoy:
            desc += " Buoyancy by OLS: " + ", ".join(f"{k} β = {v:.3f}"
                                                     for k, v in buoy.items()) + "."
        return desc

    def _scenario_with(self, correlation: dict, kwargs: dict) -> Scenario:
        """The scenario with the fitted correlation, shrunk where the engine needs it.

        The fitted correlation is PSD, but combined with very different persistence
        (ρ_a ≈ 0.98, ρ_b ≈ −0.98) the innovation correlation the engine needs may not
        be. Then the correlation is shrunk toward the identity by the largest factor in
        [0, 1] that is valid (bisection; factor 0, the identity, always is).
        """
        if not correlation:
            return Scenario(correlation=correlation, **kwargs)
        probe = Scenario(correlation={}, **kwargs)
        fitted = probe.correlation_matrix()          # identity over the random drivers
        for (a, b), r in correlation.items():
            fitted.loc[a, b] = fitted.loc[b, a] = r
        R, rhos = fitted.to_numpy(), probe.persistence_vector()
        eye = np.eye(len(R))

        def valid(factor: float) -> bool:
            return dependence_is_valid(eye + factor * (R - eye), rhos)

        if valid(1.0):
            return Scenario(correlation=correlation, **kwargs)
        lo, hi = 0.0, 1.0
        while hi - lo > 1e-4:
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if valid(mid) else (lo, mid)
        warnings.warn(
            f"the fitted same-year correlation of {', '.join(self.indicators)} cannot be "
            f"combined with their persistence in the engine; the scenario's correlation is "
            f"fit.correlation × {lo:.4f} (shrunk toward independence by the largest factor "
            "that is valid).", CorrelationShrunkWarning, stacklevel=3)
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
        if self.parameter_uncertainty or self.model == "rtm":
            marg, pers = self._summarise_predictive(base, end)
        else:
            marg, pers = self._summarise_exact(base, end)
        return marg, pers, self.correlation

    def _summarise_exact(self, base: int, end: int) -> tuple[dict, dict]:
        """Known parameters: exact Normal marginals; the persistence of consecutive
        forecast errors (Markov) or matched to the variance of cumulative growth (VAR)."""
        years = list(range(base + 1, end + 1))
        off = base - self.last_year
        mean, cov = forecast_moments(self.mean, self.A, self.sigma, self.last,
                                     end - self.last_year)
        marg, pers = {}, {}
        for i, n in enumerate(self.indicators):
            m = mean[off:, i]
            c = cov[off:, i, off:, i]
            sd = np.sqrt(np.diag(c))
            marg[n] = {y: Normal(float(m[j]), float(sd[j])) for j, y in enumerate(years)}
            if self.model == "iid":
                pers[n] = 0.0
                continue
            if len(self.indicators) == 1 or np.allclose(self.A, np.diag(np.diag(self.A))):
                # Markov: the exact AR(1) correlation of consecutive forecast errors.
                rho = c[np.arange(len(years) - 1), np.arange(1, len(years))] / (
                    sd[:-1] * sd[1:])
            else:
                target = np.array([c[:t + 1, :t + 1].sum() for t in range(len(years))])
                rho = match_persistence(sd, target)
            pers[n] = {y: float(np.clip(r, -0.98, 0.98)) for y, r in zip(years[1:], rho)}
        return marg, pers

    def _summarise_predictive(self, base: int, end: int) -> tuple[dict, dict]:
        """Parameter uncertainty (and always for ``rtm``): marginals and persistence
        matched to the predictive paths of the stored draws. ``rtm``'s predictive is
        skewed (the uncertain persistence and reference pull its lower tail), so its
        yearly marginals are two-piece normals."""
        years = list(range(base + 1, end + 1))
        rng = np.random.default_rng([self.seed, 11, base, end])
        draws = self._draws if self.parameter_uncertainty else self._point
        paths = draws.simulate(self.last, end - self.last_year, rng,
                               self.n_draws)[:, base - self.last_year:]
        marg, pers = {}, {}
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
                ms.append(two_piece_from_quantiles(g[:, j]) if self.model == "rtm"
                          else t_from_quantiles(g[:, j]))
            marg[n] = dict(zip(years, ms))
            cum = np.cumprod(1 + g, axis=1) - 1
            rho = match_band(ms, cum, np.random.default_rng([self.seed, 13]))
            pers[n] = {y: float(r) for y, r in zip(years[1:], rho)}
        return marg, pers


def _buoyancy_links(buoyancy) -> list[Buoyancy]:
    """``buoyancy=`` as a list of Buoyancy; TypeError for anything else."""
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
    return links
