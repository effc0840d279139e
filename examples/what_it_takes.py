"""What growth would give the merged city's 2030 targets an 80 % chance?

    python examples/what_it_takes.py [--paths 20000] [--probability 0.8]
"""

import argparse

import hpforecast as hpf

ap = argparse.ArgumentParser()
ap.add_argument("--paths", type=int, default=20_000)
ap.add_argument("--probability", type=float, default=0.8)
args = ap.parse_args()

scenario = hpf.scenarios.plan_adjusted()
targets = hpf.load_targets()
for tid in ("grdp_growth_2026_2030_hdnd", "grdp_per_capita_usd_2030", "port_cargo_2030"):
    result = hpf.growth_needed(targets[tid], args.probability, scenario=scenario,
                               n_paths=args.paths)
    print(result)
