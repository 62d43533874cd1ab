"""The public application form and the status check form.

Works without JavaScript: the desa list is grouped by kecamatan, narrowed to the chosen kecamatan
whenever the form comes back from the server (the "Tampilkan desa" button or an error), and
checked on the server to lie in that kecamatan.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import DayMonthYearField
from enterprises.models import Sector, Sex, validate_nib, validate_phone
from enterprises.rules import clean_nik, validate_nik
from programs.models import TurnoverBand
from programs.rules import normalise_reference_code
from programs.services import Application
from regions.models import Desa, Kecamatan, validate_desa_in_kecamatan

MIN_AGE = 15
MAX_AGE = 100


def _required(message):
    return {"required": message}


class ApplicationForm(forms.Form):
    required_css_class = "required"  # labels of required fields are marked (templates: portal.css)
    full_name = forms.CharField(
        label=_("Nama lengkap"),
        max_length=150,
        help_text=_("Sesuai KTP."),
        error_messages={**_required(_("Isi nama lengkap Anda.")), "max_length": _("Nama paling panjang 150 huruf.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    nik = forms.CharField(
        label=_("NIK"),
        help_text=_("16 digit angka, sesuai KTP. Tidak pernah ditampilkan di halaman publik."),
        error_messages=_required(_("Isi NIK Anda (16 digit).")),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    sex = forms.ChoiceField(
        label=_("Jenis kelamin"),
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages={**_required(_("Pilih jenis kelamin.")), "invalid_choice": _("Pilih jenis kelamin.")},
    )
    birth_date = DayMonthYearField(
        autocomplete="bday",
        label=_("Tanggal lahir"),
        help_text=_("Tanggal/bulan/tahun, misalnya 31/12/1980."),
        error_messages={
            **_required(_("Isi tanggal lahir Anda.")),
            "invalid": _("Tanggal lahir tidak terbaca; tulis tanggal/bulan/tahun seperti 31/12/1980."),
        },
    )
    phone = forms.CharField(
        label=_("Nomor telepon/WhatsApp"),
        max_length=20,
        validators=[validate_phone],
        error_messages={
            **_required(_("Isi nomor telepon yang bisa dihubungi.")),
            "max_length": _("Nomor telepon paling panjang 20 karakter."),
        },
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail (bila ada)"),
        required=False,
        max_length=254,
        help_text=_("Kode referensi kami kirim ke sini, dan bisa dikirim ulang bila hilang."),
        error_messages={"invalid": _("Alamat e-mail tidak terbaca; tulis seperti nama@contoh.com.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan tempat tinggal"),
        queryset=Kecamatan.objects.none(),
        empty_label=_("— pilih kecamatan —"),
        error_messages={
            **_required(_("Pilih kecamatan tempat tinggal Anda.")),
            "invalid_choice": _("Pilih kecamatan dari daftar."),
        },
    )
    desa = forms.ChoiceField(
        label=_("Desa/kelurahan"),
        error_messages={
            **_required(_("Pilih desa/kelurahan tempat tinggal Anda.")),
            "invalid_choice": _("Pilih desa/kelurahan dari daftar."),
        },
    )
    enterprise_name = forms.CharField(
        label=_("Nama usaha"),
        max_length=200,
        error_messages={
            **_required(_("Isi nama usaha Anda.")),
            "max_length": _("Nama usaha paling panjang 200 huruf."),
        },
    )
    sector = forms.ChoiceField(
        label=_("Sektor usaha"),
        choices=[("", _("— pilih sektor —")), *Sector.choices],
        error_messages={**_required(_("Pilih sektor usaha.")), "invalid_choice": _("Pilih sektor dari daftar.")},
    )
    products = forms.CharField(
        label=_("Produk atau jasa"),
        max_length=500,
        help_text=_("Apa yang Anda buat atau jual, misalnya: emping melinjo, keripik singkong."),
        error_messages={
            **_required(_("Sebutkan produk atau jasa usaha Anda.")),
            "max_length": _("Tulis produk paling panjang 500 karakter."),
        },
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    nib = forms.CharField(
        label=_("NIB (bila ada)"),
        required=False,
        help_text=_("Nomor Induk Berusaha dari OSS, 13 digit. Kosongkan bila belum punya."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    turnover_band = forms.ChoiceField(
        label=_("Omzet setahun"),
        choices=[("", _("— pilih kisaran omzet —")), *TurnoverBand.choices],
        error_messages={
            **_required(_("Pilih kisaran omzet setahun.")),
            "invalid_choice": _("Pilih kisaran omzet dari daftar."),
        },
    )
    motivation = forms.CharField(
        label=_("Motivasi singkat"),
        min_length=20,
        max_length=1000,
        help_text=_("Mengapa Anda ingin ikut pelatihan ini? Dua atau tiga kalimat cukup."),
        error_messages={
            **_required(_("Tuliskan motivasi Anda mengikuti pelatihan ini.")),
            "min_length": _("Ceritakan sedikit lebih panjang (paling sedikit 20 karakter)."),
            "max_length": _("Motivasi paling panjang 1.000 karakter."),
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label=_("Saya menyetujui pemrosesan data pribadi saya untuk seleksi dan pembinaan pelatihan ini."),
        error_messages=_required(_("Pendaftaran hanya dapat diproses bila Anda menyetujui pemrosesan data pribadi.")),
    )
    # Honeypot: hidden from people by CSS; automated form fillers tend to fill every field.
    website = forms.CharField(
        label=_("Kosongkan kolom ini"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        district = Kecamatan.objects.of_portal_district()
        self.fields["kecamatan"].queryset = district
        self.fields["desa"].choices = self._desa_choices(district)

    def _desa_choices(self, district):
        """Only the chosen kecamatan's desa once a kecamatan came with the form; otherwise all
        desa of the district, grouped by kecamatan."""
        chosen = self.data.get(self.add_prefix("kecamatan")) if self.is_bound else self.initial.get("kecamatan")
        desa = (
            Desa.objects.filter(kecamatan__in=district).select_related("kecamatan").order_by("kecamatan__name", "name")
        )
        if chosen and district.filter(pk=chosen).exists():
            return [("", _("— pilih desa/kelurahan —")), *((d.code, d.name) for d in desa.filter(kecamatan_id=chosen))]
        groups = {}
        for d in desa:
            groups.setdefault(d.kecamatan.name, []).append((d.code, d.name))
        return [("", _("— pilih desa/kelurahan —")), *groups.items()]

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not any(ch.isalpha() for ch in name):
            raise ValidationError(_("Nama harus berisi huruf."), code="name_letters")
        return name

    def clean_nik(self):
        nik = clean_nik(self.cleaned_data["nik"])
        validate_nik(nik)
        return nik

    def clean_birth_date(self):
        born = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if born >= today:
            raise ValidationError(_("Tanggal lahir harus sebelum hari ini."), code="birth_future")
        if born < _years_before(today, MAX_AGE):
            raise ValidationError(
                _("Periksa tahun lahir: lebih dari %(max)s tahun yang lalu."), code="too_old", params={"max": MAX_AGE}
            )
        if born > _years_before(today, MIN_AGE):
            raise ValidationError(
                _("Pendaftar pelatihan paling muda berumur %(min)s tahun."), code="too_young", params={"min": MIN_AGE}
            )
        return born

    def clean_phone(self):
        return self.cleaned_data["phone"].strip()

    def clean_enterprise_name(self):
        return " ".join(self.cleaned_data["enterprise_name"].split())

    def clean_nib(self):
        nib = "".join(self.cleaned_data["nib"].split())
        if nib:
            validate_nib(nib)
        return nib or None

    def clean_motivation(self):
        return self.cleaned_data["motivation"].strip()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(_("Formulir ini tidak dapat diproses. Muat ulang halaman lalu isi kembali."))
        kecamatan = cleaned.get("kecamatan")
        try:
            validate_desa_in_kecamatan(cleaned.get("desa"), kecamatan.code if kecamatan else None)
        except ValidationError as error:
            self.add_error(None, error)  # names the desa field
        return cleaned

    def to_application(self):
        data = self.cleaned_data
        return Application(
            full_name=data["full_name"],
            nik=data["nik"],
            sex=data["sex"],
            birth_date=data["birth_date"],
            phone=data["phone"],
            kecamatan_id=data["kecamatan"].code,
            desa_id=data["desa"],
            enterprise_name=data["enterprise_name"],
            sector=data["sector"],
            products=data["products"].strip(),
            nib=data["nib"],
            turnover_band=data["turnover_band"],
            motivation=data["motivation"],
            consent=data["consent"],
            email=data.get("email") or "",
        )


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class StatusCheckForm(forms.Form):
    required_css_class = "required"
    reference_code = forms.CharField(
        label=_("Kode referensi"),
        max_length=20,
        help_text=_("Tertera di halaman konfirmasi pendaftaran, misalnya K7QM-3XPA."),
        error_messages=_required(_("Isi kode referensi pendaftaran Anda.")),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    nik = forms.CharField(
        label=_("NIK"),
        max_length=20,
        error_messages=_required(_("Isi NIK yang Anda pakai saat mendaftar.")),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_reference_code(self):
        return normalise_reference_code(self.cleaned_data["reference_code"])

    def clean_nik(self):
        return clean_nik(self.cleaned_data["nik"])


class CodeRecoveryForm(forms.Form):
    """A lost reference code: NIK and birth date together; the code goes to the e-mail on file."""

    required_css_class = "required"
    nik = forms.CharField(
        label=_("NIK"),
        max_length=20,
        error_messages=_required(_("Isi NIK yang Anda pakai saat mendaftar.")),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    birth_date = DayMonthYearField(
        autocomplete="bday",
        label=_("Tanggal lahir"),
        help_text=_("Tanggal/bulan/tahun, misalnya 31/12/1980."),
        error_messages={
            **_required(_("Isi tanggal lahir Anda.")),
            "invalid": _("Tanggal lahir tidak terbaca; tulis tanggal/bulan/tahun seperti 31/12/1980."),
        },
    )

    def clean_nik(self):
        return clean_nik(self.cleaned_data["nik"])
