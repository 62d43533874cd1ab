"""Public pages for applying to a training and checking an application's status.

Personal data never travels in a URL or comes back on a page: a successful POST redirects to a
confirmation that shows only the reference code, kept for it in the session.
"""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from common.network import client_address
from common.whatsapp import whatsapp_link
from programs import notify, rules, services
from programs.forms import ApplicationForm, CodeRecoveryForm, StatusCheckForm
from programs.models import Participant, Program
from programs.refusals import refused

APPLY_TEMPLATE = "programs/apply.html"
DONE_SESSION_KEY = "programs_application_done"
SHOW_DESA = "show_desa"  # the button that narrows the desa list without JavaScript
NOT_KEPT = {"csrfmiddlewaretoken", "website", SHOW_DESA}

STATUS_EXPLANATIONS = {
    Participant.Status.APPLIED: _("Pendaftaran Anda sudah kami terima dan sedang menunggu seleksi."),
    Participant.Status.SELECTED: _("Selamat, Anda terpilih sebagai peserta. Petugas akan menghubungi Anda."),
    Participant.Status.REJECTED: _(
        "Mohon maaf, Anda belum terpilih untuk pelatihan ini. Silakan mendaftar pada pelatihan berikutnya."
    ),
    Participant.Status.ATTENDED: _("Anda tercatat hadir di pelatihan ini."),
    Participant.Status.COMPLETED: _("Anda telah menyelesaikan pelatihan ini."),
    Participant.Status.DROPPED: _("Anda tercatat mengundurkan diri dari pelatihan ini."),
}


DAY = 24 * 3600
HOUR = 3600

ADDRESS_CEILING = _(
    "Terlalu banyak pengiriman dari jaringan ini dalam satu jam. Isian Anda masih ada di bawah; kirim lagi nanti."
)
TOO_MANY_APPLICATIONS = _("NIK ini sudah dipakai untuk terlalu banyak pendaftaran hari ini.")
STATUS_CEILING = _("Terlalu banyak percobaan dari jaringan ini dalam satu jam.")
STATUS_FAILURES = _("Terlalu banyak percobaan yang tidak cocok untuk kode referensi atau NIK ini.")
RECOVERY_LIMIT = _("Kode untuk NIK ini sudah terlalu sering diminta.")


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request, slug):
    program = get_object_or_404(Program.objects.published(), slug=slug)
    context = {"program": program, "closed": not program.is_registration_open()}
    if context["closed"]:
        context["refused"] = request.method == "POST" and services.RegistrationClosed.message
        return render(request, APPLY_TEMPLATE, context)
    kept = {k: v for k, v in request.POST.items() if k not in NOT_KEPT}
    if request.method == "GET" or SHOW_DESA in request.POST:
        return render(request, APPLY_TEMPLATE, {**context, "form": ApplicationForm(initial=kept)})
    # The address ceiling is counted before any work on the submission and is high enough for a
    # kecamatan office applying for its people from one connection; a refused applicant gets the
    # form back unbound, with what they typed as its initial values.
    if rules.rate_limited(scope="apply", client=client_address(request), limit=settings.APPLICATION_RATE_LIMIT):
        context["form"] = ApplicationForm(initial=kept)
        return refused(request, APPLY_TEMPLATE, context, message=ADDRESS_CEILING, window=HOUR)
    context["form"] = form = ApplicationForm(request.POST)
    if not form.is_valid():
        return render(request, APPLY_TEMPLATE, context)
    # Only successful applications count against a NIK: mistakes cost nothing.
    nik = rules.subject_key(form.cleaned_data["nik"])
    if rules.limit_reached(scope="apply-nik", subject=nik, limit=settings.APPLICATIONS_PER_NIK_PER_DAY, window=DAY):
        return refused(request, APPLY_TEMPLATE, context, message=TOO_MANY_APPLICATIONS, window=DAY)
    try:
        participant = services.apply(program=program, application=form.to_application())
    except services.RegistrationClosed as closing:
        return render(request, APPLY_TEMPLATE, {**context, "closed": True, "refused": closing.message})
    except services.AlreadyApplied:
        participant = None
    emailed = False
    if participant:
        rules.count_attempt(scope="apply-nik", subject=nik, window=DAY)
        emailed = notify.send_reference_code(participant=participant, status_url=_status_url(request))
    request.session[DONE_SESSION_KEY] = {
        "program": program.pk,
        "reference": participant and participant.reference_code,
        "emailed": emailed,
    }
    return redirect("programs:apply_done", slug=program.slug)


def _status_url(request):
    return request.build_absolute_uri(reverse("programs:application_status"))


@never_cache
def apply_done(request, slug):
    program = get_object_or_404(Program.objects.published(), slug=slug)
    done = request.session.get(DONE_SESSION_KEY)
    if not done or done.get("program") != program.pk:
        return redirect("programs:apply", slug=program.slug)
    context = {"program": program, "reference": None, "emailed": done.get("emailed")}
    if done["reference"]:
        context["reference"] = reference = Participant(reference_code=done["reference"]).reference_display
        text = _("Kode referensi pendaftaran %(title)s: %(code)s. Cek status: %(url)s") % {
            "title": program.title,
            "code": reference,
            "url": _status_url(request),
        }
        context["whatsapp_link"] = whatsapp_link(text)
    return render(request, "programs/apply_done.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def application_status(request):
    form = StatusCheckForm(request.POST or None)
    context, template = {"form": form}, "programs/application_status.html"
    if request.method != "POST":
        return render(request, template, context)
    if rules.rate_limited(scope="status", client=client_address(request), limit=settings.STATUS_CHECK_RATE_LIMIT):
        return refused(request, template, context, message=STATUS_CEILING, window=HOUR)
    if not form.is_valid():
        return render(request, template, context)
    # Failed checks are counted per reference code and per NIK: guessing at one code is stopped
    # while every other applicant behind the same address still checks theirs.
    code, nik = (rules.subject_key(form.cleaned_data[name]) for name in ("reference_code", "nik"))
    for scope, subject, limit in (
        ("status-code", code, settings.STATUS_FAILURES_PER_CODE),
        ("status-nik", nik, settings.STATUS_FAILURES_PER_NIK),
    ):
        if rules.limit_reached(scope=scope, subject=subject, limit=limit, window=HOUR):
            return refused(request, template, context, message=STATUS_FAILURES, window=HOUR)
    application = services.find_application(**form.cleaned_data)
    context.update(application=application, not_found=application is None)
    if application:
        context["explanation"] = STATUS_EXPLANATIONS.get(application.status, "")
    else:
        rules.count_attempt(scope="status-code", subject=code, window=HOUR)
        rules.count_attempt(scope="status-nik", subject=nik, window=HOUR)
    return render(request, template, context)


@never_cache
@require_http_methods(["GET", "POST"])
def recover_code(request):
    """A lost reference code, recovered with NIK and birth date: sent to the e-mail on file. The
    page answers the same whatever was found, so it tells a stranger nothing about a NIK."""
    form = CodeRecoveryForm(request.POST or None)
    context, template = {"form": form}, "programs/recover_code.html"
    if request.method != "POST":
        return render(request, template, context)
    if rules.rate_limited(scope="status", client=client_address(request), limit=settings.STATUS_CHECK_RATE_LIMIT):
        return refused(request, template, context, message=STATUS_CEILING, window=HOUR)
    if not form.is_valid():
        return render(request, template, context)
    nik = rules.subject_key(form.cleaned_data["nik"])
    if rules.rate_limited(scope="recover-nik", client=nik, limit=settings.CODE_RECOVERIES_PER_NIK, window=HOUR):
        return refused(request, template, context, message=RECOVERY_LIMIT, window=HOUR)
    notify.send_recovered_codes(**form.cleaned_data, status_url=_status_url(request))
    context["requested"] = True
    return render(request, template, context)
