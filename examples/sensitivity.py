"""Which assumption matters most? Tornado and Sobol tables for the ready-made scenarios.

    python examples/sensitivity.py [--paths 20000] [--sobol 8192]
"""

import argparse

import hpforecast as hpf

ap = argparse.ArgumentParser()
ap.add_argument("--paths", type=int, default=20_000)
ap.add_argument("--sobol", type=int, default=8192, help="Sobol base sample size n")
args = ap.parse_args()

targets = hpf.load_targets()
chosen = [targets[t] for t in ("grdp_growth_2026_2030_hdnd", "grdp_per_capita_usd_2030",
                               "port_cargo_2030")]
for scenario in (hpf.scenarios.plan(), hpf.scenarios.trend(), hpf.scenarios.plan_adjusted()):
    print(f"\n=== {scenario.name}: one assumption at a time (tornado) ===")
    table = hpf.tornado(scenario, chosen, n_paths=args.paths)
    print(table[["target", "low", "high", "p_base", "delta_low", "delta_high"]]
          .to_string(float_format=lambda x: f"{x:+.3f}"))
    print(f"\n=== {scenario.name}: Sobol indices (correlated drivers grouped) ===")
    sob = hpf.sobol(scenario, chosen, n=args.sobol, seed=2030)
    print(sob[["target", "group", "first_order", "first_order_low", "first_order_high",
               "total", "total_low", "total_high"]].to_string(float_format=lambda x: f"{x:.3f}"))
