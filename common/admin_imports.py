"""Import screens in the admin: upload -> preview -> confirm, and the template download.

`ImportFlow` is the machinery; each domain app subclasses it to say what is imported where
(`enterprises.admin_views.EnterpriseImportFlow`, `programs.admin_views.ParticipantImportFlow`).
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.exports import template_response
from common.imports import ImportRejected
from common.spreadsheets import (
    DATE_ORDERS,
    MAX_BYTES,
    SpreadsheetError,
    discard_staged,
    load_staged,
    read_table,
    stage_upload,
)

DATE_ORDER_PARAMETER = "urutan_tanggal"
IDENTIFIER_FIELDS = {"nik", "phone", "nib", "nik_koperasi", "pirt_number", "halal_certificate_number"}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas daftar (CSV atau XLSX)"),
        help_text=gettext_lazy("Paling besar 5 MB. Baris judul memakai nama kolom seperti pada templat."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_too_big())
        return upload


def _too_big():
    return _("Berkas terlalu besar; batasnya %(limit)s MB, bagi daftar menjadi beberapa berkas.") % {
        "limit": MAX_BYTES // 1024 // 1024
    }


def _content_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class ImportFlow:
    """One kind of import in the admin. Subclasses say what is imported where."""

    purpose = ""
    fields = {}
    required = set()
    labels = {}
    template = []  # [(field, example value)]
    dates = ()  # the date fields: read in the file's order of day and month, asked when unclear
    permissions = ()
    upload_template = "admin/common/import_upload.html"
    preview_template = "admin/common/import_preview.html"

    def __init__(self, modeladmin):
        self.modeladmin = modeladmin

    # What subclasses fill in.
    def target(self, request, **kwargs):
        return None

    def title(self, target):
        raise NotImplementedError

    def plan(self, target, table):
        raise NotImplementedError

    def save(self, target, table, *, user, source):
        """Write the rows; `user` (who confirmed) and `source` (the file name) go into the
        history rows of what is written."""
        raise NotImplementedError

    def done_url(self, target):
        raise NotImplementedError

    def urls(self, target):
        raise NotImplementedError

    # The views.
    def check(self, request):
        if not request.user.has_perms(self.permissions):
            raise PermissionDenied

    def read(self, data, filename, date_order=None):
        return read_table(
            data,
            filename,
            fields=self.fields,
            required=self.required,
            labels=self.labels,
            dates=self.dates,
            date_order=date_order,
        )

    def upload_view(self, request, **kwargs):
        self.check(request)
        target = self.target(request, **kwargs)
        if request.method == "POST" and _content_length(request) > MAX_BYTES + 64 * 1024:
            # Refused before the body is read, so a huge upload costs nothing.
            form = UploadForm()
            form.errors["file"] = form.error_class([_too_big()])
            return self.render(request, self.upload_template, target, form=form)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            try:
                self.read(data, upload.name)
            except SpreadsheetError as error:
                form.add_error("file", error.message)
            else:
                token = stage_upload(request, data=data, filename=upload.name, purpose=self.purpose_for(target))
                return redirect(self.urls(target)["preview"](token))
        return self.render(request, self.upload_template, target, form=form)

    def preview_view(self, request, token, **kwargs):
        self.check(request)
        target = self.target(request, **kwargs)
        if request.method == "POST" and "cancel" in request.POST:
            discard_staged(request, token)
            messages.info(request, _("Impor dibatalkan; salinan berkas di server sudah dihapus."))
            return redirect(self.urls(target)["upload"])
        # The order of day and month the user chose when the file's own dates could not tell it.
        date_order = request.POST.get(DATE_ORDER_PARAMETER) or request.GET.get(DATE_ORDER_PARAMETER)
        date_order = date_order if date_order in DATE_ORDERS else None
        try:
            data, filename = load_staged(request, token, purpose=self.purpose_for(target))
            table = self.read(data, filename, date_order=date_order)
        except SpreadsheetError as error:
            messages.error(request, error.message)
            return redirect(self.urls(target)["upload"])
        if request.method == "POST":
            try:
                plan = self.save(target, table, user=request.user, source=filename)
            except ImportRejected as rejected:
                messages.error(request, rejected.message or _("Berkas masih berisi galat; tidak ada yang disimpan."))
                plan = rejected.plan
            else:
                discard_staged(request, token)
                self.log(request, target, filename, plan)
                summary = "; ".join(f"{label}: {count}" for label, count in plan.counts())
                messages.success(request, _("Impor selesai (%(summary)s).") % {"summary": summary})
                return redirect(self.done_url(target))
        else:
            plan = self.plan(target, table)
        return self.render(
            request,
            self.preview_template,
            target,
            plan=plan,
            filename=filename,
            token=token,
            table=table,
            date_order=date_order,
            date_order_parameter=DATE_ORDER_PARAMETER,
            date_order_asked=date_order is not None or table.ambiguous_dates > 0,
        )

    def template_view(self, request, file_format, **kwargs):
        self.check(request)
        if file_format not in ("csv", "xlsx"):
            raise Http404
        names = [name for name, _example in self.template]
        return template_response(
            name=self.purpose.split(":")[0],
            headings=[self.labels[name] for name in names],
            example=[example for _name, example in self.template],
            identifier_flags=[name in IDENTIFIER_FIELDS for name in names],
            file_format=file_format,
        )

    def purpose_for(self, target):
        return f"{self.purpose}:{target.pk}" if target is not None else self.purpose

    def log(self, request, target, filename, plan):
        if target is None:
            return
        LogEntry.objects.log_actions(
            user_id=request.user.pk,
            queryset=[target],
            action_flag=CHANGE,
            change_message=_("Impor dari %(file)s: %(rows)s baris.") % {"file": filename, "rows": len(plan.rows)},
            single_object=True,
        )

    def render(self, request, template, target, **context):
        opts = self.modeladmin.model._meta
        return TemplateResponse(
            request,
            template,
            {
                **self.modeladmin.admin_site.each_context(request),
                "opts": opts,
                "title": self.title(target),
                "target": target,
                "urls": self.urls(target),
                "max_megabytes": MAX_BYTES // 1024 // 1024,
                "template_columns": [self.labels[name] for name, _example in self.template],
                "required_columns": [self.labels[name] for name, _example in self.template if name in self.required],
                **context,
            },
        )
