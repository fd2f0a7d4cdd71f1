"""A watch over every log line of the test run (trust 19): none may hold a secret or a person's data.

``LeakGuard`` is a logging handler put on the root logger (and on any logger that does not
propagate) for the whole session, at DEBUG, with the root logger's level lowered to DEBUG (the
product's console handler keeps its own level, so the output does not change). Like every handler of
``settings.LOGGING`` it first applies the product's ``MaskSecretsFilter``, then formats the record as
a handler would write it (message, traceback, stack) and looks for what must never appear:

- ``SECRET_KEY``;
- every password given to ``set_password`` or tried through the model backend (login, API token);
- every e-mail address and every token stored by any model (``post_save`` of every model: e-mail
  fields and fields named ``*token*``), every raw API token issued (``ApiToken.issue``) and every
  evaluation link's token (``evaluation_request``);
- the canary strings the tests plant (``CANARY``).

A finding is attributed to the test that was running (setup, call or teardown) and turns that test
into an error at its teardown, with the logger, the value found and the line. That is what makes it
robust under pytest-xdist: each worker process has its own guard and its own secrets, collected from
the tests it runs, and reports through the ordinary per-test reports that xdist already carries to
the controller; nothing has to be gathered across processes at the end of the session, and a
``--dist loadfile`` or ``-p no:xdist`` run behaves the same.

Not watched: the test tools' own loggers (factory_boy logs the values it builds, Faker and
hypothesis their internals): they never run in production.
"""

import logging
import re

from partenaria.core.logging import MaskSecretsFilter

TEST_TOOLS = {"factory", "faker", "hypothesis", "pytest", "pytest_django", "xdist", "filelock", "asyncio"}
CANARY = "CANARY"
_WORDS = re.compile(r"[\w-]+")
_ADDRESSES = re.compile(r"[\w.+%-]+@[\w.-]+")
MIN_SECRET_LENGTH = 8


class LeakGuard(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.mask = MaskSecretsFilter()
        self.words: set[str] = set()  # e-mail addresses and tokens: matched as whole words
        self.phrases: set[str] = set()  # passwords and the secret key: matched anywhere
        self.leaks: list[str] = []
        self.records = 0

    def add_word(self, value) -> None:
        if isinstance(value, str) and len(value) >= MIN_SECRET_LENGTH:
            self.words.add(value)
            # A signed value (token:signature) shows in paths as its parts.
            self.words.update(part for part in value.split(":") if len(part) >= MIN_SECRET_LENGTH)

    def add_phrase(self, value) -> None:
        if isinstance(value, str) and len(value) >= MIN_SECRET_LENGTH:
            self.phrases.add(value)

    def find(self, text: str) -> list[str]:
        """The secrets and personal values present in ``text``."""
        found = [CANARY] if CANARY in text else []
        candidates = set(_WORDS.findall(text)) | set(_ADDRESSES.findall(text))
        found += sorted(candidates & self.words)
        found += sorted(phrase for phrase in self.phrases if phrase in text)
        return found

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.split(".")[0] in TEST_TOOLS:
            return
        self.records += 1
        # A copy: the other handlers see the record as it was emitted.
        copy = logging.makeLogRecord(record.__dict__)
        self.mask.filter(copy)
        text = self.format(copy)
        found = self.find(text)
        if found:
            self.leaks.append(f"{record.name} {record.levelname}: {', '.join(found)} in {text[:400]!r}")


def install(guard: LeakGuard) -> None:
    """Put the guard on the loggers, and feed it with the secrets as the tests create them."""
    from django.conf import settings
    from django.contrib.auth.backends import ModelBackend
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.db import models
    from django.db.models.signals import post_save

    from partenaria.accounts.models import ApiToken
    from partenaria.internships import followup_services

    guard.add_phrase(settings.SECRET_KEY)
    root = logging.getLogger()
    for handler in root.handlers:
        # The product's handlers keep the level they had; only the guard sees DEBUG.
        if handler.level < root.level:
            handler.setLevel(root.level)
    root.setLevel(logging.DEBUG)
    root.addHandler(guard)
    for logger in logging.Logger.manager.loggerDict.values():
        if isinstance(logger, logging.Logger) and not logger.propagate:
            logger.addHandler(guard)

    def collect(sender, instance, **kwargs):
        for field in sender._meta.concrete_fields:
            if isinstance(field, models.EmailField) or (
                isinstance(field, models.CharField) and "token" in field.name and "hash" not in field.name
            ):
                guard.add_word(getattr(instance, field.attname, None))

    post_save.connect(collect, weak=False, dispatch_uid="tests.log_guard")

    set_password = AbstractBaseUser.set_password

    def remembering_set_password(self, raw_password):
        guard.add_phrase(raw_password)
        return set_password(self, raw_password)

    AbstractBaseUser.set_password = remembering_set_password

    authenticate = ModelBackend.authenticate

    def remembering_authenticate(self, request, username=None, password=None, **kwargs):
        guard.add_phrase(password)
        guard.add_word(username)
        return authenticate(self, request, username=username, password=password, **kwargs)

    ModelBackend.authenticate = remembering_authenticate

    issue = ApiToken.issue.__func__

    def remembering_issue(cls, user):
        token, raw = issue(cls, user)
        guard.add_word(raw)
        return token, raw

    ApiToken.issue = classmethod(remembering_issue)

    evaluation_request = followup_services.evaluation_request

    def remembering_evaluation_request(*args, **kwargs):
        evaluation, token = evaluation_request(*args, **kwargs)
        guard.add_word(token)
        return evaluation, token

    followup_services.evaluation_request = remembering_evaluation_request


GUARD = LeakGuard()
