"""How the progress of actions rolls up to their axis and to the plan (AP1). Pure: no database."""

from collections.abc import Iterable
from typing import Protocol

DONE = "done"
ABANDONED = "abandoned"


class HasProgress(Protocol):
    status: str
    progress: int


def rollup(actions: Iterable[HasProgress]) -> int | None:
    """The progress, in whole percent, of a set of actions: an axis's, or the whole plan's.

    - Every action weighs the same: the result is the mean of their percentages, rounded half up.
    - A done action counts for 100 %, whatever percentage was last noted.
    - An abandoned action is left out: it neither holds the axis back nor counts as progress.
      (An axis whose actions were all abandoned, or that has none, has no progress: ``None``.)
    - The plan's progress is computed over all the actions of the plan, not as a mean of the axes,
      so that an axis of one action does not weigh as much as an axis of ten.
    """
    total = count = 0
    for action in actions:
        if action.status == ABANDONED:
            continue
        total += 100 if action.status == DONE else max(0, min(100, action.progress))
        count += 1
    if count == 0:
        return None
    return (2 * total + count) // (2 * count)
