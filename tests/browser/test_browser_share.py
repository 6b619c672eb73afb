"""Share a scene with phones, in Chromium: the QR code on the page (a screenshot of it)
decodes to the scene's address under the base URL the teacher set, and follows the tour."""

from __future__ import annotations

import json

import pytest

import harness

pytestmark = pytest.mark.browser

zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp (requirements-dev.txt) decodes QR")

SCENES = json.loads((harness.GEODATA_DIR / "scenes.json").read_text("utf-8"))["scenes"]
BASE = "http://192.0.2.10:8501"  # what the teacher types (a documentation address)


def decoded(page, path) -> list[str]:
    from PIL import Image

    image = page.locator("[data-testid='stExpander'] img").first
    image.wait_for(state="visible")
    # decoded and laid out at its full size (the expander opens with an animation)
    image.evaluate("i => i.decode()")
    page.wait_for_function(
        "() => { const i = document.querySelector('[data-testid=stExpander] img');"
        " return i && i.complete && i.getBoundingClientRect().width >= 200; }"
    )
    image.screenshot(path=path, animations="disabled")
    return [code.text for code in zxingcpp.read_barcodes(Image.open(path))]


def test_the_qr_code_is_the_scene_address_under_the_teachers_base(chromium, app_server, tmp_path):
    atlas = harness.open_atlas(chromium, app_server, 1366, 768)
    page = atlas.page
    try:
        harness.wait_until_settled(page)
        sidebar = page.get_by_test_id("stSidebar")
        sidebar.get_by_text("Classroom tour").click()
        address = sidebar.get_by_role("textbox", name="Address for phones (QR codes)")
        address.fill(BASE)
        address.press("Enter")
        harness.wait_until_settled(page)
        page.get_by_text("Share this scene with phones (QR code)").click()
        assert decoded(page, tmp_path / "1.png") == [f"{BASE}/?scene={SCENES[0]['id']}"]
        page.get_by_role("heading", name=SCENES[0]["title"]).click()  # out of the address box
        page.keyboard.press("PageDown")
        page.get_by_role("heading", name=SCENES[1]["title"]).wait_for()
        harness.wait_until_settled(page)
        assert decoded(page, tmp_path / "2.png") == [f"{BASE}/?scene={SCENES[1]['id']}"]
        assert atlas.errors == []
        assert atlas.foreign_requests() == []
    finally:
        atlas.close()
