"""Every user-facing text in English and Vietnamese, and number formatting for each.

A private module, the one catalogue of the package's words, so that a reviewer can read
all of them at once: the labels of the charts (:mod:`hpforecast.plot`), the sections and
sentences of ``report.md`` and the descriptions of its tables (:mod:`hpforecast.report`),
the names of indicators, boundaries and scenarios, the Vietnamese descriptions of the
ready-made scenarios (:mod:`hpforecast.scenarios`) and the labels of the assumptions
(:mod:`hpforecast.assumptions`). It imports nothing heavy.

Number formats
--------------
``en``: 1,234.5 and 48.6 %; ``vi``: 1.234,5 and 48,6 % (dot for thousands, comma for
decimals, a space before the percent sign, as Vietnamese statistical publications print
them). Years are never grouped (2030, not 2.030).
"""

from __future__ import annotations

import math
import numbers

from .data import catalogue, unit_of

__all__ = ["LANGS", "check_lang", "text", "fmt_number", "fmt_percent", "fmt_value",
           "indicator_name", "known_indicators", "indicator_unit", "growth_name",
           "boundary_name", "lower_first", "scenario_label", "scenario_description_vi",
           "describe_target", "value_axis_label", "is_fraction_unit"]

LANGS = ("en", "vi")

_CHART_TEXT: dict[str, tuple[str, str]] = {
    # key: (English, Vietnamese); the labels of the charts (hpforecast.plot)
    "median": ("median", "trung vị"),
    "year": ("Year", "Năm"),
    "recorded": ("recorded ({boundary})", "số liệu thực tế ({boundary})"),
    "recorded_plain": ("recorded", "số liệu thực tế"),
    "band": ("central {c} of paths", "{c} số đường mô phỏng ở giữa"),
    "band_shortest": ("narrowest {c} of paths", "{c} số đường mô phỏng (khoảng hẹp nhất)"),
    "target": ("target", "mục tiêu"),
    "target_entry": ("target: {desc}\n{prob}", "mục tiêu: {desc}\n{prob}"),
    "target_value": ("target: {value}", "mục tiêu: {value}"),
    "target_path": ("path the target needs", "lộ trình cần để đạt mục tiêu"),
    "target_year": ("target {year}", "mục tiêu năm {year}"),
    "probability": ("Probability", "Xác suất"),
    "prob_axis": ("Probability of meeting the target (%)", "Xác suất đạt mục tiêu (%)"),
    "prob_plain": ("Probability of meeting the target", "Xác suất đạt mục tiêu"),
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
    "met_with": ("target met: {prob}", "đạt mục tiêu: {prob}"),
    "missed_share": ("target missed ({p})", "không đạt mục tiêu ({p})"),
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
    "scenario_median": ("{scenario} — median", "{scenario} — trung vị"),
    "fan_title": ("{name} — {scenario} scenario", "{name} — kịch bản {scenario}"),
    "outcome_title": ("Outcomes in {year}\n{desc}", "Kết quả năm {year}\n{desc}"),
    "by_year_title": ("When is the target met?\n{desc}", "Khi nào đạt mục tiêu?\n{desc}"),
    "prob_title": ("Probability of meeting each target — {scenario} scenario",
                   "Xác suất đạt từng mục tiêu — kịch bản {scenario}"),
    "plan_record_title": ("{name}: plans and outcomes", "{name}: kế hoạch và thực hiện"),
    "plan_record_title_plain": ("plans and outcomes", "kế hoạch và thực hiện"),
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
    "lever_level": ("{name}: median level", "{name}: mức trung vị"),
    "lever_elasticity": ("{name}: elasticity to its source", "{name}: hệ số co giãn"),
}

_REPORT_TEXT: dict[str, tuple[str, str]] = {
    # key: (English, Vietnamese); the sections and sentences of report.md
    "report_title": ("Hai Phong to 2030: how likely are the targets?",
              "Hải Phòng đến năm 2030: khả năng đạt các mục tiêu"),
    "report_intro": (
        "Generated by hpforecast {version} on {date}. Each scenario was simulated with "
        "{n_paths} paths from seed {seed}; scenarios share each driver's random numbers, "
        "which makes their differences less noisy (not noise-free). "
        "Probabilities are shares of simulated paths that meet a target, with 95 % "
        "(Wilson) intervals for the Monte Carlo error; they are conditional on the "
        "stated assumptions, not forecasts of what the city will do.",
        "Báo cáo do hpforecast {version} tạo ngày {date}. Mỗi kịch bản được mô phỏng "
        "với {n_paths} đường, hạt giống ngẫu nhiên {seed}; các kịch bản dùng chung số ngẫu "
        "nhiên của từng biến, nên chênh lệch giữa chúng ít nhiễu hơn (nhưng vẫn có nhiễu). Xác suất là tỷ lệ số đường mô phỏng đạt mục tiêu, kèm "
        "khoảng tin cậy 95 % (Wilson) cho sai số Monte Carlo; xác suất phụ thuộc vào "
        "các giả định đã nêu, không phải dự báo về việc thành phố sẽ làm."),
    "contents": ("Contents", "Nội dung"),
    "s_assumptions": ("Scenario assumptions", "Giả định của các kịch bản"),
    "assumptions_intro": (
        "Yearly growth of each driver, as a fraction per year shown in percent. The "
        "full specification of each scenario is in `scenarios/` (TOML, readable by "
        "`hpforecast run`) and in `tables/assumptions.csv`.",
        "Tốc độ tăng hằng năm của từng biến động lực, hiển thị bằng phần trăm. Đặc tả "
        "đầy đủ của từng kịch bản nằm trong thư mục `scenarios/` (TOML, đọc được bằng "
        "`hpforecast run`) và trong `tables/assumptions.csv`."),
    "col_driver": ("driver", "biến động lực"),
    "col_years": ("years", "các năm"),
    "col_distribution": ("distribution", "phân phối"),
    "col_mean": ("mean (% a year)", "trung bình (%/năm)"),
    "col_sd": ("sd (points)", "độ lệch chuẩn (điểm %)"),
    "dependence": ("Dependence: persistence {pers}; correlations {corr}.",
                   "Phụ thuộc: quán tính {pers}; tương quan {corr}."),
    "base_values": ("Base-year values set by the scenario: {items}.",
                    "Giá trị năm gốc do kịch bản đặt: {items}."),
    "buoyancy": ("Buoyancy (growth per unit of nominal GRDP growth): {items}.",
                 "Hệ số co giãn (so với tăng trưởng GRDP danh nghĩa): {items}."),
    "none": ("none", "không có"),
    "s_headline": ("Headline: probability of meeting the {year} targets",
                   "Kết quả chính: xác suất đạt các mục tiêu năm {year}"),
    "headline_intro": (
        "Probability (95 % interval) under each scenario. Targets set for another "
        "territory than the simulation's are evaluated on its paths and flagged in the "
        "notes; full table: `tables/probabilities.csv`.",
        "Xác suất (khoảng tin cậy 95 %) theo từng kịch bản. Mục tiêu đặt cho địa giới "
        "khác với địa giới mô phỏng được đánh giá trên các đường mô phỏng và được ghi "
        "chú; bảng đầy đủ: `tables/probabilities.csv`."),
    "col_target": ("target", "mục tiêu"),
    "col_id": ("id", "mã"),
    "col_boundary": ("set for", "đặt cho"),
    "col_note": ("note", "ghi chú"),
    "joint": ("Probability of meeting all of {targets} together: {cells}.",
              "Xác suất đạt đồng thời {targets}: {cells}."),
    "prob_chart_caption": (
        "Colours follow the traffic lights of the UN SDG progress charts: green ≥ 80 %, "
        "yellow 50–80 %, orange 20–50 %, vermillion < 20 % (with hatches for greyscale). "
        "Whiskers are 95 % intervals.",
        "Màu theo đèn giao thông của biểu đồ tiến độ SDG của Liên Hợp Quốc: xanh ≥ 80 %, "
        "vàng 50–80 %, cam 20–50 %, đỏ cam < 20 % (có gạch chéo để đọc khi in đen trắng). "
        "Thanh sai số là khoảng tin cậy 95 %."),
    "no_targets": ("No official target falls in the simulated years {a}–{b}.",
                   "Không có mục tiêu chính thức nào trong các năm mô phỏng {a}–{b}."),
    "s_fans": ("Fan charts", "Biểu đồ quạt"),
    "fans_intro": (
        "Scenario **{scenario}**. Bands hold the central 30, 60 and 90 % of paths "
        "(Bank of England convention, equal-tailed); the line is the median. Recorded "
        "levels are drawn only for the simulated territory ({boundary}): levels jump at "
        "the 2025 merger and are never joined across it. Quantiles: `tables/bands.csv`.",
        "Kịch bản **{scenario}**. Các dải chứa 30, 60 và 90 % số đường mô phỏng ở giữa "
        "(quy ước của Ngân hàng Trung ương Anh, hai đuôi bằng nhau); đường đậm là trung "
        "vị. Số liệu thực tế chỉ vẽ cho địa giới mô phỏng ({boundary}): mức tuyệt đối "
        "thay đổi đột ngột khi sáp nhập năm 2025 nên không nối qua thời điểm đó. Các "
        "phân vị: `tables/bands.csv`."),
    "fan_caption": ("{name} in {year}: median {median}; central 90 % of paths {lo}–{hi}.",
                    "{name} năm {year}: trung vị {median}; 90 % số đường ở giữa trong "
                    "khoảng {lo}–{hi}."),
    "s_outcomes": ("Outcome distributions", "Phân phối kết quả"),
    "outcomes_intro": (
        "What each headline target compares with its threshold, across all paths of "
        "scenario **{scenario}**; the shaded side meets the target.",
        "Đại lượng mà từng mục tiêu chính so với ngưỡng, trên mọi đường mô phỏng của "
        "kịch bản **{scenario}**; phần tô màu là phần đạt mục tiêu."),
    "s_by_year": ("When are the targets met?", "Khi nào đạt mục tiêu?"),
    "by_year_intro": (
        "Probability that each target's condition holds in each year (solid) and that "
        "it has held in that year or an earlier one (dashed), scenario **{scenario}**. "
        "Table: `tables/probability_by_year.csv`.",
        "Xác suất điều kiện của mục tiêu được thỏa mãn trong từng năm (đường liền) và "
        "đã được thỏa mãn trong năm đó hoặc sớm hơn (đường đứt), kịch bản "
        "**{scenario}**. Bảng: `tables/probability_by_year.csv`."),
    "s_scenarios": ("Scenarios compared", "So sánh các kịch bản"),
    "scenarios_intro": ("Medians and central 90 % bands of each scenario.",
                        "Trung vị và dải 90 % ở giữa của từng kịch bản."),
    "one_scenario": ("Only one scenario was simulated; nothing to compare.",
                     "Chỉ mô phỏng một kịch bản; không có gì để so sánh."),
    "s_sensitivity": ("What moves the probability", "Yếu tố làm thay đổi xác suất"),
    "sensitivity_intro": (
        "Each assumption of scenario **{scenario}** moved to a low and a high value, the "
        "others kept, with the same random numbers ({n_paths} paths, so the changes are "
        "less noisy than the probabilities themselves): the change in "
        "each headline target's probability, in percentage points. Table: "
        "`tables/sensitivity.csv`.",
        "Từng giả định của kịch bản **{scenario}** được đặt ở mức thấp và mức cao, các "
        "giả định khác giữ nguyên, với cùng một bộ số ngẫu nhiên ({n_paths} đường): mức "
        "thay đổi xác suất đạt từng mục tiêu chính, tính bằng điểm phần trăm. Bảng: "
        "`tables/sensitivity.csv`."),
    "s_spaghetti": ("Single paths", "Một số đường mô phỏng"),
    "spaghetti_intro": (
        "Twenty simulated paths over the fan: any single path wanders far more than "
        "the median suggests.",
        "Hai mươi đường mô phỏng trên biểu đồ quạt: từng đường riêng lẻ dao động nhiều "
        "hơn nhiều so với đường trung vị."),
    "s_record": ("The record: plans and outcomes", "Lịch sử: kế hoạch và thực hiện"),
    "record_intro": (
        "The city's yearly plans against what happened (the spread of these gaps sizes "
        "the plan scenario's uncertainty). Table: `tables/plan_record.csv`.",
        "Kế hoạch hằng năm của thành phố so với kết quả thực hiện (độ phân tán của các "
        "chênh lệch này quyết định độ bất định của kịch bản kế hoạch). Bảng: "
        "`tables/plan_record.csv`."),
    "s_repro": ("Files and reproducibility", "Tệp và khả năng tái lập"),
    "repro_intro": ("Run again with:", "Chạy lại bằng lệnh:"),
    "repro_api": (
        "The scenarios were given in Python; each is saved in `scenarios/*.toml`. From "
        "this folder, compute its probabilities again, or write its report again, with:",
        "Các kịch bản được tạo bằng Python; mỗi kịch bản được lưu trong "
        "`scenarios/*.toml`. Từ thư mục này, tính lại xác suất hoặc tạo lại báo cáo của "
        "từng kịch bản bằng lệnh:"),
    "workbook": ("All tables in one workbook: `report.xlsx`.",
                 "Tất cả các bảng trong một tệp Excel: `report.xlsx`."),
    "no_workbook": (
        "The Excel workbook was not written because openpyxl is not installed; "
        "install it with `pip install \"hpforecast[excel]\"` and run again. The same "
        "tables are in `tables/` as CSV.",
        "Tệp Excel chưa được tạo vì chưa cài openpyxl; hãy cài bằng "
        "`pip install \"hpforecast[excel]\"` rồi chạy lại. Các bảng tương tự có trong "
        "thư mục `tables/` dưới dạng CSV."),
    "tables_list": ("Tables (CSV, UTF-8):", "Các bảng (CSV, UTF-8):"),
    "svg_note": ("Every chart is in `charts/` as PNG (300 dpi) and SVG.",
                 "Mọi biểu đồ nằm trong `charts/` dưới dạng PNG (300 dpi) và SVG."),
    "svg": ("SVG", "SVG"),
    "run_key": ("item", "mục"),
    "run_value": ("value", "giá trị"),
}

_TABLE_TEXT: dict[str, tuple[str, str]] = {
    # table_<name>: what tables/<name>.csv of a report holds
    "table_assumptions": ("each scenario's assumptions", "giả định của từng kịch bản"),
    "table_bands": ("quantiles of every simulated indicator by year and scenario",
              "phân vị của mọi chỉ tiêu mô phỏng theo năm và kịch bản"),
    "table_probabilities": ("probability of each target under each scenario",
                      "xác suất đạt từng mục tiêu theo từng kịch bản"),
    "table_joint": ("probability of meeting the headline targets together",
              "xác suất đạt đồng thời các mục tiêu chính"),
    "table_probability_by_year": ("probability that each headline target is met by each year",
                            "xác suất đạt từng mục tiêu chính theo năm"),
    "table_sensitivity": ("change in each headline probability when one assumption moves",
                    "thay đổi xác suất đạt mục tiêu chính khi thay đổi từng giả định"),
    "table_plan_record": ("yearly plans and outcomes", "kế hoạch và thực hiện hằng năm"),
    "table_run": ("seed, number of paths, versions and date",
            "hạt giống, số đường mô phỏng, phiên bản và ngày chạy"),
}

#: The Vietnamese description of each ready-made scenario (the English one is the
#: scenario's own ``description``, written where it is built: hpforecast.scenarios).
_SCENARIO_DESCRIPTION_VI: dict[str, str] = {
    "plan": ("GRDP thực tăng 13 %/năm theo kế hoạch 2026–2030, với độ phân tán bằng sai "
             "lệch giữa thực hiện và kế hoạch của thành phố 2017–2025; hàng hóa qua cảng "
             "tăng theo tốc độ cần để đạt 380 triệu tấn. "),
    "trend": ("GRDP thực tăng với trung bình và độ lệch chuẩn của giai đoạn 2017–2025; hàng "
              "hóa qua cảng theo xu hướng 2017–2024. "),
    "plan_adjusted": ("Tăng trưởng kế hoạch được điều chỉnh theo sai lệch kế hoạch bình "
                      "quân 2017–2025 ({gap} điểm %) cho GRDP và hàng hóa qua cảng. "),
    "common": ("Giảm phát, tỷ giá, dân số, độ phân tán của thu ngân sách và sản lượng hàng "
               "hóa qua cảng, GDP cả nước: tính từ số liệu đã ghi nhận "
               "(hpf.scenarios.record_statistics()); quán tính 0,3, các hệ số tương quan và "
               "hệ số co giãn thu ngân sách 1,0 là nhận định (JUDGEMENTS); sản lượng hàng "
               "hóa năm gốc 2025 = kế hoạch 213 triệu tấn (chưa có số thực hiện)."),
}


def _catalogue_of(*parts: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """The parts in one catalogue; a key in two parts is a mistake."""
    out: dict[str, tuple[str, str]] = {}
    for part in parts:
        twice = sorted(set(out) & set(part))
        if twice:  # pragma: no cover - caught by the tests on import
            raise KeyError(f"text keys defined twice: {', '.join(twice)}")
        out.update(part)
    return out


#: Every text of the charts and the report, by key: (English, Vietnamese).
_TEXT = _catalogue_of(_CHART_TEXT, _REPORT_TEXT, _TABLE_TEXT)

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


def scenario_description_vi(name: str, *, gap: float | None = None) -> str:
    """The Vietnamese description of the ready-made scenario ``name`` ('' for others).

    ``gap`` is the mean plan gap (a fraction) that ``plan_adjusted`` corrects for.
    """
    head = _SCENARIO_DESCRIPTION_VI.get(name) if name != "common" else None
    if head is None:
        return ""
    if gap is not None:
        head = head.format(gap=f"{100 * gap:+.2f}".replace(".", ","))
    return head + _SCENARIO_DESCRIPTION_VI["common"]


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
        unit = unit_of(ind)
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


# -- the nowcast (hpforecast.nowcast, plot.nowcast_chart, ``hpforecast nowcast``) -------------
_NOWCAST_TEXT: dict[str, tuple[str, str]] = {
    "period_Q1": ("Q1", "quý I"),
    "period_H1": ("H1", "6 tháng đầu năm"),
    "period_9M": ("9 months", "9 tháng"),
    "rest_Q1": ("Q2–Q4", "9 tháng cuối năm"),
    "rest_H1": ("H2", "6 tháng cuối năm"),
    "rest_9M": ("Q4", "quý IV"),
    "vintage_first": ("first estimate", "ước tính lần đầu"),
    "vintage_preferred": ("preferred (revised) figure", "số liệu đã điều chỉnh"),
    "model_gap": ("the year = the partial figure + its mean gap",
                  "cả năm = số lũy kế + chênh lệch bình quân"),
    "model_slope": ("OLS of the year on the partial figure",
                    "hồi quy OLS của cả năm theo số lũy kế"),
    "model_ratio": ("the remaining months as a multiple of the months so far",
                    "các tháng còn lại theo bội số của các tháng đã qua"),
    "nc_title": ("{name}, {year}: given {period}", "{name} năm {year}: theo số liệu {period}"),
    "nc_density": ("the year given {period} (bridge)",
                   "cả năm theo số liệu {period} (mô hình cầu nối)"),
    "nc_band": ("central {c}", "khoảng giữa {c}"),
    "nc_median": ("median {value}", "trung vị {value}"),
    "nc_known": ("{period} so far: {value}", "{period} đã đạt: {value}"),
    "nc_target": ("annual plan {value}: probability {p}", "kế hoạch năm {value}: xác suất {p}"),
    "nc_rest_title": ("What {rest} must deliver", "{rest} cần đạt"),
    "nc_rest_det": ("for the plan exactly: {value}", "để vừa đạt kế hoạch: {value}"),
    "nc_rest_p": ("for a chance of {p}: {value}", "để có {p} khả năng đạt: {value}"),
    "nc_rest_exp": ("the bridge expects: {value}", "mô hình dự kiến: {value}"),
    "nc_amount": ("{amount} ({growth} on a year before)", "{amount} ({growth} so với cùng kỳ)"),
    "density": ("Probability density", "Mật độ xác suất"),
    "nc_head": ("Nowcast of {name}, {year} ({boundary}), from {period} = {value}",
                "Ước tính {name} năm {year} ({boundary}) từ số liệu {period} = {value}"),
    "nc_line_median": ("The year: median {median}, 80 % interval {lo} to {hi}.",
                       "Cả năm: trung vị {median}, khoảng 80 %: {lo} đến {hi}."),
    "nc_line_prob": ("Probability of the annual plan ({target}): {p}.",
                     "Xác suất đạt kế hoạch năm ({target}): {p}."),
    "nc_line_det": ("{rest} must deliver {value} to reach the plan exactly (weight of "
                    "{period}: {w} of the year's output).",
                    "{rest} cần đạt {value} để vừa đạt kế hoạch (tỷ trọng {period}: {w} "
                    "sản lượng cả năm)."),
    "nc_line_det_flow": ("The remaining months must bring {value} to reach the plan exactly.",
                         "Các tháng còn lại cần đạt {value} để vừa đạt kế hoạch."),
    "nc_line_p": ("For the plan's chance to reach {p}, {rest} must be expected to deliver "
                  "{value}.",
                  "Để có {p} khả năng đạt, {rest} cần được kỳ vọng đạt {value}."),
    "nc_line_exp": ("The bridge expects {rest} to deliver {value}.",
                    "Mô hình cầu nối dự kiến {rest} đạt {value}."),
    "nc_line_bridge": ("Bridge: {model}; fitted on {n} years ({years}); it predicts the "
                       "{vintage} of the year.",
                       "Mô hình cầu nối: {model}; ước lượng trên {n} năm ({years}); dự báo "
                       "{vintage} của cả năm."),
    "nc_update_head": ("Probabilities of the {a}–{b} targets, scenario {scenario}: before and "
                       "after the nowcast of {year}",
                       "Xác suất đạt các mục tiêu {a}–{b}, kịch bản {scenario}: trước và sau "
                       "ước tính năm {year}"),
    "nc_col_target": ("target", "mục tiêu"),
    "nc_col_before": ("before", "trước"),
    "nc_col_after": ("after", "sau"),
    "nc_col_change": ("change, points (se)", "thay đổi, điểm % (sai số chuẩn)"),
    "nc_update_note": ("{n} paths, seed {seed}; the same random numbers before and after, so "
                       "the change has its own standard error.",
                       "{n} đường mô phỏng, seed {seed}; cùng bộ số ngẫu nhiên trước và sau, "
                       "nên thay đổi có sai số chuẩn riêng."),
}

# The nowcast's texts join the one catalogue (a key defined twice is refused).
_TEXT = _catalogue_of(_TEXT, _NOWCAST_TEXT)
