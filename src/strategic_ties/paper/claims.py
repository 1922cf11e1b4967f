"""The source paper's claims, checked against the data: one pure check function per claim.

The claims are listed in ``data/claims.yaml`` (paraphrased; each names its check in one of the
``checks_*`` modules here). Every check takes an `Evidence` (the processed tables, hand-made
frames in tests) and returns a `ClaimResult`: a verdict, what the data say (a sentence with the
computed numbers) and the source. Verdicts (`VERDICT_MEANINGS` holds the reader's definitions):

- **supported**: the data show what the paper says;
- **partly supported**: the data support part of the claim and not the rest, or point both ways
  (never because a test was set stricter than the claim);
- **contradicted**: the data hold positive evidence against the claim;
- **not borne out by these data**: the data could have shown it and do not, without evidence
  against it (a curated timeline's silence; no SIPRI deliveries in its provisional latest years);
- **outside these data**: nothing here can test it (small arms and ammunition, which SIPRI does
  not cover; intentions; stated positions; lobbying).

Each check's rule is in its docstring and tested on small fixtures. The paper is the executive
summary of Murinson (2014), so the claims concern Israel (partner) and Azerbaijan (country);
`check_all` returns an empty ledger for any other pair. The ``developments`` of claims.yaml are
the project's own questions about what happened after the paper: `developments` answers them
with findings only, never with a verdict credited to the paper.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from strategic_ties import fmt, paths, reuse
from strategic_ties.errors import DataError
from strategic_ties.paper import (
    checks_after,
    checks_conclusion,
    checks_iran,
    checks_overview,
    checks_region,
    is_paper_pair,
)
from strategic_ties.paper.evidence import (
    CONTRADICTED,
    NOT_BORNE_OUT,
    OUTSIDE,
    PARTLY,
    SUPPORTED,
    TABLE_NAMES,
    VERDICT_MEANINGS,
    VERDICTS,
    ClaimResult,
    Evidence,
    hostile_events,
)

__all__ = [
    "CHECKS",
    "CONTRADICTED",
    "NOT_BORNE_OUT",
    "OUTSIDE",
    "PARTLY",
    "SUPPORTED",
    "VERDICTS",
    "VERDICT_MEANINGS",
    "ClaimResult",
    "Evidence",
    "check_all",
    "developments",
    "hostile_events",
    "ledger_display",
    "rules_table",
    "verdict_counts",
]

LEDGER_COLUMNS = ["id", "section", "kind", "claim", "finding", "verdict", "source"]
_MODULES = (checks_overview, checks_iran, checks_region, checks_conclusion, checks_after)

# ---- the ledger ----------------------------------------------------------------------------

CHECKS: dict[str, Callable[[Evidence], ClaimResult]] = {
    name: func
    for module in _MODULES
    for name, func in vars(module).items()
    if name.startswith("check_") and callable(func) and func.__module__ == module.__name__
}


def __getattr__(name: str) -> Callable[[Evidence], ClaimResult]:
    """`claims.check_x` names the check function wherever its module is."""
    if name in CHECKS:
        return CHECKS[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def claims_path() -> Path:
    return paths.data_dir() / "claims.yaml"


_parsed: dict[tuple[str, int, int], Any] = {}  # claims.yaml per (path, mtime, size): parsed once


def load_claims(path: Path | None = None) -> dict[str, Any]:
    """data/claims.yaml as a dict: {'paper': {...}, 'claims': [...]} (the one file read here).

    Parsed once per process for the same file (its path, modification time and size); each
    caller gets its own copy."""
    import copy

    import yaml

    target = path or claims_path()
    try:
        stat = target.stat()
        key = (str(target), stat.st_mtime_ns, stat.st_size)
        if key not in _parsed:
            _parsed.clear()
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10x faster
            _parsed[key] = yaml.load(target.read_text(encoding="utf-8"), Loader=loader)
        loaded = copy.deepcopy(_parsed[key])
    except FileNotFoundError:
        raise DataError(f"The claim ledger {target} is missing.") from None
    except yaml.YAMLError as exc:
        raise DataError(
            f"The claim ledger {target} is not valid YAML ({type(exc).__name__})."
        ) from None
    if not isinstance(loaded, dict) or not isinstance(loaded.get("claims"), list):
        raise DataError(f"The claim ledger {target} has no 'claims' list.")
    return loaded


def applies_to(partner: str, country: str) -> bool:
    """True when the pair is the paper's (Israel as partner, Azerbaijan as country)."""
    return is_paper_pair(partner, country)


def run_check(claim: dict[str, Any], evidence: Evidence) -> ClaimResult:
    """Run the check named by one claims.yaml entry."""
    func = CHECKS.get(str(claim.get("check")))
    if func is None:
        raise DataError(f"Claim {claim.get('id')}: check {claim.get('check')!r} does not exist.")
    return func(evidence)


def _end_year(params: Any | None) -> int:
    """The report's last year (`params.end_year`; the default report's when params is None)."""
    from strategic_ties.params import latest_data_year

    end = getattr(params, "end_year", None)
    return int(end) if end is not None else latest_data_year()


def _run_evidence(end_year: int) -> Evidence:
    """The processed tables' Evidence, one per run and end year: the ledger and the
    developments share what their checks compute (vote agreement, events of a pair, supplier
    shares). Event counts, battle deaths and "latest" stop at `end_year`, like the report's."""
    return reuse.call(TABLE_NAMES, Evidence, end_year=end_year)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="string") for column in LEDGER_COLUMNS})


def _rows(entries: list[dict[str, Any]], evidence: Evidence, kind: str) -> pd.DataFrame:
    rows = []
    for claim in entries:
        result = run_check(claim, evidence)
        rows.append(
            {
                "id": claim["id"],
                "section": claim["section"],
                "kind": claim.get("kind", kind),
                "claim": " ".join(str(claim["claim"]).split()),
                "finding": result.finding,
                "verdict": result.verdict,
                "source": result.source,
            }
        )
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS).astype("string")


def check_all(
    params: Any | None = None,
    *,
    ledger: dict[str, Any] | None = None,
    evidence: Evidence | None = None,
) -> pd.DataFrame:
    """The claim ledger: one row per claim of the paper with columns id, section, kind, claim,
    finding, verdict, source. Empty (same columns) when `params` names a pair other than the
    paper's. The checks count up to the report's `end_year` (given `evidence` keeps its own)."""
    if params is not None and not applies_to(params.partner, params.country):
        return _empty()
    ledger = ledger or load_claims()
    return _rows(ledger["claims"], evidence or _run_evidence(_end_year(params)), "paper")


def developments(
    params: Any | None = None,
    *,
    ledger: dict[str, Any] | None = None,
    evidence: Evidence | None = None,
) -> pd.DataFrame:
    """The project's questions about what happened after the paper (claims.yaml
    ``developments``): same columns as `check_all`; the verdict is kept for tests and the
    methods appendix but the briefing shows only the findings, never credited to the paper."""
    if params is not None and not applies_to(params.partner, params.country):
        return _empty()
    ledger = ledger or load_claims()
    entries = ledger.get("developments") or []
    if not entries:
        return _empty()
    return _rows(entries, evidence or _run_evidence(_end_year(params)), "after")


def verdict_counts(ledger: pd.DataFrame) -> dict[str, int]:
    """Number of claims per verdict, in the order of VERDICTS."""
    counts = ledger["verdict"].value_counts() if not ledger.empty else pd.Series(dtype=int)
    return {verdict: int(counts.get(verdict, 0)) for verdict in VERDICTS}


_YEAR_SPAN = re.compile(r"\b(1[89]\d\d|20\d\d)-(1[89]\d\d|20\d\d)\b")  # 2010-2014
_MONEY = re.compile(r"US\$(\d[\d,]*(?:\.\d+)?)\s?(m|bn)\b")  # US$100m, US$1.2bn
_RANGE = re.compile(r"\b(\d+)-(\d+)\b")  # 25-50%, ranked 2-3


def house_style(text: str) -> str:
    """Numbers a docstring writes by hand, in the house style of `strategic_ties.fmt`: year
    spans and number ranges with an en dash ('2010–2014', '25–50%'), money as 'US$100 m'."""
    text = _YEAR_SPAN.sub(lambda m: fmt.span(int(m[1]), int(m[2])), text)
    text = _MONEY.sub(
        lambda m: fmt.money_usd(float(m[1].replace(",", "")) * (1000 if m[2] == "bn" else 1)),
        text,
    )
    return _RANGE.sub(lambda m: f"{m[1]}{fmt.EN_DASH}{m[2]}", text)


def rule_text(check: str) -> str:
    """The verdict rule of a check, from its docstring, in one paragraph (helpers it refers to
    with "see `_helper`" are spelled out), its numbers in the house style (`house_style`)."""
    func = CHECKS[check]
    text = " ".join((func.__doc__ or "").split())
    found = re.match(r"Rule:\s*see `(_\w+)`\s*\(([^)]*)\)\.?\s*(.*)", text)
    helper_func = func.__globals__.get(found.group(1)) if found else None
    if found and callable(helper_func):
        helper = " ".join((helper_func.__doc__ or "").split())
        helper = re.sub(r"^Rule:?\s*", "", helper)
        text = f"{found.group(2)}: {helper} {found.group(3)}".strip()
    text = re.sub(r"^Rule:?\s*", "", text)
    for old, new in (("->", "→"), (">=", "≥"), ("<=", "≤"), ("`", "")):
        text = text.replace(old, new)
    text = house_style(text)
    return text[0].upper() + text[1:] if text else text


def rules_table(ledger: dict[str, Any] | None = None) -> pd.DataFrame:
    """One row per claim: id, check (function name) and its verdict rule, for the appendix."""
    ledger = ledger or load_claims()
    rows = [
        {"id": c["id"], "check": c["check"], "rule": rule_text(c["check"])}
        for c in ledger["claims"]
    ]
    return pd.DataFrame(rows, columns=["id", "check", "rule"])


LEDGER_DISPLAY = {
    "id": "No.",
    "claim": "Claim (paraphrased)",
    "finding": "What the data say",
    "verdict": "Verdict",
    "source": "Source",
}


DEVELOPMENTS_DISPLAY = {
    "id": "No.",
    "claim": "Question (the project's, not the paper's)",
    "finding": "What the data say",
    "source": "Source",
}


def ledger_display(rows: pd.DataFrame) -> pd.DataFrame:
    """Ledger rows as the briefing shows them: number, claim, finding, verdict, source."""
    return rows[list(LEDGER_DISPLAY)].rename(columns=LEDGER_DISPLAY)


def developments_display(rows: pd.DataFrame) -> pd.DataFrame:
    """Development rows as the briefing shows them: number, question, finding, source (no
    verdict: these are not the paper's claims)."""
    return rows[list(DEVELOPMENTS_DISPLAY)].rename(columns=DEVELOPMENTS_DISPLAY)


def verdicts_table() -> pd.DataFrame:
    """The five verdicts and what each means, for the methods appendix."""
    return pd.DataFrame(
        {"Verdict": list(VERDICT_MEANINGS), "Meaning": list(VERDICT_MEANINGS.values())}
    )
