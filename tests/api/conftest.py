import pytest
from django.utils import translation

from partenaria.accounts.models import ApiToken


def bearer(user) -> dict[str, str]:
    """Headers of a call made with a fresh token of ``user``."""
    _, raw = ApiToken.issue(user)
    return {"Authorization": f"Bearer {raw}"}


def fr(message: str, **params) -> str:
    """``message`` as the API says it: in French, the default language (whatever the catalogue holds)."""
    with translation.override("fr"):
        translated = translation.gettext(message)
    return translated % params if params else translated


@pytest.fixture
def api_a(client, two_partnerships):
    """A client calling the API with a token of partnership A's officer."""
    headers = bearer(two_partnerships["a"]["officer"])

    class Caller:
        def get(self, path, **params):
            return client.get(f"/api/v1{path}", params, headers=headers)

        def post(self, path, data):
            return client.post(f"/api/v1{path}", data, content_type="application/json", headers=headers)

    return Caller()
