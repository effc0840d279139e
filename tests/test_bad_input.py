"""Every bad input named in the engine issue gets a clear error from the library itself."""

import math

import numpy as np
import pandas as pd
import pytest

import hpforecast as hpf

BV = {"grdp_real": 100.0, "port_cargo": 200.0}


def sc(**kw):
    kw.setdefault("growth", {"grdp_real": hpf.Normal(0.13, 0.015)})
    kw.setdefault("base_values", {"grdp_real": 100.0})
    return hpf.Scenario(**kw)


def test_growth_in_percent():
    with pytest.raises(ValueError, match=r"fraction per year, like 0\.13; got 13.*percentage"):
        sc(growth={"grdp_real": 13})
    with pytest.raises(ValueError, match=r"fraction.*got 13\.0.*percentage"):
        sc(growth={"grdp_real": hpf.Normal(13.0, 1.5)})
    with pytest.raises(ValueError, match=r"threshold.*fraction.*got 13"):
        hpf.Target.average_growth("grdp_real", 2025, 2030, 13)


def test_negative_sd():
    with pytest.raises(ValueError, match=r"sd.*-0\.01"):
        hpf.Normal(0.13, -0.01)


def test_skew_out_of_range():
    with pytest.raises(ValueError, match=r"skew.*1\.0"):
        hpf.TwoPieceNormal(0.13, 0.01, 1.0)
    with pytest.raises(ValueError, match=r"skew.*-1\.5"):
        hpf.TwoPieceNormal(0.13, 0.01, -1.5)


def test_correlation_out_of_range_or_not_psd():
    g = {"grdp_real": hpf.Normal(0.13, 0.01), "port_cargo": hpf.Normal(0.1, 0.02),
         "exports": hpf.Normal(0.1, 0.02)}
    bv = {**BV, "exports": 50.0}
    with pytest.raises(ValueError, match=r"correlation.*<= 1\.0; got 1\.2"):
        hpf.Scenario(growth=g, base_values=bv, correlation={("grdp_real", "port_cargo"): 1.2})
    with pytest.raises(ValueError, match=r"positive semi-definite.*smallest eigenvalue"):
        hpf.Scenario(growth=g, base_values=bv,
                     correlation={("grdp_real", "port_cargo"): 0.9,
                                  ("grdp_real", "exports"): 0.9,
                                  ("port_cargo", "exports"): -0.9})
    with pytest.raises(ValueError, match=r"combined with persistence"):
        hpf.Scenario(growth=g, base_values=bv, persistence={"grdp_real": 0.95,
                                                            "port_cargo": -0.9},
                     correlation={("grdp_real", "port_cargo"): 0.99})


def test_unknown_indicator_lists_known_ones():
    with pytest.raises(ValueError, match=r"'grdp_rael' is not.*Known indicators: .*grdp_real"):
        sc(growth={"grdp_rael": 0.1})
    sim = hpf.simulate(sc(), n_paths=10, seed=1)
    with pytest.raises(ValueError, match=r"'cargo' is not a known indicator.*grdp_real"):
        sim.paths("cargo")
    with pytest.raises(ValueError, match=r"'gdp' is not a known indicator"):
        hpf.Target.level("gdp", 2030, 1.0)


def test_end_year_not_after_base_year():
    with pytest.raises(ValueError, match=r"end_year must be after base_year \(2025\); got "
                                         r"end_year=2025"):
        sc(end_year=2025)


def test_target_year_outside_simulation_and_history():
    sim = hpf.simulate(sc(), n_paths=10, seed=1)
    with pytest.raises(ValueError, match=r"year 2035 is outside the simulated years 2025–2030"):
        sim.probability(hpf.Target.level("grdp_real", 2035, 1.0))
    with pytest.raises(ValueError, match=r"year 1990 is outside"):
        sim.probability(hpf.Target.level("grdp_real", 1990, 1.0))


def test_n_paths_below_one():
    with pytest.raises(ValueError, match=r"n_paths must be >= 1; got 0"):
        hpf.simulate(sc(), n_paths=0)
    with pytest.raises(TypeError, match=r"n_paths must be an integer; got 1000\.0"):
        hpf.simulate(sc(), n_paths=1000.0)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_nan_or_infinity_anywhere(bad):
    with pytest.raises(ValueError, match=r"finite"):
        sc(growth={"grdp_real": bad})
    with pytest.raises(ValueError, match=r"finite|got nan|got inf"):
        hpf.Normal(0.1, bad)
    with pytest.raises(ValueError, match=r"finite"):
        sc(base_values={"grdp_real": bad})
    with pytest.raises(ValueError, match=r"finite"):
        sc(persistence=bad)
    with pytest.raises(ValueError, match=r"finite"):
        hpf.Target.level("grdp_real", 2030, bad)
    g = {"grdp_real": hpf.Normal(0.13, 0.01), "port_cargo": hpf.Normal(0.1, 0.02)}
    with pytest.raises(ValueError, match=r"finite"):
        hpf.Scenario(growth=g, base_values=BV, correlation={("grdp_real", "port_cargo"): bad})


def test_driver_with_no_base_value():
    s = hpf.Scenario(growth={"grdp_real": 0.1, "fdi_registered": 0.05}, base_year=2025,
                     base_values={"grdp_real": 1.0})
    with pytest.raises(ValueError, match=r"driver 'fdi_registered' has no base value.*"
                                         r"base_values=\{'fdi_registered': \.\.\.\}"):
        hpf.simulate(s, n_paths=10, seed=1)


@pytest.mark.parametrize("bad", [0.0, -5.0])
def test_base_level_zero_or_negative(bad):
    with pytest.raises(ValueError, match=rf"base_values\['grdp_real'\] must be > 0\.0; got "
                                         rf"{bad}"):
        sc(base_values={"grdp_real": bad})


@pytest.mark.parametrize("bad", [1.0, -1.0, 1.5])
def test_persistence_outside_open_interval(bad):
    with pytest.raises(ValueError, match=rf"persistence must be .* got {bad}"):
        sc(persistence=bad)
    with pytest.raises(ValueError, match=rf"persistence\['grdp_real'\].*got {bad}"):
        sc(persistence={"grdp_real": bad})


@pytest.mark.parametrize("bad", [1.5, "2030", [1]])
def test_seed_of_wrong_type(bad):
    with pytest.raises(TypeError, match=r"seed must be None, a non-negative integer or a "
                                        r"numpy.random.Generator; got"):
        hpf.simulate(sc(), n_paths=10, seed=bad)


def test_negative_seed():
    with pytest.raises(ValueError, match=r"seed must be a non-negative integer; got -3"):
        hpf.simulate(sc(), n_paths=10, seed=-3)


def test_scenario_type_and_sampler():
    with pytest.raises(TypeError, match=r"scenario must be an hpforecast.Scenario; got dict"):
        hpf.simulate({"grdp_real": 0.1})
    with pytest.raises(ValueError, match=r"sampler must be one of .*got 'qmc'"):
        hpf.simulate(sc(), sampler="qmc")


def test_growth_per_year_must_cover_every_year():
    with pytest.raises(ValueError, match=r"no assumption for year\(s\) 2028, 2029, 2030"):
        sc(growth={"grdp_real": {2026: 0.1, 2027: 0.1}})


def test_errors_are_not_raw_library_errors():
    # A non-PSD matrix must not surface as numpy's LinAlgError.
    g = {"grdp_real": hpf.Normal(0.13, 0.01), "port_cargo": hpf.Normal(0.1, 0.02),
         "exports": hpf.Normal(0.1, 0.02)}
    corr = pd.DataFrame(np.array([[1, 0.99, -0.99], [0.99, 1, 0.99], [-0.99, 0.99, 1]]),
                        index=list(g), columns=list(g))
    with pytest.raises(ValueError) as info:
        hpf.Scenario(growth=g, base_values={**BV, "exports": 1.0}, correlation=corr)
    assert type(info.value) is ValueError
    assert "positive semi-definite" in str(info.value)


def test_antithetic_needs_an_even_number_of_paths():
    with pytest.raises(ValueError, match=r"n_paths must be even with sampler='antithetic'.*"
                                         r"got 1001"):
        hpf.simulate(sc(), n_paths=1001, sampler="antithetic")


def test_correlation_frame_with_nan_or_text():
    g = {"grdp_real": hpf.Normal(0.13, 0.01), "port_cargo": hpf.Normal(0.1, 0.02)}
    idx = list(g)
    with pytest.raises(ValueError, match=r"correlation must hold finite numbers"):
        hpf.Scenario(growth=g, base_values=BV,
                     correlation=pd.DataFrame([[1, np.nan], [np.nan, 1]], index=idx, columns=idx))
    with pytest.raises(TypeError, match=r"correlation must hold numbers"):
        hpf.Scenario(growth=g, base_values=BV,
                     correlation=pd.DataFrame([[1, "x"], ["x", 1]], index=idx, columns=idx))


# -- issue 10: huge integers, unhashable values, labels, bools, descriptions ---------------
HUGE = 10 ** 400


def test_ints_too_large_for_a_float_are_value_errors():
    with pytest.raises(ValueError, match=r"mean must be a finite number; got 1000"):
        hpf.Normal(HUGE, 0.01)
    with pytest.raises(ValueError, match=r"sd must be a finite number; got 1000"):
        hpf.Normal(0.1, HUGE)
    with pytest.raises(ValueError, match=r"df must be a finite number; got 1000"):
        hpf.StudentT(0.1, 0.01, HUGE)
    with pytest.raises(ValueError, match=r"skew must be a finite number; got 1000"):
        hpf.TwoPieceNormal(0.1, 0.01, HUGE)
    with pytest.raises(ValueError, match=r"threshold must be a finite number; got 1000"):
        hpf.Target.level("port_cargo", 2030, HUGE)
    with pytest.raises(ValueError, match=r"growth\['grdp_real'\] must be a finite number"):
        sc(growth={"grdp_real": HUGE})
    with pytest.raises(ValueError, match=r"base_values\['grdp_real'\] must be a finite"):
        sc(base_values={"grdp_real": HUGE})
    with pytest.raises(ValueError, match=r"persistence must be a finite number"):
        sc(persistence=-HUGE)
    with pytest.raises(ValueError, match=r"base must be a finite number"):
        hpf.required_growth(HUGE, 1.0, 5)
    sim = hpf.simulate(sc(), n_paths=10, seed=1)
    with pytest.raises(ValueError, match=r"q must be a finite number"):
        sim.quantiles("grdp_real", [HUGE])


def test_unhashable_values_are_named():
    with pytest.raises(TypeError, match=r"indicator must be an indicator name \(str\); got "
                                        r"\['grdp_real'\]"):
        hpf.Target.average_growth(["grdp_real"], 2025, 2030, 0.1)
    with pytest.raises(TypeError, match=r"dist must be one of .*got \['normal'\]"):
        hpf.distributions.from_dict({"dist": ["normal"], "mean": 0.1, "sd": 0.01})
    with pytest.raises(TypeError, match=r"indicator must be an indicator name \(str\); got "
                                        r"\['grdp_real'\]"):
        hpf.plan_record(["grdp_real"])


def two_drivers_corr(frame):
    g = {"grdp_real": hpf.Normal(0.13, 0.01), "port_cargo": hpf.Normal(0.1, 0.02)}
    return hpf.Scenario(growth=g, base_values=BV, correlation=frame)


def test_correlation_frame_with_duplicate_or_non_string_labels():
    idx = ["grdp_real", "grdp_real"]
    dup = pd.DataFrame([[1, 0.5], [0.5, 1]], index=idx, columns=idx)
    with pytest.raises(ValueError, match=r"correlation: the DataFrame has duplicate driver "
                                         r"label\(s\) 'grdp_real'"):
        two_drivers_corr(dup)
    odd = pd.DataFrame([[1, 0.5], [0.5, 1]], index=["grdp_real", 0], columns=["grdp_real", 0])
    with pytest.raises(TypeError, match=r"correlation: driver labels must be strings; got 0 "
                                        r"of type int"):
        two_drivers_corr(odd)


def test_description_and_name_must_be_strings():
    with pytest.raises(TypeError, match=r"description must be a string; got \['a'\] of type "
                                        r"list"):
        sc(description=["a"])
    with pytest.raises(TypeError, match=r"description must be a string; got 123"):
        sc(description=123)


def test_boundary_must_be_a_known_territory():
    with pytest.raises(TypeError, match=r"boundary must be a string or None; got 3"):
        sc(boundary=3)
    narnia = sc(boundary="narnia")
    with pytest.raises(ValueError, match=r"boundary 'narnia' is not a territory of hpforecast "
                                         r"or of the history; give one of .*'merged_city'"):
        hpf.simulate(narnia, n_paths=10, seed=1)
    # a territory of the user's own history is fine
    mine = hpf.load_history().assign(boundary=lambda h: h["boundary"].replace(
        {"merged_city": "narnia"}))
    assert hpf.simulate(narnia, n_paths=10, seed=1, history=mine).scenario.boundary == "narnia"


def test_bool_parameters_refuse_other_values():
    sim = hpf.simulate(sc(), n_paths=10, seed=1)
    with pytest.raises(TypeError, match=r"growth must be True or False; got 'no'"):
        sim.quantiles("grdp_real", growth="no")
    with pytest.raises(TypeError, match=r"wide must be True or False; got 'yes'"):
        hpf.load_history(wide="yes")
    with pytest.raises(TypeError, match=r"evaluable must be True or False; got 'no'"):
        hpf.load_targets().filter(evaluable="no")
    with pytest.raises(TypeError, match=r"evaluable must be True or False; got 1"):
        hpf.Target.level("port_cargo", 2030, 1.0, evaluable=1)
    with pytest.raises(TypeError, match=r"keep_paths must be True or False; got 'no'"):
        hpf.simulate(sc(), n_paths=10, keep_paths="no")
