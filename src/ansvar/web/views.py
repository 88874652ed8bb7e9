"""Web pages: parse the request, call a selector or an action, render. No rules here."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ansvar.org.models import Person
from ansvar.org.responsibility import responsibility_map


def _person(request: HttpRequest) -> Person | None:
    if not request.user.is_authenticated:
        return None
    return Person.objects.select_related("organisation").filter(user=request.user).first()


@login_required
def home(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    return render(request, "ansvar/home.html", {"person": person})


@login_required
def responsibility_map_view(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    at = timezone.localdate()
    rows = responsibility_map(person.organisation, at) if person else []
    return render(
        request, "ansvar/responsibility_map.html", {"person": person, "rows": rows, "at": at}
    )
