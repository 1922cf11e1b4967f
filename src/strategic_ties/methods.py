"""The briefing's methods-and-sources appendix, generated from data/catalog.yaml.

`dataset_table` lists every dataset (title, publisher, version, years, licence); `appendix_markdown`
writes the full appendix: the source paper, each dataset's citation, version, licence, coverage and
caveats, the definitions the report uses, and how the claims were judged. Text from the catalogue
is HTML-escaped before it goes into Markdown.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pandas as pd

from strategic_ties import catalog, fmt

PAPER_CITATION = (
    "Alexander Murinson, *The Ties between Israel and Azerbaijan*, Mideast Security and Policy "
    "Studies No. 110, BESA Center, Bar-Ilan University, October 2014 (executive summary)."
)

DEFINITIONS: dict[str, str] = {
    "TIV (trend-indicator value)": (
        "SIPRI's common unit for the volume of transfers of major conventional arms, in millions. "
        "It rests on a weapon's production cost, not on the price paid, so it measures military "
        "capability transferred rather than financial value; second-hand items count at a "
        "fraction of the new value. Shares and ranks are of TIV summed over the years stated. "
        "SIPRI covers major conventional arms only: small arms, light weapons and ammunition "
        "are excluded."
    ),
    "Periods": (
        "Arms transfers fluctuate from year to year, so they are summed over periods "
        "(five years by default), aligned like SIPRI's fact sheets: the last period ends in the "
        "last year analysed."
    ),
    "Mirror trade": (
        "Each country reports its own exports (valued FOB) and imports (valued CIF) to the IMF's "
        "Direction of Trade Statistics. When one side under-reports, the other side's report of "
        "the same flow (the mirror flow) is used; Israel does not record the origin of its "
        "crude oil, so Azerbaijan's reported exports to Israel measure that flow. Mirror flows "
        "never match exactly (valuation, timing, re-exports)."
    ),
    "Fuel-import proxy": (
        "Azerbaijan's reported exports to Israel divided by Israel's fuel imports (Israel's "
        "total merchandise imports times the World Bank's fuel share of imports). It compares "
        "values of all goods with all mineral fuels, FOB with CIF, so it is an indication, not a "
        "crude-oil volume share."
    ),
    "Vote agreement index": (
        "For every UN General Assembly roll call on which both states voted, 1 if they cast "
        "the same vote, 0.5 if one abstained, 0 if one voted yes and the other no; a year's "
        "value is the mean over its roll calls. Absences are not counted. Resolutions on the "
        "Palestinian question set Israel apart from most states and depress its scores."
    ),
    "Ideal points": (
        "Bailey, Strezhnev and Voeten's estimates of each state's position on one dimension "
        "of UN voting (higher = closer to the US-led Western pole), made comparable across "
        "years; the distance between two states is the absolute difference of their estimates, "
        "with a band from the estimates' posterior quantiles."
    ),
    "Battle-related deaths": (
        "UCDP's count of deaths caused by the warring parties in combat, per conflict and "
        "year, with low, best and high estimates; the best estimate is shown. A conflict-year "
        "enters the data from 25 deaths; 1,000 deaths in a year is war level."
    ),
    "Military expenditure": (
        "SIPRI's military expenditure, in US$ at constant 2022 prices (for comparisons over "
        "time) and as a share of GDP; releases revise earlier years and are not mixed in one "
        "series."
    ),
    "Claim verdicts": (
        "Each claim of the source paper has one check with an explicit rule. Supported: the data show what the paper says. Partly "
        "supported: the data support part of the claim and not the rest, or point both ways. "
        "Contradicted: the data hold positive evidence against it. Not borne out by these data: "
        "the data could have shown it and do not, without evidence against it (a curated "
        "timeline's silence; no SIPRI deliveries in its latest, provisional years). Outside "
        "these data: nothing here can test it (small arms and ammunition, which SIPRI does not "
        "cover, intentions, stated positions)."
    ),
}


MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|])")
# Caveats about files, copies and code (where a raw file came from, how it was copied, which
# module parses it) are for maintainers: they stay in data/catalog.yaml and data/README.md and
# are left out of the reader's dataset notes.
DEVELOPER_NOTE = re.compile(
    r"byte-for-byte|copied from github|\.py\b|\.ya?ml\b|utf-8|encoding|\.csv\b|\.parquet\b"
    r"|latin-1|malformed header|excel re-save|split over two lines|mojibake|null iso3|is null"
    r"|stored as null|are null|not stored as rows|are not rows|ccode|stabb|DOTS_|iso3c?\b"
    r"|partner_kind|estimate is true|partial_year|before citing|stored as the first|cow code"
    r"|share of gdp is stored|were copied|by the package|countrycode",
    re.I,
)
# Catalogue caveats that carry a reader's point in a maintainer's words: the reader's version.
READER_CAVEATS: dict[str, str] = {
    "TIV measures volume": "TIV measures the volume of transfers, not their financial value; "
    "second-hand items count at a fraction (e.g. 40%) of a new item's value.",
    "'0 ' (printed zero)": "Cells are rounded by SIPRI; a printed zero means more than 0 but "
    "less than 0.5 TIV million.",
    "Older data version than": "An older data version than the deal register and the annual "
    "deliveries (e.g. Azerbaijan 2023: 9 here, 3.0 in the annual deliveries).",
    "kept as *_uncertain": "SIPRI marks an uncertain order year or number with '?'; such "
    "figures are its estimates.",
    "not broken down by year": "The deal register gives the number delivered and the delivery "
    "years without a split by year; annual figures come from SIPRI's deliveries by year.",
    "battle_location names Armenia": "One UCDP conflict covers both the Nagorno-Karabakh war "
    "and the Armenia-Azerbaijan border fighting; fighting on Armenian territory is recorded "
    "where UCDP places it.",
    "In five dyad-years": "In a handful of conflict-years UCDP's low estimate exceeds its best "
    "estimate by a few deaths, or the best exceeds the high; the figures are kept as published.",
    "primary_iso3 lists": "Only states count as parties by country; non-state sides (e.g. the "
    "Republic of Artsakh) have none, and states supporting a side are secondary parties.",
    "told apart by `release`": "Two SIPRI releases are held and never joined into one series "
    "without saying so: the 2025 release revises earlier years (e.g. Azerbaijan 2023: 4.60% vs "
    "4.92% of GDP).",
    "US$ columns exist only": "US$ values come from the 2024 release; later shares of GDP from "
    "the 2025 release.",
    "2026 is a partial year": "2026 is a partial year (to early March).",
    "'...', '. .' (unavailable)": "Years SIPRI marks as unavailable, or before a country "
    "existed, have no value.",
    "ideal_point uses final-passage": "Keyed on calendar year; the main estimate uses "
    "final-passage votes and runs to 2024, the estimate from all votes to 2023.",
    "Vote-level data end in January 2020": "Vote-level data end in January 2020 (2019 is the "
    "last full year); the ideal points run further.",
    "Data stop in 2020": "Data stop in 2020.",
    "Israel-related (middle_east)": "Resolutions on the Middle East are a large share of "
    "recorded votes and depress Israel's agreement with most states; agreement is also shown "
    "without them.",
    "Only yes/abstain/no": "Only yes, abstain and no votes count; absences and non-membership "
    "are left out.",
    "Month-precision dates": "Dates known only to the month are stored as the first of the "
    "month and written as the month ('May 2008').",
    "Coverage ends in 2014": "Coverage ends in 2014: later disputes are not covered (e.g. the "
    "2016, 2020 and 2022-23 Karabakh and border fighting).",
}
# Caveats that concern only the source paper's pair (Israel's crude-oil imports, the press tables).
PAPER_CAVEATS = ("crude-oil imports", "Israel-related")


def _escape(value: Any) -> str:
    """Catalogue text made safe for Markdown: HTML escaped, Markdown markers backslashed."""
    text = html.escape(" ".join(str(value).split()), quote=False)
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _years(entry: dict[str, Any]) -> str:
    years = (entry.get("coverage") or {}).get("years")
    return fmt.span(years[0], years[1]) if years else "not applicable"


def _rows(entry: dict[str, Any]) -> str:
    rows = entry.get("rows")
    return fmt.number(rows) if isinstance(rows, int) else "n/a"


def dataset_table(
    data: dict[str, Any] | None = None, names: Any = None, paper_pair: bool = True
) -> pd.DataFrame:
    """One row per catalogued dataset (those in `names`, default all): Dataset, Publisher,
    Version, Years, Rows (sorted by name)."""
    from strategic_ties.paper import reader_title

    datasets = (data or catalog.load_catalog())["datasets"]
    rows = [
        {
            "Dataset": reader_title(str(entry.get("title", name)), paper_pair),
            "Publisher": entry.get("publisher", ""),
            "Version": entry.get("version", ""),
            "Years": _years(entry),
            "Rows": entry.get("rows"),
        }
        for name, entry in _chosen(datasets, names)
    ]
    return pd.DataFrame(rows, columns=["Dataset", "Publisher", "Version", "Years", "Rows"])


def data_vintage(data: dict[str, Any] | None = None) -> str:
    """One line naming each publisher's data version, for the summary and the cover."""
    datasets = (data or catalog.load_catalog())["datasets"]
    notes = dict.fromkeys(
        str(entry.get("source_note", name)) for name, entry in sorted(datasets.items())
    )
    return "; ".join(notes)


# Names in caveat examples that are not states, and the states an example with them is about.
PLACES = {
    "Karabakh": ("ARM", "AZE"),
    "Artsakh": ("ARM", "AZE"),
    "Heron": ("ISR",),  # an Israeli UAV
    "Palestine": ("PSE", "ISR"),
}
_EXAMPLE = re.compile(r"\s*\((?:e\.g\.\s*)?[^()]*\)")


def _states_named(text: str) -> set[str]:
    """ISO3 codes of the states (and of the places in `PLACES`) a caveat's text names."""
    from strategic_ties import countries

    found = {iso3 for name, iso3s in PLACES.items() if name in text for iso3 in iso3s}
    for name in re.findall(r"[A-Z][a-zü'-]{2,}(?: [A-Z][a-z'-]{2,})?", text):  # not 'US$', 'TIV'
        for candidate in (name, name.split()[0]):
            iso3 = countries.to_iso3(candidate) if candidate not in PLACES else None
            if iso3:
                found.add(iso3)
                break
    return found


def about_the_pair(caveat: str, states: set[str]) -> str | None:
    """`caveat` as a report on `states` (ISO3 codes) needs it: an example in brackets that names
    only other states is left out; a caveat that still names states, none of them these, is
    dropped (None). Caveats naming no state are kept whole."""

    def example(match: re.Match[str]) -> str:
        named = _states_named(match.group(0))
        return "" if named and not named & states else match.group(0)

    text = _EXAMPLE.sub(example, caveat)
    named = _states_named(text)
    if named and not named & states:
        return None
    return text


def reader_caveats(
    caveats: list[Any], paper_pair: bool = True, states: set[str] | None = None
) -> list[str]:
    """The catalogue's caveats in a reader's words: maintainers' notes left out, the rest
    rewritten where `READER_CAVEATS` has a reader's version; paper-pair notes only for that pair.
    `states`: the report's countries (ISO3: country, partner, rivals); examples and caveats
    about other states are left out (`about_the_pair`)."""
    out = []
    for caveat in map(str, caveats):
        if not paper_pair and any(k in caveat for k in PAPER_CAVEATS):
            continue
        reader = next((v for k, v in READER_CAVEATS.items() if k in caveat), None)
        if reader is None and DEVELOPER_NOTE.search(caveat):
            continue
        text = reader or caveat
        if states is not None:
            text = about_the_pair(text, states)
        if text:
            out.append(text)
    return out


def _chosen(datasets: dict[str, Any], names: Any) -> list[tuple[str, Any]]:
    return [(n, e) for n, e in sorted(datasets.items()) if names is None or n in names]


def dataset_sections(
    data: dict[str, Any] | None = None,
    names: Any = None,
    paper_pair: bool = True,
    states: set[str] | None = None,
) -> list[str]:
    """Markdown per dataset (those in `names`, default all): heading, citation, version,
    licence, coverage, caveats (those about `states`, the report's ISO3 codes, see
    `reader_caveats`)."""
    from strategic_ties.paper import reader_title

    datasets = (data or catalog.load_catalog())["datasets"]
    sections = []
    for name, entry in _chosen(datasets, names):
        lines = [
            f"### {_escape(reader_title(str(entry.get('title', name)), paper_pair))}",
            "",
            f"- **Citation:** {_escape(str(entry.get('citation', '')).replace(' in source_urls', ''))}",
            f"- **Version:** {_escape(entry.get('version', ''))}",
            f"- **Licence / terms:** {_escape(entry.get('licence', ''))}",
            f"- **Coverage:** {_years(entry)}; {_rows(entry)} rows",
        ]
        caveats = reader_caveats(entry.get("caveats") or [], paper_pair, states)
        if caveats:
            lines.append("- **Caveats:**")
            lines.extend(f"    - {_escape(c)}" for c in caveats)
        sections.append("\n".join(lines))
    return sections


PAPER_ONLY_TERMS = ("Fuel-import proxy", "Claim verdicts")
PAPER_ONLY_SENTENCES = (
    "; Israel does not record the origin of its crude oil, so Azerbaijan's reported exports to "
    "Israel measure that flow",
    " Resolutions on the Palestinian question set Israel apart from most states and depress its "
    "scores.",
)


def definitions_markdown(paper_pair: bool = True) -> str:
    """The definitions as a Markdown list; for pairs other than the source paper's, without the
    terms and the sentence that concern only that pair."""
    items = []
    for term, text in DEFINITIONS.items():
        if not paper_pair and term in PAPER_ONLY_TERMS:
            continue
        if not paper_pair:
            for sentence in PAPER_ONLY_SENTENCES:
                text = text.replace(sentence, "")
        items.append(f"- **{term}.** {text}")
    return "\n".join(items)


def paper_markdown() -> str:
    return (
        f"The report builds on {PAPER_CITATION} The paper's factual claims are paraphrased and "
        "checked against the data in this report; its text is not reproduced."
    )


def reproducing_markdown(paper_pair: bool = True) -> str:
    """The one paragraph that names files and commands: how to rebuild this report."""
    claims = (
        "The source paper's claims are paraphrased in `data/claims.yaml` and checked by the "
        "package's `strategic_ties.paper` modules; "
        if paper_pair
        else ""
    )
    return (
        "The report is built by the open-source package `strategic-ties`: "
        "`strategic-ties data build --raw DIR` parses the publishers' files into "
        "`data/processed/` and the catalogue `data/catalog.yaml` (checksums, citations, caveats; "
        "`data/README.md` says where each file came from and how it was copied); "
        "`strategic-ties run` executes the notebooks in `notebooks/` and renders this document. "
        + claims
        + ("the key judgements follow " if paper_pair else "The key judgements follow ")
        + "`strategic_ties.analysis.judgements`. The data behind every figure and table is written "
        "as CSV to `chart-data/` beside this report, and `manifest.json` records the parameters, "
        "versions and checksums of this build."
    )
