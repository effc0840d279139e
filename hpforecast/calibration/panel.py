"""Panels of many economies' annual real GDP, cut into fitting windows and outcomes.

A panel is a table with columns ``economy, year, real_gdp`` (annual levels, one row per
economy-year; :func:`hpforecast.load_panel` ships two). This module owns how a panel
becomes forecasting problems: every (economy, origin ``T``) pair with ``window`` growth
rates up to ``T`` and ``horizon`` after it (:func:`panel_windows`), and which of them
belong to the fastest-growing quarter at their origin (:func:`fastest_quarter`). The
panel estimator of the ``rtm`` model and the evaluation harness both use it.
"""

from __future__ import annotations

import hashlib
import numbers
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import _validation as V

__all__ = ["PanelWindows", "check_panel", "fastest_quarter", "panel_fingerprint",
           "panel_windows"]

_COLUMNS = ("economy", "year", "real_gdp")


@dataclass(frozen=True, eq=False)
class PanelWindows:
    """Fitting windows and outcomes cut from a panel, one row per (economy, origin).

    Attributes
    ----------
    economy : numpy.ndarray of str, shape ``(N,)``
    origin : numpy.ndarray of int, shape ``(N,)``
        The last year of the fitting window (the forecast origin ``T``).
    past : numpy.ndarray, shape ``(N, window)``
        Yearly growth in ``T − window + 1 … T`` (fractions).
    future : numpy.ndarray, shape ``(N, horizon)``
        Yearly growth in ``T + 1 … T + horizon`` (fractions).
    """

    economy: np.ndarray
    origin: np.ndarray
    past: np.ndarray
    future: np.ndarray

    def __len__(self) -> int:
        return int(len(self.origin))

    @property
    def window(self) -> int:
        """Growth rates in each fitting window."""
        return int(self.past.shape[1])

    @property
    def horizon(self) -> int:
        """Years scored after each origin."""
        return int(self.future.shape[1])

    @property
    def n_economies(self) -> int:
        """Distinct economies among the windows."""
        return int(len(set(self.economy)))

    def subset(self, mask) -> PanelWindows:
        """The rows where ``mask`` (a boolean or an index array) selects."""
        return PanelWindows(self.economy[mask], self.origin[mask], self.past[mask],
                            self.future[mask])

    def __repr__(self) -> str:
        span = (f"{int(self.origin.min())}–{int(self.origin.max())}" if len(self) else "none")
        return (f"PanelWindows(n={len(self)}, economies={self.n_economies}, "
                f"window={self.window}, horizon={self.horizon}, origins {span})")


def check_panel(panel: object, name: str = "panel") -> pd.DataFrame:
    """``panel`` as a clean ``economy, year, real_gdp`` table, or a clear error.

    Raises
    ------
    TypeError
        For something that is not a DataFrame.
    ValueError
        For missing columns, non-numeric or non-positive levels, non-integer years or a
        duplicated economy-year (the message names the first bad row).
    """
    V.check_type(panel, name, pd.DataFrame, "a DataFrame with columns economy, year, "
                 "real_gdp (for example hpf.load_panel())")
    missing = [c for c in _COLUMNS if c not in panel.columns]
    if missing:
        raise ValueError(f"{name} must have columns economy, year, real_gdp; missing "
                         f"{', '.join(missing)} (got {', '.join(map(str, panel.columns))}).")
    lv = pd.to_numeric(panel["real_gdp"], errors="coerce")
    bad = lv.isna() | ~np.isfinite(lv) | (lv <= 0)
    if bad.any():
        i = bad.to_numpy().nonzero()[0][0]
        raw = panel["real_gdp"].iloc[i]
        shown = float(raw) if isinstance(raw, numbers.Real) else raw
        raise ValueError(f"{name}['real_gdp'] must hold positive finite levels; got "
                         f"{shown!r} ({panel['economy'].iloc[i]}, {panel['year'].iloc[i]}).")
    yr = pd.to_numeric(panel["year"], errors="coerce")
    bad = yr.isna() | (yr != np.round(yr))
    if bad.any():
        i = bad.to_numpy().nonzero()[0][0]
        raise ValueError(f"{name}['year'] must hold whole years; got "
                         f"{panel['year'].iloc[i]!r} ({panel['economy'].iloc[i]}).")
    out = pd.DataFrame({"economy": panel["economy"].astype(str).to_numpy(dtype=object),
                        "year": yr.astype(int).to_numpy(), "real_gdp": lv.to_numpy(float)})
    dup = out.duplicated(["economy", "year"])
    if dup.any():
        r = out[dup].iloc[0]
        raise ValueError(f"{name} has two rows for {r['economy']} {r['year']}; give one "
                         "level per economy-year.")
    return out.sort_values(["economy", "year"], kind="stable").reset_index(drop=True)


def panel_fingerprint(panel: pd.DataFrame) -> str:
    """sha256 of the panel's canonical CSV (``economy, year, real_gdp``, sorted)."""
    p = check_panel(panel)
    return hashlib.sha256(p.to_csv(index=False).encode()).hexdigest()


def panel_windows(panel: pd.DataFrame, *, window: int = 9, horizon: int = 5,
                  origins: int | Sequence[int] | None = None) -> PanelWindows:
    """Every (economy, origin) pair with a full fitting window and a full horizon.

    Parameters
    ----------
    panel : DataFrame
        Columns ``economy, year, real_gdp`` (annual levels). A missing year breaks the
        record: no window or outcome spans it.
    window : int, default 9
        Growth rates before each origin (``window + 1`` levels), at least 2.
    horizon : int, default 5
        Years scored after the origin, at least 1.
    origins : int or sequence of int, optional
        None: every year; an int ``k``: the years divisible by ``k``; a sequence: those
        years.

    Returns
    -------
    PanelWindows

    Raises
    ------
    ValueError, TypeError
        For a malformed panel (see :func:`check_panel`) or bad sizes.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> from hpforecast.calibration import panel_windows
    >>> w = panel_windows(hpf.load_panel("pwt56"), window=9, horizon=5, origins=5)
    >>> w.past.shape[1], w.future.shape[1], int(w.origin.min())
    (9, 5, 1960)
    """
    window = V.check_int(window, "window", low=2)
    horizon = V.check_int(horizon, "horizon", low=1)
    p = check_panel(panel)
    eco, org, past, fut = [], [], [], []
    for name, g in p.groupby("economy", sort=True):
        years = g["year"].to_numpy(int)
        lv = g["real_gdp"].to_numpy(float)
        ok = np.diff(years) == 1            # growth years with both levels
        gr = lv[1:] / lv[:-1] - 1.0
        gy = years[1:]
        okc = np.concatenate([[0], np.cumsum(ok)])
        # index i: origin gy[i]; window gr[i-window+1 .. i], outcomes gr[i+1 .. i+horizon]
        for i in range(window - 1, len(gr) - horizon):
            lo, hi = i - window + 1, i + horizon + 1
            if okc[hi] - okc[lo] != hi - lo:
                continue
            eco.append(name)
            org.append(int(gy[i]))
            past.append(gr[lo:i + 1])
            fut.append(gr[i + 1:hi])
    w = PanelWindows(np.asarray(eco, dtype=object), np.asarray(org, dtype=int),
                     np.asarray(past, dtype=float).reshape(-1, window),
                     np.asarray(fut, dtype=float).reshape(-1, horizon))
    if origins is None:
        return w
    if isinstance(origins, (int, np.integer)) and not isinstance(origins, bool):
        k = V.check_int(origins, "origins", low=1)
        return w.subset(w.origin % k == 0)
    if isinstance(origins, str) or not isinstance(origins, Sequence | np.ndarray | pd.Index):
        raise TypeError(f"origins must be None, a step in years or a list of years; got "
                        f"{origins!r}.")
    years = [V.check_int(t, "origins") for t in origins]
    return w.subset(np.isin(w.origin, np.asarray(years, dtype=int)))


def fastest_quarter(windows: PanelWindows, *, min_per_origin: int = 8) -> np.ndarray:
    """True for windows in the fastest-growing quarter of their origin year.

    Windows are ranked within each origin year by the mean of their yearly growth rates;
    a percentile rank (ties averaged) above 0.75 is the fastest quarter. Origin years
    with fewer than ``min_per_origin`` economies are left out of the subgroup.

    Returns
    -------
    numpy.ndarray of bool, shape ``(N,)``
    """
    min_per_origin = V.check_int(min_per_origin, "min_per_origin", low=1)
    df = pd.DataFrame({"o": windows.origin, "m": windows.past.mean(axis=1)})
    pr = df.groupby("o")["m"].rank(pct=True, method="average")
    cnt = df.groupby("o")["m"].transform("size")
    return ((pr > 0.75) & (cnt >= min_per_origin)).to_numpy()
