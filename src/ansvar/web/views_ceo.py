"""The CEO's decision pages: unit rotation (VD3), business areas and policy parameters (VD1).

Each page is the page of one action: whoever does not hold it gets the 403 page with the
rule's reason, clause and decider (the same Decision ``can`` gives), and every change goes
through ``perform`` (the generic ``/handling/`` view). The rotation is irreversible, so its
form first shows what would happen, checked with ``can`` (nothing written), and only the
confirmation posts the decision.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ansvar.engine.errors import InvalidInput
from ansvar.engine.registry import ACTIONS, can, parse_args
from ansvar.org.models import AreaMembership, BusinessArea, Holding, Person
from ansvar.org.selectors import active_people, area_of, valid_on
from ansvar.people.duties import rotation_decisions
from ansvar.people.models import RotationDecision
from ansvar.people.rotation import ProposedMove, propose
from ansvar.policy.decision import Decision
from ansvar.policy.parameters import PARAMETERS, Parameter, unreadable_parameters
from ansvar.web.actions import PageSnapshot, Panel, action_panel, restore
from ansvar.web.answers import field_of, problem_text
from ansvar.web.labels import pick
from ansvar.web.people import viewer_or_404
from ansvar.web.refused import refused

ROTATION = "decide_rotation"


def _language() -> str:
    return get_language() or "sv"


def _refusal_text(decision: Decision) -> str:
    return f"{_('Nekat')} ({', '.join(decision.clauses)}): {decision.reason(_language())}"


@dataclass(frozen=True)
class Move:
    """One move as the confirmation shows it: who, from which area, to which."""

    person: Person
    from_area: BusinessArea | None
    to_area: BusinessArea


def _moves_text(proposals: list[ProposedMove]) -> str:
    return "\n".join(f"{m.person.email}={m.to_area.slug}" for m in proposals)


def _review(request: HttpRequest, person: Person, panel: Panel, at: date) -> dict[str, Any] | None:
    """The posted moves checked as ``perform`` would check them, without acting: what will
    happen, or the form again with the answer next to its field."""
    organisation = person.organisation
    data = {k: str(v) for k, v in request.POST.items() if k in {"moves", "effective_from"}}
    lines = [line.strip() for line in data.get("moves", "").splitlines() if line.strip()]
    raw = {"moves": ",".join(lines), "effective_from": data.get("effective_from") or None}
    try:
        parsed = parse_args(organisation, ACTIONS[ROTATION], raw)
        decision = can(organisation, person, ROTATION, "org", raw, at=at)
    except InvalidInput as error:
        panel.keep(data, field_of(error), problem_text(error, _language()))
        return None
    if not decision.allowed:
        panel.keep(data, "", _refusal_text(decision))
        return None
    start = parsed["effective_from"] or at
    moves = [Move(m["person"], area_of(m["person"], at), m["to_area"]) for m in parsed["moves"]]
    return {
        "moves": moves,
        "start": start,
        "moves_text": "\n".join(lines),
        "effective_from": data.get("effective_from", ""),
    }


@login_required
@require_http_methods(["GET", "POST"])
def rotation_page(request: HttpRequest) -> HttpResponse:
    """The rotation planner: the proposed moves and why, a form to edit them, a check of what
    the decision will do, then the decision itself."""
    person = viewer_or_404(request)
    organisation = person.organisation
    at = timezone.localdate()
    snapshot = PageSnapshot(organisation, at)
    panel = action_panel(person, ROTATION, "org", at, snapshot=snapshot, key="rotation")
    if not panel.held:
        return refused(request, panel.decision, person)
    proposals = propose(organisation, at)
    review = None
    if request.method == "POST" and "edit" in request.POST:
        panel.keep({k: v for k, v in request.POST.items() if k in {"moves", "effective_from"}})
    elif request.method == "POST":
        review = _review(request, person, panel, at)
    else:
        restore(request, [panel])
    if panel.form is not None and not panel.form.is_bound:
        panel.form.fields["moves"].initial = _moves_text(proposals)
    decided = (
        RotationDecision.objects.filter(organisation=organisation)
        .select_related("decided_by")
        .prefetch_related("moves__person", "moves__from_area", "moves__to_area")
        .order_by("-decided_on", "-pk")[:5]
    )
    return render(
        request,
        "ansvar/ceo/rotation.html",
        {
            "person": person,
            "at": at,
            "panel": panel,
            "proposals": proposals,
            "review": review,
            "negotiate": bool(organisation.policy.get("collective_agreement")),
            "areas": snapshot.area_choices(),
            "duties": [(d, d.status(at)) for d in rotation_decisions(organisation, at, person)],
            "decided": decided,
        },
    )


@login_required
@require_http_methods(["GET"])
def areas_page(request: HttpRequest) -> HttpResponse:
    """The business areas with their managers and sizes, and the form that creates one."""
    person = viewer_or_404(request)
    organisation = person.organisation
    at = timezone.localdate()
    snapshot = PageSnapshot(organisation, at)
    panel = action_panel(
        person, "create_business_area", "org", at, snapshot=snapshot, key="new-area"
    )
    if not panel.held:
        return refused(request, panel.decision, person)
    restore(request, [panel])
    managers: dict[int, list[Person]] = {}
    heads = Holding.objects.filter(
        valid_on(at), organisation=organisation, kind=Holding.Kind.AREA_MANAGER
    )
    for holding in heads.select_related("person").order_by("person__name"):
        assert holding.area_id is not None
        managers.setdefault(holding.area_id, []).append(holding.person)
    sizes = dict(
        AreaMembership.objects.filter(valid_on(at), area__organisation=organisation)
        .filter(person__in=active_people(organisation, at))
        .values("area_id")
        .annotate(n=Count("person_id"))
        .values_list("area_id", "n")
    )
    areas = [
        (area, managers.get(area.pk, []), sizes.get(area.pk, 0))
        for area in BusinessArea.objects.filter(organisation=organisation).order_by("name")
    ]
    return render(
        request,
        "ansvar/ceo/areas.html",
        {"person": person, "at": at, "panel": panel, "areas": areas},
    )


def _shown(parameter: Parameter, value: Any) -> str:
    """A parameter's value as its form field holds it."""
    if parameter.kind is bool:
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _readable(parameter: Parameter, value: Any) -> str:
    if parameter.kind is bool:
        return _("ja") if value else _("nej")
    return _shown(parameter, value)


@login_required
@require_http_methods(["GET"])
def parameters_page(request: HttpRequest) -> HttpResponse:
    """Every policy parameter with its value and default, each with a form to change it."""
    person = viewer_or_404(request)
    organisation = person.organisation
    at = timezone.localdate()
    snapshot = PageSnapshot(organisation, at)
    values = organisation.policy
    rows = []
    for name, parameter in PARAMETERS.items():
        panel = action_panel(
            person,
            "set_policy_parameter",
            "org",
            at,
            fixed={"name": name},
            snapshot=snapshot,
            key=f"param-{name.replace('_', '-')}",
        )
        if not panel.held:
            return refused(request, panel.decision, person)
        assert panel.form is not None
        label = pick((parameter.label_sv, parameter.label_en), _language())
        if parameter.kind is bool:
            panel.form.fields["value"] = forms.ChoiceField(
                choices=[("true", _("ja")), ("false", _("nej"))], label=label
            )
        else:
            panel.form.fields["value"].label = label
        panel.form.fields["value"].initial = _shown(parameter, values.get(name))
        rows.append(
            {
                "name": name,
                "label": label,
                "value": _readable(parameter, values.get(name)),
                "default": _readable(parameter, parameter.default),
                "changed": values.get(name) != parameter.default,
                "panel": panel,
            }
        )
    restore(request, [r["panel"] for r in rows])
    unreadable = [
        {
            "label": pick((PARAMETERS[n].label_sv, PARAMETERS[n].label_en), _language()),
            "stored": repr(organisation.parameters[n])[:80],
        }
        for n in unreadable_parameters(organisation.parameters)
    ]
    context = {"person": person, "at": at, "rows": rows, "unreadable": unreadable}
    return render(request, "ansvar/ceo/parameters.html", context)
