"""Backup and restore of the database and the uploaded files, into one dated archive (trust 25).

``make backup`` (``manage.py backup``) writes ``var/backups/partenaria-YYYYMMDD-HHMMSS.tar.gz``:

- ``database.pgdump`` (PostgreSQL, ``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite,
  through sqlite3's online backup API: a consistent copy while the site runs);
- ``media/``: logos, signed conventions, deliverables, generated documents;
- ``manifest.json``: the engine, the date, and per table its row count and a SHA-256 of its rows.

``make restore ARCHIVE=...`` (``manage.py restore``) loads it into the configured database, or into
the one given by ``--into`` (a DATABASE_URL), puts the files back, then recomputes every table's
count and checksum and compares them with the manifest: any difference fails the command.
The drill is tests/core/test_backup.py (SQLite always; PostgreSQL in the PG run).
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"


class RestoreMismatch(Exception):
    """The restored database does not hold the rows the backup held."""


# --- Fingerprints ---------------------------------------------------------------------------------


def _tables(cursor, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return sorted(row[0] for row in cursor.fetchall())


def _canonical(value) -> str:
    if isinstance(value, memoryview | bytes | bytearray):
        return bytes(value).hex()
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return repr(value)


def fingerprint(cursor, vendor: str) -> dict[str, dict]:
    """Per table: the number of rows and a SHA-256 of all its rows in a fixed order."""
    result = {}
    for table in _tables(cursor, vendor):
        quoted = '"' + table.replace('"', '""') + '"'
        cursor.execute(f"SELECT * FROM {quoted} LIMIT 0")  # noqa: S608 (names come from the catalogue)
        width = len(cursor.description)
        order = ", ".join(str(i) for i in range(1, width + 1))
        cursor.execute(f"SELECT * FROM {quoted} ORDER BY {order}")  # noqa: S608
        digest, count = hashlib.sha256(), 0
        for row in cursor.fetchall():
            digest.update(("\x1f".join(_canonical(v) for v in row) + "\x1e").encode())
            count += 1
        result[table] = {"rows": count, "sha256": digest.hexdigest()}
    return result


def fingerprint_of(database: dict) -> dict[str, dict]:
    """Fingerprint of a database given as Django settings (ENGINE, NAME, ...), outside Django's pool."""
    if database["ENGINE"].endswith("sqlite3"):
        with sqlite3.connect(database["NAME"]) as db:
            return fingerprint(db.cursor(), "sqlite")
    import psycopg

    with psycopg.connect(**_pg_params(database)) as db, db.cursor() as cursor:
        return fingerprint(cursor, "postgresql")


# --- Backup ---------------------------------------------------------------------------------------


def _pg_params(database: dict) -> dict:
    params = {"dbname": database["NAME"], "user": database.get("USER") or "postgres"}
    if database.get("HOST"):
        params["host"] = database["HOST"]
    if database.get("PORT"):
        params["port"] = str(database["PORT"])
    if database.get("PASSWORD"):
        params["password"] = database["PASSWORD"]
    return params


def _pg_env(database: dict) -> dict:
    params = _pg_params(database)
    env = {**os.environ, "PGUSER": params["user"], "PGDATABASE": params["dbname"]}
    for key, name in (("host", "PGHOST"), ("port", "PGPORT"), ("password", "PGPASSWORD")):
        if key in params:
            env[name] = params[key]
    return env


def backup(*, destination: Path, media_root: Path | None = None) -> Path:
    """Write the archive of the current database and media into ``destination`` (a folder)."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    destination.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%d-%H%M%S")
    archive = destination / f"partenaria-{stamp}.tar.gz"
    vendor = connection.vendor
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        connection.ensure_connection()
        if vendor == "sqlite":
            dump = work_dir / SQLITE_FILE
            with sqlite3.connect(dump) as target:
                connection.connection.backup(target)
            with sqlite3.connect(dump) as copy:
                tables = fingerprint(copy.cursor(), "sqlite")
        elif vendor == "postgresql":
            dump = work_dir / PG_FILE
            database = connection.settings_dict
            import psycopg

            # The rows are counted in the very snapshot pg_dump saves: a repeatable-read transaction
            # exports its snapshot and stays open while pg_dump runs.
            with psycopg.connect(**_pg_params(database)) as db:
                db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                snapshot = db.execute("SELECT pg_export_snapshot()").fetchone()[0]
                with db.cursor() as cursor:
                    tables = fingerprint(cursor, "postgresql")
                subprocess.run(  # noqa: S603
                    [  # noqa: S607
                        "pg_dump",
                        "--format=custom",
                        "--no-owner",
                        "--no-privileges",
                        f"--snapshot={snapshot}",
                        f"--file={dump}",
                    ],
                    env=_pg_env(database),
                    check=True,
                )
                db.rollback()
        else:  # pragma: no cover
            raise RuntimeError(f"No backup for the {vendor} engine.")
        manifest = {
            "engine": vendor,
            "created_at": datetime.datetime.now(tz=datetime.UTC).isoformat(),
            "tables": tables,
            "media_files": sum(1 for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else 0,
        }
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(dump, arcname=dump.name)
            if media_root.exists():
                tar.add(media_root, arcname="media")
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return archive


# --- Restore --------------------------------------------------------------------------------------


def read_manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile(MANIFEST))


def restore(*, archive: Path, into: str | None = None, media_root: Path | None = None) -> dict:
    """Load ``archive`` into the database ``into`` (a DATABASE_URL; the configured one by default)
    and its files into ``media_root``; returns the manifest once every table matched it."""
    database = dj_database_url.parse(into) if into else dict(connection.settings_dict)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    manifest = read_manifest(archive)
    engine = "sqlite" if database["ENGINE"].endswith("sqlite3") else "postgresql"
    if engine != manifest["engine"]:
        raise RestoreMismatch(f"The archive holds a {manifest['engine']} database, not {engine}.")
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work_dir, filter="data")
        if engine == "sqlite":
            target = Path(database["NAME"])
            target.parent.mkdir(parents=True, exist_ok=True)
            if not into:
                connection.close()
            with sqlite3.connect(work_dir / SQLITE_FILE) as source, sqlite3.connect(target) as dest:
                source.backup(dest)
        else:
            subprocess.run(  # noqa: S603
                [  # noqa: S607
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    f"--dbname={database['NAME']}",
                    str(work_dir / PG_FILE),
                ],
                env=_pg_env(database),
                check=True,
            )
        if (work_dir / "media").exists():
            if media_root.exists():
                shutil.rmtree(media_root)
            shutil.copytree(work_dir / "media", media_root)
    found = fingerprint_of(database)
    differences = sorted(
        table
        for table in set(found) | set(manifest["tables"])
        if found.get(table) != manifest["tables"].get(table)
    )
    if differences:
        raise RestoreMismatch(f"Tables that differ from the backup: {', '.join(differences)}")
    return manifest
