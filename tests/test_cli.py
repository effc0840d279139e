"""The command line: main job, scenario files, data listing, errors."""

import subprocess
import sys
from pathlib import Path


from hpforecast.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_main_job_prints_each_scenario_and_target(capsys):
    assert main(["--paths", "4000", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if line.startswith("target"))
    for name in ("plan", "trend", "plan_adjusted"):
        assert name in header
    for tid in ("grdp_growth_2026_2030_hdnd", "grdp_per_capita_usd_2030", "port_cargo_2030",
                "grdp_growth_2021_2030_qd1516"):
        line = next(line for line in out.splitlines() if line.startswith(tid))
        assert " % ± " in line, line
    # Levels and shares set for the old city are not scored on merged-city paths.
    for tid in ("share_gdp_2030_qd1516", "revenue_2030_qd821"):
        line = next(line for line in out.splitlines() if line.startswith(tid))
        assert "not evaluable" in line and " % ± " not in line, line
    assert "4,000 paths, seed 7" in out


def test_same_seed_same_output(capsys):
    main(["--paths", "3000", "--seed", "11"])
    a = capsys.readouterr().out
    main(["--paths", "3000", "--seed", "11"])
    assert capsys.readouterr().out == a


def test_run_scenario_file(capsys):
    assert main(["run", str(EXAMPLES / "my_scenario.toml"), "--paths", "3000"]) == 0
    out = capsys.readouterr().out
    assert "slower_convergence" in out and "grdp_per_capita_usd_2030" in out


def test_run_misspelt_key_is_named(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[growth]\ngrdp_real = { dist = "normal", mean = 0.13, sdev = 0.01 }\n')
    assert main(["run", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "unknown key 'sdev'" in err and "Did you mean 'sd'?" in err
    bad.write_text('nme = "x"\n[growth]\ngrdp_real = 0.1\n')
    assert main(["run", str(bad)]) == 2
    assert "unknown key 'nme'" in capsys.readouterr().err


def test_run_missing_file(capsys):
    assert main(["run", "nope.toml"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_data_command_lists_values_and_targets_with_sources(capsys):
    assert main(["data"]) == 0
    out = capsys.readouterr().out
    assert "grdp_growth_real" in out and "port_cargo_2030" in out and "11,247" in out


def test_python_dash_m_entry_point():
    res = subprocess.run([sys.executable, "-m", "hpforecast", "data"], capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "Targets for 2030" in res.stdout


def test_options_before_or_after_the_command(capsys):
    toml = str(EXAMPLES / "my_scenario.toml")
    assert main(["--paths", "2000", "--seed", "3", "run", toml]) == 0
    before = capsys.readouterr().out
    assert main(["run", toml, "--paths", "2000", "--seed", "3"]) == 0
    assert capsys.readouterr().out == before
    assert "2,000 paths, seed 3" in before
    # Without options the file's [simulation] settings apply.
    assert main(["run", toml]) == 0
    assert "100,000 paths, seed 2030" in capsys.readouterr().out


# -- issue 10 ------------------------------------------------------------------------------
def test_paths_zero_is_an_error_not_the_default(capsys):
    assert main(["--paths", "0"]) == 2
    assert "n_paths must be >= 1; got 0" in capsys.readouterr().err
    assert main(["run", str(EXAMPLES / "my_scenario.toml"), "--paths", "0"]) == 2
    assert "n_paths must be >= 1; got 0" in capsys.readouterr().err


def _run_with_sampler(tmp_path, capsys, sampler):
    text = (EXAMPLES / "my_scenario.toml").read_text(encoding="utf-8")
    text = text.split("[simulation]")[0] + "[simulation]\nn_paths = 32768\nseed = 3\n"
    if sampler is not None:
        text += f'sampler = "{sampler}"\n'
    path = tmp_path / f"s_{sampler}.toml"
    path.write_text(text, encoding="utf-8")
    rc = main(["run", str(path)])
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def test_run_honours_the_files_sampler(tmp_path, capsys):
    rc, plain, _ = _run_with_sampler(tmp_path, capsys, None)
    assert rc == 0
    rc, sobol, _ = _run_with_sampler(tmp_path, capsys, "sobol")
    assert rc == 0 and "sampler sobol" in sobol
    assert sobol.replace(", sampler sobol", "") != plain
    rc, _, err = _run_with_sampler(tmp_path, capsys, "bogus")
    assert rc == 2 and "sampler must be one of 'mc', 'antithetic', 'sobol'; got 'bogus'" in err


def test_folder_or_bad_encoding_as_scenario_file_is_one_line(tmp_path, capsys):
    assert main(["run", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "is a folder, not a file" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    bad = tmp_path / "s.toml"
    bad.write_bytes('name = "Hải Phòng"\n'.encode("utf-16"))
    assert main(["run", str(bad)]) == 2
    assert "is not UTF-8 text: it looks like UTF-16" in capsys.readouterr().err


def test_the_table_it_prints_is_the_librarys(capsys):
    import hpforecast as hpf

    assert main(["--paths", "3000", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    targets = hpf.load_targets().filter(year=2030, evaluable=True)
    table = hpf.probability_table([hpf.scenarios.plan(), hpf.scenarios.trend(),
                                   hpf.scenarios.plan_adjusted()], targets,
                                  n_paths=3000, seed=7)
    line = next(line for line in out.splitlines() if line.startswith("port_cargo_2030"))
    for name in ("plan", "trend", "plan_adjusted"):
        r = table.loc[(name, "port_cargo_2030")]
        assert f"{100 * r['probability']:5.1f} % ± {100 * r['se']:.1f}" in line


def test_run_leads_with_the_latest_year_with_targets_when_the_scenario_ends_sooner(
        tmp_path, capsys):
    short = tmp_path / "short.toml"
    short.write_text('name = "short"\nbase_year = 2025\nend_year = 2026\n[growth]\n'
                     'grdp_real = { dist = "normal", mean = 0.12, sd = 0.02 }\n')
    assert main(["run", str(short), "--paths", "2000"]) == 0
    out = capsys.readouterr().out
    assert "Probability of meeting each 2026 target" in out
    assert "grdp_growth_2026_plan" in out and "port_cargo_2030" not in out


def test_probability_table_rows_are_each_simulations_probabilities():
    import warnings

    import pandas as pd
    import pytest

    import hpforecast as hpf

    targets = [hpf.load_targets()[k] for k in ("port_cargo_2030", "grdp_per_capita_usd_2030",
                                               "grdp_growth_2026_2030_qd821", "revenue_2030_qd821")]
    sims = [hpf.simulate(s, n_paths=1500, seed=3)
            for s in (hpf.scenarios.plan(), hpf.scenarios.trend())]
    with warnings.catch_warnings():
        warnings.simplefilter("error", hpf.BoundaryWarning)  # said in the notes instead
        table = hpf.probability_table([sims[0], hpf.scenarios.trend()], targets,
                                      n_paths=1500, seed=3)
    assert table.index.names == ["scenario", "target"]
    assert table.attrs["scenarios"] == ["plan", "trend"] and table.attrs["seed"] == 3
    for s in sims:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", hpf.BoundaryWarning)
            own = s.probability(targets)
        pd.testing.assert_frame_equal(table.xs(s.scenario.name, level="scenario"), own,
                                      check_exact=True)
    assert "set for old_city" in table.loc[("plan", "grdp_growth_2026_2030_qd821"), "note"]
    with pytest.raises(ValueError, match="need different names"):
        hpf.probability_table([sims[0], sims[0]], targets)
    with pytest.raises(TypeError, match="non-empty list of Simulations or Scenarios"):
        hpf.probability_table(sims[0], targets)
    with pytest.raises(TypeError, match=r"sims_or_scenarios\[1\] must be a Simulation"):
        hpf.probability_table([sims[0], "trend"], targets)


# -- the report command with this year's releases, and its messages in Vietnamese -----------

def _plan_file(tmp_path, n_paths=300):
    import hpforecast as hpf

    toml = tmp_path / "plan.toml"
    toml.write_text(hpf.scenarios.plan().to_toml(settings={"n_paths": n_paths, "seed": 5}),
                    encoding="utf-8")
    return toml


def test_report_takes_the_half_year_and_speaks_vietnamese(tmp_path, capsys):
    import pandas as pd

    import hpforecast as hpf
    from hpforecast import _i18n as L

    out = tmp_path / "báo cáo"
    rc = main(["report", "--out", str(out), "--scenario", str(_plan_file(tmp_path)),
               "--lang", "vi", "--h1", "0.118"])
    assert rc == 0
    said = capsys.readouterr().out.strip()
    assert said == L.text("cli_written", "vi", out=out, md=out / "report.md")
    assert said.startswith("Đã ghi báo cáo vào")
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "--h1 0.118" in md                         # the command that reproduces it
    table = pd.read_csv(out / "tables" / "nowcast_update.csv", encoding="utf-8-sig")
    assert len(table) > 0
    # The update the report shows is the one the library computes for H1 = 11.8 %.
    nc = hpf.nowcast(2026, {"H1": 0.118})
    assert f"{L.fmt_percent(nc.probability(), 'vi')}" in md or \
        L.fmt_percent(round(nc.probability(), 2), "vi", 0) in md


def test_report_bad_half_year_is_one_vietnamese_line_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "r"
    assert main(["report", "--out", str(out), "--lang", "vi", "--h1", "11.8"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hpforecast: lỗi: ") and err.count("\n") == 1
    assert "nowcast['H1']" in err and "11.8" in err
    assert not out.exists()


def test_report_refusal_and_interruption_in_vietnamese(tmp_path, monkeypatch, capsys):
    from hpforecast import report as report_mod

    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "my notes.txt").write_text("mine", encoding="utf-8")
    assert main(["report", "--out", str(taken), "--lang", "vi", "--paths", "300"]) == 2
    assert capsys.readouterr().err.startswith("hpforecast: lỗi: ")
    assert (taken / "my notes.txt").read_text(encoding="utf-8") == "mine"

    def interrupt(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(report_mod._Builder, "chart", interrupt)
    fresh = tmp_path / "fresh"
    assert main(["report", "--out", str(fresh), "--lang", "vi",
                 "--scenario", str(_plan_file(tmp_path))]) == 130
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("hpforecast: đã dừng theo yêu cầu; thư mục ")
    assert not fresh.exists()


def test_nowcast_names_the_correlated_drivers_it_leaves_as_assumed(capsys):
    import hpforecast as hpf
    from hpforecast import _i18n as L

    assert main(["nowcast", "--h1", "0.118", "--paths", "2000"]) == 0
    out = capsys.readouterr().out
    plan = hpf.scenarios.plan()
    kept = sorted({b if a == "grdp_real" else a for a, b in plan.correlation
                   if "grdp_real" in (a, b)} & set(plan.random_drivers))
    assert "port_cargo" in kept
    def name(d):
        return L.lower_first(L.indicator_name(d, "en"))

    assert L.text("nc_kept", "en", driver=name("grdp_real"),
                  others=", ".join(name(d) for d in kept)) in out
