"""Long public annual series shipped with statsmodels, shared by the calibration tests."""

import pandas as pd


def us_real_gdp() -> pd.Series:
    """Annual US real GDP 1959–2008 (mean of the quarters of complete years), statsmodels."""
    import statsmodels.api as sm

    d = sm.datasets.macrodata.load_pandas().data
    complete = d.groupby("year")["quarter"].count() == 4
    s = d.groupby("year")["realgdp"].mean()[complete]
    s.index = s.index.astype(int)
    return s.rename("us_real_gdp")
