"""Map labels that do not collide: at every zoom, which labels show and where.

The web map carries every label once (``layers.web.mapbuild``). For what a state shows,
``placement`` decides at every zoom level the map can take (Leaflet's 0.25 steps between
``MIN_ZOOM`` and ``MAX_ZOOM``) which labels show, and on which side of its marker a point's
label goes: in priority order — highlighted features, shapes, distances, points, lines, each
in the map's layer order — a label takes the first of its spots whose box overlaps no box
placed before it (a point's label: right, left, above, below its marker; any other: its
anchor), or is left out at that zoom. ``layers/web/static/labels.js`` (``layers.web.labels``)
applies the result in the browser at each zoom; a label it has no place for stays hidden.

Boxes are estimates in the web map's pixels (Web Mercator at that zoom) that are never
smaller than what Chromium draws: the width from the advance widths of the fonts that may
draw the text (the carried font and DejaVu Sans Bold, the wider of the two for each
character), the height from the line height ``CSS`` sets, plus a pixel of margin.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TypedDict

from layers.core import fonts
from layers.core.records import LANGUAGES
from layers.plan.view import DISTANCES, View
from layers.record.distances import Measure

MIN_ZOOM, MAX_ZOOM, ZOOM_STEP = 4.0, 12.0, 0.25  # the web map's zoom range and snap
NEAR_ZOOM = 6.5  # below it the map is "far": point and line labels and distances hide
LINE_HEIGHT = 1.3  # of a label, in em (CSS below)
AREA_PX = {"explore": 14, "tour": 16}  # a shape's or line's label
POINT_PX = {"explore": 13, "tour": 15}  # a point's label
DIST_PX, DIST_PAD = 13, 5  # a distance: 13 px text, 1 px border + 4 px padding each side
POINT_GAP = 9  # between a point and its label beside it
POINT_RISE = 12  # between a point and its label above or below it (clear of the side labels)
MARGIN = 1.0
KIND_RANK = {"area": 1, "distance": 2, "point": 3, "line": 4}  # after highlighted features
HIDDEN = "-"
Box = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True)
class Spot:
    """One label of the web map, as the map carries it."""

    layer: str  # the layer's key (or DISTANCES)
    index: int  # its place in the layer's labels (the map's marker array)
    lon: float
    lat: float
    kind: str  # "point", "line", "area" or "distance"
    zoom: str  # "any", "near" or "far" (layers.plan.view.LabelZoom)
    fid: str
    year: int | None
    texts: tuple[tuple[str, str], ...]  # (language, text)


@dataclass(frozen=True)
class Shown:
    """What a state shows of the labels."""

    layers: frozenset[str]
    year: int | None
    lang: str
    labels: bool
    distances: bool
    highlight: frozenset[tuple[str, str]]
    tour: bool  # the tour's larger type


def distance_text(measure: Measure) -> str:
    return f"{measure.km:.1f} km"


def distance_anchor(measure: Measure) -> tuple[float, float]:
    """(lat, lon) of a distance's label: the middle of its line."""
    line = measure.line()
    return line[len(line) // 2]


def map_spots(view: View) -> tuple[Spot, ...]:
    """Every label the web map of ``view`` carries, in its order (``mapbuild.build_map``)."""
    spots = []
    for layer in view.layers:
        years = {
            d.feature.id: d.feature.date.year if d.feature.date else None for d in layer.features
        }
        spots += [
            Spot(
                layer.spec.key,
                i,
                lab.lon,
                lab.lat,
                lab.kind,
                lab.zoom,
                lab.fid,
                years.get(lab.fid),
                lab.texts,
            )
            for i, lab in enumerate(layer.labels)
        ]
    for i, measure in enumerate(view.distances):
        lat, lon = distance_anchor(measure)
        text = distance_text(measure)
        spots.append(
            Spot(
                DISTANCES,
                i,
                lon,
                lat,
                "distance",
                "near",
                "",
                None,
                tuple((c, text) for c in LANGUAGES),
            )
        )
    return tuple(spots)


@cache
def _advances(path: str) -> tuple[dict[int, int], int]:
    """Advance width of each character of a font, and its units per em."""
    from fontTools.ttLib import TTFont  # matplotlib's own dependency

    font = TTFont(path, lazy=True)
    metrics = font["hmtx"]
    widths = {code: metrics[name][0] for code, name in font.getBestCmap().items()}
    return widths, font["head"].unitsPerEm


def _width_fonts() -> tuple[str, ...]:
    import matplotlib

    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans-Bold.ttf"
    return str(fonts.FONT_FILES[700]), str(dejavu)


@lru_cache(maxsize=4096)
def text_width(text: str, px: float) -> float:
    """The widest the bold text can be drawn at ``px``: per character, the wider of the fonts
    (a character neither has counts one em)."""
    tables = [_advances(path) for path in _width_fonts()]
    ems = 0.0
    for char in text:
        known = [widths[ord(char)] / units for widths, units in tables if ord(char) in widths]
        ems += max(known, default=1.0)
    return ems * px


@lru_cache(maxsize=4096)
def candidates(spot: Spot, text: str, tour: bool) -> tuple[tuple[str, Box], ...]:
    """Where the label may go, as (code, box around its anchor in pixels), best first."""
    if spot.kind == "distance":
        w = text_width(text, DIST_PX) + 2 * DIST_PAD
        h = DIST_PX * 1.2 + 4  # line height 1.2, 1 px padding and border top and bottom
        return (("c", (-w / 2, -1.2 * h, w / 2, -0.2 * h)),)
    px = (POINT_PX if spot.kind == "point" else AREA_PX)["tour" if tour else "explore"]
    w, h = text_width(text, px), px * LINE_HEIGHT
    if spot.kind != "point":
        return (("c", (-w / 2, -h / 2, w / 2, h / 2)),)
    gap, rise = POINT_GAP, POINT_RISE
    return (
        ("r", (gap, -h / 2, gap + w, h / 2)),
        ("l", (-gap - w, -h / 2, -gap, h / 2)),
        ("t", (-w / 2, -h - rise, w / 2, -rise)),
        ("b", (-w / 2, rise, w / 2, rise + h)),
    )


def world_px(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel of (lon, lat) at ``zoom``, as Leaflet computes it."""
    scale = 256 * 2**zoom
    sin = math.sin(math.radians(lat))
    return (lon + 180) / 360 * scale, (
        0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)
    ) * scale


def is_shown(spot: Spot, shown: Shown, far: bool) -> bool:
    """Whether the map's CSS and steering show this label at all (``chrome.PAGE_CSS``)."""
    if not shown.labels:
        return False
    if spot.kind == "distance":
        return shown.distances and not far
    if spot.layer not in shown.layers or (shown.year is not None and (spot.year or 0) > shown.year):
        return False
    keep = spot.zoom == "near" and spot.kind != "area" and (spot.layer, spot.fid) in shown.highlight
    if spot.zoom == "far":
        return far
    if spot.zoom == "near" or spot.kind == "point":
        return keep or not far
    return True


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def placement_order(spots: Sequence[Spot], shown: Shown, far: bool) -> list[int]:
    """The shown labels (positions in ``spots``) in the order they take their places:
    highlighted features, then by ``KIND_RANK``, then in the map's order. The static figure
    (``layers.print.figure_labels``) places its labels in the same order."""
    return sorted(
        (i for i, spot in enumerate(spots) if is_shown(spot, shown, far)),
        key=lambda i: (
            (spots[i].layer, spots[i].fid) not in shown.highlight,
            KIND_RANK[spots[i].kind],
            i,
        ),
    )


def place(spots: Sequence[Spot], shown: Shown, zoom: float) -> dict[int, str]:
    """For each shown label (by its position in ``spots``) that fits at ``zoom``, the code
    of the spot it takes; the others are left out."""
    placed: list[Box] = []
    codes: dict[int, str] = {}
    for i in placement_order(spots, shown, zoom < NEAR_ZOOM):
        spot = spots[i]
        x, y = world_px(spot.lon, spot.lat, zoom)
        text = dict(spot.texts).get(shown.lang, "")
        for code, (left, top, right, bottom) in candidates(spot, text, shown.tour):
            box = (x + left - MARGIN, y + top - MARGIN, x + right + MARGIN, y + bottom + MARGIN)
            if not any(overlaps(box, other) for other in placed):
                placed.append(box)
                codes[i] = code
                break
    return codes


def zoom_levels() -> list[float]:
    count = round((MAX_ZOOM - MIN_ZOOM) / ZOOM_STEP) + 1
    return [MIN_ZOOM + n * ZOOM_STEP for n in range(count)]


class LabelPlan(TypedDict):
    """``placement``'s JSON: the zoom levels, and per layer a code string per label."""

    min: float  # the first level's zoom
    step: float  # zoom between levels
    labels: dict[str, list[str]]


@lru_cache(maxsize=256)
def placement(spots: tuple[Spot, ...], shown: Shown) -> LabelPlan:
    """Every label's code at every zoom level, as JSON for ``labels.js``: per layer, one
    string per label with a character per level (``HIDDEN``: not shown at that level)."""
    levels = [place(spots, shown, zoom) for zoom in zoom_levels()]
    labels: dict[str, list[str]] = {}
    for i, spot in enumerate(spots):
        labels.setdefault(spot.layer, []).append("".join(level.get(i, HIDDEN) for level in levels))
    return {"min": MIN_ZOOM, "step": ZOOM_STEP, "labels": labels}
