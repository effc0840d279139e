"""Progress bars for long work: one rule for when to show them.

The report command, :func:`hpforecast.sobol`, :func:`hpforecast.shapley`,
:func:`hpforecast.backtest` and :func:`hpforecast.evaluate` over many origins, and
:func:`hpforecast.probability_curve` and :func:`hpforecast.growth_needed` over many
points show a progress bar (tqdm, which draws in terminals and in Jupyter alike). Each
takes ``progress``:

``None`` (the default)
    A bar only when someone can see it: standard error is a terminal, or the code runs
    in a Jupyter kernel. Never in a pipe, a log file, a test or CI.
``True``
    Always (tqdm writes to standard error).
``False``
    Never.

The bar goes to standard error and leaves no line behind (``leave=False``), so that
printed results stay clean.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["show_progress", "progress_bar", "check_progress"]


def _in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    try:
        ip = shell.get_ipython()
    except AttributeError:  # pragma: no cover - a stub IPython
        return False
    return ip is not None and type(ip).__name__ == "ZMQInteractiveShell"


def show_progress(progress: bool | None) -> bool:
    """Whether to draw a bar for ``progress`` (None: only in a terminal or a notebook).

    Examples
    --------
    >>> from hpforecast.progress import show_progress
    >>> show_progress(False), show_progress(True)
    (False, True)
    """
    if check_progress(progress) is not None:
        return progress
    if os.environ.get("CI") or os.environ.get("PYTEST_CURRENT_TEST"):
        return False
    try:
        tty = sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):
        tty = False
    return tty or _in_notebook()


def check_progress(progress: object) -> bool | None:
    """``progress`` itself when it is True, False or None; a named TypeError otherwise.

    Examples
    --------
    >>> from hpforecast.progress import check_progress
    >>> check_progress(None) is None
    True
    >>> check_progress("yes")
    Traceback (most recent call last):
    ...
    TypeError: progress must be True, False or None; got 'yes'.
    """
    if progress is not None and not isinstance(progress, bool):
        raise TypeError(f"progress must be True, False or None; got {progress!r}.")
    return progress


class _Quiet:
    """The stand-in for a bar when none is shown: iterates, and updates nothing."""

    def __init__(self, iterable: Iterable | None):
        self._it = iterable

    def __iter__(self) -> Iterator:
        return iter(self._it if self._it is not None else ())

    def update(self, n: int = 1) -> None:
        return None

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None:
        return None

    def close(self) -> None:
        return None

    def __enter__(self) -> _Quiet:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None


def progress_bar(iterable: Iterable | None = None, *, total: int | None = None,
                 desc: str = "", progress: bool | None = None, unit: str = "it"):
    """A tqdm bar over ``iterable`` (or one updated by hand, with ``total``), or a silent
    stand-in with the same methods when :func:`show_progress` says no.

    Examples
    --------
    >>> from hpforecast.progress import progress_bar
    >>> sum(progress_bar(range(4), desc="adding", progress=False))
    6
    """
    if not show_progress(progress):
        return _Quiet(iterable)
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc, unit=unit, leave=False,
                file=sys.stderr, dynamic_ncols=True)
