"""Steering the map in the browser: one small Leaflet plug-in, one job.

The web map carries every layer, feature, label and language once; ``window.atlas.apply(state)``
then shows what a person chose — layers, timeline year, labels, distances, language,
highlighted features, the view to fly to — without rebuilding or reloading the map, so
their pan and zoom survive every change. The state is plain JSON made in Python by
``layers.plan.view.client_state``; the page hands it over by calling ``atlas.apply`` from a
sibling frame, or leaves it in ``window.parent.atlas.state`` for a map still loading.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TypedDict

from branca.element import MacroElement
from jinja2 import Template

from layers.core.records import Layer
from layers.plan.framing import subject_bounds
from layers.plan.label_placement import (
    HIDDEN,
    MIN_ZOOM,
    ZOOM_STEP,
    LabelPlan,
    Shown,
    map_spots,
    placement,
)
from layers.plan.view import ViewOptions, focus_bounds, in_time, is_visible, plan_view, sources_line
from layers.record.distances import Measure
from layers.record.marks import mark_feature
from layers.web.mapscript import script_text
from layers.web.phone import NARROW_PX


class Register(MacroElement):
    """Tells the steering which Leaflet objects make up one layer (added to its group)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.atlas = window.atlas || {};
        (window.atlas.layers = window.atlas.layers || {})[{{ this.key|tojson }}] = {
            group: {{ this._parent.get_name() }},
            geojson: {{ this.geojson or "null" }},
            labels: {{ this.labels or "[]" }},
        };
        {% endmacro %}
        """
    )

    def __init__(self, key: str, geojson: str | None, labels: str | None):
        super().__init__()
        self._name = "Register"
        self.key, self.geojson, self.labels = key, geojson, labels


class Steering(MacroElement):
    """Defines ``window.atlas.apply(state)`` on the map's window and applies the first state."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.code }}
        window.atlas.steer(
            {{ this._parent.get_name() }}, {{ this.tiles|tojson }}, {{ this.state|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, state: ClientState, tiles: dict[str, tuple[str, str]]):
        super().__init__()
        self._name = "Steering"
        self.state, self.tiles = state, tiles
        self.code = script_text("steering.js")


class Fit(TypedDict):
    bounds: list[list[float]]  # [[south, west], [north, east]]: the frame, on a wide map
    subject: list[list[float]]  # the part fitted on a map narrower than ``narrow`` px
    narrow: int  # (layers.plan.framing: a scene's subject; else the frame itself)
    move: str  # the explicit move ("scene:<id>", "focus:<key>") or the bounds as text


class Compare(TypedDict):
    """Two years side by side (``layers.plan.comparison``; ``static/compare.js``)."""

    years: list[int | None]  # [left, right]; None: now
    names: list[str]  # ["1945", "now"]: what each side is called


class ClientState(TypedDict):
    """The state the page hands the map (``window.atlas.apply``): declared once, here;
    ``tests/web/test_steering.py`` checks that the scripts in ``static/`` read no other key."""

    layers: list[str]  # keys of the layers shown
    year: int | None  # the timeline's year (None: now)
    labels: bool
    distances: bool
    lang: str
    highlight: list[list[str]]  # [layer key, feature id] of the scene's subject
    title: str
    sources: str  # the sources line of what is shown
    tiles: str | None  # an online base map's key, or None for the shipped land
    focus: list[str] | None  # [layer key, feature id] chosen in the feature table
    fit: Fit
    place: LabelPlan  # the label placement (layers.plan.label_placement.placement)
    compare: Compare | None  # two years side by side, or None
    marks: list[dict]  # the reader's own marks as GeoJSON features (layers.record.marks)
    version: str  # a digest of the rest: the map skips a state it has applied


def everything(layers: Sequence[Layer]) -> ViewOptions:
    """What the web map carries: every layer, label and distance, all years; the browser
    then shows what ``client_state`` says (see ``layers.web.steering``)."""
    return ViewOptions(visible=frozenset(layer.key for layer in layers), every_date=True)


def client_state(
    layers: Sequence[Layer],
    options: ViewOptions,
    move: str = "",
    measures: Sequence[Measure] = (),
) -> ClientState:
    """The browser's half of ``options`` as JSON, for ``atlas.apply``: the same choices
    ``plan_view`` makes on the server, applied to the map the browser already has.

    ``move`` names an explicit move (a focus, a scene): the map flies to the bounds when
    it changes, and otherwise keeps the reader's own view. ``measures`` are the map's
    distances, for placing every label (``layers.plan.label_placement``).
    """
    frame = options.bounds or focus_bounds(layers, options.focus)
    (south, west), (north, east) = frame
    # A scene's view (its own bounds) has a subject to fit on a phone; a focus is its frame.
    subject = subject_bounds(layers, options.highlight, frame) if options.bounds else frame
    shown = [layer for layer in layers if is_visible(layer, options)]
    pair = options.compare
    years = [options.as_of_year] if pair is None else [pair.left, pair.right]
    features = (f for layer in shown for f in layer.features if any(in_time(f, y) for y in years))
    state: ClientState = {
        "layers": sorted(layer.key for layer in shown),
        "year": options.as_of_year,
        "labels": options.show_labels,
        "distances": options.show_distances,
        "lang": options.lang,
        "highlight": sorted([layer, fid] for layer, fid in options.highlight),
        "title": options.title,
        "sources": sources_line(features),
        "tiles": options.online_tiles,
        "focus": list(options.focus_feature) if options.focus_feature else None,
        "fit": {
            "bounds": [[south, west], [north, east]],
            "subject": [list(subject[0]), list(subject[1])],
            "narrow": NARROW_PX,
            "move": move or f"{south},{west},{north},{east}",
        },
        "place": {"min": MIN_ZOOM, "step": ZOOM_STEP, "labels": {}},  # placed below
        "compare": None if pair is None else {"years": years, "names": list(pair.names)},
        "marks": [mark_feature(mark) for mark in options.marks],
        "version": "",
    }
    state["place"] = label_placement(layers, measures, state, years[0])
    if pair is not None:  # each label placed as on its side's map
        right = label_placement(layers, measures, state, pair.right)
        state["place"] = merged_placement(state["place"], right)
    digest = hashlib.blake2b(json.dumps(state, sort_keys=True).encode(), digest_size=6)
    state["version"] = digest.hexdigest()
    return state


def label_placement(
    layers: Sequence[Layer], measures: Sequence[Measure], state: ClientState, year: int | None
) -> LabelPlan:
    """Where the map's labels go at each zoom for what ``state`` shows as of ``year`` (the
    timeline's, or a comparison's side's) (``layers.plan.label_placement``)."""
    spots = map_spots(plan_view(layers, everything(layers), measures))
    shown = Shown(
        layers=frozenset(state["layers"]),
        year=year,
        lang=state["lang"],
        labels=state["labels"],
        distances=state["distances"],
        highlight=frozenset((layer, fid) for layer, fid in state["highlight"]),
        tour=state["fit"]["move"].startswith("scene:"),
    )
    return placement(spots, shown)


def merged_placement(first: LabelPlan, second: LabelPlan) -> LabelPlan:
    """Labels placed for two years: each label as ``first`` places it, unless ``first``
    hides it at every zoom (its feature is not of that year): then as ``second`` does."""
    labels = {
        key: [
            code if code.strip(HIDDEN) else other
            for code, other in zip(codes, second["labels"].get(key, codes), strict=False)
        ]
        for key, codes in first["labels"].items()
    }
    return {**first, "labels": labels}
