"""The class session's HTTP side, served beside Streamlit by ``app.py``'s ``st.App``.

    GET  /?follow=CODE           the follower page (static: no Streamlit session per phone)
    GET  /follow/CODE/state      the session's last state, JSON (ETag; 304 when unchanged)
    GET  /follow/CODE/events     the same as server-sent events, each change as it happens
    POST /follow/CODE/publish    the presenter: {"scene": {...}} and/or {"card": true|false}
    POST /follow/CODE/end        the presenter ends the session
    GET  /follow/assets/NAME     the follower page's script and the atlas's web map

Publishing needs the session's secret in the ``X-Class-Secret`` header (compared in constant
time): a follower, who never sees it, cannot change anyone's scene. A body is read up to
``MAX_BODY`` bytes and checked (``live.scene``) before anything keeps it.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from live.assets import Asset, map_asset, static_asset
from live.hub import Hub
from live.scene import MAX_BODY, BadScene, checked_scene
from live.store import Refused, Store, Unknown, the_store, valid_code

SECRET_HEADER = "x-class-secret"  # noqa: S105  (a header name, not a secret)
PAGE_CACHE = "public, max-age=300"
MAP_CACHE = "public, max-age=600"
ENDED_TEXT = (
    "This class session has ended or the code is wrong. Check the code with your teacher, "
    "or open the atlas on its own."
)


def served(request: Request, item: Asset, cache: str) -> Response:
    """``item`` gzipped when the browser takes it; 304 when it has this version already."""
    headers = {"ETag": item.etag, "Cache-Control": cache, "Vary": "Accept-Encoding"}
    if request.headers.get("if-none-match") == item.etag:
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(item.gzipped, media_type=item.media_type, headers=headers)
    return Response(item.body, media_type=item.media_type, headers=headers)


class LiveRoutes:
    """The routes over one store, and this process's event hub."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.hub = Hub(store)

    def routes(self) -> list[Route]:
        return [
            Route("/follow/assets/{name}", self.asset_file),
            Route("/follow/{code}/state", self.state),
            Route("/follow/{code}/events", self.events),
            Route("/follow/{code}/publish", self.publish, methods=["POST"]),
            Route("/follow/{code}/end", self.end, methods=["POST"]),
        ]

    async def asset_file(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name == "map.html":
            return served(request, await run_in_threadpool(map_asset), MAP_CACHE)
        if name == "follow.js":
            return served(request, static_asset("follow.js", "text/javascript"), PAGE_CACHE)
        return Response("Not found", status_code=404)

    async def state(self, request: Request) -> Response:
        code = valid_code(request.path_params["code"])
        public = self.store.public(code) if code else None
        if public is None:
            return JSONResponse({"ended": True, "message": ENDED_TEXT}, status_code=404)
        etag = f'"{code}-{public["seq"]}"'
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        return JSONResponse(public, headers=headers)

    async def events(self, request: Request) -> Response:
        code = valid_code(request.path_params["code"])
        if code is None or self.store.public(code) is None:
            return JSONResponse({"ended": True, "message": ENDED_TEXT}, status_code=404)
        headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        return StreamingResponse(
            self.hub.stream(code), media_type="text/event-stream", headers=headers
        )

    async def _body(self, request: Request) -> dict[str, Any]:
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                raise BadScene(f"the body is over {MAX_BODY} bytes")
        try:
            value = json.loads(body)
        except ValueError as exc:
            raise BadScene("the body is not JSON") from exc
        if not isinstance(value, dict):
            raise BadScene("the body is not a JSON object")
        return value

    async def _presenter(self, request: Request, act: Any) -> Response:
        code = valid_code(request.path_params["code"])
        secret = request.headers.get(SECRET_HEADER, "")
        if code is None:
            return JSONResponse({"error": ENDED_TEXT}, status_code=404)
        try:
            return JSONResponse(await act(code, secret))
        except Refused:
            return JSONResponse({"error": "only the presenter's page can do this"}, 403)
        except Unknown:
            return JSONResponse({"error": ENDED_TEXT}, status_code=404)
        except BadScene as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)

    async def publish(self, request: Request) -> Response:
        async def act(code: str, secret: str) -> dict[str, Any]:
            self.store.check(code, secret)  # a wrong secret is refused before the body
            body = await self._body(request)
            scene = checked_scene(body["scene"]) if "scene" in body else None
            card = body.get("card")
            if card is not None and not isinstance(card, bool):
                raise BadScene("card: true or false")
            return {"seq": self.store.publish(code, secret, scene, card)}

        return await self._presenter(request, act)

    async def end(self, request: Request) -> Response:
        async def act(code: str, secret: str) -> dict[str, Any]:
            self.store.end(code, secret)
            return {"ended": True}

        return await self._presenter(request, act)


class FollowPage:
    """``/?follow=CODE``: the follower page (or, for an unknown or ended code, a page that
    says so) instead of Streamlit's: a phone that only follows starts no Streamlit session."""

    def __init__(self, app: ASGIApp, store: Store | None = None) -> None:
        self.app = app
        self.store = store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/":
            return await self.app(scope, receive, send)
        request = Request(scope)
        wanted = request.query_params.get("follow")
        if wanted is None:
            return await self.app(scope, receive, send)
        store = self.store or the_store()
        code = valid_code(wanted)
        if code is None or store.public(code) is None:
            ended = static_asset("ended.html", "text/html").body
            headers = {"Cache-Control": "no-cache"}
            response: Response = Response(ended, 404, headers, media_type="text/html")
        else:
            response = served(request, static_asset("follow.html", "text/html"), PAGE_CACHE)
        await response(scope, receive, send)


def routes(store: Store | None = None) -> list[Route]:
    """The class session's routes, over ``store`` (this process's store by default)."""
    return LiveRoutes(store or the_store()).routes()


def middleware(store: Store | None = None) -> list[Middleware]:
    return [Middleware(FollowPage, store=store)]
