"""Making your own tour in the page (AppTest): save the view as a scene, edit, move, delete;
the tour file it downloads opens again as the same tour; hostile words are shown literally."""

from __future__ import annotations

import io
import json
from functools import partial

import pytest
from pptx import Presentation

from layers.classroom.share import tour_token
from layers.core.paths import GEODATA_DIR
from layers.core.text import markdown_literal
from layers.record.tours import read_tour, tour_bytes

SHIPPED = json.loads((GEODATA_DIR / "scenes.json").read_text(encoding="utf-8"))["scenes"]
HOSTILE = "<script>alert(1)</script> $x$ **b** [a](http://x)"
QUOTE = "Since the end of WWII the two have been held in an uneasy diplomatic limbo."


def ok(at):
    assert not at.exception, at.exception
    return at


def save_scene(at, title: str, caption: str = "", quote_index: int = 0):
    """Press "Save this view as a scene", fill the form, press "Add the scene"."""
    ok(at.button(key="save_view").click().run())
    at.text_input(key="scene_title").input(title)
    at.text_area(key="scene_caption").input(caption)
    quote = at.selectbox(key="quote_1")
    assert quote.label == "First quote from the article (by paragraph and sentence)"
    quote.select_index(quote_index)
    return ok(at.button(key="add_scene").click().run())


def tour_titles(at) -> list[str]:
    return [scene.title for scene in at.session_state.user_tour.scenes]


@pytest.fixture
def empty(new_app_test):
    at = ok(new_app_test().run())
    return ok(at.button(key="start_empty").click().run())


def test_the_form_is_named(empty):
    at = ok(empty.button(key="save_view").click().run())
    assert at.button(key="save_view").label == "Save this view as a scene"
    assert at.text_input(key="scene_title").label == "Scene title"
    assert at.text_area(key="scene_caption").label == "Caption"
    assert at.button(key="add_scene").label == "Add the scene"
    options = at.selectbox(key="quote_2").options
    assert options[0] == "(no quote)"
    assert f"¶ 1: {QUOTE}" in options  # the article's own sentences, by paragraph


def test_save_a_view_then_see_it_in_the_tour_literally(empty):
    at = save_scene(empty, HOSTILE, HOSTILE, quote_index=2)
    (scene,) = at.session_state.user_tour.scenes
    assert scene.title == HOSTILE
    assert [q.text for q in scene.quotes] == [QUOTE]
    assert scene.bounds
    assert "hokkaido" in scene.layers
    ok(at.sidebar.radio(key="mode").set_value("tour").run())
    headings = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert headings == [f"### {markdown_literal(HOSTILE)}"]
    assert markdown_literal(HOSTILE) in [m.value for m in at.markdown]
    assert "Scene 1 of 1" in at.get("progress")[0].proto.text


def test_a_scene_is_added_after_the_one_shown(new_app_test):
    at = new_app_test()
    at.query_params["scene"] = SHIPPED[1]["id"]
    ok(at.run())
    ok(at.button(key="start_shipped").click().run())
    ok(at.button(key="next").click().run())  # the second scene
    at = save_scene(at, "Mine")
    assert tour_titles(at)[2] == "Mine"
    assert len(tour_titles(at)) == len(SHIPPED) + 1
    assert at.session_state.scene == "mine"


def test_edit_move_and_delete(empty):
    at = save_scene(save_scene(empty, "One"), "Two")
    assert tour_titles(at) == ["One", "Two"]
    at.selectbox(key="change_scene").select("two")
    ok(at.button(key="scene_up").click().run())
    assert tour_titles(at) == ["Two", "One"]
    ok(at.button(key="scene_down").click().run())
    assert tour_titles(at) == ["One", "Two"]
    at.selectbox(key="change_scene").select("one")
    ok(at.button(key="edit_scene").click().run())
    assert at.text_input(key="scene_title").value == "One"
    assert at.button(key="add_scene").label == "Save the changes"
    at.text_input(key="scene_title").input("One, again")
    ok(at.button(key="add_scene").click().run())
    assert tour_titles(at) == ["One, again", "Two"]
    assert at.session_state.user_tour.scenes[0].id == "one"
    ok(at.button(key="delete_scene").click().run())
    assert tour_titles(at) == ["Two"]
    ok(at.button(key="delete_scene").click().run())
    assert tour_titles(at) == []


def test_the_downloaded_tour_opens_again_as_the_same_tour(empty, new_app_test, shipped_atlas):
    at = save_scene(save_scene(empty, HOSTILE, "Why it matters.", quote_index=2), "Two")
    tour = at.session_state.user_tour
    raw = tour_bytes(tour)  # what "Download this tour" gives
    assert json.loads(raw)["scenes"][0]["title"] == HOSTILE
    ids = {layer.key: {f.id for f in layer.features} for layer in shipped_atlas.drawable}
    assert read_tour(raw, shipped_atlas.article, ids) == (tour, [])
    fresh = new_app_test()  # another browser: the tour in its address (the QR code's way)
    fresh.query_params["tour"] = tour_token(tour_bytes(tour, compact=True))
    fresh.query_params["scene"] = tour.scenes[1].id
    ok(fresh.run())
    assert fresh.session_state.user_tour == tour
    assert fresh.session_state.mode == "tour"
    assert [m.value for m in fresh.markdown if m.value.startswith("### ")] == ["### Two"]


def test_a_bad_address_tour_names_its_problems_and_shows_ours(new_app_test):
    at = new_app_test()
    at.query_params["tour"] = "not-a-tour"
    ok(at.run())
    assert at.session_state.get("user_tour") is None
    bad = {"scenes": [dict(SHIPPED[0], layers=[*SHIPPED[0]["layers"], "atlantis"])]}
    at = new_app_test()
    at.query_params["tour"] = tour_token(json.dumps(bad).encode())
    ok(at.run())
    assert len(at.session_state.user_tour.scenes) == 1
    warnings = [w.value for w in at.warning]
    assert any("left out" in w for w in warnings)
    assert any("atlantis" in m.value for m in at.markdown)


def test_a_title_is_needed(empty):
    at = save_scene(empty, "   ")
    assert tour_titles(at) == []
    assert [e.value for e in at.error] == ["Give the scene a title."]


def test_the_qr_code_carries_a_small_tour_and_says_when_one_is_too_long(empty):
    at = save_scene(empty, "Small", quote_index=2)
    ok(at.sidebar.radio(key="mode").set_value("tour").run())
    address = [c.value for c in at.caption if "?tour=" in c.value]
    assert len(address) == 1
    assert "scene=small" in address[0]
    ok(at.button(key="start_shipped").click().run())  # seven scenes: too long for an address
    assert not [c.value for c in at.caption if "?tour=" in c.value]
    assert any("too long to share by address" in i.value for i in at.info)


def test_a_title_cannot_end_or_change_the_script_that_steers_the_map(empty, pushed_state):
    title = "<!--<script>x</script>-->"
    at = save_scene(empty, title)
    ok(at.sidebar.radio(key="mode").set_value("tour").run())
    assert pushed_state(at)["title"] == title
    for frame in at.get("iframe"):
        if "atlas.apply" in frame.proto.srcdoc:
            assert frame.proto.srcdoc.count("<script") == 1
            assert frame.proto.srcdoc.count("</script>") == 1
            assert "<!--" not in frame.proto.srcdoc


def test_a_scene_saved_in_japanese_shows_japanese_names_when_presented(empty, pushed_state):
    ok(empty.sidebar.radio(key="lang").set_value("ja").run())
    at = save_scene(empty, "In Japanese")
    assert at.session_state.user_tour.scenes[0].lang == "ja"
    ok(at.sidebar.radio(key="lang").set_value("en").run())  # the reader's own choice
    ok(at.sidebar.radio(key="mode").set_value("tour").run())
    assert pushed_state(at)["lang"] == "ja"  # the scene's names, as it was saved
    ok(at.button(key="start_shipped").click().run())  # ours keep no language: the reader's
    assert pushed_state(at)["lang"] == "en"


def test_the_tour_title_is_typed_in_the_page_and_heads_the_tour(empty, shown):
    title_input = empty.text_input(key="tour_title")
    assert title_input.label == "Tour title"
    assert title_input.proto.max_chars == 120
    at = save_scene(empty, "One")
    ok(at.text_input(key="tour_title").input(f"  {HOSTILE}  ").run())
    assert at.session_state.user_tour.title == HOSTILE
    assert [s.title for s in at.session_state.user_tour.scenes] == ["One"]  # kept
    assert json.loads(tour_bytes(at.session_state.user_tour))["title"] == HOSTILE
    ok(at.sidebar.radio(key="mode").set_value("tour").run())
    assert HOSTILE in [shown(c.value) for c in at.caption]
    ok(at.button(key="start_shipped").click().run())  # ours: no title of its own
    assert at.text_input(key="tour_title").value == ""
    assert HOSTILE not in [shown(c.value) for c in at.caption]


def test_the_deck_button_exports_the_sessions_tour(new_app_test, monkeypatch):
    """What the page hands its "PowerPoint deck (whole tour)" button, made into the deck."""
    import page.exports

    handed: dict[str, tuple] = {}

    def spy(function, key, atlas, shown):
        handed[key] = (atlas, shown)
        return partial(function, key, atlas, shown)

    monkeypatch.setattr(page.exports, "partial", spy)
    mine = {"title": "My lesson", "scenes": [SHIPPED[2], dict(SHIPPED[0], title="Mine")]}
    at = new_app_test()
    at.query_params["tour"] = tour_token(json.dumps(mine).encode())
    ok(at.run())
    (button,) = [b for b in at.get("download_button") if b.proto.label.startswith("PowerPoint")]
    assert button.proto.label == "PowerPoint deck (whole tour)"
    assert not button.proto.disabled
    atlas, on_screen = handed["pptx"]
    deck = Presentation(io.BytesIO(page.exports.export_now("pptx", atlas, on_screen)))
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    assert titles == ["My lesson", f"1. {SHIPPED[2]['title']}", "2. Mine", "Sources"]
