"""Coverage of the Sobol sampler's 95 % interval, over independent replicates.

For each case the true probability comes from an exact formula where there is one, else
from an independent plain Monte Carlo run of many paths (its se is printed; it is far
below the Sobol intervals' half-width). Each replicate is a fresh seed; the share of
replicates whose 95 % interval contains the truth is printed with its binomial se.

Run: python benchmarks/bench_sobol_coverage.py [--reps 400]
"""

from __future__ import annotations

import argparse
import math
import time

from scipy import stats

import hpforecast as hpf


def cases():
    one = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.13, 0.015)}, end_year=2026,
                       base_values={"grdp_real": 100.0})
    # 1. one driver, one year: P(g >= 0.125) exactly
    yield ("one driver, one year", one, hpf.Target.level("grdp_real", 2026, 112.5),
           1 - stats.norm.cdf((0.125 - 0.13) / 0.015))
    two = hpf.Scenario(growth={"grdp_real": hpf.Normal(0.13, 0.02),
                               "grdp_deflator": hpf.Normal(0.02, 0.01)},
                       end_year=2027, base_values={"grdp_real": 100.0, "grdp_deflator": 1.0})
    yield ("two drivers, two years", two,
           hpf.Target.level("grdp_nominal", 2027, 100.0 * 1.15 ** 2), None)
    plan = hpf.scenarios.plan()
    t = hpf.load_targets()
    yield ("plan: per capita 2030 (5 drivers, 5 years)", plan,
           t["grdp_per_capita_usd_2030"], None)
    yield ("plan: growth 2026-2030", plan, t["grdp_growth_2026_2030_hdnd"], None)


def coverage(sc, target, n_paths, reps, truth):
    inside = zero = 0
    width = 0.0
    for r in range(reps):
        row = hpf.simulate(sc, n_paths=n_paths, seed=10_000 + r, sampler="sobol",
                           keep_paths=False).probability(target).iloc[0]
        inside += row["ci_low"] <= truth <= row["ci_high"]
        zero += row["ci_high"] - row["ci_low"] <= 0
        width += row["ci_high"] - row["ci_low"]
    return inside / reps, zero, width / reps


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=400)
    ap.add_argument("--truth-paths", type=int, default=8_000_000)
    args = ap.parse_args()
    print(f"Sobol 95 % interval coverage over {args.reps} replicates (binomial se of a "
          f"coverage near 0.95: {math.sqrt(0.95 * 0.05 / args.reps):.3f})")
    for name, sc, target, exact in cases():
        if exact is None:
            t0 = time.perf_counter()
            ref = hpf.simulate(sc, n_paths=args.truth_paths, seed=1, keep_paths=False)
            row = ref.probability(target).iloc[0]
            truth, how = float(row["probability"]), (
                f"plain MC, {args.truth_paths:,} paths, se {row['se']:.1e}, "
                f"{time.perf_counter() - t0:.0f} s")
        else:
            truth, how = float(exact), "exact"
        print(f"\n{name}: truth {truth:.5f} ({how})")
        for blocks in (2, 4, 8):
            cov, zero, width = coverage(sc, target, blocks * hpf.engine.BLOCK, args.reps,
                                        truth)
            print(f"  {blocks} blocks: coverage {cov:.3f}, mean width {width:.4f}, "
                  f"zero-width intervals {zero}")


if __name__ == "__main__":
    main()
