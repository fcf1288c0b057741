"""Charts of one goal over time: its level (or percentage), and mood and fatigue.

A chart is a picture; a screen reader reads the plain-text summary given as
`summary` instead (services.diary.text.progress_summary, called by the view).
"""

from __future__ import annotations

from collections.abc import Sequence

import flet as ft
import flet_charts as fch

from components.hooks import use_palette, use_t, use_text_scale
from components.theme import BASE_TEXT_SIZES, scaled
from services.diary.models import ProgressPoint, signed_level

# Axis words as large as the smallest body text, and growing with the text size.
AXIS_TEXT_SIZE = BASE_TEXT_SIZES["label_small"]


def _axis(labels: dict[float, str], text_scale: int, color: str, room: float) -> fch.ChartAxis:
    """`room`: the axis's width (left) or height (bottom) at 100 %, for its widest label."""
    return fch.ChartAxis(
        label_size=scaled(room, text_scale),
        labels=[
            fch.ChartAxisLabel(
                value=value,
                label=ft.Text(text, size=scaled(AXIS_TEXT_SIZE, text_scale), color=color),
            )
            for value, text in labels.items()
        ],
    )


def _series(
    points: Sequence[tuple[float, float]], color: str, dashed: bool = False
) -> fch.LineChartData:
    return fch.LineChartData(
        points=[fch.LineChartDataPoint(x=x, y=y) for x, y in points],
        color=color,
        stroke_width=3,
        dash_pattern=[6, 4] if dashed else None,
        point=True,
    )


def _chart(
    series: list[fch.LineChartData],
    y_labels: dict[float, str],
    min_y: float,
    max_y: float,
    days: int,
    first_day: str,
    last_day: str,
    text_scale: int,
    color: str,
) -> fch.LineChart:
    return fch.LineChart(
        data_series=series,
        min_y=min_y,
        max_y=max_y,
        min_x=0,
        max_x=max(days, 1),
        height=scaled(200, text_scale),
        interactive=False,
        left_axis=_axis(y_labels, text_scale, color, room=40),
        bottom_axis=_axis({0: first_day, max(days, 1): last_day}, text_scale, color, room=28),
        horizontal_grid_lines=fch.ChartGridLines(interval=1 if max_y <= 5 else 25, width=0.5),
    )


@ft.component
def ProgressCharts(points: list[ProgressPoint], summary: str, uses_gas: bool) -> ft.Control:
    t = use_t()
    palette = use_palette()
    text_scale = use_text_scale()
    if not points:
        return ft.Text(summary, theme_style=ft.TextThemeStyle.BODY_LARGE)
    start = points[0].entry_date
    days = (points[-1].entry_date - start).days

    def x(point: ProgressPoint) -> float:
        return float((point.entry_date - start).days)

    first, last = start.strftime("%d/%m"), points[-1].entry_date.strftime("%d/%m")
    charts: list[ft.Control] = []
    if uses_gas:
        levels = [(x(p), float(p.gas_level)) for p in points if p.gas_level is not None]
        if levels:
            charts.append(_chart(
                [_series(levels, palette.primary)], {v: signed_level(int(v)) for v in range(-2, 3)},
                -2, 2, days, first, last, text_scale, palette.text,
            ))  # fmt: skip
    else:
        percents = [
            (x(p), float(p.progress_percent)) for p in points if p.progress_percent is not None
        ]
        if percents:
            charts.append(_chart(
                [_series(percents, palette.primary)], {0: "0", 50: "50", 100: "100"},
                0, 100, days, first, last, text_scale, palette.text,
            ))  # fmt: skip
    moods = [(x(p), float(p.mood)) for p in points if p.mood is not None]
    fatigues = [(x(p), float(p.fatigue)) for p in points if p.fatigue is not None]
    if moods or fatigues:
        charts += [
            ft.Text(t("diary.chart.wellbeing"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
            _chart(
                [_series(moods, palette.primary), _series(fatigues, palette.error, dashed=True)],
                {v: str(v) for v in range(1, 6)}, 1, 5, days, first, last, text_scale,
                palette.text,
            ),
            ft.Text(t("diary.chart.legend"), color=palette.muted_text),
        ]  # fmt: skip
    return ft.Column(
        spacing=10,
        controls=[
            ft.Semantics(
                identifier="goal-summary",
                content=ft.Text(summary, theme_style=ft.TextThemeStyle.BODY_LARGE),
            ),
            # The pictures say nothing more than the sentence above: hidden from screen readers.
            ft.Semantics(exclude_semantics=True, content=ft.Column(spacing=10, controls=charts)),
        ],
    )
