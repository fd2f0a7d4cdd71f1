"""A check constraint whose refusal belongs next to one field (trust 21).

The rule is held by the database (an ``IntegrityError`` for any write that bypasses the service), and a
form that validates the model's constraints shows the service's own French message next to ``field``
instead of a generic « Constraint ... is violated » at the top of the form.
"""

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models


class FieldCheckConstraint(models.CheckConstraint):
    def __init__(self, *, field: str, **kwargs):
        self.field = field
        super().__init__(**kwargs)

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as error:
            raise ValidationError({self.field: error.error_list}) from None

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs["field"] = self.field
        return path, args, kwargs

    def __eq__(self, other):
        return super().__eq__(other) and getattr(other, "field", None) == self.field

    __hash__ = models.CheckConstraint.__hash__
