"""What a report's charts look like as drawn: an inspector for ``report._Builder.inspect``
that records each figure's printed size and every visible text with its font size and
whether the figure's edge cuts it."""

import matplotlib


def inspector(seen: dict):
    """A replacement for ``report._Builder.inspect`` filling ``seen[name]`` with
    ``{"size_cm": (w, h), "texts": [(text, points, cut), ...]}``."""

    def inspect(self, name, fig):
        renderer = fig.canvas.get_renderer()
        box = fig.bbox
        texts, off_view = [], set()
        for ax in fig.axes:   # tick labels of ticks outside the view are not drawn
            for axis in (ax.xaxis, ax.yaxis):
                lo, hi = sorted(axis.get_view_interval())
                for tick in axis.get_major_ticks():
                    if not lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                        off_view |= {id(tick.label1), id(tick.label2)}
        for t in fig.findobj(matplotlib.text.Text):
            if not t.get_visible() or not t.get_text().strip() or id(t) in off_view:
                continue
            ext = t.get_window_extent(renderer)
            # cut by the edge: partly inside, partly outside (a tick label wholly outside
            # the view is not drawn)
            inside = ext.x1 > box.x0 and ext.x0 < box.x1 and ext.y1 > box.y0 and ext.y0 < box.y1
            outside = inside and (ext.x0 < box.x0 - 1 or ext.x1 > box.x1 + 1
                                  or ext.y0 < box.y0 - 1 or ext.y1 > box.y1 + 1)
            texts.append((t.get_text(), t.get_fontsize(), outside))
        seen[name] = {"size_cm": tuple(2.54 * x for x in fig.get_size_inches()),
                      "texts": texts}

    return inspect
