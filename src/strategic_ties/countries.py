"""Country names <-> ISO3 codes, in one place.

Publishers spell countries their own way (SIPRI "Turkiye", IMF "Azerbaijan, Rep. of", UCDP
"Government of Azerbaijan"). `country_converter` handles most; the tables below cover what it
gets wrong (historical states, which it maps to their successors) and actors that are not states
(rebel groups, organisations, "unknown supplier(s)"), which map to ``None`` on purpose.
"""

from __future__ import annotations

import difflib
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from strategic_ties.errors import UnknownCountryError

logging.getLogger("country_converter").setLevel(logging.ERROR)

# Historical states keep their own ISO 3166-3 codes rather than a successor's.
HISTORICAL: dict[str, str] = {
    "soviet union": "SUN",
    "ussr": "SUN",
    "yugoslavia": "YUG",
    "czechoslovakia": "CSK",
    "east germany": "DDR",
    "german democratic republic": "DDR",
    "germany (frg)": "DEU",
    "west germany": "DEU",
    "north yemen": "YEM",
    "south yemen": "YMD",
    "south vietnam": "VDR",
    "serbia and montenegro": "SCG",
    "east germany (gdr)": "DDR",  # SIPRI
    "yemen arab republic (north yemen)": "YEM",  # SIPRI
}

# Names that country_converter misses or maps wrongly; checked before it.
SPELLINGS: dict[str, str] = {
    "turkiye": "TUR",
    "türkiye": "TUR",
    "uae": "ARE",
    "kosovo": "XKX",
    "micronesia": "FSM",
    "bosnia-herzegovina": "BIH",
    "cote d'ivoire": "CIV",
    "côte d'ivoire": "CIV",
    "dr congo": "COD",
    "palestine": "PSE",
    "state of palestine": "PSE",
    "macedonia": "MKD",
    "north macedonia": "MKD",
    "saint vincent": "VCT",  # SIPRI
    "eswatini": "SWZ",
    "western sahara": "ESH",  # SIPRI's recipient/supplier for the Polisario/SADR side
}

# Display names where the converter's short name is not the one a reader expects.
DISPLAY: dict[str, str] = {
    "TUR": "Türkiye",
    "USA": "United States",
    "GBR": "United Kingdom",
    "RUS": "Russia",
    "IRN": "Iran",
    "SYR": "Syria",
    "KOR": "South Korea",
    "PRK": "North Korea",
    "SUN": "Soviet Union",
    "YUG": "Yugoslavia",
    "CSK": "Czechoslovakia",
    "DDR": "East Germany",
    "YMD": "South Yemen",
    "VDR": "South Vietnam",
    "SCG": "Serbia and Montenegro",
    "XKX": "Kosovo",
    "PSE": "Palestine",
}


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str

    @property
    def slug(self) -> str:
        return slugify(self.name)


def slugify(text: str) -> str:
    """'Türkiye' -> 'turkiye', 'United States' -> 'united-states'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower())


@cache
def _converter():
    import country_converter as coco

    return coco.CountryConverter()


@cache
def _iso3_names() -> dict[str, str]:
    """ISO3 -> display name for every state the package knows (current and historical)."""
    data = _converter().data
    names = {row.ISO3: row.name_short for row in data[["ISO3", "name_short"]].itertuples()}
    names.update(DISPLAY)
    return names


@cache
def _known_names() -> dict[str, str]:
    """Lower-case name -> ISO3, for close-match suggestions."""
    data = _converter().data
    out: dict[str, str] = {}
    for row in data[["ISO3", "name_short", "name_official"]].itertuples():
        out[_key(row.name_short)] = row.ISO3
        out[_key(row.name_official)] = row.ISO3
    out.update(HISTORICAL)
    out.update(SPELLINGS)
    out.update({_key(name): iso3 for iso3, name in DISPLAY.items()})
    return out


@cache
def to_iso3(name: str) -> str | None:
    """ISO3 code of a state's name or code (any case, any common spelling), or None if unknown."""
    key = _key(name)
    if not key or key.endswith("*"):  # SIPRI's mark for non-state actors and organisations
        return None
    if key.upper() in _iso3_names() and len(key) == 3:
        return key.upper()
    if key in HISTORICAL:
        return HISTORICAL[key]
    if key in SPELLINGS:
        return SPELLINGS[key]
    found = _converter().convert(name, src="regex", to="ISO3", not_found="\x00")
    if (
        isinstance(found, list) or found == "\x00"
    ):  # unknown, or ambiguous: refuse rather than guess
        return None
    return found


def name(iso3: str) -> str:
    """Display name of an ISO3 code ('TUR' -> 'Türkiye')."""
    return _iso3_names().get(iso3.upper(), iso3.upper())


def suggestions(text: str, n: int = 3) -> list[str]:
    """Display names of the known countries closest to a misspelt name."""
    known = _known_names()
    matches = difflib.get_close_matches(_key(text), list(known), n=n * 3, cutoff=0.6)
    out: list[str] = []
    for match in matches:
        display = name(known[match])
        if display not in out:
            out.append(display)
    return out[:n]


def resolve(text: str, parameter: str = "country") -> Country:
    """A user's country (name or ISO3, any case) -> Country, or UnknownCountryError naming it."""
    iso3 = to_iso3(text) if isinstance(text, str) else None
    if iso3 is None:
        close = suggestions(text) if isinstance(text, str) else []
        hint = f" Did you mean {' or '.join(close)}?" if close else ""
        raise UnknownCountryError(
            f"Parameter '{parameter}': {text!r} is not a known country.{hint} "
            "Give a country name or ISO3 code, e.g. 'Azerbaijan' or 'AZE'."
        )
    return Country(iso3=iso3, name=name(iso3))


# --- Actors in the publishers' tables: every name is classified deliberately -----------------
# classify(name) -> (iso3 or None, kind), kind one of schemas.ACTOR_KINDS. The ingest runs every
# supplier/recipient/reporter/partner/entity name through it; a name that none of the rules
# below covers raises UnknownCountryError, so the build fails instead of dropping or guessing.

# SIPRI marks non-state actors with one trailing '*' ("Hezbollah (Lebanon)*" is not Lebanon) and
# organisations with '**' ("NATO**"). These names carry no mark but are not states either.
NON_STATE: frozenset[str] = frozenset(
    {
        "biafra",  # SIPRI: secessionist Nigeria 1967-70
        "katanga",  # SIPRI: secessionist Congo 1960-63
        "northern cyprus",  # SIPRI: recognised only by Turkiye
    }
)

ORGANISATIONS: frozenset[str] = frozenset(
    {
        "nato",
        "united nations",
        "african union",
        "european union",
        "osce",
        "regional security system",
    }
)

UNKNOWN: frozenset[str] = frozenset({"unknown supplier(s)", "unknown recipient(s)"})

# Regional and income groups of the IMF, the World Bank and Our World in Data (filled per source
# in strategic_ties.ingest; kept here so that one place decides what is a state).
AGGREGATES: set[str] = set()

_HISTORICAL_CODES = frozenset({"SUN", "YUG", "CSK", "DDR", "YMD", "VDR", "SCG"})


@cache
def classify(name: str) -> tuple[str | None, str]:
    """A publisher's actor name -> (ISO3 or None, kind), or UnknownCountryError if not mapped.

    kind is 'state', 'historical_state', 'non_state', 'organisation', 'unknown' or 'aggregate'.
    """
    raw = name.strip() if isinstance(name, str) else ""
    key = _key(raw.rstrip("*"))
    if not key:
        raise UnknownCountryError(f"An empty actor name cannot be mapped to a country: {name!r}.")
    if key in UNKNOWN:
        return None, "unknown"
    if raw.endswith("**") or key in ORGANISATIONS:
        return None, "organisation"
    if raw.endswith("*") or key in NON_STATE:
        return None, "non_state"
    if key in AGGREGATES:
        return None, "aggregate"
    if key in HISTORICAL:
        code = HISTORICAL[key]
        return code, "historical_state"
    iso3 = to_iso3(raw)
    if iso3 is None:
        raise UnknownCountryError(
            f"The actor name {name!r} is not mapped: add it to a table in countries.py "
            "(SPELLINGS, HISTORICAL, NON_STATE, ORGANISATIONS, UNKNOWN or AGGREGATES)."
        )
    return iso3, "historical_state" if iso3 in _HISTORICAL_CODES else "state"
