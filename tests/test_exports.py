"""Exports are what they claim: exact pixel sizes, real content, one PDF page per scene."""

import io
import re
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader
from pyproj import Transformer

from harness.paths import ARTIFACTS_DIR
from layers.exports import html_bytes, make_export, pdf_bytes, png_bytes
from layers.plan.comparison import Comparison
from layers.plan.tour import tour_views
from layers.plan.view import ViewOptions, plan_view, scene_options
from layers.print.figure import CRS, render_figure

ARTIFACTS = ARTIFACTS_DIR / "exports"
SEA = (0xD6, 0xE6, 0xF0)  # the figure's sea colour
A4_300DPI = (round(297 / 25.4 * 300), round(210 / 25.4 * 300))  # ISO 216 A4, landscape


@pytest.fixture(scope="module")
def atlas(shipped_atlas):
    return shipped_atlas


@pytest.fixture(scope="module")
def layers(atlas):
    return atlas.layers


@pytest.fixture(scope="module")
def scenes(atlas):
    assert atlas.scene_problems == ()
    return atlas.scenes


def view_of(atlas, options, scene=None):
    options = scene_options(scene, options) if scene else options
    return plan_view(atlas.layers, options, atlas.measures)


def keep(name: str, data: bytes) -> None:
    """Keep one run's exports for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / name).write_bytes(data)


@pytest.mark.parametrize(("preset", "size"), [("slide", (1920, 1080)), ("a4", A4_300DPI)])
def test_png_has_the_preset_size_and_real_content(atlas, scenes, preset, size):
    data = png_bytes(view_of(atlas, ViewOptions(), scenes[3]), preset)
    keep(f"militarisation-{preset}.png", data)
    image = Image.open(io.BytesIO(data)).convert("RGB")
    assert image.size == size
    pixels = np.asarray(image).reshape(-1, 3)
    assert pixels.std() > 30  # not a blank page
    assert len(np.unique(pixels[:: max(1, len(pixels) // 200_000)], axis=0)) > 200
    sea = np.all(np.abs(pixels.astype(int) - SEA) <= 2, axis=1).mean()
    assert 0.15 < sea < 0.8  # plenty of sea, and plenty that is not sea


def pixel_at(fig, image: Image.Image, lon: float, lat: float) -> tuple[int, int, int]:
    """Colour of the saved image where the map axes place lon/lat."""
    x, y = Transformer.from_crs("EPSG:4326", CRS, always_xy=True).transform(lon, lat)
    ax = fig.axes[0]
    px, py = ax.transData.transform((x, y))
    return image.getpixel((round(px), image.height - round(py)))


def test_land_is_drawn_where_land_is(layers):
    fig = render_figure(plan_view(layers, ViewOptions(visible=frozenset({"basemap_land"}))))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi)
    image = Image.open(buffer).convert("RGB")
    # Published positions: Sapporo 43°03′43″N 141°21′16″E; Yuzhno-Sakhalinsk 46°57′N 142°44′E
    # (both on land); Sea of Okhotsk 47°N 147°E and Sea of Japan 42°N 138.5°E (open sea).
    for lon, lat in ((141.3544, 43.0619), (142.73, 46.95)):
        assert pixel_at(fig, image, lon, lat) == (0xED, 0xEA, 0xE2), (lon, lat)
    for lon, lat in ((147.0, 47.0), (138.5, 42.0)):
        assert pixel_at(fig, image, lon, lat) == SEA, (lon, lat)


def test_japanese_names_are_drawn_with_a_cjk_font(layers, scenes):
    fig = render_figure(plan_view(layers, ViewOptions(lang="ja", visible=scenes[0].layers)))
    texts = [t for t in fig.axes[0].texts if t.get_text() == "国後島"]
    assert texts, "no Japanese label for Kunashiri"
    from matplotlib.font_manager import findfont

    assert "NotoSansCJK" in findfont(texts[0].get_fontproperties()).replace("-", "")


def test_pdf_handout_has_one_page_per_scene_with_its_quotes(atlas, scenes):
    data = pdf_bytes(tour_views(atlas, scenes, ViewOptions()))
    keep("tour-handout.pdf", data)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == len(scenes) == 7
    for page, scene in zip(reader.pages, scenes, strict=True):
        text = " ".join(page.extract_text().split())
        assert scene.title in text
        first_words = " ".join(scene.quotes[0].text.split()[:4])
        assert first_words in text


def test_html_export_is_self_contained(atlas, scenes):
    html = html_bytes(atlas, scene_options(scenes[0])).decode("utf-8")
    keep("frozen-dispute.html", html.encode("utf-8"))
    assert html.startswith("<!DOCTYPE html>")
    assert re.findall(r'<(?:script|link)[^>]*(?:src|href)="https?://', html) == []
    assert '<script src="data:text/javascript;base64,' in html
    assert ".leaflet-container" in html
    assert '"move": "' + ",".join(str(float(v)) for pair in scenes[0].bounds for v in pair) in html
    assert make_export("html", atlas, ViewOptions()).startswith(b"<!DOCTYPE html>")


def test_cli_exports_every_scene(tmp_path, capsys):
    from layers.__main__ import main

    assert main(["export", "--scene", "all", "--format", "png", "--out", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written[0] == "1-frozen-dispute.png"
    assert len(written) == 7
    assert main(["export", "--scene", "nope", "--format", "png", "--out", str(tmp_path)]) == 2
    assert "no scene 'nope'" in capsys.readouterr().err


def test_a_tour_scene_that_compares_exports_two_panels_and_an_html_map_that_compares(atlas, scenes):
    scene = replace(scenes[0], compare=(1945, None))
    data = pdf_bytes(tour_views(atlas, [scene], ViewOptions()))
    keep("compare-handout.pdf", data)
    text = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert f"{scene.title}: 1945 | now" in text
    html = html_bytes(atlas, ViewOptions(compare=Comparison(1945, None))).decode("utf-8")
    assert '"compare": {"names": ["1945", "now"], "years": [1945, null]}' in html
