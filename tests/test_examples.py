"""The example scripts run, and the example scenario files match the code."""

import subprocess
import sys
from pathlib import Path

import pytest

import hpforecast as hpf

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("script,needle", [
    ("probability_table.py", "grdp_per_capita_usd_2030"),
    ("what_it_takes.py", "must grow"),
    ("compare_scenarios.py", "slower_convergence"),
    ("sensitivity.py", "Sobol indices (correlated drivers grouped)"),
])
def test_example_script_runs(script, needle):
    extra = ["--sobol", "1024"] if script == "sensitivity.py" else []
    res = subprocess.run([sys.executable, str(EXAMPLES / script), "--paths", "2000", *extra],
                         capture_output=True, text=True, timeout=300, cwd=EXAMPLES.parent)
    assert res.returncode == 0, res.stderr
    assert needle in res.stdout


@pytest.mark.parametrize("name", ["plan", "trend", "plan_adjusted", "outside_view"])
def test_ready_made_scenario_files_match_the_code(name):
    from_file, settings = hpf.Scenario.from_toml(EXAMPLES / f"{name}.toml", with_settings=True)
    assert from_file == getattr(hpf.scenarios, name)()
    assert settings == {"n_paths": 100_000, "seed": 2030}
