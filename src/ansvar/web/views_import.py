"""The import page: a technical administrator founds a new organisation from a file.

Upload → preview (what will be founded, or every problem by sheet, row and column) →
confirm. Who may open it is the read rule ``import_organisation`` (the technical
administrators, P7); what a file says is ``ansvar.intake``'s answer, the same ``read`` and
``check`` as ``ansvar import``, and the founding is ``intake.found_with_administrator``: the
system's steps through ``perform``, with the new organisation's first technical
administrator named and invited in the same transaction. Between preview and confirmation
the file waits on the server (``intake.uploads``) under a random token that only this
session knows; the confirmation reads it again and checks it once more, so nothing the
browser sends back is trusted but the token and the administrator chosen.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from ansvar import intake
from ansvar.accounts.selectors import people_without_account
from ansvar.engine.errors import InvalidInput, PolicyRefused
from ansvar.engine.reads import may_read
from ansvar.intake import uploads
from ansvar.intake.apply import invitation_sent
from ansvar.org.founding import slug_for
from ansvar.org.models import Person
from ansvar.policy.actions import ActionName
from ansvar.web.labels import ACTION_LABELS, pick
from ansvar.web.people import current_person
from ansvar.web.refused import refused

PENDING = "ansvar_import_pending"  # session: token -> the file's name, SHA-256 and size
DONE = "ansvar_import_done"  # session: what the last confirmation founded
KEEP_PENDING = 5  # uploads one session may have waiting at once
ACCEPT = ".xlsx,.zip,.csv,.yaml,.yml"


def _language() -> str:
    return "en" if (get_language() or "sv").startswith("en") else "sv"


def _administrator(request: HttpRequest) -> tuple[Person | None, HttpResponse | None]:
    """The viewer, when the read rule lets them found an organisation; else the 403 page."""
    person = current_person(request)
    if person is None:
        return None, render(
            request,
            "ansvar/clients/forbidden.html",
            {
                "reason_sv": "Ditt konto är inte kopplat till någon person i en organisation.",
                "reason_en": "Your account is not linked to a person in an organisation.",
            },
            status=403,
        )
    decision = may_read(person.organisation, person, ActionName.IMPORT_ORGANISATION)
    if not decision.allowed:
        return None, refused(request, decision, person)
    return person, None


class _SizeLimit(FileUploadHandler):
    """Stops taking an upload once it passes ``uploads.MAX_BYTES``: the rest of the request
    is read and thrown away, so the browser gets the page that says so, not a reset."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > uploads.MAX_BYTES:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _upload_page(
    request: HttpRequest,
    person: Person,
    *,
    error: intake.Unreadable | None = None,
    problems: list[intake.Problem] | None = None,
    name: str = "",
    status: int = 200,
) -> HttpResponse:
    language = _language()
    return render(
        request,
        "ansvar/accounts/import.html",
        {
            "person": person,
            "accept": ACCEPT,
            "max_mb": uploads.MAX_BYTES // 2**20,
            "error": (error.en if language == "en" else error.sv) if error else "",
            "problems": [
                {
                    "sheet": p.sheet_label(language),
                    "row": p.row,
                    "column": p.column_label(language),
                    "text": p.text(language),
                }
                for p in problems or []
            ],
            "name": name,
        },
        status=status,
    )


def _count_rows(counts: dict[str, int]) -> list[tuple[str, int]]:
    return [
        (_("Personer"), counts["people"]),
        (_("Affärsområden"), counts["areas"]),
        (_("Kunder"), counts["clients"]),
        (_("Platser i arbetsgrupper"), counts["work_groups"]),
        (_("Kompetenser"), counts["skills"]),
    ]


def _people_choices(plan: intake.Plan) -> list[tuple[str, str]]:
    """Whom the page offers as the first administrator: the file's people still employed
    today or later (the rule refuses anyone else), by name."""
    today = timezone.localdate()
    people = [p for p in plan.organisation.people if p.last_day is None or p.last_day >= today]
    return sorted(((p.email, p.name) for p in people), key=lambda c: (c[1], c[0]))


def _preview(
    request: HttpRequest,
    person: Person,
    plan: intake.Plan,
    token: str,
    name: str,
    *,
    chosen: str = "",
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    spec = plan.organisation
    ceo = next(p for p in spec.people if p.email.lower() == spec.ceo.lower())
    return render(
        request,
        "ansvar/accounts/import_preview.html",
        {
            "person": person,
            "token": token,
            "file_name": name,
            "organisation": spec.name,
            "slug": slug_for(spec),
            "ceo": ceo,
            "founded_on": spec.founded_on or min(p.employed_from for p in spec.people),
            "counts": _count_rows(plan.counts()),
            "areas": spec.areas,
            "people": _people_choices(plan),
            "chosen": chosen or ceo.email.lower(),
            "error": error,
        },
        status=status,
    )


def _check(upload: uploads.Upload) -> tuple[intake.Plan | None, list[intake.Problem]]:
    """The CLI's answer for the file: ``read`` then ``check``; raises ``Unreadable``."""
    return intake.check(intake.read_bytes(upload.name, upload.data))


def _remember(request: HttpRequest, token: str, upload: uploads.Upload) -> None:
    pending: dict[str, Any] = dict(request.session.get(PENDING, {}))
    while len(pending) >= KEEP_PENDING:  # the oldest goes, with its file
        oldest = next(iter(pending))
        uploads.discard(settings.ANSVAR_IMPORT_DIR, oldest)
        del pending[oldest]
    pending[token] = {"name": upload.name, "sha256": upload.sha256, "size": len(upload.data)}
    request.session[PENDING] = pending


def _forget(request: HttpRequest, token: str) -> None:
    """Drop this session's token and its file; a token the session was not given is left
    alone (it may be another session's)."""
    pending: dict[str, Any] = dict(request.session.get(PENDING, {}))
    if pending.pop(token, None) is not None:
        request.session[PENDING] = pending
        uploads.discard(settings.ANSVAR_IMPORT_DIR, token)


@csrf_exempt  # checked by ``_import_page`` once the size limit is in place
@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: the file, then its preview or every problem in it."""
    limit = _SizeLimit(request)
    # The limit must come before anything reads the body (the CSRF check reads the form).
    request.upload_handlers.insert(0, limit)
    return _import_page(request, limit)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _import_page(request: HttpRequest, limit: _SizeLimit) -> HttpResponse:
    person, forbidden = _administrator(request)
    if forbidden is not None:
        return forbidden
    assert person is not None
    if request.method == "GET":
        return _upload_page(request, person)
    files = request.FILES.getlist("file")
    if limit.exceeded:
        return _upload_page(request, person, error=uploads.too_large(limit.received), status=413)
    try:
        upload = uploads.bundle([(f.name or "", f.read()) for f in files])
        plan, problems = _check(upload)
    except intake.Unreadable as unreadable:
        names = ", ".join(f.name or "" for f in files)
        return _upload_page(request, person, error=unreadable, name=names, status=400)
    if plan is None:
        return _upload_page(request, person, problems=problems, name=upload.name, status=400)
    token = uploads.keep(settings.ANSVAR_IMPORT_DIR, upload)
    _remember(request, token, upload)
    return _preview(request, person, plan, token, upload.name)


def _pending(request: HttpRequest) -> tuple[str, uploads.Upload | None]:
    token = request.POST.get("upload", "")
    kept = request.session.get(PENDING, {}).get(token)
    if not isinstance(kept, dict):
        return token, None
    return token, uploads.load(settings.ANSVAR_IMPORT_DIR, token, kept["name"], kept["sha256"])


def _expired(request: HttpRequest, person: Person) -> HttpResponse:
    return _upload_page(
        request,
        person,
        error=intake.Unreadable(
            "Förhandsgranskningen finns inte längre (den sparas en timme, i den här "
            "inloggningen); ladda upp filen igen. Inget har skrivits.",
            "The preview is no longer there (it is kept for an hour, in this log-in); upload "
            "the file again. Nothing was written.",
        ),
        status=400,
    )


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Found the previewed organisation: the kept file read and checked again, then founded
    with its first technical administrator, or nothing at all."""
    person, forbidden = _administrator(request)
    if forbidden is not None:
        return forbidden
    assert person is not None
    token, upload = _pending(request)
    if upload is None:
        _forget(request, token)
        return _expired(request, person)
    try:
        plan, problems = _check(upload)
    except intake.Unreadable as unreadable:  # only if the reader itself changed meanwhile
        _forget(request, token)
        return _upload_page(request, person, error=unreadable, status=400)
    if plan is None:  # e.g. the slug was taken since the preview
        _forget(request, token)
        return _upload_page(request, person, problems=problems, name=upload.name, status=400)
    chosen = request.POST.get("admin", "").strip().lower()
    if chosen not in {email for email, _name in _people_choices(plan)}:
        message = _("Välj organisationens första tekniska administratör bland personerna i filen.")
        return _preview(request, person, plan, token, upload.name, error=message, status=400)
    try:
        founded = intake.found_with_administrator(
            plan, chosen, at=timezone.localdate(), requested_by=person
        )
    except PolicyRefused as refusal:
        d = refusal.decision
        prefix = _("Nekat")
        after = _("Inget har skrivits; välj någon annan som första administratör.")
        message = f"{prefix} ({', '.join(d.clauses)}): {d.reason(_language())} {after}"
        return _preview(
            request, person, plan, token, upload.name, chosen=chosen, error=message, status=400
        )
    except InvalidInput as invalid:  # the database refused it, e.g. a slug taken this instant
        _plan, problems = _check(upload)
        if problems:  # said as the preview says it, by sheet, row and column
            _forget(request, token)
            return _upload_page(request, person, problems=problems, name=upload.name, status=400)
        nothing = _("Inget har skrivits.")
        message = f"{invalid.message} {nothing}"
        return _preview(
            request, person, plan, token, upload.name, chosen=chosen, error=message, status=400
        )
    _forget(request, token)
    org, admin = founded.organisation, founded.administrator
    request.session[DONE] = {
        "name": org.name,
        "slug": org.slug,
        "counts": plan.counts(),
        "admin_name": admin.name,
        "admin_email": admin.email,
        "invitation": founded.invitation_id,
        "without_account": people_without_account(org, timezone.localdate()).count(),
        "entries": [[e.seq, e.action, e.hash[:16]] for e in founded.entries],
    }
    return redirect("accounts-import-done")


@login_required
@require_POST
def import_cancel(request: HttpRequest) -> HttpResponse:
    _person, forbidden = _administrator(request)
    if forbidden is not None:
        return forbidden
    _forget(request, request.POST.get("upload", ""))
    messages.success(request, _("Importen avbröts; inget har skrivits."))
    return redirect("accounts-import")


@login_required
def import_done(request: HttpRequest) -> HttpResponse:
    person, forbidden = _administrator(request)
    if forbidden is not None:
        return forbidden
    done = request.session.get(DONE)
    if not isinstance(done, dict):
        return redirect("accounts-import")
    language = _language()
    done = {**done, "sent": invitation_sent(done.get("invitation"))}
    entries = [
        {
            "seq": seq,
            "label": pick(ACTION_LABELS.get(action, (action, action)), language),
            "hash": h,
        }
        for seq, action, h in done["entries"]
    ]
    return render(
        request,
        "ansvar/accounts/import_done.html",
        {
            "person": person,
            "done": done,
            "entries": entries,
            "counts": _count_rows(done["counts"]),
            "invitation_days": settings.ANSVAR_INVITATION_DAYS,
        },
    )


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    """The empty workbook ``ansvar import --template`` writes, to fill in."""
    _person, forbidden = _administrator(request)
    if forbidden is not None:
        return forbidden
    response = HttpResponse(
        intake.template_bytes(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="ansvar-mall.xlsx"'
    return response
