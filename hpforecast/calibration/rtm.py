"""The ``rtm`` model: growth several years ahead, with regression to the mean.

Growth rates of fast-growing economies regress toward the mean (Pritchett & Summers 2014,
"Asiaphoria meets regression to the mean", NBER w20573): a model fitted to one short
record of fast growth overstates its persistence. ``rtm`` builds the regression in, with
its strength estimated on a panel of many economies (:func:`hpforecast.load_panel`).

The model
---------
Work in log growth ``y_t = log(1 + g_t)``. An economy's growth is a reference growth
``r`` plus two stationary AR(1) components::

    y_t = r + a_t + u_t
    a_t = rho a_{t-1} + w_t,   w_t ~ N(0, lambda tau^2 (1 - rho^2))     long-run mean
    u_t = phi u_{t-1} + e_t,   e_t ~ N(0, lambda sigma^2 (1 - phi^2))   deviations
    lambda ~ df / chi2(df)     one random scale per record (fat tails, own volatility)

``a`` is the economy's long-run mean relative to the reference: across economies it has
sd ``tau`` and it regresses toward 0 at rate ``rho`` a year; ``u`` is the year-to-year
deviation. Given a record of ``n`` rates, the next ``H`` years of log growth are exactly
multivariate Student t with ``df + n`` degrees of freedom, location
``r + rho^k a_T|T + phi^k u_T|T`` (k = 1 … H, the Kalman filter's state at the end of the
record) and scale the Kalman forecast covariance × ``(df + δ) / (df + n)``, δ being the
record's Mahalanobis distance (the sum of its squared standardised one-step errors). So:

* the record's mean is **partially pooled** toward ``r`` (a short or volatile record more),
  and ``rho`` pulls it further toward ``r`` over the horizon;
* a volatile record, or one far from ``r``, gets a **wider** predictive.

Parameters and their uncertainty
--------------------------------
The six panel parameters ``r, tau, rho, phi, sigma, df`` are estimated by
:func:`estimate_rtm_parameters` (type-II maximum likelihood, empirical Bayes): the sum,
over every (economy, origin) window of the panel and every horizon h = 1 … H, of the log
predictive density of the cumulative log growth to ``T + h`` given the window (a univariate
t, the model's exact marginal). Overlapping windows make it a composite likelihood, so
the standard errors are the economy-clustered sandwich (Huber–White), by the delta method
from the internal scale (``r``; log ``tau``, ``sigma``, ``df``; logit ``rho``; atanh
``phi``). With parameter uncertainty, each path draws the six from N(estimate, clustered
covariance) on the internal scale. The economy's own long-run mean, deviation and scale
are integrated out in any case: that is the posterior predictive above.

The estimates used by ``calibrate(model="rtm")`` ship in ``hpforecast/data/`` (written by
``scripts/estimate_rtm_parameters.py``, provenance in ``rtm_provenance.csv``; read them
with :func:`rtm_parameters`).

The reference
-------------
By default the long-run mean regresses toward the panel's ``r`` (all economies:
``e^r − 1`` ≈ 3.4 % a year on PWT 9.1). ``reference=`` replaces it by a growth rate, or by
another record's own ``rtm`` outlook drawn per path: for a province, its country's
(:func:`hpforecast.scenarios.outside_view` uses Viet Nam's for Hai Phong). The reference
draw of a path is the reference record's average log growth over the panel's horizon
(5 years) under the same panel parameters as the path.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

import numpy as np
import pandas as pd

from .. import _validation as V
from ..data import read_package_csv
from .panel import PanelWindows, panel_fingerprint, panel_windows

__all__ = ["RTM_PARAMETERS", "RTMParameters", "RTMDistribution", "RTMDraws",
           "estimate_rtm_parameters", "rtm_parameters", "rtm_moments", "rtm_paths",
           "rtm_panel_paths", "RTM_PANELS"]

#: The model's panel parameters, in the order of the internal vector.
RTM_PARAMETERS = ("r", "tau", "rho", "phi", "sigma", "df")
#: Panels whose estimates ship with the package (``rtm_parameters.csv``).
RTM_PANELS = ("pwt91", "pwt56")
#: What each parameter means (for summaries).
MEANING = {
    "r": "reference growth (log growth a year)",
    "tau": "sd of the long-run mean across economies (log growth)",
    "rho": "yearly persistence of the long-run mean",
    "phi": "yearly persistence of the deviations",
    "sigma": "sd of the deviations (log growth)",
    "df": "degrees of freedom of the random scale (fat tails)",
}
_START = {"r": 0.035, "tau": 0.02, "rho": 0.9, "phi": 0.2, "sigma": 0.03, "df": 3.0}


def _natural(theta: np.ndarray) -> dict[str, np.ndarray]:
    """Internal vector(s), shape ``(6,)`` or ``(n, 6)`` → natural parameters (arrays)."""
    t = np.atleast_2d(np.asarray(theta, dtype=float))
    return {"r": t[:, 0], "tau": np.exp(t[:, 1]), "rho": 1.0 / (1.0 + np.exp(-t[:, 2])),
            "phi": np.tanh(t[:, 3]), "sigma": np.exp(t[:, 4]), "df": np.exp(t[:, 5])}


def _internal(p: Mapping[str, float]) -> np.ndarray:
    """Natural parameters → internal vector."""
    return np.array([p["r"], math.log(p["tau"]), math.log(p["rho"] / (1 - p["rho"])),
                     math.atanh(p["phi"]), math.log(p["sigma"]), math.log(p["df"])])


# ---------------------------------------------------------------------- the model


def _filter(z: np.ndarray, tau2, rho, phi, sig2):
    """Kalman filter of ``z_t = a_t + u_t`` (two stationary AR(1) states), vectorised.

    Parameters broadcast to ``(N,)``; ``z`` has shape ``(N, n)``; the states start from
    their stationary distribution N(0, diag(tau2, sig2)). Returns the filtered mean
    ``(N, 2)`` and covariance ``(N, 2, 2)`` at the last observation, and δ ``(N,)``, the
    sum of squared standardised one-step prediction errors.
    """
    N, n = z.shape
    tau2, rho, phi, sig2 = (np.broadcast_to(np.asarray(v, float), (N,))
                            for v in (tau2, rho, phi, sig2))
    q_a, q_u = tau2 * (1 - rho ** 2), sig2 * (1 - phi ** 2)
    m = np.zeros((N, 2))
    Paa, Puu, Pau = tau2.copy(), sig2.copy(), np.zeros(N)
    delta = np.zeros(N)
    for t in range(n):
        if t > 0:
            m = np.stack([rho * m[:, 0], phi * m[:, 1]], axis=1)
            Paa, Puu, Pau = rho ** 2 * Paa + q_a, phi ** 2 * Puu + q_u, rho * phi * Pau
        S = Paa + Puu + 2 * Pau
        ka, ku = (Paa + Pau) / S, (Pau + Puu) / S
        v = z[:, t] - m[:, 0] - m[:, 1]
        delta += v * v / S
        m = m + np.stack([ka * v, ku * v], axis=1)
        Paa, Puu, Pau = Paa - ka * ka * S, Puu - ku * ku * S, Pau - ka * ku * S
    P = np.empty((N, 2, 2))
    P[:, 0, 0], P[:, 1, 1], P[:, 0, 1], P[:, 1, 0] = Paa, Puu, Pau, Pau
    return m, P, delta


def _moments(ylog: np.ndarray, nat: Mapping[str, np.ndarray], horizon: int,
             r: np.ndarray | None = None):
    """Predictive location ``(N, H)``, scale matrix ``(N, H, H)`` and df ``(N,)`` of log
    growth; ``ylog`` ``(N, n)`` records, ``nat`` parameters of length 1 or N, ``r`` an
    optional reference (log growth) of length 1 or N replacing ``nat["r"]``."""
    N, n = ylog.shape
    b = {k: np.broadcast_to(np.asarray(v, float), (N,)) for k, v in nat.items()}
    ref = b["r"] if r is None else np.broadcast_to(np.asarray(r, float), (N,))
    tau2, rho, phi, sig2 = b["tau"] ** 2, b["rho"], b["phi"], b["sigma"] ** 2
    m, P, delta = _filter(ylog - ref[:, None], tau2, rho, phi, sig2)
    k = np.arange(1, horizon + 1)
    fa, fu = rho[:, None] ** k, phi[:, None] ** k
    loc = ref[:, None] + fa * m[:, [0]] + fu * m[:, [1]]
    C = (P[:, 0, 0, None, None] * fa[:, :, None] * fa[:, None, :]
         + P[:, 1, 1, None, None] * fu[:, :, None] * fu[:, None, :]
         + P[:, 0, 1, None, None] * (fa[:, :, None] * fu[:, None, :]
                                     + fu[:, :, None] * fa[:, None, :]))
    # future shocks of a stationary AR(1) with variance v: v c^|j-k| (1 - c^(2 min(j,k)))
    d = np.abs(k[:, None] - k[None, :])
    mn = np.minimum(k[:, None], k[None, :])
    C += tau2[:, None, None] * rho[:, None, None] ** d * (1 - rho[:, None, None] ** (2 * mn))
    C += sig2[:, None, None] * phi[:, None, None] ** d * (1 - phi[:, None, None] ** (2 * mn))
    nu = b["df"]
    C *= ((nu + delta) / (nu + n))[:, None, None]
    return loc, C, nu + n


def _mvt_draws(loc: np.ndarray, C: np.ndarray, df: np.ndarray, rng: np.random.Generator,
               per: int) -> np.ndarray:
    """``per`` draws of a multivariate t for each row: shape ``(N, per, H)``."""
    N, H = loc.shape
    L = np.linalg.cholesky(C)
    z = rng.standard_normal((N, per, H))
    x = np.einsum("nij,npj->npi", L, z)
    df = np.broadcast_to(np.asarray(df, float), (N,))
    w = np.sqrt(df[:, None] / rng.chisquare(np.repeat(df[:, None], per, 1)))
    return loc[:, None, :] + w[:, :, None] * x


def _log_record(growth, name: str = "growth") -> np.ndarray:
    g = np.asarray(growth, dtype=float)
    if g.ndim != 1 or len(g) < 2:
        raise ValueError(f"{name} must be a 1-D sequence of at least 2 yearly growth rates; "
                         f"got shape {g.shape}.")
    if not np.all(np.isfinite(g)) or np.any(g <= -1):
        raise ValueError(f"{name} must hold finite growth rates above −1 (fractions per "
                         f"year); got {g[~(np.isfinite(g) & (g > -1))][0]!r}.")
    if np.any(np.abs(g) > 1.0):
        raise ValueError(f"{name} must be fractions per year, like 0.13; got "
                         f"{g[np.abs(g) > 1][0]!r}. Did you give percentages?")
    return np.log1p(g)


# ----------------------------------------------------------- panel parameters


@dataclass(frozen=True, eq=False)
class RTMParameters:
    """Estimated panel parameters of ``rtm``, their sampling distribution and provenance.

    Made by :func:`estimate_rtm_parameters` (or read by :func:`rtm_parameters`).

    Attributes
    ----------
    estimate, std_err, ci_low, ci_high : mapping
        Parameter → value (natural scale; the 95 % interval is mapped from the internal
        scale, so it need not be symmetric).
    internal : numpy.ndarray, shape ``(6,)``
        The estimates on the internal scale (``r``; log ``tau``; logit ``rho``; atanh
        ``phi``; log ``sigma``; log ``df``).
    covariance : numpy.ndarray, shape ``(6, 6)``
        Economy-clustered sandwich covariance of ``internal`` (zero: no parameter
        uncertainty).
    provenance : mapping
        Panel, file sha256, windows, economies, origin years, method, log-likelihood,
        convergence, date.
    """

    estimate: Mapping = field(repr=False)
    std_err: Mapping = field(repr=False)
    ci_low: Mapping = field(repr=False)
    ci_high: Mapping = field(repr=False)
    internal: np.ndarray = field(repr=False)
    covariance: np.ndarray = field(repr=False)
    provenance: Mapping = field(repr=False)

    @classmethod
    def from_values(cls, *, r: float, tau: float, rho: float, phi: float, sigma: float,
                    df: float, label: str = "given") -> RTMParameters:
        """Parameters given by value (no sampling uncertainty), e.g. to simulate the model.

        Raises
        ------
        ValueError
            Unless tau, sigma, df > 0, 0 < rho < 1 and −1 < phi < 1.

        Examples
        --------
        >>> from hpforecast.calibration import RTMParameters
        >>> RTMParameters.from_values(r=0.03, tau=0.02, rho=0.9, phi=0.2, sigma=0.04, df=4)
        RTMParameters(given: r=0.0300, tau=0.0200, rho=0.900, phi=0.200, sigma=0.0400, df=4.00)
        """
        vals = {"r": V.check_number(r, "r"),
                "tau": V.check_number(tau, "tau", low=0, low_inclusive=False),
                "rho": V.check_number(rho, "rho", low=0, high=1, low_inclusive=False,
                                      high_inclusive=False),
                "phi": V.check_number(phi, "phi", low=-1, high=1, low_inclusive=False,
                                      high_inclusive=False),
                "sigma": V.check_number(sigma, "sigma", low=0, low_inclusive=False),
                "df": V.check_number(df, "df", low=0, low_inclusive=False)}
        zero = MappingProxyType(dict.fromkeys(RTM_PARAMETERS, 0.0))
        return cls(estimate=MappingProxyType(vals), std_err=zero,
                   ci_low=MappingProxyType(dict(vals)), ci_high=MappingProxyType(dict(vals)),
                   internal=_internal(vals), covariance=np.zeros((6, 6)),
                   provenance=MappingProxyType({"panel": V.check_str(label, "label")}))

    @property
    def label(self) -> str:
        """The panel the parameters were estimated on."""
        return str(self.provenance.get("panel", "panel"))

    @property
    def reference_growth(self) -> float:
        """The panel's reference growth as a fraction per year, ``e^r − 1``."""
        return math.expm1(self.estimate["r"])

    @property
    def half_life(self) -> float:
        """Years for the long-run mean's distance from the reference to halve."""
        return math.log(0.5) / math.log(self.estimate["rho"])

    @property
    def summary(self) -> pd.DataFrame:
        """Indexed by ``parameter``: ``estimate, std_err, ci_low, ci_high, meaning``."""
        rows = [{"parameter": k, "estimate": self.estimate[k], "std_err": self.std_err[k],
                 "ci_low": self.ci_low[k], "ci_high": self.ci_high[k], "meaning": MEANING[k]}
                for k in RTM_PARAMETERS]
        out = pd.DataFrame(rows).set_index("parameter")
        out.attrs["provenance"] = dict(self.provenance)
        return out

    def draw(self, n: int, rng: np.random.Generator | None) -> dict[str, np.ndarray]:
        """``n`` draws of the parameters (arrays of length n); ``rng=None``: the estimate
        repeated."""
        T = np.repeat(self.internal[None, :], n, axis=0)
        if rng is not None:
            ev, U = np.linalg.eigh(np.asarray(self.covariance, float))
            Lc = U * np.sqrt(np.maximum(ev, 0.0))
            T = T + rng.standard_normal((n, len(RTM_PARAMETERS))) @ Lc.T
        return _natural(T)

    def table(self) -> pd.DataFrame:
        """The rows written to ``rtm_parameters.csv`` for this panel (see
        :func:`rtm_parameters`)."""
        rows = []
        for i, k in enumerate(RTM_PARAMETERS):
            row = {"panel": self.label, "parameter": k, "estimate": self.estimate[k],
                   "std_err": self.std_err[k], "ci_low": self.ci_low[k],
                   "ci_high": self.ci_high[k], "internal": self.internal[i]}
            row.update({f"cov_{m}": self.covariance[i, j]
                        for j, m in enumerate(RTM_PARAMETERS)})
            rows.append(row)
        return pd.DataFrame(rows)

    def provenance_table(self) -> pd.DataFrame:
        """The rows written to ``rtm_provenance.csv``: ``panel, key, value`` (text)."""
        return pd.DataFrame([{"panel": self.label, "key": k,
                              "value": v if isinstance(v, str) else json.dumps(v)}
                             for k, v in self.provenance.items()])

    def __repr__(self) -> str:
        e = self.estimate
        return (f"RTMParameters({self.label}: r={e['r']:.4f}, tau={e['tau']:.4f}, "
                f"rho={e['rho']:.3f}, phi={e['phi']:.3f}, sigma={e['sigma']:.4f}, "
                f"df={e['df']:.2f})")

    def _repr_html_(self) -> str:
        p = self.provenance
        return (f"<p><b>rtm panel parameters</b> estimated on {self.label} "
                f"({p.get('n_windows')} windows, {p.get('n_economies')} economies); "
                f"reference growth {100 * self.reference_growth:.2f} %/yr, half-life of "
                f"the long-run mean {self.half_life:.1f} years.</p>"
                + self.summary.to_html(float_format=lambda x: f"{x:.4g}"))


def _loglik_obs(theta: np.ndarray, ylog: np.ndarray, yfut: np.ndarray) -> np.ndarray:
    """Per-window objective: Σ_h log t-density of the cumulative log growth to T + h."""
    from scipy import stats

    loc, C, df = _moments(ylog, _natural(theta), yfut.shape[1])
    out = np.zeros(len(ylog))
    for h in range(1, yfut.shape[1] + 1):
        mu = loc[:, :h].sum(axis=1)
        sd = np.sqrt(C[:, :h, :h].sum(axis=(1, 2)))
        out += stats.t.logpdf((yfut[:, :h].sum(axis=1) - mu) / sd, df) - np.log(sd)
    return out


def _clustered_covariance(theta: np.ndarray, ylog: np.ndarray, yfut: np.ndarray,
                          groups: np.ndarray) -> np.ndarray:
    """Economy-clustered sandwich H⁻¹ (Σ_c s_c s_c') H⁻¹ · C/(C − 1) of the internal
    parameters (scores and Hessian by central differences)."""
    k, eps, h = len(theta), 1e-4, 1e-3
    G = np.empty((len(ylog), k))
    for j in range(k):
        e = np.zeros(k)
        e[j] = eps
        G[:, j] = (_loglik_obs(theta + e, ylog, yfut)
                   - _loglik_obs(theta - e, ylog, yfut)) / (2 * eps)

    def f(t):
        return float(np.sum(_loglik_obs(t, ylog, yfut)))

    Hm = np.empty((k, k))
    for i in range(k):
        for j in range(i, k):
            ei, ej = np.zeros(k), np.zeros(k)
            ei[i], ej[j] = h, h
            v = f(theta + ei + ej) - f(theta + ei - ej) - f(theta - ei + ej) + f(theta - ei - ej)
            Hm[i, j] = Hm[j, i] = v / (4 * h * h)
    codes = pd.factorize(groups)[0]
    nc = int(codes.max()) + 1
    Gc = np.zeros((nc, k))
    np.add.at(Gc, codes, G)
    Hinv = np.linalg.inv(-Hm)
    return Hinv @ (Gc.T @ Gc) @ Hinv * nc / max(nc - 1, 1)


def estimate_rtm_parameters(panel: pd.DataFrame | PanelWindows, *, window: int = 9,
                            horizon: int = 5, origins=None, label: str = "panel",
                            standard_errors: bool = True) -> RTMParameters:
    """Estimate the ``rtm`` panel parameters (empirical Bayes; see the module notes).

    Parameters
    ----------
    panel : DataFrame or PanelWindows
        ``economy, year, real_gdp`` levels (:func:`hpforecast.load_panel`), or windows
        already cut by :func:`~hpforecast.calibration.panel_windows`.
    window, horizon : int, default 9 and 5
        Growth rates in each fitting window, and the horizon of the objective.
    origins : int or sequence, optional
        As for :func:`~hpforecast.calibration.panel_windows` (default every year).
    label : str, default "panel"
        The panel's name, recorded in the provenance.
    standard_errors : bool, default True
        False skips the clustered sandwich: the result then carries no parameter
        uncertainty (zero covariance).

    Returns
    -------
    RTMParameters

    Raises
    ------
    ValueError
        For fewer than 50 windows, or a malformed panel.

    Notes
    -----
    L-BFGS-B then Nelder–Mead on the internal scale, from r = 0.035, tau = 0.02,
    rho = 0.9, phi = 0.2, sigma = 0.03, df = 3. About 25 s for PWT 9.1 (7,368 windows).
    """
    from scipy import optimize

    V.check_str(label, "label")
    V.check_bool(standard_errors, "standard_errors")
    if isinstance(panel, PanelWindows):
        w, fp = panel, None
    else:
        w = panel_windows(panel, window=window, horizon=horizon, origins=origins)
        fp = panel_fingerprint(panel)
    if len(w) < 50:
        raise ValueError(f"estimating the rtm parameters needs at least 50 windows; the "
                         f"panel gives {len(w)} (window {w.window}, horizon {w.horizon}).")
    ylog, yfut = np.log1p(w.past), np.log1p(w.future)
    theta0 = _internal(_START)

    def negll(t):
        with np.errstate(all="ignore"):
            try:
                v = -float(np.sum(_loglik_obs(t, ylog, yfut)))
            except np.linalg.LinAlgError:
                return 1e300
        return v if np.isfinite(v) else 1e300

    res = optimize.minimize(negll, theta0, method="L-BFGS-B",
                            options={"maxiter": 2000, "ftol": 1e-12, "gtol": 1e-7})
    res2 = optimize.minimize(negll, res.x, method="Nelder-Mead",
                             options={"maxiter": 6000, "xatol": 1e-7, "fatol": 1e-8})
    best = res2 if res2.fun < res.fun else res
    theta = np.asarray(best.x, dtype=float)
    cov = (_clustered_covariance(theta, ylog, yfut, w.economy) if standard_errors
           else np.zeros((6, 6)))
    nat = {k: float(v[0]) for k, v in _natural(theta).items()}
    se, lo, hi = {}, {}, {}
    for i, name in enumerate(RTM_PARAMETERS):
        sd = math.sqrt(max(cov[i, i], 0.0))
        ends = []
        for step in (-1.959964, 1.959964):
            t = theta.copy()
            t[i] += step * sd
            ends.append(float(_natural(t)[name][0]))
        t1, t2 = theta.copy(), theta.copy()
        t1[i] += 1e-6
        t2[i] -= 1e-6
        deriv = (_natural(t1)[name][0] - _natural(t2)[name][0]) / 2e-6
        se[name], lo[name], hi[name] = float(abs(deriv) * sd), min(ends), max(ends)
    prov = {
        "panel": label, "panel_table_sha256": fp or "", "window": w.window, "horizon": w.horizon,
        "origins": ("every year" if origins is None else
                    f"years divisible by {origins}" if isinstance(origins, (int, np.integer))
                    else f"{len(list(origins))} listed years"),
        "n_windows": len(w), "n_economies": w.n_economies,
        "origin_years": f"{int(w.origin.min())}–{int(w.origin.max())}",
        "method": (f"type-II maximum likelihood (composite over overlapping windows): sum "
                   f"over h = 1..{w.horizon} of the log predictive density (Student t) of "
                   f"the cumulative log growth to T + h given the {w.window} rates before; "
                   "L-BFGS-B then Nelder-Mead; standard errors: economy-clustered "
                   "sandwich, delta method"),
        "loglik": float(-best.fun), "converged": bool(best.success),
        "optimizer_message": str(best.message),
        "estimated_on": _dt.date.today().isoformat(),
    }
    return RTMParameters(
        estimate=MappingProxyType(nat), std_err=MappingProxyType(se),
        ci_low=MappingProxyType(lo), ci_high=MappingProxyType(hi), internal=theta,
        covariance=cov, provenance=MappingProxyType(prov))


@lru_cache(maxsize=len(RTM_PANELS))
def _shipped(panel: str) -> RTMParameters:
    tab = read_package_csv("rtm_parameters.csv")
    tab = tab[tab["panel"] == panel].set_index("parameter").loc[list(RTM_PARAMETERS)]
    num = tab.drop(columns="panel").astype(float)
    prov = read_package_csv("rtm_provenance.csv")
    prov = prov[prov["panel"] == panel]
    meta = {}
    for k, v in zip(prov["key"], prov["value"]):
        try:
            meta[k] = json.loads(v)
        except ValueError:
            meta[k] = v
    cov = num[[f"cov_{m}" for m in RTM_PARAMETERS]].to_numpy()
    return RTMParameters(
        estimate=MappingProxyType(num["estimate"].to_dict()),
        std_err=MappingProxyType(num["std_err"].to_dict()),
        ci_low=MappingProxyType(num["ci_low"].to_dict()),
        ci_high=MappingProxyType(num["ci_high"].to_dict()),
        internal=num["internal"].to_numpy(), covariance=cov,
        provenance=MappingProxyType(meta))


def rtm_parameters(panel: str = "pwt91") -> RTMParameters:
    """The ``rtm`` panel parameters that ship with the package.

    Estimated by :func:`estimate_rtm_parameters` on the panels of
    :func:`hpforecast.load_panel` (9-year windows, 5-year horizon, every origin year) by
    ``scripts/estimate_rtm_parameters.py``, which wrote ``hpforecast/data/
    rtm_parameters.csv`` and ``rtm_provenance.csv``; the provenance records each panel
    file's sha256.

    Parameters
    ----------
    panel : {"pwt91", "pwt56"}, default "pwt91"
        PWT 9.1 is the default; PWT 5.6 is the check on an older compilation.

    Returns
    -------
    RTMParameters

    Examples
    --------
    >>> from hpforecast.calibration import rtm_parameters
    >>> p = rtm_parameters()
    >>> p.label, round(p.estimate["rho"], 3), round(p.half_life, 1)
    ('pwt91', 0.925, 8.9)
    """
    V.check_choice(panel, "panel", RTM_PANELS)
    return _shipped(panel)


def panel_file_sha256(name: str) -> str:
    """sha256 of a shipped panel file's bytes (recorded in the provenance)."""
    from importlib import resources

    from ..data import PANELS

    data = resources.files("hpforecast").joinpath("data", PANELS[name][0]).read_bytes()
    return hashlib.sha256(data).hexdigest()


# ------------------------------------------------------------------- forecasting


def _check_parameters(parameters) -> RTMParameters:
    if parameters is None:
        return rtm_parameters()
    if isinstance(parameters, str):
        return rtm_parameters(parameters)
    V.check_type(parameters, "parameters", RTMParameters,
                 "an RTMParameters (from estimate_rtm_parameters or rtm_parameters) or "
                 "a shipped panel name ('pwt91', 'pwt56')")
    return parameters


def rtm_moments(growth, parameters: RTMParameters | str | None = None, horizon: int = 5, *,
                reference: float | None = None) -> dict[str, np.ndarray]:
    """The predictive distribution of the next ``horizon`` years' log growth (no
    parameter uncertainty: the panel parameters at their estimates).

    Parameters
    ----------
    growth : array_like, shape ``(n,)``
        Recorded yearly growth (fractions), oldest first, ending at the origin; n ≥ 2.
    parameters : RTMParameters or str, optional
        Default: :func:`rtm_parameters` (PWT 9.1).
    horizon : int, default 5
    reference : float, optional
        A reference growth (fraction per year) replacing the panel's.

    Returns
    -------
    dict
        ``loc`` ``(H,)`` and ``scale`` ``(H, H)`` of log growth, ``df`` (the predictive is
        multivariate t), ``long_run`` (the filtered long-run mean ``r + a_T``, log growth)
        and ``long_run_sd`` (its posterior sd before the t scaling).

    Examples
    --------
    >>> from hpforecast.calibration import rtm_moments
    >>> m = rtm_moments([0.12] * 9)
    >>> bool(m["loc"][0] > m["loc"][-1] > 0.034)     # regresses toward the reference
    True
    """
    p = _check_parameters(parameters)
    horizon = V.check_int(horizon, "horizon", low=1)
    y = _log_record(growth)[None, :]
    nat = p.draw(1, None)
    r = None if reference is None else np.array([math.log1p(
        V.check_fraction_growth(reference, "reference"))])
    loc, C, df = _moments(y, nat, horizon, r)
    ref = nat["r"] if r is None else r
    m, P, _ = _filter(y - ref[:, None], nat["tau"] ** 2, nat["rho"], nat["phi"],
                      nat["sigma"] ** 2)
    return {"loc": loc[0], "scale": C[0], "df": float(df[0]),
            "long_run": float(ref[0] + m[0, 0]), "long_run_sd": float(math.sqrt(P[0, 0, 0]))}


def rtm_panel_paths(past: np.ndarray, parameters: RTMParameters, horizon: int,
                    n_paths: int, rng: np.random.Generator, *,
                    parameter_uncertainty: bool = True, n_draws: int = 200) -> np.ndarray:
    """Predictive paths for many records at once (the evaluation harness's forecaster).

    Parameters
    ----------
    past : numpy.ndarray, shape ``(m, n)``
        Yearly growth of ``m`` records (fractions).
    parameters : RTMParameters
    horizon, n_paths : int
    rng : numpy.random.Generator
    parameter_uncertainty : bool, default True
        Draw ``n_draws`` parameter sets per record, each used by ``n_paths / n_draws``
        paths.
    n_draws : int, default 200

    Returns
    -------
    numpy.ndarray, shape ``(m, n_paths, horizon)``
        Yearly growth (fractions).
    """
    m = past.shape[0]
    ylog = np.log1p(np.asarray(past, dtype=float))
    if not parameter_uncertainty:
        loc, C, df = _moments(ylog, parameters.draw(1, None), horizon)
        return np.expm1(_mvt_draws(loc, C, df, rng, n_paths))
    D = min(int(n_draws), int(n_paths))
    nat = parameters.draw(D, rng)
    per = -(-n_paths // D)
    rep = {k: np.tile(v, m) for k, v in nat.items()}
    loc, C, df = _moments(np.repeat(ylog, D, axis=0), rep, horizon)
    x = _mvt_draws(loc, C, df, rng, per)                     # (m*D, per, H)
    return np.expm1(x.reshape(m, D * per, horizon)[:, :n_paths])


@dataclass(frozen=True, eq=False)
class RTMDraws:
    """Parameter draws of ``rtm`` for one record, with a reference growth per draw.

    Attributes
    ----------
    params : mapping
        Parameter → array of length ``n`` (natural scale).
    reference : numpy.ndarray, shape ``(n,)``
        The reference (log growth a year) of each draw.
    record : numpy.ndarray, shape ``(n_years,)``
        The record's log growth.
    """

    params: Mapping
    reference: np.ndarray
    record: np.ndarray

    @property
    def n(self) -> int:
        """Number of draws."""
        return int(len(self.reference))

    def head(self, n: int) -> RTMDraws:
        """The first ``n`` draws."""
        return RTMDraws({k: v[:n] for k, v in self.params.items()}, self.reference[:n],
                        self.record)

    def simulate(self, last: np.ndarray, steps: int, rng: np.random.Generator,
                 n: int) -> np.ndarray:
        """Paths of yearly growth, shape ``(n, steps, 1)``; path ``i`` uses draw
        ``i mod self.n``. ``last`` is unused (the whole record conditions the forecast)."""
        idx = np.arange(n) % self.n
        nat = {k: np.asarray(v)[idx] for k, v in self.params.items()}
        ylog = np.broadcast_to(self.record, (n, len(self.record)))
        loc, C, df = _moments(ylog, nat, steps, self.reference[idx])
        x = _mvt_draws(loc, C, df, rng, 1)[:, 0, :]
        return np.expm1(x)[:, :, None]


@dataclass(frozen=True, eq=False)
class RTMDistribution:
    """What :func:`hpforecast.calibrate` hands its result for ``model="rtm"``.

    The record, the panel parameters (with their sampling distribution) and the
    reference; :meth:`draw` gives :class:`RTMDraws`.

    Attributes
    ----------
    record : numpy.ndarray
        The record's yearly growth (fractions), oldest first.
    parameters : RTMParameters
    reference : float, numpy.ndarray or None
        None: the panel's ``r``; a float: that growth (fraction per year); an array: a
        reference record's yearly growth (fractions), whose own ``rtm`` outlook is drawn
        per path.
    reference_label : str
        How the reference is described.
    """

    record: np.ndarray
    parameters: RTMParameters
    reference: object = None
    reference_label: str = "all economies of the panel"

    def draw(self, n: int, rng: np.random.Generator, *,
             parameter_uncertainty: bool = True) -> RTMDraws:
        """``n`` draws: panel parameters (or their estimates) and a reference each."""
        nat = self.parameters.draw(n, rng if parameter_uncertainty else None)
        ref = self.reference
        if ref is None:
            r = np.asarray(nat["r"], dtype=float).copy()
        elif np.ndim(ref) == 0:
            r = np.full(n, math.log1p(float(ref)))
        else:
            H = int(self.parameters.provenance.get("horizon", 5))
            yref = np.broadcast_to(np.log1p(np.asarray(ref, dtype=float)), (n, len(ref)))
            loc, C, df = _moments(yref, nat, H)
            r = _mvt_draws(loc, C, df, rng, 1)[:, 0, :].mean(axis=1)
        return RTMDraws(MappingProxyType(nat), r, np.log1p(self.record))

    def long_run(self) -> tuple[float, float]:
        """The record's filtered long-run mean (growth fraction a year) at the parameter
        estimates, toward the median reference; and the share of the record's mean
        excess over that reference which it keeps."""
        nat = self.parameters.draw(1, None)
        ref = self.median_reference()
        y = np.log1p(self.record)[None, :]
        m, _, _ = _filter(y - ref, nat["tau"] ** 2, nat["rho"], nat["phi"], nat["sigma"] ** 2)
        excess = float(np.mean(y)) - ref
        kept = float(m[0, 0]) / excess if abs(excess) > 1e-12 else 1.0
        return math.expm1(ref + float(m[0, 0])), kept

    def median_reference(self) -> float:
        """The median reference (log growth a year): the panel's ``r``, the given growth,
        or the median of 4000 seeded draws of the reference record's outlook."""
        if self.reference is None:
            return float(self.parameters.estimate["r"])
        if np.ndim(self.reference) == 0:
            return math.log1p(float(self.reference))
        d = self.draw(4000, np.random.default_rng(13))
        return float(np.median(d.reference))


def rtm_paths(growth, parameters: RTMParameters | str | None = None, horizon: int = 5, *,
              n_paths: int = 10_000, seed: int | np.random.Generator | None = None,
              parameter_uncertainty: bool = True, reference=None) -> np.ndarray:
    """Predictive paths of one record's next ``horizon`` years of growth.

    Parameters
    ----------
    growth : array_like, shape ``(n,)``
        Recorded yearly growth (fractions), oldest first, ending at the origin; n ≥ 2
        (the shipped parameters were estimated on 9-year windows).
    parameters : RTMParameters or str, optional
        Default: :func:`rtm_parameters` (PWT 9.1).
    horizon : int, default 5
    n_paths : int, default 10_000
    seed : int or Generator, optional
    parameter_uncertainty : bool, default True
        Draw the panel parameters per path from their clustered sampling distribution.
    reference : float or array_like, optional
        None: the panel's reference growth. A float: that growth (fraction per year). A
        1-D array: another record's yearly growth (e.g. the country's), whose own
        ``rtm`` outlook over 5 years, drawn per path, is the path's reference.

    Returns
    -------
    numpy.ndarray, shape ``(n_paths, horizon)``
        Yearly growth (fractions) in years ``T + 1 … T + horizon``.

    Examples
    --------
    >>> from hpforecast.calibration import rtm_paths
    >>> paths = rtm_paths([0.12] * 9, n_paths=4000, seed=1)
    >>> paths.shape, bool(0.05 < float((1 + paths).prod(axis=1).mean() ** 0.2 - 1) < 0.12)
    ((4000, 5), True)
    """
    rec = np.expm1(_log_record(growth))
    horizon = V.check_int(horizon, "horizon", low=1)
    n_paths = V.check_int(n_paths, "n_paths", low=1)
    V.check_bool(parameter_uncertainty, "parameter_uncertainty")
    rng = V.check_seed(seed)
    dist = RTMDistribution(rec, _check_parameters(parameters), check_reference(reference))
    d = dist.draw(n_paths, rng, parameter_uncertainty=parameter_uncertainty)
    return d.simulate(rec[-1:], horizon, rng, n_paths)[:, :, 0]


def check_reference(reference) -> object:
    """``reference=`` of the rtm functions checked: None, a growth fraction, or a 1-D
    record of at least two growth rates (returned as a float array)."""
    if reference is None:
        return None
    if isinstance(reference, (int, float, np.floating, np.integer)) and \
            not isinstance(reference, bool):
        return V.check_fraction_growth(reference, "reference")
    if isinstance(reference, str):
        raise TypeError(f"reference must be None, a growth rate or a record of yearly "
                        f"growth rates; got {reference!r}.")
    return np.expm1(_log_record(reference, "reference"))
