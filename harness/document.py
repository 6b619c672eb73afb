"""What the Nu HTML Checker (``scripts/check_html.py``) found wrong in our pages before issue 25,
checked without it: one ``<html>``, ``<head>`` and ``<body>``, nothing but white space after
``</body>`` (folium writes its script there), and no CSS ``behavior:`` (Leaflet's old-IE hook).
The test suite runs this; the checker itself needs Java."""

from __future__ import annotations

import re
from html.parser import HTMLParser

IE_BEHAVIOR = re.compile(r"(?<![-\w])behavior\s*:")


class _Shape(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.counts = {"html": 0, "head": 0, "body": 0}
        self.closed: str | None = None  # "body" or "html" once its end tag is seen
        self.after: list[str] = []  # what came after </body>
        self.in_style = False
        self.css: list[str] = []  # the text of every <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.counts:
            self.counts[tag] += 1
        self.in_style = tag == "style"
        if self.closed:
            self.after.append(f"<{tag}> after </{self.closed}>")

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False
        if tag in ("body", "html"):
            self.closed = tag
        elif self.closed:
            self.after.append(f"</{tag}> after </{self.closed}>")

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.css.append(data)
        if self.closed and data.strip():
            self.after.append(f"text {data.strip()[:40]!r} after </{self.closed}>")


def document_problems(html: str) -> list[str]:
    """What keeps ``html`` from being one well-formed document ([] when nothing)."""
    problems = []
    if not html.lstrip().lower().startswith("<!doctype html>"):
        problems.append("no <!DOCTYPE html> first")
    shape = _Shape()
    shape.feed(html)
    shape.close()
    problems += [f"{n} <{tag}> (one expected)" for tag, n in shape.counts.items() if n != 1]
    problems += shape.after
    problems += [f"CSS {m.group()} in a <style>" for m in IE_BEHAVIOR.finditer("".join(shape.css))]
    return problems
