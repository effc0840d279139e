"""Plan realism: how outcomes have compared with official plans (outcome − plan gaps).

This module owns :func:`hpforecast.plan_realism` and its result :class:`PlanRealism` (the
optimism bias and the plan's uncertainty used by
:func:`hpforecast.scenarios.plan_adjusted`), and :func:`spliced_plan_gaps`, the plans of
the spliced boundary that the backtest's plan benchmark uses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from .. import _validation as V
from ..data import has_plan_record, plan_record
from ..data import indicators as indicator_catalogue
from ..distributions import Normal
from .series import check_year, checked_history

__all__ = ["PlanRealism", "plan_realism", "spliced_plan_gaps", "SHOCK_YEARS"]

#: Columns of :func:`spliced_plan_gaps`.
_GAP_COLUMNS = ["boundary", "plan", "outcome", "gap"]
#: Years of a shock no plan foresaw (COVID-19), shown with and without in summaries.
SHOCK_YEARS = (2020,)


@dataclass(frozen=True, eq=False)
class PlanRealism:
    """How outcomes have compared with official plans: the outcome − plan gaps.

    Attributes
    ----------
    indicator : str
    record : pandas.DataFrame
        The rows of :func:`hpforecast.plan_record` used (one per year).
    gaps : pandas.Series
        Outcome − plan by year (fractions for growth indicators).
    """

    indicator: str
    record: pd.DataFrame = field(repr=False)
    gaps: pd.Series = field(repr=False)

    @property
    def n(self) -> int:
        """Number of years with both a plan and an outcome."""
        return int(self.gaps.size)

    @property
    def mean(self) -> float:
        """Mean gap: the optimism bias (negative when plans overshoot outcomes)."""
        return float(self.gaps.mean())

    @property
    def sd(self) -> float:
        """Sample sd (n − 1) of the gaps: the plan's uncertainty."""
        return float(self.gaps.std(ddof=1))

    @property
    def se(self) -> float:
        """Standard error of the mean gap."""
        return self.sd / math.sqrt(self.n)

    def distribution(self) -> Normal:
        """Normal(mean gap, sd of gaps)."""
        return Normal(self.mean, self.sd)

    def adjust(self, plan: float) -> Normal:
        """A plan figure corrected by the record: Normal(plan + mean gap, sd of gaps)."""
        p = V.check_fraction_growth(plan, "plan")
        return Normal(p + self.mean, self.sd)

    def without(self, years=SHOCK_YEARS) -> PlanRealism:
        """The same record without some years (default :data:`SHOCK_YEARS`, 2020).

        Raises
        ------
        ValueError
            When fewer than two years would be left.
        """
        drop = {V.check_int(y, "years") for y in years}
        keep = [y for y in self.gaps.index if int(y) not in drop]
        if len(keep) < 2:
            raise ValueError(f"without {sorted(drop)} fewer than two years with a plan and "
                             f"an outcome are left; got {keep}.")
        return PlanRealism(self.indicator, self.record.loc[keep], self.gaps.loc[keep])

    @property
    def summary(self) -> pd.DataFrame:
        """One row: ``indicator, mean_gap, sd_gap, se_mean, n, share_met, start, end`` and
        the same without the shock years :data:`SHOCK_YEARS` (``mean_gap_without_2020,
        sd_gap_without_2020, se_mean_without_2020, n_without_2020``; equal to the
        all-years figures when the record has no such year). One year can move the
        mean: in the city's record 2017–2025 the 2020 gap (COVID-19) is −5.89 points."""
        met = self.record.loc[self.gaps.index, "met"].astype(bool)
        row = {"indicator": self.indicator, "mean_gap": self.mean, "sd_gap": self.sd,
               "se_mean": self.se, "n": self.n, "share_met": float(met.mean()),
               "start": int(self.gaps.index.min()), "end": int(self.gaps.index.max())}
        tag = "without_" + "_".join(map(str, SHOCK_YEARS))
        try:
            ex = self.without()
        except ValueError:
            ex = None
        row.update({f"mean_gap_{tag}": ex.mean if ex else float("nan"),
                    f"sd_gap_{tag}": ex.sd if ex else float("nan"),
                    f"se_mean_{tag}": ex.se if ex else float("nan"),
                    f"n_{tag}": ex.n if ex else 0})
        return pd.DataFrame([row]).set_index("indicator")

    def __repr__(self) -> str:
        return (f"PlanRealism({self.indicator!r}, mean gap {self.mean:+.4f}, sd {self.sd:.4f}, "
                f"n={self.n})")

    def _repr_html_(self) -> str:
        ex = "" if not any(y in self.gaps.index for y in SHOCK_YEARS) else (
            f" Without {', '.join(map(str, SHOCK_YEARS))}: {self.without().mean:+.4f} "
            f"(sd {self.without().sd:.4f}, n = {self.without().n}).")
        return (f"<p><b>Plan realism</b> of {self.indicator}: outcomes were on average "
                f"{self.mean:+.4f} from plan (sd {self.sd:.4f}, n = {self.n}).{ex}</p>"
                + self.record.loc[self.gaps.index, ["boundary", "plan", "outcome", "gap",
                                                    "met"]].to_html(na_rep=""))


def plan_realism(
    indicator: str = "grdp_growth_real",
    *,
    start: int | None = None,
    end: int | None = None,
    history: pd.DataFrame | None = None,
) -> PlanRealism:
    """The distribution of outcome − plan gaps, from :func:`hpforecast.plan_record`.

    Its mean is the optimism bias, its spread the plan's uncertainty (the practice of the
    UK Office for Budget Responsibility, which sizes fan charts from past errors).

    Parameters
    ----------
    indicator : str, default "grdp_growth_real"
        A growth indicator with plan rows (catalogue measure ``growth``). Level
        indicators (``budget_revenue``, ``fdi_registered``, ...) are refused: their
        outcome − plan gaps are in the indicator's unit and grow with its scale, so
        their mean and sd are not a distribution to correct a plan by.
    start, end : int, optional
        Years to use (default: every year with a plan and an outcome).
    history : DataFrame, optional
        A tidy history table (default: the embedded one).

    Returns
    -------
    PlanRealism
        ``mean``, ``sd``, ``n``, ``gaps``, ``summary`` (with and without 2020),
        ``distribution()``, ``adjust(plan)``, ``without(years)``.

    Raises
    ------
    ValueError
        For an indicator that is not a growth rate, an indicator without plans (from
        :func:`hpforecast.plan_record`) or fewer than two years with both a plan and an
        outcome.
    TypeError
        For ``history`` that is not a DataFrame.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> pr = hpf.plan_realism()
    >>> pr.n, round(pr.mean, 4), round(pr.sd, 4)
    (9, -0.007, 0.0231)
    >>> pr.summary[["mean_gap_without_2020", "sd_gap_without_2020"]].round(4).iloc[0].tolist()
    [-0.0005, 0.0134]
    """
    start, end = check_year(start, "start"), check_year(end, "end")
    if history is not None:
        if not isinstance(history, pd.DataFrame):
            raise TypeError(f"history must be a tidy history table (DataFrame) or None; "
                            f"got {type(history).__name__}.")
        history = checked_history(history)
    if not isinstance(indicator, str):
        raise TypeError(f"indicator must be an indicator name (str); got {indicator!r}.")
    cat = indicator_catalogue()
    if indicator in cat.index and cat.at[indicator, "measure"] != "growth":
        growth = sorted(i for i in cat.index if cat.at[i, "measure"] == "growth")
        raise ValueError(f"plan realism needs a growth indicator; {indicator!r} is a "
                         f"{cat.at[indicator, 'measure']} (unit {cat.at[indicator, 'unit']}), "
                         "whose outcome − plan gaps scale with its size. Growth indicators: "
                         f"{', '.join(growth)}.")
    rec = plan_record(indicator, history=history)
    rec = rec[rec["outcome"].notna()]
    if start is not None:
        rec = rec[rec.index >= start]
    if end is not None:
        rec = rec[rec.index <= end]
    if len(rec) < 2:
        raise ValueError(f"plan realism of {indicator!r} needs at least two years with a "
                         f"plan and an outcome; got {len(rec)}.")
    gaps = rec["gap"].astype(float).rename("gap")
    return PlanRealism(indicator=indicator, record=rec, gaps=gaps)


def spliced_plan_gaps(indicator: str, history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Plan, outcome and gap by year on the spliced boundary (old city, then merged).

    :func:`hpforecast.plan_record` with ``boundary="spliced"``: each year's plan is the
    one for the same territory as the spliced outcome series (the backtest's plan
    benchmark uses it).

    Parameters
    ----------
    indicator : str
        A growth indicator, e.g. ``"grdp_growth_real"``.
    history : DataFrame, optional
        A checked tidy history table (default: the embedded one).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``year``: ``boundary, plan, outcome, gap`` (floats); empty when the
        indicator has no plan rows.

    Examples
    --------
    >>> from hpforecast.calibration import spliced_plan_gaps
    >>> spliced_plan_gaps("grdp_growth_real").loc[2025, "boundary"]
    'merged_city'
    """
    if not has_plan_record(indicator, boundary="spliced", history=history):
        return pd.DataFrame(columns=_GAP_COLUMNS)
    rec = plan_record(indicator, boundary="spliced", history=history)
    return rec[_GAP_COLUMNS].astype({"plan": float, "outcome": float, "gap": float})
