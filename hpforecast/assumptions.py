"""The assumptions what-if tools move: one lever language for every tool.

:func:`hpforecast.tornado`, :func:`hpforecast.discover`, :func:`hpforecast.growth_needed`
and the :class:`~hpforecast.Explorer` all name the assumptions they move the same way,
and this module is where those names are parsed, checked, applied and labelled:

``"<driver>"``
    The driver's growth a year, measured by its distribution's location (the mean; the
    mode of a :class:`~hpforecast.TwoPieceNormal`; the median of a Student t with df ≤ 1),
    averaged over the simulated years. Setting it shifts every year by the same amount,
    so a year profile is kept. A fraction per year.
``"sd:<driver>"``
    The standard deviation of the driver's yearly growth, averaged over the years.
    Setting it scales every year's spread in proportion (``sd``, or a Student t's
    ``scale``), so shapes are kept. Only for drivers whose growth is uncertain (a fixed
    growth has no spread to scale). A fraction per year, ≥ 0.
``"elasticity:<driver>"``
    The elasticity of a linked driver (a :class:`~hpforecast.Link`, or revenue
    buoyancy) to its source.
``"persistence"``
    One year-to-year correlation of the shocks for every driver, in (−1, 1).

A :class:`~hpforecast.Level` driver's ``"<driver>"`` is its median level (in the
indicator's unit) and ``"sd:<driver>"`` the sd of its log level.

Examples
--------
>>> import hpforecast as hpf
>>> from hpforecast import assumptions
>>> sc = hpf.scenarios.plan()
>>> round(assumptions.value(sc, "grdp_real"), 4)
0.13
>>> moved = assumptions.apply(sc, {"grdp_real": 0.12, "persistence": 0.5})
>>> round(assumptions.value(moved, "grdp_real"), 4), moved.persistence
(0.12, 0.5)
>>> assumptions.label("sd:port_cargo", "en")
'Port cargo throughput: sd of growth'
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from . import _i18n as L
from . import _validation as V
from .scenario import Scenario

__all__ = ["Lever", "parse", "levers", "value", "apply", "shift_driver", "check_ranges",
           "default_range", "label", "phrase", "unit", "location_name", "mean_growth",
           "is_uncertain", "PERSISTENCE"]

PERSISTENCE = "persistence"
_SD = "sd:"
_EL = "elasticity:"


@dataclass(frozen=True)
class Lever:
    """A parsed assumption name: ``kind`` is ``"location"``, ``"sd"`` or ``"persistence"``."""

    name: str
    kind: str
    driver: str | None = None


def is_uncertain(scenario: Scenario, driver: str) -> bool:
    """True when the driver's growth (or, for a Level, its level) is random."""
    if driver in scenario.levels:
        return scenario.levels[driver].sd > 0
    return not all(m.is_degenerate for m in scenario.growth[driver].values())


def levers(scenario: Scenario) -> tuple[str, ...]:
    """Every assumption name valid for ``scenario``: drivers (growth and levels),
    ``sd:`` of the uncertain ones, ``elasticity:`` of linked ones, and ``persistence``."""
    drivers = (*scenario.growth, *scenario.levels)
    return (*drivers, *(f"{_SD}{d}" for d in drivers if is_uncertain(scenario, d)),
            *(f"{_EL}{d}" for d in scenario.all_links), PERSISTENCE)


def parse(name: object, scenario: Scenario, *, what: str = "assumptions") -> Lever:
    """Check an assumption name against ``scenario``; ValueError listing the valid ones."""
    allowed = levers(scenario)
    if not isinstance(name, str) or name not in allowed:
        raise ValueError(f"{what}: {name!r} is not an assumption of this scenario; allowed "
                         f"keys: {', '.join(allowed)}.")
    if name == PERSISTENCE:
        return Lever(name, "persistence")
    if name.startswith(_EL):
        return Lever(name, "elasticity", name[len(_EL):])
    if name.startswith(_SD):
        return Lever(name, "sd", name[len(_SD):])
    return Lever(name, "location", name)


def _mean(values) -> float:
    return float(np.mean(list(values)))


def location_name(scenario: Scenario, driver: str) -> str:
    """What the driver's location is: ``"mean"``, ``"mode"`` or ``"median"`` (a
    Level's value is its median level)."""
    if driver in scenario.levels:
        return "level"
    names = {m.location_name for m in scenario.growth[driver].values()}
    return names.pop() if len(names) == 1 else "location"


def mean_growth(scenario: Scenario, driver: str) -> float:
    """The mean of the driver's growth, averaged over the simulated years."""
    return _mean(m.mean for m in scenario.growth[driver].values())


def value(scenario: Scenario, name: str) -> float:
    """The scenario's current value of an assumption (see the module docstring)."""
    lever = parse(name, scenario)
    if lever.kind == "persistence":
        pers = scenario.persistence
        if isinstance(pers, Mapping):
            vals = [v if not isinstance(v, Mapping) else _mean(v.values())
                    for v in pers.values()]
            return _mean(vals) if vals else 0.0
        return float(pers)
    if lever.kind == "elasticity":
        return scenario.all_links[lever.driver].elasticity
    if lever.driver in scenario.levels:
        lv = scenario.levels[lever.driver]
        return lv.sd if lever.kind == "sd" else lv.median
    spec = scenario.growth[lever.driver].values()
    if lever.kind == "sd":
        return _mean(m.std for m in spec)
    return _mean(m.location for m in spec)


def shift_driver(scenario: Scenario, driver: str, delta: float) -> Scenario:
    """A copy of ``scenario`` with ``driver``'s growth moved by ``delta`` in every year.

    The location (mean, or mode of a two-piece normal) moves; spread and shape stay.
    """
    spec = scenario.growth[driver]
    moved = {y: d.shift(delta) for y, d in spec.items()}
    return scenario.replace(growth={**scenario.growth, driver: moved})


def _scaled(spec: Mapping, driver: str, sd: float) -> dict:
    """Every year's marginal with its spread scaled so the average sd becomes ``sd``."""
    now = _mean(m.std for m in spec.values())
    if not math.isfinite(now):
        raise ValueError(f"sd:{driver}: the growth of {driver!r} has no finite standard "
                         "deviation (a Student t with df <= 2), so it cannot be set.")
    return {y: m.with_spread(m.spread * sd / now) for y, m in spec.items()}


def _moved(spec: Mapping, location: float) -> dict:
    """Every year's marginal shifted so the average location becomes ``location``."""
    delta = location - _mean(m.location for m in spec.values())
    return {y: m.shift(delta) for y, m in spec.items()}


def apply(scenario: Scenario, values: Mapping[str, float], *,
          what: str = "assumptions") -> Scenario:
    """The scenario with the named assumptions set to ``values`` (the rest kept).

    Raises
    ------
    ValueError
        For an unknown name, or values that make an invalid scenario (named).
    """
    growth = dict(scenario.growth)
    levels = dict(scenario.levels)
    links, buoyancy = dict(scenario.links), dict(scenario.buoyancy)
    changes = {}
    for name, v in values.items():
        lever = parse(name, scenario, what=what)
        v = float(v)
        if lever.kind == "persistence":
            changes["persistence"] = v
        elif lever.kind == "elasticity":
            if lever.driver in buoyancy:
                buoyancy[lever.driver] = v
            else:
                links[lever.driver] = dataclasses.replace(links[lever.driver], elasticity=v)
            changes.update(links=links, buoyancy=buoyancy)
        elif lever.driver in levels:
            field_ = "sd" if lever.kind == "sd" else "median"
            levels[lever.driver] = dataclasses.replace(levels[lever.driver], **{field_: v})
        elif lever.kind == "sd":
            growth[lever.driver] = _scaled(growth[lever.driver], lever.driver, v)
        else:
            growth[lever.driver] = _moved(growth[lever.driver], v)
    return scenario.replace(growth=growth, levels=levels, **changes)


def check_range(scenario: Scenario, name: object, pair: object, *,
                what: str = "assumptions") -> tuple[float, float]:
    """Check one ``name -> (low, high)`` entry; returns the pair as floats."""
    lever = parse(name, scenario, what=what)
    key = f"{what}[{name!r}]"
    if isinstance(pair, (str, bytes)) or not hasattr(pair, "__len__") or len(pair) != 2:
        raise TypeError(f"{key} must be a pair (low, high); got {pair!r}.")
    lo = V.check_number(pair[0], f"{key} low")
    hi = V.check_number(pair[1], f"{key} high")
    if lo >= hi:
        raise ValueError(f"{key}: low must be below high; got ({lo!r}, {hi!r}): give "
                         "(low, high) with low < high.")
    for v, end in ((lo, "low"), (hi, "high")):
        if lever.kind == "persistence":
            V.check_number(v, f"{key} {end}", low=-1.0, high=1.0, low_inclusive=False,
                           high_inclusive=False)
        elif lever.kind == "elasticity":
            V.check_number(v, f"{key} {end}", low=-10.0, high=10.0)
        elif lever.driver in scenario.levels:
            V.check_number(v, f"{key} {end}", low=0.0, low_inclusive=lever.kind == "sd")
        else:
            V.check_fraction_growth(v, f"{key} {end}")
    if lever.kind == "sd" and lo < 0:
        raise ValueError(f"{key}: a spread must be >= 0; got low={lo!r}.")
    return lo, hi


def check_ranges(scenario: Scenario, ranges: object, *,
                 what: str = "assumptions") -> dict[str, tuple[float, float]]:
    """Check a dict ``name -> (low, high)`` of assumptions to move."""
    if not isinstance(ranges, Mapping) or not ranges:
        raise TypeError(f"{what} must be a non-empty dict assumption -> (low, high); got "
                        f"{ranges!r}.")
    return {k: check_range(scenario, k, pair, what=what) for k, pair in ranges.items()}


def default_range(scenario: Scenario, name: str, *,
                  half_width: float | None = None) -> tuple[float, float]:
    """A default (low, high) for an assumption.

    A driver: its location ± ``half_width`` (default: ± its sd, at least ± 1 point);
    ``sd:<driver>``: 0 to twice the sd; ``persistence``: 0 to 0.6.
    """
    lever = parse(name, scenario)
    if lever.kind == "persistence":
        return (0.0, 0.6)
    now = value(scenario, name)
    if lever.kind == "elasticity":
        return (round(now - 0.5, 6), round(now + 0.5, 6))
    if lever.kind == "sd":
        return (0.0, round(2 * now, 6))
    if lever.driver in scenario.levels:  # a level: median ± one log sd
        sd = scenario.levels[lever.driver].sd or 0.1
        return (round(now * float(np.exp(-sd)), 6), round(now * float(np.exp(sd)), 6))
    step = half_width if half_width is not None else max(
        value(scenario, f"{_SD}{lever.driver}") if is_uncertain(scenario, lever.driver)
        else 0.0, 0.01)
    return (round(now - step, 6), round(now + step, 6))


def label(name: str, lang: str = "en", *, location: str = "mean") -> str:
    """A readable label for an assumption: ``"Real GRDP: mean growth a year"``.

    ``location`` (``"mean"``, ``"mode"``, ``"median"``) says what a driver's value is.
    """
    lang = L.check_lang(lang)
    if name == PERSISTENCE:
        return L.text("lever_persistence", lang)
    if name.startswith(_SD):
        return L.text("lever_sd", lang, name=L.indicator_name(name[len(_SD):], lang))
    if name.startswith(_EL):
        return L.text("lever_elasticity", lang,
                      name=L.indicator_name(name[len(_EL):], lang))
    key = {"mode": "lever_mode", "median": "lever_median",
           "level": "lever_level"}.get(location, "lever_mean")
    return L.text(key, lang, name=L.indicator_name(name, lang))


def phrase(name: str, lang: str = "en") -> str:
    """The assumption as it reads inside a sentence: ``"real GRDP growth"``."""
    lang = L.check_lang(lang)
    if name == PERSISTENCE:
        return L.text("lever_persistence_phrase", lang)
    if name.startswith(_SD):
        return L.text("lever_sd_phrase", lang,
                      name=L.lower_first(L.growth_name(name[len(_SD):], lang)))
    return L.lower_first(L.growth_name(name, lang))


def unit(name: str, scenario: Scenario | None = None) -> str:
    """The unit of an assumption's value."""
    if name == PERSISTENCE:
        return "correlation"
    if name.startswith(_EL):
        return "elasticity"
    if scenario is not None and name in scenario.levels:
        from .data import unit_of

        return unit_of(name)
    if scenario is not None and name.startswith(_SD) and name[len(_SD):] in scenario.levels:
        return "sd of log level"
    return "fraction per year"
