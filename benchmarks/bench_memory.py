"""Bounded memory without kept paths, and reading a large history file.

Run:  python benchmarks/bench_memory.py [--paths 5000000] [--rows 200000]

Prints, in one run:
- the peak memory above the imports (tracemalloc, which sees numpy's allocations) and
  the time of ``quantiles`` at the report's seven band probabilities with
  ``keep_paths=False`` at N paths (goal < 150 MB at 5M paths), for one driver and for
  GRDP per head under the plan scenario (six drivers and derived indicators), where
  the engine's working set for one chunk of paths dominates (printed beside it: the
  peak of ``probability``, and the same at a smaller chunk size); the growth of the
  process's peak resident memory over the run is printed too;
- that those quantiles equal the ones computed from kept paths (checked at 1M paths);
- the time of ``read_history`` for a generated CSV of R rows (first read and a repeat
  read of the unchanged file, which is served from the cache), in microseconds a row.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import hpforecast as hpf
from hpforecast.simulation import SlowSummaryWarning

BANDS = (0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95)


def one_driver() -> hpf.Scenario:
    return hpf.Scenario(name="one", growth={"grdp_real": hpf.Normal(0.12, 0.02)},
                        base_values={"grdp_real": 476_000.0})


def per_capita() -> hpf.Scenario:
    return hpf.scenarios.plan()


def peak_mb(fn) -> tuple[float, float]:
    """(peak MB above the memory in use before ``fn``, seconds)."""
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    t0 = time.perf_counter()
    fn()
    took = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (peak - base) / 1e6, took


def max_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1e6 if sys.platform == "darwin" else rss / 1e3  # bytes on macOS, KiB else


def history_csv(rows: int, path: Path) -> None:
    rng = np.random.default_rng(1)
    inds = [("grdp_real", "bn VND, 2010 prices", 1e5), ("port_cargo", "Mt", 100.0),
            ("grdp_growth_real", "fraction per year", 0.05), ("population", "persons", 1e6)]
    k = np.arange(rows) % len(inds)
    pd.DataFrame({
        "indicator": [inds[i][0] for i in k],
        "year": 2000 + (np.arange(rows) // len(inds)) % 26,
        "value": np.array([inds[i][2] for i in k]) * rng.uniform(0.5, 1.5, rows),
        "unit": [inds[i][1] for i in k], "kind": "actual",
        "boundary": [f"area_{j}" for j in np.arange(rows) // (4 * 26)],
        "source": "benchmark", "source_url": "https://example.org", "note": "",
    }).to_csv(path, index=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--paths", type=int, default=5_000_000)
    ap.add_argument("--rows", type=int, default=200_000)
    args = ap.parse_args()
    n = args.paths
    warnings.simplefilter("ignore", SlowSummaryWarning)  # these runs are slow on purpose
    hpf.simulate(one_driver(), n_paths=300_000, seed=1, keep_paths=False).quantiles(
        "grdp_real", BANDS)  # warm up: imports and caches
    rss0 = max_rss_mb()
    print(f"quantiles at {len(BANDS)} probabilities, keep_paths=False, {n:,} paths "
          f"(all paths of one indicator: {8 * n * 6 / 1e6:,.0f} MB):")
    target = hpf.load_targets()["grdp_per_capita_usd_2030"]
    for label, sc, ind, chunk in (
            ("one driver, grdp_real", one_driver(), "grdp_real", None),
            ("plan scenario, grdp_per_capita_usd", per_capita(), "grdp_per_capita_usd",
             None),
            ("the same, chunk_size=262,144", per_capita(), "grdp_per_capita_usd", 262_144)):
        sim = hpf.simulate(sc, n_paths=n, seed=2030, keep_paths=False, chunk_size=chunk)
        mb, took = peak_mb(lambda sim=sim, ind=ind: sim.quantiles(ind, BANDS))
        line = (f"  {label:36s}: peak {mb:6.1f} MB above the imports (goal < 150 MB), "
                f"{took:5.1f} s")
        if sc.name == "plan":  # the engine's own working set for one chunk of paths
            mb_p, _ = peak_mb(lambda sim=sim: sim.probability(target))
            line += f"; probability() alone: {mb_p:.1f} MB"
        print(line)
    print(f"  growth of the peak resident memory over these runs: "
          f"{max_rss_mb() - rss0:.0f} MB")

    m = 1_000_000
    same = True
    for sc, ind in ((one_driver(), "grdp_real"), (per_capita(), "grdp_per_capita_usd")):
        lean = hpf.simulate(sc, n_paths=m, seed=7, keep_paths=False).quantiles(ind, BANDS)
        kept = hpf.simulate(sc, n_paths=m, seed=7).quantiles(ind, BANDS)
        same &= lean.equals(kept)
    print(f"same quantiles as from kept paths at {m:,} paths: {same}")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "history.csv"
        history_csv(args.rows, path)
        t0 = time.perf_counter()
        hpf.read_history(path)
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        hpf.read_history(path)
        again = time.perf_counter() - t0
    print(f"read_history, {args.rows:,} rows: first read {first:.2f} s "
          f"({1e6 * first / args.rows:.1f} us a row), unchanged file again {again:.3f} s")


if __name__ == "__main__":
    main()
