"""Follow what the product writes, table by table, for the walks that post every form.

Reading every table before and after each of a walk's hundreds of POSTs is most of their time. A
table the SQL did not write to did not change, so the walks read the product's tables once, then
read again only those that an INSERT, UPDATE or DELETE named since. The product has no
database-side cascade or trigger (a deletion is Django's, one DELETE per table), so the statements
name every table that changes.
"""

import re
from collections.abc import Callable

from django.db import connection, models

WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


class WrittenTables:
    """An execute wrapper that notes the tables each write statement names."""

    def __init__(self):
        self.tables: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        match = WRITE.match(sql)
        if match:
            self.tables.add(match.group(1))
        return execute(sql, params, many, context)

    def take(self) -> set[str]:
        tables, self.tables = self.tables, set()
        return tables


class Watch:
    """The state of ``tracked`` models (``measure(model)`` for each, by model label), kept up to date
    by reading again only the tables written since the last ``refresh``.

    Use it inside ``with watch:`` (the execute wrapper is on the default connection)."""

    def __init__(self, tracked: list[type[models.Model]], measure: Callable[[type[models.Model]], object]):
        self.measure = measure
        self.by_table = {model._meta.db_table: model for model in tracked}
        self.written = WrittenTables()
        self.state: dict[str, object] = {}

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self.written)
        self._wrapper.__enter__()
        self.state = {model._meta.label: self.measure(model) for model in self.by_table.values()}
        return self

    def __exit__(self, *exc):
        return self._wrapper.__exit__(*exc)

    def refresh(self) -> set[str]:
        """Read again the tracked tables written since the last call; return their model labels."""
        labels = set()
        for table in self.written.take():
            model = self.by_table.get(table)
            if model is not None:
                self.state[model._meta.label] = self.measure(model)
                labels.add(model._meta.label)
        return labels
