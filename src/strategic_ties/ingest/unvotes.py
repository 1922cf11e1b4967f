"""UN General Assembly votes (R package `unvotes`, .rda via pyreadr) and ideal points (.dta).

Votes: un_votes (rcid, country, country_code = ISO2, vote factor), un_roll_calls (rcid, session,
importantvote, date, ...), un_roll_call_issues (rcid, short_name in me/nu/di/hr/co/ec). Country
names go through countries.classify and are checked against the ISO2 code (which fails for
historical states: ISO2 'CS' was Czechoslovakia and later Serbia and Montenegro).
Ideal points: ISO3 comes from the COW code (ccode) at the row's year, because the file's own
iso3c (and countryname) is empty for 29 rows and mislabels some states (KNOWN_RELABELS); any other
disagreement stops the build. Names stored as UTF-8 bytes read as Latin-1 (mojibake such
as 'SÃ£o TomÃ©') are repaired.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from strategic_ties import countries
from strategic_ties.errors import DataError, UnknownCountryError
from strategic_ties.ingest.common import add_actor, finish, require

ISSUES = {
    "me": "middle_east",
    "nu": "nuclear",
    "di": "disarmament",
    "hr": "human_rights",
    "co": "colonialism",
    "ec": "development",
}
VOTES = {"yes", "abstain", "no"}


def read_rda(path: Path, name: str) -> pd.DataFrame:
    import pyreadr

    require(path, "R data file")
    try:
        result = pyreadr.read_r(str(path))
    except Exception as exc:  # pyreadr.LibrdataError and friends
        raise DataError(
            f"{path.name} cannot be read as an R data file ({type(exc).__name__}); "
            "the file is truncated or not an .rda."
        ) from None
    if name not in result:
        raise DataError(f"{path.name} holds {list(result)}, not the object {name!r}.")
    return result[name]


def _need(frame: pd.DataFrame, columns: list[str], path: Path) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(f"{path.name} lacks the column(s) {missing}.")


def parse_votes(votes_path: Path, calls_path: Path, issues_path: Path) -> pd.DataFrame:
    import country_converter as coco

    votes = read_rda(votes_path, "un_votes")
    calls = read_rda(calls_path, "un_roll_calls")
    issues = read_rda(issues_path, "un_roll_call_issues")
    _need(votes, ["rcid", "country", "country_code", "vote"], votes_path)
    _need(calls, ["rcid", "session", "importantvote", "date"], calls_path)
    _need(issues, ["rcid", "short_name"], issues_path)

    bad_votes = sorted(set(votes["vote"].astype(str)) - VOTES)
    if bad_votes:
        raise DataError(f"{votes_path.name}: votes {bad_votes} are not yes/abstain/no.")
    frame = pd.DataFrame(
        {
            "rcid": votes["rcid"].astype("int64"),
            "country": votes["country"].astype(str),
            "vote": votes["vote"].astype(str),
        }
    )
    add_actor(frame, "country", "UN votes countries", prefix="")
    converter = coco.CountryConverter()
    pairs = votes[["country", "country_code"]].drop_duplicates().dropna()
    for country, iso2 in pairs.itertuples(index=False):
        iso3, kind = countries.classify(country)
        found = converter.convert(iso2, src="ISO2", to="ISO3", not_found=None)
        if found != iso3 and kind != "historical_state":
            raise DataError(
                f"{votes_path.name}: {country!r} maps to {iso3} but its ISO2 code {iso2} means "
                f"{found}; fix the tables in countries.py."
            )
    not_states = sorted(
        set(frame.loc[~frame["kind"].isin(["state", "historical_state"]), "country"])
    )
    if not_states:
        raise DataError(f"{votes_path.name}: voters that are not states: {not_states}.")

    calls = calls.assign(rcid=calls["rcid"].astype("int64"))
    unknown = set(frame["rcid"]) - set(calls["rcid"])
    if unknown:
        raise DataError(
            f"{votes_path.name}: roll calls {sorted(unknown)[:5]} are not in {calls_path.name}."
        )
    dates = pd.to_datetime(calls["date"], errors="coerce")
    if dates.isna().any():
        raise DataError(f"{calls_path.name}: some roll-call dates are missing or not dates.")
    info = pd.DataFrame(
        {
            "date": dates.values,
            "session": calls["session"].astype("int64").values,
            "important": calls["importantvote"].astype(float).eq(1).values,
        },
        index=calls["rcid"].values,
    )
    frame = frame.join(info, on="rcid")
    frame["year"] = frame["date"].dt.year

    codes = issues["short_name"].astype(str)
    unknown_issues = sorted(set(codes) - set(ISSUES))
    if unknown_issues:
        raise DataError(f"{issues_path.name}: issue codes {unknown_issues} are not known.")
    for code, column in ISSUES.items():
        rcids = set(issues.loc[codes.eq(code), "rcid"].astype("int64"))
        frame[column] = frame["rcid"].isin(rcids)
    # Sorted by state first: a pair's votes sit in a few row groups (ingest.build.ROW_GROUP_ROWS).
    return finish("unga_votes", frame, ["iso3", "rcid", "country"])


def _unmangle(text: str) -> str:
    """'SÃ£o TomÃ© & PrÃ\xadncipe' -> 'São Tomé & Príncipe' (UTF-8 read as Latin-1)."""
    try:
        return text.encode("latin-1").decode("utf-8") if "Ã" in text else text
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


# The file's iso3c differs from the COW code's state in these known cases, all resolved in
# favour of countries.from_cow(): the Soviet Union is 'RUS' before 1992, Serbia is 'YUG' to 2024,
# and both Yemens (678 North, 680 South) are 'YAR'.
KNOWN_RELABELS = {(365, "RUS"), (345, "YUG"), (678, "YAR"), (680, "YAR")}


def parse_ideal_points(path: Path) -> pd.DataFrame:
    require(path, "UNGA ideal points")
    try:
        raw = pd.read_stata(path)
    except Exception as exc:
        raise DataError(
            f"{path.name} cannot be read as a Stata file ({type(exc).__name__}); "
            "the file is truncated or not a .dta."
        ) from None
    columns = ["ccode", "iso3c", "countryname", "year", "idealpointfp", "q5fp", "q95fp",
               "idealpointall", "nvotesfp"]  # fmt: skip
    _need(raw, columns, path)
    iso3: list[str] = []
    relabelled: list[bool] = []
    for code, given, year in raw[["ccode", "iso3c", "year"]].itertuples(index=False):
        try:
            found = countries.from_cow(int(code), int(year))
        except UnknownCountryError as exc:
            raise DataError(f"{path.name}: {exc}") from None
        if found is None:
            raise DataError(f"{path.name}: COW code {code} has no ISO3 code.")
        differs = bool(given) and given != found
        if differs and (int(code), given) not in KNOWN_RELABELS:
            raise DataError(
                f"{path.name}: ccode {code} ({year:.0f}) maps to {found} but iso3c says {given}."
            )
        iso3.append(found)
        relabelled.append(differs)
    names = raw["countryname"].astype(str).map(_unmangle)
    names = [
        countries.name(code) if (not name or moved) else name
        for name, code, moved in zip(names, iso3, relabelled, strict=True)
    ]
    frame = pd.DataFrame(
        {
            "iso3": iso3,
            "country": names,
            "year": raw["year"].astype("int64"),
            "ideal_point": raw["idealpointfp"].astype("float64"),
            "q5": raw["q5fp"].astype("float64"),
            "q95": raw["q95fp"].astype("float64"),
            "ideal_point_all": raw["idealpointall"].astype("float64"),
            "votes": raw["nvotesfp"],
        }
    )
    frame["ccode"] = raw["ccode"].astype("int64")
    if frame.duplicated(["ccode", "year"]).any():
        dup = frame[frame.duplicated(["ccode", "year"], keep=False)].iloc[0]
        raise DataError(f"{path.name}: COW code {dup.ccode} {dup.year} appears twice.")
    return finish("unga_ideal_points", frame, ["iso3", "year", "ccode"])
