"""The sidebar's "Compare": on, it hands the map two years (1945 and now first) without
rebuilding it; the years chosen go to the map and to the exports; off, it is gone."""

from __future__ import annotations

from layers.plan.comparison import Comparison


def test_compare_sets_two_years_without_rebuilding_the_map(app_test, map_script, pushed_state):
    at = app_test()
    built = map_script(at)
    assert pushed_state(at)["compare"] is None
    at.sidebar.toggle(key="compare").set_value(True).run()
    assert pushed_state(at)["compare"] == {"years": [1945, None], "names": ["1945", "now"]}
    assert at.session_state.on_screen["options"].compare == Comparison(1945, None)
    assert at.sidebar.select_slider(key="year").disabled  # each side has its own year
    at.sidebar.selectbox(key="compare_left").set_value(2021).run()
    assert pushed_state(at)["compare"]["names"] == ["2021", "now"]
    at.sidebar.toggle(key="compare").set_value(False).run()
    assert pushed_state(at)["compare"] is None
    assert not at.sidebar.select_slider(key="year").disabled
    assert map_script(at) == built  # the map is not rebuilt: the browser compares
    assert not at.exception
