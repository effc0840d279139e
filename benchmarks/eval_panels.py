"""How far can the probabilities be trusted? The issue-13 evaluation on both panels.

Run:  python benchmarks/eval_panels.py [--origins-step 1] [--paths 2000] [--jobs 2] [--write]

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

With ``--write`` (the default configuration only) it also stores the result in the package,
where ``hpf.load_evaluation()`` reads it and the report's section "How far can these
probabilities be trusted?" shows it (no evaluation at report time):

* ``hpforecast/data/evaluation_panels.csv``: one row per panel, run and group —
  :attr:`Evaluation.summary` at the last horizon, :meth:`Evaluation.criteria` and the run's
  windows (:func:`summary_rows`);
* ``hpforecast/data/evaluation_reliability.csv``: the reliability diagram's points,
  :meth:`Evaluation.reliability_points` with the bin and its two-way test
  (:func:`reliability_rows`);
* ``hpforecast/data/evaluation_provenance.csv``: ``key, value`` — hpforecast version and
  git commit, the command, the configuration, the panel files' sha256, the date.

No number is typed by hand; ``tests/test_report_trust.py`` recomputes the rtm run on PWT
5.6 with the stored configuration and checks it equals the stored rows.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import importlib.metadata
import platform
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

import hpforecast as hpf
from hpforecast.evaluation import CRITERIA

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "hpforecast" / "data"
#: Where --write stores the result (the package's data folder).
DATA = SHIPPED
#: The configuration of the stored result (``--write``): evaluate()'s defaults, spelt out.
CONFIG = {"window": 9, "horizon": 5, "origins": "every year", "n_paths": 2000,
          "n_draws": 200, "n_boot": 1000, "year_block": 5, "seed": 2030,
          "thresholds": "0,0.03,0.05,0.07,0.1", "bins": 10,
          "benchmarks": "naive_mean,naive_rw"}

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


def run(job, benchmarks=("naive_mean", "naive_rw")):
    """One run of :data:`RUNS` (``job``: the run, origins step, paths): (panel, label,
    Evaluation, seconds). The benchmarks change only the CRPS skill columns (every model
    draws its own random numbers from the same seed)."""
    panel, model, params, label, step, n_paths = job
    t0 = time.perf_counter()
    ev = hpf.evaluate(hpf.load_panel(panel), model=model, parameters=params,
                      origins=None if step == 1 else step, n_paths=n_paths, seed=2030,
                      benchmarks=benchmarks, progress=False)
    return panel, label, ev, time.perf_counter() - t0


def _sample(panel: str, model: str, params: str) -> str:
    """"in" when the rtm panel parameters were estimated on the panel scored, else "out"
    (iid and ar1 are fitted on each 9-year window alone)."""
    if model != "rtm":
        return "out"
    est = hpf.calibration.rtm_parameters(params).provenance.get("panel", params)
    return "in" if est == panel else "out"


def summary_rows(panel: str, model: str, params: str, ev) -> pd.DataFrame:
    """The rows of ``evaluation_panels.csv`` of one run: ``ev.summary`` (last horizon),
    ``ev.criteria()`` and the windows scored, one row per group."""
    s = ev.summary
    crit = ev.criteria()["met"].unstack("criterion")
    w, fc = ev.windows, ev.forecasts
    entry = fc[fc["fastest_quarter"]].groupby("origin")["window_mean"].min()
    out = pd.DataFrame({
        "panel": panel, "model": model, "parameters": params if model == "rtm" else "",
        "sample": _sample(panel, model, params), "group": s.index,
        "n": s["n"].to_numpy(), "economies": s["economies"].to_numpy(),
        "origin_first": int(w.origin.min()), "origin_last": int(w.origin.max()),
        "year_first": int(w.origin.min()) - w.window,
        "year_last": int(w.origin.max()) + w.horizon,
        "n_economies": w.n_economies})
    last = ev.coverage.xs(w.horizon, level="horizon").loc[s.index]   # the 80 % interval
    for c in ("coverage_50", "coverage_80", "coverage_80_low", "coverage_80_high",
              "coverage_90", "mean_pit", "pit_low", "pit_high", "brier", "reliability",
              "resolution", "uncertainty", "crps", "skill_vs_naive_mean",
              "skill_vs_naive_rw", "bins_judged", "bins_within", "bins_within_2w",
              "max_abs_obs_minus_pred"):
        out[c] = (s if c in s else last)[c].to_numpy() if c in s or c in last else np.nan
    for c in CRITERIA:
        out[f"{c}_met"] = crit[c].to_numpy()
    out["reliability_met"] = crit["reliability"].to_numpy()
    out["criteria_met"] = crit.sum(axis=1).to_numpy().astype(int)
    out["criteria"] = crit.shape[1]
    # the fastest quarter's entry: the lowest window mean in it, by origin year
    out["entry_low"] = [float(entry.min()) if g == "fastest quarter" else np.nan
                        for g in s.index]
    out["entry_high"] = [float(entry.max()) if g == "fastest quarter" else np.nan
                         for g in s.index]
    out["notes"] = " ".join(ev.notes)
    return out.rename(columns={"reliability": "brier_reliability",
                               "resolution": "brier_resolution",
                               "uncertainty": "brier_uncertainty"})


def reliability_rows(panel: str, model: str, params: str, ev) -> pd.DataFrame:
    """The rows of ``evaluation_reliability.csv`` of one run: for each group, the judged
    bins of the fixed thresholds — ``ev.reliability_points(group)`` with the bin, its
    economies and the two-way interval of observed − predicted."""
    parts = []
    for g in ev.summary.index:
        pts = ev.reliability_points(g)
        r = ev.reliability
        r = r[(r["group"] == g) & (r["family"] == "fixed") & r["judged"]].reset_index()
        parts.append(pd.DataFrame({
            "panel": panel, "model": model, "parameters": params if model == "rtm" else "",
            "group": g, "bin": r["bin"], "economies": r["economies"], **pts,
            "obs_minus_pred": r["obs_minus_pred"], "ci_low_2w": r["ci_low_2w"],
            "ci_high_2w": r["ci_high_2w"], "within_2w": r["within_2w"]}))
    return pd.concat(parts, ignore_index=True)


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def git_state() -> dict[str, str]:
    """The commit checked out and the package files modified from it (read at the start)."""
    modified = [ln[3:] for ln in _git("status", "--porcelain", "--untracked-files=no")
                .splitlines() if ln[3:].startswith("hpforecast/")]
    return {"git_commit": _git("rev-parse", "HEAD"),
            "git_modified": ", ".join(modified) or "none"}


def provenance(done, seconds: float, git: dict) -> pd.DataFrame:
    """``key, value`` rows: what computed the stored result, and how."""
    ev = done[0][2]
    st = ev.settings
    assert (st["window"], st["horizon"], st["n_paths"], st["n_boot"], st["year_block"],
            st["seed"]) == (CONFIG["window"], CONFIG["horizon"], CONFIG["n_paths"],
                            CONFIG["n_boot"], CONFIG["year_block"], CONFIG["seed"])
    rows = {"written_by": "benchmarks/eval_panels.py",
            "command": "python benchmarks/eval_panels.py " + " ".join(sys.argv[1:]),
            "hpforecast_version": importlib.metadata.version("hpforecast"),
            **git,
            "date": datetime.date.today().isoformat(),
            "seconds": f"{seconds:.0f}",
            **{k: str(v) for k, v in CONFIG.items()},
            "rtm_parameters_sha256": _sha256(SHIPPED / "rtm_parameters.csv"),
            **{f"panel_{p}_sha256": _sha256(SHIPPED / f"panel_{p}.csv") for p in PANELS},
            "python": platform.python_version(),
            **{k: importlib.metadata.version(k) for k in ("numpy", "pandas", "scipy",
                                                          "statsmodels")}}
    return pd.DataFrame({"key": list(rows), "value": list(rows.values())})


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write(done, seconds: float, git: dict) -> None:
    """Store the result in ``hpforecast/data`` (see the module notes)."""
    key = {(p, label): (p, m, par) for p, m, par, label in RUNS}
    summ = pd.concat([summary_rows(*key[(p, label)], ev) for p, label, ev, _ in done],
                     ignore_index=True)
    rel = pd.concat([reliability_rows(*key[(p, label)], ev) for p, label, ev, _ in done],
                    ignore_index=True)
    summ.to_csv(DATA / "evaluation_panels.csv", index=False, float_format="%.17g")
    rel.to_csv(DATA / "evaluation_reliability.csv", index=False, float_format="%.17g")
    provenance(done, seconds, git).to_csv(DATA / "evaluation_provenance.csv", index=False)
    print(f"wrote {DATA}/evaluation_panels.csv, evaluation_reliability.csv and "
          "evaluation_provenance.csv")


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
    ap.add_argument("--write", action="store_true",
                    help="store the result in hpforecast/data (default configuration only)")
    a = ap.parse_args()
    if a.write and (a.origins_step, a.paths) != (1, CONFIG["n_paths"]):
        ap.error("--write stores the default configuration only: --origins-step 1, "
                 f"--paths {CONFIG['n_paths']}.")
    git = git_state()
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
    total = time.perf_counter() - t0
    print(f"\ntotal {total:.0f} s")
    if a.write:
        write(done, total, git)


if __name__ == "__main__":
    main()
