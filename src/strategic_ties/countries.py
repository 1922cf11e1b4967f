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
    "yemen arab rep.": "YEM",  # IMF
    "yemen, north": "YEM",  # SIPRI milex
    "yemen arab republic": "YEM",
    "yemen, people's dem. rep. of": "YMD",  # IMF (country_converter says YEM)
    "eastern germany": "DDR",  # IMF
    "west germany (frg)": "DEU",  # GTD
    "serbia-montenegro": "SCG",  # GTD
    "netherlands antilles": "ANT",  # dissolved 2010; ISO 3166-3 ANHH
    "yemen people's republic": "YMD",  # UN votes (country_converter says YEM)
    "federal republic of germany": "DEU",  # UN votes: West Germany before 1990
    "german federal republic": "DEU",  # UNGA ideal points
}

# Historical states without any ISO 3166 code: classify() gives (None, 'historical_state').
HISTORICAL_NO_CODE: frozenset[str] = frozenset(
    {"zanzibar", "hyderabad"}  # UN member 1963-64; UCDP's 1948 conflict (a princely state)
)

# Groups that sources name where a state could stand (the converter knows none of them either).
NOT_STATES: frozenset[str] = frozenset({"eu27", "european union", "world"})

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
    "turkey": "TUR",  # UCDP (as the converter says, without loading it)
    "ivory coast": "CIV",  # UCDP
    "congo": "COG",  # UCDP: the Republic of the Congo ("DR Congo (Zaire)" is the other)
    "western sahara": "ESH",  # SIPRI's recipient/supplier for the Polisario/SADR side
    "aruba, kingdom of the netherlands": "ABW",  # IMF
    "curaçao, kingdom of the netherlands": "CUW",  # IMF
    "sint maarten, kingdom of the netherlands": "SXM",  # IMF
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
    "ANT": "Netherlands Antilles",
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
    from strategic_ties._country_names import ISO3_NAMES  # the converter's, without pandas

    names = dict(ISO3_NAMES)
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
    if key in HISTORICAL_NO_CODE or key in NOT_STATES:
        return None
    if key in SPELLINGS:
        return SPELLINGS[key]
    from strategic_ties._country_names import EXACT  # the converter's answers, precomputed

    if key in EXACT:
        return EXACT[key]
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


# Names that fit more than one state: refused with the candidates rather than guessed.
AMBIGUOUS = {
    "korea": ("North Korea", "South Korea"),
    "congo": ("Republic of the Congo", "Democratic Republic of the Congo"),
    "the congo": ("Republic of the Congo", "Democratic Republic of the Congo"),
}
# Not states in the data (the country table marks them non-state): never resolved to a state.
NON_STATES = {"northern cyprus", "turkish republic of northern cyprus", "trnc"}
MAX_NAME = 100  # longer text is no country name (and would make the fuzzy match slow)


def excerpt(value: object, limit: int = 60) -> str:
    """repr of a value, cut to `limit` characters with '…' (error messages never echo a flood)."""
    text = repr(value) if not isinstance(value, str) else repr(value[: limit + 1])
    return text if len(text) <= limit else text[: limit - 1] + "…"


def resolve(text: str, parameter: str = "country") -> Country:
    """A user's country (name or ISO3, any case) -> Country, or UnknownCountryError naming it."""
    if isinstance(text, str) and len(text) > MAX_NAME:
        raise UnknownCountryError(
            f"Parameter '{parameter}': {excerpt(text)} is too long for a country name "
            f"({len(text)} characters; at most {MAX_NAME})."
        )
    key = _key(text) if isinstance(text, str) else ""
    if key in AMBIGUOUS:
        raise UnknownCountryError(
            f"Parameter '{parameter}': {text!r} is ambiguous; give one of "
            f"{' or '.join(AMBIGUOUS[key])}."
        )
    if key in NON_STATES:
        raise UnknownCountryError(
            f"Parameter '{parameter}': {text!r} is not a state in the data (the country table "
            "marks it non-state); give a state, e.g. 'Cyprus' or 'Türkiye'."
        )
    iso3 = to_iso3(text) if isinstance(text, str) else None
    if iso3 is None:
        close = suggestions(text) if isinstance(text, str) else []
        hint = f" Did you mean {' or '.join(close)}?" if close else ""
        raise UnknownCountryError(
            f"Parameter '{parameter}': {excerpt(text)} is not a known country.{hint} "
            "Give a country name or ISO3 code, e.g. 'Azerbaijan' or 'AZE'."
        )
    return Country(iso3=iso3, name=name(iso3))


def iso3_of(text: str, parameter: str = "country") -> str:
    """The ISO3 code of a user's country (see resolve; `parameter` names it in the error)."""
    return resolve(text, parameter=parameter).iso3


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
        "akrotiri and dhekelia",  # ACLED: UK sovereign base areas on Cyprus, no ISO code
    }
)

ORGANISATIONS: frozenset[str] = frozenset(
    {
        "nato",
        "united nations",
        "african union",
        "osce",
        "regional security system",
    }
)

UNKNOWN: frozenset[str] = frozenset({"unknown supplier(s)", "unknown recipient(s)"})

# Regional, income and residual groups of the IMF, the World Bank, OWID and GTD. Plain
# "European Union" is an aggregate of its members' figures (IMF, World Bank, OWID); SIPRI's
# "European Union**" is the organisation as an arms recipient (caught by the '**' rule).
AGGREGATES: frozenset[str] = frozenset(
    {
        "european union",
        "european union (sipri)",  # OWID military expenditure
        "world",
        # IMF DOTS
        "advanced economies",
        "africa",
        "africa not specified",
        "asia not specified",
        "belgium-luxembourg",  # the BLEU customs union, reported jointly before 1997
        "countries & areas not specified",
        "emerging and developing asia",
        "emerging and developing economies",
        "emerging and developing europe",
        "emerging market and developing economies by source of export earnings: fuel",
        "emerging market and developing economies by source of export earnings: nonfuel",
        "euro area",
        "europe not specified",
        "malaysia, west",  # peninsular Malaysia only: a part of MYS, not a state
        "middle east",
        "middle east and central asia",
        "middle east and central asia not specified",
        "other countries not included elsewhere",
        "south african common customs area (sacca)",
        "special categories",
        "sub-saharan africa",
        "western hemisphere",
        "western hemisphere not specified",
        # World Bank WDI
        "africa eastern and southern",
        "africa western and central",
        "arab world",
        "caribbean small states",
        "central europe and the baltics",
        "channel islands",  # Jersey and Guernsey reported together
        "early-demographic dividend",
        "east asia & pacific",
        "east asia & pacific (ida & ibrd countries)",
        "east asia & pacific (excluding high income)",
        "europe & central asia",
        "europe & central asia (ida & ibrd countries)",
        "europe & central asia (excluding high income)",
        "fragile and conflict affected situations",
        "heavily indebted poor countries (hipc)",
        "high income",
        "ibrd only",
        "ida & ibrd total",
        "ida blend",
        "ida only",
        "ida total",
        "late-demographic dividend",
        "latin america & caribbean",
        "latin america & caribbean (excluding high income)",
        "latin america & the caribbean (ida & ibrd countries)",
        "least developed countries: un classification",
        "low & middle income",
        "low income",
        "lower middle income",
        "middle east & north africa",
        "middle east & north africa (ida & ibrd countries)",
        "middle east & north africa (excluding high income)",
        "middle east, north africa, afghanistan & pakistan",
        "middle east, north africa, afghanistan & pakistan (ida & ibrd)",
        "middle east, north africa, afghanistan & pakistan (excluding high income)",
        "middle income",
        "north america",
        "oecd members",
        "other small states",
        "pacific island small states",
        "post-demographic dividend",
        "pre-demographic dividend",
        "small states",
        "south asia",
        "south asia (ida & ibrd)",
        "sub-saharan africa (ida & ibrd countries)",
        "sub-saharan africa (excluding high income)",
        "upper middle income",
        # GTD regions (via OWID)
        "australasia & oceania",
        "central america & caribbean",
        "central asia",
        "east asia",
        "eastern europe",
        "international",  # GTD: attacks in international waters or airspace
        "south america",
        "southeast asia",
        "western europe",
    }
)

_HISTORICAL_CODES = frozenset({"SUN", "YUG", "CSK", "DDR", "YMD", "VDR", "SCG", "ANT"})


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
    if key in HISTORICAL_NO_CODE:
        return None, "historical_state"
    if key in HISTORICAL:
        return HISTORICAL[key], "historical_state"
    iso3 = to_iso3(raw)
    if iso3 is None:
        raise UnknownCountryError(
            f"The actor name {name!r} is not mapped: add it to a table in countries.py "
            "(SPELLINGS, HISTORICAL, NON_STATE, ORGANISATIONS, UNKNOWN or AGGREGATES)."
        )
    return iso3, "historical_state" if iso3 in _HISTORICAL_CODES else "state"


# --- Correlates of War (COW) and Gleditsch-Ward (GW) state codes -> ISO3 ---------------------
# Used for the MID (COW ccode) and UCDP (GW gwno_*) tables. None = a historical state with no
# ISO 3166 code (German and Italian states before unification, Austria-Hungary, Korea before
# 1910, Zanzibar, Hyderabad, Tibet). Codes whose state changed over time are resolved by year in
# from_cow()/from_gw(); the ideal-point file's ccode/iso3c pairs were checked against this table.
COW_ISO3: dict[int, str | None] = {
    2: "USA", 20: "CAN", 31: "BHS", 40: "CUB", 41: "HTI", 42: "DOM", 51: "JAM", 52: "TTO",
    53: "BRB", 54: "DMA", 55: "GRD", 56: "LCA", 57: "VCT", 58: "ATG", 60: "KNA", 70: "MEX",
    80: "BLZ", 90: "GTM", 91: "HND", 92: "SLV", 93: "NIC", 94: "CRI", 95: "PAN", 100: "COL",
    101: "VEN", 110: "GUY", 115: "SUR", 130: "ECU", 135: "PER", 140: "BRA", 145: "BOL",
    150: "PRY", 155: "CHL", 160: "ARG", 165: "URY", 200: "GBR", 205: "IRL", 210: "NLD",
    211: "BEL", 212: "LUX", 220: "FRA", 221: "MCO", 223: "LIE", 225: "CHE", 230: "ESP",
    232: "AND", 235: "PRT", 240: None, 245: None, 255: "DEU", 260: "DEU", 265: "DDR",
    267: None, 269: None, 271: None, 273: None, 275: None, 280: None, 290: "POL", 300: None,
    305: "AUT", 310: "HUN", 315: "CSK", 316: "CZE", 317: "SVK", 325: "ITA", 327: None,
    329: None, 331: "SMR", 332: None, 335: None, 337: None, 338: "MLT", 339: "ALB",
    341: "MNE", 343: "MKD", 344: "HRV", 345: "YUG", 346: "BIH", 347: "XKX", 349: "SVN",
    350: "GRC", 352: "CYP", 355: "BGR", 359: "MDA", 360: "ROU", 365: "RUS", 366: "EST",
    367: "LVA", 368: "LTU", 369: "UKR", 370: "BLR", 371: "ARM", 372: "GEO", 373: "AZE",
    375: "FIN", 380: "SWE", 385: "NOR", 390: "DNK", 395: "ISL", 402: "CPV", 403: "STP",
    404: "GNB", 411: "GNQ", 420: "GMB", 432: "MLI", 433: "SEN", 434: "BEN", 435: "MRT",
    436: "NER", 437: "CIV", 438: "GIN", 439: "BFA", 450: "LBR", 451: "SLE", 452: "GHA",
    461: "TGO", 471: "CMR", 475: "NGA", 481: "GAB", 482: "CAF", 483: "TCD", 484: "COG",
    490: "COD", 500: "UGA", 501: "KEN", 510: "TZA", 511: None, 516: "BDI", 517: "RWA",
    520: "SOM", 522: "DJI", 530: "ETH", 531: "ERI", 540: "AGO", 541: "MOZ", 551: "ZMB",
    552: "ZWE", 553: "MWI", 560: "ZAF", 565: "NAM", 570: "LSO", 571: "BWA", 572: "SWZ",
    580: "MDG", 581: "COM", 590: "MUS", 591: "SYC", 600: "MAR", 615: "DZA", 616: "TUN",
    620: "LBY", 625: "SDN", 626: "SSD", 630: "IRN", 640: "TUR", 645: "IRQ", 651: "EGY",
    652: "SYR", 660: "LBN", 663: "JOR", 666: "ISR", 670: "SAU", 678: "YEM", 679: "YEM",
    680: "YMD", 690: "KWT", 692: "BHR", 694: "QAT", 696: "ARE", 698: "OMN", 700: "AFG",
    701: "TKM", 702: "TJK", 703: "KGZ", 704: "UZB", 705: "KAZ", 710: "CHN", 712: "MNG",
    713: "TWN", 730: None, 731: "PRK", 732: "KOR", 740: "JPN", 750: "IND", 760: "BTN",
    770: "PAK", 771: "BGD", 775: "MMR", 780: "LKA", 781: "MDV", 790: "NPL", 800: "THA",
    811: "KHM", 812: "LAO", 816: "VNM", 817: "VDR", 820: "MYS", 830: "SGP", 835: "BRN",
    840: "PHL", 850: "IDN", 860: "TLS", 900: "AUS", 910: "PNG", 920: "NZL", 935: "VUT",
    940: "SLB", 946: "KIR", 947: "TUV", 950: "FJI", 955: "TON", 970: "NRU", 983: "MHL",
    986: "PLW", 987: "FSM", 990: "WSM",
}  # fmt: skip

# Gleditsch-Ward codes that differ from COW's.
GW_ISO3: dict[int, str | None] = {340: "SRB", 711: None, 751: None, 972: "TON"}


def _by_year(code: int, iso3: str | None, year: int | None) -> str | None:
    if year is None:
        return iso3
    if code == 365:  # Russia / Soviet Union share one code
        return "SUN" if 1922 <= year <= 1991 else "RUS"
    if code == 345:  # Serbia, Yugoslavia, Serbia and Montenegro, Serbia
        if year < 1918 or year >= 2006:
            return "SRB"
        return "YUG" if year <= 1991 else "SCG"
    return iso3


def from_cow(code: int, year: int | None = None) -> str | None:
    """ISO3 of a COW state code (year-aware for Russia/USSR and Serbia/Yugoslavia)."""
    code = int(code)
    if code not in COW_ISO3:
        raise UnknownCountryError(f"COW state code {code} is not in countries.COW_ISO3.")
    return _by_year(code, COW_ISO3[code], year)


def from_gw(code: int, year: int | None = None) -> str | None:
    """ISO3 of a Gleditsch-Ward state code (as used by UCDP), year-aware like from_cow()."""
    code = int(code)
    if code in GW_ISO3:
        return GW_ISO3[code]
    if code not in COW_ISO3:
        raise UnknownCountryError(
            f"Gleditsch-Ward code {code} is not in countries.COW_ISO3/GW_ISO3."
        )
    return _by_year(code, COW_ISO3[code], year)
