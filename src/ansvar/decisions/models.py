"""The decision log: one append-only, hash-chained sequence of entries per organisation.

The chain covers every field of an entry except the personal payload itself, which lives
in ``PersonalPayload`` and is covered by a salted digest; erasing the payload (GDPR) leaves
every link verifiable. Refusals and access records are chained the same way, each its own
chain per organisation (``decisions.records``). Triggers in the database refuse UPDATE,
DELETE and TRUNCATE on entries, payloads, refusals and access records (migrations 0002 and
0005); the one change allowed is the erasure of a payload (see ``PersonalPayload``).

The triggers of SQLite belong to the table: a migration that rebuilds one of these tables
(Django's AddField, AlterField... on SQLite) drops them with it. Add columns with ALTER TABLE
(see 0004) or create the triggers again in the same migration.
"""

from django.db import models


class Entry(models.Model):
    """One decision, as it was taken: who, in which role, what, on what, by which clause."""

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.PROTECT, related_name="log_entries"
    )
    seq = models.PositiveBigIntegerField()
    recorded_at = models.DateTimeField()
    effective_on = models.DateField()
    # The acting person's id (a pseudonym once their payload is erased); empty for Ansvar
    # itself, e.g. a veto window lapsing.
    actor_id_ref = models.BigIntegerField(null=True, blank=True)
    actor_role = models.CharField(max_length=30)
    action = models.CharField(max_length=60)
    target = models.CharField(max_length=200)
    clauses = models.CharField(max_length=200)
    public = models.JSONField(default=dict)  # non-personal facts: ids, statuses, dates
    personal_digest = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # How the decision came in: web, api, cli:<operating-system user> or system
    # (``engine.door``); empty for entries written before doors were recorded.
    door = models.CharField(max_length=60, blank=True, default="", db_default="")

    class Meta:
        ordering = ["organisation", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "seq"], name="log_seq_unique"),
            models.UniqueConstraint(fields=["organisation", "prev_hash"], name="log_no_fork"),
        ]
        indexes = [models.Index(fields=["organisation", "action"], name="log_org_action")]
        verbose_name_plural = "entries"


class PersonalPayload(models.Model):
    """The personal part of an entry (names, notes, amounts), erasable without breaking
    the chain: the entry keeps sha256(salt || canonical JSON) of it.

    The database allows one change: from not erased to erased (``data`` emptied,
    ``erased_at`` set, nothing else changed), naming as ``erased_by`` the seq the erasing
    entry is about to take (the organisation's next). ``log.verify`` checks that entry is an
    erasure whose ``payloads_erased`` counts every payload naming it."""

    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="payload")
    salt = models.CharField(max_length=64)
    data = models.JSONField(null=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    erased_by = models.PositiveBigIntegerField(null=True, blank=True)


class Refusal(models.Model):
    """An attempt the policy refused: who tried what, when, and the clause that refused it.
    Chained per organisation (``decisions.records``)."""

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.PROTECT, related_name="refusals"
    )
    seq = models.PositiveBigIntegerField()
    recorded_at = models.DateTimeField()
    effective_on = models.DateField()
    actor = models.ForeignKey(
        "org.Person", null=True, on_delete=models.SET_NULL, related_name="refusals"
    )
    action = models.CharField(max_length=60)
    target = models.CharField(max_length=200)
    clauses = models.CharField(max_length=200)
    decider = models.CharField(max_length=254, blank=True)
    reason = models.TextField()
    args = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-recorded_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "seq"], name="refusal_seq_unique")
        ]


class AccessRecord(models.Model):
    """A read of sensitive data (salary, talk notes): who looked at whose, when and why.
    Chained per organisation (``decisions.records``)."""

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.PROTECT, related_name="access_records"
    )
    seq = models.PositiveBigIntegerField()
    recorded_at = models.DateTimeField()
    viewer = models.ForeignKey(
        "org.Person", null=True, on_delete=models.SET_NULL, related_name="accesses_made"
    )
    subject = models.ForeignKey(
        "org.Person", null=True, on_delete=models.SET_NULL, related_name="accesses_about"
    )
    what = models.CharField(max_length=60)
    purpose = models.CharField(max_length=200, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-recorded_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "seq"], name="access_seq_unique")
        ]


class EntryName(models.Model):
    """Who a log entry names: the acting person and a target person by id, and every e-mail
    address its personal payload names (also as the end of ``person:<e-mail>``), lower-case.
    ``log.append`` writes these rows in the entry's transaction, so the GDPR erasure finds a
    person's entries here instead of reading every payload; it is not chained (a lookup, not
    history), and the erasure deletes the rows of the addresses it erases."""

    # No database constraint: a lookup must not make a tampered log (an entry deleted behind
    # the triggers) unloadable; ``log.verify`` is what reports such an entry.
    entry = models.ForeignKey(
        Entry, on_delete=models.DO_NOTHING, db_constraint=False, related_name="names"
    )
    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    person_id_ref = models.BigIntegerField(null=True, blank=True)
    email = models.CharField(max_length=254, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "person_id_ref"], name="log_name_person"),
            models.Index(fields=["organisation", "email"], name="log_name_email"),
        ]
