"""Text blocks of the page beside the map: the article with its quoted passages marked,
and the list of every source the map cites. Returns escaped HTML; no Streamlit here."""

from __future__ import annotations

from collections.abc import Iterable

from layers.core.records import Event, Layer, Quote, Source
from layers.core.text import escape
from layers.record.article import Article, normalise_space
from layers.web.popups import source_html


def quotes_in(layers: Iterable[Layer]) -> dict[int, set[str]]:
    """Quoted passages by paragraph number, from every loaded feature."""
    found: dict[int, set[str]] = {}
    for layer in layers:
        for feature in layer.features:
            for quote in feature.quotes:
                found.setdefault(quote.paragraph, set()).add(normalise_space(quote.text))
    return found


def mark_passages(text: str, passages: Iterable[str]) -> str:
    """Escaped ``text`` with each passage wrapped in ``<mark>`` (overlaps merged)."""
    text = normalise_space(text)
    spans: list[tuple[int, int]] = []
    for passage in passages:
        start = text.find(passage)
        if start >= 0:
            spans.append((start, start + len(passage)))
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, cursor = [], 0
    for start, end in merged:
        out.append(escape(text[cursor:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    out.append(escape(text[cursor:]))
    return "".join(out)


def article_html(article: Article, layers: Iterable[Layer]) -> str:
    marks = quotes_in(layers)
    blocks = [f"<h2>{escape(article.title)}</h2>"]
    for number, text in enumerate(article.paragraphs, start=1):
        if number in article.headings:
            blocks.append(f"<h3>{escape(article.headings[number])}</h3>")
        blocks.append(
            f'<p><small style="color:#666">¶{number}</small> '
            f"{mark_passages(text, marks.get(number, ()))}</p>"
        )
    return "".join(blocks)


def all_sources(layers: Iterable[Layer]) -> list[Source]:
    """Every distinct source cited by a loaded feature, sorted by publisher and date."""
    unique = {s for layer in layers for feature in layer.features for s in feature.sources}
    return sorted(unique, key=lambda s: (s.publisher, s.date, s.title, s.url or ""))


def sources_html(layers: Iterable[Layer]) -> str:
    items = "".join(f"<li>{source_html(s)}</li>" for s in all_sources(layers))
    return f"<ol>{items}</ol>"


def quotes_html(quotes: Iterable[Quote], css_class: str = "fa-tour-quote") -> str:
    """A tour scene's quotes in large type, each with its paragraph number."""
    return "".join(
        f'<div class="{css_class}" style="font-size:1.6rem;line-height:1.35;'
        'border-left:6px solid #E69F00;margin:0 0 1rem;padding:0.2rem 0 0.2rem 1rem;color:#111">'
        f'“{escape(q.text)}”<br><small style="font-size:0.95rem;color:#555">'
        f"— the article, paragraph {escape(q.paragraph)}</small></div>"
        for q in quotes
    )


def event_date_source(event: Event) -> str:
    """Where the event's date comes from, as escaped HTML: the source that states it
    (linked), or the article's paragraph when the article dates it itself."""
    if event.date_source is not None and 0 < event.date_source <= len(event.sources):
        return f"date: {source_html(event.sources[event.date_source - 1])}"
    return f"date: the article, ¶{escape(event.quote.paragraph)}"


def events_html(events: Iterable[Event], as_of: int) -> str:
    """The article's dated events up to ``as_of``, oldest first, each with its quote and
    where its date comes from."""
    items = "".join(
        f"<li><b>{escape(e.date)}</b> {escape(e.title)}<br><small>“{escape(e.quote.text)}” "
        f"(¶{escape(e.quote.paragraph)}); {event_date_source(e)}</small></li>"
        for e in events
        if e.year <= as_of
    )
    return f"<p><b>The article's events, as of {escape(as_of)}</b></p><ul>{items}</ul>"
