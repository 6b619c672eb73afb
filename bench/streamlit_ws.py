"""A small client for Streamlit's own websocket protocol: what the browser speaks.

One ``StreamlitSession`` is one browser tab: it connects to ``ws://HOST:PORT/_stcore/stream``,
sends ``BackMsg`` protobufs and reads ``ForwardMsg`` protobufs until the run ends, the way
Streamlit's frontend does (checked against streamlit 1.67, which serves the websocket with
Starlette/uvicorn; its ``websockets`` dependency is the client used here):

- Handshake: subprotocols ``["streamlit"]``. The browser repurposes the
  ``Sec-WebSocket-Protocol`` header to carry ``streamlit, <xsrf token>, <session id>``; the
  token is only read to trust an auth cookie and the session id only to resume a session
  after a reconnect, so a fresh session sends just ``streamlit``. No ``Origin`` header is
  sent; the server allows that (it is what non-browser clients do).
- Nothing runs until the client asks: the first message is a ``rerun_script`` with the
  URL's query string, an empty ``page_script_hash`` and no widget states. Every run then
  starts with a ``new_session`` message (it carries the page's script hash, sent back
  on later reruns) and ends with ``script_finished``. ``FINISHED_EARLY_FOR_RERUN`` is not
  the end: another run of the same request follows (``st.rerun()``, callbacks).
- Each later rerun sends the value of *every* widget on the page (the frontend's widget
  manager does the same), with the changed one replaced, plus the query string the app
  last set (``page_info_changed``). A custom component's value (st_folium's bounds) is
  sent as ``json_value``; before the component reports one, this client sends its
  ``default`` (what the map reports when nobody has panned it).
- Fragments (``st.fragment``): every element arrives with its fragment's id
  (``Delta.fragment_id``). A change of a widget drawn inside a fragment sends that id as
  ``ClientState.fragment_id`` and reruns only the fragment (what Chromium sends, checked
  by capturing its frames with playwright); ``new_session`` then lists the fragments the
  run executes (``metadata.run.fragment_ids``) and the run ends with
  ``FINISHED_FRAGMENT_RUN_SUCCESSFULLY``. After a fragment run only the widgets of those
  fragments are replaced; the rest of the page keeps its widgets.
- Like the browser, the client keeps large (``metadata.cacheable``) messages and lists
  their hashes in ``cached_message_hashes``, so the server sends a short ``ref_hash``
  instead of an unchanged element; entries unused for ``max_cached_message_age`` runs
  are dropped, as the frontend does (a fragment run ages only its own fragment's entries).
- Behind a proxy with sticky sessions (``deploy/nginx.conf``), ``load_page=True`` first
  GETs the page like a browser and sends the cookies it set on the websocket handshake,
  so the session's websocket reaches the replica that served its page.

Widgets are found by the user key at the end of their element id
(``$$ID-<hash>-<key>``). Radio and selectbox values are the *formatted* option strings
(what the widget shows), select sliders send a list of formatted options.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

STREAM_PATH = "/_stcore/stream"
XSRF_COOKIE = "_streamlit_xsrf"
DEFAULT_TIMEOUT_S = 60.0  # one script run, sent to finished; nothing in this app comes close
FINISHED = {
    ForwardMsg.FINISHED_SUCCESSFULLY: "finished",
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile_error",
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "fragment_finished",
}
WIDGET_KINDS = (
    *("checkbox", "radio", "selectbox", "slider", "button", "component_instance"),
    "file_uploader",
)


@dataclass
class Widget:
    """A widget the last run drew, and the value the client would send for it."""

    id: str
    key: str | None
    kind: str  # checkbox (also st.toggle) | radio | selectbox | select_slider | slider | button
    #           | component (a custom component: its value is JSON)
    value: Any
    options: tuple[str, ...] = ()
    fragment_id: str = ""  # the st.fragment that drew it ("" outside any fragment)


@dataclass
class RunResult:
    """One request (a BackMsg) and the script run it caused, as the client saw them."""

    action: str
    seconds: float  # wall time from sending the BackMsg to its final script_finished
    status: str  # finished | compile_error | fragment_finished | timeout | closed
    messages: int = 0
    payload_bytes: int = 0  # ForwardMsg bytes received (websocket payloads, after inflate)
    cached_refs: int = 0  # elements the server did not resend (ref_hash hits)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    component_bytes: int = 0  # json_args of custom components (st_folium's map) received
    fragment_id: str = ""  # the fragment the request asked to rerun ("" for the whole page)
    fragments_run: tuple[str, ...] = ()  # what the server ran (new_session); () = whole page

    @property
    def ok(self) -> bool:
        return self.status in {"finished", "fragment_finished"} and not self.errors


class StreamlitSession:
    """One browser-like session of a running Streamlit app.

    Use as ``async with StreamlitSession(url) as s: await s.initial_run()``; the
    interaction methods return a ``RunResult`` each and append it to ``results``.
    """

    def __init__(
        self,
        base_url: str,
        query_string: str = "",
        timeout: float = DEFAULT_TIMEOUT_S,
        use_message_cache: bool = True,
        load_page: bool = False,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.hostname not in {"127.0.0.1", "localhost"}:
            raise ValueError(f"only a local server is allowed, not {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.ws_url = f"ws://{parts.netloc}{STREAM_PATH}"
        self.query_string = query_string
        self.timeout = timeout
        self.use_message_cache = use_message_cache
        self.load_page = load_page
        self.cookies: dict[str, str] = {}  # set by the page (load_page), sent on the websocket
        self.page_script_hash = ""
        self.session_id = ""
        self.widgets: dict[str, Widget] = {}  # by widget id, from the last complete run
        self.results: list[RunResult] = []
        self._ws: ClientConnection | None = None
        self._seen: dict[str, Widget] = {}  # widgets of the run in progress
        # hash -> (msg, run last used, fragment id of the element)
        self._cache: dict[str, tuple[ForwardMsg, int, str]] = {}
        self._max_age = 2
        self._runs = 0
        self._run_fragments: tuple[str, ...] = ()  # fragments of the run in progress

    # --- connection ---------------------------------------------------------------

    async def open(self) -> None:
        if self.load_page:
            self.cookies = await asyncio.wait_for(
                asyncio.to_thread(_cookies_of, self.base_url + "/", {}, self.timeout), self.timeout
            )
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        self._ws = await asyncio.wait_for(
            connect(
                self.ws_url,
                subprotocols=["streamlit"],
                additional_headers=headers if self.cookies else None,
                max_size=None,  # the map element alone is over 1 MB
                open_timeout=self.timeout,
                ping_interval=None,
            ),
            self.timeout,
        )

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def __aenter__(self) -> StreamlitSession:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # --- widgets ------------------------------------------------------------------

    def widget(self, key: str) -> Widget:
        """The widget with user key ``key`` drawn by the last run."""
        for widget in self.widgets.values():
            if widget.key == key:
                return widget
        drawn = sorted(w.key for w in self.widgets.values() if w.key)
        raise KeyError(f"no widget with key {key!r} in the last run; keys drawn: {drawn}")

    def value(self, key: str) -> Any:
        return self.widget(key).value

    # --- interactions ---------------------------------------------------------------

    async def initial_run(self) -> RunResult:
        """What a browser does on opening the page: run the script with no widget states."""
        return await self._rerun("initial", {}, trigger=None)

    async def toggle(self, key: str) -> RunResult:
        """Click a checkbox or toggle."""
        widget = self.widget(key)
        if widget.kind != "checkbox":
            raise TypeError(f"{key!r} is a {widget.kind}, not a checkbox")
        return await self._rerun(f"toggle:{key}", {widget.id: not widget.value}, widget=widget)

    async def select(self, key: str, option: str | int) -> RunResult:
        """Choose a radio or selectbox option, by its shown label or its index."""
        widget = self.widget(key)
        if widget.kind not in {"radio", "selectbox"}:
            raise TypeError(f"{key!r} is a {widget.kind}, not a radio or selectbox")
        label = _option(widget, option)
        return await self._rerun(f"{widget.kind}:{key}", {widget.id: label}, widget=widget)

    async def slide_to(self, key: str, option: str | int) -> RunResult:
        """Move a select_slider to one option, by its shown label or its index."""
        widget = self.widget(key)
        if widget.kind != "select_slider":
            raise TypeError(f"{key!r} is a {widget.kind}, not a select_slider")
        value = [_option(widget, option)]
        return await self._rerun(f"select_slider:{key}", {widget.id: value}, widget=widget)

    async def upload(self, key: str, name: str, data: bytes) -> RunResult:
        """Choose one file in a file uploader: PUT it to the session's upload URL (with
        the XSRF cookie and header a browser sends), then rerun with it as the value."""
        widget = self.widget(key)
        if widget.kind != "file_uploader":
            raise TypeError(f"{key!r} is a {widget.kind}, not a file_uploader")
        file_id = uuid.uuid4().hex
        url = f"{self.base_url}/_stcore/upload_file/{self.session_id}/{file_id}"
        self.cookies = await asyncio.wait_for(
            asyncio.to_thread(_put_file, url, name, data, self.cookies, self.timeout),
            self.timeout,
        )
        value = [(file_id, name, len(data))]
        return await self._rerun(f"upload:{key}", {widget.id: value}, widget=widget)

    async def click(self, key: str) -> RunResult:
        """Press a button (its trigger is sent once, with this rerun only)."""
        widget = self.widget(key)
        if widget.kind != "button":
            raise TypeError(f"{key!r} is a {widget.kind}, not a button")
        return await self._rerun(f"button:{key}", {}, trigger=widget.id, widget=widget)

    # --- protocol -------------------------------------------------------------------

    def _back_msg(
        self, changes: dict[str, Any], trigger: str | None, fragment_id: str = ""
    ) -> BackMsg:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        state.fragment_id = fragment_id
        info = state.context_info
        info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-GB"
        query = f"?{self.query_string}" if self.query_string else ""
        info.url, info.is_embedded, info.color_scheme = f"{self.base_url}/{query}", False, "light"
        for widget in self.widgets.values():
            value = changes.get(widget.id, widget.value)
            if widget.kind == "button":
                if widget.id == trigger:
                    state.widget_states.widgets.add(id=widget.id, trigger_value=True)
                continue
            if value is None:
                continue
            item = state.widget_states.widgets.add(id=widget.id)
            if widget.kind == "checkbox":
                item.bool_value = bool(value)
            elif widget.kind in {"radio", "selectbox"}:
                item.string_value = str(value)
            elif widget.kind == "select_slider":
                item.string_array_value.data[:] = [str(v) for v in value]
            elif widget.kind == "slider":
                item.double_array_value.data[:] = [float(v) for v in value]
            elif widget.kind == "component":
                item.json_value = json.dumps(value, separators=(",", ":"))
            elif widget.kind == "file_uploader":
                files = item.file_uploader_state_value.uploaded_file_info
                for file_id, name, size in value:
                    files.add(file_id=file_id, name=name, size=size)
        if self.use_message_cache:
            state.cached_message_hashes[:] = sorted(self._cache)
        return msg

    async def _rerun(
        self,
        action: str,
        changes: dict[str, Any],
        trigger: str | None = None,
        widget: Widget | None = None,
    ) -> RunResult:
        """Send one rerun request; a widget drawn in a fragment reruns only that fragment."""
        if self._ws is None:
            raise RuntimeError("open() the session first")
        fragment_id = widget.fragment_id if widget is not None else ""
        payload = self._back_msg(changes, trigger, fragment_id).SerializeToString()
        for widget_id, value in changes.items():  # the page now shows the user's choice
            self.widgets[widget_id].value = value
        result = RunResult(action=action, seconds=0.0, status="timeout", fragment_id=fragment_id)
        start = time.perf_counter()
        deadline = start + self.timeout
        try:
            await self._ws.send(payload)
            while True:
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    raise TimeoutError
                data = await asyncio.wait_for(self._ws.recv(), remaining)
                if isinstance(data, str):
                    data = data.encode("utf-8")
                result.messages += 1
                result.payload_bytes += len(data)
                msg = ForwardMsg()
                msg.ParseFromString(data)
                status = self._handle(msg, result)
                if status is not None:
                    result.status = status
                    break
        except TimeoutError:
            result.status = "timeout"
            result.errors.append(f"{action}: no script_finished within {self.timeout:.0f} s")
        except (WebSocketException, OSError) as exc:
            result.status = "closed"
            result.errors.append(f"{action}: connection lost: {exc!r}")
        result.seconds = time.perf_counter() - start
        if result.status == "compile_error":
            result.errors.append(f"{action}: script finished with a compile error")
        self.results.append(result)
        return result

    def _handle(self, msg: ForwardMsg, result: RunResult) -> str | None:
        """Take in one ForwardMsg; return the final status once the request's run is over."""
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            cached = self._cache.get(msg.ref_hash)
            if cached is None:
                result.errors.append(f"server referred to a message not cached: {msg.ref_hash}")
                return None
            result.cached_refs += 1
            self._cache[msg.ref_hash] = (cached[0], self._runs, cached[2])
            msg, kind = cached[0], "delta"
        else:
            if msg.metadata.cacheable and self.use_message_cache:
                self._cache[msg.hash] = (msg, self._runs, msg.delta.fragment_id)
            element = msg.delta.new_element
            if kind == "delta" and element.WhichOneof("type") == "component_instance":
                result.component_bytes += len(element.component_instance.json_args)
        if kind == "new_session":
            self._seen = {}
            self._run_fragments = tuple(msg.metadata.run.fragment_ids)
            result.fragments_run = self._run_fragments
            new = msg.new_session
            self.page_script_hash = new.page_script_hash or self.page_script_hash
            self._max_age = new.config.max_cached_message_age or self._max_age
            if new.initialize.session_id:
                self.session_id = new.initialize.session_id
        elif kind == "delta":
            self._element(msg, result)
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
            exc = msg.session_event.script_compilation_exception
            result.errors.append(f"{exc.type}: {exc.message}")
        elif kind == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return None  # the same request goes on with another run
            self._finish_run()
            return FINISHED.get(msg.script_finished, "finished")
        return None

    def _element(self, msg: ForwardMsg, result: RunResult) -> None:
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            exc = element.exception
            text = f"{exc.type}: {exc.message}".strip(": ")
            (result.warnings if exc.is_warning else result.errors).append(text)
        elif kind in WIDGET_KINDS:
            proto = getattr(element, kind)
            widget = _widget(kind, proto, self.widgets.get(proto.id))
            widget.fragment_id = msg.delta.fragment_id
            self._seen[widget.id] = widget

    def _finish_run(self) -> None:
        """The run is complete: its widgets replace those of what it ran (the whole page,
        or its fragments); age the message cache as the frontend does."""
        ran = self._run_fragments
        if ran:  # a fragment run: the rest of the page and its widgets stay
            kept = {k: w for k, w in self.widgets.items() if w.fragment_id not in ran}
            self.widgets = {**kept, **self._seen}
        else:
            self.widgets = self._seen
        self._seen = {}
        self._runs += 1
        self._cache = {
            key: (msg, used, fragment)
            for key, (msg, used, fragment) in self._cache.items()
            if (ran and fragment not in ran) or self._runs - used <= self._max_age
        }


def _option(widget: Widget, option: str | int) -> str:
    if isinstance(option, int):
        return widget.options[option]
    if option not in widget.options:
        raise ValueError(f"{option!r} is not an option of {widget.key!r}: {widget.options}")
    return option


def _user_key(element_id: str) -> str | None:
    key = element_id.split("-", maxsplit=2)[-1] if element_id.startswith("$$ID-") else None
    return None if key in {None, "None"} else key


def _widget(kind: str, proto: Any, before: Widget | None) -> Widget:
    """The widget's value as the frontend holds it after drawing this element.

    A value the script set (``set_value``) wins; otherwise a widget already on the page
    keeps what the user chose, and a new one starts at its default.
    """
    options: tuple[str, ...] = tuple(getattr(proto, "options", ()))
    if kind == "slider" and proto.type == Slider.SELECT_SLIDER:
        kind = "select_slider"
    if kind == "component_instance":
        kind = "component"
    value: Any
    if kind == "component":
        try:
            value = json.loads(proto.json_args or "{}").get("default")
        except (ValueError, AttributeError):
            value = None
    elif kind in {"button", "file_uploader"}:
        value = None
    elif kind == "checkbox":
        value = proto.value if proto.set_value else proto.default
    elif kind in {"radio", "selectbox"}:
        if proto.set_value:
            value = proto.raw_value if proto.HasField("raw_value") else None
        elif proto.HasField("default") and 0 <= proto.default < len(options):
            value = options[proto.default]
        else:
            value = None
    elif kind == "select_slider":
        if proto.set_value:
            value = list(proto.raw_value)
        else:
            value = [options[int(i)] for i in proto.default if 0 <= int(i) < len(options)]
    else:  # numeric slider
        value = list(proto.value) if proto.set_value else list(proto.default)
    if before is not None and not getattr(proto, "set_value", False) and kind != "button":
        value = before.value
    return Widget(id=proto.id, key=_user_key(proto.id), kind=kind, value=value, options=options)


def _put_file(
    url: str, name: str, data: bytes, cookies: dict[str, str], timeout: float
) -> dict[str, str]:
    """PUT one file as the browser's uploader does (multipart, XSRF cookie echoed in
    ``X-Xsrftoken``); the cookies, with Streamlit's XSRF cookie fetched first if missing."""
    cookies = dict(cookies)
    if XSRF_COOKIE not in cookies:
        base = url.split("/_stcore/", 1)[0]
        cookies |= _cookies_of(f"{base}/_stcore/health", cookies, timeout)
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="UploadedFile"; '
            f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "X-Xsrftoken": cookies.get(XSRF_COOKIE, ""),
    }
    request = urllib.request.Request(url, data=body, headers=headers, method="PUT")  # noqa: S310
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (local)
        response.read()
    return cookies


def _cookies_of(url: str, cookies: dict[str, str], timeout: float) -> dict[str, str]:
    """The cookies a GET of ``url`` sets (sending ``cookies``), as a browser opens it."""
    headers = {
        "User-Agent": "frontier-atlas-bench",
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
    }
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (local)
        response.read()
        jar: SimpleCookie = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}
