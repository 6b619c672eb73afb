"""The page address carries the view: which keys, which values are valid, and how they read.

An explorer's address holds the layers shown, the timeline's year, the place names' language
and the map's view, e.g. ``?layers=deployments,islands&year=2022&lang=ja&view=43.6,145.5,8``,
so that a link in an email shows what the sender saw. What comes from an address is
untrusted: ``read_address`` keeps what it knows and may show, and ignores every other key and
value without a word (it never raises); ``address_params`` writes what ``read_address`` reads.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from layers.core.records import LANGUAGES, Event, Layer
from layers.core.specs import REGION_BBOX
from layers.plan.label_placement import MAX_ZOOM, MIN_ZOOM
from layers.plan.view import feature_years

LAYERS, YEAR, LANG, VIEW = "layers", "year", "lang", "view"
KEYS = (LAYERS, YEAR, LANG, VIEW)  # the keys an explorer's address holds (``scene``: a tour's)
MAX_VALUE = 2000  # characters: a longer value is not read at all
DEGREE_PLACES = 4  # a view's centre to ~11 m
ZOOM_PLACES = 2  # the map snaps its zoom to quarters


@dataclass(frozen=True)
class MapView:
    """The map's centre (degrees) and zoom, inside the map's region and zoom range."""

    lat: float
    lon: float
    zoom: float


@dataclass(frozen=True)
class Address:
    """What an address asks for; ``None``: it does not say (or said nothing valid)."""

    layers: frozenset[str] | None = None
    year: int | None = None
    lang: str | None = None
    view: MapView | None = None


def timeline_years(layers: Iterable[Layer], events: Iterable[Event]) -> list[int]:
    """The years the timeline offers (its last one is now), oldest first."""
    return sorted(feature_years(layers) | {event.year for event in events}) or [0]


def map_view(lat: float, lon: float, zoom: float) -> MapView | None:
    """The view, if it is one the map can show (finite, in its region and zoom range)."""
    west, south, east, north = REGION_BBOX
    if not all(math.isfinite(x) for x in (lat, lon, zoom)):
        return None
    if not (south <= lat <= north and west <= lon <= east and MIN_ZOOM <= zoom <= MAX_ZOOM):
        return None
    return MapView(round(lat, DEGREE_PLACES), round(lon, DEGREE_PLACES), round(zoom, ZOOM_PLACES))


def read_view(text: str) -> MapView | None:
    """``"lat,lon,zoom"``, or None if it is not a view the map can show."""
    parts = text.split(",")
    if len(text) > 100 or len(parts) != 3:
        return None
    try:
        lat, lon, zoom = (float(part) for part in parts)
    except ValueError:
        return None
    return map_view(lat, lon, zoom)


def read_layers(text: str, known: Collection[str]) -> frozenset[str] | None:
    """The known layer keys of a comma-separated list; an empty list shows no layer, a list
    of nothing known says nothing."""
    asked = [key for key in text.split(",") if key]
    shown = frozenset(key for key in asked if key in known)
    return shown if shown or not asked else None


def read_year(text: str, years: Collection[int]) -> int | None:
    digits = text.strip()
    if not (0 < len(digits) <= 6 and digits.isascii() and digits.isdigit()):
        return None
    year = int(digits)
    return year if year in years else None


def read_address(
    params: Mapping[str, str], layer_keys: Collection[str], years: Collection[int]
) -> Address:
    """What ``params`` (an address's query, one value per key) asks for, among the layers
    ``layer_keys`` and the timeline's ``years``; anything else in it is ignored."""

    def value(key: str) -> str | None:
        text = params.get(key)
        return text if isinstance(text, str) and len(text) <= MAX_VALUE else None

    layers, year, lang, view = (value(key) for key in KEYS)
    return Address(
        layers=None if layers is None else read_layers(layers, layer_keys),
        year=None if year is None else read_year(year, years),
        lang=lang if lang in LANGUAGES else None,
        view=None if view is None else read_view(view),
    )


def number_text(x: float, places: int) -> str:
    """``x`` to ``places`` decimals, without trailing zeros (``145.5``, ``8``)."""
    text = f"{x:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in {"", "-0"} else text


def address_params(address: Address) -> dict[str, str | None]:
    """The address's query for ``address``: each key's value, or None for a key it drops."""
    view = address.view
    return {
        LAYERS: None if address.layers is None else ",".join(sorted(address.layers)),
        YEAR: None if address.year is None else str(address.year),
        LANG: address.lang,
        VIEW: None
        if view is None
        else ",".join(
            [
                number_text(view.lat, DEGREE_PLACES),
                number_text(view.lon, DEGREE_PLACES),
                number_text(view.zoom, ZOOM_PLACES),
            ]
        ),
    }
