"""gunicorn's access log, masked like the product's own logs (trust 19).

The request line of a private calendar feed, an event feed, a public registration or cancellation link
or the tutor's evaluation link carries its secret token in the path; the referer and the headers can
carry it too, and an ``Authorization`` header a bearer token. Started with
``--logger-class partenaria.core.gunicorn_logger.MaskedLogger`` (README, « Running it in production »),
gunicorn writes ``/echeances/calendrier/[masked].ics`` instead.
"""

from gunicorn.glogging import Logger

from partenaria.core.logging import mask


class MaskedLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: mask(value) if isinstance(value, str) else value for key, value in atoms.items()}
