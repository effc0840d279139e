"""Simulating a scenario: :func:`simulate` and its result, :class:`Simulation`.

The engine (:mod:`hpforecast.engine`) only draws paths; this module turns them into
what a user asks for — paths, quantiles, bands, target statistics and probabilities with
their Monte Carlo error — and is the one public door to the engine for other modules.
"""

from __future__ import annotations

import math
import os
import sys
import time
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import replace as dataclass_replace

import numpy as np
import pandas as pd

from . import _validation as V
from ._warnings import (BoundaryWarning, FlooredGrowthWarning, NonFiniteWarning,
                        SlowSummaryWarning)
from .analysis import (TargetCheck, assess_target, chunked_quantiles, sampling_units,
                       target_statistic, wilson_interval)
from .data import as_history, unit_of
from .engine import (BLOCK, SAMPLERS, auto_chunk, Chunk, DrawStats, Plan, check_memory,
                     chunk_bounds, fmt_bytes, generate_all, iter_chunks, kept_bytes,
                     make_plan)
from .scenario import Scenario
from .targets import Target, TargetSet, as_targets

__all__ = ["simulate", "Simulation", "SlowSummaryWarning", "SLOW_SUMMARY_SECONDS"]

#: A summary of paths that are not kept warns when it will take longer than this (s).
SLOW_SUMMARY_SECONDS = 60.0
_clock = time.perf_counter


def _warn_at_caller(message: str, category: type[Warning]) -> None:
    """Warn at the first frame outside hpforecast (the user's line)."""
    here = os.path.dirname(os.path.abspath(__file__))
    frame, level = sys._getframe(1), 2
    while frame is not None and os.path.dirname(os.path.abspath(frame.f_code.co_filename)) \
            == here:
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)


def _fmt_duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} seconds"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} minutes"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} hours"
    return f"{seconds / 86400:.0f} days"

#: Share of growth draws floored at −0.999 above which a FlooredGrowthWarning is raised.
FLOOR_WARN_SHARE = 0.001


def _check_boundary_ratio(value):
    """Check the ``boundary_ratio=`` opt-in: None, "record" or indicator → ratio > 0."""
    if value is None or value == "record":
        return value
    if isinstance(value, str) or not isinstance(value, Mapping):
        raise TypeError(f"boundary_ratio must be None, 'record' or a dict indicator -> "
                        f"ratio; got {value!r}.")
    out = {}
    for ind, r in value.items():
        if not isinstance(ind, str):
            raise TypeError(f"boundary_ratio keys must be indicator names; got {ind!r}.")
        out[ind] = V.check_number(r, f"boundary_ratio[{ind!r}]", low=0.0,
                                  low_inclusive=False)
    return out


def stat_on_chunk(check: TargetCheck, chunk: Chunk, base_year: int) -> np.ndarray:
    """The target's statistic on every path of a chunk, shape (chunk.n,)."""
    ind = check.target.indicator
    stat = target_statistic(check, lambda y: chunk(ind)[:, y - base_year])
    return np.broadcast_to(stat, (chunk.n,))


def met_on_chunk(checks: list[TargetCheck], chunk: Chunk, base_year: int) -> list:
    """For each check, a boolean array (chunk.n,) of paths meeting it (None if not ok)."""
    return [c.target.is_met(stat_on_chunk(c, chunk, base_year)) if c.ok else None
            for c in checks]


class _Accumulator:
    """Counts of met targets, with the sampling units that give the right error.

    Plain Monte Carlo: paths are independent. Antithetic: pairs (i, i + m/2) in each
    block are the independent units. Sobol: each block is an independent scramble.
    """

    def __init__(self, sampler: str):
        self.sampler = sampler
        self.k = 0.0
        self.n = 0
        self.unit_sum = 0.0
        self.unit_sumsq = 0.0
        self.units = 0

    def add(self, met: np.ndarray) -> None:
        met = np.asarray(met, dtype=float)
        self.k += float(met.sum())
        self.n += met.size
        if self.sampler == "mc":
            return
        for b_lo in range(0, met.size, BLOCK):
            part = met[b_lo:b_lo + BLOCK]
            if self.sampler == "antithetic":
                half = part.size // 2
                unit = (part[:half] + part[half:2 * half]) / 2
                self.unit_sum += unit.sum()
                self.unit_sumsq += (unit ** 2).sum()
                self.units += unit.size
            else:
                if part.size == BLOCK:
                    mean = part.mean()
                    self.unit_sum += mean
                    self.unit_sumsq += mean ** 2
                    self.units += 1

    def result(self) -> dict:
        p = self.k / self.n
        se_mc = math.sqrt(p * (1 - p) / self.n)
        se, note = se_mc, ""
        unit_name = "Sobol blocks" if self.sampler == "sobol" else "antithetic pairs"
        if self.sampler != "mc":
            if self.units >= 2:
                var = (self.unit_sumsq - self.unit_sum ** 2 / self.units) / (self.units - 1)
                se = math.sqrt(max(var, 0.0) / self.units)
            else:
                note = (f"too few {unit_name} for an error estimate; plain Monte Carlo "
                        "error shown (conservative)")
        if self.sampler == "sobol" and self.units >= 2:
            if se > 0:
                # The se is estimated from a handful of blocks: a t interval on
                # (blocks - 1) degrees of freedom, not z = 1.96.
                from scipy.stats import t as student_t

                half = float(student_t.ppf(0.975, self.units - 1)) * se
                return {"probability": p, "se": se, "ci_low": max(0.0, p - half),
                        "ci_high": min(1.0, p + half), "n_paths": self.n, "_note": note}
            # Every block gave the same share: the spread says nothing about the error.
            se = se_mc
            note = (f"the {self.units} Sobol blocks agree exactly, so their spread gives "
                    "no error estimate; plain Monte Carlo error shown (conservative)")
        if se > 0:
            lo, hi = wilson_interval(p, p * (1 - p) / se ** 2)
        elif p in (0.0, 1.0):
            lo, hi = wilson_interval(p, float(self.n))
        else:  # no sampling error at all (e.g. perfectly mirrored antithetic pairs)
            lo, hi = p, p
        return {"probability": p, "se": se, "ci_low": lo, "ci_high": hi,
                "n_paths": self.n, "_note": note}


class Simulation:
    """Simulated paths of a scenario's indicators, with summaries.

    Created by :func:`hpforecast.simulate`; not meant to be built directly.

    Attributes
    ----------
    scenario : Scenario
    n_paths : int
    seed : int
        The seed that reproduces these numbers.
    sampler : str
    years : tuple of int
        Base year first.
    indicators : tuple of str
        Every indicator available from :meth:`paths`.
    """

    def __init__(self, *, scenario: Scenario, n_paths: int, seed: int, sampler: str,
                 chunk_size: int, plan: Plan, history=None, stored: Chunk | None = None,
                 draw_stats: DrawStats | None = None):
        self.scenario = scenario
        self.n_paths = n_paths
        self.seed = seed
        self.sampler = sampler
        self.chunk_size = chunk_size
        self._plan = plan
        self._history = history
        self._stored = stored
        self._draw_stats: DrawStats | None = None
        if draw_stats is not None:
            self._set_draw_stats(draw_stats, stacklevel=3)

    @property
    def plan(self) -> Plan:
        """The engine's plan of this simulation (drivers, marginals, factors, bases)."""
        return self._plan

    @property
    def history(self):
        """The history table given to :func:`simulate` (None: the embedded one)."""
        return self._history

    # -- draws that the engine had to correct -----------------------------------------
    def _set_draw_stats(self, stats: DrawStats, stacklevel: int = 2) -> None:
        self._draw_stats = stats
        msg = self._floored_text()
        if msg and stats.n_floored > FLOOR_WARN_SHARE * self._n_draws():
            warnings.warn(msg + "; the stated marginals are not what was simulated.",
                          FlooredGrowthWarning, stacklevel=stacklevel + 1)
        if stats.nonfinite:
            warnings.warn(self._nonfinite_text() + ".", NonFiniteWarning,
                          stacklevel=stacklevel + 1)

    def _n_draws(self) -> int:
        return self.n_paths * (len(self.years) - 1) * len(self.scenario.drivers)

    def _stats(self) -> DrawStats:
        if self._draw_stats is None:
            for _ in self._chunks():
                pass
        return self._draw_stats

    def _floored_text(self) -> str:
        st = self._stats()
        if not st.n_floored:
            return ""
        by = ", ".join(f"{d} {k:,}" for d, k in st.floored.items())
        return (f"{st.n_floored:,} of {self._n_draws():,} growth draws "
                f"({100 * st.n_floored / self._n_draws():.2g} %) fell below −0.999 and were "
                f"floored there ({by})")

    def _nonfinite_text(self) -> str:
        st = self._stats()
        return (f"{st.nonfinite:,} path-years of driver levels are not finite (inf or NaN): "
                "growth compounded beyond floating point" if st.nonfinite else "")

    @property
    def n_floored(self) -> int:
        """Growth draws (path × year × driver) that fell below −0.999 and were floored.

        The floor keeps levels positive. With ``keep_paths=False`` the count is made on
        the first summary (or here, by one pass over the paths).
        """
        return self._stats().n_floored

    @property
    def floored_by_driver(self) -> dict[str, int]:
        """:attr:`n_floored` split by driver (drivers with none left out)."""
        return dict(self._stats().floored)

    @property
    def n_nonfinite(self) -> int:
        """Path-years of driver levels that are inf or NaN (see NonFiniteWarning)."""
        return self._stats().nonfinite

    # -- basic access --------------------------------------------------------------
    @property
    def years(self) -> tuple[int, ...]:
        return self.scenario.years

    @property
    def indicators(self) -> tuple[str, ...]:
        return self.scenario.indicators

    @property
    def base_values(self) -> dict[str, float]:
        """Base-year levels of the drivers used by this simulation."""
        return dict(self._plan.base)

    @property
    def keeps_paths(self) -> bool:
        return self._stored is not None

    def _chunks(self, *, passes: int = 1, timed: bool = True):
        """Yield (first path index, chunk), ``chunk_size`` paths at a time.

        Kept paths are served as views, so derived indicators only ever exist for one
        chunk at a time; otherwise the chunks are regenerated from the seed, and when
        ``timed``, a summary of ``passes`` passes that the first chunk shows will take
        longer than :data:`SLOW_SUMMARY_SECONDS` warns (SlowSummaryWarning).
        """
        if self._stored is not None:
            drivers = self.scenario.drivers
            for lo, hi in chunk_bounds(self.n_paths, self.chunk_size):
                yield lo, self._stored.rows(lo, hi, drivers)
            return
        lo = 0
        stats = DrawStats() if self._draw_stats is None else None
        start = _clock()
        for chunk in iter_chunks(self._plan, self.seed, self.n_paths, self.chunk_size,
                                 self.sampler, stats):
            yield lo, chunk
            lo += chunk.n
            if timed and lo == chunk.n and lo < self.n_paths:
                took = _clock() - start
                total = took * passes * self.n_paths / lo
                if total > SLOW_SUMMARY_SECONDS:
                    _warn_at_caller(
                        f"This summary of {self.n_paths:,} paths will take about "
                        f"{_fmt_duration(total)} at this machine's rate (the first "
                        f"{lo:,} paths took {took:.2g} s): with keep_paths=False every "
                        "summary generates the paths again. Use fewer paths (the Monte "
                        "Carlo error falls only as 1/sqrt(n_paths)), or keep_paths=True "
                        "if they fit in memory; Ctrl-C stops it.", SlowSummaryWarning)
        if stats is not None and self._draw_stats is None:
            self._set_draw_stats(stats, stacklevel=4)

    def check_indicator(self, indicator: str) -> str:
        """``indicator`` if this simulation has it, else a ValueError listing those it has."""
        return V.check_indicator(indicator, "indicator", self.indicators)

    def paths(self, indicator: str) -> np.ndarray:
        """Simulated levels of one indicator.

        Returns
        -------
        numpy.ndarray
            Shape ``(n_paths, n_years)``; column 0 is the base year, in the catalogue
            unit. With ``keep_paths=False`` the paths are regenerated (same numbers).
        """
        self.check_indicator(indicator)
        if self._stored is not None and indicator in self.scenario.drivers:
            arr = self._stored(indicator)
            return np.repeat(arr, self.n_paths, axis=0) if arr.shape[0] == 1 else arr
        check_memory(2 * 8 * self.n_paths * len(self.years),
                     f"paths({indicator!r}) of {self.n_paths:,} paths",
                     "Summaries (quantiles, probability, summary) need no such array: they "
                     "go chunk by chunk in bounded memory.")
        parts = []
        for _, c in self._chunks():
            arr = c(indicator)
            parts.append(np.broadcast_to(arr, (c.n, arr.shape[1])))
        return np.concatenate(parts, axis=0)

    def growth_paths(self, indicator: str) -> np.ndarray:
        """Yearly growth of one indicator, shape ``(n_paths, n_years - 1)`` (fractions)."""
        lev = self.paths(indicator)
        return lev[:, 1:] / lev[:, :-1] - 1.0

    def sample_paths(self, indicator: str, n: int = 20, *, growth: bool = False,
                     seed: int = 0) -> np.ndarray:
        """A few paths picked at random without replacement, in path order: the outcomes a
        spaghetti chart draws (:func:`hpforecast.plot.spaghetti`) and its caption describes.

        Parameters
        ----------
        indicator : str
        n : int, default 20
            How many paths (1 to ``n_paths``).
        growth : bool, default False
            Yearly growth (fractions) instead of levels.
        seed : int, default 0
            Which paths are picked; the same seed picks the same paths.

        Returns
        -------
        numpy.ndarray
            Shape ``(n, n_years)``, or ``(n, n_years - 1)`` with ``growth=True``.

        Raises
        ------
        ValueError
            For an unknown indicator, or ``n`` outside 1..``n_paths``.

        Examples
        --------
        >>> import hpforecast as hpf
        >>> sim = hpf.simulate(hpf.scenarios.plan(), n_paths=500, seed=1)
        >>> sim.sample_paths("grdp_real", 3, growth=True).shape
        (3, 5)
        """
        self.check_indicator(indicator)
        V.check_bool(growth, "growth")
        if (isinstance(n, bool) or not isinstance(n, (int, np.integer))
                or not 1 <= n <= self.n_paths):
            raise ValueError(f"n must be an integer from 1 to the number of paths "
                             f"({self.n_paths}); got {n!r}.")
        rng = V.check_seed(seed)
        lev = self.paths(indicator)[np.sort(rng.choice(self.n_paths, size=int(n),
                                                        replace=False))]
        return lev[:, 1:] / lev[:, :-1] - 1.0 if growth else lev    # growth of those only

    def quantiles(self, indicator: str, q: Sequence[float] = (0.05, 0.5, 0.95), *,
                  growth: bool = False) -> pd.DataFrame:
        """Quantiles of an indicator in each year.

        Parameters
        ----------
        indicator : str
        q : sequence of float
            Probabilities in (0, 1).
        growth : bool, default False
            Quantiles of yearly growth instead of levels (simulated years only).

        Returns
        -------
        pandas.DataFrame
            Indexed by ``year``, one column per probability in ``q``: the numbers of
            ``numpy.quantile`` on all paths. With ``keep_paths=False`` they are computed
            exactly in memory bounded by the chunk size, by a selection that generates
            the paths twice.
        """
        qs = [V.check_probability(x, "q") for x in np.atleast_1d(np.asarray(q, dtype=object))]
        V.check_bool(growth, "growth")
        self.check_indicator(indicator)
        years = self.years[1:] if growth else self.years
        if self._stored is not None or self.n_paths <= next(
                chunk_bounds(self.n_paths, self.chunk_size))[1]:
            data = self.growth_paths(indicator) if growth else self.paths(indicator)
            values = np.quantile(data, qs, axis=0)
        else:  # exact, in bounded memory: paths regenerated for each pass
            first_pass = [True]  # only the first pass is timed (and may warn)

            def chunks():
                timed, first_pass[0] = first_pass[0], False
                for _, c in self._chunks(passes=2, timed=timed):
                    arr = c(indicator)
                    arr = np.broadcast_to(arr, (c.n, arr.shape[1]))
                    yield arr[:, 1:] / arr[:, :-1] - 1.0 if growth else arr

            values = chunked_quantiles(chunks, self.n_paths, qs)
        table = pd.DataFrame(values.T, index=pd.Index(years, name="year"), columns=qs)
        table.attrs.update(indicator=indicator, seed=self.seed, n_paths=self.n_paths)
        return table

    # -- targets ---------------------------------------------------------------------
    def assess(self, targets, boundary_ratio=None) -> list[TargetCheck]:
        """Whether each target can be evaluated here, with the recorded parts it needs.

        Official targets that cannot be evaluated get ``ok=False`` and a ``reason``;
        targets you build yourself raise ValueError instead.

        Warns
        -----
        BoundaryWarning
            For a growth target of another boundary, or a recorded year read from
            another boundary's record.
        """
        targets = as_targets(targets)
        checks = []
        sc = self.scenario
        assumed = {d: v for d, v in sc.base_values.items()
                   if d in sc.drivers and isinstance(v, float)}
        unknown = {d for d, v in self._plan.base.items() if isinstance(v, float) and v != v}
        for t in targets:
            c = assess_target(t, base_year=sc.base_year, end_year=sc.end_year,
                              boundary=sc.boundary, indicators=self.indicators,
                              history=self._history, assumed_bases=assumed,
                              inputs_of=sc.inputs_of, boundary_ratio=boundary_ratio,
                              missing_of=sc.missing_drivers, unknown_bases=unknown)
            if not c.ok and t.status == "user" and t.evaluable:
                if t.year > sc.end_year or t.year < sc.base_year:
                    raise ValueError(
                        f"target {t.name!r}: year {t.year} is outside the simulated years "
                        f"{self.years[0]}–{self.years[-1]} and the history ({c.reason}).")
                raise ValueError(f"target {t.name!r} cannot be evaluated: {c.reason}. "
                                 f"Simulated indicators: {', '.join(self.indicators)}.")
            checks.append(c)
        warn = [c for c in checks if c.ok and c.warning]
        if warn:
            warnings.warn(
                "Some targets were set for another boundary than the simulation's ("
                + "; ".join(f"{c.target.name}: {c.warning}" for c in warn) + ").",
                BoundaryWarning, stacklevel=3)
        fell = [c for c in checks if c.ok and c.fallbacks]
        if fell:
            warnings.warn(
                "The record of a target's own boundary lacks some years ("
                + "; ".join(f"{c.target.name}: {', '.join(c.fallbacks)}" for c in fell)
                + ").", BoundaryWarning, stacklevel=3)
        return checks

    def met_chunks(self, checks: list[TargetCheck]):
        """Yield ``(chunk size, [boolean array or None per check])`` over all paths."""
        for _, chunk in self._chunks():
            yield chunk.n, met_on_chunk(checks, chunk, self.scenario.base_year)

    def probability(self, targets, *, boundary_ratio=None) -> pd.DataFrame:
        """Probability that each target is met, with its Monte Carlo error.

        The probability is conditional on the scenario's assumptions and on the record
        used for the past part of a window (the ``note`` says which).

        Parameters
        ----------
        targets : Target, TargetSet or list of Target
            Official targets from :func:`hpforecast.load_targets` that cannot be
            evaluated on this simulation (no series, past the end year, an indicator the
            scenario does not drive, a level or share set for another boundary, a
            base-year value that is assumed rather than recorded) are listed with the
            reason; targets you build yourself are checked strictly and raise instead.
        boundary_ratio : None, "record" or dict, optional
            Opt-in for level, share and window-sum targets set for another boundary
            than the simulation's (the old city's targets on merged-city paths), which
            are not evaluable by default. A dict indicator → ratio scores such a target
            on the simulated paths times that ratio (the target boundary's value over the
            simulated boundary's, a judgement you state); ``"record"`` takes the ratio of
            the two boundaries' recorded values of the indicator in the latest year both
            have. The note of each row says how it was scaled.

        Returns
        -------
        pandas.DataFrame
            One row per target, indexed by ``target``: ``indicator, measure, start,
            year, comparison, threshold, unit, boundary, probability, se, ci_low,
            ci_high, n_paths, evaluable, note``. ``se`` is the Monte Carlo standard
            error; ``ci_low``/``ci_high`` the Wilson 95 % interval. ``attrs`` hold the
            seed, sampler and scenario name.

        Warns
        -----
        BoundaryWarning
            For a growth target set for another boundary than the simulation's (the old
            city's targets evaluated on merged-city paths), or a recorded year read from
            another boundary's record.
        FlooredGrowthWarning, NonFiniteWarning
            When draws were floored or levels are not finite (also in the notes).
        """
        tlist = as_targets(targets)
        checks = self.assess(tlist, _check_boundary_ratio(boundary_ratio))
        accs = [_Accumulator(self.sampler) if c.ok else None for c in checks]
        n_inf = [0] * len(checks)
        n_nan = [0] * len(checks)
        base = self.scenario.base_year
        for _, chunk in self._chunks():
            for i, (c, acc) in enumerate(zip(checks, accs)):
                if acc is None:
                    continue
                stat = stat_on_chunk(c, chunk, base)
                if stat.dtype.kind == "f":
                    fin = np.isfinite(stat)
                    if not fin.all():
                        nan = np.isnan(stat)
                        n_nan[i] += int(nan.sum())
                        n_inf[i] += int((~fin & ~nan).sum())
                acc.add(c.target.is_met(stat))
        floored = self._floored_text()
        if floored and self.n_floored > FLOOR_WARN_SHARE * self._n_draws():
            warnings.warn(floored + "; probabilities are for the floored draws.",
                          FlooredGrowthWarning, stacklevel=2)
        bad = [c.target.name for c, a, b in zip(checks, n_inf, n_nan) if a or b]
        if bad:
            warnings.warn(f"the statistic of {', '.join(bad)} is not finite on some paths "
                          "(inf or NaN levels): those probabilities are not reliable.",
                          NonFiniteWarning, stacklevel=2)
        rows = []
        for c, acc, ninf, nnan in zip(checks, accs, n_inf, n_nan):
            t = c.target
            row = {"target": t.name, "indicator": t.indicator, "measure": t.measure,
                   "start": t.start, "year": t.year, "comparison": t.comparison,
                   "threshold": t.threshold, "unit": t.unit, "boundary": t.boundary}
            if acc is None:
                row.update(probability=np.nan, se=np.nan, ci_low=np.nan, ci_high=np.nan,
                           n_paths=0, evaluable=False, note=c.reason)
            else:
                res = acc.result()
                extra = []
                if nnan:
                    res.update(probability=np.nan, se=np.nan, ci_low=np.nan, ci_high=np.nan)
                    extra.append(f"the statistic is NaN on {nnan:,} paths, so no "
                                 "probability can be given")
                if ninf:
                    extra.append(f"the statistic is not finite (inf) on {ninf:,} paths")
                notes = [n for n in (c.warning, *c.notes, *c.fallbacks, res.pop("_note"),
                                     *extra, floored) if n]
                row.update(res, evaluable=True, note="; ".join(notes))
            rows.append(row)
        table = pd.DataFrame(rows).set_index("target")
        table["start"] = table["start"].astype("Int64")
        table.attrs.update(seed=self.seed, sampler=self.sampler, scenario=self.scenario.name,
                           n_paths=self.n_paths)
        return table

    def statistic(self, target: Target, *, boundary_ratio=None) -> np.ndarray:
        """The target's statistic on every path: what :meth:`probability` compares.

        The level in the target year, the average growth over the window (recorded
        years included) or the window sum, shape ``(n_paths,)``, in the target's unit.

        Raises
        ------
        ValueError
            If the target cannot be evaluated on this simulation (the reason is given).
        """
        V.check_type(target, "target", Target, "a Target")
        check = self.assess([target], _check_boundary_ratio(boundary_ratio))[0]
        if not check.ok:
            raise ValueError(f"target {target.name!r} cannot be evaluated on this "
                             f"simulation: {check.reason}.")
        base = self.scenario.base_year
        return np.concatenate([np.asarray(stat_on_chunk(check, chunk, base), dtype=float)
                               for _, chunk in self._chunks()])

    def sampling_units(self) -> np.ndarray:
        """The independent sampling unit of each path (for paired standard errors).

        Paths, antithetic pairs or Sobol blocks: see
        :func:`hpforecast.analysis.sampling_units`.
        """
        return sampling_units(self.n_paths, self.sampler, BLOCK)

    def joint_probability(self, targets, *, boundary_ratio=None) -> pd.DataFrame:
        """Probability that all the (evaluable) targets are met on the same path.

        Parameters
        ----------
        targets : Target, TargetSet or list of Target
        boundary_ratio : None, "record" or dict, optional
            As in :meth:`probability`.

        Returns
        -------
        pandas.DataFrame
            One row: ``probability, se, ci_low, ci_high, n_targets``, the product of the
            single probabilities (``if_independent``), the Fréchet bounds
            ``frechet_low = max(0, Σp − (n − 1))`` and ``frechet_high = min p`` that hold
            whatever the dependence, and a ``note`` listing the targets left out as not
            evaluable, with the reasons.
        """
        tlist = as_targets(targets)
        assessed = self.assess(tlist, _check_boundary_ratio(boundary_ratio))
        checks = [c for c in assessed if c.ok]
        left_out = "; ".join(f"{c.target.name}: {c.reason}" for c in assessed if not c.ok)
        if not checks:
            raise ValueError("none of the targets can be evaluated on this simulation ("
                             + left_out + ").")
        joint = _Accumulator(self.sampler)
        singles = [_Accumulator("mc") for _ in checks]
        for n, mets in self.met_chunks(checks):
            allmet = np.ones(n, dtype=bool)
            for acc, m in zip(singles, mets):
                allmet &= m
                acc.add(m)
            joint.add(allmet)
        res = joint.result()
        res.pop("_note")
        ps = [a.k / a.n for a in singles]
        res.update(n_targets=len(checks), if_independent=float(np.prod(ps)),
                   frechet_low=max(0.0, sum(ps) - (len(ps) - 1)), frechet_high=min(ps),
                   note=("left out as not evaluable: " + left_out) if left_out else "")
        return pd.DataFrame([res], index=pd.Index(["all targets"], name="target"))

    def probability_by_year(self, target: Target) -> pd.DataFrame:
        """Probability that the target's condition holds in each simulated year.

        The target is moved to each year from the first simulated one (for a window
        target: the window's end moves) to the simulation's end year, which may lie
        beyond the target's own year ("when is it reached?").

        Returns
        -------
        pandas.DataFrame
            Indexed by ``year``: ``probability`` (met in that year), ``se``, ``ci_low``,
            ``ci_high`` and ``met_by_year`` (met in that year or an earlier one, on the
            same path).
        """
        V.check_type(target, "target", Target, "a Target")
        first = self.scenario.base_year + 1
        if target.start is not None:
            first = max(first, target.start + (1 if target.measure == "average_growth" else 0))
        years = list(range(first, self.scenario.end_year + 1))
        if not years:
            raise ValueError(f"target {target.name!r} starts after the simulated years "
                             f"{self.years[0]}–{self.years[-1]}; no year can be evaluated.")
        moved = [dataclass_replace(target, year=y, id="") for y in years]
        checks = self.assess(moved)
        bad = [c for c in checks if not c.ok]
        if bad:
            raise ValueError(f"target {target.name!r} cannot be evaluated on this simulation: "
                             f"{bad[0].reason}.")
        accs = [_Accumulator(self.sampler) for _ in checks]
        ever = [_Accumulator("mc") for _ in checks]
        for n, mets in self.met_chunks(checks):
            so_far = np.zeros(n, dtype=bool)
            for acc, ev, m in zip(accs, ever, mets):
                acc.add(m)
                so_far = so_far | m
                ev.add(so_far)
        rows = []
        for y, acc, ev in zip(years, accs, ever):
            r = acc.result()
            r.pop("_note")
            rows.append({"year": y, **r, "met_by_year": ev.k / ev.n})
        return pd.DataFrame(rows).set_index("year")

    def summary(self, q: Sequence[float] = (0.05, 0.5, 0.95)) -> pd.DataFrame:
        """Quantiles of every indicator in the end year, with units."""
        q = [V.check_probability(x, "q") for x in q]

        rows = []
        for ind in self.indicators:
            table = self.quantiles(ind, q)
            unit = unit_of(ind)
            rows.append({"indicator": ind, "unit": unit, "base": float(table.iat[0, 0]),
                         **{f"q{x:g}": v for x, v in zip(q, table.iloc[-1])}})
        return pd.DataFrame(rows).set_index("indicator")

    def __repr__(self) -> str:
        return (f"Simulation(scenario={self.scenario.name!r}, years={self.years[0]}–"
                f"{self.years[-1]}, n_paths={self.n_paths:,}, seed={self.seed}, "
                f"sampler={self.sampler!r}, indicators={list(self.indicators)})")

    def _repr_html_(self) -> str:
        return (f"<p><b>Simulation</b> of scenario {self.scenario.name!r}: "
                f"{self.n_paths:,} paths, {self.years[0]}–{self.years[-1]}, seed "
                f"{self.seed}, sampler {self.sampler!r}</p>"
                + self.summary().to_html(float_format=lambda x: f"{x:,.4g}"))

    # -- for charts and the report (issue 11: charts only draw) --------------------------
    #: The kinds of band :meth:`band` gives.
    BAND_KINDS = ("equal-tailed", "shortest")

    def band(self, indicator: str, coverage: float, *, kind: str = "equal-tailed",
             growth: bool = False) -> pd.DataFrame:
        """The band holding a share ``coverage`` of the paths, year by year.

        Parameters
        ----------
        indicator : str
            One of :attr:`indicators`.
        coverage : float
            Share of the paths inside the band, in (0, 1): 0.9 for a 90 % band.
        kind : {"equal-tailed", "shortest"}, default "equal-tailed"
            ``"equal-tailed"``: from the quantile ``(1 − coverage)/2`` to the quantile
            ``(1 + coverage)/2``, the numbers of :meth:`quantiles`. ``"shortest"``: each
            year, the narrowest interval holding ``ceil(coverage × n_paths)`` of the
            paths (the sample analogue of the Bank of England's highest-density bands);
            for a skewed distribution it is narrower and lies nearer the mode.
        growth : bool, default False
            The band of yearly growth (fractions; simulated years only) instead of
            levels.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``year``: ``low`` and ``high``, in the indicator's unit (fractions
            for growth). ``attrs`` hold the indicator, coverage, kind, seed and n_paths.

        Raises
        ------
        ValueError
            For an unknown indicator or kind, or a coverage outside (0, 1).

        Examples
        --------
        >>> import hpforecast as hpf
        >>> sim = hpf.simulate(hpf.scenarios.plan(), n_paths=2000, seed=1)
        >>> b = sim.band("port_cargo", 0.9, kind="shortest")
        >>> list(b.columns), int(b.index[0]) == sim.years[0]
        (['low', 'high'], True)
        >>> inside = (sim.paths("port_cargo") >= b["low"].to_numpy()) & (
        ...     sim.paths("port_cargo") <= b["high"].to_numpy())
        >>> bool((inside.mean(axis=0) >= 0.9).all())
        True
        """
        c = V.check_probability(coverage, "coverage")
        V.check_choice(kind, "kind", self.BAND_KINDS)
        V.check_bool(growth, "growth")
        self.check_indicator(indicator)
        years = self.years[1:] if growth else self.years
        if kind == "equal-tailed":
            q = self.quantiles(indicator, [(1 - c) / 2, (1 + c) / 2], growth=growth)
            lo, hi = q.iloc[:, 0].to_numpy(), q.iloc[:, 1].to_numpy()
        else:
            data = self.growth_paths(indicator) if growth else self.paths(indicator)
            srt = np.sort(data, axis=0)
            n = srt.shape[0]
            k = max(1, min(n, math.ceil(c * n)))
            start = np.argmin(srt[k - 1:] - srt[: n - k + 1], axis=0)
            cols = np.arange(srt.shape[1])
            lo, hi = srt[start, cols], srt[start + k - 1, cols]
        table = pd.DataFrame({"low": lo, "high": hi}, index=pd.Index(years, name="year"))
        table.attrs.update(indicator=indicator, coverage=c, kind=kind, growth=growth,
                           seed=self.seed, n_paths=self.n_paths)
        return table

    def target_path(self, target: Target) -> pd.Series:
        """The level path on which an average-growth target is just met.

        Growth at exactly the target's rate, year after year, from the level of the
        window's first year: that level is the simulated base-year level divided by the
        recorded growth from the window's start to the base year. A fan chart draws it
        as "the path the target needs".

        Parameters
        ----------
        target : Target
            An average-growth target whose window starts in or before the base year,
            evaluable on this simulation.

        Returns
        -------
        pandas.Series
            Indexed by ``year``, from the base year to the target year, in the unit of
            the target's indicator; named after the target.

        Raises
        ------
        ValueError
            For another measure, a window starting after the base year (its start level
            is simulated, not one number) or a target that cannot be evaluated here.

        Warns
        -----
        BoundaryWarning
            As :meth:`assess`.

        Examples
        --------
        >>> import hpforecast as hpf
        >>> sim = hpf.simulate(hpf.scenarios.plan(), n_paths=500, seed=1)
        >>> path = sim.target_path(hpf.Target.average_growth("grdp_real", 2025, 2030, 0.13))
        >>> round(float(path[2030] / path[2025]), 4) == round(1.13 ** 5, 4)
        True
        """
        V.check_type(target, "target", Target, "a Target")
        base = self.scenario.base_year
        if target.measure != "average_growth" or target.start > base:
            raise ValueError(f"target {target.name!r}: a target path exists for an "
                             "average-growth target whose window starts in or before the "
                             f"base year {base}; got a {target.measure} target"
                             + (f" starting in {target.start}." if target.start is not None
                                else "."))
        check = self.assess([target])[0]
        if not check.ok:
            raise ValueError(f"target {target.name!r} cannot be evaluated on this "
                             f"simulation: {check.reason}.")
        _, first = next(iter(self._chunks(timed=False)))
        base_level = float(np.asarray(first(target.indicator))[0, 0])
        years = np.arange(base, target.year + 1, dtype=float)
        values = base_level * (1 + target.threshold) ** (years - target.start) / (
            check.hist_factor or 1.0)
        return pd.Series(values, index=pd.Index(range(base, target.year + 1), name="year"),
                         name=target.name)


def simulate(
    scenario: Scenario,
    *,
    n_paths: int = 100_000,
    seed: int | np.random.Generator | None = None,
    keep_paths: bool = True,
    chunk_size: int | None = None,
    sampler: str = "mc",
    history=None,
):
    """Simulate yearly paths of every indicator of a scenario.

    Parameters
    ----------
    scenario : Scenario
        The assumptions.
    n_paths : int, default 100_000
        Number of simulated paths (≥ 1).
    seed : int, numpy.random.Generator or None
        Source of randomness; recorded in the result as ``sim.seed`` (an int) so that
        ``simulate(scenario, n_paths=n, seed=sim.seed)`` reproduces it exactly.
    keep_paths : bool, default True
        Keep every driver's paths in memory (about ``8 × n_paths × n_years`` bytes per
        driver with random growth); refused, with the estimate, when that is more than
        the memory available. With False, nothing is kept: each summary regenerates the
        paths chunk by chunk from the seed, so any number of paths fits in bounded
        memory (a summary that will take more than about a minute warns first).
    chunk_size : int, optional
        Paths processed at once when ``keep_paths=False``; default: whole blocks holding
        about 32 MB of levels (:func:`hpforecast.engine.auto_chunk`), at most 262,144.
        The numbers do not depend on it.
    sampler : {"mc", "antithetic", "sobol"}, default "mc"
        Plain Monte Carlo, antithetic pairs (``n_paths`` even; each path's normals
        negated in its pair), or scrambled Sobol points (quasi-Monte Carlo, in
        independently scrambled blocks of 16,384 points; the standard error comes from
        the spread between blocks, with a Student t interval on blocks − 1 degrees of
        freedom, so use at least two blocks and preferably four or more).

        Plain and antithetic numbers are keyed by driver: a scenario that adds or drops
        a driver uncorrelated with the others leaves their paths unchanged, so scenarios
        compared with the same seed and ``n_paths`` share their shocks (common random
        numbers: their difference carries less sampling noise, not none).
    history : DataFrame or path, optional
        History in hpforecast's schema (checked with :func:`hpforecast.read_history`)
        for base levels and the recorded parts of targets (default: the embedded data).

    Returns
    -------
    Simulation
        With ``years``, ``paths``, ``quantiles``, ``probability`` and more.

    Warns
    -----
    FlooredGrowthWarning
        When more than 0.1 % of the growth draws fall below −0.999 (a fall of over
        99.9 % in a year) and are floored there, so that levels stay positive. Each
        yearly marginal is exactly as stated except for this floor; the count is
        ``sim.n_floored``.
    NonFiniteWarning
        When a level overflows to inf or becomes NaN (``sim.n_nonfinite``).
        With ``keep_paths=False`` both are checked on the first summary instead.

    Raises
    ------
    TypeError, ValueError
        For a non-Scenario, ``n_paths < 1``, a seed of the wrong type, a bad sampler,
        a driver with no base value, or kept paths that would not fit in memory.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.13, 0.015)},
    ...                   base_values={"grdp_real": 100.0})
    >>> sim = hpf.simulate(sc, n_paths=10_000, seed=1)
    >>> sim.paths("grdp_real").shape
    (10000, 6)
    """
    V.check_type(scenario, "scenario", Scenario, "an hpforecast.Scenario")
    n = V.check_int(n_paths, "n_paths", low=1)
    chunk = None if chunk_size is None else V.check_int(chunk_size, "chunk_size", low=1)
    V.check_choice(sampler, "sampler", SAMPLERS)
    if sampler == "antithetic" and n % 2:
        raise ValueError(f"n_paths must be even with sampler='antithetic' (paths come in "
                         f"pairs); got {n}.")
    V.check_bool(keep_paths, "keep_paths")
    entropy = V.seed_entropy(seed)
    history = as_history(history)
    plan = make_plan(scenario, history)
    chunk = auto_chunk(plan) if chunk is None else chunk
    stored, stats = None, None
    if keep_paths:
        need = kept_bytes(plan, n)
        what = f"n_paths={n:,} with keep_paths=True"
        alternative = ("Use keep_paths=False: every summary then regenerates the paths "
                       "chunk by chunk from the seed, in bounded memory, with the same "
                       "numbers.")
        check_memory(need, what, alternative)
        stats = DrawStats()
        try:
            stored = generate_all(plan, entropy, n, sampler, stats)
        except MemoryError:
            raise ValueError(f"{what} needs about {fmt_bytes(need)} of memory, more than "
                             f"could be allocated. {alternative}") from None
    return Simulation(scenario=scenario, n_paths=n, seed=entropy, sampler=sampler,
                      chunk_size=chunk, plan=plan, history=history, stored=stored,
                      draw_stats=stats)
