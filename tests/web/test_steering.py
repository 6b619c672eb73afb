"""The state the page hands the map is declared once (``ClientState``): what the server
sends has exactly its keys, and the map's scripts read no key it does not declare."""

from __future__ import annotations

import re
import typing

from layers.plan.view import ViewOptions
from layers.web.mapscript import STATIC
from layers.web.steering import ClientState, Fit, client_state

# How the scripts name a state: the argument of atlas.apply and of the onState listeners
# (``s``, ``state``), and the state kept on the window (``atlas.state``).
STATE_READ = re.compile(r"\b(?:s|state|atlas\.state)\.(\w+)(?:\.(\w+))?")


def test_the_server_sends_exactly_the_declared_keys(shipped_atlas):
    state = client_state(shipped_atlas.layers, ViewOptions(), "focus:frontier")
    assert set(state) == set(typing.get_type_hints(ClientState))
    assert set(state["fit"]) == set(typing.get_type_hints(Fit))


def test_the_scripts_read_only_declared_keys():
    declared = set(typing.get_type_hints(ClientState))
    fit = set(typing.get_type_hints(Fit))
    read: dict[str, set[str]] = {}
    for path in sorted(STATIC.glob("*.js")):
        for key, inner in STATE_READ.findall(path.read_text(encoding="utf-8")):
            read.setdefault(key, set()).add(path.name)
            if key == "fit" and inner:
                assert inner in fit, f"{path.name} reads state.fit.{inner}, not in Fit"
    assert set(read) <= declared, {k: v for k, v in read.items() if k not in declared}
    # the check sees the scripts' real reads (it would pass vacuously on no match)
    assert {"layers", "year", "lang", "fit", "place", "version"} <= set(read)


def test_a_scene_fits_its_subject_on_a_narrow_map_and_a_focus_its_frame(shipped_atlas):
    """fit.subject: the scene's highlighted Hokkaido (41.4-45.5 N, 139.8-145.8 E, padded)
    inside its frame; a focus (no scene) fits the same bounds whatever the width."""
    from layers.plan.view import scene_options

    scene = shipped_atlas.scene("sanctions")
    fit = client_state(shipped_atlas.layers, scene_options(scene), "scene:sanctions")["fit"]
    assert fit["bounds"] == [[40.0, 134.0], [54.5, 156.0]]
    (south, west), (north, east) = fit["subject"]
    assert 40.0 <= south <= 41.4
    assert 45.5 <= north <= 54.5
    assert 134.0 <= west <= 139.8
    assert 145.8 <= east <= 156.0
    assert north - south < 6
    assert east - west < 8
    assert fit["narrow"] == 640  # Streamlit stacks its columns below this width
    focus = client_state(shipped_atlas.layers, ViewOptions(), "focus:frontier")["fit"]
    assert focus["subject"] == focus["bounds"]
