"""Sharing a scene with phones (layers/classroom/share.py): addresses, and QR codes that decode."""

from __future__ import annotations

import io
import ipaddress

import pytest
from PIL import Image

from layers.classroom.share import checked_base_url, lan_address, qr_png, scene_url

zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp (requirements-dev.txt) decodes QR")


def decode(png: bytes) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_scene_addresses():
    base = "http://192.168.1.20:8501"
    assert scene_url(base, "militarisation") == "http://192.168.1.20:8501/?scene=militarisation"
    assert scene_url(base, "outlook", "ja") == "http://192.168.1.20:8501/?scene=outlook&lang=ja"


@pytest.mark.parametrize(
    ("text", "base"),
    [
        ("http://10.0.0.5:8501/", "http://10.0.0.5:8501"),
        (" https://atlas.example.org/tour ", "https://atlas.example.org/tour"),
        ("10.0.0.5:8501", None),
        ("javascript:alert(1)", None),
        ("http://", None),
        ("http://host/?scene=x", None),
    ],
)
def test_base_urls_are_http_with_a_host(text, base):
    assert checked_base_url(text) == base


def test_the_lan_address_is_an_ipv4_address_of_this_machine():
    assert ipaddress.ip_address(lan_address()).version == 4


def test_the_qr_code_decodes_to_the_address():
    url = "http://192.168.1.20:8501/?scene=moscow-beijing&lang=ru"
    assert decode(qr_png(url)) == [url]


def test_a_tour_travels_in_an_address_and_only_a_tour_comes_back():
    from layers.classroom.share import token_bytes, tour_token, tour_url

    raw = b'{"scenes":[{"title":"<script>x</script>"}]}'
    token = tour_token(raw)
    assert token_bytes(token, 1000) == raw
    url = tour_url("http://10.0.0.2:8501", token, "s-1", "ja")
    assert url == f"http://10.0.0.2:8501/?tour={token}&scene=s-1&lang=ja"
    bomb = tour_token(b"0" * 5_000_000)
    assert len(bomb) < 8000
    assert token_bytes(bomb, 1_000_000) is None
    assert token_bytes("not base64 at all!", 1000) is None
    assert token_bytes(tour_token(raw)[:-5], 1000) is None
    assert token_bytes("", 1000) is None
