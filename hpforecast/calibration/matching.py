"""A scenario's marginals and persistence matched to a model's forecast distribution.

A :class:`~hpforecast.Scenario` has one marginal per driver and year and AR(1)-type
persistence of the normal scores. This module owns how a fitted model's forecast is
summarised in those terms: the persistence that reproduces the variance of cumulative
growth (:func:`match_persistence`, known parameters) or its 10–90 % band
(:func:`match_band`, simulated predictive paths), and a Normal or Student t with a sample's
median and inner and outer ranges (:func:`t_from_quantiles`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import special  # scipy.stats and optimize are imported where used (slow)

from ..distributions import Normal, StudentT

__all__ = ["BAND", "match_band", "match_persistence", "t_from_quantiles"]

#: Coverage of the band of cumulative growth that is matched and reported.
BAND = (0.10, 0.90)


def match_persistence(sd: np.ndarray, target: np.ndarray) -> np.ndarray:
    """ρ_t (t = 1..H−1) so that Var(Σ_{j≤t} sd_j z_j) equals ``target[t]`` for every t.

    ``z`` are unit-variance scores with corr(z_j, z_t) = ρ_{j+1} ⋯ ρ_t (the engine's
    persistence); each step is linear in ρ_t, so it is solved exactly, then clipped to
    ±0.98.
    """
    H = len(sd)
    rho = np.zeros(max(H - 1, 0))
    corr = np.array([1.0])          # corr(z_j, z_{t-1}), j <= t-1
    var = sd[0] ** 2
    for t in range(1, H):
        b = float(np.dot(sd[:t], corr))
        r = (target[t] - var - sd[t] ** 2) / (2 * sd[t] * b) if abs(b) > 1e-15 else 0.0
        r = float(np.clip(r, -0.98, 0.98)) if np.isfinite(r) else 0.0
        rho[t - 1] = r
        var = var + sd[t] ** 2 + 2 * sd[t] * r * b
        corr = np.append(corr * r, 1.0)
    return rho


def match_band(marginals: Sequence, cum: np.ndarray, rng: np.random.Generator,
                n: int = 10_000) -> np.ndarray:
    """ρ_t so that the engine's 10–90 % band of cumulative growth matches ``cum``'s.

    ``marginals[t]`` are the yearly marginals; ``cum`` (paths × years) the target
    cumulative growth ``Π (1 + g) − 1``. The engine's dependence is reproduced on ``n``
    fixed normal paths (common random numbers make the band width smooth and, in
    practice, increasing in ρ_t), and each ρ_t is found by bisection in [−0.98, 0.98].
    """
    H = len(marginals)
    target = np.diff(np.quantile(cum, BAND, axis=0), axis=0)[0]
    e = rng.standard_normal((n, H))
    z = e[:, 0]
    c = marginals[0].from_normal_scores(z)
    rho = np.zeros(max(H - 1, 0))

    def width(r, t):
        zt = r * z + math.sqrt(1 - r * r) * e[:, t]
        ct = (1 + c) * (1 + marginals[t].from_normal_scores(zt)) - 1
        lo, hi = np.quantile(ct, BAND)
        return hi - lo, zt, ct

    for t in range(1, H):
        lo, hi = -0.98, 0.98
        w_lo, w_hi = width(lo, t)[0], width(hi, t)[0]
        if target[t] <= w_lo:
            r = lo
        elif target[t] >= w_hi:
            r = hi
        else:
            for _ in range(30):
                mid = 0.5 * (lo + hi)
                if width(mid, t)[0] < target[t]:
                    lo = mid
                else:
                    hi = mid
                if hi - lo < 1e-3:
                    break
            r = 0.5 * (lo + hi)
        rho[t - 1] = r
        _, z, c = width(r, t)
    return rho


def t_from_quantiles(sample: np.ndarray) -> Normal | StudentT:
    """A Normal or Student t with the sample's median, 10–90 % and 2.5–97.5 % ranges."""
    q = np.quantile(sample, [0.025, 0.10, 0.5, 0.90, 0.975])
    inner, outer = q[3] - q[1], q[4] - q[0]
    z90, z975 = special.ndtri(0.90), special.ndtri(0.975)
    if inner <= 0:
        return Normal(float(q[2]), 0.0)
    ratio = outer / inner
    if ratio <= (z975 / z90) * 1.005:
        return Normal(float(q[2]), float(inner / (2 * z90)))

    from scipy import optimize, stats

    def gap(df):
        return stats.t.ppf(0.975, df) / stats.t.ppf(0.90, df) - ratio
    lo, hi = 2.05, 1000.0
    df = lo if gap(lo) < 0 else (hi if gap(hi) > 0 else optimize.brentq(gap, lo, hi))
    df = max(df, 2.05)
    scale = inner / (2 * stats.t.ppf(0.90, df))
    return StudentT(float(q[2]), float(scale), float(round(df, 3)))

