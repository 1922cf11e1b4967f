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
        "Each claim of the source paper has one check with an explicit rule (in "
        "strategic_ties/paper/). Supported: the data show what the paper says. Partly "
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
    r"byte-for-byte|copied from github|\.py\b|\.ya?ml\b|utf-8|encoding|\.csv\b|\.parquet\b",
    re.I,
)


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


def dataset_table(data: dict[str, Any] | None = None) -> pd.DataFrame:
    """One row per catalogued dataset: Dataset, Publisher, Version, Years, Rows (sorted by name)."""
    datasets = (data or catalog.load_catalog())["datasets"]
    rows = [
        {
            "Dataset": entry.get("title", name),
            "Publisher": entry.get("publisher", ""),
            "Version": entry.get("version", ""),
            "Years": _years(entry),
            "Rows": entry.get("rows"),
        }
        for name, entry in sorted(datasets.items())
    ]
    return pd.DataFrame(rows, columns=["Dataset", "Publisher", "Version", "Years", "Rows"])


def data_vintage(data: dict[str, Any] | None = None) -> str:
    """One line naming each publisher's data version, for the summary and the cover."""
    datasets = (data or catalog.load_catalog())["datasets"]
    notes = dict.fromkeys(
        str(entry.get("source_note", name)) for name, entry in sorted(datasets.items())
    )
    return "; ".join(notes)


def dataset_sections(data: dict[str, Any] | None = None) -> list[str]:
    """Markdown per dataset: heading, citation, version, licence, coverage, caveats."""
    datasets = (data or catalog.load_catalog())["datasets"]
    sections = []
    for name, entry in sorted(datasets.items()):
        lines = [
            f"### {_escape(entry.get('title', name))}",
            "",
            f"- **Citation:** {_escape(entry.get('citation', ''))}",
            f"- **Version:** {_escape(entry.get('version', ''))}",
            f"- **Licence / terms:** {_escape(entry.get('licence', ''))}",
            f"- **Coverage:** {_years(entry)}; {_rows(entry)} rows",
        ]
        caveats = [c for c in entry.get("caveats") or [] if not DEVELOPER_NOTE.search(str(c))]
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
        "checked against the data above; its text is not reproduced."
    )


def reproducing_markdown() -> str:
    """The one paragraph that names files and commands: how to rebuild this report."""
    return (
        "The report is built by the open-source package `strategic-ties`: "
        "`strategic-ties data build --raw DIR` parses the publishers' files into "
        "`data/processed/` and the catalogue `data/catalog.yaml` (checksums, citations, caveats; "
        "`data/README.md` says where each file came from and how it was copied); "
        "`strategic-ties run` executes the notebooks in `notebooks/` and renders this document. "
        "The source paper's claims are paraphrased in `data/claims.yaml` and checked by the "
        "package's `strategic_ties.paper` modules; the key judgements follow "
        "`strategic_ties.analysis.judgements`. The data behind every figure and table is written "
        "as CSV to `chart-data/` beside this report, and `manifest.json` records the parameters, "
        "versions and checksums of this build."
    )
