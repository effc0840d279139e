"""The simulation engine against exact results and an independent simulation.

Monte Carlo comparisons allow 4 standard errors (of the difference when both sides are
simulated).
"""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

import hpforecast as hpf
from hpforecast import engine as engine_mod
from hpforecast import simulation as results_mod

K = 4.0  # standard errors allowed


def one_driver(mean=0.13, sd=0.015, **kw):
    return hpf.Scenario(growth={"grdp_real": hpf.Normal(mean, sd)},
                        base_values={"grdp_real": 100.0}, **kw)


# -- exact results -------------------------------------------------------------------

def test_zero_variance_reproduces_compounding():
    sc = hpf.Scenario(growth={"grdp_real": {2026: 0.10, 2027: 0.12, 2028: -0.05},
                              "port_cargo": 0.12},
                      end_year=2028, base_values={"grdp_real": 100.0, "port_cargo": 213.0})
    sim = hpf.simulate(sc, n_paths=7, seed=1)
    assert sim.years == (2025, 2026, 2027, 2028)
    expected = 100.0 * np.cumprod([1.0, 1.10, 1.12, 0.95])
    np.testing.assert_allclose(sim.paths("grdp_real"), np.tile(expected, (7, 1)), rtol=1e-14)
    np.testing.assert_allclose(sim.paths("port_cargo")[:, -1], 213.0 * 1.12 ** 3, rtol=1e-14)


def test_fixed_growth_gives_zero_or_one():
    sim = hpf.simulate(one_driver(sd=0.0), n_paths=100, seed=3)
    level = 100 * 1.13 ** 5
    table = sim.probability([hpf.Target.level("grdp_real", 2030, level * 0.999),
                             hpf.Target.level("grdp_real", 2030, level * 1.001),
                             hpf.Target.average_growth("grdp_real", 2025, 2030, 0.1299)])
    assert table["probability"].tolist() == [1.0, 0.0, 1.0]
    assert table["se"].tolist() == [0.0, 0.0, 0.0]


def test_one_year_normal_matches_closed_form(seed):
    sc = one_driver(end_year=2026)
    sim = hpf.simulate(sc, n_paths=200_000, seed=seed)
    p = sim.probability(hpf.Target.level("grdp_real", 2026, 114.0)).iloc[0]
    exact = 1 - stats.norm.cdf((0.14 - 0.13) / 0.015)
    assert abs(p["probability"] - exact) < K * math.sqrt(exact * (1 - exact) / 200_000)
    assert p["se"] == pytest.approx(math.sqrt(p["probability"] * (1 - p["probability"])
                                              / 200_000))


def test_equivalent_target_forms_agree_exactly(seed):
    sim = hpf.simulate(one_driver(), n_paths=50_000, seed=seed)
    thr = 100 * 1.125 ** 5
    t = sim.probability([hpf.Target.level("grdp_real", 2030, thr),
                         hpf.Target.average_growth("grdp_real", 2025, 2030, 0.125),
                         hpf.Target.average_growth("grdp_growth_real", 2025, 2030, 0.125)])
    assert t["probability"].nunique() == 1
    assert 0.5 < t["probability"].iloc[0] < 0.8


def test_sum_of_normal_scores_variance_with_persistence(seed):
    # With normal growth, log-free check: sum of growth over H years has variance
    # sd^2 * (H + 2 sum (H-k) rho^k) (METHODS.md).
    rho, sd, H = 0.6, 0.02, 5
    sc = one_driver(sd=sd, persistence=rho)
    g = hpf.simulate(sc, n_paths=200_000, seed=seed).growth_paths("grdp_real")
    total = g.sum(axis=1)
    exact = sd ** 2 * (H + 2 * sum((H - k) * rho ** k for k in range(1, H)))
    # se of a sample variance ~ var * sqrt(2 / n) for a normal sample
    assert abs(total.var(ddof=1) - exact) < K * exact * math.sqrt(2 / 200_000)
    lag1 = np.corrcoef(g[:, 0], g[:, 1])[0, 1]
    lag3 = np.corrcoef(g[:, 0], g[:, 3])[0, 1]
    assert abs(lag1 - rho) < K * (1 - rho ** 2) / math.sqrt(200_000)
    assert abs(lag3 - rho ** 3) < K * (1 - rho ** 6) / math.sqrt(200_000)


def test_same_year_correlation_kept_with_different_persistence(seed):
    sc = hpf.Scenario(
        growth={"grdp_real": hpf.Normal(0.12, 0.02), "port_cargo": hpf.Normal(0.1, 0.05)},
        correlation={("grdp_real", "port_cargo"): 0.6},
        persistence={"grdp_real": 0.5, "port_cargo": 0.2},
        base_values={"grdp_real": 1.0, "port_cargo": 1.0})
    sim = hpf.simulate(sc, n_paths=200_000, seed=seed)
    a, b = sim.growth_paths("grdp_real"), sim.growth_paths("port_cargo")
    for t in range(5):
        r = np.corrcoef(a[:, t], b[:, t])[0, 1]
        assert abs(r - 0.6) < K * (1 - 0.36) / math.sqrt(200_000)


def test_marginal_is_exactly_as_stated_under_copula(seed):
    tpn = hpf.TwoPieceNormal(0.12, 0.02, skew=-0.5)
    sc = hpf.Scenario(growth={"grdp_real": tpn, "port_cargo": hpf.Normal(0.1, 0.05)},
                      correlation={("grdp_real", "port_cargo"): -0.7}, persistence=0.8,
                      base_values={"grdp_real": 1.0, "port_cargo": 1.0})
    g = hpf.simulate(sc, n_paths=20_000, seed=seed).growth_paths("grdp_real")
    for t in (0, 4):
        assert stats.kstest(g[:, t], tpn.cdf).pvalue > 1e-3


# -- independent simulation -------------------------------------------------------------

def _independent_per_capita(n, seed):
    """A straightforward loop: 3 correlated normal drivers, persistence 0.4."""
    rng = np.random.default_rng(seed)
    R = np.array([[1, 0.5, -0.3], [0.5, 1, 0.0], [-0.3, 0.0, 1]])
    L = np.linalg.cholesky(R)
    means, sds, rho = np.array([0.12, 0.02, 0.015]), np.array([0.02, 0.01, 0.01]), 0.4
    real, defl, fx = np.full(n, 470_000.0), np.full(n, 1.55), np.full(n, 24_980.0)
    pop = 4.13e6
    z = rng.standard_normal((n, 3)) @ L.T
    for year in range(5):
        if year:
            z = rho * z + math.sqrt(1 - rho ** 2) * (rng.standard_normal((n, 3)) @ L.T)
        g = means + sds * z
        real *= 1 + g[:, 0]
        defl *= 1 + g[:, 1]
        fx *= 1 + g[:, 2]
    pc = real * defl * 1000 / fx * 1e6 / (pop * 1.009 ** 5)
    return pc


def test_against_independent_simulation(seed):
    sc = hpf.Scenario(
        growth={"grdp_real": hpf.Normal(0.12, 0.02), "grdp_deflator": hpf.Normal(0.02, 0.01),
                "vnd_per_usd": hpf.Normal(0.015, 0.01), "population": 0.009},
        correlation={("grdp_real", "grdp_deflator"): 0.5,
                     ("grdp_real", "vnd_per_usd"): -0.3},
        persistence=0.4,
        base_values={"grdp_real": 470_000.0, "grdp_deflator": 1.55,
                     "vnd_per_usd": 24_980.0, "population": 4.13e6})
    n = 100_000
    sim = hpf.simulate(sc, n_paths=n, seed=seed)
    pc_ref = _independent_per_capita(n, seed + 1)
    for thr in (11_247.0, np.median(pc_ref)):
        p = sim.probability(hpf.Target.level("grdp_per_capita_usd", 2030, thr)).iloc[0]
        q = float(np.mean(pc_ref >= thr))
        se = math.sqrt(p["se"] ** 2 + q * (1 - q) / n)
        assert abs(p["probability"] - q) < K * se


# -- reproducibility and common random numbers ---------------------------------------

def test_same_seed_same_numbers_any_chunk_size(seed):
    sc = one_driver(persistence=0.3)
    t = [hpf.Target.average_growth("grdp_real", 2025, 2030, 0.13),
         hpf.Target.level("grdp_real", 2028, 145.0)]
    kept = hpf.simulate(sc, n_paths=40_000, seed=seed)
    ref = kept.probability(t)["probability"].to_numpy()
    for chunk in (1, 16_384, 25_000, 10 ** 6):
        s = hpf.simulate(sc, n_paths=40_000, seed=seed, keep_paths=False, chunk_size=chunk)
        np.testing.assert_array_equal(s.probability(t)["probability"].to_numpy(), ref)
    again = hpf.simulate(sc, n_paths=40_000, seed=seed)
    np.testing.assert_array_equal(again.paths("grdp_real"), kept.paths("grdp_real"))
    other = hpf.simulate(sc, n_paths=40_000, seed=seed + 1)
    assert not np.array_equal(other.paths("grdp_real"), kept.paths("grdp_real"))


def test_recorded_seed_reproduces_a_generator_seed():
    sc = one_driver()
    sim = hpf.simulate(sc, n_paths=1000, seed=np.random.default_rng(5))
    assert isinstance(sim.seed, int)
    again = hpf.simulate(sc, n_paths=1000, seed=sim.seed)
    np.testing.assert_array_equal(sim.paths("grdp_real"), again.paths("grdp_real"))


def test_common_random_numbers_share_scores(seed):
    a = hpf.simulate(one_driver(0.13), n_paths=5000, seed=seed).growth_paths("grdp_real")
    b = hpf.simulate(one_driver(0.11), n_paths=5000, seed=seed).growth_paths("grdp_real")
    np.testing.assert_allclose(a - b, 0.02, atol=1e-12)


def test_driver_order_does_not_change_numbers(seed):
    g1 = {"grdp_real": hpf.Normal(0.12, 0.02), "port_cargo": hpf.Normal(0.1, 0.03)}
    g2 = dict(reversed(list(g1.items())))
    bv = {"grdp_real": 1.0, "port_cargo": 1.0}
    s1 = hpf.simulate(hpf.Scenario(growth=g1, base_values=bv), n_paths=1000, seed=seed)
    s2 = hpf.simulate(hpf.Scenario(growth=g2, base_values=bv), n_paths=1000, seed=seed)
    np.testing.assert_array_equal(s1.paths("port_cargo"), s2.paths("port_cargo"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mean=st.floats(-0.05, 0.25), extra=st.floats(0.0, 0.05), sd=st.floats(0.0, 0.05),
       thr=st.floats(-0.05, 0.25), rho=st.floats(-0.9, 0.9))
def test_more_growth_never_lowers_probability(mean, extra, sd, thr, rho):
    t = hpf.Target.average_growth("grdp_real", 2025, 2030, thr)
    lo = hpf.simulate(one_driver(mean, sd, persistence=rho), n_paths=2000, seed=11)
    hi = hpf.simulate(one_driver(mean + extra, sd, persistence=rho), n_paths=2000, seed=11)
    p_lo = lo.probability(t)["probability"].iloc[0]
    p_hi = hi.probability(t)["probability"].iloc[0]
    assert 0.0 <= p_lo <= p_hi <= 1.0
    row = hi.probability(t).iloc[0]
    assert 0.0 <= row["ci_low"] <= row["probability"] <= row["ci_high"] <= 1.0


# -- targets with history, joint and by-year probabilities --------------------------

def test_window_starting_before_base_year_uses_the_record():
    # A target with no boundary of its own reads the simulated boundary's record
    # (the merged city's growth 2021-2025).
    hist = hpf.load_history(wide=True, boundary="merged_city")
    recorded = float(np.prod(1 + hist.loc[2021:2025, "grdp_growth_real"]))
    sc = hpf.Scenario(growth={"grdp_real": 0.14})
    sim = hpf.simulate(sc, n_paths=10, seed=0)
    avg = (recorded * 1.14 ** 5) ** (1 / 10) - 1
    t_lo = hpf.Target.average_growth("grdp_real", 2020, 2030, avg - 1e-6)
    t_hi = hpf.Target.average_growth("grdp_real", 2020, 2030, avg + 1e-6)
    table = sim.probability([t_lo, t_hi])
    assert table["probability"].tolist() == [1.0, 0.0]
    assert "from the record" in table["note"].iloc[0]
    assert "merged_city" in table["note"].iloc[0]


def test_joint_probability_between_frechet_bounds(seed):
    sc = hpf.Scenario(
        growth={"grdp_real": hpf.Normal(0.12, 0.02), "port_cargo": hpf.Normal(0.1, 0.03)},
        correlation={("grdp_real", "port_cargo"): 0.8},
        base_values={"grdp_real": 100.0, "port_cargo": 213.0})
    sim = hpf.simulate(sc, n_paths=50_000, seed=seed)
    targets = [hpf.Target.average_growth("grdp_real", 2025, 2030, 0.12),
               hpf.Target.level("port_cargo", 2030, 340.0)]
    single = sim.probability(targets)["probability"]
    joint = sim.joint_probability(targets).iloc[0]
    both = np.mean((sim.paths("grdp_real")[:, -1] >= 100 * 1.12 ** 5)
                   & (sim.paths("port_cargo")[:, -1] >= 340.0))
    assert joint["probability"] == pytest.approx(both)
    assert joint["frechet_low"] <= joint["probability"] <= joint["frechet_high"]
    assert joint["frechet_high"] == pytest.approx(single.min())
    # positive correlation: the joint probability exceeds the independent product
    assert joint["probability"] > joint["if_independent"]


def test_probability_by_year_is_monotone_for_growing_levels(seed):
    sim = hpf.simulate(one_driver(0.12, 0.01), n_paths=20_000, seed=seed)
    t = hpf.Target.level("grdp_real", 2030, 170.0)
    by = sim.probability_by_year(t)
    assert list(by.index) == [2026, 2027, 2028, 2029, 2030]
    assert by["probability"].is_monotonic_increasing
    assert by.loc[2030, "probability"] == pytest.approx(
        sim.probability(t)["probability"].iloc[0])
    assert (by["met_by_year"] >= by["probability"] - 1e-12).all()


def test_quantiles_table(seed):
    sim = hpf.simulate(one_driver(0.13, 0.0), n_paths=100, seed=seed)
    q = sim.quantiles("grdp_real", [0.05, 0.5, 0.95])
    assert list(q.index) == list(sim.years)
    np.testing.assert_allclose(q[0.5].to_numpy(), 100 * 1.13 ** np.arange(6))
    qg = sim.quantiles("grdp_real", [0.5], growth=True)
    np.testing.assert_allclose(qg[0.5].to_numpy(), 0.13)


def test_official_targets_work_directly_and_report_unevaluable():
    sim = hpf.simulate(hpf.scenarios.plan(), n_paths=2000, seed=1)
    with pytest.warns(UserWarning, match="old_city"):
        table = sim.probability(hpf.load_targets())
    assert len(table) == len(hpf.load_targets())
    bad = table[~table["evaluable"]]
    assert bad["note"].str.len().gt(0).all()
    assert table.loc["grdp_per_capita_usd_2030", "evaluable"]
    assert 0.0 <= table.loc["grdp_per_capita_usd_2030", "probability"] <= 1.0


def test_base_values_come_from_history():
    sim = hpf.simulate(hpf.Scenario(growth={"exports": 0.1, "grdp_real": 0.1}),
                       n_paths=2, seed=0)
    h = hpf.load_history()
    want = h[(h.indicator == "grdp_real") & (h.year == 2025) & (h.boundary == "merged_city")
             & h.preferred]["value"].iloc[0]
    assert sim.paths("grdp_real")[0, 0] == pytest.approx(want)


# -- samplers ------------------------------------------------------------------------

@pytest.mark.parametrize("sampler", ["antithetic", "sobol"])
def test_variance_reduction_samplers_agree_with_mc(seed, sampler):
    sc = one_driver(0.125, 0.02, persistence=0.3)
    t = hpf.Target.average_growth("grdp_real", 2025, 2030, 0.13)
    mc = hpf.simulate(sc, n_paths=65_536, seed=seed).probability(t).iloc[0]
    vr = hpf.simulate(sc, n_paths=65_536, seed=seed, sampler=sampler).probability(t).iloc[0]
    assert abs(mc["probability"] - vr["probability"]) < K * math.hypot(mc["se"], vr["se"])
    assert 0 < vr["se"] < mc["se"]


def test_wilson_interval_matches_statsmodels():
    from statsmodels.stats.proportion import proportion_confint

    from hpforecast.analysis import wilson_interval

    for k, n in [(0, 50), (7, 50), (500, 1000), (999, 1000)]:
        lo, hi = wilson_interval(k / n, n)
        ref = proportion_confint(k, n, alpha=0.05, method="wilson")
        assert lo == pytest.approx(ref[0], abs=1e-9)
        assert hi == pytest.approx(ref[1], abs=1e-9)


def test_required_growth():
    assert hpf.required_growth(100.0, 100.0 * 1.13 ** 5, 5) == pytest.approx(0.13)
    with pytest.raises(ValueError, match="base must be > 0.0; got -1"):
        hpf.required_growth(-1, 2, 3)


def test_result_records_seed_and_is_readable(seed):
    sim = hpf.simulate(one_driver(), n_paths=100, seed=seed)
    t = sim.probability(hpf.Target.level("grdp_real", 2030, 180.0))
    assert t.attrs["seed"] == seed and sim.seed == seed
    assert "Simulation" in sim._repr_html_()
    assert isinstance(sim.summary(), pd.DataFrame)


# -- identities, buoyancy and flows -----------------------------------------------------

def test_derived_indicators_follow_the_accounting_identities(seed):
    sc = hpf.Scenario(
        growth={"grdp_real": hpf.Normal(0.12, 0.02), "grdp_deflator": hpf.Normal(0.02, 0.01),
                "vnd_per_usd": hpf.Normal(0.015, 0.01), "population": 0.009,
                "national_gdp_nominal": hpf.Normal(0.1, 0.02)},
        persistence=0.3)
    sim = hpf.simulate(sc, n_paths=1000, seed=seed)
    real, defl = sim.paths("grdp_real"), sim.paths("grdp_deflator")
    nominal = sim.paths("grdp_nominal")
    np.testing.assert_allclose(nominal, real * defl, rtol=1e-12)
    usd = nominal * 1000 / sim.paths("vnd_per_usd")
    np.testing.assert_allclose(sim.paths("grdp_usd"), usd, rtol=1e-12)
    np.testing.assert_allclose(sim.paths("grdp_per_capita_usd"),
                               usd * 1e6 / sim.paths("population"), rtol=1e-12)
    np.testing.assert_allclose(sim.paths("share_of_national_gdp"),
                               nominal / sim.paths("national_gdp_nominal"), rtol=1e-12)
    # The base year reproduces the record: nominal GRDP 2025 of the merged city.
    h = hpf.load_history(wide=True, boundary="merged_city")
    assert nominal[0, 0] == pytest.approx(h.loc[2025, "grdp_nominal"])


def test_revenue_buoyancy_links_revenue_to_nominal_growth(seed):
    sc = hpf.Scenario(
        growth={"grdp_real": hpf.Normal(0.12, 0.02), "grdp_deflator": hpf.Normal(0.02, 0.01),
                "budget_revenue": hpf.Normal(0.01, 0.03)},
        buoyancy={"budget_revenue": 1.2})
    sim = hpf.simulate(sc, n_paths=2000, seed=seed)
    g_nom = sim.growth_paths("grdp_nominal")
    own = sim.growth_paths("budget_revenue") - 1.2 * g_nom
    # The own term is the budget_revenue marginal: mean 0.01, sd 0.03.
    assert abs(own.mean() - 0.01) < K * 0.03 / math.sqrt(own.size)
    fixed = hpf.Scenario(growth={"grdp_real": 0.1, "grdp_deflator": 0.02},
                         buoyancy={"budget_revenue": 1.5})
    rev = hpf.simulate(fixed, n_paths=3, seed=1).growth_paths("budget_revenue")
    np.testing.assert_allclose(rev, 1.5 * (1.1 * 1.02 - 1))


def test_flow_summed_over_a_window():
    sc = hpf.Scenario(growth={"fdi_registered": 0.1}, base_values={"fdi_registered": 5.0})
    sim = hpf.simulate(sc, n_paths=4, seed=0)
    total = sum(5.0 * 1.1 ** k for k in range(1, 6))  # 2026..2030
    table = sim.probability([hpf.Target.cumulative("fdi_registered", 2026, 2030, total - 1e-9),
                             hpf.Target.cumulative("fdi_registered", 2026, 2030, total + 1e-9)])
    assert table["probability"].tolist() == [1.0, 0.0]


def test_bank_of_england_form_simulates_its_mean(seed):
    d = hpf.TwoPieceNormal.from_mean_minus_mode(0.12, 0.02, -0.008)
    sc = hpf.Scenario(growth={"grdp_real": d}, base_values={"grdp_real": 1.0})
    g = hpf.simulate(sc, n_paths=100_000, seed=seed).growth_paths("grdp_real")[:, 0]
    assert abs(g.mean() - (0.12 - 0.008)) < K * d.std / math.sqrt(g.size)


def test_antithetic_paths_mirror_their_pairs():
    from hpforecast.engine import BLOCK

    sc = one_driver(0.12, 0.02, persistence=0.5)
    g = hpf.simulate(sc, n_paths=2 * BLOCK, seed=4, sampler="antithetic").growth_paths("grdp_real")
    half = BLOCK // 2
    np.testing.assert_allclose(g[:half] - 0.12, -(g[half:BLOCK] - 0.12), atol=1e-12)
    np.testing.assert_allclose(g[BLOCK:BLOCK + half] - 0.12, -(g[BLOCK + half:] - 0.12),
                               atol=1e-12)


# -- review fixes ---------------------------------------------------------------------

def test_base_year_targets_read_the_base_level():
    # A recorded base (the embedded history) is an outcome: the target reads it.
    sim = hpf.simulate(hpf.Scenario(growth={"grdp_real": hpf.Normal(0.10, 0.02)}),
                       n_paths=100, seed=1)
    base = sim.base_values["grdp_real"]
    t = sim.probability([hpf.Target.level("grdp_real", 2025, base * 1.01),
                         hpf.Target.level("grdp_real", 2025, base * 0.99)])
    assert t["probability"].tolist() == [0.0, 1.0]
    # An assumed base (base_values) is not: such a target cannot be evaluated.
    sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.10, 0.02)},
                      base_values={"grdp_real": 100.0})
    assumed = hpf.simulate(sc, n_paths=100, seed=1)
    with pytest.raises(ValueError, match=r"2025 value is assumed by the scenario"):
        assumed.probability(hpf.Target.level("grdp_real", 2025, 99.0))
    plan = hpf.simulate(hpf.scenarios.plan(), n_paths=10, seed=1)
    with pytest.raises(ValueError, match=r"base_values: port_cargo = 213"):
        plan.probability(hpf.Target.level("port_cargo", 2025, 200.0))


def test_probability_by_year_needs_a_simulated_year():
    sim = hpf.simulate(one_driver(), n_paths=10, seed=1)
    with pytest.raises(ValueError, match=r"starts after the simulated years 2025–2030"):
        sim.probability_by_year(hpf.Target.cumulative("grdp_real", 2031, 2032, 1.0))


def test_history_argument_is_checked(tmp_path):
    sc = hpf.Scenario(growth={"grdp_real": 0.1})
    with pytest.raises(TypeError, match=r"history must be None, a path to a CSV file or a "
                                        r"DataFrame"):
        hpf.simulate(sc, n_paths=10, seed=1, history=3)
    bad = hpf.load_history().drop(columns=["source"])
    with pytest.raises(ValueError, match=r"history is missing required column\(s\) 'source'"):
        hpf.simulate(sc, n_paths=10, seed=1, history=bad)
    # The embedded table passed back in works and gives the same numbers.
    a = hpf.simulate(sc, n_paths=10, seed=1, history=hpf.load_history()).paths("grdp_real")
    np.testing.assert_array_equal(a, hpf.simulate(sc, n_paths=10, seed=1).paths("grdp_real"))


def test_filter_accepts_numpy_years_and_summary_checks_q():
    ts = hpf.load_targets()
    assert len(ts.filter(year=np.int64(2030))) == len(ts.filter(year=2030))
    sim = hpf.simulate(one_driver(), n_paths=10, seed=1)
    with pytest.raises(ValueError, match=r"q must be < 1.0; got 5"):
        sim.summary(q=[5, 50])


def test_probability_by_year_of_an_unevaluable_official_target():
    sc = hpf.Scenario(growth={"grdp_real": 0.1, "port_cargo": 0.1},
                      base_values={"port_cargo": 213.0})
    sim = hpf.simulate(sc, n_paths=10, seed=1)
    with pytest.raises(ValueError, match=r"grdp_per_capita_usd_2030' cannot be evaluated.*"
                                         r"no assumption that drives"):
        sim.probability_by_year(hpf.load_targets()["grdp_per_capita_usd_2030"])


def test_targets_entirely_in_the_past_use_the_record():
    sim = hpf.simulate(hpf.Scenario(growth={"grdp_real": 0.1, "budget_revenue": 0.05}),
                       n_paths=5, seed=1)
    hist = hpf.load_history(wide=True, boundary="old_city")
    growth = float(np.prod(1 + hist.loc[2021:2024, "grdp_growth_real"])) ** (1 / 4) - 1
    revenue = float(hist.loc[2020:2022, "budget_revenue"].sum())
    targets = [
        hpf.Target.level("budget_revenue", 2024, hist.loc[2024, "budget_revenue"] - 1,
                         boundary="old_city"),
        hpf.Target.average_growth("grdp_real", 2020, 2024, growth + 1e-6, boundary="old_city"),
        hpf.Target.cumulative("budget_revenue", 2020, 2022, revenue - 1, boundary="old_city"),
    ]
    with pytest.warns(UserWarning, match="set for old_city"):
        table = sim.probability(targets)
    assert table["probability"].tolist() == [1.0, 0.0, 1.0]
    assert table["note"].str.contains("recorded outcome").all()
    with pytest.raises(ValueError, match=r"outside the simulated years 2025–2030 and the history"):
        sim.probability(hpf.Target.level("port_cargo", 2024, 100.0))


def test_cumulative_window_across_the_base_year_uses_the_own_boundary_record():
    sc = hpf.Scenario(growth={"budget_revenue": 0.0})
    sim = hpf.simulate(sc, n_paths=3, seed=1)
    hist = hpf.load_history(wide=True, boundary="merged_city")
    total = float(hist.loc[2024:2025, "budget_revenue"].sum()) + 2 * hist.loc[2025, "budget_revenue"]
    t = [hpf.Target.cumulative("budget_revenue", 2024, 2027, total * (1 - 1e-9)),
         hpf.Target.cumulative("budget_revenue", 2024, 2027, total * (1 + 1e-9))]
    table = sim.probability(t)
    assert table["probability"].tolist() == [1.0, 0.0]
    assert "2024 from the merged_city record" in table["note"].iloc[0]
    # Flows do not splice across the merger: 2023 has no merged-city value.
    with pytest.raises(ValueError, match=r"lacks 'budget_revenue' for merged_city in 2023"):
        sim.probability(hpf.Target.cumulative("budget_revenue", 2023, 2027, 1.0))


# -- issue 10: absurd sizes and bounded memory -----------------------------------------------
BLOCK = engine_mod.BLOCK


def per_capita_scenario():
    """Four drivers, one of them fixed (its paths broadcast), and a derived indicator."""
    return hpf.Scenario(
        growth={"grdp_real": hpf.TwoPieceNormal(0.12, 0.02, -0.3),
                "grdp_deflator": hpf.Normal(0.02, 0.01), "vnd_per_usd": hpf.Normal(0.015, 0.01),
                "population": 0.009},
        correlation={("grdp_real", "grdp_deflator"): 0.5}, persistence=0.3)


def test_keep_paths_refuses_more_memory_than_there_is():
    with pytest.raises(ValueError, match=r"n_paths=10,000,000,000 with keep_paths=True needs "
                                         r"about 447 GiB of memory.* keep_paths=False"):
        hpf.simulate(one_driver(), n_paths=10 ** 10, seed=1)
    # keep_paths=False allocates nothing up front
    sim = hpf.simulate(one_driver(), n_paths=10 ** 10, seed=1, keep_paths=False)
    assert sim.n_paths == 10 ** 10 and not sim.keeps_paths
    with pytest.raises(ValueError, match=r"paths\('grdp_real'\) of 10,000,000,000 paths needs "
                                         r"about .* GiB of memory.*quantiles"):
        sim.paths("grdp_real")


def test_memory_estimate_counts_only_random_drivers(monkeypatch):
    # 3 random drivers of 4 (population is fixed and broadcasts): 3 × 6 years × 8 bytes.
    monkeypatch.setattr(engine_mod, "available_memory", lambda: 3 * 6 * 8 * 50_000 - 1)
    with pytest.raises(ValueError, match=r"needs about 6\.9 MiB .*more than the 6\.9 MiB "
                                         r"available"):
        hpf.simulate(per_capita_scenario(), n_paths=50_000, seed=1)
    monkeypatch.setattr(engine_mod, "available_memory", lambda: 3 * 6 * 8 * 50_000)
    assert hpf.simulate(per_capita_scenario(), n_paths=50_000, seed=1).keeps_paths


class FakeClock:
    """time.perf_counter that advances ``step`` seconds at each call."""

    def __init__(self, step):
        self.t, self.step = 0.0, step

    def __call__(self):
        self.t += self.step
        return self.t


def test_slow_summary_without_kept_paths_warns_at_the_callers_line(monkeypatch):
    sim = hpf.simulate(one_driver(), n_paths=40 * BLOCK, seed=1, keep_paths=False,
                       chunk_size=BLOCK)
    t = hpf.Target.level("grdp_real", 2030, 180.0)
    monkeypatch.setattr(results_mod, "_clock", FakeClock(10.0))  # 10 s a chunk: 400 s
    with pytest.warns(results_mod.SlowSummaryWarning,
                      match=r"655,360 paths will take about 7 minutes") as rec:
        sim.probability(t)
    assert len(rec) == 1 and rec[0].filename == __file__
    monkeypatch.setattr(results_mod, "_clock", FakeClock(1.0))  # 40 s: no warning
    with warnings.catch_warnings():
        warnings.simplefilter("error", results_mod.SlowSummaryWarning)
        sim.probability(t)


@pytest.mark.parametrize("sampler", ["mc", "antithetic", "sobol"])
def test_quantiles_without_kept_paths_are_exact(sampler):
    sc = per_capita_scenario()
    n = 3 * BLOCK + 1234  # even, for the antithetic pairs
    kept = hpf.simulate(sc, n_paths=n, seed=5, sampler=sampler)
    lean = hpf.simulate(sc, n_paths=n, seed=5, sampler=sampler, keep_paths=False,
                        chunk_size=BLOCK)
    q = [1e-9, 1e-5, 0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95, 1 - 1e-5, 1 - 1e-9]
    for ind in ("grdp_real", "population", "grdp_per_capita_usd"):
        pd.testing.assert_frame_equal(lean.quantiles(ind, q), kept.quantiles(ind, q))
    pd.testing.assert_frame_equal(lean.quantiles("grdp_real", q, growth=True),
                                  kept.quantiles("grdp_real", q, growth=True))
    pd.testing.assert_frame_equal(lean.summary(), kept.summary())


def test_quantiles_without_kept_paths_in_bounded_memory():
    import tracemalloc

    n = 50 * BLOCK
    sim = hpf.simulate(one_driver(), n_paths=n, seed=2, keep_paths=False, chunk_size=BLOCK)
    sim.quantiles("grdp_real", [0.5])  # warm up (imports, caches)
    tracemalloc.start()
    try:
        sim.quantiles("grdp_real", (0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    one_copy = n * len(sim.years) * 8  # all paths of the indicator, once
    assert peak < one_copy / 4, (peak, one_copy)


@pytest.mark.parametrize("gather", [None, 3])
def test_chunked_quantiles_match_numpy_bit_for_bit(monkeypatch, gather):
    from hpforecast import analysis

    if gather is not None:  # force the narrowing passes that billions of paths would need
        monkeypatch.setattr(analysis, "SELECT_MAX_GATHER", gather)
    rng = np.random.default_rng(0)
    q = np.array([1e-9, 1e-5, 0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95, 1 - 1e-5, 1.0])
    cases = []
    for n in (1, 2, 3, 10, 1000, 20_000):
        d = rng.standard_normal((n, 3))
        d[:, 1] = 5.0                       # a constant column (the base year)
        d[:, 2] = np.round(d[:, 2], 1)      # many ties
        cases.append(d)
    d = rng.standard_normal((5000, 3))
    d[::7, 0], d[::11, 1], d[3, 2] = np.inf, -np.inf, np.nan
    cases.append(d)
    cases.append(rng.standard_normal((5000, 1)) * 1e300)
    # a pilot (the first chunk) far from the rest
    cases.append(np.concatenate([rng.standard_normal((500, 1)) + 10,
                                 rng.standard_normal((20_000, 1))]))
    for d in cases:
        for m in (1, 3) if len(d) <= 10 else (7, 500) if len(d) <= 1000 else (500, 4096):
            with np.errstate(invalid="ignore"):  # inf - inf, as in numpy itself
                got = analysis.chunked_quantiles(
                    lambda d=d, m=m: (d[i:i + m] for i in range(0, len(d), m)), len(d), q)
                ref = np.quantile(d, q, axis=0)
            np.testing.assert_array_equal(got, ref)
