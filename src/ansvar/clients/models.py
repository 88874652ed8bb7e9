"""Client work: daily work items, collaboration decisions, criticism, competence (KA1-KA7).

Clients, assignments and work groups themselves live in ``ansvar.org``; this app keeps what
happens inside a client's work and the competence register used to staff it.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from ansvar.org.models import Client, Organisation, Person


class WorkItem(models.Model):
    """Daily work the client lead gives a work-group member, with its purpose (KA1, KA4)."""

    class Purpose(models.TextChoices):
        QUALITY = "quality", "Kvalitet"
        PARTICIPATION = "participation", "Delaktighet"
        COMPETENCE = "competence", "Kompetensutveckling"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="work_items"
    )
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="work_items")
    assignee = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="work_items")
    assigned_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="work_items_assigned"
    )
    title = models.CharField(max_length=300)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    created_on = models.DateField()
    # The day the work was marked done (``mark_work_item_done``) or ended with its client
    # (``end_client``); empty while it is open.
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | Q(done_on__gte=models.F("created_on")),
                name="work_item_done_after_created",
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=["quality", "participation", "competence"]),
                name="work_item_purpose_known",
            ),
        ]
        indexes = [models.Index(fields=["client", "done_on"], name="work_item_client_open")]


class CollaborationDecision(models.Model):
    """A decision about the collaboration with a client, the client lead's alone (KA2)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="collaboration_decisions"
    )
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="collaboration_decisions"
    )
    decided_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="collaboration_decisions"
    )
    summary = models.TextField()
    decided_on = models.DateField()

    class Meta:
        ordering = ["-decided_on", "-id"]


class CriticismReport(models.Model):
    """Criticism voiced by a client, reported by its lead to the CEO (KA7)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="criticism_reports"
    )
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="criticism_reports")
    reported_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="criticism_reported"
    )
    summary = models.TextField()
    reported_on = models.DateField()
    acknowledged_on = models.DateField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="criticism_acknowledged",
    )

    class Meta:
        ordering = ["-reported_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledged_on__isnull=True)
                | Q(acknowledged_on__gte=models.F("reported_on")),
                name="criticism_acknowledged_after_report",
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_on__isnull=True, acknowledged_by__isnull=True)
                | Q(acknowledged_on__isnull=False, acknowledged_by__isnull=False),
                name="criticism_acknowledged_by_someone",
            ),
        ]


class Notification(models.Model):
    """A message to one person inside the application; e-mail delivery is separate."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="notifications"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="notifications")
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=60, blank=True)  # a target, e.g. "criticism:3"
    text_sv = models.TextField()
    text_en = models.TextField()
    created_on = models.DateField()
    read_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_on", "-id"]
        indexes = [models.Index(fields=["person", "read_on"], name="notification_person_unread")]


class Skill(models.Model):
    """One entry of the competence register, kept by the person themself (KA6)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="skills")
    name = models.CharField(max_length=100)  # stored lower-case, e.g. "python"
    level = models.PositiveSmallIntegerField()
    updated_on = models.DateField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="skill_once_per_person"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="skill_level_1_5"),
            models.CheckConstraint(condition=Q(name=Lower("name")), name="skill_name_lower"),
        ]
        indexes = [models.Index(fields=["name", "level"], name="skill_name_level")]
