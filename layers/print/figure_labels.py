"""A figure's labels and legend, laid out by the web map's rule in the figure's own pixels.

The labels are the web map's (``layers.plan.label_placement.map_spots``), shown by the same
rule (``is_shown``: the view's near or far, highlighted features kept) and placed in the same
order (``placement_order``: highlighted features, shapes, distances, points, lines): each
takes the first of its spots (a point's label: right, left, above, below its marker; any
other: its anchor) whose box overlaps nothing placed before it and stays inside the frame, or
is left out. The rule is applied in the figure's pixels rather than at a web zoom, because
the figure is drawn in another projection (Lambert conformal conic) at another size and type
size: boxes are what matplotlib's renderer measures for the text drawn, so the test of the
figure is the figure itself.

The legend goes in the corner of the map where it covers no highlighted feature, nor the
scale bar or north arrow, displaces the fewest labels (weighted: highlighted features'
labels first, then shapes, distances, points, lines) and hides the least of what is drawn
(the emptiest corner); when every corner would cover a highlighted feature, it goes
outside the map frame, on its right. Labels are then placed clear of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.legend import Legend
from matplotlib.text import Annotation
from shapely.geometry.base import BaseGeometry

from layers.plan.label_placement import Box, Shown, Spot, map_spots, overlaps, placement_order
from layers.plan.view import View

LABEL = "map-label"  # the artist label of a placed map label (for tests and edits)
CORNERS = ("lower right", "upper left", "lower left", "upper right")  # tried in this order
WEIGHT = {"area": 10, "distance": 5, "point": 3, "line": 2}  # a displaced label's cost
HIGHLIGHT_WEIGHT = 1000
MARGIN_PX = 2.0
Project = Callable[[float, float], tuple[float, float]]  # lon, lat → map coordinates
Draw = Callable[..., Annotation]  # text, (x, y), xytext, ha, va, bold → the artist


def shown_for(view: View) -> Shown:
    """What the figure of ``view`` shows, as the web map's placement takes it."""
    highlight = frozenset(
        (layer.spec.key, d.feature.id)
        for layer in view.layers
        for d in layer.features
        if d.highlighted
    )
    return Shown(
        layers=frozenset(layer.spec.key for layer in view.layers),
        year=None,  # the view already holds only the features of its date
        lang=view.lang,
        labels=True,  # a view without labels has none to place
        distances=True,  # likewise
        highlight=highlight,
        tour=bool(view.quotes),
    )


def box_of(artist, renderer: RendererBase, margin: float = MARGIN_PX) -> Box:
    x0, y0, x1, y1 = artist.get_window_extent(renderer).extents
    return (x0 - margin, y0 - margin, x1 + margin, y1 + margin)


def _choices(spot: Spot, gap: float) -> tuple[tuple[tuple[float, float], str, str], ...]:
    """(offset in points, ha, va) of each spot the label may take, best first."""
    if spot.kind != "point":
        return (((0.0, 0.0), "center", "center"),)
    return (
        ((gap, 0.0), "left", "center"),
        ((-gap, 0.0), "right", "center"),
        ((0.0, gap), "center", "bottom"),
        ((0.0, -gap), "center", "top"),
    )


@dataclass(frozen=True)
class Placed:
    artist: Annotation
    box: Box
    weight: int


def place_labels(
    ax: Axes,
    view: View,
    renderer: RendererBase,
    blocked: Sequence[Box],
    draw: Draw,
    project: Project,
    gaps: dict[tuple[str, str], float],
) -> list[Placed]:
    """Draw the labels of ``view`` that fit, in the web map's order, clear of ``blocked``
    and of each other, inside the map frame. ``gaps``: a point's label's distance from its
    anchor in points (its marker's radius and a little), by (layer, feature id)."""
    spots = map_spots(view)
    shown = shown_for(view)
    frame = ax.get_window_extent(renderer).extents
    taken = list(blocked)
    placed = []
    for i in placement_order(spots, shown, far=not view.near):
        spot = spots[i]
        text = dict(spot.texts).get(view.lang, "")
        if not text:
            continue
        xy = project(spot.lon, spot.lat)
        for offset, ha, va in _choices(spot, gaps.get((spot.layer, spot.fid), 6.0)):
            artist = draw(text, xy, offset, ha, va, spot.kind)
            box = box_of(artist, renderer)
            inside = frame[0] <= box[0] and frame[1] <= box[1] and box[2] <= frame[2]
            if inside and box[3] <= frame[3] and not any(overlaps(box, b) for b in taken):
                artist.set_label(LABEL)
                taken.append(box)
                highlighted = (spot.layer, spot.fid) in shown.highlight
                weight = HIGHLIGHT_WEIGHT if highlighted else WEIGHT[spot.kind]
                placed.append(Placed(artist, box, weight))
                break
            artist.remove()
    return placed


def pixel_geometry(ax: Axes, geometry: BaseGeometry, project_many) -> BaseGeometry:
    """A lon/lat geometry in the figure's pixels (``project_many``: lon/lat → map arrays)."""

    def to_pixels(coords: np.ndarray) -> np.ndarray:
        x, y = project_many(coords[:, 0], coords[:, 1])
        return ax.transData.transform(np.column_stack([x, y]))

    return shapely.transform(geometry, to_pixels)


def choose_corner(
    make: Callable[..., Legend],
    renderer: RendererBase,
    hard: Sequence[shapely.Geometry],
    soft: Sequence[Placed],
    ink: Sequence[shapely.Geometry] = (),
) -> tuple[str, bool]:
    """The legend's corner (``CORNERS``), and whether it is clear of every ``hard``
    obstacle (highlighted features, scale bar, north arrow). Among the corners that cover
    the fewest, the one that displaces the least weight of ``soft`` labels, then the one
    that hides the least of the features drawn (``ink``)."""
    scores = []
    for order, loc in enumerate(CORNERS):
        legend = make(loc)
        box = box_of(legend, renderer, 0.0)
        legend.remove()
        outline = shapely.box(*box)
        covered = sum(bool(outline.intersects(g)) for g in hard)
        displaced = sum(p.weight for p in soft if overlaps(box, p.box))
        hidden = round(sum(outline.intersection(g).area for g in ink) / 100)
        scores.append((covered, displaced, hidden, order, loc))
    covered, *_, loc = min(scores)
    return loc, covered == 0
