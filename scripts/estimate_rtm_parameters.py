"""Estimate the rtm panel parameters and write them, with their provenance, into the package.

    .venv/bin/python scripts/estimate_rtm_parameters.py          # about 1 min on 2 cores

For each panel shipped by ``hpf.load_panel`` (PWT 9.1, PWT 5.6) this runs
``hpforecast.calibration.estimate_rtm_parameters`` (9-year windows, 5-year horizon, every
origin year; type-II maximum likelihood, economy-clustered sandwich standard errors) and
writes

* ``hpforecast/data/rtm_parameters.csv``: panel, parameter, estimate, std_err, ci_low,
  ci_high, internal (the optimiser's scale) and the clustered covariance of the internal
  estimates (``cov_<parameter>``), which the parameter draws use;
* ``hpforecast/data/rtm_provenance.csv``: panel, key, value — the panel file's sha256, the
  windows, economies and origin years, the method, the log-likelihood, convergence and
  the date.

Nothing is tuned by hand: rerunning the script on the same panel files gives the same
numbers (up to the optimiser's last digits) and a new date.
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

import hpforecast as hpf
from hpforecast.calibration import estimate_rtm_parameters
from hpforecast.calibration.rtm import RTM_PANELS, panel_file_sha256

DATA = Path(__file__).resolve().parents[1] / "hpforecast" / "data"


def main() -> None:
    params, prov = [], []
    for name in RTM_PANELS:
        t0 = time.perf_counter()
        est = estimate_rtm_parameters(hpf.load_panel(name), window=9, horizon=5, label=name)
        p = est.provenance_table()
        extra = pd.DataFrame([{"panel": name, "key": "panel_file",
                               "value": f"hpforecast/data/panel_{name}.csv"},
                              {"panel": name, "key": "panel_file_sha256",
                               "value": panel_file_sha256(name)},
                              {"panel": name, "key": "written_by",
                               "value": "scripts/estimate_rtm_parameters.py"}])
        params.append(est.table())
        prov.append(pd.concat([p, extra], ignore_index=True))
        print(f"{name}: {est!r}  ({time.perf_counter() - t0:.0f} s)")
        print(est.summary[["estimate", "std_err", "ci_low", "ci_high"]].to_string())
        print(f"  loglik {est.provenance['loglik']:.2f}, converged "
              f"{est.provenance['converged']}, {est.provenance['n_windows']} windows\n")
    pd.concat(params).to_csv(DATA / "rtm_parameters.csv", index=False,
                             float_format="%.17g")
    pd.concat(prov).to_csv(DATA / "rtm_provenance.csv", index=False)
    print(f"wrote {DATA / 'rtm_parameters.csv'} and {DATA / 'rtm_provenance.csv'}")


if __name__ == "__main__":
    main()
