"""People processes: recruitment, talks, salaries, coaching, rotation, separations (AO, VD3-4).

Rows here are the records of decisions taken through ``people.actions``; the duties that
follow from them (talks due, reviews due, answers due) are derived in ``people.duties``.
Employment periods, titles and area memberships themselves live in ``ansvar.org``.
"""

from django.db import models
from django.db.models import Q

from ansvar.org.models import BusinessArea, Client, Organisation, Person


class Position(models.Model):
    """An open position in a business area (AO3)."""

    class Status(models.TextChoices):
        OPEN = "open", "Öppen"
        FILLED = "filled", "Tillsatt"
        CLOSED = "closed", "Stängd"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="positions"
    )
    area = models.ForeignKey(BusinessArea, on_delete=models.PROTECT, related_name="positions")
    title = models.CharField(max_length=200)
    opened_on = models.DateField()
    opened_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["-opened_on", "-id"]


class Candidate(models.Model):
    """A candidate for a position; personal data is erased after ``retention_until``."""

    class Stage(models.TextChoices):
        APPLIED = "applied", "Ansökt"
        INTERVIEW = "interview", "Intervju"
        OFFER = "offer", "Erbjudande"
        HIRED = "hired", "Anställd"
        REJECTED = "rejected", "Avböjd"

    DECIDED = ("hired", "rejected")

    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="candidates")
    name = models.CharField(max_length=200, blank=True)
    email = models.CharField(max_length=254, blank=True)
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.APPLIED)
    added_on = models.DateField()
    decided_on = models.DateField(null=True, blank=True)
    retention_until = models.DateField(null=True, blank=True)
    erased_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(retention_until__isnull=True) | Q(decided_on__isnull=False),
                name="candidate_retention_after_decision",
            ),
        ]


class Talk(models.Model):
    """A development talk (AO3) or a probation follow-up talk (AO4); notes are sensitive."""

    class Kind(models.TextChoices):
        DEVELOPMENT = "development", "Utvecklingssamtal"
        PROBATION_FOLLOW_UP = "probation_follow_up", "Uppföljning under provanställning"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="talks")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="talks")
    held_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="talks_held")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    held_on = models.DateField()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["held_on", "id"]
        indexes = [models.Index(fields=["person", "kind", "held_on"], name="talk_person_kind")]


class SalaryDecision(models.Model):
    """A salary decision with its effective date; the history is the list of these (AO3).
    The amount is empty only once the GDPR erasure has erased it; the decision's dates stay."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="salary_decisions"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="salary_decisions")
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    effective_from = models.DateField()
    decided_on = models.DateField()
    decided_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["effective_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0), name="salary_amount_positive"
            ),
        ]


class ProbationDecision(models.Model):
    """The CEO's decision to continue or end a probationary employment (LAS 6 §, 31 §)."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", "Fortsätter som tillsvidareanställning"
        END = "end", "Avslutas"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="probation_decisions")
    decision = models.CharField(max_length=10, choices=Outcome.choices)
    decided_on = models.DateField()
    informed_on = models.DateField(null=True, blank=True)
    last_day = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")


class Separation(models.Model):
    """Notice (uppsägning), summary dismissal (avsked) or an ended probation (VD4, LAS)."""

    class Kind(models.TextChoices):
        NOTICE = "notice", "Uppsägning"
        DISMISSAL = "dismissal", "Avsked"
        PROBATION_END = "probation_end", "Avslutad provanställning"

    class Ground(models.TextChoices):
        """Why: the person (LAS 7 §, 18 §, 30 §) or a shortage of work (LAS 7 §, 22 §, 25 §);
        empty for an ended probation, which needs no ground (LAS 6 §)."""

        PERSONAL = "personal", "Personliga skäl"
        REDUNDANCY = "redundancy", "Arbetsbrist"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="separations"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="separations")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    ground = models.CharField(max_length=12, choices=Ground.choices, blank=True, default="")
    reason = models.TextField()
    decided_on = models.DateField()
    informed_on = models.DateField(null=True, blank=True)
    grounds_known_on = models.DateField(null=True, blank=True)
    notice_months = models.PositiveSmallIntegerField(default=0)
    employment_years = models.PositiveSmallIntegerField(default=0)
    last_day = models.DateField()
    decided_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("decided_on")),
                name="separation_last_day_after_decision",
            ),
            models.CheckConstraint(
                condition=Q(ground="") | ~Q(kind="probation_end"),
                name="separation_probation_end_has_no_ground",
            ),
        ]


class ReemploymentRight(models.Model):
    """The right of re-employment after a redundancy notice (LAS 25 §): in the area the
    person worked in, from the notice until ``valid_until`` (inclusive)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="reemployment_rights"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="reemployment_rights")
    area = models.ForeignKey(BusinessArea, on_delete=models.PROTECT, related_name="+")
    separation = models.OneToOneField(
        Separation, on_delete=models.PROTECT, related_name="reemployment_right"
    )
    valid_from = models.DateField()
    valid_until = models.DateField()

    class Meta:
        ordering = ["valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="reemployment_right_dates_in_order",
            ),
        ]


class CoachingRequest(models.Model):
    """A consultant asks their area manager for coaching (AO5); open until answered."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="coaching_requests"
    )
    requester = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="coaching_requests"
    )
    manager = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="coaching_asked")
    topic = models.TextField()
    requested_on = models.DateField()
    answered_on = models.DateField(null=True, blank=True)
    answer = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True)
                | Q(answered_on__gte=models.F("requested_on")),
                name="coaching_answer_after_request",
            ),
        ]


class RotationDecision(models.Model):
    """A unit-rotation decision of the CEO (VD3); its moves change area memberships."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="rotation_decisions"
    )
    decided_on = models.DateField()
    effective_from = models.DateField()
    decided_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["decided_on", "id"]


class RotationMove(models.Model):
    decision = models.ForeignKey(RotationDecision, on_delete=models.PROTECT, related_name="moves")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="rotation_moves")
    from_area = models.ForeignKey(BusinessArea, on_delete=models.PROTECT, related_name="+")
    to_area = models.ForeignKey(BusinessArea, on_delete=models.PROTECT, related_name="+")


class ClientMonthFigure(models.Model):
    """Revenue and margin of one client in one month, entered by its lead (AO2)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="client_figures"
    )
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="month_figures")
    month = models.DateField()  # the first day of the month
    revenue = models.DecimalField(max_digits=14, decimal_places=2)
    margin = models.DecimalField(max_digits=14, decimal_places=2)
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField()

    class Meta:
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["client", "month"], name="client_month_once"),
        ]
