"""Each entry records the door its decision came through (``engine.door``).

The column is added in place with ALTER TABLE: on SQLite Django's AddField would rebuild the
table, copying every entry and dropping the append-only triggers of 0002 with the old table,
so the database operation is written out and the migration state told apart.
Existing entries get an empty door and keep their version 1 encoding (``decisions.log``).
"""

from django.db import migrations, models

FIELD = models.CharField(blank=True, db_default="", default="", max_length=60)


def _add(apps, schema_editor):
    # The same statement on both databases: a new column with a constant default.
    schema_editor.execute(
        "ALTER TABLE decisions_entry ADD COLUMN door varchar(60) DEFAULT '' NOT NULL"
    )


def _remove(apps, schema_editor):
    # Dropping the column rebuilds the table on SQLite too; going back is for development.
    entry = apps.get_model("decisions", "Entry")
    schema_editor.remove_field(entry, entry._meta.get_field("door"))


class Migration(migrations.Migration):
    dependencies = [("decisions", "0003_entry_names")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(_add, _remove)],
            state_operations=[migrations.AddField("entry", "door", FIELD)],
        )
    ]
