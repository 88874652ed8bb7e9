"""What the header of every page needs: whether the one looking is the CEO today (the
"Vd" menu is theirs only). The session's user arrives with it (``accounts.backends``), so
the header costs no query; a user loaded otherwise is asked once, when the header reads it.

And what every form of a decision carries: the newest decision of the organisation when
the page was read (``seen``), so that an attempt refused because someone else changed its
target in between is answered as such (``engine.errors.Conflict``)."""

from functools import cache
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from ansvar.decisions.models import Entry
from ansvar.org.models import Holding
from ansvar.org.selectors import valid_on


def ceo_menu(request: HttpRequest) -> dict[str, Any]:
    def is_ceo() -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        known = getattr(user, "_ansvar_is_ceo", None)
        if known is not None:
            return bool(known)
        return Holding.objects.filter(
            valid_on(timezone.localdate()), kind=Holding.Kind.CEO, person__user=user
        ).exists()

    return {"is_ceo": is_ceo}


def decisions_seen(request: HttpRequest) -> dict[str, Any]:
    @cache
    def seen() -> int:
        user = request.user
        if not user.is_authenticated:
            return 0
        last = (
            Entry.objects.filter(organisation__people__user=user)
            .order_by("-seq")
            .values_list("seq", flat=True)
            .first()
        )
        return last or 0

    return {"seen": seen}
