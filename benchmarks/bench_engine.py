"""Engine speed and memory: hpforecast against a minimal hand-written numpy computation.

Run:  python benchmarks/bench_engine.py [--paths 1000000] [--big 10000000]

Prints, in one run:
- the time of ``simulate`` + ``probability`` for N paths × 5 years × 3 correlated drivers
  (with persistence) and of a minimal numpy computation of the same probabilities, and
  their ratio (goal ≤ 1.5);
- the peak memory above the imports for N paths with paths kept (goal < 300 MB);
- the peak memory for 10× more paths with ``keep_paths=False`` (bounded by the chunk
  size, not the number of paths), and that chunk sizes give identical numbers.

Memory is measured with tracemalloc (numpy reports its allocations to it).
"""

from __future__ import annotations

import argparse
import math
import time
import tracemalloc

import numpy as np

import hpforecast as hpf

YEARS = 5
MEANS = np.array([0.12, 0.02, 0.015])
SDS = np.array([0.02, 0.01, 0.01])
R = np.array([[1.0, 0.5, -0.3], [0.5, 1.0, 0.0], [-0.3, 0.0, 1.0]])
RHO = 0.3
BASE = {"grdp_real": 476_000.0, "grdp_deflator": 1.54, "vnd_per_usd": 24_980.0,
        "population": 4.13e6}


def scenario() -> hpf.Scenario:
    return hpf.Scenario(
        name="bench",
        growth={"grdp_real": hpf.Normal(0.12, 0.02), "grdp_deflator": hpf.Normal(0.02, 0.01),
                "vnd_per_usd": hpf.Normal(0.015, 0.01), "population": 0.009},
        correlation={("grdp_real", "grdp_deflator"): 0.5, ("grdp_real", "vnd_per_usd"): -0.3},
        persistence=RHO, base_values=BASE)


def targets() -> list[hpf.Target]:
    return [hpf.Target.average_growth("grdp_real", 2025, 2030, 0.12),
            hpf.Target.level("grdp_per_capita_usd", 2030, 11_247.0),
            hpf.Target.level("grdp_nominal", 2030, 1_420_000.0)]


def hand_written(n: int, seed: int) -> np.ndarray:
    """The same three probabilities, in as little numpy as possible."""
    rng = np.random.default_rng(seed)
    L = np.linalg.cholesky(R)
    e = rng.standard_normal((n, YEARS, 3))
    z = e @ L.T
    s = math.sqrt(1 - RHO ** 2)
    for t in range(1, YEARS):
        z[:, t] = RHO * z[:, t - 1] + s * z[:, t]
    g = MEANS + SDS * z                     # (n, years, 3)
    factor = np.prod(1 + g, axis=1)         # (n, 3)
    real = BASE["grdp_real"] * factor[:, 0]
    nominal = real * BASE["grdp_deflator"] * factor[:, 1]
    fx = BASE["vnd_per_usd"] * factor[:, 2]
    pc = nominal * 1000 / fx * 1e6 / (BASE["population"] * 1.009 ** YEARS)
    return np.array([np.mean(factor[:, 0] ** (1 / YEARS) - 1 >= 0.12),
                     np.mean(pc >= 11_247.0), np.mean(nominal >= 1_420_000.0)])


def library(n: int, seed: int, **kw) -> np.ndarray:
    sim = hpf.simulate(scenario(), n_paths=n, seed=seed, **kw)
    return sim.probability(targets())["probability"].to_numpy()


def best_time(fn, repeat: int = 3) -> float:
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def peak_mb(fn) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (peak - base) / 2 ** 20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--paths", type=int, default=1_000_000)
    ap.add_argument("--big", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    n = args.paths
    library(10_000, 1)
    hand_written(10_000, 1)  # warm up

    t_lib = best_time(lambda: library(n, 2030), args.repeat)
    t_np = best_time(lambda: hand_written(n, 2030), args.repeat)
    p_lib, p_np = library(n, 2030), hand_written(n, 2031)
    se = np.sqrt(p_np * (1 - p_np) / n)
    print(f"engine: {n:,} paths x {YEARS} years x 3 correlated drivers, persistence {RHO}")
    print(f"  hpforecast simulate + probability : {t_lib:7.3f} s")
    print(f"  minimal hand-written numpy        : {t_np:7.3f} s")
    print(f"  ratio                             : {t_lib / t_np:7.2f}   (goal <= 1.5)")
    print("  probabilities (hpforecast / hand-written, different seeds): "
          + ", ".join(f"{a:.4f}/{b:.4f}" for a, b in zip(p_lib, p_np))
          + f"; max |diff| / se = {np.max(np.abs(p_lib - p_np) / np.hypot(se, se)):.2f}")

    m_keep = peak_mb(lambda: library(n, 2030))
    m_np = peak_mb(lambda: hand_written(n, 2030))
    print(f"memory above imports, {n:,} paths kept : {m_keep:7.1f} MB   (goal < 300 MB; "
          f"hand-written: {m_np:.1f} MB)")
    big = args.big
    t0 = time.perf_counter()
    m_big = peak_mb(lambda: library(big, 2030, keep_paths=False))
    t_big = time.perf_counter() - t0
    print(f"memory above imports, {big:,} paths, keep_paths=False : {m_big:7.1f} MB "
          f"({t_big:.1f} s)")
    small = library(200_000, 7, keep_paths=False, chunk_size=16_384)
    large = library(200_000, 7, keep_paths=False, chunk_size=131_072)
    kept = library(200_000, 7)
    same = np.array_equal(small, large) and np.array_equal(small, kept)
    print(f"same seed, chunk sizes 16,384 / 131,072 / all kept give identical numbers: {same}")


if __name__ == "__main__":
    main()
