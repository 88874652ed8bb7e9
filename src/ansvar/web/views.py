"""Web pages: parse the request, call a selector or an action, render. No rules here."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ansvar.clients.models import Notification
from ansvar.duties.registry import Duty, duties
from ansvar.org.models import Holding
from ansvar.org.responsibility import responsibility_map
from ansvar.org.selectors import client_leads_on, valid_on
from ansvar.web.params import query_text
from ansvar.web.people import current_person

# The page where a kind of duty is done, for the duties that have one.
DUTY_PAGES = {"rotation_decision": "ceo-rotation", "coaching_answer": "coaching"}


def duty_page(duty: Duty) -> str:
    name = DUTY_PAGES.get(duty.kind)
    return reverse(name) if name else ""


@login_required
def home(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    context: dict[str, object] = {"person": person}
    if person is not None:
        at = timezone.localdate()
        context.update(
            at=at,
            duties=[
                (d, d.status(at), duty_page(d))
                for d in duties(person.organisation, at, person=person)
            ],
            notifications=Notification.objects.filter(person=person, read_on__isnull=True)[:20],
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
    at = timezone.localdate()
    error = ""
    text = query_text(request, "datum")
    if text:
        try:
            at = date.fromisoformat(text)
        except ValueError:
            error = _(
                "”%(text)s” är inget datum; skriv det som ÅÅÅÅ-MM-DD, till exempel %(today)s."
            ) % {
                "text": text,
                "today": at.isoformat(),
            }
    rows = responsibility_map(person.organisation, at) if person and not error else []
    context = {
        "person": person,
        "rows": rows,
        "at": at,
        "error": error,
        "unowned": sum(1 for r in rows if r.holder is None),
    }
    return render(request, "ansvar/responsibility_map.html", context, status=400 if error else 200)
