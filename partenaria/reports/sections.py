"""The sections of the annual progress report, registered by the domains that hold the data (AP3).

A section is a function ``section(context) -> list of blocks`` (``documents.blocks``), registered
from its app's ``AppConfig.ready`` with :func:`register_section`. The report page, the DOCX and the
PDF show the sections in their ``order``; a section with nothing to say for the year returns a
paragraph that says so, so that the partners see the question was asked. The governance and the
action plan register theirs; research, money and internships add theirs the same way.

Sections of one app that read the same data share it through :meth:`ReportContext.shared`: the
action plan and the indicators both come from one ``plan_summary`` read per report.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from partenaria.conventions.models import Convention, Partnership


@dataclass(frozen=True)
class ReportContext:
    convention: Convention
    partnership: Partnership
    year: int
    # What sections read once and share (``shared``): one report's assembly, never kept beyond it.
    _shared: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def shared(self, key: str, read: Callable[[], Any]) -> Any:
        """``read()`` the first time ``key`` is asked for during this report, the same result after."""
        if key not in self._shared:
            self._shared[key] = read()
        return self._shared[key]

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
