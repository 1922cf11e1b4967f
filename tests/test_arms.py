"""Arms-trade analysis: hand-computed expectations on small frames, then checks on the real data.

The small frames follow the column contract (schemas.TABLES) exactly; `datasets.validate` checks
them, so a change to the contract shows up here too.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from strategic_ties import datasets
from strategic_ties.analysis import arms
from strategic_ties.errors import UnknownCountryError
from strategic_ties.schemas import TABLES
from strategic_ties.wording import arms as arms_text

NAMES = {
    "AZE": "Azerbaijan",
    "ISR": "Israel",
    "RUS": "Russia",
    "TUR": "Turkiye",
    "IND": "India",
    "ARM": "Armenia",
    None: "unknown supplier(s)",
}
UAV = "UAVs and loitering munitions"


def _frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """A frame with exactly the table's columns and dtypes; unspecified cells are missing."""
    spec = TABLES[table]
    data = {}
    for column, (dtype, _meaning) in spec.items():
        values = [row.get(column) for row in rows]
        # The loader gives Arrow-backed strings (datasets.load); fixtures do the same.
        kind = pd.StringDtype("pyarrow") if dtype == "string" else dtype
        data[column] = pd.Series(values, dtype=kind)
    frame = pd.DataFrame(data)
    datasets.validate(table, frame)
    return frame


def _delivery(deal, supplier, recipient, year, tiv, category, *, year_est=False, num_est=False):
    return {
        "deal_id": deal,
        "supplier": NAMES[supplier],
        "supplier_iso3": supplier,
        "supplier_kind": "state" if supplier else "unknown",
        "recipient": NAMES[recipient],
        "recipient_iso3": recipient,
        "recipient_kind": "state",
        "designation": f"Weapon {deal}",
        "description": "test item",
        "armament_category": "Other",
        "category": category,
        "order_year": year - 1,
        "order_year_estimate": False,
        "year": year,
        "year_estimate": year_est,
        "number_delivered": 1.0,
        "number_delivered_estimate": num_est,
        "status": "New",
        "tiv_unit_base": tiv,
        "tiv_unit": tiv,
        "tiv": tiv,
        "local_production": False,
    }


@pytest.fixture
def deliveries() -> pd.DataFrame:
    rows = [
        _delivery(1, "ISR", "AZE", 2016, 10.0, UAV),
        _delivery(1, "ISR", "AZE", 2017, 20.0, UAV, year_est=True),
        _delivery(2, "ISR", "AZE", 2017, 30.0, "Ships"),
        _delivery(3, "RUS", "AZE", 2016, 40.0, "Armoured vehicles"),
        _delivery(4, "TUR", "AZE", 2019, 15.0, "Artillery", num_est=True),
        _delivery(5, None, "AZE", 2018, 5.0, "Other"),
        _delivery(6, "ISR", "IND", 2017, 100.0, "Air defence"),
        _delivery(7, "RUS", "ARM", 2018, 50.0, "Artillery"),
        _delivery(8, "ISR", "AZE", 2021, 0.0, "Other"),
        _delivery(9, "RUS", "AZE", 2012, 60.0, "Aircraft"),
    ]
    return _frame("arms_deliveries", rows)


def _deal(supplier, recipient, order_year, designation, **more):
    row = {
        "supplier": NAMES[supplier],
        "supplier_iso3": supplier,
        "supplier_kind": "state",
        "recipient": NAMES[recipient],
        "recipient_iso3": recipient,
        "recipient_kind": "state",
        "order_year": order_year,
        "order_year_uncertain": False,
        "number_ordered_uncertain": False,
        "number_delivered_uncertain": False,
        "designation": designation,
        "description": "test item",
        "category": "Other",
        "status": "New",
    }
    row.update(more)
    return row


@pytest.fixture
def register() -> pd.DataFrame:
    rows = [
        _deal(
            "ISR",
            "AZE",
            2011,
            "Hermes-450",
            order_year_uncertain=True,
            number_ordered=5.0,
            number_ordered_uncertain=True,
            number_delivered=5.0,
            delivery_years="2011; 2012; 2013; 2016",
            first_delivery_year=2011,
            last_delivery_year=2016,
            tiv_unit=2.0,
            tiv_order=10.0,
            tiv_delivered=10.0,
        ),
        _deal("ISR", "AZE", 2023, "OptSat-500", number_ordered=1.0, tiv_order=30.0),
        _deal(
            "ISR",
            "AZE",
            1998,
            "Early item",
            number_ordered=2.5,
            number_delivered=2.5,
            number_delivered_uncertain=True,
            delivery_years="1999",
            first_delivery_year=1999,
            last_delivery_year=1999,
            tiv_delivered=1.25,
        ),
        _deal("RUS", "ARM", 2015, "Iskander", number_ordered=4.0, delivery_years="2016"),
    ]
    return _frame("arms_transfers", rows)


# --- small frames, hand-computed ----------------------------------------------------------


def test_supplier_shares_in_a_window(deliveries):
    out = arms.supplier_shares("Azerbaijan", 2016, 2020, data=deliveries)
    # ISR 10+20+30 = 60, RUS 40, TUR 15, unknown 5: total 120.
    assert list(out.columns) == ["supplier", "supplier_iso3", "tiv", "share", "rank"]
    assert list(out["supplier"]) == ["Israel", "Russia", "Türkiye", "unknown supplier(s)"]
    assert list(out["tiv"]) == [60.0, 40.0, 15.0, 5.0]
    assert out["share"].tolist() == pytest.approx([0.5, 40 / 120, 0.125, 5 / 120])
    assert list(out["rank"]) == [1, 2, 3, 4]
    assert pd.isna(out["supplier_iso3"].iloc[3])


def test_supplier_shares_accept_iso3_any_case(deliveries):
    by_name = arms.supplier_shares("Azerbaijan", 2012, 2021, data=deliveries)
    by_code = arms.supplier_shares("aze", 2012, 2021, data=deliveries)
    pd.testing.assert_frame_equal(by_name, by_code)
    # RUS 60 + 40 = 100 of 180; the zero-TIV 2021 delivery adds nothing.
    assert by_name.loc[0, "supplier"] == "Russia"
    assert by_name.loc[0, "share"] == pytest.approx(100 / 180)
    assert by_name["tiv"].sum() == pytest.approx(180.0)


def test_client_shares(deliveries):
    out = arms.client_shares("ISR", 2016, 2020, data=deliveries)
    assert list(out.columns) == ["recipient", "recipient_iso3", "tiv", "share", "rank"]
    assert list(out["recipient_iso3"]) == ["IND", "AZE"]
    assert out["share"].tolist() == pytest.approx([100 / 160, 60 / 160])
    assert list(out["rank"]) == [1, 2]


def test_shares_empty_when_nothing_delivered(deliveries):
    out = arms.supplier_shares("Iceland", 2012, 2021, data=deliveries)
    assert out.empty
    assert list(out.columns) == ["supplier", "supplier_iso3", "tiv", "share", "rank"]


def test_unknown_country_is_one_clear_error(deliveries):
    with pytest.raises(UnknownCountryError, match="not a known country"):
        arms.supplier_shares("Atlantis", 2012, 2021, data=deliveries)


def test_deliveries_by_year_fills_years_and_marks_estimates(deliveries):
    out = arms.deliveries_by_year("Israel", "Azerbaijan", 2015, 2021, data=deliveries)
    assert list(out.columns) == ["year", "tiv", "deals", "tiv_estimated", "estimated"]
    assert list(out["year"]) == list(range(2015, 2022))
    assert list(out["tiv"]) == [0.0, 10.0, 50.0, 0.0, 0.0, 0.0, 0.0]
    assert list(out["deals"]) == [0, 1, 2, 0, 0, 0, 1]  # 2021: a delivery with zero TIV
    assert list(out["tiv_estimated"]) == [0.0, 0.0, 20.0, 0.0, 0.0, 0.0, 0.0]
    assert list(out["estimated"]) == [False, False, True, False, False, False, False]


def test_deliveries_by_year_starts_where_the_data_start(deliveries):
    out = arms.deliveries_by_year("ISR", "AZE", 1990, 2030, data=deliveries)
    assert (int(out["year"].min()), int(out["year"].max())) == (2012, 2021)
    assert arms.coverage(data=deliveries) == (2012, 2021)
    assert arms.latest_year(data=deliveries) == 2021


def test_deliveries_by_year_no_transfers(deliveries):
    out = arms.deliveries_by_year("Iceland", "Azerbaijan", 2012, 2021, data=deliveries)
    assert len(out) == 10
    assert out["tiv"].sum() == 0 and out["deals"].sum() == 0


def test_number_delivered_estimate_marks_a_year(deliveries):
    out = arms.deliveries_by_year("Türkiye", "AZE", 2019, 2019, data=deliveries)
    assert out.to_dict("records") == [
        {"year": 2019, "tiv": 15.0, "deals": 1, "tiv_estimated": 15.0, "estimated": True}
    ]


def test_periods_aligned_on_the_last_year():
    out = arms.periods(2012, 2021, 5)
    assert list(out["period"]) == ["2012–2016", "2017–2021"]
    assert not out["partial"].any()
    cut = arms.periods(2010, 2021, 5)
    assert list(cut["period"]) == ["2010–2011", "2012–2016", "2017–2021"]
    assert list(cut["partial"]) == [True, False, False]
    assert list(arms.periods(2022, 2024, 1)["period"]) == ["2022", "2023", "2024"]
    with pytest.raises(ValueError):
        arms.periods(2000, 2024, 0)


def test_partner_share_by_period(deliveries):
    out = arms.partner_share_by_period("Israel", "Azerbaijan", 2012, 2021, 5, data=deliveries)
    assert list(out.columns) == ["period", "start", "end", "tiv", "total", "share", "rank"]
    # 2012-2016: RUS 60 + 40, ISR 10 -> 10/110, rank 2. 2017-2021: ISR 50, TUR 15, unknown 5.
    assert list(out["tiv"]) == [10.0, 50.0]
    assert list(out["total"]) == [110.0, 70.0]
    assert out["share"].tolist() == pytest.approx([10 / 110, 50 / 70])
    assert list(out["rank"]) == [2, 1]


def test_partner_share_by_period_without_deliveries(deliveries):
    none = arms.partner_share_by_period("United States", "AZE", 2012, 2021, 5, data=deliveries)
    assert list(none["tiv"]) == [0.0, 0.0]
    assert list(none["share"]) == [0.0, 0.0]
    assert none["rank"].isna().all()
    nothing = arms.partner_share_by_period("ISR", "Iceland", 2012, 2021, 5, data=deliveries)
    assert nothing["share"].isna().all() and list(nothing["total"]) == [0.0, 0.0]


def test_client_share_by_period(deliveries):
    out = arms.client_share_by_period("ISR", "AZE", 2012, 2021, 5, data=deliveries)
    assert out["share"].tolist() == pytest.approx([1.0, 50 / 150])
    assert list(out["rank"]) == [1, 2]


def test_supplier_shares_by_period_and_matrix(deliveries):
    by_period = arms.supplier_shares_by_period("AZE", 2012, 2021, 5, data=deliveries)
    assert set(by_period["period"]) == {"2012–2016", "2017–2021"}
    assert by_period.groupby("period")["share"].sum().tolist() == pytest.approx([1.0, 1.0])
    wide = arms.share_matrix(by_period, "supplier", top=2)
    # Over both periods RUS (100) and ISR (60) lead; Türkiye is among the latest period's three
    # largest, so it is named too; the unknown supplier (no state) is in Others.
    assert list(wide.columns) == ["Russia", "Israel", "Türkiye", "Others"]
    assert list(wide.index) == ["2012–2016", "2017–2021"]
    assert wide.loc["2012–2016"].tolist() == pytest.approx([100 / 110, 10 / 110, 0.0, 0.0])
    assert wide.loc["2017–2021"].tolist() == pytest.approx([0.0, 50 / 70, 15 / 70, 5 / 70])


def test_deliveries_by_category(deliveries):
    out = arms.deliveries_by_category("ISR", "AZE", 2012, 2021, data=deliveries)
    assert out[["year", "category", "tiv"]].values.tolist() == [
        [2016, UAV, 10.0],
        [2017, "Ships", 30.0],
        [2017, UAV, 20.0],
    ]
    totals = arms.category_totals(out)
    assert list(totals["category"]) == ["Ships", UAV]
    assert totals["share"].tolist() == pytest.approx([0.5, 0.5])
    assert totals.loc[1, ["first", "last"]].tolist() == [2016, 2017]
    assert arms.category_totals(out.iloc[0:0]).empty


def test_deals_and_register_table(register):
    out = arms.deals("Israel", "Azerbaijan", data=register)
    assert list(out["designation"]) == ["Early item", "Hermes-450", "OptSat-500"]
    assert list(out.columns) == list(TABLES["arms_transfers"])
    table = arms.register_table(out)
    assert list(table.columns) == arms.REGISTER_COLUMNS
    hermes = table.iloc[1].to_dict()
    assert hermes["Number ordered"] == "5?"
    assert hermes["Number delivered"] == "5"
    assert hermes["Order year"] == "2011?"
    assert hermes["Delivery years"] == "2011–2013, 2016"
    assert hermes["TIV delivered (millions)"] == 10.0
    early = table.iloc[0].to_dict()
    assert (early["Number ordered"], early["Number delivered"], early["Order year"]) == (
        "2.5",
        "2.5?",
        "1998",
    )
    optsat = table.iloc[2].to_dict()
    assert (optsat["Number delivered"], optsat["Delivery years"]) == ("", "")
    assert math.isnan(optsat["TIV delivered (millions)"])


def test_flags_and_undelivered(register):
    out = arms.deals("ISR", "AZE", data=register)
    assert arms.flag_summary(out) == {
        "deals": 3,
        "order_year": 1,
        "number_ordered": 1,
        "number_delivered": 1,
        "any": 2,
    }
    assert list(arms.undelivered(out)["designation"]) == ["OptSat-500"]
    assert arms.deals("Iceland", "AZE", data=register).empty


def test_compact_years():
    assert arms.compact_years("2011; 2012; 2013; 2016") == "2011–2013, 2016"
    assert arms.compact_years("2020") == "2020"
    assert arms.compact_years(None) == ""
    assert arms.compact_years(pd.NA) == ""


# --- the real processed data (committed under data/processed) -------------------------------


def test_real_israel_azerbaijan_total_matches_provenance():
    """PROVENANCE: Israel -> Azerbaijan delivered TIV is 894.15 in SIPRI's register and export."""
    years = arms.deliveries_by_year("Israel", "Azerbaijan", 1995, 2024)
    assert years["tiv"].sum() == pytest.approx(894.15, abs=0.05)
    register = arms.deals("ISR", "AZE")
    assert register["tiv_delivered"].sum() == pytest.approx(894.15, abs=0.05)
    assert len(register) == 32
    assert arms.latest_year() == 2024


def test_real_israel_share_2016_2020():
    """SIPRI's fact sheet quotes Israel at 69% of Azerbaijan's 2016-20 imports (older data
    version); the Feb-2026 export gives 697.45 of 1029.61 = 67.7%."""
    out = arms.supplier_shares("Azerbaijan", 2016, 2020)
    israel = out[out["supplier_iso3"] == "ISR"].iloc[0]
    assert israel["rank"] == 1
    assert israel["share"] == pytest.approx(0.677, abs=0.02)
    assert out["tiv"].sum() == pytest.approx(1029.61, abs=0.5)
    russia = arms.supplier_shares("AZE", 2011, 2015).iloc[0]
    assert (russia["supplier"], round(russia["share"], 3)) == ("Russia", 0.789)


def test_real_periods_and_categories():
    out = arms.partner_share_by_period("Israel", "Azerbaijan", 1995, 2024, 5)
    assert list(out["period"])[-2:] == ["2015–2019", "2020–2024"]
    assert out["tiv"].sum() == pytest.approx(894.15, abs=0.05)
    latest = out.iloc[-1]
    # PROVENANCE 2020-24: Israel 21.75 of 101.5, second after Türkiye.
    assert (latest["tiv"], latest["rank"]) == (pytest.approx(21.75, abs=0.01), 2)
    cats = arms.category_totals(arms.deliveries_by_category("ISR", "AZE", 1995, 2024))
    assert cats["tiv"].sum() == pytest.approx(894.15, abs=0.05)
    assert any("UAV" in c for c in cats["category"])


def test_real_other_pairs():
    assert arms.deliveries_by_year("Russia", "Armenia", 1995, 2024)["tiv"].sum() > 0
    assert arms.deliveries_by_year("Turkiye", "AZE", 1995, 2024)["tiv"].sum() > 0
    none = arms.deliveries_by_year("Iceland", "Azerbaijan", 1995, 2024)
    assert none["deals"].sum() == 0
    assert arms.deals("Iceland", "Azerbaijan").empty


def test_supplier_shares_for_and_comparison(deliveries):
    long = arms.supplier_shares_for(
        ["AZE", "Armenia", "Iceland"], [(2012, 2021), (2017, 2021)], data=deliveries
    )
    # Iceland imported nothing: no rows. Armenia: RUS 50 in 2018 (both windows).
    assert list(dict.fromkeys(long["recipient"] + " " + long["window"])) == [
        "Azerbaijan 2012–2021",
        "Azerbaijan 2017–2021",
        "Armenia 2012–2021",
        "Armenia 2017–2021",
    ]
    wide = arms.comparison_matrix(long, top=1)
    # Row leaders: RUS (AZE 2012-21, both ARM rows), ISR (AZE 2017-21). Volume: RUS 200, ISR 110.
    assert list(wide.columns) == ["Russia", "Israel", "Others"]
    assert wide.loc["Azerbaijan, 2017–2021"].tolist() == pytest.approx([0.0, 50 / 70, 20 / 70])
    assert wide.loc["Armenia, 2012–2021"].tolist() == pytest.approx([1.0, 0.0, 0.0])
    text = arms.leaders(long[long["recipient"] == "Azerbaijan"], "window", n=2)
    assert text["2012–2021"] == "Russia 56%, Israel 33%"
    assert text["2017–2021"] == "Israel 71%, Türkiye 21%"
    assert arms.comparison_matrix(long.iloc[0:0]).empty


def test_percent():
    assert [arms.percent(v) for v in (0.0, 0.004, 0.005, 0.677, 1.0)] == [
        "0%",
        "<1%",
        "<1%",  # 0.5% rounds (half to even) to 0%: still shown as '<1%', never as '0%'
        "68%",
        "100%",
    ]
    assert arms.percent(float("nan")) == ""


# --- wording and display tables of the report (hand-computed on the small frames) -----------


def test_words():
    assert [arms_text.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
        "111th",
    ]
    assert arms_text.ordinal(pd.NA) == ""
    assert (arms_text.possessive("Israel"), arms_text.possessive("the Bahamas")) == (
        "Israel's",
        "the Bahamas'",
    )
    assert arms_text.with_article("United States") == "the United States"
    assert arms_text.with_article("Israel") == "Israel"
    assert arms_text.capitalise("the United States") == "The United States"
    assert (
        arms_text.plural(1, "deal"),
        arms_text.plural(3, "deal"),
        arms_text.plural(0, "deal"),
    ) == (
        "1 deal",
        "3 deals",
        "0 deals",
    )
    assert arms_text.category_label("aircraft") == "Aircraft"
    assert arms_text.category_label(UAV) == UAV


def test_pair_names():
    names = arms_text.pair_names("United States", "Israel")
    assert names.fields() == {
        "partner_the": "the United States",
        "country_the": "Israel",
        "partner_s": "the United States'",
        "country_s": "Israel's",
        "Partner": "The United States",
        "Partner_s": "The United States'",
        "Country": "Israel",
        "Country_s": "Israel's",
    }


def test_report_window_and_caveat(deliveries):
    # The fixture's annual data cover 2012-2021.
    window = arms_text.report_window(2010, 2030, data=deliveries)
    assert (window.start, window.end, window.first, window.last) == (2012, 2021, 2012, 2021)
    assert window.has_data and window.label == "2012–2021"
    assert arms_text.coverage_caveat(window, 2010) == (
        "SIPRI's year-by-year delivery data begin in 2012: the annual and period figures below "
        "cover 2012–2021, not the years 2010–2011. The deal register (below) lists the "
        "deals ordered or delivered in those years too."
    )
    inside = arms_text.report_window(2015, 2020, data=deliveries)
    assert (inside.label, arms_text.coverage_caveat(inside, 2015)) == ("2015–2020", None)
    outside = arms_text.report_window(1990, 2000, data=deliveries)
    assert not outside.has_data and outside.label == "1990–2000"
    assert arms_text.coverage_caveat(outside, 1990) == (
        "SIPRI's year-by-year delivery data cover 2012–2021; none of the years 1990–2000 is "
        "among them, so no annual or period figures can be shown. The deal register (below) "
        "lists deals of every year."
    )


def test_empty_texts(deliveries):
    window = arms_text.report_window(2015, 2020, data=deliveries)
    assert arms_text.no_transfers_text("United States", "Iceland", window) == (
        "No transfers recorded for the United States to Iceland in SIPRI's database between "
        "2015 and 2020."
    )
    assert arms_text.no_imports_text("Iceland or its rivals", window) == (
        "No arms imports recorded for Iceland or its rivals in SIPRI's database between 2015 "
        "and 2020."
    )
    assert arms_text.no_exports_text("Iceland", window) == (
        "No arms exports recorded for Iceland in SIPRI's database between 2015 and 2020."
    )


def test_delivery_facts(deliveries):
    # RUS -> AZE: 60 in 2012 (one deal), 40 in 2016; none estimated; 40 of 100 after 2014.
    yearly = arms.deliveries_by_year("RUS", "AZE", 2012, 2021, data=deliveries)
    facts = arms_text.delivery_facts(yearly)
    assert facts == {
        "total": 100.0,
        "years": 2,
        "span": 10,
        "peak_year": 2012,
        "peak": 60.0,
        "peak_deals": "1 deal",
        "estimated": 0.0,
        "after_paper": pytest.approx(0.4),
    }
    # ISR -> AZE: 10 (2016) + 50 (2017, two deals, 20 of it estimated).
    israel = arms_text.delivery_facts(
        arms.deliveries_by_year("ISR", "AZE", 2015, 2021, data=deliveries)
    )
    assert (israel["peak_year"], israel["peak_deals"], israel["years"], israel["span"]) == (
        2017,
        "2 deals",
        2,
        7,
    )
    assert israel["estimated"] == pytest.approx(20 / 60)


def test_standing_table(deliveries):
    # AZE imports 2012-16: RUS 100, ISR 10 (110); 2017-21: ISR 50, TUR 15, unknown 5 (70).
    # 2007-11: nothing at all.
    standing = arms.partner_share_by_period("ISR", "AZE", 2007, 2021, 5, data=deliveries)
    by_period = arms.supplier_shares_by_period("AZE", 2007, 2021, 5, data=deliveries)
    table = arms_text.standing_table(
        standing, by_period, "supplier", total="AZE imports", part="From Israel"
    )
    assert table.to_dict("list") == {
        "Period": ["2007–2011", "2012–2016", "2017–2021"],
        "AZE imports": ["0", "110", "70"],
        "From Israel": ["0.0", "10.0", "50.0"],
        "Share": ["", "9%", "71%"],
        "Rank": ["", "2nd", "1st"],
        "Largest suppliers (share)": [
            "no imports recorded",
            "Russia 91%, Israel 9%",
            "Israel 71%, Türkiye 21%, unknown supplier(s) 7%",
        ],
    }
    clients = arms.client_share_by_period("ISR", "AZE", 2012, 2021, 5, data=deliveries)
    by_client = arms.client_shares_by_period("ISR", 2012, 2021, 5, data=deliveries)
    table = arms_text.standing_table(clients, by_client, "recipient", total="All", part="To AZE")
    # ISR exports 2012-16: AZE 10; 2017-21: IND 100, AZE 50.
    assert list(table.columns)[-1] == "Largest clients (share)"
    assert table["Rank"].tolist() == ["1st", "2nd"]
    assert table["Largest clients (share)"].tolist() == [
        "Azerbaijan 100%",
        "India 67%, Azerbaijan 33%",
    ]


def test_standing_facts(deliveries):
    overall = arms.supplier_shares("AZE", 2012, 2021, data=deliveries)  # RUS 100, ISR 60 of 180

    def facts(partner):
        standing = arms.partner_share_by_period(partner, "AZE", 2012, 2021, 5, data=deliveries)
        return arms_text.standing_facts(overall, standing, partner)

    assert facts("ISR") == {
        "delivered": True,
        "top": "Russia",
        "top_share": "56%",
        "partner_rank": "; Israel ranked 2nd with 33%",
        "best_period": "2017–2021",
        "best_share": "71%",
        "best_rank": "1st",
        "latest_period": "2017–2021",
        "latest_share": "71%",
        "latest_rank": ", ranked 1st",
    }
    russia = facts("RUS")  # the largest supplier; nothing in the latest period
    assert (russia["partner_rank"], russia["best_period"], russia["best_share"]) == (
        "",
        "2012–2016",
        "91%",
    )
    assert (russia["latest_share"], russia["latest_rank"]) == ("0%", "")
    assert facts("IND") == {"delivered": False, "top": "Russia", "top_share": "56%"}


def test_category_table_and_facts(deliveries):
    # ISR -> AZE: UAVs 10 (2016) + 20 (2017), ships 30 (2017): a tie, broken by name.
    totals = arms.category_totals(
        arms.deliveries_by_category("ISR", "AZE", 2012, 2021, data=deliveries)
    )
    assert arms_text.category_table(totals).to_dict("list") == {
        "Weapon category": ["Ships", UAV],
        "TIV millions": ["30.0", "30.0"],
        "Share": ["50%", "50%"],
        "First year": ["2017", "2016"],
        "Last year": ["2017", "2017"],
    }
    assert arms_text.category_facts(totals) == {
        "category": "ships",
        "share": "50%",
        "uav": "UAVs and loitering munitions made up 50% (TIV 30\u00a0m), delivered from 2016 to 2017.",
    }
    drones = arms.category_totals(
        arms.deliveries_by_category("ISR", "AZE", 2016, 2016, data=deliveries)
    )
    assert arms_text.category_facts(drones)["category"] == UAV  # not lower-cased
    russia = arms.category_totals(
        arms.deliveries_by_category("RUS", "AZE", 2012, 2021, data=deliveries)
    )
    assert arms_text.category_facts(russia) == {
        "category": "aircraft",
        "share": "60%",
        "uav": "SIPRI records no UAVs or loitering munitions in these deliveries.",
    }


def test_top_with():
    frame = pd.DataFrame({"recipient_iso3": ["AAA", "BBB", "CCC", "DDD", "EEE"], "tiv": range(5)})
    assert list(arms_text.top_with(frame, "recipient_iso3", "EEE", n=3)["recipient_iso3"]) == [
        "AAA",
        "BBB",
        "EEE",
    ]
    assert list(arms_text.top_with(frame, "recipient_iso3", "BBB", n=3)["recipient_iso3"]) == [
        "AAA",
        "BBB",
        "CCC",
    ]
    assert len(arms_text.top_with(frame, "recipient_iso3", "ZZZ", n=3)) == 3


def test_client_facts(deliveries):
    # ISR exports 2012-21: IND 100, AZE 60 (160); per period AZE 10 of 10, then 50 of 150.
    clients = arms.client_shares("ISR", 2012, 2021, data=deliveries)
    standing = arms.client_share_by_period("ISR", "AZE", 2012, 2021, 5, data=deliveries)
    assert arms_text.client_facts(clients, standing, "AZE") == {
        "listed": True,
        "n": 2,
        "top": "India",
        "top_share": "62%",  # 62.5% rounds half to even
        "share": "38%",  # whole percent, as best_share (was "37.5%" beside "100%")
        "rank": "2nd",
        "best_share": "100%",
        "best_period": "2012–2016",
        "best_rank": "1st",
    }
    armenia = arms.client_share_by_period("ISR", "ARM", 2012, 2021, 5, data=deliveries)
    assert arms_text.client_facts(clients, armenia, "ARM") == {
        "listed": False,
        "n": 2,
        "top": "India",
        "top_share": "62%",
    }


def test_register_facts(register):
    out = arms.deals("ISR", "AZE", data=register)
    assert arms_text.register_facts(out) == {
        "deals": 3,
        "first": 1998,
        "last": 2023,
        "tiv": 11.25,
        "flagged": 2,
        "order_year": 1,
        "number_ordered": 1,
        "number_delivered": 1,
        "pending": "1 order had no delivery by the register's date: OptSat-500.",
    }
    delivered = arms_text.register_facts(out[out["designation"] != "OptSat-500"])
    assert delivered["pending"] == "Every order had at least one delivery by the register's date."


def test_comparison_windows(deliveries):
    window = arms_text.report_window(2012, 2021, data=deliveries)
    assert arms_text.comparison_windows(window, 5) == [(2012, 2021), (2017, 2021)]
    assert arms_text.comparison_windows(window, 10) == [(2012, 2021)]


def test_rival_leaders_table(deliveries):
    table = arms_text.rival_leaders_table(["Armenia", "Iceland"], 2012, 2021, 5, data=deliveries)
    assert table.to_dict("list") == {
        "Rival": ["Armenia"],
        "Period": ["2017–2021"],
        "Imports (TIV millions)": [50.0],
        "Largest suppliers (share)": ["Russia 100%"],
    }
    assert arms_text.rival_leaders_table(["Iceland"], 2012, 2021, 5, data=deliveries).empty


def test_rival_sentences(deliveries):
    compared = arms.supplier_shares_for(
        ["AZE", "Armenia", "Iceland"], [(2012, 2021)], data=deliveries
    )
    assert arms_text.rival_sentences(compared, ["Armenia", "Iceland"], "2012–2021", "ISR") == (
        "Armenia's largest supplier in 2012–2021 was Russia (100% of TIV 50\u00a0m); Israel "
        "supplied nothing. SIPRI records no arms imports for Iceland in 2012–2021."
    )
    assert arms_text.rival_sentences(compared, ["Armenia"], "2012–2021", "RUS") == (
        "Armenia's largest supplier in 2012–2021 was Russia (100% of TIV 50\u00a0m)."
    )
    assert arms_text.rival_sentences(compared, ["Azerbaijan"], "2012–2021", "TUR") == (
        "Azerbaijan's largest supplier in 2012–2021 was Russia (56% of TIV 180\u00a0m); Türkiye "
        "supplied 8%."
    )


def test_limits_facts(register):
    out = arms.deals("ISR", "AZE", data=register)  # first deliveries 1999, 2011 and none
    assert arms_text.limits_facts(out, 2012, "Israel", "Azerbaijan") == {
        "before": "2 deals between them had deliveries before 2012; those appear only in "
        "SIPRI's deal register, not in the annual figures.",
        "small_arms": "no deals from Israel to Azerbaijan",
    }
    rifles = out.assign(description=pd.Series(["assault rifle", "x", "x"], dtype="string"))
    facts = arms_text.limits_facts(rifles, 1990, "United States", "Israel")
    assert facts == {
        "before": "The register holds no United States–Israel deliveries before 1990.",
        "small_arms": "1 deal from the United States to Israel",
    }
    assert arms_text.limits_facts(out.iloc[0:0], 2012, "Israel", "Azerbaijan")["small_arms"] == (
        "no deals from Israel to Azerbaijan"
    )


def test_deals_in_window_keeps_deals_ordered_or_delivered_inside() -> None:
    register = pd.DataFrame(
        {
            "order_year": [1950, 1990, 2015, None],
            "delivery_years": ["1951; 1952", "1990; 1993", None, "2021"],
        }
    )
    shown, earlier = arms.deals_in_window(register, 1992, 2024)
    assert shown["order_year"].tolist()[:2] == [1990, 2015]  # delivered 1993; ordered 2015
    assert len(shown) == 3 and earlier == 1  # the 1950 deal is wholly before 1992


@pytest.mark.parametrize(
    ("by_period", "shares", "party"),
    [
        (arms.supplier_shares_by_period, arms.supplier_shares, "AZE"),
        (arms.supplier_shares_by_period, arms.supplier_shares, "IND"),
        (arms.supplier_shares_by_period, arms.supplier_shares, "ARM"),
        (arms.client_shares_by_period, arms.client_shares, "ISR"),
        (arms.client_shares_by_period, arms.client_shares, "RUS"),
    ],
)
def test_shares_by_period_are_each_periods_shares_on_the_real_data(by_period, shares, party):
    """The per-period frames (columns converted once for all periods) equal the shares of each
    period computed on their own, exactly, partial first periods included."""
    frame = datasets.load("arms_deliveries")
    for start_year, end_year, years in [(1995, 2024, 5), (2001, 2024, 3), (2020, 2024, 1)]:
        stacked = by_period(party, start_year, end_year, years, data=frame)
        table = arms.periods(start_year, end_year, years)
        expected = []
        for row in table.itertuples():
            part = shares(party, row.start, row.end, data=frame)
            if not part.empty:
                part.insert(0, "end", row.end)
                part.insert(0, "start", row.start)
                part.insert(0, "period", row.period)
                part["total"] = part["tiv"].sum()
                expected.append(part)
        assert len(expected) > 1
        pd.testing.assert_frame_equal(
            stacked, pd.concat(expected, ignore_index=True), check_exact=True
        )


def _by_period(rows: list[tuple[int, str, float]]) -> pd.DataFrame:
    """A hand-made `supplier_shares_by_period` frame: (start, supplier, tiv) rows."""
    frame = pd.DataFrame(rows, columns=["start", "supplier", "tiv"])
    frame["period"] = frame["start"].map(lambda s: f"{s}–{s + 4}")
    frame["supplier_iso3"] = frame["supplier"].str[:3].str.upper()
    frame["total"] = frame.groupby("start")["tiv"].transform("sum")
    frame["share"] = frame["tiv"] / frame["total"]
    return frame


def test_share_matrix_names_every_periods_three_largest_up_to_the_cap():
    # Azerbaijan's Bulgaria: 10% of 2000-2004, small overall; it must not hide in Others
    rows = [(2000, "Russia", 50.0), (2000, "Ukraine", 40.0), (2000, "Bulgaria", 10.0)]
    rows += [(2005, "Russia", 400.0), (2005, "Ukraine", 300.0), (2005, "Belarus", 200.0)]
    rows += [(2010, "Israel", 900.0), (2010, "Türkiye", 50.0), (2010, "Serbia", 30.0)]
    wide = arms.share_matrix(_by_period(rows), "supplier", top=3)
    # the three largest overall, then the latest period's, then the earlier periods' by share
    assert list(wide.columns) == [
        "Israel",
        "Russia",
        "Ukraine",
        "Türkiye",
        "Serbia",
        "Belarus",
        "Bulgaria",
    ]
    assert wide.loc["2000–2004", "Bulgaria"] == pytest.approx(0.1)
    # at most MAX_NAMED names: the smallest earlier leaders go to Others first
    many = [(1995 + 5 * i, f"Supplier {i}{j}", 10.0 - j) for i in range(5) for j in range(3)]
    capped = arms.share_matrix(_by_period(many), "supplier", top=3)
    assert len(capped.columns) == arms.MAX_NAMED + 1 and capped.columns[-1] == "Others"
    assert {"Supplier 40", "Supplier 41", "Supplier 42"} <= set(capped.columns)  # the latest
