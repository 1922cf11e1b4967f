"""The tidy tables' columns: the contract between ingest (writer) and analysis (reader).

Each entry: column -> (dtype, meaning). dtypes are pandas dtypes: "string", "Int64" (nullable
integer), "float64", "boolean", "datetime64[ns]". ISO3 columns are null only for actors that are
not states (rebel groups, organisations, unknown suppliers, regional aggregates); such rows keep
their publisher's name in the name column and say what they are in an `*_kind` column.
`datasets.load(name)` checks every processed table against this contract with pandera.
"""

from __future__ import annotations

Column = tuple[str, str]

ACTOR_KINDS = ("state", "historical_state", "non_state", "organisation", "unknown", "aggregate")

DERIVED: dict[str, str] = {"unga_agreement": "unga_votes"}
"""Tables computed from another table at `data build` time (name -> the table it is built from):
checked and catalogued like the others, but a report lists and cites the table they come from."""

TABLES: dict[str, dict[str, Column]] = {
    "arms_transfers": {
        "supplier": ("string", "Supplier as named by SIPRI"),
        "supplier_iso3": ("string", "Supplier ISO3 (null for non-state/unknown suppliers)"),
        "supplier_kind": ("string", "state, historical_state, non_state, organisation or unknown"),
        "recipient": ("string", "Recipient as named by SIPRI"),
        "recipient_iso3": ("string", "Recipient ISO3 (null for non-state recipients)"),
        "recipient_kind": ("string", "Actor kind of the recipient"),
        "order_year": ("Int64", "Year of order"),
        "order_year_uncertain": ("boolean", "SIPRI '?' flag on the order year"),
        "number_ordered": ("float64", "Number of items ordered"),
        "number_ordered_uncertain": ("boolean", "SIPRI '?' flag on the number ordered"),
        "designation": ("string", "Weapon designation"),
        "description": ("string", "SIPRI weapon description"),
        "category": ("string", "Reader-facing weapon category (see ingest/weapon_categories.py)"),
        "number_delivered": ("float64", "Number of items delivered so far"),
        "number_delivered_uncertain": ("boolean", "SIPRI '?' flag on the number delivered"),
        "delivery_years": ("string", "Delivery years as SIPRI lists them, '; '-separated"),
        "first_delivery_year": ("Int64", "First delivery year"),
        "last_delivery_year": ("Int64", "Last delivery year"),
        "status": ("string", "New, Second hand, etc."),
        "comments": ("string", "SIPRI comments (free text; escape before showing)"),
        "tiv_unit": ("float64", "SIPRI TIV per unit (TIV millions)"),
        "tiv_order": ("float64", "SIPRI TIV for the total order (TIV millions)"),
        "tiv_delivered": ("float64", "SIPRI TIV of delivered weapons (TIV millions)"),
    },
    "arms_deliveries": {
        "deal_id": ("Int64", "SIPRI AT Database ID"),
        "supplier": ("string", "Supplier as named by SIPRI"),
        "supplier_iso3": ("string", "Supplier ISO3 (null for non-state/unknown)"),
        "supplier_kind": ("string", "Actor kind of the supplier"),
        "recipient": ("string", "Recipient as named by SIPRI"),
        "recipient_iso3": ("string", "Recipient ISO3 (null for non-state)"),
        "recipient_kind": ("string", "Actor kind of the recipient"),
        "designation": ("string", "Weapon designation (SIPRI's newer naming)"),
        "description": ("string", "SIPRI weapon description"),
        "armament_category": ("string", "SIPRI armament category"),
        "category": ("string", "Reader-facing weapon category"),
        "order_year": ("Int64", "Order year"),
        "order_year_estimate": ("boolean", "Order date is a SIPRI estimate"),
        "year": ("Int64", "Delivery year"),
        "year_estimate": ("boolean", "Delivery year is a SIPRI estimate"),
        "number_delivered": ("float64", "Numbers delivered in this year"),
        "number_delivered_estimate": ("boolean", "Number delivered is a SIPRI estimate"),
        "status": ("string", "New, Second hand, ..."),
        "tiv_unit_base": ("float64", "SIPRI estimate: base TIV of one unit"),
        "tiv_unit": ("float64", "TIV deal unit applied to this deal"),
        "tiv": ("float64", "TIV delivered in this year (TIV millions)"),
        "local_production": ("boolean", "Produced under licence in the recipient"),
    },
    "arms_tiv_totals": {
        "country": ("string", "Country as named by SIPRI"),
        "iso3": ("string", "ISO3 (null for non-state entries)"),
        "kind": ("string", "Actor kind"),
        "direction": ("string", "imports or exports"),
        "year": ("Int64", "Year"),
        "tiv": ("float64", "TIV millions, rounded by SIPRI"),
        "below_half": ("boolean", "SIPRI printed 0: more than 0 but less than 0.5"),
    },
    "military_expenditure": {
        "country": ("string", "Country as named by SIPRI"),
        "iso3": ("string", "ISO3"),
        "year": ("Int64", "Year"),
        "constant_usd_m": ("float64", "US$ m at constant 2022 prices (April 2024 release)"),
        "current_usd_m": ("float64", "US$ m current (April 2024 release)"),
        "share_gdp_pct": ("float64", "Military expenditure as % of GDP"),
        "release": ("string", "SIPRI release the row comes from"),
    },
    "trade": {
        "reporter": ("string", "Reporting economy, IMF naming"),
        "reporter_iso3": ("string", "Reporter ISO3"),
        "partner": ("string", "Partner economy or aggregate, IMF naming"),
        "partner_iso3": ("string", "Partner ISO3 (null for aggregates such as World)"),
        "partner_kind": ("string", "state, historical_state or aggregate"),
        "flow": ("string", "exports (FOB) or imports (CIF), as reported by the reporter"),
        "year": ("Int64", "Year"),
        "value_usd_m": ("float64", "US$ millions"),
        "estimate": ("boolean", "IMF estimate flag (' e')"),
        "source": ("string", "Dataset edition"),
        "reporter_kind": ("string", "state, historical_state or aggregate (IMF group reporters)"),
    },
    "trade_press": {
        "period": ("string", "Period the figure covers, as quoted"),
        "agency": ("string", "Statistical agency quoted"),
        "metric": ("string", "What the figure measures"),
        "value": ("float64", "Value"),
        "unit": ("string", "Unit"),
        "publisher": ("string", "Publication quoting it"),
        "published": ("string", "Publication date"),
        "url": ("string", "Address of the article"),
        "note": ("string", "Caveat (e.g. SUSPECT)"),
        "suspect": ("boolean", "Flagged as a likely error in the provenance notes"),
        "value_qualifier": (
            "string",
            "'>' or '<' when the quote gives only a bound ('>1700'), else null",
        ),
    },
    "oil_press": {
        "period": ("string", "Period the figure covers"),
        "agency": ("string", "Agency quoted"),
        "exporter": ("string", "Exporter"),
        "destination": ("string", "Destination"),
        "metric": ("string", "What the figure measures"),
        "value": ("float64", "Value"),
        "unit": ("string", "Unit"),
        "publisher": ("string", "Publication quoting it"),
        "published": ("string", "Publication date"),
        "url": ("string", "Address of the article"),
        "note": ("string", "Caveat"),
        "value_text": (
            "string",
            "The quote itself where the source gives words, not a number (unit 'text')",
        ),
    },
    "fuel_imports_share": {
        "iso3": ("string", "ISO3"),
        "year": ("Int64", "Year"),
        "fuel_share_pct": (
            "float64",
            "Fuel imports, % of merchandise imports (WDI TM.VAL.FUEL.ZS.UN)",
        ),
    },
    "conflicts": {
        "conflict_id": ("Int64", "UCDP conflict id"),
        "location": ("string", "Location"),
        "side_a": ("string", "Side A"),
        "side_a_2nd": ("string", "Secondary supporters of side A"),
        "side_b": ("string", "Side B"),
        "side_b_2nd": ("string", "Secondary supporters of side B"),
        "incompatibility": ("Int64", "1 territory, 2 government, 3 both"),
        "territory_name": ("string", "Territory"),
        "year": ("Int64", "Year"),
        "intensity_level": ("Int64", "1 minor (25-999 deaths), 2 war (1000+)"),
        "type_of_conflict": (
            "Int64",
            "1 extrasystemic, 2 interstate, 3 intrastate, 4 internationalised",
        ),
        "start_date": ("datetime64[ns]", "Start date"),
        "ep_end": ("boolean", "Episode ended this year"),
        "ep_end_date": ("datetime64[ns]", "Episode end date"),
        "gwno_a": ("string", "Gleditsch-Ward codes of side A (comma-separated)"),
        "gwno_b": ("string", "Gleditsch-Ward codes of side B"),
        "primary_iso3": ("string", "ISO3 codes of primary state parties, ';'-separated"),
        "version": ("string", "UCDP version"),
    },
    "battle_deaths": {
        "conflict_id": ("Int64", "UCDP conflict id"),
        "dyad_id": ("Int64", "UCDP dyad id"),
        "location": ("string", "Location of incompatibility"),
        "side_a": ("string", "Side A"),
        "side_b": ("string", "Side B"),
        "side_b_2nd": ("string", "Secondary supporters of side B"),
        "territory_name": ("string", "Territory"),
        "year": ("Int64", "Year"),
        "best": ("Int64", "Best estimate of battle-related deaths"),
        "low": ("Int64", "Low estimate"),
        "high": ("Int64", "High estimate"),
        "type_of_conflict": ("Int64", "UCDP type of conflict"),
        "battle_location": ("string", "Where the fighting took place"),
        "primary_iso3": ("string", "ISO3 of the primary state parties, ';'-separated"),
        "version": ("string", "UCDP version"),
    },
    "mids": {
        "dispnum": ("Int64", "COW dispute number"),
        "ccode": ("Int64", "COW country code"),
        "iso3": ("string", "ISO3 of the participant"),
        "side_a": ("boolean", "On side A (initiator side)"),
        "start_year": ("Int64", "Participant start year"),
        "end_year": ("Int64", "Participant end year"),
        "hostlev": ("Int64", "Highest hostility level (1-5)"),
        "hiact": ("Int64", "Highest action"),
        "fatality": ("Int64", "Fatality level (-9 missing)"),
        "orig": ("boolean", "Originator"),
        "stabb": ("string", "COW state abbreviation (identifies states without an ISO3)"),
        "dispute_start_year": ("Int64", "Dispute start year (MIDA)"),
        "dispute_end_year": ("Int64", "Dispute end year (MIDA)"),
        "dispute_hostlev": ("Int64", "Highest hostility level of the whole dispute (MIDA)"),
        "dispute_fatality": ("Int64", "Fatality level of the whole dispute (MIDA; null = -9)"),
        "outcome": ("Int64", "Dispute outcome code (MIDA)"),
    },
    "terrorism": {
        "country": ("string", "Entity as named by OWID"),
        "iso3": ("string", "ISO3 (null for regions)"),
        "year": ("Int64", "Year"),
        "incidents": ("float64", "Terrorist incidents (GTD)"),
        "fatalities": ("float64", "Deaths from terrorism (GTD)"),
        "injuries": ("float64", "Non-fatal injuries (GTD)"),
    },
    "political_violence": {
        "country": ("string", "Country as named by ACLED"),
        "iso3": ("string", "ISO3"),
        "year": ("Int64", "Year"),
        "events": ("Int64", "Political-violence events"),
        "fatalities": ("Int64", "Reported fatalities"),
        "partial_year": ("boolean", "Year not complete in this release"),
    },
    "unga_votes": {
        "rcid": ("Int64", "Roll-call id"),
        "iso3": ("string", "ISO3 of the voting state"),
        "country": ("string", "Country as named in the dataset"),
        "vote": ("string", "yes, abstain or no"),
        "date": ("datetime64[ns]", "Date of the vote"),
        "year": ("Int64", "Year of the vote"),
        "session": ("Int64", "UNGA session"),
        "important": ("boolean", "US State Department 'important vote'"),
        "middle_east": ("boolean", "Issue: Palestinian conflict (me)"),
        "nuclear": ("boolean", "Issue: nuclear weapons (nu)"),
        "disarmament": ("boolean", "Issue: arms control and disarmament (di)"),
        "human_rights": ("boolean", "Issue: human rights (hr)"),
        "colonialism": ("boolean", "Issue: colonialism (co)"),
        "development": ("boolean", "Issue: economic development (ec)"),
    },
    "unga_agreement": {
        "iso3": ("string", "ISO3 of a state"),
        "other_iso3": ("string", "ISO3 of the other state"),
        "year": ("Int64", "Year of the roll calls"),
        "votes": ("Int64", "Roll calls on which both states voted yes, abstain or no"),
        "score": (
            "float64",
            "Sum of their agreement scores (1 same vote, 0.5 one abstains, 0 opposed); "
            "agreement = score / votes",
        ),
    },
    "unga_ideal_points": {
        "iso3": ("string", "ISO3"),
        "country": ("string", "Country name"),
        "year": ("Int64", "Calendar year"),
        "ideal_point": ("float64", "Ideal point, final-passage votes (idealpointfp)"),
        "q5": ("float64", "5% posterior quantile"),
        "q95": ("float64", "95% posterior quantile"),
        "ideal_point_all": ("float64", "Ideal point, all votes (idealpointall)"),
        "votes": ("Int64", "Number of final-passage votes"),
        "ccode": ("Int64", "COW code (1990: both 255 Germany and 260 West Germany map to DEU)"),
    },
    "gdp": {
        "country": ("string", "World Bank name"),
        "iso3": ("string", "ISO3 (null for aggregates)"),
        "year": ("Int64", "Year"),
        "gdp_usd": ("float64", "GDP, current US$"),
    },
    "population": {
        "country": ("string", "World Bank name"),
        "iso3": ("string", "ISO3 (null for aggregates)"),
        "year": ("Int64", "Year"),
        "population": ("float64", "Population, total"),
    },
    "events": {
        "event_id": ("string", "EV001..."),
        "date": ("datetime64[ns]", "Start date (first of month/year when less precise)"),
        "date_precision": ("string", "day, month or year"),
        "end_date": ("datetime64[ns]", "End date of multi-day events"),
        "year": ("Int64", "Year of the start date"),
        "category": ("string", "Event category"),
        "theme": ("string", "Analytical theme"),
        "actors": ("string", "ISO3 codes, ';'-separated"),
        "title": ("string", "Short label (escape before showing)"),
        "description": ("string", "What happened"),
        "source_urls": ("string", "Supporting pages, ';'-separated"),
        "in_source_paper": ("boolean", "Named in the source paper"),
        "confidence": ("string", "confirmed or paper-only"),
    },
    "country_outlines": {
        "iso3": ("string", "ISO3 (null for features without an ISO code, e.g. Kosovo)"),
        "name": ("string", "Natural Earth short name"),
        "polygon": ("Int64", "Polygon number within the country (0, 1, ...)"),
        "ring": ("Int64", "Ring within the polygon: 0 = outer boundary, 1+ = holes"),
        "point": ("Int64", "Point order along the ring"),
        "lon": ("float64", "Longitude, decimal degrees (WGS84)"),
        "lat": ("float64", "Latitude, decimal degrees (WGS84)"),
    },
}


# pandas dtype -> Arrow type names a Parquet file may store it as (checked from the file's footer).
ARROW_TYPES = {
    "string": ("string", "large_string"),
    "Int64": ("int8", "int16", "int32", "int64"),
    "float64": ("double",),
    "boolean": ("bool",),
    "datetime64[ns]": ("timestamp[ns]", "timestamp[us]", "timestamp[ms]", "timestamp[s]"),
}


def column_problem(name: str, columns: list[str], types: list[str] | None = None) -> str | None:
    """What is wrong with a table's columns (names, order, Arrow types) against TABLES, in a few
    words, or None. Cheap: no pandas, only the column names (and Arrow type names) of the file."""
    expected = list(TABLES[name])
    missing = [c for c in expected if c not in columns]
    if missing:
        return f"column {missing[0]!r} is missing" + (
            f", and {len(missing) - 1} more" if len(missing) > 1 else ""
        )
    extra = [c for c in columns if c not in TABLES[name]]
    if extra:
        return f"column {extra[0]!r} is not in the schema" + (
            f", and {len(extra) - 1} more" if len(extra) > 1 else ""
        )
    if columns != expected:
        return "its columns are not in the schema's order"
    for column, found in zip(columns, types or (), strict=False):
        dtype = TABLES[name][column][0]
        if found not in ARROW_TYPES.get(dtype, (found,)):
            return f"column {column!r} holds {found} values instead of {dtype}"
    return None
