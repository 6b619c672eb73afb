"""Japanese draws with the carried font in a browser that has no CJK font at all.

The browser here is a second Chromium whose fontconfig sees only matplotlib's DejaVu Sans
files, so this machine (which may have fonts-noto-cjk) and CI (which need not) behave the
same; a control test shows it really has no CJK font. Which font drew a text is asked of
Chromium itself (DevTools' CSS.getPlatformFontsForNode), and checked against a canvas
measurement with the carried family.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import matplotlib
import pytest
from playwright.sync_api import expect

import harness
from layers.core.fonts import FAMILY
from layers.exports import html_bytes
from layers.plan.view import ViewOptions, scene_options

pytestmark = pytest.mark.browser

FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""
CARRIED = {"familyName": FAMILY, "isCustomFont": True}

# The rendered width of an element's text, and the canvas's measure of the same text in
# the element's weight and size with the carried family, and with DejaVu Sans.
WIDTHS_JS = """(el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const style = getComputedStyle(el);
    const ctx = document.createElement('canvas').getContext('2d');
    const measure = (family) => {
        ctx.font = `${style.fontWeight} ${style.fontSize} ${family}`;
        return ctx.measureText(el.textContent).width;
    };
    return {
        shown: range.getBoundingClientRect().width,
        carried: measure('"Atlas Noto Sans JP"'),
        dejavu: measure('"DejaVu Sans"'),
    };
}"""
CARRIED_FACES_JS = """async () => {
    await document.fonts.ready;
    return {
        check: document.fonts.check('16px "Atlas Noto Sans JP"', '国後島'),
        faces: [...document.fonts]
            .filter(f => f.family.replace(/"/g, '') === 'Atlas Noto Sans JP')
            .map(f => [f.weight, f.status]),
    };
}"""


@pytest.fixture(scope="module")
def fontless_browser(chromium, tmp_path_factory):
    """Chromium whose only fonts are DejaVu Sans (matplotlib's copy): no CJK font."""
    folder = tmp_path_factory.mktemp("fontconfig")
    fonts = folder / "fonts"
    fonts.mkdir()
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        (fonts / name).symlink_to(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name)
    config = folder / "fonts.conf"
    config.write_text(FONTCONFIG.format(fonts=fonts, cache=folder / "cache"), "utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FONTCONFIG")}
    browser = chromium.browser_type.launch(
        executable_path=harness.CHROMIUM_PATH,
        args=list(harness.CHROMIUM_ARGS),
        env={**env, "FONTCONFIG_FILE": str(config)},
    )
    try:
        yield browser
    finally:
        browser.close()


def platform_fonts(page, element) -> list[dict]:
    """The fonts Chromium drew ``element``'s own text with (any frame of ``page``)."""
    token = f"probe-{id(element)}"
    element.evaluate("(el, token) => el.setAttribute('data-font-probe', token)", token)
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        cdp.send("DOM.getDocument", {"depth": 0})
        search = cdp.send("DOM.performSearch", {"query": f'[data-font-probe="{token}"]'})
        assert search["resultCount"] == 1
        found = cdp.send(
            "DOM.getSearchResults", {"searchId": search["searchId"], "fromIndex": 0, "toIndex": 1}
        )
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": found["nodeIds"][0]})
    finally:
        cdp.detach()
    return [{k: f[k] for k in ("familyName", "isCustomFont")} for f in fonts["fonts"]]


def test_the_fontless_browser_has_no_cjk_font(fontless_browser):
    """The control: asked for the system's Noto Sans CJK JP, it can only draw tofu."""
    page = fontless_browser.new_page()
    try:
        page.set_content(
            "<span style=\"font-family: 'Noto Sans CJK JP', sans-serif\">国後島</span>"
        )
        fonts = platform_fonts(page, page.locator("span"))
        assert fonts == [{"familyName": "DejaVu Sans", "isCustomFont": False}]
    finally:
        page.close()


@pytest.fixture(scope="module")
def japanese_page(fontless_browser, app_server):
    atlas = harness.open_atlas(fontless_browser, app_server, 1366, 768, path="/?lang=ja")
    try:
        yield atlas
    finally:
        atlas.close()


def assert_drawn_with_the_carried_font(page, element) -> None:
    assert platform_fonts(page, element) == [CARRIED]
    widths = element.evaluate(WIDTHS_JS)
    assert widths["shown"] == pytest.approx(widths["carried"], abs=0.5), widths
    assert abs(widths["carried"] - widths["dejavu"]) > 2, widths  # the measure can tell


def test_map_labels_draw_with_the_carried_font(japanese_page):
    frame, page = japanese_page.frame, japanese_page.page
    loaded = frame.evaluate(CARRIED_FACES_JS)
    assert loaded["check"] is True
    assert sorted(loaded["faces"]) == [["400", "loaded"], ["700", "loaded"]]
    label = frame.locator(".fa-label .fa-l-ja:visible", has_text=re.compile("^国後島$")).first
    expect(label).to_be_visible()
    family = label.evaluate("el => getComputedStyle(el).fontFamily")
    assert family.startswith(f'"Noto Sans", "{FAMILY}"')
    assert_drawn_with_the_carried_font(page, label)
    assert japanese_page.foreign_requests() == []


def test_sidebar_language_switch_draws_with_the_carried_font(japanese_page):
    """Needs ``st.html(page_font_css())`` in app.py. Latin keeps Streamlit's own font."""
    page = japanese_page.page
    sidebar = page.locator('[data-testid="stSidebar"]')
    switch = sidebar.get_by_text("日本語", exact=True)
    expect(switch).to_be_visible()
    page.evaluate("async () => { await document.fonts.ready; }")
    assert platform_fonts(page, switch) == [CARRIED], "app.py: st.html(page_font_css())?"
    streamlit_font = platform_fonts(page, sidebar.get_by_text("English", exact=True))
    assert streamlit_font == [{"familyName": "SourceSans3VF", "isCustomFont": True}]
    assert japanese_page.foreign_requests() == []


def test_html_export_draws_japanese_from_disk_with_no_font(
    shipped_atlas, fontless_browser, tmp_path
):
    """The one-file export of the first tour scene (the islands and the treaty lines)."""
    atlas = shipped_atlas
    path = tmp_path / "atlas-ja.html"
    path.write_bytes(html_bytes(atlas, scene_options(atlas.scenes[0], ViewOptions(lang="ja"))))
    page = fontless_browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(path.as_uri())
        label = page.locator(".fa-label .fa-l-ja:visible", has_text=re.compile("^国後島$")).first
        expect(label).to_be_visible()
        assert page.evaluate(CARRIED_FACES_JS)["check"] is True
        assert_drawn_with_the_carried_font(page, label)
        # "ポーツマス条約の国境（北緯50度線）": kanji, kana, digits and full-width brackets, one
        # family (labels.py may leave out others that would overlap at this zoom)
        mixed = page.locator(".fa-label .fa-l-ja:visible", has_text="北緯50度線").first
        expect(mixed).to_be_visible()
        assert platform_fonts(page, mixed) == [CARRIED]
        assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    finally:
        page.close()
