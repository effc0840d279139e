"""A report folder in one call: every chart, every table, and ``report.md`` tying them.

:func:`write_report` is what ``hpforecast report --out DIR`` runs. The folder holds::

    DIR/report.md            the report, in reading order (English or Vietnamese)
    DIR/report.xlsx          one workbook: assumptions, bands, probabilities, run
                             (needs openpyxl: pip install "hpforecast[excel]")
    DIR/charts/*.png, *.svg  every chart, PNG at 300 dpi and SVG
    DIR/tables/*.csv         the same tables as CSV (UTF-8)
    DIR/scenarios/*.toml     the scenarios, readable by hpforecast run

Nothing a user had is lost: the folder is built next to ``DIR`` under a temporary name
(``.DIR.partial-XXXXXXXX``) and moved into place only when complete, so a run that fails
midway (a bad scenario file, a full disk) leaves ``DIR`` as it was; an existing report
is replaced only with ``force=True``, and the old one (moved aside to
``.DIR.old-XXXXXXXX``) is deleted only after the new one is in place. Every report holds
a marker file, ``DIR/.hpforecast-report``, that lists each file the report wrote with
its SHA-256; ``force=True`` replaces only a folder that is empty or holds that marker,
and refuses, naming them, when it holds any file the report did not write or that was
changed since. A run that was killed leaves at most those hidden folders; the next run
removes them, or puts the old report back when the kill fell between the two renames
of the install step, and says so (:class:`ReportRecoveryWarning`). Folders being
written by another run at the same time are recognised by their lock (``flock``) and
left alone; where there is no ``flock`` (Windows), runs into the same folder should not
overlap.

A report is made in three steps, each a function of the one before: compute (simulate
the scenarios and make every table and number, into one report-data object), draw (each
chart from that object; the charts compute nothing) and write (``report.md``, a pure
function of the object and the chart names). Charts are drawn on
:class:`matplotlib.figure.Figure` objects, never through pyplot, so the report opens no
window, leaves no figure behind and changes no global setting. Every text is in the
package's catalogue of words, in English and Vietnamese.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import importlib.metadata
import os
import platform
import shlex
import sys
import tempfile
import uuid
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import _i18n as L
from ._warnings import BoundaryWarning, ReportRecoveryWarning

__all__ = ["write_report", "ReportExistsError", "NotAReportError", "ReportRecoveryWarning",
           "KEY_INDICATORS", "DEFAULT_PATHS", "DEFAULT_SEED", "MARKER"]

DEFAULT_PATHS = 100_000
DEFAULT_SEED = 2030
#: Indicators with a fan chart, in reading order (those the scenario simulates).
KEY_INDICATORS = ("grdp_real", "grdp_per_capita_usd", "port_cargo", "budget_revenue",
                  "share_of_national_gdp")
#: Paths of the one-at-a-time sensitivity runs (at most; 2 runs per assumption).
SENSITIVITY_PATHS = 20_000
#: Quantiles of the band table: the Bank of England's 30/60/90 % bands and the median.
BAND_QUANTILES = (0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95)
_PNG_DPI = 300
#: File written into every report folder, listing every file the report wrote (SHA-256
#: and path); ``force=True`` replaces only a folder that is empty or holds it, and only
#: the files it lists.
MARKER = ".hpforecast-report"
_MARKER_FILES = "files (sha256, path):"
_FIGSIZE = (8.0, 5.6)


class ReportExistsError(FileExistsError):
    """The output folder exists and holds files; pass ``force=True`` to replace it."""


class NotAReportError(ReportExistsError):
    """The output folder holds files that are not an hpforecast report's (no marker, or
    files the report did not write or that were changed since): never replaced."""


# -- the folder, atomically -------------------------------------------------------------------
def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _walk(root: Path) -> tuple[list[str], list[str]]:
    """(files, folders) below ``root`` as relative POSIX paths; links count as files."""
    files, dirs = [], []
    for here, subdirs, names in os.walk(root):
        rel = Path(here).relative_to(root)
        for d in list(subdirs):
            if (Path(here) / d).is_symlink():
                subdirs.remove(d)
                names.append(d)
            else:
                dirs.append((rel / d).as_posix())
        files += [(rel / n).as_posix() for n in names]
    return sorted(files), sorted(dirs)


def _write_marker(root: Path, created: str) -> None:
    """Write the marker: a report, and the hash of every file in ``root`` but the marker."""
    from . import __version__

    files = [f for f in _walk(root)[0] if f != MARKER]
    note = ("This file marks the folder as an hpforecast report: `hpforecast report "
            "--force` may replace the files listed below, and only those, while they are "
            "unchanged.")
    lines = ["hpforecast report", f"version {__version__}", f"created {created}", note,
             _MARKER_FILES]
    lines += [f"{_sha256(root / f)}  {f}" for f in files]
    (root / MARKER).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _listed(root: Path) -> dict[str, str]:
    """path -> SHA-256 of the files the marker of ``root`` lists (none if it has none)."""
    try:
        text = (root / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    out = {}
    if _MARKER_FILES in text:
        for line in text.split(_MARKER_FILES, 1)[1].splitlines():
            digest, _, rel = line.partition("  ")
            parts = Path(rel).parts
            if len(digest) == 64 and rel and not Path(rel).is_absolute() \
                    and ".." not in parts and rel != MARKER:
                out[rel] = digest
    return out


def _not_written(root: Path) -> list[str]:
    """Files (and empty folders) in ``root`` that its marker does not list unchanged."""
    listed = _listed(root)
    files, dirs = _walk(root)
    out = []
    for f in files:
        if f == MARKER:
            continue
        if f not in listed:
            out.append(f)
        elif (root / f).is_symlink() or _sha256(root / f) != listed[f]:
            out.append(f"{f} (changed since the report wrote it)")
    used = {p.as_posix() for f in listed for p in Path(f).parents}
    out += [f"{d}/" for d in dirs if d not in used and not any(
        f.startswith(d + "/") for f in files)]
    return out


def _user_files_error(out: Path, names: list[str]) -> NotAReportError:
    shown = ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10
                                     else "")
    if not _listed(out):
        return NotAReportError(
            f"out {str(out)!r} holds an hpforecast report whose marker does not list the "
            "files it wrote (an older version of hpforecast wrote it), so --force "
            "(force=True) cannot tell them from yours; nothing was changed. Move what you "
            f"want to keep and remove the folder yourself, or choose another folder "
            f"(files: {shown}).")
    return NotAReportError(
        f"out {str(out)!r} holds files that the earlier hpforecast report did not write: "
        f"{shown}. --force (force=True) replaces only the report's own, unchanged files "
        "and never deletes yours, so nothing was changed; move them out of the folder, or "
        "choose another folder.")


def _check_out(out: Path, force: bool) -> None:
    if out.is_symlink():
        raise ReportExistsError(f"out {str(out)!r} is a symbolic link; give the folder "
                                "itself, or another path.")
    if out.exists():
        if not out.is_dir():
            raise ReportExistsError(f"out {str(out)!r} exists and is not a folder; choose "
                                    "another path.")
        if not any(out.iterdir()):
            return
        if not (out / MARKER).is_file():
            raise NotAReportError(
                f"out {str(out)!r} already exists, is not empty and is not an hpforecast "
                f"report (it has no {MARKER} file); it was left untouched. Choose another "
                "folder, or a new one: --force (force=True) replaces only an earlier "
                "report or an empty folder.")
        if not force:
            raise ReportExistsError(f"out {str(out)!r} already exists and holds an "
                                    "hpforecast report; use --force (force=True) to replace "
                                    "it, or choose another folder.")
        if names := _not_written(out):
            raise _user_files_error(out, names)


def _umask() -> int:
    """The process's umask (set to 0 and restored at once: there is no getter)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _lock(folder: Path, *, wait: bool) -> int | None:
    """Take an exclusive lock (flock) on ``folder``: an open descriptor to close when done.

    -1 where locks are not available (no fcntl, or the folder cannot be opened); None
    when another process holds the lock and ``wait`` is False. The system releases the
    lock when its holder ends, however it ends.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return -1
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return -1
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        os.close(fd)
        return None
    return fd


@contextlib.contextmanager
def _locked(folder: Path):
    """Hold the lock on ``folder`` (the parent of the report) for the block."""
    fd = _lock(folder, wait=True)
    try:
        yield
    finally:
        if fd is not None and fd >= 0:
            os.close(fd)


def _new_partial(parent: Path, name: str) -> tuple[Path, int]:
    """A fresh, locked ``.<name>.partial-XXXXXXXX`` folder holding a marker at once."""
    while True:
        tmp = Path(tempfile.mkdtemp(prefix=f".{name}.partial-", dir=parent))
        fd = _lock(tmp, wait=False)
        if fd is None:
            continue  # another run's recovery took it first, and removes it
        try:
            ours = fd < 0 or os.path.samestat(os.fstat(fd), os.stat(tmp))
        except FileNotFoundError:
            ours = False  # removed by a recovery before we locked it
        if ours:
            (tmp / MARKER).write_text("hpforecast report, being written\n", encoding="utf-8")
            return tmp, fd
        os.close(fd)


def _ours(folder: Path) -> bool:
    """A folder hpforecast left: it holds a marker, or no file at all."""
    return (folder / MARKER).is_file() or not _walk(folder)[0]


def _complete(folder: Path) -> bool:
    """Every file the marker lists is there, unchanged."""
    listed = _listed(folder)
    return bool(listed) and all((folder / f).is_file() and _sha256(folder / f) == h
                                for f, h in listed.items())


def _remove_partial(folder: Path) -> None:
    """Delete an unfinished folder of this library, its marker last: cut short, what is
    left still holds the marker and is recognised (and finished) by the next run."""
    files = _walk(folder)[0]
    for f in [f for f in files if f != MARKER] + [MARKER]:
        with contextlib.suppress(OSError):
            os.remove(folder / f)
    _remove_empty_folders(folder)


def _remove_empty_folders(folder: Path) -> None:
    """Remove ``folder`` and the folders below it that hold nothing, deepest first."""
    for d in [*reversed(_walk(folder)[1]), "."]:
        with contextlib.suppress(OSError):
            os.rmdir(folder / d)


def _remove_report(folder: Path) -> list[str]:
    """Delete the files a replaced report's marker lists (if unchanged), the marker last,
    then its empty folders. Returns what was kept (none but a user's files)."""
    listed = _listed(folder)
    for f, digest in listed.items():
        path = folder / f
        if path.is_file() and not path.is_symlink() and _sha256(path) == digest:
            os.remove(path)
    if not [f for f in _walk(folder)[0] if f != MARKER]:
        with contextlib.suppress(FileNotFoundError):
            os.remove(folder / MARKER)
    _remove_empty_folders(folder)
    return _walk(folder)[0] if folder.exists() else []


def _recover(out: Path) -> None:
    """Clean up, or restore, what interrupted runs left next to ``out``; warn about it."""
    parent = out.parent
    if not parent.is_dir():
        return
    notes = []
    with _locked(parent):
        try:
            entries = sorted(parent.iterdir())
        except OSError:
            return
        mine = [p for p in entries if p.is_dir() and not p.is_symlink()]
        olds = [p for p in mine if p.name.startswith(f".{out.name}.old-")]
        olds.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for old in olds:  # installs run under the lock: every one seen here is left over
            if not _ours(old):
                notes.append(f"left {old.name} alone: it holds files hpforecast did not "
                             "write")
            elif not out.exists() and not out.is_symlink() and _complete(old):
                os.rename(old, out)  # first, so that the report is back at once
                notes.append(f"restored {out} from {old.name}, where an interrupted run "
                             "had moved it aside")
            else:
                kept = _remove_report(old)
                notes.append(f"removed {old.name}, a report an interrupted run had "
                             "replaced" + (f"; kept {', '.join(kept)} in it (not the "
                                           "report's)" if kept else ""))
        for p in [p for p in mine if p.name.startswith(f".{out.name}.partial-")]:
            fd = _lock(p, wait=False)
            if fd is None:
                continue  # a run is writing it now
            try:
                if not _ours(p):
                    notes.append(f"left {p.name} alone: it holds files hpforecast did not "
                                 "write")
                    continue
                _remove_partial(p)
                notes.append(f"removed {p.name}, an unfinished report left by an "
                             "interrupted run")
            finally:
                if fd >= 0:
                    os.close(fd)
    for note in notes:
        warnings.warn(f"hpforecast report: {note}.", ReportRecoveryWarning, stacklevel=3)


def _install(tmp: Path, out: Path, force: bool) -> None:
    """Move the finished folder into place; an old one is deleted only afterwards.

    Runs under the lock of the parent folder, so that installs and recoveries of the
    same folder never interleave.
    """
    with _locked(out.parent):
        _check_out(out, force)  # nothing new in the folder while the report was built
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}.old-{uuid.uuid4().hex[:8]}")
            os.rename(out, old)
            try:  # checked again now that nothing can be added to it under its name
                if names := _not_written(old):
                    raise _user_files_error(out, names)
            except BaseException:
                os.rename(old, out)
                raise
        try:
            os.rename(tmp, out)
        except BaseException:
            if old is not None:
                os.rename(old, out)
            raise
        if old is not None and (kept := _remove_report(old)):
            warnings.warn(f"hpforecast report: kept {', '.join(kept)} in {old}, which the "
                          "earlier report did not write.", ReportRecoveryWarning,
                          stacklevel=3)


def write_report(
    out: str | os.PathLike,
    *,
    scenarios: Sequence[Any] | None = None,
    scenario_file: str | os.PathLike | None = None,
    lang: str = "en",
    n_paths: int | None = None,
    seed: int | None = None,
    force: bool = False,
    command: str | None = None,
) -> Path:
    """Write the report folder: charts (PNG 300 dpi and SVG), tables, ``report.md``.

    Parameters
    ----------
    out : path
        The report folder. It must not exist or be empty, unless ``force=True``.
    scenarios : sequence of Scenario, optional
        The scenarios to report, the first one being the main one (fan charts, outcome
        distributions). Default: ``scenario_file`` if given, else the ready-made
        :func:`~hpforecast.scenarios.plan`, :func:`~hpforecast.scenarios.trend` and
        :func:`~hpforecast.scenarios.plan_adjusted`.
    scenario_file : path, optional
        A scenario TOML file (its ``[simulation]`` table gives defaults for ``n_paths``
        and ``seed``).
    lang : {"en", "vi"}, default "en"
        Language of ``report.md`` and of every chart.
    n_paths : int, optional
        Paths per scenario (default: the file's setting, else 100,000).
    seed : int, optional
        Seed, the same for every scenario (default: the file's setting, else 2030).
    force : bool, default False
        Replace an existing report folder (one holding the marker file
        ``.hpforecast-report`` that every report has). A non-empty folder without it is
        never replaced, nor one holding any file the earlier report did not write or
        that was changed since (they are named in the error).
    command : str, optional
        The command line to print in the reproducibility section (default: the
        ``hpforecast report`` command that reproduces the report, with
        ``--scenario`` when ``scenario_file`` was given).

    Returns
    -------
    pathlib.Path
        The report folder.

    Raises
    ------
    ReportExistsError
        If ``out`` exists, is not empty and ``force`` is False (or is a file).
    NotAReportError
        (a ReportExistsError) If ``out`` holds files but is not an hpforecast report, or
        holds files its report did not write, with or without ``force``; the folder is
        left untouched.
    ValueError, TypeError
        For a bad scenario file or argument. Nothing is written.
    OSError
        If writing fails (a full disk); ``out`` is left as it was.

    Warns
    -----
    ReportRecoveryWarning
        When an interrupted earlier run had left an unfinished folder (removed) or the
        old report moved aside (put back, or removed when the new one was in place).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import hpforecast as hpf
    >>> from hpforecast.report import write_report
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "report"
    >>> path = write_report(folder, scenarios=[hpf.scenarios.plan()], n_paths=500, seed=1)
    >>> (path / "report.md").exists(), (path / "charts" / "fan_grdp_real.png").exists()
    (True, True)
    """
    from . import _validation as V

    lang = L.check_lang(lang)
    if not isinstance(out, (str, os.PathLike)):
        raise TypeError(f"out must be a path; got {type(out).__name__}.")
    out = Path(out).expanduser().absolute()
    V.check_bool(force, "force")
    _recover(out)
    _check_out(out, force)
    scs, settings = _scenarios_to_report(scenarios, scenario_file)
    n_paths = V.check_int(n_paths if n_paths is not None
                          else settings.get("n_paths", DEFAULT_PATHS), "n_paths", low=1)
    seed = V.check_int(seed if seed is not None else settings.get("seed", DEFAULT_SEED),
                       "seed", low=0)
    sampler = settings.get("sampler", "mc")
    _write_atomically(out, force, lambda tmp: _build(
        tmp, scs, lang=lang, n_paths=n_paths, seed=seed, sampler=sampler, command=command,
        scenario_file=scenario_file, api_scenarios=scenarios is not None))
    return out


def _write_atomically(out: Path, force: bool, build: Callable[[Path], None]) -> None:
    """Build the report into a fresh, locked folder next to ``out``, then install it.

    On any failure (or Ctrl-C) the unfinished folder and the parent folders this run
    created are removed: ``out`` is left as it was.
    """
    parent = out.parent
    created: list[Path] = []
    tmp, fd = None, -1
    try:
        # Parent folders this run creates are removed again if it fails.
        for p in reversed([parent, *parent.parents]):
            if not p.exists():
                p.mkdir()
                created.append(p)
        # Locked while this run writes it, so that other runs' recovery leaves it alone.
        tmp, fd = _new_partial(parent, out.name)
        # mkdtemp makes a private folder (0700); the report gets the usual permissions.
        os.chmod(tmp, 0o777 & ~_umask())
        build(tmp)
        _install(tmp, out, force)
    except BaseException:
        if tmp is not None and tmp.exists():
            _remove_partial(tmp)
        for p in reversed(created):
            try:
                p.rmdir()
            except OSError:
                pass
        raise
    finally:
        if fd is not None and fd >= 0:
            os.close(fd)


def _scenarios_to_report(scenarios, scenario_file) -> tuple[list, dict]:
    """(the scenarios, checked, the main one first; the file's ``[simulation]`` settings)."""
    from . import scenarios as ready
    from .scenario import Scenario

    settings: dict = {}
    if scenario_file is not None:
        sc, settings = Scenario.from_toml(Path(scenario_file), with_settings=True)
        scs = [sc] if scenarios is None else [sc, *scenarios]
    elif scenarios is None:
        scs = [ready.plan(), ready.trend(), ready.plan_adjusted()]
    else:
        scs = list(scenarios)
    if not scs:
        raise ValueError("scenarios is empty; give at least one Scenario.")
    for i, sc in enumerate(scs):
        if not isinstance(sc, Scenario):
            raise TypeError(f"scenarios[{i}] must be a Scenario; got {type(sc).__name__}.")
    names = [sc.name for sc in scs]
    if len(set(names)) != len(names):
        raise ValueError(f"scenario names must differ; got {names}.")
    return scs, settings


# -- 1. compute: the report's data ------------------------------------------------------------
@dataclass(frozen=True)
class _ReportData:
    """Everything the report shows, computed once: its charts and ``report.md`` are drawn
    from it and compute nothing.

    ``probabilities`` is the table of :func:`hpforecast.probability_table` (with each
    target's description in ``lang``), None when no target falls in the simulated years;
    ``head`` are the headline targets, with ``joints`` (scenario → joint probability),
    ``by_year`` (one table of the main simulation per headline target) and
    ``sensitivity``; ``fans`` the fan charts to draw, (indicator, growth), with the end
    year's 5 %, 50 % and 95 % quantiles in ``fan_quantiles``; ``tables`` every table of
    the folder, in the order written.
    """

    scenarios: list
    sims: list
    lang: str
    n_paths: int
    seed: int
    sampler: str
    now: _dt.datetime
    command: str | None
    scenario_file: str | os.PathLike | None
    api_scenarios: bool
    history: pd.DataFrame
    year: int
    table_targets: list
    head: list
    probabilities: pd.DataFrame | None
    joints: dict
    by_year: list
    sensitivity: pd.DataFrame | None
    record: pd.DataFrame
    fans: list
    fan_quantiles: list
    run: dict
    tables: dict

    @property
    def main(self):
        """The main simulation: of the first scenario."""
        return self.sims[0]

    def label(self, name: str) -> str:
        """A scenario's name as the report shows it (the ready-made ones translated)."""
        return L.scenario_label(name, self.lang)

    def probabilities_of(self, name: str) -> pd.DataFrame:
        """The probability table of one scenario, indexed by target."""
        table = self.probabilities.xs(name, level="scenario")
        table.attrs = {"scenario": name, "seed": self.seed, "n_paths": self.n_paths,
                       "sampler": self.sampler}
        return table


def _report_targets(sim) -> tuple[int, list, list]:
    """(year, targets of the probability table, headline targets) of the main simulation.

    The table holds every evaluable official target of the headline year; the headline,
    those of them that stand for the simulated boundary (or, when none does, every
    simulated one), one per condition.
    """
    from .targets import distinct_targets, headline_targets, headline_year, load_targets

    sc, official = sim.scenario, load_targets()
    year = headline_year(official, sc.base_year + 1, sc.end_year)
    table = list(official.filter(year=year, evaluable=True))
    simulated = [t for t in table if t.indicator in sim.indicators]  # others: not evaluable
    head = headline_targets(simulated, sc.boundary, year) or distinct_targets(simulated)
    return year, table, head


def _compute(scs, *, lang: str, n_paths: int, seed: int, sampler: str,
             command: str | None, scenario_file, api_scenarios: bool) -> _ReportData:
    """Simulate the scenarios and compute every table and number the report shows."""
    from .data import load_history, plan_record
    from .simulation import simulate
    from .whatif import probability_table
    from .whatif import tornado as what_if_tornado

    now = _dt.datetime.now(_dt.UTC).replace(microsecond=0)
    sims = [simulate(sc, n_paths=n_paths, seed=seed, sampler=sampler) for sc in scs]
    main = sims[0]
    year, table_targets, head = _report_targets(main)
    tables = {"assumptions": _assumptions_table(scs), "bands": _bands_table(sims)}
    probs = None
    if table_targets:
        probs = probability_table(sims, table_targets)
        probs.insert(0, "description", [L.describe_target(t, lang) for t in table_targets]
                     * len(sims))
        tables["probabilities"] = probs
    joints, by_year, sens = {}, [], None
    if head:
        joints = {s.scenario.name: s.joint_probability(head) for s in sims}
        tables["joint"] = _joint_table(joints, head)
        by_year = [main.probability_by_year(t) for t in head]
        tables["probability_by_year"] = _by_year_table(by_year, head, main.scenario.name)
        sens = what_if_tornado(main.scenario, head, n_paths=min(n_paths, SENSITIVITY_PATHS),
                               seed=seed)
        tables["sensitivity"] = sens
    record = plan_record("grdp_growth_real")
    tables["plan_record"] = record
    fans = [(i, g) for i in KEY_INDICATORS if i in main.indicators
            for g in ((False, True) if i == "grdp_real" else (False,))]
    fan_quantiles = [tuple(main.quantiles(i, [0.05, 0.5, 0.95], growth=g).iloc[-1])
                     for i, g in fans]
    run = {"date_utc": now.isoformat(), "n_paths": n_paths, "seed": seed,
           "sampler": sampler, "scenarios": ", ".join(s.name for s in scs),
           "language": lang, "command": command or "",
           **{f"version_{k}": v for k, v in _versions().items()}}
    tables["run"] = pd.DataFrame({"value": [str(v) for v in run.values()]},
                                 index=pd.Index(list(run), name="item"))
    return _ReportData(
        scenarios=list(scs), sims=sims, lang=lang, n_paths=n_paths, seed=seed,
        sampler=sampler, now=now, command=command, scenario_file=scenario_file,
        api_scenarios=api_scenarios, history=load_history(), year=year,
        table_targets=table_targets, head=head, probabilities=probs, joints=joints,
        by_year=by_year, sensitivity=sens, record=record, fans=fans,
        fan_quantiles=fan_quantiles, run=run, tables=tables)


def _joint_table(joints: dict, head: list) -> pd.DataFrame:
    rows = []
    for name, j in joints.items():
        j = j.reset_index(drop=True)
        j.insert(0, "targets", " & ".join(t.name for t in head))
        j.insert(0, "scenario", name)
        rows.append(j)
    return pd.concat(rows, ignore_index=True).set_index("scenario")


def _by_year_table(by_year: list, head: list, scenario: str) -> pd.DataFrame:
    frames = []
    for t, table in zip(head, by_year):
        py = table.reset_index()
        py.insert(0, "target", t.name)
        py.insert(0, "scenario", scenario)
        frames.append(py)
    return pd.concat(frames, ignore_index=True).set_index(["scenario", "target", "year"])


def _growth_runs(sc) -> list[tuple[str, int, int, Any]]:
    """(driver, first year, last year, distribution) for each run of consecutive years
    with the same growth distribution, driver by driver."""
    runs = []
    for drv, spec in sc.growth.items():
        items = list(spec.items())
        start = 0
        while start < len(items):
            end = start
            while end + 1 < len(items) and items[end + 1][1] == items[start][1]:
                end += 1
            runs.append((drv, items[start][0], items[end][0], items[start][1]))
            start = end + 1
    return runs


def _dist_row(d) -> tuple[str, float, float]:
    info = d.to_dict() if hasattr(d, "to_dict") else {"dist": "fixed"}
    kind = info.get("dist", "fixed")
    if getattr(d, "is_degenerate", False):
        kind = "fixed"
    return kind, float(d.mean), float(getattr(d, "std", 0.0))


def _assumptions_table(scs) -> pd.DataFrame:
    rows = []
    for sc in scs:
        for drv, first, last, d in _growth_runs(sc):
            kind, mean, sd = _dist_row(d)
            params = d.to_dict() if hasattr(d, "to_dict") else {}
            rows.append({"scenario": sc.name, "kind": "growth", "item": drv,
                         "year_from": first, "year_to": last,
                         "distribution": kind, "mean": mean, "sd": sd,
                         "value": np.nan,
                         "detail": ", ".join(f"{k}={v}" for k, v in params.items()
                                             if k != "dist")})
        pers = sc.persistence
        if isinstance(pers, (int, float)):
            rows.append({"scenario": sc.name, "kind": "persistence", "item": "all drivers",
                         "value": float(pers)})
        else:
            for drv, v in dict(pers).items():
                rows.append({"scenario": sc.name, "kind": "persistence", "item": drv,
                             "value": float(v) if isinstance(v, (int, float)) else np.nan,
                             "detail": "" if isinstance(v, (int, float)) else str(dict(v))})
        for (a, b), r in dict(sc.correlation).items():
            rows.append({"scenario": sc.name, "kind": "correlation", "item": f"{a} ~ {b}",
                         "value": float(r)})
        for k, v in dict(sc.base_values).items():
            rows.append({"scenario": sc.name, "kind": "base_value", "item": k,
                         "year_from": sc.base_year, "year_to": sc.base_year,
                         "value": float(v)})
        for k, v in dict(sc.buoyancy).items():
            rows.append({"scenario": sc.name, "kind": "buoyancy", "item": k,
                         "value": float(v)})
        rows.append({"scenario": sc.name, "kind": "description", "item": "description",
                     "detail": sc.description})
    cols = ["scenario", "kind", "item", "year_from", "year_to", "distribution", "mean",
            "sd", "value", "detail"]
    table = pd.DataFrame(rows).reindex(columns=cols)
    for c in ("year_from", "year_to"):
        table[c] = table[c].astype("Int64")
    return table.set_index(["scenario", "kind", "item"])


def _bands_table(sims) -> pd.DataFrame:
    from .data import unit_of

    frames = []
    for sim in sims:
        for ind in sim.indicators:
            q = sim.quantiles(ind, BAND_QUANTILES)
            q.columns = [f"p{round(100 * x):02d}" for x in BAND_QUANTILES]
            q.insert(0, "mean", sim.paths(ind).mean(axis=0))
            q.insert(0, "unit", unit_of(ind))
            q.insert(0, "indicator", ind)
            q.insert(0, "scenario", sim.scenario.name)
            frames.append(q.reset_index())
    return pd.concat(frames, ignore_index=True).set_index(["scenario", "indicator", "year"])


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("hpforecast", "numpy", "pandas", "scipy", "statsmodels", "matplotlib",
                "openpyxl"):
        try:
            out[pkg] = importlib.metadata.version(pkg)
        except importlib.metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


# -- 2. draw: every chart from the data -----------------------------------------------------
@dataclass
class _Charts:
    """The names of the charts drawn (``charts/<name>.png`` and ``.svg``), by section."""

    fans: list = field(default_factory=list)           # (indicator, growth, name)
    probabilities: str | None = None
    outcomes: list = field(default_factory=list)       # one per headline target
    by_year: list = field(default_factory=list)        # one per headline target
    comparisons: list = field(default_factory=list)
    tornadoes: list = field(default_factory=list)      # one per headline target
    spaghetti: str | None = None
    record: str = ""


class _Builder:
    """Draws the report's charts into ``folder``, one file pair at a time."""

    def __init__(self, folder: Path):
        self.folder = folder

    def chart(self, name: str, draw: Callable[[Any], Any],
              figsize: tuple[float, float] = _FIGSIZE) -> str:
        """Draw on a new Figure (never pyplot); save ``<name>.png`` and ``.svg``."""
        from matplotlib.figure import Figure

        fig = Figure(figsize=figsize, layout="constrained")
        draw(fig.add_subplot())
        # "tight" keeps legends placed outside the Axes inside the saved image.
        fig.savefig(self.folder / f"{name}.png", dpi=_PNG_DPI, bbox_inches="tight",
                    pad_inches=0.1)
        fig.savefig(self.folder / f"{name}.svg", metadata={"Date": None},
                    bbox_inches="tight", pad_inches=0.1)
        fig.clear()
        return name


def _draw(data: _ReportData, folder: Path) -> _Charts:
    """Every chart of the report, from ``data`` (nothing is computed again)."""
    from . import plot
    from .targets import TargetSet

    lang, main, head = data.lang, data.main, data.head
    probs = None if data.probabilities is None else data.probabilities_of(
        main.scenario.name)
    charts, b = _Charts(), _Builder(folder)
    for ind, growth in data.fans:
        charts.fans.append((ind, growth, b.chart(
            "fan_grdp_growth" if growth else f"fan_{ind}",
            lambda ax, ind=ind, growth=growth: plot.fan_chart(
                main, ind, history=data.history, targets=TargetSet(data.table_targets),
                probabilities=probs, growth=growth, lang=lang, ax=ax))))
    if probs is not None and head:
        ptab = probs.loc[[t.name for t in head]]
        charts.probabilities = b.chart("probabilities", lambda ax: plot.probability_chart(
            ptab, joint=data.joints.get(main.scenario.name), lang=lang, ax=ax),
            figsize=(9.0, 5.6))
    for t, by_year in zip(head, data.by_year):
        charts.outcomes.append(b.chart(
            f"outcome_{_slug(t.name)}", lambda ax, t=t: plot.outcome_distribution(
                main, t, probabilities=probs, lang=lang, ax=ax)))
        charts.by_year.append(b.chart(
            f"by_year_{_slug(t.name)}", lambda ax, t=t, by_year=by_year:
            plot.probability_by_year(main, t, table=by_year, lang=lang, ax=ax)))
    if len(data.sims) > 1:
        named = {data.label(s.scenario.name): s for s in data.sims}
        for ind in [i for i in ("grdp_real", "port_cargo", "grdp_per_capita_usd")
                    if all(i in s.indicators for s in data.sims)]:
            charts.comparisons.append(b.chart(
                f"scenarios_{ind}", lambda ax, ind=ind: plot.scenario_comparison(
                    named, ind, lang=lang, ax=ax)))
    if data.sensitivity is not None:
        for t in head:
            charts.tornadoes.append(b.chart(
                f"sensitivity_{_slug(t.name)}", lambda ax, t=t: plot.tornado(
                    data.sensitivity, target=t.name, lang=lang, ax=ax), figsize=(9.0, 5.6)))
    if "grdp_real" in main.indicators:
        charts.spaghetti = b.chart("spaghetti_grdp_real", lambda ax: plot.spaghetti(
            main, "grdp_real", n=min(20, main.n_paths), history=data.history, lang=lang,
            ax=ax))
    charts.record = b.chart("plan_record_grdp_growth_real", lambda ax: plot.plan_record_chart(
        data.record, indicator="grdp_growth_real", lang=lang, ax=ax))
    return charts


# -- 3. write: report.md, a pure function of the data -----------------------------------------
def _markdown(data: _ReportData, charts: _Charts, *, workbook: bool) -> str:
    """The text of ``report.md`` in ``data.lang``: a pure function of its arguments."""
    from . import __version__

    lang = data.lang
    sections = [L.text(k, lang, year=data.year) for k in (
        "s_assumptions", "s_headline", "s_fans", "s_outcomes", "s_by_year", "s_scenarios",
        "s_sensitivity", "s_spaghetti", "s_record", "s_repro")]
    md = [f"# {L.text('report_title', lang)}", "",
          L.text("report_intro", lang, version=__version__, date=data.now.date().isoformat(),
                 n_paths=L.fmt_number(data.n_paths, lang), seed=data.seed), "",
          f"**{L.text('contents', lang)}:** " + " · ".join(
              f"{i}. {s}" for i, s in enumerate(sections, 1)), ""]
    main = data.label(data.main.scenario.name)
    parts = (_md_assumptions(data), _md_headline(data, charts, sections[1]),
             _md_fans(data, charts),
             _md_per_target(data, L.text("outcomes_intro", lang, scenario=main),
                            charts.outcomes),
             _md_per_target(data, L.text("by_year_intro", lang, scenario=main),
                            charts.by_year),
             _md_scenarios(data, charts, sections[5]), _md_sensitivity(data, charts),
             _md_spaghetti(data, charts, sections[7]), _md_record(data, charts, sections[8]),
             _md_repro(data, workbook))
    for i, (title, part) in enumerate(zip(sections, parts), 1):
        md += [f"## {i}. {title}", "", *part]
    return "\n".join(md)


def _img(name: str, alt: str, lang: str) -> list[str]:
    return [f"![{alt}](charts/{name}.png)", "", f"[{L.text('svg', lang)}](charts/{name}.svg)",
            ""]


def _md_assumptions(data: _ReportData) -> list[str]:
    from .scenarios import description_vi

    lang = data.lang
    md = [L.text("assumptions_intro", lang), ""]
    for sc in data.scenarios:
        md += [f"### {data.label(sc.name)} (`{sc.name}`)", ""]
        text = (description_vi(sc) or sc.description) if lang == "vi" else sc.description
        if text:
            md += [f"> {text}", ""]
        rows = []
        for drv, first, last, d in _growth_runs(sc):
            kind, mean, sd = _dist_row(d)
            rows.append([L.indicator_name(drv, lang) + f" (`{drv}`)",
                         f"{first}–{last}" if last != first else f"{first}", kind,
                         L.fmt_number(100 * mean, lang, 2), L.fmt_number(100 * sd, lang, 2)])
        md += _md_table([L.text(k, lang) for k in ("col_driver", "col_years",
                                                    "col_distribution", "col_mean",
                                                    "col_sd")], rows) + [""]
        corr = "; ".join(f"{a} ~ {b}: {L.fmt_number(r, lang)}"
                         for (a, b), r in dict(sc.correlation).items()) or L.text("none", lang)
        md += [L.text("dependence", lang, pers=_fmt_persistence(sc.persistence, lang),
                      corr=corr), ""]
        if sc.base_values:
            md += [L.text("base_values", lang, items=", ".join(
                f"{L.indicator_name(k, lang)} = {L.fmt_value(v, '', lang, indicator=k)}"
                for k, v in dict(sc.base_values).items())), ""]
        if sc.buoyancy:
            md += [L.text("buoyancy", lang, items=", ".join(
                f"{L.indicator_name(k, lang)}: {L.fmt_number(v, lang)}"
                for k, v in dict(sc.buoyancy).items())), ""]
    return md


def _md_headline(data: _ReportData, charts: _Charts, title: str) -> list[str]:
    lang, main = data.lang, data.main.scenario
    if not data.table_targets:
        return [L.text("no_targets", lang, a=main.base_year + 1, b=main.end_year), ""]
    md = [L.text("headline_intro", lang), ""]
    header = [L.text(k, lang) for k in ("col_target", "col_id", "col_boundary")]
    header += [data.label(s.scenario.name) for s in data.sims] + [L.text("col_note", lang)]
    rows = []
    for t in data.table_targets:
        cells = []
        for s in data.sims:
            r = data.probabilities.loc[(s.scenario.name, t.name)]
            if not bool(r["evaluable"]):
                cells.append(L.text("not_evaluable", lang))
            else:
                cells.append(f"{L.fmt_percent(r['probability'], lang)} "
                             f"({L.fmt_percent(r['ci_low'], lang)}–"
                             f"{L.fmt_percent(r['ci_high'], lang)})")
        note = data.probabilities.loc[(main.name, t.name), "note"]
        rows.append([L.describe_target(t, lang), f"`{t.name}`",
                     L.boundary_name(t.boundary, lang), *cells,
                     note if isinstance(note, str) else ""])
    md += _md_table(header, rows) + [""]
    if data.joints:
        cells = ", ".join(f"{data.label(n)} {L.fmt_percent(j.iloc[0]['probability'], lang)}"
                          for n, j in data.joints.items())
        md += [L.text("joint", lang, targets=", ".join(f"`{t.name}`" for t in data.head),
                      cells=cells), ""]
    if charts.probabilities:
        md += _img(charts.probabilities, title, lang) + [L.text("prob_chart_caption", lang),
                                                          ""]
    return md


def _md_fans(data: _ReportData, charts: _Charts) -> list[str]:
    from .data import unit_of

    lang, sc = data.lang, data.main.scenario
    md = [L.text("fans_intro", lang, scenario=data.label(sc.name),
                 boundary=L.boundary_name(sc.boundary, lang)), ""]
    for (ind, growth, name), (lo, med, hi) in zip(charts.fans, data.fan_quantiles):
        md += _img(name, L.indicator_name(ind, lang), lang)
        title = L.growth_name(ind, lang) if growth else L.indicator_name(ind, lang)
        if growth or L.is_fraction_unit(unit_of(ind)):
            cap = {"median": L.fmt_percent(med, lang), "lo": L.fmt_number(100 * lo, lang, 1),
                   "hi": L.fmt_percent(hi, lang)}
        else:
            unit = L.indicator_unit(ind, lang)
            cap = {"median": f"{L.fmt_number(_round3(med), lang)} {unit}",
                   "lo": L.fmt_number(_round3(lo), lang),
                   "hi": f"{L.fmt_number(_round3(hi), lang)} {unit}"}
        md += [L.text("fan_caption", lang, name=title, year=sc.end_year, **cap), ""]
    return md


def _md_per_target(data: _ReportData, intro: str, names: list[str]) -> list[str]:
    """The section's introduction, then its chart of each headline target."""
    md = [intro, ""]
    for t, name in zip(data.head, names):
        md += _img(name, L.describe_target(t, data.lang), data.lang)
    return md


def _md_scenarios(data: _ReportData, charts: _Charts, title: str) -> list[str]:
    if not charts.comparisons:
        return [L.text("one_scenario", data.lang), ""]
    md = [L.text("scenarios_intro", data.lang), ""]
    for name in charts.comparisons:
        md += _img(name, title, data.lang)
    return md


def _md_sensitivity(data: _ReportData, charts: _Charts) -> list[str]:
    lang, sc = data.lang, data.main.scenario
    if not charts.tornadoes:
        return [L.text("no_targets", lang, a=sc.base_year + 1, b=sc.end_year), ""]
    return _md_per_target(data, L.text(
        "sensitivity_intro", lang, scenario=data.label(sc.name),
        n_paths=L.fmt_number(min(data.n_paths, SENSITIVITY_PATHS), lang)), charts.tornadoes)


def _md_spaghetti(data: _ReportData, charts: _Charts, title: str) -> list[str]:
    if not charts.spaghetti:
        return []
    return [L.text("spaghetti_intro", data.lang), ""] + _img(charts.spaghetti, title,
                                                             data.lang)


def _md_record(data: _ReportData, charts: _Charts, title: str) -> list[str]:
    return [L.text("record_intro", data.lang), ""] + _img(charts.record, title, data.lang)


def _md_repro(data: _ReportData, workbook: bool) -> list[str]:
    lang, command = data.lang, data.command
    md = []
    if command or not data.api_scenarios or data.scenario_file is not None:
        md += [L.text("repro_intro", lang), "", "```",
               command or _default_command(lang, data.n_paths, data.seed, data.scenario_file),
               "```", ""]
    if data.api_scenarios and not command:
        # Scenarios built in Python have no file of their own: point to their copies.
        rest = data.scenarios[1:] if data.scenario_file is not None else data.scenarios
        md += [L.text("repro_api", lang), "", "```"]
        for sc in rest:
            toml = f"scenarios/{_slug(sc.name)}.toml"
            md += [shlex.join(["hpforecast", "run", toml]),
                   _default_command(lang, data.n_paths, data.seed, toml)]
        md += ["```", ""]
    md += _md_table([L.text("run_key", lang), L.text("run_value", lang)],
                    [[k, f"`{v}`" if v else ""] for k, v in data.run.items()
                     if k != "command"])
    md += ["", L.text("svg_note", lang), "",
           L.text("workbook" if workbook else "no_workbook", lang), "",
           L.text("tables_list", lang), ""]
    md += [f"- `tables/{n}.csv`: {L.text(f'table_{n}', lang)}" for n in data.tables]
    return md + [""]


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    def cell(x: Any) -> str:
        return str(x).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(map(cell, header)) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(map(cell, r)) + " |" for r in rows]
    return lines


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)


# -- the whole build -----------------------------------------------------------------------
def _build(root: Path, scs, *, lang: str, n_paths: int, seed: int, sampler: str,
           command: str | None, scenario_file: str | os.PathLike | None = None,
           api_scenarios: bool = False) -> None:
    """Compute, draw and write the report into the (new, empty) folder ``root``."""
    from .scenario_io import scenario_to_toml

    with warnings.catch_warnings():
        # Boundary notes (old-city targets on merged-city paths, records read from
        # another boundary) go into the tables' notes; every other warning (floored
        # growth, precision) still reaches the user.
        warnings.simplefilter("ignore", BoundaryWarning)
        data = _compute(scs, lang=lang, n_paths=n_paths, seed=seed, sampler=sampler,
                        command=command, scenario_file=scenario_file,
                        api_scenarios=api_scenarios)
        for sub in ("charts", "tables", "scenarios"):
            (root / sub).mkdir()
        for sc in scs:
            (root / "scenarios" / f"{_slug(sc.name)}.toml").write_text(
                scenario_to_toml(sc, settings={"n_paths": n_paths, "seed": seed,
                                               "sampler": sampler}), encoding="utf-8")
        for name, frame in data.tables.items():
            frame.to_csv(root / "tables" / f"{name}.csv", encoding="utf-8")
        charts = _draw(data, root / "charts")
    workbook = _write_workbook(root / "report.xlsx", data.tables)
    (root / "report.md").write_text(_markdown(data, charts, workbook=workbook),
                                    encoding="utf-8")
    _write_marker(root, data.now.isoformat())
    if not workbook:
        print("hpforecast: note: report.xlsx was not written because openpyxl is not "
              "installed; pip install \"hpforecast[excel]\" to get it (the tables are in "
              "tables/*.csv).", file=sys.stderr)


def _round3(v: float) -> float:
    """Three significant figures for captions (476,170 → 476,000)."""
    if v == 0 or not np.isfinite(v):
        return v
    digits = 3 - int(np.floor(np.log10(abs(v)))) - 1
    return float(round(v, digits))


def _fmt_persistence(pers: Any, lang: str) -> str:
    """Persistence in the language's number format: one value, or per driver (and year)."""
    def one(v: Any) -> str:
        if isinstance(v, Mapping):
            return "(" + ", ".join(f"{k}: {L.fmt_number(x, lang)}" for k, x in v.items()) + ")"
        return L.fmt_number(v, lang)

    if isinstance(pers, Mapping):
        return "; ".join(f"{k}: {one(v)}" for k, v in pers.items())
    return one(pers)


def _default_command(lang: str, n_paths: int, seed: int,
                     scenario_file: str | os.PathLike | None = None) -> str:
    """The ``hpforecast report`` command that writes this report again (quoted for a shell)."""
    words = ["hpforecast", "report", "--out", "DIR"]
    if scenario_file is not None:
        words += ["--scenario", os.fspath(scenario_file)]
    words += ["--paths", str(n_paths), "--seed", str(seed)]
    if lang != "en":
        words += ["--lang", lang]
    return shlex.join(words)


def _write_workbook(path: Path, tables: dict[str, pd.DataFrame]) -> bool:
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        return False
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        for name, frame in tables.items():
            frame.to_excel(xw, sheet_name=name[:31])
    return True
