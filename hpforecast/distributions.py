"""Marginal distributions of yearly growth rates.

Growth rates are fractions per year (``0.13`` is 13 %). The simulation engine draws
standard normal scores ``z`` (a Gaussian copula carries the correlation and the
persistence) and maps them to growth with ``dist.from_normal_scores(z)``, which computes
``F^{-1}(Phi(z))`` for the marginal ``F``. Each year's marginal is therefore exactly the
distribution stated here.

Three marginals are offered, all frozen dataclasses with the same interface:

- :class:`Normal` ``(mean, sd)``;
- :class:`TwoPieceNormal` ``(mode, sd, skew)``: the Bank of England's split normal;
- :class:`StudentT` ``(mean, scale, df)``: heavy tails.

Plain numbers stand for a growth rate known for certain: :func:`as_marginal` turns them
into a degenerate ``Normal(value, 0.0)``. :func:`from_dict` rebuilds a marginal from
``to_dict()``.

Nothing here draws random numbers; randomness belongs to the engine.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np
from scipy import special

from . import _validation as V

__all__ = [
    "Normal",
    "TwoPieceNormal",
    "StudentT",
    "Marginal",
    "as_marginal",
    "from_dict",
]

_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_LOG2 = math.log(2.0)
# Below this value of log(x), x = I^{-1}_{2p}(df/2, 1/2), the Student t quantile is taken
# from its power-law tail (relative error about x / 4 < 1e-18) instead of
# scipy.special.stdtrit, which returns garbage as x nears underflow (small df, far tails).
_T_TAIL_LOG_X = -40.0
# scipy.special.stdtrit is unreliable (wrong sign, non-monotone) for p below about
# exp(-540) when df is moderate; lower-tail probabilities are floored here instead.
_T_MIN_LOG_P = -450.0


# --------------------------------------------------------------------------- checks


def _real(name: str, value: Any) -> float:
    """Return ``value`` as a float, or raise TypeError if it is not a real number."""
    return V.check_real(value, name)


def _percent_hint(name: str, value: float, example: str) -> ValueError:
    return ValueError(
        f"{name} must be a fraction per year, like {example}; got {value!r}. "
        "Did you give a percentage?"
    )


def _check_location(name: str, value: Any) -> float:
    x = _real(name, value)
    if not math.isfinite(x):
        raise ValueError(f"{name} must be a finite number; got {x!r}.")
    return x


def _check_scale(name: str, value: Any) -> float:
    x = _real(name, value)
    if not (math.isfinite(x) and x >= 0.0):
        raise ValueError(f"{name} must be a non-negative finite number; got {x!r}.")
    return x


def _check_skew(value: Any) -> float:
    x = _real("skew", value)
    if not -1.0 < x < 1.0:
        raise ValueError(f"skew must lie strictly between -1 and 1; got {x!r}.")
    return x


def _check_df(value: Any) -> float:
    x = _real("df", value)
    if not (math.isfinite(x) and x > 0.0):
        raise ValueError(f"df must be a positive finite number; got {x!r}.")
    return x


def _check_coverage(value: Any) -> float:
    c = _real("coverage", value)
    if not 0.0 < c < 1.0:
        hint = " Did you give a percentage?" if 1.0 < c <= 100.0 else ""
        raise ValueError(f"coverage must lie strictly between 0 and 1; got {c!r}.{hint}")
    return c


def _check_delta(value: Any) -> float:
    x = _real("delta", value)
    if not math.isfinite(x):
        raise ValueError(f"delta must be a finite number; got {x!r}.")
    return x


def _result(out: np.ndarray) -> np.ndarray | float:
    """Return 0-d results as a numpy scalar, others unchanged."""
    return out[()] if out.ndim == 0 else out


def _point_mass(x: np.ndarray, value: float) -> np.ndarray:
    """``value`` broadcast to the shape of ``x``, NaN where ``x`` is NaN."""
    return np.where(np.isnan(x), np.nan, value)


def _point_mass_cdf(x: np.ndarray, value: float) -> np.ndarray:
    return np.where(np.isnan(x), np.nan, (x >= value).astype(float))


def _point_mass_ppf(q: np.ndarray, value: float) -> np.ndarray:
    return np.where((q >= 0.0) & (q <= 1.0), value, np.nan)


# ------------------------------------------------------------ split-normal helpers


def _split_scales(sd: float, skew: float) -> tuple[float, float]:
    """Left and right scales of the split normal: ``sd / sqrt(1 +- skew)``.

    Scale-free; used by :class:`TwoPieceNormal` and usable with any units.
    """
    return sd / math.sqrt(1.0 + skew), sd / math.sqrt(1.0 - skew)


def _bank_gamma(s: float) -> float:
    """The Bank of England's skew ``gamma`` from ``s = (mean - mode) / sd``.

    ``gamma = sign(s) sqrt(1 - 4 ((sqrt(1 + pi s^2) - 1) / (pi s^2))^2)``, evaluated
    without cancellation: with ``r = sqrt(1 + pi s^2)`` the bracket is ``1 / (r + 1)``,
    so ``gamma^2 = (r - 1)(r + 3) / (r + 1)^2``. Scale-free. Returns 0 for ``s = 0``.
    """
    if s == 0.0:
        return 0.0
    x = math.pi * s * s
    r = math.sqrt(1.0 + x)
    rm1 = x / (r + 1.0)  # r - 1 without cancellation
    return math.copysign(math.sqrt(rm1 * (r + 3.0)) / (r + 1.0), s)


# --------------------------------------------------------------- Student t helpers


def _t_lower_quantile(df: float, p: np.ndarray, log_p: np.ndarray) -> np.ndarray:
    """Standard Student t quantile for lower-tail probabilities ``p <= 1/2`` (``t <= 0``).

    With ``x = I^{-1}_{2p}(df/2, 1/2)`` one has ``t = -sqrt(df (1 - x) / x)``. Where ``x``
    is below ``exp(-40)`` (small ``df`` or a far tail) ``x`` comes from the leading term
    ``I_x(a, 1/2) = x^a / (a B(a, 1/2)) (1 + O(x))``, in logs, exact to rounding; the
    result then overflows to ``-inf`` rather than to a wrong finite value, as
    ``scipy.special.stdtrit`` would. Elsewhere ``stdtrit`` is used, with ``p`` floored at
    ``exp(-450)`` (about 1e-196) because it is unreliable below that.
    """
    a = 0.5 * df
    # log(a B(a, 1/2)), which tends to 0 as a -> 0 (error O(a)); a may underflow to 0
    log_ab = math.log(a) + float(special.betaln(a, 0.5)) if df > 1e-200 else 0.0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_x = (log_p + _LOG2 + log_ab) / a
        tail = log_x < _T_TAIL_LOG_X
        body = ~tail
        t = np.empty_like(log_p)
        p_body = np.where(log_p[body] < _T_MIN_LOG_P, math.exp(_T_MIN_LOG_P), p[body])
        t[body] = special.stdtrit(df, p_body)
        t[tail] = -np.exp(0.5 * (math.log(df) - log_x[tail]))
    return t


# ------------------------------------------------------------------------ classes


class _Marginal:
    """Behaviour shared by the growth marginals (private base class)."""

    _KIND: ClassVar[str]
    _LOCATION: ClassVar[str]
    _SCALE: ClassVar[str]

    # subclasses implement these three
    def from_normal_scores(self, z: Any) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def ppf(self, q: Any) -> np.ndarray | float:  # pragma: no cover - abstract
        raise NotImplementedError

    def cdf(self, x: Any) -> np.ndarray | float:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def location(self) -> float:
        """The centre that what-if tools move: the mean (Normal, StudentT) or the mode."""
        return getattr(self, self._LOCATION)

    @property
    def location_name(self) -> str:
        """What :attr:`location` is: ``"mean"``, ``"mode"`` or ``"median"``."""
        return self._LOCATION

    def check_growth(self, name: str = "growth") -> _Marginal:
        """Return ``self`` if it reads as yearly growth (fractions), else raise.

        Distributions are unit-free (a base level may be ``Normal(213.0, 8.0)``, in
        Mt); used as growth, the location must be a fraction per year (|x| <= 1) and
        the spread at most 1.

        Raises
        ------
        ValueError
            ``"<name>: mean must be a fraction per year, like 0.13; got 13.0. Did you give
            a percentage?"`` and the like.
        """
        if abs(self.location) > 1.0:
            raise _percent_hint(f"{name}: {self._LOCATION}" if name else self._LOCATION,
                                self.location, "0.13")
        if self.spread > 1.0:
            raise _percent_hint(f"{name}: {self._SCALE}" if name else self._SCALE,
                                self.spread, "0.015")
        return self

    @property
    def spread(self) -> float:
        """The spread parameter (``sd``, or ``scale`` of a Student t); see :attr:`std`."""
        return getattr(self, self._SCALE)

    def with_spread(self, value: float) -> _Marginal:
        """Return a copy with the spread parameter (``sd`` or ``scale``) set to ``value``."""
        return dataclasses.replace(self, **{self._SCALE: value})

    @property
    def is_degenerate(self) -> bool:
        """True when the spread (``sd`` or ``scale``) is zero: a point mass."""
        return getattr(self, self._SCALE) == 0.0

    @property
    def median(self) -> float:
        """The median growth rate (fraction per year)."""
        return float(self.ppf(0.5))

    def shift(self, delta: float) -> _Marginal:
        """Return a copy with the location moved by ``delta`` (fraction per year).

        Raises
        ------
        TypeError, ValueError
            If ``delta`` is not a finite real number, or the new location fails the
            parameter checks.
        """
        d = _check_delta(delta)
        return dataclasses.replace(self, **{self._LOCATION: self.location + d})

    def with_location(self, value: float) -> _Marginal:
        """Return a copy with the location (mean or mode) set to ``value``."""
        return dataclasses.replace(self, **{self._LOCATION: value})

    def interval(self, coverage: float) -> tuple[float, float]:
        """Equal-tailed interval ``(Q((1 - c) / 2), Q((1 + c) / 2))``.

        Parameters
        ----------
        coverage : float
            Probability ``c`` inside the interval, strictly between 0 and 1 (0.9, not 90).

        Returns
        -------
        tuple of float
            Lower and upper bounds, fractions per year.

        Raises
        ------
        ValueError
            If ``coverage`` is not strictly between 0 and 1.
        """
        c = _check_coverage(coverage)
        return float(self.ppf(0.5 * (1.0 - c))), float(self.ppf(0.5 * (1.0 + c)))

    def to_dict(self) -> dict[str, Any]:
        """Plain dictionary ``{"dist": kind, **parameters}``, the inverse of from_dict."""
        return {"dist": self._KIND, **dataclasses.asdict(self)}


@dataclasses.dataclass(frozen=True)
class Normal(_Marginal):
    """Normal growth-rate marginal.

    Parameters
    ----------
    mean : float
        Mean growth, fraction per year (0.13 = 13 %); ``|mean| <= 1``.
    sd : float
        Standard deviation, fraction per year, ``0 <= sd <= 1``. ``sd = 0`` is a point mass.

    Growth below −0.999 (a fall of more than 99.9 % in a year) is floored there by the
    simulation, so that levels stay positive; ``Simulation.n_floored`` counts such draws
    and a ``FlooredGrowthWarning`` is raised when they are more than 0.1 %.

    Raises
    ------
    TypeError
        If a parameter is not a real number (``bool`` is refused).
    ValueError
        If a parameter is NaN or infinite, ``sd < 0``, or a value looks like a percentage.

    Examples
    --------
    >>> import numpy as np
    >>> from hpforecast.distributions import Normal
    >>> d = Normal(mean=0.10, sd=0.02)
    >>> d.from_normal_scores(np.array([-1.0, 0.0, 2.0]))
    array([0.08, 0.1 , 0.14])
    >>> round(float(d.cdf(0.10)), 3)
    0.5
    >>> d.to_dict()
    {'dist': 'normal', 'mean': 0.1, 'sd': 0.02}
    """

    mean: float
    sd: float

    _KIND: ClassVar[str] = "normal"
    _LOCATION: ClassVar[str] = "mean"
    _SCALE: ClassVar[str] = "sd"

    def __post_init__(self) -> None:
        object.__setattr__(self, "mean", _check_location("mean", self.mean))
        object.__setattr__(self, "sd", _check_scale("sd", self.sd))

    @property
    def std(self) -> float:
        """Standard deviation of the distribution (equal to ``sd``)."""
        return self.sd

    @property
    def median(self) -> float:
        """The median, equal to the mean."""
        return self.mean

    def from_normal_scores(self, z: Any) -> np.ndarray:
        """Growth ``mean + sd * z`` for standard normal scores ``z`` (any shape).

        Parameters
        ----------
        z : array_like
            Standard normal scores.

        Returns
        -------
        numpy.ndarray
            Growth rates, same shape as ``z``, fractions per year.
        """
        z = np.asarray(z, dtype=float)
        if self.is_degenerate:
            return _point_mass(z, self.mean)
        return self.mean + self.sd * z

    def ppf(self, q: Any) -> np.ndarray | float:
        """Quantile function; NaN outside ``[0, 1]``."""
        q = np.asarray(q, dtype=float)
        if self.is_degenerate:
            return _result(_point_mass_ppf(q, self.mean))
        return _result(self.mean + self.sd * special.ndtri(q))

    def cdf(self, x: Any) -> np.ndarray | float:
        """Cumulative distribution function ``P(X <= x)``."""
        x = np.asarray(x, dtype=float)
        if self.is_degenerate:
            return _result(_point_mass_cdf(x, self.mean))
        return _result(special.ndtr((x - self.mean) / self.sd))


@dataclasses.dataclass(frozen=True)
class TwoPieceNormal(_Marginal):
    """Two-piece (split) normal growth marginal, as in the Bank of England's fan charts.

    Density ``C exp(-(x - mode)^2 / (2 s1^2))`` left of the mode and with ``s2`` right of
    it, ``C = sqrt(2/pi) / (s1 + s2)``, where ``s1 = sd / sqrt(1 + skew)`` and
    ``s2 = sd / sqrt(1 - skew)`` (Britton, Fisher & Whitley 1998).

    Parameters
    ----------
    mode : float
        Most likely growth, fraction per year; ``|mode| <= 1``.
    sd : float
        The Bank's uncertainty parameter, fraction per year, ``0 <= sd <= 1``. It is the
        standard deviation only when ``skew = 0``; see :attr:`std`.
    skew : float, default 0.0
        The Bank's ``gamma``, strictly between -1 and 1; positive tilts risks upwards.
        The Bank's published "skew" (mean minus mode) goes through
        :meth:`from_mean_minus_mode`.

    Growth below −0.999 (a fall of more than 99.9 % in a year) is floored there by the
    simulation, so that levels stay positive; ``Simulation.n_floored`` counts such draws
    and a ``FlooredGrowthWarning`` is raised when they are more than 0.1 %.

    Raises
    ------
    TypeError
        If a parameter is not a real number (``bool`` is refused).
    ValueError
        If a parameter is NaN or infinite, ``sd < 0``, ``|skew| >= 1``, or a value looks
        like a percentage.

    Examples
    --------
    >>> from hpforecast.distributions import TwoPieceNormal
    >>> d = TwoPieceNormal(mode=0.10, sd=0.02, skew=-0.3)
    >>> round(d.sigma_left, 5), round(d.sigma_right, 5)
    (0.0239, 0.01754)
    >>> round(d.mean, 5)   # below the mode: risks tilted down
    0.09492
    >>> [round(b, 4) for b in d.hdi(0.9)]
    [0.0607, 0.1289]
    """

    mode: float
    sd: float
    skew: float = 0.0

    _KIND: ClassVar[str] = "two_piece_normal"
    _LOCATION: ClassVar[str] = "mode"
    _SCALE: ClassVar[str] = "sd"

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", _check_location("mode", self.mode))
        object.__setattr__(self, "sd", _check_scale("sd", self.sd))
        object.__setattr__(self, "skew", _check_skew(self.skew))

    @classmethod
    def from_mean_minus_mode(
        cls, mode: float, sd: float, mean_minus_mode: float
    ) -> TwoPieceNormal:
        """Build from the Bank of England's published form (mode, sd, mean minus mode).

        With ``s = mean_minus_mode / sd``,
        ``skew = sign(s) sqrt(1 - 4 ((sqrt(1 + pi s^2) - 1) / (pi s^2))^2)``.

        Parameters
        ----------
        mode : float
            Most likely growth, fraction per year.
        sd : float
            Uncertainty parameter, fraction per year.
        mean_minus_mode : float
            The Bank's "skew" column: mean minus mode, fraction per year.

        Returns
        -------
        TwoPieceNormal

        Raises
        ------
        ValueError
            If ``mean_minus_mode`` is nonzero with ``sd = 0``, or so large relative to
            ``sd`` that no ``skew`` in (-1, 1) represents it in floating point.

        Examples
        --------
        >>> from hpforecast.distributions import TwoPieceNormal
        >>> d = TwoPieceNormal.from_mean_minus_mode(0.02, 0.0155, 0.0108)
        >>> round(d.skew, 3), round(d.mean - d.mode, 4)
        (0.635, 0.0108)
        """
        sd_ = _check_scale("sd", sd)
        m = _check_location("mean_minus_mode", mean_minus_mode)
        if sd_ == 0.0:
            if m != 0.0:
                raise ValueError(
                    f"mean_minus_mode must be 0 when sd is 0; got {m!r}."
                )
            return cls(mode=mode, sd=0.0, skew=0.0)
        gamma = _bank_gamma(m / sd_)
        if not abs(gamma) < 1.0:
            raise ValueError(
                f"mean_minus_mode is too large for any skew in (-1, 1) with sd={sd_!r}; "
                f"got {m!r}."
            )
        return cls(mode=mode, sd=sd_, skew=gamma)

    @property
    def sigma_left(self) -> float:
        """Left scale ``s1 = sd / sqrt(1 + skew)``."""
        return _split_scales(self.sd, self.skew)[0]

    @property
    def sigma_right(self) -> float:
        """Right scale ``s2 = sd / sqrt(1 - skew)``."""
        return _split_scales(self.sd, self.skew)[1]

    @property
    def mean(self) -> float:
        """Mean ``mode + sqrt(2/pi) (s2 - s1)``."""
        s1, s2 = _split_scales(self.sd, self.skew)
        return self.mode + _SQRT_2_OVER_PI * (s2 - s1)

    @property
    def std(self) -> float:
        """Standard deviation ``sqrt((1 - 2/pi)(s2 - s1)^2 + s1 s2)``."""
        s1, s2 = _split_scales(self.sd, self.skew)
        return math.sqrt((1.0 - 2.0 / math.pi) * (s2 - s1) ** 2 + s1 * s2)

    def from_normal_scores(self, z: Any) -> np.ndarray:
        """Growth ``Q(Phi(z))`` for standard normal scores ``z`` (any shape).

        Left of ``z* = Phi^{-1}(s1 / (s1 + s2))`` the value is
        ``mode + s1 Phi^{-1}(Phi(z) (s1 + s2) / (2 s1))``, right of it
        ``mode - s2 Phi^{-1}(Phi(-z) (s1 + s2) / (2 s2))``. Both are evaluated in logs
        (``log_ndtr``, ``ndtri_exp``), so they stay finite and accurate for any finite
        ``z``. With ``skew = 0`` the result is exactly ``mode + sd * z``.

        Parameters
        ----------
        z : array_like
            Standard normal scores.

        Returns
        -------
        numpy.ndarray
            Growth rates, same shape as ``z``, fractions per year.
        """
        z = np.asarray(z, dtype=float)
        if self.is_degenerate:
            return _point_mass(z, self.mode)
        s1, s2 = _split_scales(self.sd, self.skew)
        if s1 == s2:
            return self.mode + s1 * z
        z_star = special.ndtri(s1 / (s1 + s2))
        left = z <= z_star
        right = ~left
        out = np.empty_like(z)
        # Offsets are clipped to their branch's sign so that rounding near the mode
        # cannot break monotonicity across the two branches.
        w = special.ndtri_exp(special.log_ndtr(z[left]) + math.log((s1 + s2) / (2 * s1)))
        out[left] = self.mode + s1 * np.minimum(w, 0.0)
        w = special.ndtri_exp(special.log_ndtr(-z[right]) + math.log((s1 + s2) / (2 * s2)))
        out[right] = self.mode - s2 * np.minimum(w, 0.0)
        return out

    def ppf(self, q: Any) -> np.ndarray | float:
        """Quantile function (METHODS.md formula); NaN outside ``[0, 1]``."""
        q = np.asarray(q, dtype=float)
        if self.is_degenerate:
            return _result(_point_mass_ppf(q, self.mode))
        s1, s2 = _split_scales(self.sd, self.skew)
        with np.errstate(invalid="ignore"):
            left = q <= s1 / (s1 + s2)
            lo = np.minimum(special.ndtri(q * (s1 + s2) / (2 * s1)), 0.0)
            hi = np.minimum(special.ndtri((1.0 - q) * (s1 + s2) / (2 * s2)), 0.0)
        return _result(np.where(left, self.mode + s1 * lo, self.mode - s2 * hi))

    def cdf(self, x: Any) -> np.ndarray | float:
        """Cumulative distribution function ``P(X <= x)``."""
        x = np.asarray(x, dtype=float)
        if self.is_degenerate:
            return _result(_point_mass_cdf(x, self.mode))
        s1, s2 = _split_scales(self.sd, self.skew)
        lo = 2 * s1 / (s1 + s2) * special.ndtr((x - self.mode) / s1)
        hi = 1.0 - 2 * s2 / (s1 + s2) * special.ndtr((self.mode - x) / s2)
        return _result(np.where(x <= self.mode, lo, hi))

    def hdi(self, coverage: float) -> tuple[float, float]:
        """Highest-density interval ``[mode - s1 z, mode + s2 z]``, ``z = Phi^{-1}((1+c)/2)``.

        Parameters
        ----------
        coverage : float
            Probability inside the interval, strictly between 0 and 1.

        Returns
        -------
        tuple of float
            Lower and upper bounds, fractions per year.
        """
        c = _check_coverage(coverage)
        z = float(special.ndtri(0.5 * (1.0 + c)))
        s1, s2 = _split_scales(self.sd, self.skew)
        return self.mode - s1 * z, self.mode + s2 * z


@dataclasses.dataclass(frozen=True)
class StudentT(_Marginal):
    """Student t growth marginal (location-scale), for heavy-tailed shocks.

    Parameters
    ----------
    mean : float
        Location (centre and median), fraction per year; ``|mean| <= 1``. It is the
        distribution's mean when ``df > 1``; for ``df <= 1`` the mean does not exist.
    scale : float
        Scale, fraction per year, ``0 <= scale <= 1``; the standard deviation is
        ``scale * sqrt(df / (df - 2))`` (see :attr:`std`).
    df : float
        Degrees of freedom, positive and finite.

    Growth below −0.999 (a fall of more than 99.9 % in a year) is floored there by the
    simulation, so that levels stay positive; ``Simulation.n_floored`` counts such draws
    and a ``FlooredGrowthWarning`` is raised when they are more than 0.1 %.

    Raises
    ------
    TypeError
        If a parameter is not a real number (``bool`` is refused).
    ValueError
        If a parameter is NaN or infinite, ``scale < 0``, ``df <= 0``, or a value looks
        like a percentage.

    Examples
    --------
    >>> import numpy as np
    >>> from hpforecast.distributions import StudentT
    >>> d = StudentT(mean=0.08, scale=0.01, df=4)
    >>> np.round(d.from_normal_scores(np.array([-3.0, 0.0, 3.0])), 4)
    array([0.0138, 0.08  , 0.1462])
    >>> round(d.std, 5)
    0.01414
    """

    mean: float
    scale: float
    df: float

    _KIND: ClassVar[str] = "student_t"
    _LOCATION: ClassVar[str] = "mean"
    _SCALE: ClassVar[str] = "scale"

    @property
    def location_name(self) -> str:
        """``"mean"`` when ``df > 1``; below, the mean does not exist: ``"median"``."""
        return "mean" if self.df > 1.0 else "median"

    def __post_init__(self) -> None:
        object.__setattr__(self, "mean", _check_location("mean", self.mean))
        object.__setattr__(self, "scale", _check_scale("scale", self.scale))
        object.__setattr__(self, "df", _check_df(self.df))

    @property
    def std(self) -> float:
        """Standard deviation: ``scale sqrt(df / (df - 2))`` for df > 2, inf for
        1 < df <= 2, NaN for df <= 1 (0 when degenerate)."""
        if self.is_degenerate:
            return 0.0
        if self.df > 2.0:
            return self.scale * math.sqrt(self.df / (self.df - 2.0))
        return math.inf if self.df > 1.0 else math.nan

    @property
    def median(self) -> float:
        """The median, equal to the location ``mean``."""
        return self.mean

    def from_normal_scores(self, z: Any) -> np.ndarray:
        """Growth ``mean + scale * T_df^{-1}(Phi(z))`` for normal scores ``z`` (any shape).

        Computed on ``-|z|`` (lower tail, full relative precision) with the sign restored.
        Exact for ``|z| <= 30``; beyond (probability below 1e-197) the score is in effect
        capped at about 30 when ``df`` is moderate or large, while for small ``df`` the
        tail is followed until the quantile overflows to +-inf. Always monotone.

        Parameters
        ----------
        z : array_like
            Standard normal scores.

        Returns
        -------
        numpy.ndarray
            Growth rates, same shape as ``z``, fractions per year.
        """
        z = np.asarray(z, dtype=float)
        if self.is_degenerate:
            return _point_mass(z, self.mean)
        a = -np.abs(z)
        t = _t_lower_quantile(self.df, special.ndtr(a), special.log_ndtr(a))
        return self.mean + self.scale * np.where(z > 0, -t, t)

    def ppf(self, q: Any) -> np.ndarray | float:
        """Quantile function; NaN outside ``[0, 1]``, -inf at 0 and +inf at 1.

        Tail probabilities below about 1e-196 are floored there for moderate ``df``
        (see :meth:`from_normal_scores`).
        """
        q = np.asarray(q, dtype=float)
        if self.is_degenerate:
            return _result(_point_mass_ppf(q, self.mean))
        p = np.minimum(q, 1.0 - q)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = _t_lower_quantile(self.df, p, np.log(p))
        return _result(self.mean + self.scale * np.where(q > 0.5, -t, t))

    def cdf(self, x: Any) -> np.ndarray | float:
        """Cumulative distribution function ``P(X <= x)``."""
        x = np.asarray(x, dtype=float)
        if self.is_degenerate:
            return _result(_point_mass_cdf(x, self.mean))
        return _result(special.stdtr(self.df, (x - self.mean) / self.scale))


Marginal = Normal | TwoPieceNormal | StudentT
"""Type alias: any growth marginal."""

_KINDS: dict[str, type[_Marginal]] = {
    cls._KIND: cls for cls in (Normal, TwoPieceNormal, StudentT)
}


def from_dict(d: Mapping[str, Any]) -> Marginal:
    """Rebuild a marginal from the output of its ``to_dict()``.

    Parameters
    ----------
    d : mapping
        ``{"dist": kind, **parameters}`` with kind ``"normal"``, ``"two_piece_normal"``
        or ``"student_t"``.

    Returns
    -------
    Normal, TwoPieceNormal or StudentT

    Raises
    ------
    TypeError
        If ``d`` is not a mapping.
    ValueError
        If the kind is unknown or parameters are missing or unexpected.

    Examples
    --------
    >>> from hpforecast.distributions import from_dict
    >>> from_dict({"dist": "normal", "mean": 0.13, "sd": 0.015})
    Normal(mean=0.13, sd=0.015)
    """
    if not isinstance(d, Mapping):
        raise TypeError(f"from_dict expects a mapping; got {type(d).__name__}.")
    params = dict(d)
    kind = params.pop("dist", None)
    if not isinstance(kind, str):
        raise TypeError(f"dist must be one of {sorted(_KINDS)}; got {kind!r}.")
    if kind not in _KINDS:
        raise ValueError(
            f"dist must be one of {sorted(_KINDS)}; got {kind!r}."
        )
    cls = _KINDS[kind]
    fields = {f.name for f in dataclasses.fields(cls)}
    required = {
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING
    }
    missing = sorted(required - params.keys())
    extra = sorted(params.keys() - fields)
    if missing or extra:
        raise ValueError(
            f"parameters for dist {kind!r} must be {sorted(fields)}; "
            f"missing {missing}, unexpected {extra}."
        )
    return cls(**params)


def as_marginal(x: Any) -> Marginal:
    """Turn a number or a marginal into a marginal.

    Parameters
    ----------
    x : float, int or Normal, TwoPieceNormal, StudentT
        A number is a growth rate known for certain (fraction per year) and becomes
        ``Normal(x, 0.0)``; a marginal is returned unchanged.

    Returns
    -------
    Normal, TwoPieceNormal or StudentT

    Raises
    ------
    TypeError
        For anything else (including ``bool``), naming its type.
    ValueError
        If the number fails the checks of ``Normal.mean``.

    Examples
    --------
    >>> from hpforecast.distributions import as_marginal
    >>> as_marginal(0.07)
    Normal(mean=0.07, sd=0.0)
    """
    if isinstance(x, (Normal, TwoPieceNormal, StudentT)):
        return x
    if isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_)):
        return Normal(float(x), 0.0)
    raise TypeError(
        "as_marginal expects a number or a Normal, TwoPieceNormal or StudentT; "
        f"got {type(x).__name__}."
    )
