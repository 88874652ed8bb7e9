"""Web pages: parse the request, call a selector or an action, render. No rules here."""

from collections.abc import Sequence
from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ansvar.clients.models import Notification
from ansvar.duties.registry import Duty, duties
from ansvar.org.models import Assignment, Holding
from ansvar.org.responsibility import MapRows, Responsibility
from ansvar.org.selectors import client_leads_on, valid_on
from ansvar.web.links import TargetLinks, duty_url
from ansvar.web.params import date_param, query_text
from ansvar.web.people import current_person, viewer_or_404

# The proposals a consultant follows on their home page, newest first.
PROPOSALS_SHOWN = 10
# The most urgent duties on the home page; the duties page lists them all, paged.
DUTIES_SHOWN = 15
DUTIES_PAGE_SIZE = 100
# Rows of the responsibility map on a page.
MAP_PAGE_SIZE = 100


@login_required
def home(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    context: dict[str, object] = {"person": person}
    if person is not None:
        at = timezone.localdate()
        own = duties(person.organisation, at, person=person)
        shown = own[:DUTIES_SHOWN]
        unread = list(Notification.objects.filter(person=person, read_on__isnull=True)[:20])
        links = TargetLinks(
            person.organisation, [d.subject for d in shown] + [n.subject for n in unread]
        )
        context.update(
            at=at,
            duties=_duty_rows(shown, at, links),
            duty_count=len(own),
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


def _duty_rows(shown: list[Duty], at: date, links: TargetLinks) -> list[tuple[Duty, str, str]]:
    return [(d, d.status(at), duty_url(d.kind, d.subject, links)) for d in shown]


@login_required
def duties_view(request: HttpRequest) -> HttpResponse:
    """All the viewer's duties, most urgent first, a page at a time, each a link to where it
    is done."""
    person = viewer_or_404(request)
    at = timezone.localdate()
    page = Paginator(duties(person.organisation, at, person=person), DUTIES_PAGE_SIZE).get_page(
        request.GET.get("sida")
    )
    links = TargetLinks(person.organisation, [d.subject for d in page.object_list])
    return render(
        request,
        "ansvar/duties.html",
        {
            "person": person,
            "at": at,
            "page": page,
            "duties": _duty_rows(list(page.object_list), at, links),
            "filter_query": "",
        },
    )


@login_required
def responsibility_map_view(request: HttpRequest) -> HttpResponse:
    """The map as of ``?datum=YYYY-MM-DD`` (today without it); a bad date is explained."""
    person = current_person(request)
    at, error = date_param(request)
    # Paged, and narrowed to a text (the area of responsibility, its target or its decider)
    # or to those without a decider: the whole map of a large firm is thousands of rows.
    wanted = query_text(request, "q")
    only_unowned = request.GET.get("saknar") == "1"
    if person and not error:
        unowned = len(MapRows(person.organisation, at, only_unowned=True))
        shown: Sequence[Responsibility] = MapRows(person.organisation, at, wanted, only_unowned)
    else:
        unowned, shown = 0, []
    page = Paginator(shown, MAP_PAGE_SIZE).get_page(request.GET.get("sida"))
    kept = {
        "datum": query_text(request, "datum"),
        "q": query_text(request, "q"),
        "saknar": "1" if only_unowned else "",
    }
    context = {
        "person": person,
        "rows": page.object_list,
        "page": page,
        "at": at,
        "error": error,
        "unowned": unowned,
        "text": kept["q"],
        "only_unowned": only_unowned,
        "filter_query": urlencode({k: v for k, v in kept.items() if v}),
    }
    return render(request, "ansvar/responsibility_map.html", context, status=400 if error else 200)
