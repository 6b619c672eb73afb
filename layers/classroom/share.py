"""Follow the tour on a phone: the scene's address, and its QR code made on this machine.

Students scan the code on the projector and open the same scene. The address starts with a
base URL the teacher can set; by default the server's address on the local network, found
without sending anything (``lan_address``: a UDP socket "connected" to a documentation
address routes nothing, it only asks the kernel which interface it would use). The QR code
is drawn by ``segno`` (pure Python, offline).
"""

from __future__ import annotations

import base64
import binascii
import io
import socket
import zlib
from urllib.parse import urlencode, urlsplit

import segno

MAX_URL = 2000  # characters: an address every browser and QR reader takes
NOWHERE = ("192.0.2.1", 9)  # TEST-NET-1 (RFC 5737): never routed; nothing is sent to it
LOOPBACK = "127.0.0.1"


def lan_address() -> str:
    """This machine's address on its local network (loopback when it has none)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(NOWHERE)  # UDP: sets the route, sends no packet
            return probe.getsockname()[0]
        except OSError:
            return LOOPBACK


def default_base_url(port: int) -> str:
    return f"http://{lan_address()}:{port}"


def checked_base_url(text: str) -> str | None:
    """``text`` as a base URL (http or https, with a host), without a trailing slash; or
    None when it is not one."""
    text = text.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query:
        return None
    return text.rstrip("/")


def scene_url(base_url: str, scene_id: str, lang: str = "en") -> str:
    """The address that opens ``scene_id`` (in ``lang``'s place names) on a phone."""
    query = {"scene": scene_id} | ({"lang": lang} if lang != "en" else {})
    return f"{base_url}/?{urlencode(query)}"


def qr_png(url: str, scale: int = 8) -> bytes:
    """``url`` as a QR code, PNG, black on white with the standard quiet zone."""
    buffer = io.BytesIO()
    segno.make(url, micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def tour_token(raw: bytes) -> str:
    """A tour file (compact JSON) as the ``tour`` parameter of an address: deflated, then
    base64url without padding."""
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def token_bytes(token: str, limit: int) -> bytes | None:
    """The tour file in a ``tour`` parameter (untrusted), or None when it is not one or
    would inflate past ``limit`` bytes (inflating stops there)."""
    if len(token) > 4 * MAX_URL:
        return None
    try:
        packed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        inflate = zlib.decompressobj()
        raw = inflate.decompress(packed, limit + 1)
    except (binascii.Error, ValueError, zlib.error):
        return None
    if len(raw) > limit or not inflate.eof:
        return None
    return raw


def tour_url(base_url: str, token: str, scene_id: str, lang: str = "en") -> str:
    """The address that opens a reader's own tour (carried in it) at ``scene_id``."""
    query = {"tour": token, "scene": scene_id} | ({"lang": lang} if lang != "en" else {})
    return f"{base_url}/?{urlencode(query)}"
