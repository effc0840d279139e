"""What-if questions: growth needed, one-at-a-time sensitivity, scenario comparison.

All of them rely on **common random numbers**: simulations with the same seed and number
of paths share each driver's normal scores (:mod:`hpforecast.engine`), so the difference
between two scenarios carries much less sampling noise than either probability (not
none: :func:`compare` gives its standard error), and the probability of a target moves
monotonically as a driver's growth is moved — which is what makes root-finding on it
well posed.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import _validation as V
from . import assumptions as A
from .assumptions import shift_driver
from .distributions import as_marginal
from .progress import check_progress, progress_bar
from .simulation import Simulation, simulate
from .targets import as_targets
from ._warnings import BoundaryWarning, PairingWarning
from .scenario import Scenario
from .targets import Target

__all__ = ["growth_needed", "GrowthNeeded", "probability_curve", "tornado", "compare",
           "probability_table", "shift_driver"]
# shift_driver lives in hpforecast.assumptions and is re-exported here.

#: Drivers tried, in order, when a target's indicator is derived (per capita, share ...).
_DEFAULT_DRIVER = "grdp_real"


def _pick_driver(scenario: Scenario, target: Target, driver: str | None) -> str:
    if driver is not None:
        if driver not in scenario.growth:
            raise ValueError(f"driver {driver!r} has no growth assumption in scenario "
                             f"{scenario.name!r}; drivers: {', '.join(scenario.growth)}.")
        return driver
    if target.indicator in scenario.growth:
        return target.indicator
    if _DEFAULT_DRIVER in scenario.growth:
        return _DEFAULT_DRIVER
    raise ValueError(f"give driver=...: target {target.name!r} is on {target.indicator!r}, "
                     f"which has no growth assumption; drivers: {', '.join(scenario.growth)}.")


def _degenerate(scenario: Scenario) -> Scenario:
    """The scenario with every growth fixed at its median (no uncertainty)."""
    growth = {d: {y: as_marginal(float(m.median)) for y, m in spec.items()}
              for d, spec in scenario.growth.items()}
    return scenario.replace(growth=growth)


@dataclass(frozen=True)
class GrowthNeeded:
    """Result of :func:`growth_needed`.

    Attributes
    ----------
    target : str
    driver : str
    probability : float
        The probability asked for.
    growth_needed : float
        The driver's growth a year at which the target is met with that probability,
        measured by the quantity that is moved: the distribution's location (see
        ``location``), averaged over the simulated years.
    location : str
        What ``growth_needed`` and ``current_growth`` are: ``"mean"`` (Normal, Student
        t), ``"mode"`` (two-piece normal) or ``"median"`` (Student t with df ≤ 1).
    mean_needed, current_mean : float
        The distribution's mean at ``growth_needed`` and as given (equal to the
        location for a normal).
    shift : float
        The change from the scenario's own location.
    achieved_probability, se : float
        The probability at ``growth_needed`` and its Monte Carlo error.
    current_growth, current_probability : float
        The scenario as given.
    deterministic_growth : float
        The growth needed with every assumption fixed at its median (no uncertainty),
        found the same way; for a level target on the driver itself it equals
        :func:`hpforecast.required_growth`. Compare it with ``mean_needed``: the
        difference is what uncertainty costs.
    n_paths, seed : int
    ceiling : bool
        True when more growth lowers the probability (a "≤" target): the growth found
        is then the most the driver may grow.
    """

    target: str
    driver: str
    probability: float
    growth_needed: float
    shift: float
    achieved_probability: float
    se: float
    current_growth: float
    current_probability: float
    deterministic_growth: float
    n_paths: int
    seed: int
    ceiling: bool = False
    location: str = "mean"
    mean_needed: float = math.nan
    current_mean: float = math.nan

    def to_frame(self) -> pd.DataFrame:
        """The result as a one-row DataFrame indexed by target."""
        return pd.DataFrame([self.__dict__]).set_index("target")

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(float_format=lambda x: f"{x:.4g}")

    def __str__(self) -> str:
        verb = "may grow at most" if self.ceiling else "must grow"

        def pct(x):
            return f"{100 * x:.2f} %"

        chance = f"{100 * self.probability:.0f} % chance of {self.target}"
        now_p = f"which gives {100 * self.current_probability:.1f} %"
        fixed = f"with no uncertainty a fixed {pct(self.deterministic_growth)} a year would do"
        if self.location == "mean":
            return (f"{self.driver} {verb} {pct(self.growth_needed)} a year on average (its "
                    f"mean) for a {chance} (now {pct(self.current_growth)}, {now_p}); "
                    f"{fixed}.")
        return (f"{self.driver} {verb} with a {self.location} of {pct(self.growth_needed)} "
                f"a year (mean {pct(self.mean_needed)}) for a {chance} (now "
                f"{self.location} {pct(self.current_growth)}, mean "
                f"{pct(self.current_mean)}, {now_p}); {fixed}, against the mean of "
                f"{pct(self.mean_needed)} needed with it.")


def _probability(scenario: Scenario, target: Target, n_paths: int, seed: int,
                 sampler: str = "mc") -> tuple[float, float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BoundaryWarning)
        row = simulate(scenario, n_paths=n_paths, seed=seed, sampler=sampler,
                       keep_paths=False).probability(target).iloc[0]
    if not row["evaluable"]:
        raise ValueError(f"target {target.name!r} cannot be evaluated on scenario "
                         f"{scenario.name!r}: {row['note']}.")
    return float(row["probability"]), float(row["se"])


def _solve(scenario: Scenario, target: Target, driver: str, prob: float, n_paths: int,
           seed: int, bracket: tuple[float, float], tol: float, progress: bool | None = False
           ) -> tuple[float, float, float, float, bool]:
    """The shift at which the probability reaches ``prob``, by bisection.

    Returns (location, shift, probability there, its se, whether it is a ceiling). The
    bar counts the simulations: both ends, the bisection steps and the answer.
    """
    base = A.value(scenario, driver)
    lo, hi = bracket[0] - base, bracket[1] - base
    steps = max(0, math.ceil(math.log2(abs(hi - lo) / tol))) if abs(hi - lo) > tol else 0
    bar = progress_bar(total=steps + 3, desc=f"growth needed {target.name}",
                       progress=progress, unit="run")

    def p(delta):
        bar.update(1)
        return _probability(shift_driver(scenario, driver, delta), target, n_paths, seed)

    p_lo, p_hi = p(lo)[0], p(hi)[0]
    rising = p_hi >= p_lo
    if not (min(p_lo, p_hi) <= prob <= max(p_lo, p_hi)):
        raise ValueError(
            f"no mean growth of {driver!r} between {100 * bracket[0]:.1f} % and "
            f"{100 * bracket[1]:.1f} % a year gives target {target.name!r} a probability of "
            f"{prob:g}: it ranges from {p_lo:.3f} to {p_hi:.3f}. Widen bracket=... .")
    if not rising:
        lo, hi = hi, lo
    while abs(hi - lo) > tol:
        mid = 0.5 * (lo + hi)
        if p(mid)[0] >= prob:
            hi = mid
        else:
            lo = mid
    pa, se = p(hi)
    bar.close()
    return base + hi, hi, pa, se, not rising


def growth_needed(
    target: Target,
    probability: float = 0.8,
    *,
    scenario: Scenario,
    driver: str | None = None,
    n_paths: int = 20_000,
    seed: int = 2030,
    bracket: tuple[float, float] = (-0.2, 0.5),
    tol: float = 1e-5,
    progress: bool | None = None,
) -> GrowthNeeded:
    """The mean growth of one driver needed to meet a target with a given probability.

    The driver's growth is moved by the same amount in every year (its spread and
    shape kept) and the smallest move that gives the target ``probability`` is found by
    bisection. With common random numbers the probability is a monotone step function of
    the move, so the answer is exact for the simulated paths; its precision is that of
    the probability (``se``).

    Parameters
    ----------
    target : Target
    probability : float, default 0.8
        In (0, 1).
    scenario : Scenario
    driver : str, optional
        The driver to move; default: the target's own indicator if it is a driver, else
        ``grdp_real``.
    n_paths : int, default 20_000
    seed : int, default 2030
    bracket : (float, float)
        The range of mean growth searched, fractions per year.
    tol : float
        Precision of the shift.
    progress : bool or None, default None
        A bar over the bisection's simulations: None only in a terminal or a notebook
        (:mod:`hpforecast.progress`), True always, False never.

    Returns
    -------
    GrowthNeeded
        With the deterministic growth needed (no uncertainty) beside it.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> sc = hpf.Scenario(growth={"port_cargo": hpf.Normal(0.10, 0.03)},
    ...                   base_values={"port_cargo": 213.0})
    >>> r = hpf.growth_needed(hpf.Target.level("port_cargo", 2030, 380.0), 0.8,
    ...                       scenario=sc, n_paths=4000)
    >>> round(r.deterministic_growth, 4) == round(hpf.required_growth(213, 380, 5), 4)
    True
    >>> r.growth_needed > r.deterministic_growth
    True
    """
    V.check_type(target, "target", Target, "a Target")
    V.check_type(scenario, "scenario", Scenario, "an hpforecast.Scenario")
    prob = V.check_probability(probability, "probability")
    n = V.check_int(n_paths, "n_paths", low=1)
    V.check_int(seed, "seed", low=0)
    if not (isinstance(bracket, (tuple, list)) and len(bracket) == 2):
        raise TypeError(f"bracket must be a pair (low, high) of growth rates; got {bracket!r}.")
    lo_b = V.check_fraction_growth(bracket[0], "bracket[0]")
    hi_b = V.check_fraction_growth(bracket[1], "bracket[1]")
    if lo_b >= hi_b:
        raise ValueError(f"bracket must be (low, high) with low < high; got {bracket!r}.")
    progress = check_progress(progress)
    drv = _pick_driver(scenario, target, driver)
    current_p, _ = _probability(scenario, target, n, seed)
    loc, shift, pa, se, ceiling = _solve(scenario, target, drv, prob, n, seed,
                                         (lo_b, hi_b), tol, progress)
    det_sc = _degenerate(scenario)
    det_loc = _solve(det_sc, target, drv, 0.5, 1, seed, (lo_b, hi_b), tol)[0]
    return GrowthNeeded(target=target.name, driver=drv, probability=prob, growth_needed=loc,
                        shift=shift, achieved_probability=pa, se=se,
                        current_growth=A.value(scenario, drv), current_probability=current_p,
                        deterministic_growth=det_loc, n_paths=n, seed=seed, ceiling=ceiling,
                        location=A.location_name(scenario, drv),
                        mean_needed=A.mean_growth(shift_driver(scenario, drv, shift), drv),
                        current_mean=A.mean_growth(scenario, drv))


def probability_curve(
    target: Target,
    *,
    scenario: Scenario,
    driver: str | None = None,
    growths=None,
    points: int = 21,
    span: float = 0.05,
    n_paths: int = 20_000,
    seed: int = 2030,
    progress: bool | None = None,
) -> pd.DataFrame:
    """The probability of a target against the assumed average growth of one driver.

    The machinery of :func:`growth_needed`: the driver's growth is moved by the same
    amount in every year (spread and shape kept) and the target scored on the same
    random numbers at each point, so the curve is monotone up to the Monte Carlo
    resolution and crosses a probability where :func:`growth_needed` finds it.

    Parameters
    ----------
    target : Target
    scenario : Scenario
    driver : str, optional
        As in :func:`growth_needed` (default: the target's indicator if it is a driver,
        else ``grdp_real``).
    growths : sequence of float, optional
        The driver's location (mean growth a year, a fraction) at each point; default
        ``points`` values over the scenario's own ± ``span``.
    points : int, default 21
    span : float, default 0.05
        Half-width of the default grid, a fraction a year.
    n_paths, seed : int
    progress : bool or None, default None
        A progress bar (None: only in a terminal or a notebook; see
        :mod:`hpforecast.progress`).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``growth`` (the driver's location, a fraction a year): ``probability``
        and ``se``. ``attrs``: ``target, driver, scenario, location, start, end``
        (the simulated years), ``current_growth``, ``n_paths, seed``.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> t = hpf.load_targets()["port_cargo_2030"]
    >>> c = hpf.probability_curve(t, scenario=hpf.scenarios.plan(), n_paths=2000, points=5)
    >>> bool(c["probability"].is_monotonic_increasing)
    True
    """
    V.check_type(target, "target", Target, "a Target")
    V.check_type(scenario, "scenario", Scenario, "an hpforecast.Scenario")
    n = V.check_int(n_paths, "n_paths", low=1)
    V.check_int(seed, "seed", low=0)
    progress = check_progress(progress)
    drv = _pick_driver(scenario, target, driver)
    base = A.value(scenario, drv)
    if growths is None:
        k = V.check_int(points, "points", low=2)
        half = V.check_number(span, "span", low=0.0, low_inclusive=False)
        growths = np.linspace(base - half, base + half, k)
    grid = [V.check_fraction_growth(g, "growths") for g in growths]
    rows = []
    for g in progress_bar(grid, desc=f"probability curve {target.name}", progress=progress):
        p, se = _probability(shift_driver(scenario, drv, g - base), target, n, seed)
        rows.append({"growth": g, "probability": p, "se": se})
    table = pd.DataFrame(rows).set_index("growth")
    table.attrs.update(target=target.name, driver=drv, scenario=scenario.name,
                       location=A.location_name(scenario, drv), start=scenario.base_year + 1,
                       end=scenario.end_year, current_growth=base, n_paths=n, seed=seed)
    return table


def _default_assumptions(scenario: Scenario) -> dict:
    """Each random driver's location ± 1 sd (at least ± 1 point), and persistence."""
    out = {d: A.default_range(scenario, d) for d in scenario.growth
           if A.is_uncertain(scenario, d)}
    if not isinstance(scenario.persistence, Mapping):
        out[A.PERSISTENCE] = A.default_range(scenario, A.PERSISTENCE)
    return out


def tornado(
    scenario: Scenario,
    targets,
    *,
    assumptions: Mapping[str, tuple[float, float]] | None = None,
    n_paths: int = 20_000,
    seed: int = 2030,
) -> pd.DataFrame:
    """One-at-a-time sensitivity: each assumption at its low and high value.

    Every run uses the same random numbers (common random numbers), so each change is
    the assumption's effect alone.

    Parameters
    ----------
    scenario : Scenario
    targets : Target, TargetSet or list of Target
    assumptions : dict, optional
        Name → (low, high). Names: a driver (its growth a year, a fraction: the mean,
        or the mode of a two-piece normal — the label says which),
        ``"sd:<driver>"`` (its spread) or ``"persistence"``. Default: each uncertain
        driver's mean growth ± one sd (at least ± 1 point) and persistence 0 to 0.6.
    n_paths, seed : int

    Returns
    -------
    pandas.DataFrame
        One row per (target, assumption), indexed by the assumption's readable label,
        sorted by the size of the swing within each target: ``target, assumption, low,
        high, unit, p_base, p_low, p_high, delta_low, delta_high, median_base,
        median_low, median_high`` (the median of the target's statistic — the level in
        the target year, or the average growth — at the base, low and high values).
        ``attrs["base_probability"]`` holds the base probabilities. Feed it to
        :func:`hpforecast.plot.tornado`.

        Assumptions that do not move a target are left out of its rows: at both ends of
        the range its probability changes by less than the Monte Carlo resolution, one
        path in ``n_paths`` (with common random numbers, no path's outcome changed on
        balance). ``attrs["left_out"]`` says which, as target → {assumption: one-line
        reason}; a target whose every assumption is left out has no rows.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> t = hpf.tornado(hpf.scenarios.plan(), hpf.load_targets()["port_cargo_2030"],
    ...                 n_paths=2000)
    >>> t.iloc[0]["assumption"]
    'port_cargo'
    """
    V.check_type(scenario, "scenario", Scenario, "an hpforecast.Scenario")
    tlist = as_targets(targets)
    n = V.check_int(n_paths, "n_paths", low=1)
    V.check_int(seed, "seed", low=0)
    spec = _default_assumptions(scenario) if assumptions is None else \
        A.check_ranges(scenario, assumptions, what="assumptions")

    def run(sc):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", BoundaryWarning)
            sim = simulate(sc, n_paths=n, seed=seed)
            probs = sim.probability(tlist)
            med = _medians(sim, tlist)
        return probs, med

    base_p, base_m = run(scenario)
    rows = []
    for name, (lo, hi) in spec.items():
        (p_lo, m_lo), (p_hi, m_hi) = (run(A.apply(scenario, {name: v})) for v in (lo, hi))
        loc = A.location_name(scenario, name) if name in scenario.growth else ""
        label = A.label(name, "en", location=loc)
        for t in tlist:
            tid = t.name
            rows.append({"label": label, "target": tid, "assumption": name, "location": loc,
                         "low": lo, "high": hi, "unit": A.unit(name, scenario),
                         "p_base": base_p.at[tid, "probability"],
                         "p_low": p_lo.at[tid, "probability"],
                         "p_high": p_hi.at[tid, "probability"],
                         "median_base": base_m[tid], "median_low": m_lo[tid],
                         "median_high": m_hi[tid]})
    table = pd.DataFrame(rows)
    table["delta_low"] = table["p_low"] - table["p_base"]
    table["delta_high"] = table["p_high"] - table["p_base"]
    table, left_out = _leave_out_still(table, n, [t.name for t in tlist])
    table["_swing"] = (table["delta_high"] - table["delta_low"]).abs()
    order = {t.name: i for i, t in enumerate(tlist)}
    table = (table.assign(_t=table["target"].map(order))
             .sort_values(["_t", "_swing"], ascending=[True, False])
             .drop(columns=["_t", "_swing"]).set_index("label"))
    table.index.name = "assumption_label"
    cols = ["target", "assumption", "location", "low", "high", "unit", "p_base", "p_low",
            "p_high",
            "delta_low", "delta_high", "median_base", "median_low", "median_high"]
    table = table[cols]
    table.attrs.update(base_probability=(float(base_p["probability"].iloc[0]) if len(tlist) == 1
                                         else base_p["probability"].to_dict()),
                       seed=seed, n_paths=n, scenario=scenario.name, left_out=left_out)
    return table


def _leave_out_still(table: pd.DataFrame, n: int, targets: list[str]):
    """Rows of assumptions that do not move their target, removed and explained.

    An assumption does not move a target when both probability changes are below the
    Monte Carlo resolution ``1 / n`` (under half of it, so that only rounding is left:
    each probability is a count of paths over ``n``, and with common random numbers a
    change smaller than one path is no change).
    """
    still = (table["delta_low"].abs() < 0.5 / n) & (table["delta_high"].abs() < 0.5 / n)
    left_out: dict[str, dict[str, str]] = {t: {} for t in targets}
    for _, r in table[still].iterrows():
        pct = r["unit"].startswith("fraction")
        lo, hi = (f"{v:.1%}" if pct else f"{v:g}" for v in (r["low"], r["high"]))
        median = ("" if r["median_low"] == r["median_base"] == r["median_high"] else
                  f"; the median of the target's statistic moves ({r['median_low']:.4g} "
                  f"to {r['median_high']:.4g}), whether it is met does not")
        left_out[r["target"]][r["assumption"]] = (
            f"does not move the probability: at {lo} and at {hi} it changes by less than "
            f"one path in {n:,} (the Monte Carlo resolution){median}.")
    return table[~still].reset_index(drop=True), left_out


def _medians(sim: Simulation, targets: list[Target]) -> dict[str, float]:
    """Median of each target's statistic (level in its year, or average growth)."""
    from .analysis import target_statistic

    out = {}
    checks = sim.assess(targets)
    base = sim.scenario.base_year
    for c in checks:
        if not c.ok:
            out[c.target.name] = math.nan
            continue
        ind = c.target.indicator
        paths = sim.paths(ind)
        stat = target_statistic(c, lambda y, _p=paths: _p[:, y - base])
        out[c.target.name] = float(np.median(np.broadcast_to(stat, (sim.n_paths,))))
    return out


def _pairing_problem(a: Simulation, b: Simulation) -> str:
    """Why two simulations cannot be paired path by path ('' when they can)."""
    for attr, what in (("n_paths", "paths"), ("seed", "seed"), ("sampler", "sampler"),
                       ("years", "years")):
        if getattr(a, attr) != getattr(b, attr):
            return (f"{b.scenario.name!r} has {what} {getattr(b, attr)!r}, the baseline "
                    f"{getattr(a, attr)!r}")
    return ""


def compare(
    sims_or_scenarios: Sequence[Simulation | Scenario],
    targets,
    *,
    q: Sequence[float] = (0.05, 0.5, 0.95),
    n_paths: int = 20_000,
    seed: int = 2030,
) -> pd.DataFrame:
    """Side-by-side probabilities and quantiles, with the difference from the first.

    Scenarios are simulated with the same seed and number of paths, so they share their
    random numbers driver by driver (common random numbers): differences carry much
    less sampling noise than either probability, but not none. Each difference comes
    with its standard error, computed from the paired paths (batch means for the
    quantiles); where pairing is impossible (different paths, seed, sampler or years)
    a :class:`~hpforecast.PairingWarning` is raised and the errors of the two sides
    are combined as if independent.

    Parameters
    ----------
    sims_or_scenarios : sequence of Simulation or Scenario
        The first is the baseline.
    targets : Target, TargetSet or list of Target
    q : sequence of float
        Quantiles of each target's statistic.
    n_paths, seed : int
        Used for the scenarios (simulations are taken as they are).

    Returns
    -------
    pandas.DataFrame
        Indexed by (target, scenario): ``probability, se, diff_from_baseline, se_diff``,
        the quantiles ``q0.05`` ... of the target's statistic, their differences from
        the baseline (``diff_q0.5`` ...) and the standard errors of those
        (``se_diff_q0.5`` ...). ``attrs["paired"]`` says whether every scenario was
        paired with the baseline.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> t = hpf.load_targets()["grdp_per_capita_usd_2030"]
    >>> c = hpf.compare([hpf.scenarios.plan(), hpf.scenarios.plan_adjusted()], t,
    ...                 n_paths=2000)
    >>> float(c.loc[("grdp_per_capita_usd_2030", "plan"), "diff_from_baseline"])
    0.0
    >>> bool(c.loc[("grdp_per_capita_usd_2030", "plan_adjusted"), "se_diff"] > 0)
    True
    """
    tlist = as_targets(targets)
    qs = [V.check_probability(x, "q") for x in q]
    sims = _simulations(sims_or_scenarios, n_paths=n_paths, seed=seed)
    names = [s.scenario.name for s in sims]
    base_sim = sims[0]
    problems = [p for p in (_pairing_problem(base_sim, s) for s in sims[1:]) if p]
    if problems:
        warnings.warn("these simulations cannot be paired path by path with the baseline ("
                      + "; ".join(problems) + "): differences carry the sampling noise of "
                      "both sides.", PairingWarning, stacklevel=2)

    qcols = [f"q{x:g}" for x in qs]
    probs = probability_table(sims, tlist)
    rows = []
    for j, t in enumerate(tlist):
        per_sim = []
        for i, s in enumerate(sims):
            prob = probs.iloc[i * len(tlist) + j]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", BoundaryWarning)  # said in the table's notes
                stat = s.statistic(t) if prob["evaluable"] else None
            per_sim.append((prob, stat, s.sampling_units()))
        b_prob, b_stat, b_units = per_sim[0]
        for s, (prob, stat, units) in zip(sims, per_sim):
            row = {"target": t.name, "scenario": s.scenario.name,
                   "probability": prob["probability"], "se": prob["se"],
                   "diff_from_baseline": prob["probability"] - b_prob["probability"]}
            if stat is not None:
                row.update({c: v for c, v in zip(qcols, np.quantile(stat, qs))})
            if stat is None or b_stat is None:
                rows.append(row)
                continue
            row.update(_difference_errors(t, stat, b_stat, units, b_units, qs, qcols,
                                          paired=not _pairing_problem(base_sim, s),
                                          same=s is base_sim, se_pair=(prob["se"],
                                                                       b_prob["se"])))
            rows.append(row)
    table = pd.DataFrame(rows).set_index(["target", "scenario"])
    for col in qcols:
        if col in table.columns:
            base_q = table.xs(names[0], level="scenario")[col]
            table[f"diff_{col}"] = table[col] - base_q.reindex(
                table.index.get_level_values("target")).to_numpy()
    order = ["probability", "se", "diff_from_baseline", "se_diff", *qcols,
             *[f"diff_{c}" for c in qcols], *[f"se_diff_{c}" for c in qcols]]
    table = table[[c for c in order if c in table.columns]]
    table.attrs.update(baseline=names[0], seed=seed, paired=not problems)
    return table


def _simulations(sims_or_scenarios, *, n_paths: int, seed: int,
                 sampler: str = "mc") -> list[Simulation]:
    """Simulations as given, scenarios simulated with the same paths, seed and sampler;
    checked: a non-empty sequence, different scenario names."""
    if isinstance(sims_or_scenarios, (Simulation, Scenario, str)) or not isinstance(
            sims_or_scenarios, Sequence) or not len(sims_or_scenarios):
        raise TypeError("sims_or_scenarios must be a non-empty list of Simulations or "
                        f"Scenarios; got {sims_or_scenarios!r}.")
    sims = []
    for i, s in enumerate(sims_or_scenarios):
        if isinstance(s, Scenario):
            s = simulate(s, n_paths=n_paths, seed=seed, sampler=sampler)
        elif not isinstance(s, Simulation):
            raise TypeError(f"sims_or_scenarios[{i}] must be a Simulation or a Scenario; got "
                            f"{type(s).__name__}.")
        sims.append(s)
    names = [s.scenario.name for s in sims]
    if len(set(names)) != len(sims):
        raise ValueError(f"the scenarios compared need different names; got {names}.")
    return sims


def probability_table(
    sims_or_scenarios: Sequence[Simulation | Scenario],
    targets,
    *,
    n_paths: int = 20_000,
    seed: int = 2030,
    sampler: str = "mc",
) -> pd.DataFrame:
    """The probability of each target under each scenario, in one table.

    The one multi-scenario table of the package: the command line prints it,
    :func:`compare` adds differences to it and the report writes it. Scenarios are
    simulated with the same paths and seed, so they share their random numbers (see
    :func:`compare` for the differences and their errors).

    Parameters
    ----------
    sims_or_scenarios : sequence of Simulation or Scenario
        Different scenario names.
    targets : Target, TargetSet or list of Target
    n_paths, seed : int
        Used for the scenarios (simulations are taken as they are).
    sampler : {"mc", "antithetic", "sobol"}, default "mc"
        Used for the scenarios.

    Returns
    -------
    pandas.DataFrame
        Indexed by (``scenario``, ``target``), scenario by scenario in the order given
        and the targets in theirs: the columns of :meth:`Simulation.probability`
        (``indicator ... probability, se, ci_low, ci_high, n_paths, evaluable, note``).
        ``attrs`` hold the scenarios' names and the first simulation's ``n_paths``,
        ``seed`` and ``sampler``.

    Raises
    ------
    TypeError, ValueError
        For an empty or ill-typed ``sims_or_scenarios``, scenarios of the same name, or
        bad targets.

    Notes
    -----
    No :class:`~hpforecast.BoundaryWarning` is raised: how a target set for another
    boundary was scored (or why it was not) is in the ``note`` of its row. Other
    warnings (floored growth, non-finite levels) are raised as usual.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> ts = [hpf.load_targets()[k] for k in ("port_cargo_2030", "grdp_per_capita_usd_2030")]
    >>> table = hpf.probability_table([hpf.scenarios.plan(), hpf.scenarios.trend()], ts,
    ...                               n_paths=2000)
    >>> table.index.names, len(table)
    (FrozenList(['scenario', 'target']), 4)
    >>> table["probability"].unstack("scenario").columns.tolist()
    ['plan', 'trend']
    """
    tlist = as_targets(targets)
    sims = _simulations(sims_or_scenarios, n_paths=n_paths, seed=seed, sampler=sampler)
    frames = []
    for s in sims:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", BoundaryWarning)  # said in the notes
            p = s.probability(tlist)
        p.insert(0, "scenario", s.scenario.name)
        frames.append(p.reset_index())
    table = pd.concat(frames, ignore_index=True).set_index(["scenario", "target"])
    table.attrs.update(scenarios=[s.scenario.name for s in sims], n_paths=sims[0].n_paths,
                       seed=sims[0].seed, sampler=sims[0].sampler)
    return table


def _difference_errors(t: Target, stat, b_stat, units, b_units, qs, qcols, *, paired: bool,
                       same: bool, se_pair) -> dict:
    """Standard errors of the probability and quantile differences from the baseline."""
    from .analysis import batch_se, mean_and_se

    if same:
        return {"se_diff": 0.0, **{f"se_diff_{c}": 0.0 for c in qcols}}
    out = {}
    if paired:
        diff = t.is_met(stat).astype(float) - t.is_met(b_stat).astype(float)
        out["se_diff"] = mean_and_se(diff, units)[1]
        for x, c in zip(qs, qcols):
            out[f"se_diff_{c}"] = batch_se(
                lambda m, _x=x: np.quantile(stat[m], _x) - np.quantile(b_stat[m], _x), units)
        return out
    out["se_diff"] = math.hypot(*se_pair)
    for x, c in zip(qs, qcols):
        out[f"se_diff_{c}"] = math.hypot(
            batch_se(lambda m, _x=x: np.quantile(stat[m], _x), units),
            batch_se(lambda m, _x=x: np.quantile(b_stat[m], _x), b_units))
    return out
