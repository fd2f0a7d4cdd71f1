"""The sections of the annual progress report, registered by the domains that hold the data (AP3).

A section is a function ``section(context) -> list of blocks`` (``documents.blocks``), registered
from its app's ``AppConfig.ready`` with :func:`register_section`. The report page, the DOCX and the
PDF show the sections in their ``order``; a section with nothing to say for the year returns a
paragraph that says so, so that the partners see the question was asked. The governance and the
action plan register theirs; research, money and internships add theirs the same way.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from partenaria.conventions.models import Convention, Partnership


@dataclass(frozen=True)
class ReportContext:
    convention: Convention
    partnership: Partnership
    year: int

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)


@dataclass(frozen=True)
class Section:
    key: str
    title: object  # a lazy translation
    order: int
    build: Callable[[ReportContext], list]


_SECTIONS: dict[str, Section] = {}


def register_section(key: str, *, title, order: int):
    """Decorator: add a section to every progress report. Registering a key again replaces it."""

    def decorate(build: Callable[[ReportContext], list]):
        _SECTIONS[key] = Section(key=key, title=title, order=order, build=build)
        return build

    return decorate


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key))
