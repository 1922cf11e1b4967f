"""The `strategic-ties` command: run | batch | params | data build|check|sources.

Exit codes: 0 success; 1 a notebook failed while executing (or a renderer failed); 2 bad input
(parameters, usage, missing or corrupt data). Imports stay light so a cached build takes well
under a second: papermill and nbconvert load only when something must be built.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from strategic_ties import __version__
from strategic_ties.errors import UserError
from strategic_ties.pipeline.signals import Terminated, terminate_raises

PROG = "strategic-ties"


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage mistakes as one sentence with exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{PROG}: error: {message[0].upper()}{message[1:]}.", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Build parameterised briefings on the strategic ties between two countries.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    run = commands.add_parser(
        "run",
        help="execute the notebooks and render HTML and PDF into reports/<slug>/",
        description="Execute the notebooks with papermill and render the report: "
        "html/, pdf/, briefing.html, briefing.pdf, notebooks/, chart-data/, manifest.json.",
    )
    run.add_argument(
        "notebooks", nargs="*", metavar="NOTEBOOK", help="notebooks to build (default: all)"
    )
    run.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="a parameter; lists comma-separated (-p rivals Iran,Armenia); see `strategic-ties params`",
    )
    run.add_argument(
        "-f",
        "--file",
        type=Path,
        metavar="PARAMS.yaml",
        help="parameters from a YAML mapping (-p wins)",
    )
    run.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="folder the <slug>/ report folder goes under (default: reports/)",
    )
    run.add_argument("--formats", default="html,pdf", help="html, pdf or html,pdf (default)")
    run.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        metavar="N",
        help="notebooks executed in parallel (default: number of cores)",
    )
    run.add_argument("--force", action="store_true", help="rebuild everything, ignoring the cache")
    run.add_argument(
        "--pdf-engine",
        default="auto",
        choices=("auto", "chromium", "weasyprint"),
        help="PDF renderer (default: auto = Chromium if on PATH, else WeasyPrint)",
    )
    run.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="how long to wait for another build of the same folder (default: wait)",
    )
    run.add_argument("--notebooks-dir", type=Path, default=None, help=argparse.SUPPRESS)

    from strategic_ties.batch.command import add_parser as add_batch_parser

    add_batch_parser(commands)

    params = commands.add_parser("params", help="list the parameters: name, type, default, help")
    params.add_argument("notebook", nargs="?", metavar="NOTEBOOK")
    params.add_argument("--notebooks-dir", type=Path, default=None, help=argparse.SUPPRESS)

    data = commands.add_parser("data", help="build, check or cite the processed datasets")
    data_commands = data.add_subparsers(dest="data_command", metavar="ACTION", parser_class=_Parser)
    data_commands.required = True
    build = data_commands.add_parser(
        "build", help="parse the publishers' raw files into data/processed/"
    )
    build.add_argument(
        "--raw", type=Path, required=True, metavar="DIR", help="folder of raw publisher files"
    )
    data_commands.add_parser("check", help="verify the processed tables against the catalogue")
    data_commands.add_parser("sources", help="print the citation of every dataset")
    return parser


# ---- parameters ------------------------------------------------------------------------------------


MAX_PARAMETER_FILE = 1_000_000  # bytes


def _read_yaml(path: Path) -> dict[str, Any]:
    """A parameter file: at most 1 MB of UTF-8 YAML, one mapping, no anchors/aliases, no
    duplicate keys (each a one-sentence UserError)."""
    import yaml

    shown = str(path)[:200]
    if path.is_dir():
        raise UserError(f"Parameter file {shown!r} is a folder; give a YAML file.")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_PARAMETER_FILE + 1)
    except OSError as exc:
        raise UserError(f"Parameter file {shown!r} cannot be read ({exc.strerror}).") from None
    if len(raw) > MAX_PARAMETER_FILE:
        raise UserError(f"Parameter file {shown!r} is larger than 1 MB; give a short YAML file.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(
            f"Parameter file {shown!r} is not UTF-8 text (byte {exc.start + 1}); save it as UTF-8."
        ) from None
    try:
        loaded = yaml.load(text, Loader=_strict_loader())  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise UserError(f"Parameter file {shown!r} is not valid YAML{where}.") from None
    except _Refused as exc:
        raise UserError(f"Parameter file {shown!r}: {exc}") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise UserError(
            f"Parameter file {shown!r} must hold a mapping of parameter names to values, "
            f"not a {type(loaded).__name__}."
        )
    return {str(k): v for k, v in loaded.items()}


class _Refused(Exception):
    """YAML the parameter file may not use."""


def _strict_loader() -> type:
    import yaml

    class StrictLoader(yaml.SafeLoader):
        """SafeLoader without anchors/aliases (no alias bombs) and without duplicate keys."""

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + 1
                raise _Refused(f"YAML anchors and aliases are not accepted (line {line}).")
            return super().compose_node(parent, index)

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                if key in seen:
                    line = key_node.start_mark.line + 1
                    raise _Refused(f"key {str(key)[:40]!r} is given twice (line {line}).")
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    return StrictLoader


def collect_parameters(pairs: list[list[str]], file: Path | None) -> dict[str, Any]:
    """-f values, then -p values (strings, converted by the schema; 'latest'/'none' end_year = default)."""
    values = _read_yaml(file) if file else {}
    for name, value in pairs:
        if name == "end_year" and value.strip().lower() in {"", "none", "latest"}:
            values[name] = None
        else:
            values[name] = value
    return values


def _params(values: dict[str, Any]):
    from strategic_ties.params import validate

    return validate(values)


# ---- commands ----------------------------------------------------------------------------------------


def cmd_run(args: argparse.Namespace) -> int:
    from strategic_ties.pipeline import build

    params = _params(collect_parameters(args.parameter, args.file))
    formats = build.parse_formats(args.formats)
    if args.timeout is not None and not (0 <= args.timeout < 1e9):  # also refuses nan and inf
        raise UserError(
            f"Option '--timeout': {args.timeout:g} is not accepted; give seconds, 0 or more."
        )
    if args.jobs is not None and args.jobs < 1:
        raise UserError(f"Option '--jobs': {args.jobs} is not accepted; give 1 or more.")
    outcome = build.run(
        params,
        args.notebooks,
        out=args.out,
        formats=formats,
        jobs=args.jobs,
        force=args.force,
        pdf_engine=args.pdf_engine,
        notebooks=args.notebooks_dir,
        timeout=args.timeout,
    )
    print(outcome.folder)
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    from strategic_ties.batch.command import cmd_batch as run_batch

    return run_batch(args)


def cmd_params(args: argparse.Namespace) -> int:
    from strategic_ties.params import describe

    if args.notebook:
        from strategic_ties.pipeline.build import notebooks_dir, select

        folder = notebooks_dir(args.notebooks_dir)
        (name,) = select([args.notebook], folder)
        print(f"Parameters of notebook {name} (every notebook takes the same ones):\n")
    rows = describe()
    widths = {k: max(len(k), *(len(r[k]) for r in rows)) for k in ("name", "type", "default")}
    header = "  ".join(k.upper().ljust(widths[k]) for k in ("name", "type", "default")) + "  HELP"
    print(header)
    for row in rows:
        print(
            "  ".join(row[k].ljust(widths[k]) for k in ("name", "type", "default"))
            + "  "
            + row["help"]
        )
    print("\nGive them as -p NAME VALUE (lists comma-separated) or in a YAML file with -f.")
    return 0


def _data_module():
    try:
        from strategic_ties import data_cli
    except ModuleNotFoundError as exc:
        if exc.name == "strategic_ties.data_cli":
            raise UserError(
                "The data commands are not available in this installation "
                "(module strategic_ties.data_cli is missing)."
            ) from None
        raise
    return data_cli


def cmd_data(args: argparse.Namespace) -> int:
    data_cli = _data_module()
    if args.data_command == "build":
        if not args.raw.is_dir():
            raise UserError(
                f"Option '--raw': {str(args.raw)!r} is not a folder of raw publisher files."
            )
        data_cli.build(args.raw)
        return 0
    if args.data_command == "check":
        problems = data_cli.check()
        if problems:
            for problem in problems:
                print(problem, file=sys.stderr)
            return 2
        print("All processed datasets match the catalogue.")
        return 0
    print(data_cli.sources())
    return 0


def _path_problem(exc: OSError) -> str:
    """One sentence for a file-system problem no step reported itself (e.g. a folder where
    data/catalog.yaml should be, an unreadable data file)."""
    from strategic_ties.pipeline.execute import no_space

    if no_space(exc):
        return (
            f"The disk holding {exc.filename} is full (no space left on device); free some space."
        )
    return f"{str(exc.filename)[:200]} cannot be used ({exc.strerror or exc}); check that path."


def _stopped(command: str | None) -> str:
    """What an interrupted command leaves: a batch keeps the pairs it finished."""
    if command == "batch":
        return "pairs finished before were installed; the others keep their previous report"
    return "nothing was installed"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    command = None
    try:
        args = parser.parse_args(argv)
        command = args.command
        handler = {"run": cmd_run, "params": cmd_params, "data": cmd_data, "batch": cmd_batch}[
            args.command
        ]
        with terminate_raises():  # `kill` stops every command as Ctrl-C does: cleaned up, 143
            return handler(args)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    except UserError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; {_stopped(command)}.", file=sys.stderr)
        return 130
    except Terminated:
        print(f"{PROG}: terminated (SIGTERM); {_stopped(command)}.", file=sys.stderr)
        return 143
    except BrokenPipeError:  # e.g. `strategic-ties data sources | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:
        if not exc.filename:  # not about a path of the user's: a bug, shown as one
            raise
        print(f"{PROG}: error: {_path_problem(exc)}", file=sys.stderr)
        return 2
    except Exception as exc:
        from strategic_ties.pipeline.build import BuildFailed

        if isinstance(exc, BuildFailed):
            print(f"{PROG}: error: {exc}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
