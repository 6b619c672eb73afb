"""Escaping, and the one way every layer's popup and tooltip is built.

Folium inserts popup and tooltip text into the page as raw HTML, some of it inside
JavaScript template literals, and the map's iframe shares the page's origin. So every
string from a data file passes through ``escape`` here, once, before it reaches folium.
"""

from __future__ import annotations

import re

from layers.core.records import LANGUAGES, Feature, Names, PartialDate, Quote, Source
from layers.core.text import LANGUAGE_NAMES, escape

_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
ONLY_REPORTED = "Only the date of the first report is known."


def in_each_language(texts: dict[str, str]) -> str:
    """One span per language; the map shows the one of the reader's language (CSS)."""
    return "".join(
        f'<span lang="{code}" class="fa-l fa-l-{code}">{escape(texts[code])}</span>'
        for code in LANGUAGES
    )


def _names_line(names: Names) -> str:
    """Every name with its transliteration; the map hides the one already in the heading."""
    spans = []
    for code, native, latin in (
        ("en", names.en, ""),
        ("ja", names.ja, names.ja_romaji),
        ("ru", names.ru, names.ru_latin),
    ):
        if native:
            text = escape(native) + (f" <i>({escape(latin)})</i>" if latin else "")
            title = LANGUAGE_NAMES[code]
            spans.append(
                f'<span lang="{code}" class="fa-o fa-o-{code}" title="{title}">{text}</span>'
            )
    return "".join(spans)


def _quotes_block(quotes: tuple[Quote, ...]) -> str:
    if not quotes:
        return ""
    items = "".join(
        f"<blockquote>“{escape(q.text)}”<cite>article, paragraph "
        f"{escape(q.paragraph)}</cite></blockquote>"
        for q in quotes
    )
    return f'<section class="fa-article"><h4>From the article</h4>{items}</section>'


def _link(url: str, text: str) -> str:
    return f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">{text}</a>'


def source_html(source: Source) -> str:
    """Publisher, title and date, linked; its archived copy; and whose mirror the url is."""
    text = f"{escape(source.publisher)}, “{escape(source.title)}”, {escape(source.date)}"
    html = _link(source.url, text) if source.url else text
    if source.via:
        html += f" — via {escape(source.via)} (a mirror of the publisher's page)"
    if source.archive_url:
        html += f" ({_link(source.archive_url, 'archived copy')})"
    return html


def _anchor_id(feature: Feature, number: int) -> str:
    return _ID_UNSAFE.sub("_", f"fa-src-{feature.layer}-{feature.id}-{number}")


def footnote(feature: Feature, field_name: str) -> str:
    """A marker ``[n]`` linking a value to the source that states it, or "" if none is named."""
    number = feature.cite(field_name)
    if number is None:
        return ""
    return f'<sup class="fa-cite"><a href="#{_anchor_id(feature, number)}">[{number}]</a></sup>'


def date_lines(feature: Feature) -> list[str]:
    """The three dates in words, as escaped HTML sentences with their footnotes."""

    def said(label: str, value: PartialDate | None, field_name: str, tail: str = "") -> list[str]:
        if value is None:
            return []
        return [f"{label} {escape(value.words())}{footnote(feature, field_name)}{tail}."]

    by = f" by {escape(feature.reported_by)}" if feature.reported_by else ""
    lines = [
        *said("Began", feature.began, "began"),
        *said("Ended", feature.ended, "ended"),
        *said("First reported", feature.reported, "reported", by),
    ]
    if feature.reported and not (feature.began or feature.ended):
        lines.append(ONLY_REPORTED)
    if feature.ended:
        lines.append(f"On the timeline up to and including {feature.ended.year}.")
    return lines


def _facts_block(feature: Feature) -> str:
    facts, sources = feature.facts, feature.sources
    dates = date_lines(feature)
    if not facts and not sources and not dates:
        return ""
    rows = (
        (
            escape(f.label),
            "<br>".join(escape(line) for line in f.lines) + footnote(feature, f.field),
        )
        for f in facts
    )
    table = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in rows)
    said = "".join(f"<li>{line}</li>" for line in dates)
    said = f'<ul class="fa-dates">{said}</ul>' if said else ""
    cited = "".join(
        f'<li id="{_anchor_id(feature, n)}">{source_html(s)}</li>'
        for n, s in enumerate(sources, start=1)
    )
    cited = (
        f'<p class="fa-src-head">Sources</p><ol class="fa-sources">{cited}</ol>' if cited else ""
    )
    return (
        '<section class="fa-facts"><h4>Facts (not from the article)</h4>'
        f"{said}<table>{table}</table>{cited}</section>"
    )


def display_names(names: Names) -> dict[str, str]:
    return {code: names.display(code) for code in LANGUAGES}


def popup_html(feature: Feature, layer_title: str) -> str:
    """The popup for one feature of any layer, in every language: names, article quotes,
    sourced facts. The map shows the heading in the reader's language and the other names
    below it."""
    names = _names_line(feature.names)
    return (
        f'<div class="fa-popup"><h3>{in_each_language(display_names(feature.names))}</h3>'
        f'<p class="fa-layer">{escape(layer_title)}</p>'
        + (f'<p class="fa-names">{names}</p>' if names else "")
        + _quotes_block(feature.quotes)
        + _facts_block(feature)
        + "</div>"
    )


def tooltip_html(feature: Feature, layer_title: str) -> str:
    name = in_each_language(display_names(feature.names))
    return f"<b>{name}</b><br><small>{escape(layer_title)}</small>"
