"""`disputes.mids_between` (one join of the two states' rows) against the rule spelled out one
dispute at a time (its former implementation), on the real MID data."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from strategic_ties import datasets
from strategic_ties.analysis import disputes


def _by_dispute(frame: pd.DataFrame, a: str, b: str, start, end) -> pd.DataFrame:
    rows = frame[frame["iso3"].isin([a, b])]
    per_state = rows.groupby(["dispnum", "iso3"], as_index=False).agg(
        side_a=("side_a", "max"),
        start_year=("start_year", "min"),
        end_year=("end_year", "max"),
        hostlev=("hostlev", "max"),
        fatality=("fatality", "max"),
    )
    out = []
    for dispnum, group in per_state.groupby("dispnum"):
        if set(group["iso3"]) != {a, b} or group["side_a"].nunique() != 2:
            continue
        own = group.set_index("iso3")["hostlev"]
        first, last = int(group["start_year"].max()), int(group["end_year"].min())
        if first > last:
            first, last = int(group["start_year"].min()), int(group["end_year"].max())
        hostlev = int(group["hostlev"].max())
        out.append(
            {
                "dispnum": int(dispnum),
                "start_year": first,
                "end_year": last,
                "country_hostlev": own[a],
                "rival_hostlev": own[b],
                "hostlev": hostlev,
                "hostility": disputes.HOSTILITY.get(hostlev, str(hostlev)),
                "fatality": group["fatality"].where(group["fatality"] >= 0).max(),
            }
        )
    result = pd.DataFrame(out)
    if result.empty:
        return result
    keep = pd.Series(True, index=result.index)
    if start is not None:
        keep &= result["end_year"] >= start
    if end is not None:
        keep &= result["start_year"] <= end
    result = result[keep].sort_values(["start_year", "dispnum"], kind="stable")
    columns = {
        "dispnum": "Int64",
        "start_year": "Int64",
        "end_year": "Int64",
        "country_hostlev": "Int64",
        "rival_hostlev": "Int64",
        "hostlev": "Int64",
        "hostility": "string",
        "fatality": "Int64",
    }
    return result.astype(columns).reset_index(drop=True)


STATES = ["AZE", "ARM", "IRN", "RUS", "TUR", "USA", "IRQ"]


@pytest.mark.parametrize("span", [(None, None), (1992, 2014)])
def test_mids_between_follows_the_rule_on_the_real_data(span) -> None:
    frame = datasets.load("mids")
    found_any = 0
    for a, b in itertools.permutations(STATES, 2):
        expected = _by_dispute(frame, a, b, *span)
        found = disputes.mids_between(a, b, *span, data=frame)
        if expected.empty:
            assert found.empty
            continue
        found_any += len(found)
        pd.testing.assert_frame_equal(found, expected, check_exact=True)
    assert found_any > 30
