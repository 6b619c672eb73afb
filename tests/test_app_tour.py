"""Classroom mode under AppTest: scenes forward, back and by URL; timeline; languages."""

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[1]
SCENES = json.loads((REPO / "geodata" / "scenes.json").read_text(encoding="utf-8"))["scenes"]
IDS = [scene["id"] for scene in SCENES]


def script(at: AppTest) -> str:
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)["script"]


def shown_scene(at: AppTest) -> str:
    """The scene the page shows: its heading, checked against the data file's title."""
    heading = next(m.value for m in at.markdown if m.value.startswith("### "))
    title = heading.split("\n")[0].removeprefix("### ").strip()
    (scene,) = [s for s in SCENES if s["title"] == title]
    return scene["id"]


def tour(scene: str | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    if scene:
        at.query_params["scene"] = scene
    at.run()
    if not scene:
        at.sidebar.radio(key="mode").set_value("tour").run()
    assert not at.exception
    return at


def test_next_walks_every_scene_and_wraps():
    at = tour()
    seen = [shown_scene(at)]
    for _ in IDS:
        at.button(key="next").click().run()
        seen.append(shown_scene(at))
    assert seen == [*IDS, IDS[0]]


def test_previous_walks_back():
    at = tour(IDS[2])
    at.button(key="prev").click().run()
    assert shown_scene(at) == IDS[1]
    at.button(key="prev").click().run()
    at.button(key="prev").click().run()
    assert shown_scene(at) == IDS[-1]


@pytest.mark.parametrize("scene", IDS)
def test_url_opens_the_scene_with_its_quotes_and_view(scene):
    at = tour(scene)
    assert shown_scene(at) == scene
    assert at.query_params["scene"] == scene
    data = next(s for s in SCENES if s["id"] == scene)
    quotes = " ".join(m.value for m in at.markdown if "fa-tour-quote" in m.value)
    for quote in data["quotes"]:
        assert quote["quote"].replace("’", "’") in quotes.replace("&#x27;", "'")
    (south, west), (north, east) = data["bounds"]
    fitted = f"fitBounds([[{float(south)}, {float(west)}], [{float(north)}, {float(east)}]]"
    assert fitted in " ".join(script(at).split())


def test_picker_jumps_to_a_scene_and_updates_the_url():
    at = tour()
    at.selectbox(key="scene").set_value("moscow-beijing").run()
    assert shown_scene(at) == "moscow-beijing"
    assert at.query_params["scene"] == "moscow-beijing"


def test_unknown_scene_in_url_falls_back_to_explore():
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["scene"] = "no-such-scene"
    at.run()
    assert not at.exception
    assert at.sidebar.radio(key="mode").value == "explore"


def test_scene_shows_only_its_layers_and_highlights():
    at = tour("sakhalin-energy")
    text = script(at)
    assert "Sakhalin-1 and Sakhalin-2" in text
    assert "Reported Russian deployments" not in text
    assert '"weight": 4.5' in text  # the highlighted terminals: 3 + 1.5


def test_year_slider_hides_and_shows_dated_features():
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    assert "Su-35S fighters at Iturup" in script(at)
    assert "4th joint strategic air patrol" in script(at)
    at.sidebar.select_slider(key="year").set_value(2016).run()
    text = script(at)
    assert "Bastion-P coastal anti-ship missile division" in text  # reported 2016-11-22
    assert "Su-35S fighters at Iturup" not in text  # reported 2018
    assert "joint strategic air patrol" not in text  # first one 2019
    assert "as of 2016" in text
    at.sidebar.select_slider(key="year").set_value(2022).run()
    assert "4th joint strategic air patrol" in script(at)  # 2022-05-24
    assert "Su-35S fighters at Iturup" in script(at)


def test_events_list_follows_the_year():
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    at.sidebar.select_slider(key="year").set_value(2022).run()
    listed = " ".join(m.value for m in at.sidebar.markdown)
    assert "Russia launches its full-scale invasion of Ukraine" in listed
    assert "entry bans" not in listed
    at.sidebar.select_slider(key="year").set_value(2025).run()
    assert "entry bans" in " ".join(m.value for m in at.sidebar.markdown)


@pytest.mark.parametrize(
    ("language", "kunashir"),
    [("en", "Kunashiri / Kunashir"), ("ja", "国後島"), ("ru", "Кунашир")],
)
def test_language_switch_changes_map_labels(language, kunashir):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    at.sidebar.radio(key="lang").set_value(language).run()
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), script(at))
    assert f'<div class=\\"fa-label fa-near-only\\">{kunashir}</div>' in text
