"""The command line: exit codes 0 / 2 and one-sentence messages, checked before any kernel starts."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest

from strategic_ties import cli

FIXTURES = Path(__file__).parent / "fixtures" / "pipeline" / "notebooks"


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_params_lists_name_type_default_help(capsys) -> None:
    code, out, _ = run_cli(capsys, "params")
    assert code == 0
    for fragment in (
        "NAME",
        "TYPE",
        "DEFAULT",
        "HELP",
        "rivals",
        "list[str]",
        "'Azerbaijan'",
        "1992",
    ):
        assert fragment in out


def test_params_for_a_notebook(capsys) -> None:
    code, out, _ = run_cli(capsys, "params", "demo_section", "--notebooks-dir", str(FIXTURES))
    assert code == 0 and "demo_section" in out and "period_years" in out


@pytest.mark.parametrize(
    ("argv", "fragments"),
    [
        (["run", "-p", "country", "Azerbaijn"], ["'country'", "Did you mean Azerbaijan"]),
        (["run", "-p", "start_year", "2015", "-p", "end_year", "2001"], ["reversed"]),
        (["run", "-p", "start_year", "nineteen"], ["'start_year'", "whole number"]),
        (["run", "-p", "period_years", "2.0"], ["'period_years'", "whole number"]),
        (["run", "-p", "flavour", "x"], ["Unknown parameter 'flavour'"]),
        (["run", "no_such_notebook"], ["Unknown notebook 'no_such_notebook'", "demo_section"]),
        (["run", "demo_sectoin"], ["Did you mean demo_section"]),
        (["run", "--formats", "docx"], ["'--formats'", "html"]),
        (["run", "--jobs", "0"], ["'--jobs'"]),
        (["run", "--pdf-engine", "latex"], ["invalid choice"]),
        (["run", "--no-such-option"], ["nrecognized arguments"]),
        (["params", "nope"], ["Unknown notebook 'nope'"]),
    ],
)
def test_bad_input_exits_2_with_one_sentence(capsys, argv, fragments, tmp_path) -> None:
    code, out, err = run_cli(
        capsys,
        *argv,
        "--notebooks-dir",
        str(FIXTURES),
        *(["--out", str(tmp_path)] if argv[0] == "run" else []),
    )
    assert code == 2
    assert "Traceback" not in err
    message = err.strip().splitlines()[-1]
    for fragment in fragments:
        assert fragment in message
    assert not any(tmp_path.iterdir())  # nothing was built


def test_bad_yaml_file_exits_2(capsys, tmp_path) -> None:
    file = tmp_path / "p.yaml"
    file.write_text("country: [Armenia\n")
    code, _, err = run_cli(capsys, "run", "-f", str(file), "--out", str(tmp_path / "out"))
    assert code == 2 and "not valid YAML" in err
    code, _, err = run_cli(capsys, "run", "-f", str(tmp_path / "missing.yaml"))
    assert code == 2 and "cannot be read" in err


def test_no_kernel_or_heavy_import_before_parameters_are_checked() -> None:
    """A bad parameter is rejected before papermill/nbconvert are even imported."""
    code = (
        "import sys\nfrom strategic_ties import cli\n"
        "rc = cli.main(['run', '-p', 'country', 'Narnia'])\n"
        "assert rc == 2, rc\n"
        "heavy = [m for m in ('papermill', 'nbconvert', 'nbclient', 'jupyter_client') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "'Narnia' is not a known country" in done.stderr


def test_console_script_is_installed_and_exits_2() -> None:
    script = Path(sys.executable).with_name("strategic-ties")
    done = subprocess.run(
        [str(script), "run", "-p", "start_year", "abc"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "'start_year'" in done.stderr


def test_data_commands_are_wired(capsys, monkeypatch, tmp_path) -> None:
    calls: list[object] = []
    fake = types.ModuleType("strategic_ties.data_cli")
    fake.build = lambda raw: calls.append(raw)
    fake.check = lambda: ["arms_transfers: checksum differs from the catalogue"]
    fake.sources = lambda: "SIPRI (2026). Arms Transfers Database."
    monkeypatch.setitem(sys.modules, "strategic_ties.data_cli", fake)
    import strategic_ties

    monkeypatch.setattr(strategic_ties, "data_cli", fake, raising=False)
    assert run_cli(capsys, "data", "build", "--raw", str(tmp_path))[0] == 0
    assert calls == [tmp_path]
    code, _, err = run_cli(capsys, "data", "check")
    assert code == 2 and "checksum differs" in err
    fake.check = lambda: []
    code, out, _ = run_cli(capsys, "data", "check")
    assert code == 0 and "match" in out
    code, out, _ = run_cli(capsys, "data", "sources")
    assert code == 0 and "SIPRI" in out
    code, _, err = run_cli(capsys, "data", "build", "--raw", str(tmp_path / "absent"))
    assert code == 2 and "'--raw'" in err


def test_data_commands_without_the_ingest_module(capsys, monkeypatch) -> None:
    import strategic_ties

    monkeypatch.setitem(sys.modules, "strategic_ties.data_cli", None)
    monkeypatch.delattr(strategic_ties, "data_cli", raising=False)
    code, _, err = run_cli(capsys, "data", "sources")
    assert code == 2 and "data_cli is missing" in err


def test_unwritable_output_folder_exits_2(capsys, tmp_path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, _, err = run_cli(capsys, "run", "--notebooks-dir", str(FIXTURES), "--out", str(blocker))
    assert code == 2 and "cannot be written" in err and "Traceback" not in err
