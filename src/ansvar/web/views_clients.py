"""Client pages: my clients, one client's page, the CEO's page and the notifications.

Parse the request, read through selectors, offer every change as an action panel (a form
for the one who decides, the reason and the decider for everyone else). No rules here:
who may do what is the engine's answer, shown as it is.
"""

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_POST

from ansvar.clients.actions import mark_notifications_read
from ansvar.clients.models import CollaborationDecision, CriticismReport, Notification, WorkItem
from ansvar.clients.selectors import (
    assignments_on,
    ka5_replaceability,
    open_on,
    signal_summary,
    staffing_suggestions,
)
from ansvar.engine.reads import may_read
from ansvar.engine.registry import can
from ansvar.org.models import Assignment, Client, Person, WorkGroupMembership
from ansvar.org.responsibility import MapRows
from ansvar.org.selectors import (
    active_clients_on,
    client_leads_on,
    valid_on,
    work_group_on,
)
from ansvar.people.duties import rotation_decisions
from ansvar.web.actions import (
    ManySelect,
    PageSnapshot,
    Panel,
    action_form,
    action_panel,
    restore,
)
from ansvar.web.deciders import split, who_decides_url
from ansvar.web.params import query_text
from ansvar.web.people import current_person
from ansvar.web.refused import refused

# The client lead's actions on a client page, in the order they are offered, then the CEO's.
CLIENT_PANELS = (
    "assign_work_item",
    "record_collaboration_decision",
    "add_work_group_member",
    "remove_work_group_member",
    "set_deputy",
    "propose_assignment",
    "report_criticism",
    "record_client_figures",
    "appoint_client_lead",
)
# Active clients on a page of "Mina kunder": at 10,000 people there are some 15,000.
CLIENTS_PAGE_SIZE = 50
# Areas without a decider listed on the CEO's page; the responsibility map has the rest.
UNOWNED_SHOWN = 10
# Actions whose "person" must already be in the work group: offer only its members.
_MEMBER_CHOICE = {
    "assign_work_item": "assignee",
    "remove_work_group_member": "person",
    "set_deputy": "person",
}


def _english() -> bool:
    return (get_language() or "sv").startswith("en")


def _no_person(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "ansvar/clients/forbidden.html",
        {
            "reason_sv": "Ditt konto är inte kopplat till någon person i en organisation.",
            "reason_en": "Your account is not linked to a person in an organisation.",
        },
        status=403,
    )


@login_required
def clients_index(request: HttpRequest) -> HttpResponse:
    """Mina kunder: the clients I lead, the work groups I am in, and all active clients."""
    person = current_person(request)
    if person is None:
        return _no_person(request)
    organisation = person.organisation
    at = timezone.localdate()
    mine = client_leads_on(organisation, at, people=[person])
    led = sorted(
        ((h.client, h) for h in mine.values() if h.person_id == person.pk and h.client),
        key=lambda row: (row[0].name, row[0].pk),
    )
    text = query_text(request, "q")
    active = active_clients_on(organisation, at).order_by("name", "pk")
    if text:
        active = active.filter(Q(name__icontains=text) | Q(slug__icontains=text))
    page = Paginator(active, CLIENTS_PAGE_SIZE).get_page(request.GET.get("sida"))
    leads = client_leads_on(organisation, at, clients=list(page.object_list))
    groups = (
        WorkGroupMembership.objects.filter(valid_on(at), person=person)
        .select_related("client")
        .order_by("client__name")
    )
    ended = Client.objects.filter(organisation=organisation, ended_on__lte=at).order_by(
        "-ended_on", "name"
    )
    return render(
        request,
        "ansvar/clients/index.html",
        {
            "person": person,
            "at": at,
            "led": led,
            "groups": groups,
            "clients": [(c, leads.get(c.pk)) for c in page.object_list],
            "page": page,
            "text": text,
            "filter_query": urlencode({"q": text}) if text else "",
            "ended": ended,
            "propose": action_panel(person, "propose_client", "org", at),
        },
    )


def _restrict_to_members(panel: Panel, field: str, members: list[tuple[str, str]]) -> None:
    """A person field that takes only the work group's members: a select of those few."""
    if panel.form is not None and field in panel.form.fields:
        searched = panel.form.fields[field]
        panel.form.fields[field] = forms.ChoiceField(
            label=searched.label,
            required=searched.required,
            choices=[("", "—"), *members],
            widget=ManySelect,
        )


def _work_item_panels(
    person: Person, target: str, at: date, snapshot: PageSnapshot, items: list[WorkItem]
) -> dict[int, Panel]:
    """A "Klar" button for each open work item the viewer may mark done. Whether the viewer
    holds the lead's right is asked once for the page; someone else is asked about their own
    items only, with the item named (the engine's answer depends on whose work it is)."""
    lead_panel = action_panel(person, "mark_work_item_done", target, at, snapshot=snapshot)
    panels: dict[int, Panel] = {}
    for item in items:
        if lead_panel.held:
            decision = lead_panel.decision
        elif item.assignee_id == person.pk:
            args = {"work_item": item.pk}
            decision = can(
                person.organisation,
                person,
                "mark_work_item_done",
                target,
                args,
                cache=snapshot.facts,
            )
        else:
            continue
        if decision.allowed:
            form = action_form(
                person.organisation,
                "mark_work_item_done",
                at,
                fixed={"work_item": item.pk},
                snapshot=snapshot,
            )
            panels[item.pk] = Panel(lead_panel.action, target, lead_panel.label, decision, form)
    return panels


def _assignment_panels(
    person: Person, at: date, snapshot: PageSnapshot, rows: list[tuple[Assignment, str]]
) -> dict[int, Panel]:
    """ "Avsluta uppdrag" for each active assignment, for the one who may."""
    active = {f"assignment:{a.pk}": a for a, status in rows if status == "active"}
    snapshot.prime(active)
    panels = {}
    for label, a in active.items():
        panel = action_panel(person, "close_assignment", label, at, snapshot=snapshot)
        if panel.held:
            panels[a.pk] = panel
    return panels


def _client_snapshot(person: Person, slug: str, at: date) -> tuple[Client, str, PageSnapshot]:
    """The client a page is about (404 when the organisation has none by that slug), its
    target and the page's snapshot primed with it."""
    client = get_object_or_404(Client, organisation=person.organisation, slug=slug)
    target = f"client:{client.slug}"
    snapshot = PageSnapshot(person.organisation, at)
    snapshot.prime({target: client})
    return client, target, snapshot


@login_required
def client_page(request: HttpRequest, slug: str) -> HttpResponse:
    """One client: its lead, work group, work, proposals, decisions, criticism and actions."""
    person = current_person(request)
    if person is None:
        return _no_person(request)
    at = timezone.localdate()
    client, target, snapshot = _client_snapshot(person, slug, at)
    organisation = person.organisation
    # Lead and status as the rules see them (a lapsed new client's proposer before tick too).
    holding = snapshot.facts.client_lead(client)
    lead = holding.person if holding else None
    status = snapshot.facts.client(client).status
    group = list(work_group_on(client, at).order_by("role", "person__name"))
    members = [(m.person.email, m.person.name) for m in group]
    ended = client.ended_on is not None and client.ended_on <= at
    # An ended client has no decisions left (KA2): no panels, the page says so instead.
    names = () if ended else CLIENT_PANELS
    panels = [action_panel(person, name, target, at, snapshot=snapshot, key=name) for name in names]
    # The lead may give work to themself as well as to the members.
    workers = [(lead.email, lead.name), *members] if lead else members
    for panel in panels:
        if panel.action in _MEMBER_CHOICE:
            choices = workers if panel.action == "assign_work_item" else members
            _restrict_to_members(panel, _MEMBER_CHOICE[panel.action], choices)
    restore(request, panels)
    # The decisions someone else takes are one line per decider, not greyed-out forms.
    shown, decides = split(panels)
    is_lead = lead is not None and lead.pk == person.pk
    ka5: dict[str, Any] | None = None
    if is_lead:
        signal = ka5_replaceability(organisation, at, only=client)
        ka5 = {
            "no_deputy": any(r["client"] == client.slug for r in signal["no_deputy"]),
            "lead_holds_most": next(
                (r for r in signal["lead_holds_most"] if r["client"] == client.slug), None
            ),
        }
    skill_text = query_text(request, "skill")
    skills = [s for s in skill_text.replace(";", ",").split(",") if s.strip()]
    suggestions = staffing_suggestions(organisation, client, skills, at) if skills else []
    work_items = list(
        WorkItem.objects.filter(open_on(at), client=client).select_related("assignee")
    )
    assignments = assignments_on(organisation, at, client=client)
    done = _work_item_panels(person, target, at, snapshot, work_items)
    closing = _assignment_panels(person, at, snapshot, assignments)
    end_panel = None
    if not ended:
        end_panel = action_panel(person, "end_client", target, at, snapshot=snapshot)
    return render(
        request,
        "ansvar/clients/client.html",
        {
            "person": person,
            "at": at,
            "client": client,
            "status": status,
            "status_label": Client.Status(status).label,
            "lead": lead,
            "holding": holding,
            "is_lead": is_lead,
            "group": group,
            "ended": ended,
            "work_items": [(w, done.get(w.pk)) for w in work_items],
            "assignments": [(a, status, closing.get(a.pk)) for a, status in assignments],
            "end_panel": end_panel,
            "decisions": CollaborationDecision.objects.filter(client=client).select_related(
                "decided_by"
            ),
            "criticism": CriticismReport.objects.filter(client=client).select_related(
                "reported_by", "acknowledged_by"
            ),
            "ka5": ka5,
            "skill": skill_text,
            "suggestions": suggestions,
            "english": _english(),
            "panels": shown,
            "decides": decides,
            "who_url": who_decides_url(target),
        },
    )


@login_required
@require_http_methods(["GET"])
def end_client_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The confirmation step before a client's end: what the end closes, that it cannot be
    undone, and the form that posts ``end_client`` (for the one who decides; the reason and
    the decider for everyone else)."""
    person = current_person(request)
    if person is None:
        return _no_person(request)
    at = timezone.localdate()
    client, target, snapshot = _client_snapshot(person, slug, at)
    organisation = person.organisation
    panel = action_panel(person, "end_client", target, at, snapshot=snapshot)
    return render(
        request,
        "ansvar/clients/end_client.html",
        {
            "person": person,
            "at": at,
            "client": client,
            "panel": panel,
            "members": list(work_group_on(client, at).order_by("person__name")),
            "work_items": WorkItem.objects.filter(open_on(at), client=client).count(),
            "active": sum(
                1
                for _, status in assignments_on(organisation, at, client=client)
                if status == "active"
            ),
        },
    )


@login_required
def ceo_page(request: HttpRequest) -> HttpResponse:
    """The CEO's page: proposals open to a veto, criticism to acknowledge, P4 and signals."""
    person = current_person(request)
    if person is None:
        return _no_person(request)
    organisation = person.organisation
    at = timezone.localdate()
    snapshot = PageSnapshot(organisation, at)
    decision = may_read(organisation, person, "view_ceo_page", cache=snapshot.facts)
    if not decision.allowed:
        return refused(request, decision, person)
    proposals = list(
        Assignment.objects.filter(
            organisation=organisation,
            status=Assignment.Status.PROPOSED,
            proposed_on__lte=at,
            window_closes_on__gt=at,
        ).select_related("client", "proposed_by")
    )
    reports = list(
        CriticismReport.objects.filter(
            organisation=organisation, acknowledged_on__isnull=True
        ).select_related("client", "reported_by")
    )
    # One snapshot for every panel: the proposals' and reports' clients are read at once.
    snapshot.prime(
        {f"assignment:{a.pk}": a for a in proposals} | {f"criticism:{r.pk}": r for r in reports}
    )
    vetoes = [
        action_panel(
            person,
            "veto_assignment",
            f"assignment:{a.pk}",
            at,
            snapshot=snapshot,
            key=f"veto-{a.pk}",
        )
        for a in proposals
    ]
    acknowledgements = [
        action_panel(
            person,
            "acknowledge_criticism",
            f"criticism:{r.pk}",
            at,
            snapshot=snapshot,
            key=f"criticism-{r.pk}",
        )
        for r in reports
    ]
    restore(request, [*vetoes, *acknowledgements])
    # The first few areas without a decider by name; the map lists them all (P4).
    unowned_rows = MapRows(organisation, at, only_unowned=True)
    unowned_shown = unowned_rows[:UNOWNED_SHOWN]
    return render(
        request,
        "ansvar/clients/ceo.html",
        {
            "person": person,
            "at": at,
            "proposals": list(zip(proposals, vetoes, strict=True)),
            "criticism": list(zip(reports, acknowledgements, strict=True)),
            "unowned": unowned_shown,
            "unowned_count": len(unowned_rows),
            "rotation": [(d, d.status(at)) for d in rotation_decisions(organisation, at, person)],
        },
    )


@login_required
@require_http_methods(["GET"])
def ceo_figures(request: HttpRequest) -> HttpResponse:
    """The signals' figures of the day (P1, P2, AO1, KA5; ``signal_summary``), each linking
    to its list. The CEO's page loads them with htmx once it is shown (``HX-Request``: the
    section alone); opened directly they are a page of their own."""
    person = current_person(request)
    if person is None:
        return _no_person(request)
    organisation = person.organisation
    at = timezone.localdate()
    decision = may_read(organisation, person, "view_ceo_page")
    if not decision.allowed:
        return refused(request, decision, person)
    template = (
        "ansvar/clients/_ceo_signals.html"
        if request.headers.get("HX-Request") == "true"
        else "ansvar/clients/ceo_figures.html"
    )
    return render(
        request,
        template,
        {"person": person, "at": at, "signals": signal_summary(organisation, at)},
    )


@login_required
@require_http_methods(["GET"])
def notifications(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    if person is None:
        return _no_person(request)
    english = _english()
    rows = [
        (n, n.text_en if english else n.text_sv)
        for n in Notification.objects.filter(person=person)[:200]
    ]
    unread = sum(1 for n, _ in rows if n.read_on is None)
    return render(
        request,
        "ansvar/clients/notifications.html",
        {"person": person, "rows": rows, "unread": unread},
    )


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark the viewer's own unread notifications as read today; nobody else's."""
    person = current_person(request)
    if person is None:
        raise Http404
    mark_notifications_read(person, timezone.localdate())
    return redirect("notifications")
