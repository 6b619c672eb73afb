"""What a scene's view is about: its frame for a wide screen, its subject for a narrow one.

A scene's bounds frame its whole story on a projector; on a phone's narrow map the same
bounds leave the subject tiny. ``subject_bounds`` gives the part to fit there: the
highlighted features' extent, padded and never smaller than ``MIN_SPAN_DEG`` (two points a
few km apart still show their surroundings), kept inside the frame; a scene that highlights
nothing (or nothing drawn) gives the centre part of its frame. The browser picks between
the two by the map's width (``layers/web/static/steering.js``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from layers.core.records import Bounds, Layer

PAD_FRACTION = 0.15  # of the subject's extent, on each side: nothing touches the map's edge
MIN_SPAN_DEG = 1.5  # the least extent of a subject, in degrees of latitude and of longitude
CENTRE_FRACTION = 0.6  # of the frame's extent: the subject of a scene that highlights nothing


def highlighted_extent(
    layers: Sequence[Layer], highlight: Iterable[tuple[str, str]]
) -> Bounds | None:
    """The extent of the highlighted features ((layer key, feature id)), or None when none
    of them is among ``layers``."""
    wanted = set(highlight)
    boxes = [
        f.geometry.bounds for layer in layers for f in layer.features if (layer.key, f.id) in wanted
    ]
    if not boxes:
        return None
    west, south, east, north = zip(*boxes, strict=True)
    return (min(south), min(west)), (max(north), max(east))


def _grown(low: float, high: float, fraction: float, least: float) -> tuple[float, float]:
    """``low``..``high`` padded by ``fraction`` of its length on each side, then widened
    around its centre to at least ``least``."""
    pad = (high - low) * fraction
    low, high = low - pad, high + pad
    if high - low < least:
        middle = (low + high) / 2
        low, high = middle - least / 2, middle + least / 2
    return low, high


def _inside(low: float, high: float, frame_low: float, frame_high: float) -> tuple[float, float]:
    """``low``..``high`` moved (or, if longer, cut) to lie within ``frame_low``..``frame_high``."""
    if high - low >= frame_high - frame_low:
        return frame_low, frame_high
    shift = max(0.0, frame_low - low) - max(0.0, high - frame_high)
    return low + shift, high + shift


def centre_part(frame: Bounds, fraction: float = CENTRE_FRACTION) -> Bounds:
    """The middle ``fraction`` of ``frame`` in each direction."""
    (south, west), (north, east) = frame
    cut_ns, cut_ew = (north - south) * (1 - fraction) / 2, (east - west) * (1 - fraction) / 2
    return (south + cut_ns, west + cut_ew), (north - cut_ns, east - cut_ew)


def subject_bounds(
    layers: Sequence[Layer], highlight: Iterable[tuple[str, str]], frame: Bounds
) -> Bounds:
    """The part of ``frame`` a narrow map fits: the highlighted features' extent (padded,
    at least ``MIN_SPAN_DEG`` each way, within the frame), or the frame's centre part."""
    extent = highlighted_extent(layers, highlight)
    if extent is None:
        return centre_part(frame)
    (south, west), (north, east) = extent
    (f_south, f_west), (f_north, f_east) = frame
    south, north = _inside(*_grown(south, north, PAD_FRACTION, MIN_SPAN_DEG), f_south, f_north)
    west, east = _inside(*_grown(west, east, PAD_FRACTION, MIN_SPAN_DEG), f_west, f_east)
    return (south, west), (north, east)
