"""On PostgreSQL, the database itself refuses two standing bookings of one librarian whose
meetings (with buffers) overlap: an exclusion constraint over (librarian, time range), which
needs the btree_gist extension for the equality part. Other databases keep the unique
(librarian, start) row of 0001; the booking transaction locks the librarian's availability row
on every database. The constraint lives only in the database (not in the model's Meta) because
SQLite cannot express it."""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations
from django.db.models import Func, Q

NAME = "consultations_no_overlapping_bookings"


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


def constraint():
    return ExclusionConstraint(
        name=NAME,
        expressions=[
            ("liaison", RangeOperators.EQUAL),
            (TsTzRange("block_start", "block_end"), RangeOperators.OVERLAPS),
        ],
        condition=Q(status="confirmed"),
    )


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_constraint(apps.get_model("consultations", "Booking"), constraint())


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_constraint(apps.get_model("consultations", "Booking"), constraint())


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(add, remove),
    ]
