"""Report-ready charts, in English or Vietnamese.

Axes-level helpers in the manner of seaborn's ``lineplot``: each takes ``ax=None``, draws
only on that Axes (the current one when ``None``), and returns it. None of them shows a
figure, changes matplotlib's global settings or style; this is the only module that
imports matplotlib, and only inside the functions, so ``import hpforecast`` stays light.

=========================  ==========================================================
:func:`fan_chart`          history (old city dashed, merged city solid), nested bands,
                           the median, targets as points with their chance
:func:`dot_plot`           each target's probability under each scenario, over the
                           IPCC likelihood classes (the report's headline chart)
:func:`growth_curve`       probability against the assumed average growth, with the
                           growth needed for 50 % and 80 % and the scenarios on it
:func:`plan_misses`        the record of plan misses against the spread assumed
:func:`probability_chart`  each target's probability in its likelihood colour
:func:`outcome_distribution`  the distribution of a target's statistic, clipped to
                           the middle 99.8 %, the success side shaded
:func:`probability_by_year`   the probability that the target's condition holds each year
:func:`scenario_comparison`   medians and bands of several scenarios, history, targets
:func:`spaghetti`          a few simulated outcomes over the fan (levels or growth)
:func:`plan_record_chart`  the city's plans against its outcomes
:func:`tornado`            the one-at-a-time what-if table, on the probability scale
:func:`shapley_chart`      each driver's share of the uncertainty (Shapley effects)
:func:`nowcast_chart`      the year given the releases so far, the plan, and what the
                           remaining months must deliver
:func:`reliability_diagram`   predicted probability against how often it came true,
                           from the panel test of :func:`hpforecast.evaluate`
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
* ``lang="en"`` or ``"vi"``: labels (full Vietnamese diacritics, from the package's
  catalogue of words) and numbers (en 1,234.5 and 48.6 %; vi 1.234,5 and 48,6%).
  Probabilities are shown in whole percent.
* Print: the report draws each chart at its printed width (:data:`PRINT_WIDTH_CM`) with
  :func:`print_style` (inside ``matplotlib.rc_context``), so that no text is smaller than
  :data:`MIN_FONT_PT`; titles, legends and long row labels are wrapped to the figure's
  width; SVG text stays text.
* Growth rates and shares are fractions in code and percent on the charts.
* Colours are colour-blind safe (Okabe & Ito 2008; bands in one blue hue of graded
  lightness) and every distinction that matters also has a line style, marker or hatch,
  so the charts read in greyscale print.
* Probabilities are coloured by their word on the IPCC's calibrated likelihood scale
  (:data:`TRAFFIC_LIGHTS`), read from the whole percent shown.
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
    "PRINT_WIDTH_CM",
    "MIN_FONT_PT",
    "print_style",
    "fit_labels",
    "fan_chart",
    "dot_plot",
    "growth_curve",
    "plan_misses",
    "shapley_chart",
    "probability_chart",
    "outcome_distribution",
    "probability_by_year",
    "scenario_comparison",
    "spaghetti",
    "plan_record_chart",
    "tornado",
    "traffic_light",
    "nowcast_chart",
    "reliability_diagram",
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

#: Probability classes, highest first: (lowest whole percent of the class, likelihood key
#: of the IPCC scale, colour, hatch). The class is read from the whole percent shown
#: (:func:`hpforecast._i18n.whole_percent`), so Monte Carlo noise never changes a colour
#: the figure does not. Colours are Okabe–Ito, from bluish green (likely) through yellow
#: (about as likely as not) to vermillion (very unlikely); their lightness differs and
#: the outer classes have hatches, so they read in greyscale too.
TRAFFIC_LIGHTS: tuple[tuple[int, str, str, str], ...] = (
    (99, "lk_virtually_certain", "#006B4F", ""),
    (90, "lk_very_likely", "#009E73", ""),
    (66, "lk_likely", "#56B4E9", ""),
    (34, "lk_about_even", "#F0E442", ".."),
    (11, "lk_unlikely", "#E69F00", "//"),
    (2, "lk_very_unlikely", "#D55E00", "xx"),
    (0, "lk_exceptionally_unlikely", "#8C2D04", "xx"),
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
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    lo, hi = ax.get_xlim()
    span = hi - lo
    step = 1 if span <= 9 else 2 if span <= 18 else 5
    ax.xaxis.set_major_locator(MultipleLocator(step))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, pos=None: f"{int(round(v))}"))
    ax.set_xlabel(L.text("year", lang))


def _is_fraction(indicator: str) -> bool:
    from .data import unit_of

    return L.is_fraction_unit(unit_of(indicator))


def _set_title(ax: Axes, title: bool | str, auto: str) -> None:
    if title is True:
        text = auto
    elif isinstance(title, str) and title:
        text = title
    elif title in (False, None, ""):
        return
    else:
        raise TypeError(f"title must be True, False or a string; got {title!r}.")
    width = 0.98 * float(ax.figure.get_figwidth())
    ax.set_title(_wrap(text, width, "medium"), fontsize="medium", loc="left")


def _legend(ax: Axes, legend: bool, **kw) -> None:
    """A legend inside the axes, on a white ground so that no line runs through it."""
    if legend:
        ax.legend(fontsize="small", frameon=True, facecolor="white", edgecolor="none",
                  framealpha=0.9, **kw)


def _legend_below(ax: Axes, legend: bool, *, ncol: int | None = None, handles=None,
                  **kw) -> None:
    """A legend under the x-axis label, so that it never hides the data; one column on a
    narrow figure, labels wrapped to the column's width."""
    if not legend:
        return
    from matplotlib.transforms import offset_copy

    width = float(ax.figure.get_figwidth())
    if ncol is None:
        ncol = 1 if width < 4.5 else 2
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    else:
        labels = [h.get_label() for h in handles]
    if not handles:
        return
    def wrapped(n: int) -> list[str]:
        return [_wrap(lab, 0.9 * width / n - 0.35, "small") for lab in labels]

    # fewer columns rather than labels broken over lines (down to two columns): a
    # Vietnamese name broken between its syllables ("quốc / tế") reads as two words
    shown = wrapped(ncol)
    while ncol > 2 and any("\n" in w and "\n" not in lab for w, lab in zip(shown, labels)):
        ncol = max(2, ncol // 2)
        shown = wrapped(ncol)
    labels = shown
    # under the tick labels and every line of the axis label
    lines = ax.get_xlabel().count("\n") + 1 if ax.get_xlabel() else 0
    rotated = any(abs(t.get_rotation()) > 45 for t in ax.get_xticklabels())
    below = offset_copy(ax.transAxes, fig=ax.figure, units="points",
                        y=-(20 + (14 if rotated else 0) + 11.5 * lines))
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0),
              bbox_transform=below, ncol=ncol, fontsize="small", frameon=False,
              handlelength=2.2, columnspacing=1.2, **kw)


def traffic_light(p: float, lang: str = "en") -> tuple[str, str, str]:
    """The likelihood class of a probability: ``(word, colour, hatch)``.

    The IPCC's calibrated scale (:data:`TRAFFIC_LIGHTS`), applied to the whole percent
    shown: 66 % is "likely", 65 % "about as likely as not".

    Examples
    --------
    >>> import hpforecast as hpf
    >>> hpf.plot.traffic_light(0.85)
    ('likely', '#56B4E9', '')
    >>> hpf.plot.traffic_light(0.1, lang="vi")[0]
    'rất ít có khả năng'
    """
    L.check_lang(lang)
    k = L.whole_percent(float(p))
    for low, key, colour, hatch in TRAFFIC_LIGHTS:
        if k >= low:
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
    history_from: int | None = None,
    lang: str = "en",
    title: bool | str = True,
    legend: bool = True,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Fan chart of one indicator in the Bank of England manner: history, bands, targets.

    Parameters
    ----------
    sim : Simulation
        From :func:`hpforecast.simulate`.
    indicator : str
        One of ``sim.indicators``.
    history : DataFrame or Series, optional
        Recorded values to draw before the fan: the tidy table of
        :func:`hpforecast.load_history` (the simulated territory solid; for the merged
        city, the old city's record before the merger dashed and never joined to it,
        because levels jump at the merger; a base-year value that is only a plan figure,
        like the 2025 port cargo, as a hollow marker), the wide table (``wide=True``;
        from the default spliced table only the simulation's side of the merger) or a
        Series indexed by year.
    targets : Target, TargetSet or list of Target, optional
        A single Target (or a list) is drawn as given. From a set, the headline targets
        of the simulated territory on this indicator (:func:`~hpforecast.targets.
        headline_targets`) whose year is simulated. Each target is a point at its year
        (an average-growth target in a level chart at the level its growth needs, with
        the chance of meeting it beside the point); in a growth chart an average-growth
        target is a thin dashed segment over its window, drawn under the median and
        without a probability (the yearly band is not what it scores).
    probabilities : DataFrame, optional
        The probabilities to write: the table of :meth:`Simulation.probability` (or of
        :func:`hpforecast.probability_table`) with a row for each target drawn. Computed
        from ``sim`` when not given.
    bands : {"boe", "deciles", "statistical"} or sequence of float, default "boe"
        Coverage of the nested bands: Bank of England 30/60/90 %, deciles (central 20,
        40, 60 and 80 %), statistical 50/80/95 %, or your own coverages in (0, 1).
    interval : {"equal-tailed", "shortest"}, default "equal-tailed"
        Equal-tailed bands (quantiles ``(1 − c)/2`` and ``(1 + c)/2``, so each band leaves
        equal chances above and below) or, each year, the narrowest interval holding a
        share ``c`` of the paths: the sample analogue of the Bank of England's bands,
        which are centred on the mode (:meth:`Simulation.band`). The legend says which.
    growth : bool, default False
        Draw yearly growth (in % a year) instead of levels.
    history_from : int, optional
        First year of history drawn (default: ten years before the base year).
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
        Each band one ``PolyCollection`` (labelled with its coverage); the median the
        line labelled ``"median"``; targets and the forecast start, lines with gid
        ``"target"`` and ``"sim_start"``.

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
    parts, plan = _history_parts(history, indicator, sc.boundary, growth, sc.base_year)
    _draw_fan(ax, sim, indicator, coverages, interval=interval, growth=growth, lang=lang,
              **kwargs)
    start = sc.base_year - 10 if history_from is None else int(history_from)
    _draw_history(ax, parts, plan, lang, start=start)
    if chosen:
        _draw_targets(ax, sim, chosen, rows, growth=growth, lang=lang)
    _value_axes(ax, indicator, growth, lang)
    _sim_start(ax, sc.base_year, lang)
    name = L.growth_name(indicator, lang) if growth else L.indicator_name(indicator, lang)
    _set_title(ax, title, L.text("fan_title", lang, name=name,
                                 scenario=L.scenario_label(sc.name, lang)))
    _legend_below(ax, legend)
    return ax


def _draw_fan(ax: Axes, sim: Simulation, indicator: str, coverages: tuple[float, ...], *,
              interval: str, growth: bool, lang: str, **kwargs) -> None:
    """The nested bands and the median (growth from the first simulated year)."""
    years = np.asarray(sim.years[1:] if growth else sim.years, dtype=float)
    from matplotlib import colormaps

    shades = colormaps["Blues"](np.linspace(0.22, 0.66, len(coverages)))
    label_key = "band" if interval == "equal-tailed" else "band_shortest"
    for c, colour in zip(coverages, shades):
        band = sim.band(indicator, c, kind=interval, growth=growth)
        ax.fill_between(years, band["low"].to_numpy(), band["high"].to_numpy(),
                        color=colour, linewidth=0, zorder=1,
                        label=L.text(label_key, lang, c=L.fmt_percent(c, lang, 0)))
    kw = {"color": _MEDIAN_COLOUR, "linewidth": 2.0, "zorder": 3}
    kw.update(kwargs)
    ax.plot(years, _median(sim, indicator, growth), label=L.text("median", lang), **kw)


def _draw_history(ax: Axes, parts, plan: pd.Series, lang: str, *,
                  start: int | None = None) -> None:
    """Each recorded part, labelled with its territory; a base-year plan figure hollow."""
    for hist, boundary, solid in parts:
        if start is not None:
            hist = hist[hist.index >= start]
        if hist.empty:
            continue
        bnd = L.boundary_name(boundary, lang)
        label = L.text("recorded", lang, boundary=bnd) if bnd else L.text("recorded_plain",
                                                                         lang)
        ax.plot(hist.index.to_numpy(float), hist.to_numpy(float),
                color=_HISTORY_COLOUR if solid else "#555555",
                linestyle="-" if solid else (0, (4, 2)), marker="o",
                markersize=3.5 if solid else 3, linewidth=1.4 if solid else 1.1, zorder=4,
                label=label, gid="history" if solid else "history_old")
    for year, value in plan.items():
        ax.plot([year], [value], linestyle="none", marker="o", markersize=6,
                markerfacecolor="white", markeredgecolor="black", markeredgewidth=1.2,
                zorder=6, label=L.text("plan_base", lang, year=int(year)), gid="plan_base")


def _median(sim: Simulation, indicator: str, growth: bool) -> np.ndarray:
    return sim.quantiles(indicator, [0.5], growth=growth).iloc[:, 0].to_numpy()


def _value_axes(ax: Axes, indicator: str, growth: bool, lang: str) -> None:
    """Years on x; the indicator (or its growth, in %) with its unit on y."""
    from matplotlib.ticker import MaxNLocator

    _year_axis(ax, lang)
    ax.set_ylabel(_wrap(L.value_axis_label(indicator, lang, growth=growth),
                        0.45 * float(ax.figure.get_figheight()), "medium"))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6))
    ax.yaxis.set_major_formatter(
        _number_formatter(lang, 100.0 if (growth or _is_fraction(indicator)) else 1.0))
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.5, zorder=0)


def _draw_targets(ax: Axes, sim: Simulation, chosen: list[Target], rows: pd.DataFrame, *,
                  growth: bool, lang: str) -> None:
    """Targets as points at their year (or a window segment in a growth chart), each
    point with the chance of meeting it beside it."""
    markers = ("D", "s", "^", "v")
    for i, (t, (_, row)) in enumerate(zip(chosen, rows.iterrows())):
        how = _target_point(sim, t, growth)
        if how is None:
            continue
        kind, where, value = how
        if kind == "window":
            a, b = where
            label = L.text("target_average", lang, value=_target_value_text(t, lang), a=a,
                           b=b)
            ax.plot([a - 0.3, b + 0.3], [value, value], color=_TARGET_COLOUR,
                    linestyle=(0, (3, 2)), linewidth=1.1, zorder=2.5, label=label,
                    gid="target")
            continue
        if t.measure == "average_growth":
            label = L.text("target_average", lang, value=_target_value_text(t, lang),
                           a=t.start + 1, b=t.year)
        else:
            label = L.text("target_point", lang, year=t.year,
                           value=_target_value_text(t, lang))
        ax.plot([where], [value], linestyle="none", marker=markers[i % len(markers)],
                markersize=6.5, color=_TARGET_COLOUR, markeredgecolor="black",
                markeredgewidth=0.8, zorder=7, label=label, gid="target")
        if bool(row.get("evaluable", True)) and pd.notna(row["probability"]):
            ax.annotate(L.text("chance", lang, p=L.fmt_prob(row["probability"], lang)),
                        (where, value), textcoords="offset points", xytext=(-7, 0),
                        ha="right", va="center", fontsize="small", fontweight="bold",
                        color="black", zorder=8,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                              "alpha": 0.85, "edgecolor": "none"})


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
    """Each target's probability in whole percent, coloured by its likelihood word.

    The words and colours are the IPCC's calibrated scale (:func:`traffic_light`),
    classified on the whole percent shown. Monte Carlo intervals are not drawn: they are
    far narrower than the differences between scenarios (see :func:`dot_plot`) and stay
    in the table.

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
        A legend of the likelihood classes.
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
    width = 0.4 * float(ax.figure.get_figwidth())
    labels = [_wrap(lab, width, "medium") for lab in _row_labels(table, lang)]
    ys = list(range(len(table), 0, -1))
    pos, ticklabels = [], []
    for y, label, (_, row) in zip(ys, labels, table.iterrows()):
        pos.append(y)
        ticklabels.append(label)
        p = row["probability"]
        if not (bool(row.get("evaluable", True)) and pd.notna(p)):
            ax.text(1, y, L.text("not_evaluable", lang), va="center", fontsize="small",
                    color="#555555")
            continue
        _bar(ax, y, float(p), math.nan, math.nan, lang, **kwargs)
    if jv is not None:
        p, _, _, nt = jv
        nt = nt if nt is not None else int(table["probability"].notna().sum())
        ax.axhline(0.3, color="black", linewidth=0.6)
        _bar(ax, -0.4, p, math.nan, math.nan, lang, **kwargs)
        pos.append(-0.4)
        ticklabels.append(L.text("all_targets", lang, n=nt))
    ax.set_yticks(pos, ticklabels)
    if jv is not None:
        ax.get_yticklabels()[-1].set_fontweight("bold")
    for x in (34, 66, 90):
        ax.axvline(x, color="grey", linestyle=":", linewidth=0.8, zorder=0)
    ax.set_xlim(0, 112)
    ax.set_xticks([0, 10, 33, 66, 90, 100])
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
        _legend_below(ax, True, handles=handles, ncol=2)
    return ax


def _bar(ax: Axes, y: float, p: float, lo: float, hi: float, lang: str, **kwargs) -> None:
    """One probability bar in its likelihood colour, labelled with the whole percent."""
    _, colour, hatch = traffic_light(p, lang)
    kw = {"height": 0.7, "edgecolor": "black", "linewidth": 0.6}
    kw.update(kwargs)
    ax.barh(y, 100 * p, color=colour, hatch=hatch, **kw)
    ax.text(100 * p + 1.5, y, L.fmt_prob(p, lang), va="center", fontsize="small")


# -- outcome distribution -------------------------------------------------------------------
def _check_clip(clip: Any) -> None:
    if not (isinstance(clip, (tuple, list)) and len(clip) == 2
            and 0 <= float(clip[0]) < float(clip[1]) <= 1):
        raise ValueError(f"clip must be two quantiles (low, high) with 0 <= low < high <= 1, "
                         f"like (0.001, 0.999); got {clip!r}.")


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
    clip: tuple[float, float] = (0.001, 0.999),
    lang: str = "en",
    title: bool | str = True,
    legend: bool = True,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Distribution of the target's statistic, the side that meets the target shaded.

    The statistic is what the target compares with its threshold
    (:meth:`Simulation.statistic`): the level in the target year, the average growth
    over the window, or the window's sum. Outcomes that meet the target are drawn in
    green with a hatch, the others in grey; the success side of the threshold is shaded
    and the threshold is a dashed line. The axis spans the ``clip`` quantiles (the middle
    99.8 % by default), so that a few extreme outcomes do not squash the rest; the share
    left out is said in the legend. The probability is written above the bars.

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
        Number of histogram bins over the range shown. When the threshold lies within or
        near it (within half its width) it is a bin edge and drawn as a dashed line; a
        threshold farther away is marked by an arrow at the edge of the axes (and in the
        legend).
    clip : (float, float), default (0.001, 0.999)
        The quantiles of the outcomes that bound the axis; ``(0, 1)`` for all.
    lang : {"en", "vi"}, default "en"
    title : bool or str, default True
    legend : bool, default True
    ax : matplotlib Axes, optional
    **kwargs
        Passed to both ``ax.hist`` calls.

    Returns
    -------
    matplotlib.axes.Axes
        Heights are the percentage of all simulated outcomes in each bin.

    Raises
    ------
    TypeError, ValueError
        For a wrong type, a target not evaluable on ``sim``, ``probabilities`` without
        its row, or a bad ``bins``, ``clip`` or ``lang``.

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
    _check_clip(clip)
    ax = _get_ax(ax)
    row = _probability_rows(probabilities, [target], sim).iloc[0]
    with warnings.catch_warnings():
        # raised (once) with the probabilities, and in their notes
        warnings.simplefilter("ignore", BoundaryWarning)
        values = np.broadcast_to(np.asarray(sim.statistic(target), dtype=float),
                                 (sim.n_paths,))
    met = np.asarray(target.is_met(values), dtype=bool)
    lo_q, hi_q = np.quantile(values, [float(clip[0]), float(clip[1])])
    inside = (values >= lo_q) & (values <= hi_q)
    thr = float(target.threshold)
    edges, near = _histogram_edges(values[inside], thr, bins)
    ok = bool(row.get("evaluable", True))
    p = float(row["probability"]) if ok else float(met.mean())
    w = np.full(values.shape, 100.0 / values.size)
    kw_miss = {"color": _MISS_COLOUR, "edgecolor": "white", "linewidth": 0.3}
    kw_met = {"color": _SUCCESS_COLOUR, "edgecolor": "white", "linewidth": 0.3,
              "hatch": "//"}
    kw_miss.update(kwargs)
    kw_met.update(kwargs)
    miss_in, met_in = inside & ~met, inside & met
    ax.hist(values[miss_in], bins=edges, weights=w[miss_in],
            label=L.text("missed_share", lang, p=L.fmt_prob(1 - p, lang)), **kw_miss)
    ax.hist(values[met_in], bins=edges, weights=w[met_in],
            label=L.text("met_with", lang, prob=L.fmt_prob(p, lang)), **kw_met)
    _draw_threshold(ax, target, edges, near, p_text=f" {L.fmt_prob(p, lang)} " if ok
                    else "", lang=lang)
    out = 1.0 - float(inside.mean())
    if out > 0:
        ax.plot([], [], linestyle="none",
                label=L.text("outside_view", lang, p=L.fmt_percent(out, lang, 1)))
    top = max((pt.get_height() for pt in ax.patches if pt.get_alpha() is None), default=1)
    ax.set_ylim(0, 1.3 * top)  # room above the bars for the labels
    ax.set_xlabel(_wrap(_statistic_label(target, lang), 0.9 * _axes_width_in(ax), "medium"))
    ax.set_ylabel(L.text("share_of_outcomes", lang))
    ax.xaxis.set_major_formatter(_number_formatter(lang, 100.0 if _target_is_fraction(target)
                                                   else 1.0))
    ax.yaxis.set_major_formatter(_number_formatter(lang))
    desc = L.describe_target(target, lang)
    auto = (L.text("outcome_title_window", lang, a=target.start + 1, b=target.year,
                   desc=desc) if target.measure == "average_growth"
            else L.text("outcome_title", lang, year=target.year, desc=desc))
    _set_title(ax, title, auto)
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
    s0, s1 = (max(thr, x0), x1) if upward else (x0, min(thr, x1))
    if s0 < s1:
        ax.axvspan(s0, s1, color=_SUCCESS_COLOUR, alpha=0.10, linewidth=0, zorder=0)
    thr_text = (L.fmt_percent(thr, lang) if _target_is_fraction(target)
                else L.fmt_value(thr, target.unit, lang, indicator=target.indicator))
    thr_label = L.text("target_value", lang, value=thr_text)
    box = {"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.85,
           "edgecolor": "none"}
    if near:
        ax.axvline(thr, color=_TARGET_COLOUR, linestyle="--", linewidth=1.6,
                   label=thr_label)
        frac = (thr - x0) / (x1 - x0)
        ha = ("left" if frac <= 0.75 else "right") if upward else (
            "right" if frac >= 0.25 else "left")
        ax.text(thr, 0.97, p_text, transform=ax.get_xaxis_transform(), ha=ha, va="top",
                fontsize="medium", fontweight="bold", color="black", bbox=box,
                clip_on=True)
        return
    ax.plot([], [], color=_TARGET_COLOUR, linestyle="--", linewidth=1.6, label=thr_label)
    beyond = thr > x1
    edge = 0.995 if beyond else 0.005
    ax.annotate(f"{thr_label} →" if beyond else f"← {thr_label}", xy=(edge, 0.80),
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
    """The probability that the target's condition holds in each simulated year.

    Uses :meth:`Simulation.probability_by_year`: the target moved to each simulated year
    (for an average-growth target, the window's end moves: the average from its first
    year to that year). The solid line is the probability that the condition holds in
    that year. For a level target a dashed line adds the probability that it has held in
    that year or an earlier one; for an average-growth target that has no meaning (an
    average reached early can be lost again) and is not drawn.

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
    window = target.measure == "average_growth"
    kw = {"color": "#0072B2", "marker": "o", "linewidth": 2, "zorder": 3}
    kw.update(kwargs)
    label = (L.text("met_in_window", lang, a=target.start + 1) if window
             else L.text("met_in_year", lang))
    ax.plot(years, 100 * table["probability"], label=label, **kw)
    if not window:
        ax.plot(years, 100 * table["met_by_year"], color="#000000", linestyle="--",
                marker="s", markersize=4, linewidth=1.2, label=L.text("met_by_year", lang),
                zorder=4)
    for x, p in zip(years, table["probability"]):
        ax.annotate(L.fmt_prob(p, lang), (x, 100 * p), textcoords="offset points",
                    xytext=(0, 6), ha="center", fontsize="small")
    ax.set_ylim(0, 109)
    ax.set_yticks([0, 10, 33, 50, 66, 90, 100])
    ax.yaxis.set_major_formatter(_number_formatter(lang))
    ax.set_ylabel(_wrap(L.text("prob_axis", lang), 0.6 * float(ax.figure.get_figheight())))
    ax.set_xlim(years.min() - 0.5, years.max() + 0.5)
    _year_axis(ax, lang)
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.5, zorder=0)
    _set_title(ax, title, L.text("by_year_title", lang, desc=L.describe_target(target, lang)))
    _legend_below(ax, legend, ncol=1)
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
    history: pd.DataFrame | pd.Series | None = None,
    targets: Target | TargetSet | Sequence[Target] | None = None,
    lang: str = "en",
    title: bool | str = True,
    legend: bool = True,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Medians and central bands of several scenarios on one chart, with history and
    targets.

    Each scenario has its own Okabe–Ito colour, line style and marker (so greyscale
    still tells them apart). Its band is lightly shaded over the years and, so that
    overlapping bands stay readable, drawn again as a range bar at the right of the end
    year, side by side with the other scenarios', the median marked on it.

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
    history, targets
        As in :func:`fan_chart` (the first simulation's territory and years); targets
        are drawn as points, without a probability (it differs by scenario).
    lang : {"en", "vi"}, default "en"
    title : bool or str, default True
    legend : bool, default True
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.plot`` for every median line.

    Returns
    -------
    matplotlib.axes.Axes
        One median line per scenario, labelled "<scenario>: median".

    Raises
    ------
    TypeError, ValueError
        For a wrong type, an empty ``sims``, an indicator missing from a scenario, a
        bad ``band`` or ``lang``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import hpforecast as hpf
    >>> sims = [hpf.simulate(s, n_paths=2000, seed=1)
    ...         for s in (hpf.scenarios.plan(), hpf.scenarios.trend())]
    >>> fig, ax = plt.subplots()
    >>> ax = hpf.plot.scenario_comparison(sims, "grdp_real", ax=ax)
    >>> [ln.get_label() for ln in ax.get_lines() if ln.get_gid() == "median"]
    ['plan: median', 'trend: median']
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
    first = items[0][1]
    sc = first.scenario
    parts, plan = _history_parts(history, indicator, sc.boundary, growth, sc.base_year)
    _draw_history(ax, parts, plan, lang, start=sc.base_year - 10)
    end = float(first.years[-1])
    for i, (name, s) in enumerate(items):
        colour = _OKABE_ITO[i % len(_OKABE_ITO)]
        style = _LINESTYLES[i % len(_LINESTYLES)]
        marker = _SCENARIO_MARKERS[i % len(_SCENARIO_MARKERS)]
        years = np.asarray(s.years[1:] if growth else s.years, dtype=float)
        med = _median(s, indicator, growth)
        shown = L.scenario_label(name, lang)
        if band is not None:
            limits = s.band(indicator, float(band), growth=growth)
            lo, hi = limits["low"].to_numpy(), limits["high"].to_numpy()
            ax.fill_between(years, lo, hi, color=colour, alpha=0.08, linewidth=0, zorder=1)
            x = end + 0.45 + 0.28 * i
            ax.plot([x, x], [lo[-1], hi[-1]], color=colour, linewidth=3.5,
                    solid_capstyle="butt", zorder=3, gid="range",
                    label=L.text("scenario_range", lang, scenario=shown,
                                 c=L.fmt_percent(float(band), lang, 0), year=int(end)))
            ax.plot([x], [med[-1]], marker=marker, color="white", markeredgecolor="black",
                    markersize=5, zorder=4, label="_nolegend_")
        kw = {"color": colour, "linestyle": style, "linewidth": 2.0, "zorder": 3,
              "marker": marker, "markevery": [len(years) - 1], "markersize": 5,
              "markeredgecolor": "black"}
        kw.update(kwargs)
        ax.plot(years, med, label=L.text("scenario_median", lang, scenario=shown),
                gid="median", **kw)
    _draw_target_points(ax, first, _select_targets(targets, indicator, first), growth, lang)
    if band is not None:
        ax.set_xlim(right=end + 0.55 + 0.28 * len(items))
    _value_axes(ax, indicator, growth, lang)
    _sim_start(ax, sc.base_year, lang)
    name = L.growth_name(indicator, lang) if growth else L.indicator_name(indicator, lang)
    _set_title(ax, title, L.text("scenarios_title", lang, name=name))
    _legend_below(ax, legend)
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
        Number of paths, drawn at random without replacement (1 to ``sim.n_paths``):
        :meth:`Simulation.sample_paths <hpforecast.Simulation.sample_paths>`.
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
    picked = sim.sample_paths(indicator, n, growth=growth, seed=seed)
    lang = L.check_lang(lang)
    ax = fan_chart(sim, indicator, history=history, bands=bands, growth=growth, lang=lang,
                   title=False, legend=False, ax=ax)
    years = np.asarray(sim.years[1:] if growth else sim.years, dtype=float)
    kw = {"color": "#333333", "linewidth": 0.7, "alpha": 0.6, "zorder": 2}
    kw.update(kwargs)
    for j, path in enumerate(picked):
        label = L.text("sample_paths", lang, n=L.fmt_number(int(n), lang),
                       N=L.fmt_number(sim.n_paths, lang)) if j == 0 else "_nolegend_"
        line, = ax.plot(years, path, label=label, **kw)
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
    'Tốc độ tăng GRDP (giá so sánh), %/năm'
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


def _tornado_labels(t: pd.DataFrame, lang: str,
                    labels: Mapping[str, str] | None = None) -> list[str]:
    """Row labels: ``labels`` by assumption name (or index label), else the index; in
    Vietnamese, the assumption's own label for each row that :func:`hpforecast.tornado`
    labelled (its index is the assumption's English label)."""
    labels = dict(labels or {})
    names = t["assumption"] if "assumption" in t.columns else [None] * len(t)
    locs = t["location"] if "location" in t.columns else [""] * len(t)
    out = []
    for label, name, loc in zip(t.index, names, locs):
        if name in labels or label in labels:
            out.append(str(labels.get(name, labels.get(label))))
            continue
        if lang == "en" or name is None:
            out.append(str(label))
            continue
        from . import assumptions as A

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
    labels: Mapping[str, str] | None = None,
    low_label: str | None = None,
    high_label: str | None = None,
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
    ``assumption``        optional: the assumption's name (for ``labels`` and Vietnamese)
    ``unit``              optional: the assumption's unit (``fraction…`` shows as %)
    ``p_base``            optional: the base probability
    ``attrs``             optional ``base_probability``: a float, or a dict target id →
                          float
    ====================  ===============================================================

    :func:`hpforecast.tornado` returns exactly this table.

    With a base probability, the x axis is the probability itself: each bar runs from
    the base (a vertical line) to the probability with the assumption at its low value
    (above, orange, hatched) or at its high value (below, blue), the probability and the
    assumption's value written at the bar's end. Without one, the bars are the changes
    in percentage points. Rows are sorted so that the largest swing is on top; long
    labels are wrapped.

    Parameters
    ----------
    table : DataFrame
        As above.
    target : str, optional
        Which target to draw when ``table`` has a ``target`` column with several.
    labels : dict, optional
        Assumption name (or index label) → row label.
    low_label, high_label : str, optional
        Legend entries of the two cases (default: "assumption at its low value" ...).
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
    base = _tornado_base(rows, target)
    lows = (low_label or L.text("tornado_low_plain", lang),
            high_label or L.text("tornado_high_plain", lang))
    lo, hi = _tornado_bars(ax, t, ys, lang, base=base, names=lows, **kwargs)
    width = 0.36 * float(ax.figure.get_figwidth())
    ax.set_yticks(ys, [_wrap(lab, width) for lab in _tornado_labels(t, lang, labels)])
    ax.tick_params(axis="y", length=0)
    if base is None:
        ax.axvline(0, color="black", linewidth=0.8)
        span = max(abs(lo), abs(hi), 1.0)
        ax.set_xlim(-1.45 * span, 1.45 * span)
        ax.set_xlabel(L.text("tornado_change_axis", lang))
    else:
        _tornado_probability_axis(ax, base, lo, hi, lang)
    ax.xaxis.set_major_formatter(_number_formatter(lang))
    ax.set_ylim(-0.6, len(t) - 0.4)
    _set_title(ax, title, _tornado_title(rows, target, lang))
    _legend_below(ax, legend, ncol=1)
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


def _tornado_bars(ax: Axes, t: pd.DataFrame, ys: np.ndarray, lang: str, *,
                  base: float | None, names: tuple[str, str], **kwargs) -> tuple[float, float]:
    """Both bars of each row, each label beside its own bar's end; returns the x extent
    (percent, or points of change without a base)."""
    y_low, y_high = ys + 0.18, ys - 0.18
    kw_low = {"height": 0.34, "color": "#E69F00", "hatch": "//", "edgecolor": "black",
              "linewidth": 0.6}
    kw_high = {"height": 0.34, "color": "#0072B2", "edgecolor": "black", "linewidth": 0.6}
    kw_low.update(kwargs)
    kw_high.update(kwargs)
    dl = 100 * t["delta_low"].to_numpy(float)
    dh = 100 * t["delta_high"].to_numpy(float)
    left = 0.0 if base is None else 100 * base
    ax.barh(y_low, np.nan_to_num(dl), left=left, label=names[0], **kw_low)
    ax.barh(y_high, np.nan_to_num(dh), left=left, label=names[1], **kw_high)
    units = t["unit"] if "unit" in t.columns else pd.Series("", index=t.index)
    ends = np.r_[left + np.nan_to_num(dl), left + np.nan_to_num(dh), left]
    span = max(float(ends.max() - ends.min()), 1.0)
    for yl, yh, d_lo, d_hi, v_lo, v_hi, u in zip(y_low, y_high, dl, dh, t["low"], t["high"],
                                                 units):
        u = u if isinstance(u, str) else ""
        for y, d, v, left_if_zero in ((yl, d_lo, v_lo, True), (yh, d_hi, v_hi, False)):
            d = 0.0 if not np.isfinite(d) else d
            on_left = d < 0 or (d == 0 and left_if_zero)
            value = L.fmt_percent(v, lang) if L.is_fraction_unit(u) else L.fmt_number(v, lang)
            label = value if base is None else \
                f"{L.fmt_prob(base + d / 100, lang)} ({value})"
            x = left + (min(d, 0.0) - 0.02 * span if on_left else max(d, 0.0) + 0.02 * span)
            ax.text(x, y, label, va="center", ha="right" if on_left else "left",
                    fontsize="small")
    return float(ends.min()), float(ends.max())


def _tornado_probability_axis(ax: Axes, base: float, lo: float, hi: float,
                              lang: str) -> None:
    """The tornado's x axis on the probability scale: the base line, a view around the
    bars with room for their end labels, and ticks and the axis line on 0–100 % only."""
    ax.axvline(100 * base, color="black", linewidth=1.0, zorder=3,
               label=L.text("tornado_base_line", lang, p=L.fmt_prob(base, lang)))
    pad = 0.3 * max(hi - lo, 10.0)
    x0, x1 = _room_for_labels(ax, max(-2.0, lo - pad), min(102.0, hi + pad))
    ax.set_xlim(x0, x1)
    ticks = [t for t in ax.get_xticks() if max(0.0, x0) - 1e-9 <= t <= min(100.0, x1) + 1e-9]
    ax.set_xticks(ticks)
    ax.set_xlim(x0, x1)                            # set_xticks would widen the view
    ax.spines["bottom"].set_bounds(max(0.0, x0), min(100.0, x1))
    ax.spines["left"].set_visible(False)           # rows are named by their labels
    ax.set_xlabel(L.text("tornado_axis", lang))


def _room_for_labels(ax: Axes, x0: float, x1: float) -> tuple[float, float]:
    """x limits widened so that the bar-end labels (right-aligned on the left of their
    point, left-aligned on the right) stay inside the axes instead of crossing the
    y axis; text widths estimated from the font size and the axes' width."""
    texts = [t for t in ax.texts if t.get_text()]
    if not texts:
        return x0, x1
    # the axes' width once the layout has made room for the row labels
    row_in = max((_text_width_in(t.get_text(), t.get_fontsize())
                  for t in ax.get_yticklabels() if t.get_text()), default=0.0)
    width_in = max(min(_axes_width_in(ax), 0.95 * float(ax.figure.get_figwidth())
                       - row_in - 0.15), 0.5)
    for _ in range(3):
        per_in = (x1 - x0) / width_in
        # a little wider than the average glyph, so that the label surely fits
        reach = [(t.get_position()[0], _text_width_in(t.get_text(), t.get_fontsize(), 0.6)
                  * per_in, t.get_ha()) for t in texts]
        lo = min([x - w for x, w, ha in reach if ha == "right"] + [x0])
        hi = max([x + w for x, w, ha in reach if ha == "left"] + [x1])
        if lo >= x0 and hi <= x1:
            break
        x0, x1 = min(x0, lo), max(x1, hi)
    return x0, x1


def _tornado_title(table: pd.DataFrame, target: str | None, lang: str) -> str:
    """The automatic title: the target and its base probability, when known."""
    auto = L.text("tornado_title", lang)
    tid = target if target is not None else table.attrs.get("target")
    if tid is None and "target" in table.columns:
        tid = table["target"].iloc[0]
    base_p = _tornado_base(table, target)
    if tid:
        auto += f": {_target_label(str(tid), lang)}"
    if base_p is not None:
        auto += f" ({L.text('tornado_base', lang, p=L.fmt_prob(base_p, lang))})"
    return auto


#: Printed widths of the report's charts, in centimetres: half an A4 page (a column) and
#: the full text width.
PRINT_WIDTH_CM = {"column": 8.5, "full": 16.0}


#: The smallest text allowed on a chart at its printed size, in points.
MIN_FONT_PT = 7.0


def print_style() -> dict:
    """The matplotlib settings the report draws with (pass to ``matplotlib.rc_context``).

    Base text 9 pt, so that the ``"small"`` text of the charts is 7.5 pt at the printed
    size; SVG text kept as text (``svg.fonttype: "none"``: editable and searchable); a
    font with every Vietnamese letter. Never set globally by the library.

    Examples
    --------
    >>> import matplotlib
    >>> import hpforecast as hpf
    >>> with matplotlib.rc_context(hpf.plot.print_style()):
    ...     matplotlib.rcParams["svg.fonttype"]
    'none'
    """
    return {"font.size": 9.0, "axes.titlesize": 9.0, "axes.labelsize": 8.5,
            "xtick.labelsize": 8.0, "ytick.labelsize": 8.0, "legend.fontsize": 7.5,
            "svg.fonttype": "none", "font.family": "DejaVu Sans",
            "axes.spines.top": False, "axes.spines.right": False,
            "axes.linewidth": 0.6, "xtick.major.width": 0.6, "ytick.major.width": 0.6,
            "lines.linewidth": 1.4, "legend.frameon": False}


def _points(size: Any) -> float:
    from matplotlib.font_manager import FontProperties

    return float(FontProperties(size=size).get_size_in_points())


#: The average glyph width of the charts' font (DejaVu Sans), in ems: the one estimate of
#: how wide a text will be before it is drawn.
_GLYPH_EM = 0.55


def _text_width_in(text: str, points: float, em: float = _GLYPH_EM) -> float:
    """The estimated width in inches of the longest line of ``text`` at ``points``."""
    return max((em * len(line) for line in str(text).split("\n")), default=0.0) * points / 72


def _wrap(text: str, width_in: float, size: Any = "medium") -> str:
    """``text`` wrapped to lines that fit ``width_in`` inches at font ``size``."""
    import textwrap

    per_line = max(14, int(width_in * 72 / (_GLYPH_EM * _points(size))))
    return "\n".join(textwrap.fill(line, per_line, break_on_hyphens=False) or line
                     for line in str(text).split("\n"))


def fit_labels(fig: Any, *, passes: int = 3) -> Any:
    """Wrap the axis labels that are longer than their axes, after the layout, so that
    none runs off the figure (a y label taller than a short panel is cut at the top).

    Call it once the figure is complete and at its final size; with a layout engine
    (``layout="constrained"``) the figure is drawn again after each rewrap.

    Parameters
    ----------
    fig : matplotlib Figure
    passes : int, default 3
        At most this many rounds of drawing and rewrapping.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig``, with its labels rewrapped where needed.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from matplotlib.backends.backend_agg import FigureCanvasAgg
    >>> import hpforecast as hpf
    >>> fig = Figure(figsize=(3, 1.2), layout="constrained"); _ = FigureCanvasAgg(fig)
    >>> ax = fig.add_subplot(); _ = ax.set_ylabel("A long label that cannot fit the panel")
    >>> hpf.plot.fit_labels(fig).axes[0].get_ylabel().count(chr(10)) >= 1
    True
    """
    V.check_int(passes, "passes", low=1)
    if not hasattr(fig.canvas, "get_renderer"):   # a bare Figure: a renderer, no window
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    for k in range(passes):
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        changed = False
        for ax in fig.axes:
            if not ax.get_visible():
                continue
            box = ax.get_window_extent(renderer)
            for label, room, along in ((ax.yaxis.label, box.height, "height"),
                                       (ax.xaxis.label, box.width, "width")):
                text = label.get_text()
                if not text or not label.get_visible():
                    continue
                if getattr(label.get_window_extent(renderer), along) <= room + 1:
                    continue
                fitted = _wrap(" ".join(text.split()), 0.9 ** k * room / fig.dpi,
                               label.get_fontsize())
                if fitted != text:
                    label.set_text(fitted)
                    changed = True
        if not changed:
            break
    return fig


def _axes_width_in(ax: Axes) -> float:
    return float(ax.figure.get_figwidth() * ax.get_position().width)


def _history_parts(history: Any, indicator: str, boundary: str, growth: bool,
                   base_year: int) -> tuple[list[tuple[pd.Series, str | None, bool]],
                                            pd.Series]:
    """The recorded values to draw, as (series, territory, solid) parts, and the
    base-year plan figures that stand in for an outturn (drawn hollow).

    From the tidy table: the simulated territory solid; when it is the merged city, the
    old city's record before the merger dashed, as a part of its own (levels jump at the
    merger and are never joined across it; growth rates are drawn apart too, because
    they are of different territories). A wide table or a Series is one part.
    """
    from .data import MERGER_YEAR, growth_from_levels

    no_plan = pd.Series(dtype=float)
    if not (isinstance(history, pd.DataFrame)
            and {"indicator", "year", "value"} <= set(history.columns)):
        hist, bnd = _history_series(history, indicator, boundary, growth)
        return ([(hist[hist.index <= base_year], bnd, True)] if not hist.empty else []), \
            no_plan
    sel = history
    if "start_year" in sel.columns:
        sel = sel[sel["start_year"].isna()]
    plans = sel[sel["kind"] == "plan"] if "kind" in sel.columns else sel.iloc[:0]
    if "preferred" in sel.columns:
        sel = sel[sel["preferred"].astype(bool)]
    if "kind" in sel.columns:
        sel = sel[sel["kind"] != "plan"]
    gname = _growth_series_of(indicator)

    def series(frame, bnd):
        part = frame[frame["boundary"] == bnd] if "boundary" in frame.columns else frame
        if growth and gname is not None and (part["indicator"] == gname).any():
            s = part[part["indicator"] == gname].groupby("year")["value"].first()
        else:
            s = part[part["indicator"] == indicator].groupby("year")["value"].first()
            if growth:
                s = growth_from_levels(s.astype(float))
        s = s.astype(float)
        s.index = s.index.astype(int)
        return s.sort_index()

    parts = []
    own = series(sel, boundary)
    if boundary == "merged_city":
        old = series(sel, "old_city")
        old = old[old.index < MERGER_YEAR]
        if not old.empty:
            parts.append((old, "old_city", False))
        own = own[own.index >= MERGER_YEAR - 1]
    own = own[own.index <= base_year]
    if not own.empty:
        parts.append((own, boundary, True))
    plan = no_plan
    if not growth and base_year not in own.index:
        plan = series(plans, boundary)
        plan = plan[plan.index == base_year]
    return parts, plan


def _sim_start(ax: Axes, base_year: int, lang: str) -> None:
    """The forecast-start marker: a thin line at the base year, labelled."""
    ax.axvline(base_year, color="#777777", linewidth=0.7, linestyle="-", zorder=0,
               gid="sim_start")
    ax.annotate(L.text("sim_start", lang, year=base_year + 1), (base_year, 1.0),
                xycoords=("data", "axes fraction"), xytext=(3, -3),
                textcoords="offset points", ha="left", va="top", fontsize="small",
                color="#444444")


def _target_point(sim: Simulation, t: Target, growth: bool):
    """How a target is drawn in this view: ("point", year, value), ("window", (a, b),
    value) or None."""
    base = sim.scenario.base_year
    if growth:
        if t.measure == "average_growth":
            return "window", (max(t.start + 1, base + 1), t.year), t.threshold
        return None
    if t.measure == "level":
        return "point", t.year, t.threshold
    if t.measure == "average_growth" and t.start <= base:
        with warnings.catch_warnings():
            # raised (once) with the probabilities, and in their notes
            warnings.simplefilter("ignore", BoundaryWarning)
            try:
                path = sim.target_path(t)
            except ValueError:  # not evaluable
                return None
        return "point", t.year, float(path.iloc[-1])
    return None


def _target_value_text(t: Target, lang: str) -> str:
    if t.measure == "average_growth" or _is_fraction(t.indicator):
        return f"{L.fmt_number(round(100 * t.threshold, 2), lang)}{L.pct_sign(lang)}"
    return L.fmt_value(t.threshold, t.unit, lang, indicator=t.indicator)


_SCENARIO_MARKERS = ("o", "s", "^", "D", "v", "P")


def _likelihood_bands(ax: Axes, lang: str, *, labels: bool = True) -> None:
    """The IPCC classes as shaded vertical bands over 0–100 %, named above the axes."""
    edges = [(0, 10.5, "lk_very_unlikely"), (10.5, 33.5, "lk_unlikely"),
             (33.5, 65.5, "lk_about_even"), (65.5, 89.5, "lk_likely"),
             (89.5, 100, "lk_very_likely")]
    frame = _axes_width_in(ax)
    for i, (a, b, key) in enumerate(edges):
        ax.axvspan(a, b, color="#E6E6E6" if i % 2 else "#F7F7F7", zorder=0, linewidth=0,
                   gid="likelihood_band")
    if labels:
        top = ax.secondary_xaxis("top")
        top.set_xticks([(a + b) / 2 for a, b, _ in edges],
                       [_wrap(L.text(k, lang), max(frame * (b - a) / 100, 0.45), "small")
                        for a, b, k in edges])
        top.tick_params(axis="x", length=0, labelsize="small", labelcolor="#333333")
        top.spines["top"].set_visible(False)


def dot_plot(
    table: pd.DataFrame,
    *,
    joint: Mapping[str, float] | None = None,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
    title: bool | str = True,
    legend: bool = True,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """The probability of each target under each scenario: one row per target, one
    marker per scenario, over the IPCC likelihood classes.

    Each scenario has its own colour and marker shape (greyscale-safe), rows are dodged
    by scenario and each marker carries its whole percent.

    Parameters
    ----------
    table : DataFrame
        The table of :func:`hpforecast.probability_table`: indexed by (``scenario``,
        ``target``) with ``probability`` (and ``evaluable``); the targets in the order of
        the first scenario. With the target columns (``indicator, measure, ...``) rows
        are described in words.
    joint : dict, optional
        Scenario → probability of meeting all the targets together: a last row.
    labels : dict, optional
        Target id → row label (default: the target described in words).
    lang : {"en", "vi"}, default "en"
    title : bool or str, default True
    legend : bool, default True
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.plot`` for every scenario's markers.

    Returns
    -------
    matplotlib.axes.Axes
        One line (markers only, gid ``"scenario"``) per scenario, labelled with its name.

    Raises
    ------
    TypeError, ValueError
        For a table that is not a probability table (named columns), or a bad ``lang``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import hpforecast as hpf
    >>> ts = [hpf.load_targets()[k] for k in ("port_cargo_2030", "grdp_per_capita_usd_2030")]
    >>> table = hpf.probability_table([hpf.scenarios.plan(), hpf.scenarios.trend()], ts,
    ...                               n_paths=2000)
    >>> fig, ax = plt.subplots()
    >>> ax = hpf.plot.dot_plot(table, ax=ax)
    >>> [ln.get_label() for ln in ax.get_lines() if ln.get_gid() == "scenario"]
    ['plan', 'trend']
    """
    table = _check_frame(table, "table", ("probability",))
    if not (isinstance(table.index, pd.MultiIndex)
            and list(table.index.names[:2]) == ["scenario", "target"]):
        raise ValueError("table must be indexed by (scenario, target), like the table of "
                         "hpforecast.probability_table().")
    lang = L.check_lang(lang)
    ax = _get_ax(ax)
    scenarios = list(dict.fromkeys(table.index.get_level_values("scenario")))
    first = table.xs(scenarios[0], level="scenario")
    ids = list(first.index)
    names = dict(labels or {})
    width = 0.36 * float(ax.figure.get_figwidth())
    rows = [_wrap(names.get(i) or _row_labels(first.loc[[i]], lang)[0], width, "medium")
            for i in ids]
    if joint:
        rows.append(L.text("all_targets", lang, n=len(ids)))
    n_rows, n_sc = len(rows), len(scenarios)
    ys = np.arange(n_rows, 0, -1, dtype=float)
    dodge = np.linspace(0.22, -0.22, n_sc) if n_sc > 1 else np.zeros(1)
    _likelihood_bands(ax, lang)
    for j, name in enumerate(scenarios):
        tab = table.xs(name, level="scenario").reindex(ids)
        ok = tab.get("evaluable", pd.Series(True, index=tab.index)).astype(bool) \
            & tab["probability"].notna()
        ps = list(tab["probability"].where(ok))
        if joint:
            ps.append(joint.get(name, math.nan))
        ps = np.asarray(ps, dtype=float)
        y = ys + dodge[j]
        kw = {"linestyle": "none", "marker": _SCENARIO_MARKERS[j % len(_SCENARIO_MARKERS)],
              "markersize": 6, "color": _OKABE_ITO[j % len(_OKABE_ITO)],
              "markeredgecolor": "black", "markeredgewidth": 0.6, "zorder": 4}
        kw.update(kwargs)
        ax.plot(100 * ps, y, label=L.scenario_label(name, lang), gid="scenario", **kw)
        for x, yy in zip(ps, y):
            if math.isfinite(x):
                ax.text(100 * x + 2.2, yy, L.fmt_prob(x, lang), va="center", ha="left",
                        fontsize="small", zorder=5)
            else:
                ax.text(1, yy, L.text("not_evaluable", lang), va="center",
                        fontsize="small", color="#555555")
    if joint:
        ax.axhline(1.5, color="black", linewidth=0.6)
    ax.set_yticks(ys, rows)
    if joint:
        ax.get_yticklabels()[-1].set_fontweight("bold")
    ax.set_ylim(0.4, n_rows + 0.6)
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 10, 33, 50, 66, 90, 100])
    ax.xaxis.set_major_formatter(_number_formatter(lang))
    ax.set_xlabel(L.text("prob_axis", lang))
    ax.tick_params(axis="y", length=0)
    year = int(first["year"].iloc[0]) if "year" in first.columns else ""
    _set_title(ax, title, L.text("dots_title", lang, year=year))
    _legend_below(ax, legend, ncol=min(n_sc, 2 if ax.figure.get_figwidth() < 4.5 else 4))
    return ax


def _draw_target_points(ax: Axes, sim: Simulation, chosen: list[Target], growth: bool,
                        lang: str) -> None:
    """Targets as points at their year, without a probability."""
    for t in chosen:
        how = _target_point(sim, t, growth)
        if how is not None and how[0] == "point":
            _, year, value = how
            ax.plot([year], [value], linestyle="none", marker="D", markersize=6,
                    color=_TARGET_COLOUR, markeredgecolor="black", zorder=6, gid="target",
                    label=L.text("target_point", lang, year=year,
                                 value=_target_value_text(t, lang)))


def plan_misses(
    record: pd.DataFrame | str = "grdp_growth_real",
    *,
    assumed: Mapping[str, float] | None = None,
    exclude: Sequence[int] = (2020,),
    lang: str = "en",
    title: bool | str = True,
    legend: bool = True,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """The record of plan misses (outcome minus plan, in points) against the spread the
    scenarios assume.

    A bar per year; the years in ``exclude`` (2020, the pandemic year) hatched and
    annotated. Dashed lines at ± one standard deviation of all the misses, dotted lines
    at ± one standard deviation without the excluded years, and, at the right, the ± one
    standard deviation of yearly growth that each scenario in ``assumed`` draws.

    Parameters
    ----------
    record : DataFrame or str, default "grdp_growth_real"
        The table of :func:`hpforecast.plan_record` (``plan`` and ``outcome``, or
        ``gap``), or an indicator name to load it; years without an outcome are left out.
    assumed : dict, optional
        Scenario name → the standard deviation of yearly growth it assumes (a fraction).
    exclude : sequence of int, default (2020,)
        Years shown but left out of the second spread.
    lang : {"en", "vi"}, default "en"
    title : bool or str, default True
    legend : bool, default True
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.bar``.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per year with an outcome; lines with gid ``"sd_all"``, ``"sd_without"``
        and, per scenario, ``"assumed"``.

    Raises
    ------
    TypeError, ValueError
        For a wrong type, a table without plans and outcomes, or a bad ``lang``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import hpforecast as hpf
    >>> fig, ax = plt.subplots()
    >>> ax = hpf.plot.plan_misses(hpf.plan_record(), assumed={"plan": 0.023}, ax=ax)
    >>> len(ax.patches) >= 9
    True
    """
    lang = L.check_lang(lang)
    if isinstance(record, str):
        from .data import plan_record

        record = plan_record(record)
    elif not isinstance(record, pd.DataFrame):
        raise TypeError(f"record must be a table from hpforecast.plan_record() or an "
                        f"indicator name; got {type(record).__name__}.")
    record = _check_frame(record, "record", ("plan", "outcome"))
    gaps = (record["outcome"] - record["plan"]).dropna().astype(float)
    if gaps.empty:
        raise ValueError("record has no year with both a plan and an outcome.")
    ax = _get_ax(ax)
    years = gaps.index.to_numpy(float)
    excluded = np.isin(gaps.index.to_numpy(int), np.asarray(list(exclude), dtype=int))
    kw = {"color": "#9E9E9E", "edgecolor": "black", "linewidth": 0.5, "width": 0.65}
    kw.update(kwargs)
    ax.bar(years[~excluded], 100 * gaps.to_numpy()[~excluded],
           label=L.text("misses_bar", lang), zorder=2, **kw)
    if excluded.any():
        ax.bar(years[excluded], 100 * gaps.to_numpy()[excluded], hatch="///",
               zorder=2, **{**kw, "color": "#D9D9D9"})
        for y in years[excluded]:
            v = 100 * float(gaps.loc[int(y)])
            ax.annotate(L.text("misses_2020", lang), (y - 0.35, v), xytext=(-4, 0),
                        textcoords="offset points", ha="right", va="center",
                        fontsize="small")
    a, b = int(years.min()), int(years.max())
    sd_all = float(gaps.std(ddof=1))
    rest = gaps[~excluded]
    sd_ex = float(rest.std(ddof=1)) if len(rest) > 1 else math.nan
    for sd, style, gid, label in (
            (sd_all, (0, (5, 2)), "sd_all",
             L.text("misses_sd", lang, a=a, b=b, sd=L.fmt_number(100 * sd_all, lang, 1))),
            (sd_ex, ":", "sd_without",
             L.text("misses_sd_ex", lang, year=", ".join(map(str, exclude)),
                    sd=L.fmt_number(100 * sd_ex, lang, 1)))):
        if math.isfinite(sd):
            for sign in (1, -1):
                ax.plot([years.min() - 0.5, years.max() + 0.5], [100 * sign * sd] * 2,
                        color="black", linestyle=style, linewidth=1.0, zorder=3, gid=gid,
                        label=label if sign == 1 else "_nolegend_")
    ax.axhline(0, color="black", linewidth=0.6, zorder=1)
    for j, (name, sd) in enumerate(dict(assumed or {}).items()):
        x = years.max() + 1.0 + 0.55 * j
        colour = _OKABE_ITO[j % len(_OKABE_ITO)]
        ax.errorbar([x], [0], yerr=[[100 * sd], [100 * sd]], fmt=_SCENARIO_MARKERS[j % 6],
                    color=colour, markeredgecolor="black", capsize=3, elinewidth=1.6,
                    zorder=4, label=f"{L.text('misses_assumed', lang)}: "
                                    f"{L.scenario_label(name, lang)} "
                                    f"{L.fmt_number(100 * sd, lang, 1)}")
        ax.lines[-1].set_gid("assumed")
    ax.set_xlim(years.min() - 0.7, years.max() + 0.7 + (0.55 * len(assumed or {}) + 0.5
                                                        if assumed else 0))
    _year_axis(ax, lang)
    ax.set_xticks([int(y) for y in years])
    ax.tick_params(axis="x", labelrotation=90 if ax.figure.get_figwidth() < 4.5 else 0)
    ax.set_ylabel(_wrap(L.text("misses_axis", lang), 0.6 * float(ax.figure.get_figheight())))
    ax.yaxis.set_major_formatter(_number_formatter(lang))
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.5, zorder=0)
    _set_title(ax, title, L.text("misses_title", lang, a=a, b=b))
    _legend_below(ax, legend, ncol=1)
    return ax


def growth_curve(
    curve: pd.DataFrame,
    *,
    needed: Mapping[float, float] | None = None,
    scenarios: Mapping[str, tuple[float, float]] | None = None,
    target: Target | None = None,
    lang: str = "en",
    title: bool | str = True,
    legend: bool = True,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """The probability of a target against the assumed average growth of its driver.

    Parameters
    ----------
    curve : DataFrame
        The table of :func:`hpforecast.probability_curve`: indexed by ``growth`` (a
        fraction a year), with ``probability``; ``attrs`` ``driver``, ``scenario``,
        ``start`` and ``end`` name the axis.
    needed : dict, optional
        Probability → growth needed for it (:func:`hpforecast.growth_needed`), like
        ``{0.5: 0.130, 0.8: 0.141}``: marked with a dotted line and its value.
    scenarios : dict, optional
        Scenario name → (its assumed growth, its probability): one marker each.
    target : Target, optional
        For the title.
    lang : {"en", "vi"}, default "en"
    title : bool or str, default True
    legend : bool, default True
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.plot`` for the curve.

    Returns
    -------
    matplotlib.axes.Axes
        The curve (gid ``"curve"``), a line per growth needed (gid ``"needed"``), a
        marker per scenario (gid ``"scenario"``).

    Raises
    ------
    TypeError, ValueError
        For a table without ``probability``, or a bad ``lang``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import hpforecast as hpf
    >>> t = hpf.load_targets()["port_cargo_2030"]
    >>> curve = hpf.probability_curve(t, scenario=hpf.scenarios.plan(), n_paths=1000,
    ...                               points=9)
    >>> fig, ax = plt.subplots()
    >>> ax = hpf.plot.growth_curve(curve, target=t, ax=ax)
    >>> ax.get_ylabel()
    'Probability of meeting the target (%)'
    """
    curve = _check_frame(curve, "curve", ("probability",))
    lang = L.check_lang(lang)
    ax = _get_ax(ax)
    g = curve.index.to_numpy(float)
    kw = {"color": _MEDIAN_COLOUR, "linewidth": 2.0, "zorder": 3}
    kw.update(kwargs)
    scen = curve.attrs.get("scenario", "")
    ax.plot(100 * g, 100 * curve["probability"].to_numpy(float), gid="curve",
            label=L.text("curve_line", lang, scenario=L.scenario_label(scen, lang)), **kw)
    x0 = 100 * float(g.min())
    for j, (p, growth) in enumerate(sorted(dict(needed or {}).items())):
        if growth is None or not math.isfinite(growth):
            continue
        style = (0, (4, 2)) if j == 0 else ":"
        ax.plot([x0, 100 * growth, 100 * growth], [100 * p, 100 * p, 0], color="black",
                linestyle=style, linewidth=1.0, zorder=2, gid="needed",
                label=L.text("curve_needed", lang, p=L.fmt_prob(p, lang),
                             g=f"{L.fmt_number(100 * growth, lang, 1)}"
                               f"{L.pct_sign(lang)}"))
    for j, (name, (growth, p)) in enumerate(dict(scenarios or {}).items()):
        ax.plot([100 * growth], [100 * p], linestyle="none",
                marker=_SCENARIO_MARKERS[j % len(_SCENARIO_MARKERS)], markersize=7,
                color=_OKABE_ITO[j % len(_OKABE_ITO)], markeredgecolor="black", zorder=5,
                gid="scenario",
                label=L.text("curve_scenario", lang, scenario=L.scenario_label(name, lang),
                             g=f"{L.fmt_number(100 * growth, lang, 1)}{L.pct_sign(lang)}",
                             p=L.fmt_prob(p, lang)))
    ax.set_ylim(0, 100)
    ax.set_xlim(100 * g.min(), 100 * g.max())
    ax.set_yticks([0, 10, 33, 50, 66, 80, 90, 100])
    ax.yaxis.set_major_formatter(_number_formatter(lang))
    ax.xaxis.set_major_formatter(_number_formatter(lang))
    drv = curve.attrs.get("driver")
    name = L.lower_first(L.indicator_name(drv, lang)) if drv else ""
    ax.set_xlabel(_wrap(L.text("curve_x", lang, name=name, a=curve.attrs.get("start", ""),
                               b=curve.attrs.get("end", "")), 0.9 * _axes_width_in(ax)))
    ax.set_ylabel(_wrap(L.text("prob_axis", lang), 0.6 * float(ax.figure.get_figheight())))
    ax.grid(color="#E3E3E3", linewidth=0.5, zorder=0)
    desc = L.describe_target(target, lang) if target is not None else ""
    _set_title(ax, title, L.text("curve_title", lang, desc=desc) if desc else
               L.text("prob_plain", lang))
    _legend_below(ax, legend, ncol=1)
    return ax


def _input_label(name: str, lang: str) -> str:
    if name.startswith("base:"):
        return L.text("base_input", lang, name=L.indicator_name(name[5:], lang))
    return L.indicator_name(name, lang)


def shapley_chart(
    table: pd.DataFrame,
    *,
    min_share: float = 0.01,
    lang: str = "en",
    title: bool | str = True,
    legend: bool = False,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Each driver's share of the uncertainty about a target (Shapley effects).

    Parameters
    ----------
    table : DataFrame
        The table of :func:`hpforecast.shapley`: indexed by input, with ``effect`` (a
        share, summing to 1) and ``se``; ``attrs["target"]`` names the target.
    min_share : float, default 0.01
        Inputs whose share is below this (and within two standard errors of 0) are not
        drawn.
    lang : {"en", "vi"}, default "en"
    title : bool or str, default True
    legend : bool, default False
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.barh``.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per input shown, largest on top, with a whisker of ± 2 standard errors.

    Raises
    ------
    TypeError, ValueError
        For a table without ``effect`` and ``se``, or a bad ``lang``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> import hpforecast as hpf
    >>> table = pd.DataFrame({"effect": [0.8, 0.15, 0.05], "se": [0.01, 0.01, 0.01]},
    ...                      index=pd.Index(["grdp_real", "port_cargo", "vnd_per_usd"],
    ...                                     name="input"))
    >>> fig, ax = plt.subplots()
    >>> ax = hpf.plot.shapley_chart(table, ax=ax)
    >>> len(ax.patches)
    3
    """
    table = _check_frame(table, "table", ("effect", "se"))
    lang = L.check_lang(lang)
    ax = _get_ax(ax)
    eff = table["effect"].astype(float)
    se = table["se"].astype(float)
    keep = (eff >= min_share) | (eff - 2 * se > 0)
    shown = eff[keep].sort_values()
    ys = np.arange(len(shown), dtype=float)
    kw = {"color": "#0072B2", "edgecolor": "black", "linewidth": 0.5, "height": 0.6}
    kw.update(kwargs)
    ax.barh(ys, 100 * shown.to_numpy(), xerr=200 * se[shown.index].to_numpy(),
            error_kw={"elinewidth": 0.8, "capsize": 2}, **kw)
    for y, v in zip(ys, shown.to_numpy()):
        ax.text(100 * v + 2 + 200 * float(se[shown.index[int(y)]]), y,
                L.fmt_prob(v, lang), va="center", fontsize="small")
    width = 0.4 * float(ax.figure.get_figwidth())
    ax.set_yticks(ys, [_wrap(_input_label(i, lang), width) for i in shown.index])
    ax.set_xlim(0, 112)
    ax.xaxis.set_major_formatter(_number_formatter(lang))
    ax.set_xlabel(_wrap(L.text("shapley_axis", lang), 0.9 * _axes_width_in(ax)))
    tid = table.attrs.get("target")
    desc = _target_label(str(tid), lang) if tid else ""
    _set_title(ax, title, L.text("shapley_title", lang, desc=desc))
    return ax


def _tornado_base(table: pd.DataFrame, target: str | None) -> float | None:
    """The base probability of the rows drawn, when the table says it."""
    tid = target if target is not None else table.attrs.get("target")
    if tid is None and "target" in table.columns:
        tid = table["target"].iloc[0]
    base_p = table.attrs.get("base_probability")
    if isinstance(base_p, Mapping):
        base_p = base_p.get(tid)
    if base_p is None and "p_base" in table.columns:
        base_p = float(table["p_base"].iloc[0])
    return None if base_p is None or not math.isfinite(float(base_p)) else float(base_p)


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
                            p=L.fmt_prob(nc.probability(), lang)))   # whole percent
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


# -- how far the probabilities can be trusted ---------------------------------------------
#: Markers and colours of the series of :func:`reliability_diagram`, in order.
_RELIABILITY_STYLES = (("o", "#0072B2", "-"), ("s", "#D55E00", "--"), ("^", "#CC79A7", ":"),
                       ("D", "#009E73", "-."), ("v", "#E69F00", "-"))
_POINT_COLUMNS = ("mean_predicted", "observed")


def _reliability_series(evaluation: Any, group: str, family: str, interval: str,
                        lang: str) -> list[tuple[str, pd.DataFrame]]:
    """(label, points) for each series; the points come from
    :meth:`Evaluation.reliability_points` or are the table given."""
    from .evaluation import Evaluation

    tag = "_2w" if interval == "two_way" else ""
    cols = (*_POINT_COLUMNS, f"observed_low{tag}", f"observed_high{tag}")
    if isinstance(evaluation, (Evaluation, pd.DataFrame)):
        items = [(None, evaluation)]
    elif isinstance(evaluation, Mapping) and evaluation:
        items = list(evaluation.items())
    else:
        raise TypeError("evaluation must be an Evaluation from hpforecast.evaluate(), the "
                        "DataFrame of its reliability_points(), or a non-empty dict label -> "
                        f"either; got {type(evaluation).__name__}.")
    out = []
    for label, item in items:
        name = "evaluation" if label is None else f"evaluation[{label!r}]"
        if isinstance(item, Evaluation):
            points = item.reliability_points(group, family)
            auto = L.model_name(item.model, lang)
        elif isinstance(item, pd.DataFrame):
            points = _group_points(item, group, name)
            auto = L.model_name(str(item.attrs.get("model", "")), lang)
        else:
            raise TypeError(f"{name} must be an Evaluation or a DataFrame of reliability "
                            f"points; got {type(item).__name__}.")
        out.append((str(label) if label is not None else auto,
                    _check_frame(points, name, cols)[list(cols)].astype(float)))
    return out


def _group_points(table: pd.DataFrame, group: str, name: str) -> pd.DataFrame:
    """The rows of ``group`` of a table of points with a ``group`` index level or column
    (the stored evaluation's); any other table as given."""
    if "group" in (table.index.names or []):
        groups = table.index.get_level_values("group")
    elif "group" in table.columns:
        groups = table["group"]
    else:
        return table
    if group not in set(groups):
        raise ValueError(f"group must be one of {sorted(set(groups))!r} for {name}; got "
                         f"{group!r}.")
    return table[np.asarray(groups == group)]


def reliability_diagram(
    evaluation: Any,
    *,
    group: str = "all",
    family: str = "fixed",
    interval: str = "two_way",
    dodge: float = 0.0,
    lang: str = "en",
    title: bool | str = True,
    legend: bool = True,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """How reliable are the probabilities? Predicted probability against how often it came true.

    For each model, one point per probability bin of its forecasts of targets ("average
    growth over the horizon ≥ t"): the bin's mean predicted probability against the share
    of those targets that were met, with the 95 % sampling-error bar of that share. A
    reliable model's points lie on the diagonal (drawn dashed): of the targets given
    30 %, about 30 % are met; points below it mean the model was too optimistic about
    the targets it called likely. Every number comes from
    :meth:`hpforecast.evaluation.Evaluation.reliability_points` (bins with fewer than
    :data:`hpforecast.evaluation.MIN_BIN` forecasts are left out there).

    Parameters
    ----------
    evaluation : Evaluation, DataFrame or dict
        An :class:`~hpforecast.evaluation.Evaluation` from :func:`hpforecast.evaluate`;
        the DataFrame of its ``reliability_points()`` (``mean_predicted, observed`` and
        the interval columns), or the stored points of one run
        (``hpf.load_evaluation("reliability")``, with a ``group`` index level or column);
        or a dict label → any of them, one series each, in order (the labels are the
        legend's). A lone Evaluation is labelled by its model's name.
    group : str, default "all"
        The group drawn (``"all"``, ``"fastest quarter"``): of an Evaluation, or the rows
        of a table that has groups.
    family : {"fixed", "relative"}, default "fixed"
        The targets: fixed thresholds, or relative to each window's own mean.
    interval : {"two_way", "economy"}, default "two_way"
        The bootstrap of the bars: economies × blocks of origin years (it carries the
        shocks common to all economies, such as oil and debt crises), or economies only.
    dodge : float, default 0
        Percentage points by which the series are shifted sideways from each other, so
        that overlapping bars stay apart (0: every point at its predicted probability).
    lang : {"en", "vi"}, default "en"
    title : bool or str, default True
        True: the group's name.
    legend : bool, default True
        A legend under the axes.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``ax.errorbar`` for every series (after the series' own marker and
        colour).

    Returns
    -------
    matplotlib.axes.Axes
        Both axes in percent, 0–100, square; one errorbar container per series (in
        ``ax.containers``) and the diagonal (the first line).

    Raises
    ------
    TypeError
        For an ``evaluation`` of another type, or a bad ``ax``.
    ValueError
        For a group the evaluation (or table) does not have, a bad ``family``,
        ``interval`` or ``lang``, or a table without the columns needed.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import hpforecast as hpf
    >>> points = hpf.load_evaluation("reliability")     # stored: benchmarks/eval_panels.py
    >>> runs = {"rtm": points.loc[("pwt56", "rtm", "pwt91")],
    ...         "iid": points.loc[("pwt56", "iid", "")]}
    >>> fig, ax = plt.subplots()
    >>> ax = hpf.plot.reliability_diagram(runs, group="fastest quarter", ax=ax)
    >>> len(ax.containers), [float(x) for x in ax.get_xlim()]
    (2, [0.0, 100.0])
    """
    V.check_choice(family, "family", ("fixed", "relative"))
    V.check_choice(interval, "interval", ("two_way", "economy"))
    dodge = V.check_number(dodge, "dodge", low=0.0, high=5.0)
    lang = L.check_lang(lang)
    series = _reliability_series(evaluation, group, family, interval, lang)
    ax = _get_ax(ax)
    tag = "_2w" if interval == "two_way" else ""
    ax.plot([0, 100], [0, 100], color="#8C8C8C", linestyle="--", linewidth=1.0,
            label=L.text("rel_diagonal", lang), zorder=1)
    for k, (label, pts) in enumerate(series):
        marker, colour, line = _RELIABILITY_STYLES[k % len(_RELIABILITY_STYLES)]
        x = 100 * pts["mean_predicted"].to_numpy() + dodge * (k - (len(series) - 1) / 2)
        y = 100 * pts["observed"].to_numpy()
        err = np.clip(np.vstack([y - 100 * pts[f"observed_low{tag}"].to_numpy(),
                                 100 * pts[f"observed_high{tag}"].to_numpy() - y]), 0, None)
        kw = {"fmt": marker, "color": colour, "markersize": 4.5, "linewidth": 0.9,
              "capsize": 2, "markerfacecolor": colour if k == 0 else "white",
              "markeredgewidth": 1.0, "zorder": 3 + k}
        kw.update(kwargs)
        bars = ax.errorbar(x, y, yerr=err, label=label, **kw)
        bars[2][0].set_linestyle(line)  # the bars: solid, dashed, dotted (greyscale)
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_aspect("equal", adjustable="box")
    ticks = [0, 20, 40, 60, 80, 100]
    ax.set_xticks(ticks)
    ax.set_yticks(ticks)
    ax.xaxis.set_major_formatter(_number_formatter(lang))
    ax.yaxis.set_major_formatter(_number_formatter(lang))
    ax.grid(color="#E5E5E5", linewidth=0.5, zorder=0)
    spec = ax.get_subplotspec()
    width = 0.95 * float(ax.figure.get_figwidth()) / (spec.get_gridspec().ncols if spec
                                                      else 1)
    ax.set_xlabel(_wrap(L.text("rel_x", lang), width, "medium"))
    ax.set_ylabel(_wrap(L.text("rel_y", lang), width, "medium"))
    _set_title(ax, title, L.group_name(group, lang))
    _legend_below(ax, legend, ncol=1)
    return ax
