"""How far can the probabilities be trusted? The issue-13 evaluation on both panels.

Run:  python benchmarks/eval_panels.py [--origins-step 1] [--paths 2000] [--jobs 2]

For the two panels of ``hpf.load_panel`` (PWT 9.1 and PWT 5.6), with 9-year fitting
windows and a 5-year horizon (origins every year by default), scores

* ``rtm``, the default model several years ahead, with the shipped PWT 9.1 parameters
  (in sample on PWT 9.1, out of sample on PWT 5.6) and with the PWT 5.6 parameters (out of
  sample on PWT 9.1);
* the library's ``iid`` and ``ar1`` as ``calibrate()`` fits them (parameter uncertainty
  on), one fit per window;

and prints, overall and for the fastest-growing quarter at the origin: 80 % coverage of
5-year cumulative growth, mean PIT, the reliability of target probabilities against its
sampling error (bins whose 95 % interval of observed − predicted contains 0, economy and
two-way bootstrap; the largest miss), Brier reliability/resolution, CRPS skill against the
naive benchmarks, and whether the issue's criteria (80 % coverage 0.75–0.85, mean PIT
0.42–0.58, every reliability bin within its two-way interval) are met. Not a test: it
takes about 10 minutes on 2 cores (ar1 fits ~10,000 ARIMA models).
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ProcessPoolExecutor

import pandas as pd

import hpforecast as hpf

PANELS = ("pwt91", "pwt56")
#: (panel, model, rtm parameters, label)
RUNS = [
    ("pwt91", "rtm", "pwt91", "rtm (pwt91 parameters, in sample)"),
    ("pwt91", "rtm", "pwt56", "rtm (pwt56 parameters, out of sample)"),
    ("pwt91", "iid", "pwt91", "iid"),
    ("pwt91", "ar1", "pwt91", "ar1"),
    ("pwt56", "rtm", "pwt91", "rtm (pwt91 parameters, out of sample)"),
    ("pwt56", "iid", "pwt91", "iid"),
    ("pwt56", "ar1", "pwt91", "ar1"),
]


def run(job):
    panel, model, params, label, step, n_paths = job
    t0 = time.perf_counter()
    ev = hpf.evaluate(hpf.load_panel(panel), model=model, parameters=params,
                      origins=None if step == 1 else step, n_paths=n_paths, seed=2030)
    return panel, label, ev, time.perf_counter() - t0


def headline(ev) -> pd.DataFrame:
    s = ev.summary
    out = pd.DataFrame({
        "n": s["n"], "cov80": s["coverage_80"], "cov50": s["coverage_50"],
        "cov90": s["coverage_90"], "mean_pit": s["mean_pit"],
        "bins_within": s["bins_within"].astype(str) + "/" + s["bins_judged"].astype(str),
        "bins_within_2w": s["bins_within_2w"].astype(str) + "/" + s["bins_judged"].astype(str),
        "max_miss": s["max_abs_obs_minus_pred"], "REL": s["reliability"],
        "RES": s["resolution"], "CRPS": s["crps"],
        "skill_vs_naive_mean": s.get("skill_vs_naive_mean"),
        "skill_vs_naive_rw": s.get("skill_vs_naive_rw")})
    crit = ev.criteria()["met"].unstack("criterion")
    out["criteria"] = ["pass" if crit.loc[g, ["coverage_80", "mean_pit"]].all() else "fail"
                       for g in out.index]
    out["reliability_2w"] = ["pass" if crit.loc[g, "reliability"] else "fail"
                             for g in out.index]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--origins-step", type=int, default=1,
                    help="origins every k-th year (1: every year)")
    ap.add_argument("--paths", type=int, default=2000)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    jobs = [(*r, a.origins_step, a.paths) for r in RUNS]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(a.jobs) as ex:
        done = list(ex.map(run, jobs))
    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", 30)
    for panel in PANELS:
        rows = [(label, ev, t) for p, label, ev, t in done if p == panel]
        w = rows[0][1].windows
        print(f"\n=== {panel}: {len(w)} forecasts, {w.n_economies} economies, origins "
              f"{w.origin.min()}–{w.origin.max()} (every {a.origins_step} year(s)); "
              f"window 9, horizon 5, {a.paths} paths each")
        table = pd.concat({label: headline(ev) for label, ev, _ in rows},
                          names=["model", "group"])
        print(table.round(3).to_string())
        for label, ev, t in rows:
            print(f"  {label}: {t:.0f} s" + (f"; {' '.join(ev.notes)}" if ev.notes else ""))
        for label, ev, _ in rows:
            if label.startswith("rtm"):
                print(f"\n  {label}: 80 % coverage and mean PIT by horizon")
                c = ev.coverage[["coverage_80", "coverage_80_low", "coverage_80_high",
                                 "mean_pit", "pit_low", "pit_high"]]
                print(c.round(3).to_string())
                print(f"\n  {label}: reliability of 'average growth over 5 years ≥ t' "
                      "(t = 0, 3, 5, 7, 10 %), decile bins")
                r = ev.reliability[ev.reliability["family"] == "fixed"]
                print(r[["group", "bin", "n", "mean_predicted", "observed", "obs_minus_pred",
                         "ci_low", "ci_high", "ci_low_2w", "ci_high_2w",
                         "judged"]].round(3).to_string(index=False))
    print(f"\ntotal {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
