"""The mail pages: the administrator's outbox (/utskick/) and a person's own e-mail choice
(/aviseringar/installningar/). Neither is a policy decision: the outbox is the technical
administrator's (``notify.access.may_administer_mail``), the choice is the person's own.
The writes are in ``notify.actions``."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ansvar.notify.access import may_administer_mail
from ansvar.notify.actions import choose_mail, send_failed_again
from ansvar.notify.models import OutboxMessage, Preference
from ansvar.org.models import Person
from ansvar.web.people import current_person

STATUS_LABELS: dict[str, Any] = {
    OutboxMessage.Status.PENDING: gettext_lazy("Väntar på att skickas"),
    OutboxMessage.Status.SENDING: gettext_lazy("Skickas"),
    OutboxMessage.Status.SENT: gettext_lazy("Skickade"),
    OutboxMessage.Status.FAILED: gettext_lazy("Misslyckade efter sista försöket"),
    OutboxMessage.Status.HELD: gettext_lazy("Väntar på dagens sammanfattning"),
    OutboxMessage.Status.IN_DIGEST: gettext_lazy("Med i en sammanfattning"),
    OutboxMessage.Status.SKIPPED: gettext_lazy("Ingen e-post (personens val)"),
    OutboxMessage.Status.CANCELLED: gettext_lazy("Inget kvar att säga"),
}
MODE_LABELS: dict[str, Any] = {
    Preference.Mode.IMMEDIATE: gettext_lazy("Direkt, ett meddelande per händelse"),
    Preference.Mode.DIGEST: gettext_lazy("En sammanfattning om dagen"),
    Preference.Mode.NONE: gettext_lazy("Ingen e-post"),
}
LANGUAGE_LABELS = {Person.Language.SWEDISH: "Svenska", Person.Language.ENGLISH: "English"}


def _forbidden(request: HttpRequest, reason_sv: str, reason_en: str) -> HttpResponse:
    return render(
        request,
        "ansvar/clients/forbidden.html",
        {"reason_sv": reason_sv, "reason_en": reason_en},
        status=403,
    )


def _administrator(request: HttpRequest) -> tuple[Person | None, HttpResponse | None]:
    person = current_person(request)
    if person is None:
        return None, _forbidden(
            request,
            "Ditt konto är inte kopplat till någon person i en organisation.",
            "Your account is not linked to a person in an organisation.",
        )
    if not may_administer_mail(person, timezone.localdate()):
        return None, _forbidden(
            request,
            "Utskicken visas bara för den som administrerar Ansvar tekniskt.",
            "Only the technical administrator of Ansvar sees the outgoing mail.",
        )
    return person, None


@login_required
@require_http_methods(["GET"])
def outbox(request: HttpRequest) -> HttpResponse:
    person, refused = _administrator(request)
    if refused is not None:
        return refused
    assert person is not None
    mine = OutboxMessage.objects.filter(organisation=person.organisation)
    found = dict(mine.order_by().values_list("status").annotate(n=Count("pk")))
    counts = [(STATUS_LABELS[s], found.get(s, 0)) for s in OutboxMessage.Status.values]
    failed = mine.filter(status=OutboxMessage.Status.FAILED).select_related("person")[:200]
    retrying = (
        mine.filter(status=OutboxMessage.Status.PENDING, attempts__gt=0)
        .select_related("person")
        .order_by("next_attempt_at")[:200]
    )
    return render(
        request,
        "ansvar/mail/outbox.html",
        {"person": person, "counts": counts, "failed": failed, "retrying": retrying},
    )


@login_required
@require_POST
def outbox_send_again(request: HttpRequest, pk: int) -> HttpResponse:
    person, refused = _administrator(request)
    if refused is not None:
        return refused
    assert person is not None
    message = OutboxMessage.objects.filter(organisation=person.organisation, pk=pk).first()
    if message is None:
        raise Http404(_("Det finns inget sådant utskick."))
    if send_failed_again(message):
        messages.success(request, _("Meddelandet skickas igen."))
    else:
        messages.error(request, _("Meddelandet har inte misslyckats och skickas inte igen."))
    return redirect("outbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """The person's own choice of e-mail and its language; nobody else's."""
    person = current_person(request)
    if person is None:
        return _forbidden(
            request,
            "Ditt konto är inte kopplat till någon person i en organisation.",
            "Your account is not linked to a person in an organisation.",
        )
    chosen = Preference.objects.filter(person=person).values_list("mode", flat=True).first()
    mode = chosen or Preference.Mode.IMMEDIATE
    if request.method == "POST":
        new_mode = request.POST.get("mode", "")
        language = request.POST.get("language", "")
        if new_mode not in Preference.Mode.values:
            messages.error(request, _("E-post: välj ett av alternativen."))
        elif language not in Person.Language.values:
            messages.error(request, _("Språk: välj svenska eller engelska."))
        else:
            choose_mail(person, new_mode, language)
            messages.success(request, _("Ditt val är sparat."))
            return redirect("mail-preferences")
    return render(
        request,
        "ansvar/mail/preferences.html",
        {
            "person": person,
            "mode": mode,
            "modes": list(MODE_LABELS.items()),
            "languages": list(LANGUAGE_LABELS.items()),
        },
    )
