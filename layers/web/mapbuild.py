"""The web map: draws a ``View`` with folium, and nothing else.

Every feature's style, every label and the legend come from the view plan
(``layers.plan.view``); this module only turns them into Leaflet objects.
"""

from __future__ import annotations

from collections.abc import Sequence

import folium
from folium.features import GeoJsonPopup, GeoJsonTooltip
from shapely.geometry import mapping

from layers.core.records import Layer
from layers.core.specs import REGION_BBOX
from layers.core.text import escape
from layers.plan.label_placement import MAX_ZOOM, MIN_ZOOM, distance_anchor, distance_text
from layers.plan.view import (
    DISTANCE_STYLE,
    DISTANCES,
    Label,
    View,
    ViewLayer,
    ViewOptions,
    plan_view,
)
from layers.record.distances import Measure
from layers.web import a11y, chrome
from layers.web.compare import add_compare
from layers.web.fold import add_legend_fold
from layers.web.labels import add_label_placement
from layers.web.marks import add_mark_tools
from layers.web.offline import make_offline
from layers.web.phone import add_phone_css
from layers.web.popups import in_each_language, popup_html, tooltip_html
from layers.web.presenter import add_presenter
from layers.web.screen import add_map_fill
from layers.web.steering import ClientState, Register, Steering, client_state, everything

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
# Points above lines above areas, whatever the layer order (a click on Prigorodnoye opens
# Prigorodnoye, not the pipeline through it): Leaflet panes between its overlay pane (400,
# areas stay there) and its marker pane (600, the labels). The figure draws in that order too.
PANES = {"line": ("fa-lines", 410), "point": ("fa-points", 420)}
# A popup scrolls inside itself beyond this height, so the whole of it (its heading first)
# fits the map (at least layers.web.screen.MIN_PX; 700 px where a page leaves its height
# alone) and Leaflet's auto-pan can bring it into view.
POPUP_MAX_HEIGHT_PX = 400


class AtlasMap(folium.Map):
    """A folium Map that knows its own view.

    ``get_bounds`` normally walks every coordinate of every layer in Python; st_folium
    calls it on each rerun only to report the view, which here is the fitted one.
    """

    fitted = ((0.0, 0.0), (0.0, 0.0))

    def get_bounds(self) -> list[list[float | None]]:
        (south, west), (north, east) = self.fitted
        return [[south, west], [north, east]]


def layer_collection(layer: ViewLayer) -> dict:
    """The layer's features as GeoJSON with only what the browser needs: escaped popup and
    tooltip HTML (every language), id, year (and the year it ended), and the plain and
    highlighted style.

    Folium writes feature properties into the page; keeping just these pre-escaped
    fields means no raw text from a data file reaches the browser.
    """
    title = layer.spec.title
    features = []
    for drawn in layer.features:
        feature = drawn.feature
        props: dict[str, object] = {
            "id": feature.id,
            "years": feature.years(),  # the timeline's span, both ends included
            "style": drawn.style.leaflet(),
            "hl": drawn.style.highlighted().leaflet(),
        }
        if layer.spec.interactive:
            props["popup_html"] = popup_html(feature, title)
            props["tooltip_html"] = tooltip_html(feature, title)
        geometry = mapping(feature.geometry)
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def label_marker(label: Label, year: tuple | None = None) -> tuple:
    """(lat, lon, html, feature id, (start year, end year), keepable) of one label, in every
    language (the map shows the reader's); point labels sit beside their point. A keepable
    label shows at every zoom while its feature is highlighted (a shape's labels already do)."""
    classes = LABEL_CLASSES[label.zoom] + (" fa-label-pt" if label.kind == "point" else "")
    html = f'<div class="{classes}">{in_each_language(dict(label.texts))}</div>'
    keepable = label.zoom == "near" and label.kind != "area"
    return label.lat, label.lon, html, label.fid, year, keepable


def add_layer(fmap: folium.Map, layer: ViewLayer) -> None:
    spec = layer.spec
    group = folium.FeatureGroup(name=spec.title, show=True)
    marker = folium.CircleMarker(radius=spec.style.radius)
    marker.options["pane"] = PANES["point"][0]  # folium's path options leave ``pane`` out
    lines_pane = PANES["line"][0] if "area" not in spec.kinds else None
    geojson = folium.GeoJson(
        layer_collection(layer),
        name=spec.title,
        marker=marker,
        interactive=spec.interactive,
        smooth_factor=0.5,
        pane=lines_pane,
    )
    if spec.interactive:
        GeoJsonPopup(
            fields=["popup_html"],
            labels=False,
            localize=False,
            max_width=420,
            max_height=POPUP_MAX_HEIGHT_PX,
            class_name="fa-pop",
        ).add_to(geojson)
        GeoJsonTooltip(fields=["tooltip_html"], labels=False, localize=False, sticky=False).add_to(
            geojson
        )
    geojson.add_to(group)
    labels = None
    if layer.labels:
        years = {d.feature.id: d.feature.years() for d in layer.features}
        labels = chrome.Labels([label_marker(lab, years.get(lab.fid)) for lab in layer.labels])
        labels.add_to(group)
    labels_name = labels.get_name() if labels is not None else None
    Register(spec.key, geojson.get_name(), labels_name).add_to(group)
    group.add_to(fmap)


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
        lat, lon = distance_anchor(m)
        html = f'<div class="fa-dist">{escape(distance_text(m))}</div>'
        labels.append((lat, lon, html, "", None, False))
    markers = chrome.Labels(labels)
    markers.add_to(group)
    Register(DISTANCES, None, markers.get_name()).add_to(group)
    group.add_to(fmap)


def new_map() -> AtlasMap:
    west, south, east, north = REGION_BBOX
    fmap = AtlasMap(
        location=[46.0, 145.0],
        zoom_start=5,
        tiles=None,
        control_scale=True,
        minZoom=MIN_ZOOM,
        maxZoom=MAX_ZOOM,
        max_bounds=True,
        min_lat=south,
        max_lat=north,
        min_lon=west,
        max_lon=east,
        zoom_snap=0.25,
    )
    return make_offline(fmap)


def build_map(view: View, state: ClientState) -> folium.Map:
    """The folium map of ``view`` (usually every layer), first showing ``state``
    (``layers.plan.view.client_state``); needs no internet to display."""
    fmap = new_map()
    for name, z_index in PANES.values():
        folium.map.CustomPane(name, z_index, pointer_events=True).add_to(fmap)
    for layer in view.layers:
        add_layer(fmap, layer)
    if view.distances:
        add_distances(fmap, view.distances)
    (south, west), (north, east) = state["fit"]["bounds"]
    fmap.fitted = ((south, west), (north, east))
    chrome.add_page_style(fmap)
    chrome.add_zoom_classes(fmap)
    chrome.add_legend(fmap, view.legend)
    chrome.add_caption(fmap, state["title"], view.sources_line, view.data_as_of)
    add_label_placement(fmap)
    add_legend_fold(fmap)
    add_phone_css(fmap)
    add_compare(fmap)
    add_map_fill(fmap)
    Steering(state, ONLINE_TILES).add_to(fmap)
    add_mark_tools(fmap)
    add_presenter(fmap)
    a11y.add_keyboard(fmap)
    return fmap


def atlas_map(
    layers: Sequence[Layer], measures: Sequence[Measure], options: ViewOptions
) -> folium.Map:
    """The web map of these layers, showing what ``options`` choose."""
    state = client_state(layers, options, measures=measures)
    return build_map(plan_view(layers, everything(layers), measures), state)
