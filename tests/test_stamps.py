"""Checksum stamps and the cached catalogue parse: later processes skip the SHA-256 and the YAML
parse while the files are unchanged, and still refuse a changed file."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest

from strategic_ties import catalog, data_cli, datasets, stamps
from strategic_ties.errors import DataError

REPO_DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture()
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private catalogue and `events` table; stamps and parses are written however fresh."""
    (tmp_path / "processed").mkdir()
    shutil.copy(REPO_DATA / "catalog.yaml", tmp_path / "catalog.yaml")
    shutil.copy(REPO_DATA / "processed" / "events.parquet", tmp_path / "processed")
    monkeypatch.setenv("STRATEGIC_TIES_DATA", str(tmp_path))
    monkeypatch.setattr(stamps, "FRESH_NS", 0)
    monkeypatch.setattr(catalog, "FRESH_NS", 0)
    datasets.clear_cache()
    yield tmp_path
    datasets.clear_cache()


def _no_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args):
        raise AssertionError("the file was hashed although its stamp holds")

    monkeypatch.setattr(datasets.hashlib, "sha256", refuse)


def _tamper_keeping_size_and_mtime(path: Path) -> None:
    before = path.stat()
    time.sleep(0.05)  # past the timestamps' granularity: the write gets a new ctime
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_stamp_skips_the_hash_in_a_later_process(data_copy: Path, monkeypatch) -> None:
    expected = datasets.load("events")
    assert (data_copy / ".cache" / "verified" / "events.json").is_file()
    datasets.clear_cache()  # as a new process
    _no_hashing(monkeypatch)
    assert datasets.load("events").equals(expected)
    datasets.clear_cache()
    assert len(datasets.load("events", {"event_id": ["EV003"]})) == 1


def test_same_size_same_mtime_tamper_is_still_refused(data_copy: Path) -> None:
    datasets.load("events")
    datasets.clear_cache()
    _tamper_keeping_size_and_mtime(data_copy / "processed" / "events.parquet")
    with pytest.raises(DataError, match="SHA-256"):
        datasets.load("events")


def test_too_fresh_a_file_is_not_stamped(data_copy: Path, monkeypatch) -> None:
    monkeypatch.setattr(stamps, "FRESH_NS", 3600 * 10**9)
    datasets.load("events")
    assert not (data_copy / ".cache" / "verified" / "events.json").exists()


def test_data_check_hashes_whatever_the_stamp_says(data_copy: Path) -> None:
    """The trade-off, spelled out: a stamp forged for a changed file fools a load (which trusts
    stamps), never `strategic-ties data check` (which hashes every file in full)."""
    path = data_copy / "processed" / "events.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    sha = catalog.entry("events")["processed"]["sha256"]
    assert hashlib.sha256(bytes(data)).hexdigest() != sha
    stamps.record(data_copy / ".cache", "events", path, path.stat(), sha)
    problems = data_cli.check()
    assert any("events" in p and "SHA-256" in p for p in problems)


def test_catalogue_parse_is_cached_and_follows_edits(data_copy: Path, monkeypatch) -> None:
    first = catalog.load_catalog()
    assert (data_copy / ".cache" / "catalog.json").is_file()
    catalog.clear_cache()
    monkeypatch.setattr(catalog, "_parse", lambda path: pytest.fail("parsed again"))
    assert catalog.load_catalog() == first
    monkeypatch.undo()
    monkeypatch.setenv("STRATEGIC_TIES_DATA", str(data_copy))
    monkeypatch.setattr(catalog, "FRESH_NS", 0)
    path = data_copy / "catalog.yaml"
    before = path.stat()
    time.sleep(0.05)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("ACLED", "ACLEX", 1), encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    catalog.clear_cache()
    assert "ACLEX" in str(catalog.load_catalog())


def test_invalid_catalogue_is_never_cached(data_copy: Path) -> None:
    (data_copy / "catalog.yaml").write_text("datasets: [1, 2]\n", encoding="utf-8")
    catalog.clear_cache()
    with pytest.raises(DataError, match="no 'datasets' section"):
        catalog.load_catalog()
    assert not (data_copy / ".cache" / "catalog.json").exists()


def test_file_sha256_is_remembered_only_while_the_file_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "table.parquet"
    path.write_bytes(b"first version")
    monkeypatch.setattr(stamps, "FRESH_NS", 0)
    assert stamps.file_sha256(path) == hashlib.sha256(b"first version").hexdigest()
    before = path.stat()
    time.sleep(0.05)
    path.write_bytes(b"other version")  # same size, modification time set back
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert stamps.file_sha256(path) == hashlib.sha256(b"other version").hexdigest()


def test_file_sha256_of_a_fresh_file_is_never_remembered(tmp_path: Path) -> None:
    path = tmp_path / "table.parquet"
    path.write_bytes(b"first version")
    assert stamps.file_sha256(path) == hashlib.sha256(b"first version").hexdigest()
    assert not any(key[0] == str(path) for key in stamps._hashed)
