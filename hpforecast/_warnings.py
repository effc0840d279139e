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
    "ShortSampleWarning",
    "DegenerateFitWarning",
    "CorrelationShrunkWarning",
    "IgnoredArgumentWarning",
    "SlowSummaryWarning",
    "SkippedTargetWarning",
    "ReportRecoveryWarning",
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


class ShortSampleWarning(HpforecastWarning):
    """A sample is valid but short: a calibration sample for its model, or too few paths
    or runs for a sensitivity or discovery estimate to be precise.

    Raised when a fit (or a buoyancy regression) has fewer years than advised, when gaps
    in the record leave only its last run of consecutive years to an AR model or a VAR,
    and when too few common years leave the correlation of several series at 0. The
    estimates are then very uncertain.
    """


class DegenerateFitWarning(HpforecastWarning):
    """A fitted model is degenerate or its estimation is unreliable.

    Raised when a series' growth is constant (zero fitted spread), when a VAR is
    explosive, when statsmodels' likelihood optimisation did not converge, and when the
    shock covariance of a VAR cannot be drawn and is held at its estimate.
    """


class CorrelationShrunkWarning(HpforecastWarning):
    """A fitted same-year correlation was shrunk to be simulated with its persistence.

    Drivers with very different persistence cannot keep a high same-year correlation
    in the engine; the scenario's correlation is the fitted one times the largest
    factor that is valid (the message gives it).
    """


class IgnoredArgumentWarning(HpforecastWarning):
    """An argument was given that the chosen option does not use (the message says
    which, and what is used instead)."""


class SlowSummaryWarning(HpforecastWarning):
    """A summary of paths regenerated chunk by chunk (``keep_paths=False``) will take
    longer than about a minute at the rate measured on its first chunk."""


class ReportRecoveryWarning(HpforecastWarning):
    """What an interrupted report run left next to the report folder was removed or
    restored."""


class SkippedTargetWarning(HpforecastWarning):
    """Some targets could not be evaluated on the scenario and were left out (named)."""
