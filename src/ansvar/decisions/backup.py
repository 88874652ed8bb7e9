"""Backups that can be trusted: taken while the server writes, and restored only when every
organisation's chain in them verifies.

SQLite uses its online backup API (a consistent copy page by page, safe beside writers);
PostgreSQL uses ``pg_dump -Fc`` and ``pg_restore``. A restore first loads the backup into a
scratch database, verifies every chain there (and, given checkpoint files, which of them the
backup extends), and only then writes it into the target, which must hold no organisation
yet: a restore never overwrites a live decision log.
"""

import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connections

from ansvar.decisions import checkpoint, log


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass
class OrganisationState:
    slug: str
    size: int
    head_hash: str
    ok: bool
    problem: str = ""
    checkpoints: list[str] = field(default_factory=list)  # files whose checkpoint it extends


@dataclass
class RestoreReport:
    organisations: list[OrganisationState]

    @property
    def ok(self) -> bool:
        return all(o.ok for o in self.organisations)


def _default() -> Any:
    return connections["default"]


def vendor() -> str:
    return str(_default().vendor)


def backup(path: Path) -> None:
    """Write a consistent copy of the database to ``path``."""
    connection = _default()
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return
    _run(["pg_dump", "-Fc", "--no-owner", "-f", str(path), _conninfo()])


def _conninfo(name: str | None = None) -> str:
    s = _default().settings_dict
    parts = {
        "host": s.get("HOST") or "",
        "port": str(s.get("PORT") or ""),
        "user": s.get("USER") or "",
        "password": s.get("PASSWORD") or "",
        "dbname": name or s["NAME"],
    }
    return " ".join(f"{k}={v}" for k, v in parts.items() if v)


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client)")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip() or done.returncode}")


@contextmanager
def _using_database(name: str) -> Iterator[None]:
    """Point the default connection at another database for a while (this process only)."""
    connection = _default()
    connection.close()
    previous = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = previous


def _states(checkpoint_files: list[Path]) -> list[OrganisationState]:
    from ansvar.org.models import Organisation

    points = [(p, checkpoint.read_checkpoint(p)) for p in checkpoint_files]
    states = []
    for org in Organisation.objects.order_by("pk"):
        verification = log.verify(org)
        state = OrganisationState(
            org.slug,
            verification.size,
            verification.head_hash,
            verification.ok,
            verification.problem,
        )
        for path, data in points:
            if data["organisation"].get("id") != org.pk:
                continue
            if checkpoint.check(org, data, verification).ok:
                state.checkpoints.append(str(path))
        states.append(state)
    return states


def _holds_organisations() -> bool:
    from django.db.utils import DatabaseError

    from ansvar.org.models import Organisation

    try:
        return Organisation.objects.exists()
    except DatabaseError:  # a database not migrated yet holds none
        return False


def restore(path: Path, checkpoint_files: list[Path] | None = None) -> RestoreReport:
    """Verify the backup at ``path`` in a scratch database; when every chain verifies, write
    it into the (empty) target database. Raises ``BackupError`` when the target holds an
    organisation already; returns the report either way (``report.ok`` false: nothing
    was written)."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    if _holds_organisations():
        raise BackupError(
            "the target database holds organisations already; restore into an empty one "
            "(a new SQLite file, or createdb NAME for PostgreSQL) and point "
            "ANSVAR_DATABASE_URL at it"
        )
    files = checkpoint_files or []
    if vendor() == "sqlite":
        return _restore_sqlite(path, files)
    return _restore_postgresql(path, files)


def _restore_sqlite(path: Path, files: list[Path]) -> RestoreReport:
    with tempfile.TemporaryDirectory(prefix="ansvar-restore-") as tmp:
        scratch = Path(tmp) / "scratch.sqlite3"
        try:
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            target = sqlite3.connect(scratch)
            source.backup(target)
            (check,) = target.execute("PRAGMA integrity_check").fetchone()
            source.close()
            target.close()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path} is not an SQLite backup: {exc}") from None
        if check != "ok":
            raise BackupError(f"{path} fails SQLite's integrity check: {check}")
        with _using_database(str(scratch)):
            report = RestoreReport(_states(files))
        if report.ok:
            connection = _default()
            connection.ensure_connection()
            source = sqlite3.connect(scratch)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
            connection.close()
    return report


def _restore_postgresql(path: Path, files: list[Path]) -> RestoreReport:
    live = _default().settings_dict["NAME"]
    scratch = f"{live}_restore_check"[:63]
    admin = _conninfo("postgres")
    _run(["psql", admin, "-q", "-c", f'DROP DATABASE IF EXISTS "{scratch}"'])
    _run(["psql", admin, "-q", "-c", f'CREATE DATABASE "{scratch}"'])
    try:
        _run(["pg_restore", "--no-owner", "-d", _conninfo(scratch), str(path)])
        with _using_database(scratch):
            report = RestoreReport(_states(files))
    finally:
        _default().close()
        _run(["psql", admin, "-q", "-c", f'DROP DATABASE IF EXISTS "{scratch}"'])
    if report.ok:
        _run(["pg_restore", "--no-owner", "--clean", "--if-exists", "-d", _conninfo(), str(path)])
    return report
