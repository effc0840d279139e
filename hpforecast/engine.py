"""The simulation engine: draw growth paths from a :class:`~hpforecast.Scenario`.

Random numbers are generated in fixed blocks of :data:`BLOCK` paths, block ``k`` from
``SeedSequence(seed, spawn_key=(k,))``. The numbers therefore depend only on the seed,
the scenario's drivers and years and the number of paths — not on the chunk size used
to process them — and two scenarios with the same drivers share them (common random
numbers).
"""

from __future__ import annotations

import numbers
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from . import _validation as V
from .scenario import DERIVED, Scenario

__all__ = ["simulate", "BLOCK", "DEFAULT_CHUNK"]

#: Paths per block of random numbers (the unit of reproducibility).
BLOCK = 16_384
#: Default number of paths processed at once when paths are not kept.
DEFAULT_CHUNK = 262_144
#: Growth below this is floored, so levels stay positive (heavy-tailed assumptions).
GROWTH_FLOOR = -0.999
SAMPLERS = ("mc", "antithetic", "sobol")


@dataclass(frozen=True)
class _Plan:
    """Everything the engine needs, precomputed once per simulation."""

    scenario: Scenario
    drivers: tuple[str, ...]        # random drivers, canonical order
    marginals: tuple[tuple, ...]    # [driver][year] -> marginal
    chol0: np.ndarray               # Cholesky-like factor of R (first year)
    chol_e: np.ndarray              # (n_years - 1, n_d, n_d) factors of the innovations
    rho: np.ndarray                 # (n_years - 1, n_d)
    base: dict
    n_years: int


def _factor(mat: np.ndarray) -> np.ndarray:
    """A factor L with L @ L.T == mat, for a positive semi-definite matrix."""
    w, v = np.linalg.eigh((mat + mat.T) / 2)
    return v * np.sqrt(np.clip(w, 0.0, None))


def _make_plan(scenario: Scenario, history=None) -> _Plan:
    drivers = scenario.random_drivers
    years = scenario.years[1:]
    marginals = tuple(tuple(scenario.growth[d][y] for y in years) for d in drivers)
    R = scenario.correlation_matrix().to_numpy()
    Re = scenario.innovation_correlation()
    return _Plan(scenario=scenario, drivers=drivers, marginals=marginals,
                 chol0=_factor(R), chol_e=np.array([_factor(m) for m in Re]),
                 rho=scenario.persistence_vector(),
                 base=scenario.base_levels(history), n_years=len(years))


def _block_normals(entropy: int, block: int, m: int, n_years: int, n_drivers: int,
                   sampler: str) -> np.ndarray:
    """Independent standard normals for block ``block``: shape (m, n_years, n_drivers)."""
    ss = np.random.SeedSequence(entropy, spawn_key=(block,))
    if sampler == "sobol":
        from scipy.stats import qmc
        from scipy.special import ndtri

        dim = n_years * n_drivers
        eng = qmc.Sobol(d=dim, scramble=True, seed=np.random.default_rng(ss))
        u = eng.random(m)
        u = np.clip(u, 1e-12, 1 - 1e-12)
        return ndtri(u).reshape(m, n_years, n_drivers)
    rng = np.random.default_rng(ss)
    if sampler == "antithetic":
        half = (m + 1) // 2
        e = rng.standard_normal((half, n_years, n_drivers))
        return np.concatenate([e, -e], axis=0)[:m]
    return rng.standard_normal((m, n_years, n_drivers))


def _growth_chunk(plan: _Plan, entropy: int, start: int, stop: int,
                  sampler: str) -> dict[str, np.ndarray]:
    """Yearly growth of every driver for paths ``start:stop``: dict -> (m, n_years)."""
    n_d, n_y = len(plan.drivers), plan.n_years
    parts = []
    first, last = start // BLOCK, (stop - 1) // BLOCK
    for b in range(first, last + 1):
        b_lo, b_hi = b * BLOCK, (b + 1) * BLOCK
        m = BLOCK if sampler == "sobol" else min(b_hi, stop) - b_lo
        e = _block_normals(entropy, b, m, n_y, n_d, sampler)
        parts.append(e[max(start, b_lo) - b_lo: min(stop, b_hi) - b_lo])
    e = parts[0] if len(parts) == 1 else np.concatenate(parts, axis=0)
    # Correlate across drivers and add persistence along years: z has shape (m, n_y, n_d).
    z = np.empty_like(e)
    z[:, 0, :] = e[:, 0, :] @ plan.chol0.T
    for t in range(1, n_y):
        rho = plan.rho[t - 1]
        z[:, t, :] = rho * z[:, t - 1, :] + np.sqrt(1.0 - rho ** 2) * (
            e[:, t, :] @ plan.chol_e[t - 1].T)
    out = {}
    for j, d in enumerate(plan.drivers):
        g = np.empty((z.shape[0], n_y))
        for t in range(n_y):
            g[:, t] = plan.marginals[j][t].from_normal_scores(z[:, t, j])
        out[d] = g
    return out


def _levels_from_growth(plan: _Plan, growth: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Driver levels (m, n_years + 1), base year in column 0."""
    sc = plan.scenario
    growth = dict(growth)
    if sc.buoyancy:
        if "grdp_nominal" in growth:
            g_nom = growth["grdp_nominal"]
        else:
            g_nom = (1 + growth["grdp_real"]) * (1 + growth["grdp_deflator"]) - 1
        for ind, beta in sc.buoyancy.items():
            own = growth.get(ind, 0.0)
            growth[ind] = beta * g_nom + own
    levels = {}
    for d in sc.drivers:
        g = np.maximum(growth[d], GROWTH_FLOOR)
        m = g.shape[0]
        lev = np.empty((m, g.shape[1] + 1))
        lev[:, 0] = plan.base[d]
        np.cumprod(1.0 + g, axis=1, out=lev[:, 1:])
        lev[:, 1:] *= plan.base[d]
        levels[d] = lev
    return levels


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


class _Chunk:
    """Levels of one chunk of paths, computing derived indicators on demand."""

    def __init__(self, levels: dict[str, np.ndarray]):
        self._levels = dict(levels)

    def __call__(self, indicator: str) -> np.ndarray:
        if indicator not in self._levels:
            if indicator not in DERIVED:
                raise KeyError(indicator)
            self._levels[indicator] = derive(indicator, self)
        return self._levels[indicator]

    @property
    def n(self) -> int:
        return next(iter(self._levels.values())).shape[0]


def simulate(
    scenario: Scenario,
    *,
    n_paths: int = 100_000,
    seed: int | np.random.Generator | None = None,
    keep_paths: bool = True,
    chunk_size: int = DEFAULT_CHUNK,
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
        driver). With False, nothing is kept: each summary regenerates the paths chunk
        by chunk from the seed, so any number of paths fits in bounded memory.
    chunk_size : int, default 262_144
        Paths processed at once when ``keep_paths=False``. The numbers do not depend on
        it.
    sampler : {"mc", "antithetic", "sobol"}, default "mc"
        Plain Monte Carlo, antithetic pairs, or scrambled Sobol points (quasi-Monte
        Carlo, in blocks of 16,384 points).
    history : DataFrame, optional
        History table for base levels and past parts of targets (default: embedded).

    Returns
    -------
    Simulation
        With ``years``, ``paths``, ``quantiles``, ``probability`` and more.

    Raises
    ------
    TypeError, ValueError
        For a non-Scenario, ``n_paths < 1``, a seed of the wrong type, a bad sampler,
        or a driver with no base value.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.13, 0.015)},
    ...                   base_values={"grdp_real": 100.0})
    >>> sim = hpf.simulate(sc, n_paths=10_000, seed=1)
    >>> sim.paths("grdp_real").shape
    (10000, 6)
    """
    from .results import Simulation

    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be an hpforecast.Scenario; got "
                        f"{type(scenario).__name__}.")
    n = V.check_int(n_paths, "n_paths", low=1)
    chunk = V.check_int(chunk_size, "chunk_size", low=1)
    V.check_choice(sampler, "sampler", SAMPLERS)
    if not isinstance(keep_paths, bool):
        raise TypeError(f"keep_paths must be True or False; got {keep_paths!r}.")
    if seed is None or isinstance(seed, np.random.Generator):
        rng = V.check_seed(seed)
        entropy = int(rng.integers(0, 2 ** 63 - 1))
    else:
        V.check_seed(seed)
        entropy = int(seed)
    plan = _make_plan(scenario, history)
    sim = Simulation(scenario=scenario, n_paths=n, seed=entropy, sampler=sampler,
                     chunk_size=chunk, plan=plan, history=history)
    if keep_paths:
        sim._stored = _Chunk(_levels_from_growth(plan, _growth_chunk(plan, entropy, 0, n,
                                                                     sampler)))
    return sim


def iter_chunks(plan: _Plan, entropy: int, n: int, chunk: int,
                sampler: str) -> Iterator[_Chunk]:
    """Yield consecutive chunks of paths (as :class:`_Chunk`)."""
    if isinstance(chunk, numbers.Integral) and chunk < BLOCK:
        chunk = BLOCK  # smaller chunks would regenerate blocks needlessly
    chunk = (chunk // BLOCK) * BLOCK
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        yield _Chunk(_levels_from_growth(plan, _growth_chunk(plan, entropy, lo, hi, sampler)))
