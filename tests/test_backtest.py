"""Rolling-origin backtests: CRPS, coverage and PIT, on the embedded and long public series."""

import math
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, stats

import hpforecast as hpf
from hpforecast.backtest import crps_ensemble, crps_normal

sm = pytest.importorskip("statsmodels.api")

from _series import us_real_gdp  # noqa: E402



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
    # Monte Carlo SE of the ensemble CRPS (a V-statistic): sd of its influence function
    # |x − y| − E|x − X'| over sqrt(m), with E|x − X'| = σ[z(2Φ(z) − 1) + 2φ(z)] for
    # X' ~ N(μ, σ). Allow 4 SE.
    z = (x - mu) / sd
    infl = np.abs(x - y) - sd * (z * (2 * stats.norm.cdf(z) - 1) + 2 * stats.norm.pdf(z))
    se = infl.std() / math.sqrt(m)
    assert abs(float(crps_ensemble(x, y)) - exact) < 4 * se


def test_crps_normal_validates_sd():
    with pytest.raises(ValueError, match="sd must be finite and >= 0; got -0.1"):
        crps_normal(0.0, -0.1, 0.0)
    # sd = 0 is a point forecast: the CRPS is the absolute error (not nan).
    assert crps_normal(0.1, 0.0, 0.13) == pytest.approx(0.03)
    out = crps_normal([0.0, 0.0], [0.0, 1.0], [0.5, 0.0])
    assert out == pytest.approx([0.5, float(crps_normal(0.0, 1.0, 0.0))])


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
    hist = hpf.load_history(wide=True)["grdp_growth_real"]
    assert mine["outcome"].to_numpy() == pytest.approx(hist.loc[2022:2025].to_numpy())
    # The plan benchmark uses the plan for the year after the origin.
    plan = f[(f["model"] == "plan") & (f["target"] == "growth")].set_index("year")
    assert plan.loc[2022, "q50"] == pytest.approx(0.13)      # old city's 2022 plan
    # ...only when adopted by the origin's end: the 2025 plans (NQ 42/NQ-HĐND, July 2025;
    # NQ 25/NQ-CP, Feb 2025) were not known at origin 2024.
    assert list(plan.index) == [2022, 2023, 2024]
    assert any("NQ 42/NQ-HĐND, 2025-07-25" in n for n in bt.notes)
    # The summary scores every model on the same origins, 2021–2023 (the plan's): before,
    # ar1 was scored on 4 and plan on 3 (and this test asserted the 4).
    assert s["n_forecasts"].tolist() == [3, 3, 3, 3]
    assert (s["pairs"] == "shared").all()
    shared = mine[mine["origin"] <= 2023]
    assert s.loc["ar1", "coverage_80"] == pytest.approx(shared["in_80"].mean())
    assert s.loc["ar1", "crps"] == pytest.approx(shared["crps"].mean())
    own = bt.summarise(common=False)
    assert own.loc["ar1", "n_forecasts"] == 4 and own.loc["plan", "n_forecasts"] == 3
    assert bt.pit().to_numpy() == pytest.approx(mine["pit"].to_numpy())
    assert "Backtest" in bt._repr_html_()


def test_summary_compares_models_on_shared_pairs_at_every_horizon():
    bt = hpf.backtest(model="iid", horizon=2, n_paths=500, n_draws=500)
    f = bt.forecasts[bt.forecasts["target"] == "growth"]
    # The plan forecasts one year ahead only: it is left out of the pooled comparison.
    s = bt.summary
    assert list(s.index) == ["iid", "naive_last", "naive_mean"]
    assert s["n_forecasts"].nunique() == 1
    pairs = {m: set(zip(d["origin"], d["horizon"])) for m, d in f.groupby("model")}
    shared = pairs["iid"] & pairs["naive_last"] & pairs["naive_mean"]
    assert int(s.loc["iid", "n_forecasts"]) == len(shared) == 7
    # Each model on its own forecasts (not comparable): what the summary used to show.
    own = bt.summarise(common=False)
    assert own.loc["plan", "n_forecasts"] == 3 and (own["pairs"] == "own").all()
    # By horizon: the plan appears at horizon 1 only, every row at a horizon on the same
    # origins.
    bh = bt.summarise(by_horizon=True)
    assert set(bh.xs(1, level="horizon").index) == {"iid", "naive_last", "naive_mean", "plan"}
    assert set(bh.xs(2, level="horizon").index) == {"iid", "naive_last", "naive_mean"}
    for h in (1, 2):
        assert bh.xs(h, level="horizon")["n_forecasts"].nunique() == 1
    lev = bt.summarise("level", by_horizon=True)
    assert lev.xs(2, level="horizon")["n_forecasts"].nunique() == 1


@pytest.mark.parametrize("model", ["iid", "ar1"])
def test_refit_uses_only_what_was_known_at_the_origin(model):
    """Changing the outcome of origin + 1 must not change any forecast made at the origin
    (models and benchmarks, both targets, both horizons): only outcomes and scores."""
    hist = hpf.load_history()
    later = hist.copy()
    sel = ((later["indicator"] == "grdp_growth_real") & (later["year"] == 2023)
           & (later["boundary"] == "old_city") & later["preferred"]
           & later["start_year"].isna())
    assert sel.sum() == 1
    later.loc[sel, "value"] = 0.5
    kw = {"model": model, "origins": 2022, "horizon": 2, "n_paths": 500, "n_draws": 500}
    a = hpf.backtest(hist, **kw).forecasts
    b = hpf.backtest(later, **kw).forecasts
    assert set(a["model"]) == {model, "naive_last", "naive_mean", "plan"}
    keys = ["model", "horizon", "target"]
    a, b = a.set_index(keys).sort_index(), b.set_index(keys).sort_index()
    assert list(a.index) == list(b.index)
    for c in ("q50", "sd", "q10", "q90"):
        assert a[c].to_numpy() == pytest.approx(b[c].to_numpy(), rel=1e-12), c
    # The change did reach the outcome of 2023.
    assert b.loc[(model, 1, "growth"), "outcome"] == pytest.approx(0.5)
    assert a.loc[(model, 1, "growth"), "outcome"] != pytest.approx(0.5)


# ------------------------------------------------------------ long public series


def test_long_series_80_percent_band_covers_70_to_90_percent():
    """US real GDP growth 1960–2008 (statsmodels macrodata, annualised): 34 one-year-ahead
    AR(1) forecasts from origins 1974–2007, each refitted on the years up to the origin."""
    bt = hpf.backtest(us_real_gdp(), model="ar1", horizon=1, min_train=15, n_paths=2000,
                      n_draws=2000)
    s = bt.summary
    assert s["n_forecasts"].tolist() == [34, 34, 34]      # shared by ar1 and benchmarks
    # A calibrated 80 % band covers n = 34 outcomes with SE sqrt(0.8 × 0.2 / 34) = 0.069,
    # so [0.70, 0.90] is ± 1.46 SE: it rejects a gross miscalibration only.
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
    # n = 84: SE sqrt(0.8 × 0.2 / 84) = 0.044, so [0.70, 0.90] is ± 2.29 SE.
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
    with pytest.raises(ValueError,
                       match="model must be one of 'iid', 'ar1', 'var', 'rtm'; got 'x'"):
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
    with pytest.raises(TypeError, match="benchmarks must be a name or a list"):
        hpf.backtest(benchmarks=5)
    with pytest.raises(TypeError, match="indicator must be an indicator name .* got 5"):
        hpf.backtest(indicator=5)
    with pytest.raises(TypeError, match="origins must be a year or a list of years"):
        hpf.backtest(origins="2022")
    with pytest.raises(ValueError, match="model 'var' needs indicators= with at least two "
                                         "names; got \\['a,b'\\]"):
        hpf.backtest(model="var", indicators="a,b")
    with pytest.raises(ValueError, match="plans must be indexed by year"):
        hpf.backtest(us_real_gdp(), plans=pd.Series([0.03], index=["y2000"]), min_train=15)
    with pytest.raises(ValueError, match="plans must be growth as a fraction"):
        hpf.backtest(us_real_gdp(), plans=pd.Series([3.0], index=[2000]), min_train=15)
    with pytest.raises(ValueError, match="can backtest at most 12 indicators"):
        hpf.backtest(model="var", indicators=[f"x{i}" for i in range(13)])


def test_backtest_single_origin_and_indicators_for_a_one_indicator_model():
    kw = {"model": "iid", "n_paths": 200, "n_draws": 200, "benchmarks": []}
    one = hpf.backtest(origins=2022, **kw)
    assert set(one.forecasts["origin"]) == {2022}
    with pytest.warns(UserWarning, match="indicators= is for model 'var'; model 'iid' is "
                                         "backtested on one indicator, 'grdp_real'"):
        bt = hpf.backtest(indicators=["grdp_real", "grdp_deflator"], origins=[2022], **kw)
    assert bt.indicator == "grdp_real"


def test_one_failing_origin_is_skipped_with_its_reason_and_warnings(monkeypatch):
    B = sys.modules["hpforecast.backtest"]       # hpf.backtest is the function

    real_calibrate, real_simulate = B.calibrate, B.simulate

    def calibrate(*args, **kwargs):
        if kwargs["end"] == 2022:
            warnings.warn("marker warning of a failed refit", UserWarning)
            raise ValueError("marker refit failure")
        return real_calibrate(*args, **kwargs)

    def simulate(sc, *args, **kwargs):
        if sc.base_year == 2023:
            raise np.linalg.LinAlgError("marker engine failure")
        return real_simulate(sc, *args, **kwargs)

    monkeypatch.setattr(B, "calibrate", calibrate)
    monkeypatch.setattr(B, "simulate", simulate)
    bt = hpf.backtest(model="iid", n_paths=200, n_draws=200)
    assert sorted(set(bt.forecasts["origin"])) == [2021, 2024]
    assert "origin 2022 skipped: marker refit failure" in bt.notes
    assert "origin 2023 skipped: marker engine failure" in bt.notes
    assert any("marker warning of a failed refit" in n for n in bt.notes)


def test_wide_table_backtest_fits_only_the_scored_column():
    """Other columns used to be fitted too: a gap in one dropped origins, 13 columns
    raised IndexError."""
    gdp = us_real_gdp()
    wide = pd.DataFrame({"us_real_gdp": gdp})
    for i in range(13):
        col = gdp * (1 + 0.01 * i)
        wide[f"other_{i}"] = col.where(col.index != 1990)      # a gap in 1990
    kw = {"model": "ar1", "min_train": 15, "n_paths": 300, "n_draws": 300,
          "benchmarks": []}
    bt = hpf.backtest(wide, **kw)
    assert bt.indicator == "us_real_gdp"
    ref = hpf.backtest(gdp, **kw)
    assert bt.forecasts["origin"].tolist() == ref.forecasts["origin"].tolist()
    assert len(set(bt.forecasts["origin"])) == 34
    assert not any("skipped" in n for n in bt.notes)


def test_var_default_origins_respect_start():
    d = sm.datasets.macrodata.load_pandas().data
    complete = d.groupby("year")["quarter"].count() == 4
    wide = d.groupby("year")[["realgdp", "cpi"]].mean()[complete]
    wide.index = wide.index.astype(int)
    bt = hpf.backtest(wide, model="var", indicators=["realgdp", "cpi"], start=1980,
                      n_paths=200, n_draws=200, benchmarks=[])
    origins = sorted(set(bt.forecasts["origin"]))
    # Growth from 1980; the default min_train for two indicators is 4 + 2 × 2 = 8.
    assert origins[0] == 1987 and origins[-1] == 2007
    assert not any("skipped" in n for n in bt.notes)
