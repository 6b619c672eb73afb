"""One way to run a file of our own JavaScript on the folium map: its CSS goes into the page's
head once, its code into the map's script, followed by ``function(map)``. Used by the legend
fold, the label placement and the presenter (each a ``.js`` file beside its module)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import folium
from branca.element import Element, MacroElement
from jinja2 import Template


@cache
def script_text(path: Path) -> str:
    """The code of one of our own ``.js`` files (read once)."""
    return path.read_text(encoding="utf-8")


class MapScript(MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.code }}
        {{ this.function }}({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, name: str, path: Path, function: str):
        super().__init__()
        self._name = name
        self.code = script_text(path)
        self.function = function


def add_map_script(fmap: folium.Map, name: str, css: str, path: Path, function: str) -> None:
    """Add ``css`` to the page (once, under ``name``) and run ``function(map)`` from ``path``."""
    fmap.get_root().header.add_child(Element(css), name=f"frontier_atlas_{name}_css")
    MapScript(name, path, function).add_to(fmap)
