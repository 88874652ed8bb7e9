"""What the header of every page needs: whether the one looking is the CEO today (the
"Vd" menu is theirs only). Asked only when a template reads it, one query."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from ansvar.org.models import Holding
from ansvar.org.selectors import valid_on


def ceo_menu(request: HttpRequest) -> dict[str, Any]:
    def is_ceo() -> bool:
        if not request.user.is_authenticated:
            return False
        return Holding.objects.filter(
            valid_on(timezone.localdate()), kind=Holding.Kind.CEO, person__user=request.user
        ).exists()

    return {"is_ceo": is_ceo}
