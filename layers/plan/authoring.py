"""A scene from what a reader sees: the map's view, layers, year, labels, distances and
language, with the title, caption, quotes and highlights they chose (``page.authoring``
asks)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from layers.core.records import Bounds, Layer, Quote, Scene
from layers.core.specs import REGION_BBOX
from layers.plan.view import ViewOptions, focus_bounds, is_visible
from layers.record.tours import MAX_CAPTION, MAX_TITLE, scene_id

MIN_SPAN = 0.2  # degrees: the smallest view a scene keeps (``parse_bounds``)


def _span(low: float, high: float, floor: float, ceiling: float) -> tuple[float, float]:
    """``low``–``high`` within ``floor``–``ceiling`` and at least ``MIN_SPAN`` wide."""
    low, high = max(low, floor), min(high, ceiling)
    if high - low < MIN_SPAN:
        middle = min(max((low + high) / 2, floor + MIN_SPAN), ceiling - MIN_SPAN)
        low, high = middle - MIN_SPAN / 2 - 0.01, middle + MIN_SPAN / 2 + 0.01
    return round(low, 4), round(high, 4)


def fitted_bounds(bounds: Bounds) -> Bounds:
    """``bounds`` kept inside the map region and at least ``MIN_SPAN`` across, so that the
    scene's file reads back (the map reports whatever the window shows)."""
    west, south, east, north = REGION_BBOX
    (s, w), (n, e) = bounds
    if not all(math.isfinite(v) for v in (s, w, n, e)):
        return (south, west), (north, east)
    s, n = _span(s, n, south, north)
    w, e = _span(w, e, west, east)
    return (s, w), (n, e)


def scene_from_view(
    title: str,
    caption: str,
    quotes: Sequence[Quote],
    highlight: Sequence[tuple[str, str]],
    layers: Sequence[Layer],
    options: ViewOptions,
    bounds: Bounds | None,
    taken: set[str],
) -> Scene:
    """A new scene of what ``options`` show in ``bounds`` (the map's view; None: the
    options' own view), with its own id (not in ``taken``)."""
    shown = frozenset(
        layer.key for layer in layers if layer.features and is_visible(layer, options)
    )
    view = bounds or options.bounds or focus_bounds(layers, options.focus)
    title = " ".join(title.split())[:MAX_TITLE]
    return Scene(
        id=scene_id(title, taken),
        title=title,
        caption=caption.strip()[:MAX_CAPTION],
        quotes=tuple(quotes[:2]),
        bounds=fitted_bounds(view),
        layers=shown,
        highlight=frozenset(mark for mark in highlight if mark[0] in shown),
        year=options.as_of_year,
        labels=options.show_labels,
        distances=options.show_distances,
        lang=options.lang,
        compare=None if options.compare is None else (options.compare.left, options.compare.right),
        marks=options.marks,
    )
