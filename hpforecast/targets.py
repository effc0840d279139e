"""Targets: what a plan asks for, and how to tell from a path whether it was met.

A :class:`Target` is a small frozen specification; :func:`load_targets` returns the
official targets shipped with the package as a :class:`TargetSet`.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, fields

import numpy as np
import pandas as pd

from . import _validation as V
from .data import catalogue, read_package_csv

__all__ = ["Target", "TargetSet", "load_targets", "required_growth", "as_targets",
           "headline_targets", "headline_year", "distinct_targets", "HEADLINE_YEAR", "STANDING"]

MEASURES = ("level", "average_growth", "cumulative")
COMPARISONS = (">=", "<=", ">", "<")
#: Growth indicators and the level whose growth they measure.
GROWTH_OF = {"grdp_growth_real": "grdp_real"}


@dataclass(frozen=True)
class Target:
    """One target: a level in a year, an average growth over a window, or a window sum.

    Build targets with the constructors :meth:`level`, :meth:`average_growth` and
    :meth:`cumulative`; the fields below carry the definition and, for official
    targets, where they come from.

    Parameters
    ----------
    indicator : str
        A level or flow indicator from :func:`hpforecast.indicators`.
    year : int
        The target year (the end of the window).
    threshold : float
        The value to reach, in the indicator's unit; a fraction for growth targets.
    measure : {"level", "average_growth", "cumulative"}
    start : int, optional
        ``average_growth``: the year of the starting level (2025 for growth over
        2026–2030). ``cumulative``: the first year summed.
    comparison : {">=", "<=", ">", "<"}
    threshold_high : float, optional
        Upper end of a range target ("13–14 %"). A range target counts as met when the
        lower end is reached; the upper end is kept for reporting.
    boundary : str, optional
        The territory the target was set for (``old_city`` or ``merged_city``).
    id, label, unit, document, document_date, status, source, source_url, note : str
        Identification and provenance.
    evaluable : bool
        False for targets on indicators the library has no series for.
    reason : str
        Why the target cannot be evaluated.
    """

    indicator: str
    year: int
    threshold: float
    measure: str = "level"
    start: int | None = None
    comparison: str = ">="
    threshold_high: float | None = None
    boundary: str | None = None
    id: str = ""
    label: str = ""
    unit: str = ""
    document: str = ""
    document_date: str = ""
    status: str = "user"
    evaluable: bool = True
    reason: str = ""
    source: str = ""
    source_url: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        V.check_bool(self.evaluable, "evaluable")
        V.check_choice(self.measure, "measure", MEASURES)
        V.check_choice(self.comparison, "comparison", COMPARISONS)
        V.check_int(self.year, "year")
        object.__setattr__(self, "year", int(self.year))
        if self.evaluable:
            V.check_indicator(self.indicator, "indicator", catalogue().index)
        if self.measure == "average_growth":
            thr = V.check_fraction_growth(self.threshold, "threshold")
        else:
            thr = V.check_number(self.threshold, "threshold")
        object.__setattr__(self, "threshold", thr)
        if self.threshold_high is not None:
            high = (V.check_fraction_growth(self.threshold_high, "threshold_high")
                    if self.measure == "average_growth"
                    else V.check_number(self.threshold_high, "threshold_high"))
            if high < thr:
                raise ValueError(f"threshold_high must be >= threshold ({thr}); got {high}.")
            object.__setattr__(self, "threshold_high", high)
        if self.measure == "level":
            if self.start is not None:
                raise ValueError(f"start is only used by average_growth and cumulative "
                                 f"targets; got start={self.start!r} for a level target.")
        else:
            if self.start is None:
                raise ValueError(f"start is required for a {self.measure} target.")
            V.check_int(self.start, "start")
            object.__setattr__(self, "start", int(self.start))
            if self.measure == "average_growth" and self.start >= self.year:
                raise ValueError(f"start must be before the end year {self.year} for an "
                                 f"average_growth target; got start={self.start}.")
            if self.measure == "cumulative" and self.start > self.year:
                raise ValueError(f"start must not be after the end year {self.year}; got "
                                 f"start={self.start}.")
        if self.evaluable and self.measure == "level":
            cat = catalogue()
            if cat.at[self.indicator, "measure"] in ("growth", "share", "rate") and abs(thr) > 1 \
                    and cat.at[self.indicator, "measure"] != "rate":
                raise ValueError(f"threshold for {self.indicator!r} must be a fraction, like "
                                 f"0.13; got {thr}. Did you give a percentage?")
        if not self.unit and self.evaluable:
            unit = ("fraction per year" if self.measure == "average_growth"
                    else catalogue().at[self.indicator, "unit"])
            object.__setattr__(self, "unit", unit)

    # -- constructors -------------------------------------------------------------
    @classmethod
    def level(cls, indicator: str, year: int, threshold: float, comparison: str = ">=",
              **meta) -> Target:
        """The indicator's value in ``year`` compared with ``threshold``.

        Examples
        --------
        >>> import hpforecast as hpf
        >>> hpf.Target.level("port_cargo", 2030, 380.0).name
        'port_cargo 2030 >= 380'
        """
        return cls(indicator=indicator, year=year, threshold=threshold, measure="level",
                   comparison=comparison, **meta)

    @classmethod
    def average_growth(cls, indicator: str, start: int, end: int, threshold: float,
                       comparison: str = ">=", **meta) -> Target:
        """Compound average growth from the ``start``-year level to the ``end``-year level.

        ``(level_end / level_start) ** (1 / (end - start)) - 1`` compared with
        ``threshold`` (a fraction). Growth over 2026–2030 is ``start=2025, end=2030``.
        A growth indicator (``grdp_growth_real``) is read as the growth of its level
        (``grdp_real``). A window that starts before a simulation's base year uses the
        recorded history for the past part.

        Examples
        --------
        >>> import hpforecast as hpf
        >>> t = hpf.Target.average_growth("grdp_real", 2025, 2030, 0.13)
        >>> t.name
        'grdp_real average growth 2025-2030 >= 0.13'
        """
        if isinstance(indicator, str):
            indicator = GROWTH_OF.get(indicator, indicator)
        return cls(indicator=indicator, year=V.check_int(end, "end"), threshold=threshold,
                   measure="average_growth", start=start, comparison=comparison, **meta)

    @classmethod
    def cumulative(cls, indicator: str, start: int, end: int, threshold: float,
                   comparison: str = ">=", **meta) -> Target:
        """Sum of a flow (FDI, revenue) over ``start``..``end`` inclusive.

        Examples
        --------
        >>> import hpforecast as hpf
        >>> hpf.Target.cumulative("fdi_registered", 2026, 2030, 25.0).start
        2026
        """
        return cls(indicator=indicator, year=V.check_int(end, "end"), threshold=threshold,
                   measure="cumulative",
                   start=start, comparison=comparison, **meta)

    # -- description ----------------------------------------------------------------
    @property
    def name(self) -> str:
        """A short, readable identifier (the ``id`` when there is one)."""
        if self.id:
            return self.id
        thr = f"{self.threshold:g}"
        if self.measure == "level":
            return f"{self.indicator} {self.year} {self.comparison} {thr}"
        if self.measure == "average_growth":
            return (f"{self.indicator} average growth {self.start}-{self.year} "
                    f"{self.comparison} {thr}")
        return f"{self.indicator} sum {self.start}-{self.year} {self.comparison} {thr}"

    @property
    def years_needed(self) -> tuple[int, ...]:
        """The years whose levels the target reads."""
        if self.measure == "level":
            return (self.year,)
        if self.measure == "average_growth":
            return (self.start, self.year)
        return tuple(range(self.start, self.year + 1))

    # -- evaluation -------------------------------------------------------------
    def statistic(self, level_at: Callable[[int], np.ndarray | float]) -> np.ndarray | float:
        """The quantity compared with the threshold, from a function year → level(s).

        ``level_at(year)`` returns the indicator's level(s) in ``year``: an array of
        paths (shape ``(n_paths,)``) or a float for a recorded year.
        """
        if self.measure == "level":
            return level_at(self.year)
        if self.measure == "average_growth":
            ratio = np.asarray(level_at(self.year)) / np.asarray(level_at(self.start))
            return ratio ** (1.0 / (self.year - self.start)) - 1.0
        total = 0.0
        for y in range(self.start, self.year + 1):
            total = total + np.asarray(level_at(y))
        return total

    def is_met(self, statistic: np.ndarray | float) -> np.ndarray:
        """Boolean array: whether each value of the statistic meets the target."""
        stat = np.asarray(statistic)
        if self.comparison == ">=":
            return stat >= self.threshold
        if self.comparison == "<=":
            return stat <= self.threshold
        if self.comparison == ">":
            return stat > self.threshold
        return stat < self.threshold

    def to_dict(self) -> dict:
        return asdict(self)


def required_growth(base: float, target: float, years: float) -> float:
    """Deterministic constant growth needed to go from ``base`` to ``target``.

    ``(target / base) ** (1 / years) - 1`` — the "required CAGR" of the UN SDG progress
    methodology.

    Parameters
    ----------
    base, target : float
        Positive levels in the same unit.
    years : float
        Number of years of growth (> 0).

    Returns
    -------
    float
        A fraction per year.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> round(hpf.required_growth(213.0, 380.0, 5), 4)
    0.1227
    """
    b = V.check_number(base, "base", low=0.0, low_inclusive=False)
    t = V.check_number(target, "target", low=0.0, low_inclusive=False)
    n = V.check_number(years, "years", low=0.0, low_inclusive=False)
    return (t / b) ** (1.0 / n) - 1.0


class TargetSet:
    """An ordered collection of :class:`Target` objects.

    Iterate over it, index it by position or by ``id``, filter it with :meth:`filter`,
    and see it as a table with :meth:`to_frame`.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> ts = hpf.load_targets().filter(year=2030, evaluable=True)
    >>> "port_cargo_2030" in ts.ids
    True
    """

    def __init__(self, targets: Iterable[Target] = ()):
        try:
            items = tuple(targets)
        except TypeError:
            raise TypeError(f"targets must be an iterable of Target objects; got "
                            f"{type(targets).__name__}.") from None
        for i, t in enumerate(items):
            if not isinstance(t, Target):
                raise TypeError(f"targets[{i}] must be a Target; got {type(t).__name__}.")
        self._targets = items

    def __iter__(self) -> Iterator[Target]:
        return iter(self._targets)

    def __len__(self) -> int:
        return len(self._targets)

    def __getitem__(self, key: int | str) -> Target:
        if isinstance(key, str):
            for t in self._targets:
                if t.name == key:
                    return t
            raise KeyError(f"no target with id {key!r}; ids: {', '.join(self.ids)}")
        return self._targets[key]

    def __add__(self, other: TargetSet | Iterable[Target]) -> TargetSet:
        return TargetSet(list(self) + list(other))

    @property
    def ids(self) -> list[str]:
        return [t.name for t in self._targets]

    def filter(
        self,
        *,
        year: int | Iterable[int] | None = None,
        document: str | None = None,
        indicator: str | Iterable[str] | None = None,
        boundary: str | None = None,
        status: str | Iterable[str] | None = None,
        evaluable: bool | None = None,
    ) -> TargetSet:
        """Targets that match every criterion given.

        ``document`` matches case-insensitively anywhere in the document name
        (``"1516"`` finds QĐ 1516/QĐ-TTg). The others match exactly; ``year``,
        ``indicator`` and ``status`` also accept lists.
        """

        if evaluable is not None:
            V.check_bool(evaluable, "evaluable")

        def as_set(x):
            if isinstance(x, numbers.Integral):
                return {int(x)}
            return {x} if isinstance(x, str) else set(x)

        out = []
        for t in self._targets:
            if year is not None and t.year not in as_set(year):
                continue
            if indicator is not None and t.indicator not in as_set(indicator):
                continue
            if document is not None and document.lower() not in t.document.lower():
                continue
            if boundary is not None and t.boundary != boundary:
                continue
            if status is not None and t.status not in as_set(status):
                continue
            if evaluable is not None and t.evaluable != evaluable:
                continue
            out.append(t)
        return TargetSet(out)

    def to_frame(self) -> pd.DataFrame:
        """One row per target, indexed by ``target`` (the id), with every field."""
        names = [f.name for f in fields(Target)]
        rows = [{**{n: getattr(t, n) for n in names}, "target": t.name} for t in self]
        frame = pd.DataFrame(rows, columns=["target", *names])
        return frame.set_index("target")

    def __repr__(self) -> str:
        return f"TargetSet({len(self)} targets: {', '.join(self.ids[:6])}" + (
            ", ...)" if len(self) > 6 else ")")

    def _repr_html_(self) -> str:
        cols = ["indicator", "measure", "start", "year", "comparison", "threshold",
                "threshold_high", "unit", "boundary", "document", "status", "evaluable"]
        return self.to_frame()[cols].to_html(na_rep="")


def as_targets(targets) -> list[Target]:
    """A Target, a TargetSet or a list of Targets as a non-empty list (checked)."""
    if isinstance(targets, Target):
        return [targets]
    if isinstance(targets, (TargetSet, list, tuple)):
        out = list(TargetSet(targets))  # checks that every item is a Target
        if not out:
            raise ValueError("targets is empty; give at least one Target.")
        return out
    raise TypeError(f"targets must be a Target, a TargetSet or a list of Targets; got "
                    f"{type(targets).__name__}.")


def _opt_float(text: str) -> float | None:
    text = (text or "").strip()
    return None if text == "" else float(text)


def load_targets() -> TargetSet:
    """The official targets shipped with the package, with their documents and sources.

    Returns
    -------
    TargetSet
        Every 2020–2050 target of the research set: the 2030 targets of the merged
        city's 2026–2030 plan, of QĐ 1516/QĐ-TTg (2023) and of the superseded
        QĐ 821/QĐ-TTg (2018), the annual plans, and more. Targets on indicators with no
        series are included with ``evaluable=False`` and the reason.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> t = hpf.load_targets()["grdp_per_capita_usd_2030"]
    >>> (t.threshold, t.unit, t.boundary)
    (11247.0, 'USD', 'merged_city')
    """
    raw = read_package_csv("targets.csv")
    out = []
    for i, r in raw.iterrows():
        measure = r["measure"].strip()
        start_year = int(r["start_year"]) if r["start_year"].strip() else None
        indicator = r["indicator"].strip()
        year = int(r["year"])
        if measure == "annual_growth":
            measure, start = "average_growth", year - 1
        elif measure == "average_growth":
            start = (start_year if start_year is not None else year) - 1
        elif measure == "cumulative":
            start = start_year
        else:  # level or share
            measure, start = "level", None
        if measure == "average_growth":
            indicator = GROWTH_OF.get(indicator, indicator)
        evaluable = r["evaluable"].strip().lower() == "true"
        try:
            t = Target(
                indicator=indicator, year=year, threshold=float(r["value"]),
                measure=measure, start=start, comparison=r["comparison"].strip(),
                threshold_high=_opt_float(r["value_high"]),
                boundary=r["boundary"].strip() or None, id=r["target_id"].strip(),
                unit=r["unit"].strip(), document=r["document"].strip(),
                document_date=r["document_date"].strip(), status=r["status"].strip(),
                evaluable=evaluable, reason=r["not_evaluable_reason"].strip(),
                source=r["source"].strip(), source_url=r["source_url"].strip(),
                note=r["note"].strip(),
            )
        except (ValueError, TypeError) as exc:  # pragma: no cover - data are tested
            raise ValueError(f"hpforecast/data/targets.csv row {i} (line {i + 2}): {exc}") \
                from None
        out.append(t)
    return TargetSet(out)



# -- the headline: which targets a summary leads with --------------------------------------
#: The year of the plans' headline targets; a summary leads with it when it is simulated.
HEADLINE_YEAR = 2030
#: Statuses of targets that stand (not annual plans, drafts or superseded targets).
STANDING = ("current", "user")


def distinct_targets(targets: Iterable[Target]) -> list[Target]:
    """One target per condition, the first of each kept, in order.

    Several documents may set the same target (indicator, measure, window, comparison
    and threshold); a summary lists the condition once.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> from hpforecast.targets import distinct_targets
    >>> t = hpf.Target.level("port_cargo", 2030, 380.0)
    >>> len(distinct_targets([t, hpf.Target.level("port_cargo", 2030, 380.0), t]))
    1
    """
    first: dict = {}
    for t in TargetSet(targets):
        first.setdefault((t.indicator, t.measure, t.start, t.year, t.comparison,
                          t.threshold), t)
    return list(first.values())


def headline_year(targets: Iterable[Target], first: int, last: int) -> int:
    """The year a summary of the simulated years ``first``–``last`` leads with.

    :data:`HEADLINE_YEAR` (2030) when an evaluable target falls in it and it is within
    ``first``–``last``; otherwise the latest such year with an evaluable target; ``last``
    when there is none.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> from hpforecast.targets import headline_year
    >>> headline_year(hpf.load_targets(), 2026, 2030), headline_year(hpf.load_targets(),
    ...                                                                2026, 2028)
    (2030, 2026)
    """
    years = {t.year for t in TargetSet(targets) if t.evaluable and first <= t.year <= last}
    if HEADLINE_YEAR in years:
        return HEADLINE_YEAR
    return max(years, default=last)


def headline_targets(targets: Iterable[Target], boundary: str | None,
                     year: int | None = None) -> list[Target]:
    """The headline targets: those that stand, for ``boundary``, one per condition.

    Of ``targets``, the evaluable ones (of ``year`` when given) whose status is
    standing (:data:`STANDING`: ``current`` or ``user``; not annual plans, drafts or
    superseded ones) and that are set for ``boundary`` or for no boundary; several
    documents setting the same condition give it once (:func:`distinct_targets`). The
    report leads with these (charts, joint probability, sensitivity), and a fan chart
    given a whole :class:`TargetSet` draws these.

    Parameters
    ----------
    targets : TargetSet or iterable of Target
    boundary : str or None
        The territory simulated, like ``"merged_city"`` (a scenario's ``boundary``).
    year : int, optional
        Only the targets of this year (see :func:`headline_year`).

    Returns
    -------
    list of Target
        In the order of ``targets``.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> from hpforecast.targets import headline_targets
    >>> [t.name for t in headline_targets(hpf.load_targets(), "merged_city", 2030)][:3]
    ['grdp_growth_2026_2030_hdnd', 'grdp_per_capita_usd_2030', 'port_cargo_2030']
    """
    return distinct_targets(
        t for t in TargetSet(targets)
        if t.evaluable and (year is None or t.year == year) and t.status in STANDING
        and t.boundary in (None, boundary))
