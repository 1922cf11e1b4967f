"""The locator map of the key-judgements page: partner, country and rivals on Natural Earth
outlines (the `country_outlines` table), drawn with matplotlib in a plain equirectangular
projection scaled by the cosine of the map's central latitude.

The window is fitted to the country and the partner, widened to take in the rivals unless a
rival is so large (Russia) that it would shrink the rest to dots: then the rival is shown where
it enters the window.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path

from strategic_ties import charts

LAND = "#ececec"
BORDER = "#ffffff"
SEA = "#f7fbff"
BOUNDARY_NOTE = (
    "Boundaries follow Natural Earth's de-facto conventions and imply no view on any dispute."
)
MAX_SPAN = (70.0, 42.0)  # degrees of longitude / latitude the window may grow to for a rival
LEGEND_ROOM = 0.35  # inches under the map for its one-row legend (6 pt)
REACH = 8.0  # degrees beyond the window within which a country too large to show whole is shown
WORLD = np.array([-170.0, -58.0, 180.0, 80.0])
EARTH_RADIUS_KM = 6371.0


def polygons(outlines: pd.DataFrame) -> dict[tuple[str, int], list[np.ndarray]]:
    """(name, polygon) -> its rings as (n, 2) arrays of lon, lat; ring 0 is the outer boundary."""
    out: dict[tuple[str, int], list[np.ndarray]] = {}
    keys = ["name", "polygon", "ring"]
    ordered = outlines.dropna(subset=keys)  # as a group-by: rows without a key belong nowhere
    ordered = ordered.sort_values([*keys, "point"], kind="mergesort")
    names = ordered["name"].to_numpy(dtype=object)
    polygon = ordered["polygon"].to_numpy(dtype="int64")
    ring = ordered["ring"].to_numpy(dtype="int64")
    points = ordered[["lon", "lat"]].to_numpy()
    starts = np.flatnonzero(
        np.r_[
            True,
            (names[1:] != names[:-1]) | (polygon[1:] != polygon[:-1]) | (ring[1:] != ring[:-1]),
        ]
    )  # each ring's first row, the rows being sorted by name, polygon, ring and point
    for start, stop in zip(starts, [*starts[1:], len(names)], strict=True):
        out.setdefault((names[start], int(polygon[start])), []).append(points[start:stop])
    return out


def _outer(outlines: pd.DataFrame, iso3: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """lon, lat of the outer boundaries (ring 0) of the countries."""
    rows = (outlines["iso3"].isin(list(iso3)) & (outlines["ring"] == 0)).to_numpy(dtype=bool)
    return outlines["lon"].to_numpy(dtype="float64")[rows], outlines["lat"].to_numpy(
        dtype="float64"
    )[rows]


def _extent(lon: np.ndarray, lat: np.ndarray) -> np.ndarray | None:
    """[lon0, lat0, lon1, lat1] of the points (missing values skipped), None without points."""
    if not len(lon):
        return None
    with np.errstate(invalid="ignore"):
        return np.array([np.nanmin(lon), np.nanmin(lat), np.nanmax(lon), np.nanmax(lat)])


def _bbox(outlines: pd.DataFrame, iso3: Sequence[str]) -> np.ndarray | None:
    return _extent(*_outer(outlines, iso3))


def _union(a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray | None:
    if a is None or b is None:
        return a if b is None else b
    return np.array([min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])])


def _fits(box: np.ndarray) -> bool:
    return box[2] - box[0] <= MAX_SPAN[0] and box[3] - box[1] <= MAX_SPAN[1]


def _near(outlines: pd.DataFrame, iso3: str, box: np.ndarray) -> np.ndarray | None:
    """The bounding box of the part of a country within REACH degrees of `box` (None if none)."""
    lon, lat = _outer(outlines, [iso3])
    near = (
        (lon >= box[0] - REACH)
        & (lon <= box[2] + REACH)
        & (lat >= box[1] - REACH)
        & (lat <= box[3] + REACH)
    )
    return _extent(lon[near], lat[near])


def window(outlines: pd.DataFrame, core: Sequence[str], rivals: Sequence[str]) -> np.ndarray:
    """[lon0, lat0, lon1, lat1] of the map, with a margin of a tenth of the span (at least
    2 degrees). It starts from the first core country (the country studied) and takes in each
    further country whole when the window stays within MAX_SPAN; a larger one only where it is
    near (Russia seen from the Caucasus). A core country out of reach (the partner on another
    continent) widens the window to a world map."""
    box = _bbox(outlines, core[:1])
    if box is None:
        raise ValueError("the country to map has no outline")
    for iso3 in [*core[1:], *rivals]:
        whole = _union(box, _bbox(outlines, [iso3]))
        if _fits(whole):
            box = whole
            continue
        near = _near(outlines, iso3, box)
        if near is not None and _fits(_union(box, near)):
            box = _union(box, near)
        elif iso3 in core:
            return WORLD.copy()
    margin_x = max(2.0, (box[2] - box[0]) * 0.1)
    margin_y = max(2.0, (box[3] - box[1]) * 0.1)
    box = box + np.array([-margin_x, -margin_y, margin_x, margin_y])
    return np.array([max(box[0], -180), max(box[1], -90), min(box[2], 180), min(box[3], 90)])


def _label_point(rings: list[np.ndarray], box: np.ndarray) -> tuple[float, float] | None:
    """Where to write a country's name: the middle of the points of its largest outer boundary
    inside the window (None when none do)."""
    rings = [r for r in rings if len(_inside(r, box))]
    if not rings:
        return None
    points = _inside(max(rings, key=lambda r: len(_inside(r, box))), box)
    lon = (points[:, 0].min() + points[:, 0].max()) / 2
    lat = (points[:, 1].min() + points[:, 1].max()) / 2
    return float(lon), float(lat)


def _inside(points: np.ndarray, box: np.ndarray) -> np.ndarray:
    return points[
        (points[:, 0] >= box[0])
        & (points[:, 0] <= box[2])
        & (points[:, 1] >= box[1])
        & (points[:, 1] <= box[3])
    ]


def _free_spot(
    spot: tuple[float, float], placed: list[tuple[float, float]], box: np.ndarray
) -> tuple[float, float]:
    """Move a label up or down until it no longer sits on one already placed."""
    dx, dy = (box[2] - box[0]) * 0.16, (box[3] - box[1]) * 0.07
    for k in range(8):
        step = ((k + 1) // 2) * (1 if k % 2 else -1) * dy
        candidate = (spot[0], spot[1] + step)
        if all(abs(candidate[0] - x) > dx or abs(candidate[1] - y) > dy for x, y in placed):
            return candidate
    return spot


def _visible(outlines: pd.DataFrame, box: np.ndarray) -> np.ndarray:
    """Rows of the polygons (name, polygon) whose extent meets the window `box`."""
    keyed = (outlines["name"].notna() & outlines["polygon"].notna()).to_numpy(dtype=bool)
    names, _ = pd.factorize(outlines["name"])
    polygon, _ = pd.factorize(outlines["polygon"])
    group = np.where(keyed, names.astype("int64") * (polygon.max() + 2) + polygon, -1)
    _, group = np.unique(group, return_inverse=True)
    lon = outlines["lon"].to_numpy(dtype="float64")
    lat = outlines["lat"].to_numpy(dtype="float64")

    def per_group(values: np.ndarray, reduce) -> np.ndarray:
        known = ~np.isnan(values)
        out = np.full(group.max() + 1, np.inf if reduce is np.minimum else -np.inf)
        reduce.at(out, group[known], values[known])
        out[np.bincount(group[known], minlength=len(out)) == 0] = np.nan  # no value: NaN
        return out[group]  # NaN compares as False

    with np.errstate(invalid="ignore"):
        inside = (
            (per_group(lon, np.maximum) >= box[0])
            & (per_group(lon, np.minimum) <= box[2])
            & (per_group(lat, np.maximum) >= box[1])
            & (per_group(lat, np.minimum) <= box[3])
        )
    return inside & keyed


def _centre(outlines: pd.DataFrame, iso3: str) -> tuple[float, float] | None:
    """lon, lat of the middle of a country's largest outer boundary (its mainland)."""
    rings = [r[0] for r in polygons(outlines[outlines["iso3"] == iso3]).values()]
    return _label_point(rings, np.array([-180.0, -90.0, 180.0, 90.0])) if rings else None


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two lon, lat points."""
    lon1, lat1, lon2, lat2 = map(np.radians, (*a, *b))
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return float(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(h)))


def _point_to(
    ax,
    box: np.ndarray,
    aspect: float,
    home: tuple[float, float],
    far: tuple[float, float],
    label: str,
    colour: str,
) -> None:
    """An arrow from the middle of the map towards `far` (off the map), ending near the edge,
    with `label` at its tail: where a partner too distant to frame with the country lies."""
    centre = np.array([(box[0] + box[2]) / 2, (box[1] + box[3]) / 2])
    direction = np.array([far[0] - home[0], (far[1] - home[1]) * aspect])
    direction[0] = (direction[0] + 180) % 360 - 180  # the shorter way round
    direction /= np.hypot(*direction) or 1.0
    direction[1] /= aspect  # back to degrees of latitude
    half = np.array([(box[2] - box[0]) / 2, (box[3] - box[1]) / 2])
    reach = min(h / abs(d) for h, d in zip(half, direction, strict=True) if d) * 0.97
    head = centre + direction * reach
    tail = centre + direction * reach * 0.55
    ax.annotate(
        label,
        xy=tuple(head),
        xytext=tuple(tail),
        ha="center",
        va="center",
        fontsize=7,
        weight="bold",
        zorder=4,
        arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.4, "shrinkA": 6},
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": colour, "lw": 0.8},
    )


def locator_map(
    outlines: pd.DataFrame,
    *,
    country: tuple[str, str],
    partner: tuple[str, str],
    rivals: Sequence[tuple[str, str]] = (),
    width: float = 3.6,
) -> Figure:
    """A locator map; each country is (ISO3, display name). The country and the partner are
    filled in their document colours (`charts.country_colour`), the rivals hatched in theirs,
    every other country light grey."""
    rivals = [r for r in rivals if r[0] not in (country[0], partner[0])]  # one role per state
    roles = [("country", *country), ("partner", *partner)] + [("rival", *r) for r in rivals]
    box = window(outlines, [country[0], partner[0]], [iso for iso, _ in rivals])
    far = np.array_equal(box, WORLD)  # a world map would shrink the country to a dot
    if far:  # framed on the country and its rivals, the partner pointed at (France-Armenia)
        box = window(outlines, [country[0]], [iso for iso, _ in rivals])
    mid_lat = np.radians((box[1] + box[3]) / 2)
    aspect = 1 / max(np.cos(mid_lat), 0.2)
    height = width * (box[3] - box[1]) * aspect / (box[2] - box[0])
    height = min(max(height, 2.2), 4.5)
    # the legend goes under the map: room for it on the canvas (see charts.png), which is
    # cropped to what is drawn
    below = LEGEND_ROOM
    fig = Figure(figsize=(width, height + below))
    ax = fig.add_axes((0, below / (height + below), 1, height / (height + below)))
    ax.set_facecolor(SEA)
    visible = outlines[_visible(outlines, box)]
    last = visible.drop_duplicates("iso3", keep="last")  # each state's name (its last row)
    names_by_iso = dict(zip(last["iso3"].tolist(), last["name"].tolist(), strict=True))
    style = {}
    for role, iso3, label in roles:
        colour = charts.country_colour(label)
        if role == "rival":
            style[names_by_iso.get(iso3)] = {
                "facecolor": LAND,
                "edgecolor": colour,
                "hatch": "////",
            }
        else:
            style[names_by_iso.get(iso3)] = {"facecolor": colour, "edgecolor": BORDER}
    shapes = polygons(visible)
    for (name, _p), rings in shapes.items():
        path = Path.make_compound_path(*(Path(r, closed=True) for r in rings))
        look = style.get(name, {"facecolor": LAND, "edgecolor": "#bdbdbd"})
        # add_artist, not add_patch: the limits are set below, so the patch need not widen the
        # data limits (add_patch walks every Bezier segment of the outline for that: ~0.2 s)
        patch = PathPatch(path, linewidth=0.4, zorder=2 if name in style else 1, **look)
        ax.add_artist(patch)
    placed: list[tuple[float, float]] = []
    for role, iso3, label in roles:
        name = names_by_iso.get(iso3)
        rings = [rings[0] for (n, _p), rings in shapes.items() if n == name]
        spot = _label_point(rings, box) if rings else None
        if spot is None:
            continue
        spot = _free_spot(spot, placed, box)
        placed.append(spot)
        ax.text(
            *spot,
            label,
            ha="center",
            va="center",
            fontsize=7,
            weight="bold" if role != "rival" else "normal",
            zorder=3,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.75, "lw": 0},
        )
    home, away = _centre(outlines, country[0]), _centre(outlines, partner[0])
    if (
        far
        and home
        and away
        and _label_point(
            [r[0] for (n, _p), r in shapes.items() if n == names_by_iso.get(partner[0])], box
        )
        is None
    ):
        km = _distance_km(home, away)
        label = f"{partner[1]}\n(partner, ~{round(km, -2):,.0f} km)"
        _point_to(ax, box, aspect, home, away, label, charts.country_colour(partner[1]))
    ax.set_xlim(box[0], box[2])
    ax.set_ylim(box[1], box[3])
    ax.set_aspect(aspect)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#bdbdbd")
    handles = [Patch(facecolor=charts.country_colour(country[1]), label=f"{country[1]} (country)")]
    handles.append(
        Patch(facecolor=charts.country_colour(partner[1]), label=f"{partner[1]} (partner)")
    )
    if rivals:
        handles.append(Patch(facecolor=LAND, edgecolor="#595959", hatch="////", label="rivals"))
    fig.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, below / (height + below)),
        ncol=3,
        fontsize=6,
    )
    return fig
