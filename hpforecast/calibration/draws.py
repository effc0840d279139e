"""Parameter uncertainty of a fit, and the forecast paths and moments its parameters imply.

This module owns the model ``g_t = mu + A (g_{t-1} − mu) + L e_t`` as arrays: its
parameters drawn per path from their estimated sampling distribution
(:class:`ParameterDistribution`, see :mod:`hpforecast.calibration` for the distributions),
paths simulated from them (:func:`simulate_paths`) and, with known parameters, the exact
forecast mean and covariance (:func:`forecast_moments`). The fitting code makes a
:class:`ParameterDistribution`; the :class:`~hpforecast.calibration.Calibration` result
draws from it without calling back into fitting.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import _validation as V

__all__ = ["ParameterDraws", "ParameterDistribution", "forecast_moments", "point_draws",
           "seed_as_int", "shock_correlation", "simulate_paths", "var_parts"]


@dataclass(frozen=True)
class ParameterDraws:
    """Parameters of ``y_t = mu + A (y_{t-1} − mu) + L e_t``; arrays over draws (axis 0).

    Attributes
    ----------
    mu : numpy.ndarray
        Means, shape ``(n, k)``.
    A : numpy.ndarray
        Autoregressive matrices, shape ``(n, k, k)``.
    L : numpy.ndarray
        Cholesky factors of the innovation covariance (``L L'``), shape ``(n, k, k)``.
    """

    mu: np.ndarray
    A: np.ndarray
    L: np.ndarray

    @property
    def n(self) -> int:
        """Number of draws."""
        return int(self.mu.shape[0])

    def head(self, n: int) -> ParameterDraws:
        """The first ``n`` draws."""
        return ParameterDraws(self.mu[:n], self.A[:n], self.L[:n])

    def simulate(self, last: np.ndarray, steps: int, rng: np.random.Generator,
                 n: int) -> np.ndarray:
        """Paths of yearly growth from ``last``, shape ``(n, steps, k)``
        (:func:`simulate_paths`)."""
        return simulate_paths(self, last, steps, rng, n)


def point_draws(mean: np.ndarray, A: np.ndarray, sigma: np.ndarray) -> ParameterDraws:
    """The point estimates as a single draw (``sigma`` factored with a 1e-14 ridge)."""
    k = len(mean)
    return ParameterDraws(mean[None, :], A[None, :, :],
                          np.linalg.cholesky(sigma + 1e-14 * np.eye(k))[None, :, :])


def shock_correlation(sigma: np.ndarray) -> np.ndarray:
    """Correlation matrix of a shock covariance ``sigma`` (k × k)."""
    sd = np.sqrt(np.diag(sigma))
    return sigma / np.outer(sd, sd)


def seed_as_int(seed: object) -> int:
    """The integer a fit records for ``seed``: the seed itself, or one drawn from a
    Generator (advancing it) or from fresh entropy for None."""
    rng = V.check_seed(seed)
    return int(seed) if isinstance(seed, numbers.Integral) else int(
        rng.integers(0, 2 ** 63 - 1))


def var_parts(res: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Intercept ``c`` (K,), matrix ``A`` (K, K) and mean ``mu`` (K,) of a statsmodels
    VAR(1) result."""
    B = np.asarray(res.params, dtype=float)          # (1 + K, K)
    K = B.shape[1]
    c, A = B[0], B[1:].T
    mu = np.linalg.solve(np.eye(K) - A, c)
    return c, A, mu


@dataclass(frozen=True, eq=False)
class ParameterDistribution:
    """The estimated sampling distribution of a fit's parameters.

    Attributes
    ----------
    model : str
        ``"iid"``, ``"ar1"`` or ``"var"``.
    estimates : mapping
        For ``iid`` and ``ar1``, by indicator (in the fit's order): ``mean``, ``phi``,
        ``s2`` (SSR / ν), ``nu`` (degrees of freedom), ``n`` (points) and, for ``ar1``,
        ``cov`` (2 × 2 covariance of mean and phi from statsmodels).
    correlation : numpy.ndarray
        Correlation of the shocks across indicators, shape ``(k, k)``.
    var_result : statsmodels VARResults, optional
        For ``var``.
    """

    model: str
    estimates: Mapping = field(repr=False)
    correlation: np.ndarray = field(repr=False)
    var_result: Any = field(default=None, repr=False)

    def draw(self, n: int, rng: np.random.Generator) -> ParameterDraws:
        """``n`` parameter draws (see :mod:`hpforecast.calibration` for the distributions)."""
        if self.model == "var":
            return _draw_var(self.var_result, n, rng)
        k = len(self.estimates)
        Lc = np.linalg.cholesky(self.correlation + 1e-12 * np.eye(k))
        mu = np.empty((n, k))
        A = np.zeros((n, k, k))
        sig = np.empty((n, k))
        for i, est in enumerate(self.estimates.values()):
            nu = est["nu"]
            s2 = est["s2"] * nu / rng.chisquare(nu, size=n)
            sig[:, i] = np.sqrt(s2)
            if self.model == "iid":
                mu[:, i] = est["mean"] + rng.standard_normal(n) * np.sqrt(s2 / est["n"])
                continue
            mu[:, i], A[:, i, i] = _draw_mean_phi(est, s2, n, rng)
        L = sig[:, :, None] * Lc[None, :, :]
        return ParameterDraws(mu, A, L)


def _draw_mean_phi(est: Mapping, s2: np.ndarray, n: int,
                   rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """AR(1) (mu, phi) ~ N(estimate, cov × s2 / s2_hat), redrawn while |phi| ≥ 0.999."""
    C = np.linalg.cholesky(est["cov"] + 1e-15 * np.eye(2))
    scale = np.sqrt(s2 / est["s2"])
    theta = np.empty((n, 2))
    todo = np.arange(n)
    for _ in range(200):
        z = rng.standard_normal((len(todo), 2)) @ C.T
        theta[todo] = np.array([est["mean"], est["phi"]]) + z * scale[todo, None]
        todo = todo[np.abs(theta[todo, 1]) >= 0.999]
        if not len(todo):
            break
    theta[todo, 1] = np.clip(theta[todo, 1], -0.999, 0.999)
    return theta[:, 0], theta[:, 1]


def _draw_var(res, n: int, rng: np.random.Generator) -> ParameterDraws:
    """Σ ~ inverse Wishart, coefficients ~ matrix normal, redrawn while explosive."""
    B = np.asarray(res.params, dtype=float)
    K = B.shape[1]
    X = np.asarray(res.endog_lagged, dtype=float)
    XtXi = np.linalg.inv(X.T @ X)
    Lx = np.linalg.cholesky(XtXi)
    T, m = X.shape
    nu = T - m
    Su = np.asarray(res.sigma_u, dtype=float)
    if nu >= K + 2:
        from scipy import stats
        S = stats.invwishart.rvs(df=nu, scale=Su * nu, size=n, random_state=rng)
        S = np.reshape(S, (n, K, K))
    else:
        S = np.broadcast_to(Su, (n, K, K)).copy()
    Ls = np.linalg.cholesky(S)
    mu = np.empty((n, K))
    A = np.empty((n, K, K))
    todo = np.arange(n)
    for _ in range(200):
        Z = rng.standard_normal((len(todo), m, K))
        Bd = B + np.einsum("ij,njk,nlk->nil", Lx, Z, Ls[todo])
        Ad = np.transpose(Bd[:, 1:, :], (0, 2, 1))
        ok = np.max(np.abs(np.linalg.eigvals(Ad)), axis=1) < 0.999
        good = todo[ok]
        A[good] = Ad[ok]
        mu[good] = np.linalg.solve(np.eye(K)[None] - Ad[ok], Bd[ok, 0, :][..., None])[..., 0]
        todo = todo[~ok]
        if not len(todo):
            break
    if len(todo):   # pragma: no cover - only for nearly explosive fits
        _, A0, mu0 = var_parts(res)
        A[todo], mu[todo] = A0, mu0
    return ParameterDraws(mu, A, Ls)


def simulate_paths(d: ParameterDraws, last: np.ndarray, steps: int,
                   rng: np.random.Generator, n: int) -> np.ndarray:
    """Paths of yearly growth from ``last``, shape ``(n, steps, k)``.

    Path ``i`` uses draw ``i mod d.n`` (draws are recycled when fewer than ``n``).
    """
    idx = np.arange(n) % d.mu.shape[0]
    mu, A, L = d.mu[idx], d.A[idx], d.L[idx]
    k = mu.shape[1]
    y = np.broadcast_to(last, (n, k)).copy()
    out = np.empty((n, steps, k))
    for s in range(steps):
        e = rng.standard_normal((n, k))
        y = mu + np.einsum("nij,nj->ni", A, y - mu) + np.einsum("nij,nj->ni", L, e)
        out[:, s] = y
    return out


def forecast_moments(mu: np.ndarray, A: np.ndarray, Sigma: np.ndarray, last: np.ndarray,
                     steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean ``(steps, k)`` and covariance ``(steps, k, steps, k)`` of the forecast from
    ``last`` with known parameters."""
    k = len(mu)
    powers = [np.eye(k)]
    for _ in range(steps):
        powers.append(A @ powers[-1])
    mean = np.array([mu + powers[s] @ (last - mu) for s in range(1, steps + 1)])
    M = np.zeros((steps * k, steps * k))
    for s in range(steps):
        for j in range(s + 1):
            M[s * k:(s + 1) * k, j * k:(j + 1) * k] = powers[s - j]
    cov = M @ np.kron(np.eye(steps), Sigma) @ M.T
    return mean, cov.reshape(steps, k, steps, k)
