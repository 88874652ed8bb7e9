"""Backup and restore: a backup taken while another process writes restores to a database
whose chains verify and that holds every decision acknowledged before the backup began; a
backup that does not verify is refused, and a restore never overwrites a live log."""

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

WRITER = """
import os, sys, django
django.setup()
from ansvar.engine.registry import perform
from ansvar.org.models import Organisation
org = Organisation.objects.get()
person = org.people.order_by("pk").first()
target = f"person:{person.email}"
i = 0
while not os.path.exists(sys.argv[1]):
    perform(org, person, "set_skill", target, {"name": f"s{i % 50}", "level": 1 + i % 5})
    i += 1
"""


CLI = "import sys; from ansvar.cli.main import main; sys.exit(main())"


def ansvar(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-c", CLI, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done


def environment(tmp_path: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSVAR_")}
    env |= {
        "ANSVAR_DATABASE_URL": url,
        "ANSVAR_VAR_DIR": str(tmp_path),
        "ANSVAR_SECRET_KEY": "backup-test",
        "DJANGO_SETTINGS_MODULE": "ansvar.config.settings",
    }
    return env


class Live:
    """The live database: its log's hashes, read straight from it."""

    def __init__(self, url: str) -> None:
        self.url = url

    def hashes(self) -> list[str]:
        sql = "SELECT hash FROM decisions_entry ORDER BY organisation_id, seq"
        if self.url.startswith("sqlite"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///")) as db:
                return [h for (h,) in db.execute(sql)]
        with psycopg.connect(self.url.replace("postgres://", "postgresql://", 1)) as db:
            return [h for (h,) in db.execute(sql)]


def backup_while_writing(tmp_path: Path, live_url: str, new_url: str, backup: Path) -> None:
    env = environment(tmp_path, live_url)
    ansvar(env, "init")
    ansvar(env, "demo", "--people", "30")
    ansvar(env, "log", "checkpoint", "--out", str(tmp_path / "cp.json"))
    stop = tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(stop)], env=env)
    try:
        live = Live(live_url)
        deadline = time.monotonic() + 60
        while len(live.hashes()) < 40 and time.monotonic() < deadline:
            time.sleep(0.2)
        acknowledged = live.hashes()  # every decision committed before the backup begins
        assert len(acknowledged) >= 40, "the writer wrote nothing"
        ansvar(env, "backup", str(backup))
        time.sleep(0.5)
    finally:
        stop.touch()
        assert writer.wait(timeout=60) == 0
    after = live.hashes()
    assert len(after) > len(acknowledged)  # the writer went on during and after the backup

    new_env = environment(tmp_path, new_url)
    ansvar(new_env, "init")
    done = ansvar(
        new_env, "restore", str(backup), "--checkpoint", str(tmp_path / "cp.json"), "--json"
    )
    report = json.loads(done.stdout)
    assert report["ok"]
    assert report["organisations"][0]["checkpoints"] == [str(tmp_path / "cp.json")]
    restored = Live(new_url).hashes()
    assert restored[: len(acknowledged)] == acknowledged
    assert restored == after[: len(restored)]
    assert ansvar(new_env, "log", "verify").returncode == 0

    # Restoring again into the now non-empty database is refused, and changes nothing.
    again = ansvar(new_env, "restore", str(backup), check=False)
    assert again.returncode == 2 and "holds organisations already" in again.stderr
    assert Live(new_url).hashes() == restored


def test_sqlite_backup_while_another_process_writes(tmp_path):
    backup_while_writing(
        tmp_path,
        f"sqlite:///{tmp_path / 'live.sqlite3'}",
        f"sqlite:///{tmp_path / 'new.sqlite3'}",
        tmp_path / "backup.sqlite3",
    )


def test_a_tampered_sqlite_backup_is_refused(tmp_path):
    env = environment(tmp_path, f"sqlite:///{tmp_path / 'live.sqlite3'}")
    ansvar(env, "init")
    ansvar(env, "demo", "--people", "30")
    backup = tmp_path / "backup.sqlite3"
    ansvar(env, "backup", str(backup))
    with sqlite3.connect(backup) as db:
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
            db.execute(f'DROP TRIGGER "{name}"')
        db.execute("UPDATE decisions_entry SET effective_on = '2001-01-01' WHERE seq = 5")
    new_url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    new_env = environment(tmp_path, new_url)
    ansvar(new_env, "init")
    done = ansvar(new_env, "restore", str(backup), check=False)
    assert done.returncode == 1
    assert "entry 5 was altered" in done.stdout
    assert "nothing was restored" in done.stderr
    assert Live(new_url).hashes() == []


def test_garbage_is_not_a_backup(tmp_path):
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(os.urandom(4096))
    env = environment(tmp_path, f"sqlite:///{tmp_path / 'new.sqlite3'}")
    done = ansvar(env, "restore", str(garbage), check=False)
    assert done.returncode == 2 and "is not an SQLite backup" in done.stderr


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL pass runs it")
def test_postgresql_backup_while_another_process_writes(tmp_path):
    base = os.environ["ANSVAR_DATABASE_URL"].rsplit("/", 1)[0]
    admin = psycopg.connect(
        base.replace("postgres://", "postgresql://", 1) + "/postgres", autocommit=True
    )
    names = ["ansvar_backup_live", "ansvar_backup_new"]
    try:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        backup_while_writing(
            tmp_path, f"{base}/{names[0]}", f"{base}/{names[1]}", tmp_path / "backup.dump"
        )
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
