"""The font the app carries (layers/fonts/): it covers the data, is licensed and rebuilt
byte for byte, and the PNG and PDF exports draw Japanese with it on a machine with no CJK
font (matplotlib is shown only its own fonts here, whatever the machine has installed).
The browser's half is tests/browser/test_browser_fonts.py."""

from __future__ import annotations

import base64
import io
import json
import re
import warnings
from pathlib import Path

import matplotlib
import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.figure import Figure
from pypdf import PdfReader

from layers.core import fonts
from layers.core.paths import GEODATA_DIR, REPO_ROOT
from layers.exports import export_glyph_warning, pdf_bytes, png_bytes
from layers.plan.tour import tour_views
from layers.plan.view import ViewOptions, plan_view, scene_options
from layers.print.figure import FONTS, missing_glyphs
from layers.record.atlas import load_atlas
from page.labels import LANGUAGES

FONT_DIR = REPO_ROOT / "layers" / "fonts"
FONT_FILES = sorted(FONT_DIR.glob("*.otf"))
MISSING_GLYPH = re.compile(r"Glyph (\d+) \(.*\) missing from font")
NOT_IN_ANY_FONT = "국한𠮷"  # Hangul and a rare ideograph: in neither the carried font nor DejaVu


# --- what the data needs, read here from the files (not through the code under test) ------


def json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *json_strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in json_strings(item)]
    return []


def data_characters() -> set[str]:
    """Every character of the shipped layers, scenes, events and article."""
    text = []
    for path in [*GEODATA_DIR.glob("*.geojson"), GEODATA_DIR / "scenes.json"]:
        text += json_strings(json.loads(path.read_text("utf-8")))
    text += json_strings(json.loads((GEODATA_DIR / "events.json").read_text("utf-8")))
    text.append((GEODATA_DIR / "article.md").read_text("utf-8"))
    return {c for c in "".join(text) if not c.isspace()}


def app_language_names() -> set[str]:
    """The characters of the language switch's labels ("日本語", "Русский")."""
    return set("".join(LANGUAGES.values()))


def cmap(path: Path) -> set[str]:
    return {chr(code) for code in TTFont(path).getBestCmap()}


# --- the committed files ---------------------------------------------------------------


def test_the_carried_font_has_every_character_of_the_data_and_the_page():
    assert [p.name for p in FONT_FILES] == [
        "AtlasNotoSansCJKjp-Bold.otf",
        "AtlasNotoSansCJKjp-Regular.otf",
    ]
    needed = data_characters() | app_language_names()
    assert "国" in needed
    assert "語" in needed
    assert "Я" in needed
    for path in FONT_FILES:
        lacking = needed - cmap(path)
        assert not lacking, (
            f"{path.name} lacks {sorted(lacking)}: rebuild it with "
            "pip install -r requirements-build.txt && python -m layers.build.fonts"
        )


def test_the_font_is_renamed_licensed_and_described():
    licence = (FONT_DIR / "OFL.txt").read_text("utf-8")
    readme = (FONT_DIR / "README.md").read_text("utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    for path, weight, style in zip(FONT_FILES, (700, 400), ("Bold", "Regular"), strict=True):
        font = TTFont(path)
        names = font["name"]
        assert names.getDebugName(1) == fonts.FAMILY == "Atlas Noto Sans JP"
        assert names.getDebugName(2) == style
        assert names.getDebugName(6) == f"AtlasNotoSansJP-{style}"
        assert font["CFF "].cff.fontNames == [f"AtlasNotoSansJP-{style}"]
        assert font["OS/2"].usWeightClass == weight
        assert "Open Font License" in names.getDebugName(13)
        assert licence.startswith(names.getDebugName(0))  # the font's own copyright line
        assert f"`{path.name}` | {path.stat().st_size:,} bytes" in readme  # README is current
        assert path.stat().st_size < 100_000
    assert "noto-cjk-sans-jp-regular" in readme
    assert "python -m layers.build.fonts" in readme


def test_the_build_gives_the_committed_bytes():
    """Only where the build's packages are installed (requirements-build.txt): the two
    14 MB font wheels are not worth downloading in every CI run to re-check files that
    change only when someone rebuilds them; the tests above check what those files hold."""
    pytest.importorskip("noto_cjk_sans_jp_regular", reason="pip install -r requirements-build.txt")
    pytest.importorskip("noto_cjk_sans_jp_bold", reason="pip install -r requirements-build.txt")
    from layers.build.fonts import build

    built = build(out_dir=FONT_DIR)
    assert sorted(built) == sorted(FONT_DIR.iterdir())
    for path, data in built.items():
        assert data == path.read_bytes(), f"{path.name} differs from a fresh build"


# --- the web's half, as text (the browser test draws it) -------------------------------


def test_font_face_css_inlines_both_weights():
    css = fonts.font_face_css()
    assert css.startswith("<style>")
    assert css.endswith("</style>")
    faces = re.findall(r"@font-face\{([^}]*)\}", css)
    assert len(faces) == 2
    for face, path in zip(faces, [fonts.FONT_FILES[400], fonts.FONT_FILES[700]], strict=True):
        assert 'font-family:"Atlas Noto Sans JP"' in face
        (data,) = re.findall(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\) format", face)
        woff = TTFont(io.BytesIO(base64.b64decode(data)))
        assert woff.flavor == "woff"
        assert {chr(c) for c in woff.getBestCmap()} == cmap(path)
    assert re.findall(r"url\((?!data:)", css) == []  # nothing to fetch
    assert len(css) < 200_000


def inlined_chars(css: str) -> list[set[str]]:
    """The characters of each font inlined in ``css``."""
    return [
        {chr(c) for c in TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap()}
        for data in re.findall(r"base64,([A-Za-z0-9+/=]+)\)", css)
    ]


def test_page_font_css_gives_streamlits_font_the_japanese_of_the_page():
    css = fonts.page_font_css()
    assert css.count("@font-face") == 1
    # Streamlit's own face's descriptors, so the two join into one family (see layers.core.fonts)
    assert 'font-family:"Source Sans";font-style:normal;font-weight:100 900;' in css
    assert "unicode-range:U+2E80-2FDF" in css
    assert inlined_chars(css) == [set("日本語")]  # CJK only: Streamlit's font draws the rest
    assert len(css) < 10_000  # a few characters: the page sends it on every full rerun
    assert inlined_chars(fonts.page_font_css("国後島 Ж")) == [set("日本語国後島")]


def test_missing_chars_and_glyphs():
    assert fonts.missing_chars("国後島 Кунашир (Kunashiri) 1945年") == set()
    assert fonts.missing_chars("Łódź 국") == {"Ł", "ź", "국"}
    assert fonts.missing_glyphs(["Łódź", "\n\t", f"国後島 {NOT_IN_ANY_FONT}"]) == set(
        NOT_IN_ANY_FONT
    )
    message = fonts.glyph_warning(set(NOT_IN_ANY_FONT))
    assert "U+AD6D" in message
    assert "U+20BB7" in message
    assert fonts.glyph_warning(set()) is None


def test_registering_twice_adds_each_file_once():
    fonts.register_with_matplotlib()
    fonts.register_with_matplotlib()
    paths = [Path(f.fname).resolve() for f in font_manager.fontManager.ttflist]
    for path in fonts.FONT_FILES.values():
        assert paths.count(path.resolve()) == 1
    assert matplotlib.rcParams["font.family"] == FONTS == ["Atlas Noto Sans JP", "DejaVu Sans"]


# --- figures, with matplotlib shown only its own fonts and the carried one --------------


@pytest.fixture
def no_installed_fonts():
    """matplotlib as on a machine with no font packages: only the fonts it ships (DejaVu
    and friends) and the carried font; restored afterwards."""
    manager = font_manager.fontManager
    kept = [Path(matplotlib.get_data_path()).resolve(), fonts.FONT_DIR.resolve()]
    saved = manager.ttflist
    manager.ttflist = [
        f for f in saved if any(Path(f.fname).resolve().is_relative_to(d) for d in kept)
    ]
    manager._findfont_cached.cache_clear()
    assert not [f.name for f in manager.ttflist if "CJK" in f.name or f.name == "Noto Sans"]
    try:
        yield
    finally:
        manager.ttflist = saved
        manager._findfont_cached.cache_clear()


def lost_glyphs(draw) -> set[str]:
    """The characters matplotlib warned it had no glyph for while ``draw()`` ran."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        draw()
    return {chr(int(m[1])) for w in caught if (m := MISSING_GLYPH.search(str(w.message)))}


@pytest.fixture(scope="module")
def atlas(shipped_atlas):
    return shipped_atlas


def test_japanese_png_draws_every_glyph_with_the_carried_font(atlas, no_installed_fonts):
    options = scene_options(atlas.scenes[0], ViewOptions(lang="ja"))
    view = plan_view(atlas.layers, options, atlas.measures)
    labels = [label.text for label in view.labels_shown()]
    assert "国後島" in labels
    assert any(not label.isascii() for label in labels)
    bold = font_manager.FontProperties(family=FONTS, weight="bold")
    assert Path(font_manager.findfont(bold)).name == "AtlasNotoSansCJKjp-Bold.otf"
    data = {}
    assert lost_glyphs(lambda: data.setdefault("png", png_bytes(view))) == set()
    assert missing_glyphs([view]) == set()
    assert data["png"].startswith(b"\x89PNG")


def test_japanese_pdf_embeds_the_carried_font(atlas, no_installed_fonts):
    views = tour_views(atlas, atlas.scenes, ViewOptions(lang="ja"))
    data = {}
    assert lost_glyphs(lambda: data.setdefault("pdf", pdf_bytes(views))) == set()
    reader = PdfReader(io.BytesIO(data["pdf"]))
    embedded = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            name = str(font.get_object()["/BaseFont"]).split("+")[-1]
            embedded.add(name.removesuffix("-Identity-H"))
    # Typst sets the handout's text (issue 25): DejaVu Sans for Latin and Cyrillic, the
    # carried font for Japanese; the Japanese map labels are in the map pictures, drawn by
    # matplotlib with the carried font (no glyph lost, above). No installed font is used.
    assert {"DejaVuSans", "AtlasNotoSansJP-Regular"} <= embedded
    assert embedded <= {
        "DejaVuSans",
        "DejaVuSans-Bold",
        "DejaVuSans-Oblique",
        "AtlasNotoSansJP-Regular",
        "AtlasNotoSansJP-Bold",
    }
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Frontier Atlas" in text
    assert "別海町" in text  # a Japanese publisher's name, set in the carried font


def test_the_prediction_matches_what_matplotlib_loses(no_installed_fonts):
    text = f"国後島 Kunashir Кунашир Łódź — {NOT_IN_ANY_FONT}"
    fig = Figure()
    fig.text(0.1, 0.5, text, fontweight="bold")
    fig.text(0.1, 0.2, text)
    assert lost_glyphs(lambda: fig.savefig(io.BytesIO(), format="png")) == set(NOT_IN_ANY_FONT)
    assert fonts.missing_glyphs([text]) == set(NOT_IN_ANY_FONT)


def with_unusual_name(folder: Path) -> Path:
    """``folder``'s disputed islands with Kunashiri named in scripts no carried font has."""
    path = folder / "disputed_islands.geojson"
    collection = json.loads(path.read_text("utf-8"))
    for feature in collection["features"]:
        if feature["properties"]["name_ja"] == "国後島":
            feature["properties"]["name_ja"] = f"国後島 {NOT_IN_ANY_FONT}"
    path.write_text(json.dumps(collection, ensure_ascii=False), "utf-8")
    return folder


def test_cli_and_page_warn_about_characters_an_export_would_lose(
    shipped_atlas, tmp_path, geodata_copy, monkeypatch, capsys, no_installed_fonts
):
    from layers.__main__ import main

    args = ["export", "--scene", "frozen-dispute", "--format", "png", "--lang", "ja"]
    assert main([*args, "--out", str(tmp_path / "shipped.png")]) == 0
    assert "warning" not in capsys.readouterr().err
    assert export_glyph_warning(shipped_atlas, ViewOptions(lang="ja")) is None

    folder = with_unusual_name(geodata_copy())
    monkeypatch.setenv("FRONTIER_ATLAS_GEODATA", str(folder))
    result = {}
    lost = lost_glyphs(
        lambda: result.setdefault("rc", main([*args, "--out", str(tmp_path / "u.png")]))
    )
    assert result["rc"] == 0
    assert lost == set(NOT_IN_ANY_FONT)  # what the warning below predicted
    err = capsys.readouterr().err
    assert "warning: 3 character(s)" in err
    assert '"국" (U+AD6D)' in err
    assert '"𠮷" (U+20BB7)' in err
    page = export_glyph_warning(load_atlas(folder), ViewOptions(lang="ja"))
    assert page is not None
    assert "U+D55C" in page
    assert export_glyph_warning(load_atlas(folder), ViewOptions(lang="en")) is None
