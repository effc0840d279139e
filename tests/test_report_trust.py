"""The report's sections of issues 13 and 15: how far its probabilities can be trusted (the
panel test of ``hpf.evaluate``) and what this year's partial-year releases change (the
nowcast, ``write_report(nowcast=...)``).

The report's own configuration (``report.TRUST_EVALUATION``) is written and checked in
Vietnamese by ``test_report_vi.py`` and in English by ``test_report.py``; here a small
configuration stands in for it, so that the numbers of the text can be checked against
``hpf.evaluate`` run independently in a few seconds.
"""

import dataclasses
import re

import numpy as np
import pandas as pd
import pytest

import hpforecast as hpf
from hpforecast import _i18n as L
from hpforecast import report as report_mod

#: Two origin years and two models: seconds, not the report's fifteen.
TINY = {"panel": "pwt56", "window": 9, "horizon": 5, "origins": [1970, 1980], "n_paths": 300,
        "n_boot": 200, "seed": 11, "models": ("rtm", "iid")}
PATHS, SEED, H1 = 400, 5, 0.10
#: Real GRDP growth only (as the plan assumes it): one headline target, few charts.
SC = hpf.Scenario(name="growth_only", growth={"grdp_real": hpf.Normal(0.13, 0.023)},
                  persistence=0.3, base_year=2025, end_year=2030, boundary="merged_city")


def _evaluations(config: dict) -> dict:
    panel = hpf.load_panel(config["panel"])
    return {m: hpf.evaluate(panel, model=m, window=config["window"],
                            horizon=config["horizon"], origins=config["origins"],
                            n_paths=config["n_paths"], n_boot=config["n_boot"],
                            seed=config["seed"], benchmarks=(), progress=False)
            for m in config["models"]}


@pytest.fixture(scope="module")
def tiny_report(tmp_path_factory):
    """One English report of SC with the small panel test and H1 = 10 %; its report data
    kept, so that other figures can be set in and report.md written again (a pure
    function of the data)."""
    kept = {}
    compute = report_mod._compute

    def keep(*args, **kwargs):
        kept["data"] = compute(*args, **kwargs)
        return kept["data"]

    out = tmp_path_factory.mktemp("trust") / "report"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(report_mod, "TRUST_EVALUATION", TINY)
        mp.setattr(report_mod, "_compute", keep)
        report_mod.write_report(out, scenarios=[SC], n_paths=PATHS, seed=SEED,
                                nowcast={"H1": H1}, progress=False)
    md = (out / "report.md").read_text(encoding="utf-8")
    return {"out": out, "md": md, "data": kept["data"], "evaluations": _evaluations(TINY)}


def _section(md: str, title: str) -> str:
    head = next(m for m in re.finditer(r"^## (\d+)\. (.+)$", md, flags=re.M)
                if m.group(2) == title)
    return md[head.end():].split("\n## ", 1)[0]


# -- how far can these probabilities be trusted? ------------------------------------------
def test_trust_section_and_chart_are_in_the_report(tiny_report):
    out, md = tiny_report["out"], tiny_report["md"]
    section = _section(md, "How far can these probabilities be trusted?")
    assert "![Reliability of target probabilities, 5 years ahead]" \
           "(charts/trust_reliability.png)" in section
    assert "What it means for Hai Phong" in section
    from PIL import Image

    with Image.open(out / "charts" / "trust_reliability.png") as im:
        assert abs(im.size[0] - 16.0 / 2.54 * 300) <= 1           # full width, 300 dpi
    assert (out / "charts" / "trust_reliability.svg").exists()


def test_trust_numbers_are_those_of_an_independent_evaluation(tiny_report):
    md, evs = tiny_report["md"], tiny_report["evaluations"]
    section = _section(md, "How far can these probabilities be trusted?")
    fq = "fastest quarter"

    def at(ev, group, column):
        return float(ev.coverage.loc[(group, ev.windows.horizon), column])

    for m, ev in evs.items():
        name = L.model_name(m, "en")
        cells = [f"{L.fmt_prob(at(ev, g, 'coverage_80'), 'en')} "
                 f"({L.fmt_prob_range([at(ev, g, 'coverage_80_low'), at(ev, g, 'coverage_80_high')], 'en')})"
                 for g in ("all", fq)]
        pits = " / ".join(f"{ev.summary.loc[g, 'mean_pit']:.2f}" for g in ("all", fq))
        row = next(r for r in section.splitlines() if r.startswith(f"| {name[0].upper()}"))
        assert row.split(" | ")[1:] == [*cells, f"{pits} |"], m
        met = ev.criteria()["met"]
        assert f"{name} meets {int(met.sum())} of {len(met)}" in section
        k, n = (int(ev.summary.loc[fq, c]) for c in ("bins_within_2w", "bins_judged"))
        assert (f"the points of {name} lie within their sampling error of the diagonal in "
                f"{k} of {n} bins" if m == "rtm" else f"those of {name} in {k} of {n}") \
            in section
    rtm = evs["rtm"]
    assert (f"{len(rtm.windows)} forecasts in all, "
            f"{int(rtm.forecasts['fastest_quarter'].sum())} of them") in section
    assert f"growth records of {rtm.windows.n_economies} economies" in section
    assert "at each of the years 1970, 1980" in section
    held = L.fmt_prob(at(rtm, "all", "coverage_80"), "en")
    assert f"the model behind the outside-view scenario, held it {held} of the time" in section


def test_trust_tables_and_run_keys_record_the_configuration(tiny_report):
    out, evs = tiny_report["out"], tiny_report["evaluations"]
    cov = pd.read_csv(out / "tables" / "trust_coverage.csv", index_col=["model", "group"])
    for m, ev in evs.items():
        for g, s in ev.summary.iterrows():
            assert cov.loc[(m, g), "coverage_80"] == pytest.approx(s["coverage_80"], abs=1e-12)
            assert cov.loc[(m, g), "mean_pit"] == pytest.approx(s["mean_pit"], abs=1e-12)
            assert cov.loc[(m, g), "n"] == s["n"]
    rel = pd.read_csv(out / "tables" / "trust_reliability.csv")
    pts = evs["iid"].reliability_points("fastest quarter")
    judged = rel[(rel["model"] == "iid") & (rel["group"] == "fastest quarter") & rel["judged"]]
    np.testing.assert_allclose(judged["observed"], pts["observed"], atol=1e-12)
    run = pd.read_csv(out / "tables" / "run.csv", index_col="item")["value"]
    assert (run["trust_panel"], run["trust_window"], run["trust_horizon"],
            run["trust_origins"], run["trust_seed"], run["trust_n_paths"],
            run["trust_models"]) == ("pwt56", "9", "5", "1970,1980", "11", "300", "rtm,iid")
    md = tiny_report["md"]
    assert ("`hpf.evaluate(hpf.load_panel('pwt56'), model=m, window=9, horizon=5, "
            "origins=[1970, 1980], n_paths=300, n_boot=200, seed=11, benchmarks=()) for m "
            "in ('rtm', 'iid')`") in md


def test_the_panel_test_is_computed_once_per_configuration():
    first = report_mod._trust_data(TINY)
    again = report_mod._trust_data(dict(TINY))
    assert first.evaluations["rtm"] is again.evaluations["rtm"]     # kept, not recomputed
    assert list(first.evaluations) == ["rtm", "iid"]
    with pytest.raises(ValueError, match="must include 'rtm'"):
        report_mod._trust_data({**TINY, "models": ("iid",)})


def test_reliability_diagram_draws_the_evaluations_points(tiny_report):
    import matplotlib.pyplot as plt

    evs = tiny_report["evaluations"]
    fig, ax = plt.subplots()
    out = hpf.plot.reliability_diagram(evs, group="fastest quarter", dodge=1.0, ax=ax)
    assert out is ax and len(ax.containers) == 2
    diagonal = ax.get_lines()[0]
    assert list(diagonal.get_xdata()) == [0, 100] == list(diagonal.get_ydata())
    for k, (m, ev) in enumerate(evs.items()):
        pts = ev.reliability_points("fastest quarter")
        line = ax.containers[k].lines[0]
        np.testing.assert_allclose(line.get_ydata(), 100 * pts["observed"])
        np.testing.assert_allclose(line.get_xdata(),
                                   100 * pts["mean_predicted"] + (k - 0.5) * 1.0)
        bars = ax.containers[k].lines[2][0].get_segments()
        np.testing.assert_allclose([s[0][1] for s in bars], 100 * pts["observed_low_2w"])
        np.testing.assert_allclose([s[1][1] for s in bars], 100 * pts["observed_high_2w"])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "reliable: predicted = observed", "rtm", "iid"]              # the dict's labels
    assert ax.get_title(loc="left") == "Fastest-growing quarter"
    assert ax.get_xlim() == (0.0, 100.0) == ax.get_ylim()
    one = hpf.plot.reliability_diagram(evs["iid"], ax=plt.figure().gca())
    assert one.get_legend().get_texts()[1].get_text() == "independent growth (iid)"
    assert one.get_title(loc="left") == "All economies"
    vi = hpf.plot.reliability_diagram(evs["rtm"].reliability_points(), lang="vi",
                                      interval="economy", legend=False, ax=plt.figure().gca())
    assert vi.get_xlabel().startswith("Xác suất") and vi.get_legend() is None
    pts = evs["rtm"].reliability_points()
    bars = vi.containers[0].lines[2][0].get_segments()
    np.testing.assert_allclose([b[0][1] for b in bars], 100 * pts["observed_low"])


@pytest.mark.parametrize("kwargs, error, match", [
    ({"evaluation": 3}, TypeError, "evaluation must be an Evaluation"),
    ({"evaluation": {}}, TypeError, "non-empty dict"),
    ({"evaluation": {"a": 3}}, TypeError, r"evaluation\['a'\] must be an Evaluation"),
    ({"evaluation": pd.DataFrame({"x": [1]})}, ValueError, "missing column"),
    ({"family": "other"}, ValueError, "family"),
    ({"interval": "three_way"}, ValueError, "interval"),
    ({"group": "slowest"}, ValueError, "group"),
    ({"dodge": 50}, ValueError, "dodge"),
])
def test_reliability_diagram_refuses_bad_input(tiny_report, kwargs, error, match):
    kwargs = {"evaluation": tiny_report["evaluations"]["rtm"], **kwargs}
    with pytest.raises(error, match=match):
        hpf.plot.reliability_diagram(**kwargs)


# -- what this year's releases so far change -----------------------------------------------
def _independent_update(h1: float) -> pd.DataFrame:
    with pytest.warns(hpf.ShortSampleWarning):
        nc = hpf.nowcast(2026, {"H1": h1})
    return nc.update(SC, n_paths=PATHS, seed=SEED).dropna(subset=["before"])


def test_nowcast_section_equals_an_independent_update(tiny_report):
    out, md = tiny_report["out"], tiny_report["md"]
    expected = _independent_update(H1)
    table = pd.read_csv(out / "tables" / "nowcast_update.csv", index_col=["scenario", "target"])
    got = table.xs(SC.name, level="scenario")
    pd.testing.assert_frame_equal(got[["before", "after", "change", "se_change"]],
                                  expected[["before", "after", "change", "se_change"]],
                                  check_exact=False, atol=1e-12)
    probs = pd.read_csv(out / "tables" / "probabilities.csv", index_col=["scenario", "target"])
    tid = "grdp_growth_2026_2030_hdnd"     # "before" is the report's own probability
    assert expected.loc[tid, "before"] == pytest.approx(probs.loc[(SC.name, tid),
                                                                  "probability"])
    section = _section(md, "What this year's releases so far change")
    row = next(r for r in section.splitlines() if r.startswith("| Average real GRDP"))
    assert (f"{L.fmt_prob(expected.loc[tid, 'before'], 'en')} → "
            f"{L.fmt_prob(expected.loc[tid, 'after'], 'en')}") in row
    assert "The H1 figure of 2026 was given for this report: real GRDP growth of 10.0 %" \
        in section
    assert "![Real GRDP growth, 2026: given H1](charts/nowcast_grdp_growth.png)" in section
    assert (out / "charts" / "nowcast_grdp_growth.svg").exists()
    assert "--h1 0.1" in md                              # the command that writes it again
    assert "With the H1 2026 figure (10.0 %)" in _section(md, "Summary")


def test_a_higher_half_year_figure_raises_the_after_probabilities(tiny_report):
    sim = hpf.simulate(SC, n_paths=PATHS, seed=SEED)
    low, high = (report_mod._nowcast_data([sim], {"H1": h}, n_paths=PATHS, seed=SEED)
                 for h in (0.09, 0.13))
    a, b = (nd.update.xs(SC.name, level="scenario") for nd in (low, high))
    pd.testing.assert_series_equal(a["before"], b["before"])     # the same random numbers
    assert (b["after"] > a["after"]).all()
    assert high.nc.probability() > low.nc.probability()
    pd.testing.assert_frame_equal(b[["before", "after"]],
                                  _independent_update(0.13)[["before", "after"]])
    md = report_mod._markdown(dataclasses.replace(tiny_report["data"], nowcast=high),
                              report_mod._Charts(nowcast="nc"), workbook=False)
    tid = "grdp_growth_2026_2030_hdnd"
    assert (f"{L.fmt_prob(b.loc[tid, 'before'], 'en')} → "
            f"{L.fmt_prob(b.loc[tid, 'after'], 'en')}") in md


def _with_rows(rows: list[dict]):
    table = hpf.load_partial_year()
    table = table[table["year"] != 2026]           # whatever the package holds for 2026
    if not rows:
        return lambda *a, **k: table.reset_index(drop=True)
    base = {"indicator": "grdp_growth_real", "year": 2026, "qualifier": "", "unit": "fraction",
            "kind": "estimate", "boundary": "merged_city", "preferred": True, "note": ""}
    extra = pd.DataFrame([{**base, **r} for r in rows]).astype(table.dtypes.to_dict())
    return lambda *a, **k: pd.concat([table, extra], ignore_index=True)


def test_the_latest_embedded_release_is_used_and_named(tiny_report, monkeypatch):
    monkeypatch.setattr(hpf.data, "load_partial_year", _with_rows([
        {"period": "Q1", "value": 0.105, "release_date": "2026-04-03", "source": "Q1 source",
         "source_url": "https://example.org/q1"},
        {"period": "H1", "value": 0.112, "release_date": "2026-07-06",
         "source": "Hai Phong Statistics Office (a test row)",
         "source_url": "https://example.org/h1"},
        {"period": "9M", "value": 0.2, "release_date": "2026-10-01", "source": "other city",
         "source_url": "", "boundary": "old_city"},                       # not the city's
    ]))
    sim = hpf.simulate(SC, n_paths=PATHS, seed=SEED)
    nd = report_mod._nowcast_data([sim], None, n_paths=PATHS, seed=SEED)
    assert nd.status == "release" and dict(nd.known) == {"Q1": 0.105, "H1": 0.112}
    assert nd.nc.period == "H1" and nd.release["release_date"] == "2026-07-06"
    pd.testing.assert_frame_equal(nd.update.xs(SC.name, level="scenario")[["before", "after"]],
                                  _independent_update(0.112)[["before", "after"]])
    data = dataclasses.replace(tiny_report["data"], nowcast=nd)
    md = report_mod._markdown(data, report_mod._Charts(nowcast="nc"), workbook=False)
    assert ("The latest release for 2026: real GRDP growth of 11.2 % in H1 over the same "
            "months a year before (6 July 2026, [Hai Phong Statistics Office (a test row)]"
            "(https://example.org/h1))") in md
    assert "--h1" not in md                   # the default picks the release up again
    assert report_mod._nowcast_run(nd)["nowcast_release"] == (
        "H1 2026, 2026-07-06, Hai Phong Statistics Office (a test row)")
    vi = report_mod._markdown(dataclasses.replace(data, lang="vi"),
                              report_mod._Charts(nowcast="nc"), workbook=False)
    assert "công bố ngày 06/07/2026, [nguồn](https://example.org/h1)" in vi


def test_without_a_figure_the_section_says_how_to_add_one(tiny_report, monkeypatch):
    monkeypatch.setattr(hpf.data, "load_partial_year", _with_rows([]))
    sim = hpf.simulate(SC, n_paths=PATHS, seed=SEED)
    for nowcast, status, words in [
            (None, "none", "No partial-year figure for 2026 was given, and the package "
                           "holds none yet for merged Hai Phong"),
            (False, "off", "No partial-year figure was used for this report")]:
        nd = report_mod._nowcast_data([sim], nowcast, n_paths=PATHS, seed=SEED)
        assert nd.status == status and not nd.used
        md = report_mod._markdown(dataclasses.replace(tiny_report["data"], nowcast=nd),
                                  report_mod._Charts(), workbook=False)
        section = _section(md, "What this year's releases so far change")
        assert words in section and "nowcast_grdp_growth" not in md
        assert ("`hpforecast report --h1 0.118`" in section) == (status == "none")
    cargo = hpf.simulate(hpf.Scenario(name="cargo", growth={"port_cargo": 0.05},
                                      base_values={"port_cargo": 213.0}),
                         n_paths=PATHS, seed=SEED)
    assert report_mod._nowcast_data([cargo], None, n_paths=PATHS,
                                    seed=SEED).status == "not_applicable"


@pytest.mark.parametrize("nowcast, error, match", [
    (0.118, TypeError, r"nowcast must be a dict period -> real GRDP growth"),
    (True, TypeError, r"nowcast must be a dict .*got True"),
    ({}, TypeError, r"nowcast must be a dict"),
    ({"H3": 0.1}, ValueError, r"nowcast: period 'H3' is not one of 'Q1', 'H1', '9M'"),
    ({"H1": 11.8}, ValueError, r"nowcast\['H1'\] must be real GRDP growth so far as a "
                               r"fraction, like 0.118 .*got 11.8. Did you give a percentage"),
    ({"H1": "0.1"}, TypeError, r"nowcast\['H1'\] must be a real number; got '0.1'"),
    ({"H1": True}, TypeError, r"nowcast\['H1'\] must be a real number"),
    ({"H1": float("nan")}, ValueError, r"nowcast\['H1'\] must be a finite number"),
])
def test_bad_nowcast_values_raise_named_errors(tmp_path, nowcast, error, match):
    with pytest.raises(error, match=match):
        report_mod.write_report(tmp_path / "r", scenarios=[SC], n_paths=200, nowcast=nowcast)
    assert not (tmp_path / "r").exists()                     # nothing written


def test_nowcast_for_a_scenario_it_cannot_update_is_refused(tmp_path):
    sc = hpf.Scenario(name="cargo", growth={"port_cargo": 0.05},
                                      base_values={"port_cargo": 213.0})
    with pytest.raises(ValueError, match=r"nowcast: the main scenario 'cargo' has no growth "
                                         r"assumption of real GRDP"):
        report_mod.write_report(tmp_path / "r", scenarios=[sc], nowcast={"H1": 0.118})
    assert not (tmp_path / "r").exists()

