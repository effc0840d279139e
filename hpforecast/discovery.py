"""Scenario discovery: which assumptions make a target miss? (PRIM)

:func:`discover` sweeps the assumptions over ranges (a Latin hypercube), simulates each
combination and finds, with the Patient Rule Induction Method (Friedman & Fisher 1999,
as used for scenario discovery by Bryant & Lempert 2010), a box of assumptions where the
misses concentrate. :func:`prim` runs PRIM on any table of features and outcomes.

Coverage is the share of all misses that fall inside the box; density the share of the
box's runs that miss; support the share of all runs inside the box.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import _i18n as L
from . import _validation as V
from . import assumptions as A
from ._warnings import ShortSampleWarning
from .engine import chunk_from_normals, make_plan
from .simulation import met_on_chunk, simulate
from .scenario import Scenario
from .targets import Target

__all__ = ["discover", "Discovery", "prim"]

#: Default half-width of a driver's range: its location ± 3 percentage points.
DEFAULT_HALF_WIDTH = 0.03
UNITS = ("run", "path")


# ------------------------------------------------------------------------------ PRIM


def prim(
    features: pd.DataFrame,
    outcome,
    *,
    alpha: float = 0.05,
    min_support: float = 0.05,
    min_coverage: float = 0.5,
    paste: bool = True,
    max_p_value: float | None = 0.05,
    bounds: Mapping[str, tuple[float, float]] | None = None,
) -> dict:
    """Find a box of features where a boolean outcome concentrates (PRIM).

    Peeling: starting from the box holding every row, remove at each step the ``alpha``
    share of the box's rows at the low or high end of one feature, choosing the peel
    that leaves the highest density (share of the box's rows with outcome True; ties
    go to the larger box). Peeling stops when the next peel would leave less than
    ``min_support`` of all rows, or when the density reaches 1. The box chosen is the
    step with the highest density among those with coverage ≥ ``min_coverage`` (the
    earliest such step on ties). Pasting then widens the chosen box, one limit at a
    time by ``alpha`` of its rows, while the density does not fall and misses are added.
    Last, restrictions that do not matter are pruned: for each restricted feature, the
    quasi-p-value of Bryant & Lempert (2010) of each restricted limit is the binomial
    probability of at least the box's number of misses among its rows, at the density
    of the box without that limit; while the largest exceeds ``max_p_value``, that
    limit is dropped.

    Parameters
    ----------
    features : DataFrame
        One column per numeric feature, one row per run (a column that is not
        numeric raises TypeError naming it).
    outcome : array_like of bool
        True for the rows of interest (misses), length ``len(features)``.
    alpha : float, default 0.05
        Peeling (and pasting) fraction, in (0, 0.5).
    min_support : float, default 0.05
        Smallest share of all rows a box may hold, in (0, 1).
    min_coverage : float, default 0.5
        Smallest coverage of the chosen box, in (0, 1].
    paste : bool, default True
        Paste after choosing the box.
    max_p_value : float or None, default 0.05
        Drop restrictions whose quasi-p-value exceeds this; None keeps them all.
    bounds : dict, optional
        feature → (low, high) reported for unrestricted sides (default: the data's
        minimum and maximum).

    Returns
    -------
    dict
        ``box`` (DataFrame: ``feature, low, high, restricted, low_restricted,
        high_restricted, p_value``; ``p_value`` is the larger quasi-p-value of the
        feature's limits, NaN for unrestricted features), ``coverage``, ``density``,
        ``support``, ``inside``
        (boolean array), ``trajectory`` (DataFrame indexed by ``step``: ``coverage,
        density, support, n_in_box, n_restricted, chosen``) and ``chosen_step``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from hpforecast.discovery import prim
    >>> rng = np.random.default_rng(0)
    >>> x = pd.DataFrame(rng.uniform(size=(1000, 2)), columns=["a", "b"])
    >>> res = prim(x, (x["a"] < 0.3).to_numpy())
    >>> res["box"].set_index("feature").loc["a", "high"].round(1)
    np.float64(0.3)
    >>> round(res["density"], 2), round(res["coverage"], 2)
    (1.0, 1.0)
    """
    x, y, names = _check_prim_input(features, outcome)
    alpha = V.check_number(alpha, "alpha", low=0.0, high=0.5, low_inclusive=False,
                           high_inclusive=False)
    min_support = V.check_probability(min_support, "min_support")
    min_coverage = V.check_number(min_coverage, "min_coverage", low=0.0, high=1.0,
                                  low_inclusive=False)
    V.check_bool(paste, "paste")
    if max_p_value is not None:
        max_p_value = V.check_probability(max_p_value, "max_p_value", open_interval=False)
    total_y = int(y.sum())
    steps = _peel(x, y, alpha, min_support * len(y))
    dens = np.array([s[3] for s in steps])
    cov = np.array([s[2] for s in steps])
    ok = cov >= min_coverage - 1e-12 if total_y else np.zeros(len(steps), bool)
    if ok.any():
        best_d = np.nanmax(dens[ok])
        chosen = int(np.flatnonzero(ok & (dens >= best_d - 1e-12))[0])
    else:
        chosen = 0
    low, high = steps[chosen][0].copy(), steps[chosen][1].copy()
    inside = _in_box(x, low, high)
    if paste and total_y and chosen > 0:
        low, high, inside = _paste(x, y, low, high, inside, alpha)
    pvals = _prune(x, y, low, high, max_p_value)
    inside = _in_box(x, low, high)
    traj = pd.DataFrame({
        "coverage": cov, "density": dens, "support": [s[4] for s in steps],
        "n_in_box": [s[5] for s in steps],
        "n_restricted": [int((np.isfinite(s[0]) | np.isfinite(s[1])).sum()) for s in steps],
        "chosen": np.arange(len(steps)) == chosen,
    }, index=pd.Index(range(len(steps)), name="step"))
    coverage, density, support, _ = _box_stats(y, inside)
    return {"box": _box_table(x, names, low, high, pvals, bounds), "coverage": coverage,
            "density": density, "support": support, "inside": inside, "trajectory": traj,
            "chosen_step": chosen}


def _check_prim_input(features, outcome) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Features as a finite float array, the outcome as booleans, the feature names."""
    if not isinstance(features, pd.DataFrame):
        raise TypeError(f"features must be a DataFrame; got {type(features).__name__}.")
    y = np.asarray(outcome)
    if y.dtype != bool:
        raise TypeError(f"outcome must be boolean; got dtype {y.dtype}.")
    if y.shape != (len(features),):
        raise ValueError(f"outcome must have one value per row of features "
                         f"({len(features)}); got shape {y.shape}.")
    for col in features.columns:
        kind = features[col].dtype
        if not (pd.api.types.is_bool_dtype(kind) or pd.api.types.is_numeric_dtype(kind)):
            bad = features[col][~features[col].map(
                lambda v: isinstance(v, (int, float, np.number))
                and not isinstance(v, (bool, np.bool_)))]
            example = f"; first non-number: {bad.iloc[0]!r}" if len(bad) else ""
            raise TypeError(f"features column {str(col)!r} must be numeric; got dtype "
                            f"{kind}{example}. Convert it to numbers (e.g. with "
                            "pandas.to_numeric) or drop it.")
    x = features.to_numpy(dtype=float)
    if not np.isfinite(x).all():
        raise ValueError("features must be finite numbers.")
    if x.shape[0] < 2:
        raise ValueError(f"features needs at least 2 rows; got {x.shape[0]}.")
    return x, y, list(map(str, features.columns))


def _box_stats(y: np.ndarray, mask: np.ndarray) -> tuple[float, float, float, int]:
    """(coverage, density, support, rows) of the box given by ``mask``."""
    total_y = int(y.sum())
    n_in = int(mask.sum())
    k = int(y[mask].sum())
    return (k / total_y if total_y else math.nan, k / n_in if n_in else math.nan,
            n_in / len(y), n_in)


def _peel(x: np.ndarray, y: np.ndarray, alpha: float, min_rows: float) -> list[tuple]:
    """The peeling trajectory: one (low, high, coverage, density, support, rows) per step."""
    d = x.shape[1]
    low = np.full(d, -np.inf)
    high = np.full(d, np.inf)
    inside = np.ones(len(y), dtype=bool)
    steps = [(low.copy(), high.copy(), *_box_stats(y, inside))]
    while y.any():
        n_in = int(inside.sum())
        if int(y[inside].sum()) == n_in:       # density 1: peeling can only lose misses
            break
        best = None
        for j in range(d):
            xs = x[inside, j]
            for side, q in (("low", alpha), ("high", 1 - alpha)):
                cut = float(np.quantile(xs, q))
                keep = xs >= cut if side == "low" else xs <= cut
                m = int(keep.sum())
                if m == n_in or m == 0 or m < min_rows:
                    continue
                key = (y[inside][keep].mean(), m)
                if best is None or key > best[0]:
                    best = (key, j, side, cut)
        if best is None:
            break
        _, j, side, cut = best
        if side == "low":
            low[j] = cut
            inside &= x[:, j] >= cut
        else:
            high[j] = cut
            inside &= x[:, j] <= cut
        steps.append((low.copy(), high.copy(), *_box_stats(y, inside)))
    return steps


def _prune(x, y, low, high, max_p_value) -> dict:
    """Drop limits whose quasi-p-value exceeds ``max_p_value`` (in place); the p-values."""
    pvals = _p_values(x, y, low, high)
    while max_p_value is not None and pvals:
        j, side = max(pvals, key=lambda key: (pvals[key], key))
        if pvals[(j, side)] <= max_p_value:
            break
        if side == "low":
            low[j] = -np.inf
        else:
            high[j] = np.inf
        pvals = _p_values(x, y, low, high)
    return pvals


def _box_table(x, names, low, high, pvals, bounds) -> pd.DataFrame:
    bounds = dict(bounds or {})
    rows = []
    for j, nm in enumerate(names):
        b_lo, b_hi = bounds.get(nm, (float(x[:, j].min()), float(x[:, j].max())))
        lo_r, hi_r = bool(np.isfinite(low[j])), bool(np.isfinite(high[j]))
        rows.append({"feature": nm, "low": float(low[j]) if lo_r else float(b_lo),
                     "high": float(high[j]) if hi_r else float(b_hi),
                     "restricted": lo_r or hi_r, "low_restricted": lo_r,
                     "high_restricted": hi_r,
                     "p_value": max((pvals[k] for k in ((j, "low"), (j, "high"))
                                     if k in pvals), default=np.nan)})
    return pd.DataFrame(rows)


def _p_values(x, y, low, high) -> dict[tuple[int, str], float]:
    """Quasi-p-value of each restricted side of the box (Bryant & Lempert 2010).

    The binomial probability of at least the box's misses among its rows, at the
    density of the box without that limit.
    """
    from scipy.stats import binom

    inside = _in_box(x, low, high)
    n_in, k_in = int(inside.sum()), int(y[inside].sum())
    out = {}
    for side, lim in (("low", low), ("high", high)):
        for j in np.flatnonzero(np.isfinite(lim)):
            wide = lim.copy()
            wide[j] = -np.inf if side == "low" else np.inf
            wider = _in_box(x, wide, high) if side == "low" else _in_box(x, low, wide)
            dens = y[wider].mean()
            out[(int(j), side)] = float(binom.sf(k_in - 1, n_in, dens)) if n_in else 1.0
    return out


def _in_box(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    return np.all((x >= low) & (x <= high), axis=1)


def _paste(x, y, low, high, inside, alpha):
    """Widen restricted limits while the density does not fall and misses are added."""
    N, d = x.shape
    while True:
        n_in = int(inside.sum())
        k_in = int(y[inside].sum())
        dens_in = k_in / n_in
        step = max(1, math.ceil(alpha * n_in))
        best = None
        for j in range(d):
            others = np.ones(N, dtype=bool)
            for i in range(d):
                if i != j:
                    others &= (x[:, i] >= low[i]) & (x[:, i] <= high[i])
            for side in ("low", "high"):
                lim = low[j] if side == "low" else high[j]
                if not np.isfinite(lim):
                    continue
                cand = others & ((x[:, j] < lim) if side == "low" else (x[:, j] > lim))
                idx = np.flatnonzero(cand)
                if idx.size == 0:
                    continue
                order = np.argsort(-x[idx, j] if side == "low" else x[idx, j],
                                   kind="stable")
                near = idx[order[:step]]
                # the best prefix of the nearest rows: highest density, then most misses
                k_cum = np.cumsum(y[near])
                dens = (k_in + k_cum) / (n_in + np.arange(1, near.size + 1))
                okay = (k_cum > 0) & (dens >= dens_in - 1e-12)
                if not okay.any():
                    continue
                ok_idx = np.flatnonzero(okay)
                top = ok_idx[dens[ok_idx] >= dens[ok_idx].max() - 1e-12]
                i_best = int(top[np.argmax(k_cum[top])])
                add = near[:i_best + 1]
                if add.size == idx.size:
                    new_lim = -np.inf if side == "low" else np.inf
                else:
                    new_lim = float(x[add, j].min() if side == "low" else x[add, j].max())
                key = (float(dens[i_best]), int(k_cum[i_best]))
                if best is None or key > best[0]:
                    best = (key, j, side, new_lim)
        if best is None:
            return low, high, inside
        _, j, side, new_lim = best
        if side == "low":
            low[j] = new_lim
        else:
            high[j] = new_lim
        inside = _in_box(x, low, high)


# ------------------------------------------------------------------------- result


@dataclass(frozen=True, eq=False)
class Discovery:
    """Result of :func:`discover`: the box of assumptions where a target is missed.

    Attributes
    ----------
    target : str
        The target's name.
    scenario : str
        The scenario's name.
    unit : {"run", "path"}
        What a row of :attr:`runs` is.
    box : DataFrame
        One row per feature: ``feature, low, high, restricted, low_restricted,
        high_restricted, p_value`` (unrestricted sides show the range swept, or the data's
        extremes for paths).
    coverage : float
        Share of all misses inside the box (NaN when nothing missed).
    density : float
        Share of the box's rows that miss.
    support : float
        Share of all rows inside the box.
    trajectory : DataFrame
        The peeling steps, indexed by ``step``: ``coverage, density, support,
        n_in_box, n_restricted, chosen`` (before pasting).
    runs : DataFrame
        The features of every run (or path), its ``probability`` of meeting the target
        (for paths: 1.0 or 0.0), ``missed`` and ``in_box``.
    n_misses : int
    seed : int
        Reproduces the sweep.
    labels : dict
        feature → readable label used by :meth:`rules`.
    """

    target: str
    scenario: str
    unit: str
    box: pd.DataFrame
    coverage: float
    density: float
    support: float
    trajectory: pd.DataFrame
    runs: pd.DataFrame
    n_misses: int
    seed: int
    labels: Mapping = dataclasses.field(default_factory=dict)
    kinds: Mapping = dataclasses.field(default_factory=dict)

    def rules(self) -> str:
        """The box in words, with its density and coverage.

        Returns
        -------
        str
            For example "Missed in 85 % of runs where real GRDP growth is at most
            11.5 % (these runs hold 78 % of all misses)." Limits are inclusive, as in
            :attr:`box`; a printed limit is rounded outwards, with as many decimals as
            needed for the condition to select exactly the box's rows.
        """
        rows = "runs" if self.unit == "run" else "paths"
        n = len(self.runs)
        if self.n_misses == 0:
            return f"The target was met in all {n:,} {rows}; there are no misses to explain."
        if self.n_misses == n:
            return f"The target was missed in all {n:,} {rows}."
        box = self.box[self.box["restricted"]].sort_values("p_value", kind="stable")
        parts = [self._clause(r) for r in box.itertuples()]
        prep = "in" if self.unit == "run" else "on"
        if not parts:
            return (f"Missed {prep} {_pct(self.density)} of {rows}; no box of "
                    "assumptions concentrates the misses more than the whole sweep.")
        return (f"Missed {prep} {_pct(self.density)} of {rows} where "
                + _join(parts) + f" (these {rows} hold {_pct(self.coverage)} of all "
                "misses).")

    def _clause(self, r) -> str:
        label = self.labels.get(r.feature, r.feature)
        kind = self.kinds.get(r.feature, "number")
        data = (self.runs[r.feature].to_numpy(dtype=float) if r.feature in self.runs
                else np.empty(0))
        # The box's limits are inclusive: "at most" / "at least", rounded outwards just
        # enough that the printed condition selects the same rows as the box.
        lo, hi = _fmt_limit(r.low, "low", kind, data), _fmt_limit(r.high, "high", kind, data)
        if r.low_restricted and r.high_restricted:
            return f"{label} is from {lo} to {hi}"
        if r.high_restricted:
            return f"{label} is at most {hi}"
        return f"{label} is at least {lo}"

    def __repr__(self) -> str:
        return (f"Discovery(target={self.target!r}, scenario={self.scenario!r}, "
                f"unit={self.unit!r}, coverage={self.coverage:.3f}, "
                f"density={self.density:.3f}, support={self.support:.3f})\n{self.rules()}")

    def _repr_html_(self) -> str:
        head = (f"<p><b>Scenario discovery</b> for {self.target!r} on scenario "
                f"{self.scenario!r} ({len(self.runs):,} {self.unit}s, {self.n_misses:,} "
                f"misses, seed {self.seed})</p><p>{self.rules()}</p>"
                f"<p>coverage {self.coverage:.3f}, density {self.density:.3f}, support "
                f"{self.support:.3f}</p>")
        return head + self.box.to_html(index=False, float_format=lambda v: f"{v:.4g}")


def _pct(x: float) -> str:
    return f"{100 * x:.0f} %"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _fmt_limit(v: float, side: str, kind: str, data: np.ndarray) -> str:
    """An inclusive box limit in words: rounded outwards (up for a high limit, down for a
    low one), so every row of the box satisfies the printed condition, with the fewest
    decimals for which no row outside the box does.

    >>> import numpy as np
    >>> _fmt_limit(0.1305, "high", "growth", np.array([0.12, 0.1305, 0.1309]))
    '13.05 %'
    >>> _fmt_limit(0.1305, "high", "growth", np.array([0.12, 0.1305, 0.14]))
    '13.1 %'
    >>> _fmt_limit(0.1305, "low", "growth", np.array([0.12, 0.1305, 0.14]))
    '13.0 %'
    """
    scale = 100.0 if kind in ("growth", "spread") else 1.0
    first = 1 if scale == 100.0 else 2
    data = np.asarray(data, dtype=float)
    text = f"{scale * v:.{first + 6}f}"
    for d in range(first, first + 7):
        x = scale * v * 10 ** d
        k = math.ceil(x - 1e-7) if side == "high" else math.floor(x + 1e-7)
        shown = k / 10 ** d / scale
        if side == "high":
            wrong = (data > v) & (data <= shown)
        else:
            wrong = (data < v) & (data >= shown)
        if not wrong.any():
            text = f"{k / 10 ** d:.{d}f}"
            break
    if kind == "growth":
        return f"{text} %"
    if kind == "spread":
        return f"{text} points"
    return text


def _readable(indicator: str) -> str:
    return L.lower_first(L.indicator_name(indicator, "en"))


# ------------------------------------------------------------------------ discover


def discover(
    scenario: Scenario,
    target: Target,
    *,
    ranges: Mapping[str, tuple[float, float]] | None = None,
    n: int | None = None,
    paths_per_run: int = 200,
    seed: int | np.random.Generator | None = None,
    unit: str = "run",
    miss_if_probability_below: float = 0.5,
    alpha: float = 0.05,
    min_support: float = 0.05,
    min_coverage: float = 0.5,
    paste: bool = True,
    max_p_value: float | None = 0.05,
    history: pd.DataFrame | None = None,
) -> Discovery:
    """Find the assumptions under which a target is missed (scenario discovery, PRIM).

    With ``unit="run"`` (default), ``n`` combinations of assumptions are drawn by Latin
    hypercube sampling within ``ranges``; each is simulated with ``paths_per_run``
    paths, all runs sharing the same random numbers (so differences between runs come
    from the assumptions alone), and a run counts as a miss when its probability of
    meeting the target is below ``miss_if_probability_below``. With ``unit="path"``,
    ``n`` paths of the scenario as given are simulated, the features are each random
    driver's realised average growth over the target's window, and a path is a miss
    when it misses the target. PRIM (:func:`prim`) then finds the box where misses
    concentrate.

    Parameters
    ----------
    scenario : Scenario
        The assumptions swept around.
    target : Target
        One target, evaluable on the scenario.
    ranges : dict, optional
        Assumption → (low, high), swept uniformly (``unit="run"`` only), named as in
        :mod:`hpforecast.assumptions`: a driver (its growth's location), ``"sd:<driver>"``
        (its standard deviation) or ``"persistence"``. Growth and spreads are fractions
        (0.13). Default: every driver with a random growth, its location ± 0.03 (3
        percentage points).
    n : int, optional
        Runs (default 500) or paths (default 10,000); at least 20.
    paths_per_run : int, default 200
        Paths simulated for each run (``unit="run"``).
    seed : int, numpy.random.Generator or None
        Source of randomness, recorded in the result.
    unit : {"run", "path"}, default "run"
    miss_if_probability_below : float, default 0.5
        A run is a miss when its probability of meeting the target is below this.
    alpha, min_support, min_coverage, paste, max_p_value
        PRIM settings, see :func:`prim`: peel 5 % at a time, stop at 5 % support,
        choose the densest step with coverage ≥ 0.5, paste, then drop restrictions
        whose quasi-p-value exceeds 0.05.
    history : DataFrame, optional
        History for base levels and recorded parts of the target.

    Returns
    -------
    Discovery
        With ``box``, ``coverage``, ``density``, ``support``, ``trajectory``, ``runs``
        and :meth:`Discovery.rules`.

    Raises
    ------
    TypeError, ValueError
        Bad arguments or range keys (named, with the allowed ones), ``ranges`` with
        ``unit="path"``, or a target that cannot be evaluated on the scenario.

    Warns
    -----
    ShortSampleWarning
        When fewer than 10 rows miss, or none, or all.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> sc = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.13, 0.02)},
    ...                   base_values={"grdp_real": 100.0})
    >>> t = hpf.Target.average_growth("grdp_real", 2025, 2030, 0.13)
    >>> res = hpf.discover(sc, t, ranges={"grdp_real": (0.10, 0.16)}, n=100,
    ...                    paths_per_run=100, seed=1)
    >>> print(res.rules())  # doctest: +NORMALIZE_WHITESPACE
    Missed in 100 % of runs where real GRDP growth is at most 13.11 %
    (these runs hold 100 % of all misses).
    >>> res.box[["feature", "low", "high", "restricted"]].round(3)
         feature  low   high  restricted
    0  grdp_real  0.1  0.131        True
    """
    n, ppr, cut = _check_discover_args(scenario, target, unit, n, paths_per_run,
                                       miss_if_probability_below, ranges)
    entropy = V.seed_entropy(seed)
    check = _checked_target(scenario, target, history)
    ss_lhs, ss_paths = np.random.SeedSequence(entropy).spawn(2)
    if unit == "path":
        feats, outcome, prob, labels, kinds, bounds = _path_sweep(
            scenario, check, n, entropy, history)
    else:
        rng_spec = _check_ranges(scenario, ranges)
        feats, prob, labels, kinds = _run_sweep(scenario, check, rng_spec, n, ppr,
                                                ss_lhs, ss_paths, history)
        outcome = prob < cut
        bounds = rng_spec
    n_miss = int(outcome.sum())
    _warn_few_misses(n_miss, len(outcome), "runs" if unit == "run" else "paths")
    res = prim(feats, outcome, alpha=alpha, min_support=min_support,
               min_coverage=min_coverage, paste=paste, max_p_value=max_p_value,
               bounds=bounds)
    runs = feats.copy()
    runs["probability"] = prob
    runs["missed"] = outcome
    runs["in_box"] = res["inside"]
    runs.index.name = unit
    return Discovery(target=target.name, scenario=scenario.name, unit=unit, box=res["box"],
                     coverage=res["coverage"], density=res["density"],
                     support=res["support"], trajectory=res["trajectory"], runs=runs,
                     n_misses=n_miss, seed=entropy, labels=labels, kinds=kinds)


def _check_discover_args(scenario, target, unit, n, paths_per_run, miss_below, ranges):
    V.check_type(scenario, "scenario", Scenario, "an hpforecast.Scenario")
    if not isinstance(target, Target):
        raise TypeError(f"target must be one hpforecast.Target; got "
                        f"{type(target).__name__}.")
    V.check_choice(unit, "unit", UNITS)
    n = V.check_int(500 if n is None and unit == "run" else 10_000 if n is None else n,
                    "n", low=20)
    ppr = V.check_int(paths_per_run, "paths_per_run", low=1)
    cut = V.check_probability(miss_below, "miss_if_probability_below")
    if unit == "path" and ranges is not None:
        raise ValueError("ranges is only used with unit='run'; with unit='path' the "
                         f"features are the realised growth of each path. Got "
                         f"ranges={ranges!r}.")
    return n, ppr, cut


def _checked_target(scenario: Scenario, target: Target, history):
    """The target's assessment on the scenario; ValueError when it cannot be evaluated."""
    (check,) = simulate(scenario, n_paths=1, seed=0, history=history).assess([target])
    if not check.ok:
        raise ValueError(f"target {target.name!r} cannot be evaluated on this scenario: "
                         f"{check.reason}.")
    return check


def _warn_few_misses(n_miss: int, n: int, what: str) -> None:
    if n_miss == 0 or n_miss == n:
        warnings.warn(f"The target is {'met' if n_miss == 0 else 'missed'} in all {n} "
                      f"{what}; there is no box to find. Widen the ranges.",
                      ShortSampleWarning, stacklevel=3)
    elif min(n_miss, n - n_miss) < 10:
        warnings.warn(f"Only {min(n_miss, n - n_miss)} of {n} {what} are "
                      f"{'misses' if n_miss < n / 2 else 'not misses'}; the box "
                      "is unreliable. Widen the ranges or increase n.",
                      ShortSampleWarning, stacklevel=3)


#: How a swept assumption's values read in a rule (see _fmt_limit).
_FEATURE_KIND = {"location": "growth", "sd": "spread", "persistence": "number"}


def _check_ranges(scenario: Scenario, ranges) -> dict[str, tuple[float, float]]:
    if ranges is None:
        out = {d: A.default_range(scenario, d, half_width=DEFAULT_HALF_WIDTH)
               for d in scenario.random_drivers if A.is_uncertain(scenario, d)}
        if not out:
            raise ValueError("ranges: the scenario has no driver with a random growth; give "
                             f"ranges explicitly (allowed keys: "
                             f"{', '.join(A.levers(scenario))}).")
        return out
    return A.check_ranges(scenario, ranges, what="ranges")


def _run_sweep(scenario, check, ranges, n, ppr, ss_lhs, ss_paths, history):
    from scipy.stats import qmc

    keys = list(ranges)
    unit_cube = qmc.LatinHypercube(d=len(keys), rng=np.random.default_rng(ss_lhs)).random(n)
    lo = np.array([ranges[k][0] for k in keys])
    hi = np.array([ranges[k][1] for k in keys])
    values = lo + unit_cube * (hi - lo)
    plan0 = make_plan(scenario, history)
    # Base levels are read from the history once (reading them is the slow part of
    # make_plan); every run gets them as base_values, which gives the same levels.
    # (A Level with no recorded base keeps none; a base given as a distribution stays.)
    fast = scenario.replace(base_values={
        **{d: v for d, v in plan0.base.items() if v == v}, **scenario.base_values})
    e = np.random.default_rng(ss_paths).standard_normal(
        (plan0.n_years, ppr, len(plan0.drivers)))
    prob = np.empty(n)
    for i in range(n):
        try:
            sc = A.apply(fast, dict(zip(keys, values[i])), what="ranges")
        except (TypeError, ValueError) as exc:
            raise ValueError(f"ranges: the assumptions "
                             f"{dict(zip(keys, np.round(values[i], 6)))} give an invalid "
                             f"scenario: {exc}") from None
        plan = make_plan(sc)
        met = met_on_chunk([check], chunk_from_normals(plan, e), scenario.base_year)[0]
        prob[i] = float(np.mean(met))
    feats = pd.DataFrame(values, columns=keys)
    labels, kinds = {}, {}
    for k in keys:
        labels[k] = A.phrase(k)
        kinds[k] = _FEATURE_KIND[A.parse(k, scenario).kind]
    return feats, prob, labels, kinds


def _path_sweep(scenario, check, n, entropy, history):
    t = check.target
    base = scenario.base_year
    start = max(base, t.start) if t.measure == "average_growth" else base
    end = t.year
    if end <= start:
        raise ValueError(f"target {t.name!r}: no simulated growth before {end}; "
                         "unit='path' needs a target after the first simulated year.")
    sim = simulate(scenario, n_paths=n, seed=entropy, history=history)
    cols, labels, kinds = {}, {}, {}
    for d in scenario.drivers:
        lev = sim.paths(d)
        g = (lev[:, end - base] / lev[:, start - base]) ** (1.0 / (end - start)) - 1.0
        if np.ptp(g) > 0:
            cols[d] = g
            labels[d] = f"{_readable(d)}'s average growth {start + 1}–{end}"
            kinds[d] = "growth"
    met = np.concatenate([m[0] for _, m in sim.met_chunks([check])])
    feats = pd.DataFrame(cols)
    if feats.shape[1] == 0:
        raise ValueError("the scenario has no driver with a random growth; there is "
                         "nothing to discover on paths.")
    bounds = {c: (float(v.min()), float(v.max())) for c, v in cols.items()}
    return feats, ~met, met.astype(float), labels, kinds, bounds
