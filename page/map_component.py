"""The one adapter for streamlit-folium: the only module that touches its private names.

``st_folium`` renders and walks the whole map on every run (~1.4 MB of HTML here). The atlas
builds the map once per data version, so it makes the component's arguments once
(``component_args``, cached by the caller) and sends the same arguments on every run
(``show``). ``tests/page/test_map_component.py`` checks that these arguments are those the
public ``st_folium`` makes for the same map, so a version of streamlit-folium that changes
them fails in CI, not in front of a class.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import folium
import streamlit_folium
from streamlit_folium import _component_func, _get_header, _get_html, _get_map_string

from layers.plan.address import MapView, map_view
from layers.web import linked

# The map's height until the page's style sizes it to the window (layers.web.screen): that
# style comes just after the first paint (Streamlit writes st.html late), so this is near
# a phone's map in the tour (390x844: 540 px), where the text under the map would move most.
MAP_HEIGHT = 540
COMPONENT_KEY = "atlas"  # the key st_folium would be given
# a pan or zoom reports the view (for the exports and the address); a drawn, edited or
# deleted mark, the marks
RETURNED = ["bounds", "center", "zoom", "all_drawings"]
FOLIUM_FRAME = 'iframe[src*="/component/streamlit_folium."]'  # the map's frame in the page

Bounds = tuple[tuple[float, float], tuple[float, float]]


class Report(NamedTuple):
    """What the map element reports: its bounds, its centre and zoom (as a view the map
    can show), and the reader's marks, each None until it reports them."""

    bounds: Bounds | None
    view: MapView | None
    # the marks: GeoJSON features as the browser sent them (untrusted:
    # ``layers.record.marks.parse_marks``), or None before the reader has drawn anything
    drawings: object = None


def component_args(fmap: folium.Map, height: int = MAP_HEIGHT) -> dict[str, Any]:
    """streamlit-folium's component arguments for ``fmap``, as ``st_folium(fmap,
    key=COMPONENT_KEY, height=height, use_container_width=True, returned_objects=RETURNED)``
    makes them (but ``on_change``, which the atlas does not use)."""
    fmap.get_root().render()
    html, header = _get_html(fmap), _get_header(fmap)
    script = _get_map_string(fmap)  # after the two above: it alters the map's structure
    (south, west), (north, east) = fmap.get_bounds()
    corners = {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}
    return {
        "script": script,
        "header": header,
        "html": html,
        "id": streamlit_folium.get_full_id(fmap),
        "key": streamlit_folium.generate_js_hash(script, COMPONENT_KEY, False),
        "height": height,
        "width": None,
        "returned_objects": RETURNED,
        "default": {  # st_folium's first value, of what the map returns (no centre)
            key: value
            for key, value in {
                "bounds": corners,
                "zoom": fmap.options.get("zoom"),
                "all_drawings": None,
            }.items()
            if key in RETURNED
        },
        "zoom": None,
        "center": None,
        "feature_group": None,
        "return_on_hover": False,
        "layer_control": None,
        "pixelated": False,
        "css_links": _links(fmap, "default_css"),
        "js_links": _links(fmap, "default_js"),
        "wrap_longitude": False,
    }


def by_reference(
    args: dict[str, Any], script: bool = True
) -> tuple[dict[str, Any], list[linked.File]]:
    """``args`` for the live page: Leaflet, the carried font and (with ``script``) the
    map's script as content-named files (``layers.web.linked``), which the caller has the
    app serve (``live.map_files.register``); the element loads them before it runs."""
    files = [linked.leaflet_file(), linked.font_file()]
    out = dict(args, header=linked.without_fonts(args["header"]))
    js = [linked.leaflet_file().url]
    if script:
        code = linked.script_file(args["script"])
        files.append(code)
        js.append(code.url)
        out["script"] = linked.script_call()
    out["js_links"] = js
    out["css_links"] = [*args["css_links"], linked.font_file().url]
    return out, files


def _links(fmap: folium.Map, kind: str) -> list[str]:
    """Every element's scripts or stylesheets (``default_js``, ``default_css``), once each,
    in the order ``st_folium`` loads them (the atlas's map: only its inlined Leaflet)."""
    found: list[str] = []

    def walk(element: Any) -> None:
        found.extend(link for _, link in getattr(element, kind, []))
        for child in getattr(element, "_children", {}).values():
            walk(child)

    walk(fmap)
    return list(dict.fromkeys(found))


def show(args: dict[str, Any]) -> Report:
    """Draw the map element; the view it reports, if any, and the marks drawn on it."""
    value = _component_func(**args) or {}
    drawings = value.get("all_drawings") if isinstance(value, dict) else None
    return Report(_bounds(value), _view(value), drawings)


def _bounds(value: Any) -> Bounds | None:
    try:
        sw, ne = value["bounds"]["_southWest"], value["bounds"]["_northEast"]
        return (float(sw["lat"]), float(sw["lng"])), (float(ne["lat"]), float(ne["lng"]))
    except (KeyError, TypeError, ValueError):
        return None


def _view(value: Any) -> MapView | None:
    try:
        centre = value["center"]
        return map_view(float(centre["lat"]), float(centre["lng"]), float(value["zoom"]))
    except (KeyError, TypeError, ValueError):
        return None
