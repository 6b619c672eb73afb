"""The PDF handout (``python -m layers export --format pdf``), read back with pypdf and, where
installed, poppler's pdffonts and pdfinfo: a real document, not pictures of pages."""

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

TITLE = "Frontier Atlas: classroom tour"


@pytest.fixture(scope="module")
def handout(atlas, tmp_path_factory):
    from layers.__main__ import main

    out = tmp_path_factory.mktemp("handout") / "handout.pdf"
    assert main(["export", "--scene", "all", "--format", "pdf", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def reader(handout):
    return PdfReader(io.BytesIO(handout.read_bytes()))


def words(text: str) -> str:
    return " ".join(text.split())


def squash(text: str) -> str:
    """``text`` without white space and hyphens: text extraction joins a line that ends in a
    hyphen ("Self-" / "consistent") to the next without it, as if it were hyphenation."""
    return re.sub(r"[\s-]", "", text)


def fonts_of(reader):
    """Every font dictionary of every page, with the descendants of composite fonts."""
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            found.append(font)
            found += [d.get_object() for d in font.get("/DescendantFonts", ArrayObject())]
    return found


def test_no_type3_fonts_and_every_font_embedded(reader):
    fonts = fonts_of(reader)
    assert fonts
    assert {str(f["/Subtype"]) for f in fonts} <= {"/Type0", "/CIDFontType0", "/CIDFontType2"}
    for font in fonts:
        if "/FontDescriptor" in font:
            descriptor = font["/FontDescriptor"].get_object()
            assert {"/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]


def test_pdffonts_sees_cid_fonts_only(handout, missing_system_package):
    if shutil.which("pdffonts") is None:  # .ci/run installs it: in CI this fails
        missing_system_package("poppler-utils (pdffonts) is not installed")
    lines = subprocess.run(
        ["pdffonts", str(handout)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert lines
    for line in lines:
        assert "Type 3" not in line
        assert "CID" in line
        assert line.split()[-5:-2] == ["yes", "yes", "yes"]  # embedded, subset, unicode map


def test_tagged_titled_and_in_english(reader, handout):
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).startswith("en")
    assert reader.metadata.title == TITLE
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfuaid:part[^0-9]{0,3}1", xmp)  # declared PDF/UA-1, checked by Typst
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(handout)], capture_output=True, text=True).stdout
        assert "Tagged:          yes" in info


def structure(node, found):
    """Every structure element below ``node`` (a depth-first walk of the tag tree)."""
    node = node.get_object()
    if isinstance(node, DictionaryObject):
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, ArrayObject) else [kids]:
                structure(kid, found)
    return found


def test_every_map_and_the_chart_have_alt_text(atlas, reader):
    elements = structure(reader.trailer["/Root"]["/StructTreeRoot"], [])
    figures = [str(e["/Alt"]) for e in elements if str(e["/S"]) == "/Figure" and "/Alt" in e]
    assert len(figures) == len(atlas.scenes) + 1
    for number, (alt, scene) in enumerate(zip(figures, atlas.scenes, strict=False), start=1):
        assert alt.startswith(f"Map: {number}. {scene.title}.")
        (south, west), (north, east) = scene.bounds
        assert f"Area {south:.1f}°N–{north:.1f}°N, {west:.1f}°E–{east:.1f}°E" in alt
    assert figures[-1].startswith("Timeline chart of ")
    headings = [e for e in elements if str(e["/S"]) == "/H1"]
    assert len(headings) == len(atlas.scenes) + 1


def test_each_scene_page_has_its_title_quotes_caption_and_sources(atlas, reader, shown_features):
    assert len(reader.pages) == len(atlas.scenes) + 1
    for page, (number, scene) in zip(reader.pages, enumerate(atlas.scenes, 1), strict=False):
        text = squash(page.extract_text())
        assert squash(f"{number}. {scene.title}") in text
        assert squash(scene.caption) in text
        for quote in scene.quotes:
            assert squash(quote.text) in text
            assert squash(f"paragraph {quote.paragraph}") in text
        sources = {(s.publisher, s.title) for f in shown_features(atlas, scene) for s in f.sources}
        assert squash(f"Sources of what this map shows ({len(sources)})") in text
        for publisher, title in sources:
            assert squash(f"{publisher}:") in text
            assert squash(f"“{title}”") in text


def test_the_last_page_is_the_chronology_as_text(reader):
    text = words(reader.pages[-1].extract_text())
    assert "Chronology" in text
    assert "Russia launches its full-scale invasion of Ukraine" in text
