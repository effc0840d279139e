"""The inside and the outside view side by side (issue 13): the ready-made scenarios.

- trend uses the simulated boundary's record (merged city 2018-2025);
- plan_realism reports the gaps with and without 2020, and plan_adjusted says which;
- outside_view: rtm toward Viet Nam's outlook, every other driver as trend, its scenario
  reproducing the model's own probability; shown by the CLI and the explorer.
"""

import numpy as np
import pytest

import hpforecast as hpf
from hpforecast.data import embedded_history, preferred_value

TARGET = hpf.Target.average_growth("grdp_real", 2025, 2030, 0.13)


def test_trend_uses_the_merged_city_record():
    hist = embedded_history()
    rec = [preferred_value("grdp_growth_real", y, "merged_city", hist) for y in range(2018, 2026)]
    sc = hpf.scenarios.trend()
    assert sc.boundary == "merged_city"
    assert sc.growth["grdp_real"][2026].mean == pytest.approx(np.mean(rec), abs=1e-6)
    assert sc.growth["grdp_real"][2026].sd == pytest.approx(np.std(rec, ddof=1), abs=1e-6)
    st = hpf.scenarios.record_statistics()
    assert st.at["grdp_growth_mean", "n"] == 8
    assert st.at["grdp_growth_mean_old_city", "value"] == pytest.approx(0.1292, abs=1e-4)
    assert "merged city's record 2018–2025" in sc.description


def test_plan_realism_with_and_without_2020():
    pr = hpf.plan_realism()
    s = pr.summary.loc["grdp_growth_real"]
    gaps = pr.gaps.drop(2020)
    assert s["n_without_2020"] == pr.n - 1 == len(gaps)
    assert s["mean_gap_without_2020"] == pytest.approx(gaps.mean())
    assert s["sd_gap_without_2020"] == pytest.approx(gaps.std(ddof=1))
    assert s["mean_gap"] == pytest.approx(pr.mean)           # all years, as before
    assert pr.without([2020, 2021]).n == pr.n - 2
    with pytest.raises(ValueError, match="fewer than two years"):
        pr.without(range(2017, 2025))
    # a record without 2020: the without-2020 columns equal the all-years ones
    late = hpf.plan_realism(start=2021).summary.iloc[0]
    assert late["mean_gap_without_2020"] == pytest.approx(late["mean_gap"])
    sc = hpf.scenarios.plan_adjusted()
    assert sc.growth["grdp_real"][2026].mean == pytest.approx(0.13 + pr.mean, abs=1e-6)
    assert "2020 included" in sc.description and "without 2020: -0.05" in sc.description


def test_outside_view_is_rtm_toward_viet_nam_with_trends_other_drivers():
    out, trend = hpf.scenarios.outside_view(), hpf.scenarios.trend()
    assert set(out.drivers) == set(trend.drivers)
    for d in trend.growth:
        if d != "grdp_real":
            assert out.growth[d] == trend.growth[d]
    assert out.levels == trend.levels and out.correlation == trend.correlation
    st = hpf.scenarios.outside_view_statistics()
    p = hpf.calibration.rtm_parameters()
    assert st.at["rtm_rho", "value"] == pytest.approx(p.estimate["rho"])
    assert 0.03 < st.at["reference_median", "value"] < 0.07        # Viet Nam's outlook
    assert st.at["rtm_r", "value"] < st.at["reference_median", "value"] < \
        st.at["long_run_mean", "value"] < st.at["record_mean", "value"]
    assert "Viet Nam's own outlook" in out.description and "rho = 0.925" in out.description
    # the scenario's marginals and persistence reproduce the model's own probability
    sim = hpf.simulate(out, n_paths=40_000, seed=11)
    p_scen = float(sim.probability(TARGET)["probability"].iloc[0])
    assert abs(p_scen - st.at["p_average_growth_13", "value"]) < 0.008
    # the outside view is below every inside view
    table = hpf.probability_table([hpf.scenarios.plan(), trend, hpf.scenarios.plan_adjusted(),
                                   out], [TARGET], n_paths=20_000, seed=3)
    probs = table["probability"].unstack("scenario").iloc[0]
    assert probs["outside_view"] < min(probs["plan"], probs["trend"], probs["plan_adjusted"])
    assert "outside_view" in hpf.scenarios.READY_MADE


def test_cli_and_explorer_show_the_outside_view(capsys):
    from hpforecast.cli import main

    assert main(["--paths", "2000"]) == 0
    out = capsys.readouterr().out
    assert "outside_view" in out.splitlines()[2] and "Why they differ:" in out
    ex = hpf.Explorer("outside_view", n_paths=2000)
    assert ex.base.name == "outside_view"
    ready = ex.ready_made()
    assert list(ready.columns) == ["threshold", *hpf.scenarios.READY_MADE]
    ex.choose("trend")
    assert ex.base.name == "trend"
    with pytest.raises(ValueError, match="scenario must be one of 'plan', 'trend'"):
        hpf.Explorer("optimistic")
