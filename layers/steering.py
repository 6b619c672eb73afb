"""Steering the map in the browser: one small Leaflet plug-in, one job.

The web map carries every layer, feature, label and language once; ``atlasApply(state)``
then shows what a person chose — layers, timeline year, labels, distances, language,
highlighted features, the view to fly to — without rebuilding or reloading the map, so
their pan and zoom survive every change. The state is plain JSON made in Python by
``layers.view.client_state``; the page hands it over by calling ``atlasApply`` from a
sibling frame, or leaves it in ``window.parent.__atlasState`` for a map still loading.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from branca.element import MacroElement
from jinja2 import Template

SCRIPT = Path(__file__).with_name("steering.js")


@lru_cache(maxsize=1)
def steering_js() -> str:
    """The plug-in's code (our own file, not data): inserted into the map's script."""
    return SCRIPT.read_text(encoding="utf-8")


class Register(MacroElement):
    """Tells the steering which Leaflet objects make up one layer (added to its group)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (window.atlasLayers = window.atlasLayers || {})[{{ this.key|tojson }}] = {
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
    """Defines ``atlasApply(state)`` on the map's window and applies the first state."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.code }}
        atlasSteer({{ this._parent.get_name() }}, {{ this.tiles|tojson }}, {{ this.state|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, state: dict, tiles: dict[str, tuple[str, str]]):
        super().__init__()
        self._name = "Steering"
        self.state, self.tiles = state, tiles
        self.code = steering_js()
