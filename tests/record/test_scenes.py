"""Tour scenes and dated events: loaded from data and checked like the layers."""

import json
import shutil

import pytest

from layers.core.paths import GEODATA_DIR
from layers.record.article import load_article
from layers.record.loading import load_all
from layers.record.scenes import load_events, load_scenes


@pytest.fixture(scope="module")
def layers():
    return load_all(GEODATA_DIR)


def scenes_json():
    return json.loads((GEODATA_DIR / "scenes.json").read_text(encoding="utf-8"))


def problems_with(tmp_path, layers, edit):
    data = scenes_json()
    edit(data["scenes"][0])
    (tmp_path / "scenes.json").write_text(json.dumps(data), encoding="utf-8")
    scenes, problems = load_scenes(load_article(), layers, tmp_path)
    return [str(p) for p in problems], scenes


def test_shipped_scenes_follow_the_article(layers):
    scenes, problems = load_scenes(load_article(), layers, GEODATA_DIR)
    assert problems == []
    assert [s.id for s in scenes] == [
        "frozen-dispute",
        "sanctions",
        "sakhalin-energy",
        "militarisation",
        "moscow-beijing",
        "hokkaido",
        "outlook",
    ]
    for scene in scenes:
        assert 1 <= len(scene.quotes) <= 2
        assert "basemap_land" in scene.layers


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda s: s["quotes"][0].update(quote="The islands are lost."),
            "quote not found verbatim in the article: 'The islands are lost.'",
        ),
        (lambda s: s["layers"].append("atlantis"), "layer 'atlantis' is not loaded"),
        (
            lambda s: s["highlight"].append({"layer": "disputed_islands", "id": "urup"}),
            "highlighted feature disputed_islands/urup does not exist",
        ),
        (
            lambda s: s.update(bounds=[[52.0, 158.0], [42.3, 139.5]]),
            "are empty or inverted",
        ),
        (lambda s: s.update(bounds=[[10.0, 100.0], [20.0, 110.0]]), "leave the map region"),
        (lambda s: s.update(quotes=[]), "a scene shows one or two quotes"),
        (lambda s: s.update(quotes="¶1, the frozen dispute"), "a scene shows one or two quotes"),
        (lambda s: s.update(quotes=["frozen"]), "each quote must be an object"),
        (lambda s: s.update(title=None), "missing 'title'"),
        (lambda s: s.update(highlight="kunashiri"), "highlight must be a list"),
        (lambda s: s.update(bounds=[[42, "west"], [46, 150]]), "bounds must be"),
    ],
)
def test_broken_scene_is_reported_and_dropped(tmp_path, layers, edit, expected):
    problems, scenes = problems_with(tmp_path, layers, edit)
    assert any(expected in p for p in problems), problems
    assert problems[0].startswith("scenes.json: scene 0 (frozen-dispute): ")
    assert "frozen-dispute" not in [s.id for s in scenes]
    assert len(scenes) == 6  # the other scenes still load


def test_missing_scenes_file_is_a_problem_not_a_crash(tmp_path, layers):
    scenes, problems = load_scenes(load_article(), layers, tmp_path)
    assert scenes == []
    assert str(problems[0]).startswith("scenes.json: (file): cannot be read")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[]", "scenes.json: (file): expected an object {'scenes': [...]}"),
        ('{"scenes": {}}', "scenes.json: (file): expected an object {'scenes': [...]}"),
        ('{"scenes": [7, null]}', "scenes.json: scene 0: scene must be an object"),
        ("{", "scenes.json: (file): not valid UTF-8 JSON"),
        ("[" * 100_000, "scenes.json: (file): not valid UTF-8 JSON"),
    ],
)
def test_a_scenes_file_of_any_shape_is_a_problem_not_a_crash(tmp_path, layers, content, expected):
    (tmp_path / "scenes.json").write_text(content, encoding="utf-8")
    scenes, problems = load_scenes(load_article(), layers, tmp_path)
    assert scenes == []
    assert str(problems[0]).startswith(expected)


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ({"date": "2022-02", "title": "t", "quote": {}}, "missing 'id'"),
        ({"id": "x", "date": "2022-02", "title": "t", "quote": {}}, "quote must be a non-empty"),
        ("invasion", "event must be an object"),
        ({"id": "x", "date": "2022-02", "title": "t"}, "each quote must be an object"),
        ({"id": "x", "date": "Feb 2022"}, "date 'Feb 2022' is not YYYY"),
    ],
)
def test_a_malformed_event_is_reported_and_the_rest_load(tmp_path, event, expected):
    data = json.loads((GEODATA_DIR / "events.json").read_text(encoding="utf-8"))
    data["events"].insert(0, event)
    (tmp_path / "events.json").write_text(json.dumps(data), encoding="utf-8")
    events, problems = load_events(load_article(), tmp_path)
    assert len(events) == 5
    assert [p.feature for p in problems] == ["event 0" + (" (x)" if "x" in str(event) else "")]
    assert expected in problems[0].message


def test_events_are_dated_and_quoted():
    events, problems = load_events(load_article(), GEODATA_DIR)
    assert problems == []
    assert [(str(e.date), e.id) for e in events] == [
        ("2022-02", "invasion"),
        ("2022-02-23", "japan_sanctions"),
        ("2022-03-21", "peace_talks_suspended"),
        ("2025-03", "entry_bans"),
        ("2025-10", "takaichi"),
    ]


def test_event_with_a_misquote_is_reported(tmp_path):
    data = json.loads((GEODATA_DIR / "events.json").read_text(encoding="utf-8"))
    data["events"][0]["quote"]["quote"] = "In February 2022 Russia invaded"
    (tmp_path / "events.json").write_text(json.dumps(data), encoding="utf-8")
    events, problems = load_events(load_article(), tmp_path)
    assert [str(p) for p in problems] == [
        "events.json: event 0 (invasion): quote not found verbatim in the article: "
        "'In February 2022 Russia invaded'"
    ]
    assert len(events) == 4


def test_history_layer_dates_each_border(layers):
    (history,) = [layer for layer in layers if layer.spec.key == "history"]
    years = sorted(f.date.year for f in history.features)
    assert years == [1855, 1875, 1905, 1945, 1956]


def test_copy_of_geodata_validates_with_scenes(tmp_path, capsys, monkeypatch):
    for path in GEODATA_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, tmp_path / path.name)
    monkeypatch.setenv("FRONTIER_ATLAS_GEODATA", str(tmp_path))
    from layers.__main__ import main

    assert main(["validate"]) == 0
    assert "7 scene(s), 5 event(s)" in capsys.readouterr().out


def test_an_event_names_the_source_of_its_date(tmp_path):
    source = {"publisher": "Jiji Press", "title": "Japan Announces Sanctions", "date": "2022-02-23"}
    quote = {"quote": "When Russia launched its full-scale invasion of Ukraine", "paragraph": 1}
    good = {"id": "a", "date": "2022-02", "title": "t", "quote": quote, "sources": [source]}
    bad = {**good, "id": "b", "date_source": 2}
    (tmp_path / "events.json").write_text(
        json.dumps({"events": [{**good, "date_source": 1}, bad]}), encoding="utf-8"
    )
    events, problems = load_events(load_article(), tmp_path)
    assert [(e.id, e.date_source, e.sources[0].publisher) for e in events] == [
        ("a", 1, "Jiji Press")
    ]
    assert [p.feature for p in problems] == ["event 1 (b)"]
    assert "'date_source' must be the number of one of its 1 source(s)" in problems[0].message
