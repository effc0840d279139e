"""The scenario specification: growth assumptions, dependence and base levels.

A :class:`Scenario` holds assumptions only; :func:`hpforecast.simulate` draws from it.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from types import MappingProxyType

import numpy as np
import pandas as pd

from . import _validation as V
from .data import (BOUNDARIES, boundary_for, embedded_history, preferred_value,
                   unit_of)
from .distributions import Normal, StudentT, TwoPieceNormal, as_marginal
from .drivers import Level, Link

__all__ = ["Scenario", "DRIVERS", "DERIVED", "dependence_is_valid"]

#: Indicators that can be given a growth assumption, and their measure.
DRIVERS = (
    "grdp_real", "grdp_deflator", "vnd_per_usd", "population", "budget_revenue",
    "budget_revenue_domestic", "budget_revenue_import_export", "fdi_registered",
    "port_cargo", "exports", "tourists", "national_gdp_nominal", "grdp_nominal",
)
#: Derived indicators: name -> (inputs, description).
DERIVED = {
    "grdp_nominal": (("grdp_real", "grdp_deflator"), "grdp_real × grdp_deflator"),
    "grdp_usd": (("grdp_nominal", "vnd_per_usd"), "grdp_nominal × 1000 ÷ vnd_per_usd"),
    "grdp_per_capita_usd": (("grdp_usd", "population"), "grdp_usd × 1e6 ÷ population"),
    "grdp_per_capita_vnd": (("grdp_nominal", "population"), "grdp_nominal × 1000 ÷ population"),
    "share_of_national_gdp": (("grdp_nominal", "national_gdp_nominal"),
                              "grdp_nominal ÷ national_gdp_nominal"),
}
#: Where base levels of drivers come from in the history: indicator -> (indicator, boundary).
_BASE_FROM = {"national_gdp_nominal": ("grdp_nominal", "vietnam"),
              "vnd_per_usd": ("vnd_per_usd", "vietnam")}

Marginal = Normal | TwoPieceNormal | StudentT


def _freeze(mapping: Mapping) -> Mapping:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Scenario:
    """Growth assumptions for Hai Phong's indicators, with uncertainty and dependence.

    Parameters
    ----------
    name : str
        A label used in tables and charts.
    base_year : int, default 2025
        The last recorded year; simulated paths start from its levels.
    end_year : int, default 2030
        The last simulated year (> ``base_year``).
    growth : dict
        Driver indicator → yearly growth, as a fraction per year: a float (fixed), a
        :class:`~hpforecast.Normal`, :class:`~hpforecast.TwoPieceNormal` or
        :class:`~hpforecast.StudentT`, or a dict year → any of these (every simulated
        year must then be given). Drivers: see :data:`DRIVERS`. ``grdp_deflator`` is
        the growth of the GRDP deflator (nominal ÷ real); ``vnd_per_usd`` > 0 means
        the dong weakens.
    correlation : dict or DataFrame, optional
        Same-year correlation of the drivers' normal scores (Gaussian copula): a dict
        ``{(a, b): r}`` or a symmetric DataFrame indexed and labelled by driver.
        Unlisted pairs are uncorrelated. Each yearly marginal stays exactly as stated.
    persistence : float or dict, default 0.0
        Year-to-year correlation ρ of a driver's normal scores,
        ``z_t = ρ z_{t-1} + sqrt(1 - ρ²) e_t``, so corr(z_t, z_{t+k}) = ρ^k; one value
        for all drivers, or a dict driver → ρ, or driver → {year: ρ} (the correlation
        of that year's score with the year before's; every simulated year after the
        first). Each in (−1, 1). Per-year values reproduce an AR(1) forecast exactly.
    base_values : dict, optional
        Base-year levels that override the embedded history (in catalogue units).
    buoyancy : dict, optional
        Indicator → elasticity β to nominal GRDP growth: the indicator grows by
        ``β × g_nominal + own``, where ``own`` is drawn from its ``growth`` entry
        (default 0). The usual use is revenue: ``{"budget_revenue": 1.1}``.
    boundary : str, optional
        Territory of the base levels: ``merged_city`` when ``base_year >= 2025`` (the
        default), else ``old_city``. One of :data:`hpforecast.data.BOUNDARIES`, or a
        boundary of the history the scenario is simulated with (checked by
        :func:`hpforecast.simulate`).
    description : str
        Where the numbers come from.

    Raises
    ------
    TypeError, ValueError
        Naming the parameter (and key) at fault and echoing the bad value.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> sc = hpf.Scenario(name="plan", growth={"grdp_real": hpf.Normal(0.13, 0.015)},
    ...                   base_values={"grdp_real": 100.0})
    >>> sc.drivers
    ('grdp_real',)
    >>> sc.years
    (2025, 2026, 2027, 2028, 2029, 2030)
    """

    name: str = "scenario"
    base_year: int = 2025
    end_year: int = 2030
    growth: Mapping = field(default_factory=dict)
    correlation: Mapping | pd.DataFrame | None = None
    persistence: float | Mapping = 0.0
    base_values: Mapping = field(default_factory=dict)
    buoyancy: Mapping = field(default_factory=dict)
    boundary: str | None = None
    description: str = ""
    levels: Mapping = field(default_factory=dict)
    links: Mapping = field(default_factory=dict)
    base_scenario: Scenario | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise TypeError(f"name must be a string; got {self.name!r}.")
        V.check_str(self.description, "description")
        V.check_str(self.boundary, "boundary", optional=True)
        base = V.check_int(self.base_year, "base_year")
        end = V.check_int(self.end_year, "end_year")
        if end <= base:
            raise ValueError(f"end_year must be after base_year ({base}); got end_year={end}.")
        if end - base > 100:
            raise ValueError(f"end_year must be within 100 years of base_year; got {end}.")
        object.__setattr__(self, "base_year", base)
        object.__setattr__(self, "end_year", end)
        boundary = self.boundary or boundary_for(base)
        object.__setattr__(self, "boundary", boundary)

        years = tuple(range(base + 1, end + 1))
        growth = _normalise_growth_table(self.growth, years)
        levels = _normalise_levels(self.levels, growth)
        if not growth and not levels:
            raise TypeError("growth must be a non-empty dict driver -> growth assumption "
                            f"(or give levels=...); got growth={self.growth!r}.")
        object.__setattr__(self, "growth", _freeze(growth))
        object.__setattr__(self, "levels", _freeze(levels))
        random = tuple(growth) + tuple(levels)
        object.__setattr__(self, "persistence",
                           _normalise_persistence(self.persistence, tuple(growth), years))
        object.__setattr__(self, "correlation", _normalise_correlation(self.correlation,
                                                                       random))
        # The innovations' correlation must exist (checked here, so errors come early).
        _ = self.innovation_correlation()
        object.__setattr__(self, "base_values", _freeze(_normalise_bases(self.base_values)))
        links, buoyancy = _normalise_links(self.links, self.buoyancy, growth, levels)
        object.__setattr__(self, "links", _freeze(links))
        object.__setattr__(self, "buoyancy", _freeze(buoyancy))
        _ = self.link_order()  # sources known, no cycle

    # -- derived properties ------------------------------------------------------
    @property
    def years(self) -> tuple[int, ...]:
        """Base year first, then every simulated year."""
        return tuple(range(self.base_year, self.end_year + 1))

    @property
    def drivers(self) -> tuple[str, ...]:
        """Every driver: growth assumptions, linked drivers and levels."""
        extra = tuple(k for k in self.all_links if k not in self.growth)
        return tuple(self.growth) + extra + tuple(self.levels)

    @property
    def random_drivers(self) -> tuple[str, ...]:
        """Drivers that draw normal scores (growth and levels), in sorted order.

        Each driver's normal scores are keyed by its name (the order the assumptions
        were written in does not matter), so two scenarios simulated with the same seed
        and number of paths share the scores of the drivers they have in common
        (common random numbers).
        """
        return tuple(sorted((*self.growth, *self.levels)))

    @property
    def all_links(self) -> Mapping:
        """Every link: :attr:`links` and revenue ``buoyancy`` (links to nominal GRDP)."""
        out = {d: Link("grdp_nominal", b) for d, b in self.buoyancy.items()}
        out.update(self.links)
        return MappingProxyType(out)

    def link_order(self) -> tuple[str, ...]:
        """Linked drivers in the order their growth is computed (sources first).

        Raises
        ------
        ValueError
            For a source that is neither a driver nor computable from the drivers, a
            driver linked to itself, or a cycle of links.
        """
        computable = set(self.indicators)
        links = self.all_links
        deps = {}
        for d, lk in links.items():
            if lk.source == d:
                raise ValueError(f"links[{d!r}]: a driver cannot be linked to itself.")
            if lk.source not in computable:
                raise ValueError(
                    f"links[{d!r}]: the source {lk.source!r} is not a driver of this "
                    f"scenario nor computable from its drivers; known: "
                    f"{', '.join(sorted(computable - {d}))}.")
            deps[d] = {x for x in self.inputs_of(lk.source) if x in links}
        order: list[str] = []
        state: dict[str, int] = {}

        def visit(d, path):
            if state.get(d) == 2:
                return
            if state.get(d) == 1:
                raise ValueError("links form a cycle: " + " -> ".join([*path, d]) + ".")
            state[d] = 1
            for x in sorted(deps[d]):
                visit(x, [*path, d])
            state[d] = 2
            order.append(d)

        for d in links:
            visit(d, [])
        return tuple(order)

    def missing_drivers(self, indicator: str) -> tuple[str, ...]:
        """The drivers this scenario would need to compute ``indicator`` (none: ``()``).

        Examples
        --------
        >>> import hpforecast as hpf
        >>> sc = hpf.Scenario(growth={"grdp_real": 0.1, "grdp_deflator": 0.02})
        >>> sc.missing_drivers("grdp_per_capita_usd")
        ('vnd_per_usd', 'population')
        """
        if indicator in self.indicators:
            return ()
        if indicator not in DERIVED:
            return (indicator,)
        out: list[str] = []
        for i in DERIVED[indicator][0]:
            out.extend(d for d in self.missing_drivers(i) if d not in out)
        return tuple(out)

    @property
    def indicators(self) -> tuple[str, ...]:
        """Every indicator this scenario simulates: drivers and derived ones."""
        have = set(self.drivers)
        if "grdp_real" in have and "grdp_deflator" in have:
            have.add("grdp_nominal")
        changed = True
        while changed:
            changed = False
            for name, (inputs, _) in DERIVED.items():
                if name not in have and all(i in have for i in inputs):
                    have.add(name)
                    changed = True
        order = dict.fromkeys([*DRIVERS, *DERIVED])
        return tuple(i for i in order if i in have)

    def inputs_of(self, indicator: str) -> tuple[str, ...]:
        """The drivers an indicator is computed from (itself, for a driver).

        Examples
        --------
        >>> import hpforecast as hpf
        >>> hpf.scenarios.plan().inputs_of("grdp_per_capita_usd")
        ('grdp_real', 'grdp_deflator', 'vnd_per_usd', 'population')
        """
        if indicator in self.drivers or indicator not in DERIVED:
            return (indicator,)
        out: list[str] = []
        for i in DERIVED[indicator][0]:
            out.extend(d for d in self.inputs_of(i) if d not in out)
        return tuple(out)

    def persistence_vector(self) -> np.ndarray:
        """ρ for each of :attr:`random_drivers`, shape ``(n_years - 1, n_drivers)``.

        Row ``t`` is the correlation between the normal scores of simulated year ``t``
        and year ``t + 1`` (row 0: first and second simulated years).
        """
        n = len(self.years) - 2
        drivers = self.random_drivers
        out = np.zeros((max(n, 0), len(drivers)))
        for j, d in enumerate(drivers):
            if d in self.levels:
                out[:, j] = self.levels[d].persistence
                continue
            spec = (self.persistence.get(d, 0.0) if isinstance(self.persistence, Mapping)
                    else self.persistence)
            if isinstance(spec, Mapping):
                out[:, j] = [spec[y] for y in self.years[2:]]
            else:
                out[:, j] = float(spec)
        return out

    def correlation_matrix(self) -> pd.DataFrame:
        """Same-year correlation of the normal scores, over :attr:`random_drivers`."""
        drivers = self.random_drivers
        mat = np.eye(len(drivers))
        pos = {d: i for i, d in enumerate(drivers)}
        for (a, b), r in self.correlation.items():
            mat[pos[a], pos[b]] = mat[pos[b], pos[a]] = r
        return pd.DataFrame(mat, index=list(drivers), columns=list(drivers))

    def innovation_correlation(self) -> np.ndarray:
        """Correlation of the yearly innovations e_t that keeps the same-year correlation R.

        With persistence ρ_a, ρ_b, innovations correlated R_ab (1 − ρ_a ρ_b) /
        sqrt((1 − ρ_a²)(1 − ρ_b²)) keep corr(z_t^a, z_t^b) = R_ab in every year.

        Returns
        -------
        numpy.ndarray
            Shape ``(n_years - 1, n_drivers, n_drivers)``: one matrix per transition.

        Raises
        ------
        ValueError
            If R, or an innovation matrix it implies, is not positive semi-definite.
        """
        R = self.correlation_matrix().to_numpy()
        _check_psd(R, "correlation", R)
        rhos = self.persistence_vector()
        out = np.empty((rhos.shape[0], *R.shape))
        for t, rho in enumerate(rhos):
            Re = _innovation_matrix(R, rho)
            _check_psd(Re, "correlation (combined with persistence)", R,
                       hint=" Drivers with very different persistence cannot keep a high "
                            "same-year correlation; bring their persistence closer or lower "
                            "the correlation.")
            out[t] = Re
        return out

    # -- base levels ----------------------------------------------------------------
    def base_distributions(self) -> dict:
        """The base values given as distributions (drawn once per path)."""
        return {d: v for d, v in self.base_values.items()
                if not isinstance(v, float) and d in self.drivers}

    def base_levels(self, history: pd.DataFrame | None = None) -> dict[str, float]:
        """Base-year level of every driver: ``base_values`` first, else the history.

        A base given as a distribution appears as its median (the engine draws it per
        path: :meth:`base_distributions`). A :class:`~hpforecast.Level` driver with no
        recorded base-year value gets NaN: its simulated years do not need one, and
        targets that read the base year say so.

        Raises
        ------
        ValueError
            A :attr:`boundary` that is neither one of :data:`~hpforecast.data.BOUNDARIES`
            nor in the history, or a driver with no base value in the history for
            :attr:`base_year` and :attr:`boundary` and none in ``base_values``.
        """
        hist = embedded_history() if history is None else history
        known = sorted(set(BOUNDARIES) | set(hist["boundary"]))
        if self.boundary not in known:
            raise ValueError(f"boundary {self.boundary!r} is not a territory of hpforecast "
                             "or of the history; give one of "
                             f"{', '.join(map(repr, known))}.")
        out: dict[str, float] = {}
        for d in self.drivers:
            if d in self.base_values:
                v = self.base_values[d]
                out[d] = v if isinstance(v, float) else float(v.median)
                continue
            if d == "grdp_deflator":
                continue  # filled below from nominal / real
            ind, bnd = _BASE_FROM.get(d, (d, self.boundary))
            val = preferred_value(ind, self.base_year, bnd, hist)
            if val is None and d in self.levels:
                out[d] = float("nan")
                continue
            if val is None:
                raise ValueError(
                    f"driver {d!r} has no base value: the history has no preferred "
                    f"{ind!r} for {self.base_year} ({bnd}). Give one with "
                    f"base_values={{{d!r}: ...}} (unit: {unit_of(d, '?')})."
                )
            if not val > 0:
                raise ValueError(f"base value of {d!r} must be positive; the history gives "
                                 f"{val} for {self.base_year}. Give base_values={{{d!r}: ...}}.")
            out[d] = val
        if "grdp_deflator" in self.drivers and "grdp_deflator" not in out:
            if "grdp_real" in out:
                given = self.base_values.get("grdp_nominal")
                nominal = (float(getattr(given, "median", given)) if given is not None
                           else preferred_value("grdp_nominal", self.base_year,
                                                self.boundary, hist))
                if nominal is None:
                    raise ValueError(
                        "driver 'grdp_deflator' has no base value: the history has no "
                        f"grdp_nominal for {self.base_year} ({self.boundary}). Give "
                        "base_values={'grdp_deflator': ...} (nominal ÷ real).")
                out["grdp_deflator"] = nominal / out["grdp_real"]
            else:
                out["grdp_deflator"] = 1.0
        return out

    @classmethod
    def from_toml(cls, source, *, with_settings: bool = False):
        """Read a scenario from a TOML file or text (the format: :mod:`hpforecast.scenario_io`).

        Parameters
        ----------
        source : str or path
            A path to a ``.toml`` file, or the TOML text itself.
        with_settings : bool, default False
            Also return the ``[simulation]`` table (``n_paths``, ``seed``, ``sampler``).

        Returns
        -------
        Scenario, or (Scenario, dict) with ``with_settings=True``.

        Raises
        ------
        ValueError
            For invalid TOML, an unknown or misspelt key (named, with the closest known
            key), or any invalid assumption (with the file named).
        """
        from .scenario_io import read_scenario_toml

        V.check_bool(with_settings, "with_settings")
        kwargs, settings, where = read_scenario_toml(source)
        try:
            scenario = cls(**kwargs)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"{where}: {exc}") from None
        return (scenario, settings) if with_settings else scenario

    def to_toml(self, path=None, *, settings=None) -> str:
        """The scenario as TOML text; also written to ``path`` when one is given."""
        from .scenario_io import scenario_to_toml

        text = scenario_to_toml(self, settings=settings)
        if path is not None:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
        return text

    def assign(self, **changes) -> Scenario:
        """A copy with some assumptions changed and the rest kept, key by key.

        Like :meth:`pandas.DataFrame.assign`: for the dict fields (``growth``,
        ``levels``, ``links``, ``base_values``, ``buoyancy``, a ``persistence`` dict,
        ``correlation``) the keys given replace or add to the scenario's, and a key set
        to ``None`` is removed; any other field (``name``, ``persistence`` as one
        number, ``description`` …) is replaced. A driver moved between ``growth`` and
        ``levels`` leaves the other. :meth:`describe` then shows what was inherited and
        what was changed.

        Examples
        --------
        >>> import hpforecast as hpf
        >>> base = hpf.scenarios.plan()
        >>> sc = base.assign(name="cargo follows GRDP",
        ...                  links={"port_cargo": hpf.Link("grdp_real", 1.0)},
        ...                  growth={"port_cargo": None})
        >>> "port_cargo" in sc.growth, sc.links["port_cargo"].source
        (False, 'grdp_real')
        >>> sc.describe().loc[("links", "port_cargo"), "status"]
        'added'
        """
        fields_ = {f.name for f in dataclass_fields(self)} - {"base_scenario"}
        unknown = sorted(set(changes) - fields_)
        if unknown:
            raise TypeError(f"assign() got unknown field(s) {', '.join(map(repr, unknown))}; "
                            f"fields: {', '.join(sorted(fields_))}.")
        kw = {}
        for key, new in changes.items():
            old = getattr(self, key)
            if key in _DICT_FIELDS and isinstance(new, Mapping) and (
                    key != "persistence" or isinstance(old, Mapping)):
                merged = dict(old.items()) if isinstance(old, Mapping) else {}
                for k, v in new.items():
                    if v is None:
                        merged.pop(k, None)
                    else:
                        merged[k] = v
                kw[key] = merged
            else:
                kw[key] = new
        # a driver restated as a level (or as growth) leaves the other table
        for a, b in (("levels", "growth"), ("growth", "levels")):
            if a in changes and b not in changes and isinstance(changes[a], Mapping):
                moved = [k for k, v in changes[a].items() if v is not None]
                if any(k in getattr(self, b) for k in moved):
                    kw[b] = {k: v for k, v in getattr(self, b).items() if k not in moved}
        if "growth" in kw and isinstance(self.persistence, Mapping) and \
                "persistence" not in changes:
            kw["persistence"] = {k: v for k, v in self.persistence.items() if k in kw["growth"]}
        if "correlation" not in changes:
            keep = set(kw.get("growth", self.growth)) | set(kw.get("levels", self.levels))
            kw["correlation"] = {p: r for p, r in self.correlation.items()
                                 if p[0] in keep and p[1] in keep}
        return replace(self, base_scenario=self, **kw)

    def describe(self) -> pd.DataFrame:
        """Every assumption, and whether it was inherited or changed by :meth:`assign`.

        Returns
        -------
        pandas.DataFrame
            Indexed by (``field``, ``key``): ``value`` (as text) and ``status`` —
            ``"inherited"``, ``"changed"``, ``"added"`` or ``"removed"`` relative to
            the scenario it was assigned from (``"given"`` for a scenario built
            directly).
        """
        parent = self.base_scenario
        rows = []
        for fld in ("growth", "levels", "links", "base_values", "correlation",
                    "persistence", "name", "base_year", "end_year", "boundary",
                    "description"):
            mine = _items(getattr(self, fld))
            theirs = _items(getattr(parent, fld)) if parent is not None else None
            keys = list(mine) + [k for k in (theirs or {}) if k not in mine]
            for k in keys:
                if theirs is None:
                    status = "given"
                elif k not in theirs:
                    status = "added"
                elif k not in mine:
                    status = "removed"
                else:
                    status = "inherited" if mine[k] == theirs[k] else "changed"
                shown = mine.get(k, theirs.get(k) if theirs else None)
                rows.append({"field": fld, "key": k, "value": _show(shown), "status": status})
        return pd.DataFrame(rows).set_index(["field", "key"])

    def replace(self, **changes) -> Scenario:
        """A copy with some fields changed (``dataclasses.replace``)."""
        return replace(self, **changes)

    def assumptions(self) -> pd.DataFrame:
        """The growth assumptions as a table: one row per driver and year."""
        rows = []
        for d in self.drivers:
            spec = self.growth.get(d)
            link = self.all_links.get(d)
            for y in self.years[1:]:
                if d in self.levels:
                    lv = self.levels[d].at(y - self.base_year)
                    rows.append({"driver": d, "year": y, "dist": "level",
                                 "median": lv.median, "sd": lv.sd})
                    continue
                dist = spec[y] if spec is not None else as_marginal(0.0)
                rows.append({"driver": d, "year": y, **dist.to_dict(),
                             "mean_growth": dist.mean, "sd_growth": dist.std,
                             "buoyancy": self.buoyancy.get(d, np.nan),
                             "link_source": link.source if link else "",
                             "elasticity": link.elasticity if link else np.nan})
        return pd.DataFrame(rows)

    def _repr_html_(self) -> str:
        head = (f"<p><b>Scenario {self.name!r}</b>: {self.base_year}–{self.end_year}, "
                f"{self.boundary}; drivers {', '.join(self.drivers)}; persistence "
                f"{self.persistence if not isinstance(self.persistence, Mapping) else dict(self.persistence)}"
                "</p>")
        table = self.assumptions().groupby("driver", sort=False).first()
        return head + table.to_html(float_format=lambda x: f"{x:.4g}", na_rep="")


#: Fields that :meth:`Scenario.assign` merges key by key.
_DICT_FIELDS = ("growth", "levels", "links", "base_values", "buoyancy", "persistence",
                "correlation")


def _items(value) -> dict:
    """A field as key -> value (a scalar field as one item)."""
    if isinstance(value, Mapping):
        return {(k if isinstance(k, str) else " × ".join(k)): v for k, v in value.items()}
    return {"": value}


def _show(value) -> str:
    if isinstance(value, Mapping):
        vals = list(value.values())
        if vals and all(v == vals[0] for v in vals):  # the same every year
            return _show(vals[0])
        return ", ".join(f"{k}: {_show(v)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _normalise_growth_table(spec: object, years: tuple[int, ...]) -> dict:
    if not isinstance(spec, Mapping):
        raise TypeError("growth must be a dict driver -> growth assumption; got "
                        f"{spec!r}.")
    growth = {}
    for ind, one in spec.items():
        V.check_key(ind, "growth")
        if ind not in DRIVERS:
            raise ValueError(
                f"growth: {ind!r} is not an indicator with a growth assumption. Known "
                f"indicators: {', '.join(sorted(DRIVERS))}."
                + (f" ({ind!r} is derived: {DERIVED[ind][1]}.)" if ind in DERIVED else ""))
        growth[ind] = _normalise_growth(ind, one, years)
    if "grdp_nominal" in growth and "grdp_real" in growth and "grdp_deflator" in growth:
        raise ValueError("growth: give 'grdp_nominal' or 'grdp_real' with "
                         "'grdp_deflator', not all three (grdp_nominal = grdp_real × "
                         "grdp_deflator).")
    return growth


def _normalise_levels(spec: object, growth: Mapping) -> dict:
    if not isinstance(spec, Mapping):
        raise TypeError(f"levels must be a dict driver -> Level; got {spec!r}.")
    out = {}
    for ind, lv in spec.items():
        V.check_key(ind, "levels")
        if ind not in DRIVERS:
            raise ValueError(f"levels: {ind!r} is not a driver indicator. Known "
                             f"indicators: {', '.join(sorted(DRIVERS))}.")
        if ind in growth:
            raise ValueError(f"levels: {ind!r} also has a growth assumption; state it "
                             "as growth or as a level, not both.")
        if not isinstance(lv, Level):
            raise TypeError(f"levels[{ind!r}] must be an hpforecast.Level; got {lv!r}.")
        out[ind] = lv
    return out


def _normalise_persistence(pers: object, drivers: tuple[str, ...],
                           years: tuple[int, ...]) -> float | Mapping:
    if not isinstance(pers, Mapping):
        return _check_rho(pers, "persistence")
    for k in pers:
        if k not in drivers:
            raise ValueError(f"persistence: {k!r} is not a driver with a growth "
                             f"assumption in this scenario (a Level has its own "
                             f"persistence); drivers: {', '.join(drivers)}.")
    rho = {}
    for d in drivers:
        spec = pers.get(d, 0.0)
        if not isinstance(spec, Mapping):
            rho[d] = _check_rho(spec, f"persistence[{d!r}]")
            continue
        per_year = {}
        for y, r in spec.items():
            if isinstance(y, bool) or not isinstance(y, numbers.Integral) \
                    or int(y) not in years[1:]:
                raise ValueError(
                    f"persistence[{d!r}]: {y!r} is not a simulated year after the "
                    f"first ({years[1] if len(years) > 1 else 'none'}–{years[-1]}); "
                    "a year's value is the correlation with the year before.")
            per_year[int(y)] = _check_rho(r, f"persistence[{d!r}][{y}]")
        missing = [y for y in years[1:] if y not in per_year]
        if missing:
            raise ValueError(f"persistence[{d!r}]: no value for year(s) "
                             f"{', '.join(map(str, missing))}.")
        rho[d] = _freeze(per_year)
    return _freeze(rho)


def _normalise_bases(spec: object) -> dict:
    """Base values: positive normal numbers, or distributions drawn once per path."""
    if not isinstance(spec, Mapping):
        raise TypeError(f"base_values must be a dict indicator -> level; got {spec!r}.")
    bv = {}
    for ind, val in spec.items():
        V.check_key(ind, "base_values")
        if ind not in DRIVERS:
            raise ValueError(f"base_values: {ind!r} is not a driver indicator. Known "
                             f"indicators: {', '.join(sorted(DRIVERS))}.")
        name = f"base_values[{ind!r}]"
        if isinstance(val, (Normal, TwoPieceNormal, StudentT)):
            low = float(val.ppf(1e-9))
            if not low > 0:
                raise ValueError(f"{name}: the distribution {val!r} gives levels <= 0 "
                                 f"(its 1e-9 quantile is {low:.4g}); a base level must "
                                 "stay positive. Narrow it or move it up.")
            bv[ind] = val
            continue
        bv[ind] = V.check_number(val, name, low=0.0, low_inclusive=False)
        if bv[ind] < np.finfo(float).tiny:
            raise ValueError(f"{name} must be a normal positive number; got {val!r}, which "
                             f"is subnormal (below {np.finfo(float).tiny:.3g}): levels "
                             "computed from it lose all precision.")
    return bv


def _normalise_links(links: object, buoyancy: object, growth: Mapping,
                     levels: Mapping) -> tuple[dict, dict]:
    """Links and revenue buoyancy (links to nominal GRDP), checked."""
    out = {}
    if not isinstance(links, Mapping):
        raise TypeError(f"links must be a dict driver -> Link; got {links!r}.")
    if not isinstance(buoyancy, Mapping):
        raise TypeError(f"buoyancy must be a dict indicator -> elasticity; got "
                        f"{buoyancy!r}.")
    buoy = {}
    for ind, beta in buoyancy.items():
        V.check_key(ind, "buoyancy")
        if ind not in DRIVERS or ind in ("grdp_real", "grdp_deflator", "grdp_nominal"):
            raise ValueError(f"buoyancy: {ind!r} cannot be linked to nominal GRDP; use "
                             "a revenue, trade or flow indicator.")
        buoy[ind] = V.check_number(beta, f"buoyancy[{ind!r}]", low=-10.0, high=10.0)
    if buoy and not ("grdp_nominal" in growth or
                    ("grdp_real" in growth and "grdp_deflator" in growth)):
        raise ValueError("buoyancy needs nominal GRDP: give growth for 'grdp_real' and "
                         "'grdp_deflator' (or 'grdp_nominal').")
    for ind, lk in links.items():
        V.check_key(ind, "links")
        if ind not in DRIVERS:
            raise ValueError(f"links: {ind!r} is not a driver indicator. Known "
                             f"indicators: {', '.join(sorted(DRIVERS))}.")
        if not isinstance(lk, Link):
            raise TypeError(f"links[{ind!r}] must be an hpforecast.Link; got {lk!r}.")
        if ind in levels:
            raise ValueError(f"links: {ind!r} is stated as a Level; a link ties growth, "
                             "so link a growth driver.")
        if ind in buoy:
            raise ValueError(f"links[{ind!r}] and buoyancy[{ind!r}] both link {ind!r}; "
                             "give one (buoyancy is a link to grdp_nominal).")
        out[ind] = lk
    return out, buoy


def _check_rho(value: object, name: str) -> float:
    return V.check_number(value, name, low=-1.0, high=1.0, low_inclusive=False,
                          high_inclusive=False)


def _normalise_growth(ind: str, spec: object, years: tuple[int, ...]) -> Mapping:
    """Return a mapping year -> marginal for every simulated year."""
    if isinstance(spec, Mapping):
        out = {}
        for y, s in spec.items():
            if isinstance(y, bool) or not isinstance(y, numbers.Integral):
                raise TypeError(f"growth[{ind!r}]: years must be integers; got {y!r}.")
            if int(y) not in years:
                raise ValueError(f"growth[{ind!r}]: year {y} is outside the simulated years "
                                 f"{years[0]}–{years[-1]}.")
            out[int(y)] = _marginal(ind, s, f"growth[{ind!r}][{y}]")
        missing = [y for y in years if y not in out]
        if missing:
            raise ValueError(f"growth[{ind!r}]: no assumption for year(s) "
                             f"{', '.join(map(str, missing))}; give every simulated year or "
                             "a single assumption for all.")
        return _freeze(out)
    marginal = _marginal(ind, spec, f"growth[{ind!r}]")
    return _freeze({y: marginal for y in years})


def _marginal(ind: str, spec: object, name: str):
    if isinstance(spec, numbers.Real) and not isinstance(spec, bool):
        V.check_fraction_growth(spec, name)
    try:
        return as_marginal(spec).check_growth("")
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{name}: {exc}") from None


def _normalise_correlation(corr: object, drivers: tuple[str, ...]) -> Mapping:
    if corr is None:
        return _freeze({})
    pairs: dict[tuple[str, str], float] = {}
    if isinstance(corr, pd.DataFrame):
        labels = list(corr.index)
        for label in [*labels, *corr.columns]:
            if not isinstance(label, str):
                raise TypeError(f"correlation: driver labels must be strings; got "
                                f"{label!r} of type {type(label).__name__}.")
        dup = sorted(set(corr.index[corr.index.duplicated()])
                     | set(corr.columns[corr.columns.duplicated()]))
        if dup:
            raise ValueError(f"correlation: the DataFrame has duplicate driver label(s) "
                             f"{', '.join(map(repr, dup))}; give each driver once.")
        try:
            values = corr.to_numpy(dtype=float, na_value=np.nan)
        except (TypeError, ValueError):
            raise TypeError(f"correlation must hold numbers; got\n{corr}") from None
        if not np.isfinite(values).all():
            raise ValueError(f"correlation must hold finite numbers; got\n{corr}")
        if list(corr.columns) != labels:
            raise ValueError("correlation: the DataFrame must have the same drivers as index "
                             f"and columns; got index {labels} and columns {list(corr.columns)}.")
        for a in labels:
            for b in labels:
                if a < b:
                    pairs[(a, b)] = corr.loc[a, b]
                    if not np.isclose(corr.loc[a, b], corr.loc[b, a]):
                        raise ValueError(f"correlation must be symmetric; got "
                                         f"{corr.loc[a, b]} for ({a!r}, {b!r}) and "
                                         f"{corr.loc[b, a]} for ({b!r}, {a!r}).")
                if a == b and not np.isclose(corr.loc[a, a], 1.0):
                    raise ValueError(f"correlation: the diagonal must be 1; got "
                                     f"{corr.loc[a, a]} for {a!r}.")
    elif isinstance(corr, Mapping):
        pairs = dict(corr)
    else:
        raise TypeError("correlation must be a dict {(a, b): r} or a DataFrame; got "
                        f"{type(corr).__name__}.")
    out: dict[tuple[str, str], float] = {}
    for key, r in pairs.items():
        if not (isinstance(key, tuple) and len(key) == 2):
            raise TypeError(f"correlation keys must be pairs of drivers (a, b); got {key!r}.")
        a, b = key
        for d in (a, b):
            if d not in drivers:
                raise ValueError(f"correlation: {d!r} is not a driver with a growth "
                                 f"assumption in this scenario; drivers: {', '.join(drivers)}.")
        if a == b:
            raise ValueError(f"correlation: a pair needs two different drivers; got {key!r}.")
        val = V.check_number(r, f"correlation[{key!r}]", low=-1.0, high=1.0)
        k = tuple(sorted((a, b)))
        if k in out and not np.isclose(out[k], val):
            raise ValueError(f"correlation: {k!r} is given twice with different values "
                             f"({out[k]} and {val}).")
        out[k] = val
    return _freeze(out)


def dependence_is_valid(correlation: np.ndarray, persistence: np.ndarray) -> bool:
    """Whether a same-year correlation and a persistence can be simulated together.

    The check a :class:`Scenario` makes when it is created (it raises ``ValueError``
    where this returns False): the correlation ``R`` and, for every transition, the
    innovation correlation it implies with persistence ρ (see
    :meth:`Scenario.innovation_correlation`) must be positive semi-definite.

    Parameters
    ----------
    correlation : array_like
        ``R``, shape ``(k, k)``, over the scenario's random drivers (as
        :meth:`Scenario.correlation_matrix`).
    persistence : array_like
        ρ per transition and driver, shape ``(n_years - 1, k)`` (as
        :meth:`Scenario.persistence_vector`).

    Returns
    -------
    bool

    Examples
    --------
    >>> import numpy as np
    >>> from hpforecast.scenario import dependence_is_valid
    >>> R = np.array([[1.0, 0.9], [0.9, 1.0]])
    >>> dependence_is_valid(R, np.array([[0.5, 0.5]]))
    True
    >>> dependence_is_valid(R, np.array([[0.98, -0.98]]))   # opposite persistence
    False
    """
    R = np.asarray(correlation, dtype=float)
    if _min_eigenvalue(R) < -_PSD_TOLERANCE:
        return False
    return not any(_min_eigenvalue(_innovation_matrix(R, rho)) < -_PSD_TOLERANCE
                   for rho in np.asarray(persistence, dtype=float))


def _innovation_matrix(R: np.ndarray, rho: np.ndarray) -> np.ndarray:
    """Innovation correlation that keeps same-year correlation R under persistence rho."""
    s = np.sqrt(1.0 - rho ** 2)
    Re = R * (1.0 - np.outer(rho, rho)) / np.outer(s, s)
    np.fill_diagonal(Re, 1.0)
    return Re


#: Smallest eigenvalue below −this makes a correlation matrix invalid (rounding allowed).
_PSD_TOLERANCE = 1e-10


def _min_eigenvalue(mat: np.ndarray) -> float:
    return float(np.linalg.eigvalsh((mat + mat.T) / 2).min())


def _check_psd(mat: np.ndarray, name: str, shown: np.ndarray, hint: str = "") -> None:
    low = _min_eigenvalue(mat)
    if low < -_PSD_TOLERANCE:
        raise ValueError(
            f"{name} must be a positive semi-definite matrix; the one given has smallest "
            f"eigenvalue {low:.4g}:\n{np.array2string(np.asarray(shown), precision=3)}"
            + hint
        )
