"""The fact sheet: on the shipped data every feature appears with its quotes and every date
and number names its source; on a fixture, each part of an entry is where it should be."""

from __future__ import annotations

import json
from datetime import date

import pytest

from harness.paths import DATA_DIR
from layers.analyst.factsheet import NO_SOURCE, fact_sheet
from layers.core.paths import GEODATA_DIR
from layers.core.specs import REGISTRY
from layers.record.article import load_article
from layers.record.loading import load_bytes

DAY = date(2026, 11, 30)


@pytest.fixture(scope="module")
def sheet(shipped_atlas) -> str:
    atlas = shipped_atlas
    return fact_sheet(atlas.layers, atlas.events, DAY)


def shipped_features():
    for path in sorted(GEODATA_DIR.glob("*.geojson")):
        if path.stem != "basemap_land":
            yield from json.loads(path.read_text(encoding="utf-8"))["features"]


def test_every_feature_appears_with_its_quotes(sheet):
    features = list(shipped_features())
    assert features
    for feature in features:
        props = feature["properties"]
        assert f"### {props['name_en']} (`{props['id']}`)" in sheet, props["id"]
        for quote in props.get("quotes", []):
            assert f"- ¶{quote['paragraph']}: “{quote['quote']}”" in sheet, props["id"]


def test_every_event_appears_with_its_date_and_quote(sheet):
    raw = json.loads((GEODATA_DIR / "events.json").read_text(encoding="utf-8"))["events"]
    assert raw
    for event in raw:
        assert f"### {event['title']} (`{event['id']}`)" in sheet
        quote = event["quote"]
        assert f"- ¶{quote['paragraph']}: “{quote['quote']}”" in sheet


def test_every_date_and_number_names_its_source(sheet):
    unsourced = [line for line in sheet.splitlines() if line.endswith(f" — {NO_SOURCE}")]
    assert unsourced == []


def fixture_sheet(**extra) -> str:
    raw = json.loads((DATA_DIR / "good_deployment.geojson").read_text(encoding="utf-8"))
    raw["features"][0]["properties"].update(extra)
    spec = REGISTRY["deployments"]
    layer = load_bytes("d.geojson", json.dumps(raw).encode(), spec, load_article())
    assert layer.problems == ()
    return fact_sheet([layer], today=DAY)


def test_an_entry_gives_each_date_its_source_and_how_the_source_was_checked():
    sources = [
        {"publisher": "Test Publisher", "title": "A test source", "date": "2024-05-01"},
        {
            "publisher": "TASS",
            "title": "Deployed",
            "date": "2016-11-22",
            "url": "https://mirror.example/t",
            "via": "5hotnews",
            "archive_url": "https://web.archive.org/t",
            "checked": "title and date read on the archived page, 2026-11-30",
        },
    ]
    text = fixture_sheet(sources=sources, began="1978", reported_source=2)
    assert "- **Began**: 1978 — no source named" in text
    assert (
        "- **First reported**: 22 November 2016 by Russian MoD — source [2] TASS, “Deployed”, "
        "2016-11-22"
    ) in text
    assert (
        "2. TASS, “Deployed”, 2016-11-22, <https://mirror.example/t> (via 5hotnews, a mirror of "
        "the publisher's page); archived copy <https://web.archive.org/t>. Checked: title and "
        "date read on the archived page, 2026-11-30."
    ) in text
    assert "1. Test Publisher, “A test source”, 2024-05-01. Checked: not recorded." in text
    assert "- ¶8: “The islands are no longer just a dispute to be shelved.”" in text
    assert "1 feature(s) in 1 layer(s) and 0 dated event(s); 2 dates and numbers, 1 of them" in text


def test_an_entry_says_when_only_the_report_date_is_known():
    assert "- **Note**: only the date of the first report is known" in fixture_sheet()


def test_the_command_writes_the_sheet(tmp_path, capsys):
    from layers.__main__ import main

    out = tmp_path / "facts.md"
    assert main(["facts", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Frontier Atlas: fact sheet\n")
    assert f"wrote {out}" in capsys.readouterr().out
