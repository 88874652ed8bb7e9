"""Coaching (AO5): the requests a person made, with their answers, and the requests made to
them, each open one with the form that answers it. Every change goes through ``perform``;
the page shows a person only their own requests and the ones addressed to them, the two
circles the log's read rule gives a request to besides the CEO."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ansvar.org.selectors import area_manager_on, area_of
from ansvar.people.models import CoachingRequest
from ansvar.policy.workdays import nth_working_day_after
from ansvar.web.actions import PageSnapshot, Panel, action_panel, restore
from ansvar.web.people import viewer_or_404


@login_required
@require_http_methods(["GET"])
def coaching_page(request: HttpRequest) -> HttpResponse:
    person = viewer_or_404(request)
    organisation = person.organisation
    at = timezone.localdate()
    snapshot = PageSnapshot(organisation, at)
    days = organisation.policy_int("coaching_response_days")
    mine = (
        CoachingRequest.objects.filter(organisation=organisation, requester=person)
        .select_related("manager")
        .order_by("-requested_on", "-pk")
    )
    to_me = list(
        CoachingRequest.objects.filter(organisation=organisation, manager=person)
        .select_related("requester")
        .order_by("requested_on", "pk")
    )
    panels: list[Panel] = []
    asked = []
    for row in to_me:
        panel = None
        if row.answered_on is None:
            panel = action_panel(
                person,
                "answer_coaching",
                f"person:{person.email}",
                at,
                fixed={"request": row.pk},
                snapshot=snapshot,
                key=f"coaching-{row.pk}",
            )
            panels.append(panel)
        asked.append((row, nth_working_day_after(row.requested_on, days), panel))
    area = area_of(person, at)
    manager = area_manager_on(area, at) if area is not None else None
    ask = None
    if manager is not None and manager.pk != person.pk:
        ask = action_panel(
            person,
            "request_coaching",
            f"person:{manager.email}",
            at,
            snapshot=snapshot,
            key="ask",
        )
        panels.append(ask)
    restore(request, panels)
    return render(
        request,
        "ansvar/people/coaching.html",
        {
            "person": person,
            "at": at,
            "mine": [(r, nth_working_day_after(r.requested_on, days)) for r in mine],
            "asked": asked,
            "open_to_me": sum(1 for r, _, _ in asked if r.answered_on is None),
            "manager": manager,
            "ask": ask,
        },
    )
