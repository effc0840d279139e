"""Render an hpforecast report folder (report.md + charts/*.png) as A4 page images.

A preview for reviewing the layout of a report at print size, not a typesetter: it lays
report.md out on A4 portrait pages (21 x 29.7 cm, 2 cm margins, 10 pt DejaVu Sans body
text) with headings, bullets, pipe tables (wrapped cells, 8 pt when the table is wide),
blockquotes as a shaded box, fenced code in a monospace font, and each chart at its
physical print size (pixel width / 300 dpi), centred; bold/italic markers and link
targets are stripped. A block that does not fit goes to the next page. It writes
page-01.png, page-02.png ... at 150 dpi. Developer script: only numpy and matplotlib
(whose bundled DejaVu Sans draws every Vietnamese diacritic); not part of the package.

Usage: python scripts/render_pages.py REPORT_DIR OUT_DIR
"""

import re
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg
import matplotlib.pyplot as plt
from matplotlib.font_manager import FontProperties

PAGE_W, PAGE_H, MARGIN = 21.0, 29.7, 2.0
TEXT_W = PAGE_W - 2 * MARGIN
DPI, CHART_DPI = 150, 300
BODY, SMALL = 10.0, 8.0
PT = 2.54 / 72  # cm per point
HEADING = {1: 16.0, 2: 13.0, 3: 11.0}
GAP = 0.25  # cm after a paragraph


def clean(text):
    """Inline Markdown to plain text: links and images to their text, no * or ` markers."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return text.replace("*", "").replace("`", "").strip()


class Pager:
    """Pages as matplotlib figures, a cursor `y` (cm from the top) and drawing helpers."""

    def __init__(self, out_dir):
        self.out, self.n, self.fig = Path(out_dir), 0, None
        self.out.mkdir(parents=True, exist_ok=True)
        self.renderer = plt.figure(dpi=DPI).canvas.get_renderer()
        self.new_page()

    def new_page(self):
        self.flush()
        self.n += 1
        self.fig = plt.figure(figsize=(PAGE_W / 2.54, PAGE_H / 2.54), dpi=DPI)
        self.y = MARGIN
        self.text(PAGE_W / 2 - 0.1, PAGE_H - 1.0, str(self.n), SMALL, color="0.45")

    def flush(self):
        if self.fig is not None:
            self.fig.savefig(self.out / f"page-{self.n:02d}.png", dpi=DPI, facecolor="white")
            plt.close(self.fig)

    def ensure(self, height):
        """Start a new page unless `height` cm fits below the cursor (or the page is empty)."""
        if height > PAGE_H - MARGIN - self.y + 1e-6 and self.y > MARGIN + 1e-6:
            self.new_page()

    @staticmethod
    def font(size, bold=False, mono=False):
        return FontProperties(family="DejaVu Sans Mono" if mono else "DejaVu Sans",
                              size=size, weight="bold" if bold else "normal")

    def width(self, s, size, bold=False, mono=False):
        w, _, _ = self.renderer.get_text_width_height_descent(s, self.font(size, bold, mono),
                                                              ismath=False)
        return w / DPI * 2.54

    def text(self, x, baseline, s, size, bold=False, mono=False, color="black"):
        self.fig.text(x / PAGE_W, 1 - baseline / PAGE_H, s, fontproperties=self.font(size, bold, mono),
                      color=color, va="baseline", ha="left", parse_math=False)

    def rect(self, x, y, w, h, color):
        self.fig.patches.append(plt.Rectangle((x / PAGE_W, 1 - (y + h) / PAGE_H), w / PAGE_W,
                                h / PAGE_H, transform=self.fig.transFigure, color=color, lw=0, zorder=-1))

    def shade(self, h, color):
        """Shade a band of the box (a blockquote or code) from the cursor down `h` cm."""
        if color:
            self.rect(MARGIN, self.y, TEXT_W, h, color)
            self.rect(MARGIN, self.y, 0.12, h, "0.55")

    def hline(self, x0, x1, y, lw=0.6, color="black"):
        self.fig.lines.append(plt.Line2D([x0 / PAGE_W, x1 / PAGE_W], [1 - y / PAGE_H] * 2, lw=lw,
                              color=color, transform=self.fig.transFigure))

    def wrap(self, text, width, size, bold=False):
        """Greedy word wrap to `width` cm; a word wider than a line is cut by characters."""
        lines, cur = [], ""
        for word in text.split():
            while self.width(word, size, bold) > width and len(word) > 1:
                cut = max(1, int(len(word) * width / self.width(word, size, bold)) - 1)
                lines, cur, word = lines + [cur] * bool(cur) + [word[:cut]], "", word[cut:]
            trial = f"{cur} {word}" if cur else word
            if cur and self.width(trial, size, bold) > width:
                lines, cur = lines + [cur], word
            else:
                cur = trial
        return lines + [cur] if cur or not lines else lines


def flow_text(pg, text, size=BODY, bold=False, x=MARGIN, width=TEXT_W, bullet=None,
              shade=None, mono=False, keep=0.0):
    """Lay out wrapped lines one by one, breaking pages between lines; shade = box colour."""
    lh = size * 1.3 * PT
    indent = 0.45 if bullet else 0.0
    lines = [text] if mono else pg.wrap(text, width - indent, size, bold)
    for i, line in enumerate(lines):
        pg.ensure(lh + (keep if i == 0 else 0.0))
        pg.shade(lh, shade)
        if bullet and i == 0:
            pg.text(x, pg.y + 0.95 * size * PT, bullet, size, bold)
        pg.text(x + indent, pg.y + 0.95 * size * PT, line, size, bold, mono)
        pg.y += lh


def space(pg, h, shade=None):
    if PAGE_H - MARGIN - pg.y >= h:
        pg.shade(h, shade)
        pg.y += h


def column_widths(pg, rows, size, cap=True):
    """Natural column widths, capped so the table fits the text width (water-filling)."""
    natural = [max(pg.width(r[j], size, i == 0) for i, r in enumerate(rows)) + 0.3
               for j in range(len(rows[0]))]
    if sum(natural) <= TEXT_W or not cap:
        return natural
    order, widths, budget = sorted(range(len(natural)), key=natural.__getitem__), list(natural), TEXT_W
    for k, j in enumerate(order):  # narrow columns keep their width, wide ones share the rest
        widths[j] = min(natural[j], budget / (len(order) - k))
        budget -= widths[j]
    return widths


def draw_table(pg, rows, _dir=None):
    """A pipe table: header bold with a rule under it, cells wrapped, header repeated on page breaks."""
    ncol = len(rows[0])
    rows = [(r + [""] * ncol)[:ncol] for r in rows]
    size = SMALL if ncol > 5 or sum(column_widths(pg, rows, BODY, cap=False)) > TEXT_W else BODY
    widths = [w * min(1.0, TEXT_W / sum(column_widths(pg, rows, size)))
              for w in column_widths(pg, rows, size)]
    lh = size * 1.25 * PT
    cells = [[pg.wrap(c, w - 0.3, size, i == 0) for c, w in zip(r, widths)] for i, r in enumerate(rows)]

    def draw_row(i):
        x = MARGIN
        for lines, w in zip(cells[i], widths):
            for k, line in enumerate(lines):
                pg.text(x + 0.1, pg.y + 0.06 + k * lh + 0.95 * size * PT, line, size, i == 0)
            x += w
        pg.y += heights[i]
        pg.hline(MARGIN, MARGIN + sum(widths), pg.y, 0.8 if i == 0 else 0.3,
                 "black" if i == 0 else "0.7")

    heights = [max(len(c) for c in row) * lh + 0.12 for row in cells]
    for i in range(len(rows)):
        first = pg.y
        pg.ensure(heights[i] + (heights[0] if i <= 1 else 0.0))
        if i > 1 and pg.y < first:  # new page: repeat the header
            draw_row(0)
        draw_row(i)
    pg.y += GAP


def draw_image(pg, val, report_dir):
    """A chart at its print size (pixels / 300 dpi), centred, on a new page if it does not fit."""
    path = report_dir / val[0]
    if not path.exists():
        flow_text(pg, f"[missing image: {path.name}]")
        return
    img = mpimg.imread(path)
    w, h = img.shape[1] / CHART_DPI * 2.54, img.shape[0] / CHART_DPI * 2.54
    if h > PAGE_H - 2 * MARGIN:  # never expected: shrink to fit a page
        w, h = w * (PAGE_H - 2 * MARGIN) / h, PAGE_H - 2 * MARGIN
    pg.ensure(h + GAP)
    x = MARGIN + (TEXT_W - w) / 2
    ax = pg.fig.add_axes([x / PAGE_W, 1 - (pg.y + h) / PAGE_H, w / PAGE_W, h / PAGE_H])
    ax.imshow(img, interpolation="antialiased", aspect="auto")
    ax.set_axis_off()
    pg.y += h + GAP


def parse(md):
    """Block list of (kind, payload): h, p, li, table, quote, img, code."""
    blocks, para, lines, i = [], [], md.splitlines(), 0
    while i < len(lines):
        line, s = lines[i], lines[i].strip()
        m_h, m_li = re.match(r"(#{1,6})\s+(.*)", s), re.match(r"(\s*)[-*+]\s+(.*)", line)
        m_img = re.fullmatch(r"!\[([^\]]*)\]\(([^)]+)\)", s)
        if para and (not s or m_h or m_li or m_img or s[:1] in "|>`"):
            blocks.append(("p", clean(" ".join(para))))
            para = []
        j = i + 1
        if s.startswith("```"):
            while j < len(lines) and not lines[j].strip().startswith("```"):
                j += 1
            blocks.append(("code", lines[i + 1:j]))
            j += 1
        elif s[:1] in ("|", ">"):
            j = i
            while j < len(lines) and lines[j].strip()[:1] == s[0]:
                j += 1
            chunk = [ln.strip() for ln in lines[i:j]]
            if s[0] == "|":
                blocks.append(("table", [[clean(c) for c in ln.strip("|").split("|")] for ln in chunk
                                         if not re.fullmatch(r"\|[\s:|-]+\|", ln)]))
            else:
                blocks.append(("quote", parse("\n".join(ln[1:].lstrip() for ln in chunk))))
        elif m_h:
            blocks.append(("h", (len(m_h.group(1)), clean(m_h.group(2)))))
        elif m_img:
            blocks.append(("img", (m_img.group(2), m_img.group(1))))
        elif m_li:
            blocks.append(("li", (len(m_li.group(1)) // 2, clean(m_li.group(2)))))
        elif s:
            para.append(s)
        i = j
    return blocks + ([("p", clean(" ".join(para)))] if para else [])


def render(report_dir, out_dir):
    """Lay report.md of `report_dir` out as page-NN.png in `out_dir`; the number of pages."""
    report_dir = Path(report_dir)
    for old in Path(out_dir).glob("page-*.png"):
        old.unlink()
    pg = Pager(out_dir)
    for kind, val in parse((report_dir / "report.md").read_text(encoding="utf-8")):
        if kind == "h":
            if pg.y > MARGIN + 1e-6:
                space(pg, 0.5 if val[0] <= 2 else 0.3)
            flow_text(pg, val[1], HEADING.get(val[0], BODY), bold=True, keep=3.0)
            space(pg, 0.2)
        elif kind == "p":
            flow_text(pg, val)
            space(pg, GAP)
        elif kind == "li":
            indent = 0.3 + 0.5 * val[0]
            flow_text(pg, val[1], x=MARGIN + indent, width=TEXT_W - indent, bullet="•")
            space(pg, 0.08)
        elif kind == "code":
            for line in val:
                flow_text(pg, line, SMALL, x=MARGIN + 0.3, mono=True, shade="0.93")
            space(pg, GAP)
        else:
            {"table": draw_table, "quote": draw_quote}.get(kind, draw_image)(pg, val, report_dir)
    pg.flush()
    return pg.n


def draw_quote(pg, blocks, _dir=None):
    """A blockquote as a shaded box with a grey bar; kept on one page when it fits."""
    shade, x, width = "0.92", MARGIN + 0.45, TEXT_W - 0.8
    height = 0.6 + sum(len(pg.wrap(v if k == "p" else v[1], width - 0.45, BODY)) * BODY * 1.3 * PT
                       + 0.1 for k, v in blocks if k in ("p", "li", "h"))
    if height <= PAGE_H - 2 * MARGIN:
        pg.ensure(height)
    space(pg, 0.3, shade)
    for kind, val in blocks:
        if kind in ("p", "li", "h"):
            flow_text(pg, val if kind == "p" else val[1], bold=kind == "h", x=x, width=width,
                      bullet="•" if kind == "li" else None, shade=shade)
        space(pg, 0.1, shade)
    space(pg, 0.2, shade)
    space(pg, GAP)


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    print(f"{render(argv[1], argv[2])} pages written to {argv[2]}")


if __name__ == "__main__":
    main(sys.argv)
