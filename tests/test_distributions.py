"""Tests for hpforecast.distributions.

Numerical truth comes from independent routes: the METHODS.md formulas re-implemented here
with scipy.stats, quadrature of the density, scipy.stats.t, and seeded simulation checked
with a KS test and a standard-error bound.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from hpforecast.distributions import (
    Normal,
    StudentT,
    TwoPieceNormal,
    _bank_gamma,
    _split_scales,
    as_marginal,
    from_dict,
)

KS_P_MIN = 1e-3  # a correct sampler fails this KS test one time in a thousand
N_SAMPLE = 200_000

TPN_CASES = [
    TwoPieceNormal(mode=0.10, sd=0.02, skew=-0.4),
    TwoPieceNormal(mode=0.07, sd=0.015, skew=0.635),
    TwoPieceNormal(mode=-0.02, sd=0.05, skew=0.95),
]


# ---------------------------------------------------------------- independent truth


def tpn_density(x: float, mode: float, s1: float, s2: float) -> float:
    """METHODS.md: C exp(-(x - mu)^2 / (2 s^2)), C = sqrt(2/pi) / (s1 + s2)."""
    c = math.sqrt(2 / math.pi) / (s1 + s2)
    s = s1 if x <= mode else s2
    return c * math.exp(-((x - mode) ** 2) / (2 * s * s))


def tpn_quantile(p: float, mode: float, s1: float, s2: float) -> float:
    """METHODS.md quantile, written out with scipy.stats.norm."""
    if p <= s1 / (s1 + s2):
        return mode + s1 * stats.norm.ppf(p * (s1 + s2) / (2 * s1))
    return mode + s2 * stats.norm.ppf((p * (s1 + s2) + s2 - s1) / (2 * s2))


def scales(sd: float, gamma: float) -> tuple[float, float]:
    return sd / math.sqrt(1 + gamma), sd / math.sqrt(1 - gamma)


# ------------------------------------------------------------------ two-piece normal


@pytest.mark.parametrize("d", TPN_CASES)
def test_tpn_scales_follow_the_bank_parametrisation(d):
    s1, s2 = scales(d.sd, d.skew)
    assert d.sigma_left == pytest.approx(s1, rel=1e-15)
    assert d.sigma_right == pytest.approx(s2, rel=1e-15)


@pytest.mark.parametrize("d", TPN_CASES)
def test_tpn_ppf_matches_methods_formula(d):
    s1, s2 = scales(d.sd, d.skew)
    ps = [1e-6, 0.01, 0.05, 0.2, s1 / (s1 + s2), 0.5, 0.7, 0.95, 0.999]
    expected = [tpn_quantile(p, d.mode, s1, s2) for p in ps]
    np.testing.assert_allclose(d.ppf(np.array(ps)), expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("d", TPN_CASES)
def test_tpn_from_normal_scores_matches_methods_formula(d):
    s1, s2 = scales(d.sd, d.skew)
    z = np.linspace(-6, 6, 241)
    # Phi(z) rounds near 1, so the upper half uses the mirror image: -X is split normal
    # with mode -mode and the scales swapped, and Q_X(Phi(z)) = -Q_{-X}(Phi(-z)).
    expected = [
        tpn_quantile(stats.norm.cdf(v), d.mode, s1, s2)
        if v <= 0
        else -tpn_quantile(stats.norm.cdf(-v), -d.mode, s2, s1)
        for v in z
    ]
    np.testing.assert_allclose(d.from_normal_scores(z), expected, rtol=1e-9, atol=1e-14)


@pytest.mark.parametrize("d", TPN_CASES)
def test_tpn_cdf_inverts_ppf(d):
    q = np.linspace(0.001, 0.999, 101)
    np.testing.assert_allclose(d.cdf(d.ppf(q)), q, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("d", TPN_CASES)
def test_tpn_mean_and_variance_by_quadrature(d):
    s1, s2 = scales(d.sd, d.skew)

    def moment(k, centre=0.0):
        left = integrate.quad(
            lambda x: (x - centre) ** k * tpn_density(x, d.mode, s1, s2), -np.inf, d.mode
        )[0]
        right = integrate.quad(
            lambda x: (x - centre) ** k * tpn_density(x, d.mode, s1, s2), d.mode, np.inf
        )[0]
        return left + right

    assert moment(0) == pytest.approx(1.0, abs=1e-10)
    mean = moment(1)
    assert d.mean == pytest.approx(mean, rel=1e-9, abs=1e-12)
    assert d.std == pytest.approx(math.sqrt(moment(2, centre=mean)), rel=1e-8)


@pytest.mark.parametrize("d", TPN_CASES)
def test_tpn_probability_below_mode(d):
    s1, s2 = scales(d.sd, d.skew)
    assert float(d.cdf(d.mode)) == pytest.approx(s1 / (s1 + s2), rel=1e-14)
    below = integrate.quad(lambda x: tpn_density(x, d.mode, s1, s2), -np.inf, d.mode)[0]
    assert below == pytest.approx(s1 / (s1 + s2), rel=1e-9)


@pytest.mark.parametrize("d", TPN_CASES)
def test_tpn_hdi_has_coverage_and_equal_density_ends(d):
    s1, s2 = scales(d.sd, d.skew)
    for c in (0.3, 0.6, 0.9):
        lo, hi = d.hdi(c)
        assert float(d.cdf(hi) - d.cdf(lo)) == pytest.approx(c, rel=1e-12)
        assert tpn_density(lo, d.mode, s1, s2) == pytest.approx(
            tpn_density(hi, d.mode, s1, s2), rel=1e-12
        )
        # a highest-density band is never wider than the equal-tailed one
        elo, ehi = d.interval(c)
        assert hi - lo <= ehi - elo + 1e-15


@pytest.mark.parametrize("d", TPN_CASES)
def test_tpn_interval_is_equal_tailed(d):
    s1, s2 = scales(d.sd, d.skew)
    lo, hi = d.interval(0.8)
    assert lo == pytest.approx(tpn_quantile(0.1, d.mode, s1, s2), rel=1e-12)
    assert hi == pytest.approx(tpn_quantile(0.9, d.mode, s1, s2), rel=1e-12)
    assert d.median == pytest.approx(tpn_quantile(0.5, d.mode, s1, s2), rel=1e-12)


def test_tpn_with_zero_skew_equals_normal():
    t = TwoPieceNormal(mode=0.08, sd=0.02)
    n = Normal(mean=0.08, sd=0.02)
    z = np.random.default_rng(7).standard_normal(1000)
    np.testing.assert_array_equal(t.from_normal_scores(z), n.from_normal_scores(z))
    q = np.linspace(0.01, 0.99, 99)
    np.testing.assert_allclose(t.ppf(q), n.ppf(q), rtol=1e-14)
    np.testing.assert_allclose(t.cdf(n.ppf(q)), q, rtol=1e-13)
    assert t.mean == n.mean and t.std == pytest.approx(n.std, rel=1e-15)
    assert t.hdi(0.9) == pytest.approx(n.interval(0.9), rel=1e-14)


# --------------------------------------------------- the Bank's published (mode, sd, skew)


def test_methods_check_values_scale_free():
    # METHODS.md: gamma = 0.635, sd = 1.55 gives s1 = 1.212, s2 = 2.566, mean - mode = 1.080
    s1, s2 = _split_scales(1.55, 0.635)
    assert s1 == pytest.approx(1.212, abs=1e-3)
    assert s2 == pytest.approx(2.566, abs=1e-3)
    assert math.sqrt(2 / math.pi) * (s2 - s1) == pytest.approx(1.080, abs=1e-3)
    assert _bank_gamma(1.080 / 1.55) == pytest.approx(0.635, abs=1e-3)


def test_methods_check_values_through_public_api():
    # same numbers in fractions (percentage points / 100): the map is scale-free
    d = TwoPieceNormal.from_mean_minus_mode(mode=0.02, sd=0.0155, mean_minus_mode=0.0108)
    assert d.skew == pytest.approx(0.635, abs=1e-3)
    assert d.sigma_left == pytest.approx(0.01212, abs=1e-5)
    assert d.sigma_right == pytest.approx(0.02566, abs=1e-5)
    assert d.mean - d.mode == pytest.approx(0.0108, abs=1e-12)


def test_bank_gamma_matches_published_formula_literally():
    # (the literal form loses digits to cancellation for small s; the module's does not)
    for s in (0.1, 0.6968, 2.0, 10.0, -0.5):
        x = math.pi * s * s
        literal = math.copysign(math.sqrt(1 - 4 * ((math.sqrt(1 + x) - 1) / x) ** 2), s)
        assert _bank_gamma(s) == pytest.approx(literal, rel=1e-9)
    assert _bank_gamma(0.0) == 0.0


@pytest.mark.parametrize("m", [-0.03, -0.004, -1e-7, 0.0, 1e-7, 0.002, 0.0108, 0.05])
def test_bank_form_round_trip(m):
    d = TwoPieceNormal.from_mean_minus_mode(mode=0.07, sd=0.0155, mean_minus_mode=m)
    assert d.mode == 0.07 and d.sd == 0.0155
    assert d.mean - d.mode == pytest.approx(m, rel=1e-9, abs=1e-15)
    assert np.sign(d.skew) == np.sign(m)


def test_bank_form_with_zero_sd():
    d = TwoPieceNormal.from_mean_minus_mode(0.05, 0.0, 0.0)
    assert d.is_degenerate and d.skew == 0.0
    with pytest.raises(ValueError, match=re.escape("must be 0 when sd is 0; got 0.01.")):
        TwoPieceNormal.from_mean_minus_mode(0.05, 0.0, 0.01)


def test_bank_form_rejects_unrepresentable_skew():
    with pytest.raises(ValueError, match=r"mean_minus_mode is too large .*got 0\.01\."):
        TwoPieceNormal.from_mean_minus_mode(0.05, 1e-12, 0.01)


# ---------------------------------------------------------------------- Student t


@pytest.mark.parametrize("df", [0.7, 1.0, 2.5, 4.0, 30.0, 1e6])
def test_student_t_matches_scipy(df):
    d = StudentT(mean=0.06, scale=0.01, df=df)
    q = np.array([1e-10, 1e-4, 0.01, 0.2, 0.5, 0.8, 0.99, 1 - 1e-4])
    np.testing.assert_allclose(d.ppf(q), 0.06 + 0.01 * stats.t.ppf(q, df), rtol=1e-9)
    z = np.linspace(-7, 7, 57)
    # reference through scipy.stats, using norm.sf for z > 0 (norm.cdf rounds near 1)
    ref = np.where(z <= 0, stats.t.ppf(stats.norm.cdf(z), df), stats.t.isf(stats.norm.sf(z), df))
    np.testing.assert_allclose(d.from_normal_scores(z), 0.06 + 0.01 * ref, rtol=1e-8)
    x = np.linspace(-0.1, 0.2, 31)
    np.testing.assert_allclose(d.cdf(x), stats.t.cdf(x, df, loc=0.06, scale=0.01), rtol=1e-12)


def test_student_t_upper_tail_keeps_precision():
    # Phi(7) rounds to 1 - 1.3e-12 in double precision; the symmetric route does not
    d = StudentT(mean=0.0, scale=0.01, df=5)
    assert d.from_normal_scores(7.0) == pytest.approx(
        -0.01 * stats.t.ppf(stats.norm.cdf(-7.0), 5), rel=1e-10
    )


def test_student_t_quantile_ends_and_moments():
    d = StudentT(mean=0.05, scale=0.01, df=3)
    assert d.ppf(0.0) == -np.inf and d.ppf(1.0) == np.inf
    assert np.isnan(d.ppf(1.5)) and np.isnan(d.ppf(-0.5))
    assert d.median == 0.05
    assert d.std == pytest.approx(stats.t.std(3, scale=0.01), rel=1e-14)
    assert StudentT(0.05, 0.01, 2.0).std == math.inf
    assert math.isnan(StudentT(0.05, 0.01, 1.0).std)


def test_student_t_tiny_df_tail_is_the_power_law():
    # stdtrit is unreliable here; P(T < -t) ~ K t^-df with K from the t density
    df = 0.05
    d = StudentT(mean=0.0, scale=1.0, df=df)
    t = -float(d.from_normal_scores(-8.0))
    k = math.exp(
        math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    ) * df ** ((df - 1) / 2)
    assert math.log(k * t**-df) == pytest.approx(stats.norm.logcdf(-8.0), rel=1e-10)


# ------------------------------------------------- sampling through the Gaussian copula

SAMPLING_CASES = [
    Normal(mean=0.13, sd=0.015),
    TwoPieceNormal(mode=0.10, sd=0.02, skew=-0.5),
    TwoPieceNormal(mode=0.10, sd=0.02, skew=0.8),
    StudentT(mean=0.08, scale=0.01, df=5),
]


@pytest.mark.parametrize("d", SAMPLING_CASES, ids=lambda d: type(d).__name__)
def test_from_normal_scores_sample_has_the_stated_marginal(d):
    z = np.random.default_rng(20300101).standard_normal(N_SAMPLE)
    g = d.from_normal_scores(z)
    assert stats.kstest(g, d.cdf).pvalue > KS_P_MIN
    se = d.std / math.sqrt(N_SAMPLE)
    assert abs(g.mean() - d.mean) < 4 * se


def test_from_normal_scores_keeps_shape():
    z = np.zeros((3, 4, 5))
    for d in SAMPLING_CASES:
        assert d.from_normal_scores(z).shape == (3, 4, 5)


def test_normal_from_normal_scores_is_exactly_linear():
    z = np.random.default_rng(3).standard_normal(100)
    d = Normal(0.13, 0.015)
    np.testing.assert_array_equal(d.from_normal_scores(z), 0.13 + 0.015 * z)


@pytest.mark.parametrize(
    "d",
    [
        Normal(0.1, 0.02),
        TwoPieceNormal(0.1, 0.02, -0.99),
        TwoPieceNormal(0.1, 0.02, 0.99),
        StudentT(0.1, 0.02, 0.5),
        StudentT(0.1, 0.02, 3.0),
        StudentT(0.1, 0.02, 1e9),
    ],
)
def test_extreme_scores_are_finite_and_ordered(d):
    g = d.from_normal_scores(np.array([-8.0, -1.0, 0.0, 1.0, 8.0]))
    assert np.all(np.isfinite(g))
    assert np.all(np.diff(g) > 0)


def test_degenerate_marginals_are_point_masses():
    for d in (Normal(0.07, 0.0), TwoPieceNormal(0.07, 0.0, 0.5), StudentT(0.07, 0.0, 3)):
        assert d.is_degenerate
        z = np.array([-8.0, 0.0, 8.0, np.nan])
        g = d.from_normal_scores(z)
        np.testing.assert_array_equal(g[:3], 0.07)
        assert np.isnan(g[3])
        np.testing.assert_array_equal(d.cdf(np.array([0.06, 0.07, 0.08])), [0.0, 1.0, 1.0])
        assert d.ppf(0.3) == 0.07 and d.mean == 0.07 and d.std == 0.0
    assert not Normal(0.07, 0.01).is_degenerate


# ------------------------------------------------------------ monotonicity (property)

locations = st.floats(-1.0, 1.0)
spreads = st.floats(0.0, 1.0)
skews = st.floats(-1.0, 1.0, exclude_min=True, exclude_max=True)
dfs = st.floats(1e-3, 1e12)
marginals = st.one_of(
    st.builds(Normal, locations, spreads),
    st.builds(TwoPieceNormal, locations, spreads, skews),
    st.builds(StudentT, locations, spreads, dfs),
)


@settings(max_examples=300, deadline=None)
@given(
    d=marginals,
    z=st.lists(st.floats(-40.0, 40.0), min_size=2, max_size=50),
)
def test_from_normal_scores_is_monotone(d, z):
    g = d.from_normal_scores(np.sort(np.array(z)))
    assert not np.any(np.isnan(g))
    assert np.all(g[1:] >= g[:-1])  # comparisons, not diff: equal infinities are fine


# ------------------------------------------------------------------ what-if helpers


def test_shift_and_with_location_move_the_centre_only():
    cases = [
        (Normal(0.10, 0.02), "mean"),
        (TwoPieceNormal(0.10, 0.02, 0.3), "mode"),
        (StudentT(0.10, 0.02, 4), "mean"),
    ]
    for d, field in cases:
        assert d.location == 0.10
        s = d.shift(-0.03)
        assert type(s) is type(d) and getattr(s, field) == pytest.approx(0.07)
        assert s.location == pytest.approx(0.07)
        assert s.interval(0.9)[1] - s.interval(0.9)[0] == pytest.approx(
            d.interval(0.9)[1] - d.interval(0.9)[0], rel=1e-12
        )
        assert d.with_location(0.05).location == 0.05
        assert d.location == 0.10  # frozen: original untouched


def test_shift_checks_delta_and_new_location():
    d = Normal(0.10, 0.02)
    with pytest.raises(TypeError, match=re.escape("delta must be a real number; got 'x'")):
        d.shift("x")
    with pytest.raises(ValueError, match=re.escape("delta must be a finite number; got nan.")):
        d.shift(float("nan"))
    # distributions are unit-free; read as growth, the shifted one is refused
    with pytest.raises(ValueError, match=re.escape("got 5.1. Did you give a percentage?")):
        d.shift(5.0).check_growth()


# --------------------------------------------------------------- dicts and coercion


@pytest.mark.parametrize(
    "d", [Normal(0.13, 0.015), TwoPieceNormal(0.1, 0.02, -0.3), StudentT(0.08, 0.01, 5)]
)
def test_dict_round_trip(d):
    out = d.to_dict()
    assert out["dist"] in {"normal", "two_piece_normal", "student_t"}
    assert from_dict(out) == d


def test_to_dict_shape():
    assert Normal(0.13, 0.015).to_dict() == {"dist": "normal", "mean": 0.13, "sd": 0.015}


def test_from_dict_errors():
    with pytest.raises(ValueError, match=re.escape("dist must be one of")):
        from_dict({"dist": "gamma", "mean": 0.1})
    with pytest.raises(ValueError, match=r"missing \['sd'\], unexpected \['sigma'\]"):
        from_dict({"dist": "normal", "mean": 0.1, "sigma": 0.1})
    with pytest.raises(TypeError, match="expects a mapping; got list"):
        from_dict([("dist", "normal")])


def test_as_marginal():
    d = Normal(0.1, 0.01)
    assert as_marginal(d) is d
    assert as_marginal(0.07) == Normal(0.07, 0.0)
    assert as_marginal(0) == Normal(0.0, 0.0)
    assert as_marginal(np.float32(0.25)) == Normal(0.25, 0.0)
    with pytest.raises(TypeError, match="got str"):
        as_marginal("0.07")
    with pytest.raises(TypeError, match="got bool"):
        as_marginal(True)
    with pytest.raises(ValueError, match="Did you give a percentage"):
        as_marginal(7).check_growth()
    # unit-free: a base level in Mt is a valid distribution
    assert Normal(213.0, 8.0).median == 213.0


def test_numbers_are_stored_as_floats():
    d = StudentT(np.float64(0.1), 0, np.int64(4))
    assert all(type(v) is float for v in (d.mean, d.scale, d.df))


# ----------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("build", "exc", "message"),
    [
        # non-numbers
        (lambda: Normal("0.1", 0.01), TypeError, "mean must be a real number; got '0.1'"),
        (lambda: Normal(0.1, None), TypeError, "sd must be a real number; got None"),
        (lambda: Normal(True, 0.01), TypeError, "mean must be a real number; got True"),
        (lambda: TwoPieceNormal(0.1, 0.01, np.bool_(False)), TypeError, "skew must be a real"),
        (lambda: StudentT(0.1, 0.01, "5"), TypeError, "df must be a real number; got '5'"),
        # NaN and infinities
        (lambda: Normal(float("nan"), 0.01), ValueError, "mean must be a finite number; got nan."),
        (
            lambda: TwoPieceNormal(float("inf"), 0.01),
            ValueError,
            "mode must be a finite number; got inf.",
        ),
        (
            lambda: Normal(0.1, float("inf")),
            ValueError,
            "sd must be a non-negative finite number; got inf.",
        ),
        (
            lambda: StudentT(0.1, float("nan"), 3),
            ValueError,
            "scale must be a non-negative finite number; got nan.",
        ),
        (
            lambda: TwoPieceNormal(0.1, 0.01, float("nan")),
            ValueError,
            "skew must lie strictly between -1 and 1; got nan.",
        ),
        (
            lambda: StudentT(0.1, 0.01, float("inf")),
            ValueError,
            "df must be a positive finite number; got inf.",
        ),
        # ranges
        (
            lambda: Normal(0.1, -0.01),
            ValueError,
            "sd must be a non-negative finite number; got -0.01.",
        ),
        (
            lambda: TwoPieceNormal(0.1, -0.01),
            ValueError,
            "sd must be a non-negative finite number; got -0.01.",
        ),
        (
            lambda: StudentT(0.1, -0.01, 3),
            ValueError,
            "scale must be a non-negative finite number; got -0.01.",
        ),
        (
            lambda: TwoPieceNormal(0.1, 0.01, 1.2),
            ValueError,
            "skew must lie strictly between -1 and 1; got 1.2.",
        ),
        (
            lambda: TwoPieceNormal(0.1, 0.01, -1),
            ValueError,
            "skew must lie strictly between -1 and 1; got -1.0.",
        ),
        (
            lambda: StudentT(0.1, 0.01, 0),
            ValueError,
            "df must be a positive finite number; got 0.0.",
        ),
        (
            lambda: StudentT(0.1, 0.01, -2.5),
            ValueError,
            "df must be a positive finite number; got -2.5.",
        ),
        # percentages instead of fractions
        (
            lambda: (Normal(13, 1.5)).check_growth(""),
            ValueError,
            "mean must be a fraction per year, like 0.13; got 13.0. Did you give a percentage?",
        ),
        (
            lambda: (Normal(0.13, 1.5)).check_growth(""),
            ValueError,
            "sd must be a fraction per year, like 0.015; got 1.5. Did you give a percentage?",
        ),
        (
            lambda: (TwoPieceNormal(-7.5, 0.01)).check_growth(""),
            ValueError,
            "mode must be a fraction per year, like 0.13; got -7.5. Did you give a percentage?",
        ),
        (
            lambda: (StudentT(0.1, 2.0, 3)).check_growth(""),
            ValueError,
            "scale must be a fraction per year, like 0.015; got 2.0. Did you give a percentage?",
        ),
        (
            lambda: (StudentT(12.0, 0.01, 3)).check_growth(""),
            ValueError,
            "mean must be a fraction per year, like 0.13; got 12.0.",
        ),
        (
            lambda: (TwoPieceNormal.from_mean_minus_mode(0.1, 1.55, 0.01)).check_growth(""),
            ValueError,
            "sd must be a fraction per year, like 0.015; got 1.55",
        ),
        # coverage
        (
            lambda: Normal(0.1, 0.01).interval(90),
            ValueError,
            "coverage must lie strictly between 0 and 1; got 90.0. Did you give a percentage?",
        ),
        (
            lambda: TwoPieceNormal(0.1, 0.01).hdi(1.0),
            ValueError,
            "coverage must lie strictly between 0 and 1; got 1.0.",
        ),
        (
            lambda: StudentT(0.1, 0.01, 3).interval(0),
            ValueError,
            "coverage must lie strictly between 0 and 1; got 0.0.",
        ),
        (
            lambda: Normal(0.1, 0.01).interval("0.9"),
            TypeError,
            "coverage must be a real number; got '0.9'",
        ),
    ],
)
def test_validation_names_parameter_and_echoes_value(build, exc, message):
    with pytest.raises(exc, match=re.escape(message)):
        build()


def test_boundary_values_are_accepted():
    Normal(1.0, 1.0)
    Normal(-1.0, 0.0)
    TwoPieceNormal(0.1, 0.01, 0.999999)
    StudentT(0.1, 0.01, 1e-6)


def test_instances_are_frozen():
    d = Normal(0.1, 0.01)
    with pytest.raises(AttributeError):
        d.mean = 0.2  # type: ignore[misc]
