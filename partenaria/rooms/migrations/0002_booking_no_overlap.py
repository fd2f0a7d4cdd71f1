"""No two live bookings of a room overlap: an exclusion constraint, on PostgreSQL only.

SQLite cannot hold such a constraint: there the operations list is empty, the model declares no
such constraint either (``models.ON_POSTGRESQL``), and the booking service's locked check is the
guard. ``makemigrations --check`` stays clean on both databases.
"""

import django.contrib.postgres.constraints
import django.contrib.postgres.fields.ranges
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import connection, migrations
from django.db.models import Q

import partenaria.rooms.models

OPERATIONS = [
    # btree_gist lets a GiST index compare the room id with = next to the range's &&.
    BtreeGistExtension(),
    migrations.AddConstraint(
        model_name="booking",
        constraint=django.contrib.postgres.constraints.ExclusionConstraint(
            condition=~Q(status="cancelled"),
            expressions=[
                (
                    partenaria.rooms.models.TsTzRange(
                        "start", "end", django.contrib.postgres.fields.ranges.RangeBoundary()
                    ),
                    "&&",
                ),
                ("room", "="),
            ],
            name="booking_no_overlap",
            violation_error_message="This room is already booked at that time.",
        ),
    ),
]


class Migration(migrations.Migration):
    dependencies = [("rooms", "0001_initial")]

    operations = OPERATIONS if connection.vendor == "postgresql" else []
