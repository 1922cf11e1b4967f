"""The data-built pair timeline, the mirror gap by period and their reader sentences, on
hand-made tables with hand-computed answers."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from strategic_ties import paths
from strategic_ties.analysis import timeline, trade
from strategic_ties.figures import bilateral
from strategic_ties.schemas import TABLES
from strategic_ties.wording import bilateral as wording


def _frame(table: str, rows: list[dict]) -> pd.DataFrame:
    spec = TABLES[table]
    frame = pd.DataFrame(rows, columns=list(spec)) if rows else pd.DataFrame(columns=list(spec))
    for column, (dtype, _meaning) in spec.items():
        frame[column] = frame[column].astype(dtype)
    return frame


def _conflicts() -> pd.DataFrame:
    base = {
        "conflict_id": 7,
        "location": "Armenia, Azerbaijan",
        "side_a": "Government of Azerbaijan",
        "side_b": "Government of Armenia",
        "territory_name": "Nagorno-Karabakh",
        "intensity_level": 1,
        "type_of_conflict": 2,
        "start_date": pd.Timestamp("1992-05-01"),
        "version": "fixture",
    }
    return _frame(
        "conflicts",
        [
            base | {"year": 1993, "ep_end": False},
            base | {"year": 1994, "ep_end": True, "ep_end_date": pd.Timestamp("1994-05-12")},
            base | {"year": 2020, "ep_end": True, "ep_end_date": pd.Timestamp("2020-11-10")},
            # a conflict between other states is left out
            base
            | {"conflict_id": 8, "side_b": "Government of Iran", "year": 2001, "ep_end": False},
        ],
    )


def _mids() -> pd.DataFrame:
    rows = []
    for dispnum, year in ((1, 1993), (2, 2012), (3, 1988)):
        for iso3, side_a in (("ARM", True), ("AZE", False)):
            rows.append(
                {
                    "dispnum": dispnum,
                    "ccode": 1,
                    "iso3": iso3,
                    "side_a": side_a,
                    "start_year": year,
                    "end_year": year,
                    "hostlev": 4,
                    "hiact": 16,
                    "fatality": 1,
                    "orig": True,
                }
            )
    return _frame("mids", rows)


def _transfers() -> pd.DataFrame:
    def deal(designation, order_year, first):
        return {
            "supplier": "Armenia",
            "supplier_iso3": "ARM",
            "supplier_kind": "state",
            "recipient": "Azerbaijan",
            "recipient_iso3": "AZE",
            "recipient_kind": "state",
            "designation": designation,
            "order_year": order_year,
            "first_delivery_year": first,
        }

    return _frame(
        "arms_transfers",
        [
            deal("A", 2010, 2011),
            deal("B", 2010, 2013),
            deal("C", 2026, None),
            deal("D", 1980, 1981),
        ],
    )


def _votes() -> pd.DataFrame:
    # 2000-2007: the pair votes alike until 2003, opposed from 2004 (agreement 1 -> 0)
    rows = []
    for year in range(2000, 2008):
        for rcid in range(12):
            arm = "yes"
            aze = "yes" if year < 2004 else "no"
            for iso3, vote in (("ARM", arm), ("AZE", aze)):
                rows.append(
                    {
                        "rcid": year * 100 + rcid,
                        "iso3": iso3,
                        "country": iso3,
                        "vote": vote,
                        "date": pd.Timestamp(year=year, month=10, day=1),
                        "year": year,
                        "session": 1,
                    }
                )
    return _frame("unga_votes", rows)


def _tables(events: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    return {
        "events": events if events is not None else _frame("events", []),
        "conflicts": _conflicts(),
        "mids": _mids(),
        "arms_transfers": _transfers(),
        "unga_votes": _votes(),
    }


def test_timeline_from_the_data_names_each_source() -> None:
    items = timeline.pair_timeline("ARM", "AZE", 1992, 2024, tables=_tables())
    got = list(zip(items["year"], items["source"], items["kind"], strict=True))
    assert got == [
        (1992, "UCDP", "Conflict onset"),
        (1993, "CoW MID", "Militarised dispute"),
        (1994, "UCDP", "Episode ends"),
        (2004, "UN votes", "Votes diverge"),
        (2010, "SIPRI", "Arms order"),
        (2011, "SIPRI", "First delivery"),
        (2012, "CoW MID", "Militarised dispute"),
        (2013, "SIPRI", "First delivery"),
        (2020, "UCDP", "Episode ends"),
        (2026, "SIPRI", "Arms order"),
    ]
    # two deals ordered in 2010 make one item; the 1980 deal and the 1988 dispute are before 1992
    assert items.loc[items["kind"] == "Arms order", "label"].iloc[0] == "2 deals: A, B"
    # the 2026 order lies after end_year: kept, marked
    assert list(items.loc[items["after_window"], "year"]) == [2026]
    assert timeline.source_counts(items) == {"UCDP": 3, "CoW MID": 2, "SIPRI": 4, "UN votes": 1}
    # a territorial conflict goes by its reader's name (threats.conflict_label)
    assert "Nagorno-Karabakh conflict" in items.loc[0, "label"]


def test_vote_turning_point_is_the_largest_change_of_the_moving_mean() -> None:
    agreement = pd.DataFrame({"year": range(2000, 2008), "agreement": [1, 1, 1, 1, 0, 0, 0, 0]})
    points = timeline.vote_turning_points(agreement)
    # 3-year means: 1, 1, .67 (2004), .33, 0: the largest step, -1/3, ends 2004 and 2005 alike;
    # the first is taken; no rise -> no 'converge' row
    assert list(points["kind"]) == ["Votes diverge"]
    assert list(points["year"]) == [2004]
    assert "down 0.33 to 0.67" in points["label"].iloc[0]
    flat = pd.DataFrame({"year": range(2000, 2008), "agreement": [0.5] * 8})
    assert timeline.vote_turning_points(flat).empty


def test_key_items_prefer_conflicts_and_spread_over_kinds() -> None:
    items = timeline.pair_timeline("ARM", "AZE", 1992, 2024, tables=_tables())
    keyed = timeline.key_items(items, limit=3)
    assert list(keyed["kind"]) == ["Conflict onset", "Militarised dispute", "Episode ends"]
    assert "SIPRI" not in set(timeline.key_items(items)["source"])


def test_integrated_chart_and_table() -> None:
    items = timeline.pair_timeline("ARM", "AZE", 1992, 2024, tables=_tables())
    fig = bilateral.integrated_timeline(items, 1992, 2024)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["UCDP", "CoW MID", "SIPRI", "UN votes"]
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "1992: Nagorno-Karabakh conflict" in texts
    plt.close(fig)
    table = bilateral.timeline_table(items)
    assert list(table.columns) == ["Date", "Source", "What", "Event"]
    assert table["Event"].iloc[-1].endswith("(after the report window)")
    assert "★" not in " ".join(table["Event"])


def test_timeline_lead_counts_sources_and_says_what_is_after_the_window() -> None:
    items = timeline.pair_timeline("ARM", "AZE", 1992, 2024, tables=_tables())
    text = wording.timeline_lead(items, "Armenia", "Azerbaijan", 2024)
    assert text.startswith(
        "The timeline holds 10 items for Armenia and Azerbaijan from 1992 to 2026"
    )
    assert "3 UCDP conflict items" in text and "2 militarised disputes" in text
    assert "no event for this pair" in text
    assert "1 item falls after 2024, the report's last year" in text


def _flows() -> pd.DataFrame:
    years = list(range(2006, 2016))
    exporter = [100.0] * 10
    importer = [90, 95, 100, 110, 80, 30, 20, 10, 6, 38]
    return pd.DataFrame(
        {
            "year": years,
            "a_exports_to_b": [float("nan")] * 10,
            "b_imports_from_a": [float("nan")] * 10,
            "b_exports_to_a": exporter,
            "a_imports_from_b": [float(v) for v in importer],
        }
    )


def test_mirror_gap_by_period() -> None:
    gaps = trade.mirror_gap_by_period(_flows(), period_years=5)
    assert list(gaps["direction"]) == ["b_to_a", "b_to_a"]
    assert list(zip(gaps["first"], gaps["last"], strict=True)) == [(2006, 2010), (2011, 2015)]
    first, last = gaps.iloc[0], gaps.iloc[1]
    assert first["median"] == pytest.approx(0.95) and first["low"] == pytest.approx(0.80)
    assert last["median"] == pytest.approx(0.20)
    assert (last["low"], last["high"]) == (pytest.approx(0.06), pytest.approx(0.38))
    text = wording.mirror_periods(gaps, "Israel", "Azerbaijan")
    assert "2006–2010 95% (80%–110%)" in text
    assert "In 2011–2015 Azerbaijan records 80% less than Israel reports exporting" in text
    assert "agree" in wording.mirror_verdict(1.12, "Israel", "Azerbaijan")
    assert "within ±15%" in wording.mirror_verdict(0.86, "Israel", "Azerbaijan")
    # the United States–Israel case: 126% and 71% are not agreement
    assert "26% more" in wording.mirror_verdict(1.26, "Israel", "United States")
    assert "29% less" in wording.mirror_verdict(0.71, "United States", "Israel")
    # periods end with the last year: 2015 and 2010, the first may be shorter
    short = trade.mirror_gap_by_period(_flows().iloc[1:], period_years=5)
    assert list(short["first"]) == [2007, 2011] and list(short["years"]) == [4, 5]
    assert trade.mirror_gap_by_period(_flows().iloc[0:0]).empty


def test_series_end_and_anomaly_sentences() -> None:
    assert wording.series_ends("The IMF series", 2020, 2024) == (
        "The IMF series stops in 2020, 4 years before 2024, the report's last year; nothing "
        "here covers 2021–2024."
    )
    assert wording.series_ends("The IMF series", 2024, 2024) == ""
    from strategic_ties import recency

    flag = recency.anomaly(
        {2015: 931.0, 2016: 924.0, 2017: 828.0, 2018: 1444.0, 2019: 1446.0, 2020: 628.0}
    )
    text = wording.anomaly_note(flag, "two-way trade")
    assert text.startswith(
        "Read 2020 with care: two-way trade of US$628\u00a0m lies below the lowest of 2015–2019"
    )
    assert wording.anomaly_note(None, "x") == ""


def test_many_party_curated_events_can_be_left_out() -> None:
    def event(event_id: str, actors: str) -> dict:
        return {
            "event_id": event_id,
            "date": pd.Timestamp("2012-03-14"),
            "date_precision": "day",
            "year": 2012,
            "category": "terrorism_or_plot",
            "actors": actors,
            "title": event_id,
            "in_source_paper": False,
        }

    events = _frame(
        "events",
        [event("two", "USA;ISR"), event("three", "USA;ISR;IRN"), event("four", "AZE;IRN;ISR;USA")],
    )
    tables = _tables(events)
    every = timeline.pair_timeline("USA", "ISR", 1992, 2024, tables=tables)
    assert list(every.loc[every["source"] == "Curated timeline", "label"]) == [
        "four",
        "three",
        "two",
    ]
    few = timeline.pair_timeline("USA", "ISR", 1992, 2024, max_others=1, tables=tables)
    assert list(few.loc[few["source"] == "Curated timeline", "label"]) == ["three", "two"]


@pytest.mark.skipif(
    not (paths.data_dir() / "catalog.yaml").is_file(), reason="processed data not built"
)
def test_no_vote_turning_point_in_a_year_of_one_roll_call() -> None:
    # the vote data hold a single 2020 roll call; the turning points stop with the thin years
    votes = timeline.pair_timeline("Israel", "Azerbaijan", 1992, 2024, curated=False)
    years = votes.loc[votes["source"] == "UN votes", "year"]
    assert not years.empty and years.max() <= 2019


def test_timeline_lead_says_the_curated_events_were_compiled_around_the_papers_pair() -> None:
    items = pd.DataFrame(
        {
            "source": ["Curated timeline", "SIPRI"],
            "year": [2020, 2021],
            "after_window": [False, False],
        }
    )
    other = wording.timeline_lead(items, "Russia", "Armenia", 2024)
    assert "compiled around the source paper's pair, Israel and Azerbaijan" in other
    assert "far from complete" in other
    own = wording.timeline_lead(items, "Israel", "Azerbaijan", 2024)
    assert "compiled around" not in own


def test_mid_items_name_the_other_states_of_a_dispute():
    """CoW codes Russia and Iran on opposite sides of dispute 3564 (1993), the Karabakh war's:
    the timeline item names the other states, so it does not read as a Russia-Iran clash."""
    from strategic_ties.analysis import timeline

    labels = timeline.mid_items("Russia", "Iran", 1992)["label"].tolist()
    assert labels == ["Dispute 3564 (also Armenia, Azerbaijan, Türkiye): use of force"]


def test_timeline_numbers_never_print_over_each_other() -> None:
    """Israel-Azerbaijan's numbers 8-10 (2023, 2025, 2025 on the curated lane) overlapped: each
    number now keeps at least a point clear of every other (boxes measured as drawn)."""
    from strategic_ties import charts

    items = timeline.pair_timeline("ISR", "AZE", 1992, 2024)
    fig = bilateral.integrated_timeline(items, 1992, 2024, stars=True)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    numbers = [t for t in fig.axes[0].texts if t.get_text().isdigit()]
    assert [t.get_text() for t in numbers] == [str(n) for n in range(1, 11)]
    half_point = fig.dpi / 72 / 2
    boxes = [charts.text_box(t, renderer).padded(half_point) for t in numbers]
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(other) for other in boxes[i + 1 :]), numbers[i].get_text()
    plt.close(fig)


def test_a_timeline_of_too_few_years_is_listed_not_charted() -> None:
    """France-Armenia's timeline was three SIPRI markers in 2023-2024 on a 1992-2024 axis: with
    items in fewer than three years, a sentence lists them instead."""
    sparse = timeline.pair_timeline("FRA", "ARM", 1992, 2024, max_others=1)
    assert bilateral.timeline_too_sparse(sparse)
    assert wording.timeline_in_words(sparse) == (
        "With items in 2023–2024 only, the timeline is listed rather than charted: arms order "
        "in 2023 (SIPRI) – 2 deals: Bastion, Ground Master-200; first delivery in 2023 (SIPRI) "
        "– 1 deal: Bastion; arms order in 2024 (SIPRI) – 1 deal: CAESAR 155mm."
    )
    assert not bilateral.timeline_too_sparse(timeline.pair_timeline("ISR", "AZE", 1992, 2024))
    assert not bilateral.timeline_too_sparse(
        timeline.pair_timeline("RUS", "ARM", 1992, 2024, max_others=1)
    )
