"""The briefing notebook: its structure, the summary and appendix builders on hand-made data, and
(slow) the combined briefing rendered by `strategic-ties run` for the default pair.

The rendered briefing is built once per test session (`rendered`) into a temporary folder.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from strategic_ties import methods, paths
from strategic_ties.analysis import summary
from strategic_ties.paper import claims
from strategic_ties.schemas import TABLES

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "briefing.ipynb"
SECTIONS = (
    "Executive summary",
    "What changed",
    "Claims",
    "Bilateral ties",
    "Threat picture",
    "Arms trade",
    "Methods and sources",
)


def _frame(table: str, rows: list[dict]) -> pd.DataFrame:
    spec = TABLES[table]
    frame = pd.DataFrame(rows, columns=list(spec))
    for column, (dtype, _meaning) in spec.items():
        frame[column] = frame[column].astype(dtype)
    return frame


# ---- the notebook's structure --------------------------------------------------------------


def _cells() -> list:
    return nbformat.read(NOTEBOOK, as_version=4).cells


def test_first_heading_and_sections_in_order() -> None:
    markdown = [c.source for c in _cells() if c.cell_type == "markdown"]
    assert markdown[0].startswith("# Key judgements")  # the first page after the cover
    headings = [line for text in markdown for line in text.splitlines() if line.startswith("#")]
    wanted = [
        "# Key judgements",
        "# Briefing",
        "## Executive summary",
        "# Methods and sources",
    ]
    positions = [headings.index(h) for h in wanted]
    assert positions == sorted(positions)
    # the paper's sections are written by code, and only for the paper's pair
    for title in ("## What changed since the paper", "## Claims of the source paper, checked"):
        cell = next(c for c in _cells() if c.cell_type == "code" and title in c.source)
        assert cell.source.startswith("if paper_pair:")
    assert not any("Murinson" in text or "source paper" in text for text in markdown)


def test_appendix_cells_are_tagged_and_last() -> None:
    cells = _cells()
    tagged = ["appendix" in c.metadata.get("tags", []) for c in cells]
    first = tagged.index(True)
    assert all(tagged[first:]), "every cell after the appendix heading is tagged 'appendix'"
    assert cells[first].source.startswith("# Methods and sources")
    intro = next(c for c in cells if "wording.intro_markdown(paper_pair)" in c.source)
    assert cells.index(intro) > next(i for i, c in enumerate(cells) if c.source == "# Briefing")


def test_intro_and_rules_name_the_paper_for_its_pair_only() -> None:
    from strategic_ties.wording import briefing as wording

    assert "Murinson" in wording.intro_markdown(True) and "October 2014" in wording.intro_markdown(
        True
    )
    for text in (wording.intro_markdown(False), wording.rules_markdown(False)):
        assert "Murinson" not in text and "source paper" not in text
    assert "Since the source paper" in wording.rules_markdown(True)
    assert wording.ledger_summary(dict.fromkeys(wording_verdicts(), 1)).startswith("Of its 5 ")


def wording_verdicts() -> list[str]:
    return [
        "supported",
        "partly supported",
        "contradicted",
        "not borne out by these data",
        "outside these data",
    ]


def test_dataset_lists_follow_the_pair() -> None:
    from strategic_ties import methods, paper

    names = ("arms_deliveries", "events", "oil_press", "trade_press", "fuel_imports_share")
    assert paper.report_datasets("Russia", "Armenia", names) == ("arms_deliveries", "events")
    assert paper.report_datasets("Israel", "Azerbaijan", names) == names
    data = {
        "datasets": {
            "events": {
                "title": "Curated timeline of events bearing on Israel-Azerbaijan strategic ties"
            },
            "oil_press": {"title": "Crude oil quoted in the press"},
        }
    }
    table = methods.dataset_table(data, names=("events",), paper_pair=False)
    # another pair's report says what the timeline was compiled around (a limit for that pair)
    assert table["Dataset"].tolist() == [
        "Curated timeline of events (compiled around Israel–Azerbaijan ties; other pairs only "
        "where they touch them)"
    ]
    text = "\n".join(methods.dataset_sections(data, names=("events",), paper_pair=False))
    assert "bearing on Israel-Azerbaijan" not in text and "crude" not in text.lower()
    assert "claims.yaml" not in methods.reproducing_markdown(False)
    assert "claims.yaml" in methods.reproducing_markdown(True)


def test_reader_caveats_hold_no_developer_words() -> None:
    from strategic_ties import catalog, methods

    tokens = (
        "source_urls",
        "date_precision",
        "`release`",
        "arms_deliveries",
        "below_half",
        "_uncertain",
        "tiv_unit",
        "primary_iso3",
        "gwno",
        "side_",
        "battle_location",
        "partial_year",
        "trade_press",
        "partner_kind",
        "unga_ideal_points",
        "ideal_point_all",
        "stabb",
        "ccode",
        "DOTS_",
        "malformed header",
        "check it against",
    )
    for entry in catalog.load_catalog()["datasets"].values():
        for paper_pair in (True, False):
            for caveat in methods.reader_caveats(entry.get("caveats") or [], paper_pair):
                assert not any(t in caveat for t in tokens), caveat


def test_no_numbers_typed_into_the_narrative() -> None:
    """Narrative figures come from code; Markdown cells hold only the paper's date and number."""
    import re

    allowed = {"110", "2014"}
    for cell in _cells():
        if cell.cell_type == "markdown":
            numbers = set(re.findall(r"\d+(?:[.,]\d+)?", cell.source))
            assert numbers <= allowed, (cell.source[:60], numbers - allowed)


# ---- methods appendix ----------------------------------------------------------------------

CATALOG = {
    "datasets": {
        "events": {
            "title": "Events <timeline>",
            "publisher": "strategic-ties",
            "citation": "Timeline & sources",
            "licence": "CC BY 4.0",
            "version": "compiled 27 Nov 2026",
            "source_note": "Events timeline",
            "rows": 78,
            "coverage": {"years": [1991, 2025]},
            "caveats": ["Curated, not exhaustive.", "<script>alert(1)</script>"],
        },
        "arms_deliveries": {
            "title": "SIPRI deliveries",
            "publisher": "SIPRI",
            "citation": "SIPRI Arms Transfers Database",
            "licence": "attribution",
            "version": "12 Feb 2026",
            "source_note": "SIPRI, 12 Feb 2026",
            "rows": 25024,
            "coverage": {"years": None},
            "caveats": [],
        },
    }
}


def test_dataset_table_lists_every_dataset() -> None:
    table = methods.dataset_table(CATALOG)
    assert "Table" not in table  # the reader sees titles, not the tables' file names
    assert len(table) == 2
    assert list(table["Years"]) == ["not applicable", "1991–2025"]
    assert table.loc[1, "Version"] == "compiled 27 Nov 2026"


def test_dataset_sections_carry_citation_version_licence_caveats_escaped() -> None:
    sections = methods.dataset_sections(CATALOG)
    events = sections[1]
    assert "### Events &lt;timeline&gt;" in events
    assert "**Citation:** Timeline &amp; sources" in events
    assert "**Version:** compiled 27 Nov 2026" in events
    assert "**Licence / terms:** CC BY 4.0" in events
    assert "Curated, not exhaustive." in events
    assert "(table `" not in events
    assert "<script>" not in events and "&lt;script&gt;" in events
    assert "Caveats" not in sections[0]  # no caveats, no empty list


def test_definitions_cover_the_measures_used() -> None:
    text = methods.definitions_markdown()
    for term in ("TIV", "Mirror trade", "Vote agreement", "Ideal points", "Claim verdicts"):
        assert term in text
    assert "small arms" in text and "ammunition" in text


def test_data_vintage_names_each_source_once() -> None:
    assert methods.data_vintage(CATALOG) == "SIPRI, 12 Feb 2026; Events timeline"


# ---- executive summary on hand-made tables -------------------------------------------------


def _delivery(supplier: str, recipient: str, year: int, tiv: float) -> dict:
    return {
        "deal_id": year * 10 + len(supplier),
        "supplier": supplier,
        "supplier_iso3": supplier,
        "supplier_kind": "state",
        "recipient": recipient,
        "recipient_iso3": recipient,
        "recipient_kind": "state",
        "year": year,
        "tiv": tiv,
    }


def test_arms_point_latest_and_peak_periods() -> None:
    deliveries = _frame(
        "arms_deliveries",
        [
            _delivery("ISR", "AZE", 2016, 60.0),
            _delivery("RUS", "AZE", 2017, 40.0),
            _delivery("ISR", "AZE", 2021, 10.0),
            _delivery("TUR", "AZE", 2022, 30.0),
            # other pairs: the table's coverage (2015-2024) sets the window
            _delivery("USA", "GBR", 2015, 1.0),
            _delivery("USA", "GBR", 2024, 1.0),
        ],
    )
    point = summary.arms_point("Israel", "Azerbaijan", 2015, 2024, 5, data=deliveries)
    # 2015-2019: 60 of 100 (rank 1); 2020-2024: 10 of 40 (rank 2, Türkiye first with 75%)
    assert point.values["peak_period"] == "2015–2019"
    assert point.values["peak_share"] == pytest.approx(0.6)
    assert point.values["latest_share"] == pytest.approx(0.25)
    assert point.values["latest_rank"] == 2
    assert "25%" in point.text and "60%" in point.text and "(75%)" in point.text


def test_arms_point_without_deliveries_says_so() -> None:
    deliveries = _frame(
        "arms_deliveries", [_delivery("RUS", "ARM", 2015, 5.0), _delivery("RUS", "ARM", 2019, 5.0)]
    )
    point = summary.arms_point("Israel", "Armenia", 2015, 2019, 5, data=deliveries)
    assert point.text.startswith("SIPRI records no deliveries of major arms from Israel to Armenia")
    assert point.values == {}


def _trade_row(reporter: str, partner: str, year: int, value: float) -> dict:
    return {
        "reporter": reporter,
        "reporter_iso3": reporter,
        "partner": partner,
        "partner_iso3": partner,
        "partner_kind": "state",
        "flow": "exports",
        "year": year,
        "value_usd_m": value,
        "estimate": False,
        "source": "fixture",
    }


def test_trade_point_trend_and_peak() -> None:
    rows = [_trade_row("AZE", "ISR", y, 100.0) for y in range(2006, 2011)]
    rows += [_trade_row("AZE", "ISR", y, 150.0) for y in range(2011, 2016)]
    rows.append(_trade_row("ISR", "AZE", 2012, 50.0))
    point = summary.trade_point("Israel", "Azerbaijan", 2000, 2020, data=_frame("trade", rows))
    # 2011-2015 mean = (150 * 5 + 50) / 5 = 160, against 100 in 2006-2010: +60%
    assert point.values["five_year_change"] == pytest.approx(0.6)
    assert point.values["peak_year"] == 2012 and point.values["peak_usd_m"] == pytest.approx(200.0)
    assert "60% above" in point.text and "2011–2015" in point.text


def test_supplier_periods_before_and_after_the_paper() -> None:
    deliveries = _frame(
        "arms_deliveries",
        [
            _delivery("RUS", "AZE", 2012, 90.0),
            _delivery("ISR", "AZE", 2013, 10.0),
            _delivery("ISR", "AZE", 2016, 50.0),
            _delivery("TUR", "AZE", 2022, 30.0),
        ],
    )
    table = summary.supplier_periods("Azerbaijan", "Israel", 2024, data=deliveries)
    assert list(table["period"]) == ["2010–2014", "2015–2019", "2020–2024"]
    assert list(table["partner_share"]) == pytest.approx([0.1, 1.0, 0.0])
    assert table["partner_rank"].tolist()[:2] == [2, 1] and pd.isna(table["partner_rank"].iloc[2])
    assert table.loc[0, "leaders"].startswith("Russia 90%")


# ---- the rendered briefing (slow: one real build per session) -------------------------------

needs_data = pytest.mark.skipif(
    not (paths.data_dir() / "catalog.yaml").is_file(),
    reason="processed data not built (run `strategic-ties data build --raw ../shared/data`)",
)


@pytest.fixture(scope="session")
def rendered(default_report: Path) -> Path:
    """The default report (conftest.py), shared with the pinned chart-data test."""
    return default_report


@pytest.mark.slow
@needs_data
def test_rendered_briefing_has_every_section_in_order(rendered: Path) -> None:
    text = (rendered / "briefing.html").read_text(encoding="utf-8")
    positions = [text.find(section) for section in SECTIONS]
    missing = [s for s, p in zip(SECTIONS, positions, strict=True) if p < 0]
    assert not missing, f"missing from briefing.html: {missing}"
    assert positions == sorted(positions), "summary, changes, claims, sections, appendix"


@pytest.mark.slow
@needs_data
def test_rendered_briefing_shows_the_claim_ledger_and_no_errors(rendered: Path) -> None:
    text = (rendered / "briefing.html").read_text(encoding="utf-8")
    assert "Claims checked: Threats from Iran" in text
    for verdict in claims.VERDICTS:
        assert f"<td>{verdict}</td>" in text, verdict
    assert "Murinson" in text
    for noise in ("Traceback", "UserWarning", "FutureWarning", "DeprecationWarning"):
        assert noise not in text


def _event(event_id: str, date: str, category: str, actors: str) -> dict:
    return {
        "event_id": event_id,
        "date": pd.Timestamp(date),
        "date_precision": "day",
        "year": pd.Timestamp(date).year,
        "category": category,
        "theme": "bilateral_ties",
        "actors": actors,
        "title": event_id,
        "description": "fixture",
        "source_urls": "https://example.org/a",
        "in_source_paper": False,
        "confidence": "confirmed",
    }


def test_ties_since_counts_pair_events_after_the_paper_by_category() -> None:
    events = _frame(
        "events",
        [
            _event("E1", "2013-04-21", "diplomatic_visit", "AZE;ISR"),
            _event("E2", "2016-12-13", "diplomatic_visit", "ISR;AZE"),
            _event("E3", "2023-05-30", "diplomatic_visit", "ISR;AZE"),
            _event("E4", "2023-03-29", "diplomatic_relations", "AZE;ISR"),
            _event("E5", "2023-01-27", "terrorism_or_plot", "IRN;AZE"),
        ],
    )
    point = summary.ties_since("Israel", "Azerbaijan", data=events)
    assert point.values == {"events": 3}
    assert "2015–2023" in point.text and "visit 2" in point.text
    assert "diplomatic relations 1" in point.text


def test_rival_events_since_splits_hostile_from_other() -> None:
    events = _frame(
        "events",
        [
            _event("E1", "2021-10-01", "military_exercise", "IRN;AZE"),
            _event("E2", "2024-07-15", "diplomatic_relations", "AZE;IRN"),
            _event("E3", "2013-01-01", "crisis_or_threat", "IRN;AZE"),
        ],
    )
    point = summary.rival_events_since("Azerbaijan", ["Iran"], data=events)
    assert point.values == {"IRN": (1, 2)}
    # events after end_year stay out of the numbers
    bounded = summary.rival_events_since("Azerbaijan", ["Iran"], 2023, data=events)
    assert bounded.values == {"IRN": (1, 1)}
    assert "2015–2023" in bounded.text


def test_ties_since_stops_at_end_year() -> None:
    events = _frame(
        "events",
        [
            _event("E2", "2016-12-13", "diplomatic_visit", "ISR;AZE"),
            _event("E3", "2025-05-30", "diplomatic_visit", "ISR;AZE"),
        ],
    )
    assert summary.ties_since("Israel", "Azerbaijan", 2024, data=events).values == {"events": 1}
    assert summary.ties_since("Israel", "Azerbaijan", data=events).values == {"events": 2}


def test_definitions_for_other_pairs_leave_out_the_papers_terms() -> None:
    other = methods.definitions_markdown(paper_pair=False)
    assert "Fuel-import proxy" not in other and "Claim verdicts" not in other
    assert "Azerbaijan" not in other and "Israel" not in other
    assert "**Mirror trade.**" in other and "mirror flow" in other
    assert "Fuel-import proxy" in methods.definitions_markdown()


def test_maintainer_caveats_stay_out_of_the_reader_notes() -> None:
    data = {
        "datasets": {
            "x": {
                **CATALOG["datasets"]["events"],
                "caveats": [
                    "Copied from GitHub a/b (commit 1), byte-for-byte.",
                    "Curated, not exhaustive.",
                ],
            }
        }
    }
    (section,) = methods.dataset_sections(data)
    assert "byte-for-byte" not in section and "Curated, not exhaustive." in section
    assert "data/catalog.yaml" in methods.reproducing_markdown()


def test_caveat_examples_about_other_states_are_left_out() -> None:
    """A report on Ukraine-Georgia carries no Karabakh, Azerbaijan or Heron example from the
    source paper's pair; the default pair keeps every caveat word for word."""
    georgia, default = {"UKR", "GEO", "RUS"}, {"ISR", "AZE", "ARM", "IRN", "RUS"}
    other = {"AZE", "ARM", "ISR", "Karabakh", "Heron", "Artsakh", "Palestine"}
    from strategic_ties import catalog

    for entry in catalog.load_catalog()["datasets"].values():  # the real catalogue
        caveats = entry.get("caveats") or []
        assert methods.reader_caveats(caveats, True, default) == methods.reader_caveats(caveats)
        for text in methods.reader_caveats(caveats, False, georgia):
            assert not {"Azerbaijan", "Armenia", "Israel", *other} & set(
                re.findall(r"[A-Z][a-z-]+", text.replace("Nagorno-", ""))
            ), text


def test_about_the_pair_keeps_the_point_without_the_example() -> None:
    caveat = "Coverage ends in 2014: later disputes are not covered (e.g. the 2020 Karabakh war)."
    assert (
        methods.about_the_pair(caveat, {"GEO"})
        == "Coverage ends in 2014: later disputes are not covered."
    )
    assert methods.about_the_pair(caveat, {"AZE"}) == caveat
    # a caveat about named states only, none of them in the report: dropped
    assert methods.about_the_pair("Iran in current US$ falls in 2002.", {"GEO", "RUS"}) is None
    assert methods.about_the_pair("Iran in current US$ falls in 2002.", {"IRN"}) is not None
    # no state named (US$ is not the United States): kept whole
    assert methods.about_the_pair("US$ values come from the 2024 release.", {"GEO"}) is not None


@pytest.mark.slow
def test_report_prose_has_no_doubled_punctuation(default_report: Path) -> None:
    """Templated sentences join parts with commas; a part that brings its own comma gave
    'where the data allow,, whether they fought' (bilateral ties' opening)."""
    import html as _html

    pages = sorted(default_report.glob("html/*.html"))
    assert pages
    for page in pages:
        body = re.sub(r"<style.*?</style>", "", page.read_text(encoding="utf-8"), flags=re.S)
        text = _html.unescape(re.sub(r"<[^>]+>", "", body))
        doubled = re.findall(r".{30},\s*,.{30}", text)
        assert not doubled, f"{page.name}: {doubled[:3]}"
