"""Geometry for the accessible inline SVG bar charts (the templates only draw what this computes)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from factsquiz.templatetags.formatting import percent
from quiz.scoring import whole


@dataclass
class Bar:
    label: str
    text: str
    y: int
    width: float


@dataclass
class BarChart:
    title: str
    description: str
    bars: list[Bar]
    height: int
    plot_width: int = 560
    row_height: int = 46  # the label on its own line above its bar, so no label is ever cut off

    @property
    def width(self) -> int:
        return self.plot_width + 70  # room for the value after a full bar


def bar_chart(*, title: str, description: str, rows: list[tuple[str, float | None]], maximum: float, unit: str = ""):
    """Horizontal bars, one per (label, value); a missing value draws no bar and reads "no data".

    `unit` "%" shows the values as percentages in the reader's language ("56%", "56 %")."""
    chart = BarChart(title=title, description=description, bars=[], height=0)
    for index, (label, value) in enumerate(rows):
        width = 0.0 if value is None or maximum <= 0 else chart.plot_width * max(0.0, value) / maximum
        # Translators: the value of a chart bar with nothing to show.
        text = _("no data") if value is None else percent(whole(value)) if unit == "%" else f"{whole(value)}{unit}"
        chart.bars.append(Bar(label=label, text=text, y=index * chart.row_height, width=width))
    chart.height = max(1, len(rows)) * chart.row_height
    return chart
