"""The text beside the map: the sidebar's event list names where each date comes from."""

from __future__ import annotations

import json

from layers.core.paths import GEODATA_DIR
from layers.core.text import escape
from layers.web.page_text import events_html


def test_each_event_says_where_its_date_comes_from(shipped_atlas):
    html = events_html(shipped_atlas.events, 2100)
    raw = json.loads((GEODATA_DIR / "events.json").read_text("utf-8"))["events"]
    assert len(raw) == html.count("<li>")
    for event in raw:
        item = html.split(f"<b>{escape(event['date'])}</b>", 1)[1].split("</li>", 1)[0]
        if "date_source" in event:
            source = event["sources"][event["date_source"] - 1]
            said = item.split("date: ", 1)[1]  # the source, linked to its page
            assert f"{escape(source['publisher'])}, “{escape(source['title'])}”" in said
        else:
            assert f"date: the article, ¶{event['quote']['paragraph']}" in item
