"""What-if tools: explorer update time and variance reduction at equal paths.

Run:  python benchmarks/bench_whatif.py [--paths 65536] [--replicates 30]

Prints, in one run:
- the interactive explorer's update time at its default number of paths: simulate +
  probability table + fan chart redraw + PNG render (goal < 0.2 s);
- for the ready-made plan scenario's 2030 targets, the standard error of the probability
  at equal paths for plain Monte Carlo, antithetic pairs and scrambled Sobol points: the
  one the library reports and the one measured across independent replicates, and the
  variance reduction factor (MC variance / method variance);
- the time of growth_needed for the per-capita target.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
import warnings

import numpy as np

import hpforecast as hpf
from hpforecast.explorer import Explorer

TARGETS = ("grdp_growth_2026_2030_hdnd", "grdp_per_capita_usd_2030", "port_cargo_2030")


def explorer_times(repeat: int = 12) -> list[float]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    ex = Explorer()
    ex.update(draw=True)
    times = []
    for i in range(repeat):
        t0 = time.perf_counter()
        ex.update(grdp_real=0.11 + 0.04 * i / repeat, draw=True)
        FigureCanvasAgg(ex.figure).print_png(io.BytesIO())
        times.append(time.perf_counter() - t0)
    return times, ex.n_paths


def variance_reduction(n: int, replicates: int) -> None:
    sc = hpf.scenarios.plan()
    targets = [hpf.load_targets()[t] for t in TARGETS]
    print(f"variance reduction, plan scenario, {n:,} paths, {replicates} replicates each")
    print(f"  {'target':28s} {'sampler':10s} {'p':>7s} {'se reported':>12s} "
          f"{'se measured':>12s} {'variance reduction':>19s}")
    est = {}
    for sampler in ("mc", "antithetic", "sobol"):
        ps, ses = [], []
        for r in range(replicates):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                tab = hpf.simulate(sc, n_paths=n, seed=1000 + r, sampler=sampler,
                                   keep_paths=False).probability(targets)
            ps.append(tab["probability"].to_numpy())
            ses.append(tab["se"].to_numpy())
        est[sampler] = (np.array(ps), np.array(ses))
    for j, tid in enumerate(TARGETS):
        mc_var = est["mc"][0][:, j].var(ddof=1)
        for sampler, (ps, ses) in est.items():
            measured = ps[:, j].std(ddof=1)
            factor = mc_var / measured ** 2 if measured > 0 else float("inf")
            print(f"  {tid:28s} {sampler:10s} {ps[:, j].mean():7.4f} "
                  f"{ses[:, j].mean():12.5f} {measured:12.5f} {factor:19.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--paths", type=int, default=65_536)
    ap.add_argument("--replicates", type=int, default=30)
    args = ap.parse_args()
    times, n = explorer_times()
    print(f"explorer update ({n:,} paths: simulate + table + fan chart + PNG render): "
          f"median {statistics.median(times):.3f} s, max {max(times):.3f} s (goal < 0.2 s)")
    variance_reduction(args.paths, args.replicates)
    t0 = time.perf_counter()
    r = hpf.growth_needed(hpf.load_targets()["grdp_per_capita_usd_2030"], 0.8,
                          scenario=hpf.scenarios.plan(), n_paths=20_000)
    print(f"growth_needed (20,000 paths): {time.perf_counter() - t0:.2f} s -> {r}")


if __name__ == "__main__":
    main()
