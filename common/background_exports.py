"""Exports too large for a request, built by a worker process.

An export of more than BACKGROUND_EXPORT_ROWS rows (20,000 unless configured; 0 = never) is not
streamed from the request: `export_response` records it in the ExportLog as usual, stores what to
export in a BackgroundExport (the definition's name and the queryset's pickled Query, Django's
documented way to keep a query), enqueues `build_export` on the task queue (django-tasks, whose
database backend needs no other service: `manage.py db_worker` runs the worker, on the same
machine or any other), and sends the user to a page that shows the progress. The worker writes
the file into the database in pieces of about 1 MB, so any app server can hand it out; the
download link answers only the user who asked for the export (anyone else gets 404), and only
while they may still export.
"""

import pickle

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django_tasks import task

from common.exports import DEFINITIONS, can_export, file_chunks

CHUNK_BYTES = 1024 * 1024
PROGRESS_EVERY = 2000


def wanted(queryset):
    """True when `queryset` has more rows than a request should stream (one COUNT query)."""
    threshold = settings.BACKGROUND_EXPORT_ROWS
    return bool(threshold) and queryset.count() > threshold


def enqueue(*, user, definition, queryset, log, personal, filename, title_lines=()):
    """Record the export to build and queue it (after the transaction commits); returns the
    redirect to its progress page."""
    from common.models import BackgroundExport

    export = BackgroundExport.objects.create(
        user=user,
        log=log,
        definition=definition.name,
        query=pickle.dumps(queryset.query),
        personal=personal,
        rows_total=queryset.count(),
        filename=filename,
        title_lines=[str(line) for line in title_lines],
    )
    transaction.on_commit(lambda: build_export.enqueue(str(export.pk)))
    return HttpResponseRedirect(reverse("background_export", args=[export.pk]))


def _definition(name):
    if name not in DEFINITIONS:  # a worker may not have loaded the apps' exports yet
        autodiscover_modules("exports")
    return DEFINITIONS[name]


class _Progress:
    """Passes the rows on, writing how many are done every PROGRESS_EVERY rows."""

    def __init__(self, rows, export):
        self.rows, self.export, self.count = rows, export, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            if self.count % PROGRESS_EVERY == 0:
                type(self.export).objects.filter(pk=self.export.pk).update(rows_written=self.count)
            yield row


@task()
def build_export(export_id):
    """Run by the worker: write the export's file into the database and mark it done."""
    from common.models import BackgroundExport, BackgroundExportChunk, ExportLog

    claimed = BackgroundExport.objects.filter(pk=export_id, status=BackgroundExport.Status.QUEUED).update(
        status=BackgroundExport.Status.RUNNING
    )
    if not claimed:
        return  # already built, or being built by another worker
    export = BackgroundExport.objects.select_related("log").get(pk=export_id)
    definition = _definition(export.definition)
    queryset = definition.model._default_manager.all()
    queryset.query = pickle.loads(export.query)  # written by enqueue() above, never by a user
    columns = definition.columns_for(personal=export.personal)
    rows = _Progress(definition.rows(queryset, columns), export)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            chunks, _content_type = file_chunks(
                export.log.file_format, definition, columns, rows, title_lines=export.title_lines
            )
            buffer, number, size = bytearray(), 0, 0
            for piece in chunks:
                buffer += piece.encode("utf-8") if isinstance(piece, str) else piece
                if len(buffer) >= CHUNK_BYTES:
                    BackgroundExportChunk.objects.create(export=export, number=number, data=bytes(buffer))
                    number, size, buffer = number + 1, size + len(buffer), bytearray()
            if buffer:
                BackgroundExportChunk.objects.create(export=export, number=number, data=bytes(buffer))
                size += len(buffer)
    except Exception:
        BackgroundExport.objects.filter(pk=export.pk).update(
            status=BackgroundExport.Status.FAILED, rows_written=rows.count, finished_at=timezone.now()
        )
        ExportLog.objects.filter(pk=export.log_id).update(row_count=rows.count, finished=False)
        raise
    BackgroundExport.objects.filter(pk=export.pk).update(
        status=BackgroundExport.Status.DONE, rows_written=rows.count, size=size, finished_at=timezone.now()
    )
    ExportLog.objects.filter(pk=export.log_id).update(row_count=rows.count, finished=True)


def _own_export(request, export_id):
    """The export, if it is this user's and they may still export; else 404 (never "it exists")."""
    from common.models import BackgroundExport

    export = BackgroundExport.objects.filter(pk=export_id, user=request.user).select_related("log").first()
    if export is None:
        raise Http404
    if not can_export(request.user):
        raise PermissionDenied(_("Anda tidak berhak mengekspor daftar."))
    return export


@staff_member_required
def status_view(request, export_id):
    export = _own_export(request, export_id)
    from django.contrib import admin

    context = {
        **admin.site.each_context(request),
        "export": export,
        "done": export.status == export.Status.DONE,
        "waiting": export.status in {export.Status.QUEUED, export.Status.RUNNING},
        "percent": min(100, round(100 * export.rows_written / export.rows_total)) if export.rows_total else 0,
        "title": _("Ekspor %(what)s") % {"what": export.log.description},
    }
    response = render(request, "admin/common/background_export.html", context)
    response["Cache-Control"] = "no-store"
    return response


@staff_member_required
def download_view(request, export_id):
    export = _own_export(request, export_id)
    if export.status != export.Status.DONE:
        return HttpResponseRedirect(reverse("background_export", args=[export.pk]))
    chunks = export.chunks.order_by("number").values_list("data", flat=True).iterator(chunk_size=1)
    content_type = (
        "text/csv; charset=utf-8"
        if export.log.file_format == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = StreamingHttpResponse((bytes(data) for data in chunks), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Content-Length"] = str(export.size)
    response["Cache-Control"] = "no-store"
    return response
