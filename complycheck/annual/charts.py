"""Charts as inline SVG, drawn from numbers: no JavaScript, no files, no fonts to fetch.

Two shapes cover the report: bars by month with a line (received, responded on time and
late, average working days) and horizontal bars (breaches by duty, findings, groups).
Every chart carries ``role="img"`` with a ``<title>`` and ``<desc>``; the page puts a text
summary and a table of the same numbers beside it, which is the real text alternative.
Colours pass WCAG AA contrast against white, and late responses are hatched as well as
coloured, so nothing is told by colour alone. Each bar carries its value in ``data-value``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

__all__ = ["INK", "PALETTE", "hbar_chart", "month_chart", "nice_ticks"]

INK = "#1a1a1a"
PALETTE = {
    "received": "#c9d6e3",  # light fill, outlined in ``edge``
    "edge": "#34495e",
    "on_time": "#1d4f91",
    "late": "#a64b12",
    "bar": "#1d4f91",
    "grid": "#d5d9de",
}
_FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"'
_WIDTH = 720


def nice_ticks(maximum: float, most: int = 5) -> list[float]:
    """Axis ticks from 0 to at least ``maximum`` in steps of 1, 2 or 5 × 10ⁿ."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(power * m for m in (1, 2, 5, 10) if power * m >= raw)
    step = max(step, 1.0) if maximum >= 1 else step
    count = math.ceil(maximum / step - 1e-9)
    return [round(step * i, 10) for i in range(count + 1)]


def _label(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _head(chart_id: str, title: str, desc: str, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'class="chart" id="{chart_id}" {_FONT} font-size="12" fill="{INK}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def month_chart(
    chart_id: str,
    title: str,
    desc: str,
    months: Sequence[str],
    received: Sequence[int],
    on_time: Sequence[int],
    late: Sequence[int],
    average_days: Sequence[float | None],
) -> Markup:
    """Per month: a bar of complaints received and a bar of responses made, on time below
    and late (hatched) above; a dashed line of the average working days to respond."""
    height, left, right, top, bottom = 320, 52, 60, 40, 36
    plot_w, plot_h = _WIDTH - left - right, height - top - bottom
    ticks = nice_ticks(max([*received, *(a + b for a, b in zip(on_time, late, strict=True)), 1]))
    scale = plot_h / ticks[-1]
    days = [d for d in average_days if d is not None]
    day_ticks = nice_ticks(max([*days, 1.0]))
    day_scale = plot_h / day_ticks[-1]
    base = top + plot_h
    out = _head(chart_id, title, desc, height)
    out.append(
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{PALETTE["late"]}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern></defs>'
    )
    for tick in ticks:
        y = base - tick * scale
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{PALETTE["grid"]}"/>'
            f'<text class="axis-left" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{_label(tick)}</text>"
        )
    for tick in day_ticks:
        y = base - tick * day_scale
        out.append(
            f'<text class="axis-right" x="{left + plot_w + 6}" y="{y + 4:.1f}">'
            f"{_label(tick)}</text>"
        )
    out.append(
        f'<text x="{left - 44}" y="{top - 10}">Complaints</text>'
        f'<text x="{left + plot_w + 58}" y="{top - 10}" text-anchor="end">Working days</text>'
    )
    slot = plot_w / max(len(months), 1)
    bar = slot * 0.34
    points: list[tuple[float, float] | None] = []
    for i, month in enumerate(months):
        x = left + i * slot + slot * 0.14
        out.append(_bar(x, base, bar, received[i], scale, "received", "Received"))
        out.append(_bar(x + bar + 2, base, bar, on_time[i], scale, "on_time", "On time"))
        top_of_on_time = base - on_time[i] * scale
        hatch = f"url(#{chart_id}-hatch)"
        out.append(_bar(x + bar + 2, top_of_on_time, bar, late[i], scale, "late", "Late", hatch))
        centre = left + i * slot + slot / 2
        out.append(
            f'<text class="axis-bottom" x="{centre:.1f}" y="{base + 16}" '
            f'text-anchor="middle">{escape(month)}</text>'
        )
        day = average_days[i]
        points.append(None if day is None else (centre, base - day * day_scale))
    out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{base}" y2="{base}" stroke="{INK}"/>')
    out.extend(_line(points))
    out.append(_legend(chart_id, left))
    out.append("</svg>")
    return Markup("".join(out))


def _bar(
    x: float,
    bottom: float,
    width: float,
    value: float,
    scale: float,
    kind: str,
    series: str,
    fill: str | None = None,
) -> str:
    height = value * scale
    stroke = f' stroke="{PALETTE["edge"]}"' if kind == "received" else ""
    return (
        f'<rect class="bar {kind}" data-series="{series}" data-value="{_label(value)}" '
        f'x="{x:.1f}" y="{bottom - height:.1f}" width="{width:.1f}" height="{height:.1f}" '
        f'fill="{fill or PALETTE[kind]}"{stroke}/>'
    )


def _line(points: list[tuple[float, float] | None]) -> list[str]:
    out: list[str] = []
    run: list[tuple[float, float]] = []
    for point in [*points, None]:
        if point is not None:
            run.append(point)
            continue
        if len(run) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            out.append(
                f'<polyline class="line" points="{path}" fill="none" stroke="{INK}" '
                'stroke-width="2" stroke-dasharray="5 3"/>'
            )
        out.extend(
            f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#ffffff" '
            f'stroke="{INK}" stroke-width="2"/>'
            for x, y in run
        )
        run = []
    return out


def _legend(chart_id: str, left: int) -> str:
    items = (
        (f'fill="{PALETTE["received"]}" stroke="{PALETTE["edge"]}"', "Received"),
        (f'fill="{PALETTE["on_time"]}"', "Responded on time"),
        (f'fill="url(#{chart_id}-hatch)"', "Responded late"),
    )
    out = ['<g class="legend">']
    x = left + 60
    for attributes, text in items:
        out.append(
            f'<rect x="{x}" y="8" width="14" height="14" {attributes}/>'
            f'<text x="{x + 20}" y="19">{text}</text>'
        )
        x += 28 + round(len(text) * 6.6)
    out.append(
        f'<line x1="{x}" x2="{x + 24}" y1="15" y2="15" stroke="{INK}" stroke-width="2" '
        f'stroke-dasharray="5 3"/><circle cx="{x + 12}" cy="15" r="3.5" fill="#ffffff" '
        f'stroke="{INK}" stroke-width="2"/><text x="{x + 30}" y="19">'
        "Average working days (right axis)</text></g>"
    )
    return "".join(out)


def hbar_chart(
    chart_id: str, title: str, desc: str, labels: Sequence[str], values: Sequence[float]
) -> Markup:
    """One horizontal bar per label, longest for the largest value, the value at its end."""
    row, label_w, top = 26, 300, 8
    height = top + row * len(labels) + 28
    plot_w = _WIDTH - label_w - 70
    ticks = nice_ticks(max([*values, 1]))
    scale = plot_w / ticks[-1]
    out = _head(chart_id, title, desc, height)
    base = top + row * len(labels)
    for tick in ticks:
        x = label_w + tick * scale
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{base}" '
            f'stroke="{PALETTE["grid"]}"/><text class="axis-bottom" x="{x:.1f}" '
            f'y="{base + 16}" text-anchor="middle">{_label(tick)}</text>'
        )
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row
        width = value * scale
        shown = label if len(label) <= 46 else label[:45] + "…"
        out.append(
            f'<text class="axis-left" x="{label_w - 8}" y="{y + 17}" text-anchor="end">'
            f"{escape(shown)}</text>"
            f'<rect class="bar" data-value="{_label(value)}" x="{label_w}" y="{y + 4}" '
            f'width="{width:.1f}" height="{row - 8}" fill="{PALETTE["bar"]}"/>'
            f'<text class="value" x="{label_w + width + 6:.1f}" y="{y + 17}">'
            f"{_label(value)}</text>"
        )
    out.append(f'<line x1="{label_w}" x2="{label_w}" y1="{top}" y2="{base}" stroke="{INK}"/>')
    out.append("</svg>")
    return Markup("".join(out))
