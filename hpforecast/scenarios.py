"""Ready-made scenarios for the merged city, 2025–2030, with their numbers' provenance.

Every number is computed from the embedded data when the function is called (so it
follows the data), except the few judgements listed in :data:`JUDGEMENTS`.

- :func:`plan` — the official plan's growth (13 % a year real GRDP, the lower end of the
  2026–2030 plan; 380 Mt of cargo), with the spread of the city's plan-vs-outcome gaps.
- :func:`trend` — the mean and spread of the merged city's record 2018–2025.
- :func:`plan_adjusted` — the plan corrected by the city's own average plan-vs-outcome
  gap (the optimism bias).
- :func:`outside_view` — real GRDP growth as economies with a record like the city's
  have actually grown: regressing toward its reference class (Viet Nam's own outlook) at
  the rate a panel of 180 economies shows (``calibrate(model="rtm")``).

The first three are the inside view: the city's own record or plan carried forward. The
outside view asks what usually happened next to economies growing this fast — their growth
fell back toward their reference (Pritchett & Summers 2014) — and so gives lower
probabilities to targets that need the recent pace to persist.

Use :func:`record_statistics` and :func:`outside_view_statistics` to see every computed
input.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from . import _i18n as L
from .data import boundary_for, embedded_history, growth_from_levels, preferred_value
from .distributions import Normal
from .drivers import Level, Link
from .scenario import Scenario

__all__ = ["baseline", "fdi_level", "plan", "trend", "plan_adjusted", "outside_view",
           "record_statistics", "outside_view_statistics", "why_they_differ",
           "description_vi", "JUDGEMENTS",
           "PLAN_GROWTH", "PLAN_CARGO_2030", "PORT_CARGO_BASE_2025", "READY_MADE",
           "TREND_YEARS"]

#: Real GRDP growth a year in the merged city's 2026–2030 plan (lower end of 13–14 %).
PLAN_GROWTH = 0.13
#: Port cargo in 2030 in the same plan, Mt.
PLAN_CARGO_2030 = 380.0
#: No 2025 cargo outturn was found for the merged city: its 2025 plan figure (NQ 42/NQ-HĐND,
#: 213 Mt) is used as the base. Override with ``base_values={"port_cargo": ...}``.
PORT_CARGO_BASE_2025 = 213.0

#: Assumptions that are judgements, not estimates (calibrate() estimates them from data).
JUDGEMENTS = {
    "persistence": (0.3, "year-to-year correlation of every driver's shocks"),
    "corr_grdp_cargo": (0.5, "same-year correlation of real GRDP and cargo shocks"),
    "corr_grdp_national": (0.5, "same-year correlation of city and national nominal shocks"),
    "corr_grdp_deflator": (0.3, "same-year correlation of real GRDP and deflator shocks"),
    "revenue_buoyancy": (1.0, "revenue grows one for one with nominal GRDP"),
    "revenue_parts_buoyancy": (1.0, "domestic and import-export revenue grow one for one "
                                    "with nominal GRDP"),
    "exports_elasticity": (1.0, "exports grow one for one with real GRDP (baseline)"),
    "exports_residual_sd": (0.10, "sd of exports' own growth on top of real GRDP's "
                                  "(baseline; the record is too short and breaks in scope)"),
    "fdi_uncorrelated": (0.0, "registered FDI uncorrelated with the other drivers"),
}

_RECORD = range(2017, 2026)
#: Years of the merged city's real GRDP growth record behind :func:`trend` and
#: :func:`outside_view` (2018–2024 derived from old Hai Phong and Hai Duong, weighted by
#: 2024 nominal GRDP; no Hai Duong growth for 2017).
TREND_YEARS = range(2018, 2026)
#: The ready-made scenarios shown side by side (CLI, explorer, report), by name.
READY_MADE = ("plan", "trend", "plan_adjusted", "outside_view")


def _spliced(indicator: str, years) -> pd.Series:
    hist = embedded_history()
    vals = {}
    for y in years:
        v = preferred_value(indicator, y, boundary_for(y), hist)
        if v is not None:
            vals[y] = v
    return pd.Series(vals, dtype=float)


@lru_cache(maxsize=1)
def record_statistics() -> pd.DataFrame:
    """The statistics of the record that the ready-made scenarios use.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``statistic``: ``value``, ``n`` (observations) and ``how`` (the
        computation, with its years and boundary).
    """
    hist = embedded_history()
    rows = []

    def add(name, value, n, how):
        rows.append({"statistic": name, "value": float(value), "n": int(n), "how": how})

    # The simulated boundary's own record (merged city), not the old city's.
    g = _merged_growth()
    add("grdp_growth_mean", g.mean(), len(g),
        f"mean of real GRDP growth {g.index[0]}–{g.index[-1]}, merged city (the "
        "simulated boundary; 2018–2024 derived from old Hai Phong and Hai Duong)")
    add("grdp_growth_sd", g.std(ddof=1), len(g), "sample sd of the same")
    old = _spliced("grdp_growth_real", _RECORD)
    add("grdp_growth_mean_old_city", old.mean(), len(old),
        "for comparison: mean of real GRDP growth 2017–2025, old city to 2024 and merged "
        "city 2025 (what trend used before issue 13)")

    realism = _plan_realism()
    add("plan_gap_mean", realism.mean, realism.n,
        "mean of outcome − plan, real GRDP growth 2017–2025 (hpf.plan_realism())")
    add("plan_gap_sd", realism.sd, realism.n, "sample sd of the same")
    ex = realism.without()
    add("plan_gap_mean_without_2020", ex.mean, ex.n,
        "the same without 2020 (COVID-19): one year moves the mean")
    add("plan_gap_sd_without_2020", ex.sd, ex.n, "sample sd of the same")

    # The city's implicit deflator: nominal GRDP 2019→2024 over real growth 2020–2024.
    nom19 = preferred_value("grdp_nominal", 2019, "old_city", hist)
    nom24 = preferred_value("grdp_nominal", 2024, "old_city", hist)
    real_factor = float(np.prod(1 + _spliced("grdp_growth_real", range(2020, 2025))))
    defl = ((nom24 / nom19) / real_factor) ** (1 / 5) - 1
    add("deflator_growth_mean", defl, 5,
        "(nominal GRDP 2024 ÷ 2019) ÷ real growth factor 2020–2024, per year, old city")
    nat_defl = hist[(hist.indicator == "gdp_deflator_growth") & (hist.boundary == "vietnam")
                    & hist.preferred & hist.start_year.isna()]["value"]
    add("deflator_growth_sd", nat_defl.std(ddof=1), len(nat_defl),
        "sd of national GDP deflator growth 2017–2025 (no city series)")

    fx = hist[(hist.indicator == "vnd_per_usd") & hist.preferred
              & hist.start_year.isna()].set_index("year")["value"].sort_index()
    fxg = growth_from_levels(fx)
    add("fx_growth_mean", (fx.iloc[-1] / fx.iloc[0]) ** (1 / (fx.index[-1] - fx.index[0])) - 1,
        len(fx), f"average change of VND per USD {fx.index[0]}–{fx.index[-1]}")
    add("fx_growth_sd", fxg.std(ddof=1), len(fxg), "sd of yearly changes of the same")

    # The simulated boundary's own population record (merged city 2024 and 2025; each
    # part grown by its own census-to-survey trend), not the old city's.
    pop = hist[(hist.indicator == "population") & (hist.boundary == "merged_city")
               & hist.preferred & hist.start_year.isna()].set_index("year")["value"]
    pop = pop.sort_index()
    y0, y1 = int(pop.index[0]), int(pop.index[-1])
    add("population_growth", (pop.iloc[-1] / pop.iloc[0]) ** (1 / (y1 - y0)) - 1, len(pop),
        f"merged-city statistical population {y0}–{y1}, per year")

    rev = _spliced("budget_revenue", range(2017, 2025))
    revg = growth_from_levels(rev)
    add("revenue_growth_sd", revg.std(ddof=1), len(revg),
        "sd of yearly budget revenue growth, old city, consecutive years 2017–2024")

    cargo = _spliced("port_cargo", range(2017, 2025))
    add("cargo_growth_mean", (cargo.iloc[-1] / cargo.iloc[0])
        ** (1 / (cargo.index[-1] - cargo.index[0])) - 1, len(cargo),
        f"average cargo growth {cargo.index[0]}–{cargo.index[-1]}, old city")
    years = cargo.index.to_numpy()
    annualised = [(cargo.iloc[i + 1] / cargo.iloc[i]) ** (1 / (years[i + 1] - years[i])) - 1
                  for i in range(len(cargo) - 1)]
    gaps = int(np.sum(np.diff(years) > 1))
    add("cargo_growth_sd", np.std(annualised, ddof=1), len(annualised),
        f"sd of annualised cargo growth between recorded years {years[0]}–{years[-1]}, "
        f"old city ({len(annualised) - gaps} consecutive pairs, {gaps} across a gap)")
    add("cargo_plan_growth", (PLAN_CARGO_2030 / PORT_CARGO_BASE_2025) ** (1 / 5) - 1, 1,
        "213 Mt (2025 plan) to 380 Mt (2030 target), per year")

    nat = hist[(hist.indicator == "grdp_nominal") & (hist.boundary == "vietnam")
               & hist.preferred & hist.start_year.isna() & (hist.year >= 2021)]
    nat = nat.set_index("year")["value"].sort_index()
    natg = growth_from_levels(nat)
    add("national_nominal_growth_mean", natg.mean(), len(natg),
        "mean nominal GDP growth of Viet Nam 2022–2025 (revalued basis)")
    add("national_nominal_growth_sd", natg.std(ddof=1), len(natg), "sd of the same")
    _more_record_statistics(add, hist)
    return pd.DataFrame(rows).set_index("statistic")


def _more_record_statistics(add, hist) -> None:
    """The record behind the drivers of issue 12: revenue parts, tourists, FDI."""
    for ind, label in (("budget_revenue_domestic", "domestic budget revenue"),
                       ("budget_revenue_import_export", "import-export revenue")):
        g = growth_from_levels(_spliced(ind, range(2017, 2025)))
        add(f"{ind}_growth_sd", g.std(ddof=1), len(g),
            f"sd of yearly {label} growth, old city, consecutive years 2017–2024")
    tg = growth_from_levels(_spliced("tourists", range(2017, 2026)))
    merged = hist[(hist.indicator == "tourists") & (hist.boundary == "merged_city")
                  & hist.preferred & hist.start_year.isna()].set_index("year")["value"]
    tg = pd.concat([tg[tg.index < 2025], growth_from_levels(merged.sort_index())])
    add("tourists_growth_mean", tg.mean(), len(tg),
        "mean yearly growth of tourist arrivals, consecutive recorded years (old city to "
        "2023, merged city 2024–2025)")
    add("tourists_growth_sd", tg.std(ddof=1), len(tg), "sample sd of the same")
    from .calibration import fit_level

    fdi = fit_level("fdi_registered", start=2017, end=2025, boundary="old_city")
    add("fdi_log_median", fdi.median, fdi.n,
        f"exp(mean log registered FDI), old city {int(fdi.values.index[0])}–"
        f"{int(fdi.values.index[-1])} (hpf.fit_level)")
    add("fdi_log_sd", fdi.predictive_sd, fdi.n,
        f"predictive sd of log FDI (sample sd {fdi.log_sd:.3f} widened for the "
        f"uncertain mean and t tails, n = {fdi.n})")
    add("fdi_persistence", fdi.persistence, fdi.n_pairs,
        "lag-one correlation of log FDI over consecutive recorded years (0 when fewer "
        "than 3 pairs)")
    old = preferred_value("fdi_registered", 2024, "old_city", hist)
    merged24 = preferred_value("fdi_registered", 2024, "merged_city", hist)
    add("fdi_merged_ratio", merged24 / old, 1,
        "merged ÷ old-city registered FDI in 2024 (Hai Duong's part), carries the old "
        "city's fit to the merged city")


def _merged_growth() -> pd.Series:
    """Real GRDP growth of the merged city, :data:`TREND_YEARS`."""
    hist = embedded_history()
    vals = {y: preferred_value("grdp_growth_real", y, "merged_city", hist)
            for y in TREND_YEARS}
    return pd.Series({y: v for y, v in vals.items() if v is not None}, dtype=float)


def _plan_realism():
    """Outcome − plan gaps of real GRDP growth 2017–2025 (:func:`hpforecast.plan_realism`)."""
    from .calibration import plan_realism

    return plan_realism("grdp_growth_real", start=2017, end=2025)


def _stat(name: str) -> float:
    return float(record_statistics().at[name, "value"])


def _build(name: str, grdp_mean: float, grdp_sd: float, cargo_mean: float,
           description: str) -> Scenario:
    pers = JUDGEMENTS["persistence"][0]
    growth = {
        "grdp_real": Normal(round(grdp_mean, 6), round(grdp_sd, 6)),
        "grdp_deflator": Normal(round(_stat("deflator_growth_mean"), 6),
                                round(_stat("deflator_growth_sd"), 6)),
        "vnd_per_usd": Normal(round(_stat("fx_growth_mean"), 6), round(_stat("fx_growth_sd"), 6)),
        "population": round(_stat("population_growth"), 6),
        "budget_revenue": Normal(0.0, round(_stat("revenue_growth_sd"), 6)),
        "port_cargo": Normal(round(cargo_mean, 6), round(_stat("cargo_growth_sd"), 6)),
        "national_gdp_nominal": Normal(round(_stat("national_nominal_growth_mean"), 6),
                                       round(_stat("national_nominal_growth_sd"), 6)),
    }
    correlation = {
        ("grdp_real", "port_cargo"): JUDGEMENTS["corr_grdp_cargo"][0],
        ("grdp_real", "national_gdp_nominal"): JUDGEMENTS["corr_grdp_national"][0],
        ("grdp_real", "grdp_deflator"): JUDGEMENTS["corr_grdp_deflator"][0],
    }
    parts = JUDGEMENTS["revenue_parts_buoyancy"][0]
    for ind in ("budget_revenue_domestic", "budget_revenue_import_export"):
        growth[ind] = Normal(0.0, round(_stat(f"{ind}_growth_sd"), 6))
    return Scenario(
        name=name, base_year=2025, end_year=2030, growth=growth, correlation=correlation,
        persistence=pers,
        buoyancy={"budget_revenue": JUDGEMENTS["revenue_buoyancy"][0],
                  "budget_revenue_domestic": parts, "budget_revenue_import_export": parts},
        levels={"fdi_registered": fdi_level()},
        base_values={"port_cargo": PORT_CARGO_BASE_2025}, description=description)


def fdi_level() -> Level:
    """Registered FDI of the merged city as a :class:`~hpforecast.Level`, from the record.

    The old city's log-level fit 2017–2025 (:func:`hpforecast.fit_level`: median, sd
    with parameter uncertainty, persistence), its median carried to the merged city by
    the 2024 merged ÷ old-city ratio; no trend and no correlation with the other
    drivers (judgements).

    Examples
    --------
    >>> import hpforecast as hpf
    >>> lv = hpf.scenarios.fdi_level()
    >>> 3.0 < lv.median < 3.3, round(lv.sd, 2)
    (True, 0.5)
    """
    return Level(median=round(_stat("fdi_log_median") * _stat("fdi_merged_ratio"), 6),
                 sd=round(_stat("fdi_log_sd"), 6), trend=0.0,
                 persistence=round(_stat("fdi_persistence"), 6))


_COMMON = ("Deflator, exchange rate, population, revenue spread, cargo spread, national "
           "GDP and registered FDI (a level) from the record "
           "(hpf.scenarios.record_statistics()); persistence 0.3, correlations and revenue "
           "buoyancy 1.0 are judgements (JUDGEMENTS); 2025 cargo "
           "base = the 213 Mt plan (no outturn found).")


def baseline() -> Scenario:
    """A baseline to build on: every driver that the merged city's targets need.

    The record continues (as :func:`trend`), and the drivers of the other targets are
    added: exports linked to real GRDP (elasticity 1, own sd 0.10: judgements), tourist
    arrivals at their recorded growth, and — as in every ready-made scenario — domestic
    and import-export revenue linked to nominal GRDP and registered FDI as a
    :class:`~hpforecast.Level` (:func:`fdi_level`). Change what you assume with
    :meth:`~hpforecast.Scenario.assign`; :meth:`~hpforecast.Scenario.describe` then
    shows what you changed and what you kept.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> sc = hpf.scenarios.baseline()
    >>> {"fdi_registered", "exports", "tourists"} <= set(sc.drivers)
    True
    >>> mine = sc.assign(name="faster", growth={"grdp_real": hpf.Normal(0.135, 0.02)})
    >>> mine.describe().loc[("growth", "grdp_real"), "status"]
    'changed'
    """
    base = trend()
    return base.assign(
        name="baseline",
        growth={"exports": Normal(0.0, JUDGEMENTS["exports_residual_sd"][0]),
                "tourists": Normal(round(_stat("tourists_growth_mean"), 6),
                                   round(_stat("tourists_growth_sd"), 6))},
        links={"exports": Link("grdp_real", JUDGEMENTS["exports_elasticity"][0])},
        description="The record continues (as the trend scenario), with every driver the "
                    "merged city's targets need: exports linked to real GRDP, tourists at "
                    "their recorded growth. " + _COMMON)


def plan() -> Scenario:
    """The official plan: real GRDP +13 % a year (sd of past plan gaps), cargo to 380 Mt.

    Real GRDP growth ~ Normal(0.13, sd of outcome − plan gaps 2017–2025); port cargo
    grows at the rate that takes the 2025 plan figure of 213 Mt to the 2030 target of
    380 Mt, with the record's spread. Other drivers as in :func:`trend`.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> sc = hpf.scenarios.plan()
    >>> sc.growth["grdp_real"][2030].mean
    0.13
    """
    return _build("plan", PLAN_GROWTH, _stat("plan_gap_sd"), _stat("cargo_plan_growth"),
                  "Real GRDP at the 2026–2030 plan's 13 %/yr with the spread of the city's "
                  "plan-vs-outcome gaps 2017–2025; cargo at the rate the 380 Mt target "
                  "needs. " + _COMMON)


def trend() -> Scenario:
    """The record continues: mean and sd of the merged city's real GRDP growth 2018–2025.

    The record of the boundary that is simulated (the merged city; 2018–2024 derived from
    old Hai Phong and Hai Duong): 11.39 % a year, not the old city's 12.92 % of 2017–2025.
    Cargo at its 2017–2024 trend (old city: no merged record).

    Examples
    --------
    >>> import hpforecast as hpf
    >>> round(hpf.scenarios.trend().growth["grdp_real"][2026].mean, 4)
    0.1139
    """
    return _build("trend", _stat("grdp_growth_mean"), _stat("grdp_growth_sd"),
                  _stat("cargo_growth_mean"),
                  "Real GRDP growth with the mean and sd of the merged city's record "
                  "2018–2025 (the simulated boundary); cargo at its 2017–2024 trend. "
                  + _COMMON)


def plan_adjusted() -> Scenario:
    """The plan corrected by the city's own record of missing or beating its plans.

    Real GRDP growth ~ Normal(0.13 + mean gap, sd of gaps), the gaps being outcome −
    plan for 2017–2025 (:func:`hpforecast.plan_realism`), in the practice of the UK
    Office for Budget Responsibility, which sizes its fan charts from past errors.

    It uses every year, 2020 included (−0.70 points, sd 2.31): a shock the plans did not
    foresee is part of what plan risk is, and five years ahead one is likely enough. Without
    2020 the mean gap is −0.05 points (sd 1.34; ``plan_realism().summary`` shows both):
    the bias then rests on the years 2021–2025, every one missed (−0.5 to −2.4 points),
    offset by 2017–2019, every one beaten.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> hpf.scenarios.plan_adjusted().growth["grdp_real"][2026].mean < 0.13
    True
    """
    realism = _plan_realism()
    gap = realism.mean
    ex = realism.without()
    return _build("plan_adjusted", PLAN_GROWTH + gap, realism.sd,
                  _stat("cargo_plan_growth") + gap,
                  f"Plan growth corrected by the mean plan gap 2017–2025 "
                  f"({100 * gap:+.2f} points, sd {100 * realism.sd:.2f}) for GRDP and "
                  f"cargo, every year counted: 2020 included, since an unforeseen shock "
                  f"is part of plan risk (without 2020: {100 * ex.mean:+.2f} points, sd "
                  f"{100 * ex.sd:.2f}). " + _COMMON)


@lru_cache(maxsize=1)
def _outside_fit():
    """The merged city's real GRDP growth under rtm, toward Viet Nam's own outlook."""
    from .calibration import calibrate

    return calibrate(indicators="grdp_real", model="rtm", boundary="merged_city",
                     start=TREND_YEARS[0], end=TREND_YEARS[-1], reference="vietnam",
                     panel="pwt91", n_draws=20_000, seed=2030)


@lru_cache(maxsize=1)
def _outside_growth() -> tuple[dict, dict]:
    """The outside view's real GRDP marginals and persistence, rounded for the file."""
    sc = _outside_fit().scenario(base_year=2025, end_year=2030)
    growth = {y: type(d)(*(round(float(v), 6) for v in _params(d)))
              for y, d in sc.growth["grdp_real"].items()}
    return growth, {y: round(float(r), 4) for y, r in sc.persistence["grdp_real"].items()}


@lru_cache(maxsize=1)
def outside_view_statistics() -> pd.DataFrame:
    """The numbers behind :func:`outside_view`: reference class, panel parameters, result.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``statistic``: ``value``, ``n`` and ``how`` (as
        :func:`record_statistics`). Growth rates are fractions per year.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> st = hpf.scenarios.outside_view_statistics()
    >>> round(float(st.at["rtm_rho", "value"]), 3), int(st.at["rtm_rho", "n"])
    (0.925, 7368)
    """
    import numpy as np

    fit = _outside_fit()
    par = fit.parameter_distribution.parameters
    prov = par.provenance
    est = fit.summary.xs("grdp_real", level="indicator")["estimate"]
    n_win, n = int(prov["n_windows"]), len(fit.growth)
    g = fit.growth["grdp_real"]
    paths = fit.predictive_paths(2025, 2030, n_paths=40_000, seed=2030)["grdp_real"]
    avg = np.prod(1 + paths, axis=1) ** (1 / paths.shape[1]) - 1
    panel = (f"panel {par.label}: {prov['n_windows']} 9-year windows of "
             f"{prov['n_economies']} economies, origins {prov['origin_years']} "
             "(hpf.calibration.rtm_parameters())")
    rows = [
        ("record_mean", float(g.mean()), n,
         f"mean real GRDP growth of the merged city {int(g.index[0])}–{int(g.index[-1])}"),
        ("rtm_r", par.reference_growth, n_win,
         f"reference growth of all economies, e^r − 1 ({panel})"),
        ("rtm_tau", par.estimate["tau"], n_win,
         "sd of economies' long-run mean growth around the reference (log growth)"),
        ("rtm_rho", par.estimate["rho"], n_win,
         f"yearly persistence of the long-run mean (half-life {par.half_life:.1f} years)"),
        ("rtm_phi", par.estimate["phi"], n_win, "yearly persistence of the deviations"),
        ("rtm_sigma", par.estimate["sigma"], n_win, "sd of the deviations (log growth)"),
        ("rtm_df", par.estimate["df"], n_win, "degrees of freedom of the random scale"),
        ("reference_median", float(est["reference"]), n,
         "the city's reference: Viet Nam's own rtm outlook (its 2017–2025 record toward "
         "the panel's reference), median over the per-path draws"),
        ("long_run_mean", float(est["long_run_mean"]), n,
         "the city's long-run mean growth now, filtered (panel estimates)"),
        ("share_kept", float(est["share_kept"]), n,
         "share of the record's excess over the reference kept in the long-run mean"),
        ("average_growth_median", float(np.median(avg)), len(avg),
         "median average growth 2026–2030 of the predictive paths (40,000)"),
        ("p_average_growth_13", float(np.mean(avg >= PLAN_GROWTH)), len(avg),
         "P(average growth 2026–2030 ≥ 13 %) of the predictive paths (the scenario's "
         "yearly marginals and persistence reproduce it to within about 0.5 points)"),
    ]
    return pd.DataFrame(rows, columns=["statistic", "value", "n", "how"]).set_index(
        "statistic")


def outside_view() -> Scenario:
    """The outside view: real GRDP growth regressing toward its reference class.

    How have economies with a record like the merged city's (11.4 % a year 2018–2025)
    grown over the next five years? Their growth fell back toward their reference. This
    scenario's real GRDP follows ``calibrate(model="rtm")`` on the merged city's record
    2018–2025: the long-run mean is pooled toward, and regresses toward, **Viet Nam's
    own outlook** (its 2017–2025 record under the same model, drawn per path — the
    reference class of a province is its country; the country's is the panel's
    economies), at the rate estimated on PWT 9.1 (180 economies, 1950–2017: ρ = 0.925 a
    year, half-life 8.9 years). Its yearly marginals and persistence summarise the
    model's predictive paths. Every other driver is as in :func:`trend` (the record
    continues). :func:`outside_view_statistics` gives the numbers.

    What is untested: the panel holds national economies, not provinces; within a country
    provinces' long-run growth may differ less than ``tau`` says (pulling harder toward
    the national mean), and FDI-driven booms may be more volatile.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> sc = hpf.scenarios.outside_view()
    >>> 0.06 < sc.growth["grdp_real"][2030].median < 0.10
    True
    """
    growth, grdp_persistence = _outside_growth()
    st = outside_view_statistics()
    base = _build("outside_view", _stat("grdp_growth_mean"), _stat("grdp_growth_sd"),
                  _stat("cargo_growth_mean"), "")
    persistence = {d: JUDGEMENTS["persistence"][0] for d in base.growth}
    persistence["grdp_real"] = grdp_persistence
    return base.assign(
        growth={"grdp_real": growth}, persistence=persistence,
        description=(
            f"Real GRDP growth as economies with the merged city's record "
            f"({100 * st.at['record_mean', 'value']:.1f} %/yr 2018–2025) have grown next "
            f"(the outside view, calibrate(model='rtm')): its long-run mean regresses "
            f"toward Viet Nam's own outlook (median "
            f"{100 * st.at['reference_median', 'value']:.1f} %/yr) at rho = "
            f"{st.at['rtm_rho', 'value']:.3f} a year (half-life "
            f"{math.log(0.5) / math.log(st.at['rtm_rho', 'value']):.1f} years), as "
            f"estimated on 180 economies (Penn World Table 9.1, 1950–2017); median "
            f"growth 2026–2030 {100 * st.at['average_growth_median', 'value']:.1f} %/yr. "
            "Cargo at its 2017–2024 trend. " + _COMMON))


def why_they_differ() -> str:
    """One sentence on why :func:`outside_view` differs from plan, trend and plan_adjusted.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> hpf.scenarios.why_they_differ()[:43]
    'plan, trend and plan_adjusted carry forward'
    """
    st = outside_view_statistics()
    half = math.log(0.5) / math.log(st.at["rtm_rho", "value"])
    return ("plan, trend and plan_adjusted carry forward the city's own plan or record "
            "(the inside view); outside_view asks how economies that grew this fast "
            "actually grew next — across 180 economies their growth fell back toward "
            f"their reference (here Viet Nam's outlook, median "
            f"{100 * st.at['reference_median', 'value']:.1f} %/yr) with a half-life of "
            f"about {half:.0f} years — so it gives much lower probabilities to targets that "
            "need the recent pace to last.")


def _params(d) -> tuple:
    """The constructor arguments of a ready-made marginal (two-piece normal or normal)."""
    if hasattr(d, "skew"):
        return (d.mode, d.sd, d.skew)
    return (d.mean, d.sd)


def description_vi(scenario: Scenario) -> str:
    """The Vietnamese description of a ready-made scenario ('' for other scenarios).

    Returned only when ``scenario`` is one of the ready-made scenarios as built here
    (same name and description), so a user's edited copy is never mislabelled. The
    texts are in the package's catalogue of words, with the English ones' numbers.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> hpf.scenarios.description_vi(hpf.scenarios.trend()).startswith("Tiếp nối xu hướng")
    True
    >>> hpf.scenarios.description_vi(hpf.scenarios.trend().replace(description="mine"))
    ''
    """
    builders = {"plan": plan, "trend": trend, "plan_adjusted": plan_adjusted,
                "outside_view": outside_view}
    build = builders.get(scenario.name)
    if build is None or build().description != scenario.description:
        return ""
    gap = _stat("plan_gap_mean") if scenario.name == "plan_adjusted" else None
    return L.scenario_description_vi(scenario.name, gap=gap)
