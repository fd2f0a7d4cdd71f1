from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partenaria.core import backup


class Command(BaseCommand):
    help = (
        "Load an archive of `manage.py backup` into the database (or --into DATABASE_URL), put the "
        "files back, and check every table's row count and checksum against the archive (make restore)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--into", help="DATABASE_URL of the database to restore into (default: the configured one)."
        )
        parser.add_argument(
            "--media-root",
            type=Path,
            help="Folder of the files (default: MEDIA_ROOT; with --into, a folder next to the archive).",
        )
        parser.add_argument("--yes", action="store_true", help="Do not ask before replacing the data.")

    def handle(self, *args, archive: Path, into, media_root, yes, **options):
        if not archive.exists():
            raise CommandError(f"No archive at {archive}.")
        if not yes and options.get("interactive", True):
            try:
                answer = input("The data of the target database and the files will be replaced. Type 'yes': ")
            except EOFError:
                answer = ""
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        if into and media_root is None:
            # Restoring into another database (a drill) never replaces the files of the running site.
            media_root = (
                Path(archive).with_suffix("").with_suffix("").with_name(archive.name.split(".")[0] + "-media")
            )
        try:
            manifest = backup.restore(archive=archive, into=into, media_root=media_root)
        except backup.RestoreMismatch as error:
            raise CommandError(str(error)) from error
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"Restored {archive} ({manifest['created_at']}): {len(manifest['tables'])} tables and {rows} rows "
            "match the backup's counts and checksums."
        )
