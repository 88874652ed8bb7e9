"""Targets as people read them: a name and the page where the thing is, for the log, the
duties and the notifications.

A target is stored as the engine writes it (``client:alfa``, ``person:17``,
``assignment:5``); ``TargetLinks`` turns a batch of them into labels and links with one query
per kind, whatever the number of targets.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from ansvar.clients.models import CriticismReport
from ansvar.duties.registry import Duty
from ansvar.engine.targets import is_row_id
from ansvar.org.models import Assignment, BusinessArea, Client, Organisation, Person


@dataclass(frozen=True)
class Link:
    label: str
    url: str  # "" when the target has no page of its own


class TargetLinks:
    """Labels and links for the targets of one page, read in one query per kind."""

    def __init__(self, organisation: Organisation, targets: Iterable[str]) -> None:
        self.organisation = organisation
        keys: dict[str, set[str]] = defaultdict(set)
        for target in targets:
            kind, _sep, key = target.partition(":")
            if key:
                keys[kind].add(key)
        self.people = self._people(keys["person"])
        # A kind no target names costs no query.
        assignment_ids = [int(k) for k in keys["assignment"] if is_row_id(k)]
        assignments = (
            {
                a.pk: a
                for a in Assignment.objects.filter(
                    organisation=organisation, pk__in=assignment_ids
                ).select_related("client")
            }
            if assignment_ids
            else {}
        )
        criticism_ids = [int(k) for k in keys["criticism"] if is_row_id(k)]
        criticism = (
            {
                c.pk: c
                for c in CriticismReport.objects.filter(
                    organisation=organisation, pk__in=criticism_ids
                ).select_related("client")
            }
            if criticism_ids
            else {}
        )
        clients = (
            {
                c.slug: c
                for c in Client.objects.filter(organisation=organisation, slug__in=keys["client"])
            }
            if keys["client"]
            else {}
        )
        areas = (
            {
                a.slug: a
                for a in BusinessArea.objects.filter(
                    organisation=organisation, slug__in=keys["area"]
                )
            }
            if keys["area"]
            else {}
        )
        self.links: dict[str, Link] = {"org": Link(organisation.name, "")}
        for key, person in self.people.items():
            self.links[f"person:{key}"] = Link(person.name, person_url(person))
        for slug, client in clients.items():
            self.links[f"client:{slug}"] = Link(client.name, client_url(client.slug))
        for slug, area in areas.items():
            self.links[f"area:{slug}"] = Link(area.name, reverse("area", args=[slug]))
        for pk, assignment in assignments.items():
            self.links[f"assignment:{pk}"] = Link(
                _("Uppdraget ”%(title)s” för %(client)s")
                % {"title": assignment.title, "client": assignment.client.name},
                client_url(assignment.client.slug),
            )
        for pk, report in criticism.items():
            self.links[f"criticism:{pk}"] = Link(
                _("Kritik från %(client)s") % {"client": report.client.name},
                client_url(report.client.slug),
            )

    def _people(self, keys: set[str]) -> dict[str, Person]:
        """People named by id (as the log stores them) or by e-mail (as duties do)."""
        ids = [int(k) for k in keys if is_row_id(k)]
        emails = [k.lower() for k in keys if not is_row_id(k)]
        found: dict[str, Person] = {}
        if ids:
            for person in Person.objects.filter(organisation=self.organisation, pk__in=ids):
                found[str(person.pk)] = person
        if emails:
            for person in Person.objects.filter(organisation=self.organisation, email__in=emails):
                found[person.email] = person
        return found

    def get(self, target: str) -> Link:
        """The target's label and link; an unknown one (an erased row) is shown as stored."""
        return self.links.get(target) or Link(target, "")


def person_url(person: Person) -> str:
    return reverse("person", args=[person.email])


def client_url(slug: str) -> str:
    return reverse("client", args=[slug])


# The page where a kind of duty is done, when it is not the page of what the duty is about.
DUTY_PAGES = {
    "veto_decision": "ceo",
    "unacknowledged_criticism": "ceo",
    "rotation_decision": "ceo-rotation",
    "coaching_answer": "coaching",
}


def duty_page(kind: str) -> str:
    """The page of its own where a kind of duty is done ("" when there is none)."""
    name = DUTY_PAGES.get(kind)
    return reverse(name) if name else ""


def duty_url(kind: str, subject: str, links: TargetLinks) -> str:
    """Where a duty is done: its own page (the veto on the CEO's page, the rotation in the
    planner, a coaching answer on the coaching page), else the page of the person, area or
    client it is about."""
    return duty_page(kind) or links.get(subject).url


def absolute_duty_urls(organisation: Organisation, shown: list[Duty]) -> list[str]:
    """Where each duty is done, as full addresses under ``ANSVAR_BASE_URL`` (for a file that
    leaves the browser): the targets of the batch are read in one query per kind."""
    links = TargetLinks(organisation, [d.subject for d in shown])
    base = settings.ANSVAR_BASE_URL.rstrip("/")
    return [
        base + url if url else "" for url in (duty_url(d.kind, d.subject, links) for d in shown)
    ]
