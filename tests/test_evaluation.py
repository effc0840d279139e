"""The evaluation harness against hand-computed values, on small panels (fast).

A forecaster with a known ensemble (every path grows at one constant rate, the rates
evenly spread) makes coverage, PIT, CRPS and target probabilities computable by hand; the
Brier decomposition is checked against its identities; iid and ar1 are checked to be
the library's own fits (calibrate() then predictive_paths()).
"""

import numpy as np
import pandas as pd
import pytest

import hpforecast as hpf
from hpforecast.calibration import fastest_quarter, panel_windows
from hpforecast.evaluation import brier_decomposition

N_PATHS = 200
RATES = np.linspace(-0.05, 0.15, N_PATHS)        # each path: one constant yearly rate


class Spread:
    """Paths of constant yearly growth RATES[k], whatever the window."""

    name = "spread"

    def __call__(self, past, horizon, n_paths, rng):
        assert n_paths == N_PATHS
        return np.broadcast_to(RATES[None, :, None], (len(past), n_paths, horizon)).copy()


def toy_panel() -> pd.DataFrame:
    """Three economies growing at known rates, 1990-2010."""
    rows = []
    for name, g in (("A", 0.02), ("B", 0.06), ("C", 0.11)):
        level = 100.0
        for y in range(1990, 2011):
            rows.append((name, y, level))
            level *= 1 + g + (0.01 if y % 2 else -0.01)
    return pd.DataFrame(rows, columns=["economy", "year", "real_gdp"])


def test_panel_windows_cut_every_full_window():
    panel = toy_panel()
    w = panel_windows(panel, window=4, horizon=3)
    # 21 levels -> 20 growth rates; origins need 4 before and 3 after: 14 per economy
    assert len(w) == 3 * 14 and w.window == 4 and w.horizon == 3
    a = w.subset((w.economy == "A") & (w.origin == 1995))
    lv = panel[panel.economy == "A"].set_index("year")["real_gdp"]
    np.testing.assert_allclose(a.past[0], (lv / lv.shift(1) - 1).loc[1992:1995].to_numpy())
    np.testing.assert_allclose(a.future[0], (lv / lv.shift(1) - 1).loc[1996:1998].to_numpy())
    gap = panel[~((panel.economy == "A") & (panel.year == 2000))]
    assert len(panel_windows(gap, window=4, horizon=3)) < len(w)
    every5 = panel_windows(panel, window=4, horizon=3, origins=5)
    assert set(every5.origin) == {1995, 2000, 2005}


def test_coverage_pit_crps_and_probabilities_by_hand():
    ev = hpf.evaluate(toy_panel(), model=Spread(), window=4, horizon=3, n_paths=N_PATHS,
                      thresholds=[0.05], relative_thresholds=[0.0], quantiles=[0.5],
                      benchmarks=[], n_boot=100)
    w = ev.windows
    ycum = np.cumprod(1 + w.future, axis=1) - 1
    for h in (1, 3):
        cum = (1 + RATES) ** h - 1                           # the ensemble, sorted
        y = ycum[:, h - 1]
        lo, hi = np.quantile(cum, [0.1, 0.9])
        assert ev.coverage.loc[("all", h), "coverage_80"] == pytest.approx(
            np.mean((y >= lo) & (y <= hi)))
        pit = (cum[None, :] <= y[:, None]).mean(axis=1)
        assert ev.coverage.loc[("all", h), "mean_pit"] == pytest.approx(pit.mean())
        # CRPS by its definition E|X - y| - 0.5 E|X - X'| (O(m^2), independent of the
        # sorted-sample formula)
        crps = (np.abs(cum[None, :] - y[:, None]).mean(axis=1)
                - 0.5 * np.abs(cum[:, None] - cum[None, :]).mean())
        assert ev.coverage.loc[("all", h), "crps"] == pytest.approx(crps.mean(), rel=1e-9)
    # P(average growth over 3 years >= 5 %) = share of rates >= 5 % (every window)
    p = np.mean(RATES >= 0.05 - 1e-12)
    fixed = ev.reliability[(ev.reliability.family == "fixed") & (ev.reliability.group == "all")]
    assert len(fixed) == 1 and fixed["mean_predicted"].iloc[0] == pytest.approx(p)
    observed = np.mean(ycum[:, -1] >= 1.05 ** 3 - 1)
    assert fixed["observed"].iloc[0] == pytest.approx(observed)
    assert ev.forecasts["pit"].to_numpy() == pytest.approx(
        ((((1 + RATES) ** 3 - 1)[None, :]) <= ycum[:, -1][:, None]).mean(axis=1))
    assert list(ev.pit_histogram.columns)[0] == "0.0–0.1"
    assert ev.pit_histogram.loc["all"].sum() == pytest.approx(1.0)


def test_brier_decomposition_identities():
    rng = np.random.default_rng(1)
    p = rng.choice([0.05, 0.15, 0.55, 0.95], size=400)      # constant within deciles
    o = (rng.random(400) < p).astype(float)
    d = brier_decomposition(p, o)
    assert d["brier"] == pytest.approx(np.mean((p - o) ** 2))
    assert d["remainder"] == pytest.approx(0.0, abs=1e-12)
    obar = o.mean()
    rel = sum((p == v).sum() * (v - o[p == v].mean()) ** 2 for v in np.unique(p)) / 400
    res = sum((p == v).sum() * (o[p == v].mean() - obar) ** 2 for v in np.unique(p)) / 400
    assert d["reliability"] == pytest.approx(rel) and d["resolution"] == pytest.approx(res)
    assert d["uncertainty"] == pytest.approx(obar * (1 - obar))
    # perfect forecasts: no reliability term, resolution = uncertainty
    perfect = brier_decomposition(o, o)
    assert perfect["brier"] == 0 and perfect["reliability"] == 0
    assert perfect["resolution"] == pytest.approx(perfect["uncertainty"])
    # continuous forecasts: the identity holds up to the within-bin remainder
    q = rng.random(400)
    dq = brier_decomposition(q, (rng.random(400) < q).astype(float), bins=[0, 0.3, 0.7, 1])
    assert dq["brier"] == pytest.approx(dq["reliability"] - dq["resolution"]
                                        + dq["uncertainty"] + dq["remainder"])
    for bad, msg in (((p, o[:3]), "same, non-zero length"), (([1.2], [1]), "probabilities"),
                     (([0.2], [2]), "outcomes 0 or 1")):
        with pytest.raises(ValueError, match=msg):
            brier_decomposition(*bad)
    with pytest.raises(ValueError, match="bins must be a number of bins or increasing"):
        brier_decomposition(p, o, bins=[0.2, 1])


def test_iid_and_ar1_are_the_librarys_own_fits():
    panel = hpf.load_panel("pwt56")
    small = panel[panel.economy.isin(["Japan", "Kenya"])]
    w = panel_windows(small, window=9, horizon=5, origins=[1980])
    for model in ("iid", "ar1"):
        ev = hpf.evaluate(w, model=model, n_paths=300, benchmarks=[], n_boot=100, seed=4)
        rng = np.random.default_rng([4, 0])
        pits = []
        for i in range(len(w)):       # the forecaster's steps, window by window
            levels = pd.Series(np.concatenate([[1.0], np.cumprod(1 + w.past[i])]),
                               index=range(2000, 2010), name="real_gdp")
            with pytest.warns() if model == "ar1" else _nothing():
                fit = hpf.calibrate(levels, model=model, n_draws=100,
                                    seed=int(rng.integers(2 ** 62)))
            paths = fit.predictive_paths(2009, 2014, n_paths=300, seed=rng)["real_gdp"]
            cum = np.prod(1 + paths, axis=1) - 1
            pits.append(np.mean(cum <= np.prod(1 + w.future[i]) - 1))
        np.testing.assert_allclose(ev.forecasts["pit"], pits)
        assert ev.model == model
    assert any("ShortSampleWarning" in n for n in ev.notes)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_groups_summary_criteria_and_benchmarks():
    panel = hpf.load_panel("pwt56")
    keep = sorted(set(panel.economy))[:40]
    ev = hpf.evaluate(panel[panel.economy.isin(keep)], model="rtm", origins=5, n_paths=400,
                      n_draws=50, n_boot=200)
    assert list(ev.summary.index) == ["all", "fastest quarter"]
    fast = fastest_quarter(ev.windows)
    assert ev.summary.loc["fastest quarter", "n"] == fast.sum()
    assert set(ev.crps.columns) >= {"crps_rtm", "crps_naive_mean", "skill_vs_naive_rw"}
    crit = ev.criteria()
    assert set(crit.index.get_level_values("criterion")) == {"coverage_80", "mean_pit",
                                                             "reliability"}
    pts = ev.reliability_points("all")
    assert (pts["observed_low_2w"] <= pts["observed_high_2w"]).all()
    assert "Evaluation" in ev._repr_html_() and "rtm" in repr(ev)
    # own-quantile targets are predicted at 1 - p by construction
    q = ev.quantile_reliability.set_index(["group", "threshold"])
    assert q.loc[("all", "own q50"), "predicted"] == pytest.approx(0.5, abs=0.01)
    mine = hpf.evaluate(ev.windows, model="naive_mean", n_paths=400, n_boot=100,
                        benchmarks=[], groups={"slow": lambda w: w.past.mean(axis=1) < 0.04})
    assert list(mine.summary.index) == ["slow"]


def test_bad_input_is_named():
    panel = toy_panel()
    with pytest.raises(ValueError, match="model must be one of 'rtm', 'iid', 'ar1'"):
        hpf.evaluate(panel, model="arma", window=4, horizon=3)
    with pytest.raises(ValueError, match="horizon must be between 1 and 10 years; got 11"):
        hpf.evaluate(panel, horizon=11)
    with pytest.raises(ValueError, match="thresholds must be a fraction per year, like "
                                         "0.13; got 5"):
        hpf.evaluate(panel, window=4, horizon=3, thresholds=[5])
    with pytest.raises(ValueError, match="no \\(economy, origin\\) has 30 years of growth"):
        hpf.evaluate(panel, window=30, horizon=3)
    with pytest.raises(ValueError, match="must have columns economy, year, real_gdp; "
                                         "missing real_gdp"):
        hpf.evaluate(panel.rename(columns={"real_gdp": "gdp"}))
    with pytest.raises(ValueError, match="must hold positive finite levels; got -1.0"):
        hpf.evaluate(panel.assign(real_gdp=-1.0))
    with pytest.raises(TypeError, match="panel must be a DataFrame"):
        hpf.evaluate([1, 2, 3])
    with pytest.raises(ValueError, match="groups\\['x'\\] must be a boolean array over the "
                                         "42 windows"):
        hpf.evaluate(panel, model=Spread(), window=4, horizon=3, n_paths=N_PATHS,
                     groups={"x": [True]})
    with pytest.raises(TypeError, match="a forecaster callable needs a name"):
        hpf.evaluate(panel, model=lambda *a: None, window=4, horizon=3)
    with pytest.raises(ValueError, match="two rows for A 1990"):
        hpf.evaluate(pd.concat([panel, panel.iloc[:1]]))
