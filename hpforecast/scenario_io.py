"""Scenario files: read and write a :class:`~hpforecast.Scenario` as TOML.

Format (every key optional but ``growth`` or ``levels``)::

    name = "plan"
    description = "Where the numbers come from."
    base_year = 2025
    end_year = 2030
    persistence = 0.3                 # or a table: [persistence] grdp_real = 0.3
    boundary = "merged_city"

    [growth]
    grdp_real = { dist = "normal", mean = 0.13, sd = 0.015 }
    grdp_deflator = 0.02              # a number is a fixed growth rate
    vnd_per_usd = { dist = "two_piece_normal", mode = 0.015, sd = 0.01, skew = 0.3 }

    [growth.port_cargo]               # one assumption per simulated year
    2026 = 0.12
    ...

    correlation = [["grdp_real", "port_cargo", 0.5]]   # at top level, before tables

    [base_values]
    grdp_real = 476000.0
    port_cargo = { dist = "normal", mean = 213.0, sd = 8.0 }   # an uncertain base

    [buoyancy]                        # links to nominal GRDP
    budget_revenue = 1.0

    [links]
    port_cargo = { source = "grdp_real", elasticity = 1.0 }

    [levels]
    fdi_registered = { median = 4.0, sd = 0.3, trend = 0.0, persistence = 0.2 }

    [simulation]                      # used by the command line (checked)
    n_paths = 100000
    seed = 2030
    sampler = "mc"                    # or "antithetic", "sobol"

Unknown or misspelt keys are errors that name the key. :func:`scenario_to_toml` writes
floats with ``repr`` so that reading the text back gives exactly the same scenario.
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Mapping

from . import _validation as V
from .distributions import StudentT, TwoPieceNormal, from_dict
from .drivers import Level, Link

__all__ = ["read_scenario_toml", "scenario_to_toml", "SIMULATION_KEYS"]

_TOP_KEYS = ("name", "description", "base_year", "end_year", "persistence", "boundary",
             "growth", "correlation", "base_values", "buoyancy", "links", "levels",
             "simulation")
_LINK_KEYS = ("source", "elasticity")
_LEVEL_KEYS = ("median", "sd", "trend", "persistence")
SIMULATION_KEYS = ("n_paths", "seed", "sampler")
_DIST_KEYS = {"normal": ("mean", "sd"), "two_piece_normal": ("mode", "sd", "skew"),
              "student_t": ("mean", "scale", "df")}


def _close(word: str, options) -> str:
    import difflib

    near = difflib.get_close_matches(word, list(options), n=1)
    return f" Did you mean {near[0]!r}?" if near else ""


def _unknown(where: str, key: str, options) -> ValueError:
    return ValueError(f"{where}: unknown key {key!r}.{_close(key, options)} Known keys: "
                      f"{', '.join(options)}.")


def _parse_dist(value, where: str):
    if isinstance(value, Mapping):
        kind = value.get("dist")
        if not isinstance(kind, str) or kind not in _DIST_KEYS:
            raise ValueError(f"{where}: 'dist' must be one of {', '.join(_DIST_KEYS)}; got "
                             f"{kind!r}.")
        allowed = ("dist", *_DIST_KEYS[kind])
        for k in value:
            if k not in allowed:
                raise _unknown(where, k, allowed)
        try:
            return from_dict(dict(value))
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"{where}: {exc}") from None
    return value  # a number; Scenario checks it


def _parse_kind(value, cls, keys: tuple[str, ...], where: str):
    """A table of ``cls``'s fields (a Link or a Level), checked key by key."""
    if not isinstance(value, Mapping):
        raise ValueError(f"{where} must be a table like {{ {keys[0]} = ... }}; got {value!r}.")
    for k in value:
        if k not in keys:
            raise _unknown(where, k, keys)
    try:
        return cls(**value)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{where}: {exc}") from None


def read_scenario_toml(source: str | os.PathLike) -> tuple[dict, dict, str]:
    """Read a scenario from a TOML file or TOML text.

    This function parses and checks the file's structure; :meth:`hpforecast.Scenario.from_toml`
    builds the scenario from what it returns (and is what users call).

    Parameters
    ----------
    source : str or path
        A path to a ``.toml`` file, or the TOML text itself.

    Returns
    -------
    (dict, dict, str)
        The keyword arguments of :class:`~hpforecast.Scenario`, the ``[simulation]``
        table (``n_paths``, ``seed``, ``sampler``), and how to name the source in
        messages.

    Raises
    ------
    ValueError
        For invalid TOML, an unknown or misspelt key (named, with the closest known
        key), or any invalid assumption.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> sc = hpf.Scenario.from_toml('''
    ... name = "x"
    ... [growth]
    ... grdp_real = { dist = "normal", mean = 0.13, sd = 0.015 }
    ... [base_values]
    ... grdp_real = 100.0
    ... ''')
    >>> sc.growth["grdp_real"][2030]
    Normal(mean=0.13, sd=0.015)
    """
    text, where = _read_source(source)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{where} is not valid TOML: {exc}") from None
    for k in doc:
        if k not in _TOP_KEYS:
            raise _unknown(where, k, _TOP_KEYS)
    kwargs = {k: doc[k] for k in ("name", "description", "base_year", "end_year",
                                  "boundary") if k in doc}
    if "persistence" in doc:
        pers = doc["persistence"]
        if isinstance(pers, Mapping):
            pers = {d: (_years(v, f"{where}: persistence.{d}") if isinstance(v, Mapping)
                        else v) for d, v in pers.items()}
        kwargs["persistence"] = pers
    growth = {}
    raw_growth = doc.get("growth", {})
    if not isinstance(raw_growth, Mapping):
        raise ValueError(f"{where}: 'growth' must be a table; got {raw_growth!r}.")
    for ind, spec in raw_growth.items():
        if isinstance(spec, Mapping) and "dist" not in spec:
            growth[ind] = {year: _parse_dist(s, f"{where}: growth.{ind}.{year}")
                           for year, s in _years(spec, f"{where}: growth.{ind}",
                                                 " (a distribution table needs a 'dist' key)"
                                                 ).items()}
        else:
            growth[ind] = _parse_dist(spec, f"{where}: growth.{ind}")
    kwargs["growth"] = growth
    if "correlation" in doc:
        corr = {}
        if not isinstance(doc["correlation"], list):
            raise ValueError(f"{where}: 'correlation' must be an array of [driver_a, driver_b, "
                             f"r]; got {doc['correlation']!r}.")
        for i, item in enumerate(doc["correlation"]):
            if not (isinstance(item, list) and len(item) == 3
                    and isinstance(item[0], str) and isinstance(item[1], str)):
                raise ValueError(f"{where}: correlation[{i}] must be [driver_a, driver_b, r] "
                                 f"with driver names as strings; got {item!r}.")
            corr[(item[0], item[1])] = item[2]
        kwargs["correlation"] = corr
    for key in ("base_values", "buoyancy", "links", "levels", "simulation"):
        if key in doc and not isinstance(doc[key], Mapping):
            raise ValueError(f"{where}: '{key}' must be a table; got {doc[key]!r}.")
    if "buoyancy" in doc:
        kwargs["buoyancy"] = dict(doc["buoyancy"])
    if "base_values" in doc:
        kwargs["base_values"] = {
            k: (_parse_dist(v, f"{where}: base_values.{k}") if isinstance(v, Mapping) else v)
            for k, v in doc["base_values"].items()}
    if "links" in doc:
        kwargs["links"] = {k: _parse_kind(v, Link, _LINK_KEYS, f"{where}: links.{k}")
                           for k, v in doc["links"].items()}
    if "levels" in doc:
        kwargs["levels"] = {k: _parse_kind(v, Level, _LEVEL_KEYS, f"{where}: levels.{k}")
                            for k, v in doc["levels"].items()}
    settings = dict(doc.get("simulation", {}))
    for k in settings:
        if k not in SIMULATION_KEYS:
            raise _unknown(f"{where}: [simulation]", k, SIMULATION_KEYS)
    _check_settings(settings, f"{where}: [simulation]")
    return kwargs, settings, where


def _check_settings(settings: Mapping, where: str) -> None:
    """The ``[simulation]`` values, checked as :func:`hpforecast.simulate` would."""
    try:
        if "n_paths" in settings:
            V.check_int(settings["n_paths"], "n_paths", low=1)
        if "seed" in settings:
            V.check_int(settings["seed"], "seed", low=0)
        if "sampler" in settings:
            V.check_choice(settings["sampler"], "sampler", V.SAMPLERS)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{where} {exc}") from None


def _years(table: Mapping, where: str, hint: str = "") -> dict:
    """A TOML table keyed by year (keys are strings in TOML) -> dict int -> value."""
    out = {}
    for y, v in table.items():
        try:
            out[int(y)] = v
        except ValueError:
            raise ValueError(f"{where}: {y!r} is not a year{hint}.") from None
    return out


def _read_source(source) -> tuple[str, str]:
    """(text, how to name it): a path (any suffix) is read as a file; a string is a path
    unless it holds a line break or a ``=`` and names no existing file."""
    if isinstance(source, os.PathLike) or (
        isinstance(source, str) and "\n" not in source
        and ("=" not in source or os.path.exists(source))
    ):
        path = os.fspath(source)
        return V.read_text(path, "scenario file"), f"scenario file {path!r}"
    if not isinstance(source, str):
        raise TypeError(f"source must be a path or TOML text; got {type(source).__name__}.")
    return source, "scenario text"


def _num(x: float) -> str:
    if isinstance(x, int):
        return str(x)
    if math.isnan(x) or math.isinf(x):  # pragma: no cover - scenarios reject these
        raise ValueError(f"cannot write {x!r} to TOML")
    return repr(float(x))


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n",
            "\f": "\\f", "\r": "\\r"}


def _str(s: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for ch in s:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _table(fields: Mapping) -> str:
    """An inline TOML table of strings and numbers."""
    items = ", ".join(f"{k} = {_str(v) if isinstance(v, str) else _num(v)}"
                      for k, v in fields.items())
    return "{ " + items + " }"


def _dist(d) -> str:
    if d.is_degenerate and not isinstance(d, (TwoPieceNormal, StudentT)):
        return _num(d.mean)
    return _table(d.to_dict())


def scenario_to_toml(scenario, *, settings: Mapping | None = None) -> str:
    """Write a :class:`~hpforecast.Scenario` as TOML text that
    :meth:`~hpforecast.Scenario.from_toml` reads back exactly.

    Keys are written in sorted order, so equal scenarios give identical text.
    """
    lines = [f"name = {_str(scenario.name)}"]
    if scenario.description:
        lines.append(f"description = {_str(scenario.description)}")
    lines += [f"base_year = {scenario.base_year}", f"end_year = {scenario.end_year}",
              f"boundary = {_str(scenario.boundary)}"]
    pers = scenario.persistence
    if not isinstance(pers, Mapping):
        lines.append(f"persistence = {_num(pers)}")
    if scenario.correlation:
        pairs = ", ".join(f"[{_str(a)}, {_str(b)}, {_num(r)}]"
                          for (a, b), r in sorted(scenario.correlation.items()))
        lines.append(f"correlation = [{pairs}]")
    if isinstance(pers, Mapping):
        lines += ["", "[persistence]"]
        for k, v in sorted(pers.items()):
            if isinstance(v, Mapping):
                inner = ", ".join(f'"{y}" = {_num(r)}' for y, r in v.items())
                lines.append(f"{k} = {{ {inner} }}")
            else:
                lines.append(f"{k} = {_num(v)}")
    lines += ["", "[growth]"]
    per_year = {}
    for ind, spec in sorted(scenario.growth.items()):
        dists = list(spec.values())
        if all(d == dists[0] for d in dists):
            lines.append(f"{ind} = {_dist(dists[0])}")
        else:
            per_year[ind] = spec
    for ind, spec in per_year.items():
        lines += ["", f"[growth.{ind}]"] + [f"{y} = {_dist(d)}" for y, d in spec.items()]
    if scenario.base_values:
        lines += ["", "[base_values]"] + [
            f"{k} = {_num(v) if isinstance(v, float) else _table(v.to_dict())}"
            for k, v in sorted(scenario.base_values.items())]
    if scenario.buoyancy:
        lines += ["", "[buoyancy]"] + [f"{k} = {_num(v)}"
                                       for k, v in sorted(scenario.buoyancy.items())]
    links = {k: lk for k, lk in scenario.links.items() if k not in scenario.buoyancy}
    if links:
        lines += ["", "[links]"] + [f"{k} = {_table(lk.to_dict())}"
                                    for k, lk in sorted(links.items())]
    if scenario.levels:
        lines += ["", "[levels]"] + [f"{k} = {_table(lv.to_dict())}"
                                     for k, lv in sorted(scenario.levels.items())]
    if settings:
        lines += ["", "[simulation]"] + [
            f"{k} = {_str(v) if isinstance(v, str) else _num(v)}" for k, v in settings.items()]
    return "\n".join(lines) + "\n"
