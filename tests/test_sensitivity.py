"""Sobol indices of the probability of meeting a target, against exact values.

Exact indices come from an independent route: numerical integration (Gauss–Hermite) of
the conditional probability of meeting the target given one input, which is a normal
tail probability in closed form. Estimates must lie within 4 bootstrap standard errors
(half the 95 % interval / 1.96) plus 0.005.
"""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.special import ndtr

import hpforecast as hpf

K = 4.0


def two_drivers(extra=False, **kw):
    """Real GRDP and the deflator, one simulated year; nominal GRDP = real × deflator."""
    growth = {"grdp_real": hpf.Normal(0.10, 0.02), "grdp_deflator": hpf.Normal(0.03, 0.01)}
    base = {"grdp_real": 100.0, "grdp_deflator": 1.0}
    if extra:
        growth["port_cargo"] = hpf.Normal(0.12, 0.06)
        base["port_cargo"] = 213.0
    return hpf.Scenario(growth=growth, base_values=base, end_year=2026, **kw)


C = 100 * 1.10 * 1.03 * 1.005          # threshold on nominal GRDP in 2026 (p ≈ 0.4)


def exact_indices(mr=0.10, sr=0.02, md=0.03, sd=0.01, c=C):
    """p, S_real, S_deflator, ST_real, ST_deflator by Gauss–Hermite integration."""
    z, w = np.polynomial.hermite_e.hermegauss(200)
    w = w / math.sqrt(2 * math.pi)
    # P(met | real growth x): the deflator must exceed c / (100 (1 + x)) - 1
    h_r = 1 - ndtr((c / (100 * (1 + mr + sr * z)) - 1 - md) / sd)
    h_d = 1 - ndtr((c / (100 * (1 + md + sd * z)) - 1 - mr) / sr)
    p = float(w @ h_r)
    var = p * (1 - p)
    s_r = (float(w @ h_r ** 2) - p ** 2) / var
    s_d = (float(w @ h_d ** 2) - p ** 2) / var
    # two independent inputs: the total index of one is 1 - first order of the other
    return p, s_r, s_d, 1 - s_d, 1 - s_r


def se(row, kind):
    return (row[f"{kind}_high"] - row[f"{kind}_low"]) / (2 * 1.96)


@pytest.fixture(scope="module")
def exact_case():
    t = hpf.Target.level("grdp_nominal", 2026, C)
    table = hpf.sobol(two_drivers(extra=True), t, n=20_000, seed=7, n_bootstrap=200)
    return table.set_index("group")


def test_exact_two_driver_case(exact_case):
    p, s_r, s_d, st_r, st_d = exact_indices()
    assert 0.3 < p < 0.5 and 0.3 < s_r < 0.8 and 0.05 < s_d < 0.4   # non-trivial case
    for group, first, total in (("grdp_real", s_r, st_r), ("grdp_deflator", s_d, st_d)):
        row = exact_case.loc[group]
        assert abs(row["first_order"] - first) < K * se(row, "first_order") + 0.005
        assert abs(row["total"] - total) < K * se(row, "total") + 0.005
        assert row["first_order_low"] <= row["first_order"] <= row["first_order_high"]
    prob = exact_case["probability"].iloc[0]
    assert abs(prob - p) < K * math.sqrt(p * (1 - p) / 40_000)


def test_unrelated_driver_has_zero_indices(exact_case):
    row = exact_case.loc["port_cargo"]
    # The target does not read port cargo: f(AB_i) = f(A) on every row.
    assert row["first_order"] == 0.0 and row["total"] == 0.0
    assert row["total_low"] == 0.0 and row["total_high"] == 0.0


def test_table_shape_and_attrs(exact_case):
    table = exact_case.reset_index()
    assert list(table.columns) == ["group", "target", "drivers", "first_order",
                                   "first_order_low", "first_order_high", "total",
                                   "total_low", "total_high", "probability", "n"]
    assert (table["n"] == 20_000).all()
    assert table.attrs["seed"] == 7
    assert table.attrs["n_evaluations"] == 20_000 * 5
    assert table["drivers"].iloc[0] == ("grdp_deflator",)
    assert ((table["total"] >= -0.02) & (table["total"] <= 1.02)).all()
    assert ((table["first_order"] >= -0.05) & (table["first_order"] <= 1.05)).all()
    assert table["first_order"].sum() <= table["total"].sum() + 0.02


def test_one_driver_explains_everything():
    sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.13, 0.02)},
                      base_values={"grdp_real": 100.0})
    t = hpf.Target.average_growth("grdp_real", 2025, 2030, 0.13)
    row = hpf.sobol(sc, t, n=4096, seed=1, n_bootstrap=100).iloc[0]
    assert row["group"] == "grdp_real"
    for kind in ("first_order", "total"):
        assert abs(row[kind] - 1.0) < K * se(row, kind) + 0.005


def test_target_on_one_driver_among_independent_ones():
    sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.13, 0.02),
                              "port_cargo": hpf.Normal(0.12, 0.06),
                              "vnd_per_usd": hpf.Normal(0.01, 0.01)},
                      base_values={"grdp_real": 100.0, "port_cargo": 213.0})
    t = hpf.Target.level("grdp_real", 2030, 100 * 1.13 ** 5)
    table = hpf.sobol(sc, t, n=4096, seed=2, n_bootstrap=100).set_index("group")
    assert (table.loc[["port_cargo", "vnd_per_usd"], ["first_order", "total"]] == 0).all().all()
    row = table.loc["grdp_real"]
    assert abs(row["first_order"] - 1) < K * se(row, "first_order") + 0.005
    assert abs(row["total"] - 1) < K * se(row, "total") + 0.005


def test_correlated_drivers_are_grouped_and_keep_their_correlation():
    sc = hpf.scenarios.plan()
    t = hpf.load_targets()["port_cargo_2030"]
    table = hpf.sobol(sc, t, n=8192, seed=3, n_bootstrap=100)
    groups = list(table["group"])
    big_name = "grdp_deflator + grdp_real + national_gdp_nominal + port_cargo"
    others = ["budget_revenue", "budget_revenue_domestic", "budget_revenue_import_export",
              "fdi_registered", "vnd_per_usd", "population"]
    assert groups == [*others[:4], big_name, *others[4:]]
    assert table.attrs["fixed_drivers"] == ("population",)
    byg = table.set_index("group")
    # Drivers outside the cargo group never move cargo: exactly zero (the engine mixes
    # the normals only within a group of correlated drivers; this would fail if it
    # mixed them across groups).
    assert (byg.loc[others, ["first_order", "total"]] == 0).all().all()
    big = byg.loc[big_name]
    assert abs(big["total"] - 1) < K * se(big, "total") + 0.005
    # The probability agrees with an ordinary simulation (correlation and persistence
    # are reproduced by the grouped sampling).
    p_sim = hpf.simulate(sc, n_paths=50_000, seed=4).probability(t)["probability"].iloc[0]
    p = big["probability"]
    assert abs(p - p_sim) < K * math.sqrt(p * (1 - p) * (1 / 16_384 + 1 / 50_000))


def test_grouped_scores_have_the_scenario_correlation():
    """Swapping one group's normals (A -> B) through the engine, as sobol does: drivers in
    other groups are untouched, the swapped group is independent of A, and the drivers
    within a group keep their correlation and persistence."""
    from hpforecast.engine import growth_from_normals, make_plan
    from hpforecast.sensitivity import _groups

    sc = hpf.scenarios.plan()
    plan = make_plan(sc)
    groups = [g for g in _groups(sc, plan, None, {"population"}) if g != ("population",)]
    big = next(g for g in groups if "port_cargo" in g)
    cols = [plan.drivers.index(d) for d in big]
    rng = np.random.default_rng(0)
    shape = (plan.n_years, 200_000, len(plan.drivers))
    u_a, u_b = rng.standard_normal(shape), rng.standard_normal(shape)
    u_ab = u_a.copy()
    u_ab[:, :, cols] = u_b[:, :, cols]
    g_a = growth_from_normals(plan, u_a)
    g_ab = growth_from_normals(plan, u_ab)
    # other groups: exactly the same paths
    for d in ("budget_revenue", "vnd_per_usd"):
        np.testing.assert_array_equal(g_ab[d], g_a[d])
    # the swapped group no longer depends on A, nor on the other groups
    for y in range(plan.n_years):
        assert abs(np.corrcoef(g_ab["grdp_real"][:, y], g_a["grdp_real"][:, y])[0, 1]) < 0.01
        assert abs(np.corrcoef(g_ab["port_cargo"][:, y],
                               g_ab["vnd_per_usd"][:, y])[0, 1]) < 0.01
    # within the group: the scenario's correlation and persistence
    r_cargo = np.corrcoef(g_ab["grdp_real"][:, 2], g_ab["port_cargo"][:, 2])[0, 1]
    assert abs(r_cargo - 0.5) < 0.01
    lag = np.corrcoef(g_ab["grdp_real"][:, 3], g_ab["grdp_real"][:, 4])[0, 1]
    assert abs(lag - 0.3) < 0.01


def test_fixed_driver_correlated_with_a_random_one():
    """A correlation with a driver whose growth is fixed cannot change anything."""
    sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.13, 0.0),
                              "port_cargo": hpf.Normal(0.12, 0.06)},
                      correlation={("grdp_real", "port_cargo"): 1.0},
                      base_values={"grdp_real": 100.0, "port_cargo": 213.0})
    t = hpf.Target.level("port_cargo", 2030, 380.0)
    table = hpf.sobol(sc, t, n=4096, seed=1, n_bootstrap=100).set_index("group")
    assert list(table.index) == ["port_cargo", "grdp_real"]
    assert table.attrs["fixed_drivers"] == ("grdp_real",)
    assert table.loc["grdp_real", "total"] == 0.0
    row = table.loc["port_cargo"]
    for kind in ("first_order", "total"):
        assert abs(row[kind] - 1.0) < K * se(row, kind) + 0.005
    p_sim = hpf.simulate(sc, n_paths=50_000, seed=2).probability(t)["probability"].iloc[0]
    p = row["probability"]
    assert abs(p - p_sim) < K * math.sqrt(p * (1 - p) * (1 / 8192 + 1 / 50_000))
    # the same as without the correlation, which cannot matter
    free = hpf.sobol(sc.replace(correlation={}), t, n=4096, seed=1, n_bootstrap=100)
    pd.testing.assert_frame_equal(table.reset_index()[free.columns], free,
                                  check_like=True)


def test_user_groups():
    t = hpf.Target.level("grdp_nominal", 2026, C)
    table = hpf.sobol(two_drivers(), t, n=2048, seed=5, n_bootstrap=50,
                      groups=[["grdp_real", "grdp_deflator"]])
    row = table.iloc[0]
    assert row["group"] == "grdp_deflator + grdp_real"
    # One group holding every input: B's rows replace A's entirely.
    assert abs(row["total"] - 1) < 0.1


@pytest.mark.parametrize("groups, exc, match", [
    ([["grdp_real"]], ValueError, "missing: grdp_deflator"),
    ([["grdp_real", "grdp_deflator", "tourists"]], ValueError, "'tourists' is not a random"),
    ([["grdp_real"], ["grdp_real", "grdp_deflator"]], ValueError, "appears in groups"),
    ("grdp_real", TypeError, "groups must be a list of lists"),
    ([["grdp_real"], "grdp_deflator"], TypeError, r"groups\[1\] must be a list"),
    ([[], ["grdp_real", "grdp_deflator"]], ValueError, r"groups\[0\] is empty"),
])
def test_bad_groups(groups, exc, match):
    t = hpf.Target.level("grdp_nominal", 2026, C)
    with pytest.raises(exc, match=match):
        hpf.sobol(two_drivers(), t, n=64, seed=1, groups=groups)


def test_groups_must_not_split_correlated_drivers():
    sc = two_drivers(correlation={("grdp_real", "grdp_deflator"): 0.3})
    t = hpf.Target.level("grdp_nominal", 2026, C)
    with pytest.raises(ValueError, match="'grdp_deflator' and 'grdp_real' are correlated"):
        hpf.sobol(sc, t, n=64, seed=1, groups=[["grdp_real"], ["grdp_deflator"]])
    with pytest.warns(UserWarning, match="n·p·"):
        table = hpf.sobol(sc, t, n=64, seed=1, n_bootstrap=0)
    assert list(table["group"]) == ["grdp_deflator + grdp_real"]
    assert table["total_low"].isna().all()     # no bootstrap asked


def test_fixed_drivers_listed_with_zero():
    sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.13, 0.02), "population": 0.01},
                      base_values={"grdp_real": 100.0, "population": 1e6})
    t = hpf.Target.level("grdp_real", 2030, 184.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        table = hpf.sobol(sc, t, n=512, seed=1, n_bootstrap=20)
        # listing a fixed driver in user groups is allowed, and leaving it out too
        mine = hpf.sobol(sc, t, n=512, seed=1, n_bootstrap=20,
                         groups=[["grdp_real"], ["population"]])
        pd.testing.assert_frame_equal(mine, table)
        pd.testing.assert_frame_equal(
            hpf.sobol(sc, t, n=512, seed=1, n_bootstrap=20, groups=[["grdp_real"]]), table)
    assert list(table["group"]) == ["grdp_real", "population"]
    assert table.set_index("group").loc["population", "total"] == 0.0


def test_reproducible_and_seed_recorded():
    t = hpf.Target.level("grdp_nominal", 2026, C)
    a = hpf.sobol(two_drivers(), t, n=512, seed=11, n_bootstrap=20, max_width=1.0)
    b = hpf.sobol(two_drivers(), t, n=512, seed=11, n_bootstrap=20, max_width=1.0)
    pd.testing.assert_frame_equal(a, b)
    c = hpf.sobol(two_drivers(), t, n=512, seed=np.random.default_rng(3), n_bootstrap=20,
                  max_width=1.0)
    d = hpf.sobol(two_drivers(), t, n=512, seed=c.attrs["seed"], n_bootstrap=20,
                  max_width=1.0)
    pd.testing.assert_frame_equal(c, d)


def test_warns_when_too_few_paths_near_the_threshold():
    t = hpf.Target.level("grdp_nominal", 2026, C)
    with pytest.warns(UserWarning, match=r"n·p·\(1−p\) = \d+ < 100"):
        hpf.sobol(two_drivers(), t, n=200, seed=1, n_bootstrap=50)


def test_warns_when_interval_is_wide():
    t = hpf.Target.level("grdp_nominal", 2026, C)
    with pytest.warns(UserWarning, match=r"interval is .* wide \(> max_width=0.01\)"):
        hpf.sobol(two_drivers(), t, n=2000, seed=1, n_bootstrap=50, max_width=0.01)


def test_target_met_everywhere_gives_nan_and_warns():
    t = hpf.Target.level("grdp_nominal", 2026, 50.0)
    with pytest.warns(UserWarning, match="met on every sampled path"):
        table = hpf.sobol(two_drivers(), t, n=256, seed=1, n_bootstrap=20)
    assert table["first_order"].isna().all() and table["total"].isna().all()


def test_official_targets_that_cannot_be_evaluated_are_skipped():
    targets = hpf.load_targets().filter(year=2030)
    sc = hpf.scenarios.plan()
    with pytest.warns(UserWarning) as record:
        table = hpf.sobol(sc, targets, n=256, seed=1, n_bootstrap=0)
    messages = " ".join(str(w.message) for w in record)
    assert "Skipped targets" in messages and "another boundary" in messages
    assert all(w.filename == __file__ for w in record)   # stacklevel points here
    assert "port_cargo_2030" in set(table["target"])


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"n": 1}, ValueError, "n must be >= 2; got 1"),
    ({"n": 100.0}, TypeError, "n must be an integer; got 100.0"),
    ({"n_bootstrap": -1}, ValueError, "n_bootstrap must be >= 0; got -1"),
    ({"confidence": 95}, ValueError, "confidence must be < 1.0; got 95"),
    ({"max_width": 0}, ValueError, "max_width must be > 0.0; got 0"),
    ({"seed": "x"}, TypeError, "seed must be None, a non-negative integer"),
])
def test_bad_arguments(kwargs, exc, match):
    t = hpf.Target.level("grdp_nominal", 2026, C)
    with pytest.raises(exc, match=match):
        hpf.sobol(two_drivers(), t, **{"n": 64, **kwargs})


def test_bad_scenario_and_targets():
    t = hpf.Target.level("grdp_nominal", 2026, C)
    with pytest.raises(TypeError, match="scenario must be an hpforecast.Scenario; got dict"):
        hpf.sobol({}, t)
    with pytest.raises(TypeError, match="targets must be a Target"):
        hpf.sobol(two_drivers(), "grdp_nominal")
    with pytest.raises(ValueError, match="'port_cargo 2026 >= 300' cannot be evaluated"):
        hpf.sobol(two_drivers(), hpf.Target.level("port_cargo", 2026, 300.0), n=64)
    with pytest.raises(ValueError, match="year 2031 is outside the simulated years"):
        hpf.sobol(two_drivers(), hpf.Target.level("grdp_real", 2031, 100.0), n=64)
