"""Refusals, access records and personal payloads become append-only like the entries.

Refusals and access records get a sequence number and a hash chain per organisation
(``decisions.records``), computed here for the rows already kept; personal payloads get
``erased_by``, the seq of the entry that erased them, matched here to the erasures already
in the log (in order, as many as each erasure's ``payloads_erased``).

Then the triggers. The tables are rebuilt on SQLite by the AddField operations above them,
so the triggers are created last; a later migration that rebuilds one of these tables must
create them again (or add its column with ALTER TABLE, as 0004 does).

- refusals, access records: UPDATE, DELETE (and on PostgreSQL TRUNCATE) refused;
- payloads: DELETE and TRUNCATE refused; UPDATE only as the erasure: from not erased to
  erased, ``data`` emptied, ``id``, ``entry_id`` and ``salt`` unchanged, and ``erased_by``
  the seq the organisation's next entry will take (the erasure's entry, appended in the
  same transaction). ``log.verify`` then checks that entry is an erasure that counts it.
"""

from django.db import migrations, models

BATCH = 2000
ERASURES = (
    "erase_personal_data",
    "erase_talk_notes",
    "erase_coaching_texts",
    "erase_candidate_data",
)

ENTRY = "decisions_entry"
PAYLOAD = "decisions_personalpayload"
RECORDS = ("decisions_refusal", "decisions_accessrecord")
TABLES = (PAYLOAD, *RECORDS)

# The erasure, the one change a payload may take (as one boolean, NULL counted as refused).
_ERASURE = f"""COALESCE(OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL AND NEW.data IS NULL
    AND NEW.id = OLD.id AND NEW.entry_id = OLD.entry_id AND NEW.salt = OLD.salt
    AND NEW.erased_by IS NOT NULL
    AND NEW.erased_by = (SELECT COALESCE(MAX(h.seq), 0) + 1 FROM {ENTRY} h
        WHERE h.organisation_id = (SELECT o.organisation_id FROM {ENTRY} o
                                   WHERE o.id = OLD.entry_id)), FALSE)"""

SQLITE = [
    *(
        f"""CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table}
        BEGIN SELECT RAISE(ABORT, '{table} is append-only: {op} refused'); END"""
        for table in RECORDS
        for op in ("UPDATE", "DELETE")
    ),
    f"""CREATE TRIGGER {PAYLOAD}_no_delete BEFORE DELETE ON {PAYLOAD}
        BEGIN SELECT RAISE(ABORT, '{PAYLOAD} is append-only: DELETE refused'); END""",
    f"""CREATE TRIGGER {PAYLOAD}_erase_only BEFORE UPDATE ON {PAYLOAD} WHEN NOT {_ERASURE}
        BEGIN SELECT RAISE(ABORT,
            '{PAYLOAD} changes only by erasure (erased_by the next entry): UPDATE refused');
        END""",
]
SQLITE_DROP = [
    *(
        f"DROP TRIGGER IF EXISTS {table}_no_{op}"
        for table in RECORDS
        for op in ("update", "delete")
    ),
    f"DROP TRIGGER IF EXISTS {PAYLOAD}_no_delete",
    f"DROP TRIGGER IF EXISTS {PAYLOAD}_erase_only",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION decisions_record_append_only() RETURNS trigger AS $$
       BEGIN
         RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
           USING ERRCODE = 'insufficient_privilege';
       END; $$ LANGUAGE plpgsql""",
    f"""CREATE OR REPLACE FUNCTION decisions_payload_erase_only() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'UPDATE' AND {_ERASURE} THEN
           RETURN NEW;
         END IF;
         RAISE EXCEPTION '% changes only by erasure (erased_by the next entry): % refused',
           TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
       END; $$ LANGUAGE plpgsql""",
    *(
        f"""CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION decisions_record_append_only()"""
        for table in RECORDS
    ),
    f"""CREATE TRIGGER {PAYLOAD}_erase_only BEFORE UPDATE OR DELETE ON {PAYLOAD}
        FOR EACH ROW EXECUTE FUNCTION decisions_payload_erase_only()""",
    *(
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION decisions_record_append_only()"""
        for table in TABLES
    ),
]
POSTGRES_DROP = [
    *(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}" for table in RECORDS),
    f"DROP TRIGGER IF EXISTS {PAYLOAD}_erase_only ON {PAYLOAD}",
    *(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}" for table in TABLES),
    "DROP FUNCTION IF EXISTS decisions_payload_erase_only()",
    "DROP FUNCTION IF EXISTS decisions_record_append_only()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


def backfill(apps, schema_editor):
    from ansvar.decisions import records

    Organisation = apps.get_model("org", "Organisation")
    Refusal = apps.get_model("decisions", "Refusal")
    AccessRecord = apps.get_model("decisions", "AccessRecord")
    Entry = apps.get_model("decisions", "Entry")
    Payload = apps.get_model("decisions", "PersonalPayload")
    for org_id in Organisation.objects.order_by("pk").values_list("pk", flat=True):
        prev, batch = records.genesis(records.REFUSAL, org_id), []
        for seq, row in enumerate(
            Refusal.objects.filter(organisation_id=org_id).order_by("recorded_at", "pk").iterator(),
            start=1,
        ):
            row.seq, row.prev_hash = seq, prev
            row.hash = prev = records._sha(
                records.refusal_bytes(
                    org_id,
                    seq,
                    row.recorded_at,
                    row.effective_on,
                    row.actor_id,
                    row.action,
                    row.target,
                    row.clauses,
                    row.decider,
                    row.reason,
                    row.args,
                    row.prev_hash,
                )
            )
            batch.append(row)
        Refusal.objects.bulk_update(batch, ["seq", "prev_hash", "hash"], batch_size=BATCH)
        prev, batch = records.genesis(records.ACCESS, org_id), []
        for seq, row in enumerate(
            AccessRecord.objects.filter(organisation_id=org_id)
            .order_by("recorded_at", "pk")
            .iterator(),
            start=1,
        ):
            row.seq, row.prev_hash = seq, prev
            row.hash = prev = records._sha(
                records.access_bytes(
                    org_id,
                    seq,
                    row.recorded_at,
                    row.viewer_id,
                    row.subject_id,
                    row.what,
                    row.purpose,
                    row.prev_hash,
                )
            )
            batch.append(row)
        AccessRecord.objects.bulk_update(batch, ["seq", "prev_hash", "hash"], batch_size=BATCH)
        erased = list(
            Payload.objects.filter(entry__organisation_id=org_id, erased_at__isnull=False)
            .order_by("erased_at", "pk")
            .values_list("pk", "entry__seq")
        )
        position = 0
        for seq, public in (
            Entry.objects.filter(organisation_id=org_id, action__in=ERASURES)
            .order_by("seq")
            .values_list("seq", "public")
        ):
            count = public.get("payloads_erased") if isinstance(public, dict) else None
            if not isinstance(count, int):
                continue
            chosen = [
                pk for pk, entry_seq in erased[position : position + count] if entry_seq < seq
            ]
            Payload.objects.filter(pk__in=chosen).update(erased_by=seq)
            position += count


class Migration(migrations.Migration):
    dependencies = [("decisions", "0004_entry_door"), ("org", "0001_initial")]

    operations = [
        migrations.AddField(
            "refusal", "seq", models.PositiveBigIntegerField(default=0), preserve_default=False
        ),
        migrations.AddField(
            "refusal",
            "prev_hash",
            models.CharField(max_length=64, default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            "refusal", "hash", models.CharField(max_length=64, default=""), preserve_default=False
        ),
        migrations.AddField(
            "accessrecord",
            "seq",
            models.PositiveBigIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddField(
            "accessrecord",
            "prev_hash",
            models.CharField(max_length=64, default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            "accessrecord",
            "hash",
            models.CharField(max_length=64, default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            "personalpayload", "erased_by", models.PositiveBigIntegerField(blank=True, null=True)
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddConstraint(
            "refusal",
            models.UniqueConstraint(fields=("organisation", "seq"), name="refusal_seq_unique"),
        ),
        migrations.AddConstraint(
            "accessrecord",
            models.UniqueConstraint(fields=("organisation", "seq"), name="access_seq_unique"),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
