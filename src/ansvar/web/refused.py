"""The 403 page of a refused read: the rule's reason, the clause and who decides."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ansvar.org.models import Person
from ansvar.policy.decision import Decision


def refused(request: HttpRequest, decision: Decision, person: Person | None) -> HttpResponse:
    return render(
        request,
        "ansvar/refused.html",
        {"person": person, "decision": decision},
        status=403,
    )
