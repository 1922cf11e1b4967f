"""The curated events timeline (shared/data/events/events.csv, UTF-8, RFC 4180)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from strategic_ties import countries
from strategic_ties.errors import DataError
from strategic_ties.ingest.common import finish, read_csv_rows

COLUMNS = [
    "event_id",
    "date",
    "date_precision",
    "end_date",
    "category",
    "theme",
    "actors",
    "title",
    "description",
    "source_urls",
    "in_source_paper",
    "confidence",
]

# Supporting pages that are not primary or established sources: encyclopaedias and their
# mirrors, fan wikis, aggregators and blogs. They are removed from `source_urls`; an event left
# without any source is confirmed from the data at hand (CONFIRMED_BY) or dropped.
NOT_ESTABLISHED = frozenset(
    {
        "en.wikipedia.org",
        "piglix.com",
        "maps.thefullwiki.org",
        "covert-history.wikia.org",
        "military-history.fandom.com",
        "wikisum.wiki",
        "wikimili.com",
        "menafn.com",
        "totpi.com",
        "en.baybak.com",
        "armenianclub.com",
    }
)
# event_id -> the established source used instead (checked against the processed data).
CONFIRMED_BY = {
    # Russia-Georgia war, August 2008: UCDP/PRIO Armed Conflict Dataset v25.1, conflict 393
    # (Georgia: South Ossetia), 2008 conflict-year, internationalised (Russia on side B).
    "EV009": "https://ucdp.uu.se/conflict/393",
}


def _domain(url: str) -> str:
    from urllib.parse import urlparse

    return urlparse(url.strip()).netloc.lower().removeprefix("www.")


def established_sources(event_id: str, urls: str) -> str:
    """The row's `source_urls` without pages from NOT_ESTABLISHED domains, plus its
    CONFIRMED_BY source; '' when none is left (the row is then dropped)."""
    kept = [u.strip() for u in urls.split(";") if u.strip() and _domain(u) not in NOT_ESTABLISHED]
    if event_id in CONFIRMED_BY:
        kept.append(CONFIRMED_BY[event_id])
    return ";".join(kept)


# The event categories the report knows; anything else in the file is refused at ingest.
CATEGORIES = frozenset(
    {
        "agreement", "arms_deal", "ceasefire_or_peace", "crisis_or_threat",
        "diplomatic_relations", "diplomatic_visit", "domestic_security", "military_exercise",
        "other", "terrorism_or_plot", "war_or_clash",
    }
)  # fmt: skip

_DATE = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}


def _start(date: str, precision: str, path: Path, row: int = 0) -> pd.Timestamp:
    where = f"{path.name} (events), row {row}" if row else f"{path.name} (events)"
    if precision not in _DATE or not re.fullmatch(_DATE[precision], date):
        raise DataError(f"{where}: date {date[:40]!r} does not match its precision {precision!r}.")
    padded = {"day": date, "month": f"{date}-01", "year": f"{date}-01-01"}[precision]
    try:
        return pd.Timestamp(padded)
    except ValueError:
        raise DataError(f"{where}, field 'date': {date!r} is not a calendar date.") from None


def parse_events(path: Path) -> pd.DataFrame:
    what = "events timeline"
    raw = read_csv_rows(path, what, COLUMNS, dtype=str, keep_default_na=False)
    for codes in raw["actors"]:
        for code in filter(None, codes.split(";")):
            if countries.to_iso3(code) != code:
                raise DataError(f"{path.name} ({what}): actor code {code!r} is not an ISO3 code.")
    flags = raw["in_source_paper"].str.lower().map({"true": True, "false": False})
    if flags.isna().any():
        raise DataError(f"{path.name} ({what}): in_source_paper must be true or false.")
    for row, category in enumerate(raw["category"], start=2):  # row 1 is the header
        if category not in CATEGORIES:
            raise DataError(
                f"{path.name} ({what}), row {row}, field 'category': {category[:40]!r} is not a "
                f"known category; use one of {', '.join(sorted(CATEGORIES))}."
            )
    dates = [
        _start(d, p, path, row)
        for row, (d, p) in enumerate(zip(raw["date"], raw["date_precision"], strict=True), start=2)
    ]
    for row, end in enumerate(raw["end_date"], start=2):
        if end and (
            not re.fullmatch(_DATE["day"], end) or pd.isna(pd.to_datetime(end, errors="coerce"))
        ):
            raise DataError(
                f"{path.name} ({what}), row {row}, field 'end_date': {end[:40]!r} is not a date."
            )
    frame = raw.assign(
        date=dates,
        end_date=pd.to_datetime(raw["end_date"].replace("", None), format="%Y-%m-%d"),
        year=[d.year for d in dates],
        in_source_paper=flags,
    )
    for column in ("end_date",):
        frame[column] = frame[column].astype("datetime64[ns]")
    frame["source_urls"] = [
        established_sources(e, u)
        for e, u in zip(frame["event_id"], frame["source_urls"], strict=True)
    ]
    frame = frame[frame["source_urls"] != ""].reset_index(drop=True)
    return finish("events", frame, ["event_id"])
