"""The simulation engine: draw growth paths from a :class:`~hpforecast.Scenario`.

Random numbers are generated in fixed blocks of :data:`BLOCK` paths and **keyed by
driver**: driver ``d``'s normals in block ``k`` come from
``SeedSequence(seed, spawn_key=(k, key(d)))``, ``key`` a fixed hash of the driver's
name. The numbers therefore depend only on the seed, the driver, the years and the
number of paths — not on the chunk size used to process them, nor on which other drivers
the scenario has. Same-year correlation mixes the normals only within groups of drivers
correlated with each other, so adding or removing a driver that is uncorrelated with
the others leaves their paths bitwise unchanged (common random numbers). The Sobol
sampler needs one joint point set, so there every driver's numbers change with the set
of drivers.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from . import _validation as V
from .scenario import DERIVED, Scenario

__all__ = ["BLOCK", "DEFAULT_CHUNK", "GROWTH_FLOOR", "SAMPLERS", "Plan", "Chunk", "DrawStats",
           "driver_key", "make_plan", "scores_from_normals", "growth_from_scores",
           "growth_from_normals", "chunk_from_normals", "chunk_from_scores",
           "levels_from_growth",
           "iter_chunks", "generate_all", "chunk_bounds", "auto_chunk", "available_memory", "check_memory",
           "kept_bytes", "fmt_bytes"]

#: Paths per block of random numbers (the unit of reproducibility).
BLOCK = 16_384
#: Largest number of paths processed at once (summaries, and generation without keeping).
DEFAULT_CHUNK = 262_144
#: Bytes of level arrays one chunk may hold when the chunk size is chosen automatically.
CHUNK_BYTES = 2 ** 25
#: Paths generated at once when all paths are kept (bounds the temporaries).
KEEP_CHUNK = 131_072
#: Growth below this is floored, so levels stay positive (heavy-tailed assumptions): a
#: draw below −0.999 (a fall of more than 99.9 % in a year) is set to −0.999, and counted
#: (:attr:`hpforecast.Simulation.n_floored`).
GROWTH_FLOOR = -0.999
SAMPLERS = V.SAMPLERS


@dataclass(frozen=True)
class Plan:
    """Everything the engine needs to draw a scenario's paths, precomputed once.

    Made by :func:`make_plan`; the sensitivity tools build plans of their own and feed
    them normals through :func:`chunk_from_normals`.
    """

    scenario: Scenario
    drivers: tuple[str, ...]        # random drivers, canonical order
    marginals: tuple[tuple, ...]    # [driver][year] -> marginal
    rho: np.ndarray                 # (n_years - 1, n_d)
    base: dict
    n_years: int
    # Groups of drivers correlated with each other (indices into drivers, canonical
    # order), each with its factor for the first year and for every later year's
    # innovations; drivers correlated with no other are left out (identity).
    groups: tuple[np.ndarray, ...] = ()
    chol0: tuple[np.ndarray, ...] = ()
    chol_e: tuple[np.ndarray, ...] = ()
    keys: tuple[int, ...] = field(default=())
    # Bases given as distributions (driver -> marginal), drawn once per path; tools that
    # feed normals themselves (chunk_from_normals) use their medians, in ``base``.
    base_dists: dict = field(default_factory=dict)


def driver_key(driver: str) -> int:
    """The fixed integer that keys a driver's random numbers (CRC-32 of its name)."""
    return zlib.crc32(driver.encode("utf-8"))


def _groups(R: np.ndarray) -> list[np.ndarray]:
    """Connected groups of drivers with a non-zero correlation (singletons left out)."""
    d = R.shape[0]
    seen, out = set(), []
    for i in range(d):
        if i in seen:
            continue
        stack, comp = [i], set()
        while stack:
            j = stack.pop()
            if j in comp:
                continue
            comp.add(j)
            stack.extend(k for k in range(d) if k != j and R[j, k] != 0 and k not in comp)
        seen |= comp
        if len(comp) > 1:
            out.append(np.array(sorted(comp)))
    return out


def _factor(mat: np.ndarray) -> np.ndarray:
    """Lower-triangular L with L @ L.T == mat, for a positive semi-definite matrix.

    A Cholesky factorisation that tolerates zero pivots (singular correlation matrices,
    e.g. two drivers correlated 1). Being triangular, it keeps a driver that is
    uncorrelated with the others on its own column of normals.
    """
    d = mat.shape[0]
    L = np.zeros_like(mat, dtype=float)
    for j in range(d):
        pivot = mat[j, j] - L[j, :j] @ L[j, :j]
        if pivot <= 1e-12:
            continue  # this driver is a combination of earlier ones: column j stays 0
        L[j, j] = np.sqrt(pivot)
        L[j + 1:, j] = (mat[j + 1:, j] - L[j + 1:, :j] @ L[j, :j]) / L[j, j]
    return L


def make_plan(scenario: Scenario, history=None) -> Plan:
    drivers = scenario.random_drivers
    years = scenario.years[1:]
    marginals = tuple(
        tuple(scenario.levels[d].at(y - scenario.base_year) for y in years)
        if d in scenario.levels else tuple(scenario.growth[d][y] for y in years)
        for d in drivers)
    R = scenario.correlation_matrix().to_numpy()
    Re = scenario.innovation_correlation()
    groups = tuple(_groups(R))
    return Plan(scenario=scenario, drivers=drivers, marginals=marginals,
                 rho=scenario.persistence_vector(),
                 base=scenario.base_levels(history), n_years=len(years),
                 groups=groups,
                 chol0=tuple(_factor(R[np.ix_(g, g)]) for g in groups),
                 chol_e=tuple(np.array([_factor(m[np.ix_(g, g)]) for m in Re])
                              for g in groups),
                 keys=tuple(driver_key(d) for d in drivers),
                 base_dists=scenario.base_distributions())


def _block_normals(entropy: int, block: int, m: int, n_years: int, keys: tuple[int, ...],
                   sampler: str) -> np.ndarray:
    """Independent standard normals for block ``block``: shape (n_years, m, n_drivers).

    Plain and antithetic sampling draw each driver's normals from its own stream
    (``spawn_key=(block, key)``); Sobol points are one scrambled point set of dimension
    ``n_years × n_drivers`` per block.
    """
    n_drivers = len(keys)
    if sampler == "sobol":
        from scipy.special import ndtri
        from scipy.stats import qmc

        ss = np.random.SeedSequence(entropy, spawn_key=(block,))
        dim = n_years * n_drivers
        eng = qmc.Sobol(d=dim, scramble=True, seed=np.random.default_rng(ss))
        u = np.clip(eng.random(m), 1e-12, 1 - 1e-12)
        return np.ascontiguousarray(ndtri(u).reshape(m, n_years, n_drivers).transpose(1, 0, 2))
    out = np.empty((n_years, m, n_drivers))
    for j, key in enumerate(keys):
        rng = np.random.default_rng(np.random.SeedSequence(entropy, spawn_key=(block, key)))
        if sampler == "antithetic":
            half = (m + 1) // 2
            e = rng.standard_normal((n_years, half))
            out[:, :half, j] = e
            out[:, half:, j] = -e[:, :m - half]
        else:
            out[:, :, j] = rng.standard_normal((n_years, m))
    return out


def _block_base_normals(entropy: int, block: int, m: int, keys: tuple[int, ...],
                        sampler: str) -> np.ndarray:
    """Standard normals for the uncertain bases of block ``block``: shape (m, n_bases).

    Each base has its own stream (``spawn_key=(block, key, 1)``), antithetic in pairs
    with ``sampler="antithetic"``; Sobol runs draw them by plain Monte Carlo.
    """
    out = np.empty((m, len(keys)))
    for j, key in enumerate(keys):
        rng = np.random.default_rng(np.random.SeedSequence(entropy, spawn_key=(block, key, 1)))
        if sampler == "antithetic":
            half = (m + 1) // 2
            e = rng.standard_normal(half)
            out[:half, j] = e
            out[half:, j] = -e[:m - half]
        else:
            out[:, j] = rng.standard_normal(m)
    return out


def _by_blocks(draw, start: int, stop: int, sampler: str, n_total: int,
               axis: int) -> np.ndarray:
    """Rows ``start:stop`` (along ``axis``) of the per-block arrays ``draw(block, m)``."""
    parts = []
    for b in range(start // BLOCK, (stop - 1) // BLOCK + 1):
        b_lo = b * BLOCK
        m = BLOCK if sampler == "sobol" else min(b_lo + BLOCK, n_total) - b_lo
        lo, hi = max(start, b_lo), min(stop, b_lo + BLOCK)
        block = draw(b, m)
        index = [slice(None)] * block.ndim
        index[axis] = slice(lo - b_lo, hi - b_lo)
        parts.append(block[tuple(index)])
    return parts[0] if len(parts) == 1 else np.concatenate(parts, axis=axis)


def _normals(plan: Plan, entropy: int, start: int, stop: int, sampler: str,
             n_total: int) -> np.ndarray:
    """Standard normals for paths ``start:stop``, shape (n_years, stop - start, n_drivers)."""
    return _by_blocks(lambda b, m: _block_normals(entropy, b, m, plan.n_years, plan.keys,
                                                  sampler),
                      start, stop, sampler, n_total, axis=1)


def _bases(plan: Plan, entropy: int, start: int, stop: int, sampler: str,
           n_total: int) -> dict:
    """Base levels for paths ``start:stop``: floats, or per-path draws (m,)."""
    if not plan.base_dists:
        return plan.base
    names = tuple(plan.base_dists)
    keys = tuple(driver_key(d) for d in names)
    u = _by_blocks(lambda b, m: _block_base_normals(entropy, b, m, keys, sampler),
                   start, stop, sampler, n_total, axis=0)
    out = dict(plan.base)
    for j, d in enumerate(names):
        out[d] = plan.base_dists[d].from_normal_scores(u[:, j])
    return out


def _growth_chunk(plan: Plan, entropy: int, start: int, stop: int, sampler: str,
                  n_total: int | None = None) -> tuple[dict[str, np.ndarray], dict]:
    """Yearly growth of every driver for paths ``start:stop``, and their base levels."""
    n_total = stop if n_total is None else n_total
    e = _normals(plan, entropy, start, stop, sampler, n_total)
    if not e.flags.c_contiguous:  # a slice of one block: make it our own, contiguous
        e = np.ascontiguousarray(e)
    return (growth_from_normals(plan, e, overwrite=True),
            _bases(plan, entropy, start, stop, sampler, n_total))


def _mix_in_place(zt: np.ndarray, cols: np.ndarray, L: np.ndarray) -> None:
    """``zt[:, cols] = zt[:, cols] @ L.T`` for a lower-triangular ``L``, in place.

    Written as column updates rather than a matrix product: the matrices are tiny and
    the arrays long, and a threaded BLAS product of this shape is slower by an order of
    magnitude on a loaded machine. Rows are done from the last, so each reads columns
    not yet overwritten.
    """
    for i in range(len(cols) - 1, -1, -1):
        ci = cols[i]
        acc = zt[:, ci] * L[i, i]
        for j in range(i):
            if L[i, j] != 0.0:
                acc += L[i, j] * zt[:, cols[j]]
        zt[:, ci] = acc


def scores_from_normals(plan: Plan, e: np.ndarray, *, overwrite: bool = False
                        ) -> np.ndarray:
    """The Gaussian copula: independent normals → correlated, persistent normal scores.

    Within each group of correlated drivers the first year's normals are mixed by the
    factor of the same-year correlation, later years' by that of the innovation
    correlation, and persistence is added along the years:
    ``z_t = ρ z_{t−1} + sqrt(1 − ρ²) e_t``. Each score is standard normal.

    Parameters
    ----------
    plan : Plan
    e : ndarray, shape (n_years, m, n_drivers)
        Independent standard normals, drivers in ``plan.drivers`` order.
    overwrite : bool
        Reuse ``e``'s memory for the scores.

    Returns
    -------
    numpy.ndarray
        The scores ``z``, same shape.
    """
    z = e if overwrite else np.array(e, copy=True)
    for g, L in zip(plan.groups, plan.chol0):
        _mix_in_place(z[0], g, L)
    for t in range(1, plan.n_years):
        for g, Ls in zip(plan.groups, plan.chol_e):
            _mix_in_place(z[t], g, Ls[t - 1])
        rho = plan.rho[t - 1]
        if np.any(rho != 0):
            z[t] = rho * z[t - 1] + np.sqrt(1.0 - rho ** 2) * z[t]
    return z


def growth_from_scores(plan: Plan, z: np.ndarray) -> dict[str, np.ndarray]:
    """Each driver's yearly growth from its normal scores: ``F⁻¹(Φ(z))`` per year.

    Parameters
    ----------
    plan : Plan
    z : ndarray, shape (n_years, m, n_drivers)
        Normal scores (correlated as the scenario says: :func:`scores_from_normals`).

    Returns
    -------
    dict
        driver -> array (m, n_years); a driver whose growth is fixed in every year gets
        shape (1, n_years), which broadcasts.
    """
    n_y = plan.n_years
    out = {}
    for j, d in enumerate(plan.drivers):
        margs = plan.marginals[j]
        if all(mg.is_degenerate for mg in margs):
            out[d] = np.array([[mg.median for mg in margs]])
            continue
        g = np.empty((z.shape[1], n_y))
        for t in range(n_y):
            g[:, t] = margs[t].from_normal_scores(z[t, :, j])
        out[d] = g
    return out


def growth_from_normals(plan: Plan, e: np.ndarray, *, overwrite: bool = False
                        ) -> dict[str, np.ndarray]:
    """Map independent standard normals to each driver's yearly growth.

    :func:`scores_from_normals` then :func:`growth_from_scores`; arguments as there.
    """
    return growth_from_scores(plan, scores_from_normals(plan, e, overwrite=overwrite))


def chunk_from_scores(plan: Plan, z: np.ndarray) -> Chunk:
    """Levels of every indicator for paths with the normal scores ``z`` (correlated)."""
    return Chunk(levels_from_growth(plan, growth_from_scores(plan, z)), z.shape[1])


def chunk_from_normals(plan: Plan, e: np.ndarray) -> Chunk:
    """Levels of every indicator for paths driven by the normals ``e`` (see above)."""
    return Chunk(levels_from_growth(plan, growth_from_normals(plan, e)), e.shape[1])


@dataclass
class DrawStats:
    """Counts gathered while paths are generated: floored growth draws, non-finite levels.

    ``floored`` maps a driver to the number of path-years whose growth fell below
    :data:`GROWTH_FLOOR` and was floored; ``draws`` is the number of path-years per
    driver; ``nonfinite`` counts path-years of driver levels that are inf or NaN.
    """

    floored: dict = field(default_factory=dict)
    draws: int = 0
    nonfinite: int = 0

    def add(self, other: DrawStats) -> None:
        for d, k in other.floored.items():
            self.floored[d] = self.floored.get(d, 0) + k
        self.draws += other.draws
        self.nonfinite += other.nonfinite

    @property
    def n_floored(self) -> int:
        return int(sum(self.floored.values()))


def _floor_in_place(g: np.ndarray, m: int) -> int:
    """Floor growth at GROWTH_FLOOR in place; return the path-years floored (of m paths)."""
    low = g < GROWTH_FLOOR
    k = int(np.count_nonzero(low))
    if k:
        g[low] = GROWTH_FLOOR
    return k * (m if g.shape[0] == 1 else 1)


def levels_from_growth(plan: Plan, growth: dict[str, np.ndarray],
                       out: dict[str, np.ndarray] | None = None,
                       stats: DrawStats | None = None,
                       base: dict | None = None) -> dict[str, np.ndarray]:
    """Driver levels (m, n_years + 1), base year in column 0.

    ``growth`` holds each random driver's yearly growth — or, for a
    :class:`~hpforecast.Level` driver, its yearly level — from :func:`growth_from_scores`.
    Every growth draw is floored at :data:`GROWTH_FLOOR` first. Linked drivers are then
    computed in link order: ``g = elasticity × g_source + own`` (own: the driver's own
    growth, default 0), floored in turn; the source's growth is a driver's floored
    growth, nominal GRDP's ``(1 + g_real)(1 + g_deflator) − 1``, or the growth of a
    level or derived indicator. ``base`` gives the base levels (floats, or per-path
    arrays of shape (m,)); default ``plan.base``. With ``out``, levels are written into
    those arrays (rows must match); with ``stats``, floored draws and non-finite levels
    are counted.
    """
    sc = plan.scenario
    base = plan.base if base is None else base
    growth = dict(growth)
    m = max([g.shape[0] for g in growth.values()]
            + [np.shape(v)[0] for v in base.values() if np.ndim(v) == 1], default=1)
    floored: dict[str, int] = {}
    # The growth arrays are fresh (from growth_from_scores) and used only here, so
    # they are floored in place.
    for d, g in growth.items():
        if d not in sc.levels:
            floored[d] = _floor_in_place(g, m)
    levels = {}
    for d in sc.drivers:
        if d in sc.levels:
            levels[d] = _level_path(growth[d], base[d], out, d)
        elif d not in sc.all_links:
            levels[d] = _compound(growth[d], base[d], out, d)
    for d in sc.link_order():
        link = sc.all_links[d]
        g = link.elasticity * _source_growth(link.source, growth, levels, sc) \
            + growth.get(d, 0.0)
        floored[d] = floored.get(d, 0) + _floor_in_place(g, m)
        growth[d] = g
        levels[d] = _compound(g, base[d], out, d)
    if stats is not None:
        nonfinite = sum(int(v.size - np.count_nonzero(np.isfinite(v)))
                        * (m if v.shape[0] == 1 else 1)
                        for d, v in levels.items() if d not in sc.levels)
        stats.add(DrawStats(floored={d: k for d, k in floored.items() if k},
                            draws=m * plan.n_years, nonfinite=nonfinite))
    return levels


def _rows(first: np.ndarray, base) -> int:
    return np.shape(base)[0] if np.ndim(base) == 1 else first.shape[0]


def _target(out, d: str, rows: int, n_cols: int) -> np.ndarray:
    if out is not None and d in out and out[d].shape[0] == rows:
        return out[d]
    return np.empty((rows, n_cols))


def _compound(g: np.ndarray, base, out, d: str) -> np.ndarray:
    """Levels from a base and yearly growth: ``base × cumprod(1 + g)``."""
    lev = _target(out, d, _rows(g, base), g.shape[1] + 1)
    b = np.asarray(base, dtype=float)
    lev[:, 0] = b
    with np.errstate(over="ignore", invalid="ignore"):  # counted and warned about
        lev[:, 1:] = np.cumprod(g + 1.0, axis=1) * (b[:, None] if b.ndim == 1 else b)
    return lev


def _level_path(values: np.ndarray, base, out, d: str) -> np.ndarray:
    """A Level driver's path: its base (recorded, assumed or NaN), then its levels."""
    rows = max(values.shape[0], _rows(values, base))
    lev = _target(out, d, rows, values.shape[1] + 1)
    lev[:, 0] = np.asarray(base, dtype=float)
    lev[:, 1:] = values
    return lev


def _source_growth(source: str, growth: dict, levels: dict, sc: Scenario) -> np.ndarray:
    """A link source's yearly growth (see :func:`levels_from_growth`)."""
    if source in growth and source not in sc.levels:
        return growth[source]
    if source == "grdp_nominal" and "grdp_real" in growth and "grdp_deflator" in growth:
        return (1 + growth["grdp_real"]) * (1 + growth["grdp_deflator"]) - 1
    lev = Chunk(levels, 0)(source)
    with np.errstate(divide="ignore", invalid="ignore"):
        return lev[:, 1:] / lev[:, :-1] - 1.0


def derive(indicator: str, get) -> np.ndarray:
    """Compute a derived indicator from a getter of other indicators' levels."""
    if indicator == "grdp_nominal":
        return get("grdp_real") * get("grdp_deflator")
    if indicator == "grdp_usd":
        return get("grdp_nominal") * 1000.0 / get("vnd_per_usd")
    if indicator == "grdp_per_capita_usd":
        return get("grdp_usd") * 1e6 / get("population")
    if indicator == "grdp_per_capita_vnd":
        return get("grdp_nominal") * 1000.0 / get("population")
    if indicator == "share_of_national_gdp":
        return get("grdp_nominal") / get("national_gdp_nominal")
    raise KeyError(indicator)  # pragma: no cover - guarded by Scenario.indicators


class Chunk:
    """Levels of ``n`` paths (the engine's output), computing derived indicators on demand (and caching them).

    A driver with fixed growth is stored once, with shape (1, n_years), and broadcasts.
    """

    def __init__(self, levels: dict[str, np.ndarray], n: int):
        self._levels = dict(levels)
        self.n = n

    def __call__(self, indicator: str) -> np.ndarray:
        if indicator not in self._levels:
            if indicator not in DERIVED:
                raise KeyError(indicator)
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                self._levels[indicator] = derive(indicator, self)
        return self._levels[indicator]

    def drivers(self) -> dict[str, np.ndarray]:
        return self._levels

    def rows(self, lo: int, hi: int, drivers) -> Chunk:
        """A view of paths lo:hi of the drivers (derived indicators are not carried)."""
        return Chunk({d: (a if a.shape[0] == 1 else a[lo:hi])
                       for d, a in self._levels.items() if d in drivers}, hi - lo)


def available_memory() -> int | None:
    """Bytes of memory the process can still take, or None when the system does not say.

    Linux: ``MemAvailable`` of ``/proc/meminfo``, lowered to what a cgroup (container)
    limit leaves; elsewhere the physical memory reported by ``os.sysconf``.
    """
    avail = None
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    avail = int(line.split()[1]) * 1024
                    break
    except (OSError, ValueError):
        pass
    if avail is None:
        for name in ("SC_AVPHYS_PAGES", "SC_PHYS_PAGES"):
            try:
                avail = os.sysconf(name) * os.sysconf("SC_PAGE_SIZE")
                break
            except (AttributeError, ValueError, OSError):
                continue
    try:
        with open("/sys/fs/cgroup/memory.max", encoding="ascii") as fh:
            limit = fh.read().strip()
        with open("/sys/fs/cgroup/memory.current", encoding="ascii") as fh:
            used = int(fh.read().strip())
        if limit != "max":
            left = max(int(limit) - used, 0)
            avail = left if avail is None else min(avail, left)
    except (OSError, ValueError):
        pass
    return avail


def fmt_bytes(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "bytes" or n >= 100 else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError  # pragma: no cover


def check_memory(need: int, what: str, alternative: str) -> None:
    """Refuse (ValueError) to allocate ``need`` bytes when fewer are available.

    ``what`` says what needs them ("n_paths=... with keep_paths=True"), ``alternative``
    what to do instead.
    """
    avail = available_memory()
    if avail is not None and need > avail:
        raise ValueError(f"{what} needs about {fmt_bytes(need)} of memory, more than the "
                         f"{fmt_bytes(avail)} available. {alternative}")


def kept_bytes(plan: Plan, n: int) -> int:
    """Memory of every path kept by ``simulate(..., keep_paths=True)``, in bytes.

    One float64 array (n, years) per driver whose growth is random; a driver with fixed
    growth (buoyancy on a fixed nominal GRDP included) is stored once and broadcasts.
    """
    sc = plan.scenario
    random = {d for j, d in enumerate(plan.drivers)
              if not all(mg.is_degenerate for mg in plan.marginals[j])}
    nominal_random = bool(random & {"grdp_nominal", "grdp_real", "grdp_deflator"})
    random |= {d for d in sc.buoyancy if nominal_random}
    return 8 * n * (plan.n_years + 1) * len(random)


def auto_chunk(plan: Plan) -> int:
    """Paths per chunk for summaries: whole blocks, about :data:`CHUNK_BYTES` of levels.

    A scenario with many drivers gets smaller chunks, so that the memory of a summary
    without kept paths stays bounded (the numbers never depend on the chunk size).
    """
    n_series = len(plan.scenario.indicators)
    per_path = 8 * (plan.n_years + 1) * max(n_series, 1) * 3   # levels, growth, normals
    blocks = max(1, CHUNK_BYTES // (per_path * BLOCK))
    return int(min(DEFAULT_CHUNK, blocks * BLOCK))


def chunk_bounds(n: int, chunk: int):
    """Chunk boundaries aligned to blocks (the numbers never depend on them)."""
    chunk = max(BLOCK, (chunk // BLOCK) * BLOCK)
    for lo in range(0, n, chunk):
        yield lo, min(n, lo + chunk)


def generate_all(plan: Plan, entropy: int, n: int, sampler: str,
                  stats: DrawStats | None = None) -> Chunk:
    """Every path, generated chunk by chunk into preallocated level arrays."""
    out: dict[str, np.ndarray] = {}
    for lo, hi in chunk_bounds(n, KEEP_CHUNK):
        growth, base = _growth_chunk(plan, entropy, lo, hi, sampler, n)
        if not out:  # allocate once we know which drivers broadcast
            probe = levels_from_growth(plan, growth, stats=stats, base=base)
            out = {d: (a if a.shape[0] == 1 else np.empty((n, a.shape[1])))
                   for d, a in probe.items()}
            for d, a in probe.items():
                if a.shape[0] != 1:
                    out[d][lo:hi] = a
            continue
        levels_from_growth(plan, growth, {d: (a if a.shape[0] == 1 else a[lo:hi])
                                          for d, a in out.items()}, stats=stats, base=base)
    return Chunk(out, n)


def iter_chunks(plan: Plan, entropy: int, n: int, chunk: int, sampler: str,
                stats: DrawStats | None = None) -> Iterator[Chunk]:
    """Yield consecutive chunks of paths (as :class:`Chunk`), generated from the seed."""
    for lo, hi in chunk_bounds(n, chunk):
        growth, base = _growth_chunk(plan, entropy, lo, hi, sampler, n)
        yield Chunk(levels_from_growth(plan, growth, stats=stats, base=base), hi - lo)
