"""Probability of each 2030 target under the ready-made plan scenario.

    python examples/probability_table.py [--paths 100000] [--seed 2030]
"""

import argparse
import warnings

import hpforecast as hpf

ap = argparse.ArgumentParser()
ap.add_argument("--paths", type=int, default=100_000)
ap.add_argument("--seed", type=int, default=2030)
args = ap.parse_args()

targets = hpf.load_targets().filter(year=2030, evaluable=True)
sim = hpf.simulate(hpf.scenarios.plan(), n_paths=args.paths, seed=args.seed)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)   # old-boundary targets: see the note column
    table = sim.probability(targets)
print(table[["threshold", "unit", "probability", "se", "ci_low", "ci_high", "note"]]
      .to_string(float_format=lambda x: f"{x:,.4g}"))
print(f"\nseed {sim.seed}, {sim.n_paths:,} paths")
