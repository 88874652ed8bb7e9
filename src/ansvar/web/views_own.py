"""A person's own data out: the calendar feed (its secret address and the feed itself), and
who has read their data with everything held about them (GDPR Art. 15)."""

import json

from django.contrib.auth.decorators import login_not_required, login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ansvar.exports import calendar
from ansvar.exports.personal import access_log, personal_data
from ansvar.web.labels import access_labels
from ansvar.web.people import viewer_or_404


@login_required
@require_http_methods(["GET", "POST"])
def my_calendar(request: HttpRequest) -> HttpResponse:
    """Make a new address (the old one stops working) or end the feed; the address is shown
    once, right after it is made."""
    person = viewer_or_404(request)
    url = None
    if request.method == "POST":
        if request.POST.get("do") == "revoke":
            calendar.revoke_feed(person)
        else:
            url = request.build_absolute_uri(calendar.feed_path(calendar.create_feed(person)))
    return render(
        request,
        "ansvar/people/calendar.html",
        {"person": person, "url": url, "has_feed": calendar.has_feed(person)},
    )


@login_not_required
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: no log-in (calendar programs have none); the secret is the address."""
    person = calendar.feed_owner(token)
    if person is None:
        raise Http404
    language = "en" if (get_language() or "sv").startswith("en") else "sv"
    body = calendar.ical(person, timezone.localdate(), language)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


@login_required
@never_cache  # everything about the person, salaries too
def my_data(request: HttpRequest) -> HttpResponse:
    """'Who has read my data': the person's access log, and everything held about them as a
    JSON download (GDPR Art. 15)."""
    person = viewer_or_404(request)
    if request.GET.get("format") == "json":
        body = json.dumps(personal_data(person), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="ansvar-{person.pk}.json"'
        response["Cache-Control"] = "no-store"
        return response
    language = get_language() or "sv"
    rows = []
    for r in access_log(person):
        what, purpose = access_labels(r["what"], r["purpose"], language)
        rows.append({**r, "what": what, "purpose": purpose})
    response = render(request, "ansvar/people/my_data.html", {"person": person, "rows": rows})
    response["Cache-Control"] = "no-store"
    return response
