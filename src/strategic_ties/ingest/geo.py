"""Natural Earth country outlines (TopoJSON from the world-atlas package) -> one tidy table.

TopoJSON stores shared borders once as quantized, delta-encoded arcs; a polygon ring is a list
of arc indices (``~i`` = arc ``i`` reversed). This module decodes them into rings of longitude /
latitude points, one row per point: iso3, name, polygon, ring, point, lon, lat. Ring 0 of each
polygon is its outer boundary, further rings are holes. Features without an ISO numeric code
(Somaliland, Kosovo, N. Cyprus, ...) keep their Natural Earth name and a null iso3.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from strategic_ties.errors import DataError
from strategic_ties.ingest.common import finish

MAP_FILE = "geo/countries-50m.json"


def decode_arcs(topology: dict) -> list[np.ndarray]:
    """Every arc as an (n, 2) array of longitude, latitude."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points = np.asarray(arc, dtype=float)
        if transform:
            points = np.cumsum(points, axis=0) * transform["scale"] + transform["translate"]
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    """One ring's points from its arc indices (a negative index ~i walks arc i backwards)."""
    parts = []
    for k, index in enumerate(ring):
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        parts.append(points if k == 0 else points[1:])
    return np.concatenate(parts)


def _iso3_by_numeric() -> dict[str, str]:
    import country_converter as coco

    data = coco.CountryConverter().data[["ISO3", "ISOnumeric"]].dropna()
    return {
        f"{int(n):03d}": str(iso3) for iso3, n in zip(data["ISO3"], data["ISOnumeric"], strict=True)
    }


def outlines(topology: dict, object_name: str = "countries") -> pd.DataFrame:
    """The polygons of one TopoJSON object as a tidy frame of points."""
    arcs = decode_arcs(topology)
    iso3_of = _iso3_by_numeric()
    frames = []
    for geometry in topology["objects"][object_name]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:  # null geometries carry no outline
            continue
        code = geometry.get("id")
        name = (geometry.get("properties") or {}).get("name", "")
        for p, polygon in enumerate(polygons):
            for r, ring in enumerate(polygon):
                points = ring_points(ring, arcs)
                frames.append(
                    pd.DataFrame(
                        {
                            "iso3": iso3_of.get(str(code)) if code else None,
                            "name": name,
                            "polygon": p,
                            "ring": r,
                            "point": np.arange(len(points)),
                            "lon": points[:, 0].round(5),
                            "lat": points[:, 1].round(5),
                        }
                    )
                )
    return pd.concat(frames, ignore_index=True)


def parse_outlines(path: Path) -> pd.DataFrame:
    """countries-50m.json -> the `country_outlines` table."""
    try:
        topology = json.loads(path.read_text(encoding="utf-8"))
        frame = outlines(topology)
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise DataError(
            f"{path.name} (country outlines): not a readable TopoJSON file ({exc})."
        ) from None
    frame = frame.astype({"polygon": "Int64", "ring": "Int64", "point": "Int64"})
    frame["iso3"] = frame["iso3"].astype("string")
    frame["name"] = frame["name"].astype("string")
    return finish("country_outlines", frame, ["name", "polygon", "ring", "point"])
