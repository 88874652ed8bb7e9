"""Who is looking: the Person behind the logged-in user."""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from ansvar.org.models import Person


def current_person(request: HttpRequest) -> Person | None:
    """The logged-in user's Person; None for an anonymous user or an account without one."""
    if not request.user.is_authenticated:
        return None
    return Person.objects.select_related("organisation").filter(user=request.user).first()


def viewer_or_404(request: HttpRequest) -> Person:
    """The logged-in user's Person; a 404 that says why for an account without one."""
    viewer = current_person(request)
    if viewer is None:
        raise Http404(_("Ditt konto är inte kopplat till någon person."))
    return viewer
