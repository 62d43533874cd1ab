"""Public pages for applying to a training and checking an application's status.

Personal data never travels in a URL or comes back on a page: a successful POST redirects to a
confirmation that shows only the reference code, kept for it in the session.
"""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from common.network import client_address
from programs import services
from programs.forms import ApplicationForm, StatusCheckForm
from programs.models import Participant, Program
from programs.rules import rate_limited

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


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request, slug):
    program = get_object_or_404(Program.objects.published(), slug=slug)
    context = {"program": program, "closed": not program.is_registration_open()}
    if context["closed"]:
        context["refused"] = request.method == "POST" and services.RegistrationClosed.message
        return render(request, APPLY_TEMPLATE, context)
    if request.method == "GET" or SHOW_DESA in request.POST:
        kept = {k: v for k, v in request.POST.items() if k not in NOT_KEPT}
        return render(request, APPLY_TEMPLATE, {**context, "form": ApplicationForm(initial=kept)})
    # The limit is counted before any work on the submission; a limited applicant gets the form
    # back unbound, with what they typed as its initial values.
    if rate_limited(scope="apply", client=client_address(request), limit=settings.APPLICATION_RATE_LIMIT):
        kept = {k: v for k, v in request.POST.items() if k not in NOT_KEPT}
        context.update(form=ApplicationForm(initial=kept), limited=True)
        return render(request, APPLY_TEMPLATE, context, status=429)
    context["form"] = form = ApplicationForm(request.POST)
    if not form.is_valid():
        return render(request, APPLY_TEMPLATE, context)
    try:
        participant = services.apply(program=program, application=form.to_application())
    except services.RegistrationClosed as refused:
        return render(request, APPLY_TEMPLATE, {**context, "closed": True, "refused": refused.message})
    except services.AlreadyApplied:
        participant = None
    request.session[DONE_SESSION_KEY] = {"program": program.pk, "reference": participant and participant.reference_code}
    return redirect("programs:apply_done", slug=program.slug)


@never_cache
def apply_done(request, slug):
    program = get_object_or_404(Program.objects.published(), slug=slug)
    done = request.session.get(DONE_SESSION_KEY)
    if not done or done.get("program") != program.pk:
        return redirect("programs:apply", slug=program.slug)
    reference = Participant(reference_code=done["reference"]).reference_display if done["reference"] else None
    return render(request, "programs/apply_done.html", {"program": program, "reference": reference})


@never_cache
@require_http_methods(["GET", "POST"])
def application_status(request):
    form = StatusCheckForm(request.POST or None)
    context, status = {"form": form}, 200
    if request.method == "POST":
        if rate_limited(scope="status", client=client_address(request), limit=settings.STATUS_CHECK_RATE_LIMIT):
            context["limited"], status = True, 429
        elif form.is_valid():
            application = services.find_application(**form.cleaned_data)
            context.update(application=application, not_found=application is None)
            if application:
                context["explanation"] = STATUS_EXPLANATIONS.get(application.status, "")
    return render(request, "programs/application_status.html", context, status=status)
