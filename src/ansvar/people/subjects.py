"""Which rows are about a person: the classification that both the person's own data
(GDPR art. 15, ``exports.personal``) and the erasure (art. 17, ``people.actions.erasure``)
read, so the two cannot disagree on what is held about someone.

A row is *about* a person when the person is its subject (``SUBJECT``): the employee of an
employment, the assignee of a work item, the one who asked for coaching. A row where the
person only acted on someone else (``ACTED``: the manager who held a talk, the CEO who
decided a rotation) is about that other person. Models are named by label, so this module
imports none of the packages above ``people`` whose tables it names.
"""

from django.apps import apps
from django.db import models

from ansvar.org.models import Person

# The foreign key to Person that makes a row about that person, per model.
SUBJECT: dict[str, str] = {
    "org.Employment": "person",
    "org.AreaMembership": "person",
    "org.Holding": "person",
    "org.WorkGroupMembership": "person",
    "clients.WorkItem": "assignee",
    "clients.Skill": "person",
    "clients.Notification": "person",
    "clients.CriticismReport": "reported_by",
    "people.Talk": "person",
    "people.SalaryDecision": "person",
    "people.ProbationDecision": "person",
    "people.Separation": "person",
    "people.CoachingRequest": "requester",
    "people.RotationMove": "person",
    "decisions.Refusal": "actor",
    "decisions.AccessRecord": "subject",
    "people.ReemploymentRight": "person",
    "exports.CalendarFeed": "person",
    "api.ApiToken": "person",
    "accounts.TechnicalAdministrator": "person",
    "accounts.Invitation": "person",
    "notify.Preference": "person",
    "notify.OutboxMessage": "person",
}
# Foreign keys to Person through which the person only acted on someone or something else.
ACTED: set[str] = {
    "org.Assignment.proposed_by",
    "clients.WorkItem.assigned_by",
    "clients.CollaborationDecision.decided_by",
    "clients.CriticismReport.acknowledged_by",
    "people.Position.opened_by",
    "people.Talk.held_by",
    "people.SalaryDecision.decided_by",
    "people.ProbationDecision.decided_by",
    "people.Separation.decided_by",
    "people.CoachingRequest.manager",
    "people.RotationDecision.decided_by",
    "people.ClientMonthFigure.recorded_by",
    "decisions.AccessRecord.viewer",
    "accounts.TechnicalAdministrator.appointed_by",
    "accounts.Invitation.created_by",
    # A webhook endpoint is the system's connection, registered by an administrator and
    # reading with their rights: it says nothing about them (and holds a secret).
    "webhooks.Endpoint.created_by",
    "webhooks.Endpoint.reads_as",
}


def person_keys() -> list[tuple[type[models.Model], models.ForeignKey]]:
    """Every foreign key to Person in the project's models."""
    found = []
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if isinstance(f, models.ForeignKey) and f.related_model is Person:
                found.append((model, f))
    return found
