"""A scene from the view on screen: what the map shows, in bounds a tour file reads back."""

from __future__ import annotations

import json
from dataclasses import replace

from layers.core.records import Quote
from layers.plan.authoring import fitted_bounds, scene_from_view
from layers.plan.tour import scene_view
from layers.plan.view import ViewOptions, scene_options
from layers.record.scenes import parse_bounds
from layers.record.tours import Tour, layer_ids, read_tour, tour_bytes


def test_bounds_from_any_window_fit_the_region_and_read_back():
    for window in [
        ((10, 100), (70, 170)),
        ((43.5, 145.5), (43.5, 145.5)),
        ((24, 120), (24, 120)),
        ((float("nan"), 140), (45, 150)),
        ((60.99, 165.99), (61.5, 170)),
    ]:
        bounds = fitted_bounds(window)
        assert parse_bounds([list(bounds[0]), list(bounds[1])]) == bounds
    assert fitted_bounds(((10, 100), (70, 170))) == ((24.0, 120.0), (61.0, 166.0))


def test_a_scene_keeps_what_is_on_screen(shipped_atlas):
    options = ViewOptions(
        visible=frozenset({"hokkaido", "disputed_islands", "history"}),
        as_of_year=1956,
        show_labels=False,
        show_distances=True,
        lang="ja",
    )
    quote = Quote("Since the end of WWII the two have been held in an uneasy diplomatic limbo.", 1)
    scene = scene_from_view(
        "  Borders   1855–1956 ",
        "Why.",
        [quote],
        [("history", "shimoda_1855"), ("deployments", "x")],
        shipped_atlas.layers,
        options,
        ((42.0, 139.0), (47.0, 150.0)),
        {"borders-1855-1956"},
    )
    assert scene.id == "borders-1855-1956-2"
    assert scene.title == "Borders 1855–1956"
    assert scene.layers == {"hokkaido", "disputed_islands", "history"}
    assert scene.highlight == {("history", "shimoda_1855")}
    assert (scene.year, scene.labels, scene.distances) == (1956, False, True)
    assert scene.lang == "ja"
    assert scene.bounds == ((42.0, 139.0), (47.0, 150.0))
    tour = Tour((scene,))
    assert read_tour(tour_bytes(tour), shipped_atlas.article, layer_ids(shipped_atlas)) == (
        tour,
        [],
    )
    assert json.loads(tour_bytes(tour))["scenes"][0]["year"] == 1956
    assert json.loads(tour_bytes(tour))["scenes"][0]["lang"] == "ja"


def test_a_scene_saved_in_japanese_shows_japanese_names_whatever_the_reader_chose(
    shipped_atlas,
):
    (first, *_) = shipped_atlas.scenes  # the frozen dispute: the four islands, labelled
    saved = replace(first, lang="ja")
    for reader in ("en", "ru"):
        options = scene_options(saved, ViewOptions(lang=reader))
        assert options.lang == "ja"
        view = scene_view(shipped_atlas, saved, ViewOptions(lang=reader))
        assert view.lang == "ja"
        labels = {label.text for layer in view.layers for label in layer.labels}
        assert "択捉島" in labels  # Etorofu, as geodata/disputed_islands.geojson names it
        assert "Итуруп" not in labels
        assert scene_options(first, ViewOptions(lang=reader)).lang == reader  # ours: theirs
