"""An interactive explorer for notebooks: sliders for the main assumptions redraw the fan
chart and the probability table.

The computing core (:class:`Explorer` and its :meth:`Explorer.update`) needs no widgets
and is what the benchmark times; :meth:`Explorer.widget` wires it to ipywidgets sliders
(the optional extra ``pip install "hpforecast[interactive]"``). The ready-made scenarios —
plan, trend, plan_adjusted and the outside view — can be explored one at a time (a menu
chooses the base) and are shown side by side (:meth:`Explorer.ready_made`).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import _i18n as L
from . import _validation as V
from . import assumptions as A
from ._warnings import BoundaryWarning
from .simulation import simulate
from .targets import as_targets
from .scenario import Scenario
from .targets import load_targets

__all__ = ["Explorer", "explore", "Control"]


@dataclass(frozen=True)
class Control:
    """One slider: an assumption (as in :func:`hpforecast.tornado`) and its range."""

    assumption: str
    label: str
    low: float
    high: float
    step: float
    value: float


def _default_controls(scenario: Scenario, lang: str = "en") -> list[Control]:
    """Sliders for the main drivers' growth (± 6 points), real GRDP's sd, each level's
    median, each link's elasticity, and persistence."""
    out = []
    for d in ("grdp_real", "grdp_deflator", "vnd_per_usd", "port_cargo", "budget_revenue"):
        if d not in scenario.growth:
            continue
        if not A.is_uncertain(scenario, d) and d != "grdp_real":
            continue
        lo, hi = A.default_range(scenario, d, half_width=0.06)
        out.append(Control(d, A.label(d, lang, location=A.location_name(scenario, d)),
                           round(lo, 4), round(hi, 4), 0.0025,
                           round(A.value(scenario, d), 4)))
    if "grdp_real" in scenario.growth and A.is_uncertain(scenario, "grdp_real"):
        sd = A.value(scenario, "sd:grdp_real")
        out.append(Control("sd:grdp_real", A.label("sd:grdp_real", lang), 0.0025,
                           round(max(0.05, 2 * sd), 4), 0.0025, round(sd, 4)))
    for d, lv in scenario.levels.items():  # a level (FDI): its median, ± two log sds
        lo, hi = lv.median * float(np.exp(-2 * lv.sd)), lv.median * float(np.exp(2 * lv.sd))
        out.append(Control(d, A.label(d, lang, location="level"), round(lo, 4),
                           round(hi, 4), round((hi - lo) / 40, 4), round(lv.median, 4)))
    for d, lk in scenario.links.items():  # a link (cargo follows GRDP): its elasticity
        name = f"elasticity:{d}"
        out.append(Control(name, A.label(name, lang), -0.5, 2.5, 0.05, lk.elasticity))
    if not isinstance(scenario.persistence, Mapping):
        out.append(Control(A.PERSISTENCE, A.label(A.PERSISTENCE, lang), 0.0, 0.9, 0.05,
                           float(scenario.persistence)))
    return out


def _control_key(name: str) -> str:
    """A keyword argument name for a control (``sd_grdp_real``) as its assumption name."""
    return "sd:" + name[3:] if name.startswith("sd_") else name


class Explorer:
    """The state and the update step of the interactive explorer.

    Parameters
    ----------
    scenario : Scenario or str, optional
        Default: :func:`hpforecast.scenarios.plan`. A name of
        :data:`hpforecast.scenarios.READY_MADE` (``"outside_view"``, ...) builds that one.
    targets : Target, TargetSet or list, optional
        Default: the merged city's evaluable 2030 targets that the scenario drives.
    indicator : str, default ``"grdp_per_capita_usd"``
        The indicator of the fan chart.
    n_paths : int, default 10_000
        Enough for a Monte Carlo error of at most half a point on each probability
        (shown in the table) while an update stays under 0.2 s.
    seed : int, default 2030
        Fixed, so moving a slider changes only the assumption (common random numbers).
    lang : {"en", "vi"}

    Examples
    --------
    >>> import hpforecast as hpf
    >>> ex = hpf.Explorer(n_paths=2000)
    >>> table = ex.update(grdp_real=0.11)
    >>> "probability" in table.columns
    True
    """

    def __init__(self, scenario: Scenario | None = None, targets=None, *,
                 indicator: str = "grdp_per_capita_usd", n_paths: int = 10_000,
                 seed: int = 2030, lang: str = "en"):
        from . import scenarios

        if scenario is None or isinstance(scenario, str):
            name = V.check_choice("plan" if scenario is None else scenario, "scenario",
                                  scenarios.READY_MADE)
            scenario = getattr(scenarios, name)()
        self.base = scenario
        V.check_type(self.base, "scenario", Scenario,
                     "an hpforecast.Scenario or a ready-made scenario's name")
        if indicator not in self.base.indicators:
            raise ValueError(f"indicator {indicator!r} is not simulated by this scenario; "
                             f"choose one of {', '.join(self.base.indicators)}.")
        if targets is None:
            targets = [t for t in load_targets().filter(year=self.base.end_year,
                                                        boundary=self.base.boundary,
                                                        evaluable=True)
                       if t.indicator in self.base.indicators]
        self.targets = as_targets(targets)
        self.indicator = indicator
        self.n_paths = n_paths
        self.seed = seed
        self.lang = lang
        self.controls = _default_controls(self.base, L.check_lang(lang))
        self.values = {c.assumption: c.value for c in self.controls}
        self.sim = None
        self.table: pd.DataFrame | None = None
        self._fig = None
        self._ready: pd.DataFrame | None = None

    def choose(self, name: str) -> None:
        """Explore another ready-made scenario (:data:`hpforecast.scenarios.READY_MADE`):
        it becomes the base, and the controls start from its values."""
        from . import scenarios

        V.check_choice(name, "name", scenarios.READY_MADE)
        self.base = getattr(scenarios, name)()
        self.controls = _default_controls(self.base, L.check_lang(self.lang))
        self.values = {c.assumption: c.value for c in self.controls}
        self.sim = self.table = None

    def ready_made(self) -> pd.DataFrame:
        """The probability of each of the explorer's targets under every ready-made
        scenario (plan, trend, plan_adjusted, outside view), side by side.

        Simulated once, with the explorer's paths and seed (common random numbers,
        :func:`hpforecast.probability_table`), and kept.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``target``: ``threshold`` and one probability column per
            ready-made scenario, in :data:`~hpforecast.scenarios.READY_MADE` order.
        """
        if self._ready is None:
            from . import scenarios
            from .whatif import probability_table

            scs = [getattr(scenarios, n)() for n in scenarios.READY_MADE]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", BoundaryWarning)
                long = probability_table(scs, self.targets, n_paths=self.n_paths,
                                         seed=self.seed)
            wide = long["probability"].unstack("scenario")[list(scenarios.READY_MADE)]
            first = long.xs(scenarios.READY_MADE[0], level="scenario")
            wide.insert(0, "threshold", first["threshold"])
            self._ready = wide.loc[list(first.index)]
        return self._ready

    def scenario_for(self, **values: float) -> Scenario:
        """The base scenario with the given assumptions (by control name) set."""
        known = {c.assumption for c in self.controls}
        chosen = {}
        for name, v in values.items():
            key = _control_key(name)
            if key not in known:
                raise ValueError(f"{name!r} is not a control; controls: "
                                 f"{', '.join(sorted(known))}.")
            chosen[key] = float(v)
        return A.apply(self.base, chosen).replace(name=self.base.name + " (explored)")

    def update(self, *, draw: bool = False, **values: float) -> pd.DataFrame:
        """Simulate with new assumption values; return the probability table.

        With ``draw=True`` also redraw the fan chart on :attr:`figure`.
        """
        self.values.update({_control_key(k): v for k, v in values.items()})
        sc = self.scenario_for(**self.values)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", BoundaryWarning)
            self.sim = simulate(sc, n_paths=self.n_paths, seed=self.seed)
            self.table = self.sim.probability(self.targets)
        if draw:
            self.draw()
        return self.table[["threshold", "probability", "se", "ci_low", "ci_high"]]

    @property
    def figure(self):
        """The explorer's matplotlib Figure (created without pyplot)."""
        if self._fig is None:
            from matplotlib.figure import Figure

            # A fixed layout: constrained layout would double the time of each redraw.
            self._fig = Figure(figsize=(8, 4.8), dpi=72)
            self._fig.subplots_adjust(left=0.11, right=0.97, top=0.9, bottom=0.27)
            self._fig.add_subplot()
        return self._fig

    def draw(self):
        """Redraw the fan chart for the last update and return the Figure."""
        from . import plot

        if self.sim is None:
            self.update()
        ax = self.figure.axes[0]
        ax.clear()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", BoundaryWarning)
            plot.fan_chart(self.sim, self.indicator, lang=self.lang, ax=ax,
                           targets=[t for t in self.targets
                                    if t.indicator == self.indicator] or None)
        return self.figure

    def widget(self):
        """Sliders, the fan chart and the probability table, as an ipywidgets box."""
        try:
            import ipywidgets as W
            from IPython.display import display
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("the explorer needs ipywidgets: pip install "
                              "'hpforecast[interactive]'") from None
        from . import scenarios

        box, chart, table, ready = W.VBox(), W.Output(), W.Output(), W.Output()
        sliders: dict = {}

        def refresh(_=None):
            self.update(**{k: s.value for k, s in sliders.items()}, draw=True)
            with chart:
                chart.clear_output(wait=True)
                display(self.figure)
            with table:
                table.clear_output(wait=True)
                display(self.table[["threshold", "probability", "se", "ci_low", "ci_high",
                                    "note"]].round(4))

        def build(_=None):
            sliders.clear()
            for c in self.controls:
                sliders[c.assumption] = W.FloatSlider(
                    value=c.value, min=c.low, max=c.high, step=c.step, description=c.label,
                    continuous_update=False, readout_format=".4f",
                    style={"description_width": "14em"}, layout=W.Layout(width="34em"))
                sliders[c.assumption].observe(refresh, names="value")
            box.children = list(sliders.values())
            refresh()

        names = list(scenarios.READY_MADE)
        menu = W.Dropdown(options=[(L.scenario_label(n, self.lang), n) for n in names],
                          value=self.base.name if self.base.name in names else None)

        def switch(change):
            if change["new"] is not None:
                self.choose(change["new"])
                build()

        menu.observe(switch, names="value")
        build()
        with ready:
            display(self.ready_made().round(3))
        return W.VBox([box, chart, table, menu, ready])


def explore(scenario: Scenario | None = None, targets=None, **kwargs):
    """Show the interactive explorer in a notebook (needs ipywidgets).

    Returns the widget; see :class:`Explorer` for the parameters.
    """
    return Explorer(scenario, targets, **kwargs).widget()
