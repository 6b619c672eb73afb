"""The map element's arguments as an ``AppTest`` run sent them, and its script as the
browser runs it: inline, or (the live page) from the file its ``js_links`` name, which
this process serves (``live.map_files``)."""

from __future__ import annotations

import json
from typing import Any

from layers.web.linked import MAP_CODE, PREFIX
from live.map_files import known


def map_args(at: Any) -> dict[str, Any]:
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)


def map_script(at: Any) -> str:
    """The map's code: the ``script`` argument, or the code of the script file it runs."""
    args = map_args(at)
    files = [link.removeprefix(PREFIX) for link in args["js_links"] if "/map." in link]
    if not files:
        return args["script"]
    (name,) = files
    served = known(name)
    if served is None:
        raise AssertionError(f"{name}: the page names a map file this process does not serve")
    text = served.body.decode("utf-8")
    head = f"window.{MAP_CODE}="
    if not (text.startswith(head) and text.endswith(";\n")):
        raise AssertionError(f"{name} is not a map script file: {text[:80]}")
    return json.loads(text[len(head) : -2])
