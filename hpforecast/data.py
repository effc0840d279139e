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
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

__all__ = [
    "load_history",
    "read_history",
    "indicators",
    "plan_record",
    "BOUNDARIES",
    "KINDS",
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


def _read_package_csv(name: str) -> pd.DataFrame:
    text = resources.files("hpforecast").joinpath("data", name).read_text(encoding="utf-8")
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def _catalogue() -> pd.DataFrame:
    cat = _read_package_csv("indicators.csv")
    return cat.set_index("indicator")


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
    return _catalogue().copy()


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
        Naming the row and column at fault: a missing column, text in a number, an
        unknown indicator or kind, a unit that differs from the catalogue, a growth rate
        given in percent, a missing source, or two preferred values for the same
        indicator, year and boundary.

    Examples
    --------
    >>> import pandas as pd, hpforecast as hpf
    >>> mine = pd.DataFrame({"indicator": ["grdp_growth_real"], "year": [2024],
    ...     "value": [0.071], "unit": ["fraction per year"], "kind": ["actual"],
    ...     "boundary": ["vietnam"], "source": ["GSO"]})
    >>> hpf.read_history(mine)["preferred"].tolist()
    [True]
    """
    if isinstance(data, pd.DataFrame):
        raw = data.copy()
        label = name or "history data"
        offset = None
    elif isinstance(data, (str, os.PathLike)):
        label = name or os.fspath(data)
        try:
            raw = pd.read_csv(data, dtype=str, keep_default_na=False)
        except FileNotFoundError:
            raise ValueError(f"data file {os.fspath(data)!r} does not exist.") from None
        except pd.errors.ParserError as exc:
            raise ValueError(f"{label} is not a readable CSV file: {exc}") from None
        offset = 2  # header line + 1-based
    else:
        raise TypeError(f"data must be a path to a CSV file or a pandas DataFrame; got "
                        f"{type(data).__name__}.")
    return _check_history(raw, label, offset)


def _to_number(raw: pd.DataFrame, column: str, label: str, offset: int | None,
               *, integer: bool = False, optional: bool = False) -> pd.Series:
    col = raw[column]
    out = pd.Series(np.nan, index=raw.index, dtype=float)
    for idx, item in col.items():
        if (not isinstance(item, str) and pd.isna(item)) or (
            isinstance(item, str) and item.strip() == ""
        ):
            if optional:
                continue
            raise ValueError(f"{_bad_row(label, idx, column, offset)}: value is missing.")
        try:
            num = float(str(item).strip()) if isinstance(item, str) else float(item)
        except (TypeError, ValueError):
            raise ValueError(
                f"{_bad_row(label, idx, column, offset)}: {item!r} is not a number."
            ) from None
        if not np.isfinite(num):
            raise ValueError(f"{_bad_row(label, idx, column, offset)}: {item!r} is not finite.")
        if integer and num != int(num):
            raise ValueError(
                f"{_bad_row(label, idx, column, offset)}: {item!r} is not a whole year."
            )
        out[idx] = num
    return out


def _to_bool(raw: pd.DataFrame, column: str, label: str, offset: int | None) -> pd.Series:
    truthy = {"true", "1", "yes", "y", "t"}
    falsy = {"false", "0", "no", "n", "f", ""}
    out = pd.Series(False, index=raw.index, dtype=bool)
    for idx, item in raw[column].items():
        if isinstance(item, (bool, np.bool_)):
            out[idx] = bool(item)
            continue
        text = str(item).strip().lower()
        if text in truthy:
            out[idx] = True
        elif text not in falsy:
            raise ValueError(
                f"{_bad_row(label, idx, column, offset)}: {item!r} is not true or false."
            )
    return out


def _check_history(raw: pd.DataFrame, label: str, offset: int | None) -> pd.DataFrame:
    missing = [c for c in HISTORY_REQUIRED if c not in raw.columns]
    if missing:
        raise ValueError(
            f"{label} is missing required column(s) {', '.join(map(repr, missing))}; "
            f"required: {', '.join(HISTORY_REQUIRED)}."
        )
    raw = raw.reset_index(drop=True)
    cat = _catalogue()
    out = pd.DataFrame(index=raw.index)
    for col in ("indicator", "unit", "kind", "boundary", "source"):
        out[col] = raw[col].astype(str).str.strip()
        empty = out.index[out[col].isin(["", "nan", "None"])]
        if len(empty):
            raise ValueError(f"{_bad_row(label, int(empty[0]), col, offset)}: value is missing.")
    out["year"] = _to_number(raw, "year", label, offset, integer=True).astype(int)
    out["start_year"] = (
        _to_number(raw, "start_year", label, offset, integer=True, optional=True)
        .astype("Int64") if "start_year" in raw.columns
        else pd.Series(pd.NA, index=raw.index, dtype="Int64")
    )
    out["value"] = _to_number(raw, "value", label, offset)
    out["value_high"] = (
        _to_number(raw, "value_high", label, offset, optional=True)
        if "value_high" in raw.columns else np.nan
    )
    for col in ("source_url", "note"):
        out[col] = raw[col].astype(str).replace({"nan": ""}) if col in raw.columns else ""

    for idx, row in out.iterrows():
        ind = row["indicator"]
        if ind not in cat.index:
            raise ValueError(
                f"{_bad_row(label, idx, 'indicator', offset)}: {ind!r} is not in the "
                f"indicator catalogue. Known indicators: {', '.join(sorted(cat.index))}."
            )
        if row["kind"] not in KINDS:
            raise ValueError(
                f"{_bad_row(label, idx, 'kind', offset)}: {row['kind']!r} is not one of "
                f"{', '.join(KINDS)}."
            )
        unit = cat.at[ind, "unit"]
        if row["unit"] != unit:
            raise ValueError(
                f"{_bad_row(label, idx, 'unit', offset)}: {row['unit']!r} does not match "
                f"the catalogue unit {unit!r} of {ind!r}; convert the value to {unit!r}."
            )
        if cat.at[ind, "measure"] in _FRACTION_MEASURES and abs(row["value"]) > 1:
            raise ValueError(
                f"{_bad_row(label, idx, 'value', offset)}: {row['value']!r} for {ind!r} "
                "must be a fraction, like 0.13; did you give a percentage?"
            )
        if row["start_year"] is not pd.NA and not pd.isna(row["start_year"]) and (
            row["start_year"] > row["year"]
        ):
            raise ValueError(
                f"{_bad_row(label, idx, 'start_year', offset)}: start_year "
                f"{row['start_year']} is after year {row['year']}."
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
def _embedded_history() -> pd.DataFrame:
    raw = _read_package_csv("history.csv")
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
    hist = _embedded_history().copy() if data is None else read_history(data)
    if not wide:
        if boundary is not None:
            _check_boundary(boundary, hist, allow_spliced=False)
            hist = hist[hist["boundary"] == boundary]
        return hist.reset_index(drop=True)

    boundary = "spliced" if boundary is None else boundary
    _check_boundary(boundary, hist, allow_spliced=True)
    annual = hist[hist["preferred"] & hist["start_year"].isna()]
    national = annual[annual["boundary"] == "vietnam"]
    if boundary == "spliced":
        annual = annual[
            ((annual["boundary"] == "old_city") & (annual["year"] < MERGER_YEAR))
            | ((annual["boundary"] == "merged_city") & (annual["year"] >= MERGER_YEAR))
        ]
    else:
        annual = annual[annual["boundary"] == boundary]
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
    hist = _embedded_history() if history is None else history
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
    hist = _embedded_history() if history is None else history
    check = _catalogue()
    if indicator not in check.index:
        raise ValueError(f"indicator {indicator!r} is not a known indicator. Known "
                         f"indicators: {', '.join(sorted(check.index))}.")
    _check_boundary(boundary, hist, allow_spliced=True)
    plans = hist[(hist["indicator"] == indicator) & (hist["kind"] == "plan")
                 & hist["start_year"].isna()]
    if boundary == "spliced":
        plans = plans[((plans["boundary"] == "old_city") & (plans["year"] < MERGER_YEAR))
                      | ((plans["boundary"] == "merged_city") & (plans["year"] >= MERGER_YEAR))]
    else:
        plans = plans[plans["boundary"] == boundary]
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
    hist = _embedded_history() if history is None else history
    plans = hist[(hist["indicator"] == indicator) & (hist["kind"] == "plan")
                 & hist["start_year"].isna()]
    if boundary == "spliced":
        return bool((plans["boundary"] == plans["year"].map(boundary_for)).any())
    return bool((plans["boundary"] == boundary).any())
