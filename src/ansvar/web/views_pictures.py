"""Pictures and charts: the organisation drawn by Graphviz as of a date (VD1), and the
signals over time for the CEO (P1, P2, KA5). Reads only; who may see them is a read rule."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ansvar.clients.selectors import signals_over_time
from ansvar.engine.reads import may_read
from ansvar.org.models import BusinessArea
from ansvar.org.picture import ClientNode, OrgPicture, org_picture
from ansvar.web import formatting
from ansvar.web.charts import Series, line_chart
from ansvar.web.params import date_param
from ansvar.web.people import viewer_or_404
from ansvar.web.picture import PictureError, area_dot, inline, org_dot, render_svg, size
from ansvar.web.refused import refused

SIGNAL_MONTHS = 12


def _crossings(picture: OrgPicture, node: ClientNode) -> list[tuple[BusinessArea, int]]:
    """The other areas a client's work group has people from, with how many."""
    return [
        (other.area, places)
        for other_id, places in node.others.items()
        if (other := picture.area(other_id)) is not None
    ]


def _listing(picture: OrgPicture, nodes: list[ClientNode]) -> list[dict[str, Any]]:
    return [{"node": c, "crossings": _crossings(picture, c)} for c in nodes]


def _draw(source: str, described_by: str, label: str) -> tuple[Any, str]:
    try:
        return inline(render_svg(source), described_by, label), ""
    except PictureError as exc:
        return None, str(exc)


@login_required
def org_picture_view(request: HttpRequest) -> HttpResponse:
    """The whole organisation on ``?datum=``: a picture when it fits (``picture.size``),
    and always the list that says the same."""
    viewer = viewer_or_404(request)
    organisation = viewer.organisation
    decision = may_read(organisation, viewer, "view_org_picture")
    if not decision.allowed:
        return refused(request, decision, viewer)
    at, error = date_param(request)
    context: dict[str, Any] = {"person": viewer, "at": at, "error": error}
    if error:
        return render(request, "ansvar/pictures/organisation.html", context, status=400)
    picture = org_picture(organisation, at)
    kind = size(picture)
    svg, problem = (
        _draw(
            org_dot(picture),
            "picture-list",
            _("%(name)s som bild, %(at)s")
            % {"name": organisation.name, "at": formatting.long_date(at)},
        )
        if kind != "list"
        else (None, "")
    )
    areas = [
        {
            "node": a,
            "clients": _listing(picture, a.clients) if kind == "detail" else [],
        }
        for a in picture.areas
    ]
    crossings = (
        [
            (home, other, places)
            for (home_id, other_id), places in sorted(picture.crossings().items())
            if (home := picture.area(home_id)) and (other := picture.area(other_id))
        ]
        if kind == "areas"
        else []
    )
    context.update(
        picture=picture,
        kind=kind,
        svg=svg,
        problem=problem,
        areas=areas,
        unplaced=_listing(picture, picture.unplaced) if kind == "detail" else [],
        crossings=crossings,
    )
    return render(request, "ansvar/pictures/organisation.html", context)


@login_required
def area_picture_view(request: HttpRequest, slug: str) -> HttpResponse:
    """One area on ``?datum=``: its manager, the clients led from it and the other areas
    its work groups share people with."""
    viewer = viewer_or_404(request)
    organisation = viewer.organisation
    area = BusinessArea.objects.filter(organisation=organisation, slug=slug).first()
    if area is None:
        raise Http404(_("Det finns inget sådant affärsområde."))
    decision = may_read(organisation, viewer, "view_org_picture")
    if not decision.allowed:
        return refused(request, decision, viewer)
    at, error = date_param(request)
    context: dict[str, Any] = {"person": viewer, "area": area, "at": at, "error": error}
    if error:
        return render(request, "ansvar/pictures/area.html", context, status=400)
    picture = org_picture(organisation, at)
    node = picture.area(area.pk)
    svg, problem = (
        _draw(
            area_dot(picture, node),
            "picture-list",
            _("%(name)s som bild, %(at)s") % {"name": area.name, "at": formatting.long_date(at)},
        )
        if node
        else (None, "")
    )
    incoming = (
        [
            (home.area, places)
            for (home_id, other_id), places in sorted(picture.crossings().items())
            if other_id == area.pk and home_id != area.pk and (home := picture.area(home_id))
        ]
        if node
        else []
    )
    context.update(
        picture=picture,
        node=node,
        svg=svg,
        problem=problem,
        clients=_listing(picture, node.clients) if node else [],
        incoming=incoming,
    )
    return render(request, "ansvar/pictures/area.html", context)


def _month_labels(months: list[date]) -> list[str]:
    return [formatting.month_name(m, short=True) for m in months]


def area_charts(figures: dict[str, Any]) -> list[Any]:
    """The area's figures over time (AO2) as two charts: people and clients; revenue and
    margin in kronor."""
    months = [date.fromisoformat(m["month"] + "-01") for m in figures["months"]]
    labels = _month_labels(months)
    rows = figures["months"]
    return [
        line_chart(
            _("Personer och kunder"),
            labels,
            [
                Series(_("Personer"), [m["people"] for m in rows]),
                Series(_("Kunder"), [len(m["clients_led"]) for m in rows]),
            ],
            lambda v: formatting.number(v),
            description=_("Antal personer och kunder i området per månad."),
            whole=True,
        ),
        line_chart(
            _("Intäkt och marginal"),
            labels,
            [
                Series(_("Intäkt"), [float(Decimal(m["revenue"])) for m in rows]),
                Series(_("Marginal"), [float(Decimal(m["margin"])) for m in rows]),
            ],
            lambda v: formatting.kronor(v),
            description=_("Registrerad intäkt och marginal för områdets kunder per månad."),
        ),
    ]


@login_required
def signals_view(request: HttpRequest) -> HttpResponse:
    """The CEO's signals over the last twelve months: P1 share, P2 days, KA5 deputies."""
    viewer = viewer_or_404(request)
    organisation = viewer.organisation
    decision = may_read(organisation, viewer, "view_signals")
    if not decision.allowed:
        return refused(request, decision, viewer)
    at = timezone.localdate()
    rows = signals_over_time(organisation, at, SIGNAL_MONTHS)
    labels = _month_labels([r["month"] for r in rows])
    charts = [
        line_chart(
            _("P1: andel som leder en kund"),
            labels,
            [Series(_("Andel"), [r["share"] for r in rows])],
            lambda v: formatting.percent(v),
            description=_("Andelen anställda som leder minst en kund, i slutet av varje månad."),
        ),
        line_chart(
            _("P2: dagar till första kunden"),
            labels,
            [
                Series(_("Median"), [r["median"] for r in rows]),
                Series(_("90:e percentilen"), [r["p90"] for r in rows]),
            ],
            lambda v: formatting.number(v),
            description=_("Dagar från anställning till första kundansvar, median och percentil."),
        ),
        line_chart(
            _("KA5: kunder utan ersättare"),
            labels,
            [Series(_("Kunder utan ersättare"), [r["no_deputy"] for r in rows])],
            lambda v: formatting.number(v),
            description=_("Antal ledda kunder utan ersättare i arbetsgruppen, per månad."),
            whole=True,
        ),
    ]
    context = {"person": viewer, "at": at, "rows": rows, "charts": charts}
    return render(request, "ansvar/pictures/signals.html", context)
