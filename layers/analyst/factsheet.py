"""The fact sheet: every layer's features with their dated and numeric facts, the source
that states each one and how that source was checked, and their article quotes with
paragraph numbers — the whole map in one Markdown file a reviewer can audit in one read
(``python -m layers facts``).

Text from the data is written as it is (the sheet is for reading, not rendered by the app).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from layers.core.records import Event, Feature, Layer, Source
from layers.core.specs import LayerSpec

# Kinds of value the sheet lists as facts to check: numbers and dates.
CHECKABLE_KINDS = frozenset({"number", "int", "date", "year"})
CHECKABLE_FIELDS = frozenset({"population"})  # a figure written as text ("5,832 (2010)")
NO_SOURCE = "no source named"
DATES = (("began", "Began"), ("ended", "Ended"), ("reported", "First reported"))


def source_text(source: Source) -> str:
    """Publisher, title, date and url; the archived copy, the mirror, how it was checked."""
    text = f"{source.publisher}, “{source.title}”, {source.date}"
    if source.url:
        text += f", <{source.url}>"
    if source.via:
        text += f" (via {source.via}, a mirror of the publisher's page)"
    if source.archive_url:
        text += f"; archived copy <{source.archive_url}>"
    return text + f". Checked: {source.checked or 'not recorded'}."


def dated_facts(spec: LayerSpec, feature: Feature) -> list[tuple[str, str, str]]:
    """(label, value, field) for each date and number the feature states."""
    found = []
    for field_name, label in DATES:
        value = getattr(feature, field_name)
        if value is not None:
            by = (
                f" by {feature.reported_by}"
                if field_name == "reported" and feature.reported_by
                else ""
            )
            found.append((label, f"{value.words()}{by}", field_name))
    kinds = {f.name: f.kind for f in spec.fields}
    for fact in feature.facts:
        if kinds.get(fact.field) in CHECKABLE_KINDS or fact.field in CHECKABLE_FIELDS:
            found.append((fact.label, "; ".join(fact.lines), fact.field))
    return found


def _cited(feature: Feature, field_name: str) -> str:
    number = feature.cite(field_name)
    if number is None:
        return NO_SOURCE
    source = feature.sources[number - 1]
    return f"source [{number}] {source.publisher}, “{source.title}”, {source.date}"


def feature_section(spec: LayerSpec, feature: Feature) -> list[str]:
    """The feature's heading, facts with their sources, sources and quotes, as lines."""
    lines = [f"### {feature.names.display()} (`{feature.id}`)", ""]
    facts = dated_facts(spec, feature)
    if feature.reported and not (feature.began or feature.ended):
        facts.append(("Note", "only the date of the first report is known", ""))
    lines += [
        f"- **{label}**: {value}" + (f" — {_cited(feature, name)}" if name else "")
        for label, value, name in facts
    ] or ["- No dated or numeric facts."]
    if feature.sources:
        lines += ["", "Sources:", ""]
        lines += [f"{n}. {source_text(s)}" for n, s in enumerate(feature.sources, start=1)]
    if feature.quotes:
        lines += ["", "Quotes from the article:", ""]
        lines += [f"- ¶{q.paragraph}: “{q.text}”" for q in feature.quotes]
    return [*lines, ""]


def event_date_source(event: Event) -> str | None:
    """Who states the event's date: a numbered source, the article itself when the event
    cites nothing else, or None when it cites sources but names none for the date."""
    if event.date_source is not None:
        source = event.sources[event.date_source - 1]
        return f"source [{event.date_source}] {source.publisher}, “{source.title}”, {source.date}"
    if not event.sources:
        return f"the article, ¶{event.quote.paragraph}"
    return None


def event_section(event: Event) -> list[str]:
    stated = event_date_source(event) or NO_SOURCE
    lines = [
        f"### {event.title} (`{event.id}`)",
        "",
        f"- **Date**: {event.date.words()} — {stated}",
    ]
    if event.note:
        lines.append(f"- **Note**: {event.note}")
    if event.sources:
        lines += ["", "Sources:", ""]
        lines += [f"{n}. {source_text(s)}" for n, s in enumerate(event.sources, start=1)]
    lines += [
        "",
        "Quote from the article:",
        "",
        f"- ¶{event.quote.paragraph}: “{event.quote.text}”",
    ]
    return [*lines, ""]


def counts(layers: Sequence[Layer]) -> tuple[int, int, int]:
    """(features, dates and numbers, those that name their source)."""
    stated = [
        (feature, name)
        for layer in layers
        for feature in layer.features
        for _, _, name in dated_facts(layer.spec, feature)
    ]
    cited = sum(1 for feature, name in stated if feature.cite(name) is not None)
    return sum(len(layer.features) for layer in layers), len(stated), cited


def fact_sheet(
    layers: Sequence[Layer], events: Sequence[Event] = (), today: date | None = None
) -> str:
    """The whole fact sheet as Markdown: every layer with popups, then the dated events."""
    shown = [layer for layer in layers if layer.spec.interactive and layer.features]
    features, facts, cited = counts(shown)
    facts += len(events)
    cited += sum(1 for event in events if event_date_source(event) is not None)
    lines = [
        "# Frontier Atlas: fact sheet",
        "",
        f"Made from `geodata/` on {(today or date.today()).isoformat()} by "
        "`python -m layers facts`. Each feature's dates and numbers, the source that states "
        "each (its number in the feature's source list) and how that source was checked, and "
        "the article's words it quotes (¶ = paragraph, counted without the title and the "
        "subheadings).",
        "",
        f"{features} feature(s) in {len(shown)} layer(s) and {len(events)} dated event(s); "
        f"{facts} dates and numbers, "
        f"{cited} of them naming their source, {facts - cited} with {NO_SOURCE}.",
        "",
    ]
    for layer in shown:
        lines += [f"## {layer.spec.title} (`{layer.source}`)", ""]
        for feature in layer.features:
            lines += feature_section(layer.spec, feature)
    if events:
        lines += ["## Dated events (`events.json`, the timeline's list)", ""]
        for event in events:
            lines += event_section(event)
    return "\n".join(lines).rstrip() + "\n"
