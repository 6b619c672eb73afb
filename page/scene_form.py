"""The form that saves the view on screen as a scene, or edits one: a title, a caption, up to
two of the article's own sentences (picked, never typed: verbatim by construction) and the
features to highlight. Everything else comes from what the map shows."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from layers.core.records import Quote, Scene
from layers.plan.authoring import scene_from_view
from layers.plan.view import is_visible
from layers.record.atlas import Atlas
from layers.record.sentences import article_sentences
from layers.record.tours import MAX_CAPTION, MAX_TITLE, Tour
from page.state import current, on_screen, use_tour

Mark = tuple[str, str]  # (layer key, feature id)


def editing(tour: Tour) -> Scene | None:
    return next((s for s in tour.scenes if s.id == st.session_state.get("editing")), None)


def fill(scene: Scene | None) -> None:
    """Put ``scene``'s words in the form (a new scene: empty, and the feature the reader chose
    in the table, if any). Called from a button's callback, before the form is drawn."""
    quotes = list(scene.quotes) if scene else []
    focus = st.session_state.get("focus_feature")
    st.session_state.scene_title = scene.title if scene else ""
    st.session_state.scene_caption = scene.caption if scene else ""
    st.session_state.quote_1 = quotes[0] if quotes else None
    st.session_state.quote_2 = quotes[1] if len(quotes) > 1 else None
    marks = sorted(scene.highlight) if scene else ([tuple(focus)] if focus else [])
    st.session_state.scene_highlight = marks
    st.session_state.retake_view = False
    st.session_state.form_error = ""


def quote_choice(quote: Quote | None) -> str:
    if quote is None:
        return "(no quote)"
    text = quote.text if len(quote.text) <= 110 else quote.text[:108] + "…"
    return f"¶ {quote.paragraph}: {text}"


def markable(atlas: Atlas, scene: Scene | None) -> tuple[list[Mark], dict[Mark, str]]:
    """The features that may be highlighted (those of the layers shown), and their names."""
    options, _ = current(atlas)
    names = {
        (layer.key, f.id): f"{layer.spec.title}: {f.names.display(options.lang)}"
        for layer in atlas.drawable
        if is_visible(layer, options) or (scene is not None and layer.key in scene.layers)
        for f in layer.features
    }
    marks = list(names)
    chosen = st.session_state.get("scene_highlight") or []
    st.session_state.scene_highlight = [mark for mark in chosen if mark in names]
    return marks, names


def submit(atlas: Atlas, tour: Tour) -> None:
    """Add the scene after the one shown (or save the one edited); the tour shows it."""
    title = " ".join(str(st.session_state.get("scene_title", "")).split())
    if not title:
        st.session_state.form_error = "Give the scene a title."
        return
    picked = [st.session_state.get("quote_1"), st.session_state.get("quote_2")]
    quotes = list(dict.fromkeys(q for q in picked if q is not None))
    marks = list(st.session_state.get("scene_highlight") or [])
    caption = str(st.session_state.get("scene_caption", ""))
    old = editing(tour)
    ids = [scene.id for scene in tour.scenes]
    options, _ = current(atlas)
    if old is None or st.session_state.get("retake_view"):
        taken = set(ids) - ({old.id} if old else set())
        bounds = on_screen().get("bounds")
        scene = scene_from_view(title, caption, quotes, marks, atlas.layers, options, bounds, taken)
    else:
        scene = replace(
            old,
            title=title[:MAX_TITLE],
            caption=caption.strip()[:MAX_CAPTION],
            quotes=tuple(quotes),
            highlight=frozenset(m for m in marks if m[0] in old.layers),
        )
    scenes = list(tour.scenes)
    if old is not None:
        scenes[ids.index(old.id)] = scene
    else:
        shown = st.session_state.get("scene")
        scenes.insert(ids.index(shown) + 1 if shown in ids else len(scenes), scene)
    use_tour(replace(tour, scenes=tuple(scenes)), scene.id)
    st.session_state.composing = False
    number = [s.id for s in scenes].index(scene.id) + 1
    saved = "Saved" if old else "Added"
    st.session_state.authoring_note = f"{saved} scene {number} of {len(scenes)}: {scene.title}"


def cancel() -> None:
    st.session_state.composing = False


def scene_form(atlas: Atlas, tour: Tour) -> None:
    """The form (``fill`` has put its words in first)."""
    scene = editing(tour)
    sentences = article_sentences(atlas.article)
    extra = [q for q in (scene.quotes if scene else ()) if q not in sentences]
    choices: list[Quote | None] = [None, *extra, *sentences]
    marks, names = markable(atlas, scene)
    with st.form("scene_form", border=True):
        st.markdown("**Edit the scene**" if scene else "**A new scene of the view on screen**")
        st.text_input("Scene title", key="scene_title", max_chars=MAX_TITLE)
        st.text_area(
            "Caption",
            key="scene_caption",
            max_chars=MAX_CAPTION,
            help="Your words, shown as plain text (no formatting).",
        )
        for key, label in (("quote_1", "First quote"), ("quote_2", "Second quote")):
            st.selectbox(
                f"{label} from the article (by paragraph and sentence)",
                choices,
                key=key,
                format_func=quote_choice,
            )
        st.multiselect(
            "Highlighted features",
            marks,
            key="scene_highlight",
            format_func=lambda mark: names.get(mark, str(mark)),
        )
        if scene is not None:
            st.checkbox("Take the map's view now on screen", key="retake_view")
        save, back = st.columns(2)
        save.form_submit_button(
            "Save the changes" if scene else "Add the scene",
            on_click=submit,
            args=(atlas, tour),
            type="primary",
            key="add_scene",
        )
        back.form_submit_button("Cancel", on_click=cancel, key="cancel_scene")
    if error := st.session_state.get("form_error"):
        st.error(error)
