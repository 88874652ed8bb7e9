"""Account pages: password change, reset by e-mail, the invitation link, and the technical
administrators' page. Django's auth views and token generator do the work; the account
actions themselves post to ``/handling/<action>/`` like every other action.
"""

import unicodedata
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ansvar.accounts import invitations, selectors
from ansvar.accounts.actions import invite_everyone
from ansvar.accounts.backends import may_log_in
from ansvar.accounts.mail import render_account_mail, send_account_mail
from ansvar.accounts.recent import mark_authenticated
from ansvar.accounts.tokens import invitation_tokens
from ansvar.engine.errors import PolicyRefused
from ansvar.engine.reads import may_read
from ansvar.engine.registry import holds_right
from ansvar.policy.actions import ActionName
from ansvar.web.people import current_person


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


class AccountResetForm(PasswordResetForm):
    """Django's reset form: the same answer for every address, known or not (no account
    enumeration). It also reaches an invited person who has no password yet (an
    invitation that expired is then no dead end), and never someone who may not log in."""

    def get_users(self, email: str) -> Any:
        users: QuerySet[User] = User.objects.filter(email__iexact=email.strip(), is_active=True)
        wanted = _folded(email.strip())
        # As Django's own: only an exact match after Unicode folding, never a look-alike.
        return (u for u in users if _folded(u.email) == wanted and may_log_in(u))

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject, body = render_account_mail(subject_template_name, email_template_name, context)
        send_account_mail(to_email, subject, body)


class _MayLogInLinkMixin:
    """A reset or invitation link of someone who may no longer log in is no valid link."""

    def get_user(self, uidb64: str) -> Any:
        user = super().get_user(uidb64)  # type: ignore[misc]
        return user if user is not None and may_log_in(user) else None


class ResetView(auth_views.PasswordResetView):
    form_class = AccountResetForm
    template_name = "registration/password_reset_form.html"
    subject_template_name = "accounts/password_reset_subject.txt"
    email_template_name = "accounts/password_reset_email.txt"
    success_url = reverse_lazy("password_reset_done")
    title = gettext_lazy("Återställ lösenord")

    def form_valid(self, form: Any) -> HttpResponse:
        # Links start with the configured address, not with whatever Host the request had.
        self.extra_email_context = {"base_url": settings.ANSVAR_BASE_URL}
        return super().form_valid(form)


class ResetConfirmView(_MayLogInLinkMixin, auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")
    reset_url_token = "valj-losenord"


class InvitationView(_MayLogInLinkMixin, auth_views.PasswordResetConfirmView):
    """The invitation link: Django's reset confirmation (public, like every view of the
    reset) with the invitation's token."""

    template_name = "registration/invitation.html"
    token_generator = invitation_tokens
    success_url = reverse_lazy("login")
    reset_url_token = "valj-losenord"
    title = gettext_lazy("Välj ditt lösenord")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        invitations.mark_accepted(form.user)
        messages.success(self.request, _("Ditt lösenord är valt. Logga in med din e-postadress."))
        return response


class ChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        person = current_person(self.request)
        context["administrator"] = person is not None and selectors.is_technical_administrator(
            person, timezone.localdate()
        )
        context["may_import"] = _may_import(person)
        return context


def _may_import(person: Any) -> bool:
    """Whether the page offers the import page: its read rule, as the page itself asks."""
    if person is None:
        return False
    return may_read(person.organisation, person, ActionName.IMPORT_ORGANISATION).allowed


def _may_export(person: Any) -> bool:
    """Whether the page offers the organisation's download: its read rule, as the download
    itself asks."""
    if person is None:
        return False
    return may_read(person.organisation, person, ActionName.EXPORT_ORGANISATION).allowed


def _viewer_decision(request: HttpRequest) -> tuple[Any, Any]:
    """The viewer and whether the rules let them manage accounts: the page asks the same
    rule the actions do, with the viewer as the target (any person would do)."""
    person = current_person(request)
    if person is None:
        return None, None
    decision = holds_right(person.organisation, person, "invite_person", f"person:{person.pk}")
    return person, decision


def _forbidden(request: HttpRequest, decision: Any) -> HttpResponse:
    if decision is None:
        reason_sv = "Ditt konto är inte kopplat till någon person i en organisation."
        reason_en = "Your account is not linked to a person in an organisation."
    else:
        reason_sv, reason_en = decision.reason_sv, decision.reason_en
    return render(
        request,
        "ansvar/clients/forbidden.html",
        {"reason_sv": reason_sv, "reason_en": reason_en},
        status=403,
    )


@login_required
def accounts_page(request: HttpRequest) -> HttpResponse:
    """For the technical administrators: everyone employed now or later, with their log-in."""
    person, decision = _viewer_decision(request)
    if person is None or not decision.allowed:
        return _forbidden(request, decision)
    at = timezone.localdate()
    rows = selectors.account_rows(person.organisation, at, timezone.now())
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    administrators = [
        a.person for a in selectors.technical_administrators_on(person.organisation, at)
    ]
    return render(
        request,
        "ansvar/accounts/admin.html",
        {
            "person": person,
            "rows": rows,
            "counts": counts,
            "without": counts.get(selectors.STATUS_NONE, 0),
            "administrators": administrators,
            "invitation_days": settings.ANSVAR_INVITATION_DAYS,
            "may_import": _may_import(person),
            "may_export": _may_export(person),
        },
    )


@login_required
@require_POST
def invite_everyone_view(request: HttpRequest) -> HttpResponse:
    # The right is asked before the list: with nobody left to invite, someone who may not
    # invite is still told so, not that nobody was invited.
    person, decision = _viewer_decision(request)
    if person is None or not decision.allowed:
        return _forbidden(request, decision)
    try:
        done = invite_everyone(person.organisation, person, timezone.localdate())
    except PolicyRefused as refused:
        d = refused.decision
        prefix = _("Nekat")
        messages.error(
            request, f"{prefix} ({', '.join(d.clauses)}): {d.reason(get_language() or 'sv')}"
        )
    else:
        messages.success(
            request,
            _("%(count)s inbjudna, var och en loggad.") % {"count": len(done)},
        )
    return redirect("accounts-admin")


def locked_out(
    request: HttpRequest, response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """django-axes' answer to a log-in from a locked-out account or address: the log-in page
    with the reason and when to try again (``AXES_LOCKOUT_CALLABLE``), never the password's
    verdict, with status 429 (Too Many Requests)."""
    return render(
        request,
        "registration/login.html",
        {
            "form": AuthenticationForm(request),
            "locked_out": True,
            "limit": settings.AXES_FAILURE_LIMIT,
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Lösenord"), strip=False, widget=forms.PasswordInput
    )


@login_required
@never_cache
def confirm_password(request: HttpRequest) -> HttpResponse:
    """The password again before something a session alone may not do (an API token):
    checked through the log-in backends, so django-axes counts a wrong one as a failed
    log-in and a locked-out account is refused here too."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = ""
    form = ConfirmPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=request.user.get_username(),
            password=form.cleaned_data["password"],
        )
        if user is not None and user.pk == request.user.pk:
            mark_authenticated(request)
            return redirect(target or "account")
        form.add_error("password", _("Lösenord: fel lösenord."))
    return render(
        request,
        "registration/confirm_password.html",
        {"form": form, "next": target, "minutes": settings.ANSVAR_REAUTH_MINUTES},
    )
