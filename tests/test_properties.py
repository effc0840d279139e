"""Property-based tests (hypothesis) of the public constructors and of ``read_history``.

Whatever value one parameter is given (the others kept valid), the call either works or
raises a ValueError or TypeError whose message names that parameter (for
``read_history``: the column); and no result holds NaN or infinity without a warning.
"""

import math
import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hpforecast as hpf

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

#: Values of every kind: numbers of every size (huge ints, subnormals, nan, inf), text,
#: containers (some unhashable), numpy scalars, None, bools and objects.
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(),
    st.integers(min_value=10 ** 300, max_value=10 ** 400),
    st.integers(max_value=-10 ** 300, min_value=-10 ** 400),
    st.floats(), st.floats(min_value=-2.0, max_value=2.0),
    st.sampled_from([0.0, -0.0, 5e-324, 1e-300, 1e300, math.nan, math.inf, -math.inf,
                     0.13, 13.0, -1.0, 1.0, 2030, 2025, 1e20]),
    st.sampled_from([np.float64(np.nan), np.int64(7), np.float32(0.1), np.bool_(True)]),
    st.text(max_size=12),
    st.sampled_from(["", " ", "nan", "inf", "-1", "0.1", "13", "1e400", "grdp_real",
                     "merged_city", ">=", "level", "normal"]),
    st.just(object()),
)
anything = st.one_of(scalars, st.lists(scalars, max_size=3),
                     st.tuples(scalars, scalars),
                     st.dictionaries(st.one_of(st.text(max_size=4), st.integers()), scalars,
                                     max_size=3))


def _floats_in(obj, depth=0) -> list[float]:
    """Every float reachable in a result (dataclass fields, mappings, sequences)."""
    if depth > 6:
        return []
    if isinstance(obj, (bool, np.bool_, str, int, np.integer)) or obj is None:
        return []  # integers are exact: never NaN or infinite
    if isinstance(obj, (float, np.floating)):
        return [float(obj)]
    if isinstance(obj, Mapping):
        return [x for k, v in obj.items() for x in _floats_in(k, depth + 1)
                + _floats_in(v, depth + 1)]
    if isinstance(obj, (list, tuple)):
        return [x for v in obj for x in _floats_in(v, depth + 1)]
    if hasattr(obj, "__dataclass_fields__"):
        return [x for name in obj.__dataclass_fields__
                for x in _floats_in(getattr(obj, name), depth + 1)]
    return []


def check(call, names, result_check=None):
    """Run ``call``: a clean result, or a ValueError/TypeError naming one of ``names``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = call()
        except (ValueError, TypeError) as exc:
            message = str(exc)
            assert any(n in message for n in names), (names, message)
            return None
    finite = all(math.isfinite(x) for x in (result_check or _floats_in)(result))
    assert finite or caught, result
    return result


# -- marginals --------------------------------------------------------------------------
MARGINALS = {
    hpf.Normal: {"mean": 0.1, "sd": 0.01},
    hpf.TwoPieceNormal: {"mode": 0.1, "sd": 0.01, "skew": -0.3},
    hpf.StudentT: {"mean": 0.1, "scale": 0.01, "df": 5.0},
}


@SETTINGS
@given(cls=st.sampled_from(list(MARGINALS)), data=st.data(), value=anything)
def test_marginals(cls, data, value):
    kwargs = dict(MARGINALS[cls])
    name = data.draw(st.sampled_from(sorted(kwargs)))
    kwargs[name] = value
    check(lambda: cls(**kwargs), [name])


@SETTINGS
@given(data=st.data(), value=anything)
def test_bank_of_england_form(data, value):
    kwargs = {"mode": 0.02, "sd": 0.0155, "mean_minus_mode": 0.0108}
    name = data.draw(st.sampled_from(sorted(kwargs)))
    kwargs[name] = value
    check(lambda: hpf.TwoPieceNormal.from_mean_minus_mode(**kwargs), [name])


# -- targets ----------------------------------------------------------------------------
TARGET_CALLS = {
    "level": (hpf.Target.level,
              {"indicator": "port_cargo", "year": 2030, "threshold": 380.0,
               "comparison": ">="}),
    "average_growth": (hpf.Target.average_growth,
                       {"indicator": "grdp_growth_real", "start": 2025, "end": 2030,
                        "threshold": 0.13, "comparison": ">="}),
    "cumulative": (hpf.Target.cumulative,
                   {"indicator": "fdi_registered", "start": 2026, "end": 2030,
                    "threshold": 25.0, "comparison": ">="}),
    "Target": (hpf.Target,
               {"indicator": "port_cargo", "year": 2030, "threshold": 380.0,
                "measure": "level", "start": None, "comparison": ">=",
                "threshold_high": None, "evaluable": True}),
}


@SETTINGS
@given(which=st.sampled_from(sorted(TARGET_CALLS)), data=st.data(), value=anything)
def test_targets(which, data, value):
    fn, kwargs = TARGET_CALLS[which]
    kwargs = dict(kwargs)
    name = data.draw(st.sampled_from(sorted(kwargs)))
    kwargs[name] = value
    check(lambda: fn(**kwargs), [name])


@SETTINGS
@given(value=anything)
def test_target_set(value):
    check(lambda: hpf.TargetSet(value), ["targets"])


# -- scenarios ----------------------------------------------------------------------------
BASE_SCENARIO = {
    "name": "s", "base_year": 2025, "end_year": 2030,
    "growth": {"grdp_real": hpf.Normal(0.1, 0.01), "port_cargo": hpf.Normal(0.1, 0.02)},
    "correlation": {("grdp_real", "port_cargo"): 0.3}, "persistence": 0.3,
    "base_values": {"port_cargo": 213.0}, "buoyancy": {}, "boundary": None,
    "description": "",
}
DRIVERS = st.sampled_from(["grdp_real", "port_cargo", "grdp_deflator", "budget_revenue",
                           "nope", 3])


def scenario_values(name):
    """Bad values of the parameter ``name``: anything, or its own shape holding anything."""
    shaped = {
        "growth": st.dictionaries(DRIVERS, st.one_of(anything, st.dictionaries(
            st.one_of(st.integers(2020, 2035), scalars), anything, max_size=3)),
            min_size=1, max_size=2),
        "correlation": st.dictionaries(st.tuples(DRIVERS, DRIVERS), anything, max_size=2),
        "persistence": st.dictionaries(DRIVERS, st.one_of(anything, st.dictionaries(
            st.integers(2025, 2031), anything, max_size=5)), max_size=2),
        "base_values": st.dictionaries(DRIVERS, anything, max_size=2),
        "buoyancy": st.dictionaries(DRIVERS, anything, max_size=2),
    }
    return st.one_of(anything, shaped[name]) if name in shaped else anything


@SETTINGS
@given(data=st.data())
def test_scenarios(data):
    name = data.draw(st.sampled_from(sorted(BASE_SCENARIO)))
    kwargs = dict(BASE_SCENARIO)
    kwargs[name] = data.draw(scenario_values(name))
    if name == "growth" and isinstance(kwargs["growth"], Mapping):
        kwargs["correlation"] = None  # so that the error is about growth
    sc = check(lambda: hpf.Scenario(**kwargs), [name])
    if sc is not None:  # a scenario that was accepted also writes and reads back
        assert hpf.Scenario.from_toml(sc.to_toml()) == sc


# -- read_history -------------------------------------------------------------------------
def history_frame() -> pd.DataFrame:
    """Valid rows: every indicator and every year different, so that changing one cell
    never makes two rows compete for the same indicator and year."""
    return pd.DataFrame({
        "indicator": ["grdp_nominal", "population", "vnd_per_usd", "share_of_national_gdp",
                      "grdp_growth_real", "port_cargo"],
        "year": [2019, 2020, 2021, 2022, 2023, 2024],
        "value": [400_000.0, 4.1e6, 25_000.0, 0.06, 0.1, 200.0],
        "unit": ["bn VND", "persons", "VND per USD", "fraction", "fraction per year", "Mt"],
        "kind": ["actual"] * 6, "boundary": ["merged_city"] * 6, "source": ["x"] * 6,
        "start_year": [None] * 6, "value_high": [None] * 6, "preferred": [True] * 6,
        "note": [""] * 6})


def history_is_clean(h: pd.DataFrame) -> list[float]:
    """The numbers of a checked history; value_high is NaN exactly where it is absent."""
    assert h["year"].between(1900, 2100).all()
    return [*h["value"], *h["value_high"].dropna(), *h["start_year"].dropna()]


@SETTINGS
@given(column=st.sampled_from(list(history_frame().columns)), row=st.integers(0, 5),
       value=anything, as_file=st.booleans())
def test_read_history(column, row, value, as_file, tmp_path_factory):
    df = history_frame().astype(object)
    df.at[row, column] = value
    if as_file:
        path = tmp_path_factory.mktemp("h") / "h.csv"
        df.to_csv(path, index=False)
        data = path
    else:
        data = df
    check(lambda: hpf.read_history(data), [f"'{column}'"], history_is_clean)


@SETTINGS
@given(drop=st.sampled_from(list(history_frame().columns)), twice=st.booleans())
def test_read_history_columns(drop, twice):
    df = history_frame()
    df = pd.concat([df, df[[drop]]], axis=1) if twice else df.drop(columns=[drop])
    check(lambda: hpf.read_history(df), [f"'{drop}'"], history_is_clean)


def test_the_check_itself_can_fail():
    def raise_(exc):
        raise exc

    with pytest.raises(AssertionError):  # NaN in a result, and no warning
        check(lambda: {"x": [1.0, math.nan]}, ["x"])
    with pytest.raises(AssertionError):  # an error that does not name the parameter
        check(lambda: raise_(ValueError("something else")), ["mean"])
    with pytest.raises(KeyError):  # an error of another type
        check(lambda: raise_(KeyError("mean")), ["mean"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(lambda: warnings.warn("inf ahead") or {"x": math.inf}, ["x"])  # warned: fine
