"""The portfolio page `DIR/index.html` (+ `index.pdf`): one row per pair of the batch, one chart.

The numbers come from the analysis API (`arms`, `trade`, `alignment`, `threats`, and the rivals
chosen from the data by `analysis.rivals`), computed with the client's data. The page has the
reports' standards: self-contained (the chart is a data: URI), no script, every text escaped
(Jinja autoescape), a restrictive Content-Security-Policy, sources under the table.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from strategic_ties import fmt, paths
from strategic_ties.batch.pairs import Batch, Pair
from strategic_ties.pipeline import manifest

TEMPLATE = paths.TEMPLATES_DIR / "portfolio" / "index.html.j2"
SOURCES = ("arms_deliveries", "trade", "unga_votes", "unga_ideal_points", "battle_deaths")
DEATHS_YEARS = 10


@dataclass
class Row:
    """One pair on the page: display texts (escaped by the template) and the chart's numbers."""

    slug: str
    partner: str
    country: str
    status: str
    link: str | None = None
    pdf_link: str | None = None
    cells: dict[str, str] = field(default_factory=dict)
    arms_share: float | None = None
    agreement: float | None = None
    distance: float | None = None


# ---- numbers ---------------------------------------------------------------------------------------


def arms_cell(params: Any) -> tuple[str, float | None]:
    """The partner's share of the country's arms imports, with its rank, in the latest period."""
    from strategic_ties.analysis import arms

    first, last = arms.coverage()
    start, end = max(params.start_year, first), min(params.end_year, last)
    if start > end:
        return f"no SIPRI data for {fmt.span(params.start_year, params.end_year)}", None
    standing = arms.partner_share_by_period(
        params.partner, params.country, start, end, params.period_years
    )
    if standing.empty:
        return "no period in the window", None
    latest = standing.iloc[-1]
    period = fmt.span(int(latest["start"]), int(latest["end"]))
    if pd.isna(latest["share"]):
        return f"{params.country} imported no major arms in {period}", None
    share = float(latest["share"])
    if pd.isna(latest["rank"]):  # no record is not proof of none: SIPRI lists major arms only
        return f"none recorded in {period}", share
    # whole percent, as the briefings print arms shares
    return f"{fmt.percent(share, 0)}, rank {int(latest['rank'])} in {period}", share


def trade_cell(params: Any) -> str:
    """Two-way merchandise trade in the latest year either side reported."""
    from strategic_ties.analysis import trade

    flows = trade.bilateral_trade(
        params.country, params.partner, params.start_year, params.end_year
    )
    flows = flows[flows["turnover"].notna()]
    if flows.empty:
        return "none reported"
    latest = flows.iloc[-1]
    return f"{fmt.money_usd(float(latest['turnover']))} in {fmt.year(latest['year'])}"


def alignment_cell(params: Any) -> tuple[str, float | None, float | None]:
    """UN General Assembly vote agreement over the last five years with votes, and the latest
    ideal-point distance."""
    from strategic_ties.analysis import alignment

    agreement = alignment.vote_agreement(
        params.partner,
        params.country,
        params.start_year,
        params.end_year,
        min_votes=alignment.MIN_YEAR_VOTES,
    )
    trend = alignment.agreement_trend(agreement)
    distances = alignment.ideal_point_distance(
        params.partner, params.country, params.start_year, params.end_year
    ).dropna(subset=["distance"])
    parts, agree, dist = [], None, None
    if trend["last_mean"] is not None:
        agree = float(trend["last_mean"])
        a, b = trend["last_period"]
        parts.append(f"agreement {fmt.number(agree, 2)} ({fmt.span(a, b)})")
    if not distances.empty:
        dist = float(distances["distance"].iloc[-1])
        parts.append(f"distance {fmt.number(dist, 2)} ({fmt.year(distances['year'].iloc[-1])})")
    return ("; ".join(parts) or "no shared votes"), agree, dist


def deaths_cell(params: Any) -> str:
    """Battle-related deaths in the country's conflicts in the last ten years the data cover (as
    the briefing counts them: conflicts where it is a primary party, and those where it fought
    a state as a supporting party)."""
    from strategic_ties.analysis import threats

    first, last = threats.coverage("battle_deaths")
    end = min(params.end_year, last)
    start = max(end - DEATHS_YEARS + 1, first)
    deaths = threats.battle_deaths(params.country, start, end)
    total = int(deaths["best"].sum()) if not deaths.empty else 0
    if total == 0:  # UCDP lists no conflict-year of 25 or more deaths: none recorded, not zero
        return f"none recorded ({fmt.span(start, end)})"
    return f"{fmt.number(total)} ({fmt.span(start, end)})"


def rivals_of(pair: Pair) -> list[str]:
    """The pair's rivals as its briefing has them: those the pairs file names, else the ones
    chosen from the data (`analysis.rivals.choose_rivals`, resolved by the parameter schema)."""
    return [str(name) for name in (pair.params.rivals or [])]


def vintage_cell(recorded: dict[str, Any], current: dict[str, str]) -> str:
    """The SIPRI edition the report was built from, and whether its data are still current."""
    datasets = (recorded.get("data") or {}).get("datasets") or {}
    if not datasets:
        return "unknown"
    sipri = (datasets.get("arms_deliveries") or {}).get("version") or "unknown"
    sipri = re.sub(r"\s+\d{1,2}:\d{2}(:\d{2})?(\s*[AP]M)?", "", str(sipri))
    stale = sorted(n for n, e in datasets.items() if current.get(n) != (e or {}).get("sha256"))
    state = (
        "data unchanged since the build"
        if not stale
        else f"{fmt.count(len(stale), 'dataset')} changed since the build"
    )
    return f"SIPRI {sipri}; {state}"


def built_cell(recorded: dict[str, Any]) -> str:
    finished = (recorded.get("last_run") or {}).get("finished")
    if not finished:
        return "not built"
    try:
        stamp = dt.datetime.fromisoformat(finished).astimezone(dt.UTC)
        return f"{fmt.date(stamp)}, {stamp:%H:%M} UTC"
    except ValueError:
        return str(finished)


def row_for(pair: Pair, result: dict[str, Any] | None, out: Path, current: dict[str, str]) -> Row:
    params = pair.params
    status = (result or {}).get("status", "not run")
    row = Row(slug=pair.slug, partner=params.partner, country=params.country, status=status)
    folder = out / pair.slug
    recorded = manifest.read(folder)
    if (folder / "briefing.html").is_file():
        row.link = f"{pair.slug}/briefing.html"
    if (folder / "briefing.pdf").is_file():
        row.pdf_link = f"{pair.slug}/briefing.pdf"
    arms_text, row.arms_share = arms_cell(params)
    align_text, row.agreement, row.distance = alignment_cell(params)
    rivals = rivals_of(pair)
    row.cells = {
        "arms": arms_text,
        "trade": trade_cell(params),
        "alignment": align_text,
        "deaths": deaths_cell(params),
        "rival": rivals[0] if rivals else "none",
        "vintage": vintage_cell(recorded, current),
        "built": built_cell(recorded),
    }
    return row


# ---- chart -----------------------------------------------------------------------------------------


def chart(rows: list[Row]) -> str | None:
    """Arms share against ideal-point distance, one labelled point per pair; a PNG data URI."""
    points = [r for r in rows if r.arms_share is not None and r.distance is not None]
    if not points:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from strategic_ties.charts import PALETTE, apply_style

    apply_style()
    fig, ax = plt.subplots(figsize=(7.2, 4.2))
    xs = [r.distance for r in points]
    ys = [r.arms_share * 100 for r in points]
    ax.scatter(xs, ys, s=36, color=PALETTE[0], zorder=3)
    for r, (x, y), lift in zip(points, zip(xs, ys, strict=True), _lifts(xs, ys), strict=True):
        ax.annotate(
            f"{r.partner}–{r.country}",
            (x, y),
            xytext=(5, 4 + lift),
            textcoords="offset points",
            fontsize=7.5,
            parse_math=False,  # names are data: no mathtext
            arrowprops={"arrowstyle": "-", "lw": 0.5, "color": "#888888"} if lift else None,
        )
    ax.set_xlabel("UN General Assembly ideal-point distance, latest year (0 = same positions)")
    ax.set_ylabel("Partner's share of the country's\narms imports, latest period (%)")
    ax.set_xlim(left=0, right=max(xs) * 1.25 + 0.05)
    ax.set_ylim(bottom=0, top=max(max(ys) * 1.15, 5))
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150)
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _lifts(xs: list[float], ys: list[float]) -> list[float]:
    """Points to raise each label by so that labels of nearby points do not overlap (greedy:
    a label moves up one line for each label already placed where it would go)."""
    width = (max(xs) - min(xs)) or 1.0
    height = (max(ys) - min(ys)) or 1.0
    placed: list[tuple[float, float]] = []
    lifts = [0.0] * len(xs)
    for i in sorted(range(len(xs)), key=lambda i: (ys[i], xs[i])):
        lift = 0.0
        y = ys[i] / height
        while any(
            abs(xs[i] - px) / width < 0.3 and abs(y + lift / 250 - py) < 0.045 for px, py in placed
        ):
            lift += 11.0
        lifts[i] = lift
        placed.append((xs[i], y + lift / 250))
    return lifts


# ---- page ------------------------------------------------------------------------------------------


def sources() -> list[str]:
    try:
        from strategic_ties import catalog

        return [catalog.source_note(name) for name in SOURCES]
    except Exception:
        return []


def render(batch: Batch, rows: list[Row], image: str | None, built: str) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE.parent)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template(TEMPLATE.name).render(
        title=batch.title,
        source_file=batch.path.name,
        rows=rows,
        chart=image,
        built=built,
        sources=sources(),
        deaths_years=DEATHS_YEARS,
    )


def _atomic_write(path: Path, data: bytes) -> None:
    manifest.atomic_write_bytes(path, data)


def write(
    batch: Batch,
    results: list[dict[str, Any]],
    out: Path,
    formats: list[str] | tuple[str, ...] = ("html", "pdf"),
    pdf_engine: str = "auto",
) -> Path:
    """Write DIR/index.html (and index.pdf when PDF is among the formats); returns the HTML path."""
    from strategic_ties.batch.worker import catalogue_checksums

    by_slug = {r["slug"]: r for r in results}
    current = catalogue_checksums()
    rows = [row_for(pair, by_slug.get(pair.slug), out, current) for pair in batch.pairs]
    now = dt.datetime.now(dt.UTC)
    built = f"{fmt.date(now)}, {now:%H:%M} UTC"
    document = render(batch, rows, chart(rows), built)
    page = out / "index.html"
    _atomic_write(page, document.encode("utf-8"))
    if "pdf" in formats:
        from strategic_ties.pipeline.render import html_file_to_pdf

        handle, tmp = tempfile.mkstemp(prefix=".index.", suffix=".pdf", dir=out)
        os.close(handle)
        try:
            html_file_to_pdf(page, Path(tmp), pdf_engine)
            os.replace(tmp, out / "index.pdf")
        finally:
            Path(tmp).unlink(missing_ok=True)
    return page
