"""The files every page of the tour on a stick shares (``assets/``), so a browser loads them
once and each next scene page is small.

The one-file HTML export inlines everything (``layers.web.offline``); a site page instead
links the same things from ``assets/``: Leaflet's script and stylesheet, the carried font
(``fonts.css``, its faces still ``data:`` URLs: Chromium refuses a font file from
``file://``), our plug-ins' code (``atlas.js``, every ``static/*.js``) and each layer's
features (``layer-<key>.js``). Everything is a classic ``<script src>`` or ``<link>``: a page
opened from ``file://`` (a USB stick) may load those, never ``fetch()`` a JSON file. A layer's
file is a script that sets ``window.atlas.data[<key>]``; the page's map reads its features
from there. Each link names its file's content (``?v=<digest>``), so a static host may let
browsers keep the files for good: a new export links new versions.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import folium
from branca.element import Element
from jinja2 import Template

from layers.core import fonts
from layers.web.chrome import FONTS
from layers.web.mapscript import STATIC, page_of, script_text
from layers.web.offline import LEAFLET_CSS, leaflet_css, leaflet_dir
from layers.web.steering import Register

ASSETS = "assets"  # the folder beside the pages
LEAFLET_JS, LEAFLET_STYLE, FONT_CSS, ATLAS_JS = "leaflet.js", "leaflet.css", "fonts.css", "atlas.js"
KEY = re.compile(r"[a-z0-9_]+")
TOJSON = Template("{{ data|tojson }}")  # folium writes a GeoJson's data with this filter
LINK = re.compile(rf'((?:src|href)="{ASSETS}/)([^"?]+)"')


def plugin_names() -> list[str]:
    return sorted(path.name for path in STATIC.glob("*.js"))


def shared_files() -> dict[str, bytes]:
    """The files every page links, by name under ``assets/``."""
    faces = fonts.font_face_css().removeprefix("<style>").removesuffix("</style>")
    code = "\n".join(script_text(name) for name in plugin_names())
    return {
        LEAFLET_JS: (leaflet_dir() / "leaflet.js").read_bytes(),
        LEAFLET_STYLE: leaflet_css().encode("utf-8"),
        FONT_CSS: faces.strip().encode("utf-8") + b"\n",
        ATLAS_JS: code.encode("utf-8"),
    }


def layer_file(key: str) -> str:
    if not KEY.fullmatch(key):
        raise ValueError(f"layer key {key!r} cannot name a file: use a-z, 0-9 and _")
    return f"layer-{key}.js"


def layer_script(key: str, data_json: str) -> bytes:
    """A layer's features as a script that sets ``window.atlas.data[key]``."""
    return (
        "window.atlas = window.atlas || {};\n"
        f'(window.atlas.data = window.atlas.data || {{}})["{key}"] = {data_json};\n'
    ).encode()


def walk(element: Element) -> Iterator[Element]:
    yield element
    for child in element._children.values():
        yield from walk(child)


@dataclass
class SharedPage:
    """A map rewired to ``assets/``; ``render`` writes its page and its layers' data."""

    fmap: folium.Map
    layers: dict[str, folium.GeoJson] = field(default_factory=dict)  # by layer key

    def render(self) -> tuple[str, dict[str, str]]:
        """The page's HTML, and each of its layers' data (JSON text, by key) for its file:
        plain UTF-8 and no spaces (a script file, not HTML: nothing to escape for a page)."""
        html = page_of(self.fmap).render()
        data = {}
        for key, geojson in self.layers.items():
            data[key] = json.dumps(geojson.data, ensure_ascii=False, separators=(",", ":"))
            inline = f"{geojson.get_name()}_add({TOJSON.render(data=geojson.data)});"
            if html.count(inline) != 1:
                raise ValueError(f"layer {key!r}: its data is not where folium writes it")
            shared = f'{geojson.get_name()}_add(window.atlas.data["{key}"]);'
            html = html.replace(inline, shared)
        return html, data


def share(fmap: folium.Map) -> SharedPage:
    """Point ``fmap`` at the shared files instead of its inlined copies (Leaflet, the font,
    our plug-ins' code) and link each of its layers' data file (``SharedPage.render``)."""
    root = page_of(fmap)
    for name in (LEAFLET_CSS, FONTS):
        if root.header._children.pop(name, None) is None:
            raise ValueError(f"the page has no {name!r}: layers.web changed how it inlines it")
    fmap.default_js = [("leaflet", f"{ASSETS}/{LEAFLET_JS}")]
    links = [f'<link rel="stylesheet" href="{ASSETS}/{n}">' for n in (LEAFLET_STYLE, FONT_CSS)]
    root.header.add_child(Element("".join(links)), name="fa_shared_css")
    code = {script_text(name) for name in plugin_names()}
    page = SharedPage(fmap)
    geojsons = {}
    for element in walk(fmap):
        if getattr(element, "code", None) in code:
            element.code = ""  # type: ignore[attr-defined]  # defined by assets/atlas.js
        if isinstance(element, folium.GeoJson):
            geojsons[element.get_name()] = element
        if isinstance(element, Register) and element.geojson is not None:
            page.layers[element.key] = geojsons[element.geojson]
    scripts = [ATLAS_JS] + [layer_file(key) for key in page.layers]
    tags = "".join(f'<script src="{ASSETS}/{name}"></script>' for name in scripts)
    root.header.add_child(Element(tags), name="fa_shared_js")
    return page


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:12]


def versioned(html: str, assets: Mapping[str, bytes]) -> str:
    """``html`` with each link to a file in ``assets`` naming its content (``?v=``)."""

    def link(found: re.Match[str]) -> str:
        name = found[2]
        if name not in assets:
            raise ValueError(f"a page links {ASSETS}/{name}, which the site does not write")
        return f'{found[1]}{name}?v={digest(assets[name])}"'

    return LINK.sub(link, html)


def merge_data(found: dict[str, str], page_data: Mapping[str, str], page: str) -> None:
    """Add one page's layer data to ``found``; a layer must be the same on every page."""
    for key, text in page_data.items():
        if found.setdefault(key, text) != text:
            raise ValueError(f"layer {key!r} differs on {page}: its file cannot be shared")
