"""Ready-made scenarios for the merged city, 2025–2030, with their numbers' provenance.

Every number is computed from the embedded data when the function is called (so it
follows the data), except the few judgements listed in :data:`JUDGEMENTS`.

- :func:`plan` — the official plan's growth (13 % a year real GRDP, the lower end of the
  2026–2030 plan; 380 Mt of cargo), with the spread of the city's plan-vs-outcome gaps.
- :func:`trend` — the mean and spread of the 2017–2025 record.
- :func:`plan_adjusted` — the plan corrected by the city's own average plan-vs-outcome
  gap (the optimism bias).

Use :func:`record_statistics` to see every computed input.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from . import _i18n as L
from .data import boundary_for, embedded_history, growth_from_levels, preferred_value
from .distributions import Normal
from .drivers import Level, Link
from .scenario import Scenario

__all__ = ["baseline", "fdi_level", "plan", "trend", "plan_adjusted", "record_statistics", "description_vi", "JUDGEMENTS",
           "PLAN_GROWTH", "PLAN_CARGO_2030", "PORT_CARGO_BASE_2025"]

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

    g = _spliced("grdp_growth_real", _RECORD)
    add("grdp_growth_mean", g.mean(), len(g),
        "mean of real GRDP growth 2017–2025 (old city to 2024, merged city 2025)")
    add("grdp_growth_sd", g.std(ddof=1), len(g), "sample sd of the same")

    realism = _plan_realism()
    add("plan_gap_mean", realism.mean, realism.n,
        "mean of outcome − plan, real GRDP growth 2017–2025 (hpf.plan_realism())")
    add("plan_gap_sd", realism.sd, realism.n, "sample sd of the same")

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
    """The record continues: mean and sd of real GRDP growth 2017–2025, cargo trend.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> 0.10 < hpf.scenarios.trend().growth["grdp_real"][2026].mean < 0.14
    True
    """
    return _build("trend", _stat("grdp_growth_mean"), _stat("grdp_growth_sd"),
                  _stat("cargo_growth_mean"),
                  "Real GRDP growth with the mean and sd of 2017–2025; cargo at its "
                  "2017–2024 trend. " + _COMMON)


def plan_adjusted() -> Scenario:
    """The plan corrected by the city's own record of missing or beating its plans.

    Real GRDP growth ~ Normal(0.13 + mean gap, sd of gaps), the gaps being outcome −
    plan for 2017–2025 (:func:`hpforecast.plan_realism`), in the practice of the UK
    Office for Budget Responsibility, which sizes its fan charts from past errors.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> hpf.scenarios.plan_adjusted().growth["grdp_real"][2026].mean < 0.13
    True
    """
    realism = _plan_realism()
    gap = realism.mean
    return _build("plan_adjusted", PLAN_GROWTH + gap, realism.sd,
                  _stat("cargo_plan_growth") + gap,
                  f"Plan growth corrected by the mean plan gap 2017–2025 "
                  f"({100 * gap:+.2f} points) for GRDP and cargo. " + _COMMON)


def description_vi(scenario: Scenario) -> str:
    """The Vietnamese description of a ready-made scenario ('' for other scenarios).

    Returned only when ``scenario`` is one of the ready-made scenarios as built here
    (same name and description), so a user's edited copy is never mislabelled. The
    texts are in the package's catalogue of words, with the English ones' numbers.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> hpf.scenarios.description_vi(hpf.scenarios.trend())[:29]
    'GRDP thực tăng với trung bình'
    >>> hpf.scenarios.description_vi(hpf.scenarios.trend().replace(description="mine"))
    ''
    """
    builders = {"plan": plan, "trend": trend, "plan_adjusted": plan_adjusted}
    build = builders.get(scenario.name)
    if build is None or build().description != scenario.description:
        return ""
    gap = _stat("plan_gap_mean") if scenario.name == "plan_adjusted" else None
    return L.scenario_description_vi(scenario.name, gap=gap)
