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
        version="compiled 27 Nov 2026",
        source_note="Events timeline compiled 27 Nov 2026 (sources per event)",
        raw=("events/events.csv",),
        parse=_parse_events,
        caveats=(
            "Curated, not exhaustive; each event has a single theme.",
            "Dates of security cases are usually the public announcement, not the arrest.",
            "Several supporting pages are from parties to the conflicts; allegations are described as such.",
            "Month-precision dates are stored as the first of the month (see date_precision).",
            "Pages from encyclopaedias, wiki mirrors, fan wikis, aggregators and blogs are removed from source_urls (ingest/events.py NOT_ESTABLISHED); an event left without a source is confirmed from an established source (CONFIRMED_BY: the Russia-Georgia war of 2008 by UCDP conflict 393) or dropped.",
        ),
        refresh="Edit shared/data/events/events.csv (keep the columns and vocabularies of its PROVENANCE.md) and run the build.",
        iso3_columns=(),
        extra={"iso3_list_column": "actors"},
    )
)


# --- Military expenditure ----------------------------------------------------------------------
MILEX_XLSX = "milex/SIPRI-Milex-data-1949-2023.xlsx"
MILEX_OWID = "milex/military-spending-as-a-share-of-gdp-sipri.csv"


def _parse_milex(raw: Path) -> pd.DataFrame:
    from strategic_ties.ingest import milex

    return milex.parse_milex(raw / MILEX_XLSX, raw / MILEX_OWID)


register(
    Source(
        name="military_expenditure",
        title="SIPRI military expenditure by country: constant 2022 US$, current US$ and share of GDP",
        publisher="Stockholm International Peace Research Institute (SIPRI); 2025 share of GDP via Our World in Data",
        url="https://www.sipri.org/databases/milex",
        citation="SIPRI Military Expenditure Database, April 2024 release (1949-2023), Stockholm International Peace Research Institute; 2025 release share-of-GDP series (to 2024) as published by Our World in Data (chart 'military-spending-as-a-share-of-gdp-sipri').",
        licence="SIPRI data are free to use with attribution ('Source: SIPRI Military Expenditure Database'); the OWID chart is CC BY 4.0 with the data remaining SIPRI's.",
        version="SIPRI April 2024 release; SIPRI 2025 release via OWID",
        source_note="SIPRI Military Expenditure Database (April 2024 release; 2024 share of GDP from the 2025 release via OWID)",
        raw=(MILEX_XLSX, MILEX_OWID),
        parse=_parse_milex,
        caveats=(
            "Two releases in one table, told apart by `release`: do not join them into one series without saying so (the 2025 release revises earlier years, e.g. Azerbaijan 2023: 4.60% vs 4.92% of GDP).",
            "US$ columns exist only for the 2024 release; the OWID rows carry share of GDP only.",
            "Share of GDP is stored by SIPRI as a fraction and converted here to per cent.",
            "'...', '. .' (unavailable) and 'xxx' (country did not exist) are null; rows without any value are not stored.",
            "Iran in current US$ falls from $10.4bn (2001) to $3.2bn (2002) because of exchange-rate unification; use constant US$ or % of GDP.",
            "OWID regions and 'European Union (SIPRI)' have a null iso3.",
        ),
        refresh="Download the SIPRI Military Expenditure Database workbook from https://www.sipri.org/databases/milex and the OWID chart CSV from https://ourworldindata.org/grapher/military-spending-as-a-share-of-gdp-sipri; save them under milex/, update the names in ingest/sources.py, run the build.",
    )
)

# --- Conflict ------------------------------------------------------------------------------------
UCDP_ACD = "conflict/UcdpPrioConflict_v25_1.csv"
UCDP_BRD = "conflict/BattleDeaths_v24_1.csv"
UCDP_TERMS = "UCDP data are free to use with citation of the dataset papers and the version number; no licence file in the source repository."
UCDP_REFRESH = "Download the newest CSV from https://ucdp.uu.se/downloads/, save it under conflict/, update the file name and version in ingest/sources.py, run the build (the official CSV is comma-separated with ISO dates; the parser expects this copy's ';' and D-M-YYYY format, so adjust ingest/ucdp.py when switching)."


def _parse_conflicts(raw: Path) -> pd.DataFrame:
    from strategic_ties.ingest import ucdp

    return ucdp.parse_conflicts(raw / UCDP_ACD)


def _parse_battle_deaths(raw: Path) -> pd.DataFrame:
    from strategic_ties.ingest import ucdp

    return ucdp.parse_battle_deaths(raw / UCDP_BRD)


register(
    Source(
        name="conflicts",
        title="UCDP/PRIO Armed Conflict Dataset, conflict-years 1946-2024",
        publisher="Uppsala Conflict Data Program (UCDP) and Peace Research Institute Oslo (PRIO)",
        url="https://ucdp.uu.se/downloads/",
        citation="UCDP/PRIO Armed Conflict Dataset version 25.1. Gleditsch, Wallensteen, Eriksson, Sollenberg & Strand (2002), 'Armed Conflict 1946-2001: A New Dataset', Journal of Peace Research 39(5); Davies, Pettersson, Sollenberg & Öberg (2025), 'Organized violence 1989-2024', Journal of Peace Research 62(4).",
        licence=UCDP_TERMS,
        version="v25.1 (2025)",
        source_note="UCDP/PRIO Armed Conflict Dataset v25.1",
        raw=(UCDP_ACD,),
        parse=_parse_conflicts,
        caveats=(
            "Not the pristine UCDP file: an Excel re-save with ';' separators, CRLF and D-M-YYYY dates.",
            "One record (conflict 11349, China-ETIM 2008) was split over two lines; it is rejoined field by field, not dropped.",
            "primary_iso3 lists the states among the primary parties (gwno_a, gwno_b); non-state sides (e.g. Republic of Artsakh in conflict 388) have no code, and secondary supporters are in side_*_2nd.",
            "A conflict-year is included when it reaches 25 battle-related deaths.",
        ),
        refresh=UCDP_REFRESH,
        iso3_columns=(),
        extra={"iso3_list_column": "primary_iso3"},
    )
)

register(
    Source(
        name="battle_deaths",
        title="UCDP Battle-Related Deaths Dataset, dyad-years 1989-2023",
        publisher="Uppsala Conflict Data Program (UCDP)",
        url="https://ucdp.uu.se/downloads/",
        citation="UCDP Battle-Related Deaths Dataset version 24.1. Davies, Pettersson & Öberg (2024), 'Organized violence 1989-2023, and the prevalence of organized crime groups', Journal of Peace Research 61(4).",
        licence=UCDP_TERMS,
        version="v24.1 (2024)",
        source_note="UCDP Battle-Related Deaths Dataset v24.1",
        raw=(UCDP_BRD,),
        parse=_parse_battle_deaths,
        caveats=(
            "2024 is not included (v24.1).",
            "Best, low and high estimates are all kept; show the range.",
            "In five dyad-years UCDP's low estimate exceeds its best estimate by 1-6 deaths (conflicts 234/2012, 335/1999, 343/2015, 352/1998, 364/2018), and the best exceeds the high estimate in two (354/1990, 364/2004); kept as published.",
            "Conflict 388 covers both the Karabakh war and the Armenia-Azerbaijan border fighting; battle_location names Armenia in years with fighting on Armenian territory.",
        ),
        refresh=UCDP_REFRESH,
        iso3_columns=(),
        extra={"iso3_list_column": "primary_iso3"},
    )
)

MIDB = "conflict/MIDB 5.0.csv"
MIDA = "conflict/MIDA 5.0.csv"


def _parse_mids(raw: Path) -> pd.DataFrame:
    from strategic_ties.ingest import cow

    return cow.parse_mids(raw / MIDB, raw / MIDA)


register(
    Source(
        name="mids",
        title="Correlates of War Militarized Interstate Disputes v5.0, participant level with dispute information",
        publisher="Correlates of War Project",
        url="https://correlatesofwar.org/data-sets/mids/",
        citation="Palmer, McManus, D'Orazio, Kenwick, Karstens, Bloch, Dietrich, Kahn, Ritter & Soules (2022), 'The MID5 Dataset, 2011-2014: Procedures, coding rules, and description', Conflict Management and Peace Science 39(4). Correlates of War MID dataset v5.0.",
        licence="COW data are free to use with citation; the source repository is CC0-1.0.",
        version="v5.0",
        source_note="Correlates of War MID dataset v5.0",
        raw=(MIDA, MIDB),
        parse=_parse_mids,
        caveats=(
            "Coverage ends in 2014: the 2016, 2020 and 2022-23 Karabakh and border fighting are not covered.",
            "-9 (missing) is stored as null.",
            "COW code 365 is mapped to the Soviet Union (SUN) for participations starting 1922-1991 and to Russia otherwise; 345 likewise to Serbia/Yugoslavia/Serbia and Montenegro.",
            "States without an ISO3 code (e.g. Bavaria, Austria-Hungary) have a null iso3 and keep their COW abbreviation in stabb.",
        ),
        refresh="Download MID 5.0 (or newer) from https://correlatesofwar.org/data-sets/mids/, save MIDA and MIDB under conflict/, update the names in ingest/sources.py, run the build.",
        year_column="start_year",
    )
)

GTD_INCIDENCE = "conflict/owid_gtd2018_incidence-of-terrorism.csv"
GTD_FATALITIES = "conflict/owid_gtd2018_fatalities-from-terrorism.csv"
GTD_INCIDENTS = "conflict/owid_gtd2018_terrorist-incidents.csv"


def _parse_terrorism(raw: Path) -> pd.DataFrame:
    from strategic_ties.ingest import owid

    return owid.parse_terrorism(raw / GTD_INCIDENCE, raw / GTD_FATALITIES, raw / GTD_INCIDENTS)


register(
    Source(
        name="terrorism",
        title="Terrorist incidents, deaths and injuries by country-year (GTD 2018 via Our World in Data), 1970-2017",
        publisher="National Consortium for the Study of Terrorism and Responses to Terrorism (START), via Our World in Data",
        url="https://www.start.umd.edu/gtd/",
        citation="National Consortium for the Study of Terrorism and Responses to Terrorism (START), Global Terrorism Database, 2018 release, University of Maryland; country-year aggregates published by Our World in Data (terrorism page).",
        licence="GTD: START/University of Maryland terms of use (non-commercial use, attribution required). OWID charts: CC BY 4.0.",
        version="GTD 2018 release (data to 2017), OWID grapher export",
        source_note="Global Terrorism Database (START, 2018 release) via Our World in Data",
        raw=(GTD_INCIDENCE, GTD_FATALITIES, GTD_INCIDENTS),
        parse=_parse_terrorism,
        caveats=(
            "Aggregates, not GTD event rows.",
            "GTD has no data for 1993.",
            "Country-years with no recorded incident are missing rather than 0.",
            "The incidence file's malformed header (7 names over 6 fields) is replaced by explicit names; the build checks them against the two single-indicator files.",
            "OWID regions and 'International' have a null iso3.",
        ),
        refresh="Download the three charts' CSVs from https://ourworldindata.org/terrorism (or the GTD itself from https://www.start.umd.edu/gtd/ under its terms), save them under conflict/, run the build.",
    )
)

ACLED_EVENTS = (
    "conflict/acled_number_of_political_violence_events_by_country-year_as-of-06Mar2026.xlsx"
)
ACLED_FATALITIES = (
    "conflict/acled_number_of_reported_fatalities_by_country-year_as-of-06Mar2026.xlsx"
)


def _parse_acled(raw: Path) -> pd.DataFrame:
    from strategic_ties.ingest import acled

    return acled.parse_acled(raw / ACLED_EVENTS, raw / ACLED_FATALITIES)


register(
    Source(
        name="political_violence",
        title="ACLED political-violence events and reported fatalities by country-year, 1997-2026",
        publisher="Armed Conflict Location & Event Data (ACLED)",
        url="https://acleddata.com",
        citation="Armed Conflict Location & Event Data (ACLED); www.acleddata.com. Public country-year aggregate files, data as of 6 March 2026.",
        licence="ACLED Terms of Use: attribution required ('Armed Conflict Location & Event Data (ACLED); www.acleddata.com'); redistribution of raw event data is restricted. These are the aggregate files ACLED publishes.",
        version="data as of 6 Mar 2026",
        source_note="ACLED country-year aggregates, data as of 6 Mar 2026",
        raw=(ACLED_EVENTS, ACLED_FATALITIES),
        parse=_parse_acled,
        caveats=(
            "'Political violence' = battles, explosions/remote violence and violence against civilians; protests and riots are excluded.",
            "Each country starts in its ACLED coverage year (Armenia and Azerbaijan 2018, Iran and Israel 2016).",
            "2026 is a partial year (to early March): partial_year is true.",
            "Armenia and Azerbaijan counts for 2018-2020 are driven by many low-level ceasefire-violation events.",
            "The Iran 2026 value (28,127 fatalities by 6 Mar 2026) appears as-is; check it against ACLED before citing it.",
            "The two files cover different country-years; a missing side is null.",
        ),
        refresh="Download the two country-year aggregate workbooks from https://acleddata.com/conflict-data/download-data-files (registration required), save them under conflict/, update the names in ingest/sources.py, run the build.",
    )
)

# --- World Bank ------------------------------------------------------------------------------------
WB_TERMS = "World Bank data are CC BY 4.0; the datahub.io package is ODC-PDDL-1.0."


def _parse_gdp(raw: Path) -> pd.DataFrame:
    from strategic_ties.ingest import wdi

    return wdi.parse_gdp(raw / "wdi/gdp.csv")


def _parse_population(raw: Path) -> pd.DataFrame:
    from strategic_ties.ingest import wdi

    return wdi.parse_population(raw / "wdi/population.csv")


FUEL = "energy/wdi_TM.VAL.FUEL.ZS.UN_subset_ISR_IRN_RUS.csv"


def _parse_fuel(raw: Path) -> pd.DataFrame:
    from strategic_ties.ingest import wdi

    return wdi.parse_fuel_share(raw / FUEL)


register(
    Source(
        name="gdp",
        title="GDP, current US$ (World Bank WDI NY.GDP.MKTP.CD), 1960-2023",
        publisher="World Bank (World Development Indicators), via datahub.io core datasets",
        url="https://data.worldbank.org/indicator/NY.GDP.MKTP.CD",
        citation="World Bank, World Development Indicators, GDP (current US$) NY.GDP.MKTP.CD (World Bank and OECD national accounts), October 2024 update, via the datahub.io 'gdp' package.",
        licence=WB_TERMS,
        version="WDI update of Oct 2024 (data to 2023)",
        source_note="World Bank WDI NY.GDP.MKTP.CD (Oct 2024 update)",
        raw=("wdi/gdp.csv",),
        parse=_parse_gdp,
        caveats=(
            "No 2024 value.",
            "World Bank aggregates (World, income groups) have a null iso3.",
        ),
        refresh="Download https://datahub.io/core/gdp (or NY.GDP.MKTP.CD from the World Bank API) as CSV, save as wdi/gdp.csv, run the build.",
    )
)

register(
    Source(
        name="population",
        title="Population, total (World Bank WDI SP.POP.TOTL), 1960-2024",
        publisher="World Bank (World Development Indicators), via datahub.io core datasets",
        url="https://data.worldbank.org/indicator/SP.POP.TOTL",
        citation="World Bank, World Development Indicators, Population, total SP.POP.TOTL (UN World Population Prospects and national sources), via the datahub.io 'population' package (updated March 2026).",
        licence=WB_TERMS,
        version="datahub.io update of 6 Mar 2026 (data to 2024)",
        source_note="World Bank WDI SP.POP.TOTL",
        raw=("wdi/population.csv",),
        parse=_parse_population,
        caveats=("World Bank aggregates have a null iso3.",),
        refresh="Download https://datahub.io/core/population as CSV, save as wdi/population.csv, run the build.",
    )
)

register(
    Source(
        name="fuel_imports_share",
        title="Fuel imports, % of merchandise imports (WDI TM.VAL.FUEL.ZS.UN): Israel, Iran, Russia",
        publisher="World Bank (World Development Indicators, from UN Comtrade), via open-numbers",
        url="https://data.worldbank.org/indicator/TM.VAL.FUEL.ZS.UN",
        citation="World Bank, World Development Indicators, Fuel imports (% of merchandise imports) TM.VAL.FUEL.ZS.UN, via open-numbers/ddf--open_numbers--world_development_indicators.",
        licence="World Bank data are CC BY 4.0.",
        version="open-numbers DDF vintage with data to 2024",
        source_note="World Bank WDI TM.VAL.FUEL.ZS.UN (via open-numbers)",
        raw=(FUEL,),
        parse=_parse_fuel,
        caveats=(
            "Only Israel (1962-2024), Iran (1963-2022, gaps) and Russia (1996-2021) were copied; other countries are absent.",
            "SITC section 3 covers all mineral fuels (crude, products, gas, coal, electricity), not crude oil alone.",
        ),
        refresh="Download TM.VAL.FUEL.ZS.UN for the countries needed from the World Bank API, write geo,time,tm_val_fuel_zs_un rows, run the build.",
    )
)

# --- Press figures --------------------------------------------------------------------------------
TRADE_PRESS = "trade/press_reported_figures.csv"
OIL_PRESS = "energy/press_reported_oil_figures.csv"


def _parse_trade_press(raw: Path) -> pd.DataFrame:
    from strategic_ties.ingest import press

    return press.parse_trade_press(raw / TRADE_PRESS)


def _parse_oil_press(raw: Path) -> pd.DataFrame:
    from strategic_ties.ingest import press

    return press.parse_oil_press(raw / OIL_PRESS)


PRESS_TERMS = "Figures quoted from news articles (each row names its publisher and URL); the articles keep their own copyright, the figures are official statistics they quote."

register(
    Source(
        name="trade_press",
        title="Azerbaijan-Israel trade figures 2021-2023 quoted in the press from Azerbaijan's official statistics",
        publisher="Various news publishers quoting Azerbaijan's State Statistics Committee and State Customs Committee",
        url="https://www.azernews.az/business/182326.html",
        citation="Press reports quoting the Azerbaijan State Statistics Committee and State Customs Committee (AzerNews, Today.az, Trend and others; publisher, date and URL per row).",
        licence=PRESS_TERMS,
        version="collected from stored web pages, 2026",
        source_note="Official Azerbaijani trade figures as quoted in the press (see each row's publisher)",
        raw=(TRADE_PRESS,),
        parse=_parse_trade_press,
        caveats=(
            "Secondary sources, not the official tables; some rows cover part of a year.",
            "One row (Trend, Jan-Nov 2022 turnover $7 billion) is flagged suspect: almost certainly a typo.",
        ),
        refresh="Add rows for newer periods from the State Statistics Committee (https://www.stat.gov.az) or press reports, with publisher, date and URL.",
        year_column=None,
        iso3_columns=(),
    )
)

register(
    Source(
        name="oil_press",
        title="Azerbaijan's crude-oil exports by destination quoted in the press",
        publisher="Various news publishers quoting Azerbaijan's State Customs Committee, SOCAR and Eurostat",
        url="https://isranomics.com/economy/israel-tops-azerbaijans-oil-export-chart-insights-from-recent-trade-data/",
        citation="Press reports quoting the Azerbaijan State Customs Committee, SOCAR and Eurostat (AzerNews, Today.az, Isranomics/Jerusalem Post, AzVision, ABC.az, The Economist; publisher, date and URL per row).",
        licence=PRESS_TERMS,
        version="collected from stored web pages, 2026",
        source_note="Azerbaijani crude-oil export figures as quoted in the press (see each row's publisher)",
        raw=(OIL_PRESS,),
        parse=_parse_oil_press,
        caveats=(
            "Press quotations, several for partial years; one row is from an article of unknown year.",
            "Not an official time series; Israel does not publish crude imports by origin.",
        ),
        refresh="Add rows from newer customs releases or press reports, with publisher, date and URL.",
        year_column=None,
        iso3_columns=(),
    )
)

# --- IMF DOTS ------------------------------------------------------------------------------------
DOTS_DIR = "trade/imf_dots_by_reporter"


def _dots_files(raw: Path) -> tuple[str, ...]:
    return tuple(
        f"{DOTS_DIR}/{p.name}"
        for p in sorted((raw / DOTS_DIR).glob("DOTS_*.xlsx"), key=lambda p: int(p.stem[5:]))
    )


def _parse_trade(raw: Path) -> pd.DataFrame:
    from strategic_ties.ingest import imf_dots

    return imf_dots.parse_dots(raw / DOTS_DIR)


register(
    Source(
        name="trade",
        title="IMF Direction of Trade Statistics: exports (FOB) and imports (CIF) by reporter and partner, 1960-2020",
        publisher="International Monetary Fund (IMF)",
        url="https://data.imf.org/",
        citation="International Monetary Fund, Direction of Trade Statistics (DOTS), one workbook per reporting economy as exported from data.imf.org around January 2022.",
        licence="IMF data may be used under the IMF's copyright and usage terms with attribution ('Source: IMF Direction of Trade Statistics'); the repository the copies come from is MIT-licensed for its code only.",
        version="exported c. January 2022 (data to 2020)",
        source_note="IMF Direction of Trade Statistics, exported Jan 2022",
        raw=(DOTS_DIR,),
        parse=_parse_trade,
        caveats=(
            "Data stop in 2020; 2021-23 bilateral figures are in trade_press (secondary).",
            "Israel does not publish the origin of its crude-oil imports: Israel-reported imports from Azerbaijan are tiny, so use the mirror flow (Azerbaijan-reported exports) for Azerbaijan-to-Israel trade.",
            "Exports are FOB and imports CIF; mirror flows never match exactly.",
            "estimate is true where the IMF marked the cell with ' e' (usually derived from partner data).",
            "Aggregates (World, Euro Area, regional groups, 'Memorandum Items' such as Middle East and European Union) are kept with partner_kind/reporter_kind 'aggregate' and a null ISO3; do not add them to country rows.",
            "Every workbook lists 'Australia' twice with identical values and DOTS_143/DOTS_144 are two copies of Nicaragua's workbook; identical cells are stored once.",
            "Empty cells (no data) are not stored as rows.",
        ),
        refresh="Export one DOTS workbook per reporter from https://data.imf.org (Direction of Trade Statistics, annual, US$), save them as trade/imf_dots_by_reporter/DOTS_<n>.xlsx, run the build (the IMF has since moved DOTS to the IMTS dataset; adapt ingest/imf_dots.py to its layout if needed).",
        iso3_columns=("reporter_iso3", "partner_iso3"),
        extra={"raw_glob": True},
    )
)


# --- UN General Assembly ------------------------------------------------------------------------
UN_VOTES = ("unvotes/un_votes.rda", "unvotes/un_roll_calls.rda", "unvotes/un_roll_call_issues.rda")
IDEAL_POINTS = "unvotes/IdealpointsJuly2025.dta"


def _parse_votes(raw: Path) -> pd.DataFrame:
    from strategic_ties.ingest import unvotes

    return unvotes.parse_votes(*(raw / rel for rel in UN_VOTES))


def _parse_ideal_points(raw: Path) -> pd.DataFrame:
    from strategic_ties.ingest import unvotes

    return unvotes.parse_ideal_points(raw / IDEAL_POINTS)


register(
    Source(
        name="unga_votes",
        title="UN General Assembly roll-call votes (yes/abstain/no) with issue flags, 1946-2019",
        publisher="Erik Voeten (Harvard Dataverse), packaged by the R package 'unvotes' (D. Robinson)",
        url="https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379",
        citation="Voeten, Erik, 'Data and Analyses of Voting in the UN General Assembly', in Routledge Handbook of International Organization (2013); United Nations General Assembly Voting Data, Harvard Dataverse hdl:1902.1/12379, as packaged in the R package unvotes (data update of 8 March 2021).",
        licence="Dataverse files dedicated to the public domain (CC0); the unvotes package is MIT-licensed.",
        version="UNVotes2021 (downloaded 2021-02-21), unvotes package data of 2021-03-08",
        source_note="Voeten UNGA voting data (unvotes R package, 2021)",
        raw=UN_VOTES,
        parse=_parse_votes,
        caveats=(
            "Only yes/abstain/no are kept by the package: absences and non-membership are not rows.",
            "Vote-level data end in January 2020 (2019 is the last full year); use unga_ideal_points for later years.",
            "Israel-related (middle_east) resolutions are a large share of recorded votes and depress Israel's agreement with most states; split on the flag.",
            "Names follow the R package countrycode; historical states keep their own codes (German Democratic Republic DDR, Yemen People's Republic YMD, Czechoslovakia CSK, Yugoslavia YUG); Zanzibar (1963-64) has none.",
        ),
        refresh="Download the latest UNVotes data from Harvard Dataverse (hdl:1902.1/12379) or the unvotes package's data/ folder, save the three .rda files under unvotes/, run the build.",
    )
)


def _parse_agreement(raw: Path) -> pd.DataFrame:
    from strategic_ties.ingest import agreement

    return agreement.dyad_years(_parse_votes(raw))


register(
    Source(
        name="unga_agreement",
        title="UN General Assembly vote agreement of every state with every other, per year, 1946-2019 (derived from unga_votes)",
        publisher=SOURCES["unga_votes"].publisher,
        url=SOURCES["unga_votes"].url,
        citation=SOURCES["unga_votes"].citation,
        licence=SOURCES["unga_votes"].licence,
        version=SOURCES["unga_votes"].version,
        source_note=SOURCES["unga_votes"].source_note,
        raw=UN_VOTES,
        parse=_parse_agreement,
        caveats=(
            "Computed from unga_votes at build time (ingest/agreement.py): one row per ordered pair of states and year with at least one roll call on which both voted; agreement over any span = sum(score) / sum(votes).",
            *SOURCES["unga_votes"].caveats[:2],
        ),
        refresh="Rebuilt by every build from the unga_votes raw files: refresh those (see unga_votes).",
    )
)

register(
    Source(
        name="unga_ideal_points",
        title="UN General Assembly ideal-point estimates by country-year, 1946-2024 (July 2025 release)",
        publisher="Michael Bailey, Anton Strezhnev and Erik Voeten (Harvard Dataverse)",
        url="https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379",
        citation="Bailey, Michael A., Anton Strezhnev & Erik Voeten (2017), 'Estimating Dynamic State Preferences from United Nations Voting Data', Journal of Conflict Resolution 61(2): 430-456; ideal point estimates, July 2025 release, Harvard Dataverse hdl:1902.1/12379.",
        licence="Dataverse dataset (public domain / CC0 per the Dataverse terms); cite Bailey, Strezhnev & Voeten 2017.",
        version="July 2025 release (calendar years)",
        source_note="Bailey, Strezhnev & Voeten UNGA ideal points, July 2025 release",
        raw=(IDEAL_POINTS,),
        parse=_parse_ideal_points,
        caveats=(
            "Keyed on calendar year (first release to do so); ideal_point uses final-passage votes and runs to 2024, ideal_point_all to 2023.",
            "Higher values are closer to the US-led Western pole; distance between ideal points is the preferred alignment measure.",
            "ISO3 comes from the COW code: the file's iso3c is empty for 29 rows, calls Serbia 'YUG' to 2024, the Soviet Union 'RUS' and both Yemens 'YAR'; these are corrected.",
            "1990 has two rows for Germany (COW 255 and 260) and for Yemen (678 and 679); tell them apart by ccode.",
            "Mojibake in names ('SÃ£o TomÃ©') is repaired.",
        ),
        refresh="Download the newest Idealpoints*.dta from Harvard Dataverse (hdl:1902.1/12379), save it under unvotes/, update the name in ingest/sources.py, run the build.",
    )
)


# --- Country outlines (locator maps) ------------------------------------------------------------
def _parse_outlines(raw: Path) -> pd.DataFrame:
    from strategic_ties.ingest import geo

    return geo.parse_outlines(raw / geo.MAP_FILE)


register(
    Source(
        name="country_outlines",
        title="Natural Earth Admin 0 country outlines, 1:50m, version 4.1.0 (world-atlas 2.0.2)",
        publisher="Natural Earth (redistributed as TopoJSON by the world-atlas package, Mike Bostock)",
        url="https://www.naturalearthdata.com/",
        citation="Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com (Admin 0 countries, 1:50m, version 4.1.0, via world-atlas 2.0.2).",
        licence="Natural Earth data are in the public domain; the world-atlas package is ISC-licensed.",
        version="Natural Earth 4.1.0 (world-atlas 2.0.2)",
        source_note="Made with Natural Earth (1:50m, 4.1.0)",
        raw=("geo/countries-50m.json",),
        parse=_parse_outlines,
        caveats=(
            "Boundaries follow Natural Earth's de-facto conventions (e.g. Nagorno-Karabakh inside Azerbaijan, Palestine as its own feature); they imply no view on any dispute.",
            "Five features have no ISO code (Somaliland, Kosovo, N. Cyprus, Indian Ocean Ter., Siachen Glacier): iso3 is null, the name is kept.",
        ),
        refresh="Download countries-50m.json from a newer world-atlas release (or convert Natural Earth Admin 0 with topojson), save it under geo/ and run the build.",
        year_column=None,
    )
)


# Units of the numeric columns, written next to each column's meaning in the catalogue.
# Columns not listed (names, codes, flags, dates, categories) have no unit.
UNITS: dict[str, str] = {
    "tiv_unit": "SIPRI TIV, millions",
    "tiv_unit_base": "SIPRI TIV, millions",
    "tiv_order": "SIPRI TIV, millions",
    "tiv_delivered": "SIPRI TIV, millions",
    "tiv": "SIPRI TIV, millions",
    "number_ordered": "items",
    "number_delivered": "items",
    "constant_usd_m": "US$ millions, constant 2022 prices",
    "current_usd_m": "US$ millions, current prices",
    "share_gdp_pct": "per cent of GDP",
    "value_usd_m": "US$ millions, current prices",
    "fuel_share_pct": "per cent of merchandise imports",
    "best": "deaths",
    "low": "deaths",
    "high": "deaths",
    "fatalities": "deaths",
    "incidents": "incidents",
    "injuries": "people injured",
    "events": "events",
    "gdp_usd": "US$, current prices",
    "population": "people",
    "ideal_point": "ideal-point scale (higher = closer to the US-led pole)",
    "ideal_point_all": "ideal-point scale (higher = closer to the US-led pole)",
    "q5": "ideal-point scale",
    "q95": "ideal-point scale",
    "votes": "roll-call votes",
    "value": "as given in the unit column",
    "year": "calendar year",
    "order_year": "calendar year",
    "first_delivery_year": "calendar year",
    "last_delivery_year": "calendar year",
    "start_year": "calendar year",
    "end_year": "calendar year",
    "dispute_start_year": "calendar year",
    "dispute_end_year": "calendar year",
}
