"""A reader's tour file: read as untrusted input (limits, bad parts dropped and named, never a
traceback, never another file read) and written back in the schema of geodata/scenes.json."""

from __future__ import annotations

import builtins
import copy
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layers.core.paths import GEODATA_DIR
from layers.core.records import Scene
from layers.record.sentences import article_sentences, sentences
from layers.record.tours import Tour, layer_ids, moved, read_tour, tour_bytes, with_tour

SHIPPED = json.loads((GEODATA_DIR / "scenes.json").read_text(encoding="utf-8"))
HOSTILE = "<script>alert(1)</script> $x$ **b** [a](http://x)"


def read(data: object, atlas) -> tuple[Tour, list]:
    return read_tour(json.dumps(data).encode(), atlas.article, layer_ids(atlas), "t.json")


def test_the_shipped_tour_reads_as_a_tour_file_and_writes_back_the_same(shipped_atlas):
    tour, problems = read(SHIPPED, shipped_atlas)
    assert problems == []
    assert [s.id for s in tour.scenes] == [s["id"] for s in SHIPPED["scenes"]]
    assert tour.scenes == shipped_atlas.scenes
    again, problems = read_tour(tour_bytes(tour), shipped_atlas.article, layer_ids(shipped_atlas))
    assert (again, problems) == (tour, [])
    compact, _ = read_tour(
        tour_bytes(tour, compact=True), shipped_atlas.article, layer_ids(shipped_atlas)
    )
    assert compact == tour


def test_what_a_reader_saved_round_trips(shipped_atlas):
    scene = Scene(
        "mine",
        HOSTILE,
        HOSTILE,
        (),
        ((43.0, 140.0), (46.0, 150.0)),
        frozenset({"hokkaido"}),
        frozenset(),
        year=1956,
        labels=False,
        distances=False,
    )
    tour = Tour((scene,), title=HOSTILE, about="about")
    data = json.loads(tour_bytes(tour))
    assert data["scenes"][0]["year"] == 1956
    assert data["scenes"][0]["labels"] is False
    assert read_tour(tour_bytes(tour), shipped_atlas.article, layer_ids(shipped_atlas)) == (
        tour,
        [],
    )


def test_bad_parts_are_dropped_and_named_by_scene_and_the_rest_loads(shipped_atlas):
    good = copy.deepcopy(SHIPPED["scenes"][0])
    bad = copy.deepcopy(good) | {"id": "../../etc/passwd", "title": "Bad parts"}
    bad["layers"].append("no_such_layer")
    bad["highlight"].append({"layer": "hokkaido", "id": "no_such_feature"})
    bad["quotes"].append({"quote": "Words the article never wrote.", "paragraph": 1})
    no_view = {"id": "no-view", "title": "No view", "layers": ["hokkaido"]}
    tour, problems = read({"scenes": [bad, good, no_view]}, shipped_atlas)
    assert [s.title for s in tour.scenes] == ["Bad parts", good["title"]]
    first = tour.scenes[0]
    assert "/" not in first.id
    assert "." not in first.id
    assert "no_such_layer" not in first.layers
    assert "history" in first.layers
    assert ("hokkaido", "no_such_feature") not in first.highlight
    assert len(first.quotes) == 1
    lines = [str(p) for p in problems]
    assert len(lines) == 5
    assert sum("scene 1 (../../etc/passwd)" in line for line in lines) == 4
    assert any("no_such_layer" in line for line in lines)
    assert any("not found verbatim" in line for line in lines)
    assert any("scene 3 (no-view)" in line and "left out" in line for line in lines)


def test_limits(shipped_atlas):
    scene = copy.deepcopy(SHIPPED["scenes"][0])
    many = [dict(scene, id=f"s{n}") for n in range(60)]
    tour, problems = read({"scenes": many}, shipped_atlas)
    assert len(tour.scenes) == 50
    assert "10 scene(s)" in str(problems[0])
    long = dict(scene, title="t" * 500, caption="c" * 5000, quotes=scene["quotes"] * 3)
    tour, problems = read({"scenes": [long]}, shipped_atlas)
    (only,) = tour.scenes
    assert len(only.title) == 120
    assert len(only.caption) == 2000
    assert len(only.quotes) == 2
    assert len(problems) == 3
    huge = b'{"scenes": [], "about": "' + b"x" * 1_000_001 + b'"}'
    tour, problems = read_tour(huge, shipped_atlas.article, layer_ids(shipped_atlas))
    assert tour.scenes == ()
    assert "1000 kB" in str(problems[0])


def test_duplicate_ids_are_renamed(shipped_atlas):
    scene = SHIPPED["scenes"][0]
    tour, problems = read({"scenes": [scene, scene]}, shipped_atlas)
    assert [s.id for s in tour.scenes] == [scene["id"], scene["id"] + "-2"]
    assert len(problems) == 1


def test_with_tour_is_what_every_export_reads(shipped_atlas):
    tour = Tour(shipped_atlas.scenes[:2])
    assert with_tour(shipped_atlas, tour).scenes == shipped_atlas.scenes[:2]
    assert with_tour(shipped_atlas, None) is shipped_atlas


def test_a_scene_keeps_its_language_and_a_bad_one_is_dropped_and_named(shipped_atlas):
    scene = copy.deepcopy(SHIPPED["scenes"][0])
    japanese, russian, bad, none = (
        dict(scene, id="ja", lang="ja"),
        dict(scene, id="ru", lang="ru"),
        dict(scene, id="bad", lang="klingon"),
        dict(scene, id="none"),
    )
    listed = dict(scene, id="listed", lang=["ja"])
    tour, problems = read({"scenes": [japanese, russian, bad, none, listed]}, shipped_atlas)
    assert [s.lang for s in tour.scenes] == ["ja", "ru", None, None, None]
    assert [str(p) for p in problems] == [
        't.json: scene 3 (bad): "lang" ignored: it must be one of en, ja, ru',
        't.json: scene 5 (listed): "lang" ignored: it must be one of en, ja, ru',
    ]
    data = json.loads(tour_bytes(tour))
    assert [item.get("lang") for item in data["scenes"]] == ["ja", "ru", None, None, None]
    assert read_tour(tour_bytes(tour), shipped_atlas.article, layer_ids(shipped_atlas)) == (
        tour,
        [],
    )
    assert all(s.lang is None for s in shipped_atlas.scenes)  # ours: the reader's choice


def test_with_tour_carries_the_tours_title(shipped_atlas):
    shown = with_tour(shipped_atlas, Tour(shipped_atlas.scenes[:1], HOSTILE, "about it"))
    assert (shown.tour_title, shown.tour_about) == (HOSTILE, "about it")
    assert (shipped_atlas.tour_title, shipped_atlas.tour_about) == ("", "")


def test_moved_keeps_every_scene(shipped_atlas):
    scenes = shipped_atlas.scenes
    assert moved(scenes, 0, -1) == scenes
    assert moved(scenes, 0, 1)[:2] == (scenes[1], scenes[0])
    assert moved(scenes, len(scenes) - 1, 1) == scenes


def test_every_sentence_is_verbatim_in_its_paragraph(shipped_atlas):
    article = shipped_atlas.article
    quotes = article_sentences(article)
    assert len(quotes) > len(article.paragraphs)
    assert all(article.quote_problem(q.text, q.paragraph) is None for q in quotes)
    assert sentences("He said “No.” Then 2022 came. Done") == [
        "He said “No.”",
        "Then 2022 came.",
        "Done",
    ]


MARKUP = [
    "<script>alert(1)</script>",
    "$x$",
    "**b**",
    "[a](http://x)",
    "../../etc/passwd",
    "/etc/passwd",
]
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=20)
    | st.sampled_from(MARKUP)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
KEYS = [
    "id",
    "title",
    "caption",
    "quotes",
    "bounds",
    "layers",
    "highlight",
    "rings",
    "year",
    "labels",
    "distances",
    "lang",
]


@st.composite
def tour_files(draw):
    """Tour files of any shape: shipped scenes with any field replaced by any JSON value."""
    scenes = []
    for index in draw(st.lists(st.integers(0, len(SHIPPED["scenes"]) - 1), max_size=4)):
        scene = copy.deepcopy(SHIPPED["scenes"][index])
        for key in draw(st.lists(st.sampled_from(KEYS), max_size=3)):
            scene[key] = draw(values)
        scenes.append(scene)
    return draw(
        st.sampled_from([{"scenes": scenes}, {"scenes": scenes, "title": draw(values)}, scenes])
    )


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=tour_files() | values, raw=st.binary(max_size=64))
def test_any_tour_file_gives_a_tour_and_problems_and_reads_no_other_file(
    shipped_atlas, monkeypatch, data, raw
):
    def no_files(*args, **kwargs):
        raise AssertionError(f"a tour file made the reader open a file: {args}")

    with monkeypatch.context() as patch:
        patch.setattr(builtins, "open", no_files)
        patch.setattr(Path, "open", no_files)
        patch.setattr(Path, "read_bytes", no_files)
        patch.setattr(Path, "read_text", no_files)
        for blob in (json.dumps(data).encode(), raw):
            tour, problems = read_tour(blob, shipped_atlas.article, layer_ids(shipped_atlas))
            assert len(tour.scenes) <= 50
            for scene in tour.scenes:
                assert len(scene.title) <= 120
                assert len(scene.caption) <= 2000
                assert scene.layers <= set(layer_ids(shipped_atlas))
                assert all(c.isalnum() or c in "-_" for c in scene.id)
                assert all(
                    shipped_atlas.article.quote_problem(q.text, q.paragraph) is None
                    for q in scene.quotes
                )
            assert all(isinstance(str(p), str) for p in problems)
