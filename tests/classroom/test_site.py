"""The tour on a stick without a browser (layers/classroom/site.py, site_assets.py): small pages
that share their files under assets/, each page one well-formed document. (It runs in
Chromium from file:// in tests/browser/test_browser_site.py.)"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace

import pytest

import harness
from harness.document import document_problems
from layers.classroom.site import scene_page, site_files
from layers.classroom.site_preload import ahead, with_preloads
from layers.core.text import escape
from layers.record.tours import Tour, with_tour

SCENES = json.loads((harness.GEODATA_DIR / "scenes.json").read_text("utf-8"))["scenes"]
PAGES = ["index.html"] + [f"{n}-{s['id']}.html" for n, s in enumerate(SCENES, start=1)]
LINKED = re.compile(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"?]+)(?:\?v=\w+)?"')
SHARED = {"assets/leaflet.js", "assets/leaflet.css", "assets/fonts.css", "assets/atlas.js"}
LAYER_DATA = re.compile(
    r"^window\.atlas = window\.atlas \|\| \{\};\n\(window\.atlas\.data = "
    r'window\.atlas\.data \|\| \{\}\)\["([a-z0-9_]+)"\] = (.*);\n$',
    re.S,
)


@pytest.fixture(scope="module")
def files(shipped_atlas) -> dict[str, bytes]:
    return site_files(shipped_atlas)


def linked(files: dict[str, bytes], page: str) -> set[str]:
    return set(LINKED.findall(files[page].decode("utf-8")))


def test_the_site_is_its_pages_and_their_assets(files):
    pages = [name for name in files if "/" not in name]
    assert sorted(pages) == sorted(PAGES)
    assert all(name.startswith("assets/") for name in files if name not in PAGES)
    every_link = set().union(*(linked(files, page) for page in PAGES))
    assert every_link == {name for name in files if name.startswith("assets/")}


@pytest.mark.parametrize("number", range(1, len(SCENES) + 1))
def test_a_scene_page_is_small_and_links_what_it_shares(files, number):
    scene, page = SCENES[number - 1], PAGES[number]
    assert len(files[page]) <= 100_000
    links = linked(files, page)
    assert links >= SHARED
    assert links >= {f"assets/layer-{key}.js" for key in scene["layers"]}
    text = files[page].decode("utf-8")
    assert "data:text/javascript" not in text
    assert "@font-face" not in text


def test_every_layer_file_is_a_script_of_its_features(files):
    islands = json.loads((harness.GEODATA_DIR / "disputed_islands.geojson").read_text("utf-8"))
    for name, content in files.items():
        if not name.startswith("assets/layer-"):
            continue
        found = LAYER_DATA.match(content.decode("utf-8"))
        assert found, name
        assert name == f"assets/layer-{found[1]}.js"
        data = json.loads(found[2])
        assert data["type"] == "FeatureCollection"
        assert data["features"], name
    text = files["assets/layer-disputed_islands.js"].decode("utf-8")
    data = json.loads(LAYER_DATA.match(text)[2])
    ids = sorted(f["properties"]["id"] for f in data["features"])
    assert ids == sorted(f["properties"]["id"] for f in islands["features"])


@pytest.mark.parametrize("page", PAGES)
def test_every_page_is_one_document(files, page):
    assert document_problems(files[page].decode("utf-8")) == []


def test_the_shared_css_has_no_ie_only_rules(files):
    for name in ("assets/leaflet.css", "assets/fonts.css"):
        assert "behavior" not in files[name].decode("utf-8"), name


def test_every_link_names_its_file_s_content(files):
    """``?v=`` is the start of the file's SHA-256: a host may let browsers keep the files."""
    for page in PAGES:
        text = files[page].decode("utf-8")
        for name, version in re.findall(r'"(assets/[^"?]+)\?v=(\w+)"', text):
            assert version == hashlib.sha256(files[name]).hexdigest()[:12], (page, name)
        assert len(re.findall(r'"assets/[^"?]+"', text)) == 0, page  # none unversioned


def test_walking_the_tour_each_next_scene_costs_at_most_100_kb(files):
    """Issue 25: the first page (the index, scene 1 and all they load) ≤ 1 MB; each next
    scene ≤ 100 kB: its page and the files no earlier page loaded (a page loads ahead the
    layer files a later scene cannot afford: before, scene 4 cost 235 kB)."""
    loaded = linked(files, "index.html") | linked(files, PAGES[1])
    first = sum(len(files[name]) for name in {"index.html", PAGES[1], *loaded})
    assert first <= 1_000_000, first
    costs = {}
    for page in PAGES[2:]:
        new = linked(files, page) - loaded
        costs[page] = len(files[page]) + sum(len(files[name]) for name in new)
        loaded |= new
    assert max(costs.values()) <= 100_000, costs
    assert loaded == {name for name in files if name.startswith("assets/")}


def test_a_scene_too_big_for_its_budget_hands_its_biggest_file_to_earlier_pages():
    def page(*names: str) -> str:
        return "<html><head>" + "".join(f'<script src="{n}"></script>' for n in names)

    sizes = {"a": 60_000, "b": 60_000, "c": 45_000, "d": 99_900}
    pages = [page("a"), page("a"), page("a", "b", "c"), page("a", "d")]
    # no page after the first can afford d (99.9 kB + a page): the first page loads it;
    # scene 3 keeps b (60 kB) but not c too (105 kB in all): scene 2 loads c ahead
    assert ahead(pages, sizes) == [["d"], ["c"], [], []]
    assert with_preloads("<head></head>", ["x.js"]) == (
        '<head><script defer src="x.js"></script></head>'
    )


def test_a_scene_saved_in_japanese_is_a_japanese_page(shipped_atlas):
    saved = replace(shipped_atlas.scenes[0], lang="ja")
    page, _ = scene_page(shipped_atlas, [saved], 0, "en")
    assert '<html lang="ja"' in page
    ours, _ = scene_page(shipped_atlas, [shipped_atlas.scenes[0]], 0, "ru")
    assert '<html lang="ru"' in ours


def test_the_index_is_headed_by_the_readers_tour_title(shipped_atlas):
    title, about = "<b>Sakhalin & energy</b>", "For <i>year 10</i>."
    mine = with_tour(shipped_atlas, Tour(shipped_atlas.scenes[:2], title, about))
    index = site_files(mine)["index.html"].decode()
    assert f"<h1>{escape(title)}</h1>" in index
    assert f"<title>{escape(title)}</title>" in index
    assert f'<p class="fa-about">{escape(about)}</p>' in index
    assert "classroom tour" not in index
    ours = site_files(with_tour(shipped_atlas, Tour(shipped_atlas.scenes[:2])))["index.html"]
    assert b"<h1>Frontier Atlas: classroom tour</h1>" in ours
