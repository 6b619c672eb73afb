"""The tour on a stick, in Chromium: ``python -m layers export --format site`` writes small
pages beside shared files (``assets/``) that open from ``file://`` with every network request
refused; the land draws, a popup opens, and the presenter's keys walk every scene from the
index to the last and back. Saves screenshots of a scene at 1366x768 and 390x844 under
artifacts/screenshots/site/."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from shapely.geometry import shape

import harness
from harness import a11y
from harness.browser import FIND_MAP_JS, SCREEN_POINT_JS
from layers.core import fonts

pytestmark = pytest.mark.browser

SCENES = json.loads((harness.GEODATA_DIR / "scenes.json").read_text("utf-8"))["scenes"]
SHOTS = harness.SCREENSHOT_DIR / "site"
MAX_PAGE_BYTES = 100_000  # a scene page, without the files it shares
MAX_FIRST_BYTES = 1_000_000  # the index, the first scene and every file they load
SHARED = {"assets/leaflet.js", "assets/leaflet.css", "assets/fonts.css", "assets/atlas.js"}
LINKED = re.compile(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"?]+)(?:\?v=\w+)?"')


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "layers", "export", "--format", "site", "--out", str(out)],
        check=True,
        cwd=harness.REPO_ROOT,
        capture_output=True,
    )
    return out


def offline_page(chromium, width: int, height: int):
    """A page that may load only file: and data: URLs; what it tried is in ``.refused``."""
    context = chromium.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.refused, page.errors = [], []

    def guard(route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            page.refused.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    return page


def shows(page, index: int, land: int = 10000) -> None:
    """Scene ``index``'s page, its quote, and its land drawn (``land``: the least length of
    its outline; a phone fits the scene's subject, less coast than the whole frame)."""
    scene = SCENES[index]
    page.wait_for_url(f"**/{index + 1}-{scene['id']}.html")
    page.get_by_role("heading", name=scene["title"]).wait_for()
    page.wait_for_function(f"() => ({harness.LAND_PATH_LENGTH_JS})() > {land}")
    quote = harness.squash(page.locator(".fa-tour-quote").first.inner_text())
    assert harness.squash(scene["quotes"][0]["quote"]) in quote


def assert_a_document(page, title: str) -> None:
    """A scene page is a document (issue 16): titled, its language said, zoomable, and
    axe-core finds no serious or critical violation in it."""
    head = page.evaluate("""() => [document.title, document.documentElement.lang,
        (document.querySelector('meta[name=viewport]') || {}).content || '']""")
    assert title in head[0], head
    assert head[1] == "en"
    assert "user-scalable" not in head[2], head
    assert "maximum-scale" not in head[2], head
    found = a11y.axe_serious(page)
    assert found == [], json.dumps(found, indent=1, ensure_ascii=False)


def page_names() -> list[str]:
    return [f"{n}-{s['id']}.html" for n, s in enumerate(SCENES, start=1)]


def linked(site, name: str) -> list[str]:
    """The files a page loads with ``<script src>`` and ``<link href>``."""
    return LINKED.findall((site / name).read_text("utf-8"))


def test_scene_pages_are_small_and_share_their_assets(site):
    pages = {f.name for f in site.iterdir() if f.is_file()}
    assert pages == {"index.html", *page_names()}
    sizes = {name: (site / name).stat().st_size for name in page_names()}
    assert max(sizes.values()) <= MAX_PAGE_BYTES, sizes
    loads = {name: linked(site, name) for name in page_names()}
    for name, files in loads.items():
        assert SHARED | {"assets/layer-basemap_land.js"} <= set(files), (name, files)
        assert all(f.startswith("assets/") and (site / f).is_file() for f in files), files
        text = (site / name).read_text("utf-8")
        assert "data:text/javascript" not in text, name  # Leaflet: a shared file
        assert "@font-face" not in text, name  # the font: a shared file
    first = {"index.html", page_names()[0], *linked(site, "index.html"), *loads[page_names()[0]]}
    first_bytes = sum((site / f).stat().st_size for f in first)
    assert first_bytes <= MAX_FIRST_BYTES, first_bytes


def test_a_scene_page_opens_a_popup_offline(chromium, site):
    kunashir = harness.island_feature("Kunashiri / Kunashir")
    inside = shape(kunashir["geometry"]).representative_point()
    page = offline_page(chromium, 1366, 768)
    try:
        page.goto((site / page_names()[0]).as_uri())
        shows(page, 0)
        (map_name,) = page.evaluate(FIND_MAP_JS)
        x, y = page.evaluate(SCREEN_POINT_JS, [map_name, inside.y, inside.x])
        page.mouse.click(x, y)
        text = harness.squash(page.wait_for_selector(".leaflet-popup-content").inner_text())
        assert "For the islands of Etorofu-to, Kunashiri-to" in text
        faces = page.evaluate(
            "(family) => document.fonts.load('16px \"' + family + '\"', '北海道')"
            ".then(found => found.length)",
            fonts.FAMILY,
        )
        assert faces >= 1  # the carried font, from assets/fonts.css, on file://
        assert page.refused == []
        assert page.errors == []
    finally:
        page.context.close()


def test_the_site_walks_offline_by_keyboard(chromium, site):
    page = offline_page(chromium, 1366, 768)
    try:
        page.goto((site / "index.html").as_uri())
        page.keyboard.press("ArrowRight")
        shows(page, 0)
        for index in range(1, len(SCENES)):
            page.keyboard.press("PageDown" if index % 2 else "ArrowRight")
            shows(page, index)
        page.keyboard.press("PageUp")
        shows(page, len(SCENES) - 2)
        page.keyboard.press("Home")
        shows(page, 0)
        page.keyboard.press("End")
        shows(page, len(SCENES) - 1)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / "site-1366x768.png")
        assert_a_document(page, SCENES[-1]["title"])
        assert page.refused == []
        assert page.errors == []
    finally:
        page.context.close()


def test_a_site_page_on_a_phone(chromium, site):
    page = offline_page(chromium, 390, 844)
    try:
        page.goto((site / f"6-{SCENES[5]['id']}.html").as_uri())
        shows(page, 5, land=500)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / "site-390x844.png", full_page=True)
        assert_a_document(page, SCENES[5]["title"])
        assert page.refused == []
        assert page.errors == []
    finally:
        page.context.close()
