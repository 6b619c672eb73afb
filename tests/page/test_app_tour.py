"""Classroom mode under AppTest: scenes forward, back and by URL; timeline; languages."""

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from harness import map_args
from layers.core.paths import GEODATA_DIR

SCENES = json.loads((GEODATA_DIR / "scenes.json").read_text(encoding="utf-8"))["scenes"]
IDS = [scene["id"] for scene in SCENES]


def script(at: AppTest) -> str:
    return map_args.map_script(at)


def shown_scene(at: AppTest) -> str:
    """The scene the page shows: its heading, checked against the data file's title."""
    heading = next(m.value for m in at.markdown if m.value.startswith("### "))
    title = heading.split("\n")[0].removeprefix("### ").strip()
    (scene,) = [s for s in SCENES if s["title"] == title]
    return scene["id"]


def tour(new_app_test, scene: str | None = None) -> AppTest:
    at = new_app_test()
    if scene:
        at.query_params["scene"] = scene
    at.run()
    if not scene:
        at.sidebar.radio(key="mode").set_value("tour").run()
    assert not at.exception
    return at


def test_next_walks_every_scene_and_wraps(new_app_test):
    at = tour(new_app_test)
    seen = [shown_scene(at)]
    for _ in IDS:
        at.button(key="next").click().run()
        seen.append(shown_scene(at))
    assert seen == [*IDS, IDS[0]]


def test_previous_walks_back(new_app_test):
    at = tour(new_app_test, IDS[2])
    at.button(key="prev").click().run()
    assert shown_scene(at) == IDS[1]
    at.button(key="prev").click().run()
    at.button(key="prev").click().run()
    assert shown_scene(at) == IDS[-1]


@pytest.mark.parametrize("scene", IDS)
def test_url_opens_the_scene_with_its_quotes_and_view(new_app_test, scene, pushed_state):
    at = tour(new_app_test, scene)
    assert shown_scene(at) == scene
    assert at.query_params["scene"] == scene
    data = next(s for s in SCENES if s["id"] == scene)
    quotes = " ".join(m.value for m in at.markdown if "fa-tour-quote" in m.value)
    for quote in data["quotes"]:
        assert quote["quote"].replace("’", "’") in quotes.replace("&#x27;", "'")
    state = pushed_state(at)
    assert state["fit"]["bounds"] == data["bounds"]
    assert state["fit"]["move"] == f"scene:{scene}"
    (south, west), (north, east) = state["fit"]["subject"]  # what a phone fits: in the frame
    (f_south, f_west), (f_north, f_east) = data["bounds"]
    assert f_south <= south < north <= f_north
    assert f_west <= west < east <= f_east
    rings = ["claimed_ranges"] if data.get("rings") else []  # "rings": true shows them
    assert state["layers"] == sorted(data["layers"] + rings)
    assert state["title"] == data["title"]


def test_picker_jumps_to_a_scene_and_updates_the_url(new_app_test):
    at = tour(new_app_test)
    at.selectbox(key="scene").set_value("moscow-beijing").run()
    assert shown_scene(at) == "moscow-beijing"
    assert at.query_params["scene"] == "moscow-beijing"


def test_unknown_scene_in_url_falls_back_to_explore(new_app_test):
    at = new_app_test()
    at.query_params["scene"] = "no-such-scene"
    at.run()
    assert not at.exception
    assert at.sidebar.radio(key="mode").value == "explore"


def test_scene_shows_only_its_layers_and_highlights(new_app_test, pushed_state):
    at = tour(new_app_test, "sakhalin-energy")
    data = next(s for s in SCENES if s["id"] == "sakhalin-energy")
    state = pushed_state(at)
    assert "deployments" not in state["layers"]
    assert "sakhalin_energy" in state["layers"]
    assert state["highlight"] == sorted([h["layer"], h["id"]] for h in data["highlight"])
    assert '"hl": {"color": "#000000"' in script(at)  # each feature's highlighted style


def test_the_map_is_built_once_and_steered(new_app_test, pushed_state):
    """Every change leaves the map element as it was: only the state handed over changes."""
    at = new_app_test().run()
    built = script(at)
    assert "Su-35S fighters at Iturup" in built
    assert "Historical borders" in built  # off by default, but carried
    at.sidebar.select_slider(key="year").set_value(2016).run()
    assert pushed_state(at)["year"] == 2016
    at.sidebar.checkbox(key="show_history").check().run()
    assert "history" in pushed_state(at)["layers"]
    at.sidebar.radio(key="lang").set_value("ja").run()
    at.sidebar.toggle(key="labels").set_value(False).run()
    at.sidebar.radio(key="mode").set_value("tour").run()
    at.button(key="next").click().run()
    state = pushed_state(at)
    assert (state["lang"], state["labels"], state["year"]) == ("ja", False, 2016)
    assert state["fit"]["move"] == f"scene:{IDS[1]}"
    assert script(at) == built


def test_events_list_follows_the_year(new_app_test):
    at = new_app_test().run()
    at.sidebar.select_slider(key="year").set_value(2022).run()
    listed = " ".join(m.value for m in at.sidebar.markdown)
    assert "Russia launches its full-scale invasion of Ukraine" in listed
    assert "entry bans" not in listed
    at.sidebar.select_slider(key="year").set_value(2025).run()
    assert "entry bans" in " ".join(m.value for m in at.sidebar.markdown)


def test_the_map_carries_every_language_and_the_switch_picks_one(new_app_test, pushed_state):
    at = new_app_test().run()
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), script(at))
    for code, kunashir in (("en", "Kunashiri / Kunashir"), ("ja", "国後島"), ("ru", "Кунашир")):
        assert f'<span lang=\\"{code}\\" class=\\"fa-l fa-l-{code}\\">{kunashir}</span>' in text
        at.sidebar.radio(key="lang").set_value(code).run()
        assert pushed_state(at)["lang"] == code
