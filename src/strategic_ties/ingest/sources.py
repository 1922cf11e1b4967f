"""What each processed dataset is: publisher, citation, licence, raw files, caveats, parser.

The catalogue (data/catalog.yaml) is written from these records plus what the build measures
(checksums, rows, coverage). Wording follows the PROVENANCE.md file of each raw folder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class Source:
    name: str
    title: str
    publisher: str
    url: str
    citation: str
    licence: str
    version: str
    source_note: str
    raw: tuple[str, ...]  # paths relative to the raw folder (shared/data)
    parse: Callable[[Path], pd.DataFrame]  # raw folder -> tidy frame
    caveats: tuple[str, ...] = ()
    refresh: str = ""
    year_column: str | None = "year"
    iso3_columns: tuple[str, ...] = ("iso3",)
    found_in: str = ""
    extra: dict = field(default_factory=dict)


SIPRI_AT = "SIPRI Arms Transfers Database"
SIPRI_AT_URL = "https://www.sipri.org/databases/armstransfers"
SIPRI_AT_TERMS = (
    "SIPRI data are free to use with attribution: 'Source: SIPRI Arms Transfers Database (c) SIPRI'. "
    "The public GitHub copies used here carry no licence of their own."
)
SIPRI_REFRESH = (
    "At https://armstransfers.sipri.org export the trade register (all suppliers, all recipients, "
    "CSV) and the importer/exporter TIV tables; save them under sipri/ with the generation date "
    "in the file name, update the file names in ingest/sources.py and run the build."
)


def _sipri(name: str) -> str:
    return f"sipri/{name}"


REGISTER = _sipri("sipri_trade_register_all_1950-2024_gen2025-03-13.csv")
DELIVERIES = _sipri("sipri_deliveries_by_year_all_1995-2024_gen2026-02-12.csv")
TIV_IMPORTS = _sipri("sipri_tiv_imports_by_recipient_1950-2023_gen2024-10-13.csv")
TIV_EXPORTS = _sipri("sipri_tiv_exports_by_supplier_1950-2023_gen2024-10-13.csv")


def _parse_register(raw: Path) -> pd.DataFrame:
    from strategic_ties.ingest import sipri

    return sipri.parse_register(raw / REGISTER)


def _parse_deliveries(raw: Path) -> pd.DataFrame:
    from strategic_ties.ingest import sipri

    return sipri.parse_deliveries(raw / DELIVERIES)


def _parse_tiv(raw: Path) -> pd.DataFrame:
    from strategic_ties.ingest import sipri

    return sipri.parse_tiv_totals(raw / TIV_IMPORTS, raw / TIV_EXPORTS)


def _parse_events(raw: Path) -> pd.DataFrame:
    from strategic_ties.ingest import events

    return events.parse_events(raw / "events/events.csv")


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    SOURCES[source.name] = source
    return source


register(
    Source(
        name="arms_transfers",
        title="SIPRI trade register: transfers of major conventional arms, one row per deal",
        publisher="Stockholm International Peace Research Institute (SIPRI)",
        url=SIPRI_AT_URL,
        citation="SIPRI Arms Transfers Database, trade register (all suppliers and recipients), data generated 13 March 2025. Stockholm International Peace Research Institute.",
        licence=SIPRI_AT_TERMS,
        version="data generated 13 Mar 2025 10:02:49 AM",
        source_note="SIPRI Arms Transfers Database (trade register), data generated 13 Mar 2025",
        raw=(REGISTER,),
        parse=_parse_register,
        caveats=(
            "SIPRI covers major conventional arms only: no small arms, light weapons or ammunition.",
            "TIV (trend-indicator value) measures the volume of transfers, not their financial value.",
            "'?' marks an uncertain order year or number; kept as *_uncertain flags.",
            "Number delivered and delivery years are not broken down by year: use arms_deliveries for annual figures.",
            "The raw file is Latin-1 with 11 metadata lines; 4 records split over two lines were rejoined with a space.",
            "Copied from GitHub ColasDroin/SIPRI_arms_transfers_analysis (commit 3439ef7), byte-for-byte.",
        ),
        refresh=SIPRI_REFRESH,
        year_column="order_year",
        iso3_columns=("supplier_iso3", "recipient_iso3"),
    )
)

register(
    Source(
        name="arms_deliveries",
        title="SIPRI trade register in delivery-year rows (TIV delivered per deal and year), 1995-2024",
        publisher="Stockholm International Peace Research Institute (SIPRI)",
        url=SIPRI_AT_URL,
        citation="SIPRI Arms Transfers Database, transfers of major conventional arms with deliveries 1995-2025, data generated 12 February 2026. Stockholm International Peace Research Institute.",
        licence=SIPRI_AT_TERMS,
        version="data generated 12 Feb 2026 12:26:12 PM",
        source_note="SIPRI Arms Transfers Database, data generated 12 Feb 2026",
        raw=(DELIVERIES,),
        parse=_parse_deliveries,
        caveats=(
            "Deliveries from 1995 only; deals without any delivery (e.g. orders not yet delivered) are absent.",
            "No 2025 deliveries: the export predates SIPRI's March 2026 update, so 2024 is the last year.",
            "TIV measures volume, not financial value; tiv = number_delivered x tiv_unit (tiv_unit is e.g. 40% of the base for second-hand items).",
            "Estimate flags left blank by SIPRI on some recent records are null.",
            "Designations follow SIPRI's newer naming (e.g. 'Heron UAV' for 'Heron' in the register).",
            "Copied from GitHub nagehanrdogan/Global-Arms-Trade-Network-Analysis-1995-2024- (commit 3bcd6c4), byte-for-byte.",
        ),
        refresh=SIPRI_REFRESH,
        iso3_columns=("supplier_iso3", "recipient_iso3"),
    )
)

register(
    Source(
        name="arms_tiv_totals",
        title="SIPRI TIV of arms imports by recipient and exports by supplier, 1950-2023",
        publisher="Stockholm International Peace Research Institute (SIPRI)",
        url=SIPRI_AT_URL,
        citation="SIPRI Arms Transfers Database, 'Volume of transfers of major arms' import and export tables, data generated 13 October 2024. Stockholm International Peace Research Institute.",
        licence=SIPRI_AT_TERMS,
        version="data generated 13 Oct 2024",
        source_note="SIPRI Arms Transfers Database (TIV tables), data generated 13 Oct 2024",
        raw=(TIV_IMPORTS, TIV_EXPORTS),
        parse=_parse_tiv,
        caveats=(
            "Older data version than the register and deliveries files (e.g. Azerbaijan 2023: 9 here, 3.0 in arms_deliveries).",
            "Cells are rounded by SIPRI; '0 ' (printed zero) means more than 0 but less than 0.5 and is flagged below_half.",
            "Empty cells (no deliveries) are not stored as rows; the 2024 column is empty in this version.",
            "Copied from GitHub MJHofmann/SIPRI_BRICS (commit 4761343), byte-for-byte; renamed to 1950-2023.",
        ),
        refresh=SIPRI_REFRESH,
    )
)

register(
    Source(
        name="events",
        title="Curated, sourced timeline of events bearing on Israel-Azerbaijan strategic ties, 1991-2025",
        publisher="strategic-ties project (compiled from public sources listed per event)",
        url="https://besacenter.org/author/amurinson/",
        citation="strategic-ties events timeline (78 events, 1991-2025), compiled 27 November 2026 from public sources listed per event in source_urls.",
        licence="Written for this project; each row cites its sources, which keep their own terms.",
        version="compiled 2026-11-27",
        source_note="Events timeline compiled 27 Nov 2026 (sources per event)",
        raw=("events/events.csv",),
        parse=_parse_events,
        caveats=(
            "Curated, not exhaustive; each event has a single theme.",
            "Dates of security cases are usually the public announcement, not the arrest.",
            "Several supporting pages are from parties to the conflicts; allegations are described as such.",
            "Month-precision dates are stored as the first of the month (see date_precision).",
        ),
        refresh="Edit shared/data/events/events.csv (keep the columns and vocabularies of its PROVENANCE.md) and run the build.",
        iso3_columns=(),
    )
)
