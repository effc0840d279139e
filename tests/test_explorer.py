"""The interactive explorer's core (no display needed) and its widget."""

import numpy as np
import pytest

import hpforecast as hpf
from hpforecast.explorer import Explorer


def test_update_moves_probabilities_with_common_random_numbers():
    ex = Explorer(n_paths=3000)
    low = ex.update(grdp_real=0.10)["probability"]
    high = ex.update(grdp_real=0.15)["probability"]
    assert (high >= low).all() and (high > low).any()
    # The same assumptions give the same numbers.
    again = ex.update(grdp_real=0.10)["probability"]
    np.testing.assert_array_equal(again.to_numpy(), low.to_numpy())
    # And they equal a direct simulation of the explored scenario.
    sc = ex.scenario_for(**ex.values)
    direct = hpf.simulate(sc, n_paths=3000, seed=ex.seed).probability(ex.targets)
    np.testing.assert_array_equal(direct["probability"].to_numpy(), low.to_numpy())


def test_controls_and_drawing():
    ex = Explorer(n_paths=2000)
    names = [c.assumption for c in ex.controls]
    assert names[0] == "grdp_real" and "persistence" in names and "sd:grdp_real" in names
    ex.update(sd_grdp_real=0.03, persistence=0.5, draw=True)
    ax = ex.figure.axes[0]
    assert "GRDP per capita" in ax.get_ylabel()
    assert any("median" in (line.get_label() or "") for line in ax.lines)
    with pytest.raises(ValueError, match=r"'gdp' is not a control"):
        ex.update(gdp=0.1)
    with pytest.raises(ValueError, match=r"indicator 'tourists' is not simulated"):
        Explorer(indicator="tourists")


def test_widget_builds_when_ipywidgets_is_installed():
    pytest.importorskip("ipywidgets")
    ex = Explorer(n_paths=2000)
    box = ex.widget()
    sliders = box.children[0].children
    assert len(sliders) == len(ex.controls)
    before = ex.table["probability"].copy()
    sliders[0].value = sliders[0].value - 0.03   # real GRDP growth down 3 points
    assert (ex.table["probability"] <= before).all()
