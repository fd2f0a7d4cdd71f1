from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from partenaria.core import backup


class Command(BaseCommand):
    help = "Save the database and the uploaded files into one dated archive (make backup)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=Path(settings.BASE_DIR) / "var" / "backups",
            help="Folder of the archives (default var/backups).",
        )

    def handle(self, *args, output: Path, **options):
        archive = backup.backup(destination=output)
        manifest = backup.read_manifest(archive)
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"{archive}: {len(manifest['tables'])} tables, {rows} rows, {manifest['media_files']} files"
        )
