"""Build the folium map from loaded layers: styled features, popups, labels, distances, legend."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import folium
from folium.features import GeoJsonPopup, GeoJsonTooltip
from shapely.geometry import shape

from layers import chrome
from layers.distances import Measure, story_distances
from layers.loading import LoadedLayer
from layers.offline import make_offline
from layers.popups import escape, label_text, popup_html, tooltip_html
from layers.specs import PALETTE, REGION_BBOX, LayerSpec
from layers.validate import parse_date

Bounds = tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east))

# Focus views: which layers' extent each one fits, and the padding around it (degrees).
FOCUS_LAYERS: dict[str, tuple[tuple[str, ...], float]] = {
    "Whole region": ((), 0.0),
    "Disputed islands": (("disputed_islands", "island_settlements"), 0.35),
    "Sakhalin energy": (("sakhalin_energy",), 0.6),
    "Deployments": (("deployments",), 0.5),
}
# Optional online base maps: never needed, never on by default (each needs internet).
ONLINE_TILES: dict[str, tuple[str, str]] = {
    "OpenStreetMap (online)": (
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "&copy; OpenStreetMap contributors",
    ),
    "Light, CARTO (online)": (
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png",
        "&copy; OpenStreetMap contributors &copy; CARTO",
    ),
    "Satellite, Esri (online)": (
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "Tiles &copy; Esri",
    ),
}
WHOLE_REGION: Bounds = ((40.2, 135.0), (53.8, 155.0))


class AtlasMap(folium.Map):
    """A folium Map that knows its own view.

    ``get_bounds`` normally walks every coordinate of every layer in Python; st_folium
    calls it on each rerun only to report the view, which here is the fitted one.
    """

    fitted: Bounds = ((0.0, 0.0), (0.0, 0.0))

    def get_bounds(self) -> list[list[float]]:
        (south, west), (north, east) = self.fitted
        return [[south, west], [north, east]]


@dataclass(frozen=True)
class MapOptions:
    visible: frozenset[str] | None = None  # layer keys to show; None shows every default layer
    focus: str = "Whole region"
    lang: str = "en"
    show_labels: bool = True
    show_distances: bool = True
    title: str = "Frontier Atlas: the Russia–Japan frontier after 2022"
    as_of_year: int | None = None  # timeline: hide dated features reported after this year
    bounds: Bounds | None = None  # fit to these instead of the focus (a tour scene's view)
    highlight: frozenset[tuple[str, str]] = frozenset()  # (layer key, feature id) to stand out
    online_tiles: str | None = None  # a key of ONLINE_TILES, drawn under the layers


def shown_features(layer: LoadedLayer, as_of_year: int | None) -> list[dict]:
    """The layer's features dated no later than ``as_of_year`` (undated ones always)."""
    field = layer.spec.date_field
    if as_of_year is None or field is None:
        return list(layer.features)
    kept = []
    for feature in layer.features:
        date = parse_date(feature["properties"].get(field))
        if date is None or date.year <= as_of_year:
            kept.append(feature)
    return kept


def feature_years(layers: Iterable[LoadedLayer]) -> set[int]:
    """Years in which a dated feature of any layer was first reported."""
    years = set()
    for layer in layers:
        field = layer.spec.date_field
        for feature in layer.features if field else ():
            date = parse_date(feature["properties"].get(field))
            if date:
                years.add(date.year)
    return years


def slim_collection(
    layer: LoadedLayer, options: MapOptions, features: list[dict] | None = None
) -> dict:
    """The layer's features with only escaped display strings and the style key kept.

    Folium writes feature properties into the page; keeping just these pre-escaped
    fields means no raw text from a data file reaches the browser.
    """
    spec, lang = layer.spec, options.lang
    slimmed = []
    for feature in layer.features if features is None else features:
        props = feature["properties"] or {}
        slim: dict[str, object] = {
            "style_key": str(props.get(spec.style_by, "")),
            "highlight": (spec.key, props.get("id")) in options.highlight,
        }
        if spec.interactive:
            slim["popup_html"] = popup_html(spec, props, lang)
            slim["tooltip_html"] = tooltip_html(spec, props, lang)
        slimmed.append({"type": "Feature", "properties": slim, "geometry": feature["geometry"]})
    return {"type": "FeatureCollection", "features": slimmed}


def highlighted(style: dict[str, object], radius: float) -> dict[str, object]:
    """A feature the tour points at: heavier black outline, larger marker, stronger fill."""
    return style | {
        "color": PALETTE["black"],
        "weight": float(style["weight"]) + 1.5,
        "fillOpacity": max(float(style["fillOpacity"]), 0.75),
        "radius": radius * 1.6,
    }


def _style_function(spec: LayerSpec):
    styles = {key: variant.leaflet() for key, variant in spec.variants.items()}
    default = spec.style.leaflet()

    def style(feature: dict) -> dict[str, object]:
        props = feature["properties"]
        base = styles.get(props["style_key"], default)
        return highlighted(base, spec.style.radius) if props["highlight"] else base

    return style


def add_layer(fmap: folium.Map, layer: LoadedLayer, options: MapOptions) -> None:
    spec = layer.spec
    features = shown_features(layer, options.as_of_year)
    if not features:
        return
    group = folium.FeatureGroup(name=spec.title, show=True)
    geojson = folium.GeoJson(
        slim_collection(layer, options, features),
        name=spec.title,
        style_function=_style_function(spec),
        marker=folium.CircleMarker(radius=spec.style.radius),
        interactive=spec.interactive,
        smooth_factor=0.5,
    )
    if spec.interactive:
        GeoJsonPopup(
            fields=["popup_html"], labels=False, localize=False, max_width=420, class_name="fa-pop"
        ).add_to(geojson)
        GeoJsonTooltip(fields=["tooltip_html"], labels=False, localize=False, sticky=False).add_to(
            geojson
        )
    geojson.add_to(group)
    if options.show_labels and spec.label_field:
        markers = []
        for feature in features:
            props = feature["properties"]
            keep = (spec.key, props.get("id")) in options.highlight
            markers += label_markers(feature, label_text(props, options.lang), keep)
        chrome.Labels(markers).add_to(group)
    group.add_to(fmap)


def label_points(feature: dict) -> list[tuple[tuple[float, float], str]]:
    """Where a feature's label goes, as ((lat, lon), css classes) pairs.

    A point is labelled beside itself (hidden when zoomed far out). A shape is labelled
    inside itself; if it has a ``label_anchor``, that spot is used instead when zoomed far
    out, where the label would otherwise cover its neighbours.
    """
    geom = shape(feature["geometry"])
    if geom.geom_type == "Point":
        return [((geom.y, geom.x), "fa-label fa-label-pt")]
    if "LineString" in geom.geom_type:
        middle = geom.interpolate(0.5, normalized=True)
        return [((middle.y, middle.x), "fa-label fa-near-only")]
    if geom.geom_type == "MultiPolygon":
        geom = max(geom.geoms, key=lambda g: g.area)
    inside = geom.representative_point()
    anchor = feature["properties"].get("label_anchor")
    if isinstance(anchor, list) and len(anchor) == 2:
        return [
            ((inside.y, inside.x), "fa-label fa-near-only"),
            ((anchor[1], anchor[0]), "fa-label fa-far-only"),
        ]
    return [((inside.y, inside.x), "fa-label")]


def label_markers(feature: dict, text: str, keep: bool = False) -> list[tuple[float, float, str]]:
    """(lat, lon, html) of a feature's labels; ``keep`` shows it at every zoom (tour focus).

    Shapes with a far-zoom anchor already have a label at every zoom, so keep is moot there.
    """
    placements = label_points(feature)
    markers = []
    for (lat, lon), classes in placements:
        classes = f"{classes} fa-keep" if keep and len(placements) == 1 else classes
        markers.append((lat, lon, f'<div class="{classes}">{escape(text)}</div>'))
    return markers


def add_distances(fmap: folium.Map, measures: Iterable[Measure]) -> None:
    group = folium.FeatureGroup(name="Distances (WGS84 ellipsoid)")
    labels = []
    for m in measures:
        text = f"{m.km:.1f} km"
        folium.PolyLine(
            m.line(),
            color=PALETTE["black"],
            weight=2,
            dash_array="4 4",
            tooltip=escape(f"{m.label}: {text} (geodesic, WGS84)"),
        ).add_to(group)
        lat, lon = m.line()[len(m.line()) // 2]
        labels.append((lat, lon, f'<div class="fa-dist">{escape(text)}</div>'))
    chrome.Labels(labels).add_to(group)
    group.add_to(fmap)


def layer_bounds(layers: Iterable[LoadedLayer]) -> Bounds | None:
    xs, ys = [], []
    for layer in layers:
        for feature in layer.features:
            west, south, east, north = shape(feature["geometry"]).bounds
            xs += [west, east]
            ys += [south, north]
    if not xs:
        return None
    return (min(ys), min(xs)), (max(ys), max(xs))


def focus_bounds(layers: list[LoadedLayer], focus: str) -> Bounds:
    keys, pad = FOCUS_LAYERS.get(focus, ((), 0.0))
    bounds = layer_bounds(layer for layer in layers if layer.spec.key in keys) if keys else None
    if bounds is None:
        return WHOLE_REGION
    (south, west), (north, east) = bounds
    return (south - pad, west - pad), (north + pad, east + pad)


def is_visible(layer: LoadedLayer, options: MapOptions) -> bool:
    if options.visible is None:
        return layer.spec.default_on
    return layer.spec.key in options.visible


def build_map(
    layers: list[LoadedLayer],
    options: MapOptions | None = None,
    measures: list[Measure] | None = None,
) -> folium.Map:
    """One folium map of the given layers; needs no internet to display.

    ``measures`` are the distances to draw; computed from ``layers`` when not given.
    """
    options = options or MapOptions()
    west, south, east, north = REGION_BBOX
    fmap = AtlasMap(
        location=[46.0, 145.0],
        zoom_start=5,
        tiles=None,
        control_scale=True,
        minZoom=4,
        maxZoom=12,
        max_bounds=True,
        min_lat=south,
        max_lat=north,
        min_lon=west,
        max_lon=east,
        zoom_snap=0.25,
    )
    make_offline(fmap)
    if options.online_tiles in ONLINE_TILES:
        url, attribution = ONLINE_TILES[options.online_tiles]
        folium.TileLayer(url, attr=attribution, name=options.online_tiles, max_zoom=12).add_to(fmap)
    shown = [layer for layer in layers if layer.features and is_visible(layer, options)]
    for layer in shown:
        add_layer(fmap, layer, options)
    if options.show_distances:
        if measures is None:
            measures, _ = story_distances({lyr.spec.key: list(lyr.features) for lyr in layers})
        add_distances(fmap, measures)
    fmap.fitted = options.bounds or focus_bounds(layers, options.focus)
    chrome.fit_bounds(fmap, fmap.fitted)
    chrome.add_page_style(fmap)
    chrome.add_zoom_classes(fmap)
    chrome.add_legend(fmap, [layer.spec for layer in shown], options.show_distances)
    title = options.title + (f", as of {options.as_of_year}" if options.as_of_year else "")
    chrome.add_caption(fmap, title, sources_line(shown))
    return fmap


def sources_line(layers: Iterable[LoadedLayer]) -> str:
    """Short attribution for the map's caption; full sources are in each popup."""
    publishers = {
        source["publisher"]
        for layer in layers
        for feature in layer.features
        for source in feature["properties"].get("sources") or []
        if isinstance(source, dict) and isinstance(source.get("publisher"), str)
    }
    return (
        "Shoreline: GSHHG 2.3 (LGPL). Quotes: the commentary article, verbatim. "
        f"Other facts: {len(publishers)} publishers, cited in each popup."
    )
