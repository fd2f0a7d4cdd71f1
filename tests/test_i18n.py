"""The interface is French by default and complete in English (EU7).

Interface strings are written in English in the code; the French catalogues must translate every
one of them, with nothing left fuzzy, and each compiled catalogue must match its source. The project
catalogue lives in `partenaria/locale`; an app may keep its own in `partenaria/<app>/locale`
(`make messages` files each string in the catalogue nearest to its source file).
"""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "partenaria"
CATALOGUES = sorted(
    [
        PACKAGE / "locale" / "fr" / "LC_MESSAGES" / "django.po",
        *PACKAGE.glob("*/locale/fr/LC_MESSAGES/django.po"),
    ]
)
NAMES = [str(po.relative_to(PACKAGE)) for po in CATALOGUES]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")
@pytest.mark.parametrize("PO", CATALOGUES, ids=NAMES)
def test_the_french_catalogue_translates_every_string(PO):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")
@pytest.mark.parametrize("PO", CATALOGUES, ids=NAMES)
def test_the_compiled_catalogue_matches_its_source(PO, tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(PO)], check=True)
    with fresh.open("rb") as a, PO.with_suffix(".mo").open("rb") as b:
        assert gettext.GNUTranslations(a)._catalog == gettext.GNUTranslations(b)._catalog, (
            "Run `make messages`: the compiled French catalogue is out of date."
        )
