"""Input checks shared by the public functions (private module).

Every check raises a built-in ``TypeError`` or ``ValueError`` whose message names the
parameter and echoes the bad value, so that a user never sees a raw numpy, pandas or
scipy traceback for a mistake in their own input.
"""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Iterable

import numpy as np

__all__ = [
    "SAMPLERS",
    "check_real",
    "check_number",
    "check_fraction_growth",
    "check_int",
    "check_probability",
    "check_choice",
    "check_seed",
    "check_indicator",
    "check_type",
    "seed_entropy",
    "check_key",
    "check_bool",
    "check_str",
    "read_text",
]

#: The samplers of :func:`hpforecast.simulate`.
SAMPLERS = ("mc", "antithetic", "sobol")


def _fmt(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def check_real(value: object, name: str) -> float:
    """Return ``value`` (a real number, not a bool) as a float, or raise naming ``name``.

    An integer too large for a float (``10**400``) is a ValueError, not an OverflowError.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {_fmt(value)} of type "
                        f"{type(value).__name__}.")
    try:
        return float(value)
    except OverflowError:
        raise ValueError(f"{name} must be a finite number; got {_fmt(value)}, which is too "
                         "large for a float.") from None


def check_number(
    value: object,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
) -> float:
    """Return ``value`` as a finite float, or raise naming ``name``."""
    out = check_real(value, name)
    if not math.isfinite(out):
        raise ValueError(f"{name} must be a finite number; got {_fmt(value)}.")
    if low is not None and (out < low or (out == low and not low_inclusive)):
        op = ">=" if low_inclusive else ">"
        raise ValueError(f"{name} must be {op} {low}; got {_fmt(value)}.")
    if high is not None and (out > high or (out == high and not high_inclusive)):
        op = "<=" if high_inclusive else "<"
        raise ValueError(f"{name} must be {op} {high}; got {_fmt(value)}.")
    return out


def check_fraction_growth(value: object, name: str) -> float:
    """A growth rate given as a fraction per year (0.13), with a hint for percentages."""
    out = check_number(value, name)
    if abs(out) > 1.0:
        raise ValueError(
            f"{name} must be a fraction per year, like 0.13; got {_fmt(value)}. "
            "Did you give a percentage?"
        )
    return out


def check_int(value: object, name: str, *, low: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer; got {_fmt(value)} of type "
                        f"{type(value).__name__}.")
    out = int(value)
    if low is not None and out < low:
        raise ValueError(f"{name} must be >= {low}; got {out}.")
    return out


def check_probability(value: object, name: str, *, open_interval: bool = True) -> float:
    return check_number(value, name, low=0.0, high=1.0, low_inclusive=not open_interval,
                        high_inclusive=not open_interval)


def check_choice(value: object, name: str, choices: Iterable[str]) -> str:
    choices = tuple(choices)
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; "
                         f"got {_fmt(value)}.")
    return value  # type: ignore[return-value]


def check_seed(seed: object, name: str = "seed") -> np.random.Generator:
    """Normalise ``seed`` (None, a non-negative int or a Generator) to a Generator."""
    if seed is None or isinstance(seed, np.random.Generator):
        return np.random.default_rng(seed)
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"{name} must be None, a non-negative integer or a "
                        f"numpy.random.Generator; got {_fmt(seed)} of type "
                        f"{type(seed).__name__}.")
    if int(seed) < 0:
        raise ValueError(f"{name} must be a non-negative integer; got {int(seed)}.")
    return np.random.default_rng(int(seed))


def check_indicator(value: object, name: str, known: Iterable[str]) -> str:
    known = sorted(known)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be an indicator name (str); got {_fmt(value)}.")
    if value not in known:
        raise ValueError(f"{name} {value!r} is not a known indicator. Known indicators: "
                         f"{', '.join(known)}.")
    return value


def check_type(value: object, name: str, cls: type | tuple[type, ...], what: str) -> None:
    """Raise ``TypeError("<name> must be <what>; got <type>.")`` unless ``value`` is a ``cls``."""
    if not isinstance(value, cls):
        raise TypeError(f"{name} must be {what}; got {type(value).__name__}.")


def seed_entropy(seed: object, name: str = "seed") -> int:
    """The int recorded in a result for ``seed``: the seed itself, or one drawn from a
    Generator (or from fresh entropy for None), so the result can be reproduced."""
    if seed is None or isinstance(seed, np.random.Generator):
        return int(check_seed(seed, name).integers(0, 2 ** 63 - 1))
    check_seed(seed, name)
    return int(seed)


def check_bool(value: object, name: str) -> bool:
    """Return ``value`` if it is True or False (numpy's too), else raise naming ``name``."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {_fmt(value)}.")
    return bool(value)


def check_str(value: object, name: str, *, optional: bool = False) -> str | None:
    """Return ``value`` if it is a string (or None with ``optional``), else raise."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        what = "a string or None" if optional else "a string"
        raise TypeError(f"{name} must be {what}; got {_fmt(value)} of type "
                        f"{type(value).__name__}.")
    return value


def read_text(path: str | os.PathLike, what: str) -> str:
    """The text of a UTF-8 file (a byte-order mark is allowed), or a ValueError.

    ``what`` names the file in messages ("scenario file", "data file"): one that does not
    exist, is a folder, cannot be read, is empty, or is not UTF-8 (UTF-16 and the Windows
    code pages get a hint on how to save it as UTF-8).
    """
    shown = f"{what} {os.fspath(path)!r}"
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise ValueError(f"{shown} does not exist.") from None
    except IsADirectoryError:
        raise ValueError(f"{shown} is a folder, not a file.") from None
    except OSError as exc:
        if os.path.isdir(path):  # Windows reports a folder as permission denied
            raise ValueError(f"{shown} is a folder, not a file.") from None
        raise ValueError(f"{shown} cannot be read: {exc.strerror or exc}.") from None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ValueError(f"{shown} is not UTF-8 text: it looks like UTF-16. Save it as "
                         "UTF-8 (in Excel: 'CSV UTF-8'; in an editor: encoding UTF-8).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{shown} is not UTF-8 text (byte 0x{data[exc.start]:02x} at "
                         f"position {exc.start}); it may be in a Windows code page such as "
                         "cp1258. Save it as UTF-8 (in Excel: 'CSV UTF-8').") from None
    if not text.strip():
        raise ValueError(f"{shown} is empty.")
    return text


def check_key(key: object, where: str) -> str:
    """A dict key that must be an indicator name: TypeError naming the dict otherwise."""
    if not isinstance(key, str):
        raise TypeError(f"{where}: keys must be indicator names (strings); got "
                        f"{_fmt(key)} of type {type(key).__name__}.")
    return key
