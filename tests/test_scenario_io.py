"""Scenario files: TOML round trip and errors."""

import pytest

import hpforecast as hpf
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def rich_scenario():
    return hpf.Scenario(
        name="rich", description='quotes " and\nnewlines', base_year=2025, end_year=2028,
        growth={"grdp_real": {2026: hpf.TwoPieceNormal(0.12, 0.015, -0.3),
                              2027: hpf.Normal(0.1 / 3, 0.01), 2028: 0.05},
                "grdp_deflator": hpf.StudentT(0.02, 0.01, 5.0),
                "port_cargo": 0.1, "budget_revenue": hpf.Normal(0.0, 0.05)},
        correlation={("grdp_real", "port_cargo"): 0.4},
        persistence={"grdp_real": {2027: 0.5, 2028: 0.25}, "port_cargo": 0.3},
        base_values={"port_cargo": 213.0}, buoyancy={"budget_revenue": 1.1})


def test_round_trip_is_exact():
    sc = rich_scenario()
    back = hpf.Scenario.from_toml(sc.to_toml())
    assert back == sc
    assert back.to_toml() == sc.to_toml()


def test_round_trip_of_ready_made_and_example(tmp_path):
    for sc in (hpf.scenarios.plan(), hpf.scenarios.trend(), hpf.scenarios.plan_adjusted()):
        path = tmp_path / f"{sc.name}.toml"
        sc.to_toml(path)
        assert hpf.Scenario.from_toml(path) == sc
    ex = hpf.Scenario.from_toml(EXAMPLES / "my_scenario.toml")
    assert hpf.Scenario.from_toml(ex.to_toml()) == ex


def test_same_numbers_after_round_trip():
    sc = rich_scenario()
    a = hpf.simulate(sc, n_paths=500, seed=3).paths("grdp_real")
    b = hpf.simulate(hpf.Scenario.from_toml(sc.to_toml()), n_paths=500, seed=3).paths("grdp_real")
    assert (a == b).all()


def test_settings_table():
    sc, settings = hpf.Scenario.from_toml(
        '[growth]\ngrdp_real = 0.1\n[simulation]\nn_paths = 10\nseed = 4\n', with_settings=True)
    assert settings == {"n_paths": 10, "seed": 4}


@pytest.mark.parametrize("text,match", [
    ('nme = "x"\n[growth]\ngrdp_real = 0.1\n', r"unknown key 'nme'.*Did you mean 'name'"),
    ('[growth]\ngrdp_real = { dist = "normal", mean = 0.1, sdd = 0.1 }\n',
     r"growth.grdp_real: unknown key 'sdd'"),
    ('[growth]\ngrdp_real = { dist = "gauss", mean = 0.1 }\n', r"'dist' must be one of"),
    ('[growth]\ngrdp_real = 13\n', r"fraction per year.*got 13"),
    ('[growth]\ngrdp_real = 0.1\n[simulation]\npaths = 3\n', r"\[simulation\]: unknown key 'paths'"),
    ('[growth\n', r"is not valid TOML"),
    ('correlation = [["grdp_real", 0.5]]\n[growth]\ngrdp_real = 0.1\n',
     r"correlation\[0\] must be \[driver_a, driver_b, r\]"),
])
def test_bad_files_name_the_key(text, match):
    with pytest.raises(ValueError, match=match):
        hpf.Scenario.from_toml(text)


@pytest.mark.parametrize("text,match", [
    ('base_values = 3\n[growth]\ngrdp_real = 0.1\n', r"'base_values' must be a table; got 3"),
    ('simulation = 3\n[growth]\ngrdp_real = 0.1\n', r"'simulation' must be a table; got 3"),
    ('correlation = 3\n[growth]\ngrdp_real = 0.1\n', r"'correlation' must be an array"),
    ('[growth]\ngrdp_real = 0.1\n[persistence]\ngrdp_real = { x = 0.1 }\n',
     r"persistence.grdp_real: 'x' is not a year"),
])
def test_malformed_tables_are_named(text, match):
    with pytest.raises(ValueError, match=match):
        hpf.Scenario.from_toml(text)


def test_control_characters_round_trip():
    sc = hpf.Scenario(name="a\rb\x01c", growth={"grdp_real": 0.1},
                      base_values={"grdp_real": 1.0})
    assert hpf.Scenario.from_toml(sc.to_toml()) == sc


# -- issue 10: files in other encodings, folders, odd suffixes, unhashable values --------
GOOD = 'name = "x"\n[growth]\ngrdp_real = { dist = "normal", mean = 0.13, sd = 0.015 }\n' \
       '[base_values]\ngrdp_real = 100.0\n'


@pytest.mark.parametrize("encoding,match", [
    ("utf-16", r"scenario file '.*s\.toml' is not UTF-8 text: it looks like UTF-16.*UTF-8"),
    ("cp1258", r"scenario file '.*s\.toml' is not UTF-8 text \(byte 0x\w\w at position \d+\)"),
])
def test_toml_file_in_another_encoding_is_named(tmp_path, encoding, match):
    path = tmp_path / "s.toml"
    path.write_text(GOOD.replace('"x"', '"Hai Phong đư"'), encoding=encoding)
    with pytest.raises(ValueError, match=match):
        hpf.Scenario.from_toml(path)


def test_toml_file_with_a_utf8_bom_is_read(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(GOOD, encoding="utf-8-sig")
    assert hpf.Scenario.from_toml(path).name == "x"


def test_toml_folder_empty_file_and_other_suffix(tmp_path):
    with pytest.raises(ValueError, match=r"scenario file '.*' is a folder, not a file"):
        hpf.Scenario.from_toml(tmp_path)
    with pytest.raises(ValueError, match=r"scenario file '.*' is a folder, not a file"):
        hpf.Scenario.from_toml(str(tmp_path))
    other = tmp_path / "scenario.txt"
    other.write_text(GOOD, encoding="utf-8")
    assert hpf.Scenario.from_toml(str(other)).name == "x"  # a file, whatever its suffix
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"scenario file '.*scenario\.txt' is not valid TOML"):
        hpf.Scenario.from_toml(str(other))
    with pytest.raises(ValueError, match=r"scenario file 'nope\.tml' does not exist"):
        hpf.Scenario.from_toml("nope.tml")
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match=r"scenario file '.*empty\.toml' is empty"):
        hpf.Scenario.from_toml(empty)


@pytest.mark.parametrize("text,error,match", [
    ('[growth]\ngrdp_real = { dist = ["normal"], mean = 0.1, sd = 0.1 }\n', ValueError,
     r"growth.grdp_real: 'dist' must be one of .*got \['normal'\]"),
    ('correlation = [[["grdp_real"], "port_cargo", 0.5]]\n[growth]\ngrdp_real = 0.1\n',
     ValueError, r"correlation\[0\] must be \[driver_a, driver_b, r\] with driver names"),
    ('[growth]\ngrdp_real = 0.1\n[simulation]\nsampler = "bogus"\n', ValueError,
     r"\[simulation\] sampler must be one of 'mc', 'antithetic', 'sobol'; got 'bogus'"),
    ('[growth]\ngrdp_real = 0.1\n[simulation]\nn_paths = 0\n', ValueError,
     r"\[simulation\] n_paths must be >= 1; got 0"),
    ('[growth]\ngrdp_real = 0.1\n[simulation]\nn_paths = true\n', TypeError,
     r"\[simulation\] n_paths must be an integer; got True"),
    ('[growth]\ngrdp_real = 0.1\n[simulation]\nseed = -1\n', ValueError,
     r"\[simulation\] seed must be >= 0; got -1"),
    ('description = ["a"]\n[growth]\ngrdp_real = 0.1\n', TypeError,
     r"description must be a string; got \['a'\]"),
])
def test_bad_values_in_files_are_named(text, error, match):
    with pytest.raises(error, match=match):
        hpf.Scenario.from_toml(text)


def test_with_settings_must_be_a_bool():
    with pytest.raises(TypeError, match=r"with_settings must be True or False; got 'yes'"):
        hpf.Scenario.from_toml(GOOD, with_settings="yes")
