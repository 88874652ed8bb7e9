"""The calendar feed: a person's own page to make or end its secret address, and the feed."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from ansvar.exports import calendar
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
