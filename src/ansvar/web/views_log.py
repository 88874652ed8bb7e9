"""The decision log and the refusals log, as the viewer may see them.

Personal payloads pass through ``people.selectors.redact_entries`` (the rule of
``log_view``): salary amounts and talk notes are hidden from those who may not see them,
and showing them is recorded as an access.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansvar.decisions import log
from ansvar.decisions.models import Entry, Refusal
from ansvar.org.models import Organisation, Person
from ansvar.org.selectors import ceo_on
from ansvar.people.selectors import redact_entries
from ansvar.web.labels import ACTION_LABELS, ARG_LABELS, ROLE_LABELS, pick
from ansvar.web.params import query_text
from ansvar.web.people import viewer_or_404

PAGE_SIZE = 25


def _is_ceo(viewer: Person) -> bool:
    ceo = ceo_on(viewer.organisation, timezone.localdate())
    return ceo is not None and ceo.pk == viewer.pk


def _target_filter(organisation: Organisation, text: str) -> str:
    """The log stores people by id; accept ``person:<e-mail>`` in the filter too."""
    kind, _sep, key = text.partition(":")
    if kind == "person" and key and not key.isdigit():
        found = Person.objects.filter(organisation=organisation, email=key.lower()).first()
        return f"person:{found.pk}" if found else text
    return text


def _target_link(target: str, people: dict[int, Person]) -> tuple[str, str]:
    """A log target as a label and a link to its page ("" when it has none)."""
    kind, _sep, key = target.partition(":")
    if kind == "person" and key.isdigit():
        person = people.get(int(key))
        if person is None:
            return target, ""
        return person.name, f"/personer/{person.email}/"
    if kind == "client":
        return target, f"/kunder/{key}/"
    if kind == "area":
        return target, f"/omraden/{key}/"
    return target, ""


def _payload_items(data: dict[str, Any] | None, language: str) -> list[tuple[str, str]]:
    """The arguments of a payload as (label, value) pairs."""
    if not data or data.get("redacted"):
        return []
    args = data.get("args") or {}
    return [
        (pick(ARG_LABELS.get(k, (k, k)), language), str(v))
        for k, v in sorted(args.items())
        if v not in (None, "")
    ]


@login_required
def log_view(request: HttpRequest) -> HttpResponse:
    viewer = viewer_or_404(request)
    organisation = viewer.organisation
    at = timezone.localdate()
    language = getattr(request, "LANGUAGE_CODE", "sv")
    action = query_text(request, "handling")
    target = query_text(request, "mal")
    entries = (
        Entry.objects.filter(organisation=organisation).select_related("payload").order_by("-seq")
    )
    if action:
        entries = entries.filter(action=action)
    if target:
        entries = entries.filter(target=_target_filter(organisation, target))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("sida"))
    rows = list(page.object_list)
    payloads = redact_entries(organisation, viewer, rows, at)
    ids = {e.actor_id_ref for e in rows if e.actor_id_ref is not None}
    ids |= {
        int(e.target.split(":", 1)[1])
        for e in rows
        if e.target.startswith("person:") and e.target.split(":", 1)[1].isdigit()
    }
    people = {p.pk: p for p in Person.objects.filter(organisation=organisation, pk__in=ids)}
    shown = []
    for entry, data in zip(rows, payloads, strict=True):
        payload = getattr(entry, "payload", None)
        label, link = _target_link(entry.target, people)
        actor = people.get(entry.actor_id_ref) if entry.actor_id_ref is not None else None
        shown.append(
            {
                "entry": entry,
                "label": pick(
                    ACTION_LABELS.get(entry.action, (entry.action, entry.action)), language
                ),
                "role": pick(
                    ROLE_LABELS.get(entry.actor_role, (entry.actor_role, entry.actor_role)),
                    language,
                ),
                "target": label,
                "link": link,
                "actor": actor,
                "erased": payload is not None and payload.erased_at is not None,
                "redacted": bool(data and data.get("redacted")),
                "items": _payload_items(data, language),
            }
        )
    filter_query = urlencode({k: v for k, v in (("handling", action), ("mal", target)) if v})
    context = {
        "person": viewer,
        "page": page,
        "rows": shown,
        "action": action,
        "target": target,
        "actions": sorted((name, pick(pair, language)) for name, pair in ACTION_LABELS.items()),
        "filter_query": filter_query,
        "is_ceo": _is_ceo(viewer),
    }
    return render(request, "ansvar/log/log.html", context)


@login_required
@require_POST
def verify_view(request: HttpRequest) -> HttpResponse:
    viewer = viewer_or_404(request)
    if not _is_ceo(viewer):
        return _forbidden(request)
    result = log.verify(viewer.organisation)
    if result.ok:
        messages.success(
            request,
            _("Kedjan är hel: %(size)s poster, senaste kontrollsumma %(head)s.")
            % {"size": result.size, "head": result.head_hash[:16]},
        )
    else:
        messages.error(
            request,
            _("Kedjan är bruten vid nr %(seq)s: %(problem)s")
            % {"seq": result.first_bad_seq, "problem": result.problem},
        )
    return redirect("decision-log")


def _forbidden(request: HttpRequest) -> HttpResponse:
    return HttpResponseForbidden(
        render_to_string("ansvar/log/forbidden.html", {"person": None}, request=request)
    )


@login_required
def refusals_view(request: HttpRequest) -> HttpResponse:
    viewer = viewer_or_404(request)
    if not _is_ceo(viewer):
        return _forbidden(request)
    language = getattr(request, "LANGUAGE_CODE", "sv")
    refusals = Refusal.objects.filter(organisation=viewer.organisation).select_related("actor")
    page = Paginator(refusals.order_by("-recorded_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("sida")
    )
    rows = [
        {
            "refusal": r,
            "label": pick(ACTION_LABELS.get(r.action, (r.action, r.action)), language),
            "args": [
                (pick(ARG_LABELS.get(k, (k, k)), language), str(v))
                for k, v in sorted(r.args.items())
            ],
        }
        for r in page.object_list
    ]
    return render(
        request, "ansvar/log/refusals.html", {"person": viewer, "page": page, "rows": rows}
    )
