"""The download links of four pages: the duties, an area's figures and the refused attempts,
as the page shows them to the same viewer on the same day, in the page's language; and the
whole organisation in the import's columns, from the technical administrators' page.

CSV and JSON Lines are streamed as the rows are read (``StreamingHttpResponse``); XLSX is
written row by row into a temporary file (openpyxl's write-only mode) and streamed from it
(``FileResponse``), so no export sits in memory whole. Who may is the page's read rule,
asked by ``exports.lists``; a refusal is the page's 403 naming who may. No rules here.
"""

import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from ansvar.engine.errors import PolicyRefused
from ansvar.engine.reads import may_read
from ansvar.exports import lists
from ansvar.exports import organisation as organisation_export
from ansvar.exports.tables import CONTENT_TYPES, Table, csv_chunks, jsonl_chunks, write_xlsx
from ansvar.org.models import BusinessArea
from ansvar.policy.actions import ActionName
from ansvar.web.links import absolute_duty_urls
from ansvar.web.people import viewer_or_404
from ansvar.web.refused import refused

LISTS = ("csv", "xlsx")
LOGS = ("csv", "xlsx", "jsonl")
VIA = "web export"


def _language(request: HttpRequest) -> str:
    return "en" if getattr(request, "LANGUAGE_CODE", "sv") == "en" else "sv"


def _format(fmt: str, allowed: tuple[str, ...]) -> str:
    if fmt not in allowed:
        raise Http404(_("Det finns ingen sådan filtyp att hämta."))
    return fmt


def download(table: Table, lang: str, fmt: str, stem: str) -> HttpResponseBase:
    """The table as a file named ``stem.fmt``, streamed."""
    filename = f"{stem}.{fmt}"
    if fmt == "xlsx":
        handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
        try:
            write_xlsx(table, lang, handle)
        except BaseException:
            handle.close()
            raise
        handle.seek(0)
        return FileResponse(
            handle, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt]
        )
    chunks = csv_chunks(table, lang) if fmt == "csv" else jsonl_chunks(table)
    response = StreamingHttpResponse(
        (piece.encode("utf-8") for piece in chunks), content_type=CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def duties_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The viewer's duties today, as ``/ataganden/`` lists them."""
    viewer = viewer_or_404(request)
    fmt = _format(fmt, LISTS)
    lang = _language(request)
    at = timezone.localdate()
    table = lists.duty_table(viewer, at, lang, absolute_duty_urls, via=VIA)
    stem = "duties" if lang == "en" else "ataganden"
    return download(table, lang, fmt, f"{stem}-{at.isoformat()}")


@login_required
def area_figures_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    """An area's figures over the months its page shows."""
    viewer = viewer_or_404(request)
    area = BusinessArea.objects.filter(organisation=viewer.organisation, slug=slug).first()
    if area is None:
        raise Http404(_("Det finns inget sådant affärsområde."))
    fmt = _format(fmt, LISTS)
    lang = _language(request)
    at = timezone.localdate()
    try:
        table = lists.area_figures_table(viewer, area, at)
    except PolicyRefused as exc:
        return refused(request, exc.decision, viewer)
    stem = "figures" if lang == "en" else "siffror"
    return download(table, lang, fmt, f"{area.slug}-{stem}-{at.isoformat()}")


@login_required
def refusals_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """Every refused attempt, as ``/beslutslogg/nekade/`` lists them, for the CEO (VD1)."""
    viewer = viewer_or_404(request)
    fmt = _format(fmt, LOGS)
    lang = _language(request)
    try:
        table = lists.refusals_table(viewer, viewer.organisation, via=VIA)
    except PolicyRefused as exc:
        return refused(request, exc.decision, viewer)
    stem = "refused-attempts" if lang == "en" else "nekade-forsok"
    return download(table, lang, fmt, f"{stem}-{timezone.localdate().isoformat()}")


ORGANISATION = {"xlsx": CONTENT_TYPES["xlsx"], "zip": "application/zip"}


@login_required
def organisation_export_view(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The organisation today in the import's sheets and columns (an XLSX workbook or a ZIP
    of CSV files), which re-imports; for the technical administrators (P7), recorded in the
    access log as ``ansvar export`` records it."""
    viewer = viewer_or_404(request)
    if fmt not in ORGANISATION:
        raise Http404(_("Det finns ingen sådan filtyp att hämta."))
    decision = may_read(viewer.organisation, viewer, ActionName.EXPORT_ORGANISATION)
    if not decision.allowed:
        return refused(request, decision, viewer)
    at = timezone.localdate()
    name = f"{viewer.organisation.slug}-{at.isoformat()}.{fmt}"
    # The file is written whole (openpyxl, zipfile) into a folder of its own and sent from
    # an open handle, which stays readable after the folder is removed.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        organisation_export.write(viewer.organisation, at, path, via=VIA, reader=viewer)
        handle = path.open("rb")
    return FileResponse(handle, as_attachment=True, filename=name, content_type=ORGANISATION[fmt])
