"""The technical administrator's webhook pages (/webhooks/): the endpoints, registering one
(its secret shown once), switching one off or on, removing it, giving it a new secret, and
each endpoint's deliveries with "skicka igen" for a failed one.

Who opens them is the rule of ``register_webhook`` (``policy.rules.webhooks``, P7): anyone
else gets the 403 page naming the administrators. Every change is an action through
``perform``; sending a failed delivery again changes nothing of the endpoint and is
``webhooks.actions.send_failed_again``."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ansvar.engine.errors import InvalidInput, PolicyRefused
from ansvar.engine.registry import Done, holds_right, perform
from ansvar.org.models import Person
from ansvar.web.answers import field_of, problem_text
from ansvar.web.labels import ACTION_LABELS, pick
from ansvar.web.people import current_person
from ansvar.web.refused import refused
from ansvar.webhooks.actions import send_failed_again
from ansvar.webhooks.checks import check_events
from ansvar.webhooks.models import Delivery, Endpoint
from ansvar.webhooks.selectors import deliveries, endpoint, endpoints

FIELDS: dict[str, Any] = {
    "url": gettext_lazy("Adress"),
    "events": gettext_lazy("Händelser"),
    "actions": gettext_lazy("Bara dessa åtgärder"),
    "reads_as": gettext_lazy("Läser som"),
    "endpoint": gettext_lazy("Mottagare"),
}
EVENT_LABELS: dict[str, Any] = {
    "decision": gettext_lazy("Beslut"),
    "duty_overdue": gettext_lazy("Försenade åtaganden"),
}
STATUS_LABELS: dict[str, Any] = {
    Delivery.Status.PENDING: gettext_lazy("Väntar på att skickas"),
    Delivery.Status.SENDING: gettext_lazy("Skickas"),
    Delivery.Status.DELIVERED: gettext_lazy("Levererad"),
    Delivery.Status.FAILED: gettext_lazy("Misslyckad"),
    Delivery.Status.CANCELLED: gettext_lazy("Inte skickad"),
}
PAGE_SIZE = 50


def _administrator(request: HttpRequest) -> tuple[Person | None, HttpResponse | None]:
    person = current_person(request)
    if person is None:
        raise Http404(_("Ditt konto är inte kopplat till någon person i en organisation."))
    decision = holds_right(person.organisation, person, "register_webhook", "org")
    if not decision.allowed:
        return None, refused(request, decision, person)
    return person, None


def _problem(request: HttpRequest, error: InvalidInput) -> str:
    field = field_of(error)
    label = FIELDS.get(field, field)
    return f"{label}: {problem_text(error, get_language() or 'sv')}"


def _perform(
    request: HttpRequest, person: Person, action: str, args: dict[str, Any]
) -> tuple[Done | None, str]:
    """The action's Done, or None and what to tell (bad input naming the field, or the
    refusal's reason and clauses)."""
    try:
        return perform(person.organisation, person, action, "org", args), ""
    except InvalidInput as error:
        return None, _problem(request, error)
    except PolicyRefused as no:
        english = (get_language() or "sv").startswith("en")
        reason = no.decision.reason_en if english else no.decision.reason_sv
        return None, _("Nekat (%(clauses)s): %(reason)s") % {
            "clauses": ", ".join(no.decision.clauses),
            "reason": reason,
        }


def _list_page(
    request: HttpRequest,
    person: Person,
    *,
    secret: str = "",
    made: Endpoint | None = None,
    typed: dict[str, Any] | None = None,
    error: str = "",
) -> HttpResponse:
    rows = list(endpoints(person.organisation))
    return render(
        request,
        "ansvar/webhooks/list.html",
        {
            "person": person,
            "rows": rows,
            "event_labels": EVENT_LABELS,
            "secret": secret,
            "made": made,
            "typed": typed or {"events": ["decision"]},
            "error": error,
        },
    )


@login_required
@never_cache  # a new secret is on the page once: no browser or proxy may keep a copy
@require_http_methods(["GET", "POST"])
def webhooks(request: HttpRequest) -> HttpResponse:
    person, refusal = _administrator(request)
    if refusal is not None:
        return refusal
    assert person is not None
    if request.method == "GET":
        return _list_page(request, person)
    typed = {
        "url": request.POST.get("url", ""),
        "events": request.POST.getlist("events"),
        "actions": request.POST.get("actions", ""),
        "reads_as": request.POST.get("reads_as", ""),
    }
    if not typed["events"]:
        # No box ticked is no event, not the default a command line falls back on.
        missing = InvalidInput(check_events("") or "", "events")
        return _list_page(request, person, typed=typed, error=_problem(request, missing))
    args = {**typed, "events": ",".join(typed["events"])}
    done, problem = _perform(request, person, "register_webhook", args)
    if done is None:
        return _list_page(request, person, typed=typed, error=problem)
    made = done.result.endpoint
    return _list_page(request, person, secret=done.result.secret, made=made)


def _own(person: Person, pk: int) -> Endpoint:
    found = endpoint(person.organisation, pk)
    if found is None:
        raise Http404(_("Det finns ingen sådan mottagare."))
    return found


def _administrators_endpoint(
    request: HttpRequest, pk: int
) -> tuple[Person, Endpoint] | HttpResponse:
    """The administrator and their organisation's endpoint ``pk``; the 403 page for anyone
    else (404 for an endpoint of another organisation)."""
    person, refusal = _administrator(request)
    if refusal is not None:
        return refusal
    assert person is not None
    return person, _own(person, pk)


@login_required
@never_cache
@require_http_methods(["GET"])
def webhook(request: HttpRequest, pk: int) -> HttpResponse:
    found = _administrators_endpoint(request, pk)
    if isinstance(found, HttpResponse):
        return found
    return _detail(request, *found)


def _detail(request: HttpRequest, person: Person, row: Endpoint, secret: str = "") -> HttpResponse:
    page = Paginator(deliveries(person.organisation, row.pk), PAGE_SIZE).get_page(
        request.GET.get("sida")
    )
    language = get_language() or "sv"
    rows = [
        (d, _action_label(d.entry.action, language) if d.entry is not None else "")
        for d in page.object_list
    ]
    actions = [_action_label(name, language) for name in row.actions]
    return render(
        request,
        "ansvar/webhooks/detail.html",
        {
            "person": person,
            "endpoint": row,
            "page": page,
            "status_labels": STATUS_LABELS,
            "event_labels": EVENT_LABELS,
            "actions": actions,
            "rows": rows,
            "secret": secret,
        },
    )


def _action_label(name: str, language: str) -> str:
    return pick(ACTION_LABELS.get(name, (name, name)), language)


@login_required
@never_cache
@require_POST
def webhook_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    found = _administrators_endpoint(request, pk)
    if isinstance(found, HttpResponse):
        return found
    person, row = found
    done, problem = _perform(request, person, "rotate_webhook_secret", {"endpoint": row.pk})
    if done is None:
        messages.error(request, problem)
        return redirect("webhook", pk=row.pk)
    return _detail(request, person, _own(person, pk), secret=done.result.secret)


@login_required
@require_POST
def webhook_switch(request: HttpRequest, pk: int) -> HttpResponse:
    """Switch an endpoint off or on: ``change_webhook`` with everything else as it is."""
    found = _administrators_endpoint(request, pk)
    if isinstance(found, HttpResponse):
        return found
    person, row = found
    args = {
        "endpoint": row.pk,
        "url": row.url,
        "events": ",".join(row.events),
        "actions": ",".join(row.actions),
        "reads_as": row.reads_as.email if row.reads_as is not None else None,
        "active": "false" if row.active else "true",
    }
    done, problem = _perform(request, person, "change_webhook", args)
    if done is None:
        messages.error(request, problem)
    elif row.active:
        messages.success(request, _("Mottagaren är avstängd; den får inget förrän den slås på."))
    else:
        messages.success(request, _("Mottagaren är påslagen igen."))
    return redirect("webhook", pk=row.pk)


@login_required
@require_POST
def webhook_remove(request: HttpRequest, pk: int) -> HttpResponse:
    found = _administrators_endpoint(request, pk)
    if isinstance(found, HttpResponse):
        return found
    person, row = found
    done, problem = _perform(request, person, "remove_webhook", {"endpoint": row.pk})
    if done is None:
        messages.error(request, problem)
        return redirect("webhook", pk=row.pk)
    messages.success(request, _("Mottagaren är borttagen; dess historik finns kvar."))
    return redirect("webhooks")


@login_required
@require_POST
def delivery_send_again(request: HttpRequest, pk: int) -> HttpResponse:
    person, refusal = _administrator(request)
    if refusal is not None:
        return refusal
    assert person is not None
    found = Delivery.objects.filter(organisation=person.organisation, pk=pk).first()
    if found is None:
        raise Http404(_("Det finns ingen sådan leverans."))
    if send_failed_again(found):
        messages.success(request, _("Leveransen skickas igen."))
    else:
        messages.error(request, _("Leveransen har inte misslyckats och skickas inte igen."))
    return redirect("webhook", pk=found.endpoint_id)
