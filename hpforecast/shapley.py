"""Shapley effects: each uncertain driver's share of the variance of a target's outcome.

Sobol indices (:func:`hpforecast.sobol`) need independent inputs, so drivers linked by a
correlation are lumped into one group there. Shapley effects (Owen 2014) share the
variance of the output among the inputs even when they are dependent: the effect of
input ``i`` is the average, over all orderings of the inputs, of the rise in explained
variance when ``i`` joins the inputs before it. Effects are non-negative and sum to
``Var(Y)``; here they are divided by it, so they sum to 1. See :func:`shapley`.

An input is one driver with all its years' normal scores. Under the engine's Gaussian
copula those scores are jointly normal, with a covariance computed exactly from the
engine's own recursion (:func:`score_covariance`), so the inputs not in a set can be
drawn exactly from their conditional distribution given the others (conditional normal).

Method
------
Song, Nelson & Staum (2016) with the cost ``c(J) = E[Var(Y | X_{-J})]`` (the variance
left when only the inputs in ``J`` are redrawn): the Shapley effect of ``i`` is

    Sh_i = sum over J not holding i of w(|J|) [c(J ∪ {i}) − c(J)],
    w(s) = s! (d − s − 1)! / d!,

with ``c(∅) = 0`` and ``c(all) = Var(Y)``. Each ``c(J)`` is estimated by drawing
``n_outer`` points ``X``, redrawing ``X_J`` ``n_inner`` times from its conditional law
given ``X_{-J}``, and averaging the within-point sample variances of ``Y`` (unbiased
for any ``n_inner ≥ 2``; Song et al. advise 3). ``Var(Y)`` is the sample variance of
``n_var`` independent evaluations.

- **Exact permutations** (every ordering; the default for up to :data:`MAX_EXACT`
  inputs): every proper subset's cost is estimated once, from its own independent
  sample, and combined with the weights above.
- **Random permutations**: ``n_perm`` random orderings; along each, the costs of its
  ``d − 1`` leading sets are estimated afresh and their increments credited to the
  input that joined.

Standard errors come from the estimator itself, not a bootstrap: the cost estimates
are independent of each other and of ``Var(Y)``'s sample, so the variance of an effect
is the weighted sum of the costs' variances (exact permutations) or the spread of the
per-ordering increments divided by ``n_perm`` (random permutations), plus the part due
to ``Var(Y)`` by the delta method. Intervals are normal, ``effect ± z × se``, and are not
clipped: an effect near 0 may come out slightly negative.

The same costs give the full first-order and total indices under dependence (Iooss &
Prieur 2019): ``first_order_i = Var(E[Y | X_i]) / Var(Y) = 1 − c(all but i) / Var(Y)``
and ``total_i = E[Var(Y | X_{-i})] / Var(Y) = c({i}) / Var(Y)``. For independent inputs
they are the Sobol indices and ``first_order_i ≤ Sh_i ≤ total_i``.

References
----------
Owen, A. B. (2014). Sobol' indices and Shapley value. SIAM/ASA JUQ 2, 245–251.
Song, E., Nelson, B. L. & Staum, J. (2016). Shapley effects for global sensitivity
analysis: theory and computation. SIAM/ASA JUQ 4, 1060–1083.
Owen, A. B. & Prieur, C. (2017). On Shapley value for measuring importance of dependent
inputs. SIAM/ASA JUQ 5, 986–1002.
Iooss, B. & Prieur, C. (2019). Shapley effects for sensitivity analysis with correlated
inputs: comparisons with Sobol' indices, numerical estimation and applications.
IJUQ 9, 493–514.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from itertools import combinations

import numpy as np
import pandas as pd
from scipy.special import ndtri

from . import _validation as V
from ._warnings import ShortSampleWarning
from .engine import (
    Chunk,
    Plan,
    chunk_from_scores,
    growth_from_scores,
    levels_from_growth,
    make_plan,
    scores_from_normals,
)
from .progress import check_progress, progress_bar
from .scenario import Scenario
from .simulation import met_on_chunk, simulate, stat_on_chunk
from .targets import as_targets

__all__ = [
    "MAX_EXACT",
    "OUTPUTS",
    "GaussianInputs",
    "score_covariance",
    "shapley",
    "shapley_effects",
    "uncertain_bases",
    "uncertain_drivers",
]

#: The outputs :func:`shapley` can analyse.
OUTPUTS = ("probability", "statistic")
#: Up to this many inputs, every ordering is used by default (2^d − 2 costs).
MAX_EXACT = 10
#: Default outer points per cost: exact permutations / random permutations.
DEFAULT_OUTER = {"exact": 1024, "random": 1}
#: Default number of random orderings when there are more than MAX_EXACT inputs.
DEFAULT_PERM = 10_000
#: Warn when ``n_var * p * (1 - p)`` is below this (an indicator output).
MIN_EVENTS = 100.0
#: Model evaluations per call (bounds memory; results do not depend on it).
_CHUNK = 65_536

_COLUMNS = ["effect", "se", "low", "high", "first_order", "first_order_se", "total",
            "total_se"]


# --------------------------------------------------------------------------- inputs


def _psd_factor(mat: np.ndarray) -> np.ndarray:
    """F with F @ F.T == mat for a symmetric positive semi-definite matrix (eigen)."""
    w, u = np.linalg.eigh(mat)
    return u * np.sqrt(np.clip(w, 0.0, None))


class GaussianInputs:
    """Jointly normal inputs, each a block of columns, with exact conditional sampling.

    The sampler that :func:`shapley_effects` needs: ``names``, ``sample`` and
    ``resample``. Any object with these three members will do.

    Parameters
    ----------
    cov : array_like, shape (p, p)
        Covariance of the columns (symmetric, positive semi-definite; singular is
        allowed, e.g. two columns correlated 1). The mean is 0.
    blocks : sequence of sequences of int, optional
        The columns of each input; together every column exactly once. Default: one
        input per column.
    names : sequence of str, optional
        One per input; default ``"x0", "x1", ...``.

    Examples
    --------
    >>> import numpy as np
    >>> from hpforecast.shapley import GaussianInputs
    >>> inputs = GaussianInputs([[1.0, 0.9], [0.9, 1.0]], names=["a", "b"])
    >>> x = inputs.sample(4, np.random.default_rng(0))
    >>> inputs.resample(x, (1,), 3, np.random.default_rng(1)).shape   # b redrawn given a
    (4, 3, 2)
    """

    def __init__(self, cov, blocks: Sequence[Sequence[int]] | None = None,
                 names: Sequence[str] | None = None):
        cov = np.array(cov, dtype=float)
        if cov.ndim != 2 or cov.shape[0] != cov.shape[1] or cov.shape[0] == 0:
            raise ValueError(f"cov must be a square matrix; got shape {cov.shape}.")
        if not np.isfinite(cov).all() or not np.allclose(cov, cov.T, atol=1e-12):
            raise ValueError("cov must be finite and symmetric.")
        scale = max(float(np.max(np.abs(np.diag(cov)))), 1e-300)
        if np.linalg.eigvalsh(cov)[0] < -1e-9 * scale:
            raise ValueError("cov must be positive semi-definite; its smallest eigenvalue is "
                             f"{np.linalg.eigvalsh(cov)[0]:.3g}.")
        p = cov.shape[0]
        blocks = [[j] for j in range(p)] if blocks is None else [list(b) for b in blocks]
        flat = sorted(j for b in blocks for j in b)
        if flat != list(range(p)) or any(not b for b in blocks):
            raise ValueError(f"blocks must give every column 0–{p - 1} exactly once, in "
                             f"non-empty blocks; got {blocks!r}.")
        names = [f"x{i}" for i in range(len(blocks))] if names is None else list(names)
        if len(names) != len(blocks) or len(set(names)) != len(names):
            raise ValueError(f"names must be {len(blocks)} distinct names, one per input; "
                             f"got {names!r}.")
        self.cov, self.blocks, self.names = cov, [np.array(b) for b in blocks], tuple(names)
        self._factor = _psd_factor(cov)
        self._conditionals: dict[tuple[int, ...], tuple] = {}

    @property
    def dim(self) -> int:
        """Number of columns ``p``."""
        return self.cov.shape[0]

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` independent draws, shape (n, p)."""
        return rng.standard_normal((n, self._factor.shape[1])) @ self._factor.T

    def _conditional(self, subset: tuple[int, ...]):
        """Columns J of ``subset``, the others K, ``A`` (mean = x_K @ A.T) and a factor."""
        if subset not in self._conditionals:
            J = np.concatenate([self.blocks[i] for i in subset])
            K = np.setdiff1d(np.arange(self.dim), J)
            S = self.cov
            if K.size:
                A = S[np.ix_(J, K)] @ np.linalg.pinv(S[np.ix_(K, K)], hermitian=True)
                C = S[np.ix_(J, J)] - A @ S[np.ix_(K, J)]
            else:
                A, C = np.zeros((J.size, 0)), S[np.ix_(J, J)]
            self._conditionals[subset] = (J, K, A, _psd_factor((C + C.T) / 2))
        return self._conditionals[subset]

    def resample(self, x: np.ndarray, subset: tuple[int, ...], n_inner: int,
                 rng: np.random.Generator) -> np.ndarray:
        """``n_inner`` copies of each row of ``x`` with the inputs in ``subset`` redrawn
        from their conditional distribution given the other inputs: shape (n, n_inner, p).
        """
        J, K, A, L = self._conditional(tuple(sorted(subset)))
        n = x.shape[0]
        out = np.repeat(x[:, None, :], n_inner, axis=1)
        mean = x[:, K] @ A.T
        out[:, :, J] = mean[:, None, :] + rng.standard_normal((n, n_inner, L.shape[1])) @ L.T
        return out


# --------------------------------------------------------------------------- estimator


def _check_sizes(n_outer, n_inner, n_perm, n_var, d: int) -> tuple[str, int, int, int, int]:
    """The method ('exact' or 'random') and the checked sizes."""
    n_inner = V.check_int(n_inner, "n_inner", low=2)
    n_var = V.check_int(n_var, "n_var", low=2)
    if n_perm is None and d > MAX_EXACT:
        n_perm = DEFAULT_PERM
    method = "exact" if n_perm is None else "random"
    n_perm = 0 if n_perm is None else V.check_int(n_perm, "n_perm", low=2)
    n_outer = DEFAULT_OUTER[method] if n_outer is None else V.check_int(n_outer, "n_outer",
                                                                         low=1)
    if method == "exact" and n_outer < 2 and d > 1:
        raise ValueError(f"n_outer must be >= 2 with every ordering (n_perm=None), for a "
                         f"standard error; got {n_outer}.")
    return method, n_outer, n_inner, n_perm, n_var


def _evaluate(model: Callable, x: np.ndarray) -> np.ndarray:
    """The model on rows ``x`` (m, p), checked: a finite float array (m,)."""
    y = np.asarray(model(x), dtype=float)
    if y.shape != (x.shape[0],):
        raise ValueError(f"model must return one value per row, shape ({x.shape[0]},); got "
                         f"shape {y.shape}.")
    if not np.isfinite(y).all():
        raise ValueError(f"model returned {int(np.count_nonzero(~np.isfinite(y)))} "
                         "non-finite value(s) (inf or NaN); Shapley effects need a finite "
                         "output.")
    return y


def _cost_terms(inputs, model, tasks, n_inner: int, rng: np.random.Generator,
                progress: bool | None = None):
    """For each task (subset, rows): the within-row sample variances of Y, shape (rows,).

    Each row is an outer point X; its ``n_inner`` copies have the subset redrawn given
    the rest. Their mean estimates ``c(subset) = E[Var(Y | X_{-subset})]``. The bar
    counts model evaluations.
    """
    out = [np.empty(rows) for _, rows in tasks]
    pending, size = [], 0

    def flush():
        if not pending:
            return
        y = _evaluate(model, np.concatenate([xs for *_, xs in pending]))
        bar.update(y.shape[0])
        at = 0
        for k, lo, xs in pending:
            part = y[at:at + xs.shape[0]].reshape(-1, n_inner)
            out[k][lo:lo + part.shape[0]] = part.var(axis=1, ddof=1)
            at += xs.shape[0]
        pending.clear()

    step = max(1, _CHUNK // n_inner)
    bar = progress_bar(total=sum(rows for _, rows in tasks) * n_inner, desc="Shapley effects",
                       progress=progress, unit="run")
    for k, (subset, rows) in enumerate(tasks):
        for lo in range(0, rows, step):
            m = min(step, rows - lo)
            xs = inputs.resample(inputs.sample(m, rng), subset, n_inner, rng)
            pending.append((k, lo, xs.reshape(m * n_inner, -1)))
            size += m * n_inner
            if size >= _CHUNK:
                flush()
                size = 0
    flush()
    bar.close()
    return out


def _variance(inputs, model, n_var: int, rng: np.random.Generator):
    """Var(Y) from ``n_var`` independent draws, its variance (delta method) and mean(Y)."""
    y = np.concatenate([_evaluate(model, inputs.sample(min(_CHUNK, n_var - lo), rng))
                        for lo in range(0, n_var, _CHUNK)])
    dev2 = (y - y.mean()) ** 2
    return float(y.var(ddof=1)), float(dev2.var(ddof=1) / n_var), float(y.mean())


def _weights(d: int) -> np.ndarray:
    """w(s) = s! (d − s − 1)! / d!, s = 0 .. d − 1."""
    return np.array([math.factorial(s) * math.factorial(d - s - 1) / math.factorial(d)
                     for s in range(d)])


def _exact(inputs, model, d, n_outer, n_inner, rng, progress=None):
    """Every proper subset's cost once: per-input sums A_i, their variances, the costs."""
    subsets = [s for k in range(1, d) for s in combinations(range(d), k)]
    terms = _cost_terms(inputs, model, [(s, n_outer) for s in subsets], n_inner, rng,
                        progress)
    w = _weights(d)
    A, var_a, costs = np.zeros(d), np.zeros(d), {}
    for s, t in zip(subsets, terms):
        c, v = float(t.mean()), float(t.var(ddof=1) / t.size)
        costs[s] = (c, v)
        coef = np.full(d, -w[len(s)])
        coef[list(s)] = w[len(s) - 1]
        A += coef * c
        var_a += coef ** 2 * v
    # The full set's weight (1/d for each input) multiplies Var(Y) itself.
    return A, var_a, np.full(d, 1.0 / d), costs


def _random(inputs, model, d, n_outer, n_inner, n_perm, rng, progress=None):
    """Random orderings: per-ordering increments, pooled into A_i and their variances."""
    perms = np.array([rng.permutation(d) for _ in range(n_perm)])
    where: dict[tuple[int, ...], list[tuple[int, int]]] = {}
    for p, perm in enumerate(perms):
        for j in range(1, d):
            where.setdefault(tuple(sorted(perm[:j])), []).append((p, j))
    order = list(where)
    terms = _cost_terms(inputs, model, [(s, n_outer * len(where[s])) for s in order],
                        n_inner, rng, progress)
    cost = np.zeros((n_perm, d))              # cost[p, j]: c of the first j of perm p
    costs = {}
    for s, t in zip(order, terms):
        per = t.reshape(len(where[s]), n_outer).mean(axis=1)
        for (p, j), c in zip(where[s], per):
            cost[p, j] = c
        costs[s] = (float(t.mean()), float(t.var(ddof=1) / t.size) if t.size > 1 else np.nan)
    rows = np.arange(n_perm)
    D = np.empty((n_perm, d))
    D[rows[:, None], perms[:, :d - 1]] = np.diff(cost, axis=1)  # c_j − c_(j−1), j < d
    D[rows, perms[:, d - 1]] = -cost[:, d - 1]      # the last step: Var(Y) − c_(d−1)
    last = np.zeros((n_perm, d))
    last[rows, perms[:, d - 1]] = 1.0
    return D, last, costs


def _effects(method, parts, var_y, var_var_y):
    """Normalised effects and their standard errors (delta method on Var(Y))."""
    if method == "exact":
        A, var_a, share = parts[:3]
        effect = share + A / var_y
        var = var_a / var_y ** 2 + A ** 2 * var_var_y / var_y ** 4
    else:
        D, last = parts[:2]
        n = D.shape[0]
        per = D / var_y + last
        effect = per.mean(axis=0)
        A = D.mean(axis=0)
        var = per.var(axis=0, ddof=1) / n + A ** 2 * var_var_y / var_y ** 4
    return effect, np.sqrt(var)


def _first_total(costs: dict, d: int, var_y: float, var_var_y: float) -> np.ndarray:
    """Full first-order and total indices, with errors, from the leave-one-out and the
    singleton costs: rows first_order, its se, total, its se. NaN where random
    orderings never estimated that set's cost."""
    if d == 1:
        return np.array([[1.0], [0.0], [1.0], [0.0]])

    def ratio(s):
        if s not in costs:
            return np.nan, np.nan
        c, v = costs[s]
        return c / var_y, math.sqrt(v / var_y ** 2 + c ** 2 * var_var_y / var_y ** 4)

    out = np.empty((4, d))
    for i in range(d):
        rest, se = ratio(tuple(j for j in range(d) if j != i))
        out[0, i], out[1, i] = 1.0 - rest, se
        out[2:, i] = ratio((i,))
    return out


def shapley_effects(
    inputs,
    model: Callable[[np.ndarray], np.ndarray],
    *,
    n_outer: int | None = None,
    n_inner: int = 3,
    n_perm: int | None = None,
    n_var: int = 10_000,
    seed: int | np.random.Generator | None = None,
    confidence: float = 0.95,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Shapley effects of any model of dependent inputs (the estimator behind :func:`shapley`).

    Parameters
    ----------
    inputs : GaussianInputs or similar
        The inputs' sampler: ``names`` (one per input), ``sample(n, rng)`` → array
        (n, p), and ``resample(x, subset, n_inner, rng)`` → array (n, n_inner, p), the
        rows of ``x`` with the inputs whose positions are in ``subset`` redrawn from
        their conditional distribution given the others.
    model : callable
        ``model(x)`` for ``x`` of shape (m, p) returns the output, shape (m,), finite.
    n_outer : int, optional
        Outer points per cost estimate. Default 1024 with every ordering, 1 with random
        orderings (as Song et al. advise).
    n_inner : int, default 3
        Conditional redraws per outer point (≥ 2).
    n_perm : int, optional
        Number of random orderings (≥ 2). Default None: every ordering (the
        exact-permutation estimator), or 10 000 random ones above ``MAX_EXACT`` inputs.
    n_var : int, default 10_000
        Independent evaluations for ``Var(Y)``.
    seed : int, numpy.random.Generator or None
        Recorded in ``attrs["seed"]``.
    confidence : float, default 0.95
        Coverage of the normal intervals.
    progress : bool or None, default None
        A progress bar over the model evaluations: None shows it in a terminal or a
        notebook only (:mod:`hpforecast.progress`), True always, False never.

    Returns
    -------
    pandas.DataFrame
        Indexed by input name: ``effect`` (share of ``Var(Y)``; the effects sum to 1),
        ``se``, ``low``, ``high`` (``effect ± z se``), ``first_order``,
        ``first_order_se``, ``total``, ``total_se`` (full indices under dependence; NaN
        where random orderings never estimated them). ``attrs``: ``seed, method,
        n_evaluations, variance`` (of Y), ``variance_se, mean`` (of Y), ``n_outer,
        n_inner, n_perm, n_var, confidence, error``. The effects are NaN when Y is
        constant on the ``n_var`` draws.

    Raises
    ------
    TypeError, ValueError
        Bad arguments (named), or a model output of the wrong shape or not finite.

    Examples
    --------
    A linear model of two correlated inputs with equal coefficients: equal shares.

    >>> import numpy as np
    >>> from hpforecast.shapley import GaussianInputs, shapley_effects
    >>> inputs = GaussianInputs([[1.0, 0.9], [0.9, 1.0]], names=["a", "b"])
    >>> t = shapley_effects(inputs, lambda x: x[:, 0] + x[:, 1], n_outer=200, seed=1)
    >>> t["effect"].round(2).tolist()
    [0.5, 0.5]
    """
    for attr in ("names", "sample", "resample"):
        if not hasattr(inputs, attr):
            raise TypeError(f"inputs must have names, sample and resample (like "
                            f"GaussianInputs); got {type(inputs).__name__} without {attr!r}.")
    if not callable(model):
        raise TypeError(f"model must be a function of an array (m, p); got "
                        f"{type(model).__name__}.")
    d = len(inputs.names)
    method, n_outer, n_inner, n_perm, n_var = _check_sizes(n_outer, n_inner, n_perm, n_var, d)
    confidence = V.check_probability(confidence, "confidence")
    progress = check_progress(progress)
    entropy = V.seed_entropy(seed)
    ss_var, ss_cost = np.random.SeedSequence(entropy).spawn(2)
    var_y, var_var_y, mean_y = _variance(inputs, model, n_var, np.random.default_rng(ss_var))
    rng = np.random.default_rng(ss_cost)
    if d == 1:
        parts, costs, n_eval = (np.zeros(1), np.zeros(1), np.ones(1)), {}, 0
        method = "exact"
    elif method == "exact":
        *parts, costs = _exact(inputs, model, d, n_outer, n_inner, rng, progress)
        n_eval = (2 ** d - 2) * n_outer * n_inner
    else:
        *parts, costs = _random(inputs, model, d, n_outer, n_inner, n_perm, rng, progress)
        n_eval = n_perm * (d - 1) * n_outer * n_inner
    with np.errstate(divide="ignore", invalid="ignore"):
        if var_y > 0:
            effect, se = _effects(method, parts, var_y, var_var_y)
            ft = _first_total(costs, d, var_y, var_var_y)
        else:
            effect, se, ft = np.full(d, np.nan), np.full(d, np.nan), np.full((4, d), np.nan)
    z = float(ndtri((1 + confidence) / 2))
    table = pd.DataFrame({"effect": effect, "se": se, "low": effect - z * se,
                          "high": effect + z * se, "first_order": ft[0],
                          "first_order_se": ft[1], "total": ft[2], "total_se": ft[3]},
                         index=pd.Index(list(inputs.names), name="input"), columns=_COLUMNS)
    table.attrs.update(seed=entropy, method=_method_text(method, n_outer, n_inner, n_perm),
                       n_evaluations=int(n_eval + n_var), variance=var_y,
                       variance_se=math.sqrt(var_var_y), mean=mean_y, n_outer=n_outer,
                       n_inner=n_inner, n_perm=n_perm if method == "random" else None,
                       n_var=n_var, confidence=confidence, error=_ERROR)
    return table


_ERROR = ("standard error from the estimator (independent cost estimates; delta method for "
          "Var(Y)); normal interval, not a bootstrap")


def _method_text(method: str, n_outer: int, n_inner: int, n_perm: int) -> str:
    how = ("every ordering (exact permutations)" if method == "exact"
           else f"{n_perm:,} random orderings")
    return (f"Shapley effects, Song, Nelson & Staum (2016), cost E[Var(Y | X_-J)] with "
            f"{how}, {n_outer:,} outer x {n_inner} inner conditional draws per cost")


# --------------------------------------------------------------------------- scenario


def score_covariance(plan: Plan) -> np.ndarray:
    """Exact covariance of every driver's normal scores in every simulated year.

    The engine's copula (:func:`hpforecast.engine.scores_from_normals`) is linear in the
    independent normals ``e``: ``z = M e``. Feeding it the unit vectors gives ``M``, and
    the covariance is ``M M'`` — the same-year correlation and the persistence exactly as
    simulated, nothing estimated.

    Parameters
    ----------
    plan : Plan
        From :func:`hpforecast.engine.make_plan`.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_drivers * n_years, n_drivers * n_years)``; row ``j * n_years + t`` is
        driver ``plan.drivers[j]`` in simulated year ``t``.

    Examples
    --------
    >>> import numpy as np, hpforecast as hpf
    >>> from hpforecast.engine import make_plan
    >>> from hpforecast.shapley import score_covariance
    >>> sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.13, 0.02)}, persistence=0.5,
    ...                   base_values={"grdp_real": 100.0}, end_year=2028)
    >>> np.round(score_covariance(make_plan(sc))[0], 3).tolist()    # rho ** k
    [1.0, 0.5, 0.25]
    """
    n_y, n_d = plan.n_years, len(plan.drivers)
    p = n_y * n_d
    e = np.zeros((n_y, p, n_d))
    for j in range(n_d):
        for t in range(n_y):
            e[t, j * n_y + t, j] = 1.0
    z = scores_from_normals(plan, e)                 # z[t, k, j] = M[(j, t), k]
    M = z.transpose(2, 0, 1).reshape(p, p)
    return M @ M.T


def uncertain_drivers(plan: Plan) -> tuple[str, ...]:
    """The drivers whose normal scores move some simulated level (``plan.drivers`` order).

    A driver whose growth (or level) is fixed in every year draws nothing the paths
    use, so it is not an input of :func:`shapley`. Found with the engine itself: each
    driver's scores set to −1 and to +1 in every year, the others at 0.
    """
    n_y, n_d = plan.n_years, len(plan.drivers)
    out = []
    for j, d in enumerate(plan.drivers):
        z = np.zeros((n_y, 2, n_d))
        z[:, 0, j], z[:, 1, j] = -1.0, 1.0
        with np.errstate(all="ignore"):
            levels = chunk_from_scores(plan, z).drivers()
        if any(a.shape[0] > 1 and not np.array_equal(a[0], a[1], equal_nan=True)
               for a in levels.values()):
            out.append(d)
    return tuple(out)


def uncertain_bases(plan: Plan) -> tuple[str, ...]:
    """Drivers whose base value is a distribution that is not a point (drawn per path).

    Each is an input of :func:`shapley` of its own, named ``"base:<driver>"``: its
    normal score is independent of every other (the engine draws it from its own stream).
    """
    return tuple(d for d, dist in plan.base_dists.items() if not dist.is_degenerate)


def _scenario_model(plan: Plan, check, columns: list[int], bases: tuple[str, ...],
                    output: str) -> Callable:
    """Y for rows of the inputs (m, k × n_years + len(bases)): the drivers' scores,
    driver-major, then one score per uncertain base."""
    n_y, n_d, year0 = plan.n_years, len(plan.drivers), plan.scenario.base_year
    n_z = len(columns) * n_y

    def model(x: np.ndarray) -> np.ndarray:
        m = x.shape[0]
        z = np.zeros((n_y, m, n_d))
        z[:, :, columns] = x[:, :n_z].reshape(m, len(columns), n_y).transpose(2, 0, 1)
        base = dict(plan.base)
        for j, d in enumerate(bases):
            base[d] = plan.base_dists[d].from_normal_scores(x[:, n_z + j])
        with np.errstate(all="ignore"):
            chunk = Chunk(levels_from_growth(plan, growth_from_scores(plan, z), base=base), m)
        if output == "probability":
            return met_on_chunk([check], chunk, year0)[0].astype(float)
        with np.errstate(all="ignore"):
            y = np.asarray(stat_on_chunk(check, chunk, year0), dtype=float)
        if not np.isfinite(y).all():
            raise ValueError(f"output='statistic': the statistic of {check.target.name!r} "
                             "is not finite on some paths (overflow); use "
                             "output='probability'.")
        return y

    return model


def _scenario_inputs(plan: Plan) -> tuple[GaussianInputs, list[int], tuple[str, ...]]:
    """The inputs: each uncertain driver's scores (driver-major columns), then each
    uncertain base's score; the drivers' positions in ``plan.drivers``; the bases."""
    drivers, bases = uncertain_drivers(plan), uncertain_bases(plan)
    if not drivers and not bases:
        raise ValueError(f"scenario {plan.scenario.name!r} has no uncertain driver: every "
                         "growth (and base) is fixed, so there is no variance to share.")
    n_y, n_z = plan.n_years, len(drivers) * plan.n_years
    idx = [plan.drivers.index(d) for d in drivers]
    cols = [j * n_y + t for j in idx for t in range(n_y)]
    cov = np.eye(n_z + len(bases))
    cov[:n_z, :n_z] = score_covariance(plan)[np.ix_(cols, cols)]
    blocks = [range(k * n_y, (k + 1) * n_y) for k in range(len(drivers))]
    blocks += [[n_z + j] for j in range(len(bases))]
    names = drivers + tuple(f"base:{d}" for d in bases)
    return GaussianInputs(cov, blocks=blocks, names=names), idx, bases


def _one_target(scenario: Scenario, target, history):
    """The target's assessment on the scenario (one target, evaluable) and the plan."""
    tlist = as_targets(target)
    if len(tlist) != 1:
        raise ValueError(f"target must be one Target; got {len(tlist)} targets "
                         f"({', '.join(t.name for t in tlist[:3])}{', ...' if len(tlist) > 3 else ''})."
                         " Call shapley once per target.")
    check = simulate(scenario, n_paths=1, seed=0, history=history).assess(tlist)[0]
    if not check.ok:
        raise ValueError(f"target {check.target.name!r} cannot be evaluated on scenario "
                         f"{scenario.name!r}: {check.reason}.")
    return check, make_plan(scenario, history)


def shapley(
    scenario: Scenario,
    target,
    *,
    output: str = "probability",
    n_outer: int | None = None,
    n_inner: int = 3,
    n_perm: int | None = None,
    n_var: int = 10_000,
    seed: int | np.random.Generator | None = None,
    confidence: float = 0.95,
    max_se: float = 0.05,
    history: pd.DataFrame | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Each uncertain driver's share of the variance of a target's outcome, under correlation.

    Shapley effects (Owen 2014; Song, Nelson & Staum 2016) give every driver its own
    share even when drivers are correlated, where :func:`hpforecast.sobol` must lump
    them into one group. The output is ``1{target met}`` on a path (its mean is the
    probability) or the target's statistic (the level in the target year, the average
    growth ...). One input per driver whose growth or level is uncertain: all its years'
    normal scores together; drivers with fixed growth are not inputs. A base value given
    as a distribution is an input of its own, ``"base:<driver>"`` (independent of the
    rest). The scores are jointly normal (the engine's Gaussian copula, persistence
    included), so the inputs are redrawn exactly from their conditional law given the
    others.

    A driver that does not enter the target but is correlated with one that does gets a
    share too: knowing it tells something about the output. That is what Shapley
    effects measure; they are shares of explained variance, not causal weights.

    Parameters
    ----------
    scenario : Scenario
    target : Target
        One target (a one-element list or TargetSet is accepted). It must be evaluable
        on the scenario.
    output : {"probability", "statistic"}, default "probability"
        Analyse the indicator ``1{target met}`` or the target's statistic itself.
    n_outer : int, optional
        Outer points per cost estimate; default 1024 (every ordering) or 1 (random ones).
    n_inner : int, default 3
        Conditional redraws per outer point (≥ 2).
    n_perm : int, optional
        Random orderings (≥ 2). Default None: every ordering (exact permutations) up to
        :data:`MAX_EXACT` inputs, 10 000 random ones above. The model is run
        ``(2^d − 2) n_outer n_inner + n_var`` times (every ordering) or
        ``n_perm (d − 1) n_outer n_inner + n_var`` times for ``d`` inputs.
    n_var : int, default 10_000
        Paths for ``Var(Y)``.
    seed : int, numpy.random.Generator or None
        Recorded in ``attrs["seed"]`` (an int that reproduces the table).
    confidence : float, default 0.95
        Coverage of the normal intervals ``effect ± z se``.
    max_se : float, default 0.05
        Warn when an effect's standard error is larger.
    history : DataFrame, optional
        History for base levels and recorded parts of targets (default: embedded).
    progress : bool or None, default None
        A bar over the model runs: None only in a terminal or a notebook, True, False.

    Returns
    -------
    pandas.DataFrame
        One row per input (index ``input``: drivers, then ``base:`` ones): ``effect``
        (share of ``Var(Y)``; the effects sum to 1), ``se`` (standard error from the estimator),
        ``low, high`` (normal interval), ``first_order, first_order_se, total,
        total_se`` (full first-order and total indices under dependence). ``attrs``:
        ``target, output, scenario, seed, method, error, n_evaluations, variance``
        (Var(Y)), ``variance_se, mean`` (the probability, for ``output="probability"``),
        ``fixed_drivers``, ``n_outer, n_inner, n_perm, n_var, confidence``.

    Raises
    ------
    TypeError, ValueError
        Bad arguments (named), a target that cannot be evaluated on the scenario,
        several targets, a scenario with no uncertain driver, or a statistic that is not
        finite on some path.

    Warns
    -----
    ShortSampleWarning
        When the target is met on all or none of the ``n_var`` paths (NaN effects),
        ``n_var p (1 − p) < 100``, or an effect's standard error exceeds ``max_se``.

    Notes
    -----
    The estimator, its error and the conditional sampling are described in the module
    notes (:mod:`hpforecast.shapley`).

    Examples
    --------
    Real growth and the deflator, correlated 0.6, for nominal GRDP in 2030:

    >>> import hpforecast as hpf
    >>> sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.10, 0.02),
    ...                           "grdp_deflator": hpf.Normal(0.03, 0.01)},
    ...                   correlation={("grdp_real", "grdp_deflator"): 0.6},
    ...                   base_values={"grdp_real": 100.0, "grdp_deflator": 1.0})
    >>> t = hpf.Target.level("grdp_nominal", 2030, 190.0)
    >>> table = hpf.shapley(sc, t, n_outer=2000, n_var=4000, seed=1)
    >>> table["effect"].round(1).to_dict()
    {'grdp_deflator': 0.4, 'grdp_real': 0.6}
    >>> float(table["effect"].sum())
    1.0
    """
    V.check_type(scenario, "scenario", Scenario, "an hpforecast.Scenario")
    output = V.check_choice(output, "output", OUTPUTS)
    max_se = V.check_number(max_se, "max_se", low=0.0, low_inclusive=False)
    check, plan = _one_target(scenario, target, history)
    inputs, idx, bases = _scenario_inputs(plan)
    table = shapley_effects(inputs, _scenario_model(plan, check, idx, bases, output),
                            n_outer=n_outer, n_inner=n_inner, n_perm=n_perm, n_var=n_var,
                            seed=seed, confidence=confidence, progress=progress)
    table.attrs.update(target=check.target.name, output=output, scenario=scenario.name,
                       fixed_drivers=tuple(d for d in plan.drivers if d not in inputs.names))
    _warn_precision(table, check.target.name, output, max_se)
    return table


def _warn_precision(table: pd.DataFrame, name: str, output: str, max_se: float) -> None:
    a = table.attrs
    msgs = []
    if not a["variance"] > 0:
        msgs.append(f"{name!r} has no variance on the {a['n_var']:,} paths (met on "
                    f"{'all' if a['mean'] > 0.5 else 'none'} of them, or a constant "
                    "statistic), so its effects are undefined (NaN)")
    else:
        events = a["n_var"] * a["variance"]
        if output == "probability" and events < MIN_EVENTS:
            msgs.append(f"n_var·p·(1−p) = {events:.0f} < {MIN_EVENTS:.0f} (p = "
                        f"{a['mean']:.3g}); increase n_var to at least "
                        f"{math.ceil(MIN_EVENTS / a['variance']):,}")
        worst = float(table["se"].max())
        if worst > max_se:
            msgs.append(f"an effect's standard error is {worst:.3f} (> max_se={max_se:g}); "
                        "increase n_outer (or n_perm)")
    if msgs:
        warnings.warn(f"Shapley effects of {name!r} are imprecise: " + "; ".join(msgs) + ".",
                      ShortSampleWarning, stacklevel=3)
