"""The deadline-year bar chart, drawn on the server as SVG (no JavaScript, no CDN)."""

from __future__ import annotations

from dataclasses import dataclass, field

from web.common import STATUS_LABELS, ctx, today

STATUS_ORDER = ("met", "partly_met", "missed", "revoked", "superseded", "deadline_passed", "due", "upcoming", "none")


@dataclass
class Bar:
    year: int | None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def label(self) -> str:
        return "No deadline" if self.year is None else str(self.year)

    @property
    def arg(self) -> str:
        return "none" if self.year is None else str(self.year)


def year_bars(filters) -> tuple[list[Bar], dict[str, int]]:
    """Bars by deadline year (no-deadline last) and totals by status."""
    return bars_from_counts(ctx().store.deadline_status_counts(today().isoformat(), filters))


def bars_from_counts(counts) -> tuple[list[Bar], dict[str, int]]:
    """Bars by deadline year (no-deadline last) and totals by status, from (year, status, count) rows."""
    bars: dict[int | None, Bar] = {}
    totals = {s: 0 for s in STATUS_ORDER}
    for year, status, n in counts:
        bar = bars.setdefault(year, Bar(year))
        bar.counts[status] = bar.counts.get(status, 0) + n
        totals[status] = totals.get(status, 0) + n
    ordered = sorted((b for y, b in bars.items() if y is not None), key=lambda b: b.year)
    if None in bars:
        ordered.append(bars[None])
    return ordered, totals


@dataclass
class Rect:
    status: str
    x: float
    y: float
    w: float
    h: float
    n: int


@dataclass
class Column:
    bar: Bar
    x: float
    rects: list[Rect]
    top: float
    label_x: float
    plot_top: float = 0.0     # the whole column, top of the plot to the labels, is one click target
    plot_h: float = 0.0


def layout(bars: list[Bar], height: int = 220, col: int = 56, gap: int = 14, pad_left: int = 36,
           pad_top: int = 24, pad_bottom: int = 34) -> dict:
    """Coordinates for the SVG template: columns, stacked rects, gridlines.

    The no-deadline bar is not drawn: it is often larger than every year together and would
    flatten the years to a few pixels, so it is returned apart (`none`) and shown as a count."""
    none = next((b for b in bars if b.year is None), None)
    bars = [b for b in bars if b.year is not None]
    peak = max((b.total for b in bars), default=0) or 1
    plot_h = height - pad_top - pad_bottom
    cols = []
    for i, bar in enumerate(bars):
        x = pad_left + gap + i * (col + gap)
        y = pad_top + plot_h
        rects = []
        for status in STATUS_ORDER:
            n = bar.counts.get(status, 0)
            if not n:
                continue
            h = max(2.0, plot_h * n / peak)
            y -= h
            rects.append(Rect(status, x, y, col, h, n))
        cols.append(Column(bar, x, rects, y, x + col / 2, pad_top, plot_h))
    width = pad_left + gap + len(bars) * (col + gap) + 10
    step = _nice_step(peak)
    grid = [(v, pad_top + plot_h - plot_h * v / peak) for v in range(0, peak + 1, step)]
    return {"width": max(width, 300), "height": height, "cols": cols, "grid": grid, "base": pad_top + plot_h,
            "pad_left": pad_left, "labels": STATUS_LABELS, "order": STATUS_ORDER, "none": none, "col": col,
            "seg_filter": {st: SEGMENT_FILTER.get(st, st) for st in STATUS_ORDER}}


# a chart segment's status -> the status filter that lists it (due and upcoming are both still open)
SEGMENT_FILTER = {"due": "open", "upcoming": "open"}


def _nice_step(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if peak / step <= 5:
            return step
    return max(1, peak // 5)
