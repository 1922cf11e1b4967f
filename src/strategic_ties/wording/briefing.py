"""Reader sentences of the briefing: the key judgements (numbers from
`strategic_ties.analysis.judgements`), the claim ledger and the "data as of" table; every number
is written with `strategic_ties.fmt`."""

from __future__ import annotations

import pandas as pd

from strategic_ties import fmt, recency
from strategic_ties.analysis import judgements as rules
from strategic_ties.analysis import rivals as rivals_rule
from strategic_ties.analysis.judgements import Judgement
from strategic_ties.recency import STALE_YEARS, SmallBase

LEDGER_LEAD = (
    "The paper's statements, paraphrased, each tested by one rule (see the annex, which also "
    "sets its forward-looking points against what followed). *Not borne out by these data*: the data could have shown it and "
    "do not, without evidence against it. *Outside these data*: the datasets cannot test it. "
    "Neither means the claim is false."
)
DEVELOPMENTS_LEAD = (
    "The paper stops in 2014. The questions below are this project's, not claims of the paper; "
    "they are answered from the data without a verdict."
)


def intro_markdown(paper_pair: bool) -> str:
    """The briefing's opening paragraph; the source paper is named only for its own pair."""
    if not paper_pair:
        return (
            "The key numbers on the strategic ties between the partner and the country: who arms "
            "the country, how the two vote at the United Nations, what they trade, and the "
            "country's threats, each from public data, with the data's last year stated."
        )
    from strategic_ties.paper import PAPER_CITATION

    return (
        "The key numbers on the strategic ties between the partner and the country, what has "
        "changed since the source paper was written, and the paper's claims tested against "
        f"public data. The project builds on {PAPER_CITATION}."
    )


def ledger_summary(counts: dict[str, int]) -> str:
    """One sentence on the ledger's verdict counts (keys: the five verdicts)."""
    total = sum(counts.values())
    return (
        f"Of its {fmt.count(total, 'checked claim')}, {counts['supported']} are supported by the "
        f"data, {counts['partly supported']} partly supported, {counts['contradicted']} "
        f"contradicted, {counts['not borne out by these data']} not borne out by these data, and "
        f"{counts['outside these data']} lie outside these data."
    )


def data_as_of_lead(as_of: pd.DataFrame, end_year: int) -> str:
    """The sentence above the table: which series stop STALE_YEARS or more before end_year."""
    stale = as_of[as_of["dated"].astype(bool)]
    if stale.empty:
        return f"Every series reaches to within {STALE_YEARS - 1} years of {fmt.year(end_year)}."
    names = [f"{row.series} ({fmt.year(row.last_year)})" for row in stale.itertuples()]
    return (
        f"{fmt.count(len(stale), 'series', 'series')} end {STALE_YEARS} or more years before "
        f"{fmt.year(end_year)}: {fmt.listing(names)}. Numbers from them carry their year in the "
        "text."
    )


def data_as_of_display(as_of: pd.DataFrame) -> pd.DataFrame:
    """The `recency.data_as_of` frame as the briefing shows it."""
    note = [
        f"{fmt.count(int(row.years_short), 'year')} short" if row.years_short else ""
        for row in as_of.itertuples()
    ]
    return pd.DataFrame(
        {
            "Series": as_of["series"],
            "Years": [
                fmt.span(a, b) for a, b in zip(as_of["first_year"], as_of["last_year"], strict=True)
            ],
            "Last year": [fmt.year(y) for y in as_of["last_year"]],
            "Before the window's end": note,
            "Source": as_of["source"],
        }
    )


def small_base_note(
    flag: SmallBase | None, country: str, period: str, previous: str, partner: str, year: int | None
) -> str:
    """One sentence when a share is taken of a small total (''): the fall of the total and, when
    all of the partner's deliveries came in one year, that year."""
    if flag is None:
        return ""
    text = (
        f" That share is of a small total: {fmt.whose(country)} imports in {period} were "
        f"{fmt.percent(flag.fall, 0)} below those of {previous}"
    )
    if year is not None:
        text += (
            f", and all of {fmt.whose(partner)} deliveries in {period} date from {fmt.year(year)}"
        )
    return text + "."


REASONS = {
    "stale": "the data end {stale_years} years or more before {end}",
    "coverage": "data for few of the years compared",
    "base": "a small base",
    "disagree": "a second measure points the other way",
    "provisional": "no delivery recorded from the partner in SIPRI's latest {provisional} years, "
    "which SIPRI still revises",
    "thin": "the dispute data end in {mids_end} and the curated timeline has {timeline} naming "
    "both, so hostility short of war in the years compared may go unrecorded",
}


def _share_change(v: dict) -> str:
    """The change between the two shares as printed (whole percent), so that '60%' and '21%'
    beside it give '−39 percentage points', never the unrounded −38."""
    now, then = round(v["share"] * 100), round((v["previous_share"] or 0) * 100)
    return fmt.number(now - then, 0, signed=True) + " percentage points"


def undecided(j: Judgement) -> bool:
    """A change under the judgement's threshold t but not under t / 2: the rule states no
    direction, and *roughly even chance* that the quantity held steady. The sentence says the
    data cannot tell (not "changed little", which beside "roughly even chance" reads as a
    contradiction)."""
    return j.finding == "steady" and j.likelihood == "roughly even"


# The bounds of an undecided change as a reader meets them, per judgement: t / 2 and t in the
# judgement's units.
_BOUNDS = {
    "arms": lambda t: (
        f"{fmt.number(t * 50, 1)} percentage points",
        f"{fmt.number(t * 100)} percentage points",
    ),
    "since_paper": lambda t: (
        f"{fmt.number(t * 50, 1)} percentage points",
        f"{fmt.number(t * 100)} percentage points",
    ),
    "alignment": lambda t: (fmt.number(t / 2, 3), fmt.number(t, 2)),
    "threat": lambda t: (fmt.count(t / 2, "year"), fmt.count(t, "year")),
    "balance": lambda t: (fmt.percent(t / 2, 0), fmt.percent(t, 0)),
    "trade": lambda t: (fmt.percent(t / 2, 1), fmt.percent(t, 0)),
}


def undecided_note(j: Judgement) -> str:
    """' The change is too large ...': what an undecided change (`undecided`) does and does not
    show, in the judgement's units ('' for any other judgement)."""
    if not undecided(j):
        return ""
    small, shift = _BOUNDS[j.key](rules.THRESHOLDS[j.key])
    if j.key == "threat":
        years = fmt.count(abs(j.values["change"]), "year")
        return f" A difference of {years} is less than the {shift} this report counts as a change."
    return (
        f" The change is too large to call little ({small} or more) and too small to count as "
        f"a shift (under {shift})."
    )


def _arms_role(j: Judgement) -> str:
    """', and the partner's role is ...': the finding in words."""
    v = j.values
    partner, whose = fmt.the(v["partner"]), fmt.whose(v["partner"])
    if j.finding == "none":
        last = v.get("last_delivery")
        if last is None:
            return f"and {partner} has never delivered major arms to it in SIPRI's records"
        return f"and {partner} has delivered no major arms to it since {fmt.year(last)}"
    if j.finding == "new":
        return f"and {partner} has only begun to supply it"
    if v.get("flat") and j.finding in ("grows", "shrinks"):
        moved, total = ("grew", "fell") if j.finding == "grows" else ("fell", "grew")
        return (
            f"and {whose} share {moved} because {fmt.whose(v['country'])} imports {total}, not "
            f"because {whose} deliveries changed"
        )
    if undecided(j):
        return f"and the data cannot tell whether {whose} share is changing"
    if j.finding in ("grows", "shrinks") and j.likelihood == "roughly even":
        # a direction the caveats brought down to an even chance: the headline hedges too
        return f"and {whose} role may be {'growing' if j.finding == 'grows' else 'shrinking'}"
    return {
        "grows": "and {whose} role is growing",
        "shrinks": "and {whose} role is shrinking",
        "steady": "and {whose} share has changed little",
        "mixed": "and {whose} role shows no clear direction",
    }[j.finding].format(whose=whose)


def _arms_history(v: dict) -> str:
    """The detail of findings 'none' (no delivery in the two periods, against the partner's
    last period with deliveries) and 'new' (the shares and the first delivery year), with the
    orders not yet delivered: what the two periods' shares leave out."""
    partner, country = fmt.the(v["partner"]), fmt.the(v["country"])
    first = v.get("first_delivery")
    if v["share"] == 0:
        # the two periods, or every year SIPRI covers when the partner never delivered
        never = v.get("last_delivery") is None and v.get("coverage")
        lo, hi = v["coverage"] if never else (v.get("span") or v.get("coverage"))
        text = f"SIPRI records none from {partner} to {country} in {fmt.span(lo, hi)}"
        if v.get("last_share"):
            period, share = v["last_share"]
            text += (
                f", against {fmt.percent(share, 0)} of {fmt.whose(v['country'])} imports in "
                f"{period}, its last period with deliveries"
            )
    else:
        text = (
            f"{fmt.the(v['partner'])} supplied {fmt.percent(v['share'], 0)} of its imports of major "
            f"arms in {v['period']}, against {fmt.percent(v['previous_share'] or 0, 0)} in "
            f"{v['previous_period']}; its first recorded deliveries to {country} came in "
            f"{fmt.year(first)}"
        )
    if v.get("pending") and v.get("pending_years"):
        orders = fmt.count(v["pending"], "order")
        names = ", ".join(v.get("pending_names") or [])
        verb = "awaits" if v["pending"] == 1 else "await"
        text += (
            f"; {orders} placed in {fmt.span(*v['pending_years'])} ({names}) {verb} delivery in "
            f"SIPRI's data to {fmt.year(v['last_year'])}"
        )
    return text


def _reverse_sentence(v: dict) -> str:
    """' The flow also runs the other way: Iran supplied 64% of Russia's imports ...' when the
    country supplies a large share of the partner's arms imports ('' otherwise)."""
    back = v.get("reverse")
    if not back:
        return ""
    from strategic_ties.wording.arms import ordinal

    rank = back.get("rank")
    place = (
        "its largest supplier"
        if rank == 1
        else f"its {ordinal(rank)} largest supplier"
        if rank
        else ""
    )
    text = (
        f" The flow also runs the other way: {fmt.the(v['country'])} supplied "
        f"{fmt.percent(back['share'], 0)} of {fmt.whose(v['partner'])} imports of major arms in "
        f"{back['period']}"
    )
    previous = back.get("previous_share")
    if back.get("previous_period") and previous is not None:
        then = "none" if previous == 0 else fmt.percent(previous, 0)
        text += (
            f" ({place}), against {then} in {back['previous_period']}"
            if place
            else (f", against {then} in {back['previous_period']}")
        )
    elif place:
        text += f" ({place})"
    return text + "."


def _arms(j: Judgement) -> str:
    v = j.values
    top = v["top_supplier"]
    if top is None:  # nothing imported in the latest period
        lead = f"{fmt.capitalise(fmt.the(v['country']))} imported no major arms in {v['period']}"
    elif top == v["partner"]:
        lead = f"{fmt.capitalise(fmt.the(v['partner']))} is {fmt.whose(v['country'])} largest arms supplier"
    else:
        lead = f"{fmt.capitalise(fmt.the(top))} is {fmt.whose(v['country'])} largest arms supplier ({fmt.percent(v['top_share'], 0)})"
    role = _arms_role(j)
    detail = (
        f"{fmt.the(v['partner'])} supplied {fmt.percent(v['share'], 0)} of its imports of major arms in "
        f"{v['period']}"
    )
    if v["previous_share"] is not None:
        detail += (
            f", against {fmt.percent(v['previous_share'], 0)} in {v['previous_period']} "
            f"({_share_change(v)})"
        )
    if j.finding in ("none", "new"):  # what the two shares leave out, in place of them
        detail = _arms_history(v)
    text = f"{lead}, {role}: {detail}.{undecided_note(j)}"
    flag = v.get("small_base")
    if flag is not None:
        text += (
            f" The share is of a small total: {fmt.whose(v['country'])} imports in {v['period']} were "
            f"{fmt.percent(flag.fall, 0)} below those of {v['previous_period']}."
        )
    tivs = v.get("tivs") or []
    values = [t for _, t in tivs]
    if len(values) >= 2 and max(values) > 0 and j.finding in ("grows", "shrinks"):
        before = sum(values[:-1]) / len(values[:-1])
        if before > 0 and abs(values[-1] / before - 1) <= rules.FLAT_DELIVERIES:
            text += (
                f" {fmt.capitalise(fmt.whose(v['partner']))} deliveries themselves were about flat ("
                + ", ".join(f"{fmt.tiv(t)} in {p}" for p, t in tivs)
                + ")"
                + ("." if v.get("flat") else ": only the share moved.")
            )
    text += _reverse_sentence(v)
    silent = v.get("provisional_silence")
    if silent:
        text += (
            f" SIPRI records no delivery from {fmt.the(v['partner'])} in {fmt.span(*silent)}, years "
            "it still revises: the fall may be smaller than it looks."
        )
    return text


def _alignment(j: Judgement) -> str:
    v = j.values
    verb = {
        "converges": "are converging",
        "diverges": "are drifting apart",
        "steady": "show no clear change in alignment",
        "mixed": "show no clear direction",
    }[j.finding]
    pair = f"{fmt.capitalise(fmt.the(v['partner']))} and {fmt.the(v['country'])} {verb}"
    if undecided(j):
        pair = (
            f"The data cannot tell whether {fmt.the(v['partner'])} and {fmt.the(v['country'])} "
            "are moving closer or apart"
        )
    text = (
        f"{pair} in the UN General Assembly: the distance "
        f"between their ideal points averaged {fmt.number(v['recent'], 2)} in "
        f"{fmt.span(*v['recent_years'])}, against {fmt.number(v['earlier'], 2)} in "
        f"{fmt.span(*v['earlier_years'])}"
    )
    if v.get("latest") is not None:
        text += f", and stood at {fmt.number(v['latest'], 2)} in {fmt.year(v['last_year'])}"
    return text + f" (0 = identical positions).{undecided_note(j)}"


def _threat_lead(j: Judgement) -> str:
    """Who ranks first and what the trend shows; a rival without any hostility recorded in the
    years compared is not called the principal threat."""
    v = j.values
    rival, whose = fmt.capitalise(fmt.the(v["rival"])), fmt.whose(v["country"])
    first, last = v["earlier_years"][0], v["recent_years"][1]
    if j.finding == "unknown":
        return (
            f"{rival} ranks first among {whose} rivals in the records, but the data cannot tell "
            "whether the hostility with it has changed"
        )
    if not v["recent"] and not v["earlier"]:
        return (
            f"{rival} ranks first among {whose} rivals in the records, but no hostility with it "
            f"is recorded in {fmt.span(first, last)}"
        )
    return f"{rival} is {whose} principal threat, " + _threat_trend(j)


def _threat_trend(j: Judgement) -> str:
    trend = {
        "rises": "and the hostility recorded with it is rising",
        "falls": "and the hostility recorded with it is falling",
        "steady": "and the hostility recorded with it shows no clear change",
        "mixed": "and the hostility recorded with it shows no clear direction",
    }[j.finding]
    if undecided(j):
        trend = "and the data cannot tell whether the hostility recorded with it is changing"
    return trend


def _threat(j: Judgement) -> str:
    v = j.values
    mids_end = v.get("mids_last_year")
    dated = f" (CoW, to {fmt.year(mids_end)})" if mids_end else ""
    first, last = v["recent_years"]
    latest = v.get("latest_year")
    quiet = ""
    if latest is not None and first <= latest <= last:
        quiet = f" ({'including' if v.get('latest_hostile') else 'none in'} {fmt.year(latest)})"
    fought = v.get("conflict_last")
    ucdp = f"UCDP, last in {fmt.year(fought)}" if fought and v["conflict_years"] else "UCDP"
    records = (
        f"{fmt.count(v['disputes'], 'militarised dispute')}{dated} and "
        f"{fmt.count(v['conflict_years'], 'conflict-year')} ({ucdp}) in {fmt.span(*v['window'])}"
    )
    if j.finding == "unknown":
        span = fmt.span(v["earlier_years"][0], last)
        return (
            f"{_threat_lead(j)}: {records}, and no hostility recorded in {span}, years for which only armed "
            "conflict (UCDP, 25 or more battle deaths a year) is recorded for the two."
        )
    return (
        f"{_threat_lead(j)}: {records}; hostility recorded (a dispute, a conflict-year or a "
        f"hostile event) in {fmt.number(v['recent'])} of the {last - first + 1} years "
        f"{fmt.span(first, last)}{quiet} against {fmt.number(v['earlier'])} of "
        f"{v['earlier_years'][1] - v['earlier_years'][0] + 1} in {fmt.span(*v['earlier_years'])}."
        f"{undecided_note(j)}"
    )


def _balance(j: Judgement) -> str:
    v = j.values
    gap = {
        "widens": f"the gap in {fmt.whose(v['rival'])} favour is widening",
        "narrows": f"the gap in {fmt.whose(v['rival'])} favour is narrowing",
        "steady": "the balance changed little",
        "mixed": "the balance shows no clear direction",
    }[j.finding]
    if v["ratio"] < 1:
        gap = {
            "widens": f"{fmt.whose(v['country'])} lead is narrowing",
            "narrows": f"{fmt.whose(v['country'])} lead is widening",
            "steady": "the balance changed little",
            "mixed": "the balance shows no clear direction",
        }[j.finding]
    if undecided(j):
        gap = "the data cannot tell whether the balance is shifting"
    text = (
        f"In military spending, {gap}: {fmt.the(v['rival'])} spent {fmt.ratio(v['ratio'])} as much as "
        f"{fmt.the(v['country'])} in {v['year']}, against {fmt.ratio(v['previous_ratio'])} in "
        f"{v['previous_year']} ({fmt.percent(j.values['change'], 0, signed=True)}; constant US "
        "dollars)"
    )
    if v.get("previous_spend") and v.get("previous_rival_spend"):
        text += (
            f"; {fmt.whose(v['country'])} spending "
            f"{fmt.percent(v['spend'] / v['previous_spend'] - 1, 0, signed=True)}, "
            f"{fmt.whose(v['rival'])} {fmt.percent(v['rival_spend'] / v['previous_rival_spend'] - 1, 0, signed=True)}"
        )
    return text + "." + undecided_note(j)


def _sides_sentence(v: dict) -> str:
    """When the two sides' own reports tell different stories: each usable side's change, and
    which side's import reports are too incomplete to count (their change is not printed)."""
    incomplete = v.get("incomplete_sides") or []
    floor = fmt.percent(rules.MIRROR_FLOOR, 0)
    usable = [
        (name, change)
        for name, change in (
            (v["country"], v["country_change"]),
            (v["partner"], v["partner_change"]),
        )
        if name not in incomplete and change is not None
    ]
    text = ""
    if usable:
        name, change = usable[0]
        text = (
            f"The two sides' reports tell different stories: in {fmt.whose(name)} own reports trade "
            f"changed {fmt.percent(change, 0, signed=True)}"
        )
        if len(usable) > 1:
            text += f", in {fmt.whose(usable[1][0])} {fmt.percent(usable[1][1], 0, signed=True)}"
        text += ". "
    if len(incomplete) == 1:
        side = incomplete[0]
        other = v["partner"] if side == v["country"] else v["country"]
        text += (
            f"{fmt.capitalise(fmt.whose(side))} import reports hold under {floor} of what "
            f"{fmt.the(other)} reports exporting to it, so its own reports are no check on the "
            "trend. "
        )
    elif incomplete:
        text += (
            f"Each side's import reports hold under {floor} of what the other reports exporting to "
            "it, so neither side's own reports can check the trend. "
        )
    return text + "The figures above take each flow from its exporter's report."


def _trade(j: Judgement) -> str:
    v = j.values
    verb = {
        "grows": "growing",
        "shrinks": "shrinking",
        "steady": "about level",
        "mixed": "without a clear direction",
    }[j.finding]
    if "stale" in j.reasons:  # the series ended years ago: say what it showed, not what "is"
        verb = {
            "grows": "grew",
            "shrinks": "shrank",
            "steady": "held about level",
            "mixed": "showed no clear direction",
        }[j.finding]
        ended = max(y for y in (v.get("last_year"), v.get("anomaly_year")) if y is not None)
        verb += f" in the IMF data, which end in {fmt.year(ended)}"
    else:
        verb = f"is {verb}"
    lead = f"Trade between {fmt.the(v['partner'])} and {fmt.the(v['country'])} {verb}"
    if undecided(j):
        verb = "grew or shrank" if "stale" in j.reasons else "is growing or shrinking"
        lead = (
            f"The data cannot tell whether trade between {fmt.the(v['partner'])} and "
            f"{fmt.the(v['country'])} {verb}"
        )
        if "stale" in j.reasons:
            lead += f" in the IMF data, which end in {fmt.year(ended)}"
    text = (
        f"{lead}: two-way trade averaged "
        f"{fmt.money_usd(v['recent'])} a year in {fmt.span(*v['recent_years'])}, "
        f"{fmt.percent(j.values['change'], 0, signed=True)} on {fmt.span(*v['earlier_years'])}"
    )
    if v.get("anomaly_year"):
        text += (
            f" ({fmt.year(v['anomaly_year'])} left out: unusually "
            f"{v['anomaly_direction']} against the five years before)"
        )
    text += "." + undecided_note(j)
    if v.get("sides_disagree") and v.get("country_change") is not None:
        text += " " + _sides_sentence(v)
    return text + _estimated_sentence(v)


def _estimated_sentence(v: dict) -> str:
    """' Iran's reports for these years are partly IMF estimates ...': a side whose figures in
    the two windows include IMF estimates is no check on the other's ('' when none)."""
    named = [
        s for s in v.get("estimated_sides") or [] if s not in (v.get("incomplete_sides") or [])
    ]
    if not named:
        return ""
    first, last = v["earlier_years"][0], v["recent_years"][1]
    if len(named) == 1:
        return (
            f" {fmt.capitalise(fmt.whose(named[0]))} reports for {fmt.span(first, last)} are partly "
            "IMF estimates (flagged 'e' in DOTS), not its own figures, so they are no check on "
            "the trend."
        )
    return (
        f" Both sides' reports for {fmt.span(first, last)} are partly IMF estimates (flagged 'e' "
        "in DOTS), not their own figures, so neither can check the trend."
    )


def _since_paper(j: Judgement) -> str:
    v = j.values
    verb = {
        "grows": "has grown",
        "shrinks": "has shrunk",
        "steady": "has changed little",
        "mixed": "rose, then fell in the latest period",
    }[j.finding]
    if j.finding == "mixed" and v.get("latest_finding") == "grows":
        verb = "fell, then rose in the latest period"
    place = f"{fmt.whose(v['partner'])} place in {fmt.whose(v['country'])} arms imports {verb}"
    if undecided(j):
        place = (
            f"the data cannot tell whether {fmt.whose(v['partner'])} place in "
            f"{fmt.whose(v['country'])} arms imports has changed"
        )
    text = (
        f"Since the source paper ({v['paper_year']}), {place}: "
        f"{fmt.percent(v['share'], 0)} of major arms in "
        f"{fmt.span(*v['years'])} taken together, against {fmt.percent(v['previous_share'], 0)} "
        f"in {fmt.span(*v['previous_years'])}"
    )
    if v.get("latest_period"):
        text += f"; {fmt.percent(v['latest_share'], 0)} in {v['latest_period']} alone"
    return text + "." + undecided_note(j)


SENTENCES = {
    "arms": _arms,
    "alignment": _alignment,
    "threat": _threat,
    "balance": _balance,
    "trade": _trade,
    "since_paper": _since_paper,
}


def sentence(j: Judgement) -> str:
    """The judgement as one sentence with its numbers."""
    return SENTENCES[j.key](j)


# The likelihood words as a reader meets them: "roughly even" alone reads as a verdict on the
# balance itself ("the balance is roughly even"), so it is said in full.
LIKELIHOOD_WORDS = {"roughly even": "roughly even chance"}


def calibration(j: Judgement, end_year: int) -> str:
    """'Likely; confidence moderate (the data end 3 years or more before 2024).'"""
    likelihood = LIKELIHOOD_WORDS.get(j.likelihood, j.likelihood)
    if undecided(j) or j.finding == "mixed":
        # the rule's 'roughly even' here says the data show no direction: beside "the data
        # cannot tell" a likelihood word read as a verdict (and "confidence high" as one on it)
        likelihood = ""
        text = f"No direction judged; confidence in the data {j.confidence}"
    # no likelihood word where the data cannot tell (judgement 3's 'unknown')
    elif likelihood:
        text = f"{likelihood.capitalize()}; confidence {j.confidence}"
    else:
        text = f"Confidence {j.confidence}"
    if j.reasons:
        timeline = j.values.get("timeline_events")
        why = [
            REASONS[r].format(
                stale_years=recency.STALE_YEARS,
                end=end_year,
                provisional=rules.PROVISIONAL_YEARS,
                mids_end=fmt.year(j.values.get("mids_last_year")),
                timeline=fmt.count(timeline, "event") if timeline else "no event",
            )
            for r in j.reasons
        ]
        text += f" ({'; '.join(why)})"
    return text + "."


def item_html(number: int, j: Judgement, end_year: int) -> str:
    """One numbered judgement as HTML: sentence, calibration, and a link to its evidence."""
    import html

    kind = "Table" if j.anchor.startswith("tab-") else "Figure"
    return (
        f'<li><p class="st-kj-text">{html.escape(sentence(j))}</p>'
        f'<p class="st-kj-meta"><span class="st-kj-calibration">{html.escape(calibration(j, end_year))}</span> '
        f'See {html.escape(j.section)}, <a class="st-ref" href="#{j.anchor}">{kind}</a>.</p></li>'
    )


def judgements_html(found: list[Judgement], end_year: int) -> str:
    """The numbered list of key judgements."""
    items = "".join(item_html(i, j, end_year) for i, j in enumerate(found, start=1))
    return f'<ol class="st-kj">{items}</ol>'


def as_of_line(table) -> str:
    """'Data as of: arms deliveries 2024; trade 2020; ...' from `recency.data_as_of`."""
    parts = []
    for row in table.itertuples():
        label = getattr(row, "series", None) or getattr(row, "dataset", "")
        last = getattr(row, "last_year", None)
        parts.append(f"{label} {fmt.year(last)}")
    return "Data as of: " + "; ".join(parts) + "."


PERIOD_WORDS = {
    1: "one year",
    2: "two years",
    3: "three years",
    4: "four years",
    5: "five years",
    6: "six years",
    7: "seven years",
    8: "eight years",
    9: "nine years",
    10: "ten years",
}


def cover_rows(params, chosen: bool = False) -> list[tuple[str, str]]:
    """The cover's scope table in a reader's words (a ReportParams in, label/value rows out);
    `chosen`: the rivals were chosen from the data, not given."""
    period = PERIOD_WORDS.get(params.period_years, fmt.count(params.period_years, "year"))
    rivals = fmt.listing(params.rivals) if params.rivals else "none"
    if chosen:
        rivals += " (chosen from the data)"
    return [
        ("Partner", params.partner),
        ("Country studied", params.country),
        ("Rivals compared", rivals),
        (
            "Years covered",
            f"{fmt.span(params.start_year, params.end_year)}; arms periods of {period}",
        ),
    ]


def as_of_html(table) -> str:
    """The data-as-of line as a small paragraph under the map."""
    import html

    return f'<p class="st-asof">{html.escape(as_of_line(table))}</p>'


def rules_markdown(paper_pair: bool = True) -> str:
    """The scale and the rules for the methods appendix (the since-the-paper rule for the source
    paper's pair only)."""
    text = _rules_markdown()
    if paper_pair:
        return text
    return "\n".join(line for line in text.splitlines() if "Since the source paper" not in line)


def _rules_markdown() -> str:
    t = rules.THRESHOLDS
    return f"""The key judgements are computed, never typed: each follows a fixed rule from the
analysis functions and carries two calibrated words.

**Likelihood** — how clearly the data show the stated direction, from the size of the change
against the judgement's threshold *t*: *almost certain* (at least 2 t), *likely* (at least t).
Below t no direction is stated: under t / 2 the judgement says the quantity changed little
(*likely*); from t / 2 to t it says the data cannot tell whether the quantity changed and
states no likelihood ("no direction judged": the rule's *roughly even chance* that it held
steady). A stated direction must hold at the end of the series too: when the
latest value does not lie beyond the earlier average in that direction, or has moved back
against the latest five-year average by t / 2 or more, the judgement says there is no clear
direction, again without a likelihood word. The confidence then concerns the data the
finding rests on. A small base and a second measure pointing the other way each lower
the likelihood by one step as well as the confidence.

**Confidence** starts *high* and drops one step (to *moderate*, then *low*) for each of: the main
series ends {recency.STALE_YEARS} or more years before the report's last year (stale data); data
for fewer than {fmt.percent(rules.COVERAGE_SHARE, 0)} of the years compared; a small base (below
the judgement's minimum, or a total that fell to under a quarter of the previous period's);
a second, independent measure pointing the other way; for arms, a falling share while SIPRI
records no delivery from the partner in its latest {rules.PROVISIONAL_YEARS} years, which SIPRI
still revises (absence of a record is not evidence of none; this also lowers the likelihood);
for the principal threat, years that only armed-conflict data record for the pair.

| judgement | rule | threshold *t* | base and second source |
|---|---|---|---|
| Arms | largest supplier in the latest period; change in the partner's share from the previous period (SIPRI TIV); when the partner's own deliveries in the latest period are within {fmt.percent(rules.FLAT_DELIVERIES, 0)} of its average over the earlier periods shown, the text says the share moved with the country's total and a stated direction is one step less likely; no delivery from the partner in either period, or a small change from a partner whose first delivery falls in the latest period, is stated as a fact without a likelihood, with the partner's last (or first) delivery year and its orders not yet delivered; when the country supplies {fmt.percent(rules.REVERSE_SHARE, 0)} or more of the partner's own arms imports in the latest period, the text says so | {fmt.number(t["arms"] * 100)} percentage points | latest period's imports of at least {fmt.tiv(rules.MIN_BASE["arms"])} |
| Alignment | UN General Assembly ideal-point distance, latest five years against the five before | {fmt.number(t["alignment"], 2)} units | vote-agreement trend of the last ten years |
| Principal threat | the highest-ranked rival (militarised disputes, dated by the CoW series' last year, plus conflict-years: first in the last {rivals_rule.RECENT_YEARS} years the records cover, then over the whole window) and the years with recorded hostility between the two (a dispute under way, a conflict-year or a hostile timeline event; each year counted once, up to the report's last year), latest five years against the five before; a rise must hold in the latest year the records cover, a fall likewise; when the dispute data cover under {fmt.percent(rules.COVERAGE_SHARE, 0)} of those ten years and the curated timeline has fewer than {rules.TIMELINE_MIN} events naming both, only armed conflict is recorded for them (confidence lowered), and with no record at all the judgement says the data cannot tell (confidence low, no likelihood) | {fmt.number(t["threat"])} years | at least {fmt.number(rules.MIN_BASE["threat"])} years |
| Military balance | the principal rival's spending as a multiple of the country's, latest year against five years earlier; the change is relative (new multiple / old - 1) | {fmt.percent(t["balance"], 0)} | the two countries' shares of GDP |
| Trade | two-way trade (IMF DOTS), latest five-year average against the five years before; a latest year flagged as an anomaly is left out and the windows end the year before; when the two sides' reports differ by more than {fmt.percent(rules.MIRROR_TOLERANCE, 0)}, each side's change is given, and a side whose import reports hold under {fmt.percent(rules.MIRROR_FLOOR, 0)} of the other's exports to it is no second source; values the IMF flags as its own estimates ('e') are no side's own report and are left out of that comparison | {fmt.percent(t["trade"], 0)} | at least {fmt.money_usd(rules.MIN_BASE["trade"])} a year |
| Since the source paper (its pair only) | the partner's share of the country's arms imports since {rules.PAPER_YEAR}, against the five years to {rules.PAPER_YEAR}; when the latest arms period moves the other way, no clear direction and the latest period's share alongside | {fmt.number(t["since_paper"] * 100)} percentage points | imports of at least {fmt.tiv(rules.MIN_BASE["since_paper"])} |
"""
