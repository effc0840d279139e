"""Shapley effects (hpforecast.shapley): closed forms, Sobol indices, the copula, errors.

Tolerances are stated in standard errors (SE) reported by the estimator; where two
estimates are compared, the SE is that of their difference, sqrt(se_a² + se_b²), which
is conservative when they are positively correlated.
"""

import math
import warnings
from itertools import permutations

import numpy as np
import pytest

import hpforecast as hpf
from hpforecast.engine import make_plan, scores_from_normals
from hpforecast.shapley import GaussianInputs, score_covariance, shapley_effects

#: Allowed distance to a closed form, in standard errors.
N_SE = 3.0


# --------------------------------------------------------------------------- closed forms


def conditional_variance(cov, blocks, subset, b):
    """Var(b'X | X_{-subset}) of a linear Gaussian model: the cost c(subset), exactly."""
    J = np.concatenate([blocks[i] for i in subset])
    K = np.setdiff1d(np.arange(cov.shape[0]), J)
    C = cov[np.ix_(J, J)]
    if K.size:
        C = C - cov[np.ix_(J, K)] @ np.linalg.solve(cov[np.ix_(K, K)], cov[np.ix_(K, J)])
    return float(b[J] @ C @ b[J])


def linear_shapley(cov, blocks, b):
    """Shapley effects of Y = b'X, X ~ N(0, cov), by averaging over every ordering.

    An independent route from the estimator's subset weights: each ordering's
    increments of c(J) = Var(Y | X_{-J}) are credited to the input that joins.
    """
    d = len(blocks)
    total = float(b @ cov @ b)
    sh = np.zeros(d)
    perms = list(permutations(range(d)))
    for perm in perms:
        prev = 0.0
        for j in range(1, d + 1):
            c = total if j == d else conditional_variance(cov, blocks, perm[:j], b)
            sh[perm[j - 1]] += c - prev
            prev = c
    return sh / len(perms) / total


def owen_prieur_two(b1, b2, s1, s2, rho):
    """Owen & Prieur (2017): Shapley effects of b1 X1 + b2 X2, a bivariate normal."""
    v = b1 ** 2 * s1 ** 2 + b2 ** 2 * s2 ** 2 + 2 * rho * b1 * b2 * s1 * s2
    sh1 = (b1 ** 2 * s1 ** 2 * (1 - rho ** 2 / 2) + rho * b1 * b2 * s1 * s2
           + b2 ** 2 * s2 ** 2 * rho ** 2 / 2)
    return np.array([sh1, v - sh1]) / v


def linear_case():
    """Three inputs of 2, 1 and 2 columns, correlated within and across inputs."""
    L = np.array([[1.0, 0, 0, 0, 0], [0.5, 0.8, 0, 0, 0], [0.6, -0.3, 0.7, 0, 0],
                  [0.0, 0.4, 0.2, 0.9, 0], [0.3, 0.0, -0.5, 0.2, 0.6]])
    cov = L @ L.T
    blocks = [np.array([0, 1]), np.array([2]), np.array([3, 4])]
    b = np.array([1.0, 0.5, -1.5, 0.8, 0.4])
    return cov, blocks, b


def test_two_input_closed_form_agrees_with_the_ordering_average():
    cov = np.array([[4.0, 0.6 * 2 * 0.5], [0.6 * 2 * 0.5, 0.25]])
    got = linear_shapley(cov, [np.array([0]), np.array([1])], np.array([1.0, 3.0]))
    np.testing.assert_allclose(got, owen_prieur_two(1.0, 3.0, 2.0, 0.5, 0.6), atol=1e-12)


@pytest.mark.parametrize("n_perm", [None, 3000])
def test_linear_gaussian_model_matches_the_closed_form(n_perm):
    # N_SE = 3 standard errors per input; the effects sum to 1 to rounding.
    cov, blocks, b = linear_case()
    truth = linear_shapley(cov, blocks, b)
    inputs = GaussianInputs(cov, blocks=blocks, names=["a", "b", "c"])
    table = shapley_effects(inputs, lambda x: x @ b, n_outer=None if n_perm else 3000,
                            n_perm=n_perm, n_var=20_000, seed=7)
    assert table["effect"].sum() == pytest.approx(1.0, abs=1e-12)
    z = (table["effect"].to_numpy() - truth) / table["se"].to_numpy()
    assert np.all(np.abs(z) < N_SE), (table, truth)
    # the full first-order and total indices, where estimated, match theirs too
    total_y = float(b @ cov @ b)
    first = [1 - conditional_variance(cov, blocks, [j for j in range(3) if j != i], b)
             / total_y for i in range(3)]
    total = [conditional_variance(cov, blocks, [i], b) / total_y for i in range(3)]
    for col, exact in (("first_order", first), ("total", total)):
        err = (table[col].to_numpy() - exact) / table[f"{col}_se"].to_numpy()
        assert np.all(np.abs(err[np.isfinite(err)]) < N_SE), (col, table[col], exact)


@pytest.mark.parametrize("n_perm", [None, 300])
def test_standard_errors_are_calibrated(n_perm):
    # 40 independent runs: the spread of the estimates is what the reported SE says
    # (ratio within 0.7–1.4; the sd of 40 draws is itself uncertain by about 11 %),
    # and at least 85 % of the 95 % intervals hold the truth (expected 95 %).
    cov, blocks, b = linear_case()
    truth = linear_shapley(cov, blocks, b)
    inputs = GaussianInputs(cov, blocks=blocks)
    runs = [shapley_effects(inputs, lambda x: x @ b, n_outer=None if n_perm else 150,
                            n_perm=n_perm, n_var=2000, seed=s) for s in range(40)]
    est = np.array([r["effect"].to_numpy() for r in runs])
    se = np.array([r["se"].to_numpy() for r in runs])
    ratio = est.std(axis=0, ddof=1) / se.mean(axis=0)
    assert np.all((ratio > 0.7) & (ratio < 1.4)), ratio
    covered = np.array([(r["low"] <= truth) & (truth <= r["high"]) for r in runs])
    assert covered.mean() >= 0.85


def test_correlated_pair_shares_credit_as_the_theory_says():
    # Equal coefficients, correlation 0.9: equal effects (3 SE of their difference);
    # a correlated input with coefficient 0 still gets rho^2 / 2 (Owen & Prieur 2017).
    cov = np.array([[1.0, 0.9, 0.0], [0.9, 1.0, 0.0], [0.0, 0.0, 1.0]])
    inputs = GaussianInputs(cov, names=["x1", "x2", "x3"])
    table = shapley_effects(inputs, lambda x: x[:, 0] + x[:, 1] + 0.5 * x[:, 2],
                            n_outer=2000, seed=3)
    e, s = table["effect"], table["se"]
    assert abs(e["x1"] - e["x2"]) < N_SE * math.hypot(s["x1"], s["x2"])
    truth = linear_shapley(cov, [np.array([i]) for i in range(3)], np.array([1, 1, 0.5]))
    assert truth[0] == pytest.approx(truth[1])
    assert np.all(np.abs(e.to_numpy() - truth) < N_SE * s.to_numpy())

    pair = GaussianInputs([[1.0, 0.9], [0.9, 1.0]], names=["in", "out"])
    table = shapley_effects(pair, lambda x: x[:, 0], n_outer=2000, seed=4)
    expected = owen_prieur_two(1.0, 0.0, 1.0, 1.0, 0.9)
    assert expected[1] == pytest.approx(0.9 ** 2 / 2)
    assert np.all(np.abs(table["effect"].to_numpy() - expected)
                  < N_SE * table["se"].to_numpy())
    assert table.loc["out", "total"] == pytest.approx(0.0, abs=1e-12)  # never used by Y


# --------------------------------------------------------------------------- the copula


def recursion_covariance(sc):
    """The scores' covariance propagated from the scenario's matrices (another route).

    z_0 ~ N(0, R); z_t = D_t z_{t-1} + S_t u_t with D_t = diag(rho_t),
    S_t = diag(sqrt(1 - rho_t^2)) and Cov(u_t) the innovation correlation.
    """
    R = sc.correlation_matrix().to_numpy()
    rho, Re = sc.persistence_vector(), sc.innovation_correlation()
    n_d, n_y = R.shape[0], len(sc.years) - 1
    C = {(0, 0): R}
    for t in range(1, n_y):
        D, S = np.diag(rho[t - 1]), np.diag(np.sqrt(1 - rho[t - 1] ** 2))
        C[t, t] = D @ C[t - 1, t - 1] @ D + S @ Re[t - 1] @ S
        for s in range(t):
            C[t, s] = D @ C[t - 1, s]
            C[s, t] = C[t, s].T
    out = np.empty((n_d * n_y, n_d * n_y))
    for (t, s), m in C.items():
        out[t::n_y, s::n_y] = m  # rows j * n_y + t
    return out


def copula_scenario():
    return hpf.Scenario(
        growth={"grdp_real": hpf.Normal(0.10, 0.02), "grdp_deflator": hpf.Normal(0.03, 0.01),
                "port_cargo": hpf.Normal(0.10, 0.05)},
        correlation={("grdp_real", "grdp_deflator"): 0.6, ("grdp_real", "port_cargo"): 0.4},
        persistence={"grdp_real": 0.5, "grdp_deflator": 0.2, "port_cargo": 0.4},
        base_values={"grdp_real": 100.0, "grdp_deflator": 1.0, "port_cargo": 200.0})


def level_scenario():
    """Growth and a Level (FDI) correlated, with different persistence."""
    return hpf.Scenario(
        growth={"grdp_real": hpf.Normal(0.10, 0.02)},
        levels={"fdi_registered": hpf.Level(median=3.0, sd=0.3, persistence=0.4)},
        correlation={("grdp_real", "fdi_registered"): 0.5}, persistence={"grdp_real": 0.2},
        base_values={"grdp_real": 100.0})


@pytest.mark.parametrize("make", [copula_scenario, level_scenario])
def test_score_covariance_is_the_engines(make):
    sc = make()
    plan = make_plan(sc)
    cov = score_covariance(plan)
    np.testing.assert_allclose(cov, recursion_covariance(sc), atol=1e-12)
    np.testing.assert_allclose(np.diag(cov), 1.0, atol=1e-12)
    # and the engine's simulated scores have it: a correlation estimated from n pairs
    # has SE (1 - r^2) / sqrt(n) <= 1 / sqrt(n); allowed 4 of them.
    n = 20_000
    e = np.random.default_rng(0).standard_normal((plan.n_years, n, len(plan.drivers)))
    z = scores_from_normals(plan, e).transpose(1, 2, 0).reshape(n, -1)
    assert np.abs(np.corrcoef(z.T) - cov).max() < 4 / math.sqrt(n)


def test_score_covariance_example_rho_powers():
    sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.13, 0.02)}, persistence=0.5,
                      base_values={"grdp_real": 100.0}, end_year=2028)
    np.testing.assert_allclose(score_covariance(make_plan(sc))[0], [1.0, 0.5, 0.25])


# --------------------------------------------------------------------------- scenarios


def test_correlated_drivers_with_the_same_assumptions_get_equal_effects():
    # Nominal GRDP = real x deflator is symmetric in two drivers with the same growth
    # assumption: effects 0.5 each (within 3 SE), though they are correlated 0.9.
    same = hpf.Normal(0.05, 0.02)
    sc = hpf.Scenario(growth={"grdp_real": same, "grdp_deflator": same},
                      correlation={("grdp_real", "grdp_deflator"): 0.9}, persistence=0.3,
                      base_values={"grdp_real": 100.0, "grdp_deflator": 1.0})
    t = hpf.Target.level("grdp_nominal", 2030, 100.0 * 1.05 ** 10)
    table = hpf.shapley(sc, t, n_outer=1500, n_var=8000, seed=11)
    assert list(table.index) == ["grdp_deflator", "grdp_real"]
    assert np.all(np.abs(table["effect"] - 0.5) < N_SE * table["se"])
    assert table["effect"].sum() == pytest.approx(1.0, abs=1e-12)


def test_sobol_bounds_shapley_for_independent_drivers():
    # Independent inputs: first_order <= Shapley <= total (Sobol), allowed 3 SE of the
    # difference; the Sobol SE is the width of its 95 % bootstrap interval / 3.92.
    # Shapley's own first-order and total indices match Sobol's within 3 SE too.
    sc = hpf.Scenario(
        growth={"grdp_real": hpf.Normal(0.10, 0.02), "grdp_deflator": hpf.Normal(0.03, 0.015),
                "vnd_per_usd": hpf.Normal(0.02, 0.02), "population": 0.01},
        base_values={"grdp_real": 100.0, "grdp_deflator": 1.0, "vnd_per_usd": 25.0,
                     "population": 4.0e6})
    median = 1e3 * (1.10 * 1.03 / (1.02 * 1.01)) ** 5          # USD per person in 2030
    t = hpf.Target.level("grdp_per_capita_usd", 2030, median)
    sob = hpf.sobol(sc, t, n=4096, seed=5, n_bootstrap=200).set_index("group")
    sh = hpf.shapley(sc, t, n_outer=1024, seed=6)
    assert sh.attrs["fixed_drivers"] == ("population",)
    assert list(sh.index) == ["grdp_deflator", "grdp_real", "vnd_per_usd"]
    for d, row in sh.iterrows():
        s = sob.loc[d]
        se_first = (s["first_order_high"] - s["first_order_low"]) / 3.92
        se_total = (s["total_high"] - s["total_low"]) / 3.92
        assert row["effect"] > s["first_order"] - N_SE * math.hypot(row["se"], se_first)
        assert row["effect"] < s["total"] + N_SE * math.hypot(row["se"], se_total)
        assert abs(row["first_order"] - s["first_order"]) < N_SE * math.hypot(
            row["first_order_se"], se_first)
        assert abs(row["total"] - s["total"]) < N_SE * math.hypot(row["total_se"], se_total)
    # The statistic (per-capita GDP in USD, a product of small moves) is nearly
    # additive: Shapley close to the first order (within 3 SE of the difference).
    st = hpf.shapley(sc, t, output="statistic", n_outer=1024, seed=6)
    assert np.all(np.abs(st["effect"] - st["first_order"])
                  < N_SE * np.hypot(st["se"], st["first_order_se"]))
    assert st.attrs["output"] == "statistic"


def test_table_attrs_and_reproducibility():
    sc = copula_scenario()
    t = hpf.Target.level("port_cargo", 2030, 320.0)
    a = hpf.shapley(sc, t, n_outer=64, n_var=2000, seed=1, max_se=1.0)
    b = hpf.shapley(sc, [t], n_outer=64, n_var=2000, seed=1, max_se=1.0)
    assert a.equals(b)
    assert list(a.columns) == ["effect", "se", "low", "high", "first_order",
                               "first_order_se", "total", "total_se"]
    assert a.attrs["seed"] == 1 and a.attrs["target"] == t.name
    assert a.attrs["n_evaluations"] == 6 * 64 * 3 + 2000
    assert 0 < a.attrs["mean"] < 1 and a.attrs["variance"] > 0
    assert "exact permutations" in a.attrs["method"] and "not a bootstrap" in a.attrs["error"]
    # real growth does not enter cargo but is correlated with it: a share, no total
    assert a.loc["grdp_real", "effect"] > 0 and a.loc["grdp_real", "total"] == 0.0
    r = hpf.shapley(sc, t, n_perm=200, n_var=2000, seed=2, max_se=1.0)
    assert r.attrs["n_perm"] == 200 and "200 random orderings" in r.attrs["method"]
    assert r["effect"].sum() == pytest.approx(1.0, abs=1e-12)
    gen = hpf.shapley(sc, t, n_outer=8, n_var=1000, seed=np.random.default_rng(3),
                      max_se=1.0)
    assert isinstance(gen.attrs["seed"], int)


def test_one_uncertain_driver_gets_everything():
    sc = hpf.Scenario(growth={"port_cargo": hpf.Normal(0.10, 0.05), "grdp_real": 0.1},
                      base_values={"port_cargo": 200.0, "grdp_real": 100.0})
    table = hpf.shapley(sc, hpf.Target.level("port_cargo", 2030, 320.0), n_var=2000, seed=1)
    assert table.index.tolist() == ["port_cargo"]
    assert table.loc["port_cargo", "effect"] == 1.0 and table.loc["port_cargo", "se"] == 0.0
    assert table.attrs["fixed_drivers"] == ("grdp_real",)


# --------------------------------------------------------------------------- bad input


def test_bad_arguments_are_named():
    sc = copula_scenario()
    t = hpf.Target.level("port_cargo", 2030, 320.0)
    with pytest.raises(TypeError, match="scenario must be an hpforecast.Scenario"):
        hpf.shapley("plan", t)
    with pytest.raises(ValueError, match="output must be one of 'probability', 'statistic'"):
        hpf.shapley(sc, t, output="mean")
    with pytest.raises(ValueError, match="n_inner must be >= 2; got 1"):
        hpf.shapley(sc, t, n_inner=1)
    with pytest.raises(ValueError, match="n_outer must be >= 1; got 0"):
        hpf.shapley(sc, t, n_outer=0)
    with pytest.raises(ValueError, match="n_outer must be >= 2 with every ordering"):
        hpf.shapley(sc, t, n_outer=1)
    with pytest.raises(ValueError, match="n_perm must be >= 2; got 1"):
        hpf.shapley(sc, t, n_perm=1)
    with pytest.raises(TypeError, match="n_var must be an integer"):
        hpf.shapley(sc, t, n_var=1e4)
    with pytest.raises(ValueError, match="confidence must be < 1.0"):
        hpf.shapley(sc, t, confidence=1.0, n_outer=2, n_var=10)
    with pytest.raises(ValueError, match="max_se must be > 0.0"):
        hpf.shapley(sc, t, max_se=0)
    with pytest.raises(TypeError, match="seed must be None, a non-negative integer"):
        hpf.shapley(sc, t, seed="x", n_outer=2, n_var=10)
    with pytest.raises(ValueError, match="target must be one Target; got 2 targets"):
        hpf.shapley(sc, [t, t])
    with pytest.raises(TypeError, match="targets must be a Target"):
        hpf.shapley(sc, "port_cargo_2030")
    with pytest.raises(ValueError, match="cannot be evaluated on scenario"):
        hpf.shapley(sc, hpf.load_targets()["grdp_per_capita_usd_2030"])
    fixed = hpf.Scenario(growth={"port_cargo": 0.1}, base_values={"port_cargo": 200.0})
    with pytest.raises(ValueError, match="has no uncertain driver"):
        hpf.shapley(fixed, t)


def test_bad_sampler_and_model_are_named():
    with pytest.raises(ValueError, match="cov must be a square matrix"):
        GaussianInputs([1.0, 2.0])
    with pytest.raises(ValueError, match="cov must be positive semi-definite"):
        GaussianInputs([[1.0, 2.0], [2.0, 1.0]])
    with pytest.raises(ValueError, match="cov must be finite and symmetric"):
        GaussianInputs([[1.0, 0.5], [0.2, 1.0]])
    with pytest.raises(ValueError, match="blocks must give every column 0–1 exactly once"):
        GaussianInputs(np.eye(2), blocks=[[0], [0]])
    with pytest.raises(ValueError, match="names must be 2 distinct names"):
        GaussianInputs(np.eye(2), names=["a", "a"])
    inputs = GaussianInputs(np.eye(2))
    with pytest.raises(TypeError, match="inputs must have names, sample and resample"):
        shapley_effects(np.eye(2), lambda x: x[:, 0])
    with pytest.raises(TypeError, match="model must be a function"):
        shapley_effects(inputs, 3)
    with pytest.raises(ValueError, match=r"model must return one value per row, shape \(10,\)"):
        shapley_effects(inputs, lambda x: x, n_var=10)
    with pytest.raises(ValueError, match="model returned 10 non-finite value"):
        shapley_effects(inputs, lambda x: np.full(len(x), np.inf), n_var=10)


def test_imprecise_or_undefined_effects_warn():
    sc = copula_scenario()
    never = hpf.Target.level("port_cargo", 2030, 1e6)
    with pytest.warns(hpf.ShortSampleWarning, match="no variance on the 500 paths"):
        table = hpf.shapley(sc, never, n_outer=8, n_var=500, seed=1)
    assert table["effect"].isna().all()
    t = hpf.Target.level("port_cargo", 2030, 320.0)
    with pytest.warns(hpf.ShortSampleWarning, match=r"n_var·p·\(1−p\) = \d+ < 100"):
        hpf.shapley(sc, t, n_outer=8, n_var=100, seed=1, max_se=1.0)
    with pytest.warns(hpf.ShortSampleWarning, match=r"standard error is [\d.]+ \(> max_se=0.01\)"):
        hpf.shapley(sc, t, n_outer=8, n_var=2000, seed=1, max_se=0.01)
    with warnings.catch_warnings():
        warnings.simplefilter("error", hpf.ShortSampleWarning)
        hpf.shapley(sc, t, n_outer=512, n_var=4000, seed=1, max_se=0.1)


def test_an_uncertain_base_is_an_input_of_its_own():
    # Cargo in 2030 = base × growth factor G, independent: the two-input closed form
    # Sh_B = [Var E(Y|B) + Var Y − Var E(Y|G)] / (2 Var Y) with E, Var of B ~ N(213, 8)
    # and G = prod (1 + g_t), g_t iid N(0.10, 0.05) (persistence 0). Allowed 3 SE.
    sc = hpf.Scenario(growth={"port_cargo": hpf.Normal(0.10, 0.05)},
                      base_values={"port_cargo": hpf.Normal(213.0, 8.0)})
    t = hpf.Target.level("port_cargo", 2030, 340.0)
    table = hpf.shapley(sc, t, output="statistic", n_outer=3000, n_var=20_000, seed=8)
    assert list(table.index) == ["port_cargo", "base:port_cargo"]
    eb, vb = 213.0, 8.0 ** 2
    eg, eg2 = 1.1 ** 5, (1.1 ** 2 + 0.05 ** 2) ** 5
    var_y = (vb + eb ** 2) * eg2 - eb ** 2 * eg ** 2
    sh_b = (vb * eg ** 2 + var_y - eb ** 2 * (eg2 - eg ** 2)) / (2 * var_y)
    assert abs(table.loc["base:port_cargo", "effect"] - sh_b) < N_SE * table.loc[
        "base:port_cargo", "se"]
    assert table.attrs["fixed_drivers"] == ()
    # a fixed growth leaves the base as the only input
    only = hpf.shapley(sc.replace(growth={"port_cargo": 0.1}), t, n_var=2000, seed=1)
    assert list(only.index) == ["base:port_cargo"] and only["effect"].iloc[0] == 1.0
