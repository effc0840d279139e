"""``hpforecast report``: the folder it writes, and what it leaves alone when it fails."""

import os
import re
import shlex
import sys
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from PIL import Image

import hpforecast as hpf
from hpforecast import report as report_mod
from hpforecast.cli import main

PATHS = "2000"


def _snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _has_2026_release() -> bool:
    py = hpf.load_partial_year()
    return bool(((py["indicator"] == "grdp_growth_real") & (py["year"] == 2026)
                 & (py["boundary"] == "merged_city") & py["preferred"]).any())


def _leftovers(parent: Path, name: str) -> list[str]:
    return [p.name for p in parent.iterdir() if p.name.startswith(f".{name}.")]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """One full English report with the three ready-made scenarios."""
    parent = tmp_path_factory.mktemp("rep")
    out = parent / "report"
    before = dict(matplotlib.rcParams)
    import matplotlib.pyplot as plt

    open_before = plt.get_fignums()
    rc = main(["report", "--out", str(out), "--paths", PATHS, "--seed", "7"])
    return {"rc": rc, "out": out, "parent": parent, "rc_before": before,
            "rc_after": dict(matplotlib.rcParams), "figs_before": open_before,
            "figs_after": plt.get_fignums()}


def test_report_writes_charts_tables_and_markdown(written):
    assert written["rc"] == 0
    out = written["out"]
    charts = sorted((out / "charts").glob("*.png"))
    assert len(charts) >= 15
    for png in charts:
        assert png.with_suffix(".svg").exists()
    names = {p.stem for p in charts}
    assert {"fan_grdp_real", "fan_grdp_growth", "fan_port_cargo", "fan_grdp_per_capita_usd",
            "headline_dots", "outcome_port_cargo_2030", "by_year_port_cargo_2030",
            "scenarios_grdp_real", "spaghetti_grdp_growth", "sensitivity_port_cargo_2030",
            "plan_record_grdp_growth_real", "plan_misses_grdp_growth_real",
            "growth_curve_port_cargo_2030", "shapley_port_cargo_2030",
            "trust_reliability"} <= names
    # the nowcast chart when the package holds a partial-year figure of 2026, else none
    assert ("nowcast_grdp_growth" in names) == _has_2026_release()
    tables = {p.stem for p in (out / "tables").glob("*.csv")}
    assert {"assumptions", "bands", "probabilities", "joint", "probability_by_year",
            "sensitivity", "plan_record", "run", "register", "growth_curves", "shapley",
            "trust_coverage", "trust_reliability"} <= tables
    assert sorted(p.name for p in (out / "scenarios").glob("*.toml")) == sorted(
        f"{name}.toml" for name in hpf.scenarios.READY_MADE)
    assert (out / "report.md").exists()
    assert _leftovers(written["parent"], "report") == []


def test_pngs_are_300_dpi(written):
    for png in sorted((written["out"] / "charts").glob("*.png"))[:4]:
        with Image.open(png) as im:
            assert im.info["dpi"] == pytest.approx((300, 300), abs=0.01)


def test_report_leaves_no_figure_and_no_global_change(written):
    assert written["figs_after"] == written["figs_before"]
    assert written["rc_after"] == written["rc_before"]


def test_report_md_in_reading_order_and_links_resolve(written):
    out = written["out"]
    md = (out / "report.md").read_text(encoding="utf-8")
    heads = re.findall(r"^## \d+\. (.+)$", md, flags=re.M)
    assert heads == ["Summary", "The 2030 targets of merged Hai Phong",
                     "What this year's releases so far change",
                     "What growth would the targets take?", "Fan charts",
                     "The record: plans and outcomes",
                     "How far can these probabilities be trusted?", "Distribution of outcomes",
                     "When could the targets be met?", "Scenarios compared",
                     "What moves the probability", "Single simulated years"]
    annexes = re.findall(r"^## (Annex .+)$", md, flags=re.M)
    assert annexes == ["Annex A. Assumptions", "Annex B. Targets set for another territory",
                       "Annex C. Register of targets",
                       "Annex D. Technical notes and reproducibility"]
    assert md.index("> **Limitations**") < md.index("## 2.")   # the one-page summary
    links = re.findall(r"\]\(([^)]+)\)", md)
    assert links and all((out / link).exists() for link in links)
    pngs = {p.relative_to(out).as_posix() for p in (out / "charts").glob("*.png")}
    assert pngs <= set(links)  # every chart is in the report
    assert "Port cargo throughput ≥ 380 Mt in 2030" in md
    assert "Average real GRDP growth ≥ 13 % a year, 2026–2030" in md
    assert "coin toss by construction" in md and "IPCC" in md
    assert "--paths 2000 --seed 7" in md
    if not _has_2026_release():
        assert "No partial-year figure for 2026 was given" in md and "--h1 0.118" in md
    run = pd.read_csv(out / "tables" / "run.csv", index_col="item")["value"]
    assert run["seed"] == "7" and run["n_paths"] == "2000"
    assert run["version_hpforecast"] == hpf.__version__
    assert run["version_matplotlib"] == matplotlib.__version__


def test_tables_agree_with_the_library(written):
    out = written["out"]
    probs = pd.read_csv(out / "tables" / "probabilities.csv", index_col=["scenario", "target"])
    sim = hpf.simulate(hpf.scenarios.plan(), n_paths=int(PATHS), seed=7)
    p = sim.probability(hpf.load_targets()["port_cargo_2030"]).iloc[0]["probability"]
    assert probs.loc[("plan", "port_cargo_2030"), "probability"] == pytest.approx(p)
    bands = pd.read_csv(out / "tables" / "bands.csv",
                        index_col=["scenario", "indicator", "year"])
    q = sim.quantiles("port_cargo", (0.05, 0.5, 0.95))
    assert bands.loc[("plan", "port_cargo", 2030), "p50"] == pytest.approx(q.loc[2030, 0.5])
    assert bands.loc[("plan", "port_cargo", 2030), "p95"] == pytest.approx(q.loc[2030, 0.95])


def test_workbook_has_every_table(written):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(written["out"] / "report.xlsx")
    assert {"Assumptions", "Bands", "Probabilities", "All together", "By year",
            "Plans and outcomes", "Run", "Register of targets"} <= set(wb.sheetnames)
    ws = wb["Probabilities"]
    assert ws.freeze_panes == "C2"                   # the header row and the index frozen
    wb.close()


# -- nothing a user had is lost ------------------------------------------------------------
@pytest.fixture
def existing(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    (out / "charts").mkdir()
    (out / "charts" / "old.png").write_bytes(b"\x89PNG old")
    return out


@pytest.fixture
def previous_report(tmp_path):
    """An earlier report: its files, and the marker that lists them."""
    out = tmp_path / "mine"
    (out / "charts").mkdir(parents=True)
    (out / "report.md").write_text("# an earlier report", encoding="utf-8")
    (out / "charts" / "old.png").write_bytes(b"\x89PNG old")
    report_mod._write_marker(out, "2025-01-01T00:00:00+00:00")
    return out


def test_existing_folder_needs_force(existing, capsys):
    before = _snapshot(existing)
    rc = main(["report", "--out", str(existing), "--paths", PATHS])
    assert rc == 2
    assert "already exists" in capsys.readouterr().err
    assert _snapshot(existing) == before
    assert _leftovers(existing.parent, "mine") == []


def test_out_that_is_a_file_is_refused(tmp_path, capsys):
    f = tmp_path / "report.md"
    f.write_text("x")
    assert main(["report", "--out", str(f), "--force"]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert f.read_text() == "x"


def test_bad_scenario_file_leaves_folder_untouched(previous_report, tmp_path, capsys):
    existing = previous_report
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[growth]\ngrdp_real = { dist = "normal", mean = 13, sd = 1 }\n',
                   encoding="utf-8")
    before = _snapshot(existing)
    assert main(["report", "--out", str(existing), "--scenario", str(bad), "--force"]) == 2
    assert "bad.toml" in capsys.readouterr().err
    assert _snapshot(existing) == before
    fresh = tmp_path / "new" / "deeper"
    assert main(["report", "--out", str(fresh), "--scenario", str(tmp_path / "nope.toml")]) == 2
    assert not (tmp_path / "new").exists()
    assert _leftovers(existing.parent, "mine") == []


def test_failure_midway_leaves_folder_untouched(previous_report, monkeypatch, capsys):
    existing = previous_report
    calls = []
    real_chart = report_mod._Builder.chart

    def failing_chart(self, name, draw, *args, **kwargs):
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        calls.append(name)
        return real_chart(self, name, draw, *args, **kwargs)

    monkeypatch.setattr(report_mod._Builder, "chart", failing_chart)
    before = _snapshot(existing)
    rc = main(["report", "--out", str(existing), "--paths", "300", "--force"])
    assert rc == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "left as it was" in err
    assert len(calls) == 2  # it failed after writing some charts
    assert _snapshot(existing) == before
    assert _leftovers(existing.parent, "mine") == []


def test_interrupted_run_cleans_up(tmp_path, monkeypatch):
    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(report_mod._Builder, "chart", boom)
    with pytest.raises(KeyboardInterrupt):
        report_mod.write_report(tmp_path / "r", scenarios=[hpf.scenarios.plan()], n_paths=200)
    assert list(tmp_path.iterdir()) == []


def test_force_replaces_in_vietnamese_and_without_openpyxl(previous_report, monkeypatch,
                                                           capsys, tmp_path):
    existing = previous_report
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as after a bare install
    (tmp_path / "my scenarios").mkdir()
    toml = tmp_path / "my scenarios" / "mine.toml"
    toml.write_text(hpf.scenarios.trend().to_toml(settings={"n_paths": 1500, "seed": 3}),
                    encoding="utf-8")
    rc = main(["report", "--out", str(existing), "--scenario", str(toml), "--lang", "vi",
               "--force"])
    assert rc == 0
    captured = capsys.readouterr()
    assert 'pip install "hpforecast[excel]"' in captured.err
    assert not (existing / "charts" / "old.png").exists()  # the earlier report was replaced
    assert (existing / report_mod.MARKER).is_file()
    assert not (existing / "report.xlsx").exists()
    md = (existing / "report.md").read_text(encoding="utf-8")
    assert md.startswith("# Hải Phòng đến năm 2030: khả năng đạt các mục tiêu")
    assert "Biểu đồ hình quạt" in md and "trung vị" in md
    assert 'pip install "hpforecast[excel]"' in md
    assert "Chỉ mô phỏng một kịch bản" in md  # one scenario: nothing to compare
    # the command runs as printed: quoted for a shell, with the scenario file
    assert shlex.join(["--scenario", str(toml)]) in md and "'" in md
    assert shlex.split(md.split("```")[1].strip())[1:5] == ["report", "--out",
                                                            str(existing), "--scenario"]
    run = pd.read_csv(existing / "tables" / "run.csv", index_col=0)["giá trị"]
    assert run["n_paths"] == "1500" and run["seed"] == "3"  # from the file's [simulation]
    assert _leftovers(existing.parent, "mine") == []


def test_write_report_argument_errors(tmp_path):
    with pytest.raises(ValueError, match="lang must be 'en' or 'vi'; got 'de'"):
        report_mod.write_report(tmp_path / "r", lang="de")
    with pytest.raises(TypeError, match="out must be a path; got int"):
        report_mod.write_report(3)
    with pytest.raises(TypeError, match=r"scenarios\[0\] must be a Scenario; got str"):
        report_mod.write_report(tmp_path / "r", scenarios=["plan"])
    with pytest.raises(ValueError, match="n_paths must be >= 1; got 0"):
        report_mod.write_report(tmp_path / "r", n_paths=0)
    assert list(tmp_path.iterdir()) == []


def test_empty_or_missing_folder_needs_no_force(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    report_mod._check_out(empty, force=False)  # nothing to lose
    report_mod._check_out(tmp_path / "missing", force=False)
    (empty / report_mod.MARKER).write_text("hpforecast report\n")
    with pytest.raises(report_mod.ReportExistsError, match="use --force"):
        report_mod._check_out(empty, force=False)
    report_mod._check_out(empty, force=True)  # an earlier report may be replaced
    (empty / report_mod.MARKER).unlink()
    (empty / "x").write_text("x")
    for force in (False, True):  # any other folder never is
        with pytest.raises(report_mod.NotAReportError, match="is not an hpforecast report"):
            report_mod._check_out(empty, force=force)


# -- review fixes ----------------------------------------------------------------------------
def test_report_carries_the_marker(written):
    text = (written["out"] / report_mod.MARKER).read_text(encoding="utf-8")
    assert f"version {hpf.__version__}" in text and "created 20" in text


def test_force_never_replaces_a_folder_that_is_not_a_report(existing, capsys):
    before = _snapshot(existing)
    rc = main(["report", "--out", str(existing), "--paths", "300", "--force"])
    assert rc == 2
    err = capsys.readouterr().err
    assert "is not an hpforecast report" in err and "left untouched" in err
    assert _snapshot(existing) == before
    assert _leftovers(existing.parent, "mine") == []
    with pytest.raises(report_mod.NotAReportError, match=re.escape(report_mod.MARKER)):
        report_mod.write_report(existing, scenarios=[hpf.scenarios.plan()], n_paths=200,
                                force=True)
    assert _snapshot(existing) == before


def test_failure_before_building_removes_created_parents(tmp_path, monkeypatch):
    def no_space(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report_mod.tempfile, "mkdtemp", no_space)
    with pytest.raises(OSError, match="No space"):
        report_mod.write_report(tmp_path / "a" / "b" / "r", scenarios=[hpf.scenarios.plan()],
                                n_paths=200)
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def api_report(tmp_path_factory):
    """A Vietnamese report of a scenario built in Python, written under umask 027."""
    sc = hpf.scenarios.plan().replace(name="mine",
                                      persistence={"grdp_real": 0.3, "port_cargo": 0.25})
    out = tmp_path_factory.mktemp("api") / "bao cao"
    old = os.umask(0o027)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            report_mod.write_report(out, scenarios=[sc], lang="vi", n_paths=400, seed=5)
    finally:
        os.umask(old)
    return out, caught


def test_report_folder_permissions_follow_the_umask(api_report):
    out, _ = api_report
    assert out.stat().st_mode & 0o777 == 0o777 & ~0o027   # not mkdtemp's 0700


def test_vietnamese_persistence_uses_the_decimal_comma(api_report):
    md = (api_report[0] / "report.md").read_text(encoding="utf-8")
    line = next(r for r in md.splitlines() if r.startswith("| Quán tính của các cú sốc"))
    assert "GRDP theo giá so sánh 2010: 0,3;" in line and "Hàng hóa thông qua cảng: 0,25;" in line
    assert "0.3" not in line and "0.25" not in line


def test_api_scenarios_reproduced_from_their_toml_files(api_report):
    out, _ = api_report
    md = (out / "report.md").read_text(encoding="utf-8")
    repro = md.split("## Phụ lục D.")[1]
    assert "scenarios/*.toml" in repro
    assert "hpforecast run scenarios/mine.toml" in repro
    assert ("hpforecast report --out DIR --scenario scenarios/mine.toml --paths 400 --seed 5 "
            "--lang vi") in repro
    assert "hpforecast report --out DIR --paths" not in repro  # would run other scenarios
    assert (out / "scenarios" / "mine.toml").is_file()


def test_default_command_is_quoted_and_names_the_scenario_file():
    cmd = report_mod._default_command("en", 1000, 3, "/tmp/my scenarios/a.toml")
    assert cmd == ("hpforecast report --out DIR --scenario '/tmp/my scenarios/a.toml' "
                   "--paths 1000 --seed 3")
    assert shlex.split(cmd)[5] == "/tmp/my scenarios/a.toml"
    assert report_mod._default_command("vi", 10, 1) == (
        "hpforecast report --out DIR --paths 10 --seed 1 --lang vi")


def test_only_boundary_notes_are_silenced(tmp_path, monkeypatch):
    # By class, not by message: a BoundaryWarning goes into the notes, whatever it says;
    # any other warning, even one worded like a boundary note, reaches the user.
    from hpforecast import plot

    real = plot.spaghetti

    def noisy(*a, **k):
        warnings.warn("a note for the tables (x: y).", hpf.BoundaryWarning)
        warnings.warn("too few paths for a precise estimate", UserWarning)
        warnings.warn("Some targets were set for another boundary (not a boundary note)",
                      hpf.ShortSampleWarning)
        return real(*a, **k)

    monkeypatch.setattr(plot, "spaghetti", noisy)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report_mod.write_report(tmp_path / "r", scenarios=[hpf.scenarios.plan()],
                                n_paths=300, seed=1)
    messages = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    assert "too few paths for a precise estimate" in messages
    assert "Some targets were set for another boundary (not a boundary note)" in messages
    assert not any(issubclass(w.category, hpf.BoundaryWarning) for w in caught)


def test_report_for_a_scenario_without_per_capita_drivers(tmp_path):
    from hpforecast.report import write_report

    sc = hpf.Scenario(name="two_drivers", growth={"grdp_real": hpf.Normal(0.12, 0.02),
                                                  "port_cargo": hpf.Normal(0.11, 0.04)},
                      base_values={"port_cargo": 213.0})
    out = write_report(tmp_path / "rep", scenarios=[sc], n_paths=1000, seed=1)
    probs = pd.read_csv(out / "tables" / "probabilities.csv")
    row = probs[probs["target"] == "grdp_per_capita_usd_2030"].iloc[0]
    assert not row["evaluable"] and "no assumption" in row["note"]
    assert (out / "charts" / "by_year_port_cargo_2030.png").exists()


def test_vietnamese_report_describes_ready_made_scenarios_in_vietnamese(tmp_path):
    from hpforecast.report import write_report

    out = write_report(tmp_path / "vi", scenarios=[hpf.scenarios.plan()], n_paths=1000, seed=1,
                       lang="vi")
    text = (out / "report.md").read_text(encoding="utf-8")
    assert "GRDP (giá so sánh) tăng 13%/năm, mức thấp của kế hoạch 2026–2030" in text
    assert "Real GRDP at the 2026–2030 plan" not in text
    toml = (out / "scenarios" / "plan.toml").read_text(encoding="utf-8")
    assert "GRDP (giá so sánh) tăng 13%/năm" in toml       # its description in Vietnamese
    # An edited copy keeps its own (English) description rather than a wrong translation.
    edited = hpf.scenarios.plan().replace(description="my own words")
    assert hpf.scenarios.description_vi(edited) == ""


# -- issue 10: --force never deletes a user's file; interrupted runs are recovered ------------
SMALL = hpf.Scenario(name="small", growth={"grdp_real": hpf.Normal(0.12, 0.02)},
                     base_values={"grdp_real": 476_000.0})


@pytest.fixture(scope="module")
def small_report(tmp_path_factory):
    """A complete small report, copied by the tests that change it."""
    out = tmp_path_factory.mktemp("small") / "report"
    report_mod.write_report(out, scenarios=[SMALL], n_paths=300, seed=1)
    return out


@pytest.fixture
def earlier(small_report, tmp_path):
    import shutil

    out = tmp_path / "report"
    shutil.copytree(small_report, out)
    return out


def _hashes(folder):
    import hashlib

    return {k: hashlib.sha256(v).hexdigest() for k, v in _snapshot(folder).items()}


def test_marker_lists_every_file_the_report_wrote_with_its_hash(small_report):
    text = (small_report / report_mod.MARKER).read_text(encoding="utf-8")
    listed = dict(reversed(line.split("  ", 1)) for line in text.splitlines()
                  if re.fullmatch(r"[0-9a-f]{64}  .+", line))
    files = _hashes(small_report)
    files.pop(report_mod.MARKER)
    assert listed == files and "report.md" in listed and len(listed) > 20


def test_force_keeps_files_the_user_added(earlier, capsys):
    (earlier / "my_notes.txt").write_text("mine", encoding="utf-8")
    (earlier / "charts" / "extra.png").write_bytes(b"mine too")
    before = _snapshot(earlier)
    rc = main(["report", "--out", str(earlier), "--paths", "300", "--force"])
    assert rc == 2
    err = capsys.readouterr().err
    assert "holds files that the earlier hpforecast report did not write" in err
    assert "my_notes.txt" in err and "charts/extra.png" in err and "nothing was changed" in err
    assert _snapshot(earlier) == before
    with pytest.raises(report_mod.NotAReportError, match="my_notes.txt"):
        report_mod.write_report(earlier, scenarios=[SMALL], n_paths=300, force=True)
    assert _snapshot(earlier) == before and _leftovers(earlier.parent, "report") == []


def test_force_keeps_a_report_file_the_user_changed(earlier):
    (earlier / "report.md").write_text("my edits", encoding="utf-8")
    before = _snapshot(earlier)
    with pytest.raises(report_mod.NotAReportError,
                       match=r"report\.md \(changed since the report wrote it\)"):
        report_mod.write_report(earlier, scenarios=[SMALL], n_paths=300, force=True)
    assert _snapshot(earlier) == before


def test_force_replaces_an_unchanged_earlier_report(earlier):
    (earlier / "charts" / "only_in_the_old.png").write_bytes(b"x")
    report_mod._write_marker(earlier, "2025-01-01T00:00:00+00:00")  # as if the report wrote it
    report_mod.write_report(earlier, scenarios=[SMALL.replace(name="other")], n_paths=300,
                            force=True)
    assert not (earlier / "charts" / "only_in_the_old.png").exists()
    assert (earlier / "scenarios" / "other.toml").exists()
    assert _leftovers(earlier.parent, "report") == []


def test_out_that_is_a_symbolic_link_is_refused(earlier, tmp_path):
    link = tmp_path / "link"
    link.symlink_to(earlier, target_is_directory=True)
    before = _snapshot(earlier)
    with pytest.raises(report_mod.ReportExistsError, match="is a symbolic link"):
        report_mod.write_report(link, scenarios=[SMALL], n_paths=300, force=True)
    assert _snapshot(earlier) == before and link.is_symlink()


def _recovered(caught):
    return [str(w.message) for w in caught
            if issubclass(w.category, report_mod.ReportRecoveryWarning)]


def test_unfinished_folder_of_an_interrupted_run_is_removed_and_said(earlier):
    import shutil

    partial = earlier.parent / ".report.partial-abcd1234"
    shutil.copytree(earlier, partial)
    (partial / "report.md").unlink()  # unfinished
    before = _snapshot(earlier)
    with pytest.warns(report_mod.ReportRecoveryWarning,
                      match=r"removed \.report\.partial-abcd1234, an unfinished report left "
                            r"by an interrupted run"), \
            pytest.raises(report_mod.ReportExistsError, match="use --force"):
        report_mod.write_report(earlier, scenarios=[SMALL], n_paths=300)
    assert _leftovers(earlier.parent, "report") == [] and _snapshot(earlier) == before


def test_report_moved_aside_between_the_renames_is_restored(earlier, capsys):
    before = _snapshot(earlier)
    old = earlier.parent / ".report.old-abcd1234"
    earlier.rename(old)  # what a kill between the two renames of the install step leaves
    rc = main(["report", "--out", str(earlier), "--paths", "300"])
    assert rc == 2  # the restored report is not replaced without --force
    err = capsys.readouterr().err
    assert re.search(r"hpforecast: note: .*restored .*report from \.report\.old-abcd1234", err)
    assert _snapshot(earlier) == before and _leftovers(earlier.parent, "report") == []


def test_replaced_report_left_after_the_renames_is_removed(earlier, small_report):
    import shutil

    old = earlier.parent / ".report.old-abcd1234"
    shutil.copytree(small_report, old)
    (old / "tables" / "run.csv").unlink()  # a removal that was cut short
    before = _snapshot(earlier)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(report_mod.ReportExistsError):
            report_mod.write_report(earlier, scenarios=[SMALL], n_paths=300)
    assert any("removed .report.old-abcd1234" in m for m in _recovered(caught))
    assert _leftovers(earlier.parent, "report") == [] and _snapshot(earlier) == before


def test_a_running_report_and_a_stranger_folder_are_left_alone(earlier):
    live = earlier.parent / ".report.partial-live0000"
    live.mkdir()
    (live / report_mod.MARKER).write_text("being written\n", encoding="utf-8")
    stranger = earlier.parent / ".report.partial-mine0000"
    stranger.mkdir()
    (stranger / "my file.txt").write_text("mine", encoding="utf-8")
    fd = report_mod._lock(live, wait=False)  # as the run writing it holds it
    assert fd is not None
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with pytest.raises(report_mod.ReportExistsError):
                report_mod.write_report(earlier, scenarios=[SMALL], n_paths=300)
        assert live.is_dir()
        assert any("left .report.partial-mine0000 alone" in m for m in _recovered(caught))
    finally:
        if fd >= 0:
            os.close(fd)
    with pytest.warns(report_mod.ReportRecoveryWarning) as caught, \
            pytest.raises(report_mod.ReportExistsError):  # the run has ended
        report_mod.write_report(earlier, scenarios=[SMALL], n_paths=300)
    assert not live.exists() and any("removed .report.partial-live0000" in m
                                     for m in _recovered(caught))
    assert (stranger / "my file.txt").read_text(encoding="utf-8") == "mine"


def test_ctrl_c_prints_one_line(tmp_path, monkeypatch, capsys):
    def interrupt(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(report_mod._Builder, "chart", interrupt)
    rc = main(["report", "--out", str(tmp_path / "r"), "--paths", "300"])
    assert rc == 130
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("hpforecast: interrupted")
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr("hpforecast.cli._data_text", interrupt)
    assert main(["data"]) == 130
    assert capsys.readouterr().err == "hpforecast: interrupted.\n"


def test_force_refuses_a_report_whose_marker_lists_no_files(earlier):
    (earlier / report_mod.MARKER).write_text("hpforecast report\nversion 0.0.1\n",
                                             encoding="utf-8")  # as older versions wrote
    before = _snapshot(earlier)
    with pytest.raises(report_mod.NotAReportError, match=r"marker does not list the files "
                                                         r"it wrote .*nothing was changed"):
        report_mod.write_report(earlier, scenarios=[SMALL], n_paths=300, force=True)
    assert _snapshot(earlier) == before


# -- one rule, one home: the headline, the texts, the report's parts ---------------------------
VIETNAMESE = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")


def test_headline_targets_stand_for_the_boundary_once_each():
    from hpforecast.targets import STANDING, headline_targets

    targets = hpf.load_targets()
    head = headline_targets(targets, "merged_city", 2030)
    # independently: every condition of a standing, evaluable 2030 target of the boundary
    want = {(t.indicator, t.measure, t.start, t.comparison, t.threshold) for t in targets
            if t.year == 2030 and t.evaluable and t.status in STANDING
            and t.boundary in (None, "merged_city")}
    got = [(t.indicator, t.measure, t.start, t.comparison, t.threshold) for t in head]
    assert sorted(got, key=str) == sorted(want, key=str) and len(got) == len(set(got))
    assert {"grdp_growth_2026_2030_hdnd", "grdp_per_capita_usd_2030",
            "port_cargo_2030"} <= {t.name for t in head}
    assert all(t.boundary != "old_city" for t in headline_targets(targets, "merged_city"))


def test_headline_year_is_2030_when_simulated_else_the_latest_with_targets():
    from hpforecast.targets import headline_year

    targets = hpf.load_targets()
    assert headline_year(targets, 2026, 2030) == 2030
    assert headline_year(targets, 2026, 2035) == 2030
    latest = max(t.year for t in targets if t.evaluable and 2026 <= t.year <= 2029)
    assert headline_year(targets, 2026, 2029) == latest
    assert headline_year([], 2026, 2029) == 2029


def test_report_leads_with_the_headline_targets(written):
    from hpforecast.targets import headline_targets

    out = written["out"]
    joint = pd.read_csv(out / "tables" / "joint.csv", index_col="scenario")
    head = headline_targets(hpf.load_targets(), "merged_city", 2030)
    assert joint.loc["plan", "targets"] == " & ".join(t.name for t in head)
    by_year = pd.read_csv(out / "tables" / "probability_by_year.csv")
    assert list(dict.fromkeys(by_year["target"])) == [t.name for t in head]


def test_report_probability_table_is_the_librarys(written):
    out = written["out"]
    probs = pd.read_csv(out / "tables" / "probabilities.csv", index_col=["scenario", "target"])
    targets = hpf.load_targets().filter(year=2030, evaluable=True)
    table = hpf.probability_table([getattr(hpf.scenarios, n)()
                                   for n in hpf.scenarios.READY_MADE], targets,
                                  n_paths=int(PATHS), seed=7)
    assert list(probs.index) == list(table.index)
    assert list(probs.columns) == ["description", *table.columns, "percent", "likelihood"]
    pd.testing.assert_series_equal(probs["probability"], table["probability"],
                                   check_exact=True, check_names=False)


def test_markdown_is_a_pure_function_of_the_report_data(tmp_path, monkeypatch):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", hpf.BoundaryWarning)
        data = report_mod._compute([hpf.scenarios.plan()], lang="vi", n_paths=300, seed=1,
                                   sampler="mc", command=None, scenario_file=None,
                                   api_scenarios=True)
    charts = report_mod._Charts(fans=[(i, g, f"fan{k}") for k, (i, g) in enumerate(data.fans)],
                                outcomes=["o1", "o2", "o3"], record="rec")
    monkeypatch.chdir(tmp_path)
    first = report_mod._markdown(data, charts, workbook=False)
    assert report_mod._markdown(data, charts, workbook=False) == first
    assert list(tmp_path.iterdir()) == []   # it writes nothing
    assert "charts/fan0.png" in first and "charts/o3.svg" in first
    assert "Hải Phòng đến năm 2030" in first and "openpyxl" in first


def test_every_text_is_in_the_catalogue_in_both_languages():
    from hpforecast import _i18n as L

    for key, (en, vi) in L._TEXT.items():
        assert en.strip() and vi.strip(), key
    pkg = Path(report_mod.__file__).parent
    used = set()
    for mod in ("plot.py", "report.py", "assumptions.py"):
        used |= set(re.findall(r'L\.text\(\s*"(\w+)"', (pkg / mod).read_text("utf-8")))
    used |= {f"table_{n}" for n in ("assumptions", "bands", "probabilities", "joint",
                                    "probability_by_year", "sensitivity", "plan_record", "run")}
    assert used - set(L._TEXT) == set()


@pytest.mark.parametrize("module", ["plot", "report", "cli", "scenarios"])
def test_no_vietnamese_outside_the_catalogue(module):
    import ast

    path = Path(report_mod.__file__).parent / f"{module}.py"
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    found = [node.value for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str)
             and id(node) not in docstrings and VIETNAMESE & set(node.value.lower())]
    assert found == []


def test_spaghetti_caption_describes_the_outcomes_drawn(tmp_path, monkeypatch):
    """The caption's range of single years is that of the lines in the chart (it once
    described the first 20 outcomes while the chart drew 20 picked at random)."""
    drawn = {}

    def inspect(self, name, fig):
        if name == "spaghetti_grdp_growth":
            drawn["y"] = [line.get_ydata() for ax in fig.axes for line in ax.get_lines()
                          if line.get_gid() == "sample_path"]

    monkeypatch.setattr(report_mod._Builder, "inspect", inspect)
    out = tmp_path / "report"
    report_mod.write_report(out, scenarios=[SMALL], n_paths=300, seed=1)
    ys = np.concatenate(drawn["y"])
    assert len(drawn["y"]) == 20
    md = (out / "report.md").read_text(encoding="utf-8")
    lo, hi = re.search(r"single years range from (-?[\d.]+) % to (-?[\d.]+) %", md).groups()
    assert float(lo) == pytest.approx(100 * ys.min(), abs=0.05)
    assert float(hi) == pytest.approx(100 * ys.max(), abs=0.05)


@pytest.fixture(scope="module")
def inspected(tmp_path_factory):
    """An English report of the ready-made scenarios with a half-year figure, every chart
    inspected as drawn."""
    from _charts import inspector

    seen = {}
    out = tmp_path_factory.mktemp("inspected") / "report"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(report_mod._Builder, "inspect", inspector(seen))
        report_mod.write_report(out, n_paths=300, seed=2, nowcast={"H1": 0.118})
    return out, seen


def test_english_charts_have_nothing_cut_and_no_text_under_7_points(inspected):
    """Every chart of the English report of the ready-made scenarios, as drawn: no text
    cut by the figure's edge (a y label taller than its panel was cut at the top) and
    none under 7 pt at the printed size."""
    _, seen = inspected
    assert len(seen) >= 20
    for name, fig in seen.items():
        assert [t for t, _, cut in fig["texts"] if cut] == [], name
        assert [(t, s) for t, s, _ in fig["texts"] if s < hpf.plot.MIN_FONT_PT] == [], name


@pytest.mark.parametrize("which", ["inspected", "written"])
def test_planner_facing_text_has_no_code_or_jargon(which, request):
    """Issue 14, item 17: code identifiers, file names, "paths", "Wilson" and
    "equal-tailed" stay in the technical annex (the trust and nowcast sections named
    hpf.load_evaluation(), a commit, tables/nowcast_update.csv and, without a release,
    the command that adds one). With a half-year figure, and without (the default)."""
    got = request.getfixturevalue(which)
    out = got[0] if which == "inspected" else got["out"]
    md = (out / "report.md").read_text(encoding="utf-8")
    main = md.split("## Annex D.")[0]
    main = re.sub(r"\]\([^)]*\)", "]", main)      # the links to charts and files
    for bad in ("`", "hpf.", ".csv", "Wilson", "equal-tailed", " paths", "commit"):
        assert bad not in main, bad
