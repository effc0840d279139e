"""Embedded Hai Phong data, the indicator catalogue, and checks for user data.

The data files ship inside the package (``hpforecast/data/*.csv``) and are read with
:mod:`importlib.resources`. ``hpforecast/data/SOURCES.md`` explains the boundary codes,
the derived values and how conflicting sources were resolved.

Conventions
-----------
* Growth rates and shares are fractions (0.13 means 13 %).
* Each value is in the unit given by the catalogue (:func:`indicators`).
* ``boundary`` says which territory a value is for: ``old_city`` (Hai Phong before the
  1 July 2025 merger), ``merged_city`` (Hai Phong with the former Hai Duong province),
  ``hai_duong`` (the former province) or ``vietnam`` (national figures).
* ``kind`` is ``actual``, ``estimate``, ``plan`` or ``derived`` (computed by hpforecast;
  the ``note`` column gives the formula).
* Where sources disagree all values are kept; exactly one non-plan row per
  (indicator, year, start_year, boundary) has ``preferred=True``.
"""

from __future__ import annotations

import io
import os
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from . import _validation as V

__all__ = [
    "load_history",
    "read_history",
    "indicators",
    "plan_record",
    "has_plan_record",
    "catalogue",
    "unit_of",
    "embedded_history",
    "read_package_csv",
    "preferred_value",
    "boundary_for",
    "growth_from_levels",
    "as_history",
    "BOUNDARIES",
    "KINDS",
    "MERGER_YEAR",
    "PANELS",
    "load_panel",
    "EVALUATION_TABLES",
    "load_evaluation",
    "PERIODS",
    "PARTIAL_INDICATORS",
    "PARTIAL_QUALIFIERS",
    "PARTIAL_COLUMNS",
    "VINTAGES",
    "read_partial_year",
    "load_partial_year",
    "embedded_partial_year",
    "partial_record",
    "annual_record",
]

BOUNDARIES = ("old_city", "merged_city", "hai_duong", "vietnam")
KINDS = ("actual", "estimate", "plan", "derived")
#: The year the merged city's data begin (merger on 1 July 2025).
MERGER_YEAR = 2025

HISTORY_REQUIRED = ("indicator", "year", "value", "unit", "kind", "boundary", "source")
HISTORY_COLUMNS = (
    "indicator", "year", "start_year", "value", "value_high", "unit", "kind", "boundary",
    "preferred", "source", "source_url", "note",
)
_FRACTION_MEASURES = ("growth", "share")
#: Years a history row may have (a typo such as 20245 or 1e20 is refused).
PLAUSIBLE_YEARS = (1900, 2100)


def _package_text(name: str) -> str:
    """The text of a file shipped in ``hpforecast/data``."""
    return resources.files("hpforecast").joinpath("data", name).read_text(encoding="utf-8")


def read_package_csv(name: str) -> pd.DataFrame:
    """A CSV file shipped in ``hpforecast/data``, every column as text."""
    return pd.read_csv(io.StringIO(_package_text(name)), dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def catalogue() -> pd.DataFrame:
    """The indicator catalogue, cached: the shared table, not to be modified.

    :func:`indicators` returns a copy for users; the library reads this one.
    """
    cat = read_package_csv("indicators.csv")
    return cat.set_index("indicator")


def unit_of(indicator: str, default: str = "") -> str:
    """The catalogue unit of an indicator (``default`` for one not in the catalogue).

    Examples
    --------
    >>> from hpforecast.data import unit_of
    >>> unit_of("port_cargo"), unit_of("grdp_growth_real")
    ('Mt', 'fraction per year')
    """
    cat = catalogue()
    return str(cat.at[indicator, "unit"]) if indicator in cat.index else default


def growth_from_levels(levels: pd.Series, skip: Sequence[int] = ()) -> pd.Series:
    """Growth between consecutive recorded years: ``level[y] / level[y − 1] − 1``.

    Parameters
    ----------
    levels : pandas.Series
        Positive levels indexed by integer year; missing values are dropped first.
    skip : sequence of int, optional
        Years whose growth is not computed (a boundary break: the level jumps there).

    Returns
    -------
    pandas.Series
        Growth as a fraction, indexed by the later year of each consecutive pair.

    Examples
    --------
    >>> import pandas as pd
    >>> from hpforecast.data import growth_from_levels
    >>> growth_from_levels(pd.Series([100.0, 110.0, 121.0], index=[2020, 2021, 2022])).round(2)
    2021    0.1
    2022    0.1
    dtype: float64
    """
    lv = levels.dropna().sort_index()
    out = {int(y): float(lv[y] / lv[y - 1] - 1.0) for y in lv.index
           if y - 1 in lv.index and y not in skip}
    return pd.Series(out, dtype=float)




def indicators() -> pd.DataFrame:
    """The indicator catalogue.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``indicator``, with columns ``name``, ``name_vi``, ``unit``,
        ``unit_vi``, ``measure`` (level, flow, growth, share, rate or count) and
        ``definition``.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> hpf.indicators().loc["port_cargo", "unit"]
    'Mt'
    """
    return catalogue().copy()


def _bad_row(source_name: str, idx: int, column: str, line_offset: int | None) -> str:
    where = f"row {idx}"
    if line_offset is not None:
        where += f" (line {idx + line_offset} of the file)"
    return f"{source_name}: {where}, column {column!r}"


def read_history(
    data: str | os.PathLike | pd.DataFrame,
    *,
    name: str | None = None,
) -> pd.DataFrame:
    """Read and check history data in hpforecast's schema, from a CSV file or a DataFrame.

    Use it to bring your own series (another province, national figures, newer data):
    the result works wherever the embedded history does.

    Parameters
    ----------
    data : path or DataFrame
        A CSV file or a DataFrame with at least the columns ``indicator, year, value,
        unit, kind, boundary, source``. Optional columns: ``start_year`` (first year of a
        period value), ``value_high`` (upper end of a plan range), ``preferred``,
        ``source_url``, ``note``.
    name : str, optional
        How to call the data in error messages (defaults to the file name).

    Returns
    -------
    pandas.DataFrame
        The tidy table with all of :data:`HISTORY_COLUMNS`, typed: ``year`` int,
        ``start_year`` nullable Int64, ``value`` float, ``preferred`` bool.

    Raises
    ------
    ValueError
        Naming the row (and the line of the file) and the column at fault: a missing or
        duplicated column, text in a number, a value that is not finite, a year outside
        1900–2100, an unknown indicator or kind, a unit that differs from the catalogue,
        a level, flow, count or rate that is not positive, a share outside [0, 1], a
        growth rate of -1 or below or given in percent, a missing source, or two
        preferred values for the same indicator, year and boundary. Also a file that
        does not exist, is a folder, is empty or is not UTF-8 text (a byte-order mark
        is fine).
    TypeError
        If ``data`` is neither a path nor a DataFrame.

    Notes
    -----
    A file is read and checked once: later calls (and ``simulate(history=path)``) reuse
    the result while the file's path, size and modification time stay the same.

    Examples
    --------
    >>> import pandas as pd, hpforecast as hpf
    >>> mine = pd.DataFrame({"indicator": ["grdp_growth_real"], "year": [2024],
    ...     "value": [0.071], "unit": ["fraction per year"], "kind": ["actual"],
    ...     "boundary": ["vietnam"], "source": ["GSO"]})
    >>> hpf.read_history(mine)["preferred"].tolist()
    [True]
    """
    V.check_str(name, "name", optional=True)
    if isinstance(data, pd.DataFrame):
        return _check_history(data, name or "history data", None)
    if isinstance(data, (str, os.PathLike)):
        return _read_history_file(os.fspath(data), name or os.fspath(data)).copy()
    raise TypeError(f"data must be a path to a CSV file or a pandas DataFrame; got "
                    f"{type(data).__name__}.")


#: Checked history files, keyed on (real path, size, modification time, inode, device).
_FILE_CACHE: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
_FILE_CACHE_SIZE = 4


def _read_history_file(path: str, label: str) -> pd.DataFrame:
    """A history CSV file, read and checked once while its size and mtime are unchanged.

    The result is shared: callers must copy it before handing it out.
    """
    try:
        st = os.stat(path)
        key = (os.path.realpath(path), st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev)
    except OSError:
        key = None  # read_text names the problem
    if key is not None and key in _FILE_CACHE:
        _FILE_CACHE.move_to_end(key)
        return _FILE_CACHE[key]
    text = V.read_text(path, "data file")
    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:
        raise ValueError(f"{label} is not a readable CSV file: {exc}") from None
    except pd.errors.EmptyDataError:
        raise ValueError(f"data file {path!r} is empty.") from None
    checked = _check_history(raw, label, 2)  # header line + 1-based
    if key is not None:
        _FILE_CACHE[key] = checked
        while len(_FILE_CACHE) > _FILE_CACHE_SIZE:
            _FILE_CACHE.popitem(last=False)
    return checked


def _first(mask) -> int | None:
    """Position of the first True in a boolean array or Series, or None."""
    hits = np.flatnonzero(np.asarray(mask, dtype=bool))
    return int(hits[0]) if len(hits) else None


def _show(item: object) -> str:
    """A cell as echoed in messages: numpy scalars shown as Python ones."""
    return repr(item.item() if isinstance(item, np.generic) else item)


def _cell_text(item: object) -> str:
    if isinstance(item, str):
        return item
    if item is None or (not isinstance(item, (list, tuple, dict, set, np.ndarray))
                        and bool(pd.isna(item))):
        return ""
    return str(item.item() if isinstance(item, np.generic) else item)


def _texts(col: pd.Series) -> pd.Series:
    """Every cell as stripped text; missing cells (None, NaN) as ``""``.

    Each distinct value is stripped once (columns repeat their values a lot).
    """
    if pd.api.types.infer_dtype(col, skipna=False) != "string":
        col = col.map(_cell_text)
    codes, uniques = pd.factorize(col.astype(str), use_na_sentinel=True)
    stripped = np.array([u.strip() for u in np.asarray(uniques, dtype=object)] + [""],
                        dtype=object)
    return pd.Series(stripped[codes], index=col.index, dtype=str)


def _to_number(raw: pd.DataFrame, column: str, label: str, offset: int | None,
               *, year: bool = False, optional: bool = False) -> pd.Series:
    """A column as floats (NaN where an optional cell is empty), checked at once."""
    orig = raw[column]
    if pd.api.types.is_numeric_dtype(orig) and not pd.api.types.is_bool_dtype(orig):
        num = orig.to_numpy(dtype=float, na_value=np.nan)
        missing = np.isnan(num)
    else:
        col = orig if pd.api.types.infer_dtype(orig, skipna=False) == "string" \
            else orig.map(_cell_text)
        # to_numeric allows spaces around a number; only the cells it cannot read are
        # looked at as text (an empty or blank cell is missing).
        num = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        missing = np.zeros(len(col), dtype=bool)
        unread = np.isnan(num)
        missing[unread] = _texts(col[unread]).eq("").to_numpy()

    def fail(mask, what) -> None:
        if (i := _first(mask)) is not None:
            item = orig.iloc[i]
            text = what(item) if callable(what) else what
            raise ValueError(f"{_bad_row(label, i, column, offset)}: {_show(item)} is {text}.")

    if not optional and (i := _first(missing)) is not None:
        raise ValueError(f"{_bad_row(label, i, column, offset)}: value is missing.")
    with np.errstate(invalid="ignore"):
        fail(~missing & ~np.isfinite(num),
             lambda item: "not finite" if _parses(item) else "not a number")
        if year:
            low, high = PLAUSIBLE_YEARS
            fail(~missing & (num != np.floor(num)), "not a whole year")
            fail(~missing & ((num < low) | (num > high)),
                 f"not a plausible year ({low}–{high})")
    return pd.Series(num, index=raw.index, dtype=float)


def _parses(item: object) -> bool:
    """Whether Python reads ``item`` as a float (so a non-finite one is inf or nan)."""
    try:
        float(str(item).strip())
    except ValueError:
        return False
    return True


def _to_bool(raw: pd.DataFrame, column: str, label: str, offset: int | None) -> pd.Series:
    text = _texts(raw[column]).str.lower()
    truthy = text.isin(["true", "1", "yes", "y", "t"])
    falsy = text.isin(["false", "0", "no", "n", "f", ""])
    if (i := _first(~(truthy | falsy))) is not None:
        raise ValueError(f"{_bad_row(label, i, column, offset)}: {_show(raw[column].iloc[i])} "
                         "is not true or false.")
    return pd.Series(truthy.to_numpy(dtype=bool), index=raw.index)


#: What each measure's values must be (checked on ``value`` and ``value_high``).
_POSITIVE_MEASURES = ("level", "flow", "count", "rate")


def _check_values(out: pd.DataFrame, column: str, measure: pd.Series, unit: pd.Series,
                  label: str, offset: int | None) -> None:
    v = out[column]
    present = v.notna().to_numpy()
    ind = out["indicator"]

    def fail(mask, text):
        if (i := _first(present & np.asarray(mask, dtype=bool))) is not None:
            raise ValueError(f"{_bad_row(label, i, column, offset)}: {float(v.iloc[i])!r} for "
                             f"{ind.iloc[i]!r} {text(i)}")

    fail(measure.isin(_FRACTION_MEASURES) & (v.abs() > 1),
         lambda i: "must be a fraction, like 0.13; did you give a percentage?")
    fail(measure.isin(_POSITIVE_MEASURES) & ~(v > 0),
         lambda i: f"must be a positive number (a {measure.iloc[i]}, in {unit.iloc[i]!r}).")
    fail(measure.eq("share") & (v < 0), lambda i: "must be a share between 0 and 1.")
    fail(measure.eq("growth") & (v <= -1),
         lambda i: "must be above -1 (a fall of 100 % or more leaves nothing).")


def _check_history(raw: pd.DataFrame, label: str, offset: int | None) -> pd.DataFrame:
    """Check a raw table (every check vectorised) and return the typed, tidy one."""
    dup = raw.columns[raw.columns.duplicated()]
    if len(dup):
        raise ValueError(f"{label} has duplicate column(s) "
                         f"{', '.join(sorted({repr(c) for c in dup}))}; give each column once.")
    missing = [c for c in HISTORY_REQUIRED if c not in raw.columns]
    if missing:
        raise ValueError(
            f"{label} is missing required column(s) {', '.join(map(repr, missing))}; "
            f"required: {', '.join(HISTORY_REQUIRED)}."
        )
    raw = raw.reset_index(drop=True)
    cat = catalogue()
    out = pd.DataFrame(index=raw.index)
    for col in ("indicator", "unit", "kind", "boundary", "source"):
        out[col] = _texts(raw[col])
        if (i := _first(out[col].isin(["", "nan", "None"]))) is not None:
            raise ValueError(f"{_bad_row(label, i, col, offset)}: value is missing.")
    out["year"] = _to_number(raw, "year", label, offset, year=True).astype(int)
    out["start_year"] = (
        _to_number(raw, "start_year", label, offset, year=True, optional=True)
        .astype("Int64") if "start_year" in raw.columns
        else pd.Series(pd.NA, index=raw.index, dtype="Int64")
    )
    out["value"] = _to_number(raw, "value", label, offset)
    out["value_high"] = (
        _to_number(raw, "value_high", label, offset, optional=True)
        if "value_high" in raw.columns else np.nan
    )
    for col in ("source_url", "note"):
        out[col] = _texts(raw[col]).replace({"nan": ""}) if col in raw.columns else ""

    ind = out["indicator"]
    if (i := _first(~ind.isin(cat.index))) is not None:
        raise ValueError(
            f"{_bad_row(label, i, 'indicator', offset)}: {ind.iloc[i]!r} is not in the "
            f"indicator catalogue. Known indicators: {', '.join(sorted(cat.index))}."
        )
    if (i := _first(~out["kind"].isin(KINDS))) is not None:
        raise ValueError(
            f"{_bad_row(label, i, 'kind', offset)}: {out['kind'].iloc[i]!r} is not one of "
            f"{', '.join(KINDS)}."
        )
    unit = ind.map(cat["unit"])
    if (i := _first(out["unit"].ne(unit))) is not None:
        raise ValueError(
            f"{_bad_row(label, i, 'unit', offset)}: {out['unit'].iloc[i]!r} does not match "
            f"the catalogue unit {unit.iloc[i]!r} of {ind.iloc[i]!r}; convert the value to "
            f"{unit.iloc[i]!r}."
        )
    measure = ind.map(cat["measure"])
    for col in ("value", "value_high"):
        _check_values(out, col, measure, unit, label, offset)
    after = (out["start_year"] > out["year"]).fillna(False)
    if (i := _first(after)) is not None:
        raise ValueError(
            f"{_bad_row(label, i, 'start_year', offset)}: start_year "
            f"{out['start_year'].iloc[i]} is after year {out['year'].iloc[i]}."
        )

    is_plan = out["kind"].eq("plan")
    key = ["indicator", "year", "start_year", "boundary"]
    if "preferred" in raw.columns:
        out["preferred"] = _to_bool(raw, "preferred", label, offset)
        bad = out.index[out["preferred"] & is_plan]
        if len(bad):
            raise ValueError(
                f"{_bad_row(label, int(bad[0]), 'preferred', offset)}: a plan row cannot be "
                "preferred (plans are not outcomes)."
            )
    else:
        # Without the column, a value is preferred when it is the only outcome for its key.
        counts = out[~is_plan].groupby(key, dropna=False)["value"].transform("size")
        out["preferred"] = False
        out.loc[counts.index, "preferred"] = counts.eq(1)
        multi = counts[counts > 1]
        if len(multi):
            rows = out.loc[multi.index]
            first = rows.iloc[0]
            same = rows[(rows["indicator"] == first["indicator"]) & (rows["year"] == first["year"])]
            raise ValueError(
                f"{label}: rows {', '.join(map(str, same.index))} give "
                f"{len(same)} values for {first['indicator']!r} in {first['year']} "
                f"({first['boundary']}); add a 'preferred' column marking one of them."
            )
    outcomes = out[~is_plan]
    grouped = outcomes.groupby(key, dropna=False)["preferred"]
    n_pref = grouped.transform("sum")
    dup = outcomes.index[n_pref > 1]
    if len(dup):
        first = out.loc[dup[0]]
        rows = outcomes[(n_pref > 1) & (outcomes["indicator"] == first["indicator"])
                        & (outcomes["year"] == first["year"])
                        & (outcomes["boundary"] == first["boundary"]) & outcomes["preferred"]]
        raise ValueError(
            f"{label}: column 'preferred': rows {', '.join(map(str, rows.index))} are all "
            f"marked preferred for {first['indicator']!r} in {first['year']} "
            f"({first['boundary']}); mark exactly one."
        )
    none = outcomes.index[n_pref == 0]
    if len(none):
        first = out.loc[none[0]]
        raise ValueError(
            f"{_bad_row(label, int(none[0]), 'preferred', offset)}: no value is marked "
            f"preferred for {first['indicator']!r} in {first['year']} ({first['boundary']}); "
            "mark exactly one."
        )
    return out[list(HISTORY_COLUMNS)]


@lru_cache(maxsize=1)
def embedded_history() -> pd.DataFrame:
    """The embedded history, checked and cached: the shared table, not to be modified.

    :func:`load_history` returns a copy for users.
    """
    raw = read_package_csv("history.csv")
    return _check_history(raw, "hpforecast/data/history.csv", 2)


def load_history(
    data: str | os.PathLike | pd.DataFrame | None = None,
    *,
    wide: bool = False,
    boundary: str | None = None,
) -> pd.DataFrame:
    """Hai Phong's recorded history (or your own data in the same schema).

    Parameters
    ----------
    data : path or DataFrame, optional
        Your own data, checked with :func:`read_history`. Default: the embedded data.
    wide : bool, default False
        False: the tidy table, one row per value, every source and conflicting value
        kept. True: a year × indicator table of preferred annual values
        (plans and period values left out).
    boundary : str, optional
        Keep one territory. In the wide table the default is ``"spliced"``: the old city
        up to 2024 and the merged city from 2025 — right for growth rates, but levels
        jump at the merger (the table's ``attrs["boundary_break"]`` records the year).

    Returns
    -------
    pandas.DataFrame
        Tidy: columns ``indicator, year, start_year, value, value_high, unit, kind,
        boundary, preferred, source, source_url, note``. Wide: indexed by ``year``, one
        column per indicator, in catalogue units.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> h = hpf.load_history()
    >>> bool(h["source"].ne("").all())
    True
    >>> g = hpf.load_history(wide=True)["grdp_growth_real"]
    >>> round(float(g.loc[2019]), 4)
    0.1702
    """
    V.check_bool(wide, "wide")
    hist = embedded_history().copy() if data is None else read_history(data)
    if not wide:
        if boundary is not None:
            _check_boundary(boundary, hist, allow_spliced=False)
            hist = hist[hist["boundary"] == boundary]
        return hist.reset_index(drop=True)

    boundary = "spliced" if boundary is None else boundary
    _check_boundary(boundary, hist, allow_spliced=True)
    annual = hist[hist["preferred"] & hist["start_year"].isna()]
    national = annual[annual["boundary"] == "vietnam"]
    annual = _on_boundary(annual, boundary)
    table = annual.pivot(index="year", columns="indicator", values="value").sort_index()
    if boundary != "vietnam" and not national.empty:
        # National series (exchange rate, prices, national GDP) belong with every city
        # table: under their own name where the city has no such column, else with the
        # suffix "_vietnam".
        nat = national.pivot(index="year", columns="indicator", values="value")
        nat = nat.rename(columns={c: f"{c}_vietnam" for c in nat.columns if c in table.columns})
        table = table.join(nat, how="outer").sort_index()
    table.columns.name = None
    if boundary == "spliced":
        table.attrs["boundary_break"] = MERGER_YEAR
    table.attrs["boundary"] = boundary
    return table


def _check_boundary(boundary: object, hist: pd.DataFrame, *, allow_spliced: bool) -> None:
    known = sorted(set(hist["boundary"]))
    options = known + (["spliced"] if allow_spliced else [])
    if boundary not in options:
        raise ValueError(f"boundary must be one of {', '.join(map(repr, options))}; "
                         f"got {boundary!r}.")


def as_history(history: object) -> pd.DataFrame | None:
    """Check a ``history=`` argument: None (the embedded data), a path or a DataFrame."""
    if history is None:
        return None
    if not isinstance(history, (pd.DataFrame, str, os.PathLike)):
        raise TypeError(f"history must be None, a path to a CSV file or a DataFrame in "
                        f"hpforecast's schema; got {type(history).__name__}.")
    return read_history(history, name="history")


def boundary_for(year: int) -> str:
    """The territory Hai Phong's record covers in ``year``: the spliced series' rule.

    ``old_city`` before the merger year (2025), ``merged_city`` from it on.

    Examples
    --------
    >>> from hpforecast.data import boundary_for
    >>> boundary_for(2024), boundary_for(2025)
    ('old_city', 'merged_city')
    """
    return "old_city" if year < MERGER_YEAR else "merged_city"


def preferred_value(
    indicator: str, year: int, boundary: str, history: pd.DataFrame | None = None,
    *, start_year: int | None = None,
) -> float | None:
    """The preferred value of one indicator, or None when there is none.

    An annual value by default; with ``start_year``, the period value for the window
    ``start_year..year`` (an average growth rate, or a window sum of a flow).
    """
    hist = embedded_history() if history is None else history
    sel = hist[(hist["indicator"] == indicator) & (hist["year"] == year)
               & (hist["boundary"] == boundary) & hist["preferred"]]
    sel = sel[sel["start_year"].isna()] if start_year is None else \
        sel[sel["start_year"].eq(start_year).fillna(False)]
    return None if sel.empty else float(sel["value"].iloc[0])


def plan_record(
    indicator: str = "grdp_growth_real",
    *,
    boundary: str = "spliced",
    history: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each year's official plan next to the outcome.

    Parameters
    ----------
    indicator : str, default ``"grdp_growth_real"``
        Any indicator with plan rows: ``grdp_growth_real``, ``budget_revenue``,
        ``fdi_registered``, ...
    boundary : str, default ``"spliced"``
        ``"spliced"``: Hai Phong as it was each year (the old city's plans to 2024, the
        merged city's from 2025). Or one boundary (``old_city``, ``hai_duong``, ...).
    history : DataFrame, optional
        A tidy history table (default: the embedded one).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``year``: ``boundary``, ``plan`` (lower end of the plan),
        ``plan_high`` (upper end of a range, else equal to ``plan``), ``outcome``
        (preferred value for the same boundary), ``outcome_kind``, ``gap``
        (outcome − plan), ``met`` (outcome ≥ plan), ``plan_source``,
        ``outcome_source``, ``unit``.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> rec = hpf.plan_record()
    >>> bool(rec.loc[2020, "met"])
    False
    """
    hist = embedded_history() if history is None else history
    V.check_indicator(indicator, "indicator", catalogue().index)
    _check_boundary(boundary, hist, allow_spliced=True)
    plans = _plan_rows(indicator, boundary, hist)
    if plans.empty:
        raise ValueError(f"there is no plan record for indicator {indicator!r}; indicators "
                         f"with plans for boundary {boundary!r}: "
                         f"{', '.join(sorted(set(hist.loc[hist['kind'] == 'plan', 'indicator'])))}.")
    rows = []
    for _, p in plans.iterrows():
        outcome = hist[(hist["indicator"] == indicator) & (hist["year"] == p["year"])
                       & (hist["boundary"] == p["boundary"]) & hist["preferred"]
                       & hist["start_year"].isna()]
        out_val = float(outcome["value"].iloc[0]) if len(outcome) else np.nan
        high = p["value_high"] if not pd.isna(p["value_high"]) else p["value"]
        rows.append({
            "year": int(p["year"]), "boundary": p["boundary"], "plan": p["value"],
            "plan_high": high, "outcome": out_val,
            "outcome_kind": outcome["kind"].iloc[0] if len(outcome) else "",
            "gap": out_val - p["value"],
            "met": bool(out_val >= p["value"]) if len(outcome) else pd.NA,
            "plan_source": p["source"],
            "outcome_source": outcome["source"].iloc[0] if len(outcome) else "",
            "unit": p["unit"],
        })
    table = pd.DataFrame(rows).sort_values("year")
    # Two plans for one year and boundary (two outlets): keep the first.
    return table.drop_duplicates("year").set_index("year")


def has_plan_record(
    indicator: str,
    *,
    boundary: str = "spliced",
    history: pd.DataFrame | None = None,
) -> bool:
    """Whether :func:`plan_record` has plans for ``indicator`` on ``boundary``.

    ``plan_record`` raises ``ValueError`` where this is False; ask first instead of
    catching. Arguments as for :func:`plan_record` (False for an unknown indicator).

    Examples
    --------
    >>> from hpforecast.data import has_plan_record
    >>> has_plan_record("grdp_growth_real"), has_plan_record("population")
    (True, False)
    """
    hist = embedded_history() if history is None else history
    return not _plan_rows(indicator, boundary, hist).empty


def _on_boundary(rows: pd.DataFrame, boundary: str) -> pd.DataFrame:
    """Rows of one boundary, or of the spliced record (:func:`boundary_for` each year)."""
    if boundary == "spliced":
        return rows[rows["boundary"] == rows["year"].map(boundary_for)]
    return rows[rows["boundary"] == boundary]


def _plan_rows(indicator: str, boundary: str, hist: pd.DataFrame) -> pd.DataFrame:
    plans = hist[(hist["indicator"] == indicator) & (hist["kind"] == "plan")
                 & hist["start_year"].isna()]
    return _on_boundary(plans, boundary)


#: The cross-country panels shipped for evaluation (:func:`load_panel`): name -> (file,
#: unit of ``real_gdp``, source). Described in ``hpforecast/data/SOURCES.md``.
PANELS = {
    "pwt91": ("panel_pwt91.csv", "million 2011 US$ at constant 2011 national prices",
              "Penn World Table 9.1, rgdpna (Feenstra, Inklaar & Timmer 2015; "
              "doi:10.15141/S50T0R), CC BY 4.0; curated by hpforecast"),
    "pwt56": ("panel_pwt56.csv", "million 1985 international $ (rgdpch × pop / 1000)",
              "Penn World Table 5.6 (Summers & Heston 1991), no restriction on "
              "redistribution; curated by hpforecast"),
}


@lru_cache(maxsize=len(PANELS))
def _panel(name: str) -> pd.DataFrame:
    file, unit, source = PANELS[name]
    raw = read_package_csv(file)
    out = pd.DataFrame({"economy": raw["economy"].astype(object),
                        "year": pd.to_numeric(raw["year"]).astype(int),
                        "real_gdp": pd.to_numeric(raw["real_gdp"]).astype(float)})
    out.attrs.update(name=name, unit=unit, source=source,
                     file=f"hpforecast/data/{file}")
    return out


def load_panel(name: str = "pwt91") -> pd.DataFrame:
    """Annual real GDP of many economies: the panels the evaluation harness scores on.

    Two curated panels ship with the package (sources, licences and every cleaning step
    in ``hpforecast/data/SOURCES.md``):

    * ``"pwt91"`` — Penn World Table 9.1, real GDP at constant national prices
      (``rgdpna``), 180 economies, 1950–2017, **million 2011 US$**; licensed CC BY 4.0
      (credit: Feenstra, Inklaar & Timmer 2015, doi:10.15141/S50T0R).
    * ``"pwt56"`` — Penn World Table 5.6, real GDP per capita (chain, 1985 international
      prices) × population, 126 economies, 1950–1992, **million 1985 international $**;
      an older, largely independent compilation.

    Each economy keeps one run of consecutive years (at least 25 levels). Only growth
    between consecutive years is meaningful across economies: the units differ between
    panels.

    Parameters
    ----------
    name : {"pwt91", "pwt56"}, default "pwt91"

    Returns
    -------
    pandas.DataFrame
        Columns ``economy`` (str), ``year`` (int), ``real_gdp`` (float, positive), one row
        per economy-year, sorted; ``attrs`` hold ``name``, ``unit``, ``source`` and
        ``file``.

    Raises
    ------
    ValueError
        For an unknown panel name.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> panel = hpf.load_panel("pwt91")
    >>> list(panel.columns), panel["economy"].nunique()
    (['economy', 'year', 'real_gdp'], 180)
    >>> panel.attrs["unit"]
    'million 2011 US$ at constant 2011 national prices'
    """
    V.check_choice(name, "name", tuple(PANELS))
    table = _panel(name)
    out = table.copy()
    out.attrs = dict(table.attrs)
    return out


# -- the stored panel evaluation (benchmarks/eval_panels.py --write) ----------------------
#: The tables of the stored evaluation: name -> (file, index columns).
EVALUATION_TABLES = {
    "summary": ("evaluation_panels.csv", ["panel", "model", "parameters", "group"]),
    "reliability": ("evaluation_reliability.csv",
                    ["panel", "model", "parameters", "group", "bin"]),
}
_EVALUATION_PROVENANCE = "evaluation_provenance.csv"
_EVALUATION_TEXT = ("parameters", "sample", "notes")


@lru_cache(maxsize=len(EVALUATION_TABLES))
def _evaluation(table: str) -> pd.DataFrame:
    file, index = EVALUATION_TABLES[table]
    out = pd.read_csv(io.StringIO(_package_text(file)),
                      dtype={c: str for c in _EVALUATION_TEXT})
    for c in _EVALUATION_TEXT:
        if c in out:
            out[c] = out[c].fillna("")
    prov = read_package_csv(_EVALUATION_PROVENANCE)
    out = out.set_index(index).sort_index()
    out.attrs.update(table=table, file=f"hpforecast/data/{file}",
                     provenance=dict(zip(prov["key"], prov["value"])))
    return out


def load_evaluation(table: str = "summary") -> pd.DataFrame:
    """The stored evaluation of the probabilities on both panels (:func:`load_panel`).

    ``benchmarks/eval_panels.py --write`` scores every model of its runs with
    :func:`hpforecast.evaluate` (9-year windows, 5-year horizon, every origin year, 2,000
    paths a forecast) and stores the result in the package, so that the report shows the
    full evaluation without recomputing it (about 11 minutes on 2 cores). The runs:
    ``rtm`` with the PWT 9.1 parameters on both panels (in sample on PWT 9.1, out of sample
    on PWT 5.6) and with the PWT 5.6 parameters on PWT 9.1 (out of sample); ``iid`` and
    ``ar1`` fitted on each window alone. ``hpforecast/data/SOURCES.md`` describes the files.

    Parameters
    ----------
    table : {"summary", "reliability"}, default "summary"
        ``"summary"``: one row per panel, run and group (``"all"``, ``"fastest
        quarter"``) — :attr:`Evaluation.summary <hpforecast.Evaluation>` at the last
        horizon with the 80 % coverage's interval, :meth:`Evaluation.criteria
        <hpforecast.Evaluation.criteria>` (``coverage_80_met, mean_pit_met,
        reliability_met, criteria_met, criteria``), ``sample`` (``"in"``: the rtm
        parameters were estimated on the panel scored; ``"out"`` otherwise) and the windows
        (``origin_first, origin_last, year_first, year_last, n_economies``; for the fastest
        quarter ``entry_low, entry_high``, the range over origin years of the lowest window
        mean in it). ``"reliability"``: the reliability diagram's points, one row per judged
        probability bin of the fixed thresholds —
        :meth:`Evaluation.reliability_points <hpforecast.Evaluation.reliability_points>`
        with the bin's economies and the two-way interval of observed − predicted
        (``ci_low_2w, ci_high_2w, within_2w``).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``panel, model, parameters, group`` (and ``bin``), sorted;
        ``parameters`` is the rtm parameters' panel, ``""`` for iid and ar1. Fractions throughout. ``attrs``:
        ``provenance`` (dict: hpforecast version, git commit, command, configuration,
        the panel files' sha256, date), ``file`` and ``table``.

    Raises
    ------
    ValueError
        For another ``table``.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> ev = hpf.load_evaluation()
    >>> row = ev.loc[("pwt56", "rtm", "pwt91", "all")]
    >>> row["sample"], int(row["n"]) > 2000, bool(0.75 <= row["coverage_80"] <= 0.85)
    ('out', True, True)
    >>> ev.attrs["provenance"]["n_paths"], ev.attrs["provenance"]["origins"]
    ('2000', 'every year')
    >>> points = hpf.load_evaluation("reliability").loc[("pwt56", "rtm", "pwt91")]
    >>> list(points.columns[1:4])
    ['mean_predicted', 'observed', 'observed_low']
    """
    V.check_choice(table, "table", tuple(EVALUATION_TABLES))
    stored = _evaluation(table)
    out = stored.copy()
    out.attrs = {**stored.attrs, "provenance": dict(stored.attrs["provenance"])}
    return out


# -- partial-year releases (Q1, H1, 9M) --------------------------------------------------
#: The partial-year periods, cumulative from January: name -> months covered.
PERIODS = {"Q1": 3, "H1": 6, "9M": 9}
#: What ``partial_year.csv`` may hold: indicator -> (unit, measure). Growth is the
#: period's cumulative output (or flow) over the same months of the year before, minus 1.
PARTIAL_INDICATORS = {
    "grdp_growth_real": ("fraction", "growth"),
    "grdp_real": ("bn VND, 2010 prices", "flow"),
    "budget_revenue": ("bn VND", "flow"),
    "budget_revenue_share_of_estimate": ("fraction", "share"),
    "fdi_registered": ("bn USD", "flow"),
    "port_cargo": ("Mt", "flow"),
    "port_cargo_growth": ("fraction", "growth"),
}
#: How a release printed its number: as is (""), as a lower bound ("over"), an upper
#: bound ("nearly"), a round figure ("about"), or the lower end of a projected range.
PARTIAL_QUALIFIERS = ("", "over", "nearly", "about", "range_low")
PARTIAL_REQUIRED = ("indicator", "year", "period", "value", "unit", "kind", "boundary",
                    "release_date", "source")
PARTIAL_COLUMNS = ("indicator", "year", "period", "value", "qualifier", "unit", "kind",
                   "boundary", "preferred", "release_date", "source", "source_url", "note")
VINTAGES = ("first", "preferred")
_PARTIAL_KEY = ["indicator", "year", "period", "boundary"]


def read_partial_year(
    data: str | os.PathLike | pd.DataFrame,
    *,
    name: str | None = None,
) -> pd.DataFrame:
    """Read and check partial-year releases in hpforecast's schema (a CSV file or a DataFrame).

    Parameters
    ----------
    data : path or DataFrame
        At least the columns ``indicator, year, period, value, unit, kind, boundary,
        release_date, source``; optional ``qualifier``, ``preferred``, ``source_url``,
        ``note``. See :func:`load_partial_year` for their meaning.
    name : str, optional
        How to call the data in error messages (defaults to the file name).

    Returns
    -------
    pandas.DataFrame
        All of :data:`PARTIAL_COLUMNS`, typed: ``year`` int, ``value`` float,
        ``preferred`` bool; ``release_date`` stays text (``YYYY-MM`` or ``YYYY-MM-DD``,
        as precise as the source).

    Raises
    ------
    ValueError
        Naming the row (and line) and the column: a missing column, an indicator not in
        :data:`PARTIAL_INDICATORS` or a unit other than its own, a period other than
        ``Q1``, ``H1``, ``9M``, a kind other than ``estimate`` (partial-year figures are
        never final), an unknown boundary or qualifier, a growth rate or share given in
        percent, a flow that is not positive, a release date that is not a date or falls
        before the period's last month, or not exactly one preferred row per
        (indicator, year, period, boundary).
    TypeError
        If ``data`` is neither a path nor a DataFrame.

    Examples
    --------
    >>> import pandas as pd, hpforecast as hpf
    >>> mine = pd.DataFrame({"indicator": ["grdp_growth_real"], "year": [2026],
    ...     "period": ["H1"], "value": [0.118], "unit": ["fraction"], "kind": ["estimate"],
    ...     "boundary": ["merged_city"], "release_date": ["2026-07-05"], "source": ["GSO"]})
    >>> hpf.read_partial_year(mine)["preferred"].tolist()
    [True]
    """
    V.check_str(name, "name", optional=True)
    if isinstance(data, pd.DataFrame):
        return _check_partial(data, name or "partial-year data", None)
    if isinstance(data, (str, os.PathLike)):
        label = name or os.fspath(data)
        text = V.read_text(os.fspath(data), "data file")
        try:
            raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        except pd.errors.ParserError as exc:
            raise ValueError(f"{label} is not a readable CSV file: {exc}") from None
        return _check_partial(raw, label, 2)
    raise TypeError(f"data must be a path to a CSV file or a pandas DataFrame; got "
                    f"{type(data).__name__}.")


def _check_partial(raw: pd.DataFrame, label: str, offset: int | None) -> pd.DataFrame:
    """Check a raw partial-year table and return the typed one."""
    dup = raw.columns[raw.columns.duplicated()]
    missing = [c for c in PARTIAL_REQUIRED if c not in raw.columns]
    if len(dup) or missing:
        what = (f"duplicate column(s) {', '.join(sorted(map(repr, set(dup))))}" if len(dup)
                else f"missing required column(s) {', '.join(map(repr, missing))}")
        raise ValueError(f"{label} has {what}; required: {', '.join(PARTIAL_REQUIRED)}.")
    raw = raw.reset_index(drop=True)
    out = pd.DataFrame(index=raw.index)
    for col in ("indicator", "period", "unit", "kind", "boundary", "release_date", "source"):
        out[col] = _texts(raw[col])
        if (i := _first(out[col].isin(["", "nan", "None"]))) is not None:
            raise ValueError(f"{_bad_row(label, i, col, offset)}: value is missing.")
    out["year"] = _to_number(raw, "year", label, offset, year=True).astype(int)
    out["value"] = _to_number(raw, "value", label, offset)
    for col in ("qualifier", "source_url", "note"):
        out[col] = _texts(raw[col]).replace({"nan": ""}) if col in raw.columns else ""

    def refuse(mask, column, text):
        if (i := _first(mask)) is not None:
            raise ValueError(f"{_bad_row(label, i, column, offset)}: "
                             f"{_show(out[column].iloc[i])} {text}")

    ind = out["indicator"]
    refuse(~ind.isin(list(PARTIAL_INDICATORS)), "indicator",
           f"is not a partial-year indicator; known: {', '.join(PARTIAL_INDICATORS)}.")
    refuse(~out["period"].isin(list(PERIODS)), "period",
           f"is not a period; give one of {', '.join(PERIODS)} (cumulative from January).")
    refuse(out["kind"].ne("estimate"), "kind",
           "is not 'estimate'; partial-year figures are estimates.")
    refuse(~out["boundary"].isin(BOUNDARIES), "boundary",
           f"is not a boundary; give one of {', '.join(BOUNDARIES)}.")
    refuse(~out["qualifier"].isin(PARTIAL_QUALIFIERS), "qualifier",
           f"is not one of {', '.join(map(repr, PARTIAL_QUALIFIERS))}.")
    unit = ind.map(lambda k: PARTIAL_INDICATORS[k][0])
    refuse(out["unit"].ne(unit), "unit", "is not the unit of its indicator "
           f"({'; '.join(f'{k}: {u}' for k, (u, _) in PARTIAL_INDICATORS.items())}).")
    measure = ind.map(lambda k: PARTIAL_INDICATORS[k][1])
    _check_values(out, "value", measure, unit, label, offset)
    _check_release_dates(out, label, offset)
    out["preferred"] = (_to_bool(raw, "preferred", label, offset) if "preferred" in raw.columns
                        else out.groupby(_PARTIAL_KEY)["value"].transform("size").eq(1))
    n_pref = out.groupby(_PARTIAL_KEY)["preferred"].transform("sum")
    if (i := _first(n_pref != 1)) is not None:
        r = out.iloc[i]
        rows = out.index[(out[_PARTIAL_KEY] == r[_PARTIAL_KEY]).all(axis=1)]
        raise ValueError(
            f"{label}: column 'preferred': rows {', '.join(map(str, rows))} give "
            f"{r['indicator']!r} for {r['period']} {r['year']} ({r['boundary']}) with "
            f"{int(n_pref.iloc[i])} marked preferred; mark exactly one.")
    return out[list(PARTIAL_COLUMNS)]


def _check_release_dates(out: pd.DataFrame, label: str, offset: int | None) -> None:
    """``YYYY-MM`` or ``YYYY-MM-DD``, a real date, not before the period's last month."""
    text = out["release_date"]
    shape = text.str.fullmatch(r"\d{4}-\d{2}(-\d{2})?")
    full = text.where(text.str.len() > 7, text + "-01").where(shape)
    parsed = pd.to_datetime(full, format="%Y-%m-%d", errors="coerce")
    if (i := _first(parsed.isna())) is not None:
        raise ValueError(f"{_bad_row(label, i, 'release_date', offset)}: {text.iloc[i]!r} is "
                         "not a date; write YYYY-MM-DD, or YYYY-MM when only the month is "
                         "known.")
    last = pd.to_datetime({"year": out["year"], "month": out["period"].map(PERIODS), "day": 1})
    if (i := _first(parsed < last)) is not None:
        raise ValueError(f"{_bad_row(label, i, 'release_date', offset)}: {text.iloc[i]!r} is "
                         f"before the last month of {out['period'].iloc[i]} "
                         f"{out['year'].iloc[i]}.")


@lru_cache(maxsize=1)
def embedded_partial_year() -> pd.DataFrame:
    """The embedded partial-year releases, checked and cached (the shared table)."""
    raw = read_package_csv("partial_year.csv")
    return _check_partial(raw, "hpforecast/data/partial_year.csv", 2)


def load_partial_year(
    data: str | os.PathLike | pd.DataFrame | None = None,
    *,
    boundary: str | None = None,
) -> pd.DataFrame:
    """Hai Phong's partial-year releases: Q1, H1 and nine-month figures, with sources.

    Every value is cumulative from January (Q1 = January–March, H1 = January–June,
    9M = January–September) and, for growth, compared with the same months of the year
    before. Flows (revenue, FDI, cargo) are the amounts so far in the year. Each row is
    one release (``kind`` ``estimate``, with its ``release_date``); where releases
    disagree or a figure was revised, all are kept and one per (indicator, year,
    period, boundary) is ``preferred`` (``hpforecast/data/SOURCES.md`` says which and
    why). The bridge of :func:`hpforecast.nowcast` uses the first release of each figure
    (what was known at the time), see :func:`partial_record`.

    Parameters
    ----------
    data : path or DataFrame, optional
        Your own releases, checked with :func:`read_partial_year`. Default: the embedded
        ones.
    boundary : str, optional
        Keep one territory (``old_city``, ``hai_duong``, ``merged_city``).

    Returns
    -------
    pandas.DataFrame
        Columns ``indicator, year, period, value, qualifier, unit, kind, boundary,
        preferred, release_date, source, source_url, note``. ``qualifier`` says how the
        source printed the number (:data:`PARTIAL_QUALIFIERS`: ``over`` a lower bound,
        ``nearly`` an upper bound, ``about``, ``range_low`` the lower end of a projected
        range). Indicators: :data:`PARTIAL_INDICATORS` (``grdp_real`` is the period's
        cumulative output at 2010 prices, ``budget_revenue_share_of_estimate`` the
        revenue so far as a share of the year's budget estimate).

    Examples
    --------
    >>> import hpforecast as hpf
    >>> py = hpf.load_partial_year()
    >>> h1 = py[(py.indicator == "grdp_growth_real") & (py.period == "H1") & py.preferred]
    >>> float(h1.set_index(["year", "boundary"]).loc[(2023, "old_city"), "value"])
    0.0994
    """
    table = embedded_partial_year().copy() if data is None else read_partial_year(data)
    if boundary is not None:
        V.check_choice(boundary, "boundary", sorted(set(table["boundary"])))
        table = table[table["boundary"] == boundary]
    return table.reset_index(drop=True)


def partial_record(
    indicator: str,
    period: str,
    *,
    boundary: str = "spliced",
    vintage: str = "first",
    data: pd.DataFrame | None = None,
) -> pd.Series:
    """One partial-year series: each year's figure for one indicator and period.

    Parameters
    ----------
    indicator : str
        A key of :data:`PARTIAL_INDICATORS`.
    period : {"Q1", "H1", "9M"}
    boundary : str, default ``"spliced"``
        One territory, or ``"spliced"``: each year on :func:`boundary_for`'s boundary
        (the old city to 2024, the merged city from 2025).
    vintage : {"first", "preferred"}, default ``"first"``
        ``"first"``: the earliest release of each figure (what was known at the time);
        ``"preferred"``: the preferred row (a later revision where there is one).
    data : DataFrame, optional
        A checked partial-year table (default: the embedded one).

    Returns
    -------
    pandas.Series
        Indexed by ``year``; ``attrs["boundary"]`` maps each year to its boundary.

    Examples
    --------
    >>> from hpforecast.data import partial_record
    >>> q1 = partial_record("grdp_growth_real", "Q1", boundary="old_city")
    >>> float(q1[2022]), float(partial_record("grdp_growth_real", "Q1",
    ...     boundary="old_city", vintage="preferred")[2022])
    (0.1004, 0.0951)
    """
    V.check_choice(indicator, "indicator", list(PARTIAL_INDICATORS))
    V.check_choice(period, "period", list(PERIODS))
    V.check_choice(vintage, "vintage", VINTAGES)
    rows = embedded_partial_year() if data is None else data
    rows = _of_boundary(rows[(rows["indicator"] == indicator) & (rows["period"] == period)],
                        boundary)
    if vintage == "preferred":
        rows = rows[rows["preferred"]]
    else:  # earliest release; a same-day tie goes to the preferred row
        rows = rows.assign(_late=~rows["preferred"]).sort_values(["release_date", "_late"])
    return _year_series(rows.drop_duplicates("year"), f"{indicator} {period}")


def _of_boundary(rows: pd.DataFrame, boundary: str) -> pd.DataFrame:
    """Rows of one boundary, or of the spliced record."""
    if boundary != "spliced":
        V.check_choice(boundary, "boundary", ("spliced", *BOUNDARIES))
    return _on_boundary(rows, boundary)


def _year_series(rows: pd.DataFrame, name: str) -> pd.Series:
    """One value a year, sorted; ``attrs["boundary"]`` maps each year to its boundary."""
    rows = rows.sort_values("year")
    out = pd.Series(rows["value"].to_numpy(), index=pd.Index(rows["year"], name="year"),
                    name=name, dtype=float)
    out.attrs["boundary"] = dict(zip(rows["year"], rows["boundary"]))
    return out


def annual_record(
    indicator: str,
    *,
    boundary: str = "spliced",
    vintage: str = "preferred",
    history: pd.DataFrame | None = None,
) -> pd.Series:
    """One annual series of the history, in the vintage asked for.

    Parameters
    ----------
    indicator : str
        A history indicator (``grdp_growth_real``, ``budget_revenue``, ...).
    boundary : str, default ``"spliced"``
        One territory, or ``"spliced"`` (:func:`boundary_for` each year).
    vintage : {"preferred", "first"}, default ``"preferred"``
        ``"preferred"``: the preferred value (revised where a revision is recorded).
        ``"first"``: the year's first estimate — the row whose note calls it the first
        estimate where the record holds one, otherwise the preferred value (the record
        then holds no earlier figure).
    history : DataFrame, optional
        A tidy history table (default: the embedded one).

    Returns
    -------
    pandas.Series
        Indexed by ``year``; ``attrs["boundary"]`` maps each year to its boundary.

    Examples
    --------
    >>> from hpforecast.data import annual_record
    >>> g = annual_record("grdp_growth_real", boundary="old_city")
    >>> float(g[2020]), float(annual_record("grdp_growth_real", boundary="old_city",
    ...                                     vintage="first")[2020])
    (0.1061, 0.1122)
    """
    V.check_choice(vintage, "vintage", VINTAGES)
    hist = embedded_history() if history is None else history
    rows = _of_boundary(hist[(hist["indicator"] == indicator) & hist["start_year"].isna()
                             & hist["kind"].ne("plan")], boundary)
    first = (rows["kind"].eq("estimate")
             & rows["note"].str.contains("first estimate", case=False, regex=False))
    rank = np.where(first, 0, np.where(rows["preferred"], 1, 2)) if vintage == "first" \
        else np.where(rows["preferred"], 1, 2)
    rows = rows.assign(_rank=rank)
    return _year_series(rows[rows["_rank"] < 2].sort_values(["year", "_rank"])
                        .drop_duplicates("year"), indicator)
