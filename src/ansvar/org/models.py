"""The organisation: people, business areas, clients, and who holds which area over time.

Every row belongs to one Organisation. Single-row invariants live here and in the database
(check constraints, partial unique indexes); workflows live in ``actions.py``.
"""

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from ansvar.policy.parameters import effective_parameters


class Organisation(models.Model):
    """A tenant: one company with its own policy parameters and its own decision log."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    parameters = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name

    @property
    def policy(self) -> dict[str, Any]:
        return effective_parameters(self.parameters)

    def policy_int(self, name: str) -> int:
        """A whole-number policy parameter (defaults overlaid with the stored value)."""
        return int(str(self.policy[name]))


class Person(models.Model):
    """An employee; everyone employed is a consultant, the CEO too."""

    class Title(models.TextChoices):
        CONSULTANT = "consultant", "Konsult"
        SENIOR = "senior", "Seniorkonsult"

    class Language(models.TextChoices):
        SWEDISH = "sv", "Svenska"
        ENGLISH = "en", "English"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    email = models.EmailField()
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=20, choices=Title.choices, default=Title.CONSULTANT)
    # The language the person reads what Ansvar sends them in (e-mail); the pages follow the
    # browser's own choice.
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.SWEDISH)
    user = models.OneToOneField(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "email"], name="person_email_unique"),
            models.CheckConstraint(condition=Q(email=Lower("email")), name="person_email_lower"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class Employment(models.Model):
    """One period of employment; probationary until ``probation_until`` when that is set.

    ``probation_until`` is the first day of the permanent employment (LAS 6 §); ``last_day``
    is the last day employed, empty while the employment goes on.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="employments")
    starts_on = models.DateField()
    probation_until = models.DateField(null=True, blank=True)
    last_day = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(probation_until__isnull=True)
                | Q(probation_until__gt=models.F("starts_on")),
                name="employment_probation_after_start",
            ),
            models.CheckConstraint(
                condition=Q(last_day__isnull=True) | Q(last_day__gte=models.F("starts_on")),
                name="employment_last_day_after_start",
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(last_day__isnull=True), name="one_open_employment"
            ),
        ]

    def covers(self, at: date) -> bool:
        return self.starts_on <= at and (self.last_day is None or at <= self.last_day)

    def kind_on(self, at: date) -> str:
        if self.probation_until is not None and at < self.probation_until:
            return "probation"
        return "permanent"


class BusinessArea(models.Model):
    """A unit of the organisation (affärsområde), led by exactly one area manager."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="areas")
    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    created_on = models.DateField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="area_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class AreaMembership(models.Model):
    """A person belongs to exactly one business area at a time; ``valid_to`` is exclusive."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    area = models.ForeignKey(BusinessArea, on_delete=models.PROTECT, related_name="memberships")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(valid_to__isnull=True),
                name="one_open_area_per_person",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_dates_in_order",
            ),
        ]


class Client(models.Model):
    """A client relationship; its total client responsibility is one person's (the lead)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Föreslagen"
        ACTIVE = "active", "Aktiv"
        VETOED = "vetoed", "Stoppad"
        ENDED = "ended", "Avslutad"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="clients")
    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    created_on = models.DateField()
    # The first day the collaboration is over, decided by its lead (``end_client``, KA2):
    # from then the client is ended and its lead and work group no longer hold anything.
    # Empty for a client that never ended that way (a closed proposal is ended without it).
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="client_slug_unique"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(status="ended", ended_on__gte=models.F("created_on")),
                name="client_ended_on_when_ended",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """A piece of work for a client; a new one passes the CEO's veto window (VD5)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Föreslaget"
        ACTIVE = "active", "Aktivt"
        VETOED = "vetoed", "Stoppat"
        CLOSED = "closed", "Avslutat"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="assignments"
    )
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="assignments")
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="proposals")
    proposed_on = models.DateField()
    # The first day on which the proposal is no longer open to a veto.
    window_closes_on = models.DateField()
    # True when the proposal is for a new client: its lapse starts the client responsibility.
    is_new_client = models.BooleanField(default=False)
    decided_on = models.DateField(null=True, blank=True)
    veto_reason = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_closes_on__gte=models.F("proposed_on")),
                name="assignment_window_after_proposal",
            ),
            models.CheckConstraint(
                condition=~Q(status="vetoed") | ~Q(veto_reason=""),
                name="veto_has_reason",
            ),
        ]


class WorkGroupMembership(models.Model):
    """A person in a client's work group, appointed by the client lead (KA3)."""

    class Role(models.TextChoices):
        MEMBER = "member", "Medlem"
        ASSISTANT = "assistant", "Biträdande"
        DEPUTY = "deputy", "Ersättare"

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="work_groups")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "person"],
                condition=Q(valid_to__isnull=True),
                name="one_open_membership_per_client_person",
            ),
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(valid_to__isnull=True, role="deputy"),
                name="one_deputy_per_client",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="work_group_dates_in_order",
            ),
        ]


class Holding(models.Model):
    """Who is the single decision maker of an area of responsibility, from when to when (P4).

    One row per holder and period: the CEO of the organisation, the manager of a business
    area, or the lead of a client. ``valid_to`` is exclusive; an open row (``valid_to`` empty)
    is the current holder, and the database allows at most one open row per area.
    """

    class Kind(models.TextChoices):
        CEO = "ceo", "Vd"
        AREA_MANAGER = "area_manager", "Affärsområdeschef"
        CLIENT_LEAD = "client_lead", "Kundansvarig"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="holdings"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="holdings")
    area = models.ForeignKey(
        BusinessArea, null=True, blank=True, on_delete=models.PROTECT, related_name="holdings"
    )
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.PROTECT, related_name="holdings"
    )
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    # How the holding started: "appointed" by the CEO, or "consent" when a client proposal
    # lapsed without a veto (VD5), or "founding" when the organisation was set up.
    basis = models.CharField(max_length=20, default="appointed")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="ceo", area__isnull=True, client__isnull=True)
                    | Q(kind="area_manager", area__isnull=False, client__isnull=True)
                    | Q(kind="client_lead", area__isnull=True, client__isnull=False)
                ),
                name="holding_kind_matches_area",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="holding_dates_in_order",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(kind="ceo", valid_to__isnull=True),
                name="one_open_ceo",
            ),
            models.UniqueConstraint(
                fields=["area"],
                condition=Q(kind="area_manager", valid_to__isnull=True),
                name="one_open_area_manager",
            ),
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(kind="client_lead", valid_to__isnull=True),
                name="one_open_client_lead",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "kind"], name="holding_person_kind"),
            # Who is CEO on a day: the organisation's few CEO rows, not its every holding.
            models.Index(fields=["organisation", "kind"], name="holding_organisation_kind"),
        ]
