"""What a feature cites: its sources, its article quotes, and which source states which value.

A source is the publisher's page (``url``), optionally an archived copy (``archive_url``),
marked ``via`` when the url is a mirror or aggregator of the publisher's original, and
``checked`` with how it was checked. A field ``F`` may name its source as ``F_source``, the
1-based number of an entry in ``sources``; the popup then footnotes the value with it.
"""

from __future__ import annotations

from collections.abc import Iterator

from layers.core.problems import Reject
from layers.core.records import UNDATED, JSONObject, PartialDate, Quote, Source
from layers.record.article import Article

CITE_SUFFIX = "_source"


def _url(source: JSONObject, key: str, title: str) -> str | None:
    url = source.get(key)
    if url is not None and not (isinstance(url, str) and url.startswith(("https://", "http://"))):
        raise Reject(f"source {title!r} has a {key.replace('_', ' ')} that is not http(s)")
    return url


def _text(source: JSONObject, key: str, title: str) -> str:
    value = source.get(key, "")
    if not isinstance(value, str):
        raise Reject(f"source {title!r}: {key!r} must be text")
    return value


class SourceDateReject(Reject):
    """A source whose publisher and title fit but whose date does not."""


def parse_source(source: object) -> Source:
    if not isinstance(source, dict):
        raise Reject("each source must be an object with publisher, title and date")
    for key in ("publisher", "title"):
        if not isinstance(source.get(key), str) or not source[key].strip():
            raise Reject(f"source is missing its {key}")
    title = source["title"][:60]
    date = source.get("date")
    if not isinstance(date, str) or (date != UNDATED and PartialDate.parse(date) is None):
        raise SourceDateReject(
            f"source {title!r} needs a date YYYY, YYYY-MM or YYYY-MM-DD, or {UNDATED!r}"
        )
    return Source(
        source["publisher"],
        source["title"],
        date,
        _url(source, "url", title),
        archive_url=_url(source, "archive_url", title),
        via=_text(source, "via", title),
        checked=_text(source, "checked", title),
    )


def parse_quote(item: object, article: Article) -> Quote:
    """A quote object ``{"quote": …, "paragraph": …}``, verbatim in that paragraph."""
    if not isinstance(item, dict):
        raise Reject('each quote must be an object {"quote": text, "paragraph": number}')
    why = article.quote_problem(item.get("quote"), item.get("paragraph"))
    if why:
        raise Reject(why)
    return Quote(item["quote"], item["paragraph"])


def quote_objects(value: object, depth: int = 0) -> Iterator[JSONObject]:
    """Every object with a ``quote`` key anywhere inside ``value`` (as deep as JSON goes)."""
    if depth > 50:
        return
    if isinstance(value, dict):
        if "quote" in value:
            yield value
        for item in value.values():
            yield from quote_objects(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from quote_objects(item, depth + 1)


def cited_fields(props: JSONObject) -> list[tuple[str, object]]:
    """(field, its ``F_source`` value) for every property that names a source for another.

    ``location_source`` (text, and no ``location`` property) is a description, not a cite."""
    found: list[tuple[str, object]] = []
    for key, value in props.items():
        stem = key[: -len(CITE_SUFFIX)] if key.endswith(CITE_SUFFIX) else ""
        if stem and (stem in props or isinstance(value, int)):
            found.append((stem, value))
    return found


def parse_cite(stem: str, value: object, props: JSONObject, count: int) -> tuple[str, int]:
    """(field, n) for ``F_source: n``; ``Reject`` unless n numbers one of ``count`` sources."""
    key = stem + CITE_SUFFIX
    if props.get(stem) is None:
        raise Reject(f"property {key!r} names a source for {stem!r}, which the feature lacks")
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= count:
        raise Reject(
            f"property {key!r} must be the number of one of its {count} source(s) "
            f"(1 to {count}), got {str(value)[:40]!r}"
        )
    return stem, value
