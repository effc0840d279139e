"""Growth series for a fit: from a history table, a wide year × indicator table or a Series.

This module owns how a calibration finds an indicator's yearly growth in the data a user
gives: which recorded growth series stands for a driver (:data:`GROWTH_SERIES`), growth
from consecutive levels (:func:`growth_from_levels`), which boundary a year is taken from,
and the checks of annual indexes (:func:`years_of`). :func:`collect_series` is the entry
point used by :func:`hpforecast.calibrate`, :func:`hpforecast.fit_buoyancy` and
:func:`hpforecast.backtest`; it returns :class:`GrowthSeries`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import _validation as V
from ..data import HISTORY_COLUMNS, boundary_for, load_history, read_history
from ..data import growth_from_levels
from ..data import indicators as indicator_catalogue
from ..scenario import DRIVERS

__all__ = ["GROWTH_SERIES", "DRIVER_OF_GROWTH", "GrowthSeries", "check_year",
           "checked_history", "collect_series", "driver_of", "growth_from_levels",
           "growth_series_of", "is_history_table", "names_of", "years_of"]

#: Recorded growth series of the engine's drivers: driver -> growth indicator.
GROWTH_SERIES = {"grdp_real": "grdp_growth_real", "budget_revenue": "budget_revenue_growth",
                 "budget_revenue_domestic": "budget_revenue_domestic_growth",
                 "grdp_deflator": "gdp_deflator_growth"}
#: The inverse of :data:`GROWTH_SERIES`: growth indicator -> driver.
DRIVER_OF_GROWTH = {g: d for d, g in GROWTH_SERIES.items()}
#: Where a driver's levels are found in the history: driver -> (indicator, boundary).
_LEVELS_FROM = {"national_gdp_nominal": ("grdp_nominal", "vietnam")}


@dataclass(frozen=True)
class GrowthSeries:
    """One indicator's yearly growth as used for a fit.

    Attributes
    ----------
    name : str
        The indicator (or a user's label for it).
    driver : str or None
        The engine driver it stands for, when its name says so (:func:`driver_of`).
    growth : pandas.Series
        Growth as a fraction per year, indexed by integer year, sorted.
    levels : pandas.Series
        Levels indexed by integer year (empty when the data hold growth only).
    source : str
        Where the growth came from and on which boundary, for the fit's summary.
    """

    name: str
    driver: str | None
    growth: pd.Series
    levels: pd.Series
    source: str


def years_of(index: pd.Index, what: str) -> np.ndarray:
    """Integer years of an annual index.

    Parameters
    ----------
    index : pandas.Index
        Integers (or whole floats), an annual ``DatetimeIndex`` or an annual
        ``PeriodIndex``.
    what : str
        The argument's name, for messages (``"data"``, ``"plans"``).

    Returns
    -------
    numpy.ndarray
        The years as integers, in the index's order.

    Raises
    ------
    ValueError
        For a non-annual index, one with a repeated year, or years outside 1000–3000.

    Examples
    --------
    >>> import pandas as pd
    >>> from hpforecast.calibration.series import years_of
    >>> years_of(pd.period_range("2020", periods=3, freq="Y"), "data").tolist()
    [2020, 2021, 2022]
    """
    if isinstance(index, pd.DatetimeIndex):
        years = index.year.to_numpy()
    elif isinstance(index, pd.PeriodIndex):
        if not str(index.freqstr).upper().startswith(("Y", "A")):
            raise ValueError(f"{what} must be annual, indexed by year; got a PeriodIndex "
                             f"with frequency {index.freqstr!r}. Aggregate to years first, "
                             "e.g. series.groupby(series.index.year).sum().")
        years = index.year.to_numpy()
    else:
        vals = np.asarray(index)
        if vals.dtype.kind not in "iuf" or (vals.dtype.kind == "f"
                                            and not np.all(np.mod(vals, 1) == 0)):
            raise ValueError(f"{what} must be indexed by year (integers like 2017); got an "
                             f"index of {index.dtype} starting {list(index[:3])!r}.")
        years = vals.astype(int)
    if len(np.unique(years)) != len(years):
        dup = pd.Series(years).value_counts()
        dup = dup[dup > 1]
        raise ValueError(f"{what} must be annual, one value per year; got {int(dup.iloc[0])} "
                         f"values in {int(dup.index[0])}. Aggregate to years first, e.g. "
                         "series.groupby(series.index.year).sum().")
    if len(years) and (years.min() < 1000 or years.max() > 3000):
        raise ValueError(f"{what} must be indexed by calendar year; got years from "
                         f"{years.min()} to {years.max()}.")
    return years


def driver_of(name: str) -> str | None:
    """The engine driver an indicator name stands for: itself, the driver of a recorded
    growth series (``grdp_growth_real`` → ``grdp_real``), else None."""
    if name in DRIVERS:
        return name
    return DRIVER_OF_GROWTH.get(name)


def growth_series_of(name: str, catalogue: pd.DataFrame | None = None) -> str | None:
    """The recorded growth indicator of ``name``: itself when the catalogue says it is a
    growth rate, else the growth series of the driver it stands for, else None.

    ``catalogue`` is :func:`hpforecast.indicators` (read when not given).

    Examples
    --------
    >>> from hpforecast.calibration.series import growth_series_of
    >>> growth_series_of("grdp_real"), growth_series_of("cpi_inflation")
    ('grdp_growth_real', 'cpi_inflation')
    """
    cat = indicator_catalogue() if catalogue is None else catalogue
    if name in cat.index and cat.at[name, "measure"] == "growth":
        return name
    driver = driver_of(name)
    return GROWTH_SERIES.get(driver) if driver else None


def is_history_table(data: object) -> bool:
    """Whether ``data`` is a tidy history table (columns ``indicator, year, value``, ...)
    rather than a wide year × indicator table."""
    return isinstance(data, pd.DataFrame) and {"indicator", "year", "value"} <= set(data.columns)


def checked_history(data: pd.DataFrame) -> pd.DataFrame:
    """A tidy history table as :func:`hpforecast.read_history` returns it.

    A table that already has every column of the schema, with a boolean ``preferred``,
    is returned as it is; any other is checked by :func:`hpforecast.read_history`.
    """
    if set(HISTORY_COLUMNS) <= set(data.columns) and data["preferred"].dtype == bool:
        return data
    return read_history(data)


def names_of(indicators: str | Sequence[str] | None) -> list[str] | None:
    """An ``indicators=`` argument as a list of names (a single str is one name), or None.

    Raises
    ------
    TypeError
        For anything but a str, a sequence of str or None.
    """
    if indicators is None:
        return None
    if isinstance(indicators, str):
        return [indicators]
    if not isinstance(indicators, Sequence) or not all(isinstance(i, str) for i in indicators):
        raise TypeError(f"indicators must be a name or a list of names; got {indicators!r}.")
    return list(indicators)


def check_year(value: object, name: str) -> int | None:
    """None, or ``value`` checked as an integer year (``start=``, ``end=`` arguments)."""
    if value is None:
        return None
    return V.check_int(value, name)


def collect_series(data: pd.DataFrame | pd.Series | None,
                   indicators: str | Sequence[str] | None, boundary: str,
                   model: str) -> tuple[list[GrowthSeries], str]:
    """The growth series asked for, and a label of the data.

    Parameters
    ----------
    data : DataFrame, Series or None
        As for :func:`hpforecast.calibrate`: None (the embedded history), a tidy history
        table, a wide year × indicator table or a Series of annual levels.
    indicators : str, sequence of str or None
        The series wanted. Default: ``grdp_real`` in a history (with ``grdp_deflator``
        for ``model="var"``), a wide table's columns, the Series' name.
    boundary : str
        For a history: ``"spliced"`` (:func:`hpforecast.data.boundary_for` each year) or
        one of the table's boundaries.
    model : str
        Only to choose the default indicators.

    Returns
    -------
    (list of GrowthSeries, str)
        One series per indicator, in order; the label is ``"embedded history"``,
        ``"history table"``, ``"table"`` or ``"series '<name>'"``.

    Raises
    ------
    ValueError, TypeError
        For unknown or repeated indicators, data of the wrong type or shape, and the
        checks of :func:`years_of` and of positive levels.
    """
    indicators = names_of(indicators)
    if indicators is not None:
        if len(set(indicators)) != len(indicators):
            raise ValueError(f"indicators must not repeat a name; got {indicators!r}.")
        if not indicators:
            raise ValueError("indicators is empty; give at least one indicator.")
    if data is None or is_history_table(data):
        if data is None:
            hist, label = load_history(), "embedded history"
        else:
            hist, label = checked_history(data), "history table"
        V.check_choice(boundary, "boundary",
                       ["spliced", *sorted(set(hist["boundary"]))])
        names = indicators or (["grdp_real", "grdp_deflator"] if model == "var"
                               else ["grdp_real"])
        cat = indicator_catalogue()
        return [_history_series(hist, n, boundary, cat) for n in names], label
    if isinstance(data, pd.Series):
        series = _series_of_levels(data, indicators)
        return [series], f"series {series.name!r}"
    if isinstance(data, pd.DataFrame):
        names = indicators or [str(c) for c in data.columns]
        cat = indicator_catalogue()
        return [_wide_series(data, n, cat) for n in names], "table"
    raise TypeError(f"data must be a history table, a wide year × indicator DataFrame or a "
                    f"Series of annual levels; got {type(data).__name__}.")


# -------------------------------------------------------------------------- private


def _check_levels(levels: pd.Series, what: str, *, allow_nan: bool) -> None:
    vals = levels.to_numpy(dtype=float)
    if not allow_nan and np.isnan(vals).any():
        bad = levels.index[np.isnan(vals)]
        raise ValueError(f"{what} has missing values in {', '.join(map(str, bad[:5]))}; "
                         "drop or fill them first.")
    bad = levels.index[(vals <= 0) | np.isinf(vals)]
    if len(bad):
        raise ValueError(f"{what} must hold positive annual levels; got "
                         f"{float(levels[bad[0]])!r} in {bad[0]}. Growth rates are computed from "
                         "levels; give a wide table with a growth column instead if your "
                         "series is already growth.")


def _series_name(data: pd.Series, indicators: list[str] | None) -> str:
    name = data.name if indicators is None else indicators[0]
    if indicators is not None and len(indicators) > 1:
        raise ValueError(f"indicators: a Series holds one indicator; got {indicators!r}.")
    if not isinstance(name, str) or not name:
        raise ValueError("data: name the Series after its indicator (series.name = "
                         "'grdp_real', or any label) or give indicators='...'; got name "
                         f"{data.name!r}.")
    return name


def _series_of_levels(data: pd.Series, indicators: list[str] | None) -> GrowthSeries:
    """A Series of annual levels: growth between consecutive years (no gaps allowed)."""
    name = _series_name(data, indicators)
    years = years_of(data.index, "data")
    levels = pd.Series(pd.to_numeric(data, errors="coerce").to_numpy(dtype=float),
                       index=years).sort_index()
    if levels.isna().any() and not pd.isna(data).all():
        bad = levels.index[levels.isna()]
        if not pd.isna(data.to_numpy()[np.isin(years, bad)]).all():
            raise TypeError(f"data must hold numbers; got {data[data.index[0]]!r}.")
    _check_levels(levels, "data", allow_nan=False)
    steps = np.diff(levels.index.to_numpy())
    if len(steps) and (steps != 1).any():
        gap = int(levels.index[1:][steps != 1][0])
        raise ValueError(f"data must have one value for every year; years before {gap} "
                         "are missing. Fill them or trim the series.")
    return GrowthSeries(name, driver_of(name), growth_from_levels(levels), levels,
                        "growth of the series' levels")


def _history_sources(name: str, cat: pd.DataFrame, have: set) -> tuple:
    """(growth indicator, level indicator, forced boundary of the levels) of ``name``."""
    driver = driver_of(name)
    if name not in cat.index and driver is None:
        known = sorted(set(DRIVERS) | set(DRIVER_OF_GROWTH))
        raise ValueError(f"indicators: {name!r} is not a known indicator. Known indicators: "
                         f"{', '.join(known)}.")
    growth_ind = growth_series_of(name, cat)
    level_name = driver or name
    if level_name in _LEVELS_FROM:
        level_ind, level_bnd = _LEVELS_FROM[level_name]
    elif level_name in cat.index and cat.at[level_name, "measure"] != "growth":
        level_ind, level_bnd = level_name, None
    else:
        level_ind, level_bnd = None, None
    if not any(i is not None and i in have for i in (growth_ind, level_ind)):
        raise ValueError(f"indicators: the history has no annual values for {name!r} "
                         f"(looked for {', '.join(i for i in (growth_ind, level_ind) if i)}).")
    return growth_ind, level_ind, level_bnd


def _history_series(hist: pd.DataFrame, name: str, boundary: str,
                    cat: pd.DataFrame) -> GrowthSeries:
    """Recorded growth of ``name``, filled from its levels where growth is not recorded."""
    annual = hist[hist["preferred"] & hist["start_year"].isna() & hist["kind"].ne("plan")]
    have = set(annual["indicator"])
    growth_ind, level_ind, forced = _history_sources(name, cat, have)
    used = [i for i in (growth_ind, level_ind) if i is not None and i in have]
    rows = annual[annual["indicator"].isin(used)]

    def bnd_of(year: int, forced: str | None) -> str:
        if forced is not None:
            return forced
        return boundary_for(year) if boundary == "spliced" else boundary

    in_rule = rows[[bnd_of(int(y), forced) == b for y, b in zip(rows["year"], rows["boundary"])]]
    if in_rule.empty:
        others = sorted(set(rows["boundary"]))
        if len(others) == 1:
            forced = others[0]
        else:
            raise ValueError(f"boundary: the history has no values of {name!r} for boundary "
                             f"{boundary!r}; give boundary= one of {', '.join(others)}.")
    growth, levels, source = {}, pd.Series(dtype=float), []
    if growth_ind in used:
        g = rows[rows["indicator"] == growth_ind]
        for y, b, v in zip(g["year"], g["boundary"], g["value"]):
            if b == bnd_of(int(y), forced):
                growth[int(y)] = float(v)
        if growth:
            source.append(f"recorded {growth_ind}")
    if level_ind in used:
        lv = rows[rows["indicator"] == level_ind].pivot_table(
            index="year", columns="boundary", values="value", aggfunc="first")
        filled = []
        for y in lv.index:
            b = bnd_of(int(y), forced)
            if int(y) not in growth and b in lv.columns and y - 1 in lv.index:
                a, c = lv.at[y - 1, b], lv.at[y, b]
                if pd.notna(a) and pd.notna(c) and a > 0:
                    growth[int(y)] = float(c / a - 1.0)
                    filled.append(int(y))
        levels = pd.Series({int(y): lv.at[y, bnd_of(int(y), forced)] for y in lv.index
                            if bnd_of(int(y), forced) in lv.columns}, dtype=float).dropna()
        if filled:
            source.append(f"growth of {level_ind} levels ({len(filled)} years)")
    where = (forced if forced is not None else
             "old city to 2024, merged city from 2025" if boundary == "spliced" else boundary)
    g = pd.Series(growth, dtype=float).sort_index()
    return GrowthSeries(name, driver_of(name), g, levels.sort_index(),
                        f"{' + '.join(source) or 'none'}; {where}")


def _wide_series(table: pd.DataFrame, name: str, cat: pd.DataFrame) -> GrowthSeries:
    """A wide table's growth column of ``name``, completed by growth of its level column."""
    years = years_of(table.index, "data")
    table = table.set_axis(years).sort_index()
    breaks = [table.attrs["boundary_break"]] if "boundary_break" in table.attrs else []
    growth_col = growth_series_of(name, cat)
    if growth_col not in table.columns:
        growth_col = None
    level_col = name if name in table.columns and name != growth_col else None
    if growth_col is None and level_col is None:
        raise ValueError(f"indicators: {name!r} is not a column of data; columns: "
                         f"{', '.join(map(str, table.columns))}.")
    growth, source, levels = pd.Series(dtype=float), [], pd.Series(dtype=float)
    if growth_col is not None:
        growth = _numeric_column(table, growth_col).dropna()
        if (growth.abs() > 1).any():
            raise ValueError(f"data[{growth_col!r}] must be growth as a fraction per year, "
                             f"like 0.13; got {growth[growth.abs() > 1].iloc[0]!r}. Did you "
                             "give a percentage?")
        source.append(f"column {growth_col!r} (growth)")
    if level_col is not None:
        levels = _numeric_column(table, level_col)
        _check_levels(levels.dropna(), f"data[{level_col!r}]", allow_nan=True)
        levels = levels.dropna()
        from_lv = growth_from_levels(levels, skip=breaks)
        new = from_lv[~from_lv.index.isin(growth.index)]
        if len(new):
            source.append(f"growth of column {level_col!r}")
            growth = pd.concat([growth, new])
    growth.index = growth.index.astype(int)
    return GrowthSeries(name, driver_of(name), growth.sort_index(), levels, "; ".join(source))


def _numeric_column(table: pd.DataFrame, col) -> pd.Series:
    """A wide table's column as floats; TypeError naming the column for text."""
    raw = table[col]
    num = pd.to_numeric(raw, errors="coerce")
    bad = num.isna() & raw.notna()
    if bad.any():
        year = raw.index[bad.to_numpy()][0]
        raise TypeError(f"data[{col!r}] must hold numbers; got {raw[year]!r} in {year}.")
    return num.astype(float)
