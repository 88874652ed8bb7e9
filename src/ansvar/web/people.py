"""Who is looking: the Person behind the logged-in user."""

from django.http import HttpRequest

from ansvar.org.models import Person


def current_person(request: HttpRequest) -> Person | None:
    """The logged-in user's Person; None for an anonymous user or an account without one."""
    if not request.user.is_authenticated:
        return None
    return Person.objects.select_related("organisation").filter(user=request.user).first()
