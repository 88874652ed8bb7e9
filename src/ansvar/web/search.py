"""What a typed text names: people, clients and business areas, by name or part of one.

The decision log's filter and the "who decides?" box both take a name instead of a target;
one lookup answers both, a bounded number of rows whatever the organisation's size.
"""

from dataclasses import dataclass

from django.db.models import Q

from ansvar.engine.targets import TARGET_KINDS
from ansvar.org.models import BusinessArea, Client, Organisation, Person

# How many people, clients or areas a text may name before it is too vague to help.
SEARCH_LIMIT = 200


@dataclass(frozen=True)
class Found:
    people: list[Person]
    clients: list[Client]
    areas: list[BusinessArea]

    def targets(self) -> list[str]:
        """The matches as targets (people by e-mail, as a person's page names them)."""
        return [
            *(f"person:{p.email}" for p in self.people),
            *(f"client:{c.slug}" for c in self.clients),
            *(f"area:{a.slug}" for a in self.areas),
        ]


def is_target(text: str) -> bool:
    """Whether the text is written as a target (``client:alfa``, ``org``)."""
    kind, sep, key = text.partition(":")
    return text == "org" or bool(sep and kind in TARGET_KINDS and key)


def find(organisation: Organisation, text: str, limit: int = SEARCH_LIMIT) -> Found:
    """People by name or e-mail, clients and areas by name or slug, that the text names."""
    text = text.strip()
    if not text:
        return Found([], [], [])
    lowered = text.lower()
    return Found(
        list(
            Person.objects.filter(organisation=organisation)
            .filter(Q(name__icontains=text) | Q(email=lowered))
            .order_by("name", "email")[:limit]
        ),
        list(
            Client.objects.filter(organisation=organisation)
            .filter(Q(name__icontains=text) | Q(slug=lowered))
            .order_by("name")[:limit]
        ),
        list(
            BusinessArea.objects.filter(organisation=organisation)
            .filter(Q(name__icontains=text) | Q(slug=lowered))
            .order_by("name")[:limit]
        ),
    )
