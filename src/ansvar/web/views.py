"""Web pages: parse the request, call a selector or an action, render. No rules here."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ansvar.clients.models import Notification
from ansvar.duties.registry import duties
from ansvar.org.models import Assignment, Holding
from ansvar.org.responsibility import responsibility_map
from ansvar.org.selectors import client_leads_on, valid_on
from ansvar.web.links import TargetLinks, duty_url
from ansvar.web.params import date_param
from ansvar.web.people import current_person

# The proposals a consultant follows on their home page, newest first.
PROPOSALS_SHOWN = 10


@login_required
def home(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    context: dict[str, object] = {"person": person}
    if person is not None:
        at = timezone.localdate()
        own = duties(person.organisation, at, person=person)
        unread = list(Notification.objects.filter(person=person, read_on__isnull=True)[:20])
        links = TargetLinks(
            person.organisation, [d.subject for d in own] + [n.subject for n in unread]
        )
        context.update(
            at=at,
            duties=[(d, d.status(at), duty_url(d.kind, d.subject, links)) for d in own],
            notifications=[(n, links.get(n.subject).url) for n in unread],
            proposals=Assignment.objects.filter(proposed_by=person)
            .select_related("client")
            .order_by("-proposed_on", "-id")[:PROPOSALS_SHOWN],
            leads=[
                *Holding.objects.filter(valid_on(at), person=person)
                .exclude(kind=Holding.Kind.CLIENT_LEAD)
                .select_related("area")
                .order_by("kind", "area__name"),
                *sorted(
                    client_leads_on(person.organisation, at, people=[person]).values(),
                    key=lambda h: h.client.name if h.client else "",
                ),
            ],
        )
    return render(request, "ansvar/home.html", context)


@login_required
def responsibility_map_view(request: HttpRequest) -> HttpResponse:
    """The map as of ``?datum=YYYY-MM-DD`` (today without it); a bad date is explained."""
    person = current_person(request)
    at, error = date_param(request)
    rows = responsibility_map(person.organisation, at) if person and not error else []
    context = {
        "person": person,
        "rows": rows,
        "at": at,
        "error": error,
        "unowned": sum(1 for r in rows if r.holder is None),
    }
    return render(request, "ansvar/responsibility_map.html", context, status=400 if error else 200)
