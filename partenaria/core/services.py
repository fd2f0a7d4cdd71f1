"""Helpers shared by every app's services (house style: writes go through services)."""

from collections.abc import Iterable, Mapping
from typing import Any


def assign_fields(
    obj, data: Mapping[str, Any], fields: Iterable[str], *, keep_spaces: Iterable[str] = ()
) -> None:
    """Copy the act's own ``fields`` from ``data`` onto ``obj``, texts stripped.

    Only those fields are taken: anything else posted changes nothing (trust 5). ``keep_spaces`` names
    texts whose layout matters (a description typed over several lines).
    """
    keep = set(keep_spaces)
    for name in fields:
        if name in data:
            value = data[name]
            setattr(obj, name, value.strip() if isinstance(value, str) and name not in keep else value)
