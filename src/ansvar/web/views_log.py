"""The decision log and the refusals log, as the viewer may see them.

Who may open these pages is a read rule (``view_log``, ``view_refusals``, ``verify_log``);
what each entry shows is the log's one read rule, applied by ``people.selectors.read_entries``:
an HR decision shows its actor, its subject and its content only to the subject's circle, and
a filter on a target leaves out what the viewer may not read. No rules here.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ansvar.clients.models import CriticismReport
from ansvar.decisions import log
from ansvar.decisions.models import Entry, Refusal
from ansvar.engine.facts import FactsCache
from ansvar.engine.reads import may_read
from ansvar.engine.registry import ACTIONS, Arg
from ansvar.org.models import Assignment, Organisation, Person
from ansvar.people.selectors import hidden_entry_ids, read_entries
from ansvar.web import formatting
from ansvar.web.labels import (
    ACTION_LABELS,
    ARG_LABELS,
    CHOICE_LABELS,
    ROLE_LABELS,
    door_label,
    pick,
)
from ansvar.web.links import TargetLinks
from ansvar.web.params import query_text
from ansvar.web.people import viewer_or_404
from ansvar.web.refused import refused
from ansvar.web.search import find, is_target

PAGE_SIZE = 25
# Arguments that are amounts of money, shown with thousands separators.
AMOUNTS = frozenset({"amount", "revenue", "margin"})


def _search_targets(organisation: Organisation, text: str) -> tuple[list[str], list[int]]:
    """What a filter text names: the log's targets and actors it matches.

    A target as the engine writes it (``client:alfa``, ``person:namn@example.se``) names
    itself; any other text is looked up among people, clients and business areas
    (``web.search``). A person matches what was decided about them and what they decided;
    a client matches its assignments and its criticism as well."""
    if is_target(text):
        kind, _sep, key = text.partition(":")
        if kind == "person" and not key.isdigit():
            named = Person.objects.filter(organisation=organisation, email=key.lower()).first()
            return ([f"person:{named.pk}"] if named else [text]), []
        return [text], []
    found = find(organisation, text)
    client_ids = [c.pk for c in found.clients]
    people = [p.pk for p in found.people]
    targets = [
        *(f"person:{pk}" for pk in people),
        *(f"client:{c.slug}" for c in found.clients),
        *(f"area:{a.slug}" for a in found.areas),
        *(
            f"assignment:{pk}"
            for pk in Assignment.objects.filter(client_id__in=client_ids).values_list(
                "pk", flat=True
            )
        ),
        *(
            f"criticism:{pk}"
            for pk in CriticismReport.objects.filter(client_id__in=client_ids).values_list(
                "pk", flat=True
            )
        ),
    ]
    return targets, people


def _args(data: Any) -> dict[str, Any]:
    """A payload's arguments; none from a payload of another shape (written by an older
    version, or by hand), which the page then shows without them rather than failing."""
    args = data.get("args") if isinstance(data, dict) else None
    return args if isinstance(args, dict) else {}


def _named(action: str, data: dict[str, Any] | None) -> list[str]:
    """The people (by e-mail) and areas a payload's arguments name, as targets."""
    spec = ACTIONS.get(action)
    if spec is None:
        return []
    args = _args(data)
    named = []
    for arg in spec.args:
        value = args.get(arg.name)
        if arg.kind == "person" and isinstance(value, str):
            named.append(f"person:{value.lower()}")
        elif arg.kind == "area" and isinstance(value, str):
            named.append(f"area:{value}")
        elif arg.kind == "moves" and isinstance(value, list):
            for move in value:
                if isinstance(move, dict):
                    named += [f"person:{move.get('person')}", f"area:{move.get('to_area')}"]
    return named


@dataclass(frozen=True)
class Shown:
    """An argument's value on the page: its text, a link to where it is, or lines."""

    text: str = ""
    url: str = ""
    lines: tuple[str, ...] = ()


def _value(arg: Arg | None, value: Any, links: TargetLinks, language: str) -> Shown:
    """One argument as a reader understands it: a name for a person or an area, a label for
    a stored code, a Swedish date and amount; a rotation's moves as a list of lines."""
    kind = arg.kind if arg else ""
    if kind in {"person", "area"} and isinstance(value, str):
        link = links.get(f"{kind}:{value.lower() if kind == 'person' else value}")
        return Shown(link.label, link.url)
    if kind == "moves" and isinstance(value, list):
        return Shown(
            lines=tuple(
                _("%(person)s till %(area)s")
                % {
                    "person": links.get(f"person:{m.get('person')}").label,
                    "area": links.get(f"area:{m.get('to_area')}").label,
                }
                for m in value
                if isinstance(m, dict)
            )
        )
    if kind == "choice" and isinstance(value, str):
        return Shown(pick(CHOICE_LABELS.get(value, (value, value)), language))
    if kind == "bool" and isinstance(value, bool):
        return Shown(_("ja") if value else _("nej"))
    if kind == "date" and isinstance(value, str):
        try:
            return Shown(formatting.long_date(date.fromisoformat(value), language))
        except ValueError:
            return Shown(value)
    if arg is not None and arg.name in AMOUNTS:
        try:
            amount = Decimal(str(value))
            places = 0 if amount == amount.to_integral_value() else 2
            return Shown(formatting.kronor(amount, language, places))
        except ArithmeticError:
            return Shown(str(value))
    return Shown(str(value))


def _payload_items(
    action: str, data: dict[str, Any] | None, links: TargetLinks, language: str
) -> list[tuple[str, Shown]]:
    """The arguments of a payload as (label, value) pairs."""
    spec = ACTIONS.get(action)
    kinds = {a.name: a for a in spec.args} if spec else {}
    return [
        (pick(ARG_LABELS.get(k, (k, k)), language), _value(kinds.get(k), v, links, language))
        for k, v in sorted(_args(data).items())
        if v not in (None, "")
    ]


@login_required
@never_cache  # an entry can show a salary
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
    mine = request.GET.get("av") == "mig"
    entries = (
        Entry.objects.filter(organisation=organisation).select_related("payload").order_by("-seq")
    )
    if action:
        entries = entries.filter(action=action)
    if mine:
        entries = entries.filter(actor_id_ref=viewer.pk)
    if target:
        targets, actors = _search_targets(organisation, target)
        entries = entries.filter(Q(target__in=targets) | Q(actor_id_ref__in=actors))
        hidden = hidden_entry_ids(organisation, viewer, entries, at, cache=cache)
        if hidden:
            entries = entries.exclude(pk__in=hidden)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("sida"))
    seen = read_entries(organisation, viewer, list(page.object_list), at, cache=cache)
    readable = [s for s in seen if s.readable]
    links = TargetLinks(
        organisation,
        [
            *(s.entry.target for s in readable),
            *(f"person:{s.entry.actor_id_ref}" for s in readable if s.entry.actor_id_ref),
            *(t for s in readable for t in _named(s.entry.action, s.personal)),
        ],
    )
    shown = []
    for s in seen:
        entry = s.entry
        actor = (
            links.people.get(str(entry.actor_id_ref)) if entry.actor_id_ref is not None else None
        )
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
                "door": door_label(entry.door, language),
                "hidden": not s.readable,
                "why": "" if s.readable else s.decision.reason(language),
                "target": links.get(entry.target) if s.readable else None,
                "actor": actor if s.readable else None,
                "clauses": entry.clauses.split(","),
                "erased": s.erased,
                "items": _payload_items(entry.action, s.personal, links, language)
                if s.readable
                else [],
            }
        )
    filter_query = urlencode(
        {
            k: v
            for k, v in (("handling", action), ("mal", target), ("av", "mig" if mine else ""))
            if v
        }
    )
    context = {
        "person": viewer,
        "page": page,
        "rows": shown,
        "action": action,
        "target": target,
        "mine": mine,
        "actions": sorted((pick(pair, language), name) for name, pair in ACTION_LABELS.items()),
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
            % {
                "seq": "–" if result.first_bad_seq is None else result.first_bad_seq,
                "problem": result.problem,
            },
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
    listed = list(page.object_list)
    links = TargetLinks(
        viewer.organisation,
        [
            *(r.target for r in listed),
            *(f"person:{r.decider}" for r in listed if "@" in r.decider),
            *(t for r in listed for t in _named(r.action, {"args": r.args})),
        ],
    )
    rows = [
        {
            "refusal": r,
            "label": pick(ACTION_LABELS.get(r.action, (r.action, r.action)), language),
            "target": links.get(r.target),
            "decider": links.get(f"person:{r.decider}") if "@" in r.decider else None,
            "clauses": r.clauses.split(","),
            "args": _payload_items(r.action, {"args": r.args}, links, language),
        }
        for r in listed
    ]
    return render(
        request, "ansvar/log/refusals.html", {"person": viewer, "page": page, "rows": rows}
    )
