"""``hpforecast report`` killed (SIGKILL) at several points, interrupted and raced.

Each run is a separate process that kills itself at a chosen point: while drawing the
charts, while writing the marker, between the two renames of the install step, after
them, and while the replaced report is deleted; then while the next run puts an old
report back. After each, the report folder must be absent, unchanged or complete; the
next run must leave no hidden folder behind; no file a user added is ever deleted.

Two of the kills then strike the next run while it cleans up: right after it has put
the old report back, and while it deletes an unfinished folder.

The processes draw their PNGs at 30 dpi instead of 300 (``report._PNG_DPI``): the test
is about files, not pixels, and the suite stays fast.
"""

import hashlib
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hpforecast import report as report_mod
from hpforecast.cli import main

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

SCENARIO = """\
name = "small"
[growth]
grdp_real = { dist = "normal", mean = 0.12, sd = 0.02 }
port_cargo = { dist = "normal", mean = 0.11, sd = 0.04 }
[base_values]
port_cargo = 213.0
"""

CHILD = textwrap.dedent("""
    import os, signal, sys
    import hpforecast.report as r
    from hpforecast.cli import main

    r._PNG_DPI = 30
    point, out, toml = sys.argv[1:4]
    out = os.path.abspath(out)
    what, _, arg = point.partition(":")

    def die(sig=signal.SIGKILL):
        os.kill(os.getpid(), sig)

    if what in ("chart", "sigint", "sigterm", "userfile"):
        real_chart, drawn = r._Builder.chart, []

        def chart(self, *a, **k):
            name = real_chart(self, *a, **k)
            drawn.append(name)
            if len(drawn) == int(arg):
                if what == "chart":
                    die()
                elif what == "userfile":  # the user saves a file into DIR meanwhile
                    with open(os.path.join(out, "late_notes.txt"), "w") as fh:
                        fh.write("written during the run")
                else:
                    die(signal.SIGINT if what == "sigint" else signal.SIGTERM)
            return name

        r._Builder.chart = chart
    elif what == "marker":  # killed with the marker half written
        def marker(root, created):
            with open(os.path.join(root, r.MARKER), "w") as fh:
                fh.write("hpforecast report\\nvers")
                fh.flush()
                die()

        r._write_marker = marker
    elif what in ("rename", "restore"):
        real_rename, seen = os.rename, []

        def rename(src, dst):
            real_rename(src, dst)
            if out in (os.path.abspath(src), os.path.abspath(dst)):
                seen.append(dst)
                if what == "rename" and len(seen) == int(arg):
                    die()
                if what == "restore" and os.path.abspath(dst) == out:
                    die()  # right after the old report was put back

        os.rename = rename
    elif what in ("remove", "purge"):  # while a replaced report or a leftover is deleted
        real_remove, removed = os.remove, []
        kind = ".old-" if what == "remove" else ".partial-"

        def remove(path):
            real_remove(path)
            if kind in str(path):
                removed.append(path)
                if len(removed) == int(arg):
                    die()

        os.remove = remove
    sys.exit(main(["report", "--out", out, "--scenario", toml, "--paths", "200",
                   "--force"]))
""")

USER_FILES = {"notes.txt": "my notes", ".my_hidden_file": "hidden but mine",
              "mine/data.csv": "a,b\n1,2\n"}


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".report."))


def is_complete(folder: Path) -> bool:
    """The marker lists every file of the folder, each with its right SHA-256."""
    text = (folder / report_mod.MARKER).read_text(encoding="utf-8")
    listed = dict(reversed(line.split("  ", 1)) for line in text.splitlines()
                  if re.fullmatch(r"[0-9a-f]{64}  .+", line))
    files = {k: hashlib.sha256(v).hexdigest() for k, v in snapshot(folder).items()}
    files.pop(report_mod.MARKER)
    return files == listed and "report.md" in files and len(files) > 20


def state(out: Path, before: dict) -> str:
    if not out.exists():
        return "absent"
    if snapshot(out) == before:
        return "unchanged"
    assert is_complete(out), sorted(snapshot(out))
    return "complete"


def user_files_intact(parent: Path) -> bool:
    return all((parent / k).read_text(encoding="utf-8") == v for k, v in USER_FILES.items())


@pytest.fixture(scope="module")
def earlier(tmp_path_factory):
    """A complete earlier report, and the scenario file its runs use."""
    base = tmp_path_factory.mktemp("earlier")
    toml = base / "small.toml"
    toml.write_text(SCENARIO, encoding="utf-8")
    old_dpi = report_mod._PNG_DPI
    report_mod._PNG_DPI = 30
    try:
        report_mod.write_report(base / "report", scenario_file=toml, n_paths=200, seed=1)
    finally:
        report_mod._PNG_DPI = old_dpi
    return base / "report", toml


def setup_parent(parent: Path, earlier_report: Path) -> Path:
    parent.mkdir()
    shutil.copytree(earlier_report, parent / "report")
    for rel, text in USER_FILES.items():
        (parent / rel).parent.mkdir(parents=True, exist_ok=True)
        (parent / rel).write_text(text, encoding="utf-8")
    return parent / "report"


def start(point: str, out: Path, toml: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CHILD, point, str(out), str(toml)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# point -> (exit status, state of DIR right after, hidden folders right after)
EXPECTED = {
    "chart:3": (-signal.SIGKILL, "unchanged", ["partial"]),
    "marker": (-signal.SIGKILL, "unchanged", ["partial"]),
    "rename:1": (-signal.SIGKILL, "absent", ["old", "partial"]),
    "rename:2": (-signal.SIGKILL, "complete", ["old"]),
    "remove:4": (-signal.SIGKILL, "complete", ["old"]),
    "sigint:2": (130, "unchanged", []),
    "sigterm:2": (143, "unchanged", []),
    "userfile:2": (2, "user", []),
}
#: Points whose next run is killed too: right after it restored the old report, and
#: after it deleted a few files of the unfinished folder.
SECOND = {"rename:1": "restore", "chart:3": "purge:5"}


def test_killed_at_every_point_the_folder_is_absent_unchanged_or_complete(
        earlier, tmp_path, monkeypatch, capsys):
    report, toml = earlier
    before = snapshot(report)
    outs = {p: setup_parent(tmp_path / re.sub(r"\W", "_", p), report) for p in EXPECTED}
    procs = {p: start(p, out, toml) for p, out in outs.items()}  # all at once
    results = {p: (proc.communicate(timeout=300)[1], proc.returncode)
               for p, proc in procs.items()}
    for p, (err, rc) in results.items():
        out, parent = outs[p], outs[p].parent
        want_rc, want_state, want_left = EXPECTED[p]
        assert rc == want_rc, (p, rc, err)
        if want_state == "user":  # refused at the install step: the user's file is kept
            assert "late_notes.txt" in err and "nothing was changed" in err, err
            after = snapshot(out)
            assert after.pop("late_notes.txt") == b"written during the run"
            assert after == before
        else:
            assert state(out, before) == want_state, p
        kinds = sorted({re.sub(r"^\.report\.(\w+)-.*$", r"\1", n) for n in leftovers(parent)})
        assert kinds == want_left, (p, leftovers(parent))
        if p.startswith(("sigint", "sigterm")):
            assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
        assert user_files_intact(parent), p
        if p in SECOND:
            continue  # its next run is killed too (below)
        check_next_run(out, toml, capsys, bool(want_left))

    # The next run of two of them is killed while it cleans up; the one after finishes.
    procs = {p: start(second, outs[p], toml) for p, second in SECOND.items()}
    for p, proc in procs.items():
        out = outs[p]
        err = proc.communicate(timeout=300)[1]
        assert proc.returncode == -signal.SIGKILL, err
        assert state(out, before) == "unchanged" and user_files_intact(out.parent), p
        assert leftovers(out.parent), p  # the unfinished folder, partly deleted
        check_next_run(out, toml, capsys, True)
        assert state(out, before) == "unchanged"

    # After all that, a forced run replaces the report as usual.
    out = outs["rename:1"]
    monkeypatch.setattr(report_mod, "_PNG_DPI", 30)
    assert main(["report", "--out", str(out), "--scenario", str(toml), "--paths", "200",
                 "--seed", "2", "--force"]) == 0
    assert capsys.readouterr().err == ""
    assert state(out, before) == "complete" and leftovers(out.parent) == []
    assert user_files_intact(out.parent)


def check_next_run(out: Path, toml: Path, capsys, notes: bool) -> None:
    """The next run (no --force, so it builds nothing) cleans up, says so, and leaves
    the folder exactly as it found it."""
    found = snapshot(out)
    assert main(["report", "--out", str(out), "--scenario", str(toml), "--paths",
                 "200"]) == 2
    err = capsys.readouterr().err
    assert ("hpforecast: note: removed" in err) == notes, err
    assert leftovers(out.parent) == [] and snapshot(out) == found
    assert user_files_intact(out.parent)
