"""Variance-based sensitivity: Sobol indices of the probability of meeting a target.

The model output is the indicator ``1{target met}`` on one simulated path; its mean is
the probability a forecast reports. The inputs are the independent standard normals
that drive the simulation, grouped by driver (one group holds a driver's normals for
every simulated year). First-order and total Sobol indices say how much of the
variance of the indicator each group explains on its own, and with all its
interactions. See :func:`sobol`.

Method
------
Saltelli et al. (2010) pick-freeze sampling: two independent matrices A and B of
standard normals and, for each group i, AB_i = A with group i's columns (all years)
taken from B. With f the indicator and V the variance of the 2n values f(A), f(B):

- first order ``S_i = mean(f(B) (f(AB_i) − f(A))) / V`` (Saltelli 2010);
- total ``ST_i = mean((f(A) − f(AB_i))²) / (2 V)`` (Jansen 1999).

Intervals are percentile bootstrap intervals, resampling the rows (all matrices
together) and recomputing V. The engine correlates the normals with a
lower-triangular (Cholesky-type) factor of each correlation matrix, which is
block-diagonal by group, so group i's columns drive group i's drivers and nothing
else; persistence acts within a driver. Correlations with drivers whose growth is
fixed are dropped before sampling: they cannot change any path.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from . import _validation as V
from ._warnings import ShortSampleWarning, SkippedTargetWarning
from .engine import Plan, chunk_from_normals, make_plan
from .progress import check_progress, progress_bar
from .simulation import met_on_chunk, simulate
from .targets import as_targets
from .scenario import Scenario

__all__ = ["sobol"]

#: Warn when ``n * p * (1 - p)`` is below this (too few paths near the threshold).
MIN_EVENTS = 100.0
#: Rows of A and B processed at once (bounds memory; results do not depend on it).
_CHUNK = 65_536
#: Bootstrap replicates computed at once.
_BOOT_BATCH = 64

_COLUMNS = ["target", "group", "drivers", "first_order", "first_order_low",
            "first_order_high", "total", "total_low", "total_high", "probability", "n"]


def sobol(
    scenario: Scenario,
    targets,
    *,
    n: int = 8192,
    seed: int | np.random.Generator | None = None,
    groups: Sequence[Iterable[str]] | None = None,
    n_bootstrap: int = 500,
    confidence: float = 0.95,
    max_width: float = 0.1,
    history: pd.DataFrame | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """First-order and total Sobol indices of the probability of meeting each target.

    The output is ``1{target met}`` on a path; the inputs the independent normals behind
    it, one group per driver (all years). Correlated drivers share a group (Sobol indices
    need independent inputs), named ``"grdp_real + port_cargo"``; for their separate
    shares use :func:`hpforecast.shapley`.

    Parameters
    ----------
    scenario : Scenario
        The assumptions.
    targets : Target, TargetSet or list of Target
        Targets to analyse. Official targets that cannot be evaluated on the scenario
        are skipped with a warning; a target you built yourself that cannot be
        evaluated raises.
    n : int, default 8192
        Rows of each of the sampling matrices A and B (≥ 2); ``n × (k + 2)`` model runs
        for ``k`` random groups. Intervals shrink like ``1 / sqrt(n p (1 − p))``.
    seed : int, numpy.random.Generator or None
        Recorded in ``attrs["seed"]`` (an int that reproduces the table).
    groups : list of lists of str, optional
        Your own grouping of the scenario's random drivers
        (``scenario.random_drivers``): every driver with a random growth exactly once,
        drivers linked by a non-zero correlation in the same group. Drivers with fixed
        growth may be listed or left out. Default: connected components of the
        correlation graph.
    n_bootstrap : int, default 500
        Bootstrap replicates (rows of A, B and AB resampled together) for the
        intervals; 0 gives no intervals (NaN).
    confidence : float, default 0.95
        Coverage of the percentile bootstrap intervals, in (0, 1).
    max_width : float, default 0.1
        Warn when a bootstrap interval of a total index is wider than this.
    history : DataFrame, optional
        History for base levels and recorded parts of targets (default: embedded).
    progress : bool or None, default None
        A bar over the model runs: None only in a terminal or a notebook, True, False.

    Returns
    -------
    pandas.DataFrame
        One row per (target, group): ``target, group, drivers`` (a tuple),
        ``first_order, first_order_low, first_order_high, total, total_low,
        total_high``, ``probability`` (share of the ``2n`` paths of A and B meeting the
        target), ``n``. Groups of fixed drivers have indices exactly 0. ``attrs``:
        ``seed, n_evaluations, scenario, groups, fixed_drivers, confidence,
        n_bootstrap``.

    Raises
    ------
    TypeError, ValueError
        Bad arguments (named), a target that cannot be evaluated on the scenario, or
        ``groups`` naming an unknown driver, leaving one out, repeating one or splitting
        correlated drivers.

    Warns
    -----
    ShortSampleWarning, SkippedTargetWarning
        When ``n p (1 − p) < 100``, a total index's interval is wider than
        ``max_width``, a target is met on all or none of the paths (NaN indices), or
        official targets are skipped.

    Notes
    -----
    Estimators and sampling: see the module notes (:mod:`hpforecast.sensitivity`).

    Examples
    --------
    >>> import hpforecast as hpf
    >>> sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.13, 0.02),
    ...                           "port_cargo": hpf.Normal(0.12, 0.06)},
    ...                   base_values={"grdp_real": 100.0, "port_cargo": 213.0})
    >>> t = hpf.Target.level("port_cargo", 2030, 380.0)
    >>> table = hpf.sobol(sc, t, n=2048, seed=1, n_bootstrap=100)
    >>> table[["group", "first_order", "total"]].round(1)
            group  first_order  total
    0   grdp_real          0.0    0.0
    1  port_cargo          1.0    1.0
    """
    n, n_bootstrap, confidence, max_width, progress = _check_sobol(
        scenario, n, n_bootstrap, confidence, max_width, progress)
    entropy = V.seed_entropy(seed)
    sim = simulate(scenario, n_paths=1, seed=0, history=history)
    checks, plan = _evaluable(sim.assess(as_targets(targets))), sim.plan
    fixed = _fixed_drivers(plan)
    group_list = _groups(scenario, plan, groups, fixed)
    sampled = [g for g in group_list if not set(g) <= fixed]
    plan = _without_fixed_correlations(scenario, plan, fixed, history)

    ss_sample, ss_boot = np.random.SeedSequence(entropy).spawn(2)
    k = len(sampled)
    with progress_bar(total=k + 2, desc="Sobol indices", progress=progress, unit="run") as bar:
        fa, fb, first_rows, total_rows = _pick_freeze(plan, checks, sampled, n,
                                                      np.random.default_rng(ss_sample), bar)
    first, total, prob, var = _estimate(fa.sum(1), fb.sum(1), first_rows.sum(2),
                                        total_rows.sum(2), n)
    lows, highs = (_bootstrap(fa, fb, first_rows, total_rows, n_bootstrap, confidence,
                              np.random.default_rng(ss_boot))
                   if n_bootstrap > 0 and k > 0 else (None, None))
    table = _sobol_table(checks, group_list, sampled, fixed, first, total, prob, n, lows, highs)
    table.attrs.update(seed=entropy, n_evaluations=n * (k + 2), scenario=scenario.name,
                       groups={" + ".join(g): tuple(g) for g in group_list}, method=_METHOD,
                       fixed_drivers=tuple(sorted(fixed)), confidence=confidence,
                       n_bootstrap=n_bootstrap)
    _warn_precision(table, checks, prob, var, n, max_width, bool(n_bootstrap))
    return table


_METHOD = "Saltelli (2010) first order, Jansen total, percentile bootstrap"


def _without_fixed_correlations(scenario: Scenario, plan: Plan, fixed: set, history) -> Plan:
    """The plan without correlations that involve a driver whose growth is fixed.

    Such a correlation cannot change any path (the driver's normal score is never
    used), and the random drivers' joint distribution is the same without it; dropping
    it leaves the correlation block-diagonal by group, so each group's normals drive
    that group only.
    """
    free = {pair: r for pair, r in scenario.correlation.items()
            if pair[0] not in fixed and pair[1] not in fixed}
    if len(free) == len(scenario.correlation):
        return plan
    return make_plan(scenario.replace(correlation=free), history)


def _evaluable(checks):
    """The evaluable targets' assessments; the skipped ones are warned about."""
    skipped = [c for c in checks if not c.ok]
    checks = [c for c in checks if c.ok]
    if skipped:
        warnings.warn("Skipped targets that cannot be evaluated on this scenario: "
                      + "; ".join(f"{c.target.name} ({c.reason})" for c in skipped) + ".",
                      SkippedTargetWarning, stacklevel=3)
    if not checks:
        raise ValueError("targets: none can be evaluated on this scenario; got "
                         + ", ".join(repr(c.target.name) for c in skipped) + ".")
    return checks


def _check_sobol(scenario, n, n_bootstrap, confidence, max_width, progress):
    V.check_type(scenario, "scenario", Scenario, "an hpforecast.Scenario")
    return (V.check_int(n, "n", low=2), V.check_int(n_bootstrap, "n_bootstrap", low=0),
            V.check_probability(confidence, "confidence"),
            V.check_number(max_width, "max_width", low=0.0, low_inclusive=False),
            check_progress(progress))


def _pick_freeze(plan: Plan, checks, sampled, n: int, rng: np.random.Generator, bar):
    """Saltelli's A, B and A_B^(i) matrices evaluated: per-row estimator terms (int8).

    Returns ``fa``, ``fb`` (n_targets, n) and the first-order and total rows
    (k, n_targets, n). ``bar`` is updated after each of the ``k + 2`` model runs.
    """
    n_y, n_d = plan.n_years, len(plan.drivers)
    u_a = rng.standard_normal((n_y, n, n_d))
    u_b = rng.standard_normal((n_y, n, n_d))
    cols = [[plan.drivers.index(d) for d in g] for g in sampled]
    f_a = _evaluate(plan, checks, u_a)
    f_b = _evaluate(plan, checks, u_b)
    bar.update(2)
    f_ab = np.empty((len(sampled), len(checks), n), dtype=bool)
    for i, c in enumerate(cols):
        u_ab = u_a.copy()
        u_ab[:, :, c] = u_b[:, :, c]
        f_ab[i] = _evaluate(plan, checks, u_ab)
        bar.update(1)
        del u_ab
    fa = f_a.astype(np.int8)
    fb = f_b.astype(np.int8)
    fab = f_ab.astype(np.int8)
    first_rows = fb[None] * (fab - fa[None])          # (k, n_t, n), values in {-1, 0, 1}
    total_rows = (fab != fa[None]).astype(np.int8)     # (k, n_t, n)
    return fa, fb, first_rows, total_rows


def _bootstrap(fa, fb, first_rows, total_rows, n_bootstrap: int, confidence: float,
               rng: np.random.Generator):
    """Percentile bootstrap intervals of the first-order and total indices."""
    k, n_t, n = first_rows.shape
    X = np.concatenate([fa.T, fb.T, first_rows.reshape(k * n_t, n).T,
                        total_rows.reshape(k * n_t, n).T], axis=1).astype(np.float64)
    reps_first, reps_total = [], []
    done = 0
    while done < n_bootstrap:
        b = min(_BOOT_BATCH, n_bootstrap - done)
        idx = rng.integers(0, n, size=(b, n)) + (np.arange(b) * n)[:, None]
        w = np.bincount(idx.ravel(), minlength=b * n).reshape(b, n).astype(np.float64)
        sums = w @ X                                              # (b, q)
        sa, sb = sums[:, :n_t], sums[:, n_t:2 * n_t]
        s1 = sums[:, 2 * n_t:2 * n_t + k * n_t].reshape(b, k, n_t)
        st = sums[:, 2 * n_t + k * n_t:].reshape(b, k, n_t)
        s, t, _, _ = _estimate(sa.T, sb.T, s1.transpose(1, 2, 0), st.transpose(1, 2, 0), n)
        reps_first.append(s)
        reps_total.append(t)
        done += b
    rf = np.concatenate(reps_first, axis=-1)                     # (k, n_t, B)
    rt = np.concatenate(reps_total, axis=-1)
    q = [(1 - confidence) / 2, (1 + confidence) / 2]
    return ((_nanquantile(rf, q[0]), _nanquantile(rt, q[0])),
            (_nanquantile(rf, q[1]), _nanquantile(rt, q[1])))


def _sobol_table(checks, group_list, sampled, fixed, first, total, prob, n, lows, highs):
    rows = []
    for j, c in enumerate(checks):
        for g in group_list:
            row = {"target": c.target.name, "group": " + ".join(g), "drivers": tuple(g),
                   "probability": float(prob[j]), "n": n}
            if set(g) <= fixed:
                row.update(first_order=0.0, first_order_low=0.0, first_order_high=0.0,
                           total=0.0, total_low=0.0, total_high=0.0)
            else:
                i = sampled.index(g)
                row.update(first_order=float(first[i, j]), total=float(total[i, j]))
                if lows is not None:
                    row.update(first_order_low=float(lows[0][i, j]),
                               first_order_high=float(highs[0][i, j]),
                               total_low=float(lows[1][i, j]),
                               total_high=float(highs[1][i, j]))
                else:
                    row.update(first_order_low=np.nan, first_order_high=np.nan,
                               total_low=np.nan, total_high=np.nan)
            rows.append(row)
    return pd.DataFrame(rows, columns=_COLUMNS)


# --------------------------------------------------------------------------- helpers


def _nanquantile(a: np.ndarray, q: float) -> np.ndarray:
    """Quantile along the last axis ignoring NaN; NaN (no warning) where all are NaN."""
    out = np.full(a.shape[:-1], np.nan)
    some = ~np.isnan(a).all(axis=-1)
    out[some] = np.nanquantile(a[some], q, axis=-1)
    return out


def _fixed_drivers(plan: Plan) -> set[str]:
    """Random drivers whose growth is fixed in every year (they draw nothing)."""
    return {d for d, margs in zip(plan.drivers, plan.marginals)
            if all(m.is_degenerate for m in margs)}


def _links(scenario: Scenario, fixed: set[str]) -> list[tuple[str, str]]:
    """Pairs of random drivers with a non-zero correlation (fixed drivers ignored)."""
    return [(a, b) for (a, b), r in scenario.correlation.items()
            if r != 0 and a not in fixed and b not in fixed]


def _groups(scenario: Scenario, plan: Plan, groups, fixed: set[str]) -> list[tuple[str, ...]]:
    """Groups of drivers (each sorted), sampled ones first, fixed-only groups last."""
    drivers = plan.drivers
    links = _links(scenario, fixed)
    if groups is None:
        parent = {d: d for d in drivers if d not in fixed}

        def root(d):
            while parent[d] != d:
                parent[d] = parent[parent[d]]
                d = parent[d]
            return d

        for a, b in links:
            parent[root(a)] = root(b)
        comps: dict[str, list[str]] = {}
        for d in drivers:
            if d not in fixed:
                comps.setdefault(root(d), []).append(d)
        out = sorted((tuple(sorted(c)) for c in comps.values()), key=lambda g: g[0])
        return out + [(d,) for d in sorted(fixed)]

    if isinstance(groups, (str, bytes)) or not isinstance(groups, Iterable):
        raise TypeError(f"groups must be a list of lists of driver names; got {groups!r}.")
    out, seen = [], {}
    for i, g in enumerate(groups):
        if isinstance(g, str) or not isinstance(g, Iterable):
            raise TypeError(f"groups[{i}] must be a list of driver names; got {g!r}.")
        g = tuple(g)
        if not g:
            raise ValueError(f"groups[{i}] is empty; give at least one driver.")
        for d in g:
            if not isinstance(d, str) or d not in drivers:
                raise ValueError(f"groups[{i}]: {d!r} is not a random driver of this "
                                 f"scenario; drivers: {', '.join(drivers)}.")
            if d in seen:
                raise ValueError(f"groups: {d!r} appears in groups[{seen[d]}] and "
                                 f"groups[{i}]; give each driver exactly once.")
            seen[d] = i
        out.append(tuple(sorted(g)))
    missing = [d for d in drivers if d not in seen and d not in fixed]
    if missing:
        raise ValueError(f"groups must include every driver with a random growth once; "
                         f"missing: {', '.join(missing)}. Got groups={groups!r}.")
    for a, b in links:
        if seen[a] != seen[b]:
            raise ValueError(f"groups: {a!r} and {b!r} are correlated "
                             f"({scenario.correlation[tuple(sorted((a, b)))]:g}) but in "
                             f"different groups (groups[{seen[a]}], groups[{seen[b]}]); "
                             "Sobol indices need independent groups, so put them together.")
    out += [(d,) for d in sorted(fixed) if d not in seen]
    sampled = [g for g in out if not set(g) <= fixed]
    return sampled + [g for g in out if set(g) <= fixed]


def _evaluate(plan: Plan, checks, u: np.ndarray) -> np.ndarray:
    """Boolean (n_targets, m): whether each path driven by ``u`` meets each target.

    ``u`` holds independent standard normals (n_years, m, n_drivers), fed straight to
    the engine, whose triangular correlation factor keeps each group on its own columns.
    """
    m = u.shape[1]
    out = np.empty((len(checks), m), dtype=bool)
    base_year = plan.scenario.base_year
    for lo in range(0, m, _CHUNK):
        hi = min(m, lo + _CHUNK)
        chunk = chunk_from_normals(plan, u[:, lo:hi])
        for j, met in enumerate(met_on_chunk(checks, chunk, base_year)):
            out[j, lo:hi] = met
    return out


def _estimate(sum_a, sum_b, sum_first, sum_total, n):
    """Indices from row sums: ``sum_a``/``sum_b`` (n_t, ...), the others (k, n_t, ...)."""
    p = (np.asarray(sum_a, float) + np.asarray(sum_b, float)) / (2 * n)
    var = p * (1 - p)                       # variance of 0/1 values (ddof = 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        first = np.where(var > 0, (np.asarray(sum_first, float) / n) / var, np.nan)
        total = np.where(var > 0, (np.asarray(sum_total, float) / n) / (2 * var), np.nan)
    return first, total, p, var


def _warn_precision(table: pd.DataFrame, checks, prob, var, n: int, max_width: float,
                    have_intervals: bool) -> None:
    msgs = []
    for j, c in enumerate(checks):
        name = c.target.name
        if var[j] == 0:
            msgs.append(f"{name!r} is {'met' if prob[j] == 1 else 'missed'} on every "
                        "sampled path, so its indices are undefined (NaN)")
            continue
        events = n * var[j]
        if events < MIN_EVENTS:
            msgs.append(f"{name!r}: n·p·(1−p) = {events:.0f} < {MIN_EVENTS:.0f} (p = "
                        f"{prob[j]:.3g}); increase n to at least "
                        f"{math.ceil(MIN_EVENTS / var[j]):,}")
        if have_intervals:
            rows = table[table["target"] == name]
            width = (rows["total_high"] - rows["total_low"]).max()
            if np.isfinite(width) and width > max_width:
                msgs.append(f"{name!r}: a total index's {table.attrs['confidence']:.0%} "
                            f"interval is {width:.2f} wide (> max_width={max_width:g})")
    if msgs:
        warnings.warn("Sobol indices of an indicator output need many paths; with n="
                      f"{n:,} they are imprecise: " + "; ".join(msgs) + ".",
                      ShortSampleWarning, stacklevel=3)
