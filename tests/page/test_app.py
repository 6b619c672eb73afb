"""The page under streamlit.testing.v1.AppTest: it runs, and each widget does what it says."""

import json
import re
import shutil

import pytest

from harness.paths import DATA_DIR
from layers.core.paths import GEODATA_DIR


@pytest.fixture(scope="module")
def app(new_app_test):
    at = new_app_test()
    return at.run()


def test_page_runs_without_exceptions_and_draws_the_map(app, map_script):
    assert not app.exception
    assert app.title[0].value == "Frontier Atlas: the Russia–Japan frontier after 2022"
    assert not app.error
    script = map_script(app)
    assert "L.map(" in script
    assert "Kunashiri / Kunashir" in script


def test_map_needs_no_cdn_and_returns_only_its_view_and_marks(app):
    (component,) = app.get("component_instance")
    args = json.loads(component.proto.json_args)
    # kept for the exports and the address; the marks
    assert args["returned_objects"] == ["bounds", "center", "zoom", "all_drawings"]
    # Leaflet and the map's code, then the carried font: files of this server, by content
    assert [re.sub(r"\.[0-9a-f]{16}\.", ".HASH.", u) for u in args["js_links"]] == [
        "/atlas-assets/leaflet.HASH.js",
        "/atlas-assets/map.HASH.js",
    ]
    assert [re.sub(r"\.[0-9a-f]{16}\.", ".HASH.", u) for u in args["css_links"]] == [
        "/atlas-assets/fonts.HASH.css"
    ]
    # what the websocket carries: references and the page's own small parts, not the map
    assert len(component.proto.json_args) < 40_000
    assert "@font-face" not in args["header"]
    assert "L.map(" not in args["script"]


def test_layer_checkbox_hides_the_layer(app_test, map_script, pushed_state):
    at = app_test()
    built = map_script(at)
    assert "deployments" in pushed_state(at)["layers"]
    at.sidebar.checkbox(key="show_deployments").uncheck().run()
    assert "deployments" not in pushed_state(at)["layers"]
    assert "disputed_islands" in pushed_state(at)["layers"]
    assert map_script(at) == built  # the map is not rebuilt: the browser hides the layer


def test_focus_radio_flies_the_map(app_test, pushed_state):
    at = app_test()
    assert pushed_state(at)["fit"]["move"] == "focus:frontier"
    at.sidebar.radio(key="focus").set_value("sakhalin").run()
    fit = pushed_state(at)["fit"]
    assert fit["move"] == "focus:sakhalin"
    # Prigorodnoye (46.6 N) minus the 0.6° padding is the south edge
    assert 45.9 < fit["bounds"][0][0] < 46.1


def test_label_and_distance_toggles(app_test, map_script, pushed_state):
    at = app_test()
    assert "fa-dist" in map_script(at)
    assert 'class=\\"fa-label' in map_script(at)
    at.sidebar.toggle(key="distances").set_value(False).run()
    assert (pushed_state(at)["distances"], pushed_state(at)["labels"]) == (False, True)
    at.sidebar.toggle(key="labels").set_value(False).run()
    assert pushed_state(at)["labels"] is False


def test_broken_and_unknown_files_are_reported_and_the_rest_draws(
    tmp_path, app_test, map_script, shown
):
    for name in ("basemap_land.geojson", "disputed_islands.geojson", "hokkaido.geojson"):
        shutil.copy(GEODATA_DIR / name, tmp_path / name)
    shutil.copy(DATA_DIR / "bad_json.geojson", tmp_path / "deployments.geojson")
    shutil.copy(DATA_DIR / "good_deployment.geojson", tmp_path / "class_project.geojson")
    at = app_test(tmp_path)
    assert not at.exception
    errors = [shown(e.value) for e in at.error]
    assert len(errors) == 1
    assert "deployments.geojson: not valid JSON" in errors[0]
    script = map_script(at)
    assert "Kunashiri / Kunashir" in script
    assert "class_project (unregistered layer)" in script  # legend row of the new layer
    assert [
        shown(w.value) for w in at.warning if "not drawn" in w.value
    ]  # distances lost their ends


def test_article_expander_marks_quoted_passages(app):
    html = " ".join(m.value for m in app.markdown)
    assert "<mark>The islands are no longer just a dispute to be shelved.</mark>" in html
    assert "Ministry of Foreign Affairs of Japan" in html


def test_editing_a_layer_file_reloads_it(tmp_path, app_test, shown):
    for name in ("basemap_land.geojson", "disputed_islands.geojson"):
        shutil.copy(GEODATA_DIR / name, tmp_path / name)
    at = app_test(tmp_path)
    assert not at.error
    (tmp_path / "disputed_islands.geojson").write_text("{", encoding="utf-8")
    at.run()
    assert "disputed_islands.geojson: not valid JSON" in shown(at.error[0].value)


def test_export_buttons_offer_png_svg_pdf_pptx_and_html(app):
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels == [
        "Download this tour",  # the reader's own tour, above the exports (page.authoring)
        "PNG for a slide (1920×1080)",
        "PNG for print (A4, 300 dpi)",
        "SVG to edit (text stays text)",
        "PDF of this view (A4)",
        "PDF handout (every tour scene)",
        "PowerPoint deck (whole tour)",
        "Interactive map as one HTML file (works offline)",
        "Download my marks",  # the reader's own marks (page.exports), RFC 7946 GeoJSON
        # the data for GIS (page.analyst.data_downloads)
        "GeoPackage (QGIS, ArcGIS)",
        "KML (Google Earth)",
        "GeoJSON files, zipped",
    ]
