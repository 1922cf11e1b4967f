"""`strategic-ties batch`: the pairs file, the worker adapter, the summary, the portfolio page.

Fast tests here; the real builds (worker processes, a Dask LocalCluster, a killed worker, two
concurrent batches) are in test_batch_cluster.py (marked slow).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from strategic_ties import cli
from strategic_ties.batch import pairs, portfolio, runner, worker

GOOD = """\
title: South <Caucasus> & co
defaults:
  start_year: 2000
pairs:
  - {partner: Israel, country: Azerbaijan}
  - partner: Russia
    country: Armenia
    rivals: [Azerbaijan, Turkey]
"""

BAD = """\
defaults:
  start_year: 1995
  colour: blue
pairs:
  - {partner: Israel, country: Azerbaijan}
  - partner: Russia
    country: Armenai
  - partner: Israel
    country: AZE
  - [Russia, Iran]
  - partner: France
  - partner: Iran
    country: Armenia
    period_years: 40
  - partner: India
    country: Armenia
    start_yaer: 2001
"""


def write(tmp_path: Path, text: str, name: str = "pairs.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_pairs_file_defaults_and_own_values(tmp_path):
    batch = pairs.load(write(tmp_path, GOOD))
    assert batch.title == "South <Caucasus> & co"
    # other years or rivals than a plain run's: the report folder says so (pipeline's slug rule)
    assert [p.slug for p in batch.pairs][0].startswith("israel-azerbaijan-2000-")
    assert [p.slug for p in batch.pairs][1].startswith("russia-armenia-2000-")
    assert [p.line for p in batch.pairs] == [5, 6]
    assert all(p.params.start_year == 2000 for p in batch.pairs)
    assert batch.pairs[1].params.rivals == ["Azerbaijan", "Türkiye"]
    assert batch.pairs[0].values == {
        "start_year": 2000,
        "partner": "Israel",
        "country": "Azerbaijan",
    }


def test_pairs_file_every_bad_entry_named_with_its_line(tmp_path):
    with pytest.raises(pairs.UserError) as caught:
        pairs.load(write(tmp_path, BAD))
    text = str(caught.value)
    lines = text.splitlines()
    assert lines[0].endswith("has 7 problems; nothing was built:")
    found = {int(m.group(1)): line for line in lines[1:] if (m := re.search(r"line (\d+):", line))}
    assert "unknown parameter 'colour'" in found[3]
    assert "'Armenai' is not a known country" in found[7] and "pair 2" in found[7]
    assert "repeats the pair on line 5" in found[8]
    assert "must be a mapping" in found[10]
    assert "has no country" in found[11]
    assert "'period_years': 40" in found[14]
    assert "'start_yaer'" in found[17] and "Did you mean start_year?" in found[17]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pairs: [\n  {partner: Israel\n", "not valid YAML"),
        ("- a\n- b\n", "must be a mapping with a 'pairs' list"),
        ("pairs: []\n", "line 1: 'pairs' must be a list with at least one pair"),
        ("pairz:\n  - {partner: Israel, country: Iran}\n", "unknown section 'pairz'"),
        (
            "pairs:\n  - {partner: Israel, country: Iran}\n  - {partner: Israel, partner: Iran}\n",
            "line 3: the key 'partner' is given twice",
        ),
    ],
)
def test_pairs_file_shape_errors(tmp_path, text, expected):
    with pytest.raises(pairs.UserError, match=re.escape(expected)):
        pairs.load(write(tmp_path, text))


def test_cli_bad_pairs_file_exit_2_nothing_built(tmp_path, capsys):
    out = tmp_path / "out"
    code = cli.main(["batch", str(write(tmp_path, BAD)), "--out", str(out), "--formats", "html"])
    err = capsys.readouterr().err
    assert code == 2
    assert "line 7:" in err and "Traceback" not in err
    assert not out.exists()
    assert cli.main(["batch", str(tmp_path / "missing.yaml")]) == 2
    assert "cannot be read" in capsys.readouterr().err
    assert cli.main(["batch", str(write(tmp_path, GOOD)), "--jobs", "0"]) == 2
    assert cli.main(["batch", str(write(tmp_path, GOOD)), "--cluster", "remote"]) == 2
    code = cli.main(
        ["batch", str(write(tmp_path, GOOD)), "--cluster", "local", "--scheduler", "tcp://x:1"]
    )
    assert code == 2


def test_worker_refuses_data_that_differ_from_the_clients(tmp_path):
    checksums = worker.catalogue_checksums()
    assert checksums, "the repository's data catalogue records checksums"
    name = sorted(checksums)[0]
    job = worker.PairJob(
        slug="israel-azerbaijan",
        label="Israel–Azerbaijan",
        values={"partner": "Israel", "country": "Azerbaijan"},
        out=str(tmp_path),
        checksums={**checksums, name: "0" * 64},
    )
    result = worker.build_pair(job)
    assert result["status"] == "failed"
    message = result["failure"]["message"]
    assert f"dataset '{name}'" in message and "do not match the client's catalogue" in message
    assert "copy the client's data/ folder" in message
    assert not (tmp_path / "israel-azerbaijan").exists()  # refused before anything was written
    assert worker.data_mismatch(checksums) is None


def test_failure_names_notebook_and_cell():
    failure = worker._failure("Notebook arms_trade failed in cell 7: KeyError: 'x'.\nMore.")
    assert failure["notebook"] == "arms_trade" and failure["cell"] == 7
    results = [
        {"slug": "a-b", "status": "built", "seconds": 3.0},
        {"slug": "c-d", "status": "cached", "seconds": 0.2},
        {"slug": "e-f", "status": "failed", "seconds": 1.0, "failure": failure},
    ]
    text = runner.summary(results)
    assert "e-f  failed       1.0  notebook arms_trade, cell 7: KeyError: 'x'." in text
    assert text.splitlines()[-1] == "3 pairs: 1 built, 1 cached, 1 failed."


def test_progress_plain_line_per_pair_when_not_a_terminal(tmp_path):
    import io

    stream = io.StringIO()
    progress = runner.Progress(2, stream)
    progress.update({"slug": "a-b", "status": "built", "seconds": 2.5})
    progress.update(
        {"slug": "c-d", "status": "failed", "seconds": 1, "failure": {"message": "boom\nmore"}}
    )
    progress.close()
    assert stream.getvalue().splitlines() == [
        "[1/2] built   a-b (2.5 s)",
        "[2/2] failed  c-d (1.0 s): boom",
    ]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []
        self.sources: list[str] = []
        self.rows = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if tag == "a":
            self.links.append(attrs["href"])
        if tag in ("img", "script", "link", "iframe") and attrs.get("src"):
            self.sources.append(attrs["src"])
        if tag == "tr":
            self.rows += 1


def test_portfolio_page_escaped_no_script_links(tmp_path):
    text = GOOD.replace("South <Caucasus> & co", "'<script>alert(1)</script> & <b>x</b>'")
    batch = pairs.load(write(tmp_path, text))
    out = tmp_path / "out"
    first, second = (p.slug for p in batch.pairs)
    folder = out / first
    folder.mkdir(parents=True)
    (folder / "briefing.html").write_text("<html></html>", encoding="utf-8")
    evil = "<img src=x onerror=alert(1)>"
    (folder / "manifest.json").write_text(
        json.dumps(
            {
                "parameters": {"rivals": ["Iran", "Armenia"]},
                "data": {"datasets": {"arms_deliveries": {"version": evil, "sha256": "0"}}},
                "last_run": {"finished": "2026-11-30T01:00:00+00:00"},
            }
        ),
        encoding="utf-8",
    )
    results = [
        {"slug": first, "status": "built", "seconds": 1.0},
        {"slug": second, "status": "failed", "seconds": 1.0, "failure": {}},
    ]
    page = portfolio.write(batch, results, out, formats=("html",))
    html = page.read_text(encoding="utf-8")
    parsed = _Page()
    parsed.feed(html)
    assert "script" not in parsed.tags and "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;x&lt;/b&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and evil not in html
    assert parsed.rows == 3  # header + one row per pair
    assert parsed.links == [f"{first}/briefing.html"]  # the failed pair has no report
    assert all(src.startswith("data:image/png;base64,") for src in parsed.sources)
    assert len(parsed.sources) == 1  # the comparison chart
    assert "default-src 'none'" in html
    assert "SIPRI Arms Transfers Database" in html.split("</table>")[1]  # sources under it
    assert "failed in this batch" in html
    assert "30 November 2026, 01:00 UTC" in html
    assert not (out / "index.pdf").exists()


def test_portfolio_numbers_come_from_the_analysis_api(tmp_path):
    from strategic_ties.analysis import arms, trade

    batch = pairs.load(write(tmp_path, GOOD))
    row = portfolio.row_for(batch.pairs[0], None, tmp_path, {})
    params = batch.pairs[0].params
    standing = arms.partner_share_by_period("Israel", "Azerbaijan", 2000, params.end_year, 5)
    latest = standing.iloc[-1]
    assert row.arms_share == pytest.approx(float(latest["share"]))
    # whole percent, as the briefings print arms shares
    assert row.cells["arms"].startswith(f"{latest['share'] * 100:.0f}%, rank {int(latest['rank'])}")
    flows = trade.bilateral_trade("Azerbaijan", "Israel", 2000, params.end_year).dropna(
        subset=["turnover"]
    )
    assert row.cells["trade"].endswith(f"in {int(flows['year'].iloc[-1])}")
    assert row.cells["built"] == "not built" and row.link is None
    assert re.fullmatch(r"[\d,]+ \(\d{4}–\d{4}\)", row.cells["deaths"])


def test_portfolio_says_none_recorded_not_zero(tmp_path):
    """No SIPRI delivery and no UCDP conflict-year are absences of records, not zeros: Ukraine
    to Georgia in the real data (no recorded delivery in the latest period, no conflict-year of
    25+ deaths for Georgia in the last ten years)."""
    text = "pairs:\n  - {partner: Ukraine, country: Georgia}\n"
    batch = pairs.load(write(tmp_path, text))
    row = portfolio.row_for(batch.pairs[0], None, tmp_path, {})
    assert re.fullmatch(r"none recorded in \d{4}–\d{4}", row.cells["arms"])
    assert re.fullmatch(r"none recorded \(\d{4}–\d{4}\)", row.cells["deaths"])
    assert "0%" not in row.cells["arms"] and not row.cells["deaths"].startswith("0")


def test_portfolio_vintage_says_whether_data_changed_since_the_build():
    recorded = {
        "data": {
            "datasets": {
                "arms_deliveries": {"version": "data generated 12 Feb 2026 10:31", "sha256": "a"},
                "trade": {"version": "Jan 2022", "sha256": "b"},
            }
        }
    }
    same = portfolio.vintage_cell(recorded, {"arms_deliveries": "a", "trade": "b"})
    assert same == "SIPRI data generated 12 Feb 2026; data unchanged since the build"
    changed = portfolio.vintage_cell(recorded, {"arms_deliveries": "a", "trade": "c"})
    assert changed == "SIPRI data generated 12 Feb 2026; 1 dataset changed since the build"
