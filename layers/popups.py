"""Escaping, and the one way every layer's popup and tooltip is built.

Folium inserts popup and tooltip text into the page as raw HTML, some of it inside
JavaScript template literals, and the map's iframe shares the page's origin. So every
string from a data file passes through ``escape`` here, once, before it reaches folium.
"""

from __future__ import annotations

import html
import re

from layers.records import LANGUAGES, Fact, Feature, Names, Quote, Source

LANGUAGE_NAMES = {"en": "English", "ja": "日本語", "ru": "Русский"}
_EXTRA_ENTITIES = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;"})
# What Streamlit's Markdown would read as markup in running text: emphasis, code, links and
# images ("[" opens both), maths ($), strikethrough, HTML entities (&), an emoji or colour
# directive (":x") or a URL's scheme ("http://" would become a link), an underscore at a
# word's edge; and a heading, quote or list marker at the start.
_MARKDOWN_SPECIAL = re.compile(r"[\\`*\[\]$~&]|:(?=[\w/])|(?<!\w)_|_(?!\w)|^[#>+\-]")
_ORDERED_LIST = re.compile(r"^(\d+)([.)])")


def escape(value: object) -> str:
    """Text safe inside HTML, HTML attributes and JavaScript template literals."""
    return html.escape(str(value), quote=True).translate(_EXTRA_ENTITIES)


def markdown_literal(value: object) -> str:
    """Text that Streamlit's Markdown (labels, messages, captions) shows as it is.

    Line breaks become spaces and every character that would be markup is
    backslash-escaped, so a file named ``![t](http://host/p.png) $x^2$.geojson`` is
    shown as that name, not fetched as an image or typeset. Only those are escaped:
    Streamlit also uses a label as the widget's accessible name, where a backslash before
    every hyphen would be read out. HTML is not rendered there, so "<" needs nothing.
    """
    text = _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(0), " ".join(str(value).split()))
    return _ORDERED_LIST.sub(r"\1\\\2", text)


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


def source_html(source: Source) -> str:
    text = f"{escape(source.publisher)}, “{escape(source.title)}”, {escape(source.date)}"
    if source.url:
        return (
            f'<a href="{escape(source.url)}" target="_blank" rel="noopener noreferrer">{text}</a>'
        )
    return text


def _facts_block(facts: tuple[Fact, ...], sources: tuple[Source, ...]) -> str:
    if not facts and not sources:
        return ""
    rows = ((escape(f.label), "<br>".join(escape(line) for line in f.lines)) for f in facts)
    table = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in rows)
    cited = "".join(f"<li>{source_html(s)}</li>" for s in sources)
    cited = (
        f'<p class="fa-src-head">Sources</p><ul class="fa-sources">{cited}</ul>' if cited else ""
    )
    return (
        '<section class="fa-facts"><h4>Facts (not from the article)</h4>'
        f"<table>{table}</table>{cited}</section>"
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
        + _facts_block(feature.facts, feature.sources)
        + "</div>"
    )


def tooltip_html(feature: Feature, layer_title: str) -> str:
    name = in_each_language(display_names(feature.names))
    return f"<b>{name}</b><br><small>{escape(layer_title)}</small>"
