"""Warning classes of hpforecast (private module; the classes are exported as ``hpf.*``).

Every warning the library raises is a subclass of :class:`HpforecastWarning`, itself a
``UserWarning``, so a caller can silence exactly one kind::

    import warnings, hpforecast as hpf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", hpf.BoundaryWarning)
        ...

Code in the library filters by class, never by message text.
"""

from __future__ import annotations

__all__ = [
    "HpforecastWarning",
    "BoundaryWarning",
    "FlooredGrowthWarning",
    "NonFiniteWarning",
    "PairingWarning",
]


class HpforecastWarning(UserWarning):
    """Base class of every warning raised by hpforecast."""


class BoundaryWarning(HpforecastWarning):
    """A target, or the recorded part of one, uses another territory than the one asked.

    Raised when a growth target set for the old city is scored on merged-city paths, or
    when the record of the target's own boundary lacks a year and another boundary's
    record is used for it (the note says which).
    """


class FlooredGrowthWarning(HpforecastWarning):
    """Many simulated growth draws fell below −0.999 and were floored there.

    The floor keeps levels positive; where it binds often, the stated marginal is not
    what was simulated (see ``Simulation.n_floored``).
    """


class NonFiniteWarning(HpforecastWarning):
    """Some simulated levels overflowed to inf or became NaN.

    A probability or quantile computed from such paths is not reliable.
    """


class PairingWarning(HpforecastWarning):
    """Two simulations cannot be paired path by path (different years, paths or seed).

    Differences between them then carry the sampling noise of both.
    """
