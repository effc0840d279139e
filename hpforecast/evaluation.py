"""How far can the probabilities be trusted? Forecasts scored on many economies' records.

:func:`evaluate` makes forecasts the way the library does, from a short fitting window,
at every (economy, origin) of a panel of annual real GDP (:func:`hpforecast.load_panel`),
and scores them on what happened next — the cumulative growth ``level_{T+h} / level_T − 1``
at each horizon h = 1 … H:

- **coverage** of the central 50, 80 and 90 % bands (should be 0.5, 0.8, 0.9);
- **PIT** values ``u = F̂(y)`` (uniform when calibrated; a mean below 0.5 means outcomes
  fall short of the forecasts) and their histogram;
- **CRPS** ``E|X − y| − ½ E|X − X'|`` against naive benchmarks, with skill scores
  ``1 − CRPS / CRPS_benchmark``;
- **reliability of target probabilities** — the point of it all. For targets "average
  growth over the horizon ≥ t" (fixed ``t``, and ``t`` relative to the window's own mean)
  the predicted probability is binned (deciles) against the observed frequency, with
  95 % cluster-bootstrap intervals of observed − predicted (economies resampled; and
  two-way: economies × blocks of origin years, which also carries the shocks common to
  all economies in the same years); the Brier score with Murphy's (1973) decomposition
  ``B = reliability − resolution + uncertainty`` (plus a within-bin remainder).

Each is reported overall and for the fastest-growing quarter at the origin (ranked within
each origin year), the group where models fitted on one record of fast growth fail
(Pritchett & Summers 2014). Models: ``"rtm"`` (the default several years ahead), the
library's ``"iid"`` and ``"ar1"`` exactly as :func:`hpforecast.calibrate` fits them (with
parameter uncertainty, one fit per window), the naive ``"naive_mean"`` (plug-in normal of
the window's mean and sd) and ``"naive_rw"`` (random walk in growth), or your own callable.
The same seed gives every model the same random numbers.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import _validation as V
from .backtest import crps_ensemble
from .calibration import (
    PanelWindows,
    RTMParameters,
    calibrate,
    fastest_quarter,
    panel_windows,
    rtm_panel_paths,
    rtm_parameters,
)
from .progress import check_progress, progress_bar

__all__ = ["evaluate", "Evaluation", "brier_decomposition", "forecaster", "MODELS",
           "LEVELS", "CRITERIA"]

#: Models :func:`evaluate` knows by name.
MODELS = ("rtm", "iid", "ar1", "naive_mean", "naive_rw")
#: Central bands whose coverage is scored.
LEVELS = (0.50, 0.80, 0.90)
#: The issue-13 criteria at the last horizon: 80 % coverage and mean PIT ranges.
CRITERIA = {"coverage_80": (0.75, 0.85), "mean_pit": (0.42, 0.58)}
#: Reliability bins with fewer forecasts are shown but not judged.
MIN_BIN = 20


# ------------------------------------------------------------------ forecasters


@dataclass(frozen=True)
class _RTM:
    parameters: RTMParameters
    n_draws: int
    parameter_uncertainty: bool = True
    name: str = "rtm"

    def __call__(self, past, horizon, n_paths, rng):
        return rtm_panel_paths(past, self.parameters, horizon, n_paths, rng,
                               parameter_uncertainty=self.parameter_uncertainty,
                               n_draws=self.n_draws)


@dataclass
class _Calibrated:
    """The library's iid or ar1: :func:`hpforecast.calibrate` on each window's levels,
    then :meth:`~hpforecast.calibration.Calibration.predictive_paths`."""

    model: str
    n_draws: int = 100
    name: str = ""
    warned: dict = field(default_factory=dict)
    failed: int = 0

    def __post_init__(self):
        self.name = self.name or self.model

    def __call__(self, past, horizon, n_paths, rng):
        m, n = past.shape
        out = np.full((m, n_paths, horizon), np.nan)
        years = range(2000, 2000 + n + 1)
        for i in range(m):
            levels = pd.Series(np.concatenate([[1.0], np.cumprod(1 + past[i])]), index=years,
                               name="real_gdp")
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    fit = calibrate(levels, model=self.model, n_draws=self.n_draws,
                                    seed=int(rng.integers(2 ** 62)))
                    out[i] = fit.predictive_paths(2000 + n, 2000 + n + horizon,
                                                  n_paths=n_paths, seed=rng)["real_gdp"]
                except (ValueError, np.linalg.LinAlgError):
                    self.failed += 1
            for w in caught:
                key = w.category.__name__
                self.warned[key] = self.warned.get(key, 0) + 1
        return out


@dataclass(frozen=True)
class _NaiveMean:
    """Yearly growth iid Normal(window mean, window sd): no parameter uncertainty."""

    name: str = "naive_mean"

    def __call__(self, past, horizon, n_paths, rng):
        mu, sd = past.mean(axis=1), past.std(axis=1, ddof=1)
        e = rng.standard_normal((past.shape[0], n_paths, horizon))
        return mu[:, None, None] + sd[:, None, None] * e


@dataclass(frozen=True)
class _RandomWalk:
    """Growth a random walk from the last rate, steps N(0, rms of the window's changes)."""

    name: str = "naive_rw"

    def __call__(self, past, horizon, n_paths, rng):
        sd = np.sqrt(np.mean(np.diff(past, axis=1) ** 2, axis=1))
        e = rng.standard_normal((past.shape[0], n_paths, horizon)) * sd[:, None, None]
        return past[:, -1][:, None, None] + np.cumsum(e, axis=2)


def forecaster(model: str | Callable, *, parameters: str | RTMParameters = "pwt91",
               n_draws: int = 200) -> Callable:
    """The forecaster :func:`evaluate` uses for a model name (or a callable, as given).

    A forecaster is called as ``f(past, horizon, n_paths, rng)`` with ``past`` the windows'
    yearly growth, shape ``(m, window)`` (fractions), and returns growth paths of shape
    ``(m, n_paths, horizon)``; its ``name`` labels the tables (NaN paths mark a window the
    model could not be fitted to).

    Parameters
    ----------
    model : {"rtm", "iid", "ar1", "naive_mean", "naive_rw"} or callable
    parameters : str or RTMParameters, default "pwt91"
        For ``"rtm"``: the panel parameters (:func:`hpforecast.calibration.rtm_parameters`).
    n_draws : int, default 200
        For ``"rtm"``: panel-parameter draws per forecast (recycled over its paths).

    Returns
    -------
    callable
    """
    if callable(model):
        if not isinstance(getattr(model, "name", None), str):
            raise TypeError("model: a forecaster callable needs a name attribute (str) to "
                            "label the tables; got one without.")
        return model
    V.check_choice(model, "model", MODELS)
    if model == "rtm":
        par = parameters if isinstance(parameters, RTMParameters) else rtm_parameters(
            parameters)
        return _RTM(par, V.check_int(n_draws, "n_draws", low=1))
    if model in ("iid", "ar1"):
        return _Calibrated(model)
    return _NaiveMean() if model == "naive_mean" else _RandomWalk()


# --------------------------------------------------------------------- scoring


def _scores_chunk(paths: np.ndarray, future: np.ndarray, past: np.ndarray,
                  thresholds: Sequence[float], relative: Sequence[float],
                  quantiles: Sequence[float]) -> dict:
    """Per-forecast scores from growth paths ``(m, P, H)`` and outcomes ``(m, H)``."""
    m, P, H = paths.shape
    cum = np.cumprod(1 + paths, axis=2) - 1
    ycum = np.cumprod(1 + future, axis=1) - 1
    probs = sorted({0.5, *quantiles, *(0.5 - c / 2 for c in LEVELS),
                    *(0.5 + c / 2 for c in LEVELS)})
    qv = dict(zip(probs, np.quantile(cum, probs, axis=1)))
    out = {}
    for c in LEVELS:
        lo, hi = qv[0.5 - c / 2], qv[0.5 + c / 2]
        out[f"in_{round(100 * c)}"] = (ycum >= lo) & (ycum <= hi)
    out["pit"] = np.mean(cum <= ycum[:, None, :], axis=1)
    out["crps"] = np.stack([crps_ensemble(cum[:, :, h], ycum[:, h]) for h in range(H)], 1)
    lcum = np.log1p(np.maximum(cum, -1 + 1e-12))
    ly = np.log1p(ycum)
    out["crps_log"] = np.stack([crps_ensemble(lcum[:, :, h], ly[:, h]) for h in range(H)], 1)
    out["median"] = qv[0.5]
    cH, yH = cum[:, :, -1], ycum[:, -1]
    out["p_fixed"] = np.stack([np.mean(cH >= (1 + t) ** H - 1, axis=1)
                               for t in thresholds], 1)
    out["o_fixed"] = np.stack([yH >= (1 + t) ** H - 1 for t in thresholds], 1)
    gbar = past.mean(axis=1)
    out["p_relative"] = np.stack([np.mean(cH >= ((1 + gbar + d) ** H - 1)[:, None], axis=1)
                                  for d in relative], 1)
    out["o_relative"] = np.stack([yH >= (1 + gbar + d) ** H - 1 for d in relative], 1)
    out["p_quantile"] = np.stack([np.mean(cH >= qv[q][:, -1][:, None], axis=1)
                                  for q in quantiles], 1)
    out["o_quantile"] = np.stack([yH >= qv[q][:, -1] for q in quantiles], 1)
    return out


def _score(windows: PanelWindows, fc: Callable, *, n_paths: int, seed: int, chunk: int,
           thresholds, relative, quantiles, bar=None) -> tuple[dict, np.ndarray]:
    """Every window's scores (arrays, first axis the windows) and a mask of the windows
    the model could forecast. Chunk ``c0`` draws from ``default_rng([seed, c0])``, the
    same for every model (common random numbers). ``bar`` counts the windows done."""
    parts, ok = [], np.ones(len(windows), bool)
    H = windows.horizon
    for c0 in range(0, len(windows), chunk):
        sl = slice(c0, c0 + chunk)
        rng = np.random.default_rng([seed, c0])
        paths = np.asarray(fc(windows.past[sl], H, n_paths, rng), dtype=float)
        if paths.shape != (len(windows.past[sl]), n_paths, H):
            raise ValueError(f"model {fc.name!r} returned paths of shape {paths.shape}; "
                             f"expected {(len(windows.past[sl]), n_paths, H)}.")
        bad = ~np.isfinite(paths).all(axis=(1, 2))
        ok[sl] = ~bad
        paths[bad] = 0.0
        parts.append(_scores_chunk(paths, windows.future[sl], windows.past[sl],
                                   thresholds, relative, quantiles))
        if bar is not None:
            bar.update(paths.shape[0])
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}, ok


# ------------------------------------------------------------ decompositions


def brier_decomposition(p, o, bins: int | Sequence[float] = 10) -> dict[str, float]:
    """Brier score of probability forecasts and Murphy's (1973) decomposition.

    ``B = mean (p − o)²``; with the forecasts grouped in probability bins ``k`` (``n_k``
    forecasts, mean forecast ``p̄_k``, observed frequency ``ō_k``, overall frequency
    ``ō``): reliability ``Σ n_k (p̄_k − ō_k)² / N``, resolution ``Σ n_k (ō_k − ō)² / N``,
    uncertainty ``ō (1 − ō)``. ``B = REL − RES + UNC`` holds exactly when the forecasts
    are constant within bins; otherwise a small ``remainder = B − (REL − RES + UNC)``
    (the within-bin terms) is reported.

    Parameters
    ----------
    p : array_like
        Predicted probabilities in [0, 1].
    o : array_like
        Outcomes, 0 or 1 (or booleans), same shape.
    bins : int or sequence of float, default 10
        Number of equal-width bins, or bin edges from 0 to 1.

    Returns
    -------
    dict
        ``brier, reliability, resolution, uncertainty, remainder, brier_skill``
        (``1 − B / UNC``) and ``n``.

    Raises
    ------
    ValueError
        For probabilities outside [0, 1], outcomes other than 0/1, shapes that differ,
        or no forecasts.

    Examples
    --------
    >>> from hpforecast.evaluation import brier_decomposition
    >>> d = brier_decomposition([0.2, 0.2, 0.8, 0.8], [0, 1, 1, 1])
    >>> round(d["brier"], 3), round(d["reliability"] - d["resolution"] + d["uncertainty"], 3)
    (0.19, 0.19)
    """
    p, o = np.ravel(np.asarray(p, dtype=float)), np.ravel(np.asarray(o, dtype=float))
    if p.shape != o.shape or not len(p):
        raise ValueError(f"p and o must have the same, non-zero length; got {len(p)} and "
                         f"{len(o)}.")
    if np.any(~np.isfinite(p)) or np.any((p < 0) | (p > 1)):
        raise ValueError(f"p must hold probabilities in [0, 1]; got "
                         f"{p[~((p >= 0) & (p <= 1))][0]!r}.")
    if np.any((o != 0) & (o != 1)):
        raise ValueError(f"o must hold outcomes 0 or 1; got {o[(o != 0) & (o != 1)][0]!r}.")
    edges = _bin_edges(bins)
    idx = np.clip(np.digitize(p, edges[1:-1]), 0, len(edges) - 2)
    n, obar = len(p), float(o.mean())
    cnt = np.bincount(idx, minlength=len(edges) - 1)
    sp = np.bincount(idx, weights=p, minlength=len(edges) - 1)
    so = np.bincount(idx, weights=o, minlength=len(edges) - 1)
    use = cnt > 0
    rel = float(np.sum((sp[use] - so[use]) ** 2 / cnt[use])) / n
    res = float(np.sum(cnt[use] * (so[use] / cnt[use] - obar) ** 2)) / n
    unc = obar * (1 - obar)
    b = float(np.mean((p - o) ** 2))
    return {"brier": b, "reliability": rel, "resolution": res, "uncertainty": unc,
            "remainder": b - (rel - res + unc),
            "brier_skill": 1 - b / unc if unc > 0 else math.nan, "n": n}


def _bin_edges(bins) -> np.ndarray:
    if isinstance(bins, numbers.Integral) and not isinstance(bins, bool):
        return np.linspace(0.0, 1.0, V.check_int(bins, "bins", low=1) + 1)
    edges = np.asarray(bins, dtype=float)
    if edges.ndim != 1 or len(edges) < 2 or edges[0] != 0 or edges[-1] != 1 \
            or np.any(np.diff(edges) <= 0):
        raise ValueError(f"bins must be a number of bins or increasing edges from 0 to 1; "
                         f"got {bins!r}.")
    return edges


class _Bootstrap:
    """Cluster-bootstrap weights per forecast, shape ``(n_boot, N)``: economies resampled
    (``two_way=False``), or economies × blocks of ``year_block`` origin years (the
    pigeonhole bootstrap, Owen 2007)."""

    def __init__(self, economy, origin, n_boot, rng, *, two_way=False, year_block=5):
        ec, eu = pd.factorize(np.asarray(economy))
        W = rng.multinomial(len(eu), np.full(len(eu), 1 / len(eu)), size=n_boot)[:, ec]
        if two_way:
            blk = (np.asarray(origin) - np.min(origin)) // year_block
            bc, bu = pd.factorize(blk)
            W = W * rng.multinomial(len(bu), np.full(len(bu), 1 / len(bu)),
                                    size=n_boot)[:, bc]
        self.W = W.astype(np.float32)

    def interval(self, x, mask) -> tuple[float, float]:
        """95 % interval of the mean of ``x`` over the masked forecasts."""
        Wm = self.W[:, mask]
        den = Wm.sum(axis=1)
        b = (Wm @ np.asarray(x, np.float32)[mask])[den > 0] / den[den > 0]
        if not len(b):
            return math.nan, math.nan
        return float(np.quantile(b, 0.025)), float(np.quantile(b, 0.975))

    def difference(self, num_a, num_b, den) -> tuple[float, float]:
        """95 % interval of (Σ w a − Σ w b) / Σ w d over forecasts."""
        d = self.W @ den
        ok = d > 0
        v = ((self.W @ num_a)[ok] - (self.W @ num_b)[ok]) / d[ok]
        return float(np.quantile(v, 0.025)), float(np.quantile(v, 0.975))


# ------------------------------------------------------------------ the result


@dataclass(frozen=True, eq=False)
class Evaluation:
    """Forecasts of one model scored over a panel's rolling origins (:func:`evaluate`).

    All tables are DataFrames of fractions (growth, probabilities), made when the result
    is made.

    Attributes
    ----------
    model : str
    panel : str
        The panel's name (``attrs["name"]`` of the panel, else ``"panel"``).
    windows : PanelWindows
        The (economy, origin) windows scored (those the model could forecast).
    coverage : pandas.DataFrame
        Indexed by ``group, horizon``: ``n, economies, coverage_50, coverage_80,
        coverage_80_low, coverage_80_high, coverage_90, mean_pit, pit_low, pit_high,
        crps, crps_log`` (intervals: 95 % economy-cluster bootstrap).
    pit_histogram : pandas.DataFrame
        Indexed by ``group``: share of PIT values at the last horizon in each tenth.
    crps : pandas.DataFrame
        Indexed by ``group, scale`` (cumulative growth, log cumulative growth), at the
        last horizon: ``crps_<model>``, ``crps_<benchmark>`` and ``skill_vs_<benchmark>``.
    reliability : pandas.DataFrame
        One row per group, threshold family and probability bin: ``n, economies,
        mean_predicted, observed, obs_minus_pred, ci_low, ci_high, within`` (economy
        bootstrap), ``ci_low_2w, ci_high_2w, within_2w`` (two-way) and ``judged``
        (at least :data:`MIN_BIN` forecasts).
    quantile_reliability : pandas.DataFrame
        Targets at the forecast's own quantiles (predicted ``1 − p`` by construction).
    brier : pandas.DataFrame
        Murphy's decomposition per group and threshold family (and each threshold).
    forecasts : pandas.DataFrame
        One row per window: ``economy, origin, fastest_quarter, window_mean, median,
        outcome, pit`` (cumulative growth at the last horizon).
    summary : pandas.DataFrame
        One row per group at the last horizon: the figures the issue judges.
    notes : tuple of str
        Windows the model could not be fitted to, warnings of the fits.
    """

    model: str
    panel: str
    windows: PanelWindows = field(repr=False)
    coverage: pd.DataFrame = field(repr=False)
    pit_histogram: pd.DataFrame = field(repr=False)
    crps: pd.DataFrame = field(repr=False)
    reliability: pd.DataFrame = field(repr=False)
    quantile_reliability: pd.DataFrame = field(repr=False)
    brier: pd.DataFrame = field(repr=False)
    forecasts: pd.DataFrame = field(repr=False)
    summary: pd.DataFrame = field(repr=False)
    settings: Mapping = field(repr=False)
    notes: tuple = ()

    def criteria(self) -> pd.DataFrame:
        """The issue's criteria at the last horizon, for every group.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``group, criterion`` (``coverage_80``, ``mean_pit``,
            ``reliability``): ``value``, ``low``, ``high`` and ``met``. Reliability is
            met when every judged bin of the fixed thresholds lies within its two-way
            sampling interval of the diagonal (``value``: the share of bins within).
        """
        rows = []
        for g, r in self.summary.iterrows():
            for c, (lo, hi) in CRITERIA.items():
                rows.append({"group": g, "criterion": c, "value": r[c], "low": lo,
                             "high": hi, "met": bool(lo <= r[c] <= hi)})
            share = r["bins_within_2w"] / r["bins_judged"] if r["bins_judged"] else math.nan
            rows.append({"group": g, "criterion": "reliability", "value": share,
                         "low": 1.0, "high": 1.0, "met": bool(share == 1.0)})
        return pd.DataFrame(rows).set_index(["group", "criterion"])

    def reliability_points(self, group: str = "all", family: str = "fixed") -> pd.DataFrame:
        """The points of a reliability diagram: judged bins of one group and family, with
        the observed frequency's 95 % intervals (economy and two-way bootstrap).

        Returns
        -------
        pandas.DataFrame
            ``mean_predicted, observed, observed_low, observed_high, observed_low_2w,
            observed_high_2w, n``.
        """
        V.check_choice(group, "group", list(self.summary.index))
        V.check_choice(family, "family", ("fixed", "relative"))
        r = self.reliability
        r = r[(r["group"] == group) & (r["family"] == family) & r["judged"]]
        pred = r["mean_predicted"]
        return pd.DataFrame({
            "mean_predicted": pred, "observed": r["observed"],
            "observed_low": pred + r["ci_low"], "observed_high": pred + r["ci_high"],
            "observed_low_2w": pred + r["ci_low_2w"], "observed_high_2w": pred + r["ci_high_2w"],
            "n": r["n"]}).reset_index(drop=True)

    def __repr__(self) -> str:
        s = self.summary
        return (f"Evaluation(model={self.model!r}, panel={self.panel!r}, "
                f"n={len(self.windows)}, coverage_80={dict(s['coverage_80'].round(3))}, "
                f"mean_pit={dict(s['mean_pit'].round(3))})")

    def _repr_html_(self) -> str:
        st = self.settings
        head = (f"<p><b>Evaluation</b> of <code>{self.model}</code> on {self.panel}: "
                f"{len(self.windows)} forecasts ({self.windows.n_economies} economies), "
                f"{st['window']}-year fitting windows, scored on cumulative growth "
                f"{st['horizon']} years ahead; {st['n_paths']} paths each, seed "
                f"{st['seed']}. 80 % bands should cover 0.8 and the mean PIT be 0.5.</p>")
        return head + self.summary.to_html(float_format=lambda x: f"{x:.3f}")


# ------------------------------------------------------------------ the tables


def _coverage_table(sc: dict, groups: Mapping, w: PanelWindows, boot: _Bootstrap):
    rows = []
    for g, gm in groups.items():
        for h in range(w.horizon):
            row = {"group": g, "horizon": h + 1, "n": int(gm.sum()),
                   "economies": int(len(set(w.economy[gm])))}
            for c in LEVELS:
                row[f"coverage_{round(100 * c)}"] = float(sc[f"in_{round(100 * c)}"][gm, h].mean())
            row["coverage_80_low"], row["coverage_80_high"] = boot.interval(
                sc["in_80"][:, h].astype(float), gm)
            row["mean_pit"] = float(sc["pit"][gm, h].mean())
            row["pit_low"], row["pit_high"] = boot.interval(sc["pit"][:, h], gm)
            row["crps"] = float(sc["crps"][gm, h].mean())
            row["crps_log"] = float(sc["crps_log"][gm, h].mean())
            rows.append(row)
    cols = ["n", "economies", "coverage_50", "coverage_80", "coverage_80_low",
            "coverage_80_high", "coverage_90", "mean_pit", "pit_low", "pit_high", "crps",
            "crps_log"]
    return pd.DataFrame(rows).set_index(["group", "horizon"])[cols]


def _reliability_rows(pred, obs, gm, boots, edges, economy):
    """Binned reliability of (forecasts × thresholds) ``pred``, ``obs`` in group ``gm``."""
    idx = np.clip(np.digitize(pred, edges[1:-1]), 0, len(edges) - 2)
    rows = []
    for k in range(len(edges) - 1):
        inb = (idx == k) & gm[:, None]
        n = int(inb.sum())
        if not n:
            continue
        cnt = inb.sum(axis=1).astype(np.float32)
        sp = np.where(inb, pred, 0).sum(axis=1).astype(np.float32)
        so = np.where(inb, obs, 0).sum(axis=1).astype(np.float32)
        pm, om = float(sp.sum() / n), float(so.sum() / n)
        row = {"bin": f"{edges[k]:.1f}–{edges[k + 1]:.1f}", "n": n,
               "economies": int(len(set(economy[cnt > 0]))), "mean_predicted": pm,
               "observed": om, "obs_minus_pred": om - pm}
        for tag, b in zip(("", "_2w"), boots):
            lo, hi = b.difference(so, sp, cnt)
            row[f"ci_low{tag}"], row[f"ci_high{tag}"] = lo, hi
            row[f"within{tag}"] = bool(lo <= 0 <= hi)
        row["judged"] = n >= MIN_BIN
        rows.append(row)
    return rows


def _probability_tables(sc: dict, groups: Mapping, w: PanelWindows, boots, edges,
                        thresholds, relative, quantiles):
    """Reliability, Brier decomposition and own-quantile tables."""
    rel, brier, qrel = [], [], []
    fam = {"fixed": ("p_fixed", "o_fixed", thresholds),
           "relative": ("p_relative", "o_relative", relative)}
    for g, gm in groups.items():
        for fname, (pk, ok, thr) in fam.items():
            pred, obs = sc[pk], sc[ok].astype(float)
            for row in _reliability_rows(pred, obs, gm, boots, edges, w.economy):
                rel.append({"group": g, "family": fname, **row})
            brier.append({"group": g, "family": fname,
                          **brier_decomposition(pred[gm].ravel(), obs[gm].ravel(), edges)})
            for j, t in enumerate(thr):
                brier.append({"group": g, "family": f"{fname} {t:+.2f}",
                              **brier_decomposition(pred[gm, j], obs[gm, j], edges)})
        for j, q in enumerate(quantiles):
            pred = float(sc["p_quantile"][gm, j].mean())
            lo, hi = boots[0].interval(sc["o_quantile"][:, j].astype(float), gm)
            qrel.append({"group": g, "threshold": f"own q{round(100 * q)}",
                         "predicted": pred, "observed": float(sc["o_quantile"][gm, j].mean()),
                         "observed_low": lo, "observed_high": hi,
                         "within": bool(lo <= pred <= hi)})
    return (pd.DataFrame(rel), pd.DataFrame(brier).set_index(["group", "family"]),
            pd.DataFrame(qrel))


def _crps_table(name: str, sc: dict, bench: Mapping[str, dict], groups: Mapping):
    rows = []
    for g, gm in groups.items():
        for scale, key in (("cumulative growth", "crps"), ("log cumulative growth",
                                                          "crps_log")):
            row = {"group": g, "scale": scale, f"crps_{name}": float(sc[key][gm, -1].mean())}
            for b, s in bench.items():
                row[f"crps_{b}"] = float(s[key][gm, -1].mean())
                row[f"skill_vs_{b}"] = 1 - row[f"crps_{name}"] / row[f"crps_{b}"]
            rows.append(row)
    return pd.DataFrame(rows).set_index(["group", "scale"])


def _summary_table(coverage, reliability, brier, crps, H) -> pd.DataFrame:
    rows = []
    for g in coverage.index.get_level_values("group").unique():
        c = coverage.loc[(g, H)]
        r = reliability[(reliability["group"] == g) & (reliability["family"] == "fixed")
                        & reliability["judged"]]
        b = brier.loc[(g, "fixed")]
        cr = crps.loc[(g, "cumulative growth")]
        row = {"group": g, "n": int(c["n"]), "economies": int(c["economies"]),
               **{k: c[k] for k in ("coverage_50", "coverage_80", "coverage_90", "mean_pit",
                                    "pit_low", "pit_high")},
               "bins_judged": len(r), "bins_within": int(r["within"].sum()),
               "bins_within_2w": int(r["within_2w"].sum()),
               "max_abs_obs_minus_pred": float(r["obs_minus_pred"].abs().max())
               if len(r) else math.nan,
               **{k: b[k] for k in ("brier", "reliability", "resolution", "uncertainty")},
               "crps": c["crps"]}
        row.update({k: v for k, v in cr.items() if k.startswith("skill_vs_")})
        rows.append(row)
    return pd.DataFrame(rows).set_index("group")


# ------------------------------------------------------------------ evaluate()


def evaluate(
    panel: pd.DataFrame | PanelWindows,
    *,
    model: str | Callable = "rtm",
    window: int = 9,
    horizon: int = 5,
    origins: int | Sequence[int] | None = None,
    thresholds: Sequence[float] = (0.0, 0.03, 0.05, 0.07, 0.10),
    relative_thresholds: Sequence[float] = (-0.02, 0.0),
    quantiles: Sequence[float] = (0.1, 0.3, 0.5, 0.7, 0.9),
    benchmarks: Sequence[str | Callable] = ("naive_mean", "naive_rw"),
    groups: Mapping | None = None,
    bins: int | Sequence[float] = 10,
    parameters: str | RTMParameters = "pwt91",
    n_paths: int = 2000,
    n_draws: int = 200,
    n_boot: int = 1000,
    year_block: int = 5,
    chunk: int = 256,
    seed: int = 2030,
    progress: bool | None = None,
) -> Evaluation:
    """Score a model's forecasts on rolling origins over a panel of economies.

    At every (economy, origin ``T``) with ``window`` yearly growth rates up to ``T`` and
    ``horizon`` after it, the model forecasts from the window alone; the forecasts are
    scored on the cumulative growth to ``T + 1 … T + horizon`` (see the module notes).

    Parameters
    ----------
    panel : DataFrame or PanelWindows
        ``economy, year, real_gdp`` (:func:`hpforecast.load_panel`), or windows cut by
        :func:`hpforecast.calibration.panel_windows`.
    model : {"rtm", "iid", "ar1", "naive_mean", "naive_rw"} or callable, default "rtm"
        See :func:`forecaster`. ``iid`` and ``ar1`` are fitted by
        :func:`hpforecast.calibrate` on each window (parameter uncertainty on); ``ar1``
        takes about 35 ms a window.
    window, horizon : int, default 9 and 5
        Growth rates each forecast is fitted on (9: as long as Hai Phong's record), and
        years scored after each origin (1 to 10).
    origins : int or sequence of int, optional
        None: every year; an int ``k``: years divisible by ``k``; a list: those years.
    thresholds : sequence of float, default 0, 3, 5, 7 and 10 %
        Targets "average growth over the horizon ≥ t" (fractions per year).
    relative_thresholds : sequence of float, default −2 points and 0
        Targets "average growth ≥ the window's mean + d" (keeping up the pace).
    quantiles : sequence of float
        Targets "cumulative growth ≥ the forecast's own p-quantile".
    benchmarks : sequence of str or callable, default naive_mean and naive_rw
        Scored on the same windows with the same random numbers, for the CRPS skill.
    groups : dict, optional
        Name → boolean array over the windows, or callable(PanelWindows) → array.
        Default: ``"all"`` and ``"fastest quarter"``
        (:func:`~hpforecast.calibration.fastest_quarter`; left out when no origin year
        has 8 economies). Groups are computed on every window, then restricted to those
        the model could forecast.
    bins : int or sequence of float, default 10
        Probability bins of the reliability tables.
    parameters : str or RTMParameters, default "pwt91"
        The rtm panel parameters. Scoring ``pwt91`` with them is in-sample; score the
        other panel (or pass parameters estimated without the scored economies) for an
        out-of-sample check.
    n_paths, n_draws : int, default 2000 and 200
        Paths per forecast (at least 100); rtm: panel-parameter draws per forecast.
    n_boot : int, default 1000
        Bootstrap replicates (at least 100).
    year_block : int, default 5
        Origin years per block of the two-way bootstrap.
    chunk : int, default 256
        Forecasts simulated at once (memory: chunk × n_paths × horizon floats).
    seed : int, default 2030
    progress : bool or None, default None
        A bar over the forecasts: None only in a terminal or a notebook, True, False.

    Returns
    -------
    Evaluation

    Raises
    ------
    ValueError, TypeError
        For an unknown model, sizes out of range, thresholds that are not growth
        fractions, quantiles outside (0, 1), a panel without a full window, bad groups.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> panel = hpf.load_panel("pwt56")
    >>> small = panel[panel["economy"].isin(["Japan", "Kenya", "Mexico", "Sweden"])]
    >>> ev = hpf.evaluate(small, model="naive_mean", origins=10, n_paths=500, n_boot=200,
    ...                   benchmarks=[])
    >>> list(ev.summary.columns[:4])
    ['n', 'economies', 'coverage_50', 'coverage_80']
    """
    cfg = _check_evaluate(window, horizon, thresholds, relative_thresholds, quantiles,
                          n_paths, n_boot, year_block, chunk, seed)
    progress = check_progress(progress)
    w_all = panel if isinstance(panel, PanelWindows) else panel_windows(
        panel, window=cfg["window"], horizon=cfg["horizon"], origins=origins)
    if not len(w_all):
        raise ValueError(f"panel: no (economy, origin) has {cfg['window']} years of growth "
                         f"and {cfg['horizon']} after it; lower window or horizon.")
    fc = forecaster(model, parameters=parameters, n_draws=n_draws)
    benchmarks = [forecaster(b, parameters=parameters, n_draws=n_draws) for b in benchmarks]
    kw = {k: cfg[k] for k in ("n_paths", "seed", "chunk", "thresholds", "relative",
                              "quantiles")}
    with progress_bar(total=len(w_all) * (1 + len(benchmarks)), desc=f"evaluate {fc.name}",
                      progress=progress, unit="forecast") as bar:
        sc, ok = _score(w_all, fc, **kw, bar=bar)
        gmasks = _groups(groups, w_all)
        w = w_all.subset(ok)
        sc = {k: v[ok] for k, v in sc.items()}
        gmasks = {k: v[ok] for k, v in gmasks.items() if v[ok].any()}
        if not gmasks:
            raise ValueError(f"model {fc.name!r} could forecast none of the windows of the "
                             "groups asked.")
        bench = _benchmark_scores(w, benchmarks, kw, bar)
    return _make_result(fc, sc, bench, gmasks, w, cfg, bins, n_boot,
                        getattr(panel, "attrs", {}).get("name", "panel"), len(w_all))


def _benchmark_scores(w: PanelWindows, forecasters: list, kw: dict, bar) -> dict:
    """Scores of the benchmarks that could forecast every window the model did."""
    bench = {}
    for bf in forecasters:
        bs, bok = _score(w, bf, **kw, bar=bar)
        if bok.all():
            bench[bf.name] = bs
    return bench


def _make_result(fc, sc, bench, gmasks, w, cfg, bins, n_boot, panel_name, n_all):
    """The tables of :class:`Evaluation` from the scores."""
    edges = _bin_edges(bins)
    rng = np.random.default_rng([cfg["seed"], 99])
    boots = (_Bootstrap(w.economy, w.origin, n_boot, rng),
             _Bootstrap(w.economy, w.origin, n_boot, rng, two_way=True,
                        year_block=cfg["year_block"]))
    coverage = _coverage_table(sc, gmasks, w, boots[0])
    rel, brier, qrel = _probability_tables(sc, gmasks, w, boots, edges, cfg["thresholds"],
                                           cfg["relative"], cfg["quantiles"])
    crps = _crps_table(fc.name, sc, bench, gmasks)
    H = w.horizon
    hist = {g: np.histogram(sc["pit"][gm, -1], bins=np.linspace(0, 1, 11))[0]
            / max(int(gm.sum()), 1) for g, gm in gmasks.items()}
    pit_hist = pd.DataFrame(hist, index=[f"{b:.1f}–{b + 0.1:.1f}" for b in
                                         np.arange(0, 1, 0.1)]).T.rename_axis("group")
    forecasts = pd.DataFrame({
        "economy": w.economy, "origin": w.origin,
        "fastest_quarter": gmasks.get("fastest quarter", np.zeros(len(w), bool)),
        "window_mean": w.past.mean(axis=1), "median": sc["median"][:, -1],
        "outcome": np.prod(1 + w.future, axis=1) - 1, "pit": sc["pit"][:, -1]})
    notes = []
    if n_all > len(w):
        notes.append(f"{n_all - len(w)} of {n_all} windows could not be forecast by "
                     f"{fc.name!r} and are left out.")
    warned = getattr(fc, "warned", {})
    if warned:
        notes.append("warnings of the fits: " + ", ".join(f"{k} ×{v}"
                                                         for k, v in warned.items()) + ".")
    return Evaluation(
        model=fc.name, panel=panel_name, windows=w, coverage=coverage,
        pit_histogram=pit_hist, crps=crps, reliability=rel, quantile_reliability=qrel,
        brier=brier, forecasts=forecasts,
        summary=_summary_table(coverage, rel, brier, crps, H),
        settings={**cfg, "n_boot": n_boot,
                  "benchmarks": tuple(bench)}, notes=tuple(notes))


def _groups(groups, w: PanelWindows) -> dict[str, np.ndarray]:
    if groups is None:
        fast = fastest_quarter(w)
        return {"all": np.ones(len(w), bool), **({"fastest quarter": fast} if fast.any()
                                                 else {})}
    if not isinstance(groups, Mapping) or not groups:
        raise TypeError(f"groups must be a non-empty dict name -> boolean array (or "
                        f"callable); got {groups!r}.")
    out = {}
    for name, g in groups.items():
        mask = np.asarray(g(w) if callable(g) else g, dtype=bool)
        if mask.shape != (len(w),):
            raise ValueError(f"groups[{name!r}] must be a boolean array over the "
                             f"{len(w)} windows; got shape {mask.shape}.")
        if not mask.any():
            raise ValueError(f"groups[{name!r}] selects no window.")
        out[str(name)] = mask
    return out


def _check_evaluate(window, horizon, thresholds, relative, quantiles, n_paths, n_boot,
                    year_block, chunk, seed) -> dict:
    horizon = V.check_int(horizon, "horizon", low=1)
    if horizon > 10:
        raise ValueError(f"horizon must be between 1 and 10 years; got {horizon}.")

    def listed(values, name, check):
        if isinstance(values, (str, numbers.Number)) or not isinstance(values, Sequence):
            raise TypeError(f"{name} must be a list of numbers; got {values!r}.")
        if not len(values):
            raise ValueError(f"{name} must not be empty.")
        return tuple(check(v, name) for v in values)

    qs = listed(quantiles, "quantiles", V.check_probability)
    return {"window": V.check_int(window, "window", low=2), "horizon": horizon,
            "thresholds": listed(thresholds, "thresholds", V.check_fraction_growth),
            "relative": listed(relative, "relative_thresholds", V.check_fraction_growth),
            "quantiles": qs,
            "n_paths": V.check_int(n_paths, "n_paths", low=100),
            "n_boot": V.check_int(n_boot, "n_boot", low=100),
            "year_block": V.check_int(year_block, "year_block", low=1),
            "chunk": V.check_int(chunk, "chunk", low=1),
            "seed": V.check_int(seed, "seed", low=0)}

