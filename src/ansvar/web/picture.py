"""The organisation drawn by Graphviz on the server: DOT text from ``org.picture``, then
``dot -Tsvg`` in a subprocess with a time limit. No script reaches the browser.

How much one picture holds depends on the size: up to ``DETAIL_LIMIT`` areas and clients,
the whole organisation with every client and its lead; up to ``AREA_LIMIT`` areas, the
areas alone with their counts and the work they share; beyond that, no picture of the
whole, only the list, and each area has its own picture (``area_dot``), where at most
``AREA_CLIENT_LIMIT`` clients are drawn and the rest counted. So 10,000 people never make
10,000 nodes.
"""

import shutil
import subprocess
from collections import Counter

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ansvar.org.picture import AreaNode, ClientNode, OrgPicture
from ansvar.web.formatting import long_date, number

DETAIL_LIMIT = 120
AREA_LIMIT = 60
AREA_CLIENT_LIMIT = 120
DOT_TIMEOUT_SECONDS = 20
COLUMN_ROWS = 8  # an area's clients stand in columns of this many, so a picture stays legible

FONT = "Helvetica,Arial,sans-serif"
CEO_COLOUR = "#1f3a5f"
AREA_COLOUR = "#dbe8f5"
CLIENT_COLOUR = "#f7f7f7"
UNOWNED_COLOUR = "#f8d7da"
CROSS_COLOUR = "#b35900"


class PictureError(Exception):
    """Graphviz is missing, took too long or failed: the page says so and keeps its list."""


def _text(value: str) -> str:
    """One line of a DOT label, escaped for a quoted string (a backslash and a quote would
    otherwise end or change it; a line break would split it)."""
    return " ".join(value.replace("\\", "\\\\").replace('"', '\\"').split())


def _label(*lines: str) -> str:
    return '"' + "\\n".join(_text(line) for line in lines if line) + '"'


def _attrs(**attrs: str) -> str:
    return "[" + ", ".join(f"{key}={value}" for key, value in attrs.items()) + "]"


def _quote(value: str) -> str:
    return '"' + _text(value) + '"'


def _people(n: int) -> str:
    return ngettext("%(n)s person", "%(n)s personer", n) % {"n": number(n)}


def _clients(n: int) -> str:
    return ngettext("%(n)s kund", "%(n)s kunder", n) % {"n": number(n)}


def _places(n: int) -> str:
    return ngettext("%(n)s plats", "%(n)s platser", n) % {"n": number(n)}


def _head(title: str) -> list[str]:
    font = _quote(FONT)
    graph = _attrs(
        rankdir="LR",
        label=_quote(title),
        labelloc="t",
        fontname=font,
        fontsize="16",
        nodesep="0.25",
        ranksep="0.6",
        compound="true",
        tooltip=_quote(title),
    )
    node = _attrs(
        shape="box", style='"rounded,filled"', fontname=font, fontsize="11", margin='"0.12,0.06"'
    )
    edge = _attrs(color='"#6b7a8f"', arrowsize="0.6", fontname=font, fontsize="10")
    return ["digraph organisation {", f"  graph {graph};", f"  node {node};", f"  edge {edge};"]


def _ceo_node(picture: OrgPicture) -> str:
    ceo = picture.ceo
    label = _label(_("Vd"), ceo.name if ceo else _("Ingen (P4)"))
    attrs = {
        "label": label,
        "fillcolor": _quote(CEO_COLOUR if ceo else UNOWNED_COLOUR),
        "fontcolor": '"white"' if ceo else '"black"',
        "tooltip": label,
    }
    if ceo is not None:
        attrs["URL"] = _quote(reverse("person", args=[ceo.email]))
    return f"  ceo {_attrs(**attrs)};"


def _area_node(node: AreaNode, *, counts: bool, link: str) -> str:
    manager = node.manager.name if node.manager else _("Ingen (P4)")
    lines = [node.area.name, _("Chef: %(name)s") % {"name": manager}]
    if counts:
        lines.append(f"{_people(node.people)} · {_clients(len(node.clients))}")
    label = _label(*lines)
    return (
        f"  area{node.area.pk} "
        + _attrs(
            label=label,
            fillcolor=_quote(AREA_COLOUR if node.manager else UNOWNED_COLOUR),
            URL=_quote(link),
            tooltip=label,
        )
        + ";"
    )


def _client_node(node: ClientNode, picture: OrgPicture | None = None) -> str:
    """A client and its lead; given the picture, a client whose work group has people from
    other areas says which (and how many) and has a dashed border in the crossing colour."""
    lead = node.lead.name if node.lead else _("Ingen (P4)")
    lines = [node.client.name, lead]
    attrs = {
        "fillcolor": _quote(CLIENT_COLOUR if node.lead else UNOWNED_COLOUR),
        "URL": _quote(reverse("client", args=[node.client.slug])),
    }
    if picture is not None and node.others:
        names = [
            f"{other.area.name} ({number(places)})"
            for other_id, places in node.others.items()
            if (other := picture.area(other_id)) is not None
        ]
        lines.append(_("även från: %(areas)s") % {"areas": ", ".join(names)})
        attrs |= {
            "style": '"rounded,filled,dashed"',
            "color": _quote(CROSS_COLOUR),
            "penwidth": "1.5",
        }
    label = _label(*lines)
    return f"  client{node.client.pk} " + _attrs(label=label, tooltip=label, **attrs) + ";"


def _cross_edge(source: str, target: str, places: int, *, both: bool = False) -> str:
    """Work-group places across areas, dashed; ``both``: the places two areas share, either
    way (one line instead of two that would overlap)."""
    label = _places(places)
    return (
        f"  {source} -> {target} "
        + _attrs(
            dir="none" if both else "forward",
            style="dashed",
            color=_quote(CROSS_COLOUR),
            fontcolor=_quote(CROSS_COLOUR),
            label=_quote(label),
            tooltip=_quote(_("Arbetsgrupp över områdesgränsen: %(places)s") % {"places": label}),
            constraint="false",
        )
        + ";"
    )


def _clients_block(
    area_pk: int, clients: list[ClientNode], picture: OrgPicture | None = None
) -> list[str]:
    """An area's clients in a box of their own, in columns of ``COLUMN_ROWS`` (invisible
    edges place each column to the right of the one before), one arrow from the area to
    the box."""
    if not clients:
        return []
    ids = [f"client{c.client.pk}" for c in clients]
    lines = [
        f"  subgraph cluster_area{area_pk} {{",
        '  style="rounded,filled"; fillcolor="#f3f6fa"; color="#c5d3e3"; label="";',
        *(_client_node(c, picture) for c in clients),
        *(
            f"  {ids[i - COLUMN_ROWS]} -> {ids[i]} [style=invis];"
            for i in range(COLUMN_ROWS, len(ids))
        ),
        "  }",
        f"  area{area_pk} -> {ids[0]} [lhead=cluster_area{area_pk}];",
        *(f"  area{area_pk} -> {ident} [style=invis];" for ident in ids[1:COLUMN_ROWS]),
    ]
    return lines


def size(picture: OrgPicture) -> str:
    """``detail``, ``areas`` or ``list``: how the whole organisation is drawn."""
    if len(picture.areas) + len(picture.clients) <= DETAIL_LIMIT:
        return "detail"
    if len(picture.areas) <= AREA_LIMIT:
        return "areas"
    return "list"


def _area_link(node: AreaNode, picture: OrgPicture) -> str:
    return reverse("area-picture", args=[node.area.slug]) + f"?datum={picture.at.isoformat()}"


def org_dot(picture: OrgPicture) -> str:
    """The whole organisation: every client under its area when it fits (a client whose
    work group reaches into other areas names them), else the areas with their counts; in
    both, the work groups areas share as dashed edges between the areas, with the places."""
    detail = size(picture) == "detail"
    title = _("%(org)s den %(date)s") % {
        "org": picture.organisation.name,
        "date": long_date(picture.at),
    }
    lines = [*_head(title), _ceo_node(picture)]
    for node in picture.areas:
        lines.append(_area_node(node, counts=not detail, link=_area_link(node, picture)))
        lines.append(f"  ceo -> area{node.area.pk};")
        if detail:
            lines += _clients_block(node.area.pk, node.clients, picture)
    if detail:
        for client in picture.unplaced:
            lines.append(_client_node(client, picture))
            lines.append(f"  ceo -> client{client.client.pk} [style=dotted];")
    shared: Counter[tuple[int, int]] = Counter()
    for (home, other), places in picture.crossings().items():
        shared[(min(home, other), max(home, other))] += places
    for (one, two), places in sorted(shared.items()):
        lines.append(_cross_edge(f"area{one}", f"area{two}", places, both=True))
    lines.append("}")
    return "\n".join(lines)


def area_dot(picture: OrgPicture, node: AreaNode) -> str:
    """One area: the CEO above it, its manager, the clients led from it with their leads
    (the first ``AREA_CLIENT_LIMIT``, the rest counted), and the other areas its work
    groups reach into or that reach into it."""
    title = _("%(area)s den %(date)s") % {"area": node.area.name, "date": long_date(picture.at)}
    lines = [*_head(title), _ceo_node(picture)]
    lines.append(_area_node(node, counts=True, link=reverse("area", args=[node.area.slug])))
    lines.append(f"  ceo -> area{node.area.pk};")
    shown = node.clients[:AREA_CLIENT_LIMIT]
    lines += _clients_block(node.area.pk, shown)
    rest = len(node.clients) - len(shown)
    if rest:
        more = _label(_("och %(clients)s till") % {"clients": _clients(rest)})
        lines.append(f"  more {_attrs(label=more, style='dashed')};")
        lines.append(f"  area{node.area.pk} -> more;")
    drawn = {c.client.pk for c in shown}
    outgoing: Counter[int] = Counter()
    for client in node.clients:
        for other, places in client.others.items():
            if client.client.pk in drawn:
                lines.append(_cross_edge(f"client{client.client.pk}", f"area{other}", places))
            else:
                outgoing[other] += places
    incoming: Counter[int] = Counter()
    for (home, other), places in picture.crossings().items():
        if other == node.area.pk and home != node.area.pk:
            incoming[home] += places
    for other, places in sorted(outgoing.items()):
        lines.append(_cross_edge("more", f"area{other}", places))
    for home, places in sorted(incoming.items()):
        lines.append(_cross_edge(f"area{home}", f"area{node.area.pk}", places))
    for other_id in sorted(
        {o for c in node.clients for o in c.others} | set(incoming) | set(outgoing)
    ):
        neighbour = picture.area(other_id)
        if neighbour is not None:
            lines.append(_area_node(neighbour, counts=False, link=_area_link(neighbour, picture)))
    lines.append("}")
    return "\n".join(lines)


def render_svg(source: str) -> str:
    """``dot -Tsvg`` of the DOT text: the SVG element alone (no XML prolog), ready to put in
    a page. Raises PictureError when Graphviz is missing, fails or runs out of time."""
    dot = shutil.which("dot")
    if dot is None:
        raise PictureError(_("Graphviz (programmet dot) saknas på servern."))
    try:
        done = subprocess.run(
            [dot, "-Tsvg"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=DOT_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise PictureError(_("Graphviz hann inte rita bilden.")) from exc
    if done.returncode != 0:
        raise PictureError(
            _("Graphviz kunde inte rita bilden: %(error)s")
            % {"error": done.stderr.decode("utf-8", "replace").strip()[:300]}
        )
    svg = done.stdout.decode("utf-8")
    return svg[svg.index("<svg") :]


def inline(svg: str, described_by: str, label: str) -> SafeString:
    """The SVG for a page: an image for screen readers named ``label`` and described by the
    element ``described_by`` (the list that says the same). Graphviz's own width and height
    stay: the stylesheet keeps that size as a maximum and scales it down to the page's width
    (no style attribute, which the Content-Security-Policy would refuse)."""
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" class="org-picture" aria-label="{escape(label)}" '
        f'aria-describedby="{described_by}" ',
        1,
    )
    return mark_safe(svg)  # Graphviz escapes every label it writes into the SVG
