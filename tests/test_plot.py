"""Figure tests for hpforecast.plot: they inspect what was drawn, never pixels."""

import subprocess
import sys
import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgba

import hpforecast as hpf
from hpforecast import _i18n as L
from hpforecast import plot

N = 2000
SEED = 20300


@pytest.fixture(scope="module")
def sim():
    return hpf.simulate(hpf.scenarios.plan(), n_paths=N, seed=SEED)


@pytest.fixture(scope="module")
def sim_trend():
    return hpf.simulate(hpf.scenarios.trend(), n_paths=N, seed=SEED)


@pytest.fixture(scope="module")
def targets():
    return hpf.load_targets()


@pytest.fixture(scope="module")
def cargo(targets):
    return targets["port_cargo_2030"]


@pytest.fixture(scope="module")
def growth_target(targets):
    return targets["grdp_growth_2026_2030_hdnd"]


def _what_if():
    return pd.DataFrame(
        {"low": [0.11, 0.2, 150.0], "high": [0.15, 0.4, 250.0],
         "delta_low": [-0.30, -0.02, -0.10], "delta_high": [0.28, 0.03, 0.12],
         "unit": ["fraction per year", "fraction", "Mt"]},
        index=pd.Index(["GRDP growth mean", "persistence", "cargo base"], name="assumption"))


def _helpers(sim, sim_trend, cargo, growth_target, targets):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        table = sim.probability(targets.filter(year=2030, evaluable=True))
    return {
        "fan_chart": lambda **kw: plot.fan_chart(sim, "port_cargo", targets=targets, **kw),
        "probability_chart": lambda **kw: plot.probability_chart(
            table, joint=sim.joint_probability([cargo, growth_target]), **kw),
        "outcome_distribution": lambda **kw: plot.outcome_distribution(sim, cargo, **kw),
        "probability_by_year": lambda **kw: plot.probability_by_year(sim, cargo, **kw),
        "scenario_comparison": lambda **kw: plot.scenario_comparison([sim, sim_trend],
                                                                     "grdp_real", **kw),
        "spaghetti": lambda **kw: plot.spaghetti(sim, "grdp_real", n=5, **kw),
        "plan_record_chart": lambda **kw: plot.plan_record_chart("grdp_growth_real", **kw),
        "tornado": lambda **kw: plot.tornado(_what_if(), **kw),
    }


HELPERS = ["fan_chart", "probability_chart", "outcome_distribution", "probability_by_year",
           "scenario_comparison", "spaghetti", "plan_record_chart", "tornado"]


@pytest.fixture(scope="module")
def helpers(sim, sim_trend, cargo, growth_target, targets):
    return _helpers(sim, sim_trend, cargo, growth_target, targets)


# -- the Axes contract ---------------------------------------------------------------------
@pytest.mark.parametrize("name", HELPERS)
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_returns_the_axes_it_was_given(helpers, name, lang):
    fig, (ax0, ax1) = plt.subplots(1, 2)
    out = helpers[name](ax=ax1, lang=lang)
    assert out is ax1
    assert not ax0.has_data() and not ax0.get_title() and not ax0.get_xlabel()
    assert ax1.has_data()


@pytest.mark.parametrize("name", HELPERS)
def test_falls_back_to_the_current_axes(helpers, name):
    fig, ax = plt.subplots()
    assert helpers[name]() is plt.gca() is ax


@pytest.mark.parametrize("name", HELPERS)
def test_axis_labels_present(helpers, name):
    fig, ax = plt.subplots()
    ax = helpers[name](ax=ax)
    if name not in ("probability_chart", "tornado"):
        assert ax.get_ylabel()
    assert ax.get_xlabel() or name == "probability_chart"


def test_no_global_state_changed_and_no_show(helpers, monkeypatch):
    before = dict(matplotlib.rcParams)

    def no_show(*a, **k):
        raise AssertionError("plt.show() called by the library")

    monkeypatch.setattr(plt, "show", no_show)
    for name in HELPERS:
        fig, ax = plt.subplots()
        helpers[name](ax=ax, lang="vi")
    after = dict(matplotlib.rcParams)
    assert after.keys() == before.keys()
    changed = [k for k in before if before[k] != after[k]]
    assert changed == []


def test_import_hpforecast_does_not_import_matplotlib():
    code = "import sys, hpforecast; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


# -- fan chart --------------------------------------------------------------------------------
@pytest.mark.parametrize("bands, n", [("boe", 3), ("deciles", 4), ("statistical", 3),
                                      ((0.5, 0.9), 2), ((0.95,), 1)])
def test_fan_chart_one_collection_per_band(sim, bands, n):
    fig, ax = plt.subplots()
    plot.fan_chart(sim, "grdp_real", bands=bands, ax=ax)
    polys = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(polys) == n
    labels = [p.get_label() for p in polys]
    assert all("of outcomes" in lab for lab in labels)
    # outermost first, so the inner (darker) bands are drawn on top
    assert labels[0].startswith("central " + str(round(100 * max(
        plot.BANDS[bands] if isinstance(bands, str) else bands))))


def test_fan_chart_bands_are_the_quantiles_and_join_the_base_value(sim):
    fig, ax = plt.subplots()
    plot.fan_chart(sim, "port_cargo", bands=(0.9,), ax=ax)
    poly = next(c for c in ax.collections if isinstance(c, PolyCollection))
    verts = poly.get_paths()[0].vertices
    paths = sim.paths("port_cargo")
    lo, hi = np.quantile(paths, [0.05, 0.95], axis=0)
    for j, year in enumerate(sim.years):
        ys = verts[np.isclose(verts[:, 0], year), 1]
        assert np.isclose(ys.min(), lo[j]) and np.isclose(ys.max(), hi[j])
    base = verts[np.isclose(verts[:, 0], sim.years[0]), 1]
    assert np.allclose(base, paths[0, 0])  # the bands start at the recorded base value


def test_shortest_interval_draws_the_simulations_shortest_band(sim):
    # The band itself is tested in test_bands.py; the chart draws it as it is.
    fig, ax = plt.subplots()
    plot.fan_chart(sim, "budget_revenue", bands=[0.6], interval="shortest", ax=ax)
    poly = ax.collections[0]
    assert "most likely" in poly.get_label()   # the legend says which bands are drawn
    band = sim.band("budget_revenue", 0.6, kind="shortest")
    verts = poly.get_paths()[0].vertices
    for year, lo, hi in zip(band.index, band["low"], band["high"]):
        ys = verts[np.isclose(verts[:, 0], year), 1]
        assert np.isclose(ys.min(), lo) and np.isclose(ys.max(), hi)


def test_fan_chart_median_labelled_median(sim):
    for lang, word in (("en", "median"), ("vi", "trung vị")):
        fig, ax = plt.subplots()
        plot.fan_chart(sim, "grdp_real", lang=lang, ax=ax)
        med = [ln for ln in ax.get_lines() if ln.get_label() == word]
        assert len(med) == 1
        assert np.allclose(med[0].get_ydata(), np.median(sim.paths("grdp_real"), axis=0))


def test_fan_chart_units_and_languages(sim):
    fig, (a, b, c) = plt.subplots(1, 3)
    plot.fan_chart(sim, "grdp_real", ax=a)
    plot.fan_chart(sim, "grdp_real", lang="vi", ax=b)
    plot.fan_chart(sim, "grdp_real", growth=True, lang="vi", ax=c)
    assert a.get_ylabel().replace("\n", " ") == "Real GRDP (bn VND, 2010 prices)"
    assert b.get_ylabel().replace("\n", " ") == "GRDP theo giá so sánh 2010 (tỷ đồng)"
    assert c.get_ylabel().replace("\n", " ") == "Tốc độ tăng GRDP (giá so sánh), %/năm"
    assert a.get_xlabel() == "Year" and b.get_xlabel() == "Năm"
    assert "kịch bản kế hoạch" in b.get_title(loc="left")
    # numbers: thousands and decimal separators; growth shown in percent; years plain
    assert a.yaxis.get_major_formatter()(500000) == "500,000"
    assert b.yaxis.get_major_formatter()(500000) == "500.000"
    assert c.yaxis.get_major_formatter()(0.125) == "12,5"
    assert b.xaxis.get_major_formatter()(2030) == "2030"
    assert [ln.get_gid() for ln in a.get_lines()].count("sim_start") == 1  # forecast start


def test_fan_chart_history_never_spliced_across_the_merger(sim):
    def lines(ax, gid):
        return [ln for ln in ax.get_lines() if ln.get_gid() == gid]

    fig, (a, b, c) = plt.subplots(1, 3)
    plot.fan_chart(sim, "grdp_real", history=hpf.load_history(), ax=a)
    merged, old = lines(a, "history"), lines(a, "history_old")
    assert list(merged[0].get_xdata()) == [2024, 2025]    # merged city: solid
    assert merged[0].get_linestyle() == "-"
    assert merged[0].get_ydata()[-1] == pytest.approx(sim.paths("grdp_real")[0, 0])
    assert max(old[0].get_xdata()) == 2024 and min(old[0].get_xdata()) <= 2017
    assert old[0].get_linestyle() != "-"                  # old city: dashed, its own line
    plot.fan_chart(sim, "grdp_real", history=hpf.load_history(wide=True), ax=b)
    assert min(lines(b, "history")[0].get_xdata()) >= 2025  # spliced wide: merged side
    plot.fan_chart(sim, "grdp_real", history=hpf.load_history(), growth=True, ax=c)
    assert max(lines(c, "history_old")[0].get_xdata()) == 2024
    assert max(lines(c, "history")[0].get_xdata()) == 2025
    with pytest.raises(ValueError, match="history is for boundary 'old_city'"):
        plot.fan_chart(sim, "grdp_real",
                       history=hpf.load_history(wide=True, boundary="old_city"))
    with pytest.raises(TypeError, match="history must be None"):
        plot.fan_chart(sim, "grdp_real", history=[1, 2, 3])


def test_fan_chart_selects_standing_targets_from_a_set(sim, targets):
    fig, ax = plt.subplots()
    plot.fan_chart(sim, "grdp_real", targets=targets, ax=ax)
    tl = [ln for ln in ax.get_lines() if ln.get_gid() == "target"]
    # hdnd and congress1 state the same 13 % target; old-city and annual plans left out
    assert len(tl) == 1 and "average 13 % over 2026–2030" in tl[0].get_label()


def test_fan_chart_errors(sim, cargo):
    with pytest.raises(ValueError, match="not a known indicator. Known indicators: .*grdp_real"):
        plot.fan_chart(sim, "gdp")
    with pytest.raises(ValueError, match="lang must be 'en' or 'vi'; got 'fr'"):
        plot.fan_chart(sim, "grdp_real", lang="fr")
    with pytest.raises(ValueError, match="bands must be 'boe'.*got 'imf'"):
        plot.fan_chart(sim, "grdp_real", bands="imf")
    with pytest.raises(ValueError, match=r"bands must be .*got \(0.5, 90\)"):
        plot.fan_chart(sim, "grdp_real", bands=(0.5, 90))
    with pytest.raises(ValueError, match="each given once"):
        plot.fan_chart(sim, "grdp_real", bands=(0.5, 0.5))
    with pytest.raises(ValueError, match="interval must be one of .*got 'hdr'"):
        plot.fan_chart(sim, "grdp_real", interval="hdr")
    with pytest.raises(TypeError, match="sim must be a Simulation .*got DataFrame"):
        plot.fan_chart(pd.DataFrame(), "grdp_real")
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes or None; got Figure"):
        plot.fan_chart(sim, "grdp_real", ax=plt.figure())
    with pytest.raises(ValueError, match="'port_cargo_2030' is for 'port_cargo', not for "
                                         "'grdp_real'"):
        plot.fan_chart(sim, "grdp_real", targets=cargo)
    with pytest.raises(TypeError, match="targets must be None, a Target"):
        plot.fan_chart(sim, "grdp_real", targets="port_cargo_2030")
    with pytest.raises(TypeError, match="title must be True, False or a string"):
        plot.fan_chart(sim, "grdp_real", title=3)


# -- probability chart --------------------------------------------------------------------------
def _prob_table(ps):
    return pd.DataFrame({"probability": ps, "ci_low": [max(0, p - 0.02) for p in ps],
                         "ci_high": [min(1, p + 0.02) for p in ps]},
                        index=pd.Index([f"t{i}" for i in range(len(ps))], name="target"))


def test_probability_chart_from_simulation_in_vietnamese(sim, targets, cargo, growth_target):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        table = sim.probability(targets.filter(year=2030, evaluable=True))
    joint = sim.joint_probability([cargo, growth_target])
    fig, ax = plt.subplots()
    plot.probability_chart(table, joint=joint, lang="vi", ax=ax)
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert "Hàng hóa thông qua cảng ≥ 380 triệu tấn năm 2030" in labels
    assert labels[-1] == "Đạt cả 2 mục tiêu cùng lúc"
    assert any(t.get_text() == "không đánh giá" for t in ax.texts)  # not evaluable
    p = table.loc["port_cargo_2030", "probability"]
    assert any(t.get_text() == L.fmt_prob(p, "vi") for t in ax.texts)
    assert ax.get_xlabel() == "Xác suất đạt mục tiêu (%)"


def test_probability_chart_errors():
    with pytest.raises(TypeError, match="table must be a pandas DataFrame; got list"):
        plot.probability_chart([0.5])
    with pytest.raises(ValueError, match="table is missing column\\(s\\) 'ci_low', 'ci_high'"):
        plot.probability_chart(pd.DataFrame({"probability": [0.5]}))
    with pytest.raises(TypeError, match="joint must be None"):
        plot.probability_chart(_prob_table([0.5]), joint=1.5)


# -- outcome distribution -----------------------------------------------------------------------
def test_outcome_distribution(sim, cargo, growth_target):
    fig, ax = plt.subplots()
    plot.outcome_distribution(sim, cargo, ax=ax)
    vlines = [ln for ln in ax.get_lines() if ln.get_label().startswith("target:")]
    assert len(vlines) == 1 and set(vlines[0].get_xdata()) == {380.0}
    met = [p for p in ax.patches if p.get_facecolor() == to_rgba(plot._SUCCESS_COLOUR)
           and p.get_height() > 0]
    assert met and all(p.get_x() >= 380 - 1e-9 for p in met)
    heights = sum(p.get_height() for p in ax.patches if p.get_height() > 0
                  and p.get_alpha() is None)
    values = sim.paths("port_cargo")[:, -1]
    lo, hi = np.quantile(values, [0.001, 0.999])
    inside = (values >= lo) & (values <= hi)
    assert heights == pytest.approx(100.0 * inside.mean())  # the middle 99.8 % drawn
    assert ax.get_xlim()[0] <= lo and ax.get_xlim()[1] < values.max() + 1e-9 or \
        inside.all()
    tops = max(p.get_height() for p in ax.patches if p.get_alpha() is None)
    assert ax.get_ylim()[1] >= 1.25 * tops                  # labels clear of the bars
    assert ax.get_xlabel() == "Port cargo throughput in 2030 (Mt)"
    assert ax.get_ylabel() == "Share of simulated outcomes (%)"

    fig, ax = plt.subplots()
    plot.outcome_distribution(sim, growth_target, lang="vi", ax=ax)
    assert ax.get_xlabel().replace("\n", " ") == (
        "Tốc độ tăng GRDP (giá so sánh), bình quân giai đoạn 2026–2030 (%/năm)")
    assert ax.get_title(loc="left").startswith("Bình quân giai đoạn 2026–2030")  # not "in 2030"
    assert ax.xaxis.get_major_formatter()(0.13) == "13"


def test_outcome_distribution_errors(sim):
    late = hpf.Target.level("port_cargo", 2035, 500.0)
    with pytest.raises(ValueError):
        plot.outcome_distribution(sim, late)
    with pytest.raises(TypeError, match="target must be a Target; got str"):
        plot.outcome_distribution(sim, "port_cargo_2030")
    with pytest.raises(ValueError, match="bins must be an integer >= 2; got 1"):
        plot.outcome_distribution(sim, hpf.Target.level("port_cargo", 2030, 380.0), bins=1)


# -- probability by year, comparison, spaghetti, record, tornado --------------------------------
def test_probability_by_year(sim, cargo, growth_target):
    fig, ax = plt.subplots()
    plot.probability_by_year(sim, cargo, ax=ax)
    table = sim.probability_by_year(cargo)
    solid = next(ln for ln in ax.get_lines()
                 if ln.get_label() == "condition holds in that year")
    assert list(solid.get_xdata()) == list(table.index)
    assert np.allclose(solid.get_ydata(), 100 * table["probability"])
    dashed = next(ln for ln in ax.get_lines() if ln.get_label() == "met in that year or earlier")
    assert np.allclose(dashed.get_ydata(), 100 * table["met_by_year"])
    # an average-growth window: "met in that year or earlier" means nothing, not drawn
    fig, ax = plt.subplots()
    plot.probability_by_year(sim, growth_target, ax=ax)
    labels = [ln.get_label() for ln in ax.get_lines()]
    assert "met in that year or earlier" not in labels
    assert "average from 2026 to that year" in labels


def test_scenario_comparison(sim, sim_trend, targets):
    fig, ax = plt.subplots()
    plot.scenario_comparison({"A": sim, "B": sim_trend}, "port_cargo", lang="vi",
                             history=hpf.load_history(), targets=targets, ax=ax)
    medians = [ln for ln in ax.get_lines() if ln.get_gid() == "median"]
    assert [m.get_label() for m in medians] == ["A: trung vị", "B: trung vị"]
    assert medians[0].get_linestyle() != medians[1].get_linestyle()  # greyscale-safe
    ranges = [ln for ln in ax.get_lines() if ln.get_gid() == "range"]
    assert len(ranges) == 2 and ranges[0].get_xdata()[0] != ranges[1].get_xdata()[0]
    assert any(ln.get_gid() == "target" for ln in ax.get_lines())
    assert any(ln.get_gid() == "history_old" for ln in ax.get_lines())
    assert len([c for c in ax.collections if isinstance(c, PolyCollection)]) == 2
    with pytest.raises(ValueError, match="sims is empty"):
        plot.scenario_comparison([], "grdp_real")
    with pytest.raises(TypeError, match=r"sims\[1\] must be a Simulation"):
        plot.scenario_comparison([sim, 3], "grdp_real")
    with pytest.raises(ValueError, match="'exports' is not simulated in scenario 'plan'"):
        plot.scenario_comparison([sim], "exports")
    with pytest.raises(ValueError, match="band must be a coverage in \\(0, 1\\)"):
        plot.scenario_comparison([sim], "grdp_real", band=90)


def test_spaghetti(sim):
    fig, ax = plt.subplots()
    plot.spaghetti(sim, "grdp_real", n=7, ax=ax)
    paths = [ln for ln in ax.get_lines() if ln.get_gid() == "sample_path"]
    assert len(paths) == 7
    every = sim.paths("grdp_real")
    assert any(np.allclose(paths[0].get_ydata(), row) for row in every)
    with pytest.raises(ValueError, match=f"n must be an integer from 1 .*\\({N}\\); got {N + 1}"):
        plot.spaghetti(sim, "grdp_real", n=N + 1)


def test_plan_record_chart():
    rec = hpf.plan_record()
    fig, ax = plt.subplots()
    plot.plan_record_chart(rec, indicator="grdp_growth_real", ax=ax)
    met = next(ln for ln in ax.get_lines() if ln.get_label() == "outcome, plan met")
    missed = next(ln for ln in ax.get_lines() if ln.get_label() == "outcome, plan missed")
    assert len(met.get_xdata()) == int((rec["met"] == True).sum())  # noqa: E712
    assert len(missed.get_xdata()) == int((rec["met"] == False).sum())  # noqa: E712
    assert met.get_marker() != missed.get_marker()
    assert any(ln.get_label().startswith("merger") for ln in ax.get_lines())
    assert ax.get_ylabel() == "Real GRDP growth (% a year)"
    with pytest.raises(ValueError, match="no plan record for indicator 'population'"):
        plot.plan_record_chart("population")
    with pytest.raises(TypeError, match="record must be a table"):
        plot.plan_record_chart(3)


def test_tornado():
    fig, ax = plt.subplots()
    table = _what_if()
    table.attrs["base_probability"] = 0.485
    plot.tornado(table, lang="vi", ax=ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "persistence", "cargo base", "GRDP growth mean"]  # largest swing on top
    assert len(ax.patches) == 6
    assert ax.get_xlabel() == "Xác suất đạt mục tiêu (%)"     # the probability itself
    assert "49%" in ax.get_title(loc="left")
    texts = [t.get_text() for t in ax.texts]
    assert "19% (11,0%)" in texts and "61% (250)" in texts      # probability at each end
    base = next(ln for ln in ax.get_lines() if "49%" in ln.get_label())
    assert list(base.get_xdata()) == [48.5, 48.5]
    lefts = sorted({round(b.get_x(), 6) for b in ax.patches if b.get_width() > 0})
    assert lefts == [48.5]                                      # bars start at the base


def test_tornado_errors():
    two = pd.concat([_what_if().assign(target="a"), _what_if().assign(target="b")])
    with pytest.raises(ValueError, match="several targets \\(a, b\\); choose one with target="):
        plot.tornado(two)
    fig, ax = plt.subplots()
    assert len(plot.tornado(two, target="b", ax=ax).patches) == 6
    with pytest.raises(ValueError, match="target 'c' is not in the table"):
        plot.tornado(two, target="c")
    with pytest.raises(ValueError, match="missing column\\(s\\) 'delta_high'"):
        plot.tornado(_what_if().drop(columns="delta_high"))
    with pytest.raises(ValueError, match="Did you give percentage points"):
        plot.tornado(_what_if().assign(delta_low=[-30, -2, -10]))


# -- words and numbers --------------------------------------------------------------------------
def test_number_formats():
    assert L.fmt_number(1234567.25, "en", 2) == "1,234,567.25"
    assert L.fmt_number(1234567.25, "vi", 2) == "1.234.567,25"
    assert L.fmt_number(-0.0001, "vi", 1) == "0,0"
    assert L.fmt_percent(0.13, "vi") == "13,0%" and L.fmt_percent(0.13) == "13.0 %"
    assert L.fmt_prob(0.494, "vi") == "49%" and L.fmt_prob_range([0.49, 0.502], "vi") == "49–50%"
    assert L.fmt_number(float("nan")) == "–"
    import datetime

    assert L.fmt_date(datetime.date(2026, 12, 1), "vi") == "ngày 01/12/2026"


def test_vietnamese_descriptions_keep_diacritics(targets):
    t = targets["grdp_growth_2026_2030_hdnd"]
    assert L.describe_target(t, "vi") == ("Tốc độ tăng GRDP (giá so sánh) bình quân ≥ 13%/năm, "
                                          "giai đoạn 2026–2030")
    assert L.describe_target(t, "en") == "Average real GRDP growth ≥ 13 % a year, 2026–2030"
    assert L.describe_target(targets["grdp_growth_2026_plan"], "en") == \
        "Real GRDP growth ≥ 13 % in 2026"
    assert L.scenario_label("plan_adjusted", "vi") == "kế hoạch điều chỉnh theo mức hụt"


def test_tornado_draws_the_what_if_table():
    ts = [hpf.load_targets()[k] for k in ("port_cargo_2030", "grdp_per_capita_usd_2030")]
    table = hpf.tornado(hpf.scenarios.plan(), ts, n_paths=1000, seed=1)
    fig, ax = plt.subplots()
    plot.tornado(table, target="grdp_per_capita_usd_2030", lang="vi", ax=ax)
    rows = table[table["target"] == "grdp_per_capita_usd_2030"]
    assert len(ax.patches) == 2 * len(rows)
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert "Quán tính của các cú sốc" in labels
    assert "GRDP theo giá so sánh 2010: tốc độ tăng bình quân mỗi năm" in labels
    p = table.attrs["base_probability"]["grdp_per_capita_usd_2030"]
    title = ax.get_title(loc="left").replace("\n", " ")
    assert L.fmt_prob(p, "vi") in title
    assert "GRDP bình quân đầu người (USD) ≥ 11.247 USD năm 2030" in title


# -- review fixes -------------------------------------------------------------------------------
def test_tornado_same_sign_bars_both_visible_labels_at_their_own_ends():
    table = pd.DataFrame({"low": [0.11, 150.0], "high": [0.15, 250.0],
                          "delta_low": [0.05, -0.02], "delta_high": [0.10, -0.08],
                          "unit": ["fraction per year", "Mt"]},
                         index=pd.Index(["growth", "cargo base"], name="assumption"))
    fig, ax = plt.subplots()
    plot.tornado(table, ax=ax)
    bars = ax.patches
    assert len(bars) == 4
    # sorted by swing: "growth" (10 points) on top (row 1), "cargo base" (8) below (row 0)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["cargo base", "growth"]
    centres = sorted(round(b.get_y() + b.get_height() / 2, 6) for b in bars)
    assert len(set(centres)) == 4                      # no bar hides another
    for b in bars:
        assert b.get_height() == pytest.approx(0.34)
    texts = {t.get_text(): t for t in ax.texts}
    for value, delta in (("11.0 %", 5.0), ("15.0 %", 10.0), ("150", -2.0), ("250", -8.0)):
        bar = next(b for b in bars if b.get_width() == pytest.approx(delta))
        label = texts[value]
        x, y = label.get_position()
        assert y == pytest.approx(bar.get_y() + bar.get_height() / 2)  # beside its own bar
        if delta > 0:
            assert x > delta and label.get_ha() == "left"
        else:
            assert x < delta and label.get_ha() == "right"


def test_tornado_all_nan_deltas_is_a_clear_error():
    table = _what_if().assign(delta_low=np.nan, delta_high=np.nan)
    with pytest.raises(ValueError, match="no finite change in probability"):
        plot.tornado(table)


@pytest.mark.parametrize("helper", ["outcome_distribution", "probability_by_year",
                                    "fan_chart", "fan_chart_levels"])
def test_boundary_warning_once_when_the_chart_computes(sim, targets, helper):
    old_city = targets["grdp_growth_2026_2030_qd821"]
    fig, ax = plt.subplots()
    call = {"outcome_distribution": lambda: plot.outcome_distribution(sim, old_city, ax=ax),
            "probability_by_year": lambda: plot.probability_by_year(sim, old_city, ax=ax),
            "fan_chart": lambda: plot.fan_chart(sim, "grdp_real", targets=old_city,
                                                growth=True, ax=ax),
            "fan_chart_levels": lambda: plot.fan_chart(sim, "grdp_real", targets=old_city,
                                                       ax=ax)}[helper]
    with pytest.warns(hpf.BoundaryWarning, match="another boundary") as record:
        call()
    assert len(record) == 1


@pytest.mark.parametrize("helper", ["outcome_distribution", "probability_by_year",
                                    "fan_chart", "fan_chart_levels"])
def test_charts_handed_their_numbers_compute_and_warn_nothing(sim, targets, helper,
                                                             monkeypatch):
    old_city = targets["grdp_growth_2026_2030_qd821"]
    with pytest.warns(hpf.BoundaryWarning):   # the caller computes, and is told
        table = sim.probability([old_city])
        by_year = sim.probability_by_year(old_city)

    def computed(*a, **k):
        raise AssertionError("the chart computed a probability it was handed")

    monkeypatch.setattr(type(sim), "probability", computed)
    monkeypatch.setattr(type(sim), "probability_by_year", computed)
    fig, ax = plt.subplots()
    call = {"outcome_distribution": lambda: plot.outcome_distribution(
                sim, old_city, probabilities=table, ax=ax),
            "probability_by_year": lambda: plot.probability_by_year(
                sim, old_city, table=by_year, ax=ax),
            "fan_chart": lambda: plot.fan_chart(sim, "grdp_real", targets=old_city,
                                                probabilities=table, growth=True, ax=ax),
            "fan_chart_levels": lambda: plot.fan_chart(
                sim, "grdp_real", targets=old_city, probabilities=table, ax=ax)}[helper]
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        call()
    assert [w for w in record if issubclass(w.category, UserWarning)] == []


def test_fan_chart_writes_the_probabilities_it_is_handed(sim, cargo, targets):
    table = sim.probability(cargo)
    fig, ax = plt.subplots()
    plot.fan_chart(sim, "port_cargo", targets=cargo, probabilities=table, ax=ax)
    fig2, ax2 = plt.subplots()
    plot.fan_chart(sim, "port_cargo", targets=cargo, ax=ax2)
    assert [t.get_text() for t in ax.texts] == [t.get_text() for t in ax2.texts]
    assert any(L.fmt_prob(table["probability"].iloc[0]) in t.get_text() for t in ax.texts)
    # the multi-scenario table works too: the rows of the chart's scenario are used
    both = hpf.probability_table([sim], [cargo])
    fig3, ax3 = plt.subplots()
    plot.fan_chart(sim, "port_cargo", targets=cargo, probabilities=both, ax=ax3)
    assert [t.get_text() for t in ax3.texts] == [t.get_text() for t in ax.texts]


def test_fan_chart_probabilities_must_hold_the_targets_drawn(sim, cargo, targets):
    other = sim.probability(targets["grdp_per_capita_usd_2030"])
    with pytest.raises(ValueError, match="probabilities has no row for target.*port_cargo_2030"):
        plot.fan_chart(sim, "port_cargo", targets=cargo, probabilities=other)
    with pytest.raises(TypeError, match="probabilities must be a pandas DataFrame"):
        plot.outcome_distribution(sim, cargo, probabilities=[0.5])
    with pytest.raises(ValueError, match="table is missing column.*met_by_year"):
        plot.probability_by_year(sim, cargo, table=other)


def test_charts_of_targets_on_the_simulations_boundary_do_not_warn(sim):
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        fig, ax = plt.subplots()
        plot.spaghetti(sim, "grdp_real", n=3, ax=ax)
        plot.outcome_distribution(sim, hpf.Target.level("port_cargo", 2030, 380.0), ax=ax)
    assert [w for w in record if issubclass(w.category, UserWarning)] == []


def test_fan_chart_history_series_must_be_indexed_by_year(sim):
    s = pd.Series([1.0, 2.0], index=pd.to_datetime(["2023-12-31", "2024-12-31"]))
    with pytest.raises(ValueError, match="indexed by year.*DatetimeIndex.*index.year"):
        plot.fan_chart(sim, "grdp_real", history=s)
    with pytest.raises(ValueError, match=r"indexed by year.*starting \[0, 1\]"):
        plot.fan_chart(sim, "grdp_real", history=pd.Series([1.0, 2.0]))
    with pytest.raises(ValueError, match="indexed by year.*starting \\['a', 'b'\\]"):
        plot.fan_chart(sim, "grdp_real", history=pd.Series([1.0, 2.0], index=["a", "b"]))
    fig, ax = plt.subplots()
    base = sim.paths("grdp_real")[0, 0]
    plot.fan_chart(sim, "grdp_real", history=pd.Series([0.9 * base, base],
                                                       index=["2024", "2025"]), ax=ax)
    rec = next(ln for ln in ax.get_lines() if ln.get_label().startswith("recorded"))
    assert list(rec.get_xdata()) == [2024, 2025]


def test_fan_chart_single_number_bands_hint(sim):
    with pytest.raises(ValueError, match=r"single number 0.9. For one band, pass a list "
                                         r"like \[0.9\]"):
        plot.fan_chart(sim, "grdp_real", bands=0.9)


def _inside_axes(fig, ax, artist):
    fig.canvas.draw()
    box = artist.get_window_extent(fig.canvas.get_renderer())
    frame = ax.get_window_extent()
    return (box.x0 >= frame.x0 - 1 and box.x1 <= frame.x1 + 1
            and box.y0 >= frame.y0 - 1 and box.y1 <= frame.y1 + 1)


def test_outcome_distribution_far_threshold_keeps_its_bins(sim):
    values = sim.paths("port_cargo")[:, -1]
    far = hpf.Target.level("port_cargo", 2030, 10 * float(values.max()))
    fig, ax = plt.subplots()
    plot.outcome_distribution(sim, far, bins=60, ax=ax)
    bars = [p for p in ax.patches if p.get_height() > 0 and p.get_alpha() is None]
    assert len(bars) >= 30                              # not squashed into a few bins
    assert sum(b.get_height() for b in bars) == pytest.approx(99.8, abs=0.15)
    lo, hi = ax.get_xlim()
    assert hi < far.threshold and hi - lo < 1.1 * (values.max() - values.min())
    marker = [t for t in ax.texts if t.get_gid() == "target_marker"]
    assert len(marker) == 1 and "→" in marker[0].get_text()
    assert any(ln.get_label().startswith("target:") for ln in ax.get_lines())  # legend
    prob = next(t for t in ax.texts if t.get_text().strip().endswith("%"))
    assert prob.get_text().strip() == "0 %"
    assert _inside_axes(fig, ax, prob)
    low = hpf.Target.level("port_cargo", 2030,
                           float(values.min()) - 2 * float(values.max() - values.min()))
    fig, ax = plt.subplots()
    plot.outcome_distribution(sim, low, ax=ax)
    assert "←" in next(t for t in ax.texts if t.get_gid() == "target_marker").get_text()
    spans = [p for p in ax.patches if p.get_alpha() == pytest.approx(0.10)]
    assert len(spans) == 1


def test_outcome_distribution_probability_label_stays_inside(sim):
    values = sim.paths("port_cargo")[:, -1]
    # upward target near the right end of the data: the label turns to the left
    t = hpf.Target.level("port_cargo", 2030, float(np.quantile(values, 0.999)))
    fig, ax = plt.subplots()
    plot.outcome_distribution(sim, t, ax=ax)
    vline = next(ln for ln in ax.get_lines() if ln.get_label().startswith("target:"))
    assert set(vline.get_xdata()) == {t.threshold}    # near: a bin edge and a line
    prob = next(t for t in ax.texts if t.get_text().strip().endswith("%"))
    assert prob.get_ha() == "right"
    assert _inside_axes(fig, ax, prob)


def test_fan_chart_cargo_base_is_a_hollow_plan_marker(sim):
    fig, ax = plt.subplots()
    plot.fan_chart(sim, "port_cargo", history=hpf.load_history(), ax=ax)
    plan = [ln for ln in ax.get_lines() if ln.get_gid() == "plan_base"]
    assert len(plan) == 1 and list(plan[0].get_xdata()) == [2025]
    assert plan[0].get_markerfacecolor() == "white"
    assert "plan" in plan[0].get_label()
    old = [ln for ln in ax.get_lines() if ln.get_gid() == "history_old"]
    assert min(old[0].get_xdata()) == 2017 and max(old[0].get_xdata()) == 2024


def test_fan_chart_target_point_and_probability(sim, targets, cargo):
    fig, ax = plt.subplots()
    plot.fan_chart(sim, "port_cargo", targets=targets, ax=ax)
    tl = [ln for ln in ax.get_lines() if ln.get_gid() == "target"]
    assert len(tl) == 1
    assert list(tl[0].get_ydata()) == [380.0] and list(tl[0].get_xdata()) == [2030]
    assert tl[0].get_marker() == "D"
    p = sim.probability(cargo).iloc[0]
    assert any(t.get_text() == f"chance {L.fmt_prob(p['probability'])}" for t in ax.texts)


def test_fan_chart_growth_target_as_a_point_and_as_its_window(sim, growth_target):
    fig, ax = plt.subplots()
    plot.fan_chart(sim, "grdp_real", targets=growth_target, ax=ax)
    tl = next(ln for ln in ax.get_lines() if ln.get_gid() == "target")
    base = sim.paths("grdp_real")[0, 0]
    assert tl.get_ydata()[-1] == pytest.approx(base * 1.13 ** 5)
    assert "average" in tl.get_label()
    fig, ax = plt.subplots()
    plot.fan_chart(sim, "grdp_real", targets=growth_target, growth=True, lang="vi", ax=ax)
    tl = next(ln for ln in ax.get_lines() if ln.get_gid() == "target")
    assert list(tl.get_ydata()) == [0.13, 0.13] and "bình quân" in tl.get_label()
    median = next(ln for ln in ax.get_lines() if ln.get_label() == "trung vị")
    assert tl.get_zorder() < median.get_zorder()        # never hides the median
    assert not [t for t in ax.texts if "%" in t.get_text()]  # no chance on a yearly point


def test_traffic_light_follows_the_ipcc_scale_on_the_whole_percent():
    words = [plot.traffic_light(p)[0] for p in (0.995, 0.9, 0.665, 0.6549, 0.335, 0.3349,
                                                0.095, 0.0149, 0.0)]
    assert words == ["virtually certain", "very likely", "likely", "about as likely as not",
                     "about as likely as not", "unlikely", "very unlikely",
                     "exceptionally unlikely", "exceptionally unlikely"]
    assert plot.traffic_light(0.7, "vi")[0] == "có khả năng"
    assert plot.traffic_light(0.4949)[1] == plot.traffic_light(0.4951)[1]  # noise: same


def test_probability_chart_colours_by_likelihood():
    fig, ax = plt.subplots()
    plot.probability_chart(_prob_table([0.95, 0.7, 0.5, 0.2, 0.05]), joint=0.01, ax=ax)
    bars = ax.patches
    assert len(bars) == 6
    expected = [plot.traffic_light(p)[1] for p in (0.95, 0.7, 0.5, 0.2, 0.05, 0.01)]
    assert [b.get_facecolor() for b in bars] == [to_rgba(c) for c in expected]
    assert [b.get_width() for b in bars] == pytest.approx([95, 70, 50, 20, 5, 1])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["t0", "t1", "t2", "t3", "t4", "All 5 targets together"]
    assert ax.get_xlabel() == "Probability of meeting the target (%)"
    assert {"95 %", "50 %", "1 %"} <= {t.get_text() for t in ax.texts}   # whole percents
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "about as likely as not" in " ".join(legend).replace("\n", " ")


def test_dot_plot_every_scenario_and_target(sim, sim_trend, cargo, growth_target):
    table = hpf.probability_table([sim, sim_trend], [growth_target, cargo])
    fig, ax = plt.subplots()
    plot.dot_plot(table, joint={"plan": 0.3, "trend": 0.2}, lang="vi", ax=ax)
    marks = [ln for ln in ax.get_lines() if ln.get_gid() == "scenario"]
    assert [m.get_label() for m in marks] == ["kế hoạch", "xu hướng"]
    assert marks[0].get_marker() != marks[1].get_marker()     # greyscale-safe
    assert np.allclose(marks[0].get_xdata()[:2],
                       100 * table.xs("plan", level="scenario")["probability"])
    assert ax.get_yticklabels()[-1].get_text() == "Đạt cả 2 mục tiêu cùng lúc"
    assert len([p for p in ax.patches if p.get_gid() == "likelihood_band"]) == 5


def test_average_growth_target_point_is_the_simulations(sim, targets):
    t = targets["grdp_growth_2021_2030_qd1516"]
    fig, ax = plt.subplots()
    with pytest.warns(hpf.BoundaryWarning):
        plot.fan_chart(sim, "grdp_real", targets=t, ax=ax)
        path = sim.target_path(t)
    point = next(ln for ln in ax.get_lines() if ln.get_gid() == "target")
    assert list(point.get_xdata()) == [2030]
    assert point.get_ydata()[0] == pytest.approx(path.iloc[-1])


def test_growth_curve_marks_the_growth_needed_and_the_scenarios(cargo):
    curve = hpf.probability_curve(cargo, scenario=hpf.scenarios.plan(), n_paths=1000,
                                  points=7)
    fig, ax = plt.subplots()
    plot.growth_curve(curve, needed={0.5: 0.12, 0.8: 0.15},
                      scenarios={"plan": (0.1227, 0.49), "trend": (0.109, 0.35)},
                      target=cargo, lang="vi", ax=ax)
    line = next(ln for ln in ax.get_lines() if ln.get_gid() == "curve")
    assert np.allclose(line.get_ydata(), 100 * curve["probability"])
    needed = [ln for ln in ax.get_lines() if ln.get_gid() == "needed"]
    assert [ln.get_xdata()[1] for ln in needed] == pytest.approx([12.0, 15.0])
    assert len([ln for ln in ax.get_lines() if ln.get_gid() == "scenario"]) == 2
    assert "%/năm" in ax.get_xlabel()


def test_plan_misses_with_and_without_2020():
    rec = hpf.plan_record()
    fig, ax = plt.subplots()
    plot.plan_misses(rec, assumed={"plan": 0.0231, "trend": 0.021}, ax=ax)
    gaps = (rec["outcome"] - rec["plan"]).dropna()
    assert len(ax.patches) == len(gaps)
    sd_all = [ln for ln in ax.get_lines() if ln.get_gid() == "sd_all"]
    sd_ex = [ln for ln in ax.get_lines() if ln.get_gid() == "sd_without"]
    assert sd_all[0].get_ydata()[0] == pytest.approx(100 * gaps.std(ddof=1))
    assert sd_ex[0].get_ydata()[0] == pytest.approx(100 * gaps.drop(2020).std(ddof=1))
    assert any("2020" in t.get_text() for t in ax.texts)
    assert len([ln for ln in ax.get_lines() if ln.get_gid() == "assumed"]) == 2


def test_shapley_chart_drops_inputs_that_explain_nothing():
    table = pd.DataFrame({"effect": [0.8, 0.195, 0.005], "se": [0.01, 0.01, 0.01]},
                         index=pd.Index(["grdp_real", "port_cargo", "budget_revenue"],
                                        name="input"))
    fig, ax = plt.subplots()
    plot.shapley_chart(table, lang="vi", ax=ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Hàng hóa thông qua cảng",
                                                            "GRDP theo giá so sánh 2010"]


def test_tornado_end_labels_stay_inside_the_axes():
    """A bar ending near 0 % had its label run across the y axis into the row names."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    table = pd.DataFrame(
        {"low": [0.107, 0.0], "high": [0.153, 0.6], "delta_low": [-0.45, 0.0],
         "delta_high": [0.47, 0.01], "unit": ["fraction per year", "fraction"],
         "p_base": [0.49, 0.49]},
        index=pd.Index(["Real GRDP: mean growth a year", "persistence"], name="assumption"))
    fig = Figure(figsize=(16 / 2.54, 7 / 2.54), layout="constrained")
    FigureCanvasAgg(fig)
    ax = hpf.plot.tornado(table, ax=fig.add_subplot())
    fig.canvas.draw()
    box = ax.get_window_extent()
    for t in ax.texts:
        ext = t.get_window_extent()
        assert box.x0 - 1 <= ext.x0 and ext.x1 <= box.x1 + 1, t.get_text()
    assert [tick for tick in ax.get_xticks() if not 0 <= tick <= 100] == []


def test_tornado_with_narrow_swings_keeps_its_zoom():
    """Ticks on the probability scale only must not widen the view to 0-100 % (bars
    between 41 and 56 % would look like nothing)."""
    table = pd.DataFrame(
        {"low": [0.12, 0.0], "high": [0.14, 0.6], "delta_low": [-0.08, -0.01],
         "delta_high": [0.07, 0.01], "unit": ["fraction per year", "fraction"],
         "p_base": [0.49, 0.49]},
        index=pd.Index(["Real GRDP: mean growth a year", "persistence"], name="assumption"))
    fig, ax = plt.subplots()
    hpf.plot.tornado(table, ax=ax)
    x0, x1 = ax.get_xlim()
    assert x1 - x0 < 60 and x0 > 0
    assert all(x0 - 1e-9 <= t <= x1 + 1e-9 and 0 <= t <= 100 for t in ax.get_xticks())
    plt.close(fig)


def test_fit_labels_on_a_figure_without_a_canvas():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 1.2), layout="constrained")
    ax = fig.add_subplot()
    ax.set_ylabel("A long label that cannot fit the panel at all")
    assert "\n" in hpf.plot.fit_labels(fig).axes[0].get_ylabel()
