"""Who is whose line manager (AO3, AO4): one answer for the rules, the pages, the duties,
``who-decides`` and the demo generator, whatever each calls a person."""


def line_manager[T](
    *, is_ceo: bool, is_area_manager: bool, area_manager: T | None, ceo: T | None
) -> T | None:
    """The manager of the person's business area; the CEO for an area manager (of any area)
    and for someone whose area has no manager; nobody for the CEO, whose manager is the
    board, outside Ansvar.

    ``area_manager`` is the manager of the area the person belongs to on the day, or, for a
    hire before their first day, of the area they were hired into."""
    if is_ceo:
        return None
    if is_area_manager or area_manager is None:
        return ceo
    return area_manager
