"""The embedded data, the loaders, and the checks on user data."""

import csv
import io
import os
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import hpforecast as hpf

REQUIRED_INDICATORS = [
    "grdp_growth_real", "grdp_real", "grdp_nominal", "grdp_per_capita_usd",
    "grdp_per_capita_vnd", "budget_revenue", "budget_revenue_domestic",
    "budget_revenue_import_export", "fdi_registered", "port_cargo", "exports", "tourists",
    "population", "vnd_per_usd",
]
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def raw_csv(name):
    text = resources.files("hpforecast").joinpath("data", name).read_text(encoding="utf-8")
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def history():
    return hpf.load_history()


# -- the catalogue -------------------------------------------------------------------

def test_catalogue_has_required_indicators_with_units_and_definitions():
    cat = hpf.indicators()
    for ind in REQUIRED_INDICATORS:
        assert ind in cat.index, ind
    assert cat["unit"].str.len().gt(0).all()
    assert cat["definition"].str.len().gt(20).all()
    assert cat.loc["grdp_real", "unit"] == "bn VND, 2010 prices"
    assert cat.loc["grdp_growth_real", "unit"] == "fraction per year"
    assert set(cat["measure"]) <= {"level", "flow", "growth", "share", "rate", "count"}
    assert "Tăng trưởng" in cat.loc["grdp_growth_real", "name_vi"]


# -- the history ---------------------------------------------------------------------

def test_every_row_has_a_source(history):
    assert history["source"].str.strip().ne("").all()
    not_derived = history[history["kind"] != "derived"]
    assert not_derived["source_url"].str.startswith("http").all()


def test_derived_rows_record_their_derivation(history):
    derived = history[history["kind"] == "derived"]
    assert len(derived) > 10
    assert derived["source"].eq("hpforecast derivation").all()
    assert derived["note"].str.contains(r"[=÷×+]").all()


def test_every_unit_is_the_catalogue_unit():
    raw = raw_csv("history.csv")
    cat = hpf.indicators()
    assert raw["indicator"].isin(cat.index).all()
    np.testing.assert_array_equal(raw["unit"].to_numpy(),
                                  cat.loc[raw["indicator"], "unit"].to_numpy())


def test_one_preferred_value_per_indicator_year_boundary():
    raw = raw_csv("history.csv")
    outcomes = raw[raw["kind"] != "plan"]
    n_pref = (outcomes.assign(p=outcomes["preferred"].eq("true"))
              .groupby(["indicator", "year", "start_year", "boundary"])["p"].sum())
    assert (n_pref == 1).all(), n_pref[n_pref != 1]
    assert raw.loc[raw["kind"] == "plan", "preferred"].eq("false").all()


def test_growth_and_shares_are_fractions(history):
    cat = hpf.indicators()
    frac = history[history["indicator"].map(cat["measure"]).isin(["growth", "share"])]
    assert len(frac) > 50
    assert frac["value"].abs().le(1).all()
    g = hpf.load_history(wide=True)["grdp_growth_real"]
    assert g.loc[2019] == pytest.approx(0.1702)
    assert g.loc[2025] == pytest.approx(0.1181)


def test_conflicts_are_kept_with_one_preferred(history):
    g24 = history[(history.indicator == "grdp_growth_real") & (history.year == 2024)
                  & (history.boundary == "old_city") & (history.kind != "plan")
                  & history.start_year.isna()]
    assert sorted(g24["value"].round(4)) == [0.1055, 0.1101]
    pref = g24[g24.preferred]
    assert pref["value"].iloc[0] == pytest.approx(0.1101)
    assert "prefer" in pref["note"].iloc[0].lower()


def test_boundaries_are_explicit(history):
    assert set(history["boundary"]) == {"old_city", "merged_city", "hai_duong", "vietnam"}
    merged = history[history.boundary == "merged_city"]
    assert merged["year"].min() <= 2024 and (merged["kind"][merged.year < 2025] == "derived").all()


def test_wide_table_is_preferred_annual_values_spliced_at_the_merger(history):
    wide = hpf.load_history(wide=True)
    assert wide.attrs["boundary_break"] == 2025
    pref = history[history.preferred & history.start_year.isna()
                   & (history.boundary == "old_city") & (history.indicator == "port_cargo")]
    for _, r in pref.iterrows():
        assert wide.loc[r["year"], "port_cargo"] == r["value"]
    merged = hpf.load_history(wide=True, boundary="merged_city")
    assert merged.loc[2025, "grdp_nominal"] == pytest.approx(734_420)
    with pytest.raises(ValueError, match=r"boundary must be one of .*got 'hanoi'"):
        hpf.load_history(wide=True, boundary="hanoi")


def test_notes_are_not_copied_quotes():
    if not SHARED.exists():
        pytest.skip("the research set is not beside the checkout")
    quotes = []
    for name in ("haiphong_history.csv", "haiphong_supplement.csv", "haiphong_targets.csv"):
        quotes += [q for q in pd.read_csv(SHARED / name)["quote"].dropna()]
    notes = list(raw_csv("history.csv")["note"]) + list(raw_csv("targets.csv")["note"])
    for q in quotes:
        for i in range(0, max(1, len(q) - 40), 20):
            piece = q[i:i + 40]
            if len(piece) == 40:
                assert not any(piece in n for n in notes), piece


# -- plan record ---------------------------------------------------------------------

def test_plan_record_2017_2025():
    rec = hpf.plan_record()
    assert set(range(2017, 2026)) <= set(rec.index)
    assert rec.loc[2019, "plan"] == pytest.approx(0.155)
    assert rec.loc[2019, "outcome"] == pytest.approx(0.1702)
    assert rec.loc[2023, "plan_high"] == pytest.approx(0.13)
    assert rec.loc[2025, "boundary"] == "merged_city"
    assert set(rec["boundary"]) == {"old_city", "merged_city"}
    assert set(hpf.plan_record(boundary="hai_duong")["boundary"]) == {"hai_duong"}
    assert rec.loc[2017:2019, "met"].all()
    assert not rec.loc[2020:2025, "met"].any()
    np.testing.assert_allclose(rec["gap"], rec["outcome"] - rec["plan"])
    assert rec["plan_source"].str.len().gt(0).all()
    for ind in ("budget_revenue", "fdi_registered"):
        assert len(hpf.plan_record(ind)) >= 2
    with pytest.raises(ValueError, match=r"no plan record for indicator 'tourists_x'|"
                                         r"'tourists_x' is not a known indicator"):
        hpf.plan_record("tourists_x")


# -- targets ---------------------------------------------------------------------------

def test_must_show_targets_present_with_sources():
    ts = hpf.load_targets()
    t = ts["grdp_growth_2026_2030_hdnd"]
    assert (t.measure, t.start, t.year, t.threshold, t.threshold_high) == (
        "average_growth", 2025, 2030, 0.13, 0.14)
    assert t.boundary == "merged_city" and t.source_url.startswith("http")
    t = ts["grdp_per_capita_usd_2030"]
    assert (t.threshold, t.unit, t.boundary) == (11_247.0, "USD", "merged_city")
    t = ts["port_cargo_2030"]
    assert (t.threshold, t.unit) == (380.0, "Mt")
    t = ts["grdp_growth_2021_2030_qd1516"]
    assert (t.start, t.year, t.threshold) == (2020, 2030, 0.135)
    assert "1516" in t.document and t.boundary == "old_city"
    t = ts["share_gdp_2030_qd1516"]
    assert (t.indicator, t.threshold) == ("share_of_national_gdp", 0.068)
    t = ts["revenue_2030_qd821"]
    assert (t.threshold, t.threshold_high, t.status) == (300_000.0, 310_000.0, "superseded")
    assert "821" in t.document and t.boundary == "old_city"
    for t in ts:
        assert t.source and t.document, t.name


def test_targets_not_evaluable_say_why():
    ts = hpf.load_targets()
    bad = ts.filter(evaluable=False)
    assert "digital_economy_share_2030_hdnd" in bad.ids
    assert "tfp_contribution_2030_hdnd" in bad.ids
    assert all(t.reason for t in bad)


def test_target_filtering_and_table():
    ts = hpf.load_targets()
    y2030 = ts.filter(year=2030)
    assert len(y2030) > 10 and all(t.year == 2030 for t in y2030)
    qd1516 = ts.filter(document="1516")
    assert len(qd1516) >= 3 and all("1516" in t.document for t in qd1516)
    cargo = ts.filter(indicator="port_cargo", year=[2025, 2030])
    assert {t.year for t in cargo} == {2025, 2030}
    frame = y2030.to_frame()
    assert list(frame.index) == y2030.ids
    assert {"threshold", "document", "source_url", "evaluable", "status"} <= set(frame.columns)
    assert "<table" in y2030._repr_html_()
    with pytest.raises(KeyError, match="no target with id 'nope'"):
        ts["nope"]


# -- user data ---------------------------------------------------------------------------

def user_frame():
    return pd.DataFrame({
        "indicator": ["grdp_growth_real", "grdp_growth_real", "port_cargo"],
        "year": [2023, 2024, 2024], "value": [0.05, 0.071, 10.0],
        "unit": ["fraction per year", "fraction per year", "Mt"],
        "kind": ["actual", "estimate", "actual"], "boundary": ["vietnam"] * 2 + ["da_nang"],
        "source": ["GSO", "GSO", "port authority"]})


def test_user_data_from_frame_and_csv(tmp_path):
    df = user_frame()
    h = hpf.read_history(df)
    assert h["preferred"].all() and list(h.columns) == list(hpf.load_history().columns)
    path = tmp_path / "mine.csv"
    df.to_csv(path, index=False)
    h2 = hpf.load_history(path)
    pd.testing.assert_frame_equal(h, h2)
    wide = hpf.load_history(df, wide=True, boundary="da_nang")
    assert wide.loc[2024, "port_cargo"] == 10.0


def test_bad_file_missing_column(tmp_path):
    path = tmp_path / "bad.csv"
    user_frame().drop(columns=["source"]).to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"bad.csv is missing required column\(s\) 'source'"):
        hpf.read_history(path)


def test_bad_file_text_in_a_number(tmp_path):
    df = user_frame().astype({"value": object})
    df.loc[1, "value"] = "7,1%"
    path = tmp_path / "bad.csv"
    df.to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"row 1 \(line 3 of the file\), column 'value': "
                                         r"'7,1%' is not a number"):
        hpf.read_history(path)


def test_bad_file_duplicate_preferred_rows():
    df = pd.concat([user_frame(), user_frame().iloc[[1]]], ignore_index=True)
    df["preferred"] = True
    with pytest.raises(ValueError, match=r"rows 1, 3 are all marked preferred for "
                                         r"'grdp_growth_real' in 2024"):
        hpf.read_history(df)
    df["preferred"] = False
    with pytest.raises(ValueError, match=r"no value is marked preferred"):
        hpf.read_history(df)
    df = df.drop(columns=["preferred"])
    with pytest.raises(ValueError, match=r"rows 1, 3 give 2 values .*add a 'preferred' column"):
        hpf.read_history(df)


@pytest.mark.parametrize("column,value,message", [
    ("indicator", "gdp", r"row 0, column 'indicator': 'gdp' is not in the indicator catalogue"),
    ("unit", "%", r"row 0, column 'unit': '%' does not match the catalogue unit"),
    ("value", 5.0, r"row 0, column 'value': 5.0 for 'grdp_growth_real' must be a fraction"),
    ("kind", "guess", r"row 0, column 'kind': 'guess' is not one of"),
    ("year", 2023.5, r"row 0, column 'year': 2023.5 is not a whole year"),
    ("source", "", r"row 0, column 'source': value is missing"),
])
def test_bad_rows_name_row_and_column(column, value, message):
    df = user_frame().astype(object)
    df.loc[0, column] = value
    with pytest.raises(ValueError, match=message):
        hpf.read_history(df)


def test_read_history_type_and_missing_file(tmp_path):
    with pytest.raises(TypeError, match="data must be a path to a CSV file or a pandas "
                                        "DataFrame; got list"):
        hpf.read_history([1, 2])
    with pytest.raises(ValueError, match="does not exist"):
        hpf.read_history(tmp_path / "nope.csv")


def test_targets_csv_is_well_formed():
    raw = raw_csv("targets.csv")
    assert raw["target_id"].is_unique
    assert set(raw["comparison"]) <= {">=", "<="}
    assert set(raw["status"]) <= {"current", "superseded", "draft", "annual_plan"}
    # Every target of the research set is kept (80 rows), plus those found later
    # (issue 12: the 2026 budget and FDI plans, the 2023 plans, a 2021-2025 FDI aim).
    later = {"revenue_2026_plan", "revenue_domestic_2026_plan",
             "revenue_import_export_2026_plan", "fdi_2026_heza",
             "grdp_per_capita_usd_2023_plan", "tourists_2023_plan",
             "fdi_2021_2025_congress16"}
    assert later <= set(raw["target_id"])
    assert len(raw) == 80 + len(later)
    if SHARED.exists():
        research = pd.read_csv(SHARED / "haiphong_targets.csv")
        assert len(research) == len(raw) - len(later)
    rows = list(csv.DictReader(io.StringIO(
        resources.files("hpforecast").joinpath("data", "targets.csv").read_text("utf-8"))))
    frac = [r for r in rows if r["unit"].startswith("fraction")]
    assert frac and all(abs(float(r["value"])) <= 1 for r in frac)


# -- issue 10: signs and sizes, years, files, caching --------------------------------------
def level_frame():
    """Valid rows of every measure: level, count, rate, share, growth and a flow."""
    return pd.DataFrame({
        "indicator": ["grdp_nominal", "population", "vnd_per_usd", "share_of_national_gdp",
                      "grdp_growth_real", "port_cargo"],
        "year": [2024] * 6, "value": [400_000.0, 4.1e6, 25_000.0, 0.06, 0.1, 200.0],
        "unit": ["bn VND", "persons", "VND per USD", "fraction", "fraction per year", "Mt"],
        "kind": ["actual"] * 6, "boundary": ["merged_city"] * 5 + ["old_city"],
        "source": ["x"] * 6})


def test_level_frame_is_valid():
    assert len(hpf.read_history(level_frame())) == 6


@pytest.mark.parametrize("row,column,value,message", [
    (0, "value", -5.0, (r"-5\.0 for 'grdp_nominal' must be a positive number \(a level, "
                        r"in 'bn VND'\)")),
    (1, "value", 0.0, (r"0\.0 for 'population' must be a positive number \(a count, in "
                       r"'persons'\)")),
    (2, "value", -1.0, r"-1\.0 for 'vnd_per_usd' must be a positive number \(a rate"),
    (5, "value", 0.0, r"0\.0 for 'port_cargo' must be a positive number \(a flow"),
    (3, "value", -0.1, r"-0\.1 for 'share_of_national_gdp' must be a share between 0 and 1"),
    (4, "value", -1.0, r"-1\.0 for 'grdp_growth_real' must be above -1"),
    (0, "value", "1e400", r"'1e400' is not finite"),
    (0, "value_high", -3.0, r"-3\.0 for 'grdp_nominal' must be a positive number"),
    (2, "year", "1e20", r"'1e20' is not a plausible year \(1900–2100\)"),
    (2, "year", 1850, r"'?1850'? is not a plausible year \(1900–2100\)"),
    (0, "start_year", 99999, r"'?99999'? is not a plausible year"),
])
def test_signs_sizes_and_years_are_checked(tmp_path, row, column, value, message):
    df = level_frame().astype(object)
    if column not in df:
        df[column] = pd.Series([""] * len(df), dtype=object)
    df.loc[row, column] = value
    with pytest.raises(ValueError, match=rf"history data: row {row}, column '{column}': "
                                         + message):
        hpf.read_history(df)
    path = tmp_path / "mine.csv"
    df.to_csv(path, index=False)
    with pytest.raises(ValueError, match=rf"mine\.csv: row {row} \(line {row + 2} of the "
                                         rf"file\), column '{column}': " + message):
        hpf.read_history(path)


def test_negative_level_no_longer_reaches_the_paths(tmp_path):
    hist = hpf.load_history()
    bad = hist.copy()
    sel = (bad["indicator"] == "grdp_nominal") & (bad["year"] == 2025) & bad["preferred"] \
        & (bad["boundary"] == "merged_city")
    bad.loc[sel, "value"] = -bad.loc[sel, "value"]
    with pytest.raises(ValueError, match=r"column 'value': -\d.* for 'grdp_nominal' must be a "
                                         r"positive number"):
        hpf.simulate(hpf.scenarios.plan(), n_paths=10, seed=1, history=bad)


def test_missing_unit_and_duplicate_columns_are_named():
    df = level_frame().astype(object)
    df.loc[1, "unit"] = None
    with pytest.raises(ValueError, match=r"row 1, column 'unit': value is missing"):
        hpf.read_history(df)
    df = level_frame()
    df.loc[1, "unit"] = np.nan
    with pytest.raises(ValueError, match=r"row 1, column 'unit': value is missing"):
        hpf.read_history(df)
    dup = pd.concat([level_frame(), level_frame()[["value"]]], axis=1)
    with pytest.raises(ValueError, match=r"history data has duplicate column\(s\) 'value'"):
        hpf.read_history(dup)
    with pytest.raises(ValueError, match=r"row 0, column 'value': True is not a number"):
        hpf.read_history(level_frame().astype(object).assign(value=True))


@pytest.mark.parametrize("encoding,match", [
    ("utf-16", r"data file '.*mine\.csv' is not UTF-8 text: it looks like UTF-16"),
    ("cp1258", r"data file '.*mine\.csv' is not UTF-8 text \(byte 0x\w\w at position \d+\)"),
])
def test_csv_in_another_encoding_is_named(tmp_path, encoding, match):
    df = level_frame()
    df["source"] = "Cục Thống kê"
    path = tmp_path / "mine.csv"
    df.assign(source="Cuc Thong ke đư").to_csv(path, index=False, encoding=encoding)
    with pytest.raises(ValueError, match=match):
        hpf.read_history(path)


def test_csv_with_bom_empty_file_folder(tmp_path):
    path = tmp_path / "mine.csv"
    level_frame().to_csv(path, index=False, encoding="utf-8-sig")
    assert list(hpf.read_history(path)["indicator"]) == list(level_frame()["indicator"])
    path.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match=r"data file '.*mine\.csv' is empty"):
        hpf.read_history(path)
    with pytest.raises(ValueError, match=r"data file '.*' is a folder, not a file"):
        hpf.read_history(tmp_path)
    path.write_text(",".join(level_frame().columns) + "\n", encoding="utf-8")
    assert hpf.read_history(path).empty  # a header and no rows: an empty history


def test_read_history_is_cached_on_path_size_and_mtime(tmp_path, monkeypatch):
    from hpforecast import data as data_mod

    calls = []
    real = data_mod._check_history
    monkeypatch.setattr(data_mod, "_check_history",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    path = tmp_path / "mine.csv"
    level_frame().to_csv(path, index=False)
    first = hpf.read_history(path)
    first.loc[0, "value"] = -1.0  # a copy: the cache is not changed through it
    second = hpf.read_history(path)
    assert len(calls) == 1 and second.loc[0, "value"] == 400_000.0
    sc = hpf.Scenario(growth={"port_cargo": 0.1}, base_year=2024, end_year=2026)
    hpf.simulate(sc, n_paths=10, seed=1, history=path)
    hpf.simulate(sc, n_paths=10, seed=1, history=path)
    assert len(calls) == 1
    df = level_frame()
    df.loc[5, "value"] = 300.0  # same size, new contents and modification time
    df.to_csv(path, index=False)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10 ** 9))
    assert hpf.read_history(path).loc[5, "value"] == 300.0 and len(calls) == 2
