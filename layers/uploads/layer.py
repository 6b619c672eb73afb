"""A layer a user uploads: read by the allow-listed readers of ``layers.uploads.untrusted``,
parsed by the same code as ``geodata/``, kept in memory only.

Nothing is written to disk and no byte of the upload reaches GDAL: the caller keeps the
result in the user's own session.
"""

from __future__ import annotations

import re
from dataclasses import replace

from layers.core.records import Layer
from layers.core.specs import UPLOAD_PREFIX, LayerSpec, generic_spec
from layers.record.article import Article
from layers.record.loading import load_collection
from layers.uploads.untrusted import read_upload


def upload_key(filename: str) -> str:
    """A layer key from a file name: lower-case letters, digits and underscores only."""
    stem = filename.rsplit(".", 1)[0]
    return UPLOAD_PREFIX + (re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_")[:40] or "layer")


def upload_spec(filename: str) -> LayerSpec:
    title = f"Your layer: {filename[:80]}"
    return replace(generic_spec(upload_key(filename)), title=title, legend=title)


def load_upload(filename: str, raw: bytes, article: Article) -> Layer:
    """Read, check and parse an uploaded file as a layer of its own, named after the file."""
    spec = upload_spec(filename)
    data, problems = read_upload(filename, raw)
    if data is None:
        return Layer(spec, filename, (), tuple(problems))
    layer = load_collection(filename, data, spec, article)
    return replace(layer, problems=(*problems, *layer.problems))
