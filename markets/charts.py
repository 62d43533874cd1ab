"""Line charts of prices drawn on the server as SVG: geometry only, the markup is in
templates/markets/includes/price_chart.html. The same points go into the table beside the chart."""

from dataclasses import dataclass, field

from django.utils import formats

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 56, 8, 10, 22


@dataclass
class Chart:
    width: int
    height: int
    points: list  # [(x, y, day, price)]
    polyline: str
    y_ticks: list = field(default_factory=list)  # [(y, label)]
    x_labels: list = field(default_factory=list)  # [(x, label, anchor)]
    reference_y: float | None = None
    low: int | None = None
    high: int | None = None

    @property
    def first(self):
        return self.points[0] if self.points else None

    @property
    def last(self):
        return self.points[-1] if self.points else None


def price_chart(points, *, reference=None, width=WIDTH, height=HEIGHT):
    """A Chart of [(day, price)] (oldest first); `reference` (the HET) is drawn as a line when it
    falls within sight of the prices. None when there are no points."""
    if not points:
        return None
    prices = [price for _day, price in points]
    low, high = min(prices), max(prices)
    if reference and low * 0.8 <= reference <= high * 1.25:
        low, high = min(low, reference), max(high, reference)
    padding = max((high - low) * 0.1, high * 0.02, 1)
    bottom_value, top_value = max(0, low - padding), high + padding
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM

    def x_of(index):
        return round(LEFT + (plot_w * index / (len(points) - 1) if len(points) > 1 else plot_w / 2), 1)

    def y_of(value):
        return round(TOP + plot_h * (top_value - value) / (top_value - bottom_value), 1)

    placed = [(x_of(i), y_of(price), day, price) for i, (day, price) in enumerate(points)]
    ticks = [(y_of(value), _rupiah(value)) for value in (min(prices), max(prices))]
    if ticks[0][1] == ticks[1][1]:
        ticks = ticks[:1]
    x_labels = [(placed[0][0], _short_date(points[0][0]), "start")]
    if len(points) > 1:
        x_labels.append((placed[-1][0], _short_date(points[-1][0]), "end"))
    return Chart(
        width=width,
        height=height,
        points=placed,
        polyline=" ".join(f"{x},{y}" for x, y, _day, _price in placed),
        y_ticks=ticks,
        x_labels=x_labels,
        reference_y=y_of(reference) if reference and bottom_value <= reference <= top_value else None,
        low=min(prices),
        high=max(prices),
    )


def _rupiah(value):
    return formats.number_format(round(value), use_l10n=True, force_grouping=True)


def _short_date(day):
    return formats.date_format(day, "j M y")
