"""Levels, links and uncertain starting points (issue 12).

Monte Carlo results are checked against an independent numpy simulation or a formula,
within 4 standard errors.
"""

import math
import warnings

import numpy as np
import pytest
from scipy import stats

import hpforecast as hpf

K = 4.0


# -- levels ----------------------------------------------------------------------------

def _fdi_numpy(median, sd, trend, rho, n, years, rng):
    """Independent log-AR(1) simulation of the Level formula."""
    u = np.empty((n, years))
    u[:, 0] = rng.standard_normal(n)
    for t in range(1, years):
        u[:, t] = rho * u[:, t - 1] + math.sqrt(1 - rho ** 2) * rng.standard_normal(n)
    path = median * (1 + trend) ** np.arange(1, years + 1)
    return path * np.exp(sd * u)


def test_fdi_level_matches_an_independent_log_ar1_simulation():
    lv = hpf.Level(median=3.2, sd=0.45, trend=0.03, persistence=0.5)
    sc = hpf.Scenario(levels={"fdi_registered": lv})
    n = 200_000
    sim = hpf.simulate(sc, n_paths=n, seed=12, keep_paths=False)
    targets = [hpf.Target.cumulative("fdi_registered", 2026, 2030, 20.0),
               hpf.Target.level("fdi_registered", 2030, 5.0)]
    got = sim.probability(targets)
    ref = _fdi_numpy(3.2, 0.45, 0.03, 0.5, n, 5, np.random.default_rng(99))
    want = [np.mean(ref.sum(axis=1) >= 20.0), np.mean(ref[:, -1] >= 5.0)]
    for (_, row), p in zip(got.iterrows(), want):
        se = math.sqrt(row["se"] ** 2 + p * (1 - p) / n)
        assert abs(row["probability"] - p) < K * se, (row.name, row["probability"], p)
    # the level itself is log-normal around the median path, year by year
    q = sim.quantiles("fdi_registered", [0.5])
    assert q.loc[2030, 0.5] == pytest.approx(3.2 * 1.03 ** 5, rel=0.01)


def test_levels_alone_make_a_scenario_and_take_part_in_the_correlation():
    sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.12, 0.02)},
                      levels={"fdi_registered": hpf.Level(3.0, 0.4)},
                      correlation={("fdi_registered", "grdp_real"): 0.6},
                      base_values={"grdp_real": 100.0})
    sim = hpf.simulate(sc, n_paths=50_000, seed=3)
    g = sim.growth_paths("grdp_real")[:, 0]
    lf = np.log(sim.paths("fdi_registered")[:, 1])
    r = np.corrcoef(g, lf)[0, 1]
    assert abs(r - 0.6) < K * (1 - 0.6 ** 2) / math.sqrt(50_000)
    assert np.isnan(sim.paths("fdi_registered")[:, 0]).all()   # no recorded 2025 value
    only = hpf.Scenario(levels={"fdi_registered": hpf.Level(3.0, 0.4)})
    assert only.drivers == ("fdi_registered",)


def test_level_base_year_targets_need_a_base():
    sim = hpf.simulate(hpf.Scenario(levels={"fdi_registered": hpf.Level(3.0, 0.4)}),
                       n_paths=100, seed=1)
    with pytest.raises(ValueError, match="no 2025 value of fdi_registered"):
        sim.probability(hpf.Target.level("fdi_registered", 2025, 1.0))


def test_level_checks_name_the_parameter():
    with pytest.raises(ValueError, match="median must be > 0"):
        hpf.Level(0.0, 0.3)
    with pytest.raises(ValueError, match="trend must be a fraction"):
        hpf.Level(3.0, 0.3, trend=5)
    with pytest.raises(ValueError, match="also has a growth assumption"):
        hpf.Scenario(growth={"fdi_registered": 0.1},
                     levels={"fdi_registered": hpf.Level(3.0, 0.3)})
    with pytest.raises(TypeError, match=r"levels\['fdi_registered'\] must be an "
                                        r"hpforecast.Level"):
        hpf.Scenario(levels={"fdi_registered": 3.0})


# -- links ------------------------------------------------------------------------------

def test_cargo_linked_with_elasticity_one_follows_real_grdp_path_by_path():
    sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.12, 0.03)},
                      links={"port_cargo": hpf.Link("grdp_real", elasticity=1.0)},
                      base_values={"grdp_real": 100.0, "port_cargo": 213.0})
    sim = hpf.simulate(sc, n_paths=5000, seed=2)
    cargo, real = sim.paths("port_cargo"), sim.paths("grdp_real")
    np.testing.assert_allclose(cargo / 213.0, real / 100.0, rtol=1e-13)


def test_link_with_a_residual_has_the_formula_mean_and_sd():
    sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.12, 0.02),
                              "port_cargo": hpf.Normal(0.02, 0.03)},
                      links={"port_cargo": hpf.Link("grdp_real", elasticity=0.8)},
                      base_values={"grdp_real": 100.0, "port_cargo": 213.0})
    n = 100_000
    g = hpf.simulate(sc, n_paths=n, seed=4).growth_paths("port_cargo")[:, 2]
    mean, sd = 0.8 * 0.12 + 0.02, math.hypot(0.8 * 0.02, 0.03)
    assert abs(g.mean() - mean) < K * sd / math.sqrt(n)
    assert abs(g.std(ddof=1) - sd) < K * sd / math.sqrt(2 * n)


def test_link_to_a_derived_source_and_buoyancy_as_a_link():
    growth = {"grdp_real": hpf.Normal(0.1, 0.02), "grdp_deflator": hpf.Normal(0.03, 0.01),
              "vnd_per_usd": 0.01}
    bases = {"grdp_real": 100.0, "grdp_deflator": 1.5, "vnd_per_usd": 25_000.0,
             "exports": 40.0, "budget_revenue": 50.0}
    sc = hpf.Scenario(growth=growth, links={"exports": hpf.Link("grdp_usd", 1.0)},
                      buoyancy={"budget_revenue": 1.0}, base_values=bases)
    sim = hpf.simulate(sc, n_paths=2000, seed=5)
    np.testing.assert_allclose(sim.growth_paths("exports"), sim.growth_paths("grdp_usd"),
                               rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(sim.growth_paths("budget_revenue"),
                               sim.growth_paths("grdp_nominal"), rtol=1e-9, atol=1e-12)
    assert set(sc.all_links) == {"exports", "budget_revenue"}


def test_link_errors():
    base = {"grdp_real": hpf.Normal(0.1, 0.02)}
    with pytest.raises(ValueError, match="'tourists' is not a driver of this scenario nor "
                                         "computable"):
        hpf.Scenario(growth=base, links={"port_cargo": hpf.Link("tourists")})
    with pytest.raises(ValueError, match="links form a cycle"):
        hpf.Scenario(growth=base, links={"port_cargo": hpf.Link("exports"),
                                         "exports": hpf.Link("port_cargo")})
    with pytest.raises(ValueError, match="cannot be linked to itself"):
        hpf.Scenario(growth=base, links={"grdp_real": hpf.Link("grdp_real")})
    with pytest.raises(ValueError, match="elasticity must be <= 10"):
        hpf.Link("grdp_real", 50)


def test_fit_link_generalises_fit_buoyancy():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", hpf.ShortSampleWarning)
        b = hpf.fit_buoyancy()
        lk = hpf.fit_link("budget_revenue", "grdp_nominal")
        cargo = hpf.fit_link("port_cargo", "grdp_real")
    assert lk.beta == b.beta and lk.beta_se == b.beta_se
    assert cargo.link() == hpf.Link("grdp_real", cargo.beta)
    # the OLS slope by hand
    x, y = cargo.data["grdp_real"].to_numpy(), cargo.data["port_cargo"].to_numpy()
    assert cargo.beta == pytest.approx(np.polyfit(x, y, 1)[0], rel=1e-10)


# -- uncertain bases --------------------------------------------------------------------

def test_a_base_given_as_a_distribution_is_drawn_per_path():
    dist = hpf.Normal(213.0, 8.0)
    growth = {"port_cargo": hpf.Normal(0.12, 0.03)}
    sim = hpf.simulate(hpf.Scenario(growth=growth, base_values={"port_cargo": dist}),
                       n_paths=100_000, seed=6)
    fixed = hpf.simulate(hpf.Scenario(growth=growth, base_values={"port_cargo": 213.0}),
                         n_paths=100_000, seed=6)
    base = sim.paths("port_cargo")[:, 0]
    qs = [0.05, 0.5, 0.95]
    for q, v in zip(qs, np.quantile(base, qs)):
        se = math.sqrt(q * (1 - q) / base.size) / stats.norm.pdf(stats.norm.ppf(q)) * 8.0
        assert abs(v - dist.ppf(q)) < K * se
    wide = np.diff(sim.quantiles("port_cargo", [0.1, 0.9]).loc[2030].to_numpy())[0]
    narrow = np.diff(fixed.quantiles("port_cargo", [0.1, 0.9]).loc[2030].to_numpy())[0]
    assert wide > narrow
    # the 2030 level is base x growth factor, the two independent: variances multiply
    f = fixed.paths("port_cargo")[:, -1] / 213.0
    var = (8 ** 2 + 213 ** 2) * (f.var() + f.mean() ** 2) - 213 ** 2 * f.mean() ** 2
    got = sim.paths("port_cargo")[:, -1].var()
    assert abs(got / var - 1) < 0.03


def test_distributions_are_unit_free_but_growth_is_a_fraction():
    assert hpf.Normal(213.0, 8.0).mean == 213.0
    with pytest.raises(ValueError, match="Did you give a percentage"):
        hpf.Scenario(growth={"port_cargo": hpf.Normal(13.0, 1.0)})
    with pytest.raises(ValueError, match="gives levels <= 0"):
        hpf.Scenario(growth={"port_cargo": 0.1}, base_values={"port_cargo": hpf.Normal(5, 3)})


# -- a baseline to build on ---------------------------------------------------------------

def test_baseline_evaluates_every_evaluable_merged_city_target():
    sc = hpf.scenarios.baseline()
    targets = [t for t in hpf.load_targets().filter(evaluable=True, boundary="merged_city")
               if t.year > sc.base_year]
    assert any(t.indicator == "fdi_registered" for t in targets)
    table = hpf.simulate(sc, n_paths=4000, seed=1).probability(targets)
    assert table["evaluable"].all(), table.loc[~table["evaluable"], "note"]
    assert table["probability"].notna().all()


def test_a_scenario_missing_drivers_names_them():
    sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.13, 0.02),
                              "grdp_deflator": hpf.Normal(0.02, 0.01)})
    row = hpf.simulate(sc, n_paths=100, seed=1).probability(
        hpf.load_targets()["grdp_per_capita_usd_2030"]).iloc[0]
    assert not row["evaluable"]
    assert "needs vnd_per_usd and population" in row["note"]


def test_assign_keeps_the_rest_and_describe_says_what_changed():
    base = hpf.scenarios.baseline()
    sc = base.assign(name="mine", growth={"grdp_real": hpf.Normal(0.11, 0.02),
                                          "tourists": None},
                     levels={"fdi_registered": hpf.Level(4.0, 0.3)})
    assert "tourists" not in sc.growth and sc.growth["grdp_deflator"] == base.growth[
        "grdp_deflator"]
    d = sc.describe()
    assert d.loc[("growth", "grdp_real"), "status"] == "changed"
    assert d.loc[("growth", "tourists"), "status"] == "removed"
    assert d.loc[("growth", "grdp_deflator"), "status"] == "inherited"
    assert d.loc[("levels", "fdi_registered"), "status"] == "changed"
    with pytest.raises(TypeError, match="unknown field"):
        base.assign(grwth={})


def test_toml_round_trip_of_levels_links_and_uncertain_bases(tmp_path):
    sc = hpf.scenarios.baseline().assign(
        base_values={"port_cargo": hpf.Normal(213.0, 8.0)},
        links={"port_cargo": hpf.Link("grdp_real", 0.9)})
    path = tmp_path / "s.toml"
    sc.to_toml(path)
    back = hpf.Scenario.from_toml(path)
    assert back == sc
    assert "[levels]" in path.read_text() and "[links]" in path.read_text()


# -- the what-if tools accept them ----------------------------------------------------------

def test_what_if_tools_accept_levels_and_links():
    sc = hpf.scenarios.baseline()
    t = hpf.Target.cumulative("fdi_registered", 2026, 2030, 20.0)
    c = hpf.compare([sc, sc.assign(name="more FDI",
                                   levels={"fdi_registered": hpf.Level(4.0, 0.5)})],
                    t, n_paths=4000)
    assert c.loc[(t.name, "more FDI"), "diff_from_baseline"] > 0
    tab = hpf.tornado(sc, t, assumptions={"fdi_registered": (2.5, 4.5),
                                          "sd:fdi_registered": (0.2, 0.8)}, n_paths=4000)
    assert {"fdi_registered", "sd:fdi_registered"} <= set(tab["assumption"])
    cargo = sc.assign(links={"port_cargo": hpf.Link("grdp_real", 1.0)},
                      growth={"port_cargo": None})
    r = hpf.growth_needed(hpf.load_targets()["port_cargo_2030"], 0.5, scenario=cargo,
                          n_paths=2000)
    assert r.driver == "grdp_real"
