"""``/api/v1/``: the engine's answers for other systems — the same Decision the web shows.

Every action of the vocabulary is an operation ``POST /api/v1/actions/{action}`` whose body
schema is generated from the action's own argument list (declared once, in ``@action``);
``POST /api/v1/check`` is ``can``. Reads are paged with an opaque cursor in a stable order.
A token or a browser session acts with exactly its person's rights.
"""

import base64
import binascii
import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db import IntegrityError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from ninja import NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import AuthRateThrottle
from pydantic import BeforeValidator, Field, StrictBool, StrictInt, create_model

from ansvar.api import problems, tokens
from ansvar.api.problems import RESPONSES
from ansvar.clients.models import CriticismReport, WorkItem
from ansvar.clients.selectors import open_on, signal_summary
from ansvar.decisions import log
from ansvar.decisions.models import Entry
from ansvar.duties.registry import duties
from ansvar.engine.errors import Conflict, InvalidInput, PolicyRefused
from ansvar.engine.facts import assignment_status
from ansvar.engine.reads import may_read
from ansvar.engine.registry import ACTIONS, Arg, can, perform
from ansvar.engine.targets import parse_target
from ansvar.org.models import Assignment, BusinessArea, Client, Person, WorkGroupMembership
from ansvar.org.responsibility import MapRows, Responsibility, who_decides
from ansvar.org.selectors import (
    client_leads_on,
    client_statuses_on,
    valid_on,
    with_proposer_employed_at_close,
)
from ansvar.people.models import RotationDecision, RotationMove
from ansvar.people.selectors import export_lines, read_entries, salary_history, talks
from ansvar.policy.actions import SYSTEM_ACTIONS
from ansvar.policy.rules.accounts import WEBHOOK_ACTIONS
from ansvar.web.people import current_person


def _iso_date(value: Any) -> Any:
    """Dates only as YYYY-MM-DD (pydantic would also take 0 as 1 January 1970)."""
    if isinstance(value, date) or (
        isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
    ):
        return value
    raise ValueError("is not a date (YYYY-MM-DD)")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class TokenAuth(HttpBearer):
    """``Authorization: Bearer ansvar_…``: a personal token, acting as its owner."""

    openapi_description = "A personal API token (ansvar token create EMAIL)."

    def authenticate(self, request: HttpRequest, token: str) -> Person | None:
        return tokens.owner(token)


class PersonSession(SessionAuth):
    """The browser's session (with CSRF on writes), acting as the logged-in person."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Person | None:
        if super().authenticate(request, key) is None:
            return None
        return current_person(request)


class AnsvarAPI(NinjaAPI):
    """Ninja, with the errors documented as what they are: ``application/problem+json``."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(status).startswith("4") and "application/json" in content:
                        content["application/problem+json"] = content.pop("application/json")
        return schema


api = AnsvarAPI(
    title="Ansvar",
    version="1",
    description=(
        "Who decides what, who must do what by when, and a decision log nobody can quietly "
        "rewrite. Every refusal names its clauses and the one person who decides."
    ),
    urls_namespace="api-v1",
    auth=[TokenAuth(), PersonSession()],
    throttle=[AuthRateThrottle("1200/m")],
)


def actor(request: HttpRequest) -> Person:
    person = request.auth  # type: ignore[attr-defined]
    assert isinstance(person, Person)
    return person


# --- errors: RFC 9457 problems -------------------------------------------------------------


@api.exception_handler(PolicyRefused)
def _refused(request: HttpRequest, exc: PolicyRefused) -> HttpResponse:
    return problems.refused(request, exc)


@api.exception_handler(Conflict)
def _conflicting(request: HttpRequest, exc: Conflict) -> HttpResponse:
    return problems.conflict(request, exc)


@api.exception_handler(InvalidInput)
def _invalid(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    return problems.invalid(request, exc)


@api.exception_handler(ValidationError)
def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p not in {"body", "query", "path"})
    return problems.problem(
        request, 422, f"{where}: {first.get('msg', 'invalid')}", field=where or None
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problems.problem(request, 401, "a valid API token or a logged-in session is required")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja's own errors: a body that is not JSON is invalid input; a session without its
    CSRF token is not authenticated for a write; throttling is 429."""
    if exc.status_code == 429:
        return problems.problem(request, 429, "too many requests; wait and try again")
    if exc.status_code in {401, 403}:
        return problems.problem(request, 401, str(exc))
    return problems.problem(request, 422, f"body: {exc}", field="body")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problems.problem(request, 404, str(exc) or "not found")


@api.exception_handler(IntegrityError)
def _conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    return problems.problem(request, 409, "someone else changed this just now; read it again")


# --- decisions: check and act ---------------------------------------------------------------


class DeciderOut(Schema):
    email: str
    name: str


class DecisionOut(Schema):
    allowed: bool
    action: str
    clauses: list[str]
    decider: DeciderOut | None
    role: str | None
    explanation: dict[str, str]
    warnings: list[str]


TARGET_HELP = "org, area:<slug>, client:<slug>, person:<email>, assignment:<id>, criticism:<id>"
TARGET_PATTERN = r"^(org|(area|client|person|assignment|criticism):\S.*)$"
SEEN_HELP = (
    "the seq of the newest decision the client had read (optional): if the action is then "
    "refused, or its input no longer fits, and a decision about the same target came after "
    "it, the answer is 409 with that decision's seq"
)


class CheckIn(Schema):
    action: str = Field(description="an action name, as `ansvar actions` lists them")
    target: str = Field(description=TARGET_HELP, pattern=TARGET_PATTERN)
    args: dict[str, Any] = Field(default_factory=dict)


class EntryOut(Schema):
    seq: int
    hash: str
    effective_on: date


class DoneOut(Schema):
    decision: DecisionOut
    entry: EntryOut


def _decision(decision: Any) -> dict[str, Any]:
    return dict(decision.as_dict())


@api.post("/check", response={200: DecisionOut, **RESPONSES}, tags=["decisions"])
def check(request: HttpRequest, body: CheckIn) -> Any:
    """The `can` of the API: the Decision without acting (nothing is written)."""
    person = actor(request)
    return _decision(can(person.organisation, person, body.action, body.target, body.args))


class MoveIn(Schema):
    person: str
    to_area: str


KIND_TYPES: dict[str, Any] = {
    "text": str,
    "person": str,
    "area": str,
    "date": IsoDate,
    "int": StrictInt,
    "decimal": Decimal,
    "bool": StrictBool,
    "moves": list[MoveIn],
}


def _arg_type(arg: Arg) -> Any:
    if arg.kind == "choice":
        return Literal[tuple(arg.choices)]
    return KIND_TYPES[arg.kind]


def _args_schema(name: str) -> type[Schema]:
    """The body of one action's operation, generated from its registered arguments."""
    fields: dict[str, Any] = {}
    for arg in ACTIONS[name].args:
        kind = _arg_type(arg)
        if arg.required:
            fields[arg.name] = (kind, ...)
        else:
            fields[arg.name] = (kind | None, arg.default)
    model = create_model(f"{name}_args", __base__=Schema, **fields)
    target = (str, Field(description=TARGET_HELP, pattern=TARGET_PATTERN))
    seen: Any = (int | None, Field(default=None, ge=0, le=2**63 - 1, description=SEEN_HELP))
    return create_model(
        f"{name}_request", __base__=Schema, target=target, args=(model, ...), seen=seen
    )


def _register(name: str) -> None:
    spec = ACTIONS[name]
    body_schema = _args_schema(name)

    def act(request: HttpRequest, body: body_schema) -> Any:  # type: ignore[valid-type]
        person = actor(request)
        data: dict[str, Any] = body.model_dump(mode="python")  # type: ignore[attr-defined]
        args = {k: v for k, v in data["args"].items() if v is not None}
        done = perform(
            person.organisation, person, name, data["target"], args, seen=data.get("seen")
        )
        entry = done.entry
        return {
            "decision": _decision(done.decision),
            "entry": {"seq": entry.seq, "hash": entry.hash, "effective_on": entry.effective_on},
        }

    api.post(
        f"/actions/{name}",
        response={200: DoneOut, **RESPONSES},
        tags=["actions"],
        operation_id=f"act_{name}",
        summary=f"{name} ({spec.target})",
    )(act)


# --- reads -------------------------------------------------------------------------------


def _cursor(text: str | None) -> int:
    if not text:
        return 0
    try:
        return int(base64.urlsafe_b64decode(text.encode()).decode())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidInput("is not a cursor this API gave out", "cursor") from None


def _next(rows: list[Any], limit: int, key: Any) -> str | None:
    if len(rows) < limit:
        return None
    return base64.urlsafe_b64encode(str(key(rows[-1])).encode()).decode()


class Page(Schema):
    next: str | None = Field(description="pass as ?cursor= for the next page; null: no more")


class PersonOut(Schema):
    email: str
    name: str
    title: str


class PeoplePage(Page):
    items: list[PersonOut]


class PageQuery(Schema):
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=500)


@api.get("/people", response={200: PeoplePage, **RESPONSES}, tags=["organisation"])
def people(request: HttpRequest, page: Query[PageQuery]) -> Any:
    """Everyone in the caller's organisation, by id."""
    org = actor(request).organisation
    rows = list(
        Person.objects.filter(organisation=org, pk__gt=_cursor(page.cursor)).order_by("pk")[
            : page.limit
        ]
    )
    items = [{"email": p.email, "name": p.name, "title": p.title} for p in rows]
    return {"items": items, "next": _next(rows, page.limit, lambda p: p.pk)}


class NamedOut(Schema):
    slug: str
    name: str


class NamedPage(Page):
    items: list[NamedOut]


@api.get("/areas", response={200: NamedPage, **RESPONSES}, tags=["organisation"])
def areas(request: HttpRequest, page: Query[PageQuery]) -> Any:
    org = actor(request).organisation
    rows = list(
        BusinessArea.objects.filter(organisation=org, pk__gt=_cursor(page.cursor)).order_by("pk")[
            : page.limit
        ]
    )
    items = [{"slug": a.slug, "name": a.name} for a in rows]
    return {"items": items, "next": _next(rows, page.limit, lambda a: a.pk)}


@api.get("/clients", response={200: NamedPage, **RESPONSES}, tags=["organisation"])
def clients(request: HttpRequest, page: Query[PageQuery]) -> Any:
    org = actor(request).organisation
    rows = list(
        Client.objects.filter(organisation=org, pk__gt=_cursor(page.cursor)).order_by("pk")[
            : page.limit
        ]
    )
    items = [{"slug": c.slug, "name": c.name} for c in rows]
    return {"items": items, "next": _next(rows, page.limit, lambda c: c.pk)}


class AtQuery(Schema):
    at: IsoDate | None = None


class MemberOut(Schema):
    email: str
    name: str
    role: str = Field(description="member, assistant or deputy")


class ClientOut(Schema):
    slug: str
    name: str
    status: str = Field(description="as of the day asked: proposed, active, vetoed or ended")
    lead: PersonOut | None
    work_group: list[MemberOut]


def _person_out(p: Person) -> dict[str, Any]:
    return {"email": p.email, "name": p.name, "title": p.title}


def _client(request: HttpRequest, slug: str) -> Client:
    """The caller's organisation's client ``slug``; any other is a 404 (no existence leak)."""
    org = actor(request).organisation
    client = Client.objects.filter(organisation=org, slug=slug).first()
    if client is None:
        raise Http404(f"there is no client {slug!r} in {org.name}")
    return client


def _person(request: HttpRequest, email: str) -> Person:
    """The caller's organisation's person ``email``; any other is a 404."""
    org = actor(request).organisation
    about = Person.objects.filter(organisation=org, email=email).first()
    if about is None:
        raise Http404(f"there is no person {email!r} in {org.name}")
    return about


@api.get("/clients/{slug}", response={200: ClientOut, **RESPONSES}, tags=["organisation"])
def client_detail(request: HttpRequest, slug: str, when: Query[AtQuery]) -> Any:
    """One client on a date (default today): its status, its lead (KA1) and its work group
    with each member's role, as the client page shows them to everyone employed."""
    org = actor(request).organisation
    client = _client(request, slug)
    at = when.at or timezone.localdate()
    statuses = client_statuses_on([client], at)
    lead = client_leads_on(org, at, clients=[client], statuses=statuses).get(client.pk)
    members = (
        WorkGroupMembership.objects.filter(valid_on(at), client=client)
        .select_related("person")
        .order_by("person__name", "pk")
    )
    return {
        "slug": client.slug,
        "name": client.name,
        "status": statuses[client.pk],
        "lead": _person_out(lead.person) if lead else None,
        "work_group": [
            {"email": m.person.email, "name": m.person.name, "role": m.role} for m in members
        ],
    }


class SalaryOut(Schema):
    amount: Decimal | None = Field(description="empty once erased (GDPR art. 17)")
    effective_from: date
    decided_on: date
    decided_by: str = Field(description="the e-mail address of who decided it")


@api.get("/people/{email}/salaries", response={200: list[SalaryOut], **RESPONSES}, tags=["people"])
@decorate_view(never_cache)  # salaries, talk notes: no copy kept
def salaries(request: HttpRequest, email: str) -> Any:
    """A person's salary decisions, oldest first: only for the person, their line manager and
    the CEO (AO3; a refusal is a 403 naming who may), and every read is in the access log
    the person can see, as the web's."""
    rows = salary_history(
        actor(request), _person(request, email), timezone.localdate(), purpose="api"
    )
    return [
        {
            "amount": r.amount,
            "effective_from": r.effective_from,
            "decided_on": r.decided_on,
            "decided_by": r.decided_by.email,
        }
        for r in rows
    ]


class TalkOut(Schema):
    kind: str = Field(description="development (AO3) or probation_follow_up (AO4)")
    held_on: date
    held_by: str = Field(description="the e-mail address of who held the talk")
    notes: str


@api.get("/people/{email}/talks", response={200: list[TalkOut], **RESPONSES}, tags=["people"])
@decorate_view(never_cache)  # salaries, talk notes: no copy kept
def talk_notes(request: HttpRequest, email: str) -> Any:
    """A person's talks with their notes, oldest first: only for the person, their line
    manager and the CEO (AO3, AO4; a refusal is a 403 naming who may); every read is in the
    access log the person can see."""
    rows = talks(actor(request), _person(request, email), timezone.localdate(), purpose="api")
    return [
        {"kind": t.kind, "held_on": t.held_on, "held_by": t.held_by.email, "notes": t.notes}
        for t in rows
    ]


class OnQuery(PageQuery):
    at: IsoDate | None = None


class WorkQuery(OnQuery):
    open: bool = Field(False, description="only the work open on `at` (default today)")


class WorkItemOut(Schema):
    id: int
    title: str
    purpose: str = Field(description="quality, participation or competence (KA4)")
    assignee: str
    assigned_by: str
    created_on: date
    done_on: date | None


class WorkItemPage(Page):
    items: list[WorkItemOut]


@api.get("/clients/{slug}/work-items", response={200: WorkItemPage, **RESPONSES}, tags=["clients"])
def work_items(request: HttpRequest, slug: str, page: Query[WorkQuery]) -> Any:
    """The work the client's lead gave out (KA1), by id; people by e-mail address."""
    rows = WorkItem.objects.filter(client=_client(request, slug), pk__gt=_cursor(page.cursor))
    if page.open:
        rows = rows.filter(open_on(page.at or timezone.localdate()))
    found = list(rows.select_related("assignee", "assigned_by").order_by("pk")[: page.limit])
    items = [
        {
            "id": w.pk,
            "title": w.title,
            "purpose": w.purpose,
            "assignee": w.assignee.email,
            "assigned_by": w.assigned_by.email,
            "created_on": w.created_on,
            "done_on": w.done_on,
        }
        for w in found
    ]
    return {"items": items, "next": _next(found, page.limit, lambda w: w.pk)}


class AssignmentOut(Schema):
    id: int
    title: str
    status: str = Field(description="on `at`: proposed, active, vetoed or closed (VD5)")
    is_new_client: bool
    proposed_by: str
    proposed_on: date
    window_closes_on: date = Field(description="the first day no longer open to a veto")
    veto_reason: str
    closed_on: date | None


class AssignmentPage(Page):
    items: list[AssignmentOut]


@api.get(
    "/clients/{slug}/assignments", response={200: AssignmentPage, **RESPONSES}, tags=["clients"]
)
def assignments(request: HttpRequest, slug: str, page: Query[OnQuery]) -> Any:
    """The client's assignments and proposals made by `at` (default today), by id, each with
    its status on that day (a veto window that closed is read as lapsed, VD5)."""
    at = page.at or timezone.localdate()
    rows = Assignment.objects.filter(
        client=_client(request, slug), proposed_on__lte=at, pk__gt=_cursor(page.cursor)
    )
    found = list(
        with_proposer_employed_at_close(rows.select_related("proposed_by")).order_by("pk")[
            : page.limit
        ]
    )
    items = [
        {
            "id": a.pk,
            "title": a.title,
            "status": assignment_status(a, at),
            "is_new_client": a.is_new_client,
            "proposed_by": a.proposed_by.email,
            "proposed_on": a.proposed_on,
            "window_closes_on": a.window_closes_on,
            "veto_reason": a.veto_reason,
            "closed_on": a.closed_on,
        }
        for a in found
    ]
    return {"items": items, "next": _next(found, page.limit, lambda a: a.pk)}


class CriticismOut(Schema):
    id: int
    summary: str
    reported_by: str
    reported_on: date
    acknowledged_on: date | None
    acknowledged_by: str | None


class CriticismPage(Page):
    items: list[CriticismOut]


@api.get("/clients/{slug}/criticism", response={200: CriticismPage, **RESPONSES}, tags=["clients"])
def criticism(request: HttpRequest, slug: str, page: Query[PageQuery]) -> Any:
    """Criticism the client voiced, as its lead reported it to the CEO (KA7), by id."""
    rows = CriticismReport.objects.filter(
        client=_client(request, slug), pk__gt=_cursor(page.cursor)
    ).select_related("reported_by", "acknowledged_by")
    found = list(rows.order_by("pk")[: page.limit])
    items = [
        {
            "id": r.pk,
            "summary": r.summary,
            "reported_by": r.reported_by.email,
            "reported_on": r.reported_on,
            "acknowledged_on": r.acknowledged_on,
            "acknowledged_by": r.acknowledged_by.email if r.acknowledged_by else None,
        }
        for r in found
    ]
    return {"items": items, "next": _next(found, page.limit, lambda r: r.pk)}


class MoveOut(Schema):
    person: str
    from_area: str
    to_area: str


class RotationOut(Schema):
    id: int
    decided_on: date
    effective_from: date
    decided_by: str
    moves: list[MoveOut]


class RotationPage(Page):
    items: list[RotationOut]


@api.get("/rotations", response={200: RotationPage, **RESPONSES}, tags=["organisation"])
def rotations(request: HttpRequest, page: Query[PageQuery]) -> Any:
    """The CEO's unit-rotation decisions (VD3), by id, each with who moves where: open to
    everyone employed, as their entries in the decision log are."""
    person = actor(request)
    org = person.organisation
    decision = may_read(org, person, "view_log")
    if not decision.allowed:
        raise PolicyRefused(decision)
    found = list(
        RotationDecision.objects.filter(organisation=org, pk__gt=_cursor(page.cursor))
        .select_related("decided_by")
        .prefetch_related(
            Prefetch(
                "moves",
                RotationMove.objects.select_related("person", "from_area", "to_area").order_by(
                    "pk"
                ),
            )
        )
        .order_by("pk")[: page.limit]
    )
    items = [
        {
            "id": r.pk,
            "decided_on": r.decided_on,
            "effective_from": r.effective_from,
            "decided_by": r.decided_by.email,
            "moves": [
                {"person": m.person.email, "from_area": m.from_area.slug, "to_area": m.to_area.slug}
                for m in r.moves.all()
            ],
        }
        for r in found
    ]
    return {"items": items, "next": _next(found, page.limit, lambda r: r.pk)}


class MapQuery(OnQuery):
    q: str = Field("", description="rows whose name, target or decider's name contains it")
    unowned: bool = Field(False, description="only the areas without a decision maker (P4)")


class MapRowOut(Schema):
    target: str
    name: str
    kind: str = Field(description="ceo, area_manager or client_lead")
    clause: str
    holder: PersonOut | None = Field(description="null: no one decides (P4 broken)")
    since: date | None


class MapPage(Page):
    items: list[MapRowOut]


@api.get("/responsibility-map", response={200: MapPage, **RESPONSES}, tags=["organisation"])
def responsibility_map(request: HttpRequest, page: Query[MapQuery]) -> Any:
    """Every area of responsibility on `at` (default today) with its one decision maker
    (P4): the organisation, its areas by name, its active clients by name, a page at a
    time, as the web's map."""
    org = actor(request).organisation
    rows = MapRows(org, page.at or timezone.localdate(), page.q.strip(), page.unowned)
    start = _cursor(page.cursor)
    if start < 0:
        raise InvalidInput("is not a cursor this API gave out", "cursor")
    found = rows[start : start + page.limit]
    more = start + len(found) < len(rows)
    return {
        "items": [_responsibility_out(r) for r in found],
        "next": _next(found, page.limit, lambda _: start + len(found)) if more else None,
    }


@api.get("/signals", response={200: dict[str, Any], **RESPONSES}, tags=["signals"])
def signals(request: HttpRequest, when: Query[AtQuery]) -> Any:
    """The day's signals as figures (P1, P2, AO1, KA5), as the CEO's page shows them: the
    CEO's (VD1; everyone else gets a 403 naming the CEO)."""
    person = actor(request)
    org = person.organisation
    at = when.at or timezone.localdate()
    decision = may_read(org, person, "view_ceo_page", at=at)
    if not decision.allowed:
        raise PolicyRefused(decision)
    return signal_summary(org, at)


class ResponsibilityOut(Schema):
    target: str
    name: str
    kind: str
    clause: str
    holder: PersonOut | None
    since: date | None


@api.get(
    "/who-decides", response={200: list[ResponsibilityOut], **RESPONSES}, tags=["organisation"]
)
def who_decides_view(request: HttpRequest, target: str, when: Query[AtQuery]) -> Any:
    """The decision maker(s) for a target on a date (default today), from the history."""
    org = actor(request).organisation
    found = who_decides(org, parse_target(target), when.at or timezone.localdate())
    return [_responsibility_out(r) for r in found]


def _responsibility_out(r: Responsibility) -> dict[str, Any]:
    return {
        "target": r.target,
        "name": r.name,
        "kind": r.kind,
        "clause": r.clause,
        "holder": _person_out(r.holder) if r.holder else None,
        "since": r.since,
    }


class DutyOut(Schema):
    kind: str
    clause: str
    due_on: date
    status: str
    days_overdue: int
    subject: str
    title: dict[str, str]
    urgent: bool


class DutiesQuery(AtQuery):
    owner: str | None = Field(
        None, description="whose duties (an e-mail address); default the caller's own"
    )


@api.get("/duties", response={200: list[DutyOut], **RESPONSES}, tags=["duties"])
def my_duties(request: HttpRequest, query: Query[DutiesQuery]) -> Any:
    """A person's duties on a date (default today), most urgent first: the caller's own, or
    with ``?owner=`` someone else's for their line manager and the CEO (``view_duties``,
    AO3, AO4, VD1; anyone else gets a 403 naming the line manager)."""
    person = actor(request)
    org = person.organisation
    at = query.at or timezone.localdate()
    owner = person
    if query.owner is not None and query.owner != person.email:
        owner = _person(request, query.owner)
        decision = may_read(org, person, "view_duties", f"person:{owner.email}", at=at)
        if not decision.allowed:
            raise PolicyRefused(decision)
    return [d.as_dict(at) for d in duties(org, at, person=owner)]


class LogEntryOut(Schema):
    seq: int
    effective_on: date
    recorded_at: str
    action: str
    target: str | None = Field(description="null when withheld")
    clauses: list[str]
    role: str
    public: dict[str, Any]
    personal: dict[str, Any] | None
    withheld: bool = Field(
        description="an HR decision outside the caller's circle: only its kind, date, role "
        "and clauses are shown, not about whom nor what it says"
    )
    hash: str
    door: str = Field(
        description="how the decision came in: web, api, cli:<operating-system user> or "
        "system; empty for entries from before doors were recorded"
    )


class LogPage(Page):
    verified: bool | None = Field(description="with ?verify=true: whether the chain verifies")
    size: int | None = Field(description="with ?verify=true: the number of entries verified")
    items: list[LogEntryOut]


class LogQuery(PageQuery):
    verify: bool = False


@api.get("/log", response={200: LogPage, **RESPONSES}, tags=["decision log"])
@decorate_view(never_cache)  # salaries, talk notes: no copy kept
def decision_log(request: HttpRequest, page: Query[LogQuery]) -> Any:
    """The decision log in order of its sequence, as the caller may read it (the log's read
    rules, as on the log page); with ``?verify=true`` also the state of the whole chain (which
    re-hashes it; the CEO's, ``verify_log``)."""
    person = actor(request)
    org = person.organisation
    at = timezone.localdate()
    for rule in ("view_log", "verify_log") if page.verify else ("view_log",):
        decision = may_read(org, person, rule, at=at)
        if not decision.allowed:
            raise PolicyRefused(decision)
    rows = list(
        Entry.objects.filter(organisation=org, seq__gt=_cursor(page.cursor))
        .select_related("payload")
        .order_by("seq")[: page.limit]
    )
    verification = log.verify(org) if page.verify else None
    items = [
        {
            "seq": s.entry.seq,
            "effective_on": s.entry.effective_on,
            "recorded_at": s.entry.recorded_at.isoformat(),
            "action": s.entry.action,
            "target": s.entry.target if s.readable else None,
            "clauses": s.entry.clauses.split(",") if s.entry.clauses else [],
            "role": s.entry.actor_role,
            "public": s.entry.public if s.readable else {},
            "personal": s.personal,
            "withheld": not s.readable,
            "hash": s.entry.hash,
            "door": s.entry.door,
        }
        for s in read_entries(org, person, rows, at)
    ]
    return {
        "items": items,
        "next": _next(rows, page.limit, lambda e: e.seq),
        "verified": verification.ok if verification else None,
        "size": verification.size if verification else None,
    }


NDJSON = "application/x-ndjson"


@api.get(
    "/log/stream",
    response=RESPONSES,
    tags=["decision log"],
    openapi_extra={
        "responses": {
            "200": {
                "description": "the whole log, one JSON object per line, in order of seq",
                "content": {NDJSON: {"schema": {"type": "string"}}},
            }
        }
    },
)
@decorate_view(never_cache)  # salaries, talk notes: no copy kept
def decision_log_stream(request: HttpRequest) -> StreamingHttpResponse:
    """The whole decision log as JSON Lines, streamed in chunks of entries (never the whole
    log in memory), as the caller may read it: the same lines as ``ansvar log export --as``,
    with the salaries and talks shown recorded in the access log as there."""
    person = actor(request)
    org = person.organisation
    at = timezone.localdate()
    decision = may_read(org, person, "view_log", at=at)
    if not decision.allowed:
        raise PolicyRefused(decision)
    lines = (line + "\n" for line in export_lines(org, person, at))
    return StreamingHttpResponse(lines, content_type=NDJSON)


# The system's own steps (founding, imports, lapses, erasure) are no one's to call. A webhook
# endpoint's actions make a secret that is shown once, on the administrator's page or by
# `ansvar webhook`; an API answer is no place to hand it out, so they have no operation.
for _name in sorted(set(ACTIONS) - SYSTEM_ACTIONS - WEBHOOK_ACTIONS):
    _register(_name)
