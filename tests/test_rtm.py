"""The rtm model (regression to the mean): its predictive against independent routes.

- The Kalman filter's predictive against the closed form: the window and the future are
  jointly Gaussian (given the random scale), so the conditional mean and covariance follow
  from the joint covariance by the Schur complement, and the scale update from the
  window's Mahalanobis distance.
- A panel simulated from the model itself, by a plain loop: the estimator recovers the
  parameters within their clustered standard errors, and the exact predictive is
  calibrated there, overall and for the fastest-growing quarter (selected on the window).
- calibrate(model="rtm"): its predictive paths are rtm_paths', its scenario reproduces
  them, its reference options and errors; the defaults of calibrate() and backtest().
"""

import hashlib
import math
import sys
from importlib import resources

import numpy as np
import pandas as pd
import pytest

import hpforecast as hpf
from hpforecast.calibration import (
    RTMParameters,
    default_model,
    estimate_rtm_parameters,
    fastest_quarter,
    panel_windows,
    rtm_moments,
    rtm_panel_paths,
    rtm_parameters,
    rtm_paths,
)

TRUE = dict(r=0.035, tau=0.025, rho=0.9, phi=0.3, sigma=0.035, df=5.0)


def simulate_panel(n_economies: int, n_years: int, seed: int, p=TRUE) -> pd.DataFrame:
    """Levels from y_t = r + a_t + u_t, a and u stationary AR(1), one scale per economy."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n_economies):
        lam = p["df"] / rng.chisquare(p["df"])
        a = rng.normal(0, math.sqrt(lam) * p["tau"])
        u = rng.normal(0, math.sqrt(lam) * p["sigma"])
        level = 100.0
        for t in range(n_years):
            if t:
                a = p["rho"] * a + rng.normal(0, math.sqrt(lam * (1 - p["rho"] ** 2)) * p["tau"])
                u = p["phi"] * u + rng.normal(0, math.sqrt(lam * (1 - p["phi"] ** 2))
                                              * p["sigma"])
                level *= math.exp(p["r"] + a + u)
            rows.append((f"e{i:03d}", 1950 + t, level))
    return pd.DataFrame(rows, columns=["economy", "year", "real_gdp"])


@pytest.fixture(scope="module")
def sim_panel():
    return simulate_panel(160, 30, seed=13)


@pytest.fixture(scope="module")
def sim_estimate(sim_panel):
    return estimate_rtm_parameters(sim_panel, window=9, horizon=5, label="simulated")


def test_kalman_predictive_is_the_gaussian_conditional_with_the_t_scale_update():
    p = RTMParameters.from_values(**TRUE)
    g = np.array([0.11, 0.13, 0.09, 0.15, 0.12, 0.10, 0.14, 0.08, 0.12])
    n, H = len(g), 5
    m = rtm_moments(g, p, H)
    k = np.arange(n + H)
    d = np.abs(k[:, None] - k[None, :])
    S = TRUE["tau"] ** 2 * TRUE["rho"] ** d + TRUE["sigma"] ** 2 * TRUE["phi"] ** d
    z = np.log1p(g) - TRUE["r"]
    S11, S21, S22 = S[:n, :n], S[n:, :n], S[n:, n:]
    mean = TRUE["r"] + S21 @ np.linalg.solve(S11, z)
    cov = S22 - S21 @ np.linalg.solve(S11, S21.T)
    delta = z @ np.linalg.solve(S11, z)
    scale = cov * (TRUE["df"] + delta) / (TRUE["df"] + n)
    np.testing.assert_allclose(m["loc"], mean, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(m["scale"], scale, rtol=1e-9, atol=1e-14)
    assert m["df"] == pytest.approx(TRUE["df"] + n)
    # regression to the mean: the location falls toward r, the long-run mean is pooled
    assert m["loc"][0] > m["loc"][-1] > TRUE["r"]
    assert TRUE["r"] < m["long_run"] < np.log1p(g).mean()


def test_paths_follow_the_predictive_moments():
    p = RTMParameters.from_values(**TRUE)
    g = [0.02, 0.05, 0.01, 0.04, 0.03, 0.06, 0.02, 0.03]
    m = rtm_moments(g, p, 4)
    paths = rtm_paths(g, p, 4, n_paths=200_000, seed=4, parameter_uncertainty=False)
    y = np.log1p(paths)
    # multivariate t: mean loc, covariance scale * df / (df - 2)
    se = np.sqrt(np.diag(m["scale"]) * m["df"] / (m["df"] - 2) / len(y))
    assert np.all(np.abs(y.mean(axis=0) - m["loc"]) < 4 * se)
    cov = np.cov(y.T)
    np.testing.assert_allclose(cov, m["scale"] * m["df"] / (m["df"] - 2), rtol=0.05,
                               atol=2e-5)


def test_estimator_recovers_the_parameters_of_a_simulated_panel(sim_estimate):
    est = sim_estimate
    assert est.provenance["converged"]
    for k, v in TRUE.items():
        # within 4 clustered standard errors (delta method), on the internal scale's
        # interval for the bounded ones
        lo, hi = est.ci_low[k], est.ci_high[k]
        width = (hi - lo) / 2
        assert lo - width <= v <= hi + width, (k, v, est.estimate[k], lo, hi)
    assert est.summary.loc["rho", "std_err"] > 0


def test_exact_predictive_is_calibrated_on_data_from_the_model(sim_panel):
    w = panel_windows(sim_panel, window=9, horizon=5, origins=2)
    p = RTMParameters.from_values(**TRUE)
    paths = rtm_panel_paths(w.past, p, 5, 1000, np.random.default_rng(3),
                            parameter_uncertainty=False)
    cum = np.prod(1 + paths, axis=2) - 1
    y = np.prod(1 + w.future, axis=1) - 1
    lo, hi = np.quantile(cum, [0.1, 0.9], axis=1)
    inside = (y >= lo) & (y <= hi)
    pit = (cum <= y[:, None]).mean(axis=1)
    fast = fastest_quarter(w)
    # overlapping windows of 160 economies: a loose band, several standard errors wide
    for mask in (np.ones(len(w), bool), fast):
        assert 0.74 < inside[mask].mean() < 0.86
        assert 0.43 < pit[mask].mean() < 0.57


def test_shipped_parameters_and_their_provenance():
    p = rtm_parameters("pwt91")
    prov = p.provenance
    assert prov["window"] == 9 and prov["horizon"] == 5 and prov["n_economies"] == 180
    data = resources.files("hpforecast").joinpath("data", "panel_pwt91.csv").read_bytes()
    assert prov["panel_file_sha256"] == hashlib.sha256(data).hexdigest()
    assert prov["written_by"] == "scripts/estimate_rtm_parameters.py"
    assert 0.85 < p.estimate["rho"] < 0.97 and 0.02 < p.reference_growth < 0.05
    assert rtm_parameters("pwt56").label == "pwt56"
    assert list(p.summary.index) == ["r", "tau", "rho", "phi", "sigma", "df"]
    with pytest.raises(ValueError, match="panel must be one of 'pwt91', 'pwt56'; got 'x'"):
        rtm_parameters("x")


def test_calibrate_rtm_paths_are_rtm_paths_and_the_scenario_reproduces_them():
    fit = hpf.calibrate(boundary="merged_city", model="rtm", reference="vietnam")
    assert fit.model == "rtm" and list(fit.growth.index) == list(range(2018, 2026))
    direct = fit.predictive_paths(2025, 2030, n_paths=60_000, seed=5)["grdp_real"]
    vn = hpf.calibrate(boundary="vietnam", model="rtm").growth["grdp_real"].to_numpy()
    own = rtm_paths(fit.growth["grdp_real"].to_numpy(), rtm_parameters(), 5,
                    n_paths=60_000, seed=6, reference=vn)
    avg = {k: np.prod(1 + v, axis=1) ** 0.2 - 1 for k, v in (("fit", direct), ("own", own))}
    np.testing.assert_allclose(np.quantile(avg["fit"], [0.1, 0.5, 0.9]),
                               np.quantile(avg["own"], [0.1, 0.5, 0.9]), atol=0.002)
    p_direct = float(np.mean(avg["fit"] >= 0.13))
    sim = hpf.simulate(fit.scenario(), n_paths=60_000, seed=7)
    p_scen = sim.probability(hpf.Target.average_growth("grdp_real", 2025, 2030, 0.13))
    # the scenario's copula summary (two-piece marginals, interquartile band matched)
    assert abs(float(p_scen["probability"].iloc[0]) - p_direct) < 0.006
    desc = fit.scenario().description
    assert "regresses toward the reference" in desc and "vietnam" in desc


def test_reference_options_and_errors():
    world = hpf.calibrate(model="rtm")
    fixed = hpf.calibrate(model="rtm", reference=0.065)
    est = {k: f.summary.xs("grdp_real", level="indicator")["estimate"]
           for k, f in (("world", world), ("fixed", fixed))}
    assert est["world"]["reference"] == pytest.approx(rtm_parameters().reference_growth)
    assert est["fixed"]["reference"] == pytest.approx(0.065)
    assert est["fixed"]["long_run_mean"] > est["world"]["long_run_mean"]
    vn = hpf.load_history(wide=True, boundary="vietnam")["grdp_growth_real"].dropna()
    by_series = hpf.calibrate(model="rtm", reference=vn)
    assert by_series.summary.loc[("grdp_real", "reference"), "estimate"] == pytest.approx(
        hpf.calibrate(model="rtm", reference="vietnam").summary.loc[
            ("grdp_real", "reference"), "estimate"])
    with pytest.raises(ValueError, match="reference is for model 'rtm'"):
        hpf.calibrate(model="iid", reference="vietnam")
    with pytest.raises(ValueError, match="model 'rtm' fits one indicator"):
        hpf.calibrate(model="rtm", indicators=["grdp_real", "grdp_deflator"])
    with pytest.raises(ValueError, match="the reference record must reach the fit's last "
                                         "year 2025"):
        hpf.calibrate(model="rtm", reference=vn[vn.index <= 2023])
    with pytest.raises(ValueError, match="reference must be fractions per year"):
        hpf.calibrate(model="rtm", reference=vn * 100)
    with pytest.raises(TypeError, match="panel must be a shipped panel name"):
        hpf.calibrate(model="rtm", panel=3)
    s = pd.Series(100 * np.cumprod(1 + 0.05 + 0.01 * np.sin(np.arange(12))),
                  index=range(2000, 2012), name="gdp")
    with pytest.raises(ValueError, match="names a boundary of the history"):
        hpf.calibrate(s, reference="vietnam")


def test_defaults_use_rtm_beyond_a_year_for_real_output():
    assert hpf.calibrate().model == "rtm"
    assert hpf.calibrate(indicators="grdp_deflator").model == "iid"
    assert default_model(["grdp_real", "grdp_deflator"]) == "iid"
    assert default_model(["x"], horizon=5) == "rtm"
    assert default_model(["budget_revenue"], horizon=5) == "ar1"
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
    from _series import us_real_gdp

    s = us_real_gdp()
    bt = hpf.backtest(s, origins=[2003], horizon=5, n_paths=500, n_draws=500)
    assert bt.model == "rtm"
    assert set(bt.forecasts["model"]) >= {"rtm"}
    assert hpf.backtest(s, origins=[2003], n_paths=200, n_draws=200).model == "ar1"
