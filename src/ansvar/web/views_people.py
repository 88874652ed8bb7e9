"""People and area pages: who someone is, who decides over them, and what may be done.

Opening a person page is a read rule (``view_person``: everyone employed, nobody after their
last day). Sensitive parts (salary history, talk notes) are read only through the people
selectors, which check the policy and write the access log; a viewer without the right gets
the refusal's reason, clause and decider instead, and nothing is read. A coming last day
(notice, dismissal, an ended probation) is shown as the log shows those decisions: to the
person's circle only (``view_log_entry``); the candidates of an area to those
``view_candidates`` allows.
"""

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ansvar.clients.models import Skill
from ansvar.duties.registry import duties
from ansvar.engine.errors import InvalidInput
from ansvar.engine.reads import may_read
from ansvar.engine.registry import can
from ansvar.engine.targets import Target
from ansvar.org.models import (
    AreaMembership,
    BusinessArea,
    Employment,
    Holding,
    Person,
    WorkGroupMembership,
)
from ansvar.org.responsibility import who_decides
from ansvar.org.selectors import (
    AreaRows,
    active_people,
    area_manager_on,
    area_of,
    ceo_on,
    client_leads_on,
    employed_on,
    people_index,
    valid_on,
)
from ansvar.people import selectors as people
from ansvar.people.models import Position
from ansvar.web.actions import PageSnapshot, Panel, action_panel, restore
from ansvar.web.deciders import split, who_decides_url
from ansvar.web.links import duty_page
from ansvar.web.params import query_text
from ansvar.web.people import viewer_or_404
from ansvar.web.refused import refused
from ansvar.web.views_pictures import area_charts

PERSON_PANELS = (
    "set_salary",
    "record_development_talk",
    "record_probation_follow_up",
    "decide_probation",
    "promote_to_senior",
    "give_notice",
    "dismiss",
)
# People on a page of the index: enough to scan, few enough to stay small at 10,000 people.
PEOPLE_PAGE_SIZE = 50
AREAS_PAGE_SIZE = 100
# A person field suggests at most this many people, once this many characters are typed.
SUGGESTIONS = 20
SUGGEST_FROM = 2
# Decisions about a probation: offered only while the person is on one.
PROBATION_PANELS = ("record_probation_follow_up", "decide_probation")
AREA_PANELS = ("open_position", "hire", "add_candidate", "move_candidate", "appoint_area_manager")


def _sensitive(
    viewer: Person, person: Person, action: str, at: date, snapshot: PageSnapshot
) -> dict[str, Any]:
    """Whether ``viewer`` may see ``person``'s salary or talk notes, and if so the rows.

    The right is checked first with ``can`` so that a colleague's page view writes nothing;
    the selector then checks again and records the access."""
    decision = can(
        viewer.organisation, viewer, action, f"person:{person.email}", at=at, cache=snapshot.facts
    )
    if not decision.allowed:
        return {"allowed": False, "decision": decision, "rows": []}
    if action == "view_salary":
        rows: list[Any] = people.salary_history(viewer, person, at, purpose="person_page")
    else:
        rows = people.talks(viewer, person, at)
    return {"allowed": True, "decision": decision, "rows": rows}


def _last_day_shown(
    viewer: Person, person: Person, employment: Employment | None, at: date, snapshot: PageSnapshot
) -> bool:
    """A last day still to come tells who was given notice: shown as the log shows the
    separation, to the person's circle; once it has passed, everyone sees the person left."""
    if employment is None or employment.last_day is None or employment.last_day < at:
        return True
    return may_read(
        viewer.organisation,
        viewer,
        "view_log_entry",
        f"person:{person.email}",
        {"kind": "give_notice"},
        cache=snapshot.facts,
    ).allowed


@login_required
def my_page(request: HttpRequest) -> HttpResponse:
    return redirect("person", viewer_or_404(request).email)


def _index_opened(request: HttpRequest, viewer: Person, at: date) -> HttpResponse | None:
    """The indexes show what every person page shows (name, title, area, e-mail), so they
    open on the same read rule: the refusal page for someone no longer employed."""
    opened = may_read(viewer.organisation, viewer, "view_person", f"person:{viewer.email}")
    return None if opened.allowed else refused(request, opened, viewer)


@login_required
def people_index_view(request: HttpRequest) -> HttpResponse:
    """Personer: everyone employed, a page at a time, narrowed by a text and an area."""
    viewer = viewer_or_404(request)
    organisation = viewer.organisation
    at = timezone.localdate()
    if (refusal := _index_opened(request, viewer, at)) is not None:
        return refusal
    text = query_text(request, "q")
    area = query_text(request, "omrade")
    page = Paginator(people_index(organisation, at, text, area), PEOPLE_PAGE_SIZE).get_page(
        request.GET.get("sida")
    )
    return render(
        request,
        "ansvar/people/index.html",
        {
            "person": viewer,
            "page": page,
            "text": text,
            "area": area,
            "areas": BusinessArea.objects.filter(organisation=organisation).order_by("name"),
            "filter_query": urlencode({k: v for k, v in (("q", text), ("omrade", area)) if v}),
        },
    )


@login_required
def people_search_view(request: HttpRequest) -> HttpResponse:
    """The suggestions of a person field (``PersonSearch``): an HTML fragment of ``<option>``
    elements, one for each of at most SUGGESTIONS people employed whose name, e-mail or area
    matches the typed text, by name; the value is the e-mail a form posts. The text is the
    parameter ``falt`` names (the field's own name, which htmx sends), or ``q``."""
    viewer = viewer_or_404(request)
    at = timezone.localdate()
    if (refusal := _index_opened(request, viewer, at)) is not None:
        return refusal
    field = request.GET.get("falt") or "q"
    text = query_text(request, field)
    found = (
        list(people_index(viewer.organisation, at, text)[:SUGGESTIONS])
        if len(text) >= SUGGEST_FROM
        else []
    )
    return render(request, "ansvar/people/_search.html", {"people": found})


@login_required
def areas_index_view(request: HttpRequest) -> HttpResponse:
    """Affärsområden: each area with its manager, its people and the clients led from it."""
    viewer = viewer_or_404(request)
    at = timezone.localdate()
    if (refusal := _index_opened(request, viewer, at)) is not None:
        return refusal
    page = Paginator(AreaRows(viewer.organisation, at), AREAS_PAGE_SIZE).get_page(
        request.GET.get("sida")
    )
    return render(
        request,
        "ansvar/people/areas.html",
        {"person": viewer, "rows": page.object_list, "page": page, "filter_query": ""},
    )


@login_required
@never_cache  # salaries and talk notes: no copy kept
def person_view(request: HttpRequest, email: str) -> HttpResponse:
    viewer = viewer_or_404(request)
    organisation = viewer.organisation
    # A NUL character (from %00) cannot be compared in PostgreSQL, and is in no address.
    person = (
        Person.objects.filter(organisation=organisation, email=email.lower()).first()
        if "\x00" not in email
        else None
    )
    if person is None:
        raise Http404(_("Det finns ingen sådan person."))
    at = timezone.localdate()
    target = f"person:{person.email}"
    snapshot = PageSnapshot(organisation, at)
    snapshot.prime({target: person})
    opened = may_read(organisation, viewer, "view_person", target, cache=snapshot.facts)
    if not opened.allowed:
        return refused(request, opened, viewer)
    area = area_of(person, at)
    try:
        deciders = who_decides(organisation, Target("person", person.email), at)
    except InvalidInput:
        deciders = []
    manager = deciders[0].holder if deciders else None
    employment = (
        Employment.objects.filter(person=person).filter(employed_on(at)).first()
        or Employment.objects.filter(person=person).order_by("-starts_on").first()
    )
    manages = (
        Holding.objects.filter(valid_on(at), person=person, kind=Holding.Kind.AREA_MANAGER)
        .select_related("area")
        .order_by("area__name")
    )
    # Each form is keyed by its action: its element ids are its own, and a failed post or
    # "Ändra" on a confirmation comes back to it as typed.
    probation = people.probation_status(person, at)
    on_probation = bool(probation and probation["on_probation"])
    panels: list[Panel] = [
        action_panel(viewer, name, target, at, snapshot=snapshot, key=name)
        for name in PERSON_PANELS
        if on_probation or name not in PROBATION_PANELS
    ]
    own_page = viewer.pk == person.pk
    if manages and not own_page:
        panels.append(
            action_panel(
                viewer, "request_coaching", target, at, snapshot=snapshot, key="request_coaching"
            )
        )
    is_manager = manager is not None and manager.pk == viewer.pk
    # The one who may give notice (the CEO) sees the area's order of selection first (LAS 22 §).
    notice = next(p for p in panels if p.action == "give_notice")
    ceo = snapshot.facts.ceo()
    selection = (
        people.selection_order(area, at, ceo_email=ceo.email if ceo else "")
        if notice.held and area is not None
        else None
    )
    skill_panel = (
        action_panel(viewer, "set_skill", target, at, snapshot=snapshot, key="set_skill")
        if own_page
        else None
    )
    restore(request, [*panels, *([skill_panel] if skill_panel else [])])
    # The decisions someone else takes are one line per decider, not greyed-out forms.
    shown, decides = split(panels)
    context: dict[str, Any] = {
        "person": viewer,
        "subject": person,
        "selection": selection,
        "at": at,
        "area": area,
        "manager": manager,
        "manages": list(manages),
        "employment": employment,
        "last_day_shown": _last_day_shown(viewer, person, employment, at, snapshot),
        "probation": probation,
        "leads": sorted(
            client_leads_on(organisation, at, people=[person]).values(),
            key=lambda h: h.client.name if h.client else "",
        ),
        "work_groups": WorkGroupMembership.objects.filter(valid_on(at), person=person)
        .select_related("client")
        .order_by("client__name"),
        "skills": Skill.objects.filter(person=person).order_by("name"),
        "skill_panel": skill_panel,
        "salary": _sensitive(viewer, person, "view_salary", at, snapshot),
        "talks": _sensitive(viewer, person, "view_talk_notes", at, snapshot),
        "panels": shown,
        "decides": decides,
        "who_url": who_decides_url(target),
        # Duties name their person by e-mail, as the target does.
        "duties": (
            [
                (d, d.status(at), duty_page(d.kind))
                for d in duties(organisation, at, person=viewer)
                if d.subject == target
            ]
            if is_manager
            else []
        ),
        "is_manager": is_manager,
    }
    return render(request, "ansvar/people/person.html", context)


@login_required
def area_view(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = viewer_or_404(request)
    organisation = viewer.organisation
    area = BusinessArea.objects.filter(organisation=organisation, slug=slug).first()
    if area is None:
        raise Http404(_("Det finns inget sådant affärsområde."))
    at = timezone.localdate()
    target = f"area:{area.slug}"
    snapshot = PageSnapshot(organisation, at)
    snapshot.prime({target: area})
    manager = area_manager_on(area, at)
    is_manager = manager is not None and manager.pk == viewer.pk
    candidates = may_read(organisation, viewer, "view_candidates", target, cache=snapshot.facts)
    members = (
        AreaMembership.objects.filter(valid_on(at), area=area)
        .filter(person__in=active_people(organisation, at))
        .select_related("person")
        .order_by("person__name")
    )
    figures_read = may_read(organisation, viewer, "view_area_figures", target, cache=snapshot.facts)
    figures = (
        next(
            (f for f in people.area_figures(organisation, at, only=area) if f["area"] == area.slug),
            None,
        )
        if figures_read.allowed
        else None
    )
    positions = (
        Position.objects.filter(area=area).prefetch_related("candidates").order_by("-opened_on")
        if candidates.allowed
        else Position.objects.none()
    )
    area_panels = [
        action_panel(viewer, name, target, at, snapshot=snapshot, key=name) for name in AREA_PANELS
    ]
    restore(request, area_panels)
    ceo = ceo_on(organisation, at)
    # Those who hire here, and the CEO, see who has a right to be offered the work first.
    may_hire = is_manager or (ceo is not None and ceo.pk == viewer.pk)
    context: dict[str, Any] = {
        "person": viewer,
        "area": area,
        "at": at,
        "manager": manager,
        "ceo": ceo,
        "is_manager": is_manager,
        "reemployment": people.reemployment_rights(organisation, at, area=area)
        if may_hire
        else None,
        "may_see_candidates": candidates.allowed,
        "members": members,
        "figures": figures,
        "figures_read": figures_read,
        "figure_charts": area_charts(figures) if figures else [],
        "positions": positions,
        "panels": area_panels,
    }
    return render(request, "ansvar/people/area.html", context)
