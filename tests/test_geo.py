"""Country outlines: TopoJSON decoding (hand-made topology), the processed table, the map."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from strategic_ties import charts, datasets
from strategic_ties.errors import DataError
from strategic_ties.figures import maps
from strategic_ties.ingest import geo

RAW = Path(__file__).resolve().parents[2] / "shared" / "data"

# Two unit squares side by side sharing the arc x=1; quantized with scale 1 and a translate.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [1, 1], "translate": [40, 30]},
    "arcs": [
        [[1, 0], [0, 1]],  # shared border: (41,30) -> (41,31)
        [
            [1, 1],
            [-1, 0],
            [0, -1],
            [1, 0],
        ],  # left square's rest: (41,31)->(40,31)->(40,30)->(41,30)
        [
            [1, 0],
            [1, 0],
            [0, 1],
            [-1, 0],
        ],  # right square's rest: (41,30)->(42,30)->(42,31)->(41,31)
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {
                    "type": "Polygon",
                    "arcs": [[0, 1]],
                    "id": "031",
                    "properties": {"name": "Azerbaijan"},
                },
                {
                    "type": "Polygon",
                    "arcs": [[2, -1]],
                    "id": "051",
                    "properties": {"name": "Armenia"},
                },
                {"type": "Polygon", "arcs": [[2, -1]], "properties": {"name": "Nowhere"}},
                {"type": None, "id": "999"},
            ],
        }
    },
}


def test_decode_arcs_and_rings():
    arcs = geo.decode_arcs(TOPOLOGY)
    assert arcs[0].tolist() == [[41, 30], [41, 31]]
    left = geo.ring_points([0, 1], arcs)
    assert left.tolist() == [[41, 30], [41, 31], [40, 31], [40, 30], [41, 30]]
    right = geo.ring_points([2, -1], arcs)  # ~0 walks the shared arc backwards
    assert right.tolist() == [[41, 30], [42, 30], [42, 31], [41, 31], [41, 30]]


def test_outlines_table(tmp_path):
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(TOPOLOGY), encoding="utf-8")
    frame = geo.parse_outlines(path)
    datasets.validate("country_outlines", frame)
    assert set(frame["name"]) == {"Azerbaijan", "Armenia", "Nowhere"}
    assert frame.loc[frame["name"] == "Azerbaijan", "iso3"].iloc[0] == "AZE"
    assert frame.loc[frame["name"] == "Nowhere", "iso3"].isna().all()
    assert len(frame[frame["name"] == "Armenia"]) == 5


def test_broken_file_is_one_sentence(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match="not a readable TopoJSON file"):
        geo.parse_outlines(path)


@pytest.mark.skipif(not (RAW / geo.MAP_FILE).exists(), reason="needs ../shared/data/geo")
def test_real_outlines_match_the_processed_table():
    frame = datasets.load("country_outlines")
    assert {"AZE", "ISR", "ARM", "IRN", "RUS"} <= set(frame["iso3"].dropna())
    aze = frame[(frame["iso3"] == "AZE") & (frame["ring"] == 0)]
    assert 44 < aze["lon"].min() < 45 and 50 < aze["lon"].max() < 51.5
    assert 38 < aze["lat"].min() < 39 and 41.5 < aze["lat"].max() < 42.5


def _tiny_frame() -> pd.DataFrame:
    return geo.outlines(TOPOLOGY)


def test_locator_map_draws_countries_in_their_colours():
    charts.set_countries(["Azerbaijan", "Armenia"])
    fig = maps.locator_map(
        _tiny_frame(), country=("AZE", "Azerbaijan"), partner=("ARM", "Armenia"), rivals=()
    )
    faces = {tuple(np.round(p.get_facecolor()[:3], 3)) for p in fig.axes[0].patches}
    for name in ("Azerbaijan", "Armenia"):
        rgb = tuple(
            round(int(charts.country_colour(name)[i : i + 2], 16) / 255, 3) for i in (1, 3, 5)
        )
        assert rgb in faces
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert {"Azerbaijan", "Armenia"} <= labels


def test_window_leaves_out_a_huge_rival():
    frame = datasets.load("country_outlines")
    box = maps.window(frame, ["AZE", "ISR"], ["IRN", "RUS", "ARM"])
    assert box[2] - box[0] <= maps.MAX_SPAN[0] + 2 * max(2, maps.MAX_SPAN[0] * 0.1)
    assert box[0] < 34.5 and box[2] > 60  # Israel and all of Iran are in
    assert box[3] < 60  # Russia's far north is not


def test_country_colours_are_fixed_and_distinct():
    charts.set_countries(["Azerbaijan", "Israel", "Iran", "Armenia", "Russia"])
    first = charts.country_colours(["Russia", "Armenia", "Türkiye", "Others"])
    again = charts.country_colours(["Armenia", "Russia", "Türkiye"])
    assert first["Russia"] == again["Russia"] and first["Armenia"] == again["Armenia"]
    assert len(set(first.values())) == 4
    assert first["Others"] == charts.OTHER_GREY


def test_a_distant_partner_is_pointed_at_not_framed():
    """France-Armenia's map was the whole world, Armenia a dot: the map is now framed on Armenia
    and its rivals and an arrow labelled with France's name and distance points west; the
    default pair (Israel within reach of Azerbaijan) keeps its map, without an arrow."""
    from matplotlib.text import Annotation

    frame = datasets.load("country_outlines")
    charts.set_countries(["Armenia", "France", "Azerbaijan", "Türkiye"])
    fig = maps.locator_map(
        frame,
        country=("ARM", "Armenia"),
        partner=("FRA", "France"),
        rivals=[("AZE", "Azerbaijan"), ("TUR", "Türkiye")],
    )
    ax = fig.axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x1 - x0 <= maps.MAX_SPAN[0] + 10 and x0 > 20  # the region, not the world
    (arrow,) = [t for t in ax.texts if isinstance(t, Annotation)]
    assert arrow.get_text() == "France\n(partner, ~3,500 km)"
    assert arrow.xy[0] < arrow.xyann[0] and x0 <= arrow.xy[0] <= x1  # west, on the map
    assert y0 <= arrow.xy[1] <= y1
    default = maps.locator_map(
        frame,
        country=("AZE", "Azerbaijan"),
        partner=("ISR", "Israel"),
        rivals=[("IRN", "Iran"), ("ARM", "Armenia"), ("RUS", "Russia")],
    )
    assert not [t for t in default.axes[0].texts if isinstance(t, Annotation)]
    assert np.array_equal(
        np.array([*default.axes[0].get_xlim(), *default.axes[0].get_ylim()])[[0, 2, 1, 3]],
        maps.window(frame, ["AZE", "ISR"], ["IRN", "ARM", "RUS"]),
    )
