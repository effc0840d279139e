"""The Vietnamese report (issue 14 must-shows): Vietnamese throughout, charts at their
printed size with no text under 7 pt, and the headline of the simulated territory only."""

import re

import pandas as pd
import pytest

import hpforecast as hpf
from hpforecast import plot
from hpforecast import report as report_mod

from _charts import inspector
from _vietnamese import english_words, prose

PATHS = 1000


@pytest.fixture(scope="module")
def vi_report(tmp_path_factory):
    """One Vietnamese report of the ready-made scenarios; every figure inspected as drawn."""
    seen = {}
    out = tmp_path_factory.mktemp("vi") / "bao_cao"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(report_mod._Builder, "inspect", inspector(seen))
        # with a half-year figure, so that the nowcast's section and chart are checked too
        report_mod.write_report(out, lang="vi", n_paths=PATHS, seed=3,
                                nowcast={"H1": 0.118})
    return out, seen


def test_report_md_has_no_english_words(vi_report):
    out, _ = vi_report
    md = (out / "report.md").read_text(encoding="utf-8")
    assert english_words(prose(md)) == []
    assert "49,4 %" not in md and re.search(r"\d+%", md)       # "49%", no space
    assert re.search(r"ngày \d{2}/\d{2}/\d{4}", md)           # "ngày 01/12/2026"
    assert "bình quân" in md and "Chỉ số giảm phát" in md and "kết quả mô phỏng" in md
    assert "biến động lực" not in md and "đường mô phỏng" not in md


def test_tables_headers_and_sheets_are_vietnamese(vi_report):
    openpyxl = pytest.importorskip("openpyxl")
    out, _ = vi_report
    for csv in sorted((out / "tables").glob("*.csv")):
        assert csv.read_bytes().startswith(b"\xef\xbb\xbf"), csv.name   # UTF-8 with BOM
        header = pd.read_csv(csv, encoding="utf-8-sig", nrows=0).columns
        assert english_words(" ".join(map(str, header))) == [], csv.name
    wb = openpyxl.load_workbook(out / "report.xlsx")
    for ws in wb.worksheets:
        assert english_words(ws.title) == [], ws.title
        header = [str(c.value) for c in ws[1] if c.value is not None]
        assert english_words(" ".join(header)) == [], ws.title
        assert ws.freeze_panes is not None
    probs = wb[hpf.plot.__name__ and "Xác suất"]
    formats = {c.number_format for c in probs["F"][1:5]} | {
        c.number_format for row in probs.iter_rows(min_row=2, max_row=3) for c in row}
    assert "0.0%" in formats                                   # probabilities as percent


def test_svg_text_is_text_and_vietnamese(vi_report):
    out, _ = vi_report
    svgs = sorted((out / "charts").glob("*.svg"))
    assert svgs
    for svg in svgs:
        content = svg.read_text(encoding="utf-8")
        texts = [re.sub(r"<[^>]+>", "", t)
                 for t in re.findall(r"<text[^>]*>(.*?)</text>", content, flags=re.S)]
        assert texts, svg.name                                 # kept as text, not paths
        assert english_words(" ".join(texts)) == [], svg.name


def test_charts_at_printed_size_with_no_text_under_7_points(vi_report):
    _, seen = vi_report
    assert len(seen) >= 20
    widths = set(plot.PRINT_WIDTH_CM.values())
    for name, fig in seen.items():
        width, height = fig["size_cm"]
        assert any(abs(width - w) < 0.01 for w in widths), name
        small = [(t, s) for t, s, _ in fig["texts"] if s < plot.MIN_FONT_PT]
        assert small == [], name
        cut = [t for t, _, outside in fig["texts"] if outside]
        assert cut == [], name                                 # nothing cut off the page


def test_pngs_are_the_printed_size_at_300_dpi(vi_report):
    from PIL import Image

    out, seen = vi_report
    for png in sorted((out / "charts").glob("*.png"))[:6]:
        width_cm = seen[png.stem]["size_cm"][0]
        with Image.open(png) as im:
            assert abs(im.size[0] - width_cm / 2.54 * 300) <= 1


def test_headline_holds_one_row_per_target_of_the_simulated_territory(vi_report):
    from hpforecast.targets import headline_targets

    out, _ = vi_report
    md = (out / "report.md").read_text(encoding="utf-8")
    section = md.split("## 2.")[1].split("## 3.")[0]
    rows = [r for r in section.splitlines() if r.startswith("| ") and "---" not in r][1:]
    head = headline_targets(hpf.load_targets(), "merged_city", 2030)
    described = [hpf._i18n.describe_target(t, "vi") for t in head]
    assert [r.split(" | ")[0][2:] for r in rows[:-1]] == described   # last row: all together
    assert len(set(described)) == len(described)
    assert all(t.boundary in (None, "merged_city") for t in head)
    growth = next(r for r in rows if r.startswith("| Tốc độ tăng GRDP"))
    assert "Nghị quyết Đại hội Đảng bộ" in growth and "NQ HĐND" in growth  # both documents
    assert "Hải Phòng trước sáp nhập" not in section
    annex = md.split("## Phụ lục B.")[1].split("## Phụ lục C.")[0]
    assert "6,8%" in annex and "300.000" in annex            # the old city's targets


def test_trust_and_nowcast_sections_are_vietnamese(vi_report):
    out, seen = vi_report
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "## 3. Số liệu đã công bố của năm nay thay đổi điều gì?" in md
    assert "## 7. Các xác suất này đáng tin đến đâu?" in md
    assert {"trust_reliability", "nowcast_grdp_growth"} <= set(seen)
    assert seen["trust_reliability"]["size_cm"][0] == pytest.approx(16.0)
    section = md.split("## 7.")[1].split("## 8.")[0]
    assert "hồi quy về trung bình" in section and "Ý nghĩa đối với Hải Phòng" in section
    assert re.search(r"\d+,\d% \(\d+,\d–\d+,\d%\)", section)  # "79,2% (77,5–80,9%)"
    assert re.search(r"0,\d\d / 0,\d\d", section)              # ranks with a decimal comma
    nowcast = md.split("## 3.")[1].split("## 4.")[0]
    assert "6 tháng đầu năm 2026" in nowcast and "11,8%" in nowcast and "→" in nowcast
    # the bridge's expectation is of the second half, not of the year (it read "cả năm")
    assert re.search(r"6 tháng cuối năm dự kiến tăng \d+,\d%", nowcast)
    # the correlated drivers the update leaves as assumed are named
    assert "giữ nguyên giả định" in nowcast and "hàng hóa thông qua cảng" in nowcast
    summary = md.split("## 1.")[1].split("## 2.")[0]
    assert "các mục khác trình bày xác suất trước khi có số liệu này" in summary


def test_the_sentences_without_a_partial_year_figure_are_vietnamese():
    from hpforecast import _i18n as L

    for key in ("nowcast_none", "nowcast_off", "nowcast_not_applicable"):
        words = L.text(key, "vi", year=2026, scenario="kế hoạch",
                       boundary=L.boundary_name("merged_city", "vi"))
        assert english_words(prose(words)) == [], key


def test_register_dates_in_the_statistics_office_style(vi_report):
    """Annex C's dates as 02/12/2023 and tháng 12/2025, not ISO 2023-12-02."""
    out, _ = vi_report
    md = (out / "report.md").read_text(encoding="utf-8")
    annex = md.split("## Phụ lục C.")[1].split("## Phụ lục D.")[0]
    assert not re.search(r"\b\d{4}-\d{2}\b", annex)
    assert "| 02/12/2023 |" in annex and "| tháng 12/2025 |" in annex


def test_no_code_before_the_technical_annex(vi_report):
    """Code spans stay in Phụ lục D (they also hid English words from the check above)."""
    out, _ = vi_report
    md = (out / "report.md").read_text(encoding="utf-8")
    main = re.sub(r"\]\([^)]*\)", "]", md.split("## Phụ lục D.")[0])
    assert "`" not in main and "hpf." not in main and ".csv" not in main
