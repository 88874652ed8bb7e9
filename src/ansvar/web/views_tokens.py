"""The person's own API tokens: make one (shown once), see them, revoke one. The work is
``ansvar.api.tokens``, the same functions the ``ansvar token`` commands use. Making or
revoking one needs the password from within ANSVAR_REAUTH_MINUTES (``accounts.recent``):
otherwise the person is asked for it again first."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ansvar.accounts.recent import authenticated_recently
from ansvar.api import tokens
from ansvar.org.models import Person
from ansvar.web.people import current_person


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=100)
    expires_in_days = forms.IntegerField(
        label=_("Giltig antal dagar (tomt: utan slutdatum)"),
        required=False,
        min_value=1,
        max_value=3650,
        error_messages={
            "invalid": _("Giltighet: ange ett helt antal dagar."),
            "min_value": _("Giltighet: minst 1 dag."),
            "max_value": _("Giltighet: högst 3650 dagar."),
        },
    )


def _person(request: HttpRequest) -> Person:
    person = current_person(request)
    if person is None:
        raise Http404
    return person


def _page(request: HttpRequest, person: Person, form: TokenForm, new: str = "") -> HttpResponse:
    now = timezone.now()
    rows = [
        (
            row,
            "revoked"
            if row.revoked_at
            else "expired"
            if row.expires_at and row.expires_at <= now
            else "live",
        )
        for row in sorted(tokens.of(person), key=lambda r: r.created_at, reverse=True)
    ]
    return render(
        request,
        "ansvar/accounts/tokens.html",
        {
            "form": form,
            "rows": rows,
            "new_token": new,
            "confirmed": authenticated_recently(request),
            "confirm_url": _confirm_url(),
        },
    )


def _confirm_url() -> str:
    return reverse("confirm-password") + "?" + urlencode({"next": reverse("account-tokens")})


@login_required
@never_cache  # a new token is on the page once: no browser or proxy may keep a copy
def tokens_page(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    if request.method == "POST":
        if not authenticated_recently(request):
            return redirect(_confirm_url())
        form = TokenForm(request.POST)
        if form.is_valid():
            made = tokens.issue(
                person, form.cleaned_data["name"], form.cleaned_data["expires_in_days"]
            )
            return _page(request, person, TokenForm(), made.token)
        return _page(request, person, form)
    return _page(request, person, TokenForm())


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    if not authenticated_recently(request):
        return redirect(_confirm_url())
    if not tokens.revoke(_person(request), token_id):
        raise Http404
    return redirect("account-tokens")
