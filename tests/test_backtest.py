"""Rolling-origin backtests: CRPS, coverage and PIT, on the embedded and long public series."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, stats

import hpforecast as hpf
from hpforecast.backtest import crps_ensemble, crps_normal

sm = pytest.importorskip("statsmodels.api")


def us_real_gdp() -> pd.Series:
    """Annual US real GDP 1959–2008 (complete years of statsmodels' macrodata)."""
    d = sm.datasets.macrodata.load_pandas().data
    complete = d.groupby("year")["quarter"].count() == 4
    s = d.groupby("year")["realgdp"].mean()[complete]
    s.index = s.index.astype(int)
    return s.rename("us_real_gdp")


def nile() -> pd.Series:
    """Annual flow of the Nile at Aswan 1871–1970, statsmodels."""
    d = sm.datasets.nile.load_pandas().data
    return pd.Series(d["volume"].to_numpy(), index=d["year"].astype(int), name="nile")


# ---------------------------------------------------------------------- CRPS


def test_crps_normal_matches_its_integral_definition():
    mu, sd, y = 0.1, 0.02, 0.13
    f = stats.norm(mu, sd)
    val, _ = integrate.quad(lambda x: (f.cdf(x) - (x >= y)) ** 2, mu - 12 * sd, mu + 12 * sd,
                            points=[y], limit=200)
    assert crps_normal(mu, sd, y) == pytest.approx(val, rel=1e-6)


def test_crps_ensemble_matches_closed_form_gaussian(rng):
    mu, sd, y, m = 0.05, 0.02, 0.08, 200_000
    x = rng.normal(mu, sd, m)
    exact = float(crps_normal(mu, sd, y))
    # The ensemble CRPS of m draws has sd about sd(|X - y|) / sqrt(m); allow 4 of them.
    assert float(crps_ensemble(x, y)) == pytest.approx(exact, abs=4 * sd / math.sqrt(m) * 2)


def test_crps_ensemble_equals_the_double_sum(rng):
    x = rng.normal(size=(3, 50))
    y = np.array([0.1, -1.0, 2.0])
    brute = (np.abs(x - y[:, None]).mean(axis=1)
             - 0.5 * np.abs(x[:, :, None] - x[:, None, :]).mean(axis=(1, 2)))
    assert crps_ensemble(x, y) == pytest.approx(brute, rel=1e-12)


# ---------------------------------------------------------- embedded record


def test_backtest_on_embedded_grdp_record():
    bt = hpf.backtest(model="ar1", horizon=1, n_paths=1000, n_draws=1000)
    s = bt.summary
    assert list(s.columns[:5]) == ["coverage_50", "coverage_80", "coverage_90", "crps",
                                   "n_forecasts"]
    assert list(s.index) == ["ar1", "naive_last", "naive_mean", "plan"]
    f = bt.forecasts
    mine = f[(f["model"] == "ar1") & (f["target"] == "growth")]
    # Origins 2021–2024: five or more years of growth known; outcomes 2022–2025.
    assert list(mine["origin"]) == [2021, 2022, 2023, 2024]
    assert int(s.loc["ar1", "n_forecasts"]) == 4
    hist = hpf.load_history(wide=True)["grdp_growth_real"]
    assert mine["outcome"].to_numpy() == pytest.approx(hist.loc[2022:2025].to_numpy())
    # The plan benchmark uses the plan for the year after the origin.
    plan = f[(f["model"] == "plan") & (f["target"] == "growth")].set_index("year")
    assert plan.loc[2022, "q50"] == pytest.approx(0.13)      # old city's 2022 plan
    for c in ("coverage_50", "coverage_80", "coverage_90"):
        assert s[c].between(0, 1).all()
    assert (s["n_forecasts"] > 0).all()
    assert len(bt.pit()) == 4 and bt.pit().between(0, 1).all()
    assert "Backtest" in bt._repr_html_()


def test_refit_uses_only_what_was_known_at_the_origin():
    """Changing the record after an origin must not change that origin's forecast."""
    hist = hpf.load_history()
    later = hist.copy()
    sel = (later["indicator"] == "grdp_growth_real") & (later["year"] == 2025)
    later.loc[sel, "value"] = 0.5
    kw = dict(model="iid", origins=[2022], horizon=2, n_paths=500, n_draws=500)
    a = hpf.backtest(hist, **kw).forecasts
    b = hpf.backtest(later, **kw).forecasts
    fa = a[(a["model"] == "iid") & (a["horizon"] == 1)]
    fb = b[(b["model"] == "iid") & (b["horizon"] == 1)]
    assert fa["q50"].to_numpy() == pytest.approx(fb["q50"].to_numpy())
    assert fa["outcome"].to_numpy() == pytest.approx(fb["outcome"].to_numpy())


# ------------------------------------------------------------ long public series


def test_long_series_80_percent_band_covers_70_to_90_percent():
    """US real GDP growth 1960–2008 (statsmodels macrodata, annualised): 34 one-year-ahead
    AR(1) forecasts from origins 1974–2007, each refitted on the years up to the origin."""
    bt = hpf.backtest(us_real_gdp(), model="ar1", horizon=1, min_train=15, n_paths=2000,
                      n_draws=2000)
    s = bt.summary
    assert int(s.loc["ar1", "n_forecasts"]) == 34
    assert 0.70 <= s.loc["ar1", "coverage_80"] <= 0.90
    assert "plan" not in s.index          # no plans for a user series
    pit = bt.pit()
    assert len(pit) == 34 and 0.3 < pit.mean() < 0.7


def test_nile_iid_coverage():
    """Nile flow 1871–1970 (statsmodels): year-on-year growth, 84 one-year iid forecasts (origins 1886–1969)."""
    bt = hpf.backtest(nile(), model="iid", horizon=1, min_train=15, n_paths=1000,
                      n_draws=1000)
    s = bt.summary
    assert int(s.loc["iid", "n_forecasts"]) == 84
    assert 0.70 <= s.loc["iid", "coverage_80"] <= 0.90


def test_level_target_at_several_horizons():
    bt = hpf.backtest(model="iid", horizon=2, n_paths=1000, n_draws=1000)
    lev = bt.summarise("level", by_horizon=True)
    assert set(lev.loc["iid"].index) == {1, 2}
    f = bt.forecasts[bt.forecasts["model"] == "iid"]
    # At horizon 1 the level target is the growth target.
    h1 = f[f["horizon"] == 1]
    g, lv = h1[h1["target"] == "growth"], h1[h1["target"] == "level"]
    assert g["crps"].to_numpy() == pytest.approx(lv["crps"].to_numpy())
    # At horizon 2 the outcome is the two years' growth compounded.
    hist = hpf.load_history(wide=True)["grdp_growth_real"]
    row = f[(f["horizon"] == 2) & (f["target"] == "level")].iloc[0]
    y = int(row["year"])
    assert row["outcome"] == pytest.approx((1 + hist[y - 1]) * (1 + hist[y]) - 1)


# -------------------------------------------------------------------- errors


def test_backtest_bad_input():
    with pytest.raises(ValueError, match="model must be one of 'iid', 'ar1', 'var'; got 'x'"):
        hpf.backtest(model="x")
    with pytest.raises(ValueError, match="horizon must be between 1 and 10 years; got 11"):
        hpf.backtest(horizon=11)
    with pytest.raises(ValueError, match="benchmarks must be one of"):
        hpf.backtest(benchmarks=["oracle"])
    with pytest.raises(ValueError, match=r"origins must be years of the record before its "
                                         r"last year .*got \[2030\]"):
        hpf.backtest(origins=[2030])
    with pytest.raises(ValueError, match="no origin has 50 years of growth"):
        hpf.backtest(min_train=50)
