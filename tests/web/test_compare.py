"""Compare on the web map: the state names the two years; each label is placed as on its
side's map; the plug-in is carried once, small (its page weight is bounded here)."""

from __future__ import annotations

import re

import pytest

from layers.plan.comparison import Comparison
from layers.plan.view import ViewOptions
from layers.web.mapbuild import atlas_map
from layers.web.steering import client_state

HIDDEN = "-"  # a label's code at a zoom where it is not shown (labels.js)


@pytest.fixture(scope="module")
def map_html(shipped_atlas) -> str:
    fmap = atlas_map(shipped_atlas.layers, shipped_atlas.measures, ViewOptions())
    return fmap.get_root().render()


def placed(state, layer: str) -> int:
    """Labels of ``layer`` shown at some zoom."""
    return sum(1 for code in state["place"]["labels"].get(layer, []) if code.strip(HIDDEN))


def test_the_state_names_both_years_and_places_labels_of_either(shipped_atlas):
    layers, measures = shipped_atlas.layers, shipped_atlas.measures
    state = client_state(layers, ViewOptions(compare=Comparison(2000, None)), measures=measures)
    assert state["compare"] == {"years": [2000, None], "names": ["2000", "now"]}
    then = client_state(layers, ViewOptions(as_of_year=2000), measures=measures)
    now = client_state(layers, ViewOptions(), measures=measures)
    assert now["compare"] is None
    # Sakhalin's oil and gas sites: two by 2000 (Sakhalin-2's first), the rest later
    assert 0 < placed(then, "sakhalin_energy") < placed(now, "sakhalin_energy")
    # the later ones are labelled on the "now" side, whichever side it is
    for pair in (Comparison(2000, None), Comparison(None, 2000)):
        both = client_state(layers, ViewOptions(compare=pair), measures=measures)
        assert placed(both, "sakhalin_energy") == placed(now, "sakhalin_energy"), pair


def test_the_map_carries_the_divider_once_and_it_is_small(map_html):
    assert map_html.count("atlas.compare = function") == 1
    assert map_html.count("window.atlas.compare(") == 1
    assert "role', 'separator'" in map_html
    script = re.search(r"atlas\.compare = function.*?\n};\n", map_html, re.S)
    assert script is not None
    css = re.search(r"<style>\s*\.fa-compare-bar.*?</style>", map_html, re.S)
    assert css is not None
    weight = len(script.group(0).encode()) + len(css.group(0).encode())
    assert weight < 8_000, f"compare adds {weight} bytes to the page"
