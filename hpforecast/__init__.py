"""hpforecast: how likely is each of Hai Phong's 2030 targets, and what would it take?

Import it as ``hpf``::

    import hpforecast as hpf
    history = hpf.load_history()                 # tidy table, units and sources
    targets = hpf.load_targets()                 # the official targets, with documents
    sim = hpf.simulate(hpf.scenarios.plan(), n_paths=100_000, seed=2030)
    sim.probability(targets.filter(year=2030))   # probability, se, Wilson interval

Growth rates are fractions per year (0.13 means 13 %) everywhere.
"""

from . import plot, scenarios
from ._warnings import (
    BoundaryWarning,
    CorrelationShrunkWarning,
    DegenerateFitWarning,
    FlooredGrowthWarning,
    HpforecastWarning,
    IgnoredArgumentWarning,
    NonFiniteWarning,
    PairingWarning,
    ReportRecoveryWarning,
    ShortSampleWarning,
    SlowSummaryWarning,
)
from .backtest import backtest
from .calibration import calibrate, fit_buoyancy, fit_level, fit_link, plan_realism
from .data import (indicators, load_evaluation, load_history, load_panel, load_partial_year,
                   plan_record, read_history, read_partial_year)
from .discovery import Discovery, discover
from .distributions import Normal, StudentT, TwoPieceNormal
from .drivers import Level, Link
from .evaluation import Evaluation, evaluate
from .explorer import Explorer, explore
from .nowcast import (Bridge, Nowcast, NowcastBacktest, fit_bridge, nowcast, nowcast_backtest,
                      period_weight)
from .simulation import Simulation, simulate
from .scenario import Scenario
from .sensitivity import sobol
from .shapley import shapley
from .targets import Target, TargetSet, load_targets, required_growth
from .whatif import (GrowthNeeded, compare, growth_needed, probability_curve,
                     probability_table, tornado)

__version__ = "0.1.0"

__all__ = [
    "BoundaryWarning",
    "CorrelationShrunkWarning",
    "DegenerateFitWarning",
    "FlooredGrowthWarning",
    "HpforecastWarning",
    "IgnoredArgumentWarning",
    "NonFiniteWarning",
    "PairingWarning",
    "ReportRecoveryWarning",
    "SlowSummaryWarning",
    "ShortSampleWarning",
    "Discovery",
    "Evaluation",
    "Explorer",
    "GrowthNeeded",
    "Level",
    "Bridge",
    "Nowcast",
    "NowcastBacktest",
    "Link",
    "Normal",
    "Scenario",
    "Simulation",
    "StudentT",
    "Target",
    "TargetSet",
    "TwoPieceNormal",
    "backtest",
    "calibrate",
    "compare",
    "discover",
    "evaluate",
    "explore",
    "fit_bridge",
    "fit_buoyancy",
    "fit_level",
    "fit_link",
    "growth_needed",
    "indicators",
    "load_history",
    "load_evaluation",
    "load_panel",
    "load_partial_year",
    "load_targets",
    "nowcast",
    "nowcast_backtest",
    "period_weight",
    "plan_realism",
    "probability_curve",
    "plan_record",
    "plot",
    "probability_table",
    "read_history",
    "read_partial_year",
    "required_growth",
    "scenarios",
    "shapley",
    "simulate",
    "sobol",
    "tornado",
]
