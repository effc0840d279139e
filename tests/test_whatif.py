"""What-if tools: growth needed, tornado, compare."""

import math

import numpy as np
import pytest

import hpforecast as hpf

K = 4.0


def per_capita_scenario(mean=0.12):
    return hpf.Scenario(
        name="pc",
        growth={"grdp_real": hpf.Normal(mean, 0.02), "grdp_deflator": hpf.Normal(0.02, 0.01),
                "vnd_per_usd": hpf.Normal(0.015, 0.01), "population": 0.009},
        correlation={("grdp_real", "grdp_deflator"): 0.4}, persistence=0.3,
        base_values={"grdp_real": 476_000.0, "grdp_deflator": 1.54, "vnd_per_usd": 24_980.0,
                     "population": 4.13e6})


def independent_growth_needed(prob, threshold, n=40_000, seed=99):
    """Straightforward numpy simulation of the same model + plain bisection on the mean."""
    rng = np.random.default_rng(seed)
    R = np.array([[1.0, 0.4, 0.0], [0.4, 1.0, 0.0], [0.0, 0.0, 1.0]])
    L = np.linalg.cholesky(R)
    e = rng.standard_normal((n, 5, 3)) @ L.T
    z = e.copy()
    for t in range(1, 5):
        z[:, t] = 0.3 * z[:, t - 1] + math.sqrt(1 - 0.09) * e[:, t]
    sds = np.array([0.02, 0.01, 0.01])

    def p(mean):
        g = np.array([mean, 0.02, 0.015]) + sds * z
        f = np.prod(1 + g, axis=1)
        pc = 476_000 * f[:, 0] * 1.54 * f[:, 1] * 1000 / (24_980 * f[:, 2]) * 1e6 / (
            4.13e6 * 1.009 ** 5)
        return np.mean(pc >= threshold)

    lo, hi = -0.1, 0.4
    for _ in range(40):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if p(mid) >= prob else (mid, hi)
    return hi


@pytest.mark.parametrize("prob", [0.5, 0.8])
def test_growth_needed_agrees_with_independent_bisection(prob):
    target = hpf.Target.level("grdp_per_capita_usd", 2030, 11_247.0)
    r = hpf.growth_needed(target, prob, scenario=per_capita_scenario(), n_paths=40_000,
                          seed=5)
    ref = independent_growth_needed(prob, 11_247.0)
    assert abs(r.growth_needed - ref) < 0.002  # 0.2 points of growth
    assert r.driver == "grdp_real"
    assert abs(r.achieved_probability - prob) < K * math.sqrt(prob * (1 - prob) / 40_000) + 1e-3


def test_deterministic_growth_matches_required_growth():
    sc = hpf.Scenario(growth={"port_cargo": hpf.Normal(0.1, 0.03)},
                      base_values={"port_cargo": 213.0})
    r = hpf.growth_needed(hpf.Target.level("port_cargo", 2030, 380.0), 0.8, scenario=sc,
                          n_paths=5000)
    assert r.deterministic_growth == pytest.approx(hpf.required_growth(213, 380, 5), abs=2e-5)
    # With uncertainty an 80 % chance needs more than the deterministic rate:
    # mean m with P(sum of log-ish growth >= ...) = 0.8 -> m ≈ required + 0.84 sd/sqrt(5).
    approx = hpf.required_growth(213, 380, 5) + 0.8416 * 0.03 / math.sqrt(5)
    assert abs(r.growth_needed - approx) < 0.003
    assert "port_cargo must grow" in str(r)


def test_growth_needed_for_a_window_target_with_history():
    t = hpf.load_targets()["grdp_growth_2021_2030_qd1516"]
    sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.13, 0.0)})
    r = hpf.growth_needed(t, 0.5, scenario=sc, n_paths=1)
    # The recorded part is the official 2021-2025 average (11.39 %), as the note says.
    recorded = 1.1139 ** 5
    assert "15.65" in t.note
    exact = ((1.135 ** 10) / recorded) ** (1 / 5) - 1
    assert r.growth_needed == pytest.approx(exact, abs=2e-5)


def test_growth_needed_errors():
    t = hpf.Target.level("port_cargo", 2030, 380.0)
    sc = hpf.Scenario(growth={"port_cargo": 0.1}, base_values={"port_cargo": 213.0})
    with pytest.raises(ValueError, match=r"probability must be > 0.0; got 0"):
        hpf.growth_needed(t, 0.0, scenario=sc)
    with pytest.raises(ValueError, match=r"driver 'exports' has no growth assumption"):
        hpf.growth_needed(t, 0.8, scenario=sc, driver="exports")
    with pytest.raises(ValueError, match=r"no mean growth of 'port_cargo' between"):
        hpf.growth_needed(t, 0.8, scenario=sc, bracket=(0.0, 0.05), n_paths=100)
    with pytest.raises(TypeError, match="target must be a Target"):
        hpf.growth_needed("port_cargo_2030", scenario=sc)


def test_tornado_moves_one_assumption_at_a_time():
    sc = hpf.scenarios.plan()
    t = hpf.load_targets()["grdp_per_capita_usd_2030"]
    table = hpf.tornado(sc, t, n_paths=5000, seed=3)
    assert {"low", "high", "delta_low", "delta_high", "target", "unit"} <= set(table.columns)
    swing = (table["delta_high"] - table["delta_low"]).abs().to_numpy()
    assert (np.diff(swing) <= 1e-12).all()  # sorted, largest swing first
    top = table.iloc[0]
    assert top["assumption"] == "grdp_real" and top["delta_high"] > 0 > top["delta_low"]
    # drivers that do not enter per capita GDP change nothing (common random numbers):
    # left out of the table, and said so
    assert "port_cargo" not in set(table["assumption"])
    reason = table.attrs["left_out"][t.name]["port_cargo"]
    assert reason.startswith("does not move the probability") and "5,000" in reason
    assert "\n" not in reason
    left = set(table.attrs["left_out"][t.name])
    assert {"port_cargo", "budget_revenue"} <= left and not left & set(table["assumption"])
    assert not left & set(sc.inputs_of("grdp_per_capita_usd"))
    # each row equals a direct simulation with that one assumption moved
    moved = hpf.whatif.shift_driver(sc, "grdp_real", top["high"] - 0.13)
    p = hpf.simulate(moved, n_paths=5000, seed=3).probability(t)["probability"].iloc[0]
    assert p == pytest.approx(top["p_high"])
    assert table.attrs["base_probability"] == pytest.approx(top["p_base"])
    with pytest.raises(ValueError, match=r"'gdp' is not an assumption of this scenario"):
        hpf.tornado(sc, t, assumptions={"gdp": (0.1, 0.2)})
    with pytest.raises(ValueError, match=r"low < high"):
        hpf.tornado(sc, t, assumptions={"grdp_real": (0.2, 0.1)})


def test_tornado_leaves_out_what_does_not_move_a_target():
    # Resolution: one path in n_paths; a change below half a path is no change.
    sc = hpf.Scenario(growth={"port_cargo": hpf.Normal(0.10, 0.03),
                              "grdp_real": hpf.Normal(0.10, 0.02)},
                      base_values={"port_cargo": 213.0, "grdp_real": 100.0})
    always = hpf.Target.level("port_cargo", 2030, 1.0)          # met on every path
    cargo = hpf.Target.level("port_cargo", 2030, 340.0)
    table = hpf.tornado(sc, [always, cargo], n_paths=2000, seed=1)
    assert set(table["target"]) == {cargo.name}
    assert set(table["assumption"]) == {"port_cargo", "persistence"}
    left = table.attrs["left_out"]
    assert set(left[always.name]) == {"port_cargo", "grdp_real", "persistence"}
    assert set(left[cargo.name]) == {"grdp_real"}
    assert "one path in 2,000" in left[cargo.name]["grdp_real"]
    assert "the median of the target's statistic moves" in left[always.name]["port_cargo"]
    assert "median" not in left[always.name]["grdp_real"]


def test_compare_uses_common_random_numbers():
    t = hpf.load_targets()["grdp_per_capita_usd_2030"]
    a, b = per_capita_scenario(0.12), per_capita_scenario(0.12).replace(name="same")
    c = hpf.compare([a, b, per_capita_scenario(0.10).replace(name="slow")], t, n_paths=3000)
    assert c.loc[(t.name, "same"), "diff_from_baseline"] == 0.0
    assert c.loc[(t.name, "slow"), "diff_from_baseline"] < 0
    assert c.loc[(t.name, "slow"), "diff_q0.5"] < 0
    assert list(c.index.get_level_values("scenario")) == ["pc", "same", "slow"]
    with pytest.raises(ValueError, match="need different names"):
        hpf.compare([a, a], t, n_paths=100)


def test_ceiling_and_fixed_driver_spread():
    sc = hpf.Scenario(growth={"port_cargo": hpf.Normal(0.10, 0.02), "population": 0.009},
                      base_values={"port_cargo": 213.0, "population": 4e6})
    r = hpf.growth_needed(hpf.Target.level("port_cargo", 2030, 380.0, comparison="<="), 0.8,
                          scenario=sc, n_paths=2000)
    assert r.ceiling and "may grow at most" in str(r)
    with pytest.raises(ValueError, match=r"'sd:population' is not an assumption"):
        hpf.tornado(sc, hpf.Target.level("port_cargo", 2030, 380.0),
                    assumptions={"sd:population": (0.0, 0.01)})
    with pytest.raises(TypeError, match=r"bracket must be a pair"):
        hpf.growth_needed(hpf.Target.level("port_cargo", 2030, 380.0), scenario=sc, bracket=0.3)
