"""The report's sections of issues 13 and 15: how far its probabilities can be trusted (the
stored panel evaluation of ``benchmarks/eval_panels.py``, read with ``hpf.load_evaluation``)
and what this year's partial-year releases change (the nowcast, ``write_report(nowcast=...)``).

The stored evaluation is tied to the code by recomputing one run — rtm on PWT 5.6 with the
stored configuration, every origin year, exactly as the script does (~15 s) — and checking it
equals the stored rows; the report's numbers are checked against the stored file, in English
and in Vietnamese (the report no longer evaluates anything).
"""

import dataclasses
import hashlib
import importlib.util
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import hpforecast as hpf
from hpforecast import _i18n as L
from hpforecast import report as report_mod

ROOT = Path(__file__).resolve().parents[1]
PATHS, SEED, H1 = 400, 5, 0.10
FQ = "fastest quarter"
#: Real GRDP growth only (as the plan assumes it): one headline target, few charts.
SC = hpf.Scenario(name="growth_only", growth={"grdp_real": hpf.Normal(0.13, 0.023)},
                  persistence=0.3, base_year=2025, end_year=2030, boundary="merged_city")
#: Two origin years and two models, for the reliability diagram's Evaluation input.
TINY = {"window": 9, "horizon": 5, "origins": [1970, 1980], "n_paths": 300, "n_boot": 200,
        "seed": 11}


def _script():
    """benchmarks/eval_panels.py as a module (the code that wrote the stored files)."""
    spec = importlib.util.spec_from_file_location("eval_panels",
                                                  ROOT / "benchmarks" / "eval_panels.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def stored():
    return {"summary": hpf.load_evaluation(), "reliability": hpf.load_evaluation("reliability")}


@pytest.fixture(scope="module")
def tiny_evaluations():
    panel = hpf.load_panel("pwt56")
    return {m: hpf.evaluate(panel, model=m, **TINY, benchmarks=(), progress=False)
            for m in ("rtm", "iid")}


@pytest.fixture(scope="module")
def tiny_report(tmp_path_factory):
    """One English report of SC with H1 = 10 %; its report data kept, so that other figures
    can be set in and report.md written again (a pure function of the data)."""
    kept = {}
    compute = report_mod._compute

    def keep(*args, **kwargs):
        kept["data"] = compute(*args, **kwargs)
        return kept["data"]

    out = tmp_path_factory.mktemp("trust") / "report"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(report_mod, "_compute", keep)
        report_mod.write_report(out, scenarios=[SC], n_paths=PATHS, seed=SEED,
                                nowcast={"H1": H1}, progress=False)
    md = (out / "report.md").read_text(encoding="utf-8")
    return {"out": out, "md": md, "data": kept["data"]}


def _section(md: str, title: str) -> str:
    head = next(m for m in re.finditer(r"^## (\d+)\. (.+)$", md, flags=re.M)
                if m.group(2) == title)
    return md[head.end():].split("\n## ", 1)[0]


# -- the stored evaluation and the code that wrote it --------------------------------------
def test_the_stored_evaluation_equals_a_run_computed_again(stored):
    """rtm on PWT 5.6 (PWT 9.1 parameters, out of sample) with the stored configuration,
    as benchmarks/eval_panels.py computes and stores it; without the naive benchmarks, which
    change only the CRPS skill columns (each model draws from the same seed)."""
    ep = _script()
    prov = stored["summary"].attrs["provenance"]
    assert int(prov["n_paths"]) == ep.CONFIG["n_paths"] and prov["origins"] == "every year"
    run = ("pwt56", "rtm", "pwt91")
    label = next(r[3] for r in ep.RUNS if r[:3] == run)
    _, _, ev, _ = ep.run((*run, label, 1, int(prov["n_paths"])), benchmarks=())
    assert (ev.settings["window"], ev.settings["horizon"], ev.settings["n_boot"],
            ev.settings["seed"]) == tuple(int(prov[k]) for k in ("window", "horizon",
                                                                 "n_boot", "seed"))
    again = ep.summary_rows(*run, ev).set_index(["panel", "model", "parameters", "group"])
    kept = stored["summary"].xs(run, level=["panel", "model", "parameters"],
                                drop_level=False)
    skip = ["skill_vs_naive_mean", "skill_vs_naive_rw", "notes"]
    pd.testing.assert_frame_equal(again.drop(columns=skip), kept.drop(columns=skip),
                                  check_exact=False, rtol=1e-12, atol=1e-12,
                                  check_dtype=False)
    points = ep.reliability_rows(*run, ev).set_index(["panel", "model", "parameters", "group",
                                                      "bin"])
    kept = stored["reliability"].xs(run, level=["panel", "model", "parameters"],
                                    drop_level=False)
    pd.testing.assert_frame_equal(points, kept, check_exact=False, rtol=1e-12, atol=1e-12,
                                  check_dtype=False)
    # and independently of the script's row-making: the Evaluation's own tables
    row = stored["summary"].loc[(*run, FQ)]
    assert row["coverage_80"] == pytest.approx(ev.summary.loc[FQ, "coverage_80"], abs=1e-12)
    assert row["criteria_met"] == int(ev.criteria().loc[FQ, "met"].sum())
    np.testing.assert_allclose(
        stored["reliability"].loc[(*run, FQ), "observed_high_2w"],
        ev.reliability_points(FQ)["observed_high_2w"], atol=1e-12)


def test_the_stored_evaluation_records_its_provenance(stored):
    s, rel = stored["summary"], stored["reliability"]
    prov = s.attrs["provenance"]
    assert rel.attrs["provenance"] == prov
    for key in ("hpforecast_version", "git_commit", "command", "date", "window", "horizon",
                "origins", "n_paths", "n_boot", "seed", "thresholds"):
        assert prov[key], key
    assert re.fullmatch(r"[0-9a-f]{40}", prov["git_commit"])
    assert prov["command"].startswith("python benchmarks/eval_panels.py")
    assert "--write" in prov["command"]
    data = ROOT / "hpforecast" / "data"
    for name in ("panel_pwt91.csv", "panel_pwt56.csv", "rtm_parameters.csv"):
        key = ("rtm_parameters_sha256" if name.startswith("rtm")
               else f"panel_{name[6:11]}_sha256")
        assert prov[key] == hashlib.sha256((data / name).read_bytes()).hexdigest(), (
            f"{name} changed since the stored evaluation: run "
            "`python benchmarks/eval_panels.py --write`")
    runs = set(s.index.droplevel("group"))
    assert runs == {r[:3] if r[1] == "rtm" else (*r[:2], "") for r in _script().RUNS}
    assert set(s.loc[("pwt91", "rtm", "pwt91"), "sample"]) == {"in"}
    assert set(s["sample"]) == {"in", "out"}
    assert (s["coverage_80_low"] <= s["coverage_80"]).all()
    assert (s["coverage_80"] <= s["coverage_80_high"]).all()
    assert ((rel["observed_low_2w"] <= rel["observed"])
            & (rel["observed"] <= rel["observed_high_2w"])).all()
    with pytest.raises(ValueError, match="table"):
        hpf.load_evaluation("bins")


# -- how far can these probabilities be trusted? ------------------------------------------
def test_trust_section_and_chart_are_in_the_report(tiny_report):
    out, md = tiny_report["out"], tiny_report["md"]
    section = _section(md, "How far can these probabilities be trusted?")
    assert "![Reliability of target probabilities, 5 years ahead, PWT 5.6]" \
           "(charts/trust_reliability.png)" in section
    assert "What it means for Hai Phong" in section
    from PIL import Image

    with Image.open(out / "charts" / "trust_reliability.png") as im:
        assert abs(im.size[0] - 16.0 / 2.54 * 300) <= 1           # full width, 300 dpi
    assert (out / "charts" / "trust_reliability.svg").exists()


def _cells(s: pd.DataFrame, run: tuple, lang: str) -> list[str]:
    out = []
    for g in ("all", FQ):
        r = s.loc[(*run, g)]
        lo, hi = (L.fmt_number(100 * r[c], lang, 1) for c in ("coverage_80_low",
                                                              "coverage_80_high"))
        out.append(f"{L.fmt_percent(r['coverage_80'], lang, 1)} ({lo}–{hi}{L.pct_sign(lang)})")
    pits = " / ".join(L.fmt_number(s.loc[(*run, g), "mean_pit"], lang, 2) for g in ("all", FQ))
    return [*out, pits]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_trust_numbers_are_the_stored_ones(tiny_report, stored, lang):
    data = dataclasses.replace(tiny_report["data"], lang=lang)
    md = report_mod._markdown(data, report_mod._Charts(trust="trust_reliability"),
                              workbook=False)
    title = L.text("s_trust", lang)
    section = _section(md, title)
    s = stored["summary"]
    runs = report_mod.TRUST_EVALUATION["runs"]
    table = [r for r in section.splitlines() if r.startswith("| ") and "---" not in r][1:]
    assert len(table) == len(runs)
    for row, run in zip(table, runs):
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        assert cells[0].lower().startswith(L.model_name(run[1], lang).lower()), run
        assert cells[2:] == _cells(s, run, lang), run
        sample = s.loc[(*run, "all"), "sample"]
        word = {"en": {"in": "in sample", "out": "out of sample"},
                "vi": {"in": "trong mẫu", "out": "ngoài mẫu"}}[lang][sample]
        assert (word in cells[1]) == (run[1] == "rtm"), run
    assert "(" + L.text("trust_used", lang, name="x").split("(")[1] in table[0]
    for run in runs:          # every run's criteria, as stored
        k, m = (int(s.xs(run, level=["panel", "model", "parameters"])[c].sum())
                for c in ("criteria_met", "criteria"))
        short = run[0].replace("pwt91", "PWT 9.1").replace("pwt56", "PWT 5.6")
        assert L.text("trust_met_item", lang, k=k, m=m, panel=short, sample="") in section
    firsts = {p: next(r for r in runs if r[0] == p) for p in ("pwt56", "pwt91")}
    n = sum(int(s.loc[(*r, "all"), "n"]) for r in firsts.values())
    n_fast = sum(int(s.loc[(*r, FQ), "n"]) for r in firsts.values())
    assert f" {L.fmt_number(n, lang)} " in section and f" {L.fmt_number(n_fast, lang)} " in section
    for r in firsts.values():
        e = s.loc[(*r, "all")]
        assert f"{int(e['n_economies'])} " in section
        assert f"{int(e['origin_first'])}–{int(e['origin_last'])}" in section
    out = [r for r in runs if r[1] == "rtm" and s.loc[(*r, "all"), "sample"] == "out"]
    lo, hi = (f(s.loc[[(*r, "all") for r in out], "coverage_80"]) for f in (min, max))
    assert (f"{L.fmt_number(100 * lo, lang, 1)}–{L.fmt_percent(hi, lang, 1)}") in section
    fig = [r for r in runs if r[0] == report_mod.TRUST_EVALUATION["figure"]
           and s.loc[(*r, "all"), "sample"] == "out"]
    rtm = s.loc[(*fig[0], FQ)]
    assert f"{int(rtm['bins_within_2w'])}{' of ' if lang == 'en' else '/'}" \
           f"{int(rtm['bins_judged'])}" in section
    prov = s.attrs["provenance"]
    day = L.fmt_date(pd.Timestamp(prov["date"]).date(), lang)
    # the section cites the stored evaluation by its date; how it was computed (command,
    # commit) is for the technical annex, not the planner-facing text
    assert day in section and prov["git_commit"][:7] not in section and "`" not in section
    tech = md.split("## " + ("Annex D." if lang == "en" else "Phụ lục D."))[1]
    assert f"n_paths={prov['n_paths']}" in tech and prov["git_commit"][:7] in tech


def test_trust_tables_and_run_keys_are_the_stored_ones(tiny_report, stored):
    out = tiny_report["out"]
    idx = ["panel", "model", "parameters", "group"]
    cov = pd.read_csv(out / "tables" / "trust_coverage.csv", index_col=idx,
                      keep_default_na=False, encoding="utf-8-sig")
    s = stored["summary"]
    for key, row in cov.iterrows():
        for c in ("coverage_80", "coverage_80_low", "mean_pit", "n", "criteria_met"):
            assert float(row[c]) == pytest.approx(float(s.loc[key, c]), abs=1e-15), (key, c)
    assert len(cov) == 2 * len(report_mod.TRUST_EVALUATION["runs"])
    rel = pd.read_csv(out / "tables" / "trust_reliability.csv", keep_default_na=False,
                      encoding="utf-8-sig")
    mine = rel[(rel["panel"] == "pwt56") & (rel["model"] == "iid") & (rel["group"] == FQ)]
    np.testing.assert_allclose(mine["observed"].astype(float),
                               stored["reliability"].loc[("pwt56", "iid", "", FQ), "observed"],
                               atol=1e-15)
    run = pd.read_csv(out / "tables" / "run.csv", index_col="item")["value"]
    prov = s.attrs["provenance"]
    assert run["trust_file"] == "hpforecast/data/evaluation_panels.csv"
    for k in report_mod.TRUST_RUN_KEYS:
        assert str(run[f"trust_{k}"]).strip() == prov[k].strip(), k
    assert run["trust_runs"].startswith("pwt56/rtm/pwt91; pwt91/rtm/pwt56")


def test_the_runs_shown_must_be_stored():
    good = dict(report_mod.TRUST_EVALUATION)
    tr = report_mod._trust_data(good)
    assert tr.rtm_out == [("pwt56", "rtm", "pwt91"), ("pwt91", "rtm", "pwt56")]
    assert tr.rtm_in == [("pwt91", "rtm", "pwt91")]
    assert tr.figure_runs == [("pwt56", "rtm", "pwt91"), ("pwt56", "iid", ""),
                              ("pwt56", "ar1", "")]
    with pytest.raises(ValueError, match=r"must name stored runs .*\('pwt56', 'rtm', 'pwt56'\)"):
        report_mod._trust_data({**good, "runs": (("pwt56", "rtm", "pwt56"),)})
    with pytest.raises(ValueError, match="regression to the mean among them"):
        report_mod._trust_data({**good, "runs": (("pwt56", "iid", ""),)})
    with pytest.raises(ValueError, match=r"TRUST_EVALUATION\['figure'\]"):
        report_mod._trust_data({**good, "figure": "pwt70"})


def test_reliability_diagram_draws_the_stored_points(stored):
    import matplotlib.pyplot as plt

    rel = stored["reliability"]
    runs = {"rtm": rel.loc[("pwt56", "rtm", "pwt91")], "ar1": rel.loc[("pwt56", "ar1", "")]}
    ax = hpf.plot.reliability_diagram(runs, group=FQ, dodge=1.0, ax=plt.figure().gca())
    for k, pts in enumerate(runs.values()):
        pts = pts.xs(FQ, level="group")
        line = ax.containers[k].lines[0]
        np.testing.assert_allclose(line.get_ydata(), 100 * pts["observed"])
        np.testing.assert_allclose(line.get_xdata(), 100 * pts["mean_predicted"] + (k - 0.5))
        bars = ax.containers[k].lines[2][0].get_segments()
        np.testing.assert_allclose([b[1][1] for b in bars], 100 * pts["observed_high_2w"])
    flat = rel.loc[("pwt56", "rtm", "pwt91")].reset_index()          # a group column
    one = hpf.plot.reliability_diagram(flat, group="all", ax=plt.figure().gca())
    np.testing.assert_allclose(one.containers[0].lines[0].get_ydata(),
                               100 * flat.loc[flat["group"] == "all", "observed"])
    with pytest.raises(ValueError, match=r"group must be one of \['all', 'fastest quarter'\]"):
        hpf.plot.reliability_diagram(flat, group="slowest", ax=plt.figure().gca())


def test_reliability_diagram_draws_the_evaluations_points(tiny_evaluations):
    import matplotlib.pyplot as plt

    evs = tiny_evaluations
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
def test_reliability_diagram_refuses_bad_input(tiny_evaluations, kwargs, error, match):
    kwargs = {"evaluation": tiny_evaluations["rtm"], **kwargs}
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
        # how to add one: said in the section, the command in the technical annex only
        assert ("Annex D says how" in section) == (status == "none")
        assert "`hpforecast report --h1 0.118`" not in section
        assert ("`hpforecast report --h1 0.118`" in md) == (status == "none")
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
    ({"H1": 11.8}, ValueError, r"nowcast\['H1'\] must be the growth so far as a "
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

