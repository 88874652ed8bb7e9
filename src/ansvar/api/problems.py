"""Every error the API gives is an RFC 9457 problem (``application/problem+json``): a refusal
names its clauses, the explanation and the one person who decides; bad input names the
field; an object of another organisation is simply not found."""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Schema

from ansvar.engine.errors import Conflict, InvalidInput, PolicyRefused

BASE = "https://ansvar.example/problems/"


class Decider(Schema):
    email: str
    name: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    field: str | None = None
    clauses: list[str] | None = None
    decider: Decider | None = None
    explanation: dict[str, str] | None = None
    # A conflict: the decision that came first.
    seq: int | None = None


TITLES = {
    401: ("unauthenticated", "Inte inloggad", "Not authenticated"),
    403: ("refused", "Nekat av policyn", "Refused by the policy"),
    404: ("not-found", "Finns inte", "Not found"),
    409: ("conflict", "Någon annan ändrade just detta", "Someone else changed this just now"),
    422: ("invalid", "Ogiltig indata", "Invalid input"),
    429: ("throttled", "För många anrop", "Too many requests"),
}


def language(request: HttpRequest) -> str:
    accepted = request.headers.get("Accept-Language", "")
    return "en" if accepted.strip().lower().startswith("en") else "sv"


def problem(request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
    slug, sv, en = TITLES[status]
    body = {
        "type": BASE + slug,
        "title": en if language(request) == "en" else sv,
        "status": status,
        "detail": detail,
        **{k: v for k, v in extra.items() if v is not None},
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type="application/problem+json"
    )


def refused(request: HttpRequest, exc: PolicyRefused) -> HttpResponse:
    decision = exc.decision
    return problem(
        request,
        403,
        decision.reason(language(request)),
        clauses=list(decision.clauses),
        decider=decision.decider.as_dict() if decision.decider else None,
        explanation={"sv": decision.reason_sv, "en": decision.reason_en},
    )


def conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
    """Someone else changed the target since the client read it (``seen``), or two writes
    collided: 409, with the decision that came first and the refusal the fresh facts give."""
    decision = exc.decision
    return problem(
        request,
        409,
        exc.message,
        seq=exc.seq,
        clauses=list(decision.clauses) if decision else None,
        explanation={"sv": decision.reason_sv, "en": decision.reason_en} if decision else None,
    )


def invalid(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    """A target that does not exist (or is another organisation's) is 404; else 422."""
    if exc.field == "target" and "there is no" in exc.message:
        return problem(request, 404, exc.message, field="target")
    return problem(request, 422, exc.message, field=exc.field)


RESPONSES: dict[int, type[Problem]] = {
    401: Problem,
    403: Problem,
    404: Problem,
    409: Problem,
    422: Problem,
    429: Problem,
}
