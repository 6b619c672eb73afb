"""The page address carries the view (issue 26): an address with layers, year, language and
the map's view opens the page showing them; a wrong address opens the page as usual, without
a word; exploring writes the address."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

SHIPPED_LAYERS = {  # geodata/layers: shown at first or not (literals of the shipped data)
    "basemap_land": True,
    "hokkaido": True,
    "disputed_islands": True,
    "island_settlements": True,
    "hokkaido_points": True,
    "sakhalin_energy": True,
    "deployments": True,
    "joint_patrols": True,
    "history": False,
    "claimed_ranges": False,
}
START_JS = re.compile(r"var start = (.*?);\n")


def opened(new_app_test, **params: str) -> AppTest:
    at = new_app_test()
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def start_views(at: AppTest) -> list[str]:
    """The first views the page handed the map (``null``: none asked for)."""
    return [
        match.group(1)
        for frame in at.get("iframe")
        if (match := START_JS.search(frame.proto.srcdoc))
    ]


def checked(at: AppTest) -> dict[str, bool]:
    return {key: at.sidebar.checkbox(key=f"show_{key}").value for key in SHIPPED_LAYERS}


def test_an_address_with_all_four_opens_what_it_says(new_app_test, pushed_state):
    at = opened(
        new_app_test,
        layers="history,deployments,claimed_ranges",
        year="1956",
        lang="ja",
        view="43.6,145.5,8",
    )
    assert not at.exception
    assert not at.error
    assert not at.warning
    assert checked(at) == {
        key: key in {"history", "deployments", "claimed_ranges"} for key in SHIPPED_LAYERS
    }
    assert at.sidebar.select_slider(key="year").value == 1956
    assert at.sidebar.radio(key="lang").value == "ja"
    state = pushed_state(at)
    assert state["layers"] == ["claimed_ranges", "deployments", "history"]
    assert (state["year"], state["lang"]) == (1956, "ja")
    assert start_views(at) == ["[43.6, 145.5, 8.0]"]  # the map starts there
    # and the address keeps saying so (the view: until the map reports its own)
    assert at.query_params["layers"] == "claimed_ranges,deployments,history"
    assert (at.query_params["year"], at.query_params["lang"]) == ("1956", "ja")
    assert at.query_params["view"] == "43.6,145.5,8"


def test_the_first_view_is_handed_over_once(new_app_test):
    at = opened(new_app_test, view="43.6,145.5,8")
    assert start_views(at) == ["[43.6, 145.5, 8.0]"]
    at.sidebar.checkbox(key="show_history").check().run()
    assert start_views(at) == ["null"]  # later states keep the reader's own view


GARBAGE = {
    "layers": "no_such_layer,<script>alert(1)</script>",
    "year": "1957",  # not a year of the timeline
    "lang": "de",
    "view": "nan,145,8",
    "zoom": "99",
    "utm_source": "mail",
    "x" * 40: "%00%ff\u202e",
}


def test_garbage_in_the_address_is_ignored_without_a_word(new_app_test, pushed_state):
    at = opened(new_app_test, **GARBAGE)
    assert not at.exception
    assert not at.error
    assert not at.warning
    assert checked(at) == SHIPPED_LAYERS
    assert at.sidebar.select_slider(key="year").value == 2025  # now
    assert at.sidebar.radio(key="lang").value == "en"
    assert start_views(at) == ["null"]
    assert pushed_state(at)["year"] is None
    assert at.query_params["lang"] == "en"
    assert "view" in at.query_params
    assert at.query_params["view"] == GARBAGE["view"]


def test_out_of_range_views_are_ignored(new_app_test):
    for view in ("95,145,8", "43.6,145.5,3", "43.6,145.5,13", "43.6,145.5", "1e999,1,8", ""):
        at = opened(new_app_test, view=view)
        assert not at.exception, view
        assert not at.error, view
        assert start_views(at) == ["null"], view


def test_exploring_writes_the_address(new_app_test):
    at = new_app_test().run()
    assert at.query_params["lang"] == "en"
    assert "year" not in at.query_params  # now
    shown = {key for key, on in SHIPPED_LAYERS.items() if on}
    assert at.query_params["layers"] == ",".join(sorted(shown))
    at.sidebar.checkbox(key="show_deployments").uncheck().run()
    at.sidebar.radio(key="lang").set_value("ru").run()
    at.sidebar.select_slider(key="year").set_value(2014 + 1).run()
    assert at.query_params["layers"] == ",".join(sorted(shown - {"deployments"}))
    assert (at.query_params["lang"], at.query_params["year"]) == ("ru", "2015")


def test_a_tour_address_keeps_its_scene_and_ignores_a_view(new_app_test, pushed_state):
    at = opened(new_app_test, scene="sanctions", view="43.6,145.5,8", lang="ru")
    assert not at.exception
    assert not at.error
    assert at.query_params["scene"] == "sanctions"
    assert pushed_state(at)["fit"]["move"] == "scene:sanctions"
    assert pushed_state(at)["lang"] == "ru"
    assert set(start_views(at)) == {"null"}
    assert "view" not in at.query_params
    assert "layers" not in at.query_params


def test_a_new_session_on_the_address_the_last_one_wrote_shows_the_same(new_app_test, pushed_state):
    """What a reconnecting page gets (issue 26 item 4): Streamlit sends a new session the
    address the page last had, which this page wrote."""
    before = new_app_test().run()
    before.sidebar.checkbox(key="show_claimed_ranges").check().run()
    before.sidebar.radio(key="lang").set_value("ru").run()
    before.sidebar.select_slider(key="year").set_value(2022).run()
    written = dict(before.query_params)  # a plain dict: one string a key here
    written["view"] = "44.02,145.86,9"  # as the map would have reported it
    after = opened(new_app_test, **written)
    assert not after.exception
    for key in ("layers", "year", "lang"):
        assert pushed_state(after)[key] == pushed_state(before)[key], key
    assert checked(after) == checked(before)
    assert start_views(after) == ["[44.02, 145.86, 9.0]"]


def test_switching_to_the_tour_and_back_rewrites_the_address(new_app_test):
    at = opened(new_app_test, view="43.6,145.5,8", year="2022")
    at.sidebar.radio(key="mode").set_value("tour").run()
    assert not at.exception
    assert set(at.query_params) == {"scene", "lang"}  # the scene says what is shown
    at.sidebar.radio(key="mode").set_value("explore").run()
    assert not at.exception
    assert "scene" not in at.query_params
    assert (at.query_params["year"], at.query_params["lang"]) == ("2022", "en")
    assert "layers" in at.query_params  # the view: when the map reports it after its flight
