"""Scenario discovery (PRIM): a known box is recovered; a realistic sweep makes sense.

Coverage, density and support are recomputed independently from the reported box
limits and the table of runs.
"""

import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest

import hpforecast as hpf
from hpforecast.discovery import prim


def recompute(features: pd.DataFrame, outcome: np.ndarray, box: pd.DataFrame):
    lim = box.set_index("feature")
    inside = np.ones(len(features), dtype=bool)
    for f in features.columns:
        inside &= (features[f] >= lim.at[f, "low"]) & (features[f] <= lim.at[f, "high"])
    inside = inside.to_numpy()
    k = (outcome & inside).sum()
    return inside, k / outcome.sum(), k / inside.sum(), inside.mean()


@pytest.fixture(scope="module")
def synthetic():
    rng = np.random.default_rng(20300)
    x = pd.DataFrame(rng.uniform(size=(3000, 3)), columns=["x1", "x2", "x3"])
    y = ((x["x1"] < 0.3) & (x["x2"] > 0.6)).to_numpy()
    return x, y, prim(x, y, bounds={c: (0.0, 1.0) for c in x.columns})


def test_prim_recovers_a_known_box(synthetic):
    x, y, res = synthetic
    box = res["box"].set_index("feature")
    assert box.loc["x1", "high_restricted"] and not box.loc["x1", "low_restricted"]
    assert box.loc["x2", "low_restricted"] and not box.loc["x2", "high_restricted"]
    assert not box.loc["x3", "restricted"]
    assert abs(box.loc["x1", "high"] - 0.3) < 0.03
    assert abs(box.loc["x2", "low"] - 0.6) < 0.03
    assert box.loc["x3", "low"] == 0.0 and box.loc["x3", "high"] == 1.0   # the bounds
    inside, coverage, density, support = recompute(x, y, res["box"])
    assert np.array_equal(inside, res["inside"])
    assert res["coverage"] == pytest.approx(coverage) and coverage > 0.95
    assert res["density"] == pytest.approx(density) and density > 0.97
    assert res["support"] == pytest.approx(support)


def test_prim_trajectory(synthetic):
    _, y, res = synthetic
    traj = res["trajectory"]
    assert list(traj.columns) == ["coverage", "density", "support", "n_in_box",
                                  "n_restricted", "chosen"]
    assert traj["chosen"].sum() == 1 and traj.index[traj["chosen"]][0] == res["chosen_step"]
    first = traj.iloc[0]
    assert first["coverage"] == 1.0 and first["support"] == 1.0
    assert first["density"] == pytest.approx(y.mean())
    assert traj["support"].is_monotonic_decreasing
    assert traj["support"].iloc[-1] >= 0.05
    chosen = traj[traj["chosen"]].iloc[0]
    assert chosen["density"] == traj.loc[traj["coverage"] >= 0.5, "density"].max()


def _discovery_with_box(feature, kind, low, high, values):
    runs = pd.DataFrame({feature: values})
    box = pd.DataFrame([{"feature": feature, "low": low, "high": high, "restricted": True,
                         "low_restricted": np.isfinite(low) and low > min(values),
                         "high_restricted": high < max(values), "p_value": 0.01}])
    return hpf.Discovery(target="t", scenario="s", unit="run", box=box, coverage=0.9,
                         density=0.8, support=0.3, trajectory=pd.DataFrame(), runs=runs,
                         n_misses=1, seed=0, labels={feature: "real GRDP growth"},
                         kinds={feature: kind})


def test_rules_limits_are_inclusive_and_on_the_right_side():
    # A limit of 13.05 % with a run at 13.09 % outside the box: "13.1 %" would wrongly
    # include it, and "below 13.1 %" read as exclusive; the text must say "at most 13.05".
    res = _discovery_with_box("g", "growth", 0.10, 0.1305, [0.10, 0.12, 0.1305, 0.1309, 0.16])
    assert "real GRDP growth is at most 13.05 %" in res.rules()
    # no run between the limit and 13.1 %: one decimal suffices, rounded up
    res = _discovery_with_box("g", "growth", 0.10, 0.1305, [0.10, 0.12, 0.1305, 0.14, 0.16])
    assert "real GRDP growth is at most 13.1 %" in res.rules()
    # a low limit is rounded down
    res = _discovery_with_box("g", "growth", 0.1305, 0.16, [0.10, 0.1301, 0.1305, 0.14, 0.16])
    assert "real GRDP growth is at least 13.05 %" in res.rules()   # 13.0 takes 13.01
    res = _discovery_with_box("g", "growth", 0.1305, 0.16, [0.10, 0.1290, 0.1305, 0.14, 0.16])
    assert "real GRDP growth is at least 13.0 %" in res.rules()
    res = _discovery_with_box("g", "number", 0.2, 0.4, [0.0, 0.2, 0.3, 0.4, 0.9])
    assert res.box["low_restricted"].iloc[0] and res.box["high_restricted"].iloc[0]
    assert "real GRDP growth is from 0.20 to 0.40" in res.rules()


def test_prim_without_signal_keeps_few_restrictions():
    rng = np.random.default_rng(1)
    x = pd.DataFrame(rng.uniform(size=(2000, 3)), columns=list("abc"))
    y = rng.uniform(size=2000) < 0.3
    res = prim(x, y)
    assert res["box"]["restricted"].sum() <= 1          # pruned by the quasi-p-value


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"outcome": [1, 0]}, TypeError, "outcome must be boolean"),
    ({"outcome": np.array([True])}, ValueError, "one value per row"),
    ({"alpha": 0.6}, ValueError, "alpha must be < 0.5; got 0.6"),
    ({"features": [[1, 2]]}, TypeError, "features must be a DataFrame"),
    ({"features": pd.DataFrame({"a": [0.1, 0.2], "region": ["north", "south"]})}, TypeError,
     r"features column 'region' must be numeric; got dtype \w+; first non-number: "
     r"'north'"),
])
def test_prim_bad_input(kwargs, exc, match):
    args = {"features": pd.DataFrame({"a": [0.1, 0.2]}), "outcome": np.array([True, False]),
            **kwargs}
    with pytest.raises(exc, match=match):
        prim(args.pop("features"), args.pop("outcome"), **args)


# ------------------------------------------------------------------ realistic sweep

@pytest.fixture(scope="module")
def grdp_discovery():
    target = hpf.load_targets()["grdp_growth_2026_2030_hdnd"]
    return hpf.discover(hpf.scenarios.plan(), target, n=300, seed=2030)


def test_plan_grdp_target_is_missed_when_real_growth_is_low(grdp_discovery):
    res = grdp_discovery
    box = res.box.set_index("feature")
    assert list(box.index[box["restricted"]]) == ["grdp_real"]
    assert box.loc["grdp_real", "high_restricted"]
    assert not box.loc["grdp_real", "low_restricted"]
    assert abs(box.loc["grdp_real", "high"] - 0.13) < 0.006
    sentence = res.rules()
    assert sentence.startswith("Missed in ")
    import re

    # limits are inclusive: "at most", rounded up just enough to select the box's runs
    m = re.search(r"real GRDP growth is at most (\d+\.\d+) %", sentence)
    assert m is not None, sentence
    shown = float(m.group(1)) / 100
    high = box.loc["grdp_real", "high"]
    assert high <= shown + 1e-12 and shown - high < 0.0006
    x = res.runs["grdp_real"]
    assert ((x <= high) == (x <= shown + 1e-12)).all()
    assert "below" not in sentence and "above" not in sentence
    assert "of all misses" in sentence
    # default ranges: location ± 3 points
    assert box.loc["grdp_real", "low"] == pytest.approx(0.10)


def test_plan_discovery_is_consistent_with_runs(grdp_discovery):
    res = grdp_discovery
    runs = res.runs
    assert len(runs) == 300 and runs.index.name == "run"
    assert (runs["missed"] == (runs["probability"] < 0.5)).all()
    features = runs.drop(columns=["probability", "missed", "in_box"])
    inside, coverage, density, support = recompute(features, runs["missed"].to_numpy(),
                                                   res.box)
    assert np.array_equal(inside, runs["in_box"].to_numpy())
    assert res.coverage == pytest.approx(coverage)
    assert res.density == pytest.approx(density)
    assert res.support == pytest.approx(support)
    for v in (res.coverage, res.density, res.support):
        assert 0.0 <= v <= 1.0
    assert res.n_misses == runs["missed"].sum()
    assert res.seed == 2030


def test_common_random_numbers(grdp_discovery):
    """All runs share their random numbers: the probability rises with the mean growth."""
    runs = grdp_discovery.runs.sort_values("grdp_real")
    assert runs["probability"].is_monotonic_increasing
    assert runs["probability"].iloc[0] < 0.05 and runs["probability"].iloc[-1] > 0.95


def test_result_is_frozen_and_renders(grdp_discovery):
    with pytest.raises(dataclasses.FrozenInstanceError):
        grdp_discovery.coverage = 0.0
    html = grdp_discovery._repr_html_()
    assert "Scenario discovery" in html and "real GRDP growth" in html
    assert "coverage" in repr(grdp_discovery)


def test_spread_and_persistence_ranges():
    sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.135, 0.02)},
                      base_values={"grdp_real": 100.0})
    t = hpf.Target.average_growth("grdp_real", 2025, 2030, 0.13)
    res = hpf.discover(sc, t, ranges={"sd:grdp_real": (0.005, 0.05),
                                      "persistence": (0.0, 0.6)},
                       n=200, paths_per_run=200, seed=1, miss_if_probability_below=0.7)
    assert list(res.runs.columns[:2]) == ["sd:grdp_real", "persistence"]
    sentence = res.rules()
    assert "the spread (sd) of real GRDP growth is at least" in sentence
    assert "points" in sentence


def test_unit_path_uses_the_simulated_paths():
    sc = hpf.scenarios.plan()
    t = hpf.load_targets()["grdp_per_capita_usd_2030"]
    res = hpf.discover(sc, t, unit="path", n=5000, seed=9)
    p = hpf.simulate(sc, n_paths=5000, seed=9).probability(t)["probability"].iloc[0]
    assert 1 - res.runs["missed"].mean() == pytest.approx(p)
    assert res.runs.index.name == "path"
    assert "grdp_real" in res.runs.columns and "population" not in res.runs.columns
    assert "average growth 2026–2030" in res.rules()
    assert res.rules().startswith("Missed on ")


def test_no_misses_warns():
    sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.13, 0.02)},
                      base_values={"grdp_real": 100.0})
    t = hpf.Target.average_growth("grdp_real", 2025, 2030, 0.0)
    with pytest.warns(UserWarning, match="met in all 50 runs"):
        res = hpf.discover(sc, t, n=50, paths_per_run=50, seed=1)
    assert res.n_misses == 0
    assert "no misses to explain" in res.rules()


def test_few_misses_warn():
    sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.13, 0.02)},
                      base_values={"grdp_real": 100.0})
    t = hpf.Target.average_growth("grdp_real", 2025, 2030, 0.101)
    with pytest.warns(UserWarning, match=r"Only \d of 100 runs are misses"):
        hpf.discover(sc, t, n=100, paths_per_run=100, seed=1)


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"ranges": {"tourists": (0.0, 0.1)}}, ValueError,
     r"'tourists' is not an assumption of this scenario; allowed keys: grdp_real, "
     r"sd:grdp_real, persistence"),
    ({"ranges": {"grdp_real": (0.15, 0.10)}}, ValueError,
     r"ranges\['grdp_real'\]: low must be below high; got \(0.15, 0.1\)"),
    ({"ranges": {"grdp_real": (10, 15)}}, ValueError, "Did you give a percentage"),
    ({"ranges": {"persistence": (0.0, 1.0)}}, ValueError, "persistence'\\] high must be < 1"),
    ({"ranges": {"sd:grdp_real": (-0.01, 0.02)}}, ValueError, "a spread must be >= 0"),
    ({"ranges": {"grdp_real": 0.1}}, TypeError, r"must be a pair \(low, high\); got 0.1"),
    ({"ranges": [("grdp_real", (0.1, 0.2))]}, TypeError, "ranges must be a non-empty dict"),
    ({"n": 10}, ValueError, "n must be >= 20; got 10"),
    ({"unit": "paths"}, ValueError, "unit must be one of 'run', 'path'; got 'paths'"),
    ({"unit": "path", "ranges": {"grdp_real": (0.1, 0.2)}}, ValueError,
     "ranges is only used with unit='run'"),
    ({"miss_if_probability_below": 50}, ValueError, "miss_if_probability_below must be"),
])
def test_bad_arguments(kwargs, exc, match):
    sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.13, 0.02)},
                      base_values={"grdp_real": 100.0})
    t = hpf.Target.average_growth("grdp_real", 2025, 2030, 0.13)
    with pytest.raises(exc, match=match):
        hpf.discover(sc, t, **{"n": 20, "paths_per_run": 10, **kwargs})


def test_bad_scenario_or_target():
    sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.13, 0.02)},
                      base_values={"grdp_real": 100.0})
    with pytest.raises(TypeError, match="scenario must be an hpforecast.Scenario"):
        hpf.discover("plan", hpf.Target.level("grdp_real", 2030, 180.0))
    with pytest.raises(TypeError, match="target must be one hpforecast.Target; got TargetSet"):
        hpf.discover(sc, hpf.load_targets())
    with pytest.raises(ValueError, match="'port_cargo 2030 >= 380' cannot be evaluated"):
        hpf.discover(sc, hpf.Target.level("port_cargo", 2030, 380.0), n=20)
    official = hpf.load_targets()["tfp_contribution_2030_hdnd"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        with pytest.raises(ValueError, match="cannot be evaluated on this scenario"):
            hpf.discover(sc, official, n=20)
