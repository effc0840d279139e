"""Calibration: statsmodels fits turned into scenarios, checked against statsmodels itself."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import hpforecast as hpf
from hpforecast.calibration.matching import match_persistence as _match_persistence

sm = pytest.importorskip("statsmodels.api")

from _series import us_real_gdp  # noqa: E402

P = (0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95)



@pytest.fixture(scope="module")
def gdp():
    return us_real_gdp()


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return fn(*args, **kwargs)


def quantile_se(sample: np.ndarray, p: float, n: int) -> float:
    """Monte Carlo standard error of the p-quantile of n draws (density from the sample)."""
    d = 0.01
    lo, hi = np.quantile(sample, [p - d, p + d])
    return math.sqrt(p * (1 - p) / n) * (hi - lo) / (2 * d)


# ------------------------------------------------------------------ Must show: AR(1)


def test_ar1_quantiles_agree_with_statsmodels_intervals_and_paths(gdp):
    """Yearly growth 1–5 years ahead and 5-year cumulative growth, within 4 SE."""
    fit = hpf.calibrate(gdp, model="ar1", parameter_uncertainty=False)
    res = fit.results["us_real_gdp"]
    assert type(res).__name__ == "ARIMAResultsWrapper"
    sc = fit.scenario(end_year=fit.last_year + 5, driver="grdp_real")
    n = 100_000
    g = hpf.simulate(sc, n_paths=n, seed=1).growth_paths("grdp_real")
    assert g.shape == (n, 5)
    fc = res.get_forecast(5)
    sd = np.sqrt(np.asarray(fc.var_pred_mean))
    for alpha in (0.10, 0.20, 0.50):
        ci = np.asarray(fc.conf_int(alpha=alpha))
        for j, p in enumerate((alpha / 2, 1 - alpha / 2)):
            q = np.quantile(g, p, axis=0)
            se = math.sqrt(p * (1 - p) / n) / stats.norm.pdf(stats.norm.ppf(p)) * sd
            assert np.all(np.abs(q - ci[:, j]) < 4 * se), (alpha, p, q, ci[:, j])
    # Paths: statsmodels' own simulation from the end of the sample.
    m = 50_000
    paths = np.asarray(res.simulate(5, anchor="end", repetitions=m,
                                    rng=np.random.default_rng(2))).reshape(5, m).T
    cum_sm = np.prod(1 + paths, axis=1) - 1
    cum_hp = np.prod(1 + g, axis=1) - 1
    for p in P:
        se = math.hypot(quantile_se(cum_sm, p, m), quantile_se(cum_hp, p, n))
        assert abs(np.quantile(cum_hp, p) - np.quantile(cum_sm, p)) < 4 * se, p


def test_ar1_scenario_is_the_exact_forecast_distribution():
    fit = quiet(hpf.calibrate, model="ar1", parameter_uncertainty=False)
    mu, phi = fit.mean[0], fit.A[0, 0]
    sigma = math.sqrt(fit.sigma[0, 0])
    sc = fit.scenario()
    gT = fit.last[0]
    for h, y in enumerate(range(2026, 2031), start=1):
        m = sc.growth["grdp_real"][y]
        assert m.mean == pytest.approx(mu + phi ** h * (gT - mu), rel=1e-12)
        s_h = sigma * math.sqrt((1 - phi ** (2 * h)) / (1 - phi ** 2))
        assert m.sd == pytest.approx(s_h, rel=1e-10)
        if h > 1:
            s_prev = sigma * math.sqrt((1 - phi ** (2 * h - 2)) / (1 - phi ** 2))
            assert sc.persistence["grdp_real"][y] == pytest.approx(phi * s_prev / s_h,
                                                                   rel=1e-10)
    # The general routine (variance of cumulative growth matched) gives the same ρ.
    sd = np.array([sc.growth["grdp_real"][y].sd for y in range(2026, 2031)])
    C = np.array([[sigma ** 2 * sum(phi ** (a - 1 - l) * phi ** (b - 1 - l)
                                    for l in range(min(a, b))) for b in range(1, 6)]
                  for a in range(1, 6)])
    target = np.array([C[:t + 1, :t + 1].sum() for t in range(5)])
    rho = _match_persistence(sd, target)
    assert rho == pytest.approx([sc.persistence["grdp_real"][y] for y in range(2027, 2031)],
                                abs=1e-10)


def test_iid_without_parameter_uncertainty_is_mean_and_sample_sd():
    g = hpf.load_history(wide=True)["grdp_growth_real"].dropna()
    fit = hpf.calibrate(model="iid", parameter_uncertainty=False)
    sc = fit.scenario()
    m = sc.growth["grdp_real"][2028]
    assert m.mean == pytest.approx(g.mean())
    assert m.sd == pytest.approx(g.std(ddof=1))
    assert sc.persistence == 0.0
    assert fit.summary.loc[("grdp_real", "mean"), "n"] == len(g) == 9


# ----------------------------------------------------------- parameter uncertainty


def test_iid_parameter_uncertainty_gives_the_student_t_predictive():
    """The Normal–inverse-χ² posterior predictive is t_{n-1}(ȳ, s sqrt(1 + 1/n))."""
    g = hpf.load_history(wide=True)["grdp_growth_real"].dropna().to_numpy()
    n = len(g)
    fit = hpf.calibrate(model="iid", n_draws=20_000, seed=5)
    exact = stats.t(df=n - 1, loc=g.mean(), scale=g.std(ddof=1) * math.sqrt(1 + 1 / n))
    paths = fit.predictive_paths(n_paths=100_000, seed=6)["grdp_real"]
    for p in P:
        q = np.quantile(paths[:, 0], p)
        assert abs(q - exact.ppf(p)) < 4 * quantile_se(paths[:, 0], p, 100_000)
    marg = fit.scenario().growth["grdp_real"][2026]
    spread = exact.ppf(0.95) - exact.ppf(0.05)
    for p in P:
        assert abs(float(marg.ppf(p)) - exact.ppf(p)) < 0.03 * spread, p


@pytest.mark.parametrize("model,tol", [("iid", 0.04), ("ar1", 0.04), ("var", 0.08)])
def test_scenario_summarises_the_parameter_draws(model, tol):
    """Engine paths vs the direct per-path parameter simulation: 5-year cumulative growth
    quantiles (5–95 %) within ``tol`` of the direct 5–95 % range; the 10–90 % band, which
    the persistence is fitted to, within half of that. 20,000 draws keep the draws' own
    sampling error well below the tolerance."""
    fit = quiet(hpf.calibrate, model=model, seed=11, n_draws=20_000)
    sc = fit.scenario()
    n = 60_000
    sim = hpf.simulate(sc, n_paths=n, seed=3)
    direct = fit.predictive_paths(n_paths=n, seed=4)
    for name in fit.indicators:
        eng = np.prod(1 + sim.growth_paths(fit.drivers[name]), axis=1) - 1
        dir_ = np.prod(1 + direct[name], axis=1) - 1
        qe, qd = np.quantile(eng, P), np.quantile(dir_, P)
        rng = qd[-1] - qd[0]
        assert np.max(np.abs(qe - qd)) < tol * rng, (name, qe, qd)
        band_e, band_d = qe[5] - qe[1], qd[5] - qd[1]
        assert abs(band_e - band_d) < tol / 2 * rng


def test_parameter_uncertainty_widens_the_band_and_summary_says_so():
    fit = quiet(hpf.calibrate, model="ar1")
    wid = fit.band_widening(n_paths=20_000)
    row = wid.loc["grdp_real"]
    assert row["year"] == 2030
    assert row["band80_with"] > row["band80_without"] > 0
    assert row["widening"] == pytest.approx(row["band80_with"] / row["band80_without"] - 1)
    html = fit._repr_html_()
    assert "widens the 10–90 % band" in html and "grdp_real" in html
    off = quiet(hpf.calibrate, model="ar1", parameter_uncertainty=False)
    q_on = hpf.simulate(fit.scenario(), n_paths=20_000, seed=1).quantiles(
        "grdp_real", (0.1, 0.9)).loc[2030]
    q_off = hpf.simulate(off.scenario(), n_paths=20_000, seed=1).quantiles(
        "grdp_real", (0.1, 0.9)).loc[2030]
    assert (q_on[0.9] - q_on[0.1]) > 1.2 * (q_off[0.9] - q_off[0.1])


def test_same_seed_same_scenario():
    a = quiet(hpf.calibrate, model="ar1", seed=3).scenario()
    b = quiet(hpf.calibrate, model="ar1", seed=3).scenario()
    assert a.growth["grdp_real"][2029] == b.growth["grdp_real"][2029]
    assert dict(a.persistence["grdp_real"]) == dict(b.persistence["grdp_real"])


# ----------------------------------------------------------------------- VAR


def test_var_uses_statsmodels_and_its_residual_correlation():
    with pytest.warns(UserWarning, match="short sample for model 'var'"):
        fit = hpf.calibrate(model="var", indicators=["grdp_real", "grdp_deflator"],
                            parameter_uncertainty=False)
    res = fit.results["var"]
    su = np.asarray(res.sigma_u)
    r = su[0, 1] / math.sqrt(su[0, 0] * su[1, 1])
    assert fit.correlation.loc["grdp_real", "grdp_deflator"] == pytest.approx(r)
    sc = fit.scenario()
    assert sc.correlation[("grdp_deflator", "grdp_real")] == pytest.approx(r)
    # First simulated year: exactly statsmodels' one-step forecast.
    mean1 = np.asarray(res.forecast(res.endog[-1:], 1))[0]
    mse1 = np.asarray(res.forecast_cov(1))[0]
    m = sc.growth["grdp_real"][2026]
    assert m.mean == pytest.approx(mean1[0])
    assert m.sd == pytest.approx(math.sqrt(mse1[0, 0]))
    # Five years ahead: the marginal sd is statsmodels' forecast-error sd.
    mse5 = np.asarray(res.forecast_cov(5))[4]
    assert sc.growth["grdp_deflator"][2030].sd == pytest.approx(math.sqrt(mse5[1, 1]))
    sim = hpf.simulate(sc, n_paths=4000, seed=1)
    assert "grdp_nominal" in sim.indicators


def test_var_needs_two_indicators():
    with pytest.raises(ValueError, match="model 'var' needs at least two indicators"):
        hpf.calibrate(model="var", indicators="grdp_real")


# ------------------------------------------------------------- data and errors


def test_series_growth_is_computed_from_levels(gdp):
    fit = hpf.calibrate(gdp, model="iid", parameter_uncertainty=False)
    growth = gdp.pct_change().dropna()
    assert fit.growth["us_real_gdp"].to_numpy() == pytest.approx(growth.to_numpy())
    assert fit.last_year == 2008
    sc = fit.scenario(driver="grdp_real")
    assert sc.base_values["grdp_real"] == pytest.approx(gdp[2008])
    assert sc.years == tuple(range(2008, 2014))


def test_series_with_datetime_index(gdp):
    s = gdp.copy()
    s.index = pd.to_datetime([f"{y}-12-31" for y in s.index])
    fit = hpf.calibrate(s, model="iid", parameter_uncertainty=False)
    assert fit.last_year == 2008 and len(fit.growth) == 49


def test_series_not_a_driver_needs_driver_argument(gdp):
    fit = hpf.calibrate(gdp, model="iid", parameter_uncertainty=False)
    with pytest.raises(ValueError, match=r"'us_real_gdp' is not one of the engine's drivers"
                                         r".*driver="):
        fit.scenario()
    with pytest.raises(ValueError, match="'gdp' is not one of the engine's drivers"):
        fit.scenario(driver="gdp")


def test_unknown_model_and_indicator():
    with pytest.raises(ValueError,
                       match="model must be one of 'iid', 'ar1', 'var', 'rtm'; got 'arma'"):
        hpf.calibrate(model="arma")
    with pytest.raises(ValueError, match="'grdp_realz' is not a known indicator. Known "
                                         "indicators: .*grdp_real"):
        hpf.calibrate(indicators="grdp_realz")


def test_bad_series():
    s = pd.Series([1.0, 2.0, np.nan, 4.0], index=range(2000, 2004), name="x")
    with pytest.raises(ValueError, match="missing values in 2002"):
        hpf.calibrate(s)
    s = pd.Series([1.0, 2.0, 0.0, 4.0], index=range(2000, 2004), name="x")
    with pytest.raises(ValueError, match="positive annual levels; got 0.0 in 2002"):
        hpf.calibrate(s)
    q = pd.Series(np.arange(1.0, 9.0), index=pd.date_range("2000-01-01", periods=8,
                                                          freq="QS"), name="x")
    with pytest.raises(ValueError, match="must be annual, one value per year; got 4 values"):
        hpf.calibrate(q)
    with pytest.raises(ValueError, match="name the Series"):
        hpf.calibrate(pd.Series([1.0, 2.0, 3.0], index=[2000, 2001, 2002]))
    with pytest.raises(TypeError, match="data must be a history table"):
        hpf.calibrate([1, 2, 3])
    gap = pd.Series([1.0, 2.0, 3.0], index=[2000, 2001, 2005], name="x")
    with pytest.raises(ValueError, match="one value for every year"):
        hpf.calibrate(gap)


def test_too_short_warns_then_refuses():
    s = pd.Series(np.linspace(100, 160, 8), index=range(2000, 2008), name="grdp_real")
    with pytest.warns(UserWarning, match=r"short sample for model 'ar1': grdp_real has 7 "
                                         r"years \(at least 15 advised\)"):
        hpf.calibrate(s, model="ar1")
    with pytest.raises(ValueError, match="model 'ar1' needs at least 4 years of growth"):
        hpf.calibrate(s.iloc[:4], model="ar1")


def test_start_end_and_parameter_checks():
    with pytest.warns(UserWarning, match="grdp_real has 7 years .* parameter uncertainty "
                                         "is off, so the bands are too narrow"):
        fit = hpf.calibrate(model="iid", start=2018, end=2024, parameter_uncertainty=False)
    assert list(fit.growth.index) == list(range(2018, 2025))
    with pytest.raises(ValueError, match="start must not be after end; got start=2024"):
        hpf.calibrate(start=2024, end=2018)
    with pytest.raises(TypeError, match="parameter_uncertainty must be True or False; got 1"):
        hpf.calibrate(parameter_uncertainty=1)
    with pytest.raises(ValueError, match="base_year must be at or after the last observed "
                                         "year 2024"):
        fit.scenario(base_year=2020)


def test_national_series_fall_back_to_vietnam():
    fit = hpf.calibrate(model="iid", indicators=["vnd_per_usd"], parameter_uncertainty=False)
    assert "vietnam" in fit.sources["vnd_per_usd"]
    assert len(fit.growth) == 8


# ----------------------------------------------------------------- buoyancy


def test_buoyancy_is_statsmodels_ols_and_links_revenue():
    with pytest.warns(UserWarning, match="short sample for the buoyancy"):
        b = hpf.fit_buoyancy()
    x, y = b.data["grdp_nominal"].to_numpy(), b.data["budget_revenue"].to_numpy()
    slope, intercept = np.polyfit(x, y, 1)
    assert b.beta == pytest.approx(slope) and b.intercept == pytest.approx(intercept)
    fit = hpf.calibrate(model="iid", indicators=["grdp_real", "grdp_deflator"],
                        parameter_uncertainty=False)
    sc = fit.scenario(buoyancy=b)
    assert sc.buoyancy["budget_revenue"] == pytest.approx(b.beta)
    sim = hpf.simulate(sc, n_paths=2000, seed=1)
    g_rev = sim.growth_paths("budget_revenue")
    g_nom = sim.growth_paths("grdp_nominal")
    own = g_rev - b.beta * g_nom
    assert own.mean() == pytest.approx(b.intercept, abs=4 * b.resid_sd / math.sqrt(own.size))
    with pytest.raises(ValueError, match="buoyancy needs nominal GRDP"):
        hpf.calibrate(model="iid", parameter_uncertainty=False).scenario(buoyancy=b)


# -------------------------------------------------------------- plan realism


def test_plan_realism_matches_plan_record_and_plan_adjusted():
    rec = hpf.plan_record("grdp_growth_real").dropna(subset=["outcome"])
    pr = hpf.plan_realism()
    assert pr.n == len(rec)
    assert pr.mean == pytest.approx(rec["gap"].mean())
    assert pr.sd == pytest.approx(rec["gap"].std(ddof=1))
    assert pr.summary.loc["grdp_growth_real", "n"] == pr.n
    sc = hpf.scenarios.plan_adjusted()
    assert sc.growth["grdp_real"][2027].mean == pytest.approx(0.13 + pr.mean, abs=1e-6)
    assert sc.growth["grdp_real"][2027].sd == pytest.approx(pr.sd, abs=1e-6)
    adj = pr.adjust(0.13)
    assert adj.mean == pytest.approx(0.13 + pr.mean)
    with pytest.raises(ValueError, match="plan must be a fraction per year"):
        pr.adjust(13)
    with pytest.raises(ValueError, match="at least two years"):
        hpf.plan_realism(start=2025)


def test_fit_buoyancy_refuses_a_series_and_nominal_growth_that_is_the_indicator():
    """A Series used to be read again as grdp_nominal: revenue regressed on itself, β = 1."""
    rev = pd.Series(np.linspace(100.0, 200.0, 12), index=range(2010, 2022),
                    name="budget_revenue")
    with pytest.raises(TypeError, match="data must be a history table or a wide"):
        hpf.fit_buoyancy(rev)
    with pytest.raises(ValueError, match="is nominal GRDP itself"):
        hpf.fit_buoyancy(indicator="grdp_nominal")
    same = pd.DataFrame({"budget_revenue": rev.to_numpy(), "grdp_nominal": rev.to_numpy()},
                        index=rev.index)
    with pytest.raises(ValueError, match="is the growth of 'budget_revenue' itself"):
        hpf.fit_buoyancy(same)


def test_var_scenario_shrinks_an_incompatible_correlation_by_bisection_and_warns():
    """Opposite persistence (ρ = ±0.98) turns correlation r into innovation correlation
    about 49 r: the largest valid factor is about 1 / (0.99 × 49.5) ≈ 0.0204, below the
    0.9^29 ≈ 0.047 where the old shrink loop gave up with the engine's PSD error."""
    fit = quiet(hpf.calibrate, model="var", indicators=["grdp_real", "grdp_deflator"],
                parameter_uncertainty=False)
    sd = np.sqrt(np.diag(fit.sigma))
    object.__setattr__(fit, "A", np.diag([0.99, -0.99]))
    object.__setattr__(fit, "sigma", np.array([[1.0, 0.99], [0.99, 1.0]]) * np.outer(sd, sd))
    with pytest.warns(UserWarning, match=r"fit.correlation × 0\.02\d\d \(shrunk"):
        sc = fit.scenario(end_year=2065)
    r = fit.correlation.loc["grdp_real", "grdp_deflator"]
    factor = sc.correlation[("grdp_deflator", "grdp_real")] / r
    assert 0.0 < factor < 0.9 ** 29
    assert max(sc.persistence["grdp_real"].values()) == pytest.approx(0.98)
    # The largest valid factor, to the bisection's tolerance: a bit more is refused.
    with pytest.raises(ValueError, match="positive semi-definite"):
        sc.replace(correlation={("grdp_deflator", "grdp_real"): (factor + 1e-3) * r})
    # A compatible correlation is used as fitted, without a warning.
    plain = quiet(hpf.calibrate, model="var", indicators=["grdp_real", "grdp_deflator"],
                  parameter_uncertainty=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        sc2 = plain.scenario()
    assert sc2.correlation[("grdp_deflator", "grdp_real")] == pytest.approx(
        plain.correlation.loc["grdp_real", "grdp_deflator"])


def test_var_needs_2k_plus_2_points_for_a_nonsingular_residual_covariance():
    """With 2k + 1 points the residual covariance is singular (numpy LinAlgError before)."""
    rng = np.random.default_rng(1)
    drivers = {"a": "grdp_real", "b": "grdp_deflator"}

    def table(n):
        return pd.DataFrame({"a": 100 * np.cumprod(1 + rng.normal(0.05, 0.02, n + 1)),
                             "b": 50 * np.cumprod(1 + rng.normal(0.03, 0.02, n + 1))},
                            index=range(2000, 2001 + n))
    for pu in (True, False):
        with pytest.raises(ValueError, match=r"model 'var' needs at least 6 years .*"
                                             r"2 × 2 \+ 2 = 6 for a non-singular"):
            quiet(hpf.calibrate, table(5), model="var", parameter_uncertainty=pu)
        fit = quiet(hpf.calibrate, table(6), model="var", parameter_uncertainty=pu)
        sc = quiet(fit.scenario, driver=drivers)
        assert sc.years[-1] == fit.last_year + 5


def test_calibration_lesser_input_checks():
    fit = quiet(hpf.calibrate, model="iid")
    with pytest.raises(ValueError, match="n_paths must be >= 100; got 5"):
        fit.band_widening(n_paths=5)
    with pytest.raises(ValueError, match="seed must be a non-negative integer; got -1"):
        fit.band_widening(n_paths=1000, seed=-1)
    with pytest.raises(TypeError, match="seed must be None, a non-negative integer"):
        fit.band_widening(n_paths=1000, seed="x")
    a = fit.band_widening(n_paths=1000, seed=np.random.default_rng(4))
    assert a.loc["grdp_real", "band80_with"] > 0
    with pytest.raises(TypeError, match="buoyancy must be a Buoyancy .* got 5"):
        fit.scenario(buoyancy=5)
    wide = pd.DataFrame({"grdp_real": [100.0, 110.0, "n/a", 130.0]},
                        index=range(2000, 2004))
    with pytest.raises(TypeError, match=r"data\['grdp_real'\] must hold numbers; got 'n/a' "
                                        r"in 2002"):
        hpf.calibrate(wide)
    with pytest.raises(TypeError, match="history must be a tidy history table"):
        hpf.plan_realism(history=5)
    with pytest.raises(ValueError, match="plan realism needs a growth indicator; "
                                         "'budget_revenue' is a flow"):
        hpf.plan_realism("budget_revenue")
    flat = pd.Series(100 * 1.05 ** np.arange(12), index=range(2000, 2012), name="x")
    with pytest.warns(UserWarning, match=r"growth of 'x' is constant \(sd ≈ 0\)"):
        hpf.calibrate(flat, model="iid", parameter_uncertainty=False)
