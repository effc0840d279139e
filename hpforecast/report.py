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
import math
import os
import platform
import re
import shlex
import sys
import tempfile
import uuid
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from . import _i18n as L
from . import _validation as V
from ._warnings import BoundaryWarning, ReportRecoveryWarning, ShortSampleWarning

__all__ = ["write_report", "ReportExistsError", "NotAReportError", "ReportRecoveryWarning",
           "KEY_INDICATORS", "DEFAULT_PATHS", "DEFAULT_SEED", "MARKER", "TRUST_EVALUATION"]

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
    progress: bool | None = None,
    nowcast: Mapping[str, float] | bool | None = None,
) -> Path:
    """Write the report folder: charts (PNG 300 dpi and SVG), tables, ``report.md``.

    Parameters
    ----------
    out : path
        The report folder. It must not exist or be empty, unless ``force=True``.
    scenarios : sequence of Scenario, optional
        The scenarios to report, the first one being the main one (fan charts, outcome
        distributions). Default: ``scenario_file`` if given, else the ready-made
        scenarios of :data:`hpforecast.scenarios.READY_MADE` (plan, trend,
        plan_adjusted and the outside view).
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
    progress : bool or None, default None
        A progress bar while the report is computed and drawn (None: only when standard
        error is a terminal or in a notebook; see :mod:`hpforecast.progress`).
    nowcast : dict, None or False, default None
        This year's partial-year figures for the first simulated year (2026 for the
        ready-made scenarios): period → cumulative real GRDP growth so far over the same
        months a year before, a fraction, like ``{"H1": 0.118}`` (periods ``"Q1"``,
        ``"H1"``, ``"9M"``; the latest one given is used), as :func:`hpforecast.nowcast`
        takes them. None: the latest embedded release for that year and the main
        scenario's territory (:func:`hpforecast.load_partial_year`), if there is one.
        False: none. With a figure, the section "What this year's releases so far
        change" shows the year's nowcast, the chance of its annual plan, what the rest of
        the year must deliver, and every scenario's probabilities before and after (the
        same paths and seed, :meth:`hpforecast.Nowcast.update`); without, it says how to
        add one.

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
        For a bad scenario file or argument (``nowcast`` not a dict of periods to growth
        fractions, or given for a main scenario without a real GRDP growth assumption
        starting in that year). Nothing is written.
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
    nowcast = _check_nowcast(nowcast)
    if nowcast and not _nowcast_applies(scs[0], scs[0].base_year + 1):
        raise ValueError(f"nowcast: the main scenario {scs[0].name!r} has no growth "
                         "assumption of real GRDP ('grdp_real') starting in "
                         f"{scs[0].base_year + 1}, so {nowcast!r} cannot update it; give "
                         "nowcast=None or a scenario that simulates it.")
    _write_atomically(out, force, lambda tmp: _build(
        tmp, scs, lang=lang, n_paths=n_paths, seed=seed, sampler=sampler, command=command,
        scenario_file=scenario_file, api_scenarios=scenarios is not None,
        progress=progress, nowcast=nowcast))
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
        scs = [getattr(ready, name)() for name in ready.READY_MADE]
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

    ``probabilities`` is the table of :func:`hpforecast.probability_table` for every
    evaluable official target of the headline year (with each target's description in
    ``lang``), None when no target falls in the simulated years; ``head`` the headline
    targets (the simulated territory's, one per condition) with the documents that set
    each (``documents``), ``others`` the targets of that year set for another territory
    (Annex B), ``joints`` (scenario → joint probability of the headline), ``by_year``
    (one table of the main simulation per headline target), ``curves`` (per headline
    target: the probability curve, the growth needed for 50 % and 80 %, each scenario's
    assumption and probability), ``sensitivity`` (one at a time, on the headline's paths)
    and ``shapley`` (target → Shapley effects); ``fans`` the fan charts to draw,
    (indicator, growth), with the end year's 5 %, 50 % and 95 % quantiles in
    ``fan_quantiles``; ``register`` every target of the simulated years; ``facts`` the
    numbers of the limitations box; ``tables`` every table of the folder, in order.
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
    documents: dict
    others: list
    probabilities: pd.DataFrame | None
    notes: dict
    joints: dict
    by_year: list
    curves: list
    sensitivity: pd.DataFrame | None
    shapley: dict
    record: pd.DataFrame
    assumed_sd: dict
    fans: list
    fan_quantiles: list
    register: pd.DataFrame
    facts: dict
    mc_points: float
    run: dict
    tables: dict
    trust: _Trust | None = None
    nowcast: _NowcastData | None = None

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

    def probability(self, scenario: str, target: str) -> float:
        """One probability (NaN when not evaluable)."""
        r = self.probabilities.loc[(scenario, target)]
        return float(r["probability"]) if bool(r["evaluable"]) else math.nan


def _condition(t) -> tuple:
    return (t.indicator, t.measure, t.start, t.year, t.comparison, t.threshold)


def _report_targets(sim) -> tuple[int, list, list, dict, list]:
    """(year, targets of the probability table, headline targets, the documents of each
    headline target, the targets of that year set for another territory).

    The table holds every evaluable official target of the headline year; the headline,
    those of them that stand for the simulated territory (or, when none does, every
    simulated one), one per condition, each naming every document that sets it.
    """
    from .targets import (STANDING, distinct_targets, headline_targets, headline_year,
                          load_targets)

    sc, official = sim.scenario, load_targets()
    year = headline_year(official, sc.base_year + 1, sc.end_year)
    table = list(official.filter(year=year, evaluable=True))
    simulated = [t for t in table if t.indicator in sim.indicators]  # others: not evaluable
    head = headline_targets(simulated, sc.boundary, year) or distinct_targets(simulated)
    docs: dict[str, list[str]] = {t.name: [] for t in head}
    by_condition = {_condition(t): t.name for t in head}
    for t in table:
        name = by_condition.get(_condition(t))
        if name and t.boundary in (None, sc.boundary) and t.status in STANDING \
                and t.document and t.document not in docs[name]:
            docs[name].append(t.document)
    others = [t for t in table if t.boundary not in (None, sc.boundary)]
    return year, table, head, docs, others


def _why_not(t, check, sim, lang: str) -> str:
    """Why a target is not scored on ``sim``, in ``lang`` (from the target and its check,
    never from the text of a message)."""
    sc = sim.scenario
    if not t.evaluable:
        return L.reason_text(t.reason, lang)
    if t.year > sc.end_year:
        return L.reason_text("other_year", lang)
    if t.boundary not in (None, sc.boundary) and t.measure != "average_growth":
        return L.reason_text("boundary", lang, other=L.boundary_name(t.boundary, lang),
                             boundary=L.boundary_name(sc.boundary, lang))
    if t.indicator not in sim.indicators:
        return L.reason_text("not_simulated", lang)
    if sc.base_year in t.years_needed and sc.base_values:
        return L.reason_text("assumed_base", lang, year=sc.base_year)
    return L.reason_text("unknown", lang)


def _note(t, check, sim, lang: str, english: str) -> str:
    """The note of a probability row: the library's (English), or the same facts in
    Vietnamese, built from the check."""
    if lang == "en":
        return english if isinstance(english, str) else ""
    if not check.ok:
        return _why_not(t, check, sim, lang)
    parts = []
    if t.boundary not in (None, sim.scenario.boundary):
        parts.append(L.text("why_growth", lang))
    if check.hist_factor is not None:
        n = sim.scenario.base_year - t.start
        g = check.hist_factor ** (1 / n) - 1
        parts.append(L.text("why_growth_recorded", lang, a=t.start + 1,
                            b=sim.scenario.base_year,
                            g=f"{L.fmt_number(100 * g, lang, 2)}{L.pct_sign(lang)}"
                              f"{L.text('a_year', lang)}"))
    return "; ".join(parts)


def _register(sims, lang: str) -> pd.DataFrame:
    """Every official target of the simulated years, with whether the main simulation
    can score it and why not."""
    from .targets import load_targets

    main = sims[0]
    sc = main.scenario
    targets = [t for t in load_targets() if sc.base_year < t.year <= sc.end_year]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BoundaryWarning)
        checks = main.assess(targets)
    rows = []
    for t, c in zip(targets, checks):
        rows.append({"target": t.name, "description": L.describe_target(t, lang),
                     "document": L.document_name(t.document, lang),
                     "document_date": t.document_date,
                     "boundary": t.boundary or "", "status": t.status, "evaluable": c.ok,
                     "why_not": "" if c.ok else _why_not(t, c, main, lang),
                     "source": t.source, "source_url": t.source_url})
    return pd.DataFrame(rows).set_index("target")


def _facts(main, history: pd.DataFrame) -> dict:
    """The numbers of the limitations box: the per-capita and cargo bases, the
    judgements of the ready-made scenarios, the record's span."""
    from .scenarios import JUDGEMENTS

    sc, out = main.scenario, {}
    base = sc.base_year
    rows = history[(history["year"] == base) & (history["boundary"] == sc.boundary)
                   & history["start_year"].isna()]
    if "grdp_per_capita_usd" in main.indicators:
        official = rows[(rows["indicator"] == "grdp_per_capita_usd") & ~rows["preferred"]]
        if not official.empty:
            out["per_capita"] = (float(main.paths("grdp_per_capita_usd")[0, 0]),
                                 float(official["value"].iloc[0]))
    plan = rows[(rows["indicator"] == "port_cargo") & (rows["kind"] == "plan")]
    if "port_cargo" in dict(sc.base_values) and not plan.empty:
        out["cargo"] = float(dict(sc.base_values)["port_cargo"])
    out["judgements"] = {k: v[0] for k, v in JUDGEMENTS.items()}
    if sc.boundary == "merged_city":
        from .scenarios import record_statistics

        st = record_statistics()
        rec = history[(history["indicator"] == "grdp_growth_real")
                      & (history["boundary"] == sc.boundary) & history["preferred"]
                      & (history["kind"] != "plan")]
        if not rec.empty:
            last, n = int(rec["year"].max()), int(st.at["grdp_growth_mean", "n"])
            out["record_growth"] = (float(st.at["grdp_growth_mean", "value"]), last - n + 1,
                                    last)
    return out


def _growth_curves(sims, head: list, probs: pd.DataFrame, n: int, seed: int,
                   progress: Callable[[str], None]) -> list:
    """For each headline target: (target, curve, {0.5: growth, 0.8: growth}, {scenario:
    (growth assumed, probability)}); growth_needed's machinery on the main scenario."""
    from .assumptions import value
    from .whatif import growth_needed, probability_curve

    main = sims[0].scenario
    out = []
    for t in head:
        progress(f"growth curve {t.name}")
        try:
            curve = probability_curve(t, scenario=main, n_paths=n, seed=seed, progress=False)
        except ValueError:
            continue  # no growth driver for this target
        drv = curve.attrs["driver"]
        needed = {}
        for p in (0.5, 0.8):
            try:
                needed[p] = growth_needed(t, p, scenario=main, driver=drv, n_paths=n,
                                          seed=seed).growth_needed
            except ValueError:
                needed[p] = math.nan  # out of reach within the bracket
        points = {}
        for s in sims:
            if drv in s.scenario.growth and bool(probs.loc[(s.scenario.name, t.name),
                                                           "evaluable"]):
                points[s.scenario.name] = (value(s.scenario, drv),
                                           float(probs.loc[(s.scenario.name, t.name),
                                                           "probability"]))
        out.append((t, curve, needed, points))
    return out


def _sensitivity(main, head: list, n: int, seed: int, progress) -> tuple:
    """(tornado table on the headline's paths, {target: Shapley table or None})."""
    from .shapley import shapley
    from .whatif import tornado as what_if_tornado

    progress("one assumption at a time")
    sens = what_if_tornado(main.scenario, head, n_paths=n, seed=seed)
    effects = {}
    for t in head:
        progress(f"Shapley effects {t.name}")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ShortSampleWarning)  # se in the table
                effects[t.name] = shapley(main.scenario, t, seed=seed,
                                          n_outer=min(1024, max(64, n // 20)),
                                          n_var=min(10_000, max(1000, n)))
        except ValueError:
            effects[t.name] = None  # no uncertain driver, or not evaluable
    return sens, effects


def _compute(scs, *, lang: str, n_paths: int, seed: int, sampler: str,
             command: str | None, scenario_file, api_scenarios: bool,
             progress: Callable[[str], None] = lambda step: None,
             nowcast: Mapping[str, float] | bool | None = None) -> _ReportData:
    """Simulate the scenarios and compute every table and number the report shows."""
    from .data import load_history, plan_record
    from .simulation import simulate
    from .whatif import probability_table

    now = _dt.datetime.now(_dt.UTC).replace(microsecond=0)
    sims = []
    for sc in scs:
        progress(f"simulating {sc.name}")
        sims.append(simulate(sc, n_paths=n_paths, seed=seed, sampler=sampler))
    main = sims[0]
    history = load_history()
    year, table_targets, head, documents, others = _report_targets(main)
    tables = {"assumptions": _assumptions_table(scs), "bands": _bands_table(sims)}
    probs, notes = None, {}
    if table_targets:
        probs = probability_table(sims, table_targets)
        probs.insert(0, "description", [L.describe_target(t, lang) for t in table_targets]
                     * len(sims))
        probs["percent"] = [L.whole_percent(p) if ok else pd.NA
                            for p, ok in zip(probs["probability"], probs["evaluable"])]
        probs["likelihood"] = [L.likelihood(p, lang) if ok else ""
                               for p, ok in zip(probs["probability"], probs["evaluable"])]
        for s in sims:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", BoundaryWarning)
                checks = s.assess(table_targets)
            for t, c in zip(table_targets, checks):
                key = (s.scenario.name, t.name)
                notes[key] = _note(t, c, s, lang, probs.loc[key, "note"])
        probs["note"] = [notes[k] for k in probs.index]
        tables["probabilities"] = probs
    joints, by_year, curves, sens, effects = {}, [], [], None, {}
    if head:
        progress("joint probabilities")
        joints = {s.scenario.name: s.joint_probability(head) for s in sims}
        tables["joint"] = _joint_table(joints, head)
        by_year = [main.probability_by_year(t) for t in head]
        tables["probability_by_year"] = _by_year_table(by_year, head, main.scenario.name)
        curves = _growth_curves(sims, head, probs, min(n_paths, SENSITIVITY_PATHS), seed,
                                progress)
        tables["growth_curves"], tables["growth_needed"] = _curve_tables(curves)
        sens, effects = _sensitivity(main, head, n_paths, seed, progress)
        tables["sensitivity"] = sens
        tables["sensitivity_left_out"] = _left_out_table(sens)
        tables["shapley"] = _shapley_table(effects)
    record = plan_record("grdp_growth_real")
    tables["plan_record"] = record
    register = _register(sims, lang)
    tables["register"] = register
    progress("panel test")
    trust = _trust_data(TRUST_EVALUATION)                 # the stored evaluation, read
    tables["trust_coverage"], tables["trust_reliability"] = _trust_tables(trust)
    progress("nowcast")
    nd = _nowcast_data(sims, nowcast, n_paths=n_paths, seed=seed)
    if nd.used:
        tables["nowcast_update"] = _nowcast_update_table(nd, lang)
        tables["nowcast_remaining"] = nd.remaining
    fans = [(i, g) for i in KEY_INDICATORS if i in main.indicators
            for g in ((True, False) if i == "grdp_real" else (False,))]
    fan_quantiles = [tuple(main.quantiles(i, [0.05, 0.5, 0.95], growth=g).iloc[-1])
                     for i, g in fans]
    mc = 0.0 if probs is None else float(
        100 * np.nanmax((probs["ci_high"] - probs["ci_low"]).to_numpy(float) / 2))
    run = {"date_utc": now.isoformat(), "n_paths": n_paths, "seed": seed,
           "sampler": sampler, "scenarios": ", ".join(s.name for s in scs),
           "language": lang, "command": command or "",
           "trust_file": trust.file,
           "trust_runs": "; ".join("/".join(filter(None, r)) for r in trust.runs),
           **{f"trust_{k}": trust.provenance.get(k, "") for k in TRUST_RUN_KEYS},
           **_nowcast_run(nd),
           **{f"version_{k}": v for k, v in _versions().items()}}
    tables["run"] = pd.DataFrame({"value": [str(v) for v in run.values()]},
                                 index=pd.Index(list(run), name="item"))
    return _ReportData(
        scenarios=list(scs), sims=sims, lang=lang, n_paths=n_paths, seed=seed,
        sampler=sampler, now=now, command=command, scenario_file=scenario_file,
        api_scenarios=api_scenarios, history=history, year=year,
        table_targets=table_targets, head=head, documents=documents, others=others,
        probabilities=probs, notes=notes, joints=joints, by_year=by_year, curves=curves,
        sensitivity=sens, shapley=effects, record=record,
        assumed_sd={s.name: _growth_sd(s) for s in scs if _growth_sd(s) is not None},
        fans=fans, fan_quantiles=fan_quantiles, register=register,
        facts=_facts(main, history), mc_points=mc, run=run, tables=tables, trust=trust,
        nowcast=nd)


def _growth_sd(sc) -> float | None:
    """The standard deviation of yearly real GRDP growth a scenario assumes."""
    spec = sc.growth.get("grdp_real")
    if not spec:
        return None
    return float(np.mean([float(getattr(m, "std", 0.0)) for m in spec.values()]))


def _curve_tables(curves: list) -> tuple[pd.DataFrame, pd.DataFrame]:
    frames, needed = [], []
    for t, curve, need, _ in curves:
        c = curve.reset_index()
        c.insert(0, "driver", curve.attrs["driver"])
        c.insert(0, "target", t.name)
        frames.append(c)
        for p, g in need.items():
            needed.append({"target": t.name, "driver": curve.attrs["driver"], "chance": p,
                           "growth_needed": g, "current_growth": curve.attrs["current_growth"]})
    cols = ["target", "driver", "growth", "probability", "se"]
    curve_table = (pd.concat(frames, ignore_index=True) if frames
                   else pd.DataFrame(columns=cols)).set_index(["target", "growth"])
    need_table = pd.DataFrame(needed, columns=["target", "driver", "chance", "growth_needed",
                                               "current_growth"]).set_index(["target",
                                                                             "chance"])
    return curve_table, need_table


def _left_out_table(sens: pd.DataFrame) -> pd.DataFrame:
    rows = [{"target": t, "assumption": a, "reason": why}
            for t, items in sens.attrs.get("left_out", {}).items() for a, why in items.items()]
    return pd.DataFrame(rows, columns=["target", "assumption", "reason"]).set_index(
        ["target", "assumption"])


def _shapley_table(effects: dict) -> pd.DataFrame:
    frames = []
    for tid, table in effects.items():
        if table is None:
            continue
        f = table.rename(columns={"low": "effect_low", "high": "effect_high"}).reset_index()
        f.insert(0, "target", tid)
        frames.append(f)
    if not frames:
        return pd.DataFrame(columns=["target", "input", "effect", "se"]).set_index(
            ["target", "input"])
    return pd.concat(frames, ignore_index=True).set_index(["target", "input"])


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


# -- the panel test (issue 13) and this year's releases (issue 15) ---------------------------
#: What the section "How far can these probabilities be trusted?" shows of the stored
#: evaluation (:func:`hpforecast.load_evaluation`, written by ``benchmarks/eval_panels.py
#: --write`` with every origin year of both panels; nothing is evaluated at report time):
#: the runs of its table in order, each ``(panel, model, rtm parameters)`` (``""`` for iid
#: and ar1, which are fitted on each window alone) — regression to the mean out of sample
#: first — and the panel of its reliability diagram. Whether a run is in or out of sample
#: is read from the stored table. Recorded in the technical annex and the ``run`` table.
TRUST_EVALUATION: Mapping[str, Any] = MappingProxyType({
    "runs": (("pwt56", "rtm", "pwt91"), ("pwt91", "rtm", "pwt56"), ("pwt91", "rtm", "pwt91"),
             ("pwt56", "iid", ""), ("pwt91", "iid", ""), ("pwt56", "ar1", ""),
             ("pwt91", "ar1", "")),
    "figure": "pwt56"})
#: The provenance entries of the stored evaluation copied into the ``run`` table.
TRUST_RUN_KEYS = ("date", "git_commit", "hpforecast_version", "command", "window", "horizon",
                  "origins", "n_paths", "n_boot", "seed")
_FQ = "fastest quarter"
_RUN_LEVELS = ["panel", "model", "parameters"]


@dataclass(frozen=True)
class _Trust:
    """The stored panel evaluation as the report shows it: the summary rows (indexed by
    ``panel, model, parameters, group``) and the reliability points of its runs, in the
    order of :data:`TRUST_EVALUATION`; the provenance; each panel's name as cited."""

    runs: tuple
    summary: pd.DataFrame
    reliability: pd.DataFrame
    provenance: Mapping
    names: Mapping
    figure: str
    file: str

    def has(self, run: tuple, group: str) -> bool:
        return (*run, group) in self.summary.index

    def value(self, run: tuple, group: str, column: str) -> Any:
        """One stored figure of a run (NaN for a group it does not have)."""
        return self.summary.loc[(*run, group), column] if self.has(run, group) else math.nan

    def values(self, runs: Sequence[tuple], group: str, column: str) -> list[float]:
        return [float(self.value(r, group, column)) for r in runs]

    def sample(self, run: tuple) -> str:
        """``"in"`` or ``"out"`` of sample, as stored."""
        return str(self.value(run, "all", "sample"))

    @property
    def rtm_out(self) -> list[tuple]:
        """Regression to the mean scored on a panel its parameters were not estimated on."""
        return [r for r in self.runs if r[1] == "rtm" and self.sample(r) == "out"]

    @property
    def rtm_in(self) -> list[tuple]:
        return [r for r in self.runs if r[1] == "rtm" and self.sample(r) == "in"]

    @property
    def rtm_shown(self) -> list[tuple]:
        """The runs of regression to the mean the text quotes: out of sample, else in."""
        return self.rtm_out or self.rtm_in

    @property
    def others(self) -> list[tuple]:
        """The runs of the models that carry a short record forward (iid, ar1)."""
        return [r for r in self.runs if r[1] != "rtm"]

    @property
    def panels(self) -> list[str]:
        return list(dict.fromkeys(r[0] for r in self.runs))

    @property
    def figure_runs(self) -> list[tuple]:
        """The runs drawn: those on the figure's panel, regression to the mean out of sample."""
        inside = self.rtm_in
        return [r for r in self.runs if r[0] == self.figure and r not in inside]

    def first(self, panel: str) -> tuple:
        """The first run on a panel (for its windows: every model scores the same ones)."""
        return next(r for r in self.runs if r[0] == panel)

    def short(self, panel: str) -> str:
        """The panel's short name: PWT 9.1."""
        return self.names[panel].replace("Penn World Table", "PWT")

    def points(self, run: tuple) -> pd.DataFrame:
        """A run's reliability points, indexed by ``group, bin``."""
        return self.reliability.xs(run, level=_RUN_LEVELS)


def _trust_data(config: Mapping = TRUST_EVALUATION) -> _Trust:
    """The runs of ``config`` (see :data:`TRUST_EVALUATION`) from the stored evaluation."""
    from .data import PANELS, load_evaluation

    runs = tuple(tuple(r) for r in config["runs"])
    summary, rel = load_evaluation("summary"), load_evaluation("reliability")
    stored = list(dict.fromkeys(summary.index.droplevel("group")))
    missing = [r for r in runs if r not in stored]
    if missing or not any(r[1] == "rtm" for r in runs):
        raise ValueError(f"TRUST_EVALUATION['runs'] must name stored runs (panel, model, "
                         f"parameters), regression to the mean among them; got "
                         f"{missing or list(runs)!r}. Stored: {stored!r}.")
    if config["figure"] not in {r[0] for r in runs}:
        raise ValueError(f"TRUST_EVALUATION['figure'] must be the panel of one of its runs; "
                         f"got {config['figure']!r}.")
    pick = lambda t: pd.concat([t.xs(r, level=_RUN_LEVELS, drop_level=False)  # noqa: E731
                                for r in runs])
    names = {p: PANELS[p][2].split(" (")[0].split(",")[0] for p in {r[0] for r in runs}}
    return _Trust(runs=runs, summary=pick(summary), reliability=pick(rel),
                  provenance=MappingProxyType(dict(summary.attrs["provenance"])),
                  names=MappingProxyType(names), figure=str(config["figure"]),
                  file=str(summary.attrs["file"]))


#: The columns of the report's tables ``trust_coverage`` and ``trust_reliability``.
TRUST_COLUMNS = ("sample", "n", "economies", "coverage_80", "coverage_80_low",
                 "coverage_80_high", "coverage_50", "coverage_90", "mean_pit", "pit_low",
                 "pit_high", "brier", "brier_reliability", "brier_resolution", "bins_judged",
                 "bins_within_2w", "coverage_80_met", "mean_pit_met", "reliability_met",
                 "criteria_met", "criteria")
TRUST_POINT_COLUMNS = ("n", "economies", "mean_predicted", "observed", "observed_low_2w",
                       "observed_high_2w", "obs_minus_pred", "ci_low_2w", "ci_high_2w",
                       "within_2w")


def _trust_tables(trust: _Trust) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(coverage table: run × group; reliability table: run × group × bin), as stored."""
    return (trust.summary[list(TRUST_COLUMNS)].copy(),
            trust.reliability[list(TRUST_POINT_COLUMNS)].copy())


@dataclass(frozen=True)
class _NowcastData:
    """This year's partial-year figure and what it changes.

    ``status``: ``"given"`` (the ``nowcast=`` figures), ``"release"`` (the latest embedded
    release, in ``release``), ``"none"`` (no figure for the year), ``"off"``
    (``nowcast=False``) or ``"not_applicable"`` (the main scenario has no real GRDP growth
    assumption starting in ``year``). With a figure: the :class:`~hpforecast.Nowcast`
    (``nc``), ``update`` (indexed by scenario and target: before, after, change and their
    standard errors, from :meth:`Nowcast.update`) and ``remaining``.
    """

    year: int
    boundary: str
    status: str
    known: Mapping = field(default_factory=dict)
    release: Mapping | None = None
    nc: Any = None
    update: pd.DataFrame | None = None
    remaining: pd.DataFrame | None = None

    @property
    def used(self) -> bool:
        return self.nc is not None


def _check_nowcast(nowcast: Any) -> dict | bool | None:
    """``nowcast=`` of :func:`write_report`, checked: None, False or period -> growth."""
    from .nowcast import check_known

    if nowcast is None or nowcast is False:
        return nowcast
    if not isinstance(nowcast, Mapping) or not nowcast:
        raise TypeError("nowcast must be a dict period -> real GRDP growth so far (a "
                        "fraction), like {'H1': 0.118}; None (the latest embedded release, "
                        f"if any) or False (none); got {nowcast!r}.")
    return check_known(nowcast, "growth", name="nowcast")


def _nowcast_applies(sc, year: int) -> bool:
    """Whether a first-year figure of real GRDP growth can update scenario ``sc``."""
    return (sc.base_year + 1 == year and "grdp_real" in sc.growth
            and "grdp_real" not in sc.levels and "grdp_real" not in sc.all_links)


def _latest_release(year: int, boundary: str) -> tuple[dict, dict | None]:
    """(period -> value, the latest release's row) of real GRDP growth in ``year`` among
    the embedded partial-year releases (preferred rows; none: ({}, None))."""
    from .data import PERIODS, load_partial_year

    py = load_partial_year()
    rows = py[(py["indicator"] == "grdp_growth_real") & (py["year"] == year)
              & (py["boundary"] == boundary) & py["preferred"].astype(bool)
              & py["period"].isin(list(PERIODS))]
    if rows.empty:
        return {}, None
    rows = rows.assign(months=rows["period"].map(PERIODS)).sort_values("months")
    known = {str(r["period"]): float(r["value"]) for _, r in rows.iterrows()}
    last = rows.iloc[-1]
    return known, {k: ("" if pd.isna(last[k]) else last[k]) for k in (
        "period", "value", "release_date", "source", "source_url")}


def _nowcast_data(sims, nowcast, *, n_paths: int, seed: int) -> _NowcastData:
    """The nowcast of the main scenario's first simulated year and its update of every
    scenario it applies to (same paths and seed: common random numbers)."""
    from .nowcast import nowcast as make_nowcast

    main = sims[0].scenario
    year, boundary = main.base_year + 1, main.boundary
    if nowcast is False:
        return _NowcastData(year, boundary, "off")
    if not _nowcast_applies(main, year):
        return _NowcastData(year, boundary, "not_applicable")
    release = None
    known = dict(nowcast) if nowcast else {}
    if not known:
        known, release = _latest_release(year, boundary)
        if not known:
            return _NowcastData(year, boundary, "none")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortSampleWarning)  # the bridge's years: in the text
        try:
            nc = make_nowcast(year, known, boundary=boundary)
        except ValueError as exc:
            raise ValueError(f"nowcast: {exc}") from None
    updates = {}
    for s in sims:
        if _nowcast_applies(s.scenario, year):
            updates[s.scenario.name] = nc.update(s.scenario, n_paths=n_paths, seed=seed)
    update = pd.concat(updates, names=["scenario", "target"]).dropna(
        subset=["before", "after"], how="all")  # targets a scenario does not simulate
    remaining = nc.remaining().rename(columns={"year": "year_growth"})
    return _NowcastData(year, boundary, "release" if release else "given",
                        MappingProxyType(known), release and MappingProxyType(release), nc,
                        update, remaining)


def _nowcast_update_table(nd: _NowcastData, lang: str) -> pd.DataFrame:
    """The update as a report table: each target described in ``lang``."""
    from .targets import load_targets

    official = load_targets()
    table = nd.update.copy()
    table.insert(0, "description", [L.describe_target(official[t], lang)
                                    for t in table.index.get_level_values("target")])
    return table


def _nowcast_run(nd: _NowcastData) -> dict[str, str]:
    """The nowcast's keys of the run table."""
    out = {"nowcast": nd.status,
           "nowcast_known": ", ".join(f"{p}={v:g}" for p, v in nd.known.items())}
    if nd.release:
        out["nowcast_release"] = (f"{nd.release['period']} {nd.year}, "
                                  f"{nd.release['release_date']}, {nd.release['source']}")
    return out


# -- 2. draw: every chart from the data -----------------------------------------------------
#: (width, height) of each kind of chart at its printed size, in centimetres.
_SIZES = {"full": (16.0, 9.0), "full_short": (16.0, 7.5), "column": (8.5, 8.0),
          "column_tall": (8.5, 11.0)}


@dataclass
class _Charts:
    """The names of the charts drawn (``charts/<name>.png`` and ``.svg``), by section,
    and the printed size of each."""

    dots: str | None = None
    curves: list = field(default_factory=list)         # (target, name)
    fans: list = field(default_factory=list)           # (indicator, growth, name)
    record: str = ""
    misses: str | None = None
    outcomes: list = field(default_factory=list)       # one per headline target
    by_year: list = field(default_factory=list)        # one per headline target
    comparisons: list = field(default_factory=list)    # (indicator, name)
    tornadoes: dict = field(default_factory=dict)      # target -> name
    shapleys: dict = field(default_factory=dict)       # target -> name
    spaghetti: str | None = None
    nowcast: str | None = None                         # this year's releases
    trust: str | None = None                           # the reliability diagram
    sizes: dict = field(default_factory=dict)          # name -> (width_cm, height_cm)


class _Builder:
    """Draws the report's charts into ``folder`` at their printed size, one file pair at
    a time, with the print style (inside ``rc_context``: no global change)."""

    def __init__(self, folder: Path, charts: _Charts | None = None):
        self.folder = folder
        self.charts = charts if charts is not None else _Charts()

    def inspect(self, name: str, fig) -> None:
        """Called with each drawn figure before it is saved (a hook for tests)."""

    def chart(self, name: str, draw: Callable[[Any], Any], size: str = "full",
              height_cm: float | None = None, ncols: int = 1) -> str:
        """Draw on a new Figure (never pyplot) of the printed size; save PNG and SVG.

        ``draw`` gets the Axes, or with ``ncols > 1`` an array of that many side by side
        (sharing the y axis)."""
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        from . import plot

        w, h = _SIZES[size]
        h = height_cm if height_cm is not None else h
        with matplotlib.rc_context(plot.print_style()):
            fig = Figure(figsize=(w / 2.54, h / 2.54), layout="constrained")
            FigureCanvasAgg(fig)  # a renderer for the layout and the checks, no window
            draw(fig.add_subplot() if ncols == 1 else fig.subplots(1, ncols, sharey=True))
            plot.fit_labels(fig)                             # no axis label cut off
            self.inspect(name, fig)
            fig.savefig(self.folder / f"{name}.png", dpi=_PNG_DPI)
            fig.savefig(self.folder / f"{name}.svg", metadata={"Date": None})
        fig.clear()
        self.charts.sizes[name] = (w, h)
        return name


def _draw(data: _ReportData, folder: Path, progress=lambda step: None,
          builder: type[_Builder] | None = None) -> _Charts:
    """Every chart of the report, from ``data`` (nothing is computed again)."""
    from . import plot
    from .targets import TargetSet

    lang, main, head = data.lang, data.main, data.head
    b = (builder or _Builder)(folder)
    charts = b.charts
    probs = None if data.probabilities is None else data.probabilities_of(
        main.scenario.name)
    if data.probabilities is not None and head:
        progress("charts: headline")
        ids = [t.name for t in head]
        table = data.probabilities[data.probabilities.index.get_level_values("target")
                                   .isin(ids)]
        joint = ({n: float(j.iloc[0]["probability"]) for n, j in data.joints.items()}
                 if len(head) > 1 else None)
        labels = {t.name: L.describe_target(t, lang) for t in head}
        rows = len(head) + (1 if joint else 0)
        charts.dots = b.chart("headline_dots", lambda ax: plot.dot_plot(
            table, joint=joint, labels=labels, lang=lang, title=False, ax=ax),
            height_cm=4.2 + 1.25 * rows)
    for t, curve, needed, points in data.curves:
        charts.curves.append((t, b.chart(f"growth_curve_{_slug(t.name)}", lambda ax, t=t,
                              curve=curve, needed=needed, points=points: plot.growth_curve(
            curve, needed=needed, scenarios=points, target=t, lang=lang, title=False,
            ax=ax), "column_tall")))
    progress("charts: fans")
    for ind, growth in data.fans:
        charts.fans.append((ind, growth, b.chart(
            "fan_grdp_growth" if growth else f"fan_{ind}",
            lambda ax, ind=ind, growth=growth: plot.fan_chart(
                main, ind, history=data.history, targets=TargetSet(head),
                probabilities=probs, growth=growth, lang=lang, title=False, ax=ax))))
    charts.record = b.chart("plan_record_grdp_growth_real", lambda ax: plot.plan_record_chart(
        data.record, indicator="grdp_growth_real", lang=lang, title=False, ax=ax),
        "full_short")
    charts.misses = b.chart("plan_misses_grdp_growth_real", lambda ax: plot.plan_misses(
        data.record, assumed=data.assumed_sd, lang=lang, title=False, ax=ax), "full")
    progress("charts: outcomes")
    for t, by_year in zip(head, data.by_year):
        charts.outcomes.append(b.chart(
            f"outcome_{_slug(t.name)}", lambda ax, t=t: plot.outcome_distribution(
                main, t, probabilities=probs, lang=lang, title=False, ax=ax), "column"))
        charts.by_year.append(b.chart(
            f"by_year_{_slug(t.name)}", lambda ax, t=t, by_year=by_year:
            plot.probability_by_year(main, t, table=by_year, lang=lang, title=False, ax=ax),
            "column"))
    if len(data.sims) > 1:
        named = {s.scenario.name: s for s in data.sims}
        for ind in [i for i in ("grdp_real", "port_cargo", "grdp_per_capita_usd")
                    if all(i in s.indicators for s in data.sims)]:
            charts.comparisons.append((ind, b.chart(
                f"scenarios_{ind}", lambda ax, ind=ind: plot.scenario_comparison(
                    named, ind, history=data.history, targets=TargetSet(head), lang=lang,
                    title=False, ax=ax))))
    progress("charts: sensitivity")
    _draw_sensitivity(data, b)
    _draw_sections(data, b)
    if "grdp_real" in main.indicators:
        charts.spaghetti = b.chart("spaghetti_grdp_growth", lambda ax: plot.spaghetti(
            main, "grdp_real", n=_spaghetti_n(main), growth=True, history=data.history,
            lang=lang, title=False, ax=ax))
    return charts


def _draw_sections(data: _ReportData, b: _Builder) -> None:
    """The charts of this year's releases and of the panel test."""
    from . import plot

    lang, nd, tr = data.lang, data.nowcast, data.trust
    if nd is not None and nd.used:
        b.charts.nowcast = b.chart("nowcast_grdp_growth", lambda ax: plot.nowcast_chart(
            nd.nc, lang=lang, title=False, ax=ax), "full", height_cm=9.5)
    if tr is not None:
        b.charts.trust = b.chart("trust_reliability", lambda axes: _draw_reliability(
            tr, axes, lang), "full", height_cm=10.0, ncols=2)


def _draw_reliability(tr: _Trust, axes, lang: str) -> None:
    """The reliability diagram of the figure's runs (stored points), all economies and the
    fastest quarter side by side, with one legend under both."""
    from . import plot

    runs = tr.figure_runs
    series = {L.model_name(r[1], lang): tr.points(r) for r in runs}
    for ax, group in zip(axes, ("all", _FQ)):
        if not tr.has(runs[0], group):
            ax.set_visible(False)
            continue
        n = L.fmt_number(int(tr.value(runs[0], group, "n")), lang)
        plot.reliability_diagram(series, group=group, dodge=1.2, lang=lang, legend=False,
                                 ax=ax,
                                 title=L.text("rel_group_title", lang,
                                              group=L.group_name(group, lang), n=n))
    axes[1].set_ylabel("")
    handles, labels = axes[0].get_legend_handles_labels()
    axes[0].figure.legend(handles, labels, loc="outside lower center", ncol=2,
                          fontsize="small", frameon=False)


def _tornado_labels(data: _ReportData) -> dict[str, str]:
    """Row labels of the tornado: a driver linked to GRDP (revenue buoyancy) moves only
    its own growth on top of what GRDP brings: said so."""
    from . import assumptions as A

    sc, lang = data.main.scenario, data.lang
    out = {}
    for name in data.sensitivity["assumption"].unique():
        if name in sc.all_links:
            out[name] = L.text("tornado_residual", lang, name=L.indicator_name(name, lang))
        elif data.lang == "vi" or name not in sc.growth:
            loc = A.location_name(sc, name) if name in (*sc.growth, *sc.levels) else "mean"
            out[name] = A.label(name, lang, location=loc)
    return out


def _draw_sensitivity(data: _ReportData, b: _Builder) -> None:
    from . import plot

    if data.sensitivity is None:
        return
    lang, sens = data.lang, data.sensitivity
    labels = _tornado_labels(data)
    for t in data.head:
        rows = sens[sens["target"] == t.name]
        if rows.empty:  # nothing moves it: said in the text, no chart
            continue
        b.charts.tornadoes[t.name] = b.chart(
            f"sensitivity_{_slug(t.name)}", lambda ax, t=t: plot.tornado(
                sens, target=t.name, labels=labels, low_label=L.text("tornado_low", lang),
                high_label=L.text("tornado_high", lang), lang=lang, title=False, ax=ax),
            height_cm=4.5 + 1.3 * len(rows))
        effects = data.shapley.get(t.name)
        if effects is not None and np.isfinite(effects["effect"]).all():
            b.charts.shapleys[t.name] = b.chart(
                f"shapley_{_slug(t.name)}", lambda ax, effects=effects: plot.shapley_chart(
                    effects, lang=lang, title=False, ax=ax), "column")


# -- 3. write: report.md, a pure function of the data -----------------------------------------
class _Md:
    """The lines of report.md, with figures numbered in reading order."""

    def __init__(self, data: _ReportData, charts: _Charts):
        self.data, self.charts, self.lines, self.n = data, charts, [], 0
        self.numbers: dict[str, int] = {}  # section key -> its number

    def add(self, *lines: str) -> None:
        self.lines += list(lines)

    def figure(self, name: str | None, title: str, takeaway: str, *, record: bool = False,
               source: str | None = None) -> None:
        if not name:
            return
        lang = self.data.lang
        self.n += 1
        if source is None:
            source = (L.text("source_record", lang) if record else
                      L.text("source_sim", lang, n=L.fmt_number(self.data.n_paths, lang)))
        self.add(f"![{title}](charts/{name}.png)", "",
                 L.text("figure", lang, n=self.n, title=title, takeaway=takeaway,
                        source=source) + f" [{L.text('svg', lang)}](charts/{name}.svg)", "")


def _markdown(data: _ReportData, charts: _Charts, *, workbook: bool) -> str:
    """The text of ``report.md`` in ``data.lang``: a pure function of its arguments."""
    from . import __version__

    lang, sc = data.lang, data.main.scenario
    md = _Md(data, charts)
    md.add(f"# {L.text('report_title', lang)}", "",
           L.text("dateline", lang, date=L.fmt_date(data.now.date(), lang),
                  version=__version__), "")
    sections = [
        (L.text("s_summary", lang), _md_summary),
        (L.text("s_headline", lang, year=data.year,
                boundary=L.boundary_name(sc.boundary, lang)), _md_headline),
        (L.text("s_nowcast", lang), _md_nowcast),
        (L.text("s_curves", lang), _md_curves),
        (L.text("s_fans", lang), _md_fans),
        (L.text("s_record", lang), _md_record),
        (L.text("s_trust", lang), _md_trust),
        (L.text("s_outcomes", lang), _md_outcomes),
        (L.text("s_by_year", lang), _md_by_year),
        (L.text("s_scenarios", lang), _md_scenarios),
        (L.text("s_sensitivity", lang), _md_sensitivity),
        (L.text("s_spaghetti", lang), _md_spaghetti),
    ]
    annexes = [(L.text("s_annex_assumptions", lang), _md_assumptions),
               (L.text("s_annex_boundary", lang), _md_boundary),
               (L.text("s_annex_register", lang), _md_register),
               (L.text("s_annex_tech", lang), lambda d, m: _md_tech(d, m, workbook))]
    md.numbers = {part.__name__: i for i, (_, part) in enumerate(sections, 1)}
    contents = f"**{L.text('contents', lang)}:** " + " · ".join(
        [f"{i}. {s}" for i, (s, _) in enumerate(sections, 1)] + [a for a, _ in annexes])
    for i, (title, part) in enumerate(sections, 1):
        md.add(f"## {i}. {title}", "")
        part(data, md)
        if i == 1:  # the one-page summary first, then what follows
            md.add(contents, "")
    for title, part in annexes:
        md.add(f"## {title}", "")
        part(data, md)
    return "\n".join(md.lines)


def _is_ready_made(sc) -> bool:
    from .scenarios import description_vi

    return bool(description_vi(sc))


def _range_words(ps: list[float], lang: str) -> str:
    """The likelihood words of several probabilities: one, or "a to b"."""
    words = list(dict.fromkeys(L.likelihood(p, lang) for p in sorted(ps)))
    return words[0] if len(words) == 1 else L.text("to", lang, a=words[0], b=words[-1])


def _md_summary(data: _ReportData, md: _Md) -> None:
    lang, names = data.lang, [s.scenario.name for s in data.sims]
    if not data.head:
        md.add(L.text("no_targets", lang, a=data.main.scenario.base_year + 1,
                      b=data.main.scenario.end_year), "")
        return
    items = []
    for t in data.head:
        ps = [p for p in (data.probability(n, t.name) for n in names) if math.isfinite(p)]
        if ps:
            items.append(L.text("sum_item", lang, desc=L.lower_first(L.describe_target(t, lang)),
                                words=_range_words(ps, lang),
                                range=L.fmt_prob_range(ps, lang)))
    shown = ", ".join(data.label(n) for n in names)
    first = (L.text("sum_targets", lang, n=len(names), names=shown, items="; ".join(items))
             if len(names) > 1 else
             L.text("sum_one_scenario", lang, name=shown, items="; ".join(items)))
    para = [first]
    if len(data.head) > 1 and data.joints:
        joint = [float(j.iloc[0]["probability"]) for j in data.joints.values()]
        para.append(L.text("sum_joint", lang, n=len(data.head),
                           range=L.fmt_prob_range(joint, lang)))
    if _has_ready_made_plan(data):
        para.append(L.text("sum_plan", lang))
    if len(names) > 1:
        para.append(L.text("sum_spread", lang))
    para += _sum_nowcast(data, md)
    md.add(" ".join(para), "")
    md.figure(md.charts.dots,
              L.text("dots_title", lang, year=data.year), _dots_takeaway(data))
    md.add(*_md_limits(data, md), "")


def _has_ready_made_plan(data: _ReportData) -> bool:
    """Whether the ready-made plan scenario (which assumes the targets) is in the report."""
    return any(s.name == "plan" and _is_ready_made(s) for s in data.scenarios)


def _sum_nowcast(data: _ReportData, md: _Md) -> list[str]:
    """The summary's sentence on this year's figure (none without one)."""
    nd, lang = data.nowcast, data.lang
    if nd is None or not nd.used:
        return []
    t, main = _growth_head(data), data.main.scenario.name
    if t is None or (main, t.name) not in nd.update.index:
        return []
    r = nd.update.loc[(main, t.name)]
    return [L.text("sum_nowcast", lang, period=L.text(f"period_{nd.nc.period}", lang),
                   year=nd.year, value=L.fmt_percent(nd.nc.value, lang),
                   desc=L.lower_first(L.describe_target(t, lang)), scenario=data.label(main),
                   after=L.fmt_prob(r["after"], lang), before=L.fmt_prob(r["before"], lang),
                   k=md.numbers.get("_md_nowcast", 3))]


def _dots_takeaway(data: _ReportData) -> str:
    lang, names = data.lang, [s.scenario.name for s in data.sims]
    ranked = []
    for t in data.head:
        ps = [p for p in (data.probability(n, t.name) for n in names) if math.isfinite(p)]
        if ps:
            ranked.append((float(np.mean(ps)), L.describe_target(t, lang),
                           L.fmt_prob_range(ps, lang)))
    if not ranked:
        return ""
    ranked.sort()
    if len(ranked) == 1:
        return L.text("dots_takeaway_one", lang, best=ranked[0][1], best_range=ranked[0][2])
    return L.text("dots_takeaway", lang, best=ranked[-1][1], best_range=ranked[-1][2],
                  worst=L.lower_first(ranked[0][1]), worst_range=ranked[0][2])


def _md_limits(data: _ReportData, md: _Md) -> list[str]:
    """The limitations box (a quotation block)."""
    lang, f = data.lang, data.facts
    items = [L.text("conditional", lang)]
    if "per_capita" in f:
        derived, official = f["per_capita"]
        items.append(L.text("lim_per_capita", lang, year=data.main.scenario.base_year,
                            derived=L.fmt_number(round(derived, -1), lang, 0),
                            official=L.fmt_number(round(official, -1), lang, 0)))
    if "cargo" in f:
        items.append(L.text("lim_cargo", lang, year=data.main.scenario.base_year,
                            value=L.fmt_value(f["cargo"], "Mt", lang,
                                              indicator="port_cargo")))
    if any(_is_ready_made(s) for s in data.scenarios):
        j = f["judgements"]
        items.append(L.text("lim_judgements", lang,
                            pers=L.fmt_number(j["persistence"], lang),
                            c1=L.fmt_number(j["corr_grdp_cargo"], lang),
                            c2=L.fmt_number(j["corr_grdp_national"], lang),
                            c3=L.fmt_number(j["corr_grdp_deflator"], lang)))
    rec = data.record.dropna(subset=["outcome"])
    if len(rec):
        items.append(L.text("lim_record", lang, n=len(rec), a=int(rec.index.min()),
                            b=int(rec.index.max())))
    if data.others:
        items.append(L.text("lim_boundary", lang))
    tr = data.trust
    if tr is not None and tr.others and tr.rtm_shown:
        items.append(L.text(
            "lim_trust", lang,
            n_econ=f" {L.text('and', lang)} ".join(     # each panel's, as Section 7 says
                L.fmt_number(int(tr.value(tr.first(p), "all", "n_economies")), lang)
                for p in tr.panels),
            others=_pct_span(tr.values(tr.others, _FQ, "coverage_80"), lang),
            rtm=_pct_span(tr.values(tr.rtm_shown, _FQ, "coverage_80"), lang),
            k=md.numbers.get("_md_trust", 7)))
    return [f"> **{L.text('limits', lang)}**", ">"] + [f"> - {x}" for x in items]


def _md_headline(data: _ReportData, md: _Md) -> None:
    lang, sc = data.lang, data.main.scenario
    if not data.head:
        md.add(L.text("no_targets", lang, a=sc.base_year + 1, b=sc.end_year), "")
        return
    md.add(L.text("headline_intro", lang), "")
    header = [L.text("col_target", lang), L.text("col_documents", lang),
              *[data.label(s.scenario.name) for s in data.sims]]
    rows = []
    for t in data.head:
        rows.append([L.describe_target(t, lang), "; ".join(
            L.document_name(d, lang) for d in data.documents.get(t.name, [])),
                     *[_cell(data.probability(s.scenario.name, t.name), lang)
                       for s in data.sims]])
    if len(data.head) > 1 and data.joints:
        rows.append([f"**{L.text('all_targets', lang, n=len(data.head))}**", "",
                     *[_cell(float(data.joints[s.scenario.name].iloc[0]["probability"]),
                             lang) for s in data.sims]])
    md.add(*_md_table(header, rows), "")
    notes = [L.text("lk_scale", lang)]
    if _has_ready_made_plan(data):
        notes.append(L.text("headline_plan", lang, what=L.text("sum_plan_what", lang)))
    notes.append(L.text("headline_mc", lang, mc=L.fmt_number(data.mc_points, lang, 1)))
    md.add(" ".join(notes), "")


def _cell(p: float, lang: str) -> str:
    if not math.isfinite(p):
        return L.text("not_evaluable", lang)
    return L.text("cell_prob", lang, p=L.fmt_prob(p, lang), word=L.likelihood(p, lang))


def _growth_text(g: float, lang: str) -> str:
    if g is None or not math.isfinite(g):
        return L.text("curve_out_of_reach", lang)
    return f"{L.fmt_number(100 * g, lang, 1)}{L.pct_sign(lang)}{L.text('a_year', lang)}"


def _md_curves(data: _ReportData, md: _Md) -> None:
    lang, sc = data.lang, data.main.scenario
    md.add(L.text("curves_intro", lang, a=sc.base_year + 1, b=sc.end_year,
                  scenario=data.label(sc.name)), "")
    by_target = dict(md.charts.curves)
    for t, curve, needed, points in data.curves:
        take = L.text("curve_takeaway", lang, g50=_growth_text(needed.get(0.5), lang),
                      g80=_growth_text(needed.get(0.8), lang), scenario=data.label(sc.name),
                      g=_growth_text(curve.attrs["current_growth"], lang))
        md.figure(by_target.get(t), L.text("curve_title", lang,
                                           desc=L.describe_target(t, lang)), take)


def _fan_value(ind: str, growth: bool, v: float, lang: str) -> str:
    from .data import unit_of

    if growth or L.is_fraction_unit(unit_of(ind)):
        return L.fmt_percent(v, lang)
    return f"{L.fmt_number(_round3(v), lang)} {L.indicator_unit(ind, lang)}"


def _md_fans(data: _ReportData, md: _Md) -> None:
    lang, sc = data.lang, data.main.scenario
    md.add(L.text("fans_intro", lang, scenario=data.label(sc.name)), "")
    for (ind, growth, name), (lo, med, hi) in zip(md.charts.fans, data.fan_quantiles):
        title = L.growth_name(ind, lang) if growth else L.indicator_name(ind, lang)
        take = L.text("fan_takeaway", lang, name=title, year=sc.end_year,
                      median=_fan_value(ind, growth, med, lang),
                      lo=_fan_value(ind, growth, lo, lang), hi=_fan_value(ind, growth, hi, lang))
        if not growth:
            for t in data.head:
                if t.indicator == ind and t.measure == "level":
                    p = data.probability(sc.name, t.name)
                    take += " " + L.text("fan_takeaway_target", lang,
                                         value=L.fmt_value(t.threshold, t.unit, lang,
                                                           indicator=ind),
                                         p=L.fmt_prob(p, lang))
        md.figure(name, L.text("fan_title", lang, name=title, scenario=data.label(sc.name)),
                  take)


def _md_record(data: _ReportData, md: _Md) -> None:
    lang = data.lang
    md.add(L.text("record_intro", lang), "")
    rec = data.record.dropna(subset=["outcome"])
    gaps = (rec["outcome"] - rec["plan"]).astype(float)
    met = int((rec["outcome"] >= rec["plan"]).sum())
    md.figure(md.charts.record, L.text("plan_record_title", lang,
                                       name=L.indicator_name("grdp_growth_real", lang)),
              L.text("record_takeaway", lang, met=met, n=len(rec),
                     mean=L.fmt_number(100 * gaps.mean(), lang, 1)), record=True)
    rest = gaps[[y != 2020 for y in gaps.index]]
    assumed = ", ".join(f"{data.label(n)} {L.fmt_number(100 * sd, lang, 1)}"
                        for n, sd in data.assumed_sd.items())
    md.figure(md.charts.misses, L.text("misses_title", lang, a=int(rec.index.min()),
                                       b=int(rec.index.max())),
              L.text("misses_takeaway", lang, sd=L.fmt_number(100 * gaps.std(ddof=1), lang, 1),
                     sd_ex=L.fmt_number(100 * rest.std(ddof=1), lang, 1),
                     assumed=assumed or "–"), record=True)


def _quantile_text(t, values: np.ndarray, q: float, lang: str) -> str:
    v = float(np.quantile(values, q))
    if t.measure == "average_growth" or L.is_fraction_unit(t.unit):
        return L.fmt_percent(v, lang)
    return L.fmt_value(_round3(v), t.unit, lang, indicator=t.indicator)


def _md_outcomes(data: _ReportData, md: _Md) -> None:
    lang, main = data.lang, data.main
    md.add(L.text("outcomes_intro", lang, scenario=data.label(main.scenario.name)), "")
    for t, name in zip(data.head, md.charts.outcomes):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", BoundaryWarning)
            values = np.asarray(main.statistic(t), dtype=float)
        take = L.text("outcome_takeaway", lang,
                      p=L.fmt_prob(data.probability(main.scenario.name, t.name), lang),
                      q25=_quantile_text(t, values, 0.25, lang),
                      q75=_quantile_text(t, values, 0.75, lang))
        desc = L.describe_target(t, lang)
        title = (L.text("outcome_title_window", lang, a=t.start + 1, b=t.year, desc=desc)
                 if t.measure == "average_growth"
                 else L.text("outcome_title", lang, year=t.year, desc=desc))
        md.figure(name, title, take)


def _md_by_year(data: _ReportData, md: _Md) -> None:
    lang, sc = data.lang, data.main.scenario
    md.add(L.text("by_year_intro", lang, scenario=data.label(sc.name)), "")
    for t, table, name in zip(data.head, data.by_year, md.charts.by_year):
        take = L.text("by_year_takeaway", lang, p0=L.fmt_prob(table["probability"].iloc[0],
                                                               lang),
                      y0=int(table.index[0]), p1=L.fmt_prob(table["probability"].iloc[-1],
                                                            lang),
                      y1=int(table.index[-1]))
        md.figure(name, L.text("by_year_title", lang, desc=L.describe_target(t, lang)), take)


def _md_scenarios(data: _ReportData, md: _Md) -> None:
    lang, sc = data.lang, data.main.scenario
    if not md.charts.comparisons:
        md.add(L.text("one_scenario", lang), "")
        return
    md.add(L.text("scenarios_intro", lang, year=sc.end_year), "")
    for ind, name in md.charts.comparisons:
        meds = sorted((float(s.quantiles(ind, [0.5]).iloc[-1, 0]), s.scenario.name)
                      for s in data.sims)
        take = L.text("scenarios_takeaway", lang, year=sc.end_year,
                      lo=_fan_value(ind, False, meds[0][0], lang), slo=data.label(meds[0][1]),
                      hi=_fan_value(ind, False, meds[-1][0], lang),
                      shi=data.label(meds[-1][1]))
        md.figure(name, L.text("scenarios_title", lang, name=L.indicator_name(ind, lang)),
                  take)


def _md_sensitivity(data: _ReportData, md: _Md) -> None:
    lang, sc, sens = data.lang, data.main.scenario, data.sensitivity
    if sens is None:
        md.add(L.text("no_targets", lang, a=sc.base_year + 1, b=sc.end_year), "")
        return
    md.add(L.text("sensitivity_intro", lang, scenario=data.label(sc.name)), "")
    labels = _tornado_labels(data)
    left_out = sens.attrs.get("left_out", {})
    for t in data.head:
        desc = L.describe_target(t, lang)
        p = data.probability(sc.name, t.name)
        rows = sens[sens["target"] == t.name]
        if rows.empty:
            md.add(L.text("tornado_none", lang, desc=desc, p=L.fmt_prob(p, lang)), "")
            continue
        top = rows.iloc[0]
        name = labels.get(top["assumption"], str(rows.index[0]))
        ends = sorted([top["p_low"], top["p_high"]])
        take = L.text("tornado_takeaway", lang, name=name, lo=L.fmt_prob(ends[0], lang),
                      hi=L.fmt_prob(ends[1], lang))
        md.figure(md.charts.tornadoes.get(t.name), f"{L.text('tornado_title', lang)}: {desc}",
                  take)
        out = left_out.get(t.name, {})
        if out:
            from . import assumptions as A

            md.add(L.text("left_out", lang, names=", ".join(
                labels.get(a) or A.label(a, lang) for a in out)), "")
        effects = data.shapley.get(t.name)
        if t.name in md.charts.shapleys:
            best = effects["effect"].idxmax()
            md.figure(md.charts.shapleys[t.name], L.text("shapley_title", lang, desc=desc),
                      L.text("shapley_takeaway", lang, name=L.indicator_name(best, lang),
                             share=L.fmt_prob(float(effects.loc[best, "effect"]), lang)))


def _spaghetti_n(sim) -> int:
    """How many single outcomes the spaghetti chart draws (and its caption describes)."""
    return min(20, sim.n_paths)


def _md_spaghetti(data: _ReportData, md: _Md) -> None:
    if not md.charts.spaghetti:
        return
    lang, main = data.lang, data.main
    g = main.sample_paths("grdp_real", _spaghetti_n(main), growth=True)   # those drawn
    md.add(L.text("spaghetti_intro", lang), "")
    md.figure(md.charts.spaghetti,
              L.text("spaghetti_title", lang, name=L.growth_name("grdp_real", lang),
                     scenario=data.label(main.scenario.name)),
              L.text("spaghetti_takeaway", lang, lo=L.fmt_percent(float(g.min()), lang),
                     hi=L.fmt_percent(float(g.max()), lang)))


# -- the sections of issues 15 (this year's releases) and 13 (the panel test) ---------------
def _date_text(text: str, lang: str, *, in_text: bool = True) -> str:
    """A date of the data (``2026-07-05``, ``2026-07``; a year as it is) as the report
    prints it: ``05/07/2026``, ``tháng 07/2026`` (vi); ``5 July 2026``, ``July 2026``."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return "–"
    if not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", str(text)):
        return str(text)                                  # a year, or as written
    try:
        if len(str(text)) == 7:
            return L.fmt_month(_dt.date.fromisoformat(f"{text}-01"), lang)
        return L.fmt_date(_dt.date.fromisoformat(str(text)), lang, in_text=in_text)
    except ValueError:
        return str(text)


def _growth_head(data: _ReportData):
    """The headline target of average real GRDP growth (None if there is none)."""
    return next((t for t in data.head if t.indicator == "grdp_real"
                 and t.measure == "average_growth"), None)


def _md_nowcast(data: _ReportData, md: _Md) -> None:
    lang, nd = data.lang, data.nowcast
    sc = data.main.scenario
    if nd is None or not nd.used:
        status = "none" if nd is None else nd.status
        md.add(L.text(f"nowcast_{status}", lang, year=sc.base_year + 1,
                      scenario=data.label(sc.name),
                      boundary=L.boundary_name(sc.boundary, lang)), "")
        return
    nc = nd.nc
    period, rest = L.text(f"period_{nc.period}", lang), L.text(f"rest_{nc.period}", lang)
    pct = lambda x: L.fmt_percent(x, lang)  # noqa: E731
    if nd.release:
        r = nd.release
        src = (L.text("nowcast_source_link", lang, source=r["source"], url=r["source_url"])
               if r["source_url"] else L.text("nowcast_source_plain", lang, source=r["source"]))
        first = L.text("nowcast_release", lang, year=nd.year, value=pct(nc.value),
                       period=period, date=_date_text(r["release_date"], lang), source=src)
    else:
        first = L.text("nowcast_given", lang, year=nd.year, value=pct(nc.value),
                       period=period)
    lo, hi = nc.interval(0.8)
    rem = nd.remaining
    md.add(first + " " + L.text(
        "nowcast_year", lang, median=pct(nc.outcome.median), lohi=_percent_range(lo, hi, lang),
        plan=pct(nc.threshold), p=L.fmt_prob(nc.probability(), lang), rest=rest,
        det=pct(rem.loc["deterministic", "remaining_growth"]),
        p80=pct(rem.loc["p=0.8", "remaining_growth"]),
        exp=pct(rem.loc["expected", "remaining_growth"]), n=nc.bridge.n,
        years=_years_list(nc.bridge.years)), "")
    md.figure(md.charts.nowcast, L.text("nc_title", lang, name=L.growth_name(
        "grdp_real", lang), year=nd.year, period=period), L.text(
        "nowcast_fig_takeaway", lang, plan=pct(nc.threshold),
        p=L.fmt_prob(nc.probability(), lang), rest=rest,
        det=pct(rem.loc["deterministic", "remaining_growth"])),
        source=L.text("nowcast_fig_source", lang, years=_years_list(nc.bridge.years),
                      period=period))
    _md_nowcast_update(data, md)


def _md_nowcast_update(data: _ReportData, md: _Md) -> None:
    from .targets import load_targets

    lang, nd, sc = data.lang, data.nowcast, data.main.scenario
    up = nd.update
    names = list(dict.fromkeys(up.index.get_level_values("scenario")))
    md.add(L.text("nowcast_update_intro", lang, a=sc.base_year + 1, b=sc.end_year,
                  year=nd.year, n=L.fmt_number(data.n_paths, lang)), "")
    targets = list(dict.fromkeys(up.index.get_level_values("target")))
    official = load_targets()
    described = {tid: official[tid] for tid in targets}
    rows = []
    for tid in targets:
        cells = []
        for n in names:
            r = up.loc[(n, tid)] if (n, tid) in up.index else None
            cells.append("–" if r is None else L.text(
                "nowcast_arrow", lang, before=L.fmt_prob(r["before"], lang),
                after=L.fmt_prob(r["after"], lang)))
        rows.append([L.describe_target(described[tid], lang), *cells])
    md.add(*_md_table([L.text("col_target", lang), *[data.label(n) for n in names]], rows),
           "")
    main = up.xs(names[0], level="scenario")
    head = [t.name for t in data.head if t.name in main.index]  # not the year's own target
    tid = (main.loc[head] if head else main)["change"].abs().idxmax()
    r = main.loc[tid]
    md.add(L.text("nowcast_update_takeaway", lang, scenario=data.label(names[0]),
                  desc=L.lower_first(L.describe_target(described[tid], lang)),
                  before=L.fmt_prob(r["before"], lang), after=L.fmt_prob(r["after"], lang),
                  change=L.fmt_change(100 * r["change"], lang, 1),
                  se=L.fmt_number(100 * r["se_change"], lang, 1)), "")
    kept = L.nowcast_kept(nd.nc.indicator, nd.nc.left_as_assumed(data.main.scenario), lang)
    if kept:
        md.add(kept, "")


def _percent_range(lo: float, hi: float, lang: str, decimals: int = 1) -> str:
    """Two fractions as one range of percents: ``5.5–7.2 %`` (en), ``5,5–7,2%`` (vi)."""
    return (f"{L.fmt_number(100 * lo, lang, decimals)}–{L.fmt_number(100 * hi, lang, decimals)}"
            f"{L.pct_sign(lang)}")


def _years_list(years) -> str:
    """Years as a short list: 2018, 2020–2025."""
    ys = sorted(int(y) for y in years)
    runs, start = [], ys[0]
    for a, b in zip(ys, [*ys[1:], None]):
        if b != a + 1:
            runs.append(f"{start}" if start == a else f"{start}–{a}")
            start = b
    return ", ".join(runs)


def _pct_span(values: Sequence[float], lang: str) -> str:
    """Fractions as one percent with a decimal, or their range: ``80.8–83.0 %``."""
    vals = [v for v in values if math.isfinite(v)]
    if not vals:
        return "–"
    lo, hi = min(vals), max(vals)
    if round(1000 * lo) == round(1000 * hi):
        return L.fmt_percent(lo, lang, 1)
    return _percent_range(lo, hi, lang)


def _num_span(values: Sequence[float], lang: str) -> str:
    """Numbers with two decimals, or their range: ``0.31–0.35``."""
    vals = [v for v in values if math.isfinite(v)]
    if not vals:
        return "–"
    lo, hi = L.fmt_number(min(vals), lang, 2), L.fmt_number(max(vals), lang, 2)
    return lo if lo == hi else f"{lo}–{hi}"


def _trust_on(tr: _Trust, run: tuple, lang: str) -> str:
    """Where a run was tested, and whether in or out of sample (as stored)."""
    panel = tr.short(run[0])
    if run[1] != "rtm":
        return L.text("trust_on_window", lang, panel=panel, window=tr.provenance["window"])
    if tr.sample(run) == "in":
        return L.text("trust_on_in", lang, panel=panel)
    return L.text("trust_on_out", lang, panel=panel, est=tr.short(run[2]))


def _md_trust(data: _ReportData, md: _Md) -> None:
    lang, tr = data.lang, data.trust
    prov = tr.provenance
    firsts = [tr.first(p) for p in tr.panels]
    items = [L.text("trust_panel", lang, n_econ=int(tr.value(r, "all", "n_economies")),
                    panel=tr.names[r[0]], short=tr.short(r[0]),
                    a=int(tr.value(r, "all", "year_first")),
                    b=int(tr.value(r, "all", "year_last")),
                    n=L.fmt_number(int(tr.value(r, "all", "n")), lang),
                    o1=int(tr.value(r, "all", "origin_first")),
                    o2=int(tr.value(r, "all", "origin_last"))) for r in firsts]
    lo, hi = min(tr.values(firsts, _FQ, "entry_low")), max(tr.values(firsts, _FQ, "entry_high"))
    g, a, b = data.facts.get("record_growth", (math.nan, 0, 0))
    member = (L.text("trust_member", lang, g=L.fmt_percent(g, lang), a=a, b=b)
              if math.isfinite(g) and math.isfinite(hi) and g > hi else "")
    md.add(L.text("trust_intro", lang, panels="; ".join(items), window=prov["window"],
                  horizon=prov["horizon"],
                  n=L.fmt_number(int(sum(tr.values(firsts, "all", "n"))), lang),
                  n_fast=L.fmt_number(int(np.nansum(tr.values(firsts, _FQ, "n"))), lang),
                  q=_percent_range(lo, hi, lang), member=member), "")
    day = _dt.date.fromisoformat(prov["date"])
    md.add(*_md_trust_table(data), "",
           L.text("trust_table_note", lang, horizon=prov["horizon"]) + " " + L.text(
               "trust_stored", lang, date=L.fmt_date(day, lang)), "")
    md.add(_trust_words(data), "")
    thresholds = [float(t) for t in prov["thresholds"].split(",")]
    md.figure(md.charts.trust, L.text("trust_fig_title", lang, horizon=prov["horizon"],
                                      panel=tr.short(tr.figure)),
              _trust_takeaway(data), source=L.text(
                  "trust_fig_source", lang, panel=tr.names[tr.figure],
                  n_paths=L.fmt_number(int(prov["n_paths"]), lang), horizon=prov["horizon"],
                  block=prov["year_block"], date=L.fmt_date(day, lang),
                  thresholds=", ".join(L.fmt_percent(t, lang, 0) for t in thresholds)))
    md.add(_trust_hai_phong(data), "")


def _md_trust_table(data: _ReportData) -> list[str]:
    lang, tr = data.lang, data.trust

    def cover(r: tuple, g: str) -> str:
        if not tr.has(r, g):
            return "–"
        p, lo, hi = (float(tr.value(r, g, c)) for c in ("coverage_80", "coverage_80_low",
                                                        "coverage_80_high"))
        return f"{L.fmt_percent(p, lang, 1)} ({_percent_range(lo, hi, lang)})"

    def pit(r: tuple, g: str) -> str:
        return L.fmt_number(float(tr.value(r, g, "mean_pit")), lang, 2) if tr.has(r, g) else "–"

    rows = []
    for k, r in enumerate(tr.runs):
        name = L.model_name(r[1], lang)
        name = name[:1].upper() + name[1:]
        if k == 0 and r[1] == "rtm":
            name = L.text("trust_used", lang, name=name)
        rows.append([name, _trust_on(tr, r, lang), cover(r, "all"), cover(r, _FQ),
                     f"{pit(r, 'all')} / {pit(r, _FQ)}"])
    return _md_table([L.text(k, lang) for k in ("trust_col_model", "trust_col_on",
                                                 "trust_col_all", "trust_col_fast",
                                                 "trust_col_pit")], rows)


def _trust_words(data: _ReportData) -> str:
    """The paragraph on coverage, the outcome's average rank and the criteria."""
    from .evaluation import CRITERIA

    lang, tr = data.lang, data.trust

    def cov(runs: list[tuple]) -> str:
        return L.text("trust_cov", lang, all=_pct_span(tr.values(runs, "all", "coverage_80"),
                                                       lang),
                      fast=_pct_span(tr.values(runs, _FQ, "coverage_80"), lang))

    models = dict.fromkeys(r[1] for r in tr.others)
    others = [L.text("trust_other", lang, name=L.model_name(m, lang),
                     cov=cov([r for r in tr.others if r[1] == m])) for m in models]
    inside = L.text("trust_coverage_in", lang, cov=cov(tr.rtm_in)) if tr.rtm_in else ""
    words = [L.text("trust_coverage", lang, rtm=cov(tr.rtm_shown), inside=inside,
                    others="; ".join(others) or "–")]
    if tr.others:
        pits = tr.values(tr.others, _FQ, "mean_pit")
        lo, hi = CRITERIA["mean_pit"]
        key = ("trust_low" if max(pits) < lo else "trust_high" if min(pits) > hi
               else "trust_centred")
        words.append(L.text(key, lang, pits=_num_span(pits, lang),
                            rtm_pit=_num_span(tr.values(tr.rtm_shown, _FQ, "mean_pit"),
                                              lang)))
    met = []
    for m in dict.fromkeys(r[1] for r in tr.runs):
        items = []
        for r in (r for r in tr.runs if r[1] == m):
            rows = tr.summary.xs(r, level=_RUN_LEVELS)
            sample = "" if m != "rtm" else L.text(f"trust_met_{tr.sample(r)}", lang)
            items.append(L.text("trust_met_item", lang, k=int(rows["criteria_met"].sum()),
                                m=int(rows["criteria"].sum()), panel=tr.short(r[0]),
                                sample=sample))
        met.append(L.text("trust_met", lang, name=L.model_name(m, lang),
                          items=", ".join(items)))
    (c_lo, c_hi), (p_lo, p_hi) = CRITERIA["coverage_80"], CRITERIA["mean_pit"]
    words.append(L.text("trust_criteria", lang, c=L.fmt_prob_range([c_lo, c_hi], lang),
                        p_lo=L.fmt_number(p_lo, lang, 2), p_hi=L.fmt_number(p_hi, lang, 2),
                        met="; ".join(met)))
    return " ".join(words)


def _trust_takeaway(data: _ReportData) -> str:
    lang, tr = data.lang, data.trust

    def bins(r: tuple) -> tuple[int, int]:
        if not tr.has(r, _FQ):
            return 0, 0
        return int(tr.value(r, _FQ, "bins_within_2w")), int(tr.value(r, _FQ, "bins_judged"))

    runs = tr.figure_runs
    rtm = next((r for r in runs if r[1] == "rtm"), tr.runs[0])
    k, m = bins(rtm)
    others = [L.text("trust_fig_other", lang, name=L.model_name(o[1], lang), k=bins(o)[0],
                     m=bins(o)[1]) for o in runs if o[1] != "rtm"]
    return L.text("trust_fig_takeaway", lang, panel=tr.short(tr.figure),
                  rtm=L.model_name("rtm", lang), k=k, m=m, others="; ".join(others) or "–")


def _trust_hai_phong(data: _ReportData) -> str:
    lang, tr = data.lang, data.trust
    gap = lambda r: abs(float(tr.value(r, _FQ, "coverage_80")) - 0.8)  # noqa: E731
    worse = bool(tr.others) and max(map(gap, tr.rtm_shown)) < min(map(gap, tr.others))
    t = _growth_head(data)
    names = [s.scenario.name for s in data.sims]
    if "outside_view" in names and t is not None and len(names) > 1:
        rest = [L.text("trust_outside_item", lang, p=L.fmt_prob(data.probability(n, t.name),
                                                                 lang),
                       scenario=data.label(n)) for n in names if n != "outside_view"]
        outside = L.text("trust_outside", lang, desc=L.lower_first(L.describe_target(t, lang)),
                         p=L.fmt_prob(data.probability("outside_view", t.name), lang),
                         others=", ".join(rest))
    else:
        outside = L.text("trust_no_outside", lang)
    return L.text("trust_hp", lang, verb=L.text("trust_verb_worse", lang) if worse else "",
                  outside=outside)


def _assumption_rows(sc, lang: str) -> dict[str, str]:
    """Row label → this scenario's cell, for the one assumptions table."""
    rows: dict[str, str] = {}
    for drv in sc.growth:
        ds = list(sc.growth[drv].values())
        mean = float(np.mean([d.mean for d in ds]))
        sd = float(np.mean([float(getattr(d, "std", 0.0)) for d in ds]))
        key = ("row_residual" if drv in sc.all_links else "row_growth")
        label = L.text(key, lang, name=L.indicator_name(drv, lang))
        rows[label] = (f"{L.fmt_number(100 * mean, lang, 1)} ± {L.fmt_number(100 * sd, lang, 1)}"
                       if sd > 0 else f"{L.fmt_number(100 * mean, lang, 2)} "
                                      f"({L.text('fixed', lang)})")
    for drv, lv in dict(sc.levels).items():
        rows[L.text("row_level", lang, name=L.indicator_name(drv, lang))] = (
            f"{L.fmt_value(lv.median, '', lang, indicator=drv)} "
            f"({L.fmt_number(lv.sd, lang, 2)})")
    rows[L.text("row_persistence", lang)] = _fmt_persistence(sc.persistence, lang)
    for (a, b), r in dict(sc.correlation).items():
        rows[L.text("row_corr", lang, a=L.indicator_name(a, lang),
                    b=L.indicator_name(b, lang))] = L.fmt_number(r, lang)
    for k, v in dict(sc.base_values).items():
        if isinstance(v, (int, float)):
            rows[L.text("row_base", lang, name=L.indicator_name(k, lang),
                        year=sc.base_year)] = L.fmt_value(float(v), "", lang, indicator=k)
    for k, v in dict(sc.buoyancy).items():
        rows[L.text("row_buoyancy", lang, name=L.indicator_name(k, lang))] = \
            L.fmt_number(v, lang)
    for k, link in dict(sc.links).items():
        rows[L.text("row_link", lang, name=L.indicator_name(k, lang),
                    source=L.lower_first(L.indicator_name(link.source, lang)))] = \
            L.fmt_number(link.elasticity, lang)
    return rows


def _plain_description(sc, lang: str) -> str:
    """A ready-made scenario in plain words, with its numbers ('' for other scenarios)."""
    from . import scenarios as ready

    if not _is_ready_made(sc):
        return ""
    gap = (float(ready.record_statistics().at["plan_gap_mean", "value"])
           if sc.name == "plan_adjusted" else None)
    words = L.scenario_summary(sc.name, lang, gap=gap)
    if sc.name == "outside_view":
        g = float(ready.outside_view_statistics().at["average_growth_median", "value"])
        words += L.text("outside_median", lang, a=sc.base_year + 1, b=sc.end_year,
                        g=L.fmt_percent(g, lang))
    return words


def _md_assumptions(data: _ReportData, md: _Md) -> None:
    lang, sc = data.lang, data.main.scenario
    md.add(L.text("annex_assumptions_intro", lang, a=sc.base_year + 1, b=sc.end_year), "")
    cols = {s.name: _assumption_rows(s, lang) for s in data.scenarios}
    labels = list(dict.fromkeys(lab for rows in cols.values() for lab in rows))
    md.add(*_md_table([L.text("col_assumption", lang), *[data.label(n) for n in cols]],
                      [[lab, *[cols[n].get(lab, "–") for n in cols]] for lab in labels]), "")
    md.add(L.text("words_intro", lang), "")
    for s in data.scenarios:
        words = _plain_description(s, lang) or L.text("own_scenario", lang)
        md.add(f"- **{data.label(s.name)}**: {words}")
    md.add("")


def _md_boundary(data: _ReportData, md: _Md) -> None:
    lang, sc = data.lang, data.main.scenario
    if not data.others:
        md.add(L.text("no_annex_b", lang, year=data.year), "")
        return
    others = sorted({t.boundary for t in data.others})
    md.add(L.text("annex_boundary_intro", lang, year=data.year,
                  other=", ".join(L.boundary_name(b, lang) for b in others),
                  boundary=L.boundary_name(sc.boundary, lang)), "")
    header = [L.text("col_target", lang), L.text("col_document", lang),
              L.text("col_status", lang), *[data.label(s.scenario.name) for s in data.sims],
              L.text("col_why", lang)]
    rows = []
    for t in data.others:
        cells = []
        for s in data.sims:
            p = data.probability(s.scenario.name, t.name)
            cells.append(L.fmt_prob(p, lang) if math.isfinite(p)
                         else L.text("not_evaluable", lang))
        why = L.text("why_growth" if t.measure == "average_growth" else "why_level", lang)
        note = data.notes.get((sc.name, t.name), "") if lang == "vi" else ""
        if t.measure == "average_growth" and t.start < sc.base_year and lang == "vi" and note:
            why = note
        rows.append([L.describe_target(t, lang), L.document_name(t.document, lang),
                     L.text(f"status_{t.status}", lang), *cells, why])
    md.add(*_md_table(header, rows), "")


def _md_register(data: _ReportData, md: _Md) -> None:
    lang, sc = data.lang, data.main.scenario
    md.add(L.text("register_intro", lang, a=sc.base_year + 1, b=sc.end_year), "")
    header = [L.text(k, lang) for k in ("col_target", "col_document", "col_date",
                                        "col_territory", "col_status", "col_scored",
                                        "col_why_not")]
    rows = [[r["description"], r["document"], _date_text(r["document_date"], lang, in_text=False),
             L.boundary_name(r["boundary"], lang), L.text(f"status_{r['status']}", lang),
             L.text("yes" if r["evaluable"] else "no", lang), r["why_not"]]
            for _, r in data.register.iterrows()]
    md.add(*_md_table(header, rows), "")


def _tech_trust(tr: _Trust, lang: str, k: int) -> str:
    """The annex's note on the stored evaluation: what computed it and how to again."""
    p = tr.provenance
    call = (f"`hpf.evaluate(hpf.load_panel(panel), model=model, parameters=parameters, "
            f"window={p['window']}, horizon={p['horizon']}, n_paths={p['n_paths']}, "
            f"n_boot={p['n_boot']}, seed={p['seed']})`")
    return L.text("tech_trust", lang, k=k, call=call, command=f"`{p['command'].strip()}`",
                  date=L.fmt_date(_dt.date.fromisoformat(p["date"]), lang),
                  version=p["hpforecast_version"], commit=p["git_commit"][:7],
                  minutes=max(1, round(float(p["seconds"]) / 60)))


def _md_tech(data: _ReportData, md: _Md, workbook: bool) -> None:
    lang = data.lang
    md.add(L.text("tech_mc", lang, n_paths=L.fmt_number(data.n_paths, lang), seed=data.seed,
                  sampler=f"`{data.sampler}`", mc=L.fmt_number(data.mc_points, lang, 1)), "",
           L.text("tech_bands", lang), "", L.text("tech_sensitivity", lang), "")
    if data.trust is not None:
        md.add(_tech_trust(data.trust, lang, md.numbers.get("_md_trust", 7)), "")
    nd = data.nowcast
    if nd is not None and nd.used:
        nc = nd.nc
        md.add(L.text("tech_nowcast", lang, k=md.numbers.get("_md_nowcast", 3),
                      call=f"`hpf.nowcast({nd.year}, {dict(nd.known)!r}).update(scenario, "
                           f"n_paths={data.n_paths}, seed={data.seed})`",
                      model=L.text(f"model_{nc.bridge.model}", lang), n=nc.bridge.n,
                      years=_years_list(nc.bridge.years),
                      vintage=L.text(f"vintage_{nc.bridge.vintage}", lang)), "")
    elif nd is None or nd.status == "none":
        md.add(L.text("tech_nowcast_howto", lang, k=md.numbers.get("_md_nowcast", 3)), "")
    if data.table_targets:
        md.add(L.text("tech_ids", lang), "")
        md.add(*_md_table([L.text("col_target", lang), L.text("col_id", lang)],
                          [[L.describe_target(t, lang), f"`{t.name}`"]
                           for t in data.table_targets]), "")
    if any(s.description for s in data.scenarios) and lang == "en":
        md.add(L.text("tech_descriptions", lang), "")
        md.add(*[f"- `{s.name}`: {s.description}" for s in data.scenarios if s.description],
               "")
    md.add(*_md_repro(data, workbook))


def _md_repro(data: _ReportData, workbook: bool) -> list[str]:
    from . import plot

    lang, command = data.lang, data.command
    known = (dict(data.nowcast.known) if data.nowcast is not None
             and data.nowcast.status == "given" else {})
    md = []
    if command or not data.api_scenarios or data.scenario_file is not None:
        md += [L.text("repro_intro", lang), "", "```",
               command or _default_command(lang, data.n_paths, data.seed, data.scenario_file,
                                           known),
               "```", ""]
    if data.api_scenarios and not command:
        # Scenarios built in Python have no file of their own: point to their copies.
        rest = data.scenarios[1:] if data.scenario_file is not None else data.scenarios
        md += [L.text("repro_api", lang), "", "```"]
        for sc in rest:
            toml = f"scenarios/{_slug(sc.name)}.toml"
            md += [shlex.join(["hpforecast", "run", toml]),
                   _default_command(lang, data.n_paths, data.seed, toml, known)]
        md += ["```", ""]
    md += _md_table([L.text("run_key", lang), L.text("run_value", lang)],
                    [[f"`{k}`", f"`{v}`" if v else ""] for k, v in data.run.items()
                     if k != "command"])
    cm = "cm"
    md += ["", L.text("svg_note", lang,
                      col=f"{L.fmt_number(plot.PRINT_WIDTH_CM['column'], lang)} {cm}",
                      full=f"{L.fmt_number(plot.PRINT_WIDTH_CM['full'], lang)} {cm}"), "",
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


# -- the tables as written: headers and labels in the report's language -------------------------
_BOOLEAN_COLUMNS = ("evaluable", "met", "within_2w", "judged")


def _localised(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A table as written in ``lang``: in Vietnamese, the headers, the scenario names,
    units, territories, statuses and yes/no cells translated (numbers untouched)."""
    if lang == "en":
        return frame
    out = frame.reset_index()
    for col in out.columns:
        if col == "scenario":
            out[col] = [L.scenario_label(v, lang) for v in out[col]]
        elif col == "unit":
            out[col] = [L.unit_name(v, lang) for v in out[col]]
        elif col == "boundary":
            out[col] = [L.boundary_name(v, lang) if isinstance(v, str) else v
                        for v in out[col]]
        elif col == "status":
            out[col] = [L.text(f"status_{v}", lang) if isinstance(v, str) and v else v
                        for v in out[col]]
        elif col == "model":
            out[col] = [L.model_name(v, lang) for v in out[col]]
        elif col == "group":
            out[col] = [L.group_name(v, lang) for v in out[col]]
        elif col in _BOOLEAN_COLUMNS:
            out[col] = [L.text("yes" if bool(v) else "no", lang) if pd.notna(v) else ""
                        for v in out[col]]
    index = [L.column_name(n, lang) for n in frame.index.names if n is not None]
    out.columns = [L.column_name(c, lang) for c in out.columns]
    return out.set_index(index) if index else out


def _write_tables(root: Path, tables: dict[str, pd.DataFrame], lang: str) -> None:
    """Every table as CSV, UTF-8 with a byte-order mark (Excel reads the encoding)."""
    for name, frame in tables.items():
        _localised(frame, lang).to_csv(root / f"{name}.csv", encoding="utf-8-sig")


def _number_format(column: str) -> str | None:
    """The Excel number format of a report column (None: leave as is)."""
    c = str(column)
    if c in ("probability", "ci_low", "ci_high", "p_base", "p_low", "p_high", "effect",
             "effect_low", "effect_high", "met_by_year", "chance", "achieved_probability",
             "current_probability", "first_order", "total", "before", "after",
             "coverage_50", "coverage_80", "coverage_80_low", "coverage_80_high",
             "coverage_90", "mean_predicted", "observed"):
        return "0.0%"
    if c in ("mean_pit", "pit_low", "pit_high", "brier", "brier_reliability",
             "brier_resolution"):
        return "0.000"
    if c in ("delta_low", "delta_high", "se", "first_order_se", "total_se", "change",
             "se_change", "se_before", "se_after", "obs_minus_pred", "ci_low_2w",
             "ci_high_2w", "year_growth", "remaining_growth"):
        return "0.00%"
    if c in ("growth", "growth_needed", "current_growth", "plan", "plan_high", "outcome",
             "gap"):
        return "0.00%"
    if c in ("mean", "sd", "value", "threshold", "threshold_high", "p05", "p20", "p35",
             "p50", "p65", "p80", "p95", "low", "high", "median_base", "median_low",
             "median_high"):
        return "#,##0.####"
    if c in ("n_paths", "percent", "n_targets"):
        return "#,##0"
    return None


def _write_workbook(path: Path, tables: dict[str, pd.DataFrame], lang: str = "en") -> bool:
    """One workbook: a readable sheet per table, frozen headers, number formats."""
    try:
        import openpyxl  # noqa: F401
        from openpyxl.utils import get_column_letter
    except ImportError:
        return False
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        for name, frame in tables.items():
            shown = _localised(frame, lang)
            sheet = L.sheet_name(name, lang)
            shown.to_excel(xw, sheet_name=sheet)
            ws = xw.sheets[sheet]
            n_index = max(1, len([n for n in shown.index.names if n is not None]))
            ws.freeze_panes = ws.cell(row=2, column=n_index + 1)
            columns = [*frame.index.names, *frame.columns] if any(
                n is not None for n in frame.index.names) else ["", *frame.columns]
            for j, col in enumerate(columns, start=1):
                letter = get_column_letter(j)
                ws.column_dimensions[letter].width = min(
                    48, max(10, len(str(L.column_name(col, lang) if col else "")) + 2))
                fmt = _number_format(col) if col else None
                if fmt:
                    for cell in ws[letter][1:]:
                        cell.number_format = fmt
    return True


# -- the whole build -----------------------------------------------------------------------
def _report_steps(scs) -> int:
    """About how many steps a report takes (for the progress bar)."""
    return len(scs) + 22


def _build(root: Path, scs, *, lang: str, n_paths: int, seed: int, sampler: str,
           command: str | None, scenario_file: str | os.PathLike | None = None,
           api_scenarios: bool = False, progress: bool | None = None,
           nowcast: Mapping[str, float] | bool | None = None) -> None:
    """Compute, draw and write the report into the (new, empty) folder ``root``."""
    from .progress import progress_bar
    from .scenario_io import scenario_to_toml

    bar = progress_bar(total=_report_steps(scs), desc="hpforecast report",
                       progress=progress, unit="step")

    def step(what: str) -> None:
        bar.set_postfix_str(what)
        bar.update(1)

    try:
        with warnings.catch_warnings():
            # Boundary notes (old-city targets on merged-city paths, records read from
            # another boundary) go into the tables' notes; every other warning (floored
            # growth, precision) still reaches the user.
            warnings.simplefilter("ignore", BoundaryWarning)
            data = _compute(scs, lang=lang, n_paths=n_paths, seed=seed, sampler=sampler,
                            command=command, scenario_file=scenario_file,
                            api_scenarios=api_scenarios, progress=step, nowcast=nowcast)
            for sub in ("charts", "tables", "scenarios"):
                (root / sub).mkdir()
            for sc in scs:
                (root / "scenarios" / f"{_slug(sc.name)}.toml").write_text(
                    scenario_to_toml(_toml_scenario(sc, lang),
                                     settings={"n_paths": n_paths, "seed": seed,
                                               "sampler": sampler}), encoding="utf-8")
            _write_tables(root / "tables", data.tables, lang)
            charts = _draw(data, root / "charts", progress=step)
        step("workbook")
        workbook = _write_workbook(root / "report.xlsx", data.tables, lang)
        (root / "report.md").write_text(_markdown(data, charts, workbook=workbook),
                                        encoding="utf-8")
        _write_marker(root, data.now.isoformat())
    finally:
        bar.close()
    if not workbook:
        print("hpforecast: note: report.xlsx was not written because openpyxl is not "
              "installed; pip install \"hpforecast[excel]\" to get it (the tables are in "
              "tables/*.csv).", file=sys.stderr)


def _toml_scenario(sc, lang: str):
    """The scenario as its file is written: in a Vietnamese report, a ready-made
    scenario's description in Vietnamese."""
    words = _plain_description(sc, lang) if lang == "vi" else ""
    return sc.replace(description=words) if words else sc


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
        return "; ".join(f"{L.indicator_name(k, lang)}: {one(v)}" for k, v in pers.items())
    return one(pers)


def _default_command(lang: str, n_paths: int, seed: int,
                     scenario_file: str | os.PathLike | None = None,
                     nowcast: Mapping[str, float] | None = None) -> str:
    """The ``hpforecast report`` command that writes this report again (quoted for a
    shell); ``nowcast`` the partial-year figures given (``--q1``, ``--h1``, ``--9m``)."""
    words = ["hpforecast", "report", "--out", "DIR"]
    if scenario_file is not None:
        words += ["--scenario", os.fspath(scenario_file)]
    words += ["--paths", str(n_paths), "--seed", str(seed)]
    for period, value in (nowcast or {}).items():
        words += [f"--{period.lower()}", f"{value:g}"]
    if lang != "en":
        words += ["--lang", lang]
    return shlex.join(words)
