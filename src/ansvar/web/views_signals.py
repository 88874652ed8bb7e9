"""The lists behind the figures on the CEO's page, a page at a time: the people who lead no
client (P1), the area managers who lead none (AO1), the clients without a deputy and those
whose lead holds most of the work (KA5). The figures themselves are
``clients.selectors.signal_summary``; these are its querysets, paged."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansvar.clients.selectors import (
    ao1_without_client,
    ka5_lead_holds_most,
    ka5_without_deputy,
    p1_without_client,
)
from ansvar.engine.reads import may_read
from ansvar.org.models import Organisation, Person
from ansvar.org.selectors import LeadsOn, leads_on
from ansvar.web.people import viewer_or_404
from ansvar.web.refused import refused

# Rows of a signal's list on a page.
SIGNAL_PAGE_SIZE = 100


@dataclass(frozen=True)
class SignalList:
    clause: str
    title: object  # a lazily translated string
    intro: object
    kind: str  # "people", "managers", "clients" or "work": which columns the table has
    rows: Callable[[Organisation, date, LeadsOn], QuerySet[Any]]


LISTS: dict[str, SignalList] = {
    "p1": SignalList(
        "P1",
        _("Anställda utan eget kundansvar"),
        _("Var och en blir chef med sitt första kundansvar (P1). De här leder ännu ingen kund."),
        "people",
        p1_without_client,
    ),
    "ao1": SignalList(
        "AO1",
        _("Affärsområdeschefer utan egen kund"),
        _("En affärsområdeschef leder också egna kunder (AO1)."),
        "managers",
        ao1_without_client,
    ),
    "ka5-ersattare": SignalList(
        "KA5",
        _("Kunder utan ersättare"),
        _("Kundansvarig gör sig utbytbar med en ersättare i arbetsgruppen (KA5)."),
        "clients",
        ka5_without_deputy,
    ),
    "ka5-uppgifter": SignalList(
        "KA5",
        _("Kunder där kundansvarig har flest öppna uppgifter"),
        _("Kundansvarig delar ut arbetet (KA5): här har hen själv mer än hälften av det öppna."),
        "work",
        ka5_lead_holds_most,
    ),
}


@login_required
def signal_list(request: HttpRequest, code: str) -> HttpResponse:
    viewer = viewer_or_404(request)
    shown = LISTS.get(code)
    if shown is None:
        raise Http404
    organisation = viewer.organisation
    decision = may_read(organisation, viewer, "view_ceo_page")
    if not decision.allowed:
        return refused(request, decision, viewer)
    at = timezone.localdate()
    rows = shown.rows(organisation, at, leads_on(organisation, at))
    page = Paginator(rows, SIGNAL_PAGE_SIZE).get_page(request.GET.get("sida"))
    items: list[Any] = list(page.object_list)
    if shown.kind in ("clients", "work"):
        # The clients' leads, read for this page's rows only.
        leads_by_id = Person.objects.in_bulk([c.lead_id for c in items])
        items = [(c, leads_by_id.get(c.lead_id)) for c in items]
    return render(
        request,
        "ansvar/ceo/signal_list.html",
        {"person": viewer, "at": at, "shown": shown, "page": page, "items": items},
    )
