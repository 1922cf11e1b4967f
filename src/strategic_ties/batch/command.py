"""`strategic-ties batch PAIRS.yaml`: the subcommand's options and what it does."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from strategic_ties.errors import UserError


def add_parser(commands: argparse._SubParsersAction) -> None:
    batch = commands.add_parser(
        "batch",
        help="build many pairs from a pairs file, then the portfolio page DIR/index.html",
        description="Build every pair of PAIRS.yaml as `strategic-ties run` would (same cache, "
        "same lock), on worker processes or a Dask cluster, then write the portfolio page "
        "DIR/index.html (+ index.pdf) comparing the pairs. Exit 1 if any pair failed.",
    )
    batch.add_argument("pairs_file", type=Path, metavar="PAIRS.yaml", help="the pairs file")
    batch.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="folder of the pairs' <slug>/ folders and the portfolio (default: reports/)",
    )
    batch.add_argument("--formats", default="html,pdf", help="html, pdf or html,pdf (default)")
    batch.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        metavar="N",
        help="pairs built at once (default: number of cores); workers of --cluster local",
    )
    batch.add_argument(
        "--force", action="store_true", help="rebuild everything, ignoring the cache"
    )
    batch.add_argument(
        "--pdf-engine",
        default="auto",
        choices=("auto", "chromium", "weasyprint"),
        help="PDF renderer (default: auto = Chromium if on PATH, else WeasyPrint)",
    )
    where = batch.add_mutually_exclusive_group()
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the pairs on an existing Dask cluster, e.g. tcp://HOST:8786",
    )
    where.add_argument(
        "--cluster",
        choices=("local",),
        help="start a dask.distributed LocalCluster with --jobs workers for the run",
    )
    batch.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="how long a pair waits for another build of the same folder (default: wait)",
    )
    batch.add_argument("--notebooks-dir", type=Path, default=None, help=argparse.SUPPRESS)


def cmd_batch(args: argparse.Namespace) -> int:
    import os

    from strategic_ties import fmt, paths
    from strategic_ties.batch import pairs, portfolio, runner
    from strategic_ties.pipeline.build import check_data, parse_formats

    formats = parse_formats(args.formats)
    if args.jobs is not None and args.jobs < 1:
        raise UserError(f"Option '--jobs': {args.jobs} is not accepted; give 1 or more.")
    if args.timeout is not None and not (0 <= args.timeout < 1e9):  # also refuses nan and inf
        raise UserError(
            f"Option '--timeout': {args.timeout:g} is not accepted; give seconds, 0 or more."
        )
    if args.scheduler:
        runner.check_scheduler(args.scheduler)
    check_data()  # the client's data: pairs' rivals, the portfolio's numbers, workers' reference
    batch = pairs.load(args.pairs_file)
    if "pdf" in formats:
        from strategic_ties.pipeline.render import resolve_engine

        resolve_engine(args.pdf_engine)  # a missing Chromium is a usage error, before any work
    out = writable_folder((args.out or paths.REPORTS_DIR).resolve())
    options = runner.Options(
        out=out,
        formats=tuple(formats),
        jobs=args.jobs or os.cpu_count() or 1,
        force=args.force,
        pdf_engine=args.pdf_engine,
        timeout=args.timeout,
        scheduler=args.scheduler,
        cluster=args.cluster,
        notebooks=str(args.notebooks_dir.resolve()) if args.notebooks_dir else None,
    )
    where = (
        f"the Dask cluster at {args.scheduler}"
        if args.scheduler
        else f"a local Dask cluster of {options.jobs} workers"
        if args.cluster
        else fmt.count(min(options.jobs, len(batch.pairs)), "worker process", "worker processes")
    )
    print(
        f"Building {fmt.count(len(batch.pairs), 'pair')} from {args.pairs_file} on {where}.",
        file=sys.stderr,
    )
    results = runner.execute(batch, options)
    print(runner.summary(results))
    from strategic_ties.pipeline.build import BuildFailed
    from strategic_ties.pipeline.pdf import RenderError

    try:
        page = portfolio.write(batch, results, out, formats, args.pdf_engine)
    except OSError as exc:
        raise UserError(
            f"The portfolio page could not be written in {out} ({exc.strerror or exc}); the "
            "pairs' reports above are in place, and the batch rebuilds the page when run again."
        ) from None
    except RenderError as exc:  # e.g. Chromium crashed: a renderer failure, exit 1
        raise BuildFailed(
            f"The portfolio's PDF could not be printed: {exc} {out / 'index.html'} is up to "
            "date; index.pdf, if any, is from an earlier batch."
        ) from None
    print(f"Portfolio: {page}")
    return 1 if any(r["status"] == "failed" for r in results) else 0


def writable_folder(out: Path) -> Path:
    """`--out`, created if missing and checked writable before any pair is built (exit 2)."""
    import tempfile

    if out.exists() and not out.is_dir():
        raise UserError(f"Option '--out': {out} is a file, not a folder; give a folder.")
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as exc:
        raise UserError(
            f"Option '--out': {out} cannot be written ({exc.strerror or exc}); give a writable folder."
        ) from None
    return out
