"""The tour on a stick: a static site of the classroom tour (``python -m layers export
--format site --out DIR``).

An index and one page per scene: the scene's map (its layers only), its title, place in the
tour, quotes and caption, previous/next links and the presenter's keys
(``layers/web/static/presenter.js``). What every page needs — Leaflet, the carried font, our
plug-ins' code, each layer's features — is a shared file under ``assets/``
(``layers.classroom.site_assets``), so the first page loads it once and each next page is
small; a page also loads the layer files a later scene could not afford
(``layers.classroom.site_preload``). No server and no internet: it opens from disk
(``file://``), from a USB stick or from any static host. All text is escaped once
(``popups.escape``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from branca.element import Element

from layers.classroom.site_assets import (
    ASSETS,
    ATLAS_JS,
    layer_file,
    layer_script,
    merge_data,
    share,
    shared_files,
    versioned,
)
from layers.classroom.site_preload import ahead, with_preloads
from layers.core import fonts
from layers.core.records import Scene
from layers.core.text import escape
from layers.plan.view import ViewOptions, plan_view, scene_options
from layers.record.atlas import Atlas
from layers.web.a11y import as_document
from layers.web.mapbuild import build_map
from layers.web.mapscript import add_map_call, page_of
from layers.web.page_text import quotes_html
from layers.web.presenter import KEYS_HINT, scene_card, script_json
from layers.web.steering import client_state, everything

INDEX = "index.html"
TITLE = "Frontier Atlas: classroom tour"
SIDE = "34%"  # of the page beside the map, on a wide screen
CSS = f"""<style>
.folium-map {{ position: absolute !important; left: 0 !important; top: 0 !important;
  width: auto !important; right: {SIDE}; }}
:root:not(:fullscreen) .folium-map {{ height: auto !important; bottom: 0; }}
:root:fullscreen .folium-map {{ right: 0; }}
:root:fullscreen .fa-site {{ display: none; }}
.fa-site {{ position: absolute; top: 0; right: 0; bottom: 0; width: {SIDE}; overflow-y: auto;
  box-sizing: border-box; padding: 16px 20px; color: #111; background: #fff;
  font-family: "Noto Sans", "{fonts.FAMILY}", "DejaVu Sans", Arial, sans-serif; }}
.fa-site h1 {{ font-size: 28px; margin: 6px 0 10px; line-height: 1.2; }}
.fa-site nav {{ display: flex; gap: 8px; font-size: 18px; }}
.fa-site nav a {{ flex: 1; text-align: center; padding: 6px; border: 1px solid #bbb;
  border-radius: 6px; color: #111; text-decoration: none; }}
.fa-site .fa-count {{ margin: 10px 0 4px; font-size: 16px; }}
.fa-site progress {{ width: 100%; height: 10px; }}
.fa-site .fa-site-caption {{ font-size: 18px; line-height: 1.45; }}
.fa-site .fa-keys {{ font-size: 13px; color: #555; }}
@media (max-width: 640px) {{
  .folium-map {{ right: 0; }}
  :root:not(:fullscreen) .folium-map {{ bottom: auto; height: 62vh !important; }}
  .fa-site {{ top: 62vh; left: 0; width: auto; bottom: auto; }}
}}
</style>"""


def page_name(number: int, scene: Scene) -> str:
    return f"{number}-{scene.id}.html"


def links(scenes: Sequence[Scene], index: int) -> dict[str, str | None]:
    """The pages the presenter's keys go to from scene ``index`` (None: nowhere)."""
    names = [page_name(n, s) for n, s in enumerate(scenes, start=1)]
    return {
        "first": names[0],
        "prev": names[index - 1] if index > 0 else None,
        "next": names[index + 1] if index + 1 < len(names) else None,
        "last": names[-1],
    }


def aside_html(scene: Scene, number: int, count: int, nav: dict[str, str | None]) -> str:
    """The column beside the map: navigation, place in the tour, title, quotes, caption."""

    def link(key: str, text: str) -> str:
        target = nav[key] if nav[key] is not None else INDEX
        return f'<a href="{escape(target)}" rel="{key}">{escape(text)}</a>'

    return (
        '<aside class="fa-site">'
        f"<nav>{link('prev', '◀ Previous')}{link('next', 'Next ▶')}"
        f'<a href="{INDEX}">Contents</a></nav>'
        f'<p class="fa-count">Scene {number} of {count}</p>'
        f'<progress max="{count}" value="{number}">{number} / {count}</progress>'
        f"<h1>{escape(scene.title)}</h1>{quotes_html(scene.quotes)}"
        f'<p class="fa-site-caption">{escape(scene.caption)}</p>'
        f'<p class="fa-keys">{escape(KEYS_HINT)}</p></aside>'
    )


def scene_page(
    atlas: Atlas, scenes: Sequence[Scene], index: int, lang: str
) -> tuple[str, dict[str, str]]:
    """One scene's page: its map (only its layers, their data in shared files) with the
    column beside it; and its layers' data (JSON text, by layer key)."""
    scene, number = scenes[index], index + 1
    options = scene_options(scene, ViewOptions(lang=lang))
    layers = [layer for layer in atlas.layers if layer.key in scene.layers]
    measures = atlas.measures if options.show_distances else ()
    state = client_state(layers, options, f"scene:{scene.id}", measures)
    fmap = build_map(plan_view(layers, everything(layers), measures), state)
    nav = links(scenes, index)
    shared = share(fmap)
    root = page_of(fmap)
    root.header.add_child(Element(CSS), name="frontier_atlas_site_css")
    root.html.add_child(Element(aside_html(scene, number, len(scenes), nav)), name="fa_site")
    card = scene_card(scene, number, len(scenes))
    bounds = state["fit"]["bounds"]
    arguments = ", ".join(script_json(value) for value in (card, nav, bounds))
    add_map_call(fmap, f"window.atlas.presenterSite({arguments});")
    html, data = shared.render()
    heading = atlas.tour_title or TITLE
    return as_document(html, f"{number}. {scene.title} — {heading}", options.lang), data


def index_page(scenes: Sequence[Scene], title: str = "", about: str = "") -> str:
    """The contents: the tour's title (ours when ``title`` is empty) and what it is
    ``about``, every scene, and the keys (→ opens the first)."""
    title = title or TITLE
    words = f'<p class="fa-about">{escape(about)}</p>' if about else ""
    items = "".join(
        f'<li><a href="{escape(page_name(n, s))}">{escape(s.title)}</a></li>'
        for n, s in enumerate(scenes, start=1)
    )
    first, last = page_name(1, scenes[0]), page_name(len(scenes), scenes[-1])
    nav = {"first": first, "prev": None, "next": first, "last": last}
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>body {{ font: 20px/1.5 'DejaVu Sans', Arial, "
        "sans-serif; max-width: 46em; margin: 2em auto; padding: 0 1em; color: #111; }</style>"
        f"</head><body><h1>{escape(title)}</h1>{words}<p>{escape(KEYS_HINT)}</p><ol>{items}</ol>"
        f'<script src="{ASSETS}/{ATLAS_JS}"></script>'
        f"<script>window.atlas.presenterAct = function(a) {{ var n = "
        f"{script_json(nav)}; if (!n[a]) return false; location.href = n[a]; return true; }};"
        "\nwindow.atlas.listenKeys(document, window.atlas.presenterAct);</script></body></html>"
    )


def site_files(atlas: Atlas, lang: str = "en") -> dict[str, bytes]:
    """Every file of the site, by name (``assets/<file>`` for the shared ones)."""
    scenes = list(atlas.scenes)
    pages = {INDEX: index_page(scenes, atlas.tour_title, atlas.tour_about)}
    data: dict[str, str] = {}
    for index, scene in enumerate(scenes):
        name = page_name(index + 1, scene)
        pages[name], page_data = scene_page(atlas, scenes, index, lang)
        merge_data(data, page_data, name)
    assets = shared_files() | {layer_file(k): layer_script(k, text) for k, text in data.items()}
    names = [page_name(n, s) for n, s in enumerate(scenes, start=1)]
    sizes = {f"{ASSETS}/{name}": len(content) for name, content in assets.items()}
    for name, later in zip(names, ahead([pages[n] for n in names], sizes), strict=True):
        pages[name] = with_preloads(pages[name], later)  # so each next scene is small
    files = {name: versioned(html, assets).encode("utf-8") for name, html in pages.items()}
    return files | {f"{ASSETS}/{name}": content for name, content in sorted(assets.items())}


def write_site(atlas: Atlas, out: Path, lang: str = "en") -> dict[Path, int]:
    """Write the site into ``out``; the size of each file written."""
    sizes = {}
    for name, data in site_files(atlas, lang).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
        sizes[out / name] = len(data)
    return sizes
