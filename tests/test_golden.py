"""Golden numbers: same seed, bitwise the same results, across restructurings.

A user-defined scenario with explicit base values (independent of the embedded data),
three samplers and several target kinds. The numbers in ``golden_numbers.json`` were
written by this file (``HPF_WRITE_GOLDEN=1 pytest tests/test_golden.py``) after the
correctness fixes of issue 9, which changed the random numbers on purpose (keyed by
driver). A restructuring must leave every one of them bitwise unchanged; a change that
alters them on purpose rewrites the file and says why in its commit message.
"""

import json
import os
from pathlib import Path

import numpy as np
import pytest

import hpforecast as hpf

GOLDEN = Path(__file__).with_name("golden_numbers.json")
SAMPLERS = ("mc", "antithetic", "sobol")
N_PATHS = 32_768  # two Sobol blocks


def scenario() -> hpf.Scenario:
    return hpf.Scenario(
        name="golden",
        growth={
            "grdp_real": hpf.TwoPieceNormal(0.12, 0.02, -0.3),
            "grdp_deflator": hpf.Normal(0.02, 0.01),
            "vnd_per_usd": hpf.StudentT(0.015, 0.01, df=5),
            "population": 0.009,
            "port_cargo": {2026: hpf.Normal(0.11, 0.05), 2027: hpf.Normal(0.10, 0.05),
                           2028: hpf.Normal(0.10, 0.04), 2029: 0.09,
                           2030: hpf.Normal(0.09, 0.04)},
            "national_gdp_nominal": hpf.Normal(0.10, 0.02),
            "budget_revenue": hpf.Normal(0.0, 0.05),
        },
        correlation={("grdp_real", "port_cargo"): 0.5, ("grdp_real", "grdp_deflator"): 0.3,
                     ("grdp_real", "national_gdp_nominal"): 0.4},
        persistence={"grdp_real": 0.3, "port_cargo": 0.5, "vnd_per_usd": 0.2},
        buoyancy={"budget_revenue": 1.1},
        base_values={"grdp_real": 480_000.0, "grdp_deflator": 1.55, "vnd_per_usd": 25_000.0,
                     "population": 4_100_000.0, "port_cargo": 210.0,
                     "national_gdp_nominal": 12_800_000.0, "budget_revenue": 190_000.0},
    )


def targets() -> list:
    T = hpf.Target
    return [
        T.average_growth("grdp_real", 2025, 2030, 0.12),
        T.average_growth("grdp_real", 2027, 2030, 0.125, comparison="<="),
        T.level("grdp_per_capita_usd", 2030, 12_000.0),
        T.level("port_cargo", 2029, 330.0),
        T.level("share_of_national_gdp", 2030, 0.06),
        T.cumulative("budget_revenue", 2026, 2030, 1_300_000.0),
        T.level("grdp_usd", 2028, 40_000.0, comparison="<"),
    ]


def compute() -> dict:
    out = {}
    for sampler in SAMPLERS:
        for keep in (True, False):
            sim = hpf.simulate(scenario(), n_paths=N_PATHS, seed=20300, sampler=sampler,
                               keep_paths=keep, chunk_size=16_384)
            probs = sim.probability(targets())
            joint = sim.joint_probability(targets()[:4])
            quant = {ind: sim.quantiles(ind, [0.05, 0.5, 0.95]).to_numpy().tolist()
                     for ind in ("grdp_real", "grdp_per_capita_usd", "budget_revenue",
                                 "port_cargo")}
            key = f"{sampler}/{'kept' if keep else 'streamed'}"
            out[key] = {
                "probability": probs[["probability", "se", "ci_low", "ci_high"]]
                .to_numpy().tolist(),
                "joint": joint[["probability", "se", "if_independent", "frechet_low",
                                "frechet_high"]].to_numpy().tolist(),
                "quantiles": quant,
            }
    return out


@pytest.fixture(scope="module")
def got() -> dict:
    return compute()


def test_golden_numbers_are_bitwise_unchanged(got):
    if os.environ.get("HPF_WRITE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(got, indent=1) + "\n", encoding="utf-8")
        pytest.skip("golden numbers written")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert set(got) == set(want)
    for key in want:
        for part in ("probability", "joint"):
            assert np.array_equal(np.array(got[key][part]), np.array(want[key][part]),
                                  equal_nan=True), (key, part)
        for ind, q in want[key]["quantiles"].items():
            assert np.array_equal(np.array(got[key]["quantiles"][ind]), np.array(q)), (key, ind)


def test_streamed_and_kept_paths_agree(got):
    for sampler in SAMPLERS:
        a, b = got[f"{sampler}/kept"], got[f"{sampler}/streamed"]
        assert a["probability"] == b["probability"] and a["joint"] == b["joint"]
