"""Progress bars on long work (issue 14, item 18): drawn when asked, silent when not,
never changing a number, and a named error for a bad ``progress=``."""

import numpy as np
import pandas as pd
import pytest

import hpforecast as hpf
from hpforecast.progress import check_progress, progress_bar, show_progress

SC = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.12, 0.02),
                          "port_cargo": hpf.Normal(0.10, 0.04)},
                  correlation={("grdp_real", "port_cargo"): 0.5},
                  base_values={"grdp_real": 100.0, "port_cargo": 213.0})
CARGO = hpf.Target.level("port_cargo", 2030, 340.0)
GROWTH = hpf.Target.average_growth("grdp_real", 2026, 2030, 0.12)


def _panel():
    panel = hpf.load_panel("pwt56")
    return panel[panel["economy"].isin(["Japan", "Kenya", "Mexico", "Sweden", "India"])]


def _series():
    years = np.arange(1995, 2026)
    g = 0.07 + 0.02 * np.sin(years / 3.0)
    return pd.Series(g, index=years, name="grdp_real")


# Each long function with small sizes, its bar's description and a way to compare results.
CALLS = {
    "sobol": (lambda progress: hpf.sobol(SC, CARGO, n=256, seed=1, n_bootstrap=20,
                                         progress=progress),
              "Sobol indices"),
    "shapley": (lambda progress: hpf.shapley(SC, CARGO, n_outer=64, n_var=500, seed=1,
                                             progress=progress),
                "Shapley effects"),
    "growth_needed": (lambda progress: hpf.growth_needed(GROWTH, 0.5, scenario=SC,
                                                         n_paths=500, progress=progress
                                                         ).to_frame(),
                      "growth needed"),
    "probability_curve": (lambda progress: hpf.probability_curve(
        GROWTH, scenario=SC, n_paths=500, points=3, progress=progress), "probability curve"),
    "backtest": (lambda progress: hpf.backtest(_series(), model="iid", origins=[2018, 2019],
                                               n_paths=200, n_draws=200,
                                               progress=progress).forecasts,
                 "backtest iid"),
    "evaluate": (lambda progress: hpf.evaluate(_panel(), model="naive_mean", origins=10,
                                               n_paths=200, n_boot=100, benchmarks=[],
                                               progress=progress).summary,
                 "evaluate naive_mean"),
}


def _quiet(fn, progress):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", hpf.ShortSampleWarning)
        return fn(progress)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_bar_when_asked_and_the_same_numbers(name, capsys):
    fn, desc = CALLS[name]
    shown = _quiet(fn, True)
    err = capsys.readouterr().err
    assert desc in err, f"{name}: no bar on stderr with progress=True: {err[:200]!r}"
    silent = _quiet(fn, False)
    assert capsys.readouterr().err == ""
    pd.testing.assert_frame_equal(shown, silent)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_no_bar_by_default_under_tests(name, capsys):
    """None means only in a terminal or a notebook: a test's captured stderr is neither."""
    _quiet(CALLS[name][0], None)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("name", sorted(CALLS))
def test_bad_progress_is_named(name):
    with pytest.raises(TypeError, match=r"progress must be True, False or None; got 'yes'"):
        _quiet(CALLS[name][0], "yes")


def test_the_rule():
    assert show_progress(True) is True and show_progress(False) is False
    assert show_progress(None) is False          # PYTEST_CURRENT_TEST is set
    assert check_progress(None) is None
    with pytest.raises(TypeError, match="got 1"):
        check_progress(1)
    bar = progress_bar(range(3), progress=False)
    assert list(bar) == [0, 1, 2]
