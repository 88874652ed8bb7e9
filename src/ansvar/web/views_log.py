"""The decision log and the refusals log, as the viewer may see them.

Who may open these pages is a read rule (``view_log``, ``view_refusals``, ``verify_log``);
what each entry shows is the log's one read rule, applied by ``people.selectors.read_entries``:
an HR decision shows its actor, its subject and its content only to the subject's circle, and
a filter on a target leaves out what the viewer may not read. No rules here.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansvar.decisions import log
from ansvar.decisions.models import Entry, Refusal
from ansvar.engine.facts import FactsCache
from ansvar.engine.reads import may_read
from ansvar.org.models import Organisation, Person
from ansvar.people.selectors import hidden_entry_ids, read_entries
from ansvar.web.labels import ACTION_LABELS, ARG_LABELS, ROLE_LABELS, pick
from ansvar.web.params import query_text
from ansvar.web.people import viewer_or_404
from ansvar.web.refused import refused

PAGE_SIZE = 25


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
    if not data:
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
    cache = FactsCache(organisation, at)
    decision = may_read(organisation, viewer, "view_log", cache=cache)
    if not decision.allowed:
        return refused(request, decision, viewer)
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
        hidden = hidden_entry_ids(organisation, viewer, entries, at, cache=cache)
        if hidden:
            entries = entries.exclude(pk__in=hidden)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("sida"))
    seen = read_entries(organisation, viewer, list(page.object_list), at, cache=cache)
    readable = [s.entry for s in seen if s.readable]
    ids = {e.actor_id_ref for e in readable if e.actor_id_ref is not None}
    ids |= {
        int(e.target.split(":", 1)[1])
        for e in readable
        if e.target.startswith("person:") and e.target.split(":", 1)[1].isdigit()
    }
    people = {p.pk: p for p in Person.objects.filter(organisation=organisation, pk__in=ids)}
    shown = []
    for s in seen:
        entry = s.entry
        label, link = _target_link(entry.target, people) if s.readable else ("", "")
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
                "hidden": not s.readable,
                "why": "" if s.readable else s.decision.reason(language),
                "target": label,
                "link": link,
                "actor": actor if s.readable else None,
                "erased": s.erased,
                "items": _payload_items(s.personal, language),
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
        "may_verify": may_read(organisation, viewer, "verify_log", cache=cache).allowed,
        "may_see_refusals": may_read(organisation, viewer, "view_refusals", cache=cache).allowed,
    }
    return render(request, "ansvar/log/log.html", context)


@login_required
@require_POST
def verify_view(request: HttpRequest) -> HttpResponse:
    viewer = viewer_or_404(request)
    decision = may_read(viewer.organisation, viewer, "verify_log")
    if not decision.allowed:
        return refused(request, decision, viewer)
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


@login_required
def refusals_view(request: HttpRequest) -> HttpResponse:
    viewer = viewer_or_404(request)
    decision = may_read(viewer.organisation, viewer, "view_refusals")
    if not decision.allowed:
        return refused(request, decision, viewer)
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
