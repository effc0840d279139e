"""The nowcast (issue 15): partial-year data, the bridge, its backtest, the five-year update.

Numbers are checked against independent routes: statsmodels' own prediction intervals,
hand-computed OLS, the arithmetic of cumulative growth, an ensemble CRPS, and a by-hand
simulation of the scenario's AR(1) with the first year's distribution fixed.
"""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import hpforecast as hpf
from hpforecast import _i18n as L
from hpforecast.backtest import crps_ensemble
from hpforecast.data import annual_record, partial_record
from hpforecast.nowcast import condition_on_first_year, crps_student_t

pytestmark = pytest.mark.filterwarnings("ignore::hpforecast.ShortSampleWarning")

HEADLINE = "grdp_growth_2026_2030_hdnd"


@pytest.fixture(scope="module")
def plan():
    return hpf.scenarios.plan()


def _raw(**overrides) -> pd.DataFrame:
    row = {"indicator": "grdp_growth_real", "year": 2026, "period": "H1", "value": 0.118,
           "unit": "fraction", "kind": "estimate", "boundary": "merged_city",
           "release_date": "2026-07-05", "source": "GSO"}
    row.update(overrides)
    return pd.DataFrame([row])


# -------------------------------------------------------------------------- the data


def test_embedded_partial_year_schema():
    py = hpf.load_partial_year()
    assert len(py) == 127
    assert set(py["period"]) == {"Q1", "H1", "9M"}
    assert set(py["kind"]) == {"estimate"}
    assert py["source"].ne("").all() and py["release_date"].ne("").all()
    key = ["indicator", "year", "period", "boundary"]
    assert py.groupby(key)["preferred"].sum().eq(1).all()
    assert set(py["boundary"]) == {"old_city", "hai_duong", "merged_city"}
    # notes are our own words: nothing quoted from a source
    assert not py["note"].str.contains(r"(?:^|\s)['\"‘“]", regex=True).any()


def test_first_release_and_revisions():
    assert partial_record("grdp_growth_real", "Q1", boundary="old_city")[2022] == 0.1004
    assert partial_record("grdp_growth_real", "Q1", boundary="old_city",
                          vintage="preferred")[2022] == 0.0951
    assert partial_record("grdp_growth_real", "H1", boundary="hai_duong")[2024] == 0.10
    first = annual_record("grdp_growth_real", boundary="old_city", vintage="first")
    pref = annual_record("grdp_growth_real", boundary="old_city")
    assert (first[2020], pref[2020]) == (0.1122, 0.1061)
    assert first[2023] == pref[2023] == 0.1034  # no revision recorded


@pytest.mark.parametrize("change, match", [
    ({"period": "H2"}, "'period'.*not a period"),
    ({"value": 11.8}, "fraction.*percentage"),
    ({"kind": "actual"}, "'kind'.*not 'estimate'"),
    ({"unit": "fraction per year"}, "'unit'"),
    ({"indicator": "exports"}, "not a partial-year indicator"),
    ({"boundary": "hanoi"}, "'boundary'"),
    ({"release_date": "July 2026"}, "'release_date'.*not a date"),
    ({"release_date": "2026-03-31"}, "before the last month of H1 2026"),
    ({"qualifier": "roughly"}, "'qualifier'"),
    ({"value": -5.0, "indicator": "port_cargo", "unit": "Mt"}, "positive"),
])
def test_read_partial_year_refuses(change, match):
    with pytest.raises(ValueError, match=match):
        hpf.read_partial_year(_raw(**change))


def test_read_partial_year_preferred_and_columns():
    two = pd.concat([_raw(), _raw(value=0.12)])
    with pytest.raises(ValueError, match="mark exactly one"):
        hpf.read_partial_year(two)
    with pytest.raises(ValueError, match="missing required column.*'release_date'"):
        hpf.read_partial_year(_raw().drop(columns="release_date"))
    with pytest.raises(TypeError, match="data must be a path"):
        hpf.read_partial_year([1, 2])
    ok = hpf.read_partial_year(two.assign(preferred=[True, False]))
    assert ok["preferred"].tolist() == [True, False]


def test_period_weight_from_the_2018_release():
    w = hpf.period_weight("H1")
    assert w.value == pytest.approx(69421.2 / 1.1603 / 119698.9)
    assert 0.2 < hpf.period_weight("Q1").value < w.value < hpf.period_weight("9M").value < 0.9


# -------------------------------------------------------------------------- the bridge


def test_gap_bridge_is_hand_ols():
    b = hpf.fit_bridge("grdp_real", "H1")
    gap = (b.data["annual"] - b.data["partial"]).to_numpy()
    n = len(gap)
    assert b.params["intercept"] == pytest.approx(gap.mean())
    assert b.resid_sd == pytest.approx(gap.std(ddof=1))
    d = b.predict(0.118)
    assert d.mean == pytest.approx(0.118 + gap.mean())
    assert d.scale == pytest.approx(gap.std(ddof=1) * math.sqrt(1 + 1 / n))
    assert d.df == n - 1


@pytest.mark.parametrize("indicator, period, model, x", [
    ("grdp_real", "H1", "gap", 0.118), ("grdp_real", "9M", "slope", 0.115),
    ("grdp_real", "Q1", "slope", 0.10), ("budget_revenue", "H1", "ratio", 105_000.0),
])
def test_predictive_matches_statsmodels(indicator, period, model, x):
    b = hpf.fit_bridge(indicator, period, model=model)
    exog = b.exog(x)[None, :]
    frame = b.result.get_prediction(exog).summary_frame(alpha=0.2)
    lo, hi = frame["obs_ci_lower"].iloc[0], frame["obs_ci_upper"].iloc[0]
    if model == "gap":
        lo, hi = lo + x, hi + x
    elif model == "ratio":
        lo, hi = x * (1 + lo), x * (1 + hi)
    assert b.predict(x).interval(0.8) == pytest.approx((lo, hi), rel=1e-10)


def test_bridge_sample_and_warning():
    with pytest.warns(hpf.ShortSampleWarning, match="7 years"):
        b = hpf.fit_bridge("grdp_real", "H1")
    assert b.years == (2018, 2020, 2021, 2022, 2023, 2024, 2025)
    assert b.data.loc[2025, "boundary"] == "merged_city"
    assert b.data.loc[2020, "annual"] == 0.1122  # the first estimate, not the revised 0.1061
    pooled = hpf.fit_bridge("grdp_real", "H1", fit_on=("old_city", "hai_duong", "merged_city"))
    assert pooled.n == 12
    assert hpf.fit_bridge("grdp_real", "H1", vintage="preferred").data.loc[2020, "annual"] \
        == 0.1061


def test_crps_student_t_against_an_ensemble(rng):
    x = 0.12 + 0.01 * rng.standard_t(6, 400_000)
    for y in (0.105, 0.12, 0.15):
        assert crps_student_t(0.12, 0.01, 6, y) == pytest.approx(
            float(crps_ensemble(x[:4000], y)), rel=0.05)
    # large df: the normal's closed form
    assert crps_student_t(0.0, 1.0, 1e7, 0.3) == pytest.approx(
        0.3 * (2 * stats.norm.cdf(0.3) - 1) + 2 * stats.norm.pdf(0.3) - 1 / math.sqrt(math.pi),
        rel=1e-5)


# -------------------------------------------------------------------------- the backtest


def test_leave_one_year_out_must_show():
    """Issue 15: each past year from its own H1, record to 2025: the 80 % interval covers
    the outturn in 65–95 % of years, with CRPS below the naive rule."""
    bt = hpf.nowcast_backtest(period="H1")
    s = bt.summary.iloc[0]
    assert s["n"] == 7 and bt.table.index.max() == 2025
    assert 0.65 <= s["coverage"] <= 0.95
    assert s["crps"] < s["crps_naive"]


def test_backtest_is_out_of_sample():
    bt = hpf.nowcast_backtest(period="H1")
    data = hpf.fit_bridge("grdp_real", "H1").data
    gap = data["annual"] - data["partial"]
    for year, row in bt.table.iterrows():
        others = gap.drop(index=year)
        assert row["mean"] == pytest.approx(row["partial"] + others.mean())
        assert row["scale"] == pytest.approx(others.std(ddof=1) * math.sqrt(1 + 1 / len(others)))
        assert row["crps_naive"] == pytest.approx(abs(row["outturn"] - row["partial"]))
        lo, hi = stats.t.interval(0.8, len(others) - 1, loc=row["mean"], scale=row["scale"])
        assert row["covered"] == (lo <= row["outturn"] <= hi)


# -------------------------------------------------------------------------- the nowcast


def test_nowcast_numbers_and_remaining_months():
    nc = hpf.nowcast(2026, {"Q1": 0.09, "H1": 0.118})
    assert nc.period == "H1" and nc.threshold == 0.13 and nc.boundary == "merged_city"
    d = nc.marginal
    assert isinstance(d, hpf.StudentT) and d is nc.outcome
    assert nc.probability() == pytest.approx(stats.t.sf(0.13, d.df, d.mean, d.scale))
    rem = nc.remaining()
    w = nc.weight.value
    # the arithmetic, from levels: last year's output w (H1) + 1 - w (H2)
    r = rem.loc["deterministic", "remaining_growth"]
    assert w * 1.118 + (1 - w) * (1 + r) - 1 == pytest.approx(0.13)
    # for an 80 % chance the year's centre moves so that P(year >= plan) = 0.8
    centre = rem.loc["p=0.8", "year"]
    assert stats.t.sf(0.13, d.df, centre, d.scale) == pytest.approx(0.8)
    assert w * 1.118 + (1 - w) * (1 + rem.loc["p=0.8", "remaining_growth"]) - 1 \
        == pytest.approx(centre)
    assert rem.loc["p=0.5", "remaining_growth"] == pytest.approx(r)
    assert rem.loc["expected", "probability"] == pytest.approx(nc.probability())


def test_nowcast_flow_is_the_ratio_model():
    nc = hpf.nowcast(2026, {"H1": 105_000.0}, indicator="budget_revenue")
    b = nc.bridge
    ratio = (b.data["annual"] / b.data["partial"] - 1).mean()
    assert nc.outcome.mean == pytest.approx(105_000 * (1 + ratio))
    assert nc.previous == 190_379.0 and nc.previous_partial == 100_000.0
    rem = nc.remaining()
    assert rem.loc["deterministic", "remaining_amount"] == pytest.approx(194_935 - 105_000)
    assert rem.loc["deterministic", "remaining_growth"] == pytest.approx(
        (194_935 - 105_000) / (190_379 - 100_000) - 1)
    assert nc.marginal.mean == pytest.approx(nc.outcome.mean / 190_379 - 1)


def test_nowcast_of_a_past_year_leaves_it_out():
    nc = hpf.nowcast(2024, {"H1": 0.1032})
    assert 2024 not in nc.bridge.years and nc.outturn == 0.1101
    assert nc.threshold == 0.115 and "range" in nc.threshold_source


def test_nowcast_texts_and_tables():
    nc = hpf.nowcast(2026, {"H1": 0.118})
    assert f"H1 = {L.fmt_percent(0.118, 'en', 2)}" in str(nc)
    vi = nc.lines("vi")  # the words come from the catalogue, whatever its wording
    assert L.text("rest_H1", "vi") in " ".join(vi)
    assert L.fmt_percent(0.118, "vi", 2) in vi[0] and len(vi) == len(nc.lines("en"))
    s = nc.summary
    assert s.loc["probability of the plan", "value"] == pytest.approx(nc.probability())
    assert "<table" in nc._repr_html_() and "<table" in nc.bridge._repr_html_()
    assert "<table" in hpf.nowcast_backtest()._repr_html_()


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"known": {"H2": 0.1}}, ValueError, r"known: period 'H2' is not one of"),
    ({"known": {"9m": 0.1}}, ValueError, r"known: period '9m'"),
    ({"known": {"H1": 11.8}}, ValueError, r"known\['H1'\] must be .* fraction.*percentage"),
    ({"known": {"H1": 0.118}, "threshold": 13.0}, ValueError, "threshold.*percentage"),
    ({"known": [0.118]}, TypeError, "known must be a non-empty dict"),
    ({"known": {"H1": -3.0}, "indicator": "port_cargo"}, ValueError,
     r"known\['H1'\] must be the positive amount"),
    ({"known": {"Q1": 35.0}, "indicator": "port_cargo"}, ValueError,
     r"nowcast\(year=2026.*Q1 bridge .* 2 year\(s\).*needs at least 3.*H1, 9M"),
    ({"known": {"H1": 0.11}, "fit_on": "merged_city"}, ValueError, "1 year"),
    ({"known": {"H1": 0.11}, "year": 2031}, ValueError, "threshold: there is no annual plan"),
    ({"known": {"H1": 0.11}, "year": 20260}, ValueError, "year must be between"),
    ({"known": {"H1": 0.11}, "indicator": "grdp_growth_real"}, ValueError,
     "indicator must be one of.*grdp_real"),
    ({"known": {"H1": 0.11}, "model": "ratio"}, ValueError, "model must be one of 'gap'"),
    ({"known": {"H1": 0.11}, "vintage": "final"}, ValueError, "vintage must be one of"),
    ({"known": {"H1": 0.11}, "weight": 50}, ValueError, "weight must be <"),
])
def test_nowcast_bad_input(kwargs, exc, match):
    kwargs = {"year": 2026, **kwargs}
    with pytest.raises(exc, match=match):
        hpf.nowcast(kwargs.pop("year"), **kwargs)


# -------------------------------------------------------------------------- five years


def test_scenario_keeps_the_rest(plan):
    nc = hpf.nowcast(2026, {"H1": 0.118})
    sc = nc.scenario(plan)
    assert sc.growth["grdp_real"][2026] == nc.marginal
    for d in plan.growth:
        if d != "grdp_real":
            assert sc.growth[d] == plan.growth[d]
            assert sc.persistence[d] == plan.persistence
    assert dict(sc.correlation) == dict(plan.correlation)
    assert sc.levels == plan.levels and sc.buoyancy == plan.buoyancy
    assert sc.describe().loc[("growth", "grdp_real"), "status"] == "changed"


def test_later_years_follow_only_through_persistence(plan):
    nc = hpf.nowcast(2026, {"H1": 0.10})
    still = condition_on_first_year(plan.assign(persistence=0.0), "grdp_real", nc.marginal)
    for y in range(2027, 2031):
        assert still.growth["grdp_real"][y] == plan.growth["grdp_real"][y]
    sc = nc.scenario(plan)
    mu, sd, m = 0.13, plan.growth["grdp_real"][2027].sd, nc.marginal.mean
    v1 = (nc.marginal.std / sd) ** 2
    for k, y in enumerate(range(2027, 2031), start=1):
        assert sc.growth["grdp_real"][y].mean == pytest.approx(mu + 0.3 ** k * (m - mu))
        assert sc.growth["grdp_real"][y].sd == pytest.approx(
            sd * math.sqrt(0.09 ** k * v1 + 1 - 0.09 ** k))
    # the simulated covariance of the first two years is the scenario's own
    sim = hpf.simulate(sc, n_paths=60_000, seed=11)
    g = sim.growth_paths("grdp_real")
    c = np.cov(g[:, 0], g[:, 1])[0, 1]  # 2026 and 2027
    assert c == pytest.approx(0.3 * nc.marginal.std ** 2, rel=0.1)


def test_scenario_refuses(plan):
    nc = hpf.nowcast(2027, {"H1": 0.118}, threshold=0.13)
    with pytest.raises(ValueError, match="year: the nowcast is for 2027"):
        nc.scenario(plan)
    first = hpf.Normal(0.12, 0.01)
    with pytest.raises(ValueError, match="'fdi_registered' is a Level"):
        condition_on_first_year(plan, "fdi_registered", first)
    with pytest.raises(ValueError, match="'budget_revenue' is linked to grdp_nominal"):
        condition_on_first_year(plan, "budget_revenue", first)
    with pytest.raises(ValueError, match="infinite variance"):
        condition_on_first_year(plan, "grdp_real", hpf.StudentT(0.12, 0.01, 2.0))
    with pytest.warns(hpf.BoundaryWarning):
        hpf.nowcast(2026, {"H1": 0.118}, boundary="old_city", threshold=0.13).scenario(plan)


def _by_hand(first, n, rng, mu=0.13, sd=0.02315, rho=0.3, years=5):
    """P(average growth 2026–2030 ≥ 13 %): the first year drawn from ``first``, the later
    years from the plan's AR(1) given the first year's score."""
    if isinstance(first, hpf.StudentT):
        g1 = first.mean + first.scale * rng.standard_t(first.df, n)
    else:
        g1 = first.mean + first.sd * rng.standard_normal(n)
    z, factor = (g1 - mu) / sd, 1 + g1
    for _ in range(years - 1):
        z = rho * z + math.sqrt(1 - rho * rho) * rng.standard_normal(n)
        factor *= 1 + mu + sd * z
    p = float(np.mean(factor ** (1 / years) - 1 >= 0.13))
    return p, math.sqrt(p * (1 - p) / n)


def test_higher_h1_higher_five_year_probability_must_show(plan, rng):
    """Issue 15: for a year whose H1 is known, the 2026–2030 average-growth probability
    rises with H1, and the change matches a by-hand recomputation (within 4 SE)."""
    target = hpf.load_targets()[HEADLINE]
    assert plan.growth["grdp_real"][2026] == hpf.Normal(0.13, 0.02315)
    before_hand = _by_hand(plan.growth["grdp_real"][2026], 200_000, rng)
    changes = []
    for h1 in (0.10, 0.12, 0.14):
        nc = hpf.nowcast(2026, {"H1": h1})
        table = nc.update(plan, [target], n_paths=40_000, seed=5)
        row = table.loc[HEADLINE]
        after_hand = _by_hand(nc.marginal, 200_000, rng)
        hand = after_hand[0] - before_hand[0]
        se = math.sqrt(row["se_change"] ** 2 + after_hand[1] ** 2 + before_hand[1] ** 2)
        assert abs(row["change"] - hand) < 4 * se
        changes.append(row["change"])
    assert changes[0] < changes[1] < changes[2]
    assert changes[0] < 0 < changes[2]


def test_update_default_targets(plan):
    nc = hpf.nowcast(2026, {"H1": 0.14})
    table = nc.update(plan, n_paths=4_000, seed=3)
    assert table.index[0].startswith("grdp_growth_2026_")  # the year's plan first
    assert {HEADLINE, "port_cargo_2030"} <= set(table.index)
    first = table.iloc[0]
    assert first["after"] > first["before"]
    assert list(table.columns) == ["before", "after", "change", "se_change", "se_before",
                                   "se_after"]
    with warnings.catch_warnings():
        warnings.simplefilter("error", hpf.PairingWarning)
        nc.update(plan, [hpf.load_targets()[HEADLINE]], n_paths=2_000, seed=3)


# -------------------------------------------------------------------------- the command


def test_cli_nowcast(capsys):
    from hpforecast.cli import main

    assert main(["nowcast", "--h1", "0.118", "--paths", "2000"]) == 0
    out, err = capsys.readouterr()
    det = hpf.nowcast(2026, {"H1": 0.118}).remaining().loc["deterministic", "remaining_growth"]
    assert f"H2 must deliver {L.fmt_percent(det, 'en', 2)}" in out and "2026–2030" in out
    assert "short sample" in err
    assert main(["nowcast", "--h1", "0.118", "--lang", "vi", "--paths", "2000"]) == 0
    out = capsys.readouterr().out
    assert all(line in out for line in hpf.nowcast(2026, {"H1": 0.118}).lines("vi"))
    assert main(["nowcast", "--h1", "11.8"]) == 2
    assert "percentage" in capsys.readouterr().err
    assert main(["nowcast"]) == 2
    assert "--h1" in capsys.readouterr().err


# -------------------------------------------------------------------------- the chart


def test_nowcast_chart_draws_what_the_nowcast_says():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    nc = hpf.nowcast(2026, {"H1": 0.118})
    _, ax = plt.subplots()
    out = hpf.plot.nowcast_chart(nc, ax=ax)
    assert out is ax
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[0] == L.text("nc_density", "en", period="H1")
    target = next(line for line in ax.get_lines() if line.get_label().startswith("annual plan"))
    assert target.get_xdata()[0] == pytest.approx(0.13)
    # in whole percent, as the report text gives it (it said 15.5 % beside a text of 15 %)
    assert f"probability {L.fmt_prob(nc.probability(), 'en')}" in target.get_label()
    known = next(line for line in ax.get_lines() if line.get_label().startswith("H1 so far"))
    assert known.get_xdata()[0] == pytest.approx(0.118)
    curve = ax.get_lines()[0]
    assert np.allclose(curve.get_ydata(), nc.density(curve.get_xdata()))
    box = " ".join(t.get_text() for t in ax.texts)
    rem = nc.remaining()
    assert L.text("nc_rest_title", "en", rest="H2") in box
    assert L.fmt_percent(rem.loc["deterministic", "remaining_growth"], "en", 1) in box
    assert L.fmt_percent(rem.loc["p=0.8", "remaining_growth"], "en", 1) in box
    assert ax.get_xlabel() == "Real GRDP growth in 2026 (%)"
    vi = hpf.plot.nowcast_chart(nc, lang="vi", ax=plt.figure().gca())
    box_vi = " ".join(t.get_text() for t in vi.texts)
    assert L.text("nc_rest_title", "vi", rest=L.text("rest_H1", "vi")) in box_vi
    assert vi.get_xlabel() == (f"{L.growth_name('grdp_real', 'vi')} "
                               f"{L.text('in_year', 'vi', year=2026)} (%)")
    with pytest.raises(TypeError, match="nc must be a Nowcast"):
        hpf.plot.nowcast_chart(nc.outcome)
    with pytest.raises(ValueError, match="chance"):
        hpf.plot.nowcast_chart(nc, chance=80)
    flow = hpf.nowcast(2026, {"H1": 105_000.0}, indicator="budget_revenue")
    ax = hpf.plot.nowcast_chart(flow, ax=plt.figure().gca())
    assert ax.get_xlabel() == L.value_axis_label("budget_revenue", "en")
