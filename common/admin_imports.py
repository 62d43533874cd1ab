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

from common import column_mapping
from common.exports import template_response
from common.imports import ImportRejected
from common.models import ImportMapping
from common.spreadsheets import (
    MAX_BYTES,
    SpreadsheetError,
    discard_staged,
    load_staged,
    stage_upload,
)

MAPPINGS_KEY = "import_mappings"  # {token: Mapping.as_dict()} chosen on the mapping step

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


class MappingForm(forms.Form):
    """The mapping step: a field (or "not imported") for every column of the file, a choice for
    every value of a choice column that is not written as one, and the word of staff that the
    columns pointed out are not wanted. Plain form, no JavaScript."""

    accept_unmapped = forms.BooleanField(
        required=False,
        label=gettext_lazy("Kolom bertanda memang tidak perlu diimpor"),
    )

    def __init__(self, *args, mapping, targets, labels, choices, required, **kwargs):
        super().__init__(*args, **kwargs)
        self.mapping, self.labels, self.required = mapping, labels, required
        options = [("", _("— tidak diimpor —"))] + [(name, str(label)) for name, label in targets]
        self.column_rows = []
        for column in mapping.columns:
            if not column.heading and not column.samples:
                continue
            name = f"column_{column.position}"
            self.fields[name] = forms.ChoiceField(
                choices=options, required=False, initial=column.field, label=column.heading or "—"
            )
            self.column_rows.append((column, name))
        self.value_rows = []
        for field_name, values in mapping.unmatched.items():
            options = [("", _("— biarkan (baris ditandai galat) —"))] + [
                (code, str(label)) for code, label in choices[field_name].choices
            ]
            for number, (text, key, suggestion, _answered) in enumerate(values):
                name = f"value_{field_name}_{number}"
                self.fields[name] = forms.ChoiceField(choices=options, required=False, initial=suggestion, label=text)
                self.value_rows.append((field_name, text, key, name))
        self.fields["accept_unmapped"].initial = mapping.accept_unmapped

    def clean(self):
        cleaned = super().clean()
        seen = {}
        for column, name in self.column_rows:
            chosen = cleaned.get(name) or ""
            if chosen and chosen in seen:
                raise forms.ValidationError(
                    _("Kolom %(first)s dan %(second)s dipetakan ke isian yang sama; pilih satu saja.")
                    % {"first": seen[chosen], "second": column.heading}
                )
            seen[chosen] = column.heading
        chosen = self.chosen()
        unmapped = [column for column in self.mapping.columns if not chosen["columns"].get(str(column.position))]
        trial = column_mapping.Mapping(
            columns=[
                column_mapping.Column(
                    position=column.position,
                    heading=column.heading,
                    samples=[],
                    field=chosen["columns"].get(str(column.position), ""),
                )
                for column in self.mapping.columns
            ]
        )
        missing = column_mapping.missing_required(trial, self.required)
        if missing:
            raise forms.ValidationError(
                _("Kolom wajib %(missing)s belum dipetakan; pilih kolom berkas yang mengisinya.")
                % {"missing": ", ".join(str(self.labels[name]) for name in self.labels if name in missing)}
            )
        suspicious = [column.heading for column in unmapped if column.looks_like]
        if suspicious and not cleaned.get("accept_unmapped"):
            raise forms.ValidationError(
                _(
                    "Kolom %(columns)s tampak berisi data yang disimpan portal tetapi tidak diimpor; petakan "
                    "kolomnya, atau centang “Kolom bertanda memang tidak perlu diimpor”."
                )
                % {"columns": ", ".join(suspicious)}
            )
        return cleaned

    def columns_bound(self):
        return [(column, self[name]) for column, name in self.column_rows]

    def values_bound(self):
        return [
            (self.labels.get(field_name, field_name), text, self[name])
            for field_name, text, _key, name in self.value_rows
        ]

    def chosen(self):
        """The mapping as staff chose it, in the shape of Mapping.as_dict()."""
        data = getattr(self, "cleaned_data", {})
        values = {name: dict(answers) for name, answers in self.mapping.values.items()}
        for field_name, _text, key, name in self.value_rows:
            values.setdefault(field_name, {})[key] = data.get(name) or ""
        return {
            "columns": {str(column.position): data.get(name) or "" for column, name in self.column_rows},
            "values": values,
            "accept_unmapped": bool(data.get("accept_unmapped")),
        }


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
    permissions = ()
    choices = {}  # {field: column_mapping.ChoiceSet}: the choice columns, read in everyday words
    skipped_headings = ()  # headings known to fill nothing (a column of our own export)
    upload_template = "admin/common/import_upload.html"
    mapping_template = "admin/common/import_mapping.html"
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

    def place_names(self):
        """Lower-case desa names, to point out an unmapped column of them."""
        return frozenset()

    def targets(self):
        """[(field, label)] a column may fill, the combined ones included."""
        combined = column_mapping.targets(self.fields).keys() - self.fields.keys()
        return [(name, self.labels[name]) for name in self.labels if name in self.fields] + [
            (name, column_mapping.COMBINED_LABELS[name]) for name in column_mapping.COMBINED_FIELDS if name in combined
        ]

    def sheet(self, data, filename):
        return column_mapping.read_sheet(data, filename, fields=self.fields)

    def mapping(self, request, sheet, token=None):
        """The mapping of an upload: as chosen on its mapping step, else as this user last mapped a
        file with these headings, else by the headings recognised."""
        chosen = request.session.get(MAPPINGS_KEY, {}).get(token) if token else None
        if chosen is None:
            remembered = ImportMapping.objects.filter(
                user=request.user, purpose=self.purpose, heading_key=column_mapping.heading_key(sheet.headings)
            ).first()
            chosen = remembered.mapping if remembered else None
        return self.propose(sheet, chosen)

    def propose(self, sheet, chosen=None):
        """The mapping of `sheet`: `chosen` (a Mapping.as_dict()) where it says, else recognised."""
        return column_mapping.propose(
            sheet.headings,
            [cells for _number, cells in sheet.rows],
            fields=self.fields,
            choices=self.choices,
            remembered=chosen,
            place_names=self.place_names(),
            skipped=self.skipped_headings,
        )

    def table(self, sheet, mapping):
        return column_mapping.to_table(mapping, sheet, labels=self.labels, required=self.required)

    def read(self, data, filename):
        """The file through the mapping its headings are recognised by (for code and tests that
        need no mapping step)."""
        sheet = self.sheet(data, filename)
        return self.table(sheet, self.propose(sheet))

    def remember(self, request, sheet, token, mapping):
        staged = request.session.get(MAPPINGS_KEY, {})
        staged[token] = mapping.as_dict()
        request.session[MAPPINGS_KEY] = staged
        ImportMapping.objects.update_or_create(
            user=request.user,
            purpose=self.purpose,
            heading_key=column_mapping.heading_key(sheet.headings),
            defaults={"headings": sheet.headings, "mapping": mapping.as_dict()},
        )

    def forget(self, request, token):
        staged = request.session.get(MAPPINGS_KEY, {})
        if staged.pop(token, None) is not None:
            request.session[MAPPINGS_KEY] = staged
        discard_staged(request, token)

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
                sheet = self.sheet(data, upload.name)
            except SpreadsheetError as error:
                form.add_error("file", error.message)
            else:
                token = stage_upload(request, data=data, filename=upload.name, purpose=self.purpose_for(target))
                # Straight to the preview only when every column is known (recognised, or mapped the
                # same way before) and every choice value is written as a choice.
                mapping = self.mapping(request, sheet)
                if mapping.needs_attention(self.required):
                    return redirect(self.urls(target)["mapping"](token))
                try:
                    self.table(sheet, mapping)
                except SpreadsheetError as error:
                    self.forget(request, token)
                    form.add_error("file", error.message)
                else:
                    return redirect(self.urls(target)["preview"](token))
        return self.render(request, self.upload_template, target, form=form)

    def mapping_view(self, request, token, **kwargs):
        self.check(request)
        target = self.target(request, **kwargs)
        urls = self.urls(target)
        try:
            data, filename = load_staged(request, token, purpose=self.purpose_for(target))
            sheet = self.sheet(data, filename)
        except SpreadsheetError as error:
            messages.error(request, error.message)
            return redirect(urls["upload"])
        mapping = self.mapping(request, sheet, token)
        options = {"targets": self.targets(), "labels": self.labels, "choices": self.choices, "required": self.required}
        form = MappingForm(request.POST or None, mapping=mapping, **options)
        if request.method == "POST" and form.is_valid():
            mapping = self.propose(sheet, form.chosen())
            shown = {(field_name, key) for field_name, _text, key, _name in form.value_rows}
            new_values = [
                key
                for name, values in mapping.unmatched.items()
                for _text, key, *_rest in values
                if (name, key) not in shown
            ]
            self.remember(request, sheet, token, mapping)
            if new_values:
                # A column newly mapped to a choice field brought values to look at first.
                messages.info(request, _("Kolom yang baru dipetakan berisi nilai yang perlu dipilih padanannya."))
                form = MappingForm(mapping=mapping, **options)
            else:
                return redirect(urls["preview"](token))
        missing = column_mapping.missing_required(mapping, self.required)
        return self.render(
            request,
            self.mapping_template,
            target,
            form=form,
            mapping=mapping,
            filename=filename,
            token=token,
            missing_required=[self.labels[name] for name in self.labels if name in missing],
        )

    def preview_view(self, request, token, **kwargs):
        self.check(request)
        target = self.target(request, **kwargs)
        if request.method == "POST" and "cancel" in request.POST:
            self.forget(request, token)
            messages.info(request, _("Impor dibatalkan; salinan berkas di server sudah dihapus."))
            return redirect(self.urls(target)["upload"])
        try:
            data, filename = load_staged(request, token, purpose=self.purpose_for(target))
            sheet = self.sheet(data, filename)
        except SpreadsheetError as error:
            messages.error(request, error.message)
            return redirect(self.urls(target)["upload"])
        mapping = self.mapping(request, sheet, token)
        try:
            table = self.table(sheet, mapping)
        except SpreadsheetError as error:
            messages.error(request, error.message)
            return redirect(self.urls(target)["mapping"](token))
        if request.method == "POST" and mapping.blocking:
            messages.error(request, _("Ada kolom berisi data yang belum dipetakan; periksa pemetaan kolom dulu."))
            return redirect(self.urls(target)["mapping"](token))
        if request.method == "POST":
            try:
                plan = self.save(target, table, user=request.user, source=filename)
            except ImportRejected as rejected:
                messages.error(request, rejected.message or _("Berkas masih berisi galat; tidak ada yang disimpan."))
                plan = rejected.plan
            else:
                self.forget(request, token)
                self.log(request, target, filename, plan, mapping)
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
            mapping=mapping,
            mapping_url=self.urls(target)["mapping"](token),
            column_counts=[
                (column, self.target_label(column.field), count)
                for column, count in column_mapping.value_counts(mapping, table)
            ],
        )

    def target_label(self, name):
        return dict(self.targets()).get(name, name)

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

    def log(self, request, target, filename, plan, mapping=None):
        if target is None:
            return
        message = _("Impor dari %(file)s: %(rows)s baris.") % {"file": filename, "rows": len(plan.rows)}
        if mapping is not None:
            message += " " + self.mapping_summary(mapping)
        LogEntry.objects.log_actions(
            user_id=request.user.pk,
            queryset=[target],
            action_flag=CHANGE,
            change_message=message[:4000],
            single_object=True,
        )

    def mapping_summary(self, mapping):
        """'Kolom: NAMA → Nama lengkap; HP → Nomor telepon; KET → tidak diimpor.' for the log."""
        parts = [
            f"{column.heading} → {self.target_label(column.field) if column.field else _('tidak diimpor')}"
            for column in mapping.columns
            if column.heading
        ]
        for name, values in mapping.values.items():
            parts += [f"{name} “{key}” → {code}" for key, code in values.items() if code]
        return _("Pemetaan: %(mapping)s.") % {"mapping": "; ".join(parts)}

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
