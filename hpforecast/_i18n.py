"""Every user-facing text in English and Vietnamese, and number formatting for each.

A private module, the one catalogue of the package's words, so that a reviewer can read
all of them at once: the labels of the charts (:mod:`hpforecast.plot`), the sections,
sentences and captions of ``report.md``, the headers and sheet names of its tables
(:mod:`hpforecast.report`), the names of indicators, boundaries and scenarios, the
Vietnamese descriptions of the ready-made scenarios (:mod:`hpforecast.scenarios`), the
labels of the assumptions (:mod:`hpforecast.assumptions`) and the calibrated likelihood
words. It imports nothing heavy. The Vietnamese words follow ``docs/glossary_vi.md``.

Number formats
--------------
``en``: 1,234.5 and 48.6 %; ``vi``: 1.234,5 and 48,6% (dot for thousands, comma for
decimals, no space before the percent sign, ranges "49–50%", rates "13%/năm", dates
"ngày 01/12/2026", as the statistics office prints them). Years are never grouped (2030,
not 2.030). Probabilities are shown in whole percent (:func:`fmt_prob`) and worded on the
IPCC's calibrated likelihood scale (:func:`likelihood`), classified on the whole percent
shown, so that Monte Carlo noise never flips a word that the figure does not change.
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
from collections.abc import Sequence

from .data import catalogue, unit_of

__all__ = ["LANGS", "LIKELIHOOD", "check_lang", "text", "fmt_number", "fmt_percent",
           "fmt_prob", "fmt_prob_range", "whole_percent", "likelihood", "fmt_date",
           "fmt_value", "indicator_name", "known_indicators", "indicator_unit",
           "growth_name", "boundary_name", "lower_first", "scenario_label",
           "scenario_description_vi", "describe_target", "value_axis_label",
           "is_fraction_unit", "pct_sign", "document_name", "column_name", "sheet_name", "unit_name",
           "reason_text", "model_name", "group_name"]

LANGS = ("en", "vi")

#: The IPCC's calibrated likelihood scale (Mastrandrea et al. 2010, the AR5 guidance
#: note; AR6 keeps it), narrowest class first from the top: (lowest whole percent of
#: the class, text key). 66 % is "likely", 33 % "unlikely", 34–65 % "about as likely as
#: not", 90 % "very likely", 10 % "very unlikely", 99 % and 1 % the outer classes.
LIKELIHOOD: tuple[tuple[int, str], ...] = (
    (99, "lk_virtually_certain"),
    (90, "lk_very_likely"),
    (66, "lk_likely"),
    (34, "lk_about_even"),
    (11, "lk_unlikely"),
    (2, "lk_very_unlikely"),
    (0, "lk_exceptionally_unlikely"),
)

_LIKELIHOOD_TEXT: dict[str, tuple[str, str]] = {
    "lk_virtually_certain": ("virtually certain", "gần như chắc chắn"),
    "lk_very_likely": ("very likely", "rất có khả năng"),
    "lk_likely": ("likely", "có khả năng"),
    "lk_about_even": ("about as likely as not", "khả năng ngang nhau"),
    "lk_unlikely": ("unlikely", "ít có khả năng"),
    "lk_very_unlikely": ("very unlikely", "rất ít có khả năng"),
    "lk_exceptionally_unlikely": ("exceptionally unlikely", "gần như không thể"),
    "lk_scale": (
        "Likelihood words follow the IPCC's calibrated scale, applied to the whole percent "
        "shown: virtually certain 99–100 %, very likely 90–98 %, likely 66–89 %, about as "
        "likely as not 34–65 %, unlikely 11–33 %, very unlikely 2–10 %, exceptionally "
        "unlikely 0–1 %.",
        "Mức khả năng được diễn đạt theo thang chuẩn của IPCC (Ủy ban Liên chính phủ về "
        "biến đổi khí hậu), áp dụng cho số phần trăm đã làm tròn: gần như chắc chắn "
        "99–100%, rất có khả năng 90–98%, có khả năng 66–89%, khả năng ngang nhau 34–65%, "
        "ít có khả năng 11–33%, rất ít có khả năng 2–10%, gần như không thể 0–1%."),
}

_CHART_TEXT: dict[str, tuple[str, str]] = {
    # key: (English, Vietnamese); the labels of the charts (hpforecast.plot)
    "median": ("median", "trung vị"),
    "year": ("Year", "Năm"),
    "recorded": ("recorded ({boundary})", "số liệu thực tế ({boundary})"),
    "recorded_plain": ("recorded", "số liệu thực tế"),
    "plan_base": ("{year}: plan figure (no outturn yet)", "{year}: số kế hoạch (chưa có số thực hiện)"),
    "band": ("central {c} of outcomes", "{c} kết quả ở giữa"),
    "band_shortest": ("most likely {c} of outcomes", "{c} kết quả có khả năng cao nhất"),
    "sim_start": ("simulated from {year}", "mô phỏng từ {year}"),
    "target": ("target", "mục tiêu"),
    "target_entry": ("target: {desc}\n{prob}", "mục tiêu: {desc}\n{prob}"),
    "target_value": ("target: {value}", "mục tiêu: {value}"),
    "target_point": ("target {year}: {value}", "mục tiêu {year}: {value}"),
    "target_average": ("target: average {value} over {a}–{b}",
                       "mục tiêu: bình quân {value} giai đoạn {a}–{b}"),
    "target_year": ("target {year}", "mục tiêu năm {year}"),
    "chance": ("chance {p}", "khả năng đạt {p}"),
    "probability": ("Probability", "Xác suất"),
    "prob_axis": ("Probability of meeting the target (%)", "Xác suất đạt mục tiêu (%)"),
    "prob_plain": ("Probability of meeting the target", "Xác suất đạt mục tiêu"),
    "prob_text": ("chance {p} ({word})", "khả năng đạt {p} ({word})"),
    "not_evaluable": ("not scored", "không đánh giá"),
    "all_targets": ("All {n} targets together", "Đạt cả {n} mục tiêu cùng lúc"),
    "share_of_outcomes": ("Share of simulated outcomes (%)", "Tỷ lệ kết quả mô phỏng (%)"),
    "met": ("target met", "đạt mục tiêu"),
    "missed": ("target missed", "không đạt mục tiêu"),
    "met_with": ("target met: {prob}", "đạt mục tiêu: {prob}"),
    "missed_share": ("target missed: {p}", "không đạt mục tiêu: {p}"),
    "outside_view": ("{p} of outcomes lie outside the range shown",
                     "{p} kết quả nằm ngoài khoảng hiển thị"),
    "met_in_year": ("condition holds in that year", "đạt điều kiện trong năm đó"),
    "met_in_window": ("average from {a} to that year", "bình quân từ {a} đến năm đó"),
    "met_by_year": ("met in that year or earlier", "đạt trong năm đó hoặc sớm hơn"),
    "plan": ("plan", "kế hoạch"),
    "plan_range": ("plan (range)", "kế hoạch (khoảng)"),
    "outcome_met": ("outcome, plan met", "thực hiện, đạt kế hoạch"),
    "outcome_missed": ("outcome, plan missed", "thực hiện, không đạt kế hoạch"),
    "merger": ("merger (1 July 2025)", "sáp nhập (01/7/2025)"),
    "sample_paths": ("{n} of {N} simulated outcomes", "{n} trong {N} kết quả mô phỏng"),
    "tornado_axis": ("Probability of meeting the target (%)", "Xác suất đạt mục tiêu (%)"),
    "tornado_low": ("assumption 1 sd lower", "giả định thấp hơn 1 độ lệch chuẩn"),
    "tornado_high": ("assumption 1 sd higher", "giả định cao hơn 1 độ lệch chuẩn"),
    "tornado_low_plain": ("assumption at its low value", "giả định ở mức thấp"),
    "tornado_high_plain": ("assumption at its high value", "giả định ở mức cao"),
    "tornado_change_axis": ("Change in probability (percentage points)",
                            "Thay đổi xác suất (điểm phần trăm)"),
    "base_input": ("{name}: starting value", "{name}: giá trị năm gốc"),
    "tornado_base_line": ("all assumptions as in the scenario: {p}",
                          "mọi giả định như kịch bản: {p}"),
    "tornado_title": ("What moves the probability", "Yếu tố làm thay đổi xác suất"),
    "tornado_base": ("base probability {p}", "xác suất cơ sở {p}"),
    "tornado_residual": ("{name}: own growth on top of GRDP (mean)",
                         "{name}: phần tăng riêng ngoài mức theo GRDP (bình quân)"),
    "growth_of": ("{name}: growth", "{name}: tốc độ tăng"),
    "per_year_pct": ("% a year", "%/năm"),
    "a_year": (" a year", "/năm"),
    "in_year": ("in {year}", "năm {year}"),
    "average_growth": ("average {a}–{b}", "bình quân giai đoạn {a}–{b}"),
    "total": ("total {a}–{b}", "tổng {a}–{b}"),
    "scenario": ("scenario", "kịch bản"),
    "scenarios_title": ("{name}: scenarios compared", "{name}: so sánh các kịch bản"),
    "scenario_median": ("{scenario}: median", "{scenario}: trung vị"),
    "scenario_range": ("{scenario}: central {c} in {year}",
                       "{scenario}: {c} kết quả ở giữa năm {year}"),
    "fan_title": ("{name}, {scenario} scenario", "{name}, kịch bản {scenario}"),
    "outcome_title": ("Outcomes in {year}: {desc}", "Kết quả năm {year}: {desc}"),
    "outcome_title_window": ("Average over {a}–{b}: {desc}",
                             "Bình quân giai đoạn {a}–{b}: {desc}"),
    "by_year_title": ("When could the target be met? {desc}",
                      "Khi nào có thể đạt mục tiêu? {desc}"),
    "prob_title": ("Probability of meeting each target, {scenario} scenario",
                   "Xác suất đạt từng mục tiêu, kịch bản {scenario}"),
    "dots_title": ("Probability of meeting each {year} target, by scenario",
                   "Xác suất đạt từng mục tiêu năm {year}, theo kịch bản"),
    "curve_title": ("Chance against assumed growth: {desc}",
                    "Khả năng đạt theo tốc độ tăng giả định: {desc}"),
    "curve_x": ("Assumed average growth of {name}, {a}–{b} (% a year)",
                "Tốc độ tăng {name} bình quân giả định, {a}–{b} (%/năm)"),
    "curve_needed": ("{p} chance needs {g}", "để có {p} khả năng cần {g}"),
    "curve_scenario": ("{scenario}: {g}, chance {p}", "{scenario}: {g}, khả năng {p}"),
    "curve_line": ("chance, other assumptions as in {scenario}",
                   "khả năng đạt, các giả định khác như kịch bản {scenario}"),
    "misses_title": ("Plan misses {a}–{b} against the spread the scenarios assume",
                     "Mức hụt kế hoạch {a}–{b} so với độ phân tán các kịch bản giả định"),
    "misses_axis": ("Outcome minus plan (percentage points)",
                    "Thực hiện trừ kế hoạch (điểm phần trăm)"),
    "misses_bar": ("outcome − plan", "thực hiện − kế hoạch"),
    "misses_sd": ("±1 sd of misses {a}–{b}: {sd} points",
                  "±1 độ lệch chuẩn của mức hụt {a}–{b}: {sd} điểm"),
    "misses_sd_ex": ("±1 sd without {year}: {sd} points",
                     "±1 độ lệch chuẩn không tính năm {year}: {sd} điểm"),
    "misses_assumed": ("±1 sd assumed", "±1 độ lệch chuẩn giả định"),
    "misses_2020": ("2020: pandemic year", "2020: năm đại dịch"),
    "shapley_title": ("What the chance depends on, drivers correlated: {desc}",
                      "Khả năng đạt phụ thuộc vào biến đầu vào nào (có tương quan): {desc}"),
    "shapley_axis": ("Share of the uncertainty about meeting the target (%)",
                     "Tỷ phần trong độ bất định về việc đạt mục tiêu (%)"),
    "plan_record_title": ("{name}: plans and outcomes", "{name}: kế hoạch và thực hiện"),
    "plan_record_title_plain": ("plans and outcomes", "kế hoạch và thực hiện"),
    "spaghetti_title": ("{name}: single simulated outcomes, {scenario} scenario",
                        "{name}: một số kết quả mô phỏng, kịch bản {scenario}"),
    "scale_axis": ("likelihood (IPCC scale)", "mức khả năng (thang IPCC)"),
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
    # key: (English, Vietnamese); the sections, sentences and captions of report.md
    "report_title": ("Hai Phong to 2030: how likely are the targets?",
                     "Hải Phòng đến năm 2030: khả năng đạt các mục tiêu"),
    "dateline": ("{date}. Prepared with hpforecast {version}.",
                 "Lập {date} bằng công cụ hpforecast {version}."),
    "conditional": (
        "Every probability here holds only under the assumptions stated (Annex A); none is "
        "a forecast of what the city will achieve.",
        "Mọi xác suất trong báo cáo chỉ đúng với các giả định đã nêu (Phụ lục A); không con "
        "số nào là dự báo về kết quả thành phố sẽ đạt được."),
    "contents": ("Contents", "Nội dung"),
    # the one-page summary
    "s_summary": ("Summary", "Tóm tắt"),
    "sum_targets": ("Under the {n} scenarios of this report ({names}): {items}.",
                    "Theo {n} kịch bản của báo cáo ({names}): {items}."),
    "sum_one_scenario": ("Under the {name} scenario: {items}.",
                         "Theo kịch bản {name}: {items}."),
    "sum_item": ("{desc} is {words} ({range})", "{desc}: {words} ({range})"),
    "sum_joint": ("Meeting all {n} together: {range}.",
                  "Đạt cả {n} mục tiêu cùng lúc: {range}."),
    "sum_plan": (
        "The plan scenario assumes the targets themselves, so its figures near 50 % are a "
        "coin toss by construction, not a finding.",
        "Kịch bản kế hoạch lấy chính các mục tiêu làm giả định, nên các xác suất quanh 50% "
        "của kịch bản này là hệ quả tất yếu của cách lập kịch bản, như tung đồng xu, chứ "
        "không phải một phát hiện."),
    "headline_plan": ("The plan scenario assumes the targets themselves: {what}.",
                      "Kịch bản kế hoạch lấy chính các mục tiêu làm giả định: {what}."),
    "headline_mc": (
        "The error of the simulation itself is at most {mc} points; the CSV tables give it "
        "for every figure.",
        "Sai số của bản thân phép mô phỏng không quá {mc} điểm phần trăm; các bảng CSV ghi "
        "sai số này cho từng con số."),
    "outside_median": (" Median growth {a}–{b}: {g} a year.",
                       " Trung vị tốc độ tăng {a}–{b}: {g}/năm."),
    "sum_plan_what": (
        "real GRDP growth of 13 % a year; port cargo growing at exactly the rate 380 Mt "
        "needs",
        "GRDP tăng 13%/năm theo giá so sánh; hàng hóa thông qua cảng tăng đúng bằng tốc độ "
        "cần để đạt 380 triệu tấn"),
    "sum_spread": (
        "Each figure holds only if its scenario's assumptions hold: the spread across "
        "scenarios is the real uncertainty.",
        "Mỗi con số chỉ đúng nếu giả định của kịch bản đó đúng: độ bất định thực sự là mức "
        "chênh lệch giữa các kịch bản."),
    "and": ("and", "và"),
    "to": ("{a} to {b}", "từ {a} đến {b}"),
    # captions
    "figure": ("**Figure {n}.** {title}. {takeaway} *Source: {source}.*",
               "**Hình {n}.** {title}. {takeaway} *Nguồn: {source}.*"),
    "svg": ("Editable version (SVG)", "Bản chỉnh sửa được (SVG)"),
    "source_sim": (
        "hpforecast simulations, {n} per scenario, on data of the Hai Phong and national "
        "statistics offices and the city's resolutions (Annex C)",
        "mô phỏng bằng hpforecast, {n} kết quả mỗi kịch bản, trên số liệu của cơ quan thống "
        "kê Trung ương và thành phố Hải Phòng, các nghị quyết của thành phố (Phụ lục C)"),
    "source_record": (
        "Hai Phong statistics office and the city's yearly socio-economic resolutions "
        "(Annex C)",
        "cơ quan thống kê thành phố Hải Phòng và các nghị quyết kinh tế – xã hội hằng năm "
        "của thành phố (Phụ lục C)"),
    # the limitations box
    "limits": ("Limitations", "Hạn chế"),
    "lim_per_capita": (
        "GRDP per capita starts from {derived} USD in {year}, computed from the statistical "
        "population; the officially reported figure is about {official} USD, which implies "
        "a smaller population. On the official basis the per-capita target would be easier "
        "to reach: the chances shown for it are conservative.",
        "GRDP bình quân đầu người năm {year} được tính là {derived} USD theo dân số thống "
        "kê; số công bố chính thức khoảng {official} USD, tương ứng với dân số ít hơn. Nếu "
        "tính theo số chính thức, mục tiêu bình quân đầu người sẽ dễ đạt hơn: khả năng đạt "
        "nêu ở đây là ước tính thận trọng."),
    "lim_cargo": (
        "No {year} outturn of port cargo was found: the simulations start from the {year} "
        "plan figure ({value}), drawn as a hollow marker in the charts.",
        "Chưa có số thực hiện năm {year} về hàng hóa thông qua cảng: mô phỏng bắt đầu từ số "
        "kế hoạch năm {year} ({value}), thể hiện bằng điểm rỗng trên biểu đồ."),
    "lim_judgements": (
        "Some assumptions are judgements, not estimates, in every scenario: persistence of "
        "shocks from one year to the next {pers}; correlation of real growth with port "
        "cargo {c1}, with national GDP {c2} and with the deflator {c3}; budget revenue "
        "growing one for one with nominal GRDP.",
        "Trong mọi kịch bản, một số giả định là nhận định chuyên gia chứ không phải ước "
        "lượng: quán tính của các cú sốc từ năm này sang năm sau {pers}; hệ số tương quan "
        "giữa tốc độ tăng GRDP và hàng hóa thông qua cảng {c1}, với GDP cả nước {c2}, với "
        "chỉ số giảm phát {c3}; thu ngân sách tăng cùng tỷ lệ với GRDP danh nghĩa."),
    "lim_record": (
        "The record behind the spreads is short: {n} years ({a}–{b}), one of them the 2020 "
        "pandemic year.",
        "Chuỗi số liệu dùng để xác định độ phân tán còn ngắn: {n} năm ({a}–{b}), trong đó "
        "có năm đại dịch 2020."),
    "lim_boundary": (
        "Targets set for Hai Phong before the merger are not in the headline table "
        "(Annex B).",
        "Các mục tiêu đặt cho Hải Phòng trước sáp nhập không đưa vào bảng kết quả chính "
        "(Phụ lục B)."),
    # 1. headline
    "s_headline": ("The {year} targets of {boundary}", "Các mục tiêu năm {year} của {boundary}"),
    "headline_intro": (
        "Chance of meeting each target under each scenario, in whole percent, with its "
        "likelihood word. One row per target: where several documents set the same target, "
        "each is named.",
        "Khả năng đạt từng mục tiêu theo từng kịch bản, làm tròn đến phần trăm, kèm mức khả "
        "năng. Mỗi mục tiêu một dòng; mục tiêu do nhiều văn bản cùng đề ra thì ghi đủ các "
        "văn bản."),
    "col_target": ("Target", "Mục tiêu"),
    "col_documents": ("Set by", "Văn bản"),
    "cell_prob": ("{p} ({word})", "{p} ({word})"),
    "no_targets": ("No official target falls in the simulated years {a}–{b}.",
                   "Không có mục tiêu chính thức nào trong các năm mô phỏng {a}–{b}."),
    "dots_takeaway": ("{best} is the most likely ({best_range}); {worst} the least likely "
                      "({worst_range}).",
                      "{best} có khả năng đạt cao nhất ({best_range}); {worst} thấp nhất "
                      "({worst_range})."),
    "dots_takeaway_one": ("{best}: {best_range}.", "{best}: {best_range}."),
    # 2. growth needed
    "s_curves": ("What growth would the targets take?",
                 "Cần tốc độ tăng bao nhiêu để đạt mục tiêu?"),
    "curves_intro": (
        "For each target driven by one growth assumption: the chance of meeting it if that "
        "growth averaged a given rate a year over {a}–{b}, everything else as in the "
        "{scenario} scenario (the same simulated shocks throughout). The growth needed for "
        "a 50 % and an 80 % chance is marked; each scenario sits at its own assumption and "
        "chance.",
        "Với mỗi mục tiêu phụ thuộc chủ yếu vào một giả định tăng trưởng, biểu đồ cho biết khả năng đạt mục "
        "tiêu nếu tốc độ tăng đó bình quân đạt một mức nhất định mỗi năm trong giai đoạn "
        "{a}–{b}, các giả định khác như kịch bản {scenario} (cùng các cú sốc mô phỏng). "
        "Biểu đồ đánh dấu tốc độ cần để có 50% và 80% khả năng đạt; mỗi kịch bản được đặt "
        "tại điểm ứng với tốc độ tăng giả định và khả năng đạt của kịch bản đó."),
    "curve_takeaway": ("A 50 % chance needs {g50}, an 80 % chance {g80}; the {scenario} "
                       "scenario assumes {g}.",
                       "Để có 50% khả năng đạt cần {g50}, để có 80% cần {g80}; kịch bản "
                       "{scenario} giả định {g}."),
    "curve_out_of_reach": ("out of the range tried", "ngoài khoảng đã thử"),
    # 3. fans
    "s_fans": ("Fan charts", "Biểu đồ hình quạt"),
    "fans_intro": (
        "Scenario {scenario}. The darkest band holds the central 30 % of simulated "
        "outcomes, the lighter ones 60 % and 90 %; each band leaves equal chances above and "
        "below it (the Bank of England centres its bands on the most likely outcome "
        "instead; Annex D says how to draw those). The line is the median. History: Hai "
        "Phong before the merger dashed, merged Hai Phong solid, never joined, because the "
        "merger changed the levels. Targets are points at their year.",
        "Kịch bản {scenario}. Dải đậm nhất chứa 30% kết quả mô phỏng ở giữa, các dải nhạt "
        "hơn chứa 60% và 90%; khả năng nằm trên và dưới mỗi dải là như nhau (Ngân hàng Trung "
        "ương Anh đặt dải quanh kết quả có khả năng cao nhất; cách vẽ dải theo kiểu này: xem Phụ lục "
        "D). Đường đậm là trung vị. Số liệu quá khứ: Hải Phòng trước sáp nhập nét đứt, Hải "
        "Phòng sau sáp nhập nét liền, hai đường không nối với nhau vì sáp nhập làm thay đổi "
        "quy mô. Mục tiêu được thể hiện bằng các điểm tại năm mục tiêu."),
    "fan_takeaway": ("{name} in {year}: median {median}; 9 in 10 simulated outcomes between "
                     "{lo} and {hi}.",
                     "{name} năm {year}: trung vị {median}; 9/10 kết quả mô phỏng nằm trong "
                     "khoảng từ {lo} đến {hi}."),
    "fan_takeaway_target": ("Target {value}: chance {p}.", "Mục tiêu {value}: khả năng đạt {p}."),
    # 4. the record
    "s_record": ("The record: plans and outcomes", "Kế hoạch và thực hiện qua các năm"),
    "record_intro": (
        "The city's yearly growth plans against outcomes, and the misses (outcome minus "
        "plan) against the spread of yearly growth that each scenario assumes. 2020, the "
        "pandemic year, is by far the largest miss; without it the misses spread much less.",
        "Kế hoạch tăng trưởng hằng năm của thành phố so với kết quả thực hiện, và mức hụt "
        "(thực hiện trừ kế hoạch) so với độ phân tán của tốc độ tăng hằng năm mà mỗi kịch "
        "bản giả định. Năm đại dịch 2020 có mức hụt lớn nhất; nếu không tính năm này, mức "
        "hụt phân tán ít hơn nhiều."),
    "record_takeaway": ("Plans were met in {met} of {n} years; the average gap was {mean} "
                        "points.",
                        "Thành phố đạt kế hoạch {met}/{n} năm; chênh lệch bình quân {mean} "
                        "điểm phần trăm."),
    "misses_takeaway": (
        "The misses spread by {sd} points (one standard deviation) with 2020 and {sd_ex} "
        "without it; the scenarios assume {assumed}.",
        "Độ lệch chuẩn của mức hụt là {sd} điểm phần trăm nếu tính năm 2020 và {sd_ex} điểm "
        "nếu không tính; độ lệch chuẩn giả định trong các kịch bản: {assumed}."),
    "points": ("{x} points", "{x} điểm"),
    # 5. outcomes, 6. by year
    "s_outcomes": ("Distribution of outcomes", "Phân phối kết quả mô phỏng"),
    "outcomes_intro": (
        "What each target compares with its threshold, across the simulated outcomes of "
        "the {scenario} scenario; the green, hatched side meets the target. Each axis shows "
        "the middle 99.8 % of outcomes.",
        "Phân phối của chỉ tiêu được so với ngưỡng của từng mục tiêu, trên các kết quả mô phỏng của kịch bản "
        "{scenario}; phần màu xanh có gạch chéo là phần đạt mục tiêu. Mỗi trục thể hiện "
        "99,8% kết quả ở giữa."),
    "outcome_takeaway": ("{p} of simulated outcomes meet the target; half lie between {q25} "
                         "and {q75}.",
                         "{p} kết quả mô phỏng đạt mục tiêu; một nửa nằm trong khoảng "
                         "từ {q25} đến {q75}."),
    "s_by_year": ("When could the targets be met?", "Khi nào có thể đạt mục tiêu?"),
    "by_year_intro": (
        "Chance that each target's condition holds in each year of the {scenario} scenario; "
        "for an average-growth target, the average from the window's first year to that "
        "year.",
        "Khả năng đạt ngưỡng của từng mục tiêu ở mỗi năm trong kịch bản "
        "{scenario}; với mục tiêu tốc độ tăng bình quân, là bình quân từ năm đầu giai đoạn "
        "đến năm đó."),
    "by_year_takeaway": ("The chance goes from {p0} in {y0} to {p1} in {y1}.",
                         "Khả năng đạt thay đổi từ {p0} năm {y0} đến {p1} năm {y1}."),
    # 7. scenarios
    "s_scenarios": ("Scenarios compared", "So sánh các kịch bản"),
    "scenarios_intro": (
        "Median of each scenario, with the central 90 % of its outcomes in {year} at the "
        "right; history and targets as in the fan charts.",
        "Trung vị của từng kịch bản; bên phải là dải 90% kết quả ở giữa của năm {year}; số liệu "
        "quá khứ và mục tiêu như trong biểu đồ hình quạt."),
    "scenarios_takeaway": ("Medians in {year} range from {lo} ({slo}) to {hi} ({shi}).",
                           "Trung vị năm {year} từ {lo} ({slo}) đến {hi} ({shi})."),
    "one_scenario": ("Only one scenario was simulated; nothing to compare.",
                     "Chỉ mô phỏng một kịch bản; không có gì để so sánh."),
    # 8. sensitivity
    "s_sensitivity": ("What moves the probability", "Yếu tố làm thay đổi xác suất"),
    "sensitivity_intro": (
        "One assumption at a time, in the {scenario} scenario with the same simulated "
        "outcomes as the headline: each growth assumption moved one standard deviation "
        "down and up (at least one point), persistence from 0 to 0.6. Each bar ends at the "
        "chance of meeting the target with that assumption moved; the line is the headline "
        "chance. Only assumptions that move the target are shown. Where drivers are "
        "correlated, one at a time can mislead: the second chart of each target shares out "
        "the uncertainty among the drivers, correlations included (Shapley effects).",
        "Thay đổi từng giả định một, trong kịch bản {scenario}, với cùng các kết quả mô "
        "phỏng như bảng kết quả chính: mỗi giả định tăng trưởng giảm và tăng một độ lệch "
        "chuẩn (ít nhất 1 điểm phần trăm), quán tính từ 0 đến 0,6. Mỗi thanh kết thúc tại "
        "khả năng đạt mục tiêu khi giả định đó thay đổi; đường thẳng đứng là khả năng đạt "
        "trong bảng kết quả chính. Chỉ hiển thị các giả định có làm thay đổi kết quả. Khi "
        "các biến đầu vào có tương quan với nhau, thay đổi từng biến một có thể gây hiểu nhầm: "
        "biểu đồ thứ hai của mỗi mục tiêu phân bổ độ bất định cho các biến đầu vào, có tính đến "
        "tương quan (chỉ số Shapley)."),
    "tornado_takeaway": ("{name} moves the chance most: from {lo} to {hi}.",
                         "Giả định có tác động lớn nhất là “{name}”: khả năng đạt thay đổi từ {lo} đến {hi}."),
    "tornado_none": ("{desc}: no assumption tried moves its chance ({p}), so there is no "
                     "chart.",
                     "{desc}: không giả định nào đã thử làm thay đổi khả năng đạt ({p}), nên "
                     "không có biểu đồ."),
    "left_out": ("Left out, as they do not move this target: {names}.",
                 "Không hiển thị vì không làm thay đổi khả năng đạt mục tiêu này: {names}."),
    "shapley_takeaway": ("{name} accounts for {share} of the uncertainty about meeting the "
                         "target.",
                         "{name} chiếm {share} độ bất định về việc đạt mục tiêu."),
    # 9. spaghetti
    "s_spaghetti": ("Single simulated years", "Từng năm trong các kết quả mô phỏng"),
    "spaghetti_intro": (
        "Yearly real GRDP growth in twenty simulated outcomes, over the fan: single years "
        "swing far more than the smooth median suggests.",
        "Tốc độ tăng GRDP (giá so sánh) hằng năm của hai mươi kết quả mô phỏng, vẽ trên "
        "biểu đồ hình quạt: từng năm dao động mạnh hơn nhiều so với đường trung vị."),
    "spaghetti_takeaway": ("In these outcomes, single years range from {lo} to {hi}.",
                           "Trong các kết quả này, từng năm dao động từ {lo} đến {hi}."),
    # annexes
    "s_annex_assumptions": ("Annex A. Assumptions", "Phụ lục A. Giả định"),
    "annex_assumptions_intro": (
        "Each scenario's assumptions in one table; yearly growth as mean ± standard "
        "deviation (% a year) over {a}–{b}.",
        "Giả định của từng kịch bản trong một bảng; tốc độ tăng hằng năm ghi dạng bình quân "
        "± độ lệch chuẩn (%/năm) giai đoạn {a}–{b}."),
    "col_assumption": ("Assumption", "Giả định"),
    "row_growth": ("{name}: growth", "{name}: tốc độ tăng"),
    "row_persistence": ("Persistence of shocks", "Quán tính của các cú sốc"),
    "row_corr": ("Correlation: {a} and {b}", "Hệ số tương quan: {a} và {b}"),
    "row_base": ("{name}: {year} value", "{name}: giá trị năm {year}"),
    "row_buoyancy": ("{name}: growth per point of nominal GRDP growth",
                     "{name}: hệ số co giãn theo GRDP danh nghĩa"),
    "row_link": ("{name}: growth per point of {source} growth",
                 "{name}: hệ số co giãn theo {source}"),
    "row_level": ("{name}: median a year (sd of the logarithm)",
                  "{name}: trung vị mỗi năm (độ lệch chuẩn của lôgarit)"),
    "row_residual": ("{name}: own growth on top of GRDP", "{name}: phần tăng riêng ngoài GRDP"),
    "fixed": ("fixed", "cố định"),
    "words_intro": ("What each scenario assumes, in words:", "Nội dung từng kịch bản:"),
    "own_scenario": ("a scenario given by the user; its description is in Annex D",
                     "kịch bản do người dùng đặt; mô tả xem Phụ lục D"),
    "s_annex_boundary": ("Annex B. Targets set for another territory",
                         "Phụ lục B. Mục tiêu đặt cho địa giới khác"),
    "annex_boundary_intro": (
        "These {year} targets were set for {other}. A level or a share of that territory "
        "cannot be compared with those of {boundary}, so it is not scored; a growth rate "
        "is scored on the simulated territory's growth, for reference only.",
        "Các mục tiêu năm {year} dưới đây được đặt cho {other}. Mức tuyệt đối hoặc tỷ trọng "
        "của địa giới đó không so sánh được với {boundary}, nên không đánh giá; tốc độ tăng "
        "được tính trên tốc độ tăng của địa giới mô phỏng, chỉ để tham khảo."),
    "col_why": ("Why not comparable", "Lý do không so sánh được"),
    "why_level": ("a level or share of a territory about half the size of the merged city",
                  "mức hoặc tỷ trọng của địa giới chỉ bằng khoảng một nửa thành phố sau sáp "
                  "nhập"),
    "why_growth": ("growth of the old territory, scored on the merged city's growth",
                   "tốc độ tăng của địa giới cũ, tính trên tốc độ tăng của thành phố sau sáp "
                   "nhập"),
    "why_growth_recorded": ("{a}–{b} from the record: {g}", "{a}–{b} theo số thực hiện: {g}"),
    "no_annex_b": ("No target of {year} was set for another territory.",
                   "Không có mục tiêu năm {year} nào đặt cho địa giới khác."),
    "s_annex_register": ("Annex C. Register of targets", "Phụ lục C. Danh mục các mục tiêu"),
    "register_intro": (
        "Every target of {a}–{b} in the package's data: the document that sets it, its "
        "date, the territory, the value, its status, and whether it is scored here (and why "
        "not).",
        "Mọi mục tiêu giai đoạn {a}–{b} trong bộ số liệu: văn bản đề ra, ngày ban hành, địa "
        "giới, giá trị, tình trạng, và có được đánh giá trong báo cáo này hay không (lý do "
        "nếu không)."),
    "col_document": ("Document", "Văn bản"),
    "col_date": ("Date", "Ngày"),
    "col_territory": ("Territory", "Địa giới"),
    "col_status": ("Status", "Tình trạng"),
    "col_scored": ("Scored here", "Đánh giá"),
    "col_why_not": ("Why not", "Lý do"),
    "yes": ("yes", "có"),
    "no": ("no", "không"),
    "status_current": ("in force", "đang có hiệu lực"),
    "status_superseded": ("superseded", "đã được thay thế"),
    "status_draft": ("draft", "dự thảo"),
    "status_annual_plan": ("annual plan", "kế hoạch năm"),
    "status_user": ("set by the user", "do người dùng đặt"),
    "s_annex_tech": ("Annex D. Technical notes and reproducibility",
                     "Phụ lục D. Ghi chú kỹ thuật và khả năng tái lập"),
    "tech_mc": (
        "Monte Carlo: {n_paths} paths per scenario, seed {seed}, sampler {sampler}; the "
        "scenarios share each driver's random numbers. A probability is the share of paths "
        "that meet the target; its 95 % interval for the Monte Carlo error (Wilson score) "
        "is in `tables/probabilities.csv` (columns `ci_low`, `ci_high`); the widest "
        "half-width in this report is {mc} points, far less than the spread across "
        "scenarios.",
        "Phương pháp Monte Carlo: {n_paths} lần mô phỏng mỗi kịch bản, giá trị khởi tạo "
        "ngẫu nhiên {seed}, cách lấy mẫu {sampler}; các kịch bản dùng chung số ngẫu nhiên "
        "của từng biến đầu vào. Xác suất là tỷ lệ kết quả mô phỏng đạt mục tiêu; khoảng tin "
        "cậy 95% của sai số Monte Carlo (khoảng Wilson) có trong `tables/probabilities.csv`; "
        "nửa độ rộng lớn nhất trong báo cáo này là {mc} điểm phần trăm, nhỏ hơn nhiều so với "
        "chênh lệch giữa các kịch bản."),
    "tech_bands": (
        "Fan bands are equal-tailed: quantiles (1 − c)/2 and (1 + c)/2 of the paths in each "
        "year (`tables/bands.csv`). The Bank of England's bands are mode-centred (highest "
        "density); `hpf.plot.fan_chart(sim, indicator, interval=\"shortest\")` draws their "
        "sample analogue, the narrowest interval that holds each share of the paths.",
        "Các dải của biểu đồ hình quạt có hai đuôi bằng nhau: phân vị (1 − c)/2 và "
        "(1 + c)/2 của các kết quả mô phỏng mỗi năm (`tables/bands.csv`). Dải của Ngân hàng "
        "Trung ương Anh đặt quanh mốt (mật độ cao nhất); "
        "`hpf.plot.fan_chart(sim, indicator, interval=\"shortest\")` vẽ dải tương ứng từ "
        "mẫu, tức khoảng hẹp nhất chứa mỗi tỷ lệ kết quả."),
    "tech_sensitivity": (
        "One at a time: `hpf.tornado` with the headline's paths and seed; assumptions left "
        "out and why: `tables/sensitivity_left_out.csv`. Shapley effects: `hpf.shapley` "
        "(share of the variance of 1{{target met}}; drivers' scores jointly normal, "
        "correlations included). Growth curves: the driver's mean growth shifted in every "
        "year on a grid with the same random numbers; the growth needed for 50 % and 80 %: "
        "`hpf.growth_needed`.",
        "Thay đổi từng giả định: `hpf.tornado` với cùng số lần mô phỏng và giá trị khởi tạo "
        "như bảng kết quả chính; các giả định không hiển thị và lý do: "
        "`tables/sensitivity_left_out.csv`. Chỉ số Shapley: `hpf.shapley` (tỷ phần trong "
        "phương sai của biến chỉ báo đạt mục tiêu; có tính tương quan giữa các biến đầu vào). "
        "Đường khả năng đạt: dịch chuyển tốc độ tăng bình quân của biến đầu vào ở mọi năm "
        "trên một lưới giá trị, cùng bộ số ngẫu nhiên; tốc độ cần cho 50% và 80%: "
        "`hpf.growth_needed`."),
    "tech_ids": ("Targets and their identifiers in the tables:",
                 "Các mục tiêu và mã của chúng trong các bảng:"),
    "col_id": ("Identifier", "Mã"),
    "tech_descriptions": ("The scenarios' own descriptions:", "Mô tả gốc của các kịch bản:"),
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
    "tables_list": ("Tables (CSV, UTF-8 with a byte-order mark, for Excel):",
                    "Các bảng (CSV, mã UTF-8 có BOM để mở bằng Excel):"),
    "svg_note": ("Every chart is in `charts/` as PNG (300 dpi, at its printed size: {col} "
                 "or {full} wide) and SVG (text kept as text).",
                 "Mọi biểu đồ nằm trong `charts/` dưới dạng PNG (300 dpi, đúng kích thước "
                 "in: rộng {col} hoặc {full}) và SVG (chữ giữ nguyên dạng văn bản)."),
    "run_key": ("item", "mục"),
    "run_value": ("value", "giá trị"),
}

_TABLE_TEXT: dict[str, tuple[str, str]] = {
    # table_<name>: what tables/<name>.csv of a report holds
    "table_assumptions": ("each scenario's assumptions", "giả định của từng kịch bản"),
    "table_bands": ("quantiles of every simulated indicator by year and scenario",
                    "phân vị của mọi chỉ tiêu mô phỏng theo năm và kịch bản"),
    "table_probabilities": ("probability of each target under each scenario, with its "
                            "Monte Carlo error",
                            "xác suất đạt từng mục tiêu theo từng kịch bản, kèm sai số Monte "
                            "Carlo"),
    "table_joint": ("probability of meeting the headline targets together",
                    "xác suất đạt đồng thời các mục tiêu chính"),
    "table_probability_by_year": ("probability that each headline target is met by each "
                                  "year",
                                  "xác suất đạt từng mục tiêu chính theo năm"),
    "table_growth_curves": ("probability of each growth-driven target against the assumed "
                            "average growth",
                            "xác suất đạt mục tiêu theo tốc độ tăng bình quân giả định"),
    "table_growth_needed": ("the growth needed for a 50 % and an 80 % chance",
                            "tốc độ tăng cần để có 50% và 80% khả năng đạt"),
    "table_sensitivity": ("probability of each headline target when one assumption moves",
                          "xác suất đạt mục tiêu chính khi thay đổi từng giả định"),
    "table_sensitivity_left_out": ("assumptions that do not move a target, and why",
                                   "các giả định không làm thay đổi mục tiêu, và lý do"),
    "table_shapley": ("Shapley effects: each driver's share of the uncertainty about "
                      "meeting each headline target",
                      "chỉ số Shapley: tỷ phần của từng biến đầu vào trong độ bất định về "
                      "việc đạt mục tiêu"),
    "table_plan_record": ("yearly plans and outcomes", "kế hoạch và thực hiện hằng năm"),
    "table_register": ("every target of the simulated years, scored or not",
                       "mọi mục tiêu của các năm mô phỏng, kể cả mục tiêu không được đánh giá"),
    "table_run": ("seed, number of paths, versions and date",
                  "giá trị khởi tạo ngẫu nhiên, số lần mô phỏng, phiên bản và ngày chạy"),
}

#: Planner-facing descriptions of the ready-made scenarios (no code names): (en, vi).
#: Technical descriptions (with the functions behind each number) are the scenarios' own
#: ``description``, shown in the technical annex.
_SCENARIO_SUMMARY: dict[str, tuple[str, str]] = {
    "plan": (
        "Real GRDP grows 13 % a year, the lower end of the 2026–2030 plan, with the spread "
        "of the city's plan misses 2017–2025; port cargo grows at the rate that takes the "
        "2025 plan figure of 213 Mt to 380 Mt.",
        "GRDP (giá so sánh) tăng 13%/năm, mức thấp của kế hoạch 2026–2030, với độ phân tán "
        "bằng mức hụt kế hoạch của thành phố giai đoạn 2017–2025; hàng hóa thông qua cảng "
        "tăng theo tốc độ đưa số kế hoạch năm 2025 (213 triệu tấn) lên 380 triệu tấn."),
    "trend": (
        "The record continues: real GRDP growth with the mean and spread of the merged "
        "city's record 2018–2025; port cargo at its 2017–2024 trend.",
        "Tiếp nối xu hướng quá khứ: tốc độ tăng GRDP (giá so sánh) có bình quân và độ phân "
        "tán như số liệu 2018–2025 của thành phố sau sáp nhập; hàng hóa thông qua cảng theo "
        "xu hướng 2017–2024."),
    "outside_view": (
        "The outside view: real GRDP grows as economies with a record like the merged "
        "city's have grown in the years that followed, falling back toward Viet Nam's own "
        "outlook at the pace estimated on 180 economies (1950–2017); port cargo at its "
        "2017–2024 trend.",
        "Góc nhìn từ kinh nghiệm quốc tế: GRDP tăng như các nền kinh tế từng có mức tăng "
        "tương tự thành phố đã tăng trong những năm tiếp theo, tức là chậm dần về mức triển "
        "vọng chung của Việt Nam, với nhịp độ ước lượng trên 180 nền kinh tế (1950–2017); "
        "hàng hóa thông qua cảng theo xu hướng 2017–2024."),
    "plan_adjusted": (
        "The plan, corrected by the city's average plan miss of 2017–2025 ({gap} points a "
        "year) for GRDP and port cargo.",
        "Kế hoạch được điều chỉnh theo mức hụt kế hoạch bình quân của thành phố giai đoạn "
        "2017–2025 ({gap} điểm phần trăm/năm) cho GRDP và hàng hóa thông qua cảng."),
    "common": (
        " The deflator, exchange rate, population, national GDP and registered FDI follow "
        "the record, as do the spreads of budget revenue and port cargo; cargo starts from "
        "the 2025 plan figure.",
        " Chỉ số giảm phát, tỷ giá, dân số, GDP cả nước và vốn FDI đăng ký theo số liệu quá "
        "khứ, độ phân tán của thu ngân sách và hàng hóa thông qua cảng cũng vậy; hàng hóa "
        "thông qua cảng bắt đầu từ số kế hoạch năm 2025."),
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
_TEXT = _catalogue_of(_CHART_TEXT, _REPORT_TEXT, _TABLE_TEXT, _LIKELIHOOD_TEXT)

_BOUNDARY = {
    "old_city": ("Hai Phong before the merger", "Hải Phòng trước sáp nhập"),
    "merged_city": ("merged Hai Phong", "Hải Phòng sau sáp nhập"),
    "hai_duong": ("the former Hai Duong province", "tỉnh Hải Dương (cũ)"),
    "vietnam": ("Viet Nam", "cả nước"),
    "spliced": ("old city to 2024, merged city from 2025",
                "thành phố cũ đến 2024, thành phố mới từ 2025"),
}

_SCENARIO = {
    "plan": ("plan", "kế hoạch"),
    "trend": ("trend", "xu hướng"),
    "plan_adjusted": ("plan adjusted for past misses", "kế hoạch điều chỉnh theo mức hụt"),
    "outside_view": ("outside view", "kinh nghiệm quốc tế"),
    "baseline": ("baseline", "cơ sở"),
}

#: Vietnamese names that the report uses where the catalogue's short ``name_vi`` reads
#: word for word (reviewed wording; see docs/glossary_vi.md).
_NAME_VI = {
    "grdp_real": "GRDP theo giá so sánh 2010",
    "grdp_growth_real": "Tốc độ tăng GRDP (giá so sánh)",
    "grdp_nominal": "GRDP theo giá hiện hành",
    "grdp_per_capita_usd": "GRDP bình quân đầu người (USD)",
    "port_cargo": "Hàng hóa thông qua cảng",
    "budget_revenue": "Tổng thu ngân sách nhà nước trên địa bàn",
    "budget_revenue_domestic": "Thu nội địa",
    "budget_revenue_import_export": "Thu từ hoạt động xuất nhập khẩu",
    "share_of_national_gdp": "Tỷ trọng GRDP trong GDP cả nước",
    "grdp_deflator": "Chỉ số giảm phát GRDP",
    "gdp_deflator_growth": "Tốc độ tăng chỉ số giảm phát GDP",
    "vnd_per_usd": "Tỷ giá",
    "national_gdp_nominal": "GDP cả nước theo giá hiện hành",
    "fdi_registered": "Vốn FDI đăng ký",
}

#: Axis units where the name already says the prices: (en, vi).
_AXIS_UNIT = {"grdp_real": (None, "tỷ đồng")}

#: Units as tables and charts show them in Vietnamese (the catalogue's ``unit_vi`` spells
#: out fractions, which the tables keep as fractions).
_UNIT_VI = {
    "fraction per year": "tỷ lệ/năm (số thập phân)",
    "fraction": "tỷ lệ (số thập phân)",
    "bn VND, 2010 prices": "tỷ đồng, giá so sánh 2010",
    "bn VND": "tỷ đồng",
    "mn VND": "triệu đồng",
    "Mt": "triệu tấn",
    "USD": "USD",
    "bn USD": "tỷ USD",
    "mn USD": "triệu USD",
    "VND per USD": "đồng/USD",
    "persons": "người",
    "million": "triệu",
    "index, 2010 = 1": "chỉ số (năm 2010 = 1)",
    "correlation": "hệ số tương quan",
    "elasticity": "hệ số co giãn",
    "sd of log level": "độ lệch chuẩn của lôgarit",
    "enterprises": "doanh nghiệp",
}

#: Table headers in Vietnamese (English headers are the column names themselves).
_COLUMN_VI = {
    "scenario": "kịch bản", "target": "mã mục tiêu", "description": "mục tiêu",
    "indicator": "chỉ tiêu", "measure": "loại mục tiêu", "start": "năm gốc", "year": "năm",
    "comparison": "so sánh", "threshold": "ngưỡng", "threshold_high": "ngưỡng trên",
    "unit": "đơn vị", "boundary": "địa giới", "probability": "xác suất",
    "se": "sai số chuẩn", "ci_low": "cận dưới khoảng tin cậy 95%",
    "ci_high": "cận trên khoảng tin cậy 95%", "n_paths": "số lần mô phỏng",
    "evaluable": "đánh giá được", "note": "ghi chú", "likelihood": "mức khả năng",
    "percent": "xác suất (%)", "kind": "loại giả định", "item": "khoản mục",
    "year_from": "từ năm", "year_to": "đến năm", "distribution": "phân phối",
    "mean": "bình quân", "sd": "độ lệch chuẩn", "value": "giá trị", "detail": "chi tiết",
    "targets": "các mục tiêu", "n_targets": "số mục tiêu",
    "if_independent": "xác suất nếu các mục tiêu độc lập", "frechet_low": "cận dưới Fréchet",
    "frechet_high": "cận trên Fréchet",
    "met_by_year": "đạt trong năm đó hoặc sớm hơn", "driver": "biến đầu vào",
    "growth": "tốc độ tăng bình quân giả định", "assumption": "giả định",
    "assumption_label": "giả định (diễn giải)", "location": "đại lượng vị trí",
    "low": "mức thấp", "high": "mức cao", "p_base": "xác suất cơ sở",
    "p_low": "xác suất ở mức thấp", "p_high": "xác suất ở mức cao",
    "delta_low": "thay đổi ở mức thấp", "delta_high": "thay đổi ở mức cao",
    "median_base": "trung vị cơ sở", "median_low": "trung vị ở mức thấp",
    "median_high": "trung vị ở mức cao", "reason": "lý do", "input": "biến đầu vào",
    "effect": "tỷ phần", "effect_low": "cận dưới", "effect_high": "cận trên",
    "first_order": "chỉ số bậc nhất", "first_order_se": "sai số chuẩn chỉ số bậc nhất",
    "total": "chỉ số toàn phần", "total_se": "sai số chuẩn chỉ số toàn phần",
    "plan": "kế hoạch", "plan_high": "kế hoạch (cận trên)", "outcome": "thực hiện",
    "outcome_kind": "loại số liệu thực hiện", "gap": "chênh lệch", "met": "đạt kế hoạch",
    "plan_source": "nguồn số kế hoạch", "outcome_source": "nguồn số thực hiện",
    "document": "văn bản", "document_date": "ngày ban hành", "status": "tình trạng",
    "scored": "được đánh giá", "why_not": "lý do không đánh giá", "source": "nguồn",
    "source_url": "đường dẫn nguồn", "chance": "khả năng yêu cầu",
    "growth_needed": "tốc độ tăng cần", "achieved_probability": "xác suất đạt được",
    "current_growth": "tốc độ tăng trong kịch bản",
    "current_probability": "xác suất trong kịch bản",
    "deterministic_growth": "tốc độ tăng cần khi không có bất định",
    "quantity": "đại lượng", "p05": "phân vị 5%", "p20": "phân vị 20%",
    "p35": "phân vị 35%", "p50": "trung vị", "p65": "phân vị 65%", "p80": "phân vị 80%",
    "p95": "phân vị 95%",
}

#: Sheet names of the workbook (31 characters at most, none of []:*?/\): (en, vi).
_SHEET = {
    "assumptions": ("Assumptions", "Giả định"),
    "bands": ("Bands", "Phân vị"),
    "probabilities": ("Probabilities", "Xác suất"),
    "joint": ("All together", "Đạt đồng thời"),
    "probability_by_year": ("By year", "Theo năm"),
    "growth_curves": ("Growth curves", "Đường khả năng đạt"),
    "growth_needed": ("Growth needed", "Tốc độ tăng cần"),
    "sensitivity": ("Sensitivity", "Độ nhạy"),
    "sensitivity_left_out": ("Left out", "Không hiển thị"),
    "shapley": ("Shapley effects", "Chỉ số Shapley"),
    "plan_record": ("Plans and outcomes", "Kế hoạch và thực hiện"),
    "register": ("Register of targets", "Danh mục mục tiêu"),
    "run": ("Run", "Thông tin lần chạy"),
}

#: The reasons the data give for a target that cannot be evaluated: (en, vi).
_REASON = {
    "no historical series for the number of active enterprises": (
        "no data series for the number of active enterprises",
        "không có chuỗi số liệu về số doanh nghiệp đang hoạt động"),
    "no historical series for the digital economy's share of GRDP": (
        "no data series for the digital economy's share of GRDP",
        "không có chuỗi số liệu về tỷ trọng kinh tế số trong GRDP"),
    "no historical series for the FDI sector's share of GRDP": (
        "no data series for the FDI sector's share of GRDP",
        "không có chuỗi số liệu về tỷ trọng khu vực FDI trong GRDP"),
    "per-capita GRDP in VND for the former Hai Duong province is not simulated": (
        "GRDP per capita in VND of the former Hai Duong province is not simulated",
        "không mô phỏng GRDP bình quân đầu người (triệu đồng) của tỉnh Hải Dương cũ"),
    "no sector value-added series": (
        "no value-added series by sector", "không có chuỗi số liệu giá trị tăng thêm theo ngành"),
    "no employment or labour productivity series": (
        "no employment or labour productivity series",
        "không có chuỗi số liệu về lao động hoặc năng suất lao động"),
    "a population level set for the old city cannot be compared with the merged city's, "
    "which is about twice as large": (
        "a population of the old city; the merged city is about twice as large",
        "dân số của thành phố cũ; thành phố sau sáp nhập đông gần gấp đôi"),
    "no growth-accounting (TFP) series": (
        "no growth-accounting series (total factor productivity)",
        "không có chuỗi số liệu hạch toán tăng trưởng (năng suất các nhân tố tổng hợp)"),
    "urbanisation is not simulated (a single 2018 data point)": (
        "urbanisation is not simulated (one data point, 2018)",
        "không mô phỏng tỷ lệ đô thị hóa (chỉ có một số liệu năm 2018)"),
    "not_simulated": ("not simulated in these scenarios",
                      "các kịch bản của báo cáo không mô phỏng chỉ tiêu này"),
    "assumed_base": ("its {year} value is a plan figure, not an outturn",
                     "giá trị năm {year} là số kế hoạch, chưa phải số thực hiện"),
    "boundary": ("set for {other}, not comparable with {boundary}",
                 "đặt cho {other}, không so sánh được với {boundary}"),
    "other_year": ("target year outside the simulated years",
                   "năm mục tiêu nằm ngoài các năm mô phỏng"),
    "unknown": ("see the notes of the probability table",
                "xem ghi chú trong bảng xác suất"),
}

#: Documents named in English in the data, in Vietnamese.
_DOCUMENT_VI = {
    "City leadership aim for 2021–2025 (16th city Party congress term)":
        "Mục tiêu của lãnh đạo thành phố giai đoạn 2021–2025 (nhiệm kỳ Đại hội Đảng bộ "
        "thành phố lần thứ XVI)",
    "Draft city KT-XH plan 2026–2030 (Feb 2025)":
        "Dự thảo kế hoạch phát triển KT-XH 2026–2030 của thành phố (tháng 02/2025)",
    "HEZA 2026 FDI aim (economic zones and industrial parks)":
        "Mục tiêu thu hút FDI năm 2026 của Ban Quản lý Khu kinh tế Hải Phòng (các khu kinh "
        "tế và khu công nghiệp)",
    "HEZA stated aim for the FDI sector (Jan 2025)":
        "Mục tiêu cho khu vực FDI do Ban Quản lý Khu kinh tế Hải Phòng công bố (tháng "
        "01/2025)",
}

_CMP = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


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


def nowcast_kept(driver: str, kept: Sequence[str], lang: str = "en") -> str:
    """The sentence saying which correlated drivers a nowcast leaves as assumed ("" if
    none): :meth:`hpforecast.nowcast.Nowcast.left_as_assumed`, in words."""
    if not kept:
        return ""

    def name(d: str) -> str:
        return lower_first(indicator_name(d, lang))

    return text("nc_kept", lang, driver=name(driver), others=", ".join(name(d) for d in kept))


def fmt_change(x: float, lang: str = "en", decimals: int = 1) -> str:
    """A change with its sign, a true minus sign for a fall: ``+1.2``, ``−7.9`` (``−7,9``).

    Examples
    --------
    >>> from hpforecast._i18n import fmt_change
    >>> fmt_change(-7.94), fmt_change(1.25, "vi"), fmt_change(0.0), fmt_change(float("nan"))
    ('−7.9', '+1,2', '0.0', '–')
    """
    if x is None or not math.isfinite(float(x)):
        return fmt_number(x, lang, decimals)
    body = fmt_number(abs(float(x)), lang, decimals)
    if body.strip("0.,") == "":
        return body
    return ("+" if x > 0 else "\u2212") + body


def pct_sign(lang: str) -> str:
    """The percent sign as written after a number: ``" %"`` (en), ``"%"`` (vi)."""
    return "%" if lang == "vi" else " %"


def fmt_percent(p: float, lang: str = "en", decimals: int = 1) -> str:
    """A fraction as a percentage: ``0.486`` → ``'48.6 %'`` (en) or ``'48,6%'`` (vi).

    Examples
    --------
    >>> from hpforecast._i18n import fmt_percent
    >>> fmt_percent(0.13, "vi"), fmt_percent(0.4862, "en")
    ('13,0%', '48.6 %')
    """
    if p is None or not math.isfinite(float(p)):
        return "–"
    return f"{fmt_number(100 * float(p), lang, decimals)}{pct_sign(lang)}"


def whole_percent(p: float) -> int:
    """A probability as the whole percent shown (half up): 0.485 → 49, 0.4849 → 48."""
    return int(math.floor(100 * float(p) + 0.5 + 1e-9))


def fmt_prob(p: float, lang: str = "en") -> str:
    """A probability in whole percent: ``'49 %'`` / ``'49%'``; ``'< 1 %'`` and ``'> 99 %'``
    when the rounding would say 0 or 100 of something that is not certain.

    Examples
    --------
    >>> from hpforecast._i18n import fmt_prob
    >>> fmt_prob(0.4862, "en"), fmt_prob(0.4862, "vi"), fmt_prob(0.003), fmt_prob(1.0, "vi")
    ('49 %', '49%', '< 1 %', '100%')
    """
    if p is None or not math.isfinite(float(p)):
        return "–"
    p = float(p)
    k, sign = whole_percent(p), pct_sign(lang)
    if k == 0 and p > 0:
        return f"< 1{sign}"
    if k == 100 and p < 1:
        return f"> 99{sign}"
    return f"{k}{sign}"


def fmt_prob_range(ps, lang: str = "en") -> str:
    """The range of several probabilities in whole percent: ``'31–51 %'`` / ``'31–51%'``
    (one figure when they round alike)."""
    ks = sorted({whole_percent(p) for p in ps if p is not None and math.isfinite(float(p))})
    if not ks:
        return "–"
    if len(ks) == 1:
        return fmt_prob(min(ps), lang)
    return f"{ks[0]}–{ks[-1]}{pct_sign(lang)}"


def likelihood(p: float, lang: str = "en") -> str:
    """The IPCC likelihood word of a probability, classified on its whole percent.

    Examples
    --------
    >>> from hpforecast._i18n import likelihood
    >>> likelihood(0.494), likelihood(0.6549), likelihood(0.655, "vi")
    ('about as likely as not', 'about as likely as not', 'có khả năng')
    """
    k = whole_percent(p)
    for low, key in LIKELIHOOD:
        if k >= low:
            return text(key, lang)
    return text(LIKELIHOOD[-1][1], lang)  # pragma: no cover


def fmt_month(day: _dt.date, lang: str = "en") -> str:
    """The month of ``day``: ``July 2026`` (en) or ``tháng 07/2026`` (vi), whatever the
    locale (month names from this module, not ``strftime``)."""
    if lang == "vi":
        return f"tháng {day.month:02d}/{day.year}"
    return f"{_MONTHS[day.month - 1]} {day.year}"


def fmt_date(day: _dt.date, lang: str = "en", *, in_text: bool = True) -> str:
    """``1 December 2026`` (en) or ``ngày 01/12/2026`` (vi; ``01/12/2026`` with
    ``in_text=False``, for a table's date column)."""
    if lang == "vi":
        return f"{'ngày ' if in_text else ''}{day.day:02d}/{day.month:02d}/{day.year}"
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def is_fraction_unit(unit: str) -> bool:
    """True for the catalogue's fraction units (shown as percent on charts)."""
    return str(unit).startswith("fraction")


def known_indicators() -> frozenset:
    """The names in the indicator catalogue."""
    return frozenset(catalogue().index)


def indicator_name(indicator: str, lang: str) -> str:
    """The name of ``indicator`` in ``lang`` (the code when unknown)."""
    if lang == "vi" and indicator in _NAME_VI:
        return _NAME_VI[indicator]
    cat = catalogue()
    if indicator not in cat.index:
        return indicator
    return str(cat.at[indicator, "name_vi" if lang == "vi" else "name"])


def unit_name(unit: str, lang: str) -> str:
    """A catalogue unit as written in ``lang`` (tables keep fractions as fractions)."""
    if lang != "vi" or not isinstance(unit, str):
        return unit
    return _UNIT_VI.get(unit, unit)


def indicator_unit(indicator: str, lang: str) -> str:
    """The display unit of ``indicator``: ``%`` for fractions, else the catalogue unit."""
    cat = catalogue()
    if indicator not in cat.index:
        return ""
    unit = str(cat.at[indicator, "unit"])
    if is_fraction_unit(unit):
        return text("per_year_pct", lang) if "year" in unit else "%"
    if lang == "vi":
        own = str(cat.at[indicator, "unit_vi"])
        general = _UNIT_VI.get(unit, own)
        # the catalogue's own unit when it says more ("triệu lượt", not "triệu")
        return own if own.startswith(general) and own != general else general
    return unit


def growth_name(indicator: str, lang: str) -> str:
    """Name for the growth of a level indicator (``grdp_real`` → "Real GRDP growth")."""
    from .targets import GROWTH_OF

    for growth, level in GROWTH_OF.items():
        if level == indicator:
            return indicator_name(growth, lang)
    name = indicator_name(indicator, lang)
    cat = catalogue()
    if indicator in cat.index and cat.at[indicator, "measure"] == "growth":
        # already a growth ("Labour productivity growth"): not "... growth growth"
        if lang == "vi" and not name.lower().startswith("tốc độ"):
            return f"Tốc độ {lower_first(name)}"
        return name
    if lang == "vi":
        return f"Tốc độ tăng {lower_first(name)}"
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


def scenario_summary(name: str, lang: str, *, gap: float | None = None) -> str:
    """The plain description of the ready-made scenario ``name`` in ``lang`` ('' for
    others); ``gap`` is the mean plan miss (a fraction) that ``plan_adjusted`` corrects."""
    if name not in _SCENARIO_SUMMARY or name == "common":
        return ""
    en, vi = _SCENARIO_SUMMARY[name]
    head = vi if lang == "vi" else en
    if gap is not None:
        shown = fmt_number(100 * gap, lang, 2)
        head = head.format(gap=shown if gap < 0 else f"+{shown}")
    tail_en, tail_vi = _SCENARIO_SUMMARY["common"]
    return head + (tail_vi if lang == "vi" else tail_en)


def scenario_description_vi(name: str, *, gap: float | None = None) -> str:
    """The Vietnamese description of the ready-made scenario ``name`` ('' for others).

    ``gap`` is the mean plan gap (a fraction) that ``plan_adjusted`` corrects for.
    """
    return scenario_summary(name, "vi", gap=gap)


def column_name(column: str, lang: str) -> str:
    """A table header in ``lang`` (English headers are the column names)."""
    if lang != "vi":
        return column
    return _COLUMN_VI.get(str(column), str(column))


def sheet_name(table: str, lang: str) -> str:
    """The workbook sheet of the report table ``table`` in ``lang``."""
    en, vi = _SHEET.get(table, (table, table))
    return (vi if lang == "vi" else en)[:31]


def reason_text(reason: str, lang: str, **fields: object) -> str:
    """Why a target is not scored, in ``lang``: a reason of the data, or a key
    (``not_simulated``, ``assumed_base``, ``boundary``, ``other_year``)."""
    en, vi = _REASON.get(reason, (reason, _REASON["unknown"][1]))
    return (vi if lang == "vi" else en).format(**fields)


def document_name(document: str, lang: str) -> str:
    """The name of a document setting a target, in ``lang``."""
    if lang != "vi" or not isinstance(document, str):
        return document
    return _DOCUMENT_VI.get(document, document.replace("(old boundary)", "(địa giới cũ)"))


def fmt_value(value: float, unit: str, lang: str, *, indicator: str | None = None) -> str:
    """A value with its unit: ``0.13`` (fraction) → ``13,0%``; ``380`` Mt → ``380 Mt``."""
    if is_fraction_unit(unit):
        return fmt_percent(value, lang)
    shown = indicator_unit(indicator, lang) if indicator else unit_name(unit, lang)
    return f"{fmt_number(value, lang)} {shown or unit}".strip()


def _pct_value(x: float, lang: str) -> str:
    """A growth rate or share as short percent: 0.13 → 13, 0.135 → 13.5 (13,5)."""
    return f"{fmt_number(round(100 * x, 2), lang)}{pct_sign(lang)}"


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
    'Hàng hóa thông qua cảng ≥ 380 triệu tấn năm 2030'
    >>> describe_target(hpf.load_targets()["grdp_growth_2026_2030_hdnd"], "vi")
    'Tốc độ tăng GRDP (giá so sánh) bình quân ≥ 13%/năm, giai đoạn 2026–2030'
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
        a, b = int(start) + 1, year
        pct = fmt_number(round(100 * thr, 2), lang)
        name = growth_name(ind, lang)
        if a == b:
            return f"{name} {cmp_} {pct}{pct_sign(lang)} {text('in_year', lang, year=b)}"
        if lang == "vi":
            return f"{name} bình quân {cmp_} {pct}%/năm, giai đoạn {a}–{b}"
        return f"Average {lower_first(name)} {cmp_} {pct} % a year, {a}–{b}"
    if is_fraction_unit(unit):
        value = _pct_value(thr, lang)
    else:
        value = fmt_value(thr, unit, lang, indicator=ind if ind in cat.index else None)
    name = indicator_name(ind, lang)
    if measure == "cumulative":
        return f"{name}, {text('total', lang, a=int(start), b=year)} {cmp_} {value}"
    return f"{name} {cmp_} {value} {text('in_year', lang, year=year)}"


def value_axis_label(indicator: str, lang: str, *, growth: bool = False) -> str:
    """Axis label with the unit: ``Real GRDP (bn VND, 2010 prices)``."""
    if growth:
        name = growth_name(indicator, lang)
        sep = ", " if name.endswith(")") else " ("
        return f"{name}{sep}{text('per_year_pct', lang)}{'' if sep == ', ' else ')'}"
    unit = indicator_unit(indicator, lang)
    override = _AXIS_UNIT.get(indicator, (None, None))[1 if lang == "vi" else 0]
    unit = override or unit
    name = indicator_name(indicator, lang)
    if not unit or name.endswith(f"({unit})"):
        return name
    return f"{name}, {unit}" if name.endswith(")") else f"{name} ({unit})"


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
                       "Cả năm: trung vị {median}, khoảng 80%: {lo} đến {hi}."),
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
                       "{n} lần mô phỏng, giá trị khởi tạo ngẫu nhiên {seed}; cùng bộ số ngẫu "
                       "nhiên trước và sau, nên mức thay đổi có sai số chuẩn riêng."),
    "nc_kept": ("Only {driver} is updated (and what is computed from it); {others} keep "
                "their assumptions, although the scenario correlates them with it.",
                "Chỉ {driver} được cập nhật (cùng các chỉ tiêu tính từ nó); {others} giữ "
                "nguyên giả định, dù kịch bản có tương quan giữa chúng với {driver}."),
    # The command line's own messages (errors raised by the library stay in English).
    "cli_written": ("Report written to {out}; open {md}.",
                    "Đã ghi báo cáo vào {out}; mở tệp {md}."),
    "cli_note": ("hpforecast: note: {text}", "hpforecast: lưu ý: {text}"),
    "cli_error": ("hpforecast: error: {text}", "hpforecast: lỗi: {text}"),
    "cli_not_written": ("hpforecast: error: could not write the report ({exc}); {out} was left "
                        "as it was.",
                        "hpforecast: lỗi: không ghi được báo cáo ({exc}); thư mục {out} vẫn "
                        "giữ nguyên như trước."),
    "cli_interrupted": ("hpforecast: interrupted{where}.", "hpforecast: đã dừng theo yêu cầu{where}."),
    "cli_stopped": ("hpforecast: stopped (SIGTERM){where}.",
                    "hpforecast: đã dừng (tín hiệu SIGTERM){where}."),
    "cli_where": ("; {out} is as it was, or the new report if it was already in place, never "
                  "half-written",
                  "; thư mục {out} vẫn như trước, hoặc đã là báo cáo mới nếu báo cáo đã được "
                  "đặt vào chỗ, không bao giờ bị ghi dở"),
}

# The nowcast's texts join the one catalogue (a key defined twice is refused).
_TEXT = _catalogue_of(_TEXT, _NOWCAST_TEXT)


# -- how far the probabilities can be trusted (hpforecast.evaluate, plot.reliability_diagram,
# the report's section) and what this year's releases change (the report's nowcast section)
_TRUST_TEXT: dict[str, tuple[str, str]] = {
    "model_rtm": ("regression to the mean", "hồi quy về trung bình"),
    "model_iid": ("independent growth (iid)", "tăng trưởng độc lập"),
    "model_ar1": ("AR(1)", "tự hồi quy bậc 1"),
    "model_naive_mean": ("the record's mean and spread", "bình quân và độ phân tán quá khứ"),
    "model_naive_rw": ("random walk in growth", "bước ngẫu nhiên của tốc độ tăng"),
    "group_all": ("All economies", "Mọi nền kinh tế"),
    "group_fastest_quarter": ("Fastest-growing quarter", "Nhóm 25% tăng nhanh nhất"),
    "rel_diagonal": ("reliable: predicted = observed", "tin cậy: dự báo = thực tế"),
    "rel_x": ("Predicted probability of the target (%)",
              "Xác suất đạt mục tiêu theo dự báo (%)"),
    "rel_y": ("Share of those targets met (%)", "Tỷ lệ mục tiêu đã đạt trên thực tế (%)"),
    "rel_group_title": ("{group}\n({n} forecasts)", "{group}\n({n} lần dự báo)"),
    # the report's section
    "s_trust": ("How far can these probabilities be trusted?",
                "Các xác suất này đáng tin đến đâu?"),
    "trust_intro": (
        "Hai Phong's own record holds too few forecasts to test these probabilities, so the "
        "method was tested on the growth records of many economies, in two largely "
        "independent compilations: {panels}. At every year of each record, every model was "
        "fitted on the {window} years of growth before it, a record as long as the city's, "
        "and its forecast of the growth over the next {horizon} years was compared with what "
        "happened: {n} forecasts a model in all, {n_fast} of them for the quarter of "
        "economies that had grown fastest over those {window} years (above {q} a year, "
        "depending on the year).{member}",
        "Số liệu của chính Hải Phòng có quá ít lần dự báo để kiểm định các xác suất này, nên "
        "phương pháp được kiểm định trên số liệu tăng trưởng của nhiều nền kinh tế, từ hai bộ "
        "số liệu biên soạn phần lớn độc lập với nhau: {panels}. Tại mỗi năm của từng bộ số "
        "liệu, mỗi mô hình được ước lượng trên {window} năm tăng trưởng trước đó, dài bằng "
        "chuỗi số liệu của thành phố, rồi dự báo tăng trưởng {horizon} năm tiếp theo được so "
        "với kết quả thực tế: tổng cộng {n} lần dự báo cho mỗi mô hình, trong đó {n_fast} "
        "lần cho nhóm 25% nền kinh tế tăng nhanh nhất trong {window} năm đó (trên {q}/năm, "
        "tùy từng năm).{member}"),
    "trust_panel": (
        "{n_econ} economies in {panel} ({short}), {a}–{b}, with {n} forecasts from the "
        "years {o1}–{o2}",
        "{n_econ} nền kinh tế trong bộ số liệu {panel} ({short}), {a}–{b}, với {n} lần "
        "dự báo tại các năm {o1}–{o2}"),
    "trust_member": (" Hai Phong, at {g} a year over {a}–{b}, belongs to that group.",
                     " Hải Phòng, với {g}/năm giai đoạn {a}–{b}, thuộc nhóm này."),
    "trust_col_model": ("Model", "Mô hình"),
    "trust_col_on": ("Tested on", "Kiểm định trên"),
    "trust_on_out": ("{panel}, out of sample (parameters estimated on {est})",
                     "{panel}, ngoài mẫu (tham số ước lượng trên {est})"),
    "trust_on_in": ("{panel}, in sample (parameters estimated on it)",
                    "{panel}, trong mẫu (tham số ước lượng trên chính bộ số liệu này)"),
    "trust_on_window": ("{panel}, fitted on each {window}-year window",
                        "{panel}, ước lượng riêng trên từng giai đoạn {window} năm"),
    "trust_col_all": ("80 % band held the outcome: all economies",
                      "Dải 80% chứa kết quả thực tế: mọi nền kinh tế"),
    "trust_col_fast": ("80 % band held the outcome: fastest-growing quarter",
                       "Dải 80% chứa kết quả thực tế: nhóm 25% tăng nhanh nhất"),
    "trust_col_pit": ("Average rank of the outcome: all / fastest quarter",
                      "Thứ hạng bình quân của kết quả thực tế: mọi nền kinh tế / nhóm tăng "
                      "nhanh nhất"),
    "trust_used": ("{name} (the outside view)", "{name} (kịch bản kinh nghiệm quốc tế)"),
    "trust_table_note": (
        "Share of the {horizon}-year outcomes that fell inside each model's 80 % band, in "
        "brackets its 95 % interval from resampling the economies. The rank of an outcome "
        "within its forecast is 0 below every simulated outcome, 1 above all and 0.5 in the "
        "middle: an average well below 0.5 means outcomes fell short of the forecasts.",
        "Tỷ lệ kết quả {horizon} năm nằm trong dải 80% của từng mô hình, trong ngoặc là "
        "khoảng tin cậy 95% khi lấy mẫu lặp lại các nền kinh tế. Thứ hạng của kết quả thực "
        "tế trong dự báo bằng 0 nếu thấp hơn mọi kết quả mô phỏng, bằng 1 nếu cao hơn tất "
        "cả và bằng 0,5 nếu ở giữa: bình quân thấp hơn hẳn 0,5 nghĩa là thực tế thấp hơn dự "
        "báo."),
    "trust_stored": (
        "These figures come from the evaluation stored with the library, computed on {date} "
        "for every year of both records (Annex D says how, and how to compute it again).",
        "Các số liệu này lấy từ kết quả kiểm định lưu kèm thư viện, tính {date} cho mọi năm "
        "của cả hai bộ số liệu (Phụ lục D ghi cách tính và cách tính lại)."),
    "trust_coverage": (
        "An 80 % band should hold the outcome 8 times in 10. The bands of regression to the "
        "mean, the model behind the outside-view scenario, held it in {rtm} of the "
        "forecasts made out of sample, on records its parameters were not estimated on (the "
        "range over the records){inside}. Models that carry a short record forward, as the trend scenario "
        "does (and the plan scenarios with the plan's growth in place of the record's): "
        "{others}.",
        "Dải 80% cần chứa kết quả thực tế 8 lần trong 10. Dải của mô hình hồi quy về trung "
        "bình, mô hình của kịch bản kinh nghiệm quốc tế, chứa kết quả thực tế với tỷ lệ "
        "{rtm} khi kiểm định ngoài mẫu, trên bộ số liệu không dùng để ước lượng tham số (khoảng "
        "giá trị giữa các bộ số liệu){inside}. Các mô hình kéo dài chuỗi số liệu ngắn của "
        "quá khứ, như kịch bản xu hướng (và các kịch bản kế hoạch, với tốc độ tăng kế hoạch "
        "thay cho tốc độ quá khứ): {others}."),
    "trust_coverage_in": (", and in {cov} in sample", ", và {cov} khi kiểm định trong mẫu"),
    "trust_cov": ("{all} ({fast} for the fastest growers)",
                  "{all} ({fast} với nhóm tăng nhanh nhất)"),
    "trust_other": ("{name} {cov}", "mô hình {name} {cov}"),
    "trust_low": ("For the fastest growers their forecasts were too optimistic: the "
                  "outcome's average rank was {pits}, against {rtm_pit} for regression to "
                  "the mean.",
                  "Với nhóm tăng nhanh nhất, dự báo của các mô hình này quá lạc quan: thứ "
                  "hạng bình quân của kết quả thực tế là {pits}, so với {rtm_pit} của mô "
                  "hình hồi quy về trung bình."),
    "trust_high": ("For the fastest growers their forecasts were too pessimistic: the "
                   "outcome's average rank was {pits}, against {rtm_pit} for regression to "
                   "the mean.",
                   "Với nhóm tăng nhanh nhất, dự báo của các mô hình này quá bi quan: thứ "
                   "hạng bình quân của kết quả thực tế là {pits}, so với {rtm_pit} của mô "
                   "hình hồi quy về trung bình."),
    "trust_centred": ("For the fastest growers the outcome's average rank was {pits} "
                      "(regression to the mean: {rtm_pit}).",
                      "Với nhóm tăng nhanh nhất, thứ hạng bình quân của kết quả thực tế là "
                      "{pits} (mô hình hồi quy về trung bình: {rtm_pit})."),
    "trust_criteria": (
        "Against the criteria fixed before the test (80 % coverage {c}, average "
        "rank {p_lo}–{p_hi}, every reliability point within its sampling error; overall "
        "and for the fastest growers): {met}.",
        "Theo các tiêu chí đặt ra trước khi kiểm định (dải 80% chứa {c} kết quả, "
        "thứ hạng bình quân {p_lo}–{p_hi}, mọi điểm của biểu đồ độ tin cậy nằm trong sai số lấy mẫu; cho "
        "mọi nền kinh tế và nhóm tăng nhanh nhất): {met}."),
    "trust_met": ("{name} meets {items}", "mô hình {name} đạt {items}"),
    "trust_met_item": ("{k} of {m} on {panel}{sample}", "{k}/{m} tiêu chí trên {panel}{sample}"),
    "trust_met_out": (" (out of sample)", " (ngoài mẫu)"),
    "trust_met_in": (" (in sample)", " (trong mẫu)"),
    "trust_fig_title": ("Reliability of target probabilities, {horizon} years ahead, {panel}",
                        "Độ tin cậy của xác suất đạt mục tiêu, dự báo {horizon} năm, bộ số "
                        "liệu {panel}"),
    "trust_fig_takeaway": (
        "On {panel}, for the fastest growers the points of {rtm} lie within their sampling "
        "error of the diagonal in {k} of {m} bins; {others}.",
        "Trên bộ số liệu {panel}, với nhóm tăng nhanh nhất, các điểm của mô hình {rtm} nằm "
        "trong sai số lấy mẫu quanh đường chéo ở {k}/{m} khoảng xác suất; {others}."),
    "trust_fig_other": ("those of {name} in {k} of {m}", "của mô hình {name}: {k}/{m}"),
    "trust_fig_source": (
        "{panel}; the stored evaluation of {date} (hpforecast, {n_paths} simulated "
        "outcomes per forecast); targets “average growth over {horizon} years ≥ t” for "
        "t = {thresholds}; bars: 95 % intervals resampling economies and {block}-year "
        "blocks of years, which carries shocks common to all economies",
        "bộ số liệu {panel}; kết quả kiểm định đã lưu, tính {date} (bằng hpforecast, "
        "{n_paths} kết quả mô phỏng mỗi lần dự báo); mục tiêu “tốc độ tăng "
        "bình quân {horizon} năm ≥ t” với t = {thresholds}; thanh sai số: khoảng tin cậy "
        "95% khi lấy mẫu lặp lại theo nền kinh tế và theo từng khối {block} năm, có tính "
        "các cú sốc chung của mọi nền kinh tế"),
    "trust_hp": (
        "**What it means for Hai Phong.** The plan, trend and plan-adjusted scenarios take "
        "the inside view: they carry the plan or the city's recent record forward, like the "
        "models above{verb}, and so say what happens if the pace lasts. The outside view "
        "asks what usually came next for economies growing this fast, with regression to "
        "the mean: {outside} The gap between the two views is the size of the bet the plan "
        "makes on Hai Phong keeping a pace that few fast growers kept. The test is on "
        "national economies, not provinces; the records of Viet Nam's provinces would be "
        "the right data to repeat it on.",
        "**Ý nghĩa đối với Hải Phòng.** Các kịch bản kế hoạch, xu hướng và kế hoạch điều "
        "chỉnh theo mức hụt là góc nhìn từ bên trong: chúng kéo dài kế hoạch hoặc số liệu gần đây của "
        "thành phố, như các mô hình nêu trên{verb}, nên chỉ cho biết điều gì xảy ra nếu "
        "nhịp độ tăng được duy trì. Kịch bản kinh nghiệm quốc tế xem xét các nền kinh tế từng "
        "tăng nhanh như vậy thường tăng thế nào trong những năm tiếp theo, bằng mô hình hồi "
        "quy về trung bình: {outside} Khoảng cách giữa hai góc nhìn cho thấy mức độ kế hoạch "
        "phụ thuộc vào việc Hải Phòng giữ được nhịp độ mà ít nền kinh tế tăng nhanh giữ "
        "được. Kiểm định được thực hiện trên các nền kinh tế quốc gia, không phải tỉnh, "
        "thành phố; số liệu của các tỉnh, thành phố Việt Nam mới là dữ liệu phù hợp để "
        "kiểm định lại."),
    "trust_verb_worse": (", whose bands held least well for fast growers",
                         ", vốn có dải dự báo chứa kết quả thực tế ít nhất ở nhóm tăng nhanh"),
    "trust_outside": ("it puts the chance of {desc} at {p}, against {others}.",
                      "khả năng {desc} là {p}, so với {others}."),
    "trust_outside_item": ("{p} under the {scenario} scenario", "{p} theo kịch bản {scenario}"),
    "trust_no_outside": (
        "this report's scenarios do not include it (it is one of the library's ready-made "
        "scenarios, the outside view).",
        "các kịch bản của báo cáo này không có kịch bản đó (kịch bản kinh nghiệm quốc tế, "
        "một trong các kịch bản dựng sẵn của công cụ)."),
    "lim_trust": (
        "Tested on the records of {n_econ} economies, models that carry a short record forward, as the "
        "trend and plan scenarios do, gave the fastest growers 80 % bands that held the "
        "outcome only {others} of the time; regression to the mean, behind the outside "
        "view, {rtm} (Section {k}).",
        "Kiểm định trên số liệu của {n_econ} nền kinh tế cho thấy các mô hình kéo dài chuỗi số liệu "
        "ngắn của quá khứ, như kịch bản xu hướng và kế hoạch, đối với nhóm tăng nhanh nhất thì dải "
        "80% chỉ chứa kết quả thực tế {others} số lần; mô hình hồi quy về trung bình của "
        "kịch bản kinh nghiệm quốc tế: {rtm} (mục {k})."),
    "tech_trust": (
        "How far the probabilities can be trusted (Section {k}): the stored evaluation "
        "`hpforecast/data/evaluation_panels.csv` and `evaluation_reliability.csv` (read with "
        "`hpf.load_evaluation()`, provenance in `evaluation_provenance.csv`), written by "
        "{command} on {date} with hpforecast {version} at commit `{commit}` in about "
        "{minutes} minutes; for each run, {call}. The panel parameters of regression to the "
        "mean were estimated on one record (`scripts/estimate_rtm_parameters.py`): scored on "
        "the other they are out of sample, on their own in sample (column `sample`). "
        "`python benchmarks/eval_panels.py` computes it again (`--write` stores it; the "
        "tests check the stored file against a run computed again). Tables `trust_coverage` "
        "and `trust_reliability`.",
        "Mức độ tin cậy của các xác suất (mục {k}): kết quả kiểm định đã lưu "
        "`hpforecast/data/evaluation_panels.csv` và `evaluation_reliability.csv` (đọc bằng "
        "`hpf.load_evaluation()`, nguồn gốc ghi trong `evaluation_provenance.csv`), do lệnh "
        "{command} tính {date} với hpforecast {version}, mã nguồn `{commit}`, trong "
        "khoảng {minutes} phút; với mỗi lượt kiểm định, {call}. Tham số của mô hình hồi quy "
        "về trung bình được ước lượng trên một bộ số liệu "
        "(`scripts/estimate_rtm_parameters.py`): kiểm định trên bộ kia là ngoài mẫu, trên "
        "chính bộ đó là trong mẫu (cột `sample`). Lệnh `python benchmarks/eval_panels.py` "
        "tính lại kết quả này (`--write` lưu kết quả; các phép kiểm thử so tệp đã lưu với "
        "một lượt tính lại). Các bảng `trust_coverage` và `trust_reliability`."),
    "table_trust_coverage": (
        "the panel test, from the stored evaluation: share of outcomes inside each model's "
        "bands, average rank (PIT), Brier score, the criteria met, by record and run, "
        "overall and for the fastest-growing quarter",
        "kiểm định trên số liệu quốc tế, theo kết quả đã lưu: tỷ lệ kết quả nằm trong dải "
        "của từng mô hình, thứ hạng bình quân, sai số bình phương của xác suất, số tiêu chí "
        "đạt, theo bộ số liệu và lượt kiểm định, cho mọi nền kinh tế và nhóm tăng nhanh nhất"),
    "table_trust_reliability": (
        "the points of the reliability diagram: predicted probability against the share of "
        "targets met, by probability bin",
        "các điểm của biểu đồ độ tin cậy: xác suất dự báo so với tỷ lệ mục tiêu đã đạt, "
        "theo khoảng xác suất"),
    # what this year's releases so far change
    "s_nowcast": ("What this year's releases so far change",
                  "Số liệu đã công bố của năm nay thay đổi điều gì?"),
    "nowcast_none": (
        "No partial-year figure for {year} was given, and the package holds none yet for "
        "{boundary}: the probabilities above rest on the scenarios' own assumptions for "
        "{year}. When the statistics office publishes the growth of the first quarter, the "
        "first half or the first nine months, the report can be written again with it "
        "(Annex D says how), and this section then shows what it changes.",
        "Chưa có số liệu tăng trưởng lũy kế nào của năm {year} (quý I, 6 tháng hoặc 9 "
        "tháng) được cung cấp, và bộ số liệu của công cụ cũng chưa có cho {boundary}: các "
        "xác suất ở trên dựa trên giả định của các kịch bản cho năm {year}. Khi cơ quan "
        "thống kê công bố tốc độ tăng GRDP lũy kế, có thể lập lại báo cáo với số liệu đó "
        "(cách làm ghi ở Phụ lục D); khi đó mục này cho biết số liệu đó thay đổi kết quả "
        "ra sao."),
    "tech_nowcast_howto": (
        "This year's releases (Section {k}): add the growth of real GRDP so far over the "
        "same months a year before, as a fraction, with `hpforecast report --h1 0.118` "
        "(`--q1` and `--9m` likewise) or `write_report(..., nowcast={{\"H1\": 0.118}})`.",
        "Số liệu lũy kế của năm (mục {k}): thêm tốc độ tăng GRDP (giá so sánh) lũy kế so "
        "với cùng kỳ năm trước, dạng số thập phân, bằng lệnh `hpforecast report --h1 0.118` "
        "(tương tự với `--q1` và `--9m`) hoặc "
        "`write_report(..., nowcast={{\"H1\": 0.118}})`."),
    "nowcast_off": (
        "No partial-year figure was used for this report: the probabilities above rest "
        "on the scenarios' own assumptions for {year}.",
        "Báo cáo này không dùng số liệu lũy kế nào: các xác suất ở trên "
        "dựa trên giả định của các kịch bản cho năm {year}."),
    "nowcast_not_applicable": (
        "The {scenario} scenario has no growth assumption of real GRDP starting in {year}, "
        "so a partial-year figure cannot update it.",
        "Kịch bản {scenario} không có giả định tốc độ tăng GRDP (giá so sánh) bắt đầu từ "
        "năm {year}, nên số liệu lũy kế không cập nhật được kịch bản này."),
    "nowcast_given": (
        "The {period} figure of {year} was given for this report: real GRDP growth of "
        "{value} over the same months a year before.",
        "Số liệu {period} {year} được cung cấp cho báo cáo này: GRDP (giá so sánh) tăng "
        "{value} so với cùng kỳ năm trước."),
    "nowcast_release": (
        "The latest release for {year}: real GRDP growth of {value} in {period} over the "
        "same months a year before ({date}, {source}).",
        "Số liệu mới nhất của năm {year}: GRDP (giá so sánh) {period} tăng {value} so với "
        "cùng kỳ năm trước (công bố {date}, {source})."),
    "nowcast_source_link": ("[{source}]({url})", "[nguồn]({url})"),
    "nowcast_source_plain": ("{source}", "nguồn: Phụ lục D"),
    "nowcast_year": (
        "The year's growth is then expected at {median} (80 % interval {lohi}), and "
        "the annual plan of {plan} has a chance of {p}. To reach the plan exactly, {rest} "
        "must grow {det}; for an 80 % chance, {rest} must be expected to grow {p80}; the "
        "bridge from the partial figure to the year expects {rest} to grow {exp}. It is "
        "fitted on only "
        "{n} years ({years}): treat its spread as approximate.",
        "Khi đó tốc độ tăng cả năm dự kiến đạt {median} (80% khả năng nằm trong khoảng {lohi}), và khả năng "
        "đạt kế hoạch năm ({plan}) là {p}. Để vừa đạt kế hoạch, {rest} cần tăng {det}; để có "
        "80% khả năng đạt, {rest} cần có tốc độ tăng dự kiến {p80}; theo mô hình cầu nối từ số liệu "
        "lũy kế đến cả năm, {rest} dự kiến tăng {exp}. Mô hình chỉ được ước lượng trên {n} năm ({years}): "
        "độ phân tán chỉ mang tính gần đúng."),
    "nowcast_fig_takeaway": ("The annual plan of {plan} has a chance of {p}; {rest} must grow "
                             "{det} to reach it.",
                             "Khả năng đạt kế hoạch năm ({plan}) là {p}; {rest} cần tăng "
                             "{det} để đạt kế hoạch."),
    "nowcast_fig_source": (
        "hpforecast nowcast (bridge on the partial-year releases of {years}) and the {period} "
        "figure above",
        "ước tính bằng hpforecast (mô hình cầu nối trên số liệu lũy kế các năm {years}) và "
        "số liệu {period} nêu trên"),
    "nowcast_update_intro": (
        "What it changes for {a}–{b}: each scenario is simulated again with its {year} "
        "growth replaced by this estimate and the later years following it through the "
        "scenario's persistence, with the same {n} simulated outcomes and seed as before, "
        "so that the change is the update, not simulation noise (its simulation error is "
        "in the tables that come with the report; Annex D). Chance before → after:",
        "Tác động đến giai đoạn {a}–{b}: mỗi kịch bản được mô phỏng lại với tốc độ tăng năm "
        "{year} thay bằng ước tính này, các năm sau chịu ảnh hưởng qua quán tính của kịch "
        "bản, với cùng {n} lần mô phỏng và cùng bộ số ngẫu nhiên như trước, nên thay "
        "đổi là do số liệu mới chứ không phải do sai số mô phỏng (sai số mô phỏng của mức thay đổi "
        "ghi trong bảng kèm theo, xem Phụ lục D). Khả năng đạt trước → sau:"),
    "nowcast_arrow": ("{before} → {after}", "{before} → {after}"),
    "nowcast_update_takeaway": (
        "Under the {scenario} scenario the chance of {desc} moves from {before} to {after} "
        "({change} points; simulation error about {se} points).",
        "Theo kịch bản {scenario}, khả năng {desc} thay đổi từ {before} thành {after} "
        "({change} điểm phần trăm; sai số mô phỏng khoảng {se} điểm)."),
    "sum_nowcast": ("With the {period} {year} figure ({value}), the chance of {desc} under "
                    "the {scenario} scenario becomes {after}, from {before} (Section {k}; the other "
                    "sections show the chances before this figure).",
                    "Với số liệu {period} {year} ({value}), khả năng {desc} theo kịch "
                    "bản {scenario} thay đổi từ {before} thành {after} (mục {k}; các mục khác "
                    "trình bày xác suất trước khi có số liệu này)."),
    "tech_nowcast": ("Nowcast (Section {k}): {call}; the bridge: {model}, fitted on {n} "
                     "years ({years}), predicting the {vintage} of the year.",
                     "Ước tính theo số liệu lũy kế (mục {k}): {call}; mô hình cầu nối: "
                     "{model}, ước lượng trên {n} năm ({years}), dự báo {vintage} của cả "
                     "năm."),
    "table_nowcast_update": ("probability of each target before and after this year's "
                             "partial-year figure, with the change's standard error",
                             "xác suất đạt từng mục tiêu trước và sau số liệu lũy kế của năm "
                             "nay, kèm sai số chuẩn của thay đổi"),
    "table_nowcast_remaining": ("what the rest of the year must deliver for the annual plan",
                                "các tháng còn lại cần đạt bao nhiêu để đạt kế hoạch năm"),
}

_TEXT = _catalogue_of(_TEXT, _TRUST_TEXT)

_COLUMN_VI.update({
    "model": "mô hình", "group": "nhóm", "n": "số lần dự báo", "economies": "số nền kinh tế",
    "coverage_50": "tỷ lệ dải 50% chứa kết quả", "coverage_80": "tỷ lệ dải 80% chứa kết quả",
    "coverage_80_low": "cận dưới (dải 80%)", "coverage_80_high": "cận trên (dải 80%)",
    "coverage_90": "tỷ lệ dải 90% chứa kết quả", "mean_pit": "thứ hạng bình quân của kết quả",
    "pit_low": "cận dưới (thứ hạng)", "pit_high": "cận trên (thứ hạng)",
    "brier": "sai số bình phương của xác suất", "brier_reliability": "thành phần tin cậy",
    "brier_resolution": "thành phần phân giải", "bins_judged": "số khoảng được đánh giá",
    "bins_within": "số khoảng nằm trong sai số lấy mẫu", "criteria_met": "số tiêu chí đạt",
    "criteria": "số tiêu chí", "bin": "khoảng xác suất",
    "mean_predicted": "xác suất dự báo bình quân", "observed": "tỷ lệ đạt trên thực tế",
    "obs_minus_pred": "thực tế trừ dự báo", "ci_low_2w": "cận dưới (thực tế trừ dự báo)",
    "ci_high_2w": "cận trên (thực tế trừ dự báo)", "within_2w": "nằm trong sai số lấy mẫu",
    "judged": "được đánh giá", "panel": "bộ số liệu",
    "parameters": "tham số ước lượng trên", "sample": "trong hay ngoài mẫu",
    "bins_within_2w": "số khoảng nằm trong sai số lấy mẫu",
    "coverage_80_met": "đạt tiêu chí dải 80%", "mean_pit_met": "đạt tiêu chí thứ hạng",
    "reliability_met": "đạt tiêu chí độ tin cậy",
    "observed_low_2w": "cận dưới (tỷ lệ đạt)", "observed_high_2w": "cận trên (tỷ lệ đạt)",
    "before": "trước", "after": "sau", "change": "thay đổi",
    "se_change": "sai số chuẩn của thay đổi", "se_before": "sai số chuẩn (trước)",
    "se_after": "sai số chuẩn (sau)", "case": "trường hợp",
    "year_growth": "tốc độ tăng cả năm", "remaining_growth": "tốc độ tăng các tháng còn lại",
})

_SHEET.update({
    "trust_coverage": ("Panel test – bands", "Kiểm định – dải dự báo"),
    "trust_reliability": ("Panel test – reliability", "Kiểm định – độ tin cậy"),
    "nowcast_update": ("This year – update", "Cập nhật theo số lũy kế"),
    "nowcast_remaining": ("This year – rest of the year", "Các tháng còn lại"),
})


def model_name(model: str, lang: str) -> str:
    """A forecasting model of :func:`hpforecast.evaluate` in words (others as given)."""
    key = f"model_{model}"
    return text(key, lang) if key in _TEXT else str(model)


def group_name(group: str, lang: str) -> str:
    """A group of :func:`hpforecast.evaluate` (``"all"``, ``"fastest quarter"``) in words."""
    key = "group_" + str(group).replace(" ", "_")
    return text(key, lang) if key in _TEXT else str(group)
