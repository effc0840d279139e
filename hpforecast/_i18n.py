"""Labels in English and Vietnamese, and number formatting for each (private module).

Used by :mod:`hpforecast.plot` and :mod:`hpforecast.report`; it imports nothing heavy.

Number formats
--------------
``en``: 1,234.5 and 48.6 %; ``vi``: 1.234,5 and 48,6 % (dot for thousands, comma for
decimals, a space before the percent sign, as Vietnamese statistical publications print
them). Years are never grouped (2030, not 2.030).
"""

from __future__ import annotations

import math
import numbers

from .data import catalogue

__all__ = ["LANGS", "check_lang", "text", "fmt_number", "fmt_percent", "fmt_value",
           "indicator_name", "known_indicators", "indicator_unit", "growth_name", "boundary_name", "lower_first",
           "scenario_label", "describe_target", "value_axis_label", "is_fraction_unit"]

LANGS = ("en", "vi")

_TEXT: dict[str, tuple[str, str]] = {
    # key: (English, Vietnamese)
    "median": ("median", "trung vị"),
    "year": ("Year", "Năm"),
    "recorded": ("recorded ({boundary})", "số liệu thực tế ({boundary})"),
    "band": ("central {c} of paths", "{c} số đường mô phỏng ở giữa"),
    "band_shortest": ("narrowest {c} of paths", "{c} số đường mô phỏng (khoảng hẹp nhất)"),
    "target": ("target", "mục tiêu"),
    "target_path": ("path the target needs", "lộ trình cần để đạt mục tiêu"),
    "target_year": ("target {year}", "mục tiêu năm {year}"),
    "probability": ("Probability", "Xác suất"),
    "prob_axis": ("Probability of meeting the target (%)", "Xác suất đạt mục tiêu (%)"),
    "prob_text": ("probability {p} (95 % interval {lo}–{hi})",
                  "xác suất {p} (khoảng tin cậy 95 %: {lo}–{hi})"),
    "not_evaluable": ("not evaluable", "không đánh giá được"),
    "all_targets": ("All {n} targets together", "Đạt cả {n} mục tiêu cùng lúc"),
    "cat_high": ("likely (≥ 80 %)", "khả năng cao (≥ 80 %)"),
    "cat_mid": ("more likely than not (50–80 %)", "nhiều khả năng (50–80 %)"),
    "cat_low": ("unlikely (20–50 %)", "ít khả năng (20–50 %)"),
    "cat_very_low": ("very unlikely (< 20 %)", "rất ít khả năng (< 20 %)"),
    "ci95": ("95 % interval", "khoảng tin cậy 95 %"),
    "share_of_paths": ("Share of simulated paths (%)", "Tỷ lệ đường mô phỏng (%)"),
    "met": ("target met", "đạt mục tiêu"),
    "missed": ("target missed", "không đạt mục tiêu"),
    "met_in_year": ("condition holds in that year", "đạt điều kiện trong năm đó"),
    "met_by_year": ("met in that year or earlier", "đạt trong năm đó hoặc sớm hơn"),
    "plan": ("plan", "kế hoạch"),
    "plan_range": ("plan (range)", "kế hoạch (khoảng)"),
    "outcome_met": ("outcome, plan met", "thực hiện, đạt kế hoạch"),
    "outcome_missed": ("outcome, plan missed", "thực hiện, không đạt kế hoạch"),
    "merger": ("merger (1 July 2025)", "sáp nhập (1/7/2025)"),
    "sample_paths": ("{n} of {N} simulated paths", "{n} trong {N} đường mô phỏng"),
    "tornado_axis": ("Change in probability (percentage points)",
                     "Thay đổi xác suất (điểm phần trăm)"),
    "tornado_low": ("assumption at its low value", "giả định ở mức thấp"),
    "tornado_high": ("assumption at its high value", "giả định ở mức cao"),
    "tornado_title": ("What moves the probability", "Yếu tố làm thay đổi xác suất"),
    "tornado_base": ("base probability {p}", "xác suất cơ sở {p}"),
    "growth_of": ("{name}: growth", "{name}: tốc độ tăng"),
    "per_year_pct": ("% a year", "%/năm"),
    "in_year": ("in {year}", "năm {year}"),
    "average_growth": ("average growth {a}–{b}", "tăng trưởng bình quân {a}–{b}"),
    "total": ("total {a}–{b}", "tổng {a}–{b}"),
    "scenario": ("scenario", "kịch bản"),
    "scenarios_title": ("{name}: scenarios compared", "{name}: so sánh các kịch bản"),
    "fan_title": ("{name} — {scenario} scenario", "{name} — kịch bản {scenario}"),
    "outcome_title": ("Outcomes in {year}\n{desc}", "Kết quả năm {year}\n{desc}"),
    "by_year_title": ("When is the target met?\n{desc}", "Khi nào đạt mục tiêu?\n{desc}"),
    "prob_title": ("Probability of meeting each target — {scenario} scenario",
                   "Xác suất đạt từng mục tiêu — kịch bản {scenario}"),
    "plan_record_title": ("{name}: plans and outcomes", "{name}: kế hoạch và thực hiện"),
    "spaghetti_title": ("{name}: sample paths — {scenario} scenario",
                        "{name}: một số đường mô phỏng — kịch bản {scenario}"),
    # the assumptions what-if tools move (hpforecast.assumptions)
    "lever_persistence": ("Persistence of shocks", "Quán tính của các cú sốc"),
    "lever_persistence_phrase": ("persistence", "quán tính của các cú sốc"),
    "lever_sd": ("{name}: sd of growth", "{name}: độ lệch chuẩn của tốc độ tăng"),
    "lever_sd_phrase": ("the spread (sd) of {name}", "độ phân tán (độ lệch chuẩn) của {name}"),
    "lever_mean": ("{name}: mean growth a year", "{name}: tốc độ tăng bình quân mỗi năm"),
    "lever_mode": ("{name}: most likely growth a year (mode)",
                   "{name}: tốc độ tăng có khả năng cao nhất mỗi năm (mốt)"),
    "lever_median": ("{name}: median growth a year", "{name}: trung vị tốc độ tăng mỗi năm"),
}

_BOUNDARY = {
    "old_city": ("Hai Phong before the merger", "Hải Phòng trước sáp nhập"),
    "merged_city": ("merged Hai Phong", "Hải Phòng sau sáp nhập"),
    "hai_duong": ("Hai Duong", "Hải Dương"),
    "vietnam": ("Viet Nam", "cả nước"),
    "spliced": ("old city to 2024, merged city from 2025",
                "thành phố cũ đến 2024, thành phố mới từ 2025"),
}

_SCENARIO = {
    "plan": ("plan", "kế hoạch"),
    "trend": ("trend", "xu hướng"),
    "plan_adjusted": ("plan adjusted for past gaps", "kế hoạch điều chỉnh theo sai lệch quá khứ"),
}

_CMP = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}


def check_lang(lang: object) -> str:
    """Return ``lang`` if it is ``"en"`` or ``"vi"``, else raise naming the parameter."""
    if lang not in LANGS:
        raise ValueError(f"lang must be 'en' or 'vi'; got {lang!r}.")
    return lang  # type: ignore[return-value]


def text(key: str, lang: str, **fields: object) -> str:
    """The label ``key`` in ``lang``, with ``fields`` filled in."""
    en, vi = _TEXT[key]
    return (vi if lang == "vi" else en).format(**fields)


def _group(digits: str, sep: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return sep.join(out)


def fmt_number(x: float, lang: str = "en", decimals: int | None = None) -> str:
    """A number with the thousands and decimal separators of ``lang``.

    ``decimals=None`` picks a sensible precision and drops trailing zeros.

    Examples
    --------
    >>> from hpforecast._i18n import fmt_number
    >>> fmt_number(1234.5, "en"), fmt_number(1234.5, "vi")
    ('1,234.5', '1.234,5')
    >>> fmt_number(11247, "vi"), fmt_number(-0.125, "vi", 2)
    ('11.247', '-0,12')
    """
    if x is None or (isinstance(x, numbers.Real) and not math.isfinite(float(x))):
        return "–"
    x = float(x)
    strip = decimals is None
    if decimals is None:
        ax = abs(x)
        decimals = 0 if abs(x - round(x)) < 1e-9 else (
            1 if ax >= 100 else 2 if ax >= 1 else 3)
    s = f"{abs(x):.{decimals}f}"
    whole, _, frac = s.partition(".")
    if strip:
        frac = frac.rstrip("0")
    thousands, point = (".", ",") if lang == "vi" else (",", ".")
    body = _group(whole, thousands) + (point + frac if frac else "")
    negative = x < 0 and any(ch not in "0" for ch in whole + frac)
    return ("-" if negative else "") + body


def fmt_percent(p: float, lang: str = "en", decimals: int = 1) -> str:
    """A fraction as a percentage: ``0.486`` → ``'48.6 %'`` (en) or ``'48,6 %'`` (vi).

    Examples
    --------
    >>> from hpforecast._i18n import fmt_percent
    >>> fmt_percent(0.13, "vi"), fmt_percent(0.4862, "en")
    ('13,0 %', '48.6 %')
    """
    if p is None or not math.isfinite(float(p)):
        return "–"
    return f"{fmt_number(100 * float(p), lang, decimals)} %"


def is_fraction_unit(unit: str) -> bool:
    """True for the catalogue's fraction units (shown as percent on charts)."""
    return str(unit).startswith("fraction")


def known_indicators() -> frozenset:
    """The names in the indicator catalogue."""
    return frozenset(catalogue().index)


def indicator_name(indicator: str, lang: str) -> str:
    """The catalogue name of ``indicator`` in ``lang`` (the code when unknown)."""
    cat = catalogue()
    if indicator not in cat.index:
        return indicator
    return str(cat.at[indicator, "name_vi" if lang == "vi" else "name"])


def indicator_unit(indicator: str, lang: str) -> str:
    """The display unit of ``indicator``: ``%`` for fractions, else the catalogue unit."""
    cat = catalogue()
    if indicator not in cat.index:
        return ""
    unit = str(cat.at[indicator, "unit"])
    if is_fraction_unit(unit):
        return text("per_year_pct", lang) if "year" in unit else "%"
    return str(cat.at[indicator, "unit_vi" if lang == "vi" else "unit"])


def growth_name(indicator: str, lang: str) -> str:
    """Name for the growth of a level indicator (``grdp_real`` → "Real GRDP growth")."""
    from .targets import GROWTH_OF

    for growth, level in GROWTH_OF.items():
        if level == indicator:
            return indicator_name(growth, lang)
    name = indicator_name(indicator, lang)
    if lang == "vi":
        return f"Tăng trưởng {name[:1].lower()}{name[1:]}"
    return f"{name} growth"


def lower_first(name: str) -> str:
    """``"Real GRDP growth"`` → ``"real GRDP growth"``; acronyms (``"GRDP ..."``) kept."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def boundary_name(boundary: str | None, lang: str) -> str:
    if not boundary:
        return ""
    en, vi = _BOUNDARY.get(boundary, (boundary, boundary))
    return vi if lang == "vi" else en


def scenario_label(name: str, lang: str) -> str:
    """Display name of a scenario (the ready-made ones are translated)."""
    en, vi = _SCENARIO.get(name, (name, name))
    return vi if lang == "vi" else en


def fmt_value(value: float, unit: str, lang: str, *, indicator: str | None = None) -> str:
    """A value with its unit: ``0.13`` (fraction) → ``13,0 %``; ``380`` Mt → ``380 Mt``."""
    if is_fraction_unit(unit):
        return fmt_percent(value, lang)
    shown = indicator_unit(indicator, lang) if indicator else unit
    return f"{fmt_number(value, lang)} {shown or unit}".strip()


def describe_target(t, lang: str) -> str:
    """A short sentence for a target or a probability-table row.

    ``t`` needs ``indicator, measure, start, year, comparison, threshold`` (attributes
    or keys) and may have ``unit``.

    Examples
    --------
    >>> import hpforecast as hpf
    >>> from hpforecast._i18n import describe_target
    >>> t = hpf.load_targets()["port_cargo_2030"]
    >>> describe_target(t, "en")
    'Port cargo throughput ≥ 380 Mt in 2030'
    >>> describe_target(t, "vi")
    'Sản lượng hàng hóa qua cảng ≥ 380 triệu tấn năm 2030'
    """
    import pandas as pd

    if isinstance(t, (dict, pd.Series)):
        get = t.get
    else:
        def get(key, default=None):
            return getattr(t, key, default)
    ind = str(get("indicator"))
    measure = get("measure", "level")
    start, year = get("start"), int(get("year"))
    cmp_ = _CMP.get(str(get("comparison", ">=")), str(get("comparison", ">=")))
    thr = float(get("threshold"))
    cat = catalogue()
    unit = get("unit", "")
    if not isinstance(unit, str) or not unit:
        unit = str(cat.at[ind, "unit"]) if ind in cat.index else ""
    if measure == "average_growth":
        per_year = text("per_year_pct", lang)
        a, b = int(start) + 1, year
        pct = fmt_number(100 * thr, lang, 1)
        if a == b:
            return f"{growth_name(ind, lang)} {cmp_} {pct} % {text('in_year', lang, year=b)}"
        return f"{growth_name(ind, lang)} {cmp_} {pct} {per_year}, {a}–{b}"
    value = fmt_value(thr, unit, lang, indicator=ind if ind in cat.index else None)
    name = indicator_name(ind, lang)
    if measure == "cumulative":
        return f"{name}, {text('total', lang, a=int(start), b=year)} {cmp_} {value}"
    return f"{name} {cmp_} {value} {text('in_year', lang, year=year)}"


def value_axis_label(indicator: str, lang: str, *, growth: bool = False) -> str:
    """Axis label with the unit: ``Real GRDP (bn VND, 2010 prices)``."""
    if growth:
        return f"{growth_name(indicator, lang)} ({text('per_year_pct', lang)})"
    unit = indicator_unit(indicator, lang)
    name = indicator_name(indicator, lang)
    if not unit or name.endswith(f"({unit})"):
        return name
    return f"{name} ({unit})"
