"""The decisions that cannot be undone, and what the confirmation step says they will do.

A panel of one of these actions posts first to a review (``perform_view`` checks it with
``can`` and writes nothing) that shows these sentences and a "Bekräfta" button carrying the
same fields; only the confirmed post performs. Whether the decision may be taken is the
rules' answer alone: a function here only describes the effect of input the rule has already
allowed, reading the current holders through the selectors. It returns ``None`` when this
particular decision undoes nothing (a probation continued, a lead appointed to a client
that has none), and the post is then performed at once.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ansvar.org.models import Assignment, BusinessArea, Client, Organisation, Person
from ansvar.org.selectors import area_manager_on, client_leads_on
from ansvar.people.selectors import notice_last_day
from ansvar.web.labels import CHOICE_LABELS, pick

# (organisation, the target's row, the parsed arguments, the day) -> sentences, or None.
Consequence = Callable[[Organisation, Any, dict[str, Any], date], list[str] | None]


def _leaves() -> str:
    return _(
        "Från dagen efter är hen inte längre med i något affärsområde eller någon "
        "arbetsgrupp och kan inte logga in."
    )


def _give_notice(
    organisation: Organisation, person: Person, args: dict[str, Any], at: date
) -> list[str]:
    ground = args.get("ground") or "personal"
    return [
        _("%(name)s sägs upp (%(ground)s). Sista anställningsdagen blir %(last)s.")
        % {
            "name": person.name,
            "ground": pick(CHOICE_LABELS.get(ground, (ground, ground)), get_language() or "sv"),
            "last": notice_last_day(person, at).isoformat(),
        },
        _leaves(),
    ]


def _dismiss(
    organisation: Organisation, person: Person, args: dict[str, Any], at: date
) -> list[str]:
    return [
        _("%(name)s avskedas: anställningen upphör i dag, %(day)s.")
        % {"name": person.name, "day": at.isoformat()},
        _leaves(),
    ]


def _decide_probation(
    organisation: Organisation, person: Person, args: dict[str, Any], at: date
) -> list[str] | None:
    if args.get("decision") != "end":
        return None
    return [
        _("%(name)s provanställning avslutas: anställningen upphör i dag, %(day)s.")
        % {"name": _genitive(person.name), "day": at.isoformat()},
        _leaves(),
    ]


def _promote_to_senior(
    organisation: Organisation, person: Person, args: dict[str, Any], at: date
) -> list[str]:
    return [_("%(name)s blir seniorkonsult.") % {"name": person.name}]


def _replaced(new: Person, old: Person | None) -> bool:
    return old is not None and old.pk != new.pk


def _appoint_client_lead(
    organisation: Organisation, client: Client, args: dict[str, Any], at: date
) -> list[str] | None:
    holding = client_leads_on(organisation, at, clients=[client]).get(client.pk)
    old = holding.person if holding else None
    new = args["person"]
    if old is None or not _replaced(new, old):
        return None
    return [
        _("%(new)s blir kundansvarig för %(client)s; %(old)s är det inte längre.")
        % {"new": new.name, "client": client.name, "old": old.name}
    ]


def _appoint_area_manager(
    organisation: Organisation, area: BusinessArea, args: dict[str, Any], at: date
) -> list[str] | None:
    old = area_manager_on(area, at)
    new = args["person"]
    if old is None or not _replaced(new, old):
        return None
    return [
        _("%(new)s blir chef för %(area)s; %(old)s är det inte längre.")
        % {"new": new.name, "area": area.name, "old": old.name}
    ]


def _veto_assignment(
    organisation: Organisation, assignment: Assignment, args: dict[str, Any], at: date
) -> list[str]:
    names = {
        "title": assignment.title,
        "client": assignment.client.name,
        "name": assignment.proposed_by.name,
    }
    if assignment.is_new_client:
        return [
            _(
                "Förslaget om den nya kunden %(client)s stoppas: kunden blir inte av, och "
                "%(name)s blir inte kundansvarig."
            )
            % names
        ]
    return [
        _("Uppdraget ”%(title)s” för %(client)s, föreslaget av %(name)s, stoppas och blir inte av.")
        % names
    ]


def _genitive(name: str) -> str:
    """A Swedish name's genitive (Erik Nys, Anna Ros); English keeps "'s"."""
    if (get_language() or "sv").startswith("en"):
        return f"{name}'s"
    return name if name[-1:].lower() in {"s", "x", "z"} else f"{name}s"


IRREVERSIBLE: dict[str, Consequence] = {
    "give_notice": _give_notice,
    "dismiss": _dismiss,
    "decide_probation": _decide_probation,
    "promote_to_senior": _promote_to_senior,
    "appoint_client_lead": _appoint_client_lead,
    "appoint_area_manager": _appoint_area_manager,
    "veto_assignment": _veto_assignment,
}


def consequences(
    organisation: Organisation, action_name: str, obj: Any, args: dict[str, Any], at: date
) -> list[str] | None:
    """What confirming the allowed decision will do, or ``None`` when it needs no
    confirmation (the action can be undone, or this decision of it undoes nothing)."""
    describe = IRREVERSIBLE.get(action_name)
    return describe(organisation, obj, args, at) if describe else None
