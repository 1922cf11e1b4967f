"""Checksum stamps: a file's SHA-256, remembered on disk against the file's identity.

Hashing every processed file on every first load costs each kernel tens of milliseconds (15 MB
for `trade`). A stamp in `data/.cache/verified/<name>.json` records the SHA-256 a file had
together with its identity: path, size, modification and status-change times (ns), inode and
device. A later process whose `os.fstat` of the open file gives the same identity trusts the
recorded SHA-256 instead of reading and hashing the file again; `strategic-ties data check`
always hashes in full.

What the identity catches: any write through the file system changes the status-change time
(ctime), which, unlike the modification time, no ordinary program can set back, and replacing
the file changes the inode. A same-size tamper that also restores the modification time is
therefore still seen. What it does not catch: writes that bypass the file system (a raw block
device) or a system clock set back to the second of the stamp; against those only
`strategic-ties data check` helps. Timestamps are coarse (a kernel tick), so a file changed
within moments of being stamped could keep its ctime: no stamp is written for a file younger
than FRESH_NS (as git does for "racily clean" entries); such files are hashed on every load
until they are older.

Standard library only; a folder that cannot be written only costs the hashing.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from strategic_ties.pipeline.manifest import write_cache_file

VERSION = 1
FRESH_NS = 2_000_000_000  # no stamp for a file changed less than 2 s ago


def identity(stat: os.stat_result) -> list[int]:
    """What must be unchanged for a stamp to hold."""
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev]


def _settled(stat: os.stat_result) -> bool:
    """Old enough that a later change would show in its identity (see FRESH_NS)."""
    return time.time_ns() - max(stat.st_ctime_ns, stat.st_mtime_ns) >= FRESH_NS


_hashed: dict[tuple, str] = {}


def file_sha256(path: Path) -> str:
    """A file's SHA-256, read and hashed once per process while its identity holds (a batch
    checks the same data for every pair); a file too fresh to trust is hashed every time."""
    stat = path.stat()
    key = (str(path), *identity(stat))
    digest = _hashed.get(key)
    if digest is None:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if _settled(stat):
            _hashed[key] = digest
    return digest


def _stamp_path(cache_dir: Path, name: str) -> Path:
    return cache_dir / "verified" / f"{name}.json"


def recorded_sha256(cache_dir: Path, name: str, path: Path, stat: os.stat_result) -> str | None:
    """The SHA-256 stamped for this very file (same path and identity), else None."""
    try:
        stored = json.loads(_stamp_path(cache_dir, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (
        isinstance(stored, dict)
        and stored.get("version") == VERSION
        and stored.get("path") == str(path)
        and stored.get("identity") == identity(stat)
        and isinstance(stored.get("sha256"), str)
    ):
        return stored["sha256"]
    return None


def record(cache_dir: Path, name: str, path: Path, stat: os.stat_result, sha256: str) -> None:
    """Remember that the file with this identity has this SHA-256 (unless it is too fresh)."""
    if not _settled(stat):
        return
    record = {"version": VERSION, "path": str(path), "identity": identity(stat), "sha256": sha256}
    write_cache_file(_stamp_path(cache_dir, name), json.dumps(record))
