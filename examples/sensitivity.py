"""Which assumption matters most? A tornado table for the plan scenario's 2030 targets.

    python examples/sensitivity.py [--paths 20000]
"""

import argparse

import hpforecast as hpf

ap = argparse.ArgumentParser()
ap.add_argument("--paths", type=int, default=20_000)
args = ap.parse_args()

targets = hpf.load_targets()
chosen = [targets[t] for t in ("grdp_per_capita_usd_2030", "port_cargo_2030")]
table = hpf.tornado(hpf.scenarios.plan(), chosen, n_paths=args.paths)
print(table[["target", "low", "high", "delta_low", "delta_high"]]
      .to_string(float_format=lambda x: f"{x:+.3f}"))
