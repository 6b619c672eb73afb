"""The one loader of our own JavaScript: every plug-in's code is a file in ``static/``
(``script_text``), and ``add_map_script`` runs one on the folium map: its CSS goes into the
page's head once, its code into the map's script, followed by ``window.atlas.<function>(map)``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

STATIC = Path(__file__).with_name("static")


def page_of(fmap: folium.Map) -> Figure:
    """The page (branca's ``Figure``) the map is drawn in: folium puts every map in one."""
    root = fmap.get_root()
    if not isinstance(root, Figure):
        raise TypeError(f"the map is not in a page: its root is a {type(root).__name__}")
    return root


@cache
def script_text(name: str) -> str:
    """The code of our own file ``static/<name>`` (read once): code, not data."""
    return (STATIC / name).read_text(encoding="utf-8")


class MapScript(MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.code }}
        window.atlas.{{ this.function }}({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, name: str, script: str, function: str):
        super().__init__()
        self._name = name
        self.code = script_text(script)
        self.function = function


def add_map_script(fmap: folium.Map, name: str, css: str, script: str, function: str) -> None:
    """Add ``css`` to the page (once, under ``name``) and run ``window.atlas.<function>(map)`` from
    ``static/<script>``."""
    page_of(fmap).header.add_child(Element(css), name=f"frontier_atlas_{name}_css")
    MapScript(name, script, function).add_to(fmap)


class _MapCall(MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.code }}
        {% endmacro %}
        """
    )

    def __init__(self, code: str):
        super().__init__()
        self._name = "MapCall"
        self.code = code


def add_map_call(fmap: folium.Map, code: str) -> None:
    """Run ``code`` in the map's script after every plug-in added before it (our own code,
    with any data in it as ``script_json``)."""
    _MapCall(code).add_to(fmap)
