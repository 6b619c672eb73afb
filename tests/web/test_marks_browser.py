"""The marks plug-in in Chromium, without the app: its geodesic length and area against
pyproj.Geod (within 0.1 %; a sphere is 0.2-0.3 % off here), and the HTML export of a view
with marks drawing them, labels shown literally."""

from __future__ import annotations

import random

import pytest
from pyproj import Geod

from layers.core.records import Mark
from layers.exports import html_bytes
from layers.plan.view import ViewOptions
from layers.web.mapscript import script_text

pytestmark = pytest.mark.browser

GEOD = Geod(ellps="WGS84")
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> $x$ **b**"


def random_paths(count: int) -> list[list[list[float]]]:
    """[lat, lon] paths of 2-5 points inside the atlas's region."""
    rng = random.Random(24)  # noqa: S311 (test positions, not secrets)
    return [
        [[rng.uniform(40, 55), rng.uniform(135, 160)] for _ in range(rng.randint(2, 5))]
        for _ in range(count)
    ]


def test_geodesic_lengths_and_areas_match_pyproj(chromium, tmp_path):
    page = chromium.new_page()
    try:
        page.set_content(f"<script>{script_text('marks.js')}</script>")
        paths = [[[43.385, 145.817], [43.713, 145.571]], *random_paths(60)]
        lengths = page.evaluate("(ps) => ps.map(p => atlas.geodesic.km(p))", paths)
        for path, km in zip(paths, lengths, strict=True):
            lats, lons = zip(*path, strict=True)
            truth = GEOD.line_length(lons, lats) / 1000
            assert abs(km - truth) <= 0.001 * truth, (path, km, truth)
        rng = random.Random(7)  # noqa: S311 (test positions, not secrets)
        rings = []
        for _ in range(40):  # small quadrilaterals (0.1-2 degrees), as a reader draws them
            lat, lon, d = rng.uniform(41, 54), rng.uniform(136, 158), rng.uniform(0.1, 2)
            rings.append(
                [[lat, lon], [lat, lon + d], [lat + d * 0.7, lon + d], [lat + d * 0.6, lon]]
            )
        areas = page.evaluate("(rs) => rs.map(r => atlas.geodesic.km2(r))", rings)
        for ring, km2 in zip(rings, areas, strict=True):
            lats, lons = zip(*ring, strict=True)
            truth = abs(GEOD.polygon_area_perimeter(lons, lats)[0]) / 1e6
            assert abs(km2 - truth) <= 0.001 * truth, (ring, km2, truth)
    finally:
        page.close()


def test_the_html_export_draws_the_marks(chromium, shipped_atlas, tmp_path):
    marks = (
        Mark("l", "line", ((145.817, 43.385), (145.571, 43.713)), "#0072B2", True, True, HOSTILE),
        Mark("t", "text", ((145.3, 43.6),), "#CC79A7", label=HOSTILE),
    )
    path = tmp_path / "map.html"
    path.write_bytes(html_bytes(shipped_atlas, ViewOptions(marks=marks)))
    page = chromium.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(path.as_uri())
        page.wait_for_function("() => window.drawnItems && drawnItems.getLayers().length === 2")
        features = page.evaluate("() => drawnItems.toGeoJSON().features")
        assert [f["geometry"]["coordinates"] for f in features] == [
            [[145.817, 43.385], [145.571, 43.713]],
            [145.3, 43.6],
        ]
        assert page.locator(".fa-mark-label").inner_text() == HOSTILE
        assert page.locator(".fa-mark-text").inner_text() == HOSTILE
        assert page.locator(".leaflet-marker-pane img, .fa-mark-tip img").count() == 0
        metres = GEOD.inv(145.817, 43.385, 145.571, 43.713)[2]
        assert page.locator(".fa-mark-measure").inner_text() == (
            f"{metres / 1000:.1f} km ({metres / 1852:.1f} nmi)"
        )
        dashes = page.evaluate(
            "() => drawnItems.getLayers()[0]._path.getAttribute('stroke-dasharray')"
        )
        assert dashes == "8 6"
        arrow = page.evaluate("() => drawnItems.getLayers()[0]._path.getAttribute('marker-end')")
        assert arrow
        assert arrow.startswith("url(#fa-arrow-")
        assert errors == []
    finally:
        page.close()
