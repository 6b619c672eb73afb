"""Escaping, and the one way every layer's popup, tooltip and label is built.

Folium inserts popup and tooltip text into the page as raw HTML, some of it inside
JavaScript template literals, and the map's iframe shares the page's origin. So every
string from a data file passes through ``escape`` here, once, before it reaches folium.
"""

from __future__ import annotations

import html
import numbers

from layers.specs import LayerSpec

LANGUAGES = ("en", "ja", "ru")
_EXTRA_ENTITIES = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;"})
_INTERNAL_KEYS = {"quotes", "sources", "id", "note"}


def escape(value: object) -> str:
    """Text safe inside HTML, HTML attributes and JavaScript template literals."""
    return html.escape(str(value), quote=True).translate(_EXTRA_ENTITIES)


def display_name(properties: dict, lang: str = "en") -> str:
    """The feature's name in ``lang``, falling back to English, then to its id."""
    preferred = {"en": "name_en", "ja": "name_ja", "ru": "name_ru"}.get(lang, "name_en")
    for key in (preferred, "name_en", "name", "Name", "title", "id"):
        value = properties.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return "(unnamed)"


def label_text(properties: dict, lang: str = "en") -> str:
    """The name drawn on the map: a short ``label_<lang>`` if the feature has one."""
    short = properties.get(f"label_{lang}")
    return short if isinstance(short, str) and short.strip() else display_name(properties, lang)


def _other_names(properties: dict, lang: str) -> list[str]:
    """Names in the other languages, each with its transliteration."""
    lines = []
    for code, native, latin, label in (
        ("en", "name_en", None, "English"),
        ("ja", "name_ja", "name_ja_romaji", "日本語"),
        ("ru", "name_ru", "name_ru_latin", "Русский"),
    ):
        if code == lang or not properties.get(native):
            continue
        text = escape(properties[native])
        if latin and properties.get(latin):
            text += f" <i>({escape(properties[latin])})</i>"
        lines.append(f'<span lang="{code}" title="{label}">{text}</span>')
    return lines


def format_value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, numbers.Real):
        return f"{value:,}"
    if isinstance(value, list):
        return "<br>".join(format_value(v) for v in value)
    if isinstance(value, dict):
        if "name_en" in value:
            extra = ", ".join(
                f"{escape(v)}" for k, v in value.items() if k in {"name_ja", "name_ru"}
            )
            area = f" — {format_value(value['area_km2'])} km²" if "area_km2" in value else ""
            return f"{escape(value['name_en'])}{f' ({extra})' if extra else ''}{area}"
        return "; ".join(f"{escape(k)}: {format_value(v)}" for k, v in value.items())
    return escape(value)


def _quotes_block(quotes: list) -> str:
    if not quotes:
        return ""
    items = "".join(
        f"<blockquote>“{escape(q['quote'])}”<cite>article, paragraph "
        f"{escape(q['paragraph'])}</cite></blockquote>"
        for q in quotes
    )
    return f'<section class="fa-article"><h4>From the article</h4>{items}</section>'


def source_html(source: dict) -> str:
    text = f"{escape(source['publisher'])}, “{escape(source['title'])}”, {escape(source['date'])}"
    url = source.get("url")
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        return f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">{text}</a>'
    return text


def _facts_block(rows: list[tuple[str, str]], sources: list) -> str:
    if not rows and not sources:
        return ""
    table = "".join(f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in rows)
    cited = "".join(f"<li>{source_html(s)}</li>" for s in sources if isinstance(s, dict))
    cited = (
        f'<p class="fa-src-head">Sources</p><ul class="fa-sources">{cited}</ul>' if cited else ""
    )
    return (
        '<section class="fa-facts"><h4>Facts (not from the article)</h4>'
        f"<table>{table}</table>{cited}</section>"
    )


def fact_rows(spec: LayerSpec, properties: dict) -> list[tuple[str, str]]:
    """(label, HTML value) pairs: the spec's labelled fields, or every property if unregistered."""
    if spec.fields:
        pairs = [(f.label, properties.get(f.name)) for f in spec.facts()]
        if properties.get("member_islands"):
            pairs.append(("Named islands", properties["member_islands"]))
    else:
        pairs = [
            (key, value)
            for key, value in properties.items()
            if key not in _INTERNAL_KEYS and not key.startswith("name_")
        ]
    return [(label, format_value(value)) for label, value in pairs if value not in (None, "")]


def popup_html(spec: LayerSpec, properties: dict, lang: str = "en") -> str:
    """The popup for one feature of any layer: names, article quotes, sourced facts."""
    names = " · ".join(_other_names(properties, lang))
    quotes = properties.get("quotes") if isinstance(properties.get("quotes"), list) else []
    sources = properties.get("sources") if isinstance(properties.get("sources"), list) else []
    return (
        f'<div class="fa-popup"><h3 lang="{escape(lang)}">'
        f"{escape(display_name(properties, lang))}</h3>"
        f'<p class="fa-layer">{escape(spec.title)}</p>'
        + (f'<p class="fa-names">{names}</p>' if names else "")
        + _quotes_block([q for q in quotes if isinstance(q, dict) and "quote" in q])
        + _facts_block(fact_rows(spec, properties), sources)
        + "</div>"
    )


def tooltip_html(spec: LayerSpec, properties: dict, lang: str = "en") -> str:
    return f"<b>{escape(display_name(properties, lang))}</b><br><small>{escape(spec.title)}</small>"
