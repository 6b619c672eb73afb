"""The figure of a comparison: two map panels side by side, each titled with its year, under
one title, with one legend for both (``View.panels``, ``layers.plan.comparison``).

Each panel is drawn as ``layers.print.figure`` draws a map (features, distances, labels,
scale bar and north arrow, in the same projection and frame), fitted to the same bounds.
``figure_of`` is what every export calls: this for a comparison, else ``render_figure``.
"""

from __future__ import annotations

import datetime as dt

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from layers.core.specs import PALETTE
from layers.plan.view import View
from layers.print.figure import (
    PRESETS,
    TO_MAP,
    _distance_lines,
    _draw_features,
    _drawer,
    _extent,
    _fit,
    _furniture,
    _gaps,
    render_figure,
)
from layers.print.figure_labels import place_labels
from layers.print.frame import frame_text, legend_handle

GAP = 0.012  # between the panels, of the figure's width
MAPS = (0.22, 0.6)  # the panels' bottom and height, of the figure's height; the legend below


def figure_of(view: View, preset: str = "slide", today: dt.date | None = None) -> Figure:
    """The figure of ``view``: two panels for a comparison, else the one map."""
    if view.panels is None:
        return render_figure(view, preset, today)
    return compare_figure(view, preset, today or dt.date.today())


def _panel(fig: Figure, panel: View, box: tuple[float, float, float, float], preset: str, renderer):
    """One side: its map, distances and labels in ``box`` (figure fractions), titled."""
    size = PRESETS[preset]
    text, scale = (13, 1.0) if preset == "slide" else (9, 0.8)
    ax = fig.add_axes(box)
    ax.set_facecolor(PALETTE["sea"])
    _draw_features(ax, panel, scale)
    _distance_lines(ax, panel, scale)
    _fit(ax, _extent(panel.bounds), (box[2] * size.width_in) / (box[3] * size.height_in))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set(xlabel="", ylabel="")
    ax.set_title(panel.title, fontsize=text * 1.5, fontweight="bold", loc="left")
    _, furniture = _furniture(ax, text)
    place_labels(
        ax, panel, renderer, furniture, _drawer(ax, text * 0.85), TO_MAP.transform,
        _gaps(panel, scale, text * 0.85),
    )  # fmt: skip
    return ax


def compare_figure(view: View, preset: str, today: dt.date) -> Figure:
    """Both sides of ``view`` at the preset's size, one legend below them."""
    assert view.panels is not None, "compare_figure draws a comparison's view"
    size = PRESETS[preset]
    fig = Figure(figsize=(size.width_in, size.height_in), dpi=size.dpi, facecolor="white")
    renderer = FigureCanvasAgg(fig).get_renderer()
    text = 13 if preset == "slide" else 9
    quotes = 0.27 if view.quotes else 0.0
    width = (0.96 - quotes - GAP) / 2
    for i, panel in enumerate(view.panels):
        box = (0.02 + i * (width + GAP), MAPS[0], width, MAPS[1])
        _panel(fig, panel, box, preset, renderer)
    if view.legend:
        shown = fig.legend(
            handles=[legend_handle(entry) for entry in view.legend],
            loc="upper center",
            bbox_to_anchor=(0.02 + width + GAP / 2, MAPS[0] - 0.01),
            ncol=3,
            fontsize=text * 0.75,
            framealpha=0.95,
            title="Legend (both maps)",
            title_fontsize=text * 0.8,
        )
        for item in [*shown.get_texts(), shown.get_title()]:
            item.set_parse_math(False)
    frame_text(fig, view, preset, text, today)
    return fig
