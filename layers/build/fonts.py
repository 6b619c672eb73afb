"""Rebuild the font the app carries (``layers/fonts/``) from the Noto Sans CJK JP packages.

    pip install -r requirements-build.txt
    python -m layers.build.fonts

Subsets ``NotoSansCJKjp-Regular.otf`` and ``-Bold.otf`` (from the PyPI packages
``noto-cjk-sans-jp-regular`` and ``noto-cjk-sans-jp-bold``, SIL OFL 1.1) with fontTools to
the characters the app draws: every character of ``geodata/`` (layers, scenes, events, the
article), every CJK character in the code's strings (e.g. "日本語" in the language switch),
and basic Latin, Latin-1, Cyrillic and punctuation, so a Japanese label that mixes scripts
("女麗 (pre-1945 village name)") draws from one family. The family is renamed
``layers.core.fonts.FAMILY``. Writes the two OpenType files, ``OFL.txt`` and ``README.md``;
a rerun writes the same bytes (timestamps are the source font's, nothing else varies).

OpenType (CFF), not WOFF/WOFF2: matplotlib's FreeType reads OpenType but not WOFF, and
WOFF2 needs brotli; the map gets the same tables as WOFF, made in memory (``layers.core.fonts``).
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import io
import json
import logging
import unicodedata
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from layers.core.fonts import FAMILY, FONT_DIR, FONT_FILES, is_cjk
from layers.core.paths import GEODATA_DIR, REPO_ROOT

log = logging.getLogger("build_fonts")

POSTSCRIPT_FAMILY = FAMILY.replace(" ", "")  # AtlasNotoSansJP
SOURCE_FAMILY, SOURCE_POSTSCRIPT = "Noto Sans CJK JP", "NotoSansCJKjp"


@dataclass(frozen=True)
class Source:
    weight: int
    package: str  # PyPI distribution
    module: str  # its import name; the module's FONT_PATH is the font file
    file: str


SOURCES = (
    Source(
        400, "noto-cjk-sans-jp-regular", "noto_cjk_sans_jp_regular", "NotoSansCJKjp-Regular.otf"
    ),
    Source(700, "noto-cjk-sans-jp-bold", "noto_cjk_sans_jp_bold", "NotoSansCJKjp-Bold.otf"),
)

# Always in the font, whatever the data says: printable ASCII, Latin-1, the Russian alphabet
# (the source has no other Cyrillic), and the punctuation names and captions use.
BASE_RANGES = ((0x20, 0x7E), (0xA0, 0xFF), (0x410, 0x44F), (0x401, 0x401), (0x451, 0x451))
BASE_PUNCTUATION = "‐‑–—―‘’‚“”„•…‰′″‹›№™←↑→↓−≈≤≥、。「」『』（）・ー〜："
# Where the code's own Japanese comes from (its CJK characters only: ``layers.core.fonts.is_cjk``).
CODE_FILES = ("app.py", "page/*.py", "layers/*.py", "layers/*/*.py")
# Layout features kept: those browsers apply to horizontal text by default, less `locl`
# (the Chinese and Korean forms of this Japanese font) and the vertical ones.
LAYOUT_FEATURES = ["calt", "ccmp", "clig", "kern", "liga", "mark", "mkmk", "rlig"]
# Vertical metrics: the app writes no vertical text.
DROP_TABLES = ["VORG", "vhea", "vmtx"]


def _strings(value) -> list[str]:
    """Every string in parsed JSON, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def data_files(geodata: Path = GEODATA_DIR) -> list[Path]:
    return [
        *sorted(geodata.glob("*.geojson")),
        geodata / "scenes.json",
        geodata / "events.json",
        geodata / "article.md",
    ]


def data_text(geodata: Path = GEODATA_DIR) -> str:
    """All text of the shipped data: JSON decoded (so ``\\u`` escapes count as characters)."""
    parts = []
    for path in data_files(geodata):
        text = path.read_text(encoding="utf-8")
        parts.extend(_strings(json.loads(text)) if path.suffix != ".md" else [text])
    return "\n".join(parts)


def code_cjk(root: Path = REPO_ROOT) -> set[str]:
    """CJK characters in the string literals of the app's code (the language switch)."""
    found: set[str] = set()
    for pattern in CODE_FILES:
        for path in sorted(root.glob(pattern)):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    found.update(c for c in node.value if is_cjk(c))
    return found


def base_chars() -> set[str]:
    chars = {chr(code) for lo, hi in BASE_RANGES for code in range(lo, hi + 1)}
    return chars | set(BASE_PUNCTUATION)


def wanted_chars() -> list[str]:
    """The characters to keep, sorted: data, code's CJK and the base set; no controls."""
    chars = set(data_text()) | code_cjk() | base_chars()
    return sorted(c for c in chars if unicodedata.category(c) not in {"Cc", "Cf", "Zl", "Zp"})


def source_path(source: Source) -> Path:
    try:
        module = importlib.import_module(source.module)
    except ImportError:
        raise SystemExit(
            f"{source.package} is not installed: pip install -r requirements-build.txt"
        ) from None
    return Path(str(module.FONT_PATH))


def _rename(font) -> None:
    """The subset is a Modified Version under the OFL: give it its own family name."""
    for record in font["name"].names:
        text = record.toUnicode()
        renamed = text.replace(SOURCE_FAMILY, FAMILY).replace(SOURCE_POSTSCRIPT, POSTSCRIPT_FAMILY)
        if renamed != text:
            record.string = renamed
    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    cff.fontNames = [name.replace(SOURCE_POSTSCRIPT, POSTSCRIPT_FAMILY) for name in cff.fontNames]
    for key in ("FullName", "FamilyName"):
        setattr(top, key, getattr(top, key).replace(SOURCE_FAMILY, FAMILY))


def subset_font(source: Path, chars: list[str]) -> bytes:
    """``source`` cut down to ``chars`` and renamed; the same input gives the same bytes."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = LAYOUT_FEATURES
    options.drop_tables = [*options.drop_tables, *DROP_TABLES]
    options.name_IDs = ["*"]  # keep copyright, trademark, licence and its URL
    options.hinting = True
    font = TTFont(source, recalcTimestamp=False, lazy=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(chars))
    subsetter.subset(font)
    _rename(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def copyright_line(font_bytes: bytes) -> str:
    from fontTools.ttLib import TTFont

    return TTFont(io.BytesIO(font_bytes))["name"].getDebugName(0)


def cmap_chars(font_bytes: bytes) -> set[str]:
    from fontTools.ttLib import TTFont

    return {chr(code) for code in TTFont(io.BytesIO(font_bytes)).getBestCmap()}


def licence_text(source: Source, copyright: str) -> str:
    """The package's licence file (the OFL 1.1 text), after the font's copyright line."""
    for file in metadata.files(source.package) or []:
        if file.name in {"LICENSE", "OFL.txt", "LICENSE.txt"}:
            body = file.read_text(encoding="utf-8").strip()
            if "SIL OPEN FONT LICENSE Version 1.1" in body:
                return f"{copyright}\n\n{body}\n"
    raise SystemExit(f"{source.package} ships no OFL licence file")


def readme(built: dict[Source, tuple[Path, bytes, bytes]], chars: list[str], missing) -> str:
    from fontTools import version as fonttools_version

    data = set(data_text())
    cjk = sorted(c for c in chars if is_cjk(c))
    rows = "\n".join(
        f"| `{out.name}` | {len(font):,} bytes ({len(font) / 1024:.0f} KiB) | "
        f"`{source.package}` {metadata.version(source.package)}: `{source.file}`, "
        f"sha256 `{hashlib.sha256(original).hexdigest()[:16]}…` |"
        for source, (out, font, original) in built.items()
    )
    lost = "".join(missing) or "none"
    return f"""# layers/fonts/

The font Frontier Atlas carries, so Japanese draws on a machine with no CJK font installed:
in the map and its one-file HTML export (`@font-face`, inlined as a `data:` URL), in the
Streamlit page (`layers.core.fonts.page_font_css()`) and in the PNG and PDF exports (matplotlib).
A subset of **Noto Sans CJK JP** (Regular and Bold) renamed **{FAMILY}**.
Generated: do not edit; rebuild with

    pip install -r requirements-build.txt
    python -m layers.build.fonts

which rewrites these files byte for byte from the same inputs (fontTools
{fonttools_version}; timestamps are the source font's).

| file | size | made from (PyPI package, file) |
| --- | --- | --- |
{rows}
| `OFL.txt` | – | the packages' licence file (SIL OFL 1.1) after the font's copyright |

- **Licence**: SIL Open Font License 1.1 (`OFL-1.1`), see `OFL.txt`. The subset is a
  Modified Version under the OFL, so it has its own family name,
  {FAMILY}; the copyright, trademark and licence records of its name table are kept.
- **Characters**: {len(chars)} requested, {len(chars) - len(missing)} in the font
  ({len(cjk)} CJK). They are every character of `geodata/*.geojson`, `scenes.json`,
  `events.json` and `article.md` ({len(data)} distinct), every CJK character in the string
  literals of `app.py`, `page/` and `layers/`, and printable ASCII, Latin-1 (U+00A0–00FF),
  the Russian alphabet (U+0410–044F, Ё, ё) and common punctuation. Not in the source
  font: {lost}.
- **Format**: OpenType with CFF outlines, hinted, with the horizontal layout features
  browsers apply by default:
  {", ".join(LAYOUT_FEATURES)};
  no `locl` (Chinese and Korean forms) and no vertical tables ({", ".join(DROP_TABLES)}).
  OpenType because matplotlib's FreeType does not read WOFF and WOFF2 needs brotli; the
  map gets the same tables as WOFF, made in memory.
- **Adding characters**: data in `geodata/` or Japanese in the code that the font lacks fails
  `tests/core/test_fonts.py`; rerun the build. An export that would draw a character the font and
  its fallback lack (e.g. an uploaded layer in another script) says so in the page and the
  CLI.
"""


def build(out_dir: Path = FONT_DIR) -> dict[Path, bytes]:
    """Every file of ``layers/fonts/``, by path (``out_dir`` for a trial build)."""
    chars = wanted_chars()
    built: dict[Source, tuple[Path, bytes, bytes]] = {}
    missing: set[str] = set()
    for source in SOURCES:
        path = source_path(source)
        font = subset_font(path, chars)
        missing |= set(chars) - cmap_chars(font)
        built[source] = (out_dir / FONT_FILES[source.weight].name, font, path.read_bytes())
    regular = SOURCES[0]
    files = {out: font for out, font, _ in built.values()}
    licence = licence_text(regular, copyright_line(built[regular][1]))
    files[out_dir / "OFL.txt"] = licence.encode("utf-8")
    files[out_dir / "README.md"] = readme(built, chars, sorted(missing)).encode("utf-8")
    return files


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    FONT_DIR.mkdir(exist_ok=True)
    for path, data in build().items():
        path.write_bytes(data)
        log.info("wrote %s (%.1f kB)", path.relative_to(REPO_ROOT), len(data) / 1e3)


if __name__ == "__main__":
    main()
