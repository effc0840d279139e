"""Ready-made scenarios and a scenario file side by side, with differences from the plan.

    python examples/compare_scenarios.py [--paths 20000]
"""

import argparse
from pathlib import Path

import hpforecast as hpf

ap = argparse.ArgumentParser()
ap.add_argument("--paths", type=int, default=20_000)
args = ap.parse_args()

mine = hpf.Scenario.from_toml(Path(__file__).with_name("my_scenario.toml"))
targets = hpf.load_targets()
chosen = [targets[t] for t in ("grdp_per_capita_usd_2030", "port_cargo_2030")]
table = hpf.compare([hpf.scenarios.plan(), hpf.scenarios.trend(),
                     hpf.scenarios.plan_adjusted(), mine], chosen, n_paths=args.paths)
print(table[["probability", "se", "diff_from_baseline", "q0.5", "diff_q0.5"]]
      .to_string(float_format=lambda x: f"{x:,.4g}"))
