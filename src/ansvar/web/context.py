"""What the header of every page needs: whether the one looking is the CEO today (the
"Vd" menu is theirs only). The session's user arrives with it (``accounts.backends``), so
the header costs no query; a user loaded otherwise is asked once, when the header reads it."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

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
