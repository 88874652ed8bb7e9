"""Make the decision log append-only in the database itself: UPDATE and DELETE are refused.

The application has no update path; these triggers stop one from being added by mistake and
stop casual edits through a database shell. Someone who can drop triggers can still rewrite
rows: ``ansvar log verify`` and signed checkpoints catch that.
"""

from django.db import migrations

TABLE = "decisions_entry"

SQLITE = [
    f"""CREATE TRIGGER decisions_entry_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'the decision log is append-only: UPDATE refused'); END""",
    f"""CREATE TRIGGER decisions_entry_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'the decision log is append-only: DELETE refused'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS decisions_entry_no_update",
    "DROP TRIGGER IF EXISTS decisions_entry_no_delete",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION decisions_entry_append_only() RETURNS trigger AS $$
       BEGIN
         RAISE EXCEPTION 'the decision log is append-only: % refused', TG_OP
           USING ERRCODE = 'insufficient_privilege';
       END; $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER decisions_entry_no_change BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION decisions_entry_append_only()""",
    f"""CREATE TRIGGER decisions_entry_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION decisions_entry_append_only()""",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS decisions_entry_no_change ON {TABLE}",
    f"DROP TRIGGER IF EXISTS decisions_entry_no_truncate ON {TABLE}",
    "DROP FUNCTION IF EXISTS decisions_entry_append_only()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
