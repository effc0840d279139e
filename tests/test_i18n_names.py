"""Names of targets read as written by a person: no word said twice in a row (the page
review found "labour productivity growth growth" and "Tốc độ tăng tăng năng suất")."""

import re

import pytest

import hpforecast as hpf
from hpforecast import _i18n as L

REPEATED = re.compile(r"\b(\w+(?: \w+)?) \1\b", re.IGNORECASE)   # a word or two said twice


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_no_target_description_repeats_a_word(lang):
    bad = [d for t in hpf.load_targets() if REPEATED.search(d := L.describe_target(t, lang))]
    assert not bad, bad


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_growth_names_of_growth_indicators_are_not_doubled(lang):
    cat = hpf.data.catalogue()
    for ind in cat.index[cat["measure"] == "growth"]:
        name = L.growth_name(ind, lang)
        assert not REPEATED.search(name), name
        assert name.lower().count("growth") <= 1


def test_a_catalogue_unit_that_says_more_is_kept_in_vietnamese():
    """Tourists are counted in "triệu lượt" (million visits), not bare "triệu"."""
    t = next(t for t in hpf.load_targets() if t.indicator == "tourists")
    assert "triệu lượt" in L.describe_target(t, "vi")
    assert L.indicator_unit("port_cargo", "vi") == "triệu tấn"
