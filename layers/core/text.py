"""Text that reaches a page: escaped once for HTML (and the JavaScript template literals folium
puts it in), or made literal for Streamlit's Markdown. The one place both rules live."""

from __future__ import annotations

import html
import re

LANGUAGE_NAMES = {"en": "English", "ja": "日本語", "ru": "Русский"}
_EXTRA_ENTITIES = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;"})
# What Streamlit's Markdown would read as markup in running text: emphasis, code, links and
# images ("[" opens both), maths ($), strikethrough, HTML entities (&), an emoji or colour
# directive (":x") or a URL's scheme ("http://" would become a link), an underscore at a
# word's edge; and a heading, quote or list marker at the start, and a "<" there (an HTML
# block: Markdown would then show every other escape's backslash).
_MARKDOWN_SPECIAL = re.compile(r"[\\`*\[\]$~&]|:(?=[\w/])|(?<!\w)_|_(?!\w)|^[#>+\-<]")
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


def typst_string(value: object) -> str:
    """``value`` as a Typst string literal (``"..."``, quotes included): placed where Typst
    expects content or a string (``#text("...")``, ``heading("...")``), it comes out as
    exactly these characters. Nothing inside a string is markup, so ``*``, ``_``, ``#``,
    ``$``, ``@``, ``<``, ``//`` and straight quotes stay literal (no smart quotes); only
    ``\\`` and ``"`` are escaped, and every character Python deems unprintable (line breaks,
    controls, non-ASCII spaces) is written as a ``\\u{...}`` escape."""
    out = []
    for char in str(value):
        if char in '\\"':
            out.append("\\" + char)
        elif char == " " or char.isprintable():
            out.append(char)
        else:
            out.append(f"\\u{{{ord(char):x}}}")
    return '"' + "".join(out) + '"'
