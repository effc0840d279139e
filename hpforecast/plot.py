"""Report-ready charts, in English or Vietnamese.

Axes-level helpers in the manner of seaborn's ``lineplot``: each takes ``ax=None``, draws
only on that Axes (the current one when ``None``), and returns it. None of them shows a
figure, changes matplotlib's global settings or style; this is the only module that
imports matplotlib, and only inside the functions, so ``import hpforecast`` stays light.

=========================  ==========================================================
:func:`fan_chart`          recorded history, nested bands, the median, targets and
                           the probability of meeting them
:func:`probability_chart`  each target's probability and 95 % interval, traffic lights
:func:`outcome_distribution`  the target year's distribution, the success area shaded
:func:`probability_by_year`   the probability that the target is met by each year
:func:`scenario_comparison`   medians and bands of several scenarios
:func:`spaghetti`          a few simulated paths over the fan
:func:`plan_record_chart`  the city's plans against its outcomes
:func:`tornado`            the what-if (sensitivity) table
:func:`nowcast_chart`      the year given the releases so far, the plan, and what the
                           remaining months must deliver
=========================  ==========================================================

Conventions
-----------
* Charts only draw. Every number a chart shows comes from the result it is given, by a
  public method (:meth:`Simulation.band`, :meth:`~Simulation.quantiles`,
  :meth:`~Simulation.statistic`, :meth:`~Simulation.target_path`, ...), or is handed in
  by the caller: ``probabilities=`` (the table of :meth:`Simulation.probability` or
  :func:`hpforecast.probability_table`) and ``table=`` (that of
  :meth:`Simulation.probability_by_year`), as the report does, so nothing is computed
  twice. Any warning about the numbers is raised where they are computed.
* ``lang="en"`` or ``"vi"``: labels (full Vietnamese diacritics, from the catalogue's
  ``name_vi`` and ``unit_vi``) and numbers (en 1,234.5 and 48.6 %; vi 1.234,5 and
  48,6 %).
* Growth rates and shares are fractions in code and percent on the charts.
* Colours are colour-blind safe (Okabe & Ito 2008; bands in one blue hue of graded
  lightness) and every distinction that matters also has a line style, marker or hatch,
  so the charts read in greyscale print.
* Probabilities are coloured like the traffic lights of the UN SDG progress charts, with
  the thresholds in :data:`TRAFFIC_LIGHTS`.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _i18n as L
from . import _validation as V
from ._warnings import BoundaryWarning
from .targets import GROWTH_OF, Target, TargetSet, headline_targets

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from .simulation import Simulation

__all__ = [
    "BANDS",
    "TRAFFIC_LIGHTS",
    "TORNADO_COLUMNS",
    "fan_chart",
    "probability_chart",
    "outcome_distribution",
    "probability_by_year",
    "scenario_comparison",
    "spaghetti",
    "plan_record_chart",
    "tornado",
    "traffic_light",
    "nowcast_chart",
]

#: Named band sets: the coverage of each nested central band (fractions of the paths).
#: ``"boe"``: Bank of England (30, 60, 90 %); ``"deciles"``: IMF/European Commission
#: fans between the deciles 10–90 (central 20, 40, 60, 80 %); ``"statistical"``: 50, 80
#: and 95 %.
BANDS: dict[str, tuple[float, ...]] = {
    "boe": (0.3, 0.6, 0.9),
    "deciles": (0.2, 0.4, 0.6, 0.8),
    "statistical": (0.5, 0.8, 0.95),
}

#: Probability classes, highest first: (lowest probability of the class, label key,
#: colour, hatch). Colours are Okabe–Ito bluish green, yellow, orange and vermillion; the
#: hatches tell green from vermillion in greyscale. A probability p belongs to the first
#: class with p >= its lower bound: >= 0.8 likely, 0.5–0.8 more likely than not,
#: 0.2–0.5 unlikely, < 0.2 very unlikely.
TRAFFIC_LIGHTS: tuple[tuple[float, str, str, str], ...] = (
    (0.8, "cat_high", "#009E73", ""),
    (0.5, "cat_mid", "#F0E442", ".."),
    (0.2, "cat_low", "#E69F00", "//"),
    (0.0, "cat_very_low", "#D55E00", "xx"),
)

#: Columns of the table :func:`tornado` draws (the what-if analysis produces it).
TORNADO_COLUMNS = ("low", "high", "delta_low", "delta_high")

_OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000")
_LINESTYLES = ("-", "--", "-.", ":")
_MEDIAN_COLOUR = "#08306B"
_HISTORY_COLOUR = "#000000"
_TARGET_COLOUR = "#D55E00"
_SUCCESS_COLOUR = "#009E73"
_MISS_COLOUR = "#B3B3B3"


# -- checks and small helpers ----------------------------------------------------------
def _get_ax(ax: Any) -> Axes:
    from matplotlib.axes import Axes

    if ax is None:
        import matplotlib.pyplot as plt

        return plt.gca()
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None; got {type(ax).__name__}.")
    return ax


def _check_sim(sim: Any, name: str = "sim") -> Simulation:
    from .simulation import Simulation

    if not isinstance(sim, Simulation):
        raise TypeError(f"{name} must be a Simulation from hpforecast.simulate(); got "
                        f"{type(sim).__name__}.")
    return sim


def _check_frame(table: Any, name: str, required: Iterable[str]) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame; got {type(table).__name__}.")
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s) {', '.join(map(repr, missing))}; it "
                         f"has {', '.join(map(repr, map(str, table.columns)))}.")
    if table.empty:
        raise ValueError(f"{name} is empty; nothing to draw.")
    return table


def _check_bands(bands: Any) -> tuple[float, ...]:
    """Coverages, outermost (largest) first."""
    hint = ("bands must be 'boe', 'deciles', 'statistical' or a sequence of coverages in "
            "(0, 1), like (0.5, 0.8, 0.95)")
    if isinstance(bands, str):
        if bands not in BANDS:
            raise ValueError(f"{hint}; got {bands!r}.")
        cov = BANDS[bands]
    elif isinstance(bands, numbers.Real) and not isinstance(bands, bool):
        # a value error (the type is fine for a coverage, not for bands)
        raise ValueError(  # noqa: TRY004
            f"{hint}; got the single number {bands!r}. For one band, pass a list like "
            f"[{bands!r}].")
    else:
        try:
            cov = tuple(bands)
        except TypeError:
            raise ValueError(f"{hint}; got {bands!r}.") from None
        if not cov or any(isinstance(c, bool) or not isinstance(c, numbers.Real)
                          or not 0 < float(c) < 1 for c in cov):
            raise ValueError(f"{hint}; got {bands!r}.")
        if len(set(map(float, cov))) != len(cov):
            raise ValueError(f"{hint}, each given once; got {bands!r}.")
    return tuple(sorted((float(c) for c in cov), reverse=True))


def _number_formatter(lang: str, scale: float = 1.0):
    from matplotlib.ticker import FuncFormatter

    def fmt(v, pos=None):
        s = L.fmt_number(v * scale, lang)
        return "\u2212" + s[1:] if s.startswith("-") else s

    return FuncFormatter(fmt)


def _year_axis(ax: Axes, lang: str) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, pos=None: f"{int(round(v))}"))
    ax.set_xlabel(L.text("year", lang))


def _is_fraction(indicator: str) -> bool:
    from .data import unit_of

    return L.is_fraction_unit(unit_of(indicator))


def _set_title(ax: Axes, title: bool | str, auto: str) -> None:
    if title is True:
        ax.set_title(auto, fontsize="medium")
    elif isinstance(title, str) and title:
        ax.set_title(title, fontsize="medium")
    elif title not in (False, None, ""):
        raise TypeError(f"title must be True, False or a string; got {title!r}.")


def _legend(ax: Axes, legend: bool, **kw) -> None:
    if legend:
        ax.legend(fontsize="small", framealpha=0.9, **kw)


def _legend_below(ax: Axes, legend: bool, *, ncol: int = 2, **kw) -> None:
    """A legend under the x-axis label, so that it never hides the data."""
    if not legend:
        return
    from matplotlib.transforms import offset_copy

    below = offset_copy(ax.transAxes, fig=ax.figure, y=-36, units="points")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=below,
              ncol=ncol, fontsize="small", frameon=False, **kw)


def traffic_light(p: float, lang: str = "en") -> tuple[str, str, str]:
    """The traffic-light class of a probability: ``(label, colour, hatch)``.

    Thresholds as in :data:`TRAFFIC_LIGHTS`: >= 0.8 likely, 0.5–0.8 more likely than
    not, 0.2–0.5 unlikely, < 0.2 very unlikely.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> hpf.plot.traffic_light(0.85)
    ('likely (≥ 80 %)', '#009E73', '')
    >>> hpf.plot.traffic_light(0.1, lang="vi")[0]
    'rất ít khả năng (< 20 %)'
    """
    L.check_lang(lang)
    p = float(p)
    for low, key, colour, hatch in TRAFFIC_LIGHTS:
        if p >= low:
            return L.text(key, lang), colour, hatch
    low, key, colour, hatch = TRAFFIC_LIGHTS[-1]
    return L.text(key, lang), colour, hatch


# -- history ----------------------------------------------------------------------------
def _growth_series_of(indicator: str) -> str | None:
    for growth, level in GROWTH_OF.items():
        if level == indicator:
            return growth
    return None


def _year_index(index: pd.Index) -> pd.Index:
    """A history Series' index as integer years, or a ValueError saying what is wrong."""
    hint = "history (a Series) must be indexed by year, whole numbers such as 2024"
    if isinstance(index, (pd.DatetimeIndex, pd.PeriodIndex)):
        raise ValueError(  # noqa: TRY004
            f"{hint}; got a {type(index).__name__}. Pass "
            "history.set_axis(history.index.year).")
    shown = list(index[:4])
    try:
        years = pd.to_numeric(pd.Series(index, dtype=object)).to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{hint}; got an index starting {shown!r}.") from None
    if years.size and (not np.isfinite(years).all() or (years != np.round(years)).any()
                       or years.min() < 1000 or years.max() > 3000):
        raise ValueError(f"{hint}; got an index starting {shown!r}.")
    return pd.Index(years.astype(int), name=index.name)


def _history_series(history: Any, indicator: str, boundary: str,
                    growth: bool) -> tuple[pd.Series, str | None]:
    """Recorded values to draw: levels of the simulation's boundary only, or growth."""
    from .data import MERGER_YEAR, growth_from_levels

    empty = pd.Series(dtype=float)
    if history is None:
        return empty, None
    if isinstance(history, pd.Series):
        s = history.dropna()
        s.index = _year_index(s.index)
        return s.astype(float).sort_index(), None
    if not isinstance(history, pd.DataFrame):
        raise TypeError("history must be None, a table from hpforecast.load_history() "
                        "(tidy or wide) or a pandas Series indexed by year; got "
                        f"{type(history).__name__}.")
    gname = _growth_series_of(indicator)
    if {"indicator", "year", "value"} <= set(history.columns):  # tidy
        sel = history
        if "preferred" in sel.columns:
            sel = sel[sel["preferred"].astype(bool)]
        if "start_year" in sel.columns:
            sel = sel[sel["start_year"].isna()]
        if "kind" in sel.columns:
            sel = sel[sel["kind"] != "plan"]
        if "boundary" in sel.columns:
            sel = sel[sel["boundary"] == boundary]

        def series(name):
            part = sel[sel["indicator"] == name]
            s = part.groupby("year")["value"].first().astype(float)
            s.index = s.index.astype(int)
            return s.sort_index()

        if growth:
            if gname is not None and not series(gname).empty:
                return series(gname), boundary
            return growth_from_levels(series(indicator)), boundary
        return series(indicator), boundary
    # wide: index = year, one column per indicator
    hb = history.attrs.get("boundary")
    brk = history.attrs.get("boundary_break", MERGER_YEAR)
    if hb not in (None, "spliced", boundary):
        raise ValueError(f"history is for boundary {hb!r} but the simulation is for "
                         f"{boundary!r}; pass hpf.load_history(wide=True, "
                         f"boundary={boundary!r}) or the tidy table.")
    table = history.copy()
    table.index = table.index.astype(int)
    if growth and gname is not None and gname in table.columns:
        return table[gname].dropna().astype(float).sort_index(), hb
    if indicator not in table.columns:
        return empty, hb
    levels = table[indicator].dropna().astype(float).sort_index()
    if hb == "spliced":
        # Levels jump at the merger: never join the two territories.
        side = levels[levels.index >= brk] if boundary == "merged_city" else (
            levels[levels.index < brk] if boundary == "old_city" else levels.iloc[:0])
        if growth:
            return growth_from_levels(side), boundary
        return side, boundary
    return (growth_from_levels(levels) if growth else levels), hb


# -- targets ----------------------------------------------------------------------------
def _select_targets(targets: Any, indicator: str, sim: Simulation) -> list[Target]:
    if targets is None:
        return []
    if isinstance(targets, Target):
        targets = [targets]
    if isinstance(targets, (list, tuple)):
        for t in TargetSet(targets):  # checks that every item is a Target
            if GROWTH_OF.get(t.indicator, t.indicator) != indicator:
                raise ValueError(f"targets: target {t.name!r} is for {t.indicator!r}, not "
                                 f"for {indicator!r}.")
        return list(dict.fromkeys(targets))
    if not isinstance(targets, TargetSet):
        raise TypeError(f"targets must be None, a Target, a TargetSet or a list of Targets; "
                        f"got {type(targets).__name__}.")
    sc = sim.scenario
    return [t for t in headline_targets(targets, sc.boundary)
            if GROWTH_OF.get(t.indicator, t.indicator) == indicator
            and sc.base_year < t.year <= sc.end_year]


def _probability_rows(probabilities: Any, chosen: list[Target], sim: Simulation
                      ) -> pd.DataFrame:
    """The rows of the targets drawn, in their order: from the table the caller computed
    (:meth:`Simulation.probability`, or :func:`hpforecast.probability_table`, whose rows
    of ``sim``'s scenario are used), else from the simulation."""
    if probabilities is None:
        return sim.probability(chosen)
    table = _check_frame(probabilities, "probabilities", ("probability", "ci_low", "ci_high"))
    if isinstance(table.index, pd.MultiIndex) and "scenario" in table.index.names:
        table = table.xs(sim.scenario.name, level="scenario")
    missing = [t.name for t in chosen if t.name not in table.index]
    if missing:
        raise ValueError(f"probabilities has no row for target(s) {', '.join(missing)}; pass "
                         "the table of sim.probability() for the targets drawn (or leave "
                         "probabilities out to have them computed).")
    return table.loc[[t.name for t in chosen]]


def _prob_parts(row: pd.Series, t: Any, lang: str) -> tuple[str, str]:
    """(description of the target, "probability 48.6 % (95 % interval ...)")."""
    desc = L.describe_target(t, lang)
    if not bool(row.get("evaluable", True)) or pd.isna(row["probability"]):
        return desc, L.text("not_evaluable", lang)
    return desc, L.text("prob_text", lang, p=L.fmt_percent(row["probability"], lang),
                        lo=L.fmt_percent(row["ci_low"], lang),
                        hi=L.fmt_percent(row["ci_high"], lang))


# -- fan chart ---------------------------------------------------------------------------
def fan_chart(
    sim: Simulation,
    indicator: str,
    *,
    history: pd.DataFrame | pd.Series | None = None,
    targets: Target | TargetSet | Sequence[Target] | None = None,
    probabilities: pd.DataFrame | None = None,
    bands: str | Sequence[float] = "boe",
    interval: str = "equal-tailed",
    growth: bool = False,
    lang: str = "en",
    title: bool | str = True,
    legend: bool = True,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Fan chart of one indicator: history, nested bands, the median and the targets.

    Parameters
    ----------
    sim : Simulation
        From :func:`hpforecast.simulate`.
    indicator : str
        One of ``sim.indicators``.
    history : DataFrame or Series, optional
        Recorded values to draw before the fan: the tidy table of
        :func:`hpforecast.load_history` (only the simulation's boundary is drawn), the
        wide table (``wide=True``; for the default spliced table, levels are taken from
        the simulation's side of the merger only, because levels jump at the 2025
        merger and must not be joined), or a Series indexed by year. The bands start at
        the base year, where every path equals the recorded base value, so they join the
        last observation.
    targets : Target, TargetSet or list of Target, optional
        A single Target (or a list) is drawn as given. From a set, the standing
        targets (status ``current`` or ``user``; not annual plans, drafts or superseded
        ones) on this indicator whose year is simulated and whose boundary is the
        simulation's (or unset) are drawn, duplicates once. A level target is a dashed line at the
        threshold with a marker at its year; an average-growth target is the path its
        growth needs from the base year (:meth:`Simulation.target_path`). The
        probability of meeting each one, with its 95 % interval, is written on the chart.
    probabilities : DataFrame, optional
        The probabilities to write: the table of :meth:`Simulation.probability` (or of
        :func:`hpforecast.probability_table`) with a row for each target drawn. Computed
        from ``sim`` when not given.
    bands : {"boe", "deciles", "statistical"} or sequence of float, default "boe"
        Coverage of the nested bands: Bank of England 30/60/90 %, deciles (central 20,
        40, 60 and 80 %), statistical 50/80/95 %, or your own coverages in (0, 1).
    interval : {"equal-tailed", "shortest"}, default "equal-tailed"
        Equal-tailed bands (quantiles ``(1 − c)/2`` and ``(1 + c)/2``) or, each year,
        the narrowest interval holding a share ``c`` of the paths (the sample analogue
        of the Bank of England's highest-density bands): :meth:`Simulation.band`.
    growth : bool, default False
        Draw yearly growth (in % a year) instead of levels.
    lang : {"en", "vi"}, default "en"
        Language of labels and number format.
    title : bool or str, default True
        True for an automatic title, False for none, or the title.
    legend : bool, default True
    ax : matplotlib Axes, optional
        Where to draw (default: the current Axes).
    **kwargs
        Passed to ``ax.plot`` for the median line.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on. Each band is one ``PolyCollection`` (labelled with its
        coverage); the median is the line labelled ``"median"`` (``"trung vị"``).

    Raises
    ------
    TypeError
        If ``sim``, ``history``, ``targets``, ``probabilities`` or ``ax`` has the wrong
        type.
    ValueError
        For an unknown indicator (the known ones are listed), ``bands``, ``interval`` or
        ``lang``, a target on another indicator, or ``probabilities`` without a row for
        a target drawn.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import hpforecast as hpf
    >>> sim = hpf.simulate(hpf.scenarios.plan(), n_paths=2000, seed=1)
    >>> fig, ax = plt.subplots()
    >>> out = hpf.plot.fan_chart(sim, "port_cargo", targets=hpf.load_targets(), ax=ax)
    >>> out is ax
    True
    >>> ax.get_ylabel()
    'Port cargo throughput (Mt)'
    """
    sim = _check_sim(sim)
    sim.check_indicator(indicator)
    lang = L.check_lang(lang)
    coverages = _check_bands(bands)
    V.check_choice(interval, "interval", sim.BAND_KINDS)
    chosen = _select_targets(targets, indicator, sim)
    rows = _probability_rows(probabilities, chosen, sim) if chosen else None
    ax = _get_ax(ax)
    sc = sim.scenario
    hist, hist_bnd = _history_series(history, indicator, sc.boundary, growth)
    hist = hist[hist.index <= sc.base_year]
    _draw_fan(ax, sim, indicator, coverages, interval=interval, growth=growth, hist=hist,
              lang=lang, **kwargs)
    _draw_history(ax, hist, hist_bnd, lang)
    if chosen:
        _draw_targets(ax, sim, chosen, rows, growth=growth, lang=lang)
    _value_axes(ax, indicator, growth, lang)
    name = L.growth_name(indicator, lang) if growth else L.indicator_name(indicator, lang)
    _set_title(ax, title, L.text("fan_title", lang, name=name,
                                 scenario=L.scenario_label(sc.name, lang)))
    _legend_below(ax, legend)
    return ax


def _draw_fan(ax: Axes, sim: Simulation, indicator: str, coverages: tuple[float, ...], *,
              interval: str, growth: bool, hist: pd.Series, lang: str, **kwargs) -> None:
    """The nested bands and the median; in growth, joined to the last recorded growth."""
    base = sim.scenario.base_year
    years = np.asarray(sim.years[1:] if growth else sim.years, dtype=float)
    join = float(hist.loc[base]) if growth and base in hist.index else None

    def with_join(values):
        if join is None:
            return years, values
        return np.r_[base, years], np.r_[join, values]

    from matplotlib import colormaps

    shades = colormaps["Blues"](np.linspace(0.18, 0.62, len(coverages)))
    label_key = "band" if interval == "equal-tailed" else "band_shortest"
    for c, colour in zip(coverages, shades):
        band = sim.band(indicator, c, kind=interval, growth=growth)
        x, lo = with_join(band["low"].to_numpy())
        _, hi = with_join(band["high"].to_numpy())
        ax.fill_between(x, lo, hi, color=colour, linewidth=0, zorder=1,
                        label=L.text(label_key, lang, c=L.fmt_percent(c, lang, 0)))
    x, med = with_join(_median(sim, indicator, growth))
    kw = {"color": _MEDIAN_COLOUR, "linewidth": 2.2, "zorder": 3}
    kw.update(kwargs)
    ax.plot(x, med, label=L.text("median", lang), **kw)


def _draw_history(ax: Axes, hist: pd.Series, boundary: str | None, lang: str) -> None:
    """The recorded values, labelled with their territory."""
    if hist.empty:
        return
    bnd = L.boundary_name(boundary, lang)
    label = L.text("recorded", lang, boundary=bnd) if bnd else L.text("recorded_plain", lang)
    ax.plot(hist.index.to_numpy(float), hist.to_numpy(float), color=_HISTORY_COLOUR,
            marker="o", markersize=4, linewidth=1.5, zorder=4, label=label)


def _median(sim: Simulation, indicator: str, growth: bool) -> np.ndarray:
    return sim.quantiles(indicator, [0.5], growth=growth).iloc[:, 0].to_numpy()


def _value_axes(ax: Axes, indicator: str, growth: bool, lang: str) -> None:
    """Years on x; the indicator (or its growth, in %) with its unit on y."""
    _year_axis(ax, lang)
    ax.set_ylabel(L.value_axis_label(indicator, lang, growth=growth))
    ax.yaxis.set_major_formatter(
        _number_formatter(lang, 100.0 if (growth or _is_fraction(indicator)) else 1.0))


def _target_line(sim: Simulation, t: Target, growth: bool):
    """(years, values) of a target's line in this view, or (None, None) for none."""
    base = sim.scenario.base_year
    if growth and t.measure == "average_growth":
        return (np.array([max(t.start + 1, base + 1), t.year], dtype=float),
                np.array([t.threshold, t.threshold]))
    if not growth and t.measure == "level":
        return np.array([base, t.year], dtype=float), np.array([t.threshold, t.threshold])
    if not growth and t.measure == "average_growth" and t.start <= base:
        with warnings.catch_warnings():
            # raised (once) with the probabilities, and in their notes
            warnings.simplefilter("ignore", BoundaryWarning)
            try:
                path = sim.target_path(t)
            except ValueError:  # not evaluable: the legend says so
                return None, None
        return path.index.to_numpy(dtype=float), path.to_numpy()
    return None, None


def _draw_targets(ax: Axes, sim: Simulation, chosen: list[Target], rows: pd.DataFrame, *,
                  growth: bool, lang: str) -> None:
    """Target lines and markers; each legend entry carries the probability of meeting it."""
    styles = (("--", "D"), (":", "s"), ("-.", "^"))
    for i, (t, (_, row)) in enumerate(zip(chosen, rows.iterrows())):
        style, marker = styles[i % len(styles)]
        xs, ys = _target_line(sim, t, growth)
        desc, ptxt = _prob_parts(row, t, lang)
        label = L.text("target_entry", lang, desc=desc, prob=ptxt)
        if xs is None:  # nothing to draw in this view: the legend still carries it
            ax.plot([], [], color=_TARGET_COLOUR, linestyle=style, marker=marker,
                    label=label)
            continue
        ax.plot(xs, ys, color=_TARGET_COLOUR, linestyle=style, linewidth=1.6, zorder=5,
                marker=marker, markevery=[len(xs) - 1], markersize=7,
                markeredgecolor="black", label=label)
        ax.axvline(t.year, color="grey", linestyle=":", linewidth=0.8, zorder=0)
        if bool(row.get("evaluable", True)):
            ax.annotate(L.fmt_percent(row["probability"], lang), (t.year, ys[-1]),
                        textcoords="offset points", xytext=(-9, 7), ha="right",
                        fontsize="small", fontweight="bold", color="black", zorder=8,
                        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white",
                              "alpha": 0.8, "edgecolor": "none"})


# -- probability chart ---------------------------------------------------------------------
def _row_labels(table: pd.DataFrame, lang: str) -> list[str]:
    needed = {"indicator", "measure", "year", "comparison", "threshold"}
    if not needed <= set(table.columns):
        return [str(i) for i in table.index]
    labels = []
    for _, row in table.iterrows():
        try:
            labels.append(L.describe_target(row, lang))
        except (KeyError, TypeError, ValueError):
            labels.append(str(row.name))
    counts = pd.Series(labels).value_counts()
    return [f"{lab} [{idx}]" if counts[lab] > 1 else lab
            for lab, idx in zip(labels, table.index)]


def _joint_value(joint: Any) -> tuple[float, float, float, int | None] | None:
    if joint is None:
        return None
    if isinstance(joint, pd.DataFrame):
        _check_frame(joint, "joint", ("probability",))
        r = joint.iloc[0]
        n = int(r["n_targets"]) if "n_targets" in joint.columns else None
        lo = float(r["ci_low"]) if "ci_low" in joint.columns else math.nan
        hi = float(r["ci_high"]) if "ci_high" in joint.columns else math.nan
        return float(r["probability"]), lo, hi, n
    if isinstance(joint, numbers.Real) and not isinstance(joint, bool) and 0 <= joint <= 1:
        return float(joint), math.nan, math.nan, None
    raise TypeError("joint must be None, the table of Simulation.joint_probability() or a "
                    f"probability in [0, 1]; got {joint!r}.")


def probability_chart(
    table: pd.DataFrame,
    *,
    joint: pd.DataFrame | float | None = None,
    lang: str = "en",
    title: bool | str = True,
    legend: bool = True,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Each target's probability with its 95 % interval, in traffic-light colours.

    Parameters
    ----------
    table : DataFrame
        From :meth:`Simulation.probability`: needs ``probability``, ``ci_low`` and
        ``ci_high``; with ``indicator, measure, start, year, comparison, threshold`` the
        targets are described in words, otherwise by the index. Rows that are not
        evaluable (``evaluable`` False or no probability) are listed as such. Drawn top
        to bottom in the table's order.
    joint : DataFrame or float, optional
        The probability of meeting all targets together (the table of
        :meth:`Simulation.joint_probability` or a number), drawn as the last bar.
    lang : {"en", "vi"}, default "en"
    title : bool or str, default True
    legend : bool, default True
        A legend of the traffic-light classes.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.barh`` for every bar.

    Returns
    -------
    matplotlib.axes.Axes
        One bar (``Rectangle``) per evaluable target, then the joint bar; colour and
        hatch from :func:`traffic_light`.

    Raises
    ------
    TypeError
        If ``table``, ``joint`` or ``ax`` has the wrong type.
    ValueError
        If ``table`` lacks the columns or ``lang`` is unknown.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import hpforecast as hpf
    >>> sim = hpf.simulate(hpf.scenarios.plan(), n_paths=2000, seed=1)
    >>> ts = [hpf.load_targets()[k] for k in ("port_cargo_2030", "grdp_per_capita_usd_2030")]
    >>> fig, ax = plt.subplots()
    >>> ax = hpf.plot.probability_chart(sim.probability(ts), joint=sim.joint_probability(ts),
    ...                                 ax=ax)
    >>> len(ax.patches)
    3
    """
    table = _check_frame(table, "table", ("probability", "ci_low", "ci_high"))
    lang = L.check_lang(lang)
    jv = _joint_value(joint)
    ax = _get_ax(ax)
    labels = _row_labels(table, lang)
    n = len(table)
    ys = list(range(n, 0, -1))
    pos, ticklabels = [], []
    for y, label, (_, row) in zip(ys, labels, table.iterrows()):
        pos.append(y)
        ticklabels.append(label)
        p = row["probability"]
        ok = bool(row.get("evaluable", True)) and pd.notna(p)
        if not ok:
            ax.text(1, y, L.text("not_evaluable", lang), va="center", fontsize="small",
                    color="#555555")
            continue
        _bar(ax, y, float(p), float(row["ci_low"]), float(row["ci_high"]), lang, **kwargs)
    if jv is not None:
        p, lo, hi, nt = jv
        nt = nt if nt is not None else int(table["probability"].notna().sum())
        y = 0 - 0.4
        ax.axhline(0.5 - 0.2, color="black", linewidth=0.6)
        _bar(ax, y, p, lo, hi, lang, **kwargs)
        pos.append(y)
        ticklabels.append(L.text("all_targets", lang, n=nt))
    ax.set_yticks(pos, ticklabels)
    if jv is not None:
        ax.get_yticklabels()[-1].set_fontweight("bold")
    for x in (20, 50, 80):
        ax.axvline(x, color="grey", linestyle=":", linewidth=0.8, zorder=0)
    ax.set_xlim(0, 112)
    ax.set_xticks([0, 20, 50, 80, 100])
    ax.xaxis.set_major_formatter(_number_formatter(lang))
    ax.set_xlabel(L.text("prob_axis", lang))
    scen = table.attrs.get("scenario")
    auto = (L.text("prob_title", lang, scenario=L.scenario_label(scen, lang)) if scen
            else L.text("prob_plain", lang))
    _set_title(ax, title, auto)
    if legend:
        from matplotlib.patches import Patch

        handles = [Patch(facecolor=col, hatch=h, edgecolor="black", label=L.text(k, lang))
                   for _, k, col, h in TRAFFIC_LIGHTS]
        handles.append(_ci_handle(lang))
        from matplotlib.transforms import offset_copy

        below = offset_copy(ax.transAxes, fig=ax.figure, y=-36, units="points")
        ax.legend(handles=handles, fontsize="small", loc="upper center", ncol=3,
                  bbox_to_anchor=(0.5, 0.0), bbox_transform=below, frameon=False)
    return ax


def _ci_handle(lang: str):
    from matplotlib.lines import Line2D

    return Line2D([], [], color="black", marker="|", markersize=10, linewidth=1,
                  label=L.text("ci95", lang))


def _bar(ax: Axes, y: float, p: float, lo: float, hi: float, lang: str, **kwargs) -> None:
    _, colour, hatch = traffic_light(p, lang)
    kw = {"height": 0.7, "edgecolor": "black", "linewidth": 0.6}
    kw.update(kwargs)
    ax.barh(y, 100 * p, color=colour, hatch=hatch, **kw)
    end = 100 * p
    if math.isfinite(lo) and math.isfinite(hi):
        ax.errorbar(100 * p, y, xerr=[[100 * (p - lo)], [100 * (hi - p)]], fmt="none",
                    ecolor="black", elinewidth=1, capsize=3, zorder=4)
        end = 100 * hi
    ax.text(end + 1.5, y, L.fmt_percent(p, lang), va="center", fontsize="small")


# -- outcome distribution -------------------------------------------------------------------
def _statistic_label(target: Target, lang: str) -> str:
    ind = target.indicator
    if target.measure == "average_growth":
        return (f"{L.growth_name(ind, lang)}, "
                f"{L.text('average_growth', lang, a=target.start + 1, b=target.year)} "
                f"({L.text('per_year_pct', lang)})")
    unit = L.indicator_unit(ind, lang)
    name = L.indicator_name(ind, lang)
    if unit and name.endswith(f"({unit})"):
        unit = ""  # already in the name: "GRDP per capita (USD)"
    if target.measure == "cumulative":
        what = f"{name}, {L.text('total', lang, a=target.start, b=target.year)}"
    else:
        what = f"{name} {L.text('in_year', lang, year=target.year)}"
    return f"{what} ({unit})" if unit else what


def _target_is_fraction(target: Target) -> bool:
    return target.measure == "average_growth" or _is_fraction(target.indicator)


def outcome_distribution(
    sim: Simulation,
    target: Target,
    *,
    probabilities: pd.DataFrame | None = None,
    bins: int = 60,
    lang: str = "en",
    title: bool | str = True,
    legend: bool = True,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Distribution of the target's statistic in the target year, success area shaded.

    The statistic is what the target compares with its threshold
    (:meth:`Simulation.statistic`): the level in the target year, the average growth
    over the window, or the window's sum. Paths that meet the target are drawn in green
    with a hatch, the others in grey; the success side of the threshold is shaded and
    the threshold is a dashed line.

    Parameters
    ----------
    sim : Simulation
    target : Target
        Evaluable on ``sim`` (its indicator simulated, its year within the run).
    probabilities : DataFrame, optional
        The table of :meth:`Simulation.probability` (or of
        :func:`hpforecast.probability_table`) with a row for ``target``: the probability
        written on the chart. Computed from ``sim`` when not given.
    bins : int, default 60
        Number of histogram bins over the data. When the threshold lies within or near
        the data (within half the data's range) it is a bin edge and drawn as a dashed
        line; a threshold farther away is marked by an arrow at the edge of the axes
        (and in the legend), so the distribution keeps its bins.
    lang : {"en", "vi"}, default "en"
    title : bool or str, default True
    legend : bool, default True
    ax : matplotlib Axes, optional
    **kwargs
        Passed to both ``ax.hist`` calls.

    Returns
    -------
    matplotlib.axes.Axes
        Heights are the percentage of simulated paths in each bin.

    Raises
    ------
    TypeError
        If ``sim``, ``target``, ``probabilities`` or ``ax`` has the wrong type.
    ValueError
        If the target cannot be evaluated on the simulation, ``probabilities`` has no
        row for it, or for a bad ``bins`` or ``lang``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import hpforecast as hpf
    >>> sim = hpf.simulate(hpf.scenarios.plan(), n_paths=2000, seed=1)
    >>> fig, ax = plt.subplots()
    >>> ax = hpf.plot.outcome_distribution(sim, hpf.load_targets()["port_cargo_2030"], ax=ax)
    >>> ax.get_xlabel()
    'Port cargo throughput in 2030 (Mt)'
    """
    sim = _check_sim(sim)
    V.check_type(target, "target", Target, "a Target")
    lang = L.check_lang(lang)
    if isinstance(bins, bool) or not isinstance(bins, numbers.Integral) or bins < 2:
        raise ValueError(f"bins must be an integer >= 2; got {bins!r}.")
    ax = _get_ax(ax)
    row = _probability_rows(probabilities, [target], sim).iloc[0]
    with warnings.catch_warnings():
        # raised (once) with the probabilities, and in their notes
        warnings.simplefilter("ignore", BoundaryWarning)
        values = sim.statistic(target)
    met = np.asarray(target.is_met(values), dtype=bool)
    thr = float(target.threshold)
    edges, near = _histogram_edges(values, thr, bins)
    ok = bool(row.get("evaluable", True))
    p = float(row["probability"]) if ok else float(met.mean())
    w = np.full(values.shape, 100.0 / values.size)
    kw_miss = {"color": _MISS_COLOUR, "edgecolor": "white", "linewidth": 0.3}
    kw_met = {"color": _SUCCESS_COLOUR, "edgecolor": "white", "linewidth": 0.3,
              "hatch": "//"}
    kw_miss.update(kwargs)
    kw_met.update(kwargs)
    ax.hist(values[~met], bins=edges, weights=w[~met],
            label=L.text("missed_share", lang, p=L.fmt_percent(1 - p, lang)), **kw_miss)
    ax.hist(values[met], bins=edges, weights=w[met],
            label=L.text("met_with", lang, prob=_prob_parts(row, target, lang)[1]), **kw_met)
    _draw_threshold(ax, target, edges, near, p_text=f" {L.fmt_percent(p, lang)} " if ok
                    else "", lang=lang)
    ax.set_xlabel(_statistic_label(target, lang))
    ax.set_ylabel(L.text("share_of_paths", lang))
    ax.xaxis.set_major_formatter(_number_formatter(lang, 100.0 if _target_is_fraction(target)
                                                   else 1.0))
    ax.yaxis.set_major_formatter(_number_formatter(lang))
    _set_title(ax, title, L.text("outcome_title", lang, year=target.year,
                                 desc=L.describe_target(target, lang)))
    _legend_below(ax, legend, ncol=1)
    return ax


def _histogram_edges(values: np.ndarray, thr: float, bins: int) -> tuple[np.ndarray, bool]:
    """Bin edges over the data, and whether the threshold is near enough to be one.

    The threshold is a bin edge when it lies within or near the data (within half the
    data's range); else it is marked at the edge of the axes, so that a far threshold
    does not squash the distribution into a few bins.
    """
    lo, hi = float(values.min()), float(values.max())
    near = not hi > lo or lo - 0.5 * (hi - lo) <= thr <= hi + 0.5 * (hi - lo)
    if hi > lo and near:
        width = (max(hi, thr) - min(lo, thr)) / bins
        k0 = math.floor((lo - thr) / width)
        k1 = math.ceil((hi - thr) / width)
        return thr + width * np.arange(k0, k1 + 1), near
    if hi > lo:
        return np.linspace(lo, hi, bins + 1), near
    return np.array([lo - 0.5 * abs(lo or 1) * 0.01, lo + 0.5 * abs(lo or 1) * 0.01]), near


def _draw_threshold(ax: Axes, target: Target, edges: np.ndarray, near: bool, *,
                    p_text: str, lang: str) -> None:
    """The x-limits, the success side shaded, and the threshold: a dashed line with the
    probability beside it, or, out of view, an arrow at the edge of the axes."""
    thr = float(target.threshold)
    left, right = (min(edges[0], thr), max(edges[-1], thr)) if near else (edges[0], edges[-1])
    pad = 0.02 * (right - left)
    x0, x1 = left - pad, right + pad
    ax.set_xlim(x0, x1)
    upward = target.comparison in (">=", ">")
    # the success side of the threshold, as far as it is in view
    s0, s1 = (max(thr, x0), x1) if upward else (x0, min(thr, x1))
    if s0 < s1:
        ax.axvspan(s0, s1, color=_SUCCESS_COLOUR, alpha=0.10, linewidth=0, zorder=0)
    thr_text = (L.fmt_percent(thr, lang) if _target_is_fraction(target)
                else L.fmt_value(thr, target.unit, lang, indicator=target.indicator))
    thr_label = L.text("target_value", lang, value=thr_text)
    box = {"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.8,
           "edgecolor": "none"}
    if near:
        ax.axvline(thr, color=_TARGET_COLOUR, linestyle="--", linewidth=1.8,
                   label=thr_label)
        # beside the line on the success side, unless that would leave the axes
        frac = (thr - x0) / (x1 - x0)
        ha = ("left" if frac <= 0.75 else "right") if upward else (
            "right" if frac >= 0.25 else "left")
        ax.text(thr, 0.97, p_text, transform=ax.get_xaxis_transform(), ha=ha, va="top",
                fontsize="medium", fontweight="bold", color="black", bbox=box,
                clip_on=True)
        return
    # out of view: a legend entry, and an arrow at the edge pointing towards it
    ax.plot([], [], color=_TARGET_COLOUR, linestyle="--", linewidth=1.8, label=thr_label)
    beyond = thr > x1
    edge = 0.995 if beyond else 0.005
    ax.annotate(f"{thr_label} →" if beyond else f"← {thr_label}", xy=(edge, 0.85),
                xycoords="axes fraction", ha="right" if beyond else "left",
                va="center", color=_TARGET_COLOUR, fontsize="small",
                fontweight="bold", bbox=box, gid="target_marker")
    ax.text(edge, 0.97, p_text, transform=ax.transAxes,
            ha="right" if beyond else "left", va="top", fontsize="medium",
            fontweight="bold", color="black", bbox=box)


# -- probability by year ---------------------------------------------------------------------
def probability_by_year(
    sim: Simulation,
    target: Target,
    *,
    table: pd.DataFrame | None = None,
    lang: str = "en",
    title: bool | str = True,
    legend: bool = True,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """The probability that the target's condition holds in each year, and by each year.

    Uses :meth:`Simulation.probability_by_year`: the target moved to each simulated year
    (for a growth target, the window's end moves). The solid line is the probability
    that the condition holds in that year, with its 95 % interval shaded; the dashed
    line the probability that it has held in that year or an earlier one.

    Parameters
    ----------
    sim : Simulation
    target : Target
    table : DataFrame, optional
        The table of ``sim.probability_by_year(target)``, when the caller has it;
        computed when not given.
    lang : {"en", "vi"}, default "en"
    title : bool or str, default True
    legend : bool, default True
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.plot`` for the solid line.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If ``sim``, ``target`` or ``ax`` has the wrong type.
    ValueError
        If the target cannot be evaluated on the simulation or ``lang`` is unknown.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import hpforecast as hpf
    >>> sim = hpf.simulate(hpf.scenarios.plan(), n_paths=2000, seed=1)
    >>> fig, ax = plt.subplots()
    >>> ax = hpf.plot.probability_by_year(sim, hpf.load_targets()["port_cargo_2030"], ax=ax)
    >>> ax.get_ylabel()
    'Probability of meeting the target (%)'
    """
    sim = _check_sim(sim)
    V.check_type(target, "target", Target, "a Target")
    lang = L.check_lang(lang)
    ax = _get_ax(ax)
    if table is None:
        table = sim.probability_by_year(target)
    else:
        table = _check_frame(table, "table", ("probability", "ci_low", "ci_high",
                                              "met_by_year"))
    years = table.index.to_numpy(float)
    ax.fill_between(years, 100 * table["ci_low"], 100 * table["ci_high"], color="#9ECAE1",
                    linewidth=0, alpha=0.8, label=L.text("ci95", lang), zorder=1)
    kw = {"color": "#0072B2", "marker": "o", "linewidth": 2, "zorder": 3}
    kw.update(kwargs)
    ax.plot(years, 100 * table["probability"], label=L.text("met_in_year", lang), **kw)
    ax.plot(years, 100 * table["met_by_year"], color="#000000", linestyle="--", marker="s",
            markersize=4, linewidth=1.2, label=L.text("met_by_year", lang), zorder=4)
    for x, p in zip(years, table["probability"]):
        ax.annotate(L.fmt_percent(p, lang), (x, 100 * p), textcoords="offset points",
                    xytext=(0, 7), ha="center", fontsize="x-small")
    ax.axvline(target.year, color="grey", linestyle=":", linewidth=0.8, zorder=0)
    ax.set_ylim(0, 105)
    ax.set_yticks([0, 20, 40, 60, 80, 100])
    ax.yaxis.set_major_formatter(_number_formatter(lang))
    ax.set_ylabel(L.text("prob_axis", lang))
    _year_axis(ax, lang)
    _set_title(ax, title, L.text("by_year_title", lang, desc=L.describe_target(target, lang)))
    _legend(ax, legend, loc="upper left")
    return ax


# -- scenario comparison -----------------------------------------------------------------------
def _as_sims(sims: Any) -> list[tuple[str, Simulation]]:
    if isinstance(sims, Mapping):
        items = list(sims.items())
    elif isinstance(sims, (list, tuple)):
        items = [(None, s) for s in sims]
    else:
        raise TypeError("sims must be a list of Simulations or a dict name -> Simulation; "
                        f"got {type(sims).__name__}.")
    if not items:
        raise ValueError("sims is empty; give at least one Simulation.")
    out = []
    for i, (name, s) in enumerate(items):
        _check_sim(s, f"sims[{name!r}]" if name is not None else f"sims[{i}]")
        out.append((str(name) if name is not None else s.scenario.name, s))
    return out


def scenario_comparison(
    sims: Sequence[Simulation] | Mapping[str, Simulation],
    indicator: str,
    *,
    band: float | None = 0.9,
    growth: bool = False,
    lang: str = "en",
    title: bool | str = True,
    legend: bool = True,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Medians and one central band of several scenarios on one chart.

    Each scenario has its own Okabe–Ito colour and line style (so greyscale still
    tells them apart); its band is lightly shaded with edges in the same style.

    Parameters
    ----------
    sims : list of Simulation or dict str -> Simulation
        Names come from the dict keys or from each scenario's name (the ready-made
        ones translated).
    indicator : str
        Simulated in every scenario.
    band : float or None, default 0.9
        Coverage of the central band; None for medians only.
    growth : bool, default False
        Yearly growth (% a year) instead of levels.
    lang : {"en", "vi"}, default "en"
    title : bool or str, default True
    legend : bool, default True
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.plot`` for every median line.

    Returns
    -------
    matplotlib.axes.Axes
        One median line per scenario, labelled "<scenario> — median".

    Raises
    ------
    TypeError
        If ``sims`` or ``ax`` has the wrong type.
    ValueError
        For an empty ``sims``, an indicator missing from a scenario, a bad ``band`` or
        ``lang``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import hpforecast as hpf
    >>> sims = [hpf.simulate(s, n_paths=2000, seed=1)
    ...         for s in (hpf.scenarios.plan(), hpf.scenarios.trend())]
    >>> fig, ax = plt.subplots()
    >>> ax = hpf.plot.scenario_comparison(sims, "grdp_real", ax=ax)
    >>> [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
    ['plan — median', 'trend — median']
    """
    items = _as_sims(sims)
    for name, s in items:
        if indicator not in s.indicators:
            raise ValueError(f"indicator {indicator!r} is not simulated in scenario "
                             f"{name!r}; its indicators: {', '.join(s.indicators)}.")
    lang = L.check_lang(lang)
    if band is not None:
        if isinstance(band, bool) or not isinstance(band, numbers.Real) or not 0 < band < 1:
            raise ValueError(f"band must be a coverage in (0, 1), like 0.9, or None; got "
                             f"{band!r}.")
    ax = _get_ax(ax)
    for i, (name, s) in enumerate(items):
        colour = _OKABE_ITO[i % len(_OKABE_ITO)]
        style = _LINESTYLES[i % len(_LINESTYLES)]
        years = np.asarray(s.years[1:] if growth else s.years, dtype=float)
        if band is not None:
            limits = s.band(indicator, float(band), growth=growth)
            lo, hi = limits["low"].to_numpy(), limits["high"].to_numpy()
            ax.fill_between(years, lo, hi, color=colour, alpha=0.12, linewidth=0, zorder=1)
            for edge in (lo, hi):
                ax.plot(years, edge, color=colour, linestyle=style, linewidth=0.8,
                        alpha=0.8, zorder=2, label="_nolegend_")
        kw = {"color": colour, "linestyle": style, "linewidth": 2.2, "zorder": 3}
        kw.update(kwargs)
        ax.plot(years, _median(s, indicator, growth),
                label=L.text("scenario_median", lang,
                             scenario=L.scenario_label(name, lang)), **kw)
    _value_axes(ax, indicator, growth, lang)
    name = L.growth_name(indicator, lang) if growth else L.indicator_name(indicator, lang)
    _set_title(ax, title, L.text("scenarios_title", lang, name=name))
    if legend:
        handles, labels = ax.get_legend_handles_labels()
        if band is not None:
            from matplotlib.patches import Patch

            handles.append(Patch(facecolor="#999999", alpha=0.3, edgecolor="#666666",
                                 label=L.text("band", lang,
                                              c=L.fmt_percent(float(band), lang, 0))))
        ax.legend(handles=handles, fontsize="small", loc="upper left", framealpha=0.9)
    return ax


# -- spaghetti -------------------------------------------------------------------------------
def spaghetti(
    sim: Simulation,
    indicator: str,
    n: int = 20,
    *,
    bands: str | Sequence[float] = "boe",
    growth: bool = False,
    history: pd.DataFrame | pd.Series | None = None,
    seed: int = 0,
    lang: str = "en",
    title: bool | str = True,
    legend: bool = True,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """A few simulated paths drawn over the fan, to show that single paths wander.

    Parameters
    ----------
    sim : Simulation
    indicator : str
    n : int, default 20
        Number of paths, drawn at random without replacement (1 to ``sim.n_paths``).
    bands, growth, history
        As in :func:`fan_chart`.
    seed : int, default 0
        Which paths are picked (the chart is reproducible).
    lang : {"en", "vi"}, default "en"
    title : bool or str, default True
    legend : bool, default True
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.plot`` for the sample paths.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError, ValueError
        As :func:`fan_chart`, and for ``n`` outside 1..``sim.n_paths``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import hpforecast as hpf
    >>> sim = hpf.simulate(hpf.scenarios.plan(), n_paths=2000, seed=1)
    >>> fig, ax = plt.subplots()
    >>> ax = hpf.plot.spaghetti(sim, "grdp_real", n=5, ax=ax)
    >>> sum(line.get_gid() == "sample_path" for line in ax.get_lines())
    5
    """
    sim = _check_sim(sim)
    sim.check_indicator(indicator)
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or not 1 <= n <= sim.n_paths:
        raise ValueError(f"n must be an integer from 1 to the number of paths "
                         f"({sim.n_paths}); got {n!r}.")
    lang = L.check_lang(lang)
    ax = fan_chart(sim, indicator, history=history, bands=bands, growth=growth, lang=lang,
                   title=False, legend=False, ax=ax)
    data = sim.growth_paths(indicator) if growth else sim.paths(indicator)
    years = np.asarray(sim.years[1:] if growth else sim.years, dtype=float)
    idx = np.sort(np.random.default_rng(seed).choice(data.shape[0], size=int(n),
                                                     replace=False))
    kw = {"color": "#333333", "linewidth": 0.7, "alpha": 0.6, "zorder": 2}
    kw.update(kwargs)
    for j, i in enumerate(idx):
        label = L.text("sample_paths", lang, n=L.fmt_number(int(n), lang),
                       N=L.fmt_number(sim.n_paths, lang)) if j == 0 else "_nolegend_"
        line, = ax.plot(years, data[i], label=label, **kw)
        line.set_gid("sample_path")
    name = L.growth_name(indicator, lang) if growth else L.indicator_name(indicator, lang)
    _set_title(ax, title, L.text("spaghetti_title", lang, name=name,
                                 scenario=L.scenario_label(sim.scenario.name, lang)))
    _legend_below(ax, legend)
    return ax


# -- plan record ------------------------------------------------------------------------------
def plan_record_chart(
    record: pd.DataFrame | str = "grdp_growth_real",
    *,
    indicator: str | None = None,
    lang: str = "en",
    title: bool | str = True,
    legend: bool = True,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """The city's yearly plans against what happened.

    Plans are short grey bars (a vertical bar where the plan was a range), outcomes are
    green circles where the plan was met and vermillion crosses where it was missed.
    A dotted line marks the 2025 merger when the record spans both territories.

    Parameters
    ----------
    record : DataFrame or str, default "grdp_growth_real"
        The table of :func:`hpforecast.plan_record`, or an indicator name to load it.
    indicator : str, optional
        The indicator of a ``record`` table, for the labels (taken from ``record`` when
        it is a name).
    lang : {"en", "vi"}, default "en"
    title : bool or str, default True
    legend : bool, default True
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.plot`` for the outcome markers.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If ``record`` or ``ax`` has the wrong type.
    ValueError
        For an indicator without plans, a table without ``plan`` and ``outcome``, or an
        unknown ``lang``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import hpforecast as hpf
    >>> fig, ax = plt.subplots()
    >>> ax = hpf.plot.plan_record_chart("grdp_growth_real", lang="vi", ax=ax)
    >>> ax.get_ylabel()
    'Tăng trưởng GRDP thực (%/năm)'
    """
    lang = L.check_lang(lang)
    if isinstance(record, str):
        from .data import plan_record

        indicator = record
        record = plan_record(record)
    elif not isinstance(record, pd.DataFrame):
        raise TypeError(f"record must be a table from hpforecast.plan_record() or an "
                        f"indicator name; got {type(record).__name__}.")
    record = _check_frame(record, "record", ("plan", "outcome"))
    ax = _get_ax(ax)
    unit = str(record["unit"].iloc[0]) if "unit" in record.columns else ""
    frac = L.is_fraction_unit(unit) or (indicator is not None and _is_fraction(indicator))
    years = record.index.to_numpy(float)
    plan = record["plan"].to_numpy(float)
    high = record["plan_high"].to_numpy(float) if "plan_high" in record.columns else plan
    ranged = high > plan
    if ranged.any():
        ax.vlines(years[ranged], plan[ranged], high[ranged], color="#BBBBBB", linewidth=7,
                  zorder=1, label=L.text("plan_range", lang))
    ax.plot(years, plan, linestyle="none", marker="_", markersize=16, markeredgewidth=2.5,
            color="#555555", zorder=2, label=L.text("plan", lang))
    out = record["outcome"].to_numpy(float)
    has = np.isfinite(out)
    ax.plot(years[has], out[has], color="#777777", linewidth=0.8, zorder=2)
    met = has & (out >= plan)
    missed = has & ~(out >= plan)
    kw = {"linestyle": "none", "markersize": 8, "zorder": 3, "markeredgecolor": "black"}
    kw.update(kwargs)
    ax.plot(years[met], out[met], marker="o", color=_SUCCESS_COLOUR,
            label=L.text("outcome_met", lang), **kw)
    ax.plot(years[missed], out[missed], marker="X", color=_TARGET_COLOUR,
            label=L.text("outcome_missed", lang), **kw)
    if "boundary" in record.columns:
        merged = record.index[record["boundary"] == "merged_city"]
        if len(merged) and (record["boundary"] == "old_city").any():
            x = float(min(merged)) - 0.5
            ax.axvline(x, color="black", linestyle=":", linewidth=1, zorder=0,
                       label=L.text("merger", lang))
    _year_axis(ax, lang)
    ax.yaxis.set_major_formatter(_number_formatter(lang, 100.0 if frac else 1.0))
    if indicator is not None:
        ax.set_ylabel(L.value_axis_label(indicator, lang))
        name = L.indicator_name(indicator, lang)
    else:
        ax.set_ylabel(f"({'%' if frac else unit})")
        name = ""
    _set_title(ax, title, L.text("plan_record_title", lang, name=name) if name
               else L.text("plan_record_title_plain", lang))
    _legend(ax, legend, loc="best")
    return ax


def _tornado_labels(t: pd.DataFrame, lang: str) -> list[str]:
    """Row labels: the index; in Vietnamese, the assumption's own label for each row that
    :func:`hpforecast.tornado` labelled (its index is the assumption's English label)."""
    if lang == "en" or "assumption" not in t.columns:
        return [str(i) for i in t.index]
    from . import assumptions as A

    locs = t["location"] if "location" in t.columns else [""] * len(t)
    out = []
    for label, name, loc in zip(t.index, t["assumption"], locs):
        loc = loc if isinstance(loc, str) and loc else "mean"
        own = A.label(str(name), "en", location=loc) == str(label)
        out.append(A.label(str(name), lang, location=loc) if own else str(label))
    return out


def _target_label(tid: str, lang: str) -> str:
    """An official target's description, or the id itself."""
    from .targets import load_targets

    try:
        return L.describe_target(load_targets()[tid], lang)
    except (KeyError, ValueError, TypeError):
        return tid


# -- tornado ------------------------------------------------------------------------------------
def tornado(
    table: pd.DataFrame,
    *,
    target: str | None = None,
    lang: str = "en",
    title: bool | str = True,
    legend: bool = True,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Tornado chart of a what-if table: how far each assumption moves a probability.

    Expected table (the what-if analysis produces it; build your own the same way):

    ====================  ===============================================================
    index                 the assumption, as it should read on the chart
    ``low``, ``high``     the assumption's low and high values (its own unit)
    ``delta_low``         change in the probability (a fraction, −0.12 = −12 points)
                          with the assumption at ``low``, the others at their base
    ``delta_high``        the same at ``high``
    ``target``            optional: the target id, when the table holds several
    ``unit``              optional: the assumption's unit (``fraction…`` shows as %)
    ``p_base``            optional: the base probability, written in the title
    ``attrs``             optional ``base_probability``: a float, or a dict target id →
                          float
    ====================  ===============================================================

    :func:`hpforecast.tornado` returns exactly this table.

    Rows are sorted so that the assumption with the largest swing is on top. Each row
    has two bars side by side, never hiding each other: the low case above (orange,
    hatched), the high case below (blue), each labelled with its value beside the end of
    the bar.

    Parameters
    ----------
    table : DataFrame
        As above.
    target : str, optional
        Which target to draw when ``table`` has a ``target`` column with several.
    lang : {"en", "vi"}, default "en"
    title : bool or str, default True
    legend : bool, default True
    ax : matplotlib Axes, optional
    **kwargs
        Passed to both ``ax.barh`` calls.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If ``table`` or ``ax`` has the wrong type.
    ValueError
        For missing columns, non-numeric values, deltas that are all NaN, an unknown
        or missing ``target``, or an unknown ``lang``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> import hpforecast as hpf
    >>> what_if = pd.DataFrame(
    ...     {"low": [0.11, 0.2], "high": [0.15, 0.4], "delta_low": [-0.3, -0.02],
    ...      "delta_high": [0.28, 0.03], "unit": ["fraction per year", "fraction"]},
    ...     index=pd.Index(["GRDP growth mean", "persistence"], name="assumption"))
    >>> fig, ax = plt.subplots()
    >>> ax = hpf.plot.tornado(what_if, ax=ax)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['persistence', 'GRDP growth mean']
    """
    table = _check_frame(table, "table", TORNADO_COLUMNS)
    lang = L.check_lang(lang)
    rows = _tornado_rows(table, target)
    ax = _get_ax(ax)
    swing = np.fmax(np.abs(rows["delta_low"].to_numpy(float)),
                    np.abs(rows["delta_high"].to_numpy(float)))
    t = rows.iloc[np.argsort(swing, kind="stable")]  # smallest at the bottom
    ys = np.arange(len(t), dtype=float)
    span = _tornado_bars(ax, t, ys, lang, **kwargs)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(ys, _tornado_labels(t, lang))
    ax.set_xlim(-1.3 * span, 1.3 * span)
    ax.xaxis.set_major_formatter(_number_formatter(lang))
    ax.set_xlabel(L.text("tornado_axis", lang))
    _set_title(ax, title, _tornado_title(rows, target, lang))
    _legend(ax, legend, loc="lower right")
    return ax


def _tornado_rows(table: pd.DataFrame, target: str | None) -> pd.DataFrame:
    """The rows of ``target`` (the only one, or the one named), checked."""
    if "target" in table.columns:
        ids = list(dict.fromkeys(table["target"]))
        if target is None and len(ids) > 1:
            raise ValueError(f"table holds several targets ({', '.join(map(str, ids))}); "
                             f"choose one with target=.")
        if target is not None:
            if target not in ids:
                raise ValueError(f"target {target!r} is not in the table; its targets: "
                                 f"{', '.join(map(str, ids))}.")
            table = table[table["target"] == target]
    elif target is not None:
        raise ValueError(f"target={target!r} was given but the table has no 'target' column.")
    for col in TORNADO_COLUMNS:
        try:
            vals = pd.to_numeric(table[col])
        except (TypeError, ValueError):
            raise ValueError(f"table column {col!r} must be numeric; got "
                             f"{list(table[col])!r}.") from None
        if col.startswith("delta") and (vals.abs() > 1).any():
            raise ValueError(f"table column {col!r} must hold changes in probability as "
                             f"fractions in [-1, 1]; got {list(vals)!r}. Did you give "
                             f"percentage points?")
    deltas = table[["delta_low", "delta_high"]].apply(pd.to_numeric).to_numpy(float)
    if not np.isfinite(deltas).any():
        raise ValueError("table columns 'delta_low' and 'delta_high' hold no finite "
                         "change in probability (all NaN); nothing to draw. Was the "
                         "target met on all or none of the paths in every case?")
    return table


def _tornado_bars(ax: Axes, t: pd.DataFrame, ys: np.ndarray, lang: str, **kwargs) -> float:
    """Both bars of each row, each value beside its bar; returns the largest |change|."""
    # The two cases side by side, never on top of each other: low above, high below.
    y_low, y_high = ys + 0.18, ys - 0.18
    kw_low = {"height": 0.34, "color": "#E69F00", "hatch": "//", "edgecolor": "black",
              "linewidth": 0.6}
    kw_high = {"height": 0.34, "color": "#0072B2", "edgecolor": "black", "linewidth": 0.6}
    kw_low.update(kwargs)
    kw_high.update(kwargs)
    dl = 100 * t["delta_low"].to_numpy(float)
    dh = 100 * t["delta_high"].to_numpy(float)
    ax.barh(y_low, np.nan_to_num(dl), label=L.text("tornado_low", lang), **kw_low)
    ax.barh(y_high, np.nan_to_num(dh), label=L.text("tornado_high", lang), **kw_high)
    units = t["unit"] if "unit" in t.columns else pd.Series("", index=t.index)
    span = max(float(np.nanmax(np.abs(np.r_[dl, dh]))), 1.0)
    for yl, yh, d_lo, d_hi, v_lo, v_hi, u in zip(y_low, y_high, dl, dh, t["low"], t["high"],
                                                 units):
        u = u if isinstance(u, str) else ""
        # each value beside the end of its own bar; with no effect, low left, high right
        for y, d, v, left_if_zero in ((yl, d_lo, v_lo, True), (yh, d_hi, v_hi, False)):
            d = 0.0 if not np.isfinite(d) else d
            left = d < 0 or (d == 0 and left_if_zero)
            label = L.fmt_percent(v, lang) if L.is_fraction_unit(u) else L.fmt_number(v, lang)
            x = min(d, 0.0) - 0.02 * span if left else max(d, 0.0) + 0.02 * span
            ax.text(x, y, label, va="center", ha="right" if left else "left",
                    fontsize="x-small")
    return span


def _tornado_title(table: pd.DataFrame, target: str | None, lang: str) -> str:
    """The automatic title: the base probability and the target, when known."""
    auto = L.text("tornado_title", lang)
    tid = target if target is not None else table.attrs.get("target")
    if tid is None and "target" in table.columns:
        tid = table["target"].iloc[0]
    base_p = table.attrs.get("base_probability")
    if isinstance(base_p, Mapping):
        base_p = base_p.get(tid)
    if base_p is None and "p_base" in table.columns:
        base_p = float(table["p_base"].iloc[0])
    if base_p is not None:
        auto += f" ({L.text('tornado_base', lang, p=L.fmt_percent(base_p, lang))})"
    if tid:
        auto += f"\n{_target_label(str(tid), lang)}"
    return auto


# -- the nowcast ------------------------------------------------------------------------
def nowcast_chart(
    nc: Any,
    *,
    coverage: float = 0.8,
    chance: float = 0.8,
    lang: str = "en",
    title: bool | str = True,
    legend: bool = True,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """The year's distribution given the releases so far, the plan, and what is still needed.

    Draws the density of the nowcast's outcome (:meth:`Nowcast.density` on
    :meth:`Nowcast.grid`) with its central band (:meth:`Nowcast.interval`) and median,
    the part above the annual plan shaded, the plan as a dashed line with its
    probability (:meth:`Nowcast.probability`), the known figure (growth only) as a dotted
    line, and a box with what the remaining months must deliver (:meth:`Nowcast.remaining`:
    exactly, for a chance of ``chance``, and what the bridge expects).

    Parameters
    ----------
    nc : Nowcast
        From :func:`hpforecast.nowcast`.
    coverage : float, default 0.8
        The central band drawn.
    chance : float, default 0.8
        The chance of the plan whose requirement the box gives.
    lang : {"en", "vi"}, default "en"
    title : bool or str, default True
    legend : bool, default True
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.plot`` for the density line.

    Returns
    -------
    matplotlib.axes.Axes
        The x axis is the year's growth in percent (a flow: its total in its unit); the
        y axis, the density (no ticks: only its shape is read).

    Raises
    ------
    TypeError
        If ``nc`` is not a Nowcast or ``ax`` is not an Axes.
    ValueError
        For a bad ``coverage``, ``chance`` or ``lang``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import hpforecast as hpf
    >>> nc = hpf.nowcast(2026, {"H1": 0.118})
    >>> fig, ax = plt.subplots()
    >>> ax = hpf.plot.nowcast_chart(nc, ax=ax)
    >>> ax.get_xlabel()
    'Real GRDP growth in 2026 (%)'
    """
    from .nowcast import Nowcast

    V.check_type(nc, "nc", Nowcast, "a Nowcast from hpforecast.nowcast()")
    cov = V.check_probability(coverage, "coverage")
    p = V.check_probability(chance, "chance")
    lang = L.check_lang(lang)
    ax = _get_ax(ax)
    growth = nc.kind == "growth"
    scale = 100.0 if growth else 1.0

    def shown(v: float) -> str:
        return (L.fmt_percent(v, lang, 1) if growth
                else f"{L.fmt_number(v, lang)} {L.indicator_unit(nc.indicator, lang)}")

    x = nc.grid()
    y = nc.density(x)
    period = L.text(f"period_{nc.period}", lang)
    kw = {"color": _MEDIAN_COLOUR, "linewidth": 1.8}
    kw.update(kwargs)
    ax.plot(x, y, label=L.text("nc_density", lang, period=period), **kw)
    lo, hi = nc.interval(cov)
    band = (x >= lo) & (x <= hi)
    ax.fill_between(x[band], 0, y[band], color=_OKABE_ITO[5], alpha=0.35, linewidth=0,
                    label=L.text("nc_band", lang, c=L.fmt_percent(cov, lang, 0)))
    above = x >= nc.threshold
    ax.fill_between(x[above], 0, y[above], facecolor="none", edgecolor=_SUCCESS_COLOUR,
                    hatch="//", linewidth=0)
    med = nc.outcome.median
    ax.vlines(med, 0, float(nc.density(med)), color=_MEDIAN_COLOUR, linewidth=1.0,
              label=L.text("nc_median", lang, value=shown(med)))
    ax.axvline(nc.threshold, color=_TARGET_COLOUR, linestyle="--", linewidth=1.5,
               label=L.text("nc_target", lang, value=shown(nc.threshold),
                            p=L.fmt_percent(nc.probability(), lang)))
    if growth:
        ax.axvline(nc.value, color=_HISTORY_COLOUR, linestyle=":", linewidth=1.2,
                   label=L.text("nc_known", lang, period=period, value=shown(nc.value)))
    _nowcast_box(ax, nc, p, lang, shown)
    ax.set_ylim(0, 1.35 * float(np.max(y)))  # room for the box above the curve
    ax.set_yticks([])
    ax.set_ylabel(L.text("density", lang))
    if growth:
        label = f"{L.growth_name(nc.indicator, lang)} {L.text('in_year', lang, year=nc.year)}"
        ax.set_xlabel(f"{label} (%)")
    else:
        ax.set_xlabel(L.value_axis_label(nc.indicator, lang))
    ax.xaxis.set_major_formatter(_number_formatter(lang, scale))
    name = L.growth_name(nc.indicator, lang) if growth else L.indicator_name(nc.indicator, lang)
    _set_title(ax, title, L.text("nc_title", lang, name=name, year=nc.year, period=period))
    _legend_below(ax, legend, ncol=2)
    return ax


def _nowcast_box(ax: Axes, nc: Any, chance: float, lang: str, shown) -> None:
    """The box 'what the remaining months must deliver' (numbers from Nowcast.remaining)."""
    rem = nc.remaining((chance,))

    def value(case: str) -> str:
        g = L.fmt_percent(rem.loc[case, "remaining_growth"], lang, 1)
        if nc.kind == "growth":
            return g
        amount = shown(rem.loc[case, "remaining_amount"])
        return L.text("nc_amount", lang, amount=amount, growth=g) \
            if math.isfinite(rem.loc[case, "remaining_growth"]) else amount

    lines = [L.text("nc_rest_title", lang, rest=L.text(f"rest_{nc.period}", lang)),
             L.text("nc_rest_det", lang, value=value("deterministic")),
             L.text("nc_rest_p", lang, p=L.fmt_percent(chance, lang, 0),
                    value=value(f"p={chance:g}")),
             L.text("nc_rest_exp", lang, value=value("expected"))]
    # on the side of the axes away from the distribution's centre
    x0, x1 = ax.get_xlim()
    left = nc.outcome.median > 0.5 * (x0 + x1)
    ax.text(0.02 if left else 0.98, 0.97, "\n".join(lines), transform=ax.transAxes,
            va="top", ha="left" if left else "right", fontsize="small",
            bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": _MISS_COLOUR,
                  "alpha": 0.9})
