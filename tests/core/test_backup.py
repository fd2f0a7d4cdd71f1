"""Backup and restore drill (trust 25): back up, restore into a fresh database, compare every table's
row count and checksum, and the uploaded files byte for byte. SQLite in the normal run, PostgreSQL
in the PG run (make test-pg)."""

import io
import json
import tarfile
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from partenaria.core import backup
from tests.factories import ConventionFactory, OrganisationFactory, PartnershipFactory, officer_of

pytestmark = pytest.mark.django_db(transaction=True)

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
    b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)


@pytest.fixture
def some_data(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    department, school = OrganisationFactory(departement=True), OrganisationFactory(school=True)
    department.logo.save("logo.png", ContentFile(PNG))
    partnership = PartnershipFactory(members=[department, school], title="Partenariat « sauvegardé » é€")
    ConventionFactory(partnership=partnership)
    officer_of(department)
    return department


@pytest.fixture
def fresh_database(tmp_path):
    """A new, empty database of the same engine as the test database, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    import psycopg

    params = backup._pg_params(connection.settings_dict)
    name = f"partenaria_drill_{uuid.uuid4().hex[:8]}"
    admin = {**params, "dbname": "postgres"}
    with psycopg.connect(**admin, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    user = params["user"]
    host = params.get("host", "127.0.0.1")
    port = params.get("port", "5432")
    password = f":{params['password']}" if params.get("password") else ""
    yield f"postgres://{user}{password}@{host}:{port}/{name}"
    with psycopg.connect(**admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_a_fresh_database_with_the_same_rows_and_files(
    some_data, fresh_database, tmp_path, settings, capsys
):
    call_command("backup", output=tmp_path / "backups")
    assert "tables" in capsys.readouterr().out
    (archive,) = (tmp_path / "backups").glob("partenaria-*.tar.gz")
    assert archive.name.startswith("partenaria-") and archive.name.endswith(".tar.gz")
    manifest = backup.read_manifest(archive)
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"]["conventions_convention"]["rows"] == 1
    assert manifest["tables"]["organisations_organisation"]["rows"] == 2
    assert manifest["media_files"] == 1

    restored_media = tmp_path / "restored-media"
    call_command("restore", str(archive), into=fresh_database, media_root=restored_media, yes=True)

    database = backup.dj_database_url.parse(fresh_database)
    assert backup.fingerprint_of(database) == manifest["tables"]
    logo = some_data.logo.name
    assert (restored_media / logo).read_bytes() == (settings.MEDIA_ROOT / logo).read_bytes()


def test_a_restore_that_does_not_match_the_backup_fails(some_data, fresh_database, tmp_path):
    archive = backup.backup(destination=tmp_path / "backups")
    # An archive whose manifest announces one more convention than the dump holds.
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None
            if member.name == backup.MANIFEST:
                manifest = json.loads(data)
                manifest["tables"]["conventions_convention"]["rows"] += 1
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data) if data is not None else None)
    with pytest.raises(CommandError, match="conventions_convention"):
        call_command("restore", str(tampered), into=fresh_database, media_root=tmp_path / "m", yes=True)
