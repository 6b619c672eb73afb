"""The web map: draws a ``View`` with folium, and nothing else.

Every feature's style, every label and the legend come from the view plan
(``layers.view``); this module only turns them into Leaflet objects.
"""

from __future__ import annotations

import folium
from folium.features import GeoJsonPopup, GeoJsonTooltip
from shapely.geometry import mapping

from layers import chrome
from layers.distances import Measure
from layers.offline import make_offline
from layers.popups import escape, popup_html, tooltip_html
from layers.specs import REGION_BBOX
from layers.view import DISTANCE_STYLE, Label, View, ViewLayer

# Optional online base maps: never needed, never on by default (each needs internet).
ONLINE_TILES: dict[str, tuple[str, str]] = {
    "osm": (
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "&copy; OpenStreetMap contributors",
    ),
    "carto-light": (
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png",
        "&copy; OpenStreetMap contributors &copy; CARTO",
    ),
    "esri-imagery": (
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "Tiles &copy; Esri",
    ),
}
LABEL_CLASSES = {"any": "fa-label", "near": "fa-label fa-near-only", "far": "fa-label fa-far-only"}


class AtlasMap(folium.Map):
    """A folium Map that knows its own view.

    ``get_bounds`` normally walks every coordinate of every layer in Python; st_folium
    calls it on each rerun only to report the view, which here is the fitted one.
    """

    fitted = ((0.0, 0.0), (0.0, 0.0))

    def get_bounds(self) -> list[list[float]]:
        (south, west), (north, east) = self.fitted
        return [[south, west], [north, east]]


def layer_collection(layer: ViewLayer, lang: str) -> dict:
    """The layer's features as GeoJSON with only escaped display strings and a style.

    Folium writes feature properties into the page; keeping just these pre-escaped
    fields means no raw text from a data file reaches the browser.
    """
    title = layer.spec.title
    features = []
    for drawn in layer.features:
        props: dict[str, object] = {"style": drawn.style.leaflet()}
        if layer.spec.interactive:
            props["popup_html"] = popup_html(drawn.feature, title, lang)
            props["tooltip_html"] = tooltip_html(drawn.feature, title, lang)
        geometry = mapping(drawn.feature.geometry)
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def _own_style(feature: dict) -> dict[str, object]:
    return feature["properties"]["style"]


def label_marker(label: Label) -> tuple[float, float, str]:
    """(lat, lon, html) of one label; point labels sit beside their point."""
    classes = LABEL_CLASSES[label.zoom] + (" fa-label-pt" if label.kind == "point" else "")
    return label.lat, label.lon, f'<div class="{classes}">{escape(label.text)}</div>'


def add_layer(fmap: folium.Map, layer: ViewLayer, lang: str) -> None:
    spec = layer.spec
    group = folium.FeatureGroup(name=spec.title, show=True)
    geojson = folium.GeoJson(
        layer_collection(layer, lang),
        name=spec.title,
        style_function=_own_style,
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
    if layer.labels:
        chrome.Labels([label_marker(label) for label in layer.labels]).add_to(group)
    group.add_to(fmap)


def distance_text(measure: Measure) -> str:
    return f"{measure.km:.1f} km"


def add_distances(fmap: folium.Map, measures: tuple[Measure, ...]) -> None:
    group = folium.FeatureGroup(name="Distances (WGS84 ellipsoid)")
    labels = []
    for m in measures:
        line = m.line()
        folium.PolyLine(
            line,
            color=DISTANCE_STYLE.color,
            weight=DISTANCE_STYLE.weight,
            dash_array=DISTANCE_STYLE.dash_array,
            tooltip=escape(f"{m.label}: {distance_text(m)} (geodesic, WGS84)"),
        ).add_to(group)
        lat, lon = line[len(line) // 2]
        labels.append((lat, lon, f'<div class="fa-dist">{escape(distance_text(m))}</div>'))
    chrome.Labels(labels).add_to(group)
    group.add_to(fmap)


def new_map() -> AtlasMap:
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
    return make_offline(fmap)


def build_map(view: View) -> folium.Map:
    """The folium map of ``view``; needs no internet to display."""
    fmap = new_map()
    if view.online_tiles in ONLINE_TILES:
        url, attribution = ONLINE_TILES[view.online_tiles]
        folium.TileLayer(url, attr=attribution, name=view.online_tiles, max_zoom=12).add_to(fmap)
    for layer in view.layers:
        add_layer(fmap, layer, view.lang)
    if view.distances:
        add_distances(fmap, view.distances)
    fmap.fitted = view.bounds
    chrome.fit_bounds(fmap, view.bounds)
    chrome.add_page_style(fmap)
    chrome.add_zoom_classes(fmap)
    chrome.add_legend(fmap, view.legend)
    chrome.add_caption(fmap, view.title, view.sources_line)
    return fmap
