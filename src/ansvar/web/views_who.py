""" "Vem bestämmer?": type a client, an area or a person and see who takes each decision
there on a date, and under which clauses. The answers are the rules' own
(``org.responsibility.rights_on`` and ``who_decides``); nothing is decided here."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ansvar.engine.errors import InvalidInput
from ansvar.engine.targets import Target, parse_target
from ansvar.org.responsibility import Responsibility, Right, rights_on, who_decides
from ansvar.policy.clauses import CLAUSES
from ansvar.web.labels import ACTION_LABELS, pick
from ansvar.web.links import TargetLinks
from ansvar.web.params import date_param, query_text
from ansvar.web.people import viewer_or_404
from ansvar.web.search import find, is_target

# More matches than this and the page asks for a narrower text instead of listing them.
MATCHES_SHOWN = 20


@dataclass(frozen=True)
class Line:
    """One decision of the answer as the page shows it."""

    label: str
    right: Right
    clauses: list[tuple[str, str]]  # (id, short reading)
    reason: str  # why nobody in Ansvar decides it, when nobody does


def _clauses(ids: tuple[str, ...], language: str) -> list[tuple[str, str]]:
    """Each clause with its short reading; a law reference (LAS 30 §) as it is."""
    shown = []
    for clause_id in ids:
        clause = CLAUSES.get(clause_id)
        shown.append((clause_id, (clause.en if language == "en" else clause.sv) if clause else ""))
    return shown


@login_required
def who_decides_view(request: HttpRequest) -> HttpResponse:
    viewer = viewer_or_404(request)
    organisation = viewer.organisation
    language = "en" if getattr(request, "LANGUAGE_CODE", "sv").startswith("en") else "sv"
    text = query_text(request, "q")
    at, error = date_param(request)
    context: dict[str, Any] = {"person": viewer, "q": text, "at": at, "error": error}
    if error or not text:
        return render(request, "ansvar/who.html", context, status=400 if error else 200)
    if is_target(text):
        targets = [text]
    else:
        targets = find(organisation, text, limit=MATCHES_SHOWN + 1).targets()
    if len(targets) != 1:
        links = TargetLinks(organisation, targets[:MATCHES_SHOWN])
        context["matches"] = [(t, links.get(t)) for t in targets[:MATCHES_SHOWN]]
        context["too_many"] = len(targets) > MATCHES_SHOWN
        return render(request, "ansvar/who.html", context)
    try:
        target = parse_target(targets[0])
        primary: list[Responsibility] = who_decides(organisation, target, at)
        rights = rights_on(organisation, Target(target.kind, target.key), at)
    except InvalidInput:
        context["error"] = _(
            "Ingen i %(org)s beslutade om ”%(text)s” den %(at)s: det fanns inte då, eller "
            "finns inte alls."
        ) % {"org": organisation.name, "text": text, "at": date_format(at)}
        return render(request, "ansvar/who.html", context, status=400)
    links = TargetLinks(organisation, [str(target)])
    context.update(
        subject=links.get(str(target)),
        primary=primary,
        lines=[
            Line(
                pick(ACTION_LABELS.get(r.action, (r.action, r.action)), language),
                r,
                _clauses(r.clauses, language),
                "" if r.decider else (r.reason_en if language == "en" else r.reason_sv),
            )
            for r in rights
        ],
    )
    return render(request, "ansvar/who.html", context)
