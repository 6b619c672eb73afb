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
