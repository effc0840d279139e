"""Simulation.band and Simulation.target_path: the numbers the fan charts draw."""

import math

import numpy as np
import pytest

import hpforecast as hpf

N = 2000
SEED = 20300


@pytest.fixture(scope="module")
def sim():
    return hpf.simulate(hpf.scenarios.plan(), n_paths=N, seed=SEED)


@pytest.mark.parametrize("growth", [False, True])
def test_equal_tailed_band_is_the_two_quantiles(sim, growth):
    data = sim.growth_paths("grdp_real") if growth else sim.paths("grdp_real")
    band = sim.band("grdp_real", 0.6, growth=growth)
    lo, hi = np.quantile(data, [0.2, 0.8], axis=0)
    assert np.array_equal(band["low"].to_numpy(), lo)
    assert np.array_equal(band["high"].to_numpy(), hi)
    assert list(band.index) == list(sim.years[1:] if growth else sim.years)
    assert band.index.name == "year"
    assert band.attrs["coverage"] == 0.6 and band.attrs["kind"] == "equal-tailed"


def test_shortest_band_by_brute_force(sim):
    # Independent route: every window of k sorted paths, the narrowest one, year by year.
    data = sim.paths("budget_revenue")
    band = sim.band("budget_revenue", 0.6, kind="shortest")
    k = math.ceil(0.6 * N)
    for j in range(1, data.shape[1]):
        srt = np.sort(data[:, j])
        widths = [srt[i + k - 1] - srt[i] for i in range(N - k + 1)]
        i = int(np.argmin(widths))
        assert band["low"].iloc[j] == srt[i] and band["high"].iloc[j] == srt[i + k - 1]


def test_shortest_band_covers_and_is_no_wider(sim):
    data = sim.paths("budget_revenue")
    short = sim.band("budget_revenue", 0.6, kind="shortest")
    equal = sim.band("budget_revenue", 0.6)
    lo, hi = short["low"].to_numpy(), short["high"].to_numpy()
    assert np.all(hi - lo <= equal["high"].to_numpy() - equal["low"].to_numpy() + 1e-9)
    assert np.all(((data >= lo) & (data <= hi)).mean(axis=0) >= 0.6)


def test_band_is_the_same_without_kept_paths():
    sc = hpf.scenarios.plan()
    kept = hpf.simulate(sc, n_paths=3000, seed=SEED)
    regen = hpf.simulate(sc, n_paths=3000, seed=SEED, keep_paths=False, chunk_size=1000)
    for kind in ("equal-tailed", "shortest"):
        a = kept.band("grdp_per_capita_usd", 0.9, kind=kind)
        b = regen.band("grdp_per_capita_usd", 0.9, kind=kind)
        assert np.allclose(a.to_numpy(), b.to_numpy(), rtol=1e-12)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"coverage": 1.0}, "coverage"),
    ({"coverage": 0}, "coverage"),
    ({"coverage": 0.9, "kind": "hdi"}, "kind must be one of 'equal-tailed', 'shortest'"),
    ({"coverage": 0.9, "indicator": "gdp"}, "indicator"),
])
def test_band_checks_its_arguments(sim, kwargs, match):
    kwargs = {"indicator": "grdp_real", **kwargs}
    with pytest.raises(ValueError, match=match):
        sim.band(kwargs.pop("indicator"), **kwargs)


@pytest.mark.filterwarnings("ignore::hpforecast.BoundaryWarning")  # an old-city target
def test_target_path_meets_the_target_exactly_where_the_paths_do(sim):
    # Independent route: a path meets the average-growth target if and only if its level
    # in the target year is at least the target path's (the statistic is monotone in it).
    t = hpf.load_targets()["grdp_growth_2021_2030_qd1516"]   # window from 2020: recorded
    path = sim.target_path(t)
    assert list(path.index) == list(range(sim.years[0], t.year + 1))
    met = t.is_met(sim.statistic(t))
    above = sim.paths(t.indicator)[:, -1] >= path.iloc[-1]
    assert (met != above).sum() <= 1   # a path within rounding of the threshold at most
    growth = path.to_numpy()[1:] / path.to_numpy()[:-1] - 1
    assert np.allclose(growth, t.threshold)


def test_target_path_from_the_base_year_starts_at_the_base_level(sim):
    t = hpf.Target.average_growth("grdp_real", 2025, 2030, 0.13)
    path = sim.target_path(t)
    assert path[2025] == sim.paths("grdp_real")[0, 0]
    assert path.name == t.name


def test_target_path_needs_an_average_growth_target_from_the_base_year(sim):
    with pytest.raises(ValueError, match="average-growth target.*got a level target"):
        sim.target_path(hpf.load_targets()["port_cargo_2030"])
    with pytest.raises(ValueError, match="starting in 2027"):
        sim.target_path(hpf.Target.average_growth("grdp_real", 2027, 2030, 0.1))
    with pytest.raises(TypeError, match="target must be a Target"):
        sim.target_path("port_cargo_2030")
