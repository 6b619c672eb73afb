"""GET /atlas-assets/NAME: the live page's map files, cached for a year, gzipped, bounded."""

import gzip
from collections import OrderedDict

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from layers.web.linked import named
from live import map_files


@pytest.fixture
def client(monkeypatch):
    # a registry of its own: the process's (the page's map files) is left as it was
    monkeypatch.setattr(map_files, "_FILES", OrderedDict())
    with TestClient(Starlette(routes=map_files.routes())) as test_client:
        yield test_client


def test_a_registered_file_is_served_gzipped_and_immutable(client):
    body = b"window.x = 1;\n" * 200
    item = named("map", "js", body, "text/javascript")
    map_files.register([item])
    got = client.get(item.url, headers={"Accept-Encoding": "gzip"})
    assert got.status_code == 200
    assert got.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert got.headers["content-encoding"] == "gzip"
    assert got.headers["content-type"].startswith("text/javascript")
    assert got.content == body  # the client decompresses
    assert int(got.headers["content-length"]) == len(gzip.compress(body, 9, mtime=0))
    again = client.get(item.url, headers={"If-None-Match": got.headers["etag"]})
    assert again.status_code == 304


def test_an_unknown_name_is_not_found(client):
    got = client.get("/atlas-assets/map.0000000000000000.js")
    assert got.status_code == 404
    assert "reload" in got.text


def test_at_most_kept_files_the_oldest_going_first(client):
    items = [named("x", "js", f"// {n}".encode(), "text/javascript") for n in range(20)]
    map_files.register(items)
    assert client.get(items[0].url).status_code == 404
    assert client.get(items[-1].url).status_code == 200
    assert len([i for i in items if map_files.known(i.name)]) == 16
