"""The ``hpforecast`` command.

``hpforecast``                      probability of each 2030 target under the ready-made scenarios
                                    (plan, trend, plan_adjusted and the outside view)
``hpforecast run FILE.toml``        the same for a scenario file (the targets of 2030, or of
                                    the latest simulated year with targets if it ends sooner)
``hpforecast data``                 latest recorded value of each indicator, and the 2030 targets
``hpforecast report --out DIR``     a report folder: charts, tables (CSV, XLSX) and report.md
``hpforecast nowcast --h1 0.118``   this year from the half-year figure: its probability, what
                                    the second half must deliver, and the 2026–2030
                                    probabilities of the plan scenario before and after

Errors in the input are one line (exit 2); Ctrl-C and SIGTERM stop with one line too
(exit 130 and 143).
"""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
import warnings
from pathlib import Path

import pandas as pd

__all__ = ["main"]

DEFAULT_PATHS = 100_000
DEFAULT_SEED = 2030


def _fmt_value(v: float, unit: str) -> str:
    if unit.startswith("fraction"):
        return f"{100 * v:.2f} %"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:,.6g}"


def _data_text() -> str:
    from .data import catalogue, load_history
    from .targets import load_targets

    hist = load_history()
    cat = catalogue()
    pref = hist[hist["preferred"] & hist["start_year"].isna()]
    lines = ["Latest recorded value of each indicator (preferred source)", ""]
    rows = []
    for ind in cat.index:
        sel = pref[(pref["indicator"] == ind) & pref["boundary"].isin(["old_city",
                                                                        "merged_city"])]
        if sel.empty:
            continue
        r = sel.sort_values(["year", "boundary"]).iloc[-1]
        rows.append([ind, str(r["year"]), _fmt_value(r["value"], r["unit"]), r["unit"],
                     r["boundary"], r["kind"], r["source"]])
    lines += _table(["indicator", "year", "value", "unit", "boundary", "kind", "source"], rows)
    lines += ["", "Targets for 2030", ""]
    rows = []
    for t in load_targets().filter(year=2030):
        val = _fmt_value(t.threshold, t.unit)
        if t.threshold_high is not None:
            val += f" to {_fmt_value(t.threshold_high, t.unit)}"
        rows.append([t.name, f"{t.comparison} {val}", t.boundary or "", t.status,
                     t.document[:48]])
    lines += _table(["target", "value", "boundary", "status", "document"], rows)
    lines += ["", "Sources: hpforecast/data/SOURCES.md; every row of hpf.load_history() "
                  "and hpf.load_targets() carries its URL."]
    return "\n".join(lines)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    out = ["  ".join(str(h).ljust(w) for h, w in zip(header, widths)),
           "  ".join("-" * w for w in widths)]
    out += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)) for r in rows]
    return out


def _wide_table(scenarios, *, n_paths: int, seed: int, sampler: str = "mc") -> pd.DataFrame:
    """Probability (with se) of every evaluable target of the headline year, one column
    per scenario: :func:`hpforecast.probability_table` turned for printing."""
    from .targets import headline_year, load_targets
    from .whatif import probability_table

    first = scenarios[0]
    year = headline_year(load_targets(), first.base_year + 1, first.end_year)
    targets = load_targets().filter(year=year, evaluable=True)
    long = probability_table(scenarios, targets, n_paths=n_paths, seed=seed, sampler=sampler)
    names = long.attrs["scenarios"]
    meta = targets.to_frame()
    out = long.xs(names[0], level="scenario")[["threshold", "unit", "boundary", "note"]].copy()
    out.insert(1, "threshold_high", meta.loc[out.index, "threshold_high"])
    out.insert(3, "status", meta.loc[out.index, "status"])
    for name in names:
        tab = long.xs(name, level="scenario")
        out[name] = tab["probability"]
        out[f"{name}_se"] = tab["se"]
    out.attrs.update(n_paths=n_paths, seed=seed, sampler=sampler, year=year)
    return out


def _probability_text(table: pd.DataFrame, names: list[str]) -> str:
    rows = []
    for tid, r in table.iterrows():
        thr = _fmt_value(r["threshold"], r["unit"] or "")
        if pd.notna(r["threshold_high"]):
            thr += f" ({_fmt_value(r['threshold_high'], r['unit'] or '')} top)"
        cells = []
        for n in names:
            p, se = r[n], r[f"{n}_se"]
            if pd.isna(p):
                cells.append("not evaluable")
            elif 0 < p < 0.0005 or 0.9995 < p < 1:
                cells.append(f"{'< 0.1' if p < 0.5 else '> 99.9'} % ± {100 * se:.2f}")
            else:
                cells.append(f"{100 * p:5.1f} % ± {100 * se:.1f}")
        note = r["note"] if isinstance(r["note"], str) else ""
        rows.append([tid, r["status"], thr, *cells, note[:60]])
    sampler = table.attrs.get("sampler", "mc")
    lines = [
        f"Probability of meeting each {table.attrs['year']} target "
        f"({table.attrs['n_paths']:,} paths, seed "
        f"{table.attrs['seed']}{'' if sampler == 'mc' else f', sampler {sampler}'}); ± is "
        "one Monte Carlo standard error, in points",
        "",
    ]
    lines += _table(["target", "status", "threshold", *names, "note"], rows)
    return "\n".join(lines)


def _run(scenarios, n_paths: int, seed: int, sampler: str = "mc") -> str:
    table = _wide_table(scenarios, n_paths=n_paths, seed=seed, sampler=sampler)
    text = _probability_text(table, [s.name for s in scenarios])
    descr = [f"- {s.name}: {s.description}" for s in scenarios if s.description]
    return text + ("\n\nScenarios:\n" + "\n".join(descr) if descr else "")


def _known(args: argparse.Namespace) -> dict[str, float]:
    """The partial-year figures given as ``--q1``, ``--h1``, ``--9m``: period -> growth."""
    return {p: v for p, v in (("Q1", args.q1), ("H1", args.h1), ("9M", args.nine_months))
            if v is not None}


def _report(args: argparse.Namespace, argv: list[str] | None) -> int:
    """``hpforecast report``: exit 0 when written, 2 for bad input or an existing
    folder, 1 when writing failed (the folder is then left as it was). The command's
    own messages are in the report's language; the library's errors stay in English."""
    from . import _i18n as L
    from ._warnings import ReportRecoveryWarning
    from .report import ReportExistsError, write_report

    lang = args.lang
    words = sys.argv[1:] if argv is None else list(argv)
    # quoted for a shell, so that paths with spaces run as given (--scenario included)
    command = shlex.join(["hpforecast", *map(str, words)])
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ReportRecoveryWarning)
            try:
                out = write_report(args.out, scenario_file=args.scenario, lang=lang,
                                   n_paths=args.paths, seed=args.seed, force=args.force,
                                   command=command, nowcast=_known(args) or None)
            finally:
                for w in caught:  # notes as one line each; other warnings as usual
                    if issubclass(w.category, ReportRecoveryWarning):
                        text = str(w.message).removeprefix("hpforecast report: ")
                        print(L.text("cli_note", lang, text=text), file=sys.stderr)
                    else:
                        warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    except (ReportExistsError, ValueError, TypeError) as exc:
        print(L.text("cli_error", lang, text=exc), file=sys.stderr)
        return 2
    except OSError as exc:
        print(L.text("cli_not_written", lang, exc=exc, out=repr(args.out)), file=sys.stderr)
        return 1
    print(L.text("cli_written", lang, out=out, md=out / "report.md"))
    return 0


def _nowcast(args: argparse.Namespace) -> str:
    """``hpforecast nowcast``: the nowcast in sentences and the plan scenario's update."""
    from . import _i18n as L
    from . import scenarios
    from ._warnings import ShortSampleWarning
    from .nowcast import nowcast
    from .targets import load_targets

    known = _known(args)
    if not known:
        raise ValueError("give at least one of --q1, --h1, --9m (cumulative growth so far, "
                         "a fraction like 0.118).")
    lang = args.lang
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ShortSampleWarning)
        nc = nowcast(args.year, known)
        plan = scenarios.plan()
        table = nc.update(plan, n_paths=DEFAULT_PATHS if args.paths is None else args.paths,
                          seed=DEFAULT_SEED if args.seed is None else args.seed)
    for w in caught:
        if issubclass(w.category, ShortSampleWarning):
            print(f"hpforecast: note: {w.message}", file=sys.stderr)
        else:
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    a, b = table.attrs["years"]
    lines = [*nc.lines(lang), "",
             L.text("nc_update_head", lang, a=a, b=b, year=nc.year,
                    scenario=L.scenario_label(plan.name, lang)), ""]
    targets = load_targets()
    rows = [[L.describe_target(targets[tid], lang), L.fmt_percent(r["before"], lang),
             L.fmt_percent(r["after"], lang),
             (f"{L.fmt_number(100 * r['change'], lang, 1)} "
              f"({L.fmt_number(100 * r['se_change'], lang, 1)})")]
            for tid, r in table.iterrows()]
    lines += _table([L.text(k, lang) for k in ("nc_col_target", "nc_col_before",
                                               "nc_col_after", "nc_col_change")], rows)
    lines += ["", L.text("nc_update_note", lang, n=L.fmt_number(table.attrs["n_paths"], lang),
                         seed=table.attrs["seed"])]
    kept = L.nowcast_kept(nc.indicator, nc.left_as_assumed(plan), lang)
    if kept:
        lines.append(kept)
    return "\n".join(lines)



class _Terminated(BaseException):
    """SIGTERM, turned into an exception so that a report being written is cleaned up."""


def _terminate(signum, frame):
    raise _Terminated


def main(argv: list[str] | None = None) -> int:
    """Run the command line; Ctrl-C or SIGTERM stop it with one line (exit 130, 143)."""
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except (ValueError, OSError, AttributeError):  # not the main thread
        previous = None
    report, args = False, None
    try:
        args = _parse(argv)
        report = args.command == "report"
        return _main(args, argv)
    except (KeyboardInterrupt, _Terminated) as exc:
        from . import _i18n as L

        lang = getattr(args, "lang", "en") if args is not None else "en"
        where = L.text("cli_where", lang, out=repr(args.out)) if report else ""
        key = "cli_interrupted" if isinstance(exc, KeyboardInterrupt) else "cli_stopped"
        print(L.text(key, lang, where=where), file=sys.stderr)
        return 130 if isinstance(exc, KeyboardInterrupt) else 143
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="hpforecast",
        description="How likely is each of Hai Phong's 2030 targets? Without a command: "
                    "the ready-made scenarios on the embedded data.")
    # Options may come before or after the command; a value given anywhere wins over the
    # scenario file's settings, which win over the defaults.
    parser.add_argument("--paths", type=int, default=None,
                        help=f"number of simulated paths (default {DEFAULT_PATHS:,})")
    parser.add_argument("--seed", type=int, default=None,
                        help=f"random seed (default {DEFAULT_SEED})")
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="probabilities for a scenario file (TOML)")
    run.add_argument("scenario", help="path to a scenario .toml file")
    run.add_argument("--paths", type=int, default=argparse.SUPPRESS)
    run.add_argument("--seed", type=int, default=argparse.SUPPRESS)
    sub.add_parser("data", help="latest recorded values and the 2030 targets, with sources")
    rep = sub.add_parser(
        "report", help="write a report folder: charts, tables and report.md",
        description="Write every chart (PNG 300 dpi and SVG), the tables (CSV and one XLSX "
                    "workbook) and report.md into DIR. DIR is replaced only when the report "
                    "is complete, and an existing report only with --force.")
    rep.add_argument("--out", required=True, metavar="DIR", help="the report folder")
    rep.add_argument("--scenario", metavar="FILE.toml", default=None,
                     help="a scenario file (default: the ready-made plan, trend and "
                          "plan_adjusted scenarios)")
    rep.add_argument("--lang", choices=("en", "vi"), default="en",
                     help="language of the report and charts (default en)")
    rep.add_argument("--force", action="store_true", help="replace an existing report")
    _partial_year_options(rep, "for the report's section on this year's releases (default: "
                               "the latest embedded release of the first simulated year)")
    rep.add_argument("--paths", type=int, default=argparse.SUPPRESS,
                     help=f"paths per scenario (default: the file's, else {DEFAULT_PATHS:,})")
    rep.add_argument("--seed", type=int, default=argparse.SUPPRESS,
                     help=f"random seed (default: the file's, else {DEFAULT_SEED})")
    now = sub.add_parser(
        "nowcast", help="this year from the releases so far (Q1, H1, 9M growth)",
        description="The year's real GRDP growth given the cumulative growth so far: its "
                    "distribution, the probability of the annual plan, what the remaining "
                    "months must deliver, and the plan scenario's 2026–2030 probabilities "
                    "before and after.")
    _partial_year_options(now, "")
    now.add_argument("--year", type=int, default=2026, help="the year (default 2026)")
    now.add_argument("--lang", choices=("en", "vi"), default="en",
                     help="language (default en)")
    now.add_argument("--paths", type=int, default=argparse.SUPPRESS,
                     help=f"paths per scenario (default {DEFAULT_PATHS:,})")
    now.add_argument("--seed", type=int, default=argparse.SUPPRESS,
                     help=f"random seed (default {DEFAULT_SEED})")
    return parser.parse_args(argv)


def _partial_year_options(parser: argparse.ArgumentParser, what: str) -> None:
    """``--h1``, ``--q1``, ``--9m``: real GRDP growth so far on the same months a year
    before, a fraction."""
    tail = f"; {what}" if what else ""
    parser.add_argument("--h1", type=float, default=None, metavar="G",
                        help=f"growth of the first half on a year before, a fraction (0.118){tail}")
    parser.add_argument("--q1", type=float, default=None, metavar="G",
                        help="growth of the first quarter, a fraction")
    parser.add_argument("--9m", dest="nine_months", type=float, default=None, metavar="G",
                        help="growth of the first nine months, a fraction")


def _main(args: argparse.Namespace, argv: list[str] | None) -> int:
    if args.command == "report":
        return _report(args, argv)

    try:
        if args.command == "data":
            print(_data_text())
            return 0
        if args.command == "nowcast":
            print(_nowcast(args))
            return 0
        if args.command == "run":
            from .scenario import Scenario

            sc, settings = Scenario.from_toml(Path(args.scenario), with_settings=True)
            n = args.paths if args.paths is not None else settings.get("n_paths",
                                                                        DEFAULT_PATHS)
            seed = args.seed if args.seed is not None else settings.get("seed", DEFAULT_SEED)
            print(_run([sc], n, seed, settings.get("sampler", "mc")))
            return 0
        from . import scenarios

        print(_run([getattr(scenarios, name)() for name in scenarios.READY_MADE],
                   DEFAULT_PATHS if args.paths is None else args.paths,
                   DEFAULT_SEED if args.seed is None else args.seed))
        print(f"\nWhy they differ: {scenarios.why_they_differ()}")
        return 0
    except (ValueError, TypeError) as exc:
        print(f"hpforecast: error: {exc}", file=sys.stderr)
        return 2
