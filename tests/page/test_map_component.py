"""The one adapter for streamlit-folium (``page.map_component``) hands the component the
same arguments as the public ``st_folium`` does for the same map: a streamlit-folium release
that changes them fails here, not in front of a class."""

from __future__ import annotations

import copy

import folium
import pytest
import streamlit_folium

from layers.plan.address import MapView
from layers.plan.view import ViewOptions
from layers.web.mapbuild import atlas_map
from page import map_component


def public_arguments(monkeypatch: pytest.MonkeyPatch, fmap: folium.Map) -> dict:
    """What ``st_folium`` hands its component for ``fmap``, called as the page would."""
    seen: dict = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: seen.update(kwargs))
    streamlit_folium.st_folium(
        fmap,
        key=map_component.COMPONENT_KEY,
        height=map_component.MAP_HEIGHT,
        use_container_width=True,
        returned_objects=map_component.RETURNED,
    )
    assert seen, "st_folium no longer calls _component_func: the adapter needs a look"
    return seen


@pytest.mark.parametrize("options", [ViewOptions(), ViewOptions(focus="islands", lang="ja")])
def test_the_adapter_makes_what_st_folium_makes(monkeypatch, shipped_atlas, options):
    fmap = atlas_map(shipped_atlas.layers, shipped_atlas.measures, options)
    ours = map_component.component_args(copy.deepcopy(fmap))  # the same map, element ids
    theirs = public_arguments(monkeypatch, copy.deepcopy(fmap))  # and all: each call alters it
    assert set(theirs) - {"on_change"} == set(ours)
    for name in sorted(ours):
        assert ours[name] == theirs[name], f"argument {name!r} differs from st_folium's"


def test_a_plain_folium_map_too(monkeypatch):
    """Nothing of the atlas: any map (with a CDN script of its own) goes through alike."""
    fmap = folium.Map(location=(43.5, 145.5), zoom_start=7, tiles=None)
    folium.CircleMarker((43.5, 145.5), radius=5).add_to(fmap)
    ours = map_component.component_args(copy.deepcopy(fmap))  # the same map, element ids
    theirs = public_arguments(monkeypatch, copy.deepcopy(fmap))  # and all: each call alters it
    assert set(theirs) - {"on_change"} == set(ours)
    for name in sorted(ours):
        assert ours[name] == theirs[name], f"argument {name!r} differs from st_folium's"
    assert any("leaflet" in link for link in ours["js_links"])


def test_show_reads_the_reported_view(monkeypatch):
    reported = {
        "bounds": {"_southWest": {"lat": 43, "lng": 145}, "_northEast": {"lat": 44, "lng": 146.5}}
    }
    monkeypatch.setattr(map_component, "_component_func", lambda **kwargs: reported)
    assert map_component.show({}) == (((43.0, 145.0), (44.0, 146.5)), None, None)
    reported |= {"center": {"lat": 43.61234, "lng": 145.5}, "zoom": 8.25}
    assert map_component.show({}).view == MapView(43.6123, 145.5, 8.25)


@pytest.mark.parametrize(
    "reported",
    [
        None,
        {},
        {"center": None, "zoom": 8},
        {"center": {"lat": "x", "lng": 145}, "zoom": 8},
        {"center": {"lat": 43, "lng": 145}, "zoom": 30},  # beyond the map's zoom range
        {"center": {"lat": -60, "lng": 145}, "zoom": 8},  # outside the map's region
    ],
)
def test_show_ignores_a_view_the_map_cannot_have(monkeypatch, reported):
    monkeypatch.setattr(map_component, "_component_func", lambda **kwargs: reported)
    assert map_component.show({}).view is None


def test_show_reads_the_drawings_as_sent(monkeypatch):
    drawings = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [145, 43]}}]
    monkeypatch.setattr(
        map_component, "_component_func", lambda **kwargs: {"all_drawings": drawings}
    )
    assert map_component.show({}).drawings == drawings
    monkeypatch.setattr(map_component, "_component_func", lambda **kwargs: None)
    assert map_component.show({}).drawings is None
